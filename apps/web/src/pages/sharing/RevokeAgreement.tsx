/**
 * Revoking an agreement, with a reason and a second, explicit confirmation: final, the partner is
 * sent a revocation package and what we received under it is deleted here.
 */
import { useState, type FormEvent } from 'react';
import { downloadPackage, sharingApi } from '../../api/sharing.ts';
import type { RevokeResult } from '../../api/sharing-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { saveFile } from '../../lib/save-file.ts';

export function RevokeAgreement({ agreementId, onRevoked }: { agreementId: string; onRevoked: (result: RevokeResult) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const revoke = useAction();

  function ask(event: FormEvent): void {
    event.preventDefault();
    if (reason.trim()) setConfirming(true);
  }

  async function confirm(): Promise<void> {
    const result = await revoke.run(async () => {
      const answer = await sharingApi.revoke(agreementId, reason.trim());
      if (answer.revocationPackage) {
        const file = await downloadPackage(answer.revocationPackage.id);
        saveFile(file.filename, file.blob, 'application/octet-stream');
      }
      return answer;
    });
    if (result) {
      setOpen(false);
      setConfirming(false);
      onRevoked(result);
    }
  }

  if (!open) {
    return <button type="button" className="btn btn-danger-quiet" onClick={() => setOpen(true)} data-testid="revoke-open">{t('sharing.revoke.open')}</button>;
  }
  return (
    <form className="stack sharing-revoke" onSubmit={ask} data-testid="revoke-form">
      <p className="hint">{t('sharing.revoke.explain')}</p>
      <div className="field">
        <label htmlFor="revoke-reason">{t('sharing.revoke.reason')}</label>
        <textarea id="revoke-reason" rows={2} value={reason} dir="auto" onChange={(e) => { setReason(e.target.value); setConfirming(false); }} data-testid="revoke-reason" />
      </div>
      {confirming ? (
        <div className="alert alert-warn" role="alertdialog" aria-labelledby="revoke-confirm-text">
          <p id="revoke-confirm-text"><strong>{t('sharing.revoke.confirm')}</strong></p>
          <div className="form-actions">
            <button type="button" className="btn btn-danger" disabled={revoke.busy} onClick={() => void confirm()} data-testid="revoke-confirm">{t('sharing.revoke.yes')}</button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className="btn btn-danger-quiet" disabled={!reason.trim()} data-testid="revoke-submit">{t('sharing.revoke.submit')}</button>
          <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        </div>
      )}
      <ErrorBox error={revoke.error} />
    </form>
  );
}
