/** The OpenAPI document covers every route, and the docs page is self-contained. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES } from '../src/index.ts';
import { backends, openTestApp, type TestApp } from './helpers.ts';

describe('OpenAPI and docs', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp(backends[0] ?? 'pglite');
  });
  after(async () => t.close());

  test('a valid-looking 3.1 document with every route, permission, security and problem responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, '0.0.0-test');
    assert.ok(doc.components.securitySchemes.session && doc.components.securitySchemes.bearer);
    assert.ok(doc.components.schemas.Problem);
    const ops = new Set<string>();
    for (const route of ROUTES) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} documented`);
      assert.equal(op['x-permission'], route.permission);
      assert.ok(op.summary && op.tags.length > 0 && op.responses);
      assert.ok(!ops.has(op.operationId), `operationId ${op.operationId} unique`);
      ops.add(op.operationId);
      assert.deepEqual(op.security.length > 0, route.permission !== 'public');
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        assert.ok(op.parameters.some((p: { name: string; in: string }) => p.in === 'path' && `{${p.name}}` === name), `${path} ${name}`);
      }
      if (route.permission !== 'public') assert.ok(op.responses['401'] && op.responses['403']);
    }
    const text = JSON.stringify(doc);
    for (const ref of text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)) {
      assert.ok(doc.components[ref[1] as string]?.[ref[2] as string], `dangling ${ref[0]}`);
    }
    assert.equal(text.includes('$defs'), false);
  });

  test('the docs page renders every route without external assets', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /style-src 'sha256-/);
    assert.equal(/<script|src="http|href="http/.test(res.body), false);
    for (const route of ROUTES) assert.ok(res.body.includes(route.url.replace(/:(\w+)/g, '{$1}')), route.url);
    assert.ok(res.body.includes('id="problem-account-locked"'));
  });

  test('security headers on API responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: 'ok', version: '0.0.0-test' });
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
  });
});
