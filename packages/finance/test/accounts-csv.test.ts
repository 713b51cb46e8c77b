import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AriadneError } from '@ariadne/schema';
import { accountKindOf, parseAccountMap, readAccountsCsv } from '../src/accounts-csv.ts';
import { csvFileChunks } from '../src/csv-records.ts';

const fixture = (name: string): URL => new URL(`./fixtures/csv/${name}`, import.meta.url);
const KYC_MAP = parseAccountMap(JSON.parse(readFileSync(fixture('kyc.map.json'), 'utf8')));
const HEADER = 'account,customer,holder,segment,activity,bank,country,city';

async function rejection(promise: Promise<unknown>): Promise<AriadneError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AriadneError, `expected an AriadneError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

function refusal(fn: () => unknown): AriadneError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AriadneError, `expected an AriadneError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to throw');
}

describe('parseAccountMap', () => {
  test('id is required; the other columns and the delimiter are optional', () => {
    assert.deepEqual(parseAccountMap({ id: 'IBAN' }), { columns: { id: 'IBAN' }, delimiter: ',' });
    assert.deepEqual(parseAccountMap({ id: 'IBAN', kind: 'Segment', delimiter: '\t' }), { columns: { id: 'IBAN', kind: 'Segment' }, delimiter: '\t' });
  });

  test('names each unknown key and bad value', () => {
    const error = refusal(() => parseAccountMap({ holder_name: 'Name', phone: 'Tel', country: '', delimiter: ',,' }));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(Object.keys(error.details ?? {}).sort(), ['country', 'delimiter', 'id', 'phone']);
  });
});

describe('readAccountsCsv', () => {
  test('reads KYC rows: customers, holder kinds in the bank\'s words, upper-cased countries', async () => {
    const { records, errors } = await readAccountsCsv(csvFileChunks(fixture('kyc.csv').pathname), KYC_MAP);
    assert.deepEqual(errors, []);
    assert.deepEqual(records, [
      { id: 'ACC-0001', customerId: 'CUST-01', holderName: 'Test Person 1', bank: 'SYNBANK1', city: 'Springfield', kind: 'personal', country: 'US' },
      { id: 'ACC-0002', customerId: 'CUST-02', holderName: 'ACME Synthetic Ltd', businessType: 'Construction (F41)', bank: 'SYNBANK2', city: 'Erbil', kind: 'business', country: 'IQ' },
      { id: 'ACC-0003', customerId: 'CUST-02', holderName: 'ACME Synthetic Ltd', businessType: 'Construction (F41)', bank: 'SYNBANK3', city: 'Erbil', kind: 'business', country: 'IQ' },
      { id: 'ACC-0004', holderName: 'Synthetic Exchange House', businessType: 'Remittances', bank: 'SYNBANK3', city: 'Raqqa', kind: 'msb', country: 'SY' },
      { id: 'ACC-0005' },
    ]);
  });

  test('refuses bad rows one by one and reads the good rows after them', async () => {
    const text = [
      HEADER,
      'ACC-0001,CUST-01,Test Person 1,personal,,,US,',
      ',CUST-02,Test Person 2,personal,,,US,',
      'ACC-0001,CUST-03,Test Person 3,personal,,,US,',
      'ACC-0004,CUST-04,Test Person 4,trust fund,,,US,',
      'ACC-0005,CUST-05,Test Person 5,personal,,,USA,',
      'ACC-0006,CUST-06,Test Person 6,personal,,,U1,',
      '@cash,,,,,,,',
      'ACC-0008,CUST-08',
      'ACC-0009,CUST-09,Test Person 9,Personne physique,,,fr,Lyon',
      '',
    ].join('\n');
    const { records, errors } = await readAccountsCsv(text, KYC_MAP);
    assert.deepEqual(records.map((r) => [r.id, r.kind, r.country]), [['ACC-0001', 'personal', 'US'], ['ACC-0009', 'personal', 'FR']]);
    assert.deepEqual(errors, [
      { record: '3', field: 'account', message: 'empty id' },
      { record: '4', field: 'account', message: 'duplicate id: first seen on line 2' },
      { record: '5', field: 'segment', message: 'unknown holder kind "trust fund" (expected personal, business, msb or unknown)' },
      { record: '6', field: 'country', message: 'country "USA" is not an ISO 3166-1 alpha-2 code' },
      { record: '7', field: 'country', message: 'country "U1" is not an ISO 3166-1 alpha-2 code' },
      { record: '8', field: 'account', message: 'an account reference cannot start with "@" (reserved for pseudo-accounts)' },
      { record: '9', message: 'the row has 2 fields, the header has 8' },
    ]);
    for (const error of errors) assert.doesNotMatch(error.message, /Test Person|CUST-|ACC-/);
  });

  test('a header without a mapped column is one error, with a did-you-mean', async () => {
    const error = await rejection(readAccountsCsv('Account,customer,holder,segment,activity,bank,country\nACC-1,,,,,,\n', KYC_MAP));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.details, { id: 'column "account" is not in the header; did you mean "Account"?', city: 'column "city" is not in the header' });
  });

  test('hostile input: empty, a never-closed quote, a huge line', async () => {
    assert.equal((await rejection(readAccountsCsv('', KYC_MAP))).code, 'MALFORMED_INPUT');
    assert.equal((await rejection(readAccountsCsv(`"${HEADER}\nACC-1`, KYC_MAP))).code, 'MALFORMED_INPUT', 'the header itself cannot be read');
    const { records, errors } = await readAccountsCsv(`${HEADER}\nACC-1,${'x'.repeat(200_000)},,,,,,\nACC-2,,,,,,,\n`, KYC_MAP);
    assert.deepEqual(records, [{ id: 'ACC-2' }]);
    assert.deepEqual(errors, [{ record: '2', message: 'the record is longer than 65536 characters' }]);
  });
});

describe('accountKindOf', () => {
  test('reads the usual words, in English and French', () => {
    const cases: Record<string, string | undefined> = {
      Individual: 'personal', RETAIL: 'personal', particulier: 'personal', Corporate: 'business', 'Legal entity': 'business', Société: 'business',
      'money-service-business': 'msb', 'Bureau de change': 'msb', Hawala: 'msb', unknown: 'unknown', 'N/A': 'unknown', trust: undefined, '': undefined,
    };
    for (const [word, kind] of Object.entries(cases)) assert.equal(accountKindOf(word), kind, word);
  });
});
