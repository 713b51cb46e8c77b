/**
 * `ariadne monitor import | release | ledger | report`: the store side of monitoring.
 *
 * A release goes through the same steps as the API's: the catalogue table is built over the
 * store's imported data (`buildTable`), passed through the ONE publication gate
 * (`releaseTable`: k, noise from the CSPRNG, budget), then written with `appendLedger`, whose
 * budget check runs again inside the store's transaction with the ledger locked, so a release
 * racing another (the server, a second CLI) cannot overspend. Nothing is written when any step
 * refuses. The server's publication service was not there to reuse when this was written; this
 * is the package gate + the store directly, as the brief allows.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  DEFAULT_K, TABLE_IDS, VERIFICATION_STATUSES, budgetStatus, buildTable, buildThematicReport, gateMaxCellsPerPerson, isTableId,
  loadBoundaries, parseGlotipAsync, releaseTable, renderReportHtml, renderReportPdf, reportTableFromRelease, section, spendBudget,
  tableSpec, tableToHxlCsv, type BoundaryIndex, type DpMechanism, type PeriodStep, type ReportLanguage, type ReportSection,
  type ReportTable, type SectionKind, type TableId, type TableRequest,
} from '@ariadne/monitoring';
import { isAriadneError } from '@ariadne/schema';
import type { GlotipValue, MonitoringDataset, Store } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';
import { filterOf, monitorSettings, rangeOption, type MonitorFilterOptions } from './monitor-settings.ts';
import {
  MAX_IMPORT_BYTES, checkedFile, detectKind, fileSha256, placeResolver, printJson, readDataFile, reportProblems,
  storeIncidents, storeMovements, writeNewFile, type MonitorKind,
} from './monitor-sources.ts';

/** problems shown in an import's JSON, as in the API */
const PROBLEMS_SHOWN = 100;

// ---------------------------------------------------------------------------------------------
// Import

export interface MonitorImportOptions {
  readonly kind?: MonitorKind;
  /** boundary files: the feature property holding the P-code (default: the deepest ADMn_PCODE the first feature has) */
  readonly pcodeProperty?: string;
  readonly output?: string;
}

export function datasetJson(d: MonitoringDataset) {
  return { id: d.id, kind: d.kind, fileName: d.fileName, sha256: d.sha256, importedAt: d.importedAt, importedBy: d.importedBy, items: d.items, problems: d.problemCount };
}

/** the boundary files the store holds, indexed, so imported points get their P-codes */
async function storedBoundaries(store: Store): Promise<BoundaryIndex[]> {
  const indexes: BoundaryIndex[] = [];
  for (const info of await store.listBoundaries()) {
    const file = await store.getBoundaries(info.id);
    if (file) indexes.push(loadBoundaries(JSON.stringify(file.geojson), { pcodeProperty: file.pcodeProperty }).index);
  }
  return indexes;
}

function pcodePropertyOf(geojson: unknown, given: string | undefined): string {
  if (given !== undefined) return given;
  const first = (geojson as { features?: { properties?: Record<string, unknown> }[] })?.features?.[0]?.properties ?? {};
  const levels = Object.keys(first).map((k) => /^adm(\d)_pcode$/i.exec(k)).filter((m): m is RegExpExecArray => m !== null).sort((a, b) => Number(b[1]) - Number(a[1]));
  if (levels[0] === undefined) throw new CliError(EXIT.USAGE, 'The boundary file\'s features carry no ADMn_PCODE property; name the P-code property with --pcode-property.');
  return levels[0][0];
}

function wholeFileError(path: string, error: unknown): never {
  if (isAriadneError(error) && (error.code === 'MALFORMED_INPUT' || error.code === 'PAYLOAD_TOO_LARGE')) throw new CliError(EXIT.INPUT, `${basename(path)}: ${error.message}`);
  throw error;
}

