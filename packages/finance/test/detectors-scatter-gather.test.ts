import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherScatter, scatterGather } from '../src/detectors/scatter-gather.ts';
import { TransactionGraph } from '../src/tx-graph.ts';
import { TEST_CURRENCY, graphOf, idsOf, runDetector, runDetectorStreaming, tx, type TxLine } from './graph-fixtures.ts';

/** a source splits 20,000 among four fresh mules, each passes 96% on to the sink within a day */
const SCATTER_GATHER: TxLine[] = [
  ['Y-1', 'ACC-SRC', 'ACC-I1', 5_000, 0],
  ['Y-2', 'ACC-SRC', 'ACC-I2', 5_000, 1],
  ['Y-3', 'ACC-SRC', 'ACC-I3', 5_000, 2],
  ['Y-4', 'ACC-SRC', 'ACC-I4', 5_000, 3],
  ['X-1', 'ACC-I1', 'ACC-SINK', 4_800, 10],
  ['X-2', 'ACC-I2', 'ACC-SINK', 4_800, 14],
  ['X-3', 'ACC-I3', 'ACC-SINK', 4_800, 20],
  ['X-4', 'ACC-I4', 'ACC-SINK', 4_800, 30],
];

const SG_BACKGROUND: TxLine[] = [
  ['RENT', 'ACC-TENANT', 'ACC-SINK', 900, -100],
  ['WAGE', 'ACC-EMPLOYER', 'ACC-I1', 2_000, -50, { kind: 'salary' }],
  ['SHOP', 'ACC-I2', 'ACC-GROCER', 60, 5, { kind: 'card' }],
];

