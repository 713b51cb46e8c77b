import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridDisk, gridDistance, gridRingUnsafe, latLngToCell } from 'h3-js';
import { isAriadneError } from '@ariadne/schema';
import { categoryLabel, classifyEmergingPattern, EHSA_CATEGORIES, emergingHotSpots, type EhsaCategory } from '../src/spatial/emerging-hotspots.ts';
import type { H3Cube } from '../src/spatial/h3-aggregate.ts';

/** "0++-" → [0, 1, 1, -1]: one character per time step, oldest first. */
const states = (s: string) => [...s].map((ch) => (ch === '+' ? 1 : ch === '-' ? -1 : 0));
const rising = { z: 3.1, p: 0.002 };
const falling = { z: -3.1, p: 0.002 };
const flat = { z: 0.4, p: 0.69 };

describe('classifyEmergingPattern: each ArcGIS category from a constructed series', () => {
  const cases: [EhsaCategory, string, { z: number; p: number }][] = [
    ['no-pattern', '0000000000', flat],
    ['no-pattern', '00+0000000', flat], // hot once, but not in the final step: not sporadic (ArcGIS Pro requires a final hot step)
    ['new-hot', '000000000+', flat],
    ['consecutive-hot', '0000000+++', rising],
    ['intensifying-hot', '0+++++++++', rising], // 9 of 10 = 90%, final hot, rising trend
    ['persistent-hot', '++++++++++', flat],
    ['diminishing-hot', '++++++++++', falling],
    ['sporadic-hot', '0+0+00+00+', flat],
    ['oscillating-hot', '-00000+00+', flat],
    ['historical-hot', '+++++++++0', falling],
    ['new-cold', '000000000-', flat],
    ['consecutive-cold', '00000000--', falling],
    ['intensifying-cold', '----------', falling], // a cold spot intensifies as its z-scores fall
    ['persistent-cold', '-0--------', flat],
    ['diminishing-cold', '----------', rising],
    ['sporadic-cold', '-00-0-000-', flat],
    ['oscillating-cold', '++0000000-', flat],
    ['historical-cold', '---------0', flat],
  ];
  for (const [expected, series, trend] of cases) {
    test(`${series} with trend z = ${trend.z} → ${expected}`, () => {
      assert.equal(classifyEmergingPattern(states(series), trend), expected);
    });
  }

  test('every category is reachable from these cases', () => {
    assert.deepEqual(new Set(cases.map(([c]) => c)), new Set(EHSA_CATEGORIES));
  });

  test('tie-breaks stated in the module: a swing from cold is oscillating, never new or consecutive', () => {
    assert.equal(classifyEmergingPattern(states('-00000000+'), flat), 'oscillating-hot');
    assert.equal(classifyEmergingPattern(states('-000000+++'), flat), 'oscillating-hot');
    assert.equal(classifyEmergingPattern(states('0+0000000+'), flat), 'sporadic-hot'); // hot before the final run: not new
    assert.equal(classifyEmergingPattern(states('0++00000++'), flat), 'sporadic-hot'); // two runs: not consecutive
  });

  test('the 90% line with 24 monthly steps: 22 hot steps are enough, 21 are not', () => {
    assert.equal(classifyEmergingPattern(states('00' + '+'.repeat(22)), flat), 'persistent-hot');
    assert.equal(classifyEmergingPattern(states('000' + '+'.repeat(21)), flat), 'consecutive-hot');
  });

  test('a trend is significant only at p ≤ trendAlpha', () => {
    const weak = { z: 2.2, p: 0.028 };
    assert.equal(classifyEmergingPattern(states('++++++++++'), weak), 'intensifying-hot');
    assert.equal(classifyEmergingPattern(states('++++++++++'), weak, 0.01), 'persistent-hot');
  });

  test('labels name the categories as ArcGIS does', () => {
    assert.equal(categoryLabel('intensifying-hot'), 'Intensifying hot spot');
    assert.equal(categoryLabel('no-pattern'), 'No pattern detected');
  });
});

