/** Reading a party's records CSV (hostile input refused with its line) and writing pairs CSV. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readRecordCsv, writePairsCsv } from '../src/record-csv.ts';

const FEBRL_STYLE = `rec_id, given_name, surname, postcode
rec-1-org, synthia, example, 2600
rec-2-org, testperson, alpha, 3000
`;

describe('readRecordCsv', () => {
  test('reads FEBRL-style ", " separated records: ids apart from the fields', async () => {
    const table = await readRecordCsv(FEBRL_STYLE);
    assert.deepEqual(table, {
      columns: ['rec_id', 'given_name', 'surname', 'postcode'],
      ids: ['rec-1-org', 'rec-2-org'],
      rows: [['synthia', 'example', '2600'], ['testperson', 'alpha', '3000']],
    });
  });

  test('strips a BOM, takes CRLF, skips blank lines, keeps spaces inside quotes, reads a last line without newline', async () => {
    const text = '\uFEFFid,name\r\n\r\nr1,"  Synthia, Example"\r\n   \r\nr2,Testperson';
    const table = await readRecordCsv(text);
    assert.deepEqual(table.columns, ['id', 'name']);
    assert.deepEqual(table.ids, ['r1', 'r2']);
    assert.deepEqual(table.rows, [['  Synthia, Example'], ['Testperson']]);
  });

  test('reads bytes and streams, split anywhere, including inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('\uFEFFid,name\nr1,Zoë Example\n');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of ë
    const fromStream = await readRecordCsv(Readable.from([bytes.subarray(0, split), bytes.subarray(split)]));
    assert.deepEqual(fromStream.rows, [['Zoë Example']]);
    assert.deepEqual(await readRecordCsv(bytes), fromStream);
  });

  test('refuses a ragged row, naming its line', async () => {
    await assert.rejects(readRecordCsv('id,a,b\nr1,x,y\nr2,x\n'), { code: 'MALFORMED_INPUT', message: /^Line 3: the row has 2 fields, the header has 3/ });
    await assert.rejects(readRecordCsv('id,a\nr1,x,y\n'), { code: 'MALFORMED_INPUT', message: /^Line 2:/ });
  });

  test('refuses blank and repeated ids', async () => {
    await assert.rejects(readRecordCsv('id,a\nr1,x\n ,y\n'), { code: 'VALIDATION_FAILED', message: /^Line 3: the record id \(column "id"\) is blank/ });
    await assert.rejects(readRecordCsv('id,a\nr1,x\nr2,y\nr1,z\n'), { code: 'VALIDATION_FAILED', message: /^Line 4: .*ids must be unique/ });
  });

  test('refuses an unterminated quote', async () => {
    await assert.rejects(readRecordCsv('id,a\nr1,"never closed\nr2,y\n'), { code: 'MALFORMED_INPUT', message: /never closed/ });
  });

  test('refuses a stray quote inside a field', async () => {
    await assert.rejects(readRecordCsv('id,a\nr1,ab"c\n'), { code: 'MALFORMED_INPUT', message: /^Line 2: a quote inside an unquoted field/ });
  });

  test('refuses NUL bytes', async () => {
    await assert.rejects(readRecordCsv('id,a\nr1,x\0y\n'), { code: 'MALFORMED_INPUT', message: /^Line 2: field 2 holds a NUL byte/ });
  });

  test('refuses bytes that are not UTF-8', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('id,a\nr1,Zo'), 0xeb, 0x0a]);
    await assert.rejects(readRecordCsv(latin1), { code: 'MALFORMED_INPUT', message: /not UTF-8/ });
  });

  test('refuses a field over the byte limit, counting UTF-8 bytes', async () => {
    await assert.rejects(readRecordCsv(`id,a\nr1,${'x'.repeat(5000)}\n`), { code: 'PAYLOAD_TOO_LARGE', message: /^Line 2: field 2 is longer than 4096 bytes/ });
    const accents = 'é'.repeat(60); // 60 characters, 120 bytes
    await assert.rejects(readRecordCsv(`id,a\nr1,${accents}\n`, { maxFieldBytes: 100 }), { code: 'PAYLOAD_TOO_LARGE' });
    assert.equal((await readRecordCsv(`id,a\nr1,${accents}\n`, { maxFieldBytes: 120 })).rows[0]![0], accents);
  });

  test('refuses a 1 MB header, whether one huge name or a hundred thousand columns', async () => {
    await assert.rejects(readRecordCsv(`id,${'n'.repeat(1 << 20)}\nr1,x\n`), { code: 'PAYLOAD_TOO_LARGE', message: /^Line 1:/ });
    const wide = Array.from({ length: 100_000 }, (_, c) => `c${c}`).join(',');
    await assert.rejects(readRecordCsv(`id,${wide}\n`), { code: 'PAYLOAD_TOO_LARGE', message: /^Line 1: the header names 100001 columns/ });
  });

  test('refuses more records than allowed', async () => {
    await assert.rejects(readRecordCsv('id,a\nr1,x\nr2,y\nr3,z\n', { maxRecords: 2 }), { code: 'PAYLOAD_TOO_LARGE', message: /^Line 4: the file has more than 2 records/ });
  });

  test('refuses an empty file, and a header with a blank or repeated column', async () => {
    await assert.rejects(readRecordCsv(''), { code: 'MALFORMED_INPUT', message: /empty/ });
    await assert.rejects(readRecordCsv('\n\n'), { code: 'MALFORMED_INPUT', message: /empty/ });
    await assert.rejects(readRecordCsv('id,,b\n'), { code: 'MALFORMED_INPUT', message: /header column 2 is blank/ });
    await assert.rejects(readRecordCsv('id,a,a\n'), { code: 'MALFORMED_INPUT', message: /"a" twice/ });
  });

  test('error messages name lines and columns, never the values', async () => {
    const secretName = 'Synthia Example';
    for (const csv of [`id,a\nr1,"${secretName}\n`, `id,a\nr1,${secretName}"x\n`, `id,a\nr1,${secretName}\0\n`, `id,a\nr1,${secretName},extra\n`]) {
      await assert.rejects(readRecordCsv(csv), (error: Error) => !error.message.includes('Synthia') && error.cause === undefined);
    }
  });
});

describe('writePairsCsv', () => {
  test('writes a header, 4-decimal scores, and quotes ids only where CSV needs it', () => {
    const csv = writePairsCsv([
      { aId: 'rec-1-org', bId: 'rec-1-dup-0', score: 0.91234 },
      { aId: 'a,1', bId: 'say "hi"', score: 1 },
      { aId: '=SUM(A1)', bId: ' padded ', score: 0.8 },
    ]);
    assert.equal(csv, 'a_id,b_id,score\nrec-1-org,rec-1-dup-0,0.9123\n"a,1","say ""hi""",1.0000\n=SUM(A1)," padded ",0.8000\n');
  });

  test('ids round-trip exactly through the records reader', async () => {
    const ids = ['=cmd|calc', '+1', '-2', '@x', 'line\nbreak', ' lead', 'trail ', 'quote"d', 'comma,d'];
    const csv = writePairsCsv(ids.map((id, k) => ({ aId: id, bId: `b${k}`, score: 0.5 })));
    const table = await readRecordCsv(csv);
    assert.deepEqual(table.ids, ids);
  });

  test('refuses a score that is not a finite number', () => {
    assert.throws(() => writePairsCsv([{ aId: 'a', bId: 'b', score: Number.NaN }]), { code: 'VALIDATION_FAILED' });
  });
});
