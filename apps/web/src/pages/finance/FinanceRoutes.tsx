/**
 * The financial-intelligence pages by route: the cases' data and imports, the alert queue, an
 * alert, the explorer on an alert's evidence and an FIU case. The explorer (sigma, graphology)
 * loads only when opened, as on the case network page.
 */
import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Status.tsx';
import type { RouteMatch } from '../../router/routes.ts';
import { FinanceAlertPage } from './FinanceAlertPage.tsx';
import { FinanceAlertsPage } from './FinanceAlertsPage.tsx';
import { FinancePage } from './FinancePage.tsx';
import { FiuCasePage } from './FiuCasePage.tsx';
import './finance.css';

const AlertNetworkPage = lazy(() => import('./AlertNetworkPage.tsx').then((m) => ({ default: m.AlertNetworkPage })));

export function FinanceRoute({ route, state }: { route: RouteMatch; state: unknown }) {
  const p = route.params;
  switch (route.name) {
    case 'financeAlerts': return <FinanceAlertsPage state={state} />;
    case 'financeAlert': return <FinanceAlertPage key={p.alertId} alertId={p.alertId!} />;
    case 'financeAlertNetwork': return <Suspense fallback={<Loading />}><AlertNetworkPage key={p.alertId} alertId={p.alertId!} /></Suspense>;
    case 'fiuCase': return <FiuCasePage key={p.fiuCaseId} fiuCaseId={p.fiuCaseId!} />;
    default: return <FinancePage />;
  }
}
