/**
 * One-to-one assignment, anonlink's greedy solver: take the pairs at or above the threshold from
 * the highest score down, ties broken by (a, b) index, and keep a pair when neither of its
 * records is taken yet. Each record ends in at most one pair.
 *
 * The order is a stable LSD radix sort in 16-bit digits (b, then a, then the score's IEEE-754
 * bits, which for non-negative doubles order as the numbers do): linear in the pairs, where a
 * comparison sort of FEBRL4's 24 million pairs above 0.65 is many times slower. The (a, b)
 * passes are skipped when the pairs already come in (a, b) order, as the matcher makes them.
 */
import { AriadneError } from '@ariadne/schema';
import type { ScoredPair } from './types.ts';
import { scoredPairsFrom, type ScoredPairs } from './scored-pairs.ts';

const RADIX = 65536;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function inAbOrder(pairs: ScoredPairs): boolean {
  for (let k = 1; k < pairs.length; k++) {
    const da = pairs.a[k]! - pairs.a[k - 1]!;
    if (da < 0 || (da === 0 && pairs.b[k]! < pairs.b[k - 1]!)) return false;
  }
  return true;
}

/** one stable counting pass on a 16-bit digit per pair; false (and nothing moved) if all digits are equal */
function countingPass(order: Uint32Array, spare: Uint32Array, digits: Uint16Array, descending: boolean): boolean {
  const n = order.length;
  const counts = new Uint32Array(RADIX);
  for (let k = 0; k < n; k++) counts[digits[k]!]!++;
  if (n === 0 || counts[digits[0]!] === n) return false;
  let at = 0;
  if (descending) {
    for (let d = RADIX - 1; d >= 0; d--) {
      const c = counts[d]!;
      counts[d] = at;
      at += c;
    }
  } else {
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d]!;
      counts[d] = at;
      at += c;
    }
  }
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    spare[counts[digits[id]!]!++] = id;
  }
  return true;
}

/** the pair comparison the order follows, for the slow paths */
function compareByScore(pairs: ScoredPairs): (x: number, y: number) => number {
  const { a, b, score } = pairs;
  return (x, y) => score[y]! - score[x]! || a[x]! - a[y]! || b[x]! - b[y]!;
}

/**
 * Pair indices by score descending, then a ascending, then b ascending. Radix passes on the high
 * 32 bits of each score (sign, exponent and 20 bits of mantissa) leave runs of pairs whose scores
 * agree in those bits; a run whose low bits differ too is then sorted by comparison. Dice scores
 * (2c / s, s ≤ 8,192) differ by far more than the low bits can hold, so on a matcher's pairs
 * every run is one score, already in (a, b) order by the passes' stability.
 */
export function orderByScore(pairs: ScoredPairs): Uint32Array {
  const n = pairs.length;
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  if (!LITTLE_ENDIAN) return order.sort(compareByScore(pairs));
  let spare = new Uint32Array(n);
  const digits = new Uint16Array(n);
  const pass = (descending: boolean) => {
    if (countingPass(order, spare, digits, descending)) [order, spare] = [spare, order];
  };
  if (!inAbOrder(pairs)) {
    for (const column of [pairs.b, pairs.a]) {
      for (let k = 0; k < n; k++) digits[k] = column[k]! & 0xffff;
      pass(false);
      for (let k = 0; k < n; k++) digits[k] = column[k]! >>> 16;
      pass(false);
    }
  }
  const bits = new Uint32Array(pairs.score.buffer, pairs.score.byteOffset, 2 * n);
  for (let k = 0; k < n; k++) digits[k] = bits[2 * k + 1]! & 0xffff;
  pass(true);
  for (let k = 0; k < n; k++) digits[k] = bits[2 * k + 1]! >>> 16;
  pass(true);
  // runs agreeing in the high word: sorted further only if their low words differ
  let compare: ((x: number, y: number) => number) | undefined;
  for (let start = 0; start < n; ) {
    const high = bits[2 * order[start]! + 1]!;
    const low = bits[2 * order[start]!]!;
    let end = start + 1;
    let mixed = false;
    while (end < n && bits[2 * order[end]! + 1] === high) {
      if (bits[2 * order[end]!] !== low) mixed = true;
      end++;
    }
    if (mixed) order.subarray(start, end).sort((compare ??= compareByScore(pairs)));
    start = end;
  }
  return order;
}

export interface GreedyOptions {
  /** pairs below this score are not taken (default: all pairs given) */
  readonly threshold?: number;
  /** `orderByScore(pairs)`, when several thresholds are tried on the same pairs */
  readonly order?: Uint32Array;
}

function maxPlusOne(values: Uint32Array): number {
  let max = -1;
  for (let k = 0; k < values.length; k++) if (values[k]! > max) max = values[k]!;
  return max + 1;
}

/** the greedy one-to-one matching of the pairs, highest score first */
export function greedyAssign(input: ScoredPairs | readonly ScoredPair[], options: GreedyOptions = {}): ScoredPair[] {
  const pairs = Array.isArray(input) ? scoredPairsFrom(input as readonly ScoredPair[]) : (input as ScoredPairs);
  const order = options.order ?? orderByScore(pairs);
  if (order.length !== pairs.length) {
    throw new AriadneError('VALIDATION_FAILED', `The order lists ${order.length} pairs, the pairs are ${pairs.length}.`);
  }
  const threshold = options.threshold ?? -Infinity;
  const takenA = new Uint8Array(maxPlusOne(pairs.a));
  const takenB = new Uint8Array(maxPlusOne(pairs.b));
  const matched: ScoredPair[] = [];
  for (let k = 0; k < order.length; k++) {
    const id = order[k]!;
    const score = pairs.score[id]!;
    if (score < threshold) break; // the rest score lower still
    const a = pairs.a[id]!;
    const b = pairs.b[id]!;
    if (takenA[a] === 1 || takenB[b] === 1) continue;
    takenA[a] = 1;
    takenB[b] = 1;
    matched.push({ a, b, score });
  }
  return matched;
}
