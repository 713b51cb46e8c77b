import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import { exportGoamlReport } from '../src/goaml/export.ts';
import { XsdSchema } from '../src/goaml/validate-xsd.ts';
import { exampleCodeLists, sampleReport, schemaText, TEST_PSEUDONYM_KEY } from './fixtures/goaml/report-inputs.ts';
import { XMLLINT_SKIP, xmllint } from './fixtures/goaml/xmllint.ts';

describe('exportGoamlReport', () => {
  for (const version of ['2.0', '5.0.2'] as const) {
    test(`goAML ${version}: returns the XML, valid against the FIU's XSD, and the summary beside it`, () => {
      const { xml, html } = exportGoamlReport(sampleReport(version), {
        schemaVersion: version, codeLists: exampleCodeLists(version), pseudonymKey: TEST_PSEUDONYM_KEY, xsd: schemaText(version),
        summary: { lang: 'en' },
      });
      assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<report>/);
      assert.match(html, /^<!DOCTYPE html>/);
      const tag = /<account>PROTECTED-([A-Z]+)<\/account>/.exec(xml)?.[1];
      assert.ok(tag !== undefined && html.includes(`Protected person ${tag}`), 'the summary shows the XML\'s pseudonym');
      if (XMLLINT_SKIP === false) assert.ok(xmllint(xml, version).valid);
    });
  }

  test('a compiled schema can be reused across reports', () => {
    using schema = XsdSchema.fromText(schemaText('5.0.2'));
    const options = { schemaVersion: '5.0.2' as const, codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY, xsd: schema };
    const a = exportGoamlReport(sampleReport('5.0.2'), options);
    const b = exportGoamlReport({ ...sampleReport('5.0.2'), entityReference: 'STR-2026-0008' }, options);
    assert.notEqual(a.xml, b.xml);
  });

  test('a report the FIU\'s XSD would reject fails with the first errors (line, path, reason), and nothing is returned', () => {
    // This FIU's copy allows entity references of five characters only; the writer's own
    // checks (255) let the report through, the FIU's XSD does not.
    const strictXsd = schemaText('5.0.2').replace(
      /(<xs:element name="entity_reference">\s*<xs:simpleType>\s*<xs:restriction base="xs:string">\s*)<xs:maxLength value="255" \/>/,
      '$1<xs:maxLength value="5" />',
    );
    assert.notEqual(strictXsd, schemaText('5.0.2'));
    assert.throws(
      () => exportGoamlReport(sampleReport('5.0.2'), { schemaVersion: '5.0.2', codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY, xsd: strictXsd }),
      (error: unknown) => {
        assert.ok(error instanceof AriadneError);
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.equal(
          error.message,
          "The goAML 5.0.2 report does not validate against the FIU's schema: line 8 /report/entity_reference: Element 'entity_reference': [facet 'maxLength'] The value has a length of '13'; this exceeds the allowed maximum length of '5'.",
        );
        assert.equal(Object.keys(error.details ?? {}).length, 1);
        return true;
      },
    );
  });

  test('the writer\'s own refusals come first, before any validation', () => {
    assert.throws(
      () => exportGoamlReport({ ...sampleReport('5.0.2'), reportCode: 'NOPE' }, { schemaVersion: '5.0.2', codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY, xsd: '<not a schema' }),
      (error: unknown) => error instanceof AriadneError && error.code === 'VALIDATION_FAILED' && /report_code: 'NOPE'/.test(error.message),
    );
  });

  test('xmllint agrees with the in-process validator on a rejected report', { skip: XMLLINT_SKIP }, () => {
    const broken = exportGoamlReport(sampleReport('5.0.2'), { schemaVersion: '5.0.2', codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY, xsd: schemaText('5.0.2') })
      .xml.replace('<transmode_comment>S</transmode_comment>', '<transmode_comment>SS</transmode_comment>');
    const { valid, output } = xmllint(broken, '5.0.2');
    assert.equal(valid, false);
    assert.match(output, /transmode_comment.*maxLength/);
  });
});
