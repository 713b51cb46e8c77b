/**
 * The batch scan on several cores. The graph is copied once into shared memory (columns and CSR
 * adjacency; see `TransactionGraph.toShared`), each worker thread rebuilds a read-only view and
 * scans an interleaved share of the parties (party index modulo the thread count, which spreads
 * hubs evenly), and this thread scans its own share meanwhile. Findings are per party, so the
 * union of the shares is exactly what one thread would have found.
 *
 * Only the built-in detectors run in workers (functions cannot cross a thread boundary); with any
 * other registry, or one thread, this is `scanGraph`.
 */
import { Worker } from 'node:worker_threads';
import { AriadneError } from '@ariadne/schema';
import { DETECTORS } from './detectors/registry.ts';
import type { Finding } from './detector.ts';
import { scanGraph, type ScanOptions, type ScanResult } from './scan.ts';
import type { TransactionGraph } from './tx-graph.ts';
import type { TypologyHit } from './typology.ts';

const WORKER_URL = new URL('./scan-worker.mjs', import.meta.url);

interface WorkerHit {
  readonly typology: string;
  readonly node: number;
  readonly score: number;
  readonly findings: Finding[];
  readonly transactions: number[];
}

export interface ParallelScanOptions extends Omit<ScanOptions, 'nodes' | 'onProgress' | 'profile'> {
  /** threads in all, this one included (default 2) */
  readonly threads?: number;
}

export async function scanGraphParallel(graph: TransactionGraph, options: ParallelScanOptions): Promise<ScanResult> {
  const threads = Math.max(1, Math.floor(options.threads ?? 2));
  if (threads === 1 || options.detectors !== DETECTORS) return scanGraph(graph, options);
  const data = graph.toShared();
  const since = options.since ?? -Infinity;
  const until = options.until ?? Infinity;
  const context = options.context ?? {};
  const workers = Array.from({ length: threads - 1 }, (_, k) => new Promise<{ hits: WorkerHit[]; findings: Record<string, number> }>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { graph: data, config: options.config, context, since, until, part: k + 1, parts: threads } });
    worker.once('message', resolve);
    worker.once('error', (error) => reject(new AriadneError('INTERNAL', `A scan worker failed: ${error.message}`, { cause: error })));
    worker.once('exit', (code) => reject(new AriadneError('INTERNAL', `A scan worker stopped (exit ${code}) before answering.`)));
  }));
  const own: number[] = [];
  for (let n = 0; n < graph.nodeCount; n += threads) own.push(n);
  const mine = scanGraph(graph, { ...options, nodes: own });
  const typologies = new Map(options.config.typologies.map((t) => [t.id, t]));
  const alerts: TypologyHit[] = [...mine.alerts];
  const findings: Record<string, number> = { ...mine.stats.findings };
  for (const result of await Promise.all(workers)) {
    for (const hit of result.hits) alerts.push({ ...hit, typology: typologies.get(hit.typology)! });
    for (const [id, count] of Object.entries(result.findings)) findings[id] = (findings[id] ?? 0) + count;
  }
  alerts.sort((a, b) => b.score - a.score || graph.time(a.transactions[0]!) - graph.time(b.transactions[0]!));
  return { alerts, stats: { parties: graph.nodeCount, transactions: graph.size, findings, detectorMs: {} } };
}
