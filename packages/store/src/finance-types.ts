/**
 * The store's financial-intelligence part (issue 10): transaction data sets imported into a case,
 * KYC of their accounts, the alerts the detectors raise with their triage, and FIU cases that
 * gather alerts and entities into a goAML report.
 *
 * Transactions are case data: a data set belongs to one case and is seen by that case's members.
 * Every write is journalled in the same database transaction with ids and content hashes only
 * (`finance.import`, `finance.append`, `finance.alert.raise`, `finance.alert.update`,
 * `finance.alert.note`, `finance.account.update`, `finance.case.create`, `finance.case.update`,
 * `finance.report.export`);
 * notes, names and amounts never enter the journal as text.
 */
import type { AccountRecord, RecordError, TransactionRecord } from '@ariadne/finance/types';
import type { Actor, Page, PageRequest } from './types.ts';

export interface FinanceDataset {
  readonly id: string;
  readonly caseId: string;
  /** file name or `stream` for transactions posted one by one (never a local directory) */
  readonly source: string;
  /** `csv`, `camt.053`, `pacs.008`, `pain.001`, `ftm`, `stream` */
  readonly format: string;
  /** SHA-256 hex of the file's bytes ('' for a stream) */
  readonly sha256: string;
  readonly importedAt: Date;
  readonly importedBy: string;
  /** transactions stored in it (grows for a stream) */
  readonly transactions: number;
  readonly accounts: number;
  /** records refused at import (by the reader or as duplicates) */
  readonly errors: number;
}

export interface FinanceImportInput {
  readonly caseId: string;
  readonly source: string;
  readonly format: string;
  readonly sha256: string;
  readonly accounts: readonly AccountRecord[];
  readonly transactions: readonly TransactionRecord[];
  /** the reader's per-record errors, kept with the data set (at most 1,000 stored) */
  readonly errors: readonly RecordError[];
}

export interface FinanceImportResult {
  readonly dataset: FinanceDataset;
  /** transactions refused because the case already holds their id (the rest were stored) */
  readonly duplicates: readonly RecordError[];
}

export const FINANCE_ALERT_STATUSES = ['new', 'in_review', 'escalated', 'closed'] as const;
export type FinanceAlertStatus = (typeof FINANCE_ALERT_STATUSES)[number];

export const FINANCE_DISPOSITIONS = ['suspicious', 'not_suspicious', 'insufficient_information'] as const;
export type FinanceDisposition = (typeof FINANCE_DISPOSITIONS)[number];

/** One detector's part in an alert. */
export interface FinanceFindingSummary {
  readonly detector: string;
  readonly score: number;
  readonly reason: string;
}

export interface FinanceAlertInput {
  readonly typology: string;
  /** the detectors that fired, strongest first */
  readonly detectors: readonly string[];
  readonly score: number;
  /** account references, sorted */
  readonly accounts: readonly string[];
  /** transaction ids, in time order (the evidence subgraph) */
  readonly transactions: readonly string[];
  readonly explanation: string;
  readonly findings: readonly FinanceFindingSummary[];
}

