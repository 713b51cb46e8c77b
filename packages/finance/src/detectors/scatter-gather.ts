/**
 * Scatter-gather and gather-scatter (AMLSim / IBM AMLworld `scatter_gather`, `gather_scatter`).
 *
 * Scatter-gather: a source splits money among intermediaries, each of which passes it on (less a
 * small cut) to one sink: source -> k intermediaries -> sink. Gather-scatter: several sources pay
 * one hub, which pays about the same sum on to several destinations: k sources -> hub -> m
 * destinations. Both are layering through money mules. What separates them from payroll, shop
 * takings and household bills (traffic.md) is that the parties are new to each other (no
 * transaction either way before the window), the money passes through within hours or days at
 * close to the amount received, and the share-outs of one sum are alike. Transactions of the kinds
 * in `excludeKinds` (`salary`, `card` by default) take no part, and pseudo-parties such as `@cash`
 * are never sources, intermediaries, hubs, sinks or destinations.
 *
 * Anchor rule: a scatter-gather is reported from its sink (the receiver of its latest transaction,
 * an intermediary's payment to the sink); a gather-scatter from its hub (the sender of its latest
 * transaction, a payment out), at that latest transaction. At one anchor, patterns found one after
 * another while the first is still in the window are one run, reported once by its last (see
 * `EpisodeCollector`).
 */
import type { DetectScope, Detector, DetectorParams, Finding } from '../detector.ts';
import { formatDuration, formatMoney, inTimeOrder, strength } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import type { Candidate } from './window-stats.ts';
import {
  EpisodeCollector, HOUR_MS, NewCounterpartyWindow, PairHistory, alikeAmounts, kindSet, percent, positionAfter, requirePositive, sumOf,
  thresholdOf, withinText,
} from './window-stats.ts';

// ---------------------------------------------------------------------------------------------
// scatter-gather

export interface ScatterGatherParams extends DetectorParams {
  /** the longest span of the intermediaries' payments to the sink, in hours */
  readonly windowHours: number;
  /** an intermediary's payment to the sink passes on money it received at most this many hours before */
  readonly maxHopHours: number;
  /** fewest intermediaries */
  readonly minIntermediaries: number;
  /** intermediaries at which the count's share of the score reaches 1 */
  readonly strongIntermediaries: number;
  /** smallest total reaching the sink, in the base currency */
  readonly minTotal: number;
  /** what an intermediary pays the sink over what it got from the source: at least this… */
  readonly minHopRatio: number;
  /** … and at most this (a little over 1 allows for rounding and fees paid by the sender) */
  readonly maxHopRatio: number;
  /** smallest share of intermediaries new to both the source and the sink (0..1) */
  readonly minNewShare: number;
  readonly excludeKinds: readonly string[];
  /** most of the sink's incoming transactions one window reads (the latest ones) */
  readonly maxWindowTransactions: number;
  /** most of an intermediary's incoming transactions read to find what it passes on */
  readonly maxHopScan: number;
  /** most transactions of history read to decide whether two parties are new to each other */
  readonly maxLookback: number;
}

const SG_DEFAULTS: ScatterGatherParams = {
  windowHours: 240,
  maxHopHours: 72,
  minIntermediaries: 3,
  strongIntermediaries: 8,
  minTotal: 1_000,
  minHopRatio: 0.7,
  maxHopRatio: 1.05,
  minNewShare: 0.75,
  excludeKinds: ['salary', 'card'],
  maxWindowTransactions: 500,
  maxHopScan: 64,
  maxLookback: 500,
};

/** one intermediary's part in one source's scatter-gather, over the sink's current window */
interface Link {
  /** the intermediary's payments to the sink that pass on this source's money */
  xSum: number;
  xCount: number;
  /** the source's payments to the intermediary they pass on, with how many sink payments use each */
  ys: Map<number, number>;
  ySum: number;
  good: boolean;
  fresh: boolean;
}

interface SourceState {
  links: Map<number, Link>;
  good: number;
  freshGood: number;
  goodX: number;
  goodY: number;
}

const NO_LEGS: readonly number[] = [];

