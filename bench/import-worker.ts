/**
 * One import run in its own process, so its peak memory (maxRSS) is its own. Prints one JSON line.
 * Usage: node --import tsx bench/import-worker.ts <pglite DIR | postgres URL> FILE
 */
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf } from '@ariadne/store';
import { importFtm } from '@ariadne/ingest';

const [kind, target, file] = process.argv.slice(2);
if (!kind || !target || !file) throw new Error('usage: import-worker.ts pglite|postgres DIR|URL FILE');
const model = loadModel();
const store = await createStore({ ...(kind === 'pglite' ? { dataDir: target } : { databaseUrl: target }), model: storeModelOf(model) });
if (file === '--prepare') {
  // first start: create and migrate the database (PGlite's initdb) outside the measured run
  await store.close();
  process.exit(0);
}
const started = performance.now();
const report = await importFtm({ store, model, actor: { kind: 'system', id: 'bench' }, input: { path: file }, caseId: null, source: 'bench:synthetic', batchSize: 2000, writers: kind === 'postgres' ? 2 : 1 });
const seconds = (performance.now() - started) / 1000;
await store.close();
console.log(JSON.stringify({
  kind, seconds, rowsOk: report.rowsOk, rowsFailed: report.rowsFailed, entitiesPerSecond: report.rowsOk / seconds,
  peakRssMB: process.resourceUsage().maxRSS / 1024,
}));