// A synthetic "Testland" cube: a background disk of 127 res-6 cells with 1 or 2 incidents a month,
// and two planted clusters of 7 cells three rings from the middle, on opposite sides.
const STEPS = 12;
const middle = latLngToCell(12, 22, 6);
const ring3 = gridRingUnsafe(middle, 3);
const A = ring3[0]!; // intensifying: high from the start and rising every month
const B = ring3[9]!; // consecutive: background until the last three months
const clusterA = new Set(gridDisk(A, 1));
const clusterB = new Set(gridDisk(B, 1));

function syntheticCube(): H3Cube {
  const cells = gridDisk(middle, 6).sort();
  const counts = new Uint32Array(cells.length * STEPS);
  cells.forEach((cell, c) => {
    for (let t = 0; t < STEPS; t++) {
      let n = 1 + ((c * 7 + t * 3) % 2); // deterministic background, 1 or 2
      if (clusterA.has(cell)) n = 10 + 3 * t;
      if (clusterB.has(cell) && t >= STEPS - 3) n = 30;
      counts[c * STEPS + t] = n;
    }
  });
  return { resolution: 6, step: 'month', cells, steps: Array.from({ length: STEPS }, (_, t) => `2024-${String(t + 1).padStart(2, '0')}`), counts };
}

describe('emergingHotSpots on a planted cube', () => {
  const cube = syntheticCube();
  const result = emergingHotSpots(cube);
  const at = (cell: string) => result.locations.find((l) => l.cell === cell)!;

  test('finds the intensifying and the consecutive cluster', () => {
    assert.equal(gridDistance(A, B), 6);
    assert.equal(at(A).category, 'intensifying-hot');
    assert.equal(at(B).category, 'consecutive-hot');
    assert.equal(at(B).hotSteps, 3);
    assert.ok(at(A).trend.z > 0 && at(A).trend.p <= 0.05);
  });

  test('the background is mostly quiet, and no background cell is called a hot spot', () => {
    const background = result.locations.filter((l) => gridDistance(l.cell, A) > 2 && gridDistance(l.cell, B) > 2);
    assert.equal(background.length, 127 - 2 * 19); // the disk minus both clusters' 2-ring disks
    assert.ok(background.every((l) => !l.category.endsWith('-hot')), 'a background cell was called hot');
  });

  test('every finding states its category, tests, z and p', () => {
    assert.match(at(A).reason, /^Intensifying hot spot: a significant hot spot in \d+ and a significant cold spot in 0 of 12 steps \(Getis-Ord Gi\*, 1-ring neighbours, 1 earlier step\(s\), Benjamini-Hochberg FDR-adjusted p ≤ 0\.05 over all \d+ bins\); final step 2024-12 Gi\* z = [\d.]+, p = [\d.e-]+, adjusted p = [\d.e-]+, a significant hot spot; Mann-Kendall trend of the Gi\* z-scores from 2024-02 \(the first full time window\) Z = [\d.]+, p = [\d.e-]+, rising at 0\.05\.$/);
    assert.equal(result.summary['intensifying-hot'] + result.summary['consecutive-hot'] > 0, true);
    assert.equal(Object.values(result.summary).reduce((a, b) => a + b, 0), cube.cells.length);
  });

  test('a bin z-score equals Gi* computed from its definition (space and one earlier step)', () => {
    // Reference by brute force over the whole study area: cells with data plus the ring around them.
    const study = new Set<string>();
    for (const cell of cube.cells) for (const n of gridDisk(cell, 1)) study.add(n);
    const value = (cell: string, t: number) => {
      const c = cube.cells.indexOf(cell);
      return c < 0 ? 0 : cube.counts[c * STEPS + t]!;
    };
    let sum = 0;
    let squares = 0;
    for (const cell of study) for (let t = 0; t < STEPS; t++) { sum += value(cell, t); squares += value(cell, t) ** 2; }
    const n = study.size * STEPS;
    const mean = sum / n;
    const s = Math.sqrt(squares / n - mean * mean);
    const t = 5;
    let local = 0;
    let w = 0;
    for (const nb of gridDisk(A, 1)) for (const tt of [t - 1, t]) { local += value(nb, tt); w++; }
    const expected = (local - mean * w) / (s * Math.sqrt((n * w - w * w) / (n - 1)));
    const c = cube.cells.indexOf(A);
    assert.ok(Math.abs(result.bins.z[c * STEPS + t]! - expected) < 1e-9);
    assert.equal(result.studyAreaCells, study.size);
  });

  test('timeWindow 0 and no FDR are options; the planted clusters are still found', () => {
    const plain = emergingHotSpots(cube, { timeWindow: 0, fdr: false });
    assert.equal(plain.timeWindow, 0);
    assert.equal(plain.locations.find((l) => l.cell === A)!.category, 'intensifying-hot');
    assert.equal(plain.locations.find((l) => l.cell === B)!.category, 'consecutive-hot');
    assert.doesNotMatch(plain.locations[0]!.reason, /adjusted/);
  });
});