export interface FinanceAlert extends FinanceAlertInput {
  readonly id: string;
  readonly caseId: string;
  readonly datasetId: string | null;
  /** `<name>@<version>` of the scoring configuration */
  readonly algorithm: string;
  readonly status: FinanceAlertStatus;
  /** user id of the analyst it is assigned to */
  readonly assignee: string | null;
  readonly disposition: FinanceDisposition | null;
  /** the FIU case it was escalated into */
  readonly fiuCaseId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One step of an alert's history. */
export interface FinanceAlertEvent {
  readonly alertId: string;
  readonly at: Date;
  /** `user:<id>`, `token:<id>` or `system:<name>` */
  readonly by: string;
  /** `raised`, `assigned`, `unassigned`, `status:<status>`, `disposition:<disposition>`, `note`, `escalated` */
  readonly action: string;
  /** the note of a `note` step, or the one given with a triage step (on the step it explains: the status, else the disposition, else the assignment) */
  readonly note: string | null;
  /** for `assigned`: the user id the alert was assigned to */
  readonly assignee?: string;
}

export interface FinanceAlertFilter {
  /** the cases the caller may see */
  readonly caseIds: readonly string[];
  readonly status?: FinanceAlertStatus;
  readonly typology?: string;
  readonly assignee?: string;
  readonly datasetId?: string;
  readonly minScore?: number;
}

export interface FinanceAlertPatch {
  readonly status?: Exclude<FinanceAlertStatus, 'escalated'>;
  /** a user id, or null to unassign */
  readonly assignee?: string | null;
  readonly disposition?: FinanceDisposition;
  /** required when closing (why), max 2,000 characters */
  readonly note?: string | null;
}

export const FIU_CASE_STATUSES = ['draft', 'ready', 'reported'] as const;
export type FiuCaseStatus = (typeof FIU_CASE_STATUSES)[number];

/** Alerts and entities gathered for one suspicious transaction (or activity) report. */
export interface FiuCase {
  readonly id: string;
  /** the Ariadne case it belongs to (its members may see it) */
  readonly caseId: string;
  readonly title: string;
  readonly status: FiuCaseStatus;
  /** goAML report code from the FIU's code list: `STR`, `SAR`, … */
  readonly reportCode: string;
  /** the grounds for suspicion, as the report's `reason` */
  readonly reason: string;
  /** what the institution did, as the report's `action` */
  readonly action: string;
  /** goAML indicator codes from the FIU's code list */
  readonly indicators: readonly string[];
  readonly alertIds: readonly string[];
  /** entity ids (Person, Organization) of the case the report is about */
  readonly entityIds: readonly string[];
  /** transaction ids the report lists: the alerts' evidence unless edited */
  readonly transactionIds: readonly string[];
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly reportedAt: Date | null;
  /** SHA-256 of the last exported report XML */
  readonly reportSha256: string | null;
}

export interface FiuCaseInput {
  readonly caseId: string;
  readonly title: string;
  /** alerts of the same case; they become `escalated` and point at the new FIU case */
  readonly alertIds: readonly string[];
  readonly entityIds?: readonly string[];
  readonly reportCode?: string;
}

export interface FiuCasePatch {
  readonly title?: string;
  readonly status?: Exclude<FiuCaseStatus, 'reported'>;
  readonly reportCode?: string;
  readonly reason?: string;
  readonly action?: string;
  readonly indicators?: readonly string[];
  readonly entityIds?: readonly string[];
  readonly transactionIds?: readonly string[];
  /** alerts to add (they become escalated) */
  readonly addAlertIds?: readonly string[];
}

export interface TransactionQuery {
  readonly caseId: string;
  readonly datasetIds?: readonly string[];
  /** inclusive */
  readonly since?: Date;
  /** inclusive */
  readonly until?: Date;
  /** rows per yielded batch (default 10,000) */
  readonly batchSize?: number;
}

export interface FinanceStore {
  /**
   * one data set: the transactions whose id the case does not yet hold, and the accounts' KYC
   * (upserted: newer values win, absent ones erase nothing); all or nothing. A file (by its
   * sha256) the case already imported answers its data set again and writes nothing.
   */
  importFinanceData(actor: Actor, input: FinanceImportInput): Promise<FinanceImportResult>;
  /** the streaming path: appends to a data set (created with `format: 'stream'` by `importFinanceData` with no transactions) */
  appendTransactions(actor: Actor, datasetId: string, transactions: readonly TransactionRecord[]): Promise<{ readonly stored: number; readonly duplicates: readonly RecordError[] }>;
  listFinanceDatasets(caseIds: readonly string[]): Promise<readonly FinanceDataset[]>;
  getFinanceDataset(id: string): Promise<FinanceDataset | null>;
  /** the data set's stored per-record errors */
  financeDatasetErrors(id: string): Promise<readonly RecordError[]>;
  /** a case's transactions in time order (ties by id, byte-wise), streamed in batches; a bad query throws at the call */
  readTransactions(query: TransactionQuery): AsyncIterable<TransactionRecord[]>;
  getTransactions(caseId: string, ids: readonly string[]): Promise<readonly TransactionRecord[]>;
  /** every account's KYC in the case */
  readAccounts(caseId: string): Promise<readonly AccountRecord[]>;
  getAccounts(caseId: string, ids: readonly string[]): Promise<readonly AccountRecord[]>;
  /** links an account to its holder entity (a Person or Organization of the case) */
  setAccountHolder(actor: Actor, caseId: string, accountId: string, holderId: string | null): Promise<AccountRecord>;

  /** stores alerts; one already raised for the same typology and transactions is not raised again. Answers the new ones */
  recordFinanceAlerts(actor: Actor, input: { caseId: string; datasetId: string | null; algorithm: string; alerts: readonly FinanceAlertInput[] }): Promise<readonly FinanceAlert[]>;
  /** highest score first, then newest */
  listFinanceAlerts(filter: FinanceAlertFilter, page: PageRequest): Promise<Page<FinanceAlert>>;
  getFinanceAlert(id: string): Promise<FinanceAlert | null>;
  /** oldest first */
  financeAlertHistory(id: string): Promise<readonly FinanceAlertEvent[]>;
  /**
   * triage: assign, set status or disposition. `new → in_review → closed` (or `new → closed`);
   * closing needs a disposition and a note; `closed → in_review` reopens (the disposition is
   * cleared); an escalated alert's status belongs to its FIU case. A patch changing nothing
   * answers the alert as it is.
   */
  updateFinanceAlert(actor: Actor, id: string, patch: FinanceAlertPatch): Promise<FinanceAlert>;
  addFinanceAlertNote(actor: Actor, id: string, note: string): Promise<FinanceAlertEvent>;

  createFiuCase(actor: Actor, input: FiuCaseInput): Promise<FiuCase>;
  getFiuCase(id: string): Promise<FiuCase | null>;
  listFiuCases(caseIds: readonly string[], page: PageRequest): Promise<Page<FiuCase>>;
  updateFiuCase(actor: Actor, id: string, patch: FiuCasePatch): Promise<FiuCase>;
  /**
   * marks the case reported with the exported XML's hash (journalled as `finance.report.export`);
   * from then on the FIU case is read-only. The same export recorded again changes nothing.
   */
  recordFiuReport(actor: Actor, id: string, report: { schemaVersion: string; sha256: string }): Promise<FiuCase>;
}
