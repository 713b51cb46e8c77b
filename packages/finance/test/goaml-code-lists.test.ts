import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AriadneError } from '@ariadne/schema';
import { extractCodeLists, GOAML_CODE_LIST_TYPES, loadCodeLists, MAX_XSD_CHARS } from '../src/goaml/code-lists.ts';
import { GOAML_DIR, schemaText } from './fixtures/goaml/report-inputs.ts';

const isError = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof AriadneError && error.code === code && pattern.test(error.message);

const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';

describe('extractCodeLists reads an FIU\'s XSD', () => {
  test('the 5.0.2 example: the UAE FIU\'s lists, with labels from the XSD comments', () => {
    const lists = extractCodeLists(schemaText('5.0.2'));
    assert.equal(lists.schemaVersion, '5.0.2', 'read from goaml:schemaVersion');
    const counts = Object.fromEntries(['report_type', 'report_indicator_type', 'funds_type', 'conduction_type'].map((t) => [t, lists.entries(t).length]));
    assert.deepEqual(counts, { report_type: 17, report_indicator_type: 423, funds_type: 32, conduction_type: 21 });
    assert.deepEqual(lists.types().sort(), [...GOAML_CODE_LIST_TYPES].sort());
    assert.equal(lists.label('report_type', 'STR'), 'Suspicious Transaction Report');
    assert.equal(lists.label('conduction_type', 'ELCFT'), 'Electronic funds transfer');
    assert.equal(lists.has('country_type', 'AE'), true);
    assert.equal(lists.has('country_type', 'XX'), false);
  });

  test('the 2.0 example: another FIU, other codes; no version declared, so the caller states it', () => {
    const lists = extractCodeLists(schemaText('2.0'), { schemaVersion: '2.0' });
    assert.equal(lists.schemaVersion, '2.0');
    assert.deepEqual(lists.entries('report_type').map((e) => e.code), ['AIFA', 'AIFT', 'CFIR', 'CTR', 'EFT', 'IFT', 'IRD', 'LSTRT', 'STR']);
    assert.equal(lists.has('report_indicator_type', 'STRUC'), false);
    assert.equal(lists.label('country_type', 'LK'), 'SRI LANKA');
  });

  test('the shipped JSON files are exactly what the script extracts from the shipped schemas', () => {
    for (const version of ['2.0', '5.0.2'] as const) {
      const shipped = loadCodeLists(readFileSync(join(GOAML_DIR, 'code-lists', `${version}-example.json`), 'utf8'));
      const fresh = extractCodeLists(schemaText(version), { schemaVersion: version });
      assert.deepEqual(shipped.toJSON().lists, fresh.toJSON().lists, `${version}: rerun scripts/extract-goaml-code-lists.ts`);
      assert.equal(shipped.schemaVersion, version);
      assert.match(shipped.source ?? '', new RegExp(`^goAMLSchema-${version.replace(/\./g, '\\.')}\\.xsd sha256:[0-9a-f]{64}$`));
    }
  });

  test('only the schema\'s top-level named simple types count; documentation labels win over comments', () => {
    const xsd = `<xs:schema ${XS}>
      <xs:element name="x"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="INLINE"/></xs:restriction></xs:simpleType></xs:element>
      <xs:simpleType name="report_type"><xs:restriction base="xs:string">
        <xs:enumeration value="STR"><xs:annotation><xs:documentation>Suspicious  transaction
          report</xs:documentation></xs:annotation><!--ignored--></xs:enumeration>
        <xs:enumeration value="SAR"/>
        <xs:enumeration value="STR"/>
      </xs:restriction></xs:simpleType>
      <xs:simpleType name="other_type"><xs:restriction base="xs:string"><xs:enumeration value="Q"/></xs:restriction></xs:simpleType>
    </xs:schema>`;
    const lists = extractCodeLists(xsd);
    assert.deepEqual(lists.toJSON().lists, { report_type: [{ code: 'STR', label: 'Suspicious transaction report' }, { code: 'SAR' }] });
    assert.deepEqual(extractCodeLists(xsd, { types: 'all' }).types(), ['report_type', 'other_type']);
  });

  test('malformed, hostile and huge schemas are refused with a clear error', () => {
    assert.throws(() => extractCodeLists('<xs:schema'), isError('MALFORMED_INPUT', /could not be read/));
    assert.throws(() => extractCodeLists(''), isError('MALFORMED_INPUT', /could not be read|none of the goAML code lists/));
    assert.throws(() => extractCodeLists('<report/>'), isError('MALFORMED_INPUT', /root element is not xs:schema/));
    assert.throws(() => extractCodeLists(`<xs:schema ${XS}/>`), isError('MALFORMED_INPUT', /none of the goAML code lists/));
    const bomb = `<!DOCTYPE xs:schema [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xs:schema ${XS}><xs:simpleType name="report_type"><xs:restriction base="xs:string"><xs:enumeration value="&b;"/></xs:restriction></xs:simpleType></xs:schema>`;
    assert.throws(() => extractCodeLists(bomb), isError('MALFORMED_INPUT', /DOCTYPE is not allowed/));
    const longCode = `<xs:schema ${XS}><xs:simpleType name="report_type"><xs:restriction base="xs:string"><xs:enumeration value="${'A'.repeat(101)}"/></xs:restriction></xs:simpleType></xs:schema>`;
    assert.throws(() => extractCodeLists(longCode), isError('MALFORMED_INPUT', /report_type list has a code that is empty or longer than 100/));
    const manyCodes = `<xs:schema ${XS}><xs:simpleType name="report_type"><xs:restriction base="xs:string">${Array.from({ length: 20_001 }, (_, i) => `<xs:enumeration value="C${i}"/>`).join('')}</xs:restriction></xs:simpleType></xs:schema>`;
    assert.throws(() => extractCodeLists(manyCodes), isError('PAYLOAD_TOO_LARGE', /more than 20000 codes/));
    assert.throws(() => extractCodeLists(' '.repeat(MAX_XSD_CHARS + 1)), isError('PAYLOAD_TOO_LARGE', /larger than/));
  });

  test('a label is one line of plain text, bounded', () => {
    const xsd = `<xs:schema ${XS}><xs:simpleType name="report_type"><xs:restriction base="xs:string"><xs:enumeration value="STR"><!--line one\n\tline two ${'x'.repeat(1000)}--></xs:enumeration></xs:restriction></xs:simpleType></xs:schema>`;
    const label = extractCodeLists(xsd).label('report_type', 'STR') ?? '';
    assert.ok(label.startsWith('line one line two x'));
    assert.equal(label.length, 300);
  });
});

