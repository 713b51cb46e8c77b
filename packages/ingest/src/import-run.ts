/**
 * The resumable import loop shared by every format. Rows come from a reader; good ones are
 * written in batches (one transaction and one journal entry each), bad ones reported with their
 * line. Progress is recorded after each commit and counts committed lines only, so a crash
 * resumes exactly: `beginImport` hands back the unfinished import of the same file and case and
 * the loop re-reads the committed lines without writing them (rebuilding the duplicate check
 * and the list of bad rows), then goes on.
 */
import { AriadneError } from '@ariadne/schema';
import type { BulkEntity, BulkWriteResult } from '@ariadne/store';
import type { FileInput } from './file-source.ts';
import { failureLine } from './input-failure.ts';
import type { ParsedRow } from './parsed-row.ts';
import { SeenIds } from './seen-ids.ts';
import { MAX_REPORTED_ERRORS, type ImportOptions, type ImportReport, type RowError } from './types.ts';

interface Counters {
  linesDone: number;
  rowsOk: number;
  rowsFailed: number;
}

/** 32 MiB: about 200,000 FtM entities, where rebuilding the search indexes starts to pay */
const DEFAULT_BULK_LOAD_BYTES = 32 * 1024 * 1024;

interface SealedBatch {
  readonly rows: readonly { line: number; entities: readonly BulkEntity[] }[];
  readonly ok: number;
  readonly failed: number;
  readonly lastLine: number;
  readonly bytesRead: number;
}

class ImportRun {
  readonly errors: RowError[] = [];
  committed: Counters = { linesDone: 0, rowsOk: 0, rowsFailed: 0 };
  entitiesWritten = 0;
  linesRead = 0;
  bytesRead = 0;
  private pending: { line: number; entities: readonly BulkEntity[] }[] = [];
  private pendingOk = 0;
  private pendingFailed = 0;
  private lastLine = 0;
  /** the last line handed to a batch (committed or being written) */
  private sealedLines = 0;
  private readonly seen = new SeenIds();

  constructor(private readonly options: ImportOptions, readonly importId: string, private readonly totalBytes: number) {}

  report(message: string, line: number): void {
    this.options.onRowError?.({ line, message });
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, message });
  }

  get pendingRows(): number {
    return this.pendingOk + this.pendingFailed;
  }

  /** takes one row; `replay` rows were committed by an earlier run and are only re-checked */
  take(row: ParsedRow, replay: boolean): void {
    this.linesRead = row.line;
    this.bytesRead = row.offset;
    if (row.blank) {
      if (!replay) this.lastLine = row.line;
      return;
    }
    let error = row.error;
    if (error === undefined && !this.options.mergeFragments) {
      for (const entity of row.entities ?? []) {
        const first = this.seen.add(entity.id, row.line);
        if (first !== null && first !== row.line) {
          error = `duplicate id ${entity.id}, first seen on line ${first}`;
          break;
        }
      }
    }
    if (error !== undefined) this.report(error, row.line);
    if (replay) return;
    this.lastLine = row.line;
    if (error !== undefined) this.pendingFailed += 1;
    else {
      this.pendingOk += 1;
      if (row.entities && row.entities.length > 0) this.pending.push({ line: row.line, entities: row.entities });
    }
  }

  /** continues an unfinished import: its committed lines are replayed, not written again */
  resumeFrom(committed: Counters): void {
    this.committed = committed;
    this.sealedLines = committed.linesDone;
  }

  /** takes the pending rows out as one batch to write; null when there is nothing to commit */
  seal(): SealedBatch | null {
    if (this.pendingRows === 0 && this.lastLine <= this.sealedLines) return null;
    const batch = { rows: this.pending, ok: this.pendingOk, failed: this.pendingFailed, lastLine: Math.max(this.lastLine, this.sealedLines), bytesRead: this.bytesRead };
    this.sealedLines = batch.lastLine;
    this.pending = [];
    this.pendingOk = 0;
    this.pendingFailed = 0;
    return batch;
  }

  /** writes a sealed batch in one transaction; several may run at once on a server database */
  async store(batch: SealedBatch): Promise<BulkWriteResult | null> {
    const entities = batch.rows.flatMap((row) => row.entities);
    if (entities.length === 0) return null;
    return this.options.store.writeBatch(this.options.actor, {
      caseId: this.options.caseId ?? null, importId: this.importId, source: this.options.source ?? 'import', entities,
    });
  }

  /** after a batch committed (called in file order): its rejections, counters and progress */
  async record(batch: SealedBatch, result: BulkWriteResult | null): Promise<void> {
    let { ok, failed } = batch;
    if (result) {
      this.entitiesWritten += result.written;
      const reasons = new Map(result.rejected.map((r) => [r.id, r.reason]));
      for (const row of batch.rows) {
        const reason = row.entities.map((e) => reasons.get(e.id)).find((r) => r !== undefined);
        if (reason === undefined) continue;
        this.report(reason, row.line);
        ok -= 1;
        failed += 1;
      }
    }
    this.committed = {
      linesDone: Math.max(batch.lastLine, this.committed.linesDone),
      rowsOk: this.committed.rowsOk + ok,
      rowsFailed: this.committed.rowsFailed + failed,
    };
    await this.options.store.recordImportProgress(this.importId, this.committed);
    await this.options.onProgress?.({
      importId: this.importId, ...this.committed, entitiesWritten: this.entitiesWritten, bytesRead: batch.bytesRead, totalBytes: this.totalBytes,
    });
  }

  result(resumed: boolean, fatal: RowError | null): ImportReport {
    return {
      importId: this.importId, resumed, status: fatal ? 'failed' : 'done', linesRead: this.linesRead,
      rowsOk: this.committed.rowsOk, rowsFailed: this.committed.rowsFailed, entitiesWritten: this.entitiesWritten,
      errors: [...this.errors].sort((a, b) => a.line - b.line), fatal,
    };
  }
}

