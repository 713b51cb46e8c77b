/**
 * What every red-flag detector shares: the registry's metadata, the episode walk that reports a
 * pattern once per episode in batch and streaming alike, a streaming call whose cost follows the
 * window and not the node's history, pseudo nodes never anchoring, and hostile attribute values.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, type AnyDetector, type DetectContext, type DetectScope } from '../src/detector.ts';
import { TransactionGraph } from '../src/tx-graph.ts';
import type { AccountRecord } from '../src/types.ts';
import { RED_FLAG_DETECTORS } from '../src/detectors/red-flags/index.ts';
import { DAY as DAY_MS, SOURCES, mccMatcher, money, walkEpisodes } from '../src/detectors/red-flags/flag-helpers.ts';
import { TEST_CURRENCY, graphOf, idsOf, runDetector, tx, type TxLine } from './graph-fixtures.ts';

describe('the red-flag registry', () => {
  test('ids are unique, each cites the research list\'s sources and says what data it needs', () => {
    const ids = RED_FLAG_DETECTORS.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length);
    const known = new Set<string>(Object.values(SOURCES));
    for (const d of RED_FLAG_DETECTORS) {
      assert.match(d.id, /^(ht|ct)-[a-z-]+$/);
      assert.match(d.redFlag ?? '', /^(HT|CT)-\d\d$/);
      assert.ok(d.sources.length > 0 && d.sources.every((s) => known.has(s)), d.id);
      assert.ok(d.requires.includes('TX') && d.requires.every((r) => ['TX', 'KYC', 'EXT'].includes(r)), d.id);
      assert.ok(d.title.length > 0 && d.description.length > 40, d.id);
      assert.equal(d.title.startsWith('⚑'), d.redFlag!.startsWith('CT'), `${d.id}: terrorist-financing flags carry ⚑`);
    }
  });

  test('covers the red flags the brief asks for', () => {
    const flags = new Set(RED_FLAG_DETECTORS.map((d) => d.redFlag));
    for (const id of ['HT-01', 'HT-02', 'HT-03', 'HT-04', 'HT-05', 'HT-06', 'HT-07', 'HT-08', 'HT-15', 'HT-18', 'HT-22', 'HT-23', 'CT-01', 'CT-02']) {
      assert.ok(flags.has(id), id);
    }
  });

  test('a parameter naming an unknown transaction kind is refused', () => {
    const graph = graphOf([['T1', 'ACC-A', 'ACC-B', 10, 0]]);
    const sweep = RED_FLAG_DETECTORS.find((d) => d.id === 'ht-wage-sweep')!;
    assert.throws(() => runDetector(sweep, graph, { sweepKinds: ['transfer', 'teleport'] }), (e: unknown) => (e as { code?: string }).code === 'VALIDATION_FAILED');
  });

  test('pseudo parties never anchor; an empty graph finds nothing', () => {
    const graph = graphOf([['D1', '@cash', 'ACC-A', 500, 0, { kind: 'cash_deposit' }], ['W1', 'ACC-A', '@cash', 400, 1, { kind: 'cash_withdrawal' }]]);
    const cash = graph.nodeOf('@cash');
    const scope: DetectScope = { since: -Infinity, until: Infinity, context: FULL_CONTEXT };
    const empty = new TransactionGraph({ currency: TEST_CURRENCY });
    for (const d of RED_FLAG_DETECTORS) {
      assert.deepEqual(d.detect(graph, cash, d.defaults, scope), [], d.id);
      assert.deepEqual(runDetector(d, empty, {}, FULL_CONTEXT), [], d.id);
    }
  });
});

describe('the episode walk', () => {
  /** a toy red flag: three credits within two days, reported by the walk */
  function threeInTwoDays(graph: TransactionGraph, node: number, scope: DetectScope): string[] {
    let n = 0;
    return walkEpisodes<true>(graph, {
      lists: [graph.incoming(node)],
      windowMs: 2 * DAY_MS,
      relevant: () => true,
      enter: () => { n++; },
      leave: () => { n--; },
      evaluate: () => (n >= 3 ? true : undefined),
      report: (t, _v, window) => ({ detector: 'toy', node, score: 1, transactions: window.filter(() => true), reason: graph.txId(t) }),
    }, scope).map((f) => f.reason);
  }
  // hours: a burst of five (one episode), a gap, then another burst of three
  const hours = [0, 5, 10, 15, 20, 200, 210, 220];
  const lines: TxLine[] = hours.map((h, i) => [`T${i}`, `ACC-S${i}`, 'ACC-B', 100, h]);

  test('reports where the condition starts to hold, not again while it holds, again after a gap', () => {
    const graph = graphOf(lines);
    const b = graph.nodeOf('ACC-B');
    assert.deepEqual(threeInTwoDays(graph, b, { since: -Infinity, until: Infinity, context: {} }), ['T2', 'T7']);
  });

  test('a call pinned to one transaction sees the verdict before it, so streaming reports the same', () => {
    const graph = graphOf(lines);
    const b = graph.nodeOf('ACC-B');
    const pinned = lines.flatMap((_, i) => threeInTwoDays(graph, b, { since: graph.time(i), until: graph.time(i), context: {} }));
    assert.deepEqual(pinned, ['T2', 'T7']);
  });

  test('a red flag that renews is reported again while the pattern grows, batch and streaming alike', () => {
    const graph = graphOf(lines);
    const b = graph.nodeOf('ACC-B');
    const growing = (scope: DetectScope): string[] => {
      let n = 0;
      return walkEpisodes<number>(graph, {
        lists: [graph.incoming(b)],
        windowMs: 2 * DAY_MS,
        relevant: () => true,
        enter: () => { n++; },
        leave: () => { n--; },
        evaluate: () => (n >= 3 ? n : undefined),
        renews: (previous, current) => current > previous,
        report: (t, v) => ({ detector: 'toy', node: b, score: 1, transactions: [t], reason: `${graph.txId(t)}:${v}` }),
      }, scope).map((f) => f.reason);
    };
    // the burst grows to five credits in the window (reported at three, four and five); the gap starts a new episode
    assert.deepEqual(growing({ since: -Infinity, until: Infinity, context: {} }), ['T2:3', 'T3:4', 'T4:5', 'T7:3']);
    assert.deepEqual(lines.flatMap((_, i) => growing({ since: graph.time(i), until: graph.time(i), context: {} })), ['T2:3', 'T3:4', 'T4:5', 'T7:3']);
  });

  test('transactions at the same time are read in the order they arrived', () => {
    const same: TxLine[] = [0, 1, 2, 3].map((i) => [`T${i}`, `ACC-S${i}`, 'ACC-B', 100, 7]);
    const graph = graphOf(same);
    assert.deepEqual(threeInTwoDays(graph, graph.nodeOf('ACC-B'), { since: -Infinity, until: Infinity, context: {} }), ['T2']);
  });
});

