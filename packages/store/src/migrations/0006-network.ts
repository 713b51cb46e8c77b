/**
 * The network read (network-reads.ts) needs, for every entity of a case, the distinct sources of
 * its live statements. This index holds exactly that, in (case, entity) order: the server reads a
 * case's sources as one index-only range scan, merged with the case's entities in id order, and
 * never touches the statements' heap (measured on 5M relations: the statements part of the read
 * fell from 57 s to 15 s on a loaded machine, the whole read from 109 s to 46 s). Duplicate keys
 * (an entity's several statements from one source) are deduplicated by the B-tree, so it is about
 * a quarter of the size of the statements' primary key.
 *
 * Only on a PostgreSQL server: PGlite reads networks in short keyset pages that probe the
 * primary key, and its imports have the least headroom of any target (issue 2), so it is spared
 * the cost of a second statements index.
 */
import { sql, type Kysely } from 'kysely';

async function isPglite(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ version: string }>`select version()`.execute(db);
  return /PGlite|emscripten/i.test(rows[0]?.version ?? '');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await isPglite(db)) return;
  await sql`create index if not exists statements_network on statements (case_id, entity_id, source) where retracted_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists statements_network`.execute(db);
}
