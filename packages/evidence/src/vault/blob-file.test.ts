/**
 * The two ways blob files are written: O_DIRECT through aligned regions (the last block padded,
 * then the file cut to its length) and the page cache (staged uploads, and the fallback where
 * direct I/O is not available). Lengths around every alignment boundary come back byte for
 * byte; the file source reads a file in reused buffers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobFile } from './blob-file.ts';
import { DirectWriter } from './direct-writer.ts';
import { fileSource } from './file-source.ts';
import { readAll, tempDir } from './test-support.ts';
import { Vault } from './vault.ts';

const MiB = 1024 * 1024;
const SIZES = [0, 1, 511, 4095, 4096, 4097, MiB - 1, MiB, MiB + 1, 2 * MiB + 5000];

test('direct and buffered files hold exactly what was written, at every alignment boundary', async (t) => {
  const dir = await tempDir();
  try {
    const probe = await DirectWriter.create(join(dir, 'probe'));
    t.diagnostic(probe ? 'O_DIRECT is available here: the direct path is tested' : 'no O_DIRECT here: both runs use the page cache');
    await probe?.close();
    for (const direct of [true, false]) {
      for (const size of SIZES) {
        const data = randomBytes(size);
        const path = join(dir, `${direct}-${size}`);
        const file = await BlobFile.create(path, { direct });
        // uneven pieces: a record prefix, a body, a tag
        for (let at = 0, i = 0; at < size; i++) {
          const n = Math.min(size - at, [16, 100_003, 16, 65_536][i % 4]!);
          await file.write([data.subarray(at, at + n)]);
          at += n;
        }
        assert.equal(file.position, size);
        await file.sync();
        await file.close();
        assert.deepEqual(await readFile(path), data, `${direct ? 'direct' : 'buffered'} ${size}`);
      }
    }
    await assert.rejects(BlobFile.create(join(dir, `true-${MiB}`), { direct: true }), { code: 'EEXIST' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('fileSource reads a file in reused chunks that a consumer must use before the next', async () => {
  const dir = await tempDir();
  try {
    const data = randomBytes(3 * MiB + 123);
    const path = join(dir, 'synthetic-input.bin');
    await writeFile(path, data);
    const hash = createHash('sha256');
    const seen = new Set<ArrayBufferLike>();
    let total = 0;
    for await (const chunk of fileSource(path)) {
      hash.update(chunk);
      seen.add(chunk.buffer);
      total += chunk.length;
    }
    assert.equal(total, data.length);
    assert.equal(hash.digest('hex'), createHash('sha256').update(data).digest('hex'));
    assert.ok(seen.size <= 2, 'two buffers, reused');
    const vault = await Vault.open({ dir: join(dir, 'vault'), masterKey: randomBytes(32) });
    const stored = await vault.put(fileSource(path, { chunkBytes: 4099 }));
    assert.deepEqual(await readAll(vault.open(stored.name)), data);
    await assert.rejects(async () => { for await (const _ of fileSource(join(dir, 'missing'))) void _; }, { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
