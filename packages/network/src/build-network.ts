/**
 * Builds the investigators' network from entities: relation records (Membership, Payment,
 * Exploitation, Call, …) become edges between the entities they name, references (an account's
 * owner, a person's address) become edges too, and an identifier held by two or more entities
 * (a phone, an IBAN, a passport number) becomes a node linking its holders.
 *
 * One pass over the input, whatever its order (relations may come before the entities they name):
 * ids are numbered in one Map as they are seen, edges wait in typed-array columns, and only at the
 * end are ends resolved (unknown ones counted as dangling), self-loops dropped and parallel
 * relations merged. Types, labels, dates, role lists and source lists are interned, so five million
 * relations cost a few typed arrays and one object per kept edge; the store's 30 s load budget
 * (issue 5) is mostly spent reading, not here. Our own code rather than graphology's builders:
 * those hold an object and Map entries per edge, several times the memory at this size.
 */
import { createHash } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import { dateSpan } from './dates.ts';
import type { NetworkModel } from './network-model.ts';
import { extraEdgeOf, isSkipped, referenceRuleOf, relationKindOf, type AttachEnd } from './relation-kinds.ts';
import { throwIfCancelled, type RunOptions } from './run-options.ts';
import { RELATION_KINDS, type EntityNetwork, type NetworkEdge, type NetworkFilter, type NetworkNode, type RelationKind } from './types.ts';

export interface SourceEntity {
  readonly id: string;
  readonly schema: string;
  readonly caseId?: string | null;
  readonly properties: Readonly<Record<string, readonly string[]>>;
  /** statement sources (`import:un-sc`, `ui`, `file:case.jsonl`); pass one shared array per combination when you can */
  readonly sources?: readonly string[];
}

/**
 * Builds the network of `entities` through `filter`.
 *
 * Filter rules: a tie spans from its startDate (else its date) to its endDate (else to the end of
 * its start: "2016" is all of 2016, as dates.ts reads it) and is kept when that span meets
 * [from, to]; undated ties (references, shared identifiers, undated relations) stay unless
 * `datedOnly`. `kinds` and `schemata` apply to every edge type: relation schemata, `ref:<property>`
 * and `shared:<class>`. `sources` keeps a tie if its record has one of them (an identifier link:
 * if its holder has). `caseIds` drops entities of other cases, so ties to them dangle.
 *
 * Stats: `entities` counts input records that are neither relations nor left out by
 * relation-kinds.json (documents, notes, case files, referrals), `relations` relation records
 * (both before filtering); `filteredOut` counts entities outside `caseIds` plus relations and
 * reference or identifier links the other filters dropped; `danglingReferences` and `selfLoops`
 * count edge ends naming no node and edges from a node to itself (both dropped);
 * `sharedIdentifiers` counts identifier nodes.
 *
 * @throws AriadneError VALIDATION_FAILED for a filter with an unknown kind or a bad date
 * @example
 * const net = buildNetwork(entities, networkModelOf(loadModel()), { kinds: ['payment'], from: '2016' });
 * net.edges[0] // { id: 'pay-1', source: 'p1', target: 'p2', type: 'Payment', kind: 'payment', weight: 3, … }
 */
export function buildNetwork(entities: Iterable<SourceEntity>, model: NetworkModel, filter: NetworkFilter = {}): EntityNetwork {
  const builder = new NetworkBuilder(model, filter);
  for (const entity of entities) builder.add(entity);
  return builder.finish();
}

/**
 * The same from batches (the store's paged reads), checking `opts.signal` between batches and
 * reporting entities read (of `opts.total` when the caller knows it, else 0).
 */
export async function buildNetworkAsync(
  batches: AsyncIterable<readonly SourceEntity[]>,
  model: NetworkModel,
  filter: NetworkFilter = {},
  opts?: RunOptions & { readonly total?: number },
): Promise<EntityNetwork> {
  const builder = new NetworkBuilder(model, filter);
  let read = 0;
  for await (const batch of batches) {
    throwIfCancelled(opts?.signal);
    for (const entity of batch) builder.add(entity);
    read += batch.length;
    opts?.onProgress?.(read, opts.total ?? 0);
  }
  throwIfCancelled(opts?.signal);
  return builder.finish();
}

// ---------------------------------------------------------------------------------------------

