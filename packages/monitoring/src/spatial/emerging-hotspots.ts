/**
 * Emerging hot spot analysis, after ArcGIS Pro's tool of that name: where are hot and cold spots
 * appearing, growing, fading or flickering over time?
 *
 * 1. The space-time cube: H3 cells × time steps of counts (from `aggregateToH3`), over the study
 *    area of `getis-ord.ts` (cells with data plus the empty cells within k rings of them).
 * 2. Gi* for every bin (cell, step), its neighbours being the cell's k-ring at that step and, with
 *    `timeWindow` w > 0, the same cells in the w steps before (ArcGIS's "Neighborhood Time Step").
 *    As in ArcGIS's space-time Gi*, X̄, S and n are those of the whole cube: every bin is compared
 *    with all bins, so a cell whose counts rise over time has rising z-scores.
 * 3. A bin is a significant hot (cold) spot when z > 0 (< 0) and its p-value, Benjamini-Hochberg
 *    adjusted over all bins of the cube by default (ArcGIS applies the FDR correction here too), is
 *    at most `alpha`.
 * 4. The Mann-Kendall test on each cell's series of Gi* z-scores says whether the clustering
 *    intensifies or diminishes.
 * 5. Each cell with data is classified into one of ArcGIS's 17 patterns (below).
 *
 * Category definitions: ArcGIS Pro, "How Emerging Hot Spot Analysis works", pattern table
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm),
 * paraphrased (cold spots mirror them with "cold" for "hot"):
 * - no pattern: none of the patterns below.
 * - new: significant hot spot in the final step, never a significant hot spot before.
 * - consecutive: a single uninterrupted run of at least two significant hot spot bins ending at
 *   the final step; never hot before that run; less than 90% of all bins hot.
 * - intensifying: hot in at least 90% of the steps, the final one included, and the intensity of
 *   clustering rises over time, significantly (Mann-Kendall).
 * - persistent: hot in at least 90% of the steps, with no significant trend in intensity.
 * - diminishing: hot in at least 90% of the steps, the final one included, and the intensity
 *   falls over time, significantly.
 * - sporadic: hot in the final step, on-again off-again before; less than 90% of the steps hot
 *   and none a significant cold spot.
 * - oscillating: hot in the final step, and a significant cold spot in some earlier step; less
 *   than 90% of the steps hot.
 * - historical: the final step is not hot, but at least 90% of the steps were.
 *
 * Where the definitions overlap, our order (stated because ArcGIS does not publish one):
 * - a cell that was ever a significant cold spot and is hot now is *oscillating*, never new or
 *   consecutive (the same as the R package sfdep, which also reads "never hot before" as "never
 *   significant before"): calling it new would hide that it swung from cold to hot;
 * - the final step decides between hot and cold patterns: a cell hot in 22 of 24 steps that is a
 *   cold spot in the last one is an oscillating cold spot rather than a historical hot spot;
 * - "persistent" requires the final step to be hot: a cell hot in ≥ 90% of the steps but not in
 *   the last one is *historical*.
 */
import { AriadneError } from '@ariadne/schema';
import { buildNeighbourIndex, fdrAdjuster, checkRings, formatP, giStar, type StudyArea } from './getis-ord.ts';
import type { H3Cube } from './h3-aggregate.ts';
import { mannKendall, mannKendallScratch, type MannKendallResult } from './mann-kendall.ts';
import { twoSidedP } from './normal.ts';

export const EHSA_CATEGORIES = [
  'no-pattern',
  'new-hot', 'consecutive-hot', 'intensifying-hot', 'persistent-hot', 'diminishing-hot', 'sporadic-hot', 'oscillating-hot', 'historical-hot',
  'new-cold', 'consecutive-cold', 'intensifying-cold', 'persistent-cold', 'diminishing-cold', 'sporadic-cold', 'oscillating-cold', 'historical-cold',
] as const;
export type EhsaCategory = (typeof EHSA_CATEGORIES)[number];

/** A bin's state: +1 significant hot spot, -1 significant cold spot, 0 neither. */
export type BinState = -1 | 0 | 1;

