// The UN Consolidated List parser on a real extract, on hostile and broken XML, and on a large
// generated list (memory must not grow with the input).
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EntityData } from '@ariadne/schema';
import { parseUnConsolidated, type ByteSource, type ListItem } from '../src/index.ts';
import { hostileXmlSuite } from './hostile-xml-suite.ts';

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

hostileXmlSuite({
  parse: (source) => parseUnConsolidated(source),
  id: (n) => `SYi.00${n}`,
  record: (id, name, alias) => individual(id, name, alias === undefined ? '' : `<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>${alias}</ALIAS_NAME></INDIVIDUAL_ALIAS>`),
  document: (records) => HEAD + records.join('') + TAIL,
  subjectId: (id) => `un-sc-${id}`,
  recordRef: (id) => id,
  nameElement: 'FIRST_NAME',
});
