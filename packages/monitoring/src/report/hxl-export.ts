/**
 * Every report table as an HXL-tagged CSV (Humanitarian Exchange Language, hxlstandard.org): a
 * header row of labels in the report's language, then the hashtag row, then the data, with the
 * table's disclosure note on every row under #meta+note so a row copied out of the file keeps
 * its caveat.
 *
 * Written by hand rather than with a CSV library because the quoting is the security boundary:
 * every field is quoted (RFC 4180: doubled quotes inside, CRLF between records), and a field that
 * a spreadsheet would run as a formula — one starting with = + - @ TAB or CR — gets a leading
 * single quote, as OWASP's "CSV Injection" page recommends. A group named "=HYPERLINK(…)" in a
 * source must stay text in the officer's spreadsheet. Numbers we wrote ourselves ("-1.96") are
 * the one exception: a plain number cannot be a formula, and quoting it would corrupt Z-scores.
 *
 * Values are machine-readable: counts as plain integers, codes (ISO country, form of
 * exploitation) rather than words, "suppressed" and "<5" as written in the report, an empty
 * field for "no data".
 */
import type { ReportDocument, ReportTable, ReportValue } from './report-model.ts';
import { disclosureSentence, labelText, t, type ReportLanguage } from './report-i18n.ts';

export interface HxlCsvOptions {
  /** language of the header row and the note (default en); hashtags and codes do not change */
  readonly lang?: ReportLanguage;
  /** start with a UTF-8 byte-order mark, for spreadsheet programs that need one to read Arabic */
  readonly bom?: boolean;
}

export interface HxlCsvFile {
  /** `<table id>.csv` */
  readonly fileName: string;
  readonly csv: string;
}

/** what a spreadsheet would start evaluating (OWASP CSV Injection) */
const FORMULA_START = /^[=+\-@\t\r]/;
/** a number as String(number) writes it: never a formula */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

/**
 * Defuses a field a spreadsheet would read as a formula by prefixing a single quote.
 *
 * @example neutraliseFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/**
 * One CSV field: formula-defused, then quoted with inner quotes doubled (RFC 4180).
 *
 * @example csvField('a "b", c') // '"a ""b"", c"'
 */
export function csvField(s: string): string {
  return `"${neutraliseFormula(s).replace(/"/g, '""')}"`;
}

/** a value as data: codes and plain numbers, the report's own markers for withheld values */
export function csvValue(v: ReportValue): string {
  switch (v.kind) {
    case 'count':
      return String(v.value);
    case 'suppressed':
      return 'suppressed';
    case 'censored':
      return `<${v.below}`;
    case 'missing':
      return '';
    case 'stat':
      return String(v.value);
    case 'term':
      return v.code;
    case 'country':
      return v.code;
    case 'text':
      return v.text;
  }
}

const record = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/**
 * One table as HXL-tagged CSV.
 *
 * @example tableToHxlCsv(table).split('\r\n')[1] // '"#date+month","#event+num","#meta+note"'
 */
export function tableToHxlCsv(table: ReportTable, options: HxlCsvOptions = {}): string {
  const lang = options.lang ?? 'en';
  const source = table.source ? ` ${t('source', lang)}: ${table.source}.` : '';
  const note = `${disclosureSentence(table.note, lang)}${source}`;
  const parts: string[] = [options.bom ? '\uFEFF' : ''];
  parts.push(record([...table.columns.map((c) => labelText(c.label, lang)), t('note', lang)]));
  parts.push(record([...table.columns.map((c) => c.hxl), '#meta+note']));
  for (const row of table.rows) parts.push(record([...row.map(csvValue), note]));
  return parts.join('');
}

/**
 * Every table of a report, one CSV file each, in section order.
 *
 * @example reportToHxlCsv(report).map((f) => f.fileName) // ['trends.csv', 'top-corridors.csv', …]
 */
export function reportToHxlCsv(report: ReportDocument, options: HxlCsvOptions = {}): HxlCsvFile[] {
  return report.sections.flatMap((s) => s.tables.map((tb) => ({ fileName: `${tb.id}.csv`, csv: tableToHxlCsv(tb, options) })));
}
