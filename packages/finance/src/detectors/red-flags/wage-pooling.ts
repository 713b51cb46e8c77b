/**
 * HT-01 wage pooling: the wages of several workers land in one account or customer within a pay
 * period. FATF-APG (2018) describes controllers who have victims' wages paid into accounts they
 * hold, so one account receives payroll credits made out to several named employees, or from
 * several employers at once.
 *
 * Computes, over the window (t - windowDays, t] ending at a salary credit, the distinct wage
 * earners whose salary credits reached the node: the beneficiary name on the credit (case and
 * spacing folded) when the payer gives one, else one earner per paying employer. It fires when
 * that count reaches `minEarners`, or, when the KYC names the account holder, when the credits
 * carry the wages of `minOtherEarners` people who are not the holder and none of the holder's own
 * (an account that is nobody's pay account but several people's). Evidence is every salary credit
 * in the window.
 *
 * A payroll run posts its credits one after another, so the pattern keeps growing after it first
 * holds: the walk reports it where it starts to hold, again at each credit that brings a new
 * earner into the window or into the current pay run (credits less than `runDays` apart), and
 * again at the first credit of each later pay run. The typology merges these findings into one
 * case, whose evidence is then the whole pooled payroll, month after month; the streaming scorer
 * reports them as updates of one alert.
 *
 * Earners named as the holder of one of the receiving accounts (the KYC holder name) are the
 * customer's own wages. When the KYC names the holder and the wages are plainly others' (at least
 * `minEarners` of the earners are not the holder, or the crew rule above holds) the score rises by
 * a quarter; a household (the holder and two others) does not get that rise.
 *
 * Anchor: the receiving endpoint of the latest salary credit (the pooling customer).
 *
 * Cannot see: whether differently written names are one person (`T. Person` and `Test Person`
 * count twice), a household's joint account without KYC holder names (two earners stay below the
 * default of three), or wages paid as plain transfers rather than as salary.
 */
import { strength, type Detector, type Finding } from '../../detector.ts';
import type { TransactionGraph } from '../../tx-graph.ts';
import { DAY, SOURCES, holderNames, isOwnTransfer, makeFinding, money, normText, walkEpisodes } from './flag-helpers.ts';

export type WagePoolingParams = {
  /** the pay period the credits must fall in */
  readonly windowDays: number;
  /** distinct earners that make it a red flag */
  readonly minEarners: number;
  /** earners other than the KYC holder that make it a red flag when none of the wages is the holder's own */
  readonly minOtherEarners: number;
  /** distinct earners at which the score reaches 1 (before the rise for others' wages) */
  readonly strongEarners: number;
  /** salary credits less than this many days apart are one pay run; a longer pause starts a new one */
  readonly runDays: number;
};

interface Verdict {
  readonly time: number;
  readonly earners: number;
  readonly employers: number;
  /** earners in the current pay run */
  readonly inRun: number;
  /** earners who are not a holder of the receiving accounts; undefined when the KYC names no holder */
  readonly others: number | undefined;
  /** whether the wages are plainly others': the score's rise */
  readonly othersWages: boolean;
}

/** the score's rise when the wages are plainly not the account holder's */
const OTHERS_RISE = 0.25;

