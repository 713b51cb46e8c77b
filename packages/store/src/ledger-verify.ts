/**
 * Checks the ledger's tiles against the journal: that they hold exactly the journal's leaf hashes
 * and, above them, exactly the tree over those leaves, and that the root from the tiles is the
 * root of the journal's leaves. Streams the journal in pages and rebuilds the expected tiles as
 * it goes (bounded memory), so a mismatch is named precisely: the tile, and the first journal
 * entry under the altered hash. Never throws on bad data.
 */
import { sql, type Kysely } from 'kysely';
import { advanceEdge, appendLeaves, hashesAtLevel, HASH_SIZE, RootAccumulator, rootFromTiles, TILE_WIDTH, tileKey, type Tile } from '@ariadne/ledger';
import type { Database } from './database.ts';
import { readTiles, tiledSize, tileReaderOf } from './ledger-tiles.ts';

export type LedgerTilesVerdict =
  | { readonly ok: true; readonly root: string }
  | { readonly ok: false; readonly firstBadSeq: number; readonly reason: string };

/** the first hash where `stored` differs from `expected`, or null when it holds them all */
function firstDifference(stored: Buffer | undefined, expected: Buffer): number | null {
  const count = expected.length / HASH_SIZE;
  for (let i = 0; i < count; i++) {
    const a = i * HASH_SIZE;
    if (!stored || stored.length < a + HASH_SIZE || !stored.subarray(a, a + HASH_SIZE).equals(expected.subarray(a, a + HASH_SIZE))) return i;
  }
  return null;
}

function mismatch(tile: Tile, position: number, stored: Buffer | undefined): { firstBadSeq: number; reason: string } {
  const node = tile.index * TILE_WIDTH + position; // its index at tree level 8·L
  const span = TILE_WIDTH ** tile.level; // leaves under one hash of this tile
  const first = node * span + 1;
  const what = stored === undefined ? 'is missing' : stored.length < (position + 1) * HASH_SIZE ? `ends before hash ${position}` : `holds a different hash at position ${position}`;
  const covers = tile.level === 0 ? `journal entry ${first}` : `the tree over journal entries ${first}–${first + span - 1}`;
  return { firstBadSeq: first, reason: `ledger tile ${tileKey(tile)} ${what}: it does not match ${covers}` };
}

/** `entries`: how many entries the journal holds (already verified as a chain) */
export async function verifyLedgerTiles(db: Kysely<Database>, entries: number, pageSize = 5000): Promise<LedgerTilesVerdict> {
  const tiled = await tiledSize(db);
  if (tiled !== entries) {
    return { ok: false, firstBadSeq: Math.min(tiled, entries) + 1, reason: `the ledger's tiles hold ${tiled} leaves but the journal has ${entries} entries` };
  }
  const leaves = new RootAccumulator();
  let edge = new Map<string, Buffer>();
  while (leaves.size < entries) {
    const { rows } = await sql<{ leaf_hash: string }>`
      select leaf_hash from journal where seq > ${leaves.size} order by seq limit ${pageSize}`.execute(db);
    if (rows.length === 0) break;
    const hashes = rows.map((r) => Buffer.from(r.leaf_hash, 'hex'));
    const expected = appendLeaves(leaves.size, edge, hashes);
    const stored = await readTiles(db, expected);
    for (const tile of expected) {
      const at = firstDifference(stored.get(tileKey(tile)), tile.hashes);
      if (at !== null) return { ok: false, ...mismatch(tile, at, stored.get(tileKey(tile))) };
    }
    for (const h of hashes) leaves.push(h);
    edge = advanceEdge(edge, expected);
  }
  // the right edge must hold no stray hashes beyond the tree, and no tile may lie outside it
  const edgeTiles: Tile[] = [...edge].map(([key, hashes]) => {
    const [level, index] = key.split('/').map(Number) as [number, number];
    return { level, index, hashes };
  });
  const stored = await readTiles(db, edgeTiles);
  for (const tile of edgeTiles) {
    if ((stored.get(tileKey(tile))?.length ?? 0) !== tile.hashes.length) {
      return { ok: false, ...mismatch(tile, tile.hashes.length / HASH_SIZE, stored.get(tileKey(tile))), reason: `ledger tile ${tileKey(tile)} holds more hashes than a tree of ${entries} leaves has` };
    }
  }
  let expectedTiles = 0;
  for (let level = 0; hashesAtLevel(entries, level) > 0; level++) expectedTiles += Math.ceil(hashesAtLevel(entries, level) / TILE_WIDTH);
  const { rows } = await sql<{ n: string }>`select count(*) as n from ledger_tiles`.execute(db);
  if (Number(rows[0]!.n) !== expectedTiles) {
    return { ok: false, firstBadSeq: entries + 1, reason: `the ledger holds ${rows[0]!.n} tiles; a tree of ${entries} leaves has ${expectedTiles}` };
  }
  const root = await rootFromTiles(entries, tileReaderOf(db));
  if (!root.equals(leaves.root())) {
    return { ok: false, firstBadSeq: 1, reason: `the root from the ledger's tiles (${root.toString('hex')}) is not the root of the journal's leaves (${leaves.root().toString('hex')})` };
  }
  return { ok: true, root: root.toString('hex') };
}
