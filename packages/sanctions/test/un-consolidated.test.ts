// The UN Consolidated List parser on a real extract, on hostile and broken XML, and on a large
// generated list (memory must not grow with the input).
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EntityData } from '@ariadne/schema';
import { parseUnConsolidated, type ByteSource, type ListItem } from '../src/index.ts';

const FIXTURE = new URL('./fixtures/un-consolidated-extract.xml', import.meta.url);

async function collect(source: ByteSource): Promise<{ entities: Map<string, EntityData>; errors: { record: string; message: string }[] }> {
  const entities = new Map<string, EntityData>();
  const errors: { record: string; message: string }[] = [];
  for await (const item of parseUnConsolidated(source) as AsyncIterable<ListItem>) {
    if ('entity' in item) entities.set(item.entity.id, item.entity);
    else errors.push(item.error);
  }
  return { entities, errors };
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>';
const TAIL = '</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>';
const individual = (ref: string, first: string, extra = '') =>
  `<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>${first}</FIRST_NAME><UN_LIST_TYPE>Synthetic</UN_LIST_TYPE><REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER><LISTED_ON>2020-01-01</LISTED_ON>${extra}</INDIVIDUAL>`;

test('the first Al-Qaida individual (QDi.001) keeps its names by alias quality, dates and nationality', async () => {
  const { entities, errors } = await collect(createReadStream(FIXTURE));
  assert.deepEqual(errors, []);
  const person = entities.get('un-sc-QDi.001');
  assert.equal(person?.schema, 'Person');
  assert.deepEqual(person.properties.name, ['MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE']);
  assert.deepEqual(person.properties.alias, ['Sayf-Al Adl', 'Muhamad Ibrahim Makkawi', 'محمد صلاح الدين عبدالحليم زيدان']);
  assert.deepEqual(person.properties.weakAlias, ['Ibrahim al-Madani', "Saif Al-'Adil", 'Seif al Adel']);
  assert.deepEqual(person.properties.birthDate, ['1963-04-11', '1960-04-11']);
  assert.deepEqual(person.properties.nationality, ['eg']);
  assert.deepEqual(person.properties.birthPlace, ['Monufia Governate, Egypt']);
  assert.deepEqual(person.properties.modifiedAt, ['2022-11-08']);
  assert.ok(person.properties.notes?.includes('Name in original script (Arabic): محمد صلاح الدين عبدالحليم زيدان'));
  assert.deepEqual(entities.get('un-sc-QDi.001-sanction')?.properties, {
    entity: ['un-sc-QDi.001'], authority: ['United Nations Security Council'], unscId: ['QDi.001'],
    sourceUrl: ['https://scsanctions.un.org/resources/xml/en/consolidated.xml'], program: ['Al-Qaida'], listingDate: ['2001-01-25'],
  });
});

test('between and approximate birth dates become years with the qualifier in notes', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const between = entities.get('un-sc-CDi.030');
  assert.deepEqual(between?.properties.birthDate, ['1973', '1974']);
  assert.ok(between.properties.notes?.includes('Date of birth: between 1973 and 1974'));
  assert.deepEqual(between.properties.weakAlias, ['Lydia', 'Terminator', 'Tango Romeo', 'Romeo', 'Major']);
  const approximate = entities.get('un-sc-CDi.014');
  assert.deepEqual(approximate?.properties.birthDate, ['1962-03-17', '1966']);
  assert.ok(approximate.properties.notes?.includes('Date of birth: approximately 1966'));
});

test('an entity keeps a.k.a. as alias and f.k.a. as previousName', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const adf = entities.get('un-sc-CDe.001');
  assert.equal(adf?.schema, 'Organization');
  assert.deepEqual(adf.properties.alias, ['Allied Democratic Forces']);
  assert.deepEqual(adf.properties.previousName, ['Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda', 'ADF/NALU', 'NALU']);
  assert.deepEqual(adf.properties.country, ['cd']);
});

test('the fixture gives 13 persons, 5 organisations, one sanction each, Cyrillic names and passports', async () => {
  const { entities, errors } = await collect(createReadStream(FIXTURE));
  assert.deepEqual(errors, []);
  const count = (schema: string) => [...entities.values()].filter((e) => e.schema === schema).length;
  assert.deepEqual([count('Person'), count('Organization'), count('Sanction')], [13, 5, 18]);
  const all = [...entities.values()];
  assert.equal(all.filter((e) => e.properties.notes?.some((n) => n.startsWith('Name in original script (Cyrillic)'))).length, 2);
  assert.ok(all.some((e) => e.properties.passportNumber?.length));
  // CFi.008's document "number" is prose longer than an identifier: kept in notes, record still imported
  assert.ok(entities.get('un-sc-CFi.008')?.properties.notes?.some((n) => n.startsWith('Document ')));
});

test('a DOCTYPE (billion laughs) is refused before any entity is expanded', async () => {
  const laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<CONSOLIDATED_LIST><INDIVIDUALS>' + individual('SYi.001', '&lol3;') + TAIL;
  const { entities, errors } = await collect(chunks(laughs));
  assert.equal(entities.size, 0);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.record, 'document');
  assert.match(errors[0]?.message ?? '', /DOCTYPE/);
});

