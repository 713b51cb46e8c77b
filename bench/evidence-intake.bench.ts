/**
 * Evidence intake benchmark: `vault.put` of a large file (default 2 GiB; BENCH_INTAKE_MB, in MiB,
 * to change) against the raw throughput of node:crypto on the same machine, side by side in one
 * run, interleaved, BENCH_RUNS times (default 3), medians quoted:
 *   (a) reference: SHA-256 + AES-256-GCM over the file's bytes in 1 MiB buffers from memory
 *       (a fresh cipher per MiB, as the vault seals records), twice per run;
 *   (b) vault.put(fileSource(file)): read + hash + encrypt + write + fsync + move into place, in
 *       a child process of its own whose RSS is sampled every 50 ms;
 *   (c) for context, the disk alone: the same number of bytes written from memory through the
 *       vault's file writer (O_DIRECT where available) and fsynced, no crypto.
 * Targets (evidence issue): (b) ≥ 80 % of (a); peak RSS during intake < 150 MB.
 *
 *   node --import tsx bench/evidence-intake.bench.ts
 *   BENCH_INTAKE_MB=512 BENCH_RUNS=5 node --import tsx bench/evidence-intake.bench.ts
 *
 * The input is pseudo-random (a random 16 MiB block repeated, with the block counter mixed
 * into every 4 KiB so that no two blocks are equal), generated once into .bench-data/. Needs
 * no database; not part of `npm run bench`.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// the vault's own modules only: the intake process's RSS is the vault's, not the whole package's
import { Vault } from '../packages/evidence/src/vault/vault.ts';
import { fileSource } from '../packages/evidence/src/vault/file-source.ts';
import { BlobFile } from '../packages/evidence/src/vault/blob-file.ts';

const MB = 1024 * 1024; // sizes are in MiB; throughput is printed in MB/s (10^6 bytes)
const sizeMb = Number(process.env.BENCH_INTAKE_MB ?? 2048);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, '.bench-data', 'evidence-intake');
mkdirSync(dataDir, { recursive: true });
const input = join(dataDir, `input-${sizeMb}MiB.bin`);
const BLOCK = 16 * MB;
const isChild = process.argv.includes('--intake');

async function generate(path: string): Promise<void> {
  const fh = await open(`${path}.tmp`, 'w');
  const seed = randomBytes(BLOCK);
  const out = Buffer.allocUnsafe(BLOCK);
  try {
    for (let written = 0, n = 0; written < sizeMb * MB; n++) {
      seed.copy(out);
      for (let at = 0; at < BLOCK; at += 4096) out.writeUInt32LE(n, at);
      const len = Math.min(BLOCK, sizeMb * MB - written);
      await fh.write(out, 0, len);
      written += len;
    }
  } finally {
    await fh.close();
  }
  renameSync(`${path}.tmp`, path);
}

if (!isChild && (!existsSync(input) || statSync(input).size !== sizeMb * MB)) {
  const t = performance.now();
  await generate(input);
  console.log(`generated ${input} (${sizeMb} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** the first 16 MiB of the input, in memory: what the reference and the disk probe work on */
async function firstBlock(): Promise<Buffer> {
  if (isChild) return Buffer.alloc(0);
  const fh = await open(input, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOCK);
    await fh.read(buf, 0, BLOCK, 0);
    return buf;
  } finally {
    await fh.close();
  }
}
const block = await firstBlock();

/** (a) SHA-256 + AES-256-GCM over 1 MiB buffers from memory: MB/s */
function reference(): number {
  const key = randomBytes(32);
  const hash = createHash('sha256');
  const t = performance.now();
  for (let i = 0; i < sizeMb; i++) {
    const buf = block.subarray((i % 16) * MB, (i % 16 + 1) * MB);
    hash.update(buf);
    const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
    cipher.update(buf);
    cipher.final();
    cipher.getAuthTag();
  }
  hash.digest();
  return (sizeMb * MB) / 1e6 / ((performance.now() - t) / 1000);
}

/**
 * (c) the disk alone, written as the vault writes (the vault's own file writer: O_DIRECT where
 * available, 1 MiB at a time, fsync at the end) from memory, no crypto: what the storage allows. MB/s
 */
