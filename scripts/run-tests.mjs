#!/usr/bin/env node
// Runs every *.test.ts under packages/, apps/ and e2e/ with node's test runner (through tsx).
// Node 20's `--test` does not find .ts files by itself and a run with no files "passes" with
// zero tests, so we list the files here and refuse to run when none is found.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const skipE2e = process.argv.includes('--skip-e2e');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(relative(root, path));
  }
  return out;
}

let files = ['packages', 'apps', 'e2e'].flatMap((d) => walk(join(root, d), []));
if (skipE2e) files = files.filter((f) => !f.startsWith('e2e/'));
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
files.sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