export const wagePooling: Detector<WagePoolingParams> = {
  id: 'ht-wage-pooling',
  title: 'Wages of several workers paid into one account',
  description:
    'Salary credits for several distinct employees (distinct beneficiary names, or several employers) reach one customer within a pay period: '
    + 'a controller collecting victims\' wages (FATF-APG 2018). Stronger when the KYC shows the earners are not the account holder.',
  sources: [SOURCES.FATF18],
  redFlag: 'HT-01',
  requires: ['TX', 'KYC'],
  anchorSide: 'payee',
  defaults: { windowDays: 31, minEarners: 3, minOtherEarners: 2, strongEarners: 6, runDays: 7 },

  detect(graph, node, params, scope): Finding[] {
    if (graph.isPseudo(node)) return [];
    const isWage = (t: number): boolean => graph.kind(t) === 'salary' && !isOwnTransfer(graph, t) && !graph.isPseudo(graph.from(t));
    // read only past the first earner: most calls (one person's own salary, a card sale) need no KYC
    let holderSet: ReadonlySet<string> | undefined;
    const holders = (): ReadonlySet<string> => (holderSet ??= holderNames(graph, node));
    const earnerOf = (t: number): string => {
      const name = normText(graph.attr(t, 'beneficiaryName'));
      return name === undefined ? `employer:${graph.from(t)}` : `name:${name}`;
    };
    const earners = new Map<string, number>();
    const employers = new Map<number, number>();
    const bump = <K>(map: Map<K, number>, key: K, by: number): number => {
      const n = (map.get(key) ?? 0) + by;
      if (n > 0) map.set(key, n);
      else map.delete(key);
      return n;
    };
    const change = (t: number, earner: string, by: number): void => {
      bump(earners, earner, by);
      bump(employers, graph.from(t), by);
    };
    // the current pay run: credits since the last pause of `runDays`, read from the window's own feed
    const runMs = params.runDays * DAY;
    const fed: number[] = [];
    let runHead = 0;
    const inRun = new Map<string, number>();
    const enter = (t: number): void => {
      const earner = earnerOf(t);
      change(t, earner, 1);
      const prev = fed.at(-1);
      if (prev !== undefined && graph.time(t) - graph.time(prev) >= runMs) {
        runHead = fed.length;
        inRun.clear();
      }
      fed.push(t);
      bump(inRun, earner, 1);
    };
    return walkEpisodes<Verdict>(graph, {
      lists: [graph.incoming(node)],
      windowMs: params.windowDays * DAY,
      relevant: isWage,
      enter,
      leave: (t) => change(t, earnerOf(t), -1),
      evaluate: (t) => {
        // one earner is anyone's pay account: the KYC is read only past that
        if (earners.size < Math.min(params.minEarners, params.minOtherEarners)) return undefined;
        const known = holders().size > 0;
        // distinct named earners in the window who are, and who are not, the holder
        let own = 0;
        let others = 0;
        for (const earner of earners.keys()) {
          if (!earner.startsWith('name:')) continue;
          if (holders().has(earner.slice(5))) own++;
          else others++;
        }
        const crew = known && own === 0 && others >= params.minOtherEarners;
        if (earners.size < params.minEarners && !crew) return undefined;
        // a run longer than the window keeps only the credits the window holds
        const from = graph.time(t) - params.windowDays * DAY;
        while (runHead < fed.length && graph.time(fed[runHead]!) <= from) bump(inRun, earnerOf(fed[runHead++]!), -1);
        return {
          time: graph.time(t), earners: earners.size, employers: employers.size, inRun: inRun.size,
          others: known ? others : undefined, othersWages: crew || (known && others >= params.minEarners),
        };
      },
      renews: (previous, current) =>
        current.time - previous.time >= runMs || current.earners > previous.earners || current.inRun > previous.inRun,
      report: (_t, v, window) => report(graph, { node, params, verdict: v, credits: window.filter(isWage) }),
    }, scope);
  },
};

function report(
  graph: TransactionGraph,
  r: { node: number; params: WagePoolingParams; verdict: Verdict; credits: number[] },
): Finding {
  const total = r.credits.reduce((s, t) => s + graph.amount(t), 0);
  const { earners, employers, others, othersWages } = r.verdict;
  const p = r.params;
  const base = earners >= p.minEarners ? strength(earners, p.minEarners, p.strongEarners) : strength(others ?? 0, p.minOtherEarners, p.strongEarners);
  const score = base + (othersWages ? OTHERS_RISE : 0);
  const notHolder = others === undefined ? '' : `; ${others} of them ${others === 1 ? 'is' : 'are'} not the account holder`;
  return makeFinding(graph, {
    detector: wagePooling.id,
    node: r.node,
    score: Math.min(1, score),
    txs: r.credits,
    reason: `Salary credits for ${earners} distinct earners from ${employers} employer${employers === 1 ? '' : 's'} `
      + `(${r.credits.length} credits, ${money(graph, total)}) reached this customer within ${r.params.windowDays} days${notHolder}.`,
    facts: {
      earners, employers, credits: r.credits.length, total, windowDays: r.params.windowDays,
      ...(others === undefined ? {} : { notHolder: others }),
    },
  });
}