function detectScatterGather(graph: TransactionGraph, sink: number, p: ScatterGatherParams, scope: DetectScope): Finding[] {
  const id = 'scatter-gather';
  if (graph.isPseudo(sink)) return [];
  requirePositive(id, p, ['windowHours', 'maxHopHours', 'minIntermediaries', 'strongIntermediaries', 'minTotal', 'maxWindowTransactions', 'maxHopScan', 'maxLookback']);
  const list = graph.incoming(sink);
  if (list.length < p.minIntermediaries) return [];
  const excluded = kindSet(p.excludeKinds);
  const windowMs = p.windowHours * HOUR_MS;
  const hopMs = p.maxHopHours * HOUR_MS;
  const currency = graph.currency.base;
  const pairs = new PairHistory(graph, p.maxLookback);
  const member = (x: number): boolean => {
    const m = graph.from(x);
    return m !== sink && !excluded.has(graph.kind(x)) && !graph.isPseudo(m);
  };
  const legsCache = new Map<number, readonly number[]>();
  /**
   * The source payments an intermediary's payment `x` to the sink may pass on: received within
   * `maxHopHours` before it from a real party other than the sink. Flat pairs `[source, payment,
   * source, payment…]` sorted by source, cached for the call (each payment is read once).
   */
  const legsOf = (x: number): readonly number[] => {
    const cached = legsCache.get(x);
    if (cached !== undefined) return cached;
    const m = graph.from(x);
    const inc = graph.incoming(m);
    const end = positionAfter(graph, inc, x);
    const stop = Math.max(0, end - p.maxHopScan);
    const found: [number, number][] = [];
    for (let k = end - 1; k >= stop; k--) {
      const y = inc[k]!;
      if (y === x) continue;
      if (graph.time(y) < graph.time(x) - hopMs) break;
      const s = graph.from(y);
      if (s === m || s === sink || graph.isPseudo(s) || excluded.has(graph.kind(y))) continue;
      // no proportion test per payment: one payment on may forward several in, or one payment in be
      // forwarded in parts; the intermediary's totals are held to the hop ratio as the window slides
      found.push([s, y]);
    }
    found.sort((u, v) => u[0] - v[0]);
    const legs = found.length === 0 ? NO_LEGS : found.flat();
    legsCache.set(x, legs);
    return legs;
  };

  const sources = new Map<number, SourceState>();
  const freshPairs = new Map<number, boolean>();
  const nodes = graph.nodeCount;
  let windowStart = -Infinity;
  /** whether intermediary `m` is new to both the source and the sink (judged once per call, at the window it first appears in) */
  const freshLink = (s: number, m: number): boolean => {
    const key = s * nodes + m;
    let f = freshPairs.get(key);
    if (f === undefined) {
      f = pairs.isNew(s, m, windowStart) && pairs.isNew(m, sink, windowStart);
      freshPairs.set(key, f);
    }
    return f;
  };
  const unlink = (st: SourceState, l: Link): void => {
    if (!l.good) return;
    st.good--;
    if (l.fresh) st.freshGood--;
    st.goodX -= l.xSum;
    st.goodY -= l.ySum;
  };
  const relink = (st: SourceState, l: Link): void => {
    l.good = l.xCount > 0 && l.ySum > 0 && l.xSum / l.ySum >= p.minHopRatio && l.xSum / l.ySum <= p.maxHopRatio;
    if (!l.good) return;
    st.good++;
    if (l.fresh) st.freshGood++;
    st.goodX += l.xSum;
    st.goodY += l.ySum;
  };
  /** adds (`sign` 1) or removes (-1) the sink payment `x` from every source it passes money on from */
  const apply = (x: number, sign: 1 | -1): void => {
    const m = graph.from(x);
    const legs = legsOf(x);
    // legs are sorted by source: one run of legs per source
    for (let r = 0; r < legs.length;) {
      const s = legs[r]!;
      let st = sources.get(s);
      let l = st?.links.get(m);
      if (sign < 0 && l === undefined) {
        // nothing of this source to take back (cannot happen for a payment that entered the window)
        while (r < legs.length && legs[r] === s) r += 2;
        continue;
      }
      if (st === undefined) {
        st = { links: new Map(), good: 0, freshGood: 0, goodX: 0, goodY: 0 };
        sources.set(s, st);
      }
      if (l === undefined) {
        l = { xSum: 0, xCount: 0, ys: new Map(), ySum: 0, good: false, fresh: freshLink(s, m) };
        st.links.set(m, l);
      }
      unlink(st, l);
      l.xSum += sign * graph.amount(x);
      l.xCount += sign;
      for (; r < legs.length && legs[r] === s; r += 2) {
        const y = legs[r + 1]!;
        const refs = (l.ys.get(y) ?? 0) + sign;
        if (refs <= 0) {
          l.ys.delete(y);
          l.ySum -= graph.amount(y);
        } else {
          if (refs === 1 && sign > 0) l.ySum += graph.amount(y);
          l.ys.set(y, refs);
        }
      }
      if (l.xCount <= 0) {
        st.links.delete(m);
        if (st.links.size === 0) sources.delete(s);
      } else {
        relink(st, l);
      }
    }
  };

  /** the pattern of source `s` in the window `list[lo..end)`, from the cached legs: what a finding reports */
  const patternOf = (s: number, lo: number, end: number) => {
    const byM = new Map<number, { xs: number[]; ys: Set<number>; xSum: number }>();
    for (let k = lo; k < end; k++) {
      const x = list[k]!;
      if (!member(x)) continue;
      const legs = legsOf(x);
      const ys: number[] = [];
      for (let r = 0; r < legs.length; r += 2) if (legs[r] === s) ys.push(legs[r + 1]!);
      if (ys.length === 0) continue;
      const m = graph.from(x);
      let e = byM.get(m);
      if (e === undefined) byM.set(m, (e = { xs: [], ys: new Set(), xSum: 0 }));
      e.xs.push(x);
      e.xSum += graph.amount(x);
      for (const y of ys) e.ys.add(y);
    }
    const txs: number[] = [];
    let xTotal = 0;
    let yTotal = 0;
    let k = 0;
    let fresh = 0;
    for (const [m, e] of byM) {
      let ySum = 0;
      for (const y of e.ys) ySum += graph.amount(y);
      if (!(ySum > 0 && e.xSum / ySum >= p.minHopRatio && e.xSum / ySum <= p.maxHopRatio)) continue;
      k++;
      if (freshPairs.get(s * nodes + m) ?? true) fresh++;
      xTotal += e.xSum;
      yTotal += ySum;
      txs.push(...e.xs, ...e.ys);
    }
    return { txs, k, fresh, xTotal, yTotal };
  };

  const collector = new EpisodeCollector();
  let lo = -1;
  let hi = 0;
  const start = graph.firstAtOrAfter(list, scope.since);
  const stop = graph.lastAtOrBefore(list, scope.until);
  for (let i = start; i < stop; i++) {
    const e = list[i]!;
    // a payment to the sink that passes on nothing it received cannot end a scatter-gather: no need to move the window
    if (!member(e) || legsOf(e).length === 0) continue;
    const from = graph.time(e) - windowMs;
    const end = i + 1;
    if (lo < 0) lo = hi = Math.max(graph.firstAtOrAfter(list, from), end - p.maxWindowTransactions);
    let newLo = lo;
    while (newLo < end && (graph.time(list[newLo]!) < from || end - newLo > p.maxWindowTransactions)) newLo++;
    windowStart = Math.max(windowStart, newLo > 0 && graph.time(list[newLo - 1]!) >= from ? graph.time(list[newLo]!) : from);
    for (; lo < newLo; lo++) if (lo < hi && member(list[lo]!)) apply(list[lo]!, -1);
    if (hi < lo) hi = lo;
    for (; hi < end; hi++) if (member(list[hi]!)) apply(list[hi]!, 1);

    // the best source whose pattern includes this payment
    const m = graph.from(e);
    let best: { s: number; st: SourceState } | undefined;
    const legs = legsOf(e);
    for (let r = 0; r < legs.length; r += 2) {
      const source = legs[r]!;
      const st = sources.get(source);
      if (st === undefined || !st.links.get(m)?.good) continue;
      if (st.good < p.minIntermediaries || st.goodX < p.minTotal || st.freshGood / st.good < p.minNewShare) continue;
      if (!best || st.good > best.st.good || (st.good === best.st.good && st.goodX > best.st.goodX)) best = { s: source, st };
    }
    if (!best) continue;
    const s = best.s;
    const snapshot = { lo, end, last: graph.time(e) };
    const candidate: Candidate = {
      first: graph.time(list[lo]!),
      last: snapshot.last,
      build: () => {
        const pat = patternOf(s, snapshot.lo, snapshot.end);
        if (pat.k < p.minIntermediaries) return null;
        const txs = inTimeOrder(graph, pat.txs);
        const span = snapshot.last - graph.time(txs[0]!);
        const ratio = pat.xTotal / pat.yTotal;
        const score = (strength(pat.k, p.minIntermediaries, p.strongIntermediaries)
          + strength(Math.min(ratio, 1), p.minHopRatio, 1)
          + strength(windowMs + hopMs - span, 0, windowMs + hopMs)) / 3;
        return {
          detector: id,
          node: sink,
          score,
          transactions: txs,
          reason: `${pat.k} intermediaries received ${formatMoney(pat.yTotal, currency)} from one source and passed `
            + `${formatMoney(pat.xTotal, currency)} (${percent(ratio)}) on to the account ${withinText(span)}, each within `
            + `${formatDuration(hopMs)} of receiving it; ${pat.fresh} of the ${pat.k} had no earlier dealings with the source or the account.`,
          facts: {
            intermediaries: pat.k,
            scattered: Number(pat.yTotal.toFixed(2)),
            gathered: Number(pat.xTotal.toFixed(2)),
            passThrough: Number(ratio.toFixed(3)),
            spanHours: Number((span / HOUR_MS).toFixed(1)),
            newIntermediaries: pat.fresh,
          },
        };
      },
    };
    collector.offer(String(s), candidate);
  }
  return collector.findings();
}

