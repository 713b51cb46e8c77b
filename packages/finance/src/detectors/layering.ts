/**
 * Layering chains and stacks: money hopping through a line of intermediaries, each passing on
 * most of what it just received (minus a small cut) within hours, to parties it has no other
 * dealings with (AMLSim / IBM AMLworld "random" and "stack"). Each hop puts one more account
 * between the money and its origin; the speed, the forwarding and the one-off relationships are
 * what set it apart from a bill forwarded along lasting family ties.
 *
 * The rule for one hop: intermediary X's outgoing hop `e` continues X's incoming hop `g` when
 * `g` came in at most `maxHopHours` before `e`, `e` carries between `minForward` and
 * `maxForward` of `g` (amounts shrink a little each hop; the upper bound leaves room for
 * rounding), and X passes on at least `minForward` of all it received in those hours (one
 * matching payment among many that X keeps is not forwarding). Money is also pooled and split:
 * when X received something within `maxHopHours` of `e` and X's outflow from its first inflow
 * of the last `poolHours` to `maxHopHours` after `e` is between `minForward` and `maxForward`
 * of those inflows, `e` also continues each of them that came from a party X has no other
 * dealings with (a sum is weaker evidence than a matching amount, so it needs the one-off
 * relationship); when X's outflow runs over, only what went to such parties counts (an
 * established customer used as a mule still pays its own bills).
 *
 * A finding is a structure: the hops joined to one another by continuing or being continued, or
 * by sharing a sender or a receiver with such a hop within `windowHours` (the origins of a stack
 * feed several intermediaries, which feed several receivers), all inside `windowHours` of its
 * latest hop. Its final hops are those nobody continues (where chains end). It is reported when
 * its longest chain has `minHops` hops (a layering chain, or the AMLSim random walk, which may
 * revisit accounts), or when it is a stack: two hops deep with at least `minStackWidth` origins,
 * last intermediaries and final receivers (a dense layer feeding a dense layer; one source or one
 * sink is scatter-gather or gather-scatter, left to the fan detectors); and only when at least
 * `minForward`^(levels - 1) of the money entering it reaches its final hops and at least
 * `minNewPairShare` of its account pairs trade with each other nowhere outside it (before or
 * after, see `tradedOutside`). Parallel chains into one account are one finding, and so is a
 * whole stack.
 *
 * Anchor: the receiver of the structure's latest hop (always a final hop). A call looks at the
 * node's incoming hops in scope; for each final hop it gathers the structure (stopping as soon
 * as it meets a later hop: that hop's anchor reports the structure), then walks the chains back
 * from the final hops level by level. Cost: each node read is a window of `poolHours` (or
 * `windowHours` for shared senders and receivers); a node with more than `maxWindowDegree`
 * transactions in such a window is a hub and is not walked through; a structure may read
 * `maxSearchWork` list entries and a call `maxCallWork`, after which the call returns what it
 * found; a finding holds at most `maxStructureTransactions` transactions.
 */
import type { Detector, DetectorParams, DetectScope, Finding } from '../detector.ts';
import { formatDuration, formatMoney, inTimeOrder } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import type { TxKind } from '../types.ts';
import {
  beyond, checkedOnce, checkRange, endBefore, endThrough, hasKind, HOUR_MS, isBefore, kindMask, marginScore, newPairShare, percent, plural,
  positions, scopePositions, totalAmount, tradedOutside, WorkBudget, type KindMask, type Span,
} from './chain-search.ts';

export interface LayeringParams extends DetectorParams {
  /** hops in the longest chain for a layering chain */
  readonly minHops: number;
  /** levels walked back from the final hops */
  readonly maxHops: number;
  /** longest an intermediary holds the money (from its latest inflow) */
  readonly maxHopHours: number;
  /** how far back the inflows an intermediary pools may reach */
  readonly poolHours: number;
  /** the whole structure, first hop to last */
  readonly windowHours: number;
  /** what a hop carries as a share of what came in */
  readonly minForward: number;
  readonly maxForward: number;
  /** origins, intermediaries and final receivers a two-hop stack needs */
  readonly minStackWidth: number;
  /** share of the structure's party pairs that trade with each other nowhere outside it */
  readonly minNewPairShare: number;
  /** hops below this amount (base currency) are ignored */
  readonly minAmount: number;
  readonly kinds: readonly TxKind[];
  readonly maxWindowDegree: number;
  /** transactions one structure (one finding) gathers at most */
  readonly maxStructureTransactions: number;
  readonly maxSearchWork: number;
  readonly maxCallWork: number;
}

