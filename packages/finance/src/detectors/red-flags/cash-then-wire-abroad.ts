/**
 * HT-23 cash deposits followed by wires abroad: smuggling fees. FinCEN FIN-2014-A008 describes
 * cash paid in (often by several people, in several deposits) and wired soon after to countries
 * with large migrant populations, to recipients the customer never paid before.
 *
 * At each outflow abroad (wire, transfer or money-service payment to a stated country other than
 * home, or in `destinationCountries` when that list is given): the cash deposits in the window
 * before it, and the outflows abroad since the first of them that go to recipients the customer
 * had not paid in the `lookbackDays` before (new recipients; a family remittance to the same
 * account each month is not new). Fires when there are `minCashDeposits` deposits, the new flow
 * abroad reaches `minAmount`, and the cash covers `fundingShare` of it; once per episode.
 * Recipients are judged new only where the data reaches `minCoverageDays` back before the cash.
 *
 * Anchor: the paying endpoint of the latest outflow abroad (the customer).
 *
 * Home is the scan context's home country, else the account's branch country; with neither, or
 * no destination countries in the data, it finds nothing. Cannot see: which countries have large
 * migrant populations unless `destinationCountries` says so; the first remittance of a new family
 * relationship funded in cash looks the same.
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import {
  DAY, SOURCES, forEachInWindow, homeCountryOf, isOwnTransfer, kindSet, makeFinding, money, percent, seesBack, upper, walkEpisodes,
} from './flag-helpers.ts';

export type CashThenWireAbroadParams = {
  readonly windowDays: number;
  readonly minCashDeposits: number;
  /** the share of the flow abroad the cash deposits must cover */
  readonly fundingShare: number;
  readonly minAmount: number;
  readonly strongAmount: number;
  readonly outKinds: readonly string[];
  readonly lookbackDays: number;
  /** ISO 3166-1 alpha-2 codes; empty: any country other than home */
  readonly destinationCountries: readonly string[];
  /** the data must reach back this far before the cash for recipients to be judged new */
  readonly minCoverageDays: number;
};

interface Verdict { readonly deposits: number[]; readonly wires: number[]; readonly cash: number; readonly abroad: number }

export const cashThenWireAbroad: Detector<CashThenWireAbroadParams> = {
  id: 'ht-cash-then-wire-abroad',
  title: 'Cash deposits wired abroad to new recipients',
  description:
    'Cash deposits followed within days by wires to another country, to recipients the customer had not paid before: smuggling fees '
    + '(FinCEN FIN-2014-A008).',
  sources: [SOURCES.F14],
  redFlag: 'HT-23',
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 7, minCashDeposits: 2, fundingShare: 0.7, minAmount: 1_000, strongAmount: 20_000, outKinds: ['wire', 'transfer', 'msb'],
    lookbackDays: 90, destinationCountries: [], minCoverageDays: 30,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const home = homeCountryOf(graph, node, scope.context);
    if (home === undefined) return [];
    const outKinds = kindSet(params.outKinds);
    const destinations = new Set(params.destinationCountries.map((c) => c.toUpperCase()));
    const isAbroad = (t: number): boolean => {
      if (!outKinds.has(graph.kind(t)) || isOwnTransfer(graph, t)) return false;
      const c = upper(graph.attr(t, 'toCountry'));
      return c !== undefined && c !== home && (destinations.size === 0 || destinations.has(c));
    };
    const isCash = (t: number): boolean => graph.kind(t) === 'cash_deposit' && !isOwnTransfer(graph, t);
    const out = graph.outgoing(node);
    const windowMs = params.windowDays * DAY;
    return walkEpisodes<Verdict>(graph, {
      lists: [out],
      windowMs,
      relevant: isAbroad,
      evaluate: (o, window) => {
        const deposits: number[] = [];
        let cash = 0;
        forEachInWindow(graph, graph.incoming(node), { fromTime: graph.time(o) - windowMs, anchor: o }, (t) => {
          if (isCash(t)) { deposits.push(t); cash += graph.amount(t); }
        });
        if (deposits.length < params.minCashDeposits) return undefined;
        const start = graph.time(deposits[0]!);
        if (!seesBack(graph, start, params.minCoverageDays)) return undefined;
        const known = new Set<number>();
        for (let i = graph.firstAtOrAfter(out, start - params.lookbackDays * DAY); i < out.length && graph.time(out[i]!) < start; i++) {
          known.add(graph.to(out[i]!));
        }
        const wires = window.filter((t) => isAbroad(t) && graph.time(t) >= start && !known.has(graph.to(t)));
        const abroad = wires.reduce((s, t) => s + graph.amount(t), 0);
        if (abroad < params.minAmount || cash < params.fundingShare * abroad) return undefined;
        return { deposits, wires, cash, abroad };
      },
      report: (o, v) => report(graph, { node, params, anchor: o, verdict: v }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: CashThenWireAbroadParams; anchor: number; verdict: Verdict }): Finding {
  const { deposits, wires, cash, abroad } = r.verdict;
  const countries = [...new Set(wires.map((t) => upper(graph.attr(t, 'toCountry'))!))].sort();
  const recipients = new Set(wires.map((t) => graph.to(t))).size;
  const span = graph.time(r.anchor) - graph.time(deposits[0]!);
  return makeFinding(graph, {
    detector: cashThenWireAbroad.id,
    node: r.node,
    score: strength(abroad, r.params.minAmount, r.params.strongAmount) * 0.7 + Math.min(0.3, 0.1 * (deposits.length - 1)),
    txs: [...deposits, ...wires],
    reason: `${deposits.length} cash deposits (${money(graph, cash)}) were followed within ${formatDuration(span)} by ${money(graph, abroad)} `
      + `sent abroad to ${recipients} new recipient${recipients === 1 ? '' : 's'} in ${countries.length} countr${countries.length === 1 ? 'y' : 'ies'} `
      + `(cash covers ${percent(Math.min(cash / abroad, 9.99))} of it).`,
    facts: {
      cashDeposits: deposits.length, cash, abroad, wires: wires.length, recipients, countries: countries.join(','), hours: Math.round(span / 360_000) / 10,
    },
  });
}
