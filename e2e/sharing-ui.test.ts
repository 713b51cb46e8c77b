/**
 * Browser end-to-end test of information sharing and record linkage (issue 8, part 5: "UI and
 * CLI: agreements, outgoing and incoming packages, a linkage run with its results"), between TWO
 * real Ariadne instances (see helpers.ts), each with its own ephemeral sharing identity.
 *
 * On A, an investigator reads A's identity card and adds B's card as a partner (B adds A's
 * through its API), draws up an agreement in the form, reads its terms in plain language, saves
 * and approves it (a colleague approves too, through the API), and downloads the signed offer; B
 * accepts it and approves it twice (API). A caseworker on A records one survivor's consent on
 * the victim's page; the investigator previews a package (the other survivor, who gave no
 * consent, is refused by id), omits that record, builds the package and downloads it. On B, the
 * package is dropped on the Incoming page and imported (the count shown); dropped again, it is
 * refused with the "replayed" sentence. A's investigator then writes an MLA request in the form
 * (its own checks first; one suspect picked from the case, one measure; Arabic at phone width)
 * and downloads the package; B imports it and opens what it brought: the request's reference and
 * the link to its cover document (served as script-free HTML). Then the Linkage page on A matches two CLK files made
 * here with @ariadne/linkage and shows the matches, and the Agreements page reads right to left
 * in Arabic and fits a phone's width. All data is synthetic.
 *
 * Needs what web-ui.test.ts needs: the built app and /usr/bin/chromium. No timing assertions.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { encodeTable, linkageSecret, parseLinkageSchema, writeClkFile, type RecordTable } from '@ariadne/linkage';
import type { UserRecord } from '@ariadne/store';
import {
  assertPrerequisites, launchBrowser, messages, msg, PASSWORD, ROOT, screenshot, signIn, startBackend, system, type E2eBackend, type E2eBrowser,
} from './helpers.ts';

const en = messages('en');
const ar = messages('ar');

/** a signed-in API session on one backend (cookie and CSRF token), for the steps the browser does not take */
interface ApiSession {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, expect?: number): Promise<T>;
}

