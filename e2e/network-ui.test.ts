/**
 * Browser end-to-end test of the network explorer (issue 5 §4) on a real server and store (see
 * helpers.ts). A synthetic case of an armed group, its recruiter, a broker, a financier, people
 * around them and a phone two of them share is drawn; the investigator finds and expands nodes,
 * colours communities, finds a path, plans a disruption, exports GEXF and SVG, and reads the page
 * in Arabic. All names are synthetic.
 *
 * Needs what web-ui.test.ts needs: the built app and /usr/bin/chromium. No timing assertions.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { UserRecord } from '@ariadne/store';
import {
  assertPrerequisites, launchBrowser, messages, msg, screenshot, signIn, startBackend, system, type E2eBackend, type E2eBrowser,
} from './helpers.ts';

const en = messages('en');
const ar = messages('ar');

let backend: E2eBackend | undefined;
let browser: E2eBrowser | undefined;
let page: Page;
let investigator: UserRecord;
let caseId = '';
const ids: Record<string, string> = {};
const pageErrors: string[] = [];

interface Payload {
  nodes: { id: string; caption: string }[];
  edges: { source: string; target: string }[];
}
let network: Payload;

/** The neighbours of a node in the API's answer (the test's own reading of the graph). */
function neighbours(id: string): Set<string> {
  const out = new Set<string>();
  for (const e of network.edges) {
    if (e.source === id && e.target !== id) out.add(e.target);
    if (e.target === id && e.source !== id) out.add(e.source);
  }
  return out;
}

/**
 * Synthetic Group A ← Recruiter 1, Broker 2, Financier 9 (memberships, dated);
 * Recruiter 1 — Person 3, Person 4 (associates); Financier 9 → Recruiter 1 (payment, 2016-05-10);
 * Broker 2 — Person 5; Broker 2 and Driver 6 share a phone; Driver 6 — Person 7 — Person 8.
 */
async function seedCase(b: E2eBackend): Promise<void> {
  const store = b.store;
  const entity = async (key: string, schema: string, properties: Record<string, string[]>) => {
    const e = await store.createEntity(system, { caseId, schema, properties }, { source: 'e2e' });
    ids[key] = e.id;
  };
  await entity('group', 'Organization', { name: ['Synthetic Group A'] });
  await entity('recruiter', 'Person', { name: ['Recruiter 1'] });
  await entity('broker', 'Person', { name: ['Broker 2'], phone: ['+999 555 0100'] });
  await entity('p3', 'Person', { name: ['Person 3'] });
  await entity('p4', 'Person', { name: ['Person 4'] });
  await entity('p5', 'Person', { name: ['Person 5'] });
  await entity('driver', 'Person', { name: ['Driver 6'], phone: ['+9995550100'] });
  await entity('p7', 'Person', { name: ['Person 7'] });
  await entity('p8', 'Person', { name: ['Person 8'] });
  await entity('financier', 'Person', { name: ['Financier 9'] });
  await entity('m1', 'Membership', { member: [ids.recruiter!], organization: [ids.group!], role: ['recruiter'], startDate: ['2015-01'] });
  await entity('m2', 'Membership', { member: [ids.broker!], organization: [ids.group!], role: ['broker'], startDate: ['2016-03'] });
  await entity('m3', 'Membership', { member: [ids.financier!], organization: [ids.group!], startDate: ['2016'] });
  await entity('pay', 'Payment', { payer: [ids.financier!], beneficiary: [ids.recruiter!], amount: ['500'], date: ['2016-05-10'] });
  await entity('a1', 'Associate', { person: [ids.recruiter!], associate: [ids.p3!] });
  await entity('a2', 'Associate', { person: [ids.recruiter!], associate: [ids.p4!] });
  await entity('a3', 'Associate', { person: [ids.broker!], associate: [ids.p5!] });
  await entity('a4', 'Associate', { person: [ids.driver!], associate: [ids.p7!] });
  await entity('a5', 'Associate', { person: [ids.p7!], associate: [ids.p8!] });
}

