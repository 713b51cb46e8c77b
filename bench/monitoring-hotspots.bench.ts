/**
 * Hot spots and emerging patterns benchmark (issue 7: "1,000,000 incidents aggregated to H3 and
 * analysed for emerging hotspots over 24 monthly steps in < 30 s on 2 cores").
 *
 *   node --import tsx bench/monitoring-hotspots.bench.ts
 *   BENCH_RUNS=5 BENCH_INCIDENTS=200000 BENCH_RESOLUTION=6 node --import tsx bench/monitoring-hotspots.bench.ts
 *
 * Data: seeded synthetic incidents in an invented region ("Testland", points inside lat 8…14,
 * lon 18…26; nothing here is a real place's data), 2024-01 … 2025-12 (24 months):
 * - background: 60% around 20 invented towns (Gaussian, σ 0.15°), 40% uniform over the region,
 *   with a flat rate over time;
 * - 5 planted emerging hot spots (Gaussian, σ 0.01°, about a hexagon and its ring at resolution
 *   7), 10,000 incidents each, none before month 13 and rising month by month after.
 * Planted cells: each planted centre's cell and its ring (gridDisk 1). Found: classified as new,
 * consecutive or intensifying hot spot. Recall = found / planted cells; "other hot" counts cells
 * more than 3 rings from every planted centre given one of those three categories.
 *
 * Phases per run (one thread; h3-js is synchronous WebAssembly): latLngToCell alone on every
 * point (to show what the H3 call costs), aggregation (aggregateToH3, latLngToCell included),
 * emerging hot spot analysis (study area, space-time Gi*, FDR, Mann-Kendall, classification).
 * Generation is not timed. Prints wall and CPU time of each run, the medians of BENCH_RUNS
 * (default 3), the load average (wall time on a shared machine includes waiting for a core) and peak RSS.
 * No assertions.
 */
import { loadavg } from 'node:os';
import { gridDisk, latLngToCell } from 'h3-js';
import { emergingHotSpots, type EhsaCategory } from '../packages/monitoring/src/spatial/emerging-hotspots.ts';
import { aggregateToH3 } from '../packages/monitoring/src/spatial/h3-aggregate.ts';
import type { Incident } from '../packages/monitoring/src/types.ts';
import { seededRandom } from '../packages/network/src/seeded-random.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TOTAL = Math.max(100_000, Number(process.env.BENCH_INCIDENTS ?? 1_000_000));
const RESOLUTION = Number(process.env.BENCH_RESOLUTION ?? 7);
const MONTHS = 24;
const PLANTED = [
  { lat: 9.2, lon: 19.4 }, { lat: 10.7, lon: 24.1 }, { lat: 12.3, lon: 21.0 }, { lat: 13.4, lon: 25.2 }, { lat: 11.1, lon: 18.9 },
];
const PER_PLANTED = 10_000;


