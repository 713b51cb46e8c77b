import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bipartite } from '../src/detectors/bipartite.ts';
import { TransactionGraph } from '../src/tx-graph.ts';
import { TEST_CURRENCY, graphOf, idsOf, runDetector, runDetectorStreaming, tx, type TxLine } from './graph-fixtures.ts';

/** three fresh senders each pay the same three fresh receivers, 9 payments within 40 hours */
const BIPARTITE: TxLine[] = [
  ['P-11', 'ACC-A1', 'ACC-B1', 3_000, 0],
  ['P-12', 'ACC-A1', 'ACC-B2', 3_000, 2],
  ['P-13', 'ACC-A1', 'ACC-B3', 3_000, 4],
  ['P-21', 'ACC-A2', 'ACC-B1', 2_950, 8],
  ['P-22', 'ACC-A2', 'ACC-B2', 2_950, 10],
  ['P-23', 'ACC-A2', 'ACC-B3', 2_950, 12],
  ['P-31', 'ACC-A3', 'ACC-B1', 3_050, 20],
  ['P-32', 'ACC-A3', 'ACC-B2', 3_050, 30],
  ['P-33', 'ACC-A3', 'ACC-B3', 3_050, 40],
];

const BACKGROUND: TxLine[] = [
  ['WAGE-1', 'ACC-EMPLOYER', 'ACC-A1', 2_500, -100, { kind: 'salary' }],
  ['GIFT', 'ACC-AUNT', 'ACC-B2', 100, -90],
  ['SHOP', 'ACC-B1', 'ACC-GROCER', 45, 15, { kind: 'card' }],
];

