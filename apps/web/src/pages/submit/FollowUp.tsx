/**
 * Coming back with a receipt code: where the submission stands, what was received (with hashes),
 * questions from the team and the answers, more files, and consent, which can be changed or
 * withdrawn at any time. The code stays in this page's memory only.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { publicApi } from '../../api/evidence.ts';
import type { PublicSubmission } from '../../api/evidence-types.ts';
import { ConsentFields } from '../../components/ConsentFields.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { HashText } from '../../components/HashText.tsx';
import { Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { allowedPurposes, fromConsent, isConsentComplete, toConsent, withdrawn } from '../../lib/consent.ts';
import { formatBytes } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { PublicUploads } from './PublicUploads.tsx';
import { downloadReceipt } from './receipt.ts';

/** Asks for the code; the caller keeps it in React state. */
export function CodeEntry({ onCode, onBack, error }: { onCode: (code: string) => void; onBack: () => void; error?: string | null }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (code.trim()) onCode(code.trim());
  }
  return (
    <form className="code-entry" onSubmit={submit} data-testid="code-entry" aria-labelledby="code-entry-title">
      <button type="button" className="btn-link" onClick={onBack}>← {t('submit.back')}</button>
      <h1 id="code-entry-title" tabIndex={-1}>{t('followup.enterTitle')}</h1>
      <p className="lead">{t('followup.enterIntro')}</p>
      <div className="field">
        <label htmlFor="code-input">{t('followup.code')}</label>
        <input id="code-input" maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" autoCapitalize="none"
          spellCheck={false} dir="ltr" data-testid="code-input" className="code-input" />
      </div>
      <div aria-live="assertive">{error && <p className="alert alert-error" role="alert" data-testid="code-error">{error}</p>}</div>
      <button type="submit" className="btn btn-primary btn-block btn-large" disabled={!code.trim()} data-testid="code-submit">{t('followup.open')}</button>
    </form>
  );
}

