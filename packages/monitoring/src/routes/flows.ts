/**
 * Routes (resolution 2331, para 23: "routes or locations where patterns … are being developed"):
 * movements (origin → transit … → destination) aggregated into flows, the top corridors, and how
 * corridors changed between two periods. Pure functions over `Movement`s; no I/O.
 *
 * Rules, stated because published figures depend on them:
 * - A flow is a route at one level: `country` (ISO alpha-2) or `pcode` (P-codes, opaque). Its
 *   count is the sum of the movements' `count` (persons), `movements` the number of records.
 * - A place repeated in a row along the route is one stop: at country level, Syria (two
 *   governorates) → Türkiye is the route SY → TR. Origin and destination are kept even when
 *   equal (domestic trafficking: SY → SY).
 * - A movement is never half-counted: one with an unknown place at any stage, malformed stages,
 *   an impossible or backwards date, a count that is not a positive whole number, or an id seen
 *   before is skipped whole, with its record number and the reason.
 * - A movement is dated by its latest stage date (when the route was last observed); periods
 *   are inclusive ISO date ranges. A month-only date ("2024-03") is in a period only if the
 *   whole month is; one straddling a period's edge is skipped with the reason rather than guessed.
 * - Subjects (the persons' entity ids) are never copied into any result.
 */

import { AriadneError } from '@ariadne/schema';
import { EXPLOITATION_FORMS, type ExploitationForm, type Movement, type Place } from '../types.ts';
import { getCountry } from '../places/countries.ts';

export type FlowLevel = 'country' | 'pcode';

/** An inclusive date range, ISO "YYYY-MM-DD" at both ends. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface FlowOptions {
  readonly level: FlowLevel;
  /** Only movements dated in this period; undated movements are then skipped. */
  readonly period?: Period;
}

export interface Flow {
  readonly origin: string;
  /** Transit stops in order, repeats collapsed; empty for a direct route. */
  readonly transit: readonly string[];
  readonly destination: string;
  /** Persons: the sum of the movements' counts. */
  readonly count: number;
  /** Movement records aggregated. */
  readonly movements: number;
  /** Earliest and latest stage date seen on the flow's movements; undefined when none was dated. */
  readonly firstDate: string | undefined;
  readonly lastDate: string | undefined;
  /** Forms of exploitation reported on any of its movements, in the order of EXPLOITATION_FORMS. */
  readonly forms: readonly ExploitationForm[];
}

/** A movement left out of the figures, and why. */
export interface SkippedMovement {
  /** 1-based position in the input. */
  readonly record: number;
  readonly id: string;
  readonly reason: string;
}

export interface FlowResult {
  /** Largest count first; ties by number of movements, then by route. */
  readonly flows: Flow[];
  readonly skipped: SkippedMovement[];
}

/** An origin → destination pair, transit collapsed. */
export interface Corridor {
  readonly origin: string;
  readonly destination: string;
  readonly count: number;
  readonly movements: number;
  /** Distinct transit chains seen on the corridor. */
  readonly routes: number;
  readonly firstDate: string | undefined;
  readonly lastDate: string | undefined;
  readonly forms: readonly ExploitationForm[];
}

export type CorridorTrend = 'new' | 'growing' | 'stable' | 'shrinking' | 'gone';

export interface CorridorChange {
  readonly origin: string;
  readonly destination: string;
  /** Persons in the earlier and the later period. */
  readonly earlier: number;
  readonly later: number;
  readonly movementsEarlier: number;
  readonly movementsLater: number;
  /** later - earlier. */
  readonly change: number;
  readonly trend: CorridorTrend;
}

export interface CorridorComparison {
  /** Largest absolute change first; ties by later count, then by corridor. */
  readonly changes: CorridorChange[];
  /** Skipped in either period (a movement skipped for its shape appears once). */
  readonly skipped: SkippedMovement[];
}

const MAX_ID_LENGTH = 200;
const FORM_ORDER = new Map<string, number>(EXPLOITATION_FORMS.map((form, i) => [form, i]));