async function counts(): Promise<{ shown: number; total: number; edges: number; rendered: number; renderedEdges: number }> {
  const c = page.getByTestId('network-counts');
  const canvas = page.getByTestId('network-canvas');
  return {
    shown: Number(await c.getAttribute('data-nodes')),
    total: Number(await c.getAttribute('data-total')),
    edges: Number(await c.getAttribute('data-edges')),
    rendered: Number(await canvas.getAttribute('data-rendered-nodes')),
    renderedEdges: Number(await canvas.getAttribute('data-rendered-edges')),
  };
}

async function waitForShown(n: number): Promise<void> {
  await page.locator(`[data-testid="network-counts"][data-nodes="${n}"]`).waitFor();
}

/** Finds a node by typing part of its caption, and picks it. */
async function find(text: string, id: string): Promise<void> {
  await page.getByTestId('network-search').fill(text);
  await page.locator(`[data-testid="network-search-hit"][data-id="${id}"]`).click();
}

describe('network explorer (Chromium)', { timeout: 180_000 }, () => {
  before(async () => {
    assertPrerequisites();
    const started = await Promise.allSettled([
      startBackend().then(async (b) => {
        backend = b;
        investigator = await b.createUser('e2e-net-investigator', 'Synthetic Network Investigator', ['investigator']);
        const kase = await b.store.createCase(system, { name: 'E2E synthetic network case' });
        await b.store.addMember(system, kase.id, investigator.id);
        caseId = kase.id;
        await seedCase(b);
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

  test('the case page links to the explorer, which draws every node of a small network', async () => {
    await page.goto(new URL(`/cases/${caseId}`, backend!.base).toString());
    await page.getByTestId('case-network').click();
    await page.waitForURL((u) => u.pathname === `/cases/${caseId}/network`);
    await page.getByTestId('network-canvas').waitFor();

    const answer = await browser!.context.request.get(new URL(`/api/cases/${caseId}/network`, backend!.base).toString());
    assert.equal(answer.status(), 200);
    network = (await answer.json()) as Payload;
    // 10 persons and the group, plus the phone Broker 2 and Driver 6 share
    assert.ok(network.nodes.length >= 11, `nodes: ${network.nodes.map((n) => n.caption).join(', ')}`);

    await waitForShown(network.nodes.length);
    const c = await counts();
    assert.equal(c.total, network.nodes.length);
    assert.equal(c.rendered, c.shown, 'the canvas draws the node count the panel shows');
    assert.equal(c.renderedEdges, c.edges);
    assert.equal(c.edges, network.edges.length);
    await page.getByTestId('timeline-slider').waitFor();
    await screenshot(page, 'network-explorer');
    assert.deepEqual(pageErrors, []);
  });

  test('search selects a node without putting the name in the URL; expand shows its hidden neighbours', async () => {
    await find('recruit', ids.recruiter!);
    const panel = page.getByTestId('node-panel');
    await panel.getByTestId('node-caption').filter({ hasText: 'Recruiter 1' }).waitFor();
    assert.equal(await panel.getAttribute('data-id'), ids.recruiter);
    assert.doesNotMatch(decodeURIComponent(page.url()), /Recruit/i);
    assert.equal(await panel.getByTestId('node-entity-link').getAttribute('href'), `/entities/${ids.recruiter}`);

    // only Recruiter 1 and its neighbours
    const around = neighbours(ids.recruiter!);
    await panel.getByTestId('node-isolate').click();
    await waitForShown(1 + around.size);
    assert.equal((await counts()).rendered, 1 + around.size);

    // the group's hidden neighbours (Broker 2 and Financier 9 unless already shown) come back on Expand
    await find('Synthetic Group', ids.group!);
    const hidden = [...neighbours(ids.group!)].filter((n) => n !== ids.recruiter && !around.has(n));
    assert.ok(hidden.length > 0, 'the group has neighbours the recruiter has not');
    await page.getByTestId('node-expand').click();
    await waitForShown(1 + around.size + hidden.length);
    await page.getByTestId('node-expanded').waitFor();
    assert.ok(await page.getByTestId('node-expand').isDisabled(), 'nothing left to expand');

    // pinning marks the node
    await page.getByTestId('node-pin').click();
    assert.equal(await page.getByTestId('node-pin').getAttribute('aria-pressed'), 'true');
    await page.getByTestId('network-show-all').click();
    await waitForShown(network.nodes.length);
    assert.deepEqual(pageErrors, []);
  });

  test('communities colour the graph and show a legend', async () => {
    await page.getByTestId('communities-run').click();
    const legend = page.getByTestId('communities-legend');
    await legend.waitFor({ timeout: 30_000 });
    assert.ok((await legend.getByTestId('community').count()) >= 1);
    await screenshot(page, 'network-communities');
    assert.deepEqual(pageErrors, []);
  });

  test('a shortest path from Recruiter 1 to Person 8 is found and listed', async () => {
    await find('Recruiter 1', ids.recruiter!);
    await page.getByTestId('node-path-from').click();
    await page.getByTestId('path-picking').waitFor();
    await find('Person 8', ids.p8!);
    const result = page.getByTestId('path-result');
    await result.waitFor({ timeout: 30_000 });
    const first = result.getByTestId('path').first();
    const steps = await first.locator('.network-path-steps li').allTextContents();
    assert.equal(steps[0], 'Recruiter 1');
    assert.equal(steps.at(-1), 'Person 8');
    // Recruiter 1 – Group A – Broker 2 – (their shared phone) – Driver 6 – Person 7 – Person 8
    assert.ok(steps.includes('Driver 6') && steps.includes('Person 7'), `steps: ${steps.join(' → ')}`);
    await screenshot(page, 'network-path');

    await page.getByTestId('path-mode').selectOption('k3');
    await result.getByTestId('path').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('path-clear').click();
    assert.deepEqual(pageErrors, []);
  });

  test('a disruption plan for k = 1 is marked and compared before and after', async () => {
    await page.getByTestId('plan-k').fill('1');
    await page.getByTestId('plan-run').click();
    const table = page.getByTestId('plan-table');
    await table.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('plan-node').count(), 1);
    assert.equal(await table.locator('tbody tr').count(), 5);
    assert.ok(((await page.getByTestId('plan-explanation').textContent()) ?? '').trim().length > 0);
    await screenshot(page, 'network-plan');
    assert.deepEqual(pageErrors, []);
  });

  test('GEXF export downloads the case network with the current filter; SVG is drawn in the browser', async () => {
    const link = page.getByTestId('export-gexf');
    const href = await link.getAttribute('href');
    assert.match(href ?? '', new RegExp(`^/api/cases/${caseId}/network/export\\?format=gexf`));
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /\.gexf$/);
    const gexf = readFileSync((await download.path())!, 'utf8');
    assert.match(gexf, /^<\?xml[^>]*\?>\s*<gexf/);
    assert.equal(gexf.match(/<node /g)?.length, network.nodes.length);
    assert.ok(gexf.includes('Synthetic Group A'));

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const svg = readFileSync((await svgDownload.path())!, 'utf8');
    assert.match(svg, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(svg.match(/<circle /g)!.length >= network.nodes.length, true);
    assert.deepEqual(pageErrors, []);
  });

  test('in Arabic the explorer reads right to left with translated labels', async () => {
    await page.getByTestId('language-switcher').selectOption('ar');
    await page.locator('[data-testid="section-communities"] summary').filter({ hasText: msg(ar, 'network.communities') }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.locator('[data-testid="section-disruption"] summary').filter({ hasText: msg(ar, 'network.disruption') }).waitFor();
    assert.equal((await page.getByTestId('plan-run').textContent())?.trim(), msg(ar, 'network.runPlan'));
    await screenshot(page, 'network-ar');
    await page.getByTestId('language-switcher').selectOption('en');
    await page.locator('[data-testid="section-communities"] summary').filter({ hasText: msg(en, 'network.communities') }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
