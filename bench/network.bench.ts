/**
 * Network analysis against igraph (issue 5, "Speed and correctness"), side by side in one run on
 * the same generated graphs: a scale-free (Barabási–Albert, m = 5) and a stochastic-block graph
 * (blocks of ~500 or ~1,000 nodes, 20% of edges between blocks) at 10,000 nodes / 50,000 edges and
 * at 1,000,000 nodes / 5,000,000 edges.
 *
 *   node --import tsx bench/network.bench.ts
 *   BENCH_NETWORK_SCALE=0.1 BENCH_RUNS=1 node --import tsx bench/network.bench.ts   (while iterating)
 *
 * The graphs are generated here (packages/network/src/generators.ts), written as binary edge lists
 * to a temporary folder, and handed to ONE run of bench/network/igraph_bench.py (Debian's
 * python3-igraph, installed with apt-get if missing), which loads and simplifies them as
 * CompactGraph does and times igraph with loading excluded, while the same algorithms run here on
 * the same graphs: the two sides run at once, one per core of the 2-core machine (BENCH_SEQUENTIAL=1
 * runs igraph first, alone), and values are compared when both are done.
 *
 * Times are medians of BENCH_RUNS runs (default 3), as CPU seconds of the process (the ratio is
 * taken on these) with wall-clock seconds beside them: the machine is shared with other work, and a
 * run that waits for a core should not count the wait. Each igraph run except the subgraph's exact
 * betweenness is stopped after BENCH_IGRAPH_CAP CPU seconds (default 600; igraph 0.10's Louvain
 * grows faster than linearly on scale-free graphs) and then reported as "more than" the cap.
 *
 * Figures:
 * - 10k graphs: exact betweenness, time against igraph and the values' max abs / max rel difference
 *   (target ≤ 3× igraph, equal to 1e-9); disruption plans for k = 5 for each objective, time
 *   (target < 10 s) and the plan's effect against the top-5-by-degree baseline, also on a sparser
 *   scale-free graph (m = 2), where five removals can actually break the network apart.
 * - 1M graphs: PageRank (≤ 3×, max abs difference), Louvain (≤ 3×, modularity within 2% of
 *   igraph's), and sampled betweenness (time, pivots).
 * - Sampled against exact betweenness: on the 50,000-node subgraph induced by the first 50,000
 *   nodes a breadth-first search from the highest-degree node reaches (bench/network/graphs.ts),
 *   exact betweenness by Ariadne and by igraph and sampled betweenness by Ariadne; the share of the
 *   sampled top-100 in the exact top-100, and the Spearman correlation of the two.
 * - Peak RSS of this process and of the Python process.
 * Prints a markdown table, then one JSON line with every figure.
 *
 * Env: BENCH_NETWORK_SCALE (default 1; 0.1 gives 1k / 100k-node graphs and a 5k subgraph),
 * BENCH_RUNS (default 3), BENCH_PIVOTS (sampled betweenness on the subgraph, default the product's
 * AUTO_PIVOTS, 1,000), BENCH_PIVOTS_1M (on the 1M graphs, default 100: each pivot is a full
 * breadth-first search of 5M edges), BENCH_SLOW_RUNS (runs of the two slowest steps, exact
 * betweenness on the subgraph and sampled betweenness on the 1M graphs, default 1),
 * BENCH_PYTHON (an interpreter with igraph), BENCH_KEEP=1 keeps the temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTO_PIVOTS, betweenness, pagerank, sampledBetweenness } from '../packages/network/src/centrality.ts';
import { louvain, modularity } from '../packages/network/src/communities.ts';
import { planDisruption } from '../packages/network/src/disruption.ts';
import type { DisruptionObjective, DisruptionPlan } from '../packages/network/src/types.ts';
import { differences, median, spearman, timed, topKOverlap, type Timing } from './network/compare.ts';
import { bfsBall, edgeListOf, makeGraph, writeEdgeList, type BenchGraph } from './network/graphs.ts';
import { igraphPython, readFloat64, readInt32, runIgraph, type IgraphGraphResult, type IgraphGraphSpec, type IgraphTiming } from './network/igraph.ts';
import { indexedNetwork, SOURCE_ROLE, TARGET_ROLE } from './network/indexed.ts';

const SCALE = Number(process.env.BENCH_NETWORK_SCALE ?? 1);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const PIVOTS = Number(process.env.BENCH_PIVOTS ?? AUTO_PIVOTS);
const PIVOTS_1M = Number(process.env.BENCH_PIVOTS_1M ?? 100);
const SLOW_RUNS = Math.max(1, Number(process.env.BENCH_SLOW_RUNS ?? 1));
const CAP = Number(process.env.BENCH_IGRAPH_CAP ?? 600);
const SEQUENTIAL = process.env.BENCH_SEQUENTIAL === '1';
const SEED = 2331;
const TOP = 100;
const K = 5;
const SMALL = Math.round(10_000 * SCALE);
const LARGE = Math.round(1_000_000 * SCALE);
const BALL = Math.round(50_000 * SCALE);
const OBJECTIVES: readonly DisruptionObjective[] = ['fragmentation', 'distance-fragmentation', 'cut'];

const sec = (s: number) => (s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3)) + ' s';
const exp = (x: number) => (x === 0 ? '0' : x.toExponential(1));
const thousands = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)}%`;
const fmt = (x: number | null) => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(4));
const summary = (t: Timing) => ({ cpu: t.cpu, wall: t.wall, medianCpu: median(t.cpu), medianWall: median(t.wall) });
/** igraph runs that passed the cap count as the cap: the ratio is then an upper bound */
const igraphCpu = (t: IgraphTiming) => (t.timedOut ? Math.max(t.capSeconds ?? CAP, ...t.cpu) : median(t.cpu));
const versus = (a: Timing, b: IgraphTiming) => ({ ariadne: summary(a), igraph: { ...summary(b), timedOut: !!b.timedOut }, ratio: median(a.cpu) / igraphCpu(b), ratioIsUpperBound: !!b.timedOut });

