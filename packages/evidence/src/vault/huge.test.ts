/**
 * A large file streams through with flat memory: 300 MB generated on the fly (never held in
 * memory) go in, are verified and read back, while the process's RSS is sampled. The 2 GB case
 * and the throughput target live in bench/evidence-intake.bench.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { testVault } from './test-support.ts';

const MiB = 1024 * 1024;
const TOTAL_MIB = 300;

/** 300 MiB of pseudo-random bytes, one reused 1 MiB buffer with the chunk counter mixed in */
async function* generated(hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  const block = randomBytes(MiB);
  for (let i = 0; i < TOTAL_MIB; i++) {
    block.writeUInt32LE(i, 0);
    hash.update(block);
    yield block;
  }
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  return { stop: () => { clearInterval(timer); return Math.max(peak, process.memoryUsage().rss); } };
}

test('300 MB stream in and out with memory that stays flat', async (ctx) => {
  const t = await testVault();
  try {
    const before = process.memoryUsage().rss;
    const sampler = rssSampler();
    const expected = createHash('sha256');
    const stored = await t.vault.put(generated(expected), { filename: 'synthetic-large.bin' });
    assert.equal(stored.size, TOTAL_MIB * MiB);
    assert.equal(stored.sha256, expected.digest('hex'));
    const readBack = createHash('sha256');
    let bytes = 0;
    for await (const chunk of t.vault.open(stored.name)) {
      readBack.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const peak = sampler.stop();
    assert.equal(bytes, TOTAL_MIB * MiB);
    assert.equal(readBack.digest('hex'), stored.sha256);
    const growthMb = (peak - before) / 1e6;
    ctx.diagnostic(`RSS ${(before / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB`);
    assert.ok(growthMb < 100, `RSS grew by ${growthMb.toFixed(0)} MB while streaming ${TOTAL_MIB} MiB`);
  } finally {
    await t.cleanup();
  }
});
