/**
 * The recurring relationships of the background: rent to the same landlord each month, bills to
 * the same utilities, regular transfers to friends and family (some abroad, a few in conflict
 * countries), support sent from abroad, flatmates forwarding their share of the rent (A -> B -> C
 * days apart), savings moved back, businesses paying suppliers every week and merchants paying in
 * their cash takings. Each is an event keyed by day of the month or day of the week, stored in
 * typed arrays grouped by key, so a day's events are a slice.
 *
 * How many of these relationships exist scales with the transaction budget: when the accounts
 * are many and the transactions few, optional habits (rent by transfer, bills, friends) thin out
 * so card spending still makes up a good part of the traffic; payroll is never thinned.
 */
import { AriadneError } from '@ariadne/schema';
import { TX_KINDS, type TxKind } from './types.ts';
import type { GeneratorConfig } from './generator-config.ts';
import type { Population } from './generator-population.ts';
import { logUniform, pick, randInt, round2, uniform, WeightedSampler, type Random } from './generator-sampling.ts';
import { MERCHANT_CATEGORIES, ROLE } from './generator-world.ts';

export const KIND_CODE: Readonly<Record<TxKind, number>> = Object.fromEntries(TX_KINDS.map((k, i) => [k, i])) as Record<TxKind, number>;

/** Events grouped by key (day of month 1..31 or weekday 0..6): key k holds indices start[k]..start[k+1]-1. */
export interface Recurring {
  readonly start: Int32Array;
  readonly from: Int32Array;
  /** -1 stands for `@cash` */
  readonly to: Int32Array;
  /** in the base currency */
  readonly amount: Float32Array;
  /** relative spread of the amount from one occurrence to the next (0: the same each time) */
  readonly jitter: Float32Array;
  readonly kind: Uint8Array;
  /** hour of the day it usually posts */
  readonly hour: Float32Array;
}

export interface Relations {
  readonly monthly: Recurring;
  readonly weekly: Recurring;
  /** three favourite merchants per spender, by account index (3 slots each; -1 none) */
  readonly favorites: Int32Array;
  /** a regular friend per person (-1 none): who lends to whom */
  readonly friend: Int32Array;
  /** mutual loans started per person per day */
  readonly loanRate: number;
  /** share of optional habits kept (1 = all) */
  readonly habitScale: number;
}

class RecurringBuilder {
  private readonly rows: number[][] = [[], [], [], [], [], [], []];
  constructor(private readonly keys: number) {}

  push(key: number, pair: readonly [from: number, to: number], amount: number, extra: { jitter: number; kind: TxKind; hour: number }): void {
    this.rows[0]!.push(key); this.rows[1]!.push(pair[0]); this.rows[2]!.push(pair[1]); this.rows[3]!.push(amount);
    this.rows[4]!.push(extra.jitter); this.rows[5]!.push(KIND_CODE[extra.kind]); this.rows[6]!.push(extra.hour);
  }

  build(): Recurring {
    const [keys, from, to, amount, jitter, kind, hour] = this.rows as [number[], number[], number[], number[], number[], number[], number[]];
    const m = keys.length;
    const start = new Int32Array(this.keys + 1);
    for (const k of keys) start[k + 1]!++;
    for (let k = 0; k < this.keys; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, this.keys);
    const out = {
      start, from: new Int32Array(m), to: new Int32Array(m), amount: new Float32Array(m), jitter: new Float32Array(m), kind: new Uint8Array(m), hour: new Float32Array(m),
    };
    for (let i = 0; i < m; i++) {
      const j = fill[keys[i]!]!++;
      out.from[j] = from[i]!; out.to[j] = to[i]!; out.amount[j] = amount[i]!; out.jitter[j] = jitter[i]!; out.kind[j] = kind[i]!; out.hour[j] = hour[i]!;
    }
    return out;
  }
}

/** habits per person per 30 days at full scale (see `buildRelations`) */
const HABITS = { renter: 0.55, bills: 1.4, friend: 0.35, abroad: 0.06, flatmate: 0.08, savingsBack: 0.3, loan: 0.02 };

/**
 * Scales the optional habits so they and payroll take at most half the background budget;
 * refuses a budget too small to carry even payroll and business flows.
 */
