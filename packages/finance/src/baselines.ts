/**
 * Two naive baselines for the benchmark's side-by-side F1, producing alerts in the scan's format
 * from the same transactions:
 *
 * - `amountRuleBaseline`: the rule most banks start with. Each transaction at or above a large
 *   amount, or within 10 % below the reporting threshold, is an alert of its own.
 * - `degreeBaseline`: the naive graph rule. The k accounts with the most distinct counterparties
 *   within a sliding window are alerts, each with its transactions in the window where its count
 *   peaked.
 *
 * Both read a time-ordered stream of `TransactionRecord`s and keep only a window's worth of state
 * (the degree rule reads the stream twice: once to rank, once to collect).
 */
import { AriadneError } from '@ariadne/schema';
import type { AlertLine, CurrencyTable, TransactionRecord } from './types.ts';
import { formatDuration, formatMoney } from './detector.ts';

export interface AmountRuleOptions {
  readonly currency: CurrencyTable;
  /** in the base currency, e.g. 10,000 */
  readonly reportingThreshold: number;
  /** flag at or above this, in the base currency (default: the reporting threshold) */
  readonly largeAmount?: number;
  /** the band below the threshold that is flagged, as a share of it, in [0, 1) (default 0.1: 9,000 up to 10,000) */
  readonly nearShare?: number;
}

function unknownCurrency(code: string): AriadneError {
  return new AriadneError('VALIDATION_FAILED', `Unknown currency "${code.slice(0, 8)}".`, { details: { currency: 'not in the currency table' } });
}

function partiesOf(txs: readonly TransactionRecord[]): string[] {
  const refs = new Set<string>();
  for (const tx of txs) for (const ref of [tx.from, tx.to]) if (!ref.startsWith('@')) refs.add(ref);
  return [...refs].sort();
}

/** The amount rule as a function of one transaction, for streams: an alert, or undefined. */
export function createAmountRule(options: AmountRuleOptions): (tx: TransactionRecord) => AlertLine | undefined {
  const threshold = options.reportingThreshold;
  const large = options.largeAmount ?? threshold;
  const share = options.nearShare ?? 0.1;
  const near = threshold * (1 - share);
  if (!(threshold > 0) || !(large > 0) || !(share >= 0 && share < 1)) {
    throw new AriadneError('VALIDATION_FAILED', 'The amount rule needs a positive threshold and a band below it.', { details: { reportingThreshold: 'positive, with 0 <= nearShare < 1' } });
  }
  const base = options.currency.base;
  return (tx) => {
    const rate = options.currency.rates[tx.currency];
    if (rate === undefined) throw unknownCurrency(tx.currency);
    const amount = tx.amount * rate;
    const isLarge = amount >= large;
    if (!isLarge && !(share > 0 && amount >= near && amount < threshold)) return undefined;
    return {
      detector: 'baseline-amount',
      typology: isLarge ? 'large_amount' : 'near_threshold',
      score: isLarge ? 1 : 0.5 + (0.5 * (amount - near)) / (threshold - near),
      accounts: partiesOf([tx]),
      transactions: [tx.id],
      explanation: isLarge
        ? `${formatMoney(amount, base)} is at or above the large-amount line of ${formatMoney(large, base)}.`
        : `${formatMoney(amount, base)} is within ${Math.round((1 - near / threshold) * 100)}% below the reporting threshold of ${formatMoney(threshold, base)}.`,
    };
  };
}

/** Every transaction the amount rule flags, one alert each. */
export function amountRuleBaseline(transactions: Iterable<TransactionRecord>, options: AmountRuleOptions): AlertLine[] {
  const rule = createAmountRule(options);
  const alerts: AlertLine[] = [];
  for (const tx of transactions) {
    const alert = rule(tx);
    if (alert) alerts.push(alert);
  }
  return alerts;
}

export interface DegreeOptions {
  /** sliding window length in days (default 10, the longest planted window) */
  readonly windowDays?: number;
  /** how many accounts to flag (default 100) */
  readonly topK?: number;
}

/** account indices fit an Int32Array; far more than any benchmark holds */
const MAX_ACCOUNTS = 2 ** 30;

/**
 * Counts per (account, counterparty) pair in the window: open addressing with linear probing and
 * backward-shift deletion over typed arrays, several times faster and smaller than a Map keyed by
 * a combined number for the millions of pairs a five-million-transaction window sees.
 */
