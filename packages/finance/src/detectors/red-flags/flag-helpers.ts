/**
 * What the red-flag detectors share: the research's source citations, the episode walk that turns
 * "a window in which the pattern holds" into one finding per episode, a sliding cursor over a
 * second list, merchant-category matching, and small readers of country, location and kind.
 *
 * The episode walk is how these detectors keep the anchor rule (see `../../detector.ts`) and stay
 * linear. A red flag here is a condition over a window (t - W, t] ending at a candidate
 * transaction of the anchor node. It is reported at the candidate where it starts to hold, and not
 * again while it keeps holding: a candidate is suppressed when the candidate before it, less than
 * W earlier, already satisfied the condition, unless the red flag says the pattern grew since that
 * candidate (`renews`: more earners in the pool, a new pay run), so the evidence of a pattern that
 * keeps growing is reported as it grows. The walk feeds the window incrementally (each list
 * entry enters and leaves once), starts 2W before `scope.since` so the previous candidate's
 * verdict is known in a streaming call too, and stops at `scope.until`: a batch call over the
 * whole span costs one pass over the node's lists, a streaming call costs two windows, and
 * nothing beyond a binary search when the new transaction is not one the red flag is about.
 */
import { inTimeOrder } from '../../detector.ts';
import type { DetectContext, DetectScope, Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { AriadneError } from '@ariadne/schema';
import { ACCOUNT_KINDS, TX_KINDS, type AccountKind, type TxKind } from '../../types.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The research list's sources (section 2 of the financial-intelligence research), by its ids. */
export const SOURCES = {
  FATF18: 'FATF18: FATF-APG (2018) Financial Flows from Human Trafficking',
  F14: 'F14: FinCEN FIN-2014-A008 (2014) Guidance on Recognizing Activity that May be Associated with Human Smuggling and Human Trafficking',
  F20: 'F20: FinCEN FIN-2020-A008 (2020) Supplemental Advisory on Identifying and Reporting Human Trafficking and Related Activity',
  FT16: 'FT16: FINTRAC (2016) indicators of laundering of proceeds from human trafficking for sexual exploitation, updated as FINTRAC-2021-OA001 (2021)',
  CTED19: 'CTED19: UN CTED (2019) Identifying and exploring the nexus between human trafficking, terrorism, and terrorism financing',
} as const;

// ---------------------------------------------------------------------------------------------
// Transactions

/** true when `a` was in the graph no later than `b`: earlier time, or the same time and added first */
export function atOrBefore(graph: TransactionGraph, a: number, b: number): boolean {
  const ta = graph.time(a);
  const tb = graph.time(b);
  return ta < tb || (ta === tb && a <= b);
}

/** the other end of transaction `t` seen from `node` */
export function counterparty(graph: TransactionGraph, t: number, node: number): number {
  return graph.from(t) === node ? graph.to(t) : graph.from(t);
}

/** a transfer between one customer's own accounts: in both of its lists, never evidence */
export function isOwnTransfer(graph: TransactionGraph, t: number): boolean {
  return graph.from(t) === graph.to(t);
}

const kindSets = new WeakMap<readonly string[], ReadonlySet<TxKind>>();

/**
 * A detector parameter's list of transaction kinds as a set, built once per list. A kind that is
 * not one of `TX_KINDS` is a configuration error, not a kind that never matches.
 */
export function kindSet(kinds: readonly string[]): ReadonlySet<TxKind> {
  let set = kindSets.get(kinds);
  if (set === undefined) {
    const known = new Set<string>(TX_KINDS);
    const bad = kinds.find((k) => !known.has(k));
    if (bad !== undefined) {
      throw new AriadneError('VALIDATION_FAILED', `Unknown transaction kind "${bad.slice(0, 24)}" in a red-flag parameter.`, {
        details: { kinds: `must be among ${TX_KINDS.join(', ')}` },
      });
    }
    set = new Set(kinds as readonly TxKind[]);
    kindSets.set(kinds, set);
  }
  return set;
}

const accountKindSets = new WeakMap<readonly string[], ReadonlySet<AccountKind>>();

/** A parameter's list of KYC account kinds as a set; a kind not among `ACCOUNT_KINDS` is a configuration error. */
export function accountKindSet(kinds: readonly string[]): ReadonlySet<AccountKind> {
  let set = accountKindSets.get(kinds);
  if (set === undefined) {
    const known = new Set<string>(ACCOUNT_KINDS);
    const bad = kinds.find((k) => !known.has(k));
    if (bad !== undefined) {
      throw new AriadneError('VALIDATION_FAILED', `Unknown account kind "${bad.slice(0, 24)}" in a red-flag parameter.`, {
        details: { kinds: `must be among ${ACCOUNT_KINDS.join(', ')}` },
      });
    }
    set = new Set(kinds as readonly AccountKind[]);
    accountKindSets.set(kinds, set);
  }
  return set;
}

/**
 * Calls `visit` for the entries of the time-ordered `list` after `fromTime` (exclusive) that were in
 * the graph no later than `anchor`: the window (fromTime, anchor] read from another list.
 */
export function forEachInWindow(
  graph: TransactionGraph, list: readonly number[], span: { readonly fromTime: number; readonly anchor: number; readonly limit?: number }, visit: (t: number) => void,
): void {
  let left = span.limit ?? Infinity;
  for (let i = graph.lastAtOrBefore(list, span.fromTime); i < list.length && left > 0; i++, left--) {
    const t = list[i]!;
    if (!atOrBefore(graph, t, span.anchor)) break;
    visit(t);
  }
}

/**
 * Whether the data reaches back `days` before `time`. "No earlier dealings" means something only
 * then: in the first weeks of a data set every landlord's tenants and every supplier's customers
 * look new. The graph's earliest transaction is the data's start (a fresh account later on is
 * still judged: the data shows it had no dealings).
 */
export function seesBack(graph: TransactionGraph, time: number, days: number): boolean {
  return graph.timeSpan.min <= time - days * DAY;
}

/** the earliest transaction time of a node (Infinity for a node with none) */
export function firstActivity(graph: TransactionGraph, node: number): number {
  const o = graph.outgoing(node)[0];
  const i = graph.incoming(node)[0];
  return Math.min(o === undefined ? Infinity : graph.time(o), i === undefined ? Infinity : graph.time(i));
}

// ---------------------------------------------------------------------------------------------
// Text attributes

const folded = new Map<string, string>();

/**
 * Case, width and spacing folded, so `SYNTH CITY` and ` Synth  City` are one place. Places, names
 * and lines of business repeat across millions of transactions, so results are remembered (up to
 * a bound, then forgotten at once: hostile data cannot grow it without limit).
 */
export function normText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let v = folded.get(value);
  if (v === undefined) {
    v = value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    if (folded.size >= 65_536) folded.clear();
    if (value.length <= 256) folded.set(value, v);
  }
  return v === '' ? undefined : v;
}

