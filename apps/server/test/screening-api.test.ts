// Sanctions screening over the API: lists imported as versions with their deltas, single-subject
// screening with explanations, subjects screened as they are written (alerts with a disposition
// workflow; a false positive is not raised again), duplicate proposals merged and undone, and the
// designation dossier. The list is the committed extract of the real UN list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { as, backends, caseWith, openTestApp, type Signed, type TestApp } from './helpers.ts';

const UN_FIXTURE = readFileSync(new URL('../../../packages/sanctions/test/fixtures/un-consolidated-extract.xml', import.meta.url));
const ZIDAN = 'Mohamed Salah al-Din Abdelhalim Zidan';

/** the fixture without one designation and with one alias respelled: a later version of the list */
function nextVersion(): Buffer {
  const text = UN_FIXTURE.toString('utf8');
  const ref = text.indexOf('<REFERENCE_NUMBER>CDi.030');
  const start = text.lastIndexOf('<INDIVIDUAL>', ref);
  const end = text.indexOf('</INDIVIDUAL>', ref) + '</INDIVIDUAL>'.length;
  assert.ok(ref > 0 && start > 0 && text.includes('SALAHALDIN'));
  return Buffer.from((text.slice(0, start) + text.slice(end)).replace('SALAHALDIN', 'SALAH ALDIN'), 'utf8');
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const backend of backends) {
  describe(`screening API on ${backend}`, () => {
    let t: TestApp;
    let mirror: Server;
    let investigator: Signed;
    let analyst: Signed;
    let caseId: string;

    const call = (who: Signed, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: as(who), ...(payload === undefined ? {} : { payload: payload as object }) });
    const upload = (who: Signed, body: Buffer, filename = 'consolidated.xml') =>
      t.app.inject({ method: 'POST', url: `/api/lists/import?filename=${filename}`, headers: { ...as(who), 'content-type': 'application/xml' }, payload: body });

    before(async () => {
      mirror = createHttpServer((req, res) => {
        if (req.url === '/un.xml') res.writeHead(200, { 'content-type': 'application/xml' }).end(UN_FIXTURE);
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
      const port = (mirror.address() as AddressInfo).port;
      t = await openTestApp(backend, { config: { listSources: { 'un-sc': `http://127.0.0.1:${port}/un.xml`, 'ofac-sdn': `http://127.0.0.1:${port}/missing.xml` } } });
      investigator = await t.signIn('investigator');
      analyst = await t.signIn('analyst');
      caseId = await caseWith(t, 'Synthetic screening case', ['investigator', 'analyst']);
    });
    after(async () => {
      await t.close();
      await new Promise((r) => mirror.close(r));
    });

    test('a list file becomes a version; the same file again changes nothing; a later file stores its delta', async () => {
      const first = await upload(investigator, UN_FIXTURE);
      assert.equal(first.statusCode, 201, first.body);
      const v1 = first.json();
      assert.deepEqual([v1.unchanged, v1.version.list, v1.version.format, v1.version.added, v1.version.entries], [false, 'un-sc', 'un-xml', 18, 18]);
      assert.equal(v1.version.publishedAt?.slice(0, 10), '2026-02-27');

      const again = await upload(investigator, UN_FIXTURE);
      assert.deepEqual([again.statusCode, again.json().unchanged, again.json().version.id], [201, true, v1.version.id]);

      const second = (await upload(investigator, nextVersion())).json();
      assert.deepEqual([second.version.added, second.version.removed, second.version.changed, second.version.entries], [0, 1, 1, 17]);
      const changes = (await call(analyst, 'GET', `/api/lists/versions/${second.version.id}/changes`)).json();
      assert.deepEqual(changes.items.map((c: { kind: string; entry: string }) => `${c.kind} ${c.entry}`).sort(), ['changed QDi.001', 'removed CDi.030']);
      assert.ok(changes.items.find((c: { kind: string }) => c.kind === 'changed').fields.includes('name'));

      const lists = (await call(analyst, 'GET', '/api/lists')).json();
      assert.deepEqual(lists.current.map((v: { id: string }) => v.id), [second.version.id]);
      const removed = (await call(analyst, 'GET', '/api/lists/un-sc/entries/CDi.030')).json();
      assert.equal(removed.entry, 'CDi.030');
    });

    test('a hostile or truncated file is refused as a whole and the current version stays', async () => {
      const before = (await call(analyst, 'GET', '/api/lists')).json().current[0].id;
      const bomb = Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&b;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>');
      const refused = await upload(investigator, bomb);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.headers['content-type'] as string, /problem\+json/);
      assert.match(refused.json().detail, /DOCTYPE/);
      const truncated = await upload(investigator, UN_FIXTURE.subarray(0, Math.floor(UN_FIXTURE.length / 2)));
      assert.equal(truncated.statusCode, 400);
      assert.match(truncated.json().detail, /nothing was imported/);
      const garbage = await upload(investigator, Buffer.from('\x00\x01 not a list at all'), 'x.bin');
      assert.equal(garbage.statusCode, 400);
      assert.equal((await call(analyst, 'GET', '/api/lists')).json().current[0].id, before);
    });

    test('only list managers import; analysts read', async () => {
      assert.equal((await upload(analyst, UN_FIXTURE)).statusCode, 403);
      assert.equal((await call(analyst, 'GET', '/api/lists/versions')).statusCode, 200);
      const caseworker = await t.signIn('caseworker');
      assert.equal((await call(caseworker, 'POST', '/api/screening', { name: ZIDAN })).statusCode, 403);
    });

    test('the publisher (here a local mirror) is downloaded on request; an unreachable one is a 502 problem', async () => {
      const updated = await call(investigator, 'POST', '/api/lists/un-sc/update');
      assert.equal(updated.statusCode, 201, updated.body);
      assert.equal(updated.json().version.added, 1, 'the mirror serves the first version: CDi.030 comes back');
      const missing = await call(investigator, 'POST', '/api/lists/ofac-sdn/update');
      assert.equal(missing.statusCode, 502);
      assert.match(missing.json().detail, /answered 404/);
      assert.equal((await call(investigator, 'POST', '/api/lists/nowhere/update')).statusCode, 400);
    });

    test('one name is screened with the explanation of every match', async () => {
      const res = await call(analyst, 'POST', '/api/screening', { name: ZIDAN, birthDate: '1963' });
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json();
      assert.equal(answer.lists[0].list, 'un-sc');
      const [top] = answer.matches;
      assert.deepEqual([top.entry, top.list, top.match], ['QDi.001', 'un-sc', true]);
      assert.ok(top.explanation.length >= 2);
      const arabic = (await call(analyst, 'POST', '/api/screening', { name: 'محمد صلاح الدين عبدالحليم زيدان' })).json();
      assert.equal(arabic.matches[0].entry, 'QDi.001');
      const nobody = (await call(analyst, 'POST', '/api/screening', { name: 'Synthetic Nobody Example' })).json();
      assert.deepEqual(nobody.matches, []);
      const bad = await call(analyst, 'POST', '/api/screening', { name: '', birthDate: '31/12/1963' });
      assert.equal(bad.statusCode, 400);
    });

    test('a person written into a case is screened; the alert is decided; a false positive is not raised again', async () => {
      const created = await call(investigator, 'POST', '/api/entities', { caseId, schema: 'Person', properties: { name: ['Mohammed Salahaldin Zidane'], birthDate: ['1963-04-11'] } });
      assert.equal(created.statusCode, 201, created.body);
      const personId = created.json().id;
      const alert = await until('the alert', async () => {
        const page = (await call(analyst, 'GET', '/api/screening/alerts?status=open')).json();
        return page.items.find((a: { subject: { id: string } }) => a.subject.id === personId);
      });
      assert.deepEqual([alert.entry, alert.list, alert.status], ['QDi.001', 'un-sc', 'open']);

      const live = (await call(analyst, 'GET', `/api/entities/${personId}/screening`)).json();
      assert.equal(live.matches[0].entry, 'QDi.001');
      assert.equal(live.alerts[0].id, alert.id);

      assert.equal((await call(analyst, 'POST', `/api/screening/alerts/${alert.id}/disposition`, { status: 'false_positive', note: 'x' })).statusCode, 403);
      const noReason = await call(investigator, 'POST', `/api/screening/alerts/${alert.id}/disposition`, { status: 'false_positive' });
      assert.equal(noReason.statusCode, 400);
      const decided = await call(investigator, 'POST', `/api/screening/alerts/${alert.id}/disposition`, { status: 'false_positive', note: 'Different person: synthetic test subject.' });
      assert.equal(decided.json().status, 'false_positive');
      const history = (await call(analyst, 'GET', `/api/screening/alerts/${alert.id}`)).json().history;
      assert.deepEqual(history.map((h: { action: string }) => h.action), ['raised', 'false_positive']);

      // an edit makes the subject due again; the decided alert stays decided, nothing new is raised
      await call(investigator, 'PATCH', `/api/entities/${personId}`, { properties: { alias: ['Mohamed Zidan'] } });
      await until('the re-screen', async () => (await call(analyst, 'GET', '/api/screening/status')).json().due === 0);
      const open = (await call(analyst, 'GET', '/api/screening/alerts?status=open')).json();
      assert.equal(open.items.filter((a: { subject: { id: string } }) => a.subject.id === personId).length, 0);
    });

    test("alerts of another case are invisible; victims' records are never screened", async () => {
      const otherCase = await caseWith(t, 'Synthetic other case', ['investigator', 'caseworker']);
      const person = (await call(investigator, 'POST', '/api/entities', { caseId: otherCase, schema: 'Person', properties: { name: [ZIDAN] } })).json();
      const alert = await until('the alert', async () => {
        const page = (await call(investigator, 'GET', `/api/screening/alerts?caseId=${otherCase}`)).json();
        return page.items[0];
      });
      assert.equal(alert.subject.id, person.id);
      assert.equal((await call(analyst, 'GET', `/api/screening/alerts/${alert.id}`)).statusCode, 404);
      assert.equal((await call(analyst, 'GET', `/api/screening/alerts?caseId=${otherCase}`)).statusCode, 404);
      const mine = (await call(analyst, 'GET', '/api/screening/alerts')).json();
      assert.ok(!mine.items.some((a: { id: string }) => a.id === alert.id));
    });

    test('duplicates across imports are proposed, merged, and the merge undone', async () => {
      const a = (await call(investigator, 'POST', '/api/entities', { caseId, schema: 'Person', properties: { name: ['Testperson Abdulrahman Synthetic'], birthDate: ['1980-02-03'] } })).json();
      const b = (await call(investigator, 'POST', '/api/entities', { caseId, schema: 'Person', properties: { name: ['Abd al-Rahman Testperson Synthetic'], birthDate: ['1980-02-03'] } })).json();
      const scan = await call(investigator, 'POST', '/api/duplicates/scan', {});
      assert.equal(scan.statusCode, 200, scan.body);
      const proposals = (await call(analyst, 'GET', '/api/duplicates?status=open')).json().items;
      const pair = proposals.find((p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].sort().join() === [a.id, b.id].sort().join());
      assert.ok(pair, JSON.stringify(proposals));
      assert.ok(pair.explanation.length > 0);
      assert.equal((await call(analyst, 'POST', `/api/duplicates/${pair.id}/decision`, { status: 'merged' })).statusCode, 403);
      const merged = await call(investigator, 'POST', `/api/duplicates/${pair.id}/decision`, { status: 'merged' });
      assert.equal(merged.json().status, 'merged', merged.body);
      const listed = (await call(analyst, 'GET', '/api/duplicates?status=merged')).json().items.find((p: { id: string }) => p.id === pair.id);
      assert.deepEqual([listed.a.id, listed.b.id], [pair.a.id, pair.b.id], 'each side keeps its own id after the merge');
      const undone = await call(investigator, 'POST', `/api/entities/${pair.b.id}/unmerge`);
      assert.equal(undone.statusCode, 200, undone.body);
      const reopened = (await call(analyst, 'GET', '/api/duplicates?status=open')).json().items;
      assert.ok(reopened.some((p: { id: string }) => p.id === pair.id));
      const rejected = await call(investigator, 'POST', `/api/duplicates/${pair.id}/decision`, { status: 'rejected' });
      assert.equal(rejected.json().status, 'rejected');
      await call(investigator, 'POST', '/api/duplicates/scan', {});
      const after = (await call(analyst, 'GET', '/api/duplicates?status=open')).json().items;
      assert.ok(!after.some((p: { id: string }) => p.id === pair.id), 'a rejected pair is not proposed again');
    });

    test('the designation dossier is a script-free HTML document and a PDF, and its export is journalled', async () => {
      const person = (await call(investigator, 'POST', '/api/entities', {
        caseId, schema: 'Person', properties: { name: ['Testperson <script>alert(1)</script> Omega'], alias: ['عبد الاختبار'], nationality: ['sy'] },
      })).json();
      const html = await call(investigator, 'GET', `/api/entities/${person.id}/dossier`);
      assert.equal(html.statusCode, 200, html.body);
      assert.match(html.headers['content-type'] as string, /text\/html/);
      assert.match(html.headers['content-security-policy'] as string, /default-src 'none'/);
      assert.ok(!html.body.includes('<script>alert(1)'));
      assert.ok(html.body.includes('عبد الاختبار'));
      const pdf = await call(investigator, 'GET', `/api/entities/${person.id}/dossier?format=pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal((await call(analyst, 'GET', `/api/entities/${person.id}/dossier`)).statusCode, 403);
      const journal = (await call(investigator, 'GET', `/api/entities/${person.id}/journal`)).json();
      assert.equal(journal.items.filter((e: { action: string }) => e.action === 'dossier.export').length, 2);
    });
  });
}
