/**
 * The store's information-sharing part (issue 8): partners (other Ariadne instances and their
 * public keys), sharing agreements with their approvals and life cycle, the packages sent and
 * received under them, survivors' consent per purpose, and linkage runs. Domain rules (reducing
 * entities to an agreement, signing, encryption) live in `@ariadne/sharing`; the store keeps the
 * records, enforces the state machine and the replay check atomically, and journals every write.
 */
import type { AgreementTerms, ConsentPurpose, PartyIdentity, RefusalReason } from '@ariadne/sharing/types';
import type { Actor, Page, PageRequest } from './types.ts';
import type { BulkEntity } from './store.ts';

export interface SharingPartner extends PartyIdentity {
  readonly id: string;
  readonly note: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** `draft` until `approvalsRequired` distinct users approve; `revoked` is final */
export const AGREEMENT_STATUSES = ['draft', 'active', 'revoked'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface SharingAgreement {
  /** the same id on both sides (the offering side generates it) */
  readonly id: string;
  readonly title: string;
  readonly partnerId: string;
  /** the case whose data may leave (outgoing) and that receives what comes in (incoming) */
  readonly caseId: string;
  /** `outgoing`: we send; `incoming`: we receive; `both` */
  readonly direction: 'outgoing' | 'incoming' | 'both';
  readonly terms: AgreementTerms;
  /** SHA-256 of the canonical JSON of `terms` (`termsHash` in `@ariadne/sharing`) */
  readonly termsSha256: string;
  readonly status: AgreementStatus;
  readonly approvals: readonly { readonly userId: string; readonly at: Date }[];
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedReason: string | null;
  /** the last sequence number we sent under it (0: none) */
  readonly lastSentSequence: number;
  /** the last sequence number we accepted under it (0: none) */
  readonly lastReceivedSequence: number;
}

export interface NewAgreement {
  readonly id?: string;
  readonly title: string;
  readonly partnerId: string;
  readonly caseId: string;
  readonly direction: SharingAgreement['direction'];
  /** already validated by `checkTerms` of `@ariadne/sharing` */
  readonly terms: AgreementTerms;
  readonly termsSha256: string;
}

export interface SharePackageRecord {
  /** the manifest's package id */
  readonly id: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly agreementId: string | null;
  readonly partnerId: string | null;
  readonly kind: 'data' | 'revocation' | 'mla-request';
  readonly sequence: number;
  /** SHA-256 of the encrypted file as sent or received */
  readonly sha256: string;
  readonly bytes: number;
  /** `sent`, `imported`, or `refused` (incoming only; with the reason) */
  readonly status: 'sent' | 'imported' | 'refused';
  readonly refusal: RefusalReason | null;
  readonly refusalDetail: string | null;
  /** counts from the manifest (entities, pseudonymised victims, dropped properties…); no personal data */
  readonly counts: Readonly<Record<string, number>>;
  readonly actorId: string;
  readonly at: Date;
  readonly expiresAt: Date | null;
  /** the agreement's case (null for a refused package under no agreement we hold) */
  readonly caseId: string | null;
  /** incoming: when `purgeReceived` deleted what it brought (null: still held) */
  readonly purgedAt: Date | null;
}

export interface ConsentRecord {
  readonly entityId: string;
  readonly caseId: string;
  readonly purpose: ConsentPurpose;
  /** false: refused or withdrawn */
  readonly granted: boolean;
  readonly recordedBy: string;
  readonly at: Date;
  /** how it was given (e.g. "signed form, interpreter present"); no personal data */
  readonly note: string;
}

export interface LinkageRunRecord {
  readonly id: string;
  readonly caseId: string | null;
  readonly title: string;
  /** SHA-256 of the linkage schema used */
  readonly schemaSha256: string;
  readonly threshold: number;
  readonly recordsA: number;
  readonly recordsB: number;
  readonly candidatePairs: number;
  readonly matches: number;
  readonly actorId: string;
  readonly at: Date;
}

export interface SharingStore {
  addPartner(actor: Actor, partner: PartyIdentity & { readonly note?: string }): Promise<SharingPartner>;
  getPartner(id: string): Promise<SharingPartner | null>;
  /** the partner holding this signing key, if any */
  findPartnerBySigningKey(signingKey: string): Promise<SharingPartner | null>;
  listPartners(page: PageRequest): Promise<Page<SharingPartner>>;
  /**
   * Sets (or, with null, clears) the ledger verifier key a registered partner publishes, checked
   * in full (`isLedgerVerifierKey`); journalled `share.partner.ledger-key`. NOT_FOUND for an
   * unknown partner.
   */
  setPartnerLedgerKey(actor: Actor, partnerId: string, ledgerKey: string | null): Promise<SharingPartner>;

  createAgreement(actor: Actor, input: NewAgreement): Promise<SharingAgreement>;
  getAgreement(id: string): Promise<SharingAgreement | null>;
  listAgreements(filter: { caseIds?: readonly string[]; partnerId?: string }, page: PageRequest): Promise<Page<SharingAgreement>>;
  /** one approval per user; the agreement becomes `active` at `approvalsRequired`; CONFLICT when revoked or already approved by this user */
  approveAgreement(actor: Actor, id: string): Promise<SharingAgreement>;
  /** final; journalled with the reason */
  revokeAgreement(actor: Actor, id: string, reason: string): Promise<SharingAgreement>;

  /**
   * Reserves the next outgoing sequence number and records the package as sent, in one
   * transaction, journalled `share.send` with the package's hash. CONFLICT unless the agreement
   * is active, within its dates (`at`), outgoing or both.
   */
  recordOutgoingPackage(actor: Actor, input: {
    agreementId: string; id: string; kind: SharePackageRecord['kind']; sha256: string; bytes: number; counts: Record<string, number>;
    expiresAt: Date; at: Date;
  }): Promise<SharePackageRecord>;
  /** the sequence number the next outgoing package under this agreement will carry */
  nextOutgoingSequence(agreementId: string): Promise<number>;
  /**
   * Imports a verified incoming package in ONE transaction: refuses it with CONFLICT (details
   * `{ reason: 'replayed' }`) when its id was seen before or its sequence is not above the last
   * accepted one; writes its entities into the agreement's case with provenance
   * `{ source: 'share:<partner id>', importId: <package id> }` (so the partner is the provenance of
   * every statement, and a purge finds them); refuses the whole package (CONFLICT, details
   * `{ reason: 'exceeds-agreement', ids }`) if any entity is refused (an id owned by another case,
   * a schema clash); advances the agreement's received sequence; records the package as imported;
   * journals `share.import` with the package hash. Nothing is written when anything fails.
   */
  importSharedPackage(actor: Actor, input: {
    agreementId: string; partnerId: string; id: string; kind: SharePackageRecord['kind']; sequence: number; sha256: string; bytes: number;
    counts: Record<string, number>; expiresAt: Date; at: Date; entities: readonly BulkEntity[];
  }): Promise<{ record: SharePackageRecord; written: number }>;
  /** a refused package is recorded too (journalled `share.refuse` with the reason) */
  recordRefusedPackage(actor: Actor, input: {
    id: string; agreementId: string | null; partnerId: string | null; sha256: string; bytes: number; reason: RefusalReason; detail: string; at: Date;
    /** from the manifest when it could be read (default `data`, sequence 0) */
    kind?: SharePackageRecord['kind']; sequence?: number;
  }): Promise<SharePackageRecord>;
  listPackages(filter: { agreementId?: string; direction?: 'outgoing' | 'incoming'; caseIds?: readonly string[] }, page: PageRequest): Promise<Page<SharePackageRecord>>;
  getPackage(id: string, direction: 'outgoing' | 'incoming'): Promise<SharePackageRecord | null>;
  /**
   * Deletes what was received under an agreement (every statement whose import id is one of its
   * incoming packages; entities left without statements disappear), because it was revoked or its
   * retention ran out (`before`: only packages received before this time). Values are deleted, not
   * retracted: retention means gone. Journalled `share.purge` with the counts.
   */
  purgeReceived(actor: Actor, agreementId: string, options?: { before?: Date }): Promise<{ packages: number; statements: number; entities: number }>;

  /** appends a consent decision (the latest per entity and purpose wins); journalled `consent.record` */
  recordConsent(actor: Actor, input: { entityId: string; purpose: ConsentPurpose; granted: boolean; note?: string }): Promise<ConsentRecord>;
  /** the latest decision per entity and purpose, for these entities */
  currentConsents(entityIds: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<ConsentPurpose, ConsentRecord>>>;
  consentHistory(entityId: string): Promise<readonly ConsentRecord[]>;

  recordLinkageRun(actor: Actor, run: Omit<LinkageRunRecord, 'id' | 'actorId' | 'at'> & { at: Date }): Promise<LinkageRunRecord>;
  listLinkageRuns(filter: { caseIds?: readonly string[] }, page: PageRequest): Promise<Page<LinkageRunRecord>>;
}
