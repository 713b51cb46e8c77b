import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setCsrfToken } from '../src/api/http.ts';
import { ApiError } from '../src/api/problem.ts';
import { filterQuery, networkApi, networkExportUrl, runAnalysis } from '../src/api/network.ts';
import type { AnalysisJob } from '../src/api/network-types.ts';
import { matchRoute, paths } from '../src/router/routes.ts';

const realFetch = globalThis.fetch;
type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };
let calls: Call[] = [];

/** Answers each request with the next scripted response (status, body). */
function script(...answers: [number, unknown][]): void {
  calls = [];
  let i = 0;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body });
    const [status, body] = answers[Math.min(i++, answers.length - 1)]!;
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
});

const communities = { kind: 'communities' as const, result: { method: 'louvain' as const, modularity: 0.4, communities: [], membership: {}, explanation: 'x' } };

test("the explorer's address holds only the case id", () => {
  assert.equal(paths.network('case/1'), '/cases/case%2F1/network');
  assert.deepEqual(matchRoute('/cases/case%2F1/network'), { name: 'network', params: { caseId: 'case/1' } });
  assert.equal(matchRoute('/cases/c1/network/extra').name, 'notFound');
});

test('the filter becomes query parameters; empty parts are left out', () => {
  assert.deepEqual(filterQuery({}), { from: undefined, to: undefined, kinds: undefined, sources: undefined, shared: undefined });
  assert.deepEqual(filterQuery({ from: '2016-01-01', kinds: ['payment', 'membership'], sources: ['ui', 'import:x'], sharedIdentifiers: false }),
    { from: '2016-01-01', to: undefined, kinds: 'payment,membership', sources: 'ui,import:x', shared: '0' });
  assert.equal(filterQuery({ sharedIdentifiers: true }).shared, '1');
});

test('loading a network puts only the case id and the filter in the URL', async () => {
  script([200, { nodes: [], edges: [], stats: {}, truncated: false }]);
  await networkApi.load('case/1', { to: '2017-12-31', kinds: ['payment'] });
  assert.equal(calls[0]!.url, '/api/cases/case%2F1/network?to=2017-12-31&kinds=payment');
  assert.equal(calls[0]!.method, 'GET');
});

test('the export link carries the format and the same filter', () => {
  assert.equal(networkExportUrl('c1', 'gexf', { kinds: ['membership'], sharedIdentifiers: false }), '/api/cases/c1/network/export?format=gexf&kinds=membership&shared=0');
  assert.equal(networkExportUrl('c1', 'graphml'), '/api/cases/c1/network/export?format=graphml');
});

test('an analysis the server finished at once (200) resolves without polling; entity ids go in the body', async () => {
  setCsrfToken('csrf-synthetic');
  script([200, { id: 'j1', state: 'completed', progress: { done: 1, total: 1 }, result: communities }]);
  const result = await runAnalysis('c1', { kinds: ['payment'] }, { kind: 'paths', from: 'e-1', to: 'e-2', mode: 'shortest' });
  assert.deepEqual(result, communities);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.url, '/api/cases/c1/network/analyses');
  assert.equal(calls[0]!.method, 'POST');
  assert.equal(calls[0]!.headers['X-CSRF-Token'], 'csrf-synthetic');
  assert.deepEqual(JSON.parse(calls[0]!.body as string), {
    filter: { kinds: ['payment'] }, analysis: { kind: 'paths', from: 'e-1', to: 'e-2', mode: 'shortest' },
  });
});

test('a queued analysis (202) is polled until it completes, reporting progress', async () => {
  script(
    [202, { id: 'j2', state: 'queued', progress: { done: 0, total: 0 } }],
    [200, { id: 'j2', state: 'active', progress: { done: 40, total: 100 } }],
    [200, { id: 'j2', state: 'completed', progress: { done: 100, total: 100 }, result: communities }],
  );
  const seen: string[] = [];
  const result = await runAnalysis('c1', {}, { kind: 'communities', method: 'louvain' }, { pollMs: 1, onProgress: (d, t, job) => seen.push(`${job.state}:${d}/${t}`) });
  assert.equal(result.kind, 'communities');
  assert.deepEqual(seen, ['queued:0/0', 'active:40/100', 'completed:100/100']);
  assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['POST /api/cases/c1/network/analyses', 'GET /api/network/analyses/j2', 'GET /api/network/analyses/j2']);
  // no filter given: the body has none
  assert.deepEqual(JSON.parse(calls[0]!.body as string), { analysis: { kind: 'communities', method: 'louvain' } });
});

test('a failed job throws its problem as an ApiError', async () => {
  script([202, { id: 'j3', state: 'active', progress: { done: 1, total: 9 } }],
    [200, { id: 'j3', state: 'failed', progress: { done: 1, total: 9 }, error: { code: 'VALIDATION_FAILED', message: 'No node e-9 in this network.' } }]);
  await assert.rejects(runAnalysis('c1', {}, { kind: 'paths', from: 'e-1', to: 'e-9', mode: 'shortest' }, { pollMs: 1 }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'ARIADNE_VALIDATION_FAILED');
    assert.equal(error.problem.title, 'No node e-9 in this network.');
    assert.match(error.message, /e-9/);
    return true;
  });
});

test('a job cancelled elsewhere ends with a CANCELLED ApiError', async () => {
  script([202, { id: 'j4', state: 'active', progress: { done: 0, total: 5 } }], [200, { id: 'j4', state: 'cancelled', progress: { done: 2, total: 5 } }]);
  await assert.rejects(runAnalysis('c1', {}, { kind: 'communities', method: 'leiden' }, { pollMs: 1 }), (e: unknown) => e instanceof ApiError && e.code === 'ARIADNE_CANCELLED');
});

test('an already-aborted signal sends nothing and rejects with AbortError', async () => {
  script([200, {}]);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(runAnalysis('c1', {}, { kind: 'communities', method: 'louvain' }, { signal: controller.signal }), { name: 'AbortError' });
  assert.equal(calls.length, 0);
});

test('aborting while a job runs cancels it on the server (DELETE) and rejects with AbortError', async () => {
  setCsrfToken('csrf-synthetic');
  const running: AnalysisJob = { id: 'j5', state: 'active', progress: { done: 3, total: 1000 } };
  script([202, running], [200, running], [204, undefined]);
  const controller = new AbortController();
  const pending = runAnalysis('c1', {}, { kind: 'disruption', k: 5, objective: 'fragmentation' }, {
    signal: controller.signal, pollMs: 5_000, onProgress: () => controller.abort(),
  });
  await assert.rejects(pending, { name: 'AbortError' });
  const last = calls.at(-1)!;
  assert.equal(`${last.method} ${last.url}`, 'DELETE /api/network/analyses/j5');
  assert.equal(last.headers['X-CSRF-Token'], 'csrf-synthetic');
});

test('a 403 when loading becomes an ApiError with the server code', async () => {
  script([403, { title: 'Forbidden', status: 403, code: 'ARIADNE_FORBIDDEN' }]);
  await assert.rejects(networkApi.load('c-other'), (e: unknown) => e instanceof ApiError && e.status === 403 && e.code === 'ARIADNE_FORBIDDEN');
});
