/**
 * The persons and organisations an MLA request concerns, picked from the case's records (searched
 * with the search API, limited to the case): each with its role and, for anyone but a victim, the
 * name as it should appear, aliases, birth date, nationality and whereabouts. A victim is shown by
 * their profile's pseudonym (or as "a victim's record") and sent by record id only: the server
 * replaces it by the partner's pseudonym, and no name, alias, birth date or whereabouts travels.
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { SUBJECT_ROLES, VICTIM_ROLE, type SubjectRole } from '../../api/sharing-types.ts';
import type { SearchHit } from '../../api/types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { isA } from '../../schema/schema-model.ts';
import { useSchema } from '../../schema/SchemaProvider.tsx';
import { AreaField, CountryField, fieldId, MlaField, TextField, type ProblemOf } from './MlaFields.tsx';
import { addSubject, defaultRole, removeSubject, roleKey, updateSubject, type MlaDraft, type SubjectDraft } from './mla-form.ts';

/** what kind of record a search hit is, from the schema model */
function useKindOf(): (schema: string) => { person: boolean; legalEntity: boolean; sealed: boolean } | null {
  const { model } = useSchema();
  return (schema) => {
    const schemata = model?.schemata;
    if (!schemata?.[schema]) return null;
    const person = isA(schemata, schema, 'Person');
    const legalEntity = isA(schemata, schema, 'LegalEntity');
    const sealed = Boolean(schemata[schema]?.sealed) && isA(schemata, schema, 'VictimProfile');
    return person || legalEntity || sealed ? { person, legalEntity, sealed } : null;
  };
}

