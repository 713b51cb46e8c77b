/**
 * Sweeping a vault: abandoned temporary files older than the threshold go, young ones and those
 * of intakes in progress stay; stale staged uploads go only when asked; blobs no record refers
 * to are reported and never deleted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { filesUnder, testVault } from './test-support.ts';

const HOUR = 3_600_000;

test('old temporary files are removed, young ones kept, and unreferenced blobs only reported', async () => {
  const t = await testVault();
  try {
    const kept = await t.vault.put(Readable.from([Buffer.from('Synthetic Witness statement one')]));
    const orphan = await t.vault.put(Readable.from([Buffer.from('Synthetic Witness statement two')]));
    const old = new Date(Date.now() - 3 * HOUR);
    await writeFile(join(t.dir, 'tmp', 'crashed-intake.part'), 'partial ciphertext');
    await utimes(join(t.dir, 'tmp', 'crashed-intake.part'), old, old);
    await writeFile(join(t.dir, 'tmp', 'running-intake.part'), 'partial ciphertext');
    const staleUpload = await t.vault.createAppendable('upload-stale-0001');
    await staleUpload.append(Readable.from([Buffer.from('abandoned')]));
    await utimes(join(t.dir, 'uploads', 'upload-stale-0001'), old, old);
    await writeFile(join(t.dir, 'blobs', 'README'), 'not a blob');

    const referenced = new Set([kept.name]);
    const report = await t.vault.sweep({ isReferenced: async (name) => referenced.has(name), olderThanMs: HOUR });
    assert.deepEqual(report, { tempFilesRemoved: 1, staleUploadsRemoved: 0, blobsChecked: 2, unreferenced: [orphan.name], strayFiles: 1 });
    assert.deepEqual(await filesUnder(join(t.dir, 'tmp')), ['running-intake.part']);
    assert.ok(await t.vault.has(orphan.name), 'an unreferenced blob is reported, not deleted');
    assert.deepEqual(await filesUnder(join(t.dir, 'uploads')), ['upload-stale-0001'], 'uploads are left alone unless asked');

    // an upload this vault has open is never swept; after a restart (nothing open) the stale one goes
    const open = await t.vault.sweep({ isReferenced: async () => true, olderThanMs: HOUR, uploadsOlderThanMs: HOUR });
    assert.equal(open.staleUploadsRemoved, 0);
    const restarted = await t.reopen();
    const swept = await restarted.sweep({ isReferenced: async () => true, olderThanMs: HOUR, uploadsOlderThanMs: HOUR });
    assert.equal(swept.staleUploadsRemoved, 1);
    assert.deepEqual(swept.unreferenced, []);
    assert.deepEqual(await filesUnder(join(t.dir, 'uploads')), []);
  } finally {
    await t.cleanup();
  }
});
