/**
 * The synthetic population: every account with its role, KYC record, city and currency, the
 * businesses' staff and paydays, and the merchants' popularity. Struct-of-arrays (typed arrays
 * indexed by account) so half a million accounts cost tens of megabytes, not an object graph.
 *
 * Roles are dealt to account slots in random order, so an account's id says nothing about what it
 * is (the accounts planted patterns use are scattered among the others).
 */
import type { AccountRecord } from './types.ts';
import type { GeneratorConfig } from './generator-config.ts';
import { logNormal, pick, randInt, round2, shuffle, uniform, WeightedSampler, type Random } from './generator-sampling.ts';
import {
  accountId, bankName, BILLER_TYPES, EMPLOYER_TYPES, FOREIGN_BUSINESS_TYPES, HOME_BANKS, HOME_CITIES, homeCity, isEuroCountry,
  MERCHANT_CATEGORIES, ROLE, ROLE_COUNT, scenarioCountries, SHELL_TYPES, type Countries,
} from './generator-world.ts';

/** How many newly seen accounts of each kind the pattern planner may draw on. */
export interface FreshNeeds {
  readonly domestic: number;
  readonly diaspora: number;
  readonly abroad: number;
  readonly conflict: number;
}

export interface Population {
  readonly size: number;
  readonly records: AccountRecord[];
  readonly ids: string[];
  readonly role: Uint8Array;
  /** 1 when the account is kept in EUR */
  readonly eur: Uint8Array;
  /** index into `places` of the holder's city */
  readonly city: Int32Array;
  readonly places: string[];
  /** account indices by role (`ROLE`) */
  readonly byRole: Int32Array[];
  readonly countries: Countries;
  /** for persons: employer account (-1 none), net monthly pay; a few hold a second job */
  readonly employer: Int32Array;
  readonly salary: Float32Array;
  readonly employer2: Int32Array;
  readonly salary2: Float32Array;
  /** for businesses: payroll day of the month (1..28) and minute past 06:00 the batch posts */
  readonly payday: Uint8Array;
  readonly payMinute: Uint8Array;
  /** for persons: the customer's savings account (-1 none) and the share of pay moved there */
  readonly savings: Int32Array;
  readonly savingsShare: Float32Array;
  /** for savings accounts: the person who owns it */
  readonly owner: Int32Array;
  /** for merchants: index into MERCHANT_CATEGORIES (-1 not a merchant) */
  readonly category: Int8Array;
  /** persons and fresh persons: who makes card payments, ATM withdrawals, small cash deposits */
  readonly spenders: Int32Array;
  /** merchants by home city, drawn by popularity */
  readonly cityMerchants: readonly { readonly list: Int32Array; readonly sampler: WeightedSampler }[];
  /** home businesses that employ staff, by size */
  readonly businesses: Int32Array;
}

const BUSINESS_ROLES: readonly number[] = [ROLE.merchant, ROLE.employer, ROLE.landlord, ROLE.biller];

function roleCounts(config: GeneratorConfig, fresh: FreshNeeds): number[] {
  const n = config.accounts;
  const counts = new Array<number>(ROLE_COUNT).fill(0);
  counts[ROLE.merchant] = Math.max(10, Math.round(n * 0.04));
  counts[ROLE.employer] = Math.max(5, Math.round(n * 0.015));
  counts[ROLE.landlord] = Math.max(3, Math.round(n * 0.004));
  counts[ROLE.biller] = Math.max(3, Math.round(n * 0.0005));
  counts[ROLE.foreignPerson] = Math.max(10, Math.round(n * 0.02));
  counts[ROLE.foreignBusiness] = Math.max(3, Math.round(n * 0.006));
  // newly seen accounts: what the planner asks for, capped so the world stays mostly ordinary
  const domestic = Math.min(fresh.domestic, Math.round(n * 0.15));
  counts[ROLE.freshShell] = Math.round(domestic * 0.3);
  counts[ROLE.freshPerson] = domestic - counts[ROLE.freshShell]!;
  counts[ROLE.freshDiaspora] = Math.min(fresh.diaspora, Math.round(n * 0.03));
  counts[ROLE.freshAbroad] = Math.min(fresh.abroad, Math.round(n * 0.01));
  counts[ROLE.freshConflict] = Math.min(fresh.conflict, Math.round(n * 0.01));
  const rest = n - counts.reduce((a, b) => a + b, 0);
  counts[ROLE.savings] = Math.round((rest / 1.12) * 0.12);
  counts[ROLE.person] = rest - counts[ROLE.savings]!;
  return counts;
}

