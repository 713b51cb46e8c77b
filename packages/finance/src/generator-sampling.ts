/**
 * Sampling helpers for the synthetic transaction generator, all drawing from one seeded
 * `() => number` (mulberry32 from @ariadne/network) so a seed gives the same data on every machine.
 */

export type Random = () => number;

/** an integer in min..max, both included */
export function randInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** uniform in [min, max) */
export function uniform(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

/** log-uniform in [min, max): as many draws between 100 and 1,000 as between 1,000 and 10,000 */
export function logUniform(random: Random, min: number, max: number): number {
  return Math.exp(uniform(random, Math.log(min), Math.log(max)));
}

/** log-normal around `median`, `sigma` the spread of its logarithm (Box–Muller) */
export function logNormal(random: Random, median: number, sigma: number): number {
  const u = Math.max(random(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * z);
}

export function pick<T>(random: Random, items: ArrayLike<T>): T {
  return items[Math.floor(random() * items.length)]!;
}

/** in place, Fisher–Yates */
export function shuffle<T extends { length: number; [i: number]: unknown }>(random: Random, items: T): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** cents, as a bank books them */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Draws indices 0..n-1 with probability proportional to their weight: a cumulative table and a
 * binary search, O(log n) a draw, for merchant popularity and employer size.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i]!);
      this.cumulative[i] = sum;
    }
  }

  get size(): number { return this.cumulative.length; }

  draw(random: Random): number {
    const n = this.cumulative.length;
    const total = n === 0 ? 0 : this.cumulative[n - 1]!;
    if (total <= 0) return Math.floor(random() * n);
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** a 32-bit seed for one of the generator's independent streams */
export function subSeed(seed: number, stream: number): number {
  return (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream + 1, 0xc2b2ae35)) >>> 0;
}
