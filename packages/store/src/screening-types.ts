/**
 * Public records of sanctions list versions, screening alerts and duplicate proposals.
 *
 * A list is kept as versions: each import of a list file is one version, and each designation
 * (a list's own reference, e.g. `QDi.001` or OFAC ent_num `306`) is stored once per distinct
 * content, with the first and last version it appeared in, so any version can be reconstructed
 * and the delta between two versions (added, removed, changed designations) is stored, not
 * recomputed. List content is public reference data: it is not case data and not journalled
 * per read; imports and every alert disposition are journalled.
 */
import type { EntityData } from '@ariadne/schema';

/** One imported version of a list. */
export interface ListVersion {
  readonly id: string;
  /** the list's short name: `un-sc`, `ofac-sdn`, `eu-fsf`, `gb-fcdo`, or an FtM dataset name */
  readonly list: string;
  /** the file format it came in: `un-xml`, `ofac-csv`, `ofac-advanced-xml`, `eu-fsf-xml`, `gb-fcdo-xml`, `gb-fcdo-csv`, `ftm-json` */
  readonly format: string;
  /** the file name or URL it was read from (never a local path's directories) */
  readonly source: string;
  /** SHA-256 (hex) of the file's bytes; for a set of files, of their hashes in name order */
  readonly sha256: string;
  /** the publisher's own date for the file (UN `dateGenerated`, EU `generationDate`…), ISO 8601, when given */
  readonly publishedAt: string | null;
  readonly importedAt: Date;
  /** `user:<id>`, `token:<id>` or `system:<name>` */
  readonly importedBy: string;
  /** designations in this version */
  readonly entries: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** records of the file refused with an error (the rest were imported) */
  readonly errors: number;
  /** true for the newest version of its list */
  readonly current: boolean;
}

/** One designation of a list as imported: the subject entity and the entities that belong to it (its Sanction…). */
export interface ListEntryInput {
  /** the list's own reference */
  readonly entry: string;
  /** id of the subject entity (Person, Organization…) among `entities` */
  readonly subjectId: string;
  readonly entities: readonly EntityData[];
}

export interface ListRecordErrorInput {
  readonly record: string;
  readonly message: string;
}

export interface ListImportInput {
  readonly list: string;
  readonly format: string;
  readonly source: string;
  readonly sha256: string;
  readonly publishedAt: string | null;
  readonly entries: readonly ListEntryInput[];
  /** per-record errors of the parse, kept with the version (at most 1,000 stored) */
  readonly errors: readonly ListRecordErrorInput[];
}

export interface ListImportResult {
  readonly version: ListVersion;
  /** true when the file's sha256 equals the current version's: nothing new was stored */
  readonly unchanged: boolean;
}

/** A designation as stored (the content valid from `firstVersionId` until replaced or removed). */
export interface ListEntry {
  readonly list: string;
  readonly entry: string;
  readonly subjectId: string;
  readonly schema: string;
  /** the subject's first name property, for lists and deltas */
  readonly caption: string;
  readonly entities: readonly EntityData[];
  /** content hash of `entities` (canonical JSON, SHA-256 hex) */
  readonly contentHash: string;
  readonly firstVersionId: string;
}

export type ListChangeKind = 'added' | 'removed' | 'changed';

/** One line of a version's delta against the version before it. */
export interface ListChange {
  readonly versionId: string;
  readonly list: string;
  readonly entry: string;
  readonly kind: ListChangeKind;
  readonly caption: string;
  /** for `changed`: the subject's property names whose values differ (`alias`, `birthDate`…), sorted */
  readonly fields: readonly string[];
}

export type AlertStatus = 'open' | 'needs_review' | 'confirmed' | 'false_positive';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'needs_review', 'confirmed', 'false_positive'];

/** One hit of the screening engine for a stored subject. */
export interface ScreeningHitInput {
  readonly list: string;
  readonly entry: string;
  readonly score: number;
  /** the listed name that matched */
  readonly matchedName: string;
  readonly explanation: readonly string[];
}

/**
 * A stored subject's possible match on a list, with its disposition. There is at most one alert
 * per subject, list and entry: a false positive stays decided, so it is not raised again.
 */
export interface ScreeningAlert {
  readonly id: string;
  readonly subjectId: string;
  readonly caseId: string | null;
  readonly list: string;
  readonly entry: string;
  readonly score: number;
  readonly matchedName: string;
  readonly explanation: readonly string[];
  /** `<name>@<version>` of the matching algorithm */
  readonly algorithm: string;
  /** the list version the hit was found against */
  readonly listVersionId: string | null;
  readonly status: AlertStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** who set the current status (null while open) */
  readonly decidedBy: string | null;
  readonly note: string | null;
}