describe('reasons', () => {
  test('money reads as formatMoney does', () => {
    const graph = new TransactionGraph({ currency: TEST_CURRENCY });
    for (const a of [0, 0.005, 12.5, 1_234_567.891, 9_999.995, 0.1 + 0.2]) assert.equal(money(graph, a), formatMoney(a, 'USD'));
  });
});

describe('merchant category codes', () => {
  test('single codes and inclusive ranges; anything else does not match', () => {
    const m = mccMatcher(['7011', '3501-3999', 'junk', '12345']);
    assert.equal(m('7011'), true);
    assert.equal(m('3501'), true);
    assert.equal(m('3999'), true);
    assert.equal(m('4000'), false);
    assert.equal(m(undefined), false);
    assert.equal(m('70 11'), false);
    assert.equal(m('-7011'), false);
    const codes = ['7011'];
    assert.equal(mccMatcher(codes), mccMatcher(codes), 'compiled once per list');
  });
});

const FULL_CONTEXT: DetectContext = {
  homeCountry: 'DE',
  conflictCountries: new Set(['SY', 'IQ']),
  reportingThreshold: 10_000,
  listed: new Map([['ACC-FOREIGN-0', { list: 'un-sc', entry: 'TEST-ENTRY-0001', score: 0.9 }]]),
};

