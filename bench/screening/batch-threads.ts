/**
 * Batch screening on several threads, as `ariadne screen` could run it on the 2 cores:
 * the queries split between worker threads, each with its own index; per run the wall time is
 * the slowest worker's. Returns queries/s per run.
 */
import { Worker } from 'node:worker_threads';

export async function threadedRates(queries: readonly string[], threads: number, runs: number): Promise<number[]> {
  const shares = Array.from({ length: threads }, (_, t) => queries.filter((_, i) => i % threads === t));
  const workers = shares.map((share) => new Worker(new URL('./batch-worker.mjs', import.meta.url), { workerData: { queries: share, runs } }));
  const next = (w: Worker) => new Promise<{ ready?: boolean; seconds?: number[] }>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  await Promise.all(workers.map(next));
  const results = workers.map(next);
  for (const w of workers) w.postMessage('go');
  const seconds = (await Promise.all(results)).map((r) => r.seconds!);
  await Promise.all(workers.map((w) => w.terminate()));
  return Array.from({ length: runs }, (_, r) => queries.length / Math.max(...seconds.map((s) => s[r]!)));
}
