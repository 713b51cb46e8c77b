/**
 * The monitoring map at 50,000 H3 hexagons (issue 7: "a map of 50,000 hexagons stays interactive
 * in the browser"), in headless Chromium against the real server, as e2e/helpers.ts runs them:
 * PGlite in memory, the built app.
 *
 *   node --import tsx bench/monitoring-map.bench.ts
 *   BENCH_MAP_CELLS=10000 BENCH_MAP_SECONDS=3 node --import tsx bench/monitoring-map.bench.ts
 *
 * 1. Builds the web app unless apps/web/dist is newer than every file under apps/web/src.
 * 2. Writes a synthetic HXL-tagged CSV: one verified incident at the centre of each of
 *    BENCH_MAP_CELLS H3 resolution-6 cells (the hotspots endpoint's default resolution), a
 *    contiguous disc of cells (gridDisk) around a point in the Sahel, dated over the last 24 full
 *    months, plus a denser patch in the middle so the hot spot classes are not all alike. It is
 *    imported through the API (POST /api/monitoring/datasets) as an officer would upload it.
 * 3. Asks the hotspots endpoint for the same period (its own time, cells answered), then opens the
 *    dashboard and records, in the page: time to the first drawn map (navigation start to the
 *    `ariadne:monitoring-map-first-render` mark when the map sets one; otherwise to the first
 *    animation frame after the map reports ready with every hexagon built, observed from the page)
 *    and the hotspots request's own time.
 * 4. Measures frame times (requestAnimationFrame deltas collected in the page) while the mouse pans
 *    (drags) and zooms (wheel) the map for BENCH_MAP_SECONDS. Prints median and p95 frame time and
 *    FPS, then one JSON line.
 *
 * Headless Chromium here renders WebGL on the CPU (SwiftShader) on 2 shared cores: frame times are
 * an upper bound of what a laptop GPU does.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { launchBrowser, ROOT, signIn, startBackend, WEB_ROOT } from '../e2e/helpers.ts';
import { measureFrames } from './frame-times.ts';

const CELLS = Number(process.env.BENCH_MAP_CELLS ?? 50_000);
const SECONDS = Number(process.env.BENCH_MAP_SECONDS ?? 5);
const RESOLUTION = 6;
/** extra incidents in the central cells: a hot patch */
const PATCH_RINGS = 4;
const PATCH_EXTRA = 6;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = `${dir}/${name}`;
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(`${WEB_ROOT}/index.html`).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newestMtime(`${ROOT}apps/web/src`)) return;
  console.error('bench: building the web app');
  execFileSync('npm', ['run', 'build', '-w', '@ariadne/web'], { cwd: ROOT, stdio: 'inherit' });
}

/** The 24 full months before this one, as [first day of the first, last day of the last]. */
function lastTwoYears(today = new Date()): { from: string; to: string; months: string[] } {
  const months: string[] = [];
  for (let back = 24; back >= 1; back--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: `${months[0]}-01`, to: end.toISOString().slice(0, 10), months };
}

/** One incident per cell of a disc of `cells` H3 cells (and a denser centre), as HXL-tagged CSV. */
function syntheticIncidents(cells: number, months: readonly string[]): { csv: string; cells: number; incidents: number } {
  const centre = latLngToCell(13.5, 8.0, RESOLUTION);
  let rings = 0;
  while (3 * rings * (rings + 1) + 1 < cells) rings++;
  const disc = gridDisk(centre, rings).slice(0, cells);
  const patch = new Set(gridDisk(centre, PATCH_RINGS));
  const lines = ['SYNTHETIC BENCHMARK DATA: invented incidents,,,,,', '#event+id,#date+occurred,#geo+lat,#geo+lon,#event+type,#status+verification'];
  let n = 0;
  disc.forEach((cell, i) => {
    const [lat, lon] = cellToLatLng(cell);
    const copies = patch.has(cell) ? 1 + PATCH_EXTRA : 1;
    for (let c = 0; c < copies; c++) {
      // the patch grows over the last months; the rest spreads evenly over the period
      const month = copies > 1 ? months[months.length - 1 - (c % 6)]! : months[i % months.length]!;
      const day = String(1 + ((i + c) % 28)).padStart(2, '0');
      lines.push(`BENCH-${++n},${month}-${day},${lat.toFixed(5)},${lon.toFixed(5)},tip:exploitation,verified`);
    }
  });
  return { csv: `${lines.join('\n')}\n`, cells: disc.length, incidents: n };
}


/**
 * Installed before the app loads: records when the map first reports ready while its summary
 * counts `expected` hexagons, then the next animation frame (MapLibre draws in a frame after the
 * data is set). A fallback for when the map component sets no performance mark of its own.
 */
function firstDrawnObserver(expected: number): string {
  return `(() => {
    const expected = ${expected};
    const check = () => {
      const map = document.querySelector('[data-testid="monitoring-map"][data-status="ready"]');
      if (!map || window.__mapDrawnAt !== undefined) return;
      const region = map.querySelector('[aria-describedby]');
      const summary = region && document.getElementById(region.getAttribute('aria-describedby'));
      const count = summary ? Number((summary.textContent.match(/[0-9][0-9.,\\u202f\\u00a0 ]*/) || ['0'])[0].replace(/[^0-9]/g, '')) : 0;
      if (count < expected) return;
      window.__mapDrawnAt = null;
      requestAnimationFrame(() => requestAnimationFrame((now) => { window.__mapDrawnAt = now; }));
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`;
}

