/**
 * The pure part of a list import: checking the parsed designations, reducing each to the content
 * that is compared between versions, hashing it, and naming what changed. No database here, so the
 * rules of a delta can be read and tested on their own.
 */
import { AriadneError, type EntityData } from '@ariadne/schema';
import { contentHash } from './journal-hash.ts';
import type { ListEntry, ListEntryInput, ListRecordErrorInput } from './screening-types.ts';

/**
 * a designation reduced to what is compared between versions, with its hash: its entities sorted
 * by id, each only `id`, `schema` and non-empty `properties`
 */
export type PreparedEntry = Omit<ListEntry, 'list' | 'firstVersionId'>;

/** at most this many per-record parse errors are kept per version (the count keeps them all) */
export const MAX_STORED_ERRORS = 1000;
const MAX_REFERENCE = 200;
const MAX_ERROR_RECORD = 200;
const MAX_ERROR_MESSAGE = 1000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** PostgreSQL text and jsonb refuse NUL and lone surrogates; a hostile file must not abort the import for them */
export function storableText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/** a list reference is printed in deltas, logs and exports: no line breaks or terminal escapes */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function invalid(entry: string, message: string): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details: { entries: entry.slice(0, MAX_REFERENCE) } });
}

/**
 * Checks and reduces every designation of an import. A list that names one reference twice is
 * malformed as a whole: which of the two records is the designation cannot be decided here.
 *
 * @example
 * const [p] = prepareListEntries([{ entry: 'QDi.900', subjectId: 's1', entities: [{ id: 's1', schema: 'Person', properties: { name: ['Testperson Alpha'] } }] }]);
 * p.caption // 'Testperson Alpha'
 */
export function prepareListEntries(inputs: readonly ListEntryInput[]): PreparedEntry[] {
  const seen = new Set<string>();
  return inputs.map((input) => {
    const entry = typeof input.entry === 'string' ? input.entry : '';
    if (entry.length === 0 || entry.length > MAX_REFERENCE || entry !== storableText(entry) || hasControlCharacter(entry)) {
      throw invalid(entry, `The list reference "${storableText(entry).slice(0, 40)}" is empty, too long or holds control characters.`);
    }
    if (seen.has(entry)) throw invalid(entry, `The list names "${entry}" twice; a designation has one record.`);
    seen.add(entry);
    if (!Array.isArray(input.entities) || input.entities.length === 0) throw invalid(entry, `Designation "${entry}" has no entities.`);
    const entities = input.entities.map((e) => reduceEntity(entry, e)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 1; i < entities.length; i += 1) {
      if (entities[i]!.id === entities[i - 1]!.id) throw invalid(entry, `Designation "${entry}" holds entity "${entities[i]!.id}" twice.`);
    }
    const subject = entities.find((e) => e.id === input.subjectId);
    if (!subject) throw invalid(entry, `The subject of designation "${entry}" is not among its entities.`);
    return {
      entry, subjectId: subject.id, schema: subject.schema, caption: subject.properties.name?.[0] ?? entry,
      entities, contentHash: contentHash(entities),
    };
  });
}

function reduceEntity(entry: string, raw: EntityData): EntityData {
  if (!raw || typeof raw.id !== 'string' || raw.id.length === 0 || typeof raw.schema !== 'string' || raw.schema.length === 0) {
    throw invalid(entry, `Designation "${entry}" holds an entity without an id or schema.`);
  }
  const properties: Record<string, string[]> = {};
  for (const [prop, values] of Object.entries(raw.properties ?? {})) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      throw invalid(entry, `Designation "${entry}" has a property "${storableText(prop).slice(0, 60)}" whose values are not strings.`);
    }
    // value order is kept: the first name is the list's primary name
    if (values.length > 0) properties[storableText(prop)] = values.map(storableText);
  }
  return { id: storableText(raw.id), schema: storableText(raw.schema), properties };
}

/**
 * What differs between two contents of one designation: the subject's property names (and
 * `schema` when it changed); a difference in another entity (its Sanction, an Address…) is named
 * `<Schema>.<property>`, an entity that appeared or went `<Schema>`, a new subject id `id`. Sorted, without repeats.
 *
 * @example
 * changedFields(before, after) // ['alias', 'birthDate']
 */
export function changedFields(subjectId: string, before: readonly EntityData[], after: readonly EntityData[]): string[] {
  const fields = new Set<string>();
  const old = new Map(before.map((e) => [e.id, e]));
  const now = new Map(after.map((e) => [e.id, e]));
  for (const id of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(id);
    const b = now.get(id);
    const prefix = id === subjectId ? '' : `${(b ?? a)!.schema}.`;
    if (!a || !b) {
      fields.add(id === subjectId ? 'id' : (b ?? a)!.schema);
      continue;
    }
    if (a.schema !== b.schema) fields.add(`${prefix}schema`);
    for (const prop of new Set([...Object.keys(a.properties), ...Object.keys(b.properties)])) {
      if (!sameValues(a.properties[prop], b.properties[prop])) fields.add(`${prefix}${prop}`);
    }
  }
  return [...fields].sort();
}

function sameValues(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** the errors kept with a version: the first 1,000, each cut to a readable size */
export function storedErrors(errors: readonly ListRecordErrorInput[]): ListRecordErrorInput[] {
  return errors.slice(0, MAX_STORED_ERRORS).map((e) => ({
    record: storableText(String(e.record ?? '')).slice(0, MAX_ERROR_RECORD),
    message: storableText(String(e.message ?? '')).slice(0, MAX_ERROR_MESSAGE),
  }));
}
