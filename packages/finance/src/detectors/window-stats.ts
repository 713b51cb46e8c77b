/**
 * Shared measurements of the windowed structural detectors (fan-in, fan-out, scatter-gather,
 * gather-scatter, bipartite): windows over a node's time-ordered transaction lists (sliding, with
 * running figures), whether two parties are new to each other, how alike a set of amounts is, and
 * the batch rule that keeps one finding per pattern.
 *
 * Everything here is bounded: a window holds at most `maxCount` transactions of a list, and a
 * look-up of two parties' history reads at most `maxLookback` transactions, so a call on a hub
 * with a hundred thousand transactions costs what the caps allow, not what the hub holds.
 */
import { AriadneError } from '@ariadne/schema';
import type { DetectScope, Finding } from '../detector.ts';
import { formatDuration } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';

export const HOUR_MS = 3_600_000;

/** Whether transaction `a` comes no later than `b` in the graph's order: by time, then by arrival. */
export function atOrBefore(graph: TransactionGraph, a: number, b: number): boolean {
  const ta = graph.time(a);
  const tb = graph.time(b);
  return ta < tb || (ta === tb && a <= b);
}

/**
 * The position just past transaction `tx` in a time-ordered `list` of the graph, counting the
 * transactions at the same time that arrived before it. The graph keeps equal times in arrival
 * order, so this is the end of "everything at or before `tx`".
 */
export function positionAfter(graph: TransactionGraph, list: readonly number[], tx: number): number {
  let end = graph.lastAtOrBefore(list, graph.time(tx));
  while (end > 0 && list[end - 1]! > tx && graph.time(list[end - 1]!) === graph.time(tx)) end--;
  return end;
}

/** The first position of a window of `list` ending before `end`: no earlier than `from` (epoch ms), at most `maxCount` back. */
export function windowLow(graph: TransactionGraph, list: readonly number[], w: { end: number; from: number; maxCount: number }): number {
  return Math.max(graph.firstAtOrAfter(list, w.from), w.end - w.maxCount, 0);
}

/** The set of transaction kinds a detector leaves out (`salary` and `card` by default: payroll and shop takings are normal fans). */
export function kindSet(kinds: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(kinds)) {
    throw new AriadneError('VALIDATION_FAILED', 'A detector\'s excludeKinds must be a list of transaction kinds.', { details: { excludeKinds: 'must be a list' } });
  }
  return new Set(kinds);
}

/** the currency-transaction reporting threshold: the scan's context wins over the detector's default */
export function thresholdOf(scope: DetectScope, fallback: number): number {
  const t = scope.context.reportingThreshold;
  return t !== undefined && Number.isFinite(t) && t > 0 ? t : fallback;
}

/** Refuses parameters that would make a detector meaningless or unbounded (a window of 0 hours, a cap of -1). */
export function requirePositive(detector: string, params: Readonly<Record<string, unknown>>, names: readonly string[]): void {
  const bad: Record<string, string> = {};
  for (const name of names) {
    const v = params[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) bad[name] = 'must be a positive finite number';
  }
  if (Object.keys(bad).length > 0) {
    throw new AriadneError('VALIDATION_FAILED', `Detector "${detector}" has invalid parameters.`, { details: bad });
  }
}

/**
 * A window that slides forward over one time-ordered list, counting the transactions it accepts
 * by counterparty. The batch scan moves it once across a node's history (each transaction enters
 * and leaves once); a streaming call starts it at the one window it needs. It answers cheap
 * questions (how many distinct counterparties, what share of the window theirs is) before a
 * detector reads anything else.
 */
export class SlidingCounterparties {
  lo = 0;
  hi = 0;
  /** distinct counterparties among the accepted transactions in `lo..hi` */
  distinct = 0;
  /** accepted transactions in `lo..hi` */
  accepted = 0;
  /** transactions in `lo..hi` that `counted` counts (all when it is not given) */
  counted = 0;
  private readonly counts = new Map<number, number>();
  private started = false;

  constructor(private readonly o: {
    readonly graph: TransactionGraph;
    readonly list: readonly number[];
    readonly counterparty: (tx: number) => number;
    readonly accept: (tx: number) => boolean;
    readonly maxCount: number;
    readonly counted?: (tx: number) => boolean;
  }) {}

