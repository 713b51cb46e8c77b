/**
 * The cycle detector on hand-built graphs: a ring of new relationships closed in days fires once,
 * at the sender of the closing transaction; loans, old friends passing money round, rings that
 * lose most of the money or take weeks do not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@ariadne/network';
import { AriadneError } from '@ariadne/schema';
import { cycles } from '../src/detectors/cycles.ts';
import { graphOf, idsOf, runDetector, runDetectorStreaming, type TxLine } from './graph-fixtures.ts';

/** ACC-0001 -> 0002 -> 0003 -> 0004 -> 0001 within 60 hours, each hop 3% less */
const RING: TxLine[] = [
  ['CY-1', 'ACC-0001', 'ACC-0002', 10_000, 0],
  ['CY-2', 'ACC-0002', 'ACC-0003', 9_700, 12],
  ['CY-3', 'ACC-0003', 'ACC-0004', 9_400, 30],
  ['CY-4', 'ACC-0004', 'ACC-0001', 9_100, 60],
];

/** everyday traffic around the ring: salary, card payments, rent to a landlord paid every month */
const BACKGROUND: TxLine[] = [
  ['BG-1', 'ACC-EMPLOYER', 'ACC-0001', 3_000, -100, { kind: 'salary' }],
  ['BG-2', 'ACC-0001', 'ACC-SHOP', 45, -90, { kind: 'card' }],
  ['BG-3', 'ACC-0002', 'ACC-LANDLORD', 900, -80],
  ['BG-4', 'ACC-0003', '@cash', 200, 20, { kind: 'cash_withdrawal' }],
  ['BG-5', 'ACC-0004', 'ACC-SHOP', 30, 70, { kind: 'card' }],
];

