/**
 * The layering detector on hand-built graphs: a chain of fast forwarding hops, a two-layer stack,
 * parallel chains into one account and a random walk that revisits accounts each give one
 * finding at the receiver of the latest final hop; bills forwarded along old relationships, slow
 * or leaking chains, scatter-gather and gather-scatter do not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@ariadne/network';
import { AriadneError } from '@ariadne/schema';
import { layeringChain } from '../src/detectors/layering.ts';
import { graphOf, idsOf, runDetector, runDetectorStreaming, type TxLine } from './graph-fixtures.ts';

/** ACC-S -> M1 -> M2 -> M3 -> T in 40 hours, each intermediary keeping 3 to 4% */
const CHAIN: TxLine[] = [
  ['LY-1', 'ACC-S', 'ACC-M1', 10_000, 0, { kind: 'wire' }],
  ['LY-2', 'ACC-M1', 'ACC-M2', 9_600, 6],
  ['LY-3', 'ACC-M2', 'ACC-M3', 9_300, 20],
  ['LY-4', 'ACC-M3', 'ACC-T', 9_000, 40],
];

/** a household's month around the chain: wage in, rent and bills to the usual payees, card spending */
const HOUSEHOLD: TxLine[] = [
  ['HH-0', 'ACC-M2', 'ACC-LANDLORD', 850, -24 * 30],
  ['HH-1', 'ACC-EMPLOYER', 'ACC-M2', 3_000, -10, { kind: 'salary' }],
  ['HH-2', 'ACC-M2', 'ACC-LANDLORD', 900, -8],
  ['HH-3', 'ACC-M2', 'ACC-SHOP', 60, -5, { kind: 'card' }],
  ['HH-4', 'ACC-M2', '@cash', 200, 30, { kind: 'cash_withdrawal' }],
];

/**
 * Three origins -> two intermediaries -> two receivers over five days (the generator's stack):
 * ACC-B1 pools 3 x 3,000 and splits it in two, ACC-B2 gets one inflow days before the other.
 */
const STACK: TxLine[] = [
  ['ST-1', 'ACC-A1', 'ACC-B1', 3_000, 0],
  ['ST-2', 'ACC-A1', 'ACC-B2', 3_000, 10],
  ['ST-3', 'ACC-A2', 'ACC-B1', 3_000, 50],
  ['ST-4', 'ACC-A3', 'ACC-B1', 3_000, 90],
  ['ST-5', 'ACC-A3', 'ACC-B2', 3_000, 95],
  ['ST-6', 'ACC-B1', 'ACC-C1', 4_400, 100],
  ['ST-7', 'ACC-B2', 'ACC-C1', 2_900, 105],
  ['ST-8', 'ACC-B1', 'ACC-C2', 4_400, 110],
  ['ST-9', 'ACC-B2', 'ACC-C2', 2_950, 120],
];

