/**
 * HT-13 frequent geographic movement: the places a customer pays by card, withdraws or deposits
 * cash change often. FinCEN FIN-2020-A008 names frequent movement seen from transaction locations
 * (victims moved between cities, a trafficker working a circuit).
 *
 * Over the window (t - windowDays, t] ending at a located transaction where the customer was
 * present (card payments and cash withdrawals it made, cash deposits into its accounts): the
 * distinct places other than the holder's home city (when KYC gives one). Fires when they reach
 * `minPlaces`, once per episode. Business and money-service customers are left out unless
 * `includeBusinesses`.
 *
 * Anchor: the customer's endpoint of the latest located transaction.
 *
 * Needs transaction places; without them it finds nothing. Cannot see: why the customer travels
 * (sales work, holidays), which is why this flag is weak on its own and the defaults ask for five
 * places within a week.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { DAY, SOURCES, isOwnTransfer, kindSet, makeFinding, normText, walkEpisodes } from './flag-helpers.ts';

export type GeographicMovementParams = {
  readonly windowDays: number;
  readonly minPlaces: number;
  readonly strongPlaces: number;
  /** kinds the customer makes in person (it pays) */
  readonly outKinds: readonly string[];
  /** kinds made in person into its accounts */
  readonly inKinds: readonly string[];
  readonly includeBusinesses: boolean;
};

export const geographicMovement: Detector<GeographicMovementParams> = {
  id: 'ht-geographic-movement',
  title: 'Frequent movement between places',
  description: 'Card payments, cash withdrawals and cash deposits in many different places within days (FinCEN FIN-2020-A008).',
  sources: [SOURCES.F20],
  redFlag: 'HT-13',
  requires: ['TX'],
  defaults: {
    windowDays: 7, minPlaces: 5, strongPlaces: 10, outKinds: ['card', 'cash_withdrawal'], inKinds: ['cash_deposit'], includeBusinesses: false,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const info = graph.node(node);
    if (!params.includeBusinesses && (info.kind === 'business' || info.kind === 'msb')) return [];
    const homeCity = normText(info.city);
    const outKinds = kindSet(params.outKinds);
    const inKinds = kindSet(params.inKinds);
    const placeOf = (t: number): string | undefined => {
      if (isOwnTransfer(graph, t)) return undefined;
      const present = graph.from(t) === node ? outKinds.has(graph.kind(t)) : inKinds.has(graph.kind(t));
      if (!present) return undefined;
      const p = normText(graph.attr(t, 'location'));
      return p === homeCity ? undefined : p;
    };
    const places = new Map<string, number>();
    const change = (t: number, by: number): void => {
      const p = placeOf(t);
      if (p === undefined) return;
      const n = (places.get(p) ?? 0) + by;
      if (n > 0) places.set(p, n);
      else places.delete(p);
    };
    const located = (t: number): boolean => placeOf(t) !== undefined;
    return walkEpisodes<true>(graph, {
      lists: [graph.outgoing(node), graph.incoming(node)],
      windowMs: params.windowDays * DAY,
      relevant: located,
      enter: (t) => change(t, 1),
      leave: (t) => change(t, -1),
      evaluate: () => (places.size >= params.minPlaces ? true : undefined),
      report: (_t, _v, window) => report(graph, { node, params, txs: window.filter(located), places: places.size, away: homeCity !== undefined }),
    }, scope);
  },
};

function report(
  graph: TransactionGraph, r: { node: number; params: GeographicMovementParams; txs: number[]; places: number; away: boolean },
): Finding {
  const days = (graph.time(r.txs[r.txs.length - 1]!) - graph.time(r.txs[0]!)) / DAY;
  return makeFinding(graph, {
    detector: geographicMovement.id,
    node: r.node,
    score: strength(r.places, r.params.minPlaces, r.params.strongPlaces) * 0.8,
    txs: r.txs,
    reason: `${r.txs.length} in-person transactions in ${r.places} different places${r.away ? ' other than the holder\'s city' : ''} `
      + `within ${Math.max(1, Math.ceil(days))} days.`,
    facts: { transactions: r.txs.length, places: r.places, days: Math.round(days * 10) / 10 },
  });
}