const dir = mkdtempSync(join(tmpdir(), 'ariadne-network-bench-'));
const python = igraphPython();
console.log(`network benchmark: scale ${SCALE}, ${RUNS} run(s) (${SLOW_RUNS} of the slowest steps), ${PIVOTS} pivots on the subgraph, ${PIVOTS_1M} on the 1M graphs, igraph capped at ${CAP} CPU s per run; ${python}; edge lists in ${dir}`);

// ---- the graphs, and the subgraphs for sampled vs exact betweenness
const small = [makeGraph('scale-free', SMALL, SEED, { dir }), makeGraph('block', SMALL, SEED + 1, { dir, blockSize: 500 })];
const sparse = makeGraph('scale-free', SMALL, SEED + 4, { dir, edgesPerNode: 2, suffix: '-sparse' });
const large = [makeGraph('scale-free', LARGE, SEED + 2, { dir }), makeGraph('block', LARGE, SEED + 3, { dir, blockSize: 1000 })];
const balls = large.map((g) => {
  const ball = bfsBall(g.graph, BALL);
  const file = join(dir, `${g.name}-ball.edges`);
  const { sources, targets } = edgeListOf(ball.graph);
  writeEdgeList(file, sources, targets);
  return { of: g, name: `${g.name}-ball`, file, ...ball };
});
for (const g of [...small, sparse, ...large]) {
  console.log(`${g.name}: ${thousands(g.graph.n)} nodes, ${thousands(g.graph.m)} edges (${g.recipe}); generated in ${sec(g.generateSeconds)}, CSR in ${sec(g.compactSeconds)}`);
}
for (const b of balls) console.log(`${b.name}: ${thousands(b.graph.n)} nodes, ${thousands(b.graph.m)} edges, BFS from node ${b.root} of ${b.of.name}`);

