import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { buildUrl, csrfHeaders, request, setCsrfToken, setUnauthenticatedHandler } from '../src/api/http.ts';
import { ApiError } from '../src/api/problem.ts';

const realFetch = globalThis.fetch;
let calls: { url: string; init: RequestInit }[] = [];

function answer(status: number, body: unknown, contentType = 'application/json'): void {
  calls = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
  }) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

test('buildUrl drops empty query values', () => {
  assert.equal(buildUrl('/api/search', { q: 'a b', schema: '', cursor: null, limit: 5 }), '/api/search?q=a+b&limit=5');
  assert.equal(buildUrl('/api/cases'), '/api/cases');
});

test('GET sends cookies but no CSRF header; POST sends the CSRF header and JSON', async () => {
  setCsrfToken('tok-1');
  answer(200, { items: [], next: null });
  await request('GET', '/api/cases');
  const get = calls[0]!.init;
  assert.equal(get.credentials, 'same-origin');
  assert.equal((get.headers as Record<string, string>)['X-CSRF-Token'], undefined);

  answer(201, { id: 'c1' });
  const created = await request<{ id: string }>('POST', '/api/cases', { body: { name: 'x' } });
  assert.equal(created.id, 'c1');
  const post = calls[0]!.init;
  assert.equal((post.headers as Record<string, string>)['X-CSRF-Token'], 'tok-1');
  assert.equal((post.headers as Record<string, string>)['Content-Type'], 'application/json');
  assert.equal(post.body, '{"name":"x"}');
});

test('204 resolves to undefined', async () => {
  answer(204, undefined);
  assert.equal(await request('DELETE', '/api/tokens/1'), undefined);
});

test('problem+json becomes an ApiError with field errors', async () => {
  answer(422, { title: 'Invalid', status: 422, detail: 'Bad input', code: 'ARIADNE_VALIDATION_FAILED', errors: { 'properties.name': 'required' } }, 'application/problem+json');
  await assert.rejects(request('POST', '/api/entities', { body: {} }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'ARIADNE_VALIDATION_FAILED');
    assert.deepEqual(error.problem.errors, { 'properties.name': 'required' });
    return true;
  });
});

test('401 calls the unauthenticated handler, except on login', async () => {
  let called = 0;
  setUnauthenticatedHandler(() => called++);
  answer(401, { title: 'Unauthenticated', code: 'ARIADNE_UNAUTHENTICATED' });
  await assert.rejects(request('GET', '/api/cases'), ApiError);
  await assert.rejects(request('POST', '/api/auth/login', { body: {} }), ApiError);
  assert.equal(called, 1);
});

test('a network failure becomes ARIADNE_NETWORK', async () => {
  globalThis.fetch = (async () => {
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;
  await assert.rejects(request('GET', '/api/health'), (error: unknown) => error instanceof ApiError && error.code === 'ARIADNE_NETWORK');
});

test('extra headers go along (a receipt code), and the CSRF header is available to uploads', async () => {
  assert.deepEqual(csrfHeaders(), {});
  setCsrfToken('tok-2');
  assert.deepEqual(csrfHeaders(), { 'X-CSRF-Token': 'tok-2' });
  answer(204, undefined);
  await request('PUT', '/api/public/submission/consent', { body: { prosecution: false }, headers: { Authorization: 'Receipt synthetic-code' } });
  const headers = calls[0]!.init.headers as Record<string, string>;
  assert.equal(calls[0]!.init.method, 'PUT');
  assert.equal(headers.Authorization, 'Receipt synthetic-code');
  assert.equal(headers['X-CSRF-Token'], 'tok-2');
  assert.equal(calls[0]!.url, '/api/public/submission/consent', 'the code is never in the URL');
});

test('a 401 on a receipt route does not end the staff session', async () => {
  let ended = 0;
  setUnauthenticatedHandler(() => { ended += 1; });
  answer(401, { title: 'Unauthorized', code: 'ARIADNE_UNAUTHENTICATED' });
  await assert.rejects(request('GET', '/api/public/submission', { headers: { Authorization: 'Receipt wrong' }, quiet401: true }), ApiError);
  assert.equal(ended, 0);
  await assert.rejects(request('GET', '/api/cases'), ApiError);
  assert.equal(ended, 1);
});
