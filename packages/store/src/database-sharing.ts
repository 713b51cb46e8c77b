/** Kysely row types of the information-sharing tables (migration 0008), kept apart from the core tables. */
import type { ColumnType, Generated } from 'kysely';
import type { AgreementTerms } from '@ariadne/sharing/types';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
/** `bigint` columns: the pg driver answers them as strings, PGlite as numbers */
type Big = ColumnType<string | number, number, number>;
type Identity = ColumnType<string | number, never, never>;

export interface SharingPartnersTable {
  id: string;
  name: string;
  signing_key: string;
  age_recipient: string;
  ledger_key: string | null;
  note: Generated<string>;
  created_by: string;
  created_at: Timestamp;
}

/** one approval as kept in `sharing_agreements.approvals` */
export interface StoredApproval {
  readonly userId: string;
  /** ISO time */
  readonly at: string;
}

export interface SharingAgreementsTable {
  id: string;
  title: string;
  partner_id: string;
  case_id: string;
  direction: string;
  terms: Json<AgreementTerms>;
  terms_sha256: string;
  status: Generated<string>;
  approvals: JsonWithDefault<StoredApproval[]>;
  created_by: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoked_reason: string | null;
  last_sent_sequence: Generated<number>;
  last_received_sequence: Generated<number>;
}

export interface SharePackagesTable {
  ordinal: Identity;
  id: string;
  direction: string;
  agreement_id: string | null;
  partner_id: string | null;
  case_id: string | null;
  kind: string;
  sequence: number;
  sha256: string;
  bytes: Big;
  status: string;
  refusal: string | null;
  refusal_detail: string | null;
  counts: JsonWithDefault<Record<string, number>>;
  actor_id: string;
  at: Timestamp;
  expires_at: Timestamp | null;
  purged_at: Timestamp | null;
}

export interface ConsentsTable {
  ordinal: Identity;
  entity_id: string;
  case_id: string;
  purpose: string;
  granted: boolean;
  recorded_by: string;
  at: Timestamp;
  note: Generated<string>;
}

export interface LinkageRunsTable {
  id: string;
  case_id: string | null;
  title: string;
  schema_sha256: string;
  threshold: number;
  records_a: number;
  records_b: number;
  candidate_pairs: Big;
  matches: number;
  actor_id: string;
  at: Timestamp;
}

export interface SharingDatabase {
  sharing_partners: SharingPartnersTable;
  sharing_agreements: SharingAgreementsTable;
  share_packages: SharePackagesTable;
  consents: ConsentsTable;
  linkage_runs: LinkageRunsTable;
}
