// `ariadne network …` on an FtM JSON lines file (no database) and on a case of the store: JSON on
// stdout, one-line errors and exit codes for bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from './run-cli.ts';

const CASE_FILE = new URL('../../../packages/network/test/fixtures/trafficking-case.ftm.jsonl', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ariadne-network-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('network centrality on a file prints ranked, explained nodes as JSON', async () => {
  const run = await runCli(['network', 'centrality', '--file', CASE_FILE, '--measure', 'degree', '--top', '3']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.measure, 'degree');
  assert.equal(result.top.length, 3);
  assert.ok(result.top.every((r: { explanation: string }) => /tied to/.test(r.explanation)));
  assert.match(run.stderr, /network: \d+ nodes, \d+ ties/);
});

test('network paths, communities, structure and disruption on a file', async () => {
  const path = JSON.parse((await runCli(['network', 'paths', '--file', CASE_FILE, '--from-entity', 'p-buyer', '--to-entity', 'p-v2'])).stdout);
  assert.equal(path.paths[0].nodes[0], 'p-buyer');
  assert.equal(path.paths[0].nodes.at(-1), 'p-v2');
  const communities = JSON.parse((await runCli(['network', 'communities', '--file', CASE_FILE, '--method', 'louvain'])).stdout);
  assert.ok(communities.communities.length >= 1);
  const structure = JSON.parse((await runCli(['network', 'structure', '--file', CASE_FILE])).stdout);
  assert.ok(structure.articulationPoints.length >= 1);
  const plan = await runCli(['network', 'disruption', '--file', CASE_FILE, '--k', '2']);
  assert.equal(plan.code, 0, plan.stderr);
  const parsed = JSON.parse(plan.stdout);
  assert.equal(parsed.remove.length, 2);
  assert.ok(parsed.baseline.remove.length === 2);
});

test('filters apply on the command line: kinds and time window', async () => {
  const run = await runCli(['network', 'show', '--file', CASE_FILE, '--kinds', 'payment', '--from', '2016', '--to', '2016-12-31', '--dated-only']);
  assert.equal(run.code, 0, run.stderr);
  const network = JSON.parse(run.stdout);
  assert.deepEqual([...new Set(network.edges.map((e: { kind: string }) => e.kind))], ['payment']);
  assert.ok(network.edges.every((e: { start: string }) => e.start.startsWith('2016')));
});

test('network export writes GEXF to a file and never overwrites it', async () => {
  const output = join(dir, 'case.gexf');
  const run = await runCli(['network', 'export', '--file', CASE_FILE, '--format', 'gexf', '--output', output]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(readFileSync(output, 'utf8'), /<gexf/);
  const again = await runCli(['network', 'export', '--file', CASE_FILE, '--format', 'gexf', '--output', output]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /never overwritten/);
});

test('bad input: one-line errors and the documented exit codes', async () => {
  const neither = await runCli(['network', 'centrality']);
  assert.equal(neither.code, 2);
  assert.match(neither.stderr, /--case <id> or --file/);
  const kind = await runCli(['network', 'show', '--file', CASE_FILE, '--kinds', 'bribery']);
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /Unknown relation kind "bribery"/);
  const date = await runCli(['network', 'show', '--file', CASE_FILE, '--from', 'last year']);
  assert.equal(date.code, 2);
  const unknown = await runCli(['network', 'paths', '--file', CASE_FILE, '--from-entity', 'p-buyer', '--to-entity', 'nobody']);
  assert.notEqual(unknown.code, 0);
  assert.equal(unknown.stderr.trim().split('\n').length, 2, unknown.stderr); // the network line, then the error
  const broken = join(dir, 'broken.jsonl');
  writeFileSync(broken, `${readFileSync(CASE_FILE, 'utf8').split('\n').slice(0, 3).join('\n')}\n{"id": "x", "schema": \n`);
  const skipped = await runCli(['network', 'show', '--file', broken]);
  assert.equal(skipped.code, 0, skipped.stderr);
  assert.match(skipped.stderr, /1 bad lines skipped\n {2}line 4:/);
  const missing = await runCli(['network', 'show', '--file', join(dir, 'nope.jsonl')]);
  assert.equal(missing.code, 5);
});

test('network on a case of the store (embedded database)', async () => {
  const data = join(dir, 'data');
  const created = await runCli(['--data', data, 'case', 'create', 'Synthetic network case']);
  assert.equal(created.code, 0, created.stderr);
  const caseId = created.stdout.trim();
  const imported = await runCli(['--data', data, 'import', CASE_FILE, '--format', 'ftm', '--case', caseId]);
  assert.equal(imported.code, 0, imported.stderr);
  const run = await runCli(['--data', data, 'network', 'centrality', '--case', caseId, '--measure', 'pagerank', '--top', '2']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).top.length, 2);
  const noCase = await runCli(['--data', data, 'network', 'centrality', '--case', 'no-such-case']);
  assert.equal(noCase.code, 2);
  assert.match(noCase.stderr, /No case with id/);
});
