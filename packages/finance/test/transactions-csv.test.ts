import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AriadneError } from '@ariadne/schema';
import { indexColumns, parseColumnMap, type ColumnMap } from '../src/column-map.ts';
import { readCsvRecords, type CsvInput, type CsvRecord } from '../src/csv-records.ts';
import { parseCurrencyTable } from '../src/currency.ts';
import {
  parseAmount, parseTimestamp, readTransactionsCsv, readTransactionsCsvFile, type TransactionBatch,
} from '../src/transactions-csv.ts';
import { CASH_ACCOUNT, type RecordError, type TransactionRecord } from '../src/types.ts';

const fixture = (name: string): URL => new URL(`./fixtures/csv/${name}`, import.meta.url);
const fixtureJson = (name: string): unknown => JSON.parse(readFileSync(fixture(name), 'utf8'));

const RATES = parseCurrencyTable({ base: 'USD', rates: { EUR: 1.1, IQD: 0.00076 } });
const MAP = parseColumnMap({ id: 'id', from: 'from', to: 'to', amount: 'amount', timestamp: 'time', currency: 'currency', type: 'type' });
const HEADER = 'id,from,to,amount,time,currency,type';

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

interface ReadAll {
  records: TransactionRecord[];
  errors: RecordError[];
  batches: TransactionBatch[];
  outOfOrder: number;
}

async function readAll(input: CsvInput, options: { map?: ColumnMap; batchSize?: number } = {}): Promise<ReadAll> {
  const batches: TransactionBatch[] = [];
  for await (const batch of readTransactionsCsv(input, { map: options.map ?? MAP, currency: RATES, batchSize: options.batchSize })) batches.push(batch);
  return {
    records: batches.flatMap((b) => b.records),
    errors: batches.flatMap((b) => b.errors),
    batches,
    outOfOrder: batches.reduce((n, b) => n + b.outOfOrder, 0),
  };
}

async function records(input: CsvInput, options: Parameters<typeof readCsvRecords>[1] = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const chunk of readCsvRecords(input, options)) out.push(...chunk.records);
  return out;
}

