/**
 * Red flags read from merchant categories and places: HT-06 advertising, HT-18 foreign classified
 * sites, HT-16 prepaid cards, HT-19 small crypto purchases, HT-07 short-stay lodging, HT-08 travel
 * tickets for several people, HT-09 a business paying for upkeep, HT-13 frequent movement. Each
 * finds nothing when the merchant data it needs is missing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DetectContext, Detector, DetectorParams } from '../src/detector.ts';
import type { AccountRecord, TransactionRecord } from '../src/types.ts';
import { businessUpkeep } from '../src/detectors/red-flags/business-upkeep.ts';
import { adPayments, foreignClassifieds, prepaidCards, repeatedMultiples, smallCryptoPurchases } from '../src/detectors/red-flags/frequent-payments.ts';
import { geographicMovement } from '../src/detectors/red-flags/geographic-movement.ts';
import { outOfPatternPurchases } from '../src/detectors/red-flags/out-of-pattern-purchases.ts';
import { shortStayLodging } from '../src/detectors/red-flags/short-stay-lodging.ts';
import { groupPurchases, travelTickets } from '../src/detectors/red-flags/travel-tickets.ts';
import { findOnceWhenComplete, graphOf, runDetector, type CompletingCase, type OnceFound, type TxLine } from './graph-fixtures.ts';

/** one batch finding; streaming finds the same one, only once `completing` has arrived (see graph-fixtures.ts) */
function onceAndWhenComplete<P extends DetectorParams>(detector: Detector<P>, c: CompletingCase): OnceFound {
  return findOnceWhenComplete(detector, c, { forbidden: /ACC-|MERCH-|Synth City/, message: 'no references or places in the reason' });
}

/** the same lines with merchant categories and places removed */
function withoutMerchantData(lines: readonly TxLine[]): TxLine[] {
  return lines.map(([id, from, to, amount, hours, extra]) => {
    const rest: Partial<TransactionRecord> = { ...extra };
    delete (rest as { merchantCategory?: string }).merchantCategory;
    delete (rest as { location?: string }).location;
    return [id, from, to, amount, hours, rest];
  });
}

const card = (mcc: string, more: Partial<TransactionRecord> = {}): Partial<TransactionRecord> => ({ kind: 'card', merchantCategory: mcc, ...more });

describe('HT-06 advertising payments', () => {
  const ads: TxLine[] = [3, 12, 24, 3, 12, 24].map((amount, i) => [`A${i}`, 'ACC-AD', 'MERCH-ADS', amount, i * 40, card('7311')] as TxLine);

  test('six small payments to advertising merchants within a month fire, with the multiples pattern', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(adPayments, { lines: ads, completing: 'A5' });
    assert.equal(anchor, 'ACC-AD');
    assert.deepEqual(ids, ['A0', 'A1', 'A2', 'A3', 'A4', 'A5']);
    assert.equal(finding.facts?.multiples, 'yes');
    assert.match(finding.reason, /repeated multiples of one small amount/);
    const plain = runDetector(adPayments, graphOf(ads.map((l, i) => [l[0], l[1], l[2], 7 + i * 1.37, l[4], l[5]] as TxLine)));
    assert.equal(plain[0]?.facts?.multiples, 'no');
    assert.ok(plain[0]!.score < finding.score);
  });

  test('a monthly web-hosting subscription, or a business advertising daily, does not fire', () => {
    const hosting = Array.from({ length: 8 }, (_, i) => [`H${i}`, 'ACC-P', 'MERCH-HOST', 9.99, i * 720, card('4816')] as TxLine);
    assert.deepEqual(runDetector(adPayments, graphOf(hosting)), []);
    const daily = Array.from({ length: 20 }, (_, i) => [`D${i}`, 'ACC-BIZ', 'MERCH-ADS', 50, i * 24, card('7311')] as TxLine);
    assert.deepEqual(runDetector(adPayments, graphOf(daily, [{ id: 'ACC-BIZ', kind: 'business' }])), []);
  });

  test('without merchant categories: nothing', () => {
    assert.deepEqual(runDetector(adPayments, graphOf(withoutMerchantData(ads))), []);
  });

  test('repeatedMultiples: every amount a whole multiple of the smallest, at least two different', () => {
    assert.equal(repeatedMultiples([3, 12, 24]), true);
    assert.equal(repeatedMultiples([3.3, 13.2, 26.400000000000002]), true);
    assert.equal(repeatedMultiples([5, 5, 5]), false);
    assert.equal(repeatedMultiples([3, 7, 12]), false);
    assert.equal(repeatedMultiples([3, 12]), false);
  });
});

