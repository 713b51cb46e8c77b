/**
 * HT-25 frequent small credits redeemed in virtual currency. FINTRAC (2016, updated 2021)
 * describes online payment-service accounts that receive many small payments (under 100) from
 * clients and are emptied into virtual currency.
 *
 * At each virtual-currency outflow (kind `crypto`, or a quasi-cash merchant, MCC 6051): the small
 * credits (below `smallMax`, not salaries) in the window before it, their distinct payers, and the
 * virtual-currency outflows since the first of them. Fires when there are `minCredits` small
 * credits from `minPayers` payers and the outflows reach `outShare` of their sum; once per
 * episode. Business and money-service customers are left out unless `includeBusinesses`.
 *
 * Anchor: the paying endpoint of the latest virtual-currency outflow (the collecting account).
 *
 * Cannot see: payments of third parties' bills (the other redemption FINTRAC names: who the bill
 * is for is not in the data), or where the virtual currency goes next.
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { QUASI_CASH_MCC } from './merchant-codes.ts';
import {
  DAY, SOURCES, forEachInWindow, isOwnTransfer, kindSet, makeFinding, mccMatcher, money, normText, percent, walkEpisodes,
} from './flag-helpers.ts';

export type SmallCreditsToCryptoParams = {
  readonly windowDays: number;
  readonly minCredits: number;
  readonly strongCredits: number;
  readonly minPayers: number;
  /** a credit at or above this (base currency) is not small */
  readonly smallMax: number;
  readonly inKinds: readonly string[];
  readonly outShare: number;
  readonly cryptoMcc: readonly string[];
  readonly includeBusinesses: boolean;
};

interface Verdict { readonly credits: number[]; readonly outflows: number[]; readonly payers: number; readonly inSum: number; readonly outSum: number }

export const smallCreditsToCrypto: Detector<SmallCreditsToCryptoParams> = {
  id: 'ht-small-credits-to-crypto',
  title: 'Many small credits redeemed in virtual currency',
  description: 'Frequent small (under 100) credits from many payers, then most of them converted to virtual currency (FINTRAC 2016/2021).',
  sources: [SOURCES.FT16],
  redFlag: 'HT-25',
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 30, minCredits: 10, strongCredits: 40, minPayers: 5, smallMax: 100, inKinds: ['transfer', 'msb', 'wire', 'card', 'cash_deposit', 'other'],
    outShare: 0.5, cryptoMcc: QUASI_CASH_MCC, includeBusinesses: false,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kind = graph.node(node).kind;
    if (!params.includeBusinesses && (kind === 'business' || kind === 'msb')) return [];
    const inKinds = kindSet(params.inKinds);
    const mcc = mccMatcher(params.cryptoMcc);
    const isCrypto = (t: number): boolean =>
      !isOwnTransfer(graph, t) && (graph.kind(t) === 'crypto' || mcc(graph.attr(t, 'merchantCategory')));
    const isSmall = (t: number): boolean => inKinds.has(graph.kind(t)) && !isOwnTransfer(graph, t) && graph.amount(t) < params.smallMax;
    const windowMs = params.windowDays * DAY;
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.outgoing(node)],
      windowMs,
      relevant: isCrypto,
      evaluate: (o, window) => {
        const credits: number[] = [];
        const payers = new Set<string>();
        let inSum = 0;
        forEachInWindow(graph, graph.incoming(node), { fromTime: graph.time(o) - windowMs, anchor: o }, (t) => {
          if (!isSmall(t)) return;
          credits.push(t);
          inSum += graph.amount(t);
          const from = graph.from(t);
          payers.add(graph.isPseudo(from) ? `cash:${normText(graph.attr(t, 'location')) ?? ''}` : `node:${from}`);
        });
        if (credits.length < params.minCredits || payers.size < params.minPayers) return undefined;
        const start = graph.time(credits[0]!);
        const outflows = window.filter((t) => isCrypto(t) && graph.time(t) >= start);
        const outSum = outflows.reduce((s, t) => s + graph.amount(t), 0);
        return outSum >= params.outShare * inSum ? { credits, outflows, payers: payers.size, inSum, outSum } : undefined;
      },
      report: (o, v) => report(graph, { node, params, anchor: o, verdict: v }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: SmallCreditsToCryptoParams; anchor: number; verdict: Verdict }): Finding {
  const { credits, outflows, payers, inSum, outSum } = r.verdict;
  const span = graph.time(r.anchor) - graph.time(credits[0]!);
  const share = outSum / inSum;
  return makeFinding(graph, {
    detector: smallCreditsToCrypto.id,
    node: r.node,
    score: strength(credits.length, r.params.minCredits, r.params.strongCredits),
    txs: [...credits, ...outflows],
    reason: `${credits.length} small credits (each under ${money(graph, r.params.smallMax)}, ${money(graph, inSum)} from ${payers} payers) were followed within `
      + `${formatDuration(span)} by ${money(graph, outSum)} (${percent(share)}) converted to virtual currency.`,
    facts: { credits: credits.length, payers, inSum, outSum, share: Math.round(share * 1000) / 1000, outflows: outflows.length },
  });
}
