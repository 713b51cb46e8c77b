/**
 * The rapid pass-through detector on hand-built graphs: an account that sends on nearly all it
 * received within hours to new payees fires once, at its latest outflow; wages spent on rent and
 * bills, a friend's transfer passed to the usual landlord, a merchant's takings, slow, partial
 * or small forwarding do not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@ariadne/network';
import { AriadneError } from '@ariadne/schema';
import { rapidPassThrough } from '../src/detectors/pass-through.ts';
import { graphOf, idsOf, runDetector, runDetectorStreaming, type TxLine } from './graph-fixtures.ts';

/** the mule's ordinary life: wage, rent to its landlord, card spending */
const MULE_LIFE: TxLine[] = [
  ['ML-1', 'ACC-EMPLOYER', 'ACC-MULE', 2_800, -200, { kind: 'salary' }],
  ['ML-2', 'ACC-MULE', 'ACC-LANDLORD', 900, -190],
  ['ML-3', 'ACC-MULE', 'ACC-SHOP', 40, -100, { kind: 'card' }],
];

/** two inflows, then two payments to new payees totalling 95% within 10 hours */
const PASS: TxLine[] = [
  ['PT-1', 'ACC-X1', 'ACC-MULE', 6_000, 0],
  ['PT-2', 'ACC-X2', 'ACC-MULE', 4_000, 2, { kind: 'wire' }],
  ['PT-3', 'ACC-MULE', 'ACC-Y1', 5_000, 8],
  ['PT-4', 'ACC-MULE', 'ACC-Y2', 4_500, 10],
];

