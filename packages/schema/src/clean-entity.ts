import { cleanDate } from './clean-date.ts';
import { cleanValue } from './clean-value.ts';
import { isEntityId, type EntityData } from './entity-data.ts';
import { AriadneError, type ErrorCode } from './errors.ts';
import type { AriadneModel } from './model.ts';

export interface CleanEntityOptions {
  /** true: any bad value rejects the entity; false: bad values are dropped and reported */
  readonly strict: boolean;
}

export interface CleanEntityResult {
  /** the cleaned entity, or null when it was rejected */
  readonly entity: EntityData | null;
  /** one message per property name (or `id`, `schema`, `properties`, `caption`, …); empty when clean */
  readonly errors: Readonly<Record<string, string>>;
  /** the same errors as one AriadneError (`details` = `errors`), null when clean */
  readonly error: AriadneError | null;
}

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class ErrorList {
  readonly byKey = new Map<string, string>();
  code: ErrorCode = 'VALIDATION_FAILED';
  add(key: string, message: string): void {
    const before = this.byKey.get(key);
    this.byKey.set(key, before === undefined ? message : `${before}; ${message}`);
  }
}

function cleanProperties(model: AriadneModel, schema: string, raw: Raw, errors: ErrorList): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, rawValues] of Object.entries(raw)) {
    const prop = model.property(schema, name);
    if (!prop) {
      errors.add(name, `${schema} has no property ${name}`);
      continue;
    }
    if (prop.stub) {
      errors.add(name, `${name} is the reverse of ${prop.getRange().name}:${prop.getReverse().name}; set it there`);
      continue;
    }
    const list: unknown[] = typeof rawValues === 'string' ? [rawValues] : Array.isArray(rawValues) ? rawValues : [];
    if (!Array.isArray(rawValues) && typeof rawValues !== 'string') errors.add(name, 'expected an array of strings');
    const rule = model.valueRule(prop);
    const values = new Set<string>();
    for (const rawValue of list) {
      const cleaned = cleanValue(rawValue, rule);
      if ('error' in cleaned) errors.add(name, cleaned.error);
      else if (cleaned.value !== '') values.add(cleaned.value);
    }
    if (values.size > 0) out[prop.name] = [...values];
  }
  return out;
}

function cleanStringList(raw: unknown, key: string, errors: ErrorList, valid: (value: string) => boolean): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string' && valid(item))) {
    errors.add(key, 'expected an array of ids');
    return undefined;
  }
  return [...new Set(raw as string[])];
}

function cleanMeta(raw: Raw, errors: ErrorList): Partial<Omit<EntityData, 'id' | 'schema' | 'properties'>> {
  const meta: { -readonly [K in keyof EntityData]?: EntityData[K] } = {};
  if (raw.caption !== undefined) {
    if (typeof raw.caption === 'string' && raw.caption.length <= 1024) meta.caption = raw.caption;
    else errors.add('caption', 'expected a string of at most 1024 characters');
  }
  const datasets = cleanStringList(raw.datasets, 'datasets', errors, isEntityId);
  if (datasets) meta.datasets = datasets;
  const referents = cleanStringList(raw.referents, 'referents', errors, isEntityId);
  if (referents) meta.referents = referents;
  for (const key of ['first_seen', 'last_seen'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && cleanDate(value) !== null) meta[key] = value;
    else errors.add(key, 'expected an ISO 8601 date-time');
  }
  return meta;
}

function result(entity: EntityData | null, errors: ErrorList): CleanEntityResult {
  if (errors.byKey.size === 0) return { entity, errors: {}, error: null };
  const details = Object.fromEntries(errors.byKey);
  const summary = [...errors.byKey.values()][0] as string;
  const message = entity === null ? `Entity rejected: ${summary}` : `Some values were dropped: ${summary}`;
  return { entity, errors: details, error: new AriadneError(errors.code, message, { details }) };
}

/**
 * Validates and cleans an FtM entity given as untrusted JSON. Never throws on bad data.
 *
 * @see AriadneModel.cleanEntity
 */
export function cleanEntity(model: AriadneModel, raw: unknown, options: CleanEntityOptions): CleanEntityResult {
  const errors = new ErrorList();
  if (!isRecord(raw)) {
    errors.code = 'MALFORMED_INPUT';
    errors.add('entity', 'expected a JSON object');
    return result(null, errors);
  }
  const id = raw.id;
  if (!isEntityId(id)) errors.add('id', 'expected 1–200 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"');
  const schemaName = raw.schema;
  if (typeof schemaName !== 'string' || !model.hasSchema(schemaName)) {
    errors.code = 'UNKNOWN_SCHEMA';
    errors.add('schema', `unknown schema ${JSON.stringify(schemaName ?? null).slice(0, 80)}`);
    return result(null, errors);
  }
  if (model.getSchema(schemaName).abstract) {
    errors.code = 'ABSTRACT_SCHEMA';
    errors.add('schema', `${schemaName} is abstract`);
    return result(null, errors);
  }
  let properties: Record<string, string[]> = {};
  if (isRecord(raw.properties)) properties = cleanProperties(model, schemaName, raw.properties, errors);
  else if (raw.properties !== undefined) errors.add('properties', 'expected an object of string arrays');
  const meta = cleanMeta(raw, errors);
  if (!isEntityId(id) || (options.strict && errors.byKey.size > 0)) return result(null, errors);
  return result({ id, schema: schemaName, properties, ...meta }, errors);
}
