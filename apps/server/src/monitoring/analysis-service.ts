/**
 * The internal analyses of monitoring (trends, routes, hot spots) over the incidents a caller may
 * see: every imported dataset (any `monitoring:read` holder) plus the incidents and movements of
 * the cases the caller is a MEMBER of (never other cases; the store applies the statistics-consent
 * rule). These views show exact counts to officers: they are not publications. A count below the
 * configured k is marked `small` so the UI can warn before anyone copies it out.
 *
 * Hot spots: the incidents are read and reduced to coordinates and dates on the event loop (I/O in
 * batches), then the H3 aggregation, Gi* and the emerging-hot-spot classification run in a worker
 * thread when the input is large (`hotspotWorkerThreshold`), so a million incidents do not stall
 * other requests. The worker is an eval worker that registers tsx and imports `computeHotspots`
 * from this very module, whose runtime imports are only the pure spatial modules.
 */
import { Worker } from 'node:worker_threads';
import { AriadneError, type ErrorCode } from '@ariadne/schema';
import type { Actor, IncidentFilter, MovementFilter, Store } from '@ariadne/store';
import type { ExploitationForm, Incident, IncidentCategory, Movement, VerificationStatus } from '../../../../packages/monitoring/src/types.ts';
import { aggregateToH3, type TimeStep } from '../../../../packages/monitoring/src/spatial/h3-aggregate.ts';
import { getisOrdHotSpots, type GiBin } from '../../../../packages/monitoring/src/spatial/getis-ord.ts';
import { emergingHotSpots, type EhsaCategory } from '../../../../packages/monitoring/src/spatial/emerging-hotspots.ts';
import { periodOf, periodsInRange, type PeriodStep } from '../../../../packages/monitoring/src/tables/periods.ts';
import { aggregateFlows, compareCorridors, topCorridors, type FlowLevel } from '../../../../packages/monitoring/src/routes/flows.ts';
import type { MonitoringSettings } from './monitoring-settings.ts';

/** the filters every analysis takes (the contract's common query parameters) */
export interface AnalysisFilter {
  readonly from?: string;
  readonly to?: string;
  readonly countries?: readonly string[];
  readonly pcodes?: readonly string[];
  readonly categories?: readonly IncidentCategory[];
  readonly forms?: readonly ExploitationForm[];
  readonly groups?: readonly string[];
  /** default ['verified'] */
  readonly verification?: readonly VerificationStatus[];
}

/** whose data an analysis reads: imported datasets, plus the cases the caller is a member of */
export interface AnalysisScope {
  readonly memberCaseIds: readonly string[];
  /** who reads: each case whose records an analysis reads is journalled under this actor */
  readonly actor?: Actor;
}

export interface TrendResult {
  readonly step: PeriodStep;
  readonly series: { period: string; count: number; small: boolean }[];
  readonly total: number;
  readonly k: number;
}

export interface RoutesResult {
  readonly level: FlowLevel;
  readonly k: number;
  readonly flows: { origin: string; transit: string[]; destination: string; count: number; movements: number; first: string | null; last: string | null; small: boolean }[];
  readonly corridors: { origin: string; destination: string; count: number; small: boolean }[];
  readonly changes: { origin: string; destination: string; before: number; after: number; change: 'new' | 'growing' | 'shrinking' | 'gone' | 'stable' }[];
  /** movements left out (no origin or destination at this level, undated in a period asked for) */
  readonly skipped: number;
}

export type HotClass = 'hot-99' | 'hot-95' | 'hot-90' | 'none' | 'cold-90' | 'cold-95' | 'cold-99';

export interface HotspotCell {
  readonly cell: string;
  readonly count: number;
  /** Getis-Ord Gi* on the cell's count over the whole period (k = 1 ring) */
  readonly z: number;
  readonly p: number;
  readonly hot: HotClass;
  /** the emerging-hot-spot class ('new hot spot', 'no pattern', …) */
  readonly category: string;
  /** Mann-Kendall trend of the cell's Gi* z-scores over the steps; null when there were too few steps */
  readonly trendZ: number | null;
  readonly trendP: number | null;
  readonly reason: string;
  readonly small: boolean;
}

