import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import { buildGoamlReport } from '../src/goaml/goaml-xml.ts';
import type { GoamlReportInput, GoamlTransaction } from '../src/goaml/report-input.ts';
import { GOAML_SCHEMA_VERSIONS, type GoamlSchemaVersion } from '../src/goaml/schema-profiles.ts';
import { validateAgainstXsd } from '../src/goaml/validate-xsd.ts';
import { exampleCodeLists, sampleReport, schemaText, TEST_PSEUDONYM_KEY } from './fixtures/goaml/report-inputs.ts';
import { XMLLINT_SKIP, xmllint } from './fixtures/goaml/xmllint.ts';

function build(input: GoamlReportInput, version: GoamlSchemaVersion): string {
  return buildGoamlReport(input, { schemaVersion: version, codeLists: exampleCodeLists(version), pseudonymKey: TEST_PSEUDONYM_KEY });
}

/** The AriadneError a build throws (the test fails if it does not throw one). */
function buildError(input: GoamlReportInput, version: GoamlSchemaVersion): AriadneError {
  try {
    build(input, version);
  } catch (error) {
    assert.ok(error instanceof AriadneError, `expected an AriadneError, got ${String(error)}`);
    return error;
  }
  assert.fail('the report was written, but it should have been refused');
}

function withTransaction(input: GoamlReportInput, index: number, change: (tx: GoamlTransaction) => GoamlTransaction): GoamlReportInput {
  return { ...input, transactions: input.transactions.map((tx, i) => (i === index ? change(tx) : tx)) };
}

/** Element names of the document in order of appearance. */
function elementNames(xml: string): string[] {
  return [...xml.matchAll(/<([a-z_0-9]+)>/g)].map((m) => m[1] ?? '');
}

describe('a report with several transactions validates against both schemas', () => {
  for (const version of GOAML_SCHEMA_VERSIONS) {
    test(`goAML ${version}: accepted by validateAgainstXsd (libxml2-wasm)`, () => {
      const xml = build(sampleReport(version), version);
      const result = validateAgainstXsd(xml, schemaText(version));
      assert.deepEqual(result.errors, []);
      assert.equal(result.valid, true);
      assert.equal(xml.match(/<transaction>/g)?.length, 5);
    });

    test(`goAML ${version}: accepted by xmllint --schema`, { skip: XMLLINT_SKIP }, () => {
      const { valid, output } = xmllint(build(sampleReport(version), version), version);
      assert.ok(valid, output);
      assert.match(output, /validates/);
    });
  }
});