describe('HT-18 foreign classified sites', () => {
  const HOME: DetectContext = { homeCountry: 'DE' };
  const lines: TxLine[] = [
    ['K0', 'ACC-K', 'MERCH-CLASS', 40, 0, card('5969', { toCountry: 'US' })],
    ['K1', 'MERCH-CLASS', 'ACC-K', 25, 30, card('5969', { kind: 'transfer', fromCountry: 'US' })],
    ['K2', 'ACC-K', 'MERCH-CLASS', 40, 100, card('5969', { toCountry: 'US' })],
    ['L0', 'ACC-K', 'MERCH-LOCAL', 40, 120, card('5969', { toCountry: 'DE' })],
    ['K3', 'ACC-K', 'MERCH-CLASS', 80, 200, card('5969', { toCountry: 'US' })],
  ];

  test('payments to and from a classified site abroad fire at the fourth', () => {
    const { ids, anchor } = onceAndWhenComplete(foreignClassifieds, { lines, context: HOME, completing: 'K3' });
    assert.equal(anchor, 'ACC-K');
    assert.deepEqual(ids, ['K0', 'K1', 'K2', 'K3']);
  });

  test('domestic sites do not count; without a home country: nothing', () => {
    const domestic = lines.map((l) => [l[0], l[1], l[2], l[3], l[4], { ...l[5], toCountry: 'DE', fromCountry: 'DE' }] as TxLine);
    assert.deepEqual(runDetector(foreignClassifieds, graphOf(domestic), {}, HOME), []);
    assert.deepEqual(runDetector(foreignClassifieds, graphOf(lines)), []);
  });
});

describe('HT-16 prepaid cards and HT-19 small crypto purchases', () => {
  test('five prepaid-card loads within a month fire at the fifth', () => {
    const loads = Array.from({ length: 5 }, (_, i) => [`P${i}`, 'ACC-PP', 'MERCH-PREPAID', 200, i * 100, card('6540')] as TxLine);
    const { anchor } = onceAndWhenComplete(prepaidCards, { lines: loads, completing: 'P4' });
    assert.equal(anchor, 'ACC-PP');
    assert.deepEqual(runDetector(prepaidCards, graphOf(withoutMerchantData(loads))), []);
  });

  test('eight small crypto purchases within a month fire; two a month, or large ones, do not', () => {
    const buys = Array.from({ length: 8 }, (_, i) => [`X${i}`, 'ACC-CR', 'ACC-EXCHANGE', 50, i * 60, { kind: 'crypto' }] as TxLine);
    const { finding } = onceAndWhenComplete(smallCryptoPurchases, { lines: buys, completing: 'X7' });
    assert.equal(finding.facts?.payments, 8);
    const monthly = Array.from({ length: 8 }, (_, i) => [`X${i}`, 'ACC-CR', 'ACC-EXCHANGE', 50, i * 360, { kind: 'crypto' }] as TxLine);
    assert.deepEqual(runDetector(smallCryptoPurchases, graphOf(monthly)), []);
    const large = buys.map((l) => [l[0], l[1], l[2], 900, l[4], l[5]] as TxLine);
    assert.deepEqual(runDetector(smallCryptoPurchases, graphOf(large)), []);
  });
});

describe('HT-07 short-stay lodging', () => {
  const stays: TxLine[] = [
    ['H0', 'ACC-T', 'MERCH-HOTEL-1', 90, 0, card('7011', { location: 'Synth City A' })],
    ['H1', 'ACC-T', 'MERCH-HOTEL-2', 85, 50, card('3650', { location: 'Synth City B' })],
    ['H2', 'ACC-T', 'MERCH-HOTEL-2', 85, 100, card('3650', { location: 'Synth City B' })],
    ['F0', 'ACC-T', 'MERCH-FOOD', 12, 120, card('5814', { location: 'Synth City B' })],
    ['H3', 'ACC-T', 'MERCH-HOTEL-3', 70, 170, card('7011', { location: 'Synth City C' })],
    ['H4', 'ACC-T', 'MERCH-HOTEL-4', 95, 240, card('7011', { location: 'Synth City D' })],
  ];

  test('five stays in four cities within two weeks fire at the stay that completes it', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(shortStayLodging, { lines: stays, completing: 'H4' });
    assert.equal(anchor, 'ACC-T');
    assert.deepEqual(ids, ['H0', 'H1', 'H2', 'H3', 'H4']);
    assert.equal(finding.facts?.cities, 4);
  });

  test('a business trip with two hotels does not fire; without places or categories: nothing', () => {
    assert.deepEqual(runDetector(shortStayLodging, graphOf(stays.slice(0, 3))), []);
    assert.deepEqual(runDetector(shortStayLodging, graphOf(withoutMerchantData(stays))), []);
  });
});