async function apiSession(base: string, user: UserRecord): Promise<ApiSession> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user.username, password: PASSWORD }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async <T>(method: string, path: string, body: unknown, expect: number): Promise<T> => {
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    assert.equal(answer.status, expect, `${method} ${path}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => call('GET', path, undefined, 200),
    post: (path, body, expect = 200) => call('POST', path, body, expect),
  };
}

interface Card { format: string; name: string; signingKey: string; ageRecipient: string; fingerprint: string }
interface Agreement { id: string; status: string; approvals: { userId: string }[]; caseId: string }

/** FEBRL-shaped synthetic records: two people both parties hold (one with a typo on B's side), the rest on one side only */
const LINK_COLUMNS = ['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'];
const PEOPLE = [
  ['synthia', 'example', '12', 'test street', '', 'sampleton', '2600', 'act', '19800203', ''],
  ['testperson', 'alpha', '4', 'fixture road', 'unit 2', 'mockville', '2913', 'nsw', '19751111', ''],
  ['dummy', 'beta', '88', 'placeholder avenue', '', 'fakeham', '3000', 'vic', '19920530', ''],
  ['sample', 'gamma', '7', 'lorem lane', '', 'ipsumtown', '4000', 'qld', '19881201', ''],
  ['fictia', 'delta', '31', 'invented way', '', 'nowhere', '5000', 'sa', '19700707', ''],
];
const SHARED_PEOPLE = 2;

/** each party's CLK file, encoded with the secret the two agreed for this linkage */
function clkFiles(): { a: string; b: string } {
  const schema = parseLinkageSchema(JSON.parse(readFileSync(join(ROOT, 'examples/linkage/febrl.schema.json'), 'utf8')));
  const secret = linkageSecret('5e'.repeat(32));
  const a: RecordTable = { columns: LINK_COLUMNS, ids: ['fiu-1', 'fiu-2', 'fiu-3', 'fiu-4'], rows: PEOPLE.slice(0, 4) };
  const b: RecordTable = {
    columns: LINK_COLUMNS, ids: ['ngo-1', 'ngo-2', 'ngo-3'],
    rows: [PEOPLE[0]!, ['testperson', 'alpah', ...PEOPLE[1]!.slice(2)], PEOPLE[4]!],
  };
  return { a: writeClkFile(encodeTable(schema, secret, a).set), b: writeClkFile(encodeTable(schema, secret, b).set) };
}

let backendA: E2eBackend | undefined;
let backendB: E2eBackend | undefined;
let browser: E2eBrowser | undefined;
let page: Page;
let investigatorA: UserRecord;
let colleagueA: UserRecord;
let caseworkerA: UserRecord;
let investigatorB: UserRecord;
let colleagueB: UserRecord;
let caseA = '';
let caseB = '';
/** the survivor who consents (on the page) and the one who does not */
let consentingPerson = '';
let consentingProfile = '';
let silentPerson = '';
let silentProfile = '';
let agreementId = '';
let packageFile = '';
let mlaPackageFile = '';
const MLA_REFERENCE = 'E2E-A/MLA/2026/0001';
const downloads = mkdtempSync(join(tmpdir(), 'ariadne-e2e-sharing-downloads-'));
const pageErrors: string[] = [];

async function seedA(b: E2eBackend): Promise<void> {
  investigatorA = await b.createUser('e2e-share-inv-a', 'Synthetic Investigator A', ['investigator']);
  colleagueA = await b.createUser('e2e-share-inv-a2', 'Synthetic Colleague A', ['investigator']);
  caseworkerA = await b.createUser('e2e-share-cw-a', 'Synthetic Caseworker A', ['caseworker']);
  const kase = await b.store.createCase(system, { name: 'E2E synthetic case at A' });
  caseA = kase.id;
  for (const u of [investigatorA, colleagueA, caseworkerA]) await b.store.addMember(system, caseA, u.id);
  const make = async (schema: string, properties: Record<string, string[]>) =>
    (await b.store.createEntity(system, { caseId: caseA, schema, properties }, { source: 'e2e' })).id;
  await make('Person', { name: ['Synthetic Suspect Omega'], nationality: ['ua'] });
  await make('Organization', { name: ['Synthetic Recruitment Agency Ltd'], country: ['md'] });
  consentingPerson = await make('Person', { name: ['Testperson Alpha'], nationality: ['sy'] });
  consentingProfile = await make('VictimProfile', { pseudonym: ['Survivor A-1'], person: [consentingPerson] });
  silentPerson = await make('Person', { name: ['Synthia Example'], nationality: ['sy'] });
  silentProfile = await make('VictimProfile', { pseudonym: ['Survivor A-2'], person: [silentPerson] });
}

async function seedB(b: E2eBackend): Promise<void> {
  investigatorB = await b.createUser('e2e-share-inv-b', 'Synthetic Investigator B', ['investigator']);
  colleagueB = await b.createUser('e2e-share-inv-b2', 'Synthetic Colleague B', ['investigator']);
  const kase = await b.store.createCase(system, { name: 'E2E synthetic case at B' });
  caseB = kase.id;
  for (const u of [investigatorB, colleagueB]) await b.store.addMember(system, caseB, u.id);
}

function url(backend: E2eBackend | undefined, path: string): string {
  return new URL(path, backend!.base).toString();
}

describe('information sharing between two instances (Chromium)', { timeout: 300_000 }, () => {
  before(async () => {
    assertPrerequisites();
    const started = await Promise.allSettled([
      startBackend(() => ({ instanceName: 'Synthetic FIU A' })).then(async (b) => { backendA = b; await seedA(b); }),
      startBackend(() => ({ instanceName: 'Synthetic NGO B' })).then(async (b) => { backendB = b; await seedB(b); }),
      launchBrowser().then((b) => { browser = b; }),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    page = browser!.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, backendA!.base, investigatorA);
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  after(async () => {
    for (const [what, close] of [['browser', () => browser?.close()], ['backend A', () => backendA?.close()], ['backend B', () => backendB?.close()]] as const) {
      try {
        await close();
      } catch (error) {
        console.error(`e2e: closing the ${what} failed`, error);
      }
    }
    rmSync(downloads, { recursive: true, force: true });
  });

  test("A's investigator reads A's card and adds B's card as a partner after checking its fingerprint", async () => {
    await page.getByRole('navigation').getByRole('link', { name: msg(en, 'nav.sharing'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: msg(en, 'sharing.title') }).waitFor();
    await page.getByTestId('sharing-tab-partners').click();
    await page.waitForURL((u) => u.pathname === '/sharing/partners');

    const apiA = await apiSession(backendA!.base, investigatorA);
    const cardA = await apiA.get<Card>('/api/sharing/identity');
    const ours = page.getByTestId('our-card');
    await ours.getByTestId('our-fingerprint').waitFor();
    assert.equal(await ours.getByTestId('our-fingerprint').getAttribute('data-fingerprint'), cardA.fingerprint);
    assert.equal(await ours.getByTestId('our-fingerprint').getAttribute('dir'), 'ltr', 'a fingerprint reads left to right in every language');
    const [cardDownload] = await Promise.all([page.waitForEvent('download'), ours.getByTestId('our-card-download').click()]);
    const cardFile = join(downloads, cardDownload.suggestedFilename());
    await cardDownload.saveAs(cardFile);
    assert.deepEqual(JSON.parse(readFileSync(cardFile, 'utf8')), cardA, 'the downloaded card is the identity the API serves');

    // B's card, as B's people would hand it over; its fingerprint is shown to be read back before it is trusted
    const apiB = await apiSession(backendB!.base, investigatorB);
    const cardB = await apiB.get<Card>('/api/sharing/identity');
    assert.notEqual(cardB.signingKey, cardA.signingKey, 'each instance has its own identity');
    await page.getByTestId('partner-card-text').fill(JSON.stringify(cardB, null, 2));
    const preview = page.getByTestId('partner-card-preview');
    await preview.getByTestId('partner-card-fingerprint').waitFor();
    assert.equal(await preview.getByTestId('partner-card-fingerprint').getAttribute('data-fingerprint'), cardB.fingerprint);
    assert.ok(await preview.getByTestId('partner-add').isDisabled(), 'not before the fingerprint is confirmed');
    await preview.getByTestId('partner-card-confirm').check();
    await preview.getByTestId('partner-note').fill('Fingerprint read back by phone (synthetic)');
    await preview.getByTestId('partner-add').click();
    await page.getByTestId('partner-added').waitFor();
    await page.getByTestId('partner').filter({ hasText: cardB.name }).waitFor();
    await screenshot(page, 'sharing-partners');

    // and B registers A the same way (through its API, to save time)
    await apiB.post('/api/sharing/partners', cardA, 201);
    assert.deepEqual(pageErrors, []);
  });

  test('the investigator draws up an agreement, reads its terms in plain language, saves and approves it; a colleague approves too', async () => {
    await page.getByTestId('sharing-tab-agreements').click();
    await page.getByTestId('new-agreement').click();
    await page.waitForURL((u) => u.pathname === '/sharing/agreements/new');
    const form = page.getByTestId('agreement-form');
    await form.getByTestId('agreement-partner').locator('option').nth(1).waitFor({ state: 'attached' });
    await form.getByTestId('agreement-title').fill('Synthetic exchange with B');
    await form.getByTestId('agreement-partner').selectOption({ index: 1 });
    await form.getByTestId('agreement-case').selectOption(caseA);
    await form.getByTestId('agreement-purpose').selectOption('investigation');
    await form.getByTestId('agreement-legal-basis').fill('Synthetic memorandum of understanding, art. 5; UNTOC art. 18');
    // what may leave: persons (their featured details) and organisations, victims under a pseudonym
    for (const schema of ['Person', 'Organization', 'VictimProfile']) {
      await form.getByTestId('terms-schema-filter').fill(schema === 'Organization' ? 'Organi' : schema === 'Person' ? 'Person' : 'Victim');
      // ticking it moves the schema up among those chosen, with its properties
      await form.locator(`[data-testid="terms-schema-add"][data-schema="${schema}"]`).click();
      await form.locator(`[data-testid="terms-schema"][data-schema="${schema}"]`).waitFor();
    }
    assert.ok(await form.getByTestId('agreement-victims-pseudonymise').isChecked(), 'victims are pseudonymised by default');
    await form.getByTestId('agreement-retention').fill('90');
    await form.getByTestId('agreement-review-button').click();

    const review = page.getByTestId('agreement-review');
    await review.waitFor();
    const terms = review.getByTestId('terms-summary');
    await terms.locator('[data-kind="victims"]').waitFor();
    assert.match((await terms.locator('[data-kind="retention"]').textContent()) ?? '', /90 days/);
    assert.match((await terms.locator('[data-kind="victims"]').textContent()) ?? '', new RegExp(msg(en, 'sharing.consentPurpose.prosecution')));
    assert.match((await terms.locator('[data-kind="legalBasis"]').textContent()) ?? '', /UNTOC art\. 18/);
    await screenshot(page, 'sharing-agreement-review');
    await page.getByTestId('agreement-save').click();
    await page.waitForURL((u) => u.pathname.startsWith('/sharing/agreements/') && !u.pathname.endsWith('/new'));
    agreementId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3] ?? '');
    await page.getByTestId('agreement-heading').filter({ hasText: 'Synthetic exchange with B' }).waitFor();
    await page.locator('[data-testid="agreement-state"][data-state="draft"]').waitFor();

    await page.getByTestId('agreement-approve').click();
    await page.getByTestId('approved-by-you').waitFor();
    await page.locator('[data-testid="agreement-approvals"][data-given="1"][data-required="2"]').first().waitFor();

    // the second approver, through the API
    const colleague = await apiSession(backendA!.base, colleagueA);
    const approved = await colleague.post<Agreement>(`/api/sharing/agreements/${encodeURIComponent(agreementId)}/approve`, undefined);
    assert.equal(approved.status, 'active');
    await page.reload();
    await page.locator('[data-testid="agreement-state"][data-state="active"]').waitFor();
    await page.getByTestId('send-preview').waitFor();
    await screenshot(page, 'sharing-agreement');
    assert.deepEqual(pageErrors, []);
  });

  test('the signed offer downloads, and B accepts and approves it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('offer-download').click()]);
    const offerFile = join(downloads, download.suggestedFilename());
    await download.saveAs(offerFile);
    const offer = JSON.parse(readFileSync(offerFile, 'utf8')) as { format: string; id: string; signature: string };
    assert.equal(offer.format, 'ariadne-agreement/1');
    assert.equal(offer.id, agreementId);
    assert.ok(offer.signature);

    const b1 = await apiSession(backendB!.base, investigatorB);
    const b2 = await apiSession(backendB!.base, colleagueB);
    const accepted = await b1.post<Agreement>('/api/sharing/agreements/accept', { offer, caseId: caseB }, 201);
    assert.equal(accepted.id, agreementId, 'the same agreement on both sides');
    await b1.post(`/api/sharing/agreements/${encodeURIComponent(agreementId)}/approve`, undefined);
    const active = await b2.post<Agreement>(`/api/sharing/agreements/${encodeURIComponent(agreementId)}/approve`, undefined);
    assert.equal(active.status, 'active');
    assert.deepEqual(pageErrors, []);
  });

  test("a caseworker records one survivor's consent for prosecution on the victim's page", async () => {
    await signIn(page, backendA!.base, caseworkerA, `/entities/${encodeURIComponent(consentingPerson)}`);
    const panel = page.getByTestId('consent-panel');
    const prosecution = panel.locator('[data-testid="consent-purpose"][data-purpose="prosecution"]');
    await prosecution.waitFor();
    assert.equal(await prosecution.getAttribute('data-state'), 'none');
    await panel.getByTestId('consent-note').fill('Signed form, interpreter present (synthetic)');
    await prosecution.getByTestId('consent-grant').click();
    await panel.getByTestId('consent-saved').waitFor();
    await panel.locator('[data-testid="consent-purpose"][data-purpose="prosecution"][data-state="granted"]').waitFor();
    await screenshot(page, 'sharing-consent');
    assert.deepEqual(pageErrors, []);
  });

  test('the investigator previews a package (the survivor without consent is refused by id), omits that record, builds and downloads it', async () => {
    await signIn(page, backendA!.base, investigatorA, `/sharing/agreements/${encodeURIComponent(agreementId)}`);
    await page.getByTestId('send-preview').click();
    const result = page.getByTestId('send-preview-result');
    await result.waitFor();
    const refused = await result.getByTestId('send-refused-record').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')));
    assert.ok(refused.includes(silentProfile) || refused.includes(silentPerson), `the survivor without consent is refused: ${JSON.stringify(refused)}`);
    assert.ok(!refused.includes(consentingProfile) && !refused.includes(consentingPerson), 'the survivor who consented is not');
    assert.equal(await result.getByTestId('send-build').count(), 0, 'nothing is built while records are refused');

    await result.getByTestId('send-omit').click();
    await page.locator('[data-testid="send-preview-result"][data-mode="omit"]').waitFor();
    const entities = Number(await page.locator('[data-testid="package-count"][data-count="entities"]').first().getAttribute('data-value'));
    assert.ok(entities >= 3, `records would travel: ${entities}`);
    await screenshot(page, 'sharing-send-preview');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('send-build').click()]);
    packageFile = join(downloads, download.suggestedFilename());
    await download.saveAs(packageFile);
    assert.match(download.suggestedFilename(), /\.ariadne-share$/);
    const done = page.getByTestId('send-done');
    await done.waitFor();
    const packageId = await done.getAttribute('data-package-id');
    await page.locator(`[data-testid="package"][data-package-id="${packageId}"][data-status="sent"]`).waitFor();
    const bytes = readFileSync(packageFile);
    for (const name of ['Testperson Alpha', 'Synthia Example', 'Survivor A-1']) {
      assert.ok(!bytes.includes(Buffer.from(name)), `no victim's name in the clear in the package: ${name}`);
    }
    assert.deepEqual(pageErrors, []);
  });

  test('on B the package is imported from the Incoming page, and the same file again is refused as replayed', async () => {
    await signIn(page, backendB!.base, investigatorB, '/sharing/incoming');
    const drop = page.getByTestId('package-drop-input');
    await drop.setInputFiles(packageFile);
    const imported = page.locator('[data-testid="import-outcome"][data-outcome="imported"]');
    await imported.waitFor({ timeout: 30_000 });
    const written = Number(await imported.getAttribute('data-written'));
    assert.ok(written >= 3, `records written: ${written}`);
    assert.match((await imported.textContent()) ?? '', new RegExp(msg(en, 'sharing.import.imported').replace('{count}', String(written)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await imported.getByTestId('import-case-link').waitFor();
    await screenshot(page, 'sharing-incoming');

    await drop.setInputFiles(packageFile);
    const replayed = page.locator('[data-testid="import-outcome"][data-outcome="refused"][data-reason="replayed"]');
    await replayed.waitFor({ timeout: 30_000 });
    assert.equal((await replayed.getByTestId('import-refusal').textContent())?.trim(), msg(en, 'sharing.refusal.replayed'));
    // both are in the list of packages received
    await page.locator('[data-testid="package"][data-direction="incoming"][data-status="imported"]').first().waitFor();
    await page.locator('[data-testid="package-refusal"][data-reason="replayed"]').first().waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test('A sends an MLA request from the form (one suspect, one measure); its own checks speak first', async () => {
    await signIn(page, backendA!.base, investigatorA, `/sharing/agreements/${encodeURIComponent(agreementId)}`);
    await page.getByTestId('mla-open').click();
    const form = page.getByTestId('mla-form');
    await form.waitFor();
    // sent empty, the form names what is missing, field by field, and nothing leaves
    await form.getByTestId('mla-send').click();
    await form.getByTestId('mla-problems').waitFor();
    await form.locator('[data-testid="mla-field-problem"][data-path="reference"]').waitFor();
    await form.locator('[data-testid="mla-field-problem"][data-path="offences.0.name"]').waitFor();

    const field = (path: string) => form.getByTestId(`mla-${path.replace(/\./g, '-')}`);
    await field('reference').fill(MLA_REFERENCE);
    for (const [at, name, country] of [['requestingAuthority', 'Synthetic Prosecution Service of A', 'UA'], ['requestedAuthority', 'Synthetic Central Authority of B', 'MD']] as const) {
      await field(`${at}.name`).fill(name);
      await field(`${at}.country`).fill(country.toLowerCase());
      await field(`${at}.address`).fill('1 Example Square\nExample City');
      await field(`${at}.contactRole`).fill('International Cooperation Unit, duty prosecutor');
    }
    assert.equal(await field('requestingAuthority.country').inputValue(), 'UA', 'country codes are upper case');
    await field('confidentiality').fill('Please keep the request confidential (synthetic).');
    await field('legalBasis').fill('UNTOC, art. 18\nTrafficking in Persons Protocol, art. 5');
    await field('summaryOfFacts').fill('Synthetic Suspect Omega recruited displaced persons with false offers of work (synthetic facts).');
    await field('offences.0.name').fill('Trafficking in persons');
    await field('offences.0.legalProvision').fill('Penal Code of Examplestan, art. 293');
    await field('offences.0.provisionText').fill('Whoever recruits a person by deception for the purpose of exploitation is punished.');
    await field('offences.0.maximumPenalty').fill('15 years of imprisonment');
    await field('offences.0.form').selectOption('forced_labour');

    await form.getByTestId('mla-subject-search').fill('Omega');
    const hit = form.getByTestId('mla-subject-hit').filter({ hasText: 'Synthetic Suspect Omega' });
    await hit.getByTestId('mla-subject-add').click();
    const subject = form.locator('[data-testid="mla-subject"][data-role="suspect"]');
    await subject.waitFor();
    await field('subjects.0.nationality').fill('UA');

    await field('measures.0.kind').selectOption('records-production');
    await field('measures.0.description').fill('Produce the records of the agency for 2015–2016 (synthetic).');
    await field('measures.0.linkToFacts').fill('The false offers were published by the agency (synthetic).');
    await form.getByTestId('mla-measure-subject').first().check();
    await field('executionProcedures').fill('Certify the records (synthetic).');
    await field('contact.office').fill('International Cooperation Unit');
    await field('contact.channel').fill('Secure e-mail of the central authority (synthetic).');
    await screenshot(page, 'sharing-mla-form');
    // the form reads right to left in Arabic and fits a phone, keeping what was typed
    await page.getByTestId('language-switcher').selectOption('ar');
    await page.setViewportSize({ width: 390, height: 844 });
    await form.getByRole('button', { name: msg(ar, 'sharing.mla.send') }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the form fits a phone's width (overflow ${overflow}px)`);
    assert.equal(await field('reference').inputValue(), MLA_REFERENCE);
    await screenshot(page, 'sharing-mla-form-ar-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('language-switcher').selectOption('en');

    const [download] = await Promise.all([page.waitForEvent('download'), form.getByTestId('mla-send').click()]);
    mlaPackageFile = join(downloads, `mla-${download.suggestedFilename()}`);
    await download.saveAs(mlaPackageFile);
    const sent = page.getByTestId('mla-sent');
    await sent.waitFor();
    const packageId = await sent.getAttribute('data-package-id');
    assert.equal(await form.getByTestId('mla-field-problem').count(), 0, 'no problem left');
    await page.locator(`[data-testid="package"][data-package-id="${packageId}"][data-status="sent"]`).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test("B imports the MLA request on the Incoming page and opens what it brought: the request's reference and its cover", async () => {
    await signIn(page, backendB!.base, investigatorB, '/sharing/incoming');
    await page.getByTestId('package-drop-input').setInputFiles(mlaPackageFile);
    const imported = page.locator('[data-testid="import-outcome"][data-outcome="imported"]');
    await imported.waitFor({ timeout: 30_000 });
    assert.match((await imported.getByTestId('import-mla').textContent()) ?? '', new RegExp(MLA_REFERENCE.replace(/[/]/g, '\\/')));
    await imported.getByTestId('import-open').click();
    const view = page.getByTestId('received-package');
    await view.waitFor();
    assert.equal((await view.getByTestId('mla-summary-reference').textContent())?.trim(), MLA_REFERENCE);
    await view.getByTestId('received-case-link').waitFor();
    await view.getByTestId('mla-summary-subject').filter({ hasText: 'Synthetic Suspect Omega' }).waitFor();
    const cover = view.locator('[data-testid="mla-cover-link"][data-locale="en"]');
    assert.equal(await cover.getAttribute('target'), '_blank');
    const href = (await cover.getAttribute('href')) ?? '';
    assert.match(href, /\/received\/file\?path=mla%2Fcover\.en\.html$/);
    // the cover opens with the session, as a page that may run no script and may not be framed
    const answer = await page.request.get(url(backendB, href));
    assert.equal(answer.status(), 200);
    assert.match(answer.headers()['content-type'] ?? '', /^text\/html/);
    assert.match(answer.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    assert.ok((await answer.text()).includes(MLA_REFERENCE));
    await screenshot(page, 'sharing-received-mla');

    // the same view from the list of packages received, in Arabic at a phone's width
    await page.goto(url(backendB, '/sharing/incoming'));
    await page.locator('[data-testid="package"][data-status="imported"]').first().waitFor();
    await page.getByTestId('language-switcher').selectOption('ar');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('package-open').first().click();
    await page.getByTestId('mla-summary-reference').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the received view fits a phone's width (overflow ${overflow}px)`);
    await screenshot(page, 'sharing-received-mla-ar-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('language-switcher').selectOption('en');
    assert.deepEqual(pageErrors, []);
  });

  test('on A, the Linkage page matches two CLK files and offers the pairs', async () => {
    await signIn(page, backendA!.base, investigatorA, '/sharing/linkage');
    await page.getByTestId('linkage-explanation').waitFor();
    const files = clkFiles();
    await page.getByTestId('linkage-title').fill('Synthetic FIU × NGO linkage');
    await page.getByTestId('linkage-case').selectOption(caseA);
    await page.getByTestId('clk-a-drop-input').setInputFiles({ name: 'fiu.clk.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(files.a) });
    await page.getByTestId('clk-b-drop-input').setInputFiles({ name: 'ngo.clk.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(files.b) });
    await page.getByTestId('clk-b-file').waitFor();
    await page.getByTestId('linkage-submit').click();
    const result = page.getByTestId('linkage-result');
    await result.waitFor({ timeout: 30_000 });
    assert.equal(await result.getAttribute('data-matches'), String(SHARED_PEOPLE));
    assert.equal((await result.getByTestId('linkage-records-a').textContent())?.trim(), '4');
    assert.equal((await result.getByTestId('linkage-records-b').textContent())?.trim(), '3');
    const [download] = await Promise.all([page.waitForEvent('download'), result.getByTestId('linkage-download').click()]);
    const pairsFile = join(downloads, download.suggestedFilename());
    await download.saveAs(pairsFile);
    const lines = readFileSync(pairsFile, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'token_a,token_b');
    assert.equal(lines.length, 1 + SHARED_PEOPLE);
    assert.ok(lines.slice(1).every((l) => /^[0-9a-f]{32},[0-9a-f]{32}$/.test(l)), 'pairs of tokens, no score, no id');
    await page.locator(`[data-testid="linkage-run"][data-matches="${SHARED_PEOPLE}"]`).first().waitFor();
    await screenshot(page, 'sharing-linkage');
    assert.deepEqual(pageErrors, []);
  });

  test('the Agreements page reads right to left in Arabic and fits a phone', async () => {
    await page.goto(url(backendA, '/sharing'));
    await page.locator(`[data-testid="agreement"][data-agreement-id="${agreementId}"]`).waitFor();
    await page.getByTestId('language-switcher').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: msg(ar, 'sharing.title') }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.getByRole('navigation').getByRole('link', { name: msg(ar, 'nav.sharing'), exact: true }).waitFor();
    await page.locator(`[data-testid="agreement"][data-agreement-id="${agreementId}"] [data-testid="agreement-state"]`).filter({ hasText: msg(ar, 'sharing.state.active') }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page fits a phone's width (overflow ${overflow}px); wide tables scroll inside their box`);
    await screenshot(page, 'sharing-agreements-ar-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('language-switcher').selectOption('en');
    assert.deepEqual(pageErrors, []);
  });
});
