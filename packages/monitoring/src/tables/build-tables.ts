/**
 * Builders that turn analysed incidents and movements into FULL tables for the publication gate:
 * one cell for every combination of the dimensions' domains (table-specs.ts), zeros included,
 * each record counted in the cell its values fall in.
 *
 * Nothing is dropped silently. A record outside the requested range or filters, or whose value
 * for a dimension is missing (and the domain has no 'unknown' member) or invalid, is left out and
 * counted in `excluded` under its reason; records with bad data are also listed by their 1-based
 * number (the first 1,000). A record is counted whole or not at all: an incident with one bad
 * victim group is left out rather than published short of some persons.
 *
 * The tally, like the cells, holds TRUE counts: it is for the officer preparing the release and
 * must not be published (it is not protected by the gate).
 *
 * Pure: no I/O, no clock; h3-js for the point → hexagon step (the same index as
 * spatial/h3-aggregate.ts, so released cubes line up with the analysis).
 */
import { getResolution, isValidCell, latLngToCell } from 'h3-js';
import { AriadneError } from '@ariadne/schema';
import {
  AGE_BANDS, EXPLOITATION_FORMS, INCIDENT_CATEGORIES, SEXES, VERIFICATION_STATUSES,
  type DpMechanism, type ExploitationForm, type Incident, type IncidentCategory, type Movement,
  type RecordProblem, type TableCell, type VerificationStatus,
} from '../types.ts';
import { releasedFigure, reportTable, type Label, type Release, type ReportColumn, type ReportTable, type ReportValue } from '../report/report-model.ts';
import type { StringKey } from '../report/report-i18n.ts';
import { checkRange, periodOf, periodsInRange, placeDate, PERIOD_STEPS, type DayRange, type PeriodStep } from './periods.ts';
import { dimensionHxl, tableSpec, UNKNOWN, type DimensionSpec, type RequestedList, type TableId, type TableSpec } from './table-specs.ts';

/** The largest table built: beyond it the request is refused (a table that size is a mistake, or a leak by volume). */
export const MAX_TABLE_CELLS = 200_000;
/** Records listed one by one in `excluded.problems`; the counts by reason are always complete. */
export const MAX_LISTED_PROBLEMS = 1_000;
/** Persons one record may count: more is a typo or a hostile file, not an incident. */
export const MAX_PERSONS_PER_RECORD = 100_000;
export const DEFAULT_MAX_FORMS_PER_RECORD = 3;
export const DEFAULT_VERIFICATION: readonly VerificationStatus[] = ['verified'];
/** Longest name of a perpetrator group or P-code accepted in a request. */
const MAX_NAME_LENGTH = 200;

export interface TableRequest {
  /** First and last day of the range: a day, month, quarter ("2024-Q1") or year; see periods.ts `checkRange`. */
  readonly from: string;
  readonly to: string;
  readonly step: PeriodStep;
  /** ISO 3166-1 alpha-2 codes (and optionally 'unknown'): the domain of country dimensions, a filter elsewhere. */
  readonly countries?: readonly string[];
  /** P-codes as opaque strings, matched exactly (and optionally 'unknown'). */
  readonly pcodes?: readonly string[];
  /** Perpetrator groups as the sources name them (and optionally 'unknown' for incidents naming none). */
  readonly groups?: readonly string[];
  readonly forms?: readonly ExploitationForm[];
  readonly categories?: readonly IncidentCategory[];
  /** H3 cells of one resolution (e.g. the area's polygonToCells): the hotspot tables' domain, a filter elsewhere. */
  readonly h3Cells?: readonly string[];
  /** Incidents with these statuses are counted; default only 'verified'. */
  readonly verification?: readonly VerificationStatus[];
  /**
   * The most records (incidents or movements) one person appears in: the sensitivity's factor.
   * Default 1. Checked where records list their subjects; assumed for outside data.
   */
  readonly maxRecordsPerPerson?: number;
  /** For the forms table: an incident counts under at most this many forms (default 3). */
  readonly maxFormsPerRecord?: number;
}

export interface TableData {
  readonly incidents?: readonly Incident[];
  readonly movements?: readonly Movement[];
}

