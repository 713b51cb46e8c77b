/**
 * Bipartite (AMLSim / IBM AMLworld `bipartite`; chained, the layers of a `stack`): a group of
 * senders pays a group of receivers, densely (most senders pay most receivers), within days,
 * between parties that had no dealings before (no transaction either way before the window).
 *
 * Normal traffic has the shape only around businesses and landlords: households paying the same
 * utility, tenants the same landlord, staff paid by the same employers. Those receivers take money
 * from many others, so a receiver counts only when the group's senders made at least
 * `minConcentration` of its payments in the window (all of them count but its wages, card takings
 * too). Every sender pays at least two of the receivers; a receiver is paid by at least two of the
 * senders, or, when the amounts are alike (the generator's and AMLSim's patterns split sums
 * evenly), by one. At least `minDensity` of the possible pairs pay, `minEdges` pairs in all.
 * Salary and card payments (`excludeKinds`) take no part, and pseudo-parties such as `@cash` are
 * never members.
 *
 * The search starts from one payment `e` into the anchor: its sender must pay another new receiver
 * in the window; the candidate senders are the anchor's new senders and those of the other
 * receivers `e`'s sender paid (at most `maxGroup`), the candidate receivers everyone they paid.
 *
 * Anchor rule: reported from the receiver of the pattern's latest transaction, at that
 * transaction. A pattern that goes on growing after a transaction (a later payment finds a pattern
 * holding everything found so far) is left for that later payment, so the batch scan reports it
 * once, grown; at one anchor, patterns found one after another while the first is still in the
 * window are one run, reported by its last. The streaming scorer has no later transactions yet and
 * reports each step.
 *
 * Cost: per payment evaluated, at most `maxGroup` candidate senders, `maxScan` transactions of each
 * member's list, `maxWindowTransactions` of the anchor's (kept as a sliding window, each entering
 * and leaving once), `maxLookback` transactions per pair looked up, and `maxSuccessorChecks` further
 * evaluations for a pattern found.
 */
import type { DetectScope, Detector, DetectorParams, Finding } from '../detector.ts';
import { formatMoney, inTimeOrder, strength } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import {
  EpisodeCollector, HOUR_MS, PairHistory, SlidingCounterparties, alikeAmounts, amountSpread, atOrBefore, kindSet, percent, requirePositive,
  similarityText, windowLow, withinText,
} from './window-stats.ts';

export interface BipartiteParams extends DetectorParams {
  /** the longest span of the pattern, in hours */
  readonly windowHours: number;
  /** fewest senders and receivers */
  readonly minSenders: number;
  readonly minReceivers: number;
  /** fewest distinct sender-receiver pairs that paid */
  readonly minEdges: number;
  /** smallest share of the possible sender-receiver pairs that paid (0..1) */
  readonly minDensity: number;
  /** smallest share of a receiver's payments in the window (all but its wages) that the group's senders made (0..1) */
  readonly minConcentration: number;
  /** a pattern with a receiver paid by only one sender needs alike amounts: a coefficient of variation at most this … */
  readonly maxAmountCv: number;
  /** … or at least this share of the payments (0..1) … */
  readonly minAlikeShare: number;
  /** … within a band whose top is at most this fraction above its bottom */
  readonly alikeBand: number;
  /** smallest total paid within the group, in the base currency */
  readonly minTotal: number;
  /** members (senders and receivers together) at which the size's share of the score reaches 1 */
  readonly strongMembers: number;
  readonly excludeKinds: readonly string[];
  /** most candidate senders (the latest ones) */
  readonly maxGroup: number;
  /** most transactions of one member's list read */
  readonly maxScan: number;
  readonly maxWindowTransactions: number;
  readonly maxLookback: number;
  /** most later payments tried when deciding whether a pattern is still growing */
  readonly maxSuccessorChecks: number;
}

/** amounts this alike (coefficient of variation) are called alike in the reason */
const ALIKE_CV = 0.25;

