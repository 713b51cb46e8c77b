/**
 * The route walk: every route in the table, generated — a new route is covered automatically.
 * Anonymous requests to a guarded route get 401; a signed-in user whose role lacks the route's
 * permission gets 403.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_ROLE_PERMISSIONS, ROLES, ROLE_PERMISSIONS } from '@ariadne/access';
import { ROUTES } from '../src/index.ts';
import { as, backends, openTestApp, type Signed, type TestApp } from './helpers.ts';

const urlOf = (url: string) => url.replace(/:(\w+)/g, 'x-$1');

for (const backend of backends) {
  describe(`route walk (${backend})`, () => {
    let t: TestApp;
    const signed = new Map<string, Signed>();
    before(async () => {
      t = await openTestApp(backend);
      for (const role of ROLES) signed.set(role, await t.signIn(role));
    });
    after(async () => t.close());

    test('the table is not empty and every route declares access', () => {
      assert.ok(ROUTES.length >= 30);
      for (const r of ROUTES) assert.ok(r.permission, `${r.method} ${r.url}`);
    });

    for (const route of ROUTES.filter((r) => r.permission !== 'public')) {
      const name = `${route.method} ${route.url}`;
      test(`${name} refuses anonymous requests (401)`, async () => {
        const res = await t.app.inject({ method: route.method, url: urlOf(route.url), ...(route.body ? { payload: {} } : {}) });
        assert.equal(res.statusCode, 401, res.body);
        if (route.method === 'HEAD') return; // a HEAD answer has headers only
        assert.equal(res.json().code, 'UNAUTHENTICATED');
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      });
      test(`${name} refuses a bad bearer token (401)`, async () => {
        const res = await t.app.inject({ method: route.method, url: urlOf(route.url), headers: { authorization: 'Bearer ariadne_0123456789abcdef01234567_' + 'A'.repeat(43) } });
        assert.equal(res.statusCode, 401);
      });
      if (route.permission === 'authenticated' || route.permission === 'public' || route.permission === 'receipt') continue;
      const permission = route.permission;
      if (EVERY_ROLE_PERMISSIONS.includes(permission)) continue; // granted to every role on purpose
      const lacking = ROLES.filter((r) => !ROLE_PERMISSIONS[r].includes(permission));
      test(`${name} refuses roles without ${permission} (403): ${lacking.join(', ')}`, async () => {
        assert.ok(lacking.length > 0, 'some role must lack the permission');
        for (const role of lacking) {
          const res = await t.app.inject({ method: route.method, url: urlOf(route.url), headers: as(signed.get(role) as Signed), ...(route.body ? { payload: {} } : {}) });
          assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
          if (route.method !== 'HEAD') assert.equal(res.json().code, 'FORBIDDEN');
        }
      });
    }
  });
}
