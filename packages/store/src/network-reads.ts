/**
 * Reading what a network is built from: every live entity (not deleted, not merged into another)
 * of some cases, and optionally the global reference data, with the distinct sources of its live
 * statements (its own and its merge members'), in batches of constant size.
 *
 * Two paths, one SQL shape:
 * - On a PostgreSQL server, one `COPY (…) TO STDOUT (FORMAT binary)` on a connection of its own:
 *   one statement, so one snapshot, and no per-row work in node-postgres (row objects, a type
 *   parser per column), which cost more than the server's work. Rows are cut into batches as they
 *   arrive, kept as raw bytes, and decoded when the consumer takes the batch; the socket is paused
 *   while two batches wait, so memory stays at a few batches whatever the size of the case.
 * - On PGlite (one in-process connection, no COPY to the client), keyset pages by id. A page is
 *   a short query, so other store calls interleave between batches; a cursor or a COPY would
 *   hold the only connection while the consumer works and deadlock a consumer that also writes.
 *
 * Sources: most entities have one source, so the query sends `min(source)` alone and sends the
 * sorted distinct list only when `min <> max` or the entity has merge members.
 *
 * On 5M relations and 1M persons the COPY path takes about half the client CPU and less than
 * half the server CPU of keyset pages through node-postgres; the figures of each variant tried
 * are in bench/network-load.bench.ts.
 *
 * A consumer must finish the iteration or leave it (`break`, `return`, a throw in `for await`):
 * an iterator dropped half-way keeps its server connection until the process ends.
 */
import { AriadneError } from '@ariadne/schema';
import { sql } from 'kysely';
import pg from 'pg';
import type { StoreContext } from './context.ts';

export interface NetworkReadQuery {
  /** cases to read; null = global entities only (case_id is null) plus nothing else */
  readonly caseIds: readonly string[] | null;
  /** also entities with case_id null (sanctions lists, shared reference data) */
  readonly includeGlobal?: boolean;
  /** sealed entities (victim profiles, exploitation) are left out unless true: the caller checks sealed:read and journals */
  readonly includeSealed: boolean;
  /** only these schemata, by exact name (null = all) */
  readonly schemata?: readonly string[] | null;
  /** rows per batch (1 … 100,000), default 10,000; every batch but the last is full */
  readonly batchSize?: number;
}

export interface NetworkSourceRow {
  id: string;
  schema: string;
  caseId: string | null;
  properties: Record<string, string[]>;
  /**
   * distinct sources of the entity's live statements, sorted; rows with the same sources share
   * one frozen array (the network builder recognises a repeated array without hashing it)
   */
  sources: readonly string[];
  sealed: boolean;
}

/** where the PostgreSQL server is, for the COPY path; null on PGlite */
export interface NetworkReadServer {
  readonly connectionString: string;
}

export const DEFAULT_NETWORK_BATCH = 10_000;
const MAX_NETWORK_BATCH = 100_000;

export function readNetworkEntities(ctx: StoreContext, query: NetworkReadQuery, server: NetworkReadServer | null): AsyncIterable<NetworkSourceRow[]> {
  const plan = planRead(query);
  if (plan.scopes.length === 0) return (async function* () {})();
  return server ? readByCopy(server, plan) : readByPages(ctx, plan);
}

interface ReadPlan {
  /** case ids, then null for the global data */
  readonly scopes: readonly (string | null)[];
  readonly includeSealed: boolean;
  readonly schemata: readonly string[] | null;
  readonly batchSize: number;
}

function planRead(query: NetworkReadQuery): ReadPlan {
  const batchSize = query.batchSize ?? DEFAULT_NETWORK_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_NETWORK_BATCH) {
    throw new AriadneError('VALIDATION_FAILED', `The batch size must be a whole number from 1 to ${MAX_NETWORK_BATCH.toLocaleString('en')}.`, { details: { batchSize: String(batchSize) } });
  }
  const scopes: (string | null)[] = query.caseIds === null ? [null] : [...new Set(query.caseIds)].sort();
  if (query.caseIds !== null && query.includeGlobal) scopes.push(null);
  const schemata = query.schemata ? [...new Set(query.schemata)].sort() : null;
  // an empty schema list selects nothing
  return { scopes: schemata?.length === 0 ? [] : scopes, includeSealed: query.includeSealed, schemata, batchSize };
}

const lit = (value: string) => pg.escapeLiteral(value);

