/**
 * "Send an MLA request" under an agreement (docs/mla-package.md): a form following the request's
 * headings — kind, reference, date, urgency, confidentiality, legal basis; requesting and requested
 * authority; summary of facts; offences; persons concerned; assistance requested; execution
 * procedures and contact; evidence bundles when the terms allow them. The form's own checks
 * (`mlaProblems`) run first; the server checks everything again and its problems are shown on
 * the fields they name. Then the package is built, signed, encrypted and downloaded.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { downloadPackage, sendMla } from '../../api/sharing.ts';
import { MLA_KINDS, URGENCY_LEVELS, type MlaKind, type SharePackage, type UrgencyLevel } from '../../api/sharing-types.ts';
import { ApiError } from '../../api/problem.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { saveFile } from '../../lib/save-file.ts';
import { AreaField, AuthorityFields, fieldId, MlaField, TextField } from './MlaFields.tsx';
import { MlaMeasures } from './MlaMeasures.tsx';
import { MlaOffences } from './MlaOffences.tsx';
import { MlaSubjects } from './MlaSubjects.tsx';
import { emptyMlaDraft, MAX_FACTS_CHARS, mlaProblems, mlaSendBody, placeServerProblems, type MlaDraft } from './mla-form.ts';
import { PackageCounts } from './PackagesTable.tsx';

export function MlaRequestForm({ agreementId, caseId, evidenceAllowed, onSent }: {
  agreementId: string;
  caseId: string;
  evidenceAllowed: boolean;
  onSent: (pkg: SharePackage) => void;
}) {
  const { t, formatNumber } = useI18n();
  const [draft, setDraft] = useState<MlaDraft>(() => emptyMlaDraft(new Date()));
  const [showProblems, setShowProblems] = useState(false);
  const [sent, setSent] = useState<SharePackage | null>(null);
  const sending = useAction();
  const summary = useRef<HTMLDivElement>(null);
  const done = useRef<HTMLDivElement>(null);

  const problems = useMemo(() => mlaProblems(draft), [draft]);
  const placed = useMemo(() => placeServerProblems(sending.error instanceof ApiError ? sending.error.problem.errors : {}, draft), [sending.error, draft]);
  const problemOf = (path: string): string | undefined => {
    const own = showProblems ? problems[path] : undefined;
    return own ? t(own.key, own.vars) : placed.byField[path];
  };
  const set = <K extends keyof MlaDraft>(key: K) => (value: MlaDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const ownCount = Object.keys(problems).length;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowProblems(true);
    setSent(null);
    if (ownCount > 0) {
      sending.clearError();
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const pkg = await sending.run(async () => {
      const made = await sendMla(agreementId, mlaSendBody(draft, { evidenceAllowed }));
      const file = await downloadPackage(made.id);
      saveFile(file.filename, file.blob, 'application/octet-stream');
      return made;
    });
    if (pkg) {
      setSent(pkg);
      onSent(pkg);
      requestAnimationFrame(() => done.current?.focus());
    } else {
      requestAnimationFrame(() => summary.current?.focus());
    }
  }

  const facts = draft.summaryOfFacts.length;
  return (
    <form className="stack mla-form" onSubmit={(e) => void submit(e)} noValidate data-testid="mla-form">
      <p className="hint">{t('sharing.mla.intro')}</p>

      <fieldset className="mla-section" data-testid="mla-header">
        <legend>{t('sharing.mla.section.request')}</legend>
        <div className="field-grid">
          <MlaField path="kind" label={t('sharing.mla.kind')} problemOf={problemOf}>
            <select id={fieldId('kind')} value={draft.kind} onChange={(e) => set('kind')(e.target.value as MlaKind)} data-testid={fieldId('kind')}>
              {MLA_KINDS.map((k) => <option key={k} value={k}>{t(`sharing.mla.kind.${k}`)}</option>)}
            </select>
          </MlaField>
          <TextField path="reference" label={t('sharing.mla.reference')} hint={t('sharing.mla.referenceHint')} value={draft.reference} onChange={set('reference')}
            problemOf={problemOf} dir="ltr" maxLength={100} />
          <MlaField path="date" label={t('sharing.mla.date')} problemOf={problemOf}>
            <input id={fieldId('date')} type="date" value={draft.date} onChange={(e) => set('date')(e.target.value)} data-testid={fieldId('date')} />
          </MlaField>
          <MlaField path="urgency.level" label={t('sharing.mla.urgency')} problemOf={problemOf}>
            <select id={fieldId('urgency.level')} value={draft.urgency} onChange={(e) => set('urgency')(e.target.value as UrgencyLevel)} data-testid={fieldId('urgency.level')}>
              {URGENCY_LEVELS.map((u) => <option key={u} value={u}>{t(`sharing.mla.urgency.${u}`)}</option>)}
            </select>
          </MlaField>
        </div>
        {draft.urgency === 'urgent' && (
          <AreaField path="urgency.reason" label={t('sharing.mla.urgencyReason')} hint={t('sharing.mla.urgencyReasonHint')} value={draft.urgencyReason}
            onChange={set('urgencyReason')} problemOf={problemOf} rows={2} />
        )}
        <AreaField path="confidentiality" label={t('sharing.mla.confidentiality')} hint={t('sharing.mla.confidentialityHint')} value={draft.confidentiality}
          onChange={set('confidentiality')} problemOf={problemOf} rows={2} />
        <AreaField path="legalBasis" label={t('sharing.mla.legalBasis')} hint={t('sharing.mla.legalBasisHint')} value={draft.legalBasis}
          onChange={set('legalBasis')} problemOf={problemOf} rows={3} />
      </fieldset>

      <div className="mla-authorities">
        <AuthorityFields at="requestingAuthority" legend={t('sharing.mla.section.requesting')} value={draft.requestingAuthority}
          onChange={set('requestingAuthority')} problemOf={problemOf} />
        <AuthorityFields at="requestedAuthority" legend={t('sharing.mla.section.requested')} value={draft.requestedAuthority}
          onChange={set('requestedAuthority')} problemOf={problemOf} />
      </div>

      <fieldset className="mla-section" data-testid="mla-facts">
        <legend>{t('sharing.mla.section.facts')}</legend>
        <AreaField path="summaryOfFacts" label={t('sharing.mla.summaryOfFacts')} value={draft.summaryOfFacts} onChange={set('summaryOfFacts')} problemOf={problemOf}
          rows={6} hint={t('sharing.mla.summaryOfFactsHint', { count: formatNumber(facts), max: formatNumber(MAX_FACTS_CHARS) })} />
      </fieldset>

      <MlaOffences draft={draft} onChange={setDraft} problemOf={problemOf} />
      <MlaSubjects caseId={caseId} draft={draft} onChange={setDraft} problemOf={problemOf} />
      <MlaMeasures draft={draft} onChange={setDraft} problemOf={problemOf} />

      <fieldset className="mla-section" data-testid="mla-execution">
        <legend>{t('sharing.mla.section.execution')}</legend>
        <AreaField path="executionProcedures" label={t('sharing.mla.executionProcedures')} hint={t('sharing.mla.executionProceduresHint')}
          value={draft.executionProcedures} onChange={set('executionProcedures')} problemOf={problemOf} />
        <TextField path="contact.office" label={t('sharing.mla.contactOffice')} hint={t('sharing.mla.contactOfficeHint')} value={draft.contactOffice}
          onChange={set('contactOffice')} problemOf={problemOf} />
        <AreaField path="contact.channel" label={t('sharing.mla.contactChannel')} hint={t('sharing.mla.contactChannelHint')} value={draft.contactChannel}
          onChange={set('contactChannel')} problemOf={problemOf} rows={2} />
      </fieldset>

      {evidenceAllowed && (
        <fieldset className="mla-section">
          <legend>{t('sharing.mla.section.evidence')}</legend>
          <AreaField path="evidence" label={t('sharing.send.bundleIds')} hint={t('sharing.mla.evidenceHint')} value={draft.evidenceBundleIds}
            onChange={set('evidenceBundleIds')} problemOf={problemOf} rows={2} dir="ltr" />
        </fieldset>
      )}

      <div ref={summary} tabIndex={-1} aria-live="polite">
        {showProblems && ownCount > 0 && (
          <p className="alert alert-error" role="alert" data-testid="mla-problems" data-count={ownCount}>
            {t('sharing.mla.fix', { count: formatNumber(ownCount) })}
          </p>
        )}
        <ErrorBox error={sending.error} showFields={false} testId="mla-send-error" />
        {placed.unplaced.length > 0 && (
          <ul className="record-errors" data-testid="mla-unplaced-problems">
            {placed.unplaced.map(([path, message]) => <li key={path}><code dir="ltr">{path}</code>: {message}</li>)}
          </ul>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={sending.busy} data-testid="mla-send">
          {sending.busy ? t('sharing.send.building') : t('sharing.mla.send')}
        </button>
      </div>
      {sent && (
        <div ref={done} tabIndex={-1} className="alert alert-ok" role="status" data-testid="mla-sent" data-package-id={sent.id}>
          <p><strong>{t('sharing.mla.sent', { sequence: formatNumber(sent.sequence) })}</strong></p>
          <PackageCounts counts={sent.counts} />
          <p>{t('sharing.send.handOver')}</p>
        </div>
      )}
    </form>
  );
}
