import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AriadneError } from '@ariadne/schema';
import { buildGoamlReport } from '../src/goaml/goaml-xml.ts';
import type { GoamlReportInput } from '../src/goaml/report-input.ts';
import { MAX_XSD_ERRORS, validateAgainstXsd, withholdValues, XsdSchema } from '../src/goaml/validate-xsd.ts';
import { exampleCodeLists, GOAML_DIR, sampleReport, schemaText, TEST_PSEUDONYM_KEY } from './fixtures/goaml/report-inputs.ts';

const SAMPLE_STR = readFileSync(join(GOAML_DIR, 'schemas', 'example-STR-5.0.2.xml'), 'utf8');

describe('validateAgainstXsd', () => {
  test('the public sample STR validates against the 5.0.2 schema', () => {
    assert.deepEqual(validateAgainstXsd(SAMPLE_STR, schemaText('5.0.2')), { valid: true, errors: [] });
  });

  test('the sample STR does not validate against 2.0 (it opens with schema_version): the error has a line and a path', () => {
    const result = validateAgainstXsd(SAMPLE_STR, schemaText('2.0'));
    assert.equal(result.valid, false);
    assert.deepEqual(result.errors[0], {
      line: 3,
      message: "Element 'schema_version': This element is not expected. Expected is ( rentity_id ).",
      path: '/report/schema_version',
    });
  });

  test('every error is reported with its line, and values (personal data) are withheld', () => {
    const broken = SAMPLE_STR
      .replace('<report_code>STR</report_code>', '<report_code>NOPE</report_code>')
      .replace('<rentity_id>101</rentity_id>', '<rentity_id>-4</rentity_id>')
      .replace('<birthdate>1989-07-02T00:00:00</birthdate>', '<birthdate>yesterday</birthdate>')
      .replace('<first_name>Layla</first_name>', '<first_name>Layla_#</first_name>');
    const result = validateAgainstXsd(broken, schemaText('5.0.2'));
    assert.equal(result.valid, false);
    assert.deepEqual(result.errors.map((e) => e.line), [4, 7, 59, 61]);
    const text = result.errors.map((e) => e.message).join('\n');
    assert.match(text, /\[facet 'enumeration'\] The value \(withheld\) is not an element of the set \{'AIF', 'AIFT'/);
    assert.match(text, /\[facet 'minInclusive'\] The value \(withheld\) is less than the minimum value allowed \('1'\)/);
    assert.match(text, /Element 'birthdate': \(withheld\) is not a valid value of the atomic type 'sql_date'/);
    assert.match(text, /Element 'first_name': \[facet 'pattern'\] The value \(withheld\) is not accepted by the pattern/);
    assert.doesNotMatch(text, /Layla|yesterday|NOPE|-4/);
  });

  test('malformed XML is a result with the parse error, not an exception', () => {
    for (const xml of ['<report><rentity_id>1</report>', '', 'not xml at all', '<report>\u0000</report>', SAMPLE_STR.slice(0, 2000)]) {
      const result = validateAgainstXsd(xml, schemaText('5.0.2'));
      assert.equal(result.valid, false, `accepted ${JSON.stringify(xml.slice(0, 30))}`);
      assert.ok(result.errors.length > 0);
    }
  });

  test('a DOCTYPE (entity expansion, external entities) is refused before parsing', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<report>&c;</report>`;
    const external = '<!-- x --><!DOCTYPE report SYSTEM "file:///etc/passwd"><report/>';
    for (const xml of [bomb, external]) {
      assert.deepEqual(validateAgainstXsd(xml, schemaText('5.0.2')), { valid: false, errors: [{ line: 1, message: 'A DOCTYPE is not allowed in a goAML report.' }] });
    }
  });

  test('errors are capped on a hugely wrong document', () => {
    const many = `<report>${'<x/>'.repeat(5000)}</report>`;
    const result = validateAgainstXsd(many, schemaText('5.0.2'));
    assert.equal(result.valid, false);
    assert.ok(result.errors.length <= MAX_XSD_ERRORS);
  });

  test('a large report (2,000 transactions) validates with one compiled schema reused', () => {
    const base = sampleReport('5.0.2');
    const template = base.transactions[2]!;
    const input: GoamlReportInput = {
      ...base,
      transactions: Array.from({ length: 2000 }, (_, i) => ({ ...template, id: `TX-${String(i).padStart(6, '0')}`, timestamp: template.timestamp + i * 60_000 })),
    };
    const xml = buildGoamlReport(input, { schemaVersion: '5.0.2', codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY });
    assert.ok(xml.length > 2_000_000);
    using schema = XsdSchema.fromText(schemaText('5.0.2'));
    assert.equal(schema.validate(xml).valid, true);
    assert.equal(schema.validate(xml.replace('<transactionnumber>TX-001999</transactionnumber>', '')).valid, false);
  });

  test('a huge text node is handled (libxml2 limits apply) without crashing', () => {
    const xml = SAMPLE_STR.replace('<reason>', `<reason>${'A'.repeat(12_000_000)}`);
    const result = validateAgainstXsd(xml, schemaText('5.0.2'));
    assert.equal(result.valid, false);
  });
});

describe('the schema itself is outside data', () => {
  const refused = (pattern: RegExp) => (error: unknown) => error instanceof AriadneError && error.code === 'MALFORMED_INPUT' && pattern.test(error.message);

  test('includes, imports and DOCTYPEs are refused: compiling never reaches for another file', () => {
    const withImport = schemaText('5.0.2').replace('<xs:element name="report">', '<xs:import namespace="urn:x" schemaLocation="file:///etc/passwd"/><xs:element name="report">');
    assert.throws(() => validateAgainstXsd(SAMPLE_STR, withImport), refused(/includes or imports other files/));
    assert.throws(() => validateAgainstXsd(SAMPLE_STR, `<!DOCTYPE xs:schema SYSTEM "x.dtd">${schemaText('2.0')}`), refused(/DOCTYPE/));
  });

  test('a malformed or invalid XSD is MALFORMED_INPUT', () => {
    assert.throws(() => validateAgainstXsd(SAMPLE_STR, '<xs:schema'), refused(/not well-formed/));
    assert.throws(() => validateAgainstXsd(SAMPLE_STR, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="report" type="nowhere"/></xs:schema>'), refused(/not a valid XSD/));
  });

  test('a disposed schema cannot be used', () => {
    const schema = XsdSchema.fromText(schemaText('2.0'));
    schema.dispose();
    schema.dispose();
    assert.throws(() => schema.validate(SAMPLE_STR), /disposed/);
  });
});

test('withholdValues keeps the reason and drops the value', () => {
  assert.equal(
    withholdValues("Element 'last_name': [facet 'maxLength'] The value 'O'Brien, it's' has a length of '14'; this exceeds the allowed maximum length of '10'.\n"),
    "Element 'last_name': [facet 'maxLength'] The value (withheld) has a length of '14'; this exceeds the allowed maximum length of '10'.",
  );
});
