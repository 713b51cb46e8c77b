/** HXL-tagged CSV import, and the shared streaming CSV reader under hostile input. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { importHxlCsv, parseHxlTag, incidentCategoryOf } from '../src/ingest/hxl-csv.ts';
import { readCsvRecords, looksLikeFormula, type CsvInput, type CsvRecord } from '../src/ingest/csv-rows.ts';
import { resolveTestlandPlace } from './fixtures/testland-places.ts';

const TODAY = new Date('2025-06-30T12:00:00Z');
const FIXTURE = readFileSync(new URL('./fixtures/hxl-incidents.csv', import.meta.url));
const options = { resolvePlace: resolveTestlandPlace, today: TODAY, sourceName: 'testland.csv' };
const TAGS = '#event+id,#date+occurred,#country+name,#affected+f+children,#org+perpetrator';

async function records(input: CsvInput, opts = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(input, opts)) out.push(r);
  return out;
}

/** a deterministic stream of bytes that are not text */
function garbage(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
}

describe('importHxlCsv: a realistic file', () => {
  test('finds the hashtag row under a human header and maps the tags to incidents', async () => {
    const result = await importHxlCsv(FIXTURE, options);
    assert.deepEqual(result.items.map((i) => i.id), ['hxl:testland.csv#4', 'hxl:testland.csv#5', 'hxl:testland.csv#6', 'hxl:testland.csv#11']);
    assert.deepEqual(result.items[0], {
      id: 'hxl:testland.csv#4', source: 'hxl', date: '2024-03-12',
      place: { country: 'XT', pcode: 'XT01', lat: 12.5, lon: -3.25 },
      category: 'tip:recruitment', forms: ['forced_labour'], verification: 'verified',
      victims: [{ sex: 'female', ageBand: '0-17', count: 2 }, { sex: 'male', ageBand: '0-17', count: 1 }],
      perpetratorGroup: 'Armed Group Alpha',
    });
    assert.equal(result.records, 8);
  });

  test('a total above the counts by sex adds the rest as unknown sex and age, never double counting', async () => {
    const { items } = await importHxlCsv(FIXTURE, options);
    const e2 = items[1]!;
    assert.equal(e2.date, '2024-03-12', '"12 March 2024" is read');
    assert.equal(e2.category, 'crsv:sexual_slavery', '"Sexual slavery" is a synonym');
    assert.deepEqual(e2.forms, ['sexual_exploitation', 'forced_marriage']);
    assert.deepEqual(e2.victims, [{ sex: 'female', ageBand: '0-17', count: 3 }, { sex: 'unknown', ageBand: 'unknown', count: 2 }]);
    const e3 = items[2]!;
    assert.equal(e3.date, '2024-04', 'a month stays a month');
    assert.deepEqual([e3.category, e3.forms, e3.victims, e3.verification], ['other', ['unknown'], [], 'reported']);
  });

  test('one problem per bad record, with its line; the rest imported', async () => {
    const { problems } = await importHxlCsv(FIXTURE, options);
    assert.deepEqual(problems.map((p) => p.record), [7, 8, 9, 10]);
    assert.match(problems[0]!.message, /unknown place: "Atlantis"/);
    assert.match(problems[1]!.message, /2024-02-30.*impossible/);
    assert.match(problems[2]!.message, /duplicate of the record on line 4 \(same #event\+id\)/);
    assert.match(problems[3]!.message, /the total \(2\) is less than the counts by sex \(4\)/);
  });

  test('a formula cell is kept as text, never evaluated, and counted in the notes', async () => {
    const { items, notes } = await importHxlCsv(FIXTURE, options);
    assert.equal(items[3]!.perpetratorGroup, '=HYPERLINK("http://example.invalid","x")');
    assert.ok(notes.some((n) => /^1 record: cells start like a spreadsheet formula/.test(n)), notes.join('\n'));
    assert.equal(looksLikeFormula('-3.25'), false, 'a negative number is not a formula');
    assert.equal(looksLikeFormula('@SUM(A1)'), true);
  });

  test('notes name the ignored hashtags and the #affected columns that are not victims by sex and age', async () => {
    const { notes } = await importHxlCsv(FIXTURE, options);
    assert.ok(notes.some((n) => n.includes('#description')), notes.join('\n'));
    assert.ok(notes.some((n) => n.includes('#affected+killed (not a count of victims by sex and age)')), notes.join('\n'));
    assert.ok(notes.some((n) => n.includes('#adm1+name (#adm1+code is used for admin)')), notes.join('\n'));
  });
});

describe('importHxlCsv: tags and counts', () => {
  test('parses hashtags with spaced attributes in any order', () => {
    assert.deepEqual(parseHxlTag(' #Affected +F +children '), { tag: 'affected', attributes: new Set(['f', 'children']), text: '#affected+f+children' });
    assert.equal(parseHxlTag('Affected girls'), undefined);
    assert.equal(incidentCategoryOf('MRM:Abduction'), 'mrm:abduction');
    assert.equal(incidentCategoryOf('something else'), undefined);
  });

  test('infants and adolescents inside children: children add only their remainder; fewer children than parts is a problem', async () => {
    const csv = '#date,#country,#affected+f+infants,#affected+f+adolescents,#affected+f+children,#affected+m+adults\n'
      + '2024-01-01,Testland,1,2,5,4\n2024-01-02,Testland,1,2,2,\n';
    const { items, problems } = await importHxlCsv(csv, options);
    assert.deepEqual(items[0]!.victims, [
      { sex: 'female', ageBand: '0-11', count: 1 }, { sex: 'female', ageBand: '12-17', count: 2 },
      { sex: 'female', ageBand: '0-17', count: 2 }, { sex: 'male', ageBand: '18+', count: 4 },
    ]);
    assert.deepEqual(problems, [{ record: 3, message: 'female children (2) are fewer than female infants and adolescents (3)' }]);
  });

  test('counts by age without sex are not added on top of counts by sex; a non-number is a problem', async () => {
    const csv = '#date,#country,#affected+f,#affected+m,#affected+children,#affected+total\n'
      + '2024-01-01,Testland,3,2,4,6\n2024-01-02,Testland,three,,,\n';
    const { items, problems, notes } = await importHxlCsv(csv, options);
    assert.deepEqual(items[0]!.victims, [
      { sex: 'female', ageBand: 'unknown', count: 3 }, { sex: 'male', ageBand: 'unknown', count: 2 }, { sex: 'unknown', ageBand: 'unknown', count: 1 },
    ]);
    assert.equal(problems[0]!.record, 3);
    assert.match(problems[0]!.message, /"three" is not a whole number/);
    assert.ok(notes.some((n) => n.includes('counts by age without sex were not added')));
  });

  test('without #event+id, a record whose every cell repeats an earlier one is a flagged duplicate', async () => {
    const csv = `#date,#country,#affected\n2024-01-01,Testland,2\n2024-01-01,Testland,2\n2024-01-01, Testland ,3\n`;
    const { items, problems } = await importHxlCsv(csv, options);
    assert.equal(items.length, 2);
    assert.deepEqual(problems, [{ record: 3, message: 'duplicate of the record on line 2 (every cell the same); not imported' }]);
  });

  test('an unknown verification word is downgraded to unverified, never upgraded', async () => {
    const csv = '#date,#country,#status+verification\n2024-01-01,Testland,probably true\n2024-01-02,Testland,Vérifié\n';
    const { items, notes } = await importHxlCsv(csv, options);
    assert.deepEqual(items.map((i) => i.verification), ['unverified', 'verified']);
    assert.ok(notes.some((n) => n.includes('imported as "unverified"')));
  });
});

describe('importHxlCsv: unusable files are refused', () => {
  test('an empty file, and a file without a hashtag row in its first 25 records', async () => {
    await assert.rejects(importHxlCsv('', options), { code: 'MALFORMED_INPUT', message: /empty/ });
    await assert.rejects(importHxlCsv('\n\r\n', options), { code: 'MALFORMED_INPUT', message: /empty/ });
    const plain = 'date,country\n' + '2024-01-01,Testland\n'.repeat(30);
    await assert.rejects(importHxlCsv(plain, options), { code: 'MALFORMED_INPUT', message: /No HXL hashtag row/ });
  });

  test('binary garbage is refused as not HXL, without a crash', async () => {
    await assert.rejects(importHxlCsv(garbage(1 << 20), options), { code: 'MALFORMED_INPUT' });
  });

  test('hashtags without a date or without a place', async () => {
    await assert.rejects(importHxlCsv('#country,#affected\nTestland,1\n', options), { code: 'VALIDATION_FAILED', message: /#date/ });
    await assert.rejects(importHxlCsv('#date,#affected\n2024-01-01,1\n', options), { code: 'VALIDATION_FAILED', message: /place/ });
  });

  test('header only: nothing imported, nothing wrong', async () => {
    const result = await importHxlCsv(`Title\n${TAGS}\n`, options);
    assert.deepEqual([result.items, result.problems, result.records], [[], [], 0]);
  });

  test('more records than allowed is refused as too large', async () => {
    const csv = `${TAGS}\n` + Array.from({ length: 20 }, (_, i) => `E-${i},2024-01-01,Testland,1,G`).join('\n');
    await assert.rejects(importHxlCsv(csv, { ...options, maxRecords: 10 }), { code: 'PAYLOAD_TOO_LARGE' });
  });

  test('problems are listed up to maxProblems and the rest counted', async () => {
    const csv = `${TAGS}\n` + Array.from({ length: 5 }, (_, i) => `E-${i},2024-13-01,Testland,1,G`).join('\n');
    const result = await importHxlCsv(csv, { ...options, maxProblems: 2 });
    assert.equal(result.problems.length, 2);
    assert.equal(result.problemsNotListed, 3);
    assert.ok(result.notes.some((n) => n.startsWith('3 further problems')));
  });
});

describe('importHxlCsv: hostile records cost one record each', () => {
  const good = (id: string): string => `${id},2024-01-01,Testland,1,Group`;

  test('a 50 MB field streamed in 64 KiB chunks is one problem; the records after it are imported', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${TAGS}\n${good('E-1')}\nE-2,2024-01-01,Testland,1,"`);
      const block = Buffer.alloc(1 << 16, 'A');
      for (let i = 0; i < 800; i++) yield block; // 52 MB inside one quoted field
      yield Buffer.from(`"\n${good('E-3')}\n`);
    }
    const result = await importHxlCsv(Readable.from(chunks()), options);
    assert.deepEqual(result.items.map((i) => i.id), ['hxl:testland.csv#2', 'hxl:testland.csv#4']);
    assert.deepEqual(result.problems, [{ record: 3, message: 'the record is longer than 1048576 characters' }]);
  });

  test('a record with 100,000 columns is one problem', async () => {
    const wide = `E-2,2024-01-01,Testland,1,Group${',x'.repeat(100_000)}`;
    const result = await importHxlCsv(`${TAGS}\n${good('E-1')}\n${wide}\n${good('E-3')}\n`, options);
    assert.equal(result.items.length, 2);
    assert.deepEqual(result.problems, [{ record: 3, message: 'the record has 100005 fields; at most 1000 are read' }]);
  });

  test('a record with one field too many or too few is a problem: values would land in the wrong fields', async () => {
    const result = await importHxlCsv(`${TAGS}\n${good('E-1')},extra\nE-2,2024-01-01,Testland\n${good('E-3')}\n`, options);
    assert.deepEqual(result.problems.map((p) => p.message), ['the record has 6 fields, the hashtag row has 5', 'the record has 3 fields, the hashtag row has 5']);
    assert.equal(result.items.length, 1);
  });

  test('an unbalanced quote costs its own record only: the lines after it are read again', async () => {
    const csv = `${TAGS}\n${good('E-1')}\nE-2,"2024-01-01,Testland,1,Group\n${good('E-3')}\n${good('E-4')}\n`;
    const result = await importHxlCsv(csv, options);
    assert.deepEqual(result.items.map((i) => i.id), ['hxl:testland.csv#2', 'hxl:testland.csv#4', 'hxl:testland.csv#5']);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]!.record, 3);
    assert.match(result.problems[0]!.message, /never closed/);
  });

  test('binary garbage between good records: a problem per garbled record, the good ones imported', async () => {
    const bytes = Buffer.concat([Buffer.from(`${TAGS}\n${good('E-1')}\n`), Buffer.from(garbage(4096).map((b) => (b === 0x0a || b === 0x22 ? 0x41 : b))), Buffer.from(`\n${good('E-3')}\n`)]);
    const result = await importHxlCsv(bytes, options);
    assert.deepEqual(result.items.map((i) => i.id), ['hxl:testland.csv#2', 'hxl:testland.csv#4']);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]!.record, 3);
  });

  test('a BOM and CRLF line ends are read', async () => {
    const result = await importHxlCsv(Buffer.from(`\uFEFF${TAGS}\r\n${good('E-1')}\r\n${good('E-2')}\r\n`), options);
    assert.deepEqual(result.items.map((i) => [i.id, i.perpetratorGroup]), [['hxl:testland.csv#2', 'Group'], ['hxl:testland.csv#3', 'Group']]);
    assert.deepEqual(result.problems, []);
  });

  test('Latin-1 bytes are a problem naming the encoding option; with encoding latin1 they are read', async () => {
    const bytes = Buffer.from(`${TAGS}\n${good('E-1')}\nE-2,2024-01-01,Testland,1,Groupe Arm\u00e9\n`, 'latin1');
    const asUtf8 = await importHxlCsv(bytes, options);
    assert.equal(asUtf8.items.length, 1);
    assert.deepEqual(asUtf8.problems.map((p) => p.record), [3]);
    assert.match(asUtf8.problems[0]!.message, /not valid UTF-8.*encoding/);
    const asLatin1 = await importHxlCsv(bytes, { ...options, encoding: 'latin1' });
    assert.equal(asLatin1.items[1]!.perpetratorGroup, 'Groupe Armé');
  });
});