const DEFAULTS: BipartiteParams = {
  windowHours: 240,
  minSenders: 2,
  minReceivers: 2,
  minEdges: 4,
  minDensity: 0.6,
  minConcentration: 0.5,
  maxAmountCv: 0.12,
  minAlikeShare: 0.8,
  alikeBand: 0.1,
  minTotal: 1_000,
  strongMembers: 10,
  excludeKinds: ['salary', 'card'],
  maxGroup: 16,
  maxScan: 100,
  maxWindowTransactions: 500,
  maxLookback: 500,
  maxSuccessorChecks: 6,
};

interface Pattern {
  readonly senders: readonly number[];
  readonly receivers: readonly number[];
  /** the member transactions, at or before the anchor transaction */
  readonly txs: readonly number[];
  readonly edges: number;
}

/** the parts of the detector shared by the anchor's evaluation and the successor check */
interface Context {
  readonly graph: TransactionGraph;
  readonly p: BipartiteParams;
  readonly pairs: PairHistory;
  readonly member: (t: number) => boolean;
}

/** "at or before" a point of the graph's order: a time, and among transactions at that time the arrival index */
interface Bound {
  readonly time: number;
  readonly tx: number;
}

/** the position just past the last transaction of `list` at or before `bound` */
function endAt(graph: TransactionGraph, list: readonly number[], bound: Bound): number {
  let end = graph.lastAtOrBefore(list, bound.time);
  while (end > 0 && list[end - 1]! > bound.tx && graph.time(list[end - 1]!) === bound.time) end--;
  return end;
}

/**
 * The bipartite pattern seen from `anchor` in the window ending at `bound` (which it holds), grown
 * from the anchor's new sender `s0`, or null: the dense core, or the larger pattern with receivers
 * paid by one sender when its amounts are alike. `anchorShare`, when given, is the anchor's
 * concentration from a window the caller already keeps.
 */
/** where a search starts: the anchor, its sender `s0` and the end of the window */
interface Seed {
  readonly anchor: number;
  readonly s0: number;
  readonly bound: Bound;
  readonly anchorShare?: (senders: ReadonlySet<number>) => number;
}

