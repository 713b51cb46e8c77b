/**
 * The account or tip itself: the text, anonymous or named, consent per purpose (nothing allowed
 * until ticked), who may see it, and files to attach. Nothing is kept on the device: the text
 * lives only in this page until it is sent.
 */
import { useState, type FormEvent } from 'react';
import { publicApi } from '../../api/evidence.ts';
import type { SubmissionKind } from '../../api/evidence-types.ts';
import { ConsentFields } from '../../components/ConsentFields.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { emptyConsent, isConsentComplete, toConsent } from '../../lib/consent.ts';
import { formatBytes } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';

export const MAX_ACCOUNT = 100_000;

export function SubmitForm({ kind, onSent, onBack }: {
  kind: SubmissionKind;
  onSent: (code: string, files: readonly File[]) => void;
  onBack: () => void;
}) {
  const { t, locale } = useI18n();
  const [account, setAccount] = useState('');
  const [named, setNamed] = useState(false);
  const [contact, setContact] = useState('');
  const [consent, setConsent] = useState(emptyConsent);
  const [files, setFiles] = useState<readonly File[]>([]);
  const { busy, error, run } = useAction();
  const ready = account.trim().length > 0 && isConsentComplete(consent) && (!named || contact.trim().length > 0);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready) return;
    await run(async () => {
      const { receiptCode } = await publicApi.createSubmission({
        kind, language: locale, account: account.trim(), named, contact: named ? contact.trim() : undefined, consent: toConsent(consent),
      });
      onSent(receiptCode, files);
    });
  }

  return (
    <form className="submit-form" onSubmit={submit} noValidate data-testid="submit-form" aria-labelledby="submit-form-title">
      <button type="button" className="btn-link" onClick={onBack} data-testid="submit-back">← {t('submit.back')}</button>
      <h1 id="submit-form-title" tabIndex={-1}>{t(`submit.formTitle.${kind}`)}</h1>
      <p className="lead">{t(`submit.formIntro.${kind}`)}</p>

      <div className="field">
        <label htmlFor="submit-account">{t(`submit.accountLabel.${kind}`)}</label>
        <p id="submit-account-hint" className="hint">{t('submit.accountHint')}</p>
        <textarea id="submit-account" rows={8} value={account} maxLength={MAX_ACCOUNT} onChange={(e) => setAccount(e.target.value)}
          aria-describedby="submit-account-hint" data-testid="submit-account" dir="auto" autoComplete="off" />
      </div>

      <fieldset className="field">
        <legend>{t('submit.identity')}</legend>
        <label className="choice" htmlFor="submit-anonymous">
          <input id="submit-anonymous" type="radio" name="identity" checked={!named} onChange={() => setNamed(false)} data-testid="submit-anonymous" />
          <span><span className="choice-title">{t('submit.anonymous')}</span><span className="hint">{t('submit.anonymousHint')}</span></span>
        </label>
        <label className="choice" htmlFor="submit-named">
          <input id="submit-named" type="radio" name="identity" checked={named} onChange={() => setNamed(true)} data-testid="submit-named" />
          <span><span className="choice-title">{t('submit.named')}</span><span className="hint">{t('submit.namedHint')}</span></span>
        </label>
        {named && (
          <div className="field nested">
            <label htmlFor="submit-contact">{t('submit.contact')}</label>
            <textarea id="submit-contact" rows={2} maxLength={1000} value={contact} onChange={(e) => setContact(e.target.value)} data-testid="submit-contact"
              dir="auto" autoComplete="off" />
          </div>
        )}
      </fieldset>

      <ConsentFields value={consent} onChange={setConsent} idPrefix="submit" large />

      <fieldset className="field">
        <legend>{t('submit.files')}</legend>
        <DropZone onFiles={(chosen) => setFiles((f) => [...f, ...chosen])} title={t('submit.addFiles')} hint={t('submit.addFilesHint')}
          button={t('submit.chooseFiles')} testId="submit-drop" large />
        {files.length > 0 && (
          <ul className="file-list" data-testid="submit-files">
            {files.map((file, i) => (
              <li key={`${file.name}-${i}`} className="file-item">
                <span className="break" dir="auto">{file.name}</span>
                <span className="muted small">{formatBytes(file.size, locale)}</span>
                <button type="button" className="btn btn-small" onClick={() => setFiles((f) => f.filter((_, j) => j !== i))}
                  aria-label={t('submit.removeFile', { name: file.name })}>{t('common.remove')}</button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <div className="what-happens">
        <h2>{t('submit.whatHappens')}</h2>
        <p>{t('submit.whatHappensBody')}</p>
      </div>
      <ErrorBox error={error} testId="submit-error" />
      <button type="submit" className="btn btn-primary btn-block btn-large" disabled={busy || !ready} data-testid="submit-send">
        {busy ? t('submit.sending') : t('submit.send')}
      </button>
      {!ready && <p className="hint center">{t('submit.notReady')}</p>}
    </form>
  );
}