/** one CSV line of HEADER's columns: a good transaction unless a column is overridden */
function row(n: number, overrides: Partial<Record<'id' | 'from' | 'to' | 'amount' | 'time' | 'currency' | 'type', string>> = {}): string {
  const v = { id: `TX-${n}`, from: 'ACC-0001', to: 'ACC-0002', amount: '100.00', time: '2026-01-05T10:00:00Z', currency: 'USD', type: 'transfer', ...overrides };
  return [v.id, v.from, v.to, v.amount, v.time, v.currency, v.type].join(',');
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readTransactionsCsv on a bank export', () => {
  test('reads every column the map names', async () => {
    const map = parseColumnMap(fixtureJson('bank-export.map.json'));
    const { records, errors, lines, outOfOrder } = await readTransactionsCsvFile(fixture('bank-export.csv').pathname, { map, currency: parseCurrencyTable(fixtureJson('rates.json')) });
    assert.deepEqual(errors, []);
    assert.equal(lines, 6);
    assert.deepEqual(records.map((r) => r.id), ['TX-0001', 'TX-0002', 'TX-0003', 'TX-0004', 'TX-0005']);
    assert.deepEqual(records[0], {
      id: 'TX-0001', from: 'ACC-0001', to: 'ACC-0002', amount: 1200.5, amountText: '1200.50', currency: 'USD', timestamp: Date.UTC(2026, 0, 5, 9, 15),
      kind: 'wire', rawType: 'Wire', fromBank: 'SYNBANK1', toBank: 'SYNBANK2', fromCountry: 'US', toCountry: 'IQ', location: 'Erbil',
      reference: 'Invoice 1', beneficiaryName: 'ACME Synthetic Ltd',
    });
    // a cash deposit names no payer, a cash withdrawal no payee: both become the cash pseudo-account
    assert.equal(records[1]!.from, CASH_ACCOUNT);
    assert.equal(records[1]!.kind, 'cash_deposit');
    assert.equal(records[2]!.to, CASH_ACCOUNT);
    assert.equal(records[2]!.kind, 'cash_withdrawal');
    // zones are converted: +03:00, -05:00 with milliseconds, a bare date, +0100
    assert.equal(records[1]!.timestamp, Date.UTC(2026, 0, 5, 9, 0));
    assert.equal(records[2]!.timestamp, Date.UTC(2026, 0, 5, 18, 30, 0, 250));
    assert.equal(records[3]!.timestamp, Date.UTC(2026, 0, 4));
    assert.equal(records[4]!.timestamp, Date.UTC(2026, 0, 6, 7, 0));
    assert.equal(outOfOrder, 2, 'TX-0002 (09:00Z) is earlier than TX-0001 (09:15Z), TX-0004 earlier than all');
    assert.equal(records[3]!.amountText, '850.0000');
    assert.equal(records[3]!.kind, 'salary');
    assert.equal(records[3]!.beneficiaryName, 'Test Person 1');
    assert.equal(records[4]!.kind, 'card');
    assert.equal(records[4]!.merchantCategory, '7011');
    assert.equal(records[4]!.reference, 'Room "B" 2 nights');
  });

  test('reads a French statement: BOM, CRLF, semicolons, decimal commas, a default currency, a line break inside quotes', async () => {
    const map = parseColumnMap(fixtureJson('releve-fr.map.json'));
    const { records, errors } = await readTransactionsCsvFile(fixture('releve-fr.csv').pathname, { map, currency: RATES });
    assert.deepEqual(errors, []);
    assert.deepEqual(records.map((r) => [r.id, r.amount, r.amountText, r.currency, r.kind]), [
      ['VIR-0001', 1250.5, '1250.50', 'EUR', 'transfer'],
      ['VIR-0002', 80, '80', 'EUR', 'cash_withdrawal'],
      ['VIR-0003', 12.3456, '12.3456', 'EUR', 'transfer'],
    ]);
    assert.equal(records[1]!.rawType, 'Retrait\r\nespèces');
    assert.equal(records[0]!.timestamp, Date.UTC(2026, 0, 5, 9, 0));
  });

  test('a missing file is NOT_FOUND', async () => {
    const error = await rejection(readTransactionsCsvFile(fixture('no-such-file.csv').pathname, { map: MAP, currency: RATES }));
    assert.equal(error.code, 'NOT_FOUND');
  });
});

