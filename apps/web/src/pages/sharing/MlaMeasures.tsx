/**
 * The assistance an MLA request asks for: for each measure its kind, what exactly is asked, the
 * link between the facts and the measure, and the subjects it concerns (ticked among the request's
 * subjects). Provisional arrest and extradition are offered only in an extradition request.
 */
import { VICTIM_ROLE, type MeasureKind } from '../../api/sharing-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AreaField, fieldId, MlaField, type ProblemOf } from './MlaFields.tsx';
import { emptyMeasure, measureKindsFor, nextKey, toggleMeasureSubject, type MeasureDraft, type MlaDraft, type SubjectDraft } from './mla-form.ts';

function subjectLabel(s: SubjectDraft, victimRecord: string): string {
  if (s.role === VICTIM_ROLE) return s.localPseudonym || victimRecord;
  return s.name || s.entityId;
}

export function MlaMeasures({ draft, onChange, problemOf }: { draft: MlaDraft; onChange: (next: MlaDraft) => void; problemOf: ProblemOf }) {
  const { t, formatNumber } = useI18n();
  const kinds = measureKindsFor(draft.kind);
  const update = (key: string, patch: Partial<MeasureDraft>) =>
    onChange({ ...draft, measures: draft.measures.map((m) => (m.key === key ? { ...m, ...patch } : m)) });
  const listProblem = problemOf('measures');
  return (
    <fieldset className="mla-section" data-testid="mla-measures">
      <legend>{t('sharing.mla.section.measures')}</legend>
      {listProblem && <p className="field-error" data-testid="mla-field-problem" data-path="measures">{listProblem}</p>}
      {draft.measures.map((m, i) => {
        const at = `measures.${i}`;
        const subjectsProblem = problemOf(`${at}.subjects`);
        return (
          <div key={m.key} className="mla-item" data-testid="mla-measure">
            <div className="mla-item-head">
              <h4>{t('sharing.mla.measure.number', { n: formatNumber(i + 1) })}</h4>
              {draft.measures.length > 1 && (
                <button type="button" className="btn btn-small" onClick={() => onChange({ ...draft, measures: draft.measures.filter((x) => x.key !== m.key) })}
                  data-testid="mla-measure-remove">{t('sharing.mla.remove')}</button>
              )}
            </div>
            <MlaField path={`${at}.kind`} label={t('sharing.mla.measure.kind')} problemOf={problemOf}>
              <select id={fieldId(`${at}.kind`)} value={m.kind} onChange={(e) => update(m.key, { kind: e.target.value as MeasureKind })} data-testid={fieldId(`${at}.kind`)}>
                {/* a kind no longer offered (the request became one for assistance) stays visible, so its problem can be read */}
                {(kinds.includes(m.kind) ? kinds : [...kinds, m.kind]).map((k) => <option key={k} value={k}>{t(`sharing.mla.measureKind.${k}`)}</option>)}
              </select>
            </MlaField>
            <AreaField path={`${at}.description`} label={t('sharing.mla.measure.description')} hint={t('sharing.mla.measure.descriptionHint')}
              value={m.description} onChange={(v) => update(m.key, { description: v })} problemOf={problemOf} />
            <AreaField path={`${at}.linkToFacts`} label={t('sharing.mla.measure.linkToFacts')} hint={t('sharing.mla.measure.linkToFactsHint')}
              value={m.linkToFacts} onChange={(v) => update(m.key, { linkToFacts: v })} problemOf={problemOf} />
            <fieldset className="field" data-field={`${at}.subjects`} data-testid={fieldId(`${at}.subjects`)}>
              <legend>{t('sharing.mla.measure.subjects')}</legend>
              {draft.subjects.length === 0
                ? <p className="hint">{t('sharing.mla.measure.noSubjects')}</p>
                : draft.subjects.map((s) => (
                  <label key={s.entityId} className="check">
                    <input type="checkbox" checked={m.subjects.includes(s.entityId)} onChange={(e) => onChange(toggleMeasureSubject(draft, m.key, s.entityId, e.target.checked))}
                      data-testid="mla-measure-subject" data-entity-id={s.entityId} />
                    <bdi>{subjectLabel(s, t('sharing.mla.subject.victimRecord'))}</bdi>
                  </label>
                ))}
              {subjectsProblem && <p className="field-error" data-testid="mla-field-problem" data-path={`${at}.subjects`}>{subjectsProblem}</p>}
            </fieldset>
          </div>
        );
      })}
      <button type="button" className="btn" onClick={() => onChange({ ...draft, measures: [...draft.measures, emptyMeasure(nextKey(draft, 'm'))] })}
        data-testid="mla-measure-add">{t('sharing.mla.measure.add')}</button>
    </fieldset>
  );
}
