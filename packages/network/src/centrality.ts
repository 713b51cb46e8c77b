/**
 * Who matters in a network, four ways: degree (how many ties), betweenness (how many routes
 * between others run through you), eigenvector (how central your contacts are) and PageRank
 * (where a random walk along the ties spends its time).
 *
 * Written on our CSR graph rather than with graphology-metrics: the benchmark asks for exact
 * betweenness within 3× of igraph's C code on 10,000 nodes and PageRank within 3× on a million
 * nodes and five million edges. graphology-metrics walks its object graph through callbacks and
 * keeps predecessor lists per source; here every algorithm runs on typed arrays allocated once,
 * with no Map, Set or closure inside the per-edge loops.
 *
 * Numbers follow python-igraph so the benchmark can compare them value for value:
 * `Graph.betweenness(directed=False)` (each unordered pair once, unnormalised),
 * `Graph.pagerank(directed=False)` (PRPACK: dangling nodes spread uniformly, sum 1) and
 * `Graph.eigenvector_centrality(scale=True)` (maximum 1). The graph is simple (compact-graph.ts
 * merges parallel edges), so a tie recorded ten times counts once unless PageRank is `weighted`.
 */
import { AriadneError } from '@ariadne/schema';
import { components, type CompactGraph } from './compact-graph.ts';
import { describeSelectors, formatCount, rankNodes, selectNodes } from './rank-nodes.ts';
import { ticker, type RunOptions } from './run-options.ts';
import type { CentralityMeasure, CentralityResult, IndexedNetwork, RankedNode, RoleSelector } from './types.ts';
import { seededRandom } from './seeded-random.ts';

/** Number of distinct neighbours of each node (self-loops dropped, parallel ties counted once). */
export function degreeCentrality(g: CompactGraph): Float64Array {
  const out = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) out[v] = g.offsets[v + 1]! - g.offsets[v]!;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Betweenness

export interface BetweennessOptions extends RunOptions {
  /** count only shortest paths that start at one of these nodes (default: every node) */
  readonly sources?: ArrayLike<number>;
  /** … and end at one of these (default: every node) */
  readonly targets?: ArrayLike<number>;
}

/**
 * Exact betweenness (Brandes 2001, breadth-first, unweighted): for each node v, the sum over
 * unordered pairs {s, t} of other nodes of the share of s–t shortest paths that pass through v.
 * Equal to igraph's `betweenness(directed=False)`. O(n·m) time, O(n) memory.
 *
 * With `sources` and/or `targets` only pairs with one end in each set count (each unordered pair
 * once, also when both ends are in both sets), so with both sets equal to all nodes it is the
 * plain betweenness.
 * @example betweenness(compactGraph(5, [0, 1, 2, 3], [1, 2, 3, 4])) // P5: [0, 3, 4, 3, 0]
 */
export function betweenness(g: CompactGraph, opts?: BetweennessOptions): Float64Array {
  if (!opts?.sources && !opts?.targets) return brandes(g, everyPair(g.n, allNodes(g.n), 0.5), opts);
  return brandes(g, subsetPlan(g.n, nodeSet(g.n, opts.sources, 'sources'), nodeSet(g.n, opts.targets, 'targets')), opts);
}

/**
 * Betweenness estimated from `samples` pivot nodes drawn uniformly without replacement (Brandes &
 * Pich 2007): shortest paths are counted from the pivots only and scaled by n / samples, so the
 * value estimates exact betweenness and the high-betweenness nodes come out on top. The same seed
 * gives the same pivots; with samples ≥ n it is the exact value.
 */
export function sampledBetweenness(g: CompactGraph, samples: number, opts?: RunOptions & { seed?: number }): Float64Array {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (samples >= g.n) return brandes(g, everyPair(g.n, allNodes(g.n), 0.5), opts);
  const pivots = samplePivots(allNodes(g.n), samples, opts?.seed ?? DEFAULT_SEED);
  return brandes(g, everyPair(g.n, pivots, (0.5 * g.n) / samples), opts);
}

