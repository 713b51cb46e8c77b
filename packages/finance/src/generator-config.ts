/**
 * The synthetic transaction generator's options, their validation and defaults, and the labelled
 * shapes it returns. Kept apart from the generator so the evaluation and the file writer can
 * import the label types without the generator's code.
 */
import { AriadneError } from '@ariadne/schema';

/**
 * The planted typologies: the eight AMLSim / IBM AMLworld laundering shapes, then five
 * trafficking and terrorist-financing red flags from the research list (HT-02 wage sweep, HT-01
 * wage pooling, HT-04 rivulets and a foreign spigot, CT-02 ransom pooling, HT-21 structuring).
 */
export const PLANTED_TYPOLOGIES = [
  'fan_in', 'fan_out', 'cycle', 'bipartite', 'stack', 'random', 'scatter_gather', 'gather_scatter',
  'wage_sweep', 'wage_pooling', 'rivulets_spigot', 'ransom_pooling', 'structuring',
] as const;
export type PlantedTypology = (typeof PLANTED_TYPOLOGIES)[number];

/** One planted pattern: the label a detector is scored against. */
export interface PlantedPattern {
  /** `PAT-0001` */
  readonly id: string;
  readonly typology: PlantedTypology;
  /** its transaction ids, in time order */
  readonly transactions: readonly string[];
  /** the account references its transactions touch, sorted, `@cash` left out */
  readonly accounts: readonly string[];
}

/** What a scan of the generated data needs to know besides the transactions. */
export interface GeneratorContext {
  /** currency-transaction reporting threshold, in the base currency */
  readonly reportingThreshold: number;
  /** ISO 3166-1 alpha-2: the reporting institution's country, what "abroad" means */
  readonly homeCountry: string;
  readonly conflictCountries: readonly string[];
}

export interface GeneratorOptions {
  /** any integer; the same seed and options give the same data on every machine */
  readonly seed: number;
  /** accounts in total, home and foreign (default 10,000; 1,000..2,000,000) */
  readonly accounts?: number;
  /** length of the period in days (default 60; 28..366, so every payday falls in it) */
  readonly days?: number;
  /** transactions to generate, illicit included (default 200,000; up to 20,000,000) */
  readonly transactions?: number;
  /** share of transactions in planted patterns (default 0.003; at most 0.1; the benchmark keeps it <= 0.005) */
  readonly illicitShare?: number;
  /** relative weight of each typology among planted patterns (default 1 each; 0 leaves one out) */
  readonly typologyMix?: Partial<Readonly<Record<PlantedTypology, number>>>;
  /** first day, ISO 8601 date (default 2026-01-01); times are UTC */
  readonly start?: string;
  /** default 10,000 */
  readonly reportingThreshold?: number;
  /** default US */
  readonly homeCountry?: string;
  /** default SY, YE, SD: where armed groups operate in the scenario */
  readonly conflictCountries?: readonly string[];
  /** share of pattern parties that are established customers used as mules, the rest newly seen accounts (default 0.25) */
  readonly muleReuseShare?: number;
  /** USD per EUR in the currency table (default 1.08) */
  readonly eurRate?: number;
}

export interface GeneratorConfig {
  readonly seed: number;
  readonly accounts: number;
  readonly days: number;
  readonly transactions: number;
  readonly illicitShare: number;
  readonly mix: Readonly<Record<PlantedTypology, number>>;
  /** epoch ms of the first day's midnight UTC */
  readonly start: number;
  readonly reportingThreshold: number;
  readonly homeCountry: string;
  readonly conflictCountries: readonly string[];
  readonly muleReuseShare: number;
  readonly eurRate: number;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const BASE_CURRENCY = 'USD';

const COUNTRY = /^[A-Z]{2}$/;

function invalid(field: string, message: string): AriadneError {
  return new AriadneError('VALIDATION_FAILED', `Generator option ${field}: ${message}`, { details: { [field]: message } });
}

function integerIn(field: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(field, `must be an integer in ${min}..${max}`);
  return value;
}

function numberIn(field: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw invalid(field, `must be a number in ${min}..${max}`);
  return value;
}

function parseStart(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/.test(text)) throw invalid('start', 'must be an ISO 8601 date (2026-01-01) or a UTC time ending in Z');
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) throw invalid('start', 'is not a valid date');
  return Math.floor(ms / DAY) * DAY;
}

function parseMix(mix: GeneratorOptions['typologyMix']): Record<PlantedTypology, number> {
  const out = Object.fromEntries(PLANTED_TYPOLOGIES.map((t) => [t, 1])) as Record<PlantedTypology, number>;
  if (mix === undefined) return out;
  for (const [key, weight] of Object.entries(mix)) {
    if (!(PLANTED_TYPOLOGIES as readonly string[]).includes(key)) throw invalid('typologyMix', `unknown typology "${key.slice(0, 40)}"`);
    out[key as PlantedTypology] = numberIn('typologyMix', weight ?? 1, 0, 1_000_000);
  }
  return out;
}

/** Checks the options and fills in the defaults; throws VALIDATION_FAILED naming the bad option. */
export function resolveGeneratorOptions(options: GeneratorOptions): GeneratorConfig {
  const homeCountry = options.homeCountry ?? 'US';
  if (!COUNTRY.test(homeCountry)) throw invalid('homeCountry', 'must be an ISO 3166-1 alpha-2 code in upper case');
  const conflictCountries = [...(options.conflictCountries ?? ['SY', 'YE', 'SD'])];
  if (conflictCountries.length === 0 || conflictCountries.length > 20 || conflictCountries.some((c) => !COUNTRY.test(c) || c === homeCountry)) {
    throw invalid('conflictCountries', 'must be 1..20 ISO 3166-1 alpha-2 codes, the home country not among them');
  }
  return {
    seed: integerIn('seed', options.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    accounts: integerIn('accounts', options.accounts ?? 10_000, 1_000, 2_000_000),
    days: integerIn('days', options.days ?? 60, 28, 366),
    transactions: integerIn('transactions', options.transactions ?? 200_000, 1_000, 20_000_000),
    illicitShare: numberIn('illicitShare', options.illicitShare ?? 0.003, 0, 0.1),
    mix: parseMix(options.typologyMix),
    start: parseStart(options.start ?? '2026-01-01'),
    reportingThreshold: numberIn('reportingThreshold', options.reportingThreshold ?? 10_000, 100, 1e9),
    homeCountry,
    conflictCountries,
    muleReuseShare: numberIn('muleReuseShare', options.muleReuseShare ?? 0.25, 0, 1),
    eurRate: numberIn('eurRate', options.eurRate ?? 1.08, 1e-6, 1e6),
  };
}

/** day of the month (1..31) of day index `d` */
export function dayOfMonth(config: GeneratorConfig, d: number): number {
  return new Date(config.start + d * DAY).getUTCDate();
}

/** 0 = Sunday .. 6 = Saturday */
export function dayOfWeek(config: GeneratorConfig, d: number): number {
  return new Date(config.start + d * DAY).getUTCDay();
}

/** the day indices in the period whose day of the month is `dom` */
export function daysWithDayOfMonth(config: GeneratorConfig, dom: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < config.days; d++) if (dayOfMonth(config, d) === dom) out.push(d);
  return out;
}
