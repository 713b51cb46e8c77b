/** Kysely table types: the shape of the rows, kept apart from the public records in types.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { EvidenceDatabase } from './database-evidence.ts';
import type { LedgerDatabase } from './ledger-tables.ts';
import type { ScreeningDatabase } from './database-screening.ts';
import type { ScreeningStateDatabase } from './database-screening-state.ts';
import type { FinanceDatabase } from './database-finance.ts';
import type { SharingDatabase } from './database-sharing.ts';
import type { MonitoringDatabase } from './database-monitoring.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface CasesTable {
  id: string;
  name: string;
  description: string;
  status: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseMembersTable {
  case_id: string;
  user_id: string;
  added_by: string;
  added_at: Timestamp;
}

export interface EntitiesTable {
  id: string;
  case_id: string | null;
  schema: string;
  caption: string;
  properties: ColumnType<Record<string, string[]>, string, string>;
  names: string;
  search_text: string;
  sealed: boolean;
  merged_into: string | null;
  deleted_at: Timestamp | null;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

export interface StatementsTable {
  id: string;
  entity_id: string;
  case_id: string | null;
  schema: string;
  prop: string;
  value: string;
  is_ref: boolean;
  source: string;
  import_id: string | null;
  user_id: string | null;
  evidence_id: string | null;
  first_seen: Timestamp;
  last_seen: Timestamp;
  retracted_at: Timestamp | null;
  retracted_by: string | null;
}

export interface JournalTable {
  seq: ColumnType<string | number, number, never>;
  at: Timestamp;
  actor: string;
  action: string;
  case_id: string | null;
  entity_id: string | null;
  import_id: string | null;
  content_hash: string | null;
  leaf_hash: string;
  chain_hash: string;
}

export interface ImportsTable {
  id: string;
  case_id: string | null;
  kind: string;
  source_name: string;
  file_sha256: string;
  status: string;
  lines_done: number;
  rows_ok: number;
  rows_failed: number;
  started_by: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface EntityMergesTable {
  member_id: string;
  canonical_id: string;
  merged_by: string;
  merged_at: Timestamp;
}

export interface Database extends EvidenceDatabase, LedgerDatabase, ScreeningDatabase, ScreeningStateDatabase, FinanceDatabase, SharingDatabase, MonitoringDatabase {
  entity_merges: EntityMergesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  cases: CasesTable;
  case_members: CaseMembersTable;
  entities: EntitiesTable;
  statements: StatementsTable;
  journal: JournalTable;
  imports: ImportsTable;
}
