/** One form field per property: as many inputs as values, typed by the property's type. */
import type { PropertyView } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { EntityRefInput } from './EntityRefInput.tsx';

interface Props {
  readonly prop: PropertyView;
  readonly values: readonly string[];
  readonly required: boolean;
  readonly error?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly caseId?: string;
  readonly onChange: (index: number, value: string) => void;
  readonly onAdd: () => void;
  readonly onRemove: (index: number) => void;
}

const INPUT_TYPES: Readonly<Record<string, string>> = { url: 'url', email: 'email', phone: 'tel' };

function hintKey(type: string): string | null {
  if (type === 'date') return 'form.hint.date';
  if (type === 'country') return 'form.hint.country';
  if (type === 'entity') return 'form.hint.entity';
  return null;
}

export function PropertyField({ prop, values, required, error, options, caseId, onChange, onAdd, onRemove }: Props) {
  const { t, locale } = useI18n();
  const base = `prop-${prop.name}`;
  const hint = hintKey(prop.type);
  const describedBy = [hint ? `${base}-hint` : '', error ? `${base}-error` : ''].filter(Boolean).join(' ') || undefined;
  const list = values.length ? values : [''];

  function input(value: string, index: number) {
    const id = index === 0 ? base : `${base}-${index}`;
    const common = {
      id,
      'data-testid': id,
      'aria-describedby': describedBy,
      'aria-invalid': error ? true : undefined,
      'aria-label': index === 0 ? undefined : `${prop.label} ${index + 1}`,
    };
    if (prop.type === 'entity') {
      return (
        <EntityRefInput id={id} testId={id} value={value} range={prop.range} caseId={caseId}
          describedBy={describedBy} invalid={Boolean(error)} onChange={(v) => onChange(index, v)} />
      );
    }
    if (options && Object.keys(options).length > 0) {
      const collator = new Intl.Collator(locale);
      const sorted = Object.entries(options).sort((a, b) => collator.compare(a[1], b[1]));
      return (
        <select {...common} value={value} onChange={(e) => onChange(index, e.target.value)}>
          <option value="">—</option>
          {value && !(value in options) && <option value={value}>{value}</option>}
          {sorted.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </select>
      );
    }
    if (prop.type === 'text') {
      return <textarea {...common} rows={3} value={value} onChange={(e) => onChange(index, e.target.value)} />;
    }
    return (
      <input
        {...common}
        type={INPUT_TYPES[prop.type] ?? 'text'}
        inputMode={prop.type === 'number' ? 'decimal' : undefined}
        placeholder={prop.type === 'date' ? t('form.datePlaceholder') : undefined}
        dir={prop.type === 'date' || prop.type === 'number' ? 'ltr' : undefined}
        value={value}
        onChange={(e) => onChange(index, e.target.value)}
      />
    );
  }

  return (
    <div className={`field${error ? ' field-invalid' : ''}`} data-testid={`field-${prop.name}`}>
      <label htmlFor={base}>
        {prop.label}
        {required && <span className="required" aria-hidden="true"> *</span>}
        {required && <span className="sr-only"> ({t('form.required')})</span>}
      </label>
      {list.map((value, index) => (
        <div className="value-row" key={index}>
          {input(value, index)}
          {list.length > 1 && (
            <button type="button" className="btn btn-icon" onClick={() => onRemove(index)}
              aria-label={t('form.removeValue', { label: prop.label })} title={t('form.removeValue', { label: prop.label })}>
              ×
            </button>
          )}
        </div>
      ))}
      <button type="button" className="btn-link small" onClick={onAdd} data-testid={`add-${prop.name}`}>
        + {t('form.addValue')}
      </button>
      {hint && <p id={`${base}-hint`} className="hint">{t(hint)}</p>}
      {prop.description && <p className="hint">{prop.description}</p>}
      {error && <p id={`${base}-error`} className="field-error" role="alert">{error}</p>}
    </div>
  );
}