/** Subset betweenness from pivots sampled on the smaller side; what `centrality()` uses on large graphs. */
function sampledSubsetBetweenness(g: CompactGraph, sets: { sources: Int32Array; targets: Int32Array }, samples: number, opts?: RunOptions & { seed?: number }): Float64Array {
  const plan = subsetPlan(g.n, sets.sources, sets.targets);
  const k = Math.min(samples, plan.pivots.length);
  if (k === plan.pivots.length) return brandes(g, plan, opts);
  return brandes(g, { ...plan, pivots: samplePivots(plan.pivots, k, opts?.seed ?? DEFAULT_SEED), scale: plan.pivots.length / k }, opts);
}

const DEFAULT_SEED = 2331;

/** Which shortest paths a Brandes run counts, and how much each pair (pivot, target) weighs. */
interface PathCount {
  /** the nodes the searches start from */
  readonly pivots: Int32Array;
  /** how much reaching node t counts, for a pivot not marked in `inBoth` */
  readonly targetWeight: Float64Array;
  /** the same for a pivot marked in `inBoth` (subset betweenness, see `subsetPlan`) */
  readonly weightForPivotInBoth: Float64Array | null;
  readonly inBoth: Uint8Array | null;
  /** every result is multiplied by this at the end (½ for unordered pairs, n / samples when sampling) */
  readonly scale: number;
}

/** All pairs from the pivots to every node: plain (or pivot-sampled) betweenness. */
function everyPair(n: number, pivots: Int32Array, scale: number): PathCount {
  return { pivots, targetWeight: new Float64Array(n).fill(1), weightForPivotInBoth: null, inBoth: null, scale };
}

/**
 * The Brandes kernel. For each pivot s: a breadth-first search that counts shortest paths
 * (sigma) and leaves the nodes in the queue in order of distance, then a walk back through that
 * order in which each node w hands its dependency on to its predecessors (the neighbours one step
 * closer to s, found by distance, so no predecessor lists are kept):
 *   delta(u) += sigma(u) · (target(w) + delta(w)) / sigma(w)
 * where target(w) is how much the pair (s, w) counts. The operations and their order are igraph's
 * (same queue order, same sums), which makes the values equal to igraph's bit for bit rather
 * than to within rounding: the benchmark compares to 1e-9 and hub values reach 10^7.
 *
 * `weightForPivotInBoth` is used for pivots marked in `inBoth` (subset betweenness, see
 * `subsetPlan`); everything is multiplied by `scale` at the end.
 */
function brandes(g: CompactGraph, count: PathCount, opts: RunOptions | undefined): Float64Array {
  const { n, offsets, neighbours } = g;
  const { pivots, targetWeight, weightForPivotInBoth, inBoth, scale } = count;
  const result = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  /** dependency of s on each node: the (weighted) share of paths from s through it */
  const delta = new Float64Array(n);
  /** the BFS queue; read backwards it is the stack of Brandes' algorithm */
  const queue = new Int32Array(n);
  const tick = ticker(opts, pivots.length, checkEvery(g));
  for (let p = 0; p < pivots.length; p++) {
    tick(p);
    const s = pivots[p]!;
    const tw = inBoth !== null && weightForPivotInBoth !== null && inBoth[s] ? weightForPivotInBoth : targetWeight;
    dist[s] = 0;
    sigma[s] = 1;
    queue[0] = s;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      const dv = dist[v]! + 1;
      const sv = sigma[v]!;
      const end = offsets[v + 1]!;
      for (let e = offsets[v]!; e < end; e++) {
        const u = neighbours[e]!;
        const du = dist[u]!;
        if (du < 0) {
          dist[u] = dv;
          sigma[u] = sv;
          queue[tail++] = u;
        } else if (du === dv) sigma[u]! += sv;
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = queue[i]!;
      const previous = dist[w]! - 1;
      const coefficient = (tw[w]! + delta[w]!) / sigma[w]!;
      const end = offsets[w + 1]!;
      for (let e = offsets[w]!; e < end; e++) {
        const u = neighbours[e]!;
        if (dist[u] === previous) delta[u]! += sigma[u]! * coefficient;
      }
      result[w]! += delta[w]!;
    }
    // reset only what this search touched: on a graph of many small parts a full reset per pivot
    // would make the run quadratic in n
    for (let i = 0; i < tail; i++) { const v = queue[i]!; dist[v] = -1; delta[v] = 0; }
  }
  tick.done();
  if (scale !== 1) for (let v = 0; v < n; v++) result[v]! *= scale;
  return result;
}

