// Screening as a service over the store, on PGlite and PostgreSQL: list files imported as
// versions (a file refused as a whole imports nothing; a bad record keeps its previous content),
// the in-memory index following new versions, and continuous re-screening into alerts that
// never touches victims' (sealed) records.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadModel } from '@ariadne/schema';
import { openListFile } from '@ariadne/sanctions';
import { createStore, storeModelOf, type OpenedStore } from '@ariadne/store';
import { createTestBackend, testBackendNames, type TestBackend } from '@ariadne/store/testing';
import { importListFile, rescreenDue, ScreeningEngine, subjectQueries, bestPerEntry } from '../src/index.ts';

const UN = readFileSync(new URL('../../sanctions/test/fixtures/un-consolidated-extract.xml', import.meta.url), 'utf8');
const actor = { kind: 'system', id: 'test' } as const;
const dir = mkdtempSync(join(tmpdir(), 'ariadne-screening-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function listFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a subject is screened on each of its names, its details going along; the best match per entry wins', () => {
  const queries = subjectQueries({ id: 'p1', properties: { name: ['Testperson Alpha'], alias: ['T. Alpha', 'Testperson Alpha'], birthDate: ['1970-01-02'], nationality: ['sy'] } });
  assert.deepEqual(queries.map((q) => [q.id, q.name, q.birthDate, q.nationality]), [['p1#0', 'Testperson Alpha', '1970-01-02', 'sy'], ['p1#1', 'T. Alpha', '1970-01-02', 'sy']]);
  const m = (entry: string, score: number) => ({ entry, list: 'un-sc', name: entry, score, match: score >= 0.7, explanation: [] });
  assert.deepEqual(bestPerEntry([[m('A', 0.8), m('B', 0.5)], [m('A', 0.9)]]).map((x) => [x.entry, x.score]), [['A', 0.9], ['B', 0.5]]);
});

for (const backend of testBackendNames()) {
  describe(`screening service on ${backend}`, () => {
    let b: TestBackend;
    let store: OpenedStore;
    let caseId: string;
    before(async () => {
      b = await createTestBackend(backend);
      store = await createStore({ ...b.options, model: storeModelOf(loadModel()) });
      caseId = (await store.createCase(actor, { name: 'Synthetic case' })).id;
    });
    after(async () => {
      await store.close();
      await b.drop();
    });

    test('nothing is screened before a list is loaded; subjects stay due', async () => {
      await store.createEntity(actor, { caseId, schema: 'Person', properties: { name: ['Mohammed Salahaldin Zidane'] } }, { source: 'test' });
      const report = await rescreenDue({ store, engine: new ScreeningEngine(store), actor });
      assert.deepEqual([report.screened, report.raised], [0, 0]);
    });

    test('a truncated or hostile file imports nothing', async () => {
      const truncated = listFile('truncated.xml', UN.slice(0, Math.floor(UN.length * 0.6)));
      await assert.rejects(importListFile(store, actor, await openListFile(truncated)), /nothing was imported/);
      const hostile = listFile('hostile.xml', '<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>');
      await assert.rejects(importListFile(store, actor, await openListFile(hostile)), /DOCTYPE/);
      assert.equal((await store.listVersions({}, { limit: 10 })).items.length, 0);
    });

    test('the list is loaded; the due subject raises an alert, a victim record is never screened', async () => {
      const victim = await store.createEntity(actor, { caseId, schema: 'VictimProfile', properties: { pseudonym: ['Synthetic survivor S-1'], name: ['Mohammed Salahaldin Zidane'] } }, { source: 'test' });
      const first = await importListFile(store, actor, await openListFile(listFile('un.xml', UN)));
      assert.deepEqual([first.version.added, first.unchanged, first.errors.length], [18, false, 0]);
      const engine = new ScreeningEngine(store, { recheckMs: 0 });
      const report = await rescreenDue({ store, engine, actor });
      assert.deepEqual([report.screened, report.raised], [1, 1]);
      const alerts = await store.listAlerts({ caseIds: [caseId] }, { limit: 10 });
      assert.deepEqual(alerts.items.map((a) => [a.entry, a.status]), [['QDi.001', 'open']]);
      assert.ok(victim.sealed);
      assert.ok(!alerts.items.some((a) => a.subjectId === victim.id));
      // nothing changed since: nothing is due
      assert.equal((await rescreenDue({ store, engine, actor })).screened, 0);
    });

    test('a bad record in a new version keeps its previous content instead of dropping the designation', async () => {
      // QDi.001's name made empty: that record is refused, the rest imported, the entry carried forward
      const broken = UN.replace(/<FIRST_NAME>[^<]*<\/FIRST_NAME>(\s*<SECOND_NAME>SALAHALDIN<\/SECOND_NAME>[\s\S]*?<FOURTH_NAME>ZIDANE<\/FOURTH_NAME>)/, '<FIRST_NAME></FIRST_NAME>$1')
        .replace(/<SECOND_NAME>SALAHALDIN<\/SECOND_NAME>[\s\S]*?<FOURTH_NAME>ZIDANE<\/FOURTH_NAME>/, '');
      const report = await importListFile(store, actor, await openListFile(listFile('un-broken.xml', broken)));
      assert.equal(report.errors.length, 1);
      assert.equal(report.errors[0]!.record, 'QDi.001');
      assert.deepEqual([report.carriedForward, report.version.removed, report.version.entries], [1, 0, 18]);
      assert.ok(await store.getListEntry('un-sc', 'QDi.001'));
    });

    test('the index follows a new version: a designation removed is no longer found', async () => {
      const engine = new ScreeningEngine(store, { recheckMs: 0 });
      assert.equal((await engine.screen({ id: 'q', name: 'Mohamed Salah al-Din Abdelhalim Zidan' })).matches[0]?.entry, 'QDi.001');
      const ref = UN.indexOf('<REFERENCE_NUMBER>QDi.001');
      const without = UN.slice(0, UN.lastIndexOf('<INDIVIDUAL>', ref)) + UN.slice(UN.indexOf('</INDIVIDUAL>', ref) + '</INDIVIDUAL>'.length);
      const report = await importListFile(store, actor, await openListFile(listFile('un-without.xml', without)));
      assert.equal(report.version.removed, 1);
      const answer = await engine.screen({ id: 'q', name: 'Mohamed Salah al-Din Abdelhalim Zidan' });
      assert.ok(!answer.matches.some((m) => m.entry === 'QDi.001'));
      assert.equal(answer.versions[0]?.id, report.version.id);
      // every subject is due again against the new version
      assert.equal((await rescreenDue({ store, engine, actor })).screened, 1);
    });
  });
}
