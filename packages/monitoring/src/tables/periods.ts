/**
 * Reporting periods: the keys a published table's time dimension uses ("2024-03" for a month,
 * "2024-Q1" for a quarter, "2024" for a year), the full list of periods in a requested range, and
 * the range's validation.
 *
 * Dates are handled as strings of calendar fields, never through `Date`: `new Date('2024-02-30')`
 * rolls over into March, and local time zones move midnights between days, either of which
 * would put an incident in the wrong period of a published trend.
 */
import { AriadneError } from '@ariadne/schema';

export const PERIOD_STEPS = ['month', 'quarter', 'year'] as const;
export type PeriodStep = (typeof PERIOD_STEPS)[number];

/** The longest range a table may cover: 50 years of months is 600 periods. */
export const MAX_RANGE_YEARS = 50;

/** A checked range: first and last day, inclusive, as "YYYY-MM-DD". */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

interface CalendarFields {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** An ISO date ("2024-03-12") or month ("2024-03") as its fields; undefined when it is neither or impossible. */
function dateFields(date: unknown): CalendarFields | undefined {
  if (typeof date !== 'string' || date.length > 10) return undefined;
  let m = DAY.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    return { year, month, day };
  }
  m = MONTH.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (year < 1 || month < 1 || month > 12) return undefined;
    return { year, month };
  }
  return undefined;
}

const quarterOf = (month: number): number => Math.floor((month - 1) / 3) + 1;

function keyOf(year: number, month: number, step: PeriodStep): string {
  switch (step) {
    case 'month':
      return `${pad(year, 4)}-${pad(month)}`;
    case 'quarter':
      return `${pad(year, 4)}-Q${quarterOf(month)}`;
    case 'year':
      return pad(year, 4);
  }
}

function checkStep(step: unknown): PeriodStep {
  if (!(PERIOD_STEPS as readonly unknown[]).includes(step)) {
    throw new AriadneError('VALIDATION_FAILED', `The period step must be one of ${PERIOD_STEPS.join(', ')}.`, { details: { step: PERIOD_STEPS.join(' | ') } });
  }
  return step as PeriodStep;
}

/**
 * The period an ISO date or month falls in, or undefined when `date` is not a real ISO date
 * ("YYYY-MM-DD") or month ("YYYY-MM"). A month-only date has a month, a quarter and a year, so
 * it has a period at every step.
 *
 * @example periodOf('2024-03-12', 'quarter') // '2024-Q1'
 * @example periodOf('2024-02-30', 'month') // undefined
 */
export function periodOf(date: string, step: PeriodStep): string | undefined {
  const s = checkStep(step);
  const f = dateFields(date);
  return f === undefined ? undefined : keyOf(f.year, f.month!, s);
}

/**
 * Like `periodOf`, but refuses a date that is not a real ISO date or month.
 *
 * @example periodKey('2024-03', 'month') // '2024-03'
 * @example periodKey('2024-11-30', 'year') // '2024'
 */
export function periodKey(date: string, step: PeriodStep): string {
  const key = periodOf(date, step);
  if (key === undefined) {
    throw new AriadneError('VALIDATION_FAILED', `"${String(date).slice(0, 20)}" is not an ISO date (YYYY-MM-DD) or month (YYYY-MM).`, { details: { date: 'YYYY-MM-DD or YYYY-MM' } });
  }
  return key;
}

/**
 * First and last day of a range bound written as a day, a month, a quarter or a year: "2024"
 * is 2024-01-01 … 2024-12-31, "2024-Q2" is 2024-04-01 … 2024-06-30. Undefined when not one of these.
 */
function boundDays(bound: unknown): DayRange | undefined {
  if (typeof bound !== 'string' || bound.length > 10) return undefined;
  const f = dateFields(bound);
  if (f?.day !== undefined) return { from: bound, to: bound };
  if (f !== undefined) return monthDays(f.year, f.month!, f.month!);
  let m = QUARTER.exec(bound);
  if (m) {
    const q = Number(m[2]);
    return Number(m[1]) < 1 ? undefined : monthDays(Number(m[1]), 3 * q - 2, 3 * q);
  }
  m = YEAR.exec(bound);
  if (m) return Number(m[1]) < 1 ? undefined : monthDays(Number(m[1]), 1, 12);
  return undefined;
}

