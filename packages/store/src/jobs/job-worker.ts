/**
 * One `work()` subscription in one process: a loop that fetches up to `concurrency` jobs at a
 * time with pg-boss's `fetch` (`FOR UPDATE SKIP LOCKED`, so processes sharing the database never
 * get the same job), runs the handler, and completes or fails the job. Our own loop rather than
 * pg-boss's `work()`: its timers outlive `stop()` by up to a second, and it stores error stacks.
 */
import type PgBoss from 'pg-boss';
import { asError, ProgressReporter } from './progress-reporter.ts';
import { clearProgressSql, writeProgressSql } from './job-sql.ts';
import type { JobHandler, JsonValue } from './job-types.ts';

export type ExecuteSql = (text: string, values?: readonly unknown[]) => Promise<{ rows: unknown[] }>;

export interface JobWorkerDeps {
  readonly boss: PgBoss;
  readonly sql: ExecuteSql;
  readonly schema: string;
  readonly name: string;
  readonly handler: JobHandler<JsonValue>;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly onError: (error: Error) => void;
}

interface Running {
  readonly controller: AbortController;
  /** set when `stop` gave up on the handler and failed the job itself */
  abandoned: boolean;
  settled?: Promise<void>;
}

export class JobWorker {
  readonly #deps: JobWorkerDeps;
  readonly #running = new Map<string, Running>();
  #loop: Promise<void> | null = null;
  #stopping = false;
  #notified = false;
  #wake: (() => void) | null = null;

  constructor(deps: JobWorkerDeps) {
    this.#deps = deps;
  }

  get name(): string {
    return this.#deps.name;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** look for jobs now rather than at the next poll */
  notify(): void {
    this.#notified = true;
    this.#wake?.();
  }

  /** aborts the handler's signal if this worker runs the job */
  abort(jobId: string, reason: string): void {
    this.#running.get(jobId)?.controller.abort(new Error(reason));
  }

  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.notify();
    await this.#loop;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const all = Promise.all([...this.#running.values()].map((r) => r.settled));
    const outcome = await Promise.race([all, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') await this.#abandonRunning();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      const free = this.#deps.concurrency - this.#running.size;
      let fetched = 0;
      if (free > 0) {
        this.#notified = false;
        const jobs = await this.#fetch(free);
        fetched = jobs.length;
        for (const job of jobs) this.#start(job);
      }
      if (this.#stopping) break;
      // full: wait for a slot; the queue looked empty: wait for the poll or a local enqueue
      const full = this.#running.size >= this.#deps.concurrency;
      if (full || (!this.#notified && fetched < free)) await this.#sleep(full ? null : this.#deps.pollIntervalMs);
    }
  }

  async #fetch(batchSize: number): Promise<PgBoss.JobWithMetadata<JsonValue>[]> {
    try {
      return await this.#deps.boss.fetch<JsonValue>(this.#deps.name, { batchSize, includeMetadata: true });
    } catch (error) {
      this.#deps.onError(asError(error));
      return [];
    }
  }

  #sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = ms === null ? undefined : setTimeout(done, ms);
      this.#wake = done;
    });
  }

  #start(job: PgBoss.JobWithMetadata<JsonValue>): void {
    const running: Running = { controller: new AbortController(), abandoned: false };
    running.settled = this.#execute(job, running)
      .catch((error: unknown) => this.#deps.onError(asError(error)))
      .finally(() => {
        this.#running.delete(job.id);
        this.notify();
      });
    this.#running.set(job.id, running);
  }

  async #execute(job: PgBoss.JobWithMetadata<JsonValue>, running: Running): Promise<void> {
    const { controller } = running;
    const { boss, sql, schema, name, handler } = this.#deps;
    const attempt = job.retryCount + 1;
    if (attempt > 1) await sql(clearProgressSql(schema), [job.id]);
    const progress = new ProgressReporter({
      onError: this.#deps.onError,
      write: async ({ done, total, message }) => {
        const { rows } = await sql(writeProgressSql(schema), [job.id, done, total, message, name]);
        const row = rows[0] as { state: string; started_on: Date | null } | undefined;
        // another start time: this attempt expired and a retry runs elsewhere
        if (row?.state !== 'active' || row.started_on?.getTime() !== new Date(job.startedOn).getTime()) {
          controller.abort(new Error(`the job is ${row?.state === 'active' ? 'running again elsewhere' : (row?.state ?? 'gone')}`));
        }
      },
    });
    const ctx = {
      signal: controller.signal,
      reportProgress: (done: number, total: number | null, message?: string) => progress.report({ done, total, message: message ?? null }),
    };
    let outcome: { ok: true; value: JsonValue } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: (await handler({ id: job.id, name, data: job.data, attempt }, ctx)) ?? null };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await progress.close().catch((error: unknown) => this.#deps.onError(asError(error)));
    if (running.abandoned) return;
    if (outcome.ok) await boss.complete(name, job.id, { value: outcome.value });
    else await boss.fail(name, job.id, failureOf(outcome.error));
  }

  async #abandonRunning(): Promise<void> {
    const failure = { message: 'the worker stopped before the job finished' };
    for (const [id, running] of this.#running) {
      running.abandoned = true;
      running.controller.abort(new Error('the job queue stopped'));
      await this.#deps.boss.fail(this.#deps.name, id, failure);
    }
  }
}

/** the message only: stacks say where, not what, and error objects may hold the data itself */
function failureOf(error: unknown): { message: string; code?: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}
