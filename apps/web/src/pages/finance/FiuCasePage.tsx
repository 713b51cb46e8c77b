/**
 * One FIU case: its title, goAML report code, grounds for suspicion (reason), action taken and
 * indicators, the alerts, transactions and entities it gathers; edited and saved here, then
 * exported as a goAML report. Once reported it is kept as sent (read-only).
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { financeApi } from '../../api/finance.ts';
import type { FinanceAlertDetail, FiuCase, GoamlCode } from '../../api/finance-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { HashText } from '../../components/HashText.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { ScoreBar } from '../screening/ScoreBar.tsx';
import { TransactionsTable } from './EvidenceTables.tsx';
import { FinanceStatusBadge } from './FinanceAlertsPage.tsx';
import { FiuEntities } from './FiuEntities.tsx';
import { draftOfCase, draftProblems, patchOf, type FiuCaseDraft } from './fiu-case-form.ts';
import { IndicatorPicker } from './IndicatorPicker.tsx';
import { ReportExport } from './ReportExport.tsx';

/** alerts loaded for the page (an FIU case with more shows the first ones and says so) */
const MAX_ALERTS_SHOWN = 100;

function FiuCaseForm({ fiu, draft, setDraft, readOnly, onSaved, alerts, indicators }: {
  fiu: FiuCase;
  /** the FIU's indicator list, or null when the server offers none (codes are then typed) */
  indicators: readonly GoamlCode[] | null;
  draft: FiuCaseDraft;
  setDraft: (d: FiuCaseDraft) => void;
  readOnly: boolean;
  onSaved: (c: FiuCase) => void;
  alerts: readonly FinanceAlertDetail[];
}) {
  const { t } = useI18n();
  const ids = useId();
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const savedRef = useRef<HTMLParagraphElement>(null);
  const problems = draftProblems(draft);
  const patch = patchOf(fiu, draft);
  const bad = Object.keys(problems).length > 0;
  const msg = (field: keyof FiuCaseDraft) => problems[field] && (
    <p id={`${ids}-${field}-error`} className="field-error" data-testid={`fiu-${field}-error`}>{t(problems[field]!)}</p>
  );
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!patch || bad) return;
    setSaved(false);
    const updated = await run(() => financeApi.updateFiuCase(fiu.id, patch));
    if (updated) {
      onSaved(updated);
      setSaved(true);
    }
  }

  const set = <K extends keyof FiuCaseDraft>(key: K, value: FiuCaseDraft[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };
  return (
    <form className="card stack" onSubmit={(e) => void save(e)} aria-labelledby={`${ids}-title`} data-testid="fiu-form">
      <h2 id={`${ids}-title`}>{t('finance.fiu.report')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('finance.fiu.titleLabel')}</label>
        <input id={`${ids}-name`} required maxLength={200} dir="auto" value={draft.title} readOnly={readOnly} aria-invalid={!!problems.title || undefined}
          aria-describedby={problems.title ? `${ids}-title-error` : undefined} onChange={(e) => set('title', e.target.value)} data-testid="fiu-title" />
        {msg('title')}
      </div>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${ids}-code`}>{t('finance.fiu.reportCode')}</label>
          <input id={`${ids}-code`} required maxLength={20} dir="ltr" value={draft.reportCode} readOnly={readOnly} autoComplete="off"
            aria-invalid={!!problems.reportCode || undefined} aria-describedby={`${ids}-code-hint${problems.reportCode ? ` ${ids}-reportCode-error` : ''}`}
            onChange={(e) => set('reportCode', e.target.value.toUpperCase())} data-testid="fiu-report-code" />
          <p id={`${ids}-code-hint`} className="hint">{t('finance.fiu.reportCodeHint')}</p>
          {msg('reportCode')}
        </div>
        {readOnly ? (
          <div className="field">
            <span className="small-head">{t('finance.fiu.statusLabel')}</span>
            <p>{t(`finance.fiu.status.${fiu.status}`)}</p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${ids}-status`}>{t('finance.fiu.statusLabel')}</label>
            <select id={`${ids}-status`} value={draft.status} onChange={(e) => set('status', e.target.value === 'ready' ? 'ready' : 'draft')} data-testid="fiu-status">
              <option value="draft">{t('finance.fiu.status.draft')}</option>
              <option value="ready">{t('finance.fiu.status.ready')}</option>
            </select>
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-reason`}>{t('finance.fiu.reason')}</label>
        <textarea id={`${ids}-reason`} rows={5} maxLength={4000} dir="auto" value={draft.reason} readOnly={readOnly} aria-describedby={`${ids}-reason-hint`}
          onChange={(e) => set('reason', e.target.value)} data-testid="fiu-reason" />
        <p id={`${ids}-reason-hint`} className="hint">{t('finance.fiu.reasonHint')}</p>
        {msg('reason')}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-action`}>{t('finance.fiu.action')}</label>
        <textarea id={`${ids}-action`} rows={3} maxLength={4000} dir="auto" value={draft.action} readOnly={readOnly}
          onChange={(e) => set('action', e.target.value)} data-testid="fiu-action" />
        {msg('action')}
      </div>
      <IndicatorPicker value={draft.indicators} codes={indicators} disabled={readOnly} onChange={(codes) => set('indicators', codes)} />
      {msg('indicators')}
      <FiuEntities caseId={fiu.caseId} value={draft.entityIds} alerts={alerts} disabled={readOnly} onChange={(entityIds) => set('entityIds', entityIds)} />
      <ErrorBox error={error} testId="fiu-save-error" />
      <p ref={savedRef} tabIndex={-1} className="small ok-text" role="status" aria-live="polite" data-testid="fiu-saved">{saved ? t('finance.fiu.saved') : ''}</p>
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !patch || bad} data-testid="fiu-save">
            {busy ? t('common.saving') : t('finance.fiu.save')}
          </button>
          <button type="button" className="btn" disabled={busy || !patch} onClick={() => setDraft(draftOfCase(fiu))} data-testid="fiu-revert">{t('finance.fiu.revert')}</button>
        </div>
      )}
    </form>
  );
}