describe('readTransactionsCsv refuses bad rows one by one', () => {
  const cases: readonly [string, Parameters<typeof row>[1], string, RegExp][] = [
    ['empty id', { id: '' }, 'id', /^empty id$/],
    ['empty from', { from: '' }, 'from', /^empty from account$/],
    ['empty to', { to: '  ' }, 'to', /^empty to account$/],
    ['from is to', { to: 'ACC-0001' }, 'to', /same account/],
    ['pseudo-account', { from: '@cash' }, 'from', /cannot start with "@"/],
    ['exponent', { amount: '1e5' }, 'amount', /"1e5" has an exponent/],
    ['thousands separator', { amount: '"1,200.50"' }, 'amount', /"1,200.50" has a thousands separator/],
    ['decimal comma', { amount: '"12,50"' }, 'amount', /uses ',' as decimal separator/],
    ['five decimals', { amount: '1.23456' }, 'amount', /more than 4 decimals/],
    ['zero', { amount: '0.00' }, 'amount', /^amount is zero$/],
    ['negative', { amount: '-50' }, 'amount', /"-50" is negative/],
    ['plus sign', { amount: '+50' }, 'amount', /has a sign/],
    ['absurd', { amount: '1000000000000.01' }, 'amount', /absurd/],
    ['not a number', { amount: 'twelve' }, 'amount', /not a plain decimal/],
    ['hex', { amount: '0x10' }, 'amount', /not a plain decimal/],
    ['empty amount', { amount: '' }, 'amount', /^empty amount$/],
    ['unknown currency', { currency: 'XYZ' }, 'currency', /unknown currency "XYZ"/],
    ['currency without a rate', { currency: 'SYP' }, 'currency', /no rate for currency "SYP"/],
    ['not ISO 8601', { time: '05/01/2026 10:00' }, 'time', /not ISO 8601/],
    ['epoch number', { time: '1767607200' }, 'time', /not ISO 8601/],
    ['no zone', { time: '2026-01-05T10:00:00' }, 'time', /has no zone/],
    ['impossible date', { time: '2026-02-30' }, 'time', /not a real date/],
    ['not a leap year', { time: '2025-02-29T10:00Z' }, 'time', /not a real date/],
    ['impossible hour', { time: '2026-01-05T24:00:00Z' }, 'time', /not a real date or time/],
    ['impossible offset', { time: '2026-01-05T10:00:00+25:00' }, 'time', /impossible zone offset/],
    ['trailing text', { time: '2026-01-05T10:00:00Zulu' }, 'time', /not ISO 8601/],
    ['year typo', { time: '0206-01-05' }, 'time', /before 1900/],
  ];

  for (const [name, overrides, field, message] of cases) {
    test(name, async () => {
      const { records, errors } = await readAll([HEADER, row(1, overrides), row(2), ''].join('\n'));
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0]!.record, '2');
      assert.equal(errors[0]!.field, field);
      assert.match(errors[0]!.message, message);
      assert.deepEqual(records.map((r) => r.id), ['TX-2'], 'the good row after the bad one is read');
    });
  }

  test('a duplicate id names the line of the first', async () => {
    const { records, errors } = await readAll([HEADER, row(1), row(2), row(1, { amount: '5' }), ''].join('\n'));
    assert.deepEqual(records.map((r) => r.id), ['TX-1', 'TX-2']);
    assert.deepEqual(errors, [{ record: '4', field: 'id', message: 'duplicate id: first seen on line 2' }]);
  });

  test('a refused row does not claim its id', async () => {
    const { records, errors } = await readAll([HEADER, row(1, { amount: '-1' }), row(1), ''].join('\n'));
    assert.equal(errors.length, 1);
    assert.deepEqual(records.map((r) => r.id), ['TX-1']);
  });

  test('a row with the wrong number of fields', async () => {
    const { records, errors } = await readAll(`${HEADER}\nTX-1,ACC-0001,ACC-0002\n${row(2)},extra\n${row(3)}\n`);
    assert.deepEqual(errors.map((e) => [e.record, e.message]), [
      ['2', 'the row has 3 fields, the header has 7'],
      ['3', 'the row has 8 fields, the header has 7'],
    ]);
    assert.deepEqual(records.map((r) => r.id), ['TX-3']);
  });

  test('mixed zones are fine and out-of-order rows are read and counted', async () => {
    const { records, errors, outOfOrder } = await readAll([
      HEADER,
      row(1, { time: '2026-01-05T10:00:00+02:00' }), // 08:00Z
      row(2, { time: '2026-01-05T07:30:00Z' }), // earlier
      row(3, { time: '2026-01-05T03:00:00-05:00' }), // 08:00Z
      row(4, { time: '2026-01-05 09:00:00.5+0000' }),
      row(5, { time: '2026-01-05T08:59:00z' }), // earlier
      '',
    ].join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(records.map((r) => r.timestamp - Date.UTC(2026, 0, 5)), [8, 7.5, 8, 9.000138888888889, 8.983333333333333].map((h) => Math.round(h * 3_600_000)));
    assert.equal(outOfOrder, 2);
  });

  test('an unbalanced row: paid and received converted to base differ by more than 5%', async () => {
    const map = parseColumnMap({ ...fixtureJson('bank-export.map.json') as object, amount_received: 'received', currency_received: 'received_ccy' });
    const header = 'tx_id,debtor,creditor,amount,booked_at,ccy,payment_type,debtor_bank,creditor_bank,debtor_country,creditor_country,branch,mcc,remittance,beneficiary,received,received_ccy';
    // paid and received are `amount,currency` pairs
    const line = (id: string, paid: string, received: string): string => {
      const [amount, ccy] = paid.split(',');
      return `${id},ACC-0001,ACC-0002,${amount},2026-01-05T10:00:00Z,${ccy},Wire,,,,,,,,,${received}`;
    };
    const input = [
      header,
      line('TX-1', '1000,USD', '1370,USD'), // 37% more received
      line('TX-2', '1000,EUR', '1078,USD'), // 1100 USD paid, 1078 received: 2%
      line('TX-3', '1000,EUR', '1000,'), // received in the paid currency
      line('TX-4', '1000,USD', ','), // nothing received given: not checked
      line('TX-5', '1000,USD', '1000,ABC'),
      line('TX-6', '1000,USD', '1e3,USD'),
      line('TX-7', '1000,USD', '945,USD'), // 5.5% less
      '',
    ].join('\n');
    const result = await readAll(input, { map });
    assert.deepEqual(result.records.map((r) => r.id), ['TX-2', 'TX-3', 'TX-4']);
    assert.deepEqual(result.errors.map((e) => [e.record, e.field, e.message]), [
      ['2', 'received', 'unbalanced: paid and received differ by 37%'],
      ['6', 'received_ccy', 'unknown currency "ABC" (not an ISO 4217 code)'],
      ['7', 'received', 'received amount "1e3" has an exponent; write it as a plain decimal'],
      ['8', 'received', 'unbalanced: paid and received differ by 5.5%'],
    ]);
  });

  test('countries must be ISO 3166-1 alpha-2 and merchant categories four digits', async () => {
    const map = parseColumnMap(fixtureJson('bank-export.map.json'));
    const header = readFileSync(fixture('bank-export.csv'), 'utf8').split('\n')[0];
    const line = (id: string, from: string, to: string, mcc: string): string =>
      `${id},ACC-0001,ACC-0002,10,2026-01-05T10:00:00Z,USD,card,,,${from},${to},,${mcc},,`;
    const { records, errors } = await readAll([header, line('TX-1', 'USA', 'IQ', ''), line('TX-2', 'us', 'Iraq', ''), line('TX-3', '', '1Q', ''),
      line('TX-4', 'FR', '', '70111'), line('TX-5', 'fr', 'sy', '5812'), ''].join('\n'), { map });
    assert.deepEqual(errors.map((e) => [e.record, e.field, e.message]), [
      ['2', 'debtor_country', 'country "USA" is not an ISO 3166-1 alpha-2 code'],
      ['3', 'creditor_country', 'country "Iraq" is not an ISO 3166-1 alpha-2 code'],
      ['4', 'creditor_country', 'country "1Q" is not an ISO 3166-1 alpha-2 code'],
      ['5', 'mcc', 'merchant category "70111" is not a 4-digit ISO 18245 code'],
    ]);
    assert.deepEqual(records.map((r) => [r.fromCountry, r.toCountry, r.merchantCategory]), [['FR', 'SY', '5812']]);
  });

  test('messages never echo names, references or accounts, and cut what they quote to 40 characters', async () => {
    const map = parseColumnMap(fixtureJson('bank-export.map.json'));
    const header = readFileSync(fixture('bank-export.csv'), 'utf8').split('\n')[0];
    const secret = (i: number): string => `TX-SECRET-${i},ACC-SECRET-A,ACC-SECRET-B`;
    const tail = ',,,,,,,Invoice for Test Person 1,Test Person 1';
    const { errors } = await readAll([
      header,
      `${secret(1)},${'9'.repeat(100)}e5,2026-01-05T10:00:00Z,USD,Wire${tail}`,
      `${secret(2)},10,${'2026-01-05T10:00:00'.padEnd(200, '0')},USD,Wire${tail}`,
      `${secret(3)},10,2026-01-05T10:00:00Z,${'Q'.repeat(100)},Wire${tail}`,
      `${secret(1)},10,2026-01-05T10:00:00Z,USD,Wire${tail}`,
      `${secret(1)},10,2026-01-05T10:00:00Z,USD,Wire${tail}`,
      `TX-SECRET-6,ACC-SECRET-A,ACC-SECRET-A,10,2026-01-05T10:00:00Z,USD,Wire${tail}`,
      '',
    ].join('\n'), { map });
    assert.deepEqual(errors.map((e) => [e.record, e.field]), [['2', 'amount'], ['3', 'booked_at'], ['4', 'ccy'], ['6', 'tx_id'], ['7', 'creditor']]);
    for (const error of errors) {
      assert.doesNotMatch(error.message, /SECRET|Test Person|Invoice/, error.message);
      assert.ok(error.message.length < 160, error.message);
    }
  });

  test('spreadsheet padding rows are skipped, not refused', async () => {
    const { records, errors } = await readAll(`${HEADER}\n${row(1)}\n,,,,,,\n${row(2)}\n,,,,,,\n`);
    assert.deepEqual(errors, []);
    assert.equal(records.length, 2);
  });
});

