/**
 * The store's monitoring part (`MonitoringStore`, issue 7). Four concerns, one per section:
 *
 * 1. Imports of outside data (incidents and movements, GLOTIP values, boundary files): checked in
 *    full before the transaction (the first bad item is named by position, never by content),
 *    then the dataset row, its items and the journal entry in ONE transaction, so a failure half
 *    way leaves nothing. Items go in as one JSON parameter per chunk of 1,000, expanded by
 *    `jsonb_array_elements` (rows of variable-length arrays do not fit `unnest` of arrays).
 *    The same file (by SHA-256) is imported once: a second save returns the dataset held.
 * 2. Reads of the imported items in keyset pages (and streams of pages) with the analyses' filters.
 * 3. The privacy ledger: the caller's budget check runs inside the append's transaction with the
 *    ledger table locked (EXCLUSIVE: other appends wait, reads do not), so two releases racing
 *    cannot both pass a check that only one of them fits. Ledger and released tables are
 *    append-only in the database too (migration 0009).
 * 4. Incidents and movements of Ariadne's own cases, with the consent rule (see `readCase`).
 * 5. Reports: their definitions (the releases they are made of, in order, and the GLOTIP figures
 *    they quote), append-only; the server renders them from the stored releases on demand.
 */
import { createHash } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable, type SqlBool, type Transaction } from 'kysely';
import {
  AGE_BANDS, EXPLOITATION_FORMS, INCIDENT_CATEGORIES, SEXES, VERIFICATION_STATUSES,
  type AgeBand, type DisclosureNote, type DpMechanism, type ExploitationForm, type Incident, type Movement, type Place, type RecordProblem,
  type RouteStage, type Sex, type VerificationStatus, type VictimGroup,
} from '@ariadne/monitoring/types';
// the exact lists of the catalogue, the period steps and the report languages: the database checks them by shape only
import { getCountry, isReportLanguage, isTableId, PERIOD_STEPS, type PeriodStep, type TableId } from '@ariadne/monitoring/catalogue';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type {
  GlotipValuesTable, MonitoringBoundariesTable, MonitoringDatasetsTable, MonitoringIncidentsTable, MonitoringMovementsTable,
  MonitoringReleasesTable, MonitoringReportsTable, PrivacyLedgerTable, StoredGlotipQuote, StoredReleasedCell,
} from './database-monitoring.ts';
import type {
  BoundaryFile, BoundaryFileInfo, CaseMonitoringQuery, CaseReadTally, GlotipFilter, GlotipValue, IncidentFilter, LedgerCheck,
  MonitoringDataset, MonitoringDatasetKind, MonitoringPageRequest, MonitoringStore, MovementFilter, NewBoundaryFile, NewGlotipDataset,
  MonitoringReportKind, NewLedgerEntry, NewMonitoringReport, NewRelease, PrivacyBudget, PrivacyLedgerRecord, ReleaseSummary, SavedDataset,
  StoredMonitoringReport, StoredRelease,
} from './monitoring-types.ts';
import { MONITORING_DATASET_KINDS } from './monitoring-types.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';
import { storableText } from './list-delta.ts';

/** rows per insert statement: few round trips, bounded statement size */
const INSERT_BATCH = 1000;
/** items per dataset: the issue's scale (1M incidents) with room */
const MAX_ITEMS = 2_000_000;
export const MAX_STORED_PROBLEMS = 1000;
const MAX_PROBLEM_MESSAGE = 500;
const DEFAULT_PAGE = 1000;
const MAX_PAGE = 10_000;
/** values in one filter list */
const MAX_FILTER_VALUES = 10_000;
/** an import of at least this many rows refreshes the table's statistics (PGlite has no autovacuum) */
const ANALYZE_AFTER = 10_000;
/** JSON characters of a boundary file */
const MAX_GEOJSON = 200_000_000;
const MAX_CELLS = 1_000_000;
/** `integer` columns */
const MAX_INT = 2_147_483_647;
const MAX_STAGES = 20;
const MAX_VICTIM_GROUPS = 100;
/** releases one report is made of */
const MAX_REPORT_RELEASES = 100;
const REPORT_KINDS: readonly MonitoringReportKind[] = ['thematic', 'country'];

const COUNTRY = /^[A-Z]{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ITEM_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const CONTROLS = /\p{Cc}/u;
const MECHANISMS: readonly DpMechanism[] = ['discrete-laplace', 'discrete-gaussian', 'none'];
const CATEGORY_SET: ReadonlySet<string> = new Set(INCIDENT_CATEGORIES);
const FORM_SET: ReadonlySet<string> = new Set(EXPLOITATION_FORMS);
const VERIFICATION_SET: ReadonlySet<string> = new Set(VERIFICATION_STATUSES);
const SEX_SET: ReadonlySet<string> = new Set(SEXES);
const AGE_BAND_SET: ReadonlySet<string> = new Set(AGE_BANDS);

// ---------------------------------------------------------------- input checks

function invalid(field: string, problem: string, message = 'The monitoring input is not valid.'): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details: { [field]: problem } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** one line of text as stored: no NUL, lone surrogate or control character, at most `max` characters */
function text(value: unknown, field: string, max: number, required = true): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalid(field, 'required');
    return null;
  }
  if (typeof value !== 'string' || value.length > max || CONTROLS.test(value) || storableText(value) !== value) {
    throw invalid(field, `not text of at most ${max} characters without control characters`);
  }
  return value;
}

/** free text for a title or a query: control characters become spaces, trimmed */
function line(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw invalid(field, 'not text');
  const clean = storableText(value).replace(/\p{Cc}+/gu, ' ').trim();
  if (clean === '') throw invalid(field, 'required');
  if (clean.length > max) throw invalid(field, `longer than ${max} characters`);
  return clean;
}

function wholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) throw invalid(field, `not a whole number from ${min} to ${max}`);
  return value;
}

function list(value: unknown, field: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(field, 'not a list');
  if (value.length > max) throw invalid(field, `more than ${max.toLocaleString('en')} entries`);
  return value;
}

/** a file name keeps no directories: where a file sat on someone's disk is nobody's business */
function fileName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('fileName', 'required');
  const name = value.split(/[\\/]/).filter(Boolean).at(-1) ?? '';
  return line(name, 'fileName', 300);
}

function sha256(value: unknown): string {
  if (typeof value !== 'string' || !SHA256.test(value)) throw invalid('sha256', 'not a SHA-256 in lower-case hex');
  return value;
}

/** the days a "YYYY-MM-DD" or "YYYY-MM" date may stand for, or null when it is not one */
export function dateSpan(value: string): { from: string; to: string } | null {
  const m = ITEM_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 1) return null;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (m[3] !== undefined) {
    const day = Number(m[3]);
    if (day < 1 || day > lastDay) return null;
    return { from: value, to: value };
  }
  return { from: `${value}-01`, to: `${value}-${String(lastDay).padStart(2, '0')}` };
}

function itemDate(value: unknown, field: string): { date: string; from: string; to: string } {
  const span = typeof value === 'string' ? dateSpan(value) : null;
  if (!span) throw invalid(field, 'not a date (YYYY-MM-DD or YYYY-MM)');
  return { date: value as string, ...span };
}

function day(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DAY.test(value) || !dateSpan(value)) throw invalid(field, 'not a date (YYYY-MM-DD)');
  return value;
}

function place(value: unknown, field: string): Place {
  if (!isObject(value)) throw invalid(field, 'not a place');
  const out: { country?: string; pcode?: string; lat?: number; lon?: number } = {};
  if (value.country !== undefined) {
    if (typeof value.country !== 'string' || !COUNTRY.test(value.country)) throw invalid(field, 'the country is not an ISO 3166-1 alpha-2 code in upper case');
    out.country = value.country;
  }
  const pcode = text(value.pcode, field, 64, false);
  if (pcode !== null) out.pcode = pcode;
  if (value.lat !== undefined || value.lon !== undefined) {
    const { lat, lon } = value;
    if (typeof lat !== 'number' || typeof lon !== 'number' || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      throw invalid(field, 'the point needs both a latitude (-90 … 90) and a longitude (-180 … 180)');
    }
    out.lat = lat;
    out.lon = lon;
  }
  return out;
}

