/**
 * Transactions from a bank's CSV export through a column map: the batch input of
 * `ariadne finance scan --transactions TX.csv --map MAP.json`. Each row is checked on its own
 * (ids, accounts, amount, currency, timestamp, countries, the balance of paid and received) and a
 * bad row becomes one precise `RecordError` with its line and column while the rest of the file
 * goes on. Messages quote the offending amount, currency or timestamp text (cut to 40
 * characters) but never an account, a reference or a name.
 *
 * @example
 * ```ts
 * const map = parseColumnMap(JSON.parse(await readFile('map.json', 'utf8')));
 * const { records, errors, outOfOrder } = await readTransactionsCsvFile('tx.csv', { map, currency: baseOnlyTable('USD') });
 * for await (const batch of readTransactionsCsv(createReadStream('tx.csv'), { map, currency, batchSize: 50_000 })) graph.add(...);
 * ```
 */
import { AriadneError } from '@ariadne/schema';
import { indexColumns, OPTIONAL_TRANSACTION_COLUMNS, REQUIRED_TRANSACTION_COLUMNS, type ColumnMap, type TransactionColumn } from './column-map.ts';
import { csvFileChunks, readCsvRecords, type CsvInput } from './csv-records.ts';
import { isCurrencyCode } from './currency.ts';
import { kindOf } from './transaction-kinds.ts';
import { CASH_ACCOUNT, type CurrencyTable, type ReadResult, type RecordError, type TransactionRecord, type TxKind } from './types.ts';

export const DEFAULT_BATCH_SIZE = 10_000;
/** larger amounts are typing errors or test data, not payments */
export const MAX_AMOUNT = 1e12;
/** rows one file may hold: the transaction graph indexes ids in a JavaScript Map, which holds at most 2^24 keys */
export const MAX_TRANSACTIONS = 16_000_000;
/** paid and received (both in base currency) may differ by this share before the row is refused as unbalanced */
export const BALANCE_TOLERANCE = 0.05;

export interface TransactionCsvOptions {
  readonly map: ColumnMap;
  /** rates for every currency the file may use; a row in a currency without a rate is refused */
  readonly currency: CurrencyTable;
  /** records per yielded batch (errors count toward it too); 10,000 by default */
  readonly batchSize?: number;
}

export interface TransactionBatch extends ReadResult<TransactionRecord> {
  /** lines of the file read so far */
  readonly lines: number;
  /** records of this batch whose time is earlier than a record read before them */
  readonly outOfOrder: number;
}

/** quotes outside text for a message: JSON-escaped, cut to 40 characters */
function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

const PLAIN_DECIMAL = { '.': /^\d+(?:\.\d+)?$/, ',': /^\d+(?:,\d+)?$/ } as const;
const WITH_EXPONENT = /^\d*[.,]?\d*[eE][+-]?\d+$/;
const WITH_THOUSANDS = /^\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+(?:[.,]\d+)?$/;

/**
 * Reads an amount written as a plain decimal in major units: digits, then optionally the map's
 * decimal separator and at most four decimals. Signs, exponents and thousands separators are
 * refused (each with its own message), and so are zero and amounts above `MAX_AMOUNT`.
 * `text` is the amount with a '.' decimal point, for reports.
 */