describe('element order and content follow each version', () => {
  test('5.0.2 opens with schema_version; 2.0 has none; the header follows the xs:sequence', () => {
    const v5 = elementNames(build(sampleReport('5.0.2'), '5.0.2'));
    const v2 = elementNames(build(sampleReport('2.0'), '2.0'));
    const header = ['rentity_id', 'rentity_branch', 'submission_code', 'report_code', 'entity_reference', 'submission_date', 'currency_code_local', 'reporting_person'];
    assert.deepEqual(v5.slice(0, 10), ['report', 'schema_version', ...header]);
    assert.deepEqual(v2.slice(0, 9), ['report', ...header]);
    for (const names of [v2, v5]) {
      const last = names.lastIndexOf('transaction');
      assert.ok(names.indexOf('location') < names.indexOf('reason'));
      assert.ok(names.indexOf('action') < names.indexOf('transaction'));
      assert.ok(names.indexOf('report_indicators') > last, 'indicators come after every transaction');
    }
  });

  test('the institution\'s own clients are t_*_my_client, counterparties are t_from / t_to', () => {
    const xml = build(sampleReport('5.0.2'), '5.0.2');
    const transactions = xml.split('<transaction>').slice(1);
    // 1: employer at another bank -> (protected) victim; 2: victim -> controller (own client)
    assert.match(transactions[0] ?? '', /<t_from>[\s\S]*<t_to>/);
    assert.match(transactions[1] ?? '', /<t_from>[\s\S]*<t_to_my_client>/);
    // 4: controller (own client) wires to a foreign company
    assert.match(transactions[3] ?? '', /<t_from_my_client>[\s\S]*<t_to>/);
  });

  test('amounts have two decimals, rounded half up from the institution\'s text; foreign amounts are converted and kept', () => {
    const xml = build(sampleReport('2.0'), '2.0');
    const amounts = [...xml.matchAll(/<amount_local>([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(amounts, ['1500.00', '1400.00', '1300.00', '5500.01', '900.50']);
    assert.match(xml, /<foreign_currency_code>EUR<\/foreign_currency_code>\s*<foreign_amount>5000\.01<\/foreign_amount>\s*<foreign_exchange_rate>1\.1<\/foreign_exchange_rate>/);
  });

  test('dates are YYYY-MM-DDThh:mm:ss in the report\'s time zone', () => {
    const xml = build(sampleReport('5.0.2'), '5.0.2');
    // 09:15 UTC is 14:45 in Colombo (UTC+05:30)
    assert.match(xml, /<date_transaction>2026-03-02T14:45:00<\/date_transaction>/);
    assert.match(xml, /<birthdate>1980-01-15T00:00:00<\/birthdate>/);
    const utc = build({ ...sampleReport('5.0.2'), timeZone: 'UTC' }, '5.0.2');
    assert.match(utc, /<date_transaction>2026-03-02T09:15:00<\/date_transaction>/);
  });

  test('2.0 cannot hold identity numbers in id_number (its pattern accepts none): they go into the comments', () => {
    const xml = build(sampleReport('2.0'), '2.0');
    assert.doesNotMatch(xml, /<id_number>|<identification>/);
    assert.match(xml, /<comments>Identity documents: id number 198001512345; PPT P0000002 \(LK, issued 2020-06-01, expires 2030-05-31\)\.<\/comments>/);
    const v5 = build(sampleReport('5.0.2'), '5.0.2');
    assert.match(v5, /<id_number>198001512345<\/id_number>/);
    assert.match(v5, /<identifications>\s*<identification>\s*<type>PASSP<\/type>\s*<number>P0000002<\/number>/);
  });

  test('a required code nobody gave is written as the FIU\'s unknown code "-"', () => {
    const input = withTransaction(sampleReport('5.0.2'), 3, (tx) => ({ ...tx, toParty: { ...tx.toParty, country: undefined } }));
    const xml = build(input, '5.0.2');
    assert.match(xml, /<to_country>-<\/to_country>/);
    assert.equal(validateAgainstXsd(xml, schemaText('5.0.2')).valid, true);
  });
});

describe('precise errors', () => {
  test('a code not in the FIU\'s list is refused, naming the element, the code and the list', () => {
    const error = buildError({ ...sampleReport('5.0.2'), reportCode: 'XSTR', indicators: ['STRUC', 'NOPE'] }, '5.0.2');
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.match(error.message, /\/report\/report_code: 'XSTR' is not in the FIU's report_type code list \(17 codes: AIF, AIFT,/);
    assert.match(error.message, /\/report\/report_indicators\/indicator: 'NOPE' is not in the FIU's report_indicator_type code list/);
    assert.equal(error.details?.['/report/report_code']?.startsWith("'XSTR'"), true);
  });

  test('a code valid for one FIU is refused with another FIU\'s lists', () => {
    const error = buildError({ ...sampleReport('2.0'), indicators: ['STRUC'] }, '2.0');
    assert.match(error.message, /'STRUC' is not in the FIU's report_indicator_type code list \(78 codes/);
  });

  test('a missing required field is named by its path', () => {
    const input = withTransaction(sampleReport('5.0.2'), 1, (tx) => ({
      ...tx,
      toParty: { ...tx.toParty, holder: { ...tx.toParty.holder, kind: 'person', firstName: 'Test Person', lastName: 'Two', birthDate: undefined } },
    }));
    const error = buildError(input, '5.0.2');
    assert.match(error.message, /\/report\/transaction\[2\]\/t_to_my_client\/to_account\/signatory\[1\]\/t_person\/birthdate: is required by goAML 5\.0\.2 but was not given/);
  });

  test('5.0.2 requires a one-character transmode_comment; a mapping without one is refused', () => {
    const input = sampleReport('5.0.2');
    const mapping = { kinds: { ...input.codeMapping.kinds, transfer: { transmode: 'INTRN', fromFunds: 'FRACC', toFunds: 'FRACC' } } };
    const error = buildError({ ...input, codeMapping: mapping }, '5.0.2');
    assert.match(error.message, /transaction\[2\]\/transmode_comment: is required by goAML 5\.0\.2/);
  });

  test('a kind the code mapping does not cover is refused', () => {
    const input = withTransaction(sampleReport('5.0.2'), 0, (tx) => ({ ...tx, kind: 'crypto' }));
    const error = buildError(input, '5.0.2');
    assert.match(error.message, /\/report\/transaction\[1\]: the code mapping has no codes for kind 'crypto'/);
  });

  test('2.0 accepts ASCII only in reason: Latin text is transliterated, another script is refused naming the character', () => {
    const latin = build({ ...sampleReport('2.0'), reason: 'Transfers to “Société Générale Synthétique” – Zürich…' }, '2.0');
    assert.match(latin, /<reason>Transfers to "Societe Generale Synthetique" - Zurich\.\.\.<\/reason>/);
    assert.equal(validateAgainstXsd(latin, schemaText('2.0')).valid, true);

    const error = buildError({ ...sampleReport('2.0'), reason: 'Transfers abroad: تحويلات' }, '2.0');
    assert.match(error.message, /\/report\/reason: goAML 2\.0 admits printable ASCII only here; character U\+062A at position 19 has no ASCII transliteration: write the field in Latin script/);
    // 5.0.2 takes any script
    const v5 = build({ ...sampleReport('5.0.2'), reason: 'Transfers abroad: تحويلات' }, '5.0.2');
    assert.match(v5, /<reason>Transfers abroad: تحويلات<\/reason>/);
  });

  test('an oversized field is refused with its length and the limit', () => {
    const error = buildError({ ...sampleReport('2.0'), reason: 'x'.repeat(4001) }, '2.0');
    assert.match(error.message, /\/report\/reason: is 4001 characters long; goAML 2\.0 allows at most 4000/);
    assert.ok(build({ ...sampleReport('5.0.2'), reason: 'x'.repeat(4001) }, '5.0.2').includes('x'.repeat(4001)));
    const tooLongNumber = withTransaction(sampleReport('2.0'), 0, (tx) => ({ ...tx, id: `TX-${'9'.repeat(60)}` }));
    assert.match(buildError(tooLongNumber, '2.0').message, /transaction\[1\]\/transactionnumber: is 63 characters long; goAML 2\.0 allows at most 50/);
  });

  test('2.0 names are ASCII letters: accents are dropped, digits refused', () => {
    const renamed = withTransaction(sampleReport('2.0'), 4, (tx) => ({
      ...tx, fromParty: { ...tx.fromParty, holder: { kind: 'person', firstName: 'Tést Pérson', lastName: 'Thrée' } },
    }));
    assert.match(build(renamed, '2.0'), /<first_name>Test Person<\/first_name>\s*<last_name>Three<\/last_name>/);
    const digits = withTransaction(sampleReport('2.0'), 4, (tx) => ({
      ...tx, fromParty: { ...tx.fromParty, holder: { kind: 'person', firstName: 'Test Person', lastName: 'Three3' } },
    }));
    assert.match(buildError(digits, '2.0').message, /t_from\/from_person\/last_name: does not fit goAML 2\.0's pattern for this field \(ASCII letters only, no spaces\)/);
  });

  test('problems are collected over the whole report, not only the first', () => {
    const input: GoamlReportInput = {
      ...sampleReport('5.0.2'),
      reportCode: 'NOPE',
      currencyCodeLocal: 'ZZZ',
      entityReference: '',
      reportingEntity: { ...sampleReport('5.0.2').reportingEntity, id: 0 },
    };
    const error = buildError(input, '5.0.2');
    for (const path of ['/report/rentity_id', '/report/report_code', '/report/entity_reference', '/report/currency_code_local']) {
      assert.ok(error.details?.[path] !== undefined, `no problem reported at ${path}`);
    }
  });

  test('2.0 limits rentity_id to three digits', () => {
    const input = { ...sampleReport('2.0'), reportingEntity: { ...sampleReport('2.0').reportingEntity, id: 1000 } };
    assert.match(buildError(input, '2.0').message, /\/report\/rentity_id: must be a whole number from 1 to 999 in goAML 2\.0/);
  });

  test('a repeated transaction number, a missing indicator and an unconvertible currency are refused', () => {
    const base = sampleReport('5.0.2');
    const repeated = withTransaction(base, 2, (tx) => ({ ...tx, id: 'TX-0001' }));
    assert.match(buildError(repeated, '5.0.2').message, /\/report\/transaction\[3\]: repeats the transaction number of transaction\[1\]/);
    assert.match(buildError({ ...base, indicators: [] }, '5.0.2').message, /indicator: goAML 5\.0\.2 needs at least one indicator/);
    const noTable = { ...base, currencyTable: undefined };
    assert.match(buildError(noTable, '5.0.2').message, /transaction\[4\]\/amount_local: the amount is in EUR, not the local currency USD: give amountLocal or a currency table based on USD/);
    const given = withTransaction(noTable, 3, (tx) => ({ ...tx, amountLocal: '5480.20' }));
    assert.match(build(given, '5.0.2'), /<amount_local>5480\.20<\/amount_local>/);
  });

  test('an unknown time zone is refused', () => {
    assert.match(buildError({ ...sampleReport('5.0.2'), timeZone: 'Mars/Olympus' }, '5.0.2').message, /\/report: the report's timeZone is not an IANA zone/);
  });

  test('code lists of another schema version are refused', () => {
    assert.throws(
      () => buildGoamlReport(sampleReport('2.0'), { schemaVersion: '2.0', codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY }),
      (error: unknown) => error instanceof AriadneError && /code lists are for goAML 5\.0\.2, the report is written for 2\.0/.test(error.message),
    );
  });
});

describe('hostile text', () => {
  const hostile = 'Test <b>&amp; "quote" \'apos\' ]]> <!-- --> <![CDATA[x]]>\u0000\u0007\u001b\u007f\u0085\u202e\u2066 \u200f\u05e9 end';

  test('is escaped, stripped of control and bidi-override characters, and still validates (5.0.2)', () => {
    const input: GoamlReportInput = withTransaction({ ...sampleReport('5.0.2'), reason: hostile, action: `line one\r\nline two ${hostile}` }, 0, (tx) => ({
      ...tx, description: hostile, location: hostile, fromParty: { ...tx.fromParty, fundsComment: hostile },
    }));
    const xml = build(input, '5.0.2');
    assert.match(xml, /<reason>Test &lt;b&gt;&amp;amp; "quote" 'apos' \]\]&gt; &lt;!-- --&gt; &lt;!\[CDATA\[x\]\]&gt; \u200f\u05e9 end<\/reason>/);
    // eslint-disable-next-line no-control-regex -- looking for the control characters that must be gone
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.doesNotMatch(xml, /<b>|<!\[CDATA/);
    assert.match(xml, /<action>line one\nline two /);
    assert.equal(validateAgainstXsd(xml, schemaText('5.0.2')).valid, true);
  });

  test('is transliterated to ASCII where 2.0 demands it, and still validates (2.0)', () => {
    const input: GoamlReportInput = withTransaction({ ...sampleReport('2.0'), reason: hostile.replace('\u05e9', '') }, 0, (tx) => ({ ...tx, description: hostile }));
    const xml = build(input, '2.0');
    assert.match(xml, /<reason>Test &lt;b&gt;&amp;amp; "quote" 'apos' \]\]&gt; &lt;!-- --&gt; &lt;!\[CDATA\[x\]\]&gt;\s+end<\/reason>/);
    assert.equal(validateAgainstXsd(xml, schemaText('2.0')).valid, true);
  });

  test('passes xmllint too', { skip: XMLLINT_SKIP }, () => {
    const input = withTransaction({ ...sampleReport('5.0.2'), reason: hostile }, 0, (tx) => ({ ...tx, description: hostile }));
    const { valid, output } = xmllint(build(input, '5.0.2'), '5.0.2');
    assert.ok(valid, output);
  });
});
