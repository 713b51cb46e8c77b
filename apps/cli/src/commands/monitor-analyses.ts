/**
 * `ariadne monitor hotspots` and `ariadne monitor routes`: the API's analyses
 * (GET /api/monitoring/hotspots and /routes, same JSON shapes) on an outside data file read
 * directly (no store needed) or on the store's imported datasets.
 *
 * These are INTERNAL analyses, true counts for the officer: they do not pass the publication
 * gate and must not be published as they are. Counts below the configured k are marked `small`,
 * as in the API, so whoever copies a figure out sees it needs the gate.
 */
import { basename } from 'node:path';
import {
  aggregateFlows, aggregateToH3, categoryLabel, checkRange, compareCorridors, corridorsOf, emergingHotSpots, giBin,
  type DayRange, type FlowLevel, type GiBin, type Incident, type Movement, type TimeStep,
} from '@ariadne/monitoring';
import { isAriadneError } from '@ariadne/schema';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { withStore } from '../open-store.ts';
import { filterOf, incidentFilterOf, monitorSettings, type MonitorFilter, type MonitorFilterOptions } from './monitor-settings.ts';
import {
  checkedFile, detectKind, incidentMatches, movementFilterOf, movementMatches, placeResolver, printJson, readDataFile, reportProblems,
  storeIncidents, storeMovements, type MonitorKind,
} from './monitor-sources.ts';

export interface MonitorSourceOptions extends MonitorFilterOptions {
  /** an HXL-tagged, ACLED or HTCDS CSV file to analyse directly */
  readonly input?: string;
  /** analyse the store's imported datasets instead */
  readonly store?: boolean;
  /** the kind of --input (detected when absent) */
  readonly kind?: MonitorKind;
  readonly output?: string;
}

export interface HotspotsOptions extends MonitorSourceOptions {
  readonly resolution: number;
  readonly step: TimeStep;
}

export interface RoutesOptions extends MonitorSourceOptions {
  readonly level: FlowLevel;
  /** two periods, each "FROM..TO" or one day, month, quarter or year */
  readonly compare?: readonly string[];
}

function checkSource(options: MonitorSourceOptions): void {
  if ((options.input === undefined) === (options.store !== true)) throw new CliError(EXIT.USAGE, 'Give either --input <file> or --store.');
  if (options.kind !== undefined && options.input === undefined) throw new CliError(EXIT.USAGE, '--kind goes with --input.');
}

/** an analysis' refusal (too few steps, a constant cube, overlapping periods) as one line */
function analysisError(error: unknown): never {
  if (isAriadneError(error) && error.code === 'VALIDATION_FAILED') throw new CliError(EXIT.USAGE, error.message);
  throw error;
}

