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
    this.names = this.#count((function* () {
      for (const name of corpus) yield nameTokens(name).filter((t) => t.role === 'name' && t.key !== '').map((t) => t.key);
    })());
  }

  /**
   * Weights from spelling keys already computed, one array per name (an index that has
   * tokenised its names does not tokenise them twice).
   * @example TokenWeights.fromKeys([['mhmd', 'zdn'], ['mhmd']]).weightOfKey('zdn') // ln(3/2) + 1
   */
  static fromKeys(keysPerName: Iterable<readonly string[]>): TokenWeights {
    const w = new TokenWeights([]);
    (w as { names: number }).names = w.#count(keysPerName);
    return w;
  }

  #count(keysPerName: Iterable<readonly string[]>): number {
    let n = 0;
    for (const keys of keysPerName) {
      n++;
      // each key once per name; most names have a handful of keys, for which a scan beats a Set per name
      const distinct = keys.length > 16 ? [...new Set(keys)] : keys;
      for (let i = 0; i < distinct.length; i++) {
        const k = distinct[i]!;
        if (k === '' || (i > 0 && distinct.lastIndexOf(k, i - 1) >= 0)) continue;
        this.#df.set(k, (this.#df.get(k) ?? 0) + 1);
      }
    }
    return n;
  }

  /** Number of corpus names containing a token with the same spelling key as `token`. */
  documentFrequency(token: string): number {
    return this.#df.get(spellingKey(token)) ?? 0;
  }

  /** Smoothed IDF, ln((N + 1) / (df + 1)) + 1: ≥ 1, highest (unseen) for tokens not in the corpus. */
  weight(token: string): number {
    return this.weightOfKey(spellingKey(token));
  }

  /** `weight` of a token whose spelling key is already known (no re-keying on the hot path). */
  weightOfKey(key: string): number {
    return Math.log((this.names + 1) / ((this.#df.get(key) ?? 0) + 1)) + 1;
  }
}