function generate(): Incident[] {
  const random = seededRandom(2331);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Shared date strings and constant fields: the generator should not dominate memory.
  const dates = Array.from({ length: MONTHS * 28 }, (_, i) => {
    const m = Math.floor(i / 28);
    return `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  });
  const forms = ['forced_labour'] as const;
  const victims = [{ sex: 'unknown', ageBand: 'unknown', count: 1 }] as const;
  const towns = Array.from({ length: 20 }, () => ({ lat: 8.5 + random() * 5, lon: 18.5 + random() * 7 }));
  const incidents: Incident[] = new Array(TOTAL);
  const make = (i: number, lat: number, lon: number, month: number): Incident => ({
    id: `bench:${i}`, source: 'bench', date: dates[month * 28 + Math.floor(random() * 28)]!,
    place: { country: 'XX', lat, lon }, category: 'tip:exploitation', forms, verification: 'verified', victims,
  });
  const background = TOTAL - PLANTED.length * PER_PLANTED;
  for (let i = 0; i < background; i++) {
    const month = Math.floor(random() * MONTHS);
    if (random() < 0.6) {
      const town = towns[Math.floor(random() * towns.length)]!;
      incidents[i] = make(i, town.lat + 0.15 * gauss(), town.lon + 0.15 * gauss(), month);
    } else {
      incidents[i] = make(i, 8 + random() * 6, 18 + random() * 8, month);
    }
  }
  // Planted: months 12…23 with weight (month - 11), i.e. rising linearly from the 13th month.
  const weights = Array.from({ length: MONTHS }, (_, m) => Math.max(0, m - 11));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let at = background;
  for (const centre of PLANTED) {
    for (let j = 0; j < PER_PLANTED; j++) {
      let r = random() * weightSum;
      let month = 0;
      while (r >= weights[month]!) { r -= weights[month]!; month++; }
      incidents[at] = make(at, centre.lat + 0.01 * gauss(), centre.lon + 0.01 * gauss(), month);
      at++;
    }
  }
  return incidents;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const FOUND: readonly EhsaCategory[] = ['new-hot', 'consecutive-hot', 'intensifying-hot'];

console.log(`monitoring hot spots: ${TOTAL.toLocaleString('en')} synthetic incidents, H3 resolution ${RESOLUTION}, ${MONTHS} monthly steps, ${RUNS} run(s)`);
const incidents = generate();
const planted = new Set(PLANTED.flatMap((c) => gridDisk(latLngToCell(c.lat, c.lon, RESOLUTION), 1)));
// The planted spread (σ 0.01°) reaches a ring or two beyond the planted disk: cells there are not counted as false finds.
const nearPlanted = new Set(PLANTED.flatMap((c) => gridDisk(latLngToCell(c.lat, c.lon, RESOLUTION), 3)));
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const rows: { h3: number; aggregate: number; ehsa: number; total: number; cpuAggregate: number; cpuEhsa: number }[] = [];
let last: { recall: number; found: number; otherHot: number; cells: number; studyArea: number; summary: Record<string, number> } | undefined;
for (let run = 1; run <= RUNS; run++) {
  let t0 = performance.now();
  let sink = 0;
  for (const incident of incidents) sink += latLngToCell(incident.place.lat!, incident.place.lon!, RESOLUTION).length;
  const h3 = performance.now() - t0;

  t0 = performance.now();
  let c0 = cpuMs();
  const cube = aggregateToH3(incidents, { resolution: RESOLUTION, step: 'month', from: '2024-01-01', to: '2025-12-31' });
  const aggregate = performance.now() - t0;
  const cpuAggregate = cpuMs() - c0;
  t0 = performance.now();
  c0 = cpuMs();
  const result = emergingHotSpots(cube);
  const ehsa = performance.now() - t0;
  const cpuEhsa = cpuMs() - c0;
  rows.push({ h3, aggregate, ehsa, total: aggregate + ehsa, cpuAggregate, cpuEhsa });

  const category = new Map(result.locations.map((l) => [l.cell, l.category]));
  const found = [...planted].filter((cell) => FOUND.includes(category.get(cell) ?? 'no-pattern')).length;
  const otherHot = result.locations.filter((l) => !nearPlanted.has(l.cell) && FOUND.includes(l.category)).length;
  const summary = Object.fromEntries(Object.entries(result.summary).filter(([, n]) => n > 0));
  last = { recall: found / planted.size, found, otherHot, cells: cube.cells.length, studyArea: result.studyAreaCells, summary };
  console.log(`run ${run}: latLngToCell alone ${seconds(h3)} | aggregate ${seconds(aggregate)} | emerging hot spots ${seconds(ehsa)} | total ${seconds(aggregate + ehsa)} | CPU ${seconds(cpuAggregate)} + ${seconds(cpuEhsa)} (skipped ${cube.skipped.count}, check ${sink % 10})`);
}

const peakRssMb = process.resourceUsage().maxRSS / 1024;
const med = {
  h3: median(rows.map((r) => r.h3)), aggregate: median(rows.map((r) => r.aggregate)), ehsa: median(rows.map((r) => r.ehsa)), total: median(rows.map((r) => r.total)),
  cpuAggregate: median(rows.map((r) => r.cpuAggregate)), cpuEhsa: median(rows.map((r) => r.cpuEhsa)),
};
console.log('');
console.log(`median of ${RUNS}: aggregate ${seconds(med.aggregate)} (of which latLngToCell ≈ ${seconds(med.h3)}), emerging hot spots ${seconds(med.ehsa)}, total ${seconds(med.total)} (target < 30 s); CPU time aggregate ${seconds(med.cpuAggregate)}, emerging hot spots ${seconds(med.cpuEhsa)}`);
console.log(`load average while running: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (wall times on a loaded machine exceed the CPU times)`);
console.log(`peak RSS ${peakRssMb.toFixed(0)} MB (including the ${TOTAL.toLocaleString('en')} generated incident objects)`);
console.log(`cells with data ${last!.cells.toLocaleString('en')}, study area ${last!.studyArea.toLocaleString('en')} cells`);
console.log(`planted cells found (new/consecutive/intensifying hot): ${last!.found} of ${planted.size}, recall ${last!.recall.toFixed(3)}; cells more than 3 rings from any planted centre so classified: ${last!.otherHot}`);
console.log(`categories: ${JSON.stringify(last!.summary)}`);
console.log(JSON.stringify({ incidents: TOTAL, resolution: RESOLUTION, months: MONTHS, runs: RUNS, medianMs: med, peakRssMb: Math.round(peakRssMb), ...last }));
