/**
 * The column-map editor of a CSV import: for each field of a transaction, which column of the
 * file's header holds it (the header is read in the browser from the chosen file), how the file is
 * written (delimiter, decimal separator, a currency for rows without one), and maps saved in this
 * browser to reuse for the next file exported the same way.
 */
import { useEffect, useId, useState } from 'react';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, type ColumnField } from '../../api/finance-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { DELIMITERS } from './csv-header.ts';
import { deleteMap, saveMap, type ColumnMapDraft, type MapCheck, type SavedColumnMap } from './column-maps.ts';

/** the browser's storage, or null when it is disabled (private mode, policy) */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const DELIMITER_LABELS: Readonly<Record<string, string>> = { ',': 'finance.map.comma', ';': 'finance.map.semicolon', '\t': 'finance.map.tab', '|': 'finance.map.pipe' };
/** the optional fields shown without opening "more columns" */
const COMMON_OPTIONAL: readonly ColumnField[] = ['currency', 'type', 'from_country', 'to_country'];

function FieldRow({ field, header, value, onChange, required, invalid }: {
  field: ColumnField;
  header: readonly string[] | null;
  value: string;
  onChange: (name: string) => void;
  required: boolean;
  invalid: boolean;
}) {
  const { t } = useI18n();
  const id = `map-${field}`;
  return (
    <tr>
      <th scope="row">
        <label htmlFor={id}>{t(`finance.map.field.${field}`)}{required && <span className="required" aria-hidden="true"> *</span>}</label>
      </th>
      <td>
        {header ? (
          <select id={id} value={value} required={required} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)} data-testid={id}>
            <option value="">{required ? t('finance.map.choose') : t('finance.map.none')}</option>
            {header.map((h, i) => h && <option key={`${h}-${i}`} value={h} dir="auto">{h}</option>)}
            {value && !header.includes(value) && <option value={value} dir="auto">{t('finance.map.notInFile', { name: value })}</option>}
          </select>
        ) : (
          <input id={id} value={value} required={required} aria-invalid={invalid || undefined} dir="auto" maxLength={256}
            onChange={(e) => onChange(e.target.value)} data-testid={id} />
        )}
      </td>
    </tr>
  );
}

