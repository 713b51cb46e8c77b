/**
 * The store's monitoring part (issue 7): outside data imported for analysis (incidents, movements,
 * GLOTIP values, boundary files), incidents and movements read from Ariadne's own cases with
 * survivors' consent applied, and the publication gate's privacy ledger and released tables.
 * The analyses and the gate's rules (noise, thresholds, the budget check) live in
 * `@ariadne/monitoring`; the store keeps the records, makes each import all-or-nothing, makes a
 * release's budget check and its ledger row one atomic step, and journals every write by hash.
 */
import type {
  DisclosureNote, DpMechanism, Incident, IncidentCategory, ExploitationForm, LedgerEntry, Movement, RecordProblem, ReleasedCell,
  ReportedCount, VerificationStatus,
} from '@ariadne/monitoring/types';
import type { PeriodStep, ReportLanguage, TableId } from '@ariadne/monitoring/catalogue';
import type { Actor, Page, PageRequest } from './types.ts';

/** what a dataset holds: incidents and movements (hxl, acled, htcds), GLOTIP values, or a boundary file */
export const MONITORING_DATASET_KINDS = ['hxl', 'acled', 'htcds', 'glotip', 'boundaries'] as const;
export type MonitoringDatasetKind = (typeof MONITORING_DATASET_KINDS)[number];

export interface MonitoringDataset {
  readonly id: string;
  readonly kind: MonitoringDatasetKind;
  /** the file's name without its directories */
  readonly fileName: string;
  /** SHA-256 of the file as imported; unique: the same bytes are one dataset */
  readonly sha256: string;
  readonly importedAt: Date;
  readonly importedBy: string;
  /** incidents + movements, GLOTIP rows, or boundary features */
  readonly items: number;
  /** every record the importer could not take */
  readonly problemCount: number;
  /** the first 1,000 of them */
  readonly problems: readonly RecordProblem[];
}

/** the answer of a save: `created` false when a dataset with the same SHA-256 was already held (nothing written) */
export interface SavedDataset {
  readonly dataset: MonitoringDataset;
  readonly created: boolean;
}

export interface NewMonitoringDataset {
  readonly kind: 'hxl' | 'acled' | 'htcds';
  readonly fileName: string;
  readonly sha256: string;
  /** as the importers give them; `subjects` is refused (outside data names no entity of ours) */
  readonly incidents?: readonly Incident[];
  readonly movements?: readonly Movement[];
  readonly problems?: readonly RecordProblem[];
}

