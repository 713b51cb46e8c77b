/**
 * HT-02 wage sweep: a salary credit followed within hours by transfers or withdrawals that take
 * most of it to third parties. FATF-APG (2018) describes victims whose wages are paid into their
 * own accounts and moved out at once by whoever controls the card or the log-in.
 *
 * For each salary credit, adds the node's outflows of the sweep kinds (transfers, wires, cash
 * withdrawals, money-service and crypto payments; not card spending, not moves between the
 * customer's own accounts) made after it and within `sweepHours`. It fires at the outflow that
 * takes that sum to `sweepShare` of the salary: one finding per swept salary credit. Sweeps of
 * earlier salary credits within `repeatDays` raise the score (a repeated pattern over pay periods).
 *
 * Anchor: the paying endpoint of the outflow that completes the sweep (the wage earner).
 *
 * Cannot see: who ordered the outflows, or whether a large rent or a debt repayment falls in the
 * window by coincidence; recurring family support swept on payday looks the same, which is why a
 * single sweep scores low and repetition raises it.
 */
import { formatDuration, strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { HOUR, DAY, SOURCES, atOrBefore, isOwnTransfer, kindSet, makeFinding, money, percent } from './flag-helpers.ts';

export type WageSweepParams = {
  /** how soon after the salary credit the sweep must be complete */
  readonly sweepHours: number;
  /** the share of the salary that must leave */
  readonly sweepShare: number;
  /** salary credits below this (base currency) are ignored */
  readonly minSalary: number;
  /** outflow kinds that count as taking the money to a third party */
  readonly sweepKinds: readonly string[];
  /** how far back earlier sweeps count as repetition */
  readonly repeatDays: number;
};

export const wageSweep: Detector<WageSweepParams> = {
  id: 'ht-wage-sweep',
  title: 'Wage swept out soon after it is paid',
  description:
    'Most of a salary credit leaves by transfer or withdrawal to third parties within hours of arriving; repeated over pay periods it is '
    + 'stronger (FATF-APG 2018).',
  sources: [SOURCES.FATF18],
  redFlag: 'HT-02',
  requires: ['TX'],
  defaults: {
    sweepHours: 48, sweepShare: 0.8, minSalary: 100, sweepKinds: ['transfer', 'wire', 'cash_withdrawal', 'msb', 'crypto'], repeatDays: 100,
  },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const kinds = kindSet(params.sweepKinds);
    const sweepMs = params.sweepHours * HOUR;
    const isSweep = (t: number): boolean => kinds.has(graph.kind(t)) && !isOwnTransfer(graph, t);
    const isSalary = (t: number): boolean =>
      graph.kind(t) === 'salary' && !isOwnTransfer(graph, t) && graph.amount(t) >= params.minSalary;
    const out = graph.outgoing(node);
    const inc = graph.incoming(node);
    const findings: Finding[] = [];
    const end = graph.lastAtOrBefore(out, scope.until);
    for (let p = graph.firstAtOrAfter(out, scope.since); p < end; p++) {
      const o = out[p]!;
      if (!isSweep(o)) continue;
      const to = graph.time(o);
      for (let q = graph.firstAtOrAfter(inc, to - sweepMs); q < inc.length; q++) {
        const s = inc[q]!;
        if (!atOrBefore(graph, s, o)) break;
        if (s === o || !isSalary(s)) continue;
        const swept = sweptAfter(graph, { out, salary: s, upTo: o, sweepMs, isSweep });
        const need = params.sweepShare * graph.amount(s);
        if (swept.sum < need || swept.sum - graph.amount(o) >= need) continue;
        const repeats = earlierSweeps(graph, { inc, out, salary: s, upTo: o, sweepMs, isSweep, isSalary, params });
        findings.push(report(graph, { node, params, salary: s, swept, repeats }));
      }
    }
    return findings;
  },
};

interface Swept { readonly sum: number; readonly txs: number[]; readonly recipients: number; readonly lastTime: number }

/** the sweep outflows after `salary`, within `sweepMs` of it, up to `upTo` */
function sweptAfter(
  graph: TransactionGraph,
  a: { out: readonly number[]; salary: number; upTo: number; sweepMs: number; isSweep: (t: number) => boolean },
): Swept {
  const ts = graph.time(a.salary);
  let sum = 0;
  let lastTime = ts;
  const txs: number[] = [];
  const recipients = new Set<number>();
  for (let i = graph.firstAtOrAfter(a.out, ts); i < a.out.length; i++) {
    const t = a.out[i]!;
    if (graph.time(t) > ts + a.sweepMs || !atOrBefore(graph, t, a.upTo)) break;
    if (!a.isSweep(t) || !atOrBefore(graph, a.salary, t)) continue;
    sum += graph.amount(t);
    txs.push(t);
    recipients.add(graph.to(t));
    lastTime = graph.time(t);
  }
  return { sum, txs, recipients: recipients.size, lastTime };
}

/** earlier salary credits within `repeatDays` that were swept the same way */
function earlierSweeps(
  graph: TransactionGraph,
  a: {
    inc: readonly number[]; out: readonly number[]; salary: number; upTo: number; sweepMs: number;
    isSweep: (t: number) => boolean; isSalary: (t: number) => boolean; params: WageSweepParams;
  },
): number {
  const ts = graph.time(a.salary);
  let n = 0;
  for (let q = graph.firstAtOrAfter(a.inc, ts - a.params.repeatDays * DAY); q < a.inc.length; q++) {
    const s = a.inc[q]!;
    if (!atOrBefore(graph, s, a.salary) || s === a.salary) break;
    if (!a.isSalary(s)) continue;
    const swept = sweptAfter(graph, { out: a.out, salary: s, upTo: a.upTo, sweepMs: a.sweepMs, isSweep: a.isSweep });
    if (swept.sum >= a.params.sweepShare * graph.amount(s)) n++;
  }
  return n;
}

function report(
  graph: TransactionGraph,
  r: { node: number; params: WageSweepParams; salary: number; swept: Swept; repeats: number },
): Finding {
  const salary = graph.amount(r.salary);
  const share = r.swept.sum / salary;
  const hours = (r.swept.lastTime - graph.time(r.salary)) / HOUR;
  const score = strength(share, r.params.sweepShare, 1) * 0.8 + Math.min(0.2, 0.1 * r.repeats) + (r.repeats > 0 ? 0.1 : 0);
  const again = r.repeats > 0 ? ` The same happened to ${r.repeats} earlier salary credit${r.repeats === 1 ? '' : 's'} within ${r.params.repeatDays} days.` : '';
  return makeFinding(graph, {
    detector: wageSweep.id,
    node: r.node,
    score,
    txs: [r.salary, ...r.swept.txs],
    reason: `${percent(share)} of a ${money(graph, salary)} salary credit left within ${formatDuration(hours * HOUR)} `
      + `in ${r.swept.txs.length} outflow${r.swept.txs.length === 1 ? '' : 's'} to ${r.swept.recipients} recipient${r.swept.recipients === 1 ? '' : 's'}.${again}`,
    facts: {
      salary, swept: r.swept.sum, share: Math.round(share * 1000) / 1000, hours: Math.round(hours * 10) / 10,
      outflows: r.swept.txs.length, recipients: r.swept.recipients, earlierSweeps: r.repeats,
    },
  });
}