async function main(): Promise<void> {
  ensureBuilt();
  const period = lastTwoYears();
  const data = syntheticIncidents(CELLS, period.months);
  const backend = await startBackend();
  const browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  try {
    const user = await backend.createUser('bench-map', 'Bench Map Officer', ['reporting_officer']);
    const page = browser.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, backend.base, user);
    browser.context.setDefaultTimeout(180_000);
    const api = browser.context.request;
    const { csrfToken } = (await (await api.get(`${backend.base}/api/auth/me`)).json()) as { csrfToken: string };

    const importStart = performance.now();
    const imported = await api.post(`${backend.base}/api/monitoring/datasets?kind=hxl&fileName=bench-map.hxl.csv`, {
      headers: { 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/octet-stream' }, data: Buffer.from(data.csv), timeout: 600_000,
    });
    if (imported.status() !== 201) throw new Error(`import answered ${imported.status()}: ${(await imported.text()).slice(0, 500)}`);
    const importSeconds = (performance.now() - importStart) / 1000;
    const dataset = ((await imported.json()) as { dataset: { items: number; problems: number } }).dataset;
    console.error(`bench: imported ${dataset.items} incidents (${dataset.problems} problems) in ${importSeconds.toFixed(1)} s`);

    const query = `from=${period.from}&to=${period.to}&resolution=${RESOLUTION}&step=month`;
    const apiStart = performance.now();
    const hot = await api.get(`${backend.base}/api/monitoring/hotspots?${query}`, { timeout: 600_000 });
    const hotspotsApiMs = Math.round(performance.now() - apiStart);
    const hotBody = (await hot.json()) as { cells: { hot: string }[]; worker: boolean; steps: string[] };
    const answeredCells = hotBody.cells.length;
    console.error(`bench: hotspots API ${hotspotsApiMs} ms, ${answeredCells} cells, ${hotBody.steps.length} steps, worker ${hotBody.worker}`);

    await page.addInitScript(firstDrawnObserver(Math.min(answeredCells, data.cells)));
    await page.goto(new URL('/monitoring', backend.base).toString());
    await page.locator('[data-testid="monitoring-map"]').first().waitFor();
    // the dashboard opens on every verified incident (no period filter): the whole synthetic set
    // a function, not a string: the app's CSP forbids eval, which a string predicate needs
    await page.waitForFunction(() => ((window as unknown as { __mapDrawnAt?: number | null }).__mapDrawnAt ?? 0) > 0, undefined, { timeout: 300_000, polling: 100 });
    const timing = await page.evaluate(() => {
      const mark = performance.getEntriesByName('ariadne:monitoring-map-first-render')[0];
      const w = window as unknown as { __mapDrawnAt: number };
      const requests = performance.getEntriesByType('resource').filter((r) => /\/api\/monitoring\/hotspots(\?|$)/.test(r.name)) as PerformanceResourceTiming[];
      const request = requests[requests.length - 1];
      return {
        firstRenderMs: Math.round(mark ? mark.startTime : w.__mapDrawnAt), firstRenderSource: mark ? 'performance mark' : 'observed',
        hotspotsRequestMs: request ? Math.round(request.duration) : null, hotspotsBytes: request?.transferSize ?? null,
      };
    });
    const region = page.locator('.monitoring-map-canvas');
    const summaryId = await region.getAttribute('aria-describedby');
    const summary = (await page.locator(`[id="${summaryId}"]`).textContent()) ?? '';
    const drawnHexagons = Number((/[0-9][0-9.,\u202f\u00a0 ]*/.exec(summary)?.[0] ?? '0').replace(/[^0-9]/g, ''));

    const panZoom = await measureFrames(page, page.locator('.monitoring-map-canvas canvas').first(), SECONDS);

    const result = {
      bench: 'monitoring-map', cells: data.cells, incidents: data.incidents, resolution: RESOLUTION, answeredCells, drawnHexagons,
      hotspotsWorker: hotBody.worker, importSeconds: Math.round(importSeconds * 10) / 10, hotspotsApiMs, ...timing, panZoom,
      pageErrors: errors.length, seconds: SECONDS, renderer: 'headless Chromium, SwiftShader (CPU WebGL)',
    };
    console.log(`\nmonitoring map: ${drawnHexagons.toLocaleString('en')} hexagons drawn (${data.cells.toLocaleString('en')} cells, ${data.incidents.toLocaleString('en')} incidents, H3 resolution ${RESOLUTION})`);
    console.log(`hotspots API ${hotspotsApiMs} ms; time to first drawn map ${timing.firstRenderMs} ms (${timing.firstRenderSource}; hotspots request in the page ${timing.hotspotsRequestMs} ms)\n`);
    console.log('| map pan/zoom | frames | median ms | p95 ms | FPS |\n|---|---|---|---|---|');
    console.log(`| ${drawnHexagons} hexagons | ${panZoom.frames} | ${panZoom.medianMs} | ${panZoom.p95Ms} | ${panZoom.fps} |`);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    await backend.close();
  }
}

await main();
