/**
 * Red flags about how money is gathered and moved on: HT-04 rivulets in / foreign spigot out,
 * HT-05 funnel account, HT-22 many unrelated senders, HT-23 cash deposits wired abroad, HT-25
 * small credits redeemed in virtual currency.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DetectContext, Detector, DetectorParams } from '../src/detector.ts';
import type { AccountRecord } from '../src/types.ts';
import { cashThenWireAbroad } from '../src/detectors/red-flags/cash-then-wire-abroad.ts';
import { funnelAccount } from '../src/detectors/red-flags/funnel-account.ts';
import { rivuletsForeignSpigot } from '../src/detectors/red-flags/rivulets-foreign-spigot.ts';
import { smallCreditsToCrypto } from '../src/detectors/red-flags/small-credits-to-crypto.ts';
import { unrelatedSenders } from '../src/detectors/red-flags/unrelated-senders.ts';
import { findOnceWhenComplete, graphOf, idsOf, runDetector, type CompletingCase, type OnceFound, type TxLine } from './graph-fixtures.ts';

/** one batch finding; streaming finds the same one, only once `completing` has arrived (see graph-fixtures.ts) */
function onceAndWhenComplete<P extends DetectorParams>(detector: Detector<P>, c: CompletingCase): OnceFound {
  return findOnceWhenComplete(detector, c, { forbidden: /ACC-|EMP-|CUST-|SHOP-|Synth City/, message: 'no references, names or places in the reason' });
}

const HOME: DetectContext = { homeCountry: 'DE' };

describe('HT-04 rivulets in, foreign spigot out', () => {
  const rivulets: TxLine[] = [
    ...Array.from({ length: 10 }, (_, i) => [`IN${i}`, `ACC-S${i % 7}`, 'ACC-COL', 300 + i * 30, i * 12, i % 2 ? { fromCountry: 'DE' } : {}] as TxLine),
    ['CARD', 'ACC-COL', 'SHOP-1', 20, 100, { kind: 'card' }],
    ['OUT', 'ACC-COL', 'ACC-ABROAD', 4000, 140, { kind: 'wire', toCountry: 'NG' }],
  ];

  test('many small domestic inflows then most of them sent abroad fire at the outflow', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(rivuletsForeignSpigot, { lines: rivulets, context: HOME, completing: 'OUT' });
    assert.equal(anchor, 'ACC-COL');
    assert.deepEqual(ids, [...Array.from({ length: 10 }, (_, i) => `IN${i}`), 'OUT']);
    assert.equal(finding.facts?.inflows, 10);
    assert.equal(finding.facts?.sources, 7);
    assert.equal(finding.facts?.countries, 'NG');
  });

  test('the account\'s branch country stands in for a missing home country', () => {
    const { anchor } = onceAndWhenComplete(rivuletsForeignSpigot, { lines: rivulets, accounts: [{ id: 'ACC-COL', country: 'DE' }], completing: 'OUT' });
    assert.equal(anchor, 'ACC-COL');
  });

  test('a salary and a monthly family remittance abroad, or a shop paying a foreign supplier, does not fire', () => {
    const family: TxLine[] = [];
    for (let m = 0; m < 3; m++) {
      family.push([`S${m}`, 'EMP-1', 'ACC-M', 2600, m * 720, { kind: 'salary' }]);
      family.push([`F${m}`, 'ACC-M', 'ACC-HOME', 800, m * 720 + 24, { kind: 'wire', toCountry: 'PH' }]);
      family.push([`G${m}`, 'ACC-FRIEND', 'ACC-M', 50, m * 720 + 30]);
    }
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(family), {}, HOME), []);
    const shop: TxLine[] = [
      ...Array.from({ length: 30 }, (_, i) => [`C${i}`, `CUST-${i}`, 'ACC-SHOP', 40, i * 5, { kind: 'card' }] as TxLine),
      ['SUP', 'ACC-SHOP', 'ACC-SUPPLIER', 900, 160, { kind: 'wire', toCountry: 'CN' }],
    ];
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(shop), {}, HOME), []);
  });

  test('six small inflows from five sources are enough; five inflows are not', () => {
    const six: TxLine[] = [
      ...Array.from({ length: 6 }, (_, i) => [`IN${i}`, `ACC-S${i % 5}`, 'ACC-COL', 400 + i * 50, i * 20] as TxLine),
      ['OUT', 'ACC-COL', 'ACC-ABROAD', 2500, 130, { kind: 'wire', toCountry: 'TR' }],
    ];
    const { finding } = onceAndWhenComplete(rivuletsForeignSpigot, { lines: six, context: HOME, completing: 'OUT' });
    assert.equal(finding.facts?.inflows, 6);
    assert.equal(finding.facts?.sources, 5);
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(six.filter((l) => l[0] !== 'IN5')), {}, HOME), []);
  });

  test('a business collecting from its customers and paying a foreign supplier is trade, unless business collectors are asked for', () => {
    const landlord: AccountRecord[] = [{ id: 'ACC-COL', kind: 'business', businessType: 'Real estate' }];
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(rivulets, landlord), {}, HOME), []);
    assert.equal(runDetector(rivuletsForeignSpigot, graphOf(rivulets, landlord), { collectorKinds: ['personal', 'business'] }, HOME).length, 1);
    const { anchor } = onceAndWhenComplete(rivuletsForeignSpigot, { lines: rivulets, accounts: [{ id: 'ACC-COL', kind: 'personal' }], context: HOME, completing: 'OUT' });
    assert.equal(anchor, 'ACC-COL');
    assert.throws(
      () => runDetector(rivuletsForeignSpigot, graphOf(rivulets), { collectorKinds: ['personal', 'charity'] }, HOME),
      (e: unknown) => (e as { code?: string }).code === 'VALIDATION_FAILED',
    );
  });

  test('large inflows are not rivulets', () => {
    const big = rivulets.map((l) => (l[0].startsWith('IN') ? [l[0], l[1], l[2], 2500, l[4], l[5]] as TxLine : l));
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(big), {}, HOME), []);
  });

  test('no destination country, or no home country: nothing', () => {
    const noCountry = rivulets.map((l) => (l[0] === 'OUT' ? ['OUT', 'ACC-COL', 'ACC-ABROAD', 4000, 140, { kind: 'wire' }] as TxLine : l));
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(noCountry), {}, HOME), []);
    assert.deepEqual(runDetector(rivuletsForeignSpigot, graphOf(rivulets)), []);
  });
});

