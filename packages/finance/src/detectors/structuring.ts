/**
 * Structuring (HT-21): avoiding reportable transactions by keeping each one just below the
 * reporting threshold. Two shapes:
 *
 * - near-threshold: at least `minCount` deposits or transfers into the same party within
 *   `windowHours`, each between `lowerShare` of the threshold and the threshold (9,000–9,999 for
 *   a threshold of 10,000). Payers who pay the party outside the window too (before it, or
 *   more than a window after it: a tenant's monthly rent, a client's regular invoice) are not
 *   counted when `skipRecurringPayers` is on: structuring is a new flow cut into pieces, not an
 *   old one that happens to be large.
 * - cash split: cash deposits on at least `cashSplitMinDays` different days within the window,
 *   each at least `cashSplitMinShare` of the threshold, every day's total below the threshold
 *   (a day at or over it is reported anyway) and the whole at or above it. Businesses bank their
 *   takings every day, so this shape is not applied to accounts whose KYC kind is `business`
 *   unless `cashSplitForBusiness` is set. Days are UTC days.
 *
 * The threshold is `scope.context.reportingThreshold` when the scan is given one, else the
 * `threshold` parameter (both in the graph's base currency). Overlapping qualifying windows are
 * one run, reported once at its latest deposit.
 *
 * Anchor: the party receiving the deposits, the receiver of the latest one. Cost: a call reads,
 * per candidate deposit in scope (one that is itself just below the threshold), the window
 * before it newest first until `minCount` near-threshold deposits are found (a cash-split
 * candidate reads the whole window), never more than its latest `maxWindowTx` entries; each
 * reported run reads its span once for the evidence (at most 2,000 transactions); a call reads
 * at most `maxCallWork` entries in all.
 */
import type { Detector, DetectorParams, DetectScope, Finding } from '../detector.ts';
import { formatDuration, formatMoney, inTimeOrder } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import type { TxKind } from '../types.ts';
import {
  beyond, checkedOnce, checkRange, DAY_MS, endThrough, hasKind, HOUR_MS, kindMask, marginScore, plural, runsEndingIn, scopePositions, totalAmount,
  tradedOutside, WorkBudget, type KindMask, type Span,
} from './chain-search.ts';

export interface StructuringParams extends DetectorParams {
  /** reporting threshold in base currency, when the scan's context gives none */
  readonly threshold: number;
  /** the near-threshold band starts at this share of the threshold */
  readonly lowerShare: number;
  readonly windowHours: number;
  /** near-threshold deposits or transfers that make the pattern */
  readonly minCount: number;
  readonly kinds: readonly TxKind[];
  readonly skipRecurringPayers: boolean;
  readonly cashSplit: boolean;
  readonly cashSplitMinShare: number;
  readonly cashSplitMinDays: number;
  readonly cashSplitForBusiness: boolean;
  readonly maxWindowTx: number;
  readonly maxCallWork: number;
}

const ID = 'structuring';
/** qualifying deposits one run keeps (the latest) */
const MAX_RUN = 64;
/** transactions one finding's evidence holds (the latest) */
const MAX_EVIDENCE = 2_000;

interface Call {
  readonly graph: TransactionGraph;
  readonly node: number;
  readonly params: StructuringParams;
  readonly kinds: KindMask;
  readonly threshold: number;
  readonly windowMs: number;
  readonly cashSplit: boolean;
  readonly budget: WorkBudget;
}

interface Verdict {
  readonly tx: number;
  /** enough near-threshold deposits and transfers in the window ending here */
  readonly near: boolean;
  /** cash split across days past the threshold in the window ending here */
  readonly split: boolean;
}

function inBand(call: Call, t: number): boolean {
  const amount = call.graph.amount(t);
  return amount >= call.params.lowerShare * call.threshold && amount < call.threshold;
}

function isSplitCash(call: Call, t: number): boolean {
  const amount = call.graph.amount(t);
  return call.graph.kind(t) === 'cash_deposit' && amount >= call.params.cashSplitMinShare * call.threshold && amount < call.threshold;
}

function isDeposit(call: Call, t: number): boolean {
  return call.graph.from(t) !== call.node && hasKind(call.kinds, call.graph.kind(t));
}

/** whether a deposit's payer pays the party outside `span` too (cash has no payer to know) */
function recurringPayers(call: Call, span: Span): (t: number) => boolean {
  const known = new Map<number, boolean>();
  return (t) => {
    if (!call.params.skipRecurringPayers || call.graph.kind(t) === 'cash_deposit') return false;
    const payer = call.graph.from(t);
    let result = known.get(payer);
    if (result === undefined) {
      result = tradedOutside(call.graph, [payer, call.node], span);
      known.set(payer, result);
    }
    return result;
  };
}

