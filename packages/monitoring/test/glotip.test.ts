import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AriadneError } from '@ariadne/schema';
import { aggregateGlotip, isCensoredSum, parseGlotip, parseGlotipAsync, parseGlotipValue, type GlotipRow } from '../src/ingest/glotip.ts';
import { isCensored } from '../src/types.ts';
import { writeXlsx, type FixtureCell } from './xlsx-fixtures.ts';

/** A 281-row extract of UNODC's data_glotip.xlsx (release 30/05/2023); see fixtures/README.md. */
const fixture = readFileSync(new URL('./fixtures/glotip-extract.xlsx', import.meta.url));

const HEADER = ['Iso3_code', 'Country', 'Region', 'Subregion', 'Indicator', 'Dimension', 'Category', 'Sex', 'Age', 'Year', 'Unit of measurement', 'txtVALUE', 'Source'];
/** a synthetic GLOTIP data row for "Testland" (XXA), overridable column by column */
function testlandRow(overrides: Partial<Record<(typeof HEADER)[number], FixtureCell>> = {}): FixtureCell[] {
  const base: Record<string, FixtureCell> = {
    Iso3_code: 'XXA',
    Country: 'Testland',
    Region: 'Testregion',
    Subregion: 'Testsubregion',
    Indicator: 'Detected trafficking victims',
    Dimension: 'Total',
    Category: 'Total',
    Sex: 'Female',
    Age: '0 to 17 years',
    Year: 2020,
    'Unit of measurement': 'Counts',
    txtVALUE: '12',
    Source: 'GLOTIP',
    ...overrides,
  };
  return HEADER.map((name) => base[name]);
}
const glotipXlsx = (rows: FixtureCell[][], provenance = true): Uint8Array =>
  writeXlsx([{ name: 'data_glotip_1', rows: provenance ? [['UNODC', { inline: 'unodc_ddds@un.org' }], ['30/05/2023'], HEADER, ...rows] : [HEADER, ...rows] }]);

describe('parseGlotip: the UNODC extract', () => {
  const result = parseGlotip(fixture);

  test('parses every data row with its provenance from the header rows', () => {
    assert.equal(result.items.length, 281);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.provenance, { source: 'UNODC GLOTIP', sheet: 'data_glotip_1', publisher: 'UNODC', contact: 'unodc_ddds@un.org', releaseDate: '2023-05-30', headerRow: 3 });
  });

  test('has all five indicators, in the counts the extract holds', () => {
    const byIndicator: Record<string, number> = {};
    for (const row of result.items) byIndicator[row.indicator] = (byIndicator[row.indicator] ?? 0) + 1;
    assert.deepEqual(byIndicator, { detected_victims: 157, persons_in_formal_contact: 35, persons_prosecuted: 39, persons_convicted: 44, offences: 6 });
  });

  test('"<5" stays censored: 162 values are { censored, below: 5 } and none of them is a number', () => {
    const censored = result.items.filter((row) => isCensored(row.value));
    assert.equal(censored.length, 162);
    for (const row of censored) assert.deepEqual(row.value, { censored: true, below: 5 });
    for (const row of result.items) assert.ok(typeof row.value === 'number' || isCensored(row.value), `row ${row.record}`);
  });

  test('reads a row by its columns, under its original row number', () => {
    const row = result.items.find((r) => r.record === 36099);
    assert.deepEqual(row, {
      record: 36099,
      iso3: 'UKR',
      areaCode: 'UKR',
      country: 'Ukraine',
      area: 'Ukraine',
      aggregate: false,
      region: 'Europe',
      subregion: 'Eastern Europe',
      indicator: 'detected_victims',
      dimension: 'form',
      category: 'Forced labour',
      form: 'forced_labour',
      sex: 'total',
      age: 'total',
      year: 2019,
      value: 1255,
    } satisfies GlotipRow);
  });

  test('a count with a thousands comma ("1,757") is read as 1757', () => {
    assert.equal(result.items.find((r) => r.record === 1004)?.value, 1757);
  });

  test('area aggregates (empty Country) are never taken for a country, even when the code looks like one', () => {
    const car = result.items.filter((r) => r.areaCode === 'CAR');
    assert.equal(car.length, 81);
    for (const row of car) {
      assert.equal(row.aggregate, true);
      assert.equal(row.iso3, undefined);
      assert.equal(row.area, 'CAR');
    }
    const aruba = result.items.find((r) => r.record === 2672);
    assert.equal(aruba?.area, 'Aruba/Curacao');
    assert.equal(aruba?.aggregate, true);
    assert.equal(aruba?.iso3, undefined);
    assert.equal(result.items.filter((r) => r.aggregate).length, 82);
  });

  test('a place without an Iso3 code (Sark) keeps its name and gets no iso3', () => {
    const sark = result.items.filter((r) => r.country === 'Sark');
    assert.equal(sark.length, 15);
    assert.ok(sark.every((r) => r.iso3 === undefined && r.aggregate === false && r.area === 'Sark'));
  });

  test('a blank citizenship category is kept as "" with its count', () => {
    const blank = result.items.find((r) => r.record === 321);
    assert.equal(blank?.dimension, 'citizenship');
    assert.equal(blank?.category, '');
    assert.equal(blank?.value, 60);
  });

  test('the async parser gives the same result', async () => {
    assert.deepEqual(await parseGlotipAsync(fixture), result);
  });
});

