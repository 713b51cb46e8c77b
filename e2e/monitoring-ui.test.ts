/**
 * Browser end-to-end test of monitoring and reporting (issue 7: "an officer can load data, see
 * routes and hotspots, and publish a report from the UI, every published number passes the
 * publication gate"), on a real server and store (see helpers.ts).
 *
 * A reporting officer uploads two synthetic files (e2e/fixtures/monitoring-fixtures.ts made them):
 * HXL-tagged incidents over 24 months in Iraq, Nigeria and Sudan with a planted cluster of seven
 * H3 cells in Nigeria and two malformed rows, and HTCDS trafficking events whose cases form four
 * corridors. The officer reads the refused rows' lines, sees the trend chart and its table, the
 * map (its canvas drawn) and the hot spot table listing every planted cell as a 99% hot spot, the
 * corridors and how they changed from 2024 to 2025; publishes a table through the gate (discrete
 * Laplace, ε = 1, k = 10) and reads it with its disclosure note and no shown value below 10; sees
 * the budget go down; is refused a release over the budget (by the form, and by the server when
 * a colleague spent the budget meanwhile); writes a report and downloads its PDF and opens its
 * HTML, both carrying the note. An analyst (monitoring:read only) sees no Publish tab, gets the
 * forbidden page and a 403. The dashboard reads right to left in Arabic and fits a phone.
 *
 * Needs what web-ui.test.ts needs: the built app and /usr/bin/chromium. No timing assertions.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { UserRecord } from '@ariadne/store';
import {
  assertPrerequisites, closeEach, launchBrowser, messages, msg, screenshot, signIn, startBackend, type E2eBackend, type E2eBrowser,
} from './helpers.ts';
import {
  BAD_LINES, CLUSTER, FIXTURES_DIR, INCIDENTS_FILE, incidentsCsv, PERIOD, ROUTE_CODES, ROUTES_FILE, routesCsv,
} from './fixtures/monitoring-fixtures.ts';

const en = messages('en');
const ar = messages('ar');
const K = 10;
/** the server's default total budget (monitoring-settings.ts): ε = 5 */
const BUDGET_EPSILON = 5;
const RELEASE_TITLE = 'Synthetic incidents by category, 2024-2025';
const REPORT_TITLE = 'Synthetic thematic report 2024-2025';

const incidentsText = readFileSync(join(FIXTURES_DIR, INCIDENTS_FILE), 'utf8');
const routesText = readFileSync(join(FIXTURES_DIR, ROUTES_FILE), 'utf8');

let backend: E2eBackend | undefined;
let browser: E2eBrowser | undefined;
let page: Page;
let officer: UserRecord;
let analyst: UserRecord;
let releaseId = '';
const pageErrors: string[] = [];

function url(path: string): string {
  return new URL(path, backend!.base).toString();
}

/** GET through the browser's own session (its cookies) */
async function apiGet<T>(path: string): Promise<T> {
  const answer = await browser!.context.request.get(url(path));
  assert.equal(answer.status(), 200, `${path}: ${await answer.text()}`);
  return (await answer.json()) as T;
}

async function csrf(): Promise<string> {
  return (await apiGet<{ csrfToken: string }>('/api/auth/me')).csrfToken;
}

interface Budget { total: { epsilon: number }; spent: { epsilon: number }; remaining: { epsilon: number } }

/** A number as the page shows it in English ("1,234"), read back. */
function numberIn(text: string): number {
  const m = /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  assert.ok(m, `no number in "${text}"`);
  return Number(m[0].replace(/,/g, ''));
}

/** The ε the budget summary shows for total, spent or remaining ("ε 4 · δ 0"). */
async function budgetShown(name: 'total' | 'spent' | 'remaining'): Promise<number> {
  const text = (await page.getByTestId('budget').locator(`.monitoring-budget-item.${name} dd`).textContent()) ?? '';
  const m = /ε\s*([\d.,]+)/.exec(text);
  assert.ok(m, `no ε in the ${name} budget: "${text}"`);
  return Number(m[1]!.replace(',', '.'));
}

