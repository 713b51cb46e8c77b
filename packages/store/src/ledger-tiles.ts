/**
 * The ledger's tiles in SQL: batched reads and upserts of `ledger_tiles`, the right edge the next
 * append changes, and the tree size the tiles hold. Each function is one statement, run on the
 * database or inside the caller's transaction.
 */
import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { HASH_SIZE, TILE_WIDTH, TileError, tileKey, type Tile, type TileCoord, type TileReader } from '@ariadne/ledger';
import { AriadneError } from '@ariadne/schema';

/** `Kysely<Database>`, a transaction, or the migrations' `Kysely<unknown>` */
export type Executor = QueryExecutorProvider;

/** the tiles named, in one query; absent tiles are absent from the map */
export async function readTiles(db: Executor, coords: readonly TileCoord[]): Promise<Map<string, Buffer>> {
  if (coords.length === 0) return new Map();
  const { rows } = await sql<{ level: number; idx: string; hashes: Buffer }>`
    select level, idx, hashes from ledger_tiles
    where (level, idx) in (select * from unnest(${coords.map((c) => c.level)}::smallint[], ${coords.map((c) => c.index)}::bigint[]))`.execute(db);
  return new Map(rows.map((r) => [tileKey({ level: r.level, index: Number(r.idx) }), r.hashes]));
}

export function tileReaderOf(db: Executor): TileReader {
  return (coords) => readTiles(db, coords);
}

/**
 * The tiles named and the tree's size, in one query (one round trip per proof when the caller
 * names the size): the size comes as a row of level −1.
 */
export async function readTilesAndSize(db: Executor, coords: readonly TileCoord[]): Promise<{ size: number; tiles: Map<string, Buffer> }> {
  const { rows } = await sql<{ level: number; idx: string; hashes: Buffer | null }>`
    select level, idx, hashes from ledger_tiles
    where (level, idx) in (select * from unnest(${coords.map((c) => c.level)}::smallint[], ${coords.map((c) => c.index)}::bigint[]))
    union all
    select -1, coalesce((select idx * ${TILE_WIDTH} + width from ledger_tiles where level = 0 order by idx desc limit 1), 0), null`.execute(db);
  const tiles = new Map<string, Buffer>();
  let size = 0;
  for (const r of rows) {
    if (r.level < 0) size = Number(r.idx);
    else if (r.hashes) tiles.set(tileKey({ level: r.level, index: Number(r.idx) }), r.hashes);
  }
  return { size, tiles };
}

/**
 * The statement that writes tiles (new ones and grown right-edge ones); embeddable after a WITH.
 * One parameter per hash blob: node-postgres sends a Buffer as binary, where a bytea[] would
 * travel as hex text.
 */
export function upsertTiles(tiles: readonly Tile[]): RawBuilder<unknown> {
  const rows = tiles.map((t) => sql`(${t.level}::smallint, ${t.index}::bigint, ${t.hashes.length / HASH_SIZE}::smallint, ${t.hashes}::bytea)`);
  return sql`
    insert into ledger_tiles (level, idx, width, hashes) values ${sql.join(rows)}
    on conflict (level, idx) do update set width = excluded.width, hashes = excluded.hashes`;
}

export async function writeTiles(db: Executor, tiles: readonly Tile[]): Promise<void> {
  if (tiles.length > 0) await upsertTiles(tiles).execute(db);
}

/** how many leaves the tiles hold: the last level-0 tile's index and width */
export async function tiledSize(db: Executor): Promise<number> {
  const { rows } = await sql<{ idx: string; width: number }>`
    select idx, width from ledger_tiles where level = 0 order by idx desc limit 1`.execute(db);
  const last = rows[0];
  return last ? Number(last.idx) * TILE_WIDTH + last.width : 0;
}

/** runs a computation over tiles; tiles that cannot give what the tree's size promises were altered or lost */
export async function fromTiles<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TileError) throw new AriadneError('LEDGER_INCONSISTENT', `The ledger's tiles are damaged: ${error.message}.`);
    throw error;
  }
}
