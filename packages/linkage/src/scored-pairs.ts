/**
 * Scored pairs in columns (three typed arrays) rather than one object per pair: all pairs of
 * FEBRL4 above 0.65 are millions, which as objects would cost several hundred bytes each and
 * much garbage collection. The matcher fills a builder; the one-to-one assignment reads columns.
 */
import { AriadneError } from '@ariadne/schema';
import type { ScoredPair } from './types.ts';

export interface ScoredPairs {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly score: Float64Array;
  readonly length: number;
}

/** appends pairs, doubling its arrays as they fill */
export class ScoredPairsBuilder {
  #a = new Uint32Array(1024);
  #b = new Uint32Array(1024);
  #score = new Float64Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(a: number, b: number, score: number): void {
    if (this.#length === this.#a.length) this.#grow();
    this.#a[this.#length] = a;
    this.#b[this.#length] = b;
    this.#score[this.#length] = score;
    this.#length++;
  }

  #grow(): void {
    const size = this.#length * 2;
    const a = new Uint32Array(size);
    const b = new Uint32Array(size);
    const score = new Float64Array(size);
    a.set(this.#a);
    b.set(this.#b);
    score.set(this.#score);
    this.#a = a;
    this.#b = b;
    this.#score = score;
  }

  /** the pairs pushed so far (views on the builder's arrays: push no more after this) */
  build(): ScoredPairs {
    const n = this.#length;
    return { a: this.#a.subarray(0, n), b: this.#b.subarray(0, n), score: this.#score.subarray(0, n), length: n };
  }
}

/** columns from pair objects; refuses indices that are not whole numbers and scores outside [0, 1] */
export function scoredPairsFrom(pairs: readonly ScoredPair[]): ScoredPairs {
  const builder = new ScoredPairsBuilder();
  pairs.forEach(({ a, b, score }, k) => {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a > 0xffffffff || b > 0xffffffff) {
      throw new AriadneError('VALIDATION_FAILED', `Pair ${k}: record indices must be whole numbers from 0, got (${String(a)}, ${String(b)}).`);
    }
    if (!(score >= 0 && score <= 1)) throw new AriadneError('VALIDATION_FAILED', `Pair ${k}: the score must be within [0, 1], got ${String(score)}.`);
    builder.push(a, b, score + 0); // + 0 turns −0 into 0, whose bits sort with the other scores
  });
  return builder.build();
}
