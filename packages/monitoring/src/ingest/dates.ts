/**
 * Dates as outside monitoring data writes them, checked before anything is counted: ISO dates
 * ("2024-03-12", also with a time, which is dropped), months ("2024-03"), and day-month-year in
 * words in English or French ("12 March 2024", "1er mars 2024", "March 2024", "mars 2024").
 *
 * An impossible date is refused with a reason rather than rolled over: JavaScript's Date turns
 * 2024-02-30 into 1 March, which would put an incident in the wrong month of a trend. Numeric
 * dates with slashes ("03/04/2024") are refused too: day/month or month/day cannot be told
 * apart, and a guess would silently move incidents between months.
 */

export type DatePrecision = 'day' | 'month';

export interface ParsedDate {
  /** "YYYY-MM-DD", or "YYYY-MM" when the source gives only the month. */
  readonly date: string;
  readonly precision: DatePrecision;
}

export interface DateProblem {
  readonly problem: string;
}

export interface DateRules {
  /** "Today" for the future check; dependency so tests (and replays of old imports) are stable. Default: the clock. */
  readonly today?: Date;
  /** Earliest year accepted; default 1900 (no monitoring source reports earlier events; 1800 is a typo). */
  readonly minYear?: number;
}

export const DEFAULT_MIN_YEAR = 1900;

/** Month names, lower case, accents kept and stripped: "février" and "fevrier" both read. */
const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8],
  ['september', 9], ['sep', 9], ['sept', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11],
  ['december', 12], ['dec', 12],
  ['janvier', 1], ['janv', 1], ['fevrier', 2], ['fevr', 2], ['fev', 2], ['mars', 3], ['avril', 4], ['avr', 4],
  ['mai', 5], ['juin', 6], ['juillet', 7], ['juil', 7], ['aout', 8], ['septembre', 9],
  ['octobre', 10], ['novembre', 11], ['decembre', 12],
]);

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const WORDS_DAY = /^(\d{1,2})(?:er|st|nd|rd|th)?[\s-]+(\p{L}+)\.?,?[\s-]+(\d{4})$/u;
const WORDS_MONTH_FIRST = /^(\p{L}+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})$/u;
const WORDS_MONTH = /^(\p{L}+)\.?,?[\s-]+(\d{4})$/u;
const SLASHED = /^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$/;

function monthNumber(word: string): number | undefined {
  const plain = word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return MONTHS.get(plain);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Checks year, month and day and formats the date; `day` undefined means month precision.
 * The future check allows today + 1 day: a report filed in UTC+14 is a day ahead of UTC.
 */
function checked(text: string, year: number, month: number, day: number | undefined, rules: DateRules): ParsedDate | DateProblem {
  const minYear = rules.minYear ?? DEFAULT_MIN_YEAR;
  if (month < 1 || month > 12) return { problem: `date "${text}" has no month ${month}` };
  if (day !== undefined && (day < 1 || day > daysInMonth(year, month))) {
    return { problem: `date "${text}" is impossible: ${year}-${pad(month)} has ${daysInMonth(year, month)} days` };
  }
  if (year < minYear) return { problem: `date "${text}" is before ${minYear}` };
  const today = rules.today ?? new Date();
  const limit = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1);
  if (Date.UTC(year, month - 1, day ?? 1) > limit) return { problem: `date "${text}" is in the future` };
  return day === undefined
    ? { date: `${pad(year, 4)}-${pad(month)}`, precision: 'month' }
    : { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, precision: 'day' };
}

/**
 * Parses one date cell.
 *
 * @example parseDate('12 March 2024') // { date: '2024-03-12', precision: 'day' }
 * @example parseDate('1er février 2024') // { date: '2024-02-01', precision: 'day' }
 * @example parseDate('2024-02-30') // { problem: 'date "2024-02-30" is impossible: 2024-02 has 29 days' }
 */
export function parseDate(raw: string, rules: DateRules = {}): ParsedDate | DateProblem {
  const text = raw.trim();
  if (text === '') return { problem: 'the date is empty' };
  if (text.length > 40) return { problem: 'the date is not a date (longer than 40 characters)' };
  let m = ISO_DAY.exec(text);
  if (m) return checked(text, Number(m[1]), Number(m[2]), Number(m[3]), rules);
  m = ISO_MONTH.exec(text);
  if (m) return checked(text, Number(m[1]), Number(m[2]), undefined, rules);
  m = WORDS_DAY.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    if (month !== undefined) return checked(text, Number(m[3]), month, Number(m[1]), rules);
  }
  m = WORDS_MONTH_FIRST.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month !== undefined) return checked(text, Number(m[3]), month, Number(m[2]), rules);
  }
  m = WORDS_MONTH.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month !== undefined) return checked(text, Number(m[2]), month, undefined, rules);
  }
  if (SLASHED.test(text)) {
    return { problem: `date "${text}" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD or "12 March 2024"` };
  }
  return { problem: `date "${text}" is not a date this importer reads (YYYY-MM-DD, YYYY-MM, "12 March 2024", "12 mars 2024")` };
}

export function isDateProblem(result: ParsedDate | DateProblem): result is DateProblem {
  return 'problem' in result;
}
