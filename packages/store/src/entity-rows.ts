/** Pure conversions between entities, statements and rows. */
import { createHash } from 'node:crypto';
import type { StoreModel } from './store-model.ts';
import type { EntityRecord, Properties, StatementRecord } from './types.ts';
import { joinForSearch } from './search-text.ts';

/**
 * Statement ids follow FollowTheMoney's statement key (SHA-1 of dataset.entity.prop.value), with
 * the case added: the same source saying the same thing twice is one statement, seen again.
 */
export function statementId(caseId: string | null, source: string, entityId: string, prop: string, value: string): string {
  return createHash('sha1').update(`${caseId ?? ''}\u0000${source}\u0000${entityId}\u0000${prop}\u0000${value}`).digest('hex');
}

export interface EntityRow {
  readonly id: string;
  readonly case_id: string | null;
  readonly schema: string;
  readonly caption: string;
  readonly properties: string;
  readonly names: string;
  readonly search_text: string;
  readonly sealed: boolean;
}

/**
 * The merged view stored for an entity. Sealed entities (victim data) keep neither names nor text
 * in the search columns and show a neutral caption, so no list or search leaks them.
 */
export function entityRow(model: StoreModel, caseId: string | null, entity: { id: string; schema: string; properties: Properties }): EntityRow {
  const sealed = model.isSealed(entity.schema);
  const names = sealed ? [] : model.names(entity);
  const nameSet = new Set(names);
  return {
    id: entity.id,
    case_id: caseId,
    schema: entity.schema,
    caption: entityCaption(model, entity),
    properties: JSON.stringify(sortedProperties(entity.properties)),
    names: sealed ? '' : joinForSearch(names),
    // names are in the full-text vector already (see the `fts` column): only the other text here
    search_text: sealed ? '' : joinForSearch(model.textValues(entity).filter((v) => !nameSet.has(v)), 20000),
    sealed,
  };
}

/** the caption shown for an entity: a sealed one's pseudonym (or schema and short id), never its names */
export function entityCaption(model: StoreModel, entity: { id: string; schema: string; properties: Properties }): string {
  return model.isSealed(entity.schema) ? sealedCaption(entity) : model.caption(entity) || entity.id;
}

function sealedCaption(entity: { id: string; schema: string; properties: Properties }): string {
  const pseudonym = entity.properties.pseudonym?.[0];
  return pseudonym ? pseudonym : `${entity.schema} ${entity.id.slice(0, 8)}`;
}

export function sortedProperties(properties: Properties): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(properties).sort()) {
    const values = properties[key];
    if (values && values.length > 0) out[key] = [...values];
  }
  return out;
}

/** folds live statements into properties, values in first-seen order, without duplicates */
export function propertiesFromStatements(statements: readonly { prop: string; value: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of statements) {
    const values = (out[s.prop] ??= []);
    if (!values.includes(s.value)) values.push(s.value);
  }
  return sortedProperties(out);
}

export function toEntityRecord(row: {
  id: string; case_id: string | null; schema: string; caption: string; properties: unknown; sealed: boolean; first_seen: Date; last_seen: Date;
}): EntityRecord {
  const properties = typeof row.properties === 'string' ? JSON.parse(row.properties) : row.properties;
  return {
    id: row.id,
    caseId: row.case_id,
    schema: row.schema,
    caption: row.caption,
    properties: properties as Properties,
    sealed: row.sealed,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}

export function toStatementRecord(row: {
  id: string; entity_id: string; schema: string; prop: string; value: string; case_id: string | null; source: string;
  import_id: string | null; user_id: string | null; evidence_id: string | null; first_seen: Date; last_seen: Date; retracted_at: Date | null;
}): StatementRecord {
  return {
    id: row.id, entityId: row.entity_id, schema: row.schema, prop: row.prop, value: row.value, caseId: row.case_id,
    source: row.source, importId: row.import_id, userId: row.user_id, evidenceId: row.evidence_id,
    firstSeen: row.first_seen, lastSeen: row.last_seen, retractedAt: row.retracted_at,
  };
}
