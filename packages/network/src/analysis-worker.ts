/**
 * The worker thread side of `runAnalysisInWorker`: one analysis per worker, progress posted at
 * most every 100 ms. Runs off the server's event loop, so a minute of betweenness does not stall
 * every other request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAriadneError } from '@ariadne/schema';
import { runAnalysis } from './analysis.ts';
import { indexNetwork } from './index-network.ts';
import type { AnalysisRequest, EntityNetwork } from './types.ts';

const { network, request } = workerData as { network: EntityNetwork; request: AnalysisRequest };
let last = 0;
try {
  const result = runAnalysis(indexNetwork(network), request, {
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      parentPort!.postMessage({ type: 'progress', done, total });
    },
  });
  parentPort!.postMessage({ type: 'result', result });
} catch (error) {
  parentPort!.postMessage(isAriadneError(error)
    ? { type: 'error', code: error.code, message: error.message, details: error.details ?? null }
    : { type: 'error', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), details: null });
}