/** Identifier values: the canonical form two holders must share, or null for junk ("n/a", "0"). */
export function normaliseIdentifier(cls: string, value: string): string | null {
  let out: string;
  if (cls === 'phone') {
    const digits = value.replace(/\D+/g, '');
    out = `+${value.trim().startsWith('00') ? digits.slice(2) : digits}`;
    return out.length >= 7 ? out : null;
  }
  if (cls === 'email') {
    out = value.trim().toLowerCase();
    return out.length >= 6 && out.includes('@') ? out : null;
  }
  if (cls === 'iban') out = value.replace(/\s+/g, '').toUpperCase();
  else out = value.replace(/[\s\-./]+/g, '').toUpperCase();
  return out.length >= 5 ? out : null;
}

/** `identifier:<class>:<16 hex of sha256>`: no raw phone number in an id (ids end up in URLs and logs). */
export function identifierNodeId(cls: string, normalised: string): string {
  return `identifier:${cls}:${createHash('sha256').update(`${cls}:${normalised}`).digest('hex').slice(0, 16)}`;
}

/** `phone …4567`: enough to tell two numbers apart on screen, not enough to dial one. */
export const maskedIdentifier = (cls: string, normalised: string): string => `${cls} …${normalised.slice(-4)}`;

// ---------------------------------------------------------------------------------------------

const ROLE_MAX = 64;
/** role values become selectors (`recruiter`); keep them short words that cannot pose as `schema:` or `id:` tags */
function roleTag(value: string): string | null {
  const tag = value.trim().toLowerCase().replace(/[\s;|]+/g, ' ').slice(0, ROLE_MAX);
  if (tag === '' || tag.startsWith('schema:') || tag.startsWith('id:')) return null;
  return tag;
}

class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) { this.data = new Int32Array(capacity); }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

interface EdgeType {
  readonly type: string;
  readonly kind: RelationKind;
  readonly label: string;
  readonly directed: boolean;
  /** the property of a reference edge (its id is `<entity>:<prop>:<target>`) */
  readonly prop: string | null;
  readonly allowed: boolean;
}

interface RefPlan { readonly prop: string; readonly type: number; readonly attach: AttachEnd | null; readonly role: number }
interface IdPlan { readonly prop: string; readonly cls: string; readonly type: number }

interface SchemaPlan {
  readonly part: 'edge' | 'node' | 'skip';
  readonly type: number;
  readonly source: string;
  readonly target: string;
  readonly sourceRole: number;
  readonly targetRole: number;
  readonly sourceIdentifier: string | null;
  readonly targetIdentifier: string | null;
  readonly identifierClass: string | null;
  readonly refs: readonly RefPlan[];
  readonly ids: readonly IdPlan[];
  readonly schemaRole: number;
}

interface IdentifierNode { readonly idNumber: number; readonly id: string; readonly cls: string; readonly caption: string; readonly caseId: string | null }

const NONE = -1;
// an identifier's place in the id map until its node id is known; no entity id holds a NUL
const IDENT_PREFIX = '\u0000';

class NetworkBuilder {
  private readonly model: NetworkModel;
  private readonly isA: (schema: string, parent: string) => boolean;
  private readonly caseIds: ReadonlySet<string> | null;
  private readonly kinds: ReadonlySet<string> | null;
  private readonly schemata: ReadonlySet<string> | null;
  private readonly sourceFilter: ReadonlySet<string> | null;
  private readonly windowFrom: number;
  private readonly windowTo: number;
  private readonly datedOnly: boolean;
  private readonly shared: boolean;

  private readonly plans = new Map<string, SchemaPlan>();
  private readonly types: EdgeType[] = [];
  private readonly typeIndex = new Map<string, number>();

  // ids, and per id number what is known of it as an entity
  private readonly ids = new Map<string, number>();
  private readonly idText: string[] = [];
  private readonly entitySchema = new IntColumn(); // schema role tag index, NONE if not (yet) seen as an entity
  private readonly caption: string[] = [];
  private readonly caseOf: (string | null)[] = [];
  private readonly sourcesOf = new IntColumn();
  private readonly schemaName: string[] = [];
  private readonly roles: (number[] | null)[] = [];
  /** id numbers of entities in input order: node i is the i-th entity seen */
  private readonly entityOrder = new IntColumn();

