import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setCsrfToken } from '../src/api/http.ts';
import { ApiError } from '../src/api/problem.ts';
import { dossierUrl, duplicatesApi, listsApi, screeningApi } from '../src/api/screening.ts';

const realFetch = globalThis.fetch;
let calls: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];

function answer(status: number, body: unknown, contentType = 'application/json'): void {
  calls = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
  }) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
});

test('a name to screen goes in the POST body, never in the URL', async () => {
  setCsrfToken('csrf-synthetic');
  answer(200, { algorithm: 'a', threshold: 0.7, lists: [], matches: [] });
  await screeningApi.screen({ name: 'Testperson Alpha', birthDate: '1970', nearMisses: true });
  assert.equal(calls[0]!.url, '/api/screening');
  assert.equal(calls[0]!.method, 'POST');
  assert.doesNotMatch(calls[0]!.url, /Testperson/);
  assert.deepEqual(JSON.parse(calls[0]!.body as string), { name: 'Testperson Alpha', birthDate: '1970', nearMisses: true });
  assert.equal(calls[0]!.headers['X-CSRF-Token'], 'csrf-synthetic');
});

test('a list file goes up as the raw body with its name in the query', async () => {
  setCsrfToken('csrf-synthetic');
  answer(201, { version: { id: 'v1' }, unchanged: false, errorCount: 0, errors: [], carriedForward: 0 });
  const file = new Blob(['<CONSOLIDATED_LIST/>'], { type: 'text/xml' });
  await listsApi.importFile(file, 'un list.xml');
  const call = calls[0]!;
  assert.equal(call.url, '/api/lists/import?filename=un+list.xml');
  assert.equal(call.method, 'POST');
  assert.equal(call.headers['Content-Type'], 'application/octet-stream');
  assert.equal(call.headers['X-CSRF-Token'], 'csrf-synthetic');
  assert.equal(call.body, file, 'the bytes are sent as they are, not as JSON');
});

test('an unreachable publisher surfaces as a 502 ApiError', async () => {
  answer(502, { title: 'Bad Gateway', status: 502, code: 'ARIADNE_UPSTREAM_UNAVAILABLE', detail: 'publisher unreachable' }, 'application/problem+json');
  await assert.rejects(listsApi.update('un-sc'), (error: unknown) => error instanceof ApiError && error.status === 502);
  assert.equal(calls[0]!.url, '/api/lists/un-sc/update');
});

test('list, alert and duplicate paths encode their ids and skip empty filters', async () => {
  answer(200, { items: [], next: null });
  await listsApi.changes('v/1', { kind: 'added' });
  assert.equal(calls[0]!.url, '/api/lists/versions/v%2F1/changes?kind=added');
  answer(200, {});
  await listsApi.entry('un-sc', 'QDi.001');
  assert.equal(calls[0]!.url, '/api/lists/un-sc/entries/QDi.001');
  answer(200, { items: [], next: null });
  await screeningApi.alerts({ status: 'open', list: undefined, cursor: null });
  assert.equal(calls[0]!.url, '/api/screening/alerts?status=open');
  answer(200, { items: [], next: null });
  await duplicatesApi.list({ status: 'merged' });
  assert.equal(calls[0]!.url, '/api/duplicates?status=merged');
  assert.equal(dossierUrl('e 1', 'pdf'), '/api/entities/e%201/dossier?format=pdf');
});

test('a disposition sends the reason trimmed, and none when blank', async () => {
  answer(200, {});
  await screeningApi.decide('al1', 'false_positive', '  different birth year  ');
  assert.deepEqual(JSON.parse(calls[0]!.body as string), { status: 'false_positive', note: 'different birth year' });
  answer(200, {});
  await screeningApi.decide('al1', 'needs_review', '   ');
  assert.deepEqual(JSON.parse(calls[0]!.body as string), { status: 'needs_review' });
});

test('a scan of all my cases sends an empty body; named cases are sent', async () => {
  answer(200, { entities: 2, proposed: 1, stored: 1 });
  await duplicatesApi.scan();
  assert.deepEqual(JSON.parse(calls[0]!.body as string), {});
  answer(200, { entities: 2, proposed: 1, stored: 1 });
  await duplicatesApi.scan(['c1']);
  assert.deepEqual(JSON.parse(calls[0]!.body as string), { caseIds: ['c1'] });
});