/**
 * Check for cancellation about every few million edge visits, so a cancelled job stops within a
 * fraction of a second on any graph size (one pivot costs ~4m + n steps).
 */
function checkEvery(g: CompactGraph): number {
  return Math.max(1, Math.min(64, Math.floor(4_000_000 / (4 * g.m + g.n + 1))));
}

function allNodes(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Sorted distinct node numbers; all nodes when `nodes` is absent. */
function nodeSet(n: number, nodes: ArrayLike<number> | undefined, name: string): Int32Array {
  if (!nodes) return allNodes(n);
  const mark = new Uint8Array(n);
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new RangeError(`${name}[${i}] = ${v} is not a node of the graph (n = ${n})`);
    mark[v] = 1;
  }
  const out: number[] = [];
  for (let v = 0; v < n; v++) if (mark[v]) out.push(v);
  return Int32Array.from(out);
}

/**
 * How subset betweenness runs: from the smaller of the two sets (the graph is undirected, so the
 * pair {s, t} has the same shortest paths from either end), counting each target reached.
 * A pair whose ends are both in both sets would be counted from each end, so a pivot in both sets
 * counts targets in both sets half: every qualifying unordered pair then adds exactly 1.
 */
function subsetPlan(n: number, sources: Int32Array, targets: Int32Array): PathCount {
  const [pivots, other] = sources.length <= targets.length ? [sources, targets] : [targets, sources];
  const isPivot = new Uint8Array(n);
  for (const v of pivots) isPivot[v] = 1;
  const inBoth = new Uint8Array(n);
  const targetWeight = new Float64Array(n);
  const weightForPivotInBoth = new Float64Array(n);
  for (const v of other) {
    targetWeight[v] = 1;
    if (isPivot[v]) { inBoth[v] = 1; weightForPivotInBoth[v] = 0.5; } else weightForPivotInBoth[v] = 1;
  }
  return { pivots, targetWeight, weightForPivotInBoth, inBoth, scale: 1 };
}

/** `k` of `from` drawn uniformly without replacement (partial Fisher–Yates, mulberry32). */
function samplePivots(from: Int32Array, k: number, seed: number): Int32Array {
  const pool = from.slice();
  const random = seededRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const t = pool[i]!; pool[i] = pool[j]!; pool[j] = t;
  }
  return pool.slice(0, k);
}


// ---------------------------------------------------------------------------------------------
// Eigenvector centrality and PageRank

export interface IterationResult {
  readonly values: Float64Array;
  readonly iterations: number;
  /** false when `maxIterations` ran out before the change fell below `tolerance` */
  readonly converged: boolean;
}

/**
 * Eigenvector centrality: the Perron eigenvector of the adjacency matrix, scaled so the maximum
 * is 1 (igraph's scale=True), started, like igraph, from the degrees. Converged when one more
 * multiplication by A (divided by the eigenvalue) would move no scaled value by `tolerance`.
 *
 * Plain power iteration fails on the graphs investigators bring. On a bipartite graph (a star,
 * people–accounts, a chain of couriers) A has eigenvalues λ and −λ of equal size, so x ← Ax swings
 * between two vectors forever. The usual repair, iterating with A + I (eigenvalues λ + 1 and
 * 1 − λ, the first now dominant), converges at the rate (λ − 1)/(λ + 1): for a phone number shared
 * by 100,000 callers λ ≈ 316 and that is ~3,600 rounds. So instead each round maximises the
 * Rayleigh quotient xᵀAx / xᵀx over the span of x, its residual Ax − ρx and the previous step
 * (LOBPCG, Knyazev 2001): it seeks the largest eigenvalue itself rather than the largest in size,
 * so −λ cannot pull it, and it converges like Lanczos (the star is exact in one round). Each
 * round costs one pass over the ties, as a power step does.
 *
 * On a disconnected graph the values concentrate on the part with the largest eigenvalue (usually
 * the largest, densest component); other parts come out 0. A graph with no ties gives every node
 * 1, as igraph does.
 */
