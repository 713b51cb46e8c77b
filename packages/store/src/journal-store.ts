/**
 * Appending to, reading and verifying the journal. Every append also grows the journal's Merkle
 * log (the ledger's tiles) in the same transaction, so an entry and its place in the signed tree
 * commit or roll back together.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { Actor, JournalEntry, JournalVerification, Page, PageRequest } from './types.ts';
import { canonicalJournalEntry, GENESIS_CHAIN_HASH, journalChainHash, journalLeafHash } from './journal-hash.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';
import { checkTileWrite, planTileWrite, readJournalHead } from './ledger-append.ts';
import { noteJournalAppend } from './ledger-notify.ts';
import { verifyLedgerTiles } from './ledger-verify.ts';

export interface JournalInput {
  readonly action: string;
  readonly caseId?: string | null;
  readonly entityId?: string | null;
  readonly importId?: string | null;
  readonly contentHash?: string | null;
}

/** any fixed number: the advisory lock that serialises appends across processes */
const JOURNAL_LOCK = 2331;

export function actorName(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}

/**
 * Appends entries inside the caller's transaction, so the write and its journal entry commit or
 * roll back together. The advisory lock orders appends from every process sharing the database.
 */
export async function appendJournalEntries(
  tx: Transaction<Database>,
  actor: Actor,
  at: Date,
  inputs: readonly JournalInput[],
): Promise<JournalEntry[]> {
  await sql`select pg_advisory_xact_lock(${JOURNAL_LOCK})`.execute(tx);
  const head = await readJournalHead(tx, inputs.length);
  let seq = head.seq;
  let chain = head.chain;
  const entries: JournalEntry[] = [];
  for (const input of inputs) {
    seq += 1;
    const fields = {
      seq,
      at,
      actor: actorName(actor),
      action: input.action,
      caseId: input.caseId ?? null,
      entityId: input.entityId ?? null,
      importId: input.importId ?? null,
      contentHash: input.contentHash ?? null,
    };
    const leafHash = journalLeafHash(canonicalJournalEntry(fields));
    chain = journalChainHash(chain, leafHash);
    entries.push({ ...fields, leafHash, chainHash: chain });
  }
  if (entries.length > 0) {
    const tiles = planTileWrite(head, entries.map((e) => Buffer.from(e.leafHash, 'hex')));
    // one statement writes the entries and the tiles: a round trip per append fewer
    const column = <T>(pick: (e: JournalEntry) => T) => entries.map(pick);
    const { rows } = await sql`
      with appended as (
        insert into journal (seq, at, actor, action, case_id, entity_id, import_id, content_hash, leaf_hash, chain_hash)
        select * from unnest(${column((e) => e.seq)}::bigint[], ${column((e) => e.at)}::timestamptz[], ${column((e) => e.actor)}::text[],
          ${column((e) => e.action)}::text[], ${column((e) => e.caseId)}::text[], ${column((e) => e.entityId)}::text[],
          ${column((e) => e.importId)}::text[], ${column((e) => e.contentHash)}::text[], ${column((e) => e.leafHash)}::text[],
          ${column((e) => e.chainHash)}::text[])
      )
      ${tiles.statement}`.execute(tx);
    checkTileWrite(head.seq, rows.length, tiles.rows);
    noteJournalAppend(tx, seq);
  }
  return entries;
}

export type JournalRow = Database['journal'] extends infer T ? { [K in keyof T]: unknown } : never;

export function toEntry(row: JournalRow): JournalEntry {
  return {
    seq: Number(row.seq),
    at: row.at as Date,
    actor: row.actor as string,
    action: row.action as string,
    caseId: row.case_id as string | null,
    entityId: row.entity_id as string | null,
    importId: row.import_id as string | null,
    contentHash: row.content_hash as string | null,
    leafHash: row.leaf_hash as string,
    chainHash: row.chain_hash as string,
  };
}

/** newest first; keyset pagination on seq */
export async function listJournal(
  db: Kysely<Database>,
  filter: { entityId?: string; caseId?: string; importIds?: readonly string[] },
  page: PageRequest,
): Promise<Page<JournalEntry>> {
  const limit = pageLimit(page.limit);
  const before = page.cursor ? Number(decodeCursor(page.cursor)[0]) : null;
  let query = db.selectFrom('journal').selectAll();
  if (filter.entityId !== undefined) {
    const entityId = filter.entityId;
    const importIds = filter.importIds ?? [];
    query = query.where((eb) => importIds.length > 0
      ? eb.or([eb('entity_id', '=', entityId), eb('import_id', 'in', importIds)])
      : eb('entity_id', '=', entityId));
  }
  if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
  if (before !== null && Number.isFinite(before)) query = query.where('seq', '<', before);
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map((r) => toEntry(r as JournalRow));
  const next = rows.length > limit ? encodeCursor([items.at(-1)!.seq]) : null;
  return { items, next };
}

/**
 * Replays the whole journal in order, recomputing every leaf and chain hash, in pages so that a
 * journal of millions of entries verifies in bounded memory; then checks the ledger's tiles hold
 * exactly the journal's leaves and the tree over them. Never throws on bad data: reports the
 * first entry (or tile) that does not verify.
 */
export async function verifyJournal(db: Kysely<Database>, batchSize = 5000): Promise<JournalVerification> {
  const chained = await verifyChain(db, batchSize);
  if (!chained.ok) return chained;
  const tiles = await verifyLedgerTiles(db, chained.entries, batchSize);
  return tiles.ok ? chained : { ...chained, ok: false, firstBadSeq: tiles.firstBadSeq, reason: tiles.reason };
}

async function verifyChain(db: Kysely<Database>, batchSize: number): Promise<JournalVerification> {
  let chain = GENESIS_CHAIN_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('journal').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batchSize).execute();
    for (const raw of rows) {
      const row = toEntry(raw as JournalRow);
      if (row.seq !== expectedSeq) {
        return { ok: false, entries, head: chain, firstBadSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      }
      const leaf = journalLeafHash(canonicalJournalEntry(row));
      if (leaf !== row.leafHash) {
        return { ok: false, entries, head: chain, firstBadSeq: row.seq, reason: `entry ${row.seq} was altered: its content does not match its leaf hash` };
      }
      const next = journalChainHash(chain, leaf);
      if (next !== row.chainHash) {
        return { ok: false, entries, head: chain, firstBadSeq: row.seq, reason: `entry ${row.seq} does not chain from entry ${row.seq - 1}` };
      }
      chain = next;
      entries += 1;
      expectedSeq += 1;
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, entries, head: entries === 0 ? null : chain };
}
