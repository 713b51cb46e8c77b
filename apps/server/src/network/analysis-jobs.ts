/**
 * Network analyses as in-memory jobs owned by the user who started them. Not the pg-boss queue:
 * a result names people (captions, roles, who to arrest first), and the queue keeps job results
 * in plain tables for days; here a result lives in this process only, is served to its owner
 * only, and is forgotten `ttlMs` after it finished. Each analysis runs in a worker thread, so the
 * event loop keeps answering; cancelling terminates the worker.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { AriadneError, isAriadneError, type ErrorCode } from '@ariadne/schema';
import type { AnalysisRequest, AnalysisResult, EntityNetwork, RunOptions } from '@ariadne/network';

export type AnalysisState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';

export interface AnalysisJob {
  readonly id: string;
  readonly ownerId: string;
  readonly caseId: string;
  readonly kind: AnalysisRequest['kind'];
  state: AnalysisState;
  progress: { done: number; total: number };
  result: AnalysisResult | null;
  error: { code: ErrorCode; message: string } | null;
  readonly createdAt: Date;
  finishedAt: Date | null;
}

export type AnalysisRunner = (network: EntityNetwork, request: AnalysisRequest, opts: RunOptions) => Promise<AnalysisResult>;

export interface AnalysisJobsOptions {
  readonly run: AnalysisRunner;
  readonly now: () => Date;
  /** finished jobs are forgotten this long after they end */
  readonly ttlMs?: number;
  /** analyses running at once (the rest wait): one per core */
  readonly concurrency?: number;
  /** analyses one user may have queued or running */
  readonly perUser?: number;
}

export class AnalysisJobs {
  readonly #jobs = new Map<string, AnalysisJob>();
  readonly #controllers = new Map<string, AbortController>();
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  readonly #opts: Required<AnalysisJobsOptions>;

  constructor(opts: AnalysisJobsOptions) {
    this.#opts = { ttlMs: 30 * 60_000, concurrency: Math.max(1, availableParallelism()), perUser: 4, ...opts };
  }

  /** Starts an analysis; resolves with the job, finished or not, after at most `waitMs`. */
  async start(owner: { userId: string; caseId: string }, network: EntityNetwork, request: AnalysisRequest, waitMs: number): Promise<AnalysisJob> {
    this.#sweep();
    const mine = [...this.#jobs.values()].filter((j) => j.ownerId === owner.userId && (j.state === 'queued' || j.state === 'active'));
    if (mine.length >= this.#opts.perUser) throw new AriadneError('RATE_LIMITED', `You already have ${mine.length} analyses running; wait for one or cancel it.`);
    const job: AnalysisJob = {
      id: `na_${randomBytes(12).toString('base64url')}`, ownerId: owner.userId, caseId: owner.caseId, kind: request.kind,
      state: 'queued', progress: { done: 0, total: 1 }, result: null, error: null, createdAt: this.#opts.now(), finishedAt: null,
    };
    const controller = new AbortController();
    this.#jobs.set(job.id, job);
    this.#controllers.set(job.id, controller);
    const finished = this.#execute(job, network, request, controller.signal);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => { timer = setTimeout(resolve, waitMs); })]);
    clearTimeout(timer);
    return job;
  }

  /** the job, to its owner only (anyone else gets NOT_FOUND, as if it did not exist) */
  get(userId: string, id: string): AnalysisJob {
    this.#sweep();
    const job = this.#jobs.get(id);
    if (!job || job.ownerId !== userId) throw new AriadneError('NOT_FOUND', 'No such analysis, or it is not visible to you.');
    return job;
  }

  cancel(userId: string, id: string): void {
    const job = this.get(userId, id);
    if (job.state === 'queued' || job.state === 'active') this.#controllers.get(id)?.abort();
  }

  /** cancels everything (server shutdown) */
  close(): void {
    for (const controller of this.#controllers.values()) controller.abort();
  }

  async #execute(job: AnalysisJob, network: EntityNetwork, request: AnalysisRequest, signal: AbortSignal): Promise<void> {
    try {
      await this.#slot(signal);
      job.state = 'active';
      try {
        job.result = await this.#opts.run(network, request, { signal, onProgress: (done, total) => { job.progress = { done, total }; } });
        job.progress = { done: job.progress.total, total: job.progress.total };
        job.state = 'completed';
      } finally {
        this.#running--;
        this.#waiting.shift()?.();
      }
    } catch (error) {
      if (isAriadneError(error) && error.code === 'CANCELLED') job.state = 'cancelled';
      else {
        job.state = 'failed';
        // our own errors explain themselves; anything else is a bug, reported without detail
        job.error = isAriadneError(error) && error.code !== 'INTERNAL'
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL', message: 'The analysis failed unexpectedly.' };
      }
    } finally {
      job.finishedAt = this.#opts.now();
      this.#controllers.delete(job.id);
    }
  }

  /** waits for a free slot; throws CANCELLED if cancelled while waiting */
  async #slot(signal: AbortSignal): Promise<void> {
    while (this.#running >= this.#opts.concurrency) {
      if (signal.aborted) break;
      await new Promise<void>((resolve, reject) => {
        const wake = () => { signal.removeEventListener('abort', onAbort); resolve(); };
        // a cancelled waiter leaves the line, so the next wake-up goes to one still waiting
        const onAbort = () => { this.#waiting.splice(this.#waiting.indexOf(wake), 1); reject(new AriadneError('CANCELLED', 'The analysis was cancelled.')); };
        signal.addEventListener('abort', onAbort, { once: true });
        this.#waiting.push(wake);
      });
    }
    if (signal.aborted) throw new AriadneError('CANCELLED', 'The analysis was cancelled.');
    this.#running++;
  }

  #sweep(): void {
    const cutoff = this.#opts.now().getTime() - this.#opts.ttlMs;
    for (const [id, job] of this.#jobs) if (job.finishedAt && job.finishedAt.getTime() < cutoff) this.#jobs.delete(id);
  }
}