  /** makes the window `list[lo..end)` with `lo` the first entry at or after `from` and at most `maxCount` back */
  slideTo(end: number, from: number): void {
    if (!this.started) {
      // start at the first window needed instead of replaying the node's whole history
      this.lo = this.hi = Math.min(end, windowLow(this.o.graph, this.o.list, { end, from, maxCount: this.o.maxCount }));
      this.started = true;
    }
    const { graph, list, maxCount } = this.o;
    while (this.hi < end) this.enter(list[this.hi++]!);
    while (this.lo < this.hi && (graph.time(list[this.lo]!) < from || this.hi - this.lo > maxCount)) this.leave(list[this.lo++]!);
  }

  /** the accepted transactions of these counterparties, as a share of the counted ones in the window */
  shareOf(counterparties: ReadonlySet<number>): number {
    if (this.counted <= 0) return 0;
    let n = 0;
    for (const c of counterparties) n += this.counts.get(c) ?? 0;
    return n / this.counted;
  }

  private enter(tx: number): void {
    if (this.o.counted?.(tx) ?? true) this.counted++;
    if (!this.o.accept(tx)) return;
    this.accepted++;
    const c = this.o.counterparty(tx);
    const n = this.counts.get(c) ?? 0;
    if (n === 0) this.distinct++;
    this.counts.set(c, n + 1);
  }

  private leave(tx: number): void {
    if (this.o.counted?.(tx) ?? true) this.counted--;
    if (!this.o.accept(tx)) return;
    this.accepted--;
    const c = this.o.counterparty(tx);
    const n = this.counts.get(c) ?? 0;
    if (n <= 1) {
      this.counts.delete(c);
      if (n === 1) this.distinct--;
    } else {
      this.counts.set(c, n - 1);
    }
  }
}

/**
 * Whether two parties are new to each other: no transaction between them, either way, before a
 * given time. Laundering patterns use accounts with no earlier relationship; salary, rent, bills
 * and friends recur. A look-up reads the history of whichever party has the shorter one, at most
 * `maxLookback` transactions of it; when both histories are longer than that and no earlier
 * transaction turns up in the part read, the pair counts as known (the conservative answer: a
 * missed "new" costs a finding, a false "new" costs an analyst's time). Answers are remembered for
 * the call, and a later question about the same pair reads only the history added since.
 */
export class PairHistory {
  private readonly memo = new Map<number, { clearBefore: number; seenAt: number }>();
  private readonly nodes: number;

  constructor(private readonly graph: TransactionGraph, private readonly maxLookback: number) {
    this.nodes = graph.nodeCount;
  }

  /** true when `a` and `b` exchanged no transaction before `before` (epoch ms) */
  isNew(a: number, b: number, before: number): boolean {
    const key = a < b ? a * this.nodes + b : b * this.nodes + a;
    let m = this.memo.get(key);
    if (m !== undefined) {
      if (m.seenAt < before) return false;
      if (m.clearBefore >= before) return true;
    } else {
      m = { clearBefore: -Infinity, seenAt: Infinity };
      this.memo.set(key, m);
    }
    const from = m.clearBefore;
    const g = this.graph;
    // read the party with the shorter history in the region not yet known (a party whose whole
    // history is short is taken without measuring the other's)
    const lenA = g.outgoing(a).length + g.incoming(a).length;
    const lenB = g.outgoing(b).length + g.incoming(b).length;
    const x = Math.min(lenA, lenB) <= this.maxLookback
      ? (lenA <= lenB ? a : b)
      : (this.regionSize(a, from, before) <= this.regionSize(b, from, before) ? a : b);
    const y = x === a ? b : a;
    const out = g.outgoing(x);
    const inc = g.incoming(x);
    const oLo = g.firstAtOrAfter(out, from);
    const oHi = g.firstAtOrAfter(out, before);
    const iLo = g.firstAtOrAfter(inc, from);
    const iHi = g.firstAtOrAfter(inc, before);
    const half = Math.max(1, Math.floor(this.maxLookback / 2));
    const complete = oHi - oLo + iHi - iLo <= this.maxLookback;
    // the whole region fits the budget: read it forward, so the first match is the pair's earliest
    // transaction; otherwise read the latest part of each list backward, and any match settles it
    let found = Infinity;
    if (complete) {
      for (let k = oLo; k < oHi; k++) if (g.to(out[k]!) === y) { found = Math.min(found, g.time(out[k]!)); break; }
      for (let k = iLo; k < iHi; k++) if (g.from(inc[k]!) === y) { found = Math.min(found, g.time(inc[k]!)); break; }
    } else {
      for (let k = oHi - 1; k >= Math.max(oLo, oHi - half); k--) if (g.to(out[k]!) === y) { found = g.time(out[k]!); break; }
      for (let k = iHi - 1; k >= Math.max(iLo, iHi - half) && found === Infinity; k--) if (g.from(inc[k]!) === y) { found = g.time(inc[k]!); break; }
    }
    if (found < before) {
      m.seenAt = Math.min(m.seenAt, found);
      return false;
    }
    if (!complete) return false;
    m.clearBefore = before;
    return true;
  }