const ID = 'layering';

interface Call {
  readonly graph: TransactionGraph;
  readonly params: LayeringParams;
  readonly kinds: KindMask;
  readonly hopMs: number;
  readonly poolMs: number;
  readonly windowMs: number;
  readonly budget: WorkBudget;
  /** the hops each hop continues (memoised for the call: stacks share their upstream) */
  readonly preds: Map<number, readonly number[]>;
  /** the hops that continue each hop */
  readonly succs: Map<number, readonly number[]>;
}

interface Structure {
  readonly finals: readonly number[];
  /** level 0 is the final hops, level k the hops k steps upstream */
  readonly levels: readonly (readonly number[])[];
  readonly txs: readonly number[];
}

function isHop(call: Call, t: number): boolean {
  const { graph } = call;
  const from = graph.from(t);
  const to = graph.to(t);
  return from !== to && hasKind(call.kinds, graph.kind(t)) && graph.amount(t) >= call.params.minAmount
    && !graph.isPseudo(from) && !graph.isPseudo(to);
}

/** the incoming hops of `e`'s sender that `e` continues (see the module comment) */
function predecessors(call: Call, e: number, budget: WorkBudget): readonly number[] {
  const memo = call.preds.get(e);
  if (memo) return memo;
  const result = findPredecessors(call, e, budget);
  // an answer cut short by a spent budget is not remembered: the next search, with its own budget, asks again
  if (!budget.exhausted) call.preds.set(e, result);
  return result;
}

function findPredecessors(call: Call, e: number, budget: WorkBudget): readonly number[] {
  const { graph, params } = call;
  const x = graph.from(e);
  const t = graph.time(e);
  const inc = graph.incoming(x);
  const lo = graph.firstAtOrAfter(inc, t - call.poolMs);
  const recentLo = graph.firstAtOrAfter(inc, t - call.hopMs);
  const hi = endBefore(graph, inc, e);
  if (hi - lo > params.maxWindowDegree || !budget.spend(hi - recentLo)) return [];
  const amount = graph.amount(e);
  const matching: number[] = [];
  const recent: number[] = [];
  let recentIn = 0;
  for (let k = recentLo; k < hi; k++) {
    const g = inc[k]!;
    if (!isHop(call, g)) continue;
    recent.push(g);
    recentIn += graph.amount(g);
    const ratio = amount / graph.amount(g);
    if (ratio >= params.minForward && ratio <= params.maxForward) matching.push(g);
  }
  // money leaves an intermediary soon after it arrives: nothing came in within a hop window, no chain
  if (recentIn === 0) return [];
  const firstRecent = graph.time(recent[0]!);
  const pool: number[] = [];
  if (!budget.spend(recentLo - lo)) return [];
  for (let k = lo; k < recentLo; k++) if (isHop(call, inc[k]!)) pool.push(inc[k]!);
  pool.push(...recent);
  const out = graph.outgoing(x);
  const range = positions(graph, out, graph.time(pool[0]!), t + call.hopMs);
  if (range.hi - range.lo > params.maxWindowDegree || !budget.spend(range.hi - range.lo)) return [];
  let outflow = 0;
  let recentOut = 0;
  for (let k = range.lo; k < range.hi; k++) {
    const o = out[k]!;
    if (!isHop(call, o)) continue;
    outflow += graph.amount(o);
    if (graph.time(o) >= firstRecent) recentOut += graph.amount(o);
  }
  const joined = new Set<number>();
  // a matching amount is a predecessor only when the intermediary passes on most of what it just
  // received, not when it forwards one of many payments it keeps
  if (recentOut >= params.minForward * recentIn) for (const g of matching) joined.add(g);
  // pooled or split: the pool's inflow against the outflow that follows it
  const inflow = totalAmount(graph, pool);
  const poolStart = graph.time(pool[0]!);
  let share = outflow / inflow;
  // an intermediary that is also someone's customer pays its own bills beside the money it passes
  // on: when the outflow runs over, count only what went to parties it has no other dealings with
  if (share > params.maxForward) share = outflowToNewPayees(call, { x, range, span: { from: poolStart, to: t + call.hopMs } }, budget) / inflow;
  if (amount <= inflow * params.maxForward && share >= params.minForward && share <= params.maxForward) {
    // a pooled inflow joins only from a party the intermediary has no other dealings with: a sum is
    // weaker evidence than a matching amount, so it needs the strong evidence of a one-off relationship
    for (const g of pool) if (!joined.has(g) && !tradedOutside(graph, [graph.from(g), x], { from: poolStart, to: t + call.hopMs }, budget)) joined.add(g);
  }
  return [...joined];
}