export class PairCounter {
  private keyA: Int32Array;
  private keyC: Int32Array;
  private count: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1 << 12) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keyA = new Int32Array(size).fill(-1);
    this.keyC = new Int32Array(size);
    this.count = new Int32Array(size);
    this.mask = size - 1;
  }

  /** pairs with a count above 0 */
  get size(): number { return this.used; }

  /** adds one to the pair; returns its new count */
  increment(a: number, c: number): number {
    if ((this.used + 1) * 2 > this.keyA.length) this.rehash(this.keyA.length * 2);
    let i = this.home(a, c);
    while (this.keyA[i] !== -1) {
      if (this.keyA[i] === a && this.keyC[i] === c) return ++this.count[i]!;
      i = (i + 1) & this.mask;
    }
    this.keyA[i] = a;
    this.keyC[i] = c;
    this.count[i] = 1;
    this.used++;
    return 1;
  }

  /** takes one from the pair; returns its new count (0 and forgotten at zero; -1 when absent) */
  decrement(a: number, c: number): number {
    let i = this.home(a, c);
    while (this.keyA[i] !== -1) {
      if (this.keyA[i] === a && this.keyC[i] === c) {
        const left = --this.count[i]!;
        if (left === 0) this.remove(i);
        return left;
      }
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  private home(a: number, c: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(c ^ 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** backward-shift deletion: later entries of the probe run move up, so lookups need no tombstones */
  private remove(hole: number): void {
    let i = hole;
    let j = hole;
    for (;;) {
      j = (j + 1) & this.mask;
      if (this.keyA[j] === -1) break;
      const k = this.home(this.keyA[j]!, this.keyC[j]!);
      // the entry at j may stay when its home lies cyclically in (i, j]
      if (i <= j ? i < k && k <= j : i < k || k <= j) continue;
      this.keyA[i] = this.keyA[j]!;
      this.keyC[i] = this.keyC[j]!;
      this.count[i] = this.count[j]!;
      i = j;
    }
    this.keyA[i] = -1;
    this.used--;
  }

  private rehash(size: number): void {
    const [a, c, n] = [this.keyA, this.keyC, this.count];
    this.keyA = new Int32Array(size).fill(-1);
    this.keyC = new Int32Array(size);
    this.count = new Int32Array(size);
    this.mask = size - 1;
    this.used = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === -1) continue;
      let j = this.home(a[i]!, c[i]!);
      while (this.keyA[j] !== -1) j = (j + 1) & this.mask;
      this.keyA[j] = a[i]!;
      this.keyC[j] = c[i]!;
      this.count[j] = n[i]!;
      this.used++;
    }
  }
}

/** the window's (time, account, counterparty) events, oldest first, in growable typed rings */
class EventQueue {
  private t = new Float64Array(1 << 12);
  private a = new Int32Array(1 << 12);
  private c = new Int32Array(1 << 12);
  private head = 0;
  private length = 0;

  push(t: number, a: number, c: number): void {
    if (this.length === this.t.length) this.grow();
    const i = (this.head + this.length) & (this.t.length - 1);
    this.t[i] = t;
    this.a[i] = a;
    this.c[i] = c;
    this.length++;
  }

  /** calls `leave` for each event at or before `time`, oldest first, and drops it */
  expire(time: number, leave: (a: number, c: number) => void): void {
    const mask = this.t.length - 1;
    while (this.length > 0 && this.t[this.head]! <= time) {
      leave(this.a[this.head]!, this.c[this.head]!);
      this.head = (this.head + 1) & mask;
      this.length--;
    }
  }

  private grow(): void {
    const size = this.t.length * 2;
    const t = new Float64Array(size);
    const a = new Int32Array(size);
    const c = new Int32Array(size);
    const mask = this.t.length - 1;
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & mask;
      t[k] = this.t[i]!;
      a[k] = this.a[i]!;
      c[k] = this.c[i]!;
    }
    [this.t, this.a, this.c, this.head] = [t, a, c, 0];
  }
}

interface Peak {
  readonly account: number;
  readonly distinct: number;
  /** the time the count peaked: the window is (time - window, time] */
  readonly time: number;
}

/**
 * Pass one: each account's highest number of distinct counterparties within any window, by a
 * queue of (time, account, counterparty) events and a count per pair in the window.
 */
