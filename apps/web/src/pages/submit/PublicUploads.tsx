/**
 * A sender's attachments: each file goes up with tus to `/api/public/uploads` under the receipt
 * code, and is then attached to the submission. Interrupted uploads continue where they stopped,
 * also after the page was reloaded and the same file chosen again.
 */
import { useEffect, useRef } from 'react';
import { csrfHeaders } from '../../api/http.ts';
import { publicApi, receiptHeaders } from '../../api/evidence.ts';
import { DropZone } from '../../components/DropZone.tsx';
import { HashText } from '../../components/HashText.tsx';
import { UploadRow } from '../../components/UploadRow.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useUploads } from '../../lib/use-uploads.ts';

export function PublicUploads({ code, initialFiles, onAttached, onBusyChange, showDropZone = true }: {
  code: string;
  /** files chosen on the form before the submission existed; uploaded at once */
  initialFiles?: readonly File[];
  onAttached?: () => void;
  onBusyChange?: (busy: boolean) => void;
  showDropZone?: boolean;
}) {
  const { t } = useI18n();
  const codeRef = useRef(code);
  codeRef.current = code;
  const onAttachedRef = useRef(onAttached);
  onAttachedRef.current = onAttached;
  const uploads = useUploads(
    { endpoint: '/api/public/uploads', headers: () => ({ ...csrfHeaders(), ...receiptHeaders(codeRef.current) }) },
    async (uploadId) => {
      const attached = await publicApi.attach(codeRef.current, { uploadId });
      onAttachedRef.current?.();
      return attached;
    },
  );
  const { add } = uploads;
  const startedInitial = useRef(false);
  useEffect(() => {
    if (startedInitial.current || !initialFiles?.length) return;
    startedInitial.current = true;
    add(initialFiles);
  }, [add, initialFiles]);

  const busy = uploads.entries.some((e) => e.status !== 'done');
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  return (
    <div className="public-uploads" data-testid="public-uploads">
      {showDropZone && (
        <DropZone onFiles={uploads.add} title={t('submit.addFiles')} hint={t('submit.addFilesHint')} button={t('submit.chooseFiles')}
          testId="public-drop" large />
      )}
      {uploads.entries.length > 0 && (
        <ul className="upload-list" aria-label={t('upload.listLabel')}>
          {uploads.entries.map((entry) => (
            <UploadRow key={entry.key} entry={entry} large onPause={() => uploads.pause(entry.key)} onResume={() => uploads.resume(entry.key)}
              onCancel={() => uploads.cancel(entry.key)}>
              {entry.status === 'done' && entry.result && (
                <p className="small ok-text" data-testid="attachment-received">
                  ✓ {t('submit.received')} <HashText hash={entry.result.sha256} />
                </p>
              )}
            </UploadRow>
          ))}
        </ul>
      )}
    </div>
  );
}
