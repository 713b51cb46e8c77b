/**
 * HT-22 many apparently unrelated senders to one beneficiary. FinCEN FIN-2014-A008 names many
 * customers with no apparent relation sending funds to the same beneficiary (smuggling and
 * trafficking fees, debts collected from victims' families).
 *
 * Over the window (t - windowDays, t] ending at a credit of the sender kinds (transfers, wires,
 * money-service, cheque, crypto; not card sales, which is how a merchant's many payers differ):
 * the distinct senders; those that sent at most `maxPerSender` times (one-off use); of them, those
 * with no dealings with the beneficiary in the `lookbackDays` before the window (new) and none with
 * each other in the lookback (unrelated). Fires when `minSenders` remain, once per episode. A
 * window with more than `maxSenders` senders is a public collection account (a charity, a
 * landlord's agent) and left to the structural fan-in detector. Senders are judged new only where
 * the data reaches `minCoverageDays` back before the window's first credit (see `seesBack`).
 *
 * Anchor: the receiving endpoint of the latest credit (the beneficiary).
 *
 * Cost: the window and the lookback of each sender (a sender busier than `maxScan` transactions
 * there counts as a regular counterparty, not one-off). Cannot see: shared addresses, phones or
 * devices among the senders (not in transaction data); relations outside this institution.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { DAY, EarlierPayers, SOURCES, isOwnTransfer, kindSet, makeFinding, money, seesBack, senderRelations, walkEpisodes } from './flag-helpers.ts';

export type UnrelatedSendersParams = {
  readonly windowDays: number;
  readonly minSenders: number;
  readonly strongSenders: number;
  /** a sender with more credits than this in the window is not one-off */
  readonly maxPerSender: number;
  readonly kinds: readonly string[];
  /** how far before the window earlier dealings are looked for */
  readonly lookbackDays: number;
  readonly maxSenders: number;
  readonly maxScan: number;
  /** the data must reach back this far before the first credit for senders to be judged new */
  readonly minCoverageDays: number;
};

interface Verdict { readonly unrelated: ReadonlySet<number>; readonly senders: number; readonly repeat: number; readonly prior: number; readonly linked: number }

export const unrelatedSenders: Detector<UnrelatedSendersParams> = {
  id: 'ht-unrelated-senders',
  title: 'Many unrelated senders to one beneficiary',
  description:
    'Many senders with no earlier dealings with the beneficiary or with each other each send it one or two transfers within days '
    + '(FinCEN FIN-2014-A008).',
  sources: [SOURCES.F14],
  redFlag: 'HT-22',
  requires: ['TX', 'KYC'],
  anchorSide: 'payee',
  defaults: {
    windowDays: 14, minSenders: 6, strongSenders: 15, maxPerSender: 2, kinds: ['transfer', 'wire', 'msb', 'cheque', 'crypto', 'other'],
    lookbackDays: 90, maxSenders: 60, maxScan: 2_000, minCoverageDays: 30,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kinds = kindSet(params.kinds);
    const isCredit = (t: number): boolean => kinds.has(graph.kind(t)) && !isOwnTransfer(graph, t) && !graph.isPseudo(graph.from(t));
    const senders = new Map<number, number>();
    const change = (t: number, by: number): void => {
      const s = graph.from(t);
      const n = (senders.get(s) ?? 0) + by;
      if (n > 0) senders.set(s, n);
      else senders.delete(s);
    };
    const windowMs = params.windowDays * DAY;
    // senders that paid before the window are not new: known from the node's own credits, before reading any sender's lists
    const earlier = new EarlierPayers(graph, graph.incoming(node), { lagMs: windowMs, spanMs: params.lookbackDays * DAY });
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.incoming(node)],
      windowMs,
      relevant: isCredit,
      enter: (t) => change(t, 1),
      leave: (t) => change(t, -1),
      evaluate: (t, window) => {
        if (senders.size < params.minSenders || senders.size > params.maxSenders) return undefined;
        if (!seesBack(graph, graph.time(window.first), params.minCoverageDays)) return undefined;
        earlier.advance(graph.time(t));
        const oneOff = new Set<number>();
        let repeat = 0;
        let known = 0;
        for (const [s, n] of senders) {
          if (n > params.maxPerSender) repeat++;
          else if (earlier.has(s)) known++;
          else oneOff.add(s);
        }
        if (oneOff.size < params.minSenders) return undefined;
        const windowStart = graph.time(t) - windowMs;
        const rel = senderRelations(graph, node, oneOff, {
          lookbackFrom: windowStart - params.lookbackDays * DAY, windowStart, anchor: t, maxScan: params.maxScan,
        });
        const unrelated = new Set([...oneOff].filter((s) => !rel.prior.has(s) && !rel.linked.has(s)));
        if (unrelated.size < params.minSenders) return undefined;
        return { unrelated, senders: senders.size, repeat, prior: known + rel.prior.size, linked: rel.linked.size };
      },
      report: (_t, v, window) => report(graph, { node, params, verdict: v, credits: window.filter((t) => isCredit(t) && v.unrelated.has(graph.from(t))) }),
    }, scope);
  },
};

function report(graph: TransactionGraph, r: { node: number; params: UnrelatedSendersParams; verdict: Verdict; credits: number[] }): Finding {
  const sum = r.credits.reduce((s, t) => s + graph.amount(t), 0);
  const n = r.verdict.unrelated.size;
  const days = (graph.time(r.credits[r.credits.length - 1]!) - graph.time(r.credits[0]!)) / DAY;
  return makeFinding(graph, {
    detector: unrelatedSenders.id,
    node: r.node,
    score: strength(n, r.params.minSenders, r.params.strongSenders),
    txs: r.credits,
    reason: `${n} senders with no earlier dealings with this customer or with each other sent it ${r.credits.length} transfers `
      + `(${money(graph, sum)}) within ${Math.max(1, Math.ceil(days))} days.`,
    facts: {
      unrelatedSenders: n, credits: r.credits.length, sum, sendersInWindow: r.verdict.senders, repeatSenders: r.verdict.repeat,
      earlierRelationship: r.verdict.prior, linkedSenders: r.verdict.linked, days: Math.round(days * 10) / 10,
    },
  });
}
