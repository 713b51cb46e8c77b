/**
 * Financial intelligence, home: the cases the user can see, and for each its data sets (imported
 * files, the stream, KYC), its FIU cases and an import panel.
 */
import { api } from '../../api/client.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePaged } from '../../lib/use-async.ts';
import { CaseFinance } from './CaseFinance.tsx';
import { FinanceNav } from './FinanceNav.tsx';

export function FinancePage() {
  const { t } = useI18n();
  const cases = usePaged((cursor) => api.listCases({ cursor }), []);
  const list = cases.data ?? [];
  return (
    <div className="page">
      <h1>{t('finance.title')}</h1>
      <p className="muted">{t('finance.intro')}</p>
      <FinanceNav current="data" />
      <ErrorBox error={cases.error} />
      {cases.loading && list.length === 0 ? <Loading /> : list.length === 0 && !cases.error ? <Empty>{t('cases.empty')}</Empty> : (
        <div className="stack" data-testid="finance-cases">
          {list.map((c) => <CaseFinance key={c.id} kase={c} />)}
        </div>
      )}
      <LoadMore hasMore={cases.hasMore} loading={cases.loading} onClick={cases.loadMore} />
    </div>
  );
}