  /** how many of the node's transactions, both ways, lie in `from..before` */
  private regionSize(n: number, from: number, before: number): number {
    const g = this.graph;
    const out = g.outgoing(n);
    const inc = g.incoming(n);
    return g.firstAtOrAfter(out, before) - g.firstAtOrAfter(out, from) + g.firstAtOrAfter(inc, before) - g.firstAtOrAfter(inc, from);
  }
}

/** Total, mean and coefficient of variation (population standard deviation over mean) of the transactions' amounts. */
export function amountSpread(graph: TransactionGraph, txs: readonly number[]): { total: number; mean: number; cv: number } {
  let total = 0;
  for (const t of txs) total += graph.amount(t);
  const mean = txs.length ? total / txs.length : 0;
  if (txs.length < 2 || mean <= 0) return { total, mean, cv: 0 };
  let sq = 0;
  for (const t of txs) sq += (graph.amount(t) - mean) ** 2;
  return { total, mean, cv: Math.sqrt(sq / txs.length) / mean };
}

/**
 * The size of the largest group of amounts that lie within one band, its top at most `band` above
 * its bottom (0.3: within 30%): alike amounts with an outlier or two left out, which the
 * coefficient of variation would let one stray payment spoil. Sorts a copy: O(n log n).
 */
export function alikeGroup(amounts: readonly number[], band: number): { size: number; low: number; high: number } {
  const sorted = [...amounts].sort((x, y) => x - y);
  let best = { size: 0, low: 0, high: 0 };
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! > sorted[lo]! * (1 + band)) lo++;
    if (hi - lo + 1 > best.size) best = { size: hi - lo + 1, low: sorted[lo]!, high: sorted[hi]! };
  }
  return best;
}

/**
 * Whether the transactions' amounts are alike: a coefficient of variation of at most `maxAmountCv`,
 * or at least `minAlikeShare` of them within one `alikeBand` (the amounts of a laundering pattern
 * are often one sum split evenly, and a stray payment in the same days should not hide that).
 */
export function alikeAmounts(
  graph: TransactionGraph, txs: readonly number[], p: { readonly maxAmountCv: number; readonly alikeBand: number; readonly minAlikeShare: number },
): boolean {
  if (txs.length === 0) return false;
  if (amountSpread(graph, txs).cv <= p.maxAmountCv) return true;
  return alikeGroup(txs.map((t) => graph.amount(t)), p.alikeBand).size >= p.minAlikeShare * txs.length;
}

/** the accepted transactions of `list[lo..hi)` with time in `from..until` (inclusive), in list order */
export function pick(graph: TransactionGraph, list: readonly number[], range: { lo: number; hi: number; from: number; until: number }, accept: (tx: number) => boolean): number[] {
  const out: number[] = [];
  for (let k = range.lo; k < range.hi; k++) {
    const t = list[k]!;
    const time = graph.time(t);
    if (time >= range.from && time <= range.until && accept(t)) out.push(t);
  }
  return out;
}

/** sum of the transactions' amounts */
export function sumOf(graph: TransactionGraph, txs: Iterable<number>): number {
  let s = 0;
  for (const t of txs) s += graph.amount(t);
  return s;
}

/** the span clause of a reason: `within 3 days`, `at the same moment` */
export function withinText(ms: number): string {
  return ms < 60_000 ? 'at the same moment' : `within ${formatDuration(ms)}`;
}

/** `94%` */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** the similarity clause of a reason: `amounts within 4% of their mean` (one standard deviation) */
export function similarityText(cv: number): string {
  return `amounts within ${Math.max(1, Math.round(cv * 100))}% of their mean`;
}

/** A pattern a detector found in a window, kept cheap until the batch rule decides to report it. */
export interface Candidate {
  /** time of the pattern's earliest transaction (epoch ms) */
  readonly first: number;
  /** time of its latest transaction, the event it was found at */
  readonly last: number;
  /** builds the finding (evidence, sorting, reason text) only when it is reported */
  readonly build: () => Finding | null;
}

/**
 * The batch rule for detectors whose patterns all end at one anchor. Walking the anchor's windows
 * in time order, the candidates found one after another form a run while each begins before the
 * run's first candidate ended (its activity continues); the run is reported once, by its last
 * candidate that still overlaps that first one, which is the pattern at its latest transaction
 * with everything its window holds. A run that outlasts the window (a hub busy for weeks) thus
 * gives one finding per window's worth of activity, not one per transaction. The streaming scorer
 * sees one window per call and reports each step of a growing pattern; merging findings that share
 * transactions is the alert queue's job.
 */
