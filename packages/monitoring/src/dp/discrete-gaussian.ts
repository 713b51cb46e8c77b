/**
 * The discrete Gaussian N_Z(0, σ²), P(X = x) ∝ exp(-x²/(2σ²)), sampled exactly (Canonne, Kamath
 * & Steinke 2020, "The Discrete Gaussian for Differential Privacy", Algorithm 3), and the σ that
 * gives (ε, δ)-DP.
 *
 * Algorithm 3 draws Y from a discrete Laplace of integer scale t and keeps it with probability
 * exp(-(|Y| - σ²/t)² / (2σ²)); since exp(-|y|/t)·exp(-(|y| - σ²/t)²/(2σ²)) is proportional to
 * exp(-y²/(2σ²)), what is kept is exactly discrete-Gaussian for any t > 0. t = ⌊σ⌋ + 1 keeps the
 * acceptance rate high.
 *
 * Where BigInt is needed: the acceptance exponent, with σ² = a/b, is
 * (|Y|·t·b - a)² / (2·a·b·t²), whose numerator passes 2^53 for any useful σ. It is the only BigInt
 * in the samplers.
 */

import { AriadneError } from '@ariadne/schema';
import { sharedCryptoRandom, type RandomSource } from './random.ts';
import { bernoulliExpNegBig, sampleDiscreteLaplace, MAX_EPSILON, MIN_EPSILON, type Rational } from './discrete-laplace.ts';

/** σ beyond this is a mistake (the noise would dwarf any count) and would push σ²·2^20 past 2^53. */
export const MAX_SIGMA = 10_000;
const SIGMA2_DENOMINATOR = 2 ** 20;
/** Relative margin added to σ² before rounding up, larger than any float error in its calculation. */
const FLOAT_MARGIN = 1e-12;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** σ² as an exact rational no smaller than σ² (rounded up to a multiple of 2^-20): rounding only adds noise. */
export function sigmaSquaredAsRational(sigma: number): Rational {
  if (!Number.isFinite(sigma) || sigma <= 0 || sigma > MAX_SIGMA) {
    throw new AriadneError('VALIDATION_FAILED', `σ must be a number in (0, ${MAX_SIGMA}], got ${sigma}.`, { details: { sigma: `in (0, ${MAX_SIGMA}]` } });
  }
  const num = Math.ceil(sigma * sigma * (1 + FLOAT_MARGIN) * SIGMA2_DENOMINATOR);
  const g = gcd(num, SIGMA2_DENOMINATOR);
  return { num: num / g, den: SIGMA2_DENOMINATOR / g };
}

/**
 * The σ for which the discrete Gaussian on a count of L2 sensitivity Δ is (ε, δ)-DP.
 *
 * Calibration: the discrete Gaussian with variance parameter σ² is ½(Δ/σ)²-zCDP, exactly as the
 * continuous one (CKS20, Theorem 4), and ρ-zCDP implies (ρ + 2√(ρ·ln(1/δ)), δ)-DP (Bun & Steinke
 * 2016, Proposition 1.3; CKS20 §2). Solving ρ + 2√(ρL) = ε with L = ln(1/δ) gives
 * √ρ = √(L + ε) - √L, so σ = Δ / √(2ρ). This is proven for the discrete distribution itself
 * (unlike the analytic Gaussian bound of Balle & Wang 2018, which is for the continuous one) and
 * is somewhat conservative: at ε = 1, δ = 10⁻⁶ it gives σ ≈ 5.35 where the tight CKS20 Theorem 7
 * bound would allow about 4.23. We prefer a proven bound with a closed form to a tighter one that
 * needs a numeric search in floating point.
 */
export function gaussianSigmaFor(epsilon: number, delta: number, l2Sensitivity = 1): number {
  if (!Number.isFinite(epsilon) || epsilon < MIN_EPSILON || epsilon > MAX_EPSILON) {
    throw new AriadneError('VALIDATION_FAILED', `ε must be between ${MIN_EPSILON} and ${MAX_EPSILON}, got ${epsilon}.`, { details: { epsilon: `between ${MIN_EPSILON} and ${MAX_EPSILON}` } });
  }
  if (!Number.isFinite(delta) || delta <= 0 || delta >= 1) {
    throw new AriadneError('VALIDATION_FAILED', `δ must be strictly between 0 and 1 for the discrete Gaussian, got ${delta}.`, { details: { delta: 'in (0, 1)' } });
  }
  if (!Number.isFinite(l2Sensitivity) || l2Sensitivity <= 0) {
    throw new AriadneError('VALIDATION_FAILED', 'The L2 sensitivity must be positive.', { details: { sensitivity: 'positive' } });
  }
  const L = Math.log(1 / delta);
  // √(L+ε) - √L written without the cancellation that loses digits when ε ≪ L
  const sqrtRho = epsilon / (Math.sqrt(L + epsilon) + Math.sqrt(L));
  return l2Sensitivity / (Math.SQRT2 * sqrtRho);
}

/** CKS20 Algorithm 3: one exact draw from N_Z(0, σ²) for σ² = num/den. */
export function sampleDiscreteGaussian(sigmaSquared: Rational, random: RandomSource): number {
  const { num, den } = sigmaSquared;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 1 || den < 1) {
    throw new AriadneError('VALIDATION_FAILED', 'σ² must be a positive rational of safe integers.', { details: { sigma: 'positive rational' } });
  }
  const t = Math.floor(Math.sqrt(num / den)) + 1; // any t ≥ 1 is correct; this one is fast
  const a = BigInt(num);
  const b = BigInt(den);
  const tb = BigInt(t) * b;
  const acceptDen = 2n * a * b * BigInt(t) * BigInt(t);
  for (;;) {
    const y = sampleDiscreteLaplace(1, t, random);
    const diff = BigInt(Math.abs(y)) * tb - a;
    if (bernoulliExpNegBig(diff * diff, acceptDen, random)) return y;
  }
}

/** Noise for one count: a draw from N_Z(0, σ²), σ² rounded up to an exact rational. */
export function discreteGaussianNoise(sigma: number, random: RandomSource = sharedCryptoRandom()): number {
  return sampleDiscreteGaussian(sigmaSquaredAsRational(sigma), random);
}

/** The analytic pmf of N_Z(0, σ²), normalised by summing the (rapidly vanishing) terms. For tests and documentation. */
export function discreteGaussianPmf(x: number, sigma: number): number {
  const weight = (y: number) => Math.exp(-(y * y) / (2 * sigma * sigma));
  let total = 1;
  for (let y = 1; ; y++) {
    const w = weight(y);
    total += 2 * w;
    if (w < 1e-18 * total) break;
  }
  return weight(x) / total;
}
