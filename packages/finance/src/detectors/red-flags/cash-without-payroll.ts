/**
 * HT-15 cash deposits with no payroll: a personal account fed by regular cash deposits and no
 * wage credits. FinCEN FIN-2020-A008 names consistent cash deposits without ACH or payroll credits
 * (earnings of commercial sexual exploitation or of unreported forced labour).
 *
 * Over the window (t - windowDays, t] ending at a cash deposit into a personal customer (KYC kind
 * `personal`): the cash deposits, their count and the distinct weeks they fall in, all credits'
 * sum, and the salary credits. Fires when there are `minDeposits` cash deposits spread over
 * `minWeeks` weeks, inflow reaches `minInflow` with cash at least `minCashShare` of it, and no salary
 * credit is in the window; once per episode.
 *
 * Anchor: the receiving endpoint of the latest cash deposit (the customer).
 *
 * Needs KYC to know the account is personal. Cannot see: self-employed cash earners (a market
 * trader banking takings on a personal account), or wages paid as plain transfers.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { DAY, SOURCES, isOwnTransfer, kindSet, makeFinding, money, percent, walkEpisodes } from './flag-helpers.ts';

export type CashWithoutPayrollParams = {
  readonly windowDays: number;
  readonly minDeposits: number;
  /** distinct calendar weeks (UTC) the deposits must fall in: consistent, not one windfall */
  readonly minWeeks: number;
  readonly minInflow: number;
  readonly strongInflow: number;
  readonly minCashShare: number;
  readonly payrollKinds: readonly string[];
};

const WEEK = 7 * DAY;

export const cashWithoutPayroll: Detector<CashWithoutPayrollParams> = {
  id: 'ht-cash-without-payroll',
  title: 'Regular cash deposits and no payroll',
  description: 'A personal account fed by consistent cash deposits and no salary or payroll credits (FinCEN FIN-2020-A008).',
  sources: [SOURCES.F20],
  redFlag: 'HT-15',
  requires: ['TX', 'KYC'],
  anchorSide: 'payee',
  defaults: { windowDays: 60, minDeposits: 4, minWeeks: 3, minInflow: 8_000, strongInflow: 40_000, minCashShare: 0.5, payrollKinds: ['salary'] },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node) || graph.node(node).kind !== 'personal') return [];
    const payrollKinds = kindSet(params.payrollKinds);
    const isCash = (t: number): boolean => graph.kind(t) === 'cash_deposit' && !isOwnTransfer(graph, t);
    const weeks = new Map<number, number>();
    let deposits = 0;
    let cash = 0;
    let inflow = 0;
    let payroll = 0;
    const change = (t: number, by: number): void => {
      inflow += by * graph.amount(t);
      if (payrollKinds.has(graph.kind(t))) payroll += by;
      if (!isCash(t)) return;
      deposits += by;
      cash += by * graph.amount(t);
      const w = Math.floor(graph.time(t) / WEEK);
      const n = (weeks.get(w) ?? 0) + by;
      if (n > 0) weeks.set(w, n);
      else weeks.delete(w);
    };
    const windowMs = params.windowDays * DAY;
    return walkEpisodes<true>(graph, {
      lists: [graph.incoming(node)],
      windowMs,
      relevant: (t) => !isOwnTransfer(graph, t),
      isCandidate: isCash,
      enter: (t) => change(t, 1),
      leave: (t) => change(t, -1),
      evaluate: () => {
        const ok = payroll === 0 && deposits >= params.minDeposits && weeks.size >= params.minWeeks
          && inflow >= params.minInflow - 0.005 && cash >= params.minCashShare * inflow - 0.005;
        return ok ? true : undefined;
      },
      report: (_t, _v, window) => report(graph, { node, params, credits: window.filter((t) => !isOwnTransfer(graph, t)), isCash, weeks: weeks.size }),
      // a salary credit in (until - W, since) lies in every in-scope candidate's window
      cannotHold: (s) => {
        const inc = graph.incoming(node);
        for (let i = graph.lastAtOrBefore(inc, s.until - windowMs); i < inc.length && graph.time(inc[i]!) < s.since; i++) {
          if (payrollKinds.has(graph.kind(inc[i]!)) && !isOwnTransfer(graph, inc[i]!)) return true;
        }
        return false;
      },
    }, scope);
  },
};

function report(
  graph: TransactionGraph,
  r: { node: number; params: CashWithoutPayrollParams; credits: number[]; isCash: (t: number) => boolean; weeks: number },
): Finding {
  const deposits = r.credits.filter(r.isCash);
  const cash = deposits.reduce((s, t) => s + graph.amount(t), 0);
  const inflow = r.credits.reduce((s, t) => s + graph.amount(t), 0);
  return makeFinding(graph, {
    detector: cashWithoutPayroll.id,
    node: r.node,
    score: strength(inflow, r.params.minInflow, r.params.strongInflow),
    txs: deposits,
    reason: `${deposits.length} cash deposits over ${r.weeks} weeks (${money(graph, cash)}, ${percent(cash / inflow)} of ${money(graph, inflow)} credited) `
      + `reached a personal account with no salary credit within ${r.params.windowDays} days.`,
    facts: { deposits: deposits.length, weeks: r.weeks, cash, inflow, cashShare: Math.round((cash / inflow) * 1000) / 1000, windowDays: r.params.windowDays },
  });
}
