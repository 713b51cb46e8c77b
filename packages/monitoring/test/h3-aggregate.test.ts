import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { latLngToCell } from 'h3-js';
import { isAriadneError } from '@ariadne/schema';
import { aggregateToH3, parseIncidentDate } from '../src/spatial/h3-aggregate.ts';
import type { Incident } from '../src/types.ts';

// Synthetic incidents in "Testland" (points in an arbitrary real lat/lon range; nothing here is a real event).
let serial = 0;
function incident(date: string, lat?: number, lon?: number): Incident {
  serial++;
  return {
    id: `test:${serial}`,
    source: 'test',
    date,
    place: { country: 'XX', pcode: 'XX0101', ...(lat === undefined ? {} : { lat }), ...(lon === undefined ? {} : { lon }) },
    category: 'tip:exploitation',
    forms: ['forced_labour'],
    verification: 'verified',
    victims: [{ sex: 'unknown', ageBand: 'unknown', count: 1 }],
  };
}

const A = { lat: 12.0, lon: 22.0 };
const B = { lat: 12.5, lon: 23.0 };
const refusesWith = (code: string, pattern: RegExp) => (e: unknown) => isAriadneError(e) && e.code === code && pattern.test(e.message);

describe('aggregateToH3', () => {
  test('counts incidents per cell and month, empty months included', () => {
    const result = aggregateToH3(
      [incident('2024-01-05', A.lat, A.lon), incident('2024-01-20', A.lat, A.lon), incident('2024-03-02', B.lat, B.lon), incident('2024-03', A.lat, A.lon)],
      { resolution: 6, step: 'month' },
    );
    const cellA = latLngToCell(A.lat, A.lon, 6);
    const cellB = latLngToCell(B.lat, B.lon, 6);
    assert.deepEqual(result.cells, [cellA, cellB].sort());
    assert.deepEqual(result.steps, ['2024-01', '2024-02', '2024-03']);
    const row = (cell: string) => [...result.counts.subarray(result.cells.indexOf(cell) * 3, result.cells.indexOf(cell) * 3 + 3)];
    assert.deepEqual(row(cellA), [2, 0, 1]); // "2024-03" (month only) still has a month
    assert.deepEqual(row(cellB), [0, 0, 1]);
    assert.equal(result.counted, 4);
    assert.equal(result.skipped.count, 0);
  });

  test('skips, with a reason and record number each, what cannot be placed in space or time', () => {
    const result = aggregateToH3(
      [
        incident('2024-01-05', A.lat, A.lon), // 1: fine
        incident('2024-01-05'), // 2: no coordinates
        incident('2024-01-05', 91, A.lon), // 3: latitude 91
        incident('2024-01-05', A.lat, 181), // 4: longitude 181
        incident('2024-13-45', A.lat, A.lon), // 5: month 13, day 45
        incident('2023-02-29', A.lat, A.lon), // 6: not a leap year
        incident('2024-02-29', A.lat, A.lon), // 7: fine (leap year)
        incident('yesterday', A.lat, A.lon), // 8: not a date
        incident('2024-01-05', 0, 0), // 9: null island
        incident('2024-01-05', Number.NaN, A.lon), // 10: NaN is no coordinate
      ],
      { resolution: 7, step: 'month' },
    );
    assert.equal(result.counted, 2);
    assert.equal(result.skipped.count, 8);
    assert.deepEqual(result.skipped.byReason, {
      'no-coordinates': 2,
      'null-island': 1,
      'latitude-out-of-range': 1,
      'longitude-out-of-range': 1,
      'impossible-date': 3,
      'date-without-day': 0,
      'outside-period': 0,
    });
    assert.deepEqual(result.skipped.problems.map((p) => p.record), [2, 3, 4, 5, 6, 8, 9, 10]);
    assert.match(result.skipped.problems[1]!.message, /^Incident 3 has a latitude outside -90…90/);
    assert.match(result.skipped.problems[3]!.message, /not a real calendar date/);
    // Messages name the record number only, never the incident's fields.
    for (const p of result.skipped.problems) assert.doesNotMatch(p.message, /test:|XX0101/);
  });

  test('refuses a resolution outside 0…15, and bad options', () => {
    const one = [incident('2024-01-05', A.lat, A.lon)];
    for (const resolution of [16, -1, 6.5, Number.NaN]) {
      assert.throws(() => aggregateToH3(one, { resolution, step: 'month' }), refusesWith('VALIDATION_FAILED', /resolution must be an integer from 0 to 15/));
    }
    assert.equal(aggregateToH3(one, { resolution: 0, step: 'month' }).counted, 1);
    assert.equal(aggregateToH3(one, { resolution: 15, step: 'month' }).counted, 1);
    assert.throws(() => aggregateToH3(one, { resolution: 6, step: 'day' as never }), refusesWith('VALIDATION_FAILED', /Time step/));
    assert.throws(() => aggregateToH3(one, { resolution: 6, step: 'month', from: '2024-13-01' }), refusesWith('VALIDATION_FAILED', /"from"/));
    assert.throws(() => aggregateToH3(one, { resolution: 6, step: 'month', from: '2024-05-01', to: '2024-01-01' }), refusesWith('VALIDATION_FAILED', /ends before/));
  });

  test('weekly steps are ISO weeks; a month-only date cannot be put in a week', () => {
    const result = aggregateToH3(
      [
        incident('2020-12-28', A.lat, A.lon), // Monday of ISO week 2020-W53
        incident('2021-01-03', A.lat, A.lon), // Sunday, still 2020-W53
        incident('2021-01-04', A.lat, A.lon), // Monday, 2021-W01
        incident('2021-01', A.lat, A.lon), // month only
      ],
      { resolution: 5, step: 'week' },
    );
    assert.deepEqual(result.steps, ['2020-W53', '2021-W01']);
    assert.deepEqual([...result.counts], [2, 1]);
    assert.equal(result.skipped.byReason['date-without-day'], 1);
    const newYear = aggregateToH3([incident('2024-12-30', A.lat, A.lon)], { resolution: 5, step: 'week' });
    assert.deepEqual(newYear.steps, ['2025-W01']); // 30 Dec 2024 is a Monday in ISO week 1 of 2025
  });

  test('a fixed period pads empty steps and skips incidents outside it', () => {
    const result = aggregateToH3(
      [incident('2023-12-31', A.lat, A.lon), incident('2024-02-10', A.lat, A.lon), incident('2025-01-01', A.lat, A.lon)],
      { resolution: 6, step: 'month', from: '2024-01-01', to: '2024-04-30' },
    );
    assert.deepEqual(result.steps, ['2024-01', '2024-02', '2024-03', '2024-04']);
    assert.deepEqual([...result.counts], [0, 1, 0, 0]);
    assert.equal(result.skipped.byReason['outside-period'], 2);
    const years = aggregateToH3([incident('2022-06-01', A.lat, A.lon), incident('2024-06-01', B.lat, B.lon)], { resolution: 4, step: 'year' });
    assert.deepEqual(years.steps, ['2022', '2023', '2024']);
  });

  test('the same incidents in another order give the same cube', () => {
    const incidents = Array.from({ length: 200 }, (_, i) => incident(`2024-0${1 + (i % 6)}-1${i % 10}`, 11 + (i % 7) * 0.3, 21 + (i % 11) * 0.2));
    const forward = aggregateToH3(incidents, { resolution: 6, step: 'month' });
    const backward = aggregateToH3([...incidents].reverse(), { resolution: 6, step: 'month' });
    assert.deepEqual(backward.cells, forward.cells);
    assert.deepEqual(backward.counts, forward.counts);
    assert.equal(forward.counted, 200);
  });

  test('hostile records (null, strings for numbers, missing place) are skipped, not crashed on', () => {
    const hostile = [
      null,
      {},
      { date: '2024-01-01' },
      { date: '2024-01-01', place: { lat: '12', lon: '22' } },
      { date: 20240101, place: { lat: 12, lon: 22 } },
      { date: '2024-01-01', place: { lat: 12, lon: 22 } },
    ] as unknown as Incident[];
    const result = aggregateToH3(hostile, { resolution: 6, step: 'month' });
    assert.equal(result.counted, 1);
    assert.equal(result.skipped.count, 5);
    assert.deepEqual(result.skipped.problems.map((p) => p.record), [1, 2, 3, 4, 5]);
  });

  test('a huge stream of bad records keeps every count but lists only the first maxProblems', () => {
    function* stream(): Generator<Incident> {
      for (let i = 0; i < 300_000; i++) yield incident('2024-01-01');
      yield incident('2024-01-01', A.lat, A.lon);
    }
    const result = aggregateToH3(stream(), { resolution: 6, step: 'month', maxProblems: 50 });
    assert.equal(result.skipped.count, 300_000);
    assert.equal(result.skipped.byReason['no-coordinates'], 300_000);
    assert.equal(result.skipped.problems.length, 50);
    assert.equal(result.counted, 1);
  });

  test('an input with nothing usable gives an empty cube, not an error', () => {
    const result = aggregateToH3([incident('2024-01-01')], { resolution: 6, step: 'month' });
    assert.deepEqual(result.cells, []);
    assert.deepEqual(result.steps, []);
    assert.equal(result.counts.length, 0);
  });
});

describe('parseIncidentDate', () => {
  test('accepts real dates and months, refuses the impossible', () => {
    assert.equal(parseIncidentDate('2024-02-29'), 20240229);
    assert.equal(parseIncidentDate('2024-02'), 20240200);
    for (const bad of ['2024-13-45', '2023-02-29', '2024-04-31', '2024-00-10', '0999-01-01', '2024-1-01', '2024/01/01', '', '2024-01-01T00:00', 20240101, null]) {
      assert.equal(parseIncidentDate(bad), -1, String(bad));
    }
  });
});
