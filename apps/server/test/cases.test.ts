/** Case membership: members read, non-members get 404 (never 403, so existence stays hidden). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, backends, caseWith, openTestApp, system, type Signed, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`case membership (${backend})`, () => {
    let t: TestApp;
    let caseId: string;
    let entityId: string;
    let member: Signed;
    let outsider: Signed;
    let admin: Signed;
    before(async () => {
      t = await openTestApp(backend);
      caseId = await caseWith(t, 'Operation Loom', ['investigator']);
      entityId = (await t.store.createEntity(system, { caseId, schema: 'Person', properties: { name: ['Test Person'] } }, { source: 'test' })).id;
      member = await t.signIn('investigator');
      outsider = await t.signIn('analyst');
      admin = await t.signIn('admin');
    });
    after(async () => t.close());

    test('a member reads the case, its entities and the entity', async () => {
      const c = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: as(member) });
      assert.equal(c.statusCode, 200);
      assert.deepEqual(c.json().members.map((m: { username: string }) => m.username), ['investigator']);
      const list = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/entities`, headers: as(member) });
      assert.deepEqual(list.json().items.map((e: { id: string }) => e.id), [entityId]);
      const e = await t.app.inject({ method: 'GET', url: `/api/entities/${entityId}`, headers: as(member) });
      assert.equal(e.statusCode, 200);
      assert.deepEqual(e.json().properties.name, ['Test Person']);
    });

    test('a non-member gets 404 for the case, its entities, the entity, its relations and journal', async () => {
      for (const url of [`/api/cases/${caseId}`, `/api/cases/${caseId}/entities`, `/api/entities/${entityId}`, `/api/entities/${entityId}/relations`, `/api/entities/${entityId}/journal`]) {
        const res = await t.app.inject({ method: 'GET', url, headers: as(outsider) });
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().code, 'NOT_FOUND');
      }
      const missing = await t.app.inject({ method: 'GET', url: '/api/entities/does-not-exist', headers: as(outsider) });
      assert.equal(missing.json().detail, (await t.app.inject({ method: 'GET', url: `/api/entities/${entityId}`, headers: as(outsider) })).json().detail);
      const listed = await t.app.inject({ method: 'GET', url: '/api/cases', headers: as(outsider) });
      assert.deepEqual(listed.json().items, []);
      const search = await t.app.inject({ method: 'GET', url: '/api/search?q=Test', headers: as(outsider) });
      assert.deepEqual(search.json().items, []);
      const scoped = await t.app.inject({ method: 'GET', url: `/api/search?q=Test&caseId=${caseId}`, headers: as(outsider) });
      assert.deepEqual(scoped.json().items, []);
    });

    test('a non-member cannot write into the case', async () => {
      const other = await t.signIn('fiu_analyst');
      const res = await t.app.inject({ method: 'POST', url: '/api/entities', headers: as(other), payload: { caseId, schema: 'Person', properties: { name: ['X'] } } });
      assert.equal(res.statusCode, 404);
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/entities/${entityId}`, headers: as(other), payload: { properties: { name: ['Y'] } } });
      assert.equal(patch.statusCode, 404);
      assert.deepEqual((await t.store.getEntity(entityId))?.properties.name, ['Test Person']);
    });

    test('the member searches their case', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/search?q=Test%20Person', headers: as(member) });
      assert.ok(res.json().items.some((h: { id: string }) => h.id === entityId), res.body);
    });

    test('admin sees every case\'s metadata and manages membership, but no entity content', async () => {
      const list = await t.app.inject({ method: 'GET', url: '/api/cases', headers: as(admin) });
      assert.ok(list.json().items.some((c: { id: string }) => c.id === caseId));
      const add = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/members`, headers: as(admin), payload: { userId: t.users.analyst.id } });
      assert.equal(add.statusCode, 204, add.body);
      const nowMember = await t.app.inject({ method: 'GET', url: `/api/entities/${entityId}`, headers: as(outsider) });
      assert.equal(nowMember.statusCode, 200);
      const entities = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/entities`, headers: as(admin) });
      assert.equal(entities.statusCode, 403);
      const remove = await t.app.inject({ method: 'DELETE', url: `/api/cases/${caseId}/members/${t.users.analyst.id}`, headers: as(admin) });
      assert.equal(remove.statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/entities/${entityId}`, headers: as(outsider) })).statusCode, 404);
    });

    test('a member adds a colleague by username; an unknown username is a field error', async () => {
      const add = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/members`, headers: as(member), payload: { username: 'ANALYST' } });
      assert.equal(add.statusCode, 204, add.body);
      assert.ok((await t.store.listMembers(caseId)).some((m) => m.userId === t.users.analyst.id));
      const unknown = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/members`, headers: as(member), payload: { username: 'nobody-synthetic' } });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().errors.username, 'no such user');
      const both = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/members`, headers: as(member), payload: { username: 'analyst', userId: 'x' } });
      assert.equal(both.statusCode, 400);
      await t.store.removeMember({ kind: 'system', id: 'test' }, caseId, t.users.analyst.id);
    });

    test('creating a case makes the creator a member', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: as(member), payload: { name: 'Second', description: 'd' } });
      assert.equal(res.statusCode, 201);
      const members = await t.store.listMembers(res.json().id);
      assert.deepEqual(members.map((m) => m.userId), [t.users.investigator.id]);
    });
  });
}
