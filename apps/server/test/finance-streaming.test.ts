/**
 * The streaming parts of the finance API on their own: posted transactions checked field by field
 * (malformed, hostile and huge values), the alert stream's lifecycle, and the bounded registry of
 * per-case scorers (warm-up, one call at a time per case, eviction).
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScoringConfig, DEFAULT_SCORING, DETECTORS as BUILT_IN, TransactionGraph, type AccountRecord, type TransactionRecord } from '@ariadne/finance';
import { AlertEvents } from '../src/finance/alert-events.ts';
import { openAlertStream } from '../src/finance/alert-stream.ts';
import { alertInputOf, MAX_ALERT_TRANSACTIONS } from '../src/finance/alert-inputs.ts';
import { FinanceService } from '../src/finance/finance-service.ts';
import { financeSettings } from '../src/finance/finance-settings.ts';
import { StreamScorers } from '../src/finance/stream-scorers.ts';
import { readPostedTransaction, readPostedTransactions, storableProblem } from '../src/finance/transaction-records.ts';
import { TEST_DETECTORS, TEST_FINANCE, TEST_SCORING } from './finance-fixtures.ts';

const table = { base: 'USD', rates: { USD: 1, EUR: 1.1 } };
const DETECTORS = new Map([...BUILT_IN, ...TEST_DETECTORS]);
const good = { id: 'TX-1', from: 'ACC-0001', to: 'ACC-0002', amount: 12.5, currency: 'USD', timestamp: '2026-01-05T10:00:00Z' };

function errorOf(raw: unknown): { field?: string; message: string } {
  const read = readPostedTransaction(raw, 1, table);
  assert.ok('message' in read, `expected an error for ${JSON.stringify(raw)?.slice(0, 80)}`);
  return { ...(read.field === undefined ? {} : { field: read.field }), message: read.message };
}

describe('posted transactions', () => {
  test('a good record becomes a transaction in epoch milliseconds, with its kind from the type', () => {
    const tx = readPostedTransaction({ ...good, type: 'wire', fromCountry: 'iq', reference: '  invoice 7  ' }, 1, table);
    assert.deepEqual(tx, {
      id: 'TX-1', from: 'ACC-0001', to: 'ACC-0002', amount: 12.5, amountText: '12.5', currency: 'USD', timestamp: Date.UTC(2026, 0, 5, 10),
      kind: 'wire', rawType: 'wire', fromCountry: 'IQ', reference: 'invoice 7',
    });
    const text = readPostedTransaction({ ...good, amount: '1200.50', currency: 'eur', timestamp: '2026-01-05T12:00:00+02:00' }, 1, table);
    assert.ok(!('message' in text));
    assert.equal(text.amountText, '1200.50');
    assert.equal(text.currency, 'EUR');
    assert.equal(text.timestamp, Date.UTC(2026, 0, 5, 10));
    const cash = readPostedTransaction({ ...good, from: undefined, type: 'cash deposit' }, 1, table);
    assert.ok(!('message' in cash));
    assert.equal(cash.from, '@cash');
    const defaultCurrency = readPostedTransaction({ ...good, currency: undefined }, 1, table);
    assert.ok(!('message' in defaultCurrency) && defaultCurrency.currency === 'USD');
  });

  test('malformed amounts, currencies and times are refused one by one, naming the field', () => {
    assert.deepEqual(errorOf({ ...good, amount: -3 }), { field: 'amount', message: 'amount "-3" is negative; give the direction with from and to' });
    assert.deepEqual(errorOf({ ...good, amount: 0 }), { field: 'amount', message: 'amount is zero' });
    assert.match(errorOf({ ...good, amount: 1e13 }).message, /absurd/);
    assert.match(errorOf({ ...good, amount: 1e-7 }).message, /more than 4 decimals/);
    assert.match(errorOf({ ...good, amount: Number.NaN }).message, /not a finite number/);
    assert.match(errorOf({ ...good, amount: '1,200.00' }).message, /thousands separator/);
    assert.match(errorOf({ ...good, amount: '1e5' }).message, /exponent/);
    assert.match(errorOf({ ...good, amount: true }).message, /neither a number nor a decimal string/);
    assert.deepEqual(errorOf({ ...good, currency: 'XYZ' }), { field: 'currency', message: 'unknown currency "XYZ" (not an ISO 4217 code)' });
    assert.match(errorOf({ ...good, currency: 'JPY' }).message, /no rate for currency "JPY"/);
    assert.match(errorOf({ ...good, timestamp: '2026-01-05T10:00:00' }).message, /zone|ISO 8601/);
    assert.match(errorOf({ ...good, timestamp: '2026-02-30' }).message, /timestamp/);
    assert.equal(errorOf({ ...good, timestamp: 1767607200000 }).field, 'timestamp');
    assert.match(errorOf({ ...good, fromCountry: 'Iraq' }).message, /not an ISO 3166-1 alpha-2 code/);
    assert.match(errorOf({ ...good, merchantCategory: '70110' }).message, /4-digit/);
  });

  test('hostile references and fields are refused without echoing them', () => {
    assert.deepEqual(errorOf({ ...good, id: 'TX\u001b[31m' }), { field: 'id', message: 'the id holds control characters' });
    assert.deepEqual(errorOf({ ...good, from: 'A'.repeat(201) }), { field: 'from', message: 'the from account is longer than 200 characters' });
    assert.match(errorOf({ ...good, to: '@group' }).message, /reserved for pseudo-accounts/);
    assert.deepEqual(errorOf({ ...good, to: 'ACC-0001' }), { field: 'to', message: 'from and to are the same account' });
    assert.match(errorOf({ ...good, reference: 'x'.repeat(1001) }).message, /longer than 1000/);
    assert.match(errorOf({ ...good, beneficiaryName: 'Test \ud800 Person' }).message, /not text/);
    assert.deepEqual(errorOf(JSON.parse(`{"id":"TX-1","__proto__":{"admin":true}}`)), { field: '__proto__', message: 'unknown field' });
    assert.deepEqual(errorOf([good]), { message: 'the record is not a JSON object' });
    assert.deepEqual(errorOf(null), { message: 'the record is not a JSON object' });
    const secret = 'Test Person Secret';
    assert.equal(JSON.stringify(errorOf({ ...good, from: secret, to: secret })).includes(secret), false);
  });

  test('a thousand records: repeated ids refused after their first, the rest read', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ ...good, id: `TX-${i % 900}` }));
    const { records, errors } = readPostedTransactions(items, table);
    assert.equal(records.length, 900);
    assert.equal(errors.length, 100);
    assert.deepEqual(errors[0], { record: '901', field: 'id', message: 'duplicate id: first given in record 1' });
  });

  test("the store's limits, applied to the file readers' records", () => {
    const tx: TransactionRecord = { id: 'TX-1', from: 'A', to: 'B', amount: 1, amountText: '1', currency: 'USD', timestamp: Date.UTC(2026, 0, 1), kind: 'transfer' };
    assert.equal(storableProblem(tx, '1'), undefined);
    assert.deepEqual(storableProblem({ ...tx, id: 'x'.repeat(201) }, '7'), { record: '7', field: 'id', message: 'the id is longer than 200 characters' });
    assert.equal(storableProblem({ ...tx, timestamp: Date.UTC(10_000, 0, 1) }, '7')?.field, 'timestamp');
  });
});

describe('the alert stream', () => {
  const read = (chunks: string[]) => chunks.join('');
  // the stream's timers do not keep a process alive (a server's sockets do): the test holds it open
  let keepAlive: NodeJS.Timeout;
  beforeEach(() => {
    keepAlive = setInterval(() => undefined, 1000);
  });
  afterEach(() => clearInterval(keepAlive));

  test('events of its case only; the heartbeat re-checks access and closes the stream when it lapses', async () => {
    const events = new AlertEvents();
    let allowed = true;
    const stream = openAlertStream({ events, caseId: 'c1', heartbeatMs: 5, maxMs: 60_000, stillAllowed: async () => allowed });
    const chunks: string[] = [];
    stream.body.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const ended = new Promise((resolve) => stream.body.on('end', resolve));
    events.publish('c2', [{ id: 'fa_other', typology: 't', score: 1, change: 'new' }]);
    events.publish('c1', [{ id: 'fa_1', typology: 'mule-collection', score: 0.7, change: 'new' }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(read(chunks), /^retry: 5000\n: connected\n\n/);
    assert.match(read(chunks), /event: alert\ndata: \{"id":"fa_1","typology":"mule-collection","score":0.7,"change":"new"\}\n\n/);
    assert.equal(read(chunks).includes('fa_other'), false);
    assert.match(read(chunks), /: heartbeat\n\n/);
    allowed = false;
    await ended;
    assert.match(read(chunks), /event: close\ndata: \{"reason":"unauthorised"\}\n\n$/);
    assert.equal(events.listeners('c1'), 0, 'a closed stream stops listening');
  });

  test('a stream ends after its lifetime, and a client going away unsubscribes it', async () => {
    const events = new AlertEvents();
    const timed = openAlertStream({ events, caseId: 'c1', heartbeatMs: 60_000, maxMs: 5, stillAllowed: async () => true });
    const chunks: string[] = [];
    timed.body.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    await new Promise((resolve) => timed.body.on('end', resolve));
    assert.match(read(chunks), /"reason":"timeout"/);

    const gone = openAlertStream({ events, caseId: 'c1', heartbeatMs: 60_000, maxMs: 60_000, stillAllowed: async () => true });
    assert.equal(events.listeners('c1'), 1);
    gone.body.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(events.listeners('c1'), 0);
    events.publish('c1', [{ id: 'fa_2', typology: 't', score: 1, change: 'updated' }]);
  });

  test("the service ends its open streams when it closes (a server's close waits for open responses)", async () => {
    const service = new FinanceService({ store: {} as never, settings: financeSettings(TEST_FINANCE), now: () => new Date() });
    const stream = service.openAlertStream('c1', async () => true);
    const chunks: string[] = [];
    stream.body.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const ended = new Promise((resolve) => stream.body.on('end', resolve));
    service.close();
    await ended;
    assert.match(read(chunks), /"reason":"shutdown"/);
    assert.equal(service.events.listeners('c1'), 0);
  });
});

describe('finance settings', () => {
  test('the defaults: the built-in typologies and detectors, USD only, the usual threshold', () => {
    const settings = financeSettings({});
    assert.equal(settings.scoring.algorithm, DEFAULT_SCORING.algorithm);
    assert.equal(settings.detectors, BUILT_IN);
    assert.deepEqual(settings.currency, { base: 'USD', rates: { USD: 1 } });
    assert.equal(settings.context.reportingThreshold, 10_000);
    assert.equal(settings.goamlConfigPath, null);
  });

  test('options that would break every scan are refused at once, naming the option', () => {
    assert.throws(() => financeSettings({ scoring: { ...TEST_SCORING, typologies: [{ ...TEST_SCORING.typologies[0]!, rules: [{ detector: 'astrology', weight: 1 }] }] } }), /unknown detectors/);
    assert.throws(() => financeSettings({ currency: { base: 'usd', rates: {} } }), /currency table is not valid/);
    assert.throws(() => financeSettings({ conflictCountries: ['sy'] }), /conflictCountries/);
    assert.throws(() => financeSettings({ maxImportBytes: -1 }), /maxImportBytes/);
    assert.deepEqual([...financeSettings({ homeCountry: 'IQ', conflictCountries: ['SY'] }).context.conflictCountries!], ['SY']);
  });
});

describe('the per-case scorers', () => {
  const scoring = parseScoringConfig(TEST_SCORING, DETECTORS);
  const history = (caseId: string): TransactionRecord[] => [1, 2].map((n) => ({
    id: `${caseId}-H${n}`, from: `ACC-10${n}`, to: 'ACC-0200', amount: 700, amountText: '700', currency: 'USD', timestamp: Date.UTC(2026, 1, n), kind: 'transfer',
  }));

  function fakeStore(reads: string[]) {
    return {
      async readAccounts(caseId: string): Promise<readonly AccountRecord[]> {
        reads.push(`accounts:${caseId}`);
        return [];
      },
      readTransactions(query: { caseId: string }): AsyncIterable<TransactionRecord[]> {
        reads.push(`transactions:${query.caseId}`);
        const batch = history(query.caseId);
        return (async function* () {
          yield batch;
        })();
      },
    };
  }

  test("a scorer is warmed from the case's history once, then scores what arrives against it", async () => {
    const reads: string[] = [];
    const scorers = new StreamScorers({ store: fakeStore(reads) as never, currency: table, scoring, detectors: DETECTORS, context: {}, maxCases: 2, idleMs: 60_000, now: () => 0 });
    const push = (caseId: string, n: number) => scorers.run(caseId, async (scorer) => scorer.push({
      id: `S${n}`, from: `ACC-20${n}`, to: 'ACC-0200', amount: 700, amountText: '700', currency: 'USD', timestamp: Date.UTC(2026, 1, 3), kind: 'transfer',
    }).events);
    const events = await push('c1', 1);
    assert.equal(events.length, 1, 'two senders from history and one new: the fan-in');
    const hit = events[0]!.hit;
    const scorer = await scorers.run('c1', async (s) => s);
    assert.deepEqual(alertInputOf(scorer.graph, hit).transactions, ['c1-H1', 'c1-H2', 'S1']);
    await push('c1', 2);
    assert.deepEqual(reads, ['accounts:c1', 'transactions:c1'], 'warmed once');
    scorers.close();
  });

  test('one call at a time per case; the least recently used case and idle cases are dropped; an import invalidates', async () => {
    const reads: string[] = [];
    let now = 0;
    const scorers = new StreamScorers({ store: fakeStore(reads) as never, currency: table, scoring, detectors: DETECTORS, context: {}, maxCases: 2, idleMs: 1000, now: () => now });
    const order: string[] = [];
    const slow = scorers.run('c1', async () => {
      order.push('first:start');
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('first:end');
    });
    const fast = scorers.run('c1', async () => {
      order.push('second');
    });
    await Promise.all([slow, fast]);
    assert.deepEqual(order, ['first:start', 'first:end', 'second']);

    await scorers.run('c2', async () => undefined);
    await scorers.run('c3', async () => undefined);
    assert.deepEqual(scorers.cases(), ['c2', 'c3'], 'c1 was least recently used');
    now = 5000;
    scorers.sweep();
    assert.deepEqual(scorers.cases(), []);
    await scorers.run('c2', async () => undefined);
    await scorers.invalidate('c2');
    assert.deepEqual(scorers.cases(), []);
    assert.equal(reads.filter((r) => r === 'transactions:c2').length, 2, 'warmed again after being dropped');

    const failing = new StreamScorers({
      store: { readAccounts: async () => { throw new Error('database down'); }, readTransactions: () => [] } as never,
      currency: table, scoring, detectors: DETECTORS, context: {}, maxCases: 2, idleMs: 1000, now: () => 0,
    });
    await assert.rejects(failing.run('c1', async () => undefined), /database down/);
    assert.deepEqual(failing.cases(), [], 'a failed warm-up is not kept');
    await scorers.run('c4', async () => undefined);
    await assert.rejects(scorers.run('c4', async () => { throw new Error('store refused the alerts'); }), /store refused/);
    assert.equal(scorers.cases().includes('c4'), false, 'nor a scorer a failed call may have left half-updated');
    scorers.close();
    failing.close();
  });

  test("an alert's evidence is capped at the store's limit, keeping the latest transactions, and says so", () => {
    const graph = new TransactionGraph({ currency: table });
    const count = MAX_ALERT_TRANSACTIONS + 50;
    for (let i = 0; i < count; i++) {
      graph.add({ id: `T${i}`, from: `ACC-${i % 3000}`, to: 'ACC-HUB', amount: 10, amountText: '10', currency: 'USD', timestamp: Date.UTC(2026, 0, 1) + i * 1000, kind: 'transfer' });
    }
    const transactions = Array.from({ length: count }, (_, i) => i);
    const hit = {
      typology: scoring.typologies[0]!, node: graph.to(0), score: 0.9, transactions,
      findings: [{ detector: 'test-fan-in', node: graph.to(0), score: 0.9, transactions, reason: 'Many senders.' }],
    };
    const input = alertInputOf(graph, hit);
    assert.equal(input.transactions.length, MAX_ALERT_TRANSACTIONS);
    assert.equal(input.transactions[0], 'T50');
    assert.equal(input.transactions.at(-1), `T${count - 1}`);
    assert.equal(input.accounts.length, 1000, 'at most 1,000 accounts');
    assert.match(input.explanation, /keeps the latest 10,000 of 10,050 transactions/);
    assert.deepEqual(input.detectors, ['test-fan-in']);
  });
});
