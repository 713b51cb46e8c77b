/**
 * The vocabulary of information sharing (issue 8): sharing agreements, partners, and the signed,
 * encrypted packages that travel between Ariadne instances. Pure types and constants: the store
 * keeps agreements and packages (`@ariadne/store`, `sharing-types.ts`), this package builds,
 * reduces, signs, encrypts, verifies and reads them.
 *
 * Resolution 2331 (6) asks for sharing "while also recognizing the need to protect the
 * confidentiality of personal data of victims": nothing leaves without an agreement, victims
 * travel only pseudonymised and only with their consent for the agreement's purpose, and every
 * share is journalled.
 */

/** why data is shared; each maps to the consent purpose a victim must have given (`CONSENT_FOR`) */
export const SHARE_PURPOSES = [
  'investigation', 'prosecution', 'mutual-legal-assistance', 'financial-intelligence', 'sanctions', 'victim-assistance', 'statistics',
] as const;
export type SharePurpose = (typeof SHARE_PURPOSES)[number];

/** the purposes a survivor consents to, one by one (issue 6 records them; sharing checks them) */
export const CONSENT_PURPOSES = ['assistance', 'referral', 'prosecution', 'sanctions', 'statistics', 'research'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** the consent a victim's record needs before it may travel for a sharing purpose */
export const CONSENT_FOR: Readonly<Record<SharePurpose, ConsentPurpose>> = {
  investigation: 'prosecution',
  prosecution: 'prosecution',
  'mutual-legal-assistance': 'prosecution',
  'financial-intelligence': 'prosecution',
  sanctions: 'sanctions',
  'victim-assistance': 'referral',
  statistics: 'statistics',
};

/**
 * What an agreement allows to leave. Both parties hold the same terms (same `termsSha256`): the
 * sender reduces every package to them, the recipient refuses a package that exceeds them.
 */
export interface AgreementTerms {
  readonly purpose: SharePurpose;
  /** the legal instrument(s) the sharing rests on, e.g. "MoU of 2026-04-02, art. 5; UNTOC art. 18" */
  readonly legalBasis: string;
  /** schema name → the properties of it that may travel; a schema not listed never travels */
  readonly allowed: Readonly<Record<string, readonly string[]>>;
  /**
   * Victims' records (sealed schemata, and persons a victim profile or exploitation points at):
   * `pseudonymise` lets them travel under a keyed pseudonym with identifying properties dropped,
   * when the record's consent allows the purpose; `exclude` keeps every one of them home.
   */
  readonly victims: 'pseudonymise' | 'exclude';
  /** schema name → properties whose values travel as keyed pseudonyms (e.g. Person: idNumber) */
  readonly pseudonymise: Readonly<Record<string, readonly string[]>>;
  /** may finance and screening alerts travel */
  readonly alerts: boolean;
  /** may evidence bundles (with their ledger proofs) travel */
  readonly evidence: boolean;
  /** days the recipient may keep what it received; purged after */
  readonly retentionDays: number;
  /** ISO dates (YYYY-MM-DD), inclusive */
  readonly validFrom: string;
  readonly validUntil: string;
  /** distinct approvers needed before the agreement is active (1–5) */
  readonly approvalsRequired: number;
}

/** an Ariadne instance's public identity, as a partner registers it */
export interface PartyIdentity {
  /** human name of the organisation, e.g. "FIU Examplestan" */
  readonly name: string;
  /** Ed25519 public key, raw 32 bytes in base64 */
  readonly signingKey: string;
  /** age X25519 recipient, `age1…` */
  readonly ageRecipient: string;
  /**
   * the ledger verifier key the party publishes (C2SP `<name>+<hex key id>+<base64 key>`), which
   * its evidence bundles are signed with; optional (an instance that signs no checkpoints has
   * none). It never travels in a package manifest: only on the card.
   */
  readonly ledgerKey?: string;
}

/** this instance's own keys (kept in `<data>/sharing.key`, mode 0600; never logged) */
export interface LocalIdentity extends PartyIdentity {
  /** Ed25519 private seed, 32 bytes */
  readonly signingSeed: Uint8Array;
  /** age X25519 identity, `AGE-SECRET-KEY-1…` */
  readonly ageIdentity: string;
  /** ≥ 32 random bytes from which per-partner pseudonym keys are derived (HKDF) */
  readonly pseudonymSecret: Uint8Array;
}

export const PACKAGE_FORMAT = 'ariadne-share/1' as const;
export const PACKAGE_KINDS = ['data', 'revocation', 'mla-request'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/** a member file of a package; its hash is in the signed manifest */
export interface PackageMember {
  /** relative POSIX path inside the package, e.g. `entities.ftm.jsonl`, `evidence/<id>.tar` */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly role: 'entities' | 'alerts' | 'evidence-bundle' | 'mla-request' | 'mla-cover' | 'notice';
}

/**
 * The signed heart of a package (`manifest.json`, signed in `manifest.sig`). It names sender and
 * recipient (so a package forwarded to a third party is refused as mis-addressed), the agreement
 * and its terms' hash, a per-agreement sequence number and a unique id (so a replay is refused),
 * and every member's hash (so a changed byte is refused).
 */
export interface PackageManifest {
  readonly format: typeof PACKAGE_FORMAT;
  readonly kind: PackageKind;
  readonly packageId: string;
  readonly agreementId: string;
  readonly termsSha256: string;
  readonly purpose: SharePurpose;
  /** strictly increasing per (sender, agreement) */
  readonly sequence: number;
  readonly sender: PartyIdentity;
  readonly recipient: PartyIdentity;
  /** ISO timestamps */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly members: readonly PackageMember[];
  /** what the reduction did, for both sides' records; no personal data */
  readonly counts: Readonly<Record<string, number>>;
  /** for `revocation`: why the sender ended the agreement */
  readonly notice?: string;
}

/** why a package is refused; each comes with a human sentence */
export const REFUSAL_REASONS = [
  'not-a-package', 'not-for-us', 'tampered', 'bad-signature', 'unknown-sender', 'sender-key-mismatch', 'no-agreement',
  'agreement-inactive', 'agreement-expired', 'agreement-revoked', 'terms-mismatch', 'package-expired', 'replayed',
  'exceeds-agreement', 'too-large', 'malformed-member',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
