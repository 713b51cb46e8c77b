/**
 * The network explorer on an alert's evidence subgraph: its accounts (masked references), the
 * payments between them and the holders the case links, drawn by the case network's explorer.
 */
import { useMemo } from 'react';
import { financeApi } from '../../api/finance.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { paths } from '../../router/routes.ts';
import { NetworkPage, type NetworkSource } from '../network/NetworkPage.tsx';

export function AlertNetworkPage({ alertId }: { alertId: string }) {
  const { t } = useI18n();
  const alert = useAsync(() => financeApi.alert(alertId), [alertId]);
  const typology = alert.data?.typology;
  const source = useMemo<NetworkSource | null>(() => (typology === undefined ? null : {
    key: `finance-alert:${alertId}`,
    load: () => financeApi.network(alertId),
    title: t('finance.network.title', { typology }),
    back: { to: paths.financeAlert(alertId), label: t('finance.network.back') },
  }), [alertId, typology, t]);
  if (!alert.data || !source) return <div className="page">{alert.error ? <ErrorBox error={alert.error} /> : <Loading />}</div>;
  return <NetworkPage caseId={alert.data.caseId} source={source} />;
}
