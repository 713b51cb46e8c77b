/**
 * Browser end-to-end tests of the web UI: a real server (in process, port 0, 127.0.0.1) over an
 * in-memory PGlite store serves the built app (`apps/web/dist`), and Debian's Chromium, driven by
 * playwright-core, uses it as a person would. All data is synthetic.
 *
 * Needs: `npm run build -w @ariadne/web` (the root `npm test` does it) and /usr/bin/chromium
 * (`apt-get install chromium`; `.ci/run` does it). Set `ARIADNE_E2E_SCREENSHOTS=<dir>` to keep
 * screenshots of the case page, the entity page and the Arabic page.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { OpenedStore, UserRecord } from '@ariadne/store';
import {
  assertPrerequisites, launchBrowser, messages, msg, PASSWORD, screenshot as shoot, signIn as signInAs, startBackend, system,
  type E2eBackend, type E2eBrowser,
} from './helpers.ts';

const PERSON = 'Testperson Alpha Synthetic';

const en = messages('en');
const ar = messages('ar');
const fr = messages('fr');

let backend: E2eBackend | undefined;
let browser: E2eBrowser | undefined;
let store: OpenedStore | undefined;
let context: BrowserContext | undefined;
let page: Page;
let base = '';
let investigator: UserRecord;
let outsider: UserRecord;
/** uncaught errors in the page: any one fails the test that caused it */
const pageErrors: string[] = [];

function url(path: string): string {
  return new URL(path, base).toString();
}

async function screenshot(name: string): Promise<void> {
  await shoot(page, name);
}

/** Signs in from whatever page shows the sign-in form (or from /login). */
async function signIn(user: UserRecord, path = '/login'): Promise<void> {
  await signInAs(page, base, user, path);
}

/** The case links currently listed on /cases (after the list or its empty message shows). */
async function listedCaseIds(): Promise<string[]> {
  await page.goto(url('/cases'));
  await page.getByTestId('case-list').or(page.getByText(msg(en, 'cases.empty'))).first().waitFor();
  const links = page.getByTestId('case-link');
  const ids: string[] = [];
  for (let i = 0; i < (await links.count()); i++) ids.push((await links.nth(i).getAttribute('data-case-id')) ?? '');
  return ids;
}

async function boxOf(testId: string): Promise<{ x: number; width: number }> {
  const box = await page.getByTestId(testId).boundingBox();
  assert.ok(box, `${testId} has no bounding box`);
  return box;
}

async function startUsers(): Promise<void> {
  backend = await startBackend();
  store = backend.store;
  base = backend.base;
  investigator = await backend.createUser('e2e-investigator', 'Synthetic Investigator', ['investigator']);
  outsider = await backend.createUser('e2e-outsider', 'Synthetic Outsider', ['investigator']);
}

async function startBrowser(): Promise<void> {
  browser = await launchBrowser();
  context = browser.context;
}

