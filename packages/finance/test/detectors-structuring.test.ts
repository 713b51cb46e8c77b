/**
 * The structuring detector (HT-21) on hand-built graphs: deposits or transfers just below the
 * reporting threshold into one party, and cash split across days past it, fire once at the
 * receiver of the latest; one large deposit, a single near-threshold one, tenants paying their
 * rent, salaries and a business banking its takings do not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@ariadne/network';
import { AriadneError } from '@ariadne/schema';
import { structuring } from '../src/detectors/structuring.ts';
import { graphOf, idsOf, runDetector, runDetectorStreaming, type TxLine } from './graph-fixtures.ts';

/** four transfers of 92–98% of the threshold from three new senders in 3.3 days */
const NEAR: TxLine[] = [
  ['SR-1', 'ACC-SMURF-1', 'ACC-ST', 9_500, 0],
  ['SR-2', 'ACC-SMURF-2', 'ACC-ST', 9_200, 26],
  ['SR-3', 'ACC-SMURF-1', 'ACC-ST', 9_800, 50],
  ['SR-4', 'ACC-SMURF-3', 'ACC-ST', 9_400, 80, { kind: 'wire' }],
];

const ORDINARY: TxLine[] = [
  ['OR-1', 'ACC-EMPLOYER', 'ACC-ST', 3_000, -100, { kind: 'salary' }],
  ['OR-2', 'ACC-ST', 'ACC-SHOP', 50, -90, { kind: 'card' }],
  ['OR-3', '@cash', 'ACC-ST', 300, -80, { kind: 'cash_deposit' }],
];

function cash(id: string, account: string, amount: number, hours: number): TxLine {
  return [id, '@cash', account, amount, hours, { kind: 'cash_deposit' }];
}

