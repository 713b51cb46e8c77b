/**
 * Shapes of the sanctions lists, screening, alert and duplicate routes
 * (apps/server/src/screening/screening-schemas.ts). Read-only records, as the server sends them.
 */
import type { EntitySummary, Properties } from './types.ts';

export interface ListVersion {
  readonly id: string;
  /** the list's short name: `un-sc`, `ofac-sdn`, `eu-fsf`, `gb-fcdo` or an FtM dataset name */
  readonly list: string;
  readonly format: string;
  /** the file name or URL it was read from */
  readonly source: string;
  readonly sha256: string;
  /** the publisher's own date for the file, when it gives one */
  readonly publishedAt: string | null;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly entries: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** records of the file that could not be read */
  readonly errors: number;
  readonly current: boolean;
}

export interface ListSource {
  readonly list: string;
  readonly label: string;
  readonly url: string;
}

export interface RecordError {
  /** the record's position or reference in the file */
  readonly record: string;
  readonly message: string;
}

export interface ListVersionDetail extends ListVersion {
  readonly recordErrors: readonly RecordError[];
}

export const CHANGE_KINDS = ['added', 'removed', 'changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ListChange {
  readonly versionId: string;
  readonly list: string;
  readonly entry: string;
  readonly kind: ChangeKind;
  readonly caption: string;
  /** the properties that changed (for `changed`) */
  readonly fields: readonly string[];
}

export interface ListImport {
  readonly version: ListVersion;
  /** the file was the current version already: nothing new was stored */
  readonly unchanged: boolean;
  readonly errorCount: number;
  /** the first per-record errors (all are kept with the version) */
  readonly errors: readonly RecordError[];
  readonly carriedForward: number;
}

/** One designation as listed: the subject and the entities it brings (addresses, documents…). */
export interface ListEntry {
  readonly list: string;
  readonly entry: string;
  readonly subjectId: string;
  readonly schema: string;
  readonly caption: string;
  readonly firstVersionId: string;
  readonly entities: ReadonlyArray<{ readonly id: string; readonly schema: string; readonly properties: Properties }>;
}

export type Gender = 'male' | 'female' | 'other';

export interface ScreeningQuery {
  readonly name: string;
  readonly birthDate?: string;
  readonly nationality?: string;
  readonly gender?: Gender;
  readonly nearMisses?: boolean;
  readonly limit?: number;
}

export interface ScreeningMatch {
  /** the list's own reference (`QDi.001`, an OFAC ent_num…) */
  readonly entry: string;
  readonly list: string;
  /** the listed name that matched */
  readonly name: string;
  readonly score: number;
  /** over the algorithm's threshold; false for a near miss */
  readonly match: boolean;
  readonly explanation: readonly string[];
}

export interface ScreenedList {
  readonly list: string;
  readonly versionId: string;
  readonly publishedAt: string | null;
  readonly importedAt: string;
}

export interface ScreeningAnswer {
  readonly algorithm: string;
  readonly threshold: number;
  readonly lists: readonly ScreenedList[];
  readonly matches: readonly ScreeningMatch[];
}

export const ALERT_STATUSES = ['open', 'needs_review', 'confirmed', 'false_positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type Disposition = Exclude<AlertStatus, 'open'>;
export const DISPOSITIONS: readonly Disposition[] = ['confirmed', 'false_positive', 'needs_review'];

export interface ScreeningAlert {
  readonly id: string;
  readonly subject: EntitySummary;
  readonly list: string;
  readonly entry: string;
  readonly score: number;
  readonly matchedName: string;
  readonly explanation: readonly string[];
  readonly algorithm: string;
  readonly listVersionId: string | null;
  readonly status: AlertStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedBy: string | null;
  readonly note: string | null;
}

export interface AlertEvent {
  readonly at: string;
  readonly by: string;
  readonly action: string;
  readonly score: number | null;
  readonly note: string | null;
}

export interface AlertDetail extends ScreeningAlert {
  readonly history: readonly AlertEvent[];
}

export interface SubjectScreening extends Omit<ScreeningAnswer, 'matches'> {
  readonly matches: readonly ScreeningMatch[];
  readonly alerts: readonly ScreeningAlert[];
}

export interface ScreeningStatus {
  readonly algorithm: string;
  readonly threshold: number;
  readonly lists: readonly ScreenedList[];
  /** subjects waiting to be screened against the current lists */
  readonly due: number;
}

export const DUPLICATE_STATUSES = ['open', 'merged', 'same', 'rejected'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

export interface DuplicateProposal {
  readonly id: string;
  readonly a: EntitySummary;
  readonly b: EntitySummary;
  readonly score: number;
  readonly explanation: readonly string[];
  readonly algorithm: string;
  readonly status: DuplicateStatus;
  readonly createdAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

export interface DuplicateScan {
  readonly entities: number;
  readonly proposed: number;
  readonly stored: number;
}