// ---- igraph: one child process for all of it
const specs: IgraphGraphSpec[] = [
  ...small.map((g) => ({ name: g.name, n: g.graph.n, file: g.file, tasks: ['betweenness' as const] })),
  ...large.map((g) => ({ name: g.name, n: g.graph.n, file: g.file, tasks: ['pagerank' as const, 'louvain' as const] })),
  // no cap here: this is the reference that sampled betweenness is judged by
  ...balls.map((b) => ({ name: b.name, n: b.graph.n, file: b.file, tasks: ['betweenness' as const], runs: SLOW_RUNS, capSeconds: 0 })),
];
const igraphDone = runIgraph(python, dir, { runs: RUNS, capSeconds: CAP, graphs: specs });
if (SEQUENTIAL) await igraphDone;

// ---- Ariadne, the same work (compared once igraph is done)
console.log(`[ariadne] running (${SEQUENTIAL ? 'after' : 'alongside'} igraph)`);
const smallRuns = small.map((g) => {
  console.log(`[ariadne] ${g.name}: exact betweenness ×${RUNS}`);
  return { g, bt: timed(RUNS, () => betweenness(g.graph)) };
});
const disruptionRuns = [...small, sparse].map((g) => {
  const block = 'block' in g.generated ? (g.generated as { block: Int32Array }).block : undefined;
  const net = indexedNetwork(g.generated, g.graph, { seed: SEED, perRole: 10, block });
  const plans = OBJECTIVES.map((objective) => {
    console.log(`[ariadne] ${g.name}: disruption plan k = ${K}, ${objective} ×${RUNS}`);
    const roles = objective === 'cut' ? { sources: [SOURCE_ROLE], targets: [TARGET_ROLE] } : {};
    return { objective, run: timed(RUNS, () => planDisruption(net, { k: K, objective, ...roles })) };
  });
  return { g, plans };
});
const largeRuns = large.map((g, i) => {
  console.log(`[ariadne] ${g.name}: PageRank ×${RUNS}`);
  const pr = timed(RUNS, () => pagerank(g.graph));
  console.log(`[ariadne] ${g.name}: Louvain ×${RUNS}`);
  const lv = timed(RUNS, () => louvain(g.graph, { seed: SEED }));
  console.log(`[ariadne] ${g.name}: sampled betweenness, ${PIVOTS_1M} pivots ×${SLOW_RUNS}`);
  const sb = timed(SLOW_RUNS, () => sampledBetweenness(g.graph, PIVOTS_1M, { seed: SEED }));
  const ball = balls[i]!;
  console.log(`[ariadne] ${ball.name}: exact betweenness ×${SLOW_RUNS}, sampled (${PIVOTS} pivots) ×${RUNS}`);
  const exact = timed(SLOW_RUNS, () => betweenness(ball.graph));
  const sampled = timed(RUNS, () => sampledBetweenness(ball.graph, PIVOTS, { seed: SEED }));
  return { g, ball, pr, lv, sb, exact, sampled };
});
const peakRss = Math.round(process.resourceUsage().maxRSS / 1024);
console.log('[ariadne] done; waiting for igraph');
const ig = await igraphDone;

// ---- side by side
const igraphOf = (name: string): IgraphGraphResult => {
  const r = ig.graphs[name];
  if (!r) throw new Error(`igraph returned nothing for ${name}`);
  return r;
};
for (const g of [...small, ...large, ...balls]) {
  const r = igraphOf(g.name);
  // both sides must walk the same simple graph, or no comparison below means anything
  if (r.nodes !== g.graph.n || r.edges !== g.graph.m) throw new Error(`${g.name}: igraph sees ${r.nodes} nodes / ${r.edges} edges, Ariadne ${g.graph.n} / ${g.graph.m}`);
}

