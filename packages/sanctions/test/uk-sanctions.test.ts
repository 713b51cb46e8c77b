// The UK Sanctions List parser (FCDO XML) on a fixture transcribed from real UN-derived
// designations, on ships, and on hostile and broken XML.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { parseUkSanctionsList, ukDate, type ByteSource } from '../src/index.ts';
import { chunks, hostileXmlSuite } from './hostile-xml-suite.ts';

const FIXTURE = new URL('./fixtures/uk-sanctions-extract.xml', import.meta.url);

async function collect(source: ByteSource, onPublished?: (iso: string) => void) {
  const entities = new Map<string, EntityData>();
  const errors: { record: string; message: string }[] = [];
  for await (const item of parseUkSanctionsList(source, onPublished ? { onPublished } : {})) {
    if ('entity' in item) entities.set(item.entity.id, item.entity);
    else errors.push(item.error);
  }
  return { entities, errors };
}

const HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<Designations><DateGenerated>01/01/2020</DateGenerated>';
const TAIL = '</Designations>';
const designation = (id: string, name6: string, extra = '', kind = 'Individual') =>
  `<Designation><UniqueID>${id}</UniqueID><Names><Name><Name6>${name6}</Name6><NameType>Primary Name</NameType></Name></Names><RegimeName>Synthetic Regime</RegimeName><IndividualEntityShip>${kind}</IndividualEntityShip>${extra}</Designation>`;
const subjects = (entities: Map<string, EntityData>) => [...entities.keys()].filter((id) => !id.endsWith('-sanction'));

test('UK dates keep only their known parts', () => {
  assert.equal(ukDate('11/04/1963'), '1963-04-11');
  assert.equal(ukDate('dd/07/1978'), '1978-07');
  assert.equal(ukDate('dd/mm/1966'), '1966');
  assert.equal(ukDate('00/00/1955'), '1955');
  assert.equal(ukDate('31/13/1990'), '1990');
  assert.equal(ukDate('1963'), null);
  assert.equal(ukDate('circa 1963'), null);
});

test('QDi.001 as the UK lists it: name parts, good and low-quality aliases, the Arabic name, regime and UN reference', async () => {
  const { entities, errors } = await collect(createReadStream(FIXTURE));
  assert.deepEqual(errors, []);
  const person = entities.get('gb-fcdo-AQD9001');
  assert.equal(person?.schema, 'Person');
  assert.deepEqual(person.properties.name, ['MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE']);
  assert.deepEqual([person.properties.firstName, person.properties.middleName, person.properties.lastName], [['MOHAMMED'], ['SALAHALDIN ABD EL HALIM'], ['ZIDANE']]);
  assert.deepEqual(person.properties.alias, ['Sayf-Al Adl', 'Muhamad Ibrahim Makkawi', 'محمد صلاح الدين عبدالحليم زيدان']);
  assert.deepEqual(person.properties.weakAlias, ['Ibrahim al-Madani', "Saif Al-'Adil", 'Seif al Adel']);
  assert.ok(person.properties.notes?.includes('Name in original script (Arabic): محمد صلاح الدين عبدالحليم زيدان'));
  assert.deepEqual(person.properties.birthDate, ['1963-04-11', '1960-04-11']);
  assert.deepEqual(person.properties.nationality, ['eg']);
  assert.deepEqual(person.properties.modifiedAt, ['2022-11-08']);
  const regime = "The ISIL (Da'esh) and Al-Qaida (United Nations Sanctions) (EU Exit) Regulations 2019";
  assert.deepEqual(entities.get('gb-fcdo-AQD9001-sanction')?.properties, {
    entity: ['gb-fcdo-AQD9001'], authority: ['United Kingdom'], authorityId: ['AQD9001'], unscId: ['QDi.001'],
    sourceUrl: ['https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml'], program: [regime], listingDate: ['2001-01-25'],
    provisions: ['Asset freeze', 'Travel Ban', 'Arms embargo'],
  });
});

test('placeholder birth dates (dd/mm/yyyy, 00/00/yyyy), positions, gender, birthplace, passports', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const mujyambere = entities.get('gb-fcdo-DRC9014');
  assert.deepEqual(mujyambere?.properties.birthDate, ['1962-03-17', '1966']);
  assert.deepEqual(mujyambere.properties.position, ['FDLR-FOCA Chief of Staff', 'FDLR-FOCA Interim Deputy Commander']);
  assert.deepEqual(mujyambere.properties.gender, ['male']);
  assert.deepEqual(mujyambere.properties.birthPlace, ['Kigali, Rwanda']);
  const umarov = entities.get('gb-fcdo-AQD9290');
  assert.deepEqual(umarov?.properties.birthDate, ['1964-04-13', '1965-04-13', '1964-05-12', '1955']);
  assert.deepEqual(umarov.properties.nationality, ['ru']);
  assert.deepEqual(umarov.properties.passportNumber, ['96 03 464086']);
  assert.ok(umarov.properties.notes?.includes('Name in original script (Cyrillic): Умаров Доку Хаматович'));
});

