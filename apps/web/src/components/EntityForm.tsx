/**
 * The schema-driven create/edit form: pick a schema, then one field per editable property
 * (featured and required first, the rest under "more properties"). Server validation errors
 * are shown next to their fields.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import { fieldErrors } from '../api/problem.ts';
import type { Entity, EntityDetail, Properties, SchemaResponse } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAction } from '../lib/use-action.ts';
import { formProperties } from '../schema/schema-model.ts';
import { ErrorBox } from './ErrorBox.tsx';
import {
  addValue, initialFormState, missingRequired, removeValue, setValue, toCreateProperties,
  toPatchProperties, isPartialDate, type FormState,
} from './form-state.ts';
import { PropertyField } from './PropertyField.tsx';
import { SchemaSelect } from './SchemaSelect.tsx';

const NO_PROPERTIES: Properties = {};

type Mode = { kind: 'create'; caseId: string } | { kind: 'edit'; entity: EntityDetail };

interface Props {
  readonly model: SchemaResponse;
  readonly mode: Mode;
  readonly onSaved: (entity: Entity) => void;
  readonly onCancel: () => void;
}

export function EntityForm({ model, mode, onSaved, onCancel }: Props) {
  const { t, locale } = useI18n();
  const original = mode.kind === 'edit' ? mode.entity.properties : NO_PROPERTIES;
  const [schemaName, setSchemaName] = useState(mode.kind === 'edit' ? mode.entity.schema : '');
  const [state, setState] = useState<FormState>(() => initialFormState(original));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy: saving, error: problem, run, clearError } = useAction();
  const schema = schemaName ? model.schemata[schemaName] : undefined;
  const caseId = mode.kind === 'create' ? mode.caseId : mode.entity.caseId;

  const { primary, more } = useMemo(
    () => (schema ? formProperties(schema, { locale, alsoPrimary: Object.keys(original) }) : { primary: [], more: [] }),
    [schema, locale, original],
  );

  function validateLocally(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!schema) return out;
    for (const prop of missingRequired(schema.required, state)) out[prop] = t('form.requiredMissing');
    for (const p of Object.values(schema.properties)) {
      if (p.type !== 'date') continue;
      if ((state[p.name] ?? []).some((v) => v.trim() && !isPartialDate(v))) out[p.name] = t('form.hint.date');
    }
    return out;
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!schema) return;
    const local = validateLocally();
    setErrors(local);
    clearError();
    if (Object.keys(local).length) return;
    await run(async () => {
      try {
        const saved = mode.kind === 'create'
          ? await api.createEntity({ caseId: mode.caseId, schema: schema.name, properties: toCreateProperties(state) })
          : await api.updateEntity(mode.entity.id, toPatchProperties(original, state));
        onSaved(saved);
      } catch (error) {
        // the hook keeps the problem; its per-field messages go next to their fields
        if (error instanceof ApiError) setErrors(fieldErrors(error.problem.errors));
        throw error;
      }
    });
  }

  function field(name: string) {
    const prop = schema!.properties[name]!;
    const options = prop.values ?? model.types?.[prop.type]?.values;
    return (
      <PropertyField
        key={name}
        prop={prop}
        values={state[name] ?? []}
        required={schema!.required.includes(name)}
        error={errors[name]}
        options={options}
        caseId={caseId}
        onChange={(i, v) => setState((s) => setValue(s, name, i, v))}
        onAdd={() => setState((s) => addValue(s, name))}
        onRemove={(i) => setState((s) => removeValue(s, name, i))}
      />
    );
  }

  const unplaced = Object.keys(errors).filter((k) => !schema?.properties[k]);
  return (
    <form className="entity-form" onSubmit={submit} noValidate data-testid="entity-form">
      <div className="field">
        <label htmlFor="entity-schema">{t('form.schema')}</label>
        <SchemaSelect id="entity-schema" schemata={model.schemata} value={schemaName} onChange={setSchemaName}
          emptyLabel={t('form.chooseSchema')} testId="schema-select" required disabled={mode.kind === 'edit'} />
        {schema?.description && <p className="hint">{schema.description}</p>}
      </div>
      {schema && (
        <>
          <div className="field-grid">{primary.map((p) => field(p.name))}</div>
          {more.length > 0 && (
            <details className="more-props">
              <summary>{t('form.moreProperties', { count: more.length })}</summary>
              <div className="field-grid">{more.map((p) => field(p.name))}</div>
            </details>
          )}
        </>
      )}
      <ErrorBox error={problem} testId="form-error" showFields={unplaced.length > 0} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!schema || saving} data-testid="save-entity">
          {saving ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