/** the items of --input, read, reported and filtered with the store's rules */
async function fromFile<T>(io: Io, options: MonitorSourceOptions, pick: (read: { incidents: Incident[]; movements: Movement[] }) => T[], keep: (item: T) => boolean): Promise<T[]> {
  const path = options.input!;
  await checkedFile(path, Number.MAX_SAFE_INTEGER);
  const kind = options.kind ?? await detectKind(path);
  const read = await readDataFile(path, kind, placeResolver());
  reportProblems(io, basename(path), read.problems, read.problems.length + read.problemsNotListed);
  for (const note of read.notes) io.err(`${basename(path)}: ${note}\n`);
  const all = pick(read);
  const kept = all.filter(keep);
  io.err(`${basename(path)}: ${kind}, ${read.records} records, ${all.length} read, ${kept.length} within the filters.\n`);
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Hot spots

const HOT_CLASS: Record<GiBin, string> = { 3: 'hot-99', 2: 'hot-95', 1: 'hot-90', 0: 'none', [-1]: 'cold-90', [-2]: 'cold-95', [-3]: 'cold-99' };

export interface HotspotCell {
  readonly cell: string;
  readonly count: number;
  readonly z: number;
  readonly p: number;
  readonly hot: string;
  readonly category: string;
  readonly trendZ: number;
  readonly trendP: number;
  readonly reason: string;
  readonly small: boolean;
}

/** H3 aggregation, then emerging hot spot analysis (Gi* per bin, Mann-Kendall per cell), in the API's shape */
export function hotspotsOf(incidents: readonly Incident[], options: { resolution: number; step: TimeStep; range?: DayRange; k: number }) {
  const cube = aggregateToH3(incidents, {
    resolution: options.resolution, step: options.step, ...(options.range ? { from: options.range.from, to: options.range.to } : {}),
  });
  const skipped = { count: cube.skipped.count, byReason: Object.fromEntries(Object.entries(cube.skipped.byReason).filter(([, n]) => n > 0)) };
  const base = { resolution: options.resolution, step: options.step, steps: [...cube.steps], counted: cube.counted, skipped };
  if (cube.cells.length === 0) return { ...base, cells: [] as HotspotCell[] };
  const result = emergingHotSpots(cube);
  const T = cube.steps.length;
  const cells = result.locations.map((location, c): HotspotCell => {
    let count = 0;
    for (let t = 0; t < T; t++) count += cube.counts[c * T + t]!;
    const { z, p, q } = location.final;
    return {
      cell: location.cell, count, z, p, hot: HOT_CLASS[giBin(z, q ?? p)], category: categoryLabel(location.category).toLowerCase(),
      trendZ: location.trend.z, trendP: location.trend.p, reason: location.reason, small: count < options.k,
    };
  });
  return { ...base, cells, summary: Object.fromEntries(Object.entries(result.summary).filter(([, n]) => n > 0)) };
}

export async function runMonitorHotspots(config: CliConfig, io: Io, options: HotspotsOptions, environment: NodeJS.ProcessEnv): Promise<number> {
  checkSource(options);
  const { defaultK } = monitorSettings(environment);
  const filter = filterOf(options);
  const incidents = options.input !== undefined
    ? await fromFile(io, options, (r) => r.incidents, (i) => incidentMatches(i, filter))
    : await withStore(config, async ({ store }) => (await storeIncidents(store, incidentFilterOf(filter))).filter((i) => incidentMatches(i, filter)));
  let result;
  try {
    result = hotspotsOf(incidents, { resolution: options.resolution, step: options.step, ...(filter.range ? { range: filter.range } : {}), k: defaultK });
  } catch (error) {
    analysisError(error);
  }
  if (result.skipped.count > 0) io.err(`${result.skipped.count} incidents could not be placed on the map or in a step: ${JSON.stringify(result.skipped.byReason)}\n`);
  io.err(`hotspots: ${result.counted} incidents in ${result.cells.length} cells over ${result.steps.length} steps (internal figures: publish through \`monitor release\`).\n`);
  await printJson(io, result, options.output);
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** a --compare period: "FROM..TO", or one day, month, quarter (2024-Q1) or year */
export function periodOption(text: string): DayRange {
  const [from, to, extra] = text.split('..');
  if (extra !== undefined || from === undefined || from === '') throw new CliError(EXIT.USAGE, `--compare: ${JSON.stringify(text.slice(0, 40))} is not a period (FROM..TO, or a day, month, quarter or year).`);
  try {
    return checkRange(from, to ?? from);
  } catch (error) {
    throw new CliError(EXIT.USAGE, `--compare: ${(error as Error).message}`);
  }
}

/** flows, corridors and (with two periods) corridor changes, in the API's shape */
export function routesOf(movements: readonly Movement[], options: { level: FlowLevel; k: number; compare?: readonly [DayRange, DayRange] }) {
  const { flows, skipped } = aggregateFlows(movements, { level: options.level });
  const changes = options.compare === undefined ? [] : compareCorridors(movements, { level: options.level, earlier: options.compare[0], later: options.compare[1] }).changes;
  return {
    level: options.level,
    flows: flows.map((f) => ({
      origin: f.origin, transit: [...f.transit], destination: f.destination, count: f.count, movements: f.movements,
      first: f.firstDate ?? null, last: f.lastDate ?? null, small: f.count < options.k,
    })),
    corridors: corridorsOf(flows).map((c) => ({ origin: c.origin, destination: c.destination, count: c.count, small: c.count < options.k })),
    changes: changes.map((c) => ({ origin: c.origin, destination: c.destination, before: c.earlier, after: c.later, change: c.trend })),
    skipped,
  };
}

export async function runMonitorRoutes(config: CliConfig, io: Io, options: RoutesOptions, environment: NodeJS.ProcessEnv): Promise<number> {
  checkSource(options);
  const { defaultK } = monitorSettings(environment);
  const filter: MonitorFilter = filterOf(options);
  let compare: readonly [DayRange, DayRange] | undefined;
  if (options.compare !== undefined) {
    if (options.compare.length !== 2) throw new CliError(EXIT.USAGE, '--compare takes two periods: the earlier and the later.');
    compare = [periodOption(options.compare[0]!), periodOption(options.compare[1]!)];
  }
  const movements = options.input !== undefined
    ? await fromFile(io, options, (r) => r.movements, (m) => movementMatches(m, filter))
    : await withStore(config, async ({ store }) => (await storeMovements(store, movementFilterOf(filter))).filter((m) => movementMatches(m, filter)));
  if (movements.length === 0) io.err('No movements: only HTCDS files (and Movement records) carry routes.\n');
  let result;
  try {
    result = routesOf(movements, { level: options.level, k: defaultK, ...(compare ? { compare } : {}) });
  } catch (error) {
    analysisError(error);
  }
  if (result.skipped.length > 0) {
    io.err(`${result.skipped.length} movements left out of the flows:\n${result.skipped.slice(0, 20).map((s) => `  record ${s.record}: ${s.reason}`).join('\n')}${result.skipped.length > 20 ? '\n  …' : ''}\n`);
  }
  const { skipped, ...shown } = result;
  await printJson(io, { ...shown, skipped: skipped.length }, options.output);
  return EXIT.OK;
}
