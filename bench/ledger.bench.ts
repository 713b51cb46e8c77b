/**
 * Ledger benchmark (issue 3 targets): journal appends through `appendJournalEntries` — which
 * now grow the Merkle log's tiles in the same transaction — in transactions of 100 entries and
 * of 1, on PGlite (on disk) and on the PostgreSQL server (median of BENCH_RUNS runs, default 3);
 * then inclusion and consistency proof latency through the store (size query + one tile read +
 * hashing) over a 10,000,000-leaf tree built directly as tiles from synthetic leaf hashes
 * (SHA-256 of the index), 1,000 random proofs each, median and p99.
 * Targets: ≥ 5,000 appended entries/s on PGlite, ≥ 20,000/s on PostgreSQL; proofs < 5 ms.
 *
 *   node --import tsx bench/ledger.bench.ts            # BENCH_BACKENDS=pglite,postgres
 *   LEDGER_TREE=1000000 node --import tsx bench/ledger.bench.ts   # a smaller tree
 *
 * The trees are kept (`.bench-data/ledger-tree-pglite-<N>`, database `ariadne_bench_ledger_tree_<N>`)
 * and reused by later runs; the append databases are rebuilt for each run and dropped at the end.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { advanceEdge, appendLeaves, verifyConsistency, verifyInclusion, type Tile } from '@ariadne/ledger';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf, type OpenedStore } from '@ariadne/store';
import { appendJournalEntries } from '../packages/store/src/journal-store.ts';
import { writeTiles } from '../packages/store/src/ledger-tiles.ts';

const TREE = Number(process.env.LEDGER_TREE ?? 10_000_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const PROOFS = 1000;
const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, '.bench-data');
mkdirSync(dataDir, { recursive: true });
const model = storeModelOf(loadModel());
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.env.BENCH_BACKENDS?.split(',');
const backends = (['pglite', 'postgres'] as const).filter((b) => !only || only.includes(b));
const actor = { kind: 'system', id: 'bench' } as const;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function database(name: string, fresh: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (fresh && exists) await admin.query(`drop database ${name} with (force)`);
    if (fresh || !exists) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function openBackend(kind: 'pglite' | 'postgres', name: string, fresh: boolean): Promise<OpenedStore> {
  if (kind === 'postgres') return createStore({ databaseUrl: await database(name, fresh), model });
  const dir = join(dataDir, name);
  if (fresh) rmSync(dir, { recursive: true, force: true });
  return createStore({ dataDir: dir, model });
}

/** entries/s appending `total` entries in transactions of `per` */
async function appendRate(store: OpenedStore, per: number, total: number): Promise<number> {
  const at = new Date('2026-01-02T03:04:05Z');
  const started = performance.now();
  for (let done = 0; done < total; done += per) {
    const inputs = Array.from({ length: per }, (_, i) => ({ action: 'bench.synthetic', entityId: `synthetic-${done + i}`, contentHash: '0'.repeat(64) }));
    await store.database.db.transaction().execute((tx) => appendJournalEntries(tx, actor, at, inputs));
  }
  return total / ((performance.now() - started) / 1000);
}

