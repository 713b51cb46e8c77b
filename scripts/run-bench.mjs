#!/usr/bin/env node
// Runs every benchmark in order (import first: the others read what it loads).
// `npm run bench -- 100000` runs them on 100k entities instead of 1M.
import { execFileSync } from 'node:child_process';
const root = new URL('..', import.meta.url).pathname;
const n = process.argv[2] ?? '1000000';
const benches = [
  ['bench/import.bench.ts', [n]], ['bench/search.bench.ts', []], ['bench/api-read.bench.ts', []],
  // issue 3: the ledger's appends and proofs, evidence intake, bundle verification
  ['bench/ledger.bench.ts', []], ['bench/evidence-intake.bench.ts', []], ['bench/evidence-bundle.bench.ts', []],
  // issue 4: screening accuracy (Ariadne and a Jaro-Winkler baseline) and speed, 1M-name index
  ['bench/screening.ts', []], ['bench/screening-cli.bench.ts', []],
  // issue 8: privacy-preserving record linkage on FEBRL dataset 4
  ['bench/linkage.bench.ts', []],
  // issue 7: emerging hot spots on 1M incidents; the 50,000-hexagon map in Chromium
  ['bench/monitoring-hotspots.bench.ts', []], ['bench/monitoring-map.bench.ts', []],
];
for (const [file, args] of benches) {
  execFileSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, stdio: 'inherit' });
}
