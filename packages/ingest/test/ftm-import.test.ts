/**
 * FtM JSON lines import, on both store backends: good lines land, bad lines are reported by
 * line number, duplicates are caught, an interrupted import resumes exactly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { importFtm } from '../src/index.ts';
import { actor, backends, jsonl, model, openTestStore, person, tempFile, type TestStore } from './helpers.ts';

const UN_FIXTURE = new URL('../../schema/test/fixtures/un-sc-sample.ftm.jsonl', import.meta.url).pathname;

for (const backend of backends) {
  describe(`FtM import on ${backend}`, () => {
    let t: TestStore;
    const newCase = async (name: string) => (await t.store.createCase(actor, { name })).id;
    before(async () => { t = await openTestStore(backend); });
    after(() => t.close());

    it('imports the UN sanctions sample as reference data', async () => {
      const lines = readFileSync(UN_FIXTURE, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
      const report = await importFtm({ store: t.store, model, actor, input: { path: UN_FIXTURE }, source: 'import:un-sc', batchSize: 100 });
      assert.equal(report.status, 'done');
      assert.deepEqual(report.errors, []);
      assert.equal(report.rowsOk, lines);
      assert.equal(report.entitiesWritten, lines);
      const first = await t.store.getEntity('unsc-6908002');
      assert.equal(first?.caseId, null);
      assert.equal((await t.store.getImport(report.importId))?.status, 'done');
    });

    it('loads a large file with the search indexes suspended, then rebuilds them', async () => {
      const caseId = await newCase('Synthetic bulk load');
      const path = tempFile(jsonl(person('bulk-1', 'Testperson Bulkload Alpha'), person('bulk-2', 'Testperson Bulkload Beta')));
      // every file counts as large here: the indexes are dropped for the import and rebuilt after
      const report = await importFtm({ store: t.store, model, actor, input: { path }, caseId, bulkLoadBytes: 1, writers: backend === 'postgres' ? 2 : 1 });
      assert.equal(report.rowsOk, 2);
      const indexes = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'entities' and indexname in ('entities_names_trgm', 'entities_fts') order by indexname`.execute(t.store.database.db);
      assert.deepEqual(indexes.rows.map((r) => r.indexname), ['entities_fts', 'entities_names_trgm']);
      const hits = await t.store.search({ q: 'Testperson Bulkload', caseIds: [caseId] });
      assert.deepEqual(hits.items.map((h) => h.id).sort(), ['bulk-1', 'bulk-2']);
    });

    it('reports each bad line by number and keeps the good ones', async () => {
      const caseId = await newCase('Synthetic FtM bad rows');
      const path = tempFile(jsonl(
        person('ftm-bad-1', 'Testperson Alpha'),
        '{"id": "ftm-bad-2", "schema": "Person", "properties": {',
        { id: 'ftm-bad-3', schema: 'Persn', properties: { name: ['Testperson Beta'] } },
        person('ftm-bad-4', 'Testperson Gamma', { birthDate: ['not a date'] }),
        '',
        { id: 'bad id with spaces', schema: 'Person', properties: {} },
        '[1, 2, 3]',
        person('ftm-bad-8', 'Testperson Delta', { nationality: ['iq'] }),
      ));
      const report = await importFtm({ store: t.store, model, actor, input: { path }, caseId, batchSize: 2 });
      assert.equal(report.status, 'done');
      assert.equal(report.rowsOk, 2);
      assert.equal(report.rowsFailed, 5);
      assert.deepEqual(report.errors.map((e) => e.line), [2, 3, 4, 6, 7]);
      assert.match(report.errors[0]!.message, /not valid JSON/);
      assert.match(report.errors[1]!.message, /schema: unknown schema "Persn"/);
      assert.match(report.errors[2]!.message, /birthDate/);
      assert.match(report.errors[3]!.message, /^id:/);
      assert.doesNotMatch(JSON.stringify(report.errors), /Testperson/, 'messages do not echo names');
      const entities = await t.store.listEntities({ caseId }, {});
      assert.deepEqual(entities.items.map((e) => e.id).sort(), ['ftm-bad-1', 'ftm-bad-8']);
    });

    it('reports duplicate ids unless fragments are to be merged', async () => {
      const lines = (p: string) => jsonl(person(`${p}-1`, 'Testperson Alpha'), person(`${p}-2`, 'Testperson Beta'), person(`${p}-1`, 'Testperson Alpha Alias'));
      const caseA = await newCase('Synthetic duplicates');
      const strict = await importFtm({ store: t.store, model, actor, input: { path: tempFile(lines('ftm-dup')) }, caseId: caseA });
      assert.deepEqual(strict.errors, [{ line: 3, message: 'duplicate id ftm-dup-1, first seen on line 1' }]);
      const caseB = await newCase('Synthetic fragments');
      const merged = await importFtm({ store: t.store, model, actor, input: { path: tempFile(lines('ftm-frag')) }, caseId: caseB, mergeFragments: true, batchSize: 1 });
      assert.equal(merged.rowsFailed, 0);
      assert.deepEqual([...(await t.store.getEntity('ftm-frag-1'))!.properties.name!].sort(), ['Testperson Alpha', 'Testperson Alpha Alias']);
    });

    it('survives hostile input: huge lines, deep nesting, invalid UTF-8, NUL bytes', async () => {
      const caseId = await newCase('Synthetic hostile input');
      const huge = `{"id":"h1","schema":"Person","properties":{"name":["${'x'.repeat(3000)}"]}}`;
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const parts = [
        Buffer.from(jsonl(person('ftm-h-ok-1', 'Testperson Alpha'), huge, deep, '{"__proto__": {"polluted": true}, "id": "p", "schema": "Person"}')),
        Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), // line 5: not UTF-8
        Buffer.from(`${JSON.stringify(person('ftm-h-ok-2', 'Testperson Beta'))}\r\n`),
        Buffer.from('{"id":"n","schema":"Person","properties":{"name":["a\\u0000b"]}}\n'),
      ];
      const path = tempFile(Buffer.concat(parts));
      const report = await importFtm({ store: t.store, model, actor, input: { path }, caseId, maxLineBytes: 2048 });
      assert.equal(report.status, 'done');
      const byLine = new Map(report.errors.map((e) => [e.line, e.message]));
      assert.match(byLine.get(2) ?? '', /longer than 2048 bytes/);
      assert.match(byLine.get(3) ?? '', /longer than 2048 bytes|not valid JSON/);
      assert.match(byLine.get(5) ?? '', /not valid UTF-8/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.ok(await t.store.getEntity('ftm-h-ok-1'));
      assert.ok(await t.store.getEntity('ftm-h-ok-2'), 'a CRLF line after bad ones still lands');
    });

    it('resumes an interrupted import from the last committed batch', async () => {
      const caseId = await newCase('Synthetic resume');
      const entities = Array.from({ length: 25 }, (_, i) => person(`ftm-res-${i}`, `Testperson ${i}`));
      const path = tempFile(jsonl(...entities.slice(0, 12), '{broken', ...entities.slice(12)));
      let batches = 0;
      const crash = () => { if (++batches === 2) throw new Error('simulated crash'); };
      await assert.rejects(importFtm({ store: t.store, model, actor, input: { path }, caseId, batchSize: 5, onProgress: crash }), /simulated crash/);
      const afterCrash = await t.store.listEntities({ caseId }, { limit: 200 });
      assert.equal(afterCrash.items.length, 10, 'two batches of five committed');

      const report = await importFtm({ store: t.store, model, actor, input: { path }, caseId, batchSize: 5 });
      assert.equal(report.resumed, true);
      assert.equal(report.status, 'done');
      assert.equal(report.rowsOk, 25);
      assert.equal(report.rowsFailed, 1);
      assert.deepEqual(report.errors.map((e) => e.line), [13]);
      assert.equal(report.entitiesWritten, 15, 'only the rest was written');
      const all = await t.store.listEntities({ caseId }, { limit: 200 });
      assert.equal(all.items.length, 25);
      const { rows } = await sql<{ n: number; distinct_ids: number }>`
        select count(*)::int as n, count(distinct (entity_id, prop, value))::int as distinct_ids from statements where case_id = ${caseId}`.execute(t.store.database.db);
      assert.equal(rows[0]!.n, 25, 'one name statement per person');
      assert.equal(rows[0]!.distinct_ids, 25, 'no statement was written twice');
      const again = await importFtm({ store: t.store, model, actor, input: { path }, caseId, batchSize: 5 });
      assert.equal(again.resumed, false, 'a finished import is not resumed');
    });

    it('refuses an unknown case and an unreadable file before starting', async () => {
      await assert.rejects(importFtm({ store: t.store, model, actor, input: { path: tempFile('') }, caseId: 'no-such-case' }), /No case/);
      await assert.rejects(importFtm({ store: t.store, model, actor, input: { path: '/nonexistent/file.jsonl' } }), /Cannot read .*ENOENT/);
    });
  });
}
