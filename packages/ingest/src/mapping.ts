/**
 * CSV mappings in FollowTheMoney's mapping style
 * (https://followthemoney.tech/docs/mappings/): each named entity mapping gives a schema, the
 * key columns its id is made from, and where each property's values come from.
 *
 * ```yaml
 * entities:
 *   person:
 *     schema: Person
 *     keys: [person_id]
 *     properties:
 *       name: { column: full_name }
 *   account:
 *     schema: BankAccount
 *     keys: [iban]
 *     properties:
 *       iban: { column: iban }
 *       holder: { entity: person }   # hypothetical; BankAccount has no holder in FtM
 * ```
 *
 * FtM's `queries: [{ entities }]` wrapping (one query) is accepted as well.
 */
import { parse as parseYaml } from 'yaml';
import { AriadneError, type AriadneModel } from '@ariadne/schema';

export type PropertyMapping =
  | { readonly column: string }
  | { readonly columns: readonly string[]; readonly join?: string }
  | { readonly literal: string }
  | { readonly entity: string };

export interface EntityMapping {
  readonly schema: string;
  /** columns whose values, after `keyLiteral`, are hashed into the id (sha1, hex) as FtM does */
  readonly keys: readonly string[];
  readonly keyLiteral: string;
  /** a column holding the id itself, instead of `keys` */
  readonly idColumn: string | null;
  readonly properties: Readonly<Record<string, PropertyMapping>>;
}

export interface CsvMapping {
  readonly entities: Readonly<Record<string, EntityMapping>>;
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s !== '');
const ENTITY_KEYS = new Set(['schema', 'key', 'keys', 'key_literal', 'id_column', 'properties']);
const SOURCES = ['column', 'columns', 'literal', 'entity'] as const;

class Problems {
  readonly byPath: Record<string, string> = {};
  add(path: string, message: string): void {
    this.byPath[path] = this.byPath[path] === undefined ? message : `${this.byPath[path]}; ${message}`;
  }
}

function listOf(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (typeof value === 'string' && value !== '') return [value];
  return isStringList(value) ? value : null;
}

function checkProperty(path: string, spec: unknown, problems: Problems): PropertyMapping | null {
  if (!isRecord(spec)) return problems.add(path, 'expected an object such as { "column": "name" }'), null;
  const given = SOURCES.filter((s) => spec[s] !== undefined);
  for (const key of Object.keys(spec)) if (!(SOURCES as readonly string[]).includes(key) && key !== 'join') problems.add(path, `unsupported key "${key}"`);
  if (given.length !== 1) return problems.add(path, 'give exactly one of column, columns, literal or entity'), null;
  const source = given[0]!;
  const value = spec[source];
  if (source === 'columns') {
    if (!isStringList(value) || value.length === 0) return problems.add(`${path}.columns`, 'expected a list of column names'), null;
    if (spec.join !== undefined && typeof spec.join !== 'string') return problems.add(`${path}.join`, 'expected a string'), null;
    return spec.join === undefined ? { columns: value } : { columns: value, join: spec.join as string };
  }
  if (spec.join !== undefined) problems.add(`${path}.join`, 'join goes with columns');
  if (typeof value !== 'string' || value === '') return problems.add(`${path}.${source}`, 'expected a non-empty string'), null;
  return { [source]: value } as PropertyMapping;
}

interface CheckContext {
  readonly model: AriadneModel;
  /** the names of all entity mappings, for `entity` references */
  readonly names: readonly string[];
  readonly problems: Problems;
}

function checkReference(path: string, isEntityProp: boolean, spec: PropertyMapping, { names, problems }: CheckContext): void {
  if ('entity' in spec) {
    if (!isEntityProp) problems.add(path, 'only entity-typed properties can point at another entity mapping');
    if (!names.includes(spec.entity)) problems.add(`${path}.entity`, `no entity mapping named "${spec.entity}"`);
  }
}

