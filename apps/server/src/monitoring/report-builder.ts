/**
 * Assembles a monitoring report (a thematic report or a CTED country profile, report-model.ts)
 * from RELEASED tables only: each table is the gate's stored cells and note, turned into a report
 * table by `reportTableFromRelease`, which refuses any figure the gate could not have released
 * (a shown value below k, a suppressed cell with a value). The one exception is UNODC's GLOTIP
 * country data: already public, quoted as UNODC published it ("<5" stays "<5"), in its own table
 * whose note states UNODC's rule and whose source names UNODC. Nothing else can enter a report,
 * so a report can never carry a true small count.
 *
 * Pure: the caller reads the releases and the GLOTIP rows from the store.
 */
import { AriadneError } from '@ariadne/schema';
import {
  buildThematicReport, disclosureNote, getCountry, justiceTable, reportTableFromRelease, section,
  type CountryProfile, type DisclosureNote, type JusticeFigures, type PeriodStep, type ReleasedCell, type ReportDocument, type ReportedCount,
  type ReportSection, type ReportTable, type SectionKind, type TableId,
} from '@ariadne/monitoring';
import type { MonitoringReportKind } from '@ariadne/store';

export const REPORT_KINDS = ['thematic', 'country'] as const satisfies readonly MonitoringReportKind[];
export type ReportKind = (typeof REPORT_KINDS)[number];
// the package's list: the store checks a saved report's language against the same one
export { REPORT_LANGUAGES, type ReportLanguage } from '@ariadne/monitoring';

/** A released table as stored: which catalogue table, its step, the gate's cells and note. */
export interface ReportRelease {
  readonly id: string;
  readonly table: TableId;
  readonly step: PeriodStep;
  readonly cells: readonly ReleasedCell[];
  readonly note: DisclosureNote;
}

/** GLOTIP figures to quote: one country (ISO 3166-1 alpha-2), a span of years. */
export interface GlotipQuote {
  readonly country: string;
  readonly fromYear: number;
  readonly toYear: number;
}

/** The fields of a stored GLOTIP row this module reads. */
export interface GlotipFigure {
  readonly iso3: string | null;
  readonly indicator: string;
  readonly dimension: string;
  readonly category: string;
  readonly sex: string;
  readonly age: string;
  readonly year: number;
  readonly value: ReportedCount;
}

export interface ReportBuildInput {
  readonly kind: ReportKind;
  readonly title: string;
  /** ISO date or month */
  readonly from: string;
  readonly to: string;
  /** ISO 3166-1 alpha-2: the country of a profile, the area of a thematic report */
  readonly country?: string;
  /** ISO timestamp: the report's date, and the PDF's, so one report renders to the same bytes */
  readonly generatedAt: string;
  readonly releases: readonly ReportRelease[];
  readonly glotip?: { readonly quote: GlotipQuote; readonly rows: readonly GlotipFigure[] };
}

/** Years one GLOTIP quote may span. */
export const MAX_GLOTIP_YEARS = 50;
/** UNODC suppresses every GLOTIP cell below 5 ("<5"). */
export const GLOTIP_THRESHOLD = 5;
export const GLOTIP_SOURCE = 'UNODC, Global Report on Trafficking in Persons (GLOTIP) country data, as published ("<5" as UNODC censored it)';

/** Where each catalogue table goes in a report. */
const SECTION_OF: Readonly<Record<TableId, SectionKind>> = {
  'incidents-by-period': 'trends',
  'incidents-by-country-period': 'trends',
  'incidents-by-pcode-period': 'trends',
  'incidents-by-form': 'forms',
  'incidents-by-category': 'forms',
  'incidents-by-perpetrator': 'perpetrators',
  'victims-by-sex-age': 'victims',
  corridors: 'routes',
  'hotspot-cells-by-category': 'hotspots',
  'hotspot-cells-by-period': 'hotspots',
};
const SECTION_ORDER: readonly SectionKind[] = ['trends', 'routes', 'hotspots', 'forms', 'perpetrators', 'victims', 'justice'];

const PROSECUTED = new Set(['persons_prosecuted', 'persons prosecuted']);
const CONVICTED = new Set(['persons_convicted', 'persons convicted']);

function invalid(message: string, details: Record<string, string>): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details });
}

/** The alpha-3 code GLOTIP rows carry for an alpha-2 country; refuses a code that is no country. */
export function glotipIso3(alpha2: string): string {
  const country = typeof alpha2 === 'string' ? getCountry(alpha2) : undefined;
  if (!country) throw invalid(`"${String(alpha2).slice(0, 10)}" is not an ISO 3166-1 alpha-2 country code.`, { country: 'ISO 3166-1 alpha-2, upper case' });
  return country.alpha3;
}

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * Persons prosecuted and convicted per year, from a country's GLOTIP rows: the totals only (all
 * sexes, all ages, no breakdown), each value exactly as UNODC gave it, "<5" kept censored.
 */
