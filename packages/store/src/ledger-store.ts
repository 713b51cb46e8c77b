/**
 * The ledger's reads: the log's size and roots, inclusion and consistency proofs computed from
 * the tiles (one query when the caller names the tree size, two otherwise; hot nodes cached),
 * the journal entries as the log's leaves, and the signed checkpoints. Sizes and indexes a
 * caller asks for are checked here and refused as VALIDATION_FAILED naming the tree's size.
 */
import { consistencyFromTiles, inclusionFromTiles, NodeCache, rootFromTiles, TileError, type TileReader } from '@ariadne/ledger';
import { AriadneError } from '@ariadne/schema';
import type { Kysely } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import { canonicalJournalEntry } from './journal-hash.ts';
import { toEntry, type JournalRow } from './journal-store.ts';
import { checkpointAtLeast, latestCheckpoint, signCheckpoint } from './ledger-checkpoints.ts';
import type { JournalAppendNotifier } from './ledger-notify.ts';
import { fromTiles, readTilesAndSize, tiledSize, tileReaderOf } from './ledger-tiles.ts';
import type { LedgerStore } from './ledger-types.ts';

const hex = (b: Buffer) => b.toString('hex');

function refuse(message: string): never {
  throw new AriadneError('VALIDATION_FAILED', message);
}

function wholeNumber(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) refuse(`${name} must be a whole number, not ${value}.`);
  return value;
}

function beyond(size: number, treeSize: number, name: string): never {
  refuse(`${name} ${size} is beyond the tree, which holds ${treeSize} entries.`);
}

export function ledgerStore(ctx: StoreContext, notifier: JournalAppendNotifier): LedgerStore {
  const db = ctx.db;
  // hot nodes (upper levels, right edge) across proofs; signing and verification use none
  const cache = new NodeCache();

  /**
   * Runs `work` over the tree of `size` leaves (default: the whole tree). With a size named, the
   * tiles and the tree's size come in one query, and the size is checked after; without, the
   * tree's size is read first. `check` refuses impossible requests before any tile is read.
   */
  async function overTree<T>(size: number | undefined, name: string, check: (n: number) => void, work: (n: number, read: TileReader) => Promise<T>): Promise<T> {
    if (size === undefined) {
      const n = await tiledSize(db);
      check(n);
      return fromTiles(() => work(n, tileReaderOf(db)));
    }
    wholeNumber(size, name);
    check(size);
    let treeSize: number | undefined;
    const read: TileReader = async (coords) => {
      const got = await readTilesAndSize(db, coords);
      treeSize = got.size;
      return got.tiles;
    };
    let result: T;
    try {
      result = await work(size, read);
    } catch (error) {
      if (error instanceof TileError && treeSize !== undefined && size > treeSize) beyond(size, treeSize, name);
      throw error instanceof TileError ? new AriadneError('LEDGER_INCONSISTENT', `The ledger's tiles are damaged: ${error.message}.`) : error;
    }
    // every node came from the cache: they were all in the tree once, and a log only grows
    if (treeSize !== undefined && size > treeSize) beyond(size, treeSize, name);
    return result;
  }

  return {
    ledgerSize: () => tiledSize(db),

    async ledgerRoot(size) {
      return overTree(size, 'size', () => undefined, async (n, read) => ({ size: n, root: hex(await rootFromTiles(n, read, cache)) }));
    },

    async inclusionProof(leaf, size) {
      const index = 'seq' in leaf ? wholeNumber(leaf.seq, 'seq') - 1 : wholeNumber(leaf.index, 'index');
      if (index < 0) refuse('seq counts from 1.');
      const inTree = (n: number) => {
        if (index >= n) refuse(`Entry ${index + 1} (leaf ${index}) is not in the tree of ${n} entries.`);
      };
      return overTree(size, 'size', inTree, async (n, read) => {
        const got = await inclusionFromTiles(index, n, read, cache);
        return { index, size: n, leafHash: hex(got.leafHash), root: hex(got.root), proof: got.proof.map(hex) };
      });
    },

    async consistencyProof(size1, size2) {
      wholeNumber(size1, 'from');
      if (size1 < 1) refuse('from must be at least 1: a proof from the empty tree proves nothing.');
      const grows = (n: number) => {
        if (size1 > n) refuse(`from ${size1} is larger than to ${n}: a tree can only grow.`);
      };
      return overTree(size2, 'to', grows, async (n, read) => {
        const got = await consistencyFromTiles(size1, n, read, cache);
        return { size1, size2: n, root1: hex(got.root1), root2: hex(got.root2), proof: got.proof.map(hex) };
      });
    },

    async journalEntryBySeq(seq) {
      if (!Number.isSafeInteger(seq) || seq < 1) return null;
      const row = await ctx.db.selectFrom('journal').selectAll().where('seq', '=', seq).executeTakeFirst();
      if (!row) return null;
      const entry = toEntry(row as JournalRow);
      return { seq, index: seq - 1, entry: canonicalJournalEntry(entry), leafHash: entry.leafHash };
    },

    latestCheckpoint: () => latestCheckpoint(ctx.db),
    checkpointAtLeast: (size) => checkpointAtLeast(ctx.db, size),
    signCheckpoint: (signing) => signCheckpoint(ctx.db, { ...signing, now: signing.now ?? ctx.now }),

    async ledgerInstanceId() {
      const row = await (ctx.db as Kysely<Database>).selectFrom('ledger_settings').select('value').where('name', '=', 'instance_id').executeTakeFirstOrThrow();
      return row.value;
    },

    onJournalAppended: (listener) => notifier.on(listener),
  };
}