/** positions of the node's incoming list from `start` through deposit `d`, the latest `maxWindowTx` at most */
function windowPositions(call: Call, start: number, d: number): { lo: number; hi: number } {
  const inc = call.graph.incoming(call.node);
  const hi = endThrough(call.graph, inc, d);
  return { lo: Math.max(call.graph.firstAtOrAfter(inc, start), hi - call.params.maxWindowTx), hi };
}

/** whether either shape holds in the window ending at deposit `d` */
function verdictAt(call: Call, d: number): Verdict | null {
  const { graph, params } = call;
  if (!isDeposit(call, d)) return null;
  const nearCandidate = inBand(call, d);
  const splitCandidate = call.cashSplit && isSplitCash(call, d);
  if (!nearCandidate && !splitCandidate) return null;
  const start = graph.time(d) - call.windowMs;
  const { lo, hi } = windowPositions(call, start, d);
  const inc = graph.incoming(call.node);
  let near = false;
  if (nearCandidate) {
    // newest first, stopping as soon as there are enough: qualifying is cheap, the evidence is gathered once per run
    const isRecurring = recurringPayers(call, { from: start, to: graph.time(d) + call.windowMs });
    let count = 0;
    for (let k = hi - 1; k >= lo && count < params.minCount; k--) {
      const t = inc[k]!;
      if (!call.budget.spend()) return null;
      if (isDeposit(call, t) && inBand(call, t) && !isRecurring(t)) count++;
      else if (t === d) break;
    }
    near = count >= params.minCount;
  }
  const split = splitCandidate && cashSplitHolds(call, { lo, hi });
  return near || split ? { tx: d, near, split } : null;
}

/** cash on enough days, the whole at or over the threshold, every day (all its cash) under it */
function cashSplitHolds(call: Call, window: { lo: number; hi: number }): boolean {
  const { graph, params, threshold } = call;
  if (!call.budget.spend(window.hi - window.lo)) return false;
  const inc = graph.incoming(call.node);
  const perDay = new Map<number, number>();
  const splitDays = new Set<number>();
  let splitTotal = 0;
  for (let k = window.lo; k < window.hi; k++) {
    const t = inc[k]!;
    if (graph.kind(t) !== 'cash_deposit' || !isDeposit(call, t)) continue;
    const day = Math.floor(graph.time(t) / DAY_MS);
    perDay.set(day, (perDay.get(day) ?? 0) + graph.amount(t));
    if (isSplitCash(call, t)) {
      splitDays.add(day);
      splitTotal += graph.amount(t);
    }
  }
  if (splitDays.size < params.cashSplitMinDays || splitTotal < threshold) return false;
  for (const total of perDay.values()) if (total >= threshold) return false;
  return true;
}

/** the run's evidence: from the window of its earliest member through its latest deposit */
function evidence(call: Call, members: readonly Verdict[]): { near: number[]; cash: number[] } {
  const { graph } = call;
  const last = members[0]!.tx;
  const first = members[members.length - 1]!.tx;
  const wantNear = members.some((m) => m.near);
  const wantCash = members.some((m) => m.split);
  const start = graph.time(first) - call.windowMs;
  const { hi } = windowPositions(call, start, last);
  const inc = graph.incoming(call.node);
  const lo = Math.max(graph.firstAtOrAfter(inc, start), hi - MAX_EVIDENCE);
  const isRecurring = recurringPayers(call, { from: start, to: graph.time(last) + call.windowMs });
  const near: number[] = [];
  const cash: number[] = [];
  for (let k = lo; k < hi; k++) {
    const t = inc[k]!;
    if (!isDeposit(call, t)) continue;
    if (wantNear && inBand(call, t) && !isRecurring(t)) near.push(t);
    if (wantCash && isSplitCash(call, t)) cash.push(t);
  }
  return { near, cash };
}

