/**
 * What a periodic monitoring report (and a CTED country profile) is rendered from: tables of
 * figures that have ALREADY passed the publication gate, each with its disclosure note and an
 * HXL hashtag per column. The model is language-independent — codes, ISO dates and numbers —
 * so the HTML, the PDF and the CSV export render the same content in en, fr or ar.
 *
 * The builders below take the gate's output (ReleasedCell[] and DisclosureNote) and refuse
 * anything that cannot have come out of the gate: a suppressed cell that still carries a value,
 * an unsuppressed cell without one, or a shown value below the note's threshold k. A report is
 * the last place a true small count could slip out, so it checks rather than trusts.
 */
import { AriadneError } from '@ariadne/schema';
import { isCensored, type DisclosureNote, type ReleasedCell, type ReportedCount } from '../types.ts';
import { isStringKey, type StringKey, type Vocabulary } from './report-i18n.ts';

/** One shown value. Counts are the gate's; "suppressed" and "<5" are values in their own right, never 0 or blank. */
export type ReportValue =
  | { readonly kind: 'count'; readonly value: number }
  /** withheld by the gate: below the small-cell threshold */
  | { readonly kind: 'suppressed' }
  /** published by the source only as below a threshold ("<5" in GLOTIP) */
  | { readonly kind: 'censored'; readonly below: number }
  /** the source reports nothing for this cell */
  | { readonly kind: 'missing' }
  /** a test statistic (Z, p): not a count, shown with fixed decimals */
  | { readonly kind: 'stat'; readonly value: number; readonly digits: number; readonly isP?: boolean }
  /** a code of a closed vocabulary, worded by the renderer in the report's language */
  | { readonly kind: 'term'; readonly vocabulary: Vocabulary; readonly code: string }
  /** an ISO 3166-1 alpha-2 code, named by the renderer */
  | { readonly kind: 'country'; readonly code: string }
  /** source-named text shown as is (a group's name, a P-code, an H3 index, an ISO period) */
  | { readonly kind: 'text'; readonly text: string };

/** A fixed string of report-i18n.ts, a vocabulary term (worded by the renderer), or outside text shown as given. */
export type Label = StringKey | { readonly text: string } | { readonly vocabulary: Vocabulary; readonly code: string };

export interface ReportColumn {
  readonly label: Label;
  /** HXL hashtag with attributes ("#affected+f", "#date+year") */
  readonly hxl: string;
  /** a figure column (right-aligned, charted) rather than a label column */
  readonly numeric: boolean;
}

export interface ChartSpec {
  readonly type: 'bar' | 'line';
  /** the column whose values label the bars / points; several are joined with an arrow (origin → destination) */
  readonly labelColumn: number | readonly number[];
  /** the figure column drawn */
  readonly valueColumn: number;
}

export interface ReportTable {
  /** stable id: the HTML anchor and the CSV file name (`<id>.csv`) */
  readonly id: string;
  readonly caption: Label;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly ReportValue[])[];
  /** how the figures were protected, as the gate (or the source) did it */
  readonly note: DisclosureNote;
  /** who published the figures when not Ariadne's own data ("UNODC GLOTIP, release 2024-12") */
  readonly source?: string;
  readonly chart?: ChartSpec;
}

export type SectionKind = 'trends' | 'routes' | 'hotspots' | 'forms' | 'perpetrators' | 'victims' | 'justice';

export interface ReportSection {
  readonly kind: SectionKind;
  readonly heading: Label;
  readonly tables: readonly ReportTable[];
  /**
   * A static map image (SVG markup), e.g. hotspots drawn by the map module. It is embedded in
   * HTML only as an <img> data: URI — an image context runs no script and fetches nothing, so
   * markup we did not write cannot act in the report.
   */
  readonly mapSvg?: string;
}

export interface ReportPeriod {
  /** ISO date or month ("2024-01") */
  readonly from: string;
  readonly to: string;
}

export interface ThematicReport {
  readonly kind: 'thematic';
  readonly title: string;
  readonly period: ReportPeriod;
  /** the area covered: ISO alpha-2 codes (named by the renderer) and/or a free name */
  readonly area: { readonly countries: readonly string[]; readonly name?: string };
  /** ISO timestamp; also the PDF's creation date, so one report gives the same bytes */
  readonly generatedAt: string;
  readonly sections: readonly ReportSection[];
}

