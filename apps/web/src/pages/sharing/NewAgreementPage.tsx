/**
 * A new sharing agreement: partner, case, direction, purpose and legal basis, what may leave
 * (schemata and properties, from the schema API), how victims' records travel, alerts, evidence,
 * retention, validity and approvals. "Review" shows the terms in plain language; only from there
 * can it be saved (as a draft that needs its approvals before anything travels).
 */
import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { sharingApi } from '../../api/sharing.ts';
import { AGREEMENT_DIRECTIONS, CONSENT_FOR, SHARE_PURPOSES, VICTIM_RULES, type SharePurpose } from '../../api/sharing-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { Link, navigate } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { SchemaChecklist } from './SchemaChecklist.tsx';
import { draftProblems, emptyDraft, inputOf, MAX_APPROVALS, MAX_RETENTION_DAYS, termsOf, type AgreementDraft, type DraftField } from './terms-form.ts';
import { TermsSummary } from './TermsSummary.tsx';
import { useDirectory } from './use-sharing.ts';

function Field({ id, label, hint, problem, children }: { id: string; label: string; hint?: string; problem?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {problem && <p className="field-error" data-testid={`${id}-problem`}>{t(problem)}</p>}
    </div>
  );
}

export function NewAgreementPage() {
  const { t } = useI18n();
  const directory = useDirectory();
  const [draft, setDraft] = useState<AgreementDraft>(() => emptyDraft(new Date()));
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [showProblems, setShowProblems] = useState(false);
  const save = useAction();
  const reviewRef = useRef<HTMLElement>(null);
  const problems = useMemo(() => draftProblems(draft), [draft]);
  const shown = (field: DraftField) => (showProblems ? problems[field] : undefined);
  const set = <K extends keyof AgreementDraft>(key: K, value: AgreementDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function review(event: FormEvent): void {
    event.preventDefault();
    setShowProblems(true);
    if (Object.keys(problems).length > 0) return;
    setStep('review');
    requestAnimationFrame(() => reviewRef.current?.focus());
  }

  async function submit(): Promise<void> {
    const agreement = await save.run(() => sharingApi.createAgreement(inputOf(draft)));
    if (agreement) navigate(paths.sharingAgreement(agreement.id));
  }

  if (directory.loading && directory.partners.length === 0 && directory.cases.length === 0) return <div className="page"><Loading /></div>;

  if (step === 'review') {
    return (
      <div className="page narrow sharing-page">
        <h1>{t('sharing.form.reviewTitle')}</h1>
        <section ref={reviewRef} tabIndex={-1} className="card" aria-labelledby="review-title" data-testid="agreement-review">
          <h2 id="review-title" dir="auto">{draft.title.trim()}</h2>
          <p>{t('sharing.form.reviewWith', { partner: directory.partnerName(draft.partnerId), case: directory.caseName(draft.caseId) })}</p>
          <p>{t(`sharing.direction.${draft.direction}`)}</p>
          <TermsSummary terms={termsOf(draft)} />
        </section>
        <ErrorBox error={save.error} />
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={save.busy} onClick={() => void submit()} data-testid="agreement-save">
            {save.busy ? t('common.saving') : t('sharing.form.save')}
          </button>
          <button type="button" className="btn" onClick={() => setStep('edit')} data-testid="agreement-back">{t('sharing.form.back')}</button>
        </div>
      </div>
    );
  }

  return (
    <div className="page narrow sharing-page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.sharing()}>{t('sharing.backToAgreements')}</Link></nav>
      <h1>{t('sharing.newAgreement')}</h1>
      <p className="muted">{t('sharing.form.intro')}</p>
      <ErrorBox error={directory.error} />
      {directory.partners.length === 0 && !directory.loading && (
        <p className="alert alert-warn" data-testid="no-partners">
          {t('sharing.form.noPartners')} <Link to={paths.sharingPartners()}>{t('sharing.tab.partners')}</Link>
        </p>
      )}
      <form onSubmit={review} noValidate data-testid="agreement-form">
        <Field id="agreement-title" label={t('sharing.agreement.title')} problem={shown('title')}>
          <input id="agreement-title" value={draft.title} onChange={(e) => set('title', e.target.value)} dir="auto" data-testid="agreement-title" />
        </Field>
        <div className="field-grid">
          <Field id="agreement-partner" label={t('sharing.partner')} problem={shown('partnerId')}>
            <select id="agreement-partner" value={draft.partnerId} onChange={(e) => set('partnerId', e.target.value)} data-testid="agreement-partner">
              <option value="">{t('sharing.form.choosePartner')}</option>
              {directory.partners.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
          <Field id="agreement-case" label={t('sharing.case')} hint={t('sharing.form.caseHint')} problem={shown('caseId')}>
            <select id="agreement-case" value={draft.caseId} onChange={(e) => set('caseId', e.target.value)} data-testid="agreement-case">
              <option value="">{t('sharing.form.chooseCase')}</option>
              {directory.cases.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </Field>
        </div>
        <fieldset className="field">
          <legend>{t('sharing.form.direction')}</legend>
          {AGREEMENT_DIRECTIONS.map((d) => (
            <label key={d} className="choice">
              <input type="radio" name="agreement-direction" value={d} checked={draft.direction === d} onChange={() => set('direction', d)}
                data-testid={`agreement-direction-${d}`} />
              <span className="choice-title">{t(`sharing.direction.${d}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field id="agreement-purpose" label={t('sharing.purpose')} hint={t('sharing.form.purposeHint', { consent: t(`sharing.consentPurpose.${CONSENT_FOR[draft.purpose]}`) })}
          problem={shown('purpose')}>
          <select id="agreement-purpose" value={draft.purpose} onChange={(e) => set('purpose', e.target.value as SharePurpose)} data-testid="agreement-purpose"
            aria-describedby="agreement-purpose-hint">
            {SHARE_PURPOSES.map((p) => <option key={p} value={p}>{t(`sharing.purpose.${p}`)}</option>)}
          </select>
        </Field>
        <Field id="agreement-legal-basis" label={t('sharing.form.legalBasis')} hint={t('sharing.form.legalBasisHint')} problem={shown('legalBasis')}>
          <textarea id="agreement-legal-basis" rows={2} value={draft.legalBasis} onChange={(e) => set('legalBasis', e.target.value)} dir="auto"
            aria-describedby="agreement-legal-basis-hint" data-testid="agreement-legal-basis" />
        </Field>
        <SchemaChecklist draft={draft} onChange={setDraft} problem={shown('allowed')} />
        <fieldset className="field">
          <legend>{t('sharing.form.victims')}</legend>
          {VICTIM_RULES.map((v) => (
            <label key={v} className="choice">
              <input type="radio" name="agreement-victims" value={v} checked={draft.victims === v} onChange={() => set('victims', v)} data-testid={`agreement-victims-${v}`} />
              <span>
                <span className="choice-title">{t(`sharing.form.victims.${v}`)}</span>
                <span className="hint">{t(`sharing.form.victimsHint.${v}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t('sharing.form.extras')}</legend>
          <label className="check"><input type="checkbox" checked={draft.alerts} onChange={(e) => set('alerts', e.target.checked)} data-testid="agreement-alerts" />
            {t('sharing.form.alerts')}</label>
          <label className="check"><input type="checkbox" checked={draft.evidence} onChange={(e) => set('evidence', e.target.checked)} data-testid="agreement-evidence" />
            {t('sharing.form.evidence')}</label>
        </fieldset>
        <div className="field-grid">
          <Field id="agreement-valid-from" label={t('sharing.form.validFrom')} problem={shown('validFrom')}>
            <input id="agreement-valid-from" type="date" value={draft.validFrom} onChange={(e) => set('validFrom', e.target.value)} data-testid="agreement-valid-from" />
          </Field>
          <Field id="agreement-valid-until" label={t('sharing.form.validUntil')} problem={shown('validUntil')}>
            <input id="agreement-valid-until" type="date" value={draft.validUntil} onChange={(e) => set('validUntil', e.target.value)} data-testid="agreement-valid-until" />
          </Field>
          <Field id="agreement-retention" label={t('sharing.form.retention')} hint={t('sharing.form.retentionHint')} problem={shown('retentionDays')}>
            <input id="agreement-retention" type="number" inputMode="numeric" min={1} max={MAX_RETENTION_DAYS} value={draft.retentionDays}
              onChange={(e) => set('retentionDays', e.target.value)} aria-describedby="agreement-retention-hint" data-testid="agreement-retention" />
          </Field>
          <Field id="agreement-approvals" label={t('sharing.form.approvals')} hint={t('sharing.form.approvalsHint')} problem={shown('approvalsRequired')}>
            <input id="agreement-approvals" type="number" inputMode="numeric" min={1} max={MAX_APPROVALS} value={draft.approvalsRequired}
              onChange={(e) => set('approvalsRequired', e.target.value)} aria-describedby="agreement-approvals-hint" data-testid="agreement-approvals" />
          </Field>
        </div>
        {showProblems && Object.keys(problems).length > 0 && <p className="alert alert-error" role="alert" data-testid="agreement-problems">{t('sharing.form.fix')}</p>}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="agreement-review-button">{t('sharing.form.review')}</button>
          <Link to={paths.sharing()} className="btn">{t('common.cancel')}</Link>
        </div>
      </form>
    </div>
  );
}
