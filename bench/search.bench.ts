/**
 * Name search latency over the entities loaded by `import.bench.ts` (1M by default), on PostgreSQL
 * and PGlite: 200 queries built from stored names with a typo (last letter dropped) or a word
 * missing, through `store.search` as the API calls it. Target (issue 2): p95 < 100 ms.
 *
 *   node --import tsx bench/search.bench.ts
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf } from '@ariadne/store';
import { seededRandom } from './synthetic-entities.ts';

const root = new URL('..', import.meta.url).pathname;
const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
pgUrl.pathname = '/ariadne_bench';
const model = storeModelOf(loadModel());

const percentile = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

console.log('\nname search (store.search, 200 queries with typos)');
console.log('backend   entities   p50 ms  p95 ms  p99 ms  with hits');
for (const target of [{ kind: 'postgres', options: { databaseUrl: pgUrl.toString() } }, { kind: 'pglite', options: { dataDir: join(root, '.bench-data/pglite') } }] as const) {
  const store = await createStore({ ...target.options, model });
  const count = Number((await sql<{ n: string }>`select count(*) as n from entities`.execute(store.database.db)).rows[0]!.n);
  const names = (await sql<{ caption: string }>`select caption from entities where schema = 'Person' order by md5(id) limit 200`.execute(store.database.db)).rows.map((r) => r.caption);
  const rand = seededRandom(7);
  const queries = names.map((n) => {
    const words = n.split(' ');
    return rand() < 0.5 || words.length < 3 ? n.slice(0, -1) : words.slice(0, -1).join(' ');
  });
  for (const q of queries.slice(0, 20)) await store.search({ q, caseIds: [null] }); // warm-up
  const lat: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    const result = await store.search({ q, caseIds: [null], limit: 20 });
    lat.push(performance.now() - t);
    if (result.items.length > 0) hits++;
  }
  lat.sort((a, b) => a - b);
  console.log(`${target.kind.padEnd(9)} ${count.toString().padStart(8)}  ${percentile(lat, 50).toFixed(1).padStart(6)}  ${percentile(lat, 95).toFixed(1).padStart(6)}  ${percentile(lat, 99).toFixed(1).padStart(6)}  ${hits}/${queries.length}`);
  await store.close();
}
