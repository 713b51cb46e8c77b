/**
 * One transaction alert: its typology and score, why it was raised (each detector's finding), the
 * evidence transactions and the accounts they touch (with the holder the case links), its history
 * with notes, triage, the explorer on its evidence subgraph, and the way into an FIU case.
 */
import { useMemo } from 'react';
import { api } from '../../api/client.ts';
import { financeApi } from '../../api/finance.ts';
import type { FinanceAlertDetail } from '../../api/finance-types.ts';
import type { CaseMember } from '../../api/types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { ScoreBar } from '../screening/ScoreBar.tsx';
import { AddToFiuCase } from './AddToFiuCase.tsx';
import { actorName, historyLabel, memberName } from './alert-queue.ts';
import { AccountsTable, TransactionsTable } from './EvidenceTables.tsx';
import { FinanceStatusBadge } from './FinanceAlertsPage.tsx';
import { TriagePanel } from './TriagePanel.tsx';

function History({ alert, members }: { alert: FinanceAlertDetail; members: readonly CaseMember[] }) {
  const { t, formatDateTime } = useI18n();
  if (alert.history.length === 0) return <Empty>{t('journal.empty')}</Empty>;
  return (
    <ol className="timeline" data-testid="finance-history">
      {alert.history.map((h, i) => {
        const label = historyLabel(h.action);
        const vars = Object.fromEntries(Object.entries(label.vars ?? {}).map(([k, v]) => [k, t(v)]));
        return (
          <li key={i} className="timeline-event" data-testid="finance-history-step" data-action={h.action}>
            <div className="timeline-head">
              <strong>{label.key ? t(label.key, vars) : <code dir="ltr">{label.raw}</code>}</strong>
              <span className="muted small">
                {formatDateTime(h.at)} · <span dir="auto">{actorName(h.by, members)}</span>
                {h.assignee && <> → <span dir="auto">{memberName(h.assignee, members)}</span></>}
              </span>
            </div>
            {h.note && <p className="small" dir="auto" data-testid="finance-history-note">{h.note}</p>}
          </li>
        );
      })}
    </ol>
  );
}

export function FinanceAlertPage({ alertId }: { alertId: string }) {
  const { t, formatDateTime } = useI18n();
  const { can, me } = useSession();
  const alert = useAsync(() => financeApi.alert(alertId), [alertId]);
  const caseId = alert.data?.caseId ?? null;
  const kase = useAsync(() => (caseId ? api.getCase(caseId) : Promise.resolve(null)), [caseId]);
  const members = kase.data?.members ?? [];
  const ownAccounts = useMemo(() => new Set(alert.data?.accounts ?? []), [alert.data]);
  if (!alert.data) return <div className="page">{alert.error ? <ErrorBox error={alert.error} /> : <Loading />}</div>;
  const a = alert.data;
  const myId = me?.user.id ?? '';

  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to={paths.financeAlerts()} state={{ caseId: a.caseId, status: 'open' }}>{t('finance.queue.title')}</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1 data-testid="finance-alert-title">{t('finance.alert.title', { typology: a.typology })}</h1>
          <p className="match-head">
            <FinanceStatusBadge status={a.status} /> <ScoreBar score={a.score} />
            {a.disposition && <span className="badge" data-testid="finance-alert-disposition">{t(`finance.disposition.${a.disposition}`)}</span>}
            <span className="muted small">
              {t('finance.alert.raised', { date: formatDateTime(a.createdAt) })} · <code dir="ltr">{a.algorithm}</code>
              {kase.data && <> · <Link to={paths.case(a.caseId)} dir="auto">{kase.data.name}</Link></>}
            </span>
          </p>
        </div>
        <div className="actions wrap">
          <Link to={paths.financeAlertNetwork(a.id)} className="btn" data-testid="finance-alert-network">{t('finance.alert.network')}</Link>
          {a.fiuCaseId && <Link to={paths.fiuCase(a.fiuCaseId)} className="btn" data-testid="finance-alert-fiu">{t('finance.alert.fiuCase')}</Link>}
        </div>
      </div>
      <p dir="auto" data-testid="finance-alert-explanation">{a.explanation}</p>
      <section aria-labelledby="findings-title">
        <h2 id="findings-title">{t('finance.alert.findings')}</h2>
        <ul className="finance-findings" data-testid="finance-findings">
          {a.findings.map((f, i) => (
            <li key={`${f.detector}-${i}`} data-testid="finance-finding" data-detector={f.detector}>
              <div className="match-head"><code dir="ltr">{f.detector}</code> <ScoreBar score={f.score} /></div>
              <p className="small" dir="auto">{f.reason}</p>
            </li>
          ))}
        </ul>
      </section>
      <div className="two-col">
        <div className="stack">
          <section aria-labelledby="evidence-title">
            <h2 id="evidence-title">{t('finance.evidence.transactions')}</h2>
            <TransactionsTable transactions={a.evidence} highlight={ownAccounts} />
          </section>
          <section aria-labelledby="accounts-title">
            <h2 id="accounts-title">{t('finance.evidence.accounts')}</h2>
            <AccountsTable refs={a.accounts} details={a.accountDetails} />
          </section>
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('finance.alert.history')}</h2>
            <History alert={a} members={members} />
          </section>
        </div>
        <aside className="stack">
          {can('finance:write') && (
            <TriagePanel alert={a} me={myId} assigneeName={a.assignee ? memberName(a.assignee, members) : null} onChanged={alert.reload} />
          )}
          {can('finance:write') && !a.fiuCaseId && a.status !== 'closed' && <AddToFiuCase alert={a} />}
        </aside>
      </div>
    </div>
  );
}