describe('aggregateGlotip', () => {
  const { items } = parseGlotip(fixture);
  const aggregates = aggregateGlotip(items);
  interface Wanted {
    area: string;
    indicator: string;
    year: number;
    dimension: string;
    /** the form, or the category for citizenship and repatriation */
    of?: string;
    sex?: string;
  }
  const find = ({ area, indicator, year, dimension, of, sex = 'total' }: Wanted) =>
    aggregates.filter((a) => a.area === area && a.indicator === indicator && a.year === year && a.dimension === dimension && (a.form ?? a.category) === of && a.sex === sex && a.age === 'total');

  test('a sum that includes "<5" cells is a lower bound with the number of censored cells, never a plain number', () => {
    // Albania 2017: five "Other forms of exploitation" rows (the release folded several forms into one label)
    assert.deepEqual(find({ area: 'Albania', indicator: 'detected_victims', year: 2017, dimension: 'form', of: 'other' }), [
      { area: 'Albania', iso3: 'ALB', aggregate: false, indicator: 'detected_victims', year: 2017, sex: 'total', age: 'total', dimension: 'form', form: 'other', value: { lowerBound: true, atLeast: 52, atMost: 60, censoredCells: 2 }, records: [42521, 42522, 42523, 42524, 42525] },
    ]);
    const argentina = find({ area: 'Argentina', indicator: 'detected_victims', year: 2019, dimension: 'total', sex: 'other' });
    assert.deepEqual(argentina.map((a) => a.value), [{ lowerBound: true, atLeast: 11, atMost: 15, censoredCells: 1 }]);
  });

  test('every group holding a censored row is a CensoredSum; every other group is the exact sum', () => {
    const byRecord = new Map(items.map((r) => [r.record, r]));
    for (const group of aggregates) {
      const rows = group.records.map((n) => byRecord.get(n)!);
      if (rows.some((r) => isCensored(r.value))) assert.ok(isCensoredSum(group.value), `group of rows ${group.records.join(',')}`);
      else assert.equal(group.value, rows.reduce((sum, r) => sum + (r.value as number), 0));
    }
    assert.equal(aggregates.reduce((n, a) => n + a.records.length, 0), items.length);
  });

  test('exact rows that repeat a key are summed (Iraq 2019 convictions, other forms: 19)', () => {
    const iraq = find({ area: 'Iraq', indicator: 'persons_convicted', year: 2019, dimension: 'form', of: 'other' });
    assert.equal(iraq.length, 1);
    assert.equal(iraq[0]!.value, 19);
    assert.equal(iraq[0]!.records.length, 2);
  });

  test('the Total row and the by-form rows of one country-year are never summed together', () => {
    assert.deepEqual(find({ area: 'Ukraine', indicator: 'detected_victims', year: 2019, dimension: 'total' }).map((a) => [a.value, a.records]), [[1345, [36098]]]);
    assert.deepEqual(find({ area: 'Ukraine', indicator: 'detected_victims', year: 2019, dimension: 'form', of: 'forced_labour' }).map((a) => [a.value, a.records]), [[1255, [36099]]]);
  });

  test('synthetic cases: all exact, all censored, censored with other thresholds', () => {
    const row = (record: number, value: GlotipRow['value']): GlotipRow => ({ record, area: 'Testland', iso3: 'XXA', aggregate: false, indicator: 'persons_convicted', dimension: 'form', category: 'Forced labour', form: 'forced_labour', sex: 'male', age: '18+', year: 2020, value });
    assert.equal(aggregateGlotip([row(4, 3), row(5, 4)])[0]!.value, 7);
    assert.deepEqual(aggregateGlotip([row(4, { censored: true, below: 5 }), row(5, { censored: true, below: 5 })])[0]!.value, { lowerBound: true, atLeast: 0, atMost: 8, censoredCells: 2 });
    assert.deepEqual(aggregateGlotip([row(4, 10), row(5, { censored: true, below: 3 }), row(6, { censored: true, below: 5 })])[0]!.value, { lowerBound: true, atLeast: 10, atMost: 16, censoredCells: 2 });
    assert.deepEqual(aggregateGlotip([]), []);
  });

  test('citizenship rows are grouped per citizenship, not summed over them', () => {
    const row = (record: number, category: string, value: number): GlotipRow => ({ record, area: 'Testland', aggregate: false, indicator: 'detected_victims', dimension: 'citizenship', category, sex: 'total', age: 'total', year: 2020, value });
    const groups = aggregateGlotip([row(4, 'Nationals', 3), row(5, 'Otherland', 4), row(6, 'Nationals', 2)]);
    assert.deepEqual(groups.map((g) => [g.category, g.value]), [['Nationals', 5], ['Otherland', 4]]);
  });
});