describe('readTransactionsCsv: header and options', () => {
  test('a missing column is one error naming it, with a did-you-mean for another case', async () => {
    const error = await rejection(readAll('ID,from,to,Amount,time,currency\nTX-1,A,B,1,2026-01-05,USD\n'));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.details, {
      id: 'column "id" is not in the header; did you mean "ID"?',
      amount: 'column "amount" is not in the header; did you mean "Amount"?',
      type: 'column "type" is not in the header',
    });
    assert.match(error.message, /did you mean "ID"/);
  });

  test('a mapped column the header holds twice is refused', () => {
    const error = refusal(() => indexColumns({ id: 'ref', amount: 'amount' }, ['ref', 'amount', 'ref']));
    assert.deepEqual(error.details, { id: 'column "ref" appears more than once in the header' });
  });

  test('an empty input has no header', async () => {
    for (const input of ['', '\n\n\r\n', []]) {
      assert.equal((await rejection(readAll(input))).code, 'MALFORMED_INPUT');
    }
  });

  test('a header-only file reads no transactions', async () => {
    const { records, errors } = await readAll(`${HEADER}\n`);
    assert.deepEqual([records, errors], [[], []]);
  });

  test('without a currency column every row is in the default currency, or the base', async () => {
    const text = 'id,from,to,amount,time\nTX-1,A-1,B-1,10,2026-01-05\n';
    const base = await readAll(text, { map: parseColumnMap({ id: 'id', from: 'from', to: 'to', amount: 'amount', timestamp: 'time' }) });
    assert.equal(base.records[0]!.currency, 'USD');
    assert.equal(base.records[0]!.kind, 'transfer', 'a file with no type column holds transfers');
    const eur = await readAll(text, { map: parseColumnMap({ id: 'id', from: 'from', to: 'to', amount: 'amount', timestamp: 'time', default_currency: 'EUR' }) });
    assert.equal(eur.records[0]!.currency, 'EUR');
    const gbp = parseColumnMap({ id: 'id', from: 'from', to: 'to', amount: 'amount', timestamp: 'time', default_currency: 'GBP' });
    const error = await rejection(readAll(text, { map: gbp }));
    assert.equal(error.code, 'VALIDATION_FAILED', 'no rate for the default: said once, not once per row');
  });

  test('batchSize must be a positive integer', async () => {
    for (const batchSize of [0, -1, 1.5]) assert.equal((await rejection(readAll(`${HEADER}\n`, { batchSize }))).code, 'VALIDATION_FAILED');
  });
});

