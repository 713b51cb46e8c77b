/**
 * Red flags about wages and payroll: HT-01 wage pooling, HT-02 wage sweep, HT-03 revenue without
 * payroll, HT-15 cash deposits without payroll. Each on a small hand-built case: it fires with the
 * right evidence and anchor, a normal look-alike does not, missing data finds nothing, the batch
 * scan reports it once and the streaming scorer reports the same finding when the completing
 * transaction arrives.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Detector, DetectorParams } from '../src/detector.ts';
import type { AccountRecord } from '../src/types.ts';
import { cashWithoutPayroll } from '../src/detectors/red-flags/cash-without-payroll.ts';
import { revenueWithoutPayroll } from '../src/detectors/red-flags/revenue-without-payroll.ts';
import { wagePooling } from '../src/detectors/red-flags/wage-pooling.ts';
import { wageSweep } from '../src/detectors/red-flags/wage-sweep.ts';
import { findOnceWhenComplete, graphOf, idsOf, runDetector, runDetectorStreaming, type CompletingCase, type OnceFound, type TxLine } from './graph-fixtures.ts';

/**
 * The batch scan finds exactly one finding; streaming finds the same one, and only once the
 * transaction `completing` has arrived.
 */
/** one batch finding; streaming finds the same one, only once `completing` has arrived (see graph-fixtures.ts) */
function onceAndWhenComplete<P extends DetectorParams>(detector: Detector<P>, c: CompletingCase): OnceFound {
  return findOnceWhenComplete(detector, c, { forbidden: /ACC-|EMP-|CUST-|Test Person/, message: 'no references or names in the reason' });
}

