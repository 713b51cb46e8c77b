/**
 * Shown once, right after sending: the receipt code, large, with a copy button and the plain
 * advice to write it down (it is never shown again and never stored on the device), the upload
 * of the attachments, and the signed receipt as a file.
 */
import { useEffect, useState } from 'react';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { PublicUploads } from './PublicUploads.tsx';
import { downloadReceipt } from './receipt.ts';

export function ReceiptPanel({ code, files, onFollowUp, onFinish }: {
  code: string;
  files: readonly File[];
  onFollowUp: () => void;
  onFinish: () => void;
}) {
  const { t } = useI18n();
  const [confirmed, setConfirmed] = useState(false);
  const [uploading, setUploading] = useState(files.length > 0);
  const { error, run } = useAction();

  // leaving before the code is written down, or while files are still going up, loses them
  useEffect(() => {
    if (confirmed && !uploading) return;
    function warn(event: BeforeUnloadEvent): void {
      event.preventDefault();
    }
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [confirmed, uploading]);

  async function receipt(): Promise<void> {
    await run(() => downloadReceipt(code));
  }

  return (
    <div className="receipt-panel" data-testid="receipt-panel">
      <h1 tabIndex={-1}>{t('submit.thanks')}</h1>
      <p className="lead">{t('submit.thanksBody')}</p>
      {!confirmed ? (
        <section className="receipt-code-box" aria-labelledby="code-title">
          <h2 id="code-title">{t('submit.codeTitle')}</h2>
          <p className="receipt-code" dir="ltr" data-testid="receipt-code">{code}</p>
          <p className="secret-row center"><CopyButton text={code} testId="receipt-copy" label={t('submit.copyCode')} /></p>
          <p>{t('submit.codeOnce')}</p>
          <p className="hint">{t('submit.codePrivate')}</p>
        </section>
      ) : (
        <p className="alert alert-ok" data-testid="receipt-code-hidden">{t('submit.codeHidden')}</p>
      )}

      {files.length > 0 && (
        <section aria-labelledby="uploads-title">
          <h2 id="uploads-title">{t('submit.sendingFiles')}</h2>
          <PublicUploads code={code} initialFiles={files} showDropZone={false} onBusyChange={setUploading} />
        </section>
      )}

      <section aria-labelledby="receipt-title" className="receipt-file">
        <h2 id="receipt-title">{t('submit.receiptTitle')}</h2>
        <p className="hint">{t('submit.receiptHint')}</p>
        <button type="button" className="btn btn-block btn-large" onClick={() => void receipt()} disabled={uploading} data-testid="receipt-download">
          {t('submit.receiptDownload')}
        </button>
        <ErrorBox error={error} />
      </section>

      {/* once ticked it stays ticked: unticking must not bring the code back */}
      <label className="choice confirm" htmlFor="receipt-confirm">
        <input id="receipt-confirm" type="checkbox" checked={confirmed} disabled={confirmed} onChange={(e) => setConfirmed(e.target.checked)}
          data-testid="receipt-confirm" />
        <span className="choice-title">{t('submit.writtenDown')}</span>
      </label>
      {confirmed && (
        <div className="stack">
          <button type="button" className="btn btn-primary btn-block btn-large" onClick={onFollowUp} disabled={uploading} data-testid="receipt-followup">
            {t('submit.toFollowUp')}
          </button>
          <button type="button" className="btn btn-block btn-large" onClick={onFinish} disabled={uploading} data-testid="receipt-finish">
            {t('submit.finish')}
          </button>
        </div>
      )}
    </div>
  );
}
