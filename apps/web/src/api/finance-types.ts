/**
 * Shapes of the financial-intelligence routes (apps/server/src/finance/finance-schemas.ts): data
 * sets and imports, transaction alerts with their triage and evidence, FIU cases and the goAML
 * export. Read-only records, as the server sends them; the web app never imports server packages.
 */

/** A record the server's readers refused: its line (CSV), message or entry id, and why. */
export interface FinanceRecordError {
  /** 1-based line number of a CSV, or the message/entry id of an XML or JSON source */
  readonly record: string;
  /** the column or element at fault, when one is */
  readonly field?: string;
  /** one line, never echoing personal data */
  readonly message: string;
}

export interface FinanceDataset {
  readonly id: string;
  readonly caseId: string;
  /** the file name, or `stream` for transactions posted one by one */
  readonly source: string;
  /** `csv`, `camt.053`, `pacs.008`, `pain.001`, `ftm`, `kyc`, `stream` */
  readonly format: string;
  readonly sha256: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly transactions: number;
  readonly accounts: number;
  readonly errors: number;
}

/** `POST /api/cases/:caseId/finance/imports` */
export interface FinanceImport {
  readonly dataset: FinanceDataset;
  /** the case had imported this very file already: nothing was written */
  readonly unchanged: boolean;
  readonly stored: number;
  readonly accounts: number;
  readonly errorCount: number;
  /** the first 100 refused records */
  readonly errors: readonly FinanceRecordError[];
  readonly newAlerts: number;
}

