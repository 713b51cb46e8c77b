/**
 * Single-subject screening over the API (issue 4 target: p99 < 10 ms): `POST /api/screening`
 * with a bearer token, the full path (token, permission, validation, the in-memory index, the
 * explanation of every match), against the UN and OFAC lists (../shared/data/sanctions when
 * present, else the committed extracts) on the embedded PGlite store. One connection, requests one
 * after another (the latency of a single query), then 8 connections (throughput); three 10-second
 * rounds each after a warm-up, the median round quoted.
 *
 *   node --import tsx bench/screening-api.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadBenchLists } from './screening/lists.ts';

const root = new URL('..', import.meta.url).pathname;
const shared = join(root, '../shared/data/sanctions');
const fixtures = join(root, 'packages/sanctions/test/fixtures');
const port = 19080 + Math.floor(Math.random() * 1000);

function listFiles(): { files: string[]; source: string } {
  if (existsSync(join(shared, 'un/UN_consolidated.xml'))) {
    return { files: [join(shared, 'un/UN_consolidated.xml'), join(shared, 'ofac-sdn-2021-07')], source: 'the full UN (2026-02) and OFAC (2021-07) lists' };
  }
  const ofac = mkdtempSync(join(tmpdir(), 'ariadne-bench-ofac-'));
  mkdirSync(ofac, { recursive: true });
  for (const name of ['sdn', 'alt', 'add', 'sdn_comments']) copyFileSync(join(fixtures, `ofac-${name}.csv`), join(ofac, `${name}.csv`));
  return { files: [join(fixtures, 'un-consolidated-extract.xml'), ofac], source: 'the committed extracts (../shared/data absent)' };
}

// queries: listed names respelled a little, and names that are on no list (synthetic)
const lists = await loadBenchLists();
const listed = [...lists.un, ...lists.ofac].filter((e) => e.schema === 'Person' || e.schema === 'Organization').map((e) => e.properties.name?.[0]).filter((n): n is string => !!n);
const queries = listed.flatMap((n, i) => [n.replace(/a/i, i % 2 ? 'e' : 'aa'), `Synthetic Testperson ${i.toString(36)} Nobody`]).slice(0, 5000);
const bodies = queries.map((name) => JSON.stringify({ name }));

const { files, source } = listFiles();
const server = spawn(process.execPath, ['--import', 'tsx', 'bench/screening-api-server.ts', String(port), ...files], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(server.stdout!, 'data')) as [Buffer];
const { token, imported } = JSON.parse(line.toString()) as { token: string; imported: string[] };

function round(seconds: number, connections: number): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`, connections, duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ method: 'POST', path: '/api/screening', setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
}

try {
  console.log(`\nscreening API on ${source} (${imported.join(', ')} designations), ${queries.length} distinct queries`);
  for (const connections of [1, 8]) {
    await round(3, connections);
    const results: autocannon.Result[] = [];
    for (let r = 0; r < 3; r++) results.push(await round(10, connections));
    results.sort((a, b) => a.latency.p99 - b.latency.p99);
    console.log(`${connections} connection(s)  req/s   p50 ms  p99 ms  non-2xx`);
    for (const r of results) console.log(`                 ${r.requests.average.toFixed(0).padStart(5)}  ${String(r.latency.p50).padStart(6)}  ${String(r.latency.p99).padStart(6)}  ${r.non2xx}`);
    const median = results[1]!;
    console.log(`median: ${median.requests.average.toFixed(0)} req/s, p99 ${median.latency.p99} ms${connections === 1 ? ` — target p99 < 10 ms: ${median.latency.p99 < 10 ? 'met' : 'NOT met'}` : ''}`);
    console.log(JSON.stringify({ bench: 'screening-api', connections, reqPerSec: Math.round(median.requests.average), p50Ms: median.latency.p50, p99Ms: median.latency.p99, non2xx: median.non2xx }));
  }
} finally {
  server.kill('SIGTERM');
}