// ---------------------------------------------------------------------------------------------
// Dates

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** A date's first and last day ("2024-02" → 2024-02-01 … 2024-02-29), or undefined if it is not a real date. */
function dateRange(date: string): { readonly first: string; readonly last: string } | undefined {
  const match = DATE.exec(date);
  if (match === null) return undefined;
  const year = Number(match[1]), month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (match[3] === undefined) return { first: `${match[1]}-${match[2]}-01`, last: `${match[1]}-${match[2]}-${String(daysInMonth).padStart(2, '0')}` };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth) return undefined;
  return { first: date, last: date };
}

function checkPeriod(period: Period, name: string): void {
  const from = typeof period?.from === 'string' ? dateRange(period.from) : undefined;
  const to = typeof period?.to === 'string' ? dateRange(period.to) : undefined;
  if (from === undefined || to === undefined || period.from.length !== 10 || period.to.length !== 10) {
    throw new AriadneError('VALIDATION_FAILED', `The ${name} period needs real dates, "YYYY-MM-DD" at both ends.`, { details: { [name]: 'not a date range' } });
  }
  if (period.from > period.to) throw new AriadneError('VALIDATION_FAILED', `The ${name} period ends before it starts.`, { details: { [name]: 'from is after to' } });
}

// ---------------------------------------------------------------------------------------------
// One movement → one route

interface Route {
  readonly origin: string;
  readonly transit: readonly string[];
  readonly destination: string;
  readonly firstDate: string | undefined;
  readonly lastDate: string | undefined;
  /** The whole span of the latest stage date (a month-only date spans the month). */
  readonly datedBy: { readonly first: string; readonly last: string } | undefined;
}

function placeKey(place: Place | undefined, level: FlowLevel): string | { reason: string } {
  if (typeof place !== 'object' || place === null) return { reason: 'has no place' };
  if (level === 'country') {
    const code = place.country;
    if (typeof code !== 'string' || code === '') return { reason: 'has no country' };
    // Place.country must already be ISO alpha-2; a name or alpha-3 here is a bug upstream, not something to guess.
    const country = /^[A-Z]{2}$/.test(code) ? getCountry(code) : undefined;
    return country === undefined ? { reason: `has an unknown country code "${code.slice(0, 20)}"` } : country.alpha2;
  }
  const pcode = place.pcode;
  if (typeof pcode !== 'string' || pcode.trim() === '') return { reason: 'has no P-code' };
  return pcode;
}

function routeOf(movement: Movement, level: FlowLevel): Route | { reason: string } {
  const stages = movement.stages;
  if (!Array.isArray(stages) || stages.length < 2) return { reason: 'needs an origin and a destination stage' };
  if (stages[0]?.role !== 'origin') return { reason: 'the first stage is not the origin' };
  if (stages.at(-1)?.role !== 'destination') return { reason: 'the last stage is not the destination' };
  const keys: string[] = [];
  let firstDate: string | undefined;
  let lastDate: string | undefined;
  let previous: { first: string; last: string } | undefined;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    const expectedRole = i === 0 ? 'origin' : i === stages.length - 1 ? 'destination' : 'transit';
    if (stage.role !== expectedRole) return { reason: `stage ${i + 1} is "${String(stage.role).slice(0, 20)}" where a ${expectedRole} stage belongs` };
    const key = placeKey(stage.place, level);
    if (typeof key !== 'string') return { reason: `stage ${i + 1} (${expectedRole}) ${key.reason}` };
    keys.push(key);
    if (stage.date !== undefined) {
      const range = typeof stage.date === 'string' ? dateRange(stage.date) : undefined;
      if (range === undefined) return { reason: `stage ${i + 1} (${expectedRole}) date "${String(stage.date).slice(0, 20)}" is not a real date` };
      // A stage reached before the previous one is an impossible route; rather skip than publish it.
      if (previous !== undefined && range.last < previous.first) return { reason: `stage ${i + 1} (${expectedRole}) is dated before the stage before it` };
      if (firstDate === undefined || stage.date < firstDate) firstDate = stage.date;
      if (lastDate === undefined || stage.date > lastDate) lastDate = stage.date;
      previous = range;
    }
  }
  const origin = keys[0]!;
  const destination = keys.at(-1)!;
  const transit: string[] = [];
  for (const key of keys.slice(1, -1)) if (key !== (transit.at(-1) ?? origin)) transit.push(key);
  while (transit.length > 0 && transit.at(-1) === destination) transit.pop();
  return { origin, transit, destination, firstDate, lastDate, datedBy: lastDate === undefined ? undefined : dateRange(lastDate) };
}

