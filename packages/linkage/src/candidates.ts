/**
 * Candidate pairs from blocking: record i of side A and record j of side B are compared only if
 * they share at least one keyed blocking hash. Side B's hashes go into an inverted index; each
 * A record walks the index lists of its hashes, and a stamp per B record makes a pair that shares
 * several blocks count once. A block holding more than `maxBlockSize` records on either side is
 * skipped (and counted): such a key (a common postcode, a blank-ish value) says little about a
 * match and would cost the square of its size.
 */
import { AriadneError } from '@ariadne/schema';
import type { ClkSet } from './types.ts';

export const DEFAULT_MAX_BLOCK_SIZE = 5_000;

export interface CandidateOptions {
  /** blocks with more records than this on a side are skipped (default 5,000) */
  readonly maxBlockSize?: number;
}

export interface CandidatePairs {
  /** side A row indices, ascending; side B indices ascending within each A row */
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly length: number;
  /** distinct hashes present on both sides (the blocks that could yield pairs) */
  readonly sharedBlocks: number;
  /** shared blocks skipped for exceeding `maxBlockSize` on a side */
  readonly skippedBlocks: number;
}

/** side B's inverted index: hash → the B rows carrying it */
function indexBlocks(set: ClkSet): Map<string, number[]> {
  const index = new Map<string, number[]>();
  set.blocks.forEach((hashes, j) => {
    for (const hash of hashes) {
      const rows = index.get(hash);
      if (rows === undefined) index.set(hash, [j]);
      else if (rows[rows.length - 1] !== j) rows.push(j); // a hash listed twice by one record
    }
  });
  return index;
}

/** how many A records carry each hash (each record once) */
function countBlocks(set: ClkSet): Map<string, number> {
  const counts = new Map<string, number>();
  for (const hashes of set.blocks) {
    for (const hash of new Set(hashes)) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  return counts;
}

/** a pair list that doubles its arrays as it grows */
class PairBuffer {
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  length = 0;

  push(i: number, j: number): void {
    if (this.length === this.a.length) {
      const a = new Uint32Array(this.length * 2);
      const b = new Uint32Array(this.length * 2);
      a.set(this.a);
      b.set(this.b);
      this.a = a;
      this.b = b;
    }
    this.a[this.length] = i;
    this.b[this.length] = j;
    this.length++;
  }
}

/** the distinct pairs of records sharing a blocking hash, in (a, b) order */
export function blockingCandidates(a: ClkSet, b: ClkSet, options: CandidateOptions = {}): CandidatePairs {
  const cap = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  if (!Number.isInteger(cap) || cap < 1) {
    throw new AriadneError('VALIDATION_FAILED', `The block size cap must be a positive whole number, got ${String(cap)}.`);
  }
  const index = indexBlocks(b);
  const countsA = countBlocks(a);
  let sharedBlocks = 0;
  const skipped = new Set<string>();
  for (const [hash, inA] of countsA) {
    const rows = index.get(hash);
    if (rows === undefined) continue;
    sharedBlocks++;
    if (inA > cap || rows.length > cap) skipped.add(hash);
  }

  const pairs = new PairBuffer();
  // stamp[j] = i + 1 once pair (i, j) is taken, so a pair sharing several blocks counts once
  const stamp = new Uint32Array(b.tokens.length);
  const partners: number[] = [];
  for (let i = 0; i < a.tokens.length; i++) {
    partners.length = 0;
    for (const hash of a.blocks[i]!) {
      if (skipped.has(hash)) continue;
      const rows = index.get(hash);
      if (rows === undefined) continue;
      for (const j of rows) {
        if (stamp[j] === i + 1) continue;
        stamp[j] = i + 1;
        partners.push(j);
      }
    }
    partners.sort((x, y) => x - y);
    for (const j of partners) pairs.push(i, j);
  }
  return {
    a: pairs.a.subarray(0, pairs.length),
    b: pairs.b.subarray(0, pairs.length),
    length: pairs.length,
    sharedBlocks,
    skippedBlocks: skipped.size,
  };
}
