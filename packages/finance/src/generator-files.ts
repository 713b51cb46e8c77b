/**
 * Writes generated data as the files `ariadne finance scan` and the benchmark read:
 *
 * - `transactions.csv`: IBM AMLworld's columns and ours (see GENERATED_TRANSACTION_COLUMNS), timestamps ISO
 *   8601 in UTC with `Z`, amounts as the decimal text, `type` the normalised kind, the cash side of
 *   a deposit or withdrawal left empty (the reader turns it back into `@cash`)
 * - `map.json`: the column map for `--map` (field -> header), here the identity
 * - `accounts.csv` and `accounts-map.json`: KYC (GENERATED_ACCOUNT_COLUMNS)
 * - `patterns.jsonl`: one planted pattern (the labels) per line
 * - `currency.json`: `{ base, rates, asOf }`; `context.json`: threshold, home and conflict countries
 *
 * Streamed in chunks of about a megabyte, so five million rows never sit in memory as one string.
 * Each file is written as `NAME.part` and renamed only when every file is complete: a failure
 * (a full disk, a stream that throws) leaves no half-written file under the final names.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CASH_ACCOUNT, type AccountRecord, type TransactionRecord } from './types.ts';
import type { GeneratedData, GeneratedStream } from './generator.ts';

export const GENERATED_TRANSACTION_COLUMNS = [
  'id', 'timestamp', 'from', 'to', 'amount', 'currency', 'type', 'from_bank', 'to_bank', 'from_country', 'to_country', 'location',
  'merchant_category', 'beneficiary_name',
] as const;

/** KYC columns; `holder_name` (synthetic: `Test Person 17`) lets a check compare payroll beneficiary names with the holder */
export const GENERATED_ACCOUNT_COLUMNS = ['id', 'customer_id', 'holder_name', 'kind', 'business_type', 'bank', 'country', 'city'] as const;

export const GENERATED_FILES = ['transactions.csv', 'map.json', 'accounts.csv', 'accounts-map.json', 'patterns.jsonl', 'currency.json', 'context.json'] as const;

export interface WrittenFiles {
  readonly dir: string;
  readonly files: readonly string[];
  readonly transactions: number;
  readonly accounts: number;
  readonly patterns: number;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled */
export function csvField(value: string | undefined): string {
  if (value === undefined) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** ISO 8601 in UTC with `Z`, milliseconds only when there are some */
export function isoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** the cash side of a deposit or withdrawal is an empty cell, as the CSV reader expects (ids starting with `@` are refused there) */
function party(ref: string): string {
  return ref === CASH_ACCOUNT ? '' : csvField(ref);
}

function transactionRow(tx: TransactionRecord): string {
  return [
    csvField(tx.id), isoTime(tx.timestamp), party(tx.from), party(tx.to), tx.amountText, tx.currency, tx.kind,
    csvField(tx.fromBank), csvField(tx.toBank), csvField(tx.fromCountry), csvField(tx.toCountry), csvField(tx.location),
    csvField(tx.merchantCategory), csvField(tx.beneficiaryName),
  ].join(',');
}

function accountRow(a: AccountRecord): string {
  return [a.id, a.customerId, a.holderName, a.kind, a.businessType, a.bank, a.country, a.city].map(csvField).join(',');
}

/** a file written in chunks to `path.part` */
class ChunkedFile {
  private chunk: string[] = [];
  private size = 0;
  private constructor(readonly part: string, private readonly handle: FileHandle) {}

  static async create(path: string): Promise<ChunkedFile> {
    const part = `${path}.part`;
    return new ChunkedFile(part, await open(part, 'w'));
  }

  /** buffers a line; true when the buffer is full and the caller should `flush` */
  push(text: string): boolean {
    this.chunk.push(text);
    this.size += text.length + 1;
    return this.size >= 1 << 20;
  }

  async line(text: string): Promise<void> {
    if (this.push(text)) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const text = `${this.chunk.join('\n')}\n`;
    this.chunk = [];
    this.size = 0;
    await this.handle.write(text);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.part, { force: true });
  }
}

const identityMap = (columns: readonly string[]) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, c])), null, 2)}\n`;

/** Writes the generated data into `dir` (created if missing); the transactions are iterated once. */
export async function writeGeneratedFiles(data: GeneratedStream | GeneratedData, dir: string): Promise<WrittenFiles> {
  await mkdir(dir, { recursive: true });
  const files = new Map<string, ChunkedFile>();
  let transactions = 0;
  try {
    for (const name of GENERATED_FILES) files.set(name, await ChunkedFile.create(join(dir, name)));
    const file = (name: (typeof GENERATED_FILES)[number]) => files.get(name)!;
    await file('transactions.csv').line(GENERATED_TRANSACTION_COLUMNS.join(','));
    const csv = file('transactions.csv');
    for (const tx of data.transactions) {
      // awaiting only when a chunk is full keeps five million rows from costing five million awaits
      if (csv.push(transactionRow(tx))) await csv.flush();
      transactions++;
    }
    await file('map.json').line(identityMap(GENERATED_TRANSACTION_COLUMNS).trimEnd());
    await file('accounts.csv').line(GENERATED_ACCOUNT_COLUMNS.join(','));
    for (const account of data.accounts) await file('accounts.csv').line(accountRow(account));
    await file('accounts-map.json').line(identityMap(GENERATED_ACCOUNT_COLUMNS).trimEnd());
    for (const pattern of data.patterns) await file('patterns.jsonl').line(JSON.stringify(pattern));
    await file('currency.json').line(JSON.stringify(data.currency, null, 2));
    await file('context.json').line(JSON.stringify(data.context, null, 2));
    for (const f of files.values()) await f.close();
  } catch (error) {
    for (const f of files.values()) await f.abandon();
    throw error;
  }
  for (const name of GENERATED_FILES) await rename(join(dir, `${name}.part`), join(dir, name));
  return { dir, files: GENERATED_FILES.map((name) => join(dir, name)), transactions, accounts: data.accounts.length, patterns: data.patterns.length };
}