function habitScale(config: GeneratorConfig, population: Population): number {
  const persons = population.byRole[ROLE.person]!.length;
  let employed = 0;
  for (const p of population.byRole[ROLE.person]!) employed += (population.employer[p]! >= 0 ? 1 : 0) + (population.employer2[p]! >= 0 ? 1 : 0);
  const businesses = population.businesses.length;
  const mandatory = employed + businesses * (1.5 * 4.3 + 1) + population.byRole[ROLE.merchant]!.length * 0.55 * 4.3;
  const optional = persons * (HABITS.renter * (1 + HABITS.flatmate) + HABITS.bills + HABITS.friend + HABITS.abroad + 2 * HABITS.loan)
    + population.byRole[ROLE.savings]!.length * (0.86 + HABITS.savingsBack);
  const budget = (config.transactions * (1 - config.illicitShare) * 30) / config.days;
  if (mandatory > 0.8 * budget) {
    const minimum = Math.ceil((mandatory / 0.8) * (config.days / 30) / (1 - config.illicitShare));
    throw new AriadneError('VALIDATION_FAILED', `Generator option transactions: ${config.accounts} accounts over ${config.days} days need at least ${minimum} transactions (payroll alone takes more).`, {
      details: { transactions: `at least ${minimum} for these accounts and days` },
    });
  }
  return Math.min(1, Math.max(0.05, (0.5 * budget - mandatory) / optional));
}

export function buildRelations(config: GeneratorConfig, population: Population, random: Random): Relations {
  const { byRole, city } = population;
  const n = population.size;
  const scale = habitScale(config, population);
  const monthly = new RecurringBuilder(32);
  const weekly = new RecurringBuilder(7);
  const persons = byRole[ROLE.person]!;
  const landlords = byRole[ROLE.landlord]!;
  const billers = byRole[ROLE.biller]!;
  const foreignPersons = byRole[ROLE.foreignPerson]!;
  const conflictSet = new Set(config.conflictCountries);
  const conflictFamily = foreignPersons.filter((f) => conflictSet.has(population.records[f]!.country!));
  const otherFamily = foreignPersons.filter((f) => !conflictSet.has(population.records[f]!.country!));
  const daytime = () => uniform(random, 7, 21);
  const friend = new Int32Array(n).fill(-1);
  const personsByCity = Array.from({ length: population.places.length }, () => [] as number[]);
  for (const p of persons) personsByCity[city[p]!]!.push(p);

  for (const p of persons) {
    if (random() < HABITS.renter * scale) {
      const landlord = random() < 0.7 ? pick(random, landlords) : pick(random, persons);
      if (landlord !== p) {
        const rentDay = randInt(random, 1, 5);
        const rent = Math.round(uniform(random, 700, 2_600) / 5) * 5;
        monthly.push(rentDay, [p, landlord], rent, { jitter: 0, kind: 'transfer', hour: daytime() });
        // a flatmate pays the renter their share a few days before the rent goes out: A -> B -> C
        if (random() < HABITS.flatmate) {
          const mate = pick(random, personsByCity[city[p]!]!);
          if (mate !== p && mate !== landlord) monthly.push(randInt(random, 24, 28), [mate, p], Math.round(rent * uniform(random, 0.4, 0.5)), { jitter: 0, kind: 'transfer', hour: daytime() });
        }
      }
    }
    const expected = HABITS.bills * scale;
    const bills = Math.floor(expected) + (random() < expected - Math.floor(expected) ? 1 : 0);
    for (let b = 0; b < bills; b++) {
      monthly.push(randInt(random, 1, 28), [p, pick(random, billers)], round2(logUniform(random, 35, 260)), { jitter: 0.25, kind: 'transfer', hour: daytime() });
    }
    if (random() < HABITS.friend * scale) {
      const local = personsByCity[city[p]!]!;
      const f = random() < 0.7 ? pick(random, local) : pick(random, persons);
      if (f !== p) {
        friend[p] = f;
        monthly.push(randInt(random, 1, 28), [p, f], round2(logUniform(random, 40, 800)), { jitter: 0.3, kind: 'transfer', hour: uniform(random, 8, 23) });
      }
    }
    if (random() < HABITS.abroad * scale) {
      const family = random() < 0.15 && conflictFamily.length ? pick(random, conflictFamily) : pick(random, otherFamily.length ? otherFamily : foreignPersons);
      monthly.push(randInt(random, 1, 28), [p, family], round2(logUniform(random, 100, 1_200)), { jitter: 0.2, kind: 'wire', hour: daytime() });
    }
  }
  // support from family abroad, mostly to home persons in a few large cities
  for (const f of otherFamily) {
    if (random() < 0.4) monthly.push(randInt(random, 1, 28), [f, pick(random, persons)], round2(logUniform(random, 100, 1_500)), { jitter: 0.2, kind: 'wire', hour: daytime() });
  }
  for (const s of byRole[ROLE.savings]!) {
    if (random() < HABITS.savingsBack * scale) {
      const owner = population.owner[s]!;
      if (owner >= 0) monthly.push(randInt(random, 1, 28), [s, owner], round2(logUniform(random, 50, 600)), { jitter: 0.5, kind: 'transfer', hour: daytime() });
    }
  }
  for (const shell of byRole[ROLE.freshShell]!) {
    monthly.push(randInt(random, 1, 28), [shell, pick(random, billers)], round2(logUniform(random, 60, 400)), { jitter: 0.2, kind: 'transfer', hour: daytime() });
  }
  businessFlows(population, random, { monthly, weekly });
  return {
    monthly: monthly.build(), weekly: weekly.build(), favorites: favourites(population, random), friend,
    loanRate: (HABITS.loan * scale) / 30, habitScale: scale,
  };
}

