/**
 * Rapid pass-through: an account that receives funds and sends nearly all of it on within hours,
 * to payees it has no other dealings with. A mule or funnel account holds nothing; a household spends
 * its salary on rent and bills to the same payees every month, and a merchant keeps most of its
 * turnover. So inflows are counted only of the kinds money is moved with (`inKinds`: not
 * salary, not card sales), outflows only to real parties (`outKinds`, no cash withdrawals), and
 * the outflow must go mostly to new payees.
 *
 * At an outflow `e` of node X: the inflows are X's `inKinds` transactions in the `windowHours`
 * before `e`; the outflows are X's `outKinds` payments from the first of those inflows up to
 * and including `e`. The pattern holds when outflow / inflow lies in
 * [`minPassRatio`, `maxPassRatio`] (a pass-through keeps a small cut; an account sending on more
 * than came in is spending its own balance), the inflow is at least `minAmount`, and at least
 * `minNewPayeeShare` of the outflow (by amount) goes to payees X has no transaction with
 * outside the burst (before it, or more than `windowHours` after it: a landlord paid again next
 * month is a regular payee, see `tradedOutside`). Overlapping qualifying outflows (a sum sent on in three payments)
 * are one run, reported once at its latest outflow.
 *
 * Anchor: the pass-through node, the sender of the outflow (the pattern's latest transaction).
 * Cost: a call reads, per outflow in scope, two windows of `windowHours` of the node's lists;
 * a window holding more than `maxWindowTx` transactions marks a busy account (a business, a
 * payment hub), which is not assessed there; a call reads at most `maxCallWork` list entries.
 */
import type { Detector, DetectorParams, DetectScope, Finding } from '../detector.ts';
import { formatDuration, formatMoney, inTimeOrder } from '../detector.ts';
import type { TransactionGraph } from '../tx-graph.ts';
import { CASH_ACCOUNT, type TxKind } from '../types.ts';
import {
  beyond, checkedOnce, checkRange, endBefore, endThrough, hasKind, HOUR_MS, kindMask, marginScore, percent, plural, runsEndingIn, scopePositions,
  totalAmount, tradedOutside, WorkBudget, type KindMask, type Span,
} from './chain-search.ts';

export interface PassThroughParams extends DetectorParams {
  readonly windowHours: number;
  /** outflow / inflow */
  readonly minPassRatio: number;
  readonly maxPassRatio: number;
  /** least inflow (base currency) worth an alert */
  readonly minAmount: number;
  /** share of the outflow (by amount) to payees the account has no other transactions with */
  readonly minNewPayeeShare: number;
  readonly inKinds: readonly TxKind[];
  readonly outKinds: readonly TxKind[];
  readonly maxWindowTx: number;
  readonly maxCallWork: number;
}

const ID = 'rapid-pass-through';
/** outflows one run keeps (the latest) */
const MAX_RUN = 32;

interface Burst {
  readonly inflows: readonly number[];
  readonly outflows: readonly number[];
}

interface Call {
  readonly graph: TransactionGraph;
  readonly node: number;
  readonly params: PassThroughParams;
  readonly inKinds: KindMask;
  readonly outKinds: KindMask;
  readonly windowMs: number;
  readonly budget: WorkBudget;
  /** the `@cash` node, or -1 */
  readonly cashNode: number;
}

function isOutflow(call: Call, t: number): boolean {
  const { graph } = call;
  const to = graph.to(t);
  return to !== call.node && hasKind(call.outKinds, graph.kind(t)) && !graph.isPseudo(to);
}

function isInflow(call: Call, t: number): boolean {
  const { graph } = call;
  const from = graph.from(t);
  if (from === call.node || !hasKind(call.inKinds, graph.kind(t))) return false;
  // cash comes from the cash pseudo-account; any other pseudo-party is not a source of funds
  return !graph.isPseudo(from) || from === call.cashNode;
}

/** the burst ending at outflow `e`, when it is a pass-through (see the module comment) */
function burstAt(call: Call, e: number): Burst | null {
  const { graph, params } = call;
  if (!isOutflow(call, e)) return null;
  const inc = graph.incoming(call.node);
  const lo = graph.firstAtOrAfter(inc, graph.time(e) - call.windowMs);
  const hi = endBefore(graph, inc, e);
  if (hi - lo > params.maxWindowTx || !call.budget.spend(hi - lo)) return null;
  const inflows: number[] = [];
  for (let k = lo; k < hi; k++) if (isInflow(call, inc[k]!)) inflows.push(inc[k]!);
  if (inflows.length === 0) return null;
  const inflow = totalAmount(graph, inflows);
  if (inflow < params.minAmount) return null;
  const out = graph.outgoing(call.node);
  const olo = graph.firstAtOrAfter(out, graph.time(inflows[0]!));
  const ohi = endThrough(graph, out, e);
  if (ohi - olo > params.maxWindowTx || !call.budget.spend(ohi - olo)) return null;
  const outflows: number[] = [];
  for (let k = olo; k < ohi; k++) if (isOutflow(call, out[k]!)) outflows.push(out[k]!);
  if (outflows.length === 0) return null;
  const ratio = totalAmount(graph, outflows) / inflow;
  if (ratio < params.minPassRatio || ratio > params.maxPassRatio) return null;
  // the span reaches a window past the outflow: paying the same party again soon is the same burst
  const { fresh, total } = newPayees(call, outflows, { from: graph.time(inflows[0]!), to: graph.time(e) + call.windowMs });
  if (fresh / total < params.minNewPayeeShare) return null;
  return { inflows, outflows };
}

