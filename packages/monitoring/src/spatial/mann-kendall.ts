/**
 * The Mann-Kendall trend test (Mann 1945; Kendall 1975) and Sen's slope (Sen 1968): is a series
 * going up or down, and by how much per step, without assuming the changes are linear or normal.
 * Emerging hot spot analysis runs it on each cell's series of Gi* z-scores.
 *
 * S = Σ_{i<j} sign(x_j - x_i)
 * Var(S) = [n(n-1)(2n+5) - Σ_g t_g(t_g-1)(2t_g+5)] / 18, t_g the size of each group of tied values
 * Z = (S-1)/√Var(S) if S > 0, (S+1)/√Var(S) if S < 0, 0 if S = 0 (continuity correction)
 * p = 2(1 - Φ(|Z|)) (two-sided, normal approximation)
 */
import { AriadneError } from '@ariadne/schema';
import { twoSidedP } from './normal.ts';

export interface MannKendallResult {
  /** The test, as findings name it. */
  readonly test: 'Mann-Kendall';
  /** Series length. */
  readonly n: number;
  /** Kendall's S: concordant minus discordant pairs. */
  readonly s: number;
  /** Variance of S under "no trend", with the correction for ties. */
  readonly varS: number;
  /** Continuity-corrected z-score (0 when Var(S) is 0: a constant series). */
  readonly z: number;
  /** Two-sided p-value of z. */
  readonly p: number;
  /** Kendall's tau-a: S over the number of pairs, n(n-1)/2. */
  readonly tau: number;
  /** Sen's slope: the median of (x_j - x_i)/(j - i) over all pairs i < j, in units per step. */
  readonly senSlope: number;
}

/** Refuses a series the test cannot judge: fewer than two values, or a value that is not a finite number. */
function checkSeries(series: ArrayLike<number>): void {
  if (series.length < 2) {
    throw new AriadneError('VALIDATION_FAILED', `A trend test needs at least 2 values; the series has ${series.length}.`);
  }
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(series[i])) {
      throw new AriadneError('VALIDATION_FAILED', `Value ${i + 1} of the series is not a finite number.`);
    }
  }
}

/** Σ t(t-1)(2t+5) over groups of tied values; sorts a copy (the series stays as given). */
function tieTerm(series: ArrayLike<number>, scratch: Float64Array): number {
  const n = series.length;
  for (let i = 0; i < n; i++) scratch[i] = series[i]!;
  const sorted = scratch.subarray(0, n).sort();
  let term = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && sorted[i] === sorted[i - 1]) {
      run++;
    } else {
      if (run > 1) term += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  return term;
}

/** Sen's slope: median of all pairwise slopes. */
export function sensSlope(series: ArrayLike<number>): number {
  checkSeries(series);
  return senSlopeUnchecked(series, new Float64Array((series.length * (series.length - 1)) / 2));
}

function senSlopeUnchecked(series: ArrayLike<number>, slopes: Float64Array): number {
  const n = series.length;
  let m = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = series[i]!;
    for (let j = i + 1; j < n; j++) slopes[m++] = (series[j]! - xi) / (j - i);
  }
  const sorted = slopes.subarray(0, m).sort();
  const mid = m >> 1;
  return m % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Reusable buffers for running the test on many series of the same length (one per cell of a
 * space-time cube): avoids two allocations per series in the emerging-hotspot loop.
 */
export interface MannKendallScratch {
  readonly values: Float64Array;
  readonly slopes: Float64Array;
}
export function mannKendallScratch(n: number): MannKendallScratch {
  return { values: new Float64Array(n), slopes: new Float64Array((n * (n - 1)) / 2) };
}

/** Runs the Mann-Kendall test and Sen's slope on a series in time order. */
export function mannKendall(series: ArrayLike<number>, scratch: MannKendallScratch = mannKendallScratch(series.length)): MannKendallResult {
  checkSeries(series);
  const n = series.length;
  if (scratch.values.length < n || scratch.slopes.length < (n * (n - 1)) / 2) {
    throw new AriadneError('INTERNAL', 'Mann-Kendall scratch buffers are shorter than the series.');
  }
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = series[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = series[j]! - xi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm(series, scratch.values)) / 18;
  const sd = Math.sqrt(varS);
  const z = varS <= 0 || s === 0 ? 0 : s > 0 ? (s - 1) / sd : (s + 1) / sd;
  return {
    test: 'Mann-Kendall',
    n,
    s,
    varS,
    z,
    p: twoSidedP(z),
    tau: s / ((n * (n - 1)) / 2),
    senSlope: senSlopeUnchecked(series, scratch.slopes),
  };
}

/** "increasing" / "decreasing" when the two-sided p is at most alpha, else "no trend". */
export function trendDirection(result: Pick<MannKendallResult, 'z' | 'p'>, alpha = 0.05): 'increasing' | 'decreasing' | 'no trend' {
  if (!(result.p <= alpha) || result.z === 0) return 'no trend';
  return result.z > 0 ? 'increasing' : 'decreasing';
}
