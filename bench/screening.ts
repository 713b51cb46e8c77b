/**
 * Screening benchmark (issue 4, "Accuracy and speed"): a labelled benchmark built
 * deterministically from the UN and OFAC lists (../shared/data/sanctions when present, else the
 * committed fixtures), scored for Ariadne's matcher and for a plain Jaro-Winkler baseline in the
 * same run; then speed: batch queries/s (single thread, and two worker threads as on the issue's
 * 2 cores; median of BENCH_RUNS runs, default 5), per-query latency p50/p99, and a 1,000,000-name synthetic index built in a child process
 * limited to 2 GB. Prints a table, then one JSON line with every figure.
 *
 *   node --import tsx bench/screening.ts
 *   BENCH_SCREEN_CASES=200 BENCH_SCREEN_MILLION=200000 node --import tsx bench/screening.ts
 *
 * Name equivalences: the table shipped with @ariadne/names was mined from the full lists, so it
 * has seen the held-out names of the "arabic" and "alias" categories. Accuracy is therefore
 * reported with a table mined from the calibration half only (bench/screening/equivalences.ts,
 * the headline figures), with the shipped table (labelled as leaking), and with none.
 *
 * Env: BENCH_SCREEN_CASES (per generated category, default 300), BENCH_RUNS (speed runs, default
 * 5), BENCH_SCREEN_MILLION (synthetic index size, default 1,000,000; 0 skips it),
 * BENCH_SCREEN_BASELINE=0 skips the (slow) Jaro-Winkler baseline while iterating.
 *
 * Targets: recall ≥ 0.98 at FPR ≤ 1% at the default threshold; ≥ 5,000 queries/s;
 * p99 < 10 ms; 1M names indexed in < 60 s within 2 GB.
 * Categories and the calibration/held-out halves: bench/screening/cases.ts; metrics:
 * bench/screening/metrics.ts.
 */
import { execFileSync } from 'node:child_process';
import { buildIndex, NO_EQUIVALENCES, screenQuery, type Equivalences, type ScreeningIndex } from '@ariadne/sanctions';
import { shippedCanonicalSpellings } from '@ariadne/names/shipped-equivalences';
import { buildBaseline } from './screening/baseline.ts';
import { threadedRates } from './screening/batch-threads.ts';
import { calibrationEquivalences } from './screening/equivalences.ts';
import { buildBenchSet, NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES, type BenchCase } from './screening/cases.ts';
import { loadBenchLists } from './screening/lists.ts';
import { figuresAt, scoreCase, thresholdForFpr, type Figures, type Hit, type Scored } from './screening/metrics.ts';

const PER_CATEGORY = Number(process.env.BENCH_SCREEN_CASES ?? 300);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const MILLION = Number(process.env.BENCH_SCREEN_MILLION ?? 1_000_000);
const BASELINE = process.env.BENCH_SCREEN_BASELINE !== '0';
const SEED = 2331;
const root = new URL('..', import.meta.url).pathname;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const f3 = (x: number) => x.toFixed(3);
const rates3 = (f: Figures) => Object.fromEntries(Object.entries(f.byCategory).map(([k, v]) => [k, Number(f3(v.rate))]));

const lists = await loadBenchLists();
console.log(`screening benchmark on ${lists.source}: UN ${lists.un.length} entities, OFAC ${lists.ofac.length} entities${lists.errors ? `, ${lists.errors} record errors` : ''}`);
const full = [{ list: 'un-sc', entities: lists.un }, { list: 'ofac-sdn', entities: lists.ofac }];
const set = buildBenchSet(full, lists.yente, PER_CATEGORY, SEED);
for (const n of set.notes) console.log(`note: ${n}`);

const calibrationTable = calibrationEquivalences(set.heldOutLists);
console.log(`equivalences: calibration-half table ${calibrationTable.table.groups.length} groups (from ${calibrationTable.persons} persons); shipped table ${new Set(shippedCanonicalSpellings().values()).size} groups`);

// the shipped index, as the product builds it (speed figures)
const t = performance.now();
const fullIndex = buildIndex(full);
const buildMs = performance.now() - t;
console.log(`index: ${fullIndex.names.length} names, built in ${buildMs.toFixed(0)} ms; ${set.cases.length} cases`);

