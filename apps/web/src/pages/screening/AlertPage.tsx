/**
 * One alert: the subject and the listed entry side by side, the matcher's reasons, the history
 * of decisions, and the disposition form (a reason is required to confirm or dismiss).
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { listsApi, screeningApi } from '../../api/screening.ts';
import { DISPOSITIONS, type AlertDetail, type Disposition } from '../../api/screening-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { entryView } from '../../lib/screening-view.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { useSchema } from '../../schema/SchemaProvider.tsx';
import { PropertyTable } from '../PropertyTable.tsx';
import { AlertStatusBadge } from './AlertsPage.tsx';
import { Explanation } from './Explanation.tsx';
import { EntryFacts } from './ListEntryPage.tsx';
import { ScoreBar } from './ScoreBar.tsx';

/** the alert history's actions with a message of their own (others are shown as sent) */
const HISTORY_ACTIONS = new Set(['raised', 'rescored', 'confirmed', 'false_positive', 'needs_review']);

function DispositionForm({ alert, onDecided }: { alert: AlertDetail; onDecided: () => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Disposition>('false_positive');
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const needsReason = status !== 'needs_review';
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const done = await run(() => screeningApi.decide(alert.id, status, note));
    if (done) {
      setNote('');
      onDecided();
    }
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="disposition-title" data-testid="disposition-form">
      <h2 id="disposition-title">{t('alerts.decide')}</h2>
      <fieldset className="field">
        <legend>{t('alerts.decision')}</legend>
        {DISPOSITIONS.map((d) => (
          <label key={d} className="choice">
            <input type="radio" name="disposition" value={d} checked={status === d} onChange={() => setStatus(d)} data-testid={`disposition-${d}`} />
            <span><span className="choice-title">{t(`alerts.do.${d}`)}</span><span className="hint">{t(`alerts.doHint.${d}`)}</span></span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="disposition-note">{t('alerts.reason')}{needsReason && <span className="required" aria-hidden="true"> *</span>}</label>
        <textarea id="disposition-note" rows={3} maxLength={2000} required={needsReason} dir="auto" value={note}
          onChange={(e) => setNote(e.target.value)} data-testid="disposition-note" />
        <p className="hint">{t('alerts.reasonHint')}</p>
      </div>
      <ErrorBox error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || (needsReason && !note.trim())} data-testid="disposition-submit">
        {t('alerts.record')}
      </button>
    </form>
  );
}

function Subject({ entityId }: { entityId: string }) {
  const { model } = useSchema();
  const entity = useAsync(() => api.getEntity(entityId), [entityId]);
  if (!entity.data) return entity.error ? <ErrorBox error={entity.error} /> : <Loading />;
  const e = entity.data;
  return <PropertyTable entity={e} schema={model?.schemata[e.schema]} codeLabels={model?.types} />;
}

function Listed({ list, entry }: { list: string; entry: string }) {
  const data = useAsync(() => listsApi.entry(list, entry), [list, entry]);
  if (!data.data) return data.error ? <ErrorBox error={data.error} /> : <Loading />;
  return <EntryFacts view={entryView(data.data)} />;
}

export function AlertPage({ alertId }: { alertId: string }) {
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const alert = useAsync(() => screeningApi.alert(alertId), [alertId]);
  if (!alert.data) return <div className="page">{alert.error ? <ErrorBox error={alert.error} /> : <Loading />}</div>;
  const a = alert.data;
  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.alerts()}>{t('nav.alerts')}</Link></nav>
      <div className="page-head">
        <div>
          <h1 data-testid="alert-title">{t('alerts.alertTitle', { list: a.list, entry: a.entry })}</h1>
          <p className="match-head"><AlertStatusBadge status={a.status} /> <ScoreBar score={a.score} />
            <span className="muted small">{t('alerts.raised', { date: formatDateTime(a.createdAt) })} · <code dir="ltr">{a.algorithm}</code></span></p>
        </div>
      </div>
      {a.note && <p className="small" data-testid="alert-note">{t('alerts.lastReason')}: <span dir="auto">{a.note}</span></p>}
      <Explanation lines={a.explanation} open />
      <div className="side-by-side">
        <section className="card" aria-labelledby="alert-subject-title">
          <h2 id="alert-subject-title">{t('alerts.subject')}: <Link to={paths.entity(a.subject.id)} dir="auto" data-testid="alert-subject">{a.subject.caption || a.subject.id}</Link></h2>
          <Subject entityId={a.subject.id} />
        </section>
        <section className="card" aria-labelledby="alert-listed-title">
          <h2 id="alert-listed-title">{t('alerts.listed')}: <Link to={paths.listEntry(a.list, a.entry)} dir="auto" data-testid="alert-entry">{a.matchedName}</Link></h2>
          <Listed list={a.list} entry={a.entry} />
        </section>
      </div>
      <div className="two-col">
        <section aria-labelledby="alert-history-title">
          <h2 id="alert-history-title">{t('alerts.history')}</h2>
          {a.history.length === 0 ? <Empty>{t('journal.empty')}</Empty> : (
            <ol className="timeline" data-testid="alert-history">
              {a.history.map((h, i) => (
                <li key={i} className="timeline-event">
                  <div className="timeline-head">
                    <strong>{HISTORY_ACTIONS.has(h.action) ? t(`alerts.action.${h.action}`) : h.action}</strong>
                    <span className="muted small">{formatDateTime(h.at)} · <code dir="ltr">{h.by}</code>{h.score !== null ? ` · ${h.score.toFixed(2)}` : ''}</span>
                  </div>
                  {h.note && <p className="small" dir="auto">{h.note}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
        {can('screening:review') && <aside><DispositionForm alert={a} onDecided={alert.reload} /></aside>}
      </div>
    </div>
  );
}