/**
 * The names the KYC gives for the holders of a node's accounts, folded as `normText` folds them:
 * whose wages are the customer's own. Empty when the KYC names no holder.
 */
export function holderNames(graph: TransactionGraph, node: number): ReadonlySet<string> {
  const names = new Set<string>();
  for (const a of graph.node(node).accounts) {
    const name = normText(graph.accountRecord(a)?.holderName);
    if (name !== undefined) names.add(name);
  }
  return names;
}

export function upper(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value.toUpperCase();
}

/**
 * What "abroad" means for a node: the reporting institution's country from the scan context, else
 * the country of the node's account branch. Undefined when neither is known: foreign-flow red
 * flags then find nothing.
 */
export function homeCountryOf(graph: TransactionGraph, node: number, context: DetectContext): string | undefined {
  return upper(context.homeCountry) ?? upper(graph.node(node).country);
}

/** the reporting threshold in base currency: the scan context's, else the detector's default */
export function reportingThreshold(context: DetectContext, fallback: number): number {
  const t = context.reportingThreshold;
  return t !== undefined && Number.isFinite(t) && t > 0 ? t : fallback;
}

// ---------------------------------------------------------------------------------------------
// Merchant category codes (ISO 18245)

export type MccMatcher = (mcc: string | undefined) => boolean;

const matchers = new WeakMap<readonly string[], MccMatcher>();

/**
 * A predicate over merchant category codes from a list of codes and inclusive ranges
 * (`['7011', '3501-3999']`). Compiled once per list object: detectors call it per transaction.
 */