describe('HT-01 wage pooling', () => {
  const pooled: TxLine[] = [
    ['S1', 'EMP-1', 'ACC-POOL', 2000, 0, { kind: 'salary', beneficiaryName: 'Test Person 1' }],
    ['C1', 'ACC-POOL', 'SHOP-1', 40, 3, { kind: 'card' }],
    ['S2', 'EMP-1', 'ACC-POOL', 2000, 0.1, { kind: 'salary', beneficiaryName: 'Test Person 2' }],
    ['S3', 'EMP-2', 'ACC-POOL', 1800, 48, { kind: 'salary', beneficiaryName: 'Test Person 3' }],
  ];

  test('salary credits for three named earners landing in one account fire at the third', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(wagePooling, { lines: pooled, completing: 'S3' });
    assert.equal(anchor, 'ACC-POOL');
    assert.deepEqual(ids, ['S1', 'S2', 'S3']);
    assert.equal(finding.facts?.earners, 3);
    assert.equal(finding.facts?.employers, 2);
    assert.match(finding.reason, /3 distinct earners from 2 employers/);
  });

  test('credits without names count one earner per employer; a customer\'s accounts are one party', () => {
    const accounts: AccountRecord[] = [
      { id: 'ACC-P1', customerId: 'CUST-1', kind: 'personal' }, { id: 'ACC-P2', customerId: 'CUST-1', kind: 'personal' },
    ];
    const lines: TxLine[] = [
      ['S1', 'EMP-1', 'ACC-P1', 1500, 0, { kind: 'salary' }],
      ['S2', 'EMP-2', 'ACC-P2', 1500, 1, { kind: 'salary' }],
      ['S3', 'EMP-3', 'ACC-P2', 1500, 2, { kind: 'salary' }],
    ];
    const { anchor, finding } = onceAndWhenComplete(wagePooling, { lines, accounts, completing: 'S3' });
    assert.equal(anchor, 'customer:CUST-1');
    assert.equal(finding.facts?.employers, 3);
  });

  test('an employee paid monthly, two jobs, or a joint account with two earners does not fire', () => {
    const lines: TxLine[] = [];
    for (let m = 0; m < 4; m++) {
      lines.push([`S${m}`, 'EMP-1', 'ACC-E', 2500, m * 730, { kind: 'salary', beneficiaryName: 'Test Person 1' }]);
      lines.push([`B${m}`, 'EMP-2', 'ACC-E', 600, m * 730 + 5, { kind: 'salary', beneficiaryName: 'TEST  PERSON 1' }]);
      lines.push([`J${m}`, 'EMP-3', 'ACC-E', 2100, m * 730 + 9, { kind: 'salary', beneficiaryName: 'Test Person 2' }]);
      lines.push([`R${m}`, 'ACC-E', 'ACC-LANDLORD', 900, m * 730 + 30]);
      lines.push([`C${m}`, 'ACC-E', 'SHOP-1', 60, m * 730 + 50, { kind: 'card' }]);
    }
    assert.deepEqual(runDetector(wagePooling, graphOf(lines)), []);
  });

  test('a pooled payroll is reported as it grows and again at each later pay run, not at a credit that adds nothing', () => {
    const lines: TxLine[] = [];
    for (const m of [0, 1, 2, 6]) {
      for (let k = 1; k <= 3; k++) lines.push([`S${m}-${k}`, 'EMP-1', 'ACC-POOL', 1000, m * 720 + k, { kind: 'salary', beneficiaryName: `Test Person ${k}` }]);
    }
    // a repeated credit for an earner already in this pay run adds nothing
    lines.splice(4, 0, ['S1-1b', 'EMP-1', 'ACC-POOL', 50, 720 + 1.5, { kind: 'salary', beneficiaryName: 'TEST PERSON 1' }]);
    const graph = graphOf(lines);
    const found = runDetector(wagePooling, graph);
    // month 0: where it starts to hold; months 1 and 2: each pay run as its credits arrive; month 6: a new episode after the gap
    assert.deepEqual(found.map((f) => idsOf(graph, f).at(-1)), ['S0-3', 'S1-1', 'S1-2', 'S1-3', 'S2-1', 'S2-2', 'S2-3', 'S6-3']);
    assert.deepEqual(idsOf(graph, found[3]!), ['S0-1', 'S0-2', 'S0-3', 'S1-1', 'S1-1b', 'S1-2', 'S1-3'], 'every salary credit of the window');
    assert.deepEqual(runDetectorStreaming(wagePooling, lines), found);
  });

  test('a payroll batch posting eight wages: the findings together hold every credit, the last one all of them', () => {
    const lines: TxLine[] = Array.from({ length: 8 }, (_, k) => [`S${k}`, 'EMP-1', 'ACC-POOL', 1200 + k * 100, 6 + k / 600, { kind: 'salary', beneficiaryName: `Test Worker ${k}` }] as TxLine);
    const graph = graphOf(lines);
    const found = runDetector(wagePooling, graph);
    assert.deepEqual(found.map((f) => f.facts?.earners), [3, 4, 5, 6, 7, 8]);
    assert.deepEqual(idsOf(graph, found.at(-1)!), lines.map((l) => l[0]));
    assert.ok(found[0]!.score < found.at(-1)!.score);
    assert.deepEqual(runDetectorStreaming(wagePooling, lines), found);
  });

  test('wages of people other than the KYC holder score higher; a household with the holder\'s own wage does not', () => {
    const credits = (names: string[]): TxLine[] => names.map((n, k) => [`S${k}`, 'EMP-1', 'ACC-POOL', 1500, k, { kind: 'salary', beneficiaryName: n }] as TxLine);
    const holder: AccountRecord[] = [{ id: 'ACC-POOL', kind: 'personal', holderName: 'Test  Person 9' }];
    // two workers already make a crew (see below); the third renews the finding
    const graph = graphOf(credits(['Test Worker 1', 'Test Worker 2', 'Test Worker 3']), holder);
    const others = runDetector(wagePooling, graph).at(-1)!;
    assert.deepEqual(idsOf(graph, others), ['S0', 'S1', 'S2']);
    assert.equal(others.facts?.notHolder, 3);
    assert.equal(others.score, 0.75);
    assert.match(others.reason, /; 3 of them are not the account holder\.$/);
    const household = onceAndWhenComplete(wagePooling, { lines: credits(['test person 9', 'Test Worker 2', 'Test Worker 3']), accounts: holder, completing: 'S2' });
    assert.equal(household.finding.facts?.notHolder, 2);
    assert.equal(household.finding.score, 0.5);
    const noKyc = onceAndWhenComplete(wagePooling, { lines: credits(['Test Worker 1', 'Test Worker 2', 'Test Worker 3']), completing: 'S2' });
    assert.equal(noKyc.finding.facts?.notHolder, undefined);
    assert.equal(noKyc.finding.score, 0.5);
  });

  test('two people\'s wages and none of the holder\'s: a crew paid into one account; not without KYC names, not the holder and a partner', () => {
    const credits = (names: string[]): TxLine[] => names.map((n, k) => [`S${k}`, 'EMP-1', 'ACC-POOL', 1400, k, { kind: 'salary', beneficiaryName: n }] as TxLine);
    const holder: AccountRecord[] = [{ id: 'ACC-POOL', kind: 'personal', holderName: 'Test Person 9' }];
    const crew = onceAndWhenComplete(wagePooling, { lines: credits(['Test Worker 1', 'Test Worker 2']), accounts: holder, completing: 'S1' });
    assert.equal(crew.finding.facts?.earners, 2);
    assert.equal(crew.finding.score, 0.75);
    assert.deepEqual(runDetector(wagePooling, graphOf(credits(['Test Worker 1', 'Test Worker 2']))), []);
    assert.deepEqual(runDetector(wagePooling, graphOf(credits(['Test Person 9', 'Test Worker 2']), holder)), []);
    assert.deepEqual(runDetector(wagePooling, graphOf(credits(['Test Worker 1', 'Test Worker 2']), holder), { minOtherEarners: 3 }), []);
  });

  test('no salary kind in the data: nothing', () => {
    const lines = pooled.map(([id, from, to, amount, hours, extra]) => [id, from, to, amount, hours, { ...extra, kind: 'transfer' }] as TxLine);
    assert.deepEqual(runDetector(wagePooling, graphOf(lines)), []);
  });
});

