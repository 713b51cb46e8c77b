import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isAriadneError, loadModel, MAX_LINE_BYTES } from '@ariadne/schema';
import { identifierNodeId } from '../src/build-network.ts';
import { readNetworkFile } from '../src/ftm-network-file.ts';
import { networkModelOf } from '../src/network-model.ts';

const model = networkModelOf(loadModel());
const FIXTURE = fileURLToPath(new URL('./fixtures/trafficking-case.ftm.jsonl', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ariadne-network-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const person = (id: string, name: string) => JSON.stringify({ id, schema: 'Person', properties: { name: [name] } });
const ownership = (id: string, owner: string, asset: string) => JSON.stringify({ id, schema: 'Ownership', properties: { owner: [owner], asset: [asset] } });

test('the synthetic case read from its file: the same network, sourced to the file', async () => {
  const net = await readNetworkFile(FIXTURE, model);
  // as in build-network.test.ts: 13 entities + 2 shared identifiers; 25 edges; one dangling, one self-loop
  assert.equal(net.nodes.length, 15);
  assert.equal(net.edges.length, 25);
  assert.deepEqual(net.stats, { entities: 13, relations: 14, sharedIdentifiers: 2, selfLoops: 1, danglingReferences: 1, filteredOut: 0 });
  // every tie is sourced to the file, so the merged payments have one source
  const pay = net.edges.find((e) => e.id === 'pay-1')!;
  assert.deepEqual([pay.weight, pay.sources], [2, ['file:trafficking-case.ftm.jsonl']]);
  // the cleaner gave the phone numbers one form already; the identifier node is the same
  assert.ok(net.nodes.some((n) => n.id === identifierNodeId('phone', '+249900000001')));
  assert.ok(net.nodes.every((n) => n.caseId === null)); // a file has no case
  assert.deepEqual(net.file, { name: 'trafficking-case.ftm.jsonl', lines: 27, skipped: 0, badLines: [] });
});

test('the filter applies as for the store', async () => {
  const net = await readNetworkFile(FIXTURE, model, { kinds: ['membership'] });
  assert.deepEqual(net.edges.map((e) => e.id), ['m-1', 'm-2', 'm-3']);
  const other = await readNetworkFile(FIXTURE, model, { sources: ['file:other.jsonl'] });
  assert.equal(other.edges.length, 0);
});

test('bad lines are skipped and reported by line number, as imports do', async () => {
  const path = file('bad.jsonl', [
    person('p1', 'Person 1'),
    '{"id": "p2", "schema": "Person", "properties": ', // cut short
    '',
    JSON.stringify({ id: 'x1', schema: 'Persn', properties: {} }), // unknown schema
    person('acct', 'Account 2').replace('"Person"', '"BankAccount"').replace('"name"', '"accountNumber"'),
    ownership('o1', 'p1', 'acct'),
    `{"id":"big","schema":"Person","properties":{"name":["${'A'.repeat(300)}"]}}`, // over the 200-byte limit below
  ].join('\n'));
  const net = await readNetworkFile(path, model, {}, { maxLineBytes: 200 });
  assert.deepEqual(net.nodes.map((n) => n.id), ['p1', 'acct']);
  assert.deepEqual(net.edges.map((e) => e.id), ['o1']);
  assert.equal(net.file.skipped, 3);
  assert.deepEqual(net.file.badLines.map((b) => [b.line, b.code]), [[2, 'MALFORMED_INPUT'], [4, 'UNKNOWN_SCHEMA'], [7, 'PAYLOAD_TOO_LARGE']]);
});

test("onBadLine: 'throw' stops at the first bad line with MALFORMED_INPUT naming it", async () => {
  const path = file('stop.jsonl', `${person('p1', 'Person 1')}\nnot json\n${person('p2', 'Person 2')}\n`);
  await assert.rejects(readNetworkFile(path, model, {}, { onBadLine: 'throw' }), (e) => {
    assert.ok(isAriadneError(e));
    assert.equal(e.code, 'MALFORMED_INPUT');
    assert.equal(e.details?.line, '2');
    assert.match(e.message, /line 2/);
    return true;
  });
});

test('a single line larger than the reader allows is cut and skipped, and reading goes on', async () => {
  // one 5 MiB line with no newline inside: the reader never holds more than MAX_LINE_BYTES + 1 of it
  const huge = `{"id":"huge","schema":"Person","properties":{"name":["${'x'.repeat(MAX_LINE_BYTES + 1024)}"]}}`;
  const path = file('huge.jsonl', `${huge}\n${person('p1', 'Person 1')}\n`);
  const net = await readNetworkFile(path, model);
  assert.deepEqual(net.nodes.map((n) => n.id), ['p1']);
  assert.deepEqual(net.file.badLines.map((b) => [b.line, b.code]), [[1, 'PAYLOAD_TOO_LARGE']]);
});

test('an empty file gives an empty network; a missing file is MALFORMED_INPUT', async () => {
  const net = await readNetworkFile(file('empty.jsonl', ''), model);
  assert.deepEqual([net.nodes.length, net.edges.length, net.file.lines], [0, 0, 0]);
  await assert.rejects(readNetworkFile(join(dir, 'missing.jsonl'), model), (e) => isAriadneError(e) && e.code === 'MALFORMED_INPUT' && !e.message.includes(dir));
  await assert.rejects(readNetworkFile(dir, model), (e) => isAriadneError(e) && e.code === 'MALFORMED_INPUT');
});

test('an aborted read stops with CANCELLED', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(readNetworkFile(FIXTURE, model, {}, { signal: controller.signal }), (e) => isAriadneError(e) && e.code === 'CANCELLED');
});