describe('parseColumnMap', () => {
  test('reads columns and options', () => {
    const map = parseColumnMap(fixtureJson('releve-fr.map.json'));
    assert.equal(map.delimiter, ';');
    assert.equal(map.decimalSeparator, ',');
    assert.equal(map.defaultCurrency, 'EUR');
    assert.equal(map.columns.from, 'Compte débiteur');
    assert.equal(map.columns.currency, undefined);
  });

  test('defaults: comma, decimal point, no default currency', () => {
    const map = parseColumnMap({ id: 'a', from: 'b', to: 'c', amount: 'd', timestamp: 'e' });
    assert.deepEqual(map, { columns: { id: 'a', from: 'b', to: 'c', amount: 'd', timestamp: 'e' }, delimiter: ',', decimalSeparator: '.', defaultCurrency: undefined });
  });

  test('names each unknown key, missing column and bad option', () => {
    const error = refusal(() => parseColumnMap({
      id: 'a', from: '', amount: 7, timestamp: 'e', currency: 'f', colour: 'red', delimiter: '"', default_currency: 'eur', decimal_separator: ';',
    }));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(Object.keys(error.details ?? {}).sort(), ['amount', 'colour', 'decimal_separator', 'default_currency', 'delimiter', 'from', 'to']);
    assert.equal(error.details?.colour, 'unknown key');
  });

  test('refuses values that are not maps', () => {
    for (const value of [null, 'id', [], 42]) assert.equal(refusal(() => parseColumnMap(value)).code, 'VALIDATION_FAILED');
  });
});

