/**
 * UNODC's GLOTIP country data (`data_glotip.xlsx`, the Global Report on Trafficking in Persons
 * tables) as typed rows, and their aggregation with censored cells kept censored.
 *
 * The sheet: optional provenance rows (publisher and contact; release date "DD/MM/YYYY"), a
 * header row (Iso3_code, Country, Region, Subregion, Indicator, Dimension, Category, Sex, Age,
 * Year, Unit of measurement, txtVALUE, Source), then one row per published cell. Columns are
 * found by their header, not by position. What the real file (release 30/05/2023) taught us:
 * - `txtVALUE` is text: a count (thousands may carry a comma, "1,757") or "<5", UNODC's small-
 *   cell suppression. "<5" becomes `{ censored: true, below: 5 }` and never a number.
 * - Rows with an empty Country are UNODC area aggregates whose code is NOT a country: "CAR",
 *   "CAS", "EEU", "MCA", "MCN", "SAF", "SAM", and "Aruba/Curacao" in the code column. "CAR" reads
 *   like an ISO code, so these rows are marked `aggregate` and get no `iso3`: a regional total
 *   must never be mapped onto a country.
 * - Some rows repeat the same (country, indicator, dimension, category, sex, age, year): the
 *   release folded several original categories into "Other forms of exploitation" (and several
 *   sexes into "Other"). They are separate source cells, kept as separate rows; aggregation
 *   sums them.
 *
 * Bad rows (unknown indicator, dimension, sex, age or form; a bad year; an unreadable value; a
 * damaged cell) become RecordProblems naming the sheet row; the rest is imported.
 */
import { AriadneError } from '@ariadne/schema';
import type { AgeBand, CensoredCount, ExploitationForm, ImportResult, RecordProblem, ReportedCount, Sex } from '../types.ts';
import { isCensored } from '../types.ts';
import { listSheetNames, readSheetRows, readSheetRowsAsync, type CellValue, type ReadSheetOptions, type SheetRow } from './xlsx-sheet.ts';

/** GLOTIP's five indicators, by the label the sheet uses. */
export const GLOTIP_INDICATORS = {
  'Detected trafficking victims': 'detected_victims',
  'Persons brought into formal contact': 'persons_in_formal_contact',
  'Persons prosecuted': 'persons_prosecuted',
  'Persons convicted': 'persons_convicted',
  'Offences of trafficking in persons': 'offences',
} as const;
export type GlotipIndicator = (typeof GLOTIP_INDICATORS)[keyof typeof GLOTIP_INDICATORS];

/** How a row breaks its indicator down: the total, or by form, citizenship or country of repatriation (then `category` names the form or country). */
export type GlotipDimension = 'total' | 'form' | 'citizenship' | 'repatriation';
const DIMENSIONS: Readonly<Record<string, GlotipDimension>> = {
  total: 'total',
  'by form of exploitation': 'form',
  'by citizenship': 'citizenship',
  'by country of repatriation': 'repatriation',
};

/**
 * GLOTIP's form categories onto types.ts ExploitationForm. The 2023 release has only the first
 * three; the others are labels of earlier releases. A label not here is a RecordProblem rather
 * than a guess, and "mixed" categories are not here because they are not one form.
 */
const FORMS: Readonly<Record<string, ExploitationForm>> = {
  'sexual exploitation': 'sexual_exploitation',
  'forced labour': 'forced_labour',
  'forced labor': 'forced_labour',
  'other forms of exploitation': 'other',
  'other purposes': 'other',
  'removal of organs': 'removal_of_organs',
  'organ removal': 'removal_of_organs',
  'forced marriage': 'forced_marriage',
  slavery: 'slavery',
};

const SEXES: Readonly<Record<string, Sex | 'total'>> = { total: 'total', female: 'female', male: 'male', other: 'other', unknown: 'unknown' };
const AGES: Readonly<Record<string, AgeBand | 'total'>> = {
  total: 'total',
  '0 to 17 years': '0-17',
  '18 years or over': '18+',
  unknown: 'unknown',
  '0 to 11 years': '0-11',
  '12 to 17 years': '12-17',
};