function patternAt(ctx: Context, seed: Seed): Pattern | null {
  const { anchor, s0, bound, anchorShare } = seed;
  const { graph, p, pairs, member } = ctx;
  const windowMs = p.windowHours * HOUR_MS;
  const from = bound.time - windowMs;
  const inList = graph.incoming(anchor);
  const inEnd = endAt(graph, inList, bound);
  const inLo = windowLow(graph, inList, { end: inEnd, from, maxCount: p.maxWindowTransactions });
  const ws = inLo < inEnd && inLo > 0 && graph.time(inList[inLo - 1]!) >= from ? graph.time(inList[inLo]!) : from;
  if (!pairs.isNew(s0, anchor, ws)) return null;

  /** a member's new-pair payments out in the window, at or before the bound: receiver -> payments */
  const paidBy = (s: number): Map<number, number[]> => {
    const out = graph.outgoing(s);
    const end = endAt(graph, out, bound);
    const lo = Math.max(graph.firstAtOrAfter(out, ws), end - p.maxScan);
    const byReceiver = new Map<number, number[]>();
    for (let k = lo; k < end; k++) {
      const t = out[k]!;
      if (!member(t)) continue;
      const r = graph.to(t);
      let list = byReceiver.get(r);
      if (list === undefined) {
        if (!pairs.isNew(s, r, ws)) continue;
        byReceiver.set(r, (list = []));
      }
      list.push(t);
    }
    return byReceiver;
  };

  /** a receiver's new senders in the window, at or before the bound (the latest `maxScan` payments read) */
  const sendersOf = (r: number, into: Set<number>): void => {
    const inc = graph.incoming(r);
    const end = endAt(graph, inc, bound);
    const lo = Math.max(graph.firstAtOrAfter(inc, ws), end - p.maxScan);
    for (let k = end - 1; k >= lo && into.size < p.maxGroup; k--) {
      const t = inc[k]!;
      if (!member(t)) continue;
      const s = graph.from(t);
      if (!into.has(s) && pairs.isNew(s, r, ws)) into.add(s);
    }
  };

  // every sender pays two or more of the receivers, so the anchor's sender pays the anchor and another
  const first = paidBy(s0);
  if (first.size < 2 || !first.has(anchor)) return null;
  // the anchor's concentration on its new senders bounds its concentration on the final senders:
  // a busy receiver is turned down here before any other list is read
  const profileWindow = { ws, bound, maxScan: p.maxScan, member };
  const profiles = new Map<number, InflowProfile>();
  const share = (r: number, senders: ReadonlySet<number>): number => {
    if (r === anchor && anchorShare) return anchorShare(senders);
    let profile = profiles.get(r);
    if (profile === undefined) profiles.set(r, (profile = inflowProfile(graph, r, profileWindow)));
    return shareFrom(profile, senders);
  };
  const anchorSenders = new Set<number>([s0]);
  sendersOf(anchor, anchorSenders);
  if (share(anchor, anchorSenders) < p.minConcentration) return null;

  // candidate senders: the anchor's new senders and those of the other receivers its sender paid
  // (at most `maxGroup`), and what each of them paid to new receivers
  const group = new Set(anchorSenders);
  for (const r of first.keys()) if (r !== anchor && group.size < p.maxGroup) sendersOf(r, group);
  const payments = new Map<number, Map<number, number[]>>();
  for (const s of group) payments.set(s, s === s0 ? first : paidBy(s));

  const all = [...group];
  const receiversOfAll = [...new Set(all.flatMap((s) => [...payments.get(s)!.keys()]))].filter((r) => !group.has(r));
  const ctxCore = { p, anchor, s0, payments, share };
  // the dense core, every receiver paid by two or more of the senders, or if larger the pattern
  // with receivers paid by one sender allowed, when its amounts are alike
  const dense = coreOf(ctxCore, all, receiversOfAll, 2);
  const loose = coreOf({ ...ctxCore, alike: (txs) => alikeAmounts(graph, txs, p) }, all, receiversOfAll, 1);
  return loose !== null && (dense === null || loose.txs.length > dense.txs.length) ? loose : dense;
}

/**
 * Prunes candidate senders and receivers until stable (receivers living mostly on the senders'
 * money and paid by at least `minPayers` of them, senders paying at least two of the receivers),
 * keeps what is connected to the anchor, and checks the size and density.
 */
function coreOf(
  c: {
    p: BipartiteParams; anchor: number; s0: number;
    payments: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>>;
    /** share of a receiver's payments in the window that the senders made */
    share: (r: number, senders: ReadonlySet<number>) => number;
    /** a further test of the payments of the shape before any receiver's list is read */
    alike?: (txs: readonly number[]) => boolean;
  },
  candidateSenders: readonly number[], candidateReceivers: readonly number[], minPayers: number,
): Pattern | null {
  const { p, anchor, s0, payments } = c;
  let senders = [...candidateSenders];
  let receivers = [...candidateReceivers];
  for (let round = 0; round < 8; round++) {
    const before = senders.length + receivers.length;
    // the structure first (cheap), then the receivers' concentration (reads their lists)
    for (let shape = 0; shape < 8; shape++) {
      const size = senders.length + receivers.length;
      const rSet = new Set(receivers);
      senders = senders.filter((s) => countKeys(payments.get(s)!, rSet) >= 2);
      const payers = new Map<number, number>();
      for (const s of senders) for (const r of payments.get(s)!.keys()) payers.set(r, (payers.get(r) ?? 0) + 1);
      receivers = receivers.filter((r) => (payers.get(r) ?? 0) >= minPayers);
      if (senders.length + receivers.length === size) break;
    }
    if (senders.length < p.minSenders || receivers.length < p.minReceivers) return null;
    if (round === 0 && c.alike && !c.alike(paymentsBetween(payments, senders, receivers))) return null;
    // a receiver must live mostly on these senders' money: a utility, a landlord or a shop does not
    const sSet = new Set(senders);
    receivers = receivers.filter((r) => c.share(r, sSet) >= p.minConcentration);
    if (senders.length + receivers.length === before) break;
  }
  ({ senders, receivers } = componentOf(anchor, senders, receivers, payments));
  if (!senders.includes(s0) || !receivers.includes(anchor)) return null;
  if (senders.length < p.minSenders || receivers.length < p.minReceivers) return null;
  const rSet = new Set(receivers);
  let edges = 0;
  for (const s of senders) edges += countKeys(payments.get(s)!, rSet);
  if (edges < p.minEdges || edges / (senders.length * receivers.length) < p.minDensity) return null;
  const txs = paymentsBetween(payments, senders, receivers);
  if (c.alike && !c.alike(txs)) return null;
  return { senders, receivers, txs, edges };
}

