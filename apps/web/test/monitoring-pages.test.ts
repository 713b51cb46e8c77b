/**
 * The monitoring pages' pure parts and API client: filter state and what goes in the query, the
 * release form's checks (k never below 5, ε and δ per mechanism, the budget), how censored and
 * suppressed values are shown (never as a number), the over-budget refusal, and the chart.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { filterQuery, monitoringApi, OverBudgetError, releaseHxlUrl, reportHtmlUrl, reportPdfUrl } from '../src/api/monitoring.ts';
import { EXPLOITATION_FORMS, INCIDENT_CATEGORIES, VERIFICATION_STATUSES } from '../src/api/monitoring-types.ts';
import { ApiError } from '../src/api/problem.ts';
import {
  clampK, draftToFilters, EMPTY_FILTERS, EMPTY_RELEASE, formatP, formatZ, isIsoDate, K_MIN, niceCeiling, parseCountryCodes, releaseColumns,
  releaseErrors, releaseInput, reportErrors, shownCell, shownGlotip, splitList, tableTitle, toggle, topCorridors, trendChart,
} from '../src/pages/monitoring/monitoring-view.ts';

const realFetch = globalThis.fetch;
type Call = { url: string; method: string; body: unknown; headers: Record<string, string> };
let calls: Call[] = [];

function script(...answers: [number, unknown][]): void {
  calls = [];
  let i = 0;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body, headers: init.headers as Record<string, string> });
    const [status, body] = answers[Math.min(i++, answers.length - 1)]!;
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}
afterEach(() => { globalThis.fetch = realFetch; });

const BUDGET = { total: { epsilon: 5, delta: 1e-6 }, spent: { epsilon: 4.5, delta: 0 }, remaining: { epsilon: 0.5, delta: 1e-6 } };

describe('the closed lists match @ariadne/monitoring', () => {
  test('forms, categories and verification statuses are the package\'s', () => {
    const source = readFileSync(new URL('../../../packages/monitoring/src/types.ts', import.meta.url), 'utf8');
    for (const value of [...EXPLOITATION_FORMS, ...INCIDENT_CATEGORIES, ...VERIFICATION_STATUSES]) assert.ok(source.includes(`'${value}'`), value);
    const count = (name: string) => source.match(new RegExp(`${name} = \\[([\\s\\S]*?)\\] as const`))![1]!.match(/'[^']+'/g)!.length;
    assert.equal(count('EXPLOITATION_FORMS'), EXPLOITATION_FORMS.length);
    assert.equal(count('INCIDENT_CATEGORIES'), INCIDENT_CATEGORIES.length);
    assert.equal(count('VERIFICATION_STATUSES'), VERIFICATION_STATUSES.length);
  });
});

describe('filters', () => {
  test('typed lists are split, trimmed and de-duplicated', () => {
    assert.deepEqual(splitList(' XX0101, XX0102;;XX0101\nXX0203 '), ['XX0101', 'XX0102', 'XX0203']);
    assert.deepEqual(splitList(' , ;'), []);
  });

  test('country codes are upper-cased and anything else is reported, not dropped silently', () => {
    assert.deepEqual(parseCountryCodes('xx, YY, Testland, xx, X1'), { codes: ['XX', 'YY'], invalid: ['Testland', 'X1'] });
  });

  test('dates must be real calendar days', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2023-02-29'));
    assert.ok(!isIsoDate('2024-2-1'));
    assert.ok(!isIsoDate("2024-01-01' OR 1=1"));
  });

  test('the default shows verified incidents only', () => {
    assert.deepEqual(draftToFilters(EMPTY_FILTERS), { filters: { verification: 'verified' }, errors: {} });
  });

  test('a full draft becomes the filters, and the filters the query string', () => {
    const { filters, errors } = draftToFilters({
      ...EMPTY_FILTERS, from: '2025-01-01', to: '2025-06-30', countries: 'xx, yy', pcodes: 'XX01', groups: 'Group 7; Group 9',
      forms: ['forced_labour', 'child_recruitment'], categories: ['tip:sale'], verification: 'reported',
    });
    assert.deepEqual(errors, {});
    const query = filterQuery(filters);
    assert.deepEqual(query, {
      from: '2025-01-01', to: '2025-06-30', countries: 'XX,YY', pcodes: 'XX01', categories: 'tip:sale',
      forms: 'forced_labour,child_recruitment', groups: 'Group 7,Group 9', verification: 'reported',
    });
  });

  test('a bad period or a bad country is an error per field, and nothing is sent', () => {
    const result = draftToFilters({ ...EMPTY_FILTERS, from: '2025-06-01', to: '2025-01-01', countries: 'Testland' });
    assert.equal(result.filters, undefined);
    assert.deepEqual(result.errors, { to: 'monitoring.error.period', countries: 'monitoring.error.countries' });
  });

  test('toggle adds once and removes', () => {
    assert.deepEqual(toggle(['a', 'b'], 'a', true), ['b', 'a']);
    assert.deepEqual(toggle(['a', 'b'], 'a', false), ['b']);
  });
});

describe('the release form', () => {
  const good = { ...EMPTY_RELEASE, table: 'victims-by-country-year', title: 'Testland 2024', from: '2024-01-01', to: '2024-12-31' };

  test('k defaults to 10 and is never below 5', () => {
    assert.equal(clampK(''), 10);
    assert.equal(clampK('abc'), 10);
    assert.equal(clampK('3'), K_MIN);
    assert.equal(clampK(-20), K_MIN);
    assert.equal(clampK('12.6'), 13);
    assert.deepEqual(releaseErrors({ ...good, k: '4' }), { k: 'monitoring.error.kMin' });
    assert.equal(releaseInput({ ...good, k: '2' }).k, 5, 'even a draft that skipped the check sends k ≥ 5');
  });

  test('a complete Laplace draft is pure DP: δ is 0 whatever was typed', () => {
    assert.deepEqual(releaseErrors(good, BUDGET.remaining), {});
    assert.deepEqual(releaseInput({ ...good, epsilon: '0.25', delta: '0.1' }), {
      table: 'victims-by-country-year', title: 'Testland 2024', from: '2024-01-01', to: '2024-12-31', step: 'year', k: 10,
      mechanism: 'discrete-laplace', epsilon: 0.25, delta: 0,
    });
  });

  test('missing fields, ε ≤ 0 and a Gaussian without a δ in (0, 1) are refused', () => {
    assert.deepEqual(releaseErrors({ ...EMPTY_RELEASE, epsilon: '0' }), {
      table: 'monitoring.error.required', title: 'monitoring.error.required', from: 'monitoring.error.required', to: 'monitoring.error.required',
      epsilon: 'monitoring.error.epsilon',
    });
    assert.deepEqual(releaseErrors({ ...good, mechanism: 'discrete-gaussian', delta: '0' }), { delta: 'monitoring.error.delta' });
    assert.deepEqual(releaseErrors({ ...good, mechanism: 'discrete-gaussian', delta: '1' }), { delta: 'monitoring.error.delta' });
    assert.deepEqual(releaseErrors({ ...good, epsilon: 'Infinity' }), { epsilon: 'monitoring.error.epsilon' });
  });

  test('asking for more than the remaining budget is caught before sending', () => {
    assert.deepEqual(releaseErrors({ ...good, epsilon: '0.6' }, BUDGET.remaining), { epsilon: 'monitoring.error.overBudget' });
    assert.deepEqual(releaseErrors({ ...good, mechanism: 'discrete-gaussian', epsilon: '0.1', delta: '0.00001' }, BUDGET.remaining),
      { delta: 'monitoring.error.overBudget' });
  });

  test('no noise sends neither ε nor δ, and ignores the budget', () => {
    const input = releaseInput({ ...good, mechanism: 'none', epsilon: '99' });
    assert.equal('epsilon' in input, false);
    assert.equal('delta' in input, false);
    assert.deepEqual(releaseErrors({ ...good, mechanism: 'none', epsilon: '99' }, BUDGET.remaining), {});
  });
});

describe('the report form', () => {
  const good = { kind: 'thematic' as const, title: 'Testland brief', from: '2024-01-01', to: '2024-12-31', country: '', releases: ['r1'], quote: false, fromYear: '', toYear: '' };
  test('a thematic report needs a title, a period and released tables', () => {
    assert.deepEqual(reportErrors(good), {});
    assert.deepEqual(reportErrors({ ...good, releases: [], title: ' ' }), { title: 'monitoring.error.required', releases: 'monitoring.error.releases' });
  });
  test('a country profile and a GLOTIP quote need one country and a year range', () => {
    assert.deepEqual(reportErrors({ ...good, kind: 'country' }), { country: 'monitoring.error.required' });
    assert.deepEqual(reportErrors({ ...good, country: 'XX, YY' }), { country: 'monitoring.error.countries' });
    assert.deepEqual(reportErrors({ ...good, country: 'XX', quote: true, fromYear: '2022', toYear: '2019' }), { toYear: 'monitoring.error.period' });
    assert.deepEqual(reportErrors({ ...good, country: 'XX', quote: true, fromYear: '22', toYear: '2023' }), { fromYear: 'monitoring.error.year' });
  });
});

describe('showing values', () => {
  test('a suppressed cell never shows a number, even when one came along', () => {
    assert.deepEqual(shownCell({ key: { country: 'XX' }, value: 3, suppressed: true }), { kind: 'suppressed' });
    assert.deepEqual(shownCell({ key: { country: 'XX' }, value: null, suppressed: false }), { kind: 'suppressed' });
    assert.deepEqual(shownCell({ key: { country: 'XX' }, suppressed: false }), { kind: 'suppressed' });
    assert.deepEqual(shownCell({ key: { country: 'XX' }, value: Number.NaN, suppressed: false }), { kind: 'suppressed' });
    assert.deepEqual(shownCell({ key: { country: 'XX' }, value: 0, suppressed: false }), { kind: 'value', value: 0 });
    assert.deepEqual(shownCell({ key: { country: 'XX' }, value: 42, suppressed: false }), { kind: 'value', value: 42 });
  });

  test('a censored GLOTIP value shows "<5", never a number', () => {
    assert.deepEqual(shownGlotip({ value: null, censoredBelow: 5 }, 'en'), { kind: 'censored', below: 5, text: '<5' });
    assert.deepEqual(shownGlotip({ value: 3, censoredBelow: 5 }, 'en'), { kind: 'censored', below: 5, text: '<5' }, 'censoring wins');
    assert.deepEqual(shownGlotip({ value: 1234, censoredBelow: null }, 'en'), { kind: 'value', text: '1,234' });
    assert.deepEqual(shownGlotip({ value: 1234, censoredBelow: null }, 'fr').kind, 'value');
    assert.deepEqual(shownGlotip({ value: null, censoredBelow: null }, 'en'), { kind: 'missing' });
  });

  test('z and p are formatted for reading', () => {
    assert.equal(formatZ(2.5, 'en'), '+2.50');
    assert.equal(formatZ(-1.234, 'en'), '-1.23');
    assert.equal(formatZ(Number.NaN, 'en'), '–');
    assert.equal(formatP(0.0001, 'en'), '<0.001');
    assert.equal(formatP(0.04567, 'en'), '0.046');
  });

  test('a table title in the page language, falling back to English, a key or the id', () => {
    const t = (k: string) => `T(${k})`;
    assert.equal(tableTitle({ id: 'a', title: { en: 'Victims', fr: 'Victimes' }, dimensions: [] }, 'fr', t), 'Victimes');
    assert.equal(tableTitle({ id: 'a', title: { en: 'Victims' }, dimensions: [] }, 'ar', t), 'Victims');
    assert.equal(tableTitle({ id: 'a', titleKey: 'monitoring.table.a', dimensions: [] }, 'en', t), 'T(monitoring.table.a)');
    assert.equal(tableTitle({ id: 'a', dimensions: [] }, 'en', t), 'a');
  });

  test('release columns follow the catalogue, then any other key', () => {
    const cells = [{ key: { year: '2024', country: 'XX', extra: 'e' }, value: 10, suppressed: false }];
    assert.deepEqual(releaseColumns(cells, { id: 't', dimensions: [{ name: 'country', hxl: '#country+code' }, { name: 'year', hxl: '#date+year' }] }),
      ['country', 'year', 'extra']);
    assert.deepEqual(releaseColumns(cells), ['year', 'country', 'extra']);
  });

  test('top corridors: largest first, ties in a stable order', () => {
    const corridors = [
      { origin: 'YY', destination: 'XX', count: 5, small: false }, { origin: 'XX', destination: 'YY', count: 5, small: false },
      { origin: 'ZZ', destination: 'XX', count: 40, small: false },
    ];
    assert.deepEqual(topCorridors(corridors, 2).map((c) => `${c.origin}>${c.destination}`), ['ZZ>XX', 'XX>YY']);
    assert.deepEqual(topCorridors(corridors, -1), []);
  });
});

describe('the trend chart', () => {
  test('round ceilings', () => {
    assert.equal(niceCeiling(37), 50);
    assert.equal(niceCeiling(100), 100);
    assert.equal(niceCeiling(0), 1);
    assert.equal(niceCeiling(0.3), 0.5);
  });

  test('bars fill the plot, the largest to the top gridline, small ones marked', () => {
    const chart = trendChart([
      { period: '2025-01', count: 20, small: false }, { period: '2025-02', count: 3, small: true }, { period: '2025-03', count: -1, small: false },
    ], 300, 100);
    assert.equal(chart.max, 20);
    assert.equal(chart.bars.length, 3);
    assert.equal(chart.bars[0]!.y, 0);
    assert.equal(chart.bars[0]!.height, 100);
    assert.equal(chart.bars[1]!.small, true);
    assert.equal(chart.bars[2]!.height, 0, 'a negative count is not drawn upside down');
    assert.ok(chart.bars.every((b) => b.x >= 0 && b.x + b.width <= 300));
    assert.deepEqual(chart.ticks, [0, 5, 10, 15, 20]);
  });

  test('an empty series draws nothing and does not divide by zero', () => {
    assert.deepEqual(trendChart([], 300, 100).bars, []);
  });
});

describe('the API client', () => {
  test('analyses send the filters as query parameters', async () => {
    script([200, { step: 'month', series: [], total: 0 }], [200, { resolution: 6, steps: [], cells: [] }], [200, { flows: [], corridors: [], changes: [] }]);
    await monitoringApi.trends({ countries: ['XX'], verification: 'verified' }, 'month');
    await monitoringApi.hotspots({ from: '2025-01-01' }, 6, 'month');
    await monitoringApi.routes({ forms: ['forced_labour'] }, { compareFrom: '2024-01-01', compareTo: '2024-12-31' });
    assert.equal(calls[0]!.url, '/api/monitoring/trends?step=month&countries=XX&verification=verified');
    assert.equal(calls[1]!.url, '/api/monitoring/hotspots?resolution=6&step=month&from=2025-01-01');
    assert.equal(calls[2]!.url, '/api/monitoring/routes?level=country&compareFrom=2024-01-01&compareTo=2024-12-31&forms=forced_labour');
  });

  test('an import sends the file as it is, with its kind and name in the query', async () => {
    script([201, { dataset: { id: 'd1' }, problems: [], notes: [] }]);
    const file = new Blob(['#country+code\nXX\n']);
    await monitoringApi.importDataset(file, 'testland incidents.csv', 'hxl');
    assert.equal(calls[0]!.method, 'POST');
    assert.equal(calls[0]!.url, '/api/monitoring/datasets?kind=hxl&fileName=testland+incidents.csv');
    assert.equal(calls[0]!.headers['Content-Type'], 'application/octet-stream');
    assert.equal(calls[0]!.body, file);
    script([201, { dataset: { id: 'd2' }, problems: [], notes: [] }]);
    await monitoringApi.importDataset(file, 'x.xlsx');
    assert.equal(calls[0]!.url, '/api/monitoring/datasets?fileName=x.xlsx', 'no kind: the server detects it');
  });

  test('ids are encoded in paths and download links', async () => {
    script([204, undefined]);
    await monitoringApi.deleteDataset('a/b');
    assert.equal(calls[0]!.url, '/api/monitoring/datasets/a%2Fb');
    assert.equal(releaseHxlUrl('r/1'), '/api/monitoring/releases/r%2F1/hxl');
    assert.equal(reportHtmlUrl('p 1'), '/api/monitoring/reports/p%201/html');
    assert.equal(reportPdfUrl('p1'), '/api/monitoring/reports/p1/pdf');
  });

  test('a 409 on a release becomes an OverBudgetError carrying the ledger\'s budget', async () => {
    script([409, { title: 'Over budget', code: 'ARIADNE_CONFLICT', budget: BUDGET }], [200, { entries: [], budget: BUDGET }]);
    const input = releaseInput({ ...EMPTY_RELEASE, table: 't', title: 'x', from: '2024-01-01', to: '2024-12-31', epsilon: '1' });
    await assert.rejects(monitoringApi.createRelease(input), (err: unknown) => {
      assert.ok(err instanceof OverBudgetError);
      assert.ok(err instanceof ApiError, 'still an ApiError: useAction keeps it as the form error');
      assert.equal(err.status, 409);
      assert.deepEqual(err.budget, BUDGET);
      return true;
    });
    assert.equal(calls[1]!.url, '/api/monitoring/ledger');
    assert.deepEqual(JSON.parse(calls[0]!.body as string), input);
  });

  test('other release failures stay plain ApiErrors', async () => {
    script([422, { title: 'Invalid', code: 'ARIADNE_VALIDATION_FAILED' }]);
    await assert.rejects(monitoringApi.createRelease(releaseInput({ ...EMPTY_RELEASE, mechanism: 'none' })), (err: unknown) => {
      assert.ok(err instanceof ApiError && !(err instanceof OverBudgetError));
      return true;
    });
    assert.equal(calls.length, 1);
  });
});
