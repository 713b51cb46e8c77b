/** Merge and unmerge through the API, within one case only. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, backends, caseWith, openTestApp, system, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`merge (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(backend);
    });
    after(async () => t.close());

    test('merge, read the member as the canonical, unmerge; never across cases', async () => {
      const caseId = await caseWith(t, 'Merge', ['investigator']);
      const other = await caseWith(t, 'Other', ['investigator']);
      const mk = async (c: string, name: string) => (await t.store.createEntity(system, { caseId: c, schema: 'Person', properties: { name: [name] } }, { source: 'test' })).id;
      const a = await mk(caseId, 'Amina Example');
      const b = await mk(caseId, 'Amina Exampel');
      const c = await mk(other, 'Amina Elsewhere');
      const s = await t.signIn('investigator');
      const cross = await t.app.inject({ method: 'POST', url: `/api/entities/${a}/merge`, headers: as(s), payload: { otherIds: [c] } });
      assert.equal(cross.statusCode, 400, cross.body);
      const merged = await t.app.inject({ method: 'POST', url: `/api/entities/${a}/merge`, headers: as(s), payload: { otherIds: [b] } });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.deepEqual([...merged.json().properties.name].sort(), ['Amina Exampel', 'Amina Example']);
      const unmerged = await t.app.inject({ method: 'POST', url: `/api/entities/${b}/unmerge`, headers: as(s) });
      assert.equal(unmerged.statusCode, 200, unmerged.body);
      assert.equal(unmerged.json().id, b);
      assert.deepEqual((await t.store.getEntity(a))?.properties.name, ['Amina Example']);
      const analyst = await t.signIn('analyst');
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/entities/${a}/merge`, headers: as(analyst), payload: { otherIds: [b] } })).statusCode, 403);
    });
  });
}
