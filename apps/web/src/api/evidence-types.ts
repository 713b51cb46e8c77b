/**
 * Shapes of the evidence vault, custody, bundle and submission routes
 * (docs/api-contract.md, "Evidence vault, custody and bundles"). Read-only records, as sent.
 */
export type ConsentPurpose = 'prosecution' | 'sanctions' | 'statistics';
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['prosecution', 'sanctions', 'statistics'];

export type Visibility = 'case-team' | 'named';

export interface Consent {
  readonly prosecution: boolean;
  readonly sanctions: boolean;
  readonly statistics: boolean;
  readonly visibility: Visibility;
  readonly organisations?: readonly string[];
}

export type EvidenceOrigin = 'staff' | 'survivor' | 'tip';

export interface Gps {
  readonly latitude: number;
  readonly longitude: number;
  readonly altitude?: number;
}

/** Metadata the server extracted from the file (EXIF and the like); every field may be missing. */
export interface EvidenceMetadata {
  readonly capturedAt?: string;
  readonly gps?: Gps;
  readonly make?: string;
  readonly model?: string;
  readonly software?: string;
  readonly [key: string]: unknown;
}

export interface EvidenceItem {
  readonly id: string;
  readonly caseId: string | null;
  readonly origin: EvidenceOrigin;
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
  readonly declaredMime: string | null;
  readonly mimeMismatch: boolean;
  readonly filename: string | null;
  readonly description: string;
  readonly metadata: EvidenceMetadata;
  readonly collectedBy: string | null;
  readonly collectedAt: string | null;
  readonly collectedWhere: string | null;
  readonly source: string | null;
  readonly consent: Consent | null;
  readonly sealed: boolean;
  readonly hold: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly entityIds: readonly string[];
  readonly headHash: string;
}

export interface EvidenceIntake {
  readonly uploadId: string;
  readonly description?: string;
  readonly collectedBy?: string;
  readonly collectedAt?: string;
  readonly collectedWhere?: string;
  readonly source?: string;
  readonly purpose?: string;
  readonly entityIds?: readonly string[];
  readonly consent?: Consent;
}

export interface IntakeResult {
  readonly item: EvidenceItem;
  readonly duplicates: readonly { readonly id: string; readonly caseId: string | null }[];
}

export const CUSTODY_KINDS = [
  'intake', 'view', 'download', 'transfer', 'analysis', 'export', 'seal', 'hold', 'release', 'link', 'consent',
] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

export interface CustodyEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  readonly purpose: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly leafHash: string;
  /** the canonical journal entry (its RFC 6962 leaf hash is `leafHash`) */
  readonly entry: string;
}

/** Custody actions a user records by hand (the others are journalled by the server itself). */
export type CustodyAction = 'transfer' | 'analysis' | 'seal' | 'hold' | 'release';

export type BundlePurpose = 'prosecution' | 'sanctions' | 'mutual-legal-assistance' | 'other';
export const BUNDLE_PURPOSES: readonly BundlePurpose[] = ['prosecution', 'sanctions', 'mutual-legal-assistance', 'other'];

export interface Bundle {
  readonly id: string;
  readonly caseId: string | null;
  readonly state: 'building' | 'ready' | 'failed';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly items: number;
  readonly purpose: string;
  readonly recipient: string;
  readonly createdAt: string;
  readonly error?: string;
}

export interface VerificationProblem {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
  readonly seq?: number;
  readonly item?: string;
}

export interface BundleVerification {
  readonly ok: boolean;
  readonly problems: readonly VerificationProblem[];
  /** what the verifier found (items, events, the log checkpoint, the signing key…); see lib/verification.ts */
  readonly summary: Readonly<Record<string, unknown>>;
}

export type SubmissionKind = 'account' | 'tip';
export type SubmissionStatus = 'new' | 'triaged' | 'closed';
export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['new', 'triaged', 'closed'];

export interface NewSubmission {
  readonly kind: SubmissionKind;
  readonly language: 'en' | 'ar' | 'fr';
  readonly account: string;
  readonly named: boolean;
  readonly contact?: string;
  readonly consent: Consent;
}

export interface PublicSubmission {
  readonly kind: SubmissionKind;
  readonly status: SubmissionStatus;
  readonly createdAt: string;
  readonly consent: Consent;
  readonly items: readonly { readonly sha256: string; readonly size: number; readonly filename: string | null; readonly role?: string; readonly receivedAt: string }[];
  readonly messages: readonly { readonly id?: string; readonly author: 'sender' | 'team'; readonly text: string; readonly at: string }[];
}

export interface Receipt {
  readonly submissionId: string;
  readonly items: readonly {
    readonly sha256: string; readonly size: number; readonly role?: string; readonly seq: number;
    readonly leafHash: string; readonly entry?: string; readonly proof: readonly string[];
  }[];
  readonly checkpoint: string;
  readonly verifierKey: string;
  readonly issuedAt: string;
}

export interface SubmissionSummary {
  readonly id: string;
  readonly kind: SubmissionKind;
  readonly status: SubmissionStatus;
  readonly language: string;
  readonly named: boolean;
  readonly createdAt: string;
  readonly items: number;
  readonly messages: number;
  readonly caseId: string | null;
}

export interface SubmissionDetail extends Omit<SubmissionSummary, 'items' | 'messages'> {
  /** null when the account is sealed and the reader is not cleared for sealed data */
  readonly account: string | null;
  readonly contact: string | null;
  /** some of the submission is sealed and was left out for this reader */
  readonly sealedHidden?: boolean;
  readonly consent: Consent;
  readonly items: readonly EvidenceItem[];
  readonly messages: readonly { readonly id: string; readonly author: 'sender' | 'team'; readonly text: string; readonly at: string }[];
}
