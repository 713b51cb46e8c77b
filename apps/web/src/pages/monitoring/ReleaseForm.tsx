/**
 * Ask the publication gate for a table: which table, period, step, k (never below 5), the noise
 * mechanism and its ε and δ, and a title, with what each choice means in plain words. The
 * budget is checked here before sending; the server decides, and a 409 is shown as "over budget".
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { monitoringApi, OverBudgetError } from '../../api/monitoring.ts';
import { DP_MECHANISMS, RELEASE_STEPS, type Budget, type PublishableTable, type ReleaseCreated } from '../../api/monitoring-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { EMPTY_RELEASE, formatPrivacy, K_MIN, releaseErrors, releaseInput, tableTitle, type FormErrors, type ReleaseDraft } from './monitoring-view.ts';

export function ReleaseForm({ tables, budget, onReleased }: {
  tables: readonly PublishableTable[]; budget: Budget | undefined; onReleased: (created: ReleaseCreated) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<ReleaseDraft>(EMPTY_RELEASE);
  const [errors, setErrors] = useState<FormErrors>({});
  const { busy, error, run } = useAction();
  const set = <K extends keyof ReleaseDraft>(k: K, v: ReleaseDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const found = releaseErrors(draft, budget?.remaining);
    setErrors(found);
    if (Object.keys(found).length) return;
    // a 409 arrives as the action's error (an OverBudgetError), shown below
    const created = await run(() => monitoringApi.createRelease(releaseInput(draft)));
    if (created) onReleased(created);
  }

  const field = (name: keyof ReleaseDraft, label: string, input: ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input}
      {hint && <p className="muted small" id={`${id}-${name}-hint`}>{hint}</p>}
      {errors[name] && <p className="field-error" id={`${id}-${name}-error`}>{t(errors[name], { min: K_MIN })}</p>}
    </div>
  );
  const aria = (name: string, hint = false) => ({
    id: `${id}-${name}`,
    'aria-invalid': !!errors[name],
    'aria-describedby': [hint ? `${id}-${name}-hint` : '', errors[name] ? `${id}-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const over = error instanceof OverBudgetError ? error : null;
  const shownError = over ? null : error;

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>{t('monitoring.release.formTitle')}</h2>
      <div className="monitoring-filter-grid">
        {field('table', t('monitoring.release.table'), (
          <select {...aria('table')} value={draft.table} onChange={(e) => set('table', e.target.value)}>
            <option value="">{t('monitoring.release.chooseTable')}</option>
            {tables.map((tb) => <option key={tb.id} value={tb.id}>{tableTitle(tb, locale, t)}</option>)}
          </select>
        ))}
        {field('title', t('monitoring.release.title'), <input {...aria('title')} value={draft.title} onChange={(e) => set('title', e.target.value)} autoComplete="off" />)}
        {field('from', t('monitoring.filters.from'), <input {...aria('from')} type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />)}
        {field('to', t('monitoring.filters.to'), <input {...aria('to')} type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />)}
        {field('countries', t('monitoring.filters.countries'), <input {...aria('countries', true)} value={draft.countries} onChange={(e) => set('countries', e.target.value)} autoComplete="off" dir="ltr" />, t('monitoring.filters.countriesHint'))}
        {field('step', t('monitoring.step'), (
          <select {...aria('step')} value={draft.step} onChange={(e) => set('step', e.target.value)}>
            {RELEASE_STEPS.map((s) => <option key={s} value={s}>{t(`monitoring.stepName.${s}`)}</option>)}
          </select>
        ))}
        {field('k', t('monitoring.release.k'), (
          <input {...aria('k', true)} type="number" inputMode="numeric" min={K_MIN} step={1} value={draft.k}
            onChange={(e) => set('k', e.target.value)} onBlur={(e) => e.target.value !== '' && Number(e.target.value) < K_MIN && set('k', String(K_MIN))} />
        ), t('monitoring.release.kHint', { min: K_MIN }))}
      </div>
      <fieldset className="field">
        <legend>{t('monitoring.release.mechanism')}</legend>
        {DP_MECHANISMS.map((m) => (
          <label key={m} className="radio-card">
            <input type="radio" name={`${id}-mechanism`} value={m} checked={draft.mechanism === m} onChange={() => set('mechanism', m)} />{' '}
            <strong>{t(`monitoring.mechanism.${m}`)}</strong>
            <span className="muted small monitoring-explain">{t(`monitoring.mechanismHint.${m}`)}</span>
          </label>
        ))}
      </fieldset>
      {draft.mechanism !== 'none' && (
        <div className="monitoring-filter-grid">
          {field('epsilon', t('monitoring.release.epsilon'), (
            <input {...aria('epsilon', true)} type="number" inputMode="decimal" min={0} step="any" value={draft.epsilon} onChange={(e) => set('epsilon', e.target.value)} dir="ltr" />
          ), t('monitoring.release.epsilonHint', { remaining: budget ? formatPrivacy(budget.remaining.epsilon, locale) : '–' }))}
          {draft.mechanism === 'discrete-gaussian' && field('delta', t('monitoring.release.delta'), (
            <input {...aria('delta', true)} type="number" inputMode="decimal" min={0} max={1} step="any" value={draft.delta} onChange={(e) => set('delta', e.target.value)} dir="ltr" />
          ), t('monitoring.release.deltaHint', { remaining: budget ? formatPrivacy(budget.remaining.delta, locale) : '–' }))}
        </div>
      )}
      {draft.mechanism === 'none' && <p className="alert alert-warn">{t('monitoring.release.noneWarning')}</p>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('monitoring.release.submit')}</button>
      </div>
      {over && (
        <div className="alert alert-error" role="alert" data-testid="over-budget">
          <strong>{t('monitoring.release.overBudget')}</strong>
          <p>{over.budget
            ? t('monitoring.release.overBudgetDetail', { epsilon: formatPrivacy(over.budget.remaining.epsilon, locale), delta: formatPrivacy(over.budget.remaining.delta, locale) })
            : over.problem.detail || over.problem.title}</p>
        </div>
      )}
      <ErrorBox error={shownError} testId="release-error" />
    </form>
  );
}