describe('loadCodeLists reads the file an administrator writes', () => {
  test('bare codes and { code, label } entries, from text or parsed JSON', () => {
    const json = { schemaVersion: '5.0.2', lists: { report_type: ['STR', { code: 'SAR', label: 'Suspicious activity report' }], report_indicator_type: ['HT01'] } };
    for (const lists of [loadCodeLists(json), loadCodeLists(JSON.stringify(json))]) {
      assert.equal(lists.has('report_type', 'STR'), true);
      assert.equal(lists.label('report_type', 'SAR'), 'Suspicious activity report');
      assert.equal(lists.has('report_indicator_type', 'HT01'), true);
      assert.equal(lists.hasList('funds_type'), false);
    }
  });

  test('a round trip through toJSON keeps everything', () => {
    const lists = extractCodeLists(schemaText('5.0.2'));
    assert.deepEqual(loadCodeLists(JSON.stringify(lists.toJSON())).toJSON(), lists.toJSON());
  });

  test('bad files are refused, naming the path at fault', () => {
    assert.throws(() => loadCodeLists('{"lists": '), isError('MALFORMED_INPUT', /not valid JSON/));
    assert.throws(() => loadCodeLists({ lists: { report_type: ['STR', ''] } }), (error: unknown) =>
      error instanceof AriadneError && error.code === 'VALIDATION_FAILED' && error.details?.['lists.report_type.1'] !== undefined);
    assert.throws(() => loadCodeLists({ lists: { 'bad name!': ['X'] } }), isError('VALIDATION_FAILED', /lists/));
    assert.throws(() => loadCodeLists({ lists: { report_type: [' STR'] } }), isError('VALIDATION_FAILED', /leading or trailing spaces/));
    assert.throws(() => loadCodeLists({ lists: {}, extra: true }), isError('VALIDATION_FAILED', /(root)|extra/));
    assert.throws(() => loadCodeLists(null), isError('VALIDATION_FAILED', /not valid/));
    assert.throws(() => loadCodeLists(`{"lists":{"report_type":[${'"X",'.repeat(3_000_000)}"X"]}}`), isError('PAYLOAD_TOO_LARGE', /larger than/));
  });
});