const LABELS: Record<EhsaCategory, string> = {
  'no-pattern': 'No pattern detected',
  'new-hot': 'New hot spot', 'consecutive-hot': 'Consecutive hot spot', 'intensifying-hot': 'Intensifying hot spot',
  'persistent-hot': 'Persistent hot spot', 'diminishing-hot': 'Diminishing hot spot', 'sporadic-hot': 'Sporadic hot spot',
  'oscillating-hot': 'Oscillating hot spot', 'historical-hot': 'Historical hot spot',
  'new-cold': 'New cold spot', 'consecutive-cold': 'Consecutive cold spot', 'intensifying-cold': 'Intensifying cold spot',
  'persistent-cold': 'Persistent cold spot', 'diminishing-cold': 'Diminishing cold spot', 'sporadic-cold': 'Sporadic cold spot',
  'oscillating-cold': 'Oscillating cold spot', 'historical-cold': 'Historical cold spot',
};
/** The category as ArcGIS names it ("Intensifying hot spot"). */
export const categoryLabel = (category: EhsaCategory): string => LABELS[category];

/** "At least 90% of the steps", in integers: 10·count ≥ 9·n. */
const atLeast90 = (count: number, n: number) => 10 * count >= 9 * n;

/**
 * Classifies one location from its bins' states in time order and the Mann-Kendall trend of its
 * Gi* z-scores (significant when p ≤ trendAlpha). Rules and tie-breaks: see the module comment.
 */
export function classifyEmergingPattern(states: ArrayLike<number>, trend: Pick<MannKendallResult, 'z' | 'p'>, trendAlpha = 0.05): EhsaCategory {
  const n = states.length;
  if (n === 0) return 'no-pattern';
  let hot = 0;
  let cold = 0;
  for (let t = 0; t < n; t++) { if (states[t]! > 0) hot++; else if (states[t]! < 0) cold++; }
  const last = Math.sign(states[n - 1]!);
  if (last === 0) {
    if (atLeast90(hot, n)) return 'historical-hot';
    if (atLeast90(cold, n)) return 'historical-cold';
    return 'no-pattern';
  }
  const side = last > 0 ? 'hot' : 'cold';
  const own = last > 0 ? hot : cold;
  const opposite = last > 0 ? cold : hot;
  if (atLeast90(own, n)) {
    // "Intensity" of a cold spot grows as its z-scores fall: the trend is read in the spot's own direction.
    const significant = trend.p <= trendAlpha && trend.z !== 0;
    if (significant && Math.sign(trend.z) === last) return `intensifying-${side}`;
    if (significant) return `diminishing-${side}`;
    return `persistent-${side}`;
  }
  if (opposite > 0) return `oscillating-${side}`;
  if (own === 1) return `new-${side}`;
  let run = 0;
  while (run < n && Math.sign(states[n - 1 - run]!) === last) run++;
  if (run === own) return `consecutive-${side}`; // run ≥ 2 here, as own ≥ 2
  return `sporadic-${side}`;
}

export interface EmergingHotSpotOptions {
  /** Rings of spatial neighbours. Default 1. */
  readonly k?: number;
  /** Earlier steps in each bin's neighbourhood (ArcGIS's Neighborhood Time Step). Default 1, as ArcGIS; 0 for space only. */
  readonly timeWindow?: number;
  readonly studyArea?: StudyArea;
  /** Judge bins on Benjamini-Hochberg adjusted p-values over the whole cube. Default true. */
  readonly fdr?: boolean;
  /** Significance level of a hot or cold spot bin. Default 0.05. */
  readonly alpha?: number;
  /** Significance level of the Mann-Kendall trend. Default 0.05. */
  readonly trendAlpha?: number;
}

export interface EmergingHotSpot {
  readonly cell: string;
  readonly category: EhsaCategory;
  /** Mann-Kendall test on the cell's Gi* z-scores. */
  readonly trend: MannKendallResult;
  /** Steps in which the cell was a significant hot (cold) spot. */
  readonly hotSteps: number;
  readonly coldSteps: number;
  /** The final step's Gi*: z, two-sided p, FDR-adjusted p when used, state. */
  readonly final: { readonly z: number; readonly p: number; readonly q?: number; readonly state: BinState };
  /** The category, the tests and their figures, in one sentence. */
  readonly reason: string;
}

