/**
 * Entity read API under load: autocannon with 64 connections against `GET /api/entities/:id`
 * (random ids, bearer token, the full access path: token lookup, permissions, case rules) on the
 * PostgreSQL database loaded by `import.bench.ts`. Target (issue 2): ≥ 2,000 requests/s, p99 < 50 ms.
 * Three 10-second rounds after a warm-up; the median round is quoted.
 *
 *   node --import tsx bench/api-read.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf } from '@ariadne/store';
import { generateApiToken, sha256Hex } from '@ariadne/access';
import { sql } from 'kysely';

const root = new URL('..', import.meta.url).pathname;
const adminUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
adminUrl.pathname = '/ariadne_bench';
// A server next to its database talks to it over the Unix socket when there is one: on this
// machine a TCP round trip on loopback costs 2.5× a socket one (0.26 vs 0.10 ms per query).
const socketDir = '/var/run/postgresql';
const url = process.env.BENCH_TCP !== '1' && existsSync(`${socketDir}/.s.PGSQL.5432`)
  ? `postgres://${adminUrl.username || 'postgres'}@localhost/ariadne_bench?host=${socketDir}`
  : adminUrl.toString();
const port = 18080 + Math.floor(Math.random() * 1000);

const store = await createStore({ databaseUrl: url, model: storeModelOf(loadModel()) });
const username = `bench-${Date.now()}`;
const user = await store.createUser({ kind: 'system', id: 'bench' }, { username, displayName: 'Bench reader', roles: ['analyst'], passwordHash: 'unused' });
const token = generateApiToken();
await store.createApiToken({ kind: 'system', id: 'bench' }, { id: token.id, userId: user.id, name: 'bench', secretHash: sha256Hex(token.secret), expiresAt: null });
const sample = await sql<{ id: string }>`select id from entities where case_id is null and not sealed order by random() limit 5000`.execute(store.database.db);
const ids = sample.rows.map((r) => r.id);
const total = await sql<{ n: string }>`select count(*) as n from entities`.execute(store.database.db);
await store.close();
if (ids.length === 0) throw new Error('no entities: run bench/import.bench.ts first');

const server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : []), '--import', 'tsx', 'bench/api-server.ts', url, String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
await once(server.stdout!, 'data');

function round(seconds: number): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 64,
    duration: seconds,
    headers: { authorization: `Bearer ${token.token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/entities/${ids[i++ % ids.length]}` }) }],
  });
}

try {
  await round(3);
  const results: autocannon.Result[] = [];
  for (let r = 0; r < 3; r++) results.push(await round(10));
  results.sort((a, b) => a.requests.average - b.requests.average);
  console.log(`\nentity read API, 64 connections, ${Number(total.rows[0]!.n).toLocaleString('en')} entities on PostgreSQL (${url.includes('host=/') ? 'Unix socket' : 'TCP'})`);
  console.log('round  req/s   p50 ms  p99 ms  non-2xx');
  for (const r of results) console.log(`       ${r.requests.average.toFixed(0).padStart(5)}  ${String(r.latency.p50).padStart(6)}  ${String(r.latency.p99).padStart(6)}  ${r.non2xx}`);
  const median = results[1]!;
  console.log(`median ${median.requests.average.toFixed(0)} req/s, p99 ${median.latency.p99} ms — target ≥ 2000 req/s, p99 < 50 ms: ${median.requests.average >= 2000 && median.latency.p99 < 50 ? 'met' : 'NOT met'}`);
} finally {
  server.kill('SIGTERM');
}
