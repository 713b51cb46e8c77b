import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDownloadUrl, evidenceApi, evidenceContentUrl, publicApi, receiptHeaders } from '../src/api/evidence.ts';
import { setCsrfToken } from '../src/api/http.ts';

const realFetch = globalThis.fetch;
let calls: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];

function answer(status: number, body: unknown): void {
  calls = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({
      url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
});

test('content and download URLs carry the purpose, encoded ids, and download=1 only for downloads', () => {
  assert.equal(evidenceContentUrl('ev/1', 'review'), '/api/evidence/ev%2F1/content?purpose=review');
  assert.equal(evidenceContentUrl('ev1', 'court file', true), '/api/evidence/ev1/content?purpose=court+file&download=1');
  assert.equal(evidenceContentUrl('ev1', '  '), '/api/evidence/ev1/content');
  assert.equal(bundleDownloadUrl('b 1'), '/api/bundles/b%201/download');
});

test('intake, custody and bundle calls follow the contract', async () => {
  setCsrfToken('csrf-synthetic');
  answer(201, { item: { id: 'ev1' }, duplicates: [] });
  await evidenceApi.createEvidence('case 1', { uploadId: 'up1', description: 'test-photo.jpg', entityIds: ['e1'] });
  assert.deepEqual(calls[0], {
    url: '/api/cases/case%201/evidence', method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': 'csrf-synthetic' },
    body: { uploadId: 'up1', description: 'test-photo.jpg', entityIds: ['e1'] },
  });

  answer(201, {});
  await evidenceApi.recordCustody('ev1', { kind: 'transfer', purpose: 'prosecution', recipient: 'Synthetic Court' });
  assert.equal(calls[0]!.url, '/api/evidence/ev1/custody');
  assert.deepEqual(calls[0]!.body, { kind: 'transfer', purpose: 'prosecution', recipient: 'Synthetic Court' });

  answer(201, {});
  await evidenceApi.linkEntities('ev1', ['e1', 'e2'], 'supports');
  assert.deepEqual(calls[0]!.body, { entityIds: ['e1', 'e2'], purpose: 'supports' });

  answer(202, { id: 'b1', state: 'building' });
  await evidenceApi.createBundle('c1', { purpose: 'mutual-legal-assistance', recipient: 'Synthetic Prosecutor' });
  assert.equal(calls[0]!.url, '/api/cases/c1/bundles');
  assert.deepEqual(calls[0]!.body, { purpose: 'mutual-legal-assistance', recipient: 'Synthetic Prosecutor' });

  answer(200, { items: [], next: null });
  await evidenceApi.listSubmissions({ status: 'new', cursor: 'abc' });
  assert.equal(calls[0]!.url, '/api/submissions?status=new&cursor=abc');

  answer(200, {});
  await evidenceApi.triage('s1', { close: true });
  assert.deepEqual([calls[0]!.url, calls[0]!.body], ['/api/submissions/s1/triage', { close: true }]);
});

test('public calls send the receipt code in the Authorization header, never in the URL', async () => {
  const code = 'SYNTH-ETIC-CODE';
  const calls2: Array<() => Promise<unknown>> = [
    () => publicApi.get(code),
    () => publicApi.reply(code, 'Synthetic answer'),
    () => publicApi.setConsent(code, { prosecution: false, sanctions: false, statistics: false, visibility: 'case-team' }),
    () => publicApi.receipt(code),
    () => publicApi.attach(code, { uploadId: 'up1' }),
  ];
  for (const call of calls2) {
    answer(200, {});
    await call();
    assert.equal(calls[0]!.headers.Authorization, `Receipt ${code}`);
    assert.ok(!calls[0]!.url.includes(code));
    assert.ok(calls[0]!.url.startsWith('/api/public/submission'));
  }
  assert.deepEqual(receiptHeaders('  padded \n'), { Authorization: 'Receipt padded' });
});

test('creating a submission sends the account and consent, and no receipt header', async () => {
  answer(201, { submissionId: 's1', receiptCode: 'SYNTH' });
  const out = await publicApi.createSubmission({
    kind: 'account', language: 'ar', account: 'Synthetic account', named: false,
    consent: { prosecution: true, sanctions: false, statistics: false, visibility: 'case-team' },
  });
  assert.equal(out.receiptCode, 'SYNTH');
  assert.equal(calls[0]!.url, '/api/public/submissions');
  assert.equal(calls[0]!.headers.Authorization, undefined);
});
