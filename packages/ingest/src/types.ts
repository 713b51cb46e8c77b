/**
 * The public shapes of an import: what goes in (options), what comes out (the report) and what
 * is reported along the way (progress). Plain data; the CLI and the server's job worker print or
 * serve them as they are.
 */
import type { AriadneModel } from '@ariadne/schema';
import type { Actor, Store } from '@ariadne/store';
import type { CsvMapping } from './mapping.ts';

/** One bad row: its 1-based line number in the file and why it was refused. */
export interface RowError {
  readonly line: number;
  readonly message: string;
}

/** Counters after each committed batch; `linesDone` counts committed lines only. */
export interface ImportProgress {
  readonly importId: string;
  readonly linesDone: number;
  readonly rowsOk: number;
  readonly rowsFailed: number;
  readonly entitiesWritten: number;
  /** bytes of the file read so far, and its size, for a progress bar */
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** What the store must offer an import (a narrow slice of `Store`). */
export type ImportStorePort = Pick<Store,
  'beginImport' | 'recordImportProgress' | 'finishImport' | 'writeBatch' | 'getCase' | 'suspendSearchIndexes' | 'refreshSearchIndexes'>;

export interface ImportOptions {
  readonly store: ImportStorePort;
  readonly model: AriadneModel;
  /** who imports; lands in the journal and on every statement */
  readonly actor: Actor;
  readonly input: { readonly path: string };
  /** the case the entities belong to; null (the default) for reference data such as sanctions lists */
  readonly caseId?: string | null;
  /** provenance name of the statements, e.g. `import:un-sc`; default `import` */
  readonly source?: string;
  /** rows per transaction; default 1000 */
  readonly batchSize?: number;
  /**
   * batches written to the database at once; default 1. Use 2 on a PostgreSQL server (PGlite is
   * a single connection). Forced to 1 with `mergeFragments`, whose fragments may span batches.
   */
  readonly writers?: number;
  /**
   * files at least this large (bytes) are bulk loads: the search indexes are dropped for the
   * import and rebuilt at its end; default 32 MiB (about 200,000 FtM entities)
   */
  readonly bulkLoadBytes?: number;
  /** allow an id to appear on several lines (FtM fragments) instead of reporting duplicates */
  readonly mergeFragments?: boolean;
  /** longest accepted line (FtM) or record (CSV) in bytes; default 4 MiB */
  readonly maxLineBytes?: number;
  /** called for every bad row as it is found (the report keeps only the first 1000) */
  readonly onRowError?: (error: RowError) => void;
  /** called after each committed batch; an exception here stops the import, which stays resumable */
  readonly onProgress?: (progress: ImportProgress) => void | Promise<void>;
}

export interface CsvImportOptions extends ImportOptions {
  readonly mapping: CsvMapping;
  /** any label `TextDecoder` knows (`windows-1256`, `latin1`, `utf-16le`…); default: BOM or UTF-8 */
  readonly encoding?: string;
}

export interface ImportReport {
  readonly importId: string;
  /** true when an unfinished import of the same file and case was continued */
  readonly resumed: boolean;
  /** `failed` when the file could not be read to its end (see `fatal`); committed batches stay */
  readonly status: 'done' | 'failed';
  /** the last line read */
  readonly linesRead: number;
  readonly rowsOk: number;
  readonly rowsFailed: number;
  /** entities written by this run (a resumed run counts only what it wrote) */
  readonly entitiesWritten: number;
  /** the first 1000 bad rows; `rowsFailed` counts all of them */
  readonly errors: readonly RowError[];
  /** why the import stopped early, with the line where it did */
  readonly fatal: RowError | null;
}

/** The most bad rows a report keeps; all are counted. */
export const MAX_REPORTED_ERRORS = 1000;