const MCC_CYCLE = ['7311', '7011', '4511', '6540', '5411', '6051', '7512', '5814'];

/** `days` of varied daily traffic around one personal and one business customer: every detector has work to do */
function longHistory(days: number): { graph: TransactionGraph; lastIndex: number } {
  const graph = new TransactionGraph({ currency: TEST_CURRENCY, capacity: days * 12 });
  const accounts: AccountRecord[] = [
    { id: 'ACC-P', kind: 'personal', city: 'Synth City 0', country: 'DE' },
    { id: 'ACC-BIZ', kind: 'business', businessType: 'Software development', country: 'DE' },
  ];
  graph.addAccounts(accounts);
  let n = 0;
  let last = -1;
  const add = (line: TxLine): void => { last = graph.add(tx(line)); };
  for (let d = 0; d < days; d++) {
    const h = d * 24;
    const city = `Synth City ${d % 9}`;
    const mcc = MCC_CYCLE[d % MCC_CYCLE.length]!;
    add([`C${n++}`, 'ACC-P', `MERCH-${d % 13}`, 10 + (d % 7) * 3, h + 1, { kind: 'card', merchantCategory: mcc, location: city }]);
    add([`C${n++}`, 'ACC-P', `MERCH-${d % 5}`, 12, h + 1.1, { kind: 'card', merchantCategory: '4511', location: city }]);
    add([`I${n++}`, `ACC-SENDER-${d % 40}`, 'ACC-P', 80 + (d % 11), h + 2, { fromCountry: 'DE' }]);
    add([`K${n++}`, '@cash', 'ACC-P', 900, h + 3, { kind: 'cash_deposit', location: `Synth City ${(d + 3) % 9}` }]);
    add([`W${n++}`, 'ACC-P', '@cash', 700, h + 4, { kind: 'cash_withdrawal', location: `Synth City ${(d + 5) % 9}` }]);
    add([`X${n++}`, 'ACC-P', `ACC-FOREIGN-${d % 3}`, 400, h + 5, { kind: 'wire', toCountry: d % 2 ? 'SY' : 'NG' }]);
    add([`Y${n++}`, 'ACC-P', 'ACC-EXCHANGE', 60, h + 6, { kind: 'crypto' }]);
    add([`B${n++}`, `CUST-${d % 50}`, 'ACC-BIZ', 2000, h + 7, { kind: 'card' }]);
    add([`U${n++}`, 'ACC-BIZ', `MERCH-HOTEL-${d % 4}`, 300, h + 8, { kind: 'card', merchantCategory: d % 2 ? '7011' : '5411' }]);
    add([`R${n++}`, `ACC-R${d % 30}`, 'ACC-BIZ', 3000, h + 9, { kind: 'wire', fromCountry: 'SE' }]);
    if (d % 30 === 0) add([`S${n++}`, `EMP-${d % 4}`, 'ACC-P', 2500, h + 10, { kind: 'salary', beneficiaryName: `Test Person ${d % 4}` }]);
    add([`T${n++}`, 'ACC-P', `ACC-FRIEND-${d % 6}`, 1500, h + 11]);
  }
  return { graph, lastIndex: last };
}

/** counts the graph's time reads a detector makes: the unit of a detector's work */
function timeReads(detector: AnyDetector, graph: TransactionGraph, node: number, at: number): number {
  let reads = 0;
  const counted = new Proxy(graph, {
    get(target, key, receiver) {
      if (key === 'time') return (i: number) => { reads++; return target.time(i); };
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(receiver) : v;
    },
  });
  detector.detect(counted, node, detector.defaults, { since: at, until: at, context: FULL_CONTEXT });
  return reads;
}

