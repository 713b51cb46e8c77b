/**
 * The monitoring publication API on synthetic data: tables released through the gate spend the
 * privacy budget in the ledger (and over-budget, k < 5 and racing releases are refused with
 * nothing spent), released tables as HXL CSV, reports built only of released tables (plus GLOTIP
 * figures as UNODC published them) as HTML and PDF, who may publish, a survivor's withdrawn
 * statistics consent taking their incident out of the next release, and releases and reports kept
 * by the store: a second server on the same store lists them and renders the same report.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Incident } from '@ariadne/monitoring/types';
import { loadModel } from '@ariadne/schema';
import { createServer, type ServerConfig } from '../src/index.ts';
import { as, backends, caseWith, openTestApp, PASSWORD, sessionCookie, system, type Signed, type TestApp } from './helpers.ts';

/** incidents of an imported (synthetic) dataset: `perMonth` verified incidents in each month of 2030-01 … 2030-03 */
function importedIncidents(perMonth: readonly number[]): Incident[] {
  return perMonth.flatMap((n, m) => Array.from({ length: n }, (_, i): Incident => ({
    id: `hxl:synthetic.csv#${m}-${i}`, source: 'hxl', date: `2030-0${m + 1}-${String((i % 27) + 1).padStart(2, '0')}`, place: { country: 'AQ' },
    category: 'tip:exploitation', forms: ['forced_labour'], verification: 'verified', victims: [{ sex: 'female', ageBand: '18+', count: 1 }],
  })));
}

const BUDGET_EPSILON = 4;
const MONITORING_CONFIG = { monitoring: { budgetEpsilon: BUDGET_EPSILON, budgetDelta: 1e-6, defaultK: 10 } } as const satisfies Partial<ServerConfig>;

/** Another server on the same store and vault, as after a restart: nothing of the first server's memory. */
async function restartedServer(t: TestApp) {
  const app = await createServer({
    store: t.store, model: loadModel(), evidence: { vault: t.vault, bundleDir: join(t.dir, 'bundles') },
    config: { version: '0.0.0-test', secureCookies: false, webRoot: null, bodyLimitBytes: 64 * 1024, ...MONITORING_CONFIG },
    sharing: { identity: t.identity, dir: join(t.dir, 'sharing') },
  });
  const signIn = async (username: string): Promise<Signed> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    return { cookie: sessionCookie(res), csrf: res.json().csrfToken as string };
  };
  return { app, signIn };
}