export function eigenvectorCentrality(g: CompactGraph, opts?: RunOptions & { maxIterations?: number; tolerance?: number }): IterationResult {
  const { n } = g;
  const maxIterations = positiveInteger(opts?.maxIterations ?? 1000, 'maxIterations');
  const tolerance = positiveNumber(opts?.tolerance ?? 1e-10, 'tolerance');
  if (g.m === 0) return { values: new Float64Array(n).fill(1), iterations: 0, converged: true };

  // basis vectors of the search space and their images under A, allocated once
  let x: Float64Array = degreeCentrality(g);
  scale(x, 1 / norm(x));
  let ax: Float64Array = new Float64Array(n);
  multiply(g, x, ax);
  const r = new Float64Array(n);
  const ar = new Float64Array(n);
  let p: Float64Array = new Float64Array(n);
  let ap: Float64Array = new Float64Array(n);
  let nextX: Float64Array = new Float64Array(n);
  let nextAx: Float64Array = new Float64Array(n);
  let nextP: Float64Array = new Float64Array(n);
  let nextAp: Float64Array = new Float64Array(n);
  let hasP = false;

  const tick = ticker(opts, maxIterations, 1);
  let iterations = 0;
  let converged = false;
  let exactAx = true;
  for (;;) {
    const rho = dot(x, ax);
    if (residual(x, ax, rho) < tolerance) {
      // ax was carried along by recurrences; confirm with a fresh product before stopping
      if (exactAx) { converged = true; break; }
      multiply(g, x, ax);
      exactAx = true;
      continue;
    }
    if (iterations >= maxIterations) break;
    tick(iterations);
    iterations++;

    // r = Ax − ρx, made orthogonal to x and of unit length
    for (let v = 0; v < n; v++) r[v] = ax[v]! - rho * x[v]!;
    let size = orthonormalise(r, [x]);
    if (size === 0) { converged = true; break; }
    multiply(g, r, ar);
    exactAx = false;
    // the previous step, orthogonal to x and r; dropped when it adds no new direction
    let useP = false;
    if (hasP) {
      const a = dot(p, x);
      const b = dot(p, r);
      for (let v = 0; v < n; v++) { p[v]! -= a * x[v]! + b * r[v]!; ap[v]! -= a * ax[v]! + b * ar[v]!; }
      const c = dot(p, x);
      const d = dot(p, r);
      for (let v = 0; v < n; v++) { p[v]! -= c * x[v]! + d * r[v]!; ap[v]! -= c * ax[v]! + d * ar[v]!; }
      size = norm(p);
      if (size > 1e-10) { scale(p, 1 / size); scale(ap, 1 / size); useP = true; }
    }

    // Rayleigh–Ritz on span{x, r, p}: the top eigenvector of the small projected matrix
    const t = useP
      ? [[rho, dot(x, ar), dot(x, ap)], [0, dot(r, ar), dot(r, ap)], [0, 0, dot(p, ap)]]
      : [[rho, dot(x, ar)], [0, dot(r, ar)]];
    for (let i = 0; i < t.length; i++) for (let j = 0; j < i; j++) t[i]![j] = t[j]![i]!;
    const [cx = 1, cr = 0, cp = 0] = topEigenvector(t);
    for (let v = 0; v < n; v++) {
      const step = cr * r[v]! + (useP ? cp * p[v]! : 0);
      const aStep = cr * ar[v]! + (useP ? cp * ap[v]! : 0);
      nextP[v] = step;
      nextAp[v] = aStep;
      nextX[v] = cx * x[v]! + step;
      nextAx[v] = cx * ax[v]! + aStep;
    }
    [x, nextX] = [nextX, x];
    [ax, nextAx] = [nextAx, ax];
    [p, nextP] = [nextP, p];
    [ap, nextAp] = [nextAp, ap];
    hasP = true;
    // keep |x| = 1 against rounding
    const size2 = norm(x);
    scale(x, 1 / size2);
    scale(ax, 1 / size2);
  }
  tick.done();

  // the Perron vector is non-negative; fix the sign, and clear rounding noise below 0
  let total = 0;
  for (let v = 0; v < n; v++) total += x[v]!;
  const sign = total < 0 ? -1 : 1;
  for (let v = 0; v < n; v++) x[v] = Math.max(0, sign * x[v]!);
  scaleToMax(x);
  return { values: x, iterations, converged };
}

/** out = A·x over the CSR rows. */
function multiply(g: CompactGraph, x: Float64Array, out: Float64Array): void {
  const { n, offsets, neighbours } = g;
  for (let v = 0; v < n; v++) {
    let sum = 0;
    const end = offsets[v + 1]!;
    for (let e = offsets[v]!; e < end; e++) sum += x[neighbours[e]!]!;
    out[v] = sum;
  }
}

