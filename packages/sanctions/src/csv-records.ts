/**
 * Reads a headerless CSV byte stream (OFAC's legacy export) as string arrays: strict UTF-8
 * (OFAC's files are ASCII), DOS end-of-file bytes (0x1A) dropped, fields trimmed. A record longer
 * than `maxRecordChars`, an unclosed quote or a non-UTF-8 file ends the file with a thrown
 * ListInputError naming the line; every record parsed before it has been yielded first (records
 * are taken from csv-parse's `on_record` hook, fed as @ariadne/ingest feeds its importer).
 */
import { CsvError, parse } from 'csv-parse';
import { feedCsvParser as feed } from '@ariadne/ingest/csv-feed';
import { decodeStrictUtf8, ListInputError } from './strict-utf8.ts';
import type { ByteSource } from './list-item.ts';

function describe(error: unknown, maxRecordChars: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = (error as CsvError & { lines?: number }).lines ?? '?';
  const what = error.code === 'CSV_MAX_RECORD_SIZE' ? `a record is longer than ${maxRecordChars} characters`
    : error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed (truncated file?)'
      : `the CSV cannot be parsed (${error.code})`;
  return new ListInputError(`Line ${line}: ${what}.`);
}

/** @example for await (const { record, line } of readCsvRecords(bytes, 1 << 20)) … */
export async function* readCsvRecords(source: ByteSource, maxRecordChars: number): AsyncGenerator<{ record: string[]; line: number }> {
  const queue: { record: string[]; line: number }[] = [];
  const parser = parse({
    relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: maxRecordChars,
    on_record: (record: string[], context) => {
      queue.push({ record, line: context.lines });
      return undefined;
    },
  });
  parser.resume(); // records leave through on_record; nothing is read from the stream side
  try {
    for await (const text of decodeStrictUtf8(source)) {
      // eslint-disable-next-line no-control-regex -- 0x1A is the DOS end-of-file byte OFAC appends
      await feed(parser, text.replace(/\x1a/g, ''));
      yield* queue.splice(0);
    }
    await feed(parser, null);
  } catch (error) {
    yield* queue.splice(0);
    throw describe(error, maxRecordChars);
  }
  yield* queue.splice(0);
}
