import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import { buildGoamlReport } from '../src/goaml/goaml-xml.ts';
import type { GoamlReportInput } from '../src/goaml/report-input.ts';
import { renderReportSummary } from '../src/goaml/report-summary.ts';
import type { GoamlSchemaVersion } from '../src/goaml/schema-profiles.ts';
import { validateAgainstXsd } from '../src/goaml/validate-xsd.ts';
import { protectVictims, pseudonymTag } from '../src/goaml/victims.ts';
import { exampleCodeLists, sampleReport, schemaText, TEST_PSEUDONYM_KEY } from './fixtures/goaml/report-inputs.ts';

const OTHER_KEY = 'another-deployment-key-fedcba9876543210';

function xmlOf(input: GoamlReportInput, version: GoamlSchemaVersion, key: string = TEST_PSEUDONYM_KEY): string {
  return buildGoamlReport(input, { schemaVersion: version, codeLists: exampleCodeLists(version), pseudonymKey: key });
}

function xmlWithoutKey(input: GoamlReportInput, version: GoamlSchemaVersion): string {
  return buildGoamlReport(input, { schemaVersion: version, codeLists: exampleCodeLists(version) });
}

function htmlOf(input: GoamlReportInput, version: GoamlSchemaVersion, key: string = TEST_PSEUDONYM_KEY): string {
  return renderReportSummary(input, { schemaVersion: version, codeLists: exampleCodeLists(version), pseudonymKey: key });
}

/** Everything the fixture's victim is identified by. */
const VICTIM_TRACES = [/Test Victim/i, /Victim One/i, /2001-04-03/, /N7654321/, /ACC-0101/, /victim\.one@example\.org/, /770000099/, /Hostel Road/, /Garment worker/];

describe('victims are pseudonymised', () => {
  for (const version of ['2.0', '5.0.2'] as const) {
    test(`goAML ${version}: no name, birth date, id number, account or contact of the victim in the XML or the summary`, () => {
      const input = sampleReport(version);
      const xml = xmlOf(input, version);
      const html = htmlOf(input, version);
      for (const trace of VICTIM_TRACES) {
        assert.doesNotMatch(xml, trace, `the XML shows ${trace}`);
        assert.doesNotMatch(html, trace, `the summary shows ${trace}`);
      }
      const tag = pseudonymTag('id:person-victim-1', TEST_PSEUDONYM_KEY);
      assert.match(xml, new RegExp(`<first_name>Protected person</first_name>\\s*<last_name>${tag}</last_name>`));
      assert.match(xml, new RegExp(`<account>PROTECTED-${tag}</account>`));
      assert.match(xml, new RegExp(`<reason>Wages paid to Protected person ${tag} were swept`), 'the grounds name the pseudonym, not the victim');
      assert.match(html, new RegExp(`Protected person ${tag}`));
      assert.match(html, /Identity withheld to protect a victim/);
      // What the FIU still needs to see a trafficking route stays: nationality and residence.
      assert.match(xml, /<nationality1>NP<\/nationality1>/);
      // The controller, who is no victim, is reported in full.
      assert.match(xml, /<first_name>Test Person<\/first_name>\s*<last_name>Two<\/last_name>\s*<birthdate>1980-01-15T00:00:00<\/birthdate>/);
      assert.equal(validateAgainstXsd(xml, schemaText(version)).valid, true);
    });
  }

  test('a victim who is the institution\'s own client is written with the plain types (the my_client types demand the withheld data)', () => {
    const xml = xmlOf(sampleReport('5.0.2'), '5.0.2');
    const first = xml.split('<transaction>')[1] ?? '';
    assert.match(first, /<t_to>/);
    assert.doesNotMatch(first, /<t_to_my_client>/);
  });

  test('the pseudonym is stable for one key, across reports and versions, and differs under another key', () => {
    const tag = (xml: string) => /<account>PROTECTED-([A-Z]+)<\/account>/.exec(xml)?.[1];
    const a = tag(xmlOf(sampleReport('5.0.2'), '5.0.2'));
    const b = tag(xmlOf({ ...sampleReport('5.0.2'), entityReference: 'STR-2026-0099' }, '5.0.2'));
    const c = tag(xmlOf(sampleReport('2.0'), '2.0'));
    const other = tag(xmlOf(sampleReport('5.0.2'), '5.0.2', OTHER_KEY));
    assert.ok(a !== undefined && /^[BCDFGHJKLMNPQRSTVWXZ]{6}$/.test(a), 'six consonants');
    assert.equal(a, b);
    assert.equal(a, c);
    assert.notEqual(a, other);
  });

  test('without a stable id the pseudonym follows the stated identity (name and birth date)', () => {
    const anonymous = (birthDate: string) => {
      const input = sampleReport('5.0.2');
      const victim = { ...input.transactions[0]!.toParty, holder: { ...input.transactions[0]!.toParty.holder, id: undefined, birthDate } } as const;
      return protectVictims({ ...input, transactions: [{ ...input.transactions[0]!, toParty: victim }] }, TEST_PSEUDONYM_KEY);
    };
    const name = (r: ReturnType<typeof anonymous>) => {
      const holder = r.input.transactions[0]!.toParty.holder;
      return holder.kind === 'person' ? holder.lastName : '';
    };
    assert.equal(name(anonymous('2001-04-03')), name(anonymous('2001-04-03')));
    assert.notEqual(name(anonymous('2001-04-03')), name(anonymous('1999-12-31')));
  });

  test('a victim flagged on one transaction is protected on every transaction where the same person appears', () => {
    const input = sampleReport('5.0.2');
    const flaggedOnce: GoamlReportInput = {
      ...input,
      transactions: input.transactions.map((tx, i) =>
        i === 1 ? { ...tx, fromParty: { ...tx.fromParty, victim: false } }
          // the cash is handed to the victim, named without id or birth date, and not flagged
          : i === 2 ? { ...tx, toParty: { holder: { kind: 'person', firstName: 'Test Victim', lastName: 'One' }, country: 'LK' } }
            : tx),
    };
    const xml = xmlOf(flaggedOnce, '5.0.2');
    for (const trace of VICTIM_TRACES) assert.doesNotMatch(xml, trace);
    const tags = [...xml.matchAll(/<first_name>Protected person<\/first_name>\s*<last_name>([A-Z]+)<\/last_name>/g)].map((m) => m[1]);
    assert.equal(tags.length, 3);
    assert.equal(new Set(tags).size, 1, 'one victim, one pseudonym');
  });

  test('a report with victims needs a key of at least 16 bytes', () => {
    const refused = (error: unknown) =>
      error instanceof AriadneError && error.code === 'VALIDATION_FAILED' && /pseudonym key of at least 16 bytes/.test(error.message);
    assert.throws(() => xmlWithoutKey(sampleReport('5.0.2'), '5.0.2'), refused);
    assert.throws(() => xmlOf(sampleReport('5.0.2'), '5.0.2', 'short-key'), refused);
    assert.throws(() => renderReportSummary(sampleReport('5.0.2'), {}), /pseudonym key/);
  });

  test('a report without victims needs no key', () => {
    const input = sampleReport('5.0.2');
    const noVictims: GoamlReportInput = {
      ...input,
      transactions: input.transactions.map((tx) => ({ ...tx, fromParty: { ...tx.fromParty, victim: false }, toParty: { ...tx.toParty, victim: false } })),
    };
    assert.match(xmlWithoutKey(noVictims, '5.0.2'), /<last_name>One<\/last_name>/);
  });
});

