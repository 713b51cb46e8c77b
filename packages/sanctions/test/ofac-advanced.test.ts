// The OFAC sdn_advanced.xml parser on an extract in the official structure, against the legacy CSV
// parser (same ids, same names), and on hostile, broken and huge input.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { parseOfacAdvanced, parseOfacLegacyCsv, type ByteSource, type ListItem } from '../src/index.ts';
import { chunks, hostileXmlSuite } from './hostile-xml-suite.ts';

const FIXTURE = new URL('./fixtures/ofac-advanced-extract.xml', import.meta.url);
const fixtureText = readFileSync(FIXTURE, 'utf8');

async function collect(source: ByteSource, onPublished?: (date: string) => void) {
  const entities = new Map<string, EntityData>();
  const errors: { record: string; message: string }[] = [];
  for await (const item of parseOfacAdvanced(source, onPublished ? { onPublished } : {}) as AsyncIterable<ListItem>) {
    if ('entity' in item) entities.set(item.entity.id, item.entity);
    else errors.push(item.error);
  }
  return { entities, errors };
}

// the fixture's reference values, locations and documents, then synthetic parties and entries
const HEAD = fixtureText.slice(0, fixtureText.indexOf('<DistinctParties>') + '<DistinctParties>'.length);
const party = (fixedRef: string, last: string, first: string, subType = '4') =>
  `<DistinctParty FixedRef="${fixedRef}"><Comment /><Profile ID="${fixedRef}" PartySubTypeID="${subType}"><Identity ID="${fixedRef}" FixedRef="${fixedRef}" Primary="true" False="false">` +
  `<Alias FixedRef="${fixedRef}" AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="${fixedRef}" FixedRef="${fixedRef}" DocNameStatusID="1">` +
  `<DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">${last}</NamePartValue></DocumentedNamePart>` +
  `<DocumentedNamePart><NamePartValue NamePartGroupID="2" ScriptID="215">${first}</NamePartValue></DocumentedNamePart></DocumentedName></Alias>` +
  `<NamePartGroups><MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1520" /></MasterNamePartGroup><MasterNamePartGroup><NamePartGroup ID="2" NamePartTypeID="1521" /></MasterNamePartGroup></NamePartGroups>` +
  `</Identity></Profile></DistinctParty>`;
const entry = (profileId: string, program = 'SDGT') => `<SanctionsEntry ID="${profileId}" ProfileID="${profileId}" ListID="1550"><SanctionsMeasure ID="1" SanctionsTypeID="1"><Comment>${program}</Comment></SanctionsMeasure></SanctionsEntry>`;
const tail = (...profiles: string[]) => `</DistinctParties><SanctionsEntries>${profiles.map((p) => entry(p)).join('')}</SanctionsEntries></Sanctions>`;
const subjects = (entities: Map<string, EntityData>) => [...entities.keys()].filter((id) => !id.includes('-sanction'));

test('the extract gives 4 persons, 1 organisation, a sanction each, and its DateOfIssue', async () => {
  const published: string[] = [];
  const { entities, errors } = await collect(createReadStream(FIXTURE), (d) => published.push(d));
  assert.deepEqual(errors, []);
  assert.deepEqual(published, ['2021-07-02']);
  const count = (schema: string) => [...entities.values()].filter((e) => e.schema === schema).length;
  assert.deepEqual([count('Person'), count('Organization'), count('Sanction')], [4, 1, 5]);
});

test('Banco Nacional de Cuba: alias, low-quality alias as weakAlias, addresses from Locations, programme on the Sanction', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const bank = entities.get('ofac-306');
  assert.equal(bank?.schema, 'Organization');
  assert.deepEqual(bank.properties.name, ['BANCO NACIONAL DE CUBA']);
  assert.deepEqual(bank.properties.alias, ['NATIONAL BANK OF CUBA']);
  assert.deepEqual(bank.properties.weakAlias, ['BNC']);
  assert.equal(bank.properties.address?.[0], 'Zweierstrasse 35, Zurich CH-8022, Switzerland');
  assert.deepEqual(bank.properties.country, ['ch', 'es', 'jp', 'pa']);
  const sanction = entities.get('ofac-306-sanction');
  assert.deepEqual([sanction?.properties.entity, sanction?.properties.authorityId, sanction?.properties.program], [['ofac-306'], ['306'], ['CUBA']]);
});

