/**
 * Seeded random graphs for tests and the benchmark against igraph (bench/network.bench.ts).
 * Each returns an edge list over nodes 0..n-1 in typed arrays, ready for `compactGraph`; the same
 * arguments give the same graph on every machine (mulberry32, no Math.random).
 *
 * All three return simple graphs: no self-loops and no pair drawn twice. That is what makes a
 * side-by-side comparison exact: igraph and CompactGraph both see every edge with weight 1, so
 * weighted and unweighted PageRank and Louvain cannot differ between the two.
 *
 * Written here rather than taken from graphology-generators: those build a graphology object
 * graph, about a gigabyte and tens of seconds for the benchmark's 1M nodes and 5M edges; these take
 * a second or two and 40 MB.
 */
import { seededRandom } from './seeded-random.ts';

export interface GeneratedGraph {
  readonly n: number;
  readonly sources: Int32Array;
  readonly targets: Int32Array;
}

export interface BlockGraph extends GeneratedGraph {
  /** planted block of each node; blocks are consecutive node ranges in the order of `sizes` */
  readonly block: Int32Array;
}


function checkCount(name: string, x: number): void {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`${name} must be a non-negative integer, got ${x}`);
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
}

/** Pair keys u·n + v, and u = ⌊key / n⌋, must stay exact in a double. */
const MAX_NODES = 2 ** 26;

/**
 * Preferential attachment (Barabási–Albert): the first m + 1 nodes form a clique, then each new
 * node links to m distinct earlier nodes, each chosen with probability proportional to its degree.
 * About n·m edges (exactly m(m+1)/2 + (n − m − 1)·m); degrees follow a power law, so a few hubs
 * hold hundreds of times the mean degree, like a shared phone number or a broker in real data.
 * @example const { sources, targets } = barabasiAlbert(10_000, 5, 1) // 49,985 edges
 */
export function barabasiAlbert(n: number, m: number, seed: number): GeneratedGraph {
  checkCount('n', n);
  checkCount('m', m);
  const random = seededRandom(seed);
  const core = Math.min(n, m + 1);
  const total = (core * (core - 1)) / 2 + Math.max(0, n - core) * m;
  const sources = new Int32Array(total);
  const targets = new Int32Array(total);
  // every edge's two endpoints: a uniform pick from this list is a pick proportional to degree
  // (Batagelj & Brandes 2005), so no degree table or search is needed
  const ends = new Int32Array(2 * total);
  let e = 0;
  for (let i = 1; i < core; i++) {
    for (let j = 0; j < i; j++) {
      sources[e] = i; targets[e] = j;
      ends[2 * e] = i; ends[2 * e + 1] = j;
      e++;
    }
  }
  // lastPick[t] = v marks t as already chosen by v, so m picks stay distinct without a set
  const lastPick = new Int32Array(n).fill(-1);
  for (let v = core; v < n; v++) {
    const first = e;
    const pool = 2 * first;
    for (let k = 0; k < m; k++) {
      let t: number;
      do t = ends[Math.floor(random() * pool)]!; while (lastPick[t] === v);
      lastPick[t] = v;
      sources[e] = v; targets[e] = t; e++;
    }
    // the new node's edges join the pool only after all its picks, as in the model
    for (let x = first; x < e; x++) { ends[2 * x] = v; ends[2 * x + 1] = targets[x]!; }
  }
  return { n, sources, targets };
}

/**
 * Erdős–Rényi G(n, m): exactly m distinct edges, every set of m node pairs equally likely.
 * @example erdosRenyi(1000, 5000, 7).sources.length // 5000
 */
export function erdosRenyi(n: number, m: number, seed: number): GeneratedGraph {
  checkCount('n', n);
  checkCount('m', m);
  if (n > MAX_NODES) throw new RangeError(`at most ${MAX_NODES} nodes, got ${n}`);
  const pairs = (n * (n - 1)) / 2;
  if (m > pairs) throw new RangeError(`${m} edges do not fit in ${n} nodes (at most ${pairs})`);
  const random = seededRandom(seed);
  const draw = (keys: Float64Array, at: number): void => {
    const u = Math.floor(random() * n);
    let v = Math.floor(random() * (n - 1));
    if (v >= u) v++;
    keys[at] = u < v ? u * n + v : v * n + u;
  };
  const keys = new Float64Array(m);
  for (let i = 0; i < m; i++) draw(keys, i);
  distinct(keys, () => 0, new Float64Array([0]), (_c, at) => draw(keys, at));
  return fromKeys(keys, n);
}

/**
 * Stochastic block model: blocks of the given sizes (consecutive node ranges); each pair of nodes
 * in the same block is linked with probability pIn, each pair in different blocks with pOut,
 * independently. Samples how many edges each block (and the set of all cross pairs) gets, then
 * draws that many distinct pairs, so it costs O(edges + blocks), never a loop over n² pairs.
 * @example stochasticBlock([500, 500], 0.02, 0.001, 3) // ≈ 4,990 edges inside blocks, ≈ 250 between
 */
