import { MAX_LINE_BYTES } from '@ariadne/schema';
import { openFileInput } from './file-source.ts';
import { readFtmRows } from './ftm-rows.ts';
import { runImport } from './import-run.ts';
import type { ImportOptions, ImportReport } from './types.ts';

/**
 * Imports a file of FtM JSON lines (one entity per line, UTF-8). Bad lines are reported with
 * their line number and skipped; good ones are written in batches. Re-running an interrupted
 * import of the same file and case resumes after the last committed batch.
 *
 * @throws AriadneError MALFORMED_INPUT when the file cannot be read; NOT_FOUND for an unknown case
 * @example
 * ```ts
 * const report = await importFtm({ store, model: loadModel(), actor: { kind: 'system', id: 'cli' },
 *   input: { path: 'un-sc.ftm.jsonl' }, source: 'import:un-sc' });
 * report.rowsOk; report.errors // [{ line: 7, message: 'schema: unknown schema "Persn"' }]
 * ```
 */
export async function importFtm(options: ImportOptions): Promise<ImportReport> {
  const file = await openFileInput(options.input.path);
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  return runImport(options, 'ftm', file, (chunks) => readFtmRows(chunks, options.model, maxLineBytes));
}
