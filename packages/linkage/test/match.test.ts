/** The matcher: blocking candidates, all-pairs and blocked matching, refusals, and what is revealed. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockingCandidates } from '../src/candidates.ts';
import { dice, jsDiceKernel } from '../src/dice.ts';
import { greedyAssign } from '../src/assign.ts';
import { matchClkSets, revealPairs } from '../src/match.ts';
import type { ClkSet, ScoredPair } from '../src/types.ts';
import { randomClkSet, seededRandom } from './clk-fixtures.ts';

/** each record gets 0–3 hashes from a small alphabet (so blocks overlap), sometimes one twice */
function randomBlocks(records: number, seed: number, alphabet: number): string[][] {
  const random = seededRandom(seed);
  return Array.from({ length: records }, () => {
    const hashes = Array.from({ length: Math.floor(random() * 4) }, () => `h${Math.floor(random() * alphabet)}`.padStart(16, '0'));
    if (hashes.length > 0 && random() < 0.2) hashes.push(hashes[0]!);
    return hashes;
  });
}

function bruteForcePairs(a: ClkSet, b: ClkSet, skip: ReadonlySet<string> = new Set()): [number, number][] {
  const pairs: [number, number][] = [];
  a.blocks.forEach((ha, i) => {
    b.blocks.forEach((hb, j) => {
      if (ha.some((h) => !skip.has(h) && hb.includes(h))) pairs.push([i, j]);
    });
  });
  return pairs;
}

const columns = (c: { a: Uint32Array; b: Uint32Array; length: number }): [number, number][] =>
  Array.from({ length: c.length }, (_, k) => [c.a[k]!, c.b[k]!]);

describe('blockingCandidates', () => {
  test('equals the brute-force set of pairs sharing a hash, each pair once, in (a, b) order', () => {
    for (const seed of [1, 2, 3]) {
      const a = randomClkSet({ records: 60, l: 512, density: 0.5, seed, blocks: randomBlocks(60, seed, 25) });
      const b = randomClkSet({ records: 45, l: 512, density: 0.5, seed: seed + 10, blocks: randomBlocks(45, seed + 10, 25) });
      const candidates = blockingCandidates(a, b);
      assert.deepEqual(columns(candidates), bruteForcePairs(a, b));
      assert.equal(candidates.skippedBlocks, 0);
    }
  });

  test('skips and counts a block larger than the cap on either side', () => {
    const common = 'c'.repeat(16);
    const a = randomClkSet({ records: 4, l: 512, density: 0.5, seed: 1, blocks: [[common, 'x'.repeat(16)], [common], [common], ['y'.repeat(16)]] });
    const b = randomClkSet({ records: 3, l: 512, density: 0.5, seed: 2, blocks: [[common, 'x'.repeat(16)], ['y'.repeat(16)], []] });
    const capped = blockingCandidates(a, b, { maxBlockSize: 2 }); // `common` has 3 records in A
    assert.deepEqual(columns(capped), [[0, 0], [3, 1]]);
    assert.equal(capped.sharedBlocks, 3);
    assert.equal(capped.skippedBlocks, 1);
    assert.deepEqual(columns(blockingCandidates(a, b)), [[0, 0], [1, 0], [2, 0], [3, 1]]);
    const swapped = blockingCandidates(b, a, { maxBlockSize: 2 }); // now too large on side B
    assert.deepEqual(columns(swapped), [[0, 0], [1, 3]]);
    assert.equal(swapped.skippedBlocks, 1);
  });

  test('refuses a cap that is not a positive whole number', () => {
    const a = randomClkSet({ records: 1, l: 512, density: 0.5, seed: 1 });
    assert.throws(() => blockingCandidates(a, a, { maxBlockSize: 0 }), { code: 'VALIDATION_FAILED' });
  });
});

