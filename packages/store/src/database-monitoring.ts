/** Kysely row types of the monitoring tables (migration 0009), kept apart from the core tables. */
import type { ColumnType } from 'kysely';
import type { DisclosureNote, RecordProblem } from '@ariadne/monitoring/types';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** `bigint` identity columns: the pg driver answers them as strings, PGlite as numbers */
type Identity = ColumnType<string | number, never, never>;
/**
 * `date` columns are written as "YYYY-MM-DD" text and only ever compared in SQL, never selected:
 * the pg driver would turn them into local-midnight Dates, which shift the day in some time zones.
 */
type DateOnly = ColumnType<never, string, string>;

export interface MonitoringDatasetsTable {
  id: string;
  kind: string;
  file_name: string;
  sha256: string;
  imported_at: Timestamp;
  imported_by: string;
  items: number;
  problem_count: number;
  problems: ColumnType<RecordProblem[], string | undefined, string>;
}

/** one stored victim group, as in `victims` */
export interface StoredVictimGroup {
  readonly sex: string;
  readonly ageBand: string;
  readonly count: number;
}

export interface MonitoringIncidentsTable {
  ordinal: Identity;
  dataset_id: string;
  item_id: string;
  source: string;
  date: string;
  date_from: DateOnly;
  date_to: DateOnly;
  country: string | null;
  pcode: string | null;
  lat: number | null;
  lon: number | null;
  category: string;
  forms: string[];
  perpetrator_group: string | null;
  verification: string;
  victims: Json<StoredVictimGroup[]>;
}

/** one stored route stage, as in `stages` */
export interface StoredStage {
  readonly role: string;
  readonly place: { readonly country?: string; readonly pcode?: string; readonly lat?: number; readonly lon?: number };
  readonly date?: string;
}

export interface MonitoringMovementsTable {
  ordinal: Identity;
  dataset_id: string;
  item_id: string;
  source: string;
  stages: Json<StoredStage[]>;
  countries: string[];
  date_from: DateOnly | null;
  date_to: DateOnly | null;
  count: number;
  forms: string[];
}

export interface GlotipValuesTable {
  ordinal: Identity;
  dataset_id: string;
  record: number;
  iso3: string | null;
  country: string;
  region: string;
  subregion: string;
  indicator: string;
  dimension: string;
  category: string;
  sex: string;
  age: string;
  year: number;
  value: number | null;
  censored_below: number | null;
}

export interface MonitoringBoundariesTable {
  id: string;
  dataset_id: string;
  name: string;
  pcode_property: string;
  feature_count: number;
  geojson: string;
  loaded_at: Timestamp;
}

export interface PrivacyLedgerTable {
  ordinal: Identity;
  id: string;
  at: Timestamp;
  query: string;
  mechanism: string;
  epsilon: number;
  delta: number;
  k: number;
  cells: number;
  suppressed: number;
  released_by: string;
  budget_epsilon: number;
  budget_delta: number;
}

/** a released cell as stored: JSON has no `undefined`, so a suppressed value is null */
export interface StoredReleasedCell {
  readonly key: Readonly<Record<string, string>>;
  readonly value: number | null;
  readonly suppressed: boolean;
}

export interface MonitoringReleasesTable {
  id: string;
  ledger_id: string;
  title: string;
  /** an id of `@ariadne/monitoring`'s TABLE_SPECS */
  table_id: string;
  /** month | quarter | year */
  step: string;
  cells: Json<StoredReleasedCell[]>;
  note: Json<DisclosureNote>;
  released_by: string;
  at: Timestamp;
}

/** the GLOTIP figures a report quotes, as stored */
export interface StoredGlotipQuote {
  readonly country: string;
  readonly fromYear: number;
  readonly toYear: number;
}

export interface MonitoringReportsTable {
  id: string;
  kind: string;
  title: string;
  language: string;
  country: string | null;
  period_from: string;
  period_to: string;
  release_ids: string[];
  glotip: ColumnType<StoredGlotipQuote | null, string | null, never>;
  created_at: Timestamp;
  created_by: string;
}

export interface MonitoringDatabase {
  monitoring_datasets: MonitoringDatasetsTable;
  monitoring_incidents: MonitoringIncidentsTable;
  monitoring_movements: MonitoringMovementsTable;
  glotip_values: GlotipValuesTable;
  monitoring_boundaries: MonitoringBoundariesTable;
  privacy_ledger: PrivacyLedgerTable;
  monitoring_releases: MonitoringReleasesTable;
  monitoring_reports: MonitoringReportsTable;
}
