/** Kysely row types of the sanctions tables (migration 0004), kept apart from the core tables. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** bigint columns come back as strings from pg and as numbers from PGlite */
type BigInt = ColumnType<string | number, number, number>;

export interface ListVersionsTable {
  id: string;
  seq: ColumnType<string | number, never, never>;
  list: string;
  format: string;
  source: string;
  sha256: string;
  published_at: string | null;
  imported_at: Timestamp;
  imported_by: string;
  entries: number;
  added: number;
  removed: number;
  changed: number;
  errors: number;
  current: Generated<boolean>;
}

export interface ListEntriesTable {
  list: string;
  entry: string;
  subject_id: string;
  schema: string;
  caption: string;
  entities: Json<unknown>;
  content_hash: string;
  valid_from_version: string;
  valid_from_seq: BigInt;
  valid_to_version: string | null;
  valid_to_seq: BigInt | null;
}

export interface ListChangesTable {
  version_id: string;
  list: string;
  entry: string;
  kind: 'added' | 'removed' | 'changed';
  caption: string;
  fields: Json<string[]>;
}

export interface ListVersionErrorsTable {
  version_id: string;
  ordinal: number;
  record: string;
  message: string;
}

export interface ScreeningAlertsTable {
  id: string;
  subject_id: string;
  case_id: string | null;
  list: string;
  entry: string;
  score: number;
  matched_name: string;
  explanation: Json<string[]>;
  algorithm: string;
  list_version_id: string | null;
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  decided_by: string | null;
  note: string | null;
}

export interface ScreeningAlertEventsTable {
  id: ColumnType<string | number, never, never>;
  alert_id: string;
  at: Timestamp;
  by: string;
  action: string;
  score: number | null;
  note: string | null;
}

export interface DuplicateCandidatesTable {
  id: string;
  a_id: string;
  b_id: string;
  a_case_id: string | null;
  b_case_id: string | null;
  score: number;
  explanation: Json<string[]>;
  algorithm: string;
  status: Generated<string>;
  created_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface ScreeningDatabase {
  list_versions: ListVersionsTable;
  list_entries: ListEntriesTable;
  list_changes: ListChangesTable;
  list_version_errors: ListVersionErrorsTable;
  screening_alerts: ScreeningAlertsTable;
  screening_alert_events: ScreeningAlertEventsTable;
  duplicate_candidates: DuplicateCandidatesTable;
}
