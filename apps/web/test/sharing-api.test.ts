/**
 * The sharing API client: ids in paths, the CSRF header on writes, the package file sent as it
 * is, and the refusals read as what they are (a package's `reason`, the victims' records refused
 * for missing consent) rather than as a bare problem.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setCsrfToken } from '../src/api/http.ts';
import { ApiError } from '../src/api/problem.ts';
import { downloadOffer, importPackage, problemExtras, sendPackage, sharingApi, SharingError } from '../src/api/sharing.ts';

const realFetch = globalThis.fetch;
type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };
let calls: Call[] = [];

function script(...answers: [number, unknown, Record<string, string>?][]): void {
  calls = [];
  let i = 0;
  globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', headers: (init.headers ?? {}) as Record<string, string>, body: init.body });
    const [status, body, headers] = answers[Math.min(i++, answers.length - 1)]!;
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  }) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
});

const terms = {
  purpose: 'investigation', legalBasis: 'Synthetic MoU, art. 5', allowed: { Person: ['name'] }, victims: 'pseudonymise', pseudonymise: {},
  alerts: false, evidence: false, retentionDays: 30, validFrom: '2026-01-01', validUntil: '2026-12-31', approvalsRequired: 2,
} as const;

describe('sharing calls', () => {
  test('agreements: listed by case, created, approved and revoked by id with the CSRF header', async () => {
    setCsrfToken('csrf-synthetic');
    script([200, { items: [], next: null }], [201, { id: 'ag1' }], [200, { id: 'ag/1' }], [200, { agreement: {}, revocationPackage: null, purged: 0 }]);
    await sharingApi.agreements({ caseId: 'c1', cursor: null });
    await sharingApi.createAgreement({ title: 'Synthetic exchange', partnerId: 'p1', caseId: 'c1', direction: 'outgoing', terms });
    await sharingApi.approve('ag/1');
    await sharingApi.revoke('ag1', 'Synthetic MoU ended');
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), [
      'GET /api/sharing/agreements?caseId=c1', 'POST /api/sharing/agreements', 'POST /api/sharing/agreements/ag%2F1/approve', 'POST /api/sharing/agreements/ag1/revoke',
    ]);
    assert.equal(calls[1]!.headers['X-CSRF-Token'], 'csrf-synthetic');
    assert.deepEqual(JSON.parse(calls[3]!.body as string), { reason: 'Synthetic MoU ended' });
  });

  test('a partner is added from its card, with the note beside it', async () => {
    script([201, { id: 'p1' }]);
    const card = { format: 'ariadne-party/1', name: 'Synthetic FIU', signingKey: 'c2lnbg==', ageRecipient: 'age1synthetic', fingerprint: 'ABCD EFGH' } as const;
    await sharingApi.addPartner(card, 'Fingerprint read back by phone');
    assert.deepEqual(JSON.parse(calls[0]!.body as string), { ...card, note: 'Fingerprint read back by phone' });
  });

  test('consent and linkage go where the contract says', async () => {
    script([200, { current: [], history: [] }], [201, {}], [201, { run: {}, pairs: [] }]);
    await sharingApi.consents('e/1');
    await sharingApi.recordConsent({ entityId: 'e1', purpose: 'prosecution', granted: true });
    await sharingApi.runLinkage({ title: 'Synthetic run', a: '{}', b: '{}', threshold: 0.8 });
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['GET /api/entities/e%2F1/consents', 'POST /api/consents', 'POST /api/linkage/runs']);
  });
});

describe('sending and importing packages', () => {
  test('a send refused for missing consent keeps the refused records by id', async () => {
    setCsrfToken('csrf-synthetic');
    script([422, { title: 'Consent missing', status: 422, code: 'ARIADNE_VALIDATION_FAILED', refused: [{ id: 'victim-1', reason: 'consent' }, 'victim-2', { nope: 1 }] }]);
    const error = await sendPackage('ag1', { missingConsent: 'refuse' }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof SharingError);
    assert.equal(error.status, 422);
    assert.deepEqual(error.refused, [{ id: 'victim-1', reason: 'consent' }, { id: 'victim-2', reason: '' }]);
    assert.equal(calls[0]!.url, '/api/sharing/agreements/ag1/packages');
    assert.equal(calls[0]!.headers['X-CSRF-Token'], 'csrf-synthetic');
    assert.deepEqual(JSON.parse(calls[0]!.body as string), { missingConsent: 'refuse' });
  });

  test('a package file is sent as it is, and a replay comes back with its reason', async () => {
    script([201, { id: 'pkg1', status: 'imported', counts: { written: 3 } }], [409, { title: 'Replayed', status: 409, code: 'ARIADNE_CONFLICT', reason: 'replayed' }]);
    const file = new Blob([new Uint8Array([1, 2, 3])]);
    const first = await importPackage(file);
    assert.equal(first.counts.written, 3);
    assert.equal(calls[0]!.headers['Content-Type'], 'application/octet-stream');
    assert.equal(calls[0]!.body, file);
    const again = await importPackage(file).then(() => null, (e: unknown) => e);
    assert.ok(again instanceof SharingError);
    assert.equal(again.reason, 'replayed');
    assert.equal(again.status, 409);
  });

  test('only known refusal reasons are believed', () => {
    assert.deepEqual(problemExtras({ reason: 'tampered' }), { reason: 'tampered', refused: [] });
    assert.deepEqual(problemExtras({ reason: '<script>' }), { reason: null, refused: [] });
    assert.deepEqual(problemExtras('not an object'), { reason: null, refused: [] });
  });

  test('the signed offer downloads with its file name; a refusal is a problem', async () => {
    script([200, '{"format":"ariadne-agreement/1"}', { 'Content-Disposition': 'attachment; filename="agreement-ag1.json"' }], [403, { title: 'Forbidden', status: 403, code: 'ARIADNE_FORBIDDEN' }]);
    const file = await downloadOffer('ag1');
    assert.equal(file.filename, 'agreement-ag1.json');
    assert.equal(await file.blob.text(), '{"format":"ariadne-agreement/1"}');
    const denied = await downloadOffer('ag1').then(() => null, (e: unknown) => e);
    assert.ok(denied instanceof ApiError);
    assert.equal(denied.code, 'ARIADNE_FORBIDDEN');
  });
});
