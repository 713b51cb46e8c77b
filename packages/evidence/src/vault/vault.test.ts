/**
 * The vault as its users see it: files go in as streams and come back byte for byte; the same
 * content is stored once; names depend on the key; a wrong key is named, not guessed at; and a
 * failed intake (size limit, abort, broken source, empty file) leaves nothing behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Vault } from './vault.ts';
import { filesUnder, hasCode, pieces, readAll, testVault } from './test-support.ts';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('files of 1 byte, 1 MiB − 1, 1 MiB, 1 MiB + 1 and 5 MiB + 3 go in and come back byte for byte', async () => {
  const t = await testVault();
  try {
    for (const size of [1, MiB - 1, MiB, MiB + 1, 5 * MiB + 3]) {
      const data = randomBytes(size);
      const stored = await t.vault.put(pieces(data, [65_536, 1, 100_003]), { filename: 'synthetic.bin' });
      assert.equal(stored.size, size);
      assert.equal(stored.sha256, sha256(data));
      assert.equal(stored.keyId, t.vault.keyId);
      assert.equal(stored.duplicate, false);
      assert.match(stored.name, /^[0-9a-f]{64}$/);
      assert.notEqual(stored.name, stored.sha256, 'the name is keyed, not the bare hash');
      assert.equal(stored.name, t.vault.nameFor(stored.sha256));
      assert.ok(await t.vault.has(stored.name));
      assert.deepEqual(await readAll(t.vault.open(stored.name)), data, `size ${size}`);
      assert.deepEqual(await t.vault.verify(stored.name), { ok: true, name: stored.name, sha256: stored.sha256, size });
      const info = await t.vault.stat(stored.name);
      assert.equal(info.size, size);
      assert.equal(info.complete, true);
      assert.equal(info.keyId, t.vault.keyId);
      assert.equal(info.records, Math.ceil(size / MiB) + 1, 'full records, then the terminal record');
      // stored encrypted: the plaintext does not appear in the blob file
      const file = await readFile(join(t.dir, 'blobs', stored.name.slice(0, 2), stored.name.slice(2, 4), stored.name));
      if (size >= 16) assert.equal(file.indexOf(data.subarray(0, 16)), -1, 'stored encrypted');
    }
    assert.deepEqual((await filesUnder(join(t.dir, 'tmp'))), [], 'no temporary file is left');
  } finally {
    await t.cleanup();
  }
});

test('a zero-byte file is refused unless allowed', async () => {
  const t = await testVault();
  try {
    await assert.rejects(t.vault.put(Readable.from([])), hasCode('VALIDATION_FAILED', /the file is empty/));
    assert.deepEqual(await filesUnder(t.dir), ['vault.json']);
    const empty = await t.vault.put(Readable.from([]), { allowEmpty: true });
    assert.equal(empty.size, 0);
    assert.equal(empty.sha256, sha256(Buffer.alloc(0)));
    assert.deepEqual(await readAll(t.vault.open(empty.name)), Buffer.alloc(0));
    assert.equal((await t.vault.verify(empty.name)).ok, true);
  } finally {
    await t.cleanup();
  }
});

test('the same content is stored once: the second intake is reported as a duplicate', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(3 * MiB + 17);
    const first = await t.vault.put(Readable.from([data]), { filename: 'test-video-1.bin' });
    const before = await filesUnder(join(t.dir, 'blobs'));
    const second = await t.vault.put(pieces(data, [4096]), { filename: 'test-video-copy.bin' });
    assert.equal(second.duplicate, true);
    assert.equal(second.name, first.name);
    assert.equal(second.sha256, first.sha256);
    assert.deepEqual(await filesUnder(join(t.dir, 'blobs')), before, 'the existing blob is kept, no second file');
    assert.deepEqual(await filesUnder(join(t.dir, 'tmp')), [], 'the new copy is deleted');
    assert.deepEqual(await readAll(t.vault.open(first.name)), data);
  } finally {
    await t.cleanup();
  }
});

test('the same file under two master keys gets two different names', async () => {
  const a = await testVault();
  const b = await testVault();
  try {
    const data = Buffer.from('Synthetic Witness statement, used only in tests.\n');
    const inA = await a.vault.put(Readable.from([data]));
    const inB = await b.vault.put(Readable.from([data]));
    assert.equal(inA.sha256, inB.sha256);
    assert.notEqual(inA.name, inB.name);
    assert.notEqual(inA.keyId, inB.keyId);
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});

test('a wrong key is named: the vault refuses to open, and a foreign blob names both key ids', async () => {
  const a = await testVault();
  const b = await testVault();
  try {
    const wrong = randomBytes(32);
    const wrongVault = await Vault.open({ dir: join(a.dir, '..', 'other'), masterKey: wrong });
    await assert.rejects(Vault.open({ dir: a.dir, masterKey: wrong }),
      hasCode('EVIDENCE_KEY_MISMATCH', new RegExp(`^this vault was encrypted with key ${a.vault.keyId}, the key given is ${wrongVault.keyId}$`)));
    // a blob copied in from another vault (another key) is refused with both ids, on read and on verify
    const stored = await b.vault.put(Readable.from([Buffer.from('synthetic')]));
    const { copyFile, mkdir } = await import('node:fs/promises');
    const rel = join('blobs', stored.name.slice(0, 2), stored.name.slice(2, 4));
    await mkdir(join(a.dir, rel), { recursive: true });
    await copyFile(join(b.dir, rel, stored.name), join(a.dir, rel, stored.name));
    const expected = new RegExp(`was encrypted with key ${b.vault.keyId}, the key given is ${a.vault.keyId}`);
    await assert.rejects(readAll(a.vault.open(stored.name)), hasCode('EVIDENCE_KEY_MISMATCH', expected));
    const verdict = await a.vault.verify(stored.name);
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok && verdict.code === 'EVIDENCE_KEY_MISMATCH' && expected.test(verdict.problem));
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});

test('exceeding maxBytes, an abort and a failing source leave no file in blobs/ or tmp/', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(3 * MiB);
    await assert.rejects(t.vault.put(pieces(data, [MiB / 4]), { maxBytes: 2 * MiB }), hasCode('PAYLOAD_TOO_LARGE', /larger than the limit of 2097152 bytes/));

    const controller = new AbortController();
    async function* slow() {
      yield data.subarray(0, MiB + 5);
      controller.abort(new Error('client went away'));
      await new Promise(() => undefined); // never yields again: the abort must not wait for it
    }
    await assert.rejects(t.vault.put(slow(), { signal: controller.signal }), hasCode('UPLOAD_INCOMPLETE', /cancelled after 1048581 bytes/));

    const aborted = AbortSignal.abort();
    await assert.rejects(t.vault.put(Readable.from([data]), { signal: aborted }), hasCode('UPLOAD_INCOMPLETE', /cancelled after 0 bytes/));

    const broken = new Readable({ read() {} });
    broken.push(data.subarray(0, 2 * MiB + 1));
    setTimeout(() => broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 20);
    await assert.rejects(t.vault.put(broken), hasCode('UPLOAD_INCOMPLETE', /interrupted after 2097153 bytes \(ECONNRESET\)/));

    async function* failing() {
      yield data.subarray(0, 10);
      throw new Error('read error');
    }
    await assert.rejects(t.vault.put(failing()), hasCode('UPLOAD_INCOMPLETE', /interrupted after 10 bytes/));
    await assert.rejects(t.vault.put(Readable.from(['text, not bytes'])), TypeError);
    await assert.rejects(t.vault.put(Readable.from([data]), { maxBytes: -1 }), RangeError);
    await assert.rejects(t.vault.put(Readable.from([data]), { maxBytes: Number.NaN }), RangeError);

    assert.deepEqual(await filesUnder(t.dir), ['vault.json'], 'nothing but the marker');
  } finally {
    await t.cleanup();
  }
});

test('blob names from outside are checked before they reach the file system', async () => {
  const t = await testVault();
  try {
    for (const name of ['../../vault.json', '..', '', 'A'.repeat(64), `${'a'.repeat(63)}/`, 'a'.repeat(65)]) {
      assert.equal(await t.vault.has(name), false);
      await assert.rejects(readAll(t.vault.open(name)), hasCode('VALIDATION_FAILED'));
      assert.equal((await t.vault.verify(name)).ok, false);
      await assert.rejects(t.vault.stat(name), hasCode('VALIDATION_FAILED'));
    }
    const missing = 'ab'.repeat(32);
    await assert.rejects(readAll(t.vault.open(missing)), hasCode('NOT_FOUND', /no evidence blob named/));
    const verdict = await t.vault.verify(missing);
    assert.ok(!verdict.ok && verdict.code === 'NOT_FOUND');
    assert.throws(() => t.vault.nameFor('not a hash'), hasCode('VALIDATION_FAILED'));
  } finally {
    await t.cleanup();
  }
});

test('a vault folder with a damaged marker is refused', async () => {
  const t = await testVault();
  try {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(t.dir, 'vault.json'), 'not json');
    await assert.rejects(t.reopen(), hasCode('EVIDENCE_CORRUPT', /vault\.json: not a vault marker file/));
  } finally {
    await t.cleanup();
  }
});