export interface EmergingHotSpotResult {
  readonly steps: readonly string[];
  readonly k: number;
  readonly timeWindow: number;
  readonly studyArea: StudyArea;
  readonly fdr: boolean;
  readonly alpha: number;
  readonly trendAlpha: number;
  /** Cells in the study area (data cells and the empty cells around them). */
  readonly studyAreaCells: number;
  /** One per cell with data, in the cube's order. */
  readonly locations: EmergingHotSpot[];
  readonly summary: Readonly<Record<EhsaCategory, number>>;
  /** Per bin of the data cells, cell-major like the cube's counts: Gi* z-score and state (+1 hot, -1 cold, 0). */
  readonly bins: { readonly z: Float64Array; readonly state: Int8Array };
}

function checkOptions(options: EmergingHotSpotOptions, steps: number): Required<EmergingHotSpotOptions> {
  const k = options.k ?? 1;
  checkRings(k);
  const timeWindow = options.timeWindow ?? 1;
  if (!Number.isInteger(timeWindow) || timeWindow < 0 || timeWindow >= steps) {
    throw new AriadneError('VALIDATION_FAILED', `timeWindow must be an integer from 0 to ${steps - 1} (fewer than the ${steps} steps).`, { details: { timeWindow: 'out of range' } });
  }
  const level = (name: 'alpha' | 'trendAlpha') => {
    const v = options[name] ?? 0.05;
    if (!(v > 0 && v < 1)) throw new AriadneError('VALIDATION_FAILED', `${name} must be a probability strictly between 0 and 1.`, { details: { [name]: 'out of range' } });
    return v;
  };
  return { k, timeWindow, studyArea: options.studyArea ?? 'data-and-neighbours', fdr: options.fdr ?? true, alpha: level('alpha'), trendAlpha: level('trendAlpha') };
}

const stateWord = (s: BinState) => (s > 0 ? 'a significant hot spot' : s < 0 ? 'a significant cold spot' : 'not significant');

/** Runs emerging hot spot analysis on a space-time cube of counts. */
/** Fewest steps the trend is tested over when the first, partial time windows are left out. */
const MIN_TREND_STEPS = 4;