export interface HotspotResult {
  readonly resolution: number;
  readonly step: TimeStep;
  readonly steps: string[];
  readonly cells: HotspotCell[];
  /** incidents that could not be placed on the map (no coordinates, a month-only date for weeks, …) */
  readonly skipped: number;
  readonly tests: { readonly hot: string; readonly category: string };
  /** whether the heavy part ran in a worker thread */
  readonly worker: boolean;
}

/** what the worker is given: only coordinates and dates, never an incident's other fields */
export interface HotspotInput {
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly dates: readonly string[];
  readonly resolution: number;
  readonly step: TimeStep;
  readonly from?: string;
  readonly to?: string;
  readonly k: number;
}

const BIN_CLASS: Record<GiBin, HotClass> = { 3: 'hot-99', 2: 'hot-95', 1: 'hot-90', 0: 'none', [-1]: 'cold-90', [-2]: 'cold-95', [-3]: 'cold-99' };

/** 'new-hot' → 'new hot spot'; 'no-pattern' → 'no pattern' */
export function categoryName(category: EhsaCategory): string {
  if (category === 'no-pattern') return 'no pattern';
  return category.replace(/-(hot|cold)$/, ' $1 spot');
}

/** a count derived from fewer than k incidents (zero reveals nobody and is not marked) */
const isSmall = (count: number, k: number) => count > 0 && count < k;

/** The hot spot analysis proper: pure, run inline or in the worker. */
export function computeHotspots(input: HotspotInput): Omit<HotspotResult, 'worker'> {
  const { lat, lon, dates } = input;
  function* incidents(): Generator<Incident> {
    for (let i = 0; i < dates.length; i++) {
      yield { id: String(i), source: 'analysis', date: dates[i]!, place: { lat: lat[i]!, lon: lon[i]! }, category: 'other', forms: [], verification: 'verified', victims: [] };
    }
  }
  const cube = aggregateToH3(incidents(), {
    resolution: input.resolution, step: input.step, maxProblems: 0,
    ...(input.from === undefined ? {} : { from: input.from }), ...(input.to === undefined ? {} : { to: input.to }),
  });
  const T = cube.steps.length;
  const totals = new Map<string, number>();
  cube.cells.forEach((cell, c) => {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += cube.counts[c * T + t]!;
    totals.set(cell, sum);
  });
  const gi = getisOrdHotSpots(totals, { k: 1 });
  const findings = new Map(gi.findings.filter((f) => f.hasData).map((f) => [f.cell, f]));
  const emerging = T >= 3 && cube.cells.length > 0 ? emergingHotSpots(cube) : null;
  const byCell = new Map(emerging?.locations.map((l) => [l.cell, l]) ?? []);
  const cells: HotspotCell[] = cube.cells.map((cell) => {
    const f = findings.get(cell)!;
    const e = byCell.get(cell);
    const count = totals.get(cell) ?? 0;
    return {
      cell, count, z: f.z, p: f.p, hot: BIN_CLASS[f.bin],
      category: e ? categoryName(e.category) : 'no pattern',
      trendZ: e ? e.trend.z : null, trendP: e ? e.trend.p : null,
      reason: e ? `${f.reason} ${e.reason}` : `${f.reason} Emerging hot spot analysis needs at least 3 time steps; this period has ${T}.`,
      small: isSmall(count, input.k),
    };
  });
  return {
    resolution: input.resolution, step: input.step, steps: [...cube.steps], cells, skipped: cube.skipped.count,
    tests: {
      hot: 'Getis-Ord Gi* on each H3 cell\'s count over the period, neighbourhood of 1 ring, two-sided p-value',
      category: 'Emerging hot spot analysis: Gi* per cell and time step (1 ring, 1 earlier step, FDR-adjusted), Mann-Kendall trend of the z-scores',
    },
  };
}