function SubjectPicker({ caseId, draft, onChange }: { caseId: string; draft: MlaDraft; onChange: (next: MlaDraft) => void }) {
  const { t } = useI18n();
  const { label } = useSchema();
  const kindOf = useKindOf();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const hits = useAsync(
    () => (debounced.length >= 2 ? api.search({ q: debounced, caseId, limit: 20 }) : Promise.resolve({ items: [] as SearchHit[], next: null })),
    [debounced, caseId],
  );
  const chosen = new Set(draft.subjects.map((s) => s.entityId));
  const found = (hits.data?.items ?? []).flatMap((hit) => {
    const kind = kindOf(hit.schema);
    return kind ? [{ hit, kind }] : [];
  });

  function pick(hit: SearchHit, kind: { person: boolean; legalEntity: boolean; sealed: boolean }): void {
    onChange(addSubject(draft, { id: hit.id, schema: hit.schema, caption: hit.caption, sealed: kind.sealed, role: defaultRole({ schema: hit.schema, ...kind }) }));
  }

  return (
    <div className="mla-picker">
      <div className="field">
        <label htmlFor="mla-subject-search">{t('sharing.mla.subject.search')}</label>
        <input id="mla-subject-search" type="search" value={q} dir="auto" onChange={(e) => setQ(e.target.value)} aria-describedby="mla-subject-search-hint"
          data-testid="mla-subject-search" autoComplete="off" />
        <p id="mla-subject-search-hint" className="hint">{t('sharing.mla.subject.searchHint')}</p>
      </div>
      <ErrorBox error={hits.error} />
      {debounced.length >= 2 && !hits.loading && found.length === 0 && !hits.error && <p className="muted small">{t('sharing.mla.subject.noHits')}</p>}
      {found.length > 0 && (
        <ul className="list compact mla-hits" data-testid="mla-subject-hits">
          {found.map(({ hit, kind }) => (
            <li key={hit.id} className="list-item row" data-testid="mla-subject-hit" data-entity-id={hit.id}>
              <span className="list-title">
                <bdi>{hit.caption}</bdi>{' '}
                <span className="badge">{label(hit.schema)}</span>
              </span>
              <button type="button" className="btn btn-small" disabled={chosen.has(hit.id)} onClick={() => pick(hit, kind)} data-testid="mla-subject-add">
                {chosen.has(hit.id) ? t('sharing.mla.subject.added') : t('sharing.mla.subject.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SubjectCard({ subject, index, draft, onChange, problemOf }: {
  subject: SubjectDraft;
  index: number;
  draft: MlaDraft;
  onChange: (next: MlaDraft) => void;
  problemOf: ProblemOf;
}) {
  const { t } = useI18n();
  const { label } = useSchema();
  const at = `subjects.${index}`;
  const victim = subject.role === VICTIM_ROLE;
  const set = (patch: Parameters<typeof updateSubject>[2]) => onChange(updateSubject(draft, subject.entityId, patch));
  return (
    <div className="mla-item" data-testid="mla-subject" data-entity-id={subject.entityId} data-role={subject.role}>
      <div className="mla-item-head">
        <h4>
          {victim
            ? <span data-testid="mla-subject-victim">{subject.localPseudonym ? <bdi>{subject.localPseudonym}</bdi> : t('sharing.mla.subject.victimRecord')}</span>
            : <bdi>{subject.name || subject.entityId}</bdi>}{' '}
          <span className="badge">{label(subject.schema)}</span>
        </h4>
        <button type="button" className="btn btn-small" onClick={() => onChange(removeSubject(draft, subject.entityId))} data-testid="mla-subject-remove">
          {t('sharing.mla.remove')}
        </button>
      </div>
      <p className="small muted"><Link to={paths.entity(subject.entityId)}><code dir="ltr">{subject.entityId}</code></Link></p>
      {problemOf(`${at}.entityId`) && <p className="field-error" data-testid="mla-field-problem" data-path={`${at}.entityId`}>{problemOf(`${at}.entityId`)}</p>}
      <MlaField path={`${at}.role`} label={t('sharing.mla.subject.role')} problemOf={problemOf}>
        <select id={fieldId(`${at}.role`)} value={subject.role} onChange={(e) => set({ role: e.target.value as SubjectRole })} data-testid={fieldId(`${at}.role`)}>
          {SUBJECT_ROLES.map((r) => <option key={r} value={r}>{t(`sharing.mla.role.${roleKey(r)}`)}</option>)}
        </select>
      </MlaField>
      {victim ? (
        <p className="hint mla-victim-note" data-testid="mla-victim-note">{t('sharing.mla.subject.victimNote')}</p>
      ) : (
        <>
          <TextField path={`${at}.name`} label={t('sharing.mla.subject.name')} value={subject.name} onChange={(v) => set({ name: v })} problemOf={problemOf} />
          <TextField path={`${at}.aliases`} label={t('sharing.mla.subject.aliases')} hint={t('sharing.mla.subject.aliasesHint')} value={subject.aliases}
            onChange={(v) => set({ aliases: v })} problemOf={problemOf} />
          {subject.role !== 'company' && (
            <TextField path={`${at}.birthDate`} label={t('sharing.mla.subject.birthDate')} hint={t('sharing.mla.subject.birthDateHint')} value={subject.birthDate}
              onChange={(v) => set({ birthDate: v })} problemOf={problemOf} dir="ltr" placeholder="1980-02" />
          )}
        </>
      )}
      <CountryField path={`${at}.nationality`} label={t(subject.role === 'company' ? 'sharing.mla.subject.registeredIn' : 'sharing.mla.subject.nationality')}
        value={subject.nationality} onChange={(v) => set({ nationality: v })} problemOf={problemOf} />
      {!victim && (
        <AreaField path={`${at}.whereabouts`} label={t('sharing.mla.subject.whereabouts')} value={subject.whereabouts} onChange={(v) => set({ whereabouts: v })}
          problemOf={problemOf} rows={2} />
      )}
    </div>
  );
}

export function MlaSubjects({ caseId, draft, onChange, problemOf }: { caseId: string; draft: MlaDraft; onChange: (next: MlaDraft) => void; problemOf: ProblemOf }) {
  const { t } = useI18n();
  const listProblem = problemOf('subjects');
  return (
    <fieldset className="mla-section" data-testid="mla-subjects">
      <legend>{t('sharing.mla.section.subjects')}</legend>
      <p className="hint">{t('sharing.mla.subject.intro')}</p>
      {listProblem && <p className="field-error" data-testid="mla-field-problem" data-path="subjects">{listProblem}</p>}
      {draft.subjects.map((s, i) => <SubjectCard key={s.entityId} subject={s} index={i} draft={draft} onChange={onChange} problemOf={problemOf} />)}
      <SubjectPicker caseId={caseId} draft={draft} onChange={onChange} />
    </fieldset>
  );
}
