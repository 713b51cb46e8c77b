/**
 * The network's reading of the model, from `relation-kinds.json` (data: an analyst corrects a kind
 * there, not here). Checked once when first read, so a broken edit fails the tests rather than a
 * case's network. Every question takes the model's `isA`, because keys match along a schema's
 * ancestry with the most specific key winning (`Passport:number` over `Identification:number`).
 */
import data from './relation-kinds.json' with { type: 'json' };
import { RELATION_KINDS, type RelationKind } from './types.ts';

/** an edge spec for a schema FtM draws as a node although each record is a tie (Call, Message, …) */
export interface ExtraEdgeSpec {
  readonly source: string;
  readonly target: string;
  readonly directed: boolean;
  readonly label: string;
  /** identifier property whose value stands in for a missing source (target) entity */
  readonly sourceIdentifier: string | null;
  readonly targetIdentifier: string | null;
  /** the class of those identifiers (phone) */
  readonly identifierClass: string | null;
}

export type AttachEnd = 'source' | 'target' | 'both';

export interface ReferenceRule {
  readonly kind: RelationKind;
  /** for a relation's references: the end the edge is drawn from; null = a relation draws none */
  readonly attach: AttachEnd | null;
  /** role tag given to the referenced node */
  readonly role: string | null;
}

type IsA = (schema: string, parent: string) => boolean;

interface Rules {
  readonly relations: ReadonlyMap<string, RelationKind>;
  readonly edges: ReadonlyMap<string, ExtraEdgeSpec>;
  /** property name → [schema or '' for a bare key, rule or null] */
  readonly references: ReadonlyMap<string, readonly (readonly [string, ReferenceRule | null])[]>;
  readonly identifierTypes: ReadonlyMap<string, string>;
  readonly identifierProps: ReadonlyMap<string, readonly (readonly [string, string])[]>;
  readonly identifierIgnore: ReadonlyMap<string, readonly string[]>;
  readonly skip: readonly string[];
}

const KINDS = new Set<string>(RELATION_KINDS);
const CLASS_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

function fail(where: string, message: string): never {
  throw new Error(`relation-kinds.json, ${where}: ${message}`);
}

const entries = (value: unknown, where: string): [string, unknown][] => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'expected an object');
  return Object.entries(value).filter(([key]) => key !== '$comment');
};

const kindOf = (value: unknown, where: string): RelationKind => {
  if (typeof value !== 'string' || !KINDS.has(value)) fail(where, `unknown relation kind ${JSON.stringify(value)}`);
  return value as RelationKind;
};

/** 'Schema:prop' → ['Schema', 'prop']; 'prop' → ['', 'prop'] */
function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return at < 0 ? ['', key] : [key.slice(0, at), key.slice(at + 1)];
}

function push<T>(map: Map<string, (readonly [string, T])[]>, key: string, value: T): void {
  const [schema, prop] = splitKey(key);
  const list = map.get(prop) ?? [];
  list.push([schema, value]);
  map.set(prop, list);
}

function parseReference(value: unknown, where: string): ReferenceRule | null {
  if (value === null) return null;
  if (typeof value === 'string') return { kind: kindOf(value, where), attach: null, role: null };
  const fields = new Map(entries(value, where));
  const attach = fields.get('attach') ?? null;
  if (attach !== null && attach !== 'source' && attach !== 'target' && attach !== 'both') fail(where, `attach must be source, target or both`);
  const role = fields.get('role') ?? null;
  if (role !== null && (typeof role !== 'string' || !CLASS_PATTERN.test(role.toLowerCase()))) fail(where, 'role must be a short word');
  return { kind: kindOf(fields.get('kind'), where), attach, role: role === null ? null : role };
}

function parseEdge(value: unknown, where: string): ExtraEdgeSpec {
  const f = new Map(entries(value, where));
  const text = (name: string, optional = false): string | null => {
    const v = f.get(name);
    if (v === undefined && optional) return null;
    if (typeof v !== 'string' || v === '') fail(where, `${name} must be a property name`);
    return v;
  };
  if (typeof f.get('directed') !== 'boolean') fail(where, 'directed must be true or false');
  const cls = f.get('identifierClass');
  if ((f.has('sourceIdentifier') || f.has('targetIdentifier')) && (typeof cls !== 'string' || !CLASS_PATTERN.test(cls))) fail(where, 'identifierClass must name the class of sourceIdentifier/targetIdentifier');
  return {
    source: text('source')!,
    target: text('target')!,
    directed: f.get('directed') as boolean,
    label: text('label')!,
    sourceIdentifier: text('sourceIdentifier', true),
    targetIdentifier: text('targetIdentifier', true),
    identifierClass: text('identifierClass', true),
  };
}

