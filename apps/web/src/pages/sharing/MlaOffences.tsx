/**
 * The offences of an MLA request: for each, its name, the instrument and article, the text of the
 * provision (so the requested State can assess dual criminality), the maximum penalty and the form
 * of exploitation; at least one, added and removed here.
 */
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../api/sharing-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AreaField, fieldId, MlaField, TextField, type ProblemOf } from './MlaFields.tsx';
import { emptyOffence, nextKey, type MlaDraft, type OffenceDraft } from './mla-form.ts';

export function MlaOffences({ draft, onChange, problemOf }: { draft: MlaDraft; onChange: (next: MlaDraft) => void; problemOf: ProblemOf }) {
  const { t, formatNumber } = useI18n();
  const update = (key: string, patch: Partial<OffenceDraft>) =>
    onChange({ ...draft, offences: draft.offences.map((o) => (o.key === key ? { ...o, ...patch } : o)) });
  const listProblem = problemOf('offences');
  return (
    <fieldset className="mla-section" data-testid="mla-offences">
      <legend>{t('sharing.mla.section.offences')}</legend>
      {listProblem && <p className="field-error" data-testid="mla-field-problem" data-path="offences">{listProblem}</p>}
      {draft.offences.map((o, i) => {
        const at = `offences.${i}`;
        return (
          <div key={o.key} className="mla-item" data-testid="mla-offence">
            <div className="mla-item-head">
              <h4>{t('sharing.mla.offence.number', { n: formatNumber(i + 1) })}</h4>
              {draft.offences.length > 1 && (
                <button type="button" className="btn btn-small" onClick={() => onChange({ ...draft, offences: draft.offences.filter((x) => x.key !== o.key) })}
                  data-testid="mla-offence-remove">{t('sharing.mla.remove')}</button>
              )}
            </div>
            <TextField path={`${at}.name`} label={t('sharing.mla.offence.name')} value={o.name} onChange={(v) => update(o.key, { name: v })} problemOf={problemOf}
              placeholder={t('sharing.mla.offence.namePlaceholder')} />
            <TextField path={`${at}.legalProvision`} label={t('sharing.mla.offence.legalProvision')} hint={t('sharing.mla.offence.legalProvisionHint')}
              value={o.legalProvision} onChange={(v) => update(o.key, { legalProvision: v })} problemOf={problemOf} />
            <AreaField path={`${at}.provisionText`} label={t('sharing.mla.offence.provisionText')} hint={t('sharing.mla.offence.provisionTextHint')}
              value={o.provisionText} onChange={(v) => update(o.key, { provisionText: v })} problemOf={problemOf} rows={3} />
            <div className="field-grid">
              <TextField path={`${at}.maximumPenalty`} label={t('sharing.mla.offence.maximumPenalty')} value={o.maximumPenalty}
                onChange={(v) => update(o.key, { maximumPenalty: v })} problemOf={problemOf} />
              <MlaField path={`${at}.form`} label={t('sharing.mla.offence.form')} problemOf={problemOf}>
                <select id={fieldId(`${at}.form`)} value={o.form} onChange={(e) => update(o.key, { form: e.target.value as ExploitationForm | '' })} data-testid={fieldId(`${at}.form`)}>
                  <option value="">{t('sharing.mla.offence.formNone')}</option>
                  {EXPLOITATION_FORMS.map((f) => <option key={f} value={f}>{t(`sharing.mla.form.${f}`)}</option>)}
                </select>
              </MlaField>
            </div>
          </div>
        );
      })}
      <button type="button" className="btn" onClick={() => onChange({ ...draft, offences: [...draft.offences, emptyOffence(nextKey(draft, 'o'))] })}
        data-testid="mla-offence-add">{t('sharing.mla.offence.add')}</button>
    </fieldset>
  );
}