/** One country for a CTED country assessment (resolution 2331, para 16). */
export interface CountryProfile {
  readonly kind: 'country-profile';
  readonly title: string;
  /** ISO 3166-1 alpha-2 */
  readonly country: string;
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly sections: readonly ReportSection[];
}

export type ReportDocument = ThematicReport | CountryProfile;

/** What the gate hands back for one table (structurally its `{ cells, note }`). */
export interface Release {
  readonly cells: readonly ReleasedCell[];
  readonly note: DisclosureNote;
}

const HXL_TAG = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;
const TABLE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** a table of a periodic report is small; a bigger one is a mistake (or a leak by volume) */
export const MAX_TABLE_ROWS = 10_000;

const bad = (message: string, details?: Record<string, string>): AriadneError =>
  new AriadneError('VALIDATION_FAILED', message, details ? { details } : {});

/**
 * One released cell as a shown figure, after checking it could have come out of the gate.
 *
 * @example releasedFigure({ key: {}, value: undefined, suppressed: true }, note) // { kind: 'suppressed' }
 */
export function releasedFigure(cell: ReleasedCell, note: DisclosureNote): ReportValue {
  if (cell.suppressed) {
    if (cell.value !== undefined) throw bad('A suppressed cell carries a value: it did not come out of the publication gate as is.');
    return { kind: 'suppressed' };
  }
  const v = cell.value;
  if (v === undefined) throw bad('A released cell has no value and is not marked suppressed.');
  if (!Number.isSafeInteger(v) || v < 0) throw bad('A released count is not a non-negative integer.');
  if (v < note.k) throw bad(`A released count is below the table's threshold k = ${note.k}: the gate never shows one.`);
  return { kind: 'count', value: v };
}

/**
 * A source's reported count (GLOTIP) as a figure: "<5" stays censored, absent is "no data".
 *
 * @example reportedFigure({ censored: true, below: 5 }) // { kind: 'censored', below: 5 }
 */
export function reportedFigure(c: ReportedCount | undefined): ReportValue {
  if (c === undefined) return { kind: 'missing' };
  if (isCensored(c)) {
    if (!Number.isSafeInteger(c.below) || c.below < 1) throw bad('A censored value needs a positive integer threshold.');
    return { kind: 'censored', below: c.below };
  }
  if (!Number.isSafeInteger(c) || c < 0) throw bad('A reported count is not a non-negative integer.');
  return { kind: 'count', value: c };
}

function checkNote(note: DisclosureNote): void {
  if (!Number.isSafeInteger(note.k) || note.k < 1) throw bad('The disclosure note has no valid threshold k.');
  if (!(note.epsilon >= 0) || !(note.delta >= 0) || note.delta >= 1) throw bad('The disclosure note has an invalid ε or δ.');
  if (note.mechanism !== 'none' && note.epsilon === 0) throw bad('A noisy release must state its ε.');
}

/**
 * Checks and freezes a table: an id usable as a file name, one HXL tag per column, rows as wide
 * as the header, a chart that points at real columns.
 */
export function reportTable(table: ReportTable): ReportTable {
  if (!TABLE_ID.test(table.id)) throw bad('A table id must be lower-case letters, digits and hyphens (it names the CSV file).', { id: table.id.slice(0, 80) });
  if (table.columns.length === 0) throw bad(`Table ${table.id} has no columns.`);
  for (const c of table.columns) {
    if (!HXL_TAG.test(c.hxl)) throw bad(`Table ${table.id}: "${c.hxl.slice(0, 60)}" is not an HXL hashtag (#tag+attribute, lower case).`);
    if (typeof c.label === 'string' && !isStringKey(c.label)) throw bad(`Table ${table.id}: unknown label key "${c.label}".`);
  }
  if (table.rows.length > MAX_TABLE_ROWS) throw bad(`Table ${table.id} has ${table.rows.length} rows; a report table holds at most ${MAX_TABLE_ROWS}.`);
  table.rows.forEach((r, i) => {
    if (r.length !== table.columns.length) throw bad(`Table ${table.id}, row ${i + 1}: ${r.length} values for ${table.columns.length} columns.`);
  });
  if (table.chart) {
    const { labelColumn, valueColumn } = table.chart;
    const labels = typeof labelColumn === 'number' ? [labelColumn] : labelColumn;
    if (labels.length === 0 || labels.some((i) => !table.columns[i]) || !table.columns[valueColumn]?.numeric) throw bad(`Table ${table.id}: the chart names a column that does not exist or holds no figures.`);
  }
  checkNote(table.note);
  return Object.freeze({ ...table });
}

