/**
 * Synthetic data of the finance API tests: a bank's CSV export with its column map, a KYC file,
 * a scoring configuration with one typology, and a goAML configuration with a synthetic reporting
 * entity. Every name, account and institution is invented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XsdSchema, type AnyDetector, type Detector, type Finding } from '@ariadne/finance';
import { SHIPPED_GOAML_DIR } from '../src/finance/goaml-config.ts';

/**
 * A deliberately simple detector for the API tests: at least `minSenders` distinct senders pay one
 * account within `windowHours` (anchor: the receiver, at the pattern's latest payment). The
 * package's own detectors are tested (and tuned) in packages/finance; these tests check what the
 * server does with findings, so they use a rule whose outcome on their data cannot drift.
 */
export const TEST_FAN_IN: Detector<{ windowHours: number; minSenders: number }> = {
  id: 'test-fan-in',
  title: 'Test fan-in: several senders into one account',
  description: 'At least minSenders distinct senders pay one account within windowHours.',
  sources: ['apps/server tests'],
  requires: ['TX'],
  defaults: { windowHours: 240, minSenders: 3 },
  detect(graph, node, params, scope) {
    const incoming = graph.incoming(node);
    const findings: Finding[] = [];
    const end = graph.lastAtOrBefore(incoming, scope.until);
    for (let k = graph.firstAtOrAfter(incoming, scope.since); k < end; k++) {
      const last = incoming[k]!;
      const start = graph.firstAtOrAfter(incoming, graph.time(last) - params.windowHours * 3_600_000);
      const txs = incoming.slice(start, k + 1).filter((t) => !graph.isPseudo(graph.from(t)));
      const senders = new Set(txs.map((t) => graph.from(t))).size;
      if (senders < params.minSenders) continue;
      findings.push({
        detector: 'test-fan-in', node, score: Math.min(1, 0.5 + 0.1 * (senders - params.minSenders)), transactions: txs,
        reason: `${senders} senders paid the account within ${params.windowHours} hours.`,
      });
    }
    return findings;
  },
};

export const TEST_DETECTORS: ReadonlyMap<string, AnyDetector> = new Map([[TEST_FAN_IN.id, TEST_FAN_IN as unknown as AnyDetector]]);

/** one typology: the test fan-in, alerting from score 0.5 (three senders) */
export const TEST_SCORING = {
  algorithm: 'test-typologies@1',
  typologies: [{
    id: 'mule-collection', title: 'Money-mule collection', description: 'Several senders pay one account within days.',
    rules: [{ detector: 'test-fan-in', weight: 1 }], threshold: 0.5,
  }],
};

/** the server's finance options for the tests */
export const TEST_FINANCE = { scoring: TEST_SCORING, detectors: TEST_DETECTORS };

export const CSV_MAP = {
  id: 'Ref', from: 'Debtor', to: 'Creditor', amount: 'Amount', currency: 'Ccy', timestamp: 'Booked', reference: 'Memo', from_bank: 'DebtorBank', to_bank: 'CreditorBank',
};

/** four new senders pay ACC-0100 alike amounts within two days (a fan-in); two rows are refused (a negative amount, a time without zone); one payment into ACC-0200 is history the streaming tests build on */
export const BANK_CSV = [
  'Ref,Debtor,Creditor,Amount,Ccy,Booked,Memo,DebtorBank,CreditorBank',
  'TX-0001,ACC-0001,ACC-0100,980.00,USD,2026-01-05T09:00:00Z,wages week 1,,',
  'TX-0002,ACC-0002,ACC-0100,995.00,USD,2026-01-05T11:00:00Z,,OTHRGB2L,',
  'TX-0003,ACC-0003,ACC-0100,990.00,USD,2026-01-06T10:00:00Z,,OTHRGB2L,',
  'TX-0004,ACC-0004,ACC-0100,985.00,USD,2026-01-06T15:00:00Z,,OTHRGB2L,',
  'TX-0005,ACC-0005,ACC-0100,-5.00,USD,2026-01-06T16:00:00Z,,,',
  'TX-0006,ACC-0006,ACC-0007,120.00,EUR,2026-01-02T10:00:00+01:00,rent,,',
  'TX-0007,ACC-0006,ACC-0008,80.00,USD,2026-01-03T10:00:00,groceries,,',
  'TX-0008,ACC-0300,ACC-0200,700.00,USD,2026-02-01T08:00:00Z,,OTHRGB2L,OTHRGB2L',
  '',
].join('\n');