describe('parseAmount and parseTimestamp', () => {
  test('amounts', () => {
    assert.deepEqual(parseAmount(' 0012.5 ', '.'), { amount: 12.5, text: '0012.5' });
    assert.deepEqual(parseAmount('1000000000000', '.'), { amount: 1e12, text: '1000000000000' });
    assert.deepEqual(parseAmount('0,0001', ','), { amount: 0.0001, text: '0.0001' });
    assert.match((parseAmount('1.234,56', ',') as { problem: string }).problem, /thousands separator/);
    assert.match((parseAmount('.5', '.') as { problem: string }).problem, /not a plain decimal/);
    assert.match((parseAmount('5.', '.') as { problem: string }).problem, /not a plain decimal/);
    assert.match((parseAmount('NaN', '.') as { problem: string }).problem, /not a plain decimal/);
    assert.match((parseAmount('Infinity', '.') as { problem: string }).problem, /not a plain decimal/);
  });

  test('timestamps', () => {
    assert.deepEqual(parseTimestamp('2024-02-29'), { time: Date.UTC(2024, 1, 29) });
    assert.deepEqual(parseTimestamp('2000-02-29T23:59:59.999999999+14:00'), { time: Date.UTC(2000, 1, 29, 9, 59, 59, 999) });
    assert.deepEqual(parseTimestamp('2026-01-05T10:00-03'), { time: Date.UTC(2026, 0, 5, 13) });
    assert.deepEqual(parseTimestamp('2026-01-05T10:00:00,5Z'), { time: Date.UTC(2026, 0, 5, 10, 0, 0, 500) });
    for (const bad of ['1900-02-29', '2026-13-01', '2026-00-10', '2026-01-32', '2026-01-05T10:60Z', '2026-01-05T10:00:60Z']) {
      assert.match((parseTimestamp(bad) as { problem: string }).problem, /not a real date/, bad);
    }
    for (const bad of ['2026-1-5', '2026-01-05T', '2026-01-05T10Z', '2026-01-05T10:00:00.Z', '2026-01-05T10:00:00.1234567890Z', '2026-01-05T10:00:00+1',
      '2026-01-05T10:00:00+01:0', '2026-01-05T10:00:00+01:000', '２０２６-01-05', '2026-01-05Z']) {
      assert.match((parseTimestamp(bad) as { problem: string }).problem, /not ISO 8601/, bad);
    }
  });
});

