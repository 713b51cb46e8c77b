/**
 * Hot and cold spots: the Getis-Ord Gi* statistic (Getis & Ord 1992; Ord & Getis 1995) on H3 cells
 * with binary weights over each cell and its k-ring neighbours.
 *
 *   Gi* = (Σ_j w_ij x_j - X̄ Σ_j w_ij) / (S √[(n Σ_j w_ij² - (Σ_j w_ij)²) / (n - 1)])
 *   X̄ = Σ x_j / n,  S = √(Σ x_j² / n - X̄²)
 *
 * Gi* is itself a z-score. With binary weights Σ w_ij = Σ w_ij² = W_i, the number of cells in the
 * neighbourhood (the cell itself included) that lie inside the study area.
 *
 * Study area (our choice, stated in every finding): the cells with data plus every cell within k
 * rings of them, the latter counting 0. Without those zero cells a lone cluster would have no
 * "elsewhere" to stand out against, and cells at the edge of the data would look average. We stop
 * there rather than fill a whole country: an empty cell means "nothing was reported here", which
 * in trafficking data is not "nothing happened", so the further we pad with zeros the more we would
 * manufacture hot spots out of under-reporting. `studyArea: 'data-only'` leaves the zeros out.
 *
 * Classification as ArcGIS's Gi_Bin: ±3 at 99% confidence (p ≤ 0.01), ±2 at 95%, ±1 at 90%,
 * 0 not significant; optionally on Benjamini-Hochberg FDR-adjusted p-values (q-values) instead.
 */
import { getResolution, gridDisk, isValidCell } from 'h3-js';
import { AriadneError } from '@ariadne/schema';
import { twoSidedP } from './normal.ts';

export type StudyArea = 'data-and-neighbours' | 'data-only';

/** Study-area cells with, for each, its neighbourhood (itself included) as positions in `cells`: compressed rows, built once and reused per time step. */
export interface NeighbourIndex {
  /** Study-area cells: the data cells first in the order given, then the added zero cells, sorted. */
  readonly cells: readonly string[];
  /** How many of `cells` (the first ones) came with data. */
  readonly dataCells: number;
  readonly k: number;
  readonly studyArea: StudyArea;
  /** Neighbourhood of cell i: `neighbours[offsets[i]] … neighbours[offsets[i + 1] - 1]`. */
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
}

/** Throws unless k is an integer 1…20 (k rings of H3 neighbours: 3k(k+1)+1 cells). */
export function checkRings(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > 20) {
    throw new AriadneError('VALIDATION_FAILED', `The neighbourhood size k must be an integer from 1 to 20 rings; got ${String(k)}.`, {
      details: { k: 'must be an integer from 1 to 20' },
    });
  }
}

/** Checks that every cell is a valid H3 index, none twice, all at one resolution. */
function checkCells(cells: readonly string[]): void {
  let resolution = -1;
  const seen = new Set<string>();
  cells.forEach((cell, i) => {
    if (typeof cell !== 'string' || !isValidCell(cell)) {
      throw new AriadneError('VALIDATION_FAILED', `Entry ${i + 1} is not a valid H3 cell index.`, { details: { [`cells.${i}`]: 'not an H3 cell' } });
    }
    if (seen.has(cell)) throw new AriadneError('VALIDATION_FAILED', `Entry ${i + 1} repeats a cell given before.`, { details: { [`cells.${i}`]: 'duplicate cell' } });
    seen.add(cell);
    const r = getResolution(cell);
    if (resolution === -1) resolution = r;
    else if (r !== resolution) {
      throw new AriadneError('VALIDATION_FAILED', `Entry ${i + 1} is at H3 resolution ${r}, the others at ${resolution}: Gi* needs one resolution.`, {
        details: { [`cells.${i}`]: 'mixed resolutions' },
      });
    }
  });
}

/** Builds the study area and each cell's k-ring neighbourhood inside it. */
export function buildNeighbourIndex(dataCells: readonly string[], k = 1, studyArea: StudyArea = 'data-and-neighbours'): NeighbourIndex {
  checkRings(k);
  checkCells(dataCells);
  const position = new Map<string, number>();
  dataCells.forEach((cell, i) => position.set(cell, i));
  const disks: string[][] = dataCells.map((cell) => gridDisk(cell, k));
  const cells = [...dataCells];
  if (studyArea === 'data-and-neighbours') {
    const added = new Set<string>();
    for (const disk of disks) for (const cell of disk) if (!position.has(cell)) added.add(cell);
    for (const cell of [...added].sort()) {
      position.set(cell, cells.length);
      cells.push(cell);
      disks.push(gridDisk(cell, k));
    }
  }
  const offsets = new Int32Array(cells.length + 1);
  let total = 0;
  for (let i = 0; i < cells.length; i++) {
    for (const cell of disks[i]!) if (position.has(cell)) total++;
    offsets[i + 1] = total;
  }
  const neighbours = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    for (const cell of disks[i]!) {
      const j = position.get(cell);
      if (j !== undefined) neighbours[at++] = j;
    }
  }
  return { cells, dataCells: dataCells.length, k, studyArea, offsets, neighbours };
}