describe('cycles', () => {
  test('finds a ring closed within days, once, anchored at the sender of the closing transaction', () => {
    const graph = graphOf([...BACKGROUND, ...RING]);
    const findings = runDetector(cycles, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.detector, 'cycle');
    assert.equal(f!.node, graph.nodeOf('ACC-0004'));
    assert.deepEqual(idsOf(graph, f!), ['CY-1', 'CY-2', 'CY-3', 'CY-4']);
    assert.equal(
      f!.reason,
      'Funds went round 4 accounts and back in 2.5 days, 91% of the first amount returned (9,100.00 USD of 10,000.00 USD); '
        + '4 of 4 account pairs trade with each other only within this ring.',
    );
    assert.equal(f!.facts?.length, 4);
    assert.equal(f!.facts?.returnedShare, 0.91);
    assert.ok(f!.score > 0.5 && f!.score <= 1);
  });

  test('is found by the streaming scorer when the closing transaction arrives, not before', () => {
    assert.equal(runDetectorStreaming(cycles, [...BACKGROUND, ...RING.slice(0, 3)]).length, 0);
    const findings = runDetectorStreaming(cycles, [...BACKGROUND, ...RING]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.transactions.length, 4);
  });

  test('hops sharing a timestamp (day-granular sources) follow arrival order: the ring is reported once', () => {
    const sameDay: TxLine[] = RING.map(([id, from, to, amount]) => [id, from, to, amount, 24]);
    const graph = graphOf(sameDay);
    const findings = runDetector(cycles, graph);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.node, graph.nodeOf('ACC-0004'));
    assert.deepEqual(idsOf(graph, findings[0]!), ['CY-1', 'CY-2', 'CY-3', 'CY-4']);
  });

  test('finds long rings (the generator plants up to 10 accounts) and honours maxLength', () => {
    const ring: TxLine[] = Array.from({ length: 8 }, (_, i) => [
      `LR-${i}`, `ACC-1${i}`, `ACC-1${(i + 1) % 8}`, Math.round(5_000 * 0.98 ** i), i * 20,
    ] as const);
    const graph = graphOf(ring);
    const [f] = runDetector(cycles, graph);
    assert.equal(f?.transactions.length, 8);
    assert.equal(f?.node, graph.nodeOf('ACC-17'));
    assert.equal(runDetector(cycles, graph, { maxLength: 6 }).length, 0);
  });

  test('a loan repaid weeks later is not a cycle; a fast equal round trip is one only when minLength allows 2', () => {
    const loan: TxLine[] = [
      ['LN-1', 'ACC-0001', 'ACC-0002', 2_000, 0],
      ['LN-2', 'ACC-0002', 'ACC-0001', 2_000, 24 * 21],
    ];
    assert.equal(runDetector(cycles, graphOf(loan)).length, 0);
    assert.equal(runDetector(cycles, graphOf(loan), { minLength: 2 }).length, 0);
    const roundTrip: TxLine[] = [
      ['RT-1', 'ACC-0001', 'ACC-0002', 2_000, 0],
      ['RT-2', 'ACC-0002', 'ACC-0001', 1_980, 5],
    ];
    assert.equal(runDetector(cycles, graphOf(roundTrip)).length, 0);
    const found = runDetector(cycles, graphOf(roundTrip), { minLength: 2 });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.facts?.length, 2);
  });

  test('friends who have paid each other before passing money round are not flagged', () => {
    const history: TxLine[] = [
      ['H-1', 'ACC-0001', 'ACC-0002', 60, -24 * 30],
      ['H-2', 'ACC-0003', 'ACC-0002', 40, -24 * 25],
      ['H-3', 'ACC-0004', 'ACC-0003', 80, -24 * 20],
      ['H-4', 'ACC-0001', 'ACC-0004', 50, -24 * 15],
    ];
    assert.equal(runDetector(cycles, graphOf([...history, ...RING])).length, 0);
    // the same ring with one old pair out of four still counts as mostly new
    assert.equal(runDetector(cycles, graphOf([history[0]!, ...RING])).length, 1);
  });

  test('a ring along relationships that recur later is not flagged by the batch scan', () => {
    const later: TxLine[] = RING.map(([id, from, to, , hours]) => [`${id}-LATER`, from, to, 75, hours + 24 * 30]);
    assert.equal(runDetector(cycles, graphOf([...RING, ...later])).length, 0);
    assert.equal(runDetectorStreaming(cycles, [...RING, ...later]).length, 1);
  });

  test('rings that lose most of the money, take weeks, run backwards in time or go through salaries are not cycles', () => {
    const shrinking: TxLine[] = [
      ['S-1', 'ACC-0001', 'ACC-0002', 10_000, 0],
      ['S-2', 'ACC-0002', 'ACC-0003', 3_000, 10],
      ['S-3', 'ACC-0003', 'ACC-0001', 2_900, 20],
    ];
    const slow: TxLine[] = [
      ['W-1', 'ACC-0001', 'ACC-0002', 10_000, 0],
      ['W-2', 'ACC-0002', 'ACC-0003', 9_800, 24 * 6],
      ['W-3', 'ACC-0003', 'ACC-0001', 9_600, 24 * 12],
    ];
    const backwards: TxLine[] = [
      ['B-1', 'ACC-0002', 'ACC-0003', 9_800, 0],
      ['B-2', 'ACC-0001', 'ACC-0002', 10_000, 10],
      ['B-3', 'ACC-0003', 'ACC-0001', 9_600, 20],
    ];
    const wages: TxLine[] = [
      ['P-1', 'ACC-0001', 'ACC-0002', 3_000, 0, { kind: 'salary' }],
      ['P-2', 'ACC-0002', 'ACC-0003', 2_950, 10],
      ['P-3', 'ACC-0003', 'ACC-0001', 2_900, 20],
    ];
    for (const lines of [shrinking, slow, backwards, wages]) assert.equal(runDetector(cycles, graphOf(lines)).length, 0, lines[0]![0]);
  });

  test('hops through the cash pseudo-account are never part of a ring', () => {
    const lines: TxLine[] = [
      ['C-1', 'ACC-0001', '@cash', 5_000, 0, { kind: 'cash_withdrawal' }],
      ['C-2', '@cash', 'ACC-0002', 4_900, 5, { kind: 'cash_deposit' }],
      ['C-3', 'ACC-0002', 'ACC-0001', 4_800, 10],
    ];
    assert.equal(runDetector(cycles, graphOf(lines), { kinds: ['transfer', 'cash_deposit', 'cash_withdrawal'] }).length, 0);
  });

  test('a dense component of 10,000 transactions gives a bounded answer', () => {
    const random = seededRandom(7);
    const lines: TxLine[] = [];
    for (let i = 0; i < 10_000; i++) {
      const a = Math.floor(random() * 60);
      let b = Math.floor(random() * 59);
      if (b >= a) b++;
      lines.push([`D-${i}`, `ACC-D${a}`, `ACC-D${b}`, 1_000 + Math.round(random() * 30), (i / 10_000) * 240]);
    }
    const graph = graphOf(lines);
    const findings = runDetector(cycles, graph);
    // at most one ring per closing transaction, each a ring of 3..10 hops anchored at the closing sender
    assert.ok(findings.length <= graph.size);
    for (const f of findings) {
      assert.ok(f.transactions.length >= 3 && f.transactions.length <= 10);
      assert.equal(graph.from(f.transactions[f.transactions.length - 1]!), f.node);
    }
  });

  test('a call stops searching when its work budget is spent', () => {
    const graph = graphOf([...BACKGROUND, ...RING]);
    assert.equal(runDetector(cycles, graph, { maxSearchWork: 2 }).length, 0);
    assert.equal(runDetector(cycles, graph, { maxCallWork: 2 }).length, 0);
    assert.equal(runDetector(cycles, graph).length, 1);
  });

  test('refuses a bad configuration', () => {
    const graph = graphOf(RING);
    assert.throws(() => runDetector(cycles, graph, { maxLength: 1 }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
    assert.throws(() => runDetector(cycles, graph, { kinds: ['teleport'] as never }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
  });
});