export async function runMonitorImport(config: CliConfig, io: Io, file: string, options: MonitorImportOptions): Promise<number> {
  await checkedFile(file, MAX_IMPORT_BYTES);
  const kind = options.kind ?? await detectKind(file);
  const sha256 = await fileSha256(file);
  const fileName = basename(file);
  return withStore(config, async ({ store }) => {
    let saved: { dataset: MonitoringDataset; created: boolean };
    let problems: { record: number; message: string }[] = [];
    let notes: string[] = [];
    if (kind === 'glotip') {
      const bytes = new Uint8Array(await readFile(file));
      const read = await parseGlotipAsync(bytes).catch((error: unknown) => wholeFileError(file, error));
      problems = read.problems;
      const rows = read.items.map((r): GlotipValue => ({
        record: r.record, iso3: r.iso3 ?? null, country: r.country ?? r.area, region: r.region ?? '', subregion: r.subregion ?? '',
        indicator: r.indicator, dimension: r.dimension, category: r.category, sex: r.sex, age: r.age, year: r.year, value: r.value,
      }));
      if (read.provenance.releaseDate) notes.push(`UNODC GLOTIP release of ${read.provenance.releaseDate}`);
      saved = await store.saveGlotip(CLI_ACTOR, { fileName, sha256, rows, problems });
    } else if (kind === 'boundaries') {
      const bytes = await readFile(file);
      let geojson: unknown;
      try {
        geojson = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch {
        throw new CliError(EXIT.INPUT, `${fileName} is not JSON.`);
      }
      const pcodeProperty = pcodePropertyOf(geojson, options.pcodeProperty);
      const read = (() => {
        try {
          return loadBoundaries(new Uint8Array(bytes), { pcodeProperty });
        } catch (error) {
          return wholeFileError(file, error);
        }
      })();
      problems = read.problems;
      notes = [`${read.items.length} areas with a P-code in ${pcodeProperty}`];
      saved = await store.saveBoundaries(CLI_ACTOR, { fileName, sha256, name: fileName, pcodeProperty, geojson, problems });
    } else {
      const read = await readDataFile(file, kind, placeResolver(await storedBoundaries(store)));
      problems = read.problems;
      notes = read.notes;
      saved = await store.saveDataset(CLI_ACTOR, { kind, fileName, sha256, incidents: read.incidents, movements: read.movements, problems: read.problems });
    }
    const { dataset, created } = saved;
    if (!created) io.err(`${fileName} was imported before (same SHA-256) as dataset ${dataset.id}; nothing was written.\n`);
    else io.err(`${fileName}: ${kind}, ${dataset.items} items imported as dataset ${dataset.id}.\n`);
    reportProblems(io, fileName, problems, dataset.problemCount);
    await printJson(io, { dataset: datasetJson(dataset), created, problems: (created ? problems : dataset.problems).slice(0, PROBLEMS_SHOWN), notes }, options.output);
    return dataset.problemCount > 0 ? EXIT.BAD_ROWS : EXIT.OK;
  });
}

// ---------------------------------------------------------------------------------------------
// Release and ledger

export interface MonitorReleaseOptions extends MonitorFilterOptions {
  readonly table: string;
  readonly step: PeriodStep;
  readonly k?: number;
  readonly mechanism: DpMechanism;
  readonly epsilon?: number;
  readonly delta?: number;
  readonly title?: string;
  readonly maxRecordsPerPerson?: number;
  readonly output?: string;
}

function budgetJson(status: ReturnType<typeof budgetStatus>) {
  return { total: status.total, spent: status.spent, remaining: status.remaining };
}

export async function runMonitorRelease(config: CliConfig, io: Io, options: MonitorReleaseOptions, environment: NodeJS.ProcessEnv): Promise<number> {
  const settings = monitorSettings(environment);
  if (!isTableId(options.table)) throw new CliError(EXIT.USAGE, `--table: there is no table ${JSON.stringify(options.table.slice(0, 60))}; the catalogue has ${TABLE_IDS.join(', ')}.`);
  if (options.from === undefined || options.to === undefined) throw new CliError(EXIT.USAGE, 'A release needs --from and --to.');
  const range = rangeOption(options.from, options.to)!;
  const filter = filterOf(options);
  const spec = tableSpec(options.table)!;
  const table: TableId = options.table;
  const epsilon = options.epsilon ?? (options.mechanism === 'none' ? undefined : 1);
  const k = options.k ?? settings.defaultK ?? DEFAULT_K;
  const request: TableRequest = {
    from: range.from, to: range.to, step: options.step,
    ...(filter.countries ? { countries: filter.countries } : {}), ...(filter.pcodes ? { pcodes: filter.pcodes } : {}),
    ...(filter.groups ? { groups: filter.groups } : {}), ...(filter.forms ? { forms: filter.forms } : {}),
    ...(filter.categories ? { categories: filter.categories } : {}),
    // incidents: the statuses counted ("all" names them all, as the table's default is verified only);
    // movements have none, and the table refuses a status filter given for them
    ...(spec.records === 'incidents' ? { verification: filter.verification ?? [...VERIFICATION_STATUSES] } : options.verification !== undefined ? { verification: filter.verification ?? [...VERIFICATION_STATUSES] } : {}),
    ...(options.maxRecordsPerPerson !== undefined ? { maxRecordsPerPerson: options.maxRecordsPerPerson } : {}),
  };
  const title = options.title ?? `${table}, ${range.from} to ${range.to}`;
  return withStore(config, async ({ store }) => {
    // incidents are narrowed to the period in the store (the same rule as the table's); movements are
    // read whole and left to the table's own date rule
    const data = spec.records === 'incidents'
      ? { incidents: await storeIncidents(store, { from: range.from, to: range.to }) }
      : { movements: await storeMovements(store, {}) };
    const built = buildTable(table, data, request);
    const ledger = await store.readLedger();
    const release = releaseTable(built.cells, {
      query: built.query, dimensions: built.dimensions, k, mechanism: options.mechanism,
      ...(epsilon !== undefined ? { epsilon } : {}), ...(options.delta !== undefined ? { delta: options.delta } : {}),
    }, ledger, settings.budget, { maxCellsPerPerson: gateMaxCellsPerPerson(built.sensitivity, options.mechanism) });
    const { entry } = release;
    const saved = await store.appendLedger(CLI_ACTOR, {
      entry: { query: entry.query, mechanism: entry.mechanism, epsilon: entry.epsilon, delta: entry.delta, k: entry.k, cells: entry.cells, suppressed: entry.suppressed },
      budget: settings.budget,
      release: { title, tableId: table, step: options.step, cells: release.cells, note: release.note },
    }, (committed, next, budget) => { spendBudget(committed, budget, { epsilon: next.epsilon, delta: next.delta }); });
    const stored = saved.release!;
    const status = budgetStatus(await store.readLedger(), settings.budget);
    const reasons = Object.entries(built.excluded.byReason).map(([r, n]) => `${r} ${n}`).join(', ');
    io.err(`Released ${table} as ${stored.id}: ${entry.cells} cells, ${entry.suppressed} suppressed; ε = ${entry.epsilon}, δ = ${entry.delta}, k = ${entry.k}. Budget left: ε = ${status.remaining.epsilon}, δ = ${status.remaining.delta}.${reasons ? ` Records left out: ${reasons}.` : ''}\n`);
    await printJson(io, {
      release: {
        id: stored.id, title: stored.title, table, at: stored.at,
        cells: stored.cells.map((c) => ({ key: c.key, value: c.value ?? null, suppressed: c.suppressed })),
        note: stored.note,
      },
      budget: budgetJson(status),
    }, options.output);
    return EXIT.OK;
  });
}

export async function runMonitorLedger(config: CliConfig, io: Io, options: { output?: string }, environment: NodeJS.ProcessEnv): Promise<number> {
  const settings = monitorSettings(environment);
  return withStore(config, async ({ store }) => {
    const entries = await store.readLedger();
    await printJson(io, { entries, budget: budgetJson(budgetStatus(entries, settings.budget)) }, options.output);
    return EXIT.OK;
  });
}

// ---------------------------------------------------------------------------------------------
// Reports

export interface MonitorReportOptions {
  readonly release: readonly string[];
  readonly format: 'html' | 'pdf' | 'hxl';
  readonly lang: ReportLanguage;
  readonly out: string;
  readonly title?: string;
}

const SECTION_OF: Record<TableId, SectionKind> = {
  'incidents-by-period': 'trends', 'incidents-by-country-period': 'trends', 'incidents-by-pcode-period': 'trends', 'incidents-by-category': 'trends',
  'incidents-by-form': 'forms', 'incidents-by-perpetrator': 'perpetrators', 'victims-by-sex-age': 'victims', corridors: 'routes',
  'hotspot-cells-by-category': 'hotspots', 'hotspot-cells-by-period': 'hotspots',
};
const SECTION_ORDER: readonly SectionKind[] = ['trends', 'routes', 'hotspots', 'forms', 'perpetrators', 'victims', 'justice'];

/**
 * The period a stored release covers: the ledger entry's query starts with the table's own
 * description ("<table id>: <from> to <to> by <step>", build-tables.ts `describeQuery`); the
 * release itself keeps its table id and step.
 */
const QUERY = /^([a-z0-9-]+): (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}) by (month|quarter|year)(;|$)/;