export function mccMatcher(codes: readonly string[]): MccMatcher {
  const cached = matchers.get(codes);
  if (cached) return cached;
  const single = new Set<number>();
  const ranges: [number, number][] = [];
  for (const code of codes) {
    const m = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?$/.exec(code);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi === lo) single.add(lo);
    else ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
  }
  const test = (mcc: string): boolean => {
    if (!/^\d{1,4}$/.test(mcc)) return false;
    const n = Number(mcc);
    if (single.has(n)) return true;
    for (const [lo, hi] of ranges) if (n >= lo && n <= hi) return true;
    return false;
  };
  // a data set holds a few hundred distinct codes: remember each answer (bounded against hostile data)
  const memo = new Map<string, boolean>();
  const matcher: MccMatcher = (mcc) => {
    if (mcc === undefined) return false;
    let hit = memo.get(mcc);
    if (hit === undefined) {
      hit = test(mcc);
      if (memo.size >= 4096) memo.clear();
      memo.set(mcc, hit);
    }
    return hit;
  };
  matchers.set(codes, matcher);
  return matcher;
}

// ---------------------------------------------------------------------------------------------
// Windows

/** The transactions of a sliding window, oldest first; entries leave from the front. */
export class TxWindow {
  private items: number[] = [];
  private head = 0;

  get size(): number { return this.items.length - this.head; }
  /** the oldest entry (call only when size > 0) */
  get first(): number { return this.items[this.head]!; }
  push(t: number): void { this.items.push(t); }
  shift(): number {
    const t = this.items[this.head++]!;
    // compact now and then so a long batch walk does not keep its whole history
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return t;
  }
  forEach(visit: (t: number) => void): void {
    for (let i = this.head; i < this.items.length; i++) visit(this.items[i]!);
  }
  filter(keep: (t: number) => boolean): number[] {
    const out: number[] = [];
    for (let i = this.head; i < this.items.length; i++) if (keep(this.items[i]!)) out.push(this.items[i]!);
    return out;
  }
}

/**
 * A window (t - W, t] over one time-ordered list, moved forward by `advance(anchor)` with anchors in
 * time order: for reading the anchor node's other list (payroll outflows beside revenue inflows)
 * in the same pass. `matches` decides which entries count; the cursor keeps their number and sum.
 */
export class WindowCursor {
  readonly entries = new TxWindow();
  count = 0;
  sum = 0;
  private next = -1;

  constructor(
    private readonly graph: TransactionGraph,
    private readonly list: readonly number[],
    private readonly windowMs: number,
    private readonly matches: (t: number) => boolean,
  ) {}

  advance(anchor: number): void {
    const g = this.graph;
    const from = g.time(anchor) - this.windowMs;
    if (this.next < 0) this.next = g.lastAtOrBefore(this.list, from);
    while (this.next < this.list.length && atOrBefore(g, this.list[this.next]!, anchor)) {
      const t = this.list[this.next++]!;
      if (g.time(t) > from && this.matches(t)) {
        this.entries.push(t);
        this.count++;
        this.sum += g.amount(t);
      }
    }
    while (this.entries.size > 0 && g.time(this.entries.first) <= from) {
      const t = this.entries.shift();
      this.count--;
      this.sum -= g.amount(t);
    }
  }
}

/** One red flag as an episode walk over the anchor node's lists (see the module comment). */
export interface EpisodeSpec<R> {
  /** the anchor node's time-ordered lists the window holds (outgoing, incoming, or both) */
  readonly lists: readonly (readonly number[])[];
  /** the window reaches back this far from its latest transaction: (t - windowMs, t] */
  readonly windowMs: number;
  /** the transactions the pattern is about; the window holds only these (tested once per transaction) */
  readonly relevant: (t: number) => boolean;
  /** among the relevant ones, those that can complete the pattern (default: all); the anchor is its endpoint on this node */
  readonly isCandidate?: (t: number) => boolean;
  /** upkeep of the detector's counters as relevant entries enter and leave the window */
  readonly enter?: (t: number) => void;
  readonly leave?: (t: number) => void;
  /** the cheap verdict with the window loaded up to candidate `t`: undefined when the pattern does not hold */
  readonly evaluate: (t: number, window: TxWindow) => R | undefined;
  /** the finding for a reported episode (evidence, reason), built only for those */
  readonly report: (t: number, verdict: R, window: TxWindow) => Finding;
  /**
   * Inside a running episode (the candidate before `t`, less than `windowMs` earlier, held), whether
   * `t` is reported again because the pattern grew: its verdict against that candidate's. Compared
   * with the previous candidate only, which a streaming call evaluates too, so batch and streaming
   * report the same candidates. Default: never (one finding per episode).
   */
  readonly renews?: (previous: R, current: R) => boolean;
  /**
   * A cheap test, asked before a bounded scope is walked, that no candidate in it can hold (a
   * payroll payment that lies in every candidate's window): a streaming call then stops early.
   */
  readonly cannotHold?: (scope: DetectScope) => boolean;
}

