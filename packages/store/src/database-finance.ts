/** Kysely row types of the financial-intelligence tables (migration 0007), kept apart from the core tables. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface FinanceDatasetsTable {
  id: string;
  case_id: string;
  source: string;
  format: string;
  sha256: string;
  imported_at: Timestamp;
  imported_by: string;
  transactions: Generated<number>;
  accounts: Generated<number>;
  errors: Generated<number>;
}

export interface FinanceTransactionsTable {
  case_id: string;
  dataset_id: string;
  id: string;
  from_account: string;
  to_account: string;
  amount_text: string;
  amount: number;
  currency: string;
  ts: Timestamp;
  kind: string;
  raw_type: string | null;
  from_bank: string | null;
  to_bank: string | null;
  from_country: string | null;
  to_country: string | null;
  location: string | null;
  merchant_category: string | null;
  reference: string | null;
  beneficiary_name: string | null;
}

export interface FinanceAccountsTable {
  case_id: string;
  id: string;
  customer_id: string | null;
  holder_id: string | null;
  holder_name: string | null;
  kind: string | null;
  business_type: string | null;
  bank: string | null;
  country: string | null;
  city: string | null;
  updated_at: Timestamp;
}

export interface FinanceDatasetErrorsTable {
  dataset_id: string;
  ordinal: number;
  record: string;
  field: string | null;
  message: string;
}

export interface FinanceAlertsTable {
  id: string;
  case_id: string;
  dataset_id: string | null;
  typology: string;
  evidence_key: string;
  detectors: Json<string[]>;
  score: number;
  accounts: Json<string[]>;
  transactions: Json<string[]>;
  explanation: string;
  findings: Json<{ detector: string; score: number; reason: string }[]>;
  algorithm: string;
  status: Generated<string>;
  assignee: string | null;
  disposition: string | null;
  fiu_case_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FinanceAlertEventsTable {
  id: ColumnType<string | number, never, never>;
  alert_id: string;
  at: Timestamp;
  by: string;
  action: string;
  assignee: string | null;
  note: string | null;
}

export interface FiuCasesTable {
  id: string;
  case_id: string;
  title: string;
  status: Generated<string>;
  report_code: string;
  reason: Generated<string>;
  action: Generated<string>;
  indicators: Json<string[]>;
  entity_ids: Json<string[]>;
  transaction_ids: Json<string[]>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  reported_at: Timestamp | null;
  report_sha256: string | null;
  report_schema_version: string | null;
}

export interface FinanceDatabase {
  finance_datasets: FinanceDatasetsTable;
  finance_transactions: FinanceTransactionsTable;
  finance_accounts: FinanceAccountsTable;
  finance_dataset_errors: FinanceDatasetErrorsTable;
  finance_alerts: FinanceAlertsTable;
  finance_alert_events: FinanceAlertEventsTable;
  fiu_cases: FiuCasesTable;
}
