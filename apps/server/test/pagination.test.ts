/** Cursor pagination walks every item exactly once. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '@ariadne/access';
import { as, backends, caseWith, openTestApp, system, type Signed, type TestApp } from './helpers.ts';

async function walk(t: TestApp, s: Signed, url: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = url.includes('?') ? '&' : '?';
    const res: { statusCode: number; body: string; json(): { items: { id?: string; seq?: number }[]; next: string | null } } = await t.app.inject({ method: 'GET', url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: as(s) });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.ok(body.items.length <= limit);
    seen.push(...body.items.map((i) => String(i.id ?? i.seq)));
    cursor = body.next;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

for (const backend of backends) {
  describe(`pagination (${backend})`, () => {
    let t: TestApp;
    let caseId: string;
    const ids: string[] = [];
    before(async () => {
      t = await openTestApp(backend);
      caseId = await caseWith(t, 'Many', ['investigator']);
      for (let i = 0; i < 23; i++) {
        ids.push((await t.store.createEntity(system, { caseId, schema: 'Person', properties: { name: [`Person Number ${i}`] } }, { source: 'test' })).id);
      }
    });
    after(async () => t.close());

    for (const limit of [1, 5, 7, 23, 200]) {
      test(`case entities, limit ${limit}`, async () => {
        const seen = await walk(t, await t.signIn('investigator'), `/api/cases/${caseId}/entities`, limit);
        assert.equal(seen.length, ids.length);
        assert.deepEqual([...seen].sort(), [...ids].sort());
      });
    }

    test('journal and users walk exactly once', async () => {
      const journal = await walk(t, await t.signIn('auditor'), '/api/journal', 4);
      assert.equal(new Set(journal).size, journal.length);
      assert.ok(journal.length >= 23);
      const users = await walk(t, await t.signIn('admin'), '/api/users', 2);
      // one synthetic user per role
      assert.equal(users.length, ROLES.length);
      assert.equal(new Set(users).size, ROLES.length);
    });

    test('a forged cursor is a 400, not a 500', async () => {
      const s = await t.signIn('investigator');
      const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/entities?cursor=forged`, headers: as(s) });
      assert.equal(res.statusCode, 400, res.body);
    });
  });
}
