import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import { mannKendall, mannKendallScratch, sensSlope, trendDirection } from '../src/spatial/mann-kendall.ts';
import { normalCdf, twoSidedP } from '../src/spatial/normal.ts';

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} is not ${expected}`);

describe('normal tail (p-values)', () => {
  test('matches reference two-sided p-values, tails included (relative error < 1.2e-7)', () => {
    // References: erfc(|z|/√2) from CPython's math.erfc.
    const references: [number, number][] = [
      [0, 1],
      [1.96, 0.04999579029644087],
      [2.2045407685048604, 0.027486336111510353],
      [5, 5.733031437583892e-7],
      [10, 1.5239706048321186e-23],
    ];
    for (const [z, p] of references) {
      assert.ok(Math.abs(twoSidedP(z) - p) <= 1.2e-7 * p, `p(${z}) = ${twoSidedP(z)}, expected ${p}`);
      assert.equal(twoSidedP(-z), twoSidedP(z));
    }
    close(normalCdf(0), 0.5);
    close(normalCdf(-1.96), 0.024997895148220435);
  });
});

describe('Mann-Kendall', () => {
  test('a strictly increasing series without ties', () => {
    // x = 1 2 3 4 5: all 10 pairs i<j rise, so S = 10.
    // Var(S) = n(n-1)(2n+5)/18 = 5·4·15/18 = 300/18 = 16.6667 (no ties).
    // Z = (S - 1)/√Var(S) = 9/4.082483 = 2.204541; p = erfc(2.204541/√2) = 0.0274863.
    // tau = 10/10 = 1; every pairwise slope is 1, so Sen's slope is 1.
    const r = mannKendall([1, 2, 3, 4, 5]);
    assert.equal(r.test, 'Mann-Kendall');
    assert.equal(r.n, 5);
    assert.equal(r.s, 10);
    close(r.varS, 300 / 18);
    close(r.z, 2.2045407685048604);
    close(r.p, 0.027486336111510353);
    assert.equal(r.tau, 1);
    assert.equal(r.senSlope, 1);
    assert.equal(trendDirection(r), 'increasing');
  });

  test('a rising series with one tie: the tie lowers Var(S)', () => {
    // x = 1 2 2 3. Pairs: (1,2)+ (1,2)+ (1,3)+ (2,2)0 (2,3)+ (2,3)+  → S = 5.
    // Without ties n(n-1)(2n+5) = 4·3·13 = 156; one tied group of t = 2 gives t(t-1)(2t+5) = 2·1·9 = 18.
    // Var(S) = (156 - 18)/18 = 138/18 = 7.6667. Z = (5 - 1)/√7.6667 = 4/2.768875 = 1.444630.
    // p = erfc(1.444630/√2) = 0.148562.
    // Slopes: (0,1) 1, (0,2) 1/2, (0,3) 2/3, (1,2) 0, (1,3) 1/2, (2,3) 1 → sorted 0, .5, .5, .6667, 1, 1 →
    // median (0.5 + 0.6667)/2 = 0.583333.
    const r = mannKendall([1, 2, 2, 3]);
    assert.equal(r.s, 5);
    close(r.varS, 138 / 18);
    close(r.z, 1.4446302370292303);
    close(r.p, 0.1485617748918687);
    close(r.senSlope, 7 / 12);
    close(r.tau, 5 / 6);
    assert.equal(trendDirection(r), 'no trend');
    assert.equal(trendDirection(r, 0.2), 'increasing');
  });

  test('a falling series with a tie', () => {
    // x = 3 1 1 2 0. Pairs from 3: (1)- (1)- (2)- (0)- = -4; from the first 1: (1)0 (2)+ (0)- = 0;
    // from the second 1: (2)+ (0)- = 0; from 2: (0)- = -1. S = -5.
    // Var(S) = (5·4·15 - 2·1·9)/18 = (300 - 18)/18 = 282/18 = 15.6667.
    // Z = (S + 1)/√Var(S) = -4/3.958114 = -1.010582; p = 0.312216.
    // Slopes: -2 -1 -1/3 -3/4 | 0 1/2 -1/3 | 1 -1/2 | -2 → sorted -2 -2 -1 -.75 -.5 -.333 -.333 0 .5 1 →
    // median (-0.5 + -1/3)/2 = -5/12.
    const r = mannKendall([3, 1, 1, 2, 0]);
    assert.equal(r.s, -5);
    close(r.varS, 282 / 18);
    close(r.z, -1.0105823052798228);
    close(r.p, 0.31221638834331933);
    close(r.senSlope, -5 / 12);
    assert.equal(sensSlope([3, 1, 1, 2, 0]), r.senSlope);
  });

  test('a constant series has no trend (Var(S) = 0 is not a division by zero)', () => {
    // x = 2 2 2: S = 0; Var(S) = (3·2·11 - 3·2·11)/18 = 0 → Z = 0, p = 1.
    const r = mannKendall([2, 2, 2]);
    assert.equal(r.s, 0);
    assert.equal(r.varS, 0);
    assert.equal(r.z, 0);
    assert.equal(r.p, 1);
    assert.equal(r.senSlope, 0);
    assert.equal(trendDirection(r), 'no trend');
  });

  test('scratch buffers can be reused across series of one length without changing results', () => {
    const scratch = mannKendallScratch(5);
    const a = mannKendall([5, 4, 3, 2, 1], scratch);
    const b = mannKendall([1, 2, 3, 4, 5], scratch);
    assert.equal(a.s, -10);
    assert.equal(b.s, 10);
    assert.equal(trendDirection(a), 'decreasing');
    assert.deepEqual(b, mannKendall([1, 2, 3, 4, 5]));
  });

  test('refuses a series too short or holding a value that is not a number', () => {
    const refuses = (series: number[], pattern: RegExp) =>
      assert.throws(() => mannKendall(series), (e: unknown) => isAriadneError(e) && e.code === 'VALIDATION_FAILED' && pattern.test(e.message));
    refuses([], /at least 2/);
    refuses([1], /at least 2/);
    refuses([1, Number.NaN, 3], /Value 2/);
    refuses([1, 2, Number.POSITIVE_INFINITY], /Value 3/);
  });
});
