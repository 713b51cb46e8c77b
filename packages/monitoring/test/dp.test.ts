/**
 * The exact DP samplers: discrete Laplace and discrete Gaussian (CKS20), their randomness, and
 * the Gaussian's calibration.
 *
 * Statistical tests and why they do not flake:
 * - Means are compared with a tolerance of 6 standard errors, the standard error computed from
 *   the distribution's analytic variance; a correct sampler falls outside with probability
 *   about 2·10⁻⁹.
 * - Chi-square tests use p > 0.001. Those run on the CSPRNG (the targets of issue 7) can fail
 *   by chance once in a thousand runs; the others run on the seeded test stream, so they give
 *   the same verdict every run while still failing any sampler whose distribution is off (one
 *   test below shows a slightly wrong ε is caught).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoRandom, seededRandomForTests, type RandomSource } from '../src/dp/random.ts';
import {
  bernoulliExpNeg,
  bernoulliExpNegBig,
  discreteLaplaceExpectedAbsError,
  discreteLaplaceNoise,
  discreteLaplacePmf,
  discreteLaplaceVariance,
  epsilonAsRational,
} from '../src/dp/discrete-laplace.ts';
import {
  discreteGaussianNoise,
  discreteGaussianPmf,
  gaussianSigmaFor,
  sampleDiscreteGaussian,
  sigmaSquaredAsRational,
} from '../src/dp/discrete-gaussian.ts';

const DRAWS = 100_000;

// ---- statistics helpers (test-only) ----

/** ln Γ(x), Lanczos approximation (Numerical Recipes `gammln`), ample for p-values. */
function logGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

/** Regularised upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * front;
  }
  // Lentz's continued fraction
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return front * h;
}

/**
 * Pearson's chi-square test of integer samples against a symmetric pmf: one bin per x in
 * [-m, m] (m the largest |x| with at least 5 expected draws) and one bin for each tail.
 */
function chiSquareP(samples: Int32Array | number[], pmf: (x: number) => number): { p: number; bins: number } {
  const n = samples.length;
  let m = 0;
  while (n * pmf(m + 1) >= 5) m++;
  const observed = new Map<number, number>();
  let below = 0;
  let above = 0;
  for (const x of samples) {
    if (x < -m) below++;
    else if (x > m) above++;
    else observed.set(x, (observed.get(x) ?? 0) + 1);
  }
  let central = 0;
  let chi2 = 0;
  for (let x = -m; x <= m; x++) {
    const expected = n * pmf(x);
    central += pmf(x);
    chi2 += ((observed.get(x) ?? 0) - expected) ** 2 / expected;
  }
  const tailExpected = (n * (1 - central)) / 2;
  let bins = 2 * m + 1;
  if (tailExpected >= 1) {
    chi2 += (below - tailExpected) ** 2 / tailExpected + (above - tailExpected) ** 2 / tailExpected;
    bins += 2;
  } else {
    // too little mass to test the tails bin by bin: they must stay near-empty
    assert.ok(below + above <= 5 + 10 * tailExpected * 2, `tails hold ${below + above} draws, expected ${2 * tailExpected}`);
  }
  return { p: gammaQ((bins - 1) / 2, chi2 / 2), bins };
}

function draws(n: number, draw: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

function mean(xs: ArrayLike<number>, f: (x: number) => number = (x) => x): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += f(xs[i]!);
  return s / xs.length;
}

describe('test helpers', () => {
  test('the chi-square p-value matches tabulated quantiles', () => {
    // χ²(0.999) quantiles: df 1 → 10.828, df 10 → 29.588; median of df 2 is 2·ln 2
    assert.ok(Math.abs(gammaQ(0.5, 10.828 / 2) - 0.001) < 2e-5);
    assert.ok(Math.abs(gammaQ(5, 29.588 / 2) - 0.001) < 2e-5);
    assert.ok(Math.abs(gammaQ(1, Math.log(2)) - 0.5) < 1e-12);
  });
});