/**
 * The rows of one scope. Columns: id, schema, case_id, sealed, properties, the least source, and
 * the full sorted source list when it differs from [least] (or the entity has merge members).
 *
 * `stream` (the server's COPY of a whole scope): the case's live statements are aggregated per
 * entity from the `statements_network` index (case_id, entity_id, source; migration 0006), an
 * index-only scan already in entity order, and merge-joined with the case's entities. A
 * statement's case is always its entity's case (writes keep them equal; merges stay in a case).
 * `page` (a PGlite keyset page): each entity's sources by a probe of the statements' key.
 */
function scopeSelect(plan: ReadPlan, caseId: string | null, shape: 'stream' | 'page'): string {
  const inScope = (alias: string) => (caseId === null ? `${alias}.case_id is null` : `${alias}.case_id = ${lit(caseId)}`);
  const where = [inScope('e'), 'e.merged_into is null', 'e.deleted_at is null'];
  if (!plan.includeSealed) where.push('not e.sealed');
  if (plan.schemata) where.push(`e.schema in (${plan.schemata.map(lit).join(', ')})`);
  const stream = shape === 'stream';
  const members = stream ? 'm.members' : 'array(select mm.member_id from entity_merges mm where mm.canonical_id = e.id)';
  const hasMembers = stream ? 'm.members is not null' : 'exists (select from entity_merges mm where mm.canonical_id = e.id)';
  return `
    select e.id, e.schema, e.case_id, e.sealed, e.properties, a.lo,
      case when a.lo is distinct from a.hi or ${hasMembers} then
        array(select distinct s.source from statements s
              where s.entity_id = any(array[e.id] || ${members}) and s.retracted_at is null order by 1)
      end as sources
    from entities e
    ${stream
      ? `left join (select s.entity_id, min(s.source) as lo, max(s.source) as hi from statements s
                    where ${inScope('s')} and s.retracted_at is null group by s.entity_id) a on a.entity_id = e.id
         left join (select canonical_id, array_agg(member_id) as members from entity_merges group by canonical_id) m on m.canonical_id = e.id`
      : `cross join lateral (select min(s.source) as lo, max(s.source) as hi from statements s where s.entity_id = e.id and s.retracted_at is null) a`}
    where ${where.join(' and ')}`;
}

/** one frozen array per distinct source list, so 5M rows from one import share a single array */
class SourceLists {
  private readonly lists = new Map<string, readonly string[]>();
  private static readonly NONE: readonly string[] = Object.freeze([]);

  /** the list from the query's columns: the least source alone, or the full list when it differs */
  of(least: string | null, all: readonly string[] | null): readonly string[] {
    if (all === null && least === null) return SourceLists.NONE;
    const key = all === null ? least! : all.join('\u0000');
    let list = this.lists.get(key);
    if (list === undefined) {
      list = Object.freeze(all === null ? [least!] : [...all]);
      // a hostile variety of source lists must not grow the table without end
      if (this.lists.size < 10_000) this.lists.set(key, list);
    }
    return list;
  }
}

interface PageRow { id: string; schema: string; case_id: string | null; sealed: boolean; properties: Record<string, string[]>; lo: string | null; sources: string[] | null }

async function* readByPages(ctx: StoreContext, plan: ReadPlan): AsyncIterable<NetworkSourceRow[]> {
  let batch: NetworkSourceRow[] = [];
  const sourceLists = new SourceLists();
  for (const caseId of plan.scopes) {
    const select = scopeSelect(plan, caseId, 'page');
    let after: string | null = null;
    for (;;) {
      const want = plan.batchSize - batch.length;
      // ordered by (case_id, id), the entities_case_id index, so even `case_id is null` needs no sort
      const text: string = `${select} ${after === null ? '' : `and e.id > ${lit(after)}`} order by e.case_id, e.id limit ${want}`;
      const { rows }: { rows: PageRow[] } = await sql.raw<PageRow>(text).execute(ctx.db);
      for (const r of rows) {
        batch.push({ id: r.id, schema: r.schema, caseId: r.case_id, properties: r.properties, sources: sourceLists.of(r.lo, r.sources), sealed: r.sealed });
      }
      if (batch.length === plan.batchSize) {
        yield batch;
        batch = [];
      }
      if (rows.length < want) break;
      after = rows.at(-1)!.id;
    }
  }
  if (batch.length > 0) yield batch;
}