/** a tree of `size` synthetic leaves written directly as tiles, in bulk (skipped when already there) */
async function buildTree(store: OpenedStore, size: number): Promise<void> {
  if ((await store.ledgerSize()) === size) return;
  if ((await store.ledgerSize()) !== 0) throw new Error('the tree database holds another tree: remove it');
  const started = performance.now();
  let edge = new Map<string, Buffer>();
  let done = 0;
  const CHUNK = 65_536;
  while (done < size) {
    const n = Math.min(CHUNK, size - done);
    const leaves = Array.from({ length: n }, (_, i) => createHash('sha256').update(String(done + i)).digest());
    const tiles: Tile[] = appendLeaves(done, edge, leaves);
    for (let i = 0; i < tiles.length; i += 64) await writeTiles(store.database.db, tiles.slice(i, i + 64));
    edge = advanceEdge(edge, tiles);
    done += n;
    if (done % (CHUNK * 16) === 0) process.stderr.write(`  tiles for ${done.toLocaleString('en')} leaves…\r`);
  }
  process.stderr.write(`  built ${size.toLocaleString('en')} leaves as tiles in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

function random(seed: number): (below: number) => number {
  let x = seed;
  return (below) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * below);
  };
}

async function proofLatencies(store: OpenedStore, size: number): Promise<{ inclusion: number[]; consistency: number[] }> {
  const rnd = random(2331);
  const { root } = await store.ledgerRoot(size);
  const inclusion: number[] = [];
  const consistency: number[] = [];
  for (let i = 0; i < PROOFS + 20; i++) {
    const index = rnd(size);
    let t = performance.now();
    const p = await store.inclusionProof({ index }, size);
    if (i >= 20) inclusion.push(performance.now() - t); // the first 20 warm the caches
    if (i < 5 && !verifyInclusion({ leafHash: Buffer.from(p.leafHash, 'hex'), index, size, root: Buffer.from(root, 'hex') }, p.proof.map((h) => Buffer.from(h, 'hex')))) {
      throw new Error(`inclusion proof ${index} of ${size} does not verify`);
    }
    const from = 1 + rnd(size - 1);
    t = performance.now();
    const c = await store.consistencyProof(from, size);
    if (i >= 20) consistency.push(performance.now() - t);
    if (i < 5 && !verifyConsistency({ size1: from, size2: size }, { root1: Buffer.from(c.root1, 'hex'), root2: Buffer.from(root, 'hex') }, c.proof.map((h) => Buffer.from(h, 'hex')))) {
      throw new Error(`consistency proof ${from} → ${size} does not verify`);
    }
  }
  return { inclusion, consistency };
}

async function dropAppendDatabases(): Promise<void> {
  rmSync(join(dataDir, 'ledger_bench_append'), { recursive: true, force: true });
  if (!backends.includes('postgres')) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists ledger_bench_append with (force)');
  await admin.end();
}

console.log(`\nledger appends through appendJournalEntries (median of ${RUNS} runs)`);
console.log('backend   per tx  entries/s  target  ok');
for (const kind of backends) {
  for (const per of [100, 1]) {
    const total = per === 100 ? 20_000 : 2_000;
    const rates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const store = await openBackend(kind, 'ledger_bench_append', true);
      try {
        rates.push(await appendRate(store, per, total));
        const v = await store.verifyJournal();
        if (!v.ok || v.entries !== total) throw new Error(`the journal does not verify after the benchmark: ${v.reason}`);
      } finally {
        await store.close();
      }
    }
    const target = kind === 'pglite' ? 5_000 : 20_000;
    const rate = median(rates);
    const line = `${kind.padEnd(9)} ${String(per).padStart(6)}  ${Math.round(rate).toString().padStart(9)}  ${String(target).padStart(6)}  ${per === 100 ? (rate >= target ? 'yes' : 'NO') : '(one commit per entry)'}`;
    console.log(line);
  }
}
await dropAppendDatabases();

console.log(`\nproofs over a ${TREE.toLocaleString('en')}-leaf tree (${PROOFS} random proofs each, ms)`);
console.log('backend   proof        median    p99  target  ok');
for (const kind of backends) {
  const store = await openBackend(kind, kind === 'pglite' ? `ledger-tree-pglite-${TREE}` : `ariadne_bench_ledger_tree_${TREE}`, false);
  try {
    await buildTree(store, TREE);
    const { inclusion, consistency } = await proofLatencies(store, TREE);
    for (const [name, xs] of [['inclusion', inclusion], ['consistency', consistency]] as const) {
      const p99 = percentile(xs, 0.99);
      // the target is judged on the median, as every figure on this noisy 2-core machine; p99 is shown beside it
      console.log(`${kind.padEnd(9)} ${name.padEnd(11)} ${median(xs).toFixed(2).padStart(7)} ${p99.toFixed(2).padStart(6)}  ${'5'.padStart(6)}  ${median(xs) < 5 ? 'yes' : 'NO'}${p99 < 5 ? '' : ' (p99 above)'}`);
    }
  } finally {
    await store.close();
  }
}
