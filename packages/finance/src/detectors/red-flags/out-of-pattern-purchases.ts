/**
 * HT-10 small fast-food, pharmacy, lingerie and beauty purchases out of pattern: FINTRAC (2016,
 * updated 2021) describes accounts that suddenly pay for many small meals, medicines, underwear and
 * cosmetics, the upkeep of people a trafficker keeps, which the holder's own history does not show.
 *
 * Over the recent window (t - windowDays, t] ending at such a purchase (MCC 5814, 5912, 5631,
 * 5977, 7230 by default, at most `maxAmount` each): their count, against the customer's own rate
 * over the `baselineDays` before that window. Fires when the recent count reaches `minPurchases`
 * and `spikeFactor` times what the baseline rate predicts for a window (at least one), and the
 * customer's history covers the baseline; once per episode. Business and money-service customers
 * are left out unless `includeBusinesses`.
 *
 * Anchor: the paying endpoint of the latest such purchase (the customer).
 *
 * Needs merchant categories; without them it finds nothing. Cannot see: a change of life (a new
 * job next to a pharmacy, an illness) from the spending alone, which is why this flag is weak on
 * its own.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { UPKEEP_RETAIL_MCC } from './merchant-codes.ts';
import { DAY, SOURCES, TxWindow, firstActivity, isOwnTransfer, makeFinding, mccMatcher, money, walkEpisodes } from './flag-helpers.ts';

export type OutOfPatternParams = {
  readonly windowDays: number;
  /** the customer's own history the recent window is compared with */
  readonly baselineDays: number;
  readonly minPurchases: number;
  /** recent purchases over what the baseline rate predicts for one window */
  readonly spikeFactor: number;
  readonly maxAmount: number;
  readonly merchantCategories: readonly string[];
  readonly includeBusinesses: boolean;
};

interface Verdict { readonly recent: number; readonly expected: number }

export const outOfPatternPurchases: Detector<OutOfPatternParams> = {
  id: 'ht-out-of-pattern-purchases',
  title: 'Sudden small fast-food, pharmacy and beauty purchases',
  description:
    'Many small purchases at fast-food, pharmacy, lingerie and beauty merchants, well above the customer\'s own earlier rate '
    + '(FINTRAC 2016/2021).',
  sources: [SOURCES.FT16],
  redFlag: 'HT-10',
  requires: ['TX', 'EXT'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 14, baselineDays: 84, minPurchases: 10, spikeFactor: 3, maxAmount: 100, merchantCategories: UPKEEP_RETAIL_MCC, includeBusinesses: false,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kind = graph.node(node).kind;
    if (!params.includeBusinesses && (kind === 'business' || kind === 'msb')) return [];
    const mcc = mccMatcher(params.merchantCategories);
    const isPurchase = (t: number): boolean =>
      !isOwnTransfer(graph, t) && graph.amount(t) <= params.maxAmount && mcc(graph.attr(t, 'merchantCategory'));
    const recentMs = params.windowDays * DAY;
    const baselineMs = params.baselineDays * DAY;
    const since = firstActivity(graph, node);
    // the walk's window spans baseline and recent window; `recent` holds the purchases of the recent part
    const recent = new TxWindow();
    let baseline = 0;
    const settle = (now: number): void => {
      while (recent.size > 0 && graph.time(recent.first) <= now - recentMs) { recent.shift(); baseline++; }
    };
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.outgoing(node)],
      windowMs: recentMs + baselineMs,
      relevant: isPurchase,
      enter: (t) => { settle(graph.time(t)); recent.push(t); },
      leave: (t) => {
        if (recent.size > 0 && recent.first === t) recent.shift();
        else baseline--;
      },
      evaluate: (t) => {
        const now = graph.time(t);
        settle(now);
        if (recent.size < params.minPurchases || now - since < recentMs + baselineMs) return undefined;
        const expected = (baseline * params.windowDays) / params.baselineDays;
        return recent.size >= params.spikeFactor * Math.max(1, expected) ? { recent: recent.size, expected } : undefined;
      },
      report: () => report(graph, { node, params, purchases: recent.filter(() => true), baseline }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: OutOfPatternParams; purchases: number[]; baseline: number }): Finding {
  const p = r.params;
  const sum = r.purchases.reduce((s, t) => s + graph.amount(t), 0);
  const expected = (r.baseline * p.windowDays) / p.baselineDays;
  const ratio = r.purchases.length / Math.max(1, expected);
  return makeFinding(graph, {
    detector: outOfPatternPurchases.id,
    node: r.node,
    score: 0.8 * strength(ratio, p.spikeFactor, 4 * p.spikeFactor),
    txs: r.purchases,
    reason: `${r.purchases.length} small fast-food, pharmacy, lingerie or beauty purchases (${money(graph, sum)}) within ${p.windowDays} days, `
      + `against ${r.baseline} in the ${p.baselineDays} days before (about ${Math.round(expected * 10) / 10} per ${p.windowDays} days).`,
    facts: { purchases: r.purchases.length, sum, baselinePurchases: r.baseline, expected: Math.round(expected * 100) / 100, windowDays: p.windowDays },
  });
}
