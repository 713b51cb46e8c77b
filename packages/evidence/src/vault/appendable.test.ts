/**
 * Resumable uploads: appended in odd-sized pieces across a server restart, a record torn by a
 * crash is dropped and the offset reported correctly, an interrupted request keeps what arrived,
 * and the finished blob is exactly what a one-shot put would have stored. The staging file is
 * encrypted from the first byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, open, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readHeader } from './blob-reader.ts';
import { deriveVaultKeys } from './keys.ts';
import { RecordSealer } from './seal.ts';
import { filesUnder, hasCode, pieces, readAll, recordSpans, testVault } from './test-support.ts';

const MiB = 1024 * 1024;

test('an upload appended in odd pieces across a restart finishes as the same blob as a one-shot put', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(3 * MiB + 12_345);
    const upload = await t.vault.createAppendable('upload-odd-pieces');
    assert.equal(upload.offset, 0);
    const cuts = [0, 1, 70_001, MiB + 3, 2 * MiB + 999];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const reached = await upload.append(pieces(data.subarray(cuts[i], cuts[i + 1]), [7, 65_536, 4099]));
      assert.equal(reached, cuts[i + 1]);
    }
    // the staging file is ciphertext only
    const staged = await readFile(join(t.dir, 'uploads', 'upload-odd-pieces'));
    assert.equal(staged.indexOf(data.subarray(70_001, 70_033)), -1);

    // "restart": a new Vault on the same folder recovers the upload from disk
    const restarted = await t.reopen();
    const resumed = await restarted.openAppendable('upload-odd-pieces');
    assert.equal(resumed.offset, 2 * MiB + 999);
    assert.deepEqual(resumed.recovery, { droppedBytes: 0 });
    assert.equal(await restarted.openAppendable('upload-odd-pieces'), resumed, 'a live upload is handed out again, not rebuilt');
    await resumed.append(pieces(data.subarray(resumed.offset), [MiB + 1, 3]));
    const finished = await resumed.finish({ filename: 'test-video.bin' });

    const oneShot = await testVault(t.masterKey);
    try {
      const direct = await oneShot.vault.put(Readable.from([data]));
      assert.equal(finished.sha256, createHash('sha256').update(data).digest('hex'));
      assert.equal(finished.sha256, direct.sha256);
      assert.equal(finished.name, direct.name);
      assert.equal(finished.size, data.length);
      assert.equal(finished.duplicate, false);
    } finally {
      await oneShot.cleanup();
    }
    assert.deepEqual(await readAll(restarted.open(finished.name)), data);
    assert.equal((await restarted.verify(finished.name)).ok, true);
    assert.deepEqual(await filesUnder(join(t.dir, 'uploads')), [], 'the staging file is gone');
    await assert.rejects(restarted.openAppendable('upload-odd-pieces'), hasCode('NOT_FOUND'));
  } finally {
    await t.cleanup();
  }
});

test('a record torn by a crash is dropped on reopen and the offset reported correctly', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(2 * MiB + 500);
    const upload = await t.vault.createAppendable('upload-torn-tail');
    await upload.append(Readable.from([data.subarray(0, 300_000)]));
    await upload.append(Readable.from([data.subarray(300_000, 300_000 + MiB + 50)]));
    const path = join(t.dir, 'uploads', 'upload-torn-tail');
    const spans = await recordSpans(path);
    assert.deepEqual(spans.map((s) => s.length), [300_000, MiB, 50], 'records: the first request, then a full MiB and the short end of the second');
    // the crash: the last record was half written
    const last = spans.at(-1)!;
    await truncate(path, last.offset + 20);

    const restarted = await t.reopen();
    const resumed = await restarted.openAppendable('upload-torn-tail');
    assert.equal(resumed.offset, 300_000 + MiB);
    assert.deepEqual(resumed.recovery, { droppedBytes: 20, droppedRecord: 2 });
    assert.equal((await stat(path)).size, last.offset, 'the torn bytes are cut off');
    await resumed.append(Readable.from([data.subarray(resumed.offset)]));
    const stored = await resumed.finish();
    assert.equal(stored.size, data.length);
    assert.deepEqual(await readAll(restarted.open(stored.name)), data);
  } finally {
    await t.cleanup();
  }
});

test('a damaged last record, or zeros where data never landed, are dropped; damage before good data is refused', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(MiB + 10);
    const upload = await t.vault.createAppendable('upload-damaged');
    await upload.append(Readable.from([data.subarray(0, 1000)]));
    await upload.append(Readable.from([data.subarray(1000, 5000)]));
    await upload.append(Readable.from([data.subarray(5000, 9000)]));
    const path = join(t.dir, 'uploads', 'upload-damaged');
    const good = await readFile(path);
    const spans = await recordSpans(path);

    // the last record complete but garbled
    const garbled = Buffer.from(good);
    garbled[spans[2]!.offset + 100] = garbled[spans[2]!.offset + 100]! ^ 0xff;
    await writeFile(path, garbled);
    let resumed = await (await t.reopen()).openAppendable('upload-damaged');
    assert.equal(resumed.offset, 5000);
    assert.equal(resumed.recovery?.droppedRecord, 2);

    // the file extended by zeros after a crash (blocks allocated, data not written)
    await writeFile(path, Buffer.concat([good, Buffer.alloc(70_000)]));
    resumed = await (await t.reopen()).openAppendable('upload-damaged');
    assert.equal(resumed.offset, 9000);
    assert.deepEqual(resumed.recovery, { droppedBytes: 70_000, droppedRecord: 3 });

    // a changed record in the middle, with good records after it, is not a crash: refused, nothing dropped
    const tampered = Buffer.from(good);
    tampered[spans[1]!.offset + 50] = tampered[spans[1]!.offset + 50]! ^ 0x01;
    await writeFile(path, tampered);
    await assert.rejects((await t.reopen()).openAppendable('upload-damaged'),
      hasCode('EVIDENCE_CORRUPT', /^upload upload-damaged: record 1 does not authenticate/));
    assert.equal((await stat(path)).size, good.length);
  } finally {
    await t.cleanup();
  }
});

test('a finish interrupted after its terminal record reopens as an unfinished upload', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(4000);
    const upload = await t.vault.createAppendable('upload-terminal');
    await upload.append(Readable.from([data.subarray(0, 1500)]));
    await upload.append(Readable.from([data.subarray(1500)]));
    const path = join(t.dir, 'uploads', 'upload-terminal');
    // simulate: finish() wrote the terminal record, then the process died before moving the file
    const fh = await open(path, 'r');
    const opened = await readHeader(fh, deriveVaultKeys(t.masterKey), 'test');
    await fh.close();
    const records = (await recordSpans(path)).length;
    await appendFile(path, Buffer.concat(new RecordSealer(opened).start(records, true).close()));
    assert.equal((await recordSpans(path)).at(-1)!.last, true);

    const resumed = await (await t.reopen()).openAppendable('upload-terminal');
    assert.equal(resumed.offset, 4000);
    assert.deepEqual(resumed.recovery, { droppedBytes: 32, droppedRecord: 2 }, 'the terminal record is taken off again');
    const stored = await resumed.finish();
    assert.deepEqual(await readAll(t.vault.open(stored.name)), data);
  } finally {
    await t.cleanup();
  }
});

test('an interrupted request keeps what arrived; limits, conflicts and abort', async () => {
  const t = await testVault();
  try {
    const data = randomBytes(2 * MiB);
    const upload = await t.vault.createAppendable('upload-interrupted', { maxBytes: 2 * MiB });
    async function* dropsAfter(n: number) {
      yield data.subarray(0, n);
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await assert.rejects(upload.append(dropsAfter(123_457)),
      hasCode('UPLOAD_INCOMPLETE', /interrupted after 123457 bytes \(ECONNRESET\); 123457 bytes of upload upload-interrupted are kept/));
    assert.equal(upload.offset, 123_457);
    const resumed = await (await t.reopen()).openAppendable('upload-interrupted', { maxBytes: 2 * MiB });
    assert.equal(resumed.offset, 123_457, 'what was kept is on disk');

    await assert.rejects(upload.append(Readable.from([data.subarray(123_457), Buffer.alloc(1)])), hasCode('PAYLOAD_TOO_LARGE'));
    assert.equal(upload.offset, 2 * MiB, 'bytes up to the limit are kept');

    const busy = upload.append(Readable.from([Buffer.alloc(0)]));
    await assert.rejects(upload.append(Readable.from([])), hasCode('CONFLICT', /is busy/));
    await busy;
    await assert.rejects(t.vault.createAppendable('upload-interrupted'), hasCode('CONFLICT', /already exists/));
    await assert.rejects(t.vault.createAppendable('../escape'), hasCode('VALIDATION_FAILED'));
    await assert.rejects(t.vault.openAppendable('no-such-upload'), hasCode('NOT_FOUND'));

    const empty = await t.vault.createAppendable('upload-empty');
    await assert.rejects(empty.finish(), hasCode('VALIDATION_FAILED', /the file is empty/));
    await empty.abort();
    await upload.abort();
    await assert.rejects(upload.append(Readable.from([data])), hasCode('CONFLICT', /was aborted/));
    assert.deepEqual(await filesUnder(join(t.dir, 'uploads')), []);
  } finally {
    await t.cleanup();
  }
});

test('finishing an upload of content already stored reports a duplicate and keeps one blob', async () => {
  const t = await testVault();
  try {
    const data = Buffer.from('Synthetic Witness statement, uploaded twice (test data).\n');
    const first = await t.vault.put(Readable.from([data]));
    const upload = await t.vault.createAppendable('upload-duplicate');
    await upload.append(Readable.from([data]));
    const second = await upload.finish();
    assert.equal(second.duplicate, true);
    assert.equal(second.name, first.name);
    assert.equal((await filesUnder(join(t.dir, 'blobs'))).length, 1);
    assert.deepEqual(await filesUnder(join(t.dir, 'uploads')), []);
    await assert.rejects(upload.finish(), hasCode('CONFLICT', /already finished/));
  } finally {
    await t.cleanup();
  }
});

test('garbage appended to a staging file by someone else is refused, not silently dropped', async () => {
  const t = await testVault();
  try {
    const upload = await t.vault.createAppendable('upload-garbage');
    await upload.append(Readable.from([randomBytes(5000)]));
    const path = join(t.dir, 'uploads', 'upload-garbage');
    const size = (await stat(path)).size;
    // a crash leaves a prefix of what was written; this is not one (its length word is impossible)
    await appendFile(path, Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), randomBytes(10_000)]));
    await assert.rejects((await t.reopen()).openAppendable('upload-garbage'),
      hasCode('EVIDENCE_CORRUPT', /^upload upload-garbage: record 1 declares a length over 1048576 bytes/));
    assert.equal((await stat(path)).size, size + 10_004, 'nothing was cut');
  } finally {
    await t.cleanup();
  }
});