/** max over v of |(Ax)_v / ρ − x_v|, with x scaled to a maximum of 1: how far a power step would move it. */
function residual(x: Float64Array, ax: Float64Array, rho: number): number {
  if (!(rho > 0)) return Infinity;
  let largest = 0;
  let worst = 0;
  for (let v = 0; v < x.length; v++) {
    const xv = Math.abs(x[v]!);
    if (xv > largest) largest = xv;
    const d = Math.abs(ax[v]! / rho - x[v]!);
    if (d > worst) worst = d;
  }
  return largest > 0 ? worst / largest : Infinity;
}

/** Makes `y` orthogonal to the (unit, mutually orthogonal) `basis` — twice, which is enough — and of unit length; returns its length before, 0 if it vanished. */
function orthonormalise(y: Float64Array, basis: readonly Float64Array[]): number {
  const before = norm(y);
  if (before === 0) return 0;
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const c = dot(y, b);
      for (let v = 0; v < y.length; v++) y[v]! -= c * b[v]!;
    }
  }
  const after = norm(y);
  if (!(after > 1e-14 * before) || after === 0) return 0;
  scale(y, 1 / after);
  return after;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let v = 0; v < a.length; v++) s += a[v]! * b[v]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scale(a: Float64Array, c: number): void {
  for (let v = 0; v < a.length; v++) a[v]! *= c;
}

/** Unit eigenvector of the largest eigenvalue of a small symmetric matrix (cyclic Jacobi rotations). */
function topEigenvector(matrix: number[][]): number[] {
  const k = matrix.length;
  const a = matrix.map((row) => row.slice());
  const vectors: number[][] = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) off += a[i]![j]! ** 2;
    if (off < 1e-300) break;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const aij = a[i]![j]!;
        if (aij === 0) continue;
        const theta = (a[j]![j]! - a[i]![i]!) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let q = 0; q < k; q++) {
          const aqi = a[q]![i]!;
          const aqj = a[q]![j]!;
          a[q]![i] = c * aqi - s * aqj;
          a[q]![j] = s * aqi + c * aqj;
        }
        for (let q = 0; q < k; q++) {
          const aiq = a[i]![q]!;
          const ajq = a[j]![q]!;
          a[i]![q] = c * aiq - s * ajq;
          a[j]![q] = s * aiq + c * ajq;
        }
        for (let q = 0; q < k; q++) {
          const viq = vectors[q]![i]!;
          const vjq = vectors[q]![j]!;
          vectors[q]![i] = c * viq - s * vjq;
          vectors[q]![j] = s * viq + c * vjq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < k; i++) if (a[i]![i]! > a[best]![best]!) best = i;
  return vectors.map((row) => row[best]!);
}

function scaleToMax(x: Float64Array): void {
  let max = 0;
  for (let v = 0; v < x.length; v++) if (x[v]! > max) max = x[v]!;
  if (max > 0) for (let v = 0; v < x.length; v++) x[v]! /= max;
}

/**
 * PageRank as igraph computes it for an undirected graph (`pagerank(directed=False,
 * damping=0.85)`): each tie is followed both ways, a walker jumps to a uniformly chosen node with
 * probability 1 − damping, and a node without ties (dangling) sends its whole rank to all nodes
 * uniformly. Values sum to 1. `weighted` follows ties in proportion to their weight (how often the
 * tie was recorded), otherwise each distinct tie counts once. Stops when the L1 change between
 * iterations falls below `tolerance`.
 *
 * Pull-based Jacobi iteration over the CSR rows: each node sums share[u] = rank[u] / degree[u] of
 * its neighbours, so each iteration is one sequential pass over `neighbours` with no writes
 * scattered across memory.
 */
