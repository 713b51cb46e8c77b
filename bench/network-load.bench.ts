/**
 * Network load benchmark (issue 5: "graph load of 5,000,000 edges from the store in < 30 s").
 *
 *   node --import tsx bench/network-load.bench.ts
 *   BENCH_NETWORK_EDGES=200000 BENCH_RUNS=1 node --import tsx bench/network-load.bench.ts
 *
 * Fills a throw-away database on the PostgreSQL server (TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test) with one case of BENCH_NETWORK_EDGES / 5 synthetic
 * persons ("Person 17"; a fifth with an invented +999 phone number, many shared) and
 * BENCH_NETWORK_EDGES relations between them (Payment, Associate, Family; endpoints skewed so
 * low-numbered persons become hubs) through the store's bulk write path `writeBatch` (see `fill`
 * for the one shortcut), a hundredth of the relations confirmed by a second source. Then, each run
 * in a child process of its own so its peak RSS is its own, BENCH_RUNS times (default 3):
 * - `read`: `store.readNetworkEntities` alone (the binary COPY path of a server);
 * - `build`: read + `buildNetworkAsync` + `indexNetwork`, the graph the analyses run on;
 * - `pages`: the keyset-page path PGlite uses, run on the server for comparison.
 * BENCH_NETWORK_MODES picks them (default `read,build`; e.g. `read,build,pages` or `pages`).
 * Each run reports wall time, its own CPU time and, when the server runs on this machine, the CPU
 * time of the server process that answered the read (from /proc): on a shared machine, wall time
 * follows the load while CPU time shows the work. Prints a table of medians and a JSON line, then
 * drops the database.
 *
 * BENCH_NETWORK_DB=<name> reuses (and keeps) an already filled database; BENCH_NETWORK_KEEP=1
 * keeps the one it fills, for iterating on the read.
 *
 * Last measured (2026-12-07, the 2-core project machine shared with other work at a load average
 * of 5-8, so wall times are inflated; CPU seconds are the steadier figure), 5M relations + 1M
 * persons, median of 3: fill 571 s; read 37.8 s wall (20.7 s CPU here + 15.2 s server, peak RSS
 * 305 MB); read + build + index 119 s wall (76.4 s CPU here, 2.2 GB peak RSS), against 30 s.
 * The read variants, each on the same data:
 * - keyset pages of 10,000 through node-postgres, sources by a per-entity subquery: with the
 *   server's default JIT, 168 ms of compiling per page; without it 103.9 s wall, 33.6 s CPU here
 *   + 31.9 s server (the path PGlite keeps);
 * - one binary COPY, rows decoded in the socket handler: 57.6 s wall, 32.0 + 17.8 s CPU;
 * - the same, batches kept as raw bytes and decoded when taken (less old-generation GC): 37.8 s
 *   wall, 20.7 + 15.2 s CPU (the path the store takes on a server).
 * Server side alone (psql, COPY to /dev/null, load ~12): sources by a per-entity probe of the
 * statements' key 109 s; by aggregating all statements in key order 124 s (the planner hashed and
 * spilled); from the `statements_network` index (migration 0006), merged in id order, 46 s; the
 * same as a hash join with 1 GB of work_mem 74 s. At load ~5 the parts were: entities without
 * properties 4.0 s, with them 10.2 s (jsonb to text is the single largest cost), in id order
 * 13.0 s; the sources aggregate 9.4 s. In the client, JSON.parse of the properties is about 2 µs
 * of the 2.3 µs a row of decoding, and closures made per row cost more than that under tsx
 * (esbuild's keepNames wraps each one). Profile of read + build on 3M rows: the builder's id map
 * 7.9 s, garbage collection 7.3 s, decoding 7.2 s, indexNetwork 3.0 s, compactGraph 2.5 s.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadModel } from '@ariadne/schema';
import { createStore, statementId, storeModelOf, type BulkEntity, type NetworkReadQuery, type OpenedStore } from '@ariadne/store';
import { buildNetworkAsync, indexNetwork, networkModelOf } from '@ariadne/network';
import { readNetworkEntities } from '../packages/store/src/network-reads.ts';
import { seededRandom } from './synthetic-entities.ts';

const CASE_ID = 'bench-network-case';
const SOURCE_A = 'bench:ledger-a';
const SOURCE_B = 'bench:ledger-b';
const actor = { kind: 'system', id: 'bench' } as const;
type Mode = 'read' | 'build' | 'pages';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const urlOf = (db: string) => { const u = new URL(adminUrl); u.pathname = `/${db}`; return u.toString(); };

if (process.argv[2] === '--measure') await measure(process.argv[3]!, process.argv[4] as Mode);
else await main();

interface Measured { seconds: number; rows: number; cpuSeconds: number; serverCpuSeconds: number | null; peakRssMB: number; nodes?: number; edges?: number }

async function main(): Promise<void> {
  const edges = Number(process.env.BENCH_NETWORK_EDGES ?? 5_000_000);
  const persons = Math.max(2, Math.round(edges / 5));
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const reuse = process.env.BENCH_NETWORK_DB;
  const dbName = reuse ?? `ariadne_netbench_${randomBytes(4).toString('hex')}`;
  const keep = Boolean(reuse) || process.env.BENCH_NETWORK_KEEP === '1';
  const modes = (process.env.BENCH_NETWORK_MODES ?? 'read,build').split(',').filter((m): m is Mode => m === 'read' || m === 'build' || m === 'pages');
  try {
    if (!reuse) {
      await admin(`create database ${dbName}`);
      const t = performance.now();
      await fill(urlOf(dbName), persons, edges);
      console.log(`filled ${dbName}: ${persons.toLocaleString('en')} persons, ${edges.toLocaleString('en')} relations in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    const results = new Map<Mode, Measured[]>(modes.map((m) => [m, []]));
    for (let i = 0; i < runs; i++) {
      for (const mode of modes) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', urlOf(dbName), mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
        const r = JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
        results.get(mode)!.push(r);
        console.log(`  run ${i + 1} ${mode}: ${r.seconds.toFixed(1)} s, ${r.rows.toLocaleString('en')} rows, CPU ${r.cpuSeconds.toFixed(1)} s here${r.serverCpuSeconds === null ? '' : ` + ${r.serverCpuSeconds.toFixed(1)} s server`}, peak RSS ${r.peakRssMB.toFixed(0)} MB${r.nodes === undefined ? '' : `, ${r.nodes.toLocaleString('en')} nodes, ${r.edges!.toLocaleString('en')} edges`}`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = Object.fromEntries([...results].map(([mode, rs]) => [mode, {
      seconds: median(rs.map((r) => r.seconds)),
      rowsPerSecond: median(rs.map((r) => r.rows / r.seconds)),
      cpuSeconds: median(rs.map((r) => r.cpuSeconds)),
      serverCpuSeconds: rs.some((r) => r.serverCpuSeconds === null) ? null : median(rs.map((r) => r.serverCpuSeconds!)),
      peakRssMB: Math.max(...rs.map((r) => r.peakRssMB)),
    }]));
    const target = 30 * (edges / 5e6);
    const label: Record<Mode, string> = { read: 'read (COPY)', build: 'read+build+index', pages: 'read (keyset pages)' };
    console.log(`\nnetwork load of ${edges.toLocaleString('en')} relations + ${persons.toLocaleString('en')} persons from PostgreSQL (median of ${runs})`);
    console.log('phase                  wall s    rows/s  CPU s here  CPU s server  peak RSS MB  target s');
    for (const [mode, s] of Object.entries(summary) as [Mode, (typeof summary)[string]][]) {
      console.log(`${label[mode].padEnd(20)} ${s.seconds.toFixed(1).padStart(8)} ${Math.round(s.rowsPerSecond).toString().padStart(9)} ${s.cpuSeconds.toFixed(1).padStart(11)} ${(s.serverCpuSeconds?.toFixed(1) ?? '-').padStart(13)} ${s.peakRssMB.toFixed(0).padStart(12)}  ${mode === 'build' ? target.toFixed(0).padStart(8) : ''}`);
    }
    console.log(JSON.stringify({ bench: 'network-load', edges, persons, runs, ...summary, targetSeconds: target }));
  } finally {
    if (!keep) await admin(`drop database if exists ${dbName} with (force)`);
    else console.log(`kept database ${dbName}`);
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try { await client.query(statement); } finally { await client.end(); }
}

async function openStore(url: string, maxConnections = 4): Promise<OpenedStore> {
  return createStore({ databaseUrl: url, maxConnections, model: storeModelOf(loadModel()) });
}

async function measure(url: string, mode: Mode): Promise<void> {
  // one connection for the page path, so the server process watched is the one that answers
  const store = await openStore(url, mode === 'pages' ? 1 : 4);
  const query: NetworkReadQuery = { caseIds: [CASE_ID], includeSealed: false };
  const serverCpu = await watchServerCpu(url, mode === 'pages' ? 'ariadne-bench-pages' : 'ariadne-network-read');
  // JIT off as on the COPY path (PGlite, where pages run in production, has no JIT)
  if (mode === 'pages') await store.database.executeSql("set application_name = 'ariadne-bench-pages'; set jit = off");
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  const source = mode === 'pages' ? readNetworkEntities({ db: store.database.db } as never, query, null) : store.readNetworkEntities(query);
  const batches = (async function* () {
    for await (const batch of source) {
      rows += batch.length;
      yield batch;
    }
  })();
  let shape: { nodes?: number; edges?: number } = {};
  if (mode === 'build') {
    const { graph } = indexNetwork(await buildNetworkAsync(batches, networkModelOf(loadModel()), { caseIds: [CASE_ID] }));
    shape = { nodes: graph.n, edges: graph.m };
  } else {
    for await (const batch of batches) void batch;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverCpuSeconds = await serverCpu.stop();
  await store.close();
  console.log(JSON.stringify({ seconds, rows, cpuSeconds: (used.user + used.system) / 1e6, serverCpuSeconds, peakRssMB: process.resourceUsage().maxRSS / 1024, ...shape }));
}

/**
 * CPU seconds of the server process answering the read, found by its application name and read
 * from /proc every 100 ms (the last reading before it exits is within 100 ms of its total). Null
 * when the server is not on this machine.
 */