describe('RandomSource', () => {
  test('cryptoRandom gives integers in range for small, 32-bit and 53-bit ranges', () => {
    const random = cryptoRandom();
    for (const n of [1, 2, 3, 1000, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53]) {
      for (let i = 0; i < 2000; i++) {
        const v = random.uniformInt(n);
        assert.ok(Number.isInteger(v) && v >= 0 && v < n, `${v} not in [0, ${n})`);
      }
    }
    assert.equal(random.uniformInt(1), 0);
  });

  test('large ranges reach their upper half (the high word is used)', () => {
    const random = cryptoRandom();
    let high = 0;
    for (let i = 0; i < 1000; i++) if (random.uniformInt(2 ** 53) >= 2 ** 52) high++;
    // Binomial(1000, 1/2): 500 ± 6·15.8
    assert.ok(Math.abs(high - 500) < 95, `${high} of 1000 in the upper half`);
  });

  test('uniformInt refuses ranges it cannot draw exactly', () => {
    const random = cryptoRandom();
    for (const n of [0, -1, 1.5, Number.NaN, 2 ** 53 + 2, Infinity]) assert.throws(() => random.uniformInt(n), /uniformInt/);
    assert.throws(() => random.uniformBigInt(0n), /uniformBigInt/);
  });

  test('uniformBigInt stays below a bound past 2^53 and reaches its top bits', () => {
    const random = cryptoRandom();
    const n = (1n << 70n) + 3n;
    let top = 0;
    for (let i = 0; i < 2000; i++) {
      const v = random.uniformBigInt(n);
      assert.ok(v >= 0n && v < n);
      if (v >= 1n << 69n) top++;
    }
    assert.ok(Math.abs(top - 1000) < 140, `${top} of 2000 in the upper half`);
  });

  test('uniformInt(7) is uniform (chi-square, seeded stream)', () => {
    const random = seededRandomForTests('uniform-7');
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[random.uniformInt(7)]!++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    assert.ok(gammaQ(3, chi2 / 2) > 0.001, `chi2 ${chi2}`);
  });

  test('bit() is fair on the CSPRNG (6 standard errors)', () => {
    const random = cryptoRandom();
    let ones = 0;
    for (let i = 0; i < DRAWS; i++) ones += random.bit();
    assert.ok(Math.abs(ones / DRAWS - 0.5) < 6 * Math.sqrt(0.25 / DRAWS), `${ones} ones`);
  });

  test('the seeded test stream repeats for a seed and differs between seeds', () => {
    const sequence = (r: RandomSource) => Array.from({ length: 50 }, () => r.uniformInt(1_000_000));
    assert.deepEqual(sequence(seededRandomForTests('a')), sequence(seededRandomForTests('a')));
    assert.notDeepEqual(sequence(seededRandomForTests('a')), sequence(seededRandomForTests('b')));
  });
});

describe('epsilonAsRational', () => {
  test('takes a decimal as the caller wrote it', () => {
    assert.deepEqual(epsilonAsRational(1), { num: 1, den: 1 });
    assert.deepEqual(epsilonAsRational(0.1), { num: 1, den: 10 });
    assert.deepEqual(epsilonAsRational(0.25), { num: 1, den: 4 });
    assert.deepEqual(epsilonAsRational(0.37), { num: 37, den: 100 });
    assert.deepEqual(epsilonAsRational(2.5), { num: 5, den: 2 });
    assert.deepEqual(epsilonAsRational(1e-6), { num: 1, den: 1_000_000 });
  });

  test('rounds any other value down (never less noise than asked for)', () => {
    const third = epsilonAsRational(1 / 3);
    assert.ok(third.num * 3 <= third.den, 'at most 1/3');
    assert.ok(Math.abs(third.num / third.den - 1 / 3) < 1e-9);
    const pi = epsilonAsRational(Math.PI);
    assert.ok(pi.num / pi.den <= Math.PI && Math.PI - pi.num / pi.den < 1e-9);
  });

  test('refuses ε that is not a usable privacy parameter', () => {
    for (const bad of [0, -1, Number.NaN, Infinity, 1e-7, 1001]) {
      assert.throws(() => epsilonAsRational(bad), (e: Error & { code?: string }) => e.code === 'VALIDATION_FAILED');
    }
  });
});

