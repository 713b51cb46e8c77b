/**
 * CT-02 ⚑ ransom-like pooling: several unrelated senders, typically relatives in the diaspora,
 * pay one intermediary within days, and a single outbound payment of most of the total goes on to
 * or near an area where armed groups operate. UN CTED (2019) links kidnapping for ransom,
 * terrorism and trafficking in persons; families abroad pool the ransom through a hawaladar or a
 * relative near the conflict zone.
 *
 * At each outbound payment (transfer, wire, money-service, cash withdrawal or crypto) whose
 * destination country, origin country or the intermediary's branch country (KYC) is in
 * `scope.context.conflictCountries`: the credits in the window before it from non-pseudo senders,
 * from abroad (a stated origin country other than the intermediary's branch country, else the
 * home country) unless `requireForeignSenders` is off; of those senders, the ones that sent at
 * most `maxPerSender` times, had no dealings with the intermediary in the `lookbackDays` before
 * the window and none with each other (new, unrelated). Fires when `minSenders` remain and the one
 * outbound payment is at least `outShare` of what they paid in; once per episode. Senders are
 * judged new only where the data reaches `minCoverageDays` back before the first of their credits.
 *
 * Anchor: the paying endpoint of the outbound payment (the intermediary).
 *
 * Without conflict countries in the scan context it finds nothing. Cannot see: family ties among
 * the senders (relatives are unrelated in the transaction graph unless they paid each other), or a
 * ransom carried in cash.
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import {
  DAY, SOURCES, forEachInWindow, isOwnTransfer, kindSet, makeFinding, money, percent, seesBack, senderRelations, upper, walkEpisodes,
} from './flag-helpers.ts';

export type RansomPoolingParams = {
  readonly windowDays: number;
  readonly minSenders: number;
  readonly strongSenders: number;
  /** the share of the pooled sum the single outbound payment must carry */
  readonly outShare: number;
  readonly requireForeignSenders: boolean;
  readonly maxPerSender: number;
  readonly lookbackDays: number;
  readonly inKinds: readonly string[];
  readonly outKinds: readonly string[];
  readonly maxScan: number;
  /** the data must reach back this far before the first credit for senders to be judged new */
  readonly minCoverageDays: number;
};

interface Verdict { readonly credits: number[]; readonly senders: number; readonly pooled: number; readonly countries: string[] }

