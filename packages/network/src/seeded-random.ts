/**
 * mulberry32: a seeded PRNG with 32 bits of state, fast, and the same sequence on every machine
 * for a seed — sampled pivots, Louvain's visiting order and generated graphs are reproducible.
 * Pure (no Node API), so the web app and the benchmarks use this one copy too.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