function checkEntity(name: string, raw: unknown, ctx: CheckContext): EntityMapping | null {
  const { model, problems } = ctx;
  const path = `entities.${name}`;
  if (!isRecord(raw)) return problems.add(path, 'expected an object with schema, keys and properties'), null;
  for (const key of Object.keys(raw)) if (!ENTITY_KEYS.has(key)) problems.add(path, `unsupported key "${key}"`);
  const schema = raw.schema;
  if (typeof schema !== 'string' || !model.hasSchema(schema)) return problems.add(`${path}.schema`, `unknown schema ${JSON.stringify(schema ?? null)}`), null;
  if (model.getSchema(schema).abstract) return problems.add(`${path}.schema`, `${schema} is abstract; name a concrete schema`), null;
  const keys = [...(listOf(raw.key) ?? []), ...(listOf(raw.keys) ?? [])];
  if (listOf(raw.key) === null || listOf(raw.keys) === null) problems.add(`${path}.keys`, 'expected a column name or a list of them');
  const idColumn = raw.id_column ?? null;
  if (idColumn !== null && (typeof idColumn !== 'string' || idColumn === '')) problems.add(`${path}.id_column`, 'expected a column name');
  if (keys.length === 0 && idColumn === null) problems.add(path, 'give keys (columns the id is made from) or id_column');
  const keyLiteral = raw.key_literal ?? '';
  if (typeof keyLiteral !== 'string') problems.add(`${path}.key_literal`, 'expected a string');
  const properties: Record<string, PropertyMapping> = {};
  if (raw.properties !== undefined && !isRecord(raw.properties)) problems.add(`${path}.properties`, 'expected an object of property mappings');
  for (const [prop, spec] of Object.entries(isRecord(raw.properties) ? raw.properties : {})) {
    const propPath = `${path}.properties.${prop}`;
    const property = model.property(schema, prop);
    if (!property) problems.add(propPath, `${schema} has no property ${prop}`);
    else if (property.stub) problems.add(propPath, `${prop} is the reverse side of a link; map it from the other entity`);
    const checked = checkProperty(propPath, spec, problems);
    if (checked && property) {
      checkReference(propPath, property.type.isEntity, checked, ctx);
      properties[prop] = checked;
    }
  }
  return { schema, keys, keyLiteral: typeof keyLiteral === 'string' ? keyLiteral : '', idColumn: typeof idColumn === 'string' ? idColumn : null, properties };
}

/**
 * Validates a mapping given as parsed JSON/YAML; reports every problem at once, by path.
 *
 * @throws AriadneError VALIDATION_FAILED with `details` = { "entities.person.schema": "unknown schema …" }
 * @example validateMapping({ entities: { p: { schema: 'Person', keys: ['id'], properties: { name: { column: 'name' } } } } }, loadModel())
 */
export function validateMapping(raw: unknown, model: AriadneModel): CsvMapping {
  const problems = new Problems();
  let root = raw;
  if (isRecord(root) && root.entities === undefined && Array.isArray(root.queries)) {
    if (root.queries.length !== 1) problems.add('queries', 'give exactly one query (or a top-level entities)');
    root = root.queries[0];
  }
  const entities: Record<string, EntityMapping> = {};
  if (!isRecord(root) || !isRecord(root.entities) || Object.keys(root.entities).length === 0) {
    problems.add('entities', 'expected an object naming at least one entity mapping');
  } else {
    const ctx: CheckContext = { model, names: Object.keys(root.entities), problems };
    for (const name of ctx.names) {
      const checked = checkEntity(name, root.entities[name], ctx);
      if (checked) entities[name] = checked;
    }
  }
  const details = problems.byPath;
  if (Object.keys(details).length > 0) {
    const lines = Object.entries(details).map(([path, message]) => `${path}: ${message}`);
    throw new AriadneError('VALIDATION_FAILED', `The mapping is not valid: ${lines.join('; ')}`, { details });
  }
  return { entities };
}

/**
 * Parses a mapping file's text (JSON, or YAML — a superset of JSON) and validates it.
 *
 * @example parseMapping(await readSmallTextFile('mapping.yaml'), loadModel())
 */
export function parseMapping(text: string, model: AriadneModel): CsvMapping {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (cause) {
    const where = /at line (\d+), column (\d+)/.exec(String((cause as Error).message));
    throw new AriadneError('VALIDATION_FAILED', `The mapping is neither JSON nor YAML${where ? ` (line ${where[1]}, column ${where[2]})` : ''}.`, { cause });
  }
  return validateMapping(raw, model);
}

/** every column a mapping reads */
export function mappingColumns(mapping: CsvMapping): string[] {
  const columns = new Set<string>();
  for (const entity of Object.values(mapping.entities)) {
    for (const key of entity.keys) columns.add(key);
    if (entity.idColumn) columns.add(entity.idColumn);
    for (const spec of Object.values(entity.properties)) {
      if ('column' in spec) columns.add(spec.column);
      if ('columns' in spec) for (const c of spec.columns) columns.add(c);
    }
  }
  return [...columns];
}
