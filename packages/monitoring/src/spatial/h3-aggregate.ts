/**
 * Incidents → counts per H3 hexagon and per time step: the space-time cube that hot-spot and
 * emerging-hotspot analysis read.
 *
 * Nothing is dropped silently: an incident without usable coordinates or date is counted in
 * `skipped` with its reason (and, for the first `maxProblems`, its record number).
 *
 * Speed: h3-js `latLngToCell` is the main cost (about 1.5 µs a call, 1.5 s per million). The rest
 * avoids per-incident objects: dates are read character by character, each incident leaves one
 * cell number and one step number in growable typed arrays, and the dense cube is filled in a
 * second pass over those arrays.
 */
import { latLngToCell } from 'h3-js';
import { AriadneError } from '@ariadne/schema';
import type { Incident, RecordProblem } from '../types.ts';

export const TIME_STEPS = ['week', 'month', 'year'] as const;
/** Time buckets: ISO weeks (Monday to Sunday, labelled "2024-W03"), calendar months ("2024-01") or years ("2024"). */
export type TimeStep = (typeof TIME_STEPS)[number];

export const SKIP_REASONS = ['no-coordinates', 'null-island', 'latitude-out-of-range', 'longitude-out-of-range', 'impossible-date', 'date-without-day', 'outside-period'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const SKIP_MESSAGES: Record<SkipReason, string> = {
  'no-coordinates': 'has no latitude/longitude',
  'null-island': 'has coordinates 0, 0 (a common placeholder for "unknown"), so its place is not trusted',
  'latitude-out-of-range': 'has a latitude outside -90…90',
  'longitude-out-of-range': 'has a longitude outside -180…180',
  'impossible-date': 'has a date that is not a real calendar date (YYYY-MM-DD or YYYY-MM)',
  'date-without-day': 'has only a month ("YYYY-MM"), which cannot be placed in a week',
  'outside-period': 'falls outside the period asked for',
};

export interface H3AggregateOptions {
  /** H3 resolution, an integer 0 (continent-sized) … 15 (about 1 m²). */
  readonly resolution: number;
  readonly step: TimeStep;
  /**
   * First and last day of the period (ISO dates, inclusive). When given, the cube's steps run over
   * the whole period even where no incident fell, and incidents outside it are skipped with
   * reason 'outside-period'. When not given, the steps run from the earliest to the latest incident.
   */
  readonly from?: string;
  readonly to?: string;
  /** How many skipped records to list one by one (the counts by reason are always complete). Default 1,000. */
  readonly maxProblems?: number;
}

export interface SkippedReport {
  readonly count: number;
  readonly byReason: Readonly<Record<SkipReason, number>>;
  /** The first `maxProblems` skipped records, 1-based record numbers in input order. */
  readonly problems: readonly RecordProblem[];
}

/** A space-time cube of counts: `counts[c * steps.length + t]` is the number of incidents in cell `cells[c]` during step `steps[t]`. */
export interface H3Cube {
  readonly resolution: number;
  readonly step: TimeStep;
  /** H3 cell indexes with at least one incident, sorted. */
  readonly cells: readonly string[];
  /** Step labels in time order, contiguous (empty steps included). */
  readonly steps: readonly string[];
  readonly counts: Uint32Array;
}

export interface H3Aggregation extends H3Cube {
  /** Incidents counted in the cube. */
  readonly counted: number;
  readonly skipped: SkippedReport;
}

/** Throws unless `resolution` is an integer 0…15 (H3's range). */
export function checkResolution(resolution: number): void {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new AriadneError('VALIDATION_FAILED', `H3 resolution must be an integer from 0 to 15; got ${String(resolution)}.`, {
      details: { resolution: 'must be an integer from 0 to 15' },
    });
  }
}

// ---- dates ---------------------------------------------------------------------------------

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Reads `n` ASCII digits at `at`; -1 if any is not a digit. Character codes, not a regex: this runs a million times. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const NO_DAY = 0;
/**
 * Parses "YYYY-MM-DD" or "YYYY-MM" into year*10000 + month*100 + day (day 0 when absent);
 * -1 when the string is not a real calendar date ("2024-13-45", "2023-02-29").
 */
export function parseIncidentDate(date: unknown): number {
  if (typeof date !== 'string' || (date.length !== 7 && date.length !== 10) || date.charCodeAt(4) !== 45) return -1;
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 2);
  // Years before 1000 are refused: no incident this platform records is that old, and it keeps the
  // week arithmetic below (offset week numbers) non-negative.
  if (y < 1000 || m < 1 || m > 12) return -1;
  if (date.length === 7) return y * 10000 + m * 100 + NO_DAY;
  if (date.charCodeAt(7) !== 45) return -1;
  const d = digits(date, 8, 2);
  const last = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  if (d < 1 || d > last) return -1;
  return y * 10000 + m * 100 + d;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil): integer arithmetic, no Date object per incident. */
