/**
 * The tables monitoring publishes: periods, the catalogue, the builders and the way to the gate.
 * Every count below is computed by hand from a small synthetic data set ("Testland": made-up
 * country codes XT, XU, XV, P-codes XX0101…, "Armed Group Alpha"); nothing is a real event.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridDisk, latLngToCell } from 'h3-js';
import { isAriadneError } from '@ariadne/schema';
import { checkRange, MAX_RANGE_YEARS, periodBounds, periodKey, periodOf, periodsInRange, placeDate } from '../src/tables/periods.ts';
import { dimensionHxl, isTableId, TABLE_IDS, TABLE_SPECS, tableSpec } from '../src/tables/table-specs.ts';
import {
  buildTable, gateMaxCellsPerPerson, reportTableFromRelease, MAX_LISTED_PROBLEMS, MAX_TABLE_CELLS,
  type BuiltTable, type TableRequest,
} from '../src/tables/build-tables.ts';
import { releaseTable } from '../src/gate/publication-gate.ts';
import { seededRandomForTests } from '../src/dp/random.ts';
import { AGE_BANDS, INCIDENT_CATEGORIES, SEXES, type Incident, type Movement, type TableCell } from '../src/types.ts';

let serial = 0;
function incident(overrides: Partial<Incident> = {}): Incident {
  serial++;
  return {
    id: `synthetic:${serial}`,
    source: 'synthetic',
    date: '2030-01-15',
    place: { country: 'XT', pcode: 'XX0101' },
    category: 'tip:exploitation',
    forms: ['forced_labour'],
    verification: 'verified',
    victims: [{ sex: 'female', ageBand: '18+', count: 1 }],
    ...overrides,
  };
}

/** A synthetic route origin → transit (XW) → destination, dated at departure. */
function movement(origin: string | undefined, destination: string | undefined, count: number, date = '2030-02-01'): Movement {
  serial++;
  return {
    id: `synthetic-route:${serial}`,
    source: 'synthetic',
    stages: [
      { role: 'origin', place: origin === undefined ? {} : { country: origin }, date },
      { role: 'transit', place: { country: 'XW' } },
      { role: 'destination', place: destination === undefined ? {} : { country: destination } },
    ],
    count,
    forms: ['forced_labour'],
  };
}

const H1_2030: TableRequest = { from: '2030-01', to: '2030-06', step: 'month' };

/** The count of the cell whose key matches `key` exactly. */
function countAt(cells: readonly TableCell[], key: Record<string, string>): number {
  const found = cells.filter((c) => Object.keys(key).every((k) => c.key[k] === key[k]) && Object.keys(c.key).length === Object.keys(key).length);
  assert.equal(found.length, 1, `one cell for ${JSON.stringify(key)}`);
  return found[0]!.count;
}

const refusedWith = (code: string, detail?: string | RegExp) => (e: unknown) =>
  isAriadneError(e) && e.code === code &&
  (detail === undefined || (typeof detail === 'string' ? Object.keys(e.details ?? {}).includes(detail) : detail.test(e.message)));

describe('periods', () => {
  test('period keys for months, quarters and years, from days or months', () => {
    assert.equal(periodKey('2024-03-12', 'month'), '2024-03');
    assert.equal(periodKey('2024-03-12', 'quarter'), '2024-Q1');
    assert.equal(periodKey('2024-04-01', 'quarter'), '2024-Q2');
    assert.equal(periodKey('2024-12-31', 'quarter'), '2024-Q4');
    assert.equal(periodKey('2024-11', 'year'), '2024');
    assert.equal(periodOf('2024-02-29', 'month'), '2024-02');
  });

  test('impossible and malformed dates have no period (and periodKey refuses them)', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13', '2024-00-10', '2024-3-1', '12 March 2024', '', '2024-03-12T10:00:00Z', 'x'.repeat(1_000_000)]) {
      assert.equal(periodOf(bad, 'month'), undefined, bad.slice(0, 30));
      assert.throws(() => periodKey(bad, 'month'), refusedWith('VALIDATION_FAILED', 'date'));
    }
    assert.throws(() => periodOf('2024-03-01', 'week' as never), refusedWith('VALIDATION_FAILED', 'step'));
  });

  test('every period of a range, empty ones included, bounds written as day, month, quarter or year', () => {
    assert.deepEqual(periodsInRange('2023-11-15', '2024-02', 'month'), ['2023-11', '2023-12', '2024-01', '2024-02']);
    assert.deepEqual(periodsInRange('2024', '2024', 'quarter'), ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    assert.deepEqual(periodsInRange('2023-12-31', '2024-01-01', 'quarter'), ['2023-Q4', '2024-Q1']);
    assert.deepEqual(periodsInRange('2022-Q4', '2024-03', 'year'), ['2022', '2023', '2024']);
    assert.equal(periodsInRange('1990', '2039', 'month').length, 600);
  });

  test('a range is checked: real bounds, from ≤ to, at most 50 years', () => {
    assert.deepEqual(checkRange('2024-01', '2024-Q2'), { from: '2024-01-01', to: '2024-06-30' });
    assert.deepEqual(checkRange('2024-02', '2024-02'), { from: '2024-02-01', to: '2024-02-29' });
    assert.throws(() => checkRange('2024-07', '2024-06-30'), refusedWith('VALIDATION_FAILED', 'from'));
    assert.throws(() => checkRange('2024-02-30', '2024-06'), refusedWith('VALIDATION_FAILED', 'from'));
    assert.throws(() => checkRange('2024-01', 'soon'), refusedWith('VALIDATION_FAILED', 'to'));
    assert.throws(() => checkRange('2024-Q5', '2025'), refusedWith('VALIDATION_FAILED', 'from'));
    assert.equal(MAX_RANGE_YEARS, 50);
    assert.deepEqual(checkRange('1990-03-01', '2040-02-29'), { from: '1990-03-01', to: '2040-02-29' });
    assert.throws(() => checkRange('1990-03-01', '2040-03-01'), refusedWith('VALIDATION_FAILED', 'to'));
  });

  test('a month-only date straddling a range bound is neither inside nor outside', () => {
    const range = checkRange('2024-03-15', '2024-06');
    assert.equal(placeDate('2024-03', range), 'straddles');
    assert.equal(placeDate('2024-04', range), 'inside');
    assert.equal(placeDate('2024-02', range), 'outside');
    assert.equal(placeDate('2024-03-14', range), 'outside');
    assert.equal(placeDate('2024-06-30', range), 'inside');
    assert.equal(placeDate('2024-06-31', range), 'invalid');
  });

  test('period bounds', () => {
    assert.deepEqual(periodBounds('2024-Q1'), { from: '2024-01-01', to: '2024-03-31' });
    assert.deepEqual(periodBounds('2023-02'), { from: '2023-02-01', to: '2023-02-28' });
    assert.deepEqual(periodBounds('2024'), { from: '2024-01-01', to: '2024-12-31' });
    assert.throws(() => periodBounds('2024-03-01'), refusedWith('VALIDATION_FAILED', 'period'));
  });
});

