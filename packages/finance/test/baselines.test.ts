import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import { amountRuleBaseline, createAmountRule, degreeBaseline, PairCounter } from '../src/baselines.ts';
import { generateTransactions } from '../src/generator.ts';
import { seededRandom } from '@ariadne/network';
import { CASH_ACCOUNT } from '../src/types.ts';
import { TEST_CURRENCY, tx, type TxLine } from './graph-fixtures.ts';

const refused = (code: string) => (error: unknown) => isAriadneError(error) && error.code === code;

describe('amountRuleBaseline', () => {
  const options = { currency: TEST_CURRENCY, reportingThreshold: 10_000 };

  test('flags large amounts and amounts within 10 % below the threshold, one alert each', () => {
    const lines: TxLine[] = [
      ['T1', 'ACC-A', 'ACC-B', 10_000, 0], // at the threshold: large
      ['T2', 'ACC-A', 'ACC-B', 9_000, 1], // the band's lower edge
      ['T3', 'ACC-A', 'ACC-B', 8_999.99, 2], // just outside
      ['T4', CASH_ACCOUNT, 'ACC-C', 9_999.99, 3, { kind: 'cash_deposit' }],
      ['T5', 'ACC-A', 'ACC-B', 120, 4],
      ['T6', 'ACC-A', 'ACC-B', 9_000, 5, { currency: 'EUR' }], // 9,900 USD
      ['T7', 'ACC-A', 'ACC-B', 10_000, 6, { currency: 'EUR' }], // 11,000 USD
    ];
    const alerts = amountRuleBaseline(lines.map(tx), options);
    assert.deepEqual(alerts.map((a) => [a.transactions[0], a.typology]), [
      ['T1', 'large_amount'], ['T2', 'near_threshold'], ['T4', 'near_threshold'], ['T6', 'near_threshold'], ['T7', 'large_amount'],
    ]);
    const cash = alerts.find((a) => a.transactions[0] === 'T4')!;
    assert.deepEqual(cash.accounts, ['ACC-C']);
    assert.equal(cash.detector, 'baseline-amount');
    assert.match(cash.explanation, /9,999\.99 USD is within 10% below the reporting threshold of 10,000\.00 USD/);
    for (const a of alerts) assert.ok(a.score >= 0.5 && a.score <= 1);
    assert.deepEqual(alerts[0]!.accounts, ['ACC-A', 'ACC-B']);
  });

  test('a higher large-amount line leaves amounts between the threshold and it alone', () => {
    const rule = createAmountRule({ ...options, largeAmount: 50_000 });
    assert.equal(rule(tx(['T1', 'ACC-A', 'ACC-B', 20_000, 0])), undefined);
    assert.equal(rule(tx(['T2', 'ACC-A', 'ACC-B', 50_000, 0]))?.typology, 'large_amount');
    assert.equal(rule(tx(['T3', 'ACC-A', 'ACC-B', 9_500, 0]))?.typology, 'near_threshold');
  });

  test('an unknown currency or a meaningless band is refused', () => {
    assert.throws(() => amountRuleBaseline([tx(['T1', 'ACC-A', 'ACC-B', 5, 0, { currency: 'XXX' }])], options), refused('VALIDATION_FAILED'));
    assert.throws(() => createAmountRule({ ...options, nearShare: 1 }), refused('VALIDATION_FAILED'));
    assert.throws(() => createAmountRule({ ...options, nearShare: -0.1 }), refused('VALIDATION_FAILED'));
    assert.equal(createAmountRule({ ...options, nearShare: 0 })(tx(['T1', 'ACC-A', 'ACC-B', 9_999, 0])), undefined);
    assert.throws(() => createAmountRule({ ...options, reportingThreshold: 0 }), refused('VALIDATION_FAILED'));
  });
});