export async function runMonitorReport(config: CliConfig, io: Io, options: MonitorReportOptions): Promise<number> {
  const ids = [...new Set(options.release)];
  if (ids.length === 0) throw new CliError(EXIT.USAGE, 'Name at least one --release.');
  if (options.format === 'hxl' && ids.length !== 1) throw new CliError(EXIT.USAGE, 'An HXL file holds one table: give one --release per file.');
  return withStore(config, async ({ store }) => {
    const ledger = await store.readLedger();
    const tables: { table: ReportTable; section: SectionKind; from: string; to: string; title: string }[] = [];
    const used = new Set<string>();
    for (const id of ids) {
      const release = await store.getRelease(id);
      if (!release) throw new CliError(EXIT.USAGE, `No release with id ${JSON.stringify(id.slice(0, 60))}.`);
      const entry = ledger.find((e) => e.id === release.ledgerId);
      const made = entry ? QUERY.exec(entry.query) : null;
      if (!made || !isTableId(release.tableId)) throw new CliError(EXIT.USAGE, `Release ${id} was not made from a table of the catalogue; it cannot be put in a report.`);
      const tableId = release.tableId;
      let reportId: string = tableId;
      for (let n = 2; used.has(reportId); n++) reportId = `${tableId}-${n}`;
      used.add(reportId);
      const table = reportTableFromRelease(tableId, { cells: release.cells, note: release.note }, { step: release.step, id: reportId });
      tables.push({ table, section: SECTION_OF[tableId], from: made[2]!, to: made[3]!, title: release.title });
    }
    let data: string | Uint8Array;
    if (options.format === 'hxl') data = tableToHxlCsv(tables[0]!.table, { lang: options.lang, bom: options.lang === 'ar' });
    else {
      const sections: ReportSection[] = SECTION_ORDER
        .map((kind) => ({ kind, list: tables.filter((t) => t.section === kind).map((t) => t.table) }))
        .filter((s) => s.list.length > 0)
        .map((s) => section(s.kind, s.list));
      const report = buildThematicReport({
        title: options.title ?? (tables.length === 1 ? tables[0]!.title : 'Monitoring report'),
        period: { from: tables.map((t) => t.from).sort()[0]!, to: tables.map((t) => t.to).sort().at(-1)! },
        area: { countries: [] },
        generatedAt: new Date().toISOString(),
        sections,
      });
      data = options.format === 'html' ? renderReportHtml(report, options.lang) : new Uint8Array(await renderReportPdf(report, options.lang));
    }
    await writeNewFile(options.out, data);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    io.err(`Wrote ${options.format.toUpperCase()} (${options.lang}) with ${tables.length} table${tables.length === 1 ? '' : 's'} to ${options.out}.\n`);
    io.out(`${JSON.stringify({ file: options.out, format: options.format, lang: options.lang, releases: ids, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') }, null, 2)}\n`);
    return EXIT.OK;
  });
}