describe('matchClkSets', () => {
  const a = randomClkSet({ records: 50, l: 1024, density: 0.6, seed: 21, blocks: randomBlocks(50, 21, 10) });
  const b = randomClkSet({ records: 40, l: 1024, density: 0.6, seed: 22, relatedTo: a, blocks: randomBlocks(40, 22, 10) });

  function referenceMatch(candidates: [number, number][], threshold: number): ScoredPair[] {
    const above = candidates.map(([i, j]) => ({ a: i, b: j, score: dice(a, i, b, j) })).filter((p) => p.score >= threshold);
    return greedyAssign(above);
  }

  test('without blocking: the greedy one-to-one matching of all pairs at or above the threshold', () => {
    const all: [number, number][] = [];
    for (let i = 0; i < 50; i++) for (let j = 0; j < 40; j++) all.push([i, j]);
    const result = matchClkSets(a, b, { threshold: 0.8, blocking: false });
    assert.deepEqual(result.pairs, referenceMatch(all, 0.8));
    assert.ok(result.pairs.length >= 35, 'the related records match');
    assert.deepEqual(
      { ...result.stats },
      { recordsA: 50, recordsB: 40, candidatePairs: 2000, reductionRatio: 0, matches: result.pairs.length, pairsAboveThreshold: result.stats.pairsAboveThreshold, sharedBlocks: 0, skippedBlocks: 0 },
    );
    assert.deepEqual(matchClkSets(a, b, { threshold: 0.8, blocking: false, kernel: jsDiceKernel }).pairs, result.pairs);
  });

  test('with blocking: only candidate pairs are compared, with the same scores', () => {
    const candidates = bruteForcePairs(a, b);
    const result = matchClkSets(a, b, { threshold: 0.8, blocking: true });
    assert.deepEqual(result.pairs, referenceMatch(candidates, 0.8));
    assert.equal(result.stats.candidatePairs, candidates.length);
    assert.equal(result.stats.reductionRatio, 1 - candidates.length / 2000);
  });

  test('refuses sets of different schemas or CLK lengths, and a threshold outside (0, 1]', () => {
    const other = { ...b, schemaSha256: '0'.repeat(64) };
    assert.throws(() => matchClkSets(a, other, { threshold: 0.8, blocking: false }), { code: 'VALIDATION_FAILED', message: /different linkage schemas/ });
    const shorter = randomClkSet({ records: 5, l: 512, density: 0.5, seed: 3 });
    assert.throws(() => matchClkSets(a, shorter, { threshold: 0.8, blocking: false }), { code: 'VALIDATION_FAILED', message: /1024 and 512/ });
    assert.throws(() => matchClkSets(a, b, { threshold: 0, blocking: false }), { code: 'VALIDATION_FAILED' });
  });

  test('handles empty sides', () => {
    const empty = randomClkSet({ records: 0, l: 1024, density: 0.5, seed: 4 });
    const result = matchClkSets(empty, b, { threshold: 0.8, blocking: true });
    assert.deepEqual(result.pairs, []);
    assert.equal(result.stats.reductionRatio, 0);
  });
});

describe('revealPairs', () => {
  test('gives each party matched tokens only, no scores, in token order', () => {
    const a = randomClkSet({ records: 30, l: 1024, density: 0.6, seed: 31 });
    const b = randomClkSet({ records: 30, l: 1024, density: 0.6, seed: 32, relatedTo: a });
    const result = matchClkSets(a, b, { threshold: 0.8, blocking: false });
    const revealed = revealPairs(result, a, b);
    assert.equal(revealed.length, result.pairs.length);
    for (const pair of revealed) assert.deepEqual(Object.keys(pair).sort(), ['tokenA', 'tokenB']);
    const tokensA = revealed.map((p) => p.tokenA);
    assert.deepEqual(tokensA, [...tokensA].sort());
    const expected = new Set(result.pairs.map((p) => `${a.tokens[p.a]} ${b.tokens[p.b]}`));
    assert.deepEqual(new Set(revealed.map((p) => `${p.tokenA} ${p.tokenB}`)), expected);
  });

  test('refuses pairs that point outside the sets', () => {
    const a = randomClkSet({ records: 2, l: 512, density: 0.5, seed: 1 });
    assert.throws(() => revealPairs({ pairs: [{ a: 5, b: 0, score: 1 }] }, a, a), { code: 'VALIDATION_FAILED' });
  });
});