function rankAccounts(transactions: Iterable<TransactionRecord>, window: number): { refs: string[]; peaks: Peak[] } {
  const index = new Map<string, number>();
  const refs: string[] = [];
  const intern = (ref: string) => {
    let i = index.get(ref);
    if (i === undefined) {
      if (refs.length >= MAX_ACCOUNTS) throw new AriadneError('PAYLOAD_TOO_LARGE', `The degree baseline handles at most ${MAX_ACCOUNTS} accounts.`);
      i = refs.length;
      refs.push(ref);
      index.set(ref, i);
    }
    return i;
  };
  let distinct = new Int32Array(1024);
  let peak = new Int32Array(1024);
  let peakTime = new Float64Array(1024);
  const pairs = new PairCounter();
  const queue = new EventQueue();
  const leave = (a: number, c: number) => { if (pairs.decrement(a, c) === 0) distinct[a]!--; };
  const enter = (a: number, c: number, t: number) => {
    queue.push(t, a, c);
    if (pairs.increment(a, c) === 1 && ++distinct[a]! > peak[a]!) { peak[a] = distinct[a]!; peakTime[a] = t; }
  };
  let last = -Infinity;
  for (const tx of transactions) {
    if (tx.timestamp < last) throw new AriadneError('VALIDATION_FAILED', 'The degree baseline needs transactions in time order.', { details: { timestamp: 'out of order' } });
    last = tx.timestamp;
    queue.expire(tx.timestamp - window, leave);
    if (tx.from.startsWith('@') || tx.to.startsWith('@') || tx.from === tx.to) continue;
    const a = intern(tx.from);
    const b = intern(tx.to);
    if (refs.length > distinct.length) {
      const size = Math.max(refs.length, distinct.length * 2);
      const grow = <T extends Int32Array | Float64Array>(x: T, make: (n: number) => T) => { const y = make(size); y.set(x); return y; };
      distinct = grow(distinct, (n) => new Int32Array(n));
      peak = grow(peak, (n) => new Int32Array(n));
      peakTime = grow(peakTime, (n) => new Float64Array(n));
    }
    enter(a, b, tx.timestamp);
    enter(b, a, tx.timestamp);
  }
  const peaks: Peak[] = [];
  for (let a = 0; a < refs.length; a++) if (peak[a]! > 0) peaks.push({ account: a, distinct: peak[a]!, time: peakTime[a]! });
  return { refs, peaks };
}

/**
 * The top-k accounts by distinct counterparties within `windowDays`, each an alert with its
 * transactions in the window where the count peaked. `transactions` is read twice, so it must be
 * re-iterable (an array, or the generator's stream), not a one-shot iterator; in time order.
 */
export function degreeBaseline(transactions: Iterable<TransactionRecord>, options: DegreeOptions = {}): AlertLine[] {
  if ((transactions[Symbol.iterator]() as unknown) === transactions) {
    throw new AriadneError('VALIDATION_FAILED', 'The degree baseline reads the transactions twice: pass an array or a re-iterable stream.', { details: { transactions: 'one-shot iterator' } });
  }
  const windowDays = options.windowDays ?? 10;
  const topK = options.topK ?? 100;
  if (!(windowDays > 0) || !Number.isSafeInteger(topK) || topK < 1) {
    throw new AriadneError('VALIDATION_FAILED', 'The degree baseline needs windowDays > 0 and an integer topK >= 1.', { details: { topK: 'integer >= 1', windowDays: '> 0' } });
  }
  const window = windowDays * 86_400_000;
  const { refs, peaks } = rankAccounts(transactions, window);
  const top = peaks.sort((x, y) => y.distinct - x.distinct || x.time - y.time || x.account - y.account).slice(0, topK);
  const byRef = new Map(top.map((p, rank) => [refs[p.account]!, { peak: p, rank, txs: [] as TransactionRecord[] }]));
  for (const tx of transactions) {
    for (const ref of tx.from === tx.to ? [tx.from] : [tx.from, tx.to]) {
      const entry = byRef.get(ref);
      if (entry && tx.timestamp > entry.peak.time - window && tx.timestamp <= entry.peak.time) entry.txs.push(tx);
    }
  }
  const best = top[0]?.distinct ?? 1;
  return [...byRef.values()].map(({ peak, rank, txs }) => ({
    detector: 'baseline-degree',
    typology: 'high_degree',
    score: peak.distinct / best,
    accounts: partiesOf(txs),
    transactions: txs.map((tx) => tx.id),
    explanation: `${peak.distinct} distinct counterparties within ${formatDuration(window)} (rank ${rank + 1} of the ${top.length} flagged).`,
  }));
}
