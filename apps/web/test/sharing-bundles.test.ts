/**
 * Received evidence bundles as the view says how they verified, and partner cards carrying a
 * ledger key: a bundle checked against the partner's published ledger key, one checked only
 * against the key it carries (with the fingerprint to compare), and one the server kept no check
 * for; a card's `ledgerKey` passed on to the server as given. Synthetic values throughout.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReceivedMember } from '../src/api/sharing-types.ts';
import { bundleVerification } from '../src/pages/sharing/received-view.ts';
import { parsePartyCard } from '../src/pages/sharing/share-files.ts';

const FINGERPRINT = 'ab'.repeat(32);
const bundle: ReceivedMember = { path: 'evidence/bundle-1.tar', role: 'evidence-bundle', sha256: 'c'.repeat(64), bytes: 4096 };
const check = { ok: true, bundleId: 'bundle-1', items: 2, events: 7, log: { origin: 'synthetic.example/log', treeSize: 40 }, keyName: 'synthetic.example/log', keyFingerprint: FINGERPRINT };

describe("a received bundle's verification", () => {
  test("verified against the partner's published ledger key", () => {
    assert.deepEqual(bundleVerification({ ...bundle, verification: { ...check, keyChecked: 'partner' } }),
      { state: 'partner', message: 'sharing.received.verifiedPartner', fingerprint: FINGERPRINT });
  });

  test('verified only against the key it carries: the fingerprint is what tells whose key it is', () => {
    assert.deepEqual(bundleVerification({ ...bundle, verification: { ...check, keyChecked: 'bundle' } }),
      { state: 'bundle', message: 'sharing.received.verifiedBundle', fingerprint: FINGERPRINT });
  });

  test('no check kept, or one that does not read as a passed check, is shown as not verified', () => {
    const unchecked = { state: 'unchecked', message: 'sharing.received.notVerified', fingerprint: null };
    assert.deepEqual(bundleVerification(bundle), unchecked);
    assert.deepEqual(bundleVerification({ ...bundle, verification: null }), unchecked);
    assert.deepEqual(bundleVerification({ ...bundle, verification: { ...check, ok: false, keyChecked: 'partner' } }), unchecked);
    assert.deepEqual(bundleVerification({ ...bundle, verification: { ...check, keyChecked: 'elsewhere' as 'partner' } }), unchecked);
    assert.equal(bundleVerification({ ...bundle, verification: { ...check, keyChecked: 'bundle', keyFingerprint: '<b>not hex</b>' } }).fingerprint, null);
  });
});

describe('a partner card with a ledger key', () => {
  const card = { format: 'ariadne-party/1', name: 'Synthetic Prosecution Service', signingKey: 'c2lnbg==', ageRecipient: 'age1synthetic', fingerprint: 'ABCD EFGH' };
  const ledgerKey = `synthetic.example/log+0a1b2c3d+${Buffer.alloc(33, 1).toString('base64')}`;

  test('passes the ledger key on as given, and reads a card without one as before', () => {
    const withKey = parsePartyCard(JSON.stringify({ ...card, ledgerKey: ` ${ledgerKey} ` }));
    assert.ok(withKey.ok);
    assert.equal(withKey.value.ledgerKey, ledgerKey);
    const without = parsePartyCard(JSON.stringify(card));
    assert.ok(without.ok);
    assert.equal('ledgerKey' in without.value, false);
    const nullKey = parsePartyCard(JSON.stringify({ ...card, ledgerKey: null }));
    assert.ok(nullKey.ok && !('ledgerKey' in nullKey.value));
  });

  test('a ledger key that is not a string makes the card wrong', () => {
    assert.deepEqual(parsePartyCard(JSON.stringify({ ...card, ledgerKey: 42 })), { ok: false, problem: 'sharing.card.problem.fields' });
    assert.deepEqual(parsePartyCard(JSON.stringify({ ...card, ledgerKey: '' })), { ok: false, problem: 'sharing.card.problem.fields' });
  });
});