/** suppliers every week, utilities every month, cash takings paid in every week by cash merchants */
function businessFlows(population: Population, random: Random, out: { monthly: RecurringBuilder; weekly: RecurringBuilder }): void {
  const { byRole } = population;
  const domesticSuppliers = Int32Array.from([...byRole[ROLE.employer]!, ...byRole[ROLE.merchant]!]);
  const foreignSuppliers = byRole[ROLE.foreignBusiness]!;
  const billers = byRole[ROLE.biller]!;
  for (const b of population.businesses) {
    const suppliers = random() < 0.5 ? 2 : 1;
    for (let s = 0; s < suppliers; s++) {
      const abroad = random() < 0.15 && foreignSuppliers.length > 0;
      const supplier = abroad ? pick(random, foreignSuppliers) : pick(random, domesticSuppliers);
      if (supplier === b) continue;
      // businesses wire some domestic suppliers too, so a domestic wire is not a tell
      const kind = abroad || random() < 0.3 ? 'wire' : 'transfer';
      out.weekly.push(randInt(random, 1, 5), [b, supplier], round2(logUniform(random, 400, 20_000)), { jitter: 0.35, kind, hour: uniform(random, 8, 17) });
    }
    const biller = pick(random, billers);
    if (biller !== b) out.monthly.push(randInt(random, 1, 28), [b, biller], round2(logUniform(random, 200, 3_000)), { jitter: 0.2, kind: 'transfer', hour: uniform(random, 8, 17) });
  }
  for (const m of byRole[ROLE.merchant]!) {
    // cash trades (groceries, restaurants, salons, taxis) pay in their takings most weeks
    const category = MERCHANT_CATEGORIES[population.category[m]!];
    if (category && random() < (category.cash ? 0.7 : 0.1)) {
      out.weekly.push(randInt(random, 1, 6), [-1, m], round2(logUniform(random, 300, 12_000)), { jitter: 0.4, kind: 'cash_deposit', hour: uniform(random, 16, 20) });
    }
  }
}

/** each spender's three usual merchants, mostly in their own city, the popular ones more often */
function favourites(population: Population, random: Random): Int32Array {
  const favorites = new Int32Array(population.size * 3).fill(-1);
  const all = population.byRole[ROLE.merchant]!;
  const allSampler = new WeightedSampler(Array.from(all, () => 1));
  for (const s of population.spenders) {
    const local = population.cityMerchants[population.city[s]!];
    for (let k = 0; k < 3; k++) {
      favorites[s * 3 + k] = local && local.list.length && random() < 0.85 ? local.list[local.sampler.draw(random)]! : all[allSampler.draw(random)]!;
    }
  }
  return favorites;
}
