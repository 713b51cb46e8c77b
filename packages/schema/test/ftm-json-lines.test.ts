import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadModel, readFtmJsonLines, splitLines, writeFtmJson, type FtmLineResult } from '../src/index.ts';

const model = loadModel();
const FIXTURE = new URL('./fixtures/un-sc-sample.ftm.jsonl', import.meta.url);

async function collect(lines: AsyncIterable<string> | Iterable<string>, strict = false): Promise<FtmLineResult[]> {
  const out: FtmLineResult[] = [];
  for await (const result of readFtmJsonLines(lines, model, { strict })) out.push(result);
  return out;
}

const GOOD = '{"id":"p1","schema":"Person","properties":{"name":["Ana"]}}';

test('malformed lines become per-line errors and good lines keep flowing', async () => {
  const lines = [
    GOOD,
    '{"id":"p2","schema":"Person"', // truncated
    '[1,2,3]',
    '"just a string"',
    '{"schema":"Person","properties":{}}',
    '{"id":"p3","schema":"Dragon","properties":{}}',
    '',
    'null',
    '{"id":"p4","schema":"Person","properties":{"name":["Bo"]}}',
  ];
  const results = await collect(lines);
  assert.deepEqual(
    results.map((r) => [r.line, r.entity?.id ?? r.error?.code]),
    [[1, 'p1'], [2, 'MALFORMED_INPUT'], [3, 'MALFORMED_INPUT'], [4, 'MALFORMED_INPUT'], [5, 'VALIDATION_FAILED'],
      [6, 'UNKNOWN_SCHEMA'], [8, 'MALFORMED_INPUT'], [9, 'p4']],
  );
});

test('hostile input: prototype keys, deep nesting, control characters, BOM', async () => {
  const deep = `{"id":"d1","schema":"Person","properties":{"name":${'['.repeat(100000)}${']'.repeat(100000)}}}`;
  const lines = [
    `\uFEFF${GOOD}`,
    '{"id":"x1","schema":"Person","__proto__":{"polluted":true},"properties":{"__proto__":["a"],"constructor":["b"],"name":["C"]}}',
    deep,
    '{"id":"c1","schema":"Person","properties":{"name":["A\\u0000\\u001bB\\u0007"]}}',
    '{"id":"c2","schema":"Person","properties":{"name":["tab\tinside"]}}',
  ];
  const results = await collect(lines);
  assert.equal(results[0]?.entity?.id, 'p1', 'BOM stripped');
  assert.deepEqual(results[1]?.entity?.properties, { name: ['C'] });
  assert.ok(results[1]?.dropped?.__proto__ && results[1]?.dropped?.constructor);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(results[2]?.entity?.properties.name, undefined, 'nested arrays are not values');
  assert.ok(results[2]?.dropped?.name);
  assert.deepEqual(results[3]?.entity?.properties.name, ['AB']);
  assert.equal(results[4]?.error?.code, 'MALFORMED_INPUT', 'raw control characters are not JSON');
  assert.equal((await collect(lines, true))[2]?.error?.code, 'VALIDATION_FAILED');
});

test('a 5 MiB line is refused without stopping the stream', async () => {
  const huge = `{"id":"h1","schema":"Person","properties":{"notes":["${'x'.repeat(5 * 1024 * 1024)}"]}}`;
  const results = await collect([GOOD, huge, GOOD]);
  assert.deepEqual(results.map((r) => r.error?.code ?? r.entity?.id), ['p1', 'PAYLOAD_TOO_LARGE', 'p1']);
  const arabic = `{"id":"h2","schema":"Person","properties":{"notes":["${'ب'.repeat(2.5 * 1024 * 1024)}"]}}`;
  assert.equal((await collect([arabic]))[0]?.error?.code, 'PAYLOAD_TOO_LARGE', 'counted in UTF-8 bytes');
});

test('splitLines cuts overlong lines short instead of buffering them', async () => {
  async function* chunks(): AsyncGenerator<string | Uint8Array> {
    yield new TextEncoder().encode(`${GOOD}\r\n{"id":"h1",`);
    for (let i = 0; i < 80; i++) yield 'y'.repeat(64 * 1024); // 5 MiB on one line
    yield `}\n${GOOD.slice(0, 10)}`;
    yield GOOD.slice(10);
  }
  const lines: string[] = [];
  for await (const line of splitLines(chunks())) lines.push(line);
  assert.equal(lines.length, 3);
  assert.equal(lines[0], GOOD);
  assert.equal(lines[1]?.length, 4 * 1024 * 1024 + 1);
  assert.equal(lines[2], GOOD);
  const results = await collect(lines);
  assert.deepEqual(results.map((r) => r.error?.code ?? r.entity?.id), ['p1', 'PAYLOAD_TOO_LARGE', 'p1']);
});

test('100k lines stream through without being buffered', async () => {
  let produced = 0;
  function* lines(): Generator<string> {
    for (let i = 0; i < 100_000; i++) {
      produced += 1;
      yield `{"id":"n${i}","schema":"Person","properties":{"name":["Person ${i}"]}}`;
    }
  }
  let count = 0;
  let maxAhead = 0;
  for await (const result of readFtmJsonLines(lines(), model, { strict: true })) {
    assert.ok(result.entity);
    count += 1;
    maxAhead = Math.max(maxAhead, produced - count);
  }
  assert.equal(count, 100_000);
  assert.ok(maxAhead <= 1, `reader pulled ${maxAhead} lines ahead`);
});

test('writeFtmJson has a stable key order', () => {
  const line = writeFtmJson({
    last_seen: '2026-02-27', schema: 'Person', datasets: ['d'], properties: { name: ['B', 'A'], alias: ['Z'] }, id: 'p1', caption: 'B',
  } as never);
  assert.equal(line, '{"id":"p1","schema":"Person","properties":{"alias":["Z"],"name":["B","A"]},"caption":"B","datasets":["d"],"last_seen":"2026-02-27"}');
  const tricky = writeFtmJson({ id: 'p1', schema: 'Person', properties: JSON.parse('{"__proto__":["x"]}') });
  assert.equal(tricky, '{"id":"p1","schema":"Person","properties":{"__proto__":["x"]}}');
});

test('round trip of the UN sample: read, write, read again, write again', async () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const first = await collect(text.split('\n'), true);
  assert.equal(first.filter((r) => r.error).length, 0, JSON.stringify(first.find((r) => r.error)?.error?.details));
  const entities = first.map((r) => r.entity).filter((e) => e !== undefined);
  assert.ok(entities.length >= 300);
  assert.ok(entities.filter((e) => e.properties.alias?.some((name) => /[\u0600-\u06ff]/.test(name))).length >= 80);
  assert.ok(entities.some((e) => e.schema === 'Organization') && entities.some((e) => e.schema === 'Sanction'));
  const written = `${entities.map(writeFtmJson).join('\n')}\n`;
  const second = await collect(written.split('\n'), true);
  assert.deepEqual(second.map((r) => r.entity), entities);
  const rewritten = `${second.map((r) => writeFtmJson(r.entity as never)).join('\n')}\n`;
  assert.equal(rewritten, written, 'byte-identical second write');
  assert.equal(written, text, 'the committed fixture is already in canonical form');
  const person = entities.find((e) => e.id === 'unsc-6908002');
  assert.equal(model.caption(person as never), 'IRUTA DOUGLAS MPAMO');
  assert.deepEqual(model.entityRefs(entities.find((e) => e.id === 'unsc-6908002-sanction') as never), [{ prop: 'entity', id: 'unsc-6908002' }]);
});
