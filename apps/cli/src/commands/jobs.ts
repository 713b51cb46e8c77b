/**
 * Background imports on a PostgreSQL server, through the store's job queue: `import --background`
 * queues the file, any number of `ariadne worker` processes (on any machine reaching the database
 * and the file) run the queued imports, and `job show` reports state and progress.
 *
 * A PGlite data folder belongs to one process, so these need DATABASE_URL. Job data names the
 * file and the options, never its content or anyone's name.
 */
import { resolve } from 'node:path';
import { createJobQueue, type JobQueue, type JsonValue, type OpenedStore } from '@ariadne/store';
import { loadModel } from '@ariadne/schema';
import { RESCREEN_JOB, ScreeningEngine, workRescreenJobs } from '@ariadne/screening';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { withStore } from '../open-store.ts';
import { prepare, runImportFile, type ImportCommandOptions } from './import.ts';

export const IMPORT_JOB = 'ariadne-import';

/** what a queued import carries: an absolute file path and the command's options */
type ImportJobData = {
  readonly file: string;
  /** the ImportCommandOptions, as JSON */
  readonly options: { readonly [key: string]: JsonValue };
};

function requireServer(config: CliConfig, what: string): void {
  if (config.databaseUrl === null) {
    throw new CliError(EXIT.USAGE, `${what} needs DATABASE_URL: a PGlite data folder belongs to one process, so no worker could share it.`);
  }
}

async function withQueue<T>(store: OpenedStore, work: (queue: JobQueue) => Promise<T>): Promise<T> {
  const queue = createJobQueue(store.database);
  await queue.start();
  try {
    return await work(queue);
  } finally {
    await queue.stop();
  }
}

export async function runEnqueueImport(config: CliConfig, io: Io, file: string, options: ImportCommandOptions): Promise<number> {
  requireServer(config, 'A background import');
  if (options.errorsFile) throw new CliError(EXIT.USAGE, '--errors-file applies to imports run in the foreground.');
  const absolute = {
    ...options,
    ...(options.mapping ? { mapping: resolve(options.mapping) } : {}),
  };
  await prepare(loadModel(), file, absolute);
  return withStore(config, ({ store }) => withQueue(store, async (queue) => {
    const data: ImportJobData = { file: resolve(file), options: JSON.parse(JSON.stringify(absolute)) };
    const id = await queue.enqueue(IMPORT_JOB, data);
    io.out(`Queued import job ${id}.\nA worker runs it (npx ariadne worker); follow it with: npx ariadne job show ${id}\n`);
    return EXIT.OK;
  }));
}

/** runs queued imports until SIGINT or SIGTERM; `signal` lets tests and embedders stop it */
export async function runWorker(config: CliConfig, io: Io, options: { concurrency: number }, signal?: AbortSignal): Promise<number> {
  requireServer(config, 'A worker');
  return withStore(config, ({ store, model }) => withQueue(store, async (queue) => {
    const stopped = new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      signal?.addEventListener('abort', stop, { once: true });
    });
    await queue.work<ImportJobData>(IMPORT_JOB, async (job, ctx) => {
      io.out(`job ${job.id}: import started\n`);
      const report = await runImportFile({
        store, model, io,
        onProgress: (p) => ctx.reportProgress(p.bytesRead, p.totalBytes, `${p.linesDone} lines, ${p.rowsOk} ok, ${p.rowsFailed} bad`),
      }, job.data.file, job.data.options as unknown as ImportCommandOptions);
      io.out(`job ${job.id}: import ${report.importId} ${report.status}, ${report.rowsOk} rows ok, ${report.rowsFailed} bad\n`);
      return {
        importId: report.importId, status: report.status, linesRead: report.linesRead, rowsOk: report.rowsOk,
        rowsFailed: report.rowsFailed, firstErrors: report.errors.slice(0, 20).map((e) => ({ line: e.line, message: e.message })),
      };
    }, { concurrency: options.concurrency });
    // the same worker re-screens stored subjects when the server asks (new list versions, writes)
    await workRescreenJobs(queue, { store, engine: new ScreeningEngine(store), onReport: (r) => io.out(`re-screening: ${r.screened} subjects screened, ${r.raised} new alerts\n`) });
    io.out(`Worker ready for ${IMPORT_JOB} and ${RESCREEN_JOB} jobs (Ctrl+C stops it).\n`);
    await stopped;
    return EXIT.OK;
  }));
}

export async function runJobShow(config: CliConfig, io: Io, id: string): Promise<number> {
  requireServer(config, 'Jobs');
  return withStore(config, ({ store }) => withQueue(store, async (queue) => {
    const job = await queue.getJob(id);
    if (!job) throw new CliError(EXIT.USAGE, `No job ${id}.`);
    io.out(`${JSON.stringify({ id: job.id, name: job.name, state: job.state, progress: job.progress, result: job.result, error: job.error }, null, 2)}\n`);
    return job.state === 'failed' ? EXIT.UNEXPECTED : EXIT.OK;
  }));
}