/**
 * Runs one import of `file` in `kind` format, reading rows with `readRows`.
 *
 * @throws AriadneError NOT_FOUND when `caseId` names no case; store errors and exceptions from
 *   `onProgress` propagate and leave the import resumable
 */
export async function runImport(
  options: ImportOptions,
  kind: 'ftm' | 'csv',
  file: FileInput,
  readRows: (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<ParsedRow>,
): Promise<ImportReport> {
  const { store, actor } = options;
  const caseId = options.caseId ?? null;
  if (caseId !== null && !(await store.getCase(caseId))) throw new AriadneError('NOT_FOUND', `No case with id ${JSON.stringify(caseId)}.`);
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const { record, resumed } = await store.beginImport(actor, { caseId, kind, sourceName: options.source ?? 'import', fileSha256: file.sha256 });
  const run = new ImportRun(options, record.id, file.size);
  const skipUntil = resumed ? record.linesDone : 0;
  if (resumed) run.resumeFrom({ linesDone: record.linesDone, rowsOk: record.rowsOk, rowsFailed: record.rowsFailed });
  let fatal: RowError | null = null;
  // Batches are read and validated while earlier ones are written. Up to `writers` batches are
  // in the database at once (2 on a PostgreSQL server: one backend per core; PGlite is one
  // connection, so 1), but their bookkeeping runs strictly in file order, so the recorded
  // progress only ever counts lines whose batch and every batch before it committed. A later
  // batch that committed before an earlier one failed is simply written again on resume
  // (statements are idempotent).
  const writers = options.mergeFragments ? 1 : Math.max(1, options.writers ?? 1);
  const inFlight: Promise<void>[] = [];
  let recorded: Promise<void> = Promise.resolve();
  const writeNext = async () => {
    const batch = run.seal();
    if (!batch) return;
    while (inFlight.length >= writers) await inFlight.shift();
    const stored = run.store(batch);
    stored.catch(() => undefined);
    recorded = recorded.then(async () => run.record(batch, await stored));
    const done = recorded;
    done.catch(() => undefined); // awaited below or at the end; never unhandled
    inFlight.push(done);
  };
  const drain = async () => {
    while (inFlight.length > 0) await inFlight.shift();
  };
  const bulk = file.size >= (options.bulkLoadBytes ?? DEFAULT_BULK_LOAD_BYTES);
  if (bulk) await store.suspendSearchIndexes();
  try {
    try {
      for await (const row of readRows(file.chunks())) {
        run.take(row, row.line <= skipUntil);
        if (run.pendingRows >= batchSize) await writeNext();
      }
    } catch (error) {
      const line = failureLine(error);
      if (line === null) {
        await Promise.allSettled(inFlight);
        throw error;
      }
      fatal = { line, message: (error as Error).message };
    }
    await writeNext();
    await drain();
  } finally {
    // rebuilds suspended indexes, and merges the GIN pending lists a smaller import filled
    await store.refreshSearchIndexes();
  }
  await store.finishImport(actor, record.id, fatal ? 'failed' : 'done');
  return run.result(resumed, fatal);
}
