/**
 * Uniform randomness for the differential-privacy samplers.
 *
 * DP noise is only as private as its randomness: a predictable generator (JavaScript's built-in
 * floating-point one, any seeded PRNG) lets whoever can guess its state subtract the noise and
 * recover the true count. So the gate's default source is the operating system's CSPRNG
 * (node:crypto). We hand-write the integer-range sampling on top of buffered bytes instead of
 * calling `crypto.randomInt` per draw because a monthly report draws millions of integers and
 * `randomInt` has a per-call overhead; the rejection step below is the same unbiased method.
 *
 * The samplers need exact uniform integers, never floats: a uniform double is what the
 * floating-point Laplace attack (Mironov 2012) exploits.
 */

import { createCipheriv, createHash, randomFillSync } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';

/** A source of uniform integers. Implementations must be unbiased; the gate's must be unpredictable. */
export interface RandomSource {
  /** A uniform integer in [0, n); n a safe integer with 1 ≤ n ≤ 2^53. */
  uniformInt(n: number): number;
  /** A uniform BigInt in [0, n); n ≥ 1. For the few exact comparisons that outgrow 2^53. */
  uniformBigInt(n: bigint): bigint;
  /** One fair bit. */
  bit(): 0 | 1;
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
const TWO_POW_21 = 2 ** 21;
/** 4 KiB per refill: large enough that the fill cost vanishes, small enough to leave little unused randomness in memory. */
const BUFFER_WORDS = 1024;

/**
 * Uniform integers drawn from a stream of random bytes, refilled in blocks.
 * Rejection sampling keeps every result exactly uniform (no modulo bias).
 */
class BufferedRandom implements RandomSource {
  readonly #words = new Uint32Array(BUFFER_WORDS);
  readonly #bytes = new Uint8Array(this.#words.buffer);
  #next = BUFFER_WORDS;
  #bits = 0;
  #bitsLeft = 0;
  readonly #fill: (bytes: Uint8Array) => void;

  constructor(fill: (bytes: Uint8Array) => void) {
    this.#fill = fill;
  }

  #word(): number {
    if (this.#next === BUFFER_WORDS) {
      this.#fill(this.#bytes);
      this.#next = 0;
    }
    return this.#words[this.#next++]!;
  }

  uniformInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_53) {
      throw new AriadneError('INTERNAL', `uniformInt needs an integer range 1..2^53, got ${n}.`);
    }
    if (n <= TWO_POW_32) {
      // `%` on doubles is exact, so `limit` is the largest multiple of n that fits in 32 bits.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const w = this.#word();
        if (w < limit) return w % n;
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    for (;;) {
      const v = (this.#word() % TWO_POW_21) * TWO_POW_32 + this.#word();
      if (v < limit) return v % n;
    }
  }

  uniformBigInt(n: bigint): bigint {
    if (n < 1n) throw new AriadneError('INTERNAL', 'uniformBigInt needs n ≥ 1.');
    if (n <= BigInt(TWO_POW_53)) return BigInt(this.uniformInt(Number(n)));
    const bits = n.toString(2).length;
    const words = Math.ceil(bits / 32);
    const mask = (1n << BigInt(bits)) - 1n;
    // Draw `bits` uniform bits and reject values ≥ n: at most half are rejected.
    for (;;) {
      let v = 0n;
      for (let i = 0; i < words; i++) v = (v << 32n) | BigInt(this.#word());
      v &= mask;
      if (v < n) return v;
    }
  }

  bit(): 0 | 1 {
    if (this.#bitsLeft === 0) {
      this.#bits = this.#word();
      this.#bitsLeft = 32;
    }
    const b = this.#bits & 1;
    this.#bits >>>= 1;
    this.#bitsLeft--;
    return b as 0 | 1;
  }
}

/** The operating system's CSPRNG (node:crypto `randomFillSync`), buffered. The gate's default. */
export function cryptoRandom(): RandomSource {
  return new BufferedRandom((bytes) => {
    randomFillSync(bytes);
  });
}

let shared: RandomSource | undefined;

/**
 * One process-wide cryptoRandom, the samplers' and the gate's default: a fresh source per draw
 * would refill a 4 KiB buffer for every number.
 */
export function sharedCryptoRandom(): RandomSource {
  shared ??= cryptoRandom();
  return shared;
}

/**
 * FOR TESTS ONLY: a reproducible stream (AES-256-CTR keyed by SHA-256 of the seed), so a
 * statistical test gives the same verdict on every run. It is predictable by design: never pass
 * it to the publication gate outside a test.
 */
export function seededRandomForTests(seed: string): RandomSource {
  const key = createHash('sha256').update(`ariadne-monitoring-test-seed:${seed}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return new BufferedRandom((bytes) => {
    const stream = cipher.update(Buffer.alloc(bytes.length));
    bytes.set(stream);
  });
}