/** merged order of several lists: time, then insertion (the graph's own tie order) */
function earlier(graph: TransactionGraph, a: number, b: number): boolean {
  const ta = graph.time(a);
  const tb = graph.time(b);
  return ta < tb || (ta === tb && a < b);
}

/**
 * Whether a candidate lies in the scope at all: a streaming call for a transaction this red flag
 * is not about (a card sale, for a wage flag) then costs a binary search, not a window.
 */
function hasCandidate<R>(graph: TransactionGraph, spec: EpisodeSpec<R>, scope: DetectScope): boolean {
  for (const list of spec.lists) {
    for (let i = graph.firstAtOrAfter(list, scope.since), end = graph.lastAtOrBefore(list, scope.until); i < end; i++) {
      const t = list[i]!;
      if (spec.relevant(t) && (spec.isCandidate === undefined || spec.isCandidate(t))) return true;
    }
  }
  return false;
}

/**
 * The last candidate before `since` and after `after` (in the merged lists' order), or -1: the
 * one verdict before the scope that says whether an episode is already running when it starts.
 */
function lastCandidateBefore<R>(graph: TransactionGraph, spec: EpisodeSpec<R>, since: number, after: number): number {
  let best = -1;
  for (const list of spec.lists) {
    for (let i = graph.firstAtOrAfter(list, since) - 1; i >= 0; i--) {
      const t = list[i]!;
      if (graph.time(t) <= after) break;
      if (spec.relevant(t) && (spec.isCandidate === undefined || spec.isCandidate(t))) {
        if (best < 0 || earlier(graph, best, t)) best = t;
        break;
      }
    }
  }
  return best;
}