interface Draft {
  country: string;
  city: number;
  bank: string;
  eur: number;
}

/** Builds the population; `fresh` sizes the pools of newly seen accounts patterns draw from. */
export function buildPopulation(config: GeneratorConfig, fresh: FreshNeeds, random: Random): Population {
  const n = config.accounts;
  const countries = scenarioCountries(config);
  const counts = roleCounts(config, fresh);
  const role = new Uint8Array(n);
  let k = 0;
  counts.forEach((c, r) => { role.fill(r, k, k + c); k += c; });
  shuffle(random, role);
  const byRole = counts.map((c) => new Int32Array(c));
  const filled = new Array<number>(ROLE_COUNT).fill(0);
  for (let i = 0; i < n; i++) byRole[role[i]!]![filled[role[i]!]!++] = i;

  const places: string[] = [];
  const placeIndex = new Map<string, number>();
  const place = (name: string) => {
    let p = placeIndex.get(name);
    if (p === undefined) { p = places.length; places.push(name); placeIndex.set(name, p); }
    return p;
  };
  for (let c = 0; c < HOME_CITIES; c++) place(homeCity(config.homeCountry, c));
  // city sizes fall off like Zipf's law: a capital, a few large cities, many towns
  const citySampler = new WeightedSampler(Array.from({ length: HOME_CITIES }, (_, c) => 1 / (c + 1)));
  const bankSampler = new WeightedSampler([0.4, 0.3, 0.2, 0.1]);
  const foreign = (country: string): Draft => ({
    country, city: place(homeCity(country, randInt(random, 0, 2))), bank: bankName(country, randInt(random, 0, 1)), eur: isEuroCountry(country) ? 1 : 0,
  });
  const home = (): Draft => ({
    country: config.homeCountry, city: citySampler.draw(random), bank: bankName(config.homeCountry, bankSampler.draw(random) % HOME_BANKS), eur: 0,
  });

  const eur = new Uint8Array(n);
  const city = new Int32Array(n);
  const category = new Int8Array(n).fill(-1);
  const savings = new Int32Array(n).fill(-1);
  const savingsShare = new Float32Array(n);
  const owner = new Int32Array(n).fill(-1);
  // savings accounts belong to persons: pair them first so the owner's city and bank carry over
  const persons = byRole[ROLE.person]!;
  const owners = shuffle(random, Int32Array.from(persons)).subarray(0, byRole[ROLE.savings]!.length);
  byRole[ROLE.savings]!.forEach((s, i) => { const p = owners[i]!; owner[s] = p; savings[p] = s; savingsShare[p] = uniform(random, 0.1, 0.35); });

  const categorySampler = new WeightedSampler(MERCHANT_CATEGORIES.map((m) => m.weight));
  const drafts = new Array<Draft>(n);
  const businessType: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = role[i]!;
    if (r === ROLE.savings) continue;
    let d: Draft;
    if (r === ROLE.foreignPerson) {
      // most family abroad lives in migrant home countries; some in conflict countries
      d = foreign(random() < 0.15 ? pick(random, countries.conflict) : pick(random, countries.abroad));
    } else if (r === ROLE.foreignBusiness || r === ROLE.freshAbroad) d = foreign(pick(random, countries.abroad));
    else if (r === ROLE.freshDiaspora) d = foreign(pick(random, countries.diaspora));
    else if (r === ROLE.freshConflict) d = foreign(pick(random, countries.conflict));
    else d = home();
    drafts[i] = d;
    if (r === ROLE.merchant) category[i] = categorySampler.draw(random);
    businessType[i] = r === ROLE.merchant ? `retail: ${MERCHANT_CATEGORIES[category[i]!]!.label.toLowerCase()}`
      : r === ROLE.employer ? pick(random, EMPLOYER_TYPES)
        : r === ROLE.landlord ? 'real estate'
          : r === ROLE.biller ? pick(random, BILLER_TYPES)
            : r === ROLE.freshShell ? pick(random, SHELL_TYPES)
              : r === ROLE.foreignBusiness || (r === ROLE.freshAbroad && random() < 0.5) ? pick(random, FOREIGN_BUSINESS_TYPES) : undefined;
  }
  for (const s of byRole[ROLE.savings]!) {
    const o = drafts[owner[s]!]!;
    drafts[s] = { ...o, eur: random() < 0.2 ? 1 : 0 };
  }

  const width = String(n).length;
  const ids = Array.from({ length: n }, (_, i) => accountId(i, Math.max(6, width)));
  const customerNo = new Int32Array(n);
  let customers = 0;
  for (let i = 0; i < n; i++) if (role[i] !== ROLE.savings && drafts[i]!.country === config.homeCountry) customerNo[i] = ++customers;
  for (const s of byRole[ROLE.savings]!) customerNo[s] = customerNo[owner[s]!]!;
  const records: AccountRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const d = drafts[i]!;
    const r = role[i]!;
    eur[i] = d.eur;
    city[i] = d.city;
    const isHome = d.country === config.homeCountry;
    const type = businessType[i];
    const kind = type !== undefined ? 'business' : 'personal';
    const holderName = type !== undefined
      ? `ACME Synthetic ${r === ROLE.merchant ? MERCHANT_CATEGORIES[category[i]!]!.label : type.replace(/^\w/, (c) => c.toUpperCase())} ${isHome ? customerNo[i] : i + 1} Ltd`
      : isHome ? `Test Person ${customerNo[i]}` : `Test Person ${d.country} ${i + 1}`;
    records[i] = {
      id: ids[i]!,
      customerId: isHome ? `CUST-${String(customerNo[i]).padStart(Math.max(6, width), '0')}` : undefined,
      holderName, kind, businessType: type, bank: d.bank, country: d.country, city: places[d.city]!,
    };
  }

  const spenders = Int32Array.from([...persons, ...byRole[ROLE.freshPerson]!]).sort();
  const cityMerchants = Array.from({ length: HOME_CITIES }, (_, c) => {
    const list = Int32Array.from(byRole[ROLE.merchant]!.filter((m) => city[m] === c));
    // popularity is heavy-tailed (Pareto): a few supermarkets take much of a city's card traffic
    const sampler = new WeightedSampler(Array.from(list, () => 1 / Math.pow(Math.max(random(), 1e-6), 0.8)));
    return { list, sampler };
  });

  const staff = assignStaff({ config, random, role, persons, byRole });
  return {
    size: n, records, ids, role, eur, city, places, byRole, countries, category, spenders, cityMerchants, savings, savingsShare, owner, ...staff,
  };
}

