/**
 * "Accept an offer": the partner's signed offer pasted or dropped, read here (title, from whom,
 * the fingerprint to compare, the terms in sentences), then accepted into one of our cases. The
 * server verifies the signature against the registered partner.
 */
import { useState } from 'react';
import { sharingApi } from '../../api/sharing.ts';
import type { Case } from '../../api/types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { navigate } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { Fingerprint } from './Fingerprint.tsx';
import { PasteOrDrop } from './PasteOrDrop.tsx';
import { parseOffer } from './share-files.ts';
import { TermsSummary } from './TermsSummary.tsx';

export function AcceptOffer({ cases }: { cases: readonly Case[] }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [caseId, setCaseId] = useState('');
  const accept = useAction();
  const parsed = text.trim() ? parseOffer(text) : null;
  const offer = parsed?.ok ? parsed.value : null;

  async function submit(): Promise<void> {
    if (!offer || !caseId) return;
    const agreement = await accept.run(() => sharingApi.acceptOffer(offer, caseId));
    if (agreement) navigate(paths.sharingAgreement(agreement.id));
  }

  return (
    <div className="stack" data-testid="accept-offer">
      <p className="hint">{t('sharing.offer.intro')}</p>
      <PasteOrDrop label={t('sharing.offer.paste')} value={text} onChange={(v) => { accept.clearError(); setText(v); }} testId="offer" />
      {parsed && !parsed.ok && <p className="field-error" role="alert" data-testid="offer-problem">{t(parsed.problem)}</p>}
      {offer && (
        <div className="card sharing-offer" data-testid="offer-preview">
          <h3 dir="auto">{offer.title}</h3>
          <p>{t('sharing.offer.from', { name: offer.from.name })}</p>
          {offer.to && <p className="small">{t('sharing.offer.to', { name: offer.to.name })}</p>}
          <Fingerprint value={offer.from.fingerprint} />
          <p className="hint">{t('sharing.offer.compare')}</p>
          <TermsSummary terms={offer.terms} testId="offer-terms" />
          <div className="field">
            <label htmlFor="offer-case">{t('sharing.offer.case')}</label>
            <select id="offer-case" value={caseId} onChange={(e) => setCaseId(e.target.value)} data-testid="offer-case">
              <option value="">{t('sharing.form.chooseCase')}</option>
              {cases.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <ErrorBox error={accept.error} />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!caseId || accept.busy} onClick={() => void submit()} data-testid="offer-accept">
              {accept.busy ? t('common.saving') : t('sharing.offer.accept')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