function inPeriod(route: Route, period: Period): boolean | { reason: string } {
  if (route.datedBy === undefined) return { reason: 'has no date, so no period' };
  const { first, last } = route.datedBy;
  if (first >= period.from && last <= period.to) return true;
  if (last < period.from || first > period.to) return false;
  return { reason: `its date spans the edge of the period ${period.from} to ${period.to}` };
}

// ---------------------------------------------------------------------------------------------
// Aggregation

interface Accumulator {
  origin: string;
  transit: readonly string[];
  destination: string;
  count: number;
  movements: number;
  firstDate: string | undefined;
  lastDate: string | undefined;
  forms: Set<ExploitationForm>;
}

const sortedForms = (forms: Set<ExploitationForm>): ExploitationForm[] => [...forms].sort((a, b) => FORM_ORDER.get(a)! - FORM_ORDER.get(b)!);
const earlier = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined || a <= b ? a : b);
const later = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined || a >= b ? a : b);
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Aggregates movements into flows by (origin, transit chain, destination) at country or P-code
 * level. Never throws on bad movements: each is skipped with its reason.
 *
 * @example aggregateFlows(movements, { level: 'country' }).flows[0]
 *   // { origin: 'SY', transit: ['TR'], destination: 'DE', count: 12, movements: 3, … }
 */
export function aggregateFlows(movements: Iterable<Movement>, options: FlowOptions): FlowResult {
  if (options.level !== 'country' && options.level !== 'pcode') {
    throw new AriadneError('VALIDATION_FAILED', 'Flows are aggregated at "country" or "pcode" level.', { details: { level: 'not country or pcode' } });
  }
  if (options.period !== undefined) checkPeriod(options.period, 'period');
  const byRoute = new Map<string, Accumulator>();
  const skipped: SkippedMovement[] = [];
  const seen = new Set<string>();
  let record = 0;
  for (const movement of movements) {
    record++;
    const id = typeof movement?.id === 'string' ? movement.id.slice(0, MAX_ID_LENGTH) : '';
    const skip = (reason: string): void => { skipped.push({ record, id, reason }); };
    if (typeof movement !== 'object' || movement === null) { skip('not a movement'); continue; }
    if (id === '') { skip('has no id'); continue; }
    if (seen.has(movement.id)) { skip('repeats the id of an earlier movement'); continue; }
    seen.add(movement.id);
    if (!Number.isSafeInteger(movement.count) || movement.count < 1) { skip(`count ${String(movement.count).slice(0, 20)} is not a positive whole number`); continue; }
    const forms = Array.isArray(movement.forms) ? movement.forms : [];
    const unknownForm = forms.find((f) => !FORM_ORDER.has(f));
    if (unknownForm !== undefined) { skip(`unknown form of exploitation "${String(unknownForm).slice(0, 40)}"`); continue; }
    const route = routeOf(movement, options.level);
    if ('reason' in route) { skip(route.reason); continue; }
    if (options.period !== undefined) {
      const inside = inPeriod(route, options.period);
      if (inside === false) continue;
      if (inside !== true) { skip(inside.reason); continue; }
    }
    // JSON of the stops is an unambiguous key whatever characters an opaque P-code holds.
    const key = JSON.stringify([route.origin, ...route.transit, '', route.destination]);
    let flow = byRoute.get(key);
    if (flow === undefined) {
      flow = { origin: route.origin, transit: route.transit, destination: route.destination, count: 0, movements: 0, firstDate: undefined, lastDate: undefined, forms: new Set() };
      byRoute.set(key, flow);
    }
    flow.count += movement.count;
    flow.movements++;
    flow.firstDate = earlier(flow.firstDate, route.firstDate);
    flow.lastDate = later(flow.lastDate, route.lastDate);
    for (const form of forms) flow.forms.add(form);
  }
  const flows = [...byRoute.entries()]
    .sort(([ka, a], [kb, b]) => b.count - a.count || b.movements - a.movements || compareText(ka, kb))
    .map(([, f]) => ({ origin: f.origin, transit: f.transit, destination: f.destination, count: f.count, movements: f.movements, firstDate: f.firstDate, lastDate: f.lastDate, forms: sortedForms(f.forms) }));
  return { flows, skipped };
}