/** a page of up to 10,000 items (default 1,000): analyses read large datasets in few round trips */
export interface MonitoringPageRequest {
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface IncidentFilter {
  /** only these datasets (default: all) */
  readonly datasetIds?: readonly string[];
  /**
   * ISO days, both inclusive: an incident is in the period when every day its date may stand for
   * is (a "2024-03" incident is in March 2024 and in 2024, not in 1–15 March).
   */
  readonly from?: string;
  readonly to?: string;
  /** ISO 3166-1 alpha-2, upper case */
  readonly countries?: readonly string[];
  readonly pcodes?: readonly string[];
  readonly categories?: readonly IncidentCategory[];
  /** incidents with at least one of these forms */
  readonly forms?: readonly ExploitationForm[];
  readonly perpetratorGroups?: readonly string[];
  readonly verification?: readonly VerificationStatus[];
}

export interface MovementFilter {
  readonly datasetIds?: readonly string[];
  /** ISO days, both inclusive: every dated stage in the period; an undated movement is left out when a period is given */
  readonly from?: string;
  readonly to?: string;
  /** movements with a stage in one of these countries */
  readonly countries?: readonly string[];
  readonly forms?: readonly ExploitationForm[];
}

/** one row of UNODC's GLOTIP country data; a "<5" cell is a censored count, never a number */
export interface GlotipValue {
  /** the row number in the source file */
  readonly record: number;
  /** ISO 3166-1 alpha-3; null for aggregates GLOTIP leaves without one */
  readonly iso3: string | null;
  readonly country: string;
  readonly region: string;
  readonly subregion: string;
  readonly indicator: string;
  readonly dimension: string;
  readonly category: string;
  readonly sex: string;
  readonly age: string;
  readonly year: number;
  readonly value: ReportedCount;
}

export interface NewGlotipDataset {
  readonly fileName: string;
  readonly sha256: string;
  readonly rows: readonly GlotipValue[];
  readonly problems?: readonly RecordProblem[];
}

export interface GlotipFilter {
  readonly datasetIds?: readonly string[];
  readonly iso3?: readonly string[];
  readonly indicators?: readonly string[];
  /** years, both inclusive */
  readonly fromYear?: number;
  readonly toYear?: number;
}

export interface BoundaryFileInfo {
  readonly id: string;
  readonly datasetId: string;
  readonly name: string;
  /** the feature property holding each area's P-code */
  readonly pcodeProperty: string;
  readonly featureCount: number;
  readonly loadedAt: Date;
}

export interface BoundaryFile extends BoundaryFileInfo {
  /** the GeoJSON FeatureCollection as loaded */
  readonly geojson: { readonly type: 'FeatureCollection'; readonly features: readonly unknown[] };
}

export interface NewBoundaryFile {
  readonly fileName: string;
  readonly sha256: string;
  readonly name: string;
  readonly pcodeProperty: string;
  readonly geojson: unknown;
  readonly problems?: readonly RecordProblem[];
}

/** the budget a release was checked against (total ε and δ the configuration allows) */
export interface PrivacyBudget {
  readonly epsilon: number;
  readonly delta: number;
}

/** a ledger row: the entry the gate wrote, who released it and the budget it was checked against */
export interface PrivacyLedgerRecord extends LedgerEntry {
  readonly releasedBy: string;
  readonly budget: PrivacyBudget;
}

export interface NewLedgerEntry {
  readonly query: string;
  readonly mechanism: DpMechanism;
  readonly epsilon: number;
  readonly delta: number;
  readonly k: number;
  readonly cells: number;
  readonly suppressed: number;
}

/**
 * The budget check, run inside the append's transaction while the ledger is locked: it sees every
 * entry already committed (oldest first) and throws to refuse the release. Two releases racing run
 * their checks one after the other, the second seeing the first.
 */
export type LedgerCheck = (ledger: readonly PrivacyLedgerRecord[], entry: NewLedgerEntry, budget: PrivacyBudget) => void | Promise<void>;

export interface NewRelease {
  readonly title: string;
  /** the catalogue table the cells were built as (`buildTable`'s table id) */
  readonly tableId: TableId;
  /** the step of its time dimension (a table without one still names the step it was asked with) */
  readonly step: PeriodStep;
  readonly cells: readonly ReleasedCell[];
  readonly note: DisclosureNote;
}

export interface StoredRelease {
  readonly id: string;
  readonly ledgerId: string;
  readonly title: string;
  readonly tableId: TableId;
  readonly step: PeriodStep;
  readonly cells: readonly ReleasedCell[];
  readonly note: DisclosureNote;
  readonly releasedBy: string;
  readonly at: Date;
}

export type ReleaseSummary = Omit<StoredRelease, 'cells'>;

export type MonitoringReportKind = 'thematic' | 'country';

/** the GLOTIP figures a report quotes: one country (ISO 3166-1 alpha-2), a span of years */
export interface ReportGlotipQuote {
  readonly country: string;
  readonly fromYear: number;
  readonly toYear: number;
}

/**
 * A report's definition: what it is made of, never its rendered bytes. HTML and PDF are rendered
 * from the stored releases on demand, so one report always renders the same.
 */
export interface NewMonitoringReport {
  readonly kind: MonitoringReportKind;
  readonly title: string;
  readonly language: ReportLanguage;
  /** ISO 3166-1 alpha-2: required for a country profile, the area of a thematic report */
  readonly country?: string;
  /** the period the report covers: an ISO day (YYYY-MM-DD) or month (YYYY-MM), from ≤ to */
  readonly from: string;
  readonly to: string;
  /** 1 … 100 release ids, each once, in the report's order; each must name a stored release */
  readonly releases: readonly string[];
  readonly glotip?: ReportGlotipQuote;
}

export interface StoredMonitoringReport extends NewMonitoringReport {
  readonly id: string;
  /** also the report's own date, so a report renders to the same bytes every time */
  readonly createdAt: Date;
  readonly createdBy: string;
}

/** which cases a read covers: the caller's decision (see `@ariadne/access`); an empty list reads nothing */
export interface CaseMonitoringQuery {
  readonly caseIds: readonly string[];
  /** items looked at per batch (1 … 10,000), default 1,000 */
  readonly batchSize?: number;
}

/** what a case read left out, and why; counts only */
export interface CaseReadTally {
  /** incidents or movements left out because a person they count has no `statistics` consent in force */
  withheldForConsent: number;
  /** incidents left out because their date is not known to the month */
  withoutDate: number;
}

export interface MonitoringStore {
  /**
   * Saves an import's incidents and movements in ONE transaction with its dataset row and journal
   * entry (`monitoring.import`): nothing is written when anything fails. A file whose SHA-256 is
   * already held is not imported again: the dataset held is returned with `created: false`.
   * VALIDATION_FAILED names the first bad item by position; CONFLICT when an item id repeats.
   */
  saveDataset(actor: Actor, input: NewMonitoringDataset): Promise<SavedDataset>;
  /** newest first */
  listDatasets(filter: { kinds?: readonly MonitoringDatasetKind[] }, page: PageRequest): Promise<Page<MonitoringDataset>>;
  getDataset(id: string): Promise<MonitoringDataset | null>;
  /** deletes the dataset and everything it brought; journalled `monitoring.dataset.delete`; NOT_FOUND when unknown */
  deleteDataset(actor: Actor, id: string): Promise<void>;

