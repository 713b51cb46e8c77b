/**
 * The monitoring API's data and analysis side on synthetic data: an HXL file imported (a bad row
 * refused with its row number, the rest stored) and seen in the trends; malformed files storing
 * nothing; incidents of a case seen only by its members; who may read and who may import; a
 * synthetic cluster found by the hot spot analysis (run in the worker thread); routes from HTCDS
 * movements with the change between two periods.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, backends, caseWith, openTestApp, system, type Signed, type TestApp } from './helpers.ts';

/** 2024-01 … 2024-03: 3, 2 and 12 verified incidents in Andorra; one row with an impossible date */
function hxlTrendsFile(): string {
  const rows = ['Event,Date,Country,Status', '#event+id,#date+occurred,#country+code,#status+verification'];
  const add = (n: number, date: string, status = 'verified') => { for (let i = 0; i < n; i++) rows.push(`E${rows.length},${date},AD,${status}`); };
  add(3, '2024-01-15');
  add(2, '2024-02-10');
  add(12, '2024-03-05');
  add(4, '2024-03-06', 'reported');
  rows.push('E-bad,2024-02-31,AD,verified');
  return `${rows.join('\n')}\n`;
}

/** 40 incidents in one spot (Testland cluster) over 4 months, and 20 single incidents scattered far apart */
function hxlClusterFile(): string {
  const rows = ['#event+id,#date+occurred,#country+code,#geo+lat,#geo+lon,#status+verification'];
  for (let i = 0; i < 40; i++) rows.push(`C${i},2023-0${1 + (i % 4)}-1${i % 9},AD,42.5063,1.5218,verified`);
  for (let i = 0; i < 20; i++) rows.push(`S${i},2023-0${1 + (i % 4)}-20,AD,${(10 + i * 2.5).toFixed(3)},${(20 + i * 3.1).toFixed(3)},verified`);
  return `${rows.join('\n')}\n`;
}

/** HTCDS events of synthetic cases: three go AD → LI (two in 2023, one in 2024), two LI → AX in 2024 */
function htcdsFile(): string {
  const rows = ['cas_Id,vic_TypeOfExploitation,hte_Type,hte_Date,hte_Country,con_Consent'];
  const route = (id: string, from: string, to: string, start: string, end: string) => {
    rows.push(`${id},ForcedLabour,Recruitment,${start},${from},true`, `${id},ForcedLabour,Exploitation,${end},${to},true`);
  };
  route('CASE-1', 'AD', 'LI', '2023-02-01', '2023-02-20');
  route('CASE-2', 'AD', 'LI', '2023-05-01', '2023-05-09');
  route('CASE-3', 'AD', 'LI', '2024-03-01', '2024-03-10');
  route('CASE-4', 'LI', 'AX', '2024-04-01', '2024-04-11');
  route('CASE-5', 'LI', 'AX', '2024-06-01', '2024-06-02');
  return `${rows.join('\n')}\n`;
}