async function watchServerCpu(url: string, applicationName: string): Promise<{ stop(): Promise<number | null> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pids = new Map<number, number>();
  let visible = true;
  const poll = async () => {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [applicationName]);
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        pids.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        visible = false;
      }
    }
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await poll().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await poll().catch(() => undefined);
      await client.end();
      return visible && pids.size > 0 ? [...pids.values()].reduce((a, b) => a + b, 0) : null;
    },
  };
}

/**
 * The synthetic case through `writeBatch`, as an import writes it (batches of 5,000, two writers,
 * search indexes suspended meanwhile). The second source's confirmations are inserted as the
 * statement rows `writeBatch` would write for them (same ids, columns and times) but directly:
 * `writeBatch` re-merges an entity it already holds one statement query at a time, about 40
 * entities/s on the loaded project machine, which would make 50,000 confirmations take 20 minutes.
 */
async function fill(url: string, persons: number, edges: number): Promise<void> {
  const store = await openStore(url);
  const model = storeModelOf(loadModel());
  try {
    await store.createCase(actor, { id: CASE_ID, name: 'Synthetic network benchmark' });
    await store.suspendSearchIndexes();
    const rand = seededRandom(2331);
    // skewed endpoints: person i is picked with density ~ 1/sqrt(i), so low numbers are hubs
    const person = () => `p-${Math.floor(persons * rand() * rand()).toString(36)}`;
    const phones = Math.max(1, Math.floor(persons / 20));
    const confirmations: { entity: string; schema: string; prop: string; value: string }[] = [];
    function* entities(): Generator<BulkEntity> {
      for (let i = 0; i < persons; i++) {
        const properties: Record<string, string[]> = { name: [`Person ${i}`] };
        if (rand() < 0.2) properties.phone = [`+999555${Math.floor(rand() * phones).toString().padStart(6, '0')}`];
        yield { id: `p-${i.toString(36)}`, schema: 'Person', properties };
      }
      for (let i = 0; i < edges; i++) {
        const id = `r-${i.toString(36)}`;
        const a = person();
        const b = person();
        const kind = rand();
        const entity: BulkEntity = kind < 0.5
          ? { id, schema: 'Payment', properties: { payer: [a], beneficiary: [b], amount: [String(100 + Math.floor(rand() * 10000))], date: [`${2012 + Math.floor(rand() * 12)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`] } }
          : kind < 0.8
            ? { id, schema: 'Associate', properties: { person: [a], associate: [b], relationship: ['business partner'] } }
            : { id, schema: 'Family', properties: { person: [a], relative: [b], relationship: ['cousin'] } };
        yield entity;
        // one tie in a hundred is confirmed by a second source naming the same first endpoint
        if (rand() < 0.01) {
          const [prop, values] = Object.entries(entity.properties)[0]!;
          confirmations.push({ entity: id, schema: entity.schema, prop, value: values[0]! });
        }
      }
    }
    const BATCH = 5000;
    const pending = new Set<Promise<void>>();
    let importSeq = 0;
    const flush = async (list: BulkEntity[]) => {
      const result = await store.writeBatch(actor, { caseId: CASE_ID, importId: `bench-import-${importSeq++}`, source: SOURCE_A, entities: list });
      if (result.rejected.length > 0) throw new Error(`writeBatch rejected ${result.rejected.length}: ${result.rejected[0]!.reason}`);
    };
    let list: BulkEntity[] = [];
    let written = 0;
    const t = performance.now();
    for (const entity of entities()) {
      list.push(entity);
      if (list.length < BATCH) continue;
      const p = flush(list).finally(() => pending.delete(p));
      pending.add(p);
      list = [];
      if (pending.size >= 2) await Promise.race(pending);
      written += BATCH;
      if (written % 500_000 === 0) console.log(`  ${written.toLocaleString('en')} entities written, ${Math.round(written / ((performance.now() - t) / 1000))}/s`);
    }
    await Promise.all(pending);
    if (list.length > 0) await flush(list);
    const at = new Date();
    for (let i = 0; i < confirmations.length; i += BATCH) {
      const rows = confirmations.slice(i, i + BATCH);
      await store.database.executeSql(`
        insert into statements (id, entity_id, case_id, schema, prop, value, is_ref, source, import_id, user_id, evidence_id, first_seen, last_seen)
        select s.id, s.entity_id, $1, s.schema, s.prop, s.value, s.is_ref, $2, $3, null, null, $4, $4
        from unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[]) as s(id, entity_id, schema, prop, value, is_ref)`, [
        CASE_ID, SOURCE_B, `bench-import-confirm-${i}`, at,
        rows.map((r) => statementId(CASE_ID, SOURCE_B, r.entity, r.prop, r.value)), rows.map((r) => r.entity), rows.map((r) => r.schema),
        rows.map((r) => r.prop), rows.map((r) => r.value), rows.map((r) => model.isReference(r.schema, r.prop)),
      ]);
    }
    await store.refreshSearchIndexes();
    // as autovacuum would after a load: statistics, and the visibility map index-only scans need
    await store.database.executeSql('vacuum analyze');
  } finally {
    await store.close();
  }
}
