/**
 * The monitoring pages' pure logic: the filter form's state and its checks, what the release form
 * may send (k never below 5, ε and δ that fit the mechanism and the budget), how censored GLOTIP
 * values and suppressed cells are shown (never as a number), and the geometry of the trend chart.
 * No DOM and no React, so node tests can exercise it.
 */
import type {
  Budget, Corridor, DpMechanism, MonitoringFilters, PublishableTable, ReleasedCell, ReleaseInput, TrendPoint,
} from '../../api/monitoring-types.ts';

// ---------------------------------------------------------------- filters

/** What the filter form holds: text as typed, lists as chosen. */
export interface FilterDraft {
  readonly from: string;
  readonly to: string;
  /** comma-separated ISO alpha-2 codes, as typed */
  readonly countries: string;
  readonly pcodes: string;
  readonly groups: string;
  readonly forms: readonly string[];
  readonly categories: readonly string[];
  /** '' = every status */
  readonly verification: string;
}

/** Verified incidents only, as published figures are (the server's default too). */
export const EMPTY_FILTERS: FilterDraft = {
  from: '', to: '', countries: '', pcodes: '', groups: '', forms: [], categories: [], verification: 'verified',
};

/**
 * Items of a typed list: split on commas, semicolons and new lines, trimmed, duplicates dropped.
 * @example splitList(' a, b;;a\nc ') // ['a', 'b', 'c']
 */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,;\n]+/)) {
    const item = raw.trim();
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

/**
 * Country codes from what was typed: upper-cased; anything that is not two letters is returned
 * as invalid so the form can say so instead of silently filtering on nothing.
 * @example parseCountryCodes('xx, YY, Testland') // { codes: ['XX', 'YY'], invalid: ['Testland'] }
 */
export function parseCountryCodes(text: string): { codes: string[]; invalid: string[] } {
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const item of splitList(text)) {
    if (/^[A-Za-z]{2}$/.test(item)) {
      const code = item.toUpperCase();
      if (!codes.includes(code)) codes.push(code);
    } else invalid.push(item);
  }
  return { codes, invalid };
}

/** A real calendar date written YYYY-MM-DD (what `<input type="date">` gives). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Field name → i18n key of the problem with it. */
export type FormErrors = Record<string, string>;

function periodErrors(from: string, to: string, errors: FormErrors, required: boolean): void {
  if (from && !isIsoDate(from)) errors.from = 'monitoring.error.date';
  else if (!from && required) errors.from = 'monitoring.error.required';
  if (to && !isIsoDate(to)) errors.to = 'monitoring.error.date';
  else if (!to && required) errors.to = 'monitoring.error.required';
  if (!errors.from && !errors.to && from && to && from > to) errors.to = 'monitoring.error.period';
}

/**
 * The filters to send, or the problems with the draft (each as an i18n key by field).
 * @example draftToFilters({ ...EMPTY_FILTERS, countries: 'xx' }).filters?.countries // ['XX']
 */
export function draftToFilters(draft: FilterDraft): { filters?: MonitoringFilters; errors: FormErrors } {
  const errors: FormErrors = {};
  periodErrors(draft.from, draft.to, errors, false);
  const countries = parseCountryCodes(draft.countries);
  if (countries.invalid.length) errors.countries = 'monitoring.error.countries';
  if (Object.keys(errors).length) return { errors };
  const filters: MonitoringFilters = {
    ...(draft.from ? { from: draft.from } : {}),
    ...(draft.to ? { to: draft.to } : {}),
    ...(countries.codes.length ? { countries: countries.codes } : {}),
    ...(splitList(draft.pcodes).length ? { pcodes: splitList(draft.pcodes) } : {}),
    ...(splitList(draft.groups).length ? { groups: splitList(draft.groups) } : {}),
    ...(draft.forms.length ? { forms: [...draft.forms] } : {}),
    ...(draft.categories.length ? { categories: [...draft.categories] } : {}),
    ...(draft.verification ? { verification: draft.verification } : {}),
  };
  return { filters, errors };
}

/** Add or remove one value of a multiple choice, keeping the others' order. */
export function toggle(values: readonly string[], value: string, on: boolean): string[] {
  const rest = values.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}

// ---------------------------------------------------------------- the release form

/** UNODC suppresses every cell below 5: the gate never goes lower, nor does the form. */
export const K_MIN = 5;
export const K_DEFAULT = 10;

/**
 * The small-cell threshold to send: a whole number, never below 5; 10 when the field is empty
 * or unreadable.
 * @example clampK('3') // 5
 */
export function clampK(value: string | number): number {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) return K_DEFAULT;
  return Math.max(K_MIN, Math.round(n));
}