describe('the catalogue', () => {
  test('every table declares its dimensions with HXL hashtags and a domain, and its sensitivity', () => {
    assert.deepEqual([...TABLE_IDS].sort(), [
      'corridors', 'hotspot-cells-by-category', 'hotspot-cells-by-period', 'incidents-by-category', 'incidents-by-country-period',
      'incidents-by-form', 'incidents-by-pcode-period', 'incidents-by-period', 'incidents-by-perpetrator', 'victims-by-sex-age',
    ]);
    for (const spec of TABLE_SPECS) {
      assert.ok(spec.dimensions.length > 0, spec.id);
      for (const d of spec.dimensions) assert.match(dimensionHxl(d, 'month'), /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/, `${spec.id}.${d.name}`);
      assert.match(spec.value.hxl, /^#(event\+num|affected)$/);
      assert.equal(spec.sensitivityOne, spec.cellsPerRecord === 1, spec.id);
    }
    assert.equal(tableSpec('incidents-by-form')!.sensitivityOne, false);
    assert.equal(dimensionHxl(tableSpec('incidents-by-period')!.dimensions[0]!, 'quarter'), '#date+quarter');
    assert.ok(isTableId('corridors'));
    assert.ok(!isTableId('glotip-country-figures'), 'GLOTIP figures are quoted, not re-released');
  });
});

describe('incidents by period', () => {
  test('counts each counted incident in its month; every month of the range is a cell, zeros included', () => {
    const incidents = [
      incident({ date: '2030-01-03' }),
      incident({ date: '2030-01-31' }),
      incident({ date: '2030-03' }), // month-only, wholly inside the range
      incident({ date: '2030-03-20' }),
      incident({ date: '2030-06-30' }),
    ];
    const built = buildTable('incidents-by-period', { incidents }, H1_2030);
    assert.deepEqual(built.dimensions, ['period']);
    assert.deepEqual(built.hxl, ['#date+month', '#event+num']);
    assert.deepEqual(built.cells, [
      { key: { period: '2030-01' }, count: 2 },
      { key: { period: '2030-02' }, count: 0 },
      { key: { period: '2030-03' }, count: 2 },
      { key: { period: '2030-04' }, count: 0 },
      { key: { period: '2030-05' }, count: 0 },
      { key: { period: '2030-06' }, count: 1 },
    ]);
    assert.equal(built.counted, 5);
    assert.equal(built.excluded.total, 0);
  });

  test('incidents outside the range, unverified by default, undated or impossible are left out and tallied, never silently', () => {
    const incidents = [
      incident({ date: '2030-02-10' }), // 1 counted
      incident({ date: '2029-12-31' }), // 2 outside-period
      incident({ date: '2030-02-11', verification: 'reported' }), // 3 outside-verification (default: verified only)
      incident({ date: '2030-02-30' }), // 4 invalid-date
      incident({ date: '' }), // 5 missing-date
      incident({ date: '2030-02-12', verification: 'rumoured' as never }), // 6 invalid-verification
    ];
    const built = buildTable('incidents-by-period', { incidents }, { from: '2030-01-01', to: '2030-03-31', step: 'quarter' });
    assert.deepEqual(built.cells, [{ key: { period: '2030-Q1' }, count: 1 }]);
    assert.equal(built.excluded.total, 5);
    assert.deepEqual(built.excluded.byReason, { 'outside-period': 1, 'outside-verification': 1, 'invalid-date': 1, 'missing-date': 1, 'invalid-verification': 1 });
    // bad data is listed by record number; records left out by the request's own filters are only tallied
    assert.deepEqual(built.excluded.problems.map((p) => p.record), [4, 5, 6]);
    assert.match(built.excluded.problems[0]!.message, /^Incident 4 has a date that is not a real ISO date/);
  });

  test('the verification filter counts the statuses asked for', () => {
    const incidents = [incident({ verification: 'verified' }), incident({ verification: 'reported' }), incident({ verification: 'discredited' })];
    const built = buildTable('incidents-by-period', { incidents }, { ...H1_2030, step: 'year', verification: ['verified', 'reported'] });
    assert.deepEqual(built.cells, [{ key: { period: '2030' }, count: 2 }]);
    assert.deepEqual(built.excluded.byReason, { 'outside-verification': 1 });
    assert.throws(() => buildTable('incidents-by-period', { incidents }, { ...H1_2030, verification: [] }), refusedWith('VALIDATION_FAILED', 'verification'));
  });

  test('a month-only date straddling the range start is left out with its reason, not guessed', () => {
    const built = buildTable('incidents-by-period', { incidents: [incident({ date: '2030-01' }), incident({ date: '2030-01-20' })] }, { from: '2030-01-15', to: '2030-02', step: 'month' });
    assert.equal(countAt(built.cells, { period: '2030-01' }), 1);
    assert.deepEqual(built.excluded.byReason, { 'date-straddles-range': 1 });
  });

  test('the same incident given twice counts once', () => {
    const once = incident();
    const built = buildTable('incidents-by-period', { incidents: [once, { ...once }] }, H1_2030);
    assert.equal(countAt(built.cells, { period: '2030-01' }), 1);
    assert.deepEqual(built.excluded.byReason, { 'duplicate-id': 1 });
    assert.equal(built.excluded.problems[0]!.record, 2);
  });
});

describe('incidents by country (or P-code) and period', () => {
  const incidents = [
    incident({ date: '2030-01-05', place: { country: 'XT' } }),
    incident({ date: '2030-01-06', place: { country: 'XT' } }),
    incident({ date: '2030-02-05', place: { country: 'XU' } }),
    incident({ date: '2030-02-07', place: {} }), // no country
    incident({ date: '2030-02-08', place: { country: 'XV' } }), // not requested
    incident({ date: '2030-02-09', place: { country: 'Testland' } }), // not a code
  ];

  test('the full cross product of requested countries × periods, the unknown member counting incidents without a country', () => {
    const built = buildTable('incidents-by-country-period', { incidents }, { from: '2030-01', to: '2030-03', step: 'month', countries: ['XT', 'XU', 'unknown'] });
    assert.equal(built.cells.length, 3 * 3);
    assert.deepEqual(built.cells.slice(0, 3).map((c) => c.key), [
      { country: 'XT', period: '2030-01' }, { country: 'XT', period: '2030-02' }, { country: 'XT', period: '2030-03' },
    ]);
    assert.equal(countAt(built.cells, { country: 'XT', period: '2030-01' }), 2);
    assert.equal(countAt(built.cells, { country: 'XU', period: '2030-02' }), 1);
    assert.equal(countAt(built.cells, { country: 'unknown', period: '2030-02' }), 1);
    assert.equal(built.cells.filter((c) => c.count === 0).length, 6);
    assert.deepEqual(built.excluded.byReason, { 'outside-countries': 1, 'invalid-country': 1 });
    assert.deepEqual(built.hxl, ['#country+code', '#date+month', '#event+num']);
  });

  test('without an unknown member, incidents with no country are left out as missing-country', () => {
    const built = buildTable('incidents-by-country-period', { incidents }, { from: '2030-01', to: '2030-03', step: 'quarter', countries: ['XT', 'XU'] });
    assert.deepEqual(built.cells.map((c) => c.count), [2, 1]);
    assert.deepEqual(built.excluded.byReason, { 'missing-country': 1, 'outside-countries': 1, 'invalid-country': 1 });
  });

  test('refused without the requested countries: the domain never comes from the data', () => {
    assert.throws(() => buildTable('incidents-by-country-period', { incidents }, H1_2030), refusedWith('VALIDATION_FAILED', 'countries'));
    assert.throws(() => buildTable('incidents-by-country-period', { incidents }, { ...H1_2030, countries: ['xt'] }), refusedWith('VALIDATION_FAILED', 'countries[0]'));
    assert.throws(() => buildTable('incidents-by-country-period', { incidents }, { ...H1_2030, countries: ['XT', 'XT'] }), refusedWith('VALIDATION_FAILED', 'countries[1]'));
  });

  test('P-codes are matched exactly, as opaque strings (a parent area does not take its children)', () => {
    const areas = [
      incident({ place: { country: 'XT', pcode: 'XX0101' } }),
      incident({ place: { country: 'XT', pcode: 'XX0101' } }),
      incident({ place: { country: 'XT', pcode: 'XX0102' } }),
      incident({ place: { country: 'XT', pcode: 'XX01' } }),
    ];
    const built = buildTable('incidents-by-pcode-period', { incidents: areas }, { from: '2030-01', to: '2030-01', step: 'month', pcodes: ['XX01', 'XX0101'] });
    assert.deepEqual(built.cells, [
      { key: { pcode: 'XX01', period: '2030-01' }, count: 1 },
      { key: { pcode: 'XX0101', period: '2030-01' }, count: 2 },
    ]);
    assert.deepEqual(built.excluded.byReason, { 'outside-pcodes': 1 });
  });

  test('countries act as a filter on tables without a country dimension', () => {
    const built = buildTable('incidents-by-period', { incidents }, { from: '2030', to: '2030', step: 'year', countries: ['XU'] });
    assert.deepEqual(built.cells, [{ key: { period: '2030' }, count: 1 }]);
    assert.deepEqual(built.excluded.byReason, { 'outside-countries': 2 + 1, 'missing-country': 1, 'invalid-country': 1 });
  });
});

describe('incidents by form of exploitation', () => {
  const incidents = [
    incident({ forms: ['forced_labour'] }),
    incident({ forms: ['forced_labour', 'sexual_exploitation'] }), // counts under both
    incident({ forms: ['sexual_exploitation', 'sexual_exploitation'] }), // a repeated form counts once
    incident({ forms: [] }), // the list's own unknown member
    incident({ forms: ['forced_labour', 'servitude', 'slavery', 'forced_marriage'] }), // more than 3 forms
    incident({ forms: ['witchcraft' as never] }),
  ];

  test('an incident counts under each of its forms; the whole closed list is the domain', () => {
    const built = buildTable('incidents-by-form', { incidents }, H1_2030);
    assert.equal(built.cells.length, 11);
    assert.equal(countAt(built.cells, { form: 'forced_labour' }), 2);
    assert.equal(countAt(built.cells, { form: 'sexual_exploitation' }), 2);
    assert.equal(countAt(built.cells, { form: 'unknown' }), 1);
    assert.equal(countAt(built.cells, { form: 'removal_of_organs' }), 0);
    assert.deepEqual(built.excluded.byReason, { 'too-many-forms': 1, 'invalid-form': 1 });
    // a person in one incident counts in up to 3 cells: the gate must know
    assert.deepEqual(built.sensitivity, { maxRecordsPerPerson: 1, cellsPerRecord: 3, l1: 3, l2Squared: 3 });
    assert.equal(gateMaxCellsPerPerson(built.sensitivity, 'discrete-laplace'), 3);
  });

  test('a forms filter narrows the domain and the per-incident bound', () => {
    const built = buildTable('incidents-by-form', { incidents }, { ...H1_2030, forms: ['sexual_exploitation', 'forced_labour'] });
    // the order is the closed list's, whatever the request's
    assert.deepEqual(built.cells, [{ key: { form: 'sexual_exploitation' }, count: 2 }, { key: { form: 'forced_labour' }, count: 3 }]);
    assert.equal(built.sensitivity.cellsPerRecord, 2);
    assert.deepEqual(built.excluded.byReason, { 'outside-forms': 1, 'invalid-form': 1 });
  });
});

describe('incidents by category and by perpetrator group', () => {
  test('categories: all 26 of the closed list; one outside it is left out', () => {
    const incidents = [incident({ category: 'crsv:rape' }), incident({ category: 'crsv:rape' }), incident({ category: 'mrm:abduction' }), incident({ category: 'looting' as never })];
    const built = buildTable('incidents-by-category', { incidents }, H1_2030);
    assert.equal(built.cells.length, INCIDENT_CATEGORIES.length);
    assert.equal(countAt(built.cells, { category: 'crsv:rape' }), 2);
    assert.equal(countAt(built.cells, { category: 'mrm:abduction' }), 1);
    assert.equal(built.cells.reduce((s, c) => s + c.count, 0), 3);
    assert.deepEqual(built.excluded.byReason, { 'invalid-category': 1 });
  });

  test('groups: exactly the groups the request names; "Unknown" and no group count as unknown when asked for', () => {
    const incidents = [
      incident({ perpetratorGroup: 'Armed Group Alpha' }),
      incident({ perpetratorGroup: ' Armed Group Alpha ' }),
      incident({ perpetratorGroup: 'Groupe Armé Bêta'.normalize('NFD') }), // same name, other Unicode form
      incident({}),
      incident({ perpetratorGroup: 'Unknown' }),
      incident({ perpetratorGroup: 'Armed Group Gamma' }),
    ];
    const request = { ...H1_2030, groups: ['Armed Group Alpha', 'Groupe Armé Bêta', 'unknown'] };
    const built = buildTable('incidents-by-perpetrator', { incidents }, request);
    assert.deepEqual(built.cells.map((c) => [c.key['perpetratorGroup'], c.count]), [['Armed Group Alpha', 2], ['Groupe Armé Bêta', 1], ['unknown', 2]]);
    assert.deepEqual(built.excluded.byReason, { 'outside-groups': 1 });
    const named = buildTable('incidents-by-perpetrator', { incidents }, { ...H1_2030, groups: ['Armed Group Alpha'] });
    assert.deepEqual(named.excluded.byReason, { 'outside-groups': 2, 'missing-group': 2 });
    assert.throws(() => buildTable('incidents-by-perpetrator', { incidents }, H1_2030), refusedWith('VALIDATION_FAILED', 'groups'));
  });
});

describe('victims by sex and age band', () => {
  test('counts persons (sum of victim groups) over all 20 sex × age cells', () => {
    const incidents = [
      incident({ victims: [{ sex: 'female', ageBand: '12-17', count: 3 }, { sex: 'male', ageBand: '12-17', count: 2 }] }),
      incident({ victims: [{ sex: 'female', ageBand: '12-17', count: 1 }, { sex: 'female', ageBand: '18+', count: 4 }] }),
      incident({ victims: [{ sex: undefined as never, ageBand: 'unknown', count: 2 }] }), // missing sex → unknown
      incident({ victims: [] }), // no persons to count
      incident({ victims: [{ sex: 'female', ageBand: '12-17', count: 2 }, { sex: 'female', ageBand: '40-49' as never, count: 1 }] }), // left out whole
      incident({ victims: [{ sex: 'male', ageBand: '18+', count: 1e12 }] }),
      incident({ victims: [{ sex: 'male', ageBand: '18+', count: 2.5 }] }),
    ];
    const built = buildTable('victims-by-sex-age', { incidents }, H1_2030);
    assert.equal(built.cells.length, SEXES.length * AGE_BANDS.length);
    assert.equal(countAt(built.cells, { sex: 'female', ageBand: '12-17' }), 4);
    assert.equal(countAt(built.cells, { sex: 'male', ageBand: '12-17' }), 2);
    assert.equal(countAt(built.cells, { sex: 'female', ageBand: '18+' }), 4);
    assert.equal(countAt(built.cells, { sex: 'unknown', ageBand: 'unknown' }), 2);
    assert.equal(built.cells.reduce((s, c) => s + c.count, 0), 12);
    assert.equal(built.counted, 3);
    assert.deepEqual(built.excluded.byReason, { 'no-victims': 1, 'invalid-victim-group': 1, 'invalid-count': 2 });
    assert.deepEqual(built.hxl, ['#meta+sex', '#meta+age_band', '#affected']);
  });
});

describe('corridors', () => {
  const movements = [
    movement('XT', 'XU', 3),
    movement('XT', 'XU', 4),
    movement('XU', 'XT', 1),
    movement('XT', undefined, 2), // destination not known
    movement('XV', 'XU', 5), // origin not requested
    movement('XT', 'XU', 6, '2031-01-01'), // outside the range
    movement('XT', 'XU', 0),
  ];

  test('persons per origin → destination over requested countries × requested countries', () => {
    const built = buildTable('corridors', { movements }, { ...H1_2030, countries: ['XT', 'XU', 'unknown'] });
    assert.equal(built.cells.length, 9);
    assert.equal(countAt(built.cells, { origin: 'XT', destination: 'XU' }), 7);
    assert.equal(countAt(built.cells, { origin: 'XU', destination: 'XT' }), 1);
    assert.equal(countAt(built.cells, { origin: 'XT', destination: 'unknown' }), 2);
    assert.equal(countAt(built.cells, { origin: 'XT', destination: 'XT' }), 0);
    assert.deepEqual(built.excluded.byReason, { 'outside-countries': 1, 'outside-period': 1, 'invalid-count': 1 });
    assert.deepEqual(built.hxl, ['#country+code+origin', '#country+code+dest', '#affected']);
  });

  test('without unknown, a movement with no destination is left out; filters movements cannot have are refused', () => {
    const built = buildTable('corridors', { movements }, { ...H1_2030, countries: ['XT', 'XU'] });
    assert.deepEqual(built.excluded.byReason, { 'missing-destination': 1, 'outside-countries': 1, 'outside-period': 1, 'invalid-count': 1 });
    assert.equal(countAt(built.cells, { origin: 'XT', destination: 'XU' }), 7);
    assert.throws(() => buildTable('corridors', { movements }, { ...H1_2030, countries: ['XT'], groups: ['Armed Group Alpha'] }), refusedWith('VALIDATION_FAILED', 'groups'));
    assert.throws(() => buildTable('corridors', { movements }, { ...H1_2030, countries: ['XT'], verification: ['verified'] }), refusedWith('VALIDATION_FAILED', 'verification'));
    assert.throws(() => buildTable('corridors', { incidents: [] }, { ...H1_2030, countries: ['XT'] }), refusedWith('VALIDATION_FAILED', 'movements'));
  });

  test('a movement is dated by its departure; one with no date at all is left out', () => {
    const undated: Movement = { id: 'synthetic-route:undated', source: 'synthetic', stages: [{ role: 'origin', place: { country: 'XT' } }, { role: 'destination', place: { country: 'XU' } }], count: 1, forms: [] };
    const arrivedLater = movement('XT', 'XU', 2, '2030-06-30');
    const built = buildTable('corridors', { movements: [undated, arrivedLater] }, { ...H1_2030, countries: ['XT', 'XU'] });
    assert.equal(countAt(built.cells, { origin: 'XT', destination: 'XU' }), 2);
    assert.deepEqual(built.excluded.byReason, { 'missing-date': 1 });
  });
});

describe('hotspot cells', () => {
  const A = { lat: 12.0, lon: 22.0 };
  const B = { lat: 12.5, lon: 23.0 };
  const cellA = latLngToCell(A.lat, A.lon, 5);
  const cellB = latLngToCell(B.lat, B.lon, 5);
  const area = [...new Set([...gridDisk(cellA, 1), cellB])];

  test('H3 cell × category over the requested cells; incidents without usable coordinates or outside the area are tallied', () => {
    const incidents = [
      incident({ place: { ...A }, category: 'crsv:rape' }),
      incident({ place: { ...A }, category: 'crsv:rape' }),
      incident({ place: { ...B }, category: 'tip:sale' }),
      incident({ place: { country: 'XT' } }),
      incident({ place: { lat: 0, lon: 0 } }),
      incident({ place: { lat: 95, lon: 22 } }),
      incident({ place: { lat: -40, lon: -60 } }),
    ];
    const built = buildTable('hotspot-cells-by-category', { incidents }, { ...H1_2030, h3Cells: area });
    assert.equal(built.cells.length, area.length * INCIDENT_CATEGORIES.length);
    assert.equal(countAt(built.cells, { cell: cellA, category: 'crsv:rape' }), 2);
    assert.equal(countAt(built.cells, { cell: cellB, category: 'tip:sale' }), 1);
    assert.equal(built.cells.reduce((s, c) => s + c.count, 0), 3);
    assert.deepEqual(built.excluded.byReason, { 'missing-coordinates': 2, 'invalid-coordinates': 1, 'outside-h3Cells': 1 });
  });

  test('H3 cell × period is the space-time cube emerging-hotspot analysis reads; cells must share one resolution', () => {
    const incidents = [incident({ place: { ...A }, date: '2030-02-02' }), incident({ place: { ...A }, date: '2030-05-02' })];
    const built = buildTable('hotspot-cells-by-period', { incidents }, { ...H1_2030, step: 'quarter', h3Cells: area });
    assert.equal(built.cells.length, area.length * 2);
    assert.equal(countAt(built.cells, { cell: cellA, period: '2030-Q1' }), 1);
    assert.equal(countAt(built.cells, { cell: cellA, period: '2030-Q2' }), 1);
    assert.throws(() => buildTable('hotspot-cells-by-period', { incidents }, { ...H1_2030, h3Cells: [cellA, latLngToCell(A.lat, A.lon, 6)] }), refusedWith('VALIDATION_FAILED', 'h3Cells'));
    assert.throws(() => buildTable('hotspot-cells-by-period', { incidents }, { ...H1_2030, h3Cells: ['not-a-cell'] }), refusedWith('VALIDATION_FAILED', 'h3Cells[0]'));
    assert.throws(() => buildTable('hotspot-cells-by-period', { incidents }, H1_2030), refusedWith('VALIDATION_FAILED', 'h3Cells'));
  });
});

describe('limits and sensitivity', () => {
  test('a cross product over 200,000 cells is refused before anything is counted', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const countries = [...letters].flatMap((a) => [...letters].map((b) => `${a}${b}`)); // 676 codes
    assert.equal(MAX_TABLE_CELLS, 200_000);
    // 676 × 300 months = 202,800
    assert.throws(() => buildTable('incidents-by-country-period', { incidents: [] }, { from: '2000-01', to: '2024-12', step: 'month', countries }), refusedWith('PAYLOAD_TOO_LARGE', 'cells'));
    // 676 × 295 months = 199,420: just allowed, every cell a zero
    const built = buildTable('incidents-by-country-period', { incidents: [] }, { from: '2000-01', to: '2024-07', step: 'month', countries });
    assert.equal(built.cells.length, 199_420);
    assert.ok(built.cells.every((c) => c.count === 0));
  });

  test('a person listed in more incidents than declared is refused; a declared bound raises the sensitivity', () => {
    const incidents = [
      incident({ date: '2030-01-02', subjects: ['person-17'] }),
      incident({ date: '2030-02-02', subjects: ['person-17', 'person-18'] }),
      incident({ date: '2030-03-02' }), // outside data: no subjects, the bound is assumed
    ];
    assert.throws(() => buildTable('incidents-by-period', { incidents }, H1_2030), refusedWith('VALIDATION_FAILED', 'maxRecordsPerPerson'));
    const built = buildTable('incidents-by-period', { incidents }, { ...H1_2030, maxRecordsPerPerson: 2 });
    assert.deepEqual(built.sensitivity, { maxRecordsPerPerson: 2, cellsPerRecord: 1, l1: 2, l2Squared: 4 });
    assert.equal(built.recordsWithoutSubjects, 1);
    assert.equal(gateMaxCellsPerPerson(built.sensitivity, 'discrete-laplace'), 2);
    assert.equal(gateMaxCellsPerPerson(built.sensitivity, 'discrete-gaussian'), 4);
    assert.match(built.query, /maxRecordsPerPerson 2/);
    // the refusal names no one
    assert.throws(
      () => buildTable('incidents-by-period', { incidents }, H1_2030),
      (e: unknown) => isAriadneError(e) && /^1 person\(s\) appear/.test(e.message) && !/person-17/.test(`${e.message} ${JSON.stringify(e.details)}`),
    );
  });

  test('bad requests are refused', () => {
    assert.throws(() => buildTable('no-such-table' as never, { incidents: [] }, H1_2030), refusedWith('VALIDATION_FAILED', 'table'));
    assert.throws(() => buildTable('incidents-by-period', { incidents: [] }, { ...H1_2030, step: 'week' as never }), refusedWith('VALIDATION_FAILED', 'step'));
    assert.throws(() => buildTable('incidents-by-period', { incidents: [] }, { from: '2030-06', to: '2030-01', step: 'month' }), refusedWith('VALIDATION_FAILED', 'from'));
    assert.throws(() => buildTable('incidents-by-period', { incidents: [] }, { ...H1_2030, maxRecordsPerPerson: 0 }), refusedWith('VALIDATION_FAILED', 'maxRecordsPerPerson'));
    assert.throws(() => buildTable('incidents-by-period', { incidents: [] }, { ...H1_2030, forms: ['unknown', 'bribery' as never] }), refusedWith('VALIDATION_FAILED', 'forms[1]'));
    assert.throws(() => buildTable('incidents-by-period', { incidents: 'many' as never }, H1_2030), refusedWith('VALIDATION_FAILED', 'incidents'));
    assert.throws(() => buildTable('incidents-by-period', {}, H1_2030), refusedWith('VALIDATION_FAILED', 'incidents'));
  });
});

