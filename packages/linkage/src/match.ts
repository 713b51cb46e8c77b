/**
 * The matcher: two parties' CLK sets in, one-to-one matched pairs out. It compares either every
 * pair (the best Dice kernel) or only the pairs sharing a blocking hash (`candidates.ts`), keeps
 * those at or above the threshold, and assigns them greedily one to one (`assign.ts`).
 *
 * Scores stay inside the matcher: `revealPairs` gives the parties the matched token pairs only,
 * in token order, because similarity scores (and even the order of a score-sorted list) help
 * re-identify people (Culnane, Rubinstein and Teague, arXiv 1712.00871).
 */
import { AriadneError } from '@ariadne/schema';
import type { ClkSet, MatchStats, ScoredPair } from './types.ts';
import { greedyAssign } from './assign.ts';
import { blockingCandidates, DEFAULT_MAX_BLOCK_SIZE } from './candidates.ts';
import { andPopcount, bestDiceKernel, checkComparable, checkThreshold, clkPopcounts, type DiceKernel } from './dice.ts';
import { ScoredPairsBuilder, type ScoredPairs } from './scored-pairs.ts';

export interface MatchOptions {
  /** Dice score at or above which a pair may match, in (0, 1] */
  readonly threshold: number;
  /** compare only pairs sharing a blocking hash (true) or all pairs (false) */
  readonly blocking: boolean;
  /** with blocking: blocks larger than this on a side are skipped (default 5,000) */
  readonly maxBlockSize?: number;
  /** the all-pairs kernel (default: WebAssembly where it runs) */
  readonly kernel?: DiceKernel;
}

export interface MatchRunStats extends MatchStats {
  /** pairs scoring at or above the threshold, before the one-to-one assignment */
  readonly pairsAboveThreshold: number;
  /** with blocking: distinct blocks on both sides, and those skipped as too large */
  readonly sharedBlocks: number;
  readonly skippedBlocks: number;
}

export interface MatchResult {
  /** matched pairs by row index, highest score first (the matcher's view: scores included) */
  readonly pairs: readonly ScoredPair[];
  readonly stats: MatchRunStats;
}

/** the two sets were made with the same schema (hence the same `l` and keys' derivation) */
function checkSameSchema(a: ClkSet, b: ClkSet): void {
  checkComparable(a, b);
  if (a.schemaSha256 !== b.schemaSha256) {
    throw new AriadneError('VALIDATION_FAILED', 'The two CLK sets were encoded with different linkage schemas; both parties must use the same schema.', {
      details: { schemaSha256: `side A ${a.schemaSha256.slice(0, 12)}…, side B ${b.schemaSha256.slice(0, 12)}…` },
    });
  }
}

/** Dice of the candidate pairs, keeping those at or above the threshold (in candidate order) */
function scoreCandidates(a: ClkSet, b: ClkSet, candidates: { a: Uint32Array; b: Uint32Array; length: number }, threshold: number): ScoredPairs {
  const words = a.l / 32;
  const popA = clkPopcounts(a);
  const popB = clkPopcounts(b);
  const kept = new ScoredPairsBuilder();
  for (let k = 0; k < candidates.length; k++) {
    const i = candidates.a[k]!;
    const j = candidates.b[k]!;
    // the expression of the all-pairs kernels, so blocking changes which pairs, never a score
    const score = (2 * andPopcount(a.clks, i * words, b.clks, j * words, words)) / (popA[i]! + popB[j]!);
    if (score >= threshold) kept.push(i, j, score);
  }
  return kept.build();
}

/** matches two CLK sets one to one; refuses sets of different schemas or CLK lengths */
export function matchClkSets(a: ClkSet, b: ClkSet, options: MatchOptions): MatchResult {
  checkSameSchema(a, b);
  checkThreshold(options.threshold);
  const { threshold } = options;
  const allPairs = a.tokens.length * b.tokens.length;
  let candidatePairs = allPairs;
  let sharedBlocks = 0;
  let skippedBlocks = 0;
  let above: ScoredPairs;
  if (options.blocking) {
    const candidates = blockingCandidates(a, b, { maxBlockSize: options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE });
    candidatePairs = candidates.length;
    sharedBlocks = candidates.sharedBlocks;
    skippedBlocks = candidates.skippedBlocks;
    above = scoreCandidates(a, b, candidates, threshold);
  } else {
    const kept = new ScoredPairsBuilder();
    (options.kernel ?? bestDiceKernel()).allPairs(a, b, threshold, (i, j, score) => kept.push(i, j, score));
    above = kept.build();
  }
  const pairs = greedyAssign(above, { threshold });
  return {
    pairs,
    stats: {
      recordsA: a.tokens.length,
      recordsB: b.tokens.length,
      candidatePairs,
      reductionRatio: allPairs === 0 ? 0 : 1 - candidatePairs / allPairs,
      matches: pairs.length,
      pairsAboveThreshold: above.length,
      sharedBlocks,
      skippedBlocks,
    },
  };
}

export interface RevealedPair {
  readonly tokenA: string;
  readonly tokenB: string;
}

/**
 * What the parties learn: the matched token pairs, sorted by token A (random tokens, so an
 * order that says nothing), without scores.
 */
export function revealPairs(result: Pick<MatchResult, 'pairs'>, a: ClkSet, b: ClkSet): RevealedPair[] {
  const revealed = result.pairs.map(({ a: i, b: j }) => {
    const tokenA = a.tokens[i];
    const tokenB = b.tokens[j];
    if (tokenA === undefined || tokenB === undefined) {
      throw new AriadneError('VALIDATION_FAILED', `A matched pair (${i}, ${j}) lies outside the CLK sets; reveal with the sets that were matched.`);
    }
    return { tokenA, tokenB };
  });
  return revealed.sort((x, y) => (x.tokenA < y.tokenA ? -1 : x.tokenA > y.tokenA ? 1 : x.tokenB < y.tokenB ? -1 : x.tokenB > y.tokenB ? 1 : 0));
}