export function justiceFigures(quote: GlotipQuote, rows: readonly GlotipFigure[]): JusticeFigures[] {
  const iso3 = glotipIso3(quote.country);
  const byYear = new Map<number, { prosecuted?: ReportedCount; convicted?: ReportedCount }>();
  for (const row of rows) {
    if (row.iso3 !== iso3 || row.year < quote.fromYear || row.year > quote.toYear) continue;
    if (norm(row.dimension) !== 'total' || norm(row.sex) !== 'total' || norm(row.age) !== 'total') continue;
    const indicator = norm(row.indicator);
    const field = PROSECUTED.has(indicator) ? 'prosecuted' : CONVICTED.has(indicator) ? 'convicted' : undefined;
    if (field === undefined) continue;
    const year = byYear.get(row.year) ?? {};
    // a total row listed twice keeps the first: GLOTIP holds one per country, indicator and year
    if (year[field] === undefined) year[field] = row.value;
    byYear.set(row.year, year);
  }
  return [...byYear].sort(([a], [b]) => a - b).map(([year, f]) => ({ country: quote.country, year, ...f }));
}

function checkQuote(quote: GlotipQuote): void {
  const { fromYear, toYear } = quote;
  if (!Number.isSafeInteger(fromYear) || !Number.isSafeInteger(toYear) || fromYear > toYear || toYear - fromYear >= MAX_GLOTIP_YEARS) {
    throw invalid(`The GLOTIP years must be whole, fromYear ≤ toYear, at most ${MAX_GLOTIP_YEARS} years.`, { glotip: 'fromYear ≤ toYear' });
  }
  glotipIso3(quote.country);
}

/** The GLOTIP table: UNODC's rule as its note (k = 5, no noise), UNODC as its source. */
export function glotipTable(quote: GlotipQuote, rows: readonly GlotipFigure[]): ReportTable {
  checkQuote(quote);
  const figures = justiceFigures(quote, rows);
  if (figures.length === 0) {
    throw invalid(`No GLOTIP figures of persons prosecuted or convicted are held for ${quote.country} in ${quote.fromYear}–${quote.toYear}; import the GLOTIP file or change the years.`, { glotip: 'no figures held' });
  }
  const note = disclosureNote({ k: GLOTIP_THRESHOLD, mechanism: 'none', epsilon: 0, delta: 0 });
  return justiceTable(figures, note, GLOTIP_SOURCE, { id: 'glotip-justice' });
}

/** A report table per release, ids made unique by position (a table may be released twice). */
function releasedTables(releases: readonly ReportRelease[]): { kind: SectionKind; table: ReportTable }[] {
  if (releases.length === 0) throw invalid('A report needs at least one released table.', { releases: 'at least one release id' });
  const seen = new Set<string>();
  return releases.map((r, i) => {
    if (seen.has(r.id)) throw invalid(`releases[${i}] repeats a release.`, { [`releases[${i}]`]: 'each release once' });
    seen.add(r.id);
    const table = reportTableFromRelease(r.table, { cells: r.cells, note: r.note }, { step: r.step, id: `t${i + 1}-${r.table}` });
    return { kind: SECTION_OF[r.table], table };
  });
}

function sectionsOf(tables: readonly { kind: SectionKind; table: ReportTable }[]): ReportSection[] {
  return SECTION_ORDER.flatMap((kind) => {
    const inSection = tables.filter((t) => t.kind === kind).map((t) => t.table);
    return inSection.length === 0 ? [] : [section(kind, inSection)];
  });
}

/**
 * The report: sections in a fixed order (trends, routes, hotspots, forms, perpetrators, victims,
 * justice), released tables in the order given, GLOTIP figures last under "justice".
 *
 * @example buildReportDocument({ kind: 'thematic', title: 'Testland, 2030', from: '2030-01', to: '2030-12', generatedAt: '2031-01-05T00:00:00Z', releases: [release] })
 */
export function buildReportDocument(input: ReportBuildInput): ReportDocument {
  const tables = releasedTables(input.releases);
  if (input.glotip) tables.push({ kind: 'justice', table: glotipTable(input.glotip.quote, input.glotip.rows) });
  const sections = sectionsOf(tables);
  const period = { from: input.from, to: input.to };
  if (input.country !== undefined) glotipIso3(input.country);
  // the thematic builder checks the title, the period, the timestamp and the table ids for both kinds
  const thematic = buildThematicReport({
    title: input.title, period, generatedAt: input.generatedAt, sections,
    area: { countries: input.country === undefined ? [] : [input.country] },
  });
  if (input.kind === 'thematic') return thematic;
  if (input.country === undefined) throw invalid('A country profile needs its country.', { country: 'ISO 3166-1 alpha-2, required for kind "country"' });
  const profile: CountryProfile = { kind: 'country-profile', title: thematic.title, country: input.country, period, generatedAt: input.generatedAt, sections };
  return profile;
}