function finding(call: Call, members: readonly Verdict[]): Finding {
  const { graph, params, threshold } = call;
  const { near, cash } = evidence(call, members);
  const txs = inTimeOrder(graph, [...near, ...cash]);
  const spanMs = graph.time(txs[txs.length - 1]!) - graph.time(txs[0]!);
  const currency = graph.currency.base;
  const parts: string[] = [];
  const margins: number[] = [1 - Math.min(1, spanMs / call.windowMs)];
  const facts: Record<string, number | string> = { threshold, hours: Number((spanMs / HOUR_MS).toFixed(2)), transactions: txs.length };
  if (near.length > 0) {
    const amounts = near.map((t) => graph.amount(t));
    const total = totalAmount(graph, near);
    const senders = new Set(near.map((t) => graph.from(t))).size;
    parts.push(`${plural(near.length, 'deposit or transfer', 'deposits or transfers')} of ${formatMoney(Math.min(...amounts), currency)}–${formatMoney(Math.max(...amounts), currency)} `
      + `(${Math.round(params.lowerShare * 100)}–100% of the ${formatMoney(threshold, currency)} reporting threshold) came into this account `
      + `from ${plural(senders, 'source')}, totalling ${formatMoney(total, currency)}`);
    margins.push(beyond(near.length, params.minCount - 1, params.minCount + 3), beyond(total / near.length / threshold, params.lowerShare, 1));
    Object.assign(facts, { nearCount: near.length, nearTotal: total, senders });
  }
  if (cash.length > 0) {
    const total = totalAmount(graph, cash);
    const days = new Set(cash.map((t) => Math.floor(graph.time(t) / DAY_MS))).size;
    parts.push(`${plural(cash.length, 'cash deposit')} on ${plural(days, 'different day')} totalled ${formatMoney(total, currency)}, `
      + `over the ${formatMoney(threshold, currency)} reporting threshold while every day stayed under it`);
    margins.push(beyond(total / threshold, 1, 3), beyond(days, params.cashSplitMinDays - 1, params.cashSplitMinDays + 3));
    Object.assign(facts, { cashCount: cash.length, cashTotal: total, cashDays: days });
  }
  return {
    detector: ID,
    node: call.node,
    score: marginScore(margins),
    transactions: txs,
    reason: `Within ${formatDuration(spanMs)}, ${parts.join('; and ')}.`,
    facts,
  };
}

const CHECKED = new WeakMap<StructuringParams, KindMask>();

function checkParams(p: StructuringParams): KindMask {
  checkRange(ID, 'threshold', p.threshold, [Number.MIN_VALUE, Number.MAX_VALUE]);
  checkRange(ID, 'lowerShare', p.lowerShare, [0, 1]);
  checkRange(ID, 'windowHours', p.windowHours, [0.01, 24 * 366]);
  checkRange(ID, 'minCount', p.minCount, [2, 1e4]);
  checkRange(ID, 'cashSplitMinShare', p.cashSplitMinShare, [0, 1]);
  checkRange(ID, 'cashSplitMinDays', p.cashSplitMinDays, [2, 366]);
  checkRange(ID, 'maxWindowTx', p.maxWindowTx, [1, 1e6]);
  checkRange(ID, 'maxCallWork', p.maxCallWork, [1, 1e10]);
  return kindMask(ID, 'kinds', p.kinds);
}

export const structuring: Detector<StructuringParams> = {
  id: ID,
  title: 'Structuring just below the reporting threshold',
  description: 'Several deposits or transfers just below the reporting threshold into one party within days, '
    + 'or cash deposits split across days that together pass the threshold while each day stays under it. '
    + 'Anchored at the receiving party, at the latest deposit.',
  sources: ['FinCEN FIN-2020-A008', 'FATF-APG 2018 Financial Flows from Human Trafficking'],
  redFlag: 'HT-21',
  requires: ['TX'],
  anchorSide: 'payee',
  defaults: {
    threshold: 10_000,
    lowerShare: 0.8,
    windowHours: 240,
    minCount: 3,
    kinds: ['cash_deposit', 'transfer', 'wire', 'cheque', 'msb', 'crypto', 'other'],
    skipRecurringPayers: true,
    cashSplit: true,
    cashSplitMinShare: 0.25,
    cashSplitMinDays: 2,
    cashSplitForBusiness: false,
    maxWindowTx: 2_000,
    maxCallWork: 2_000_000,
  },
  detect(graph: TransactionGraph, node: number, params: StructuringParams, scope: DetectScope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const threshold = scope.context.reportingThreshold ?? params.threshold;
    checkRange(ID, 'threshold', threshold, [Number.MIN_VALUE, Number.MAX_VALUE]);
    const kinds = checkedOnce(CHECKED, params, checkParams);
    const windowMs = params.windowHours * HOUR_MS;
    const cashSplit = params.cashSplit && (params.cashSplitForBusiness || graph.node(node).kind !== 'business');
    const call: Call = { graph, node, params, kinds, threshold, windowMs, cashSplit, budget: new WorkBudget(params.maxCallWork) };
    const list = graph.incoming(node);
    const runs = runsEndingIn(graph, {
      list, evaluate: (d) => verdictAt(call, d), linkMs: windowMs, maxSteps: params.maxWindowTx, maxMembers: MAX_RUN,
    }, scopePositions(graph, list, scope));
    return runs.map((run) => finding(call, run.members));
  },
};