describe('Bernoulli(exp(-γ)) (CKS20 Algorithm 1)', () => {
  test('fires with probability exp(-γ) for γ below, at and above 1', () => {
    const random = seededRandomForTests('bernoulli');
    const n = 50_000;
    for (const [num, den] of [[0, 1], [1, 2], [1, 1], [3, 2], [5, 1], [7, 3]] as const) {
      let hits = 0;
      for (let i = 0; i < n; i++) if (bernoulliExpNeg(num, den, random)) hits++;
      const p = Math.exp(-num / den);
      const se = Math.sqrt((p * (1 - p)) / n);
      assert.ok(Math.abs(hits / n - p) <= 6 * se + 1e-12, `γ = ${num}/${den}: ${hits / n} vs ${p}`);
    }
  });

  test('the BigInt version agrees for a γ whose terms pass 2^53', () => {
    const random = seededRandomForTests('bernoulli-big');
    const den = 3n ** 40n; // ≈ 1.2·10^19
    const num = (den * 7n) / 10n; // γ ≈ 0.7
    const n = 50_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (bernoulliExpNegBig(num, den, random)) hits++;
    const p = Math.exp(-0.7);
    assert.ok(Math.abs(hits / n - p) <= 6 * Math.sqrt((p * (1 - p)) / n), `${hits / n} vs ${p}`);
  });
});