describe('readCsvRecords', () => {
  test('RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, empty fields', async () => {
    const text = 'a,b,c\r\n"x,1","say ""hi""","two\r\nlines"\r\n,,\r\n"","",""\r\nlast,line,no-newline';
    assert.deepEqual(await records(text), [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x,1', 'say "hi"', 'two\r\nlines'] },
      { line: 4, fields: ['', '', ''] },
      { line: 5, fields: ['', '', ''] },
      { line: 6, fields: ['last', 'line', 'no-newline'] },
    ]);
  });

  test('a quote inside an unquoted field is text', async () => {
    assert.deepEqual(await records('5" pipe,O"Brien\n'), [{ line: 1, fields: ['5" pipe', 'O"Brien'] }]);
  });

  test('the result does not depend on where the input is cut', async () => {
    const text = '\uFEFFid;name;note\r\n1;"Zürich; ""Nord""";"x\ny"\r\n2;القامشلي;\r\n\r\n3;"€";end\n';
    const whole = await records(text, { delimiter: ';' });
    assert.equal(whole.length, 4);
    assert.deepEqual(whole[1], { line: 2, fields: ['1', 'Zürich; "Nord"', 'x\ny'] });
    const encoded = bytes(text);
    for (let cut = 1; cut < encoded.length; cut++) {
      const parts = [encoded.subarray(0, cut), encoded.subarray(cut)];
      assert.deepEqual(await records(parts, { delimiter: ';' }), whole, `cut at byte ${cut}`);
    }
    assert.deepEqual(await records([...encoded].map((b) => Uint8Array.of(b)), { delimiter: ';' }), whole, 'one byte at a time');
  });

  test('random records survive a round trip through an RFC 4180 writer', async () => {
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'B', '7', ' ', ',', '"', '\n', '\r\n', 'é', '€', '\t'];
    const expected: string[][] = [];
    let text = '';
    for (let r = 0; r < 2000; r++) {
      const fields = Array.from({ length: 3 }, () => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
      if (fields.join('') === '') fields[0] = 'x';
      expected.push(fields);
      text += `${fields.map((f) => (/[",\r\n]/.test(f) || random() < 0.2 ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}${random() < 0.5 ? '\r\n' : '\n'}`;
    }
    const encoded = bytes(text);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < encoded.length;) {
      const size = 1 + Math.floor(random() * 5000);
      chunks.push(encoded.subarray(at, at + size));
      at += size;
    }
    const got = await records(chunks);
    assert.deepEqual(got.map((r) => r.fields), expected);
    assert.ok(got.every((r, i) => i === 0 || r.line > got[i - 1]!.line));
  });

  test('a text after a closing quote is one error; the lines a stray quote swallowed are named', async () => {
    assert.deepEqual(await records('1,"a"b,2\n3,4\n'), [
      { line: 1, error: { record: '1', message: 'text follows a closing quote before the next delimiter (a stray quote?)' } },
      { line: 2, fields: ['3', '4'] },
    ]);
    const got = await records('1,"stray\n2,x\n3,"y",4\n5,z\n');
    assert.equal(got[0]!.error?.message, 'text follows a closing quote before the next delimiter (a stray quote?); the 2 lines after this one were read as part of it');
    assert.deepEqual(got.slice(1), [{ line: 4, fields: ['5', 'z'] }]);
  });

  test('the delimiter must be one character that is not a quote or line break', async () => {
    for (const delimiter of ['', ';;', '"', '\n']) {
      assert.equal((await rejection(records('a', { delimiter }))).code, 'VALIDATION_FAILED', JSON.stringify(delimiter));
    }
  });

  test('chunks report the lines read', async () => {
    const chunks = [];
    for await (const chunk of readCsvRecords('a\nb\n\nc')) chunks.push(chunk);
    assert.equal(chunks.at(-1)!.lines, 4);
  });
});

