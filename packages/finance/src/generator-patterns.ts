/**
 * The planted patterns: the eight AMLSim / IBM AMLworld laundering shapes and five trafficking /
 * terrorist-financing red flags, each a builder that draws its sizes, parties, window and amounts
 * and returns its transactions, or null when it cannot fit the transactions left in the budget.
 *
 * Parameters follow AMLSim's and AMLworld's descriptions: 3..15 parties, windows of 1..10 days,
 * amounts similar to each other and often just below the reporting threshold, intermediaries
 * passing money on soon after it arrives minus a cut of 1..5 %, parties mostly without an earlier
 * relationship. The trafficking shapes follow the research list (HT-01, HT-02, HT-04, HT-21,
 * CT-02): see each builder.
 */
import { PLANTED_TYPOLOGIES, daysWithDayOfMonth, type GeneratorConfig, type PlantedTypology } from './generator-config.ts';
import type { FreshNeeds, Population } from './generator-population.ts';
import { payrollTime } from './generator-population.ts';
import { amountStyle, cut, Planner } from './generator-planner.ts';
import type { TxDraft } from './generator-draft.ts';
import { logUniform, pick, randInt, round2, shuffle, uniform, type Random } from './generator-sampling.ts';
import { HOME_CITIES, ROLE } from './generator-world.ts';

type Builder = (p: Planner, maxTx: number) => TxDraft[] | null;

/** amounts of a pattern's transactions: one style per pattern */
function style(p: Planner): () => number {
  return amountStyle(p.random, p.config.reportingThreshold);
}

function parties(p: Planner, k: number): number[] {
  return Array.from({ length: k }, () => p.party());
}

/** many accounts -> one within days */
const fanIn: Builder = (p, maxTx) => {
  if (maxTx < 3) return null;
  const k = randInt(p.random, 3, Math.min(15, maxTx));
  const sink = p.party();
  const w = p.window(1, 10);
  const amount = style(p);
  return parties(p, k).map((source) => p.tx({ from: source, to: sink, amount: amount(), t: p.at(w), kind: p.transferKind() }));
};

/** one account -> many within days */
const fanOut: Builder = (p, maxTx) => {
  if (maxTx < 3) return null;
  const k = randInt(p.random, 3, Math.min(15, maxTx));
  const source = p.party();
  const w = p.window(1, 10);
  const amount = style(p);
  return parties(p, k).map((sink) => p.tx({ from: source, to: sink, amount: amount(), t: p.at(w), kind: p.transferKind() }));
};

/** A -> B -> ... -> A, each hop after the last, each a little less */
const cycle: Builder = (p, maxTx) => {
  if (maxTx < 3) return null;
  const k = randInt(p.random, 3, Math.min(10, maxTx));
  const ring = parties(p, k);
  const w = p.window(1, 10);
  let amount = style(p)();
  let t = w.from;
  const step = (w.to - w.from) / k;
  return ring.map((from, i) => {
    t = p.after(t, 0.5, Math.max(1, step / 3_600_000));
    const tx = p.tx({ from, to: ring[(i + 1) % k]!, amount, t, kind: p.transferKind() });
    amount = round2(amount * (1 - cut(p.random)));
    return tx;
  });
};

/** every sender of each pair drawn with probability 0.7, each side covered at least once */
function denseEdges(random: Random, senders: number, receivers: number): [number, number][] {
  const edges: [number, number][] = [];
  const hasIn = new Array<boolean>(receivers).fill(false);
  for (let s = 0; s < senders; s++) {
    let out = 0;
    for (let r = 0; r < receivers; r++) if (random() < 0.7) { edges.push([s, r]); hasIn[r] = true; out++; }
    if (out === 0) { const r = randInt(random, 0, receivers - 1); edges.push([s, r]); hasIn[r] = true; }
  }
  hasIn.forEach((covered, r) => { if (!covered) edges.push([randInt(random, 0, senders - 1), r]); });
  return edges;
}

/** a set of senders -> a set of receivers, dense */
const bipartite: Builder = (p, maxTx) => {
  if (maxTx < 3) return null;
  let s = randInt(p.random, 2, 5);
  let r = randInt(p.random, 2, 5);
  while (s * r > maxTx && (s > 2 || r > 2)) { if (s >= r) s--; else r--; }
  const edges = denseEdges(p.random, s, r);
  if (edges.length > maxTx || edges.length < 3) return null;
  const senders = parties(p, s);
  const receivers = parties(p, r);
  const w = p.window(1, 10);
  const amount = style(p);
  return edges.map(([a, b]) => p.tx({ from: senders[a]!, to: receivers[b]!, amount: amount(), t: p.at(w), kind: p.transferKind() }));
};

