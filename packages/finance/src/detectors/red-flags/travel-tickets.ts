/**
 * HT-08 frequent travel tickets, bought for several people: airline, rail, bus, commuter and taxi
 * payments, several to one carrier within minutes, on several days. FINTRAC (2016, updated 2021)
 * and FinCEN FIN-2014-A008 describe traffickers buying tickets for the people they move.
 *
 * Over the window (t - windowDays, t] ending at a travel payment (MCC 3000-3299, 4511, 4112, 4131,
 * 4111, 4121 by default): the travel payments, and the group purchases among them (at least
 * `groupSize` payments to one carrier within `groupMinutes`, read as tickets for several people).
 * Fires when there are `minTickets` payments and group purchases on `minGroupDays` different days,
 * once per episode. Business and money-service customers are left out unless `includeBusinesses`.
 *
 * Anchor: the paying endpoint of the latest travel payment (the customer).
 *
 * Needs merchant categories; without them it finds nothing. Cannot see: passenger names or routes;
 * a carrier that charges a family's tickets one by one looks like a group purchase, which is why
 * group purchases must recur on several days.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { TRAVEL_MCC } from './merchant-codes.ts';
import { DAY, SOURCES, isOwnTransfer, makeFinding, mccMatcher, money, walkEpisodes } from './flag-helpers.ts';

export type TravelTicketsParams = {
  readonly windowDays: number;
  readonly minTickets: number;
  /** ticket count at which the score reaches 1 */
  readonly strongTickets: number;
  /** payments to one carrier within `groupMinutes` that make a group purchase */
  readonly groupSize: number;
  readonly groupMinutes: number;
  /** different days with a group purchase */
  readonly minGroupDays: number;
  readonly merchantCategories: readonly string[];
  readonly includeBusinesses: boolean;
};

interface Groups { readonly groups: number; readonly days: number; readonly largest: number }

export const travelTickets: Detector<TravelTicketsParams> = {
  id: 'ht-travel-tickets',
  title: 'Frequent travel tickets for several people',
  description:
    'Frequent air, rail, bus or taxi payments with repeated group purchases (several tickets from one carrier at once) '
    + '(FINTRAC 2016/2021; FinCEN FIN-2014-A008).',
  sources: [SOURCES.FT16, SOURCES.F14],
  redFlag: 'HT-08',
  requires: ['TX', 'EXT'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 30, minTickets: 8, strongTickets: 24, groupSize: 2, groupMinutes: 20, minGroupDays: 3,
    merchantCategories: TRAVEL_MCC, includeBusinesses: false,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kind = graph.node(node).kind;
    if (!params.includeBusinesses && (kind === 'business' || kind === 'msb')) return [];
    const mcc = mccMatcher(params.merchantCategories);
    const isTicket = (t: number): boolean => !isOwnTransfer(graph, t) && mcc(graph.attr(t, 'merchantCategory'));
    let tickets = 0;
    return walkEpisodes<Groups>(graph, {
      lists: [graph.outgoing(node)],
      windowMs: params.windowDays * DAY,
      relevant: isTicket,
      enter: () => { tickets++; },
      leave: () => { tickets--; },
      evaluate: (_t, window) => {
        if (tickets < params.minTickets) return undefined;
        const g = groupPurchases(graph, window.filter(isTicket), params);
        return g.days >= params.minGroupDays ? g : undefined;
      },
      report: (_t, g, window) => report(graph, { node, params, tickets: window.filter(isTicket), groups: g }),
    }, scope);
  },
};

/** clusters of payments to one carrier, each within `groupMinutes` of the previous, of at least `groupSize` */
export function groupPurchases(
  graph: TransactionGraph, tickets: readonly number[], params: { readonly groupSize: number; readonly groupMinutes: number },
): Groups {
  const gap = params.groupMinutes * 60_000;
  const open = new Map<number, number[]>();
  const closed: number[][] = [];
  for (const t of tickets) {
    const carrier = graph.to(t);
    const run = open.get(carrier);
    if (run && graph.time(t) - graph.time(run[run.length - 1]!) <= gap) run.push(t);
    else {
      if (run) closed.push(run);
      open.set(carrier, [t]);
    }
  }
  for (const run of open.values()) closed.push(run);
  const groups = closed.filter((run) => run.length >= params.groupSize);
  const days = new Set(groups.map((run) => Math.floor(graph.time(run[0]!) / DAY)));
  return { groups: groups.length, days: days.size, largest: groups.reduce((m, g) => Math.max(m, g.length), 0) };
}

function report(graph: TransactionGraph, r: { node: number; params: TravelTicketsParams; tickets: number[]; groups: Groups }): Finding {
  const sum = r.tickets.reduce((s, t) => s + graph.amount(t), 0);
  const g = r.groups;
  return makeFinding(graph, {
    detector: travelTickets.id,
    node: r.node,
    score: 0.5 * strength(r.tickets.length, r.params.minTickets, r.params.strongTickets) + 0.5 * strength(g.days, r.params.minGroupDays, 2 * r.params.minGroupDays),
    txs: r.tickets,
    reason: `${r.tickets.length} travel payments (${money(graph, sum)}) within ${r.params.windowDays} days, with ${g.groups} group purchases `
      + `(up to ${g.largest} tickets from one carrier at once) on ${g.days} different days.`,
    facts: { tickets: r.tickets.length, sum, groupPurchases: g.groups, groupDays: g.days, largestGroup: g.largest, windowDays: r.params.windowDays },
  });
}