export interface ReleaseDraft {
  readonly table: string;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly step: string;
  readonly k: string;
  readonly mechanism: DpMechanism;
  readonly epsilon: string;
  readonly delta: string;
  /** the countries a table by country lists (its rows, zeros included): ISO alpha-2, comma-separated */
  readonly countries: string;
}

export const EMPTY_RELEASE: ReleaseDraft = {
  table: '', title: '', from: '', to: '', step: 'year', k: String(K_DEFAULT), mechanism: 'discrete-laplace', epsilon: '0.5', delta: '0', countries: '',
};

function number(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.replace(',', '.'));
}

/**
 * Problems with a release draft (field → i18n key); empty when it may be sent. The budget, when
 * known, is checked here too so the user learns before the server refuses (it still decides).
 */
export function releaseErrors(draft: ReleaseDraft, remaining?: Budget['remaining']): FormErrors {
  const errors: FormErrors = {};
  if (!draft.table) errors.table = 'monitoring.error.required';
  if (!draft.title.trim()) errors.title = 'monitoring.error.required';
  periodErrors(draft.from, draft.to, errors, true);
  if (draft.k.trim() !== '' && !(number(draft.k) >= K_MIN)) errors.k = 'monitoring.error.kMin';
  if (parseCountryCodes(draft.countries).invalid.length) errors.countries = 'monitoring.error.countries';
  if (draft.mechanism !== 'none') {
    const epsilon = number(draft.epsilon);
    if (!(epsilon > 0) || !Number.isFinite(epsilon)) errors.epsilon = 'monitoring.error.epsilon';
    else if (remaining && epsilon > remaining.epsilon + 1e-12) errors.epsilon = 'monitoring.error.overBudget';
  }
  if (draft.mechanism === 'discrete-gaussian') {
    const delta = number(draft.delta);
    if (!(delta > 0 && delta < 1)) errors.delta = 'monitoring.error.delta';
    else if (remaining && delta > remaining.delta + 1e-15) errors.delta = 'monitoring.error.overBudget';
  }
  return errors;
}

/** The request for a checked draft (call `releaseErrors` first). Laplace is pure DP: δ is 0. */
export function releaseInput(draft: ReleaseDraft, given?: MonitoringFilters): ReleaseInput {
  const countries = parseCountryCodes(draft.countries).codes;
  const filters = countries.length > 0 ? { ...given, countries } : given;
  const privacy = draft.mechanism === 'none' ? {}
    : draft.mechanism === 'discrete-gaussian' ? { epsilon: number(draft.epsilon), delta: number(draft.delta) }
    : { epsilon: number(draft.epsilon), delta: 0 };
  return {
    table: draft.table,
    title: draft.title.trim(),
    from: draft.from,
    to: draft.to,
    step: draft.step,
    k: clampK(draft.k),
    mechanism: draft.mechanism,
    ...privacy,
    ...(filters ? { filters } : {}),
  };
}

// ---------------------------------------------------------------- showing values

/** A released cell as shown: a number only when it passed the gate. */
export type ShownCell = { readonly kind: 'value'; readonly value: number } | { readonly kind: 'suppressed' };

/**
 * What a released cell may show. A cell marked suppressed never shows a number, even if one came
 * along: a figure that did not pass the gate must not look published.
 */
export function shownCell(cell: ReleasedCell): ShownCell {
  if (cell.suppressed || typeof cell.value !== 'number' || !Number.isFinite(cell.value)) return { kind: 'suppressed' };
  return { kind: 'value', value: cell.value };
}

/** A GLOTIP value as shown: the number, "<5" when the source censored it, or nothing. */
export type ShownGlotip =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'censored'; readonly below: number; readonly text: string }
  | { readonly kind: 'missing' };

/**
 * @example shownGlotip({ value: null, censoredBelow: 5 }, 'en') // { kind: 'censored', below: 5, text: '<5' }
 */
export function shownGlotip(v: { readonly value: number | null; readonly censoredBelow: number | null }, locale: string): ShownGlotip {
  // censoring wins: a source that censored a cell and still sent a number is not to be believed
  if (typeof v.censoredBelow === 'number' && Number.isFinite(v.censoredBelow)) {
    return { kind: 'censored', below: v.censoredBelow, text: `<${formatNumber(v.censoredBelow, locale)}` };
  }
  if (typeof v.value === 'number' && Number.isFinite(v.value)) return { kind: 'value', text: formatNumber(v.value, locale) };
  return { kind: 'missing' };
}