describe('HT-05 funnel account', () => {
  const holder: AccountRecord[] = [{ id: 'ACC-F', kind: 'personal', city: 'Synth City A' }];
  const funnel: TxLine[] = [
    ['D1', '@cash', 'ACC-F', 3000, 0, { kind: 'cash_deposit', location: 'Synth City B' }],
    ['D2', '@cash', 'ACC-F', 2800, 20, { kind: 'cash_deposit', location: 'SYNTH CITY C' }],
    ['D3', '@cash', 'ACC-F', 3200, 40, { kind: 'cash_deposit', location: 'Synth City D' }],
    ['H1', '@cash', 'ACC-F', 500, 41, { kind: 'cash_deposit', location: 'synth city a' }],
    ['W1', 'ACC-F', '@cash', 4000, 60, { kind: 'cash_withdrawal', location: 'Synth City E' }],
    ['W2', 'ACC-F', '@cash', 3500, 62, { kind: 'cash_withdrawal', location: 'Synth City E' }],
  ];

  test('cash in three far cities, taken out in a fourth, fires at the withdrawal that completes it', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(funnelAccount, { lines: funnel, accounts: holder, completing: 'W2' });
    assert.equal(anchor, 'ACC-F');
    assert.deepEqual(ids, ['D1', 'D2', 'D3', 'W1', 'W2']);
    assert.equal(finding.facts?.cities, 3);
    assert.equal(finding.facts?.threshold, 10_000);
  });

  test('deposits at home, withdrawals where the cash came in, or deposits at the threshold do not fire', () => {
    const atHome = funnel.map((l) => (l[0].startsWith('D') ? [l[0], l[1], l[2], l[3], l[4], { kind: 'cash_deposit', location: 'Synth City A' }] as TxLine : l));
    assert.deepEqual(runDetector(funnelAccount, graphOf(atHome, holder)), []);
    const sameCity = funnel.map((l) => (l[0].startsWith('W') ? [l[0], l[1], l[2], l[3], l[4], { kind: 'cash_withdrawal', location: 'Synth City B' }] as TxLine : l));
    assert.deepEqual(runDetector(funnelAccount, graphOf(sameCity, holder)), []);
    assert.deepEqual(runDetector(funnelAccount, graphOf(funnel, holder), {}, { reportingThreshold: 2_500 }), []);
  });

  test('no holder city (no KYC) or no places: nothing', () => {
    assert.deepEqual(runDetector(funnelAccount, graphOf(funnel)), []);
    const noPlaces = funnel.map(([id, from, to, amount, hours, extra]) => [id, from, to, amount, hours, { kind: extra?.kind }] as TxLine);
    assert.deepEqual(runDetector(funnelAccount, graphOf(noPlaces, holder)), []);
  });
});