describe('web UI end to end (Chromium)', { timeout: 120_000 }, () => {
  before(async () => {
    assertPrerequisites();
    // the browser starts while the store migrates (the slow part: PGlite); both settle before
    // a failure is thrown, so `after` finds everything that was opened
    const started = await Promise.allSettled([startUsers(), startBrowser()]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    if (!browser) throw new Error('e2e: the browser did not start');
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  after(async () => {
    // each step on its own, so one failure does not leave the others open
    const steps: Array<[string, () => Promise<unknown> | undefined]> = [
      ['browser', () => browser?.close()],
      ['backend', () => backend?.close()],
    ];
    for (const [what, close] of steps) {
      try {
        await close();
      } catch (error) {
        console.error(`e2e: closing the ${what} failed`, error);
      }
    }
  });

  test('an investigator creates a case, adds a person, finds it by search and sees its journal', async () => {
    await signIn(investigator);

    // create a case and land on its page
    const caseName = 'E2E synthetic case';
    await page.getByTestId('case-create-form').waitFor();
    await page.getByTestId('case-name').fill(caseName);
    await page.getByTestId('case-create-submit').click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    await assert.doesNotReject(page.getByTestId('case-title').filter({ hasText: caseName }).waitFor());
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    assert.ok(caseId);

    // the case list shows it and opens it
    assert.ok((await listedCaseIds()).includes(caseId), 'the new case is in the case list');
    await page.locator(`[data-testid="case-link"][data-case-id="${caseId}"]`).click();
    await page.getByTestId('case-title').filter({ hasText: caseName }).waitFor();
    await page.getByTestId('case-entities').waitFor();
    await screenshot('case-page');

    // the schema-driven form: Person with a name, a nationality and a birth date
    await page.getByTestId('add-entity').click();
    await page.waitForURL(/\/cases\/[^/]+\/entities\/new$/);
    await page.getByTestId('schema-select').selectOption('Person');
    await page.getByTestId('prop-name').fill(PERSON);
    const nationality = page.getByTestId('prop-nationality');
    if ((await nationality.evaluate((el) => el.tagName)) === 'SELECT') await nationality.selectOption('ua');
    else await nationality.fill('ua');
    await page.getByTestId('prop-birthDate').fill('1990-04-12');
    await page.getByTestId('save-entity').click();

    // the entity page
    // the entity page lives at /entities/:id; the form's own /cases/:id/entities/new must not match
    await page.waitForURL((u) => /^\/entities\/[^/]+$/.test(u.pathname));
    const entityId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    await page.getByTestId('entity-caption').filter({ hasText: PERSON }).waitFor();
    assert.equal(await page.getByTestId('entity-caption').textContent(), PERSON);
    await page.getByText('1990-04-12').first().waitFor();
    await page.getByTestId('journal-entry').first().waitFor();
    await screenshot('entity-page');

    // the global search finds it and opens it
    await page.getByTestId('brand').click();
    await page.getByTestId('case-list').waitFor();
    await page.getByTestId('search-box').fill('Testperson Alpha');
    await page.getByTestId('search-box').press('Enter');
    await page.waitForURL(/\/search$/);
    assert.ok(!page.url().includes('Testperson'), 'the search term is not in the URL');
    const hit = page.getByTestId('search-results').locator(`[data-testid="search-result"][data-entity-id="${entityId}"]`);
    await hit.waitFor();
    assert.equal((await hit.textContent())?.trim(), PERSON);
    await hit.click();
    await page.waitForURL(url(`/entities/${encodeURIComponent(entityId)}`));
    await page.getByTestId('entity-caption').filter({ hasText: PERSON }).waitFor();

    // its history shows the entity.create journal entry
    const created = page.getByTestId('journal-entry').filter({ has: page.locator('code', { hasText: /^entity\.create$/ }) });
    await created.first().waitFor();
    assert.equal(await created.count(), 1);

    // and the store agrees: the journal has it and its hash chain verifies
    const journal = await store!.listJournal({ entityId }, { limit: 50 });
    const entry = journal.items.find((e) => e.action === 'entity.create');
    assert.ok(entry, 'the store journal has entity.create for the entity');
    assert.equal(entry.caseId, caseId);
    assert.equal(entry.actor, `user:${investigator.id}`);
    const verification = await store!.verifyJournal();
    assert.equal(verification.ok, true, `journal verification failed: ${verification.reason ?? ''}`);
    assert.ok(verification.entries >= 2);

    const stored = await store!.getEntity(entityId);
    assert.ok(stored);
    assert.deepEqual(stored.properties.name, [PERSON]);
    assert.deepEqual(stored.properties.nationality, ['ua']);
    assert.deepEqual(stored.properties.birthDate, ['1990-04-12']);
    assert.deepEqual(pageErrors, []);
  });

  test('Arabic switches the page to right-to-left and mirrors the layout; French translates', async () => {
    await signIn(investigator, '/cases');
    await page.getByTestId('case-list').or(page.getByText(msg(en, 'cases.empty'))).first().waitFor();
    const width = page.viewportSize()?.width ?? 1280;

    // English, left to right: the brand is at the start (left)
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    const brandLtr = await boxOf('brand');
    assert.ok(brandLtr.x + brandLtr.width / 2 < width / 2, `LTR brand on the left (x=${brandLtr.x})`);

    await page.getByTestId('language-switcher').selectOption('ar');
    await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
    const signOut = page.getByTestId('sign-out');
    await signOut.filter({ hasText: msg(ar, 'header.signOut') }).waitFor();
    assert.match(msg(ar, 'header.signOut'), /[\u0600-\u06ff]/, 'the Arabic message is in Arabic script');
    await page.locator('.main-nav').getByText(msg(ar, 'nav.cases'), { exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: msg(ar, 'cases.title') }).waitFor();
    assert.equal(await page.locator('body').evaluate((el) => getComputedStyle(el).direction), 'rtl');

    // the header mirrors: brand at the right, sign-out at the left
    const brandRtl = await boxOf('brand');
    assert.ok(brandRtl.x + brandRtl.width / 2 > width / 2, `RTL brand on the right (x=${brandRtl.x}, width ${width})`);
    const signOutRtl = await boxOf('sign-out');
    assert.ok(signOutRtl.x < brandRtl.x, 'RTL sign-out comes before (left of) the brand');
    await screenshot('arabic-page');

    // French
    await page.getByTestId('language-switcher').selectOption('fr');
    await page.locator('html[dir="ltr"][lang="fr"]').waitFor({ state: 'attached' });
    await signOut.filter({ hasText: msg(fr, 'header.signOut') }).waitFor();
    await page.getByRole('heading', { level: 1, name: msg(fr, 'cases.title') }).waitFor();
    assert.equal(msg(fr, 'header.signOut'), 'Se déconnecter');
    const brandFr = await boxOf('brand');
    assert.ok(brandFr.x + brandFr.width / 2 < width / 2, 'LTR again in French');

    // the choice persists across a reload; then back to English for the other tests
    await page.reload();
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    await page.getByTestId('language-switcher').selectOption('en');
    await page.locator('html[dir="ltr"][lang="en"]').waitFor({ state: 'attached' });
    await signOut.filter({ hasText: msg(en, 'header.signOut') }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test('a user who is not a member of a case can neither list nor open it', async () => {
    const secret = await store!.createCase(system, { name: 'E2E members-only case' });
    await store!.addMember(system, secret.id, investigator.id);
    const own = await store!.createCase(system, { name: 'E2E outsider own case' });
    await store!.addMember(system, own.id, outsider.id);

    // the member sees it
    await signIn(investigator);
    assert.ok((await listedCaseIds()).includes(secret.id), 'the member lists the case');

    // the outsider does not: not in the list, and its page answers "not found"
    await signIn(outsider);
    const ids = await listedCaseIds();
    assert.ok(ids.includes(own.id), 'the outsider lists their own case');
    assert.ok(!ids.includes(secret.id), 'the outsider does not list the members-only case');
    assert.equal(await page.getByText('E2E members-only case').count(), 0);

    await page.goto(url(`/cases/${encodeURIComponent(secret.id)}`));
    const error = page.getByTestId('error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', new RegExp(msg(en, 'error.ARIADNE_NOT_FOUND').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await page.getByTestId('case-title').count(), 0);
    assert.equal(await page.getByText('E2E members-only case').count(), 0);
    const api = await context!.request.get(url(`/api/cases/${encodeURIComponent(secret.id)}`));
    assert.equal(api.status(), 404);
    assert.deepEqual(pageErrors, []);
  });

  test('signing out ends the session and protected pages then ask to sign in', async () => {
    const kase = await store!.createCase(system, { name: 'E2E sign-out case' });
    await store!.addMember(system, kase.id, investigator.id);
    await signIn(investigator, `/cases/${encodeURIComponent(kase.id)}`);
    await page.getByTestId('case-title').filter({ hasText: 'E2E sign-out case' }).waitFor();
    assert.equal((await context!.request.get(url('/api/auth/me'))).status(), 200);

    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-form').waitFor();
    assert.equal(await page.getByTestId('sign-out').count(), 0);
    assert.equal(await page.getByTestId('case-title').count(), 0);
    assert.equal((await context!.request.get(url('/api/auth/me'))).status(), 401, 'the server ended the session');

    for (const path of ['/cases', `/cases/${encodeURIComponent(kase.id)}`, '/journal', '/tokens', '/search']) {
      await page.goto(url(path));
      await page.getByTestId('login-form').waitFor();
      assert.equal(await page.getByTestId('current-user').count(), 0, `${path} shows no signed-in user`);
      assert.equal(await page.getByTestId('case-title').count(), 0, `${path} shows no case`);
    }

    // signing in again from a protected page returns to it
    await page.goto(url(`/cases/${encodeURIComponent(kase.id)}`));
    await page.getByTestId('login-username').fill(investigator.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('case-title').filter({ hasText: 'E2E sign-out case' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