export const EXCLUSION_REASONS = [
  'invalid-record', 'duplicate-id',
  'invalid-verification', 'outside-verification',
  'missing-date', 'invalid-date', 'outside-period', 'date-straddles-range',
  'missing-country', 'invalid-country', 'outside-countries',
  'missing-pcode', 'invalid-pcode', 'outside-pcodes',
  'missing-group', 'invalid-group', 'outside-groups',
  'invalid-form', 'outside-forms', 'too-many-forms',
  'invalid-category', 'outside-categories',
  'missing-coordinates', 'invalid-coordinates', 'outside-h3Cells',
  'missing-origin', 'missing-destination',
  'invalid-victim-group', 'invalid-count', 'no-victims',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Reasons that follow from the request (range, filters), not from bad data: tallied, not listed. */
const FILTER_REASONS: ReadonlySet<ExclusionReason> = new Set([
  'outside-verification', 'outside-period', 'outside-countries', 'outside-pcodes', 'outside-groups', 'outside-forms', 'outside-categories', 'outside-h3Cells',
]);

/** Fixed wording: never the record's values, which may be personal data. */
const REASON_MESSAGES: Record<ExclusionReason, string> = {
  'invalid-record': 'is not a well-formed record (id, date, place, forms or stages missing or of the wrong type)',
  'duplicate-id': 'repeats the id of an earlier record and is counted once',
  'invalid-verification': 'has a verification status that is not one of reported, verified, unverified, discredited',
  'outside-verification': 'has a verification status the request does not count',
  'missing-date': 'has no date',
  'invalid-date': 'has a date that is not a real ISO date (YYYY-MM-DD) or month (YYYY-MM)',
  'outside-period': 'falls outside the requested range',
  'date-straddles-range': 'has only a month, which straddles the start or end of the range',
  'missing-country': 'has no country, and the request does not count unknown countries',
  'invalid-country': 'has a country that is not an ISO 3166-1 alpha-2 code',
  'outside-countries': 'is in a country the request does not list',
  'missing-pcode': 'has no P-code, and the request does not count unknown P-codes',
  'invalid-pcode': 'has a P-code that is not a string',
  'outside-pcodes': 'is in an area the request does not list',
  'missing-group': 'names no perpetrator group, and the request does not count unknown groups',
  'invalid-group': 'has a perpetrator group that is not a string',
  'outside-groups': 'names a perpetrator group the request does not list',
  'invalid-form': 'has a form of exploitation outside the closed list',
  'outside-forms': 'has none of the requested forms of exploitation',
  'too-many-forms': 'lists more forms of exploitation than the table counts per incident (maxFormsPerRecord)',
  'invalid-category': 'has a category outside the closed list',
  'outside-categories': 'has a category the request does not list',
  'missing-coordinates': 'has no usable coordinates (none, or 0, 0)',
  'invalid-coordinates': 'has a latitude or longitude out of range',
  'outside-h3Cells': 'lies in an H3 cell the request does not list',
  'missing-origin': 'has no origin country, and the request does not count unknown countries',
  'missing-destination': 'has no destination country, and the request does not count unknown countries',
  'invalid-victim-group': 'has a victim group with a sex or age band outside the closed lists',
  'invalid-count': `has a count of persons that is not a whole number from 1 to ${MAX_PERSONS_PER_RECORD}`,
  'no-victims': 'lists no victims, so adds no persons',
};

export interface ExclusionTally {
  /** Records left out. */
  readonly total: number;
  readonly byReason: Readonly<Partial<Record<ExclusionReason, number>>>;
  /** Records left out for bad data (not for the request's range or filters): the first 1,000, by 1-based number. */
  readonly problems: readonly RecordProblem[];
}

/**
 * How far one person can move the table, for the gate. A person in r records (maxRecordsPerPerson),
 * each putting them in at most c cells by 1 (cellsPerRecord), changes the table by at most
 * l1 = c·r in total and l2 = √(c·r²) (r in each of c cells at worst).
 */
export interface TableSensitivity {
  readonly maxRecordsPerPerson: number;
  readonly cellsPerRecord: number;
  readonly l1: number;
  readonly l2Squared: number;
}

export interface BuiltTable {
  readonly tableId: TableId;
  /** The dimension names, as the gate's request must list them. */
  readonly dimensions: readonly string[];
  /** HXL hashtags: one per dimension, then the figure's. */
  readonly hxl: readonly string[];
  /** Every combination of the domains, in domain order (the first dimension varies slowest), zeros included. */
  readonly cells: TableCell[];
  /** Records counted. */
  readonly counted: number;
  readonly excluded: ExclusionTally;
  readonly sensitivity: TableSensitivity;
  /** Counted records that list no subjects, for which maxRecordsPerPerson is assumed rather than checked. */
  readonly recordsWithoutSubjects: number;
  /** A description of the table and its request for the gate's ledger (no personal data). */
  readonly query: string;
}

function refuse(message: string, details: Record<string, string>, code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_FAILED'): never {
  throw new AriadneError(code, message, { details });
}

// ---------------------------------------------------------------------------------------------
// The request

interface CheckedRequest {
  readonly range: DayRange;
  readonly step: PeriodStep;
  readonly lists: Partial<Record<RequestedList, readonly string[]>>;
  readonly verification: ReadonlySet<string>;
  readonly maxRecordsPerPerson: number;
  readonly maxFormsPerRecord: number;
  /** H3 resolution of the requested cells */
  readonly h3Resolution?: number;
}

const COUNTRY_CODE = /^[A-Z]{2}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const closedMember = (values: readonly string[]) => (v: string) => values.includes(v);

/** Checks on each member of a requested list; 'unknown' is accepted where a record can lack the value. */
const LIST_RULES: Record<RequestedList, { test: (v: string) => boolean; expected: string; unknownAllowed: boolean }> = {
  countries: { test: (v) => COUNTRY_CODE.test(v), expected: 'ISO 3166-1 alpha-2 codes in upper case, or "unknown"', unknownAllowed: true },
  pcodes: { test: (v) => v.trim() === v && v !== '' && v.length <= MAX_NAME_LENGTH && !CONTROL.test(v), expected: 'P-codes (no spaces around, no control characters)', unknownAllowed: true },
  groups: { test: (v) => v.trim() === v && v !== '' && v.length <= MAX_NAME_LENGTH && !CONTROL.test(v), expected: `group names (1–${MAX_NAME_LENGTH} characters, no spaces around)`, unknownAllowed: true },
  forms: { test: closedMember(EXPLOITATION_FORMS), expected: `forms of exploitation: ${EXPLOITATION_FORMS.join(', ')}`, unknownAllowed: false },
  categories: { test: closedMember(INCIDENT_CATEGORIES), expected: 'incident categories of the closed list', unknownAllowed: false },
  h3Cells: { test: (v) => isValidCell(v), expected: 'valid H3 cell indexes', unknownAllowed: false },
};

function checkList(name: RequestedList, list: unknown): readonly string[] | undefined {
  if (list === undefined) return undefined;
  const rule = LIST_RULES[name];
  if (!Array.isArray(list) || list.length === 0) refuse(`The request's ${name} must be a non-empty list.`, { [name]: rule.expected });
  if (list.length > MAX_TABLE_CELLS) refuse(`The request lists ${list.length} ${name}; at most ${MAX_TABLE_CELLS}.`, { [name]: `at most ${MAX_TABLE_CELLS}` }, 'PAYLOAD_TOO_LARGE');
  const seen = new Set<string>();
  list.forEach((v: unknown, i) => {
    const ok = typeof v === 'string' && (rule.test(v) || (rule.unknownAllowed && v === UNKNOWN));
    if (!ok) refuse(`The request's ${name}[${i}] is not valid.`, { [`${name}[${i}]`]: rule.expected });
    // group names are compared as the sources write them, but in one Unicode form
    const key = name === 'groups' ? (v as string).normalize('NFC') : (v as string);
    if (seen.has(key)) refuse(`The request's ${name} lists the same value twice (${name}[${i}]).`, { [`${name}[${i}]`]: 'each value once' });
    seen.add(key);
  });
  return [...seen];
}

function checkWholeNumber(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) refuse(`${name} must be a whole number from 1 to ${max}.`, { [name]: `1 … ${max}` });
  return value;
}