describe('HT-22 many unrelated senders', () => {
  const senders: TxLine[] = Array.from({ length: 6 }, (_, i) => [`P${i}`, `ACC-S${i}`, 'ACC-B', 450 + i, i * 20] as TxLine);

  test('six senders with no earlier dealings and no links among them fire at the sixth', () => {
    const lines: TxLine[] = [['OLD', 'ACC-Q', 'ACC-B', 100, -1000], ...senders];
    const { finding, ids, anchor } = onceAndWhenComplete(unrelatedSenders, { lines, completing: 'P5' });
    assert.equal(anchor, 'ACC-B');
    assert.deepEqual(ids, ['P0', 'P1', 'P2', 'P3', 'P4', 'P5']);
    assert.equal(finding.facts?.unrelatedSenders, 6);
  });

  test('senders linked to each other are not unrelated', () => {
    const lines: TxLine[] = [['LINK', 'ACC-S0', 'ACC-S1', 50, -1000], ...senders];
    assert.deepEqual(runDetector(unrelatedSenders, graphOf(lines)), []);
  });

  test('a shop\'s card customers and a landlord\'s tenants do not fire', () => {
    const shop = Array.from({ length: 20 }, (_, i) => [`C${i}`, `CUST-${i}`, 'ACC-SHOP', 30, i * 3, { kind: 'card' }] as TxLine);
    assert.deepEqual(runDetector(unrelatedSenders, graphOf(shop), { minCoverageDays: 0 }), []);
    const rent: TxLine[] = [];
    for (let m = 0; m < 4; m++) for (let k = 0; k < 6; k++) rent.push([`R${m}-${k}`, `ACC-T${k}`, 'ACC-LANDLORD', 700, m * 720 + k]);
    assert.deepEqual(runDetector(unrelatedSenders, graphOf(rent)), []);
    // without the coverage rule the first month of data would look like six new senders
    const graph = graphOf(rent);
    assert.deepEqual(runDetector(unrelatedSenders, graph, { minCoverageDays: 0 }).map((f) => idsOf(graph, f).at(-1)), ['R0-5']);
  });

  test('senders are judged new only where the data reaches back before the window', () => {
    assert.deepEqual(runDetector(unrelatedSenders, graphOf(senders)), []);
    assert.equal(runDetector(unrelatedSenders, graphOf(senders), { minCoverageDays: 0 }).length, 1);
  });

  test('senders who send again and again are not one-off', () => {
    const repeat = Array.from({ length: 6 }, (_, i) => [0, 1, 2].map((k) => [`P${i}-${k}`, `ACC-S${i}`, 'ACC-B', 100, i * 20 + k] as TxLine)).flat();
    assert.deepEqual(runDetector(unrelatedSenders, graphOf(repeat), { minCoverageDays: 0 }), []);
  });
});

