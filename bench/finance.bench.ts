/**
 * Financial-intelligence benchmark (issue 10 "Accuracy and speed").
 *
 *   node --import tsx bench/finance.bench.ts                      # all three parts
 *   BENCH_FINANCE_PARTS=accuracy node --import tsx bench/finance.bench.ts
 *
 * Parts (BENCH_FINANCE_PARTS, comma-separated; default `accuracy,batch,stream`):
 * - `accuracy`: the labelled generator (packages/finance/src/generator.ts) at an illicit share of
 *   0.3% (BENCH_FINANCE_ACC_TX transactions, default 1,000,000; 50,000 accounts; 60 days), for
 *   seeds 1, 2 and 3. Ariadne's batch scan with the default typologies, and in the same run the
 *   two naive baselines (a large-amount / just-below-threshold rule, and the top accounts by
 *   distinct counterparties). Per planted typology: recall (a pattern is found when alerts cover
 *   half of its transactions); alert precision; transaction-level precision, recall and F1 on the
 *   illicit class. Medians over the seeds.
 * - `batch`: the command, `ariadne finance scan --transactions TX.csv --map MAP.json
 *   --output ALERTS.jsonl` (with the KYC file, rates and context the generator writes), on
 *   BENCH_FINANCE_BATCH_TX transactions (default 5,000,000), BENCH_RUNS times (default 3), each a
 *   child process under `--max-old-space-size=4096` so the 4 GB bound is enforced; wall seconds
 *   and peak RSS, median.
 * - `stream`: the streaming scorer in-process: a graph warmed with the first
 *   BENCH_FINANCE_WARM transactions (default 1,000,000) of a generated stream, then the next
 *   BENCH_FINANCE_STREAM (default 100,000) pushed one at a time, each timed; throughput and p50 /
 *   p99 / max latency per transaction, median over BENCH_RUNS runs.
 *
 * Targets: per-typology recall >= 0.9 at alert precision >= 0.5; 5M in <= 120 s within 4 GB;
 * streaming >= 5,000 transactions/s with p99 < 20 ms.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  amountRuleBaseline, DEFAULT_SCORING, DETECTORS, degreeBaseline, evaluateAlerts, generateTransactionStream, illicitTransactionIds,
  scanGraph, StreamScorer, toAlertLine, TransactionGraph, writeGeneratedFiles, type DetectContext, type GeneratedStream,
} from '@ariadne/finance';

const root = fileURLToPath(new URL('..', import.meta.url));
const parts = (process.env.BENCH_FINANCE_PARTS ?? 'accuracy,batch,stream').split(',').map((s) => s.trim());
const runs = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function contextOf(data: GeneratedStream): DetectContext {
  return {
    reportingThreshold: data.context.reportingThreshold,
    homeCountry: data.context.homeCountry,
    conflictCountries: new Set(data.context.conflictCountries),
  };
}

function accuracyRun(seed: number, transactions: number) {
  const data = generateTransactionStream({ seed, accounts: 50_000, days: 60, transactions, illicitShare: 0.003 });
  const graph = new TransactionGraph({ currency: data.currency, capacity: transactions });
  graph.addAccounts(data.accounts);
  for (const tx of data.transactions) graph.add(tx);
  const started = performance.now();
  const { alerts } = scanGraph(graph, { config: DEFAULT_SCORING, detectors: DETECTORS, context: contextOf(data) });
  const scanSeconds = (performance.now() - started) / 1000;
  const lines = alerts.map((a) => toAlertLine(graph, a));
  const illicit = illicitTransactionIds(data.patterns);
  const ariadne = evaluateAlerts(lines, data.patterns, illicit, graph.size);
  const amount = evaluateAlerts(amountRuleBaseline(data.transactions, { currency: data.currency, reportingThreshold: data.context.reportingThreshold }), data.patterns, illicit, graph.size);
  const degree = evaluateAlerts(degreeBaseline(data.transactions), data.patterns, illicit, graph.size);
  return { seed, scanSeconds, ariadne, amount, degree, illicitShare: illicit.size / graph.size };
}

function accuracy(): void {
  const n = Number(process.env.BENCH_FINANCE_ACC_TX ?? 1_000_000);
  const results = [1, 2, 3].slice(0, Math.max(1, runs)).map((seed) => {
    const r = accuracyRun(seed, n);
    console.error(`accuracy seed ${seed}: min typology recall ${r.ariadne.minTypologyRecall.toFixed(3)}, alert precision ${r.ariadne.alerts.precision.toFixed(3)}, F1 ${r.ariadne.transactions.f1.toFixed(3)}, scan ${r.scanSeconds.toFixed(1)} s`);
    return r;
  });
  console.log(`\nfinance accuracy on ${n.toLocaleString('en')} generated transactions, illicit share ${pct(median(results.map((r) => r.illicitShare)))} (median of ${results.length} seeds)`);
  console.log('typology            planted  recall');
  for (const t of results[0]!.ariadne.typologies) {
    const recalls = results.map((r) => r.ariadne.typologies.find((x) => x.typology === t.typology)?.recall ?? 0);
    console.log(`${t.typology.padEnd(20)}${String(t.planted).padStart(7)}  ${median(recalls).toFixed(3)}`);
  }
  const row = (name: string, pick: (r: ReturnType<typeof accuracyRun>) => ReturnType<typeof evaluateAlerts>) => {
    const e = results.map(pick);
    console.log(`${name.padEnd(28)} alerts ${String(median(e.map((x) => x.alerts.total))).padStart(7)}  alert precision ${median(e.map((x) => x.alerts.precision)).toFixed(3)}  tx precision ${median(e.map((x) => x.transactions.precision)).toFixed(3)}  tx recall ${median(e.map((x) => x.transactions.recall)).toFixed(3)}  tx F1 ${median(e.map((x) => x.transactions.f1)).toFixed(3)}`);
  };
  console.log('alerts by leading detector (seed 1): detector  alerts  on patterns  precision');
  for (const d of [...results[0]!.ariadne.detectors].sort((a, b) => b.alerts - a.alerts)) {
    console.log(`  ${d.detector.padEnd(28)}${String(d.alerts).padStart(7)}${String(d.onPatterns).padStart(8)}  ${d.precision.toFixed(3)}`);
  }
  row('Ariadne (default typologies)', (r) => r.ariadne);
  row('baseline: amount rule', (r) => r.amount);
  row('baseline: top degree', (r) => r.degree);
  console.log(`min per-typology recall ${median(results.map((r) => r.ariadne.minTypologyRecall)).toFixed(3)} (target >= 0.9); scan ${median(results.map((r) => r.scanSeconds)).toFixed(1)} s`);
  console.log(JSON.stringify({ bench: 'finance-accuracy', transactions: n, results: results.map((r) => ({ seed: r.seed, minTypologyRecall: r.ariadne.minTypologyRecall, typologies: r.ariadne.typologies, alertPrecision: r.ariadne.alerts.precision, f1: r.ariadne.transactions.f1, amountF1: r.amount.transactions.f1, degreeF1: r.degree.transactions.f1 })) }));
}

async function batch(): Promise<void> {
  const n = Number(process.env.BENCH_FINANCE_BATCH_TX ?? 5_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-finance-bench-'));
  try {
    const data = generateTransactionStream({ seed: 7, accounts: 500_000, days: 60, transactions: n, illicitShare: 0.003 });
    let started = performance.now();
    await writeGeneratedFiles(data, dir);
    console.error(`batch: wrote ${n.toLocaleString('en')} transactions in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const measured: { seconds: number; rssMb: number; alerts: number }[] = [];
    for (let run = 0; run < runs; run++) {
      started = performance.now();
      const child = spawnSync(process.execPath, [
        '--max-old-space-size=4096', '--max-semi-space-size=64', join(root, 'apps/cli/bin/ariadne.mjs'), 'finance', 'scan',
        '--transactions', join(dir, 'transactions.csv'), '--map', join(dir, 'map.json'),
        '--accounts', join(dir, 'accounts.csv'), '--accounts-map', join(dir, 'accounts-map.json'),
        '--rates', join(dir, 'currency.json'), '--context', join(dir, 'context.json'),
        '--output', join(dir, 'alerts.jsonl'), '--stats',
      ], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
      const seconds = (performance.now() - started) / 1000;
      if (child.status !== 0 && child.status !== 3) throw new Error(`finance scan failed (exit ${child.status}): ${child.stderr.slice(-500)}`);
      const statsLine = child.stderr.split('\n').find((l) => l.startsWith('stats: '));
      const parsed = JSON.parse(statsLine!.slice('stats: '.length)) as { peakRssMb: number; alerts: number; cpuSeconds?: unknown };
      const alerts = readFileSync(join(dir, 'alerts.jsonl'), 'utf8').split('\n').filter(Boolean).length;
      measured.push({ seconds, rssMb: parsed.peakRssMb, alerts });
      console.error(`batch run ${run + 1}: ${seconds.toFixed(1)} s, peak RSS ${parsed.peakRssMb} MB, ${alerts} alerts; ${statsLine}`);
    }
    console.log(`\nfinance batch scan of ${n.toLocaleString('en')} transactions (ariadne finance scan, median of ${runs}): ${median(measured.map((m) => m.seconds)).toFixed(1)} s wall (target <= 120 s), peak RSS ${median(measured.map((m) => m.rssMb)).toFixed(0)} MB (bound 4,096 MB), ${median(measured.map((m) => m.alerts))} alerts`);
    console.log(JSON.stringify({ bench: 'finance-batch', transactions: n, runs: measured }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function streamRun(seed: number, warm: number, pushed: number) {
  const data = generateTransactionStream({ seed, accounts: 100_000, days: 60, transactions: warm + pushed, illicitShare: 0.003 });
  const scorer = new StreamScorer({ currency: data.currency, config: DEFAULT_SCORING, detectors: DETECTORS, context: contextOf(data), accounts: data.accounts });
  const latencies = new Float64Array(pushed);
  let k = 0;
  let alerts = 0;
  let started = 0;
  for (const tx of data.transactions) {
    if (k < warm) {
      // history: joins the graph unscored, as a case's stored transactions do when its scorer warms
      scorer.graph.add(tx);
      if (++k === warm) started = performance.now();
      continue;
    }
    const t0 = performance.now();
    alerts += scorer.push(tx).events.length;
    latencies[k - warm] = performance.now() - t0;
    k++;
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { perSecond: pushed / seconds, p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, alerts };
}

function stream(): void {
  const warm = Number(process.env.BENCH_FINANCE_WARM ?? 1_000_000);
  const pushed = Number(process.env.BENCH_FINANCE_STREAM ?? 100_000);
  const results = Array.from({ length: runs }, (_, i) => {
    const r = streamRun(11 + i, warm, pushed);
    console.error(`stream run ${i + 1}: ${r.perSecond.toFixed(0)} tx/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, ${r.alerts} alert events`);
    return r;
  });
  console.log(`\nfinance streaming scorer, ${pushed.toLocaleString('en')} transactions after ${warm.toLocaleString('en')} of history (median of ${runs}): ${median(results.map((r) => r.perSecond)).toFixed(0)} tx/s (target >= 5,000), p50 ${median(results.map((r) => r.p50)).toFixed(2)} ms, p99 ${median(results.map((r) => r.p99)).toFixed(2)} ms (target < 20 ms), max ${median(results.map((r) => r.max)).toFixed(1)} ms`);
  console.log(JSON.stringify({ bench: 'finance-stream', warm, pushed, results }));
}

if (parts.includes('accuracy')) accuracy();
if (parts.includes('batch')) await batch();
if (parts.includes('stream')) stream();
