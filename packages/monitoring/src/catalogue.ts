/**
 * The closed lists the store checks monitoring records against (table ids, period steps, report
 * languages, countries), without the rest of the package: the store loads this at start-up, and
 * the analyses, importers and report renderers (pdfkit, h3-js) stay unloaded until used.
 */
export { isTableId, TABLE_IDS, type TableId } from './tables/table-specs.ts';
export { PERIOD_STEPS, type PeriodStep } from './tables/periods.ts';
export { getCountry } from './places/countries.ts';

export const REPORT_LANGUAGES = ['en', 'fr', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
export const isReportLanguage = (x: unknown): x is ReportLanguage => typeof x === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(x);