/** The texts of a table row's cells, trimmed. */
async function cellsOf(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allTextContents()).map((t) => t.trim());
}

function monitoringTab(p: Page, key: string, messagesOf = en): Locator {
  return p.getByRole('navigation', { name: msg(messagesOf, 'monitoring.sections') }).getByRole('link', { name: msg(messagesOf, key), exact: true });
}

describe('monitoring and reporting (Chromium)', { timeout: 600_000 }, () => {
  before(async () => {
    assertPrerequisites();
    const started = await Promise.allSettled([
      startBackend().then(async (b) => {
        backend = b;
        officer = await b.createUser('e2e-mon-officer', 'Synthetic Reporting Officer', ['reporting_officer']);
        analyst = await b.createUser('e2e-mon-analyst', 'Synthetic Analyst', ['analyst']);
      }),
      launchBrowser().then((b) => { browser = b; }),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    page = browser!.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // the analyses and imports of a few hundred records take a moment on 2 shared cores
    browser!.context.setDefaultTimeout(30_000);
    await signIn(page, backend!.base, officer);
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  after(() => closeEach([['browser', () => browser?.close()], ['backend', () => backend?.close()]]));

  test('the committed fixtures are what the generator writes (the constants below describe them)', () => {
    assert.equal(incidentsText, incidentsCsv().text);
    assert.equal(routesText, routesCsv().text);
    assert.match(incidentsText, /^SYNTHETIC TEST DATA/);
    assert.equal(CLUSTER.cells.length, 7);
  });

  test('the officer uploads the incidents and the routes and reads which rows were refused', async () => {
    await page.getByRole('navigation').getByRole('link', { name: msg(en, 'nav.monitoring'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: msg(en, 'monitoring.title') }).waitFor();
    await monitoringTab(page, 'monitoring.nav.data').click();
    await page.getByRole('heading', { level: 1, name: msg(en, 'monitoring.data.title') }).waitFor();
    await page.getByText(msg(en, 'monitoring.data.none')).waitFor();

    // the HXL file: kind detected from its hashtag row
    await page.getByTestId('monitoring-drop-input').setInputFiles({ name: INCIDENTS_FILE, mimeType: 'text/csv', buffer: Buffer.from(incidentsText) });
    await page.getByTestId('monitoring-file').filter({ hasText: INCIDENTS_FILE }).waitFor();
    await page.getByRole('button', { name: msg(en, 'monitoring.data.import'), exact: true }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 120_000 });
    const good = incidentsCsv().goodRecords;
    assert.match((await result.locator('strong').first().textContent()) ?? '', new RegExp(`${good.toLocaleString('en')}\\b[^\\d]*\\b2\\b`), 'items and problems counted');
    const problems = result.locator('.monitoring-problems li');
    assert.equal(await problems.count(), 2);
    const impossible = (await problems.nth(0).textContent()) ?? '';
    assert.ok(impossible.startsWith(msg(en, 'monitoring.data.row').replace('{row}', String(BAD_LINES.impossibleDate))), impossible);
    assert.match(impossible, /2025-02-30/);
    const unknown = (await problems.nth(1).textContent()) ?? '';
    assert.ok(unknown.startsWith(msg(en, 'monitoring.data.row').replace('{row}', String(BAD_LINES.unknownCountry))), unknown);
    assert.match(unknown, /Testland/);
    await screenshot(page, 'monitoring-import');

    // the HTCDS file, its kind chosen explicitly
    await page.getByTestId('monitoring-drop-input').setInputFiles({ name: ROUTES_FILE, mimeType: 'text/csv', buffer: Buffer.from(routesText) });
    await page.getByTestId('monitoring-file').filter({ hasText: ROUTES_FILE }).waitFor();
    await page.getByLabel(msg(en, 'monitoring.data.kind'), { exact: true }).selectOption('htcds');
    await page.getByRole('button', { name: msg(en, 'monitoring.data.import'), exact: true }).click();
    await page.getByTestId('import-result').filter({ hasNotText: 'Testland' }).waitFor({ timeout: 120_000 });

    const table = page.getByTestId('dataset-table');
    await table.getByRole('row').filter({ hasText: ROUTES_FILE }).waitFor();
    await table.getByRole('row').filter({ hasText: INCIDENTS_FILE }).waitFor();
    const api = await apiGet<{ datasets: { fileName: string; kind: string; items: number; problems: number }[] }>('/api/monitoring/datasets');
    const byName = new Map(api.datasets.map((d) => [d.fileName, d]));
    assert.deepEqual({ kind: byName.get(INCIDENTS_FILE)?.kind, items: byName.get(INCIDENTS_FILE)?.items, problems: byName.get(INCIDENTS_FILE)?.problems }, { kind: 'hxl', items: good, problems: 2 });
    assert.equal(byName.get(ROUTES_FILE)?.kind, 'htcds');
    assert.equal(byName.get(ROUTES_FILE)?.problems, 0);
    assert.deepEqual(pageErrors, []);
  });

  test('the dashboard shows the trend, the map with the planted hot spot, and the corridors', async () => {
    await monitoringTab(page, 'monitoring.nav.dashboard').click();
    await page.getByRole('heading', { level: 1, name: msg(en, 'monitoring.title') }).waitFor();
    const filters = page.getByRole('form', { name: msg(en, 'monitoring.filters.title') });
    await filters.getByLabel(msg(en, 'monitoring.filters.from'), { exact: true }).fill(PERIOD.from);
    await filters.getByLabel(msg(en, 'monitoring.filters.to'), { exact: true }).fill(PERIOD.to);
    await filters.getByRole('button', { name: msg(en, 'monitoring.filters.apply'), exact: true }).click();

    // trends: the chart is named, and its table has one row per month of the 24
    const trends = await apiGet<{ series: { period: string; count: number }[]; total: number }>(`/api/monitoring/trends?from=${PERIOD.from}&to=${PERIOD.to}&step=month`);
    assert.equal(trends.series.length, 24);
    const trendTable = page.locator('.monitoring-trend-table table');
    await trendTable.locator('tbody tr').nth(23).waitFor();
    assert.equal(await trendTable.locator('tbody tr').count(), 24);
    await page.getByRole('img', { name: msg(en, 'monitoring.trends.chartTitle') }).waitFor();
    const last = trends.series[23]!;
    const lastRow = trendTable.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: last.period, exact: true }) });
    assert.equal(numberIn((await lastRow.locator('td').textContent()) ?? ''), last.count);
    const first = trends.series[0]!;
    assert.ok(last.count > first.count, 'the planted cluster lifts the last months');

    // the map: drawn on a canvas, with a hexagon per analysed cell
    const map = page.locator('[data-testid="monitoring-map"][data-status="ready"]');
    await map.waitFor({ timeout: 60_000 });
    await map.locator('.monitoring-map-canvas canvas').first().waitFor();
    const hotspots = await apiGet<{ cells: { cell: string; hot: string; category: string }[] }>(`/api/monitoring/hotspots?from=${PERIOD.from}&to=${PERIOD.to}&resolution=6&step=month`);
    const summaryId = await map.locator('.monitoring-map-canvas').getAttribute('aria-describedby');
    const summary = page.locator(`[id="${summaryId}"]`);
    await summary.filter({ hasText: hotspots.cells.length.toLocaleString('en') }).waitFor();
    assert.equal(numberIn((await summary.textContent()) ?? ''), hotspots.cells.length);
    const box = await map.locator('.monitoring-map-canvas canvas').first().boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the map canvas has a size: ${JSON.stringify(box)}`);

    // the hot spot table lists every planted cell as a hot spot at 99% confidence, with its class
    const hotTable = page.getByTestId('hotspot-table');
    await hotTable.waitFor();
    for (const cell of CLUSTER.cells) {
      const row = hotTable.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: cell, exact: true }) });
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      assert.ok(text.includes(msg(en, 'monitoring.hot.hot-99')), `cell ${cell} is a 99% hot spot: ${text}`);
      const fromApi = hotspots.cells.find((c) => c.cell === cell);
      assert.equal(fromApi?.hot, 'hot-99', `API: ${JSON.stringify(fromApi)}`);
      assert.match(fromApi!.category, /hot spot/, 'an emerging hot spot class');
    }
    const plantedOnly = hotspots.cells.filter((c) => c.hot.startsWith('hot-')).map((c) => c.cell).sort();
    assert.deepEqual(plantedOnly, [...CLUSTER.cells].sort(), 'the scattered background has no hot spot');
    await screenshot(page, 'monitoring-dashboard');

    // routes: the corridors of the period, largest first, small ones marked
    const corridors = page.getByTestId('corridor-table');
    await corridors.waitFor();
    const rows = corridors.locator('tbody tr');
    assert.equal(await rows.count(), ROUTE_CODES.length);
    assert.deepEqual(await cellsOf(rows.nth(0)), ['Nigeria', 'Libya', '44'], 'Nigeria to Libya, largest: 18 + 26 persons');
    const smallRow = rows.filter({ hasText: 'Türkiye' });
    assert.equal(await smallRow.locator('.monitoring-small-badge').count(), 1, 'a corridor of 4 persons is marked small');
    assert.deepEqual(pageErrors, []);
  });

  test('corridors compared between 2024 and 2025: a new one, a growing one, a shrinking one', async () => {
    const filters = page.getByRole('form', { name: msg(en, 'monitoring.filters.title') });
    await filters.getByLabel(msg(en, 'monitoring.filters.from'), { exact: true }).fill('2025-01-01');
    await filters.getByLabel(msg(en, 'monitoring.filters.to'), { exact: true }).fill('2025-12-31');
    await filters.getByRole('button', { name: msg(en, 'monitoring.filters.apply'), exact: true }).click();
    await page.getByLabel(msg(en, 'monitoring.routes.compareFrom'), { exact: true }).fill('2024-01-01');
    await page.getByLabel(msg(en, 'monitoring.routes.compareTo'), { exact: true }).fill('2024-12-31');
    const changes = page.getByTestId('change-table');
    await changes.waitFor();
    const row = (origin: string) => changes.locator('tbody tr').filter({ hasText: origin });
    await row('South Sudan').filter({ hasText: msg(en, 'monitoring.change.new') }).waitFor();
    await row('Nigeria').filter({ hasText: msg(en, 'monitoring.change.growing') }).waitFor();
    await row('Eritrea').filter({ hasText: msg(en, 'monitoring.change.shrinking') }).waitFor();
    assert.deepEqual(await cellsOf(row('South Sudan')), ['South Sudan', 'Sudan', '0', '15', msg(en, 'monitoring.change.new')]);
    await screenshot(page, 'monitoring-routes-change');
    assert.deepEqual(pageErrors, []);
  });

  test('the officer publishes a table through the gate: note, no value below k, the budget spent', async () => {
    await monitoringTab(page, 'monitoring.nav.publish').click();
    await page.getByRole('heading', { level: 1, name: msg(en, 'monitoring.publish.title') }).waitFor();
    await page.getByTestId('budget').waitFor();
    assert.equal(await budgetShown('total'), BUDGET_EPSILON);
    assert.equal(await budgetShown('spent'), 0);

    const form = page.getByRole('form', { name: msg(en, 'monitoring.release.formTitle') });
    await form.getByLabel(msg(en, 'monitoring.release.table'), { exact: true }).selectOption('incidents-by-category');
    await form.getByLabel(msg(en, 'monitoring.release.title'), { exact: true }).fill(RELEASE_TITLE);
    await form.getByLabel(msg(en, 'monitoring.filters.from'), { exact: true }).fill(PERIOD.from);
    await form.getByLabel(msg(en, 'monitoring.filters.to'), { exact: true }).fill(PERIOD.to);
    await form.getByLabel(msg(en, 'monitoring.step'), { exact: true }).selectOption('year');
    await form.getByLabel(msg(en, 'monitoring.release.k'), { exact: true }).fill(String(K));
    await form.getByRole('radio', { name: msg(en, 'monitoring.mechanism.discrete-laplace') }).check();
    await form.getByLabel(msg(en, 'monitoring.release.epsilon'), { exact: true }).fill('1');
    await form.getByRole('button', { name: msg(en, 'monitoring.release.submit'), exact: true }).click();

    const view = page.getByTestId('release-view');
    await view.or(page.getByTestId('release-error')).or(form.locator('.field-error')).first().waitFor({ timeout: 60_000 });
    if ((await page.getByTestId('release-error').count()) > 0) assert.fail(`the release failed: ${await page.getByTestId('release-error').first().textContent()}`);
    assert.equal(await form.locator('.field-error').count(), 0, `the form refused: ${(await form.locator('.field-error').allTextContents()).join('; ')}`);
    await view.getByRole('heading', { name: RELEASE_TITLE }).waitFor();
    const note = (await view.getByTestId('release-note').textContent()) ?? '';
    assert.match(note, /\b10\b/, `the note names k: ${note}`);
    assert.match(note, /Laplace/i, `the note names the mechanism: ${note}`);
    assert.match(note, /ε\s*=?\s*1\b/, `the note names ε: ${note}`);

    // every value shown passed the gate: none below k; suppressed cells show a word, not a number
    const valueCells = view.locator('tbody tr td.num');
    const shown = await valueCells.allTextContents();
    assert.ok(shown.length > 0);
    const suppressedWord = msg(en, 'monitoring.release.suppressed');
    const numbers = shown.filter((s) => s.trim() !== suppressedWord).map(numberIn);
    assert.ok(numbers.length > 0, 'some counts are released');
    assert.ok(shown.some((s) => s.trim() === suppressedWord), 'small cells are suppressed');
    for (const value of numbers) assert.ok(value >= K, `a shown value below k: ${value}`);

    // the same release from the API: the values shown are the gate's, and the budget went down by ε = 1
    const releases = await apiGet<{ releases: { id: string; title: string; cells: number; suppressed: number }[] }>('/api/monitoring/releases');
    const listed = releases.releases.find((r) => r.title === RELEASE_TITLE);
    assert.ok(listed);
    releaseId = listed.id;
    const { release } = await apiGet<{ release: { cells: { value: number | null; suppressed: boolean }[]; note: { k: number; mechanism: string; epsilon: number } } }>(`/api/monitoring/releases/${releaseId}`);
    assert.deepEqual({ k: release.note.k, mechanism: release.note.mechanism, epsilon: release.note.epsilon }, { k: K, mechanism: 'discrete-laplace', epsilon: 1 });
    assert.equal(numbers.length, release.cells.filter((c) => !c.suppressed).length);
    for (const c of release.cells) assert.ok(c.suppressed ? c.value === null : c.value! >= K, JSON.stringify(c));
    assert.equal(await budgetShown('spent'), 1);
    assert.equal(await budgetShown('remaining'), BUDGET_EPSILON - 1);
    await page.getByTestId('release-table').getByRole('row').filter({ hasText: RELEASE_TITLE }).waitFor();
    await screenshot(page, 'monitoring-release');
    assert.deepEqual(pageErrors, []);
  });

  test('a release over the budget is refused: by the form, and by the server when the budget went meanwhile', async () => {
    const form = page.getByRole('form', { name: msg(en, 'monitoring.release.formTitle') });
    await form.getByLabel(msg(en, 'monitoring.release.title'), { exact: true }).fill('Synthetic over-budget release');
    await form.getByLabel(msg(en, 'monitoring.release.epsilon'), { exact: true }).fill('10');
    await form.getByRole('button', { name: msg(en, 'monitoring.release.submit'), exact: true }).click();
    await form.getByText(msg(en, 'monitoring.error.overBudget')).waitFor();
    assert.equal(await form.getByLabel(msg(en, 'monitoring.release.epsilon'), { exact: true }).getAttribute('aria-invalid'), 'true');

    // a colleague spends 3 of the 4 left through the API; this page still believes 4 are left
    const spent = await browser!.context.request.post(url('/api/monitoring/releases'), {
      headers: { 'X-CSRF-Token': await csrf() },
      data: { table: 'incidents-by-form', from: PERIOD.from, to: PERIOD.to, step: 'year', k: K, mechanism: 'discrete-laplace', epsilon: 3, title: 'Synthetic release by a colleague' },
    });
    assert.equal(spent.status(), 201, await spent.text());
    await form.getByLabel(msg(en, 'monitoring.release.epsilon'), { exact: true }).fill('2');
    await form.getByRole('button', { name: msg(en, 'monitoring.release.submit'), exact: true }).click();
    const refusal = page.getByTestId('over-budget');
    await refusal.waitFor();
    assert.ok(((await refusal.textContent()) ?? '').includes(msg(en, 'monitoring.release.overBudget')));
    assert.equal(await refusal.getAttribute('role'), 'alert');
    const ledger = await apiGet<{ entries: { query: string; epsilon: number }[]; budget: Budget }>('/api/monitoring/ledger');
    assert.equal(ledger.entries.length, 2, 'nothing was released by the refused requests');
    assert.equal(ledger.budget.spent.epsilon, 4);
    await screenshot(page, 'monitoring-over-budget');
    assert.deepEqual(pageErrors, []);
  });

  test('the officer writes a report of the release, downloads its PDF and opens its HTML', async () => {
    await page.reload();
    const form = page.getByRole('form', { name: msg(en, 'monitoring.report.formTitle') });
    await form.waitFor();
    await form.getByLabel(msg(en, 'monitoring.report.title'), { exact: true }).fill(REPORT_TITLE);
    await form.getByLabel(msg(en, 'monitoring.filters.from'), { exact: true }).fill(PERIOD.from);
    await form.getByLabel(msg(en, 'monitoring.filters.to'), { exact: true }).fill(PERIOD.to);
    await form.getByRole('checkbox', { name: RELEASE_TITLE }).check();
    await form.getByRole('button', { name: msg(en, 'monitoring.report.submit'), exact: true }).click();
    await form.getByRole('status').filter({ hasText: REPORT_TITLE }).waitFor({ timeout: 60_000 });

    const reports = page.getByTestId('report-table');
    const row = reports.getByRole('row').filter({ hasText: REPORT_TITLE });
    await row.waitFor();
    const { release } = await apiGet<{ release: { note: { text: string } } }>(`/api/monitoring/releases/${releaseId}`);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      row.getByRole('link', { name: msg(en, 'monitoring.report.pdfNamed').replace('{title}', REPORT_TITLE) }).click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(download.suggestedFilename(), /\.pdf$/);

    const [html] = await Promise.all([
      browser!.context.waitForEvent('page'),
      row.getByRole('link', { name: msg(en, 'monitoring.report.openHtmlNamed').replace('{title}', REPORT_TITLE) }).click(),
    ]);
    await html.waitForLoadState();
    await html.getByRole('heading', { name: REPORT_TITLE }).first().waitFor();
    const body = (await html.locator('body').textContent()) ?? '';
    assert.ok(body.includes(release.note.text) || /suppress/i.test(body), 'the report carries the disclosure note');
    assert.match(body, new RegExp(`\\b${K}\\b`));
    assert.match(html.url(), /\/api\/monitoring\/reports\/[^/]+\/html$/);
    await html.close();
    assert.deepEqual(pageErrors, []);
  });

  test('an analyst (monitoring:read only) cannot reach the publish actions', async () => {
    await signIn(page, backend!.base, analyst);
    await page.getByRole('navigation').getByRole('link', { name: msg(en, 'nav.monitoring'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: msg(en, 'monitoring.title') }).waitFor();
    await monitoringTab(page, 'monitoring.nav.dashboard').waitFor();
    assert.equal(await monitoringTab(page, 'monitoring.nav.publish').count(), 0, 'no Publish tab');
    assert.equal(await monitoringTab(page, 'monitoring.nav.data').count(), 0, 'no Data tab');
    for (const path of ['/monitoring/publish', '/monitoring/data']) {
      await page.goto(url(path));
      await page.getByRole('heading', { level: 1, name: msg(en, 'error.ARIADNE_FORBIDDEN') }).waitFor();
      assert.equal(await page.getByRole('button', { name: msg(en, 'monitoring.release.submit') }).count(), 0);
    }
    const token = await csrf();
    const release = await browser!.context.request.post(url('/api/monitoring/releases'), {
      headers: { 'X-CSRF-Token': token },
      data: { table: 'incidents-by-period', from: PERIOD.from, to: PERIOD.to, step: 'year', k: K, mechanism: 'discrete-laplace', epsilon: 0.1, title: 'Synthetic analyst attempt' },
    });
    assert.equal(release.status(), 403);
    assert.equal((await browser!.context.request.get(url('/api/monitoring/ledger'))).status(), 403);
    assert.equal((await browser!.context.request.post(url('/api/monitoring/reports'), {
      headers: { 'X-CSRF-Token': token },
      data: { kind: 'thematic', title: 'Synthetic analyst report', from: PERIOD.from, to: PERIOD.to, language: 'en', releases: [releaseId] },
    })).status(), 403);
    // reading is allowed: the released table, never the true counts
    assert.equal((await browser!.context.request.get(url(`/api/monitoring/releases/${releaseId}`))).status(), 200);
    assert.deepEqual(pageErrors, []);
  });

  test('the dashboard reads right to left in Arabic and fits a phone without sideways scrolling', async () => {
    await signIn(page, backend!.base, officer);
    await page.goto(url('/monitoring'));
    await page.getByRole('heading', { level: 1, name: msg(en, 'monitoring.title') }).waitFor();
    await page.getByTestId('language-switcher').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: msg(ar, 'monitoring.title') }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await monitoringTab(page, 'monitoring.nav.publish', ar).waitFor();
    await page.locator('[data-testid="monitoring-map"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('hotspot-table').waitFor();
    assert.equal(await page.getByRole('img', { name: msg(ar, 'monitoring.trends.chartTitle') }).count(), 1);
    await screenshot(page, 'monitoring-dashboard-ar');

    await page.setViewportSize({ width: 390, height: 844 });
    const sideways: string[] = [];
    for (const path of ['/monitoring', '/monitoring/publish', '/monitoring/data']) {
      await page.goto(url(path));
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      if (path === '/monitoring') await page.locator('[data-testid="monitoring-map"][data-status="ready"]').waitFor({ timeout: 60_000 });
      else await page.getByRole('heading', { level: 2 }).first().waitFor();
      // let the tables and the map settle before measuring
      await page.waitForLoadState('networkidle');
      // a string, not a function: tsx's name helper (__name) does not exist in the page
      const overflow = (await page.evaluate(`(() => {
        const client = document.documentElement.clientWidth;
        const sticksOut = (r) => r.width > 0 && (r.right > client + 1 || r.left < -1);
        // the outermost elements that stick out of the viewport, named for the failure message
        const clipped = (e) => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
        // an absolutely placed element (an .sr-only label) escapes a scrolling wrapper that is not its containing block
        const placed = (e) => ['absolute', 'fixed'].includes(getComputedStyle(e).position);
        const out = [...document.body.querySelectorAll('*')].filter((e) => sticksOut(e.getBoundingClientRect())
          && (placed(e) || (!clipped(e) && !(e.parentElement && sticksOut(e.parentElement.getBoundingClientRect())))));
        const label = (e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' in ' + (e.closest('table') ? 'a table' : e.parentElement.tagName.toLowerCase()) + ', right edge ' + Math.round(e.getBoundingClientRect().right) + ', left edge ' + Math.round(e.getBoundingClientRect().left);
        return { scroll: document.documentElement.scrollWidth, client, culprits: out.slice(0, 5).map((e) => label(e) + ' (' + Math.round(e.getBoundingClientRect().width) + ' px)') };
      })()`)) as { scroll: number; client: number; culprits: string[] };
      if (overflow.scroll > overflow.client) sideways.push(`${path}: the page scrolls sideways at 390 px (${overflow.scroll} > ${overflow.client}): ${overflow.culprits.join('; ')}`);
      await screenshot(page, `monitoring-phone-${path.split('/').pop()}`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('language-switcher').selectOption('en');
    assert.deepEqual(sideways, [], 'no page of the area scrolls sideways on a phone');
    assert.deepEqual(pageErrors, []);
  });
});
