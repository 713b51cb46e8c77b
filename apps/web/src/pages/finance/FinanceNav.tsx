/** The finance pages' own tabs: the cases' data and imports, and the alert queue. */
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function FinanceNav({ current }: { current: 'data' | 'alerts' }) {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t('finance.sections')}>
      <Link to={paths.finance()} className={`tab${current === 'data' ? ' active' : ''}`} aria-current={current === 'data' ? 'page' : undefined}
        data-testid="finance-tab-data">{t('finance.data')}</Link>
      <Link to={paths.financeAlerts()} className={`tab${current === 'alerts' ? ' active' : ''}`} aria-current={current === 'alerts' ? 'page' : undefined}
        data-testid="finance-tab-alerts">{t('finance.queue')}</Link>
    </nav>
  );
}
