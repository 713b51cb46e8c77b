import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAriadneError } from '@ariadne/schema';
import {
  createBoundaryIndex, loadBoundaries, parseBoundaries, type BoundaryOptions,
} from '../src/places/boundaries.ts';

const TESTLAND = readFileSync(new URL('./fixtures/testland-boundaries.geojson', import.meta.url), 'utf8');
// One list reads every level of a COD-AB style file: a district carries ADM2_PCODE, a province only ADM1_PCODE.
const LEVELS: BoundaryOptions = { pcodeProperty: ['ADM2_PCODE', 'ADM1_PCODE', 'ADM0_PCODE'], nameProperty: ['ADM2_EN', 'ADM1_EN', 'ADM0_EN'] };

type Ring = number[][];
const square = (w: number, s: number, e: number, n: number): Ring => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const feature = (pcode: unknown, coordinates: unknown, type = 'Polygon', key = 'ADM1_PCODE') => ({ type: 'Feature', properties: { [key]: pcode }, geometry: { type, coordinates } });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('loading a boundary file', () => {
  test('the Testland file loads every level with its names', () => {
    const { items, problems, index } = loadBoundaries(TESTLAND, LEVELS);
    assert.deepEqual(problems, []);
    assert.deepEqual(items.map((a) => [a.pcode, a.name]), [
      ['XX', 'Testland'], ['XX01', 'Province 1'], ['XX02', 'Province 2'], ['XX0101', 'District 1'], ['XX0102', 'District 2'],
    ]);
    assert.equal(index.size, 5);
    // Planar areas: the lake (1 square degree) is cut out, the island (1) added.
    assert.deepEqual(items.map((a) => a.area), [100, 49, 51, 24, 25]);
    assert.deepEqual(items[2]!.bbox, [5, 0, 12, 10]);
  });

  test('accepts bytes, with or without a byte-order mark', () => {
    const bytes = new TextEncoder().encode('\uFEFF' + TESTLAND);
    assert.equal(parseBoundaries(bytes, LEVELS).items.length, 5);
  });
});

describe('resolving points (Testland)', () => {
  const { index } = loadBoundaries(TESTLAND, LEVELS);
  const at = (lon: number, lat: number) => index.resolve({ lon, lat });

  test('a point goes to the smallest area containing it', () => {
    assert.equal(at(2.5, 3), 'XX0101');
    assert.equal(at(2.5, 7.5), 'XX0102');
    assert.equal(at(7.5, 7.5), 'XX02', 'province 2 has no districts in the file');
    assert.equal(at(11.5, 0.5), 'XX02', 'the island is part of the MultiPolygon of province 2');
  });

  test('nested levels: areasAt lists district, province, country', () => {
    assert.deepEqual(index.areasAt({ lon: 2.5, lat: 3 }).map((a) => a.pcode), ['XX0101', 'XX01', 'XX']);
    assert.deepEqual(index.areasAt({ lon: 11.5, lat: 0.5 }).map((a) => a.pcode), ['XX02', 'XX']);
  });

  test('outside every area, or in a hole, resolves to nothing', () => {
    assert.equal(at(20, 20), undefined);
    assert.equal(at(-0.5, 5), undefined);
    assert.equal(at(10.5, 0.5), undefined, 'the strait between the mainland and the island');
    assert.equal(at(1.5, 1.5), undefined, 'the lake is a hole at every level');
    assert.deepEqual(index.areasAt({ lon: 1.5, lat: 1.5 }), []);
  });

  test('boundaries are closed: a point on the outer edge or on the rim of a hole is inside', () => {
    assert.equal(at(0, 3), 'XX0101');
    assert.equal(at(1, 1.5), 'XX0101', 'on the lake shore');
    assert.equal(at(2, 2), 'XX0101', 'on a corner of the lake');
  });

  test('on an edge shared by two areas: the smaller area wins', () => {
    assert.equal(at(2.5, 5), 'XX0101', 'district 1 (24) is smaller than district 2 (25)');
    assert.equal(at(5, 7.5), 'XX0102', 'district 2 (25) lies on the province line too, and is smaller than province 2 (51)');
    assert.equal(at(5, 5), 'XX0101', 'a corner shared by four areas');
  });

  test('invalid points resolve to nothing rather than throwing', () => {
    assert.equal(at(Number.NaN, 3), undefined);
    assert.equal(at(2.5, Number.POSITIVE_INFINITY), undefined);
    assert.equal(index.resolve(null as never), undefined);
  });
});