/** The full and held-out indexes compared by one equivalence table. */
function indexesWith(equivalences: Equivalences, fullOne?: ScreeningIndex): Record<BenchCase['index'], ScreeningIndex> {
  return { full: fullOne ?? buildIndex(full, { equivalences }), 'held-out': buildIndex(set.heldOutLists, { equivalences }) };
}
const screenWith = (indexes: Record<BenchCase['index'], ScreeningIndex>) => (c: BenchCase): Hit[] => screenQuery(indexes[c.index], { id: 'q', name: c.query }).matches;
const heldOutIndex = buildIndex(set.heldOutLists);
const baselines = { full: buildBaseline(fullIndex), 'held-out': buildBaseline(heldOutIndex) };
const baseline = (c: BenchCase): Hit[] => baselines[c.index].screen(c.query);

function evaluate(screen: (c: BenchCase) => Hit[]): { scored: Scored[]; seconds: number } {
  const started = performance.now();
  const scored = set.cases.map((c) => scoreCase(c, screen(c)));
  return { scored, seconds: (performance.now() - started) / 1000 };
}

interface Report { atDefault?: Figures; calibrated: { threshold: number; all: Figures; calibration: Figures; heldOut: Figures } }
function report(scored: Scored[], defaultThreshold: number | undefined): Report {
  const halves = (h: BenchCase['half']) => scored.filter((s) => s.case.half === h);
  const threshold = thresholdForFpr(halves('calibration'), 0.01);
  return {
    ...(defaultThreshold === undefined ? {} : { atDefault: figuresAt(scored, defaultThreshold) }),
    calibrated: { threshold, all: figuresAt(scored, threshold), calibration: figuresAt(halves('calibration'), threshold), heldOut: figuresAt(halves('held-out'), threshold) },
  };
}

const defaultThreshold = fullIndex.algorithm.threshold;
const halvesAt = (scored: Scored[], threshold: number) => ({
  calibration: figuresAt(scored.filter((s) => s.case.half === 'calibration'), threshold),
  heldOut: figuresAt(scored.filter((s) => s.case.half === 'held-out'), threshold),
});
// headline: the table mined from the calibration half only
const a = evaluate(screenWith(indexesWith(calibrationTable.spellings)));
const ariadneReport = report(a.scored, defaultThreshold);
const ariadneHalves = halvesAt(a.scored, defaultThreshold);
// the shipped table (has seen the held-out names: optimistic for "arabic" and "alias")
const shipped = evaluate(screenWith({ full: fullIndex, 'held-out': heldOutIndex }));
const shippedAtDefault = figuresAt(shipped.scored, defaultThreshold);
const shippedHalves = halvesAt(shipped.scored, defaultThreshold);
// no table at all: what the equivalences add
const none = evaluate(screenWith(indexesWith(NO_EQUIVALENCES)));
const noneAtDefault = figuresAt(none.scored, defaultThreshold);
const noneHalves = halvesAt(none.scored, defaultThreshold);
const baselineReport = BASELINE ? report(evaluate(baseline).scored, undefined) : undefined;
// The first alias rule (full-name Jaro-Winkler ≥ 0.8) took in aliases that are other names
// ("Son Min" for "Son Jong Hyok"): its set is scored beside, against its own held-out index.
const firstRule = buildBenchSet(full, lists.yente, PER_CATEGORY, SEED, { aliasRule: 'full-name' });
const firstRuleAliases = firstRule.cases.filter((c) => c.category === 'alias');
const firstRuleIndex = buildIndex(firstRule.heldOutLists, { equivalences: calibrationEquivalences(firstRule.heldOutLists).spellings });
const firstRuleScored = firstRuleAliases.map((c) => scoreCase(c, screenQuery(firstRuleIndex, { id: 'q', name: c.query }).matches));
const firstRuleRecall = firstRuleScored.filter((x) => x.expected >= defaultThreshold).length / Math.max(1, firstRuleScored.length);

