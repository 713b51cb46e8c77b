/**
 * Signed agreement offers, one rule per test: the partner accepts an offer only from the party it
 * registered under the signing key, addressed to itself, signed over exactly what it reads, with
 * terms that are valid and hash as stated; the direction comes back mirrored.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '@ariadne/schema';
import { checkTerms, generateLocalIdentity, publicIdentity, termsHash, type LocalIdentity } from '@ariadne/sharing';
import type { SharingAgreement } from '@ariadne/store';
import { acceptOffer, signOffer, type AgreementOffer } from '../src/sharing/agreement-offer.ts';
import { ProblemError } from '../src/problem.ts';
import { day, prosecutionTerms } from './sharing-fixtures.ts';

const model = loadModel();

function refusedWith(reason: string) {
  return (error: unknown) => error instanceof ProblemError && error.status === 422 && error.members.reason === reason;
}

describe('agreement offers', () => {
  let offerer: LocalIdentity;
  let partner: LocalIdentity;
  let stranger: LocalIdentity;
  let offer: AgreementOffer;

  before(async () => {
    offerer = await generateLocalIdentity('Synthetic Office A');
    partner = await generateLocalIdentity('Synthetic Office B');
    stranger = await generateLocalIdentity('Synthetic Office C');
    const terms = checkTerms(prosecutionTerms(day(30)), model);
    const agreement: SharingAgreement = {
      id: 'sa_synthetic-1', title: 'Synthetic agreement', partnerId: 'sp_b', caseId: 'case-1', direction: 'outgoing', terms, termsSha256: termsHash(terms),
      status: 'draft', approvals: [], createdBy: 'user:test', createdAt: new Date(), revokedAt: null, revokedReason: null, lastSentSequence: 0, lastReceivedSequence: 0,
    };
    offer = signOffer(agreement, offerer, publicIdentity(partner));
  });

  const context = (over: Partial<Parameters<typeof acceptOffer>[1]> = {}) => ({ us: publicIdentity(partner), partner: publicIdentity(offerer), model, ...over });

  test('a valid offer is accepted with its id and terms, the direction mirrored', () => {
    const accepted = acceptOffer(offer, context());
    assert.equal(accepted.id, 'sa_synthetic-1');
    assert.equal(accepted.direction, 'incoming');
    assert.equal(accepted.termsSha256, offer.termsSha256);
    assert.equal(JSON.stringify(offer).includes('AGE-SECRET-KEY'), false, 'an offer carries public keys only');
  });

  test('an offer from a party that is not a registered partner is refused', () => {
    assert.throws(() => acceptOffer(offer, context({ partner: null })), refusedWith('unknown-sender'));
  });

  test('an offer whose sender card is not the registered partner is refused', () => {
    assert.throws(() => acceptOffer(offer, context({ partner: publicIdentity(stranger) })), refusedWith('sender-key-mismatch'));
  });

  test('an offer addressed to someone else is refused', () => {
    assert.throws(() => acceptOffer(offer, context({ us: publicIdentity(stranger) })), refusedWith('not-for-us'));
  });

  test('an offer changed after signing is refused', () => {
    assert.throws(() => acceptOffer({ ...offer, title: 'Another title' }, context()), refusedWith('bad-signature'));
    assert.throws(() => acceptOffer({ ...offer, direction: 'both' }, context()), refusedWith('bad-signature'));
  });

  test('an offer signed by another key with the partner\'s card is refused', () => {
    const forged = signOffer({ ...acceptOfferAgreement(offer), direction: 'outgoing' }, stranger, publicIdentity(partner));
    assert.throws(() => acceptOffer({ ...forged, from: offer.from }, context()), refusedWith('bad-signature'));
  });

  test('terms that do not hash as the offer says are refused', () => {
    const wrongHash = signOffer({ ...acceptOfferAgreement(offer), termsSha256: 'f'.repeat(64) }, offerer, publicIdentity(partner));
    assert.throws(() => acceptOffer(wrongHash, context()), refusedWith('terms-mismatch'));
  });

  test('invalid terms are refused naming the field', () => {
    const invalid = signOffer({ ...acceptOfferAgreement(offer), terms: { ...offer.terms, allowed: { Person: ['nationality'] } } }, offerer, publicIdentity(partner));
    assert.throws(() => acceptOffer(invalid, context()), (error: { code?: string; details?: Record<string, string> }) => error.code === 'VALIDATION_FAILED' && /requires name/.test(error.details?.['allowed.Person'] ?? ''));
  });
});

/** the agreement an offer was made from, to sign variants of it */
function acceptOfferAgreement(offer: AgreementOffer): SharingAgreement {
  return {
    id: offer.id, title: offer.title, partnerId: 'sp_b', caseId: 'case-1', direction: offer.direction, terms: offer.terms, termsSha256: offer.termsSha256,
    status: 'draft', approvals: [], createdBy: 'user:test', createdAt: new Date(), revokedAt: null, revokedReason: null, lastSentSequence: 0, lastReceivedSequence: 0,
  };
}
