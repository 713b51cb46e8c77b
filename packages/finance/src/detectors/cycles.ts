/**
 * Cycles: money that goes round a ring of accounts and comes back to where it started within
 * days, each hop a little less than the one before (AMLSim / IBM AMLworld "cycle"). Round-
 * tripping makes funds look like income from a third party; a ring of new relationships closed
 * in days, with amounts that barely shrink, is what separates it from the slow circulation of
 * money among friends.
 *
 * Most of the ring's account pairs must trade with each other nowhere else in the data
 * (`minNewPairShare`; before the ring or after it, see `tradedOutside`): friends passing money
 * round do so along lasting relationships.
 *
 * Anchor: the sender of the cycle's closing (latest) transaction. A call looks at that node's
 * outgoing transactions in scope and, for each, searches backwards for a temporal path from the
 * payee to the payer: every hop earlier than the next (in time, then arrival order), the whole
 * cycle inside `windowHours`, each hop's amount between `minHopRatio` and `maxHopRatio` of the
 * previous hop's. The search is a depth-first walk bounded by `maxLength`, by the window, by
 * `maxWindowDegree` (a party with more incoming transactions than that in the window is a hub,
 * not a ring member, and is not walked through), and by work budgets: `maxSearchWork` list
 * entries for the walk from one closing transaction and as many again for the relationship
 * checks of the rings it found, and `maxCallWork` per call. A call therefore costs what the
 * window holds, never what a hub's history holds; once the call budget is spent the call stops
 * and returns what it found.
 */
import type { Detector, DetectorParams, DetectScope, Finding } from '../detector.ts';
import { formatDuration, formatMoney, inTimeOrder } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import type { TxKind } from '../types.ts';
import {
  beyond, checkedOnce, checkRange, endBefore, hasKind, HOUR_MS, kindMask, marginScore, newPairShare, percent, scopePositions, WorkBudget, type KindMask,
} from './chain-search.ts';

export interface CycleParams extends DetectorParams {
  /** fewest hops (2 would flag every loan repaid in full within the window) */
  readonly minLength: number;
  readonly maxLength: number;
  /** the whole cycle, first hop to closing hop */
  readonly windowHours: number;
  /** each hop's amount divided by the previous hop's lies in [minHopRatio, maxHopRatio] */
  readonly minHopRatio: number;
  readonly maxHopRatio: number;
  /** the closing amount as a share of the first hop's */
  readonly minReturnedShare: number;
  /** share of the ring's party pairs that trade with each other nowhere outside the cycle (see `tradedOutside`) */
  readonly minNewPairShare: number;
  /** hops below this amount (base currency) are ignored */
  readonly minAmount: number;
  /** the kinds a hop may be */
  readonly kinds: readonly TxKind[];
  readonly maxWindowDegree: number;
  readonly maxSearchWork: number;
  readonly maxCallWork: number;
}

const ID = 'cycle';
/** candidate cycles kept per closing transaction before the best is chosen */
const MAX_CANDIDATES = 4;

interface Cycle {
  /** hops in time order, the closing hop last */
  readonly hops: readonly number[];
  readonly returnedShare: number;
  readonly spanMs: number;
  readonly freshPairs: number;
  readonly pairs: number;
  readonly score: number;
}

interface Search {
  readonly graph: TransactionGraph;
  readonly params: CycleParams;
  readonly kinds: KindMask;
  readonly budget: WorkBudget;
  /** the closing transaction's payee: the node the walk must reach */
  readonly target: number;
  readonly start: number;
  /** nodes on the current path (the anchor first) */
  readonly path: number[];
  /** hops on the current path, latest first */
  readonly hops: number[];
  readonly found: (readonly number[])[];
}

function isHop(graph: TransactionGraph, t: number, search: { kinds: KindMask; params: CycleParams }): boolean {
  const from = graph.from(t);
  const to = graph.to(t);
  return from !== to && hasKind(search.kinds, graph.kind(t)) && graph.amount(t) >= search.params.minAmount
    && !graph.isPseudo(from) && !graph.isPseudo(to);
}

/** walks backwards from `node`, whose next hop on the path is `next` */
function walk(search: Search, node: number, next: number): void {
  const { graph, params } = search;
  const list = graph.incoming(node);
  const lo = graph.firstAtOrAfter(list, search.start);
  const hi = endBefore(graph, list, next);
  if (hi - lo > params.maxWindowDegree) return;
  const nextAmount = graph.amount(next);
  for (let k = hi - 1; k >= lo; k--) {
    if (!search.budget.spend() || search.found.length >= MAX_CANDIDATES) return;
    const hop = list[k]!;
    if (!isHop(graph, hop, search)) continue;
    const ratio = nextAmount / graph.amount(hop);
    if (ratio < params.minHopRatio || ratio > params.maxHopRatio) continue;
    const sender = graph.from(hop);
    const length = search.hops.length + 1;
    if (sender === search.target) {
      if (length >= params.minLength) search.found.push([hop, ...search.hops]);
      continue;
    }
    if (length >= params.maxLength || search.path.includes(sender)) continue;
    search.path.push(sender);
    search.hops.unshift(hop);
    walk(search, sender, hop);
    search.hops.shift();
    search.path.pop();
  }
}

function assess(graph: TransactionGraph, hops: readonly number[], params: CycleParams, budget: WorkBudget): Cycle | null {
  const first = hops[0]!;
  const last = hops[hops.length - 1]!;
  const returnedShare = graph.amount(last) / graph.amount(first);
  if (returnedShare < params.minReturnedShare) return null;
  const { pairs, fresh } = newPairShare(graph, hops, { from: graph.time(first), to: graph.time(last) }, budget);
  if (budget.exhausted || pairs === 0 || fresh / pairs < params.minNewPairShare) return null;
  const spanMs = graph.time(last) - graph.time(first);
  const windowMs = params.windowHours * HOUR_MS;
  // past the thresholds: stronger with more fresh pairs, a tighter ring in time and more money back
  const score = marginScore([
    beyond(fresh / pairs, params.minNewPairShare, 1),
    1 - spanMs / windowMs,
    beyond(Math.min(1, returnedShare), params.minReturnedShare, 1),
  ]);
  return { hops, returnedShare, spanMs, freshPairs: fresh, pairs, score };
}