function outflowToNewPayees(call: Call, at: { x: number; range: { lo: number; hi: number }; span: Span }, budget: WorkBudget): number {
  const { graph } = call;
  const out = graph.outgoing(at.x);
  let outflow = 0;
  for (let k = at.range.lo; k < at.range.hi; k++) {
    const o = out[k]!;
    if (isHop(call, o) && !tradedOutside(graph, [at.x, graph.to(o)], at.span, budget)) outflow += graph.amount(o);
  }
  return outflow;
}

/** the later hops of `h`'s receiver that continue `h` (none: `h` is a final hop, where a chain ends) */
function successors(call: Call, h: number, budget: WorkBudget): readonly number[] {
  const memo = call.succs.get(h);
  if (memo) return memo;
  const { graph } = call;
  const out = graph.outgoing(graph.to(h));
  const lo = endThrough(graph, out, h);
  const hi = graph.lastAtOrBefore(out, graph.time(h) + call.poolMs);
  const result: number[] = [];
  if (hi - lo <= call.params.maxWindowDegree && budget.spend(Math.max(0, hi - lo))) {
    for (let k = lo; k < hi; k++) {
      const e = out[k]!;
      if (isHop(call, e) && predecessors(call, e, budget).includes(h)) result.push(e);
    }
  }
  if (!budget.exhausted) call.succs.set(h, result);
  return result;
}

function isFinalHop(call: Call, h: number, budget: WorkBudget): boolean {
  return isHop(call, h) && predecessors(call, h, budget).length > 0 && successors(call, h, budget).length === 0;
}

/** a hop some chain runs through: it continues a hop or is continued */
function isLinked(call: Call, e: number, budget: WorkBudget): boolean {
  return isHop(call, e) && (predecessors(call, e, budget).length > 0 || successors(call, e, budget).length > 0);
}

/** hops sharing a receiver or a sender with `e` within the structure window */
function* siblings(call: Call, e: number, budget: WorkBudget): Generator<number> {
  const { graph } = call;
  const from = graph.time(e) - call.windowMs;
  const to = graph.time(e) + call.windowMs;
  for (const list of [graph.incoming(graph.to(e)), graph.outgoing(graph.from(e))]) {
    const { lo, hi } = positions(graph, list, from, to);
    if (hi - lo > call.params.maxWindowDegree || !budget.spend(hi - lo)) continue;
    for (let k = lo; k < hi; k++) if (list[k] !== e) yield list[k]!;
  }
}

/**
 * The structure final hop `h` belongs to: the hops joined to it by continuing or being continued,
 * or by sharing a sender or a receiver with a hop of it (the origins and receivers of a stack),
 * back to `since`. Null when the structure holds a hop later than `h`: the call anchored at its
 * latest final hop reports it.
 */
function component(call: Call, h: number, since: number, budget: WorkBudget): number[] | null {
  const { graph, params } = call;
  const members = [h];
  const seen = new Set(members);
  let later = false;
  const visit = (g: number): void => {
    if (seen.has(g)) return;
    seen.add(g);
    if (graph.time(g) < since) return;
    if (isBefore(graph, h, g)) later = true;
    else members.push(g);
  };
  for (let i = 0; i < members.length && members.length < params.maxStructureTransactions && !budget.exhausted; i++) {
    const e = members[i]!;
    for (const g of predecessors(call, e, budget)) visit(g);
    for (const g of successors(call, e, budget)) visit(g);
    for (const g of siblings(call, e, budget)) if (!seen.has(g) && isLinked(call, g, budget)) visit(g);
    if (later) return null;
  }
  return members;
}

