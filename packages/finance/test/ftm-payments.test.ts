import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EntityData } from '@ariadne/schema';
import { paymentsFromFtm, paymentsToFtm } from '../src/ftm-payments.ts';
import { readIso20022 } from '../src/iso20022.ts';
import type { AccountRecord, TransactionRecord } from '../src/types.ts';

const currency = { base: 'EUR', rates: { EUR: 1, USD: 0.92 } };

function entity(id: string, schema: string, properties: Record<string, string[]>): EntityData {
  return { id, schema, properties };
}

const payer = entity('person-test-1', 'Person', { name: ['Test Person 1'] });
const company = entity('company-acme', 'Company', { name: ['ACME Synthetic Ltd'] });
const payerAccount = entity('ba-1', 'BankAccount', { iban: ['de00 synth 0000 0000 01'], bankName: ['Synthetic Bank'], country: ['de'] });
const beneficiaryAccount = entity('ba-2', 'BankAccount', { accountNumber: ['ACC-0002'], bic: ['SYNTIQBAXXX'] });

describe('paymentsFromFtm', () => {
  test('a Payment between two bank accounts: IBAN or account number, bank and country from the BankAccount', () => {
    const payment = entity('pay-1', 'Payment', {
      payer: ['person-test-1'], payerAccount: ['ba-1'], beneficiary: ['company-acme'], beneficiaryAccount: ['ba-2'],
      amount: ['1200.50'], currency: ['eur'], date: ['2024-03-01'], purpose: ['Synthetic invoice 7'], transactionNumber: ['TXN-0001'],
    });
    const { records, accounts, errors } = paymentsFromFtm([payment, payer, company, payerAccount, beneficiaryAccount], { currency });
    assert.deepEqual(errors, []);
    assert.deepEqual(records, [{
      id: 'TXN-0001', from: 'DE00SYNTH0000000001', to: 'ACC-0002', amount: 1200.5, amountText: '1200.50', currency: 'EUR',
      timestamp: Date.UTC(2024, 2, 1), kind: 'transfer', fromBank: 'Synthetic Bank', toBank: 'SYNTIQBAXXX', fromCountry: 'DE',
      reference: 'Synthetic invoice 7',
    }]);
    assert.deepEqual(accounts, [
      { id: 'DE00SYNTH0000000001', holderId: 'person-test-1', holderName: 'Test Person 1', bank: 'Synthetic Bank', country: 'DE' },
      { id: 'ACC-0002', holderId: 'company-acme', holderName: 'ACME Synthetic Ltd', bank: 'SYNTIQBAXXX' },
    ]);
  });

  test('without a bank account the party entity stands for the account and is its holder', () => {
    const payment = entity('pay-2', 'Payment', { payer: ['person-test-1'], beneficiary: ['company-acme'], amountEur: ['40'], startDate: ['2024-03-02T10:00:00'] });
    const { records, accounts } = paymentsFromFtm([payment, payer]);
    assert.equal(records[0]!.id, 'pay-2', 'the entity id when there is no transaction number');
    assert.equal(records[0]!.from, 'person-test-1');
    assert.equal(records[0]!.to, 'company-acme');
    assert.equal(records[0]!.currency, 'EUR', 'amountEur when there is no amount');
    assert.equal(records[0]!.timestamp, Date.UTC(2024, 2, 2, 10), 'startDate when there is no date; FtM times are UTC');
    assert.deepEqual(accounts, [
      { id: 'person-test-1', holderId: 'person-test-1', holderName: 'Test Person 1' },
      { id: 'company-acme', holderId: 'company-acme' },
    ]);
  });

  test('the purpose read as a code or word gives the kind; unknown words are transfers', () => {
    const base = { payerAccount: ['ba-1'], beneficiaryAccount: ['ba-2'], amount: ['10'], currency: ['EUR'], date: ['2024-01-01'] };
    const { records } = paymentsFromFtm([
      payerAccount, beneficiaryAccount,
      entity('p-sala', 'Payment', { ...base, purpose: ['SALA'] }),
      entity('p-word', 'Payment', { ...base, purpose: ['Salary March'] }),
      entity('p-free', 'Payment', { ...base, purpose: ['Consulting 2024/17'] }),
    ]);
    assert.deepEqual(records.map((r) => [r.id, r.kind]), [['p-sala', 'salary'], ['p-word', 'salary'], ['p-free', 'transfer']]);
  });

  test('payments without amount, date or payer side are errors naming the entity, never a party; the rest is read', () => {
    const ok = { payer: ['person-test-1'], beneficiary: ['company-acme'], amount: ['10.00'], currency: ['EUR'], date: ['2024-01-01'] };
    const cases: [string, Record<string, string[]>][] = [
      ['ok', ok],
      ['no-amount', { ...ok, amount: [] }],
      ['zero', { ...ok, amount: ['0.00'] }],
      ['negative', { ...ok, amount: ['-5'] }],
      ['comma', { ...ok, amount: ['1,000.00'] }],
      ['two-amounts', { ...ok, amount: ['10', '12'] }],
      ['no-currency', { ...ok, currency: [] }],
      ['bad-currency', { ...ok, currency: ['XYZ'] }],
      ['no-rate', { ...ok, currency: ['SYP'] }],
      ['no-date', { ...ok, date: [] }],
      ['year-only', { ...ok, date: ['2024'] }],
      ['bad-day', { ...ok, date: ['2024-02-30'] }],
      ['no-payer', { ...ok, payer: [] }],
      ['no-beneficiary', { ...ok, beneficiary: [] }],
    ];
    const { records, errors } = paymentsFromFtm([payer, ...cases.map(([id, p]) => entity(id, 'Payment', p))], { currency });
    assert.deepEqual(records.map((r) => r.id), ['ok']);
    assert.deepEqual(errors.map((e) => [e.record, e.field, e.message]), [
      ['no-amount', 'amount', 'amount is missing'],
      ['zero', 'amount', 'amount is zero'],
      ['negative', 'amount', 'amount is negative'],
      ['comma', 'amount', 'amount is not a decimal number'],
      ['two-amounts', 'amount', 'payment has several different amounts'],
      ['no-currency', 'currency', 'currency is missing'],
      ['bad-currency', 'currency', 'currency is not an ISO 4217 code'],
      ['no-rate', 'currency', 'currency SYP has no rate in the currency table'],
      ['no-date', 'date', 'date is missing'],
      ['year-only', 'date', 'date is less precise than a day'],
      ['bad-day', 'date', 'date does not exist in the calendar'],
      ['no-payer', 'payer', 'payment has no payer side (payer or payerAccount)'],
      ['no-beneficiary', 'beneficiary', 'payment has no beneficiary side (beneficiary or beneficiaryAccount)'],
    ]);
    for (const error of errors) assert.ok(!error.message.includes('Test Person'));
  });

  test('a repeated transaction number is a duplicate; other schemata and hostile shapes are ignored', () => {
    const p = { payer: ['person-test-1'], beneficiary: ['company-acme'], amount: ['1'], currency: ['EUR'], date: ['2024-01-01'], transactionNumber: ['T-1'] };
    const hostile = { id: 'weird', schema: 'Payment', properties: { amount: 'not-an-array', payer: [42], beneficiary: null } } as unknown as EntityData;
    const { records, errors } = paymentsFromFtm([
      entity('a', 'Payment', p), entity('b', 'Payment', p), entity('addr', 'Address', { full: ['Synthetic Street 1'] }), hostile,
    ]);
    assert.deepEqual(records.map((r) => r.id), ['T-1']);
    assert.deepEqual(errors.map((e) => [e.record, e.field]), [['b', 'transactionNumber'], ['weird', 'amount']]);
  });

  test('an account number may not pose as a pseudo-account', () => {
    const forged = entity('ba-cash', 'BankAccount', { accountNumber: ['@cash'] });
    const { records, errors } = paymentsFromFtm([forged, entity('p', 'Payment', {
      payerAccount: ['ba-cash'], beneficiary: ['company-acme'], amount: ['1'], currency: ['EUR'], date: ['2024-01-01'],
    })]);
    assert.equal(records.length, 0);
    assert.equal(errors[0]!.field, 'payerAccount');
  });

  test('two payments naming different holders for one account leave it without a holder', () => {
    const base = { payerAccount: ['ba-1'], beneficiary: ['company-acme'], amount: ['1'], currency: ['EUR'], date: ['2024-01-01'] };
    const { accounts } = paymentsFromFtm([
      payerAccount, entity('p1', 'Payment', { ...base, payer: ['person-test-1'] }), entity('p2', 'Payment', { ...base, payer: ['person-test-2'] }),
    ]);
    assert.deepEqual(accounts[0], { id: 'DE00SYNTH0000000001', bank: 'Synthetic Bank', country: 'DE' });
  });
});