export class EpisodeCollector {
  private readonly runs = new Map<string, { first: Candidate; latest: Candidate }>();
  private readonly done: Finding[] = [];

  offer(key: string, candidate: Candidate): void {
    const run = this.runs.get(key);
    if (run !== undefined && candidate.first <= run.first.last) {
      run.latest = candidate;
      return;
    }
    if (run !== undefined) this.emit(run.latest);
    this.runs.set(key, { first: candidate, latest: candidate });
  }

  findings(): Finding[] {
    for (const run of this.runs.values()) this.emit(run.latest);
    this.runs.clear();
    return this.done;
  }

  private emit(candidate: Candidate): void {
    const finding = candidate.build();
    if (finding) this.done.push(finding);
  }
}

/** Running sums of the accepted amounts of one list, built lazily over the positions asked about. */
export class PrefixSums {
  private base = 0;
  private sums: number[] = [0];

  constructor(private readonly graph: TransactionGraph, private readonly list: readonly number[], private readonly accept: (tx: number) => boolean) {}

  /** the accepted amounts of `list[a..b)` */
  sum(a: number, b: number): number {
    if (b <= a) return 0;
    if (a < this.base) {
      this.base = a;
      this.sums = [0];
    }
    for (let k = this.base + this.sums.length - 1; k < b; k++) {
      const t = this.list[k]!;
      this.sums.push(this.sums[this.sums.length - 1]! + (this.accept(t) ? this.graph.amount(t) : 0));
    }
    return this.sums[b - this.base]! - this.sums[a - this.base]!;
  }
}

interface PartyState {
  count: number;
  sum: number;
  sumSq: number;
  near: number;
  fresh: boolean;
}

export interface NewCounterpartyWindowOptions {
  readonly graph: TransactionGraph;
  /** the anchor */
  readonly node: number;
  /** the anchor's list whose member transactions are watched (incoming for a fan-in) */
  readonly primary: readonly number[];
  /** the anchor's other list: its transactions with a counterparty also end a pair's newness */
  readonly opposite: readonly number[];
  readonly counterparty: (tx: number) => number;
  readonly oppositeCounterparty: (tx: number) => number;
  /** which transactions of `primary` count (kind, pseudo-parties…) */
  readonly member: (tx: number) => boolean;
  /** whether an amount is just below the reporting threshold */
  readonly near: (amount: number) => boolean;
  readonly pairs: PairHistory;
  readonly maxCount: number;
}

/**
 * A window sliding forward over one of the anchor's lists that keeps, in constant time per
 * transaction, the figures of its member transactions from NEW counterparties (no transaction with
 * the anchor, either way, before the window): how many counterparties, payments, their sum, sum of
 * squares and how many sit just below the threshold. A counterparty stops being new when one of
 * its transactions with the anchor slides out of the window's start. This is what lets the batch
 * scan judge every window of a hub with a hundred thousand transactions without re-reading the
 * window each time.
 */
export class NewCounterpartyWindow {
  lo = 0;
  hi = 0;
  /** "before the window" means before this time: `from`, or later when the cap cut the window */
  windowStart = -Infinity;
  /** distinct counterparties of the member transactions in the window */
  counterparties = 0;
  /** … of which new */
  fresh = 0;
  freshCount = 0;
  freshSum = 0;
  freshSumSq = 0;
  freshNear = 0;
  private readonly parties = new Map<number, PartyState>();
  private op = 0;
  private started = false;

  constructor(private readonly o: NewCounterpartyWindowOptions) {}

  /** makes the window `primary[lo..end)`, starting at `from` (epoch ms) or later when it would hold more than `maxCount` */
  slideTo(end: number, from: number): void {
    const { graph: g, primary: list, opposite, maxCount } = this.o;
    let lo = this.lo;
    if (!this.started) {
      // start at the first window needed instead of replaying the node's whole history
      lo = Math.min(end, windowLow(g, list, { end, from, maxCount }));
      this.lo = this.hi = lo;
    }
    while (lo < end && (g.time(list[lo]!) < from || end - lo > maxCount)) lo++;
    // kept from going back, so a counterparty once seen before the window stays known
    const start = lo < end && lo > 0 && g.time(list[lo - 1]!) >= from ? g.time(list[lo]!) : from;
    this.windowStart = Math.max(this.windowStart, start);
    if (!this.started) {
      this.op = g.firstAtOrAfter(opposite, this.windowStart);
      this.started = true;
    }
    while (this.lo < lo) {
      const t = list[this.lo]!;
      if (this.lo < this.hi) this.leave(t);
      this.lo++;
    }
    if (this.hi < this.lo) this.hi = this.lo;
    while (this.op < opposite.length && g.time(opposite[this.op]!) < this.windowStart) {
      this.stale(this.o.oppositeCounterparty(opposite[this.op]!));
      this.op++;
    }
    while (this.hi < end) this.enter(list[this.hi++]!);
  }