/**
 * Scatter-gather: one source pays at least `minIntermediaries` intermediaries, each of which passes
 * `minHopRatio`..`maxHopRatio` of it on to the same sink within `maxHopHours`, the sink's payments
 * within `windowHours`. Anchor: the sink.
 *
 * Cost: a call reads the sink's transactions in scope once, windows of at most
 * `maxWindowTransactions` of them, and for each payment at most `maxHopScan` of its sender's
 * incoming transactions (each payment once per call); figures per source are kept as the window
 * slides, so a hub sink with 100,000 payments costs a constant amount per payment.
 */
export const scatterGather: Detector<ScatterGatherParams> = {
  id: 'scatter-gather',
  title: 'Scatter-gather: one source, many intermediaries, one sink',
  description:
    'Money from one source is split among several intermediaries that each pass most of it on to the same account within days: '
    + 'layering through money mules. Intermediaries with no earlier dealings with the source or the account and pass-through at '
    + 'close to the amount received separate it from household payments converging on a landlord or a school.',
  sources: ['AMLSim scatter_gather', 'IBM AMLworld scatter-gather (Altman et al. 2023)'],
  requires: ['TX'],
  anchorSide: 'payee',
  defaults: SG_DEFAULTS,
  detect: detectScatterGather,
};

// ---------------------------------------------------------------------------------------------
// gather-scatter

