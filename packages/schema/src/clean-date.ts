// FtM dates are ISO 8601 prefixes with an implied precision: `2021`, `2021-02`, `2021-02-16`,
// `2021-02-16T21`, `2021-02-16T21:48`, `2021-02-16T21:48:52`, always UTC (FtM `types/date.py`).
// We accept a trailing `Z` or `+00:00` and fractional seconds, and drop them; other offsets are
// refused because FtM cannot store them.
const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:Z|[+-]00:?00)?)?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Cleans an FtM date value, keeping its precision; returns `null` when it is not one.
 *
 * @example cleanDate('2021-02-16 21:48Z') // '2021-02-16T21:48'
 */
export function cleanDate(value: string): string | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const y = Number(year);
  if (y === 0) return null;
  let out = year as string;
  if (month === undefined) return out;
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  out += `-${month}`;
  if (day === undefined) return out;
  const d = Number(day);
  if (d < 1 || d > daysInMonth(y, m)) return null;
  out += `-${day}`;
  if (hour === undefined) return out;
  if (Number(hour) > 23) return null;
  out += `T${hour}`;
  if (minute === undefined) return out;
  if (Number(minute) > 59) return null;
  out += `:${minute}`;
  if (second === undefined) return out;
  if (Number(second) > 59) return null;
  return `${out}:${second}`;
}