  // pending edges, one column each
  private readonly eSrc = new IntColumn();
  private readonly eTgt = new IntColumn();
  private readonly eType = new IntColumn();
  private readonly eStart = new IntColumn();
  private readonly eEnd = new IntColumn();
  private readonly eSources = new IntColumn();
  /** relation edges: the relation's id; others: null (built from the ends) */
  private readonly eId: (string | null)[] = [];
  /** relation edges: pair number within the relation (0 = first) */
  private readonly ePair = new IntColumn();
  private readonly eSrcRole = new IntColumn();
  private readonly eTgtRole = new IntColumn();
  private readonly eRoleValues = new IntColumn();

  // interned values
  private readonly roleTags: string[] = [];
  private readonly roleTagIndex = new Map<string, number>();
  private readonly roleSets: (readonly number[])[] = [];
  private readonly roleSetIndex = new Map<string, number>();
  private readonly dates: string[] = [];
  private readonly dateFirst: number[] = [];
  private readonly dateLast: number[] = [];
  private readonly dateIndex = new Map<string, number>();
  private readonly sourceSets: (readonly string[])[] = [];
  private readonly sourceSetIndex = new Map<string, number>();
  private readonly sourceSetKept: boolean[] = [];
  private lastSourcesInput: readonly string[] | undefined = undefined;
  private lastSourcesSet = 0;

  // identifier class:value → holder id number(s); `forced` ones are call ends, nodes even with one holder
  private readonly holders = new Map<string, number | number[]>();
  private readonly forced = new Set<string>();
  private readonly identifierIds = new Map<number, string>();

  /** the record being added: its sources, dates and id, shared by the edges it draws */
  private readonly rec = { sources: 0, start: NONE, end: NONE, id: '' };

  private readonly stats = { entities: 0, relations: 0, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 };

  constructor(model: NetworkModel, filter: NetworkFilter) {
    this.model = model;
    this.isA = (schema, parent) => model.isA(schema, parent);
    const setOf = (list: readonly string[] | undefined) => (list && list.length > 0 ? new Set(list) : null);
    this.caseIds = setOf(filter.caseIds);
    this.kinds = setOf(filter.kinds);
    for (const kind of this.kinds ?? []) {
      if (!(RELATION_KINDS as readonly string[]).includes(kind)) {
        throw new AriadneError('VALIDATION_FAILED', `Unknown relation kind ${JSON.stringify(kind)}.`, { details: { kinds: `expected one of ${RELATION_KINDS.join(', ')}` } });
      }
    }
    this.schemata = setOf(filter.schemata);
    this.sourceFilter = setOf(filter.sources);
    this.windowFrom = filter.from === undefined ? -Infinity : windowBound(filter.from, 'from')[0];
    this.windowTo = filter.to === undefined ? Infinity : windowBound(filter.to, 'to')[1];
    if (this.windowFrom > this.windowTo) throw new AriadneError('VALIDATION_FAILED', 'The time window ends before it starts.', { details: { from: filter.from ?? '', to: filter.to ?? '' } });
    this.datedOnly = filter.datedOnly === true;
    this.shared = filter.sharedIdentifiers !== false;
    this.sourceSetOf([]); // set 0: no sources
  }

  add(entity: SourceEntity): void {
    const plan = this.planOf(entity.schema);
    if (plan.part === 'skip') return;
    if (plan.part === 'edge') this.stats.relations++;
    else this.stats.entities++;
    if (this.caseIds && !this.caseIds.has(entity.caseId ?? '')) {
      this.stats.filteredOut++;
      return;
    }
    this.rec.sources = this.sourcesFor(entity.sources);
    this.rec.start = this.spanStart(entity.properties);
    this.rec.end = this.dateOf(entity.properties.endDate, false);
    this.rec.id = entity.id;
    if (plan.part === 'edge') this.addRelation(entity, plan);
    else this.addNode(entity, plan);
  }

  // --- relations ---

