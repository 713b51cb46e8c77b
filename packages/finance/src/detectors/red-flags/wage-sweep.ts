/**
 * HT-02 wage sweep: a salary credit followed within hours by transfers or withdrawals that take
 * most of it to third parties. FATF-APG (2018) describes victims whose wages are paid into their
 * own accounts and moved out at once by whoever controls the card or the log-in.
 *
 * Works per pay run: the salary credits a node receives less than `sweepHours` apart (a second
 * job paying the same morning adds to the wage rather than standing alone). From the run's first
 * credit, for `sweepHours`, it adds the node's outflows of the sweep kinds (transfers, wires, cash
 * withdrawals, money-service and crypto payments; not card spending, not moves between the
 * customer's own accounts) and fires at the outflow that takes that sum to `sweepShare` of the
 * wages credited so far: one finding per swept pay run. Three kinds of outflow do not take the
 * wage: a transfer or wire to a payee the KYC records as a business (rent to a letting company, a
 * utility: a payment for something, unless `businessPayees`); a transfer or wire of exactly the
 * sum, to the cent, the node paid the same payee in the `repeatDays` before (a standing order:
 * rent to a private landlord, a loan instalment, unless `standingOrders`), where a controller's
 * take follows the wage and varies; and a single outflow larger than `maxOutflowShare` of the wage
 * (rent or a purchase paid from the balance, not from this wage).
 *
 * One sweep is weak evidence (family support sent on payday looks the same) and scores at most
 * 0.7; earlier pay runs within `repeatDays` swept the same way make it a pattern and raise the
 * score to 0.75 and above. The finding's evidence is the run's salary credits and sweeps and
 * those of the earlier swept runs, so one finding shows the wages of every period and where they
 * went.
 *
 * Anchor: the paying endpoint of the outflow that completes the sweep (the wage earner).
 *
 * Cannot see: who ordered the outflows, or whether a debt repayment of varying sums to a private
 * person falls in the window by coincidence; a controller paid through a business account, or
 * one who takes the same fixed sum every month, is missed unless `businessPayees` or
 * `standingOrders` is set (the first month of such a take is still seen, as one sweep).
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { HOUR, DAY, SOURCES, atOrBefore, isOwnTransfer, kindSet, makeFinding, money, percent } from './flag-helpers.ts';

export type WageSweepParams = {
  /** how soon after the pay run's first salary credit the sweep must be complete; also the gap that ends a pay run */
  readonly sweepHours: number;
  /** the share of the wages that must leave */
  readonly sweepShare: number;
  /** salary credits below this (base currency) are ignored */
  readonly minSalary: number;
  /** outflow kinds that count as taking the money to a third party */
  readonly sweepKinds: readonly string[];
  /** how far back earlier swept pay runs count as repetition */
  readonly repeatDays: number;
  /** whether transfers and wires to payees the KYC records as businesses count as sweeps */
  readonly businessPayees: boolean;
  /** whether a transfer or wire repeating an earlier one to the same payee to the cent counts as a sweep */
  readonly standingOrders: boolean;
  /** a single outflow above this share of the wage is paid from the balance, not taken from the wage */
  readonly maxOutflowShare: number;
};

/** what a pay run's wages became, up to a given transaction */
interface Run {
  /** the run's salary credits, in order */
  readonly credits: number[];
  readonly wage: number;
  /** sweep outflows up to the one completing the sweep (or up to the limit when none does) */
  readonly sweeps: number[];
  readonly swept: number;
  /** the outflow that took the sum to `sweepShare` of the wage, -1 when none did */
  readonly completedBy: number;
  readonly recipients: number;
}

interface Walk {
  readonly graph: TransactionGraph;
  readonly params: WageSweepParams;
  readonly inc: readonly number[];
  readonly out: readonly number[];
  readonly sweepMs: number;
  readonly isSalary: (t: number) => boolean;
  /** the outflow's kind can sweep (cheap: read before looking for a pay run) */
  readonly sweepKind: (t: number) => boolean;
  /** …and it takes the wage: not a business payee, not a standing order (reads the node's recent payments) */
  readonly isSweep: (t: number) => boolean;
}

