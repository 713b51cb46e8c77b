/**
 * Partial ISO dates as the sources give them ("2016", "2016-03", "2016-03-14", or a full
 * timestamp) read as the span of days they cover, so "2016" overlaps a window in March 2016.
 */

/** [first day, last day] as UTC epoch days, or null when the text is not a date */
export function dateSpan(text: string | null | undefined): [number, number] | null {
  if (!text) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  if ((month !== null && (month < 1 || month > 12)) || (day !== null && (day < 1 || day > 31))) return null;
  const dayOf = (y: number, mo: number, d: number) => Math.floor(Date.UTC(y, mo, d) / 86_400_000);
  if (month === null) return [dayOf(year, 0, 1), dayOf(year + 1, 0, 1) - 1];
  if (day === null) return [dayOf(year, month - 1, 1), dayOf(year, month, 1) - 1];
  const d = dayOf(year, month - 1, day);
  return [d, d];
}

/** The days an edge was active: from its start's first day to its end's last day (or its start's). */
export function activeSpan(start: string | null, end: string | null): [number, number] | null {
  const s = dateSpan(start);
  const e = dateSpan(end);
  if (!s && !e) return null;
  return [(s ?? e)![0], (e ?? s)![1]];
}

export const isoDay = (epochDay: number): string => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