function forms(value: unknown, field: string): ExploitationForm[] {
  const values = list(value, field, EXPLOITATION_FORMS.length * 2);
  if (values.some((f) => typeof f !== 'string' || !FORM_SET.has(f))) throw invalid(field, `a form is not one of ${EXPLOITATION_FORMS.join(', ')}`);
  return [...new Set(values as ExploitationForm[])];
}

function noSubjects(item: Record<string, unknown>, field: string): void {
  // outside data names no entity of ours: subjects are for consent filtering of our own cases only
  if (item.subjects !== undefined) throw invalid(field, 'subjects are kept for Ariadne\'s own cases only, not for imported data');
}

interface IncidentRow {
  readonly id: string; readonly source: string; readonly date: string; readonly from: string; readonly to: string;
  readonly country: string | null; readonly pcode: string | null; readonly lat: number | null; readonly lon: number | null;
  readonly category: string; readonly forms: readonly string[]; readonly group: string | null; readonly verification: string;
  readonly victims: readonly VictimGroup[];
}

function incidentRow(raw: unknown, index: number): IncidentRow {
  const field = `incidents[${index}]`;
  if (!isObject(raw)) throw invalid(field, 'not an incident');
  noSubjects(raw, field);
  const { date, from, to } = itemDate(raw.date, `${field}.date`);
  const where = place(raw.place, `${field}.place`);
  if (typeof raw.category !== 'string' || !CATEGORY_SET.has(raw.category)) throw invalid(`${field}.category`, 'not a known incident category');
  if (typeof raw.verification !== 'string' || !VERIFICATION_SET.has(raw.verification)) throw invalid(`${field}.verification`, `not one of ${VERIFICATION_STATUSES.join(', ')}`);
  const victims = list(raw.victims, `${field}.victims`, MAX_VICTIM_GROUPS).map((v, i) => {
    const at = `${field}.victims[${i}]`;
    if (!isObject(v) || typeof v.sex !== 'string' || !SEX_SET.has(v.sex) || typeof v.ageBand !== 'string' || !AGE_BAND_SET.has(v.ageBand)) {
      throw invalid(at, 'not a victim group (sex, age band, count)');
    }
    return { sex: v.sex as Sex, ageBand: v.ageBand as AgeBand, count: wholeNumber(v.count, at, 0, 1_000_000) };
  });
  return {
    id: text(raw.id, `${field}.id`, 200)!, source: text(raw.source, `${field}.source`, 200)!, date, from, to,
    country: where.country ?? null, pcode: where.pcode ?? null, lat: where.lat ?? null, lon: where.lon ?? null,
    category: raw.category, forms: forms(raw.forms, `${field}.forms`), group: text(raw.perpetratorGroup, `${field}.perpetratorGroup`, 200, false),
    verification: raw.verification, victims,
  };
}

interface MovementRow {
  readonly id: string; readonly source: string; readonly stages: readonly RouteStage[]; readonly countries: readonly string[];
  readonly from: string | null; readonly to: string | null; readonly count: number; readonly forms: readonly string[];
}

function movementRow(raw: unknown, index: number): MovementRow {
  const field = `movements[${index}]`;
  if (!isObject(raw)) throw invalid(field, 'not a movement');
  noSubjects(raw, field);
  const spans: { from: string; to: string }[] = [];
  const stages = list(raw.stages, `${field}.stages`, MAX_STAGES).map((s, i): RouteStage => {
    const at = `${field}.stages[${i}]`;
    if (!isObject(s) || (s.role !== 'origin' && s.role !== 'transit' && s.role !== 'destination')) throw invalid(at, 'not a stage (origin, transit or destination)');
    const stage: { role: RouteStage['role']; place: Place; date?: string } = { role: s.role, place: place(s.place, `${at}.place`) };
    if (s.date !== undefined) {
      const dated = itemDate(s.date, `${at}.date`);
      stage.date = dated.date;
      spans.push(dated);
    }
    return stage;
  });
  if (stages.length === 0) throw invalid(`${field}.stages`, 'empty');
  const countries = [...new Set(stages.flatMap((s) => (s.place.country ? [s.place.country] : [])))];
  return {
    id: text(raw.id, `${field}.id`, 200)!, source: text(raw.source, `${field}.source`, 200)!, stages, countries,
    from: spans.length === 0 ? null : spans.map((s) => s.from).sort()[0]!, to: spans.length === 0 ? null : spans.map((s) => s.to).sort().at(-1)!,
    count: wholeNumber(raw.count, `${field}.count`, 1, MAX_INT), forms: forms(raw.forms, `${field}.forms`),
  };
}

interface GlotipRow {
  readonly record: number; readonly iso3: string | null; readonly country: string; readonly region: string; readonly subregion: string;
  readonly indicator: string; readonly dimension: string; readonly category: string; readonly sex: string; readonly age: string;
  readonly year: number; readonly value: number | null; readonly below: number | null;
}

function glotipRow(raw: unknown, index: number): GlotipRow {
  const field = `rows[${index}]`;
  if (!isObject(raw)) throw invalid(field, 'not a GLOTIP row');
  const words = (name: string) => text(raw[name], `${field}.${name}`, 300, false) ?? '';
  if (raw.iso3 !== null && raw.iso3 !== undefined && (typeof raw.iso3 !== 'string' || !/^[A-Z]{3}$/.test(raw.iso3))) throw invalid(`${field}.iso3`, 'not an ISO 3166-1 alpha-3 code in upper case');
  const v = raw.value;
  let value: number | null = null;
  let below: number | null = null;
  if (isObject(v) && v.censored === true) below = wholeNumber(v.below, `${field}.value.below`, 1, MAX_INT);
  else value = wholeNumber(v, `${field}.value`, 0, MAX_INT);
  return {
    record: wholeNumber(raw.record, `${field}.record`, 1, MAX_INT), iso3: (raw.iso3 as string | undefined) ?? null,
    country: text(raw.country, `${field}.country`, 300)!, region: words('region'), subregion: words('subregion'),
    indicator: text(raw.indicator, `${field}.indicator`, 300)!, dimension: words('dimension'), category: words('category'),
    sex: words('sex'), age: words('age'), year: wholeNumber(raw.year, `${field}.year`, 1900, 2200), value, below,
  };
}

function problems(value: unknown): { stored: RecordProblem[]; count: number } {
  if (value === undefined) return { stored: [], count: 0 };
  const all = list(value, 'problems', MAX_ITEMS);
  const stored = all.slice(0, MAX_STORED_PROBLEMS).map((p, i): RecordProblem => {
    if (!isObject(p) || typeof p.message !== 'string') throw invalid(`problems[${i}]`, 'not a record problem (record, message)');
    return {
      record: wholeNumber(p.record, `problems[${i}].record`, 0, Number.MAX_SAFE_INTEGER),
      message: storableText(p.message).replace(/\p{Cc}+/gu, ' ').trim().slice(0, MAX_PROBLEM_MESSAGE) || 'refused',
    };
  });
  return { stored, count: all.length };
}

function valueList<T extends string>(value: unknown, field: string, check?: (v: string) => boolean): T[] | undefined {
  if (value === undefined) return undefined;
  const values = list(value, field, MAX_FILTER_VALUES);
  if (values.some((v) => typeof v !== 'string' || (check && !check(v)))) throw invalid(field, 'holds a value that is not valid here');
  return [...new Set(values as T[])];
}

function monitoringPage(page: MonitoringPageRequest | undefined): { limit: number; after: number } {
  const limit = page?.limit ?? DEFAULT_PAGE;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) throw invalid('limit', `not a whole number from 1 to ${MAX_PAGE.toLocaleString('en')}`);
  if (!page?.cursor) return { limit, after: 0 };
  const [ordinal] = decodeCursor(page.cursor);
  if (typeof ordinal !== 'number' || !Number.isSafeInteger(ordinal)) throw invalid('cursor', 'not a cursor from this API');
  return { limit, after: ordinal };
}

