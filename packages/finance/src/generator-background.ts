/**
 * The background traffic, day by day, with the planted transactions merged in: each day's
 * payroll, monthly and weekly habits, loans and repayments, then card payments, ATM withdrawals
 * and small cash deposits filling the day's share of the budget; the day sorted by time and handed
 * out. A day holds about `transactions / days` drafts, so five million transactions stream in the
 * memory of one day.
 *
 * The daily budget follows the week (quieter weekends) and catches up after a heavy payday, so
 * the total comes out at the requested count unless the fixed habits alone exceed it.
 */
import { seededRandom } from '@ariadne/network';
import type { TransactionRecord } from './types.ts';
import { DAY, dayOfMonth, dayOfWeek, type GeneratorConfig } from './generator-config.ts';
import { draft, toRecord, transactionId, type TxDraft } from './generator-draft.ts';
import { payrollTime, type Population } from './generator-population.ts';
import { KIND_CODE, type Recurring, type Relations } from './generator-relations.ts';
import { logNormal, logUniform, pick, randInt, round2, subSeed, uniform, type Random } from './generator-sampling.ts';
import { HOME_CITIES, MERCHANT_CATEGORIES, ROLE } from './generator-world.ts';

export interface BackgroundInput {
  readonly config: GeneratorConfig;
  readonly population: Population;
  readonly relations: Relations;
  /** the planted transactions, with their ids, in time order */
  readonly planted: readonly TxDraft[];
  readonly salaryPlanned: Uint8Array;
  readonly idKey: number;
}

/** each employer's staff: staff[start[b]..start[b+1]) are account indices, `second` marks a second job */
interface Staff {
  readonly start: Int32Array;
  readonly list: Int32Array;
  readonly second: Uint8Array;
  /** businesses by payday (1..28) */
  readonly byPayday: number[][];
}

