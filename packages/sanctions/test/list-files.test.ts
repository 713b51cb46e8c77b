// Opening list files whatever their format (detection from the first bytes, OFAC CSV folders),
// the publication dates the parsers report, and grouping a list's entities into designations.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntityData } from '@ariadne/schema';
import { detectListFormat, groupDesignations, ListFileError, openListFile, parseOfacLegacyCsv, type OpenedList } from '../src/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const head = (name: string) => readFileSync(fixture(name), 'utf8').slice(0, 4096);
const scratch = mkdtempSync(join(tmpdir(), 'ariadne-lists-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function read(opened: OpenedList): Promise<{ entities: EntityData[]; errors: string[] }> {
  const entities: EntityData[] = [];
  const errors: string[] = [];
  for await (const item of opened.items()) {
    if ('entity' in item) entities.push(item.entity);
    else errors.push(`${item.error.record}: ${item.error.message}`);
  }
  return { entities, errors };
}

test('each format is recognised from the fixtures\' first bytes', () => {
  assert.equal(detectListFormat(head('un-consolidated-extract.xml'), 'consolidated.xml'), 'un-xml');
  assert.equal(detectListFormat(head('ofac-advanced-extract.xml'), 'sdn_advanced.xml'), 'ofac-advanced-xml');
  assert.equal(detectListFormat(head('eu-fsf-extract.xml'), 'eu.xml'), 'eu-fsf-xml');
  assert.equal(detectListFormat(head('uk-sanctions-extract.xml'), 'uk.xml'), 'gb-fcdo-xml');
  assert.equal(detectListFormat(head('ofac-sdn.csv'), 'renamed.txt'), 'ofac-csv');
  assert.equal(detectListFormat(head('opensanctions-extract.ftm.json'), 'entities.ftm.json'), 'ftm-json');
});

test('tiny inline samples: roots with and without namespaces, prefixes, BOMs and comments', () => {
  assert.equal(detectListFormat('\uFEFF<?xml version="1.0"?><!-- generated --><export xmlns="http://eu.europa.ec/fpi/fsd/export">', 'x'), 'eu-fsf-xml');
  assert.equal(detectListFormat('<export generationDate="2026-01-01"><sanctionEntity logicalId="1">', 'x'), 'eu-fsf-xml');
  assert.equal(detectListFormat('<export><row/></export>', 'x'), null);
  assert.equal(detectListFormat('<Designations><DateGenerated>01/01/2026</DateGenerated>', 'x'), 'gb-fcdo-xml');
  assert.equal(detectListFormat('<s:Sanctions xmlns:s="http://www.un.org/sanctions/1.0">', 'x'), 'ofac-advanced-xml');
  assert.equal(detectListFormat('<Sanctions>\n  <DateOfIssue><Year>2026</Year>', 'x'), 'ofac-advanced-xml');
  assert.equal(detectListFormat('<Sanctions><Fine>A library\'s overdue fines</Fine></Sanctions>', 'x'), null);
  assert.equal(detectListFormat('  [{"id": "syn-1", "schema": "Person"', 'x'), 'ftm-json');
  assert.equal(detectListFormat('{"name": "not an entity"}', 'x'), null);
  assert.equal(detectListFormat('36,"SYNTHETIC AIRLINES",-0- ,"CUBA"', 'x'), 'ofac-csv');
  assert.equal(detectListFormat('36,"SYNTHETIC AIRLINES"', 'SDN.CSV'), 'ofac-csv');
  assert.equal(detectListFormat('id,name\n1,Testperson Alpha', 'sdn.csv'), null);
  assert.equal(detectListFormat('<!DOCTYPE html><html><body>Not Found', 'x'), null);
  assert.equal(detectListFormat('', 'x'), null);
});

test('a UN file: list un-sc, sha256 of its bytes, dateGenerated once read', async () => {
  const opened = await openListFile(fixture('un-consolidated-extract.xml'));
  assert.deepEqual([opened.format, opened.list, opened.source], ['un-xml', 'un-sc', 'un-consolidated-extract.xml']);
  assert.equal(await opened.sha256(), createHash('sha256').update(readFileSync(fixture('un-consolidated-extract.xml'))).digest('hex'));
  assert.equal(opened.publishedAt(), null);
  const { entities, errors } = await read(opened);
  assert.deepEqual(errors, []);
  assert.equal(entities.length, 36);
  assert.equal(opened.publishedAt(), '2026-02-27T00:00:09.554Z');
  assert.equal((await read(opened)).entities.length, 36, 'items() can be read again');
});

test('OFAC advanced, EU, UK and FtM JSON files open with their list names and dates', async () => {
  const ofac = await openListFile(fixture('ofac-advanced-extract.xml'));
  assert.deepEqual([ofac.format, ofac.list], ['ofac-advanced-xml', 'ofac-sdn']);
  assert.equal((await read(ofac)).entities.length, 10);
  assert.equal(ofac.publishedAt(), '2021-07-02');
  const eu = await openListFile(fixture('eu-fsf-extract.xml'));
  assert.deepEqual([eu.format, eu.list], ['eu-fsf-xml', 'eu-fsf']);
  assert.ok((await read(eu)).entities.length > 0);
  const uk = await openListFile(fixture('uk-sanctions-extract.xml'));
  assert.deepEqual([uk.format, uk.list], ['gb-fcdo-xml', 'gb-fcdo']);
  assert.ok((await read(uk)).entities.length > 0);
  const ftm = await openListFile(fixture('opensanctions-extract.ftm.json'));
  assert.deepEqual([ftm.format, ftm.list], ['ftm-json', 'un_sc_sanctions']);
  assert.equal((await read(ftm)).entities.length, 6);
  const unnamed = join(scratch, 'my-list.ftm.json');
  writeFileSync(unnamed, '{"id":"syn-1","schema":"Person","properties":{"name":["Testperson Alpha"]}}\n');
  assert.equal((await openListFile(unnamed)).list, 'my-list');
});

test('an OFAC CSV folder (any case) and a lone sdn.csv with its siblings read the same set', async () => {
  const folder = join(scratch, 'SDN-2021');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  for (const [from, to] of [['ofac-sdn.csv', 'SDN.CSV'], ['ofac-alt.csv', 'alt.csv'], ['ofac-add.csv', 'ADD.csv'], ['ofac-sdn_comments.csv', 'sdn_comments.csv']]) copyFileSync(fixture(from!), join(folder, to!));
  const set = await openListFile(folder);
  assert.deepEqual([set.format, set.list, set.source], ['ofac-csv', 'ofac-sdn', 'SDN-2021']);
  const { entities, errors } = await read(set);
  assert.deepEqual(errors, []);
  assert.equal(entities.length, 40);
  assert.deepEqual(entities.find((e) => e.id === 'ofac-306')?.properties.alias, ['NATIONAL BANK OF CUBA'], 'alt.csv was read');
  assert.equal(set.publishedAt(), null, '2021 files carry no Publish Date');
  const sha = (name: string) => createHash('sha256').update(readFileSync(join(folder, name))).digest('hex');
  const expected = createHash('sha256').update(['ADD.csv', 'SDN.CSV', 'alt.csv', 'sdn_comments.csv'].map((n) => `${n} ${sha(n)}\n`).join('')).digest('hex');
  assert.equal(await set.sha256(), expected);
  const lone = await openListFile(join(folder, 'SDN.CSV'));
  assert.equal(lone.format, 'ofac-csv');
  assert.equal((await read(lone)).entities.length, 40);
  assert.equal(await lone.sha256(), expected);
});

test('a folder without sdn.csv, an unknown file and a missing path are refused', async () => {
  const empty = join(scratch, 'empty');
  mkdirSync(empty, { recursive: true });
  await assert.rejects(openListFile(empty), (e) => e instanceof ListFileError && /no sdn\.csv/.test(e.message));
  const html = join(scratch, 'page.xml');
  writeFileSync(html, '<!DOCTYPE html><html><body>Service unavailable</body></html>');
  await assert.rejects(openListFile(html), (e) => e instanceof ListFileError && /not a sanctions list/.test(e.message));
  await assert.rejects(openListFile(join(scratch, 'missing.xml')), /ENOENT/);
});

test('the legacy CSV reports a Publish Date row instead of importing it', async () => {
  async function* bytes(text: string) {
    yield new TextEncoder().encode(text);
  }
  const dates: string[] = [];
  const ids: string[] = [];
  for await (const item of parseOfacLegacyCsv({ sdn: bytes('9000001,"SYNTHETIC TRADING LLC",-0- ,"SYNTHETIC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"Publish Date: 05/03/2024"\r\n') }, { onPublished: (d) => dates.push(d) })) {
    assert.ok('entity' in item, JSON.stringify(item));
    ids.push(item.entity.id);
  }
  assert.deepEqual(dates, ['2024-05-03']);
  assert.deepEqual(ids, ['ofac-9000001', 'ofac-9000001-sanction']);
});

test('designations: each subject with its sanction, identifications and addresses, keyed by the list reference', async () => {
  const { entities } = await read(await openListFile(fixture('un-consolidated-extract.xml')));
  const { entries, dropped } = groupDesignations(entities);
  assert.equal(dropped, 0);
  assert.equal(entries.length, 18);
  const first = entries.find((e) => e.entry === 'QDi.001');
  assert.deepEqual(first?.entities.map((e) => e.id), ['un-sc-QDi.001', 'un-sc-QDi.001-sanction']);

  const e = (id: string, schema: string, properties: Record<string, string[]>): EntityData => ({ id, schema, properties });
  const synthetic = [
    e('syn-addr', 'Address', { full: ['1 Synthetic Street'] }),
    e('syn-p', 'Person', { name: ['Testperson Alpha'], addressEntity: ['syn-addr'] }),
    e('syn-s', 'Sanction', { entity: ['syn-p'], authorityId: ['SYN.1'] }),
    e('syn-id', 'Identification', { holder: ['syn-p'], number: ['SYN-0001'] }),
    e('syn-o', 'Organization', { name: ['Synthetic Trading LLC'] }),
    e('syn-own', 'Ownership', { owner: ['syn-p'], asset: ['syn-o'] }),
    e('syn-orphan', 'Sanction', { entity: ['syn-nobody'] }),
    e('syn-loose', 'Address', { full: ['2 Synthetic Street'] }),
  ];
  const grouped = groupDesignations(synthetic);
  assert.deepEqual(grouped.entries.map((d) => [d.entry, d.entities.map((x) => x.id)]), [
    ['SYN.1', ['syn-p', 'syn-addr', 'syn-s', 'syn-id', 'syn-own']],
    ['syn-o', ['syn-o', 'syn-own']],
  ]);
  assert.equal(grouped.dropped, 2);
  const custom = groupDesignations(synthetic, (subject) => `custom-${subject.id}`);
  assert.deepEqual(custom.entries.map((d) => d.entry), ['custom-syn-p', 'custom-syn-o']);
});
