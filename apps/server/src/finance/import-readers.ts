/**
 * Reads an imported file with the finance package's readers: CSV through its column map, ISO
 * 20022 (camt.053, pacs.008, pain.001) or FtM entities as JSON lines. Whatever the format, the
 * answer is the transactions, the accounts' KYC the file carries, and one error per refused
 * record; a record the store could not keep (an over-long reference…) is refused here too, so
 * one bad row never sinks the whole import.
 */
import { createReadStream } from 'node:fs';
import {
  csvFileChunks, paymentsFromFtm, readAccountsCsv, readIso20022, readTransactionsCsv,
  type AccountMap, type AccountRecord, type ColumnMap, type CurrencyTable, type ReadResult, type RecordError, type TransactionRecord,
} from '@ariadne/finance';
import { readFtmJsonLines, splitLines, type AriadneModel, type EntityData } from '@ariadne/schema';
import { MAX_REFERENCE_CHARS, storableProblem } from './transaction-records.ts';

export const IMPORT_FORMATS = ['csv', 'iso20022', 'ftm'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** the content types each format is sent as */
export const IMPORT_CONTENT_TYPES: Readonly<Record<ImportFormat, readonly string[]>> = {
  csv: ['text/csv'],
  iso20022: ['application/xml', 'text/xml'],
  ftm: ['application/x-ndjson'],
};

export interface ImportRead {
  /** the data set's format as stored: `csv`, `camt.053`, `pacs.008`, `pain.001` or `ftm` */
  readonly format: string;
  readonly transactions: TransactionRecord[];
  readonly accounts: AccountRecord[];
  readonly errors: RecordError[];
}

export interface ImportReadOptions {
  readonly currency: CurrencyTable;
  /** the column map of a CSV file */
  readonly map?: ColumnMap;
  /** loads the schema model for FtM files (only those need it) */
  readonly model: () => AriadneModel;
}

/** a refused record named by its id, cut short and without control characters */
function recordName(tx: TransactionRecord): string {
  return tx.id.replace(/\p{Cc}/gu, ' ').slice(0, 40);
}

/** keeps the records the store can hold; the others become errors */
function storable(records: readonly TransactionRecord[], errors: RecordError[], recordOf: (tx: TransactionRecord) => string): TransactionRecord[] {
  const kept: TransactionRecord[] = [];
  records.forEach((tx) => {
    const problem = storableProblem(tx, recordOf(tx));
    if (problem) errors.push(problem);
    else kept.push(tx);
  });
  return kept;
}

/** accounts whose id the store cannot keep are left out (their transactions carry the reference anyway) */
function storableAccounts(accounts: readonly AccountRecord[]): AccountRecord[] {
  return accounts.filter((a) => a.id.length > 0 && a.id.length <= MAX_REFERENCE_CHARS && !/\p{Cc}/u.test(a.id));
}

async function readCsv(path: string, options: ImportReadOptions): Promise<ImportRead> {
  const transactions: TransactionRecord[] = [];
  const errors: RecordError[] = [];
  for await (const batch of readTransactionsCsv(csvFileChunks(path, 'transactions file'), { map: options.map!, currency: options.currency })) {
    for (const r of batch.records) transactions.push(r);
    for (const e of batch.errors) errors.push(e);
  }
  // the CSV reader names a row by its line, which its records do not keep: the id stands in
  return { format: 'csv', transactions: storable(transactions, errors, recordName), accounts: [], errors };
}

async function readXml(path: string, options: ImportReadOptions): Promise<ImportRead> {
  const result = await readIso20022(createReadStream(path), { currency: options.currency });
  const errors = [...result.errors];
  const format = result.messageType.slice(0, 'camt.053'.length);
  return { format, transactions: storable(result.records, errors, recordName), accounts: storableAccounts(result.accounts), errors };
}

async function readFtm(path: string, options: ImportReadOptions): Promise<ImportRead> {
  const entities: EntityData[] = [];
  const errors: RecordError[] = [];
  for await (const line of readFtmJsonLines(splitLines(createReadStream(path)), options.model(), { strict: false })) {
    if (line.entity) {
      entities.push(line.entity);
      continue;
    }
    const code = line.error?.code;
    const field = Object.keys(line.error?.details ?? {})[0];
    // the cleaner's messages may quote the refused value: name the problem, not the value
    const message = code === 'MALFORMED_INPUT' ? 'the line is not valid JSON'
      : code === 'PAYLOAD_TOO_LARGE' ? 'the line is too long'
        : 'the line is not a valid FtM entity';
    errors.push(field === undefined ? { record: String(line.line), message } : { record: String(line.line), field: field.slice(0, 64), message });
  }
  const result = paymentsFromFtm(entities, { currency: options.currency });
  errors.push(...result.errors);
  return { format: 'ftm', transactions: storable(result.records, errors, recordName), accounts: storableAccounts(result.accounts), errors };
}

export function readImportFile(format: ImportFormat, path: string, options: ImportReadOptions): Promise<ImportRead> {
  if (format === 'csv') return readCsv(path, options);
  if (format === 'iso20022') return readXml(path, options);
  return readFtm(path, options);
}

/** KYC from a CSV file through its account map; ids the store cannot keep are refused per row */
export async function readAccountsFile(path: string, map: AccountMap): Promise<ReadResult<AccountRecord>> {
  const result = await readAccountsCsv(csvFileChunks(path, 'accounts file'), map);
  const records: AccountRecord[] = [];
  const errors = [...result.errors];
  result.records.forEach((account, i) => {
    if (storableAccounts([account]).length === 1) records.push(account);
    else errors.push({ record: `account ${i + 1}`, field: 'id', message: `the account id is longer than ${MAX_REFERENCE_CHARS} characters or holds control characters` });
  });
  return { records, errors };
}