describe('tie-breaking and order', () => {
  test('on an edge between two areas of equal size, the P-code that sorts first wins, whatever the file order', () => {
    const east = feature('XX0302', [square(1, 0, 2, 1)]);
    const west = feature('XX0301', [square(0, 0, 1, 1)]);
    for (const file of [collection(east, west), collection(west, east)]) {
      const { index } = loadBoundaries(file, { pcodeProperty: 'ADM1_PCODE' });
      assert.equal(index.resolve({ lon: 1, lat: 0.5 }), 'XX0301');
      assert.equal(index.resolve({ lon: 1.5, lat: 0.5 }), 'XX0302');
    }
  });

  test('the answers do not depend on the order of the features', () => {
    const { items } = parseBoundaries(TESTLAND, LEVELS);
    const forward = createBoundaryIndex(items);
    const backward = createBoundaryIndex([...items].reverse());
    for (let lon = -1; lon <= 13; lon += 0.25) {
      for (let lat = -1; lat <= 11; lat += 0.25) assert.equal(backward.resolve({ lon, lat }), forward.resolve({ lon, lat }), `${lon},${lat}`);
    }
  });
});

describe('detailed boundaries and many points', () => {
  // A 16-pointed star of 2,000 vertices with a star-shaped hole: many edges per slab, concave everywhere.
  function star(cx: number, cy: number, r: number, vertices: number, clockwise: boolean): Ring {
    const ring: Ring = [];
    for (let i = 0; i < vertices; i++) {
      const t = ((clockwise ? -i : i) / vertices) * 2 * Math.PI;
      const radius = r * (0.6 + 0.4 * Math.cos(16 * t));
      ring.push([cx + radius * Math.cos(t), cy + radius * Math.sin(t)]);
    }
    ring.push(ring[0]!);
    return ring;
  }
  // Reference: plain crossing number over every edge, no index.
  function referenceContains(rings: Ring[], x: number, y: number): boolean {
    let inside = false;
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i] as [number, number];
        const [x2, y2] = ring[i + 1] as [number, number];
        if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
      }
    }
    return inside;
  }

  test('the indexed test agrees with a brute-force test on 10,000 points', () => {
    const rings = [star(10, 10, 8, 2000, false), star(10, 10, 3, 400, true)];
    const { items, problems, index } = loadBoundaries(collection(feature('XX99', rings)), { pcodeProperty: 'ADM1_PCODE' });
    assert.deepEqual(problems, []);
    assert.equal(items.length, 1);
    let inside = 0;
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        // Offsets keep points off the vertices, where the reference test (no boundary rule) is undefined.
        const lon = 1.0001 + i * 0.1801, lat = 1.0003 + j * 0.1799;
        const expected = referenceContains(rings, lon, lat);
        assert.equal(index.resolve({ lon, lat }) === 'XX99', expected, `${lon},${lat}`);
        if (expected) inside++;
      }
    }
    assert.ok(inside > 1000 && inside < 9000, `a real mix of in and out (${inside})`);
  });

  test('a grid of 10,000 districts resolves 50,000 points to the right district', () => {
    const features = [];
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) features.push(feature(`XX${String(i).padStart(3, '0')}${String(j).padStart(3, '0')}`, [square(i * 0.1, j * 0.1, (i + 1) * 0.1, (j + 1) * 0.1)]));
    }
    const { items, index } = loadBoundaries(collection(...features), { pcodeProperty: 'ADM1_PCODE' });
    assert.equal(items.length, 10_000);
    let checked = 0;
    for (let k = 0; k < 50_000; k++) {
      // A deterministic scatter, kept off cell edges.
      const i = (k * 7919) % 100, j = (k * 104_729) % 100;
      const lon = i * 0.1 + 0.013 + (k % 7) * 0.01, lat = j * 0.1 + 0.017 + (k % 5) * 0.01;
      assert.equal(index.resolve({ lon, lat }), `XX${String(i).padStart(3, '0')}${String(j).padStart(3, '0')}`);
      checked++;
    }
    assert.equal(checked, 50_000);
  });
});

