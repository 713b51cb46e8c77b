/**
 * Bundles and receipts over HTTP, verified the way a court's expert or a survivor would: the
 * bundle downloaded from the API passes the standalone verifier with the log's published key, a
 * changed byte is named precisely, and a submission receipt proves its items against a signed
 * checkpoint.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNoteKeys, openLedgerSigning } from '@ariadne/ledger';
import { verifyBundle, verifyReceipt } from '@ariadne/evidence';
import { as, backends, caseWith, openTestApp, tusUpload, type Signed, type TestApp } from './helpers.ts';

const ORIGIN = 'bundles.test.example/log';

async function waitReady(t: TestApp, who: Signed, id: string): Promise<{ state: string; bytesDone: number; bytesTotal: number; error?: string }> {
  for (let i = 0; i < 200; i++) {
    const bundle = (await t.app.inject({ method: 'GET', url: `/api/bundles/${id}`, headers: as(who) })).json();
    if (bundle.state !== 'building') return bundle;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the bundle never finished');
}

for (const backend of backends) {
  describe(`bundles and receipts (${backend})`, () => {
    let t: TestApp;
    let investigator: Signed;
    let caseId: string;
    let verifierKey: string;
    before(async () => {
      const ledgerSigning = await openLedgerSigning({ signerKey: generateNoteKeys(ORIGIN).skey, origin: ORIGIN, keyFile: null, instanceId: async () => 'unused' });
      verifierKey = ledgerSigning.verifierKey;
      t = await openTestApp(backend, { ledgerSigning });
      investigator = await t.signIn('investigator');
      caseId = await caseWith(t, 'Synthetic bundle case', ['investigator', 'analyst']);
    });
    after(async () => t.close());

    test('a case exported for a prosecutor verifies offline; one changed byte is named', async () => {
      const files = [randomBytes(70_000), randomBytes(1_500_000)];
      const ids: string[] = [];
      for (const [i, bytes] of files.entries()) {
        const uploadId = await tusUpload(t, as(investigator), bytes, { filename: `synthetic-exhibit-${i}.bin` });
        const { item } = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId, source: 'Synthetic Witness' } })).json();
        ids.push(item.id);
      }
      await t.app.inject({ method: 'POST', url: `/api/evidence/${ids[0]}/custody`, headers: as(investigator), payload: { kind: 'analysis', purpose: 'authenticity', method: 'hash comparison' } });
      await t.app.inject({ method: 'GET', url: `/api/evidence/${ids[1]}/content`, headers: as(investigator) });

      const started = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/bundles`, headers: as(investigator), payload: { purpose: 'prosecution', recipient: 'Synthetic Prosecutor Office' } });
      assert.equal(started.statusCode, 201, started.body);
      const done = await waitReady(t, investigator, started.json().id);
      assert.equal(done.state, 'ready', done.error);
      assert.equal(done.bytesDone, done.bytesTotal);
      const download = await t.app.inject({ method: 'GET', url: `/api/bundles/${started.json().id}/download`, headers: as(investigator) });
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'application/x-tar');
      const tar = download.rawPayload;
      const path = join(t.dir, 'received.tar');
      writeFileSync(path, tar);

      const verdict = await verifyBundle(path, { key: verifierKey });
      assert.equal(verdict.ok, true, JSON.stringify(verdict.problems));
      assert.equal(verdict.summary.items, 2);
      assert.ok(verdict.summary.events >= 5, 'intakes, the analysis, the view and the export');

      // the same check through the API, streamed
      const viaApi = await t.app.inject({ method: 'POST', url: '/api/bundles/verify', headers: { ...as(investigator), 'content-type': 'application/x-tar' }, payload: tar });
      assert.equal(viaApi.statusCode, 200, viaApi.body);
      assert.equal(viaApi.json().ok, true);

      // one byte of the large exhibit changed: the verifier names the file
      const tampered = Buffer.from(tar);
      const at = tampered.indexOf(files[1]!.subarray(1000, 1064));
      assert.ok(at > 0);
      tampered[at] = tampered[at]! ^ 0xff;
      const bad = (await t.app.inject({ method: 'POST', url: '/api/bundles/verify', headers: { ...as(investigator), 'content-type': 'application/x-tar' }, payload: tampered })).json();
      assert.equal(bad.ok, false);
      assert.ok(bad.problems.some((p: { code: string; path?: string }) => p.code === 'file-hash-mismatch' && p.path?.includes('synthetic-exhibit-1')), JSON.stringify(bad.problems));

      // the export is in every item's custody timeline
      const custody = (await t.app.inject({ method: 'GET', url: `/api/evidence/${ids[0]}/custody`, headers: as(investigator) })).json().items;
      assert.equal(custody.at(-1).kind, 'export');
    });

    test('only members holding evidence:export may export; unknown bundles are not found', async () => {
      const analyst = await t.signIn('analyst');
      const res = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/bundles`, headers: as(analyst), payload: { purpose: 'prosecution', recipient: 'x' } });
      assert.equal(res.statusCode, 403);
      const missing = await t.app.inject({ method: 'GET', url: '/api/bundles/00000000-0000-4000-8000-000000000000', headers: as(investigator) });
      assert.equal(missing.statusCode, 404);
      const notTar = await t.app.inject({ method: 'POST', url: '/api/bundles/verify', headers: { ...as(investigator), 'content-type': 'application/x-tar' }, payload: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), randomBytes(600)]) });
      assert.equal(notTar.json().ok, false);
      assert.equal(notTar.json().problems[0].code, 'compressed-archive');
    });

    test("a survivor's receipt proves what they submitted, against the log's signed checkpoint", async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/public/submissions', payload: {
        kind: 'account', language: 'en', account: 'Synthetic account for a receipt test.', named: false,
        consent: { prosecution: true, sanctions: false, statistics: false, visibility: 'case-team' },
      } });
      const { receiptCode } = created.json();
      const photo = randomBytes(30_000);
      const uploadId = await tusUpload(t, { authorization: `Receipt ${receiptCode}` }, photo, { filename: 'synthetic-photo.jpg', base: '/api/public/uploads', pieces: 1 });
      await t.app.inject({ method: 'POST', url: '/api/public/submission/attachments', headers: { authorization: `Receipt ${receiptCode}` }, payload: { uploadId } });
      const receipt = (await t.app.inject({ method: 'GET', url: '/api/public/submission/receipt', headers: { authorization: `Receipt ${receiptCode}` } })).json();
      assert.equal(receipt.items.length, 2);
      const photoHash = createHash('sha256').update(photo).digest('hex');
      const verdict = verifyReceipt(receipt, { key: verifierKey, fileHashes: [photoHash] });
      assert.equal(verdict.ok, true, verdict.problems.join('\n'));
      // a receipt edited to claim another file fails, and so does one checked with another key
      const forged = { ...receipt, items: receipt.items.map((i: { sha256: string }, n: number) => (n === 1 ? { ...i, sha256: '0'.repeat(64) } : i)) };
      assert.equal(verifyReceipt(forged, { key: verifierKey }).ok, false);
      assert.equal(verifyReceipt(receipt, { key: generateNoteKeys(ORIGIN).vkey }).ok, false);
    });
  });
}
