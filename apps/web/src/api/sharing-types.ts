/**
 * Shapes of the information-sharing and record-linkage routes (docs/api-contract.md, "Information
 * sharing and record linkage (issue 8)"): partners and their identity cards, sharing agreements and
 * their terms, signed offers, packages sent and received, survivors' consent per purpose, and
 * linkage runs. Read-only records as the server sends them (dates as ISO strings).
 */

// the sharing vocabulary is one file of constants and types without dependencies: the web app
// takes it as is rather than repeating it
export { CONSENT_FOR, CONSENT_PURPOSES, REFUSAL_REASONS, SHARE_PURPOSES } from '@ariadne/sharing/types';
export type { AgreementTerms, ConsentPurpose, RefusalReason, SharePurpose } from '@ariadne/sharing/types';
import type { AgreementTerms, ConsentPurpose, RefusalReason } from '@ariadne/sharing/types';

export const AGREEMENT_DIRECTIONS = ['outgoing', 'incoming', 'both'] as const;
export type AgreementDirection = (typeof AGREEMENT_DIRECTIONS)[number];

export const AGREEMENT_STATUSES = ['draft', 'active', 'revoked'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const VICTIM_RULES = ['pseudonymise', 'exclude'] as const;
export type VictimRule = (typeof VICTIM_RULES)[number];

/** An Ariadne instance's public identity card (`ariadne-party/1`). */
export interface PartyCard {
  readonly format: 'ariadne-party/1';
  readonly name: string;
  /** Ed25519 public key, base64 */
  readonly signingKey: string;
  /** age X25519 recipient, `age1…` */
  readonly ageRecipient: string;
  /** to read aloud when the two sides confirm each other's keys */
  readonly fingerprint: string;
  /** the verifier key of the instance's ledger (`<name>+<key id>+<base64 key>`), when it signs checkpoints */
  readonly ledgerKey?: string;
}

export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly signingKey: string;
  readonly ageRecipient: string;
  readonly fingerprint?: string;
  /** the ledger verifier key registered for the partner: the evidence bundles it sends are checked against it */
  readonly ledgerKey?: string | null;
  /** hex SHA-256 of `ledgerKey`, to compare with the one the partner publishes */
  readonly ledgerKeyFingerprint?: string | null;
  readonly note: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Approval {
  readonly userId: string;
  readonly at: string;
}

export interface Agreement {
  /** the same id on both sides */
  readonly id: string;
  readonly title: string;
  readonly partnerId: string;
  readonly caseId: string;
  readonly direction: AgreementDirection;
  readonly terms: AgreementTerms;
  readonly termsSha256: string;
  readonly status: AgreementStatus;
  readonly approvals: readonly Approval[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly revokedReason: string | null;
  readonly lastSentSequence: number;
  readonly lastReceivedSequence: number;
}

/** `GET /api/sharing/agreements/:id`: with the terms in plain language (the server's words, English) */
export interface AgreementDetail extends Agreement {
  readonly description?: readonly string[];
}

/** The signed offer the offering side exports and the partner accepts. */
export interface SignedOffer {
  readonly format: 'ariadne-agreement/1';
  readonly id: string;
  readonly title: string;
  readonly direction: AgreementDirection;
  readonly terms: AgreementTerms;
  readonly termsSha256: string;
  readonly from: PartyCard;
  /** the partner it is offered to (the accepting side checks it names itself) */
  readonly to?: PartyCard;
  readonly signature: string;
}

export interface NewAgreementInput {
  readonly title: string;
  readonly partnerId: string;
  readonly caseId: string;
  readonly direction: AgreementDirection;
  readonly terms: AgreementTerms;
}

/** What to send under an agreement: the whole case unless `entityIds` narrows it. */
export interface Selection {
  readonly entityIds?: readonly string[];
  /** what to do with victims' records whose consent does not cover the purpose */
  readonly missingConsent?: 'refuse' | 'omit';
  readonly evidenceBundleIds?: readonly string[];
}

/** A record that cannot travel, by id only (never a name). */
export interface RefusedRecord {
  readonly id: string;
  readonly reason: string;
}

/** `POST …/preview`: what the package would hold; nothing leaves. */
export interface SharePreview {
  /** entities, pseudonymised victims, dropped properties… (no personal data) */
  readonly counts: Readonly<Record<string, number>>;
  readonly refused: readonly RefusedRecord[];
}

export const PACKAGE_STATUSES = ['sent', 'imported', 'refused'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

export interface SharePackage {
  readonly id: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly agreementId: string | null;
  readonly partnerId: string | null;
  readonly kind: 'data' | 'revocation' | 'mla-request';
  readonly sequence: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly status: PackageStatus;
  readonly refusal: RefusalReason | null;
  readonly refusalDetail: string | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly actorId: string;
  readonly at: string;
  readonly expiresAt: string | null;
  /** the agreement's case (what an import wrote into) */
  readonly caseId?: string | null;
  /** when what it brought was purged (revocation, retention) */
  readonly purgedAt?: string | null;
}

/** `POST /api/sharing/packages/import`: the package imported, with the request of an `mla-request` one */
export interface ImportedPackage extends SharePackage {
  readonly mla?: Readonly<Record<string, unknown>> | null;
}

/** `POST /api/sharing/agreements/:id/revoke` */
export interface RevokeResult {
  readonly agreement: Agreement;
  readonly revocationPackage: SharePackage | null;
  readonly purged: { readonly packages: number; readonly statements: number; readonly entities: number };
}

export interface Consent {
  readonly entityId: string;
  readonly caseId: string;
  readonly purpose: ConsentPurpose;
  /** false: refused or withdrawn */
  readonly granted: boolean;
  readonly recordedBy: string;
  readonly at: string;
  readonly note: string;
}

export interface ConsentState {
  /** the latest decision per purpose */
  readonly current: readonly Consent[];
  readonly history: readonly Consent[];
}

export interface LinkageRun {
  readonly id: string;
  readonly caseId: string | null;
  readonly title: string;
  readonly schemaSha256: string;
  readonly threshold: number;
  readonly recordsA: number;
  readonly recordsB: number;
  readonly candidatePairs: number;
  readonly matches: number;
  readonly actorId: string;
  readonly at: string;
}

/** A matched pair by the two parties' random record tokens; no score ever leaves the matcher. */
export interface LinkagePair {
  readonly tokenA: string;
  readonly tokenB: string;
}

export interface LinkageResult {
  readonly run: LinkageRun;
  readonly pairs: readonly LinkagePair[];
}

export interface LinkageInput {
  readonly title: string;
  readonly caseId?: string;
  /** the two parties' CLK files, as text */
  readonly a: string;
  readonly b: string;
  readonly threshold?: number;
}

// ---- mutual legal assistance (`ariadne-mla/1`, docs/mla-package.md) ---------------------------

// The request's vocabulary, repeated here as values (the web app must not bundle the package's
// validator) and tied to @ariadne/sharing at compile time: a value added there and not here, or
// here and not there, fails to compile.
import type {
  ExploitationForm as SharingExploitationForm, MeasureKind as SharingMeasureKind, MlaKind as SharingMlaKind,
  MlaRequest as SharingMlaRequest, SubjectRole as SharingSubjectRole, UrgencyLevel as SharingUrgencyLevel,
} from '@ariadne/sharing';

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;

export const MLA_KINDS = ['mutual-legal-assistance', 'extradition'] as const satisfies readonly SharingMlaKind[];
export type MlaKind = (typeof MLA_KINDS)[number];
export const URGENCY_LEVELS = ['normal', 'urgent'] as const satisfies readonly SharingUrgencyLevel[];
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];
export const VICTIM_ROLE = 'victim (pseudonymised)' as const;
export const SUBJECT_ROLES = ['suspect', 'accused', 'convicted', 'witness', VICTIM_ROLE, 'account holder', 'company'] as const satisfies readonly SharingSubjectRole[];
export type SubjectRole = (typeof SUBJECT_ROLES)[number];
export const MEASURE_KINDS = [
  'evidence-taking', 'search-and-seizure', 'asset-freeze', 'confiscation', 'records-production', 'service-of-documents',
  'hearing-by-video', 'provisional-arrest', 'extradition', 'other',
] as const satisfies readonly SharingMeasureKind[];
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const EXPLOITATION_FORMS = [
  'sexual_exploitation', 'forced_labour', 'slavery', 'practices_similar_to_slavery', 'servitude', 'removal_of_organs',
  'forced_marriage', 'child_recruitment', 'sale_of_persons',
] as const satisfies readonly SharingExploitationForm[];
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];
/** the purposes of an agreement an MLA request may travel under (the server's rule) */
export const MLA_PURPOSES = ['mutual-legal-assistance', 'prosecution', 'investigation'] as const;

const _mlaVocabulary: [
  Exhaustive<SharingMlaKind, MlaKind>, Exhaustive<SharingUrgencyLevel, UrgencyLevel>, Exhaustive<SharingSubjectRole, SubjectRole>,
  Exhaustive<SharingMeasureKind, MeasureKind>, Exhaustive<SharingExploitationForm, ExploitationForm>,
] = [true, true, true, true, true];
void _mlaVocabulary;

/** a checked request as the recipient reads it (`GET …/received`) */
export type MlaRequest = SharingMlaRequest;

/** `POST /api/sharing/agreements/:id/mla`: the request without `format`, `case` and `evidence` (added from the bundles) */
export interface MlaSendBody {
  readonly request: Readonly<Record<string, unknown>>;
  readonly evidenceBundleIds?: readonly string[];
}

/**
 * How an evidence bundle verified on receipt (`BundleCheck`): against the partner's registered
 * ledger key (`keyChecked: 'partner'`) or, with none registered, the key the bundle carries
 * (`'bundle'`), with that key's fingerprint (hex SHA-256 of the verifier key).
 */
export interface ReceivedBundleCheck {
  readonly ok: boolean;
  readonly bundleId?: string | null;
  readonly items?: number;
  readonly events?: number;
  readonly log?: { readonly origin: string; readonly treeSize: number } | null;
  readonly keyName?: string | null;
  readonly keyFingerprint?: string | null;
  readonly keyChecked: 'partner' | 'bundle';
}

/** a member an imported package kept (evidence bundle, MLA request, cover, alerts…) */
export interface ReceivedMember {
  readonly path: string;
  readonly role: string;
  readonly sha256: string;
  readonly bytes: number;
  /** an evidence bundle's verification on receipt; null (or absent, from an older server) otherwise */
  readonly verification?: ReceivedBundleCheck | null;
}

/**
 * An alert a package brought (`GET /api/sharing/packages/:id/alerts`, `SharedAlert` of
 * `ariadne-alerts/1`): a finance alert's typology or a screening alert's list, its score (0–1),
 * explanation and subjects as the ids of the entities the same package imported. Read tolerantly:
 * every field is optional here.
 */
export interface ReceivedAlert {
  readonly id?: string;
  readonly kind?: 'finance' | 'screening';
  readonly typology?: string;
  readonly list?: string;
  readonly score?: number;
  readonly status?: string;
  readonly explanation?: string;
  readonly subjects?: readonly (string | { readonly id: string; readonly caption?: string })[];
}

/** `GET /api/sharing/packages/:id/received` */
export interface ReceivedPackage {
  readonly members: readonly ReceivedMember[];
  readonly mla: MlaRequest | null;
}