describe('readCsvRecords', () => {
  const TRICKY = 'a,b,c\r\n"x, ""quoted""",é,"multi\nline"\n\n5" tall,"a"b,last\n"",,\n';
  const EXPECTED: CsvRecord[] = [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['x, "quoted"', 'é', 'multi\nline'] },
    { line: 5, fields: ['5" tall', '"a"b', 'last'] }, // stray quotes are kept as written
    { line: 6, fields: ['', '', ''] },
  ];

  test('quotes, doubled quotes, line breaks inside quotes, stray quotes, blank lines; lines counted', async () => {
    assert.deepEqual(await records(TRICKY), EXPECTED);
  });

  test('the same records whatever the chunking, even inside a multi-byte character or a doubled quote', async () => {
    const bytes = Buffer.from(TRICKY);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(await records([bytes.subarray(0, cut), bytes.subarray(cut)]), EXPECTED, `cut at byte ${cut}`);
    }
    assert.deepEqual(await records(Readable.from([...bytes].map((b) => Buffer.from([b])))), EXPECTED, 'one byte at a time');
  });

  test('a NUL character, a UTF-16 file and the limits', async () => {
    assert.deepEqual(await records('a,b\nx\u0000y,z\n'), [{ line: 1, fields: ['a', 'b'] }, { line: 2, problem: 'the record contains a NUL character (a binary file, or UTF-16 without a byte order mark?)' }]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\nc,d\n', 'utf16le')]);
    assert.deepEqual(await records(utf16), [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]);
    await assert.rejects(records('a,b\n', { maxBytes: 2 }), { code: 'PAYLOAD_TOO_LARGE' });
    await assert.rejects(records('a,b\n', { encoding: 'klingon' }), { code: 'VALIDATION_FAILED' });
    await assert.rejects(records('a,b\n', { delimiter: '"' }), { code: 'VALIDATION_FAILED' });
  });
});
