/** ACLED conflict events as a context layer, and the date rules every importer shares. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { importAcledCsv } from '../src/ingest/acled-csv.ts';
import { parseDate } from '../src/ingest/dates.ts';
import { resolveTestlandPlace } from './fixtures/testland-places.ts';

const TODAY = new Date('2025-06-30T12:00:00Z');
const FIXTURE = readFileSync(new URL('./fixtures/acled-events.csv', import.meta.url));
const options = { resolvePlace: resolveTestlandPlace, today: TODAY };
const HEADER = 'event_id_cnty,event_date,event_type,country,fatalities';

describe('importAcledCsv: a realistic export', () => {
  test('events become context incidents (category other, no victims, no forms) carrying their event type', async () => {
    const { items } = await importAcledCsv(FIXTURE, options);
    assert.deepEqual(items.map((e) => e.id), ['acled:XTO1', 'acled:XTO2', 'acled:XTO3']);
    assert.deepEqual(items[0], {
      id: 'acled:XTO1', source: 'acled', date: '2024-03-12', place: { country: 'XT', pcode: 'XT01', lat: 12.5012, lon: -3.2498 },
      category: 'other', forms: [], verification: 'reported', victims: [],
      eventType: 'Battles', fatalities: 4, actor1: 'Armed Group Alpha', perpetratorGroup: 'Armed Group Alpha',
      actor2: 'Testland Armed Forces', subEventType: 'Armed clash', disorderType: 'Political violence',
    });
  });

  test('time_precision 3 keeps only the month; an empty fatalities cell is 0', async () => {
    const { items } = await importAcledCsv(FIXTURE, options);
    assert.equal(items[1]!.date, '2024-03');
    assert.equal(items[1]!.eventType, 'Violence against civilians');
    assert.equal(items[2]!.fatalities, 0);
    assert.equal(items[2]!.actor2, undefined);
  });

  test('one problem per bad record with its line: unknown place, impossible date, duplicate id, bad fatalities', async () => {
    const { problems, records } = await importAcledCsv(FIXTURE, options);
    assert.equal(records, 7);
    assert.deepEqual(problems.map((p) => p.record), [5, 6, 7, 8]);
    assert.match(problems[0]!.message, /unknown place: "Atlantis"/);
    assert.match(problems[1]!.message, /impossible/);
    assert.equal(problems[2]!.message, 'duplicate of the record on line 2 (same event_id_cnty); not imported');
    assert.match(problems[3]!.message, /fatalities "many" is not a whole number/);
  });

  test('the free-text notes are never copied', async () => {
    const result = await importAcledCsv(FIXTURE, options);
    assert.doesNotMatch(JSON.stringify(result), /Person 17|synthetic note/);
    assert.ok(result.notes.includes('the notes column is not imported (free text can name people)'));
  });
});

describe('importAcledCsv: bad files and hostile records', () => {
  test('a file without the ACLED columns, an empty file, an unreadable header', async () => {
    await assert.rejects(importAcledCsv('id,date\n1,2024-01-01\n', options), { code: 'VALIDATION_FAILED', message: /event_id_cnty, event_date, event_type, country/ });
    await assert.rejects(importAcledCsv('', options), { code: 'MALFORMED_INPUT', message: /empty/ });
    await assert.rejects(importAcledCsv(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x0a]), options), { code: 'MALFORMED_INPUT', message: /^Line 1: the header cannot be read/ });
  });

  test('header only', async () => {
    const result = await importAcledCsv(`${HEADER}\r\n`, options);
    assert.deepEqual([result.items, result.problems, result.records], [[], [], 0]);
  });

  test('formula cells stay text and are counted; a missing id or type is a problem', async () => {
    const csv = `${HEADER},actor1\nX1,2024-01-01,Battles,Testland,1,"=HYPERLINK(""http://example.invalid"")"\n,2024-01-01,Battles,Testland,1,A\nX3,2024-01-01,,Testland,1,A\n`;
    const result = await importAcledCsv(csv, options);
    assert.equal(result.items[0]!.actor1, '=HYPERLINK("http://example.invalid")');
    assert.deepEqual(result.problems, [{ record: 3, message: 'the record has no event_id_cnty' }, { record: 4, message: 'the record has no event_type' }]);
    assert.ok(result.notes.some((n) => n.startsWith('1 record: cells start like a spreadsheet formula')));
  });

  test('a 50 MB field, 100,000 columns and an unbalanced quote each cost one record; Latin-1 is named', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${HEADER}\nX1,2024-01-01,Battles,Testland,1\nX2,2024-01-01,Battles,Testland,`);
      const block = Buffer.alloc(1 << 16, '9');
      for (let i = 0; i < 800; i++) yield block;
      yield Buffer.from(`\nX3,2024-01-01,Battles,Testland${',1'.repeat(100_000)}\n`);
      yield Buffer.from('X4,"2024-01-01,Battles,Testland,1\n');
      yield Buffer.from('X5,2024-01-01,Bataille \u00e0 Testville,Testland,1\n', 'latin1');
      yield Buffer.from('X6,2024-01-01,Battles,Testland,1\n');
    }
    const result = await importAcledCsv(Readable.from(chunks()), options);
    assert.deepEqual(result.items.map((e) => e.id), ['acled:X1', 'acled:X6']);
    assert.deepEqual(result.problems.map((p) => p.record), [3, 4, 5, 6]);
    assert.match(result.problems[0]!.message, /longer than/);
    assert.match(result.problems[1]!.message, /100004 fields/);
    assert.match(result.problems[2]!.message, /never closed/);
    assert.match(result.problems[3]!.message, /not valid UTF-8/);
  });
});

describe('parseDate', () => {
  const rules = { today: TODAY };

  test('ISO dates and date-times, months, and day-month-year in English and French words', () => {
    const cases: [string, string][] = [
      ['2024-03-12', '2024-03-12'], ['2024-03-12T23:10:00Z', '2024-03-12'], ['2024-03', '2024-03'],
      ['12 March 2024', '2024-03-12'], ['12 Mar 2024', '2024-03-12'], ['March 12, 2024', '2024-03-12'], ['12-March-2024', '2024-03-12'],
      ['1er février 2024', '2024-02-01'], ['1er fevrier 2024', '2024-02-01'], ['15 août 2023', '2023-08-15'], ['3 décembre 2022', '2022-12-03'],
      ['March 2024', '2024-03'], ['mars 2024', '2024-03'], ['29 February 2024', '2024-02-29'],
    ];
    for (const [text, date] of cases) {
      const parsed = parseDate(text, rules);
      assert.ok('date' in parsed, `${text}: ${JSON.stringify(parsed)}`);
      assert.equal(parsed.date, date, text);
      assert.equal(parsed.precision, date.length === 7 ? 'month' : 'day', text);
    }
  });

  test('impossible, too early, future, ambiguous and non-dates are refused with a reason', () => {
    const refused: [string, RegExp][] = [
      ['2024-02-30', /impossible: 2024-02 has 29 days/], ['29 February 2023', /impossible: 2023-02 has 28 days/], ['2024-13', /no month 13/],
      ['1800-01-01', /before 1900/], ['2025-07-02', /future/], ['August 2025', /future/],
      ['03/04/2024', /ambiguous/], ['yesterday', /not a date/], ['', /empty/], ['x'.repeat(5000), /longer than 40/],
    ];
    for (const [text, reason] of refused) {
      const parsed = parseDate(text, rules);
      assert.ok('problem' in parsed, `${text.slice(0, 20)} should be refused`);
      assert.match(parsed.problem, reason, text.slice(0, 20));
    }
  });

  test('today + 1 day is still accepted (a report filed east of UTC); minYear can be raised', () => {
    assert.deepEqual(parseDate('2025-07-01', rules), { date: '2025-07-01', precision: 'day' });
    assert.ok('problem' in parseDate('1999-12-31', { ...rules, minYear: 2000 }));
  });
});