/** GLOTIP starts in 2003; the bounds only catch typos and serial numbers, not plausibility. */
export const GLOTIP_MIN_YEAR = 1990;
export const GLOTIP_MAX_YEAR = 2100;

export interface GlotipRow {
  /** The row number in the sheet (1-based), for RecordProblems and tracing a figure to its source. */
  readonly record: number;
  /** ISO 3166-1 alpha-3 when the row is one country's and has a three-letter code; absent for aggregates and uncoded places (e.g. "Sark"). */
  readonly iso3?: string;
  /** The Iso3_code cell as given: an ISO code, a UNODC area code ("CAR") or a name ("Aruba/Curacao"). */
  readonly areaCode?: string;
  /** The Country cell; absent for area aggregates. */
  readonly country?: string;
  /** What the row is about, for grouping and display: the country's name, else the area code. */
  readonly area: string;
  /** True for a UNODC area aggregate (empty Country): a sum over several places, never one country. */
  readonly aggregate: boolean;
  readonly region?: string;
  readonly subregion?: string;
  readonly indicator: GlotipIndicator;
  readonly dimension: GlotipDimension;
  /** The Category cell as given: "Total", a form's label, a country name, "Nationals", …; "" where the source left it blank. */
  readonly category: string;
  /** The form of exploitation, for `dimension` "form". */
  readonly form?: ExploitationForm;
  readonly sex: Sex | 'total';
  readonly age: AgeBand | 'total';
  readonly year: number;
  /** A count, or `{ censored: true, below: 5 }` for "<5"; never a number standing in for a censored cell. */
  readonly value: ReportedCount;
}

export interface GlotipProvenance {
  readonly source: 'UNODC GLOTIP';
  /** The sheet read ("data_glotip_1"). */
  readonly sheet: string | undefined;
  /** The first provenance cell ("UNODC"), when the sheet has provenance rows. */
  readonly publisher?: string;
  /** The contact the sheet names ("unodc_ddds@un.org"): a public institutional address, not personal data. */
  readonly contact?: string;
  /** The release date from the provenance rows, as ISO "YYYY-MM-DD"; absent when the sheet has none. */
  readonly releaseDate?: string;
  /** The header row's number. */
  readonly headerRow: number;
}

export interface GlotipImport extends ImportResult<GlotipRow> {
  readonly provenance: GlotipProvenance;
}

export type GlotipOptions = ReadSheetOptions;

// ---------------------------------------------------------------------------------------------
// Header