/** the payments from the senders to the receivers */
function paymentsBetween(payments: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>>, senders: readonly number[], receivers: readonly number[]): number[] {
  const rSet = new Set(receivers);
  const txs: number[] = [];
  for (const s of senders) for (const [r, list] of payments.get(s)!) if (rSet.has(r)) txs.push(...list);
  return txs;
}

/** the senders and receivers connected to the anchor through the payments between them */
function componentOf(
  anchor: number, senders: readonly number[], receivers: readonly number[], payments: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>>,
): { senders: number[]; receivers: number[] } {
  const rSet = new Set(receivers);
  const keptS = new Set<number>();
  const keptR = new Set<number>([anchor]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of senders) {
      if (keptS.has(s)) continue;
      const paid = [...payments.get(s)!.keys()].filter((r) => rSet.has(r));
      if (!paid.some((r) => keptR.has(r))) continue;
      keptS.add(s);
      for (const r of paid) keptR.add(r);
      grew = true;
    }
  }
  return { senders: senders.filter((s) => keptS.has(s)), receivers: receivers.filter((r) => keptR.has(r)) };
}

function countKeys(map: ReadonlyMap<number, unknown>, keys: ReadonlySet<number>): number {
  let n = 0;
  for (const k of map.keys()) if (keys.has(k)) n++;
  return n;
}

/** who paid a receiver in the window: member payments by sender, and all payments but wages (the latest `maxScan` read, the rest counted) */
interface InflowProfile {
  readonly bySender: ReadonlyMap<number, number>;
  readonly total: number;
}

function inflowProfile(
  graph: TransactionGraph, r: number, w: { ws: number; bound: Bound; maxScan: number; member: (t: number) => boolean },
): InflowProfile {
  const list = graph.incoming(r);
  const end = endAt(graph, list, w.bound);
  const inWindow = end - graph.firstAtOrAfter(list, w.ws);
  const lo = end - Math.min(inWindow, w.maxScan);
  const bySender = new Map<number, number>();
  let wages = 0;
  for (let k = lo; k < end; k++) {
    const t = list[k]!;
    if (w.member(t)) bySender.set(graph.from(t), (bySender.get(graph.from(t)) ?? 0) + 1);
    else if (graph.kind(t) === 'salary') wages++;
  }
  // every payment in counts but the receiver's wages (card takings too: a shop lives on them), and
  // the unread older part of a busy receiver's window counts against it
  return { bySender, total: inWindow - wages };
}

/** share of the receiver's payments in the window that the senders made */
function shareFrom(profile: InflowProfile, senders: ReadonlySet<number>): number {
  if (profile.total <= 0) return 0;
  let n = 0;
  for (const [s, count] of profile.bySender) if (senders.has(s)) n += count;
  return n / profile.total;
}

/**
 * Whether the pattern found at `e` goes on growing after it: some later member payment within the
 * window from the pattern's first transaction finds a pattern holding every transaction of this
 * one, which is then reported there (or later still) instead. Tried, at most `maxSuccessorChecks`
 * of them: the next payment into the anchor, the latest payment of the pattern as the same anchor
 * and sender see it over a window starting at its first transaction, and the next payment into
 * each other receiver and out of each sender.
 */
