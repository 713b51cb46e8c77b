/**
 * One case on the finance home: its data sets, its FIU cases, a link to its alerts, and (for
 * those who may write) the import panel and a fresh scan.
 */
import { useState } from 'react';
import { financeApi } from '../../api/finance.ts';
import type { FinanceDataset } from '../../api/finance-types.ts';
import type { Case } from '../../api/types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { ImportPanel } from './ImportPanel.tsx';

function DatasetTable({ datasets }: { datasets: readonly FinanceDataset[] }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="datasets">
        <caption className="sr-only">{t('finance.datasets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('finance.dataset.source')}</th>
            <th scope="col">{t('finance.dataset.format')}</th>
            <th scope="col">{t('finance.dataset.importedAt')}</th>
            <th scope="col">{t('finance.dataset.transactions')}</th>
            <th scope="col">{t('finance.dataset.accounts')}</th>
            <th scope="col">{t('finance.dataset.errors')}</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.id} data-testid="dataset" data-dataset-id={d.id} data-format={d.format}>
              <td className="break" dir="auto">{d.format === 'stream' ? t('finance.dataset.stream') : d.source}</td>
              <td><code dir="ltr">{d.format}</code></td>
              <td className="nowrap">{formatDateTime(d.importedAt)}</td>
              <td className="num" data-testid="dataset-transactions">{formatNumber(d.transactions)}</td>
              <td className="num">{formatNumber(d.accounts)}</td>
              <td className={`num${d.errors > 0 ? ' danger' : ''}`} data-testid="dataset-errors">{formatNumber(d.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FiuCases({ caseId, reload }: { caseId: string; reload: number }) {
  const { t } = useI18n();
  const fiu = useAsync(() => financeApi.fiuCases({ caseId, limit: 50 }), [caseId, reload]);
  if (!fiu.data) return fiu.error ? <ErrorBox error={fiu.error} /> : <Loading />;
  if (fiu.data.items.length === 0) return <p className="muted small">{t('finance.fiu.none')}</p>;
  return (
    <ul className="list" data-testid="fiu-cases">
      {fiu.data.items.map((c) => (
        <li key={c.id} className="list-item">
          <Link to={paths.fiuCase(c.id)} className="list-title" dir="auto" data-testid="fiu-case-link">{c.title}</Link>{' '}
          <span className="badge">{t(`finance.fiu.status.${c.status}`)}</span> <code dir="ltr">{c.reportCode}</code>
        </li>
      ))}
    </ul>
  );
}

export function CaseFinance({ kase }: { kase: Case }) {
  const { t, formatNumber } = useI18n();
  const { can } = useSession();
  const [tick, setTick] = useState(0);
  const datasets = useAsync(() => financeApi.datasets(kase.id), [kase.id, tick]);
  const scan = useAction();
  const [scanned, setScanned] = useState<number | null>(null);
  const titleId = `finance-case-${kase.id}`;

  async function rescan(): Promise<void> {
    const result = await scan.run(() => financeApi.scan(kase.id));
    if (result) setScanned(result.newAlerts);
  }

  return (
    <section className="card" aria-labelledby={titleId} data-testid="finance-case" data-case-id={kase.id}>
      <div className="section-head">
        <h2 id={titleId} dir="auto">{kase.name}</h2>
        <div className="actions wrap">
          <Link to={paths.financeAlerts()} state={{ caseId: kase.id, status: 'open' }} className="btn btn-small" data-testid="finance-case-alerts">
            {t('finance.caseAlerts')}
          </Link>
          {can('finance:write') && (
            <button type="button" className="btn btn-small" onClick={() => void rescan()} disabled={scan.busy} data-testid="finance-scan">
              {scan.busy ? t('finance.scanning') : t('finance.scan')}
            </button>
          )}
        </div>
      </div>
      {scanned !== null && <p className="small" role="status" data-testid="finance-scan-result">{t('finance.scanned', { count: formatNumber(scanned) })}</p>}
      <ErrorBox error={scan.error} />
      <h3 className="small-head">{t('finance.datasets')}</h3>
      <ErrorBox error={datasets.error} />
      {!datasets.data ? (!datasets.error && <Loading />) : datasets.data.items.length === 0 ? <Empty>{t('finance.noDatasets')}</Empty> : (
        <DatasetTable datasets={datasets.data.items} />
      )}
      <h3 className="small-head">{t('finance.fiuCases')}</h3>
      <FiuCases caseId={kase.id} reload={tick} />
      {can('finance:write') && (
        <details className="finance-import" data-testid="finance-import-section">
          <summary>{t('finance.import.open')}</summary>
          <ImportPanel caseId={kase.id} onImported={() => setTick((n) => n + 1)} />
        </details>
      )}
    </section>
  );
}