/** One step of an alert's history (creation, each re-hit with a new score, each disposition). */
export interface AlertEvent {
  readonly alertId: string;
  readonly at: Date;
  readonly by: string;
  /** `raised`, `rescored`, or the new status */
  readonly action: string;
  readonly score: number | null;
  readonly note: string | null;
}

export type DuplicateStatus = 'open' | 'merged' | 'same' | 'rejected';

/** A proposed duplicate pair from entity resolution; `aId` < `bId`. */
export interface DuplicateCandidate {
  readonly id: string;
  readonly aId: string;
  readonly bId: string;
  readonly aCaseId: string | null;
  readonly bCaseId: string | null;
  readonly score: number;
  readonly explanation: readonly string[];
  readonly algorithm: string;
  /** `merged`: merged into one entity (same case); `same`: judged the same subject across cases, kept apart; `rejected`: not the same */
  readonly status: DuplicateStatus;
  readonly createdAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
}

export interface DuplicateCandidateInput {
  readonly aId: string;
  readonly bId: string;
  readonly score: number;
  readonly explanation: readonly string[];
  readonly algorithm: string;
}

/**
 * The store's sanctions part. Imports are one transaction each: a failure leaves the previous
 * version current and whole. Alert and duplicate writes are journalled
 * (`lists.import`, `screening.alert.raise`, `screening.alert.<status>`, `duplicate.<status>`),
 * with ids and content hashes only (no names in the journal).
 */
export interface ScreeningStore {
  /** a new version of `input.list` with its delta against the current one; the same sha256 as the current version stores nothing */
  importListVersion(actor: import('./types.ts').Actor, input: ListImportInput): Promise<ListImportResult>;
  listVersions(filter: { list?: string; currentOnly?: boolean }, page: import('./types.ts').PageRequest): Promise<import('./types.ts').Page<ListVersion>>;
  getListVersion(id: string): Promise<ListVersion | null>;
  /** the version's stored per-record parse errors */
  listVersionErrors(id: string): Promise<readonly ListRecordErrorInput[]>;
  listChanges(versionId: string, filter: { kind?: ListChangeKind }, page: import('./types.ts').PageRequest): Promise<import('./types.ts').Page<ListChange>>;
  /** every designation of the current version of each list (or of `list`), streamed */
  currentListEntries(filter?: { list?: string }): AsyncIterable<ListEntry>;
  /** the designation as in the current version, or as last seen when it was removed */
  getListEntry(list: string, entry: string): Promise<ListEntry | null>;

  /**
   * Records a screening of one subject: a new (subject, list, entry) raises an `open` alert; an
   * existing `open` or `needs_review` alert gets the new score and explanation; a decided alert
   * (`confirmed`, `false_positive`) is left as decided. Answers the alerts raised now.
   */
  recordScreeningHits(actor: import('./types.ts').Actor, input: { subjectId: string; caseId: string | null; algorithm: string; listVersionId: string | null; hits: readonly ScreeningHitInput[] }): Promise<readonly ScreeningAlert[]>;
  listAlerts(filter: { caseIds: readonly (string | null)[]; status?: AlertStatus; subjectId?: string; list?: string }, page: import('./types.ts').PageRequest): Promise<import('./types.ts').Page<ScreeningAlert>>;
  getAlert(id: string): Promise<ScreeningAlert | null>;
  alertHistory(id: string): Promise<readonly AlertEvent[]>;
  /** sets the disposition; `note` is required for `false_positive` and `confirmed` (why), max 2,000 chars */
  setAlertDisposition(actor: import('./types.ts').Actor, id: string, input: { status: Exclude<AlertStatus, 'open'>; note?: string | null }): Promise<ScreeningAlert>;

  /** stores proposals; a pair already proposed keeps its status (a rejected pair is not proposed again). Answers how many are new */
  recordDuplicateCandidates(actor: import('./types.ts').Actor, candidates: readonly DuplicateCandidateInput[]): Promise<number>;
  listDuplicateCandidates(filter: { caseIds: readonly (string | null)[]; status?: DuplicateStatus }, page: import('./types.ts').PageRequest): Promise<import('./types.ts').Page<DuplicateCandidate>>;
  getDuplicateCandidate(id: string): Promise<DuplicateCandidate | null>;
  /**
   * Decides a proposal. `merged` merges b into a (same case only, through `mergeEntities`, so it
   * is undone with `unmergeEntity`); `same` and `rejected` only record the judgement; `open`
   * reopens a `same` or `rejected` pair (a merged pair reopens when it is unmerged).
   */
  decideDuplicate(actor: import('./types.ts').Actor, id: string, status: DuplicateStatus): Promise<DuplicateCandidate>;
}