test('an entity with a UK country spelling; the synthetic record: month-only date, national id, name variation', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const adf = entities.get('gb-fcdo-DRC9001');
  assert.equal(adf?.schema, 'Organization');
  assert.deepEqual(adf.properties.country, ['cd']);
  assert.deepEqual(entities.get('gb-fcdo-DRC9001-sanction')?.properties.unscId, ['CDe.001']);
  const beta = entities.get('gb-fcdo-SYN0001');
  assert.deepEqual(beta?.properties.birthDate, ['1978-07']);
  assert.deepEqual(beta.properties.idNumber, ['SYN-0002-TEST']);
  assert.deepEqual(beta.properties.alias, ['Testperson Beta Synthetic']);
  assert.deepEqual(beta.properties.weakAlias, ['Beta Testperson']);
  assert.deepEqual(beta.properties.gender, ['female']);
  assert.ok(beta.properties.notes?.includes('OFSI group ID: 99999'));
  const sanction = entities.get('gb-fcdo-SYN0001-sanction');
  assert.deepEqual(sanction?.properties.reason, ['Synthetic statement of reasons.']);
  assert.equal(sanction.properties.unscId, undefined);
});

test('the fixture gives 4 persons, 1 organisation, a sanction each, and DateGenerated as an ISO date', async () => {
  const published: string[] = [];
  const { entities, errors } = await collect(createReadStream(FIXTURE), (iso) => published.push(iso));
  assert.deepEqual(errors, []);
  const count = (schema: string) => [...entities.values()].filter((e) => e.schema === schema).length;
  assert.deepEqual([count('Person'), count('Organization'), count('Sanction')], [4, 1, 5]);
  assert.deepEqual(published, ['2026-02-27']);
});

test('a ship becomes a Vessel with IMO number, flag and type; a numeric ship name is allowed', async () => {
  const ship = '<ShipDetails><Ship><IMONumbers><IMONumber>9999999</IMONumber></IMONumbers><CurrentBelievedFlagOfShips><CurrentBelievedFlagOfShip>Comoros</CurrentBelievedFlagOfShip></CurrentBelievedFlagOfShips><TypeOfShipDetails><TypeOfShip>Bulk Carrier</TypeOfShip></TypeOfShipDetails></Ship></ShipDetails>';
  const { entities, errors } = await collect(chunks(HEAD, designation('SYN0100', 'Synthetic Vessel', ship, 'Ship'), designation('SYN0101', '7-28', '', 'Ship'), TAIL));
  assert.deepEqual(errors, []);
  const vessel = entities.get('gb-fcdo-SYN0100');
  assert.equal(vessel?.schema, 'Vessel');
  assert.deepEqual([vessel.properties.imoNumber, vessel.properties.flag, vessel.properties.type], [['IMO9999999'], ['km'], ['Bulk Carrier']]);
  assert.deepEqual(entities.get('gb-fcdo-SYN0101')?.properties.name, ['7-28']);
});

test('bidi controls are stripped from non-Latin names; unknown types and missing ids are per-record errors, bad dates kept as text', async () => {
  const { entities, errors } = await collect(chunks(HEAD,
    designation('SYN0001', 'Synthetic Witness', '<NonLatinNames><NonLatinName><NameNonLatinScript>\u2067سينثتيك\u2069</NameNonLatinScript></NonLatinName></NonLatinNames>'),
    designation('SYN0004', 'Synthetic Aircraft', '', 'Aircraft'),
    designation('', 'Synthetic Nobody'),
    designation('SYN0006', 'Synthetic Last', '<IndividualDetails><Individual><DOBs><DOB>sometime in 1970</DOB></DOBs></Individual></IndividualDetails>'),
    TAIL));
  assert.deepEqual(entities.get('gb-fcdo-SYN0001')?.properties.alias, ['سينثتيك']);
  assert.deepEqual(subjects(entities), ['gb-fcdo-SYN0001', 'gb-fcdo-SYN0006']);
  assert.ok(entities.get('gb-fcdo-SYN0006')?.properties.notes?.includes('Date of birth: sometime in 1970'), 'an unreadable date is kept as text, not lost');
  assert.deepEqual(errors.map((e) => e.record), ['SYN0004', 'Designation #4']);
  assert.match(errors[0]?.message ?? '', /unknown IndividualEntityShip/);
  assert.match(errors[1]?.message ?? '', /no UniqueID/);
});

hostileXmlSuite({
  parse: (source) => parseUkSanctionsList(source),
  id: (n) => `SYN000${n}`,
  record: (id, name, alias) => (alias === undefined ? designation(id, name)
    : designation(id, name).replace('</Names>', `<Name><Name6>${alias}</Name6><NameType>Alias</NameType></Name></Names>`)),
  document: (records) => HEAD + records.join('') + TAIL,
  subjectId: (id) => `gb-fcdo-${id}`,
  recordRef: (id) => id,
  nameElement: 'Name6',
});