export function pagerank(
  g: CompactGraph,
  opts?: RunOptions & { damping?: number; maxIterations?: number; tolerance?: number; weighted?: boolean },
): IterationResult {
  const { n, offsets, neighbours, weights } = g;
  const damping = opts?.damping ?? 0.85;
  if (!(damping >= 0 && damping <= 1)) throw new RangeError(`damping must be in [0, 1], got ${damping}`);
  const maxIterations = positiveInteger(opts?.maxIterations ?? 1000, 'maxIterations');
  const tolerance = positiveNumber(opts?.tolerance ?? 1e-10, 'tolerance');
  const weighted = opts?.weighted ?? false;
  if (n === 0) return { values: new Float64Array(0), iterations: 0, converged: true };

  /** 1 / (weighted) degree, 0 for a dangling node */
  const inverseOut = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let out = 0;
    if (weighted) {
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = weights[e]!;
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weighted PageRank needs finite non-negative weights; node ${v} has a tie of weight ${w}`);
        out += w;
      }
    } else out = offsets[v + 1]! - offsets[v]!;
    inverseOut[v] = out > 0 ? 1 / out : 0;
  }

  const rank = new Float64Array(n).fill(1 / n);
  let share = new Float64Array(n);
  let nextShare = new Float64Array(n);
  let dangling = 0;
  for (let v = 0; v < n; v++) {
    share[v] = rank[v]! * inverseOut[v]!;
    if (inverseOut[v] === 0) dangling += rank[v]!;
  }
  const tick = ticker(opts, maxIterations, 1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    tick(iterations);
    iterations++;
    const base = (1 - damping) / n + (damping * dangling) / n;
    let change = 0;
    let nextDangling = 0;
    for (let v = 0; v < n; v++) {
      let sum = 0;
      const end = offsets[v + 1]!;
      if (weighted) for (let e = offsets[v]!; e < end; e++) sum += share[neighbours[e]!]! * weights[e]!;
      else for (let e = offsets[v]!; e < end; e++) sum += share[neighbours[e]!]!;
      const r = base + damping * sum;
      change += Math.abs(r - rank[v]!);
      rank[v] = r;
      const io = inverseOut[v]!;
      nextShare[v] = r * io;
      if (io === 0) nextDangling += r;
    }
    [share, nextShare] = [nextShare, share];
    dangling = nextDangling;
    if (change < tolerance) { converged = true; break; }
  }
  tick.done();
  // rounding drifts the total by ~1e-15 per iteration; igraph returns an exact probability vector
  let total = 0;
  for (let v = 0; v < n; v++) total += rank[v]!;
  for (let v = 0; v < n; v++) rank[v]! /= total;
  return { values: rank, iterations, converged };
}

function positiveInteger(x: number, name: string): number {
  if (!Number.isInteger(x) || x < 1) throw new RangeError(`${name} must be a positive integer, got ${x}`);
  return x;
}

function positiveNumber(x: number, name: string): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a positive number, got ${x}`);
  return x;
}

// ---------------------------------------------------------------------------------------------
// The one-call API

export interface CentralityRequest {
  readonly measure: CentralityMeasure;
  /** how many nodes to return, best first (default 10) */
  readonly top?: number;
  /** betweenness only: pivots to sample, or 'auto' (default): exact up to 20,000 nodes, else 1,000 pivots */
  readonly sample?: number | 'auto';
  /** betweenness only: count only shortest paths between these two groups (an empty list means every node) */
  readonly between?: { readonly sources: readonly RoleSelector[]; readonly targets: readonly RoleSelector[] };
}

/** Largest graph on which `sample: 'auto'` computes exact betweenness. */
export const EXACT_BETWEENNESS_MAX_NODES = 20_000;
/** Pivots `sample: 'auto'` draws above that. */
export const AUTO_PIVOTS = 1_000;
const DEFAULT_TOP = 10;
const MEASURES: readonly CentralityMeasure[] = ['degree', 'betweenness', 'eigenvector', 'pagerank'];

/**
 * Ranks the nodes of a network by one centrality measure; each node and the result explain
 * themselves. What the API, the CLI and the analysis worker call.
 * @example centrality(net, { measure: 'betweenness', top: 5, between: { sources: ['recruiter'], targets: ['schema:Address'] } })
 */