export function stochasticBlock(sizes: readonly number[], pIn: number, pOut: number, seed: number): BlockGraph {
  for (const s of sizes) checkCount('block size', s);
  checkProbability('pIn', pIn);
  checkProbability('pOut', pOut);
  const n = sizes.reduce((a, b) => a + b, 0);
  if (n > MAX_NODES) throw new RangeError(`at most ${MAX_NODES} nodes, got ${n}`);
  const random = seededRandom(seed);
  const blocks = sizes.length;
  const start = new Float64Array(blocks + 1);
  for (let b = 0; b < blocks; b++) start[b + 1] = start[b]! + sizes[b]!;
  const block = new Int32Array(n);
  for (let b = 0; b < blocks; b++) block.fill(b, start[b]!, start[b + 1]!);

  // category b < blocks: pairs inside block b; category `blocks`: all pairs across blocks
  const want = new Float64Array(blocks + 1);
  let inside = 0;
  for (let b = 0; b < blocks; b++) {
    const s = sizes[b]!;
    want[b] = binomial((s * (s - 1)) / 2, pIn, random);
    inside += (s * (s - 1)) / 2;
  }
  want[blocks] = binomial((n * (n - 1)) / 2 - inside, pOut, random);

  // a cross pair is an ordered (u in a, v outside a) with a drawn ∝ s_a·(n − s_a): uniform over pairs
  const crossWeight = new Float64Array(blocks);
  let acc = 0;
  for (let b = 0; b < blocks; b++) { acc += sizes[b]! * (n - sizes[b]!); crossWeight[b] = acc; }
  const drawPair = (c: number): number => {
    if (c < blocks) {
      const s = sizes[c]!;
      const u = Math.floor(random() * s);
      let v = Math.floor(random() * (s - 1));
      if (v >= u) v++;
      const lo = start[c]! + Math.min(u, v);
      return lo * n + (start[c]! + Math.max(u, v));
    }
    const a = upperBound(crossWeight, random() * acc);
    const sa = sizes[a]!;
    const u = start[a]! + Math.floor(random() * sa);
    let v = Math.floor(random() * (n - sa));
    if (v >= start[a]!) v += sa;
    return u < v ? u * n + v : v * n + u;
  };

  let total = 0;
  for (let c = 0; c <= blocks; c++) total += want[c]!;
  const keys = new Float64Array(total);
  let at = 0;
  for (let c = 0; c <= blocks; c++) for (let i = 0; i < want[c]!; i++) keys[at++] = drawPair(c);
  const categoryOf = (key: number): number => {
    const u = Math.floor(key / n);
    const b = block[u]!;
    return block[key - u * n] === b ? b : blocks;
  };
  distinct(keys, categoryOf, new Float64Array(blocks + 1), (c, i) => { keys[i] = drawPair(c); });
  return { ...fromKeys(keys, n), block };
}

/**
 * Makes the pair keys distinct: sorts them, drops repeats, and redraws each dropped key from the
 * same kind of pair (same block, or across blocks) until none repeats. Given how many edges each
 * kind gets, this leaves every set of distinct pairs equally likely, as in the models.
 */
function distinct(keys: Float64Array, categoryOf: (key: number) => number, lost: Float64Array, redraw: (category: number, at: number) => void): void {
  for (;;) {
    keys.sort();
    lost.fill(0);
    let out = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (out > 0 && keys[out - 1] === k) { lost[categoryOf(k)]!++; continue; }
      keys[out++] = k;
    }
    if (out === keys.length) return;
    for (let c = 0; c < lost.length; c++) for (let i = 0; i < lost[c]!; i++) redraw(c, out++);
  }
}

function fromKeys(keys: Float64Array, n: number): GeneratedGraph {
  const sources = new Int32Array(keys.length);
  const targets = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const u = Math.floor(k / n);
    sources[i] = u;
    targets[i] = k - u * n;
  }
  return { n, sources, targets };
}

/** First index whose cumulative weight exceeds x. */
function upperBound(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * A Binomial(trials, p) draw. Exact (geometric gaps between successes) while the expected count is
 * small; the normal approximation once the variance passes 25, where its error is far below the
 * sampling noise of the graphs we make (trials reach 5·10¹¹ for the 1M-node benchmark graph).
 */
function binomial(trials: number, p: number, random: () => number): number {
  if (trials <= 0 || p <= 0) return 0;
  if (p >= 1) return trials;
  if (p > 0.5) return trials - binomial(trials, 1 - p, random);
  const variance = trials * p * (1 - p);
  if (variance >= 25) {
    // Box–Muller; 1 − random() keeps the logarithm finite
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.min(trials, Math.max(0, Math.round(trials * p + z * Math.sqrt(variance))));
  }
  const logQ = Math.log(1 - p);
  let count = 0;
  let position = 0;
  for (;;) {
    position += Math.floor(Math.log(1 - random()) / logQ) + 1;
    if (position > trials) return count;
    count++;
  }
}
