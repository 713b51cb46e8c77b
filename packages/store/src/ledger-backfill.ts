/**
 * Builds the ledger's tiles for journal entries written before the ledger existed (migration
 * 0002), streaming the journal in seq order a page at a time: memory stays bounded by one page
 * and one right-edge tile per level, whatever the journal's length.
 */
import { sql } from 'kysely';
import { advanceEdge, appendLeaves } from '@ariadne/ledger';
import { writeTiles, type Executor } from './ledger-tiles.ts';

/** returns the number of leaves tiled; throws when the journal has a gap (it was tampered with) */
export async function backfillLedgerTiles(db: Executor, pageSize = 10_000): Promise<number> {
  let size = 0;
  let edge = new Map<string, Buffer>();
  for (;;) {
    const { rows } = await sql<{ seq: string; leaf_hash: string }>`
      select seq, leaf_hash from journal where seq > ${size} order by seq limit ${pageSize}`.execute(db);
    if (rows.length === 0) return size;
    const leaves = rows.map((row, i) => {
      if (Number(row.seq) !== size + i + 1) throw new Error(`journal entry ${size + i + 1} is missing: run \`ariadne journal verify\``);
      return Buffer.from(row.leaf_hash, 'hex');
    });
    const written = appendLeaves(size, edge, leaves);
    await writeTiles(db, written);
    edge = advanceEdge(edge, written);
    size += leaves.length;
  }
}