export interface GatherScatterParams extends DetectorParams {
  /** the longest span of the pattern, in hours */
  readonly windowHours: number;
  /** fewest new senders into the hub */
  readonly minSources: number;
  /** fewest new recipients out of it */
  readonly minDestinations: number;
  /** counterparties (the smaller side) at which the count's share of the score reaches 1 */
  readonly strongCounterparties: number;
  /** smallest total gathered, in the base currency */
  readonly minTotal: number;
  /** the scattered total over the gathered one lies between this and its inverse */
  readonly minPassThrough: number;
  /** smallest share of new counterparties on each side (0..1) */
  readonly minNewShare: number;
  readonly excludeKinds: readonly string[];
  readonly maxWindowTransactions: number;
  readonly maxLookback: number;
  /** largest coefficient of variation of one side's amounts that counts as alike (one side must be) */
  readonly maxAmountCv: number;
  /** … or at least this share of them (0..1) … */
  readonly minAlikeShare: number;
  /** … within a band whose top is at most this fraction above its bottom */
  readonly alikeBand: number;
  /** the reporting threshold when the scan's context gives none: reasons count the payments in just below it */
  readonly reportingThreshold: number;
  /** "just below the threshold" means at least this fraction of it (0..1) */
  readonly nearThresholdRatio: number;
}

