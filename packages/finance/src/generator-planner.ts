/**
 * What every planted pattern is built with: the parties (newly seen accounts mostly, some
 * established customers used as mules, never one account in two patterns), windows inside the
 * period, amounts in a pattern's style, and the commit that gives its transactions their ids.
 */
import { TX_KINDS, type TxKind } from './types.ts';
import { DAY, HOUR, type GeneratorConfig, type PlantedPattern, type PlantedTypology } from './generator-config.ts';
import { draft, PLANTED_COUNTER, transactionId, type TxDraft } from './generator-draft.ts';
import type { Population } from './generator-population.ts';
import { logUniform, pick, round2, uniform, type Random } from './generator-sampling.ts';
import { ROLE } from './generator-world.ts';

export interface Window {
  readonly from: number;
  readonly to: number;
}

const KIND = Object.fromEntries(TX_KINDS.map((k, i) => [k, i])) as Record<TxKind, number>;

/** room left after a window for the hops that follow it (forwarding, the spigot, the ransom) */
const TAIL = 2 * DAY;

export class Planner {
  readonly patterns: PlantedPattern[] = [];
  readonly drafts: TxDraft[] = [];
  /** persons whose salary a pattern posts: the background leaves those out */
  readonly salaryPlanned: Uint8Array;
  private readonly used: Uint8Array;
  private readonly cursor = new Map<number, number>();
  private counter = 0;
  private workers = 0;
  readonly end: number;

  constructor(readonly config: GeneratorConfig, readonly population: Population, readonly random: Random, private readonly idKey: number) {
    this.used = new Uint8Array(population.size);
    this.salaryPlanned = new Uint8Array(population.size);
    this.end = config.start + config.days * DAY;
  }

  isFree(account: number): boolean { return this.used[account] === 0; }
  take(account: number): number { this.used[account] = 1; return account; }

  /**
   * A home party: a newly seen account (a shell company now and then, unless `personal`), or with
   * probability `muleReuseShare` an established customer with a normal history, used as a mule.
   */
  party(personal = false): number {
    if (this.random() >= this.config.muleReuseShare) {
      const shell = !personal && this.random() < 0.25 ? this.fresh(ROLE.freshShell) : -1;
      const fresh = shell >= 0 ? shell : this.fresh(ROLE.freshPerson);
      if (fresh >= 0) return this.take(fresh);
    }
    return this.take(this.established());
  }

  /** a newly seen account abroad of `role`, else an unused background account abroad */
  foreign(role: typeof ROLE.freshDiaspora | typeof ROLE.freshAbroad | typeof ROLE.freshConflict): number {
    const fresh = this.fresh(role);
    if (fresh >= 0) return this.take(fresh);
    const pool = this.population.byRole[role === ROLE.freshConflict ? ROLE.foreignPerson : ROLE.foreignBusiness]!;
    for (let tries = 0; tries < 50; tries++) {
      const a = pick(this.random, pool);
      if (this.isFree(a)) return this.take(a);
    }
    return pick(this.random, pool);
  }

  /**
   * An unused established person, optionally one with a job (a victim whose wage is swept); -1
   * when every employed person is taken. Without `employed`, a used one when all are taken.
   */
  established(employed = false): number {
    const persons = this.population.byRole[ROLE.person]!;
    for (let tries = 0; tries < 200; tries++) {
      const p = pick(this.random, persons);
      if (this.isFree(p) && (!employed || this.population.employer[p]! >= 0)) return p;
    }
    // a crowded pool: walk it once rather than give up
    for (const p of persons) if (this.isFree(p) && (!employed || this.population.employer[p]! >= 0)) return p;
    return employed ? -1 : pick(this.random, persons);
  }

  private fresh(role: number): number {
    const pool = this.population.byRole[role]!;
    let i = this.cursor.get(role) ?? 0;
    while (i < pool.length && !this.isFree(pool[i]!)) i++;
    this.cursor.set(role, i + 1);
    return i < pool.length ? pool[i]! : -1;
  }