export function formatNumber(value: number, locale: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A z-score with its sign, two decimals. */
export function formatZ(z: number, locale: string): string {
  if (!Number.isFinite(z)) return '–';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(z);
}

/** A p-value: three decimals, "<0.001" below that. */
export function formatP(p: number, locale: string): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return `<${formatNumber(0.001, locale, 3)}`;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(p);
}

/** ε or δ, without trailing noise (1e-6 stays readable). */
export function formatPrivacy(value: number, locale: string): string {
  if (!Number.isFinite(value)) return '–';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(1);
  return formatNumber(value, locale, 3);
}

// ---------------------------------------------------------------- tables and corridors

/**
 * The table's title in the language shown: its own translation, else English; a `titleKey` is
 * translated by the caller's `t`.
 */
export function tableTitle(table: PublishableTable, locale: string, t: (key: string) => string): string {
  if (table.title) return (table.title as unknown as Record<string, string | undefined>)[locale] || table.title.en || table.id;
  if (table.titleKey) return t(table.titleKey);
  return table.id;
}

/** A release's columns: the catalogue's dimension order, then any other key the cells carry. */
export function releaseColumns(cells: readonly ReleasedCell[], table?: PublishableTable): string[] {
  const columns = table ? table.dimensions.map((d) => d.name) : [];
  for (const cell of cells) for (const key of Object.keys(cell.key)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

/** The `n` largest corridors, ties in a stable order (origin, then destination). */
export function topCorridors(corridors: readonly Corridor[], n: number): Corridor[] {
  return [...corridors]
    .sort((a, b) => b.count - a.count || a.origin.localeCompare(b.origin) || a.destination.localeCompare(b.destination))
    .slice(0, Math.max(0, n));
}

// ---------------------------------------------------------------- the trend chart

export interface ChartBar {
  readonly period: string;
  readonly count: number;
  readonly small: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface TrendChart {
  readonly bars: ChartBar[];
  /** the value of the top gridline (a round number ≥ the largest count) */
  readonly max: number;
  readonly ticks: number[];
}

/**
 * The smallest "round" number (1, 2 or 5 × 10ⁿ) at or above `value`; 1 for nothing.
 * @example niceCeiling(37) // 50
 */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * Bars for the series in a `width` × `height` plot area (y down, as SVG draws). Negative or
 * non-finite counts are drawn as 0 (noise is never applied to internal counts, but the chart
 * must not draw upside down if one arrives).
 */
export function trendChart(series: readonly TrendPoint[], width: number, height: number): TrendChart {
  const counts = series.map((p) => (Number.isFinite(p.count) && p.count > 0 ? p.count : 0));
  const max = niceCeiling(Math.max(0, ...counts));
  const slot = series.length ? width / series.length : width;
  const gap = Math.min(4, slot * 0.2);
  const bars = series.map((p, i) => {
    const h = (counts[i]! / max) * height;
    return { period: p.period, count: p.count, small: p.small, x: i * slot + gap / 2, y: height - h, width: Math.max(1, slot - gap), height: h };
  });
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max].filter((v) => Number.isInteger(v) || max < 4);
  return { bars, max, ticks };
}

// ---------------------------------------------------------------- the report form

export interface ReportDraft {
  readonly kind: 'thematic' | 'country';
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly country: string;
  readonly releases: readonly string[];
  /** quote GLOTIP for the country */
  readonly quote: boolean;
  readonly fromYear: string;
  readonly toYear: string;
}

const year = (text: string) => (/^\d{4}$/.test(text.trim()) ? Number(text) : Number.NaN);

/**
 * Problems with a report draft (field → i18n key). A report is made of released tables only, so
 * at least one is required; a country profile and a GLOTIP quote need one valid country code.
 */
export function reportErrors(draft: ReportDraft): FormErrors {
  const errors: FormErrors = {};
  if (!draft.title.trim()) errors.title = 'monitoring.error.required';
  periodErrors(draft.from, draft.to, errors, true);
  const country = parseCountryCodes(draft.country);
  if (country.invalid.length || country.codes.length > 1) errors.country = 'monitoring.error.countries';
  else if (country.codes.length === 0 && (draft.kind === 'country' || draft.quote)) errors.country = 'monitoring.error.required';
  if (draft.releases.length === 0) errors.releases = 'monitoring.error.releases';
  if (draft.quote) {
    const from = year(draft.fromYear);
    const to = year(draft.toYear);
    if (Number.isNaN(from)) errors.fromYear = 'monitoring.error.year';
    if (Number.isNaN(to)) errors.toYear = 'monitoring.error.year';
    else if (!Number.isNaN(from) && from > to) errors.toYear = 'monitoring.error.period';
  }
  return errors;
}
