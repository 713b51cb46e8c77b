/** Sealed (victim) records: caseworkers only, and every read is journalled before the answer. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, backends, caseWith, openTestApp, system, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`sealed reads (${backend})`, () => {
    let t: TestApp;
    let caseId: string;
    let sealedId: string;
    before(async () => {
      t = await openTestApp(backend);
      caseId = await caseWith(t, 'Shelter', ['caseworker', 'investigator']);
      sealedId = (await t.store.createEntity(system, { caseId, schema: 'VictimProfile', properties: { pseudonym: ['Blue Heron'] } }, { source: 'test' })).id;
    });
    after(async () => t.close());

    const sealedReads = async () => (await t.store.listJournal({ entityId: sealedId }, { limit: 200 })).items.filter((e) => e.action.startsWith('entity.read.sealed'));

    test('a caseworker member reads it, and the read is journalled with the actor', async () => {
      const before = (await sealedReads()).length;
      const s = await t.signIn('caseworker');
      const res = await t.app.inject({ method: 'GET', url: `/api/entities/${sealedId}`, headers: as(s) });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().sealed, true);
      const reads = await sealedReads();
      assert.equal(reads.length, before + 1);
      assert.equal(reads.at(-1)?.actor, `user:${t.users.caseworker.id}`);
    });

    test('an investigator member without sealed:read gets 404 and sees it in no list or search', async () => {
      const before = (await sealedReads()).length;
      const s = await t.signIn('investigator');
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/entities/${sealedId}`, headers: as(s) })).statusCode, 404);
      const list = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/entities`, headers: as(s) });
      assert.equal(list.json().items.some((e: { id: string }) => e.id === sealedId), false);
      const search = await t.app.inject({ method: 'GET', url: '/api/search?q=Blue%20Heron', headers: as(s) });
      assert.equal(search.json().items.some((e: { id: string }) => e.id === sealedId), false);
      assert.equal((await sealedReads()).length, before, 'refused reads are not sealed reads');
      const write = await t.app.inject({ method: 'POST', url: '/api/entities', headers: as(s), payload: { caseId, schema: 'VictimProfile', properties: { pseudonym: ['Grey Owl'] } } });
      assert.equal(write.statusCode, 403);
    });
  });
}
