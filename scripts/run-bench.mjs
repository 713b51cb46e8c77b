#!/usr/bin/env node
// Runs every benchmark in order (import first: the others read what it loads).
// `npm run bench -- 100000` runs them on 100k entities instead of 1M.
import { execFileSync } from 'node:child_process';
const root = new URL('..', import.meta.url).pathname;
const n = process.argv[2] ?? '1000000';
for (const [file, args] of [['bench/import.bench.ts', [n]], ['bench/search.bench.ts', []], ['bench/api-read.bench.ts', []]]) {
  execFileSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, stdio: 'inherit' });
}
