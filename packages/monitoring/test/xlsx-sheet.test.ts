import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import { columnLetters, columnNumber, listSheetNames, readSheetRows, readSheetRowsAsync, type SheetRow } from '../src/ingest/xlsx-sheet.ts';
import { patchDeclaredSize, sharedStringsXml, workbookParts, worksheetXml, writeXlsx, xlsxFromSheetXml, zipParts } from './xlsx-fixtures.ts';

const read = (xlsx: Uint8Array, options = {}): SheetRow[] => [...readSheetRows(xlsx, options)];

/** asserts `fn` throws an AriadneError of `code` whose message matches `message` */
function assertRefused(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AriadneError, `expected an AriadneError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('readSheetRows: cells', () => {
  test('reads shared strings, inline strings, numbers, booleans, errors and formula strings by column letter', () => {
    const xlsx = xlsxFromSheetXml(
      worksheetXml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>2019</v></c><c r="D1"><v>-1.5e2</v></c></row>' +
          '<row r="2"><c r="A2" t="inlineStr"><is><t>Person 17</t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c>' +
          '<c r="D2" t="str"><f>UPPER("x")</f><v>X</v></c><c r="E2" s="3"/></row>',
      ),
      sharedStringsXml(['Testland']),
    );
    assert.deepEqual(read(xlsx), [
      { row: 1, cells: { A: 'Testland', C: 2019, D: -150 }, problems: [] },
      { row: 2, cells: { A: 'Person 17', B: true, C: { error: '#N/A' }, D: 'X' }, problems: [] },
    ]);
  });

  test('joins rich-text runs, leaves out phonetic guides, and decodes _xHHHH_ escapes', () => {
    const shared =
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><r><t>Test</t></r><r><rPr><b/></rPr><t>land</t></r><rPh sb="0" eb="1"><t>テスト</t></rPh></si>' +
      '<si><t>line_x000D_break</t></si></sst>';
    const xlsx = xlsxFromSheetXml(worksheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'), shared);
    assert.deepEqual(read(xlsx)[0]!.cells, { A: 'Testland', B: 'line\rbreak' });
  });

  test('reads prefixed SpreadsheetML (x:row, x:c) as some writers produce it', () => {
    const sheet =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>XX0101</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    assert.deepEqual(read(xlsxFromSheetXml(sheet)), [{ row: 1, cells: { B: 'XX0101' }, problems: [] }]);
  });

  test('cells without a reference take the next column; rows without a number take the next row', () => {
    const xlsx = xlsxFromSheetXml(worksheetXml('<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row><row><c><v>7</v></c></row>'));
    assert.deepEqual(read(xlsx), [
      { row: 1, cells: { A: 1, B: 2, E: 5, F: 6 }, problems: [] },
      { row: 2, cells: { A: 7 }, problems: [] },
    ]);
  });

  test('a bad cell is reported on its row, the row keeps its good cells and the next rows are read', () => {
    const xlsx = xlsxFromSheetXml(
      worksheetXml(
        '<row r="1"><c r="A1" t="s"><v>7</v></c><c r="B1"><v>twelve</v></c><c r="C1"><v>3</v></c></row>' +
          '<row r="2"><c r="A3"><v>1</v></c><c r="B2" t="b"><v>yes</v></c><c r="C2" t="zz"><v>1</v></c><c r="D2"><v>4</v></c><c r="D2"><v>5</v></c></row>' +
          '<row r="3"><c r="A3"><v>9</v></c></row>',
      ),
      sharedStringsXml(['only one']),
    );
    const rows = read(xlsx);
    assert.deepEqual(rows[0]!.cells, { C: 3 });
    assert.deepEqual(rows[0]!.problems, ['cell A1 refers to shared string 7, which does not exist.', 'cell B1 is a number cell that does not hold a number.']);
    assert.deepEqual(rows[1]!.cells, {});
    assert.equal(rows[1]!.problems.length, 4);
    assert.match(rows[1]!.problems.join(' '), /cell A3 is stored in row 2.*B2 is a boolean.*unknown cell type "zz".*D2 appears twice/);
    assert.deepEqual(rows[2], { row: 3, cells: { A: 9 }, problems: [] });
  });

  test('rows out of order are read in file order under their own numbers; a repeated row number is reported', () => {
    const xlsx = writeXlsx([{ name: 'S', rows: [['third'], ['first'], ['second'], ['first again']], rowNumbers: [3, 1, 2, 1] }]);
    const rows = read(xlsx);
    assert.deepEqual(
      rows.map((r) => [r.row, r.cells.A]),
      [
        [3, 'third'],
        [1, 'first'],
        [2, 'second'],
        [1, undefined],
      ],
    );
    assert.deepEqual(rows[3]!.problems, ['row 1 appears twice in the sheet; this copy is not read.']);
  });

  test('column letters and numbers convert both ways within A to XFD', () => {
    assert.equal(columnNumber('A'), 1);
    assert.equal(columnNumber('AA'), 27);
    assert.equal(columnNumber('XFD'), 16_384);
    assert.equal(columnNumber('XFE'), 0);
    assert.equal(columnNumber('a'), 0);
    assert.equal(columnLetters(28), 'AB');
    assert.equal(columnLetters(16_384), 'XFD');
    assert.throws(() => columnLetters(0), AriadneError);
  });
});

describe('readSheetRows: sheets', () => {
  const twoSheets = (): Uint8Array =>
    writeXlsx([
      { name: 'Notes', rows: [['read me']] },
      { name: 'Data', rows: [['Iso3_code'], ['XXA']] },
    ]);

  test('lists the sheets in tab order and reads the first by default, or one by name', () => {
    const xlsx = twoSheets();
    assert.deepEqual(listSheetNames(xlsx), ['Notes', 'Data']);
    assert.equal(read(xlsx)[0]!.cells.A, 'read me');
    assert.deepEqual(
      read(xlsx, { sheet: 'Data' }).map((r) => r.cells.A),
      ['Iso3_code', 'XXA'],
    );
  });

  test('a sheet name that does not exist is NOT_FOUND, naming the sheets there are', () => {
    assertRefused(() => read(twoSheets(), { sheet: 'Summary' }), 'NOT_FOUND', /no sheet named "Summary" \(it has: "Notes", "Data"\)/);
  });

  test('a relationship pointing outside the package is refused', () => {
    const parts = workbookParts([{ name: 'S', xml: worksheetXml('') }], undefined);
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('worksheets/sheet1.xml', '../../../etc/passwd');
    assertRefused(() => read(zipParts(parts)), 'MALFORMED_INPUT', /points outside the \.xlsx/);
  });

  test('the async iterator yields the same rows', async () => {
    const xlsx = writeXlsx([{ name: 'S', rows: Array.from({ length: 25 }, (_, i) => [`Person ${i + 1}`, i]) }]);
    const rows: SheetRow[] = [];
    for await (const row of readSheetRowsAsync(xlsx, { every: 10 })) rows.push(row);
    assert.deepEqual(rows, read(xlsx));
  });
});

describe('readSheetRows: shared strings', () => {
  test('a sheet that uses shared strings when the file has none is refused as damaged', () => {
    const xlsx = xlsxFromSheetXml(worksheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    assertRefused(() => read(xlsx), 'MALFORMED_INPUT', /Cell A1 refers to the shared strings table, but the \.xlsx has none/);
  });

  test('a sheet without shared strings that does not need them reads fine', () => {
    const xlsx = xlsxFromSheetXml(worksheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Testland</t></is></c><c r="B1"><v>5</v></c></row>'));
    assert.deepEqual(read(xlsx), [{ row: 1, cells: { A: 'Testland', B: 5 }, problems: [] }]);
  });

  test('more shared strings than the limit is refused', () => {
    const xlsx = xlsxFromSheetXml(worksheetXml(''), sharedStringsXml(['a', 'b', 'c']));
    assertRefused(() => read(xlsx, { maxSharedStrings: 2 }), 'PAYLOAD_TOO_LARGE', /more than 2 strings/);
  });
});

describe('readSheetRows: hostile and damaged files', () => {
  const small = (): Uint8Array => writeXlsx([{ name: 'S', rows: [['Testland', 1], ['Person 17', 2]] }]);

  test('a zip that declares a sheet larger than the limit is refused before inflating', () => {
    const bomb = patchDeclaredSize(small(), 'xl/worksheets/sheet1.xml', 0xf000_0000);
    assertRefused(() => read(bomb), 'PAYLOAD_TOO_LARGE', /declares 4026531840 bytes uncompressed, more than the limit of 268435456; refused before inflating/);
  });

  test('a small zip that inflates past the limit (a real bomb: 8 MB of spaces in ~8 kB) is refused', () => {
    const padding = ' '.repeat(8 * 1024 * 1024);
    const bomb = xlsxFromSheetXml(worksheetXml(`<row r="1"><c r="A1"><v>1</v></c></row>${padding}`));
    assert.ok(bomb.length < 64 * 1024, `the bomb is ${bomb.length} bytes`);
    assertRefused(() => read(bomb, { maxPartBytes: 1024 * 1024 }), 'PAYLOAD_TOO_LARGE', /declares \d+ bytes uncompressed, more than the limit of 1048576/);
  });

  test('a zip that lies about its size (declares 1 kB, inflates to 8 MB) is stopped at the declared size', () => {
    const padding = ' '.repeat(8 * 1024 * 1024);
    const honest = xlsxFromSheetXml(worksheetXml(`<row r="1"><c r="A1"><v>1</v></c></row>${padding}`));
    const liar = patchDeclaredSize(honest, 'xl/worksheets/sheet1.xml', 1024);
    assertRefused(() => read(liar), 'PAYLOAD_TOO_LARGE', /inflates to more than the 1024 bytes it declares/);
  });

  test('a truncated file is refused: its zip directory is missing', () => {
    const xlsx = small();
    assertRefused(() => read(xlsx.subarray(0, Math.floor(xlsx.length / 2))), 'MALFORMED_INPUT', /not a complete \.xlsx/);
    assertRefused(() => read(xlsx.subarray(0, xlsx.length - 1)), 'MALFORMED_INPUT', /not a complete \.xlsx/);
  });

  test('a zip whose directory points past the data is refused', () => {
    const xlsx = small().slice();
    const eocd = xlsx.length - 22;
    new DataView(xlsx.buffer).setUint32(eocd + 16, xlsx.length, true); // directory offset past the end
    assertRefused(() => read(xlsx), 'MALFORMED_INPUT', /points outside the file/);
  });

  test('a part whose checksum does not match is refused as damaged', () => {
    const xlsx = small().slice();
    const view = new DataView(xlsx.buffer);
    const directory = view.getUint32(xlsx.length - 22 + 16, true);
    // the fifth directory record is the sheet's (see workbookParts); walk to it and change its CRC
    let at = directory;
    for (let i = 0; i < 4; i++) at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    assert.equal(new TextDecoder().decode(xlsx.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))), 'xl/worksheets/sheet1.xml');
    view.setUint32(at + 16, view.getUint32(at + 16, true) ^ 1, true);
    assertRefused(() => read(xlsx), 'MALFORMED_INPUT', /sheet1\.xml is damaged: its checksum does not match/);
  });

  test('damaged compressed data is refused with an AriadneError, never read as rows', () => {
    const xlsx = writeXlsx([{ name: 'S', rows: Array.from({ length: 200 }, (_, i) => [`Person ${i}`, i * 7]) }]).slice();
    const middle = Math.floor(xlsx.length / 2); // inside the sheet's data, the largest entry
    for (let i = 0; i < 16; i++) xlsx[middle + i] = xlsx[middle + i]! ^ 0xa5;
    // Depending on where the damage falls, inflating fails, overruns the declared size, or yields bad XML or a bad checksum.
    assert.throws(() => read(xlsx), (error: unknown) => error instanceof AriadneError && ['MALFORMED_INPUT', 'PAYLOAD_TOO_LARGE'].includes(error.code));
  });

  test('bytes that are not a zip at all, and an empty file, are refused', () => {
    assertRefused(() => read(new TextEncoder().encode('Iso3_code,Country\nXXA,Testland\n')), 'MALFORMED_INPUT', /not a complete \.xlsx/);
    assertRefused(() => read(new Uint8Array(0)), 'MALFORMED_INPUT', /too short/);
  });

  test('a zip with more entries than the limit is refused before any is read', () => {
    assertRefused(() => read(small(), { maxEntries: 3 }), 'PAYLOAD_TOO_LARGE', /holds 6 zip entries, more than the limit of 3/);
  });

  test('a file over the size limit is refused without reading it', () => {
    assertRefused(() => read(small(), { maxFileBytes: 100 }), 'PAYLOAD_TOO_LARGE', /more than the limit of 100/);
  });

  test('a DOCTYPE with entity expansion ("billion laughs") is refused', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>';
    assertRefused(() => read(xlsxFromSheetXml(laughs)), 'MALFORMED_INPUT', /xl\/worksheets\/sheet1\.xml contains a DOCTYPE/);
  });

  test('an external entity (XXE) in the shared strings is refused, and nothing is fetched', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>';
    const xlsx = xlsxFromSheetXml(worksheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), xxe);
    assertRefused(() => read(xlsx), 'MALFORMED_INPUT', /xl\/sharedStrings\.xml contains a DOCTYPE/);
  });

  test('a DOCTYPE in the workbook part is refused too', () => {
    const parts = workbookParts([{ name: 'S', xml: worksheetXml('') }], undefined);
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace('<workbook', '<!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd"><workbook');
    assertRefused(() => listSheetNames(zipParts(parts)), 'MALFORMED_INPUT', /xl\/workbook\.xml contains a DOCTYPE/);
  });

  test('XML that is not well-formed is refused with its position, not its content', () => {
    const xlsx = xlsxFromSheetXml(worksheetXml('<row r="1"><c r="A1"><v>1</v></row>'));
    assertRefused(() => read(xlsx), 'MALFORMED_INPUT', /sheet1\.xml is not well-formed XML \(line \d+, column \d+\)/);
  });

  test('a part that is not UTF-8 is refused', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode(worksheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>')), 0xe9, ...new TextEncoder().encode('</t></is></c></row>')]);
    const parts: Record<string, string | Uint8Array> = workbookParts([{ name: 'S', xml: '' }], undefined);
    parts['xl/worksheets/sheet1.xml'] = latin1;
    assertRefused(() => read(zipParts(parts)), 'MALFORMED_INPUT', /is not UTF-8 text/);
  });

  test('a 10 MB cell is reported on its row; the rows around it are read', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const xlsx = xlsxFromSheetXml(
      worksheetXml(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${huge}</t></is></c><c r="B2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>`),
    );
    const rows = read(xlsx);
    assert.deepEqual(rows[0], { row: 1, cells: { A: 1 }, problems: [] });
    assert.deepEqual(rows[1], { row: 2, cells: { B: 2 }, problems: ['cell A2 is longer than 32767 characters.'] });
    assert.deepEqual(rows[2], { row: 3, cells: { A: 3 }, problems: [] });
  });

  test('a 10 MB shared string is reported where a cell uses it', () => {
    const xlsx = xlsxFromSheetXml(worksheetXml('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>'), sharedStringsXml(['Testland', 'y'.repeat(10 * 1024 * 1024)]));
    assert.deepEqual(read(xlsx), [{ row: 1, cells: { B: 'Testland' }, problems: ['cell A1 is longer than 32767 characters.'] }]);
  });

  test('more rows than the limit are refused', () => {
    const xlsx = writeXlsx([{ name: 'S', rows: [[1], [2], [3]] }]);
    assertRefused(() => read(xlsx, { maxRows: 2 }), 'PAYLOAD_TOO_LARGE', /more than 2 rows/);
  });

  test('limits must be positive whole numbers', () => {
    assertRefused(() => read(writeXlsx([{ name: 'S', rows: [] }]), { maxRows: 0 }), 'VALIDATION_FAILED', /maxRows must be a positive whole number/);
  });
});

describe('readSheetRows: streaming', () => {
  test('rows arrive before the rest of the sheet is read: the first rows of a sheet damaged at its end are delivered', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c></row>`).join('');
    const xlsx = xlsxFromSheetXml(worksheetXml(rows).replace('</worksheet>', '<broken'));
    const iterator = readSheetRows(xlsx);
    assert.deepEqual(iterator.next().value, { row: 1, cells: { A: 1 }, problems: [] });
    iterator.return(undefined);
    assertRefused(() => read(xlsx), 'MALFORMED_INPUT', /not well-formed XML/);
  });

  test('a sheet of 50,000 rows is read completely', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Person ${i + 1}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const xlsx = xlsxFromSheetXml(worksheetXml(rows));
    let count = 0;
    let last: SheetRow | undefined;
    for (const row of readSheetRows(xlsx)) {
      count++;
      last = row;
    }
    assert.equal(count, 50_000);
    assert.deepEqual(last, { row: 50_000, cells: { A: 'Person 50000', B: 49_999 }, problems: [] });
  });
});