describe('layering chains', () => {
  test('finds a chain of fast forwarding hops once, at the receiver of the last hop', () => {
    const graph = graphOf([...HOUSEHOLD, ...CHAIN]);
    const findings = runDetector(layeringChain, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.detector, 'layering');
    assert.equal(f!.node, graph.nodeOf('ACC-T'));
    assert.deepEqual(idsOf(graph, f!), ['LY-1', 'LY-2', 'LY-3', 'LY-4']);
    assert.equal(
      f!.reason,
      'Funds moved along a chain of 4 hops through 3 intermediaries in 40 hours, each passing on at least 80% of what it received within 3 days; '
        + '9,000.00 USD of 10,000.00 USD (90%) reached the last hop; 4 of 4 account pairs trade with each other only within this pattern.',
    );
    assert.equal(f!.facts?.shape, 'chain');
    assert.equal(f!.facts?.hops, 4);
    assert.ok(f!.score > 0.5 && f!.score <= 1);
  });

  test('hops sharing a timestamp follow arrival order: the chain is still found once', () => {
    const sameDay: TxLine[] = CHAIN.map(([id, from, to, amount]) => [id, from, to, amount, 24]);
    const graph = graphOf(sameDay);
    const findings = runDetector(layeringChain, graph);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.node, graph.nodeOf('ACC-T'));
    assert.equal(findings[0]!.transactions.length, 4);
  });

  test('the streaming scorer reports the chain as each new hop lengthens it past three', () => {
    const findings = runDetectorStreaming(layeringChain, [...HOUSEHOLD, ...CHAIN]);
    const graph = graphOf([...HOUSEHOLD, ...CHAIN]);
    assert.deepEqual(findings.map((f) => graph.node(f.node).key), ['ACC-M3', 'ACC-T']);
    assert.deepEqual(findings.map((f) => f.transactions.length), [3, 4]);
    assert.equal(runDetectorStreaming(layeringChain, CHAIN.slice(0, 2)).length, 0);
  });

  test('finds a two-layer stack as one finding at the receiver of its latest hop, pooled and split amounts included', () => {
    const graph = graphOf(STACK);
    const findings = runDetector(layeringChain, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.node, graph.nodeOf('ACC-C2'));
    assert.deepEqual(idsOf(graph, f!), STACK.map((l) => l[0]));
    assert.equal(f!.facts?.shape, 'stack');
    assert.equal(
      f!.reason,
      'Funds moved through stacked layers (3 origin accounts → 2 intermediaries → 2 receivers) in 5 days, '
        + 'each passing on at least 80% of what it received within 3 days; 14,650.00 USD of 15,000.00 USD (98%) reached the final hops; '
        + '9 of 9 account pairs trade with each other only within this pattern.',
    );
  });

  test('the streaming scorer reports the stack once both layers are two wide, and again with its last hop', () => {
    // at ST-8 the stack is two wide on every layer; ACC-B2 has not yet sent on the inflow of hour 10
    // (ST-2), so only its matching inflow joins; ST-9 completes the split and the whole stack is reported
    const findings = runDetectorStreaming(layeringChain, STACK);
    assert.deepEqual(findings.map((f) => f.transactions.length), [7, 9]);
  });

  test('parallel chains into one account are one finding; a split inflow continues into each part', () => {
    const lines: TxLine[] = [
      ['PC-1', 'ACC-S', 'ACC-M', 10_000, 0],
      ['PC-2', 'ACC-M', 'ACC-N1', 3_100, 5],
      ['PC-3', 'ACC-M', 'ACC-N2', 3_100, 6],
      ['PC-4', 'ACC-M', 'ACC-N3', 3_100, 7],
      ['PC-5', 'ACC-N1', 'ACC-T', 3_000, 20],
      ['PC-6', 'ACC-N2', 'ACC-T', 3_000, 22],
      ['PC-7', 'ACC-N3', 'ACC-T', 3_000, 24],
    ];
    const graph = graphOf(lines);
    const findings = runDetector(layeringChain, graph);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.node, graph.nodeOf('ACC-T'));
    assert.equal(findings[0]!.transactions.length, 7);
    assert.equal(findings[0]!.facts?.finalHops, 3);
    assert.match(findings[0]!.reason, /^Funds moved along 3 parallel chains \(the longest 3 hops\) through 4 intermediaries in 24 hours/);
  });

  test('finds a random walk that goes back and forth within a small group', () => {
    const lines: TxLine[] = [
      ['RW-1', 'ACC-W1', 'ACC-W2', 8_000, 0],
      ['RW-2', 'ACC-W2', 'ACC-W1', 7_800, 10],
      ['RW-3', 'ACC-W1', 'ACC-W3', 7_600, 20],
      ['RW-4', 'ACC-W3', 'ACC-W2', 7_400, 35],
    ];
    const graph = graphOf(lines);
    const findings = runDetector(layeringChain, graph);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.node, graph.nodeOf('ACC-W2'));
    assert.deepEqual(idsOf(graph, findings[0]!), ['RW-1', 'RW-2', 'RW-3', 'RW-4']);
  });

  test('bills forwarded along old relationships are not layering', () => {
    const history: TxLine[] = [
      ['OLD-1', 'ACC-S', 'ACC-M1', 120, -24 * 60],
      ['OLD-2', 'ACC-M2', 'ACC-M1', 80, -24 * 50],
      ['OLD-3', 'ACC-M2', 'ACC-M3', 95, -24 * 40],
      ['OLD-4', 'ACC-T', 'ACC-M3', 60, -24 * 30],
    ];
    assert.equal(runDetector(layeringChain, graphOf([...history, ...CHAIN])).length, 0);
  });

  test('pairs that deal with each other again next month are lasting relationships: the batch scan knows, the stream cannot yet', () => {
    // where the data begins every relationship looks new; the same payments a month later show they recur
    const nextMonth: TxLine[] = CHAIN.map(([id, from, to, amount, hours]) => [`${id}-NEXT`, from, to, amount, hours + 24 * 30]);
    const lines = [...CHAIN, ...nextMonth];
    assert.equal(runDetector(layeringChain, graphOf(lines)).length, 0);
    const streamed = runDetectorStreaming(layeringChain, lines);
    assert.deepEqual(streamed.map((f) => idsOf(graphOf(lines), f).join(' ')), ['LY-1 LY-2 LY-3', 'LY-1 LY-2 LY-3 LY-4']);
  });

  test('slow chains, chains that leak, two-hop scatter-gather and gather-scatter are not layering', () => {
    const slow: TxLine[] = CHAIN.map(([id, from, to, amount, hours]) => [id, from, to, amount, hours * 8]);
    const leaking: TxLine[] = [
      ['LK-1', 'ACC-S', 'ACC-M1', 10_000, 0],
      ['LK-2', 'ACC-M1', 'ACC-M2', 6_000, 6],
      ['LK-3', 'ACC-M2', 'ACC-M3', 4_000, 20],
      ['LK-4', 'ACC-M3', 'ACC-T', 2_500, 40],
    ];
    const scatterGather: TxLine[] = [
      ['SG-1', 'ACC-S', 'ACC-K1', 3_000, 0], ['SG-2', 'ACC-S', 'ACC-K2', 3_000, 1], ['SG-3', 'ACC-S', 'ACC-K3', 3_000, 2],
      ['SG-4', 'ACC-K1', 'ACC-T', 2_900, 10], ['SG-5', 'ACC-K2', 'ACC-T', 2_900, 11], ['SG-6', 'ACC-K3', 'ACC-T', 2_900, 12],
    ];
    const gatherScatter: TxLine[] = [
      ['GS-1', 'ACC-A1', 'ACC-H', 3_000, 0], ['GS-2', 'ACC-A2', 'ACC-H', 3_000, 1], ['GS-3', 'ACC-A3', 'ACC-H', 3_000, 2],
      ['GS-4', 'ACC-H', 'ACC-D1', 2_900, 10], ['GS-5', 'ACC-H', 'ACC-D2', 2_900, 11], ['GS-6', 'ACC-H', 'ACC-D3', 2_900, 12],
    ];
    for (const lines of [slow, leaking, scatterGather, gatherScatter]) {
      assert.equal(runDetector(layeringChain, graphOf(lines)).length, 0, lines[0]![0]);
    }
    // the slow chain is found when hops may wait longer
    assert.equal(runDetector(layeringChain, graphOf(slow), { maxHopHours: 168, poolHours: 168, windowHours: 336 }).length, 1);
  });

  test('salary and card payments are not hops', () => {
    const lines: TxLine[] = CHAIN.map(([id, from, to, amount, hours], i) => [id, from, to, amount, hours, { kind: i === 1 ? 'salary' : 'transfer' }]);
    assert.equal(runDetector(layeringChain, graphOf(lines)).length, 0);
  });

  test('a dense component of 10,000 transactions gives a bounded answer', () => {
    const random = seededRandom(11);
    const lines: TxLine[] = [];
    for (let i = 0; i < 10_000; i++) {
      const a = Math.floor(random() * 60);
      let b = Math.floor(random() * 59);
      if (b >= a) b++;
      lines.push([`D-${i}`, `ACC-D${a}`, `ACC-D${b}`, 1_000 + Math.round(random() * 30), (i / 10_000) * 240]);
    }
    const graph = graphOf(lines);
    const findings = runDetector(layeringChain, graph);
    assert.ok(findings.length <= graph.size);
    for (const f of findings) {
      assert.ok(f.transactions.length <= layeringChain.defaults.maxStructureTransactions);
      // the structure's latest transaction is a final hop, and the anchor is its receiver
      assert.equal(graph.to(f.transactions[f.transactions.length - 1]!), f.node);
    }
  });

  test('a call stops searching when its work budget is spent', () => {
    assert.equal(runDetector(layeringChain, graphOf(STACK), { maxSearchWork: 3 }).length, 0);
    assert.equal(runDetector(layeringChain, graphOf(STACK)).length, 1);
  });

  test('refuses a bad configuration', () => {
    const graph = graphOf(CHAIN);
    assert.throws(() => runDetector(layeringChain, graph, { minForward: 2 }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
    assert.throws(() => runDetector(layeringChain, graph, { maxHops: 2, minHops: 3 }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
  });
});
