/** A schema picker: non-abstract schemata grouped under headings, labels in the active locale. */
import type { Schemata } from '../schema/schema-model.ts';
import { groupSchemata } from '../schema/schema-model.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Props {
  readonly id: string;
  readonly schemata: Schemata;
  readonly value: string;
  readonly onChange: (schema: string) => void;
  /** Label of the empty choice ("all types" in filters, "choose…" in forms). */
  readonly emptyLabel: string;
  readonly testId: string;
  readonly required?: boolean;
  readonly disabled?: boolean;
}

export function SchemaSelect({ id, schemata, value, onChange, emptyLabel, testId, required, disabled }: Props) {
  const { t, locale } = useI18n();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} required={required} disabled={disabled}>
      <option value="">{emptyLabel}</option>
      {groupSchemata(schemata, locale).map(({ group, schemata: list }) => (
        <optgroup key={group} label={t(`schemaGroup.${group}`)}>
          {list.map((s) => (
            <option key={s.name} value={s.name}>{s.label}</option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
