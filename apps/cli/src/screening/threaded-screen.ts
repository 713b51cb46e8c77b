/**
 * `ariadne screen --threads N`: N worker threads, each with its own index of the lists, screen
 * the queries in batches while the main thread reads the CSV and writes the results. Batches
 * are written in the order they were read (a queue of pending batches awaited head first), so
 * the output is the same, byte for byte, as the single-thread path's.
 */
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ListEntities } from '@ariadne/sanctions';
import { CliError, EXIT } from '../exit-codes.ts';
import type { OutputLimits } from './result-lines.ts';
import type { BatchItem, BatchOutput, ListsMessage, WorkerReady, WorkerSetup } from './screen-protocol.ts';

/** rows per message to a worker: large enough that messaging costs little, small enough to spread */
export const BATCH_ROWS = 512;
/** batches waiting per worker: keeps every worker busy while memory stays bounded on huge inputs */
const IN_FLIGHT_PER_WORKER = 4;
const WORKER_URL = new URL('./screen-worker.mjs', import.meta.url);

export interface PoolOptions extends OutputLimits {
  readonly threads: number;
  readonly threshold?: number;
}

export interface ScreenPool {
  readonly threads: number;
  /** sends the lists to every worker; resolves once each has built its index */
  build(lists: readonly ListEntities[]): Promise<WorkerReady>;
  /** screens a batch on the least busy worker; rejects with a CliError when any worker failed */
  screen(items: readonly BatchItem[]): Promise<BatchOutput>;
  close(): Promise<void>;
}

interface Pending { resolve(out: BatchOutput | WorkerReady): void; reject(error: Error): void }

/**
 * Starts the workers at once, so they load their code while the main thread parses the lists.
 * @example const pool = startScreenPool({ threads: 2, minScore: 0.5, limit: 10 }); await pool.build(lists);
 */
export function startScreenPool(options: PoolOptions): ScreenPool {
  const setup: WorkerSetup = {
    minScore: options.minScore,
    limit: options.limit,
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  };
  const queues: Pending[][] = [];
  let failure: CliError | undefined;
  let closing = false;
  const fail = (n: number, error: Error) => {
    if (failure || closing) return;
    failure = new CliError(EXIT.UNEXPECTED, `screening worker ${n + 1} of ${options.threads} failed: ${error.message}`);
    for (const queue of queues) for (const p of queue.splice(0)) p.reject(failure);
  };
  const workers = Array.from({ length: options.threads }, (_, n) => {
    const worker = new Worker(WORKER_URL, { workerData: setup });
    queues.push([]);
    worker.on('message', (message: BatchOutput | WorkerReady) => queues[n]!.shift()?.resolve(message));
    worker.on('error', (error) => fail(n, error));
    worker.on('exit', (code) => fail(n, new Error(`it exited with code ${code}`)));
    return worker;
  });
  // a reply comes from the worker a message went to, in the order sent
  const ask = <T extends BatchOutput | WorkerReady>(n: number, message: unknown): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      queues[n]!.push({ resolve: resolve as Pending['resolve'], reject });
      workers[n]!.postMessage(message);
    });
  };
  return {
    threads: options.threads,
    async build(lists) {
      // serialised once here and decoded by each worker on its own core: cheaper than parsing
      // the files once per worker, and the lists' messages on stderr are printed once
      const message: ListsMessage = { lists: serialize(lists.map(({ list, entities }) => ({ list, entities: [...entities] }))) };
      const ready = await Promise.all(workers.map((_, n) => ask<WorkerReady>(n, message)));
      return ready[0]!;
    },
    screen(items) {
      let n = 0;
      for (let i = 1; i < queues.length; i++) if (queues[i]!.length < queues[n]!.length) n = i;
      return ask<BatchOutput>(n, items);
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Screens `items` on the pool in batches, writing each batch's lines in input order.
 * @example const { matched } = await screenInOrder(pool, items, (text) => write(out, text));
 */
export async function screenInOrder(pool: ScreenPool, items: AsyncIterable<BatchItem>, write: (text: string) => Promise<void>): Promise<{ matched: number }> {
  const waiting: Promise<BatchOutput>[] = [];
  let matched = 0;
  let batch: BatchItem[] = [];
  const send = () => {
    const sent = pool.screen(batch);
    // awaited later, in order; until then a failure must not count as unhandled
    sent.catch(() => undefined);
    waiting.push(sent);
    batch = [];
  };
  const writeHead = async () => {
    const out = await waiting.shift()!;
    matched += out.matched;
    await write(out.text);
  };
  for await (const item of items) {
    batch.push(item);
    if (batch.length < BATCH_ROWS) continue;
    send();
    while (waiting.length > pool.threads * IN_FLIGHT_PER_WORKER) await writeHead();
  }
  if (batch.length > 0) send();
  while (waiting.length > 0) await writeHead();
  return { matched };
}