describe('cost of a streaming call', () => {
  test('follows the window, not the length of the node\'s history', () => {
    const short = longHistory(200);
    const long = longHistory(800);
    for (const key of ['ACC-P', 'ACC-BIZ']) {
      for (const d of RED_FLAG_DETECTORS) {
        const a = timeReads(d, short.graph, short.graph.nodeOf(key), short.graph.time(short.lastIndex));
        const b = timeReads(d, long.graph, long.graph.nodeOf(key), long.graph.time(long.lastIndex));
        assert.ok(b <= a * 1.1 + 200, `${d.id} on ${key}: ${a} reads with 200 days of history, ${b} with 800`);
      }
    }
  });

  test('a transaction the red flag is not about costs a binary search, not a window', () => {
    const graph = new TransactionGraph({ currency: TEST_CURRENCY });
    graph.addAccounts([{ id: 'ACC-SHOP', kind: 'business', businessType: 'Retail' }]);
    let last = -1;
    for (let d = 0; d < 400; d++) {
      for (let k = 0; k < 20; k++) last = graph.add(tx([`S${d}-${k}`, `CUST-${k}`, 'ACC-SHOP', 25, d * 24 + k * 0.5, { kind: 'card' }]));
      if (d % 30 === 29) graph.add(tx([`P${d}`, 'ACC-SHOP', 'ACC-EMPLOYEE', 1800, d * 24 + 12, { kind: 'salary' }]));
    }
    const shop = graph.nodeOf('ACC-SHOP');
    const at = graph.time(last);
    for (const id of ['ht-wage-pooling', 'ht-revenue-without-payroll', 'ht-unrelated-senders', 'ht-cash-without-payroll']) {
      const d = RED_FLAG_DETECTORS.find((x) => x.id === id)!;
      assert.ok(timeReads(d, graph, shop, at) < 100, `${id}: a card sale at a shop that pays wages`);
    }
  });

  test('the batch scan over the long history runs every detector and keeps the anchor rule', () => {
    const { graph } = longHistory(120);
    for (const d of RED_FLAG_DETECTORS) {
      for (const f of runDetector(d, graph, {}, FULL_CONTEXT)) {
        const latest = f.transactions[f.transactions.length - 1]!;
        assert.ok(graph.from(latest) === f.node || graph.to(latest) === f.node, `${d.id}: the anchor is an endpoint of the latest transaction`);
        assert.ok(!graph.isPseudo(f.node));
        assert.ok(f.score > 0 && f.score <= 1, d.id);
        assert.deepEqual([...f.transactions], [...f.transactions].sort((x, y) => graph.time(x) - graph.time(y) || x - y), d.id);
        assert.doesNotMatch(f.reason, /ACC-|CUST-|EMP-|MERCH-|Synth City|Test Person|TEST-ENTRY/, d.id);
      }
    }
  });
});

describe('hostile attribute values', () => {
  test('odd codes, huge places and names, and unknown countries are read without failing', () => {
    const huge = 'x'.repeat(100_000);
    const lines: TxLine[] = Array.from({ length: 12 }, (_, i) => [
      `H${i}`, i % 2 ? 'ACC-A' : '@cash', i % 2 ? `MERCH-${i}` : 'ACC-A', 50 + i, i,
      {
        kind: (['card', 'cash_deposit', 'salary', 'wire'] as const)[i % 4], merchantCategory: ['99999', '7a11', '', '３５０１', '7011'][i % 5],
        location: i % 3 ? huge : '\u0000\u202e', beneficiaryName: i % 2 ? '<script>' : huge, toCountry: i % 2 ? 'ZZZ' : '', fromCountry: '1',
      },
    ]);
    const graph = graphOf(lines, [{ id: 'ACC-A', kind: 'personal', city: huge, businessType: huge }]);
    const context: DetectContext = { ...FULL_CONTEXT, listed: new Map([['ACC-A', { list: '<b>list</b>\n', entry: 'x', score: 0.99 }]]) };
    for (const d of RED_FLAG_DETECTORS) {
      for (const f of runDetector(d, graph, {}, context)) {
        assert.ok(f.reason.length < 600, d.id);
        assert.doesNotMatch(f.reason, /<|\n|xxxx/, d.id);
      }
    }
    const listed = runDetector(RED_FLAG_DETECTORS.find((d) => d.id === 'ct-listed-party')!, graph, {}, context);
    assert.ok(listed.length > 0);
    assert.match(listed[0]!.reason, /list blist/);
    assert.equal(idsOf(graph, listed[0]!).length, 1);
  });
});
