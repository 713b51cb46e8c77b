/**
 * The CSV edges of `ariadne link`: a party's records in (`readRecordCsv`), matched pairs out
 * (`writePairsCsv`). Records files are hostile input until proven otherwise, so the reader
 * refuses, naming the line: ragged rows, blank or repeated ids, unterminated quotes, NUL bytes,
 * bytes that are not UTF-8, oversized fields and too many rows. FEBRL's ", " separator works
 * because spaces after a separator are trimmed (inside quotes they are kept).
 *
 * Error messages name lines and columns, never values: the values are people's names.
 */
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { AriadneError } from '@ariadne/schema';
import type { RecordTable } from './types.ts';

export const DEFAULT_MAX_CSV_RECORDS = 1_000_000;
export const DEFAULT_MAX_FIELD_BYTES = 4096;
/** an HTCDS export has 83 fields; a header far wider than that is not a record file */
export const MAX_COLUMNS = 256;

export interface RecordCsvOptions {
  /** data rows allowed (default 1,000,000) */
  readonly maxRecords?: number;
  /** UTF-8 bytes allowed in one field (default 4,096) */
  readonly maxFieldBytes?: number;
}

export type RecordCsvInput = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

function refuse(code: 'MALFORMED_INPUT' | 'PAYLOAD_TOO_LARGE' | 'VALIDATION_FAILED', line: number, message: string): AriadneError {
  return new AriadneError(code, `Line ${line}: ${message}`, { details: { line: String(line) } });
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new AriadneError('VALIDATION_FAILED', `${name} must be a positive whole number, got ${String(v)}.`);
  return v;
}

/** text chunks from strings or bytes, the bytes decoded as strict UTF-8 (a leading BOM dropped) */
async function* utf8Text(input: RecordCsvInput): AsyncGenerator<string> {
  const chunks = typeof input === 'string' || input instanceof Uint8Array ? [input] : input;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new AriadneError('MALFORMED_INPUT', `The file is not UTF-8 text (invalid bytes within the ${bytes + chunk.length} first bytes); save it as UTF-8.`);
    }
    bytes += chunk.length;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new AriadneError('MALFORMED_INPUT', 'The file is not UTF-8 text (it ends inside a character); save it as UTF-8.');
  }
}

/** csv-parse's failures, as Ariadne errors with the line and without the offending text */
function csvFailure(error: CsvError, maxRecordBytes: number): AriadneError {
  const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : 0;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return refuse('MALFORMED_INPUT', line, 'a quoted field opened here or earlier is never closed; the file ends inside quotes.');
    case 'CSV_MAX_RECORD_SIZE':
      return refuse('PAYLOAD_TOO_LARGE', line, `the row is longer than ${maxRecordBytes} bytes (a stray quote, or not a record file).`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return refuse('MALFORMED_INPUT', line, 'a quote inside an unquoted field, or text right after a closing quote; quote the whole field and double inner quotes.');
    default:
      return refuse('MALFORMED_INPUT', line, `the CSV cannot be parsed (${error.code}).`);
  }
}

/** builds the table record by record, checking each as it comes */
class TableBuilder {
  columns: string[] | null = null;
  readonly ids: string[] = [];
  readonly rows: string[][] = [];
  readonly #seen = new Set<string>();

  constructor(
    private readonly maxRecords: number,
    private readonly maxFieldBytes: number,
  ) {}

  add(record: string[], line: number): void {
    this.#checkFields(record, line);
    if (this.columns === null) return this.#header(record, line);
    if (record.length !== this.columns.length) {
      throw refuse('MALFORMED_INPUT', line, `the row has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${this.columns.length}.`);
    }
    if (this.ids.length >= this.maxRecords) throw refuse('PAYLOAD_TOO_LARGE', line, `the file has more than ${this.maxRecords} records.`);
    const id = record[0]!;
    if (id === '') throw refuse('VALIDATION_FAILED', line, `the record id (column "${this.columns[0]}") is blank.`);
    if (this.#seen.has(id)) throw refuse('VALIDATION_FAILED', line, 'the record id repeats the id of an earlier row; ids must be unique.');
    this.#seen.add(id);
    this.ids.push(id);
    this.rows.push(record.slice(1));
  }

  #checkFields(record: readonly string[], line: number): void {
    for (let c = 0; c < record.length; c++) {
      const field = record[c]!;
      if (field.length * 3 > this.maxFieldBytes && Buffer.byteLength(field, 'utf8') > this.maxFieldBytes) {
        throw refuse('PAYLOAD_TOO_LARGE', line, `field ${c + 1} is longer than ${this.maxFieldBytes} bytes.`);
      }
      if (field.includes('\0')) throw refuse('MALFORMED_INPUT', line, `field ${c + 1} holds a NUL byte; this is not a text file.`);
    }
  }

  #header(record: string[], line: number): void {
    if (record.length > MAX_COLUMNS) throw refuse('PAYLOAD_TOO_LARGE', line, `the header names ${record.length} columns, more than ${MAX_COLUMNS}.`);
    const names = new Set<string>();
    record.forEach((name, c) => {
      if (name.trim() === '') throw refuse('MALFORMED_INPUT', line, `header column ${c + 1} is blank; every column needs a name (the first: the record id).`);
      if (names.has(name)) throw refuse('MALFORMED_INPUT', line, `the header names column "${name}" twice.`);
      names.add(name);
    });
    this.columns = record;
  }
}

/**
 * Reads a party's records: a header (the first column is the record id), then one record a
 * row. Blank lines are skipped, a UTF-8 BOM dropped, CRLF and LF both end rows.
 */
export async function readRecordCsv(input: RecordCsvInput, options: RecordCsvOptions = {}): Promise<RecordTable> {
  const maxRecords = positiveInteger(options.maxRecords, DEFAULT_MAX_CSV_RECORDS, 'maxRecords');
  const maxFieldBytes = positiveInteger(options.maxFieldBytes, DEFAULT_MAX_FIELD_BYTES, 'maxFieldBytes');
  const maxRecordBytes = maxFieldBytes * MAX_COLUMNS;
  const table = new TableBuilder(maxRecords, maxFieldBytes);
  const parser = parse({ bom: true, ltrim: true, skip_empty_lines: true, relax_column_count: true, info: true, max_record_size: maxRecordBytes });
  try {
    await pipeline(utf8Text(input), parser, async (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) => {
      for await (const { record, info } of records) table.add(record, info.lines);
    });
  } catch (error) {
    if (error instanceof CsvError) throw csvFailure(error, maxRecordBytes);
    throw error;
  }
  if (table.columns === null) throw new AriadneError('MALFORMED_INPUT', 'The file is empty: it needs a header row naming the record id column and the fields.');
  return { columns: table.columns, ids: table.ids, rows: table.rows };
}

/** RFC 4180 quoting, and also for leading or trailing spaces (which a reader may trim) */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface PairRow {
  readonly aId: string;
  readonly bId: string;
  readonly score: number;
}

/**
 * The pairs as CSV: header `a_id,b_id,score`, scores to 4 decimals, one line each (LF). Ids are
 * written exactly, quoted where needed, never altered: a leading `=` is not "neutralised",
 * because the ids must round-trip to the records they name.
 */
export function writePairsCsv(pairs: readonly PairRow[]): string {
  const lines = ['a_id,b_id,score'];
  for (const [k, { aId, bId, score }] of pairs.entries()) {
    if (!Number.isFinite(score)) throw new AriadneError('VALIDATION_FAILED', `Pair ${k + 1} has no finite score.`);
    lines.push(`${csvField(aId)},${csvField(bId)},${score.toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}