function parseRules(raw: unknown): Rules {
  const top = new Map(entries(raw, 'top level'));
  const relations = new Map(entries(top.get('relations'), 'relations').map(([k, v]) => [k, kindOf(v, `relations.${k}`)]));
  const edges = new Map(entries(top.get('edges'), 'edges').map(([k, v]) => [k, parseEdge(v, `edges.${k}`)]));
  const references = new Map<string, (readonly [string, ReferenceRule | null])[]>();
  for (const [k, v] of entries(top.get('references'), 'references')) push(references, k, parseReference(v, `references.${k}`));
  const ids = new Map(entries(top.get('identifiers'), 'identifiers'));
  const identifierTypes = new Map<string, string>();
  for (const [k, v] of entries(ids.get('types'), 'identifiers.types')) {
    if (typeof v !== 'string' || !CLASS_PATTERN.test(v)) fail(`identifiers.types.${k}`, 'expected a class name');
    identifierTypes.set(k, v);
  }
  const identifierProps = new Map<string, (readonly [string, string])[]>();
  for (const [k, v] of entries(ids.get('properties'), 'identifiers.properties')) {
    if (typeof v !== 'string' || !CLASS_PATTERN.test(v)) fail(`identifiers.properties.${k}`, 'expected a class name');
    push(identifierProps, k, v);
  }
  const ignoreList = ids.get('ignore');
  if (!Array.isArray(ignoreList) || !ignoreList.every((x) => typeof x === 'string')) fail('identifiers.ignore', 'expected a list of Schema:property');
  const identifierIgnore = new Map<string, string[]>();
  for (const key of ignoreList as string[]) {
    const [schema, prop] = splitKey(key);
    identifierIgnore.set(prop, [...(identifierIgnore.get(prop) ?? []), schema]);
  }
  const skip = new Map(entries(top.get('skip'), 'skip')).get('schemata');
  if (!Array.isArray(skip) || !skip.every((x) => typeof x === 'string')) fail('skip.schemata', 'expected a list of schema names');
  return { relations, edges, references, identifierTypes, identifierProps, identifierIgnore, skip: skip as string[] };
}

let rules: Rules | undefined;
/** the parsed rules; throws on a malformed relation-kinds.json */
export function relationRules(): Rules {
  rules ??= parseRules(data);
  return rules;
}

/** The value of the most specific key matching `schema` ('' matches any schema). */
function mostSpecific<T>(candidates: readonly (readonly [string, T])[] | undefined, schema: string, isA: IsA): T | undefined {
  let best: (readonly [string, T]) | undefined;
  for (const candidate of candidates ?? []) {
    const [key] = candidate;
    if (key !== '' && !isA(schema, key)) continue;
    if (best === undefined || best[0] === '' || (key !== '' && isA(key, best[0]))) best = candidate;
  }
  return best?.[1];
}

const byAncestry = <T>(map: ReadonlyMap<string, T>, schema: string, isA: IsA): T | undefined =>
  mostSpecific([...map.entries()], schema, isA);

/** The relation kind of a relation schema ('other' when unlisted). */
export function relationKindOf(schema: string, isA: IsA): RelationKind {
  return byAncestry(relationRules().relations, schema, isA) ?? 'other';
}

/** The edge spec relation-kinds.json gives a schema FtM draws as a node (Call, Message, Email, Trip). */
export function extraEdgeOf(schema: string, isA: IsA): ExtraEdgeSpec | null {
  return byAncestry(relationRules().edges, schema, isA) ?? null;
}

/** Is the schema left out of the network? A schema drawn as an edge here never is. */
export function isSkipped(schema: string, isA: IsA): boolean {
  const r = relationRules();
  if (byAncestry(r.edges, schema, isA)) return false;
  return r.skip.some((parent) => isA(schema, parent));
}

/** How a reference property draws: a rule, or null when it draws nothing. Unlisted: kind 'other'. */
export function referenceRuleOf(schema: string, prop: string, isA: IsA): ReferenceRule | null {
  const found = mostSpecific(relationRules().references.get(prop), schema, isA);
  return found === undefined ? { kind: 'other', attach: null, role: null } : found;
}

/** The identifier class of a property (phone, email, iban, passport, …), or null when its values link nothing. */
export function identifierClassOf(schema: string, prop: string, type: string, isA: IsA): string | null {
  const r = relationRules();
  if ((r.identifierIgnore.get(prop) ?? []).some((parent) => parent === '' || isA(schema, parent))) return null;
  return mostSpecific(r.identifierProps.get(prop), schema, isA) ?? r.identifierTypes.get(type) ?? null;
}