const keyOf = (cell: ReleasedCell, dimension: string, index: number): string => {
  const v = cell.key[dimension];
  if (v === undefined) throw bad(`Released cell ${index + 1} has no "${dimension}" dimension.`);
  return v;
};

/** an area code: an ISO country when it looks like one, otherwise an opaque P-code */
const place = (code: string): ReportValue => (COUNTRY.test(code) ? { kind: 'country', code } : { kind: 'text', text: code });

/** descending by count, suppressed after every shown count, ties by label so output is stable */
function byCountDesc<T extends { figure: ReportValue; label: string }>(a: T, b: T): number {
  const va = a.figure.kind === 'count' ? a.figure.value : -1;
  const vb = b.figure.kind === 'count' ? b.figure.value : -1;
  return vb - va || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

export interface TrendOptions {
  /** the cells' time dimension; ISO "YYYY" or "YYYY-MM" values */
  readonly dimension?: string;
  readonly step?: 'month' | 'year';
  /** what is counted: incidents (#event+num) or persons (#affected) */
  readonly measure?: 'incidents' | 'persons';
  readonly id?: string;
}

/**
 * Trends: one row per period, ascending, drawn as a line. The gate's cells are keyed by period.
 *
 * @example trendsTable(release, { step: 'month' }).rows[0] // [{ kind: 'text', text: '2024-01' }, { kind: 'count', value: 12 }]
 */
export function trendsTable(release: Release, options: TrendOptions = {}): ReportTable {
  const dimension = options.dimension ?? 'period';
  const step = options.step ?? 'month';
  const pattern = step === 'month' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/;
  const rows = release.cells.map((c, i) => {
    const period = keyOf(c, dimension, i);
    if (!pattern.test(period)) throw bad(`Released cell ${i + 1}: "${period.slice(0, 20)}" is not a ${step === 'month' ? 'YYYY-MM month' : 'YYYY year'}.`);
    return { period, figure: releasedFigure(c, release.note) };
  });
  rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const persons = options.measure === 'persons';
  return reportTable({
    id: options.id ?? 'trends',
    caption: 'trends',
    columns: [
      { label: step, hxl: step === 'month' ? '#date+month' : '#date+year', numeric: false },
      { label: persons ? 'persons' : 'incidents', hxl: persons ? '#affected' : '#event+num', numeric: true },
    ],
    rows: rows.map((r) => [{ kind: 'text', text: r.period }, r.figure]),
    note: release.note,
    chart: { type: 'line', labelColumn: 0, valueColumn: 1 },
  });
}

export interface CorridorOptions {
  readonly origin?: string;
  readonly destination?: string;
  /** rows shown, by count (suppressed corridors rank last) */
  readonly top?: number;
  readonly id?: string;
  readonly caption?: Label;
}

/**
 * Top corridors (origin → destination, persons), largest first, as bars. Places are ISO countries
 * or opaque P-codes; the HXL tag says which (#country+code or #loc+code).
 */
export function corridorsTable(release: Release, options: CorridorOptions = {}): ReportTable {
  const o = options.origin ?? 'origin';
  const d = options.destination ?? 'destination';
  const top = options.top ?? 10;
  if (!Number.isSafeInteger(top) || top < 1) throw bad('top must be a positive integer.');
  const rows = release.cells.map((c, i) => {
    const from = keyOf(c, o, i);
    const to = keyOf(c, d, i);
    return { from, to, label: `${from}\u0000${to}`, figure: releasedFigure(c, release.note) };
  });
  rows.sort(byCountDesc);
  const shown = rows.slice(0, top);
  const allCountries = shown.every((r) => COUNTRY.test(r.from) && COUNTRY.test(r.to));
  const tag = allCountries ? '#country+code' : '#loc+code';
  return reportTable({
    id: options.id ?? 'top-corridors',
    caption: options.caption ?? 'topCorridors',
    columns: [
      { label: 'origin', hxl: `${tag}+origin`, numeric: false },
      { label: 'destination', hxl: `${tag}+destination`, numeric: false },
      { label: 'persons', hxl: '#affected', numeric: true },
    ],
    rows: shown.map((r) => [place(r.from), place(r.to), r.figure]),
    note: release.note,
    chart: { type: 'bar', labelColumn: [0, 1], valueColumn: 2 },
  });
}

/** A hotspot finding as the spatial analysis states it. Statistics, not counts. */
export interface HotspotFinding {
  /** H3 cell index (or another opaque area code) */
  readonly cell: string;
  /** a HOTSPOTS vocabulary key of report-i18n.ts ("hot-99", "intensifying-hot"…) */
  readonly category: string;
  readonly z: number;
  readonly p: number;
  /** the test that found it ("Getis-Ord Gi*, k-ring 1", "Mann-Kendall on Gi* z-scores") */
  readonly test: string;
}

export interface HotspotOptions {
  readonly id?: string;
  /** findings with p above this are left out (default: all given) */
  readonly maxP?: number;
}

/**
 * Hot and cold spots: cell, category, Z, p and the test, most significant first. The statistics
 * must be computed on released (noisy, thresholded) counts so that they are post-processing of
 * the gate's output and spend no further privacy budget; `note` is that release's note.
 */
export function hotspotsTable(findings: readonly HotspotFinding[], note: DisclosureNote, options: HotspotOptions = {}): ReportTable {
  const maxP = options.maxP ?? 1;
  const rows = findings
    .map((f, i) => {
      if (!Number.isFinite(f.z) || !(f.p >= 0 && f.p <= 1)) throw bad(`Hotspot finding ${i + 1}: Z must be finite and p within [0, 1].`);
      return f;
    })
    .filter((f) => f.p <= maxP)
    .sort((a, b) => a.p - b.p || Math.abs(b.z) - Math.abs(a.z) || (a.cell < b.cell ? -1 : 1));
  return reportTable({
    id: options.id ?? 'hotspots',
    caption: 'hotspots',
    columns: [
      { label: 'cell', hxl: '#geo+h3', numeric: false },
      { label: 'hotspotClass', hxl: '#status+hotspot', numeric: false },
      { label: 'zScore', hxl: '#indicator+num+z', numeric: true },
      { label: 'pValue', hxl: '#indicator+num+p', numeric: true },
      { label: 'test', hxl: '#meta+test', numeric: false },
    ],
    rows: rows.map((f) => [
      { kind: 'text', text: f.cell },
      { kind: 'term', vocabulary: 'hotspot', code: f.category },
      { kind: 'stat', value: f.z, digits: 2 },
      { kind: 'stat', value: f.p, digits: 3, isP: true },
      { kind: 'text', text: f.test },
    ]),
    note,
  });
}

/** Forms of exploitation (persons), largest first, as bars. Cells keyed by `form`. */
export function formsTable(release: Release, options: { dimension?: string; id?: string } = {}): ReportTable {
  const dim = options.dimension ?? 'form';
  const rows = release.cells.map((c, i) => ({ label: keyOf(c, dim, i), figure: releasedFigure(c, release.note) })).sort(byCountDesc);
  return reportTable({
    id: options.id ?? 'forms',
    caption: 'forms',
    columns: [
      { label: 'form', hxl: '#event+type+exploitation', numeric: false },
      { label: 'persons', hxl: '#affected', numeric: true },
    ],
    rows: rows.map((r) => [{ kind: 'term', vocabulary: 'form', code: r.label }, r.figure]),
    note: release.note,
    chart: { type: 'bar', labelColumn: 0, valueColumn: 1 },
  });
}

/** Perpetrator groups as the sources name them (incidents), largest first, as bars. */
export function perpetratorsTable(release: Release, options: { dimension?: string; id?: string; top?: number } = {}): ReportTable {
  const dim = options.dimension ?? 'perpetratorGroup';
  const rows = release.cells.map((c, i) => ({ label: keyOf(c, dim, i), figure: releasedFigure(c, release.note) })).sort(byCountDesc);
  return reportTable({
    id: options.id ?? 'perpetrators',
    caption: 'perpetrators',
    columns: [
      { label: 'perpetratorGroup', hxl: '#org+perpetrator', numeric: false },
      { label: 'incidents', hxl: '#event+num', numeric: true },
    ],
    rows: (options.top === undefined ? rows : rows.slice(0, options.top)).map((r) => [{ kind: 'text', text: r.label }, r.figure]),
    note: release.note,
    chart: { type: 'bar', labelColumn: 0, valueColumn: 1 },
  });
}

/** HXL attribute for each sex column (HXL core: +f, +m, +i) */
const SEX_COLUMNS: readonly { sex: string; hxl: string }[] = [
  { sex: 'female', hxl: '#affected+f' },
  { sex: 'male', hxl: '#affected+m' },
  { sex: 'other', hxl: '#affected+i' },
  { sex: 'unknown', hxl: '#affected+sex_unknown' },
];
const AGE_ORDER = ['0-11', '12-17', '0-17', '18+', 'unknown'];

/**
 * Victims by sex and age band: one row per age band, one column per sex (HXL +f / +m / +i). A
 * (sex, age) pair the gate did not release is "no data", not 0: a report must not invent a zero.
 * Sexes with no released cell at all are left out as columns.
 */
export function victimsTable(release: Release, options: { sex?: string; age?: string; id?: string } = {}): ReportTable {
  const sexDim = options.sex ?? 'sex';
  const ageDim = options.age ?? 'ageBand';
  const byPair = new Map<string, ReportValue>();
  const ages = new Set<string>();
  const sexes = new Set<string>();
  release.cells.forEach((c, i) => {
    const sex = keyOf(c, sexDim, i);
    const age = keyOf(c, ageDim, i);
    if (!SEX_COLUMNS.some((s) => s.sex === sex)) throw bad(`Released cell ${i + 1}: unknown sex "${sex.slice(0, 20)}".`);
    const pair = `${sex}|${age}`;
    if (byPair.has(pair)) throw bad(`Released cell ${i + 1}: the pair ${pair.slice(0, 40)} appears twice.`);
    byPair.set(pair, releasedFigure(c, release.note));
    ages.add(age);
    sexes.add(sex);
  });
  const columns = SEX_COLUMNS.filter((s) => sexes.has(s.sex));
  const ageRows = [...ages].sort((a, b) => (AGE_ORDER.indexOf(a) + 1 || 99) - (AGE_ORDER.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  return reportTable({
    id: options.id ?? 'victims',
    caption: 'victims',
    columns: [
      { label: 'ageBand', hxl: '#meta+age_band', numeric: false },
      ...columns.map((s) => ({ label: { vocabulary: 'sex', code: s.sex } as const, hxl: s.hxl, numeric: true })),
    ],
    rows: ageRows.map((age) => [
      { kind: 'term', vocabulary: 'ageBand', code: age } as ReportValue,
      ...columns.map((s) => byPair.get(`${s.sex}|${age}`) ?? ({ kind: 'missing' } as ReportValue)),
    ]),
    // no chart: one bar series per sex would need a grouped chart, and one sex alone would mislead
    note: release.note,
  });
}

/** One GLOTIP-style country-year line: persons prosecuted and convicted, each maybe "<5". */
export interface JusticeFigures {
  readonly country: string;
  readonly year: number;
  readonly prosecuted?: ReportedCount;
  readonly convicted?: ReportedCount;
}

/**
 * Prosecutions and convictions by country and year (UNODC GLOTIP style): the source's own
 * publication, so `note` states the source's rule (mechanism 'none', k = 5) and `source` names it.
 */
export function justiceTable(rows: readonly JusticeFigures[], note: DisclosureNote, source: string, options: { id?: string } = {}): ReportTable {
  const sorted = rows
    .map((r, i) => {
      if (!COUNTRY.test(r.country)) throw bad(`Justice row ${i + 1}: "${r.country.slice(0, 10)}" is not an ISO 3166-1 alpha-2 code.`);
      if (!Number.isSafeInteger(r.year) || r.year < 1900 || r.year > 2200) throw bad(`Justice row ${i + 1}: the year is not plausible.`);
      return r;
    })
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.year - b.year));
  return reportTable({
    id: options.id ?? 'justice',
    caption: 'justice',
    columns: [
      { label: 'country', hxl: '#country+code', numeric: false },
      { label: 'year', hxl: '#date+year', numeric: false },
      { label: 'prosecuted', hxl: '#indicator+num+prosecuted', numeric: true },
      { label: 'convicted', hxl: '#indicator+num+convicted', numeric: true },
    ],
    rows: sorted.map((r) => [{ kind: 'country', code: r.country }, { kind: 'text', text: String(r.year) }, reportedFigure(r.prosecuted), reportedFigure(r.convicted)]),
    note,
    source,
    // no chart: bars labelled by year alone would be ambiguous across countries, and "<5" cannot be drawn
  });
}

const SECTION_HEADINGS: Record<SectionKind, StringKey> = {
  trends: 'trends', routes: 'routes', hotspots: 'hotspots', forms: 'forms', perpetrators: 'perpetrators', victims: 'victims', justice: 'justice',
};

/** A section: its heading follows its kind. */
export function section(kind: SectionKind, tables: readonly ReportTable[], mapSvg?: string): ReportSection {
  return mapSvg === undefined ? { kind, heading: SECTION_HEADINGS[kind], tables } : { kind, heading: SECTION_HEADINGS[kind], tables, mapSvg };
}

const ISO_PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

function checkHeader(title: string, period: ReportPeriod, generatedAt: string): void {
  if (!title.trim()) throw bad('A report needs a title.');
  if (!ISO_PERIOD.test(period.from) || !ISO_PERIOD.test(period.to) || period.from > period.to) throw bad('The report period must be ISO dates or months, from ≤ to.');
  if (Number.isNaN(Date.parse(generatedAt))) throw bad('generatedAt must be an ISO timestamp.');
}

function checkUniqueIds(sections: readonly ReportSection[]): void {
  const ids = new Set<string>();
  for (const t of sections.flatMap((s) => s.tables)) {
    if (ids.has(t.id)) throw bad(`Two tables share the id "${t.id}": each names its own CSV file.`);
    ids.add(t.id);
  }
}

/**
 * A thematic report (Secretary-General style): the sections in the order given.
 *
 * @example buildThematicReport({ title: 'Testland, first half 2024', period: { from: '2024-01', to: '2024-06' }, area: { countries: ['XT'] }, generatedAt: '2024-07-01T00:00:00Z', sections: [section('trends', [trendsTable(release)])] })
 */
export function buildThematicReport(input: Omit<ThematicReport, 'kind'>): ThematicReport {
  checkHeader(input.title, input.period, input.generatedAt);
  checkUniqueIds(input.sections);
  return { kind: 'thematic', ...input };
}

export interface CountryProfileInput {
  readonly title: string;
  readonly country: string;
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly trend?: ReportTable;
  readonly forms?: ReportTable;
  /** corridors ending in the country (build with corridorsTable, caption 'routesIn') */
  readonly routesIn?: ReportTable;
  readonly routesOut?: ReportTable;
  readonly justice?: ReportTable;
  readonly hotspots?: ReportTable;
  readonly hotspotMapSvg?: string;
}

/**
 * A country profile for CTED country assessments: the country's trend, forms, routes in and out,
 * prosecutions and convictions, and hotspots within it — the sections that have data.
 */
export function buildCountryProfile(input: CountryProfileInput): CountryProfile {
  checkHeader(input.title, input.period, input.generatedAt);
  if (!COUNTRY.test(input.country)) throw bad('A country profile needs an ISO 3166-1 alpha-2 code.');
  const sections: ReportSection[] = [];
  if (input.trend) sections.push(section('trends', [input.trend]));
  if (input.forms) sections.push(section('forms', [input.forms]));
  const routes = [input.routesIn, input.routesOut].filter((x): x is ReportTable => x !== undefined);
  if (routes.length) sections.push(section('routes', routes));
  if (input.justice) sections.push(section('justice', [input.justice]));
  if (input.hotspots) sections.push(section('hotspots', [input.hotspots], input.hotspotMapSvg));
  checkUniqueIds(sections);
  return { kind: 'country-profile', title: input.title, country: input.country, period: input.period, generatedAt: input.generatedAt, sections };
}