const TRANSFER_KINDS = new Set(['transfer', 'wire', 'cheque']);

export const wageSweep: Detector<WageSweepParams> = {
  id: 'ht-wage-sweep',
  title: 'Wage swept out soon after it is paid',
  description:
    'Most of a salary credit leaves by transfer or withdrawal to third parties within hours of arriving; repeated over pay periods it is '
    + 'a pattern (FATF-APG 2018).',
  sources: [SOURCES.FATF18],
  redFlag: 'HT-02',
  requires: ['TX'],
  anchorSide: 'payer',
  defaults: {
    sweepHours: 24, sweepShare: 0.7, minSalary: 100, sweepKinds: ['transfer', 'wire', 'cash_withdrawal', 'msb', 'crypto'], repeatDays: 100,
    businessPayees: false, standingOrders: false, maxOutflowShare: 1,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kinds = kindSet(params.sweepKinds);
    const out = graph.outgoing(node);
    const sweepKind = (t: number): boolean => kinds.has(graph.kind(t)) && !isOwnTransfer(graph, t);
    const w: Walk = {
      graph, params, inc: graph.incoming(node), out, sweepMs: params.sweepHours * HOUR,
      isSalary: (t) => graph.kind(t) === 'salary' && !isOwnTransfer(graph, t) && graph.amount(t) >= params.minSalary,
      sweepKind,
      isSweep: (t) => {
        if (!sweepKind(t)) return false;
        if (!TRANSFER_KINDS.has(graph.kind(t))) return true;
        if (!params.businessPayees && graph.node(graph.to(t)).kind === 'business') return false;
        return params.standingOrders || !repeatsEarlierPayment(graph, out, t, params.repeatDays * DAY);
      },
    };
    const findings: Finding[] = [];
    const end = graph.lastAtOrBefore(w.out, scope.until);
    for (let p = graph.firstAtOrAfter(w.out, scope.since); p < end; p++) {
      const o = w.out[p]!;
      if (!w.sweepKind(o)) continue;
      // the pay runs that began within sweepHours before this outflow
      for (let q = graph.firstAtOrAfter(w.inc, graph.time(o) - w.sweepMs); q < w.inc.length; q++) {
        const s = w.inc[q]!;
        if (!atOrBefore(graph, s, o)) break;
        if (s === o || !startsRun(w, q)) continue;
        // runOf reads each outflow with isSweep: o completes the sweep only if it takes the wage
        const run = runOf(w, q, o);
        if (run.completedBy !== o) continue;
        findings.push(report(w, { node, run, earlier: earlierSweeps(w, q) }));
      }
    }
    return findings;
  },
};

/** whether `t` pays the same payee exactly the sum (to the cent) of an earlier payment within `lookbackMs` */
function repeatsEarlierPayment(graph: TransactionGraph, out: readonly number[], t: number, lookbackMs: number): boolean {
  const payee = graph.to(t);
  const cents = Math.round(graph.amount(t) * 100);
  for (let i = graph.firstAtOrAfter(out, graph.time(t) - lookbackMs); i < out.length; i++) {
    const e = out[i]!;
    if (e === t || !atOrBefore(graph, e, t)) break;
    if (graph.to(e) === payee && Math.round(graph.amount(e) * 100) === cents) return true;
  }
  return false;
}

/** whether inc[q] is a salary credit with no other in the `sweepHours` before it */
function startsRun(w: Walk, q: number): boolean {
  const { graph, inc } = w;
  const s = inc[q]!;
  if (!w.isSalary(s)) return false;
  const from = graph.time(s) - w.sweepMs;
  for (let k = q - 1; k >= 0 && graph.time(inc[k]!) > from; k--) if (w.isSalary(inc[k]!)) return false;
  return true;
}

/**
 * The pay run starting at inc[q], read in time order up to `limit` (inclusive): its salary
 * credits within `sweepHours`, and the sweep outflows after the first of them within `sweepHours`,
 * until one takes the sum to `sweepShare` of the wages credited by then.
 */