describe('disclosure is gated by a stated purpose (resolution 2331 para 6)', () => {
  test('includeVictims without a purpose is refused', () => {
    for (const victimPurpose of [undefined, '  ', 'because']) {
      assert.throws(() => xmlOf({ ...sampleReport('5.0.2'), includeVictims: true, victimPurpose }, '5.0.2'), (error: unknown) =>
        error instanceof AriadneError && error.code === 'VALIDATION_FAILED' && /victimPurpose/.test(error.message));
    }
  });

  for (const version of ['2.0', '5.0.2'] as const) {
    test(`goAML ${version}: with a purpose the victim appears in full, as the institution's own client, and the summary states the purpose`, () => {
      const purpose = 'Victim identification requested by the FIU for a protection referral (case 42).';
      const input: GoamlReportInput = { ...sampleReport(version), includeVictims: true, victimPurpose: purpose };
      const xml = xmlOf(input, version);
      assert.match(xml, /<first_name>Test Victim<\/first_name>\s*<last_name>One<\/last_name>\s*<birthdate>2001-04-03T00:00:00<\/birthdate>/);
      assert.match(xml, /<account>ACC-0101<\/account>/);
      assert.match(xml.split('<transaction>')[1] ?? '', /<t_to_my_client>/);
      assert.doesNotMatch(xml, /Protected person/);
      assert.equal(validateAgainstXsd(xml, schemaText(version)).valid, true);
      const html = htmlOf(input, version);
      assert.match(html, /Victims' identities are disclosed in this report/);
      assert.ok(html.includes('Victim identification requested by the FIU for a protection referral (case 42).'));
      assert.match(html, /Test Victim One/);
    });
  }
});

describe('free text is scrubbed of the victim\'s identifiers', () => {
  test('names in any order and case, identity and account numbers, in grounds, references and alert explanations', () => {
    const input: GoamlReportInput = {
      ...sampleReport('5.0.2'),
      reason: 'TEST VICTIM ONE (One, Test Victim), passport N7654321, account ACC-0101, phone 770000099; Test Person Two controls it.',
    };
    const protectedInput = protectVictims(input, TEST_PSEUDONYM_KEY).input;
    const tag = pseudonymTag('id:person-victim-1', TEST_PSEUDONYM_KEY);
    assert.equal(
      protectedInput.reason,
      `Protected person ${tag} (Protected person ${tag}), passport Protected person ${tag}, account PROTECTED-${tag}, phone Protected person ${tag}; Test Person Two controls it.`,
    );
    assert.equal(protectedInput.transactions[0]?.reference, `Salary March Protected person ${tag}`);
    const alert = protectedInput.alerts?.[0];
    assert.deepEqual(alert?.accounts, ['ACC-0002', `PROTECTED-${tag}`]);
    assert.doesNotMatch(alert?.explanation ?? '', /Test Victim|ACC-0101/);
  });
});