test('an individual: "LAST, First" names, exact birth date, place of birth, title, passports from IDRegDocuments', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const zawahiri = entities.get('ofac-2676');
  assert.deepEqual(zawahiri?.properties.name, ['AL ZAWAHIRI, Dr. Ayman']);
  assert.deepEqual([zawahiri.properties.lastName, zawahiri.properties.firstName], [['AL ZAWAHIRI'], ['Dr. Ayman']]);
  assert.deepEqual(zawahiri.properties.alias, ['AL-ZAWAHIRI, Ayman', 'SALIM, Ahmad Fuad', 'AL-ZAWAHIRI, Aiman Muhammad Rabi']);
  assert.deepEqual(zawahiri.properties.birthDate, ['1951-06-19']);
  assert.deepEqual(zawahiri.properties.birthPlace, ['Giza, Egypt']);
  assert.deepEqual(zawahiri.properties.passportNumber, ['1084010', '19820215']);
  assert.ok(zawahiri.properties.notes?.includes('Document 1084010: Passport, Egypt'));
  assert.deepEqual(entities.get('ofac-2676-sanction')?.properties.reason, ['Executive Order 13224 (Terrorism)']);
});

test('birth date periods: approximate year, whole-year range, whole month; gender and nationality; other features as notes', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const sahinpasic = entities.get('ofac-7782');
  assert.deepEqual(sahinpasic?.properties.birthDate, ['1951']);
  assert.ok(sahinpasic.properties.notes?.includes('Date of birth: approximately 1951'));
  const naqdi = entities.get('ofac-12057');
  assert.deepEqual(naqdi?.properties.birthDate, ['1951', '1953', '1961-04']);
  assert.ok(naqdi.properties.notes?.includes('Date of birth: between 1951 and 1953'));
  assert.ok(naqdi.properties.notes?.includes('Additional Sanctions Information: Subject to Secondary Sanctions'));
  assert.deepEqual([naqdi.properties.gender, naqdi.properties.nationality], [['male'], ['ir']]);
  assert.deepEqual(entities.get('ofac-12057-sanction')?.properties.program, ['SDGT', 'NPWMD', 'IRGC', 'IFSR', 'IRAN-HR', 'IRAN-EO13876']);
});

test('the synthetic party: Arabic-script name as alias with its script noted, F.K.A., middle name, document, listing date', async () => {
  const { entities } = await collect(createReadStream(FIXTURE));
  const p = entities.get('ofac-9000001')?.properties;
  assert.deepEqual(p?.name, ['TESTPERSON, Alpha Synthetic']);
  assert.deepEqual([p.firstName, p.middleName], [['Alpha'], ['Synthetic']]);
  assert.deepEqual(p.alias, ['تستبرسون ألفا']);
  assert.ok(p.notes?.includes('Name in original script (Arabic): تستبرسون ألفا'));
  assert.deepEqual([p.previousName, p.weakAlias, p.idNumber], [['TESTPERSONA, Alfa'], ['ABU SYNTHETIC'], ['SYN-0001']]);
  assert.deepEqual([p.gender, p.nationality, p.address], [['female'], ['jo'], ['1 Synthetic Street, Amman, Jordan']]);
  assert.ok(p.notes?.includes('Document SYN-0001: Cedula No., Jordan, issued 2015-03-01'));
  assert.deepEqual(entities.get('ofac-9000001-sanction')?.properties.listingDate, ['2020-01-02']);
});