  private addRelation(entity: SourceEntity, plan: SchemaPlan): void {
    if (!this.types[plan.type]!.allowed || !this.inWindow(this.rec.start, this.rec.end) || !this.sourceSetKept[this.rec.sources]) {
      this.stats.filteredOut++;
      return;
    }
    const props = entity.properties;
    const sourceEnds = this.endsOf(props, plan.source, plan.sourceIdentifier, plan.identifierClass);
    const targetEnds = this.endsOf(props, plan.target, plan.targetIdentifier, plan.identifierClass);
    const roleValues = this.roleValuesOf(props.role);
    let pair = 0;
    for (const s of sourceEnds) {
      for (const t of targetEnds) {
        this.pushEdge(s, t, plan.type, pair++);
        this.eSrcRole.data[this.eSrcRole.length - 1] = plan.sourceRole;
        this.eTgtRole.data[this.eTgtRole.length - 1] = plan.targetRole;
        this.eRoleValues.data[this.eRoleValues.length - 1] = roleValues;
      }
    }
    for (const ref of plan.refs) {
      if (ref.attach === null) continue;
      const values = props[ref.prop];
      if (!values || values.length === 0) continue;
      if (!this.types[ref.type]!.allowed) {
        this.stats.filteredOut += values.length;
        continue;
      }
      const from = ref.attach === 'source' ? sourceEnds : ref.attach === 'target' ? targetEnds : [...sourceEnds, ...targetEnds];
      for (const f of from) {
        for (const value of values) {
          this.pushEdge(f, this.idOf(value), ref.type, NONE);
          this.eTgtRole.data[this.eTgtRole.length - 1] = ref.role;
        }
      }
    }
  }

  /** a relation end's id numbers: its entities, else (calls) its numbers as identifier nodes */
  private endsOf(props: SourceEntity['properties'], prop: string, identifierProp: string | null, cls: string | null): number[] {
    const values = props[prop] ?? [];
    if (values.length > 0 || identifierProp === null || cls === null) return values.map((v) => this.idOf(v));
    const out: number[] = [];
    for (const raw of props[identifierProp] ?? []) {
      const value = normaliseIdentifier(cls, raw);
      if (value === null) continue;
      const key = `${cls}:${value}`;
      this.forced.add(key);
      out.push(this.idOf(IDENT_PREFIX + key));
    }
    return out;
  }

  // --- nodes ---

  private addNode(entity: SourceEntity, plan: SchemaPlan): void {
    const sources = this.rec.sources;
    const id = this.idOf(entity.id);
    if (this.entitySchema.data[id] !== NONE) return; // the same entity twice: the first record stands
    this.entitySchema.data[id] = plan.schemaRole;
    this.entityOrder.push(id);
    this.schemaName[id] = entity.schema;
    this.caption[id] = this.model.caption(entity);
    this.caseOf[id] = entity.caseId ?? null;
    this.sourcesOf.data[id] = sources;
    const props = entity.properties;
    const linkKept = this.inWindow(this.rec.start, this.rec.end) && this.sourceSetKept[sources] === true;
    for (const ref of plan.refs) {
      const values = props[ref.prop];
      if (!values) continue;
      if (!linkKept || !this.types[ref.type]!.allowed) {
        this.stats.filteredOut += values.length;
        continue;
      }
      for (const value of values) {
        this.pushEdge(id, this.idOf(value), ref.type, NONE);
        this.eTgtRole.data[this.eTgtRole.length - 1] = ref.role;
      }
    }
    if (!this.shared) return;
    for (const idPlan of plan.ids) {
      const values = props[idPlan.prop];
      if (!values) continue;
      // identifier links carry no date; the holder's sources decide provenance
      if (this.datedOnly || !this.sourceSetKept[sources] || !this.types[idPlan.type]!.allowed) {
        this.stats.filteredOut += values.length;
        continue;
      }
      for (const raw of values) {
        const value = normaliseIdentifier(idPlan.cls, raw);
        if (value !== null) this.addHolder(`${idPlan.cls}:${value}`, id);
      }
    }
  }

  private addHolder(key: string, holder: number): void {
    const known = this.holders.get(key);
    if (known === undefined) this.holders.set(key, holder);
    else if (typeof known === 'number') {
      if (known !== holder) this.holders.set(key, [known, holder]);
    } else if (known[known.length - 1] !== holder) known.push(holder);
  }

  // --- plans, types, interning ---

