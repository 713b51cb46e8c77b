/**
 * HT-01 wage pooling: the wages of several workers land in one account or customer within a pay
 * period. FATF-APG (2018) describes controllers who have victims' wages paid into accounts they
 * hold, so one account receives payroll credits made out to several named employees, or from
 * several employers at once.
 *
 * Computes, over the window (t - windowDays, t] ending at a salary credit, the distinct wage
 * earners whose salary credits reached the node: the beneficiary name on the credit (case and
 * spacing folded) when the payer gives one, else one earner per paying employer. It fires when
 * that count reaches `minEarners`, once per episode (see `walkEpisodes`).
 *
 * Anchor: the receiving endpoint of the latest salary credit (the pooling customer).
 *
 * Cannot see: whether differently written names are one person (`T. Person` and `Test Person`
 * count twice), a household's joint account (two earners stay below the default of three), or
 * wages paid as plain transfers rather than as salary.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { DAY, SOURCES, isOwnTransfer, makeFinding, money, normText, walkEpisodes } from './flag-helpers.ts';

export type WagePoolingParams = {
  /** the pay period the credits must fall in */
  readonly windowDays: number;
  /** distinct earners that make it a red flag */
  readonly minEarners: number;
  /** distinct earners at which the score reaches 1 */
  readonly strongEarners: number;
};

interface Verdict { readonly earners: number; readonly employers: number }

export const wagePooling: Detector<WagePoolingParams> = {
  id: 'ht-wage-pooling',
  title: 'Wages of several workers paid into one account',
  description:
    'Salary credits for several distinct employees (distinct beneficiary names, or several employers) reach one customer within a pay period: '
    + 'a controller collecting victims\' wages (FATF-APG 2018).',
  sources: [SOURCES.FATF18],
  redFlag: 'HT-01',
  requires: ['TX'],
  defaults: { windowDays: 31, minEarners: 3, strongEarners: 6 },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const isWage = (t: number): boolean => graph.kind(t) === 'salary' && !isOwnTransfer(graph, t) && !graph.isPseudo(graph.from(t));
    const earners = new Map<string, number>();
    const employers = new Map<number, number>();
    const bump = <K>(map: Map<K, number>, key: K, by: number): void => {
      const n = (map.get(key) ?? 0) + by;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    };
    const earnerOf = (t: number): string => {
      const name = normText(graph.attr(t, 'beneficiaryName'));
      return name === undefined ? `employer:${graph.from(t)}` : `name:${name}`;
    };
    const change = (t: number, by: number): void => {
      bump(earners, earnerOf(t), by);
      bump(employers, graph.from(t), by);
    };
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.incoming(node)],
      windowMs: params.windowDays * DAY,
      relevant: isWage,
      enter: (t) => change(t, 1),
      leave: (t) => change(t, -1),
      evaluate: () => (earners.size >= params.minEarners ? { earners: earners.size, employers: employers.size } : undefined),
      report: (_t, v, window) => report(graph, { node, params, verdict: v, credits: window.filter(isWage) }),
    }, scope);
  },
};

function report(
  graph: TransactionGraph,
  r: { node: number; params: WagePoolingParams; verdict: Verdict; credits: number[] },
): Finding {
  const total = r.credits.reduce((s, t) => s + graph.amount(t), 0);
  const { earners, employers } = r.verdict;
  return makeFinding(graph, {
    detector: wagePooling.id,
    node: r.node,
    score: strength(earners, r.params.minEarners, r.params.strongEarners),
    txs: r.credits,
    reason: `Salary credits for ${earners} distinct earners from ${employers} employer${employers === 1 ? '' : 's'} `
      + `(${r.credits.length} credits, ${money(graph, total)}) reached this customer within ${r.params.windowDays} days.`,
    facts: { earners, employers, credits: r.credits.length, total, windowDays: r.params.windowDays },
  });
}