function better(a: Cycle, b: Cycle): boolean {
  return a.score > b.score || (a.score === b.score && a.spanMs < b.spanMs);
}

function closingCycle(graph: TransactionGraph, closing: number, params: CycleParams, context: { kinds: KindMask; budget: WorkBudget }): Cycle | null {
  if (!isHop(graph, closing, { kinds: context.kinds, params })) return null;
  const payer = graph.from(closing);
  const payee = graph.to(closing);
  const start = graph.time(closing) - params.windowHours * HOUR_MS;
  // cheap refusal: a ring needs the payee to have paid someone inside the window
  const payeeOut = graph.outgoing(payee);
  if (graph.firstAtOrAfter(payeeOut, start) >= endBefore(graph, payeeOut, closing)) return null;
  const search: Search = {
    graph, params, kinds: context.kinds, budget: context.budget.child(params.maxSearchWork),
    target: payee, start, path: [payer], hops: [closing], found: [],
  };
  walk(search, payer, closing);
  // the relationship checks get an allowance of their own, so a long walk still leaves room to judge what it found
  const judging = context.budget.child(params.maxSearchWork);
  let best: Cycle | null = null;
  for (const hops of search.found) {
    const cycle = assess(graph, hops, params, judging);
    if (cycle && (!best || better(cycle, best))) best = cycle;
  }
  return best;
}

function finding(graph: TransactionGraph, node: number, cycle: Cycle): Finding {
  const { hops } = cycle;
  const currency = graph.currency.base;
  const first = graph.amount(hops[0]!);
  const last = graph.amount(hops[hops.length - 1]!);
  return {
    detector: ID,
    node,
    score: cycle.score,
    transactions: inTimeOrder(graph, hops),
    reason: `Funds went round ${hops.length} accounts and back in ${formatDuration(cycle.spanMs)}, `
      + `${percent(cycle.returnedShare)} of the first amount returned (${formatMoney(last, currency)} of ${formatMoney(first, currency)}); `
      + `${cycle.freshPairs} of ${cycle.pairs} account pairs trade with each other only within this ring.`,
    facts: {
      length: hops.length, hours: Number((cycle.spanMs / HOUR_MS).toFixed(2)), firstAmount: first, closingAmount: last,
      returnedShare: Number(cycle.returnedShare.toFixed(4)), newPairs: cycle.freshPairs, pairs: cycle.pairs,
    },
  };
}

const CHECKED = new WeakMap<CycleParams, KindMask>();

function checkParams(p: CycleParams): KindMask {
  checkRange(ID, 'minLength', p.minLength, [2, 12]);
  checkRange(ID, 'maxLength', p.maxLength, [p.minLength, 12]);
  checkRange(ID, 'windowHours', p.windowHours, [1, 24 * 366]);
  checkRange(ID, 'minHopRatio', p.minHopRatio, [0, 1]);
  checkRange(ID, 'maxHopRatio', p.maxHopRatio, [p.minHopRatio, 10]);
  checkRange(ID, 'minReturnedShare', p.minReturnedShare, [0, 1]);
  checkRange(ID, 'minNewPairShare', p.minNewPairShare, [0, 1]);
  checkRange(ID, 'minAmount', p.minAmount, [0, Number.MAX_VALUE]);
  checkRange(ID, 'maxWindowDegree', p.maxWindowDegree, [1, 1e6]);
  checkRange(ID, 'maxSearchWork', p.maxSearchWork, [1, 1e9]);
  checkRange(ID, 'maxCallWork', p.maxCallWork, [1, 1e10]);
  return kindMask(ID, 'kinds', p.kinds);
}

export const cycles: Detector<CycleParams> = {
  id: ID,
  title: 'Cycle (round-tripping)',
  description: 'Funds that leave an account and come back to it through 2 to 9 other accounts within days, '
    + 'each hop forwarding most of the previous one, mostly between accounts that deal with each other nowhere else. '
    + 'Anchored at the sender of the closing transaction; searched backwards from it with a depth-, window- and work-bounded walk.',
  sources: ['AMLSim cycle', 'IBM AMLworld simple cycle (Altman et al. 2023)', 'FATF-APG 2018 Financial Flows from Human Trafficking'],
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: {
    minLength: 3,
    maxLength: 10,
    windowHours: 240,
    minHopRatio: 0.7,
    maxHopRatio: 1.05,
    minReturnedShare: 0.5,
    minNewPairShare: 0.5,
    minAmount: 100,
    kinds: ['transfer', 'wire', 'crypto', 'msb', 'cheque', 'other'],
    maxWindowDegree: 200,
    maxSearchWork: 5_000,
    maxCallWork: 2_000_000,
  },
  detect(graph: TransactionGraph, node: number, params: CycleParams, scope: DetectScope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kinds = checkedOnce(CHECKED, params, checkParams);
    const budget = new WorkBudget(params.maxCallWork);
    const list = graph.outgoing(node);
    const { lo, hi } = scopePositions(graph, list, scope);
    const out: Finding[] = [];
    for (let p = lo; p < hi && !budget.exhausted; p++) {
      const cycle = closingCycle(graph, list[p]!, params, { kinds, budget });
      if (cycle) out.push(finding(graph, node, cycle));
    }
    return out;
  },
};