/** the server path: one binary COPY of every scope, decoded into batches as it arrives */
async function* readByCopy(server: NetworkReadServer, plan: ReadPlan): AsyncIterable<NetworkSourceRow[]> {
  const text = `copy (${plan.scopes.map((c) => scopeSelect(plan, c, 'stream')).join(' union all ')}) to stdout (format binary)`;
  const client = new pg.Client({ connectionString: server.connectionString, application_name: 'ariadne-network-read' });
  // errors reach us through the query's handleError; an idle 'error' event must not crash
  client.on('error', () => undefined);
  await client.connect();
  // batches wait as the raw bytes of their rows and become objects only when the consumer takes
  // them: objects made ahead would outlive V8's young generation and cost old-generation GC
  const ready: RawBatch[] = [];
  let finished = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  const socket = (client as unknown as { connection: pg.Connection }).connection.stream;
  const framer = new CopyRowFramer(plan.batchSize, (batch) => ready.push(batch));
  const decoder = new CopyRowDecoder();
  const copy = {
    submit(connection: pg.Connection) {
      // Settings for this connection only (it is closed afterwards). With the default random page
      // cost the planner hashes the statements' aggregate (6M groups on 5M relations, spilling to
      // disk) instead of merging two scans already in id order. Right after an import, before
      // autovacuum's analyze, it believes the aggregate has one row and loops over it once per
      // entity (20,000 relations took 8 minutes): no nested loops. Parallel workers would take the
      // core the decoding here needs; JIT compiling costs more than it saves.
      connection.query(`set jit = off; set random_page_cost = 1.1; set enable_nestloop = off; set max_parallel_workers_per_gather = 0; ${text}`);
    },
    handleCopyData(message: { chunk: Buffer }) {
      try {
        framer.push(message.chunk);
      } catch (error) {
        failure ??= error;
        socket.destroy();
      }
      // backpressure: the server waits on the socket while the consumer is behind
      if (ready.length >= 2) socket.pause();
      notify();
    },
    handleReadyForQuery() {
      framer.end();
      finished = true;
      notify();
    },
    handleError(error: unknown) {
      failure ??= error;
      finished = true;
      notify();
    },
    handleCommandComplete() {},
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    handleCopyInResponse(connection: pg.Connection & { sendCopyFail(message: string): void }) {
      connection.sendCopyFail('not a copy from');
    },
  };
  client.query(copy);
  try {
    for (;;) {
      const next = ready.shift();
      if (next) {
        if (ready.length < 2) socket.resume();
        yield decoder.decode(next);
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    // a consumer that stops early (a cancelled job) closes the connection: the server ends the COPY
    if (!finished) socket.destroy();
    await client.end().catch(() => undefined);
  }
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** `count` rows of the COPY stream, back to back, each from its field count on */
interface RawBatch { readonly bytes: Buffer; readonly count: number }

/**
 * Cuts PostgreSQL's binary COPY stream into batches of whole rows. The stream arrives in chunks
 * that need not align with rows; a partial row waits for the next chunk. Rows are copied out of
 * the chunk (the driver reuses its buffer) into the batch being filled.
 */
class CopyRowFramer {
  private pending: Buffer | null = null;
  private headerRead = false;
  private bytes = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private count = 0;
  constructor(private readonly batchSize: number, private readonly onBatch: (batch: RawBatch) => void) {}

  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    if (!this.headerRead) {
      if (buf.length < 19) { this.pending = Buffer.from(buf); return; }
      if (!buf.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('not a binary COPY stream');
      at = 19 + buf.readInt32BE(15);
      this.headerRead = true;
    }
    for (;;) {
      const end = rowEnd(buf, at);
      if (end < 0) break;
      if (buf.readInt16BE(at) !== -1) this.add(buf, at, end); // -1 is the trailer
      at = end;
    }
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
  }

  /** the last, possibly short, batch */
  end(): void {
    if (this.count > 0) this.emit();
  }

  private add(buf: Buffer, start: number, end: number): void {
    if (this.used + end - start > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + end - start));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += buf.copy(this.bytes, this.used, start, end);
    if (++this.count === this.batchSize) this.emit();
  }

  private emit(): void {
    this.onBatch({ bytes: this.bytes.subarray(0, this.used), count: this.count });
    this.bytes = Buffer.allocUnsafe(this.bytes.length);
    this.used = 0;
    this.count = 0;
  }
}

/** where the row (or trailer) at `at` ends, or -1 when it is not complete yet */
function rowEnd(buf: Buffer, at: number): number {
  if (at + 2 > buf.length) return -1;
  const fields = buf.readInt16BE(at);
  let p = at + 2;
  for (let f = 0; f < fields; f++) {
    if (p + 4 > buf.length) return -1;
    const len = buf.readInt32BE(p);
    p += 4 + Math.max(0, len);
  }
  return p <= buf.length ? p : -1;
}

/**
 * Turns framed rows of the scope columns (id text, schema text, case_id text, sealed bool,
 * properties jsonb, least source text, sources text[]) into `NetworkSourceRow`s.
 */
class CopyRowDecoder {
  /** schema names, case ids and sources repeat row after row: recognised by their bytes, decoded once */
  private readonly schemata = new RecentTexts();
  private readonly cases = new RecentTexts();
  private readonly leastSources = new RecentTexts();
  private readonly sourceLists = new SourceLists();

  decode(batch: RawBatch): NetworkSourceRow[] {
    const rows: NetworkSourceRow[] = [];
    this.at = 0;
    // each row: its field count (2 bytes, always 7 here), then the fields
    for (let i = 0; i < batch.count; i++) rows.push(this.decodeRow(batch.bytes, this.at + 2));
    return rows;
  }

  // the fields are read through methods moving `at`, not per-row closures: tsx (esbuild with
  // keepNames) wraps every closure in a defineProperty call, which cost more than the decoding
  private at = 0;

  private decodeRow(buf: Buffer, at: number): NetworkSourceRow {
    this.at = at;
    const id = this.text(buf)!;
    const schema = this.recent(buf, this.schemata)!;
    const caseId = this.recent(buf, this.cases);
    const sealed = buf[this.skip(buf)] === 1;
    // jsonb's binary form is a version byte (1) and the JSON text
    const propsAt = this.skip(buf);
    const properties = JSON.parse(buf.toString('utf8', propsAt + 1, this.at)) as Record<string, string[]>;
    const least = this.recent(buf, this.leastSources);
    const arrayLen = buf.readInt32BE(this.at);
    const arrayAt = this.skip(buf);
    const all = arrayLen < 0 ? null : this.textArray(buf, arrayAt);
    return { id, schema, caseId, properties, sources: this.sourceLists.of(least, all), sealed };
  }

  /** moves past the field at `at`; returns where its bytes start */
  private skip(buf: Buffer): number {
    const len = buf.readInt32BE(this.at);
    const start = this.at + 4;
    this.at = start + (len < 0 ? 0 : len);
    return start;
  }

  private text(buf: Buffer): string | null {
    const len = buf.readInt32BE(this.at);
    const start = this.skip(buf);
    return len < 0 ? null : buf.toString('utf8', start, start + len);
  }

  /** a one-dimensional text[] in binary: ndim, has-null flag, element type, (size, lower bound), then elements */
  private textArray(buf: Buffer, at: number): string[] {
    const ndim = buf.readInt32BE(at);
    if (ndim === 0) return [];
    const size = buf.readInt32BE(at + 12);
    const out: string[] = [];
    let p = at + 20;
    for (let i = 0; i < size; i++) {
      const len = buf.readInt32BE(p);
      if (len >= 0) out.push(buf.toString('utf8', p + 4, p + 4 + len));
      p += 4 + Math.max(0, len);
    }
    return out;
  }

  private recent(buf: Buffer, texts: RecentTexts): string | null {
    const len = buf.readInt32BE(this.at);
    const start = this.skip(buf);
    return len < 0 ? null : texts.read(buf, start, len);
  }
}

/**
 * The last few distinct values of a column, found again by comparing bytes: a schema name or a
 * case id seen on the previous rows costs no string (and no garbage) to read again.
 */
class RecentTexts {
  private readonly bytes: Buffer[] = [];
  private readonly texts: string[] = [];
  private next = 0;

  read(buf: Buffer, start: number, len: number): string {
    for (let i = 0; i < this.bytes.length; i++) {
      const known = this.bytes[i]!;
      if (known.length !== len) continue;
      let k = 0;
      while (k < len && known[k] === buf[start + k]) k++;
      if (k === len) return this.texts[i]!;
    }
    const text = buf.toString('utf8', start, start + len);
    // only short values are worth keeping; eight slots, reused in turn
    if (len <= 64) {
      const slot = this.bytes.length < 8 ? this.bytes.length : this.next++ % 8;
      this.bytes[slot] = Buffer.from(buf.subarray(start, start + len));
      this.texts[slot] = text;
    }
    return text;
  }
}
