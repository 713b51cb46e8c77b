/**
 * Fan-in and fan-out (AMLSim / IBM AMLworld `fan_in`, `fan_out`): many parties paying one account,
 * or one account paying many, within days.
 *
 * Fans are everywhere in normal traffic: a shop takes card payments from hundreds of customers, an
 * employer pays its staff on one day, a household pays its bills at the start of the month. What
 * sets the laundering fan apart (traffic.md, AMLSim's typologies) is that its counterparties are
 * new to the account, the payments are packed into days and their amounts are alike (one sum split
 * evenly) or sit just below the reporting threshold. So a fan fires when, in one window of
 * `windowHours` ending at one of its payments:
 *  - at least `minCounterparties` distinct new counterparties (no transaction with the account,
 *    either way, before the window) take part, at least `minNewShare` of the window's
 *    counterparties, paying at least `minTotal`;
 *  - and something corroborates: amounts alike (coefficient of variation at most `maxAmountCv`, or
 *    for up to `maxAlikeCheck` payments at least `minAlikeShare` of them within one `alikeBand`),
 *    at least `minNearThresholdShare` of them just below the reporting threshold, or, for an
 *    account that KYC does not call a business, at least `manyCounterparties` strangers.
 * Money passing through (a fan-in's collection paid on within `passThroughHours`, a fan-out paid
 * from money that arrived in the `passThroughHours` before) adds to the score, the reason and the
 * evidence; it corroborates on its own only with `passThroughAlone`, because early in a data set,
 * when every counterparty is new, a business paying suppliers from its clients' transfers passes
 * money through as well. Transactions of the kinds in `excludeKinds` (`salary` and `card` by
 * default: payroll and shop takings) are neither fan members nor pass-through; pseudo-parties such
 * as `@cash` are never fan members (cash smurfing is the structuring detector's), but a cash
 * withdrawal does count as money leaving.
 *
 * Anchor rule: a fan-in is reported from its receiver, a fan-out from its sender (the endpoint
 * every fan payment shares), at the fan's latest transaction: a payment of the fan or, for a
 * fan-in whose money passed through, its last payment out within `passThroughHours`.
 *
 * Cost: one call reads the anchor's transactions in scope once. The window keeps its figures as it
 * slides (each transaction enters and leaves once), holds at most `maxWindowTransactions`
 * transactions (the latest: a hub with 100,000 payments in a week is judged on its last
 * `maxWindowTransactions`), and reads at most `maxLookback` transactions of history per
 * counterparty to decide whether it is new; only a window that passes the running figures is read
 * again (alike bands, pass-through), and only a reported one is listed.
 */
import type { DetectScope, Detector, DetectorParams, Finding } from '../detector.ts';
import { formatDuration, formatMoney, inTimeOrder, strength } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import type { Candidate } from './window-stats.ts';
import {
  EpisodeCollector, HOUR_MS, NewCounterpartyWindow, PairHistory, PrefixSums, alikeGroup, atOrBefore, kindSet, percent, pick, positionAfter,
  requirePositive, similarityText, thresholdOf, withinText,
} from './window-stats.ts';

export interface FanParams extends DetectorParams {
  /** the longest span of one fan, in hours */
  readonly windowHours: number;
  /** fewest distinct new counterparties that make a fan */
  readonly minCounterparties: number;
  /** counterparties at which the count's share of the score reaches 1 */
  readonly strongCounterparties: number;
  /** new counterparties that corroborate on their own when the anchor is not a business (KYC kind) */
  readonly manyCounterparties: number;
  /** smallest total of the fan's payments, in the base currency */
  readonly minTotal: number;
  /** smallest share of new counterparties among the window's counterparties (0..1) */
  readonly minNewShare: number;
  /** largest coefficient of variation of the amounts that counts as "alike" */
  readonly maxAmountCv: number;
  /** … or: at least this share of the fan's payments (0..1) … */
  readonly minAlikeShare: number;
  /** … within one band whose top is at most this fraction above its bottom (0.3: 30%) … */
  readonly alikeBand: number;
  /** … checked for fans of at most this many payments (larger fans rely on the coefficient of variation) */
  readonly maxAlikeCheck: number;
  /** the reporting threshold when the scan's context gives none */
  readonly reportingThreshold: number;
  /** "just below the threshold" means at least this fraction of it (0..1) */
  readonly nearThresholdRatio: number;
  /** smallest share of the fan's payments just below the threshold that corroborates (0..1) */
  readonly minNearThresholdShare: number;
  /** smallest share of the fan's total passing through that corroborates (0..1) */
  readonly minPassThrough: number;
  /** fan-in: money out within this many hours after the last payment in; fan-out: money in within this many hours before the first payment out */
  readonly passThroughHours: number;
  /** money moving the other way beyond this multiple of the fan's total is the account's own business, not pass-through */
  readonly maxPassThroughRatio: number;
  /**
   * whether pass-through corroborates on its own; off by default because in the first weeks of
   * data, when every counterparty is new, a business paying suppliers from its customers' transfers
   * passes money through too. Pass-through always adds to the score, the reason and the evidence.
   */
  readonly passThroughAlone: boolean;
  /** transaction kinds that are never fan members nor pass-through */
  readonly excludeKinds: readonly string[];
  /** most transactions of a list one window reads (the latest ones) */
  readonly maxWindowTransactions: number;
  /** most transactions of history read to decide whether a counterparty is new */
  readonly maxLookback: number;
}