export function FiuCasePage({ fiuCaseId }: { fiuCaseId: string }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const { can } = useSession();
  const loaded = useAsync(() => financeApi.fiuCase(fiuCaseId), [fiuCaseId]);
  // the FIU's indicators for the default schema; without them (not configured) codes are typed
  const codeLists = useAsync(() => financeApi.codeLists('5.0.2').catch(() => null), []);
  const [fiu, setFiu] = useState<FiuCase | null>(null);
  const [draft, setDraft] = useState<FiuCaseDraft | null>(null);
  useEffect(() => {
    if (!loaded.data) return;
    setFiu(loaded.data);
    setDraft(draftOfCase(loaded.data));
  }, [loaded.data]);
  const caseId = fiu?.caseId ?? null;
  const kase = useAsync(() => (caseId ? api.getCase(caseId) : Promise.resolve(null)), [caseId]);
  const alertKey = fiu?.alertIds.join(',') ?? '';
  const alerts = useAsync(
    () => Promise.all((fiu?.alertIds ?? []).slice(0, MAX_ALERTS_SHOWN).map((id) => financeApi.alert(id))),
    [alertKey],
  );
  const transactions = useMemo(() => {
    if (!fiu || !alerts.data) return [];
    const wanted = new Set(fiu.transactionIds);
    const seen = new Map<string, FinanceAlertDetail['evidence'][number]>();
    for (const a of alerts.data) for (const tx of a.evidence) if (wanted.has(tx.id) && !seen.has(tx.id)) seen.set(tx.id, tx);
    return [...seen.values()].sort((x, y) => x.timestamp.localeCompare(y.timestamp) || x.id.localeCompare(y.id));
  }, [fiu, alerts.data]);

  if (!fiu || !draft) return <div className="page">{loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />}</div>;
  const readOnly = fiu.status === 'reported' || !can('finance:write');
  const dirty = patchOf(fiu, draft) !== null;
  const adopt = (c: FiuCase) => {
    setFiu(c);
    setDraft(draftOfCase(c));
  };

  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to={paths.finance()}>{t('finance.title')}</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1 dir="auto" data-testid="fiu-heading">{fiu.title}</h1>
          <p className="match-head">
            <span className="badge" data-testid="fiu-case-status" data-status={fiu.status}>{t(`finance.fiu.status.${fiu.status}`)}</span>
            <code dir="ltr">{fiu.reportCode}</code>
            <span className="muted small">{t('finance.fiu.created', { date: formatDateTime(fiu.createdAt) })}</span>
            {kase.data && <Link to={paths.case(fiu.caseId)} className="small" dir="auto">{kase.data.name}</Link>}
          </p>
          {fiu.reportedAt && (
            <p className="small" data-testid="fiu-reported">
              {t('finance.fiu.reportedAt', { date: formatDateTime(fiu.reportedAt) })}
              {fiu.reportSha256 && <> · <HashText hash={fiu.reportSha256} /></>}
            </p>
          )}
        </div>
      </div>
      <div className="two-col wide-main">
        <div className="stack">
          <FiuCaseForm fiu={fiu} draft={draft} setDraft={setDraft} readOnly={readOnly} onSaved={adopt} alerts={alerts.data ?? []} indicators={codeLists.data?.indicators ?? null} />
          <section aria-labelledby="fiu-alerts-title">
            <h2 id="fiu-alerts-title">{t('finance.fiu.alerts', { count: formatNumber(fiu.alertIds.length) })}</h2>
            <ErrorBox error={alerts.error} />
            {!alerts.data ? (!alerts.error && <Loading />) : alerts.data.length === 0 ? <Empty>{t('finance.fiu.noAlerts')}</Empty> : (
              <ul className="list" data-testid="fiu-alerts">
                {alerts.data.map((a) => (
                  <li key={a.id} className="list-item match-head" data-testid="fiu-alert" data-alert-id={a.id}>
                    <ScoreBar score={a.score} /> <FinanceStatusBadge status={a.status} />
                    <Link to={paths.financeAlert(a.id)} className="list-title"><code dir="ltr">{a.typology}</code></Link>
                    <span className="small grow clamp" dir="auto">{a.explanation}</span>
                  </li>
                ))}
              </ul>
            )}
            {fiu.alertIds.length > MAX_ALERTS_SHOWN && <p className="muted small">{t('finance.fiu.moreAlerts', { count: formatNumber(fiu.alertIds.length - MAX_ALERTS_SHOWN) })}</p>}
          </section>
          <section aria-labelledby="fiu-tx-title">
            <h2 id="fiu-tx-title">{t('finance.fiu.transactions', { count: formatNumber(fiu.transactionIds.length) })}</h2>
            <TransactionsTable transactions={transactions} testId="fiu-transactions" />
            {alerts.data && transactions.length < fiu.transactionIds.length && (
              <p className="muted small">{t('finance.fiu.transactionsElsewhere', { count: formatNumber(fiu.transactionIds.length - transactions.length) })}</p>
            )}
          </section>
        </div>
        <aside className="stack">
          {can('finance:report')
            ? <ReportExport fiu={fiu} dirty={dirty} onExported={loaded.reload} />
            : <p className="muted small">{t('finance.report.noPermission')}</p>}
        </aside>
      </div>
    </div>
  );
}