function checkRequest(spec: TableSpec, request: TableRequest): CheckedRequest {
  if (typeof request !== 'object' || request === null) refuse('The table request is missing.', { request: 'an object with from, to and step' });
  if (!(PERIOD_STEPS as readonly unknown[]).includes(request.step)) refuse(`The step must be one of ${PERIOD_STEPS.join(', ')}.`, { step: PERIOD_STEPS.join(' | ') });
  const range = checkRange(request.from, request.to);
  const lists: Partial<Record<RequestedList, readonly string[]>> = {};
  for (const name of Object.keys(LIST_RULES) as RequestedList[]) {
    const list = checkList(name, request[name]);
    if (list !== undefined) lists[name] = list;
  }
  if (spec.records === 'movements') {
    // a filter that cannot apply must not look applied: refuse rather than ignore it
    const inapplicable: string[] = (['pcodes', 'groups', 'categories', 'h3Cells'] as const).filter((n) => lists[n] !== undefined);
    if (request.verification !== undefined) inapplicable.push('verification');
    if (inapplicable.length > 0) {
      refuse(`The ${spec.id} table counts movements, which have no ${inapplicable.join(', ')}: remove that filter.`, Object.fromEntries(inapplicable.map((n) => [n, 'not applicable to movements'])));
    }
  }
  const verification = request.verification ?? DEFAULT_VERIFICATION;
  if (!Array.isArray(verification) || verification.length === 0 || verification.some((v) => !(VERIFICATION_STATUSES as readonly unknown[]).includes(v))) {
    refuse('The verification filter must list statuses of: reported, verified, unverified, discredited.', { verification: VERIFICATION_STATUSES.join(' | ') });
  }
  let h3Resolution: number | undefined;
  if (lists.h3Cells !== undefined) {
    const resolutions = new Set(lists.h3Cells.map((c) => getResolution(c)));
    if (resolutions.size !== 1) refuse('The requested H3 cells must all have the same resolution.', { h3Cells: 'one resolution' });
    h3Resolution = [...resolutions][0]!;
  }
  const base = {
    range,
    step: request.step,
    lists,
    verification: new Set<string>(verification),
    maxRecordsPerPerson: checkWholeNumber(request.maxRecordsPerPerson, 'maxRecordsPerPerson', 1, 10_000),
    maxFormsPerRecord: checkWholeNumber(request.maxFormsPerRecord, 'maxFormsPerRecord', DEFAULT_MAX_FORMS_PER_RECORD, EXPLOITATION_FORMS.length),
  };
  return h3Resolution === undefined ? base : { ...base, h3Resolution };
}

