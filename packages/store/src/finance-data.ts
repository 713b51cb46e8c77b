/**
 * Transaction data sets of a case: the import (one database transaction: the data set, its
 * transactions, its accounts' KYC and its record errors, and the journal entry), the streaming
 * append, and the reads the detectors and reports need.
 *
 * Transactions are inserted in multi-row statements (one `unnest` of column arrays per chunk) with
 * `on conflict do nothing`: a reference the case already holds is not stored again and comes back
 * as a duplicate, so data sets that overlap (two statements of one account, a re-sent stream
 * batch) do not count a payment twice. 100,000 transactions import in about 4.7 s of CPU on
 * PGlite (2.7 s on a PostgreSQL 15 server), most of it the upkeep of the two B-tree indexes.
 *
 * The records are expected as `@ariadne/finance`'s readers give them (checked and normalised);
 * the checks here guard the database against a bug or a hostile API client and refuse the call,
 * naming the record by position, never by its content.
 */
import { AriadneError } from '@ariadne/schema';
import { ACCOUNT_KINDS, TX_KINDS, type AccountRecord, type RecordError, type TransactionRecord } from '@ariadne/finance/types';
import { sql, type Insertable, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { FinanceAccountsTable, FinanceDatasetsTable, FinanceTransactionsTable } from './database-finance.ts';
import type { Actor } from './types.ts';
import type { FinanceDataset, FinanceImportInput, FinanceImportResult, TransactionQuery } from './finance-types.ts';
import { storableText } from './list-delta.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';

/** the first key of the two-key advisory lock that serialises a case's imports (the second is the case id's hash) */
const FINANCE_LOCK = 2333;
/** rows per insert: one statement of 19 arrays, few round trips, bounded memory per statement */
const INSERT_BATCH = 1000;
/** at most this many per-record errors are kept per data set (its `errors` count keeps them all) */
export const MAX_STORED_ERRORS = 1000;
export const DEFAULT_TX_BATCH = 10_000;
/** an import storing at least this many transactions refreshes the table's statistics */
const ANALYZE_AFTER = 10_000;
const MAX_TX_BATCH = 100_000;
const MAX_REFERENCE = 200;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** C0 and C1 control characters and DEL: line breaks, tabs, terminal escapes */
export const CONTROL = /\p{Cc}/u;
const CONTROLS = /\p{Cc}+/gu;
/** timestamptz takes these, and ISO 8601 writes them with four-digit years */
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const DUPLICATE_MESSAGE = 'the case already holds a transaction with this id';
const REPEAT_MESSAGE = 'the input holds this transaction id more than once';

// ---------------------------------------------------------------- input checks shared by the finance modules

export function invalid(field: string, problem: string, message = 'The finance data is not valid.'): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details: { [field]: problem } });
}

/** an id or account reference: printed in reports and errors, so no control characters, kept exactly as given */
export function checkReference(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_REFERENCE || CONTROL.test(value) || storableText(value) !== value) {
    throw invalid(field, `${what} is empty, longer than ${MAX_REFERENCE} characters or holds control characters`);
  }
  return value;
}

/** free text as stored: no NUL or lone surrogate, one line, at most `max` characters; '' and absent are null */
export function optionalText(value: unknown, field: string, what: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, `${what} is not text`);
  const text = storableText(value).replace(CONTROLS, ' ').trim().slice(0, max);
  return text === '' ? null : text;
}

/** a code matching `pattern` (a country, a currency…), or null when absent */
function optionalCode(value: unknown, field: string, what: string, pattern: RegExp): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(field, `${what} is not a valid code`);
  return value;
}

export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) throw invalid(field, 'invalid', `The ${field} must be 1–100 letters, digits, ".", "_" or "-".`);
  return value;
}