describe('degreeBaseline', () => {
  // ACC-HUB meets five counterparties within two days; ACC-B meets two; ACC-OLD met the hub long before
  const lines: TxLine[] = [
    ['T0', 'ACC-OLD', 'ACC-HUB', 100, 0],
    ['T1', 'ACC-1', 'ACC-HUB', 900, 500],
    ['T2', 'ACC-2', 'ACC-HUB', 900, 510],
    ['T3', 'ACC-3', 'ACC-HUB', 900, 520],
    ['T4', 'ACC-HUB', 'ACC-4', 900, 530],
    ['T5', 'ACC-5', 'ACC-HUB', 900, 540],
    ['T6', 'ACC-B', 'ACC-1', 50, 541],
    ['T7', 'ACC-HUB', CASH_ACCOUNT, 200, 542, { kind: 'cash_withdrawal' }],
    ['T8', 'ACC-1', 'ACC-HUB', 900, 545],
  ];
  const records = lines.map(tx);

  test('flags the account with the most distinct counterparties, with its transactions in the peak window', () => {
    const alerts = degreeBaseline(records, { windowDays: 3, topK: 1 });
    assert.equal(alerts.length, 1);
    const [top] = alerts;
    assert.equal(top!.detector, 'baseline-degree');
    assert.equal(top!.score, 1);
    // the window ends where the count peaked (T5): T0 lies before it, T7 and T8 after it
    assert.deepEqual(top!.transactions, ['T1', 'T2', 'T3', 'T4', 'T5']);
    assert.deepEqual(top!.accounts, ['ACC-1', 'ACC-2', 'ACC-3', 'ACC-4', 'ACC-5', 'ACC-HUB']);
    assert.match(top!.explanation, /^5 distinct counterparties within 3 days/);
  });

  test('a window long enough to reach the old transaction counts it too; k ranks the rest', () => {
    const alerts = degreeBaseline(records, { windowDays: 30, topK: 3 });
    assert.match(alerts[0]!.explanation, /^6 distinct/);
    assert.equal(alerts[0]!.transactions[0], 'T0');
    assert.equal(alerts.length, 3);
    // ACC-1 met the hub and ACC-B: 2 counterparties
    assert.equal(alerts[1]!.score, 2 / 6);
  });

  test('cash and self-transfers are not counterparties', () => {
    const alerts = degreeBaseline([tx(['T1', 'ACC-A', CASH_ACCOUNT, 20, 0]), tx(['T2', 'ACC-A', 'ACC-A', 20, 1])], { topK: 5 });
    assert.deepEqual(alerts, []);
  });

  test('the cash withdrawal of a flagged account inside its window is flagged with it', () => {
    const alerts = degreeBaseline([...records, tx(['T9', 'ACC-6', 'ACC-HUB', 900, 546])], { windowDays: 3, topK: 1 });
    assert.deepEqual(alerts[0]!.transactions, ['T1', 'T2', 'T3', 'T4', 'T5', 'T7', 'T8', 'T9']);
    assert.match(alerts[0]!.explanation, /^6 distinct/);
  });

  test('transactions out of time order, a one-shot iterator and bad options are refused', () => {
    assert.throws(() => degreeBaseline([records[2]!, records[1]!]), refused('VALIDATION_FAILED'));
    assert.throws(() => degreeBaseline(records.values()), refused('VALIDATION_FAILED'));
    assert.throws(() => degreeBaseline(records, { topK: 0 }), refused('VALIDATION_FAILED'));
    assert.throws(() => degreeBaseline(records, { windowDays: -1 }), refused('VALIDATION_FAILED'));
  });
});

describe('degreeBaseline on generated traffic', () => {
  test('each flagged account\'s count equals a brute-force count of distinct counterparties per window', () => {
    const data = generateTransactions({ seed: 21, accounts: 1_000, transactions: 8_000, illicitShare: 0.01 });
    const txs = data.transactions.slice(0, 3_000);
    const window = 2 * 86_400_000;
    const alerts = degreeBaseline(txs, { windowDays: 2, topK: 15 });
    assert.equal(alerts.length, 15);
    const events = new Map<string, { t: number; c: string }[]>();
    for (const t of txs) {
      if (t.from.startsWith('@') || t.to.startsWith('@') || t.from === t.to) continue;
      for (const [a, c] of [[t.from, t.to], [t.to, t.from]] as const) events.set(a, [...(events.get(a) ?? []), { t: t.timestamp, c }]);
    }
    const peak = (account: string) => Math.max(...events.get(account)!.map((end, _, all) => new Set(all.filter((e) => e.t > end.t - window && e.t <= end.t).map((e) => e.c)).size));
    const counts = alerts.map((a) => Number(/^(\d+) distinct/.exec(a.explanation)![1]));
    for (const [k, a] of alerts.entries()) {
      const account = a.accounts.find((ref) => a.transactions.every((id) => { const t = txs.find((x) => x.id === id)!; return t.from === ref || t.to === ref; }))!;
      assert.equal(counts[k], peak(account), `account ${account}`);
    }
    const all = [...events.keys()].map(peak).sort((x, y) => y - x);
    assert.deepEqual(counts, all.slice(0, 15));
  });
});

describe('PairCounter', () => {
  test('agrees with a Map through many increments, decrements and growth', () => {
    const counter = new PairCounter(16);
    const reference = new Map<string, number>();
    const random = seededRandom(3);
    for (let step = 0; step < 50_000; step++) {
      const a = Math.floor(random() * 300);
      const c = Math.floor(random() * 300);
      const key = `${a} ${c}`;
      const known = reference.get(key) ?? 0;
      if (known > 0 && random() < 0.45) {
        assert.equal(counter.decrement(a, c), known - 1);
        if (known === 1) reference.delete(key); else reference.set(key, known - 1);
      } else {
        assert.equal(counter.increment(a, c), known + 1);
        reference.set(key, known + 1);
      }
    }
    assert.equal(counter.size, reference.size);
    for (const [key, n] of reference) {
      const [a, c] = key.split(' ').map(Number) as [number, number];
      assert.equal(counter.increment(a, c), n + 1);
    }
    assert.equal(counter.decrement(9_999, 9_999), -1);
  });
});
