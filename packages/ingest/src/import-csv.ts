import { MAX_LINE_BYTES } from '@ariadne/schema';
import { readCsvRows } from './csv-rows.ts';
import { openFileInput } from './file-source.ts';
import { runImport } from './import-run.ts';
import { checkEncoding } from './text-decode.ts';
import type { CsvImportOptions, ImportReport } from './types.ts';

/**
 * Imports a CSV file (header row first) through a FtM-style mapping. Bad rows — wrong number
 * of fields, values the schema refuses, duplicate ids — are reported with their line and
 * skipped. An unterminated quote, an oversized record or bytes that are not the file's encoding
 * stop the import with `status: 'failed'` and `fatal` naming the line; batches already
 * committed stay.
 *
 * @throws AriadneError MALFORMED_INPUT when the file cannot be read, VALIDATION_FAILED for an
 *   unknown `encoding`, NOT_FOUND for an unknown case
 * @example
 * ```ts
 * const mapping = parseMapping(await readSmallTextFile('people.mapping.yaml'), model);
 * await importCsv({ store, model, actor, input: { path: 'people.csv' }, mapping, encoding: 'windows-1256', caseId });
 * ```
 */
export async function importCsv(options: CsvImportOptions): Promise<ImportReport> {
  const encoding = options.encoding === undefined ? undefined : checkEncoding(options.encoding);
  const file = await openFileInput(options.input.path);
  const maxRecordBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  return runImport(options, 'csv', file, (chunks) => readCsvRows(chunks, { model: options.model, mapping: options.mapping, encoding, maxRecordBytes }));
}
