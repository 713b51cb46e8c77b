/** Public records of the evidence vault's catalogue and custody log. */

/** How an item entered: collected by staff, handed in by a survivor, or sent to the tip line. */
export type EvidenceOrigin = 'staff' | 'survivor' | 'tip';

/** What an item is to the submission it came with. */
export type SubmissionRole = 'account' | 'contact' | 'attachment' | 'message';

/** Every action on an item that the custody log records (journal action `evidence.<kind>`). */
export const CUSTODY_KINDS = ['intake', 'view', 'download', 'transfer', 'analysis', 'export', 'seal', 'hold', 'release', 'link', 'consent'] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

/** What the vault reports about stored bytes; the store keeps it beside the custody record. */
export interface StoredBlobInfo {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
  readonly declaredMime?: string | null;
  readonly mimeMismatch?: boolean;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Purposes a survivor or source may allow their material to be used for, and who may see it.
 * Absent purposes are not allowed (deny by default).
 */
export interface EvidenceConsent {
  readonly prosecution?: boolean;
  readonly sanctions?: boolean;
  readonly statistics?: boolean;
  /** `case-team`: members of the case; `named`: only the named organisations below */
  readonly visibility?: 'case-team' | 'named';
  readonly organisations?: readonly string[];
  readonly recordedAt?: string;
}

export interface EvidenceIntake {
  readonly id?: string;
  readonly caseId: string | null;
  readonly submissionId?: string | null;
  readonly submissionRole?: SubmissionRole | null;
  readonly origin: EvidenceOrigin;
  readonly blob: StoredBlobInfo;
  readonly filename?: string | null;
  readonly description?: string;
  readonly collectedBy?: string | null;
  readonly collectedAt?: Date | null;
  readonly collectedWhere?: string | null;
  /** from whom the item was obtained */
  readonly source?: string | null;
  readonly consent?: EvidenceConsent | null;
  readonly purpose?: string | null;
  readonly entityIds?: readonly string[];
  /** sealed from the start: a survivor's own account, a source's contact details */
  readonly sealed?: boolean;
}

export interface EvidenceItemRecord {
  readonly id: string;
  readonly caseId: string | null;
  readonly submissionId: string | null;
  readonly submissionRole: SubmissionRole | null;
  readonly origin: EvidenceOrigin;
  readonly blobName: string;
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
  readonly declaredMime: string | null;
  readonly mimeMismatch: boolean;
  readonly filename: string | null;
  readonly description: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly collectedBy: string | null;
  readonly collectedAt: Date | null;
  readonly collectedWhere: string | null;
  readonly source: string | null;
  readonly consent: EvidenceConsent | null;
  readonly sealed: boolean;
  readonly hold: boolean;
  readonly intakeSeq: number;
  /** leaf hash of the item's latest custody event: the head of its hash chain */
  readonly headHash: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly entityIds: readonly string[];
}

/** One custody event as the journal holds it, with everything needed to re-derive its leaf hash. */
export interface CustodyEventRecord {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly kind: CustodyKind;
  readonly caseId: string | null;
  /** the details whose canonical JSON hashes to the entry's contentHash */
  readonly details: Readonly<Record<string, unknown>>;
  /** the canonical journal entry (UTF-8), whose RFC 6962 leaf hash is `leafHash` */
  readonly entry: string;
  readonly leafHash: string;
}

export interface CustodyInput {
  readonly purpose?: string | null;
  /** kind-specific fields (e.g. `recipient` of a transfer, `method` of an analysis) */
  readonly fields?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface BundleExportInput {
  readonly bundleId: string;
  readonly caseId: string | null;
  readonly itemIds: readonly string[];
  readonly purpose: string;
  readonly recipient: string;
}

export type SubmissionKind = 'account' | 'tip';
export type SubmissionStatus = 'new' | 'triaged' | 'closed';

export interface SubmissionRecord {
  readonly id: string;
  readonly kind: SubmissionKind;
  readonly caseId: string | null;
  readonly language: string;
  readonly named: boolean;
  readonly consent: EvidenceConsent;
  readonly visibility: string;
  readonly status: SubmissionStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly withdrawnAt: Date | null;
  readonly items: number;
  readonly messages: number;
}

export interface SubmissionMessageRecord {
  readonly id: string;
  readonly author: 'sender' | 'team';
  readonly itemId: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}