const GS_DEFAULTS: GatherScatterParams = {
  windowHours: 240,
  minSources: 3,
  minDestinations: 3,
  strongCounterparties: 8,
  minTotal: 1_000,
  minPassThrough: 0.8,
  minNewShare: 0.75,
  excludeKinds: ['salary', 'card'],
  maxWindowTransactions: 500,
  maxLookback: 500,
  maxAmountCv: 0.12,
  minAlikeShare: 0.8,
  alikeBand: 0.1,
  reportingThreshold: 10_000,
  nearThresholdRatio: 0.8,
};

function detectGatherScatter(graph: TransactionGraph, hub: number, p: GatherScatterParams, scope: DetectScope): Finding[] {
  const id = 'gather-scatter';
  if (graph.isPseudo(hub)) return [];
  requirePositive(id, p, ['windowHours', 'minSources', 'minDestinations', 'strongCounterparties', 'minTotal', 'minPassThrough', 'maxWindowTransactions', 'maxLookback']);
  const ins = graph.incoming(hub);
  const outs = graph.outgoing(hub);
  if (ins.length < p.minSources || outs.length < p.minDestinations) return [];
  const excluded = kindSet(p.excludeKinds);
  const windowMs = p.windowHours * HOUR_MS;
  const currency = graph.currency.base;
  const threshold = thresholdOf(scope, p.reportingThreshold);
  const near = (a: number): boolean => a >= p.nearThresholdRatio * threshold && a < threshold;
  const pairs = new PairHistory(graph, p.maxLookback);
  const sender = (t: number): number => graph.from(t);
  const receiver = (t: number): number => graph.to(t);
  const inMember = (t: number): boolean => sender(t) !== hub && !excluded.has(graph.kind(t)) && !graph.isPseudo(sender(t));
  const outMember = (t: number): boolean => receiver(t) !== hub && !excluded.has(graph.kind(t)) && !graph.isPseudo(receiver(t));
  const common = { graph, node: hub, pairs, near, maxCount: p.maxWindowTransactions };
  const inWin = new NewCounterpartyWindow({ ...common, primary: ins, opposite: outs, counterparty: sender, oppositeCounterparty: receiver, member: inMember });
  const outWin = new NewCounterpartyWindow({ ...common, primary: outs, opposite: ins, counterparty: receiver, oppositeCounterparty: sender, member: outMember });
  const collector = new EpisodeCollector();
  const high = 1 / p.minPassThrough;

  const alike = (txs: readonly number[]): boolean => alikeAmounts(graph, txs, p);

  const start = graph.firstAtOrAfter(outs, scope.since);
  const stop = graph.lastAtOrBefore(outs, scope.until);
  for (let i = start; i < stop; i++) {
    const e = outs[i]!;
    if (!outMember(e)) continue;
    const from = graph.time(e) - windowMs;
    // the latest payment out goes to a new recipient: tested before the windows move
    if (!pairs.isNew(hub, receiver(e), from)) continue;
    outWin.slideTo(i + 1, from);
    if (outWin.fresh < p.minDestinations || !outWin.isFresh(receiver(e))) continue;
    inWin.slideTo(positionAfter(graph, ins, e), from);
    if (inWin.fresh < p.minSources || inWin.freshSum < p.minTotal) continue;
    if (inWin.fresh / inWin.counterparties < p.minNewShare || outWin.fresh / outWin.counterparties < p.minNewShare) continue;
    // the gather is the payments in from new senders, the scatter the payments out to new
    // recipients after the gather began. When every one of those payments out came after the
    // gather began and they are alike, the running figures say it all; otherwise the window is
    // read and the scatter narrowed to the payments of about this one's amount (a hub pays its
    // share-outs alike, and a stray bill paid in the same days should not spoil the sums)
    const firstIn = inWin.firstFreshTime();
    let gathers: number[] | undefined;
    let scatters: number[] | undefined;
    let figures: { sourcesN: number; destinations: number; gathered: number; scattered: number; alike: boolean };
    if (outWin.firstFreshTime() >= firstIn && outWin.cv() <= p.maxAmountCv) {
      figures = { sourcesN: inWin.fresh, destinations: outWin.fresh, gathered: inWin.freshSum, scattered: outWin.freshSum, alike: true };
    } else {
      gathers = inWin.freshMembers();
      scatters = outWin.freshMembers(firstIn);
      const amountE = graph.amount(e);
      const around = scatters.filter((t) => Math.abs(graph.amount(t) - amountE) <= p.alikeBand * Math.min(graph.amount(t), amountE));
      const scatterAlike = around.length >= p.minDestinations || (scatters.length > 0 && alike(scatters));
      if (around.length >= p.minDestinations) scatters = around;
      figures = {
        sourcesN: new Set(gathers.map(sender)).size, destinations: new Set(scatters.map(receiver)).size,
        gathered: sumOf(graph, gathers), scattered: sumOf(graph, scatters), alike: scatterAlike,
      };
    }
    const { sourcesN, destinations, gathered, scattered } = figures;
    if (sourcesN < p.minSources || destinations < p.minDestinations) continue;
    const ratio = scattered / gathered;
    if (ratio < p.minPassThrough || ratio > high) continue;
    if (!figures.alike && !alike(gathers!)) continue;
    const snapshot = {
      inLo: inWin.lo, inEnd: inWin.hi, inStart: inWin.windowStart, outLo: outWin.lo, outEnd: outWin.hi, outStart: outWin.windowStart,
    };
    const counts = { sourcesN, destinations, gathered, scattered, ratio, nearIn: inWin.freshNear };
    const last = graph.time(e);
    const kept = { gathers, scatters };
    const candidate: Candidate = {
      first: firstIn,
      last,
      build: () => {
        const gathered = kept.gathers ?? inWin.freshMembersOf(snapshot.inLo, snapshot.inEnd, snapshot.inStart);
        const scattered = kept.scatters ?? outWin.freshMembersOf(snapshot.outLo, snapshot.outEnd, snapshot.outStart);
        const txs = inTimeOrder(graph, [...gathered, ...scattered]);
        const span = last - firstIn;
        const score = (strength(Math.min(counts.sourcesN, counts.destinations), Math.min(p.minSources, p.minDestinations), p.strongCounterparties)
          + strength(Math.min(counts.ratio, 1 / counts.ratio), p.minPassThrough, 1)
          + strength(windowMs - span, 0, windowMs)) / 3;
        const nearText = counts.nearIn > 0
          ? `; ${counts.nearIn} of the payments in were just below the ${formatMoney(threshold, currency)} reporting threshold`
          : '';
        return {
          detector: id,
          node: hub,
          score,
          transactions: txs,
          reason: `${counts.sourcesN} new senders paid ${formatMoney(counts.gathered, currency)} into the account and it paid `
            + `${formatMoney(counts.scattered, currency)} (${percent(counts.ratio)}) on to ${counts.destinations} new recipients `
            + `${withinText(span)}${nearText}.`,
          facts: {
            sources: counts.sourcesN,
            destinations: counts.destinations,
            gathered: Number(counts.gathered.toFixed(2)),
            scattered: Number(counts.scattered.toFixed(2)),
            passThrough: Number(counts.ratio.toFixed(3)),
            spanHours: Number((span / HOUR_MS).toFixed(1)),
          },
        };
      },
    };
    collector.offer('', candidate);
  }
  return collector.findings();
}

