/**
 * HT-07 short-stay lodging in many cities: hotel, motel and short-let payments in several places
 * within days. FINTRAC (2016, updated 2021) describes victims of sexual exploitation moved from
 * city to city and housed in short-stay rooms paid by card.
 *
 * Over the window (t - windowDays, t] ending at a lodging payment (MCC 7011, 7012, 3501-3999 by
 * default) with a known place: the lodging payments and their distinct places. Fires when there are
 * `minStays` payments in `minCities` places, once per episode. Business and money-service
 * customers are left out unless `includeBusinesses` (staff travel is ordinary).
 *
 * Anchor: the paying endpoint of the latest lodging payment (the customer).
 *
 * Needs merchant categories and transaction places; without them it finds nothing. Cannot see:
 * the length of each stay or how many people it was for; a touring holiday looks the same, which
 * is why the defaults ask for four places within two weeks.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { LODGING_MCC } from './merchant-codes.ts';
import { DAY, SOURCES, isOwnTransfer, makeFinding, mccMatcher, money, normText, walkEpisodes } from './flag-helpers.ts';

export type ShortStayLodgingParams = {
  readonly windowDays: number;
  readonly minStays: number;
  readonly minCities: number;
  /** distinct places at which the score reaches 1 */
  readonly strongCities: number;
  readonly merchantCategories: readonly string[];
  readonly includeBusinesses: boolean;
};

export const shortStayLodging: Detector<ShortStayLodgingParams> = {
  id: 'ht-short-stay-lodging',
  title: 'Short-stay lodging in many cities',
  description: 'Payments for hotels, motels or short lets in several cities within a short period (FINTRAC 2016/2021).',
  sources: [SOURCES.FT16],
  redFlag: 'HT-07',
  requires: ['TX', 'EXT'],
  anchorSide: 'payer',
  defaults: { windowDays: 14, minStays: 5, minCities: 4, strongCities: 8, merchantCategories: LODGING_MCC, includeBusinesses: false },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kind = graph.node(node).kind;
    if (!params.includeBusinesses && (kind === 'business' || kind === 'msb')) return [];
    const mcc = mccMatcher(params.merchantCategories);
    const place = (t: number): string | undefined => normText(graph.attr(t, 'location'));
    const isStay = (t: number): boolean => !isOwnTransfer(graph, t) && mcc(graph.attr(t, 'merchantCategory')) && place(t) !== undefined;
    const places = new Map<string, number>();
    let stays = 0;
    const change = (t: number, by: number): void => {
      stays += by;
      const p = place(t)!;
      const n = (places.get(p) ?? 0) + by;
      if (n > 0) places.set(p, n);
      else places.delete(p);
    };
    return walkEpisodes<true>(graph, {
      lists: [graph.outgoing(node)],
      windowMs: params.windowDays * DAY,
      relevant: isStay,
      enter: (t) => change(t, 1),
      leave: (t) => change(t, -1),
      evaluate: () => (stays >= params.minStays && places.size >= params.minCities ? true : undefined),
      report: (_t, _v, window) => report(graph, { node, params, payments: window.filter(isStay), cities: places.size }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: ShortStayLodgingParams; payments: number[]; cities: number }): Finding {
  const sum = r.payments.reduce((s, t) => s + graph.amount(t), 0);
  const days = (graph.time(r.payments[r.payments.length - 1]!) - graph.time(r.payments[0]!)) / DAY;
  return makeFinding(graph, {
    detector: shortStayLodging.id,
    node: r.node,
    score: strength(r.cities, r.params.minCities, r.params.strongCities),
    txs: r.payments,
    reason: `${r.payments.length} lodging payments (${money(graph, sum)}) in ${r.cities} different places within ${Math.max(1, Math.ceil(days))} days.`,
    facts: { payments: r.payments.length, cities: r.cities, sum, days: Math.round(days * 10) / 10 },
  });
}