  /** in import order, keyset pages */
  queryIncidents(filter: IncidentFilter, page: MonitoringPageRequest): Promise<Page<Incident>>;
  queryMovements(filter: MovementFilter, page: MonitoringPageRequest): Promise<Page<Movement>>;
  /** every matching item in batches of `batchSize` (default 10,000), in bounded memory */
  streamIncidents(filter: IncidentFilter, batchSize?: number): AsyncIterable<Incident[]>;
  streamMovements(filter: MovementFilter, batchSize?: number): AsyncIterable<Movement[]>;

  /** a GLOTIP file's rows, all or nothing, journalled `monitoring.import` */
  saveGlotip(actor: Actor, input: NewGlotipDataset): Promise<SavedDataset>;
  queryGlotip(filter: GlotipFilter, page: MonitoringPageRequest): Promise<Page<GlotipValue>>;

  /** a boundary file (a GeoJSON FeatureCollection), journalled `monitoring.import` */
  saveBoundaries(actor: Actor, input: NewBoundaryFile): Promise<SavedDataset & { readonly boundaries: BoundaryFileInfo }>;
  getBoundaries(id: string): Promise<BoundaryFile | null>;
  listBoundaries(): Promise<readonly BoundaryFileInfo[]>;

  /**
   * Appends a release to the privacy ledger, atomically with its budget check: the ledger is
   * locked, `check` sees every committed entry and throws to refuse; then the entry (and, when
   * given, the released table) is written and journalled `monitoring.release`.
   */
  appendLedger(actor: Actor, input: { entry: NewLedgerEntry; budget: PrivacyBudget; release?: NewRelease }, check: LedgerCheck): Promise<{ entry: PrivacyLedgerRecord; release: StoredRelease | null }>;
  /** every entry, oldest first */
  readLedger(): Promise<readonly PrivacyLedgerRecord[]>;
  /** stores the table released under a ledger entry (one per entry; its cell counts must match the entry) */
  saveRelease(actor: Actor, ledgerId: string, release: NewRelease): Promise<StoredRelease>;
  getRelease(id: string): Promise<StoredRelease | null>;
  /** newest first, without the cells */
  listReleases(page: PageRequest): Promise<Page<ReleaseSummary>>;

  /**
   * Saves a report's definition, journalled `monitoring.report.create`. VALIDATION_FAILED for a
   * bad field or a release id that names no stored release (`releases[i]`). Reports are
   * append-only: never changed or deleted (the database refuses it too).
   */
  saveReport(actor: Actor, input: NewMonitoringReport): Promise<StoredMonitoringReport>;
  getReport(id: string): Promise<StoredMonitoringReport | null>;
  /** newest first */
  listReports(page: PageRequest): Promise<Page<StoredMonitoringReport>>;

  /**
   * Incidents of the given cases (the caller's access decision), as the analyses see them: no
   * names, no entity ids but `subjects`. An incident counting a person whose latest `statistics`
   * consent is not a grant (withdrawn, refused, or never recorded) is left out whole (counted in
   * `tally.withheldForConsent`).
   */
  readCaseIncidents(query: CaseMonitoringQuery, tally?: CaseReadTally): AsyncIterable<Incident[]>;
  /** movements of the given cases, one per Movement entity, under the same consent rule */
  readCaseMovements(query: CaseMonitoringQuery, tally?: CaseReadTally): AsyncIterable<Movement[]>;
}
