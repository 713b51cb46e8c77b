/**
 * Browser end-to-end tests of the evidence vault UI, the bundle verifier and the public
 * survivor / tip-line page, on a real server, store and vault (see helpers.ts). An investigator
 * takes files in (one dropped, one picked, the large one surviving a broken connection), follows
 * the custody timeline, records a transfer, exports a bundle and verifies it, intact and tampered;
 * a survivor on a small phone, in Arabic, hands in an account with a photo, keeps the receipt,
 * comes back with the code, answers the team's question and withdraws consent; the team triages
 * the submission into a case. All data is synthetic.
 *
 * Needs what web-ui.test.ts needs: the built app and /usr/bin/chromium.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UserRecord } from '@ariadne/store';
import {
  assertPrerequisites, launchBrowser, messages, msg, screenshot, signIn, startBackend, system,
  type E2eBackend, type E2eBrowser,
} from './helpers.ts';

const en = messages('en');
const ar = messages('ar');
const MiB = 1024 * 1024;

/** a 1×1 PNG with a synthetic marker after IEND, so each copy has its own hash and can be found in a tar */
function syntheticPng(marker: string): Buffer {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  return Buffer.concat([png, Buffer.from(`synthetic-e2e-${marker}`)]);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let backend: E2eBackend | undefined;
let staff: E2eBrowser | undefined;
let phone: E2eBrowser | undefined;
let page: Page;
let investigator: UserRecord;
let caseworker: UserRecord;
let tmp = '';
const pageErrors: string[] = [];

function url(path: string): string {
  return new URL(path, backend!.base).toString();
}

/** Drops files on a drop zone the way a browser does: a `drop` event carrying a DataTransfer. */
async function dropFiles(target: Page, testId: string, files: ReadonlyArray<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const dataTransfer = await target.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type, bytes: [...f.bytes] })));
  await target.getByTestId(testId).dispatchEvent('dragenter', { dataTransfer });
  await target.getByTestId(testId).dispatchEvent('drop', { dataTransfer });
}

/** A JSON API call with the staff browser's session (and its CSRF token). */
async function staffApi(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const request = staff!.context.request;
  const me = await request.get(url('/api/auth/me'));
  assert.equal(me.status(), 200);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const response = method === 'GET'
    ? await request.get(url(path))
    : await request.post(url(path), { data: body, headers: { 'X-CSRF-Token': csrfToken } });
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? undefined : response.json();
}

async function fillIntake(form: ReturnType<Page['getByTestId']>, description: string): Promise<void> {
  await form.getByTestId('intake-description').fill(description);
  await form.getByTestId('intake-purpose').fill('Synthetic prosecution file');
  await form.getByTestId('intake-collectedAt').fill('2024-05-01T10:30');
  await form.getByTestId('intake-collectedWhere').fill('Synthetic Town');
  await form.getByTestId('intake-source').fill('Synthetic Witness');
}