/** the unique-index violation of a repeated item id, as the CONFLICT a caller can act on */
function repeatedItem(error: unknown): AriadneError | null {
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown };
  const where = `${String(e?.constraint ?? '')} ${String(e?.message ?? '')}`;
  if (e?.code !== '23505') return null;
  const table = where.includes('monitoring_movements_item') ? 'movements' : where.includes('monitoring_incidents_item') ? 'incidents' : null;
  if (table === null) return null;
  return new AriadneError('CONFLICT', `The file holds two ${table} with the same id; nothing was imported.`, { details: { [table]: 'an id repeats' } });
}

// ---------------------------------------------------------------- rows to records

function toDataset(row: Selectable<MonitoringDatasetsTable>): MonitoringDataset {
  return {
    id: row.id, kind: row.kind as MonitoringDatasetKind, fileName: row.file_name, sha256: row.sha256, importedAt: row.imported_at,
    importedBy: row.imported_by, items: row.items, problemCount: row.problem_count, problems: row.problems,
  };
}

function toPlace(row: { country: string | null; pcode: string | null; lat: number | null; lon: number | null }): Place {
  const out: { country?: string; pcode?: string; lat?: number; lon?: number } = {};
  if (row.country !== null) out.country = row.country;
  if (row.pcode !== null) out.pcode = row.pcode;
  if (row.lat !== null && row.lon !== null) {
    out.lat = row.lat;
    out.lon = row.lon;
  }
  return out;
}

type IncidentSelect = Omit<Selectable<MonitoringIncidentsTable>, 'date_from' | 'date_to' | 'dataset_id'>;

function toIncident(row: IncidentSelect): Incident {
  const incident: { -readonly [K in keyof Incident]: Incident[K] } = {
    id: row.item_id, source: row.source, date: row.date, place: toPlace(row), category: row.category as Incident['category'],
    forms: row.forms as ExploitationForm[], verification: row.verification as VerificationStatus, victims: row.victims as VictimGroup[],
  };
  if (row.perpetrator_group !== null) incident.perpetratorGroup = row.perpetrator_group;
  return incident;
}

type MovementSelect = Omit<Selectable<MonitoringMovementsTable>, 'date_from' | 'date_to' | 'dataset_id' | 'countries'>;

function toMovement(row: MovementSelect): Movement {
  return { id: row.item_id, source: row.source, stages: row.stages as RouteStage[], count: row.count, forms: row.forms as ExploitationForm[] };
}

function toGlotip(row: Selectable<GlotipValuesTable>): GlotipValue {
  return {
    record: row.record, iso3: row.iso3, country: row.country, region: row.region, subregion: row.subregion, indicator: row.indicator,
    dimension: row.dimension, category: row.category, sex: row.sex, age: row.age, year: row.year,
    value: row.value !== null ? row.value : { censored: true, below: row.censored_below! },
  };
}

function toBoundaryInfo(row: Omit<Selectable<MonitoringBoundariesTable>, 'geojson'>): BoundaryFileInfo {
  return { id: row.id, datasetId: row.dataset_id, name: row.name, pcodeProperty: row.pcode_property, featureCount: row.feature_count, loadedAt: row.loaded_at };
}

function toLedger(row: Selectable<PrivacyLedgerTable>): PrivacyLedgerRecord {
  return {
    id: row.id, at: row.at.toISOString(), query: row.query, mechanism: row.mechanism as DpMechanism, epsilon: row.epsilon, delta: row.delta,
    k: row.k, cells: row.cells, suppressed: row.suppressed, releasedBy: row.released_by, budget: { epsilon: row.budget_epsilon, delta: row.budget_delta },
  };
}

function toRelease(row: Selectable<MonitoringReleasesTable>): StoredRelease {
  return {
    id: row.id, ledgerId: row.ledger_id, title: row.title, tableId: row.table_id as TableId, step: row.step as PeriodStep,
    note: row.note, releasedBy: row.released_by, at: row.at,
    cells: row.cells.map((c) => ({ key: c.key, value: c.value ?? undefined, suppressed: c.suppressed })),
  };
}

// ---------------------------------------------------------------- ledger and release checks

function ledgerEntry(raw: unknown): NewLedgerEntry {
  if (!isObject(raw)) throw invalid('entry', 'required');
  if (typeof raw.mechanism !== 'string' || !MECHANISMS.includes(raw.mechanism as DpMechanism)) throw invalid('entry.mechanism', `not one of ${MECHANISMS.join(', ')}`);
  const mechanism = raw.mechanism as DpMechanism;
  const { epsilon, delta } = raw;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) throw invalid('entry.epsilon', 'not a finite number of at least 0');
  if (typeof delta !== 'number' || !(delta >= 0 && delta < 1)) throw invalid('entry.delta', 'not a number from 0 to below 1');
  if (mechanism === 'none' ? epsilon !== 0 || delta !== 0 : epsilon <= 0) {
    throw invalid('entry.epsilon', mechanism === 'none' ? 'a release without noise spends no budget (ε = δ = 0)' : 'a differentially private release spends ε > 0');
  }
  if (mechanism === 'discrete-laplace' && delta !== 0) throw invalid('entry.delta', 'the discrete Laplace is pure DP (δ = 0)');
  const cells = wholeNumber(raw.cells, 'entry.cells', 0, MAX_CELLS);
  return {
    query: line(raw.query, 'entry.query', 2000), mechanism, epsilon, delta,
    // never below 5: the floor UNODC publishes with (issue 7)
    k: wholeNumber(raw.k, 'entry.k', 5, 1_000_000), cells, suppressed: wholeNumber(raw.suppressed, 'entry.suppressed', 0, cells),
  };
}

function budget(raw: unknown): PrivacyBudget {
  if (!isObject(raw)) throw invalid('budget', 'required');
  const { epsilon, delta } = raw;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) throw invalid('budget.epsilon', 'not a finite number of at least 0');
  if (typeof delta !== 'number' || !(delta >= 0 && delta < 1)) throw invalid('budget.delta', 'not a number from 0 to below 1');
  return { epsilon, delta };
}

/** a release as stored, checked against the ledger entry it was released under */
function releaseFor(raw: unknown, entry: NewLedgerEntry): { title: string; tableId: TableId; step: PeriodStep; cells: StoredReleasedCell[]; note: DisclosureNote } {
  if (!isObject(raw)) throw invalid('release', 'required');
  // what the table was built from, kept so it is shown, exported and reported without parsing the ledger's query text
  if (!isTableId(raw.tableId)) throw invalid('release.tableId', 'not a table of the catalogue (TABLE_SPECS)');
  if (!(PERIOD_STEPS as readonly unknown[]).includes(raw.step)) throw invalid('release.step', `not one of ${PERIOD_STEPS.join(', ')}`);
  const tableId = raw.tableId;
  const step = raw.step as PeriodStep;
  const cells = list(raw.cells, 'release.cells', MAX_CELLS).map((c, i): StoredReleasedCell => {
    const at = `release.cells[${i}]`;
    if (!isObject(c) || !isObject(c.key) || typeof c.suppressed !== 'boolean') throw invalid(at, 'not a released cell (key, value, suppressed)');
    const key = Object.entries(c.key);
    if (key.length > 20 || key.some(([k, v]) => k.length === 0 || k.length > 100 || typeof v !== 'string' || v.length > 300)) throw invalid(`${at}.key`, 'not up to 20 named text dimensions');
    if (c.suppressed ? c.value !== undefined && c.value !== null : typeof c.value !== 'number' || !Number.isSafeInteger(c.value)) {
      throw invalid(`${at}.value`, c.suppressed ? 'a suppressed cell has no value' : 'not a whole number');
    }
    return { key: Object.fromEntries(key) as Record<string, string>, value: c.suppressed ? null : (c.value as number), suppressed: c.suppressed };
  });
  // the table must be the one the ledger entry describes: its size and its suppressions
  if (cells.length !== entry.cells) throw invalid('release.cells', `${cells.length} cells where the ledger entry records ${entry.cells}`);
  const suppressed = cells.filter((c) => c.suppressed).length;
  if (suppressed !== entry.suppressed) throw invalid('release.cells', `${suppressed} suppressed cells where the ledger entry records ${entry.suppressed}`);
  const note = raw.note;
  if (!isObject(note) || note.k !== entry.k || note.mechanism !== entry.mechanism || note.epsilon !== entry.epsilon || note.delta !== entry.delta) {
    throw invalid('release.note', 'does not state the k, mechanism, ε and δ of the ledger entry');
  }
  const noteText = line(note.text, 'release.note.text', 2000);
  return { title: line(raw.title, 'release.title', 300), tableId, step, cells, note: { k: entry.k, mechanism: entry.mechanism, epsilon: entry.epsilon, delta: entry.delta, text: noteText } };
}