async function disk(): Promise<number> {
  const path = join(dataDir, 'disk-probe.bin');
  rmSync(path, { force: true });
  const t = performance.now();
  const file = await BlobFile.create(path, { direct: true });
  try {
    for (let i = 0; i < sizeMb; i++) await file.write([block.subarray((i % 16) * MB, (i % 16 + 1) * MB)]);
    await file.sync();
  } finally {
    await file.close();
  }
  const mbps = (sizeMb * MB) / 1e6 / ((performance.now() - t) / 1000);
  rmSync(path, { force: true });
  return mbps;
}

/** (b) vault.put from the file, in a child process of its own (so its RSS is the vault's): MB/s, peak RSS */
function intake(run: number): { mbps: number; startRssMb: number; peakRssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--intake', String(run)], {
    cwd: root, encoding: 'utf8', env: { ...process.env, BENCH_INTAKE_MB: String(sizeMb) }, maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { mbps: number; startRssMb: number; peakRssMb: number };
}

async function intakeChild(run: number): Promise<void> {
  const dir = join(dataDir, `vault-${run}`);
  rmSync(dir, { recursive: true, force: true });
  const vault = await Vault.open({ dir, masterKey: randomBytes(32) });
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const t = performance.now();
  try {
    const stored = await vault.put(fileSource(input), { filename: 'synthetic-intake.bin' });
    const seconds = (performance.now() - t) / 1000;
    if (stored.size !== sizeMb * MB) throw new Error(`stored ${stored.size} bytes, expected ${sizeMb * MB}`);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(JSON.stringify({ mbps: (sizeMb * MB) / 1e6 / seconds, startRssMb: start / 1e6, peakRssMb: peak / 1e6 }));
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Lets the disk absorb the last test's deletion (the file system discards the freed blocks in
 * the background, which slowed whichever write test came next by up to a third) before a write test.
 */
async function settle(): Promise<void> {
  execFileSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const childRun = process.argv.indexOf('--intake');
if (childRun >= 0) {
  await intakeChild(Number(process.argv[childRun + 1]));
} else {
  console.log(`\nevidence intake of ${sizeMb} MiB, ${runs} runs each, interleaved`);
  const refs: number[] = [];
  const disks: number[] = [];
  const puts: { mbps: number; startRssMb: number; peakRssMb: number }[] = [];
  for (let i = 0; i < runs; i++) {
    refs.push(reference());
    await settle();
    puts.push(intake(i));
    refs.push(reference());
    await settle();
    disks.push(await disk());
    const p = puts.at(-1)!;
    console.log(`  run ${i + 1}: (a) ${refs.at(-2)!.toFixed(0)} and ${refs.at(-1)!.toFixed(0)} MB/s, (b) ${p.mbps.toFixed(0)} MB/s with RSS ${p.startRssMb.toFixed(0)} → peak ${p.peakRssMb.toFixed(0)} MB, (c) ${disks.at(-1)!.toFixed(0)} MB/s`);
  }
  const ref = median(refs);
  const put = median(puts.map((p) => p.mbps));
  const diskMbps = median(disks);
  const rss = Math.max(...puts.map((p) => p.peakRssMb));
  const ratio = put / ref;
  const bound = Math.min(ref, diskMbps);
  console.log('what                                              MB/s (median)');
  console.log(`(a) SHA-256 + AES-256-GCM from memory (reference) ${ref.toFixed(0).padStart(6)}`);
  console.log(`(b) vault.put from the file (read … fsync)        ${put.toFixed(0).padStart(6)}`);
  console.log(`(c) the disk alone, written as the vault writes  ${diskMbps.toFixed(0).padStart(6)}`);
  console.log(`ratio (b)/(a) ${ratio.toFixed(2)} (target ≥ 0.80: ${ratio >= 0.8 ? 'yes' : 'NO'}); (b)/min(a, c) ${(put / bound).toFixed(2)}`);
  const startRss = median(puts.map((p) => p.startRssMb));
  console.log(`peak RSS during intake ${rss.toFixed(0)} MB (target < 150: ${rss < 150 ? 'yes' : 'NO'}); the process held ${startRss.toFixed(0)} MB before it (Node, tsx, the vault's modules)`);
}