export function checkList(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(field, 'not a list');
  return value;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------- transactions

type TxRow = Omit<Insertable<FinanceTransactionsTable>, 'case_id' | 'dataset_id' | 'ts'> & { ts: string };

/** the stored columns after `case_id, dataset_id`, with their SQL types for `unnest` */
const TX_COLUMNS: readonly (readonly [keyof TxRow, string])[] = [
  ['id', 'text'], ['from_account', 'text'], ['to_account', 'text'], ['amount_text', 'text'], ['amount', 'float8'], ['currency', 'text'],
  ['ts', 'timestamptz'], ['kind', 'text'], ['raw_type', 'text'], ['from_bank', 'text'], ['to_bank', 'text'], ['from_country', 'text'],
  ['to_country', 'text'], ['location', 'text'], ['merchant_category', 'text'], ['reference', 'text'], ['beneficiary_name', 'text'],
];
const TX_KIND_SET: ReadonlySet<string> = new Set(TX_KINDS);
const COUNTRY = /^[A-Z]{2}$/;

function checkTransaction(raw: TransactionRecord, index: number): TxRow {
  const field = 'transactions';
  const at = `record ${index + 1}`;
  if (raw === null || typeof raw !== 'object') throw invalid(field, `${at} is not a transaction`);
  const amount = raw.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) throw invalid(field, `${at}: the amount is not a positive number`);
  const amountText = raw.amountText;
  if (typeof amountText !== 'string' || amountText.length > 40 || !/[0-9]/.test(amountText) || CONTROL.test(amountText) || storableText(amountText) !== amountText) {
    throw invalid(field, `${at}: the amount text is not a number of at most 40 characters`);
  }
  if (typeof raw.currency !== 'string' || !/^[A-Z]{3}$/.test(raw.currency)) throw invalid(field, `${at}: the currency is not an ISO 4217 code`);
  const ts = raw.timestamp;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < EARLIEST || ts > LATEST) throw invalid(field, `${at}: the time is not a date between the years 1000 and 9999`);
  if (typeof raw.kind !== 'string' || !TX_KIND_SET.has(raw.kind)) throw invalid(field, `${at}: the kind is not one of ${TX_KINDS.join(', ')}`);
  return {
    id: checkReference(raw.id, field, `${at}: the id`),
    from_account: checkReference(raw.from, field, `${at}: the sending account`),
    to_account: checkReference(raw.to, field, `${at}: the receiving account`),
    amount_text: amountText,
    amount,
    currency: raw.currency,
    // epoch milliseconds, as timestamptz keeps them (microseconds) and reads them back
    ts: new Date(Math.round(ts)).toISOString(),
    kind: raw.kind,
    raw_type: optionalText(raw.rawType, field, `${at}: the type`, 100),
    from_bank: optionalText(raw.fromBank, field, `${at}: the sending bank`, 100),
    to_bank: optionalText(raw.toBank, field, `${at}: the receiving bank`, 100),
    from_country: optionalCode(raw.fromCountry, field, `${at}: the sending country`, COUNTRY),
    to_country: optionalCode(raw.toCountry, field, `${at}: the receiving country`, COUNTRY),
    location: optionalText(raw.location, field, `${at}: the location`, 200),
    merchant_category: optionalCode(raw.merchantCategory, field, `${at}: the merchant category`, /^[0-9]{4}$/),
    reference: optionalText(raw.reference, field, `${at}: the reference`, 1000),
    beneficiary_name: optionalText(raw.beneficiaryName, field, `${at}: the beneficiary name`, 500),
  };
}

interface PreparedTransactions {
  /** one row per distinct id, in input order */
  readonly rows: readonly TxRow[];
  /** input positions of the rows (to put duplicates back in input order) */
  readonly positions: readonly number[];
  /** ids the input names again after their first record, with their positions */
  readonly repeats: readonly { readonly id: string; readonly position: number }[];
}

export function prepareTransactions(records: unknown): PreparedTransactions {
  const list = checkList(records, 'transactions') as readonly TransactionRecord[];
  const rows: TxRow[] = [];
  const positions: number[] = [];
  const repeats: { id: string; position: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i += 1) {
    const row = checkTransaction(list[i]!, i);
    if (seen.has(row.id)) {
      repeats.push({ id: row.id, position: i });
      continue;
    }
    seen.add(row.id);
    rows.push(row);
    positions.push(i);
  }
  return { rows, positions, repeats };
}

/**
 * Inserts the rows in chunks; answers the duplicates (the case's own ids and the input's repeats)
 * as record errors in input order.
 */
