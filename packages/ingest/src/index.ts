/**
 * @module @ariadne/ingest
 * Ariadne's import pipeline: FtM JSON lines and CSV (through FtM-style mappings) into the store.
 * Imports stream (constant memory on multi-GB files), explain every bad row by its line number,
 * keep the good ones, and resume after a crash from the last committed batch.
 *
 * @example
 * ```ts
 * import { importFtm } from '@ariadne/ingest';
 * const report = await importFtm({ store, model, actor, input: { path: 'list.ftm.jsonl' }, caseId: null, source: 'import:un-sc' });
 * console.log(report.rowsOk, report.rowsFailed, report.errors.slice(0, 20));
 * ```
 */
export { importFtm } from './import-ftm.ts';
export { importCsv } from './import-csv.ts';
export { parseMapping, validateMapping, mappingColumns } from './mapping.ts';
export type { CsvMapping, EntityMapping, PropertyMapping } from './mapping.ts';
export { compileMapping, type RecordMapper } from './mapping-rows.ts';
export { readSmallTextFile } from './file-source.ts';
export { checkEncoding } from './text-decode.ts';
export { MAX_REPORTED_ERRORS } from './types.ts';
export type { CsvImportOptions, ImportOptions, ImportProgress, ImportReport, ImportStorePort, RowError } from './types.ts';