for (const backend of backends) {
  describe(`monitoring data and analysis API (${backend})`, () => {
    let t: TestApp;
    let officer: Signed;
    let analyst: Signed;
    let caseId: string;

    before(async () => {
      // threshold 0: every hot spot analysis runs in the worker thread, so the test covers it
      t = await openTestApp(backend, { config: { monitoring: { defaultK: 5, hotspotWorkerThreshold: 0, maxImportBytes: 256 * 1024 } } });
      officer = await t.signIn('reporting_officer');
      analyst = await t.signIn('analyst');
      caseId = await caseWith(t, 'Synthetic monitoring case', ['investigator']);
      const person = await t.store.createEntity(system, { caseId, schema: 'Person', properties: { name: ['Person 17'], gender: ['female'] } }, { source: 'ui' });
      await t.store.recordConsent(system, { entityId: person.id, purpose: 'statistics', granted: true });
      await t.store.createEntity(system, {
        caseId, schema: 'Incident', properties: { name: ['Incident Testland'], date: ['2022-06-15'], country: ['ad'], verificationStatus: ['verified'], victims: [person.id] },
      }, { source: 'ui' });
    });
    after(async () => t.close());

    const upload = (who: Signed, body: string | Buffer, query: string, type = 'application/octet-stream') =>
      t.app.inject({ method: 'POST', url: `/api/monitoring/datasets?${query}`, headers: { ...as(who), 'content-type': type }, payload: body });
    const get = (who: Signed, url: string) => t.app.inject({ method: 'GET', url, headers: as(who) });
    const datasets = async () => (await get(officer, '/api/monitoring/datasets')).json().datasets as { id: string; kind: string; items: number }[];

    test('an HXL upload (kind detected) stores the good rows, answers the bad one by row, and shows in the trends', async () => {
      const res = await upload(officer, hxlTrendsFile(), 'fileName=testland-incidents.csv', 'text/csv');
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.dataset.kind, 'hxl');
      assert.equal(body.dataset.items, 21);
      assert.equal(body.dataset.fileName, 'testland-incidents.csv');
      assert.equal(body.problems.length, 1);
      assert.equal(body.problems[0].record, 24, 'the bad row is named by its line in the file');
      assert.ok((await datasets()).some((d) => d.id === body.dataset.id));

      const trends = await get(officer, '/api/monitoring/trends?from=2024-01-01&to=2024-04-30&step=month&countries=ad');
      assert.equal(trends.statusCode, 200, trends.body);
      assert.deepEqual(trends.json().series, [
        { period: '2024-01', count: 3, small: true },
        { period: '2024-02', count: 2, small: true },
        { period: '2024-03', count: 12, small: false },
        { period: '2024-04', count: 0, small: false },
      ]);
      assert.equal(trends.json().total, 17, 'only verified incidents by default');
      const all = await get(officer, '/api/monitoring/trends?from=2024-03-01&to=2024-03-31&step=month&verification=verified,reported');
      assert.equal(all.json().total, 16);

      const again = await upload(officer, hxlTrendsFile(), 'fileName=copy.csv');
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().dataset.id, body.dataset.id, 'the same file is one dataset');
      assert.ok(again.json().notes.some((n: string) => /imported before/.test(n)));
    });

    test('a malformed upload is a problem and stores nothing', async () => {
      const before = await datasets();
      const undetectable = await upload(officer, 'just,some,columns\n1,2,3\n', 'fileName=mystery.csv');
      assert.equal(undetectable.statusCode, 400, undetectable.body);
      assert.match(undetectable.headers['content-type'] as string, /problem\+json/);
      const noDate = await upload(officer, '#country,#affected\nAD,1\n', 'kind=hxl&fileName=no-date.csv');
      assert.equal(noDate.statusCode, 400, noDate.body);
      const allBad = await upload(officer, '#date,#country\n2024-13-45,AD\nnot a date,AD\n', 'kind=hxl&fileName=all-bad.csv');
      assert.equal(allBad.statusCode, 422, allBad.body);
      assert.equal(allBad.json().problems.length, 2);
      const notGeoJson = await upload(officer, '{"type":"FeatureCollection","features":', 'fileName=broken.geojson');
      assert.equal(notGeoJson.statusCode, 400, notGeoJson.body);
      const huge = await upload(officer, Buffer.alloc(300 * 1024, 0x41), 'kind=hxl&fileName=huge.csv');
      assert.equal(huge.statusCode, 413, huge.body);
      const badType = await upload(officer, '#date,#country\n2024-01-01,AD\n', 'fileName=x.csv', 'image/png');
      assert.equal(badType.statusCode, 415, badType.body);
      assert.deepEqual(await datasets(), before);
    });

    test("a case's incidents are seen by its members only", async () => {
      const url = '/api/monitoring/trends?from=2022-06-01&to=2022-06-30&step=month';
      assert.equal((await get(officer, url)).json().total, 0, 'not a member: the case incident is not counted');
      await t.store.addMember(system, caseId, t.users.reporting_officer.id);
      const member = await t.signIn('reporting_officer');
      assert.equal((await get(member, url)).json().total, 1, 'a member counts it');
      // reading the case's records for an analysis is journalled, per case, under the reader
      const reads = (await t.store.listJournal({ caseId }, { limit: 200 })).items.filter((e) => e.action === 'monitoring.analysis.read:incidents');
      assert.ok(reads.some((e) => e.actor === `user:${t.users.reporting_officer.id}`), JSON.stringify(reads.map((e) => e.actor)));
      assert.equal((await get(analyst, url)).json().total, 0, 'the analyst is still not a member');
      await t.store.removeMember(system, caseId, t.users.reporting_officer.id);
    });

    test('an analyst reads but cannot import or delete', async () => {
      assert.equal((await get(analyst, '/api/monitoring/datasets')).statusCode, 200);
      assert.equal((await get(analyst, '/api/monitoring/trends')).statusCode, 200);
      const res = await upload(analyst, hxlTrendsFile(), 'fileName=x.csv');
      assert.equal(res.statusCode, 403, res.body);
      const [first] = await datasets();
      const del = await t.app.inject({ method: 'DELETE', url: `/api/monitoring/datasets/${first!.id}`, headers: as(analyst) });
      assert.equal(del.statusCode, 403);
    });

    test('hot spots find a synthetic cluster, with its test and p-value', async () => {
      const imported = await upload(officer, hxlClusterFile(), 'fileName=cluster.csv');
      assert.equal(imported.statusCode, 201, imported.body);
      const res = await get(officer, '/api/monitoring/hotspots?resolution=6&step=month&from=2023-01-01&to=2023-04-30');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.worker, true);
      assert.deepEqual(body.steps, ['2023-01', '2023-02', '2023-03', '2023-04']);
      const top = [...body.cells].sort((a, b) => b.count - a.count)[0];
      assert.equal(top.count, 40);
      assert.equal(top.hot, 'hot-99');
      assert.ok(top.p < 0.01 && top.z > 2.58, `z ${top.z}, p ${top.p}`);
      assert.match(top.reason, /Gi\*/);
      assert.equal(typeof top.category, 'string');
      const lonely = body.cells.filter((c: { count: number }) => c.count === 1);
      assert.equal(lonely.length, 20);
      assert.ok(lonely.every((c: { hot: string; small: boolean }) => c.hot !== 'hot-99' && c.small));
      const bad = await get(officer, '/api/monitoring/hotspots?resolution=16');
      assert.equal(bad.statusCode, 400);
    });

    test('routes from HTCDS movements: flows, corridors and the change between two periods', async () => {
      const imported = await upload(officer, htcdsFile(), 'fileName=ngo-cases.csv');
      assert.equal(imported.statusCode, 201, imported.body);
      assert.equal(imported.json().dataset.kind, 'htcds');
      const res = await get(officer, '/api/monitoring/routes?level=country&from=2024-01-01&to=2024-12-31&compareFrom=2023-01-01&compareTo=2023-12-31');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.flows.map((f: { origin: string; destination: string; count: number }) => [f.origin, f.destination, f.count]), [['LI', 'AX', 2], ['AD', 'LI', 1]]);
      assert.ok(body.flows.every((f: { small: boolean }) => f.small));
      assert.deepEqual(body.corridors.map((c: { origin: string }) => c.origin), ['LI', 'AD']);
      const change = (o: string, d: string) => body.changes.find((c: { origin: string; destination: string }) => c.origin === o && c.destination === d);
      assert.deepEqual(change('LI', 'AX'), { origin: 'LI', destination: 'AX', before: 0, after: 2, change: 'new' });
      assert.equal(change('AD', 'LI').before, 2);
      assert.equal(change('AD', 'LI').after, 1);
      assert.equal(change('AD', 'LI').change, 'shrinking');
    });

    test('a dataset is deleted with its incidents', async () => {
      const list = await datasets();
      const hxl = list.find((d) => d.kind === 'hxl' && d.items === 21)!;
      const del = await t.app.inject({ method: 'DELETE', url: `/api/monitoring/datasets/${hxl.id}`, headers: as(officer) });
      assert.equal(del.statusCode, 204, del.body);
      assert.equal((await get(officer, '/api/monitoring/trends?from=2024-01-01&to=2024-03-31')).json().total, 0);
      const again = await t.app.inject({ method: 'DELETE', url: `/api/monitoring/datasets/${hxl.id}`, headers: as(officer) });
      assert.equal(again.statusCode, 404);
    });
  });
}
