/**
 * Import benchmark: N synthetic FtM entities (default 1,000,000) through the real import path
 * (`importFtm`: streaming, validation, batches, journal) into PGlite on disk and into the
 * PostgreSQL server, each in a child process whose peak RSS is measured. Targets (issue 2):
 * 1M entities ≤ 180 s into PGlite, ≤ 90 s into PostgreSQL, peak memory < 500 MB.
 *
 *   node --import tsx bench/import.bench.ts [N]
 *
 * The database is created and migrated first, in its own process (PGlite's initdb alone peaks
 * near 800 MB and happens once, at first start); the measured process opens it and imports.
 *
 * Leaves the PostgreSQL database `ariadne_bench` and `.bench-data/pglite` loaded for the search
 * and API benchmarks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { writeSyntheticFile } from './synthetic-entities.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, '.bench-data');
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `synthetic-${N}.ftm.jsonl`);
if (!existsSync(file)) {
  const t = performance.now();
  await writeSyntheticFile(file, N);
  console.log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists ariadne_bench with (force)');
  await admin.query('create database ariadne_bench');
  await admin.end();
}
const benchUrl = new URL(adminUrl);
benchUrl.pathname = '/ariadne_bench';

const pgliteDir = join(dataDir, 'pglite');

const runs = [
  { kind: 'postgres', target: benchUrl.toString(), targetSeconds: 90 * (N / 1e6) },
  { kind: 'pglite', target: pgliteDir, targetSeconds: 180 * (N / 1e6) },
];
console.log(`\nimport of ${N.toLocaleString('en')} FtM entities`);
console.log('backend   seconds  entities/s  peak RSS MB  target s  ok');
const only = process.env.BENCH_BACKENDS?.split(',');
const repeats = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const run of runs.filter((r) => !only || only.includes(r.kind))) {
  const results: { seconds: number; entitiesPerSecond: number; peakRssMB: number; rowsFailed: number }[] = [];
  for (let i = 0; i < repeats; i++) {
    // each run starts from an empty database, created and migrated first, as after `npm start`
    if (run.kind === 'pglite') rmSync(run.target, { recursive: true, force: true });
    else await recreateDatabase();
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/import-worker.ts'), run.kind, run.target, '--prepare'], { cwd: root, stdio: 'inherit' });
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/import-worker.ts'), run.kind, run.target, file], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split('\n').at(-1)!);
    results.push(r);
    if (repeats > 1) console.log(`  ${run.kind} run ${i + 1}: ${r.seconds.toFixed(1)} s, ${Math.round(r.entitiesPerSecond)} entities/s, peak RSS ${r.peakRssMB.toFixed(0)} MB`);
  }
  const seconds = median(results.map((r) => r.seconds));
  const rss = Math.max(...results.map((r) => r.peakRssMB));
  const ok = seconds <= run.targetSeconds && rss < 500 && results.every((r) => r.rowsFailed === 0);
  console.log(`${run.kind.padEnd(9)} ${seconds.toFixed(1).padStart(7)}  ${Math.round(N / seconds).toString().padStart(10)}  ${rss.toFixed(0).padStart(11)}  ${run.targetSeconds.toFixed(0).padStart(8)}  ${ok ? 'yes' : 'NO'}`);
}
if (repeats > 1) console.log(`(median of ${repeats} runs; peak RSS is the largest of them)`);
