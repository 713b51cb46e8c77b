/**
 * Drop or pick files for a case: each goes up with tus (resuming after a broken connection), then
 * gets its intake form; a saved item is announced with a link and any duplicates the vault found.
 */
import { useState } from 'react';
import { csrfHeaders } from '../../api/http.ts';
import type { IntakeResult } from '../../api/evidence-types.ts';
import type { EntitySummary } from '../../api/types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { UploadRow } from '../../components/UploadRow.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useUploads } from '../../lib/use-uploads.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { IntakeForm } from './IntakeForm.tsx';

interface Saved {
  readonly key: string;
  readonly filename: string;
  readonly result: IntakeResult;
}

export function EvidenceUpload({ caseId, entities, onSaved }: {
  caseId: string;
  entities: readonly EntitySummary[];
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const uploads = useUploads({ endpoint: '/api/uploads', headers: csrfHeaders, scope: me?.user.id });
  const [saved, setSaved] = useState<readonly Saved[]>([]);
  const collector = me ? me.user.displayName || me.user.username : '';

  return (
    <div className="evidence-upload" data-testid="evidence-upload">
      <DropZone onFiles={uploads.add} title={t('upload.dropTitle')} hint={t('upload.dropHint')} button={t('upload.choose')} testId="evidence-drop" />
      {uploads.entries.length > 0 && (
        <ul className="upload-list" aria-label={t('upload.listLabel')}>
          {uploads.entries.map((entry) => (
            <UploadRow key={entry.key} entry={entry} onPause={() => uploads.pause(entry.key)} onResume={() => uploads.resume(entry.key)}
              onCancel={() => uploads.cancel(entry.key)}>
              {entry.status === 'done' && entry.uploadId && (
                <IntakeForm caseId={caseId} uploadId={entry.uploadId} filename={entry.file.name} defaultCollector={collector}
                  entities={entities} formKey={entry.key}
                  onSaved={(result) => {
                    setSaved((s) => [{ key: entry.key, filename: entry.file.name, result }, ...s]);
                    uploads.dismiss(entry.key);
                    onSaved();
                  }} />
              )}
            </UploadRow>
          ))}
        </ul>
      )}
      <div aria-live="polite">
        {saved.map(({ key, filename, result }) => (
          <div key={key} className={`alert ${result.duplicates.length ? 'alert-warn' : 'alert-ok'}`} data-testid="intake-saved">
            <p>
              {t('intake.saved')}{' '}
              <Link to={paths.evidence(result.item.id)} data-testid="intake-saved-link" dir="auto">{filename}</Link>
            </p>
            {result.duplicates.length > 0 && (
              <div data-testid="intake-duplicates">
                <p>{t('intake.duplicates', { count: result.duplicates.length })}</p>
                <ul>
                  {result.duplicates.map((d) => (
                    <li key={d.id}>
                      <Link to={paths.evidence(d.id)}><code dir="ltr">{d.id}</code></Link>
                      {d.caseId && d.caseId !== caseId && <> · <Link to={paths.case(d.caseId)}>{t('intake.otherCase')}</Link></>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