/** Corridors (origin → destination, transit collapsed), largest count first; ties by movements, then by origin and destination. */
export function corridorsOf(flows: readonly Flow[]): Corridor[] {
  const byPair = new Map<string, Accumulator & { routes: number }>();
  for (const flow of flows) {
    const key = JSON.stringify([flow.origin, flow.destination]);
    let corridor = byPair.get(key);
    if (corridor === undefined) {
      corridor = { origin: flow.origin, transit: [], destination: flow.destination, count: 0, movements: 0, firstDate: undefined, lastDate: undefined, forms: new Set(), routes: 0 };
      byPair.set(key, corridor);
    }
    corridor.count += flow.count;
    corridor.movements += flow.movements;
    corridor.routes++;
    corridor.firstDate = earlier(corridor.firstDate, flow.firstDate);
    corridor.lastDate = later(corridor.lastDate, flow.lastDate);
    for (const form of flow.forms) corridor.forms.add(form);
  }
  return [...byPair.values()]
    .sort((a, b) => b.count - a.count || b.movements - a.movements || compareText(a.origin, b.origin) || compareText(a.destination, b.destination))
    .map((c) => ({ origin: c.origin, destination: c.destination, count: c.count, movements: c.movements, routes: c.routes, firstDate: c.firstDate, lastDate: c.lastDate, forms: sortedForms(c.forms) }));
}

/** The `limit` largest corridors (default 10). */
export function topCorridors(flows: readonly Flow[], limit = 10): Corridor[] {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new AriadneError('VALIDATION_FAILED', 'The number of corridors must be a whole number, 0 or more.', { details: { limit: 'not a whole number' } });
  return corridorsOf(flows).slice(0, limit);
}

/**
 * How corridors changed between two periods that do not overlap: every corridor seen in either,
 * with its count in each and its trend (new, growing, stable, shrinking, gone).
 */
export function compareCorridors(
  movements: Iterable<Movement>,
  options: { readonly level: FlowLevel; readonly earlier: Period; readonly later: Period },
): CorridorComparison {
  checkPeriod(options.earlier, 'earlier');
  checkPeriod(options.later, 'later');
  if (options.earlier.to >= options.later.from) {
    throw new AriadneError('VALIDATION_FAILED', 'The earlier period must end before the later period starts.', { details: { later: 'overlaps or precedes the earlier period' } });
  }
  const list = [...movements];
  const before = aggregateFlows(list, { level: options.level, period: options.earlier });
  const after = aggregateFlows(list, { level: options.level, period: options.later });
  const pairs = new Map<string, { origin: string; destination: string; earlier: Corridor | undefined; later: Corridor | undefined }>();
  for (const [side, corridors] of [['earlier', corridorsOf(before.flows)], ['later', corridorsOf(after.flows)]] as const) {
    for (const corridor of corridors) {
      const key = JSON.stringify([corridor.origin, corridor.destination]);
      const entry = pairs.get(key) ?? { origin: corridor.origin, destination: corridor.destination, earlier: undefined, later: undefined };
      entry[side] = corridor;
      pairs.set(key, entry);
    }
  }
  const changes = [...pairs.values()].map((p): CorridorChange => {
    const e = p.earlier?.count ?? 0, l = p.later?.count ?? 0;
    const trend: CorridorTrend = e === 0 ? 'new' : l === 0 ? 'gone' : l > e ? 'growing' : l < e ? 'shrinking' : 'stable';
    return { origin: p.origin, destination: p.destination, earlier: e, later: l, movementsEarlier: p.earlier?.movements ?? 0, movementsLater: p.later?.movements ?? 0, change: l - e, trend };
  }).sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || b.later - a.later || compareText(a.origin, b.origin) || compareText(a.destination, b.destination));
  // The same movement skipped for its shape is skipped in both periods: report it once.
  const skipped = new Map<string, SkippedMovement>();
  for (const s of [...before.skipped, ...after.skipped]) skipped.set(`${s.record}\u0000${s.reason}`, s);
  return { changes, skipped: [...skipped.values()].sort((a, b) => a.record - b.record) };
}
