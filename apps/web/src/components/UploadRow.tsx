/** One file in an upload list: name, size, progress bar, what is happening, and pause/resume/cancel. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatBytes } from '../lib/format.ts';
import type { UploadEntry } from '../lib/use-uploads.ts';
import { ProgressBar } from './ProgressBar.tsx';

export function UploadRow<R>({ entry, onPause, onResume, onCancel, children, large }: {
  entry: UploadEntry<R>;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
  /** shown under the row (the intake form once the upload is done) */
  children?: ReactNode;
  large?: boolean;
}) {
  const { t, locale } = useI18n();
  const size = (n: number) => formatBytes(n, locale);
  const status = entry.status === 'failed'
    ? (entry.uploadId ? t('upload.finishFailed') : t('upload.interrupted'))
    : t(`upload.status.${entry.status}`);
  return (
    <li className={`upload-row${large ? ' large' : ''}`} data-testid="upload-row" data-status={entry.status}>
      <div className="upload-head">
        <strong className="break" dir="auto">{entry.file.name}</strong>
        <span className="muted small">{size(entry.file.size)}</span>
      </div>
      {entry.status !== 'done' && (
        <ProgressBar done={entry.sent} total={entry.total || entry.file.size} label={t('upload.progressOf', { name: entry.file.name })}
          text={t('upload.bytes', { sent: size(entry.sent), total: size(entry.total || entry.file.size) })} testId="upload-progress" />
      )}
      <p className="small upload-status" role="status" aria-live="polite" data-testid="upload-status">
        {status}{entry.resumed && entry.status !== 'done' ? ` · ${t('upload.resumed')}` : ''}
        {entry.error && entry.status === 'failed' ? <span className="muted"> — {entry.error}</span> : null}
      </p>
      {entry.status !== 'done' && entry.status !== 'finishing' && (
        <div className="actions">
          {entry.status === 'uploading' && <button type="button" className="btn btn-small" onClick={onPause} data-testid="upload-pause">{t('upload.pause')}</button>}
          {(entry.status === 'paused' || entry.status === 'failed') && (
            <button type="button" className="btn btn-small btn-primary" onClick={onResume} data-testid="upload-resume">{t('upload.resume')}</button>
          )}
          <button type="button" className="btn btn-small btn-danger-quiet" onClick={onCancel} data-testid="upload-cancel">{t('upload.cancel')}</button>
        </div>
      )}
      {children}
    </li>
  );
}
