/**
 * `createJobQueue`: long work (imports, re-screening, scans) queued in the database and run by
 * any number of worker processes, with progress. Built on pg-boss 10; see README.md.
 *
 * Job data must not carry personal data: pass ids and file references (a stored file's digest,
 * an import id), never names or document contents. The queue stores data, results, progress
 * messages and error messages in plain text and keeps them for days after the job ends.
 */
import type { DatabaseHandle } from '../connect.ts';
import { connectBoss, type BossConnection } from './boss-connection.ts';
import { dropOrphanProgressSql, findSingletonSql, getJobSql, isJobId, SCHEMA_NAME, setupSql, toJobRecord, type JobRow } from './job-sql.ts';
import type { JobEnqueueOptions, JobHandler, JobQueue, JobQueueOptions, JsonValue, JobQueueStopOptions, JobWorkOptions } from './job-types.ts';
import { JobWorker } from './job-worker.ts';
import { asError } from './progress-reporter.ts';

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const DEFAULT_EXPIRE_SECONDS = 4 * 3600;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;

/**
 * @example
 * ```ts
 * const queue = createJobQueue(handle);
 * await queue.start();
 * await queue.work('import', async (job, ctx) => {
 *   await ctx.reportProgress(0, null, 'reading');
 *   return { imported: 12 };
 * });
 * const id = await queue.enqueue('import', { importId: 'imp_123', file: 'sha256:…' });
 * await queue.getJob(id); // { state: 'active', progress: { done: 0, total: null, … }, … }
 * await queue.stop();
 * ```
 */
export function createJobQueue(handle: DatabaseHandle, options: JobQueueOptions = {}): JobQueue {
  const schema = options.schema ?? 'pgboss';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`job queue: schema "${schema}" is not a lower-case SQL name`);
  const pollIntervalSeconds = options.pollIntervalSeconds ?? 2;
  if (!(pollIntervalSeconds >= 0.5)) throw new RangeError('job queue: pollIntervalSeconds must be at least 0.5');
  const onError = options.onError ?? ((error: Error) => console.error(`[jobs] ${error.message}`));

  let connection: BossConnection | null = null;
  let starting: Promise<BossConnection> | null = null;
  const queues = new Map<string, Promise<void>>();
  const workers = new Set<JobWorker>();
  const cleanUp = (): void => {
    connection?.sql(dropOrphanProgressSql(schema)).catch((error: unknown) => onError(asError(error)));
  };

  function started(): BossConnection {
    if (connection === null) throw new Error('job queue: call start() first');
    return connection;
  }

  /** pg-boss 10 sends only to queues that exist; creating one is idempotent */
  function ensureQueue(name: string): Promise<void> {
    if (!QUEUE_NAME.test(name)) return Promise.reject(new TypeError(`job queue: "${name}" is not a valid job name`));
    let created = queues.get(name);
    if (created === undefined) {
      created = started().boss.createQueue(name);
      created.catch(() => queues.delete(name));
      queues.set(name, created);
    }
    return created;
  }

  async function openConnection(): Promise<BossConnection> {
    const opened = connectBoss(handle, schema);
    opened.boss.on('error', (error) => onError(asError(error)));
    opened.boss.on('maintenance', cleanUp);
    try {
      await opened.boss.start();
      await opened.sql(setupSql(schema));
      return opened;
    } catch (error) {
      await opened.boss.stop({ graceful: false, close: false }).catch(() => undefined);
      throw error;
    }
  }

  return {
    async start() {
      starting ??= openConnection();
      try {
        connection = await starting;
      } catch (error) {
        starting = null;
        throw error;
      }
    },

    async stop({ timeoutMs = DEFAULT_STOP_TIMEOUT_MS }: JobQueueStopOptions = {}) {
      const closing = connection ?? (await starting?.catch(() => null)) ?? null;
      connection = null;
      starting = null;
      if (closing === null) return;
      queues.clear();
      const stopping = [...workers];
      workers.clear();
      await Promise.all(stopping.map((worker) => worker.stop(timeoutMs)));
      await closing.boss.stop({ graceful: false, close: false });
      await closing.settle();
    },

    async enqueue(name, data, opts: JobEnqueueOptions = {}) {
      await ensureQueue(name);
      const { boss, sql } = started();
      const sendOptions = {
        retryLimit: opts.retryLimit ?? 0,
        retryDelay: opts.retryDelaySeconds ?? 0,
        expireInSeconds: opts.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
        ...(opts.singletonKey === undefined ? {} : { singletonKey: opts.singletonKey }),
        ...(opts.startAfter === undefined ? {} : { startAfter: opts.startAfter }),
      };
      // JSON text, not the value: node-postgres would turn an array into a PostgreSQL array
      const json = JSON.stringify(data) as unknown as object;
      for (let attempt = 0; attempt < 3; attempt++) {
        const id = await boss.send(name, json, sendOptions);
        if (id !== null) {
          if (opts.startAfter === undefined) for (const worker of workers) if (worker.name === name) worker.notify();
          return id;
        }
        if (opts.singletonKey === undefined) break;
        const { rows } = await sql(findSingletonSql(schema), [name, opts.singletonKey]);
        const existing = (rows[0] as { id: string } | undefined)?.id;
        if (existing !== undefined) return existing; // else it ended meanwhile: try again
      }
      throw new Error(`job queue: the job "${name}" was not queued`);
    },

    async work(name, handler, opts: JobWorkOptions = {}) {
      const concurrency = opts.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('job queue: concurrency must be a positive integer');
      await ensureQueue(name);
      const { boss, sql } = started();
      const worker = new JobWorker({
        boss,
        sql,
        schema,
        name,
        handler: handler as JobHandler<JsonValue>,
        concurrency,
        pollIntervalMs: pollIntervalSeconds * 1000,
        onError,
      });
      workers.add(worker);
      worker.start();
      return async () => {
        if (workers.delete(worker)) await worker.stop(DEFAULT_STOP_TIMEOUT_MS);
      };
    },

    async getJob(id) {
      if (!isJobId(id)) return null;
      const { rows } = await started().sql(getJobSql(schema), [id]);
      const row = rows[0] as JobRow | undefined;
      return row === undefined ? null : toJobRecord(row);
    },

    async cancel(id) {
      if (!isJobId(id)) return false;
      const { boss, sql } = started();
      const { rows } = await sql(`SELECT name, state::text AS state FROM ${schema}.job WHERE id = $1`, [id]);
      const job = rows[0] as { name: string; state: string } | undefined;
      if (job === undefined || !['created', 'retry', 'active'].includes(job.state)) return false;
      // pg-boss 10 answers { affected } although its types say void
      const response = (await boss.cancel(job.name, id)) as unknown as { affected?: number } | undefined;
      for (const worker of workers) if (worker.name === job.name) worker.abort(id, 'the job was cancelled');
      return response?.affected === undefined ? true : response.affected > 0;
    },
  };
}
