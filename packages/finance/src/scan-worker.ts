/**
 * One share of a parallel batch scan (parallel-scan.ts): the graph arrives as shared memory, the
 * worker scans the parties whose index is `part` modulo `parts` with the built-in detectors, and
 * answers the typology hits with transactions named by index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DETECTORS } from './detectors/registry.ts';
import { scanGraph } from './scan.ts';
import { TransactionGraph, type SharedGraphData } from './tx-graph.ts';
import type { DetectContext } from './detector.ts';
import type { ScoringConfig } from './typology.ts';

interface Job {
  readonly graph: SharedGraphData;
  readonly config: ScoringConfig;
  readonly context: DetectContext;
  readonly since: number;
  readonly until: number;
  readonly part: number;
  readonly parts: number;
}

const job = workerData as Job;
const graph = TransactionGraph.fromShared(job.graph);
const nodes: number[] = [];
for (let n = job.part; n < graph.nodeCount; n += job.parts) nodes.push(n);
const { alerts, stats } = scanGraph(graph, { config: job.config, detectors: DETECTORS, context: job.context, since: job.since, until: job.until, nodes });
parentPort!.postMessage({
  hits: alerts.map((hit) => ({ typology: hit.typology.id, node: hit.node, score: hit.score, findings: hit.findings, transactions: hit.transactions })),
  findings: stats.findings,
});
