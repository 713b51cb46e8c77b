/**
 * HT-04 rivulets in, foreign spigot out: many small domestic inflows from many sources gathered in
 * one account, then sent abroad. FATF-APG (2018) describes proceeds collected in small amounts
 * (victims' earnings, clients' payments, smuggling fees) and sent on to the organisers' country.
 *
 * At each outflow abroad (a wire, transfer, money-service or crypto payment whose destination
 * country is known and differs from the home country): the small inflows (at most `smallMax`
 * each, of the rivulet kinds, not card sales or salaries) from at home or from an unstated country
 * in the window before it, their distinct sources (a sender; or a cash deposit per place), and the
 * outflows abroad since the first of them. It fires when there are `minInflows` inflows from
 * `minSources` sources and the flow abroad reaches `outShare` of what they brought in. Six inflows
 * is the default floor: fewer is a handful of payments, not many rivulets.
 *
 * It looks at collecting accounts whose KYC kind is one of `collectorKinds` (personal accounts and
 * accounts without KYC by default): a business taking many small payments from its customers or
 * tenants (rent, sales by transfer) and paying a foreign supplier is its declared trade, and that
 * ordinary flow is what the flag otherwise raises on business accounts; the red flag is a person's
 * account used as a collection point. Add `business` to look at businesses too (a front company).
 *
 * Anchor: the paying endpoint of the latest outflow abroad (the collecting account).
 *
 * Home is the scan context's home country, else the account's branch country; with neither, or
 * with no destination countries in the data, it finds nothing. Cannot see: inflows whose origin
 * country is stated wrongly, or money sent abroad through an intermediary at home.
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import {
  DAY, SOURCES, accountKindSet, forEachInWindow, homeCountryOf, isOwnTransfer, kindSet, makeFinding, money, normText, percent, upper, walkEpisodes,
} from './flag-helpers.ts';

export type RivuletsParams = {
  readonly windowDays: number;
  readonly minInflows: number;
  /** inflow count at which the score's first half reaches 1 */
  readonly strongInflows: number;
  readonly minSources: number;
  /** an inflow above this (base currency) is not a rivulet */
  readonly smallMax: number;
  readonly inKinds: readonly string[];
  readonly outKinds: readonly string[];
  /** the share of the rivulets' sum that must go abroad */
  readonly outShare: number;
  /** KYC account kinds of the collecting customer the flag applies to (`personal`, `business`, `msb`, `unknown`) */
  readonly collectorKinds: readonly string[];
};

interface Verdict { readonly inflows: number[]; readonly outflows: number[]; readonly sources: number; readonly inSum: number; readonly outSum: number }

export const rivuletsForeignSpigot: Detector<RivuletsParams> = {
  id: 'ht-rivulets-foreign-spigot',
  title: 'Many small domestic inflows, then sent abroad',
  description:
    'Many small inflows from many domestic sources are gathered in one account and most of the total is sent abroad within days '
    + '("rivulets in, foreign spigot out", FATF-APG 2018).',
  sources: [SOURCES.FATF18],
  redFlag: 'HT-04',
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 14, minInflows: 6, strongInflows: 25, minSources: 5, smallMax: 2_000,
    inKinds: ['transfer', 'wire', 'cash_deposit', 'msb', 'cheque'], outKinds: ['wire', 'transfer', 'msb', 'crypto'], outShare: 0.7,
    collectorKinds: ['personal', 'unknown'],
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node) || !accountKindSet(params.collectorKinds).has(graph.node(node).kind)) return [];
    const home = homeCountryOf(graph, node, scope.context);
    if (home === undefined) return [];
    const inKinds = kindSet(params.inKinds);
    const outKinds = kindSet(params.outKinds);
    const isAbroad = (t: number): boolean => {
      if (!outKinds.has(graph.kind(t)) || isOwnTransfer(graph, t)) return false;
      const c = upper(graph.attr(t, 'toCountry'));
      return c !== undefined && c !== home;
    };
    const isRivulet = (t: number): boolean => {
      if (!inKinds.has(graph.kind(t)) || isOwnTransfer(graph, t) || graph.amount(t) > params.smallMax) return false;
      const c = upper(graph.attr(t, 'fromCountry'));
      return c === undefined || c === home;
    };
    const windowMs = params.windowDays * DAY;
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.outgoing(node)],
      windowMs,
      relevant: isAbroad,
      evaluate: (o, window) => {
        const inflows: number[] = [];
        const sources = new Set<string>();
        let inSum = 0;
        forEachInWindow(graph, graph.incoming(node), { fromTime: graph.time(o) - windowMs, anchor: o }, (t) => {
          if (!isRivulet(t)) return;
          inflows.push(t);
          inSum += graph.amount(t);
          const from = graph.from(t);
          sources.add(graph.isPseudo(from) ? `cash:${normText(graph.attr(t, 'location')) ?? ''}` : `node:${from}`);
        });
        if (inflows.length < params.minInflows || sources.size < params.minSources) return undefined;
        const start = graph.time(inflows[0]!);
        const outflows = window.filter((t) => isAbroad(t) && graph.time(t) >= start);
        const outSum = outflows.reduce((s, t) => s + graph.amount(t), 0);
        return outSum >= params.outShare * inSum ? { inflows, outflows, sources: sources.size, inSum, outSum } : undefined;
      },
      report: (o, v) => report(graph, { node, params, anchor: o, verdict: v }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: RivuletsParams; anchor: number; verdict: Verdict }): Finding {
  const { inflows, outflows, sources, inSum, outSum } = r.verdict;
  const p = r.params;
  const countries = [...new Set(outflows.map((t) => upper(graph.attr(t, 'toCountry'))!))].sort();
  const span = graph.time(r.anchor) - graph.time(inflows[0]!);
  const share = outSum / inSum;
  return makeFinding(graph, {
    detector: rivuletsForeignSpigot.id,
    node: r.node,
    score: 0.5 * strength(inflows.length, p.minInflows, p.strongInflows) + 0.5 * strength(Math.min(1, share), p.outShare, 1),
    txs: [...inflows, ...outflows],
    reason: `${inflows.length} small domestic inflows from ${sources} sources (${money(graph, inSum)}, each at most ${money(graph, p.smallMax)}) `
      + `were followed within ${formatDuration(span)} by ${money(graph, outSum)} (${percent(share)}) sent abroad in ${outflows.length} `
      + `payment${outflows.length === 1 ? '' : 's'} to ${countries.length} countr${countries.length === 1 ? 'y' : 'ies'}.`,
    facts: {
      inflows: inflows.length, sources, inSum, outSum, share: Math.round(share * 1000) / 1000, outflows: outflows.length,
      countries: countries.join(','), hours: Math.round(span / 360_000) / 10,
    },
  });
}
