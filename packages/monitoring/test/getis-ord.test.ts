import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridDisk, gridDistance, latLngToCell } from 'h3-js';
import { isAriadneError } from '@ariadne/schema';
import { benjaminiHochberg, buildNeighbourIndex, fdrAdjuster, getisOrdHotSpots, giBin, giStar } from '../src/spatial/getis-ord.ts';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} is not ${expected}`);
const refuses = (pattern: RegExp) => (e: unknown) => isAriadneError(e) && e.code === 'VALIDATION_FAILED' && pattern.test(e.message);

// A hexagon in "Testland" (an arbitrary point, far from H3's pentagons) and its first ring.
const centre = latLngToCell(12, 22, 5);
const ring1 = gridDisk(centre, 1).filter((c) => c !== centre);
// The fixture: 10 incidents in the centre, 2 in each of its 6 neighbours.
const fixture = new Map<string, number>([[centre, 10], ...ring1.map((c) => [c, 2] as [string, number])]);

describe('Getis-Ord Gi* on a hand-computed fixture (centre 10, ring of six 2s, k = 1)', () => {
  // Study area (default): the 7 data cells plus the 12 empty cells of ring 2 → n = 19.
  // X̄ = (10 + 6·2)/19 = 22/19 = 1.157895
  // S = √(Σx²/n - X̄²) = √((100 + 6·4)/19 - 1.157895²) = √(6.526316 - 1.340720) = √5.185596 = 2.277190
  const result = getisOrdHotSpots(fixture);
  const finding = (cell: string) => result.findings.find((f) => f.cell === cell)!;

  test('the study area is the data plus the empty ring around it', () => {
    assert.equal(result.n, 19);
    close(result.mean, 22 / 19);
    close(result.sd, 2.2771902792404144);
    assert.equal(result.findings.filter((f) => f.hasData).length, 7);
    assert.ok(result.findings.filter((f) => !f.hasData).every((f) => f.count === 0 && gridDistance(centre, f.cell) === 2));
  });

  test('centre: a hot spot at 99% confidence', () => {
    // W = 7 (itself and 6 neighbours), Σx = 10 + 6·2 = 22.
    // numerator   = 22 - X̄·7 = 22 - 8.105263 = 13.894737
    // denominator = S·√((n·W - W²)/(n - 1)) = 2.277190·√((133 - 49)/18) = 2.277190·2.160247 = 4.919293
    // z = 13.894737 / 4.919293 = 2.824539; p = erfc(2.824539/√2) = 0.004735 ≤ 0.01 → bin +3.
    const f = finding(centre);
    assert.equal(f.neighbourhood, 7);
    close(f.z, 2.8245392505720246);
    close(f.p, 0.004734864859576436, 1.2e-7);
    assert.equal(f.bin, 3);
    assert.equal(f.confidence, 99);
    assert.match(f.reason, /^Getis-Ord Gi\* z = 2\.82, two-sided p = 0\.004735 .*7 cells.*hot spot at 99% confidence\.$/);
  });

  test('a ring-1 cell: not significant (p just above 0.10)', () => {
    // Neighbourhood: itself (2), the centre (10), two ring-1 cells (2 + 2), three ring-2 cells (0) → W = 7, Σx = 16.
    // numerator = 16 - 8.105263 = 7.894737; same denominator 4.919293 → z = 1.604852; p = 0.108526 > 0.10 → bin 0.
    for (const cell of ring1) {
      const f = finding(cell);
      assert.equal(f.neighbourhood, 7);
      close(f.z, 1.6048518469159232);
      close(f.p, 0.10852641278506604, 1.2e-7);
      assert.equal(f.bin, 0);
      assert.match(f.reason, /not significant at 90% confidence/);
    }
  });

  test('ring-2 cells: below the mean, not significant', () => {
    // A ring-2 cell on an axis touches 1 ring-1 cell: W = 1 + 2 (ring-2 neighbours) + 1 = 4, Σx = 2.
    //   numerator = 2 - 4·1.157895 = -2.631579; denominator = 2.277190·√((76 - 16)/18) = 4.157558; z = -0.632962.
    // A ring-2 cell between axes touches 2 ring-1 cells: W = 5, Σx = 4.
    //   numerator = 4 - 5.789474 = -1.789474; denominator = 2.277190·√((95 - 25)/18) = 4.490680; z = -0.398486.
    const outer = result.findings.filter((f) => !f.hasData);
    assert.equal(outer.filter((f) => f.neighbourhood === 4).length, 6);
    assert.equal(outer.filter((f) => f.neighbourhood === 5).length, 6);
    for (const f of outer) {
      close(f.z, f.neighbourhood === 4 ? -0.6329621044272916 : -0.39848614629772117);
      assert.equal(f.bin, 0);
    }
  });

  test("'data-only' study area: 7 cells, and the centre's neighbourhood is all of it (Gi* undefined, said so)", () => {
    // n = 7, X̄ = 22/7, S = √(124/7 - (22/7)²) = 2.799417.
    // Ring-1 cell: W = 4 (itself, centre, 2 ring-1 neighbours), Σx = 16.
    //   numerator = 16 - 4·22/7 = 3.428571; denominator = 2.799417·√((28 - 16)/6) = 3.958983; z = 0.866025 (= √3/2).
    // Centre: W = 7 = n → n·W - W² = 0, the denominator vanishes.
    const only = getisOrdHotSpots(fixture, { studyArea: 'data-only' });
    assert.equal(only.n, 7);
    const c = only.findings.find((f) => f.cell === centre)!;
    assert.equal(c.z, 0);
    assert.equal(c.p, 1);
    assert.equal(c.bin, 0);
    assert.match(c.reason, /undefined.*covers the whole study area/);
    close(only.findings.find((f) => f.cell === ring1[0])!.z, Math.sqrt(3) / 2);
  });

  test('FDR: the classification uses the Benjamini-Hochberg adjusted p-value', () => {
    // 19 tests; the centre's p = 0.004735 is the smallest, so q = 0.004735·19/1 = 0.0900 > 0.05 → only 90% confidence.
    const withFdr = getisOrdHotSpots(fixture, { fdr: true });
    const f = withFdr.findings.find((x) => x.cell === centre)!;
    close(f.q!, 0.004734864859576436 * 19, 1.2e-7);
    assert.equal(f.bin, 1);
    assert.match(f.reason, /Benjamini-Hochberg FDR-adjusted p = 0\.08996.*hot spot at 90% confidence/);
  });

  test('k = 2 widens the neighbourhood', () => {
    const wide = getisOrdHotSpots(fixture, { k: 2 });
    // Data cells plus every empty cell within 2 rings of any of them: disk of radius 3 around the centre = 37 cells.
    assert.equal(wide.n, 37);
    assert.equal(wide.findings.find((f) => f.cell === centre)!.neighbourhood, 19);
  });
});

describe('Gi* building blocks', () => {
  test('giStar is NaN, not Infinity, when undefined', () => {
    assert.ok(Number.isNaN(giStar(5, 3, 3, 1, 1))); // W = n
    assert.ok(Number.isNaN(giStar(5, 2, 10, 1, 0))); // S = 0
  });

  test('Benjamini-Hochberg q-values by hand', () => {
    // p = .01 .04 .03 .005 (m = 4). Sorted: .005 (rank 1) .01 (2) .03 (3) .04 (4).
    // p·m/rank: .005·4/1 = .02, .01·4/2 = .02, .03·4/3 = .04, .04·4/4 = .04; running minimum from the largest rank: same.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((expected, i) => close(q[i]!, expected));
    const withNaN = benjaminiHochberg([0.01, Number.NaN]);
    close(withNaN[0]!, 0.01); // NaN is not a test: m = 1
    assert.ok(Number.isNaN(withNaN[1]!));
  });

  test('Benjamini-Hochberg: tied p-values share one q; the threshold decides exactly as q ≤ alpha does', () => {
    // p = .02 .02 .5 (m = 3). p·m/rank: .02·3/1 = .06, .02·3/2 = .03, .5·3/3 = .5; running minimum from rank 3: .5, .03, .03.
    const q = benjaminiHochberg([0.02, 0.02, 0.5]);
    [0.03, 0.03, 0.5].forEach((expected, i) => close(q[i]!, expected));
    // p = .01 .04 .03 .005 at alpha .03: rank 4 .04 > 4·.03/4 = .03; rank 3 .03 > .0225; rank 2 .01 ≤ .015 → threshold .01.
    const p = [0.01, 0.04, 0.03, 0.005];
    const fdr = fdrAdjuster(p);
    assert.equal(fdr.tests, 4);
    assert.equal(fdr.threshold(0.03), 0.01);
    assert.deepEqual(p.map((v) => v <= fdr.threshold(0.03)), p.map((v) => fdr.adjust(v) <= 0.03));
    assert.equal(fdrAdjuster([0.5, 0.9]).threshold(0.05), -1); // nothing significant
  });

  test('giBin follows ArcGIS: ±3 at p ≤ .01, ±2 at ≤ .05, ±1 at ≤ .10', () => {
    assert.equal(giBin(3, 0.0027), 3);
    assert.equal(giBin(-2, 0.0455), -2);
    assert.equal(giBin(1.7, 0.0891), 1);
    assert.equal(giBin(1.6, 0.1096), 0);
  });

  test('the neighbour index lists each cell with itself and its ring', () => {
    const index = buildNeighbourIndex([centre], 1);
    assert.equal(index.cells.length, 7);
    assert.equal(index.dataCells, 1);
    const own = [...index.neighbours.subarray(index.offsets[0]!, index.offsets[1]!)].map((j) => index.cells[j]).sort();
    assert.deepEqual(own, gridDisk(centre, 1).sort());
  });
});

describe('Gi* refuses what it cannot test', () => {
  test('bad cells, counts and options', () => {
    assert.throws(() => getisOrdHotSpots([['not-a-cell', 1]]), refuses(/Entry 1 is not a valid H3 cell/));
    assert.throws(() => getisOrdHotSpots([[centre, 1], [centre, 2]]), refuses(/Entry 2 repeats/));
    assert.throws(() => getisOrdHotSpots([[centre, 1], [latLngToCell(12, 22, 6), 2]]), refuses(/resolution 6, the others at 5/));
    assert.throws(() => getisOrdHotSpots([[centre, -1]]), refuses(/Entry 1 has a count/));
    assert.throws(() => getisOrdHotSpots([[centre, Number.NaN]]), refuses(/Entry 1 has a count/));
    assert.throws(() => getisOrdHotSpots(fixture, { k: 0 }), refuses(/k must be an integer from 1 to 20/));
    assert.throws(() => getisOrdHotSpots(fixture, { k: 1.5 }), refuses(/k must be an integer/));
  });

  test('a study area without variation has no hot spots to find', () => {
    assert.throws(() => getisOrdHotSpots([[centre, 3]], { studyArea: 'data-only' }), refuses(/at least 2 cells/));
    assert.throws(() => getisOrdHotSpots(ring1.map((c) => [c, 4] as const), { studyArea: 'data-only' }), refuses(/all with the same count/));
    assert.throws(() => getisOrdHotSpots([]), refuses(/at least 2 cells/));
  });
});