  private planOf(schema: string): SchemaPlan {
    let plan = this.plans.get(schema);
    if (plan) return plan;
    const model = this.model;
    const edge = model.edgeOf(schema);
    const part = isSkipped(schema, this.isA) ? 'skip' : edge ? 'edge' : 'node';
    const refs: RefPlan[] = [];
    for (const { name, label } of part === 'skip' ? [] : model.referenceProps(schema)) {
      const rule = referenceRuleOf(schema, name, this.isA);
      if (rule === null || (part === 'edge' && rule.attach === null)) continue;
      const type = this.typeOf({ type: `ref:${name}`, kind: rule.kind, label, directed: true, prop: name });
      refs.push({ prop: name, type, attach: part === 'edge' ? rule.attach : null, role: rule.role === null ? NONE : this.roleTagOf(rule.role) });
    }
    const ids: IdPlan[] = part === 'node' ? model.identifierProps(schema).map(({ name, type: cls }) => ({ prop: name, cls, type: this.sharedType(cls) })) : [];
    const extra = edge ? extraEdgeOf(schema, this.isA) : null;
    plan = {
      part,
      type: edge ? this.typeOf({ type: schema, kind: relationKindOf(schema, this.isA), label: edge.label, directed: edge.directed, prop: null }) : NONE,
      source: edge?.source ?? '',
      target: edge?.target ?? '',
      sourceRole: edge ? this.roleTagOf(edge.source) : NONE,
      targetRole: edge ? this.roleTagOf(edge.target) : NONE,
      sourceIdentifier: extra?.sourceIdentifier ?? null,
      targetIdentifier: extra?.targetIdentifier ?? null,
      identifierClass: extra?.identifierClass ?? null,
      refs,
      ids,
      schemaRole: this.roleTagOf(`schema:${schema}`),
    };
    this.plans.set(schema, plan);
    return plan;
  }

  private typeOf(spec: Omit<EdgeType, 'allowed'>): number {
    let index = this.typeIndex.get(spec.type);
    if (index === undefined) {
      const allowed = (!this.kinds || this.kinds.has(spec.kind)) && (!this.schemata || this.schemata.has(spec.type));
      index = this.types.push({ ...spec, allowed }) - 1;
      this.typeIndex.set(spec.type, index);
    }
    return index;
  }

  private sharedType(cls: string): number {
    return this.typeOf({ type: `shared:${cls}`, kind: 'identifier', label: cls, directed: false, prop: null });
  }

