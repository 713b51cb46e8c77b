// The OFAC SDN legacy CSV parser on a real extract (sdn/alt/add/comments) and on broken input.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { parseOfacLegacyCsv, type ByteSource, type OfacSources } from '../src/index.ts';

const fixture = (name: string) => createReadStream(new URL(`./fixtures/ofac-${name}`, import.meta.url));
const fixtures = (): OfacSources => ({ sdn: fixture('sdn.csv'), alt: fixture('alt.csv'), add: fixture('add.csv'), comments: fixture('sdn_comments.csv') });

async function collect(sources: OfacSources) {
  const entities = new Map<string, EntityData>();
  const errors: { record: string; message: string }[] = [];
  for await (const item of parseOfacLegacyCsv(sources)) {
    if ('entity' in item) entities.set(item.entity.id, item.entity);
    else errors.push(item.error);
  }
  return { entities, errors };
}

async function* bytes(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

const row = (ent: string, name: string, type = '-0- ', remarks = '-0- ') => `${ent},"${name}",${type === '-0- ' ? type : `"${type}"`},"SYNTHETIC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,${remarks === '-0- ' ? remarks : `"${remarks}"`}\r\n`;

test('the fixture gives 20 subjects by type, each with a Sanction, and no errors', async () => {
  const { entities, errors } = await collect(fixtures());
  assert.deepEqual(errors, []);
  const count = (schema: string) => [...entities.values()].filter((e) => e.schema === schema).length;
  assert.deepEqual({ Person: count('Person'), Organization: count('Organization'), Vessel: count('Vessel'), Airplane: count('Airplane'), Sanction: count('Sanction') }, { Person: 12, Organization: 3, Vessel: 3, Airplane: 2, Sanction: 20 });
});

test('Banco Nacional de Cuba: alt.csv alias, weak a.k.a. from remarks, add.csv addresses, sanction program', async () => {
  const { entities } = await collect(fixtures());
  const bank = entities.get('ofac-306');
  assert.equal(bank?.schema, 'Organization');
  assert.deepEqual(bank.properties.name, ['BANCO NACIONAL DE CUBA']);
  assert.deepEqual(bank.properties.alias, ['NATIONAL BANK OF CUBA']);
  assert.deepEqual(bank.properties.weakAlias, ['BNC']);
  assert.equal(bank.properties.address?.[0], 'Zweierstrasse 35, Zurich CH-8022, Switzerland');
  assert.deepEqual(bank.properties.country, ['ch', 'es', 'jp', 'pa']);
  assert.deepEqual(entities.get('ofac-306-sanction')?.properties.program, ['CUBA']);
  assert.deepEqual(entities.get('ofac-306-sanction')?.properties.entity, ['ofac-306']);
});

test('an individual: name parts, dates and places of birth, passports, weak aliases with an apostrophe', async () => {
  const { entities } = await collect(fixtures());
  const nasrallah = entities.get('ofac-2686');
  assert.deepEqual(nasrallah?.properties.lastName, ['NASRALLAH']);
  assert.deepEqual(nasrallah.properties.firstName, ['Hasan']);
  assert.deepEqual(nasrallah.properties.program, ['SDGT', 'SYRIA']);
  assert.deepEqual(nasrallah.properties.birthDate, ['1960-08-31', '1953-08-31', '1955-08-31', '1958-08-31']);
  assert.deepEqual(nasrallah.properties.passportNumber, ['042833']);
  assert.deepEqual(nasrallah.properties.alias, ['NASRALLAH, Hasan Abd-al-Karim']);
  assert.deepEqual(entities.get('ofac-3754')?.properties.weakAlias, ["ABU-'UMAR"]);
});

test('remarks continued in sdn_comments.csv are joined before parsing', async () => {
  const { entities } = await collect(fixtures());
  assert.deepEqual(entities.get('ofac-28263')?.properties.weakAlias, ['tianyinyin0404', 'snowsjohn']);
  assert.deepEqual(entities.get('ofac-28263')?.properties.nationality, ['cn']);
});

test('vessels keep call sign, tonnage and flag; a vessel may have a numeric name', async () => {
  const { entities } = await collect(fixtures());
  const hermann = entities.get('ofac-4234');
  assert.equal(hermann?.schema, 'Vessel');
  assert.deepEqual([hermann.properties.callSign, hermann.properties.tonnage, hermann.properties.flag], [['CL2685'], ['2597'], ['cu']]);
  assert.deepEqual(entities.get('ofac-23156')?.properties.name, ['7-28']);
});

test('bad rows are errors of their own; the rows around them are imported', async () => {
  const sdn = bytes(row('9000001', 'SYNTHETIC, Witness', 'individual'), row('9000002', ''), row('9000003', '12345'), row('x', 'SYNTHETIC ORG'), row('9000004', 'SYNTHETIC\u202E ORG'), row('9000005', 'SYNTHETIC THING', 'spaceship'), '\x1a');
  const { entities, errors } = await collect({ sdn });
  assert.deepEqual([...entities.keys()].filter((id) => !id.endsWith('-sanction')), ['ofac-9000001', 'ofac-9000004']);
  assert.deepEqual(entities.get('ofac-9000004')?.properties.name, ['SYNTHETIC ORG']);
  assert.deepEqual(errors.map((e) => e.record), ['ofac 9000002', 'ofac 9000003', 'ofac x', 'ofac 9000005']);
  assert.match(errors[0]?.message ?? '', /empty/);
  assert.match(errors[1]?.message ?? '', /no letters/);
  assert.match(errors[3]?.message ?? '', /unknown SDN_Type/);
});

test('a field over 64 KiB rejects its row; an unclosed quote or a non-UTF-8 file ends that file with a clear error', async () => {
  const huge = await collect({ sdn: bytes(row('9000001', 'SYNTHETIC ONE'), row('9000002', 'A'.repeat(70_000)), row('9000003', 'SYNTHETIC THREE')) });
  assert.deepEqual([...huge.entities.keys()].filter((id) => !id.endsWith('-sanction')), ['ofac-9000001', 'ofac-9000003']);
  assert.match(huge.errors[0]?.message ?? '', /longer than 65536/);
  const truncated = await collect({ sdn: bytes(row('9000001', 'SYNTHETIC ONE'), '9000002,"SYNTHETIC TWO') });
  assert.ok(truncated.entities.has('ofac-9000001'));
  assert.deepEqual(truncated.errors.map((e) => e.record), ['sdn.csv']);
  assert.match(truncated.errors[0]?.message ?? '', /never closed/);
  const latin1: ByteSource = bytes(Buffer.from(row('9000001', 'SYNTHETIC JOSÉ'), 'latin1'));
  const refused = await collect({ sdn: latin1 });
  assert.equal(refused.entities.size, 0);
  assert.match(refused.errors[0]?.message ?? '', /not valid UTF-8/);
  const utf16 = await collect({ sdn: bytes(row('9000001', 'SYNTHETIC ONE')), alt: bytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('9000001,1,"aka","SYNTHETIC",-0-', 'utf16le')])) });
  assert.deepEqual(utf16.errors.map((e) => e.record), ['alt.csv']);
  assert.match(utf16.errors[0]?.message ?? '', /UTF-16/);
  assert.ok(utf16.entities.has('ofac-9000001'));
});