export function ColumnMapEditor({ header, draft, check, onChange, onDelimiter, saved, onSaved, appliedName, onApply }: {
  /** the file's header row, or null when it could not be read (names are typed then) */
  header: readonly string[] | null;
  draft: ColumnMapDraft;
  check: MapCheck;
  onChange: (draft: ColumnMapDraft) => void;
  /** the user picked another delimiter: the header is read again with it */
  onDelimiter: (delimiter: string) => void;
  saved: readonly SavedColumnMap[];
  onSaved: (maps: SavedColumnMap[]) => void;
  /** the saved map in use, if one is */
  appliedName: string | null;
  onApply: (map: SavedColumnMap) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [name, setName] = useState(appliedName ?? '');
  const [pick, setPick] = useState('');
  const [message, setMessage] = useState('');
  // a map applied by the panel (the one that fits a new file) is the one to save again under its name
  useEffect(() => {
    if (appliedName) setName(appliedName);
  }, [appliedName]);
  const bad = new Set<ColumnField>(check.ok ? [] : [...check.missing, ...check.absent]);
  const setColumn = (field: ColumnField, value: string) => {
    const columns = { ...draft.columns };
    if (value) columns[field] = value;
    else delete columns[field];
    onChange({ ...draft, columns });
  };
  const row = (field: ColumnField, required: boolean) => (
    <FieldRow key={field} field={field} header={header} value={draft.columns[field] ?? ''} required={required} invalid={bad.has(field)}
      onChange={(v) => setColumn(field, v)} />
  );

  function save(): void {
    if (!check.ok || !name.trim()) return;
    const { maps, stored } = saveMap(browserStorage(), name, check.map, new Date());
    onSaved(maps);
    setMessage(stored ? t('finance.map.saved', { name: name.trim() }) : t('finance.map.notStored'));
  }

  function use(): void {
    const m = saved.find((x) => x.name === pick);
    if (!m) return;
    onApply(m);
    setName(m.name);
    setMessage(t('finance.map.applied', { name: m.name }));
  }

  function remove(mapName: string): void {
    onSaved(deleteMap(browserStorage(), mapName));
    setPick('');
    setMessage(t('finance.map.deleted', { name: mapName }));
  }

  return (
    <fieldset className="card finance-map" data-testid="column-map">
      <legend>{t('finance.map.title')}</legend>
      <p className="hint">{header ? t('finance.map.hint', { count: header.length }) : t('finance.map.noHeader')}</p>
      {appliedName && <p className="small" data-testid="column-map-applied">{t('finance.map.applied', { name: appliedName })}</p>}
      {saved.length > 0 && (
        <div className="inline-form">
          <label htmlFor={`${ids}-saved`}>{t('finance.map.savedMaps')}</label>
          <select id={`${ids}-saved`} value={pick} onChange={(e) => setPick(e.target.value)} data-testid="column-map-saved">
            <option value="">{t('finance.map.chooseSaved')}</option>
            {saved.map((m) => <option key={m.name} value={m.name} dir="auto">{m.name}</option>)}
          </select>
          <button type="button" className="btn btn-small" disabled={!pick} onClick={use} data-testid="column-map-apply">
            {t('finance.map.apply')}
          </button>
          <button type="button" className="btn btn-small btn-danger-quiet" disabled={!pick} onClick={() => remove(pick)} data-testid="column-map-delete">
            {t('finance.map.delete')}
          </button>
        </div>
      )}
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${ids}-delimiter`}>{t('finance.map.delimiter')}</label>
          <select id={`${ids}-delimiter`} value={draft.delimiter} onChange={(e) => onDelimiter(e.target.value)} data-testid="column-map-delimiter">
            {DELIMITERS.map((d) => <option key={d} value={d}>{t(DELIMITER_LABELS[d]!)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-decimal`}>{t('finance.map.decimal')}</label>
          <select id={`${ids}-decimal`} value={draft.decimalSeparator} data-testid="column-map-decimal"
            onChange={(e) => onChange({ ...draft, decimalSeparator: e.target.value === ',' ? ',' : '.' })}>
            <option value=".">{t('finance.map.decimalPoint')}</option>
            <option value=",">{t('finance.map.decimalComma')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-currency`}>{t('finance.map.defaultCurrency')}</label>
          <input id={`${ids}-currency`} value={draft.defaultCurrency} maxLength={3} dir="ltr" autoComplete="off" placeholder="USD"
            aria-invalid={(!check.ok && check.badCurrency) || undefined} aria-describedby={`${ids}-currency-hint`}
            onChange={(e) => onChange({ ...draft, defaultCurrency: e.target.value.toUpperCase() })} data-testid="column-map-currency" />
          <p id={`${ids}-currency-hint`} className="hint">{t('finance.map.defaultCurrencyHint')}</p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="table props">
          <caption className="sr-only">{t('finance.map.columns')}</caption>
          <tbody>
            {REQUIRED_COLUMNS.map((f) => row(f, true))}
            {COMMON_OPTIONAL.map((f) => row(f, false))}
          </tbody>
        </table>
      </div>
      <details className="more-props">
        <summary>{t('finance.map.more')}</summary>
        <table className="table props">
          <caption className="sr-only">{t('finance.map.more')}</caption>
          <tbody>{OPTIONAL_COLUMNS.filter((f) => !COMMON_OPTIONAL.includes(f)).map((f) => row(f, false))}</tbody>
        </table>
      </details>
      {!check.ok && (
        <ul className="small danger" data-testid="column-map-problems">
          {check.missing.length > 0 && <li>{t('finance.map.missing', { fields: check.missing.map((f) => t(`finance.map.field.${f}`)).join(', ') })}</li>}
          {check.absent.length > 0 && <li>{t('finance.map.absent', { fields: check.absent.map((f) => t(`finance.map.field.${f}`)).join(', ') })}</li>}
          {check.badCurrency && <li>{t('finance.map.badCurrency')}</li>}
        </ul>
      )}
      <div className="inline-form">
        <label htmlFor={`${ids}-name`}>{t('finance.map.saveAs')}</label>
        <input id={`${ids}-name`} value={name} maxLength={80} dir="auto" onChange={(e) => setName(e.target.value)} data-testid="column-map-name" />
        <button type="button" className="btn btn-small" disabled={!check.ok || !name.trim()} onClick={save} data-testid="column-map-save">{t('finance.map.save')}</button>
      </div>
      <p className="small" role="status" aria-live="polite" data-testid="column-map-status">{message}</p>
    </fieldset>
  );
}