export function centrality(net: IndexedNetwork, request: CentralityRequest, opts?: RunOptions): CentralityResult {
  const { measure } = request;
  if (!MEASURES.includes(measure)) throw invalid('measure', `Unknown centrality measure "${String(measure)}"; use one of ${MEASURES.join(', ')}.`);
  const top = request.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 0) throw invalid('top', `top must be a non-negative whole number, got ${String(top)}.`);
  const sample = request.sample ?? 'auto';
  if (sample !== 'auto' && (!Number.isInteger(sample) || sample < 1)) throw invalid('sample', `sample must be "auto" or a positive whole number of pivots, got ${String(sample)}.`);
  if (request.between && measure !== 'betweenness') throw invalid('between', 'Source and target groups apply to betweenness only.');
  const g = net.graph;
  if (g.n !== net.network.nodes.length) throw new RangeError(`the graph has ${g.n} nodes but the network lists ${net.network.nodes.length}`);

  switch (measure) {
    case 'degree': {
      const values = degreeCentrality(g);
      return {
        measure, exact: true,
        top: rankNodes(net, values, top, (v, r, n) => `${v === 0 ? 'tied to no other node' : `tied to ${formatCount(v)} ${v === 1 ? 'other' : 'others'}`} (${rankOf(r, n)})`),
        explanation: `Degree counts how many different people, organisations, accounts, phones or places each node is directly tied to; a tie recorded many times counts once.${emptyNote(g)}`,
      };
    }
    case 'betweenness':
      return betweennessResult(net, { top, sample, between: request.between }, opts);
    case 'eigenvector': {
      const { values, iterations, converged } = eigenvectorCentrality(g, opts);
      const parts = g.n > 0 ? components(g) : { count: 0, sizes: [] as number[], comp: new Int32Array(0) };
      let scope = '';
      if (g.m > 0 && parts.count > 1) {
        let best = 0;
        for (let v = 1; v < g.n; v++) if (values[v]! > values[best]!) best = v;
        const size = parts.sizes[parts.comp[best]!]!;
        scope = ` This network falls into ${formatCount(parts.count)} separate parts, so the scores mostly describe the part that holds the top node (${formatCount(size)} of ${formatCount(g.n)} nodes); nodes in other parts score near 0 however well tied they are locally.`;
      }
      return {
        measure, exact: true, iterations,
        top: rankNodes(net, values, top, eigenvectorSentence),
        explanation: `Eigenvector centrality scores a node by how well connected its contacts are, so someone with few ties to central figures can outrank someone with many ties to peripheral ones; the top node scores 1.${scope}${convergenceNote(converged, iterations)}${emptyNote(g)}`,
      };
    }
    case 'pagerank': {
      const { values, iterations, converged } = pagerank(g, opts);
      return {
        measure, exact: true, iterations,
        top: rankNodes(net, values, top, (v, r, n) => `a walk that follows ties at random would be here ${percent(100 * v)} of the time, ${times(v * n)} an average node (${rankOf(r, n)})`),
        explanation: `PageRank is the share of time someone following ties at random (and now and then jumping to any node) spends at each node: high for nodes that many others, or other high-ranked nodes, are tied to. Scores add up to 1.${convergenceNote(converged, iterations)}${emptyNote(g)}`,
      };
    }
  }
}

