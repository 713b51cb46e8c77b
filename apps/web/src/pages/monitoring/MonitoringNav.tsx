/** The monitoring pages' own tabs, each shown only to those who may open it. */
import { useSession } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

type Section = 'dashboard' | 'data' | 'publish';

export function MonitoringNav({ current }: { current: Section }) {
  const { t } = useI18n();
  const { can } = useSession();
  const tab = (section: Section, to: string, label: string) => (
    <Link to={to} className={`tab${current === section ? ' active' : ''}`} aria-current={current === section ? 'page' : undefined}>{label}</Link>
  );
  return (
    <nav className="tabs monitoring-tabs" aria-label={t('monitoring.sections')}>
      {tab('dashboard', paths.monitoring(), t('monitoring.nav.dashboard'))}
      {can('monitoring:import') && tab('data', paths.monitoringData(), t('monitoring.nav.data'))}
      {can('monitoring:publish') && tab('publish', paths.monitoringPublish(), t('monitoring.nav.publish'))}
    </nav>
  );
}
