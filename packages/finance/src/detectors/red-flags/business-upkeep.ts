/**
 * HT-09 a business paying for people's upkeep: lodging, housing rent, vehicle rental and bulk food
 * bought by a business whose declared line of business does not explain them. FinCEN
 * FIN-2014-A008 and FIN-2020-A008 describe businesses that house, transport and feed the workers
 * they exploit.
 *
 * Over the window (t - windowDays, t] ending at an upkeep payment of a business customer (KYC kind
 * `business` with a declared `businessType` that is not hospitality, travel, catering, transport,
 * rental or real estate): the upkeep payments by merchant category (lodging, housing, vehicle
 * rental, food), their count and sum. Fires when there are `minPayments` of them in at least
 * `minCategories` of the four kinds of upkeep and they sum to `minTotal`, once per episode.
 *
 * Anchor: the paying endpoint of the latest upkeep payment (the business).
 *
 * Needs merchant categories and the declared line of business; a business whose line is not
 * stated is not judged. Cannot see: staff travel or a canteen a business runs legitimately, other
 * than through the line of business.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { BULK_FOOD_MCC, HOUSING_MCC, LODGING_MCC, VEHICLE_RENTAL_MCC } from './merchant-codes.ts';
import { DAY, SOURCES, isOwnTransfer, makeFinding, mccMatcher, money, normText, walkEpisodes, type MccMatcher } from './flag-helpers.ts';

export type BusinessUpkeepParams = {
  readonly windowDays: number;
  readonly minPayments: number;
  /** how many of lodging, housing, vehicle rental and food must appear */
  readonly minCategories: number;
  readonly minTotal: number;
  readonly strongTotal: number;
  readonly lodgingMcc: readonly string[];
  readonly housingMcc: readonly string[];
  readonly vehicleMcc: readonly string[];
  readonly foodMcc: readonly string[];
  /** words in the declared line of business that explain such spending */
  readonly consistentLines: readonly string[];
  /** NACE divisions (two digits) that explain it: 49 land transport, 55 accommodation, 56 food service, 68 real estate, 77 rental, 79 travel agencies */
  readonly consistentNace: readonly string[];
};

const UPKEEP = ['lodging', 'housing', 'vehicle rental', 'food'] as const;

export const businessUpkeep: Detector<BusinessUpkeepParams> = {
  id: 'ht-business-pays-upkeep',
  title: 'Business paying for lodging, housing, vehicles and food',
  description:
    'A business pays for lodging, housing, vehicle rental and bulk food that its line of business does not explain: the upkeep of '
    + 'people it houses and transports (FinCEN FIN-2014-A008, FIN-2020-A008).',
  sources: [SOURCES.F14, SOURCES.F20],
  redFlag: 'HT-09',
  requires: ['TX', 'KYC', 'EXT'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 30, minPayments: 6, minCategories: 2, minTotal: 2_000, strongTotal: 20_000,
    lodgingMcc: LODGING_MCC, housingMcc: HOUSING_MCC, vehicleMcc: VEHICLE_RENTAL_MCC, foodMcc: BULK_FOOD_MCC,
    consistentLines: [
      'hotel', 'hostel', 'hospitality', 'accommodation', 'lodging', 'travel', 'tour', 'catering', 'restaurant', 'food', 'grocery',
      'supermarket', 'transport', 'logistics', 'haulage', 'rental', 'leasing', 'real estate', 'property',
    ],
    consistentNace: ['49', '55', '56', '68', '77', '79'],
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const info = graph.node(node);
    const line = normText(info.businessType);
    if (info.kind !== 'business' || line === undefined || explains(line, params)) return [];
    const matchers: MccMatcher[] = [params.lodgingMcc, params.housingMcc, params.vehicleMcc, params.foodMcc].map((l) => mccMatcher(l));
    const categoryOf = (t: number): number => {
      if (isOwnTransfer(graph, t)) return -1;
      const mcc = graph.attr(t, 'merchantCategory');
      return mcc === undefined ? -1 : matchers.findIndex((m) => m(mcc));
    };
    const perCategory = [0, 0, 0, 0];
    let count = 0;
    let sum = 0;
    const change = (t: number, by: number): void => {
      const c = categoryOf(t);
      if (c < 0) return;
      perCategory[c]! += by;
      count += by;
      sum += by * graph.amount(t);
    };
    const isUpkeep = (t: number): boolean => categoryOf(t) >= 0;
    return walkEpisodes<true>(graph, {
      lists: [graph.outgoing(node)],
      windowMs: params.windowDays * DAY,
      relevant: isUpkeep,
      enter: (t) => change(t, 1),
      leave: (t) => change(t, -1),
      evaluate: () => {
        const kinds = perCategory.filter((n) => n > 0).length;
        return count >= params.minPayments && kinds >= params.minCategories && sum >= params.minTotal - 0.005 ? true : undefined;
      },
      report: (_t, _v, window) => report(graph, { node, params, payments: window.filter(isUpkeep), categoryOf }),
    }, scope);
  },
};

/** does the declared line of business explain upkeep spending? (`55.10`, `Hotel operator`) */
function explains(line: string, params: BusinessUpkeepParams): boolean {
  const nace = /^([a-u])?(\d{2})(?:\d{1,2}|(?:\.\d{1,2})+)?$/.exec(line.replace(/\s+/g, ''));
  if (nace) return params.consistentNace.includes(nace[2]!);
  return params.consistentLines.some((w) => {
    const word = normText(w);
    return word !== undefined && line.includes(word);
  });
}

function report(
  graph: TransactionGraph, r: { node: number; params: BusinessUpkeepParams; payments: number[]; categoryOf: (t: number) => number },
): Finding {
  const sums = [0, 0, 0, 0];
  for (const t of r.payments) sums[r.categoryOf(t)]! += graph.amount(t);
  const total = sums.reduce((a, b) => a + b, 0);
  const parts = UPKEEP.map((name, i) => (sums[i]! > 0 ? `${name} ${money(graph, sums[i]!)}` : '')).filter((s) => s !== '');
  return makeFinding(graph, {
    detector: businessUpkeep.id,
    node: r.node,
    score: strength(total, r.params.minTotal, r.params.strongTotal),
    txs: r.payments,
    reason: `A business whose declared line of business does not explain it made ${r.payments.length} upkeep payments within `
      + `${r.params.windowDays} days (${parts.join(', ')}).`,
    facts: {
      payments: r.payments.length, total, lodging: sums[0]!, housing: sums[1]!, vehicleRental: sums[2]!, food: sums[3]!, windowDays: r.params.windowDays,
    },
  });
}