/** Runs an episode walk in `scope` and returns one finding per episode whose starting candidate is in it. */
export function walkEpisodes<R>(graph: TransactionGraph, spec: EpisodeSpec<R>, scope: DetectScope): Finding[] {
  if (scope.since > -Infinity && (!hasCandidate(graph, spec, scope) || spec.cannotHold?.(scope) === true)) return [];
  const w = spec.windowMs;
  const evalAfter = scope.since - w;
  // before the scope only the last candidate's verdict is read (is an episode running?): a
  // streaming call feeds the window from one window before that candidate and evaluates it alone
  const before = scope.since > -Infinity ? lastCandidateBefore(graph, spec, scope.since, evalAfter) : -1;
  const feedFrom = before >= 0 ? graph.time(before) - w : scope.since - w;
  const lists = spec.lists;
  const pos = lists.map((l) => graph.lastAtOrBefore(l, feedFrom));
  const ends = lists.map((l) => graph.lastAtOrBefore(l, scope.until));
  const window = new TxWindow();
  const out: Finding[] = [];
  let last = -1;
  let prevTime = -Infinity;
  let prevVerdict: R | undefined;
  for (;;) {
    let k = -1;
    let t = -1;
    for (let j = 0; j < lists.length; j++) {
      if (pos[j]! >= ends[j]!) continue;
      const c = lists[j]![pos[j]!]!;
      if (k < 0 || earlier(graph, c, t)) { k = j; t = c; }
    }
    if (k < 0) break;
    pos[k]!++;
    if (t === last) continue; // a customer's transfer between its own accounts is in both lists
    last = t;
    if (!spec.relevant(t)) continue;
    const time = graph.time(t);
    while (window.size > 0 && graph.time(window.first) <= time - w) {
      const gone = window.shift(); // not inside `spec.leave?.(…)`: an absent hook would skip the shift
      spec.leave?.(gone);
    }
    window.push(t);
    spec.enter?.(t);
    if (time <= evalAfter || (spec.isCandidate !== undefined && !spec.isCandidate(t))) continue;
    if (time < scope.since && t !== before) continue;
    const verdict = spec.evaluate(t, window);
    if (verdict !== undefined && time >= scope.since) {
      const running = prevVerdict !== undefined && prevTime > time - w;
      if (!running || spec.renews?.(prevVerdict!, verdict) === true) out.push(spec.report(t, verdict, window));
    }
    prevTime = time;
    prevVerdict = verdict;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Senders: earlier relationships and links among them

/**
 * The payers of a node's credits in a lagging span (t - lagMs - spanMs, t - lagMs], moved forward
 * with `advance(time)` in time order: who had already paid the node before the current window.
 * A cheap first test before reading each sender's own lists.
 */
export class EarlierPayers {
  private readonly counts = new Map<number, number>();
  private head = -1;
  private tail = -1;

  constructor(
    private readonly graph: TransactionGraph,
    private readonly list: readonly number[],
    private readonly span: { readonly lagMs: number; readonly spanMs: number },
  ) {}

  advance(time: number): void {
    const g = this.graph;
    const upper = time - this.span.lagMs;
    const lower = upper - this.span.spanMs;
    if (this.head < 0) this.head = this.tail = g.lastAtOrBefore(this.list, lower);
    while (this.head < this.list.length && g.time(this.list[this.head]!) <= upper) this.change(this.list[this.head++]!, 1);
    while (this.tail < this.head && g.time(this.list[this.tail]!) <= lower) this.change(this.list[this.tail++]!, -1);
  }

  has(payer: number): boolean { return this.counts.has(payer); }

  private change(t: number, by: number): void {
    const g = this.graph;
    if (isOwnTransfer(g, t) || g.isPseudo(g.from(t))) return;
    const p = g.from(t);
    const n = (this.counts.get(p) ?? 0) + by;
    if (n > 0) this.counts.set(p, n);
    else this.counts.delete(p);
  }
}

export interface SenderRelations {
  /** senders that dealt with the beneficiary before the window (either direction) */
  readonly prior: ReadonlySet<number>;
  /** senders with a transaction to or from another of the senders in the lookback */
  readonly linked: ReadonlySet<number>;
}

/**
 * For each sender, reads its own lists from `lookbackFrom` to `anchor` once: did it deal with the
 * beneficiary before `windowStart` (an earlier relationship: not a one-off sender), and did it deal
 * with another sender (they are related)? A sender with more than `maxScan` transactions in that
 * span is a busy account (a company, a payment processor), not a one-off sender, and counts as prior.
 */
export function senderRelations(
  graph: TransactionGraph, beneficiary: number, senders: ReadonlySet<number>,
  span: { readonly lookbackFrom: number; readonly windowStart: number; readonly anchor: number; readonly maxScan: number },
): SenderRelations {
  const prior = new Set<number>();
  const linked = new Set<number>();
  for (const s of senders) {
    let scanned = 0;
    const visit = (t: number): void => {
      scanned++;
      if (isOwnTransfer(graph, t)) return;
      const cp = counterparty(graph, t, s);
      if (cp === beneficiary) {
        if (graph.time(t) <= span.windowStart) prior.add(s);
      } else if (senders.has(cp)) {
        linked.add(s);
        linked.add(cp);
      }
    };
    // a sender busier than maxScan counts as known: stop reading once that is clear
    forEachInWindow(graph, graph.outgoing(s), { fromTime: span.lookbackFrom, anchor: span.anchor, limit: span.maxScan + 1 }, visit);
    forEachInWindow(graph, graph.incoming(s), { fromTime: span.lookbackFrom, anchor: span.anchor, limit: span.maxScan + 1 - scanned }, visit);
    if (scanned > span.maxScan) prior.add(s);
  }
  return { prior, linked };
}

// ---------------------------------------------------------------------------------------------
// Findings

const TWO_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Money in the graph's base currency, for reasons: the same text as `formatMoney`, with one
 * formatter kept instead of one built per call (`toLocaleString` builds one each time, which
 * dominates a scan that reports per transaction).
 */
export function money(graph: TransactionGraph, amount: number): string {
  return `${TWO_DECIMALS.format(amount)} ${graph.currency.base}`;
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** a score clamped into (0, 1] */
export function clampScore(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 0.01;
  return Math.min(1, Math.max(0.01, Math.round(x * 1000) / 1000));
}

export function makeFinding(
  graph: TransactionGraph,
  parts: { detector: string; node: number; score: number; txs: Iterable<number>; reason: string; facts?: Record<string, number | string> },
): Finding {
  return {
    detector: parts.detector, node: parts.node, score: clampScore(parts.score), transactions: inTimeOrder(graph, parts.txs),
    reason: parts.reason, ...(parts.facts ? { facts: parts.facts } : {}),
  };
}

/** the `limit` largest of `txs` plus `keep` (the anchor's transaction): a bounded evidence list */
export function largest(graph: TransactionGraph, txs: readonly number[], limit: number, keep: number): number[] {
  if (txs.length <= limit) return [...txs, keep];
  const top = [...txs].sort((a, b) => graph.amount(b) - graph.amount(a) || a - b).slice(0, Math.max(1, limit - 1));
  return [...top, keep];
}