function growsLater(ctx: Context, pattern: Pattern, e: number): boolean {
  const { graph, p, member } = ctx;
  let firstTime = Infinity;
  for (const t of pattern.txs) firstTime = Math.min(firstTime, graph.time(t));
  const horizon = firstTime + p.windowHours * HOUR_MS;
  if (horizon <= graph.time(e)) return false;
  const anchor = graph.to(e);
  const eBound = { time: graph.time(e), tx: e };
  /** the first member payment of `list` after `e`, within the horizon */
  const nextIn = (list: readonly number[]): number | undefined => {
    const start = endAt(graph, list, eBound);
    const stop = Math.min(graph.lastAtOrBefore(list, horizon), start + p.maxScan);
    for (let k = start; k < stop; k++) if (member(list[k]!)) return list[k]!;
    return undefined;
  };
  const tries: number[] = [];
  const next = nextIn(graph.incoming(anchor));
  if (next !== undefined) tries.push(next);
  // the anchor's window, cut where it would stop holding the pattern's first transaction
  const inList = graph.incoming(anchor);
  const endPos = Math.min(graph.lastAtOrBefore(inList, horizon), graph.firstAtOrAfter(inList, firstTime) + p.maxWindowTransactions);
  if (endPos > 0) {
    const last = inList[endPos - 1]!;
    const extended = patternAt(ctx, { anchor, s0: graph.from(e), bound: { time: graph.time(last), tx: last } });
    if (extended !== null) {
      let f = e;
      for (const t of extended.txs) if (!atOrBefore(graph, t, f)) f = t;
      if (f !== e) tries.push(f);
    }
  }
  for (const r of pattern.receivers) if (r !== anchor) { const t = nextIn(graph.incoming(r)); if (t !== undefined) tries.push(t); }
  for (const s of pattern.senders) { const t = nextIn(graph.outgoing(s)); if (t !== undefined) tries.push(t); }
  const mine = pattern.txs;
  for (const f of [...new Set(tries)].slice(0, p.maxSuccessorChecks)) {
    const grown = patternAt(ctx, { anchor: graph.to(f), s0: graph.from(f), bound: { time: graph.time(f), tx: f } });
    if (grown === null) continue;
    const theirs = new Set(grown.txs);
    if (mine.every((t) => theirs.has(t))) return true;
  }
  return false;
}

