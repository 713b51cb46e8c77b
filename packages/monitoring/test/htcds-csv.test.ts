/** HTCDS 2.0 trafficking events: incidents and routes, consent enforced, personal fields never copied. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { importHtcdsCsv } from '../src/ingest/htcds-csv.ts';
import { resolveTestlandPlace } from './fixtures/testland-places.ts';

const TODAY = new Date('2025-06-30T12:00:00Z');
const FIXTURE = readFileSync(new URL('./fixtures/htcds-events.csv', import.meta.url));
const options = { resolvePlace: resolveTestlandPlace, today: TODAY, sourceName: 'ngo.csv' };
const HEADER = 'cas_Id,hte_Type,hte_Date,hte_Country,con_Consent';

describe('importHtcdsCsv: a realistic export', () => {
  test('events become trafficking-stage incidents with one victim by sex and age band', async () => {
    const { items } = await importHtcdsCsv(FIXTURE, options);
    assert.deepEqual(items.map((i) => [i.id, i.category, i.date]), [
      ['htcds:ngo.csv#2', 'tip:recruitment', '2023-05-10'],
      ['htcds:ngo.csv#3', 'tip:transit', '2023-05-20'],
      ['htcds:ngo.csv#4', 'tip:exploitation', '2023-06'],
      ['htcds:ngo.csv#9', 'tip:exploitation', '2024-01-15'],
    ]);
    assert.deepEqual(items[0], {
      id: 'htcds:ngo.csv#2', source: 'htcds', date: '2023-05-10', place: { country: 'XT', pcode: 'XT01', lat: 12.35, lon: -3.46 },
      category: 'tip:recruitment', forms: ['sexual_exploitation', 'forced_marriage'], verification: 'verified',
      victims: [{ sex: 'female', ageBand: '12-17', count: 1 }],
    });
    assert.deepEqual([items[3]!.verification, items[3]!.forms, items[3]!.victims], ['reported', ['forced_labour'], [{ sex: 'unknown', ageBand: '0-11', count: 1 }]]);
  });

  test('a case with origin, transit and destination becomes a movement', async () => {
    const { movements } = await importHtcdsCsv(FIXTURE, options);
    assert.deepEqual(movements, [{
      id: 'htcds:ngo.csv#case1', source: 'htcds', count: 1, forms: ['sexual_exploitation', 'forced_marriage'],
      stages: [
        { role: 'origin', place: { country: 'XT', pcode: 'XT01', lat: 12.35, lon: -3.46 }, date: '2023-05-10' },
        { role: 'transit', place: { country: 'XT', pcode: 'XT02' }, date: '2023-05-20' },
        { role: 'destination', place: { country: 'XT' }, date: '2023-06' },
      ],
    }]);
  });

  test('records without consent are excluded and counted: a case withdrawn on any record is excluded whole', async () => {
    const result = await importHtcdsCsv(FIXTURE, options);
    assert.equal(result.excludedNoConsent, 3, 'CASE-B (1 record) and CASE-C (2 records, one without consent)');
    assert.equal(result.excludedNotAVictim, 1);
    assert.ok(!result.items.some((i) => i.date === '2023-08-01' || i.date === '2023-07-01'));
  });

  test('no personal field is ever copied: names, birth dates, phones, streets, postcodes, case ids', async () => {
    const text = JSON.stringify(await importHtcdsCsv(FIXTURE, options));
    for (const personal of ['Person', '2008-01-01', '+000', 'Synthetic Street', 'Example Lane', 'XT-0001', 'CASE-A', '12.345678']) {
      assert.ok(!text.includes(personal), `${personal} leaked`);
    }
  });

  test('one problem per bad record with its line: unknown stage, unknown place, duplicate', async () => {
    const { problems, notes } = await importHtcdsCsv(FIXTURE, options);
    assert.deepEqual(problems, [
      { record: 10, message: 'hte_Type is not Recruitment, Transit or Exploitation' },
      { record: 11, message: 'unknown place: "Atlantis" is not a known country' },
      { record: 12, message: 'duplicate of the record on line 9 (same case, event type, date and place); not imported' },
    ]);
    assert.ok(notes.includes('7 personal columns (names, birth date, contacts, addresses) present and never read'), notes.join('\n'));
  });
});

describe('importHtcdsCsv: bad files and hostile records', () => {
  test('a file without con_Consent is refused: without consent nothing may be imported', async () => {
    await assert.rejects(importHtcdsCsv('hte_Type,hte_Date,hte_Country\nRecruitment,2024-01-01,Testland\n', options), { code: 'VALIDATION_FAILED', message: /con_Consent/ });
    await assert.rejects(importHtcdsCsv('', options), { code: 'MALFORMED_INPUT', message: /empty/ });
    await assert.rejects(importHtcdsCsv(`${HEADER}\n`, { ...options, caseColumn: 'nope' }), { code: 'VALIDATION_FAILED' });
  });

  test('header only; without a case column every record is its own case and no route is built', async () => {
    const empty = await importHtcdsCsv(`${HEADER}\n`, options);
    assert.deepEqual([empty.items, empty.movements, empty.problems], [[], [], []]);
    const noCase = await importHtcdsCsv('hte_Type,hte_Date,hte_Country,con_Consent\nRecruitment,2024-01-01,Testland,true\nExploitation,2024-02-01,Testland,true\n', options);
    assert.equal(noCase.items.length, 2);
    assert.deepEqual(noCase.movements, []);
    assert.ok(noCase.notes.some((n) => n.startsWith('no case column')));
  });

  test('a 50 MB field, 100,000 columns, an unbalanced quote, Latin-1 bytes and a formula cost one record each', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`\uFEFF${HEADER}\r\nK1,Recruitment,2024-01-01,Testland,true\r\nK2,Transit,2024-01-02,Testland,`);
      const block = Buffer.alloc(1 << 16, 't');
      for (let i = 0; i < 800; i++) yield block;
      yield Buffer.from(`\r\nK3,Transit,2024-01-03,Testland${',true'.repeat(100_000)}\r\n`);
      yield Buffer.from('K4,"Transit,2024-01-04,Testland,true\r\n');
      yield Buffer.from('K5,Transit,2024-01-05,Testland \u00e9,true\r\n', 'latin1');
      yield Buffer.from('K6,Exploitation,2024-01-06,Testland,true\r\n=cmd|x,Exploitation,2024-01-07,Testland,true\r\n');
    }
    const result = await importHtcdsCsv(Readable.from(chunks()), options);
    assert.deepEqual(result.items.map((i) => i.id), ['htcds:ngo.csv#2', 'htcds:ngo.csv#7', 'htcds:ngo.csv#8']);
    assert.deepEqual(result.problems.map((p) => p.record), [3, 4, 5, 6]);
    assert.match(result.problems[0]!.message, /longer than/);
    assert.match(result.problems[1]!.message, /100004 fields/);
    assert.match(result.problems[2]!.message, /never closed/);
    assert.match(result.problems[3]!.message, /not valid UTF-8/);
    assert.ok(result.notes.some((n) => n.startsWith('1 record: cells start like a spreadsheet formula')));
  });

  test('binary garbage as a header is refused; an impossible date and a bad age are reported', async () => {
    await assert.rejects(importHtcdsCsv(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a, 0x41]), options), { code: 'MALFORMED_INPUT' });
    const csv = `${HEADER},vic_AgeWhenTrafficked\nK1,Recruitment,2024-02-30,Testland,true,12\nK2,Recruitment,2024-02-03,Testland,true,twelve\n`;
    const result = await importHtcdsCsv(csv, options);
    assert.deepEqual(result.problems.map((p) => p.record), [2]);
    assert.match(result.problems[0]!.message, /impossible/);
    assert.equal(result.items[0]!.victims[0]!.ageBand, 'unknown');
    assert.ok(result.notes.some((n) => n.includes('vic_AgeWhenTrafficked is not an age')));
  });
});