export function emergingHotSpots(cube: H3Cube, options: EmergingHotSpotOptions = {}): EmergingHotSpotResult {
  const T = cube.steps.length;
  if (T < 3) throw new AriadneError('VALIDATION_FAILED', `Emerging hot spot analysis needs at least 3 time steps (ArcGIS advises 10 or more); the cube has ${T}.`);
  if (cube.counts.length !== cube.cells.length * T) throw new AriadneError('VALIDATION_FAILED', 'The cube\'s counts do not match its cells × steps.');
  const { k, timeWindow, studyArea, fdr, alpha, trendAlpha } = checkOptions(options, T);

  const index = buildNeighbourIndex(cube.cells, k, studyArea);
  const N = index.cells.length;
  const D = index.dataCells;
  const bins = N * T;

  // Values: data cells' rows from the cube, added cells' rows stay 0.
  const x = new Float64Array(bins);
  x.set(cube.counts);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < bins; i++) { sum += x[i]!; squares += x[i]! * x[i]!; }
  const mean = sum / bins;
  const sd = Math.sqrt(Math.max(0, squares / bins - mean * mean));
  if (!(sd > 0)) throw new AriadneError('VALIDATION_FAILED', 'Every bin of the cube has the same count: there are no hot or cold spots to find.');

  // Spatial sums, one row (all steps) per neighbour: rows are contiguous, so this streams through memory.
  const spatial = new Float64Array(bins);
  for (let i = 0; i < N; i++) {
    const row = i * T;
    for (let a = index.offsets[i]!; a < index.offsets[i + 1]!; a++) {
      const from = index.neighbours[a]! * T;
      for (let t = 0; t < T; t++) spatial[row + t]! += x[from + t]!;
    }
  }

  // Gi* per bin, adding the window's earlier steps with a running sum.
  const z = new Float64Array(bins);
  const p = new Float64Array(bins);
  for (let i = 0; i < N; i++) {
    const row = i * T;
    const size = index.offsets[i + 1]! - index.offsets[i]!;
    let local = 0;
    for (let t = 0; t < T; t++) {
      local += spatial[row + t]!;
      if (t > timeWindow) local -= spatial[row + t - timeWindow - 1]!;
      const steps = Math.min(t, timeWindow) + 1;
      const g = giStar(local, size * steps, bins, mean, sd);
      // Undefined only if one neighbourhood spans the whole cube (a tiny cube): no evidence either way.
      z[row + t] = Number.isNaN(g) ? 0 : g;
      p[row + t] = Number.isNaN(g) ? 1 : twoSidedP(g);
    }
  }

  // Only the data cells are classified (the added zero cells are context), but all bins were tested, so all enter the FDR.
  const fdrFamily = fdr ? fdrAdjuster(p) : undefined;
  const cutoff = fdrFamily ? fdrFamily.threshold(alpha) : alpha;
  const state = new Int8Array(D * T);
  for (let b = 0; b < D * T; b++) state[b] = p[b]! <= cutoff ? (z[b]! > 0 ? 1 : z[b]! < 0 ? -1 : 0) : 0;

  // The first `timeWindow` steps have fewer earlier steps in their window, so a steadily hot
  // cell's Gi* z is lower there (by about √2 with a window of 1): a trend test over them would
  // read a rise that is only the window filling. The trend is tested from the first full
  // window on, when enough steps remain for Mann-Kendall to say anything.
  const trendStart = T - timeWindow >= MIN_TREND_STEPS ? timeWindow : 0;
  const scratch = mannKendallScratch(T);
  const summary = Object.fromEntries(EHSA_CATEGORIES.map((c) => [c, 0])) as Record<EhsaCategory, number>;
  const significance = fdr ? `Benjamini-Hochberg FDR-adjusted p ≤ ${alpha} over all ${bins} bins` : `p ≤ ${alpha}`;
  const locations: EmergingHotSpot[] = new Array(D);
  for (let c = 0; c < D; c++) {
    const row = c * T;
    const series = z.subarray(row + trendStart, row + T);
    const states = state.subarray(row, row + T);
    const trend = mannKendall(series, scratch);
    const category = classifyEmergingPattern(states, trend, trendAlpha);
    summary[category]++;
    let hotSteps = 0;
    let coldSteps = 0;
    for (let t = 0; t < T; t++) { if (states[t]! > 0) hotSteps++; else if (states[t]! < 0) coldSteps++; }
    const last = row + T - 1;
    const finalState = state[last]! as BinState;
    const finalQ = fdrFamily?.adjust(p[last]!);
    const direction = trend.p <= trendAlpha && trend.z !== 0 ? (trend.z > 0 ? 'rising' : 'falling') : 'no significant trend';
    locations[c] = {
      cell: index.cells[c]!,
      category,
      trend,
      hotSteps,
      coldSteps,
      final: { z: z[last]!, p: p[last]!, ...(finalQ === undefined ? {} : { q: finalQ }), state: finalState },
      reason:
        `${LABELS[category]}: a significant hot spot in ${hotSteps} and a significant cold spot in ${coldSteps} of ${T} steps ` +
        `(Getis-Ord Gi*, ${k}-ring neighbours, ${timeWindow} earlier step(s), ${significance}); ` +
        `final step ${cube.steps[T - 1]} Gi* z = ${z[last]!.toFixed(2)}, p = ${formatP(p[last]!)}${finalQ === undefined ? '' : `, adjusted p = ${formatP(finalQ)}`}, ${stateWord(finalState)}; ` +
        `Mann-Kendall trend of the Gi* z-scores${trendStart > 0 ? ` from ${cube.steps[trendStart]} (the first full time window)` : ''} Z = ${trend.z.toFixed(2)}, p = ${formatP(trend.p)}, ${direction} at ${trendAlpha}.`,
    };
  }

  return {
    steps: cube.steps,
    k,
    timeWindow,
    studyArea,
    fdr,
    alpha,
    trendAlpha,
    studyAreaCells: N,
    locations,
    summary,
    bins: { z: z.slice(0, D * T), state },
  };
}
