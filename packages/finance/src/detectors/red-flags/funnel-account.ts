/**
 * HT-05 funnel account: cash paid in at branches or ATMs in several cities where the holder does
 * not live, each deposit below the cash-reporting threshold, and taken out elsewhere soon after.
 * FinCEN FIN-2020-A008 names funnel accounts as a way trafficking proceeds collected in one place
 * are moved to another without a wire.
 *
 * At each cash withdrawal with a known place: the cash deposits in the window before it made in a
 * known place other than the holder's city (KYC `city`) and below the reporting threshold (the
 * scan context's, else `reportingThreshold`); their distinct places; and the withdrawals since the
 * first of them made in a place none of those deposits was made in. It fires when the deposits
 * span `minCities` places and those withdrawals reach `withdrawShare` of the deposits.
 *
 * Anchor: the paying endpoint of the latest withdrawal (the funnel account).
 *
 * Needs the holder's city and transaction places; without them it finds nothing. Cannot see: who
 * made the deposits, or a place written two ways (codes and names are compared as given, folded).
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import {
  DAY, SOURCES, forEachInWindow, isOwnTransfer, kindSet, makeFinding, money, normText, percent, reportingThreshold, walkEpisodes,
} from './flag-helpers.ts';

export type FunnelAccountParams = {
  readonly windowDays: number;
  /** distinct places (other than the holder's city) the deposits must span */
  readonly minCities: number;
  readonly strongCities: number;
  /** the share of the deposits that must be taken out elsewhere */
  readonly withdrawShare: number;
  /** used when the scan context gives no reporting threshold */
  readonly reportingThreshold: number;
  readonly withdrawKinds: readonly string[];
};

interface Verdict {
  readonly deposits: number[]; readonly withdrawals: number[]; readonly cities: number; readonly inSum: number; readonly outSum: number;
  readonly threshold: number;
}

export const funnelAccount: Detector<FunnelAccountParams> = {
  id: 'ht-funnel-account',
  title: 'Funnel account: cash in far from home, out elsewhere',
  description:
    'Cash deposits below the reporting threshold in several cities where the holder does not live, withdrawn in another place soon after '
    + '(FinCEN FIN-2020-A008).',
  sources: [SOURCES.F20],
  redFlag: 'HT-05',
  requires: ['TX', 'KYC'],
  anchorSide: 'payer',
  defaults: { windowDays: 7, minCities: 3, strongCities: 6, withdrawShare: 0.7, reportingThreshold: 10_000, withdrawKinds: ['cash_withdrawal'] },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const homeCity = normText(graph.node(node).city);
    if (homeCity === undefined) return [];
    const threshold = reportingThreshold(scope.context, params.reportingThreshold);
    const withdrawKinds = kindSet(params.withdrawKinds);
    const place = (t: number): string | undefined => normText(graph.attr(t, 'location'));
    const isWithdrawal = (t: number): boolean => withdrawKinds.has(graph.kind(t)) && !isOwnTransfer(graph, t) && place(t) !== undefined;
    const isAwayDeposit = (t: number): boolean => {
      if (graph.kind(t) !== 'cash_deposit' || isOwnTransfer(graph, t) || graph.amount(t) >= threshold) return false;
      const p = place(t);
      return p !== undefined && p !== homeCity;
    };
    const windowMs = params.windowDays * DAY;
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.outgoing(node)],
      windowMs,
      relevant: isWithdrawal,
      evaluate: (w, window) => {
        const deposits: number[] = [];
        const cities = new Set<string>();
        let inSum = 0;
        forEachInWindow(graph, graph.incoming(node), { fromTime: graph.time(w) - windowMs, anchor: w }, (t) => {
          if (!isAwayDeposit(t)) return;
          deposits.push(t);
          cities.add(place(t)!);
          inSum += graph.amount(t);
        });
        if (cities.size < params.minCities) return undefined;
        const start = graph.time(deposits[0]!);
        const withdrawals = window.filter((t) => isWithdrawal(t) && graph.time(t) >= start && !cities.has(place(t)!));
        const outSum = withdrawals.reduce((s, t) => s + graph.amount(t), 0);
        return outSum >= params.withdrawShare * inSum ? { deposits, withdrawals, cities: cities.size, inSum, outSum, threshold } : undefined;
      },
      report: (w, v) => report(graph, { node, params, anchor: w, verdict: v }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: FunnelAccountParams; anchor: number; verdict: Verdict }): Finding {
  const { deposits, withdrawals, cities, inSum, outSum, threshold } = r.verdict;
  const span = graph.time(r.anchor) - graph.time(deposits[0]!);
  const share = outSum / inSum;
  return makeFinding(graph, {
    detector: funnelAccount.id,
    node: r.node,
    score: 0.6 * strength(cities, r.params.minCities, r.params.strongCities) + 0.4 * strength(Math.min(1, share), r.params.withdrawShare, 1),
    txs: [...deposits, ...withdrawals],
    reason: `${deposits.length} cash deposits (${money(graph, inSum)}, each below the ${money(graph, threshold)} reporting threshold) in ${cities} places `
      + `other than the holder's city were followed within ${formatDuration(span)} by ${money(graph, outSum)} (${percent(share)}) `
      + `withdrawn in ${withdrawals.length === 1 ? 'another place' : 'other places'}.`,
    facts: {
      deposits: deposits.length, cities, inSum, outSum, share: Math.round(share * 1000) / 1000, withdrawals: withdrawals.length,
      threshold, hours: Math.round(span / 360_000) / 10,
    },
  });
}