describe('bipartite', () => {
  test('fires once, at the receiver of the latest payment, with all nine payments', () => {
    const graph = graphOf([...BACKGROUND, ...BIPARTITE]);
    const findings = runDetector(bipartite, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(graph.node(f!.node).key, 'ACC-B3');
    assert.deepEqual(idsOf(graph, f!), BIPARTITE.map((l) => l[0]));
    assert.equal(
      f!.reason,
      '3 senders paid 3 receivers 27,000.00 USD in 9 payments (amounts within 1% of their mean) within 40 hours; 9 of the 9 possible '
        + 'pairs paid (100%), none had dealt with each other before, and each receiver got at least 50% of its payments in the window (wages aside) from these senders.',
    );
    assert.deepEqual([f!.facts?.senders, f!.facts?.receivers, f!.facts?.edges], [3, 3, 9]);
    assert.ok(f!.score > 0.5 && f!.score <= 1);
  });

  test('streaming finds the complete pattern when its last payment arrives, not before', () => {
    const lines = [...BACKGROUND, ...BIPARTITE];
    const findings = runDetectorStreaming(bipartite, lines, [], { minSenders: 3, minReceivers: 3, minDensity: 1 });
    assert.equal(findings.length, 1);
    const graph = graphOf(lines);
    assert.deepEqual(findings[0]!.transactions.map((t) => graph.txId(t)), BIPARTITE.map((l) => l[0]));
  });

  test('streaming with the defaults reports the pattern as it grows; the last report is the batch one', () => {
    const lines = [...BACKGROUND, ...BIPARTITE];
    const streamed = runDetectorStreaming(bipartite, lines);
    assert.ok(streamed.length > 1);
    assert.ok(streamed.every((f, k) => k === 0 || f.transactions.length >= streamed[k - 1]!.transactions.length));
    const batch = runDetector(bipartite, graphOf(lines));
    assert.deepEqual(streamed.at(-1)!.transactions, batch[0]!.transactions);
  });

  test('flatmates paying the same landlord and utility do not fire: the utility lives on many other customers', () => {
    const lines: TxLine[] = [];
    for (let c = 1; c <= 40; c++) lines.push([`UTIL-${c}`, `ACC-HOUSEHOLD-${c}`, 'ACC-UTILITY', 60 + c, c]);
    for (let f = 1; f <= 3; f++) {
      lines.push([`RENT-${f}`, `ACC-FLATMATE-${f}`, 'ACC-LANDLORD', 600, 10 + f]);
      lines.push([`BILL-${f}`, `ACC-FLATMATE-${f}`, 'ACC-UTILITY', 80, 20 + f]);
    }
    assert.deepEqual(runDetector(bipartite, graphOf(lines)), []);
  });

  test('parties that dealt with each other before are not new: a recurring pattern does not fire', () => {
    const lastMonth: TxLine[] = BIPARTITE.map(([id, from, to, amount, hours]) => [`OLD-${id}`, from, to, amount / 10, hours - 30 * 24] as const);
    const graph = graphOf([...lastMonth, ...BIPARTITE]);
    const findings = runDetector(bipartite, graph);
    // last month's round can fire (it was new then); this month's cannot
    assert.ok(findings.every((f) => idsOf(graph, f).every((id) => id.startsWith('OLD-'))));
  });

  test('salaries from shared employers are not a bipartite', () => {
    const lines: TxLine[] = BIPARTITE.map(([id, from, to, amount, hours]) => [id, from, to, amount, hours, { kind: 'salary' }] as const);
    assert.deepEqual(runDetector(bipartite, graphOf(lines)), []);
  });

  test('a sparse pattern fires when its amounts are alike, not when they are unlike', () => {
    // two senders, three receivers: each sender pays the shared receiver and one of its own
    const sparse = (amounts: readonly number[]): TxLine[] => [
      ['Q-1', 'ACC-A1', 'ACC-B1', amounts[0]!, 0],
      ['Q-2', 'ACC-A1', 'ACC-B2', amounts[1]!, 6],
      ['Q-3', 'ACC-A2', 'ACC-B1', amounts[2]!, 20],
      ['Q-4', 'ACC-A2', 'ACC-B3', amounts[3]!, 30],
    ];
    const alike = graphOf(sparse([4_900, 4_950, 4_880, 4_910]));
    const findings = runDetector(bipartite, alike);
    assert.equal(findings.length, 1);
    assert.equal(alike.node(findings[0]!.node).key, 'ACC-B3');
    assert.deepEqual(idsOf(alike, findings[0]!), ['Q-1', 'Q-2', 'Q-3', 'Q-4']);
    assert.deepEqual([findings[0]!.facts?.senders, findings[0]!.facts?.receivers, findings[0]!.facts?.edges], [2, 3, 4]);
    assert.deepEqual(runDetector(bipartite, graphOf(sparse([900, 4_950, 2_300, 7_100]))), []);
  });

  test('a receiver living on card takings is not a member: its concentration counts them', () => {
    const lines: TxLine[] = [...BIPARTITE];
    for (let c = 0; c < 30; c++) lines.push([`TAKE-${c}`, `ACC-CUST-${c}`, 'ACC-B3', 25, c, { kind: 'card' }]);
    const graph = graphOf(lines);
    const findings = runDetector(bipartite, graph);
    assert.equal(findings.length, 1);
    // the shop drops out, the others remain
    assert.equal(findings[0]!.facts?.receivers, 2);
    assert.ok(findings[0]!.transactions.every((t) => graph.node(graph.to(t)).key !== 'ACC-B3'));
  });

  test('refuses an unbounded group', () => {
    assert.throws(() => runDetector(bipartite, graphOf(BIPARTITE), { maxGroup: Infinity }), /invalid parameters/);
  });

  test('a receiver with 100,000 payments in returns bounded findings', () => {
    const graph = new TransactionGraph({ currency: TEST_CURRENCY, capacity: 100_200 });
    for (let k = 0; k < 50_000; k++) {
      graph.add(tx([`HA-${k}`, `ACC-SENDER-${k}`, 'ACC-BUSY', 500, k * 0.1]));
      graph.add(tx([`HB-${k}`, `ACC-SENDER-${k}`, 'ACC-SECOND', 500, k * 0.1 + 0.01]));
    }
    // and a real pattern at the end
    for (const line of BIPARTITE) graph.add(tx([line[0], line[1], line[2], line[3], 5_100 + line[4]]));
    const params = bipartite.defaults;
    const scope = { since: -Infinity, until: Infinity, context: {} };
    for (const key of ['ACC-BUSY', 'ACC-SECOND', 'ACC-B3']) {
      const findings = bipartite.detect(graph, graph.nodeOf(key), params, scope);
      for (const f of findings) assert.ok(f.transactions.length <= params.maxGroup * params.maxScan);
      if (key === 'ACC-B3') assert.equal(findings.length, 1);
    }
  });
});
