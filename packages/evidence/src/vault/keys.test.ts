/**
 * The master key: from the environment (base64) or a key file created with mode 0600 on first
 * start and refused later when others could read it or it is malformed. Errors never echo the
 * key material.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAriadneError } from '@ariadne/schema/errors';
import { deriveVaultKeys, keyIdOf, loadMasterKey, parseMasterKey } from './keys.ts';
import { tempDir } from './test-support.ts';

function invalidKey(message: RegExp, secret?: string) {
  return (error: unknown) => {
    assert.ok(isAriadneError(error), String(error));
    assert.equal(error.code, 'VAULT_KEY_INVALID');
    assert.match(error.message, message);
    if (secret) assert.ok(!error.message.includes(secret) && !JSON.stringify(error.details).includes(secret), 'the key is not echoed');
    return true;
  };
}

test('a key from the environment is 32 bytes of base64; anything else is refused without echoing it', async () => {
  const key = randomBytes(32);
  const loaded = await loadMasterKey({ base64: `${key.toString('base64')}\n`, keyFile: '/nonexistent/never-read.key' });
  assert.deepEqual(loaded, { key, origin: 'environment' });
  for (const bad of [randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), `${key.toString('base64').slice(0, -1)}!`, key.toString('hex'), 'x'.repeat(100_000)]) {
    await assert.rejects(loadMasterKey({ base64: bad }), invalidKey(/ARIADNE_VAULT_KEY is malformed: it must hold 32 random bytes in base64/, bad.slice(0, 40)));
  }
  await assert.rejects(loadMasterKey({}), invalidKey(/no vault key: set ARIADNE_VAULT_KEY or give a key file/));
  assert.throws(() => parseMasterKey('', 'test'), invalidKey(/test is malformed/));
});

test('a missing key file is created with mode 0600 and the same key is read back', async () => {
  const dir = await tempDir();
  try {
    const keyFile = join(dir, 'data', 'vault.key');
    const created = await loadMasterKey({ keyFile });
    assert.equal(created.origin, 'new key file');
    assert.equal(created.key.length, 32);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    assert.equal((await readFile(keyFile, 'utf8')).trim(), created.key.toString('base64'));
    const again = await loadMasterKey({ keyFile, base64: '' });
    assert.deepEqual(again, { key: created.key, origin: 'key file' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a key file others can read, a malformed one, or a folder are refused', async () => {
  const dir = await tempDir();
  try {
    const keyFile = join(dir, 'vault.key');
    const secret = randomBytes(32).toString('base64');
    await writeFile(keyFile, `${secret}\n`, { mode: 0o600 });
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      await chmod(keyFile, mode);
      await assert.rejects(loadMasterKey({ keyFile }), invalidKey(new RegExp(`can be read or changed by other users \\(mode 0${mode.toString(8)}\\); run \`chmod 600 `), secret));
    }
    await chmod(keyFile, 0o400);
    assert.equal((await loadMasterKey({ keyFile })).key.toString('base64'), secret, 'read-only for the owner is fine');
    await chmod(keyFile, 0o600);
    for (const content of ['', 'not base64 at all', randomBytes(31).toString('base64'), `${secret}${secret}`, 'A'.repeat(5000)]) {
      await writeFile(keyFile, content);
      await assert.rejects(loadMasterKey({ keyFile }), invalidKey(/is malformed: it must hold 32 random bytes in base64/));
    }
    await mkdir(join(dir, 'a-folder'));
    await assert.rejects(loadMasterKey({ keyFile: join(dir, 'a-folder') }), invalidKey(/is not a regular file/));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('derived keys: the key id names the master key; wrap and name keys differ from it and from each other', () => {
  const master = Buffer.alloc(32, 7);
  const keys = deriveVaultKeys(master);
  assert.equal(keys.keyId, keyIdOf(master));
  assert.equal(keys.keyId, createHash('sha256').update(master).digest('hex').slice(0, 16), 'the first 8 bytes of SHA-256(master key)');
  assert.deepEqual(keys.keyIdBytes, Buffer.from(keys.keyId, 'hex'));
  // HKDF-SHA256 (RFC 5869) with an empty salt, written out: one block of output is T(1)
  const hkdf = (info: string) => {
    const prk = createHmac('sha256', Buffer.alloc(32)).update(master).digest();
    return createHmac('sha256', prk).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest();
  };
  assert.deepEqual(keys.wrapKey, hkdf('ariadne-vault v1 data-key wrapping'));
  assert.deepEqual(keys.nameKey, hkdf('ariadne-vault v1 blob names'));
  assert.notDeepEqual(keys.wrapKey, master);
  assert.notDeepEqual(keys.nameKey, master);
  assert.notDeepEqual(keys.wrapKey, keys.nameKey);
  assert.deepEqual(deriveVaultKeys(Buffer.alloc(32, 7)), keys, 'deterministic');
  assert.notEqual(deriveVaultKeys(Buffer.alloc(32, 8)).keyId, keys.keyId);
  assert.throws(() => deriveVaultKeys(Buffer.alloc(16)), invalidKey(/must be 32 bytes, not 16/));
});
