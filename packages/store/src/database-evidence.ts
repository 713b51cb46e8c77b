/** Kysely row types of the evidence tables (migration 0003), kept apart from the core tables. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface SubmissionsTable {
  id: string;
  kind: 'account' | 'tip';
  case_id: string | null;
  receipt_hash: string;
  language: string;
  named: boolean;
  consent: Json<Record<string, unknown>>;
  visibility: string;
  status: Generated<'new' | 'triaged' | 'closed'>;
  created_at: Timestamp;
  updated_at: Timestamp;
  withdrawn_at: Timestamp | null;
}

export interface EvidenceItemsTable {
  id: string;
  case_id: string | null;
  submission_id: string | null;
  submission_role: 'account' | 'contact' | 'attachment' | 'message' | null;
  origin: 'staff' | 'survivor' | 'tip';
  blob_name: string;
  sha256: string;
  size: ColumnType<string | number, number, number>;
  mime: string;
  declared_mime: string | null;
  mime_mismatch: boolean;
  filename: string | null;
  description: string;
  metadata: Json<Record<string, unknown>>;
  collected_by: string | null;
  collected_at: Timestamp | null;
  collected_where: string | null;
  source: string | null;
  consent: Json<Record<string, unknown>> | null;
  sealed: Generated<boolean>;
  hold: Generated<boolean>;
  intake_seq: ColumnType<string | number, number, number>;
  head_hash: string;
  created_by: string;
  created_at: Timestamp;
}

export interface EvidenceLinksTable {
  item_id: string;
  entity_id: string;
  linked_at: Timestamp;
}

export interface EvidenceCustodyTable {
  seq: ColumnType<string | number, number, never>;
  item_id: string;
  kind: string;
  details: Json<Record<string, unknown>>;
}

export interface EvidenceExportsTable {
  seq: ColumnType<string | number, number, never>;
  bundle_id: string;
  case_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface SubmissionMessagesTable {
  id: string;
  submission_id: string;
  author: 'sender' | 'team';
  item_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface UploadsTable {
  id: string;
  owner: string;
  length: ColumnType<string | number, number, number>;
  received: ColumnType<string | number, number | undefined, number>;
  metadata: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Timestamp;
  completed_item: string | null;
}

export interface EvidenceDatabase {
  submissions: SubmissionsTable;
  evidence_items: EvidenceItemsTable;
  evidence_links: EvidenceLinksTable;
  evidence_custody: EvidenceCustodyTable;
  evidence_exports: EvidenceExportsTable;
  submission_messages: SubmissionMessagesTable;
  uploads: UploadsTable;
}
