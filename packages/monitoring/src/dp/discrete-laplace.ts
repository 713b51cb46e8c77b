/**
 * The discrete Laplace (two-sided geometric) distribution, sampled exactly with integers only,
 * after Canonne, Kamath & Steinke 2020, "The Discrete Gaussian for Differential Privacy"
 * (CKS20): Algorithm 1 (Bernoulli(exp(-γ)) for rational γ) and Algorithm 2 (discrete Laplace).
 *
 * Why hand-written: no npm package offers an exact sampler (privacy-and-data.md §6), and the
 * floating-point samplers that exist (`-ln(U)` on a uniform double) leak the true value through
 * the gaps in the doubles they can produce (Mironov 2012). Every step here is an integer
 * comparison against a uniform integer from a RandomSource.
 *
 * For a sensitivity-1 count, noise X with P(X = x) ∝ exp(-ε|x|) (scale t = 1/ε) makes the count
 * ε-differentially private.
 *
 * Numbers, not BigInt, in the hot path: every quantity is an integer below 2^53 and so exact in a
 * double; the Bernoulli step switches to BigInt only if a denominator would pass 2^53 (the
 * discrete Gaussian's acceptance test needs that; the Laplace practically never does).
 */

import { AriadneError } from '@ariadne/schema';
import { sharedCryptoRandom, type RandomSource } from './random.ts';