describe('scatter-gather', () => {
  test('fires at the sink with the source payments and the intermediaries\' payments, once', () => {
    const graph = graphOf([...SG_BACKGROUND, ...SCATTER_GATHER]);
    const findings = runDetector(scatterGather, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(graph.node(f!.node).key, 'ACC-SINK');
    assert.deepEqual(idsOf(graph, f!), ['Y-1', 'Y-2', 'Y-3', 'Y-4', 'X-1', 'X-2', 'X-3', 'X-4']);
    assert.equal(
      f!.reason,
      '4 intermediaries received 20,000.00 USD from one source and passed 19,200.00 USD (96%) on to the account within 30 hours, '
        + 'each within 3 days of receiving it; 4 of the 4 had no earlier dealings with the source or the account.',
    );
    assert.equal(f!.facts?.intermediaries, 4);
    assert.ok(f!.score >= 0.5 && f!.score <= 1);
  });

  test('streaming finds it when the last intermediary pays the sink, not before', () => {
    const lines = [...SG_BACKGROUND, ...SCATTER_GATHER];
    const findings = runDetectorStreaming(scatterGather, lines, [], { minIntermediaries: 4 });
    assert.equal(findings.length, 1);
    const graph = graphOf(lines);
    assert.deepEqual(findings[0]!.transactions.map((t) => graph.txId(t)), ['Y-1', 'Y-2', 'Y-3', 'Y-4', 'X-1', 'X-2', 'X-3', 'X-4']);
    // with the default of three it fires at the third and grows with the fourth; batch keeps only the grown one
    const growing = runDetectorStreaming(scatterGather, lines);
    assert.deepEqual(growing.map((f) => f.transactions.length), [6, 8]);
  });

  test('children paying a shop a small part of what a parent sent them do not fire', () => {
    const lines: TxLine[] = [];
    for (let c = 1; c <= 4; c++) {
      lines.push([`POCKET-${c}`, 'ACC-PARENT', `ACC-CHILD-${c}`, 1_000, c]);
      lines.push([`BUY-${c}`, `ACC-CHILD-${c}`, 'ACC-SHOP', 200, c + 20]);
    }
    assert.deepEqual(runDetector(scatterGather, graphOf(lines)), []);
  });

  test('employees paying rent to one landlord out of their wages do not fire', () => {
    const lines: TxLine[] = [];
    for (let e = 1; e <= 5; e++) {
      lines.push([`SAL-${e}`, 'ACC-EMPLOYER', `ACC-WORKER-${e}`, 1_000, 0, { kind: 'salary' }]);
      lines.push([`RENT-${e}`, `ACC-WORKER-${e}`, 'ACC-LANDLORD', 950, 24 + e]);
    }
    assert.deepEqual(runDetector(scatterGather, graphOf(lines)), []);
  });

  test('intermediaries that already dealt with the sink are not new: recurring forwarding does not fire', () => {
    const history: TxLine[] = [1, 2, 3, 4].map((k) => [`OLD-${k}`, `ACC-I${k}`, 'ACC-SINK', 100, -40 * 24] as const);
    assert.deepEqual(runDetector(scatterGather, graphOf([...history, ...SCATTER_GATHER])), []);
  });

  test('forwarding later than maxHopHours is not passing the money on', () => {
    assert.deepEqual(runDetector(scatterGather, graphOf(SCATTER_GATHER), { maxHopHours: 6 }), []);
  });

  test('refuses a negative hop', () => {
    assert.throws(() => runDetector(scatterGather, graphOf(SCATTER_GATHER), { maxHopHours: -1 }), /invalid parameters/);
  });

  test('a sink with 100,000 payments in from funded intermediaries returns bounded findings', () => {
    const graph = new TransactionGraph({ currency: TEST_CURRENCY, capacity: 200_100 });
    for (let k = 0; k < 100_000; k++) {
      graph.add(tx([`HY-${k}`, 'ACC-BIG-SOURCE', `ACC-MULE-${k}`, 1_000, k * 0.05]));
      graph.add(tx([`HX-${k}`, `ACC-MULE-${k}`, 'ACC-BIG-SINK', 950, k * 0.05 + 1]));
    }
    const sink = graph.nodeOf('ACC-BIG-SINK');
    const params = scatterGather.defaults;
    const batch = scatterGather.detect(graph, sink, params, { since: -Infinity, until: Infinity, context: {} });
    assert.ok(batch.length > 0);
    for (const f of batch) assert.ok(f.transactions.length <= 2 * params.maxWindowTransactions);
    const last = graph.time(graph.incoming(sink).at(-1)!);
    const streamed = scatterGather.detect(graph, sink, params, { since: last, until: last, context: {} });
    assert.equal(streamed.length, 1);
    assert.equal(streamed[0]!.facts?.intermediaries, params.maxWindowTransactions);
  });
});

/** four fresh senders pay the hub 12,000 within 8 hours; it pays 11,600 on to four fresh recipients by hour 20 */
const GATHER_SCATTER: TxLine[] = [
  ['G-1', 'ACC-G1', 'ACC-HUB', 3_000, 0],
  ['G-2', 'ACC-G2', 'ACC-HUB', 3_000, 2],
  ['G-3', 'ACC-G3', 'ACC-HUB', 3_000, 5],
  ['G-4', 'ACC-G4', 'ACC-HUB', 3_000, 8],
  ['S-1', 'ACC-HUB', 'ACC-D1', 2_900, 12],
  ['S-2', 'ACC-HUB', 'ACC-D2', 2_900, 13],
  ['S-3', 'ACC-HUB', 'ACC-D3', 2_900, 15],
  ['S-4', 'ACC-HUB', 'ACC-D4', 2_900, 20],
];

describe('gather-scatter', () => {
  test('fires at the hub with the payments in and out, once', () => {
    const graph = graphOf([['SAL', 'ACC-EMPLOYER', 'ACC-HUB', 1_800, -300, { kind: 'salary' }], ...GATHER_SCATTER]);
    const findings = runDetector(gatherScatter, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(graph.node(f!.node).key, 'ACC-HUB');
    assert.deepEqual(idsOf(graph, f!), GATHER_SCATTER.map((l) => l[0]));
    assert.equal(f!.reason, '4 new senders paid 12,000.00 USD into the account and it paid 11,600.00 USD (97%) on to 4 new recipients within 20 hours.');
  });

  test('streaming finds it at the fourth payment out, when enough has passed through, not before', () => {
    const findings = runDetectorStreaming(gatherScatter, GATHER_SCATTER);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.transactions.length, 8);
  });

  test('a business paid by new clients that pays suppliers a third of it does not fire', () => {
    const lines: TxLine[] = [];
    for (let c = 1; c <= 6; c++) lines.push([`FEE-${c}`, `ACC-CLIENT-${c}`, 'ACC-FIRM', 2_000, c * 4]);
    for (let s = 1; s <= 3; s++) lines.push([`BILL-${s}`, 'ACC-FIRM', `ACC-SUPPLIER-${s}`, 1_300, 30 + s]);
    assert.deepEqual(runDetector(gatherScatter, graphOf(lines)), []);
  });

  test('a shop passing its card takings on to suppliers does not fire', () => {
    const lines: TxLine[] = [];
    for (let c = 1; c <= 60; c++) lines.push([`CARD-${c}`, `ACC-CUST-${c}`, 'ACC-SHOP', 100, c * 0.3, { kind: 'card' }]);
    for (let s = 1; s <= 4; s++) lines.push([`SUP-${s}`, 'ACC-SHOP', `ACC-SUPPLIER-${s}`, 1_450, 20 + s]);
    assert.deepEqual(runDetector(gatherScatter, graphOf(lines)), []);
  });

  test('paying out before the money came in is not a gather-scatter', () => {
    const reversed: TxLine[] = GATHER_SCATTER.map(([id, from, to, amount, hours]) => [id, from, to, amount, id.startsWith('S') ? hours - 20 : hours + 12] as const);
    assert.deepEqual(runDetector(gatherScatter, graphOf(reversed)), []);
  });

  test('a bill paid to a new payee in the same days does not spoil the scatter', () => {
    const lines: TxLine[] = [...GATHER_SCATTER.slice(0, 4), ['BILL', 'ACC-HUB', 'ACC-PLUMBER', 1_640, 10], ...GATHER_SCATTER.slice(4)];
    const graph = graphOf(lines);
    const [f] = runDetector(gatherScatter, graph);
    assert.deepEqual(idsOf(graph, f!), GATHER_SCATTER.map((l) => l[0]));
    assert.equal(f!.facts?.destinations, 4);
  });

  test('unlike amounts on both sides are a business\'s turnover, not a hub', () => {
    const lines: TxLine[] = [
      ['C-1', 'ACC-C1', 'ACC-TRADER', 500, 0], ['C-2', 'ACC-C2', 'ACC-TRADER', 3_100, 3], ['C-3', 'ACC-C3', 'ACC-TRADER', 1_400, 6],
      ['V-1', 'ACC-V1', 'ACC-TRADER', 0.01, 0.5],
      ['P-1', 'ACC-TRADER', 'ACC-S1', 2_600, 10], ['P-2', 'ACC-TRADER', 'ACC-S2', 400, 11], ['P-3', 'ACC-TRADER', 'ACC-S3', 1_700, 12],
    ];
    assert.deepEqual(runDetector(gatherScatter, graphOf(lines)), []);
  });

  test('refuses a pass-through share of zero', () => {
    assert.throws(() => runDetector(gatherScatter, graphOf(GATHER_SCATTER), { minPassThrough: 0 }), /invalid parameters/);
  });

  test('a hub with 100,000 transactions returns bounded findings', () => {
    const graph = new TransactionGraph({ currency: TEST_CURRENCY, capacity: 100_100 });
    for (let k = 0; k < 50_000; k++) {
      graph.add(tx([`HI-${k}`, `ACC-IN-${k}`, 'ACC-BUSY', 1_000, k * 0.1]));
      graph.add(tx([`HO-${k}`, 'ACC-BUSY', `ACC-OUT-${k}`, 990, k * 0.1 + 0.05]));
    }
    const hub = graph.nodeOf('ACC-BUSY');
    const params = gatherScatter.defaults;
    const batch = gatherScatter.detect(graph, hub, params, { since: -Infinity, until: Infinity, context: {} });
    assert.ok(batch.length > 0);
    for (const f of batch) assert.ok(f.transactions.length <= 2 * params.maxWindowTransactions);
  });
});