function detectBipartite(graph: TransactionGraph, anchor: number, p: BipartiteParams, scope: DetectScope): Finding[] {
  const id = 'bipartite';
  if (graph.isPseudo(anchor)) return [];
  requirePositive(id, p, ['windowHours', 'minSenders', 'minReceivers', 'minEdges', 'minTotal', 'strongMembers', 'maxGroup', 'maxScan', 'maxWindowTransactions', 'maxLookback']);
  const list = graph.incoming(anchor);
  if (list.length === 0) return [];
  const excluded = kindSet(p.excludeKinds);
  const member = (t: number): boolean => {
    const s = graph.from(t);
    const r = graph.to(t);
    return s !== r && !excluded.has(graph.kind(t)) && !graph.isPseudo(s) && !graph.isPseudo(r);
  };
  const ctx: Context = { graph, p, pairs: new PairHistory(graph, p.maxLookback), member };
  const windowMs = p.windowHours * HOUR_MS;
  const currency = graph.currency.base;
  const senders = new SlidingCounterparties({
    graph, list, counterparty: (t) => graph.from(t), accept: member, maxCount: p.maxWindowTransactions,
    counted: (t) => graph.kind(t) !== 'salary',
  });
  const collector = new EpisodeCollector();
  const start = graph.firstAtOrAfter(list, scope.since);
  const stop = graph.lastAtOrBefore(list, scope.until);
  for (let i = start; i < stop; i++) {
    const e = list[i]!;
    // the latest payment is between new parties: tested before the window moves
    if (!member(e) || !ctx.pairs.isNew(graph.from(e), anchor, graph.time(e) - windowMs)) continue;
    senders.slideTo(i + 1, graph.time(e) - windowMs);
    // the anchor must get at least `minConcentration` of its payments from the pattern's senders,
    // at most all of its member payments: a shop living on card takings stops here
    if (senders.accepted < p.minConcentration * senders.counted) continue;
    // the anchor's own window is the sliding one: its concentration needs no second read
    const pattern = patternAt(ctx, { anchor, s0: graph.from(e), bound: { time: graph.time(e), tx: e }, anchorShare: (group) => senders.shareOf(group) });
    if (pattern === null) continue;
    const spread = amountSpread(graph, pattern.txs);
    if (spread.total < p.minTotal) continue;
    if (growsLater(ctx, pattern, e)) continue;
    const txs = inTimeOrder(graph, pattern.txs);
    const first = graph.time(txs[0]!);
    // a run of patterns at this anchor that each begin before the run's first one ended (a busy
    // receiver sliding through overlapping groups) is reported once, by its last member
    collector.offer('', { first, last: graph.time(e), build: () => findingOf(pattern, txs, spread) });
  }
  return collector.findings();

  function findingOf(pattern: Pattern, txs: readonly number[], spread: { total: number; cv: number }): Finding {
    const last = graph.time(txs[txs.length - 1]!);
    const span = last - graph.time(txs[0]!);
    const possible = pattern.senders.length * pattern.receivers.length;
    const density = pattern.edges / possible;
    const members = pattern.senders.length + pattern.receivers.length;
    const minMembers = p.minSenders + p.minReceivers;
    const score = (strength(members, minMembers, Math.max(minMembers, p.strongMembers))
      + strength(density, p.minDensity, 1)
      + strength(windowMs - span, 0, windowMs)) / 3;
    const alike = spread.cv <= ALIKE_CV ? ` (${similarityText(spread.cv)})` : '';
    return {
      detector: id,
      node: anchor,
      score,
      transactions: txs,
      reason: `${pattern.senders.length} senders paid ${pattern.receivers.length} receivers ${formatMoney(spread.total, currency)} in `
        + `${txs.length} payments${alike} ${withinText(span)}; `
        + `${pattern.edges} of the ${possible} possible pairs paid (${percent(density)}), none had dealt with each other before, `
        + `and each receiver got at least ${percent(p.minConcentration)} of its payments in the window (wages aside) from these senders.`,
      facts: {
        senders: pattern.senders.length,
        receivers: pattern.receivers.length,
        edges: pattern.edges,
        density: Number(density.toFixed(3)),
        total: Number(spread.total.toFixed(2)),
        spanHours: Number((span / HOUR_MS).toFixed(1)),
        amountCv: Number(spread.cv.toFixed(3)),
      },
    };
  }
}

/**
 * Bipartite: at least `minSenders` senders pay at least `minReceivers` receivers within
 * `windowHours`, at least `minDensity` of the possible pairs paying, every pair new, each receiver
 * getting at least `minConcentration` of its incoming payments in the window from the senders.
 * Anchor: the receiver of the latest transaction.
 */
export const bipartite: Detector<BipartiteParams> = {
  id: 'bipartite',
  title: 'Bipartite: a group of senders densely paying a group of receivers',
  description:
    'Several accounts each pay several of the same other accounts within days, with no earlier dealings between them, and the '
    + 'receivers live mostly on these payments: a layer of money mules (a stack is several such layers in a row). Households '
    + 'paying the same utility or landlord do not fire, because those receivers take money from many others.',
  sources: ['AMLSim bipartite / stack', 'IBM AMLworld bipartite (Altman et al. 2023)'],
  requires: ['TX'],
  anchorSide: 'payee',
  defaults: DEFAULTS,
  detect: detectBipartite,
};
