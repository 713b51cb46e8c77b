/**
 * Dates of ties, for the timeline slider. Sources give partial dates (`2016`, `2016-03`), so a tie
 * is placed by month: its start month is the earliest it can have begun, its end month the latest
 * it can have ended. Months are numbered `year * 12 + month - 1` so stepping is plain arithmetic.
 * Pure: node tests run it.
 */

/** No month: an undated start (from the beginning of time) or end (still going on). */
export const NO_MONTH = -1;

const DATE = /^(\d{4})(?:-(\d{2}))?/;

/**
 * The month of an ISO (partial) date; for a year alone, its first month (`bound` 'start') or last ('end').
 * @example monthOf('2016-03-05') // 24194 (2016 * 12 + 2)
 * @example monthOf('2016', 'end') // 2016 * 12 + 11
 */
export function monthOf(date: string | null | undefined, bound: 'start' | 'end' = 'start'): number {
  if (!date) return NO_MONTH;
  const m = DATE.exec(date);
  if (!m) return NO_MONTH;
  const year = Number(m[1]);
  const month = m[2] === undefined ? (bound === 'start' ? 1 : 12) : Number(m[2]);
  if (month < 1 || month > 12) return NO_MONTH;
  return year * 12 + month - 1;
}

/** `YYYY-MM` of a month number. */
export function monthKey(month: number): string {
  const year = Math.floor(month / 12);
  return `${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** First day of the month, `YYYY-MM-DD`. */
export function monthFirstDay(month: number): string {
  return `${monthKey(month)}-01`;
}

/** Last day of the month, `YYYY-MM-DD`. */
export function monthLastDay(month: number): string {
  const year = Math.floor(month / 12);
  const m = (month % 12) + 1;
  // day 0 of the next month is the last day of this one
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${monthKey(month)}-${String(day).padStart(2, '0')}`;
}

export interface DatedTie {
  readonly start: string | null;
  readonly end: string | null;
}

/** The first and last month any tie mentions, or null when none is dated. */
export function timelineRange(ties: Iterable<DatedTie>): { first: number; last: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (const tie of ties) {
    for (const month of [monthOf(tie.start, 'start'), monthOf(tie.end, 'end')]) {
      if (month === NO_MONTH) continue;
      if (month < first) first = month;
      if (month > last) last = month;
    }
  }
  return first === Infinity ? null : { first, last };
}

/**
 * 'cumulative': every tie that had begun by the end of the month (the network as it had grown);
 * 'active': only ties going on during the month (begun, and not yet ended).
 */
export type TimelineMode = 'cumulative' | 'active';

/**
 * Whether a tie with these start and end months shows at `month`. Undated ties always show: the
 * server keeps them too, and hiding them would hide most hand-entered data.
 */
export function tieShownAt(startMonth: number, endMonth: number, month: number, mode: TimelineMode): boolean {
  if (startMonth === NO_MONTH && endMonth === NO_MONTH) return true;
  if (startMonth !== NO_MONTH && startMonth > month) return false;
  // a tie known only by its end may have begun at any time before it
  if (mode === 'cumulative') return true;
  return endMonth === NO_MONTH || endMonth >= month;
}

/**
 * The server filter narrowed to what the timeline shows, so an analysis runs on the ties the user
 * sees: up to the end of the month, and for 'active' from its first day.
 * @example windowFilter({ kinds: ['payment'] }, monthOf('2016-03'), 'cumulative') // { kinds: ['payment'], to: '2016-03-31' }
 */
export function windowFilter<F extends { readonly from?: string; readonly to?: string }>(filter: F, month: number | null, mode: TimelineMode): F {
  if (month === null) return filter;
  const to = monthLastDay(month);
  const from = mode === 'active' ? monthFirstDay(month) : undefined;
  const out: F = { ...filter, to: filter.to && filter.to < to ? filter.to : to };
  if (from && !(filter.from && filter.from > from)) return { ...out, from };
  return out;
}
