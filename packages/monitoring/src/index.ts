/**
 * @module @ariadne/monitoring
 * Monitoring and reporting (issue 7; resolution 2331 §21, §23): incidents and movements from
 * Ariadne's cases and from outside data (HXL-tagged CSV, ACLED, HTCDS 2.0, UNODC GLOTIP), places
 * resolved to ISO 3166 countries and P-coded admin areas, routes and corridors, hotspots
 * (H3, Getis-Ord Gi*) and emerging patterns (Mann-Kendall), and ONE publication gate every
 * published table passes: a small-cell threshold, differentially private counts from exact
 * integer samplers on a cryptographic source, and a privacy budget that refuses a release over
 * it. Reports in HTML and PDF, tables as HXL-tagged CSV.
 *
 * Pure: no database, files or HTTP. The store keeps datasets, the ledger and releases; the server
 * and the CLI are thin over this package.
 *
 * @example
 * ```ts
 * import { buildTable, releaseTable } from '@ariadne/monitoring';
 * const { cells } = buildTable('incidents-by-period', { incidents }, { from: '2024-01-01', to: '2024-12-31', step: 'month' });
 * const release = releaseTable(cells, { query: 'incidents by month, 2024', dimensions: ['period'], mechanism: 'discrete-laplace', epsilon: 1 }, ledger, budget);
 * ```
 */
export * from './types.ts';
export * from './dp/random.ts';
export * from './dp/discrete-laplace.ts';
export * from './dp/discrete-gaussian.ts';
export * from './gate/budget.ts';
export * from './gate/disclosure-note.ts';
export * from './gate/publication-gate.ts';
export * from './ingest/dates.ts';
export * from './ingest/csv-rows.ts';
export * from './ingest/hxl-csv.ts';
export * from './ingest/acled-csv.ts';
export * from './ingest/htcds-csv.ts';
export * from './ingest/xlsx-sheet.ts';
export * from './ingest/glotip.ts';
export * from './places/countries.ts';
export * from './places/boundaries.ts';
export * from './routes/flows.ts';
export * from './spatial/normal.ts';
export * from './spatial/mann-kendall.ts';
export * from './spatial/getis-ord.ts';
export * from './spatial/h3-aggregate.ts';
export * from './spatial/emerging-hotspots.ts';
export * from './tables/periods.ts';
export * from './tables/table-specs.ts';
export * from './tables/build-tables.ts';
export * from './report/charts-svg.ts';
export * from './report/hxl-export.ts';
export * from './report/render-html.ts';
export * from './report/render-pdf.ts';
// The report model's `Release` is the gate's output seen by a report; its i18n module's
// `countryName` and `t` are the report's own wording: renamed here so they do not shadow the
// gate's `Release` and the places module's `countryName`.
export {
  MAX_TABLE_ROWS, releasedFigure, reportedFigure, reportTable, trendsTable, corridorsTable, hotspotsTable, formsTable,
  perpetratorsTable, victimsTable, justiceTable, section, buildThematicReport, buildCountryProfile,
  type ReportValue, type Label, type ReportColumn, type ChartSpec, type ReportTable, type SectionKind, type ReportSection,
  type ReportPeriod, type ThematicReport, type CountryProfile, type ReportDocument, type Release as ReportRelease,
  type TrendOptions, type CorridorOptions, type HotspotFinding, type HotspotOptions, type JusticeFigures, type CountryProfileInput,
} from './report/report-model.ts';
export {
  REPORT_LANGUAGES, isReportLanguage, directionOf, isStringKey, VOCABULARIES, term, formatNumber, formatPValue, censoredMarker,
  disclosureSentence, labelText, valueText, t as reportText, countryName as reportCountryName,
  type ReportLanguage, type StringKey, type Vocabulary,
} from './report/report-i18n.ts';