  private idOf(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.idText.push(id) - 1;
      this.ids.set(id, n);
      this.entitySchema.push(NONE);
      this.caption.push('');
      this.caseOf.push(null);
      this.sourcesOf.push(0);
      this.schemaName.push('');
      this.roles.push(null);
    }
    return n;
  }

  private roleTagOf(tag: string): number {
    let index = this.roleTagIndex.get(tag);
    if (index === undefined) {
      index = this.roleTags.push(tag) - 1;
      this.roleTagIndex.set(tag, index);
    }
    return index;
  }

  private roleValuesOf(values: readonly string[] | undefined): number {
    if (!values || values.length === 0) return NONE;
    const tags: number[] = [];
    for (const value of values) {
      const tag = roleTag(value);
      if (tag !== null) tags.push(this.roleTagOf(tag));
    }
    if (tags.length === 0) return NONE;
    const key = tags.join(',');
    let index = this.roleSetIndex.get(key);
    if (index === undefined) {
      index = this.roleSets.push(tags) - 1;
      this.roleSetIndex.set(key, index);
    }
    return index;
  }

  private sourcesFor(input: readonly string[] | undefined): number {
    if (input === undefined || input.length === 0) return 0;
    // the store passes one array per row; consecutive rows often share the very same array
    if (input === this.lastSourcesInput) return this.lastSourcesSet;
    const set = this.sourceSetOf(input);
    this.lastSourcesInput = input;
    this.lastSourcesSet = set;
    return set;
  }

  private sourceSetOf(input: readonly string[]): number {
    const sorted = input.length > 1 ? [...new Set(input)].sort() : input;
    const key = sorted.join('\u0001');
    let index = this.sourceSetIndex.get(key);
    if (index === undefined) {
      index = this.sourceSets.push(Object.freeze([...sorted])) - 1;
      this.sourceSetIndex.set(key, index);
      this.sourceSetKept.push(!this.sourceFilter || sorted.some((s) => this.sourceFilter!.has(s)));
    }
    return index;
  }

  private readonly unions = new Map<number, number>();
  private unionOf(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * 0x200000 + hi; // exact while there are fewer than 2^21 distinct source lists
    let index = hi < 0x200000 ? this.unions.get(key) : undefined;
    if (index === undefined) {
      index = this.sourceSetOf([...this.sourceSets[lo]!, ...this.sourceSets[hi]!]);
      if (hi < 0x200000) this.unions.set(key, index);
    }
    return index;
  }

  private internDate(text: string): number {
    let index = this.dateIndex.get(text);
    if (index === undefined) {
      const span = dateSpan(text);
      if (!span) return NONE;
      index = this.dates.push(text) - 1;
      this.dateFirst.push(span[0]);
      this.dateLast.push(span[1]);
      this.dateIndex.set(text, index);
    }
    return index;
  }

  /** the earliest (first) or latest (!first) of several date values, NONE if none parses */
  private dateOf(values: readonly string[] | undefined, first: boolean): number {
    if (!values || values.length === 0) return NONE;
    let best = NONE;
    for (const value of values) {
      const d = this.internDate(value);
      if (d === NONE) continue;
      if (best === NONE || (first ? this.dateFirst[d]! < this.dateFirst[best]! : this.dateLast[d]! > this.dateLast[best]!)) best = d;
    }
    return best;
  }

  /** FtM Interval: startDate, else `date` (a payment's or a call's day) */
  private spanStart(props: Readonly<Record<string, readonly string[]>>): number {
    const start = this.dateOf(props.startDate, true);
    return start !== NONE ? start : this.dateOf(props.date, true);
  }

  /** A relation without an end lasted its start's span (dates.ts' activeSpan reads it so too). */
  private inWindow(start: number, end: number): boolean {
    if (start === NONE && end === NONE) return !this.datedOnly;
    const first = this.dateFirst[start !== NONE ? start : end]!;
    const last = this.dateLast[end !== NONE ? end : start]!;
    return first <= this.windowTo && last >= this.windowFrom;
  }

  /** an edge of the current record (`rec`); `pair` numbers a relation's own edges, NONE for the others */
  private pushEdge(s: number, t: number, type: number, pair: number): void {
    this.eSrc.push(s);
    this.eTgt.push(t);
    this.eType.push(type);
    this.eStart.push(this.rec.start);
    this.eEnd.push(this.rec.end);
    this.eSources.push(this.rec.sources);
    this.eId.push(pair === NONE ? null : this.rec.id);
    this.ePair.push(pair);
    this.eSrcRole.push(NONE);
    this.eTgtRole.push(NONE);
    this.eRoleValues.push(NONE);
  }

  // --- the end: identifiers, resolution, merging, output ---

  finish(): EntityNetwork {
    const identifierNodes = this.addIdentifierNodes();
    // node numbers: entities in the order first seen, then identifier nodes
    const idCount = this.idText.length;
    const nodeOf = new Int32Array(idCount).fill(NONE);
    const nodeIds: number[] = [];
    for (let k = 0; k < this.entityOrder.length; k++) nodeOf[this.entityOrder.data[k]!] = nodeIds.push(this.entityOrder.data[k]!) - 1;
    for (const node of identifierNodes) nodeOf[node.idNumber] = nodeIds.push(node.idNumber) - 1;
    const n = nodeIds.length;

    const edgeCount = this.eSrc.length;
    const src = this.eSrc.data;
    const tgt = this.eTgt.data;
    // resolve ends; alive[e] = 1 for an edge that stays
    const alive = new Uint8Array(edgeCount);
    for (let e = 0; e < edgeCount; e++) {
      const s = nodeOf[src[e]!]!;
      const t = nodeOf[tgt[e]!]!;
      if (s === NONE || t === NONE) { this.stats.danglingReferences++; continue; }
      if (s === t) { this.stats.selfLoops++; continue; }
      alive[e] = 1;
      this.giveRoles(e);
    }

    const merged = this.mergeParallel(alive, nodeOf, n);
    const edges: NetworkEdge[] = [];
    for (let e = 0; e < edgeCount; e++) {
      if (alive[e] !== 1) continue;
      edges.push(this.edgeAt(e, merged));
    }

    const identifierAt = new Map(identifierNodes.map((node) => [node.idNumber, node]));
    for (const node of identifierNodes) {
      this.entitySchema.data[node.idNumber] = this.roleTagOf('schema:Identifier');
      this.addRole(node.idNumber, this.roleTagOf(`identifier:${node.cls}`));
    }
    const nodes: NetworkNode[] = new Array<NetworkNode>(n);
    for (let k = 0; k < n; k++) {
      const i = nodeIds[k]!;
      const roles = this.roleListOf(this.entitySchema.data[i]!, this.roles[i] ?? null);
      const ident = identifierAt.get(i);
      nodes[k] = ident
        ? { id: ident.id, schema: 'Identifier', caption: ident.caption, roles, caseId: ident.caseId }
        : { id: this.idText[i]!, schema: this.schemaName[i]!, caption: this.caption[i]!, roles, caseId: this.caseOf[i]! };
    }
    return { nodes, edges, stats: { ...this.stats } };
  }

  private readonly roleLists = new Map<string, readonly string[]>();
  /** `schema:X` first, then the node's other tags sorted; one frozen array per distinct list */
  private roleListOf(schemaRole: number, others: number[] | null): readonly string[] {
    const key = others ? `${schemaRole},${others.sort((a, b) => a - b).join(',')}` : String(schemaRole);
    let list = this.roleLists.get(key);
    if (!list) {
      const schemaTag = this.roleTags[schemaRole]!;
      const rest = (others ?? []).map((r) => this.roleTags[r]!).filter((tag) => tag !== schemaTag).sort();
      this.roleLists.set(key, (list = Object.freeze([schemaTag, ...rest])));
    }
    return list;
  }

  private giveRoles(e: number): void {
    const s = this.eSrc.data[e]!;
    const t = this.eTgt.data[e]!;
    const sr = this.eSrcRole.data[e]!;
    const tr = this.eTgtRole.data[e]!;
    if (sr !== NONE) this.addRole(s, sr);
    if (tr !== NONE) this.addRole(t, tr);
    const values = this.eRoleValues.data[e]!;
    if (values === NONE) return;
    // FtM's Interest.role is the source's part (a member's, an employee's, an owner's); an undirected tie's belongs to both
    const both = !this.types[this.eType.data[e]!]!.directed;
    for (const r of this.roleSets[values]!) {
      this.addRole(s, r);
      if (both) this.addRole(t, r);
    }
  }

  private addRole(id: number, role: number): void {
    const list = this.roles[id];
    if (!list) this.roles[id] = [role];
    else if (!list.includes(role)) list.push(role);
  }

  /** Identifier nodes for values held by two or more entities (or ending a call), with an edge per holder. */
  private addIdentifierNodes(): IdentifierNode[] {
    const out: IdentifierNode[] = [];
    for (const [key, held] of this.holders) {
      if (typeof held === 'number' && !this.forced.has(key)) continue;
      out.push(this.identifierNode(key, typeof held === 'number' ? [held] : held));
    }
    for (const key of this.forced) if (!this.holders.has(key)) out.push(this.identifierNode(key, []));
    this.stats.sharedIdentifiers = out.length;
    return out;
  }

  private identifierNode(key: string, held: readonly number[]): IdentifierNode {
    const at = key.indexOf(':');
    const cls = key.slice(0, at);
    const value = key.slice(at + 1);
    let id = identifierNodeId(cls, value);
    while (this.ids.has(id)) id += '~'; // an entity already took the id: astronomically unlikely, but ids must stay unique
    const idNumber = this.idOf(IDENT_PREFIX + key);
    this.identifierIds.set(idNumber, id);
    const type = this.sharedType(cls);
    this.rec.start = NONE;
    this.rec.end = NONE;
    let caseId: string | null | undefined;
    for (const holder of held) {
      this.rec.sources = this.sourcesOf.data[holder]!;
      this.pushEdge(holder, idNumber, type, NONE);
      const c = this.caseOf[holder]!;
      caseId = caseId === undefined || caseId === c ? c : null;
    }
    return { idNumber, id, cls, caption: maskedIdentifier(cls, value), caseId: caseId ?? null };
  }

  /**
   * Merges parallel edges (same type, same ends; either direction for an undirected type) into the
   * first of them in input order: weight = count, sources united, dates widened. Edges are bucketed
   * by their lower end with a counting sort, then each bucket finds its duplicates through
   * per-target chains: linear time, typed arrays only.
   */
  private mergeParallel(alive: Uint8Array, nodeOf: Int32Array, n: number): { weight: Int32Array; sources: Int32Array; start: Int32Array; end: Int32Array; explicitEnd: Uint8Array } {
    const m = this.eSrc.length;
    const src = this.eSrc.data;
    const tgt = this.eTgt.data;
    const type = this.eType.data;
    const lower = new Int32Array(m);
    const upper = new Int32Array(m);
    const bucketStart = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      if (alive[e] !== 1) continue;
      let a = nodeOf[src[e]!]!;
      let b = nodeOf[tgt[e]!]!;
      if (!this.types[type[e]!]!.directed && b < a) { const x = a; a = b; b = x; }
      lower[e] = a;
      upper[e] = b;
      bucketStart[a + 1]!++;
    }
    for (let v = 0; v < n; v++) bucketStart[v + 1]! += bucketStart[v]!;
    const fill = bucketStart.slice(0, n);
    const order = new Int32Array(bucketStart[n]!);
    for (let e = 0; e < m; e++) if (alive[e] === 1) order[fill[lower[e]!]!++] = e;

    const weight = new Int32Array(m).fill(1);
    const sources = this.eSources.data.slice(0, m);
    const start = this.eStart.data.slice(0, m);
    const end = this.eEnd.data.slice(0, m);
    const explicitEnd = new Uint8Array(m);
    // `end` tracks the latest of each record's end (or its start when it has none)
    for (let e = 0; e < m; e++) {
      if (end[e] !== NONE) explicitEnd[e] = 1;
      else end[e] = start[e]!;
    }
    const stamp = new Int32Array(n).fill(NONE);
    const head = new Int32Array(n);
    const next = new Int32Array(m);
    for (let v = 0; v < n; v++) {
      for (let k = bucketStart[v]!; k < bucketStart[v + 1]!; k++) {
        const e = order[k]!;
        const b = upper[e]!;
        if (stamp[b] !== v) { stamp[b] = v; head[b] = NONE; }
        let rep = head[b]!;
        while (rep !== NONE && type[rep] !== type[e]) rep = next[rep]!;
        if (rep === NONE) {
          next[e] = head[b]!;
          head[b] = e;
          continue;
        }
        alive[e] = 2; // merged into rep
        weight[rep]!++;
        sources[rep] = this.unionOf(sources[rep]!, sources[e]!);
        if (start[e] !== NONE && (start[rep] === NONE || this.dateFirst[start[e]!]! < this.dateFirst[start[rep]!]!)) start[rep] = start[e]!;
        if (end[e] !== NONE && (end[rep] === NONE || this.dateLast[end[e]!]! > this.dateLast[end[rep]!]!)) end[rep] = end[e]!;
        explicitEnd[rep]! |= explicitEnd[e]!;
      }
    }
    return { weight, sources, start, end, explicitEnd };
  }

  private edgeAt(e: number, merged: ReturnType<NetworkBuilder['mergeParallel']>): NetworkEdge {
    const t = this.types[this.eType.data[e]!]!;
    const sourceId = this.nodeIdText(this.eSrc.data[e]!);
    const targetId = this.nodeIdText(this.eTgt.data[e]!);
    const relation = this.eId[e];
    const pair = this.ePair.data[e]!;
    const id = relation != null ? (pair === 0 ? relation : `${relation}#${pair + 1}`)
      : t.prop !== null ? `${sourceId}:${t.prop}:${targetId}`
        : `${sourceId}~${targetId}`;
    const start = merged.start[e]!;
    const end = merged.end[e]!;
    // a record without an end keeps end null; merged records spanning several days get the latest
    const endText = end === NONE || (merged.explicitEnd[e] === 0 && end === start) ? null : this.dates[end]!;
    return {
      id,
      source: sourceId,
      target: targetId,
      type: t.type,
      kind: t.kind,
      label: t.label,
      directed: t.directed,
      start: start === NONE ? null : this.dates[start]!,
      end: endText,
      sources: this.sourceSets[merged.sources[e]!]!,
      weight: merged.weight[e]!,
    };
  }

  /** an edge end's id: the entity id, or the identifier node's id */
  private nodeIdText(idNumber: number): string {
    return this.identifierIds.get(idNumber) ?? this.idText[idNumber]!;
  }
}

function windowBound(text: string, name: 'from' | 'to'): [number, number] {
  const span = typeof text === 'string' ? dateSpan(text) : null;
  if (!span) throw new AriadneError('VALIDATION_FAILED', `The window's ${name} date is not an ISO date (2016, 2016-03 or 2016-03-14).`, { details: { [name]: String(text) } });
  return span;
}