export const KYC_CSV = [
  'Account,Holder,Name,Segment',
  'ACC-0001,{victim},Test Person One,retail',
  'ACC-0100,{suspect},Test Person Two,retail',
  'ACC-0301,{victim},Test Person One,retail',
  '',
].join('\n');
/** a synthetic reporting entity; the shipped example schemas, code lists and code mappings of both versions */
export const GOAML_CONFIG = {
  reportingEntity: {
    id: 12, branch: 'Main branch', institutionName: 'ACME Synthetic Bank', bic: 'ACMELKLX',
    reportingPerson: { firstName: 'Test', lastName: 'Officer', occupation: 'Compliance officer', email: 'mlro@acme-synthetic.example' },
    location: { address: '1 Synthetic Street', city: 'Colombo', countryCode: 'LK', state: 'Western' },
  },
  currencyCodeLocal: 'USD', timeZone: 'UTC', pseudonymKey: 'test-only-pseudonym-key-0123456789abcdef',
  schemas: { '5.0.2': {}, '2.0': {} },
};

/** validates in process with libxml2, as `xmllint --noout --schema` does */
export function validatesAgainst(version: '2.0' | '5.0.2', xml: string): { valid: boolean; errors: unknown[] } {
  const schema = XsdSchema.fromText(readFileSync(join(SHIPPED_GOAML_DIR, 'schemas', `goAMLSchema-${version}.xsd`), 'utf8'));
  try {
    return schema.validate(xml);
  } finally {
    schema.dispose();
  }
}

export const KYC_MAP = { id: 'Account', holder_id: 'Holder', holder_name: 'Name', kind: 'Segment' };

/** a synthetic pacs.008 with one credit transfer (IBAN-shaped ids with check digits 00, never valid) */
export const PACS_008 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr><MsgId>SYNTH-PACS-9</MsgId><CreDtTm>2026-03-02T08:00:00Z</CreDtTm><NbOfTxs>1</NbOfTxs><CtrlSum>1500.00</CtrlSum>
      <SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>
    <CdtTrfTxInf>
      <PmtId><EndToEndId>E2E-9</EndToEndId><TxId>PACS-TX-9</TxId></PmtId>
      <IntrBkSttlmAmt Ccy="EUR">1500.00</IntrBkSttlmAmt><IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt><ChrgBr>SHAR</ChrgBr>
      <Dbtr><Nm>ACME Synthetic Ltd</Nm></Dbtr><DbtrAcct><Id><IBAN>DE00SYNTH00000000009</IBAN></Id></DbtrAcct>
      <DbtrAgt><FinInstnId><BICFI>SYNTDEFFXXX</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>SYNTTRISXXX</BICFI></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Test Person Nine</Nm></Cdtr><CdtrAcct><Id><IBAN>TR00SYNT0000000000000009</IBAN></Id></CdtrAcct>
    </CdtTrfTxInf>
  </FIToFICstmrCdtTrf>
</Document>
`;

/** FtM entities as JSON lines: two accounts and a payment between them, one line that is not JSON, one payment without an amount */
export const FTM_LINES = [
  { id: 'acct-ftm-1', schema: 'BankAccount', properties: { accountNumber: ['FTM-ACC-1'], bic: ['SYNTDEFF'] } },
  { id: 'acct-ftm-2', schema: 'BankAccount', properties: { accountNumber: ['FTM-ACC-2'] } },
  { id: 'pay-ftm-1', schema: 'Payment', properties: { payerAccount: ['acct-ftm-1'], beneficiaryAccount: ['acct-ftm-2'], amount: ['250.00'], currency: ['USD'], date: ['2026-03-03'] } },
].map((e) => JSON.stringify(e)).concat(['{"id": "broken', JSON.stringify({
  id: 'pay-ftm-2', schema: 'Payment', properties: { payerAccount: ['acct-ftm-1'], beneficiaryAccount: ['acct-ftm-2'], currency: ['USD'], date: ['2026-03-04'] },
})]).join('\n');