describe('HT-02 wage sweep', () => {
  const month = (m: number, h: number): number => m * 720 + h;
  const swept = (m: number): TxLine[] => [
    [`S${m}`, 'EMP-1', 'ACC-W', 3000, month(m, 0), { kind: 'salary' }],
    [`C${m}`, 'ACC-W', 'SHOP-1', 30, month(m, 2), { kind: 'card' }],
    // what the controller takes follows the wage: a different sum each month
    [`T${m}`, 'ACC-W', 'ACC-X', 1500 + 17.35 * m, month(m, 5)],
    [`W${m}`, 'ACC-W', '@cash', 1000, month(m, 20), { kind: 'cash_withdrawal' }],
    [`L${m}`, 'ACC-W', 'ACC-X', 400, month(m, 30)],
  ];

  test('most of a salary taken out within hours fires at the outflow that completes the sweep', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(wageSweep, { lines: swept(0), completing: 'W0' });
    assert.equal(anchor, 'ACC-W');
    assert.deepEqual(ids, ['S0', 'T0', 'W0']);
    assert.equal(finding.facts?.share, 0.833);
    assert.equal(finding.facts?.recipients, 2);
    assert.equal(finding.facts?.earlierSweeps, 0);
    assert.match(finding.reason, /^83% of a 3,000\.00 USD salary credit left within 20 hours in 2 outflows to 2 recipients\.$/);
  });

  test('repeated over pay periods it scores higher and its evidence holds every swept pay run', () => {
    const lines = [...swept(0), ...swept(1), ...swept(2)];
    const graph = graphOf(lines);
    const found = runDetector(wageSweep, graph);
    assert.deepEqual(found.map((f) => f.facts?.earlierSweeps), [0, 1, 2]);
    assert.ok(found[0]!.score <= 0.7, 'one sweep is weak evidence');
    assert.ok(found[0]!.score < found[1]!.score && found[1]!.score < found[2]!.score);
    assert.ok(found[1]!.score >= 0.75, 'a repeated sweep is a pattern');
    assert.deepEqual(idsOf(graph, found[2]!), ['S0', 'T0', 'W0', 'S1', 'T1', 'W1', 'S2', 'T2', 'W2']);
    assert.match(found[2]!.reason, /The same happened to 2 earlier pay runs within 100 days\.$/);
    assert.deepEqual(runDetectorStreaming(wageSweep, lines), found);
  });

  test('the same sum to the cent to the same payee every payday is a standing order (rent to a private landlord), not a sweep', () => {
    const rent = (m: number): TxLine[] => [
      [`S${m}`, 'EMP-1', 'ACC-E', 2000 + m * 12.5, month(m, 0), { kind: 'salary' }],
      [`R${m}`, 'ACC-E', 'ACC-PRIVATE-LANDLORD', 1650, month(m, 9)],
    ];
    const lines = [...rent(0), ...rent(1), ...rent(2)];
    const graph = graphOf(lines);
    // the first month is one weak sweep; the later ones repeat an agreed sum and take nothing
    assert.deepEqual(runDetector(wageSweep, graph).map((f) => idsOf(graph, f)), [['S0', 'R0']]);
    const asSweeps = runDetector(wageSweep, graph, { standingOrders: true });
    assert.deepEqual(asSweeps.map((f) => f.facts?.earlierSweeps), [0, 1, 2]);
  });

  test('a second salary the same morning adds to the wage: the sweep is measured against both', () => {
    const one: TxLine[] = [['S1', 'EMP-1', 'ACC-W', 3000, 0, { kind: 'salary' }], ['T1', 'ACC-W', 'ACC-X', 2150, 5]];
    const { finding } = onceAndWhenComplete(wageSweep, { lines: one, completing: 'T1' });
    assert.equal(finding.facts?.share, 0.717);
    const two: TxLine[] = [one[0]!, ['S2', 'EMP-2', 'ACC-W', 1200, 0.5, { kind: 'salary' }], one[1]!];
    assert.deepEqual(runDetector(wageSweep, graphOf(two)), []);
    const both = onceAndWhenComplete(wageSweep, { lines: [...two, ['T2', 'ACC-W', 'ACC-X', 900, 9]], completing: 'T2' });
    assert.deepEqual(both.ids, ['S1', 'S2', 'T1', 'T2']);
    assert.match(both.finding.reason, /^73% of 4,200\.00 USD of wages in 2 salary credits left within 9 hours/);
    assert.deepEqual(runDetector(wageSweep, graphOf([one[0]!, ['T1', 'ACC-W', 'ACC-X', 2000, 5]])), [], 'two thirds is not most of it');
  });

  test('rent to a business, or an outflow larger than the wage, does not take the wage', () => {
    const landlord: AccountRecord[] = [{ id: 'ACC-LETTINGS', kind: 'business', businessType: 'Real estate' }];
    const rent: TxLine[] = [['S1', 'EMP-1', 'ACC-E', 2000, 0, { kind: 'salary' }], ['R1', 'ACC-E', 'ACC-LETTINGS', 1800, 6]];
    assert.deepEqual(runDetector(wageSweep, graphOf(rent, landlord)), []);
    assert.equal(runDetector(wageSweep, graphOf(rent, landlord), { businessPayees: true }).length, 1);
    assert.equal(runDetector(wageSweep, graphOf(rent)).length, 1, 'a payee the KYC does not know is a third party');
    const fromBalance: TxLine[] = [['S1', 'EMP-1', 'ACC-E', 1000, 0, { kind: 'salary' }], ['R1', 'ACC-E', 'ACC-PRIVATE-LANDLORD', 1500, 6]];
    assert.deepEqual(runDetector(wageSweep, graphOf(fromBalance)), []);
    assert.equal(runDetector(wageSweep, graphOf(fromBalance), { maxOutflowShare: 2 }).length, 1);
    // a cash withdrawal or a money-service payment is judged by its kind, whoever the payee is
    const msb: TxLine[] = [['S1', 'EMP-1', 'ACC-E', 2000, 0, { kind: 'salary' }], ['M1', 'ACC-E', 'ACC-REMITTER', 1800, 6, { kind: 'msb' }]];
    assert.equal(runDetector(wageSweep, graphOf(msb, [{ id: 'ACC-REMITTER', kind: 'business' }])).length, 1);
  });

  test('an employee paid and spending normally does not fire', () => {
    const lines: TxLine[] = [];
    for (let m = 0; m < 3; m++) {
      lines.push([`S${m}`, 'EMP-1', 'ACC-E', 3000, month(m, 0), { kind: 'salary' }]);
      lines.push([`R${m}`, 'ACC-E', 'ACC-LANDLORD', 1100, month(m, 10)]);
      lines.push([`A${m}`, 'ACC-E', '@cash', 200, month(m, 30), { kind: 'cash_withdrawal' }]);
      for (let d = 0; d < 10; d++) lines.push([`C${m}-${d}`, 'ACC-E', `SHOP-${d}`, 150, month(m, 3 + d * 4), { kind: 'card' }]);
      lines.push([`F${m}`, 'ACC-E', 'ACC-FRIEND', 300, month(m, 200)]);
    }
    assert.deepEqual(runDetector(wageSweep, graphOf(lines)), []);
  });

  test('a sweep slower than the window does not fire', () => {
    const lines = swept(0).map((l) => (l[0] === 'W0' ? ['W0', 'ACC-W', '@cash', 1000, 60, { kind: 'cash_withdrawal' }] as TxLine : l));
    assert.deepEqual(runDetector(wageSweep, graphOf(lines)), []);
  });
});