// ---------------------------------------------------------------- report checks

function reportCountry(value: unknown, field: string): string {
  if (typeof value !== 'string' || !COUNTRY.test(value) || getCountry(value) === undefined) throw invalid(field, 'not an ISO 3166-1 alpha-2 country code in upper case');
  return value;
}

/** "YYYY-MM-DD" or "YYYY-MM", a real day or month */
function reportDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || dateSpan(value) === null) throw invalid(field, 'not an ISO date (YYYY-MM-DD) or month (YYYY-MM)');
  return value;
}

/** a report's definition as stored; whether its releases exist is checked in the save's transaction */
function reportDefinition(raw: unknown): NewMonitoringReport & { readonly country: string | undefined; readonly glotip: StoredGlotipQuote | undefined } {
  if (!isObject(raw)) throw invalid('report', 'required');
  if (typeof raw.kind !== 'string' || !REPORT_KINDS.includes(raw.kind as MonitoringReportKind)) throw invalid('kind', `not one of ${REPORT_KINDS.join(', ')}`);
  const kind = raw.kind as MonitoringReportKind;
  if (!isReportLanguage(raw.language)) throw invalid('language', 'not a report language');
  const country = raw.country === undefined || raw.country === null ? undefined : reportCountry(raw.country, 'country');
  if (kind === 'country' && country === undefined) throw invalid('country', 'required for a country profile');
  const from = reportDate(raw.from, 'from');
  const to = reportDate(raw.to, 'to');
  // compared as text, as the database's check does: "2030-01" ≤ "2030-01-15" ≤ "2030-02"
  if (from > to) throw invalid('to', 'before from');
  const seen = new Set<string>();
  const releases = list(raw.releases, 'releases', MAX_REPORT_RELEASES).map((id, i) => {
    const clean = text(id, `releases[${i}]`, 200)!;
    if (seen.has(clean)) throw invalid(`releases[${i}]`, 'repeats a release');
    seen.add(clean);
    return clean;
  });
  if (releases.length === 0) throw invalid('releases', 'at least one release');
  let glotip: StoredGlotipQuote | undefined;
  if (raw.glotip !== undefined && raw.glotip !== null) {
    const q = raw.glotip;
    if (!isObject(q)) throw invalid('glotip', 'not a GLOTIP quote (country, fromYear, toYear)');
    const fromYear = wholeNumber(q.fromYear, 'glotip.fromYear', 1900, 2200);
    const toYear = wholeNumber(q.toYear, 'glotip.toYear', 1900, 2200);
    if (fromYear > toYear) throw invalid('glotip.toYear', 'before fromYear');
    glotip = { country: reportCountry(q.country, 'glotip.country'), fromYear, toYear };
  }
  return { kind, title: line(raw.title, 'title', 300), language: raw.language, country, from, to, releases, glotip };
}

function toReport(row: Selectable<MonitoringReportsTable>): StoredMonitoringReport {
  return {
    id: row.id, kind: row.kind as MonitoringReportKind, title: row.title, language: row.language as StoredMonitoringReport['language'],
    ...(row.country === null ? {} : { country: row.country }),
    from: row.period_from, to: row.period_to, releases: [...row.release_ids],
    ...(row.glotip === null ? {} : { glotip: { country: row.glotip.country, fromYear: row.glotip.fromYear, toYear: row.glotip.toYear } }),
    createdAt: row.created_at, createdBy: row.created_by,
  };
}

// ---------------------------------------------------------------- own cases: pure mapping

/** the consent purpose that admits a person into published figures */
const STATISTICS = 'statistics';

/** the first value of a property that is a date known to the day or the month, normalised */
function caseDate(values: readonly string[] | undefined): string | null {
  const known = (values ?? []).map((v) => /^\d{4}-\d{2}(-\d{2})?/.exec(v)?.[0]).filter((v): v is string => v !== undefined && dateSpan(v) !== null).sort();
  return known[0] ?? null;
}

/** the earliest and latest day an FtM date ("1990", "1990-05", "1990-05-17…") may stand for */
function birthSpan(value: string | undefined): { from: string; to: string } | null {
  if (value === undefined) return null;
  if (/^\d{4}$/.test(value)) return { from: `${value}-01-01`, to: `${value}-12-31` };
  const m = /^\d{4}-\d{2}(-\d{2})?/.exec(value);
  return m ? dateSpan(m[0]) : null;
}