describe('hostile input', () => {
  test('a 10 MB line is one error; the rows around it are read', async () => {
    const huge = `TX-2,ACC-0001,ACC-0002,${'9'.repeat(10 * 1024 * 1024)}`;
    for (const input of [[HEADER, row(1), huge, row(3), ''].join('\n'), [bytes(`${HEADER}\n${row(1)}\n`), bytes(huge), bytes(`\n${row(3)}\n`)]]) {
      const { records: txs, errors } = await readAll(input);
      assert.deepEqual(txs.map((r) => r.id), ['TX-1', 'TX-3']);
      assert.deepEqual(errors, [{ record: '3', message: 'the record is longer than 65536 characters' }]);
    }
  });

  test('a 10 MB quoted field is one error, and reading resumes at the next line', async () => {
    const huge = `"${'x'.repeat(10 * 1024 * 1024)}"`;
    const got = await records(`a,b\n1,${huge}\n2,3\n`);
    assert.deepEqual(got, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: { record: '2', message: 'the record is longer than 65536 characters' } },
      { line: 3, fields: ['2', '3'] },
    ]);
  });

  test('more than 200 fields is one error', async () => {
    const got = await records(`${'x,'.repeat(250)}x\n"q",${'y,'.repeat(250)}y\nok\n`);
    assert.deepEqual(got.map((r) => r.error?.message ?? r.fields), [
      'the record has 251 fields; at most 200 are read',
      'the record has 252 fields; at most 200 are read',
      ['ok'],
    ]);
  });

  test('a million empty lines are skipped and counted', async () => {
    const { records: txs, errors } = await readAll(`${HEADER}\n${'\n'.repeat(1_000_000)}${row(1)}\n`);
    assert.deepEqual(errors, []);
    assert.equal(txs.length, 1);
    const got = await records(`${'\r\n'.repeat(1_000_000)}x`);
    assert.deepEqual(got, [{ line: 1_000_001, fields: ['x'] }]);
  });

  test('a quote never closed is an error at the end, not a hang', async () => {
    const { records: txs, errors } = await readAll(`${HEADER}\n${row(1)}\nTX-2,"ACC-0001,ACC-0002,1,2026-01-05,USD,x\n${row(3)}\n${row(4)}`);
    assert.deepEqual(txs.map((r) => r.id), ['TX-1']);
    assert.deepEqual(errors, [{ record: '3', message: 'a quoted field opened in this record is never closed (the input ends inside quotes)' }]);
    assert.deepEqual(await records('"'), [{ line: 1, error: { record: '1', message: 'a quoted field opened in this record is never closed (the input ends inside quotes)' } }]);
  });

  test('a quote never closed in a long file costs only the 64 KiB after it', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i + 3));
    const { records: txs, errors } = await readAll([HEADER, row(1), 'TX-2,"stray', ...rows, ''].join('\n'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.message, 'the record is longer than 65536 characters');
    assert.ok(txs.length > 20_000 - 65_536 / 50, `${txs.length} rows read`);
    assert.equal(txs.at(-1)!.id, 'TX-20002');
  });

  test('NUL bytes make their record an error', async () => {
    const { records: txs, errors } = await readAll(`${HEADER}\n${row(1, { from: 'ACC\u00000001' })}\n${row(2)}\n`);
    assert.deepEqual(txs.map((r) => r.id), ['TX-2']);
    assert.deepEqual(errors, [{ record: '2', message: 'the record contains a NUL character (a binary or UTF-16 file?)' }]);
  });

  test('invalid UTF-8 makes its record an error', async () => {
    const input = [bytes(`${HEADER}\n`), Uint8Array.of(...bytes('TX-1,ACC-'), 0xff, 0xfe, 0xc3, ...bytes(',ACC-0002,1,2026-01-05,USD,x\n')), bytes(`${row(2)}\n`)];
    const { records: txs, errors } = await readAll(input);
    assert.deepEqual(txs.map((r) => r.id), ['TX-2']);
    assert.deepEqual(errors, [{ record: '2', message: 'the record contains bytes that are not valid UTF-8 (convert the file to UTF-8)' }]);
  });

  test('a UTF-16 file is refused at once', async () => {
    const utf16 = Uint8Array.of(0xff, 0xfe, ...[...HEADER].flatMap((c) => [c.charCodeAt(0), 0]));
    assert.equal((await rejection(readAll([utf16]))).code, 'MALFORMED_INPUT');
  });

  test('binary noise costs errors, not the read', async () => {
    let seed = 42;
    const noise = Uint8Array.from({ length: 200_000 }, () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 24));
    const { records: txs } = await readAll([bytes(`${HEADER}\n`), noise, bytes(`\n${row(1)}\n`)]);
    assert.ok(txs.length <= 1);
  });

  test('100,000 rows arrive in batches, with every bad row and repeated id found', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 100_000; i++) {
      const time = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      if (i % 1000 === 0) lines.push(row(i, { amount: 'bad', time }));
      else if (i % 1000 === 500) lines.push(row(i - 499, { time })); // the id of the row 499 lines up
      else lines.push(row(i, { time }));
    }
    const text = `${lines.join('\n')}\n`;
    const chunks: Uint8Array[] = [];
    const encoded = bytes(text);
    for (let at = 0; at < encoded.length; at += 65_536) chunks.push(encoded.subarray(at, at + 65_536));
    const { records: txs, errors, batches, outOfOrder } = await readAll(chunks, { batchSize: 7_000 });
    assert.equal(txs.length, 99_800);
    assert.equal(errors.length, 200);
    assert.equal(outOfOrder, 0);
    assert.equal(new Set(txs.map((r) => r.id)).size, 99_800);
    assert.equal(batches.length, Math.ceil(100_000 / 7_000));
    assert.ok(batches.every((b) => b.records.length + b.errors.length <= 7_000));
    assert.equal(batches.at(-1)!.lines, 100_001);
    assert.deepEqual(errors.slice(0, 2), [
      { record: '501', field: 'id', message: 'duplicate id: first seen on line 2' },
      { record: '1001', field: 'amount', message: 'amount "bad" is not a plain decimal number' },
    ]);
    assert.deepEqual(errors.at(-2), { record: '99501', field: 'id', message: 'duplicate id: first seen on line 99002' });
  });
});