/** A dimension's values, fixed by the spec and the request before any record is read. */
function domainOf(spec: TableSpec, dimension: DimensionSpec, request: CheckedRequest): readonly string[] {
  const d = dimension.domain;
  switch (d.kind) {
    case 'periods':
      return periodsInRange(request.range.from, request.range.to, request.step);
    case 'closed': {
      const filter = d.filter === undefined ? undefined : request.lists[d.filter];
      return filter === undefined ? d.values : d.values.filter((v) => filter.includes(v));
    }
    case 'requested': {
      const list = request.lists[d.list];
      if (list === undefined) refuse(`The ${spec.id} table needs the request to name its ${d.list}: its ${dimension.name} dimension runs over them, never over the values that happen to occur.`, { [d.list]: 'required for this table' });
      return list;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading one record

type Exclusion = { readonly excluded: ExclusionReason };
const out = (excluded: ExclusionReason): Exclusion => ({ excluded });
const isExclusion = (x: unknown): x is Exclusion => typeof x === 'object' && x !== null && 'excluded' in x;

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * A single value against an allowed set: missing → 'unknown' when the set has it, else excluded;
 * not a string or not of the right form → invalid; not in the set → outside.
 */
function member(
  raw: unknown,
  allowed: ReadonlySet<string>,
  reasons: { missing: ExclusionReason; invalid: ExclusionReason; outside: ExclusionReason },
  wellFormed: (v: string) => boolean = () => true,
): string | Exclusion {
  // sources write "Unknown" for a value they do not have: the same as leaving it out
  const missing = isBlank(raw) || (typeof raw === 'string' && raw.trim().toLowerCase() === UNKNOWN);
  if (missing) return allowed.has(UNKNOWN) ? UNKNOWN : out(reasons.missing);
  if (typeof raw !== 'string') return out(reasons.invalid);
  const v = raw.trim().normalize('NFC');
  if (!wellFormed(v)) return out(reasons.invalid);
  return allowed.has(v) ? v : out(reasons.outside);
}

function formsOf(raw: unknown): readonly string[] | Exclusion {
  if (!Array.isArray(raw)) return out('invalid-record');
  if (raw.length > EXPLOITATION_FORMS.length * 4) return out('invalid-form');
  const forms = new Set<string>();
  for (const f of raw) {
    if (typeof f !== 'string' || !(EXPLOITATION_FORMS as readonly string[]).includes(f)) return out('invalid-form');
    forms.add(f);
  }
  // "no form given" is the closed list's own 'unknown' member
  return forms.size === 0 ? [UNKNOWN] : [...forms];
}

function h3CellOf(place: Incident['place'], resolution: number): string | Exclusion {
  const { lat, lon } = place ?? {};
  if (isBlank(lat) || isBlank(lon)) return out('missing-coordinates');
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return out('invalid-coordinates');
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return out('invalid-coordinates');
  // 0, 0 is the common placeholder for "unknown" (as in h3-aggregate.ts): not a place in the Gulf of Guinea
  if (lat === 0 && lon === 0) return out('missing-coordinates');
  return latLngToCell(lat, lon, resolution);
}

/** One record's contributions: the cells (by dimension values) it adds to, and by how much. */
interface Contribution {
  readonly values: Readonly<Record<string, string>>;
  readonly weight: number;
}

interface RecordReading {
  readonly contributions: readonly Contribution[];
}

const REASONS = {
  country: { missing: 'missing-country', invalid: 'invalid-country', outside: 'outside-countries' },
  origin: { missing: 'missing-origin', invalid: 'invalid-country', outside: 'outside-countries' },
  destination: { missing: 'missing-destination', invalid: 'invalid-country', outside: 'outside-countries' },
  pcode: { missing: 'missing-pcode', invalid: 'invalid-pcode', outside: 'outside-pcodes' },
  group: { missing: 'missing-group', invalid: 'invalid-group', outside: 'outside-groups' },
} as const satisfies Record<string, { missing: ExclusionReason; invalid: ExclusionReason; outside: ExclusionReason }>;

/** What a table reads from records: each dimension's domain as a set, and each filter. */
interface Reader {
  readonly spec: TableSpec;
  readonly request: CheckedRequest;
  /** allowed values per requested list (domain of a dimension or a filter), undefined when the request names none */
  readonly allowed: Partial<Record<RequestedList, ReadonlySet<string>>>;
  readonly dimensionNames: ReadonlySet<string>;
}

function resolveCount(raw: unknown): number | Exclusion {
  return typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 1 && raw <= MAX_PERSONS_PER_RECORD ? raw : out('invalid-count');
}

function readIncident(incident: Incident, reader: Reader): RecordReading | Exclusion {
  const { request, allowed, dimensionNames: dims, spec } = reader;
  if (typeof incident.date !== 'string' && !isBlank(incident.date)) return out('invalid-record');
  if (incident.place !== undefined && (typeof incident.place !== 'object' || incident.place === null)) return out('invalid-record');
  const place = incident.place ?? {};

  if (!(VERIFICATION_STATUSES as readonly unknown[]).includes(incident.verification)) return out('invalid-verification');
  if (!request.verification.has(incident.verification)) return out('outside-verification');

  if (isBlank(incident.date)) return out('missing-date');
  const placement = placeDate(incident.date, request.range);
  if (placement === 'invalid') return out('invalid-date');
  if (placement === 'outside') return out('outside-period');
  if (placement === 'straddles') return out('date-straddles-range');

  const fixed: Record<string, string> = {};
  if (dims.has('period')) fixed['period'] = periodOf(incident.date, request.step)!;

  if (allowed.countries) {
    const v = member(place.country, allowed.countries, REASONS.country, (c) => COUNTRY_CODE.test(c));
    if (isExclusion(v)) return v;
    if (dims.has('country')) fixed['country'] = v;
  }
  if (allowed.pcodes) {
    const v = member(place.pcode, allowed.pcodes, REASONS.pcode);
    if (isExclusion(v)) return v;
    if (dims.has('pcode')) fixed['pcode'] = v;
  }
  if (allowed.groups) {
    const v = member(incident.perpetratorGroup, allowed.groups, REASONS.group);
    if (isExclusion(v)) return v;
    if (dims.has('perpetratorGroup')) fixed['perpetratorGroup'] = v;
  }

  if (!(INCIDENT_CATEGORIES as readonly unknown[]).includes(incident.category)) return out('invalid-category');
  if (allowed.categories && !allowed.categories.has(incident.category)) return out('outside-categories');
  if (dims.has('category')) fixed['category'] = incident.category;

  const forms = formsOf(incident.forms);
  if (isExclusion(forms)) return forms;
  const counted = allowed.forms ? forms.filter((f) => allowed.forms!.has(f)) : forms;
  if (counted.length === 0) return out('outside-forms');

  if (request.h3Resolution !== undefined && allowed.h3Cells) {
    const cell = h3CellOf(place, request.h3Resolution);
    if (isExclusion(cell)) return cell;
    if (!allowed.h3Cells.has(cell)) return out('outside-h3Cells');
    if (dims.has('cell')) fixed['cell'] = cell;
  }

  if (dims.has('form')) {
    if (counted.length > request.maxFormsPerRecord) return out('too-many-forms');
    return { contributions: counted.map((form) => ({ values: { ...fixed, form }, weight: 1 })) };
  }
  if (spec.counts === 'persons') return victimContributions(incident.victims, fixed);
  return { contributions: [{ values: fixed, weight: 1 }] };
}

/** Persons by (sex, age band): each victim group's count in its cell; a missing sex or age is the list's 'unknown'. */
function victimContributions(victims: unknown, fixed: Readonly<Record<string, string>>): RecordReading | Exclusion {
  if (!Array.isArray(victims)) return out('invalid-record');
  if (victims.length > SEXES.length * AGE_BANDS.length * 4) return out('invalid-victim-group');
  const byPair = new Map<string, Contribution>();
  let persons = 0;
  for (const g of victims as unknown[]) {
    if (typeof g !== 'object' || g === null) return out('invalid-victim-group');
    const { sex: rawSex, ageBand: rawAge, count: rawCount } = g as Record<string, unknown>;
    const sex = isBlank(rawSex) ? UNKNOWN : rawSex;
    const ageBand = isBlank(rawAge) ? UNKNOWN : rawAge;
    if (typeof sex !== 'string' || !(SEXES as readonly string[]).includes(sex)) return out('invalid-victim-group');
    if (typeof ageBand !== 'string' || !(AGE_BANDS as readonly string[]).includes(ageBand)) return out('invalid-victim-group');
    // a group of 0 says "none of these", which is allowed; only the whole incident must have someone
    const count = rawCount === 0 ? 0 : resolveCount(rawCount);
    if (isExclusion(count)) return count;
    persons += count;
    if (persons > MAX_PERSONS_PER_RECORD) return out('invalid-count');
    const pair = `${sex}\u0000${ageBand}`;
    byPair.set(pair, { values: { ...fixed, sex, ageBand }, weight: (byPair.get(pair)?.weight ?? 0) + count });
  }
  if (persons === 0) return out('no-victims');
  return { contributions: [...byPair.values()].filter((c) => c.weight > 0) };
}

function readMovement(movement: Movement, reader: Reader): RecordReading | Exclusion {
  const { request, allowed, dimensionNames: dims } = reader;
  const stages: unknown = movement.stages;
  if (!Array.isArray(stages) || stages.length > 1_000 || stages.some((s) => typeof s !== 'object' || s === null)) return out('invalid-record');
  const typed = stages as Movement['stages'];
  const origin = typed.find((s) => s.role === 'origin');
  const destination = typed.findLast((s) => s.role === 'destination');

  // a movement is dated by its departure: the origin's date, else the first stage with one
  const date = !isBlank(origin?.date) ? origin!.date : typed.find((s) => !isBlank(s.date))?.date;
  if (isBlank(date)) return out('missing-date');
  if (typeof date !== 'string') return out('invalid-date');
  const placement = placeDate(date, request.range);
  if (placement === 'invalid') return out('invalid-date');
  if (placement === 'outside') return out('outside-period');
  if (placement === 'straddles') return out('date-straddles-range');

  const fixed: Record<string, string> = {};
  if (dims.has('period')) fixed['period'] = periodOf(date, request.step)!;
  if (allowed.countries) {
    const from = member(origin?.place?.country, allowed.countries, REASONS.origin, (c) => COUNTRY_CODE.test(c));
    if (isExclusion(from)) return from;
    const to = member(destination?.place?.country, allowed.countries, REASONS.destination, (c) => COUNTRY_CODE.test(c));
    if (isExclusion(to)) return to;
    if (dims.has('origin')) fixed['origin'] = from;
    if (dims.has('destination')) fixed['destination'] = to;
  }
  const forms = formsOf(movement.forms);
  if (isExclusion(forms)) return forms;
  if (allowed.forms && !forms.some((f) => allowed.forms!.has(f))) return out('outside-forms');
  const count = resolveCount(movement.count);
  if (isExclusion(count)) return count;
  return { contributions: [{ values: fixed, weight: count }] };
}

// ---------------------------------------------------------------------------------------------
// The table

const NAMES_IN_QUERY = 20;

/** The ledger's description: the table, range, step and filters; long lists summarised (no personal data). */
function describeQuery(spec: TableSpec, request: CheckedRequest): string {
  const parts = [`${spec.id}: ${request.range.from} to ${request.range.to} by ${request.step}`];
  if (spec.records === 'incidents') parts.push(`verification ${[...request.verification].join('+')}`);
  for (const [name, list] of Object.entries(request.lists)) {
    const shown = list.length <= NAMES_IN_QUERY ? list.map((v) => v.slice(0, 40)).join(', ') : `${list.length} listed`;
    parts.push(`${name}: ${shown}`);
  }
  if (request.maxRecordsPerPerson !== 1) parts.push(`maxRecordsPerPerson ${request.maxRecordsPerPerson}`);
  if (spec.cellsPerRecord === 'forms') parts.push(`maxFormsPerRecord ${request.maxFormsPerRecord}`);
  return parts.join('; ').slice(0, 2000);
}

function recordsOf(spec: TableSpec, data: TableData): readonly unknown[] {
  const records: unknown = data?.[spec.records];
  if (records === undefined) refuse(`The ${spec.id} table counts ${spec.records}; none were given (pass an empty list for none).`, { [spec.records]: 'required' });
  if (!Array.isArray(records)) refuse(`The ${spec.records} must be a list.`, { [spec.records]: 'an array' });
  return records;
}

/**
 * Builds one table of the catalogue over the full cross product of its dimensions' domains.
 * Refuses (AriadneError) an unknown table, a bad request, a derived domain the request does not
 * name, a cross product over MAX_TABLE_CELLS, and records whose listed subjects appear in more
 * counted records than `maxRecordsPerPerson` declares (the gate's noise would be too small).
 *
 * @example
 * const built = buildTable('incidents-by-period', { incidents }, { from: '2030-01', to: '2030-06', step: 'month' });
 * releaseTable(built.cells, { query: built.query, dimensions: built.dimensions, mechanism: 'discrete-laplace', epsilon: 1 }, ledger, budget,
 *   { maxCellsPerPerson: gateMaxCellsPerPerson(built.sensitivity, 'discrete-laplace') });
 */
export function buildTable(specId: TableId, data: TableData, request: TableRequest): BuiltTable {
  const spec = tableSpec(specId);
  if (spec === undefined) refuse(`There is no table "${String(specId).slice(0, 60)}" in the catalogue.`, { table: 'an id of TABLE_SPECS' });
  const checked = checkRequest(spec, request);
  const domains = spec.dimensions.map((d) => domainOf(spec, d, checked));
  const size = domains.reduce((n, d) => n * d.length, 1);
  if (size > MAX_TABLE_CELLS) {
    refuse(`The ${spec.id} table would have ${size} cells (${domains.map((d) => d.length).join(' × ')}); at most ${MAX_TABLE_CELLS}. Narrow the range, use a longer step or fewer areas.`, { cells: `at most ${MAX_TABLE_CELLS}` }, 'PAYLOAD_TOO_LARGE');
  }
  const records = recordsOf(spec, data);

  const allowed: Partial<Record<RequestedList, ReadonlySet<string>>> = {};
  for (const [name, list] of Object.entries(checked.lists) as [RequestedList, readonly string[]][]) allowed[name] = new Set(list);
  const reader: Reader = { spec, request: checked, allowed, dimensionNames: new Set(spec.dimensions.map((d) => d.name)) };
  const indexes = domains.map((d) => new Map(d.map((v, i) => [v, i])));
  const counts = new Array<number>(size).fill(0);

  const byReason: Partial<Record<ExclusionReason, number>> = {};
  const problems: RecordProblem[] = [];
  let excludedTotal = 0;
  const exclude = (i: number, reason: ExclusionReason) => {
    excludedTotal++;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    if (!FILTER_REASONS.has(reason) && problems.length < MAX_LISTED_PROBLEMS) problems.push({ record: i + 1, message: `${spec.records === 'incidents' ? 'Incident' : 'Movement'} ${i + 1} ${REASON_MESSAGES[reason]}.` });
  };

  const seenIds = new Set<string>();
  const recordsPerSubject = new Map<string, number>();
  let counted = 0;
  let recordsWithoutSubjects = 0;

  records.forEach((record, i) => {
    if (typeof record !== 'object' || record === null) return exclude(i, 'invalid-record');
    const { id, subjects } = record as { id?: unknown; subjects?: unknown };
    if (typeof id !== 'string' || id === '') return exclude(i, 'invalid-record');
    if (subjects !== undefined && (!Array.isArray(subjects) || subjects.some((s) => typeof s !== 'string'))) return exclude(i, 'invalid-record');
    // the same record imported twice (two files, one source) must count once
    if (seenIds.has(id)) return exclude(i, 'duplicate-id');
    seenIds.add(id);

    const reading = spec.records === 'incidents' ? readIncident(record as Incident, reader) : readMovement(record as Movement, reader);
    if (isExclusion(reading)) return exclude(i, reading.excluded);
    for (const c of reading.contributions) {
      let index = 0;
      spec.dimensions.forEach((d, j) => {
        const at = indexes[j]!.get(c.values[d.name]!);
        if (at === undefined) throw new AriadneError('INTERNAL', `A counted value of ${d.name} is not in its domain.`);
        index = index * domains[j]!.length + at;
      });
      counts[index]! += c.weight;
    }
    counted++;
    const listed = (subjects as string[] | undefined) ?? [];
    if (listed.length === 0) recordsWithoutSubjects++;
    for (const s of new Set(listed)) recordsPerSubject.set(s, (recordsPerSubject.get(s) ?? 0) + 1);
  });

  checkPersonBound(recordsPerSubject, checked.maxRecordsPerPerson);

  const cells: TableCell[] = counts.map((count, index) => {
    const key: Record<string, string> = {};
    let rest = index;
    for (let j = spec.dimensions.length - 1; j >= 0; j--) {
      const domain = domains[j]!;
      key[spec.dimensions[j]!.name] = domain[rest % domain.length]!;
      rest = Math.floor(rest / domain.length);
    }
    // keys listed in dimension order, as a reader of the JSON expects
    return { key: Object.fromEntries(spec.dimensions.map((d) => [d.name, key[d.name]!])), count };
  });

  const formsDomain = spec.dimensions.find((d) => d.name === 'form') === undefined ? 0 : domains[spec.dimensions.findIndex((d) => d.name === 'form')]!.length;
  const cellsPerRecord = spec.cellsPerRecord === 'forms' ? Math.min(checked.maxFormsPerRecord, formsDomain) : 1;
  const r = checked.maxRecordsPerPerson;
  return {
    tableId: spec.id as TableId,
    dimensions: spec.dimensions.map((d) => d.name),
    hxl: [...spec.dimensions.map((d) => dimensionHxl(d, checked.step)), spec.value.hxl],
    cells,
    counted,
    excluded: { total: excludedTotal, byReason, problems },
    sensitivity: { maxRecordsPerPerson: r, cellsPerRecord, l1: cellsPerRecord * r, l2Squared: cellsPerRecord * r * r },
    recordsWithoutSubjects,
    query: describeQuery(spec, checked),
  };
}

/**
 * Refuses when a listed subject appears in more counted records than declared. Why refuse rather
 * than drop the extra records: dropping a record because of one person changes the counts of the
 * others in it, so the table would move by more than the declared sensitivity when that person
 * is added or removed. The error names how many persons and the largest number of records, never who.
 */
function checkPersonBound(recordsPerSubject: ReadonlyMap<string, number>, declared: number): void {
  let over = 0;
  let most = 0;
  for (const n of recordsPerSubject.values()) {
    if (n > declared) over++;
    if (n > most) most = n;
  }
  if (over > 0) {
    refuse(
      `${over} person(s) appear in more counted records than maxRecordsPerPerson = ${declared} (up to ${most}); the noise would be too small for them. Declare a bound of at least ${most} (more noise) or narrow the table.`,
      { maxRecordsPerPerson: `at least ${most}` },
    );
  }
}

/**
 * The `maxCellsPerPerson` to pass to the gate for a mechanism: the L1 sensitivity for the
 * Laplace (the gate splits ε over that many cells) and the squared L2 sensitivity for the
 * Gaussian (the gate uses √m as its L2 bound). Mechanism 'none' adds no noise; the L1 bound is
 * passed so the note states it.
 */
export function gateMaxCellsPerPerson(sensitivity: TableSensitivity, mechanism: DpMechanism): number {
  return mechanism === 'discrete-gaussian' ? sensitivity.l2Squared : sensitivity.l1;
}

// ---------------------------------------------------------------------------------------------
// Released tables → report tables

/** Column labels: the report's own words where it has them, otherwise English text (see the report of this module's author). */
function dimensionLabel(name: string, step: PeriodStep): Label {
  const known: Record<string, StringKey> = {
    country: 'country', form: 'form', perpetratorGroup: 'perpetratorGroup', ageBand: 'ageBand', origin: 'origin', destination: 'destination', cell: 'cell',
  };
  if (name === 'period') return step === 'quarter' ? { text: 'Quarter' } : step;
  const key = known[name];
  if (key !== undefined) return key;
  const fallback: Record<string, string> = { pcode: 'Area (P-code)', category: 'Category', sex: 'Sex' };
  return { text: fallback[name] ?? name };
}

const CAPTIONS: Partial<Record<TableId, StringKey>> = {
  'incidents-by-period': 'trends',
  'incidents-by-form': 'forms',
  'incidents-by-perpetrator': 'perpetrators',
  'victims-by-sex-age': 'victims',
  corridors: 'routes',
  'hotspot-cells-by-category': 'hotspots',
  'hotspot-cells-by-period': 'hotspots',
};

function dimensionValue(name: string, code: string): ReportValue {
  switch (name) {
    case 'form':
      return { kind: 'term', vocabulary: 'form', code };
    case 'sex':
      return { kind: 'term', vocabulary: 'sex', code };
    case 'ageBand':
      return { kind: 'term', vocabulary: 'ageBand', code };
    case 'country':
    case 'origin':
    case 'destination':
      return COUNTRY_CODE.test(code) ? { kind: 'country', code } : { kind: 'text', text: code };
    default:
      return { kind: 'text', text: code };
  }
}

export interface ReportTableOptions {
  /** The step the table was built with (labels and HXL of the time dimension). */
  readonly step: PeriodStep;
  /** The report table's id (its CSV file name); default the catalogue id. */
  readonly id?: string;
  /** Where the figures come from when not Ariadne's own data. */
  readonly source?: string;
}

/**
 * A released table (the gate's cells and note) as a report table: one row per cell in the order
 * the builder made them (domain order: periods in time order), one column per dimension with the
 * catalogue's HXL hashtag, then the figure. Suppressed cells stay "suppressed"; every figure is
 * checked to be one the gate could have released (report-model.ts `releasedFigure`).
 *
 * @example reportTableFromRelease('incidents-by-period', release, { step: 'quarter' }).columns[0].hxl // '#date+quarter'
 */
export function reportTableFromRelease(specId: TableId, release: Release, options: ReportTableOptions): ReportTable {
  const spec = tableSpec(specId);
  if (spec === undefined) refuse(`There is no table "${String(specId).slice(0, 60)}" in the catalogue.`, { table: 'an id of TABLE_SPECS' });
  if (!(PERIOD_STEPS as readonly unknown[]).includes(options.step)) refuse(`The step must be one of ${PERIOD_STEPS.join(', ')}.`, { step: PERIOD_STEPS.join(' | ') });
  const columns: ReportColumn[] = [
    ...spec.dimensions.map((d) => ({ label: dimensionLabel(d.name, options.step), hxl: dimensionHxl(d, options.step), numeric: false })),
    { label: spec.counts, hxl: spec.value.hxl, numeric: true },
  ];
  const rows = release.cells.map((cell, i) => [
    ...spec.dimensions.map((d) => {
      const code = cell.key[d.name];
      if (typeof code !== 'string') refuse(`Released cell ${i + 1} has no "${d.name}" dimension.`, { [`cells[${i}]`]: `a key with ${d.name}` });
      return dimensionValue(d.name, code);
    }),
    releasedFigure(cell, release.note),
  ]);
  const single = spec.dimensions.length === 1;
  const chart = !single ? undefined : spec.dimensions[0]!.domain.kind === 'periods' ? ({ type: 'line', labelColumn: 0, valueColumn: 1 } as const) : ({ type: 'bar', labelColumn: 0, valueColumn: 1 } as const);
  const caption: Label = CAPTIONS[spec.id as TableId] ?? { text: spec.id };
  return reportTable({
    id: options.id ?? spec.id,
    caption,
    columns,
    rows,
    note: release.note,
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(chart === undefined ? {} : { chart }),
  });
}