describe('bad input', () => {
  const errorCode = (fn: () => unknown): string | undefined => {
    try { fn(); } catch (error) { return isAriadneError(error) ? error.code : 'not an AriadneError'; }
    return undefined;
  };
  const opts: BoundaryOptions = { pcodeProperty: 'ADM1_PCODE' };

  test('a file that is not GeoJSON is refused whole with a clear error', () => {
    assert.equal(errorCode(() => parseBoundaries('{"type": "FeatureCollection", "features": [', opts)), 'MALFORMED_INPUT');
    assert.equal(errorCode(() => parseBoundaries('{"type": "Feature", "geometry": null}', opts)), 'MALFORMED_INPUT');
    assert.equal(errorCode(() => parseBoundaries('[1, 2, 3]', opts)), 'MALFORMED_INPUT');
    assert.equal(errorCode(() => parseBoundaries('', opts)), 'MALFORMED_INPUT');
    assert.equal(errorCode(() => parseBoundaries(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), opts)), 'MALFORMED_INPUT', 'not UTF-8');
    assert.equal(errorCode(() => parseBoundaries(TESTLAND, { pcodeProperty: [] })), 'VALIDATION_FAILED');
  });

  test('a file over the size limit is refused before it is parsed', () => {
    const hundredMegabytes = new Uint8Array(100 * 1024 * 1024);
    assert.equal(errorCode(() => parseBoundaries(hundredMegabytes, opts)), 'PAYLOAD_TOO_LARGE');
    assert.equal(errorCode(() => parseBoundaries(TESTLAND, { ...LEVELS, maxBytes: 100 })), 'PAYLOAD_TOO_LARGE');
    // Measured in UTF-8 bytes, not characters: 40 Arabic letters are 80 bytes.
    const arabic = collection(feature('XX01', [square(0, 0, 1, 1)])).replace('XX01', 'ع'.repeat(40));
    const bytes = new TextEncoder().encode(arabic).byteLength;
    assert.equal(errorCode(() => parseBoundaries(arabic, { pcodeProperty: 'ADM1_PCODE', maxBytes: bytes - 1 })), 'PAYLOAD_TOO_LARGE');
    assert.equal(parseBoundaries(arabic, { pcodeProperty: 'ADM1_PCODE', maxBytes: bytes }).items.length, 1);
    assert.match((() => { try { parseBoundaries(TESTLAND, { ...LEVELS, maxBytes: 100 }); } catch (e) { return (e as Error).message; } return ''; })(), /larger than 100 bytes/);
  });

  test('each bad feature is reported with its number and reason; the good ones still load', () => {
    const bowTie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];
    const spike = [[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]];
    const hostile = JSON.parse('{"type":"Feature","properties":{"__proto__":{"ADM1_PCODE":"XX66"}},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}');
    // 100,000 levels of nesting where a position belongs: written as text, as an attacker would.
    const deep = '['.repeat(100_000) + '0, 0' + ']'.repeat(100_000);
    const file = collection(
      feature('XX01', [square(0, 0, 1, 1)]), //                         1 good
      { type: 'Feature', properties: { ADM2_PCODE: 'XX0101' }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] } }, // 2 no ADM1_PCODE
      feature(101, [square(0, 0, 1, 1)]), //                             3 numeric P-code
      feature('XX03', [bowTie]), //                                      4 self-intersecting
      feature('XX04', [[[0, 0], [1, 0], [0, 0]]]), //                    5 empty ring
      feature('XX05', [[[0, 0], [1, 0], [1, 1], [0, 1]]]), //            6 not closed
      feature('XX06', [square(0, 0, 1, 95)]), //                         7 latitude out of range
      feature('XX07', [[0, 0], [1, 1]], 'LineString'), //                8 not a polygon
      'a string', //                                                    9 not a feature
      feature('XX09', [square(0, 0, 1, 1), square(0, 0, 1, 1)]), //    10 hole covers everything
      feature('XX10', [[[0, 0], [1, 0], [2, 0], [0, 0]]]), //          11 a line drawn as a ring
      feature('XX11', [spike]), //                                      12 spike folding back
      feature('XX12', [square(0, 0, 1, 'north' as never)]), //         13 coordinate not a number
      feature('XX13', [['DEEP', [1, 0], [1, 1], [0, 0]]]), //           14 absurd nesting
      { type: 'Feature', properties: { ADM1_PCODE: 'XX14' }, geometry: null }, // 15 no geometry
      feature('XX15', []), //                                           16 polygon without rings
      feature('  ', [square(0, 0, 1, 1)]), //                           17 blank P-code
      hostile, //                                                       18 P-code only under __proto__
      feature('XX02', { type: 'MultiPolygon', coordinates: [[square(2, 0, 3, 1)], [square(4, 0, 5, 1)]] }.coordinates, 'MultiPolygon'), // 19 good
    );
    const { items, problems } = parseBoundaries(file.replace('"DEEP"', deep), opts);
    assert.deepEqual(items.map((a) => a.pcode), ['XX01', 'XX02']);
    assert.deepEqual(problems.map((p) => p.record), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const message = (record: number) => problems.find((p) => p.record === record)!.message;
    assert.match(message(2), /^Feature 2: has no P-code \(property ADM1_PCODE\)/);
    assert.match(message(3), /not text/);
    assert.match(message(4), /XX03.*intersects itself/);
    assert.match(message(5), /empty/);
    assert.match(message(6), /not closed/);
    assert.match(message(7), /position 3 is out of range/);
    assert.match(message(8), /LineString, not Polygon or MultiPolygon/);
    assert.match(message(9), /not a GeoJSON Feature/);
    assert.match(message(10), /holes cover it/);
    assert.match(message(11), /intersects itself/, 'a ring along a line folds back on itself');
    assert.match(message(12), /intersects itself/);
    assert.match(message(13), /not a pair of numbers/);
    assert.match(message(14), /position 1 is not \[longitude, latitude\]/);
    assert.match(message(15), /no geometry/);
    assert.match(message(16), /no rings/);
    assert.match(message(17), /empty/);
    assert.match(message(18), /has no P-code/);
  });

  test('a ring touching itself at a vertex is self-intersecting', () => {
    // A figure eight through (1, 1): two loops that share one vertex.
    const eight = [[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]];
    const { problems } = parseBoundaries(collection(feature('XX01', [eight])), opts);
    assert.match(problems[0]!.message, /intersects itself/);
  });

  test('many bad features give one problem each, without stopping', () => {
    const features = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? feature(`XX${i}`, [square(0, 0, 1, 200)]) : feature(`XX${i}`, [square(i % 100, 0, (i % 100) + 1, 1)])));
    const { items, problems } = parseBoundaries(collection(...features), opts);
    assert.equal(items.length, 10_000);
    assert.equal(problems.length, 10_000);
    assert.equal(problems[0]!.record, 1);
    assert.equal(problems.at(-1)!.record, 19_999);
  });
});