describe('HT-03 revenue without payroll', () => {
  const shop: AccountRecord[] = [{ id: 'ACC-BIZ', kind: 'business', businessType: 'Retail' }];
  /** 25 sales of 2,500 every three days: revenue reaches 50,000 at day 57, the history 60 days at day 60 */
  const sales: TxLine[] = Array.from({ length: 25 }, (_, i) => [`R${i}`, `CUST-${i}`, 'ACC-BIZ', 2500, i * 72, { kind: 'card' }] as TxLine);

  test('a business with substantial revenue and no payroll fires once, when revenue and history suffice', () => {
    const lines: TxLine[] = [...sales, ['SUP1', 'ACC-BIZ', 'ACC-SUPPLIER', 9000, 100]];
    const { finding, ids, anchor } = onceAndWhenComplete(revenueWithoutPayroll, { lines, accounts: shop, completing: 'R20' });
    assert.equal(anchor, 'ACC-BIZ');
    assert.equal(ids.length, 21);
    assert.equal(finding.facts?.revenue, 52_500);
    assert.equal(finding.facts?.credits, 21);
    assert.equal(finding.facts?.payers, 21);
  });

  test('a shop that pays wages, payroll tax or a pension fund does not fire', () => {
    const payee: AccountRecord = { id: 'ACC-FUND', kind: 'business', businessType: 'Synthetic Pension Fund' };
    const variants: TxLine[][] = [
      [['P1', 'ACC-BIZ', 'ACC-EMPLOYEE', 1800, 24 * 30, { kind: 'salary' }], ['P2', 'ACC-BIZ', 'ACC-EMPLOYEE', 1800, 24 * 60, { kind: 'salary' }]],
      [['P1', 'ACC-BIZ', 'TAX-OFFICE', 700, 24 * 30, { kind: 'card', merchantCategory: '9311' }], ['P2', 'ACC-BIZ', 'TAX-OFFICE', 700, 24 * 60, { kind: 'card', merchantCategory: '9311' }]],
      [['P1', 'ACC-BIZ', 'ACC-FUND', 300, 24 * 30], ['P2', 'ACC-BIZ', 'ACC-FUND', 300, 24 * 60]],
    ];
    for (const extra of variants) {
      assert.deepEqual(runDetector(revenueWithoutPayroll, graphOf([...sales, ...extra], [...shop, payee])), []);
    }
  });

  test('no KYC (the business kind unknown) or a personal account: nothing', () => {
    assert.deepEqual(runDetector(revenueWithoutPayroll, graphOf(sales)), []);
    assert.deepEqual(runDetector(revenueWithoutPayroll, graphOf(sales, [{ id: 'ACC-BIZ', kind: 'personal' }])), []);
  });

  test('a new business that has not yet reached a payroll date does not fire', () => {
    const fast: TxLine[] = Array.from({ length: 25 }, (_, i) => [`R${i}`, `CUST-${i}`, 'ACC-BIZ', 2500, i * 24, { kind: 'card' }] as TxLine);
    assert.deepEqual(runDetector(revenueWithoutPayroll, graphOf(fast, shop)), []);
  });
});

