// The FtM JSON reader on an OpenSanctions-form extract (lines and array), and on bad lines,
// huge lines, bad encodings and oversized or broken arrays.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { parseFtmJson, type ByteSource, type FtmJsonParseOptions } from '../src/index.ts';

const FIXTURE = new URL('./fixtures/opensanctions-extract.ftm.json', import.meta.url);

async function collect(source: ByteSource, options: FtmJsonParseOptions = {}) {
  const entities = new Map<string, EntityData>();
  const errors: { record: string; message: string }[] = [];
  for await (const item of parseFtmJson(source, options)) {
    if ('entity' in item) entities.set(item.entity.id, item.entity);
    else errors.push(item.error);
  }
  return { entities, errors };
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

const person = (id: string, name: string, extra = '') => `{"id":"${id}","schema":"Person","properties":{"name":["${name}"]${extra}},"datasets":["synthetic_list"]}`;

test('OpenSanctions lines: ids kept, persons and sanctions validated, the dataset reported once', async () => {
  const datasets: string[] = [];
  const { entities, errors } = await collect(createReadStream(FIXTURE), { onDataset: (d) => datasets.push(d) });
  assert.deepEqual(errors, []);
  assert.deepEqual(datasets, ['un_sc_sanctions']);
  assert.deepEqual([...entities.keys()].filter((id) => id.startsWith('NK-')), ['NK-fxQDi001uGx8Tz', 'NK-fxCDi030kWb2Qa', 'NK-fxKPi066pRt7Hm']);
  const zidane = entities.get('NK-fxQDi001uGx8Tz');
  assert.deepEqual(zidane?.properties.weakAlias, ['Ibrahim al-Madani', "Saif Al-'Adil", 'Seif al Adel']);
  assert.deepEqual(zidane.datasets, ['un_sc_sanctions']);
  const sanction = entities.get('un-sc-sanctions-fx-qdi-001');
  assert.deepEqual([sanction?.schema, sanction?.properties.entity, sanction?.properties.unscId], ['Sanction', ['NK-fxQDi001uGx8Tz'], ['QDi.001']]);
});

test('the same entities as one JSON array read the same', async () => {
  const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
  const fromLines = await collect(createReadStream(FIXTURE));
  const fromArray = await collect(chunks(' \n[', lines.slice(0, 3).join(',\n'), ',', lines.slice(3).join(','), ']\n'));
  assert.deepEqual(fromArray.errors, []);
  assert.deepEqual([...fromArray.entities.values()], [...fromLines.entities.values()]);
});

test('each bad line is an error naming its line; the lines around it are read', async () => {
  const input = [
    person('syn-1', 'Testperson Alpha'),
    '',
    '{"id": "syn-2", "schema": "Person", "properties": {"name": ["Testperson Beta"]',
    '[1, 2]',
    '42',
    'null',
    '{"id":"syn-3","schema":"Spaceship","properties":{"name":["Synthetic Thing"]}}',
    '{"id":"bad id!","schema":"Person","properties":{"name":["Testperson Gamma"]}}',
    person('syn-4', 'Testperson Delta', ',"colour":["blue"]'),
    person('syn-5', 'Testperson Epsilon'),
  ].join('\r\n');
  const { entities, errors } = await collect(chunks(input));
  assert.deepEqual([...entities.keys()], ['syn-1', 'syn-4', 'syn-5']);
  assert.deepEqual(entities.get('syn-4')?.properties, { name: ['Testperson Delta'] });
  assert.deepEqual(errors.map((e) => e.record), ['line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9']);
  assert.match(errors[0]!.message, /not valid JSON/);
  assert.match(errors[1]!.message, /JSON object.*array/);
  assert.match(errors[3]!.message, /null/);
  assert.match(errors[4]!.message, /unknown schema "Spaceship"/);
  assert.match(errors[5]!.message, /id/);
  assert.match(errors[6]!.message, /syn-4 kept without its invalid values.*colour/);
});

test('strict mode rejects an entity with any invalid value', async () => {
  const { entities, errors } = await collect(chunks(person('syn-4', 'Testperson Delta', ',"colour":["blue"]')), { strict: true });
  assert.equal(entities.size, 0);
  assert.deepEqual(errors.map((e) => e.record), ['line 1']);
});

test('a 50 MB single line, streamed in 1 MB chunks, is skipped and reported; the next line is read', async () => {
  async function* huge(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    yield encoder.encode(`${person('syn-1', 'Testperson Alpha')}\n{"id":"syn-2","schema":"Person","properties":{"name":["`);
    const mb = encoder.encode('A'.repeat(1024 * 1024));
    for (let i = 0; i < 50; i++) yield mb;
    yield encoder.encode(`"]}}\n${person('syn-3', 'Testperson Gamma')}\n`);
  }
  const { entities, errors } = await collect(huge());
  assert.deepEqual([...entities.keys()], ['syn-1', 'syn-3']);
  assert.deepEqual(errors.map((e) => e.record), ['line 2']);
  assert.match(errors[0]!.message, /longer than 8388608 characters/);
});

test('nested entities (OpenSanctions nested export) are reduced to their ids', async () => {
  const nested = '{"id":"syn-s1","schema":"Sanction","properties":{"entity":[{"id":"syn-1","schema":"Person","properties":{"name":["Testperson Alpha"]}}],"program":["Synthetic"]}}';
  const { entities, errors } = await collect(chunks(nested));
  assert.deepEqual(errors, []);
  assert.deepEqual(entities.get('syn-s1')?.properties.entity, ['syn-1']);
});

test('invalid UTF-8, a truncated array, a non-array and an oversized array are document errors', async () => {
  const latin1 = await collect(chunks(person('syn-1', 'Testperson Alpha') + '\n', Buffer.from(person('syn-2', 'José') + '\n', 'latin1')));
  assert.deepEqual([...latin1.entities.keys()], ['syn-1']);
  assert.deepEqual(latin1.errors.map((e) => e.record), ['document']);
  assert.match(latin1.errors[0]!.message, /not valid UTF-8/);
  const truncated = await collect(chunks(`[${person('syn-1', 'Testperson Alpha')},{"id":`));
  assert.equal(truncated.entities.size, 0);
  assert.match(truncated.errors[0]?.message ?? '', /not valid JSON \(truncated\?\)/);
  const tooBig = await collect(chunks(`[${person('syn-1', 'Testperson Alpha')},`, `${person('syn-2', 'Testperson Beta')}]`), { maxArrayChars: 100 });
  assert.equal(tooBig.entities.size, 0);
  assert.match(tooBig.errors[0]?.message ?? '', /longer than 100 characters.*JSON lines/);
  const items = await collect(chunks('[1, null, ' + person('syn-1', 'Testperson Alpha') + ']'));
  assert.deepEqual([...items.entities.keys()], ['syn-1']);
  assert.deepEqual(items.errors.map((e) => e.record), ['item 1', 'item 2']);
});

test('an empty input gives nothing; a line split across chunks and ending without a newline is read', async () => {
  assert.deepEqual(await collect(chunks('', '  \n\n')), { entities: new Map(), errors: [] });
  const { entities, errors } = await collect(chunks('\uFEFF{"id":"syn-1","schema":"Per', 'son","properties":{"name":["Testperson Alpha"]}}'));
  assert.deepEqual(errors, []);
  assert.deepEqual(entities.get('syn-1')?.properties.name, ['Testperson Alpha']);
});
