/**
 * The standard normal distribution's tail, for the p-values of Gi* and Mann-Kendall z-scores.
 *
 * Hand-written on purpose: the package has no statistics dependency, and these p-values sit in the
 * hot path (one per bin of a space-time cube: over a million per analysis), where a call into a
 * general-purpose library would cost more than the arithmetic. The approximation is the Chebyshev
 * fit of erfc from Numerical Recipes (Press et al., 2nd ed., §6.2, `erfcc`): relative error below
 * 1.2e-7 over the whole real line, tails included, so p-values as small as 1e-300 keep their
 * leading digits (a 1 - Φ(z) formulation would round them to 0 beyond |z| ≈ 8.3).
 */

/** Complementary error function erfc(x) = 1 - erf(x), relative error < 1.2e-7. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(z), the standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Upper tail 1 - Φ(z), computed without cancellation. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p-value of a z-score: P(|Z| ≥ |z|) = erfc(|z| / √2). Capped at 1. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