for (const backend of backends) {
  describe(`monitoring publication API (${backend})`, () => {
    let t: TestApp;
    let officer: Signed;
    let analyst: Signed;
    let caseId: string;
    const persons: string[] = [];
    const released: string[] = [];

    before(async () => {
      t = await openTestApp(backend, { config: MONITORING_CONFIG });
      caseId = await caseWith(t, 'Synthetic monitoring case', ['reporting_officer', 'analyst']);
      await t.store.saveDataset(system, { kind: 'hxl', fileName: 'synthetic.csv', sha256: createHash('sha256').update('synthetic.csv').digest('hex'), incidents: importedIncidents([40, 25, 3]) });
      // seven survivors in our own case, each counted by one incident of January 2031, each consenting to statistics
      for (let n = 1; n <= 7; n++) {
        const person = (await t.store.createEntity(system, { caseId, schema: 'Person', properties: { name: [`Person ${n}`], gender: ['female'] } }, { source: 'ui' })).id;
        await t.store.recordConsent(system, { entityId: person, purpose: 'statistics', granted: true });
        await t.store.createEntity(system, { caseId, schema: 'Incident', properties: { name: [`Incident ${n}`], date: [`2031-01-0${n}`], verificationStatus: ['verified'], victims: [person] } }, { source: 'ui' });
        persons.push(person);
      }
      await t.store.saveGlotip(system, {
        fileName: 'glotip-synthetic.xlsx', sha256: createHash('sha256').update('glotip-synthetic').digest('hex'),
        rows: [
          { record: 2, iso3: 'ATA', country: 'Antarctica', region: 'Synthetic', subregion: 'Synthetic', indicator: 'persons_prosecuted', dimension: 'total', category: 'Total', sex: 'total', age: 'total', year: 2029, value: 12 },
          { record: 3, iso3: 'ATA', country: 'Antarctica', region: 'Synthetic', subregion: 'Synthetic', indicator: 'persons_convicted', dimension: 'total', category: 'Total', sex: 'total', age: 'total', year: 2029, value: { censored: true, below: 5 } },
        ],
      });
      officer = await t.signIn('reporting_officer');
      analyst = await t.signIn('analyst');
    });
    after(async () => {
      await t.close();
    });

    const post = (who: Signed, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: as(who), payload: payload as object });
    const get = (who: Signed, url: string) => t.app.inject({ method: 'GET', url, headers: as(who) });
    const release = (payload: Record<string, unknown>, who: Signed = officer) => post(who, '/api/monitoring/releases', {
      table: 'incidents-by-period', title: 'Incidents by month, first quarter 2030', from: '2030-01', to: '2030-03', step: 'month', k: 5, ...payload,
    });
    const ledger = async () => {
      const res = await get(officer, '/api/monitoring/ledger');
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { entries: { epsilon: number; delta: number; k: number; query: string }[]; budget: { total: { epsilon: number }; spent: { epsilon: number }; remaining: { epsilon: number } } };
    };

    test('the catalogue lists the publishable tables with their HXL hashtags', async () => {
      const res = await get(analyst, '/api/monitoring/tables');
      assert.equal(res.statusCode, 200, res.body);
      const byPeriod = res.json().tables.find((x: { id: string }) => x.id === 'incidents-by-period');
      assert.deepEqual(byPeriod.dimensions, [{ name: 'period', hxl: '#date' }]);
    });

    test('a discrete Laplace release with ε = 1 is shown through the gate and the ledger shows 1 spent', async () => {
      const res = await release({ mechanism: 'discrete-laplace', epsilon: 1 });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.release.table, 'incidents-by-period');
      assert.deepEqual(body.release.cells.map((c: { key: { period: string } }) => c.key.period), ['2030-01', '2030-02', '2030-03']);
      for (const cell of body.release.cells) {
        if (cell.suppressed) assert.equal(cell.value, null);
        else assert.ok(Number.isInteger(cell.value) && cell.value >= 5, `a shown value is never below k (${cell.value})`);
      }
      assert.deepEqual({ k: body.release.note.k, mechanism: body.release.note.mechanism, epsilon: body.release.note.epsilon }, { k: 5, mechanism: 'discrete-laplace', epsilon: 1 });
      assert.deepEqual(body.budget, { total: { epsilon: BUDGET_EPSILON, delta: 1e-6 }, spent: { epsilon: 1, delta: 0 }, remaining: { epsilon: 3, delta: 1e-6 } });
      released.push(body.release.id);

      const book = await ledger();
      assert.equal(book.entries.length, 1);
      assert.equal(book.entries[0]!.epsilon, 1);
      assert.match(book.entries[0]!.query, /^incidents-by-period: 2030-01-01 to 2030-03-31 by month/);
      assert.equal(book.budget.spent.epsilon, 1);

      // shown again: the same cells, no budget spent
      const again = await get(analyst, `/api/monitoring/releases/${body.release.id}`);
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(again.json().release.cells, body.release.cells);
      assert.equal((await ledger()).entries.length, 1);

      const list = await get(analyst, '/api/monitoring/releases');
      assert.equal(list.statusCode, 200, list.body);
      // the table and step come from the stored release, not from the ledger's query text
      assert.deepEqual(list.json().releases.map((r: { id: string; cells: number; table: string; step: string }) => [r.id, r.cells, r.table, r.step]), [[body.release.id, 3, 'incidents-by-period', 'month']]);
      assert.equal(again.json().release.step, 'month');

      const journal = await t.store.listJournal({}, { limit: 200 });
      for (const action of ['monitoring.release', 'monitoring.release.read', 'monitoring.release.list', 'monitoring.ledger.read']) {
        assert.ok(journal.items.some((e) => e.action === action), action);
      }
    });

    test('a release over the budget is 409 with the budget left, and the ledger is unchanged', async () => {
      const res = await release({ mechanism: 'discrete-laplace', epsilon: 3.5 });
      assert.equal(res.statusCode, 409, res.body);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.json().budget.remaining.epsilon, 3);
      assert.equal((await ledger()).entries.length, 1);
    });

    test('k = 4 and inconsistent parameters are refused, nothing spent', async () => {
      const small = await release({ mechanism: 'discrete-laplace', epsilon: 1, k: 4 });
      assert.equal(small.statusCode, 400, small.body);
      const exactWithEpsilon = await release({ mechanism: 'none', epsilon: 1 });
      assert.equal(exactWithEpsilon.statusCode, 400, exactWithEpsilon.body);
      const unknownTable = await release({ table: 'names-of-victims', mechanism: 'none' });
      assert.equal(unknownTable.statusCode, 400, unknownTable.body);
      const book = await ledger();
      assert.equal(book.entries.length, 1);
      assert.equal(book.budget.spent.epsilon, 1);
    });

    test('two concurrent releases that together exceed the budget: exactly one succeeds', async () => {
      const [a, b] = await Promise.all([
        release({ mechanism: 'discrete-laplace', epsilon: 2, title: 'Racing release A' }),
        release({ mechanism: 'discrete-laplace', epsilon: 2, title: 'Racing release B' }),
      ]);
      assert.deepEqual([a!.statusCode, b!.statusCode].sort(), [201, 409], `${a!.body} / ${b!.body}`);
      const winner = a!.statusCode === 201 ? a! : b!;
      released.push(winner.json().release.id);
      const book = await ledger();
      assert.equal(book.entries.length, 2);
      assert.equal(book.budget.spent.epsilon, 3);
      assert.equal(book.budget.remaining.epsilon, 1);
    });

    test('an analyst reads releases but cannot publish, see the ledger or make a report', async () => {
      assert.equal((await release({ mechanism: 'none' }, analyst)).statusCode, 403);
      assert.equal((await get(analyst, '/api/monitoring/ledger')).statusCode, 403);
      assert.equal((await post(analyst, '/api/monitoring/reports', { kind: 'thematic', title: 'x', from: '2030-01', to: '2030-03', language: 'en', releases: released })).statusCode, 403);
      assert.equal((await get(analyst, `/api/monitoring/releases/${released[0]}/hxl`)).statusCode, 200);
    });

    test('a released table downloads as HXL-tagged CSV with its hashtag row', async () => {
      const res = await get(officer, `/api/monitoring/releases/${released[0]}/hxl`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), /^attachment;/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const lines = res.body.split('\r\n');
      assert.equal(lines[1], '"#date+month","#event+num","#meta+note"');
      assert.equal(lines.filter((l) => l.startsWith('"2030-')).length, 3);
      assert.equal((await get(officer, '/api/monitoring/releases/mr_missing/hxl')).statusCode, 404);
    });

    test('a report holds only released tables (notes shown, no count below k) and GLOTIP figures as published; HTML and PDF', async () => {
      const made = await post(officer, '/api/monitoring/reports', {
        kind: 'thematic', title: 'Testland monitoring, first quarter 2030', from: '2030-01', to: '2030-03', language: 'en',
        releases: released, glotip: { country: 'AQ', fromYear: 2029, toYear: 2029 },
      });
      assert.equal(made.statusCode, 201, made.body);
      const report = made.json().report;
      assert.deepEqual(report.releases, released);

      const html = await get(analyst, `/api/monitoring/reports/${report.id}/html`);
      assert.equal(html.statusCode, 200, html.body);
      assert.match(String(html.headers['content-type']), /^text\/html/);
      assert.match(String(html.headers['content-security-policy']), /default-src 'none'/);
      assert.equal(html.headers['cache-control'], 'no-store');
      const page = html.body;
      assert.equal(page.match(/<p class="note">/g)?.length, 3, 'a disclosure note per table: two releases and GLOTIP');
      assert.ok(page.includes('Counts below 5 are suppressed.'));
      assert.match(page, /ε = 1\b/);
      assert.match(page, /ε = 2\b/);
      assert.ok(page.includes('UNODC'), 'GLOTIP figures name their source');
      assert.ok(page.includes('&lt;5'), 'a censored GLOTIP figure stays "<5"');
      const shown = [...page.matchAll(/<td class="num">([\d,]+)<\/td>/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
      assert.ok(shown.length > 0);
      // GLOTIP's 12 is UNODC's own published figure; every other figure passed the gate with k = 5
      for (const value of shown) assert.ok(value >= 5, `no count below k in the report (${value})`);
      assert.equal(page.includes('<script'), false);

      const pdf = await get(analyst, `/api/monitoring/reports/${report.id}/pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(String(pdf.headers['content-disposition']), /^attachment;.*\.pdf"/);
      assert.equal(pdf.headers['cache-control'], 'no-store');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');

      const list = await get(analyst, '/api/monitoring/reports');
      assert.deepEqual(list.json().reports.map((r: { id: string; kind: string }) => [r.id, r.kind]), [[report.id, 'thematic']]);
    });

    test('reports and releases survive a restart: a second server on the same store lists them and renders the same report', async () => {
      const made = await post(officer, '/api/monitoring/reports', {
        kind: 'country', title: 'Antarctica (synthetic) profile, 2030', from: '2030-01', to: '2030-03', country: 'AQ', language: 'fr', releases: [...released].reverse(),
      });
      assert.equal(made.statusCode, 201, made.body);
      const report = made.json().report;
      const html = (await get(officer, `/api/monitoring/reports/${report.id}/html`)).body;
      const pdf = (await get(officer, `/api/monitoring/reports/${report.id}/pdf`)).rawPayload;
      const listed = (await get(officer, '/api/monitoring/reports')).json().reports;

      const second = await restartedServer(t);
      try {
        const reader = await second.signIn('analyst');
        const read = (url: string) => second.app.inject({ method: 'GET', url, headers: as(reader) });
        const reports = await read('/api/monitoring/reports');
        assert.equal(reports.statusCode, 200, reports.body);
        assert.deepEqual(reports.json().reports, listed, 'every report, newest first, as the first server listed them');
        assert.equal(reports.json().reports[0].id, report.id);
        const again = await read(`/api/monitoring/reports/${report.id}/html`);
        assert.equal(again.statusCode, 200, again.body);
        assert.equal(again.body, html, 'rendered from the stored definition and releases: the same page');
        assert.ok(again.body.includes('Antarctica (synthetic) profile, 2030'));
        const againPdf = await read(`/api/monitoring/reports/${report.id}/pdf`);
        assert.equal(againPdf.statusCode, 200);
        assert.ok(againPdf.rawPayload.equals(pdf), 'the same PDF bytes');
        const releases = (await read('/api/monitoring/releases')).json().releases as { id: string; table: string; step: string }[];
        for (const id of released) {
          assert.deepEqual(releases.filter((r) => r.id === id).map((r) => [r.table, r.step]), [['incidents-by-period', 'month']]);
          const one = await read(`/api/monitoring/releases/${id}`);
          assert.deepEqual([one.json().release.table, one.json().release.step], ['incidents-by-period', 'month']);
        }
        assert.equal((await read('/api/monitoring/reports/rep_missing/html')).statusCode, 404);
      } finally {
        await second.app.close();
      }
    });

    test('a report naming an unknown release, or a country profile without its country, is refused', async () => {
      const base = { kind: 'thematic', title: 'Testland', from: '2030-01', to: '2030-03', language: 'fr' };
      const before = (await get(officer, '/api/monitoring/reports')).json().reports.length;
      const unknown = await post(officer, '/api/monitoring/reports', { ...base, releases: ['mr_missing'] });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.ok(unknown.json().errors['releases[0]']);
      const repeated = await post(officer, '/api/monitoring/reports', { ...base, releases: [released[0], released[0]] });
      assert.equal(repeated.statusCode, 400, repeated.body);
      const profile = await post(officer, '/api/monitoring/reports', { ...base, kind: 'country', releases: released });
      assert.equal(profile.statusCode, 400, profile.body);
      assert.equal((await get(officer, '/api/monitoring/reports')).json().reports.length, before, 'nothing stored for a refused report');
      const ok = await post(officer, '/api/monitoring/reports', { ...base, kind: 'country', country: 'AQ', language: 'ar', releases: [released[0]] });
      assert.equal(ok.statusCode, 201, ok.body);
      const html = await get(officer, `/api/monitoring/reports/${ok.json().report.id}/html`);
      assert.match(html.body, /dir="rtl"/);
    });

    test('a survivor whose statistics consent is withdrawn after a release is absent from the next release', async () => {
      const january2031 = { from: '2031-01', to: '2031-01', mechanism: 'none', title: 'Our cases, January 2031' };
      const first = await release(january2031);
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(first.json().release.cells, [{ key: { period: '2031-01' }, value: 7, suppressed: false }]);

      await t.store.recordConsent(system, { entityId: persons[0]!, purpose: 'statistics', granted: false });
      const next = await release(january2031);
      assert.equal(next.statusCode, 201, next.body);
      assert.deepEqual(next.json().release.cells, [{ key: { period: '2031-01' }, value: 6, suppressed: false }]);

      // what was published before stays as it was published
      const earlier = await get(officer, `/api/monitoring/releases/${first.json().release.id}`);
      assert.equal(earlier.json().release.cells[0].value, 7);
      // each release read the case's victims' records: journalled per case
      const reads = (await t.store.listJournal({ caseId }, { limit: 500 })).items.filter((e) => e.action === 'monitoring.release.read:incidents');
      assert.ok(reads.length >= 2, `${reads.length} journalled case reads`);
    });
  });
}