/**
 * Gi* from a cell's local sum Σ_j x_j and neighbourhood size W (binary weights), given the study
 * area's n, mean and standard deviation S. NaN when undefined: S = 0 (every value equal) or
 * W = n (the neighbourhood is the whole study area), where the denominator is 0.
 */
export function giStar(localSum: number, w: number, n: number, mean: number, sd: number): number {
  const spread = (n * w - w * w) / (n - 1);
  if (!(sd > 0) || !(spread > 0)) return Number.NaN;
  return (localSum - mean * w) / (sd * Math.sqrt(spread));
}

/** Mean and population standard deviation S = √(Σx²/n - X̄²), as Ord & Getis define it. */
export function meanAndSd(values: ArrayLike<number>): { mean: number; sd: number } {
  const n = values.length;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) { const x = values[i]!; sum += x; squares += x * x; }
  const mean = sum / n;
  return { mean, sd: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
}

/**
 * Benjamini-Hochberg false discovery rate over a family of tests, prepared once:
 * - `adjust(p)`: the adjusted p-value (q-value) q_(i) = min_{j ≥ i} (m / j) p_(j), capped at 1;
 * - `threshold(alpha)`: the largest p_(k) with p_(k) ≤ k·alpha/m (-1 if none): a test is significant
 *   at FDR alpha exactly when its p ≤ threshold(alpha), i.e. when q ≤ alpha.
 * NaN p-values do not count as tests.
 *
 * Sorts the p-values themselves (a typed-array sort without comparator: 2.6 million in about 0.3 s).
 * A space-time cube then decides significance with one comparison per bin against `threshold`,
 * and looks up `adjust` (a binary search) only for the few q-values it reports: searching for
 * every one of millions of bins costs several seconds of cache misses.
 */
export interface FdrAdjuster {
  /** Number of tests (non-NaN p-values). */
  readonly tests: number;
  adjust(p: number): number;
  threshold(alpha: number): number;
}

export function fdrAdjuster(p: ArrayLike<number>): FdrAdjuster {
  let m = 0;
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i]!)) m++;
  const sorted = new Float64Array(m);
  let at = 0;
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i]!)) sorted[at++] = p[i]!;
  sorted.sort();
  const qSorted = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    running = Math.min(running, (sorted[rank - 1]! * m) / rank);
    qSorted[rank - 1] = running;
  }
  return {
    tests: m,
    adjust(v: number): number {
      if (Number.isNaN(v)) return Number.NaN;
      // Tied p-values share the q of the highest rank among them, as the running minimum gives them.
      let lo = 0;
      let hi = m;
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid]! <= v) lo = mid + 1; else hi = mid; }
      return lo === 0 ? Math.min(1, v * m) : qSorted[lo - 1]!;
    },
    threshold(alpha: number): number {
      for (let rank = m; rank >= 1; rank--) if (sorted[rank - 1]! <= (rank * alpha) / m) return sorted[rank - 1]!;
      return -1;
    },
  };
}

/** Benjamini-Hochberg adjusted p-values (q-values) of every test, in input order; NaN stays NaN. */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const fdr = fdrAdjuster(p);
  const q = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) q[i] = fdr.adjust(p[i]!);
  return q;
}

/** ArcGIS's Gi_Bin: +3/+2/+1 hot spot at 99/95/90% confidence, -3/-2/-1 cold spot, 0 not significant. */
export type GiBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;
export function giBin(z: number, p: number): GiBin {
  if (!(p <= 0.1) || z === 0 || Number.isNaN(z)) return 0;
  const level = p <= 0.01 ? 3 : p <= 0.05 ? 2 : 1;
  return (z > 0 ? level : -level) as GiBin;
}

const CONFIDENCE = { 0: 0, 1: 90, 2: 95, 3: 99 } as const;
export const binConfidence = (bin: GiBin): 0 | 90 | 95 | 99 => CONFIDENCE[Math.abs(bin) as 0 | 1 | 2 | 3];

/** Formats a p-value for a finding: 4 significant digits, exponent form when small. */
export const formatP = (p: number): string => (p < 1e-4 ? p.toExponential(2) : p.toPrecision(4).replace(/\.?0+$/, ''));

