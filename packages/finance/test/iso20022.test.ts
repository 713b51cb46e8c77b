import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAriadneError } from '@ariadne/schema';
import { readIso20022, type Iso20022Options } from '../src/iso20022.ts';
import type { TransactionRecord } from '../src/types.ts';

const currency = { base: 'EUR', rates: { EUR: 1, USD: 0.92 } };

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/iso20022/${name}`, import.meta.url), 'utf8');
}

/** the text as a byte stream, cut into `size`-byte chunks (cuts fall inside tags and characters) */
async function* bytes(text: string, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const all = new TextEncoder().encode(text);
  for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
}

function read(text: string, options: Partial<Iso20022Options> = {}, chunk?: number) {
  return readIso20022(bytes(text, chunk), { currency, ...options });
}

function byId(records: readonly TransactionRecord[]): Map<string, TransactionRecord> {
  return new Map(records.map((r) => [r.id, r]));
}

/** rejects with an AriadneError of `code` whose message matches `pattern` */
async function refuses(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<string> {
  let message = '';
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAriadneError(error), `expected an AriadneError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    message = error.message;
    return true;
  });
  return message;
}

const CAMT = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

/** A camt.053 document with one statement; balances are left out when not given. */
function camt(entries: string[], options: { opening?: string; closing?: string; account?: string; id?: string } = {}): string {
  const balance = (code: string, amount: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount.replace('-', '')}</Amt><CdtDbtInd>${amount.startsWith('-') ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${CAMT}"><BkToCstmrStmt><GrpHdr><MsgId>M-1</MsgId><CreDtTm>2024-01-02T00:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>${options.id ?? 'S-1'}</Id>${options.account ?? '<Acct><Id><IBAN>DE00SYNTH00000000001</IBAN></Id></Acct>'}
${options.opening === undefined ? '' : balance('OPBD', options.opening)}${options.closing === undefined ? '' : balance('CLBD', options.closing)}
${entries.join('\n')}
</Stmt></BkToCstmrStmt></Document>`;
}

interface EntryOptions {
  amount?: string;
  ccy?: string;
  direction?: string;
  status?: string;
  date?: string;
  txId?: string;
  counterparty?: string;
  code?: string;
  name?: string;
}

function entry(o: EntryOptions = {}): string {
  const side = (o.direction ?? 'CRDT') === 'CRDT' ? 'Dbtr' : 'Cdtr';
  const amount = o.amount === '' ? '' : `<Amt Ccy="${o.ccy ?? 'EUR'}">${o.amount ?? '10.00'}</Amt>`;
  const date = o.date ?? '<Dt>2024-01-01</Dt>';
  const counterparty = o.counterparty ?? 'ACC-0001';
  return `<Ntry>${amount}<CdtDbtInd>${o.direction ?? 'CRDT'}</CdtDbtInd><Sts><Cd>${o.status ?? 'BOOK'}</Cd></Sts><BookgDt>${date}</BookgDt>
${o.code === undefined ? '' : `<BkTxCd><Domn><Cd>${o.code.split('/')[0]}</Cd><Fmly><Cd>${o.code.split('/')[1]}</Cd><SubFmlyCd>${o.code.split('/')[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>`}
<NtryDtls><TxDtls>${o.txId === undefined ? '' : `<Refs><TxId>${o.txId}</TxId></Refs>`}<RltdPties>
${o.name === undefined ? '' : `<${side}><Pty><Nm>${o.name}</Nm></Pty></${side}>`}
${counterparty === '' ? '' : `<${side}Acct><Id><Othr><Id>${counterparty}</Id></Othr></Id></${side}Acct>`}</RltdPties></TxDtls></NtryDtls></Ntry>`;
}

describe('readIso20022: camt.053 statements', () => {
  test('reads booked entries as transactions between the related party and the statement account', async () => {
    const result = await read(fixture('camt053-v08.xml'));
    assert.equal(result.messageType, 'camt.053.001.08');
    const records = byId(result.records);
    // the pending entry (REF-A-4) is not read; the batch entry gives one transaction per detail
    assert.deepEqual([...records.keys()], ['TX-A-1', 'REF-A-2', 'STMT-A-001#3', 'TX-A-5A', 'REF-A-5/2']);

    assert.deepEqual(records.get('TX-A-1'), {
      id: 'TX-A-1', from: 'FR00SYNTH00000000002', to: 'DE00SYNTH00000000001', amount: 2500, amountText: '2500.00', currency: 'EUR',
      timestamp: Date.UTC(2024, 2, 1), kind: 'salary', rawType: 'SALA', fromBank: 'SYNTFRPPXXX', toBank: 'SYNTDEFFXXX',
      fromCountry: 'FR', toCountry: 'DE', reference: 'SYNTHETIC SALARY MARCH', beneficiaryName: 'Test Person 1',
    });
    // a debit runs from the statement account; the id falls back to the servicer's reference
    const debit = records.get('REF-A-2')!;
    assert.equal(debit.from, 'DE00SYNTH00000000001');
    assert.equal(debit.to, 'ACC-0002');
    assert.equal(debit.toCountry, 'IQ', 'country from the postal address when the account is not an IBAN');
    assert.equal(debit.timestamp, Date.UTC(2024, 2, 2, 8, 15), '10:15 at +02:00 is 08:15 UTC');
    assert.equal(debit.kind, 'wire');
    assert.equal(debit.rawType, 'PMNT/ICDT/ESCT');
    // a cash withdrawal with no details goes to @cash and is named by its ordinal
    const cash = records.get('STMT-A-001#3')!;
    assert.equal(cash.to, '@cash');
    assert.equal(cash.kind, 'cash_withdrawal');
    assert.equal(cash.timestamp, Date.UTC(2024, 2, 3), 'the value date when there is no booking date');
    assert.equal(records.get('TX-A-5A')!.amount, 100);
    assert.equal(records.get('REF-A-5/2')!.amountText, '50.00');
    assert.equal(records.get('REF-A-5/2')!.from, 'BE00SYNT00000004');
  });

  test('an unbalanced statement is refused whole, one error per entry, and the other statements go on', async () => {
    const result = await read(fixture('camt053-v08.xml'));
    assert.deepEqual(result.errors.map((e) => [e.record, e.field]), [['TX-B-1', 'Bal'], ['TX-B-2', 'Bal']]);
    for (const error of result.errors) {
      assert.equal(error.message, 'statement STMT-B-001 does not balance (opening + credits - debits differs from the closing balance by -50.00); none of its entries is kept');
    }
    assert.ok(!result.records.some((r) => r.id.startsWith('TX-B')));
    assert.ok(!result.accounts.some((a) => ['ACC-0009', 'ACC-0010', 'ACC-0011'].includes(a.id)), 'no account of the refused statement is kept');
  });

  test('accounts carry holder, bank and country; the statement account comes from Acct', async () => {
    const { accounts } = await read(fixture('camt053-v08.xml'));
    assert.deepEqual(accounts.find((a) => a.id === 'DE00SYNTH00000000001'), {
      id: 'DE00SYNTH00000000001', holderName: 'ACME Synthetic Ltd', bank: 'SYNTDEFFXXX', country: 'DE',
    });
    assert.deepEqual(accounts.find((a) => a.id === 'ACC-0002'), { id: 'ACC-0002', holderName: 'Test Person 2', country: 'IQ' });
    assert.deepEqual(accounts.find((a) => a.id === 'FR00SYNTH00000000002')?.bank, 'SYNTFRPPXXX');
    assert.ok(!accounts.some((a) => a.id === '@cash'), 'pseudo-accounts are not accounts');
  });

  test('streams: the result is the same whatever the chunking, even cuts inside tags and characters', async () => {
    const text = fixture('camt053-v08.xml').replace('Test Person 1', 'Test Pérson 1 ✓');
    const whole = await read(text);
    const pieces = await read(text, {}, 7);
    assert.deepEqual(pieces, whole);
    assert.equal(byId(pieces.records).get('TX-A-1')!.beneficiaryName, 'Test Pérson 1 ✓');
    const strings = await readIso20022((async function* () { for (let i = 0; i < text.length; i += 5) yield text.slice(i, i + 5); })(), { currency });
    assert.deepEqual(strings, whole);
  });

  test('reads the 2009 version (camt.053.001.02): plain Sts, BIC, names under Dbtr, a PRCD opening balance', async () => {
    const result = await read(fixture('camt053-v02.xml'));
    assert.equal(result.messageType, 'camt.053.001.02');
    assert.deepEqual(result.records, [{
      id: 'V02-REF-1', from: '@cash', to: 'AT00SYNT000000000007', amount: 400.5, amountText: '400.50', currency: 'EUR',
      timestamp: Date.UTC(2023, 10, 1), kind: 'cash_deposit', rawType: 'PMNT/CNTR/CDPT', toBank: 'SYNTATWW', toCountry: 'AT',
    }]);
    // the zero entry is refused on its own; the statement balances, so the rest is kept
    assert.deepEqual(result.errors, [{ record: 'V02-E2E-2', field: 'Amt', message: 'amount is zero' }]);
    assert.equal(result.accounts[0]?.holderName, 'Test Person 7');
  });

  test('the details of a batch entry must add up to the entry, or none of them is kept', async () => {
    const text = fixture('camt053-v08.xml').replace('<Amt Ccy="EUR">100.00</Amt>', '<Amt Ccy="EUR">90.00</Amt>');
    const result = await read(text);
    assert.deepEqual(result.errors.filter((e) => e.field === 'TxDtls/Amt'), [
      { record: 'TX-A-5A', field: 'TxDtls/Amt', message: 'the transaction details of entry REF-A-5 do not add up to its amount; none of them is kept' },
      { record: 'REF-A-5/2', field: 'TxDtls/Amt', message: 'the transaction details of entry REF-A-5 do not add up to its amount; none of them is kept' },
    ]);
    assert.deepEqual(result.records.map((r) => r.id), ['TX-A-1', 'REF-A-2', 'STMT-A-001#3'], 'the balanced statement keeps its other entries');
  });

  test('a statement balances to the cent in exact decimals (0.1 + 0.2 is 0.3)', async () => {
    const entries = [entry({ amount: '0.10', txId: 'T1' }), entry({ amount: '0.20', txId: 'T2' })];
    const kept = await read(camt(entries, { opening: '0.00', closing: '0.30' }));
    assert.deepEqual(kept.records.map((r) => r.id), ['T1', 'T2']);
    assert.deepEqual(kept.errors, []);
    const off = await read(camt(entries, { opening: '0.00', closing: '0.31' }));
    assert.equal(off.records.length, 0);
    assert.equal(off.errors.length, 2);
    // a debit opening balance is negative: -5.00 + 0.30 = -4.70
    const negative = await read(camt(entries, { opening: '-5.00', closing: '-4.70' }));
    assert.equal(negative.records.length, 2);
  });

  test('a malformed balance refuses the statement; a statement without balances is not checked', async () => {
    const entries = [entry({ txId: 'T1' })];
    const malformed = await read(camt(entries, { opening: '1,000.00', closing: '10.00' }));
    assert.equal(malformed.records.length, 0);
    assert.match(malformed.errors[0]!.message, /a balance is malformed/);
    const unchecked = await read(camt(entries));
    assert.equal(unchecked.records.length, 1);
  });

  test('per-entry problems are errors naming the entry by id or ordinal, never a party name; the rest is read', async () => {
    const name = 'Test Person 42';
    const entries = [
      entry({ txId: 'OK-1', name }),
      entry({ txId: 'E-CCY', ccy: 'SYP', name }),
      entry({ txId: 'E-CCY-CODE', ccy: 'XYZ', name }),
      entry({ txId: 'E-CCY-FORM', ccy: 'eur', name }),
      entry({ txId: 'E-NEG', amount: '-10.00', name }),
      entry({ txId: 'E-TEXT', amount: '1e3', name }),
      entry({ txId: 'E-COMMA', amount: '1,000.00', name }),
      entry({ txId: 'E-DIGITS', amount: '1.123456', name }),
      entry({ txId: 'E-MISSING', amount: '', name }),
      entry({ txId: 'E-DATE', date: '<Dt>2024-02-30</Dt>', name }),
      entry({ txId: 'E-ZONE', date: '<DtTm>2024-01-01T10:00:00</DtTm>', name }),
      entry({ txId: 'E-ACCT', counterparty: '', name }),
      entry({ txId: 'E-PSEUDO', counterparty: '@cash', name }),
      entry({ direction: 'SIDEWAYS', name }),
      entry({ name, counterparty: '' }),
    ];
    const result = await read(camt(entries));
    assert.deepEqual(result.records.map((r) => r.id), ['OK-1']);
    assert.deepEqual(result.errors.map((e) => [e.record, e.field, e.message]), [
      ['E-CCY', 'Amt/@Ccy', 'currency SYP has no rate in the currency table'],
      ['E-CCY-CODE', 'Amt/@Ccy', 'currency is not an ISO 4217 alphabetic code'],
      ['E-CCY-FORM', 'Amt/@Ccy', 'currency is not an ISO 4217 alphabetic code'],
      ['E-NEG', 'Amt', 'amount is negative'],
      ['E-TEXT', 'Amt', 'amount is not a decimal number'],
      ['E-COMMA', 'Amt', 'amount is not a decimal number'],
      ['E-DIGITS', 'Amt', 'amount has more digits than ISO 20022 allows (18, 5 after the point)'],
      ['E-MISSING', 'Amt', 'amount is missing'],
      ['E-DATE', 'BookgDt/Dt', 'date does not exist in the calendar'],
      ['E-ZONE', 'BookgDt/DtTm', 'date-time has no zone offset (give assumeZone to read it)'],
      ['E-ACCT', 'RltdPties/DbtrAcct', 'counterparty account id is missing'],
      ['E-PSEUDO', 'RltdPties/DbtrAcct/Id/Othr/Id', 'account id starts with @ or holds control characters'],
      ['S-1#14', 'CdtDbtInd', 'credit/debit indicator is missing or not CRDT/DBIT'],
      ['S-1#15', 'RltdPties/DbtrAcct', 'counterparty account id is missing'],
    ]);
    for (const error of result.errors) assert.ok(!error.message.includes(name) && !error.record.includes(name));
  });

  test('a date-time without an offset is read in the zone the caller names', async () => {
    const text = camt([entry({ txId: 'T1', date: '<DtTm>2024-01-01T10:00:00</DtTm>' })]);
    const { records } = await read(text, { assumeZone: '+03:00' });
    assert.equal(records[0]!.timestamp, Date.UTC(2024, 0, 1, 7, 0));
    await refuses(read(text, { assumeZone: 'Europe/Paris' }), 'VALIDATION_FAILED', /assumeZone/);
  });

  test('only booked entries are read; a missing status is an error', async () => {
    const result = await read(camt([
      entry({ txId: 'B', status: 'BOOK' }), entry({ txId: 'P', status: 'PDNG' }), entry({ txId: 'I', status: 'INFO' }),
      '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry>',
    ]));
    assert.deepEqual(result.records.map((r) => r.id), ['B']);
    assert.deepEqual(result.errors, [{ record: 'S-1#4', field: 'Sts', message: 'entry status is missing' }]);
  });

  test('a transaction id seen before is refused as a duplicate', async () => {
    const result = await read(camt([entry({ txId: 'SAME' }), entry({ txId: 'SAME', amount: '20.00' })]));
    assert.equal(result.records.length, 1);
    assert.equal(result.records[0]!.amount, 10);
    assert.deepEqual(result.errors.map((e) => e.record), ['SAME']);
    assert.match(result.errors[0]!.message, /duplicate transaction id/);
  });

  test('ownAccount stands in for a statement account without an id', async () => {
    const text = camt([entry({ txId: 'T1' })], { account: '<Acct><Ccy>EUR</Ccy></Acct>' });
    const without = await read(text);
    assert.deepEqual(without.errors, [{ record: 'T1', field: 'Acct/Id', message: 'statement account id is missing' }]);
    const withOwn = await read(text, { ownAccount: 'ACC-OWN-1' });
    assert.equal(withOwn.records[0]!.to, 'ACC-OWN-1');
  });

  test('an account paid under several names keeps none of them', async () => {
    const result = await read(camt([
      entry({ txId: 'T1', name: 'Test Worker 1', counterparty: 'ACC-0100' }),
      entry({ txId: 'T2', name: 'Test Worker 2', counterparty: 'ACC-0100' }),
      entry({ txId: 'T3', name: 'Test Worker 1', counterparty: 'ACC-0100' }),
    ]));
    assert.deepEqual(result.accounts.find((a) => a.id === 'ACC-0100'), { id: 'ACC-0100' });
  });

  test('a large statement streams through: 5,000 entries balance and are all read', async () => {
    const entries: string[] = [];
    for (let i = 1; i <= 5000; i++) entries.push(entry({ txId: `BULK-${i}`, amount: '1.01', direction: i % 2 === 0 ? 'DBIT' : 'CRDT' }));
    const { records, errors } = await read(camt(entries, { opening: '100.00', closing: '100.00' }));
    assert.equal(errors.length, 0);
    assert.equal(records.length, 5000);
    assert.equal(records[4999]!.id, 'BULK-5000');
  });
});

describe('readIso20022: pacs.008 and pain.001', () => {
  test('pacs.008: one transaction per CdtTrfTxInf, debtor account to creditor account', async () => {
    const result = await read(fixture('pacs008-v08.xml'));
    assert.equal(result.messageType, 'pacs.008.001.08');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.records[0], {
      id: 'PACS-TX-1', from: 'DE00SYNTH00000000001', to: 'TR00SYNT0000000000000003', amount: 1500, amountText: '1500.00', currency: 'EUR',
      timestamp: Date.UTC(2024, 3, 2), kind: 'salary', rawType: 'SALA', fromBank: 'SYNTDEFFXXX', toBank: 'SYNTTRISXXX',
      fromCountry: 'DE', toCountry: 'TR', reference: 'SYNTHETIC PAYROLL APRIL', beneficiaryName: 'Test Person 3',
    });
    const second = result.records[1]!;
    assert.equal(second.id, 'E2E-PACS-2', 'the end-to-end id when there is no TxId');
    assert.equal(second.currency, 'USD');
    assert.equal(second.timestamp, Date.UTC(2024, 3, 2, 13, 30), 'the acceptance time when there is no settlement date');
    assert.equal(second.kind, 'wire', 'an interbank transfer without a purpose is a wire');
    assert.equal(second.toCountry, 'LB');
    assert.deepEqual(result.accounts.map((a) => a.id), ['DE00SYNTH00000000001', 'TR00SYNT0000000000000003', 'ACC-0103']);
    assert.equal(result.accounts[2]!.holderName, 'Test Trading 5');
  });

  test('pacs.008: a control sum that does not match refuses the message with one error', async () => {
    const result = await read(fixture('pacs008-v08.xml').replace('<CtrlSum>1750.50</CtrlSum>', '<CtrlSum>1750.00</CtrlSum>'));
    assert.deepEqual(result.records, []);
    assert.deepEqual(result.errors, [{
      record: 'SYNTH-PACS-0001', field: 'GrpHdr',
      message: 'the message CtrlSum differs from the sum of its amounts by -0.50; none of its transactions is kept',
    }]);
    assert.deepEqual(result.accounts, []);
  });

  test('pacs.008: the creation time is the last resort for the date', async () => {
    const text = fixture('pacs008-v08.xml').replace('<IntrBkSttlmDt>2024-04-02</IntrBkSttlmDt>', '').replace(/<AccptncDtTm>.*<\/AccptncDtTm>/, '');
    const { records } = await read(text);
    assert.deepEqual(records.map((r) => r.timestamp), [Date.UTC(2024, 3, 2, 8), Date.UTC(2024, 3, 2, 8)]);
  });

  test('pain.001: the payment block gives debtor and date; category purpose SALA makes salaries', async () => {
    const result = await read(fixture('pain001-v09.xml'));
    assert.equal(result.messageType, 'pain.001.001.09');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.records.map((r) => r.id), ['PAYROLL-W1', 'PAYROLL-W2', 'SYNTH-PAIN-0001#3']);
    for (const record of result.records) {
      assert.equal(record.from, 'ACC-0200');
      assert.equal(record.to, 'IQ00SYNT000000000000099');
      assert.equal(record.kind, 'salary');
      assert.equal(record.timestamp, Date.UTC(2024, 4, 31));
      assert.equal(record.fromCountry, 'JO');
      assert.equal(record.fromBank, 'SYNTJOAXXXX');
    }
    assert.deepEqual(result.records.map((r) => r.beneficiaryName), ['Test Worker 1', 'Test Worker 2', 'Test Worker 3']);
  });

  test('pain.001: a wrong NbOfTxs or CtrlSum in the group header refuses the message with one error', async () => {
    const count = await read(fixture('pain001-v09.xml').replace('<NbOfTxs>3</NbOfTxs>\n      <CtrlSum>3600.00</CtrlSum>\n      <InitgPty>', '<NbOfTxs>4</NbOfTxs>\n      <CtrlSum>3600.00</CtrlSum>\n      <InitgPty>'));
    assert.deepEqual(count.records, []);
    assert.deepEqual(count.errors, [{
      record: 'SYNTH-PAIN-0001', field: 'GrpHdr', message: 'the message declares 4 transactions (NbOfTxs) but holds 3; none of its transactions is kept',
    }]);
    const sum = await read(fixture('pain001-v09.xml').replace('<CtrlSum>3600.00</CtrlSum>\n      <InitgPty>', '<CtrlSum>3600.01</CtrlSum>\n      <InitgPty>'));
    assert.deepEqual(sum.records, []);
    assert.equal(sum.errors.length, 1);
    assert.match(sum.errors[0]!.message, /CtrlSum differs from the sum of its amounts by 0\.01/);
  });

  test('pain.001: a payment block whose own control sum is wrong is refused, the rest of the message kept', async () => {
    const text = fixture('pain001-v09.xml');
    const block = text.slice(text.indexOf('<PmtInf>'), text.indexOf('</PmtInf>') + '</PmtInf>'.length);
    const second = block.replace('PAYROLL-2024-05', 'PAYROLL-2024-06').replace(/PAYROLL-W/g, 'PAYROLL-X').replace('<CtrlSum>3600.00</CtrlSum>', '<CtrlSum>3500.00</CtrlSum>')
      .replace(/<EndToEndId>NOTPROVIDED<\/EndToEndId>/, '<EndToEndId>PAYROLL-X3</EndToEndId>');
    const doubled = text.replace('</PmtInf>', `</PmtInf>${second}`).replace('<NbOfTxs>3</NbOfTxs>\n      <CtrlSum>3600.00</CtrlSum>\n      <InitgPty>', '<NbOfTxs>6</NbOfTxs>\n      <InitgPty>');
    const result = await read(doubled);
    assert.deepEqual(result.records.map((r) => r.id), ['PAYROLL-W1', 'PAYROLL-W2', 'SYNTH-PAIN-0001#3']);
    assert.deepEqual(result.errors.map((e) => [e.record, e.field]), [['PAYROLL-2024-06', 'PmtInf']]);
  });

  test('pain.001.001.03: a bare ReqdExctnDt and BIC instead of BICFI', async () => {
    const text = fixture('pain001-v09.xml').replaceAll('pain.001.001.09', 'pain.001.001.03')
      .replace('<ReqdExctnDt><Dt>2024-05-31</Dt></ReqdExctnDt>', '<ReqdExctnDt>2024-05-30</ReqdExctnDt>').replace(/BICFI/g, 'BIC');
    const result = await read(text);
    assert.equal(result.messageType, 'pain.001.001.03');
    assert.equal(result.records[0]!.timestamp, Date.UTC(2024, 4, 30));
    assert.equal(result.records[0]!.toBank, 'SYNTIQBAXXX');
  });

  test('transfer-level problems are errors naming the transfer, and count toward nothing kept', async () => {
    const text = fixture('pacs008-v08.xml').replace('<CtrlSum>1750.50</CtrlSum>', '')
      .replace('<IntrBkSttlmAmt Ccy="USD">250.50</IntrBkSttlmAmt>', '<IntrBkSttlmAmt Ccy="GBP">250.50</IntrBkSttlmAmt>')
      .replace('<DbtrAcct><Id><IBAN>DE00SYNTH00000000001</IBAN></Id></DbtrAcct>', '');
    const result = await read(text);
    assert.deepEqual(result.records, []);
    assert.deepEqual(result.errors.map((e) => [e.record, e.field, e.message]), [
      ['PACS-TX-1', 'DbtrAcct/Id', 'debtor account id is missing'],
      ['E2E-PACS-2', 'IntrBkSttlmAmt/@Ccy', 'currency GBP has no rate in the currency table'],
    ]);
  });
});

describe('readIso20022: what is refused', () => {
  test('another message type or version is refused naming what was found', async () => {
    const camt052 = fixture('camt053-v08.xml').replaceAll('camt.053.001.08', 'camt.052.001.08');
    await refuses(read(camt052), 'MALFORMED_INPUT', /^The Document is camt\.052\.001\.08, which is not read here/);
    await refuses(read(fixture('camt053-v08.xml').replaceAll('camt.053.001.08', 'camt.053.001.13')), 'MALFORMED_INPUT', /camt\.053\.001\.13/);
    await refuses(read(fixture('pacs008-v08.xml').replaceAll('pacs.008.001.08', 'pacs.008.001.01')), 'MALFORMED_INPUT', /pacs\.008\.001\.01/);
    await refuses(read('<Document><BkToCstmrStmt/></Document>'), 'MALFORMED_INPUT', /no namespace/);
    await refuses(read('<Document xmlns="urn:example:other"/>'), 'MALFORMED_INPUT', /namespace "urn:example:other"/);
    await refuses(read('<Invoice><Total>1</Total></Invoice>'), 'MALFORMED_INPUT', /no ISO 20022 Document/);
    await refuses(read(`<Document xmlns="${CAMT}"><FIToFICstmrCdtTrf/></Document>`), 'MALFORMED_INPUT', /holds FIToFICstmrCdtTrf where BkToCstmrStmt is expected/);
  });

  test('a Document in an envelope beside its business application header is read', async () => {
    const document = fixture('pacs008-v08.xml').replace(/^<\?xml[^>]*>/, '').replace(/<!--[\s\S]*?-->/, '');
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><BizMsgEnvlp><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><MsgDefIdr>pacs.008.001.08</MsgDefIdr></AppHdr>${document}</BizMsgEnvlp>`;
    const result = await read(envelope);
    assert.equal(result.records.length, 2);
    await refuses(read(envelope.replace('</BizMsgEnvlp>', `${document}</BizMsgEnvlp>`)), 'MALFORMED_INPUT', /more than one Document/);
  });

  test('a prefixed Document (namespace bound on an ancestor) is read the same', async () => {
    const document = fixture('pacs008-v08.xml').replace(/^<\?xml[^>]*>/, '').replace(/<!--[\s\S]*?-->/, '')
      .replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"', '').replace(/<(\/?)([A-Za-z])/g, '<$1p:$2');
    const result = await read(`<Envelope xmlns:p="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">${document}</Envelope>`);
    assert.equal(result.messageType, 'pacs.008.001.08');
    assert.deepEqual(result.records, (await read(fixture('pacs008-v08.xml'))).records);
  });

  test('a DOCTYPE is refused before any entity is expanded (billion laughs, external entities)', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Document xmlns="${CAMT}"><BkToCstmrStmt><GrpHdr><MsgId>&lol2;</MsgId></GrpHdr></BkToCstmrStmt></Document>`;
    await refuses(read(laughs), 'MALFORMED_INPUT', /^Line 2: the document carries a DOCTYPE/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Document xmlns="${CAMT}">&xxe;</Document>`;
    await refuses(read(xxe), 'MALFORMED_INPUT', /DOCTYPE/);
    // an entity reference without a declaration is malformed, not expanded
    await refuses(read(`<Document xmlns="${CAMT}"><BkToCstmrStmt>&xxe;</BkToCstmrStmt></Document>`), 'MALFORMED_INPUT', /^Line 1: the XML is malformed/);
  });

  test('truncated input is refused with the line it ends on', async () => {
    const text = fixture('camt053-v08.xml');
    const cut = text.slice(0, text.indexOf('<!-- 3:'));
    const message = await refuses(read(cut), 'MALFORMED_INPUT', /the document ends too early, inside Stmt \(truncated\?\)/);
    assert.match(message, new RegExp(`^Line ${cut.split('\n').length}:`));
    await refuses(read(text.slice(0, text.indexOf('<Amt Ccy="EUR">300') + 8)), 'MALFORMED_INPUT', /ends too early/);
    await refuses(read(''), 'MALFORMED_INPUT', /ends too early/);
  });

  test('malformed XML is refused with its line', async () => {
    const text = camt([entry({ txId: 'T1' })]).replace('<CdtDbtInd>CRDT</CdtDbtInd>', '<CdtDbtInd>CRDT</CdtDbtIndx>');
    const line = text.slice(0, text.indexOf('</CdtDbtIndx>')).split('\n').length;
    await refuses(read(text), 'MALFORMED_INPUT', new RegExp(`^Line ${line}: the XML is malformed \\(unexpected close tag\\.\\)\\.$`));
    await refuses(read('not xml at all'), 'MALFORMED_INPUT', /malformed|ends too early/);
  });

  test('nesting deeper than the limit is refused', async () => {
    const deep = `<Document xmlns="${CAMT}"><BkToCstmrStmt>${'<X>'.repeat(70)}${'</X>'.repeat(70)}</BkToCstmrStmt></Document>`;
    await refuses(read(deep), 'MALFORMED_INPUT', /^Line 1: elements are nested deeper than 64 levels/);
    const ok = await read(deep, { limits: { maxDepth: 100 } });
    assert.equal(ok.records.length, 0);
  });

  test('a text node over 1 MB is refused before it is buffered', async () => {
    const huge = camt([entry({ txId: 'T1', name: 'N'.repeat(1_000_001) })]);
    await refuses(read(huge), 'PAYLOAD_TOO_LARGE', /^Line \d+: a text node is longer than 1000000 characters/);
    const attribute = camt([entry({ txId: 'T1' }).replace('Ccy="EUR"', `Ccy="${'E'.repeat(1_000_001)}"`)]);
    await refuses(read(attribute), 'PAYLOAD_TOO_LARGE', /an attribute value is longer/);
    const comment = camt([`<!--${'<'.repeat(2000)}-->`]);
    await refuses(read(comment, { limits: { maxTextChars: 1000 } }), 'PAYLOAD_TOO_LARGE', /a comment is longer than 1000/);
    const cdata = camt([`<![CDATA[${'<x>'.repeat(1000)}]]>`]);
    await refuses(read(cdata, { limits: { maxTextChars: 1000 } }), 'PAYLOAD_TOO_LARGE', /a CDATA section is longer than 1000/);
    // one text node split by comments still counts whole
    const split = camt([entry({ txId: 'T1', name: `${'a'.repeat(600)}<!-- -->${'b'.repeat(600)}` })]);
    await refuses(read(split, { limits: { maxTextChars: 1000 } }), 'PAYLOAD_TOO_LARGE', /the text of one Nm is longer than 1000/);
  });

  test('more elements than the limit are refused, in the document and in one record', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry({ txId: `T${i}` }));
    await refuses(read(camt(entries), { limits: { maxElements: 100 } }), 'PAYLOAD_TOO_LARGE', /more than 100 elements/);
    const wide = camt([entry({ txId: 'T1' }).replace('</Ntry>', `${'<AddtlNtryInf>x</AddtlNtryInf>'.repeat(2_000)}</Ntry>`)]);
    await refuses(read(wide, { limits: { maxRecordElements: 1000 } }), 'PAYLOAD_TOO_LARGE', /one Ntry holds more than 1000 elements/);
    assert.equal((await read(wide)).records.length, 1, 'the default leaves room for large batch entries');
  });

  test('input that is not UTF-8 is refused', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode(`<Document xmlns="${CAMT}"><X>`), 0xe9, ...new TextEncoder().encode('</X></Document>')]);
    await refuses(readIso20022((async function* () { yield latin1; })(), { currency }), 'MALFORMED_INPUT', /not valid UTF-8/);
    await refuses(read(`<?xml version="1.0" encoding="ISO-8859-1"?><Document xmlns="${CAMT}"/>`), 'MALFORMED_INPUT', /declares encoding "ISO-8859-1"/);
  });

  test('options are checked', async () => {
    await refuses(read(fixture('camt053-v08.xml'), { ownAccount: '@cash' }), 'VALIDATION_FAILED', /ownAccount/);
  });
});