/** layer 1 -> layer 2 -> layer 3: two chained bipartites, layer 2 passing on what it got minus a cut */
const stack: Builder = (p, maxTx) => {
  if (maxTx < 4) return null;
  const sizes = [randInt(p.random, 2, 4), randInt(p.random, 2, 4), randInt(p.random, 2, 4)] as [number, number, number];
  const first = denseEdges(p.random, sizes[0], sizes[1]);
  const second = denseEdges(p.random, sizes[1], sizes[2]);
  if (first.length + second.length > maxTx) return null;
  const layers = sizes.map((k) => parties(p, k)) as [number[], number[], number[]];
  const w = p.window(2, 10);
  const half = { from: w.from, to: (w.from + w.to) / 2 };
  const amount = style(p);
  const received = new Array<number>(sizes[1]).fill(0);
  const last = new Array<number>(sizes[1]).fill(w.from);
  const txs = first.map(([a, b]) => {
    const tx = p.tx({ from: layers[0][a]!, to: layers[1][b]!, amount: amount(), t: p.at(half), kind: p.transferKind() });
    received[b]! += tx.amount;
    last[b] = Math.max(last[b]!, tx.t);
    return tx;
  });
  for (let b = 0; b < sizes[1]; b++) {
    const outs = second.filter(([from]) => from === b);
    const total = received[b]! * (1 - cut(p.random));
    for (const [, c] of outs) {
      txs.push(p.tx({ from: layers[1][b]!, to: layers[2][c]!, amount: round2((total / outs.length) * uniform(p.random, 0.97, 1.03)), t: p.after(last[b]!, 1, 36), kind: p.transferKind() }));
    }
  }
  return txs;
};

/** a walk of hops through a group of accounts, never back to the account it just left */
const randomWalk: Builder = (p, maxTx) => {
  if (maxTx < 4) return null;
  const group = parties(p, randInt(p.random, 4, 8));
  const hops = randInt(p.random, 4, Math.min(12, maxTx));
  const w = p.window(1, 10);
  let amount = style(p)();
  let at = randInt(p.random, 0, group.length - 1);
  let t = w.from;
  const txs: TxDraft[] = [];
  for (let h = 0; h < hops; h++) {
    let next = randInt(p.random, 0, group.length - 2);
    if (next >= at) next++;
    t = p.after(t, 0.5, Math.max(1, (w.to - w.from) / hops / 3_600_000));
    txs.push(p.tx({ from: group[at]!, to: group[next]!, amount, t, kind: p.transferKind() }));
    amount = round2(amount * (1 - cut(p.random)));
    at = next;
  }
  return txs;
};

/** source -> k intermediaries -> one sink, each intermediary passing on within hours to two days */
const scatterGather: Builder = (p, maxTx) => {
  if (maxTx < 6) return null;
  const k = randInt(p.random, 3, Math.min(10, Math.floor(maxTx / 2)));
  const source = p.party();
  const sink = p.party();
  const middle = parties(p, k);
  const w = p.window(1, 8);
  const amount = style(p);
  return middle.flatMap((m) => {
    const inTx = p.tx({ from: source, to: m, amount: amount(), t: p.at(w), kind: p.transferKind() });
    const outTx = p.tx({ from: m, to: sink, amount: round2(inTx.amount * (1 - cut(p.random))), t: p.after(inTx.t, 1, 48), kind: p.transferKind() });
    return [inTx, outTx];
  });
};

/** k sources -> one hub, then the hub -> m destinations, out about equal to in */
const gatherScatter: Builder = (p, maxTx) => {
  if (maxTx < 6) return null;
  const k = randInt(p.random, 3, Math.min(7, maxTx - 3));
  const m = randInt(p.random, 3, Math.min(7, maxTx - k));
  const hub = p.party();
  const sources = parties(p, k);
  const sinks = parties(p, m);
  const w = p.window(1, 7);
  const amount = style(p);
  const gathered = sources.map((s) => p.tx({ from: s, to: hub, amount: amount(), t: p.at(w), kind: p.transferKind() }));
  const total = gathered.reduce((sum, tx) => sum + tx.amount, 0) * (1 - cut(p.random));
  const lastIn = Math.max(...gathered.map((tx) => tx.t));
  const start = p.after(lastIn, 1, 24);
  const scattered = sinks.map((d) => p.tx({ from: hub, to: d, amount: round2((total / m) * uniform(p.random, 0.95, 1.05)), t: p.after(start, 0, 24), kind: p.transferKind() }));
  return [...gathered, ...scattered];
};