function runOf(w: Walk, q: number, limit: number): Run {
  const { graph, inc, out, params } = w;
  const first = inc[q]!;
  const endTime = graph.time(first) + w.sweepMs;
  const credits: number[] = [];
  const sweeps: number[] = [];
  const recipients = new Set<number>();
  let wage = 0;
  let swept = 0;
  let i = q;
  let o = graph.firstAtOrAfter(out, graph.time(first));
  for (;;) {
    const c = i < inc.length ? inc[i]! : -1;
    const d = o < out.length ? out[o]! : -1;
    const cOk = c >= 0 && graph.time(c) <= endTime && atOrBefore(graph, c, limit);
    const dOk = d >= 0 && graph.time(d) <= endTime && atOrBefore(graph, d, limit);
    if (!cOk && !dOk) break;
    if (cOk && (!dOk || atOrBefore(graph, c, d))) {
      i++;
      if (w.isSalary(c)) { credits.push(c); wage += graph.amount(c); }
      continue;
    }
    o++;
    if (!atOrBefore(graph, first, d) || !w.isSweep(d) || graph.amount(d) > params.maxOutflowShare * wage) continue;
    sweeps.push(d);
    swept += graph.amount(d);
    recipients.add(graph.to(d));
    if (swept >= params.sweepShare * wage) return { credits, wage, sweeps, swept, completedBy: d, recipients: recipients.size };
  }
  return { credits, wage, sweeps, swept, completedBy: -1, recipients: recipients.size };
}

/** the earlier pay runs within `repeatDays` before inc[q] that were swept the same way */
function earlierSweeps(w: Walk, q: number): Run[] {
  const { graph, inc } = w;
  const s = inc[q]!;
  const runs: Run[] = [];
  for (let k = graph.firstAtOrAfter(inc, graph.time(s) - w.params.repeatDays * DAY); k < q; k++) {
    if (!startsRun(w, k)) continue;
    // a run starts at least sweepHours before the next one, so it is over by then
    const run = runOf(w, k, s);
    if (run.completedBy >= 0) runs.push(run);
  }
  return runs;
}

/** 0.5..0.7 for one sweep by how much of the wage left; 0.75..1 once earlier pay runs were swept too */
function scoreOf(share: number, sweepShare: number, repeats: number): number {
  const taken = 2 * strength(Math.min(1, share), sweepShare, 1) - 1;
  return 0.5 + 0.2 * taken + (repeats > 0 ? 0.2 + 0.05 * Math.min(2, repeats) : 0);
}

function report(w: Walk, r: { node: number; run: Run; earlier: readonly Run[] }): Finding {
  const { graph, params } = w;
  const { run, earlier } = r;
  const share = run.swept / run.wage;
  const hours = (graph.time(run.completedBy) - graph.time(run.credits[0]!)) / HOUR;
  const repeats = earlier.length;
  const wages = run.credits.length === 1
    ? `a ${money(graph, run.wage)} salary credit`
    : `${money(graph, run.wage)} of wages in ${run.credits.length} salary credits`;
  const again = repeats > 0 ? ` The same happened to ${repeats} earlier pay run${repeats === 1 ? '' : 's'} within ${params.repeatDays} days.` : '';
  return makeFinding(graph, {
    detector: wageSweep.id,
    node: r.node,
    score: scoreOf(share, params.sweepShare, repeats),
    txs: [...earlier.flatMap((e) => [...e.credits, ...e.sweeps]), ...run.credits, ...run.sweeps],
    reason: `${percent(share)} of ${wages} left within ${formatDuration(hours * HOUR)} `
      + `in ${run.sweeps.length} outflow${run.sweeps.length === 1 ? '' : 's'} to ${run.recipients} recipient${run.recipients === 1 ? '' : 's'}.${again}`,
    facts: {
      salary: run.wage, swept: run.swept, share: Math.round(share * 1000) / 1000, hours: Math.round(hours * 10) / 10,
      outflows: run.sweeps.length, recipients: run.recipients, earlierSweeps: repeats,
    },
  });
}
