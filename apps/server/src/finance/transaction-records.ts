/**
 * Transactions posted one by one as JSON (the streaming path), checked field by field: a bad
 * record becomes one `RecordError` naming its position and field, and the rest of the request
 * goes on. Also the store's limits, applied to what the file readers give before the store sees
 * it: the store refuses a whole import for one record it cannot keep, so such a record is turned
 * into a per-record error here instead.
 *
 * Messages quote amounts, currencies and timestamps (cut to 40 characters) but never an account,
 * a reference or a name.
 *
 * @example
 * ```ts
 * const { records, errors } = readPostedTransactions(body.transactions, currencyTable);
 * // errors: [{ record: '2', field: 'amount', message: 'amount "-5" is negative; give the direction with from and to' }]
 * ```
 */
import { CASH_ACCOUNT, isCurrencyCode, kindOf, parseAmount, parseTimestamp, type CurrencyTable, type ReadResult, type RecordError, type TransactionRecord } from '@ariadne/finance';

/** the store keeps ids and account references of at most this many characters */
export const MAX_REFERENCE_CHARS = 200;
const MAX_AMOUNT = 1e12;
/** timestamptz holds these; ISO 8601 writes them with four-digit years */
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const TEXT_FIELDS = { fromBank: 100, toBank: 100, location: 200, reference: 1000, beneficiaryName: 500 } as const;
const KNOWN_FIELDS = new Set(['id', 'from', 'to', 'amount', 'currency', 'timestamp', 'type', 'fromCountry', 'toCountry', 'merchantCategory', ...Object.keys(TEXT_FIELDS)]);

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** why `value` cannot be an id or an account reference, or undefined when it can */
function referenceProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (value.length > MAX_REFERENCE_CHARS) return `is longer than ${MAX_REFERENCE_CHARS} characters`;
  if (CONTROL.test(value) || LONE_SURROGATE.test(value) || value.includes('\u0000')) return 'holds control characters';
  return undefined;
}

/**
 * The first problem the store would refuse the whole import for, as a per-record error; undefined
 * when the record can be stored. For records from the file readers, which check everything else.
 */
export function storableProblem(tx: TransactionRecord, record: string): RecordError | undefined {
  for (const [field, value] of [['id', tx.id], ['from', tx.from], ['to', tx.to]] as const) {
    const problem = referenceProblem(value);
    if (problem !== undefined) return { record, field, message: `the ${field === 'id' ? 'id' : `${field} account`} ${problem}` };
  }
  if (tx.amountText.length > 40) return { record, field: 'amount', message: 'the amount is written with more than 40 characters' };
  if (!(tx.timestamp >= EARLIEST && tx.timestamp <= LATEST)) return { record, field: 'timestamp', message: 'the time is not between the years 1000 and 9999' };
  return undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function fail(record: string, field: string, message: string): RecordError {
  return { record, field, message };
}

function readAccount(raw: unknown, field: 'from' | 'to', record: string): string | RecordError {
  if (typeof raw !== 'string') return fail(record, field, `the ${field} account is not text`);
  const value = raw.trim();
  if (value === CASH_ACCOUNT) return value;
  if (value.startsWith('@')) return fail(record, field, 'an account reference cannot start with "@" (reserved for pseudo-accounts such as @cash)');
  const problem = referenceProblem(value);
  return problem === undefined ? value : fail(record, field, `the ${field} account ${problem}`);
}

function readAmount(raw: unknown, record: string): { amount: number; text: string } | RecordError {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(record, 'amount', 'the amount is not a finite number');
    if (raw <= 0) return fail(record, 'amount', raw === 0 ? 'amount is zero' : `amount ${shown(String(raw))} is negative; give the direction with from and to`);
    if (raw > MAX_AMOUNT) return fail(record, 'amount', `amount ${shown(String(raw))} is absurd (more than 1e12)`);
    const text = String(raw);
    if (!/^\d+(\.\d{1,4})?$/.test(text)) return fail(record, 'amount', `amount ${shown(text)} has more than 4 decimals`);
    return { amount: raw, text };
  }
  if (typeof raw !== 'string') return fail(record, 'amount', 'the amount is neither a number nor a decimal string');
  const parsed = parseAmount(raw, '.');
  return 'problem' in parsed ? fail(record, 'amount', parsed.problem) : parsed;
}

function readCurrency(raw: unknown, table: CurrencyTable, record: string): string | RecordError {
  if (raw === undefined) return table.base;
  if (typeof raw !== 'string') return fail(record, 'currency', 'the currency is not text');
  const code = raw.trim().toUpperCase();
  if (!isCurrencyCode(code)) return fail(record, 'currency', `unknown currency ${shown(raw)} (not an ISO 4217 code)`);
  if (!Object.hasOwn(table.rates, code)) return fail(record, 'currency', `no rate for currency ${shown(code)} in the currency table (base ${table.base})`);
  return code;
}