export function parseAmount(raw: string, decimalSeparator: '.' | ','): { amount: number; text: string } | { problem: string } {
  const t = raw.trim();
  if (t === '') return { problem: 'empty amount' };
  const negative = t.charCodeAt(0) === 0x2d;
  const body = negative || t.charCodeAt(0) === 0x2b ? t.slice(1) : t;
  if (!PLAIN_DECIMAL[decimalSeparator].test(body)) {
    if (WITH_EXPONENT.test(body)) return { problem: `amount ${shown(t)} has an exponent; write it as a plain decimal` };
    if (WITH_THOUSANDS.test(body)) return { problem: `amount ${shown(t)} has a thousands separator; write it as a plain decimal` };
    const other = decimalSeparator === '.' ? ',' : '.';
    if (PLAIN_DECIMAL[other].test(body)) return { problem: `amount ${shown(t)} uses '${other}' as decimal separator; the column map says '${decimalSeparator}'` };
    return { problem: `amount ${shown(t)} is not a plain decimal number` };
  }
  if (negative) return { problem: `amount ${shown(t)} is negative; give the direction with from and to` };
  if (t.charCodeAt(0) === 0x2b) return { problem: `amount ${shown(t)} has a sign; write it as a plain decimal` };
  const point = body.indexOf(decimalSeparator);
  if (point >= 0 && body.length - point - 1 > 4) return { problem: `amount ${shown(t)} has more than 4 decimals` };
  const text = point >= 0 && decimalSeparator === ',' ? body.replace(',', '.') : body;
  const amount = Number(text);
  if (amount === 0) return { problem: 'amount is zero' };
  if (amount > MAX_AMOUNT) return { problem: `amount ${shown(t)} is absurd (more than 1e12)` };
  return { amount, text };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** the number written by `count` ASCII digits of `s` at `at`, or -1 when one is not a digit */
function digitsAt(s: string, at: number, count: number): number {
  if (at + count > s.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Reads an ISO 8601 / RFC 3339 timestamp into epoch milliseconds (UTC):
 * `YYYY-MM-DD[(T| )hh:mm[:ss[(.|,)fraction]](Z|±hh[:mm]|±hhmm)]`. A time must carry its zone: a
 * bank's local time without one cannot be placed and is refused, not guessed. A bare date
 * (`2026-01-05`) is midnight UTC. Impossible dates and times (`2026-02-30`, `25:00`) are refused;
 * years before 1900 are taken as typing errors. Written by hand, not as a regular expression,
 * because it runs once per row of a five-million-row file.
 */
export function parseTimestamp(raw: string): { time: number } | { problem: string } {
  const t = raw.trim();
  const n = t.length;
  const year = digitsAt(t, 0, 4);
  const month = digitsAt(t, 5, 2);
  const day = digitsAt(t, 8, 2);
  if (year < 0 || month < 0 || day < 0 || t.charCodeAt(4) !== 0x2d || t.charCodeAt(7) !== 0x2d) return notIso(t);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offset = 0;
  if (n > 10) {
    const sep = t.charCodeAt(10);
    if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return notIso(t); // T, t or a space
    hour = digitsAt(t, 11, 2);
    minute = digitsAt(t, 14, 2);
    if (hour < 0 || minute < 0 || t.charCodeAt(13) !== 0x3a) return notIso(t);
    let i = 16;
    if (t.charCodeAt(i) === 0x3a) {
      second = digitsAt(t, 17, 2);
      if (second < 0) return notIso(t);
      i = 19;
      const point = t.charCodeAt(i);
      if (point === 0x2e || point === 0x2c) {
        let k = i + 1;
        let scale = 100;
        while (k < n && t.charCodeAt(k) >= 48 && t.charCodeAt(k) <= 57) {
          ms += (t.charCodeAt(k) - 48) * scale;
          scale /= 10;
          k++;
        }
        if (k === i + 1 || k - i - 1 > 9) return notIso(t);
        ms = Math.floor(ms);
        i = k;
      }
    }
    if (i >= n) return { problem: `timestamp ${shown(t)} has no zone; add Z or an offset such as +03:00` };
    const zone = t.charCodeAt(i);
    if (zone === 0x5a || zone === 0x7a) { // Z or z
      if (i + 1 !== n) return notIso(t);
    } else if (zone === 0x2b || zone === 0x2d) { // + or -
      const oh = digitsAt(t, i + 1, 2);
      const rest = n - i - 3;
      let om = 0;
      if (rest === 3 && t.charCodeAt(i + 3) === 0x3a) om = digitsAt(t, i + 4, 2);
      else if (rest === 2) om = digitsAt(t, i + 3, 2);
      else if (rest !== 0) return notIso(t);
      if (oh < 0 || om < 0) return notIso(t);
      if (oh > 23 || om > 59) return { problem: `timestamp ${shown(t)} has an impossible zone offset` };
      offset = (zone === 0x2d ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else {
      return notIso(t);
    }
  } else if (n !== 10) {
    return notIso(t);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { problem: `timestamp ${shown(t)} is not a real date or time` };
  }
  if (year < 1900) return { problem: `timestamp ${shown(t)} is before 1900` };
  return { time: Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset };
}

function notIso(t: string): { problem: string } {
  return { problem: t === '' ? 'empty timestamp' : `timestamp ${shown(t)} is not ISO 8601 (e.g. 2026-01-05T14:30:00Z)` };
}

/** an ISO 3166-1 alpha-2 code (two letters, upper-cased); undefined for any other shape */
export function countryCode(raw: string): string | undefined {
  return /^[A-Za-z]{2}$/.test(raw) ? raw.toUpperCase() : undefined;
}

const ALL_COLUMNS: readonly TransactionColumn[] = [...REQUIRED_TRANSACTION_COLUMNS, ...OPTIONAL_TRANSACTION_COLUMNS];

/**
 * A copy of `s` that does not point into the chunk it was cut from. V8 keeps a substring of 13 or
 * more characters as a view of its parent, so one kept account number would keep a whole 64 KiB
 * chunk of the file alive; across a five-million-row file, the file itself. Concatenating flattens
 * into a fresh string, and the slice of that holds only it.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** at most this many distinct attribute values are interned; past it values are only detached */
const MAX_INTERNED = 1 << 16;

/**
 * The ids read so far and the line of each: the duplicate check. An open-addressing table of
 * (hash, slot) pairs in one Int32Array, rather than a Map, because it runs on every row of a
 * five-million-row file: a probe reads one cache line and compares a stored hash before it ever
 * touches a string, and the table is one flat allocation the garbage collector does not walk.
 * The hash is seeded per table, so ids crafted to collide cannot be prepared in advance.
 */
class IdLines {
  private readonly seed = (Math.random() * 0x1_0000_0000) >>> 0;
  private mask = (1 << 12) - 1;
  private table: Int32Array = new Int32Array((this.mask + 1) * 2).fill(-1);
  private readonly ids: string[] = [];
  private lines: Int32Array = new Int32Array(1 << 11);

  get size(): number { return this.ids.length; }

  /** the line `id` was first seen on, or -1 after recording it as seen on `line` */
  firstOrAdd(id: string, line: number): number {
    const h = hashOf(id, this.seed);
    const table = this.table;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = table[(slot << 1) + 1]!;
      if (k < 0) {
        table[slot << 1] = h;
        table[(slot << 1) + 1] = this.ids.length;
        if (this.ids.length === this.lines.length) this.lines = growInt32(this.lines);
        this.lines[this.ids.length] = line;
        this.ids.push(id);
        if (this.ids.length * 2 > this.mask) this.rehash();
        return -1;
      }
      if (table[slot << 1] === h && this.ids[k] === id) return this.lines[k]!;
    }
  }

  /** the line `id` was first seen on, or -1 */
  lineOf(id: string): number {
    const h = hashOf(id, this.seed);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.table[(slot << 1) + 1]!;
      if (k < 0) return -1;
      if (this.table[slot << 1] === h && this.ids[k] === id) return this.lines[k]!;
    }
  }

  private rehash(): void {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.table = new Int32Array((this.mask + 1) * 2).fill(-1);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1]! < 0) continue;
      let slot = old[i]! & this.mask;
      while (this.table[(slot << 1) + 1]! >= 0) slot = (slot + 1) & this.mask;
      this.table[slot << 1] = old[i]!;
      this.table[(slot << 1) + 1] = old[i + 1]!;
    }
  }
}