describe('hostile and huge input', () => {
  test('malformed records are each left out with their number; the rest are counted; nothing throws', () => {
    const good = incident({ date: '2030-04-04' });
    const records = [
      null,
      42,
      'incident',
      { id: 7 },
      { ...incident(), place: 'XT' },
      { ...incident(), forms: 'forced_labour' },
      { ...incident(), date: { toString: () => '2030-01-01' } },
      { ...incident(), subjects: 'person-1' },
      { ...incident(), date: '2030-01-01'.repeat(100_000) },
      { ...incident(), place: { country: 'XT', lat: Number.NaN, lon: 3 } },
      good,
    ] as unknown as Incident[];
    const built = buildTable('incidents-by-period', { incidents: records }, H1_2030);
    assert.equal(countAt(built.cells, { period: '2030-04' }), 1);
    assert.equal(built.counted, 2); // NaN coordinates do not matter to a table without a place dimension
    assert.deepEqual(built.excluded.problems.map((p) => p.record), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(built.excluded.byReason, { 'invalid-record': 8, 'invalid-date': 1 });
  });

  test('200,000 bad records: every one tallied, only the first 1,000 listed', () => {
    const incidents = Array.from({ length: 200_000 }, (_, i) => incident({ id: `synthetic:bulk-${i}`, date: i % 2 === 0 ? '2030-13-01' : '2030-03-03' }));
    const built = buildTable('incidents-by-period', { incidents }, H1_2030);
    assert.equal(countAt(built.cells, { period: '2030-03' }), 100_000);
    assert.equal(built.excluded.total, 100_000);
    assert.equal(built.excluded.problems.length, MAX_LISTED_PROBLEMS);
  });

  test('the ledger query names the table and filters and stays short whatever the request', () => {
    const groups = Array.from({ length: 500 }, (_, i) => `Armed Group ${i} ${'x'.repeat(150)}`);
    const built = buildTable('incidents-by-perpetrator', { incidents: [] }, { ...H1_2030, groups });
    assert.match(built.query, /^incidents-by-perpetrator: 2030-01-01 to 2030-06-30 by month; verification verified; groups: 500 listed$/);
    const short = buildTable('incidents-by-country-period', { incidents: [] }, { ...H1_2030, countries: ['XT', 'XU'] });
    assert.match(short.query, /countries: XT, XU/);
  });
});

describe('through the publication gate', () => {
  const BUDGET = { epsilon: 5, delta: 1e-5 };
  const FIXED = { now: () => '2030-07-01T00:00:00.000Z', newId: () => 'release-tables-1' };

  /** Counts 0…12 spread over countries × months, so both sides of k = 5 occur. */
  function builtForGate(): BuiltTable {
    const incidents: Incident[] = [];
    const countries = ['XT', 'XU', 'XV'];
    countries.forEach((country, c) => {
      for (let m = 1; m <= 6; m++) {
        const n = (c * 6 + m * 5) % 13;
        for (let i = 0; i < n; i++) incidents.push(incident({ date: `2030-0${m}-1${i % 9}`, place: { country } }));
      }
    });
    return buildTable('incidents-by-country-period', { incidents }, { ...H1_2030, countries });
  }

  test("mechanism 'none' with k = 5: the suppressed cells are exactly those with true counts below 5", () => {
    const built = builtForGate();
    assert.ok(built.cells.some((c) => c.count === 0) && built.cells.some((c) => c.count === 4) && built.cells.some((c) => c.count === 5));
    const release = releaseTable(built.cells, { query: built.query, dimensions: built.dimensions, mechanism: 'none', k: 5 }, [], BUDGET, {
      ...FIXED, maxCellsPerPerson: gateMaxCellsPerPerson(built.sensitivity, 'none'),
    });
    assert.equal(release.cells.length, built.cells.length);
    release.cells.forEach((r, i) => {
      const truth = built.cells[i]!;
      assert.deepEqual(r.key, truth.key);
      assert.equal(r.suppressed, truth.count < 5, JSON.stringify(truth));
      assert.equal(r.value, truth.count < 5 ? undefined : truth.count);
    });
    assert.equal(release.entry.query, built.query);
  });

  test('discrete Laplace: every cell of the full table is present, and no shown value is below k', () => {
    const built = builtForGate();
    const release = releaseTable(built.cells, { query: built.query, dimensions: built.dimensions, mechanism: 'discrete-laplace', epsilon: 1, k: 5 }, [], BUDGET, {
      ...FIXED, random: seededRandomForTests('tables'), maxCellsPerPerson: gateMaxCellsPerPerson(built.sensitivity, 'discrete-laplace'),
    });
    assert.deepEqual(release.cells.map((c) => c.key), built.cells.map((c) => c.key));
    for (const c of release.cells) {
      if (c.suppressed) assert.equal(c.value, undefined);
      else assert.ok(Number.isInteger(c.value) && c.value! >= 5, String(c.value));
    }
    assert.equal(release.entry.epsilon, 1);
    assert.match(release.note.text, /sensitivity 1/);
  });

  test('the forms table goes to the gate with its sensitivity', () => {
    const built = buildTable('incidents-by-form', { incidents: [incident({ forms: ['forced_labour', 'servitude'] })] }, H1_2030);
    const release = releaseTable(built.cells, { query: built.query, dimensions: built.dimensions, mechanism: 'discrete-laplace', epsilon: 1 }, [], BUDGET, {
      ...FIXED, random: seededRandomForTests('forms'), maxCellsPerPerson: gateMaxCellsPerPerson(built.sensitivity, 'discrete-laplace'),
    });
    assert.match(release.note.text, /sensitivity 3/);
  });

  test('a released table becomes a report table: dimension columns with their HXL, suppressed kept as suppressed', () => {
    const built = buildTable('incidents-by-period', { incidents: Array.from({ length: 7 }, () => incident({ date: '2030-05-05' })) }, { from: '2030-01', to: '2030-06', step: 'quarter' });
    const release = releaseTable(built.cells, { query: built.query, dimensions: built.dimensions, mechanism: 'none', k: 5 }, [], BUDGET, FIXED);
    const table = reportTableFromRelease('incidents-by-period', release, { step: 'quarter' });
    assert.equal(table.id, 'incidents-by-period');
    assert.deepEqual(table.columns.map((c) => c.hxl), ['#date+quarter', '#event+num']);
    assert.deepEqual(table.rows, [
      [{ kind: 'text', text: '2030-Q1' }, { kind: 'suppressed' }],
      [{ kind: 'text', text: '2030-Q2' }, { kind: 'count', value: 7 }],
    ]);
    assert.equal(table.note.k, 5);
    assert.deepEqual(table.chart, { type: 'line', labelColumn: 0, valueColumn: 1 });
  });

  test('report rows use the vocabularies and country codes; a table not from the gate is refused', () => {
    const built = buildTable('corridors', { movements: [movement('XT', 'XU', 9)] }, { ...H1_2030, countries: ['XT', 'XU', 'unknown'] });
    const release = releaseTable(built.cells, { query: built.query, dimensions: built.dimensions, mechanism: 'none', k: 5 }, [], BUDGET, FIXED);
    const table = reportTableFromRelease('corridors', release, { step: 'month' });
    assert.deepEqual(table.columns.map((c) => c.hxl), ['#country+code+origin', '#country+code+dest', '#affected']);
    assert.deepEqual(table.rows[1], [{ kind: 'country', code: 'XT' }, { kind: 'country', code: 'XU' }, { kind: 'count', value: 9 }]);
    assert.deepEqual(table.rows[2]![1], { kind: 'text', text: 'unknown' });
    const tampered = { ...release, cells: release.cells.map((c) => ({ ...c, value: 1, suppressed: false })) };
    assert.throws(() => reportTableFromRelease('corridors', tampered, { step: 'month' }), refusedWith('VALIDATION_FAILED', /below the table's threshold/));

    const victims = buildTable('victims-by-sex-age', { incidents: [incident()] }, H1_2030);
    const victimsRelease = releaseTable(victims.cells, { query: victims.query, dimensions: victims.dimensions, mechanism: 'none', k: 5 }, [], BUDGET, FIXED);
    const victimsTable = reportTableFromRelease('victims-by-sex-age', victimsRelease, { step: 'month' });
    assert.deepEqual(victimsTable.rows[0]!.slice(0, 2), [{ kind: 'term', vocabulary: 'sex', code: 'female' }, { kind: 'term', vocabulary: 'ageBand', code: '0-11' }]);
  });
});
