/**
 * The search indexes (trigram on names, full text on names and text) and their upkeep around
 * bulk loads. Maintaining a GIN index row by row costs a large import about a quarter of its
 * time; building it once afterwards costs a fraction of that. So a large import suspends them and
 * rebuilds them when it ends. Searches during the load still answer, by sequential scan; a crash
 * mid-load heals because `createStore` recreates missing indexes at start.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';

/** same definitions as the initial migration (kept apart so migrations stay frozen) */
const SEARCH_INDEXES = {
  entities_names_trgm: sql`create index if not exists entities_names_trgm on entities using gin (names gin_trgm_ops)`,
  entities_fts: sql`create index if not exists entities_fts on entities using gin (fts)`,
} as const;

export async function suspendSearchIndexes(db: Kysely<Database>): Promise<void> {
  for (const name of Object.keys(SEARCH_INDEXES)) await sql.raw(`drop index if exists ${name}`).execute(db);
}

/** recreates missing search indexes, flushes the GIN pending lists and refreshes statistics */
export async function refreshSearchIndexes(db: Kysely<Database>, kind: 'pglite' | 'postgres'): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // A GIN build sorts in maintenance_work_mem. On a server, give it room; PGlite's memory is
    // this process's WebAssembly heap, which never shrinks, so keep the build small there.
    await sql.raw(`set local maintenance_work_mem = '${kind === 'postgres' ? '256MB' : '16MB'}'`).execute(tx);
    for (const create of Object.values(SEARCH_INDEXES)) await create.execute(tx);
  });
  // after bulk inserts every search would scan the pending lists linearly (measured: 14 ms →
  // 0.05 ms per query at 200k entities once merged)
  for (const name of Object.keys(SEARCH_INDEXES)) await sql`select gin_clean_pending_list(${name}::regclass)`.execute(db);
  await sql`analyze entities`.execute(db);
}

/** at start: recreate search indexes a crashed bulk load left suspended (a no-op otherwise) */
export async function ensureSearchIndexes(db: Kysely<Database>): Promise<void> {
  for (const create of Object.values(SEARCH_INDEXES)) await create.execute(db);
}