interface StaffInput {
  readonly config: GeneratorConfig;
  readonly random: Random;
  readonly role: Uint8Array;
  readonly persons: Int32Array;
  readonly byRole: Int32Array[];
}

/**
 * Employment: most persons work for one home business (a few for two), every business has at
 * least one employee (a business without payroll is itself a red flag, HT-03), and business sizes
 * are heavy-tailed.
 */
function assignStaff(input: StaffInput): Pick<Population, 'employer' | 'salary' | 'employer2' | 'salary2' | 'payday' | 'payMinute' | 'businesses'> {
  const { config, random, role, persons, byRole } = input;
  const n = config.accounts;
  const businesses = Int32Array.from(BUSINESS_ROLES.flatMap((r) => [...byRole[r]!])).sort();
  const size = Array.from(businesses, (b) => {
    const pareto = 1 / Math.pow(Math.max(random(), 1e-6), 0.7);
    return role[b] === ROLE.employer || role[b] === ROLE.biller ? 4 * pareto : pareto;
  });
  const sampler = new WeightedSampler(size);
  const employer = new Int32Array(n).fill(-1);
  const employer2 = new Int32Array(n).fill(-1);
  const salary = new Float32Array(n);
  const salary2 = new Float32Array(n);
  const pay = () => round2(Math.min(25_000, Math.max(1_200, logNormal(random, 3_800, 0.4))));
  const order = shuffle(random, Int32Array.from(persons));
  let next = 0;
  for (const p of order) {
    if (random() >= 0.82) continue;
    // the first employed persons staff each business once, the rest go by size
    const b = next < businesses.length ? businesses[next++]! : businesses[sampler.draw(random)]!;
    employer[p] = b;
    salary[p] = pay();
    if (random() < 0.04) {
      const b2 = businesses[sampler.draw(random)]!;
      if (b2 !== b) { employer2[p] = b2; salary2[p] = round2(pay() * 0.4); }
    }
  }
  const payday = new Uint8Array(n);
  const payMinute = new Uint8Array(n);
  const usual = [1, 15, 25, 28];
  for (const b of businesses) {
    payday[b] = random() < 0.7 ? pick(random, usual) : randInt(random, 1, 28);
    payMinute[b] = randInt(random, 0, 59);
  }
  return { employer, salary, employer2, salary2, payday, payMinute, businesses };
}

/** payroll posting time on day `d` for business `b`: one batch, one timestamp */
export function payrollTime(population: Population, config: GeneratorConfig, b: number, d: number): number {
  return config.start + d * 86_400_000 + 6 * 3_600_000 + population.payMinute[b]! * 60_000;
}