function staffOf(population: Population): Staff {
  const n = population.size;
  const start = new Int32Array(n + 1);
  const jobs: [number, number, number][] = [];
  for (const p of population.byRole[ROLE.person]!) {
    if (population.employer[p]! >= 0) jobs.push([population.employer[p]!, p, 0]);
    if (population.employer2[p]! >= 0) jobs.push([population.employer2[p]!, p, 1]);
  }
  for (const [b] of jobs) start[b + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const list = new Int32Array(jobs.length);
  const second = new Uint8Array(jobs.length);
  for (const [b, p, s] of jobs) { const j = fill[b]!++; list[j] = p; second[j] = s; }
  const byPayday = Array.from({ length: 32 }, () => [] as number[]);
  for (const b of population.businesses) if (start[b + 1]! > start[b]!) byPayday[population.payday[b]!]!.push(b);
  return { start, list, second, byPayday };
}

const CARD = KIND_CODE.card;
const ATM = KIND_CODE.cash_withdrawal;
const CASH_IN = KIND_CODE.cash_deposit;
const TRANSFER = KIND_CODE.transfer;
const SALARY = KIND_CODE.salary;

/**
 * How many background transactions each day's habits will post (payroll, the savings moves the day
 * after, monthly and weekly events, loans on average), known before the day is built.
 */
function habitsPerDay(input: BackgroundInput, staff: Staff): Float64Array {
  const { config, population, relations, salaryPlanned } = input;
  const out = new Float64Array(config.days);
  const loans = 2 * population.byRole[ROLE.person]!.length * relations.loanRate;
  for (let d = 0; d < config.days; d++) {
    const dom = dayOfMonth(config, d);
    const dow = dayOfWeek(config, d);
    out[d]! += loans + relations.monthly.start[dom + 1]! - relations.monthly.start[dom]! + relations.weekly.start[dow + 1]! - relations.weekly.start[dow]!;
    for (const b of staff.byPayday[dom] ?? []) {
      for (let j = staff.start[b]!; j < staff.start[b + 1]!; j++) {
        const p = staff.list[j]!;
        if (staff.second[j] === 1) { out[d]!++; continue; }
        if (salaryPlanned[p] === 1) continue;
        out[d]!++;
        if (population.savings[p]! >= 0 && d + 1 < config.days) out[d + 1]!++;
      }
    }
  }
  return out;
}

/**
 * The card, ATM and cash fill-in each day should reach, cumulative: what the budget leaves after
 * the habits, spread by weekday (quieter weekends), so a heavy payday does not crowd out spending
 * on the days after it.
 */
function cumulativeFill(config: GeneratorConfig, fillTotal: number): Float64Array {
  const weights = Array.from({ length: config.days }, (_, d) => [0.7, 1, 1, 1, 1, 1.05, 0.9][dayOfWeek(config, d)]!);
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(config.days);
  let acc = 0;
  weights.forEach((w, d) => { acc += w; out[d] = Math.round((Math.max(0, fillTotal) * acc) / sum); });
  return out;
}

/**
 * Returns a re-iterable stream: every iteration replays the same transactions in the same order
 * (its own generator seeded from the options' seed).
 */
export function backgroundStream(input: BackgroundInput): Iterable<TransactionRecord> {
  const staff = staffOf(input.population);
  return { [Symbol.iterator]: () => streamDays(input, staff) };
}

class DayWriter {
  readonly buckets: TxDraft[][];
  constructor(private readonly input: BackgroundInput, readonly random: Random) {
    this.buckets = Array.from({ length: input.config.days }, () => []);
  }

  /** `hour` hours into day `d`, whole seconds */
  time(d: number, hour: number): number {
    return this.input.config.start + d * DAY + Math.floor(hour * 3600) * 1000;
  }

  /** a future day's draft: savings moves and loan repayments; dropped when past the period */
  later(d: number, tx: TxDraft): void {
    if (d < this.buckets.length) this.buckets[d]!.push(tx);
  }
}

function* streamDays(input: BackgroundInput, staff: Staff): Generator<TransactionRecord> {
  const { config, population, planted } = input;
  const out = new DayWriter(input, seededRandom(subSeed(config.seed, 3)));
  const plantedPerDay = new Int32Array(config.days);
  for (const tx of planted) {
    const d = Math.min(config.days - 1, Math.max(0, Math.floor((tx.t - config.start) / DAY)));
    out.buckets[d]!.push(tx);
    plantedPerDay[d]!++;
  }
  const total = config.transactions - planted.length;
  const habits = habitsPerDay(input, staff);
  const fillTarget = cumulativeFill(config, total - habits.reduce((a, b) => a + b, 0));
  let counter = 0;
  let filled = 0;
  for (let d = 0; d < config.days; d++) {
    const today = out.buckets[d]!;
    payroll(input, staff, out, d);
    recurring(input, out, d, { events: input.relations.monthly, key: dayOfMonth(config, d) });
    recurring(input, out, d, { events: input.relations.weekly, key: dayOfWeek(config, d) });
    loans(input, out, d);
    // the last day absorbs what chance (loans) left over, so the total is the one asked for
    const count = d === config.days - 1 ? total - counter - (today.length - plantedPerDay[d]!) : fillTarget[d]! - filled;
    fill(input, out, d, Math.max(0, count));
    filled += Math.max(0, count);
    today.sort((a, b) => a.t - b.t);
    for (const tx of today) {
      const id = tx.id ?? transactionId(counter++, input.idKey);
      yield toRecord(tx, id, population, config);
    }
    out.buckets[d] = [];
  }
}

function payroll(input: BackgroundInput, staff: Staff, out: DayWriter, d: number): void {
  const { config, population, salaryPlanned } = input;
  const { random } = out;
  for (const b of staff.byPayday[dayOfMonth(config, d)] ?? []) {
    const t = payrollTime(population, config, b, d);
    for (let j = staff.start[b]!; j < staff.start[b + 1]!; j++) {
      const p = staff.list[j]!;
      const second = staff.second[j] === 1;
      if (!second && salaryPlanned[p] === 1) continue;
      const pay = round2((second ? population.salary2[p]! : population.salary[p]!) * uniform(random, 0.98, 1.02));
      out.buckets[d]!.push(draft({ t, from: b, to: p, amount: pay, kind: SALARY, beneficiary: population.records[p]!.holderName }));
      const savings = population.savings[p]!;
      if (!second && savings >= 0) {
        out.later(d + 1, draft({ t: out.time(d + 1, uniform(random, 8, 20)), from: p, to: savings, amount: round2(pay * population.savingsShare[p]!), kind: TRANSFER }));
      }
    }
  }
}

function recurring(input: BackgroundInput, out: DayWriter, d: number, day: { events: Recurring; key: number }): void {
  const { events, key } = day;
  const { random } = out;
  const today = out.buckets[d]!;
  for (let i = events.start[key]!; i < events.start[key + 1]!; i++) {
    const jitter = events.jitter[i]!;
    const amount = round2(events.amount[i]! * (jitter > 0 ? 1 + jitter * uniform(random, -1, 1) : 1));
    const from = events.from[i]!;
    const to = events.to[i]!;
    const place = events.kind[i] === CASH_IN ? input.population.city[to]! : -1;
    today.push(draft({ t: out.time(d, events.hour[i]! + random() * 0.5), from, to, amount, kind: events.kind[i]!, place }));
  }
}

/** mutual loans between friends: A lends to B, B pays it back one to four weeks later */
function loans(input: BackgroundInput, out: DayWriter, d: number): void {
  const { population, relations } = input;
  const { random } = out;
  const persons = population.byRole[ROLE.person]!;
  const count = Math.floor(persons.length * relations.loanRate + random());
  for (let k = 0; k < count; k++) {
    const lender = pick(random, persons);
    const borrower = relations.friend[lender]! >= 0 ? relations.friend[lender]! : pick(random, persons);
    if (borrower === lender) continue;
    const amount = Math.round(logUniform(random, 100, 3_000) / 10) * 10;
    out.buckets[d]!.push(draft({ t: out.time(d, uniform(random, 8, 22)), from: lender, to: borrower, amount, kind: TRANSFER }));
    const back = d + randInt(random, 7, 30);
    out.later(back, draft({ t: out.time(back, uniform(random, 8, 22)), from: borrower, to: lender, amount, kind: TRANSFER }));
  }
}

/** card payments (mostly at usual merchants), ATM withdrawals and small cash deposits */
function fill(input: BackgroundInput, out: DayWriter, d: number, count: number): void {
  const { population, relations } = input;
  const { random } = out;
  const today = out.buckets[d]!;
  const merchants = population.byRole[ROLE.merchant]!;
  const spenders = population.spenders;
  for (let k = 0; k < count; k++) {
    const payer = pick(random, spenders);
    const r = random();
    if (r < 0.85) {
      let merchant = random() < 0.8 ? relations.favorites[payer * 3 + randInt(random, 0, 2)]! : -1;
      if (merchant < 0) {
        const local = population.cityMerchants[population.city[payer]!];
        merchant = local && local.list.length > 0 && random() < 0.7 ? local.list[local.sampler.draw(random)]! : pick(random, merchants);
      }
      const category = MERCHANT_CATEGORIES[Math.max(0, population.category[merchant]!)]!;
      const amount = round2(Math.min(5_000, Math.max(1, logNormal(random, category.median, 0.6))));
      today.push(draft({ t: out.time(d, uniform(random, 7, 23)), from: payer, to: merchant, amount, kind: CARD, place: population.city[merchant]!, mcc: category.mcc }));
    } else if (r < 0.97) {
      const place = random() < 0.9 ? population.city[payer]! : randInt(random, 0, HOME_CITIES - 1);
      today.push(draft({ t: out.time(d, uniform(random, 6, 23.9)), from: payer, to: -1, amount: 20 * randInt(random, 1, 25), kind: ATM, place }));
    } else {
      const amount = Math.round(logUniform(random, 50, 2_500) / 10) * 10;
      today.push(draft({ t: out.time(d, uniform(random, 9, 17)), from: -1, to: payer, amount, kind: CASH_IN, place: population.city[payer]! }));
    }
  }
}