  isFresh(counterparty: number): boolean {
    return this.parties.get(counterparty)?.fresh ?? false;
  }

  /** coefficient of variation of the new counterparties' amounts */
  cv(): number {
    const n = this.freshCount;
    if (n < 2 || this.freshSum <= 0) return 0;
    const mean = this.freshSum / n;
    return Math.sqrt(Math.max(0, this.freshSumSq / n - mean * mean)) / mean;
  }

  /** time of the first / last member transaction from a new counterparty (reads only up to the first one found) */
  firstFreshTime(): number {
    for (let k = this.lo; k < this.hi; k++) if (this.freshMember(this.o.primary[k]!)) return this.o.graph.time(this.o.primary[k]!);
    return NaN;
  }

  lastFreshTime(): number {
    for (let k = this.hi - 1; k >= this.lo; k--) if (this.freshMember(this.o.primary[k]!)) return this.o.graph.time(this.o.primary[k]!);
    return NaN;
  }

  /** the window's member transactions from new counterparties, those at or after `from` (epoch ms), in time order */
  freshMembers(from = -Infinity): number[] {
    const { graph, primary } = this.o;
    const out: number[] = [];
    for (let k = this.lo; k < this.hi; k++) {
      const t = primary[k]!;
      if (graph.time(t) >= from && this.freshMember(t)) out.push(t);
    }
    return out;
  }

  /**
   * The member transactions from new counterparties of an earlier window of this list (`lo..end`,
   * new meaning no transaction before `windowStart`), rebuilt from the pair histories: what a
   * finding reports once the batch rule keeps it.
   */
  freshMembersOf(lo: number, end: number, windowStart: number): number[] {
    const { primary: list, member, counterparty, pairs, node } = this.o;
    const out: number[] = [];
    for (let k = lo; k < end; k++) {
      const t = list[k]!;
      if (member(t) && pairs.isNew(node, counterparty(t), windowStart)) out.push(t);
    }
    return out;
  }

  private freshMember(t: number): boolean {
    return this.o.member(t) && this.isFresh(this.o.counterparty(t));
  }

  private enter(t: number): void {
    if (!this.o.member(t)) return;
    const c = this.o.counterparty(t);
    let st = this.parties.get(c);
    if (st === undefined) {
      st = { count: 0, sum: 0, sumSq: 0, near: 0, fresh: this.o.pairs.isNew(this.o.node, c, this.windowStart) };
      this.parties.set(c, st);
      this.counterparties++;
      if (st.fresh) this.fresh++;
    }
    const a = this.o.graph.amount(t);
    const near = this.o.near(a) ? 1 : 0;
    st.count++;
    st.sum += a;
    st.sumSq += a * a;
    st.near += near;
    if (st.fresh) this.add(1, a, a * a, near);
  }

  private leave(t: number): void {
    const c = this.o.counterparty(t);
    if (this.o.member(t)) {
      const st = this.parties.get(c)!;
      const a = this.o.graph.amount(t);
      const near = this.o.near(a) ? 1 : 0;
      st.count--;
      st.sum -= a;
      st.sumSq -= a * a;
      st.near -= near;
      if (st.fresh) this.add(-1, -a, -a * a, -near);
      if (st.count === 0) {
        this.parties.delete(c);
        this.counterparties--;
        if (st.fresh) this.fresh--;
        return;
      }
    }
    // the transaction is now before the window: its counterparty is no longer new to the anchor
    this.stale(c);
  }

  private stale(c: number): void {
    const st = this.parties.get(c);
    if (st === undefined || !st.fresh) return;
    st.fresh = false;
    this.fresh--;
    this.add(-st.count, -st.sum, -st.sumSq, -st.near);
  }

  private add(count: number, sum: number, sumSq: number, near: number): void {
    this.freshCount += count;
    if (this.freshCount === 0) {
      // start again from exact zeros rather than carry rounding across a long sweep
      this.freshSum = this.freshSumSq = this.freshNear = 0;
      return;
    }
    this.freshSum += sum;
    this.freshSumSq += sumSq;
    this.freshNear += near;
  }
}