const REQUIRED_COLUMNS = ['Iso3_code', 'Country', 'Indicator', 'Dimension', 'Category', 'Sex', 'Age', 'Year', 'txtVALUE'] as const;
const OPTIONAL_COLUMNS = ['Region', 'Subregion', 'Unit of measurement'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
/** the header must appear within this many rows, or this is not a GLOTIP sheet */
const HEADER_SEARCH_ROWS = 20;

const norm = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

function headerColumns(row: SheetRow): Map<Column, string> | undefined {
  const byName = new Map<string, string>();
  for (const [letter, value] of Object.entries(row.cells)) if (typeof value === 'string') byName.set(norm(value), letter);
  if (!byName.has('iso3_code') || !byName.has('txtvalue')) return undefined;
  const columns = new Map<Column, string>();
  for (const name of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const letter = byName.get(norm(name));
    if (letter !== undefined) columns.set(name, letter);
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0) throw new AriadneError('MALFORMED_INPUT', `Row ${row.row}: the GLOTIP header lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}.`);
  return columns;
}

/** "30/05/2023" (UNODC writes day first) or an Excel date serial → "2023-05-30" */
function releaseDateOf(value: CellValue | undefined): string | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
    if (m === null) return undefined;
    return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  }
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 2_958_466) {
    // Excel's serial day 25,569 is 1970-01-01 (its 1900 leap-year bug only affects days before March 1900).
    const date = new Date((value - 25_569) * 86_400_000);
    return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Values

/** "<5" → censored below 5; "123" or "1,757" or a number cell → the count; anything else → undefined */
export function parseGlotipValue(value: CellValue | undefined): ReportedCount | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const censored = /^<\s*([1-9][0-9]{0,5})$/.exec(text);
  if (censored !== null) return { censored: true, below: Number(censored[1]) } satisfies CensoredCount;
  if (/^(?:[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4})$/.test(text)) {
    const n = Number(text.replaceAll(',', ''));
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function yearOf(value: CellValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[0-9]{4}\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= GLOTIP_MIN_YEAR && n <= GLOTIP_MAX_YEAR ? n : undefined;
}

const text = (value: CellValue | undefined): string | undefined => {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? undefined : t;
  }
  return typeof value === 'number' ? String(value) : undefined;
};

/** a short, printable quotation of a bad cell, so a message cannot carry a megabyte or a control character */
const quote = (value: CellValue | undefined): string => {
  const raw = value === undefined ? '' : typeof value === 'object' ? value.error : String(value);
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean === '' ? 'an empty cell' : `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
};

// ---------------------------------------------------------------------------------------------
// Rows

const noHeader = (): AriadneError =>
  new AriadneError('MALFORMED_INPUT', `This is not a GLOTIP sheet: no header row (with Iso3_code and txtVALUE) in its first ${HEADER_SEARCH_ROWS} rows.`);

/** takes sheet rows one by one; knows the header once it has passed it */
class GlotipReader {
  readonly items: GlotipRow[] = [];
  readonly problems: RecordProblem[] = [];
  #columns: Map<Column, string> | undefined;
  #before: SheetRow[] = [];
  #provenance: GlotipProvenance | undefined;

  constructor(private readonly sheet: string | undefined) {}

  take(row: SheetRow): void {
    if (this.#columns === undefined) return this.#beforeHeader(row);
    if (row.problems.length > 0) {
      this.problems.push({ record: row.row, message: `Row ${row.row}: ${row.problems.join(' ')}` });
      return;
    }
    if (Object.keys(row.cells).length === 0) return; // an empty (formatting-only) row
    const parsed = this.#parse(row, this.#columns);
    if (typeof parsed === 'string') this.problems.push({ record: row.row, message: `Row ${row.row}: ${parsed}` });
    else this.items.push(parsed);
  }

  finish(): GlotipImport {
    if (this.#provenance === undefined) throw noHeader();
    return { items: this.items, problems: this.problems, provenance: this.#provenance };
  }

  #beforeHeader(row: SheetRow): void {
    const columns = headerColumns(row);
    if (columns === undefined) {
      if (row.row > HEADER_SEARCH_ROWS || this.#before.length >= HEADER_SEARCH_ROWS) throw noHeader();
      this.#before.push(row);
      return;
    }
    this.#columns = columns;
    const first = this.#before[0];
    const publisher = text(first?.cells.A);
    const contact = text(first?.cells.B);
    const releaseDate = this.#before.flatMap((r) => Object.values(r.cells)).map(releaseDateOf).find((d) => d !== undefined);
    this.#provenance = {
      source: 'UNODC GLOTIP',
      sheet: this.sheet,
      ...(publisher === undefined || releaseDateOf(first?.cells.A) !== undefined ? {} : { publisher }),
      ...(contact === undefined ? {} : { contact }),
      ...(releaseDate === undefined ? {} : { releaseDate }),
      headerRow: row.row,
    };
    this.#before = [];
  }

  /** the typed row, or what is wrong with it */
  #parse(row: SheetRow, columns: Map<Column, string>): GlotipRow | string {
    const cell = (name: Column): CellValue | undefined => {
      const letter = columns.get(name);
      return letter === undefined ? undefined : row.cells[letter];
    };
    const indicatorLabel = text(cell('Indicator'));
    const indicator = indicatorLabel === undefined ? undefined : INDICATORS_BY_LABEL.get(norm(indicatorLabel));
    if (indicator === undefined) return `the indicator ${quote(cell('Indicator'))} is not one of GLOTIP's five.`;
    const dimension = DIMENSIONS[norm(text(cell('Dimension')) ?? '')];
    if (dimension === undefined) return `the dimension ${quote(cell('Dimension'))} is not Total, by form of exploitation, by citizenship or by country of repatriation.`;
    // 75 "by citizenship" rows of the 2023 release leave Category blank and still carry counts:
    // kept, with category "", rather than guessing what the blank means.
    const category = text(cell('Category')) ?? '';
    if (category === '' && dimension === 'form') return 'the form of exploitation (Category) is empty.';
    let form: ExploitationForm | undefined;
    if (dimension === 'form') {
      form = FORMS[norm(category)];
      if (form === undefined) return `the form of exploitation ${quote(category)} is not one Ariadne knows.`;
    }
    const sex = SEXES[norm(text(cell('Sex')) ?? '')];
    if (sex === undefined) return `the sex ${quote(cell('Sex'))} is not Total, Female, Male, Other or Unknown.`;
    const age = AGES[norm(text(cell('Age')) ?? '')];
    if (age === undefined) return `the age ${quote(cell('Age'))} is not an age band GLOTIP uses.`;
    const year = yearOf(cell('Year'));
    if (year === undefined) return `the year ${quote(cell('Year'))} is not a year between ${GLOTIP_MIN_YEAR} and ${GLOTIP_MAX_YEAR}.`;
    const unit = text(cell('Unit of measurement'));
    if (unit !== undefined && norm(unit) !== 'counts') return `the unit ${quote(unit)} is not Counts; only counts are read.`;
    const value = parseGlotipValue(cell('txtVALUE'));
    if (value === undefined) return `the value ${quote(cell('txtVALUE'))} is neither a count nor a censored "<N".`;

    const areaCode = text(cell('Iso3_code'));
    const country = text(cell('Country'));
    const area = country ?? areaCode;
    if (area === undefined) return 'the row names neither a country nor an area code.';
    const aggregate = country === undefined;
    const region = text(cell('Region'));
    const subregion = text(cell('Subregion'));
    return {
      record: row.row,
      ...(!aggregate && areaCode !== undefined && /^[A-Z]{3}$/.test(areaCode) ? { iso3: areaCode } : {}),
      ...(areaCode === undefined ? {} : { areaCode }),
      ...(country === undefined ? {} : { country }),
      area,
      aggregate,
      ...(region === undefined ? {} : { region }),
      ...(subregion === undefined ? {} : { subregion }),
      indicator,
      dimension,
      category,
      ...(form === undefined ? {} : { form }),
      sex,
      age,
      year,
      value,
    };
  }
}

