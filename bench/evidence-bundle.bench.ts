/**
 * Evidence bundle verification speed: writes a bundle of BENCH_BUNDLE_MB (default 1024) MB of
 * synthetic items, then times, side by side, raw SHA-256 over the same bytes held in memory and
 * `verifyBundle` on the file (tar parsing, hashing every member, manifest, proofs, signature).
 * Medians over BENCH_RUNS (default 5) alternating runs; the target is a ratio of at least 0.80.
 *
 *   node --import tsx bench/evidence-bundle.bench.ts
 *   BENCH_BUNDLE_MB=256 BENCH_RUNS=3 node --import tsx bench/evidence-bundle.bench.ts
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticLog } from '../packages/evidence/src/bundle/synthetic-log.ts';
import { verifyBundle } from '../packages/evidence/src/bundle/verify.ts';
import { writeBundle } from '../packages/evidence/src/bundle/write-bundle.ts';

const TARGET = 0.8;
const totalMb = Number(process.env.BENCH_BUNDLE_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const itemMb = Math.min(128, totalMb);
const dir = new URL('../.bench-data/', import.meta.url).pathname;
const file = join(dir, 'evidence-bundle.tar');

/** SHA-256 of the file read in 4 MiB chunks into one reused buffer: the verifier's I/O, with no tar or checks */
async function hashFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  const hash = createHash('sha256');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return hash.digest('hex');
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / (1024 * 1024) / (ms / 1000);

async function main(): Promise<void> {
  await mkdir(dir, { recursive: true });
  const count = Math.max(1, Math.round(totalMb / itemMb));
  console.log(`evidence bundle: ${count} synthetic items of ${itemMb} MB, ${runs} runs`);
  const contents = Array.from({ length: count }, () => randomFillSync(Buffer.allocUnsafe(itemMb * 1024 * 1024)));
  const log = syntheticLog({ contents, eventsPerItem: 4, filler: 50 });

  let started = performance.now();
  const written = await writeBundle(createWriteStream(file), log.input);
  const writeMs = performance.now() - started;
  const bytes = (await stat(file)).size;
  console.log(`written ${(bytes / 1024 / 1024).toFixed(0)} MB in ${(writeMs / 1000).toFixed(2)} s (${mbps(bytes, writeMs).toFixed(0)} MB/s, SHA-256 of the archive included)`);

  // the same bytes, from memory: the ceiling a verifier that must hash everything can reach
  const archive = await readFile(file);
  const raw: number[] = [];
  const streamed: number[] = [];
  const verify: number[] = [];
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    const hash = createHash('sha256');
    for (let at = 0; at < archive.length; at += 16 * 1024 * 1024) hash.update(archive.subarray(at, at + 16 * 1024 * 1024));
    if (hash.digest('hex') !== written.sha256) throw new Error('the archive changed');
    raw.push(performance.now() - started);

    started = performance.now();
    if ((await hashFile(file)) !== written.sha256) throw new Error('the archive changed');
    streamed.push(performance.now() - started);

    started = performance.now();
    const result = await verifyBundle(file, { key: log.keys.vkey });
    verify.push(performance.now() - started);
    if (!result.ok) throw new Error(`the bundle does not verify: ${result.problems[0]?.message}`);
  }
  const rawRate = mbps(bytes, median(raw));
  const verifyRate = mbps(bytes, median(verify));
  const streamedRate = mbps(bytes, median(streamed));
  const ratio = verifyRate / rawRate;
  console.table([
    { measure: 'raw SHA-256 from memory (1 GB buffer)', 'median s': (median(raw) / 1000).toFixed(3), 'MB/s': rawRate.toFixed(0) },
    { measure: 'raw SHA-256 of the file, 4 MiB reads', 'median s': (median(streamed) / 1000).toFixed(3), 'MB/s': streamedRate.toFixed(0) },
    { measure: 'verifyBundle(file)', 'median s': (median(verify) / 1000).toFixed(3), 'MB/s': verifyRate.toFixed(0) },
  ]);
  console.log(`verifyBundle / raw from memory: ${ratio.toFixed(3)} (target ≥ ${TARGET}): ${ratio >= TARGET ? 'met' : 'NOT met'}`);
  console.log(`verifyBundle / raw of the file: ${(verifyRate / streamedRate).toFixed(3)} (the verifier's own overhead)`);
  await rm(file, { force: true });
  if (ratio < TARGET) process.exitCode = 1;
}

await main();