describe('emergingHotSpots refuses what it cannot analyse', () => {
  const refuses = (pattern: RegExp) => (e: unknown) => isAriadneError(e) && e.code === 'VALIDATION_FAILED' && pattern.test(e.message);
  const cube = syntheticCube();

  test('too few steps, a mismatched cube, a constant cube, bad options', () => {
    assert.throws(() => emergingHotSpots({ ...cube, steps: ['2024-01', '2024-02'], counts: cube.counts.slice(0, cube.cells.length * 2) }), refuses(/at least 3 time steps/));
    assert.throws(() => emergingHotSpots({ ...cube, counts: cube.counts.slice(1) }), refuses(/do not match/));
    assert.throws(() => emergingHotSpots({ ...cube, counts: new Uint32Array(cube.counts.length).fill(3) }, { studyArea: 'data-only' }), refuses(/same count/));
    assert.throws(() => emergingHotSpots(cube, { timeWindow: STEPS }), refuses(/timeWindow/));
    assert.throws(() => emergingHotSpots(cube, { timeWindow: -1 }), refuses(/timeWindow/));
    assert.throws(() => emergingHotSpots(cube, { alpha: 0 }), refuses(/alpha/));
    assert.throws(() => emergingHotSpots(cube, { trendAlpha: 1 }), refuses(/trendAlpha/));
    assert.throws(() => emergingHotSpots(cube, { k: 0 }), refuses(/k must be/));
  });
});

describe('a steady hot spot is persistent, not intensifying', () => {
  test('the first, partial time window does not read as a rise', () => {
    // a 1-ring cluster at 20 a step in a field of 1s, the same every step: the Gi* z of the
    // first step (one step in its window) is lower than the others', which a trend test over
    // every step would read as "intensifying"
    const centre = latLngToCell(10, 10, 6);
    const cluster = new Set(gridDisk(centre, 1));
    const cells = gridDisk(centre, 6).sort();
    const T = 12;
    const counts = new Uint32Array(cells.length * T);
    cells.forEach((cell, c) => { for (let t = 0; t < T; t++) counts[c * T + t] = cluster.has(cell) ? 20 : 1; });
    const steps = Array.from({ length: T }, (_, t) => `2024-${String(t + 1).padStart(2, '0')}`);
    const cube = { resolution: 6, step: 'month', cells, steps, counts } as unknown as H3Cube;
    const result = emergingHotSpots(cube, { timeWindow: 1 });
    const at = result.locations.find((l) => l.cell === centre)!;
    assert.equal(at.category, 'persistent-hot', at.reason);
    assert.match(at.reason, /from 2024-02 \(the first full time window\)/);
  });
});
