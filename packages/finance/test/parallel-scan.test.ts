/**
 * The batch scan on two threads finds exactly what one thread finds: same alerts, same scores,
 * same evidence, on generated data with planted patterns; and a graph rebuilt from shared memory
 * answers every read a detector makes as the original does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCORING, DETECTORS } from '../src/detectors/registry.ts';
import { generateTransactions } from '../src/generator.ts';
import { scanGraphParallel } from '../src/parallel-scan.ts';
import { scanGraph, toAlertLine } from '../src/scan.ts';
import { TransactionGraph } from '../src/tx-graph.ts';

const data = generateTransactions({ seed: 5, accounts: 3_000, days: 40, transactions: 40_000, illicitShare: 0.01 });
const graph = new TransactionGraph({ currency: data.currency });
graph.addAccounts(data.accounts);
for (const tx of data.transactions) graph.add(tx);
const context = { reportingThreshold: data.context.reportingThreshold, homeCountry: data.context.homeCountry, conflictCountries: new Set(data.context.conflictCountries) };

test('two threads raise the same alerts as one', async () => {
  const one = scanGraph(graph, { config: DEFAULT_SCORING, detectors: DETECTORS, context });
  const two = await scanGraphParallel(graph, { config: DEFAULT_SCORING, detectors: DETECTORS, context, threads: 2 });
  const lines = (alerts: typeof one.alerts) => alerts.map((a) => JSON.stringify(toAlertLine(graph, a))).sort();
  assert.ok(one.alerts.length > 10, 'the planted patterns raise alerts');
  assert.deepEqual(lines(two.alerts), lines(one.alerts));
  assert.deepEqual(two.stats.findings, one.stats.findings);
});

test('a graph over shared memory reads as the original and refuses writes', () => {
  const view = TransactionGraph.fromShared(graph.toShared());
  assert.equal(view.size, graph.size);
  assert.equal(view.nodeCount, graph.nodeCount);
  for (const n of [0, 1, Math.floor(graph.nodeCount / 2), graph.nodeCount - 1]) {
    assert.deepEqual(view.outgoing(n), graph.outgoing(n));
    assert.deepEqual(view.incoming(n), graph.incoming(n));
    assert.deepEqual(view.node(n), graph.node(n));
  }
  for (const t of [0, 7, graph.size - 1]) {
    assert.equal(view.amount(t), graph.amount(t));
    assert.equal(view.time(t), graph.time(t));
    assert.equal(view.kind(t), graph.kind(t));
    assert.equal(view.attr(t, 'toCountry'), graph.attr(t, 'toCountry'));
  }
  assert.throws(() => view.add(data.transactions[0]!), /read-only/);
  assert.throws(() => view.txId(0), /by index/);
});
