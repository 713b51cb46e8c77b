/**
 * The monitoring pages by route: the internal dashboard, the outside data and the publication
 * desk. The whole area is one lazy chunk (it brings MapLibre), loaded when first opened.
 */
import type { RouteMatch } from '../../router/routes.ts';
import { DashboardPage } from './DashboardPage.tsx';
import { DataPage } from './DataPage.tsx';
import { PublishPage } from './PublishPage.tsx';
import './monitoring.css';

export function MonitoringRoute({ route }: { route: RouteMatch }) {
  switch (route.name) {
    case 'monitoringData': return <DataPage />;
    case 'monitoringPublish': return <PublishPage />;
    default: return <DashboardPage />;
  }
}
