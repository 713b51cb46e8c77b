/**
 * A small pool of linkage worker threads: each parses and matches one run at a time, the rest
 * wait in line. Workers are started on first use, `unref`'d, and ended after a second idle (so
 * an idle pool never keeps the process alive); a worker that dies fails only the run it held and is replaced on next use.
 * `linkagePoolOf(ctx)` gives the server's pool, made on first use like `financeOf`.
 */
import { Worker } from 'node:worker_threads';
import { AriadneError, type ErrorCode } from '@ariadne/schema';
import type { AppContext } from '../context.ts';
import type { LinkageMatch, LinkageMatchRequest } from './linkage-match.ts';

const WORKER_URL = new URL('./linkage-worker.mjs', import.meta.url);

type Reply =
  | { id: number; type: 'result'; match: LinkageMatch }
  | { id: number; type: 'error'; code: ErrorCode; message: string; details: Record<string, string> | null };

interface Job {
  readonly id: number;
  readonly request: LinkageMatchRequest;
  readonly resolve: (match: LinkageMatch) => void;
  readonly reject: (error: AriadneError) => void;
}

interface Slot {
  worker: Worker | null;
  job: Job | null;
  idle: NodeJS.Timeout | null;
}

/** an idle worker is ended after this long (a live worker thread can hold the process open) */
const IDLE_MS = 1000;

export interface LinkagePoolOptions {
  /** worker threads matching at once (default 1: a run is one core's work, and rare) */
  readonly size?: number;
  /** the worker's entry (default the tsx bootstrap beside this module) */
  readonly workerUrl?: URL;
}

export class LinkagePool {
  readonly #slots: Slot[];
  readonly #waiting: Job[] = [];
  readonly #workerUrl: URL;
  #nextId = 1;
  #closed = false;

  constructor(opts: LinkagePoolOptions = {}) {
    const size = Math.max(1, Math.floor(opts.size ?? 1));
    this.#slots = Array.from({ length: size }, () => ({ worker: null, job: null, idle: null }));
    this.#workerUrl = opts.workerUrl ?? WORKER_URL;
  }

  /** @example const { pairs, stats } = await pool.run({ a: clkFileA, b: clkFileB }) */
  run(request: LinkageMatchRequest): Promise<LinkageMatch> {
    if (this.#closed) return Promise.reject(new AriadneError('CANCELLED', 'The linkage workers are shut down.'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ id: this.#nextId++, request, resolve, reject });
      this.#dispatch();
    });
  }

  /** terminates every worker; runs under way or waiting fail */
  async close(): Promise<void> {
    this.#closed = true;
    const stopped = new AriadneError('CANCELLED', 'The server is shutting down; the linkage run was stopped.');
    for (const job of this.#waiting.splice(0)) job.reject(stopped);
    await Promise.all(this.#slots.map(async (slot) => {
      const { worker, job } = slot;
      slot.worker = null;
      slot.job = null;
      if (slot.idle) clearTimeout(slot.idle);
      job?.reject(stopped);
      if (worker) await worker.terminate();
    }));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.job && this.#waiting.length === 0 && slot.worker && !slot.idle) this.#retireWhenIdle(slot);
      if (slot.job || this.#waiting.length === 0) continue;
      const job = this.#waiting.shift()!;
      slot.job = job;
      if (slot.idle) { clearTimeout(slot.idle); slot.idle = null; }
      (slot.worker ??= this.#spawn(slot)).postMessage({ id: job.id, request: job.request });
    }
  }

  #retireWhenIdle(slot: Slot): void {
    slot.idle = setTimeout(() => {
      slot.idle = null;
      const worker = slot.worker;
      if (slot.job || !worker) return;
      slot.worker = null;
      void worker.terminate();
    }, IDLE_MS);
    slot.idle.unref();
  }

  #spawn(slot: Slot): Worker {
    const worker = new Worker(this.#workerUrl);
    worker.unref();
    const finish = (job: Job | null, settle: (job: Job) => void) => {
      if (!job || slot.job !== job) return;
      slot.job = null;
      settle(job);
      this.#dispatch();
    };
    worker.on('message', (reply: Reply) => finish(slot.job?.id === reply.id ? slot.job : null, (job) => {
      if (reply.type === 'result') job.resolve(reply.match);
      else job.reject(new AriadneError(reply.code, reply.message, reply.details ? { details: reply.details } : {}));
    }));
    // a dead worker fails the run it held and is replaced on next use
    const lost = (reason: string, cause?: unknown) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      finish(slot.job, (job) => job.reject(new AriadneError('INTERNAL', reason, cause === undefined ? {} : { cause })));
    };
    worker.on('error', (error) => lost(`The linkage worker failed: ${error.message}`, error));
    worker.on('exit', (code) => lost(`The linkage worker stopped (exit ${code}) before answering.`));
    return worker;
  }
}

const pools = new WeakMap<AppContext, LinkagePool>();

/** the server's linkage pool, made on first use; close it with the server (`linkagePoolOf(ctx).close()`) */
export function linkagePoolOf(ctx: AppContext): LinkagePool {
  let pool = pools.get(ctx);
  if (!pool) {
    pool = new LinkagePool();
    pools.set(ctx, pool);
  }
  return pool;
}