function betweennessResult(
  net: IndexedNetwork,
  { top, sample, between }: { top: number; sample: number | 'auto'; between: CentralityRequest['between'] },
  opts: RunOptions | undefined,
): CentralityResult {
  const g = net.graph;
  const n = g.n;
  const sources = between?.sources.length ? selectNodes(net, between.sources) : null;
  const targets = between?.targets.length ? selectNodes(net, between.targets) : null;
  const subset = sources !== null || targets !== null;
  const runFrom = subset ? Math.min(sources?.length ?? n, targets?.length ?? n) : n;
  const pivots = sample === 'auto'
    ? (n <= EXACT_BETWEENNESS_MAX_NODES ? runFrom : Math.min(AUTO_PIVOTS, runFrom))
    : Math.min(sample, runFrom);
  const exact = pivots >= runFrom;
  let values: Float64Array;
  if (!subset) values = exact ? betweenness(g, opts) : sampledBetweenness(g, pivots, { ...opts, seed: DEFAULT_SEED });
  else {
    const s = sources ?? allNodes(n);
    const t = targets ?? allNodes(n);
    values = exact || runFrom === 0 ? betweenness(g, { ...opts, sources: s, targets: t }) : sampledSubsetBetweenness(g, { sources: s, targets: t }, pivots, opts);
  }

  const about = exact ? '' : 'an estimated ';
  let ranked: RankedNode[];
  let meaning: string;
  if (!subset) {
    const pairs = ((n - 1) * (n - 2)) / 2;
    ranked = rankNodes(net, values, top, (v, r, count) => `${pathShare(v, pairs, about)} between other nodes (${rankOf(r, count)})`);
    meaning = 'Betweenness counts the shortest paths between other nodes that run through each node: a high value marks a broker whose removal lengthens or cuts the routes between the rest of the network.';
  } else {
    const pairsOf = subsetPairCounter(n, sources, targets);
    const from = between && sources ? describeSelectors(net, between.sources) : 'all nodes';
    const to = between && targets ? describeSelectors(net, between.targets) : 'all nodes';
    const label = from === to ? from : `${from} and ${to}`;
    ranked = rankNodes(net, values, top, (v, r, count, node) => `${pathShare(v, pairsOf(node), about)} between ${label} (${rankOf(r, count)})`);
    meaning = `This betweenness counts only shortest paths between ${label} that run through each node: a high value marks an intermediary on those routes, whose removal lengthens or cuts them.`;
  }
  const sampled = exact ? '' : ` Estimated from the shortest paths that start at ${formatCount(pivots)} randomly chosen ${pivots === 1 ? 'node' : 'nodes'} (fixed seed) out of ${formatCount(runFrom)}, scaled up: the strongest brokers are found reliably, small differences between values are not meaningful.`;
  return {
    measure: 'betweenness', exact, ...(exact ? {} : { samples: pivots }),
    top: ranked,
    explanation: `${meaning}${sampled}${emptyNote(g)}`,
  };
}

/**
 * The number of qualifying unordered pairs {s, t} not involving v, for the percentage in the
 * subset explanation. With A = sources only, B = targets only, C = both: pairs A–B, A–C, B–C and
 * within C qualify.
 */
function subsetPairCounter(n: number, sources: Int32Array | null, targets: Int32Array | null): (v: number) => number {
  const inS = new Uint8Array(n);
  const inT = new Uint8Array(n);
  if (sources) for (const v of sources) inS[v] = 1; else inS.fill(1);
  if (targets) for (const v of targets) inT[v] = 1; else inT.fill(1);
  let a = 0, b = 0, c = 0;
  for (let v = 0; v < n; v++) {
    if (inS[v] && inT[v]) c++;
    else if (inS[v]) a++;
    else if (inT[v]) b++;
  }
  const total = a * b + a * c + b * c + (c * (c - 1)) / 2;
  return (v) => total - (inS[v] && inT[v] ? a + b + c - 1 : inS[v] ? b + c : inT[v] ? a + c : 0);
}

function pathShare(value: number, pairs: number, about: string): string {
  if (!(value > 0) || !(pairs > 0)) return 'lies on no shortest path';
  return `lies on ${about}${percent(Math.min(100, (100 * value) / pairs))} of shortest paths`;
}

function eigenvectorSentence(v: number, r: number, n: number): string {
  if (r === 1 && v > 0) return `tied most strongly into the best-connected part of the network (score 1, ${rankOf(r, n)})`;
  if (!(v > 1e-9)) return `has no ties into the part of the network this measure describes (score 0, ${rankOf(r, n)})`;
  return `tied to well-connected nodes: score ${v.toPrecision(2)} against 1 for the top node (${rankOf(r, n)})`;
}

const rankOf = (r: number, n: number): string => `rank ${formatCount(r)} of ${formatCount(n)}`;

/** 38.2%, 50%, 0.042%, less than 0.001% — enough digits to tell small shares apart without false precision. */
function percent(p: number): string {
  if (p >= 1) return `${Number(p.toFixed(1))}%`;
  if (p >= 0.001) return `${Number(p.toPrecision(2))}%`;
  return p > 0 ? 'less than 0.001%' : '0%';
}

function times(ratio: number): string {
  if (Math.abs(ratio - 1) < 0.05) return 'about as often as';
  return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)} times as often as`;
}

function convergenceNote(converged: boolean, iterations: number): string {
  return converged ? '' : ` The calculation stopped after ${formatCount(iterations)} rounds before fully settling; the order of the top nodes is reliable, the last digits are not.`;
}

function emptyNote(g: CompactGraph): string {
  return g.n === 0 ? ' The network is empty, so there is nothing to rank.' : '';
}

function invalid(field: string, message: string): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details: { [field]: message } });
}
