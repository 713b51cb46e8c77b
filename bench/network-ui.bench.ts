/**
 * The network explorer at 10,000 nodes and 50,000 ties (issue 5 §4: "stays smooth"), in headless
 * Chromium against the real server, as e2e/helpers.ts runs them: PGlite in memory, the built app.
 *
 *   node --import tsx bench/network-ui.bench.ts
 *   BENCH_UI_NODES=2000 BENCH_UI_EDGES=10000 BENCH_UI_SECONDS=3 node --import tsx bench/network-ui.bench.ts
 *
 * 1. Builds the web app unless apps/web/dist is newer than every file under apps/web/src.
 * 2. Writes a synthetic case as FtM JSON lines and imports it into the store (importFtm): persons
 *    ("Person 123") and armed groups ("Group 7"), tied by memberships, payments and associations
 *    chosen by preferential attachment (a few hubs, many people with a handful of ties), dated over
 *    four years so the timeline has something to show. Ties are distinct pairs, so none merge.
 * 3. Opens the explorer and records, in the page: time to the first drawn network (navigation start
 *    to the explorer's `ariadne:network-first-render` mark) and the network request's own time.
 * 4. Measures frame times (requestAnimationFrame deltas collected in the page) while the mouse pans
 *    and zooms the camera for BENCH_UI_SECONDS, in three phases: the initial view (the 500 best
 *    connected nodes), every node shown while the layout still runs, and every node after it
 *    stopped. Prints median and p95 frame time and FPS per phase, then one JSON line.
 *
 * Headless Chromium here renders WebGL on the CPU (SwiftShader) on 2 shared cores: frame times are
 * an upper bound of what a laptop GPU does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFtm } from '@ariadne/ingest';
import { loadModel } from '@ariadne/schema';
import { launchBrowser, ROOT, signIn, startBackend, system, WEB_ROOT } from '../e2e/helpers.ts';
import { seededRandom } from '../packages/network/src/seeded-random.ts';
import { measureFrames, type FrameStats } from './frame-times.ts';

const NODES = Number(process.env.BENCH_UI_NODES ?? 10_000);
const EDGES = Number(process.env.BENCH_UI_EDGES ?? 50_000);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 5);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const index = join(WEB_ROOT, 'index.html');
  let built = 0;
  try {
    built = statSync(index).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newestMtime(join(ROOT, 'apps/web/src'))) return;
  console.error('bench: building the web app');
  execFileSync('npm', ['run', 'build', '-w', '@ariadne/web'], { cwd: ROOT, stdio: 'inherit' });
}


/** FtM JSON lines of the synthetic case: NODES entities, EDGES distinct ties between them. */
function syntheticCase(path: string): void {
  const rand = seededRandom(2331);
  const groups = Math.max(1, Math.round(NODES / 50));
  const lines: string[] = [];
  const id = (i: number) => `ui-bench-${i}`;
  for (let i = 0; i < NODES; i++) {
    lines.push(JSON.stringify(i < groups
      ? { id: id(i), schema: 'Organization', properties: { name: [`Group ${i}`] } }
      : { id: id(i), schema: 'Person', properties: { name: [`Person ${i}`] } }));
  }
  // preferential attachment: pick an endpoint from the list of endpoints so far, so hubs grow
  const ends: number[] = [];
  const seen = new Set<string>();
  const date = () => `${2014 + Math.floor(rand() * 4)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  let made = 0;
  let attempts = 0;
  while (made < EDGES && attempts < EDGES * 20) {
    attempts++;
    const a = made < NODES ? made % NODES : Math.floor(rand() * NODES);
    const b = ends.length && rand() < 0.8 ? ends[Math.floor(rand() * ends.length)]! : Math.floor(rand() * NODES);
    if (a === b) continue;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ends.push(a, b);
    const r = id(NODES + made);
    const person = a >= groups ? a : b;
    const other = person === a ? b : a;
    if (other < groups) {
      lines.push(JSON.stringify({ id: r, schema: 'Membership', properties: { member: [id(person)], organization: [id(other)], startDate: [date()] } }));
    } else if (rand() < 0.3) {
      lines.push(JSON.stringify({ id: r, schema: 'Payment', properties: { payer: [id(a)], beneficiary: [id(b)], amount: ['100'], date: [date()] } }));
    } else {
      lines.push(JSON.stringify({ id: r, schema: 'Associate', properties: { person: [id(a)], associate: [id(b)], startDate: [date()] } }));
    }
    made++;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}


async function main(): Promise<void> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-ui-bench-'));
  const backend = await startBackend();
  const browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  try {
    const user = await backend.createUser('bench-ui', 'Bench UI Analyst', ['investigator']);
    const kase = await backend.store.createCase(system, { name: 'Synthetic network benchmark case' });
    await backend.store.addMember(system, kase.id, user.id);
    const file = join(dir, 'case.ftm.jsonl');
    syntheticCase(file);
    const importStart = performance.now();
    const report = await importFtm({ store: backend.store, model: loadModel(), actor: system, input: { path: file }, caseId: kase.id, source: 'bench:ui', batchSize: 2000 });
    const importSeconds = (performance.now() - importStart) / 1000;
    console.error(`bench: imported ${report.rowsOk} entities in ${importSeconds.toFixed(1)} s (${report.rowsFailed} failed)`);

    const page = browser.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, backend.base, user);
    browser.context.setDefaultTimeout(120_000);
    await page.goto(new URL(`/cases/${kase.id}/network`, backend.base).toString());
    await page.locator('[data-testid="network-canvas"][data-rendered-nodes]').waitFor();
    const timing = await page.evaluate(() => {
      const mark = performance.getEntriesByName('ariadne:network-first-render')[0];
      const request = performance.getEntriesByType('resource').find((r) => /\/api\/cases\/[^/]+\/network(\?|$)/.test(r.name)) as PerformanceResourceTiming | undefined;
      return { firstRenderMs: mark ? Math.round(mark.startTime) : null, networkRequestMs: request ? Math.round(request.duration) : null, networkBytes: request?.transferSize ?? null };
    });
    const counts = page.getByTestId('network-counts');
    const total = Number(await counts.getAttribute('data-total'));
    const initialShown = Number(await counts.getAttribute('data-nodes'));
    const edgesLoaded = await page.evaluate(async (caseId) => {
      const answer = await fetch(`/api/cases/${caseId}/network`, { credentials: 'same-origin' });
      const body = (await answer.json()) as { edges: unknown[]; truncated: boolean };
      return { edges: body.edges.length, truncated: body.truncated };
    }, kase.id);

    const initial = await measureFrames(page, page.getByTestId('network-canvas'), SECONDS);
    if (initialShown < total) await page.getByTestId('network-show-all').click();
    await page.locator(`[data-testid="network-counts"][data-nodes="${total}"]`).waitFor();
    const shownEdges = Number(await counts.getAttribute('data-edges'));
    await page.getByTestId('layout-run').click();
    const duringLayout = await measureFrames(page, page.getByTestId('network-canvas'), Math.min(SECONDS, 4));
    await page.getByTestId('layout-run').waitFor();
    const allNodes = await measureFrames(page, page.getByTestId('network-canvas'), SECONDS);

    const result = {
      bench: 'network-ui', nodes: total, edges: edgesLoaded.edges, truncated: edgesLoaded.truncated, importSeconds: Math.round(importSeconds * 10) / 10,
      ...timing, initialShown, initial, allShown: { nodes: total, edges: shownEdges }, duringLayout, allNodes, pageErrors: errors.length,
      seconds: SECONDS, renderer: 'headless Chromium, SwiftShader (CPU WebGL)',
    };
    const row = (name: string, s: FrameStats) => `| ${name} | ${s.frames} | ${s.medianMs} | ${s.p95Ms} | ${s.fps} |`;
    console.log(`\nnetwork explorer: ${total.toLocaleString('en')} nodes, ${edgesLoaded.edges.toLocaleString('en')} ties${edgesLoaded.truncated ? ' (truncated)' : ''}`);
    console.log(`time to first render ${timing.firstRenderMs} ms (network request ${timing.networkRequestMs} ms)\n`);
    console.log('| camera pan/zoom | frames | median ms | p95 ms | FPS |\n|---|---|---|---|---|');
    console.log(row(`initial view (${initialShown} nodes)`, initial));
    console.log(row(`all ${total} nodes, layout running`, duringLayout));
    console.log(row(`all ${total} nodes, ${shownEdges} ties`, allNodes));
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
