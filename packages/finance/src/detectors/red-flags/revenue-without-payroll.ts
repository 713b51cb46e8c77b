/**
 * HT-03 revenue without payroll: a business takes in substantial revenue and pays no wages, no
 * payroll taxes and no social charges. FATF-APG (2018) and FinCEN FIN-2020-A008 name businesses
 * whose staff are not paid through the books (forced labour, or a front for sexual exploitation).
 *
 * Over the window (t - windowDays, t] ending at a revenue credit of a business customer (KYC kind
 * `business`): the revenue credits' sum and count, and the payroll-like outflows: salary payments,
 * tax payments (MCC 9311) and payments to payees whose declared line of business names tax,
 * pensions or social insurance. It fires when revenue reaches `minRevenue` over at least
 * `minCredits` credits, no payroll-like outflow is in the window, and the customer's history is at
 * least `minHistoryDays` long (a business opened last month has not missed a payroll yet). Once per
 * episode: a business that never pays wages is reported once, not at every sale.
 *
 * Anchor: the receiving endpoint of the latest revenue credit (the business).
 *
 * Cannot see: a business with no employees (a sole trader), wages paid from another institution,
 * or payroll outsourced to a provider whose line of business the KYC data does not state.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { TAX_MCC } from './merchant-codes.ts';
import {
  DAY, SOURCES, WindowCursor, firstActivity, isOwnTransfer, kindSet, largest, makeFinding, mccMatcher, money, normText, percent, walkEpisodes,
} from './flag-helpers.ts';

export type RevenueWithoutPayrollParams = {
  readonly windowDays: number;
  /** revenue (base currency) over the window that makes the absence of payroll notable */
  readonly minRevenue: number;
  /** revenue at which the score reaches 1 */
  readonly strongRevenue: number;
  /** credits over the window: a trading business, not one large transfer */
  readonly minCredits: number;
  /** the customer's transactions must reach back this far */
  readonly minHistoryDays: number;
  readonly revenueKinds: readonly string[];
  /** outflow kinds that are payroll */
  readonly payrollKinds: readonly string[];
  /** merchant categories of payroll-tax-like payments */
  readonly payrollMcc: readonly string[];
  /** words in a payee's declared line of business that make a payment payroll-like (tax office, pension fund…) */
  readonly payrollPayeeWords: readonly string[];
  /** the largest credits kept as evidence (plus the anchor's) */
  readonly maxEvidence: number;
};


export const revenueWithoutPayroll: Detector<RevenueWithoutPayrollParams> = {
  id: 'ht-revenue-without-payroll',
  title: 'Business revenue with no payroll',
  description:
    'A business customer takes in substantial revenue over the window and makes no salary payments, payroll-tax or social-insurance '
    + 'payments (FATF-APG 2018; FinCEN FIN-2020-A008).',
  sources: [SOURCES.FATF18, SOURCES.F20],
  redFlag: 'HT-03',
  requires: ['TX', 'KYC'],
  anchorSide: 'payee',
  defaults: {
    windowDays: 90, minRevenue: 50_000, strongRevenue: 250_000, minCredits: 20, minHistoryDays: 60,
    revenueKinds: ['card', 'transfer', 'wire', 'cash_deposit', 'cheque', 'msb', 'crypto', 'other'],
    payrollKinds: ['salary'], payrollMcc: TAX_MCC,
    payrollPayeeWords: ['tax', 'revenue', 'social security', 'social insurance', 'pension', 'health insurance', 'unemployment', 'payroll'],
    maxEvidence: 100,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node) || graph.node(node).kind !== 'business') return [];
    const revenueKinds = kindSet(params.revenueKinds);
    const payrollKinds = kindSet(params.payrollKinds);
    const taxMcc = mccMatcher(params.payrollMcc);
    const words = params.payrollPayeeWords.map((w) => normText(w)).filter((w): w is string => w !== undefined);
    const isRevenue = (t: number): boolean => revenueKinds.has(graph.kind(t)) && !isOwnTransfer(graph, t);
    const isPayroll = (t: number): boolean => {
      if (isOwnTransfer(graph, t)) return false;
      if (payrollKinds.has(graph.kind(t)) || taxMcc(graph.attr(t, 'merchantCategory'))) return true;
      const line = normText(graph.accountRecord(graph.toAccount(t))?.businessType);
      return line !== undefined && words.some((w) => line.includes(w));
    };
    const windowMs = params.windowDays * DAY;
    const payroll = new WindowCursor(graph, graph.outgoing(node), windowMs, isPayroll);
    const since = firstActivity(graph, node);
    let revenue = 0;
    let credits = 0;
    return walkEpisodes<true>(graph, {
      lists: [graph.incoming(node)],
      windowMs,
      relevant: isRevenue,
      enter: (t) => { revenue += graph.amount(t); credits++; },
      leave: (t) => { revenue -= graph.amount(t); credits--; },
      evaluate: (t) => {
        if (revenue < params.minRevenue || credits < params.minCredits) return undefined;
        if (graph.time(t) - since < params.minHistoryDays * DAY) return undefined;
        payroll.advance(t);
        return payroll.count === 0 ? true : undefined;
      },
      report: (t, _v, window) => report(graph, { node, params, anchor: t, credits: window.filter(isRevenue) }),
      // a payroll payment in (until - W, since) lies in every in-scope candidate's window: a busy shop that pays wages costs no walk
      cannotHold: (s) => hasPayrollBetween(graph, { list: graph.outgoing(node), from: s.until - windowMs, to: s.since, isPayroll }),
    }, scope);
  },
};

/** is there a payroll-like payment with time in (from, to)? */
function hasPayrollBetween(
  graph: TransactionGraph, a: { list: readonly number[]; from: number; to: number; isPayroll: (t: number) => boolean },
): boolean {
  for (let i = graph.lastAtOrBefore(a.list, a.from); i < a.list.length && graph.time(a.list[i]!) < a.to; i++) {
    if (a.isPayroll(a.list[i]!)) return true;
  }
  return false;
}

function report(
  graph: TransactionGraph,
  r: { node: number; params: RevenueWithoutPayrollParams; anchor: number; credits: number[] },
): Finding {
  const p = r.params;
  const half = graph.time(r.anchor) - (p.windowDays * DAY) / 2;
  const payers = new Set<number>();
  let recent = 0;
  let revenue = 0;
  for (const t of r.credits) {
    payers.add(graph.from(t));
    revenue += graph.amount(t);
    if (graph.time(t) > half) recent += graph.amount(t);
  }
  const credits = r.credits.length;
  const evidence = largest(graph, r.credits.filter((t) => t !== r.anchor), p.maxEvidence, r.anchor);
  return makeFinding(graph, {
    detector: revenueWithoutPayroll.id,
    node: r.node,
    score: strength(revenue, p.minRevenue, p.strongRevenue),
    txs: evidence,
    reason: `A business customer took in ${money(graph, revenue)} in ${credits} credits from ${payers.size} payers over ${p.windowDays} days `
      + `(${percent(recent / revenue)} of it in the last half) and made no salary, payroll-tax or social-insurance payment in that time.`,
    facts: { revenue, credits, payers: payers.size, recentShare: Math.round((recent / revenue) * 1000) / 1000, payrollOutflows: 0, windowDays: p.windowDays },
  });
}
