/**
 * The monitoring map's pure parts: H3 cells to GeoJSON (antimeridian, poles, bad ids), the colour
 * ramp and category palette, flow arcs and arrowheads, and the offline basemap built from
 * world-atlas. The MapLibre component itself is exercised by a browser test.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cellToBoundary, getRes0Cells, latLngToCell, cellToChildren } from 'h3-js';
import type { Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };
import {
  buildHexagons, categoryPalette, CATEGORY_PALETTE, hotspotKey, hotspotMessageKey, HOTSPOT_COLOURS, OTHER_CATEGORY_COLOUR, rampBreaks,
  rampClass, rampClasses, rampColours, rampExpression, SEQUENTIAL_RAMP, unwrapRing, type Position,
} from '../src/pages/monitoring/map/hexagon-layer.ts';
import { arcCoordinates, arrowhead, buildFlows, endpointPosition, flowWidth, MAX_FLOW_WIDTH, MIN_FLOW_WIDTH } from '../src/pages/monitoring/map/flow-layer.ts';
import {
  basemapStyle, boxOfCodes, choropleth, COUNTRY_RAMP, countryByNumeric, countryCentroids, countryFeatures, countryLabel, mapPalette, unionBoxes,
} from '../src/pages/monitoring/map/basemap.ts';

const lngSpan = (ring: readonly Position[]) => Math.max(...ring.map((p) => p[0])) - Math.min(...ring.map((p) => p[0]));

describe('hexagons', () => {
  test('a cell becomes one closed polygon with its value, label and category', () => {
    const cell = latLngToCell(10, 20, 5);
    const { collection, skipped, bounds } = buildHexagons([{ cell, value: 7, label: 'Testland north', category: 'new-hot' }]);
    assert.deepEqual(skipped, { invalidCell: 0, invalidValue: 0, duplicate: 0 });
    assert.equal(collection.features.length, 1);
    const f = collection.features[0]!;
    assert.deepEqual(f.properties, { cell, value: 7, label: 'Testland north', category: 'new-hot' });
    const ring = f.geometry.coordinates[0]!;
    assert.equal(ring.length, 7, 'six corners and the closing point');
    assert.deepEqual(ring[0], ring[6]);
    assert.ok(bounds && bounds[0] < 20 && bounds[2] > 20 && bounds[1] < 10 && bounds[3] > 10);
  });

  test('a cell across the antimeridian is unwrapped instead of spanning the map', () => {
    const cell = latLngToCell(0, 179.99, 3);
    const raw = cellToBoundary(cell, true) as Position[];
    assert.ok(lngSpan(raw) > 300, 'h3 gives a ring that jumps from +179 to -179');
    const ring = buildHexagons([{ cell, value: 1 }]).collection.features[0]!.geometry.coordinates[0]!;
    assert.ok(lngSpan(ring) < 5, `span ${lngSpan(ring)}`);
    assert.ok(ring.some((p) => p[0] > 180), 'runs past 180 onto the next world copy');
    assert.ok(ring[0]![0] >= -180 && ring[0]![0] <= 180, 'starts on the main world');
  });

  test('a ring starting west of the antimeridian is shifted back onto the main world', () => {
    const ring = unwrapRing([[-179.5, 0], [179.5, 0], [179.5, 1], [-179.5, 0]]);
    assert.deepEqual(ring, [[-179.5, 0], [-180.5, 0], [-180.5, 1], [-179.5, 0]]);
  });

  test('a cell around a pole is closed along the pole latitude, not drawn across the world', () => {
    const north = latLngToCell(89.9, 0, 0);
    const ring = buildHexagons([{ cell: north, value: 1 }]).collection.features[0]!.geometry.coordinates[0]!;
    assert.ok(ring.some((p) => p[1] > 85), 'reaches the top of the map');
    assert.deepEqual(ring[0], ring[ring.length - 1], 'closed');
    for (let i = 1; i < ring.length; i++) {
      const along = Math.abs(ring[i]![1]) > 85 && Math.abs(ring[i - 1]![1]) > 85;
      if (!along) assert.ok(Math.abs(ring[i]![0] - ring[i - 1]![0]) <= 180, `no jump at ${i}`);
    }
    assert.ok(lngSpan(ring) <= 360 + 1e-9, 'goes round once');
    const south = latLngToCell(-89.9, 0, 0);
    const sRing = buildHexagons([{ cell: south, value: 1 }]).collection.features[0]!.geometry.coordinates[0]!;
    assert.ok(sRing.some((p) => p[1] < -85), 'the south pole cell reaches the bottom');
  });

  test('no res-0 cell jumps more than 180° between vertices, except along the pole', () => {
    const { collection, skipped } = buildHexagons(getRes0Cells().map((cell) => ({ cell, value: 1 })));
    assert.equal(collection.features.length, 122);
    assert.equal(skipped.invalidCell, 0);
    for (const f of collection.features) {
      const ring = f.geometry.coordinates[0]!;
      for (let i = 1; i < ring.length; i++) {
        const alongPole = Math.abs(ring[i]![1]) > 85 && Math.abs(ring[i - 1]![1]) > 85; // the closing edge of a polar cell
        assert.ok(alongPole || Math.abs(ring[i]![0] - ring[i - 1]![0]) <= 180, f.properties.cell);
      }
    }
  });

  test('invalid ids, bad values and repeated cells are skipped and counted; the rest is drawn', () => {
    const good = latLngToCell(1, 1, 6);
    const hostile = [
      { cell: good, value: 3 },
      { cell: 'not-a-cell', value: 1 },
      { cell: '', value: 1 },
      { cell: 'ffffffffffffffff', value: 1 },
      { cell: '<script>alert(1)</script>', value: 1 },
      { cell: 'x'.repeat(100_000), value: 1 },
      { cell: 42, value: 1 } as unknown as { cell: string; value: number },
      null as unknown as { cell: string; value: number },
      { cell: latLngToCell(2, 2, 6), value: Number.NaN },
      { cell: latLngToCell(3, 3, 6), value: '5' } as unknown as { cell: string; value: number },
      { cell: good.toUpperCase(), value: 9 },
    ];
    const { collection, skipped } = buildHexagons(hostile);
    assert.deepEqual(skipped, { invalidCell: 7, invalidValue: 2, duplicate: 1 });
    assert.equal(collection.features.length, 1);
    assert.equal(collection.features[0]!.properties.value, 3, 'the first of a repeated cell is kept');
    assert.equal(collection.features[0]!.id, 0, 'ids are input positions (feature-state needs numbers)');
  });

  test('50,000 cells build into one collection with unique numeric ids', () => {
    const parent = latLngToCell(15, 30, 2);
    const cells = cellToChildren(parent, 8).slice(0, 50_000);
    assert.equal(cells.length, 50_000);
    const { collection, skipped } = buildHexagons(cells.map((cell, i) => ({ cell, value: i % 97 })));
    assert.equal(collection.features.length, 50_000);
    assert.equal(skipped.duplicate + skipped.invalidCell + skipped.invalidValue, 0);
    assert.equal(new Set(collection.features.map((f) => f.id)).size, 50_000);
  });
});

describe('colour ramp', () => {
  test('quantile breaks split skewed counts into classes of similar size', () => {
    assert.deepEqual(rampBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [3, 5, 7, 9]);
    const skewed = [...Array(90).fill(1), ...Array(9).fill(10), 1000];
    assert.deepEqual(rampBreaks(skewed), [10, 1000], 'a long run of ones does not hide the high cells; no class is empty');
    assert.deepEqual(rampBreaks([4, 4, 4, 4]), [], 'one distinct value: one class');
  });

  test('breaks ignore non-finite values; one value or none gives one class', () => {
    assert.deepEqual(rampBreaks([Number.NaN, 5, Infinity, 5]), []);
    assert.deepEqual(rampBreaks([]), []);
    assert.deepEqual(rampColours([]), [SEQUENTIAL_RAMP[2]]);
  });

  test('fewer classes still run from the palest to the darkest colour', () => {
    assert.deepEqual(rampColours([10]), [SEQUENTIAL_RAMP[0], SEQUENTIAL_RAMP[4]]);
    assert.deepEqual(rampColours([1, 2, 3, 4]), [...SEQUENTIAL_RAMP]);
  });

  test('rampClass, the step expression and the legend classes agree', () => {
    const breaks = [3, 5, 7, 9];
    const colours = rampColours(breaks);
    assert.deepEqual([1, 3, 4.99, 5, 9, 1e9].map((v) => rampClass(v, breaks)), [0, 1, 1, 2, 4, 4]);
    assert.deepEqual(rampExpression(breaks, colours), ['step', ['get', 'value'], colours[0], 3, colours[1], 5, colours[2], 7, colours[3], 9, colours[4]]);
    assert.equal(rampExpression([], ['#abc']), '#abc');
    const classes = rampClasses(breaks, colours);
    assert.deepEqual(classes.map((c) => [c.from, c.to]), [[undefined, 3], [3, 5], [5, 7], [7, 9], [9, undefined]]);
  });
});

describe('categories', () => {
  test('hot spot categories are recognised as the analysis or ArcGIS writes them', () => {
    assert.equal(hotspotKey('new-hot'), 'new-hot');
    assert.equal(hotspotKey('Intensifying Hot Spot'), 'intensifying-hot');
    assert.equal(hotspotKey('oscillating cold spot'), 'oscillating-cold');
    assert.equal(hotspotKey('No pattern detected'), 'no-pattern');
    assert.equal(hotspotKey('Testland special'), undefined);
  });

  test('every hot spot category has its name in English, French and Arabic', () => {
    for (const locale of ['en', 'fr', 'ar']) {
      const messages = JSON.parse(readFileSync(new URL(`../src/i18n/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
      for (const key of Object.keys(HOTSPOT_COLOURS)) {
        const messageKey = hotspotMessageKey(key)!;
        assert.ok(messages[messageKey], `${locale}: ${messageKey}`);
      }
    }
    assert.equal(hotspotMessageKey('Intensifying hot spot'), 'monitoring.map.category.intensifyingHot');
    assert.equal(hotspotMessageKey('Zone A'), undefined);
  });

  test('spellings of one category share a colour and a legend entry, hot spots first', () => {
    const { entries, expression } = categoryPalette(['Zone B', 'new hot spot', 'new-hot', 'persistent-cold', 'Zone B', 'Zone A']);
    assert.deepEqual(entries.map((e) => [e.hotspot ?? e.category, e.cells]), [['new-hot', 2], ['persistent-cold', 1], ['Zone B', 2], ['Zone A', 1]]);
    assert.equal(entries[0]!.colour, HOTSPOT_COLOURS['new-hot']);
    assert.equal(entries[2]!.colour, CATEGORY_PALETTE[0]);
    assert.deepEqual(expression, [
      'match', ['get', 'category'],
      'Zone B', CATEGORY_PALETTE[0], 'new hot spot', HOTSPOT_COLOURS['new-hot'], 'new-hot', HOTSPOT_COLOURS['new-hot'],
      'persistent-cold', HOTSPOT_COLOURS['persistent-cold'], 'Zone A', CATEGORY_PALETTE[1],
      OTHER_CATEGORY_COLOUR,
    ]);
  });

  test('beyond the palette, other categories share one grey "other" entry', () => {
    const many = Array.from({ length: CATEGORY_PALETTE.length + 3 }, (_, i) => `Class ${i}`);
    const { entries } = categoryPalette(many);
    assert.equal(entries.length, CATEGORY_PALETTE.length + 1);
    const last = entries[entries.length - 1]!;
    assert.deepEqual([last.overflow, last.cells, last.colour], [true, 3, OTHER_CATEGORY_COLOUR]);
    assert.equal(categoryPalette([]).expression, OTHER_CATEGORY_COLOUR);
  });
});

describe('flows', () => {
  const centroids = new Map<string, Position>([['AA', [10, 10]], ['BB', [20, 10]], ['FJ', [178, -17]], ['WS', [-172, -13.7]]]);

  test('an arc runs from origin to destination and bulges to the left of travel', () => {
    const arc = arcCoordinates([0, 0], [10, 0], { segments: 10 });
    assert.equal(arc.length, 11);
    assert.deepEqual(arc[0], [0, 0]);
    assert.deepEqual(arc[10], [10, 0]);
    assert.ok(arc[5]![1] > 0, 'eastward travel bulges north');
    const back = arcCoordinates([10, 0], [0, 0], { segments: 10 });
    assert.ok(back[5]![1] < 0, 'the way back bulges south: the two flows do not overlap');
  });

  test('an arc takes the short way across the antimeridian', () => {
    const arc = arcCoordinates([178, -17], [-172, -13.7]);
    assert.deepEqual(arc[arc.length - 1], [188, -13.7]);
    for (let i = 1; i < arc.length; i++) assert.ok(Math.abs(arc[i]![0] - arc[i - 1]![0]) < 5);
  });

  test('an arrowhead sits on the destination and points along the last segment', () => {
    const head = arrowhead([[0, 0], [10, 0]], 1)!;
    assert.deepEqual(head[0], [10, 0]);
    assert.deepEqual(head[0], head[3]);
    assert.ok(head[1]![0] < 10 && head[2]![0] < 10, 'both base corners are behind the tip');
    assert.ok(Math.abs(head[1]![1] + head[2]![1]) < 1e-9, 'symmetric about the line');
    assert.equal(arrowhead([[5, 5]], 1), undefined);
    assert.equal(arrowhead([[5, 5], [5, 5]], 1), undefined);
  });

  test('width grows with the square root of the count, within limits', () => {
    assert.equal(flowWidth(100, 100), MAX_FLOW_WIDTH);
    assert.equal(flowWidth(0, 100), MIN_FLOW_WIDTH);
    assert.ok(flowWidth(25, 100) > flowWidth(4, 100));
    assert.equal(flowWidth(25, 100), Math.round((MIN_FLOW_WIDTH + 0.5 * (MAX_FLOW_WIDTH - MIN_FLOW_WIDTH)) * 10) / 10);
  });

  test('ends are countries (any case) or H3 cells', () => {
    assert.deepEqual(endpointPosition('aa', centroids), [10, 10]);
    const cell = latLngToCell(5, 6, 4);
    const p = endpointPosition(cell, centroids)!;
    assert.ok(Math.abs(p[0] - 6) < 1 && Math.abs(p[1] - 5) < 1, 'a cell centre is [lng, lat]');
    assert.equal(endpointPosition('ZZ', centroids), undefined);
    assert.equal(endpointPosition('nowhere', centroids), undefined);
  });

  test('bad flows are skipped and counted; the rest drawn smallest first', () => {
    const built = buildFlows([
      { from: 'AA', to: 'BB', count: 40, label: 'Route 1' },
      { from: 'BB', to: 'AA', count: 10 },
      { from: 'AA', to: 'ZZ', count: 5 },
      { from: 'AA', to: 'aa', count: 5 },
      { from: 'AA', to: 'BB', count: 0 },
      { from: 'AA', to: 'BB', count: Number.NaN },
      { from: 'FJ', to: 'WS', count: 3 },
      { from: null, to: 'BB', count: 2 } as unknown as { from: string; to: string; count: number },
    ], centroids);
    assert.deepEqual(built.skipped, { unknownPlace: 2, samePlace: 1, invalidCount: 2 });
    assert.deepEqual(built.lines.features.map((f) => f.properties.count), [3, 10, 40]);
    assert.deepEqual(built.lines.features.map((f) => f.id), [6, 1, 0], 'ids point back to the input');
    assert.equal(built.maxCount, 40);
    assert.equal(built.lines.features[2]!.properties.width, MAX_FLOW_WIDTH);
    assert.equal(built.lines.features[2]!.properties.label, 'Route 1');
    assert.equal(built.arrows.features.length, 3);
    assert.ok(built.bounds && built.bounds[2] > 180, 'the Fiji–Samoa arc pushes the box past 180');
  });
});

describe('offline basemap', () => {
  const topology = countries110m as unknown as Topology;
  const countries = countryFeatures(topology);
  const centroids = countryCentroids(countries);

  test('world-atlas countries carry alpha-2 codes from their numeric ids', () => {
    assert.ok(countries.features.length > 170);
    const codes = new Set(countries.features.map((f) => f.properties.alpha2));
    for (const code of ['IQ', 'SY', 'SD', 'NG', 'FR', 'RU', 'FJ']) assert.ok(codes.has(code), code);
    const kosovo = countries.features.find((f) => f.properties.name === 'Kosovo');
    assert.equal(kosovo?.properties.alpha2, '', 'no ISO code, never guessed');
    assert.equal(countryByNumeric('368')?.alpha2, 'IQ');
    assert.equal(countryByNumeric(4)?.alpha2, 'AF', 'leading zeros restored');
    assert.equal(countryByNumeric('999'), undefined);
  });

  test('centroids fall in the country\'s main body', () => {
    const fr = centroids.get('FR')!;
    assert.ok(fr[0] > -5 && fr[0] < 8 && fr[1] > 42 && fr[1] < 51, `France at ${fr}`);
    const us = centroids.get('US')!;
    assert.ok(us[0] > -110 && us[0] < -85 && us[1] > 30 && us[1] < 45, `United States at ${us}`);
    const iq = centroids.get('IQ')!;
    assert.ok(iq[0] > 40 && iq[0] < 47 && iq[1] > 30 && iq[1] < 37, `Iraq at ${iq}`);
  });

  test('the choropleth colours given countries and lists what it could not draw', () => {
    const noData = '#eeeeee';
    const c = choropleth([
      { code: 'iq', value: 10 }, { code: 'SY', value: 50 }, { code: 'XX', value: 3 }, { code: 'IQ', value: 99 },
      { code: 'SD', value: Number.NaN },
    ], countries, noData);
    assert.deepEqual(c.notDrawn, ['XX', 'SD']);
    assert.equal(c.values.get('IQ'), 10, 'the first value of a repeated code wins');
    assert.equal(c.classes.length, 2);
    const expression = c.expression as unknown[];
    assert.equal(expression[0], 'match');
    assert.equal(expression[expression.length - 1], noData);
    assert.deepEqual(expression.slice(2, 6), ['IQ', COUNTRY_RAMP[0], 'SY', COUNTRY_RAMP[4]], 'a ramp of its own, not the hexagons\' reds');
    assert.equal(choropleth([], countries, noData).expression, noData);
  });

  test('the style is offline: no tiles, glyphs or sprite, and no URL anywhere', () => {
    for (const dark of [false, true]) {
      const style = basemapStyle(mapPalette(dark), countries);
      assert.equal(style.glyphs, undefined);
      assert.equal(style.sprite, undefined);
      assert.ok(Object.values(style.sources).every((s) => s.type === 'geojson'));
      assert.ok(style.layers.every((l) => l.type !== 'symbol' && l.type !== 'raster'));
      assert.doesNotMatch(JSON.stringify({ ...style, sources: {} }), /https?:|\/\//);
    }
    assert.notEqual(mapPalette(true).sea, mapPalette(false).sea);
  });

  test('boxes unite and frame the choropleth', () => {
    assert.deepEqual(unionBoxes([undefined, [0, 0, 10, 10], [5, -5, 190, 3]]), [0, -5, 190, 10]);
    assert.equal(unionBoxes([undefined]), undefined);
    const box = boxOfCodes(['IQ', 'SY', 'nope'], centroids)!;
    assert.ok(box[0] > 30 && box[2] < 50);
  });

  test('country names follow the UI language', () => {
    const iq = countries.features.find((f) => f.properties.alpha2 === 'IQ')!;
    assert.equal(countryLabel(iq.properties, 'fr'), 'Iraq');
    assert.equal(countryLabel(iq.properties, 'ar'), 'العراق');
    assert.equal(countryLabel({ alpha2: '', name: 'Kosovo' }, 'ar'), 'Kosovo');
  });
});
