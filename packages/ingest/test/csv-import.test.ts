/**
 * CSV import through FtM-style mappings, on both store backends: encodings and BOMs, ragged
 * rows, unterminated quotes and invalid UTF-8, each reported by line.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { importCsv, validateMapping, type CsvMapping } from '../src/index.ts';
import { actor, backends, encodeSingleByte, model, openTestStore, tempFile, type TestStore } from './helpers.ts';

const mapping: CsvMapping = validateMapping({
  entities: {
    person: { schema: 'Person', keys: ['person_id'], key_literal: 'test-person', properties: { name: { column: 'name' }, birthDate: { column: 'born' } } },
    account: { schema: 'BankAccount', id_column: 'account_id', properties: { iban: { column: 'iban' }, bankName: { columns: ['bank', 'branch'], join: ' — ' } } },
    ownership: { schema: 'Ownership', keys: ['person_id', 'account_id'], properties: { owner: { entity: 'person' }, asset: { entity: 'account' } } },
  },
}, model);

const HEADER = 'person_id,name,born,account_id,iban,bank,branch';
const ftmId = (...parts: string[]) => { const h = createHash('sha1'); for (const p of parts) h.update(p); return h.digest('hex'); };

for (const backend of backends) {
  describe(`CSV import on ${backend}`, () => {
    let t: TestStore;
    const newCase = async (name: string) => (await t.store.createCase(actor, { name })).id;
    before(async () => { t = await openTestStore(backend); });
    after(() => t.close());

    it('maps rows to entities with FtM ids, links and joined columns', async () => {
      const caseId = await newCase('Synthetic CSV good');
      const path = tempFile(`${HEADER}\n1,Testperson Alpha,1980-02-03,acct-good-1,,Demo Bank,Branch North\n"2","Testperson ""Beta""",,,,,\n,,,,,,\n`);
      const report = await importCsv({ store: t.store, model, actor, input: { path }, mapping, caseId });
      assert.deepEqual(report.errors, []);
      assert.equal(report.rowsOk, 3, 'the row with all keys empty is fine, it just makes no entity');
      const alpha = await t.store.getEntity(ftmId('test-person', '1'));
      assert.equal(alpha?.caption, 'Testperson Alpha');
      assert.deepEqual((await t.store.getEntity('acct-good-1'))?.properties.bankName, ['Demo Bank — Branch North']);
      const own = await t.store.getEntity(ftmId('', '1', 'acct-good-1'));
      assert.deepEqual(own?.properties.owner, [alpha!.id]);
      assert.equal((await t.store.getEntity(ftmId('test-person', '2')))?.caption, 'Testperson "Beta"');
      assert.equal(report.entitiesWritten, 5, 'as in FtM, an ownership is made when any of its keys has a value');
    });

    it('reports ragged rows and bad values by line and keeps the good rows', async () => {
      const caseId = await newCase('Synthetic CSV bad rows');
      const path = tempFile([HEADER, '10,Testperson Gamma,,,,,', '11,Testperson Delta', '12,Testperson Eps,31.31.1990,,,,', '13,"Testperson\nZeta",,,,,,extra', '14,Testperson Eta,,,,,', ''].join('\r\n'));
      const report = await importCsv({ store: t.store, model, actor, input: { path }, mapping, caseId });
      assert.equal(report.status, 'done');
      assert.deepEqual(report.errors.map((e) => e.line), [3, 4, 6]);
      assert.match(report.errors[0]!.message, /has 2 fields, the header has 7/);
      assert.match(report.errors[1]!.message, /^person \(Person\): birthDate:/);
      assert.match(report.errors[2]!.message, /has 8 fields/);
      assert.equal(report.rowsOk, 2);
      assert.equal((await t.store.listEntities({ caseId }, {})).items.length, 4, 'two persons and their ownerships');
    });

    it('fails cleanly on an unterminated quote, keeping committed batches', async () => {
      const caseId = await newCase('Synthetic CSV unterminated');
      const rows = Array.from({ length: 6 }, (_, i) => `${20 + i},Testperson ${i},,,,,`);
      const path = tempFile([HEADER, ...rows, '30,"Testperson Open,,,,,', '31,Testperson After,,,,,', ''].join('\n'));
      const report = await importCsv({ store: t.store, model, actor, input: { path }, mapping, caseId, batchSize: 3 });
      assert.equal(report.status, 'failed');
      assert.equal(report.fatal?.line, 8);
      assert.match(report.fatal?.message ?? '', /never closed/);
      assert.equal((await t.store.getImport(report.importId))?.status, 'failed');
      assert.equal((await t.store.listEntities({ caseId }, {})).items.length, 12, 'six rows of person + ownership');
    });

    it('names the line of invalid UTF-8 and suggests --encoding', async () => {
      const caseId = await newCase('Synthetic CSV latin1');
      const bytes = Buffer.concat([Buffer.from(`${HEADER}\n40,Testperson Alpha,,,,,\n41,Testperson `), Buffer.from([0xe9]), Buffer.from('t\u00e9,,,,,\n')]);
      const report = await importCsv({ store: t.store, model, actor, input: { path: tempFile(bytes) }, mapping, caseId });
      assert.equal(report.status, 'failed');
      assert.equal(report.fatal?.line, 3);
      assert.match(report.fatal?.message ?? '', /not valid UTF-8.*--encoding/);
      const latin = await importCsv({ store: t.store, model, actor, input: { path: tempFile(bytes) }, mapping, caseId: await newCase('Synthetic CSV latin1 ok'), encoding: 'latin1' });
      assert.equal(latin.status, 'done');
      assert.equal(latin.rowsOk, 0 + 2 - latin.rowsFailed);
    });

    it('reads Arabic in windows-1256 with an explicit encoding', async () => {
      const caseId = await newCase('Synthetic CSV Arabic');
      const text = `${HEADER}\n50,شخص تجريبي ألف,,,,,\n51,شخص تجريبي باء,,,,,\n`;
      const path = tempFile(encodeSingleByte(text, 'windows-1256'));
      const report = await importCsv({ store: t.store, model, actor, input: { path }, mapping, caseId, encoding: 'windows-1256' });
      assert.deepEqual(report.errors, []);
      assert.equal((await t.store.getEntity(ftmId('test-person', '50')))?.caption, 'شخص تجريبي ألف');
      const garbled = await importCsv({ store: t.store, model, actor, input: { path }, mapping, caseId: await newCase('Synthetic CSV Arabic no label') });
      assert.equal(garbled.status, 'failed', 'without the label the bytes are not UTF-8');
      assert.equal(garbled.fatal?.line, 2);
    });

    it('honours UTF-16 and UTF-8 byte order marks', async () => {
      const text = `${HEADER}\n60,Testperson Ünal,,,,,\n`;
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const be = Buffer.from(le);
      be.swap16();
      const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('60', '61'))]);
      for (const [bytes, id] of [[le, '60'], [be, '60'], [u8, '61']] as const) {
        const caseId = await newCase(`Synthetic BOM ${id}`);
        const report = await importCsv({ store: t.store, model, actor, input: { path: tempFile(bytes) }, mapping: remap(id), caseId });
        assert.deepEqual(report.errors, [], `BOM ${bytes.subarray(0, 3).toString('hex')}`);
        assert.equal(report.rowsOk, 1);
      }
    });

    it('fails when the header lacks a mapped column, and on an oversized record', async () => {
      const caseId = await newCase('Synthetic CSV header');
      const missing = await importCsv({ store: t.store, model, actor, input: { path: tempFile('person_id,name\n1,x\n') }, mapping, caseId });
      assert.equal(missing.status, 'failed');
      assert.match(missing.fatal?.message ?? '', /lacks the column\(s\).*"born"/);
      const huge = await importCsv({ store: t.store, model, actor, input: { path: tempFile(`${HEADER}\n70,"${'x'.repeat(5000)}\n`) }, mapping, caseId, maxLineBytes: 1024 });
      assert.equal(huge.status, 'failed');
      assert.equal(huge.fatal?.line, 2);
    });
  });
}

/** the same mapping with a per-test key literal, so ids do not collide across cases */
function remap(salt: string): CsvMapping {
  return { entities: { person: { ...mapping.entities.person!, keyLiteral: `bom-${salt}-${Math.random()}` } } };
}
