// `ariadne names mine`: a name-equivalence table mined from a list file, on the committed extract
// of the real UN list.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { equivalenceIndex, parseEquivalenceTable } from '@ariadne/names/equivalences';
import { runCli } from './run-cli.ts';

const UN = new URL('../../../packages/sanctions/test/fixtures/un-consolidated-extract.xml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ariadne-names-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('names mine writes a valid table of the spellings the list itself pairs', async () => {
  const output = join(dir, 'table.json');
  const run = await runCli(['names', 'mine', '--list', UN, '--output', output, '--min-support', '1']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /un-consolidated-extract\.xml: un-xml, list un-sc, 13 persons/);
  const table = parseEquivalenceTable(readFileSync(output, 'utf8'));
  assert.match(table.source, /un-sc un-consolidated-extract\.xml .*min support 1/);
  const canonical = equivalenceIndex(table);
  // CDi.040 is listed as AHMAD MAHMOOD HASSAN and AHMED MAHMOUD HASSAN…; QDi.001 as MOHAMMED / Muhamad / محمد
  assert.equal(canonical('ahmed'), canonical('ahmad'));
  assert.ok(canonical('ahmed') !== undefined);
  assert.equal(canonical('mahmoud'), canonical('mahmood'));
  assert.equal(canonical('mohammed'), canonical('muhamad'));
  assert.match(run.stderr, new RegExp(`${table.groups.length} equivalence groups from \\d+ name pairs of 13 persons`));
});

test('names mine keeps only equivalences with enough support', async () => {
  const run = await runCli(['names', 'mine', '--list', UN, '--output', '-', '--min-support', '2']);
  assert.equal(run.code, 0, run.stderr);
  const table = parseEquivalenceTable(run.stdout);
  assert.deepEqual(table.groups.map((g) => [g.canonical, ...g.variants]), [['ahmad', 'ahmed']]);
});

test('names mine refuses an unreadable list with exit 5 and writes nothing; a bad --min-support is a usage error', async () => {
  const hostile = join(dir, 'hostile.xml');
  writeFileSync(hostile, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST>&e;</CONSOLIDATED_LIST>');
  const output = join(dir, 'never.json');
  const refused = await runCli(['names', 'mine', '--list', hostile, '--output', output]);
  assert.equal(refused.code, 5, refused.stderr);
  assert.match(refused.stderr, /DOCTYPE/);
  const notAList = join(dir, 'notes.txt');
  writeFileSync(notAList, 'Synthetic notes, not a list\n');
  assert.equal((await runCli(['names', 'mine', '--list', notAList, '--output', output])).code, 5);
  assert.ok(!existsSync(output));
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('partial')), []);
  const usage = await runCli(['names', 'mine', '--list', UN, '--output', output, '--min-support', '0']);
  assert.equal(usage.code, 2, usage.stderr);
});