/**
 * Gather-scatter: at least `minSources` new senders pay one hub, and after the first of them it pays
 * `minPassThrough`..1/`minPassThrough` of what they brought on to at least `minDestinations` new
 * recipients, all within `windowHours`, the payments out (or else the payments in) alike (a
 * coefficient of variation at most `maxAmountCv`, or `minAlikeShare` of them within one
 * `alikeBand`). Payments out of unlike amounts are narrowed to those near the latest one's amount,
 * so that a bill paid in the same days does not spoil the sums. Anchor: the hub.
 *
 * Cost: a call reads the hub's transactions in scope once; each side's window holds at most
 * `maxWindowTransactions` transactions and keeps its figures as it slides, so a payment out costs
 * a constant amount when those figures decide it (alike payments out, all after the gather began)
 * and one read of the two windows otherwise, plus the transactions of each finding.
 */
export const gatherScatter: Detector<GatherScatterParams> = {
  id: 'gather-scatter',
  title: 'Gather-scatter: many senders into a hub, paid on to many recipients',
  description:
    'Several parties with no earlier relationship pay one account, which passes close to the same amount on to several other new '
    + 'parties within days: a mule hub. A business keeps most of its takings and pays suppliers it has paid before, so it does not fire.',
  sources: ['AMLSim gather_scatter', 'IBM AMLworld gather-scatter (Altman et al. 2023)'],
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: GS_DEFAULTS,
  detect: detectGatherScatter,
};
