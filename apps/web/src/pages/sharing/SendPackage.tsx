/**
 * "Send a package" under an active agreement: a preview first (how many entities go, how many
 * victims travel under a pseudonym, how many properties are dropped; victims' records refused for
 * missing consent, by id, with "omit them" or "cancel"), then the package is built, signed,
 * encrypted to the partner, recorded, and its `.ariadne-share` file downloaded to hand over.
 */
import { useRef, useState } from 'react';
import { downloadPackage, sendPackage, sharingApi, SharingError } from '../../api/sharing.ts';
import type { SharePackage, SharePreview } from '../../api/sharing-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { saveFile } from '../../lib/save-file.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { selectionOf } from './package-view.ts';
import { PackageCounts } from './PackagesTable.tsx';

type Mode = 'refuse' | 'omit';

export function SendPackage({ agreementId, evidenceAllowed, onSent }: { agreementId: string; evidenceAllowed: boolean; onSent: () => void }) {
  const { t, formatNumber } = useI18n();
  const [entityIds, setEntityIds] = useState('');
  const [bundleIds, setBundleIds] = useState('');
  const [preview, setPreview] = useState<{ mode: Mode; result: SharePreview } | null>(null);
  const [sent, setSent] = useState<SharePackage | null>(null);
  const previewing = useAction();
  const sending = useAction();
  const outcome = useRef<HTMLDivElement>(null);

  async function runPreview(mode: Mode): Promise<void> {
    setSent(null);
    const result = await previewing.run(() => sharingApi.preview(agreementId, selectionOf({ entityIds, bundleIds, evidenceAllowed, missingConsent: mode })));
    if (result) setPreview({ mode, result });
  }

  async function send(): Promise<void> {
    if (!preview) return;
    const mode = preview.mode;
    const pkg = await sending.run(async () => {
      const made = await sendPackage(agreementId, selectionOf({ entityIds, bundleIds, evidenceAllowed, missingConsent: mode }));
      const file = await downloadPackage(made.id);
      saveFile(file.filename, file.blob, 'application/octet-stream');
      return made;
    });
    if (pkg) {
      setSent(pkg);
      setPreview(null);
      onSent();
      requestAnimationFrame(() => outcome.current?.focus());
    }
  }

  const refused = preview?.result.refused ?? [];
  const blocked = preview !== null && preview.mode === 'refuse' && refused.length > 0;
  return (
    <div className="stack" data-testid="send-package">
      <p className="hint">{t('sharing.send.intro')}</p>
      {!preview && (
        <details className="sharing-selection" data-testid="send-selection">
          <summary>{t('sharing.send.choose')}</summary>
          <div className="field">
            <label htmlFor="send-entity-ids">{t('sharing.send.entityIds')}</label>
            <textarea id="send-entity-ids" rows={3} dir="ltr" className="mono-input" value={entityIds} onChange={(e) => setEntityIds(e.target.value)}
              aria-describedby="send-entity-ids-hint" data-testid="send-entity-ids" />
            <p id="send-entity-ids-hint" className="hint">{t('sharing.send.entityIdsHint')}</p>
          </div>
          {evidenceAllowed && (
            <div className="field">
              <label htmlFor="send-bundle-ids">{t('sharing.send.bundleIds')}</label>
              <textarea id="send-bundle-ids" rows={2} dir="ltr" className="mono-input" value={bundleIds} onChange={(e) => setBundleIds(e.target.value)}
                aria-describedby="send-bundle-ids-hint" data-testid="send-bundle-ids" />
              <p id="send-bundle-ids-hint" className="hint">{t('sharing.send.bundleIdsHint')}</p>
            </div>
          )}
        </details>
      )}
      {!preview && (
        <div className="actions">
          <button type="button" className="btn btn-primary" disabled={previewing.busy} onClick={() => void runPreview('refuse')} data-testid="send-preview">
            {previewing.busy ? t('common.loading') : t('sharing.send.preview')}
          </button>
        </div>
      )}
      <ErrorBox error={previewing.error} />
      {preview && (
        <div className="card sharing-preview" data-testid="send-preview-result" data-mode={preview.mode}>
          <h3 className="small-head">{t('sharing.send.wouldSend')}</h3>
          <PackageCounts counts={preview.result.counts} />
          {refused.length > 0 && (
            <div className={preview.mode === 'refuse' ? 'alert alert-warn' : 'alert'} data-testid="send-refused">
              <p>
                {preview.mode === 'refuse'
                  ? t('sharing.send.refused', { count: formatNumber(refused.length) })
                  : t('sharing.send.omitted', { count: formatNumber(refused.length) })}
              </p>
              <ul className="record-errors">
                {refused.map((r) => (
                  <li key={r.id} data-testid="send-refused-record" data-id={r.id}>
                    <Link to={paths.entity(r.id)}><code dir="ltr">{r.id}</code></Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {sending.error instanceof SharingError && sending.error.reason
            ? <p className="alert alert-error" role="alert" data-testid="send-refusal" data-reason={sending.error.reason}>{t(`sharing.refusal.${sending.error.reason}`)}</p>
            : <ErrorBox error={sending.error} />}
          <div className="form-actions">
            {blocked ? (
              <button type="button" className="btn btn-primary" disabled={previewing.busy} onClick={() => void runPreview('omit')} data-testid="send-omit">
                {t('sharing.send.omit')}
              </button>
            ) : (
              <button type="button" className="btn btn-primary" disabled={sending.busy} onClick={() => void send()} data-testid="send-build">
                {sending.busy ? t('sharing.send.building') : t('sharing.send.build')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => { setPreview(null); sending.clearError(); }} data-testid="send-cancel">{t('common.cancel')}</button>
          </div>
        </div>
      )}
      {sent && (
        <div ref={outcome} tabIndex={-1} className="alert alert-ok" role="status" data-testid="send-done" data-package-id={sent.id}>
          <p><strong>{t('sharing.send.done', { sequence: formatNumber(sent.sequence) })}</strong></p>
          <p>{t('sharing.send.handOver')}</p>
        </div>
      )}
    </div>
  );
}