/** whole years from `birth` to `on`, both "YYYY-MM-DD" */
function yearsBetween(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/**
 * The age band at the incident, from a possibly partial birth date and a possibly month-only
 * incident date: the band every possible age falls in, '0-17' when a child's exact band is
 * uncertain, 'unknown' when the span crosses 18 or a date is missing. Never a guess.
 */
export function ageBandAt(birthDate: string | undefined, incidentDate: string): AgeBand {
  const birth = birthSpan(birthDate);
  const at = dateSpan(incidentDate);
  if (!birth || !at) return 'unknown';
  const oldest = yearsBetween(birth.from, at.to);
  const youngest = Math.max(0, yearsBetween(birth.to, at.from));
  if (oldest < 0) return 'unknown';
  if (youngest >= 18) return '18+';
  if (oldest <= 11) return '0-11';
  if (youngest >= 12 && oldest <= 17) return '12-17';
  if (oldest <= 17) return '0-17';
  return 'unknown';
}

function sexOf(gender: string | undefined): Sex {
  return gender === 'female' || gender === 'male' || gender === 'other' ? gender : 'unknown';
}

/** victim groups sorted by sex then band, so equal incidents compare equal */
function victimGroups(people: readonly { sex: Sex; ageBand: AgeBand }[]): VictimGroup[] {
  const counts = new Map<string, VictimGroup>();
  for (const p of people) {
    const key = `${p.sex}|${p.ageBand}`;
    const known = counts.get(key);
    counts.set(key, { sex: p.sex, ageBand: p.ageBand, count: (known?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => (a.sex + a.ageBand < b.sex + b.ageBand ? -1 : 1));
}

/**
 * A stable id that names no entity: analyses need an id per incident (to tell two apart), the
 * output must carry no entity id but `subjects`. The prefix separates it from other uses of SHA-256.
 */
function opaqueId(entityId: string): string {
  return `case:${createHash('sha256').update(`ariadne/monitoring/case-item\u0000${entityId}`).digest('hex').slice(0, 32)}`;
}

function country(values: readonly string[] | undefined): Place {
  const code = (values ?? []).find((v) => /^[a-zA-Z]{2}$/.test(v));
  return code ? { country: code.toUpperCase() } : {};
}

// ---------------------------------------------------------------- the store

type Props = Record<string, string[]>;
interface CaseEntity { readonly id: string; readonly schema: string; readonly properties: Props }

/** how one schema of our cases becomes monitoring items */
interface CaseReader<T> {
  readonly schema: 'Incident' | 'Movement';
  /** properties naming the persons the item counts (their consent decides) */
  readonly persons: readonly string[];
  /** other entity properties the mapping reads (an armed group's name) */
  readonly others: readonly string[];
  /** the item, or null when it is left out (and counted in the tally) */
  readonly map: (entity: CaseEntity, refs: Map<string, CaseEntity>, granted: Set<string>, tally: CaseReadTally) => T | null;
}

const parseProps = (value: unknown): Props => (typeof value === 'string' ? JSON.parse(value) : value) as Props;

export function monitoringStore(ctx: StoreContext): MonitoringStore {
  // ---------------------------------------------------------------- datasets

  /**
   * Opens a dataset inside `tx`, or answers the one already holding this file. `on conflict do
   * nothing` waits for a concurrent save of the same file and then sees it: one import per file.
   */
  async function openDataset(
    tx: Transaction<Database>, actor: Actor, kind: MonitoringDatasetKind,
    input: { fileName: string; sha256: string; items: number; problems: { stored: RecordProblem[]; count: number } },
  ): Promise<{ dataset: MonitoringDataset; created: boolean }> {
    const id = `md_${ctx.newId()}`;
    const at = ctx.now();
    const row = await tx.insertInto('monitoring_datasets').values({
      id, kind, file_name: input.fileName, sha256: input.sha256, imported_at: at, imported_by: actorName(actor), items: input.items,
      problem_count: input.problems.count, problems: JSON.stringify(input.problems.stored),
    }).onConflict((oc) => oc.column('sha256').doNothing()).returningAll().executeTakeFirst();
    if (row) {
      await appendJournalEntries(tx, actor, at, [{
        action: 'monitoring.import', importId: id,
        contentHash: contentHash({ dataset: id, kind, sha256: input.sha256, items: input.items, problems: input.problems.count }),
      }]);
      return { dataset: toDataset(row), created: true };
    }
    const held = await tx.selectFrom('monitoring_datasets').selectAll().where('sha256', '=', input.sha256).executeTakeFirstOrThrow();
    if (held.kind !== kind) throw new AriadneError('CONFLICT', `This file was imported before as ${held.kind} data.`, { details: { sha256: 'already imported', datasetId: held.id } });
    return { dataset: toDataset(held), created: false };
  }

  async function refreshStatistics(table: 'monitoring_incidents' | 'monitoring_movements' | 'glotip_values', rows: number): Promise<void> {
    // without statistics the planner expects a handful of rows and picks scans that do not scale
    if (rows >= ANALYZE_AFTER) await sql`analyze ${sql.table(table)}`.execute(ctx.db).catch(() => undefined);
  }

  async function insertIncidents(tx: Transaction<Database>, datasetId: string, rows: readonly IncidentRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = JSON.stringify(rows.slice(start, start + INSERT_BATCH));
      await sql`
        insert into monitoring_incidents (dataset_id, item_id, source, date, date_from, date_to, country, pcode, lat, lon, category, forms, perpetrator_group, verification, victims)
        select ${datasetId}, r->>'id', r->>'source', r->>'date', (r->>'from')::date, (r->>'to')::date, r->>'country', r->>'pcode',
          (r->>'lat')::float8, (r->>'lon')::float8, r->>'category', array(select jsonb_array_elements_text(r->'forms')), r->>'group',
          r->>'verification', r->'victims'
        from jsonb_array_elements(${batch}::jsonb) with ordinality as t(r, n) order by n`.execute(tx);
    }
  }

  async function insertMovements(tx: Transaction<Database>, datasetId: string, rows: readonly MovementRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = JSON.stringify(rows.slice(start, start + INSERT_BATCH));
      await sql`
        insert into monitoring_movements (dataset_id, item_id, source, stages, countries, date_from, date_to, count, forms)
        select ${datasetId}, r->>'id', r->>'source', r->'stages', array(select jsonb_array_elements_text(r->'countries')),
          (r->>'from')::date, (r->>'to')::date, (r->>'count')::integer, array(select jsonb_array_elements_text(r->'forms'))
        from jsonb_array_elements(${batch}::jsonb) with ordinality as t(r, n) order by n`.execute(tx);
    }
  }

  async function insertGlotip(tx: Transaction<Database>, datasetId: string, rows: readonly GlotipRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = JSON.stringify(rows.slice(start, start + INSERT_BATCH));
      await sql`
        insert into glotip_values (dataset_id, record, iso3, country, region, subregion, indicator, dimension, category, sex, age, year, value, censored_below)
        select ${datasetId}, (r->>'record')::integer, r->>'iso3', r->>'country', r->>'region', r->>'subregion', r->>'indicator', r->>'dimension',
          r->>'category', r->>'sex', r->>'age', (r->>'year')::integer, (r->>'value')::integer, (r->>'below')::integer
        from jsonb_array_elements(${batch}::jsonb) with ordinality as t(r, n) order by n`.execute(tx);
    }
  }

  // ---------------------------------------------------------------- imported items: queries

  function incidentSelect(filter: IncidentFilter) {
    if (!isObject(filter)) throw invalid('filter', 'required');
    const datasetIds = valueList(filter.datasetIds, 'datasetIds');
    const from = filter.from === undefined ? undefined : day(filter.from, 'from');
    const to = filter.to === undefined ? undefined : day(filter.to, 'to');
    const countries = valueList(filter.countries, 'countries', (v) => COUNTRY.test(v));
    const pcodes = valueList(filter.pcodes, 'pcodes');
    const categories = valueList(filter.categories, 'categories', (v) => CATEGORY_SET.has(v));
    const wanted = valueList(filter.forms, 'forms', (v) => FORM_SET.has(v));
    const groups = valueList(filter.perpetratorGroups, 'perpetratorGroups');
    const verification = valueList(filter.verification, 'verification', (v) => VERIFICATION_SET.has(v));
    const empty = [datasetIds, countries, pcodes, categories, wanted, groups, verification].some((l) => l?.length === 0);
    let q = ctx.db.selectFrom('monitoring_incidents')
      .select(['ordinal', 'item_id', 'source', 'date', 'country', 'pcode', 'lat', 'lon', 'category', 'forms', 'perpetrator_group', 'verification', 'victims']);
    const any = (column: string, values: readonly string[]) => sql<SqlBool>`${sql.ref(column)} = any(${values}::text[])`;
    if (datasetIds) q = q.where(any('dataset_id', datasetIds));
    if (from) q = q.where(sql<SqlBool>`date_from >= ${from}::date`);
    if (to) q = q.where(sql<SqlBool>`date_to <= ${to}::date`);
    if (countries) q = q.where(any('country', countries));
    if (pcodes) q = q.where(any('pcode', pcodes));
    if (categories) q = q.where(any('category', categories));
    if (wanted) q = q.where(sql<SqlBool>`forms && ${wanted}::text[]`);
    if (groups) q = q.where(any('perpetrator_group', groups));
    if (verification) q = q.where(any('verification', verification));
    return { q, empty };
  }

  function movementSelect(filter: MovementFilter) {
    if (!isObject(filter)) throw invalid('filter', 'required');
    const datasetIds = valueList(filter.datasetIds, 'datasetIds');
    const from = filter.from === undefined ? undefined : day(filter.from, 'from');
    const to = filter.to === undefined ? undefined : day(filter.to, 'to');
    const countries = valueList(filter.countries, 'countries', (v) => COUNTRY.test(v));
    const wanted = valueList(filter.forms, 'forms', (v) => FORM_SET.has(v));
    const empty = [datasetIds, countries, wanted].some((l) => l?.length === 0);
    let q = ctx.db.selectFrom('monitoring_movements').select(['ordinal', 'item_id', 'source', 'stages', 'count', 'forms']);
    if (datasetIds) q = q.where(sql<SqlBool>`dataset_id = any(${datasetIds}::text[])`);
    if (from) q = q.where(sql<SqlBool>`date_from >= ${from}::date`);
    if (to) q = q.where(sql<SqlBool>`date_to <= ${to}::date`);
    if (countries) q = q.where(sql<SqlBool>`countries && ${countries}::text[]`);
    if (wanted) q = q.where(sql<SqlBool>`forms && ${wanted}::text[]`);
    return { q, empty };
  }

  /** a page of rows read one past the limit: the extra row only says there is a next page */
  function pageOf<R extends { ordinal: string | number }, T>(rows: readonly R[], limit: number, map: (row: R) => T): Page<T> {
    const items = rows.slice(0, limit);
    return { items: items.map(map), next: rows.length > limit ? encodeCursor([Number(items.at(-1)!.ordinal)]) : null };
  }

  async function incidentPage(filter: IncidentFilter, page: MonitoringPageRequest): Promise<Page<Incident>> {
    const { limit, after } = monitoringPage(page);
    const { q, empty } = incidentSelect(filter);
    if (empty) return { items: [], next: null };
    return pageOf(await q.where('ordinal', '>', after).orderBy('ordinal').limit(limit + 1).execute(), limit, toIncident);
  }

  async function movementPage(filter: MovementFilter, page: MonitoringPageRequest): Promise<Page<Movement>> {
    const { limit, after } = monitoringPage(page);
    const { q, empty } = movementSelect(filter);
    if (empty) return { items: [], next: null };
    return pageOf(await q.where('ordinal', '>', after).orderBy('ordinal').limit(limit + 1).execute(), limit, toMovement);
  }

  async function* stream<T>(read: (page: MonitoringPageRequest) => Promise<Page<T>>, batchSize: number | undefined): AsyncIterable<T[]> {
    let cursor: string | null = null;
    do {
      const page: Page<T> = await read({ limit: batchSize ?? MAX_PAGE, cursor });
      if (page.items.length > 0) yield [...page.items];
      cursor = page.next;
    } while (cursor);
  }

  // ---------------------------------------------------------------- own cases

  /** live entities by id, an id merged into another resolved to the canonical one; deleted ones left out */
  async function resolve(ids: readonly string[]): Promise<Map<string, CaseEntity>> {
    const out = new Map<string, CaseEntity>();
    if (ids.length === 0) return out;
    const rows = await ctx.db.selectFrom('entities').select(['id', 'schema', 'properties', 'merged_into', 'deleted_at'])
      .where(sql<SqlBool>`id = any(${[...new Set(ids)]}::text[])`).execute();
    const merged = rows.filter((r) => r.merged_into !== null);
    const canonical = merged.length === 0 ? [] : await ctx.db.selectFrom('entities').select(['id', 'schema', 'properties', 'merged_into', 'deleted_at'])
      .where(sql<SqlBool>`id = any(${[...new Set(merged.map((r) => r.merged_into!))]}::text[])`).execute();
    const live = new Map([...rows, ...canonical].filter((r) => r.merged_into === null && r.deleted_at === null).map((r) => [r.id, r]));
    for (const row of rows) {
      const target = live.get(row.merged_into ?? row.id);
      if (target) out.set(row.id, { id: target.id, schema: target.schema, properties: parseProps(target.properties) });
    }
    return out;
  }

  /**
   * The persons (canonical ids) whose latest `statistics` decision is a grant. The decision about
   * a person is the latest over the person's entity and every entity merged into it: a
   * withdrawal recorded before a merge still holds after it.
   */
  async function consenting(personIds: readonly string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const { rows } = await sql<{ person: string; granted: boolean }>`
      select distinct on (g.person) g.person, c.granted
      from (select p as person, p as entity from unnest(${[...new Set(personIds)]}::text[]) as p
            union all
            select canonical_id, member_id from entity_merges where canonical_id = any(${[...new Set(personIds)]}::text[])) g
      join consents c on c.entity_id = g.entity and c.purpose = ${STATISTICS}
      order by g.person, c.at desc, c.ordinal desc`.execute(ctx.db);
    return new Set(rows.filter((r) => r.granted).map((r) => r.person));
  }

  /**
   * Reads one schema's entities of the given cases in keyset pages and maps each page.
   *
   * The consent rule (HTCDS `con_Consent`, target C1 of the privacy research): a person enters
   * published figures only while their latest `statistics` decision is a grant. No decision at
   * all is not a grant. An item that counts any person without a grant is left out WHOLE, not
   * just that person: the incident's date, place and form are the person's account too, and a
   * count that drops by one between releases would point at who withdrew.
   */
  function readCase<T>(reader: CaseReader<T>, query: CaseMonitoringQuery, tally: CaseReadTally | undefined): AsyncIterable<T[]> {
    // checked at the call, not at the first iteration
    if (!isObject(query)) throw invalid('query', 'required');
    const caseIds = [...new Set(list(query.caseIds, 'caseIds', MAX_FILTER_VALUES).map((id, i) => text(id, `caseIds[${i}]`, 200)!))];
    const batchSize = query.batchSize === undefined ? DEFAULT_PAGE : wholeNumber(query.batchSize, 'batchSize', 1, MAX_PAGE);
    const counts = tally ?? { withheldForConsent: 0, withoutDate: 0 };
    return readCasePages(reader, { caseIds, batchSize }, counts);
  }

  async function* readCasePages<T>(reader: CaseReader<T>, scope: { caseIds: readonly string[]; batchSize: number }, counts: CaseReadTally): AsyncIterable<T[]> {
    const { schema, persons: personProps, others: otherProps, map } = reader;
    const { caseIds, batchSize } = scope;
    if (caseIds.length === 0) return;
    let after: string | null = null;
    for (;;) {
      let q = ctx.db.selectFrom('entities').select(['id', 'schema', 'properties'])
        .where('schema', '=', schema).where(sql<SqlBool>`case_id = any(${caseIds}::text[])`)
        .where('merged_into', 'is', null).where('deleted_at', 'is', null);
      if (after !== null) q = q.where('id', '>', after);
      const rows = await q.orderBy('id').limit(batchSize).execute();
      if (rows.length === 0) return;
      after = rows.at(-1)!.id;
      const entities = rows.map((r) => ({ id: r.id, schema: r.schema, properties: parseProps(r.properties) }));
      const refs = await resolve(entities.flatMap((e) => [...personProps, ...otherProps].flatMap((p) => e.properties[p] ?? [])));
      const people = entities.flatMap((e) => personProps.flatMap((p) => (e.properties[p] ?? []).flatMap((id) => refs.get(id)?.id ?? [])));
      const granted = await consenting(people);
      const out = entities.flatMap((e) => map(e, refs, granted, counts) ?? []);
      if (out.length > 0) yield out;
      if (rows.length < batchSize) return;
    }
  }

  /** the distinct live persons an entity's property names, canonical; null when one of them has no grant */
  function consentedPeople(entity: CaseEntity, prop: string, refs: Map<string, CaseEntity>, granted: Set<string>): CaseEntity[] | null {
    const people = new Map<string, CaseEntity>();
    for (const id of entity.properties[prop] ?? []) {
      const person = refs.get(id);
      if (person) people.set(person.id, person);
    }
    for (const id of people.keys()) if (!granted.has(id)) return null;
    return [...people.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  function caseIncident(entity: CaseEntity, refs: Map<string, CaseEntity>, granted: Set<string>, tally: CaseReadTally): Incident | null {
    const p = entity.properties;
    const date = caseDate(p.date) ?? caseDate(p.startDate);
    if (date === null) {
      tally.withoutDate += 1;
      return null;
    }
    const victims = consentedPeople(entity, 'victims', refs, granted);
    if (victims === null) {
      tally.withheldForConsent += 1;
      return null;
    }
    const incident: { -readonly [K in keyof Incident]: Incident[K] } = {
      id: opaqueId(entity.id), source: 'case', date, place: country(p.country),
      // the Incident schema has no category: every incident it records is one of trafficking or related exploitation
      category: 'tip:exploitation',
      forms: [...new Set((p.forms ?? []).filter((f): f is ExploitationForm => FORM_SET.has(f)))],
      // an incident recorded without a status has been reported, not yet verified
      verification: (p.verificationStatus ?? []).find((v): v is VerificationStatus => VERIFICATION_SET.has(v)) ?? 'reported',
      victims: victimGroups(victims.map((v) => ({ sex: sexOf(v.properties.gender?.[0]), ageBand: ageBandAt(v.properties.birthDate?.[0], date) }))),
      subjects: victims.map((v) => v.id),
    };
    // an armed group is reported by its name (never its entity id)
    const group = (p.armedGroup ?? []).map((id) => refs.get(id)?.properties.name?.[0]).find((n) => n !== undefined);
    if (group !== undefined) incident.perpetratorGroup = group;
    return incident;
  }

  function caseMovement(entity: CaseEntity, refs: Map<string, CaseEntity>, granted: Set<string>, tally: CaseReadTally): Movement | null {
    const p = entity.properties;
    const travellers = consentedPeople(entity, 'traveller', refs, granted);
    if (travellers === null) {
      tally.withheldForConsent += 1;
      return null;
    }
    // a movement whose traveller was deleted counts nobody
    if (travellers.length === 0) return null;
    const stage = (role: RouteStage['role'], countryCode: string | undefined, date: string | null): RouteStage => {
      const s: { role: RouteStage['role']; place: Place; date?: string } = { role, place: country(countryCode === undefined ? [] : [countryCode]) };
      if (date !== null) s.date = date;
      return s;
    };
    return {
      id: opaqueId(entity.id), source: 'case',
      stages: [
        stage('origin', p.originCountry?.[0], caseDate(p.startDate) ?? caseDate(p.date)),
        ...(p.transitCountry ?? []).map((c) => stage('transit', c, null)),
        stage('destination', p.destinationCountry?.[0], caseDate(p.endDate)),
      ],
      count: travellers.length,
      // the Movement schema records no form of exploitation
      forms: [],
      subjects: travellers.map((t) => t.id),
    };
  }

  // ---------------------------------------------------------------- the port

  return {
    async saveDataset(actor, input) {
      if (!isObject(input)) throw invalid('input', 'required');
      if (input.kind !== 'hxl' && input.kind !== 'acled' && input.kind !== 'htcds') throw invalid('kind', 'not one of hxl, acled, htcds');
      const name = fileName(input.fileName);
      const hash = sha256(input.sha256);
      const incidents = list(input.incidents ?? [], 'incidents', MAX_ITEMS).map(incidentRow);
      const movements = list(input.movements ?? [], 'movements', MAX_ITEMS).map(movementRow);
      if (incidents.length + movements.length > MAX_ITEMS) throw invalid('incidents', `more than ${MAX_ITEMS.toLocaleString('en')} items`);
      const kept = problems(input.problems);
      let saved: SavedDataset;
      try {
        saved = await ctx.db.transaction().execute(async (tx) => {
          const opened = await openDataset(tx, actor, input.kind, { fileName: name, sha256: hash, items: incidents.length + movements.length, problems: kept });
          if (!opened.created) return opened;
          await insertIncidents(tx, opened.dataset.id, incidents);
          await insertMovements(tx, opened.dataset.id, movements);
          return opened;
        });
      } catch (error) {
        throw repeatedItem(error) ?? error;
      }
      if (saved.created) {
        await refreshStatistics('monitoring_incidents', incidents.length);
        await refreshStatistics('monitoring_movements', movements.length);
      }
      return saved;
    },

    async listDatasets(filter, page) {
      const kinds = valueList<MonitoringDatasetKind>(filter?.kinds, 'kinds', (v) => (MONITORING_DATASET_KINDS as readonly string[]).includes(v));
      if (kinds?.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let q = ctx.db.selectFrom('monitoring_datasets').selectAll();
      if (kinds) q = q.where(sql<SqlBool>`kind = any(${kinds}::text[])`);
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor);
        if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw invalid('cursor', 'not a cursor from this API');
        q = q.where(sql<SqlBool>`(imported_at, id) < (${new Date(at)}::timestamptz, ${id})`);
      }
      const rows = await q.orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toDataset);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.importedAt.toISOString(), last.id]) : null };
    },

    async getDataset(id) {
      const row = await ctx.db.selectFrom('monitoring_datasets').selectAll().where('id', '=', String(id)).executeTakeFirst();
      return row ? toDataset(row) : null;
    },

    async deleteDataset(actor, id) {
      const at = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        const row = await tx.deleteFrom('monitoring_datasets').where('id', '=', String(id)).returning(['id', 'kind', 'sha256', 'items']).executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such dataset.', { details: { id: 'not found' } });
        await appendJournalEntries(tx, actor, at, [{
          action: 'monitoring.dataset.delete', importId: row.id, contentHash: contentHash({ dataset: row.id, kind: row.kind, sha256: row.sha256, items: row.items }),
        }]);
      });
    },

    queryIncidents: incidentPage,
    queryMovements: movementPage,
    streamIncidents(filter, batchSize) {
      // checked now, so a bad filter fails at the call rather than at the first iteration
      incidentSelect(filter);
      monitoringPage({ limit: batchSize ?? MAX_PAGE });
      return stream((page) => incidentPage(filter, page), batchSize);
    },
    streamMovements(filter, batchSize) {
      movementSelect(filter);
      monitoringPage({ limit: batchSize ?? MAX_PAGE });
      return stream((page) => movementPage(filter, page), batchSize);
    },

    async saveGlotip(actor, input: NewGlotipDataset) {
      if (!isObject(input)) throw invalid('input', 'required');
      const name = fileName(input.fileName);
      const hash = sha256(input.sha256);
      const rows = list(input.rows, 'rows', MAX_ITEMS).map(glotipRow);
      const kept = problems(input.problems);
      const saved = await ctx.db.transaction().execute(async (tx) => {
        const opened = await openDataset(tx, actor, 'glotip', { fileName: name, sha256: hash, items: rows.length, problems: kept });
        if (opened.created) await insertGlotip(tx, opened.dataset.id, rows);
        return opened;
      });
      if (saved.created) await refreshStatistics('glotip_values', rows.length);
      return saved;
    },

    async queryGlotip(filter: GlotipFilter, page) {
      if (!isObject(filter)) throw invalid('filter', 'required');
      const datasetIds = valueList(filter.datasetIds, 'datasetIds');
      const iso3 = valueList(filter.iso3, 'iso3', (v) => /^[A-Z]{3}$/.test(v));
      const indicators = valueList(filter.indicators, 'indicators');
      const fromYear = filter.fromYear === undefined ? undefined : wholeNumber(filter.fromYear, 'fromYear', 1900, 2200);
      const toYear = filter.toYear === undefined ? undefined : wholeNumber(filter.toYear, 'toYear', 1900, 2200);
      let q = ctx.db.selectFrom('glotip_values').selectAll();
      if (datasetIds) q = q.where(sql<SqlBool>`dataset_id = any(${datasetIds}::text[])`);
      if (iso3) q = q.where(sql<SqlBool>`iso3 = any(${iso3}::text[])`);
      if (indicators) q = q.where(sql<SqlBool>`indicator = any(${indicators}::text[])`);
      if (fromYear !== undefined) q = q.where('year', '>=', fromYear);
      if (toYear !== undefined) q = q.where('year', '<=', toYear);
      const { limit, after } = monitoringPage(page);
      if ([datasetIds, iso3, indicators].some((l) => l?.length === 0)) return { items: [], next: null };
      return pageOf(await q.where('ordinal', '>', after).orderBy('ordinal').limit(limit + 1).execute(), limit, toGlotip);
    },

    async saveBoundaries(actor, input: NewBoundaryFile) {
      if (!isObject(input)) throw invalid('input', 'required');
      const name = fileName(input.fileName);
      const hash = sha256(input.sha256);
      const title = line(input.name, 'name', 200);
      const pcodeProperty = text(input.pcodeProperty, 'pcodeProperty', 100)!;
      const geojson = input.geojson;
      if (!isObject(geojson) || geojson.type !== 'FeatureCollection' || !Array.isArray(geojson.features)) throw invalid('geojson', 'not a GeoJSON FeatureCollection');
      const features = geojson.features as unknown[];
      const bad = features.findIndex((f) => !isObject(f) || f.type !== 'Feature');
      if (bad >= 0) throw invalid(`geojson.features[${bad}]`, 'not a GeoJSON Feature');
      const json = JSON.stringify(geojson);
      if (json.length > MAX_GEOJSON) throw invalid('geojson', `larger than ${MAX_GEOJSON.toLocaleString('en')} characters`);
      const kept = problems(input.problems);
      return ctx.db.transaction().execute(async (tx) => {
        const opened = await openDataset(tx, actor, 'boundaries', { fileName: name, sha256: hash, items: features.length, problems: kept });
        if (!opened.created) {
          const held = await tx.selectFrom('monitoring_boundaries').select(['id', 'dataset_id', 'name', 'pcode_property', 'feature_count', 'loaded_at'])
            .where('dataset_id', '=', opened.dataset.id).executeTakeFirstOrThrow();
          return { ...opened, boundaries: toBoundaryInfo(held) };
        }
        const row = await tx.insertInto('monitoring_boundaries').values({
          id: `mb_${ctx.newId()}`, dataset_id: opened.dataset.id, name: title, pcode_property: pcodeProperty, feature_count: features.length,
          geojson: json, loaded_at: opened.dataset.importedAt,
        }).returning(['id', 'dataset_id', 'name', 'pcode_property', 'feature_count', 'loaded_at']).executeTakeFirstOrThrow();
        return { ...opened, boundaries: toBoundaryInfo(row) };
      });
    },

    async getBoundaries(id) {
      const row = await ctx.db.selectFrom('monitoring_boundaries').selectAll().where('id', '=', String(id)).executeTakeFirst();
      return row ? { ...toBoundaryInfo(row), geojson: JSON.parse(row.geojson) as BoundaryFile['geojson'] } : null;
    },

    async listBoundaries() {
      const rows = await ctx.db.selectFrom('monitoring_boundaries').select(['id', 'dataset_id', 'name', 'pcode_property', 'feature_count', 'loaded_at'])
        .orderBy('loaded_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toBoundaryInfo);
    },

    async appendLedger(actor, input, check: LedgerCheck) {
      if (!isObject(input)) throw invalid('input', 'required');
      if (typeof check !== 'function') throw invalid('check', 'a budget check is required');
      const entry = ledgerEntry(input.entry);
      const limits = budget(input.budget);
      const release = input.release === undefined ? null : releaseFor(input.release, entry);
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        // EXCLUSIVE: appends queue here (the second sees the first's row), readers are not blocked
        await sql`lock table privacy_ledger in exclusive mode`.execute(tx);
        const ledger = (await tx.selectFrom('privacy_ledger').selectAll().orderBy('ordinal').execute()).map(toLedger);
        await check(ledger, entry, limits);
        const id = `pl_${ctx.newId()}`;
        const row = await tx.insertInto('privacy_ledger').values({
          id, at, query: entry.query, mechanism: entry.mechanism, epsilon: entry.epsilon, delta: entry.delta, k: entry.k, cells: entry.cells,
          suppressed: entry.suppressed, released_by: actorName(actor), budget_epsilon: limits.epsilon, budget_delta: limits.delta,
        }).returningAll().executeTakeFirstOrThrow();
        let saved: StoredRelease | null = null;
        if (release) {
          saved = toRelease(await tx.insertInto('monitoring_releases').values({
            id: `mr_${ctx.newId()}`, ledger_id: id, title: release.title, table_id: release.tableId, step: release.step,
            cells: JSON.stringify(release.cells), note: JSON.stringify(release.note),
            released_by: actorName(actor), at,
          }).returningAll().executeTakeFirstOrThrow());
        }
        await appendJournalEntries(tx, actor, at, [{
          action: 'monitoring.release',
          contentHash: contentHash({
            ledger: id, query: contentHash(entry.query), mechanism: entry.mechanism, epsilon: entry.epsilon, delta: entry.delta, k: entry.k,
            cells: entry.cells, suppressed: entry.suppressed, budget: limits,
            release: saved ? { id: saved.id, table: saved.tableId, step: saved.step, cells: contentHash(release!.cells) } : null,
          }),
        }]);
        return { entry: toLedger(row), release: saved };
      });
    },

    async readLedger() {
      return (await ctx.db.selectFrom('privacy_ledger').selectAll().orderBy('ordinal').execute()).map(toLedger);
    },

    async saveRelease(actor, ledgerId, release: NewRelease) {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const ledger = await tx.selectFrom('privacy_ledger').selectAll().where('id', '=', String(ledgerId)).executeTakeFirst();
        if (!ledger) throw new AriadneError('NOT_FOUND', 'No such ledger entry.', { details: { ledgerId: 'not found' } });
        const clean = releaseFor(release, toLedger(ledger));
        // one table per ledger entry; a concurrent second save waits on the unique index and finds none inserted
        const row = await tx.insertInto('monitoring_releases').values({
          id: `mr_${ctx.newId()}`, ledger_id: ledger.id, title: clean.title, table_id: clean.tableId, step: clean.step,
          cells: JSON.stringify(clean.cells), note: JSON.stringify(clean.note),
          released_by: actorName(actor), at,
        }).onConflict((oc) => oc.column('ledger_id').doNothing()).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('CONFLICT', 'A table was already released under this ledger entry.', { details: { ledgerId: 'already released' } });
        await appendJournalEntries(tx, actor, at, [{
          action: 'monitoring.release.save',
          contentHash: contentHash({ release: row.id, ledger: ledger.id, table: clean.tableId, step: clean.step, cells: contentHash(clean.cells) }),
        }]);
        return toRelease(row);
      });
    },

    async getRelease(id) {
      const row = await ctx.db.selectFrom('monitoring_releases').selectAll().where('id', '=', String(id)).executeTakeFirst();
      return row ? toRelease(row) : null;
    },

    async listReleases(page: PageRequest): Promise<Page<ReleaseSummary>> {
      const limit = pageLimit(page.limit);
      let q = ctx.db.selectFrom('monitoring_releases').select(['id', 'ledger_id', 'title', 'table_id', 'step', 'note', 'released_by', 'at']);
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor);
        if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw invalid('cursor', 'not a cursor from this API');
        q = q.where(sql<SqlBool>`(at, id) < (${new Date(at)}::timestamptz, ${id})`);
      }
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map((r): ReleaseSummary => ({
        id: r.id, ledgerId: r.ledger_id, title: r.title, tableId: r.table_id as TableId, step: r.step as PeriodStep, note: r.note, releasedBy: r.released_by, at: r.at,
      }));
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
    },

    async saveReport(actor, input) {
      const report = reportDefinition(input);
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        // releases are append-only (never deleted), so a release found now is found whenever the report is rendered
        const found = new Set((await tx.selectFrom('monitoring_releases').select('id').where('id', 'in', [...report.releases]).execute()).map((r) => r.id));
        const missing = report.releases.findIndex((id) => !found.has(id));
        if (missing >= 0) throw invalid(`releases[${missing}]`, 'names no release', `releases[${missing}] names no released table.`);
        const row = await tx.insertInto('monitoring_reports').values({
          id: `rep_${ctx.newId()}`, kind: report.kind, title: report.title, language: report.language, country: report.country ?? null,
          period_from: report.from, period_to: report.to, release_ids: [...report.releases],
          glotip: report.glotip === undefined ? null : JSON.stringify(report.glotip), created_at: at, created_by: actorName(actor),
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'monitoring.report.create',
          contentHash: contentHash({ report: row.id, kind: report.kind, releases: report.releases, glotip: report.glotip ?? null }),
        }]);
        return toReport(row);
      });
    },

    async getReport(id) {
      const row = await ctx.db.selectFrom('monitoring_reports').selectAll().where('id', '=', String(id)).executeTakeFirst();
      return row ? toReport(row) : null;
    },

    async listReports(page: PageRequest): Promise<Page<StoredMonitoringReport>> {
      const limit = pageLimit(page.limit);
      let q = ctx.db.selectFrom('monitoring_reports').selectAll();
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor);
        if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw invalid('cursor', 'not a cursor from this API');
        q = q.where(sql<SqlBool>`(created_at, id) < (${new Date(at)}::timestamptz, ${id})`);
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toReport);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    readCaseIncidents: (query, tally) => readCase({ schema: 'Incident', persons: ['victims'], others: ['armedGroup'], map: caseIncident }, query, tally),
    readCaseMovements: (query, tally) => readCase({ schema: 'Movement', persons: ['traveller'], others: [], map: caseMovement }, query, tally),
  };
}