/** A positive rational num/den in lowest terms, both safe integers. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** ε outside this range is a mistake: below, the noise swamps any count; above, there is no privacy. */
export const MIN_EPSILON = 1e-6;
export const MAX_EPSILON = 1000;
const BINARY_DENOMINATOR = 2 ** 30;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function reduced(num: number, den: number): Rational {
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/**
 * ε as an exact rational. The decimal the caller wrote is taken as meant (0.1 is 1/10, not the
 * double nearest it); any other value is rounded DOWN to a multiple of 2^-30, which only adds
 * noise, so the guarantee stated for ε still holds.
 */
export function epsilonAsRational(epsilon: number): Rational {
  if (!Number.isFinite(epsilon) || epsilon < MIN_EPSILON || epsilon > MAX_EPSILON) {
    throw new AriadneError('VALIDATION_FAILED', `ε must be a number between ${MIN_EPSILON} and ${MAX_EPSILON}, got ${epsilon}.`, {
      details: { epsilon: `between ${MIN_EPSILON} and ${MAX_EPSILON}` },
    });
  }
  for (let q = 1; q <= 1e9; q *= 10) {
    const p = Math.round(epsilon * q);
    if (p > 0 && p / q === epsilon) return reduced(p, q);
  }
  return reduced(Math.floor(epsilon * BINARY_DENOMINATOR), BINARY_DENOMINATOR);
}

function checkRational(r: Rational, what: string): void {
  if (!Number.isSafeInteger(r.num) || !Number.isSafeInteger(r.den) || r.num < 1 || r.den < 1) {
    throw new AriadneError('VALIDATION_FAILED', `${what} must be a positive rational of safe integers.`, { details: { [what]: 'positive integers num/den' } });
  }
}

/** Bernoulli(exp(-num/den)) for 0 ≤ num/den ≤ 1, from the loop index K onwards, in BigInt. */
function bernoulliExpNegUnitBig(num: bigint, den: bigint, fromK: bigint, random: RandomSource): boolean {
  let k = fromK;
  while (random.uniformBigInt(den * k) < num) k++;
  return k % 2n === 1n;
}

/**
 * CKS20 Algorithm 1 for γ = num/den ∈ [0, 1]: draw A_K ~ Bernoulli(γ/K) for K = 1, 2, … until
 * one is 0; P(that K is odd) = Σ (-γ)^j / j! = exp(-γ).
 */
function bernoulliExpNegUnit(num: number, den: number, random: RandomSource): boolean {
  let k = 1;
  for (;;) {
    const d = den * k;
    if (d > MAX_SAFE) return bernoulliExpNegUnitBig(BigInt(num), BigInt(den), BigInt(k), random);
    if (random.uniformInt(d) >= num) break;
    k++;
  }
  return k % 2 === 1;
}

/**
 * An exact Bernoulli(exp(-num/den)) trial for integers num ≥ 0, den ≥ 1 (CKS20 Algorithm 1):
 * exp(-γ) = exp(-1)^⌊γ⌋ · exp(-(γ - ⌊γ⌋)), each factor an independent trial.
 */
export function bernoulliExpNeg(num: number, den: number, random: RandomSource): boolean {
  let whole = Math.floor(num / den);
  if (whole * den > num) whole--; // guard the float division; whole·den is exact below 2^53
  for (let i = 0; i < whole; i++) {
    if (!bernoulliExpNegUnit(1, 1, random)) return false;
  }
  return bernoulliExpNegUnit(num - whole * den, den, random);
}

/** bernoulliExpNeg for BigInt num/den: the discrete Gaussian's acceptance test, whose terms pass 2^53. */
export function bernoulliExpNegBig(num: bigint, den: bigint, random: RandomSource): boolean {
  const whole = num / den;
  for (let i = 0n; i < whole; i++) {
    if (!bernoulliExpNegUnit(1, 1, random)) return false;
  }
  return bernoulliExpNegUnitBig(num - whole * den, den, 1n, random);
}

/**
 * CKS20 Algorithm 2: one draw from the discrete Laplace with scale t/s, P(X = x) ∝ exp(-|x|·s/t),
 * for integers s, t ≥ 1. U + t·V is geometric with ratio exp(-1/t) (U uniform below t, kept with
 * probability exp(-U/t); V geometric with ratio exp(-1)); dividing by s sets the scale; the sign
 * is a fair bit, and "-0" is rejected so 0 is not counted twice.
 */
export function sampleDiscreteLaplace(s: number, t: number, random: RandomSource): number {
  for (;;) {
    const u = random.uniformInt(t);
    if (!bernoulliExpNeg(u, t, random)) continue;
    let v = 0;
    while (bernoulliExpNegUnit(1, 1, random)) v++;
    const x = u + t * v;
    let y = Math.floor(x / s);
    if (y * s > x) y--; // exact floor even where the float division rounds up
    const negative = random.bit() === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

/**
 * Noise for one count of sensitivity `sensitivity` (default 1) under ε-DP: discrete Laplace with
 * scale sensitivity/ε. `epsilon` is a number (see epsilonAsRational) or an exact Rational.
 */
export function discreteLaplaceNoise(epsilon: number | Rational, random: RandomSource = sharedCryptoRandom(), sensitivity = 1): number {
  const eps = typeof epsilon === 'number' ? epsilonAsRational(epsilon) : epsilon;
  checkRational(eps, 'epsilon');
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1) {
    throw new AriadneError('VALIDATION_FAILED', 'The sensitivity must be a positive integer.', { details: { sensitivity: 'positive integer' } });
  }
  // P(x) ∝ exp(-|x|·ε/Δ): scale t/s = Δ·den/num.
  const t = eps.den * sensitivity;
  if (!Number.isSafeInteger(t)) throw new AriadneError('VALIDATION_FAILED', 'ε is too fine-grained for this sensitivity.', { details: { epsilon: 'coarser rational' } });
  return sampleDiscreteLaplace(eps.num, t, random);
}

/** The analytic pmf P(X = x) = (1 - e^{-ε}) / (1 + e^{-ε}) · e^{-ε|x|}. For tests and documentation. */
export function discreteLaplacePmf(x: number, epsilon: number): number {
  const q = Math.exp(-epsilon);
  return ((1 - q) / (1 + q)) * Math.exp(-epsilon * Math.abs(x));
}

/** The expected absolute error E|X| = 2e^{-ε} / (1 - e^{-2ε}) (0.8509 at ε = 1, 9.983 at ε = 0.1). */
export function discreteLaplaceExpectedAbsError(epsilon: number): number {
  return (2 * Math.exp(-epsilon)) / (1 - Math.exp(-2 * epsilon));
}

/** The variance E[X²] = 2e^{-ε} / (1 - e^{-ε})². */
export function discreteLaplaceVariance(epsilon: number): number {
  return (2 * Math.exp(-epsilon)) / (1 - Math.exp(-epsilon)) ** 2;
}