const INDICATORS_BY_LABEL = new Map<string, GlotipIndicator>(Object.entries(GLOTIP_INDICATORS).map(([label, code]) => [norm(label), code]));

/**
 * Reads a GLOTIP .xlsx (the bytes of `data_glotip.xlsx` or a sheet of the same layout).
 * Throws AriadneError when the file is damaged or hostile (see readSheetRows) or has no GLOTIP
 * header; a bad row becomes a RecordProblem and the rest is imported.
 *
 * @example
 * const { items, problems, provenance } = parseGlotip(await readFile('data_glotip.xlsx'));
 */
export function parseGlotip(xlsx: Uint8Array, options: GlotipOptions = {}): GlotipImport {
  const reader = new GlotipReader(options.sheet ?? listSheetNames(xlsx, options)[0]);
  for (const row of readSheetRows(xlsx, options)) reader.take(row);
  return reader.finish();
}

/** `parseGlotip` letting the event loop run while it reads (for a server). */
export async function parseGlotipAsync(xlsx: Uint8Array, options: GlotipOptions = {}): Promise<GlotipImport> {
  const reader = new GlotipReader(options.sheet ?? listSheetNames(xlsx, options)[0]);
  for await (const row of readSheetRowsAsync(xlsx, options)) reader.take(row);
  return reader.finish();
}

// ---------------------------------------------------------------------------------------------
// Aggregation

/**
 * A sum that included censored cells: the true total lies in [atLeast, atMost]. Deliberately
 * not a CensoredCount (no `below`): a sum of censored cells is not itself "below a threshold".
 */
