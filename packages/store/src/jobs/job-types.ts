/**
 * The job queue's public shapes. A job carries references (ids, file paths, digests), never
 * personal data: job data, progress messages and error messages are stored in plain text in the
 * queue's tables and kept for days after the job ends (see README.md).
 */

/** any value `JSON.stringify` writes and `JSON.parse` reads back unchanged */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** `queued` covers waiting to start and waiting to be retried */
export type JobState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';

export interface JobProgress {
  readonly done: number;
  /** null while the amount of work is unknown */
  readonly total: number | null;
  readonly message: string | null;
  readonly updatedAt: Date;
}

/** what `getJob` reports; `error` is the last attempt's error message, without a stack */
export interface JobRecord {
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
  readonly progress: JobProgress | null;
  readonly result: JsonValue | null;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
}

/** the job as its handler sees it */
export interface Job<Data extends JsonValue = JsonValue> {
  readonly id: string;
  readonly name: string;
  readonly data: Data;
  /** 1 on the first run, 2 on the first retry, … */
  readonly attempt: number;
}

export interface JobContext {
  /**
   * Records how far the job is. Writes are throttled to one every 250 ms per job; the last
   * report is always written before the job completes or fails. `message` is stored: no names.
   */
  reportProgress(done: number, total: number | null, message?: string): Promise<void>;
  /**
   * Aborted when the job was cancelled (seen at the next progress write, or at once when
   * cancelled through this process), expired, or the queue stopped before the handler finished.
   * A handler that stops early should throw; whatever it returns is then discarded.
   */
  readonly signal: AbortSignal;
}

/** returns the job's result (JSON, kept with the job) or nothing; throws to fail the attempt */
export type JobHandler<Data extends JsonValue = JsonValue> = (job: Job<Data>, ctx: JobContext) => Promise<JsonValue | void>;

export interface JobEnqueueOptions {
  /** while a job with this name and key is queued or active, `enqueue` returns that job's id instead */
  readonly singletonKey?: string;
  /** how many times a failed attempt is retried (default 0: a job runs once) */
  readonly retryLimit?: number;
  /** seconds between a failed attempt and its retry (default 0) */
  readonly retryDelaySeconds?: number;
  /** a moment, or a delay in seconds */
  readonly startAfter?: Date | number;
  /** an attempt still active after this long is failed by maintenance (default 4 hours, below 24 hours) */
  readonly expireInSeconds?: number;
}

export interface JobWorkOptions {
  /** how many jobs of this name this process runs at the same time (default 1) */
  readonly concurrency?: number;
}

export interface JobQueueStopOptions {
  /** how long `stop` waits for running handlers before aborting and failing them (default 30 s) */
  readonly timeoutMs?: number;
}

export interface JobQueueOptions {
  /** PostgreSQL schema holding pg-boss's tables and `job_progress` (default `pgboss`) */
  readonly schema?: string;
  /** how often an idle worker looks for new jobs (default 2, at least 0.5) */
  readonly pollIntervalSeconds?: number;
  /** background errors (maintenance, progress writes, completing a job); default: console.error */
  readonly onError?: (error: Error) => void;
}

export type JobUnsubscribe = () => Promise<void>;

export interface JobQueue {
  /** installs or migrates the queue's tables (idempotent, safe from several processes at once) */
  start(): Promise<void>;
  /** stops this process's workers and timers; the database handle stays open */
  stop(options?: JobQueueStopOptions): Promise<void>;
  /** queues a job and answers its id */
  enqueue<Data extends JsonValue>(name: string, data: Data, options?: JobEnqueueOptions): Promise<string>;
  /** runs jobs of `name` in this process until the returned function is called or the queue stops */
  work<Data extends JsonValue>(name: string, handler: JobHandler<Data>, options?: JobWorkOptions): Promise<JobUnsubscribe>;
  getJob(id: string): Promise<JobRecord | null>;
  /** cancels a queued or active job; false when it had already ended or does not exist */
  cancel(id: string): Promise<boolean>;
}
