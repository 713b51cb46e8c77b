// The OFAC sdn_advanced.xml parser on an extract in the official structure, against the legacy CSV
// parser (same ids, same names), and on hostile, broken and huge input.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { parseOfacAdvanced, parseOfacLegacyCsv, type ByteSource, type ListItem } from '../src/index.ts';

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

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
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

test('a DOCTYPE is refused before any entity is expanded', async () => {
  const xml = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + HEAD.slice(HEAD.indexOf('<Sanctions')) + party('9000010', '&xxe;', 'X') + tail();
  const { entities, errors } = await collect(chunks(xml));
  assert.equal(entities.size, 0);
  assert.deepEqual(errors.map((e) => e.record), ['document']);
  assert.match(errors[0]!.message, /DOCTYPE.*refused/);
});

test('a 100 MB name, streamed in 1 MB chunks, rejects its party only', async () => {
  async function* huge(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    yield encoder.encode(HEAD + party('9000010', 'SYNTHETIC', 'Before'));
    const open = party('9000011', 'SYNTHETIC', 'X');
    yield encoder.encode(open.slice(0, open.indexOf('>X<') + 1));
    const mb = encoder.encode('A'.repeat(1024 * 1024));
    for (let i = 0; i < 100; i++) yield mb;
    yield encoder.encode(open.slice(open.indexOf('>X<') + 2) + party('9000012', 'SYNTHETIC', 'After') + tail('9000010', '9000011', '9000012'));
  }
  const { entities, errors } = await collect(huge());
  assert.deepEqual(subjects(entities), ['ofac-9000010', 'ofac-9000012']);
  assert.deepEqual(errors.map((e) => e.record), ['ofac 9000011']);
  assert.match(errors[0]!.message, /NamePartValue.*longer than 65536/);
  assert.ok(!entities.has('ofac-9000011-sanction'));
});

test('a truncated file keeps the parties before the cut and ends with a clear error', async () => {
  const full = HEAD + party('9000010', 'SYNTHETIC', 'Witness') + party('9000011', 'SYNTHETIC', 'Other') + tail('9000010', '9000011');
  const { entities, errors } = await collect(chunks(full.slice(0, full.indexOf('Other'))));
  assert.deepEqual(subjects(entities), ['ofac-9000010']);
  assert.deepEqual(errors.map((e) => e.record), ['document']);
  assert.match(errors[0]!.message, /ends too early \(truncated\?\)/);
});

test('invalid UTF-8 and a file that is not OFAC advanced XML are refused with the reason', async () => {
  const latin1 = await collect(chunks(Buffer.from(HEAD + party('9000010', 'SYNTHETIC', 'José') + tail(), 'latin1')));
  assert.match(latin1.errors.at(-1)?.message ?? '', /not valid UTF-8/);
  assert.ok(!latin1.entities.has('ofac-9000010'));
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