describe('HT-08 travel tickets for several people', () => {
  const trips: TxLine[] = [];
  for (let d = 0; d < 3; d++) {
    for (let k = 0; k < 3; k++) trips.push([`T${d}-${k}`, 'ACC-TR', 'MERCH-AIRLINE', 120, d * 72 + k * 0.1, card('4511')]);
  }

  test('group purchases of tickets on three days fire at the ticket that completes it', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(travelTickets, { lines: trips, completing: 'T2-1' });
    assert.equal(anchor, 'ACC-TR');
    assert.equal(ids.length, 8);
    assert.equal(finding.facts?.groupDays, 3);
    assert.equal(finding.facts?.largestGroup, 3);
  });

  test('a commuter buying two tickets a day, hours apart, does not fire', () => {
    const commute: TxLine[] = [];
    for (let d = 0; d < 30; d++) {
      commute.push([`M${d}a`, 'ACC-C', 'MERCH-METRO', 2.5, d * 24 + 8, card('4111')], [`M${d}b`, 'ACC-C', 'MERCH-METRO', 2.5, d * 24 + 18, card('4111')]);
    }
    assert.deepEqual(runDetector(travelTickets, graphOf(commute)), []);
    assert.deepEqual(runDetector(travelTickets, graphOf(withoutMerchantData(trips))), []);
  });

  test('groupPurchases clusters payments to one carrier within minutes', () => {
    const graph = graphOf(trips);
    const all = Array.from({ length: graph.size }, (_, i) => i);
    assert.deepEqual(groupPurchases(graph, all, { groupSize: 2, groupMinutes: 20 }), { groups: 3, days: 3, largest: 3 });
    assert.deepEqual(groupPurchases(graph, all, { groupSize: 4, groupMinutes: 20 }), { groups: 0, days: 0, largest: 0 });
  });
});

describe('HT-09 a business paying for upkeep', () => {
  const upkeep: TxLine[] = [
    ['U0', 'ACC-BIZ', 'MERCH-HOTEL', 600, 0, card('7011')],
    ['U1', 'ACC-BIZ', 'MERCH-GROCER', 300, 24, card('5411')],
    ['U2', 'ACC-BIZ', 'MERCH-HOTEL', 600, 48, card('7011')],
    ['U3', 'ACC-BIZ', 'MERCH-GROCER', 280, 96, card('5411')],
    ['O0', 'ACC-BIZ', 'MERCH-SOFTWARE', 50, 100, card('5734')],
    ['U4', 'ACC-BIZ', 'MERCH-CARS', 450, 120, card('7512')],
    ['U5', 'ACC-BIZ', 'MERCH-HOTEL', 600, 200, card('7011')],
  ];
  const softwareHouse: AccountRecord[] = [{ id: 'ACC-BIZ', kind: 'business', businessType: 'Software development' }];

  test('a software business paying for lodging, food and cars fires at the sixth upkeep payment', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(businessUpkeep, { lines: upkeep, accounts: softwareHouse, completing: 'U5' });
    assert.equal(anchor, 'ACC-BIZ');
    assert.deepEqual(ids, ['U0', 'U1', 'U2', 'U3', 'U4', 'U5']);
    assert.equal(finding.facts?.lodging, 1800);
    assert.equal(finding.facts?.food, 580);
    assert.equal(finding.facts?.vehicleRental, 450);
  });

  test('a hotel operator or a NACE 55 business is explained; no line of business, no KYC or no categories: nothing', () => {
    for (const businessType of ['Hotel operator', '55.10', 'I 5510']) {
      assert.deepEqual(runDetector(businessUpkeep, graphOf(upkeep, [{ id: 'ACC-BIZ', kind: 'business', businessType }])), [], businessType);
    }
    assert.equal(runDetector(businessUpkeep, graphOf(upkeep, [{ id: 'ACC-BIZ', kind: 'business', businessType: '62.01' }])).length, 1);
    assert.deepEqual(runDetector(businessUpkeep, graphOf(upkeep, [{ id: 'ACC-BIZ', kind: 'business' }])), []);
    assert.deepEqual(runDetector(businessUpkeep, graphOf(upkeep)), []);
    assert.deepEqual(runDetector(businessUpkeep, graphOf(withoutMerchantData(upkeep), softwareHouse)), []);
  });
});

