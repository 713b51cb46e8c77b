// The EU consolidated financial sanctions list parser (FSF XML 1.1) on a fixture transcribed from
// real UN-derived designations, and on hostile and broken XML.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { parseEuFsf, type ByteSource } from '../src/index.ts';
import { chunks, hostileXmlSuite } from './hostile-xml-suite.ts';

const FIXTURE = new URL('./fixtures/eu-fsf-extract.xml', import.meta.url);

async function collect(source: ByteSource, onPublished?: (iso: string) => void) {
  const entities = new Map<string, EntityData>();
  const errors: { record: string; message: string }[] = [];
  for await (const item of parseEuFsf(source, onPublished ? { onPublished } : {})) {
    if ('entity' in item) entities.set(item.entity.id, item.entity);
    else errors.push(item.error);
  }
  return { entities, errors };
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2020-01-01T00:00:00.000+01:00" globalFileId="1">';
const TAIL = '</export>';
const entry = (logicalId: string, wholeName: string, extra = '') =>
  `<sanctionEntity designationDetails="" unitedNationId="" logicalId="${logicalId}"><regulation programme="SYN" publicationDate="2020-01-01"/><subjectType code="person" classificationCode="P"/><nameAlias wholeName="${wholeName}" strong="true"/>${extra}</sanctionEntity>`;
const subjects = (entities: Map<string, EntityData>) => [...entities.keys()].filter((id) => !id.endsWith('-sanction'));

test('QDi.001 as the EU lists it: the name, strong and weak aliases, the Arabic original, dates, nationality', async () => {
  const { entities, errors } = await collect(createReadStream(FIXTURE));
  assert.deepEqual(errors, []);
  const person = entities.get('eu-fsf-900001');
  assert.equal(person?.schema, 'Person');
  assert.deepEqual(person.properties.name, ['Mohammed Salahaldin Abd El Halim Zidane']);
  assert.deepEqual([person.properties.firstName, person.properties.middleName, person.properties.lastName], [['Mohammed'], ['Salahaldin Abd El Halim'], ['Zidane']]);
  assert.deepEqual(person.properties.alias, ['Sayf-Al Adl', 'Muhamad Ibrahim Makkawi', 'محمد صلاح الدين عبدالحليم زيدان']);
  assert.deepEqual(person.properties.weakAlias, ['Ibrahim al-Madani', "Saif Al-'Adil", 'Seif al Adel']);
  assert.ok(person.properties.notes?.includes('Name in original script (Arabic): محمد صلاح الدين عبدالحليم زيدان'));
  assert.deepEqual(person.properties.birthDate, ['1963-04-11', '1960-04-11']);
  assert.deepEqual(person.properties.nationality, ['eg']);
  assert.deepEqual(entities.get('eu-fsf-900001-sanction')?.properties, {
    entity: ['eu-fsf-900001'], authority: ['European Union'], authorityId: ['EU.900001.01'], unscId: ['QDi.001'],
    sourceUrl: ['https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content'], program: ['TAQA'], listingDate: ['2001-01-25'],
  });
});

test('circa, year-range and year-only birth dates; functions become positions', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const circa = entities.get('eu-fsf-900002');
  assert.deepEqual(circa?.properties.birthDate, ['1962-03-17', '1966']);
  assert.ok(circa.properties.notes?.includes('Date of birth: approximately 1966'));
  assert.deepEqual(circa.properties.position, ['(a) FDLR-FOCA Chief of Staff, (b) FDLR-FOCA Interim Deputy Commander']);
  assert.deepEqual(circa.properties.gender, ['male']);
  const range = entities.get('eu-fsf-900003');
  assert.deepEqual(range?.properties.birthDate, ['1973', '1974']);
  assert.ok(range.properties.notes?.includes('Date of birth: between 1973 and 1974'));
  assert.deepEqual(range.properties.birthCountry, ['rw']);
  assert.deepEqual(entities.get('eu-fsf-900004')?.properties.birthDate, ['1964-04-13', '1965-04-13', '1964-05-12', '1955']);
});

test('a passport and a Cyrillic original-script name (QDi.290)', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const umarov = entities.get('eu-fsf-900004');
  assert.deepEqual(umarov?.properties.passportNumber, ['96 03 464086']);
  assert.ok(umarov.properties.notes?.includes('Document 96 03 464086: National passport, RUSSIAN FEDERATION, issued 2003-06-01'));
  assert.ok(umarov.properties.alias?.includes('Умаров Доку Хаматович'));
  assert.ok(umarov.properties.notes?.includes('Name in original script (Cyrillic): Умаров Доку Хаматович'));
});

test('an enterprise becomes an Organization with its address country; a French name is an alias', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const adf = entities.get('eu-fsf-900005');
  assert.equal(adf?.schema, 'Organization');
  assert.deepEqual(adf.properties.name, ['ADF']);
  assert.deepEqual(adf.properties.alias, ['Allied Democratic Forces', 'Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda', 'ADF/NALU']);
  assert.deepEqual(adf.properties.country, ['cd']);
  assert.deepEqual(entities.get('eu-fsf-900005-sanction')?.properties.unscId, ['CDe.001']);
});