// ---- accuracy (printed before the timed parts, so a failure there loses nothing)
const row = (label: string, f: Figures) => `| ${label} | ${f3(f.threshold)} | ${f3(f.recall)} | ${f3(f.fpr)} | ${f3(f.precision)} | ${POSITIVE_CATEGORIES.map((c) => f.byCategory[c] ? f3(f.byCategory[c].rate) : '—').join(' | ')} | ${NEGATIVE_CATEGORIES.map((c) => f.byCategory[c] ? f3(f.byCategory[c].rate) : '—').join(' | ')} |`;
const counts = [...POSITIVE_CATEGORIES, ...NEGATIVE_CATEGORIES].map((c) => `${c} ${set.cases.filter((x) => x.category === c).length}`).join(', ');
console.log(`\ncases: ${counts}`);
console.log(`\n| matcher, threshold, cases | threshold | recall | FPR | precision | ${POSITIVE_CATEGORIES.join(' | ')} | ${NEGATIVE_CATEGORIES.map((c) => `${c} FPR`).join(' | ')} |`);
console.log(`|---|---|---|---|---|${POSITIVE_CATEGORIES.map(() => '---').join('|')}|${NEGATIVE_CATEGORIES.map(() => '---').join('|')}|`);
console.log(row(`Ariadne ${fullIndex.algorithm.version}, calibration-half table, default, all`, ariadneReport.atDefault!));
console.log(row('Ariadne, calibration-half table, default, calibration half', ariadneHalves.calibration));
console.log(row('Ariadne, calibration-half table, default, held-out half', ariadneHalves.heldOut));
console.log(row('Ariadne, calibration-half table, FPR ≤ 1% on calibration half, all', ariadneReport.calibrated.all));
console.log(row('Ariadne, calibration-half table, same threshold, held-out half', ariadneReport.calibrated.heldOut));
console.log(row('Ariadne, SHIPPED table (mined from the full lists: leaks arabic/alias), default, all', shippedAtDefault));
console.log(row('Ariadne, SHIPPED table, default, held-out half', shippedHalves.heldOut));
console.log(row('Ariadne, no equivalence table, default, all', noneAtDefault));
console.log(row('Ariadne, no equivalence table, default, held-out half', noneHalves.heldOut));
if (baselineReport) {
  console.log(row('Jaro-Winkler baseline, FPR ≤ 1% on calibration half, all', baselineReport.calibrated.all));
  console.log(row('Jaro-Winkler baseline, same threshold, held-out half', baselineReport.calibrated.heldOut));
} else console.log('(Jaro-Winkler baseline skipped: BENCH_SCREEN_BASELINE=0)');
console.log(`\nalias set of the first rule (full-name Jaro-Winkler ≥ 0.8, ${firstRuleAliases.length} cases, aliases that are other names included): recall ${f3(firstRuleRecall)} at the default threshold`);

// Speed: the whole query set against the full index (UN + OFAC), single thread.
const queries = set.cases.map((c, i) => ({ id: `q${i}`, name: c.query }));
const rates: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const started = performance.now();
  for (const q of queries) screenQuery(fullIndex, q);
  rates.push(queries.length / ((performance.now() - started) / 1000));
}
// The issue's figure is on 2 cores: the same queries split between two worker threads.
const twoThreadRates = await threadedRates(queries.map((q) => q.name), 2, RUNS);
const latencies = queries.map((q) => { const s = performance.now(); screenQuery(fullIndex, q); return performance.now() - s; }).sort((x, y) => x - y);
const baselineSample = queries.filter((_, i) => i % Math.max(1, Math.floor(queries.length / 100)) === 0);
const baselineRates: number[] = [];
for (let r = 0; r < (BASELINE ? RUNS : 0); r++) {
  const started = performance.now();
  for (const q of baselineSample) baselines.full.screen(q.name);
  baselineRates.push(baselineSample.length / ((performance.now() - started) / 1000));
}