describe('parseGlotip: bad rows', () => {
  test('each bad row becomes a RecordProblem naming its sheet row; the good rows are imported', () => {
    const xlsx = glotipXlsx([
      testlandRow(), // row 4: good
      testlandRow({ Indicator: 'Persons arrested' }), // 5
      testlandRow({ Year: 20_019 }), // 6
      testlandRow({ Year: 'last year' }), // 7
      testlandRow({ txtVALUE: 'five' }), // 8
      testlandRow({ txtVALUE: '-3' }), // 9
      testlandRow({ txtVALUE: '1.5' }), // 10
      testlandRow({ txtVALUE: undefined }), // 11
      testlandRow({ Sex: 'F' }), // 12
      testlandRow({ Age: 'adult' }), // 13
      testlandRow({ Dimension: 'by form of exploitation', Category: 'Begging' }), // 14
      testlandRow({ Dimension: 'by region' }), // 15
      testlandRow({ 'Unit of measurement': 'Percent' }), // 16
      testlandRow({ txtVALUE: '<5', Sex: 'Male' }), // 17: good, censored
      testlandRow({ Iso3_code: undefined, Country: undefined }), // 18
      testlandRow({ txtVALUE: 1.5 }), // 19: a number cell that is not a count
    ]);
    const { items, problems } = parseGlotip(xlsx);
    assert.deepEqual(items.map((r) => [r.record, r.value]), [[4, 12], [17, { censored: true, below: 5 }]]);
    assert.deepEqual(problems.map((p) => p.record), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19]);
    assert.match(problems[0]!.message, /^Row 5: the indicator "Persons arrested" is not one of GLOTIP's five\.$/);
    assert.match(problems[1]!.message, /^Row 6: the year "20019" is not a year between 1990 and 2100\.$/);
    assert.match(problems[3]!.message, /^Row 8: the value "five" is neither a count nor a censored "<N"\.$/);
    assert.match(problems[6]!.message, /^Row 11: the value an empty cell is neither/);
    assert.match(problems[9]!.message, /^Row 14: the form of exploitation "Begging" is not one Ariadne knows\.$/);
  });

  test('a damaged cell (10 MB of text) makes its row a problem; the rows around it are imported', () => {
    const xlsx = glotipXlsx([testlandRow(), testlandRow({ Category: { inline: 'z'.repeat(10 * 1024 * 1024) } }), testlandRow({ Year: 2021 })]);
    const { items, problems } = parseGlotip(xlsx);
    assert.deepEqual(items.map((r) => r.record), [4, 6]);
    assert.deepEqual(problems, [{ record: 5, message: 'Row 5: cell G5 is longer than 32767 characters.' }]);
  });

  test('a hostile value (long, ending in an escaped BEL, _x0007_) is quoted short and without control characters', () => {
    const { problems } = parseGlotip(glotipXlsx([testlandRow({ txtVALUE: `${'9'.repeat(100)}_x0007_` })]));
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.message.length < 120, problems[0]!.message);
    assert.ok(!problems[0]!.message.includes('\u0007'));
  });

  test('rows out of order are imported under their own row numbers', () => {
    const rows = [['UNODC'], ['30/05/2023'], HEADER, testlandRow({ Year: 2020 }), testlandRow({ Year: 2019 })];
    const xlsx = writeXlsx([{ name: 'data_glotip_1', rows, rowNumbers: [1, 2, 3, 9, 5] }]);
    assert.deepEqual(parseGlotip(xlsx).items.map((r) => [r.record, r.year]), [[9, 2020], [5, 2019]]);
  });

  test('columns are found by their header, in any order', () => {
    const order = [...HEADER].reverse();
    const row = testlandRow();
    const xlsx = writeXlsx([{ name: 'S', rows: [order, order.map((name) => row[HEADER.indexOf(name)])] }]);
    const { items } = parseGlotip(xlsx);
    assert.equal(items[0]?.country, 'Testland');
    assert.equal(items[0]?.value, 12);
  });

  test('a sheet without the provenance rows (the header first) reads, with no release date', () => {
    const { items, provenance } = parseGlotip(glotipXlsx([testlandRow()], false));
    assert.equal(items.length, 1);
    assert.deepEqual(provenance, { source: 'UNODC GLOTIP', sheet: 'data_glotip_1', headerRow: 1 });
  });

  test('a sheet that is not GLOTIP, or lacks a required column, is refused', () => {
    const notGlotip = writeXlsx([{ name: 'S', rows: Array.from({ length: 30 }, (_, i) => [`Person ${i}`]) }]);
    assert.throws(() => parseGlotip(notGlotip), (e: unknown) => e instanceof AriadneError && e.code === 'MALFORMED_INPUT' && /not a GLOTIP sheet/.test(e.message));
    const noYear = writeXlsx([{ name: 'S', rows: [HEADER.filter((h) => h !== 'Year')] }]);
    assert.throws(() => parseGlotip(noYear), (e: unknown) => e instanceof AriadneError && /Row 1: the GLOTIP header lacks the column Year/.test(e.message));
  });

  test('a large sheet (20,000 rows) imports every row', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => testlandRow({ Year: 2000 + (i % 20), txtVALUE: i % 2 === 0 ? '<5' : String(i) }));
    const { items, problems } = parseGlotip(glotipXlsx(rows));
    assert.equal(items.length, 20_000);
    assert.equal(problems.length, 0);
    assert.equal(items.filter((r) => isCensored(r.value)).length, 10_000);
  });
});

describe('parseGlotipValue', () => {
  test('reads counts and "<N", and nothing else', () => {
    assert.equal(parseGlotipValue('0'), 0);
    assert.equal(parseGlotipValue(' 42 '), 42);
    assert.equal(parseGlotipValue('10,627'), 10_627);
    assert.equal(parseGlotipValue(7), 7);
    assert.deepEqual(parseGlotipValue('<5'), { censored: true, below: 5 });
    assert.deepEqual(parseGlotipValue('< 10'), { censored: true, below: 10 });
    for (const bad of ['<0', '5+', '1,2', '12,34,567', '1e3', '', 'NaN', -1, 2.5, true, undefined]) assert.equal(parseGlotipValue(bad), undefined, String(bad));
  });
});