interface Row { graph: string; measure: string; ariadne: string; igraph: string; ratio: string; agreement: string; target: string }
interface Measured { graph: string; measure: string; a: Timing; b?: IgraphTiming; agreement: string; target: string }
const cell = (t: Timing) => `${sec(median(t.cpu))} (wall ${sec(median(t.wall))})`;
const igraphCell = (t: IgraphTiming) => (t.timedOut ? `> ${sec(igraphCpu(t))} (stopped${t.cpu.length ? ` after ${t.cpu.length} run(s)` : ''})` : cell(t));
const row = ({ graph, measure, a, b, agreement, target }: Measured): Row => ({
  graph, measure, agreement, target,
  ariadne: cell(a),
  igraph: b ? igraphCell(b) : '—',
  ratio: b ? `${b.timedOut ? '< ' : ''}${(median(a.cpu) / igraphCpu(b)).toFixed(2)}×` : '—',
});
const rows: Row[] = [];
const figures: Record<string, unknown> = { scale: SCALE, runs: RUNS, slowRuns: SLOW_RUNS, sequential: SEQUENTIAL, igraphCapSeconds: CAP, igraph: ig.igraph, python: ig.python, node: process.version };
const label = (g: BenchGraph) => `${g.name} (${g.family}, ${thousands(g.graph.m)} edges)`;
const valuesOf = (file: string | undefined) => (file ? readFloat64(file) : null);

for (const { g, bt } of smallRuns) {
  const r = igraphOf(g.name).betweenness!;
  const theirs = valuesOf(r.values);
  const d = theirs ? differences(bt.result, theirs) : null;
  rows.push(row({ graph: label(g), measure: 'exact betweenness', a: bt, b: r, agreement: d ? `max abs diff ${exp(d.maxAbs)}, max rel ${exp(d.maxRel)}` : '—', target: '≤ 3×, equal to 1e-9' }));
  figures[g.name] = { nodes: g.graph.n, edges: g.graph.m, recipe: g.recipe, betweenness: { ...versus(bt, r), maxAbsDiff: d?.maxAbs ?? null, maxRelDiff: d?.maxRel ?? null } };
}
for (const { g, plans } of disruptionRuns) {
  const out: Record<string, unknown> = {};
  for (const { objective, run } of plans) {
    const plan: DisruptionPlan = run.result;
    const measure = objective === 'cut' ? 'flow' : objective === 'fragmentation' ? 'fragmentation' : 'distanceFragmentation';
    const [before, after, baseline] = [plan.before[measure], plan.after[measure], plan.baseline.after[measure]];
    const pieces = `largest component ${thousands(plan.after.largestComponent)} (baseline ${thousands(plan.baseline.after.largestComponent)})`;
    rows.push(row({ graph: label(g), measure: `disruption k = ${K}, ${objective} (${plan.method})`, a: run, agreement: `${measure} ${fmt(before)} → plan ${fmt(after)}, top-${K}-by-degree ${fmt(baseline)}; ${pieces}`, target: '< 10 s' }));
    out[objective] = { ...summary(run), method: plan.method, remove: plan.remove.map((x) => x.id), baselineRemove: plan.baseline.remove.map((x) => x.id), before: plan.before, after: plan.after, baselineAfter: plan.baseline.after };
  }
  figures[g.name] = { ...(figures[g.name] as object | undefined), nodes: g.graph.n, edges: g.graph.m, recipe: g.recipe, disruption: out };
}

