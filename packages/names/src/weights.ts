/**
 * How much a shared token says: "Muhammad" or "al" in common is weak evidence, a shared rare
 * surname strong. Weights are IDF over the names of the index (by spelling key, so spelling
 * variants share one weight).
 */
import { nameTokens } from './tokens.ts';
import { spellingKey } from './keys.ts';

export class TokenWeights {
  readonly names: number;
  readonly #df = new Map<string, number>();

  /** Counts, for each spelling key, how many of `corpus`'s names contain it. */
  constructor(corpus: Iterable<string>) {
    let n = 0;
    for (const name of corpus) {
      n++;
      const seen = new Set<string>();
      for (const t of nameTokens(name)) if (t.role === 'name' && t.key !== '') seen.add(t.key);
      for (const k of seen) this.#df.set(k, (this.#df.get(k) ?? 0) + 1);
    }
    this.names = n;
  }

  /** Number of corpus names containing a token with the same spelling key as `token`. */
  documentFrequency(token: string): number {
    return this.#df.get(spellingKey(token)) ?? 0;
  }

  /** Smoothed IDF, ln((N + 1) / (df + 1)) + 1: ≥ 1, highest (unseen) for tokens not in the corpus. */
  weight(token: string): number {
    return Math.log((this.names + 1) / (this.documentFrequency(token) + 1)) + 1;
  }
}