async function insertTransactions(tx: Transaction<Database>, caseId: string, datasetId: string, prepared: PreparedTransactions): Promise<RecordError[]> {
  const refused: { id: string; position: number; message: string }[] = prepared.repeats.map((r) => ({ ...r, message: REPEAT_MESSAGE }));
  for (let start = 0; start < prepared.rows.length; start += INSERT_BATCH) {
    const batch = prepared.rows.slice(start, start + INSERT_BATCH);
    const arrays = TX_COLUMNS.map(([column, type]) => sql`${batch.map((r) => r[column] ?? null)}::${sql.raw(type)}[]`);
    const { rows } = await sql<{ id: string }>`
      insert into finance_transactions (case_id, dataset_id, ${sql.join(TX_COLUMNS.map(([c]) => sql.ref(c)))})
      select ${caseId}, ${datasetId}, t.* from unnest(${sql.join(arrays)}) as t(${sql.join(TX_COLUMNS.map(([c]) => sql.ref(c)))})
      on conflict (case_id, id) do nothing
      returning id`.execute(tx);
    if (rows.length === batch.length) continue;
    const stored = new Set(rows.map((r) => r.id));
    batch.forEach((row, i) => {
      if (!stored.has(row.id)) refused.push({ id: row.id, position: prepared.positions[start + i]!, message: DUPLICATE_MESSAGE });
    });
  }
  return refused.sort((a, b) => a.position - b.position).map((r) => ({ record: r.id, message: r.message }));
}

export function toTransaction(row: Selectable<FinanceTransactionsTable>): TransactionRecord {
  const tx: { -readonly [K in keyof TransactionRecord]: TransactionRecord[K] } = {
    id: row.id, from: row.from_account, to: row.to_account, amount: row.amount, amountText: row.amount_text, currency: row.currency,
    timestamp: row.ts.getTime(), kind: row.kind as TransactionRecord['kind'],
  };
  if (row.raw_type !== null) tx.rawType = row.raw_type;
  if (row.from_bank !== null) tx.fromBank = row.from_bank;
  if (row.to_bank !== null) tx.toBank = row.to_bank;
  if (row.from_country !== null) tx.fromCountry = row.from_country;
  if (row.to_country !== null) tx.toCountry = row.to_country;
  if (row.location !== null) tx.location = row.location;
  if (row.merchant_category !== null) tx.merchantCategory = row.merchant_category;
  if (row.reference !== null) tx.reference = row.reference;
  if (row.beneficiary_name !== null) tx.beneficiaryName = row.beneficiary_name;
  return tx;
}

/** a case's time order, the same on every backend: time, then id byte-wise */
export const TIME_ORDER = sql`ts, id collate "C"`;

// ---------------------------------------------------------------- accounts

type AccountRow = Omit<Insertable<FinanceAccountsTable>, 'case_id' | 'updated_at'>;
const ACCOUNT_COLUMNS: readonly (keyof AccountRow)[] = ['id', 'customer_id', 'holder_id', 'holder_name', 'kind', 'business_type', 'bank', 'country', 'city'];
const ACCOUNT_KIND_SET: ReadonlySet<string> = new Set(ACCOUNT_KINDS);

function checkAccount(raw: AccountRecord, index: number): AccountRow {
  const field = 'accounts';
  const at = `record ${index + 1}`;
  if (raw === null || typeof raw !== 'object') throw invalid(field, `${at} is not an account`);
  if (raw.kind !== undefined && raw.kind !== null && !ACCOUNT_KIND_SET.has(raw.kind)) throw invalid(field, `${at}: the kind is not one of ${ACCOUNT_KINDS.join(', ')}`);
  return {
    id: checkReference(raw.id, field, `${at}: the id`),
    customer_id: raw.customerId === undefined || raw.customerId === null ? null : checkReference(raw.customerId, field, `${at}: the customer id`),
    holder_id: raw.holderId === undefined || raw.holderId === null ? null : checkReference(raw.holderId, field, `${at}: the holder id`),
    holder_name: optionalText(raw.holderName, field, `${at}: the holder name`, 500),
    kind: raw.kind ?? null,
    business_type: optionalText(raw.businessType, field, `${at}: the business type`, 200),
    bank: optionalText(raw.bank, field, `${at}: the bank`, 100),
    country: optionalCode(raw.country, field, `${at}: the country`, COUNTRY),
    city: optionalText(raw.city, field, `${at}: the city`, 200),
  };
}

