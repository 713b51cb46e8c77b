/**
 * Whether an opened, verified package may be imported under the agreement it names: pure, on the
 * manifest and what the store holds (the partner registered with the sender's signing key, the
 * agreement, the package ids already seen). Throws `PackageRefused` with the first reason that
 * applies, in this order: unknown sender, no agreement, the agreement's partner is someone else,
 * agreement not active for receiving, revoked, outside its dates, other terms, package expired,
 * replay. A `revocation` package is how a partner ends an agreement, so it is accepted under an
 * agreement already revoked, past its dates, or one we only send under (the recipient telling us
 * to stop); every other check still applies to it.
 *
 * The store repeats the replay check atomically when it imports (`importSharedPackage`); this one
 * refuses early, before anything is read.
 */
import type { PackageManifest, PartyIdentity } from '../types.ts';
import { PackageRefused } from './refusal.ts';

export interface AgreementForCheck {
  readonly id: string;
  /** the signing key of the partner the agreement is with */
  readonly partnerSigningKey: string;
  readonly status: 'draft' | 'active' | 'revoked';
  /** `outgoing`: we only send under it */
  readonly direction: 'outgoing' | 'incoming' | 'both';
  readonly termsSha256: string;
  /** ISO dates (YYYY-MM-DD), inclusive, compared in UTC */
  readonly validFrom: string;
  readonly validUntil: string;
  /** the last sequence accepted under it (0: none) */
  readonly lastReceivedSequence: number;
}

export interface PackageCheckContext {
  /** the partner registered with the manifest's sender signing key, or null */
  readonly partner: PartyIdentity | null;
  /** the agreement with the manifest's agreement id, or null */
  readonly agreement: AgreementForCheck | null;
  readonly now: Date;
  readonly seenPackageIds?: ReadonlySet<string>;
}

function utcDate(value: Date | string): string {
  return (typeof value === 'string' ? value : value.toISOString()).slice(0, 10);
}

/** returns nothing when the package may be imported; throws `PackageRefused` otherwise */
export function checkPackageAgainstAgreement(manifest: PackageManifest, context: PackageCheckContext): void {
  const { partner, agreement, now } = context;
  const sender = manifest.sender.signingKey;
  if (!partner || partner.signingKey !== sender) throw new PackageRefused('unknown-sender', 'No registered partner holds the signing key that signed it.');
  if (!agreement || agreement.id !== manifest.agreementId) throw new PackageRefused('no-agreement', `There is no agreement ${manifest.agreementId}.`);
  if (agreement.partnerSigningKey !== sender) throw new PackageRefused('sender-key-mismatch', `Agreement ${agreement.id} is with another partner than the one that signed it.`);
  const revocation = manifest.kind === 'revocation';
  if (agreement.status === 'draft') throw new PackageRefused('agreement-inactive', `Agreement ${agreement.id} is still a draft awaiting approval.`);
  if (agreement.status === 'revoked' && !revocation) throw new PackageRefused('agreement-revoked', `Agreement ${agreement.id} was revoked.`);
  if (agreement.direction === 'outgoing' && !revocation) throw new PackageRefused('agreement-inactive', `Agreement ${agreement.id} is for sending only.`);
  const today = utcDate(now);
  if (!revocation && (today < utcDate(agreement.validFrom) || today > utcDate(agreement.validUntil))) {
    throw new PackageRefused('agreement-expired', `Agreement ${agreement.id} is valid from ${utcDate(agreement.validFrom)} to ${utcDate(agreement.validUntil)}.`);
  }
  if (manifest.termsSha256 !== agreement.termsSha256) throw new PackageRefused('terms-mismatch', `Its terms hash differs from agreement ${agreement.id}'s.`);
  if (Date.parse(manifest.expiresAt) <= now.getTime()) throw new PackageRefused('package-expired', `It expired at ${manifest.expiresAt}.`);
  if (context.seenPackageIds?.has(manifest.packageId)) throw new PackageRefused('replayed', `Package ${manifest.packageId} was received before.`);
  if (manifest.sequence <= agreement.lastReceivedSequence) {
    throw new PackageRefused('replayed', `Its sequence number ${manifest.sequence} is not above the last received, ${agreement.lastReceivedSequence}.`);
  }
}