test('both OFAC formats give the same ids and primary names, so one screening key serves both', async () => {
  const advanced = await collect(createReadStream(FIXTURE));
  const fixture = (name: string) => createReadStream(new URL(`./fixtures/ofac-${name}`, import.meta.url));
  const legacy = new Map<string, EntityData>();
  for await (const item of parseOfacLegacyCsv({ sdn: fixture('sdn.csv'), alt: fixture('alt.csv'), add: fixture('add.csv') })) if ('entity' in item) legacy.set(item.entity.id, item.entity);
  for (const ent of ['306', '2676', '7782', '12057']) {
    const a = advanced.entities.get(`ofac-${ent}`);
    const l = legacy.get(`ofac-${ent}`);
    assert.equal(a?.schema, l?.schema, ent);
    assert.deepEqual(a?.properties.name, l?.properties.name, ent);
    assert.deepEqual(advanced.entities.get(`ofac-${ent}-sanction`)?.properties.authorityId, legacy.get(`ofac-${ent}-sanction`)?.properties.authorityId);
  }
  assert.deepEqual(advanced.entities.get('ofac-12057')?.properties.alias, legacy.get('ofac-12057')?.properties.alias?.slice(0, 2));
});

test('bad parties are errors of their own, their entries skipped; an entry for an unknown profile is reported', async () => {
  const bad = [
    party('9000010', 'SYNTHETIC', 'Before'),
    '<DistinctParty><Comment /></DistinctParty>',
    party('9000011', '', ''),
    party('9000012', '12345', '678'),
    party('9000013', 'SYNTHETIC', 'Spaceship', '99'),
    '<DistinctParty FixedRef="9000014"><Comment /></DistinctParty>',
    party('9000015', 'SYNTHETIC\u202E', 'After'),
  ].join('');
  const { entities, errors } = await collect(chunks(HEAD, bad, tail('9000010', '9000011', '9000015', '424242')));
  assert.deepEqual(subjects(entities), ['ofac-9000010', 'ofac-9000015']);
  assert.deepEqual(entities.get('ofac-9000015')?.properties.name, ['SYNTHETIC, After']);
  assert.deepEqual([...entities.keys()].filter((id) => id.endsWith('-sanction')), ['ofac-9000010-sanction', 'ofac-9000015-sanction']);
  assert.deepEqual(errors.map((e) => e.record), ['DistinctParty', 'ofac 9000011', 'ofac 9000012', 'ofac 9000013', 'ofac 9000014', 'ofac 424242']);
  assert.match(errors[0]!.message, /FixedRef/);
  assert.match(errors[1]!.message, /empty/);
  assert.match(errors[2]!.message, /no letters/);
  assert.match(errors[3]!.message, /unknown party type/);
  assert.match(errors[4]!.message, /no Profile/);
  assert.match(errors[5]!.message, /no DistinctParty/);
});

test('a file that is not OFAC advanced XML is refused with the reason', async () => {
  const un = await collect(chunks('<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>'));
  assert.equal(un.entities.size, 0);
  assert.deepEqual(un.errors.map((e) => e.record), ['document']);
  assert.match(un.errors[0]!.message, /not OFAC's advanced XML/);
});

test('the older namespace (http://www.un.org/sanctions/1.0) reads the same', async () => {
  const older = fixtureText.replace('https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML', 'http://www.un.org/sanctions/1.0');
  const { entities, errors } = await collect(chunks(older));
  assert.deepEqual(errors, []);
  assert.equal(entities.size, 10);
});

/** an A.K.A. alias with one name part */
const aka = (fixedRef: string, alias: string) =>
  `<Alias FixedRef="${fixedRef}" AliasTypeID="1400" Primary="false" LowQuality="false"><DocumentedName ID="${fixedRef}1" FixedRef="${fixedRef}" DocNameStatusID="1">` +
  `<DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">${alias}</NamePartValue></DocumentedNamePart></DocumentedName></Alias>`;

hostileXmlSuite({
  parse: (source) => parseOfacAdvanced(source),
  id: (n) => `900001${n}`,
  // the whole name as the last name part: "LAST, First" needs a given name, so the name reads as written
  record: (id, name, alias) => (alias === undefined ? party(id, name, '') : party(id, name, '').replace('</Alias>', `</Alias>${aka(id, alias)}`)),
  document: (records, ids) => HEAD + records.join('') + tail(...ids),
  subjectId: (id) => `ofac-${id}`,
  recordRef: (id) => `ofac ${id}`,
  nameElement: 'NamePartValue',
});
