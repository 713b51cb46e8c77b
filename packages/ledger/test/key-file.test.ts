/**
 * The log's key and name: created once (mode 0600) and reused, taken from configuration when
 * given, refused when others can read the file or it holds no key — without ever echoing the key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOrigin, generateNoteKeys, loadOrCreateKeyFile, openLedgerSigning, parseVerifierKey, readLedgerEnvironment } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-ledger-key-'));
const instanceId = async () => '0b6f4c1e-synthetic';

test('creates the key file once, private, named after the origin, and reuses it', async () => {
  const keyFile = join(dir, 'ledger.key');
  const first = await openLedgerSigning({ signerKey: null, origin: null, keyFile, instanceId });
  assert.equal(first.created, true);
  assert.equal(first.origin, 'ariadne.local/0b6f4c1e-synthetic');
  assert.equal(first.signer.name, first.origin);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  assert.match(readFileSync(keyFile, 'utf8'), /^PRIVATE\+KEY\+ariadne\.local\/0b6f4c1e-synthetic\+[0-9a-f]{8}\+\S+\n$/);
  assert.equal(parseVerifierKey(first.verifierKey).name, first.origin);
  const again = await openLedgerSigning({ signerKey: null, origin: 'ariadne.test/other-name', keyFile, instanceId });
  assert.equal(again.created, false);
  assert.equal(again.verifierKey, first.verifierKey, 'the same key, whatever the origin');
  assert.equal(again.origin, 'ariadne.test/other-name');
  const [a, b] = await Promise.all([loadOrCreateKeyFile(join(dir, 'race.key'), 'race'), loadOrCreateKeyFile(join(dir, 'race.key'), 'race')]);
  assert.deepEqual(a.signer.keyId, b.signer.keyId, 'two first starts agree on one key');
});

test('a configured key wins over the file', async () => {
  const keys = generateNoteKeys('ariadne.test/configured');
  const got = await openLedgerSigning({ signerKey: `${keys.skey}\n`, origin: 'ariadne.test/configured', keyFile: join(dir, 'unused.key'), instanceId });
  assert.equal(got.verifierKey, keys.vkey);
  assert.throws(() => statSync(join(dir, 'unused.key')));
});

test('refuses keys others can read, files without a key, and bad origins, never quoting the key', async () => {
  const open = join(dir, 'open.key');
  writeFileSync(open, generateNoteKeys('x').skey, { mode: 0o644 });
  chmodSync(open, 0o644);
  await assert.rejects(loadOrCreateKeyFile(open, 'x'), /can be read by other users/);
  const garbage = join(dir, 'garbage.key');
  writeFileSync(garbage, 'PRIVATE+KEY+secret-looking-material', { mode: 0o600 });
  await assert.rejects(loadOrCreateKeyFile(garbage, 'x'), (e: Error) => /does not hold a C2SP signer key/.test(e.message) && !e.message.includes('secret-looking'));
  await assert.rejects(openLedgerSigning({ signerKey: 'PRIVATE+KEY+leaked-secret', origin: 'o', keyFile: null, instanceId }),
    (e: Error) => /ARIADNE_LEDGER_KEY does not hold/.test(e.message) && !e.message.includes('leaked-secret'));
  await assert.rejects(openLedgerSigning({ signerKey: null, origin: 'o', keyFile: null, instanceId }), /no ledger key/);
  for (const bad of ['', 'two words', 'a+b', 'line\nbreak', 'x'.repeat(201), 'tab\there', 'del\u007f']) assert.throws(() => checkOrigin(bad), /origin/, JSON.stringify(bad));
  assert.equal(checkOrigin('ariadne.example.org/log'), 'ariadne.example.org/log');
  await assert.rejects(loadOrCreateKeyFile(join(dir, 'missing-folder', 'ledger.key'), 'x'), /cannot create the ledger key file .*ENOENT/);
});

test('reads the ledger\'s environment, with defaults, and names the bad variable', () => {
  assert.deepEqual(readLedgerEnvironment({}), { checkpointEntries: 1000, checkpointSeconds: 60, origin: null, signerKey: null });
  assert.deepEqual(readLedgerEnvironment({ ARIADNE_CHECKPOINT_ENTRIES: '50', ARIADNE_CHECKPOINT_SECONDS: '5', ARIADNE_LEDGER_ORIGIN: 'ariadne.test/env', ARIADNE_LEDGER_KEY: 'PRIVATE+KEY+x' }),
    { checkpointEntries: 50, checkpointSeconds: 5, origin: 'ariadne.test/env', signerKey: 'PRIVATE+KEY+x' });
  for (const [name, value] of [['ARIADNE_CHECKPOINT_ENTRIES', '0'], ['ARIADNE_CHECKPOINT_ENTRIES', '1e3'], ['ARIADNE_CHECKPOINT_ENTRIES', '-5'], ['ARIADNE_CHECKPOINT_SECONDS', '86401'],
    ['ARIADNE_CHECKPOINT_SECONDS', ' 5'], ['ARIADNE_CHECKPOINT_ENTRIES', '9'.repeat(100)], ['ARIADNE_LEDGER_ORIGIN', 'two words']] as const) {
    assert.throws(() => readLedgerEnvironment({ [name]: value }), new RegExp(`^Error: ${name}`), `${name}=${value}`);
  }
});