/**
 * HT-02 (FATF-APG 2018): a worker's wage arrives with the employer's payroll, and within hours
 * most of it (70..95 %) goes to a controller; every payday in the period, for 1..3 workers of one
 * controller. The wage credits are part of the pattern (they are the victims' pay).
 */
const wageSweep: Builder = (p, maxTx) => {
  const { population, config } = p;
  const victims: { v: number; days: number[] }[] = [];
  let count = 0;
  const wanted = randInt(p.random, 1, 3);
  for (let tries = 0; tries < 10 && victims.length < wanted; tries++) {
    const v = p.established(true);
    if (v < 0) break;
    const days = daysWithDayOfMonth(config, population.payday[population.employer[v]!]!);
    if (days.length === 0 || count + 2 * days.length > maxTx) continue;
    victims.push({ v: p.take(v), days });
    count += 2 * days.length;
  }
  if (victims.length === 0) return null;
  const controller = p.party(true);
  const txs: TxDraft[] = [];
  for (const { v, days } of victims) {
    p.salaryPlanned[v] = 1;
    const employer = population.employer[v]!;
    for (const d of days) {
      const pay = round2(population.salary[v]! * uniform(p.random, 0.98, 1.02));
      const t = payrollTime(population, config, employer, d);
      txs.push(p.tx({ from: employer, to: v, amount: pay, t, kind: 'salary', beneficiary: population.records[v]!.holderName }));
      txs.push(p.tx({ from: v, to: controller, amount: round2(pay * uniform(p.random, 0.7, 0.95)), t: p.after(t, 0.5, 8), kind: 'transfer' }));
    }
  }
  return txs;
};

const WAGE_POOLING_SECTORS = new Set(['construction', 'agriculture', 'cleaning services', 'retail: restaurant', 'retail: beauty salon']);

/**
 * HT-01 (FATF-APG 2018): an employer's payroll pays the wages of 3..8 differently named workers
 * into one account, every payday in the period.
 */
const wagePooling: Builder = (p, maxTx) => {
  const { population, config } = p;
  let employer = -1;
  for (let tries = 0; tries < 50 && employer < 0; tries++) {
    const b = pick(p.random, population.businesses);
    if (p.isFree(b) && (tries > 30 || WAGE_POOLING_SECTORS.has(population.records[b]!.businessType ?? ''))) employer = b;
  }
  if (employer < 0) return null;
  const days = daysWithDayOfMonth(config, population.payday[employer]!);
  const workers = Math.min(randInt(p.random, 3, 8), Math.floor(maxTx / Math.max(1, days.length)));
  if (days.length === 0 || workers < 3) return null;
  p.take(employer);
  const controller = p.party(true);
  const crew = Array.from({ length: workers }, () => ({ name: p.workerName(), pay: logUniform(p.random, 1_100, 2_200) }));
  return days.flatMap((d) => crew.map((w) => p.tx({
    from: employer, to: controller, amount: round2(w.pay * uniform(p.random, 0.98, 1.02)), t: payrollTime(population, config, employer, d), kind: 'salary', beneficiary: w.name,
  })));
};

/**
 * HT-04 (FATF-APG 2018): 6..15 small domestic credits (transfers from different accounts and cash
 * paid in at branches) into one account within days, then one wire abroad of most of the sum.
 */
const rivuletsSpigot: Builder = (p, maxTx) => {
  if (maxTx < 7) return null;
  const n = randInt(p.random, 6, Math.min(15, maxTx - 1));
  const collector = p.party(true);
  const w = p.window(2, 10);
  const inflows = Array.from({ length: n }, () => {
    const amount = round2(uniform(p.random, 150, 950));
    if (p.random() < 0.35) return p.tx({ from: -1, to: collector, amount, t: p.at(w), kind: 'cash_deposit', place: randInt(p.random, 0, HOME_CITIES - 1) });
    return p.tx({ from: p.party(true), to: collector, amount, t: p.at(w), kind: 'transfer' });
  });
  const sum = inflows.reduce((s, tx) => s + tx.amount, 0);
  const last = Math.max(...inflows.map((tx) => tx.t));
  const spigot = p.tx({ from: collector, to: p.foreign(ROLE.freshAbroad), amount: round2(sum * uniform(p.random, 0.85, 0.97)), t: p.after(last, 2, 48), kind: 'wire' });
  return [...inflows, spigot];
};

/**
 * CT-02 (UN CTED 2019): 3..8 senders abroad (relatives, diaspora) wire similar sums to one
 * intermediary within days, who sends one transfer of nearly all of it to a conflict country.
 */