describe('HT-23 cash deposits wired abroad', () => {
  const fees: TxLine[] = [
    ['R0', 'ACC-H', 'ACC-HOME-FAMILY', 300, -1000, { kind: 'wire', toCountry: 'GT' }],
    ['D1', '@cash', 'ACC-H', 2000, 0, { kind: 'cash_deposit' }],
    ['D2', '@cash', 'ACC-H', 1800, 26, { kind: 'cash_deposit' }],
    ['W1', 'ACC-H', 'ACC-ABROAD', 3500, 50, { kind: 'wire', toCountry: 'MX' }],
  ];

  test('cash deposits then a wire abroad to a new recipient fire at the wire', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(cashThenWireAbroad, { lines: fees, context: HOME, completing: 'W1' });
    assert.equal(anchor, 'ACC-H');
    assert.deepEqual(ids, ['D1', 'D2', 'W1']);
    assert.equal(finding.facts?.countries, 'MX');
    assert.equal(finding.facts?.recipients, 1);
  });

  test('a monthly family remittance funded by salary or by cash does not fire', () => {
    const salaryFunded: TxLine[] = [];
    const cashFunded: TxLine[] = [];
    for (let m = 0; m < 4; m++) {
      salaryFunded.push([`S${m}`, 'EMP-1', 'ACC-M', 2400, m * 720, { kind: 'salary' }], [`F${m}`, 'ACC-M', 'ACC-FAMILY', 900, m * 720 + 30, { kind: 'wire', toCountry: 'PH' }]);
      cashFunded.push(
        [`D${m}a`, '@cash', 'ACC-M', 600, m * 720, { kind: 'cash_deposit' }], [`D${m}b`, '@cash', 'ACC-M', 600, m * 720 + 24, { kind: 'cash_deposit' }],
        [`F${m}`, 'ACC-M', 'ACC-FAMILY', 1100, m * 720 + 30, { kind: 'wire', toCountry: 'PH' }],
      );
    }
    assert.deepEqual(runDetector(cashThenWireAbroad, graphOf(salaryFunded), {}, HOME), []);
    assert.deepEqual(runDetector(cashThenWireAbroad, graphOf(cashFunded), {}, HOME), []);
    // the first month is left alone because the data does not reach back far enough to call the recipient new
    const graph = graphOf(cashFunded);
    assert.deepEqual(runDetector(cashThenWireAbroad, graph, { minCoverageDays: 0 }, HOME).map((f) => idsOf(graph, f).at(-1)), ['F0']);
  });

  test('destinationCountries narrows where it looks; no home country: nothing', () => {
    assert.deepEqual(runDetector(cashThenWireAbroad, graphOf(fees), { destinationCountries: ['GT'] }, HOME), []);
    assert.equal(runDetector(cashThenWireAbroad, graphOf(fees), { destinationCountries: ['mx'] }, HOME).length, 1);
    assert.deepEqual(runDetector(cashThenWireAbroad, graphOf(fees)), []);
  });
});

describe('HT-25 small credits redeemed in virtual currency', () => {
  const lines: TxLine[] = [
    ...Array.from({ length: 12 }, (_, i) => [`IN${i}`, `ACC-P${i % 6}`, 'ACC-O', 40 + i * 4, i * 18] as TxLine),
    ['X1', 'ACC-O', 'ACC-EXCHANGE', 500, 230, { kind: 'crypto' }],
  ];

  test('many small credits then most of them converted to crypto fire at the conversion', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(smallCreditsToCrypto, { lines, completing: 'X1' });
    assert.equal(anchor, 'ACC-O');
    assert.equal(ids.length, 13);
    assert.equal(finding.facts?.payers, 6);
  });

  test('a quasi-cash merchant counts as a virtual-currency purchase', () => {
    const viaMerchant = lines.map((l) => (l[0] === 'X1' ? ['X1', 'ACC-O', 'MERCHANT-QC', 500, 230, { kind: 'card', merchantCategory: '6051' }] as TxLine : l));
    assert.equal(runDetector(smallCreditsToCrypto, graphOf(viaMerchant)).length, 1);
  });

  test('small credits kept, or a crypto purchase from a salary, do not fire', () => {
    assert.deepEqual(runDetector(smallCreditsToCrypto, graphOf(lines.slice(0, 12))), []);
    const salary: TxLine[] = [['S', 'EMP-1', 'ACC-O', 3000, 0, { kind: 'salary' }], ['X', 'ACC-O', 'ACC-EXCHANGE', 500, 30, { kind: 'crypto' }]];
    assert.deepEqual(runDetector(smallCreditsToCrypto, graphOf(salary)), []);
  });
});
