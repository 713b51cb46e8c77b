/**
 * The "what may leave" part of a new agreement, built from the schema API: tick a schema, then
 * the properties of it that may travel and those that travel only as keyed pseudonyms. Schemata
 * already chosen stay on top; the rest can be searched by name.
 */
import { useState } from 'react';
import type { SchemaView } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useSchema } from '../../schema/SchemaProvider.tsx';
import { Loading } from '../../components/Status.tsx';
import {
  defaultProperties, shareableProperties, shareableSchemata, toggleProperty, togglePseudonym, toggleSchema, type AgreementDraft,
} from './terms-form.ts';

function ChosenSchema({ schema, draft, onChange }: { schema: SchemaView; draft: AgreementDraft; onChange: (next: AgreementDraft) => void }) {
  const { t, locale } = useI18n();
  const allowed = new Set(draft.allowed[schema.name] ?? []);
  const pseudonyms = new Set(draft.pseudonymise[schema.name] ?? []);
  const props = shareableProperties(schema, locale);
  const id = (prop: string, what: string) => `terms-${schema.name}-${prop}-${what}`;
  return (
    <fieldset className="sharing-schema" data-testid="terms-schema" data-schema={schema.name}>
      <legend>
        <label className="check">
          <input type="checkbox" checked onChange={() => onChange(toggleSchema(draft, schema.name, false, []))} data-testid="terms-schema-toggle" />
          {schema.label}
        </label>
      </legend>
      <div className="table-wrap">
        <table className="table sharing-props">
          <thead>
            <tr>
              <th scope="col">{t('sharing.form.property')}</th>
              <th scope="col">{t('sharing.form.travels')}</th>
              <th scope="col">{t('sharing.form.asPseudonym')}</th>
            </tr>
          </thead>
          <tbody>
            {props.map((p) => (
              <tr key={p.name} data-testid="terms-property" data-property={p.name}>
                <th scope="row">
                  <label htmlFor={id(p.name, 'allow')}>{p.label}</label>
                  {p.required && <span className="hint sharing-required"> {t('sharing.form.required')}</span>}
                </th>
                <td>
                  <input id={id(p.name, 'allow')} type="checkbox" checked={p.required || allowed.has(p.name)} disabled={p.required}
                    onChange={(e) => onChange(toggleProperty(draft, schema.name, p.name, e.target.checked))} data-testid="terms-property-allow" />
                </td>
                <td>
                  {p.pseudonymisable && (
                    <input type="checkbox" checked={pseudonyms.has(p.name)} aria-label={t('sharing.form.asPseudonymOf', { property: p.label })}
                      onChange={(e) => onChange(togglePseudonym(draft, schema.name, p.name, e.target.checked))} data-testid="terms-property-pseudonym" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

export function SchemaChecklist({ draft, onChange, problem }: { draft: AgreementDraft; onChange: (next: AgreementDraft) => void; problem?: string }) {
  const { t, locale } = useI18n();
  const { model } = useSchema();
  const [filter, setFilter] = useState('');
  if (!model) return <Loading />;
  const chosen = shareableSchemata(model.schemata, locale).filter((s) => s.name in draft.allowed);
  const others = shareableSchemata(model.schemata, locale, filter).filter((s) => !(s.name in draft.allowed));
  return (
    <fieldset className="field" data-testid="terms-checklist" aria-describedby="terms-checklist-hint">
      <legend>{t('sharing.form.allowed')}</legend>
      <p id="terms-checklist-hint" className="hint">{t('sharing.form.allowedHint')}</p>
      {problem && <p className="field-error" role="alert">{t(problem)}</p>}
      <div className="stack">
        {chosen.map((s) => <ChosenSchema key={s.name} schema={s} draft={draft} onChange={onChange} />)}
      </div>
      <div className="field sharing-schema-search">
        <label htmlFor="terms-schema-filter">{t('sharing.form.addSchema')}</label>
        <input id="terms-schema-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" data-testid="terms-schema-filter" />
      </div>
      <ul className="sharing-schema-list" data-testid="terms-schema-choices">
        {others.map((s) => (
          <li key={s.name}>
            <label className="check">
              <input type="checkbox" checked={false} onChange={() => onChange(toggleSchema(draft, s.name, true, defaultProperties(s, locale)))}
                data-testid="terms-schema-add" data-schema={s.name} />
              {s.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