type WorkerMessage = { type: 'result'; result: Omit<HotspotResult, 'worker'> } | { type: 'error'; code: ErrorCode; message: string; details: Record<string, string> | null };

// An eval worker: Node 20 workers do not inherit tsx's loader, so it registers tsx and then loads
// this module by URL (as packages/network/src/analysis-worker.mjs does for network analyses).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  try {
    const { register } = await import(workerData.tsx);
    register();
    const { computeHotspots } = await import(workerData.module);
    parentPort.postMessage({ type: 'result', result: computeHotspots(workerData.input) });
  } catch (error) {
    const known = error && typeof error.code === 'string' && error.name === 'AriadneError';
    parentPort.postMessage({ type: 'error', code: known ? error.code : 'INTERNAL', message: known ? error.message : 'The hot spot analysis failed.', details: known && error.details ? error.details : null });
  }
})();`;

/** runs `computeHotspots` in a worker thread; the typed arrays are transferred, not copied */
export function computeHotspotsInWorker(input: HotspotInput): Promise<Omit<HotspotResult, 'worker'>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { tsx: import.meta.resolve('tsx/esm/api'), module: import.meta.url, input },
      transferList: [input.lat.buffer as ArrayBuffer, input.lon.buffer as ArrayBuffer],
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'result') settle(() => resolve(m.result));
      else settle(() => reject(new AriadneError(m.code, m.message, m.details ? { details: m.details } : {})));
    });
    worker.on('error', (error) => settle(() => reject(new AriadneError('INTERNAL', 'The hot spot worker failed.', { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new AriadneError('INTERNAL', `The hot spot worker stopped (exit ${code}) before answering.`))));
  });
}

/** the first and last day a "YYYY-MM-DD" or "YYYY-MM" date may stand for */
function span(date: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(date);
  if (!m) return null;
  if (m[3] !== undefined) return { from: date, to: date };
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { from: `${date}-01`, to: `${date}-${String(last).padStart(2, '0')}` };
}

/**
 * The store's incident filter, applied in memory to case incidents (the store filters imported
 * ones in SQL): same rule for dates, an incident is in the period when every day it may stand for is.
 */
export function incidentMatches(i: Incident, f: AnalysisFilter): boolean {
  if (f.from !== undefined || f.to !== undefined) {
    const s = span(i.date);
    if (s === null || (f.from !== undefined && s.from < f.from) || (f.to !== undefined && s.to > f.to)) return false;
  }
  if (f.countries?.length && !(i.place.country !== undefined && f.countries.includes(i.place.country))) return false;
  if (f.pcodes?.length && !(i.place.pcode !== undefined && f.pcodes.includes(i.place.pcode))) return false;
  if (f.categories?.length && !f.categories.includes(i.category)) return false;
  if (f.forms?.length && !i.forms.some((form) => f.forms!.includes(form))) return false;
  if (f.groups?.length && !(i.perpetratorGroup !== undefined && f.groups.includes(i.perpetratorGroup))) return false;
  const verification = f.verification?.length ? f.verification : ['verified'];
  return verification.includes(i.verification);
}

function movementMatches(m: Movement, f: AnalysisFilter): boolean {
  if (f.countries?.length && !m.stages.some((s) => s.place.country !== undefined && f.countries!.includes(s.place.country))) return false;
  if (f.forms?.length && !m.forms.some((form) => f.forms!.includes(form))) return false;
  return true;
}

function storeIncidentFilter(f: AnalysisFilter): IncidentFilter {
  return {
    ...(f.from === undefined ? {} : { from: f.from }), ...(f.to === undefined ? {} : { to: f.to }),
    ...(f.countries?.length ? { countries: f.countries } : {}), ...(f.pcodes?.length ? { pcodes: f.pcodes } : {}),
    ...(f.categories?.length ? { categories: f.categories } : {}), ...(f.forms?.length ? { forms: f.forms } : {}),
    ...(f.groups?.length ? { perpetratorGroups: f.groups } : {}),
    verification: f.verification?.length ? f.verification : ['verified'],
  };
}

export class MonitoringAnalysisService {
  readonly #store: Store;
  readonly #settings: MonitoringSettings;

  constructor(options: { store: Store; settings: MonitoringSettings }) {
    this.#store = options.store;
    this.#settings = options.settings;
  }

  /** every incident the scope may see that passes the filter, in batches; refuses past `maxAnalysisItems` */
  async *incidents(scope: AnalysisScope, filter: AnalysisFilter): AsyncGenerator<Incident[]> {
    let read = 0;
    const count = (n: number) => {
      read += n;
      if (read > this.#settings.maxAnalysisItems) {
        throw new AriadneError('PAYLOAD_TOO_LARGE', `More than ${this.#settings.maxAnalysisItems.toLocaleString('en')} incidents match: narrow the period or the filters.`, { details: { filters: 'too many incidents' } });
      }
    };
    for await (const batch of this.#store.streamIncidents(storeIncidentFilter(filter))) {
      count(batch.length);
      yield batch;
    }
    if (scope.memberCaseIds.length === 0) return;
    await this.#journalCaseReads(scope, 'incidents');
    for await (const batch of this.#store.readCaseIncidents({ caseIds: scope.memberCaseIds })) {
      const kept = batch.filter((i) => incidentMatches(i, filter));
      count(kept.length);
      if (kept.length > 0) yield kept;
    }
  }

  async movements(scope: AnalysisScope, filter: AnalysisFilter): Promise<Movement[]> {
    const out: Movement[] = [];
    const take = (batch: readonly Movement[]) => {
      for (const m of batch) if (movementMatches(m, filter)) out.push(m);
      if (out.length > this.#settings.maxAnalysisItems) {
        throw new AriadneError('PAYLOAD_TOO_LARGE', `More than ${this.#settings.maxAnalysisItems.toLocaleString('en')} movements match: narrow the filters.`, { details: { filters: 'too many movements' } });
      }
    };
    // dates are left to the flow aggregation: a comparison needs both periods' movements
    const storeFilter: MovementFilter = { ...(filter.countries?.length ? { countries: filter.countries } : {}), ...(filter.forms?.length ? { forms: filter.forms } : {}) };
    for await (const batch of this.#store.streamMovements(storeFilter)) take(batch);
    if (scope.memberCaseIds.length > 0) {
      await this.#journalCaseReads(scope, 'movements');
      for await (const batch of this.#store.readCaseMovements({ caseIds: scope.memberCaseIds })) take(batch);
    }
    return out;
  }

  /**
   * An analysis over cases reads victims' records (sex, age, consent) even though only counts
   * leave it: every read of victim data is journalled, one entry per case, ids only.
   */
  async #journalCaseReads(scope: AnalysisScope, what: 'incidents' | 'movements'): Promise<void> {
    if (scope.actor === undefined) return;
    for (const caseId of scope.memberCaseIds) await this.#store.appendJournal(scope.actor, { action: `monitoring.analysis.read:${what}`, caseId });
  }

  /** counts of incidents per period; every period of from…to is listed, empty ones included */
  async trends(scope: AnalysisScope, filter: AnalysisFilter, step: PeriodStep): Promise<TrendResult> {
    const k = this.#settings.defaultK;
    const counts = new Map<string, number>();
    let total = 0;
    for await (const batch of this.incidents(scope, filter)) {
      for (const incident of batch) {
        const period = periodOf(incident.date, step);
        if (period === undefined) continue;
        counts.set(period, (counts.get(period) ?? 0) + 1);
        total++;
      }
    }
    const seen = [...counts.keys()].sort();
    const from = filter.from ?? seen[0];
    const to = filter.to ?? seen[seen.length - 1];
    const periods = from !== undefined && to !== undefined ? periodsInRange(from, to, step) : [];
    const series = periods.map((period) => {
      const count = counts.get(period) ?? 0;
      return { period, count, small: isSmall(count, k) };
    });
    return { step, series, total, k };
  }

  /**
   * Flows (origin → transit → destination) in from…to, the top corridors, and, when an earlier
   * period compareFrom…compareTo is given, how each corridor changed from it to from…to.
   */
  async routes(scope: AnalysisScope, filter: AnalysisFilter, options: { level: FlowLevel; compareFrom?: string; compareTo?: string; top?: number }): Promise<RoutesResult> {
    const k = this.#settings.defaultK;
    const movements = await this.movements(scope, filter);
    const period = filter.from !== undefined || filter.to !== undefined ? { from: filter.from ?? '0001-01-01', to: filter.to ?? '9999-12-31' } : undefined;
    const result = aggregateFlows(movements, { level: options.level, ...(period ? { period } : {}) });
    const flows = result.flows.map((f) => ({
      origin: f.origin, transit: [...f.transit], destination: f.destination, count: f.count, movements: f.movements,
      first: f.firstDate ?? null, last: f.lastDate ?? null, small: isSmall(f.count, k),
    }));
    const corridors = topCorridors(result.flows, options.top ?? 10).map((c) => ({ origin: c.origin, destination: c.destination, count: c.count, small: isSmall(c.count, k) }));
    let changes: RoutesResult['changes'] = [];
    if (options.compareFrom !== undefined || options.compareTo !== undefined) {
      if (options.compareFrom === undefined || options.compareTo === undefined || filter.from === undefined || filter.to === undefined) {
        throw new AriadneError('VALIDATION_FAILED', 'A comparison needs both periods: compareFrom and compareTo (the earlier one), from and to (the later one).', { details: { compareFrom: 'with compareTo, from and to' } });
      }
      const comparison = compareCorridors(movements, { level: options.level, earlier: { from: options.compareFrom, to: options.compareTo }, later: { from: filter.from, to: filter.to } });
      changes = comparison.changes.map((c) => ({ origin: c.origin, destination: c.destination, before: c.earlier, after: c.later, change: c.trend }));
    }
    return { level: options.level, k, flows, corridors, changes, skipped: result.skipped.length };
  }

  async hotspots(scope: AnalysisScope, filter: AnalysisFilter, options: { resolution: number; step: TimeStep }): Promise<HotspotResult> {
    let lat = new Float64Array(1024);
    let lon = new Float64Array(1024);
    const dates: string[] = [];
    let unplaced = 0;
    for await (const batch of this.incidents(scope, filter)) {
      for (const incident of batch) {
        const { lat: y, lon: x } = incident.place;
        if (y === undefined || x === undefined) { unplaced++; continue; }
        if (dates.length === lat.length) {
          const grownLat = new Float64Array(lat.length * 2); grownLat.set(lat); lat = grownLat;
          const grownLon = new Float64Array(lon.length * 2); grownLon.set(lon); lon = grownLon;
        }
        lat[dates.length] = y;
        lon[dates.length] = x;
        dates.push(incident.date);
      }
    }
    const input: HotspotInput = {
      lat: lat.slice(0, dates.length), lon: lon.slice(0, dates.length), dates, resolution: options.resolution, step: options.step, k: this.#settings.defaultK,
      ...(filter.from === undefined ? {} : { from: filter.from }), ...(filter.to === undefined ? {} : { to: filter.to }),
    };
    const worker = dates.length >= this.#settings.hotspotWorkerThreshold;
    const result = worker ? await computeHotspotsInWorker(input) : computeHotspots(input);
    return { ...result, skipped: result.skipped + unplaced, worker };
  }
}
