/**
 * The report's indicator codes: picked from the FIU's code list when the server offers it (search
 * by code or words of the label, up to 20 matches shown), else typed as codes. Chosen codes are
 * chips that can be removed with the keyboard.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { GoamlCode } from '../../api/finance-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { searchCodes, INDICATOR_CODE } from './fiu-case-form.ts';

export function IndicatorPicker({ value, onChange, codes, disabled }: {
  value: readonly string[];
  onChange: (codes: string[]) => void;
  /** the FIU's indicator list, or null when the server does not offer it */
  codes: readonly GoamlCode[] | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const matches = useMemo(() => (codes ? searchCodes(codes, query, value, 20) : []), [codes, query, value]);
  const labels = useMemo(() => new Map((codes ?? []).map((c) => [c.code, c.label])), [codes]);
  const add = (code: string) => {
    const c = code.trim();
    if (!c || value.includes(c)) return;
    onChange([...value, c]);
    setQuery('');
  };
  const typed = query.trim();
  const typedOk = codes === null && INDICATOR_CODE.test(typed);

  function onKey(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (codes === null) {
      if (typedOk) add(typed);
    } else if (matches[0]) {
      add(matches[0].code);
    }
  }

  return (
    <fieldset className="field" data-testid="indicators">
      <legend>{t('finance.fiu.indicators')}</legend>
      <ul className="finance-indicators" aria-label={t('finance.fiu.chosenIndicators')} data-testid="indicator-chosen">
        {value.length === 0 && <li className="muted small">{t('finance.fiu.noIndicators')}</li>}
        {value.map((c) => (
          <li key={c} className="badge" data-testid="indicator" data-code={c} title={labels.get(c)}>
            <code dir="ltr">{c}</code>
            {!disabled && (
              <button type="button" className="btn-link" onClick={() => onChange(value.filter((v) => v !== c))}
                aria-label={t('finance.fiu.removeIndicator', { code: c })} data-testid="indicator-remove">×</button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <>
          <label htmlFor={`${id}-q`} className="sr-only">{codes ? t('finance.fiu.indicatorSearch') : t('finance.fiu.indicatorCode')}</label>
          <input id={`${id}-q`} type="search" value={query} autoComplete="off" dir="auto" maxLength={100}
            placeholder={codes ? t('finance.fiu.indicatorSearch') : t('finance.fiu.indicatorCode')} aria-describedby={`${id}-hint`}
            onChange={(e) => setQuery(e.target.value)} onKeyDown={onKey} data-testid="indicator-search" />
          <p id={`${id}-hint`} className="hint">{codes ? t('finance.fiu.indicatorHint') : t('finance.fiu.indicatorFreeHint')}</p>
          {codes === null ? (
            <button type="button" className="btn btn-small" disabled={!typedOk} onClick={() => add(typed)} data-testid="indicator-add">{t('finance.fiu.addIndicator')}</button>
          ) : query.trim() !== '' && (
            <ul className="list compact" data-testid="indicator-matches">
              {matches.length === 0 && <li className="list-item muted small">{t('search.noResults')}</li>}
              {matches.map((c) => (
                <li key={c.code} className="list-item">
                  <button type="button" className="btn-link" onClick={() => add(c.code)} data-testid="indicator-match" data-code={c.code}>
                    <code dir="ltr">{c.code}</code>
                  </button>{c.label && <span className="small"> — {c.label}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}