const ransomPooling: Builder = (p, maxTx) => {
  if (maxTx < 4) return null;
  const n = randInt(p.random, 3, Math.min(8, maxTx - 1));
  const intermediary = p.party(true);
  const w = p.window(1, 5);
  const base = logUniform(p.random, 1_500, 9_000);
  const pooled = Array.from({ length: n }, () => p.tx({
    from: p.foreign(ROLE.freshDiaspora), to: intermediary, amount: round2(base * uniform(p.random, 0.9, 1.1)), t: p.at(w), kind: 'wire',
  }));
  const sum = pooled.reduce((s, tx) => s + tx.amount, 0);
  const last = Math.max(...pooled.map((tx) => tx.t));
  const out = p.tx({ from: intermediary, to: p.foreign(ROLE.freshConflict), amount: round2(sum * uniform(p.random, 0.9, 0.98)), t: p.after(last, 2, 48), kind: 'wire' });
  return [...pooled, out];
};

/** HT-21 (FinCEN FIN-2020-A008): 3..10 cash deposits just below the reporting threshold within days, some at other branches */
const structuring: Builder = (p, maxTx) => {
  if (maxTx < 3) return null;
  const n = randInt(p.random, 3, Math.min(10, maxTx));
  const account = p.party(true);
  const w = p.window(1, 10);
  const threshold = p.config.reportingThreshold;
  const step = p.random() < 0.5 ? 50 : 10;
  const home = p.population.city[account]!;
  return Array.from({ length: n }, () => p.tx({
    from: -1, to: account, amount: Math.min(threshold - step, Math.round((threshold * uniform(p.random, 0.8, 0.995)) / step) * step),
    t: p.at(w), kind: 'cash_deposit', place: p.random() < 0.6 ? home : randInt(p.random, 0, HOME_CITIES - 1),
  }));
};

const BUILDERS: Readonly<Record<PlantedTypology, Builder>> = {
  fan_in: fanIn, fan_out: fanOut, cycle, bipartite, stack, random: randomWalk, scatter_gather: scatterGather, gather_scatter: gatherScatter,
  wage_sweep: wageSweep, wage_pooling: wagePooling, rivulets_spigot: rivuletsSpigot, ransom_pooling: ransomPooling, structuring,
};

/** the illicit budget: whole transactions, never above the share */
export function illicitBudget(config: GeneratorConfig): number {
  return Math.floor(config.transactions * config.illicitShare);
}

/**
 * How many newly seen accounts the patterns may need: about 1.3 per illicit transaction at most
 * (a fan-in of 3 uses 4 accounts), less the share of parties that are established mules.
 */
export function freshNeeds(config: GeneratorConfig): FreshNeeds {
  const budget = illicitBudget(config);
  const total = PLANTED_TYPOLOGIES.reduce((s, t) => s + config.mix[t], 0) || 1;
  const share = (t: PlantedTypology) => config.mix[t] / total;
  return {
    domestic: Math.ceil(budget * 1.3 * (1 - config.muleReuseShare)) + 20,
    diaspora: Math.ceil(budget * share('ransom_pooling')) + 8,
    abroad: Math.ceil((budget * share('rivulets_spigot')) / 6) + 3,
    conflict: Math.ceil((budget * share('ransom_pooling')) / 3) + 3,
  };
}

/**
 * Plants patterns until the illicit budget is spent: each round the typology furthest behind its
 * weight goes next, so the mix follows the weights and every typology with a weight appears once
 * the budget allows. Returns the planner holding the labels and the planted transactions.
 */
export function plantPatterns(config: GeneratorConfig, population: Population, random: Random, idKey: number): Planner {
  const planner = new Planner(config, population, random, idKey);
  const budget = illicitBudget(config);
  const active = PLANTED_TYPOLOGIES.filter((t) => config.mix[t] > 0);
  const planted = new Map<PlantedTypology, number>(active.map((t) => [t, 0]));
  let spent = 0;
  // an order to break ties that does not always favour the first typologies of the list
  const tieBreak = new Map(shuffle(random, [...active]).map((t, i) => [t, i]));
  for (;;) {
    const order = [...active].sort((a, b) => planted.get(a)! / config.mix[a] - planted.get(b)! / config.mix[b] || tieBreak.get(a)! - tieBreak.get(b)!);
    let placed = false;
    for (const typology of order) {
      const txs = BUILDERS[typology](planner, budget - spent);
      if (txs === null || txs.length === 0) continue;
      planner.commit(typology, txs);
      spent += txs.length;
      planted.set(typology, planted.get(typology)! + 1);
      placed = true;
      break;
    }
    if (!placed) break;
  }
  planner.drafts.sort((a, b) => a.t - b.t);
  return planner;
}
