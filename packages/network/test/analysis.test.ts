import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAnalysis } from '../src/analysis.ts';
import { indexNetwork } from '../src/index-network.ts';
import { runAnalysisInWorker } from '../src/run-in-worker.ts';
import type { EntityNetwork, NetworkEdge } from '../src/types.ts';

const SOURCES = Object.freeze(['test']);

/** persons n0..n{count-1}; ties as pairs of numbers */
function network(count: number, ties: readonly (readonly [number, number])[]): EntityNetwork {
  return {
    nodes: Array.from({ length: count }, (_, i) => ({ id: `n${i}`, schema: 'Person', caption: `Person ${i}`, roles: i === 0 ? ['schema:Person', 'recruiter'] : ['schema:Person'], caseId: null })),
    edges: ties.map(([s, t], i): NetworkEdge => ({
      id: `e${i}`, source: `n${s}`, target: `n${t}`, type: 'Associate', kind: 'associate', label: 'associate', directed: false,
      start: '2016-01', end: null, sources: SOURCES, weight: 1,
    })),
    stats: { entities: count, relations: ties.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 },
  };
}

// the bow-tie: two triangles n0-n1-n2 and n3-n4-n5 held together by n6
const bowTie = network(7, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [2, 6], [6, 3]]);

test('one entry point answers every kind of analysis', () => {
  const net = indexNetwork(bowTie);
  const kinds = [
    runAnalysis(net, { kind: 'centrality', measure: 'betweenness', top: 1 }),
    runAnalysis(net, { kind: 'communities', method: 'leiden' }),
    runAnalysis(net, { kind: 'structure' }),
    runAnalysis(net, { kind: 'paths', from: 'n0', to: 'n5', mode: 'shortest' }),
    runAnalysis(net, { kind: 'ego', id: 'n6' }),
    runAnalysis(net, { kind: 'disruption', k: 1, objective: 'fragmentation' }),
    runAnalysis(net, { kind: 'timeline', measure: 'degree', interval: 'year' }),
  ];
  assert.deepEqual(kinds.map((r) => r.kind), ['centrality', 'communities', 'structure', 'paths', 'ego', 'disruption', 'timeline']);
  // n6 carries every path between the two triangles: 3 × 3 = 9 pairs
  const centrality = kinds[0]!;
  assert.ok(centrality.kind === 'centrality' && centrality.result.top[0]!.id === 'n6' && centrality.result.top[0]!.value === 9);
  const plan = kinds[5]!;
  assert.ok(plan.kind === 'disruption' && plan.result.remove[0]!.id === 'n6');
  const ego = kinds[4]!;
  assert.ok(ego.kind === 'ego' && ego.result.nodes.length === 3);
  assert.throws(() => runAnalysis(net, { kind: 'astrology' } as never), (e: unknown) => (e as { code?: string }).code === 'VALIDATION_FAILED');
});

test('a worker thread gives the same answer as the main thread, with progress', async () => {
  const progress: number[] = [];
  const inWorker = await runAnalysisInWorker(bowTie, { kind: 'communities', method: 'louvain', seed: 7 }, { onProgress: (done) => progress.push(done) });
  assert.deepEqual(inWorker, runAnalysis(indexNetwork(bowTie), { kind: 'communities', method: 'louvain', seed: 7 }));
});

test('errors cross the thread with their code; cancelling terminates the worker', async () => {
  await assert.rejects(runAnalysisInWorker(bowTie, { kind: 'paths', from: 'n0', to: 'nobody', mode: 'shortest' }), (e: unknown) => (e as { code?: string }).code === 'NOT_FOUND');
  const before = new AbortController();
  before.abort();
  await assert.rejects(runAnalysisInWorker(bowTie, { kind: 'structure' }, { signal: before.signal }), (e: unknown) => (e as { code?: string }).code === 'CANCELLED');
  // a ring of 30,000: exact betweenness walks it from every node, long enough to cancel midway
  const n = 30_000;
  const ring = network(n, Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const));
  const controller = new AbortController();
  const running = runAnalysisInWorker(ring, { kind: 'centrality', measure: 'betweenness', sample: n }, { onProgress: () => controller.abort(), signal: controller.signal });
  await assert.rejects(running, (e: unknown) => (e as { code?: string }).code === 'CANCELLED');
});