describe('HT-13 frequent movement', () => {
  const holder: AccountRecord[] = [{ id: 'ACC-MV', kind: 'personal', city: 'Synth City A' }];
  const moves: TxLine[] = [
    ['V0', 'ACC-MV', 'MERCH-1', 20, 0, card('5411', { location: 'Synth City A' })],
    ['V1', 'ACC-MV', 'MERCH-2', 20, 10, card('5411', { location: 'Synth City B' })],
    ['V2', 'ACC-MV', '@cash', 100, 30, { kind: 'cash_withdrawal', location: 'Synth City C' }],
    ['V3', '@cash', 'ACC-MV', 300, 50, { kind: 'cash_deposit', location: 'Synth City D' }],
    ['V4', 'ACC-MV', 'ACC-FRIEND', 20, 60],
    ['V5', 'ACC-MV', 'MERCH-3', 20, 80, card('5814', { location: 'Synth City E' })],
    ['V6', 'ACC-MV', 'MERCH-4', 20, 100, card('5814', { location: 'Synth City F' })],
  ];

  test('in-person transactions in five places away from home within a week fire at the fifth place', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(geographicMovement, { lines: moves, accounts: holder, completing: 'V6' });
    assert.equal(anchor, 'ACC-MV');
    assert.deepEqual(ids, ['V1', 'V2', 'V3', 'V5', 'V6']);
    assert.equal(finding.facts?.places, 5);
  });

  test('daily life in the home city does not fire; without places: nothing', () => {
    const local = Array.from({ length: 30 }, (_, i) => [`L${i}`, 'ACC-MV', `MERCH-${i}`, 20, i * 5, card('5411', { location: 'Synth City A' })] as TxLine);
    assert.deepEqual(runDetector(geographicMovement, graphOf(local, holder)), []);
    assert.deepEqual(runDetector(geographicMovement, graphOf(withoutMerchantData(moves), holder)), []);
  });
});

describe('HT-10 small upkeep purchases out of pattern', () => {
  const holder: AccountRecord[] = [{ id: 'ACC-U', kind: 'personal' }];
  const weekly: TxLine[] = Array.from({ length: 16 }, (_, i) => [`W${i}`, 'ACC-U', 'MERCH-BURGER', 9, i * 168, card('5814')] as TxLine);
  const burst: TxLine[] = Array.from({ length: 12 }, (_, k) => [`B${k}`, 'ACC-U', `MERCH-${k % 3 ? 'PHARMACY' : 'BEAUTY'}`, 15, 110 * 24 + k * 12, card(k % 3 ? '5912' : '7230')] as TxLine);

  test('a burst well above the customer\'s own weekly rate fires once the recent count reaches the minimum', () => {
    const { finding, ids, anchor } = onceAndWhenComplete(outOfPatternPurchases, { lines: [...weekly, ...burst], accounts: holder, completing: 'B8' });
    assert.equal(anchor, 'ACC-U');
    assert.deepEqual(ids, ['W15', 'B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8']);
    assert.equal(finding.facts?.baselinePurchases, 12);
    assert.equal(finding.facts?.expected, 2);
  });

  test('a steady daily habit, a new customer or data without categories does not fire', () => {
    const daily = Array.from({ length: 200 }, (_, i) => [`D${i}`, 'ACC-U', 'MERCH-BURGER', 9, i * 24, card('5814')] as TxLine);
    assert.deepEqual(runDetector(outOfPatternPurchases, graphOf(daily, holder)), []);
    assert.deepEqual(runDetector(outOfPatternPurchases, graphOf(burst, holder)), []);
    assert.deepEqual(runDetector(outOfPatternPurchases, graphOf(withoutMerchantData([...weekly, ...burst]), holder)), []);
  });
});