function monthDays(year: number, firstMonth: number, lastMonth: number): DayRange {
  return { from: `${pad(year, 4)}-${pad(firstMonth)}-01`, to: `${pad(year, 4)}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}` };
}

/**
 * Checks a requested range and returns its first and last day. Each bound may be a day
 * ("2024-03-15"), a month ("2024-03"), a quarter ("2024-Q1") or a year ("2024"); `from` counts
 * from its first day, `to` up to its last. Refused: a bound that is none of these, from after
 * to, and a range longer than 50 years (a table over more is a mistake, and its cross product
 * would be refused anyway).
 *
 * @example checkRange('2024-01', '2024-Q2') // { from: '2024-01-01', to: '2024-06-30' }
 */
export function checkRange(from: string, to: string): DayRange {
  const start = boundDays(from);
  const end = boundDays(to);
  const details: Record<string, string> = {};
  if (start === undefined) details['from'] = 'a real date: YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY';
  if (end === undefined) details['to'] = 'a real date: YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY';
  if (start === undefined || end === undefined) {
    throw new AriadneError('VALIDATION_FAILED', 'The period range has a bound that is not a date.', { details });
  }
  // "YYYY-MM-DD" strings with 4-digit years compare in calendar order
  if (start.from > end.to) {
    throw new AriadneError('VALIDATION_FAILED', `The range starts (${start.from}) after it ends (${end.to}).`, { details: { from: 'on or before to' } });
  }
  const limit = `${pad(Number(start.from.slice(0, 4)) + MAX_RANGE_YEARS, 4)}${start.from.slice(4)}`;
  if (end.to >= limit) {
    throw new AriadneError('VALIDATION_FAILED', `The range is longer than ${MAX_RANGE_YEARS} years.`, { details: { to: `before ${limit}` } });
  }
  return { from: start.from, to: end.to };
}

/**
 * Every period that overlaps the range, in time order, empty ones included: the time domain of a
 * table, fixed by the request and never by the data (see the publication gate).
 *
 * @example periodsInRange('2023-11-15', '2024-02', 'month') // ['2023-11', '2023-12', '2024-01', '2024-02']
 * @example periodsInRange('2024', '2024', 'quarter') // ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']
 */
export function periodsInRange(from: string, to: string, step: PeriodStep): string[] {
  const s = checkStep(step);
  const range = checkRange(from, to);
  let year = Number(range.from.slice(0, 4));
  let month = Number(range.from.slice(5, 7));
  const lastYear = Number(range.to.slice(0, 4));
  const lastMonth = Number(range.to.slice(5, 7));
  const periods: string[] = [];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    const key = keyOf(year, month, s);
    if (periods[periods.length - 1] !== key) periods.push(key);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return periods;
}

/** Where a record's date lies relative to a range. */
export type DatePlacement = 'inside' | 'outside' | 'straddles' | 'invalid';

/**
 * Whether an ISO date or month lies in a checked range. A month-only date ("2024-03") is inside
 * only when the whole month is, outside when none of it is, and otherwise `straddles`: it may or
 * may not have happened within the range, and counting it either way would be a guess.
 *
 * @example placeDate('2024-03', { from: '2024-03-15', to: '2024-06-30' }) // 'straddles'
 */
export function placeDate(date: string, range: DayRange): DatePlacement {
  const f = dateFields(date);
  if (f === undefined) return 'invalid';
  const days = f.day !== undefined ? { from: date, to: date } : monthDays(f.year, f.month!, f.month!);
  if (days.to < range.from || days.from > range.to) return 'outside';
  if (days.from >= range.from && days.to <= range.to) return 'inside';
  return 'straddles';
}

/**
 * First and last day of a period key, e.g. for a report's stated period.
 *
 * @example periodBounds('2024-Q1') // { from: '2024-01-01', to: '2024-03-31' }
 */
export function periodBounds(key: string): DayRange {
  if (!MONTH.test(key) && !QUARTER.test(key) && !YEAR.test(key)) {
    throw new AriadneError('VALIDATION_FAILED', `"${String(key).slice(0, 20)}" is not a period key (YYYY-MM, YYYY-Qn or YYYY).`, { details: { period: 'YYYY-MM, YYYY-Qn or YYYY' } });
  }
  const range = boundDays(key);
  if (range === undefined) throw new AriadneError('VALIDATION_FAILED', `"${key}" is not a real period.`, { details: { period: 'a real month, quarter or year' } });
  return range;
}