describe('paymentsToFtm', () => {
  const records: TransactionRecord[] = [
    {
      id: 'TX-1', from: 'DE00SYNTH0000000001', to: 'ACC-0002', amount: 1200.5, amountText: '1200.50', currency: 'EUR',
      timestamp: Date.UTC(2024, 2, 1, 9, 30, 15), kind: 'salary', rawType: 'PMNT/RCDT/SALA', fromBank: 'SYNTDEFFXXX', toBank: 'Synthetic Bank',
      fromCountry: 'DE', toCountry: 'IQ', reference: 'SYNTHETIC WAGES',
    },
    {
      id: 'TX-2', from: 'ACC-0002', to: '@cash', amount: 900, amountText: '900', currency: 'USD', timestamp: Date.UTC(2024, 2, 2),
      kind: 'cash_withdrawal', fromBank: 'Synthetic Bank', fromCountry: 'IQ',
    },
    {
      id: 'TX-3', from: '@cash', to: 'person-test-1', amount: 50, amountText: '50.00', currency: 'EUR', timestamp: Date.UTC(2024, 2, 3, 12),
      kind: 'cash_deposit',
    },
  ];
  const accounts: AccountRecord[] = [
    { id: 'DE00SYNTH0000000001', holderId: 'company-acme', bank: 'SYNTDEFFXXX', country: 'DE' },
    { id: 'ACC-0002', holderId: 'person-test-2', bank: 'Synthetic Bank', country: 'IQ' },
    { id: 'person-test-1', holderId: 'person-test-1' },
  ];

  test('writes one BankAccount per account and one Payment per transaction, with SHA-256-derived ids', () => {
    const entities = paymentsToFtm(records, accounts);
    assert.deepEqual(entities.map((e) => e.schema), ['BankAccount', 'BankAccount', 'Payment', 'Payment', 'Payment']);
    for (const e of entities) assert.match(e.id, /^(bank-account|payment)-[0-9a-f]{64}$/);
    const [iban, other, first, cash, deposit] = entities as [EntityData, EntityData, EntityData, EntityData, EntityData];
    assert.deepEqual(iban.properties, { iban: ['DE00SYNTH0000000001'], bic: ['SYNTDEFFXXX'], country: ['de'] });
    assert.deepEqual(other.properties, { accountNumber: ['ACC-0002'], bankName: ['Synthetic Bank'], country: ['iq'] });
    assert.deepEqual(first.properties, {
      transactionNumber: ['TX-1'], amount: ['1200.50'], currency: ['EUR'], date: ['2024-03-01T09:30:15'], description: ['salary (PMNT/RCDT/SALA)'],
      purpose: ['SYNTHETIC WAGES'], payer: ['company-acme'], payerAccount: [iban.id], beneficiary: ['person-test-2'], beneficiaryAccount: [other.id],
    });
    assert.equal(cash.properties.date?.[0], '2024-03-02', 'a midnight UTC timestamp is written as a day');
    assert.equal(cash.properties.beneficiaryAccount, undefined, 'cash has no account');
    assert.deepEqual(deposit.properties.beneficiary, ['person-test-1'], 'an account that is its holder entity is written as the party');
    assert.equal(deposit.properties.beneficiaryAccount, undefined);
  });

  test('writing the same evidence twice gives the same entities (idempotent ids)', () => {
    assert.deepEqual(paymentsToFtm(records, accounts), paymentsToFtm(records, accounts));
    const alone = paymentsToFtm([records[1]!], accounts);
    assert.equal(alone.find((e) => e.schema === 'Payment')!.id, paymentsToFtm(records, accounts)[3]!.id);
    assert.notEqual(paymentsToFtm([{ ...records[0]!, id: 'TX-9' }], accounts).at(-1)!.id, paymentsToFtm(records, accounts)[2]!.id);
  });

  test('round trip: transactions written as FtM read back the same', () => {
    const back = paymentsFromFtm(paymentsToFtm(records, accounts), { currency });
    assert.deepEqual(back.errors, []);
    assert.deepEqual(back.records, records);
    assert.deepEqual(back.accounts.map((a) => [a.id, a.holderId, a.bank, a.country]), [
      ['DE00SYNTH0000000001', 'company-acme', 'SYNTDEFFXXX', 'DE'],
      ['ACC-0002', 'person-test-2', 'Synthetic Bank', 'IQ'],
      ['person-test-1', 'person-test-1', undefined, undefined],
    ]);
  });

  test('round trip from an ISO 20022 statement: what FtM carries survives', async () => {
    const text = readFileSync(new URL('./fixtures/iso20022/camt053-v08.xml', import.meta.url));
    const read = await readIso20022((async function* () { yield text; })(), { currency });
    const back = paymentsFromFtm(paymentsToFtm(read.records, read.accounts), { currency });
    assert.deepEqual(back.errors, []);
    // the name typed on a transfer is not a Payment property; everything else comes back
    assert.deepEqual(back.records, read.records.map(({ beneficiaryName: _, ...rest }) => rest));
  });
});