test('the synthetic record: month-only birth date, "low quality" remark, national id, address, no EU reference', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const alpha = entities.get('eu-fsf-999999');
  assert.deepEqual(alpha?.properties.birthDate, ['1978-07']);
  assert.deepEqual(alpha.properties.weakAlias, ['Alpha Testperson']);
  assert.deepEqual(alpha.properties.alias, ['Testperson Alfa']);
  assert.deepEqual([alpha.properties.gender, alpha.properties.title, alpha.properties.position], [['female'], ['Dr'], ['Synthetic Director']]);
  assert.deepEqual(alpha.properties.nationality, ['nl']);
  assert.deepEqual(alpha.properties.idNumber, ['SYN-0001-TEST']);
  assert.deepEqual(alpha.properties.address, ['1 Synthetic Street, 0000 ZZ, Testville, NETHERLANDS']);
  assert.ok(!alpha.properties.notes?.some((n) => /quality/i.test(n)), 'the quality remark is read, not kept as a note');
  const sanction = entities.get('eu-fsf-999999-sanction');
  assert.deepEqual(sanction?.properties.authorityId, ['999999']);
  assert.deepEqual(sanction.properties.listingDate, ['2020-01-15']);
  assert.equal(sanction.properties.unscId, undefined);
});

test('the fixture gives 5 persons, 1 organisation, a sanction each, and the generation date', async () => {
  const published: string[] = [];
  const { entities, errors } = await collect(createReadStream(FIXTURE), (iso) => published.push(iso));
  assert.deepEqual(errors, []);
  const count = (schema: string) => [...entities.values()].filter((e) => e.schema === schema).length;
  assert.deepEqual([count('Person'), count('Organization'), count('Sanction')], [5, 1, 6]);
  assert.deepEqual(published, ['2026-02-27T14:00:16.479+01:00']);
});

test('a 100 MB text run (a remark) rejects its record alone', async () => {
  async function* hostile(): AsyncGenerator<string> {
    yield HEAD + '<sanctionEntity logicalId="2"><remark>';
    const block = 'B'.repeat(1024 * 1024);
    for (let i = 0; i < 100; i++) yield block;
    yield '</remark><subjectType code="person"/><nameAlias wholeName="Synthetic Long" strong="true"/></sanctionEntity>' + entry('3', 'Synthetic After') + TAIL;
  }
  const { entities, errors } = await collect(hostile());
  assert.deepEqual(subjects(entities), ['eu-fsf-3']);
  assert.deepEqual(errors.map((e) => e.record), ['eu-fsf 2']);
  assert.match(errors[0]?.message ?? '', /remark.*longer than 65536/);
});

test('single-quoted attributes, quotes and ">" inside values, comments and chunk splits anywhere all read normally', async () => {
  const xml = HEAD + '<!-- a comment\'s "quotes" --><sanctionEntity logicalId=\'7\'><subjectType code="person"/><nameAlias strong="true" wholeName=\'Synthetic "Quoted" &gt; Name > Sign\'/></sanctionEntity>' + entry('8', 'Synthetic Next') + TAIL;
  const split = [...xml].map((c) => c); // one character per chunk: the limiter keeps its state across chunks
  const { entities, errors } = await collect(chunks(...split));
  assert.deepEqual(errors, []);
  assert.deepEqual(entities.get('eu-fsf-7')?.properties.name, ['Synthetic "Quoted" > Name > Sign']);
  assert.ok(entities.has('eu-fsf-8'));
});

test('unknown subject types and missing ids are per-record errors; the records around them are read', async () => {
  const { entities, errors } = await collect(chunks(HEAD,
    entry('1', 'Synthetic First'),
    '<sanctionEntity logicalId="4"><subjectType code="vessel"/><nameAlias wholeName="Synthetic Ship" strong="true"/></sanctionEntity>',
    '<sanctionEntity euReferenceNumber="EU.0.0"><subjectType code="person"/><nameAlias wholeName="Synthetic Nobody" strong="true"/></sanctionEntity>',
    entry('6', 'Synthetic Last'), TAIL));
  assert.deepEqual(subjects(entities), ['eu-fsf-1', 'eu-fsf-6']);
  assert.deepEqual(errors.map((e) => e.record), ['eu-fsf 4', 'EU.0.0']);
  assert.match(errors[0]?.message ?? '', /unknown subjectType/);
  assert.match(errors[1]?.message ?? '', /logicalId/);
});

hostileXmlSuite({
  parse: (source) => parseEuFsf(source),
  id: (n) => String(n),
  record: (id, name, alias) => entry(id, name, alias === undefined ? '' : `<nameAlias wholeName="${alias}" strong="true"/>`),
  document: (records) => HEAD + records.join('') + TAIL,
  subjectId: (id) => `eu-fsf-${id}`,
  recordRef: (id) => `eu-fsf ${id}`,
  nameElement: 'nameAlias wholeName',
});