/** an account's later record wins field by field; an absent field (or kind `unknown`) does not erase a known one */
function mergeAccount(older: AccountRow, newer: AccountRow): AccountRow {
  const merged: AccountRow = { ...older };
  for (const column of ACCOUNT_COLUMNS) {
    const value = newer[column];
    if (value === null || value === undefined || (column === 'kind' && value === 'unknown' && older.kind)) continue;
    merged[column] = value;
  }
  return merged;
}

export function prepareAccounts(records: unknown): AccountRow[] {
  const list = checkList(records, 'accounts') as readonly AccountRecord[];
  const byId = new Map<string, AccountRow>();
  list.forEach((raw, i) => {
    const row = checkAccount(raw, i);
    const known = byId.get(row.id);
    byId.set(row.id, known ? mergeAccount(known, row) : row);
  });
  return [...byId.values()];
}

/** the same rule as mergeAccount, in SQL, against what the case already knows */
async function upsertAccounts(tx: Transaction<Database>, caseId: string, rows: readonly AccountRow[], at: Date): Promise<void> {
  const keep = (column: string) => sql`${sql.ref(column)} = coalesce(excluded.${sql.ref(column)}, finance_accounts.${sql.ref(column)})`;
  for (const batch of chunks(rows, INSERT_BATCH)) {
    const arrays = ACCOUNT_COLUMNS.map((column) => sql`${batch.map((r) => r[column] ?? null)}::text[]`);
    await sql`
      insert into finance_accounts (case_id, ${sql.join(ACCOUNT_COLUMNS.map((c) => sql.ref(c)))}, updated_at)
      select ${caseId}, t.*, ${at}::timestamptz from unnest(${sql.join(arrays)}) as t(${sql.join(ACCOUNT_COLUMNS.map((c) => sql.ref(c)))})
      on conflict (case_id, id) do update set
        ${sql.join(ACCOUNT_COLUMNS.filter((c) => c !== 'id' && c !== 'kind').map(keep))},
        kind = case when excluded.kind is null or (excluded.kind = 'unknown' and finance_accounts.kind is not null) then finance_accounts.kind else excluded.kind end,
        updated_at = excluded.updated_at`.execute(tx);
  }
}

export function toAccount(row: Selectable<FinanceAccountsTable>): AccountRecord {
  const account: { -readonly [K in keyof AccountRecord]: AccountRecord[K] } = { id: row.id };
  if (row.customer_id !== null) account.customerId = row.customer_id;
  if (row.holder_id !== null) account.holderId = row.holder_id;
  if (row.holder_name !== null) account.holderName = row.holder_name;
  if (row.kind !== null) account.kind = row.kind as AccountRecord['kind'];
  if (row.business_type !== null) account.businessType = row.business_type;
  if (row.bank !== null) account.bank = row.bank;
  if (row.country !== null) account.country = row.country;
  if (row.city !== null) account.city = row.city;
  return account;
}

// ---------------------------------------------------------------- data sets and their errors

export function toDataset(row: Selectable<FinanceDatasetsTable>): FinanceDataset {
  return {
    id: row.id, caseId: row.case_id, source: row.source, format: row.format, sha256: row.sha256, importedAt: row.imported_at,
    importedBy: row.imported_by, transactions: row.transactions, accounts: row.accounts, errors: row.errors,
  };
}

/** a reader's errors as stored: one line each, bounded */
function cleanErrors(errors: unknown): RecordError[] {
  return (checkList(errors, 'errors') as readonly RecordError[]).slice(0, MAX_STORED_ERRORS).map((e) => {
    const error: { -readonly [K in keyof RecordError]: RecordError[K] } = {
      record: optionalText(String(e?.record ?? ''), 'errors', 'the record', 200) ?? '',
      message: optionalText(String(e?.message ?? ''), 'errors', 'the message', 1000) ?? 'refused',
    };
    const field = e?.field === undefined || e.field === null ? null : optionalText(String(e.field), 'errors', 'the field', 100);
    if (field !== null) error.field = field;
    return error;
  });
}

