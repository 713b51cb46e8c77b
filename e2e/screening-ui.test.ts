/**
 * Browser end-to-end test of sanctions screening, lists, alerts and duplicates (issue 4), on a
 * real server and store (see helpers.ts). An investigator imports the committed UN extract
 * through the Lists page and reads its delta, screens a listed name and reads why it matched,
 * records a person with that name in a case and sees the alert appear, dismisses it as a false
 * positive with a reason, then finds two respelled synthetic persons as duplicates, merges them
 * and undoes the merge. Only the UN extract is real (public reference data); the rest is synthetic.
 *
 * Needs what web-ui.test.ts needs: the built app and /usr/bin/chromium.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UserRecord } from '@ariadne/store';
import {
  assertPrerequisites, launchBrowser, messages, msg, ROOT, screenshot, signIn, startBackend, system,
  type E2eBackend, type E2eBrowser,
} from './helpers.ts';

const en = messages('en');
const ar = messages('ar');
const UN_FIXTURE = join(ROOT, 'packages/sanctions/test/fixtures/un-consolidated-extract.xml');
/** QDi.001 of the UN list, in one of its Latin spellings */
const LISTED_NAME = 'Mohamed Salah al-Din Abdelhalim Zidan';

let backend: E2eBackend | undefined;
let browser: E2eBrowser | undefined;
let page: Page;
let investigator: UserRecord;
let caseId = '';
const pageErrors: string[] = [];

function url(path: string): string {
  return new URL(path, backend!.base).toString();
}

/** Opens a page from the header navigation (as a user would), by its label. */
async function nav(label: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
}

/** Re-opens `path` until `ready` resolves (the server works in the background), for at most `ms`. */
async function eventually(path: string, ready: () => Promise<unknown>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    await page.goto(url(path));
    try {
      await ready();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
    }
  }
}

