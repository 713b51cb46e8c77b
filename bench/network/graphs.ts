/**
 * The benchmark's graphs: a scale-free (Barabási–Albert) and a stochastic-block graph at each of
 * the two sizes, written as binary edge lists that igraph_bench.py reads, and the
 * 50,000-node subgraph on which sampled betweenness is checked against exact betweenness.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactGraph, inducedSubgraph, type CompactGraph } from '../../packages/network/src/compact-graph.ts';
import { barabasiAlbert, stochasticBlock, type GeneratedGraph } from '../../packages/network/src/generators.ts';

export type Family = 'scale-free' | 'block';

export interface BenchGraph {
  /** file-safe name, e.g. `ba-10k` */
  readonly name: string;
  readonly family: Family;
  readonly generated: GeneratedGraph;
  readonly graph: CompactGraph;
  /** how the edge list was made, for the report */
  readonly recipe: string;
  /** the edge list written for igraph */
  readonly file: string;
  readonly generateSeconds: number;
  readonly compactSeconds: number;
}

const MEAN_EDGES_PER_NODE = 5;
/** share of a block-model node's edges that leave its block */
const MIXING = 0.2;
const label = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

/** Blocks of about `blockSize` nodes, the remainder spread over the first blocks. */
export function blockSizes(n: number, blockSize: number): number[] {
  const count = Math.max(1, Math.round(n / blockSize));
  return Array.from({ length: count }, (_, b) => Math.floor(n / count) + (b < n % count ? 1 : 0));
}

/** pIn and pOut that give n·5 edges in expectation, 20% of them between blocks. */
export function blockProbabilities(sizes: readonly number[]): { pIn: number; pOut: number } {
  const n = sizes.reduce((a, b) => a + b, 0);
  const inside = sizes.reduce((a, s) => a + (s * (s - 1)) / 2, 0);
  const cross = (n * (n - 1)) / 2 - inside;
  const edges = n * MEAN_EDGES_PER_NODE;
  return { pIn: Math.min(1, ((1 - MIXING) * edges) / inside), pOut: cross > 0 ? Math.min(1, (MIXING * edges) / cross) : 0 };
}

/** Interleaved int32 little-endian pairs, what igraph_bench.py reads. */
export function writeEdgeList(file: string, sources: Int32Array, targets: Int32Array): void {
  const pairs = new Int32Array(2 * sources.length);
  for (let i = 0; i < sources.length; i++) { pairs[2 * i] = sources[i]!; pairs[2 * i + 1] = targets[i]!; }
  const bytes = new Uint8Array(pairs.buffer);
  // typed arrays use the machine's byte order; every machine we run on is little-endian
  writeFileSync(file, bytes);
}

/** `edgesPerNode` (Barabási–Albert m, default 5) and `suffix` (name) make variants such as a sparser graph. */
export function makeGraph(family: Family, n: number, seed: number, how: { dir: string; blockSize?: number; edgesPerNode?: number; suffix?: string }): BenchGraph {
  const { dir, blockSize = 1000, edgesPerNode = MEAN_EDGES_PER_NODE, suffix = '' } = how;
  let t = performance.now();
  let generated: GeneratedGraph;
  let recipe: string;
  if (family === 'scale-free') {
    generated = barabasiAlbert(n, edgesPerNode, seed);
    recipe = `Barabási–Albert, m = ${edgesPerNode}, seed ${seed}`;
  } else {
    const sizes = blockSizes(n, blockSize);
    const { pIn, pOut } = blockProbabilities(sizes);
    generated = stochasticBlock(sizes, pIn, pOut, seed);
    recipe = `stochastic blocks, ${sizes.length} × ~${blockSize} nodes, pIn ${pIn.toPrecision(3)}, pOut ${pOut.toPrecision(3)}, seed ${seed}`;
  }
  const generateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const graph = compactGraph(generated.n, generated.sources, generated.targets);
  const compactSeconds = (performance.now() - t) / 1000;
  const name = `${family === 'scale-free' ? 'ba' : 'sbm'}-${label(n)}${suffix}`;
  const file = join(dir, `${name}.edges`);
  writeEdgeList(file, generated.sources, generated.targets);
  return { name, family, generated, graph, recipe, file, generateSeconds, compactSeconds };
}

/** Node with the highest degree, the lowest-numbered among ties. */
export function maxDegreeNode(g: CompactGraph): number {
  let best = 0;
  for (let v = 1; v < g.n; v++) if (g.offsets[v + 1]! - g.offsets[v]! > g.offsets[best + 1]! - g.offsets[best]!) best = v;
  return best;
}

/**
 * The subgraph on which sampled betweenness is checked: the first `size` nodes that a
 * breadth-first search from the highest-degree node reaches (neighbours in ascending order), with
 * every edge among them. This keeps the dense core where the top-100 of the full graph live, and
 * it is connected by construction. Returns the induced graph and, for the report, its source node.
 */
export function bfsBall(g: CompactGraph, size: number): { graph: CompactGraph; root: number; original: Int32Array } {
  const root = maxDegreeNode(g);
  const keep = new Uint8Array(g.n);
  const queue = new Int32Array(Math.min(size, g.n));
  let head = 0;
  let tail = 0;
  if (g.n > 0 && size > 0) { queue[tail++] = root; keep[root] = 1; }
  while (head < tail && tail < queue.length) {
    const v = queue[head++]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]! && tail < queue.length; e++) {
      const u = g.neighbours[e]!;
      if (!keep[u]) { keep[u] = 1; queue[tail++] = u; }
    }
  }
  const { graph, original } = inducedSubgraph(g, keep);
  return { graph, root, original };
}

/** The CSR graph's edges (u < v) as an edge list, for igraph. */
export function edgeListOf(g: CompactGraph): { sources: Int32Array; targets: Int32Array } {
  const sources = new Int32Array(g.m);
  const targets = new Int32Array(g.m);
  let e = 0;
  for (let v = 0; v < g.n; v++) {
    for (let x = g.offsets[v]!; x < g.offsets[v + 1]!; x++) {
      const u = g.neighbours[x]!;
      if (u > v) { sources[e] = v; targets[e] = u; e++; }
    }
  }
  return { sources, targets };
}
