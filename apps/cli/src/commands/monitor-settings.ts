/**
 * What `ariadne monitor …` is configured by: the privacy budget and the small-cell threshold k,
 * read from the environment the same way for every command, and the shared parsing of the
 * command line's filters (dates, lists, verification).
 *
 * The budget and k are the server's `monitoring` options (apps/server/src/config.ts
 * `MonitoringOptions`: budgetEpsilon, budgetDelta, defaultK) with the server's defaults (ε = 5,
 * δ = 1e-6, k = 10, never below 5), so a release made here spends from the same budget, under the
 * same rules, as one made through the API. They are read here rather than in config.ts only
 * because this command's files are the ones this change owns (see the report).
 */
import { MIN_K, UNKNOWN, checkRange, EXPLOITATION_FORMS, INCIDENT_CATEGORIES, VERIFICATION_STATUSES, type DayRange, type ExploitationForm, type IncidentCategory, type VerificationStatus } from '@ariadne/monitoring';
import type { IncidentFilter } from '@ariadne/store';
import { CliError, EXIT } from '../exit-codes.ts';

export interface MonitorSettings {
  /** the total privacy budget every release of this instance spends from */
  readonly budget: { readonly epsilon: number; readonly delta: number };
  /** small-cell threshold of releases and of the `small` marks on analyses */
  readonly defaultK: number;
}

export const DEFAULT_BUDGET_EPSILON = 5;
export const DEFAULT_BUDGET_DELTA = 1e-6;
export const DEFAULT_K = 10;

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, ok: (v: number) => boolean, rule: string): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?(e-?\d+)?$/i.test(text.trim()) || !Number.isFinite(value) || !ok(value)) {
    throw new CliError(EXIT.USAGE, `${name} must be ${rule}, not ${JSON.stringify(text.slice(0, 20))}.`);
  }
  return value;
}

/**
 * @throws CliError (exit 2) naming the variable at fault: a mistyped budget must stop the command,
 *   never let a release spend from a budget nobody meant
 */
export function monitorSettings(env: NodeJS.ProcessEnv): MonitorSettings {
  return {
    budget: {
      epsilon: numberFrom(env, 'ARIADNE_MONITORING_EPSILON', DEFAULT_BUDGET_EPSILON, (v) => v > 0, 'a positive number'),
      delta: numberFrom(env, 'ARIADNE_MONITORING_DELTA', DEFAULT_BUDGET_DELTA, (v) => v >= 0 && v < 1, 'a number from 0 up to (not including) 1'),
    },
    defaultK: numberFrom(env, 'ARIADNE_MONITORING_K', DEFAULT_K, (v) => Number.isSafeInteger(v) && v >= MIN_K, `a whole number of at least ${MIN_K}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Filters on the command line

/** the filters every analysis and release takes, as given on the command line */
export interface MonitorFilterOptions {
  readonly from?: string;
  readonly to?: string;
  readonly countries?: string;
  readonly pcodes?: string;
  readonly categories?: string;
  readonly forms?: string;
  readonly groups?: string;
  /** comma-separated statuses, or "all"; default "verified" as in the API */
  readonly verification?: string;
}

const MAX_LIST = 10_000;

export function listOption(text: string | undefined, flag: string): string[] | undefined {
  if (text === undefined) return undefined;
  const values = [...new Set(text.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
  if (values.length === 0) throw new CliError(EXIT.USAGE, `${flag} needs at least one value.`);
  if (values.length > MAX_LIST) throw new CliError(EXIT.USAGE, `${flag} takes at most ${MAX_LIST} values.`);
  return values;
}

function closedList<T extends string>(text: string | undefined, flag: string, allowed: readonly T[]): T[] | undefined {
  const values = listOption(text, flag);
  const bad = values?.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad !== undefined) throw new CliError(EXIT.USAGE, `${flag}: ${JSON.stringify(bad.slice(0, 40))} is not one of ${allowed.join(', ')}.`);
  return values as T[] | undefined;
}

/** the period of --from/--to as days; each bound may be a day, a month, a quarter (2024-Q1) or a year */
export function rangeOption(from: string | undefined, to: string | undefined): DayRange | undefined {
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined || to === undefined) throw new CliError(EXIT.USAGE, 'Give both --from and --to, or neither.');
  try {
    return checkRange(from, to);
  } catch (error) {
    throw new CliError(EXIT.USAGE, `--from/--to: ${(error as Error).message} Use YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY.`);
  }
}

export interface MonitorFilter {
  readonly range?: DayRange;
  readonly countries?: string[];
  readonly pcodes?: string[];
  readonly categories?: IncidentCategory[];
  readonly forms?: ExploitationForm[];
  readonly groups?: string[];
  /** undefined: every status */
  readonly verification?: VerificationStatus[];
}

/** @throws CliError (exit 2) for a bad date, country code, category, form or status */
export function filterOf(options: MonitorFilterOptions): MonitorFilter {
  const range = rangeOption(options.from, options.to);
  // "unknown" names the records without a country: a table's domain may count them
  const countries = listOption(options.countries, '--countries')?.map((c) => (c.toLowerCase() === UNKNOWN ? UNKNOWN : c.toUpperCase()));
  const badCountry = countries?.find((c) => c !== UNKNOWN && !/^[A-Z]{2}$/.test(c));
  if (badCountry !== undefined) throw new CliError(EXIT.USAGE, `--countries takes ISO 3166-1 alpha-2 codes (e.g. XX,YY) or "unknown", not ${JSON.stringify(badCountry.slice(0, 20))}.`);
  const verification = options.verification?.trim() === 'all'
    ? undefined
    : closedList(options.verification ?? 'verified', '--verification', VERIFICATION_STATUSES);
  const pcodes = listOption(options.pcodes, '--pcodes');
  const categories = closedList(options.categories, '--categories', INCIDENT_CATEGORIES);
  const forms = closedList(options.forms, '--forms', EXPLOITATION_FORMS);
  const groups = listOption(options.groups, '--groups');
  return {
    ...(range ? { range } : {}), ...(countries ? { countries } : {}), ...(pcodes ? { pcodes } : {}),
    ...(categories ? { categories } : {}), ...(forms ? { forms } : {}), ...(groups ? { groups } : {}),
    ...(verification ? { verification } : {}),
  };
}

/** a list the store can filter on: one naming "unknown" (no value) is applied after the read instead */
const storable = (list: string[] | undefined): list is string[] => list !== undefined && !list.includes(UNKNOWN);

/** the store's incident filter for a command-line filter (apply `incidentMatches` after it for "unknown") */
export function incidentFilterOf(filter: MonitorFilter): IncidentFilter {
  return {
    ...(filter.range ? { from: filter.range.from, to: filter.range.to } : {}),
    ...(storable(filter.countries) ? { countries: filter.countries } : {}),
    ...(storable(filter.pcodes) ? { pcodes: filter.pcodes } : {}),
    ...(filter.categories ? { categories: filter.categories } : {}),
    ...(filter.forms ? { forms: filter.forms } : {}),
    ...(storable(filter.groups) ? { perpetratorGroups: filter.groups } : {}),
    ...(filter.verification ? { verification: filter.verification } : {}),
  };
}