describe('sanctions screening, lists, alerts and duplicates (Chromium)', { timeout: 180_000 }, () => {
  before(async () => {
    assertPrerequisites();
    const started = await Promise.allSettled([
      startBackend().then(async (b) => {
        backend = b;
        investigator = await b.createUser('e2e-sc-investigator', 'Synthetic Screening Investigator', ['investigator']);
        const kase = await b.store.createCase(system, { name: 'E2E synthetic screening case' });
        await b.store.addMember(system, kase.id, investigator.id);
        caseId = kase.id;
      }),
      launchBrowser().then((b) => { browser = b; }),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    page = browser!.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, backend!.base, investigator);
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  after(async () => {
    for (const [what, close] of [['browser', () => browser?.close()], ['backend', () => backend?.close()]] as const) {
      try {
        await close();
      } catch (error) {
        console.error(`e2e: closing the ${what} failed`, error);
      }
    }
  });

  test('the header offers the screening pages to an investigator', async () => {
    for (const key of ['nav.screening', 'nav.alerts', 'nav.lists', 'nav.duplicates']) {
      await page.getByRole('navigation').getByRole('link', { name: msg(en, key), exact: true }).waitFor();
    }
  });

  test('importing the UN extract through the Lists page shows its delta and its designations', async () => {
    await nav(msg(en, 'nav.lists'));
    await page.getByTestId('list-import').waitFor();
    await page.getByTestId('list-import-drop-input').setInputFiles(UN_FIXTURE);
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    const delta = await page.getByTestId('import-delta').textContent();
    assert.match(delta ?? '', /\b18 added\b/, `the delta says 18 added: ${delta}`);
    await screenshot(page, 'screening-lists-imported');

    // the current versions table has the UN list, with 18 entries added
    const row = page.locator('[data-testid="current-lists-row"][data-list="un-sc"]');
    await row.waitFor();
    assert.match((await row.getByTestId('version-delta').textContent()) ?? '', /\+18\b/);

    // the version page: the delta table, filterable by kind
    await page.getByTestId('import-version-link').click();
    await page.getByTestId('changes').waitFor();
    assert.equal(await page.locator('[data-testid="change"][data-kind="added"]').count(), 18);
    await page.getByTestId('changes-tab-removed').click();
    await page.getByText(msg(en, 'lists.noChanges')).waitFor();
    await page.getByTestId('changes-tab-added').click();
    await page.locator('[data-testid="change"][data-entry="QDi.001"]').waitFor();

    // the entry view: names by quality, the original Arabic script marked
    await page.locator('[data-testid="change"][data-entry="QDi.001"]').getByTestId('change-entry').click();
    await page.getByTestId('entry-ref').filter({ hasText: 'QDi.001' }).waitFor();
    const names = page.getByTestId('entry-names');
    await names.getByText('محمد صلاح الدين عبدالحليم زيدان').waitFor();
    assert.match((await names.textContent()) ?? '', /original script: Arabic/);
    assert.ok(((await page.getByTestId('entry-birthdates').textContent()) ?? '').length > 0);
    await screenshot(page, 'screening-list-entry');
    assert.deepEqual(pageErrors, []);
  });

  test('screening a listed name finds QDi.001 and explains why, without the name in the URL', async () => {
    await nav(msg(en, 'nav.screening'));
    await page.getByTestId('screening-name').fill(LISTED_NAME);
    await page.getByTestId('screening-submit').click();
    const match = page.locator('[data-testid="match"][data-entry="QDi.001"]');
    await match.waitFor();
    assert.equal(await match.getAttribute('data-list'), 'un-sc');
    assert.equal((await match.getByTestId('match-badge').textContent())?.trim(), msg(en, 'screening.match'));
    await match.getByTestId('explanation').locator('summary').click();
    const reasons = await match.getByTestId('explanation').locator('li').allTextContents();
    assert.ok(reasons.length > 0 && reasons.every((r) => r.trim().length > 0), `explanation lines: ${JSON.stringify(reasons)}`);
    await page.getByTestId('screened-lists').getByText('un-sc').waitFor();
    assert.doesNotMatch(decodeURIComponent(page.url()), /Zidan|Mohamed/i, 'the name never goes in the URL');

    // Arabic input works the same
    await page.getByTestId('screening-name').fill('محمد صلاح الدين عبدالحليم زيدان');
    assert.equal(await page.getByTestId('screening-name').getAttribute('dir'), 'auto');
    await page.getByTestId('screening-submit').click();
    await page.locator('[data-testid="match"][data-entry="QDi.001"]').waitFor();
    await screenshot(page, 'screening-results');

    // in Arabic the page turns right-to-left and the results stay
    await page.getByTestId('language-switcher').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: msg(ar, 'screening.title') }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.locator('[data-testid="match"][data-entry="QDi.001"]').waitFor();
    await screenshot(page, 'screening-results-ar');
    await page.getByTestId('language-switcher').selectOption('en');
    await page.getByRole('heading', { level: 1, name: msg(en, 'screening.title') }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test('a person recorded with that name raises an alert, dismissed as a false positive with a reason', async () => {
    await page.goto(url(`/cases/${caseId}`));
    await page.getByTestId('add-entity').click();
    await page.waitForURL(/\/cases\/[^/]+\/entities\/new$/);
    await page.getByTestId('schema-select').selectOption('Person');
    await page.getByTestId('prop-name').fill(LISTED_NAME);
    await page.getByTestId('save-entity').click();
    await page.waitForURL((u) => /^\/entities\/[^/]+$/.test(u.pathname));
    const entityId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');

    // the entity page screens the subject live
    const panel = page.getByTestId('entity-screening');
    await panel.locator('[data-testid="match"][data-entry="QDi.001"]').waitFor();
    await screenshot(page, 'screening-entity-panel');

    // the designation dossier: HTML to read in a new tab, PDF to download
    const html = page.getByTestId('dossier-html');
    assert.equal(await html.getAttribute('target'), '_blank');
    const dossier = await browser!.context.request.get(url((await html.getAttribute('href'))!));
    assert.equal(dossier.status(), 200);
    assert.match(dossier.headers()['content-type'] ?? '', /^text\/html/);
    assert.match((await page.getByTestId('dossier-pdf').getAttribute('href')) ?? '', /format=pdf$/);

    // the alert appears in the inbox once re-screening has run
    const item = page.locator('[data-testid="alert-item"][data-entry="QDi.001"]');
    await eventually('/alerts', () => item.waitFor({ timeout: 2_000 }));
    assert.equal(await item.getByTestId('alert-subject').getAttribute('href'), `/entities/${encodeURIComponent(entityId)}`);
    assert.equal(await item.getByTestId('alert-entry').getAttribute('href'), '/lists/un-sc/entries/QDi.001');
    await screenshot(page, 'screening-alerts');

    // the alert page: a reason is required to dismiss
    await item.getByTestId('alert-open').click();
    await page.getByTestId('disposition-form').waitFor();
    await page.getByTestId('entry-names').waitFor();
    await page.getByTestId('disposition-false_positive').check();
    assert.ok(await page.getByTestId('disposition-submit').isDisabled(), 'no reason, no decision');
    await page.getByTestId('disposition-note').fill('Synthetic test subject, not the listed person');
    await page.getByTestId('disposition-submit').click();
    await page.getByTestId('alert-status').filter({ hasText: msg(en, 'alerts.status.false_positive') }).first().waitFor();
    await page.getByTestId('alert-history').getByText(msg(en, 'alerts.action.false_positive')).waitFor();
    await page.getByTestId('alert-note').getByText('Synthetic test subject').waitFor();

    // it leaves the undecided (default) filter and shows under false positives
    await nav(msg(en, 'nav.alerts'));
    await page.getByText(msg(en, 'alerts.empty')).or(page.getByTestId('alert-list')).first().waitFor();
    assert.equal(await page.locator('[data-testid="alert-item"][data-entry="QDi.001"]').count(), 0);
    await page.getByTestId('alerts-tab-open').click();
    await page.getByText(msg(en, 'alerts.empty')).or(page.getByTestId('alert-list')).first().waitFor();
    assert.equal(await page.locator('[data-testid="alert-item"][data-entry="QDi.001"]').count(), 0);
    await page.getByTestId('alerts-tab-false_positive').click();
    await page.locator('[data-testid="alert-item"][data-entry="QDi.001"]').waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test('two respelled synthetic persons are found as duplicates, merged, and the merge undone', async () => {
    const store = backend!.store;
    const a = await store.createEntity(system, { caseId, schema: 'Person', properties: { name: ['Testperson Abdulrahman Synthetic'], birthDate: ['1980-02-03'] } }, { source: 'e2e' });
    const b = await store.createEntity(system, { caseId, schema: 'Person', properties: { name: ['Abd al-Rahman Testperson Synthetic'], birthDate: ['1980-02-03'] } }, { source: 'e2e' });

    await nav(msg(en, 'nav.duplicates'));
    await page.getByTestId('duplicates-scan').click();
    await page.getByTestId('duplicates-scan-result').filter({ hasText: /\d/ }).waitFor();
    const pairOf = (p: Page) => p.locator('[data-testid="duplicate"]').filter({ has: p.locator(`a[href="/entities/${a.id}"]`) })
      .filter({ has: p.locator(`a[href="/entities/${b.id}"]`) });
    const pair = pairOf(page);
    await pair.waitFor();
    assert.ok(((await pair.getByTestId('explanation').textContent()) ?? '').length > 0);
    await screenshot(page, 'screening-duplicates');

    // same case: merge is offered; "same subject" (for across cases) is not
    assert.equal(await pair.getByTestId('duplicate-same').count(), 0);

    // "not the same" can be undone: the proposal comes back
    await pair.getByTestId('duplicate-reject').click();
    await pair.waitFor({ state: 'detached' });
    await page.getByTestId('duplicates-tab-rejected').click();
    await pairOf(page).getByTestId('duplicate-reopen').click();
    await pairOf(page).waitFor({ state: 'detached' });
    await page.getByTestId('duplicates-tab-open').click();
    await pair.waitFor();

    await pair.getByTestId('duplicate-merge').click();
    await pair.waitFor({ state: 'detached' });

    await page.getByTestId('duplicates-tab-merged').click();
    const merged = page.locator('[data-testid="duplicate"][data-status="merged"]').filter({ has: page.locator(`a[href="/entities/${a.id}"], a[href="/entities/${b.id}"]`) });
    await merged.waitFor();
    await screenshot(page, 'screening-duplicates-merged');
    // Undo unmerges the merged member (b): the proposal must still name it, not the entity it was merged into
    const sides = await merged.locator('[data-testid^="duplicate-"] a.list-title').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    assert.deepEqual(new Set(sides), new Set([`/entities/${a.id}`, `/entities/${b.id}`]),
      'GET /api/duplicates?status=merged names both members (it must not resolve b to the entity it was merged into)');
    await merged.getByTestId('duplicate-unmerge').click();
    await merged.waitFor({ state: 'detached' });

    // undone: the proposal is open again, and both persons stand alone
    await page.getByTestId('duplicates-tab-open').click();
    await pairOf(page).waitFor();
    assert.equal((await store.getEntity(b.id))?.id, b.id);
    assert.deepEqual(pageErrors, []);
  });
});