function optionalString(raw: unknown, field: string, record: string, max: number): string | undefined | RecordError {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return fail(record, field, `${field} is not text`);
  const value = raw.trim();
  if (value === '') return undefined;
  if (value.length > max) return fail(record, field, `${field} is longer than ${max} characters`);
  if (LONE_SURROGATE.test(value) || value.includes('\u0000')) return fail(record, field, `${field} holds characters that are not text`);
  return value;
}

function isError(value: unknown): value is RecordError {
  return typeof value === 'object' && value !== null && 'message' in value && 'record' in value;
}

/** One posted record, or the error that refuses it. `position` is 1-based. */
export function readPostedTransaction(raw: unknown, position: number, table: CurrencyTable): TransactionRecord | RecordError {
  const record = String(position);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { record, message: 'the record is not a JSON object' };
  const input = raw as Record<string, unknown>;
  const unknown = Object.keys(input).find((key) => !KNOWN_FIELDS.has(key));
  if (unknown !== undefined) return { record, field: unknown.slice(0, 40), message: 'unknown field' };

  if (typeof input.id !== 'string') return fail(record, 'id', 'the id is not text');
  const id = input.id.trim();
  const idProblem = referenceProblem(id);
  if (idProblem !== undefined) return fail(record, 'id', `the id ${idProblem}`);
  const rawType = optionalString(input.type, 'type', record, 100);
  if (isError(rawType)) return rawType;
  const kind = kindOf(rawType);

  const from = input.from === undefined && kind === 'cash_deposit' ? CASH_ACCOUNT : readAccount(input.from, 'from', record);
  if (isError(from)) return from;
  const to = input.to === undefined && kind === 'cash_withdrawal' ? CASH_ACCOUNT : readAccount(input.to, 'to', record);
  if (isError(to)) return to;
  if (from === to) return fail(record, 'to', 'from and to are the same account');
  if (from === CASH_ACCOUNT && to === CASH_ACCOUNT) return fail(record, 'to', 'cash to cash is not a transaction');

  const amount = readAmount(input.amount, record);
  if (isError(amount)) return amount;
  const currency = readCurrency(input.currency, table, record);
  if (isError(currency)) return currency;
  if (typeof input.timestamp !== 'string') return fail(record, 'timestamp', 'the timestamp is not an ISO 8601 text (e.g. 2026-01-05T14:30:00Z)');
  const when = parseTimestamp(input.timestamp);
  if ('problem' in when) return fail(record, 'timestamp', when.problem);
  if (!(when.time >= EARLIEST && when.time <= LATEST)) return fail(record, 'timestamp', 'the time is not between the years 1000 and 9999');

  const tx: Mutable<TransactionRecord> = { id, from, to, amount: amount.amount, amountText: amount.text, currency, timestamp: when.time, kind };
  if (rawType !== undefined) tx.rawType = rawType;
  for (const field of ['fromCountry', 'toCountry'] as const) {
    const value = input[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) return fail(record, field, `country ${shown(String(value))} is not an ISO 3166-1 alpha-2 code`);
    tx[field] = value.toUpperCase();
  }
  const mcc = input.merchantCategory;
  if (mcc !== undefined && mcc !== null && mcc !== '') {
    if (typeof mcc !== 'string' || !/^\d{4}$/.test(mcc)) return fail(record, 'merchantCategory', `merchant category ${shown(String(mcc))} is not a 4-digit ISO 18245 code`);
    tx.merchantCategory = mcc;
  }
  for (const [field, max] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, number][]) {
    const value = optionalString(input[field], field, record, max);
    if (isError(value)) return value;
    if (value !== undefined) tx[field] = value;
  }
  return tx;
}

/** Every posted record checked; a repeated id within the request is refused after its first record. */
export function readPostedTransactions(items: readonly unknown[], table: CurrencyTable): ReadResult<TransactionRecord> {
  const records: TransactionRecord[] = [];
  const errors: RecordError[] = [];
  const seen = new Map<string, number>();
  items.forEach((raw, i) => {
    const read = readPostedTransaction(raw, i + 1, table);
    if (isError(read)) {
      errors.push(read);
      return;
    }
    const first = seen.get(read.id);
    if (first !== undefined) {
      errors.push(fail(String(i + 1), 'id', `duplicate id: first given in record ${first}`));
      return;
    }
    seen.set(read.id, i + 1);
    records.push(read);
  });
  return { records, errors };
}
