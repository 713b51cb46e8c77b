/** Bad input answers the right problem+json and stores nothing. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, backends, caseWith, openTestApp, type Signed, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`bad input (${backend})`, () => {
    let t: TestApp;
    let caseId: string;
    let s: Signed;
    const count = async () => (await t.store.listEntities({ caseId }, { limit: 200 })).items.length;
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/entities', headers: { ...as(s), 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
    const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number, code: string) => {
      assert.equal(res.statusCode, status, JSON.stringify(res.json()));
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const body = res.json();
      assert.equal(body.code, code);
      assert.equal(body.status, status);
      for (const key of ['type', 'title', 'detail', 'instance']) assert.equal(typeof body[key], 'string', key);
      return body;
    };
    before(async () => {
      t = await openTestApp(backend);
      caseId = await caseWith(t, 'Bad input', ['investigator']);
      s = await t.signIn('investigator');
    });
    after(async () => t.close());

    test('malformed JSON → 400 MALFORMED_INPUT', async () => {
      problem(await post('{"caseId": '), 400, 'MALFORMED_INPUT');
      assert.equal(await count(), 0);
    });

    test('wrong types → 400 VALIDATION_FAILED naming each field', async () => {
      const body = problem(await post({ caseId: 7, schema: 'Person', properties: { name: 'not a list' } }), 400, 'VALIDATION_FAILED');
      assert.ok((body.errors as Record<string, string>).caseId);
      assert.ok((body.errors as Record<string, string>)['properties.name']);
      assert.equal(await count(), 0);
    });

    test('unknown body keys → 400 VALIDATION_FAILED', async () => {
      const body = problem(await post({ caseId, schema: 'Person', properties: {}, admin: true }), 400, 'VALIDATION_FAILED');
      assert.ok((body.errors as Record<string, string>).admin);
    });

    test('unknown schema → 400 UNKNOWN_SCHEMA', async () => {
      problem(await post({ caseId, schema: 'Dragon', properties: { name: ['Smaug'] } }), 400, 'UNKNOWN_SCHEMA');
      assert.equal(await count(), 0);
    });

    test('unknown property → 400 with the property named', async () => {
      const res = await post({ caseId, schema: 'Person', properties: { name: ['A Person'], wingspan: ['3m'] } });
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(['VALIDATION_FAILED', 'UNKNOWN_PROPERTY'].includes(res.json().code));
      assert.ok(JSON.stringify(res.json().errors ?? {}).includes('wingspan'), res.body);
      assert.equal(await count(), 0);
    });

    test('oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
      problem(await post({ caseId, schema: 'Person', properties: { notes: ['x'.repeat(70 * 1024)] } }), 413, 'PAYLOAD_TOO_LARGE');
      assert.equal(await count(), 0);
    });

    test('wrong content type → 415', async () => {
      problem(await post('caseId=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('duplicate entity id → 409 CONFLICT, the first one unchanged', async () => {
      const first = await post({ caseId, schema: 'Person', id: 'dup-1', properties: { name: ['First Person'] } });
      assert.equal(first.statusCode, 201, first.body);
      problem(await post({ caseId, schema: 'Person', id: 'dup-1', properties: { name: ['Second Person'] } }), 409, 'CONFLICT');
      assert.equal(await count(), 1);
      assert.deepEqual((await t.store.getEntity('dup-1'))?.properties.name, ['First Person']);
    });

    test('bad query parameters → 400 naming query fields', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/entities?limit=9999`, headers: as(s) });
      const body = problem(res, 400, 'VALIDATION_FAILED');
      assert.ok((body.errors as Record<string, string>)['query.limit']);
    });

    test('unknown routes → 404 problem; instance never carries the query string', async () => {
      const body = problem(await t.app.inject({ method: 'GET', url: '/api/nothing?q=secret-name' }), 404, 'NOT_FOUND');
      assert.equal(body.instance, '/api/nothing');
    });
  });
}
