/** Greedy one-to-one assignment (anonlink's greedy solver): highest score first, ties by (a, b). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { greedyAssign, orderByScore } from '../src/assign.ts';
import { scoredPairsFrom } from '../src/scored-pairs.ts';
import type { ScoredPair } from '../src/types.ts';
import { seededRandom } from './clk-fixtures.ts';

/** the solver as specified, with a comparison sort */
function referenceGreedy(pairs: readonly ScoredPair[], threshold = -Infinity): ScoredPair[] {
  const sorted = [...pairs].sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  const out: ScoredPair[] = [];
  for (const p of sorted) {
    if (p.score < threshold || takenA.has(p.a) || takenB.has(p.b)) continue;
    takenA.add(p.a);
    takenB.add(p.b);
    out.push(p);
  }
  return out;
}

/** random pairs with few distinct scores (many ties) or any scores, in no particular order */
function randomPairs(n: number, seed: number, maxIndex: number, distinctScores = 20): ScoredPair[] {
  const random = seededRandom(seed);
  const pairs: ScoredPair[] = [];
  for (let k = 0; k < n; k++) {
    const score = distinctScores === Infinity ? random() : Math.round(random() * distinctScores) / distinctScores;
    pairs.push({ a: Math.floor(random() * maxIndex), b: Math.floor(random() * maxIndex), score });
  }
  return pairs;
}

describe('greedyAssign', () => {
  test('takes the higher score first, even where that leaves fewer pairs', () => {
    const pairs = [
      { a: 0, b: 0, score: 0.9 },
      { a: 0, b: 1, score: 0.95 },
      { a: 1, b: 1, score: 0.85 },
    ];
    // (0,1) goes first; (0,0) and (1,1) each reuse one of its records
    assert.deepEqual(greedyAssign(pairs), [{ a: 0, b: 1, score: 0.95 }]);
  });

  test('breaks ties by the A index, then the B index', () => {
    const tie = [
      { a: 1, b: 0, score: 0.9 },
      { a: 0, b: 1, score: 0.9 },
      { a: 0, b: 0, score: 0.9 },
    ];
    assert.deepEqual(greedyAssign(tie), [{ a: 0, b: 0, score: 0.9 }]);
    const crossed = [
      { a: 1, b: 0, score: 0.9 },
      { a: 0, b: 1, score: 0.9 },
    ];
    assert.deepEqual(greedyAssign(crossed), [{ a: 0, b: 1, score: 0.9 }, { a: 1, b: 0, score: 0.9 }]);
  });

  test('never uses a record twice and equals the reference solver on random pairs with ties', () => {
    for (const [n, maxIndex, seed, distinct] of [[2000, 300, 1, 20], [5000, 100_000, 2, 20], [1, 5, 3, 20], [0, 5, 4, 20], [3000, 200, 5, Infinity], [3000, 200, 6, 2 ** 24]] as const) {
      const pairs = randomPairs(n, seed, maxIndex, distinct);
      const matched = greedyAssign(pairs);
      assert.deepEqual(matched, referenceGreedy(pairs), `n=${n}`);
      assert.equal(new Set(matched.map((p) => p.a)).size, matched.length);
      assert.equal(new Set(matched.map((p) => p.b)).size, matched.length);
    }
  });

  test('gives the same matching whatever order the pairs come in', () => {
    const pairs = randomPairs(3000, 9, 400);
    const reversed = [...pairs].reverse();
    assert.deepEqual(greedyAssign(reversed), greedyAssign(pairs));
  });

  test('a threshold stops at the first pair below it; one order serves several thresholds', () => {
    const pairs = scoredPairsFrom(randomPairs(4000, 5, 500));
    const order = orderByScore(pairs);
    for (const threshold of [0.3, 0.6, 0.9]) {
      const matched = greedyAssign(pairs, { threshold, order });
      assert.ok(matched.every((p) => p.score >= threshold));
      assert.deepEqual(matched, referenceGreedy(pairObjects(pairs), threshold));
    }
  });

  test('orders scores that differ only in their last bits', () => {
    const close = [
      { a: 0, b: 0, score: 0.8 },
      { a: 0, b: 1, score: 0.8 + 2 ** -52 },
    ];
    assert.deepEqual(greedyAssign(close), [{ a: 0, b: 1, score: 0.8 + 2 ** -52 }]);
  });

  test('refuses scores outside [0, 1] and indices that are not whole numbers', () => {
    assert.throws(() => greedyAssign([{ a: 0, b: 0, score: Number.NaN }]), { code: 'VALIDATION_FAILED' });
    assert.throws(() => greedyAssign([{ a: 0, b: 0, score: 1.5 }]), { code: 'VALIDATION_FAILED' });
    assert.throws(() => greedyAssign([{ a: -1, b: 0, score: 0.5 }]), { code: 'VALIDATION_FAILED' });
    assert.throws(() => greedyAssign([{ a: 0.5, b: 0, score: 0.5 }]), { code: 'VALIDATION_FAILED' });
  });
});

function pairObjects(pairs: ReturnType<typeof scoredPairsFrom>): ScoredPair[] {
  return Array.from({ length: pairs.length }, (_, k) => ({ a: pairs.a[k]!, b: pairs.b[k]!, score: pairs.score[k]! }));
}