describe('rapid pass-through', () => {
  test('finds an account sending on what it received within hours, once, at its latest outflow', () => {
    const graph = graphOf([...MULE_LIFE, ...PASS]);
    const findings = runDetector(rapidPassThrough, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.detector, 'rapid-pass-through');
    assert.equal(f!.node, graph.nodeOf('ACC-MULE'));
    assert.deepEqual(idsOf(graph, f!), ['PT-1', 'PT-2', 'PT-3', 'PT-4']);
    assert.equal(
      f!.reason,
      'Received 10,000.00 USD in 2 payments and sent 9,500.00 USD (95%) on within 10 hours in 2 payments; '
        + '100% of it went to 2 payees this account has no other transactions with.',
    );
    assert.equal(f!.facts?.passRatio, 0.95);
    assert.ok(f!.score > 0.5 && f!.score <= 1);
  });

  test('is found by the streaming scorer when the outflow that completes it arrives', () => {
    assert.equal(runDetectorStreaming(rapidPassThrough, [...MULE_LIFE, ...PASS.slice(0, 3)]).length, 0);
    const findings = runDetectorStreaming(rapidPassThrough, [...MULE_LIFE, ...PASS]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.transactions.length, 4);
  });

  test('overlapping bursts are one run, reported once with all their transactions', () => {
    const lines: TxLine[] = [
      ['R-1', 'ACC-X1', 'ACC-MULE', 10_000, 0],
      ['R-2', 'ACC-MULE', 'ACC-Y1', 9_500, 3],
      ['R-3', 'ACC-X2', 'ACC-MULE', 5_000, 10],
      ['R-4', 'ACC-MULE', 'ACC-Y2', 4_700, 12],
    ];
    const graph = graphOf(lines);
    const findings = runDetector(rapidPassThrough, graph);
    assert.equal(findings.length, 1);
    assert.deepEqual(idsOf(graph, findings[0]!), ['R-1', 'R-2', 'R-3', 'R-4']);
    assert.match(findings[0]!.reason, /^Received 15,000\.00 USD in 2 payments and sent 14,200\.00 USD \(95%\) on within 12 hours/);
    // the streaming scorer reports the run as it grows
    assert.deepEqual(runDetectorStreaming(rapidPassThrough, lines).map((f) => f.transactions.length), [2, 4]);
  });

  test('cash paid in and wired on the same day counts; cash taken out does not', () => {
    const wired: TxLine[] = [
      ['CW-1', '@cash', 'ACC-P', 5_000, 0, { kind: 'cash_deposit' }],
      ['CW-2', 'ACC-P', 'ACC-ABROAD', 4_800, 4, { kind: 'wire' }],
    ];
    assert.equal(runDetector(rapidPassThrough, graphOf(wired)).length, 1);
    const withdrawn: TxLine[] = [
      ['CO-1', 'ACC-X1', 'ACC-P', 10_000, 0],
      ['CO-2', 'ACC-P', '@cash', 9_800, 4, { kind: 'cash_withdrawal' }],
    ];
    assert.equal(runDetector(rapidPassThrough, graphOf(withdrawn)).length, 0);
  });

  test('wages spent on rent and bills, or a transfer passed to the usual landlord, are normal', () => {
    const household: TxLine[] = [
      ['HH-1', 'ACC-P', 'ACC-LANDLORD', 1_500, -24 * 30],
      ['HH-2', 'ACC-P', 'ACC-POWER', 200, -24 * 29],
      ['HH-3', 'ACC-EMPLOYER', 'ACC-P', 3_000, 0, { kind: 'salary' }],
      ['HH-4', 'ACC-P', 'ACC-LANDLORD', 1_500, 2],
      ['HH-5', 'ACC-P', 'ACC-POWER', 210, 3],
      ['HH-6', 'ACC-P', 'ACC-SHOP', 80, 5, { kind: 'card' }],
      ['HH-7', 'ACC-FRIEND', 'ACC-P', 1_200, 24 * 5],
      ['HH-8', 'ACC-P', 'ACC-LANDLORD', 1_150, 24 * 5 + 5],
    ];
    assert.equal(runDetector(rapidPassThrough, graphOf(household)).length, 0);
  });

  test('a payee paid again next month is a regular one: the batch scan knows, the stream cannot yet', () => {
    const lines: TxLine[] = [
      ['NM-1', 'ACC-FRIEND', 'ACC-P', 2_200, 0],
      ['NM-2', 'ACC-P', 'ACC-LANDLORD', 2_050, 4],
      ['NM-3', 'ACC-P', 'ACC-LANDLORD', 2_050, 24 * 30 + 4],
    ];
    assert.equal(runDetector(rapidPassThrough, graphOf(lines)).length, 0);
    assert.equal(runDetectorStreaming(rapidPassThrough, lines).length, 1);
  });

  test('a merchant paying its supplier from card takings is normal', () => {
    const lines: TxLine[] = Array.from({ length: 30 }, (_, i) => [`MC-${i}`, `ACC-CUSTOMER-${i}`, 'ACC-MERCHANT', 100, i * 0.5, { kind: 'card' }] as const);
    lines.push(['MC-S', 'ACC-MERCHANT', 'ACC-SUPPLIER', 2_900, 16]);
    assert.equal(runDetector(rapidPassThrough, graphOf(lines), {}, {}).length, 0);
  });

  test('slow, partial or small forwarding is not a pass-through', () => {
    const slow: TxLine[] = [['SL-1', 'ACC-X1', 'ACC-P', 10_000, 0], ['SL-2', 'ACC-P', 'ACC-Y1', 9_500, 72]];
    const partial: TxLine[] = [['PA-1', 'ACC-X1', 'ACC-P', 10_000, 0], ['PA-2', 'ACC-P', 'ACC-Y1', 5_000, 5]];
    const small: TxLine[] = [['SM-1', 'ACC-X1', 'ACC-P', 300, 0], ['SM-2', 'ACC-P', 'ACC-Y1', 290, 5]];
    const more: TxLine[] = [['MO-1', 'ACC-X1', 'ACC-P', 1_000, 0], ['MO-2', 'ACC-P', 'ACC-Y1', 5_000, 5]];
    for (const lines of [slow, partial, small, more]) assert.equal(runDetector(rapidPassThrough, graphOf(lines)).length, 0, lines[0]![0]);
  });

  test('a dense component of 10,000 transactions gives a bounded answer', () => {
    const random = seededRandom(13);
    const lines: TxLine[] = [];
    for (let i = 0; i < 10_000; i++) {
      const a = Math.floor(random() * 60);
      let b = Math.floor(random() * 59);
      if (b >= a) b++;
      lines.push([`D-${i}`, `ACC-D${a}`, `ACC-D${b}`, 1_000 + Math.round(random() * 30), (i / 10_000) * 240]);
    }
    const graph = graphOf(lines);
    const findings = runDetector(rapidPassThrough, graph);
    assert.ok(findings.length <= graph.size);
    for (const f of findings) {
      // the anchor sent the latest transaction of its finding
      assert.equal(graph.from(f.transactions[f.transactions.length - 1]!), f.node);
    }
  });

  test('refuses a bad configuration', () => {
    const graph = graphOf(PASS);
    assert.throws(() => runDetector(rapidPassThrough, graph, { minPassRatio: 1.2, maxPassRatio: 1.1 }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
    assert.throws(() => runDetector(rapidPassThrough, graph, { outKinds: ['nope'] as never }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
  });
});
