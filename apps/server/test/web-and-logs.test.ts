/** The SPA is served with its fallback, and logs never carry secrets, bodies or queries. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { hashPassword } from '@ariadne/access';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf, type OpenedStore } from '@ariadne/store';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Vault } from '@ariadne/evidence';
import { createServer } from '../src/index.ts';
import { PASSWORD, system } from './helpers.ts';

describe('web root and logging', () => {
  let store: OpenedStore;
  let app: FastifyInstance;
  let webRoot: string;
  const lines: string[] = [];
  before(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'ariadne-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Ariadne</title><div id="app"></div>');
    writeFileSync(join(webRoot, 'app.js'), 'console.log(1)');
    const model = loadModel();
    store = await createStore({ dataDir: null, model: storeModelOf(model) });
    await store.createUser(system, { username: 'investigator', displayName: 'I', roles: ['investigator'], passwordHash: await hashPassword(PASSWORD) });
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const vault = await Vault.open({ dir: join(webRoot, 'vault'), masterKey: randomBytes(32) });
    app = await createServer({ store, model, evidence: { vault, bundleDir: join(webRoot, 'bundles') }, config: { webRoot, secureCookies: true }, logger: { level: 'info', stream } });
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  test('files, SPA fallback, and /api stays JSON', async () => {
    const js = await app.inject({ method: 'GET', url: '/app.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.body, 'console.log(1)');
    for (const url of ['/', '/cases/123']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /id="app"/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    }
    const api = await app.inject({ method: 'GET', url: '/api/nope' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'NOT_FOUND');
  });

  test('secure cookies and HSTS when configured', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'investigator', password: PASSWORD } });
    assert.equal(res.cookies.find((c) => c.name === 'ariadne_session')?.secure, true);
    assert.match(String(res.headers['strict-transport-security']), /max-age=/);
  });

  test('logs carry no password, cookie, csrf token, query string or body', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'investigator', password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'ariadne_session')?.value as string;
    const csrf = login.json().csrfToken as string;
    await app.inject({ method: 'GET', url: '/api/search?q=Secret%20Victim%20Name', headers: { cookie: `ariadne_session=${cookie}`, 'x-csrf-token': csrf } });
    await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer ariadne_0123456789abcdef01234567_' + 'S'.repeat(43) } });
    const log = lines.join('');
    assert.ok(log.includes('/api/search'), 'requests are logged');
    for (const secret of [PASSWORD, cookie, csrf, 'Secret', 'SSSSSSSS', 'investigator']) {
      assert.equal(log.includes(secret), false, `log contains ${secret.slice(0, 6)}…`);
    }
  });
});
