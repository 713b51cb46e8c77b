/**
 * Triage of one alert: take it (assign to me) or give it back, start the review, close it with a
 * disposition and a note (both required; the server refuses without), reopen, and add notes.
 * After each action the outcome is announced and focus moves to it, so a keyboard or screen
 * reader user knows where they are.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { financeApi } from '../../api/finance.ts';
import { FINANCE_DISPOSITIONS, type FinanceAlert, type FinanceAlertPatch, type FinanceDisposition } from '../../api/finance-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';

export function TriagePanel({ alert, me, assigneeName, onChanged }: {
  alert: FinanceAlert;
  /** the signed-in user's id */
  me: string;
  /** the assignee's name, when assigned */
  assigneeName: string | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState('');
  const [disposition, setDisposition] = useState<FinanceDisposition | ''>('');
  const [closeNote, setCloseNote] = useState('');
  const [note, setNote] = useState('');
  const outcome = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) outcome.current?.focus();
  }, [done]);

  async function patch(change: FinanceAlertPatch, message: string): Promise<boolean> {
    setDone('');
    const updated = await run(() => financeApi.updateAlert(alert.id, change));
    if (!updated) return false;
    setDone(message);
    onChanged();
    return true;
  }

  async function close(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!disposition || !closeNote.trim()) return;
    if (await patch({ status: 'closed', disposition, note: closeNote.trim() }, t('finance.triage.closedDone'))) {
      setCloseNote('');
      setDisposition('');
    }
  }

  async function addNote(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!note.trim()) return;
    setDone('');
    const added = await run(() => financeApi.addNote(alert.id, note.trim()));
    if (added) {
      setNote('');
      setDone(t('finance.triage.noteDone'));
      onChanged();
    }
  }

  const escalated = alert.status === 'escalated';
  const closed = alert.status === 'closed';
  return (
    <section className="card stack" aria-labelledby="triage-title" data-testid="triage">
      <h2 id="triage-title">{t('finance.triage.title')}</h2>
      <p className="small" data-testid="triage-assignee">
        {alert.assignee === null ? t('finance.unassigned') : alert.assignee === me ? t('finance.assignedToYou')
          : t('finance.assignedTo', { name: assigneeName ?? alert.assignee })}
      </p>
      <div className="actions wrap">
        {alert.assignee !== me && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void patch({ assignee: me }, t('finance.triage.assignedDone'))} data-testid="triage-assign-me">
            {t('finance.triage.assignMe')}
          </button>
        )}
        {alert.assignee !== null && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void patch({ assignee: null }, t('finance.triage.unassignedDone'))} data-testid="triage-unassign">
            {t('finance.triage.unassign')}
          </button>
        )}
        {alert.status === 'new' && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void patch({ status: 'in_review' }, t('finance.triage.reviewDone'))} data-testid="triage-review">
            {t('finance.triage.startReview')}
          </button>
        )}
        {closed && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void patch({ status: 'in_review' }, t('finance.triage.reopenedDone'))} data-testid="triage-reopen">
            {t('finance.triage.reopen')}
          </button>
        )}
      </div>
      <p ref={outcome} tabIndex={-1} className="small ok-text" role="status" aria-live="polite" data-testid="triage-outcome">{done}</p>
      <ErrorBox error={error} testId="triage-error" />
      {escalated && <p className="small muted">{t('finance.triage.escalatedHint')}</p>}
      {!escalated && !closed && (
        <form onSubmit={(e) => void close(e)} aria-labelledby="triage-close-title" data-testid="triage-close">
          <h3 id="triage-close-title" className="small-head">{t('finance.triage.close')}</h3>
          <fieldset className="field">
            <legend>{t('finance.triage.disposition')}<span className="required" aria-hidden="true"> *</span></legend>
            {FINANCE_DISPOSITIONS.map((d) => (
              <label key={d} className="choice">
                <input type="radio" name="finance-disposition" value={d} checked={disposition === d} onChange={() => setDisposition(d)} required
                  data-testid={`triage-disposition-${d}`} />
                <span><span className="choice-title">{t(`finance.disposition.${d}`)}</span><span className="hint">{t(`finance.dispositionHint.${d}`)}</span></span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="triage-close-note">{t('finance.triage.closeNote')}<span className="required" aria-hidden="true"> *</span></label>
            <textarea id="triage-close-note" rows={3} maxLength={2000} required dir="auto" value={closeNote} onChange={(e) => setCloseNote(e.target.value)}
              aria-describedby="triage-close-hint" data-testid="triage-close-note" />
            <p id="triage-close-hint" className="hint">{t('finance.triage.closeHint')}</p>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy || !disposition || !closeNote.trim()} data-testid="triage-close-submit">
            {t('finance.triage.closeSubmit')}
          </button>
        </form>
      )}
      <form onSubmit={(e) => void addNote(e)} aria-labelledby="triage-note-title" data-testid="triage-note">
        <h3 id="triage-note-title" className="small-head">{t('finance.triage.addNote')}</h3>
        <div className="field">
          <label htmlFor="triage-note-text" className="sr-only">{t('finance.triage.note')}</label>
          <textarea id="triage-note-text" rows={3} maxLength={2000} dir="auto" value={note} onChange={(e) => setNote(e.target.value)} data-testid="triage-note-text" />
          <p className="hint">{t('finance.triage.noteHint')}</p>
        </div>
        <button type="submit" className="btn" disabled={busy || !note.trim()} data-testid="triage-note-submit">{t('finance.triage.addNoteSubmit')}</button>
      </form>
    </section>
  );
}