test('an external entity is refused, the file it names never read', async () => {
  const xxe = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<CONSOLIDATED_LIST><INDIVIDUALS>' + individual('SYi.001', '&xxe;') + TAIL;
  const { entities, errors } = await collect(chunks(xxe));
  assert.equal(entities.size, 0);
  assert.match(errors[0]?.message ?? '', /DOCTYPE.*refused/);
  assert.ok(!JSON.stringify(errors).includes('root:'));
});

test('a 10 MB name rejects its record only; the records around it are imported', async () => {
  const huge = 'A'.repeat(10 * 1024 * 1024);
  const { entities, errors } = await collect(chunks(HEAD, individual('SYi.001', 'SYNTHETIC BEFORE'), '<INDIVIDUAL><FIRST_NAME>', huge.slice(0, 5e6), huge.slice(5e6), '</FIRST_NAME><REFERENCE_NUMBER>SYi.002</REFERENCE_NUMBER></INDIVIDUAL>', individual('SYi.003', 'SYNTHETIC AFTER'), TAIL));
  assert.deepEqual([...entities.keys()].filter((id) => !id.endsWith('-sanction')), ['un-sc-SYi.001', 'un-sc-SYi.003']);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.record, 'SYi.002');
  assert.match(errors[0]?.message ?? '', /FIRST_NAME.*longer than 65536/);
});

test('a truncated document keeps the records before the cut and ends with a clear error', async () => {
  const full = HEAD + individual('SYi.001', 'SYNTHETIC WITNESS') + individual('SYi.002', 'SYNTHETIC OTHER') + TAIL;
  const cut = full.slice(0, full.indexOf('SYNTHETIC OTHER'));
  const { entities, errors } = await collect(chunks(cut));
  assert.ok(entities.has('un-sc-SYi.001'));
  assert.ok(!entities.has('un-sc-SYi.002'));
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.record, 'document');
  assert.match(errors[0]?.message ?? '', /ends too early \(truncated\?\)/);
});

test('a UTF-16 file and a Latin-1 file are refused with the encoding named', async () => {
  const text = HEAD + individual('SYi.001', 'SYNTHETIC WITNESS') + TAIL;
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const refused16 = await collect(chunks(utf16));
  assert.equal(refused16.entities.size, 0);
  assert.match(refused16.errors[0]?.message ?? '', /UTF-16/);
  const latin1 = Buffer.from(HEAD + individual('SYi.001', 'SYNTHETIC JOSÉ') + TAIL, 'latin1');
  const refused1 = await collect(chunks(latin1));
  assert.equal(refused1.entities.size, 0);
  assert.match(refused1.errors[0]?.message ?? '', /not valid UTF-8.*Latin-1/);
});

test('bidi override characters are stripped from names; empty and numeric names are per-record errors', async () => {
  const { entities, errors } = await collect(chunks(HEAD, individual('SYi.001', 'SYNTHETIC\u202E WITNESS\u202C', '<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>\u2067SYNTHETIC ALIAS\u2069</ALIAS_NAME></INDIVIDUAL_ALIAS>'), individual('SYi.002', ''), individual('SYi.003', '12345'), individual('SYi.004', 'SYNTHETIC LAST'), TAIL));
  assert.deepEqual(entities.get('un-sc-SYi.001')?.properties.name, ['SYNTHETIC WITNESS']);
  assert.deepEqual(entities.get('un-sc-SYi.001')?.properties.alias, ['SYNTHETIC ALIAS']);
  assert.ok(entities.has('un-sc-SYi.004'));
  assert.deepEqual(errors.map((e) => e.record), ['SYi.002', 'SYi.003']);
  assert.match(errors[0]?.message ?? '', /empty/);
  assert.match(errors[1]?.message ?? '', /no letters/);
});

test('a large generated list streams in bounded memory', async () => {
  const records = 60_000; // about 35 MB of XML
  async function* generated(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    yield encoder.encode(HEAD);
    for (let i = 0; i < records; i += 500) {
      let batch = '';
      for (let j = i; j < i + 500; j++) batch += individual(`SYi.${j}`, `SYNTHETIC PERSON ${'X'.repeat(300)}`, '<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Synthetic Alias</ALIAS_NAME></INDIVIDUAL_ALIAS>');
      yield encoder.encode(batch);
    }
    yield encoder.encode(TAIL);
  }
  // a real collection before each reading, so the figures are live memory, not garbage not yet collected
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const liveHeap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  let persons = 0;
  let early = 0;
  let late = 0;
  for await (const item of parseUnConsolidated(generated())) {
    if ('error' in item) assert.fail(item.error.message);
    if (item.entity.schema !== 'Person') continue;
    persons++;
    if (persons === 10_000) early = liveHeap();
    if (persons === records - 500) late = liveHeap();
  }
  assert.equal(persons, records);
  const growth = late - early;
  assert.ok(growth < 8 * 1024 * 1024, `live heap grew by ${Math.round(growth / 1048576)} MiB between record 10,000 and ${records - 500}`);
});
