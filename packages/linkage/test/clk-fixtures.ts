/**
 * Hand-made CLK sets for the matcher's tests: random bits from a seeded generator, optionally
 * each record of side B a noisy copy of a record of side A (so some pairs score high), and
 * blocking hashes given explicitly. Nothing here is an encoding of a person.
 */
import type { ClkSet } from '../src/types.ts';

/** mulberry32: a small deterministic generator for test data (never for secrets) */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomClkSetOptions {
  readonly records: number;
  readonly l: number;
  /** the share of bits set */
  readonly density: number;
  readonly seed: number;
  /** when given, record j copies record j mod n of this set with about 5% of its bits redrawn */
  readonly relatedTo?: ClkSet;
  readonly blocks?: readonly (readonly string[])[];
  readonly schemaSha256?: string;
}

export function randomClkSet(options: RandomClkSetOptions): ClkSet {
  const { records, l, density, seed, relatedTo } = options;
  const random = seededRandom(seed);
  const words = l / 32;
  const clks = new Uint32Array(records * words);
  for (let r = 0; r < records; r++) {
    for (let bit = 0; bit < l; bit++) {
      let on = random() < density;
      if (relatedTo !== undefined && random() >= 0.05) {
        const source = (r % relatedTo.tokens.length) * words + (bit >>> 5);
        on = (relatedTo.clks[source]! & (1 << (bit & 31))) !== 0;
      }
      if (on) clks[r * words + (bit >>> 5)]! |= 1 << (bit & 31);
    }
  }
  return {
    schemaSha256: options.schemaSha256 ?? 'f'.repeat(64),
    l,
    tokens: Array.from({ length: records }, (_, r) => `token-${seed}-${r}`),
    clks,
    blocks: options.blocks ?? Array.from({ length: records }, () => []),
  };
}