function Messages({ code, submission, onSent }: { code: string; submission: PublicSubmission; onSent: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  const [sent, setSent] = useState(false);
  async function send(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!text.trim()) return;
    await run(async () => {
      await publicApi.reply(code, text.trim());
      setText('');
      setSent(true);
      onSent();
    });
  }
  return (
    <section aria-labelledby="messages-title" className="card">
      <h2 id="messages-title">{t('followup.messages')}</h2>
      {submission.messages.length === 0 ? <p className="muted">{t('followup.noMessages')}</p> : (
        <ol className="thread" data-testid="thread">
          {submission.messages.map((m, i) => (
            <li key={i} className={`message ${m.author === 'sender' ? 'own' : 'other'}`} data-testid="thread-message" data-author={m.author}>
              <p className="muted small">{m.author === 'team' ? t('followup.fromTeam') : t('followup.fromYou')} · {formatDateTime(m.at)}</p>
              <p className="message-text" dir="auto">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={send} className="reply">
        <label htmlFor="reply-text">{t('followup.reply')}</label>
        <textarea id="reply-text" rows={4} maxLength={20_000} value={text} onChange={(e) => { setText(e.target.value); setSent(false); }}
          data-testid="reply-text" dir="auto" autoComplete="off" />
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary btn-block btn-large" disabled={busy || !text.trim()} data-testid="reply-send">
          {t('followup.send')}
        </button>
        <p aria-live="polite" className="small ok-text" data-testid="reply-sent">{sent ? t('followup.replySent') : ''}</p>
      </form>
    </section>
  );
}

function ConsentEditor({ code, submission, onSaved }: { code: string; submission: PublicSubmission; onSaved: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => fromConsent(submission.consent));
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const allowed = allowedPurposes(submission.consent);

  async function save(consent: ReturnType<typeof toConsent>, message: string): Promise<void> {
    setSaved(null);
    await run(async () => {
      await publicApi.setConsent(code, consent);
      setDraft(fromConsent(consent));
      setConfirming(false);
      setSaved(message);
      onSaved();
    });
  }

  return (
    <section aria-labelledby="consent-title" className="card" data-testid="followup-consent">
      <h2 id="consent-title">{t('consent.title')}</h2>
      <p data-testid="consent-current">
        {allowed.length
          ? t('followup.consentNow', { purposes: allowed.map((p) => t(`consent.purpose.${p}`)).join(', ') })
          : t('followup.consentNone')}
      </p>
      <ConsentFields value={draft} onChange={setDraft} idPrefix="followup" large />
      <button type="button" className="btn btn-primary btn-block btn-large" disabled={busy || !isConsentComplete(draft)}
        onClick={() => void save(toConsent(draft), t('followup.consentSaved'))} data-testid="consent-save">
        {t('followup.saveConsent')}
      </button>
      <div className="withdraw">
        <h3>{t('followup.withdrawTitle')}</h3>
        <p>{t('followup.withdrawBody')}</p>
        {!confirming ? (
          <button type="button" className="btn btn-danger btn-block btn-large" disabled={busy || allowed.length === 0}
            onClick={() => setConfirming(true)} data-testid="consent-withdraw">
            {t('followup.withdraw')}
          </button>
        ) : (
          <div className="stack" role="group" aria-label={t('followup.withdrawTitle')}>
            <p><strong>{t('followup.withdrawConfirm')}</strong></p>
            <button type="button" className="btn btn-danger btn-block btn-large" disabled={busy}
              onClick={() => void save(withdrawn(submission.consent), t('followup.withdrawn'))} data-testid="consent-withdraw-confirm">
              {t('followup.withdrawYes')}
            </button>
            <button type="button" className="btn btn-block btn-large" onClick={() => setConfirming(false)}>{t('followup.withdrawNo')}</button>
          </div>
        )}
      </div>
      <ErrorBox error={error} />
      <p aria-live="polite" className="ok-text" data-testid="consent-saved">{saved ?? ''}</p>
    </section>
  );
}

export function FollowUp({ code, onLeave, onBadCode }: { code: string; onLeave: () => void; onBadCode: (message: string) => void }) {
  const { t, locale, formatDateTime } = useI18n();
  const submission = useAsync(() => publicApi.get(code), [code]);
  const receiptDownload = useAction();
  const err = submission.error;
  const badCode = Boolean(err && (err.status === 401 || err.status === 403 || err.status === 404));
  const badCodeMessage = t('followup.badCode');
  useEffect(() => {
    if (badCode) onBadCode(badCodeMessage);
  }, [badCode, badCodeMessage, onBadCode]);

  async function receipt(): Promise<void> {
    await receiptDownload.run(() => downloadReceipt(code));
  }

  if (!submission.data) return err && !badCode ? <ErrorBox error={err} /> : <Loading />;
  const s = submission.data;

  return (
    <div className="followup" data-testid="followup">
      <div className="section-head">
        <h1 tabIndex={-1}>{t('followup.title')}</h1>
        <button type="button" className="btn" onClick={onLeave} data-testid="followup-leave">{t('followup.leave')}</button>
      </div>
      <p className="status-line" data-testid="followup-status" data-status={s.status}>
        <strong>{t(`followup.status.${s.status}`)}</strong>
        <span className="muted"> · {t('followup.sentOn', { date: formatDateTime(s.createdAt) })}</span>
      </p>
      <Messages code={code} submission={s} onSent={submission.reload} />
      <section aria-labelledby="items-title" className="card">
        <h2 id="items-title">{t('followup.items')}</h2>
        {s.items.length === 0 ? <p className="muted">{t('followup.noItems')}</p> : (
          <ul className="list compact" data-testid="followup-items">
            {s.items.map((item) => (
              <li key={`${item.sha256}-${item.receivedAt}`} className="list-item" data-testid="followup-item">
                <div dir="auto" className="break">
                  {item.role === 'account' ? t('followup.role.account') : item.role === 'contact' ? t('followup.role.contact') : (item.filename ?? '—')}
                  {' '}<span className="muted small">{formatBytes(item.size, locale)}</span>
                </div>
                <div className="small"><HashText hash={item.sha256} /> <span className="muted">{formatDateTime(item.receivedAt)}</span></div>
              </li>
            ))}
          </ul>
        )}
        <h3>{t('followup.addMore')}</h3>
        <p className="hint">{t('followup.resumeHint')}</p>
        <PublicUploads code={code} onAttached={submission.reload} />
        <button type="button" className="btn btn-block btn-large" onClick={() => void receipt()} data-testid="followup-receipt">
          {t('submit.receiptDownload')}
        </button>
        <ErrorBox error={receiptDownload.error} />
      </section>
      <ConsentEditor code={code} submission={s} onSaved={submission.reload} />
    </div>
  );
}
