import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import { buildGoamlReport } from '../src/goaml/goaml-xml.ts';
import { parseGoamlReportInput, type GoamlTransaction } from '../src/goaml/report-input.ts';
import type { TransactionRecord } from '../src/types.ts';
import { exampleCodeLists, sampleReport, TEST_PSEUDONYM_KEY } from './fixtures/goaml/report-inputs.ts';

/** The JSON a client would post: the sample report through JSON. */
function asJson(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(sampleReport('5.0.2'))) as Record<string, unknown>;
}

function refusal(value: unknown): AriadneError {
  try {
    parseGoamlReportInput(value);
  } catch (error) {
    assert.ok(error instanceof AriadneError);
    return error;
  }
  assert.fail('accepted');
}

describe('parseGoamlReportInput checks a JSON report', () => {
  test('accepts the sample report and the result builds the same XML', () => {
    const parsed = parseGoamlReportInput(asJson());
    const options = { schemaVersion: '5.0.2' as const, codeLists: exampleCodeLists('5.0.2'), pseudonymKey: TEST_PSEUDONYM_KEY };
    assert.equal(buildGoamlReport(parsed, options), buildGoamlReport(sampleReport('5.0.2'), options));
  });

  test('a TransactionRecord can be spread into a transaction beside its two sides', () => {
    const record: TransactionRecord = {
      id: 'TX-0100', from: 'ACC-0002', to: 'AE-ACC-77', amount: 12.5, amountText: '12.50', currency: 'USD',
      timestamp: Date.UTC(2026, 2, 9), kind: 'wire', toCountry: 'AE', reference: 'invoice 7',
    };
    const base = sampleReport('5.0.2');
    const tx: GoamlTransaction = { ...record, fromParty: base.transactions[3]!.fromParty, toParty: base.transactions[3]!.toParty };
    const parsed = parseGoamlReportInput(JSON.parse(JSON.stringify({ ...base, transactions: [tx] })));
    assert.equal(parsed.transactions[0]?.id, 'TX-0100');
  });

  test('names every bad path, without echoing values', () => {
    const json = asJson();
    const transactions = json['transactions'] as Record<string, unknown>[];
    transactions[0] = { ...transactions[0], kind: 'teleport', amount: -5 };
    const error = refusal({ ...json, reportCode: 7, indicators: [], submissionDate: 'yesterday', secret: 'Test Victim One' });
    assert.equal(error.code, 'VALIDATION_FAILED');
    for (const path of ['reportCode', 'indicators', 'submissionDate', 'transactions.0.kind', 'transactions.0.amount', '(root)']) {
      assert.ok(error.details?.[path] !== undefined, `no detail for ${path}: ${JSON.stringify(error.details)}`);
    }
    assert.doesNotMatch(JSON.stringify(error.details) + error.message, /Test Victim One|teleport/);
  });

  test('malformed shapes are refused: wrong holder kind, dates that are not YYYY-MM-DD, non-objects', () => {
    const json = asJson();
    const transactions = json['transactions'] as { fromParty: Record<string, unknown> }[];
    transactions[1]!.fromParty = { ...transactions[1]!.fromParty, holder: { kind: 'ghost' } };
    assert.ok(refusal(json).details?.['transactions.1.fromParty.holder.kind'] !== undefined);
    for (const value of [null, 42, 'report', [], {}]) assert.equal(refusal(value).code, 'VALIDATION_FAILED');
    const badDate = asJson();
    (badDate['transactions'] as { toParty: { account: Record<string, unknown> } }[])[0]!.toParty.account['opened'] = '02/11/2025';
    assert.match(JSON.stringify(refusal(badDate).details), /a date as YYYY-MM-DD/);
  });

  test('huge inputs are bounded: long text, too many transactions', () => {
    assert.ok(refusal({ ...asJson(), reason: 'x'.repeat(20_001) }).details?.['reason'] !== undefined);
    const json = asJson();
    const one = (json['transactions'] as unknown[])[0];
    assert.ok(refusal({ ...json, transactions: Array.from({ length: 100_001 }, () => one) }).details?.['transactions'] !== undefined);
  });
});