describe('HT-15 cash deposits without payroll', () => {
  const person: AccountRecord[] = [{ id: 'ACC-C', kind: 'personal' }];
  const deposits: TxLine[] = [0, 7, 14, 21, 28].map((d, i) => [`D${i}`, '@cash', 'ACC-C', 2500, d * 24 + 10, { kind: 'cash_deposit' }] as TxLine);

  test('weekly cash deposits on a personal account with no salary fire at the fourth', () => {
    const lines: TxLine[] = [...deposits, ['T1', 'ACC-C', 'ACC-X', 4000, 24 * 15]];
    const { finding, ids, anchor } = onceAndWhenComplete(cashWithoutPayroll, { lines, accounts: person, completing: 'D3' });
    assert.equal(anchor, 'ACC-C');
    assert.deepEqual(ids, ['D0', 'D1', 'D2', 'D3']);
    assert.equal(finding.facts?.weeks, 4);
    assert.equal(finding.facts?.cashShare, 1);
  });

  test('the same deposits beside a monthly salary do not fire', () => {
    const lines: TxLine[] = [...deposits, ['S1', 'EMP-1', 'ACC-C', 2800, 24 * 3, { kind: 'salary' }], ['S2', 'EMP-1', 'ACC-C', 2800, 24 * 33, { kind: 'salary' }]];
    assert.deepEqual(runDetector(cashWithoutPayroll, graphOf(lines, person)), []);
  });

  test('one windfall deposit, or cash that is a small part of the inflow, does not fire', () => {
    const windfall: TxLine[] = [['D0', '@cash', 'ACC-C', 9000, 1, { kind: 'cash_deposit' }], ['D1', '@cash', 'ACC-C', 100, 2, { kind: 'cash_deposit' }]];
    assert.deepEqual(runDetector(cashWithoutPayroll, graphOf(windfall, person)), []);
    const mostlyTransfers: TxLine[] = [...deposits, ['T1', 'ACC-FAMILY', 'ACC-C', 15_000, 24 * 20]];
    assert.deepEqual(runDetector(cashWithoutPayroll, graphOf(mostlyTransfers, person)), []);
  });

  test('without KYC the account is not known to be personal: nothing', () => {
    assert.deepEqual(runDetector(cashWithoutPayroll, graphOf(deposits)), []);
  });
});