for (const { g, ball, pr, lv, sb, exact, sampled } of largeRuns) {
  const r = igraphOf(g.name);
  const theirRank = valuesOf(r.pagerank!.values);
  const pd = theirRank ? differences(pr.result.values, theirRank) : null;
  rows.push(row({ graph: label(g), measure: `PageRank (${pr.result.iterations} iterations)`, a: pr, b: r.pagerank!, agreement: pd ? `max abs diff ${exp(pd.maxAbs)}` : '—', target: '≤ 3×' }));

  const qa = lv.result.modularity;
  const communities = new Set(lv.result.membership).size;
  const theirs = r.louvain!;
  const qb = theirs.modularity.length ? median(theirs.modularity) : null;
  // the same formula on both sides: Ariadne's modularity() of igraph's partition
  const qbHere = theirs.membership ? modularity(g.graph, readInt32(theirs.membership)) : null;
  const gap = qb === null ? null : (qb - qa) / Math.abs(qb);
  const gapText = gap === null ? 'igraph gave no partition' : gap > 0 ? `${(gap * 100).toFixed(2)}% below igraph` : `${(-gap * 100).toFixed(2)}% above igraph`;
  const theirQ = qb === null ? '' : ` vs ${qb.toFixed(4)} (${thousands(theirs.communities ?? 0)})`;
  rows.push(row({ graph: label(g), measure: 'Louvain', a: lv, b: theirs, agreement: `Q ${qa.toFixed(4)} (${thousands(communities)} communities)${theirQ}: ${gapText}`, target: '≤ 3×, Q within 2%' }));
  rows.push(row({ graph: label(g), measure: `sampled betweenness, ${PIVOTS_1M} pivots`, a: sb, agreement: `${sec(median(sb.cpu) / PIVOTS_1M)} per pivot`, target: '' }));

  const rb = igraphOf(ball.name).betweenness!;
  const igExact = valuesOf(rb.values);
  const bd = igExact ? differences(exact.result, igExact) : null;
  const overlap = topKOverlap(sampled.result, exact.result, TOP);
  const overlapIgraph = igExact ? topKOverlap(sampled.result, igExact, TOP) : null;
  const top10 = topKOverlap(sampled.result, exact.result, 10);
  const rho = spearman(sampled.result, exact.result);
  const ballLabel = `${ball.name} (${thousands(ball.graph.n)} nodes, ${thousands(ball.graph.m)} edges)`;
  rows.push(row({ graph: ballLabel, measure: 'exact betweenness', a: exact, b: rb, agreement: bd ? `max abs diff ${exp(bd.maxAbs)}, max rel ${exp(bd.maxRel)}` : '—', target: 'equal to 1e-9' }));
  const withIgraph = overlapIgraph === null ? '' : ` (with igraph's exact ${pct(overlapIgraph)})`;
  rows.push(row({ graph: ballLabel, measure: `sampled betweenness, ${PIVOTS} pivots`, a: sampled, agreement: `top-${TOP} overlap with exact ${pct(overlap)}${withIgraph}, top-10 ${pct(top10)}, Spearman ${rho.toFixed(3)}`, target: 'top-100 agrees' }));

  figures[g.name] = {
    nodes: g.graph.n, edges: g.graph.m, recipe: g.recipe,
    pagerank: { ...versus(pr, r.pagerank!), iterations: pr.result.iterations, maxAbsDiff: pd?.maxAbs ?? null },
    louvain: { ...versus(lv, theirs), modularity: qa, igraphModularity: qb, igraphModularities: theirs.modularity, igraphModularityByAriadne: qbHere, relativeGap: gap, communities, igraphCommunities: theirs.communities ?? null },
    sampledBetweenness: { pivots: PIVOTS_1M, ...summary(sb) },
    subgraph: {
      nodes: ball.graph.n, edges: ball.graph.m, root: ball.root,
      exact: { ...versus(exact, rb), maxAbsDiff: bd?.maxAbs ?? null, maxRelDiff: bd?.maxRel ?? null },
      sampled: { pivots: PIVOTS, ...summary(sampled), top100Overlap: overlap, top100OverlapIgraph: overlapIgraph, top10Overlap: top10, spearman: rho },
    },
  };
}

rows.push({ graph: 'whole run', measure: 'peak RSS', ariadne: `${thousands(peakRss)} MB`, igraph: `${thousands(Math.round(ig.peakRssMb))} MB`, ratio: '', agreement: '', target: '' });
figures.peakRssMb = { ariadne: peakRss, igraph: ig.peakRssMb };

console.log(`\nAriadne vs igraph ${ig.igraph} (Python ${ig.python}), Node ${process.version}; CPU seconds, median of ${RUNS} run(s) (wall-clock in brackets); ratio of CPU medians\n`);
console.log('| graph | measure | Ariadne | igraph | ratio | agreement | target |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.graph} | ${r.measure} | ${r.ariadne} | ${r.igraph} | ${r.ratio} | ${r.agreement} | ${r.target} |`);
console.log(JSON.stringify(figures));

if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