/** the outflow's amount, and the part of it paid to payees with no transaction with the node outside `span` */
function newPayees(call: Call, outflows: readonly number[], span: Span): { fresh: number; total: number; payees: number; freshPayees: number } {
  const { graph } = call;
  const known = new Map<number, boolean>();
  let fresh = 0;
  let total = 0;
  for (const t of outflows) {
    const payee = graph.to(t);
    let isNew = known.get(payee);
    if (isNew === undefined) {
      isNew = !tradedOutside(graph, [call.node, payee], span);
      known.set(payee, isNew);
    }
    total += graph.amount(t);
    if (isNew) fresh += graph.amount(t);
  }
  const freshPayees = [...known.values()].filter(Boolean).length;
  return { fresh, total, payees: known.size, freshPayees };
}

function finding(call: Call, members: readonly Burst[]): Finding {
  const { graph, params } = call;
  const inflows = inTimeOrder(graph, members.flatMap((m) => m.inflows));
  const outflows = inTimeOrder(graph, members.flatMap((m) => m.outflows));
  const inflow = totalAmount(graph, inflows);
  const outflow = totalAmount(graph, outflows);
  const ratio = outflow / inflow;
  const start = graph.time(inflows[0]!);
  const spanMs = graph.time(outflows[outflows.length - 1]!) - start;
  const payees = newPayees(call, outflows, { from: start, to: graph.time(outflows[outflows.length - 1]!) + call.windowMs });
  const newShare = payees.fresh / payees.total;
  const currency = graph.currency.base;
  const score = marginScore([
    beyond(Math.min(ratio, 1), params.minPassRatio, 1),
    beyond(newShare, params.minNewPayeeShare, 1),
    1 - Math.min(1, spanMs / call.windowMs),
  ]);
  return {
    detector: ID,
    node: call.node,
    score,
    transactions: inTimeOrder(graph, [...inflows, ...outflows]),
    reason: `Received ${formatMoney(inflow, currency)} in ${plural(inflows.length, 'payment')} and sent ${formatMoney(outflow, currency)} `
      + `(${percent(ratio)}) on within ${formatDuration(spanMs)} in ${plural(outflows.length, 'payment')}; `
      + `${percent(newShare)} of it went to ${plural(payees.freshPayees, 'payee')} this account has no other transactions with.`,
    facts: {
      inflow, outflow, passRatio: Number(ratio.toFixed(4)), hours: Number((spanMs / HOUR_MS).toFixed(2)), inflows: inflows.length,
      outflows: outflows.length, payees: payees.payees, newPayees: payees.freshPayees, newPayeeShare: Number(newShare.toFixed(4)),
    },
  };
}

const CHECKED = new WeakMap<PassThroughParams, { inKinds: KindMask; outKinds: KindMask }>();

function checkParams(p: PassThroughParams): { inKinds: KindMask; outKinds: KindMask } {
  checkRange(ID, 'windowHours', p.windowHours, [0.01, 24 * 366]);
  checkRange(ID, 'minPassRatio', p.minPassRatio, [0, 10]);
  checkRange(ID, 'maxPassRatio', p.maxPassRatio, [p.minPassRatio, 10]);
  checkRange(ID, 'minAmount', p.minAmount, [0, Number.MAX_VALUE]);
  checkRange(ID, 'minNewPayeeShare', p.minNewPayeeShare, [0, 1]);
  checkRange(ID, 'maxWindowTx', p.maxWindowTx, [1, 1e6]);
  checkRange(ID, 'maxCallWork', p.maxCallWork, [1, 1e10]);
  return { inKinds: kindMask(ID, 'inKinds', p.inKinds), outKinds: kindMask(ID, 'outKinds', p.outKinds) };
}

export const rapidPassThrough: Detector<PassThroughParams> = {
  id: ID,
  title: 'Rapid pass-through',
  description: 'An account that sends on at least 90% of the funds it received within 24 hours, mostly to payees it has no other dealings with. '
    + 'Salary and card sales do not count as inflows, nor cash withdrawals as outflows, so wages spent on rent and bills do not fire. '
    + 'Anchored at the pass-through account, at its latest outflow.',
  sources: ['FATF-APG 2018 Financial Flows from Human Trafficking', 'FinCEN FIN-2020-A008', 'AMLSim forward'],
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: {
    windowHours: 24,
    minPassRatio: 0.9,
    maxPassRatio: 1.02,
    minAmount: 1_000,
    minNewPayeeShare: 0.5,
    inKinds: ['transfer', 'wire', 'crypto', 'msb', 'cheque', 'cash_deposit', 'other'],
    outKinds: ['transfer', 'wire', 'crypto', 'msb', 'cheque', 'other'],
    maxWindowTx: 200,
    maxCallWork: 2_000_000,
  },
  detect(graph: TransactionGraph, node: number, params: PassThroughParams, scope: DetectScope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kinds = checkedOnce(CHECKED, params, checkParams);
    const windowMs = params.windowHours * HOUR_MS;
    const call: Call = {
      graph, node, params, ...kinds, windowMs, budget: new WorkBudget(params.maxCallWork), cashNode: graph.nodeOf(CASH_ACCOUNT),
    };
    const list = graph.outgoing(node);
    const runs = runsEndingIn(graph, {
      list, evaluate: (e) => burstAt(call, e), linkMs: windowMs, maxSteps: params.maxWindowTx, maxMembers: MAX_RUN,
    }, scopePositions(graph, list, scope));
    return runs.map((run) => finding(call, run.members));
  },
};
