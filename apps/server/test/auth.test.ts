/** CSRF, bearer tokens, sign-in lockout, and sign-out. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, backends, caseWith, openTestApp, PASSWORD, system, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`auth (${backend})`, () => {
    let t: TestApp;
    let now = new Date('2025-03-01T10:00:00Z');
    before(async () => {
      t = await openTestApp(backend, { clock: () => now });
    });
    after(async () => t.close());

    test('cookie POST without or with a wrong CSRF token → 403 CSRF_FAILED; the right one works', async () => {
      const s = await t.signIn('investigator');
      const without = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: s.cookie }, payload: { name: 'csrf' } });
      assert.equal(without.statusCode, 403);
      assert.equal(without.json().code, 'CSRF_FAILED');
      const wrong = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: s.cookie, 'x-csrf-token': 'nope' }, payload: { name: 'csrf' } });
      assert.equal(wrong.json().code, 'CSRF_FAILED');
      const other = await t.signIn('investigator');
      const crossed = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: s.cookie, 'x-csrf-token': other.csrf }, payload: { name: 'csrf' } });
      assert.equal(crossed.json().code, 'CSRF_FAILED', 'a token from another session does not do');
      const right = await t.app.inject({ method: 'POST', url: '/api/cases', headers: as(s), payload: { name: 'csrf ok' } });
      assert.equal(right.statusCode, 201, right.body);
      const cases = await t.store.listCases(null, { limit: 200 });
      assert.equal(cases.items.filter((c) => c.name === 'csrf').length, 0, 'refused writes stored nothing');
    });

    test('the cookie is httpOnly and SameSite=Strict; me returns the csrf token and permissions', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'caseworker', password: PASSWORD } });
      const cookie = res.cookies.find((c) => c.name === 'ariadne_session');
      assert.ok(cookie?.httpOnly);
      assert.equal(cookie?.sameSite, 'Strict');
      assert.equal(res.json().user.username, 'caseworker');
      assert.equal('passwordHash' in res.json().user, false);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `ariadne_session=${cookie?.value}` } });
      assert.equal(me.json().csrfToken, res.json().csrfToken);
      assert.ok(me.json().permissions.includes('sealed:read'));
    });

    test('bearer tokens work without CSRF, are shown once, and stop working when revoked', async () => {
      const s = await t.signIn('investigator');
      const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: as(s), payload: { name: 'script' } });
      assert.equal(created.statusCode, 201, created.body);
      const { secret, token } = created.json();
      assert.match(secret, /^ariadne_[0-9a-f]{24}_/);
      const bearer = { authorization: `Bearer ${secret}` };
      const write = await t.app.inject({ method: 'POST', url: '/api/cases', headers: bearer, payload: { name: 'by token' } });
      assert.equal(write.statusCode, 201, write.body);
      const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: bearer });
      assert.equal(list.json().items.length, 1);
      // the secret is everything after `ariadne_<id>_`; it is base64url, so it may itself hold a `_`
      const secretPart = secret.slice(`ariadne_${token.id}_`.length);
      assert.ok(secretPart.length >= 20);
      assert.equal(JSON.stringify(list.json()).includes(secretPart), false, 'secret never listed');
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers: as(s) });
      assert.equal(revoked.statusCode, 204);
      const after = await t.app.inject({ method: 'GET', url: '/api/cases', headers: bearer });
      assert.equal(after.statusCode, 401);
    });

    test('unknown user and wrong password get the same answer', async () => {
      const a = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'whatever-password' } });
      const b = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst', password: 'whatever-password' } });
      assert.equal(a.statusCode, 401);
      assert.equal(b.statusCode, 401);
      assert.equal(a.json().detail, b.json().detail);
      assert.equal(a.json().code, b.json().code);
      await t.signIn('analyst'); // resets the failure count
    });

    test('5 failures lock the account; the right password does not get in while locked; it unlocks later', async () => {
      const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fiu_analyst', password } });
      for (let i = 1; i <= 4; i++) assert.equal((await attempt('wrong-password-' + i)).json().code, 'UNAUTHENTICATED');
      const fifth = await attempt('wrong-password-5');
      assert.equal(fifth.statusCode, 423);
      assert.equal(fifth.json().code, 'ACCOUNT_LOCKED');
      const right = await attempt(PASSWORD);
      assert.equal(right.json().code, 'ACCOUNT_LOCKED');
      assert.equal(right.cookies.length, 0, 'no session while locked');
      const journal = await t.store.listJournal({}, { limit: 200 });
      assert.ok(journal.items.some((e) => e.action.startsWith('auth.login.')), 'failures journalled');
      now = new Date(now.getTime() + 16 * 60_000);
      const later = await attempt(PASSWORD);
      assert.equal(later.statusCode, 200, later.body);
    });

    test('a one-time password only allows changing it; the policy applies', async () => {
      const admin = await t.signIn('admin');
      const created = await t.app.inject({ method: 'POST', url: '/api/users', headers: as(admin), payload: { username: 'newbie', roles: ['analyst'] } });
      assert.equal(created.statusCode, 201, created.body);
      const otp = created.json().oneTimePassword as string;
      assert.ok(otp.length >= 16);
      const s = await t.signIn('newbie', otp);
      const blocked = await t.app.inject({ method: 'GET', url: '/api/cases', headers: as(s) });
      assert.equal(blocked.statusCode, 403);
      const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: as(s), payload: { currentPassword: otp, newPassword: 'newbie-123456789' } });
      assert.equal(weak.statusCode, 400);
      assert.ok(weak.json().errors.newPassword);
      const changed = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: as(s), payload: { currentPassword: otp, newPassword: 'amber-harbour-compass-7' } });
      assert.equal(changed.statusCode, 204, changed.body);
      const old = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: as(s) });
      assert.equal(old.statusCode, 401, 'old sessions end on password change');
      const fresh = await t.signIn('newbie', 'amber-harbour-compass-7');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/cases', headers: as(fresh) })).statusCode, 200);
    });

    test('logout ends the session; disabled users are out at once', async () => {
      const s = await t.signIn('analyst');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(s) })).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: as(s) })).statusCode, 401);
      const s2 = await t.signIn('analyst');
      await t.store.updateUser(system, t.users.analyst.id, { disabled: true });
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: as(s2) })).statusCode, 401);
      const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst', password: PASSWORD } });
      assert.equal(again.statusCode, 401);
      await t.store.updateUser(system, t.users.analyst.id, { disabled: false });
    });

    test('expired sessions are refused', async () => {
      const s = await t.signIn('auditor');
      await caseWith(t, 'unused', []);
      now = new Date(now.getTime() + 9 * 3_600_000);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/journal', headers: as(s) })).statusCode, 401);
    });
  });
}