function daysSinceEpoch(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The step number of a parsed date: months since year 0, years, or ISO weeks since the Monday
 * 1969-12-29 (1970-01-01 was a Thursday). -1 for a week asked of a month-only date.
 */
function stepNumber(ymd: number, step: TimeStep): number {
  const y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  if (step === 'year') return y;
  if (step === 'month') return y * 12 + (m - 1);
  if (d === NO_DAY) return -1;
  return Math.floor((daysSinceEpoch(y, m, d) + 3) / 7) + 100_000; // offset keeps weeks before 1970 non-negative
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The label of a step number: "2024", "2024-03" or the ISO week "2024-W09". */
function stepLabel(n: number, step: TimeStep): string {
  if (step === 'year') return pad(n, 4);
  if (step === 'month') return `${pad(Math.floor(n / 12), 4)}-${pad((n % 12) + 1, 2)}`;
  // The ISO week's year is the year of its Thursday; its number counts Thursdays in that year.
  const thursday = new Date(((n - 100_000) * 7) * 86_400_000); // Monday + 3 days = day 7k since the epoch
  const year = thursday.getUTCFullYear();
  const dayOfYear = (thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000;
  return `${pad(year, 4)}-W${pad(Math.floor(dayOfYear / 7) + 1, 2)}`;
}

function periodBound(value: string | undefined, name: 'from' | 'to', step: TimeStep): number | undefined {
  if (value === undefined) return undefined;
  const ymd = parseIncidentDate(value);
  if (ymd < 0 || ymd % 100 === NO_DAY) {
    throw new AriadneError('VALIDATION_FAILED', `The period's "${name}" must be a calendar date YYYY-MM-DD; got ${JSON.stringify(value).slice(0, 40)}.`, {
      details: { [name]: 'must be a calendar date YYYY-MM-DD' },
    });
  }
  return stepNumber(ymd, step);
}

// ---- aggregation ---------------------------------------------------------------------------

/** A growable Int32Array: one number per counted incident, no object per incident. */
class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** Why an incident cannot be placed on the map, or undefined if it can. */
function placeProblem(lat: unknown, lon: unknown): SkipReason | undefined {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return 'no-coordinates';
  if (lat < -90 || lat > 90) return 'latitude-out-of-range';
  if (lon < -180 || lon > 180) return 'longitude-out-of-range';
  if (lat === 0 && lon === 0) return 'null-island';
  return undefined;
}

/** Counts incidents per H3 cell and time step. */
export function aggregateToH3(incidents: Iterable<Incident>, options: H3AggregateOptions): H3Aggregation {
  const { resolution, step } = options;
  checkResolution(resolution);
  if (!(TIME_STEPS as readonly string[]).includes(step)) {
    throw new AriadneError('VALIDATION_FAILED', `Time step must be one of ${TIME_STEPS.join(', ')}.`, { details: { step: 'unknown time step' } });
  }
  const from = periodBound(options.from, 'from', step);
  const to = periodBound(options.to, 'to', step);
  if (from !== undefined && to !== undefined && from > to) {
    throw new AriadneError('VALIDATION_FAILED', 'The period ends before it starts.', { details: { to: 'is before from' } });
  }
  const maxProblems = options.maxProblems ?? 1000;

  const cellNumber = new Map<string, number>();
  const cellOf = new IntColumn();
  const stepOf = new IntColumn();
  const byReason = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  const problems: RecordProblem[] = [];
  let skipped = 0;
  let record = 0;
  let minStep = Number.POSITIVE_INFINITY;
  let maxStep = Number.NEGATIVE_INFINITY;

  const skip = (reason: SkipReason) => {
    skipped++;
    byReason[reason]++;
    // Record number and reason only: an incident's fields may identify a person, so none is echoed.
    if (problems.length < maxProblems) problems.push({ record, message: `Incident ${record} ${SKIP_MESSAGES[reason]}; it is not counted.` });
  };

  for (const incident of incidents) {
    record++;
    const place = incident?.place;
    const problem = placeProblem(place?.lat, place?.lon);
    if (problem !== undefined) { skip(problem); continue; }
    const ymd = parseIncidentDate(incident.date);
    if (ymd < 0) { skip('impossible-date'); continue; }
    const t = stepNumber(ymd, step);
    if (t < 0) { skip('date-without-day'); continue; }
    if ((from !== undefined && t < from) || (to !== undefined && t > to)) { skip('outside-period'); continue; }

    const cell = latLngToCell(place.lat!, place.lon!, resolution);
    let c = cellNumber.get(cell);
    if (c === undefined) { c = cellNumber.size; cellNumber.set(cell, c); }
    cellOf.push(c);
    stepOf.push(t);
    if (t < minStep) minStep = t;
    if (t > maxStep) maxStep = t;
  }

  const first = from ?? (cellOf.length > 0 ? minStep : 0);
  const last = to ?? (cellOf.length > 0 ? maxStep : first - 1);
  const stepCount = last - first + 1;
  const steps = Array.from({ length: stepCount }, (_, i) => stepLabel(first + i, step));

  // Sorted cells make the output deterministic whatever the input order; `rank` maps first-seen numbers to sorted positions.
  const cells = [...cellNumber.keys()].sort();
  const rank = new Int32Array(cells.length);
  cells.forEach((cell, i) => { rank[cellNumber.get(cell)!] = i; });
  const counts = new Uint32Array(cells.length * stepCount);
  for (let i = 0; i < cellOf.length; i++) counts[rank[cellOf.data[i]!]! * stepCount + (stepOf.data[i]! - first)]!++;

  return {
    resolution,
    step,
    cells,
    steps,
    counts,
    counted: cellOf.length,
    skipped: { count: skipped, byReason, problems },
  };
}