export interface CensoredSum {
  readonly lowerBound: true;
  /** The exact cells' sum, each censored cell counted as 0 (UNODC does not say whether "<5" can hide a zero). */
  readonly atLeast: number;
  /** The exact cells' sum plus, for each censored cell, its threshold minus one. */
  readonly atMost: number;
  /** How many censored cells went into the sum. */
  readonly censoredCells: number;
}
export type AggregatedCount = number | CensoredSum;
export const isCensoredSum = (c: AggregatedCount): c is CensoredSum => typeof c === 'object' && c !== null && c.lowerBound === true;

export interface GlotipAggregate {
  readonly area: string;
  readonly iso3?: string;
  readonly aggregate: boolean;
  readonly indicator: GlotipIndicator;
  readonly year: number;
  readonly sex: Sex | 'total';
  readonly age: AgeBand | 'total';
  readonly dimension: GlotipDimension;
  /** For `dimension` "form": the form the summed categories map to. */
  readonly form?: ExploitationForm;
  /** For "citizenship" and "repatriation": the country (or group) the rows are about. */
  readonly category?: string;
  /** A plain number only when every summed cell was exact. */
  readonly value: AggregatedCount;
  /** The sheet rows summed, in the order given. */
  readonly records: readonly number[];
}

/**
 * Sums GLOTIP rows by (area, indicator, year, sex, age, form), keeping censored cells censored.
 *
 * The rule:
 * 1. Rows are summed only within one dimension. The "Total" row and the "by form" rows of one
 *    country-year count the same victims twice over; so "total", each form, and each citizenship
 *    or repatriation country are separate groups (the key also holds `dimension`, and for
 *    citizenship and repatriation the `category`).
 * 2. Exact values add up. If any value in a group is censored, the group's value is a
 *    CensoredSum: `atLeast` = the exact sum (censored cells as 0), `atMost` = exact sum plus
 *    (threshold - 1) per censored cell, and `censoredCells` says how many there were. It is
 *    never a plain number, so no figure built on "<5" can pass for an exact count.
 * 3. Sex and age are not summed over: GLOTIP publishes "Total" rows for them, and adding
 *    Female + Male + Total would double count.
 * Groups come out sorted by area, indicator, year, dimension, form or category, sex, age.
 */
export function aggregateGlotip(rows: readonly GlotipRow[]): GlotipAggregate[] {
  interface Group {
    readonly first: GlotipRow;
    exact: number;
    censored: number;
    slack: number;
    readonly records: number[];
  }
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const category = row.dimension === 'citizenship' || row.dimension === 'repatriation' ? row.category : undefined;
    const key = JSON.stringify([row.area, row.aggregate, row.indicator, row.year, row.dimension, row.form ?? category ?? '', row.sex, row.age]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { first: row, exact: 0, censored: 0, slack: 0, records: [] };
      groups.set(key, group);
    }
    if (isCensored(row.value)) {
      group.censored++;
      group.slack += row.value.below - 1;
    } else group.exact += row.value;
    group.records.push(row.record);
  }
  const out: GlotipAggregate[] = [];
  for (const { first, exact, censored, slack, records } of groups.values()) {
    const category = first.dimension === 'citizenship' || first.dimension === 'repatriation' ? first.category : undefined;
    out.push({
      area: first.area,
      ...(first.iso3 === undefined ? {} : { iso3: first.iso3 }),
      aggregate: first.aggregate,
      indicator: first.indicator,
      year: first.year,
      sex: first.sex,
      age: first.age,
      dimension: first.dimension,
      ...(first.form === undefined ? {} : { form: first.form }),
      ...(category === undefined ? {} : { category }),
      value: censored === 0 ? exact : { lowerBound: true, atLeast: exact, atMost: exact + slack, censoredCells: censored },
      records,
    });
  }
  const sortKey = (a: GlotipAggregate): string[] => [a.area, a.indicator, String(a.year), a.dimension, a.form ?? a.category ?? '', a.sex, a.age];
  return out.sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
}
