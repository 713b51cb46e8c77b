/** How two result vectors and two timings are compared in the network benchmark. */

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Wall-clock and CPU seconds of each run. CPU time (all of the process's threads) is the fairer
 * figure on a machine shared with other work: a run that waits for a core counts only its own work. */
export interface Timing { readonly wall: number[]; readonly cpu: number[] }

/** Runs `fn` `runs` times; the timing of each run and the last run's result. */
export function timed<T>(runs: number, fn: () => T): Timing & { result: T } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < runs; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    result = fn();
    wall.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { wall, cpu, result: result as T };
}

/**
 * Largest absolute difference, and largest difference relative to the larger of the two values
 * (pairs where both are below `floor` count as equal in relative terms: betweenness 0 vs 1e-13
 * is rounding, not a disagreement).
 */
export function differences(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): { maxAbs: number; maxRel: number; worst: number } {
  if (a.length !== b.length) throw new Error(`vectors differ in length: ${a.length} vs ${b.length}`);
  let maxAbs = 0;
  let maxRel = 0;
  let worst = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > maxAbs) maxAbs = d;
    const scale = Math.max(Math.abs(a[i]!), Math.abs(b[i]!));
    const rel = scale < floor ? 0 : d / scale;
    if (rel > maxRel) { maxRel = rel; worst = i; }
  }
  return { maxAbs, maxRel, worst };
}

/** The k nodes with the highest values, lowest node number first among equal values. */
export function topK(values: ArrayLike<number>, k: number): Int32Array {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  idx.sort((x, y) => values[y]! - values[x]! || x - y);
  return idx.slice(0, Math.min(k, values.length));
}

/** Share of `a`'s top-k that is also in `b`'s top-k. */
export function topKOverlap(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  const ta = topK(a, k);
  const tb = new Set(topK(b, k));
  let shared = 0;
  for (const v of ta) if (tb.has(v)) shared++;
  return ta.length === 0 ? 1 : shared / ta.length;
}

/** Spearman correlation of two rankings given as values (average ranks for ties). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ranks = (v: ArrayLike<number>): Float64Array => {
    const idx = Int32Array.from({ length: v.length }, (_, i) => i).sort((x, y) => v[x]! - v[y]!);
    const r = new Float64Array(v.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
      for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n - 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i]! - mean) * (rb[i]! - mean);
    va += (ra[i]! - mean) ** 2;
    vb += (rb[i]! - mean) ** 2;
  }
  return va === 0 || vb === 0 ? 1 : cov / Math.sqrt(va * vb);
}
