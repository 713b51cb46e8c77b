/**
 * Survivor self-documentation and the tip line over HTTP: a submission without an account, its
 * receipt code as the only credential, attachments by resumable upload, the question-and-answer
 * thread, consent withdrawn later, and staff triage — with sealed words hidden from the uncleared.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { as, backends, caseWith, openTestApp, tusUpload, type Signed, type TestApp } from './helpers.ts';

const consent = { prosecution: true, sanctions: false, statistics: true, visibility: 'case-team' };

for (const backend of backends) {
  describe(`submissions API (${backend})`, () => {
    let t: TestApp;
    let caseworker: Signed;
    let investigator: Signed;
    let caseId: string;
    before(async () => {
      t = await openTestApp(backend);
      caseworker = await t.signIn('caseworker');
      investigator = await t.signIn('investigator');
      caseId = await caseWith(t, 'Synthetic submissions case', ['investigator', 'caseworker']);
    });
    after(async () => t.close());

    const submit = (body: object) => t.app.inject({ method: 'POST', url: '/api/public/submissions', payload: body });
    const withReceipt = (code: string) => ({ authorization: `Receipt ${code}` });

    test('a survivor documents their case, attaches a file, follows up with the receipt code, and withdraws consent', async () => {
      const res = await submit({ kind: 'account', language: 'ar', account: 'حساب تجريبي مُصطنع (synthetic account)', named: true, contact: 'synthetic-contact@example.invalid', consent });
      assert.equal(res.statusCode, 201, res.body);
      const { receiptCode, submissionId } = res.json();
      assert.match(receiptCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      // the code is not stored: only its hash (the store never sees the code)
      const sub = await t.store.getSubmission(submissionId);
      assert.equal(sub?.kind, 'account');

      const uploadId = await tusUpload(t, withReceipt(receiptCode), randomBytes(20_000), { filename: 'synthetic-photo.jpg', base: '/api/public/uploads', pieces: 2 });
      const attached = await t.app.inject({ method: 'POST', url: '/api/public/submission/attachments', headers: withReceipt(receiptCode), payload: { uploadId } });
      assert.equal(attached.statusCode, 201, attached.body);

      // lower case and without dashes works too (people copy codes by hand)
      const view = await t.app.inject({ method: 'GET', url: '/api/public/submission', headers: withReceipt(receiptCode.replaceAll('-', '').toLowerCase()) });
      assert.equal(view.statusCode, 200, view.body);
      const seen = view.json();
      assert.deepEqual(seen.items.map((i: { role: string }) => i.role).sort(), ['account', 'attachment', 'contact']);
      assert.deepEqual(seen.messages, []);

      // the caseworker reads the account (journalled), the investigator is not cleared for it
      const asCaseworker = (await t.app.inject({ method: 'GET', url: `/api/submissions/${submissionId}`, headers: as(caseworker) })).json();
      assert.match(asCaseworker.account, /synthetic account/);
      assert.equal(asCaseworker.contact, 'synthetic-contact@example.invalid');
      const asInvestigator = (await t.app.inject({ method: 'GET', url: `/api/submissions/${submissionId}`, headers: as(investigator) })).json();
      assert.equal(asInvestigator.account, null);
      assert.equal(asInvestigator.contact, null);
      assert.equal(asInvestigator.sealedHidden, true);
      const account = (await t.store.submissionItemIds(submissionId)).find((i) => i.role === 'account')!;
      assert.deepEqual((await t.store.custodyEvents(account.id)).map((e) => e.kind), ['intake', 'view']);

      // a question from the team, an answer from the survivor
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/submissions/${submissionId}/messages`, headers: as(caseworker), payload: { text: 'Synthetic question: when did this happen?' } })).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/public/submission/messages', headers: withReceipt(receiptCode), payload: { text: 'Synthetic answer: last spring.' } })).statusCode, 204);
      const thread = (await t.app.inject({ method: 'GET', url: '/api/public/submission', headers: withReceipt(receiptCode) })).json().messages;
      assert.deepEqual(thread.map((m: { author: string; text: string }) => [m.author, m.text]), [['team', 'Synthetic question: when did this happen?'], ['sender', 'Synthetic answer: last spring.']]);

      // triage into a case; then the survivor withdraws consent, recorded on every item
      const filed = await t.app.inject({ method: 'POST', url: `/api/submissions/${submissionId}/triage`, headers: as(caseworker), payload: { caseId } });
      assert.equal(filed.json().status, 'triaged');
      const withdraw = await t.app.inject({ method: 'PUT', url: '/api/public/submission/consent', headers: withReceipt(receiptCode), payload: { prosecution: false, sanctions: false, statistics: false, visibility: 'case-team' } });
      assert.equal(withdraw.statusCode, 204, withdraw.body);
      assert.equal((await t.store.getSubmission(submissionId))?.withdrawnAt instanceof Date, true);
      const kinds = (await t.store.custodyEvents(account.id)).map((e) => e.kind);
      assert.equal(kinds.at(-1), 'consent');
      // and nothing of theirs can now leave in a prosecution bundle
      const bundle = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/bundles`, headers: as(investigator), payload: { purpose: 'prosecution', recipient: 'Synthetic Court' } });
      assert.equal(bundle.statusCode, 400, bundle.body);
    });

    test('a tip can be anonymous; its words are not sealed, its sender stays unknown', async () => {
      const res = await submit({ kind: 'tip', language: 'fr', account: 'Signalement synthétique : annonce de vente.', named: false, consent });
      assert.equal(res.statusCode, 201);
      const { submissionId } = res.json();
      const detail = (await t.app.inject({ method: 'GET', url: `/api/submissions/${submissionId}`, headers: as(investigator) })).json();
      assert.match(detail.account, /Signalement synthétique/);
      assert.equal(detail.contact, null);
      const inbox = (await t.app.inject({ method: 'GET', url: '/api/submissions?status=new', headers: as(investigator) })).json();
      assert.ok(inbox.items.some((s: { id: string }) => s.id === submissionId));
      const closed = await t.app.inject({ method: 'POST', url: `/api/submissions/${submissionId}/triage`, headers: as(investigator), payload: { close: true } });
      assert.equal(closed.json().status, 'closed');
    });

    test('bad codes and bad input get precise problems; analysts cannot triage', async () => {
      for (const header of ['Receipt 0000-0000-0000-0000-0000', 'Receipt not-a-code', 'Bearer x', 'Receipt ']) {
        const res = await t.app.inject({ method: 'GET', url: '/api/public/submission', headers: { authorization: header } });
        assert.equal(res.statusCode, 401, header);
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/submission' })).statusCode, 401);
      assert.equal((await submit({ kind: 'account', language: 'en', account: 'x', named: true, consent })).statusCode, 400);
      assert.equal((await submit({ kind: 'account', language: 'de', account: 'x', named: false, consent })).statusCode, 400);
      assert.equal((await submit({ kind: 'account', language: 'en', account: '', named: false, consent })).statusCode, 400);
      assert.equal((await submit({ kind: 'account', language: 'en', account: 'x'.repeat(100_001), named: false, consent })).statusCode, 413);
      const analyst = await t.signIn('analyst');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/submissions', headers: as(analyst) })).statusCode, 403);
    });

    test('guessing receipt codes is throttled per client', async () => {
      let last = 0;
      for (let i = 0; i < 40; i++) {
        last = (await t.app.inject({ method: 'GET', url: '/api/public/submission', headers: { authorization: `Receipt ${'A'.repeat(4)}-${String(i).padStart(4, '0')}-0000-0000-0000` } })).statusCode;
      }
      assert.equal(last, 429);
    });
  });
}