/** the chains into the final layer, level by level (a hop may sit on several levels: chains differ in length) */
function walkBack(call: Call, finals: readonly number[], since: number, budget: WorkBudget): Structure {
  const { graph, params } = call;
  const levels: number[][] = [[...finals]];
  const all = new Set(finals);
  while (levels.length < params.maxHops && all.size < params.maxStructureTransactions && !budget.exhausted) {
    const next = new Set<number>();
    for (const e of levels[levels.length - 1]!) {
      for (const g of predecessors(call, e, budget)) if (graph.time(g) >= since) next.add(g);
    }
    if (next.size === 0) break;
    const level = [...next].slice(0, params.maxStructureTransactions - all.size);
    for (const g of level) all.add(g);
    levels.push(level);
  }
  return { finals, levels, txs: inTimeOrder(graph, all) };
}

function distinct(values: Iterable<number>): Set<number> {
  return new Set(values);
}

function assess(call: Call, node: number, s: Structure): Finding | null {
  const { graph, params } = call;
  const depth = s.levels.length;
  const receivers = distinct(s.finals.map((t) => graph.to(t)));
  const lastSenders = distinct(s.finals.map((t) => graph.from(t)));
  const firstSenders = distinct((s.levels[1] ?? []).map((t) => graph.from(t)));
  const width = Math.min(receivers.size, lastSenders.size, firstSenders.size);
  const chain = depth >= params.minHops;
  const stack = depth >= 2 && width >= params.minStackWidth;
  if (!chain && !stack) return null;
  const firstTime = graph.time(s.txs[0]!);
  const { pairs, fresh } = newPairShare(graph, s.txs, { from: firstTime, to: graph.time(s.txs[s.txs.length - 1]!) });
  if (pairs === 0 || fresh / pairs < params.minNewPairShare) return null;

  const inTree = new Set(s.txs);
  // money in: hops with no predecessor inside the structure; money out: the final hops
  const sources = s.txs.filter((t) => !predecessors(call, t, call.budget).some((g) => inTree.has(g)));
  const amountIn = totalAmount(graph, sources);
  const amountOut = totalAmount(graph, s.finals);
  // each intermediary passes on at least minForward, so at least minForward^(levels-1) of what
  // entered reaches the final hops; far less means the pieces belong to different flows
  if (amountOut < amountIn * params.minForward ** (depth - 1)) return null;
  const spanMs = graph.time(s.txs[s.txs.length - 1]!) - firstTime;
  const senders = distinct(s.txs.map((t) => graph.from(t)));
  const intermediaries = [...distinct(s.txs.map((t) => graph.to(t)))].filter((n) => senders.has(n)).length;
  const origins = [...senders].filter((n) => !s.txs.some((t) => graph.to(t) === n)).length;
  const currency = graph.currency.base;
  const forwarded = amountOut / amountIn;
  const shape = chain
    ? `${s.finals.length > 1 ? `along ${plural(s.finals.length, 'parallel chain')} (the longest ${plural(depth, 'hop')})` : `along a chain of ${plural(depth, 'hop')}`}`
      + ` through ${plural(intermediaries, 'intermediary', 'intermediaries')}`
    : `through stacked layers (${plural(firstSenders.size, 'origin account')} → `
      + `${plural(lastSenders.size, 'intermediary', 'intermediaries')} → ${plural(receivers.size, 'receiver')})`;
  const score = marginScore([
    chain ? beyond(depth, params.minHops - 1, params.maxHops) : beyond(width, params.minStackWidth - 1, params.minStackWidth + 3),
    beyond(fresh / pairs, params.minNewPairShare, 1),
    1 - spanMs / (params.windowHours * HOUR_MS),
  ]);
  return {
    detector: ID,
    node,
    score,
    transactions: s.txs,
    reason: `Funds moved ${shape} in ${formatDuration(spanMs)}, `
      + `each passing on at least ${percent(params.minForward)} of what it received within ${formatDuration(call.hopMs)}; `
      + `${formatMoney(amountOut, currency)} of ${formatMoney(amountIn, currency)} (${percent(forwarded)}) reached the ${s.finals.length > 1 ? 'final hops' : 'last hop'}; `
      + `${fresh} of ${pairs} account pairs trade with each other only within this pattern.`,
    facts: {
      shape: chain ? 'chain' : 'stack', hops: depth, finalHops: s.finals.length, transactions: s.txs.length, origins, intermediaries,
      receivers: receivers.size, hours: Number((spanMs / HOUR_MS).toFixed(2)), amountIn, amountOut,
      forwardedShare: Number(forwarded.toFixed(4)), newPairs: fresh, pairs,
    },
  };
}