describe('discrete Laplace', () => {
  test('ε = 1 over 10^5 CSPRNG draws: mean absolute error 0.851 ± 0.02 and P(|X| ≤ 3) ≥ 0.97', () => {
    const epsilon = 1;
    const samples = draws(DRAWS, () => discreteLaplaceNoise(epsilon));
    const mae = mean(samples, Math.abs);
    const expected = discreteLaplaceExpectedAbsError(epsilon); // 0.8509
    // Var|X| = E[X²] - (E|X|)² = 1.117 → standard error 0.00334; 0.02 is 5.98 of them
    // (a correct sampler falls outside with probability about 2·10⁻⁹)
    const se = Math.sqrt((discreteLaplaceVariance(epsilon) - expected ** 2) / DRAWS);
    assert.ok(Math.abs(expected - 0.851) < 0.001);
    assert.ok(0.02 >= 5.9 * se, `the tolerance is about 6 standard errors (se ${se})`);
    assert.ok(Math.abs(mae - 0.851) <= 0.02, `mean absolute error ${mae}`);
    assert.ok(Math.abs(mae - expected) <= 6 * se, `mean absolute error ${mae} vs ${expected}`);
    // P(|X| ≤ 3) is 0.9732; its standard error over 10^5 draws is 0.0005, so 0.97 is 6 below
    const within3 = mean(samples, (x) => (Math.abs(x) <= 3 ? 1 : 0));
    assert.ok(within3 >= 0.97, `P(|X| ≤ 3) = ${within3}`);
    assert.ok(Math.abs(mean(samples)) <= 6 * Math.sqrt(discreteLaplaceVariance(epsilon) / DRAWS), 'centred on 0');
  });

  test('ε = 0.1 over 10^5 CSPRNG draws: mean absolute error 9.98 ± 0.3', () => {
    const epsilon = 0.1;
    const samples = draws(DRAWS, () => discreteLaplaceNoise(epsilon));
    const mae = mean(samples, Math.abs);
    const expected = discreteLaplaceExpectedAbsError(epsilon); // 9.9834
    // Var|X| = 199.8 - 99.7 = 100.2 → standard error 0.032; 0.3 is 9.5 of them
    const se = Math.sqrt((discreteLaplaceVariance(epsilon) - expected ** 2) / DRAWS);
    assert.ok(0.3 >= 6 * se);
    assert.ok(Math.abs(mae - 9.98) <= 0.3, `mean absolute error ${mae}`);
    assert.ok(Math.abs(mae - expected) <= 6 * se, `mean absolute error ${mae} vs ${expected}`);
  });

  test('ε = 1 on the CSPRNG passes a chi-square test against the analytic pmf (p > 0.001)', () => {
    const samples = draws(DRAWS, () => discreteLaplaceNoise(1));
    const { p, bins } = chiSquareP(samples, (x) => discreteLaplacePmf(x, 1));
    assert.ok(bins >= 15, `${bins} bins`);
    assert.ok(p > 0.001, `p = ${p}`);
  });

  test('other ε (fractional, binary-rounded, large) fit the analytic pmf (chi-square, seeded)', () => {
    for (const epsilon of [0.37, 0.1, 2.5, 5]) {
      const random = seededRandomForTests(`laplace-${epsilon}`);
      const samples = draws(DRAWS, () => discreteLaplaceNoise(epsilon, random));
      const { p } = chiSquareP(samples, (x) => discreteLaplacePmf(x, epsilon));
      assert.ok(p > 0.001, `ε = ${epsilon}: p = ${p}`);
    }
    // 1/3 is not a short decimal: the sampler uses the rational just below it
    const third = epsilonAsRational(1 / 3);
    const exact = third.num / third.den;
    const random = seededRandomForTests('laplace-third');
    const samples = draws(DRAWS, () => discreteLaplaceNoise(third, random));
    assert.ok(chiSquareP(samples, (x) => discreteLaplacePmf(x, exact)).p > 0.001);
  });

  test('the chi-square test catches a sampler whose ε is 10% off', () => {
    const random = seededRandomForTests('laplace-wrong');
    const samples = draws(DRAWS, () => discreteLaplaceNoise(0.9, random));
    const { p } = chiSquareP(samples, (x) => discreteLaplacePmf(x, 1));
    assert.ok(p < 1e-6, `p = ${p}`);
  });

  test('sensitivity Δ scales the noise to ε/Δ', () => {
    const random = seededRandomForTests('laplace-sensitivity');
    const samples = draws(DRAWS, () => discreteLaplaceNoise(1, random, 2));
    const { p } = chiSquareP(samples, (x) => discreteLaplacePmf(x, 0.5));
    assert.ok(p > 0.001, `p = ${p}`);
    assert.throws(() => discreteLaplaceNoise(1, random, 0), /sensitivity/);
    assert.throws(() => discreteLaplaceNoise(1, random, 1.5), /sensitivity/);
  });

  test('the analytic helpers agree with each other', () => {
    let total = 0;
    let abs = 0;
    for (let x = -200; x <= 200; x++) {
      total += discreteLaplacePmf(x, 0.5);
      abs += Math.abs(x) * discreteLaplacePmf(x, 0.5);
    }
    assert.ok(Math.abs(total - 1) < 1e-12);
    assert.ok(Math.abs(abs - discreteLaplaceExpectedAbsError(0.5)) < 1e-9);
  });
});

describe('discrete Gaussian', () => {
  test('fits the analytic pmf for small and large σ (chi-square, seeded)', () => {
    for (const sigma of [0.8, 2.5, 10]) {
      const random = seededRandomForTests(`gaussian-${sigma}`);
      const samples = draws(DRAWS, () => discreteGaussianNoise(sigma, random));
      const { p } = chiSquareP(samples, (x) => discreteGaussianPmf(x, sigma));
      assert.ok(p > 0.001, `σ = ${sigma}: p = ${p}`);
    }
  });

  test('fits the analytic pmf on the CSPRNG (chi-square, p > 0.001)', () => {
    const sigma = gaussianSigmaFor(1, 1e-6);
    const sigmaSquared = sigmaSquaredAsRational(sigma);
    const random = cryptoRandom();
    const samples = draws(DRAWS, () => sampleDiscreteGaussian(sigmaSquared, random));
    const { p } = chiSquareP(samples, (x) => discreteGaussianPmf(x, sigma));
    assert.ok(p > 0.001, `p = ${p}`);
  });

  test('the chi-square test catches a σ that is 5% off', () => {
    const random = seededRandomForTests('gaussian-wrong');
    const samples = draws(DRAWS, () => discreteGaussianNoise(3.15, random));
    assert.ok(chiSquareP(samples, (x) => discreteGaussianPmf(x, 3)).p < 1e-6);
  });

  test('σ² is held as a rational no smaller than σ²', () => {
    for (const sigma of [0.5, 1, Math.PI, 5.349, 100, 9999]) {
      const { num, den } = sigmaSquaredAsRational(sigma);
      assert.ok(num / den >= sigma * sigma, `σ = ${sigma}`);
      assert.ok(num / den - sigma * sigma <= 2 / 2 ** 20 + sigma * sigma * 1e-11);
    }
    for (const bad of [0, -1, Number.NaN, 1e5]) assert.throws(() => sigmaSquaredAsRational(bad), /σ/);
  });
});

