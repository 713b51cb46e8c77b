/**
 * Sharing identities: generated from a CSPRNG, kept in a private versioned file that is created
 * once and refused when others can read it, exchanged as a JSON card whose fingerprint both sides
 * read aloud; bad input is refused naming the field, never quoting a key.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { identityToRecipient } from 'age-encryption';
import { AriadneError } from '@ariadne/schema/errors';
import {
  ageRecipientOf, fingerprint, formatIdentityFile, formatPartyIdentity, generateLocalIdentity, isAgeRecipient, loadOrCreateIdentityFile,
  isLedgerVerifierKey, ledgerKeyFingerprint, parseIdentityFile, parsePartyIdentity, publicIdentity,
} from '../src/package/index.ts';

/** a fresh C2SP verifier key `<name>+<key id>+<base64(0x01 ‖ Ed25519 key)>`, as a ledger publishes it */
function verifierKey(name: string): string {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const raw = Buffer.concat([Buffer.of(0x01), Buffer.from(jwk.x!, 'base64url')]);
  const keyId = createHash('sha256').update(`${name}\n`).update(raw).digest().subarray(0, 4).toString('hex');
  return `${name}+${keyId}+${raw.toString('base64')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'ariadne-sharing-identity-'));

/** asserts `fn` throws an AriadneError whose message and details contain none of `secrets` */
function assertRefusedWithoutQuoting(fn: () => unknown, secrets: readonly string[], code: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AriadneError);
    assert.equal(error.code, code);
    const shown = `${error.message} ${JSON.stringify(error.details ?? {})}`;
    for (const secret of secrets) assert.ok(!shown.includes(secret), 'the error must not quote key material');
    return true;
  });
}

describe('local identity', () => {
  test('is generated with fresh secrets whose public halves match age and Ed25519', async () => {
    const alpha = await generateLocalIdentity('Testland FIU Alpha');
    const beta = await generateLocalIdentity('Testland NGO Beta');
    assert.equal(alpha.signingSeed.length, 32);
    assert.equal(alpha.pseudonymSecret.length, 32);
    assert.match(alpha.ageIdentity, /^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    assert.match(alpha.ageRecipient, /^age1[0-9a-z]{58}$/);
    assert.equal(Buffer.from(alpha.signingKey, 'base64').length, 32);
    assert.notDeepEqual(alpha.signingSeed, beta.signingSeed);
    assert.notDeepEqual(alpha.pseudonymSecret, beta.pseudonymSecret);
    assert.notEqual(alpha.ageIdentity, beta.ageIdentity);
    // our synchronous derivation agrees with age's own
    assert.equal(ageRecipientOf(alpha.ageIdentity), await identityToRecipient(alpha.ageIdentity));
    assert.equal(ageRecipientOf(beta.ageIdentity), beta.ageRecipient);
  });

  test('shows only its public half when logged or serialised', async () => {
    const alpha = await generateLocalIdentity('Testland FIU Alpha');
    const seed = Buffer.from(alpha.signingSeed).toString('base64');
    for (const shown of [JSON.stringify(alpha), inspect(alpha), `${JSON.stringify({ wrapped: alpha })}`]) {
      assert.ok(!shown.includes(alpha.ageIdentity));
      assert.ok(!shown.includes(seed));
      assert.ok(shown.includes(alpha.signingKey));
    }
    assert.deepEqual(publicIdentity(alpha), { name: alpha.name, signingKey: alpha.signingKey, ageRecipient: alpha.ageRecipient });
  });

  test('round-trips through its file format', async () => {
    const alpha = await generateLocalIdentity('Testland FIU Alpha');
    const text = formatIdentityFile(alpha);
    assert.match(text, /"format": "ariadne-identity\/1"/);
    const back = parseIdentityFile(text);
    assert.deepEqual({ ...back }, { ...alpha });
  });

  test('refuses broken files naming the field, never quoting the key', async () => {
    const alpha = await generateLocalIdentity('Testland FIU Alpha');
    const file = JSON.parse(formatIdentityFile(alpha)) as Record<string, string>;
    const seed = file.signingSeed!;
    const secrets = [seed, alpha.ageIdentity, file.pseudonymSecret!, seed.slice(0, 12), alpha.ageIdentity.slice(16, 40)];
    assertRefusedWithoutQuoting(() => parseIdentityFile(`{"format":"ariadne-identity/1","signingSeed":"${seed}`), secrets, 'MALFORMED_INPUT');
    assertRefusedWithoutQuoting(() => parseIdentityFile(seed), secrets, 'MALFORMED_INPUT');
    const variants: Record<string, unknown>[] = [
      { ...file, format: 'ariadne-identity/0' },
      { ...file, signingSeed: seed.slice(0, -4) },
      { ...file, ageIdentity: `${alpha.ageIdentity.slice(0, -1)}Q` },
      { ...file, pseudonymSecret: 'c2hvcnQ=' },
      { ...file, signingKey: (await generateLocalIdentity('Other')).signingKey },
      { ...file, ageRecipient: (await generateLocalIdentity('Other')).ageRecipient },
      { ...file, extra: seed },
    ];
    for (const variant of variants) assertRefusedWithoutQuoting(() => parseIdentityFile(JSON.stringify(variant)), secrets, 'VALIDATION_FAILED');
  });

  test('the file is created once with mode 0600 and reused', async () => {
    const path = join(dir, 'sharing.key');
    const first = await loadOrCreateIdentityFile(path, 'Testland FIU Alpha');
    assert.equal(first.created, true);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const again = await loadOrCreateIdentityFile(path, 'ignored on load');
    assert.equal(again.created, false);
    assert.equal(again.identity.signingKey, first.identity.signingKey);
    assert.equal(again.identity.name, 'Testland FIU Alpha');
    const [a, b] = await Promise.all([loadOrCreateIdentityFile(join(dir, 'race.key'), 'Race'), loadOrCreateIdentityFile(join(dir, 'race.key'), 'Race')]);
    assert.equal(a.identity.signingKey, b.identity.signingKey, 'two first starts agree on one identity');
  });

  test('a file other users can read is refused, not used', async () => {
    const path = join(dir, 'open.key');
    writeFileSync(path, formatIdentityFile(await generateLocalIdentity('Testland FIU Alpha')));
    chmodSync(path, 0o644);
    await assert.rejects(loadOrCreateIdentityFile(path, 'Testland FIU Alpha'), (error: unknown) => {
      assert.ok(error instanceof AriadneError);
      assert.match(error.message, /can be read by other users.*chmod 600/);
      return true;
    });
    const broken = join(dir, 'broken.key');
    writeFileSync(broken, '{"format":"ariadne-identity/1"}', { mode: 0o600 });
    await assert.rejects(loadOrCreateIdentityFile(broken, 'x'), /broken\.key: the identity file: name/);
    assert.equal(readFileSync(broken, 'utf8'), '{"format":"ariadne-identity/1"}', 'a broken file is never overwritten');
  });
});

