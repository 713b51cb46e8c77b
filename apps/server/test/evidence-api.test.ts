/**
 * Evidence over HTTP: a resumable (tus) upload in pieces, its intake as an evidence item, the
 * original bytes served safely and journalled, the custody timeline and actions, and who may do
 * what. Hostile requests get precise problems and leave nothing half-written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { as, backends, caseWith, openTestApp, tusUpload, type Signed, type TestApp } from './helpers.ts';

const TUS = { 'tus-resumable': '1.0.0' };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** a structurally valid PNG (signature, IHDR, one IDAT of noise, IEND) of exactly `size` bytes: sniffed as image/png */
function syntheticPng(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const signature = Buffer.from('89504e470d0a1a0a', 'hex');
  const ihdr = chunk('IHDR', Buffer.from('00000001000000010806000000', 'hex'));
  const iend = chunk('IEND', Buffer.alloc(0));
  const fixed = signature.length + ihdr.length + iend.length + 12;
  return Buffer.concat([signature, ihdr, chunk('IDAT', randomBytes(size - fixed)), iend]);
}

for (const backend of backends) {
  describe(`evidence API (${backend})`, () => {
    let t: TestApp;
    let investigator: Signed;
    let caseworker: Signed;
    let analyst: Signed;
    let caseId: string;
    let otherCase: string;
    before(async () => {
      t = await openTestApp(backend);
      investigator = await t.signIn('investigator');
      caseworker = await t.signIn('caseworker');
      analyst = await t.signIn('analyst');
      caseId = await caseWith(t, 'Synthetic evidence case', ['investigator', 'caseworker', 'analyst']);
      otherCase = await caseWith(t, 'Synthetic case of others', []);
    });
    after(async () => t.close());

    test('tus discovery names the protocol, extensions and limit', async () => {
      const res = await t.app.inject({ method: 'OPTIONS', url: '/api/uploads' });
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers['tus-version'], '1.0.0');
      assert.match(String(res.headers['tus-extension']), /creation/);
      assert.ok(Number(res.headers['tus-max-size']) > 0);
    });

    test('an upload resumes from the offset the server reports, then becomes an item with its intake event', async () => {
      const bytes = syntheticPng(300_000);
      const who = as(investigator);
      const created = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': String(bytes.length), 'upload-metadata': `filename ${b64('synthetic-scene.png')}` } });
      const url = String(created.headers.location);
      const first = await t.app.inject({ method: 'PATCH', url, payload: bytes.subarray(0, 100_000), headers: { ...who, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' } });
      assert.equal(first.headers['upload-offset'], '100000');
      // the client lost track: the server says where to go on, and refuses a wrong offset
      const head = await t.app.inject({ method: 'HEAD', url, headers: { ...who, ...TUS } });
      assert.equal(head.headers['upload-offset'], '100000');
      assert.equal(head.headers['upload-length'], String(bytes.length));
      const wrong = await t.app.inject({ method: 'PATCH', url, payload: bytes.subarray(0, 10), headers: { ...who, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' } });
      assert.equal(wrong.statusCode, 409);
      const rest = await t.app.inject({ method: 'PATCH', url, payload: bytes.subarray(100_000), headers: { ...who, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '100000' } });
      assert.equal(rest.headers['upload-offset'], String(bytes.length));
      const uploadId = url.split('/').pop()!;

      const intake = await t.app.inject({
        method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: who,
        payload: { uploadId, description: 'Synthetic scene photo', collectedAt: '2026-02-01T08:30:00Z', collectedWhere: 'Synthetic Town', source: 'Synthetic Witness', purpose: 'field intake' },
      });
      assert.equal(intake.statusCode, 201, intake.body);
      const { item, duplicates } = intake.json();
      assert.equal(item.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.equal(item.size, bytes.length);
      assert.equal(item.mime, 'image/png');
      assert.equal(item.filename, 'synthetic-scene.png');
      assert.deepEqual(duplicates, []);
      // the same upload cannot be taken in twice
      const again = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: who, payload: { uploadId } });
      assert.equal(again.statusCode, 409);

      // the bytes come back exactly, journalled first as a view, with safe headers
      const content = await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}/content?purpose=${encodeURIComponent('court preparation')}`, headers: who });
      assert.equal(content.statusCode, 200);
      assert.ok(content.rawPayload.equals(bytes));
      assert.equal(content.headers['content-type'], 'image/png');
      assert.match(String(content.headers['content-security-policy']), /sandbox/);
      assert.equal(content.headers['x-content-type-options'], 'nosniff');
      const download = await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}/content?download=1`, headers: who });
      assert.match(String(download.headers['content-disposition']), /^attachment/);

      const custody = await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}/custody`, headers: who });
      const events = custody.json().items as { kind: string; purpose: string | null; details: { prev: string | null }; leafHash: string }[];
      assert.deepEqual(events.map((e) => e.kind), ['intake', 'view', 'download']);
      assert.equal(events[1]?.purpose, 'court preparation');
      assert.equal(events[1]?.details.prev, events[0]?.leafHash);

      // nothing of the upload is left staged in the clear
      assert.deepEqual(readdirSync(join(t.dir, 'vault', 'tmp')), []);
    });

    test('the same bytes taken in again are flagged as a duplicate', async () => {
      const bytes = syntheticPng(5000);
      const first = await tusUpload(t, as(investigator), bytes, { filename: 'copy-a.png' });
      const a = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId: first } })).json();
      const second = await tusUpload(t, as(investigator), bytes, { filename: 'copy-b.png' });
      const b = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId: second } })).json();
      assert.deepEqual(b.duplicates, [{ id: a.item.id, caseId }]);
    });

    test('custody actions: transfer, analysis, hold and its release; double holds are refused', async () => {
      const uploadId = await tusUpload(t, as(investigator), syntheticPng(4000), { filename: 'synthetic-doc.png' });
      const { item } = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId } })).json();
      const post = (payload: object) => t.app.inject({ method: 'POST', url: `/api/evidence/${item.id}/custody`, headers: as(investigator), payload });
      assert.equal((await post({ kind: 'transfer', purpose: 'MLA request', recipient: 'Synthetic Prosecutor Office' })).statusCode, 201);
      assert.equal((await post({ kind: 'analysis', purpose: 'authenticity', method: 'error level analysis' })).statusCode, 201);
      assert.equal((await post({ kind: 'hold', purpose: 'pending trial' })).statusCode, 201);
      assert.equal((await post({ kind: 'hold', purpose: 'again' })).statusCode, 409);
      assert.equal((await post({ kind: 'release', purpose: 'trial over' })).statusCode, 201);
      const bad = await post({ kind: 'transfer', purpose: 'no recipient' });
      assert.equal(bad.statusCode, 400);
      const events = (await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}/custody`, headers: as(investigator) })).json().items;
      assert.deepEqual(events.map((e: { kind: string }) => e.kind), ['intake', 'transfer', 'analysis', 'hold', 'release']);
      assert.equal(events[1].details.recipient, 'Synthetic Prosecutor Office');
    });

    test('analysts read but cannot act; non-members see nothing; sealed items need sealed:read', async () => {
      const uploadId = await tusUpload(t, as(investigator), syntheticPng(3000), { filename: 'synthetic-id.png' });
      const { item } = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId } })).json();
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}`, headers: as(analyst) })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/evidence/${item.id}/custody`, headers: as(analyst), payload: { kind: 'seal', purpose: 'x' } })).statusCode, 403);
      const fiu = await t.signIn('fiu_analyst');
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}`, headers: as(fiu) })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/cases/${otherCase}/evidence`, headers: as(investigator) })).statusCode, 404);
      // a caseworker seals it: the investigator loses sight of it, the caseworker's reads are journalled
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/evidence/${item.id}/custody`, headers: as(caseworker), payload: { kind: 'seal', purpose: 'identifies a victim' } })).statusCode, 201);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}`, headers: as(investigator) })).statusCode, 404);
      const list = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/evidence`, headers: as(investigator) })).json();
      assert.ok(!list.items.some((i: { id: string }) => i.id === item.id));
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}`, headers: as(caseworker) })).statusCode, 200);
      const kinds = (await t.store.custodyEvents(item.id)).map((e) => e.kind);
      assert.deepEqual(kinds, ['intake', 'seal', 'view']);
    });

    test('hostile uploads get precise problems', async () => {
      const who = as(investigator);
      const tooBig = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': String(10 ** 15) } });
      assert.equal(tooBig.statusCode, 413);
      const empty = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': '0' } });
      assert.equal(empty.statusCode, 400);
      const noVersion = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, 'upload-length': '10' } });
      assert.equal(noVersion.statusCode, 400);
      const badMeta = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': '10', 'upload-metadata': 'filename not base64!' } });
      assert.equal(badMeta.statusCode, 400);
      const negative = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': '-5' } });
      assert.equal(negative.statusCode, 400);

      const created = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': '100' } });
      const url = String(created.headers.location);
      const wrongType = await t.app.inject({ method: 'PATCH', url, payload: Buffer.alloc(10), headers: { ...who, ...TUS, 'content-type': 'application/octet-stream', 'upload-offset': '0' } });
      assert.equal(wrongType.statusCode, 415);
      // more bytes than announced: only the announced length is kept
      const over = await t.app.inject({ method: 'PATCH', url, payload: Buffer.alloc(150, 7), headers: { ...who, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' } });
      assert.equal(over.headers['upload-offset'], '100');
      // someone else's upload does not exist for you
      const other = await t.app.inject({ method: 'HEAD', url, headers: { ...as(caseworker), ...TUS } });
      assert.equal(other.statusCode, 404);
      // an unfinished upload cannot be taken in
      const partial = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': '50' } });
      const partialUrl = String(partial.headers.location);
      await t.app.inject({ method: 'PATCH', url: partialUrl, payload: Buffer.alloc(20, 1), headers: { ...who, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' } });
      const early = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: who, payload: { uploadId: partialUrl.split('/').pop() } });
      assert.equal(early.statusCode, 400);
      assert.equal(early.json().code, 'UPLOAD_INCOMPLETE');
      // abandoning it destroys the staged bytes
      const del = await t.app.inject({ method: 'DELETE', url: partialUrl, headers: { ...who, ...TUS } });
      assert.equal(del.statusCode, 204);
      assert.equal((await t.app.inject({ method: 'HEAD', url: partialUrl, headers: { ...who, ...TUS } })).statusCode, 404);
    });

    test("a source's named organisations bind transfers", async () => {
      const uploadId = await tusUpload(t, as(investigator), syntheticPng(2500), { filename: 'synthetic-source-doc.png' });
      const consent = { prosecution: true, sanctions: false, statistics: false, visibility: 'named', organisations: ['Synthetic Prosecutor Office'] };
      const { item } = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId, consent } })).json();
      const transfer = (recipient: string) => t.app.inject({ method: 'POST', url: `/api/evidence/${item.id}/custody`, headers: as(investigator), payload: { kind: 'transfer', purpose: 'MLA', recipient } });
      const refused = await transfer('Synthetic Other Agency');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().detail, /not one of them/);
      assert.equal((await transfer('synthetic prosecutor office')).statusCode, 201);
    });

    test('no one can fill the disk with abandoned uploads', async () => {
      const who = as(await t.signIn('fiu_analyst'));
      const start = () => t.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...who, ...TUS, 'upload-length': '1000' } });
      for (let i = 0; i < 50; i++) assert.equal((await start()).statusCode, 201);
      const refused = await start();
      assert.equal(refused.statusCode, 429);
      assert.match(refused.json().detail, /unfinished uploads/);
    });

    test('an HTML file posing as a photo is never served inline', async () => {
      const html = Buffer.from('<!doctype html><script>alert("synthetic")</script>');
      const uploadId = await tusUpload(t, as(investigator), html, { filename: 'photo.jpg', base: '/api/uploads', pieces: 1 });
      const { item } = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/evidence`, headers: as(investigator), payload: { uploadId } })).json();
      assert.equal(item.mimeMismatch, true);
      const res = await t.app.inject({ method: 'GET', url: `/api/evidence/${item.id}/content`, headers: as(investigator) });
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      assert.match(String(res.headers['content-disposition']), /^attachment/);
    });
  });
}