describe('gaussianSigmaFor', () => {
  /**
   * The exact (ε, δ) curve of the discrete Gaussian (CKS20 Theorem 7, sensitivity 1):
   * δ = P[Y > εσ² - ½] - e^ε·P[Y > εσ² + ½], Y ~ N_Z(0, σ²). Float sums, fine for a check.
   */
  function tightDelta(sigma: number, epsilon: number): number {
    const w = (y: number) => Math.exp(-(y * y) / (2 * sigma * sigma));
    let z = 1;
    for (let y = 1; y < 60 * sigma + 100; y++) z += 2 * w(y);
    const tail = (a: number) => {
      let s = 0;
      for (let y = Math.floor(a) + 1; y < a + 60 * sigma + 100; y++) s += w(y);
      return s / z;
    };
    const a = epsilon * sigma * sigma;
    return tail(a - 0.5) - Math.exp(epsilon) * tail(a + 0.5);
  }

  test('solves ρ + 2√(ρ ln(1/δ)) = ε with ρ = 1/(2σ²) (the zCDP conversion it states)', () => {
    for (const [epsilon, delta] of [[1, 1e-6], [0.5, 1e-5], [2, 1e-9], [0.1, 1e-6]] as const) {
      const sigma = gaussianSigmaFor(epsilon, delta);
      const rho = 1 / (2 * sigma * sigma);
      assert.ok(Math.abs(rho + 2 * Math.sqrt(rho * Math.log(1 / delta)) - epsilon) < 1e-12 * Math.max(1, epsilon));
    }
    assert.ok(Math.abs(gaussianSigmaFor(1, 1e-6) - 5.34998) < 1e-4);
  });

  test('is safe against the exact privacy curve of the discrete Gaussian', () => {
    for (const [epsilon, delta] of [[1, 1e-6], [0.5, 1e-5], [2, 1e-9], [0.1, 1e-6]] as const) {
      const sigma = gaussianSigmaFor(epsilon, delta);
      assert.ok(tightDelta(sigma, epsilon) <= delta, `ε = ${epsilon}, δ = ${delta}`);
      // and not absurdly conservative: half the σ would not meet δ
      assert.ok(tightDelta(sigma / 2, epsilon) > delta);
    }
  });

  test('more privacy needs more noise; sensitivity scales σ', () => {
    assert.ok(gaussianSigmaFor(0.5, 1e-6) > gaussianSigmaFor(1, 1e-6));
    assert.ok(gaussianSigmaFor(1, 1e-9) > gaussianSigmaFor(1, 1e-6));
    assert.ok(Math.abs(gaussianSigmaFor(1, 1e-6, 3) - 3 * gaussianSigmaFor(1, 1e-6)) < 1e-9);
  });

  test('refuses δ outside (0, 1) and unusable ε', () => {
    for (const [epsilon, delta] of [[1, 0], [1, 1], [1, -1e-6], [0, 1e-6], [Number.NaN, 1e-6], [1, Number.NaN]] as const) {
      assert.throws(() => gaussianSigmaFor(epsilon, delta), (e: Error & { code?: string }) => e.code === 'VALIDATION_FAILED');
    }
  });
});
