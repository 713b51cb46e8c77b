/**
 * The ledger's part of a journal append, planned for the hot path. Most appends only lengthen
 * the level-0 right-edge tile; they neither read it nor send it back: the server appends the new
 * leaf hashes to it (`hashes || new`), guarded by the width the tree's size implies. Only an
 * append that completes a tile reads the right edge (in the same query as the journal's head)
 * and runs the full tile computation (`appendLeaves`), whose tiles replace the stored ones. The
 * write is one statement, meant to follow the journal insert in a WITH; its RETURNING rows are
 * counted, so a tile that is not what the size implies fails the append instead of being built on.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { appendLeaves, HASH_SIZE, TILE_WIDTH, TileError, tileKey } from '@ariadne/ledger';
import { AriadneError } from '@ariadne/schema';
import type { Database } from './database.ts';
import { upsertTiles } from './ledger-tiles.ts';
import { GENESIS_CHAIN_HASH } from './journal-hash.ts';

export interface JournalHead {
  readonly seq: number;
  readonly chain: string;
  /** the right edge's partial tiles: width always, hashes only when the append completes a tile */
  readonly edge: ReadonlyMap<string, { readonly width: number; readonly hashes: Buffer | null }>;
}

/**
 * The journal's last entry and the ledger's right edge, in one query, for an append of `adding`
 * entries. The edge tile of level L in a tree of n leaves is (L, n >> 8·(L+1)), looked up by
 * primary key (levels up to 6 cover 2^56 leaves; `limit 1` keeps the planner from turning the
 * probes into a scan) and kept when partial. An append that completes no tile needs only the
 * level-0 edge's width.
 */
export async function readJournalHead(tx: Transaction<Database>, adding: number): Promise<JournalHead> {
  const { rows } = await sql<{ seq: string; chain_hash: string; level: number | null; idx: string | null; width: number | null; hashes: Buffer | null }>`
    select j.seq, j.chain_hash, t.level, t.idx, t.width,
      case when j.seq % ${TILE_WIDTH} + ${adding} >= ${TILE_WIDTH} then t.hashes end as hashes
    from (select seq, chain_hash from journal order by seq desc limit 1) j
    left join lateral (
      select e.level, e.idx, e.width, e.hashes
      from generate_series(0, case when j.seq % ${TILE_WIDTH} + ${adding} >= ${TILE_WIDTH} then 6 else 0 end) as l
      cross join lateral (
        select level, idx, width, hashes from ledger_tiles where level = l and idx = j.seq >> (8 * (l + 1)) limit 1
      ) e
      where e.width < ${TILE_WIDTH}
    ) t on true`.execute(tx);
  const first = rows[0];
  if (!first) return { seq: 0, chain: GENESIS_CHAIN_HASH, edge: new Map() };
  const edge = new Map<string, { width: number; hashes: Buffer | null }>();
  for (const row of rows) {
    if (row.level !== null && row.idx !== null && row.width !== null) edge.set(tileKey({ level: row.level, index: Number(row.idx) }), { width: row.width, hashes: row.hashes });
  }
  return { seq: Number(first.seq), chain: first.chain_hash, edge };
}

function inconsistent(size: number, detail: string): AriadneError {
  return new AriadneError('LEDGER_INCONSISTENT', `The ledger's tiles do not match the journal of ${size} entries (${detail}); run \`ariadne journal verify\`.`);
}

/** the tile write for appending `leaves` to the tree of `head.seq` leaves, and the rows it must return */
export function planTileWrite(head: JournalHead, leaves: readonly Buffer[]): { statement: RawBuilder<unknown>; rows: number } {
  const size = head.seq;
  const filled = size % TILE_WIDTH;
  const index = Math.floor(size / TILE_WIDTH);
  if (filled + leaves.length < TILE_WIDTH) {
    if (filled > 0 && head.edge.get(tileKey({ level: 0, index }))?.width !== filled) {
      throw inconsistent(size, `the right-edge tile 0/${index} does not hold ${filled} hashes`);
    }
    // a new tile is inserted; a partial one grows on the server, only if its width is the expected one
    const statement = sql`
      insert into ledger_tiles (level, idx, width, hashes) values (0, ${index}, ${leaves.length}, ${Buffer.concat(leaves)})
      on conflict (level, idx) do update set width = ledger_tiles.width + excluded.width, hashes = ledger_tiles.hashes || excluded.hashes
      where ledger_tiles.width = ${filled}
      returning level`;
    return { statement, rows: 1 };
  }
  const edge = new Map<string, Buffer>();
  for (const [key, tile] of head.edge) {
    if (!tile.hashes || tile.hashes.length !== tile.width * HASH_SIZE) throw inconsistent(size, `the right-edge tile ${key} is malformed`);
    edge.set(key, tile.hashes);
  }
  try {
    const tiles = appendLeaves(size, edge, leaves);
    return { statement: sql`${upsertTiles(tiles)} returning level`, rows: tiles.length };
  } catch (error) {
    if (error instanceof TileError) throw inconsistent(size, error.message);
    throw error;
  }
}

/** throws when the tile write did not touch the rows it had to (a tile is not what the size implies) */
export function checkTileWrite(size: number, written: number, expected: number): void {
  if (written !== expected) throw inconsistent(size, `the tile write matched ${written} of ${expected} tiles`);
}
