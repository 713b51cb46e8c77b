/**
 * Signed agreement offers (`ariadne-agreement/1`): how an agreement made on one side reaches the
 * partner without retyping its terms. The offering side signs, with its sharing key (Ed25519),
 * the canonical JSON of the offer: the agreement's id, title, direction, terms and their hash,
 * its own identity card and the partner's. The partner accepts it only when the signature
 * verifies against the key it registered for that partner (confirmed out of band by its
 * fingerprint), the offer names it as the recipient, and the terms are valid and hash to what
 * the offer says. Pure: the caller finds the partner and stores the agreement.
 */
import type { AriadneModel } from '@ariadne/schema';
import {
  canonicalJson, checkTerms, formatPartyIdentity, parsePartyIdentity, signManifestBytes, termsHash, verifyManifestBytes,
  type AgreementTerms, type LocalIdentity, type PartyIdentity, type RefusalReason,
} from '@ariadne/sharing';
import type { SharingAgreement } from '@ariadne/store';
import { ProblemError } from '../problem.ts';

export const OFFER_FORMAT = 'ariadne-agreement/1' as const;

/** a party's public card, as `GET /api/sharing/identity` answers it */
export interface PartyCard {
  readonly format: 'ariadne-party/1';
  readonly name: string;
  readonly signingKey: string;
  readonly ageRecipient: string;
  readonly fingerprint: string;
  /** the party's ledger verifier key, when it signs checkpoints (its evidence bundles are checked against it) */
  readonly ledgerKey?: string;
}

export interface AgreementOffer {
  readonly format: typeof OFFER_FORMAT;
  readonly id: string;
  readonly title: string;
  /** the offering side's direction: `outgoing` means it sends */
  readonly direction: SharingAgreement['direction'];
  readonly terms: AgreementTerms;
  readonly termsSha256: string;
  readonly from: PartyCard;
  readonly to: PartyCard;
  /** Ed25519 over the canonical JSON of every other field, base64 */
  readonly signature: string;
}

/** what the accepting side stores */
export interface AcceptedOffer {
  readonly id: string;
  readonly title: string;
  /** mirrored: the offer's `outgoing` is our `incoming` */
  readonly direction: SharingAgreement['direction'];
  readonly terms: AgreementTerms;
  readonly termsSha256: string;
}

export function partyCard(identity: PartyIdentity): PartyCard {
  return JSON.parse(formatPartyIdentity(identity)) as PartyCard;
}

function signedBytes(offer: Omit<AgreementOffer, 'signature'>): Uint8Array {
  return Buffer.from(canonicalJson(offer), 'utf8');
}

/** the offer of one of our agreements to its partner, signed with our key */
export function signOffer(agreement: SharingAgreement, us: LocalIdentity, partner: PartyIdentity): AgreementOffer {
  const unsigned: Omit<AgreementOffer, 'signature'> = {
    format: OFFER_FORMAT, id: agreement.id, title: agreement.title, direction: agreement.direction, terms: agreement.terms,
    termsSha256: agreement.termsSha256, from: partyCard(us), to: partyCard(partner),
  };
  const signature = Buffer.from(signManifestBytes(signedBytes(unsigned), us.signingSeed)).toString('ascii').trim();
  return { ...unsigned, signature };
}

const MIRROR: Readonly<Record<SharingAgreement['direction'], SharingAgreement['direction']>> = { outgoing: 'incoming', incoming: 'outgoing', both: 'both' };

function refused(reason: RefusalReason, message: string): ProblemError {
  return new ProblemError('VALIDATION_FAILED', message, { status: 422, members: { reason } });
}

function sameParty(card: unknown, identity: PartyIdentity): boolean {
  try {
    const parsed = parsePartyIdentity(card);
    return parsed.signingKey === identity.signingKey && parsed.ageRecipient === identity.ageRecipient;
  } catch {
    return false;
  }
}

/**
 * Checks an offer received from `partner` (the partner registered under the offer's signing key,
 * or null) and addressed to `us`; answers what to store. Refusals are 422 problems with a
 * `reason`: `unknown-sender`, `sender-key-mismatch`, `not-for-us`, `bad-signature`,
 * `terms-mismatch`; invalid terms are VALIDATION_FAILED (400) naming each bad field.
 */
export function acceptOffer(offer: AgreementOffer, context: { us: PartyIdentity; partner: PartyIdentity | null; model: AriadneModel }): AcceptedOffer {
  const { us, partner, model } = context;
  if (partner === null) throw refused('unknown-sender', 'The offer comes from a party that is not a registered partner: register its identity card first.');
  if (!sameParty(offer.from, partner)) {
    throw refused('sender-key-mismatch', "The offer's sender card does not carry the keys registered for this partner.");
  }
  if (!sameParty(offer.to, us)) throw refused('not-for-us', 'The offer is addressed to another party.');
  const { signature, ...unsigned } = offer;
  if (!verifyManifestBytes(signedBytes(unsigned), Buffer.from(`${signature}\n`, 'ascii'), partner.signingKey)) {
    throw refused('bad-signature', "The offer's signature does not verify against the partner's registered signing key.");
  }
  // invalid terms are a 400 naming each bad field (VALIDATION_FAILED from checkTerms)
  const terms = checkTerms(offer.terms, model);
  const termsSha256 = termsHash(terms);
  if (termsSha256 !== offer.termsSha256) throw refused('terms-mismatch', 'The terms do not hash to the hash the offer states.');
  return { id: offer.id, title: offer.title, direction: MIRROR[offer.direction], terms, termsSha256 };
}
