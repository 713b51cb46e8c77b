/**
 * The publication desk: the privacy budget and its ledger, the release form (through the gate),
 * the release just made, the list of releases (each viewable, with its HXL CSV), and reports.
 * Only what the gate released is shown as published; the dashboard's internal counts never are.
 */
import { useId, useState } from 'react';
import { monitoringApi, releaseHxlUrl } from '../../api/monitoring.ts';
import type { Budget, Release } from '../../api/monitoring-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { useAsync } from '../../lib/use-async.ts';
import { MonitoringNav } from './MonitoringNav.tsx';
import { formatNumber, formatPrivacy } from './monitoring-view.ts';
import { ReleaseForm } from './ReleaseForm.tsx';
import { ReleaseView } from './ReleaseView.tsx';
import { ReportForm, ReportList } from './ReportForm.tsx';

function BudgetSummary({ budget }: { budget: Budget }) {
  const { t, locale } = useI18n();
  const rows = [['total', budget.total], ['spent', budget.spent], ['remaining', budget.remaining]] as const;
  return (
    <dl className="monitoring-budget" data-testid="budget">
      {rows.map(([name, loss]) => (
        <div key={name} className={`monitoring-budget-item ${name}`}>
          <dt>{t(`monitoring.budget.${name}`)}</dt>
          <dd dir="ltr">ε {formatPrivacy(loss.epsilon, locale)} · δ {formatPrivacy(loss.delta, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PublishPage() {
  const { t, locale } = useI18n();
  const id = useId();
  const ledger = useAsync(() => monitoringApi.ledger(), []);
  const tables = useAsync(() => monitoringApi.tables(), []);
  const releases = useAsync(() => monitoringApi.releases(), []);
  const reports = useAsync(() => monitoringApi.reports(), []);
  const [shown, setShown] = useState<Release | null>(null);
  const [latestBudget, setLatestBudget] = useState<Budget | null>(null);
  const opening = useAction();
  const budget = latestBudget ?? ledger.data?.budget;
  const tableList = tables.data?.tables ?? [];
  const tableOf = (tableId: string) => tableList.find((tb) => tb.id === tableId);

  async function open(releaseId: string): Promise<void> {
    const got = await opening.run(() => monitoringApi.release(releaseId));
    if (got) setShown(got.release);
  }

  return (
    <div className="page monitoring-page">
      <h1>{t('monitoring.publish.title')}</h1>
      <p className="muted">{t('monitoring.publish.intro')}</p>
      <MonitoringNav current="publish" />
      <div className="stack">
        <section className="card" aria-labelledby={`${id}-budget`}>
          <h2 id={`${id}-budget`}>{t('monitoring.budget.title')}</h2>
          <p className="muted small">{t('monitoring.budget.explain')}</p>
          <ErrorBox error={ledger.error} />
          {budget ? <BudgetSummary budget={budget} /> : ledger.loading && <Loading />}
          {ledger.data && (
            <details>
              <summary>{t('monitoring.ledger.title', { count: ledger.data.entries.length })}</summary>
              {ledger.data.entries.length === 0 ? <Empty>{t('monitoring.ledger.empty')}</Empty> : (
                <div className="table-wrap">
                  <table className="table" data-testid="ledger-table">
                    <caption className="sr-only">{t('monitoring.ledger.caption')}</caption>
                    <thead><tr>
                      <th scope="col">{t('monitoring.ledger.at')}</th><th scope="col">{t('monitoring.ledger.query')}</th>
                      <th scope="col">{t('monitoring.release.mechanism')}</th><th scope="col">ε</th><th scope="col">δ</th><th scope="col">k</th>
                      <th scope="col">{t('monitoring.ledger.cells')}</th><th scope="col">{t('monitoring.ledger.suppressed')}</th>
                    </tr></thead>
                    <tbody>
                      {ledger.data.entries.map((e) => (
                        <tr key={e.id}>
                          <td className="small">{new Date(e.at).toLocaleString(locale)}</td><td className="small">{e.query}</td>
                          <td>{t(`monitoring.mechanism.${e.mechanism}`)}</td>
                          <td className="num" dir="ltr">{formatPrivacy(e.epsilon, locale)}</td><td className="num" dir="ltr">{formatPrivacy(e.delta, locale)}</td>
                          <td className="num">{e.k}</td><td className="num">{formatNumber(e.cells, locale)}</td><td className="num">{formatNumber(e.suppressed, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </details>
          )}
        </section>

        <ErrorBox error={tables.error} />
        <ReleaseForm tables={tableList} budget={budget} onReleased={(created) => {
          setShown(created.release);
          setLatestBudget(created.budget);
          ledger.reload();
          releases.reload();
        }} />

        {shown && <ReleaseView release={shown} {...(tableOf(shown.table) ? { table: tableOf(shown.table)! } : {})} />}

        <section className="card" aria-labelledby={`${id}-rel`}>
          <h2 id={`${id}-rel`}>{t('monitoring.release.listTitle')}</h2>
          <ErrorBox error={releases.error ?? opening.error} />
          {releases.loading && !releases.data ? <Loading /> : (releases.data?.releases.length ?? 0) === 0 ? <Empty>{t('monitoring.release.none')}</Empty> : (
            <div className="table-wrap">
              <table className="table" data-testid="release-table">
                <caption className="sr-only">{t('monitoring.release.listTitle')}</caption>
                <thead><tr>
                  <th scope="col">{t('monitoring.release.title')}</th><th scope="col">{t('monitoring.release.table')}</th>
                  <th scope="col">{t('monitoring.ledger.at')}</th><th scope="col">{t('monitoring.ledger.cells')}</th>
                  <th scope="col">{t('monitoring.ledger.suppressed')}</th><th scope="col">{t('monitoring.release.note')}</th>
                  <th scope="col"><span className="sr-only">{t('monitoring.data.actions')}</span></th>
                </tr></thead>
                <tbody>
                  {releases.data!.releases.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.title}</th><td>{r.table}</td>
                      <td className="small">{new Date(r.at).toLocaleString(locale)}</td>
                      <td className="num">{formatNumber(r.cells, locale)}</td><td className="num">{formatNumber(r.suppressed, locale)}</td>
                      <td className="small">{r.note.text}</td>
                      <td className="monitoring-actions">
                        <button type="button" className="btn btn-small" disabled={opening.busy} onClick={() => void open(r.id)}
                          aria-label={t('monitoring.release.showNamed', { title: r.title })}>{t('monitoring.release.show')}</button>{' '}
                        <a className="btn btn-small" href={releaseHxlUrl(r.id)} download aria-label={t('monitoring.release.hxlNamed', { title: r.title })}>{t('monitoring.release.hxl')}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <ReportForm releases={releases.data?.releases ?? []} onCreated={reports.reload} />
        <section className="card" aria-labelledby={`${id}-rep`}>
          <h2 id={`${id}-rep`}>{t('monitoring.report.listTitle')}</h2>
          <ErrorBox error={reports.error} />
          {reports.loading && !reports.data ? <Loading /> : <ReportList reports={reports.data?.reports ?? []} />}
        </section>
      </div>
    </div>
  );
}