const CHECKED = new WeakMap<LayeringParams, KindMask>();

function checkParams(p: LayeringParams): KindMask {
  checkRange(ID, 'minHops', p.minHops, [2, 32]);
  checkRange(ID, 'maxHops', p.maxHops, [p.minHops, 32]);
  checkRange(ID, 'maxHopHours', p.maxHopHours, [0.01, 24 * 366]);
  checkRange(ID, 'poolHours', p.poolHours, [p.maxHopHours, 24 * 366]);
  checkRange(ID, 'windowHours', p.windowHours, [p.maxHopHours, 24 * 366]);
  checkRange(ID, 'minForward', p.minForward, [0, 1]);
  checkRange(ID, 'maxForward', p.maxForward, [p.minForward, 10]);
  checkRange(ID, 'minStackWidth', p.minStackWidth, [2, 1000]);
  checkRange(ID, 'minNewPairShare', p.minNewPairShare, [0, 1]);
  checkRange(ID, 'minAmount', p.minAmount, [0, Number.MAX_VALUE]);
  checkRange(ID, 'maxWindowDegree', p.maxWindowDegree, [1, 1e6]);
  checkRange(ID, 'maxStructureTransactions', p.maxStructureTransactions, [2, 1e6]);
  checkRange(ID, 'maxSearchWork', p.maxSearchWork, [1, 1e9]);
  checkRange(ID, 'maxCallWork', p.maxCallWork, [1, 1e10]);
  return kindMask(ID, 'kinds', p.kinds);
}

export const layeringChain: Detector<LayeringParams> = {
  id: ID,
  title: 'Layering chain or stack',
  description: 'Money passed along a chain of at least 3 hops, or through stacked layers of accounts, each intermediary '
    + 'forwarding most of what it just received within hours to parties it has no other dealings with. '
    + 'Parallel chains ending in one account are one finding, anchored at the receiver of the latest final hop.',
  sources: ['AMLSim stack', 'AMLSim random', 'IBM AMLworld stack and random (Altman et al. 2023)', 'FATF-APG 2018 Financial Flows from Human Trafficking'],
  requires: ['TX'],
  anchorSide: 'payee',
  defaults: {
    minHops: 3,
    maxHops: 12,
    maxHopHours: 72,
    poolHours: 168,
    windowHours: 240,
    minForward: 0.8,
    maxForward: 1.02,
    minStackWidth: 2,
    minNewPairShare: 0.5,
    minAmount: 100,
    kinds: ['transfer', 'wire', 'crypto', 'msb', 'cheque', 'other'],
    maxWindowDegree: 200,
    maxStructureTransactions: 500,
    maxSearchWork: 20_000,
    maxCallWork: 2_000_000,
  },
  detect(graph: TransactionGraph, node: number, params: LayeringParams, scope: DetectScope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kinds = checkedOnce(CHECKED, params, checkParams);
    const call: Call = {
      graph, params, kinds, hopMs: params.maxHopHours * HOUR_MS, poolMs: params.poolHours * HOUR_MS,
      windowMs: params.windowHours * HOUR_MS, budget: new WorkBudget(params.maxCallWork),
      preds: new Map(), succs: new Map(),
    };
    const list = graph.incoming(node);
    const { lo, hi } = scopePositions(graph, list, scope);
    const out: Finding[] = [];
    for (let p = lo; p < hi && !call.budget.exhausted; p++) {
      const h = list[p]!;
      const budget = call.budget.child(params.maxSearchWork);
      if (!isFinalHop(call, h, budget)) continue;
      const since = graph.time(h) - call.windowMs;
      const members = component(call, h, since, budget);
      if (!members) continue;
      const finals = members.filter((e) => successors(call, e, budget).length === 0 && predecessors(call, e, budget).length > 0);
      const found = assess(call, node, walkBack(call, finals, since, budget));
      if (found) out.push(found);
    }
    return out;
  },
};
