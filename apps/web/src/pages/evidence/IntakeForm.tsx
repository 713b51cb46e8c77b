/**
 * The intake record of one uploaded file: what it is, who collected it, when, where and from whom,
 * for what purpose, with what consent, and which of the case's entities it supports. Saving turns
 * the finished upload into an evidence item (`POST /api/cases/:id/evidence`) and reports files the
 * vault already held.
 */
import { useState, type FormEvent } from 'react';
import { evidenceApi } from '../../api/evidence.ts';
import type { IntakeResult } from '../../api/evidence-types.ts';
import type { EntitySummary } from '../../api/types.ts';
import { ConsentFields } from '../../components/ConsentFields.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { emptyConsent, isConsentComplete, toConsent } from '../../lib/consent.ts';
import { localInputToIso } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';

interface Draft {
  description: string;
  collectedBy: string;
  collectedAt: string;
  collectedWhere: string;
  source: string;
  purpose: string;
  entityIds: string[];
}

function optional(value: string): string | undefined {
  const v = value.trim();
  return v ? v : undefined;
}

export function IntakeForm({ caseId, uploadId, filename, defaultCollector, entities, onSaved, formKey }: {
  caseId: string;
  uploadId: string;
  filename: string;
  defaultCollector: string;
  entities: readonly EntitySummary[];
  onSaved: (result: IntakeResult) => void;
  /** unique per upload, for ids */
  formKey: string;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>({
    description: '', collectedBy: defaultCollector, collectedAt: '', collectedWhere: '', source: '', purpose: '', entityIds: [],
  });
  const [withConsent, setWithConsent] = useState(false);
  const [consent, setConsent] = useState(emptyConsent);
  const { busy: saving, error, run } = useAction();
  const id = (name: string) => `intake-${formKey}-${name}`;
  const set = (name: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    await run(async () => {
      const result = await evidenceApi.createEvidence(caseId, {
        uploadId,
        description: optional(draft.description),
        collectedBy: optional(draft.collectedBy),
        collectedAt: localInputToIso(draft.collectedAt),
        collectedWhere: optional(draft.collectedWhere),
        source: optional(draft.source),
        purpose: optional(draft.purpose),
        entityIds: draft.entityIds.length ? draft.entityIds : undefined,
        consent: withConsent ? toConsent(consent) : undefined,
      });
      onSaved(result);
    });
  }

  function text(name: keyof Draft, label: string, extra: { type?: string; multiline?: boolean; hint?: string; max?: number } = {}) {
    const value = draft[name] as string;
    return (
      <div className="field">
        <label htmlFor={id(name)}>{label}</label>
        {extra.multiline ? (
          <textarea id={id(name)} rows={2} value={value} maxLength={extra.max} onChange={(e) => set(name)(e.target.value)} data-testid={`intake-${name}`} dir="auto" />
        ) : (
          <input id={id(name)} type={extra.type ?? 'text'} value={value} maxLength={extra.max} onChange={(e) => set(name)(e.target.value)}
            data-testid={`intake-${name}`} dir={extra.type ? 'ltr' : 'auto'} aria-describedby={extra.hint ? id(`${name}-hint`) : undefined} />
        )}
        {extra.hint && <p id={id(`${name}-hint`)} className="hint">{extra.hint}</p>}
      </div>
    );
  }

  return (
    <form className="intake-form" onSubmit={submit} noValidate data-testid="intake-form" aria-label={t('intake.title', { name: filename })}>
      <h3 dir="auto">{t('intake.title', { name: filename })}</h3>
      <div className="field-grid">
        {text('description', t('intake.description'), { multiline: true, max: 2000 })}
        {text('purpose', t('intake.purpose'), { hint: t('intake.purposeHint'), max: 500 })}
        {text('collectedBy', t('intake.collectedBy'), { max: 200 })}
        {text('collectedAt', t('intake.collectedAt'), { type: 'datetime-local' })}
        {text('collectedWhere', t('intake.collectedWhere'), { max: 500 })}
        {text('source', t('intake.source'), { hint: t('intake.sourceHint'), max: 500 })}
      </div>
      {entities.length > 0 && (
        <fieldset className="field">
          <legend>{t('intake.entities')}</legend>
          <div className="checks">
            {entities.map((e) => (
              <label key={e.id} className="check">
                <input type="checkbox" checked={draft.entityIds.includes(e.id)} data-testid="intake-entity" data-entity-id={e.id}
                  onChange={(ev) => setDraft((d) => ({
                    ...d, entityIds: ev.target.checked ? [...d.entityIds, e.id] : d.entityIds.filter((x) => x !== e.id),
                  }))} />
                <span dir="auto">{e.caption || e.id}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label className="check">
        <input type="checkbox" checked={withConsent} onChange={(e) => setWithConsent(e.target.checked)} data-testid="intake-with-consent" />
        {t('intake.recordConsent')}
      </label>
      {withConsent && <ConsentFields value={consent} onChange={setConsent} idPrefix={id('c')} />}
      <ErrorBox error={error} testId="intake-error" showFields />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving || (withConsent && !isConsentComplete(consent))} data-testid="intake-save">
          {saving ? t('common.saving') : t('intake.save')}
        </button>
      </div>
    </form>
  );
}