describe('structuring', () => {
  test('finds several transfers just below the threshold into one account, once, at the latest', () => {
    const graph = graphOf([...ORDINARY, ...NEAR]);
    const findings = runDetector(structuring, graph);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.detector, 'structuring');
    assert.equal(f!.node, graph.nodeOf('ACC-ST'));
    assert.deepEqual(idsOf(graph, f!), ['SR-1', 'SR-2', 'SR-3', 'SR-4']);
    assert.equal(
      f!.reason,
      'Within 3.3 days, 4 deposits or transfers of 9,200.00 USD–9,800.00 USD (80–100% of the 10,000.00 USD reporting threshold) '
        + 'came into this account from 3 sources, totalling 37,900.00 USD.',
    );
    assert.equal(f!.facts?.nearCount, 4);
    assert.equal(structuring.redFlag, 'HT-21');
  });

  test('the streaming scorer reports it when the third deposit arrives, and again as it grows', () => {
    assert.equal(runDetectorStreaming(structuring, [...ORDINARY, ...NEAR.slice(0, 2)]).length, 0);
    assert.deepEqual(runDetectorStreaming(structuring, [...ORDINARY, ...NEAR]).map((f) => f.transactions.length), [3, 4]);
  });

  test('the threshold comes from the scan context when it gives one', () => {
    assert.equal(runDetector(structuring, graphOf(NEAR), {}, { reportingThreshold: 5_000 }).length, 0);
    const lower: TxLine[] = NEAR.map(([id, from, to, amount, hours, extra]) => [id, from, to, amount / 2, hours, extra]);
    assert.equal(runDetector(structuring, graphOf(lower)).length, 0);
    const found = runDetector(structuring, graphOf(lower), {}, { reportingThreshold: 5_000 });
    assert.equal(found.length, 1);
    assert.match(found[0]!.reason, /of the 5,000\.00 USD reporting threshold/);
  });

  test('cash split across days past the threshold fires for a person, not for a business or a single day', () => {
    const split = [cash('CS-1', 'ACC-P', 6_000, 10), cash('CS-2', 'ACC-P', 5_000, 35)];
    const graph = graphOf(split);
    const findings = runDetector(structuring, graph);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.node, graph.nodeOf('ACC-P'));
    assert.equal(
      findings[0]!.reason,
      'Within 25 hours, 2 cash deposits on 2 different days totalled 11,000.00 USD, over the 10,000.00 USD reporting threshold while every day stayed under it.',
    );
    const business = [{ id: 'ACC-P', kind: 'business' as const }];
    assert.equal(runDetector(structuring, graphOf(split, business)).length, 0);
    assert.equal(runDetector(structuring, graphOf(split, business), { cashSplitForBusiness: true }).length, 1);
    const sameDay = [cash('SD-1', 'ACC-P', 6_000, 10), cash('SD-2', 'ACC-P', 5_000, 14)];
    assert.equal(runDetector(structuring, graphOf(sameDay)).length, 0);
    assert.equal(runDetector(structuring, graphOf(split), { cashSplit: false }).length, 0);
  });

  test('cash deposits just below the threshold on several days are both shapes at once', () => {
    const lines = [cash('CD-1', 'ACC-P', 9_500, 3), cash('CD-2', 'ACC-P', 9_450, 30), cash('CD-3', 'ACC-P', 9_900, 100)];
    const findings = runDetector(structuring, graphOf(lines));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.transactions.length, 3);
    assert.match(findings[0]!.reason, /3 deposits or transfers of 9,450\.00 USD–9,900\.00 USD .* from 1 source, totalling 28,850\.00 USD; and 3 cash deposits on 3 different days/);
  });

  test('one large deposit, one deposit below the threshold, salaries and small cash are normal', () => {
    const large = [cash('LG-1', 'ACC-P', 25_000, 0)];
    const single: TxLine[] = [['SG-1', 'ACC-X', 'ACC-P', 9_500, 0]];
    const salaries: TxLine[] = [
      ['SA-1', 'ACC-EMPLOYER-1', 'ACC-P', 9_000, 0, { kind: 'salary' }],
      ['SA-2', 'ACC-EMPLOYER-2', 'ACC-P', 9_100, 24, { kind: 'salary' }],
      ['SA-3', 'ACC-EMPLOYER-3', 'ACC-P', 9_200, 48, { kind: 'salary' }],
    ];
    const smallCash = [0, 30, 60, 90, 120].map((h, i) => cash(`SC-${i}`, 'ACC-P', 500, h));
    for (const lines of [large, single, salaries, smallCash]) assert.equal(runDetector(structuring, graphOf(lines)).length, 0, lines[0]![0]);
  });

  test('tenants paying their usual rent just below the threshold are not structuring', () => {
    // three tenants who moved in one month after another, each paying 8,500 on its own day of the month
    const MONTH = 24 * 30;
    const rent: TxLine[] = [];
    for (const [tenant, firstMonth] of [[1, -3], [2, -2], [3, -1]] as const) {
      for (let m = firstMonth; m <= 0; m++) rent.push([`RENT-${tenant}-${m + 3}`, `ACC-TENANT-${tenant}`, 'ACC-LANDLORD', 8_500, m * MONTH + tenant * 20]);
    }
    const graph = graphOf(rent);
    assert.equal(runDetector(structuring, graph).length, 0);
    // counting every payer, last month and this month each look like structuring
    assert.equal(runDetector(structuring, graph, { skipRecurringPayers: false }).length, 2);
  });

  test('a dense stream of near-threshold deposits gives one finding per account', () => {
    const random = seededRandom(17);
    const lines: TxLine[] = [];
    for (let i = 0; i < 10_000; i++) {
      const account = `ACC-D${Math.floor(random() * 10)}`;
      lines.push([`D-${i}`, `ACC-SENDER-${Math.floor(random() * 500)}`, account, 8_000 + Math.round(random() * 1_990), (i / 10_000) * 240]);
    }
    const graph = graphOf(lines);
    const findings = runDetector(structuring, graph);
    assert.equal(findings.length, 10);
    assert.equal(new Set(findings.map((f) => f.node)).size, 10);
    for (const f of findings) assert.equal(graph.to(f.transactions[f.transactions.length - 1]!), f.node);
  });

  test('refuses a bad configuration', () => {
    const graph = graphOf(NEAR);
    assert.throws(() => runDetector(structuring, graph, { minCount: 1 }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
    assert.throws(() => runDetector(structuring, graph, {}, { reportingThreshold: -5 }), (e: unknown) => e instanceof AriadneError && e.code === 'VALIDATION_FAILED');
  });
});
