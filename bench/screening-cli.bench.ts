/**
 * `ariadne screen` end to end (issue 4: batch screening ≥ 5,000 queries/s against UN + OFAC on
 * 2 cores): the real CLI (`node apps/cli/bin/ariadne.mjs screen …`) on the full UN XML and the
 * OFAC legacy CSV folder from ../shared/data/sanctions when present, else the committed
 * fixtures, with 50,000 generated queries (listed names lightly respelled or typo'd, and
 * synthetic names that match nothing), `--threads 1` and `--threads 2`, BENCH_RUNS runs each
 * (default 3). Prints the median queries/s of the screening phase (from the CLI's summary line)
 * and the median wall time including list loading and index building.
 *
 *   node --import tsx bench/screening-cli.bench.ts
 *   BENCH_SCREEN_QUERIES=10000 BENCH_RUNS=1 node --import tsx bench/screening-cli.bench.ts
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadBenchLists } from './screening/lists.ts';
import { seededRng } from './screening/prng.ts';
import { respell, typo } from './screening/variants.ts';

const QUERIES = Number(process.env.BENCH_SCREEN_QUERIES ?? 50_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const THREADS = [1, 2];
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'apps', 'cli', 'bin', 'ariadne.mjs');
const shared = join(root, '..', 'shared', 'data', 'sanctions');
const fixtures = join(root, 'packages', 'sanctions', 'test', 'fixtures');
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'ariadne-screen-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// the list files as the CLI reads them: the shared UN XML and OFAC folder, or the fixtures
// (the OFAC fixtures laid out as a folder under OFAC's own file names)
const real = existsSync(join(shared, 'un', 'UN_consolidated.xml')) && existsSync(join(shared, 'ofac-sdn-2021-07', 'sdn.csv'));
let listArgs: string[];
if (real) listArgs = ['--list', join(shared, 'un', 'UN_consolidated.xml'), '--list', join(shared, 'ofac-sdn-2021-07')];
else {
  const ofac = join(dir, 'ofac');
  mkdirSync(ofac);
  for (const name of ['sdn', 'alt', 'add', 'sdn_comments']) copyFileSync(join(fixtures, `ofac-${name}.csv`), join(ofac, `${name}.csv`));
  listArgs = ['--list', join(fixtures, 'un-consolidated-extract.xml'), '--list', ofac];
}

// queries: half listed names lightly altered, half invented syllable names that match nothing
const lists = await loadBenchLists();
const names = [...lists.un, ...lists.ofac]
  .filter((e) => e.schema === 'Person' || e.schema === 'Organization' || e.schema === 'LegalEntity')
  .flatMap((e) => e.properties.name ?? []);
const rng = seededRng(2331);
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'zel', 'bor', 'quin', 'dra', 'fe', 'nox'];
const invented = () => Array.from({ length: 2 + rng.int(2) }, () => {
  const word = Array.from({ length: 2 + rng.int(2) }, () => rng.pick(SYLLABLES)).join('');
  return word[0]!.toUpperCase() + word.slice(1);
}).join(' ');
const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const rows = ['id,name'];
for (let i = 0; i < QUERIES; i++) {
  let name: string;
  if (i % 2 === 0) {
    const listed = rng.pick(names);
    name = (rng.next() < 0.5 ? respell(listed, rng) : typo(listed, rng)?.query) ?? listed;
  } else name = invented();
  rows.push(`b${i},${csv(name)}`);
}
const input = join(dir, 'queries.csv');
writeFileSync(input, `${rows.join('\n')}\n`);
console.log(`screen CLI benchmark on ${lists.source}: ${QUERIES} queries, ${RUNS} runs per thread count`);

const results: Record<string, { queriesPerSecond: number; wallSeconds: number }> = {};
const outputs: string[] = [];
for (const threads of THREADS) {
  const rates: number[] = [];
  const walls: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const output = join(dir, `results-${threads}-${r}.jsonl`);
    const started = performance.now();
    const { stderr } = await run(process.execPath, [bin, 'screen', ...listArgs, '--input', input, '--output', output, '--threads', String(threads)], { maxBuffer: 16 * 1024 * 1024 });
    walls.push((performance.now() - started) / 1000);
    const rate = /(\d+) queries\/s/.exec(stderr);
    if (!rate) throw new Error(`no "queries/s" in the CLI's summary:\n${stderr}`);
    rates.push(Number(rate[1]));
    if (r === 0) outputs.push(readFileSync(output, 'utf8'));
    rmSync(output);
  }
  results[`threads${threads}`] = { queriesPerSecond: median(rates), wallSeconds: Number(median(walls).toFixed(2)) };
  console.log(`--threads ${threads}: screening ${median(rates)} queries/s (runs: ${rates.join(', ')}), wall ${median(walls).toFixed(2)} s with list loading (runs: ${walls.map((w) => w.toFixed(2)).join(', ')})`);
}
const same = outputs.every((o) => o === outputs[0]);
if (!same) {
  // the first query whose line differs, by its synthetic id (the lines hold listed names)
  const [a, b] = outputs.map((o) => o.split('\n'));
  const at = a!.findIndex((line, i) => line !== b![i]);
  console.log(`first difference at output line ${at + 1} (query ${/"id":"([^"]+)"/.exec(a![at] ?? '')?.[1]}), of ${a!.length - 1} and ${b!.length - 1} lines`);
}
console.log(`outputs of --threads ${THREADS.join(' and ')} identical: ${same}; target ≥ 5,000 queries/s on 2 cores`);
console.log(JSON.stringify({ bench: 'screening-cli', source: lists.source, queries: QUERIES, runs: RUNS, ...results, identicalOutput: same }));
if (!same) process.exitCode = 1;