/** FNV-1a over UTF-16 code units, from a seeded offset basis; 31 bits, never negative */
function hashOf(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 1;
}

function growInt32(array: Int32Array): Int32Array {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

/** The per-row checks, with the state they need across rows (ids seen, the latest time). */
class RowReader {
  private readonly seen = new IdLines();
  private readonly kinds = new Map<string, { readonly raw: string; readonly kind: TxKind }>();
  private readonly currencies = new Map<string, { code: string; rate: number } | { problem: string }>();
  /**
   * banks, places, countries and merchant codes repeat from row to row: one string each. (Not
   * account references: they are as many as the rows in some files, and a table of millions of
   * them costs more time than the strings it saves; the graph keeps one copy of each anyway.)
   */
  private readonly interned = new Map<string, string>();
  private latest = -Infinity;
  outOfOrder = 0;
  /** column positions, -1 for a column the map does not name */
  private readonly c: Readonly<Record<TransactionColumn, number>>;

  constructor(private readonly map: ColumnMap, private readonly table: CurrencyTable, private readonly header: readonly string[]) {
    const at: Partial<Record<TransactionColumn, number>> = indexColumns(map.columns, header);
    this.c = Object.fromEntries(ALL_COLUMNS.map((key) => [key, at[key] ?? -1])) as Record<TransactionColumn, number>;
  }

  private cell(fields: readonly string[], key: TransactionColumn): string | undefined {
    const i = this.c[key];
    if (i < 0) return undefined;
    const v = fields[i]!.trim();
    return v === '' ? undefined : v;
  }

  private intern(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    const copy = detached(value);
    if (this.interned.size < MAX_INTERNED) this.interned.set(copy, copy);
    return copy;
  }

  /** the kind of a type code, and the code as one shared string */
  private kind(raw: string | undefined): { readonly raw: string | undefined; readonly kind: TxKind } {
    if (raw === undefined) return { raw, kind: kindOf(undefined) };
    let k = this.kinds.get(raw);
    if (k === undefined) {
      k = { raw: detached(raw), kind: kindOf(raw) };
      if (this.kinds.size < 10_000) this.kinds.set(k.raw, k);
    }
    return k;
  }

  /** a currency cell checked against ISO 4217 and the table */
  private currency(raw: string | undefined, fallback: string): { code: string; rate: number } | { problem: string } {
    const key = raw ?? fallback;
    let known = this.currencies.get(key);
    if (known === undefined) {
      const code = key.toUpperCase();
      const rate = Object.hasOwn(this.table.rates, code) ? this.table.rates[code] : undefined;
      if (!isCurrencyCode(code)) known = { problem: `unknown currency ${shown(key)} (not an ISO 4217 code)` };
      else if (rate === undefined) known = { problem: `no rate for currency ${shown(code)} in the currency table (base ${this.table.base})` };
      else known = { code, rate };
      if (this.currencies.size < 1000) this.currencies.set(detached(key), known);
    }
    return known;
  }

  private refuse(line: number, key: TransactionColumn, message: string): RecordError {
    return { record: String(line), field: this.map.columns[key] ?? key, message };
  }

  /** the record, or the error that refuses the row */
  read(fields: readonly string[], line: number): TransactionRecord | RecordError {
    if (fields.length !== this.header.length) {
      return { record: String(line), message: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${this.header.length}` };
    }
    const id = this.cell(fields, 'id');
    if (id === undefined) return this.refuse(line, 'id', 'empty id');
    const first = this.seen.lineOf(id);
    if (first >= 0) return this.refuse(line, 'id', `duplicate id: first seen on line ${first}`);

    const type = this.kind(this.cell(fields, 'type'));
    let from = this.cell(fields, 'from');
    let to = this.cell(fields, 'to');
    if (from === undefined) {
      if (type.kind !== 'cash_deposit') return this.refuse(line, 'from', 'empty from account');
      from = CASH_ACCOUNT;
    } else if (from.charCodeAt(0) === 0x40) {
      return this.refuse(line, 'from', 'an account reference cannot start with "@" (reserved for pseudo-accounts)');
    }
    if (to === undefined) {
      if (type.kind !== 'cash_withdrawal') return this.refuse(line, 'to', 'empty to account');
      to = CASH_ACCOUNT;
    } else if (to.charCodeAt(0) === 0x40) {
      return this.refuse(line, 'to', 'an account reference cannot start with "@" (reserved for pseudo-accounts)');
    }
    if (from === to) return this.refuse(line, 'to', 'from and to are the same account');

    const amount = parseAmount(this.cell(fields, 'amount') ?? '', this.map.decimalSeparator);
    if ('problem' in amount) return this.refuse(line, 'amount', amount.problem);
    const currency = this.currency(this.cell(fields, 'currency'), this.map.defaultCurrency ?? this.table.base);
    if ('problem' in currency) return this.refuse(line, 'currency', currency.problem);
    const when = parseTimestamp(this.cell(fields, 'timestamp') ?? '');
    if ('problem' in when) return this.refuse(line, 'timestamp', when.problem);

    const fromCountry = this.cell(fields, 'from_country');
    const fromCc = fromCountry === undefined ? undefined : countryCode(fromCountry);
    if (fromCountry !== undefined && fromCc === undefined) return this.refuse(line, 'from_country', `country ${shown(fromCountry)} is not an ISO 3166-1 alpha-2 code`);
    const toCountry = this.cell(fields, 'to_country');
    const toCc = toCountry === undefined ? undefined : countryCode(toCountry);
    if (toCountry !== undefined && toCc === undefined) return this.refuse(line, 'to_country', `country ${shown(toCountry)} is not an ISO 3166-1 alpha-2 code`);
    const mcc = this.cell(fields, 'merchant_category');
    if (mcc !== undefined && !/^\d{4}$/.test(mcc)) return this.refuse(line, 'merchant_category', `merchant category ${shown(mcc)} is not a 4-digit ISO 18245 code`);

    const received = this.cell(fields, 'amount_received');
    if (received !== undefined) {
      const problem = this.imbalance(fields, received, amount.amount * currency.rate, currency.code);
      if (problem !== undefined) return this.refuse(line, problem.key, problem.message);
    }

    if (this.seen.size >= MAX_TRANSACTIONS) {
      throw new AriadneError('PAYLOAD_TOO_LARGE', `A transactions file holds at most ${MAX_TRANSACTIONS} rows; split it by period.`, { details: { rows: `more than ${MAX_TRANSACTIONS}` } });
    }
    const txId = detached(id);
    this.seen.firstOrAdd(txId, line);
    if (when.time < this.latest) this.outOfOrder++;
    else this.latest = when.time;
    const tx: { -readonly [K in keyof TransactionRecord]: TransactionRecord[K] } = {
      id: txId, from: detached(from), to: detached(to), amount: amount.amount, amountText: detached(amount.text),
      currency: currency.code, timestamp: when.time, kind: type.kind,
    };
    if (type.raw !== undefined) tx.rawType = type.raw;
    const fromBank = this.intern(this.cell(fields, 'from_bank'));
    if (fromBank !== undefined) tx.fromBank = fromBank;
    const toBank = this.intern(this.cell(fields, 'to_bank'));
    if (toBank !== undefined) tx.toBank = toBank;
    if (fromCc !== undefined) tx.fromCountry = this.intern(fromCc);
    if (toCc !== undefined) tx.toCountry = this.intern(toCc);
    const location = this.intern(this.cell(fields, 'location'));
    if (location !== undefined) tx.location = location;
    if (mcc !== undefined) tx.merchantCategory = this.intern(mcc);
    const reference = this.cell(fields, 'reference');
    if (reference !== undefined) tx.reference = detached(reference);
    const beneficiary = this.cell(fields, 'beneficiary_name');
    if (beneficiary !== undefined) tx.beneficiaryName = detached(beneficiary);
    return tx;
  }

  /** when the amount received is given: the problem with it, or with paid and received converted to base differing by more than 5% */
  private imbalance(fields: readonly string[], received: string, paid: number, paidCurrency: string): { key: TransactionColumn; message: string } | undefined {
    const got = parseAmount(received, this.map.decimalSeparator);
    if ('problem' in got) return { key: 'amount_received', message: got.problem.replace(/^amount/, 'received amount') };
    const rc = this.currency(this.cell(fields, 'currency_received'), paidCurrency);
    if ('problem' in rc) return { key: this.c.currency_received >= 0 ? 'currency_received' : 'amount_received', message: rc.problem };
    const diff = Math.abs(paid - got.amount * rc.rate) / paid;
    if (diff <= BALANCE_TOLERANCE) return undefined;
    return { key: 'amount_received', message: `unbalanced: paid and received differ by ${Number((diff * 100).toFixed(diff < 0.1 ? 1 : 0))}%` };
  }
}

function isRecordError(value: TransactionRecord | RecordError): value is RecordError {
  return 'message' in value;
}

/**
 * Reads transactions from CSV text or bytes in batches. The first non-empty line is the header;
 * rows whose every field is empty (spreadsheet padding) are skipped.
 *
 * @throws AriadneError MALFORMED_INPUT for an empty input or an unreadable header line,
 *   VALIDATION_FAILED when the header lacks a mapped column or `batchSize` is not a positive integer
 */
export async function* readTransactionsCsv(input: CsvInput, options: TransactionCsvOptions): AsyncGenerator<TransactionBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new AriadneError('VALIDATION_FAILED', 'batchSize must be a positive integer.', { details: { batchSize: 'a positive integer' } });
  }
  const { map, currency } = options;
  const fallback = map.defaultCurrency ?? currency.base;
  if (map.columns.currency === undefined && !Object.hasOwn(currency.rates, fallback)) {
    // every row would be refused for the same reason: say it once
    throw new AriadneError('VALIDATION_FAILED', `The file has no currency column and the currency table has no rate for ${fallback}.`, { details: { default_currency: 'no rate in the currency table' } });
  }
  let rows: RowReader | null = null;
  let records: TransactionRecord[] = [];
  let errors: RecordError[] = [];
  let lines = 0;
  let reported = 0;
  for await (const chunk of readCsvRecords(input, { delimiter: map.delimiter })) {
    for (const row of chunk.records) {
      if (row.error !== undefined) {
        if (rows === null) throw new AriadneError('MALFORMED_INPUT', `The header line cannot be read: ${row.error.message}.`, { details: { line: row.error.record } });
        errors.push(row.error);
      } else if (rows === null) {
        rows = new RowReader(map, currency, row.fields.map((h) => h.trim()));
        continue;
      } else if (row.fields.every((f) => f === '')) {
        continue;
      } else {
        const read = rows.read(row.fields, row.line);
        if (isRecordError(read)) errors.push(read);
        else records.push(read);
      }
      if (records.length + errors.length >= batchSize) {
        yield { records, errors, lines: Math.max(lines, row.line), outOfOrder: rows.outOfOrder - reported };
        reported = rows.outOfOrder;
        records = [];
        errors = [];
      }
    }
    lines = chunk.lines;
  }
  if (rows === null) throw new AriadneError('MALFORMED_INPUT', 'The CSV is empty: it has no header line.', { details: { header: 'missing' } });
  if (records.length > 0 || errors.length > 0) yield { records, errors, lines, outOfOrder: rows.outOfOrder - reported };
}

/**
 * Reads a whole transactions CSV file into memory (about 400 bytes a record: a scan of millions
 * of rows should stream `readTransactionsCsv` batches into the graph instead).
 *
 * @throws AriadneError NOT_FOUND for a missing file, MALFORMED_INPUT for an unreadable one, and
 *   the errors of `readTransactionsCsv`
 */
export async function readTransactionsCsvFile(
  path: string, options: TransactionCsvOptions,
): Promise<ReadResult<TransactionRecord> & { outOfOrder: number; lines: number }> {
  const records: TransactionRecord[] = [];
  const errors: RecordError[] = [];
  let outOfOrder = 0;
  let lines = 0;
  for await (const batch of readTransactionsCsv(csvFileChunks(path, 'transactions file'), options)) {
    for (const r of batch.records) records.push(r);
    for (const e of batch.errors) errors.push(e);
    outOfOrder += batch.outOfOrder;
    lines = batch.lines;
  }
  return { records, errors, outOfOrder, lines };
}