const DEFAULTS: FanParams = {
  windowHours: 240,
  minCounterparties: 3,
  strongCounterparties: 10,
  manyCounterparties: 8,
  minTotal: 2_000,
  minNewShare: 0.5,
  maxAmountCv: 0.12,
  minAlikeShare: 0.8,
  alikeBand: 0.1,
  maxAlikeCheck: 40,
  reportingThreshold: 10_000,
  nearThresholdRatio: 0.8,
  minNearThresholdShare: 0.8,
  minPassThrough: 0.8,
  passThroughHours: 48,
  maxPassThroughRatio: 1.25,
  passThroughAlone: false,
  excludeKinds: ['salary', 'card'],
  maxWindowTransactions: 500,
  maxLookback: 500,
};

const POSITIVE = ['windowHours', 'minCounterparties', 'strongCounterparties', 'manyCounterparties', 'minTotal', 'maxWindowTransactions', 'maxLookback', 'passThroughHours', 'maxPassThroughRatio'] as const;

type Direction = 'in' | 'out';

/** the detect function of a fan-in (`in`) or fan-out (`out`) */
const detectFan = (direction: Direction, id: string) => (graph: TransactionGraph, node: number, p: FanParams, scope: DetectScope): Finding[] => {
  if (graph.isPseudo(node)) return [];
  requirePositive(id, p, POSITIVE);
  const fanIn = direction === 'in';
  const primary = fanIn ? graph.incoming(node) : graph.outgoing(node);
  if (primary.length < p.minCounterparties) return [];
  const flowList = fanIn ? graph.outgoing(node) : graph.incoming(node);
  const excluded = kindSet(p.excludeKinds);
  const windowMs = p.windowHours * HOUR_MS;
  const passMs = p.passThroughHours * HOUR_MS;
  const cap = p.maxWindowTransactions;
  const currency = graph.currency.base;
  const threshold = thresholdOf(scope, p.reportingThreshold);
  const counterparty = fanIn ? (t: number) => graph.from(t) : (t: number) => graph.to(t);
  const flowCounterparty = fanIn ? (t: number) => graph.to(t) : (t: number) => graph.from(t);
  const member = (t: number): boolean => {
    const c = counterparty(t);
    return c !== node && !excluded.has(graph.kind(t)) && !graph.isPseudo(c);
  };
  const flows = (t: number): boolean => !excluded.has(graph.kind(t)) && flowCounterparty(t) !== node;
  const isNear = (a: number): boolean => a >= threshold * p.nearThresholdRatio && a < threshold;
  const pairs = new PairHistory(graph, p.maxLookback);
  const win = new NewCounterpartyWindow({
    graph, node, primary, opposite: flowList, counterparty, oppositeCounterparty: flowCounterparty, member, near: isNear, pairs, maxCount: cap,
  });
  const flowSums = new PrefixSums(graph, flowList, flows);
  const collector = new EpisodeCollector();

  /**
   * A fan-in's payments out in `flowList[a..b)` that carried the fan's money: walking the window's
   * new-counterparty payments in and the payments out in time order, each payment out carries at
   * most what came in and was not yet passed on. Reads the window once.
   */
  const passedOn = (a: number, b: number, total: number): { share: number; carriers: number[] } => {
    let available = 0;
    let passed = 0;
    const carriers: number[] = [];
    let k = win.lo;
    for (let f = a; f < b; f++) {
      const out = flowList[f]!;
      while (k < win.hi && atOrBefore(graph, primary[k]!, out)) {
        const t = primary[k++]!;
        if (member(t) && win.isFresh(counterparty(t))) available += graph.amount(t);
      }
      if (!flows(out)) continue;
      const carried = Math.min(graph.amount(out), available);
      if (carried <= 0) continue;
      passed += carried;
      available -= carried;
      carriers.push(out);
    }
    return { share: passed / total, carriers };
  };

  /**
   * Judges the window ending at `ev` from its running figures; the window is read again only for
   * the alike band and the pass-through, and the evidence is listed only for a reported finding.
   */
  const evaluate = (ev: number, onPrimary: boolean, end: number): Candidate | null => {
    const k = win.fresh;
    if (k < p.minCounterparties) return null;
    if (onPrimary && !win.isFresh(counterparty(ev))) return null;
    const newShare = k / win.counterparties;
    const total = win.freshSum;
    if (newShare < p.minNewShare || total < p.minTotal) return null;
    const cv = win.cv();
    const nearCount = win.freshNear;
    const nearShare = nearCount / win.freshCount;
    const first = win.firstFreshTime();
    const last = win.lastFreshTime();
    // the money passing through: a fan-in's payments out from its first payment in until
    // `passThroughHours` after its last, each carrying at most what the fan had brought in and not
    // yet passed on; a fan-out's payments in during the `passThroughHours` before its first payment
    // out. Never past `ev`, at most `maxWindowTransactions` of them; far more money moving than the
    // fan's (over `maxPassThroughRatio` times) is the account's own business, not pass-through.
    const flowHi = positionAfter(graph, flowList, ev);
    const flowFrom = fanIn ? first : first - passMs;
    const flowUntil = fanIn ? Math.min(graph.time(ev), last + passMs) : first;
    const a = Math.max(graph.firstAtOrAfter(flowList, flowFrom), flowHi - cap);
    const b = Math.min(flowHi, graph.lastAtOrBefore(flowList, flowUntil));
    const flowed = flowSums.sum(a, b) / total;
    let passThrough = flowed <= p.maxPassThroughRatio ? flowed : 0;
    let carriers: number[] | undefined;
    if (fanIn && passThrough >= p.minPassThrough) ({ share: passThrough, carriers } = passedOn(a, b, total));
    const passes = passThrough >= p.minPassThrough;
    // a payment out can end a fan-in only as part of its pass-through
    if (!onPrimary && (!passes || carriers?.at(-1) !== ev)) return null;
    // alike amounts: a small coefficient of variation, or (for fans of up to `maxAlikeCheck`,
    // where one stray payment weighs most) most of the payments within one narrow band
    let alike = cv <= p.maxAmountCv;
    let group: { size: number; low: number; high: number } | undefined;
    if (!alike && win.freshCount <= p.maxAlikeCheck) {
      group = alikeGroup(win.freshMembers().map((t) => graph.amount(t)), p.alikeBand);
      alike = group.size >= p.minCounterparties && group.size >= p.minAlikeShare * win.freshCount;
    }
    const nearly = nearShare >= p.minNearThresholdShare;
    // a person (not a business) dealing with this many strangers in days needs no other sign
    const many = k >= p.manyCounterparties && graph.node(node).kind !== 'business';
    if (!alike && !nearly && !many && !(passes && p.passThroughAlone)) return null;

    const span = last - first;
    const corroboration = Math.max(
      alike ? (group ? strength(group.size / win.freshCount, p.minAlikeShare, 1) : strength(p.maxAmountCv - cv, 0, p.maxAmountCv)) : 0,
      nearly ? strength(nearShare, p.minNearThresholdShare, 1) : 0,
      passes ? strength(Math.min(1, passThrough), p.minPassThrough, 1) : 0,
      many ? strength(k, p.manyCounterparties, 2 * p.manyCounterparties) : 0,
    );
    const score = (strength(k, p.minCounterparties, p.strongCounterparties) + corroboration + strength(windowMs - span, 0, windowMs)) / 3;
    const snapshot = { lo: win.lo, end, windowStart: win.windowStart, count: win.freshCount };
    return {
      first,
      last: graph.time(ev),
      build: () => {
        const fan = win.freshMembersOf(snapshot.lo, snapshot.end, snapshot.windowStart);
        const passing = !passes ? [] : carriers ?? pick(graph, flowList, { lo: a, hi: b, from: -Infinity, until: Infinity }, flows);
        const clauses: string[] = [];
        if (alike && group) clauses.push(`${group.size} of ${snapshot.count} amounts between ${formatMoney(group.low, currency)} and ${formatMoney(group.high, currency)}`);
        else if (alike) clauses.push(similarityText(cv));
        if (nearCount > 0) clauses.push(`${nearCount} of ${snapshot.count} just below the ${formatMoney(threshold, currency)} reporting threshold`);
        if (many && !alike && !nearly) clauses.push('many for an account that is not a business');
        const detail = clauses.length ? ` (${clauses.join('; ')})` : '';
        const head = fanIn
          ? `${k} new senders paid ${formatMoney(total, currency)} into the account ${withinText(span)}${detail}`
          : `The account paid ${formatMoney(total, currency)} to ${k} new recipients ${withinText(span)}${detail}`;
        const shown = percent(Math.min(1, passThrough));
        const tail = !passes ? '' : fanIn
          ? `; ${shown} of it left within ${formatDuration(passMs)} of the last payment in`
          : `; ${shown} of it had come in during the ${formatDuration(passMs)} before the first payment out`;
        return {
          detector: id,
          node,
          score,
          transactions: inTimeOrder(graph, [...fan, ...passing]),
          reason: `${head}${tail}.`,
          facts: {
            counterparties: k,
            newShare: Number(newShare.toFixed(3)),
            total: Number(total.toFixed(2)),
            spanHours: Number((span / HOUR_MS).toFixed(1)),
            amountCv: Number(cv.toFixed(3)),
            nearThreshold: nearCount,
            passThrough: Number(Math.min(1, passThrough).toFixed(3)),
          },
        };
      },
    };
  };

  /** whether a member payment came in during the `passThroughHours` before the payment out `out` (reads at most `maxWindowTransactions`) */
  const memberWithin = (out: number): boolean => {
    const stop = Math.max(0, positionAfter(graph, primary, out) - cap);
    for (let k = positionAfter(graph, primary, out) - 1; k >= stop && graph.time(primary[k]!) >= graph.time(out) - passMs; k--) {
      if (member(primary[k]!)) return true;
    }
    return false;
  };

  // end events in scope, in the graph's order: the fan's own transactions, and for a fan-in the
  // payments out that may complete its pass-through
  let i = graph.firstAtOrAfter(primary, scope.since);
  const iEnd = graph.lastAtOrBefore(primary, scope.until);
  let o = fanIn ? graph.firstAtOrAfter(flowList, scope.since) : 0;
  const oEnd = fanIn ? graph.lastAtOrBefore(flowList, scope.until) : 0;
  while (i < iEnd || o < oEnd) {
    const takePrimary = o >= oEnd || (i < iEnd && atOrBefore(graph, primary[i]!, flowList[o]!));
    const ev = takePrimary ? primary[i++]! : flowList[o++]!;
    if (takePrimary ? !member(ev) : !flows(ev)) continue;
    // cheap tests before the window moves: a fan's own payment is with a new counterparty; a payment
    // out can carry a fan-in's money only if a member payment came in during the hours before it
    if (takePrimary ? !pairs.isNew(node, counterparty(ev), graph.time(ev) - windowMs) : !memberWithin(ev)) continue;
    win.slideTo(takePrimary ? i : positionAfter(graph, primary, ev), graph.time(ev) - windowMs);
    const candidate = evaluate(ev, takePrimary, win.hi);
    if (candidate) collector.offer('', candidate);
  }
  return collector.findings();
};