/** The import formats the server reads, and the content type each file is sent as. */
export const IMPORT_FORMATS = ['csv', 'iso20022', 'ftm'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_CONTENT_TYPE: Readonly<Record<ImportFormat, string>> = {
  csv: 'text/csv',
  iso20022: 'application/xml',
  ftm: 'application/x-ndjson',
};

/** The fields of a transactions CSV's column map (packages/finance/src/column-map.ts). */
export const REQUIRED_COLUMNS = ['id', 'from', 'to', 'amount', 'timestamp'] as const;
export const OPTIONAL_COLUMNS = [
  'currency', 'type', 'from_bank', 'to_bank', 'from_country', 'to_country', 'location', 'merchant_category',
  'reference', 'beneficiary_name', 'amount_received', 'currency_received',
] as const;
export type ColumnField = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** The column map as the server reads it from the `X-Column-Map` header. */
export type ColumnMapJson = Partial<Record<ColumnField, string>> & {
  readonly delimiter?: string;
  readonly decimal_separator?: '.' | ',';
  readonly default_currency?: string;
};

export const FINANCE_ALERT_STATUSES = ['new', 'in_review', 'escalated', 'closed'] as const;
export type FinanceAlertStatus = (typeof FINANCE_ALERT_STATUSES)[number];

export const FINANCE_DISPOSITIONS = ['suspicious', 'not_suspicious', 'insufficient_information'] as const;
export type FinanceDisposition = (typeof FINANCE_DISPOSITIONS)[number];

/** One detector's part in an alert. */
export interface FinanceFinding {
  readonly detector: string;
  readonly score: number;
  readonly reason: string;
}

export interface FinanceAlert {
  readonly id: string;
  readonly caseId: string;
  readonly datasetId: string | null;
  readonly typology: string;
  /** the detectors that fired, strongest first */
  readonly detectors: readonly string[];
  /** 0..1 */
  readonly score: number;
  readonly accounts: readonly string[];
  /** transaction ids, in time order */
  readonly transactions: readonly string[];
  readonly explanation: string;
  readonly findings: readonly FinanceFinding[];
  readonly algorithm: string;
  readonly status: FinanceAlertStatus;
  /** user id */
  readonly assignee: string | null;
  readonly disposition: FinanceDisposition | null;
  readonly fiuCaseId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One step of an alert's history. */
export interface FinanceAlertEvent {
  readonly at: string;
  /** `user:<id>`, `token:<id>` or `system:<name>` */
  readonly by: string;
  /** `raised`, `assigned`, `unassigned`, `status:<status>`, `disposition:<disposition>`, `note`, `escalated` */
  readonly action: string;
  readonly note: string | null;
  readonly assignee?: string;
}

export const TX_KINDS = ['transfer', 'wire', 'cash_deposit', 'cash_withdrawal', 'card', 'salary', 'cheque', 'crypto', 'msb', 'fee', 'other'] as const;
export type TxKind = (typeof TX_KINDS)[number];

export interface FinanceTransaction {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  /** the amount as the source wrote it, for display */
  readonly amountText: string;
  readonly currency: string;
  readonly timestamp: string;
  readonly kind: TxKind;
  readonly rawType?: string;
  readonly fromBank?: string;
  readonly toBank?: string;
  readonly fromCountry?: string;
  readonly toCountry?: string;
  readonly location?: string;
  readonly merchantCategory?: string;
  /** withheld when it may name a protected victim */
  readonly reference?: string;
  readonly beneficiaryName?: string;
}

export interface AccountHolder {
  /** entity id */
  readonly id: string;
  readonly schema: string;
  /** `Protected person` for a victim the reader may not see */
  readonly caption: string;
  readonly victim: boolean;
}

export const ACCOUNT_KINDS = ['personal', 'business', 'msb', 'unknown'] as const;

export interface FinanceAccount {
  readonly id: string;
  readonly customerId?: string;
  readonly holderId?: string;
  readonly holderName?: string;
  readonly kind?: string;
  readonly businessType?: string;
  readonly bank?: string;
  readonly country?: string;
  readonly city?: string;
  readonly holder: AccountHolder | null;
}

/** `GET /api/finance/alerts/:id` */
export interface FinanceAlertDetail extends FinanceAlert {
  readonly history: readonly FinanceAlertEvent[];
  /** the evidence transactions the case holds, in time order */
  readonly evidence: readonly FinanceTransaction[];
  readonly accountDetails: readonly FinanceAccount[];
}

/** `PATCH /api/finance/alerts/:id`: closing needs a disposition and a note. */
export interface FinanceAlertPatch {
  readonly status?: 'new' | 'in_review' | 'closed';
  readonly assignee?: string | null;
  readonly disposition?: FinanceDisposition;
  readonly note?: string | null;
}

export interface FinanceAlertQuery {
  readonly caseId?: string;
  readonly status?: FinanceAlertStatus;
  readonly typology?: string;
  /** a user id */
  readonly assignee?: string;
  readonly minScore?: number;
  readonly cursor?: string | null;
  readonly limit?: number;
}

/** One message of `GET /api/cases/:caseId/finance/alerts/stream`: only ids and scores travel. */
export interface AlertStreamEvent {
  readonly id: string;
  readonly typology: string;
  readonly score: number;
  readonly change: 'new' | 'updated';
}

export const FIU_CASE_STATUSES = ['draft', 'ready', 'reported'] as const;
export type FiuCaseStatus = (typeof FIU_CASE_STATUSES)[number];

/** Alerts and entities gathered into one suspicious transaction (or activity) report. */
export interface FiuCase {
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  readonly status: FiuCaseStatus;
  /** goAML report code: `STR`, `SAR`, … */
  readonly reportCode: string;
  /** grounds for suspicion */
  readonly reason: string;
  /** what the institution did */
  readonly action: string;
  readonly indicators: readonly string[];
  readonly alertIds: readonly string[];
  readonly entityIds: readonly string[];
  readonly transactionIds: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly reportedAt: string | null;
  readonly reportSha256: string | null;
  /**
   * victims among the report's account holders, when the server says (the "include victims"
   * choice is offered only then); absent from servers that do not
   */
  readonly victims?: number;
}

export interface FiuCaseInput {
  readonly caseId: string;
  readonly title: string;
  readonly alertIds: readonly string[];
  readonly entityIds?: readonly string[];
  readonly reportCode?: string;
}

export interface FiuCasePatch {
  readonly title?: string;
  readonly status?: 'draft' | 'ready';
  readonly reportCode?: string;
  readonly reason?: string;
  readonly action?: string;
  readonly indicators?: readonly string[];
  readonly entityIds?: readonly string[];
  readonly transactionIds?: readonly string[];
  readonly addAlertIds?: readonly string[];
}

export const GOAML_SCHEMA_VERSIONS = ['5.0.2', '2.0'] as const;
export type GoamlSchemaVersion = (typeof GOAML_SCHEMA_VERSIONS)[number];

/** `POST /api/finance/cases/:id/report` */
export interface ReportRequest {
  readonly schemaVersion: GoamlSchemaVersion;
  /** name victims instead of pseudonymising them; needs a purpose (journalled) */
  readonly includeVictims?: boolean;
  readonly victimPurpose?: string;
}

/** A goAML report as downloaded: the XML, the file name the server gave it and its SHA-256 (`X-Report-SHA256`). */
export interface ReportFile {
  readonly xml: Blob;
  readonly filename: string;
  readonly sha256: string | null;
}

/** A code of the FIU's goAML code lists, with its label when the FIU gives one. */
export interface GoamlCode {
  readonly code: string;
  readonly label?: string;
}
