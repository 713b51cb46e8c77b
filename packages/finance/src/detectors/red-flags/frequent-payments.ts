/**
 * Red flags that are "frequent payments of one sort" when merchant data exists: online
 * advertising and web hosting (HT-06), foreign-based classified sites (HT-18), prepaid-card loads
 * (HT-16) and small virtual-currency purchases (HT-19). One counting walk serves all four; each
 * detector says which transactions count.
 *
 * Over the window (t - windowDays, t] ending at a matching payment: the matching payments, their
 * count and sum. Fires when the count reaches `minPayments`, once per episode. For advertising it
 * also tests FINTRAC's pattern of repeated multiples of a small amount (3, 12, 24…), which raises
 * the score. Business and money-service customers are left out unless `includeBusinesses`
 * (a business advertising every day is ordinary).
 *
 * Anchor: the customer's endpoint of the latest matching payment (the payer; for a payment from a
 * classified site, the receiver).
 *
 * Cannot see: what was advertised or bought. With no merchant category codes in the data the
 * merchant-based ones find nothing; HT-19 also counts transactions of kind `crypto`.
 */
import { strength, type DetectContext, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { ADVERTISING_MCC, PREPAID_MCC, QUASI_CASH_MCC } from './merchant-codes.ts';
import { DAY, SOURCES, homeCountryOf, isOwnTransfer, makeFinding, mccMatcher, money, upper, walkEpisodes } from './flag-helpers.ts';

export type FrequentPaymentParams = {
  readonly windowDays: number;
  readonly minPayments: number;
  /** payment count at which the score reaches 1 */
  readonly strongPayments: number;
  /** a payment above this (base currency) does not count */
  readonly maxAmount: number;
  readonly merchantCategories: readonly string[];
  readonly includeBusinesses: boolean;
};

interface FamilyMember {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sources: readonly string[];
  readonly redFlag: string;
  readonly requires: readonly ('TX' | 'KYC' | 'EXT')[];
  readonly defaults: FrequentPaymentParams;
  /** also read the node's incoming list (payments from the merchants) */
  readonly bothWays: boolean;
  /** test FINTRAC's repeated-multiples amounts */
  readonly multiples: boolean;
  /** what one counted payment is, for the reason: `payments to advertising or web-hosting merchants` */
  readonly what: string;
  /** the predicate of counted payments, or undefined when the data it needs is missing */
  matcher(graph: TransactionGraph, node: number, params: FrequentPaymentParams, context: DetectContext): ((t: number) => boolean) | undefined;
}

function frequentPayments(member: FamilyMember): Detector<FrequentPaymentParams> {
  const detector: Detector<FrequentPaymentParams> = {
    id: member.id,
    title: member.title,
    description: member.description,
    sources: member.sources,
    redFlag: member.redFlag,
    requires: member.requires,
    defaults: member.defaults,
    detect(graph, node, params, scope): Finding[] {
      if (graph.isPseudo(node)) return [];
      if (!params.includeBusinesses) {
        const kind = graph.node(node).kind;
        if (kind === 'business' || kind === 'msb') return [];
      }
      const base = member.matcher(graph, node, params, scope.context);
      if (base === undefined) return [];
      const counts = (t: number): boolean => !isOwnTransfer(graph, t) && graph.amount(t) <= params.maxAmount && base(t);
      let count = 0;
      return walkEpisodes<true>(graph, {
        lists: member.bothWays ? [graph.outgoing(node), graph.incoming(node)] : [graph.outgoing(node)],
        windowMs: params.windowDays * DAY,
        relevant: counts,
        enter: () => { count++; },
        leave: () => { count--; },
        evaluate: () => (count >= params.minPayments ? true : undefined),
        report: (_t, _v, window) => report(graph, { member, node, params, payments: window.filter(counts) }),
      }, scope);
    },
  };
  return detector;
}

/**
 * FINTRAC's "repeated multiples of small amounts": every amount a whole multiple of the smallest,
 * with at least two different amounts (3, 12, 24). A ratio within 0.01 of a whole number counts,
 * so amounts converted from another currency still match.
 */
export function repeatedMultiples(amounts: readonly number[]): boolean {
  if (amounts.length < 3) return false;
  const unit = amounts.reduce((m, a) => Math.min(m, a), Infinity);
  if (!(unit > 0)) return false;
  let distinct = false;
  for (const a of amounts) {
    const ratio = a / unit;
    const k = Math.round(ratio);
    if (Math.abs(ratio - k) > 0.01) return false;
    if (k > 1) distinct = true;
  }
  return distinct;
}

function report(
  graph: TransactionGraph, r: { member: FamilyMember; node: number; params: FrequentPaymentParams; payments: number[] },
): Finding {
  const { member, params, payments } = r;
  const sum = payments.reduce((s, t) => s + graph.amount(t), 0);
  const merchants = new Set(payments.map((t) => (graph.from(t) === r.node ? graph.to(t) : graph.from(t)))).size;
  const multiples = member.multiples && repeatedMultiples(payments.map((t) => graph.amount(t)));
  const score = strength(payments.length, params.minPayments, params.strongPayments) * (multiples ? 1 : 0.85) + (multiples ? 0.1 : 0);
  return makeFinding(graph, {
    detector: member.id,
    node: r.node,
    score,
    txs: payments,
    reason: `${payments.length} ${member.what} (${money(graph, sum)}, to or from ${merchants} merchant${merchants === 1 ? '' : 's'}) within ${params.windowDays} days`
      + `${multiples ? ', in repeated multiples of one small amount' : ''}.`,
    facts: { payments: payments.length, sum, merchants, multiples: multiples ? 'yes' : 'no', windowDays: params.windowDays },
  });
}

const personalOnly = { includeBusinesses: false } as const;

/** HT-06: frequent small payments to online advertising, classified and web-hosting merchants */
export const adPayments = frequentPayments({
  id: 'ht-ad-payments',
  title: 'Frequent small payments for online advertising',
  description:
    'Frequent small payments to advertising, classified-ad, direct-marketing and web-hosting merchants, often in repeated multiples of '
    + 'a small amount: paying for online sex-service advertisements (FinCEN FIN-2014-A008, FIN-2020-A008; FINTRAC 2016/2021).',
  sources: [SOURCES.F14, SOURCES.F20, SOURCES.FT16],
  redFlag: 'HT-06',
  requires: ['TX', 'EXT'],
  defaults: { windowDays: 30, minPayments: 6, strongPayments: 20, maxAmount: 300, merchantCategories: ADVERTISING_MCC, ...personalOnly },
  bothWays: false,
  multiples: true,
  what: 'small payments to advertising or web-hosting merchants',
  matcher(graph, node, params) {
    const mcc = mccMatcher(params.merchantCategories);
    return (t) => graph.from(t) === node && mcc(graph.attr(t, 'merchantCategory'));
  },
});

/** HT-18: frequent payments to or from foreign-based online classified sites */
export const foreignClassifieds = frequentPayments({
  id: 'ht-foreign-classifieds',
  title: 'Frequent payments to or from foreign online classified sites',
  description:
    'Frequent payments to, or payouts from, advertising and classified-site merchants based abroad (FinCEN FIN-2020-A008).',
  sources: [SOURCES.F20],
  redFlag: 'HT-18',
  requires: ['TX', 'EXT'],
  defaults: { windowDays: 30, minPayments: 4, strongPayments: 15, maxAmount: 5_000, merchantCategories: ADVERTISING_MCC, ...personalOnly },
  bothWays: true,
  multiples: true,
  what: 'payments with advertising or classified-site merchants abroad',
  matcher(graph, node, params, context) {
    const home = homeCountryOf(graph, node, context);
    if (home === undefined) return undefined;
    const mcc = mccMatcher(params.merchantCategories);
    return (t) => {
      if (!mcc(graph.attr(t, 'merchantCategory'))) return false;
      const c = upper(graph.attr(t, graph.from(t) === node ? 'toCountry' : 'fromCountry'));
      return c !== undefined && c !== home;
    };
  },
});

/** HT-16: frequent purchase or loading of prepaid access cards */
export const prepaidCards = frequentPayments({
  id: 'ht-prepaid-cards',
  title: 'Frequent prepaid-card purchases',
  description: 'Frequent purchases or loads of prepaid access (stored-value) cards (FinCEN FIN-2020-A008).',
  sources: [SOURCES.F20],
  redFlag: 'HT-16',
  requires: ['TX', 'EXT'],
  defaults: { windowDays: 30, minPayments: 5, strongPayments: 15, maxAmount: 1_000_000, merchantCategories: PREPAID_MCC, ...personalOnly },
  bothWays: false,
  multiples: false,
  what: 'prepaid-card purchases or loads',
  matcher(graph, node, params) {
    const mcc = mccMatcher(params.merchantCategories);
    return (t) => graph.from(t) === node && mcc(graph.attr(t, 'merchantCategory'));
  },
});

/** HT-19 (its transaction part): frequent small virtual-currency purchases */
export const smallCryptoPurchases = frequentPayments({
  id: 'ht-small-crypto-purchases',
  title: 'Frequent small virtual-currency purchases',
  description:
    'Frequent small purchases of virtual currency (crypto transactions, or quasi-cash merchants) (FinCEN FIN-2020-A008; FINTRAC 2016/2021). '
    + 'Flows to dark-web markets need chain analytics this data does not have.',
  sources: [SOURCES.F20, SOURCES.FT16],
  redFlag: 'HT-19',
  requires: ['TX'],
  defaults: { windowDays: 30, minPayments: 8, strongPayments: 25, maxAmount: 500, merchantCategories: QUASI_CASH_MCC, ...personalOnly },
  bothWays: false,
  multiples: false,
  what: 'small virtual-currency purchases',
  matcher(graph, node, params) {
    const mcc = mccMatcher(params.merchantCategories);
    return (t) => graph.from(t) === node && (graph.kind(t) === 'crypto' || mcc(graph.attr(t, 'merchantCategory')));
  },
});