  /** a window of `minDays..maxDays` days placed at random in the period, room left after it */
  window(minDays: number, maxDays: number): Window {
    const length = uniform(this.random, minDays, maxDays) * DAY;
    const from = this.config.start + this.random() * Math.max(0, this.config.days * DAY - length - TAIL);
    return { from, to: from + length };
  }

  /** a moment in the window during banking hours (07:00..22:00, as the background), whole seconds */
  at(w: Window): number {
    const t = uniform(this.random, w.from, w.to);
    const day = Math.floor(t / DAY) * DAY;
    const hour = (t - day) / HOUR;
    return second(hour >= 7 && hour < 22 ? t : day + uniform(this.random, 7, 22) * HOUR);
  }

  /**
   * `minHours..maxHours` after `t`, whole seconds: a time that falls at night moves on to the next
   * morning (so it stays after `t`), and nothing falls after the period ends.
   */
  after(t: number, minHours: number, maxHours: number): number {
    let next = t + uniform(this.random, minHours, maxHours) * HOUR;
    const day = Math.floor(next / DAY) * DAY;
    const hour = (next - day) / HOUR;
    if (hour < 7) next = day + uniform(this.random, 7, 10) * HOUR;
    else if (hour >= 22) next = day + DAY + uniform(this.random, 7, 10) * HOUR;
    return Math.max(t, Math.min(this.end - 1000, second(next)));
  }

  /** mostly transfers, some wires */
  transferKind(): TxKind {
    return this.random() < 0.88 ? 'transfer' : 'wire';
  }

  tx(fields: { from: number; to: number; amount: number; t: number; kind: TxKind; place?: number; beneficiary?: string }): TxDraft {
    return draft({ ...fields, kind: KIND[fields.kind] });
  }

  workerName(): string {
    return `Test Worker ${++this.workers}`;
  }

  /** gives the pattern's transactions their ids and records the label */
  commit(typology: PlantedTypology, txs: readonly TxDraft[]): void {
    const sorted = [...txs].sort((a, b) => a.t - b.t);
    const ids: string[] = [];
    const accounts = new Set<string>();
    for (const d of sorted) {
      const id = transactionId(PLANTED_COUNTER + this.counter++, this.idKey);
      ids.push(id);
      this.drafts.push({ ...d, id });
      if (d.from >= 0) accounts.add(this.population.ids[d.from]!);
      if (d.to >= 0) accounts.add(this.population.ids[d.to]!);
    }
    this.patterns.push({ id: `PAT-${String(this.patterns.length + 1).padStart(4, '0')}`, typology, transactions: ids, accounts: [...accounts].sort() });
  }
}

function second(t: number): number {
  return Math.floor(t / 1000) * 1000;
}

/**
 * A pattern's amount style: just below the reporting threshold (structurers' favourite), similar
 * amounts around a base, or varied; whole tens now and then, as people who pick figures do.
 */
export function amountStyle(random: Random, threshold: number): () => number {
  const r = random();
  const whole = random() < 0.5;
  const figure = (x: number) => (whole ? Math.max(10, Math.round(x / 10) * 10) : round2(x));
  if (r < 0.4) {
    const base = threshold * uniform(random, 0.86, 0.97);
    return () => Math.min(figure(base * uniform(random, 0.97, 1.03)), Math.floor(threshold * 0.995));
  }
  if (r < 0.85) {
    const base = logUniform(random, 800, 8_000);
    return () => figure(base * uniform(random, 0.95, 1.05));
  }
  const base = logUniform(random, 500, 9_000);
  return () => figure(base * uniform(random, 0.6, 1.4));
}

/** what an intermediary keeps: 1..5 % of what passes through */
export function cut(random: Random): number {
  return uniform(random, 0.01, 0.05);
}