let million: { names: number; buildSeconds: number; heapMb: number; peakRssMb: number; p50Ms: number; p99Ms: number } | undefined;
if (MILLION > 0) {
  try {
    const out = execFileSync(process.execPath, ['--max-old-space-size=2048', '--expose-gc', '--import', 'tsx', 'bench/screening/million.ts', String(MILLION)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
    million = JSON.parse(out.trim().split('\n').at(-1)!);
  } catch (e) {
    // over the 2 GB the child is given, or any other failure: a figure of its own, not a crash
    const stderr = String((e as { stderr?: unknown }).stderr ?? e);
    console.log(`\nthe ${MILLION}-name index FAILED: ${/heap out of memory/.test(stderr) ? 'out of memory within 2 GB' : stderr.split('\n').find((l) => l.trim() !== '') ?? 'unknown error'}`);
  }
}

// ---- speed

console.log(`\n| speed | Ariadne | Jaro-Winkler baseline | target |`);
console.log(`|---|---|---|---|`);
console.log(`| batch queries/s, UN + OFAC (${fullIndex.names.length} names), one thread, median of ${RUNS} | ${median(rates).toFixed(0)} (${queries.length} queries) | ${BASELINE ? `${median(baselineRates).toFixed(1)} (${baselineSample.length} queries)` : 'skipped'} | ≥ 5,000 |`);
console.log(`| batch queries/s, same, two worker threads (each its own index), median of ${RUNS} | ${median(twoThreadRates).toFixed(0)} | — | ≥ 5,000 on 2 cores |`);
console.log(`| screenQuery latency p50 / p99 | ${latencies.length ? `${pct(latencies, 0.5).toFixed(3)} / ${pct(latencies, 0.99).toFixed(3)} ms` : '—'} | — | p99 < 10 ms |`);
console.log(`| index build, UN + OFAC | ${buildMs.toFixed(0)} ms | — | |`);
if (million) {
  console.log(`| index of ${million.names} SYNTHETIC names (recombined list tokens) | ${million.buildSeconds.toFixed(1)} s, heap ${million.heapMb.toFixed(0)} MB, peak RSS ${million.peakRssMb.toFixed(0)} MB | — | < 60 s, < 2 GB |`);
  console.log(`| screenQuery on the synthetic index, p50 / p99 | ${million.p50Ms.toFixed(2)} / ${million.p99Ms.toFixed(2)} ms | — | |`);
}

console.log(JSON.stringify({
  bench: 'screening', source: lists.source, algorithm: fullIndex.algorithm.version, cases: set.cases.length,
  ariadne: {
    defaultThreshold, recall: ariadneReport.atDefault!.recall, fpr: ariadneReport.atDefault!.fpr, precision: ariadneReport.atDefault!.precision,
    equivalences: `calibration half (${calibrationTable.table.groups.length} groups)`,
    byCategory: rates3(ariadneReport.atDefault!),
    heldOutHalf: { recall: ariadneHalves.heldOut.recall, fpr: ariadneHalves.heldOut.fpr, byCategory: rates3(ariadneHalves.heldOut) },
    recallAtFpr1: ariadneReport.calibrated.all.recall, thresholdAtFpr1: ariadneReport.calibrated.threshold,
    queriesPerSecond: Math.round(median(rates)), queriesPerSecondTwoThreads: Math.round(median(twoThreadRates)), p50Ms: pct(latencies, 0.5), p99Ms: pct(latencies, 0.99), indexBuildMs: Math.round(buildMs),
  },
  ariadneShippedTable: {
    recall: shippedAtDefault.recall, fpr: shippedAtDefault.fpr, byCategory: rates3(shippedAtDefault),
    heldOutHalf: { recall: shippedHalves.heldOut.recall, fpr: shippedHalves.heldOut.fpr, byCategory: rates3(shippedHalves.heldOut) },
  },
  ariadneNoTable: { recall: noneAtDefault.recall, fpr: noneAtDefault.fpr, byCategory: rates3(noneAtDefault), heldOutHalf: { recall: noneHalves.heldOut.recall, fpr: noneHalves.heldOut.fpr } },
  baseline: baselineReport && {
    threshold: baselineReport.calibrated.threshold, recall: baselineReport.calibrated.all.recall, fpr: baselineReport.calibrated.all.fpr,
    precision: baselineReport.calibrated.all.precision, heldOutHalf: { recall: baselineReport.calibrated.heldOut.recall, fpr: baselineReport.calibrated.heldOut.fpr },
    byCategory: rates3(baselineReport.calibrated.all),
    queriesPerSecond: Number(median(baselineRates).toFixed(1)),
  },
  aliasFirstRule: { cases: firstRuleAliases.length, recall: firstRuleRecall },
  million,
}));
