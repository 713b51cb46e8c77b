/**
 * Runs an analysis in a worker thread. Cancelling terminates the worker: a hot loop stops at
 * once, with nothing half-written (analyses only read the network they were given).
 */
import { Worker } from 'node:worker_threads';
import { AriadneError, type ErrorCode } from '@ariadne/schema';
import type { RunOptions } from './run-options.ts';
import type { AnalysisRequest, AnalysisResult, EntityNetwork } from './types.ts';

const WORKER_URL = new URL('./analysis-worker.mjs', import.meta.url);

type Message =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; result: AnalysisResult }
  | { type: 'error'; code: ErrorCode; message: string; details: Record<string, string> | null };

/** @example const result = await runAnalysisInWorker(network, { kind: 'communities', method: 'leiden' }, { signal }) */
export function runAnalysisInWorker(network: EntityNetwork, request: AnalysisRequest, opts: RunOptions = {}): Promise<AnalysisResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) { reject(new AriadneError('CANCELLED', 'The analysis was cancelled.')); return; }
    const worker = new Worker(WORKER_URL, { workerData: { network, request } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(new AriadneError('CANCELLED', 'The analysis was cancelled.')));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: Message) => {
      if (message.type === 'progress') opts.onProgress?.(message.done, message.total);
      else if (message.type === 'result') settle(() => resolve(message.result));
      else settle(() => reject(new AriadneError(message.code, message.message, message.details ? { details: message.details } : {})));
    });
    worker.on('error', (error) => settle(() => reject(new AriadneError('INTERNAL', `The analysis worker failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new AriadneError('INTERNAL', `The analysis worker stopped (exit ${code}) before answering.`))));
  });
}