/** appends errors after the `stored` ones the data set already keeps, up to MAX_STORED_ERRORS */
async function storeErrors(tx: Transaction<Database>, datasetId: string, stored: number, errors: readonly RecordError[]): Promise<void> {
  const room = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - stored));
  for (const [n, batch] of chunks(room, INSERT_BATCH).entries()) {
    await tx.insertInto('finance_dataset_errors').values(batch.map((e, i) => ({
      dataset_id: datasetId, ordinal: stored + n * INSERT_BATCH + i, record: e.record, field: e.field ?? null, message: e.message,
    }))).execute();
  }
}

/** a URL stays as given; a local path keeps only its file name, so no directory layout is stored */
function sourceName(source: unknown): string {
  if (typeof source !== 'string' || source.trim() === '') throw invalid('source', 'required', 'Name the file the transactions came from.');
  const clean = storableText(source.trim()).replace(CONTROLS, ' ');
  const name = /^https?:\/\//i.test(clean) ? clean : clean.split(/[\\/]/).filter(Boolean).at(-1) ?? clean;
  if (name.length > 500) throw invalid('source', 'too long', 'The source is longer than 500 characters.');
  return name;
}

function checkImport(input: FinanceImportInput) {
  if (input === null || typeof input !== 'object') throw invalid('input', 'required');
  const caseId = checkReference(input.caseId, 'caseId', 'the case id');
  const format = checkName(input.format, 'format');
  const stream = format === 'stream';
  if (stream ? input.sha256 !== '' : typeof input.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(input.sha256)) {
    throw invalid('sha256', stream ? 'a stream has no file hash' : 'invalid', stream ? 'A stream data set has no file hash (\'\').' : 'The file hash is not a SHA-256 (hex, lower case).');
  }
  const errorCount = checkList(input.errors, 'errors').length;
  return {
    caseId, format, source: sourceName(input.source), sha256: input.sha256,
    transactions: prepareTransactions(input.transactions), accounts: prepareAccounts(input.accounts), errors: cleanErrors(input.errors), errorCount,
  };
}

function checkBatchSize(batchSize: number | undefined): number {
  const size = batchSize ?? DEFAULT_TX_BATCH;
  if (!Number.isInteger(size) || size < 1 || size > MAX_TX_BATCH) throw invalid('batchSize', String(size), `The batch size must be a whole number from 1 to ${MAX_TX_BATCH.toLocaleString('en')}.`);
  return size;
}

function checkDate(value: Date | undefined, field: string): Date | null {
  if (value === undefined) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(field, 'not a date');
  return value;
}

/** the ids, checked, without repeats */
export function checkIds(ids: unknown, field: string, what: string): string[] {
  return [...new Set(checkList(ids, field).map((id) => checkReference(id, field, what)))];
}

// ---------------------------------------------------------------- the store

