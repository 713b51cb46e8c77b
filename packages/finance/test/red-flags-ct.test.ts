/**
 * ⚑ Terrorist-financing red flags: CT-01 payments to or from listed parties and conflict areas,
 * CT-02 ransom-like pooling towards a conflict area. They read the scan context (screening
 * matches, conflict countries) and find nothing without it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DetectContext, ListedParty } from '../src/detector.ts';
import type { AccountRecord } from '../src/types.ts';
import { conflictArea, listedParty } from '../src/detectors/red-flags/listed-and-conflict.ts';
import { ransomPooling } from '../src/detectors/red-flags/ransom-pooling.ts';
import { graphOf, idsOf, runDetector, runDetectorStreaming, type TxLine } from './graph-fixtures.ts';

const match = (list: string, score: number): ListedParty => ({ list, entry: 'TEST-ENTRY-0001', score });

describe('CT-01 listed parties', () => {
  const context: DetectContext = {
    listed: new Map([['ACC-LISTED', match('un-sc', 0.93)], ['customer:CUST-9', match('case', 1)], ['ACC-WEAK', match('ofac-sdn', 0.3)]]),
  };
  const accounts: AccountRecord[] = [{ id: 'ACC-G1', customerId: 'CUST-9', kind: 'personal' }];
  const lines: TxLine[] = [
    ['T1', 'ACC-A', 'ACC-LISTED', 1200, 0, { kind: 'wire' }],
    ['T2', 'ACC-LISTED', 'ACC-B', 300, 5],
    ['T3', '@cash', 'ACC-G1', 500, 9, { kind: 'cash_deposit' }],
    ['T4', 'ACC-A', 'ACC-WEAK', 80, 12],
    ['T5', 'ACC-A', 'ACC-B', 80, 13],
  ];

  test('each payment with a listed payer or payee is one finding, anchored at the payer (or the payee of a cash deposit)', () => {
    const graph = graphOf(lines, accounts);
    const found = runDetector(listedParty, graph, {}, context);
    const byTx = new Map(found.map((f) => [idsOf(graph, f)[0], f]));
    assert.deepEqual([...byTx.keys()].sort(), ['T1', 'T2', 'T3']);
    assert.equal(graph.node(byTx.get('T1')!.node).key, 'ACC-A');
    assert.equal(graph.node(byTx.get('T2')!.node).key, 'ACC-LISTED');
    assert.equal(graph.node(byTx.get('T3')!.node).key, 'customer:CUST-9');
    assert.equal(byTx.get('T1')!.score, 0.93);
    assert.equal(byTx.get('T1')!.reason, '⚑ A wire of 1,200.00 USD where the payee was matched on list un-sc (match 0.93).');
    assert.match(byTx.get('T2')!.reason, /this customer was matched/);
    for (const f of found) assert.doesNotMatch(f.reason, /ACC-|CUST-|TEST-ENTRY/);
    const streamed = runDetectorStreaming(listedParty, lines, accounts, {}, context);
    assert.deepEqual(new Set(streamed.map((f) => JSON.stringify(f))), new Set(found.map((f) => JSON.stringify(f))));
    assert.equal(streamed.length, found.length);
  });

  test('a weak match is ignored unless the threshold allows it; no screening context: nothing', () => {
    const graph = graphOf(lines, accounts);
    assert.equal(runDetector(listedParty, graph, { minMatchScore: 0.25 }, context).length, 4);
    assert.deepEqual(runDetector(listedParty, graph), []);
    assert.deepEqual(runDetector(listedParty, graph, {}, { listed: new Map() }), []);
  });
});

describe('CT-01 conflict areas', () => {
  const context: DetectContext = { conflictCountries: new Set(['SY']), homeCountry: 'DE' };
  const accounts: AccountRecord[] = [{ id: 'ACC-SYBANK', country: 'SY' }];
  const lines: TxLine[] = [
    ['H1', 'ACC-A', 'ACC-HAWALA', 500, 0, { kind: 'msb', toCountry: 'SY' }],
    ['H2', 'ACC-A', 'ACC-SYBANK', 700, 1],
    ['H3', 'ACC-A', 'ACC-SHOP', 20, 2, { kind: 'card', toCountry: 'SY' }],
    ['H4', 'ACC-A', 'ACC-FRIEND', 100, 3, { toCountry: 'FR' }],
    ['H5', 'ACC-A', '@cash', 200, 4, { kind: 'cash_withdrawal', toCountry: 'SY' }],
  ];

  test('money-service, transfer and cash transactions linked to a conflict country fire, one finding each', () => {
    const graph = graphOf(lines, accounts);
    const found = runDetector(conflictArea, graph, {}, context);
    assert.deepEqual(found.map((f) => idsOf(graph, f)[0]), ['H1', 'H2', 'H5']);
    assert.ok(found.every((f) => graph.node(f.node).key === 'ACC-A'));
    assert.equal(found[0]!.reason, '⚑ A money-service payment of 500.00 USD to or from SY, listed as an area where armed groups operate.');
    assert.equal(found[1]!.facts?.byBranch, 'yes');
    assert.ok(found[0]!.score > found[1]!.score, 'hawala-like kinds score higher');
    assert.deepEqual(runDetectorStreaming(conflictArea, lines, accounts, {}, context), found);
  });

  test('an institution in the conflict country is not flagging its own domestic traffic; no conflict list: nothing', () => {
    assert.deepEqual(runDetector(conflictArea, graphOf(lines, accounts), {}, { conflictCountries: new Set(['SY']), homeCountry: 'SY' }), []);
    assert.deepEqual(runDetector(conflictArea, graphOf(lines, accounts), {}, { homeCountry: 'DE' }), []);
  });
});

describe('CT-02 ransom-like pooling', () => {
  const context: DetectContext = { conflictCountries: new Set(['IQ']), homeCountry: 'DE' };
  const intermediary: AccountRecord[] = [{ id: 'ACC-I', kind: 'personal', country: 'TR' }];
  const pooling: TxLine[] = [
    ['OLD', 'ACC-Q', 'ACC-I', 100, -1000, { fromCountry: 'TR' }],
    ['P1', 'ACC-R1', 'ACC-I', 5000, 0, { kind: 'wire', fromCountry: 'DE' }],
    ['P2', 'ACC-R2', 'ACC-I', 6000, 20, { kind: 'wire', fromCountry: 'SE' }],
    ['P3', 'ACC-R3', 'ACC-I', 4000, 40, { kind: 'msb', fromCountry: 'GB' }],
    ['P4', 'ACC-R4', 'ACC-I', 5000, 70, { kind: 'wire', fromCountry: 'NL' }],
    ['X1', 'ACC-I', 'ACC-IQ', 19_000, 96, { kind: 'wire', toCountry: 'IQ' }],
  ];

  test('four unrelated senders abroad, then one payment of most of it to a conflict country, fire at that payment', () => {
    const graph = graphOf(pooling, intermediary);
    const found = runDetector(ransomPooling, graph, {}, context);
    assert.equal(found.length, 1);
    const f = found[0]!;
    assert.equal(graph.node(f.node).key, 'ACC-I');
    assert.deepEqual(idsOf(graph, f), ['P1', 'P2', 'P3', 'P4', 'X1']);
    assert.equal(f.facts?.senders, 4);
    assert.equal(f.facts?.pooled, 20_000);
    assert.equal(f.facts?.countries, 'IQ');
    assert.match(f.reason, /^⚑ 4 unrelated senders .* \(from 4 countries\) paid it 20,000\.00 USD within 2\.9 days; 26 hours later a single 19,000\.00 USD payment \(95% of it\)/);
    assert.doesNotMatch(f.reason, /ACC-/);
    assert.deepEqual(runDetectorStreaming(ransomPooling, pooling, intermediary, {}, context), found);
    assert.deepEqual(runDetectorStreaming(ransomPooling, pooling.slice(0, -1), intermediary, {}, context), []);
  });

  test('a monthly family remittance, related senders, or regular hawala customers do not fire', () => {
    const family: TxLine[] = [];
    for (let m = 0; m < 3; m++) {
      family.push([`F${m}`, 'ACC-SON', 'ACC-I', 400, m * 720, { kind: 'wire', fromCountry: 'DE' }], [`O${m}`, 'ACC-I', 'ACC-IQ', 380, m * 720 + 24, { kind: 'wire', toCountry: 'IQ' }]);
    }
    assert.deepEqual(runDetector(ransomPooling, graphOf(family, intermediary), {}, context), []);
    const related: TxLine[] = [['LINK', 'ACC-R1', 'ACC-R2', 50, -200], ...pooling];
    assert.equal(runDetector(ransomPooling, graphOf(related, intermediary), { minSenders: 2 }, context).length, 1, 'two unrelated remain');
    assert.deepEqual(runDetector(ransomPooling, graphOf(related, intermediary), {}, context), []);
    const regulars: TxLine[] = [
      ...pooling.filter((l) => l[0].startsWith('P')).map((l) => [`${l[0]}-before`, l[1], l[2], 300, l[4] - 700, l[5]] as TxLine),
      ...pooling,
    ];
    assert.deepEqual(runDetector(ransomPooling, graphOf(regulars, intermediary), {}, context), []);
  });

  test('senders at home count only when requireForeignSenders is off; no conflict list: nothing', () => {
    const domestic = pooling.map((l) => (l[0].startsWith('P') ? [l[0], l[1], l[2], l[3], l[4], { kind: 'wire', fromCountry: 'TR' }] as TxLine : l));
    assert.deepEqual(runDetector(ransomPooling, graphOf(domestic, intermediary), {}, context), []);
    assert.equal(runDetector(ransomPooling, graphOf(domestic, intermediary), { requireForeignSenders: false }, context).length, 1);
    assert.deepEqual(runDetector(ransomPooling, graphOf(pooling, intermediary), {}, { homeCountry: 'DE' }), []);
  });
});
