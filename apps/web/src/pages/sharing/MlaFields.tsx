/**
 * The MLA request form's field pieces: a labelled field named by its request path (its id, test id
 * and the problem shown under it all come from the path), one-line and multi-line inputs, a country
 * code input that names the country in the UI language, and an authority's four fields.
 */
import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { AuthorityDraft } from './mla-form.ts';

/** the problem to show under the field at a request path (already in words), if any */
export type ProblemOf = (path: string) => string | undefined;

/** the DOM id of the field at a request path: `offences.0.name` → `mla-offences-0-name` */
export function fieldId(path: string): string {
  return `mla-${path.replace(/\./g, '-')}`;
}

export function MlaField({ path, label, hint, problemOf, children }: { path: string; label: string; hint?: string; problemOf: ProblemOf; children: ReactNode }) {
  const id = fieldId(path);
  const problem = problemOf(path);
  return (
    <div className={problem ? 'field has-error' : 'field'} data-field={path}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {problem && <p className="field-error" id={`${id}-problem`} data-testid="mla-field-problem" data-path={path}>{problem}</p>}
    </div>
  );
}

function describedBy(path: string, hint: boolean, problem: boolean): string | undefined {
  const id = fieldId(path);
  const ids = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface InputProps {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problemOf: ProblemOf;
  hint?: string;
  placeholder?: string;
  /** `ltr` for codes, dates and references; `auto` (the default) for text in any script */
  dir?: 'ltr' | 'auto';
}

export function TextField({ path, label, value, onChange, problemOf, hint, placeholder, dir = 'auto', maxLength }: InputProps & { maxLength?: number }) {
  const problem = problemOf(path);
  return (
    <MlaField path={path} label={label} hint={hint} problemOf={problemOf}>
      <input id={fieldId(path)} type="text" value={value} dir={dir} placeholder={placeholder} maxLength={maxLength} onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined} aria-describedby={describedBy(path, Boolean(hint), Boolean(problem))} data-testid={fieldId(path)} />
    </MlaField>
  );
}

export function AreaField({ path, label, value, onChange, problemOf, hint, placeholder, rows = 3, dir = 'auto' }: InputProps & { rows?: number }) {
  const problem = problemOf(path);
  return (
    <MlaField path={path} label={label} hint={hint} problemOf={problemOf}>
      <textarea id={fieldId(path)} rows={rows} value={value} dir={dir} placeholder={placeholder} onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined} aria-describedby={describedBy(path, Boolean(hint), Boolean(problem))} data-testid={fieldId(path)} />
    </MlaField>
  );
}

/** an ISO 3166-1 alpha-2 code, with the country's name in the UI language under it */
export function CountryField({ path, label, value, onChange, problemOf }: Omit<InputProps, 'hint' | 'placeholder' | 'dir'>) {
  const { t, locale } = useI18n();
  const names = useMemo(() => {
    try {
      return new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      return null;
    }
  }, [locale]);
  const code = value.trim().toUpperCase();
  let name: string | undefined;
  try {
    name = /^[A-Z]{2}$/.test(code) ? names?.of(code) : undefined;
  } catch {
    name = undefined;
  }
  return (
    <TextField path={path} label={label} value={value} onChange={(v) => onChange(v.toUpperCase())} problemOf={problemOf} dir="ltr" maxLength={2}
      placeholder="IQ" hint={name && name !== code ? name : t('sharing.mla.countryHint')} />
  );
}

/** an authority: an office of a State (name, country, postal address, the function that handles the request) */
export function AuthorityFields({ at, legend, value, onChange, problemOf }: {
  at: 'requestingAuthority' | 'requestedAuthority';
  legend: string;
  value: AuthorityDraft;
  onChange: (next: AuthorityDraft) => void;
  problemOf: ProblemOf;
}) {
  const { t } = useI18n();
  const set = (key: keyof AuthorityDraft) => (v: string) => onChange({ ...value, [key]: v });
  return (
    <fieldset className="mla-group" data-testid={fieldId(at)}>
      <legend>{legend}</legend>
      <TextField path={`${at}.name`} label={t('sharing.mla.authority.name')} hint={t('sharing.mla.authority.nameHint')} value={value.name} onChange={set('name')} problemOf={problemOf} />
      <CountryField path={`${at}.country`} label={t('sharing.mla.authority.country')} value={value.country} onChange={set('country')} problemOf={problemOf} />
      <AreaField path={`${at}.address`} label={t('sharing.mla.authority.address')} value={value.address} onChange={set('address')} problemOf={problemOf} rows={2} />
      <TextField path={`${at}.contactRole`} label={t('sharing.mla.authority.contactRole')} hint={t('sharing.mla.authority.contactRoleHint')} value={value.contactRole}
        onChange={set('contactRole')} problemOf={problemOf} />
    </fieldset>
  );
}