export const ransomPooling: Detector<RansomPoolingParams> = {
  id: 'ct-ransom-pooling',
  title: '⚑ Ransom-like pooling towards a conflict area',
  description:
    '⚑ Several unrelated senders from abroad pay one intermediary within days, then one outbound payment of most of the total goes to or '
    + 'near a conflict area (UN CTED 2019: kidnapping for ransom, terrorism and trafficking in persons).',
  sources: [SOURCES.CTED19],
  redFlag: 'CT-02',
  requires: ['TX', 'KYC', 'EXT'],
  anchorSide: 'payer',
  defaults: {
    windowDays: 10, minSenders: 3, strongSenders: 8, outShare: 0.8, requireForeignSenders: true, maxPerSender: 2, lookbackDays: 90,
    inKinds: ['transfer', 'wire', 'msb', 'crypto'], outKinds: ['transfer', 'wire', 'msb', 'cash_withdrawal', 'crypto'], maxScan: 2_000, minCoverageDays: 30,
  },

  detect(graph, node, params, scope): Finding[] {
    const conflict = scope.context.conflictCountries;
    if (!conflict || conflict.size === 0 || graph.isPseudo(node)) return [];
    const areas = new Set([...conflict].map((c) => c.toUpperCase()));
    const branch = upper(graph.node(node).country);
    const base = branch ?? upper(scope.context.homeCountry);
    const inKinds = kindSet(params.inKinds);
    const outKinds = kindSet(params.outKinds);
    const areasOf = (o: number): string[] => {
      const cs = [upper(graph.attr(o, 'toCountry')), upper(graph.attr(o, 'fromCountry')), branch];
      return [...new Set(cs.filter((c): c is string => c !== undefined && areas.has(c)))].sort();
    };
    const inArea = (c: string | undefined): boolean => c !== undefined && areas.has(c);
    const branchInArea = inArea(branch);
    // runs on every outflow: no allocation
    const isOutbound = (t: number): boolean => outKinds.has(graph.kind(t)) && !isOwnTransfer(graph, t)
      && (branchInArea || inArea(upper(graph.attr(t, 'toCountry'))) || inArea(upper(graph.attr(t, 'fromCountry'))));
    const isPooling = (t: number): boolean => {
      if (!inKinds.has(graph.kind(t)) || isOwnTransfer(graph, t) || graph.isPseudo(graph.from(t))) return false;
      if (!params.requireForeignSenders) return true;
      const c = upper(graph.attr(t, 'fromCountry'));
      return c !== undefined && c !== base;
    };
    const windowMs = params.windowDays * DAY;
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.outgoing(node)],
      windowMs,
      relevant: isOutbound,
      evaluate: (o) => {
        const windowStart = graph.time(o) - windowMs;
        const bySender = new Map<number, number[]>();
        let first = Infinity;
        forEachInWindow(graph, graph.incoming(node), { fromTime: windowStart, anchor: o }, (t) => {
          if (!isPooling(t)) return;
          first = Math.min(first, graph.time(t));
          const s = graph.from(t);
          const list = bySender.get(s);
          if (list) list.push(t);
          else bySender.set(s, [t]);
        });
        const oneOff = new Set([...bySender].filter(([, txs]) => txs.length <= params.maxPerSender).map(([s]) => s));
        if (oneOff.size < params.minSenders || !seesBack(graph, first, params.minCoverageDays)) return undefined;
        const rel = senderRelations(graph, node, oneOff, {
          lookbackFrom: windowStart - params.lookbackDays * DAY, windowStart, anchor: o, maxScan: params.maxScan,
        });
        const credits = [...oneOff].filter((s) => !rel.prior.has(s) && !rel.linked.has(s)).flatMap((s) => bySender.get(s)!);
        const senders = new Set(credits.map((t) => graph.from(t))).size;
        if (senders < params.minSenders) return undefined;
        const pooled = credits.reduce((s, t) => s + graph.amount(t), 0);
        return graph.amount(o) >= params.outShare * pooled ? { credits, senders, pooled, countries: areasOf(o) } : undefined;
      },
      report: (o, v) => report(graph, { node, params, anchor: o, verdict: v }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: RansomPoolingParams; anchor: number; verdict: Verdict }): Finding {
  const { credits, senders, pooled, countries } = r.verdict;
  const out = graph.amount(r.anchor);
  const first = credits.reduce((m, t) => Math.min(m, graph.time(t)), Infinity);
  const last = credits.reduce((m, t) => Math.max(m, graph.time(t)), -Infinity);
  const span = last - first;
  const after = graph.time(r.anchor) - last;
  const origins = new Set(credits.map((t) => upper(graph.attr(t, 'fromCountry')) ?? '?')).size;
  return makeFinding(graph, {
    detector: ransomPooling.id,
    node: r.node,
    score: 0.6 * strength(senders, r.params.minSenders, r.params.strongSenders) + 0.4,
    txs: [...credits, r.anchor],
    reason: `⚑ ${senders} unrelated senders with no earlier dealings with this customer (from ${origins} countr${origins === 1 ? 'y' : 'ies'}) `
      + `paid it ${money(graph, pooled)} within ${formatDuration(Math.max(span, 60_000))}; ${formatDuration(Math.max(after, 60_000))} later a single `
      + `${money(graph, out)} payment (${percent(out / pooled)} of it) went on, linked to ${countries.join(', ')}, listed as conflict-affected.`,
    facts: {
      senders, credits: credits.length, pooled, outbound: out, share: Math.round((out / pooled) * 1000) / 1000, countries: countries.join(','),
      originCountries: origins, hours: Math.round(span / 360_000) / 10,
    },
  });
}