/** Fan-in: many new senders pay one account within days. Anchor: the receiver. */
export const fanIn: Detector<FanParams> = {
  id: 'fan-in',
  title: 'Fan-in: many new senders into one account',
  description:
    'Several parties with no earlier relationship pay one account within days, their amounts alike or just below the reporting '
    + 'threshold (or, into a personal account, many of them): collection through money mules. Whether the money left again soon '
    + 'after is shown and scored. Card takings and wages are left out, so a shop or an employee does not fire.',
  sources: ['AMLSim fan_in', 'IBM AMLworld fan-in (Altman et al. 2023)', 'FATF-APG 2018 (many small inflows aggregated in one account)'],
  requires: ['TX'],
  defaults: DEFAULTS,
  detect: detectFan('in', 'fan-in'),
};

/** Fan-out: one account pays many new recipients within days. Anchor: the sender. */
export const fanOut: Detector<FanParams> = {
  id: 'fan-out',
  title: 'Fan-out: one account pays many new recipients',
  description:
    'One account pays several parties with no earlier relationship within days, the amounts alike or just below the reporting '
    + 'threshold (or, from a personal account, many of them): placement through money mules. Whether the money had arrived just '
    + 'before is shown and scored. Payroll and card payments are left out, so an employer or a shop paying its suppliers does not fire.',
  sources: ['AMLSim fan_out', 'IBM AMLworld fan-out (Altman et al. 2023)'],
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: DEFAULTS,
  detect: detectFan('out', 'fan-out'),
};