export function financeDataStore(ctx: StoreContext) {
  async function requireCase(tx: Transaction<Database>, caseId: string): Promise<void> {
    if (!(await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such case.', { details: { caseId: 'not found' } });
  }

  /**
   * Without statistics on a case's new rows the planner expects a handful and reads a page by
   * sorting the whole case (a bitmap scan, then an external sort: 1.1 s a page on 100,000 rows
   * on PGlite) instead of walking the time index (25 ms). PGlite has no autovacuum, and a
   * server's does not analyse a large table for one case's import, so a large import asks for
   * it. After the commit: the import stands whatever happens here.
   */
  async function refreshStatistics(): Promise<void> {
    await sql`analyze finance_transactions`.execute(ctx.db).catch(() => undefined);
  }

  async function getFinanceDataset(id: string): Promise<FinanceDataset | null> {
    const row = await ctx.db.selectFrom('finance_datasets').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDataset(row) : null;
  }

  return {
    async importFinanceData(actor: Actor, input: FinanceImportInput): Promise<FinanceImportResult> {
      // everything that can be refused is refused before the transaction: nothing to undo
      const clean = checkImport(input);
      const at = ctx.now();
      const { result, stored } = await ctx.db.transaction().execute(async (tx): Promise<{ result: FinanceImportResult; stored: number }> => {
        // a case's imports one at a time: the same file sent twice at once is imported once
        await sql`select pg_advisory_xact_lock(${FINANCE_LOCK}, hashtext(${clean.caseId}))`.execute(tx);
        await requireCase(tx, clean.caseId);
        if (clean.sha256 !== '') {
          const same = await tx.selectFrom('finance_datasets').selectAll().where('case_id', '=', clean.caseId).where('sha256', '=', clean.sha256).executeTakeFirst();
          if (same) return { result: { dataset: toDataset(same), duplicates: [] }, stored: 0 };
        }
        const id = `fd_${ctx.newId()}`;
        await tx.insertInto('finance_datasets').values({
          id, case_id: clean.caseId, source: clean.source, format: clean.format, sha256: clean.sha256, imported_at: at, imported_by: actorName(actor),
        }).execute();
        const duplicates = await insertTransactions(tx, clean.caseId, id, clean.transactions);
        await upsertAccounts(tx, clean.caseId, clean.accounts, at);
        await storeErrors(tx, id, 0, [...clean.errors, ...duplicates]);
        const counts = {
          transactions: clean.transactions.rows.length + clean.transactions.repeats.length - duplicates.length,
          accounts: clean.accounts.length,
          errors: clean.errorCount + duplicates.length,
        };
        const row = await tx.updateTable('finance_datasets').set(counts).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'finance.import', caseId: clean.caseId, importId: id,
          contentHash: contentHash({ dataset: id, format: clean.format, sha256: clean.sha256, counts: { ...counts, duplicates: duplicates.length } }),
        }]);
        return { result: { dataset: toDataset(row), duplicates }, stored: counts.transactions };
      });
      if (stored >= ANALYZE_AFTER) await refreshStatistics();
      return result;
    },

    async appendTransactions(actor: Actor, datasetId: string, transactions: readonly TransactionRecord[]): Promise<{ readonly stored: number; readonly duplicates: readonly RecordError[] }> {
      const prepared = prepareTransactions(transactions);
      if (prepared.rows.length === 0) return { stored: 0, duplicates: [] };
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const dataset = await tx.selectFrom('finance_datasets').select(['id', 'case_id', 'format', 'errors']).where('id', '=', datasetId).forUpdate().executeTakeFirst();
        if (!dataset) throw new AriadneError('NOT_FOUND', 'No such data set.');
        if (dataset.format !== 'stream') throw new AriadneError('CONFLICT', 'Only a stream data set takes transactions one by one; import a file as a data set of its own.', { details: { datasetId: 'not a stream' } });
        const duplicates = await insertTransactions(tx, dataset.case_id, datasetId, prepared);
        const stored = prepared.rows.length + prepared.repeats.length - duplicates.length;
        // the data set's errors so far are min(errors, MAX) rows: the count is locked with the row
        await storeErrors(tx, datasetId, Math.min(dataset.errors, MAX_STORED_ERRORS), duplicates);
        await tx.updateTable('finance_datasets')
          .set((eb) => ({ transactions: eb('transactions', '+', stored), errors: eb('errors', '+', duplicates.length) }))
          .where('id', '=', datasetId).execute();
        await appendJournalEntries(tx, actor, at, [{
          action: 'finance.append', caseId: dataset.case_id, importId: datasetId,
          contentHash: contentHash({ dataset: datasetId, stored, duplicates: duplicates.length, transactions: contentHash(prepared.rows) }),
        }]);
        return { stored, duplicates };
      });
    },

    /** newest first */
    async listFinanceDatasets(caseIds: readonly string[]): Promise<readonly FinanceDataset[]> {
      if (caseIds.length === 0) return [];
      const rows = await ctx.db.selectFrom('finance_datasets').selectAll().where('case_id', 'in', [...caseIds])
        .orderBy('imported_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toDataset);
    },

    getFinanceDataset,

    async financeDatasetErrors(id: string): Promise<readonly RecordError[]> {
      if (!(await getFinanceDataset(id))) throw new AriadneError('NOT_FOUND', 'No such data set.');
      const rows = await ctx.db.selectFrom('finance_dataset_errors').select(['record', 'field', 'message']).where('dataset_id', '=', id).orderBy('ordinal').execute();
      return rows.map((r) => (r.field === null ? { record: r.record, message: r.message } : { record: r.record, field: r.field, message: r.message }));
    },

    /**
     * Keyset pages on (time, id): each page is a short query, so a consumer may write to the store
     * between batches (on PGlite there is one connection). `since` and `until` are inclusive.
     */
    readTransactions(query: TransactionQuery): AsyncIterable<TransactionRecord[]> {
      const caseId = checkReference(query?.caseId, 'caseId', 'the case id');
      const batchSize = checkBatchSize(query.batchSize);
      const datasetIds = query.datasetIds === undefined ? null : checkIds(query.datasetIds, 'datasetIds', 'a data set id');
      const since = checkDate(query.since, 'since');
      const until = checkDate(query.until, 'until');
      return (async function* () {
        if (datasetIds?.length === 0) return;
        let after: { ts: Date; id: string } | null = null;
        for (;;) {
          let select = ctx.db.selectFrom('finance_transactions').selectAll().where('case_id', '=', caseId);
          if (datasetIds) select = select.where('dataset_id', 'in', datasetIds);
          if (since) select = select.where('ts', '>=', since);
          if (until) select = select.where('ts', '<=', until);
          if (after) select = select.where(sql<SqlBool>`(ts, id collate "C") > (${after.ts}::timestamptz, ${after.id})`);
          const rows = await select.orderBy(TIME_ORDER).limit(batchSize).execute();
          if (rows.length > 0) yield rows.map(toTransaction);
          if (rows.length < batchSize) return;
          const last = rows.at(-1)!;
          after = { ts: last.ts, id: last.id };
        }
      })();
    },

    /** in time order; ids the case does not hold are left out */
    async getTransactions(caseId: string, ids: readonly string[]): Promise<readonly TransactionRecord[]> {
      const wanted = checkIds(ids, 'ids', 'a transaction id');
      if (wanted.length === 0) return [];
      // one array parameter, however many ids: the order is the database's, as readTransactions'
      const rows = await ctx.db.selectFrom('finance_transactions').selectAll().where('case_id', '=', caseId)
        .where(sql<SqlBool>`id = any(${wanted}::text[])`).orderBy(TIME_ORDER).execute();
      return rows.map(toTransaction);
    },

    /** by account id */
    async readAccounts(caseId: string): Promise<readonly AccountRecord[]> {
      const rows = await ctx.db.selectFrom('finance_accounts').selectAll().where('case_id', '=', caseId).orderBy(sql`id collate "C"`).execute();
      return rows.map(toAccount);
    },

    async getAccounts(caseId: string, ids: readonly string[]): Promise<readonly AccountRecord[]> {
      const wanted = checkIds(ids, 'ids', 'an account id');
      if (wanted.length === 0) return [];
      const rows = await ctx.db.selectFrom('finance_accounts').selectAll().where('case_id', '=', caseId)
        .where(sql<SqlBool>`id = any(${wanted}::text[])`).orderBy(sql`id collate "C"`).execute();
      return rows.map(toAccount);
    },

    async setAccountHolder(actor: Actor, caseId: string, accountId: string, holderId: string | null): Promise<AccountRecord> {
      if (holderId !== null) checkReference(holderId, 'holderId', 'the holder id');
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const account = await tx.selectFrom('finance_accounts').selectAll().where('case_id', '=', caseId).where('id', '=', accountId).forUpdate().executeTakeFirst();
        if (!account) throw new AriadneError('NOT_FOUND', 'The case holds no such account.');
        if (account.holder_id === holderId) return toAccount(account);
        if (holderId !== null) {
          const entity = await tx.selectFrom('entities').select(['case_id', 'schema', 'merged_into', 'deleted_at']).where('id', '=', holderId).executeTakeFirst();
          if (!entity || entity.deleted_at !== null) throw new AriadneError('NOT_FOUND', 'No such entity.', { details: { holderId: 'not found' } });
          if (entity.case_id !== caseId) throw invalid('holderId', 'not an entity of the case', 'The holder is an entity of another case.');
          if (entity.merged_into !== null) throw invalid('holderId', 'merged', 'The entity was merged into another: name that one.');
          if (!ctx.model.isA(entity.schema, 'LegalEntity')) throw invalid('holderId', 'not a person or organization', 'An account holder is a person or an organization.');
        }
        const row = await tx.updateTable('finance_accounts').set({ holder_id: holderId, updated_at: at })
          .where('case_id', '=', caseId).where('id', '=', accountId).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'finance.account.update', caseId, entityId: holderId ?? account.holder_id,
          contentHash: contentHash({ account: accountId, holder: holderId }),
        }]);
        return toAccount(row);
      });
    },
  };
}
