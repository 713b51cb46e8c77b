/**
 * The analyses' filters: period, countries, P-codes, forms of exploitation, incident categories,
 * perpetrator groups and verification status. Applied on submit (not on every key stroke, which
 * would start an analysis per letter); problems are shown next to their field.
 */
import { useId, useState, type FormEvent } from 'react';
import { EXPLOITATION_FORMS, INCIDENT_CATEGORIES, VERIFICATION_STATUSES, type MonitoringFilters } from '../../api/monitoring-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { draftToFilters, EMPTY_FILTERS, toggle, type FilterDraft, type FormErrors } from './monitoring-view.ts';

/** i18n key of a category: its family and name as two key parts ("tip:sale" → monitoring.category.tip.sale). */
export const categoryKey = (category: string) => `monitoring.category.${category.replace(':', '.')}`;

function Choices({ legend, values, chosen, label, onChange }: {
  legend: string; values: readonly string[]; chosen: readonly string[]; label: (v: string) => string; onChange: (next: string[]) => void;
}) {
  const { t } = useI18n();
  return (
    <details className="monitoring-choices">
      <summary>{legend}{chosen.length > 0 && <> · <span className="badge">{t('monitoring.filters.chosen', { count: chosen.length })}</span></>}</summary>
      <fieldset className="field">
        <legend className="sr-only">{legend}</legend>
        {values.map((v) => (
          <label key={v} className="check">
            <input type="checkbox" checked={chosen.includes(v)} onChange={(e) => onChange(toggle(chosen, v, e.target.checked))} /> {label(v)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export function FilterForm({ onApply, busy }: { onApply: (filters: MonitoringFilters) => void; busy: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTERS);
  const [errors, setErrors] = useState<FormErrors>({});
  const set = <K extends keyof FilterDraft>(key: K, value: FilterDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function submit(event: FormEvent): void {
    event.preventDefault();
    const result = draftToFilters(draft);
    setErrors(result.errors);
    if (result.filters) onApply(result.filters);
  }

  function reset(): void {
    setDraft(EMPTY_FILTERS);
    setErrors({});
    onApply(draftToFilters(EMPTY_FILTERS).filters ?? {});
  }

  const error = (field: string) => errors[field] && <p className="field-error" id={`${id}-${field}-error`}>{t(errors[field])}</p>;
  const described = (field: string) => (errors[field] ? `${id}-${field}-error` : undefined);

  return (
    <form className="card monitoring-filters" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`} className="small-head">{t('monitoring.filters.title')}</h2>
      <div className="monitoring-filter-grid">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('monitoring.filters.from')}</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => set('from', e.target.value)}
            aria-invalid={!!errors.from} aria-describedby={described('from')} />
          {error('from')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('monitoring.filters.to')}</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => set('to', e.target.value)}
            aria-invalid={!!errors.to} aria-describedby={described('to')} />
          {error('to')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-countries`}>{t('monitoring.filters.countries')}</label>
          <input id={`${id}-countries`} value={draft.countries} onChange={(e) => set('countries', e.target.value)} dir="ltr"
            placeholder="XX, YY" autoComplete="off" aria-invalid={!!errors.countries} aria-describedby={`${id}-countries-hint ${described('countries') ?? ''}`} />
          <p className="muted small" id={`${id}-countries-hint`}>{t('monitoring.filters.countriesHint')}</p>
          {error('countries')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-pcodes`}>{t('monitoring.filters.pcodes')}</label>
          <input id={`${id}-pcodes`} value={draft.pcodes} onChange={(e) => set('pcodes', e.target.value)} dir="ltr" placeholder="XX01, XX0203" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-groups`}>{t('monitoring.filters.groups')}</label>
          <input id={`${id}-groups`} value={draft.groups} onChange={(e) => set('groups', e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-verification`}>{t('monitoring.filters.verification')}</label>
          <select id={`${id}-verification`} value={draft.verification} onChange={(e) => set('verification', e.target.value)}>
            {VERIFICATION_STATUSES.map((s) => <option key={s} value={s}>{t(`monitoring.verification.${s}`)}</option>)}
          </select>
        </div>
      </div>
      <Choices legend={t('monitoring.filters.forms')} values={EXPLOITATION_FORMS} chosen={draft.forms}
        label={(v) => t(`monitoring.form.${v}`)} onChange={(v) => set('forms', v)} />
      <Choices legend={t('monitoring.filters.categories')} values={INCIDENT_CATEGORIES} chosen={draft.categories}
        label={(v) => t(categoryKey(v))} onChange={(v) => set('categories', v)} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('monitoring.filters.apply')}</button>
        <button type="button" className="btn" onClick={reset}>{t('monitoring.filters.reset')}</button>
      </div>
    </form>
  );
}
