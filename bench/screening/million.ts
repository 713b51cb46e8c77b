/**
 * Child process of the screening benchmark: builds a `buildIndex` over N (default 1,000,000)
 * SYNTHETIC person names — recombinations of real list name tokens (a given name, up to two
 * middle names, a family name, each drawn from a different listed person), so no generated name
 * is a listed person — then prints one JSON line: build time, heap after GC, peak RSS, and
 * screenQuery latency over the index. Run with --max-old-space-size=2048 --expose-gc.
 *
 *   node --max-old-space-size=2048 --expose-gc --import tsx bench/screening/million.ts 1000000
 */
import type { EntityData } from '@ariadne/schema';
import { buildIndex, screenQuery } from '@ariadne/sanctions';
import { loadBenchLists } from './lists.ts';
import { seededRng } from './prng.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const rng = seededRng(1_000_000);
const lists = await loadBenchLists();
const given: string[] = [];
const middle: string[] = [];
const family: string[] = [];
for (const e of [...lists.un, ...lists.ofac]) {
  if (e.schema !== 'Person') continue;
  const p = e.properties;
  const tokens = (p.firstName?.[0] && p.lastName?.[0] ? `${p.firstName[0]} ${p.lastName[0]}` : p.name?.[0] ?? '').replace(/,/g, '').split(/\s+/).filter((t) => /^\p{L}[\p{L}'-]*$/u.test(t));
  if (tokens.length < 2) continue;
  given.push(tokens[0]!);
  family.push(tokens.at(-1)!);
  middle.push(...tokens.slice(1, -1));
}

function* synthetic(): Generator<EntityData> {
  for (let i = 0; i < N; i++) {
    const parts = [rng.pick(given)];
    const middles = rng.int(3);
    for (let m = 0; m < middles && middle.length > 0; m++) parts.push(rng.pick(middle));
    parts.push(rng.pick(family));
    yield { id: `synthetic-${i}`, schema: 'Person', properties: { name: [parts.join(' ')] } };
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const index = buildIndex([{ list: 'synthetic', entities: synthetic() }]);
const buildSeconds = (performance.now() - started) / 1000;
gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

// Latency over the 1M index: 2,000 queries of two or three real tokens (the common case of a
// screened person), each timed alone.
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const name = [rng.pick(given), ...(rng.next() < 0.5 ? [rng.pick(middle)] : []), rng.pick(family)].join(' ');
  const t = performance.now();
  screenQuery(index, { id: `q${i}`, name });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!;
console.log(JSON.stringify({
  names: index.names.length, buildSeconds, heapMb, peakRssMb: process.resourceUsage().maxRSS / 1024,
  p50Ms: pct(0.5), p99Ms: pct(0.99), source: lists.source,
}));