describe('partner identity card', () => {
  test('round-trips with a fingerprint to read aloud', async () => {
    const beta = await generateLocalIdentity('Testland NGO Beta');
    const card = formatPartyIdentity(beta);
    const parsed = JSON.parse(card) as Record<string, string>;
    assert.deepEqual(Object.keys(parsed), ['format', 'name', 'signingKey', 'ageRecipient', 'fingerprint']);
    assert.equal(parsed.format, 'ariadne-party/1');
    assert.match(parsed.fingerprint!, /^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    assert.ok(!card.includes(beta.ageIdentity), 'the card holds no secret');
    assert.deepEqual(parsePartyIdentity(card), publicIdentity(beta));
    assert.deepEqual(parsePartyIdentity(parsed), publicIdentity(beta));
    assert.deepEqual(parsePartyIdentity(publicIdentity(beta)), publicIdentity(beta), 'a bare identity without card fields');
    assert.deepEqual(parsePartyIdentity({ ...parsed, fingerprint: parsed.fingerprint!.toUpperCase().replace(/ /g, ':') }), publicIdentity(beta));
  });

  test('the fingerprint is the first 16 bytes of SHA-256 of the raw signing key', () => {
    const signingKey = Buffer.alloc(32, 0).toString('base64');
    // sha256 of 32 zero bytes: 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
    assert.equal(fingerprint({ signingKey }), '6668 7aad f862 bd77 6c8f c18b 8e9f 8e20');
  });

  test('refuses bad keys, bad recipients, a wrong fingerprint and unknown fields', async () => {
    const beta = publicIdentity(await generateLocalIdentity('Testland NGO Beta'));
    const typo = `${beta.ageRecipient.slice(0, 10)}${beta.ageRecipient[10] === 'q' ? 'p' : 'q'}${beta.ageRecipient.slice(11)}`;
    const cases: [unknown, string][] = [
      [{ ...beta, signingKey: Buffer.alloc(31).toString('base64') }, 'signingKey'],
      [{ ...beta, signingKey: 'not base64!' }, 'signingKey'],
      [{ ...beta, ageRecipient: typo }, 'ageRecipient'],
      [{ ...beta, ageRecipient: beta.ageRecipient.toUpperCase() }, 'ageRecipient'],
      [{ ...beta, ageRecipient: 'age1pq1notsupported' }, 'ageRecipient'],
      [{ ...beta, name: '' }, 'name'],
      [{ ...beta, name: 'Line\nbreak' }, 'name'],
      [{ ...beta, fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000' }, 'fingerprint'],
      [{ ...beta, format: 'ariadne-party/2' }, 'format'],
      [{ ...beta, ageIdentity: 'AGE-SECRET-KEY-1…' }, 'ageIdentity'],
    ];
    for (const [input, field] of cases) {
      assert.throws(() => parsePartyIdentity(input), (error: unknown) => error instanceof AriadneError && error.code === 'VALIDATION_FAILED' && field in (error.details ?? {}), field);
    }
    assert.throws(() => parsePartyIdentity('{not json'), (error: unknown) => error instanceof AriadneError && error.code === 'MALFORMED_INPUT');
    assert.throws(() => parsePartyIdentity([beta]), (error: unknown) => error instanceof AriadneError && error.code === 'MALFORMED_INPUT');
    assert.equal(isAgeRecipient(typo), false);
    assert.equal(isAgeRecipient(beta.ageRecipient), true);
  });

  test('may carry the ledger key the party publishes; it round-trips and stays out of the package identity', async () => {
    const beta = await generateLocalIdentity('Testland NGO Beta');
    const ledgerKey = verifierKey('beta.test.example/log');
    const card = JSON.parse(formatPartyIdentity({ ...publicIdentity(beta), ledgerKey })) as Record<string, string>;
    assert.deepEqual(Object.keys(card), ['format', 'name', 'signingKey', 'ageRecipient', 'fingerprint', 'ledgerKey']);
    assert.equal(card.ledgerKey, ledgerKey);
    assert.deepEqual(parsePartyIdentity(card), { ...publicIdentity(beta), ledgerKey });
    assert.deepEqual(parsePartyIdentity({ ...card, ledgerKey: null }), publicIdentity(beta), 'null: no ledger key');
    assert.deepEqual(publicIdentity(parsePartyIdentity(card)), publicIdentity(beta), 'a package names the sharing keys only');
    // the fingerprint a verifier prints for the key: `printf '%s' "$(cat log.vkey)" | sha256sum`
    assert.equal(ledgerKeyFingerprint(ledgerKey), createHash('sha256').update(ledgerKey).digest('hex'));
  });

  test('refuses a ledger key that is not a verifier key, without quoting it', async () => {
    const beta = publicIdentity(await generateLocalIdentity('Testland NGO Beta'));
    const good = verifierKey('beta.test.example/log');
    assert.equal(isLedgerVerifierKey(good), true);
    const [, name, keyId, key] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(good) as unknown as [string, string, string, string];
    const otherId = keyId === '00000000' ? '00000001' : '00000000';
    const bad = [
      `${name}+${otherId}+${key}`, // the key id does not match the key
      `other.name+${keyId}+${key}`, // nor the name
      `${name}+${keyId}`, `${name}+${keyId}+`, `+${keyId}+${key}`, `na me+${keyId}+${key}`,
      `${name}+${keyId}+${Buffer.from(key, 'base64').subarray(1).toString('base64')}`, // no algorithm byte
      ledgerKeyFingerprint(good), 42,
    ];
    for (const value of bad) {
      assert.equal(isLedgerVerifierKey(value), false, String(value));
      assertRefusedWithoutQuoting(() => parsePartyIdentity({ ...beta, ledgerKey: value }), typeof value === 'string' && value.length > 8 ? [value] : [], 'VALIDATION_FAILED');
    }
    assert.throws(() => formatPartyIdentity({ ...beta, ledgerKey: 'not a key' }), (error: unknown) => error instanceof AriadneError && 'ledgerKey' in (error.details ?? {}));
  });
});