describe('evidence vault, bundles and the public submission page (Chromium)', { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    tmp = mkdtempSync(join(tmpdir(), 'ariadne-e2e-evidence-'));
    const started = await Promise.allSettled([
      startBackend().then(async (b) => {
        backend = b;
        investigator = await b.createUser('e2e-ev-investigator', 'Synthetic Evidence Investigator', ['investigator']);
        caseworker = await b.createUser('e2e-ev-caseworker', 'Synthetic Caseworker', ['caseworker']);
      }),
      launchBrowser().then((b) => { staff = b; }),
      launchBrowser({ locale: 'ar', viewport: { width: 360, height: 740 } }).then((b) => { phone = b; }),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    page = staff!.page;
    for (const b of [staff!, phone!]) b.page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  after(async () => {
    for (const [what, close] of [['staff browser', () => staff?.close()], ['phone browser', () => phone?.close()], ['backend', () => backend?.close()]] as const) {
      try {
        await close();
      } catch (error) {
        console.error(`e2e: closing the ${what} failed`, error);
      }
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('an investigator takes evidence in, follows its custody, exports a bundle and verifies it, intact and tampered', async () => {
    const store = backend!.store;
    const kase = await store.createCase(system, { name: 'E2E synthetic evidence case' });
    await store.addMember(system, kase.id, investigator.id);
    const person = await store.createEntity(system, { caseId: kase.id, schema: 'Person', properties: { name: ['Synthetic Witness Person'] } }, { source: 'e2e' });

    const photo = syntheticPng(randomBytes(8).toString('hex'));
    const large = randomBytes(17 * MiB);

    // break the connection once, in the middle of the large file (its second 8 MiB chunk)
    const patchOffsets: number[] = [];
    let broken = false;
    await page.route('**/api/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.continue();
      const offset = Number(request.headers()['upload-offset']);
      patchOffsets.push(offset);
      if (offset === 8 * MiB && !broken) {
        broken = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });

    await signIn(page, backend!.base, investigator, `/cases/${encodeURIComponent(kase.id)}`);
    await page.getByTestId('case-evidence').waitFor();
    await page.getByTestId('evidence-add').click();

    // one file dropped, one picked with the (keyboard-reachable) file input
    await dropFiles(page, 'evidence-drop', [{ name: 'test-photo.png', type: 'image/png', bytes: photo }]);
    // a file on disk: the browser reads it itself (a 17 MiB buffer through the driver is slow)
    const largePath = join(tmp, 'test-recording.bin');
    writeFileSync(largePath, large);
    await page.getByTestId('evidence-drop-input').setInputFiles(largePath);
    const rows = page.getByTestId('upload-row');
    await rows.nth(1).getByTestId('upload-progress').waitFor();
    assert.ok(Number(await rows.nth(1).getByTestId('upload-progress').getAttribute('aria-valuenow')) >= 0);

    // both finish; each gets its intake form
    const forms = page.getByTestId('intake-form');
    await forms.nth(1).waitFor({ timeout: 60_000 });
    assert.equal(await forms.count(), 2);
    await page.unroute('**/api/uploads/*');
    assert.ok(broken, 'the connection was broken once');
    assert.equal(patchOffsets.filter((o) => o === 0).length, 2, 'each file started at offset 0 once');
    const largeOffsets = patchOffsets.filter((o) => o > 0);
    assert.deepEqual(largeOffsets, [8 * MiB, 8 * MiB, 16 * MiB], `the large upload resumed at 8 MiB after the break (PATCH offsets ${patchOffsets.join(', ')})`);

    const photoForm = page.getByTestId('upload-row').filter({ hasText: 'test-photo.png' }).getByTestId('intake-form');
    await fillIntake(photoForm, 'Synthetic photo of a checkpoint');
    await photoForm.locator(`[data-testid="intake-entity"][data-entity-id="${person.id}"]`).check();
    await photoForm.getByTestId('intake-save').click();
    await page.getByTestId('intake-saved').filter({ hasText: 'test-photo.png' }).waitFor();

    const largeForm = page.getByTestId('upload-row').filter({ hasText: 'test-recording.bin' }).getByTestId('intake-form');
    await fillIntake(largeForm, 'Synthetic recording');
    await largeForm.getByTestId('intake-save').click();
    await page.getByTestId('intake-saved').filter({ hasText: 'test-recording.bin' }).waitFor();

    // both are listed with their hashes
    const table = page.getByTestId('evidence-table');
    await table.getByTestId('evidence-row').nth(1).waitFor();
    const hashes = await table.getByTestId('evidence-hash').evaluateAll((els) => els.map((e) => e.getAttribute('data-hash')));
    assert.deepEqual(new Set(hashes), new Set([sha256(photo), sha256(large)]), 'the vault holds exactly the bytes sent');
    await screenshot(page, 'evidence-list');

    // the item page: metadata, entity link, intake in the custody timeline
    await table.getByTestId('evidence-link').filter({ hasText: 'test-photo.png' }).click();
    await page.waitForURL(/\/evidence\/[^/]+$/);
    const itemId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    await page.getByTestId('evidence-title').filter({ hasText: 'test-photo.png' }).waitFor();
    assert.equal(await page.getByTestId('item-sha256').getAttribute('data-hash'), sha256(photo));
    await page.getByTestId('evidence-entities').getByText('Synthetic Witness Person').waitFor();
    const timeline = page.getByTestId('custody-timeline');
    await timeline.locator('[data-testid="custody-event"][data-kind="intake"]').waitFor();

    // looking at it asks for a purpose and is journalled as a view
    await page.getByTestId('access-purpose').fill('Synthetic review');
    await page.getByTestId('preview-show').click();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="preview-media"]');
      return Boolean(img && img.complete && img.naturalWidth === 1);
    });
    const view = timeline.locator('[data-testid="custody-event"][data-kind="view"]');
    await view.waitFor();
    assert.equal(await view.getByTestId('custody-purpose').textContent(), 'Synthetic review');

    // a transfer, with recipient and purpose
    await page.getByTestId('custody-action').selectOption('transfer');
    await page.getByTestId('custody-recipient').fill('Synthetic Prosecutor Office');
    await page.getByTestId('custody-purpose-input').fill('Synthetic mutual legal assistance');
    await page.getByTestId('custody-submit').click();
    const transfer = timeline.locator('[data-testid="custody-event"][data-kind="transfer"]');
    await transfer.waitFor();
    await transfer.getByText('Synthetic Prosecutor Office').waitFor();

    // the chain: intake starts it, every later event follows the one before; the head matches
    const links = await timeline.getByTestId('custody-link').evaluateAll((els) => els.map((e) => e.getAttribute('data-link')));
    assert.deepEqual(links, ['start', 'linked', 'linked']);
    await page.getByTestId('custody-chain-status').filter({ hasText: '✓' }).waitFor();
    const events = (await staffApi('GET', `/api/evidence/${encodeURIComponent(itemId)}/custody`)) as { items: Array<{ kind: string }> };
    assert.deepEqual(events.items.map((e) => e.kind), ['intake', 'view', 'transfer']);
    await screenshot(page, 'evidence-item');

    // a bundle of the case's evidence, followed to the end and downloaded
    await page.goto(url(`/cases/${encodeURIComponent(kase.id)}`));
    await page.getByTestId('bundle-open').click();
    assert.equal(await page.getByTestId('bundle-item').count(), 2);
    await page.getByTestId('bundle-purpose').selectOption('prosecution');
    await page.getByTestId('bundle-recipient').fill('Synthetic Prosecutor Office');
    await page.getByTestId('bundle-submit').click();
    await page.locator('[data-testid="bundle-status"][data-state="ready"]').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bundle-download').click()]);
    const bundlePath = join(tmp, 'bundle.tar');
    await download.saveAs(bundlePath);
    const bundle = readFileSync(bundlePath);
    assert.ok(bundle.length > large.length, 'the bundle carries the files');

    // /verify: intact
    await page.goto(url('/verify'));
    await page.getByTestId('verify-drop-input').setInputFiles(bundlePath);
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 60_000 });
    assert.equal(await result.getAttribute('data-ok'), 'true', await result.textContent() ?? '');
    await page.getByTestId('verify-verdict').filter({ hasText: msg(en, 'verify.intact') }).waitFor();
    assert.match((await page.getByTestId('verify-fingerprint').textContent()) ?? '', /^[0-9a-f]{64}$/);
    assert.equal(await page.getByTestId('verify-summary-items').textContent(), '2');
    assert.equal(await page.getByTestId('verify-problem').count(), 0);
    await screenshot(page, 'verify-intact');

    // one byte changed inside the photo: not intact, and the problem names the photo's file
    const tampered = Buffer.from(bundle);
    const at = tampered.indexOf(photo);
    assert.ok(at > 0, 'the photo bytes are in the tar');
    const where = at + photo.length - 3;
    tampered[where] = tampered[where]! ^ 0x01;
    const tamperedPath = join(tmp, 'bundle-tampered.tar');
    writeFileSync(tamperedPath, tampered);
    await page.getByTestId('verify-drop-input').setInputFiles(tamperedPath);
    await page.locator('[data-testid="verify-result"][data-ok="false"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('verify-verdict').filter({ hasText: msg(en, 'verify.notIntact') }).waitFor();
    const problem = page.locator('[data-testid="verify-problem"][data-code="file-hash-mismatch"]');
    await problem.waitFor();
    assert.match((await problem.getByTestId('verify-problem-path').textContent()) ?? '', /\S/, 'the problem names the file');
    assert.equal(await page.getByTestId('verify-problem').count(), 1, `exactly one problem: ${await page.getByTestId('verify-problems').textContent()}`);
    await screenshot(page, 'verify-tampered');
    assert.deepEqual(pageErrors, []);
  });

  test('a survivor on a small phone, in Arabic, hands in an account, keeps the receipt, answers a question and withdraws consent', async () => {
    const p = phone!.page;
    const photo = syntheticPng(`survivor-${randomBytes(8).toString('hex')}`);
    const account = 'إفادة تجريبية من شاهد اصطناعي: هذا نص اختبار فقط.';

    await p.goto(url('/login'));
    await p.getByTestId('login-submit-link').click();
    await p.waitForURL(/\/submit$/);
    await p.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
    await p.getByRole('heading', { level: 1, name: msg(ar, 'submit.title') }).waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow}px)`);
    const choice = await p.getByTestId('submit-choose-account').boundingBox();
    assert.ok(choice && choice.height >= 44, 'large touch target');
    await screenshot(p, 'submit-start-ar');

    await p.getByTestId('submit-choose-account').click();
    await p.getByTestId('submit-account').fill(account);
    for (const purpose of ['prosecution', 'sanctions', 'statistics']) {
      assert.equal(await p.getByTestId(`submit-consent-${purpose}`).isChecked(), false, `${purpose} unchecked by default`);
    }
    await p.getByTestId('submit-consent-prosecution').check();
    await p.getByTestId('submit-drop-input').setInputFiles({ name: 'test-photo.png', mimeType: 'image/png', buffer: photo });
    await p.getByTestId('submit-files').getByText('test-photo.png').waitFor();
    await screenshot(p, 'submit-form-ar');
    await p.getByTestId('submit-send').click();

    // the receipt code, once, large; the photo goes up under it
    const codeText = (await p.getByTestId('receipt-code').textContent()) ?? '';
    assert.match(codeText, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await p.getByTestId('attachment-received').waitFor({ timeout: 30_000 });
    assert.ok(!p.url().includes(codeText), 'the code is not in the URL');
    const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!stored.includes(codeText.slice(0, 9)) && !stored.includes('إفادة'), 'neither the code nor the account is stored on the device');
    await screenshot(p, 'submit-receipt-ar');

    const [receiptFile] = await Promise.all([p.waitForEvent('download'), p.getByTestId('receipt-download').click()]);
    const receiptPath = join(tmp, 'receipt.json');
    await receiptFile.saveAs(receiptPath);
    const receipt = JSON.parse(readFileSync(receiptPath, 'utf8')) as { items: Array<{ sha256: string; proof: string[] }>; checkpoint: string };
    assert.ok(receipt.items.some((i) => i.sha256 === sha256(photo)), 'the receipt lists the photo hash');
    assert.ok(receipt.checkpoint.length > 0);

    await p.getByTestId('receipt-confirm').check();
    await p.getByTestId('receipt-code-hidden').waitFor();
    assert.equal(await p.getByTestId('receipt-code').count(), 0, 'the code is not shown again');
    await p.getByTestId('receipt-finish').click();
    await p.getByTestId('submit-note').waitFor();

    // the team asks a question
    await signIn(page, backend!.base, caseworker, '/submissions');
    const inbox = (await staffApi('GET', '/api/submissions?status=new')) as { items: Array<{ id: string; kind: string }> };
    const submission = inbox.items.find((s) => s.kind === 'account');
    assert.ok(submission, 'the submission is in the inbox');
    await staffApi('POST', `/api/submissions/${encodeURIComponent(submission.id)}/messages`, { text: 'Synthetic question: when did this happen?' });

    // a wrong code is refused kindly; the right one opens the submission
    await p.getByTestId('submit-have-code').click();
    await p.getByTestId('code-input').fill('0000-0000-0000-0000-0000');
    await p.getByTestId('code-submit').click();
    await p.getByTestId('code-error').filter({ hasText: msg(ar, 'followup.badCode') }).waitFor();
    await p.getByTestId('code-input').fill(codeText.toLowerCase());
    await p.getByTestId('code-submit').click();
    await p.getByTestId('followup').waitFor();
    await p.locator('[data-testid="thread-message"][data-author="team"]').filter({ hasText: 'Synthetic question' }).waitFor();
    await p.getByTestId('followup-item').filter({ hasText: 'test-photo.png' }).waitFor();

    await p.getByTestId('reply-text').fill('إجابة تجريبية: في عام ٢٠٢٤.');
    await p.getByTestId('reply-send').click();
    await p.locator('[data-testid="thread-message"][data-author="sender"]').filter({ hasText: 'إجابة تجريبية' }).waitFor();

    // withdrawal, confirmed
    await p.getByTestId('consent-withdraw').click();
    await p.getByTestId('consent-withdraw-confirm').click();
    await p.getByTestId('consent-saved').filter({ hasText: msg(ar, 'followup.withdrawn') }).waitFor();
    await p.getByTestId('consent-current').filter({ hasText: msg(ar, 'followup.consentNone') }).waitFor();
    await screenshot(p, 'submit-followup-ar');

    const detail = (await staffApi('GET', `/api/submissions/${encodeURIComponent(submission.id)}`)) as {
      consent: { prosecution: boolean; sanctions: boolean; statistics: boolean }; messages: Array<{ author: string; text: string }>; account: string | null;
    };
    assert.deepEqual([detail.consent.prosecution, detail.consent.sanctions, detail.consent.statistics], [false, false, false]);
    assert.ok(detail.messages.some((m) => m.author === 'sender' && m.text.includes('إجابة تجريبية')));
    assert.equal(detail.account, account);
    assert.deepEqual(pageErrors, []);
  });

  test('a sender\'s large upload, cut off by a reload, continues where it stopped once the code is entered again', async () => {
    const p = phone!.page;
    const video = randomBytes(9 * MiB);
    const videoPath = join(tmp, 'test-video.mp4');
    writeFileSync(videoPath, video);

    await p.goto(url('/submit'));
    await p.getByTestId('submit-choose-tip').click();
    await p.getByTestId('submit-account').fill('Synthetic tip with a large synthetic video');
    await p.getByTestId('submit-drop-input').setInputFiles(videoPath);

    // the first 8 MiB arrive; the rest never does before the page is reloaded
    const offsets: number[] = [];
    let reloaded = false;
    let cut!: () => void;
    const reachedSecondChunk = new Promise<void>((resolve) => { cut = resolve; });
    await p.route('**/api/public/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.continue();
      const offset = Number(request.headers()['upload-offset']);
      offsets.push(offset);
      if (offset > 0 && !reloaded) {
        cut();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await p.getByTestId('submit-send').click();
    const code = (await p.getByTestId('receipt-code').textContent()) ?? '';
    await reachedSecondChunk;
    assert.deepEqual(offsets.slice(0, 2), [0, 8 * MiB]);
    p.once('dialog', (dialog) => void dialog.accept());
    await p.reload();
    reloaded = true;
    await p.getByTestId('submit-have-code').click();
    assert.equal(await p.getByTestId('code-input').inputValue(), '', 'the code did not survive the reload');

    // back with the code, the same file is chosen again: only the missing part is sent
    offsets.length = 0;
    await p.getByTestId('code-input').fill(code);
    await p.getByTestId('code-submit').click();
    await p.getByTestId('followup').waitFor();
    await p.getByTestId('public-drop-input').setInputFiles(videoPath);
    await p.getByTestId('attachment-received').waitFor({ timeout: 30_000 });
    await p.unroute('**/api/public/uploads/*');
    assert.equal(offsets[0], 8 * MiB, `resumed at 8 MiB, not from the start (PATCH offsets ${offsets.join(', ')})`);
    assert.ok(offsets.every((o) => o === 8 * MiB), `only the missing part was sent (PATCH offsets ${offsets.join(', ')})`);
    await p.getByTestId('followup-item').filter({ hasText: 'test-video.mp4' }).waitFor();
    const hash = await p.getByTestId('followup-item').filter({ hasText: 'test-video.mp4' }).locator('[data-hash]').getAttribute('data-hash');
    assert.equal(hash, sha256(video), 'the server holds exactly the file, stitched across the reload');
    const leftovers = await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ariadne.upload::')));
    assert.deepEqual(leftovers, [], 'a finished upload leaves nothing behind on the device');
    assert.deepEqual(pageErrors, []);
  });

  test('the team reads a submission in the inbox, asks the sender a question and files it into a case', async () => {
    const store = backend!.store;
    const kase = await store.createCase(system, { name: 'E2E synthetic triage case' });
    await store.addMember(system, kase.id, caseworker.id);
    const created = await fetch(url('/api/public/submissions'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'tip', language: 'fr', account: 'Signalement synthétique de test', named: true, contact: 'Synthetic Sender, test@example.org',
        consent: { prosecution: true, sanctions: true, statistics: false, visibility: 'case-team' },
      }),
    });
    assert.equal(created.status, 201);

    await signIn(page, backend!.base, caseworker, '/cases');
    await page.locator('.main-nav').getByText(msg(en, 'nav.submissions'), { exact: true }).click();
    await page.waitForURL(/\/submissions$/);
    await page.getByTestId('inbox-item').filter({ hasText: msg(en, 'submission.kind.tip') }).first().getByTestId('inbox-link').click();
    await page.waitForURL(/\/submissions\/[^/]+$/);
    await page.getByTestId('submission-account').filter({ hasText: 'Signalement synthétique de test' }).waitFor();
    await page.getByTestId('submission-contact').filter({ hasText: 'Synthetic Sender' }).waitFor();

    await page.getByTestId('ask-text').fill('Synthetic question from the team');
    await page.getByTestId('ask-send').click();
    await page.getByTestId('submission-thread').getByText('Synthetic question from the team').waitFor();

    await page.getByTestId('triage-case').selectOption(kase.id);
    await page.getByTestId('triage-move').click();
    await page.getByTestId('submission-status').filter({ hasText: msg(en, 'submission.status.triaged') }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