export interface GiStarOptions {
  /** Rings of neighbours in each cell's neighbourhood. Default 1 (the cell and its 6 neighbours). */
  readonly k?: number;
  readonly studyArea?: StudyArea;
  /** Classify on Benjamini-Hochberg FDR-adjusted p-values across all cells (ArcGIS's "Apply False Discovery Rate Correction"). Default false. */
  readonly fdr?: boolean;
}

export interface GiStarFinding {
  readonly cell: string;
  readonly count: number;
  /** False for a zero cell the study area added around the data. */
  readonly hasData: boolean;
  /** Cells in the neighbourhood inside the study area (W). */
  readonly neighbourhood: number;
  /** Gi* z-score; 0 when undefined (see `reason`). */
  readonly z: number;
  /** Two-sided p-value; 1 when undefined. */
  readonly p: number;
  /** Benjamini-Hochberg adjusted p-value, when `fdr` was asked for. */
  readonly q?: number;
  readonly bin: GiBin;
  readonly confidence: 0 | 90 | 95 | 99;
  /** The test, its figures and what they mean, in one sentence. */
  readonly reason: string;
}

export interface GiStarResult {
  readonly k: number;
  readonly studyArea: StudyArea;
  readonly fdr: boolean;
  /** Cells in the study area (n). */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** Every study-area cell: data cells in input order, then added zero cells. */
  readonly findings: GiStarFinding[];
}

/** Names the significance a bin stands for, for the `reason` sentence. */
export function describeBin(bin: GiBin): string {
  if (bin === 0) return 'not significant at 90% confidence';
  return `${bin > 0 ? 'hot' : 'cold'} spot at ${binConfidence(bin)}% confidence`;
}

/** Gi* for every cell of the study area built around the given counts (H3 cell → count). */
export function getisOrdHotSpots(counts: Iterable<readonly [string, number]>, options: GiStarOptions = {}): GiStarResult {
  const k = options.k ?? 1;
  const studyArea = options.studyArea ?? 'data-and-neighbours';
  const fdr = options.fdr ?? false;
  const entries = [...counts];
  entries.forEach(([, count], i) => {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new AriadneError('VALIDATION_FAILED', `Entry ${i + 1} has a count that is not a non-negative number.`, { details: { [`counts.${i}`]: 'not a non-negative number' } });
    }
  });
  const index = buildNeighbourIndex(entries.map(([cell]) => cell), k, studyArea);
  const n = index.cells.length;
  const x = new Float64Array(n);
  entries.forEach(([, count], i) => { x[i] = count; });
  const { mean, sd } = meanAndSd(x);
  if (n < 2 || !(sd > 0)) {
    throw new AriadneError('VALIDATION_FAILED', `Gi* needs a study area of at least 2 cells whose counts differ; this one has ${n} cell(s)${n >= 2 ? ', all with the same count' : ''}.`);
  }

  const z = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let local = 0;
    for (let a = index.offsets[i]!; a < index.offsets[i + 1]!; a++) local += x[index.neighbours[a]!]!;
    z[i] = giStar(local, index.offsets[i + 1]! - index.offsets[i]!, n, mean, sd);
    p[i] = Number.isNaN(z[i]!) ? Number.NaN : twoSidedP(z[i]!);
  }
  const q = fdr ? benjaminiHochberg(p) : undefined;
  const area = studyArea === 'data-and-neighbours' ? `${n} cells: those with data and the empty cells within ${k} ring(s) of them` : `${n} cells with data`;

  const findings: GiStarFinding[] = index.cells.map((cell, i) => {
    const w = index.offsets[i + 1]! - index.offsets[i]!;
    const common = { cell, count: x[i]!, hasData: i < index.dataCells, neighbourhood: w };
    if (Number.isNaN(z[i]!)) {
      return {
        ...common, z: 0, p: 1, ...(q ? { q: 1 } : {}), bin: 0 as GiBin, confidence: 0 as const,
        reason: `Getis-Ord Gi* is undefined here: the ${k}-ring neighbourhood covers the whole study area (${area}), so there is nothing to compare it with; not classified.`,
      };
    }
    const decisive = q ? q[i]! : p[i]!;
    const bin = giBin(z[i]!, decisive);
    return {
      ...common, z: z[i]!, p: p[i]!, ...(q ? { q: q[i]! } : {}), bin, confidence: binConfidence(bin),
      reason:
        `Getis-Ord Gi* z = ${z[i]!.toFixed(2)}, two-sided p = ${formatP(p[i]!)}` +
        (q ? `, Benjamini-Hochberg FDR-adjusted p = ${formatP(q[i]!)}` : '') +
        ` (binary weights over the cell and its ${k}-ring neighbours, ${w} cells; study area ${area}): ${describeBin(bin)}.`,
    };
  });
  return { k, studyArea, fdr, n, mean, sd, findings };
}
