/**
 * The graph every analysis runs on: an undirected simple graph in compressed sparse row form
 * (CSR), nodes numbered 0..n-1, each edge stored in both rows. Our own code, not graphology's
 * object graph: a million nodes and five million edges fit in ~100 MB of typed arrays and the
 * inner loops of betweenness, PageRank and Louvain walk them without allocating (graphology holds
 * an object and a Map entry per edge, several times the memory and an order slower to walk).
 *
 * Self-loops are dropped and parallel edges merged into one edge whose weight is their count (or
 * the sum of their weights): investigators' data repeats the same call or payment many times, and
 * the structure analyses (paths, cuts, components) must see one tie.
 */

export interface CompactGraph {
  /** number of nodes */
  readonly n: number;
  /** number of undirected edges after merging (each stored twice in `neighbours`) */
  readonly m: number;
  /** row starts: node v's neighbours are neighbours[offsets[v] .. offsets[v+1]), ascending */
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  /** weight of each adjacency slot (same index as `neighbours`); 1 per merged input edge unless weighted */
  readonly weights: Float64Array;
  /** input edges that were self-loops (dropped) */
  readonly selfLoops: number;
  /** input edges merged into an earlier edge between the same two nodes */
  readonly parallelMerged: number;
}

/**
 * Builds the CSR graph from an edge list over nodes 0..n-1. Throws on an endpoint outside [0, n).
 * @example const g = compactGraph(4, [0, 1, 2], [1, 2, 3]) // the path 0-1-2-3
 */
export function compactGraph(n: number, sources: ArrayLike<number>, targets: ArrayLike<number>, weights?: ArrayLike<number>): CompactGraph {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`node count must be a non-negative integer, got ${n}`);
  if (sources.length !== targets.length || (weights && weights.length !== sources.length)) throw new RangeError('sources, targets and weights must have the same length');
  const degree = new Int32Array(n + 1);
  let selfLoops = 0;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    const t = targets[i]!;
    if (!(s >= 0 && s < n && t >= 0 && t < n) || !Number.isInteger(s) || !Number.isInteger(t)) throw new RangeError(`edge ${i} has an endpoint outside the graph (${s}, ${t}; n = ${n})`);
    if (s === t) { selfLoops++; continue; }
    degree[s]!++;
    degree[t]!++;
  }
  // raw rows, with duplicates
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v]!;
  const fill = start.slice(0, n);
  const raw = new Int32Array(start[n]!);
  const rawW = new Float64Array(start[n]!);
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    const t = targets[i]!;
    if (s === t) continue;
    const w = weights ? weights[i]! : 1;
    raw[fill[s]!] = t; rawW[fill[s]!++] = w;
    raw[fill[t]!] = s; rawW[fill[t]!++] = w;
  }
  // Sort every row without sorting: walking the rows in node order and appending each node to
  // its neighbours' rows (the transpose of a symmetric matrix is itself) leaves every row in
  // ascending order, weights alongside: O(m), no comparator, no allocation per row.
  const sorted = new Int32Array(start[n]!);
  const sortedW = new Float64Array(start[n]!);
  fill.set(start.subarray(0, n));
  for (let u = 0; u < n; u++) {
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const v = raw[k]!;
      sorted[fill[v]!] = u;
      sortedW[fill[v]!++] = rawW[k]!;
    }
  }
  // merge the duplicates of each (now ordered) row, compacting in place
  const offsets = new Int32Array(n + 1);
  let out = 0;
  let merged = 0;
  for (let v = 0; v < n; v++) {
    offsets[v] = out;
    let prev = -1;
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      const u = sorted[k]!;
      if (u === prev) { sortedW[out - 1]! += sortedW[k]!; merged++; continue; }
      sorted[out] = u; sortedW[out] = sortedW[k]!; out++; prev = u;
    }
  }
  offsets[n] = out;
  return {
    n,
    m: out / 2,
    offsets,
    neighbours: sorted.slice(0, out),
    weights: sortedW.slice(0, out),
    selfLoops,
    // each merged input edge was seen from both ends
    parallelMerged: merged / 2,
  };
}

export const degreeOf = (g: CompactGraph, v: number): number => g.offsets[v + 1]! - g.offsets[v]!;

/**
 * The subgraph induced by the nodes with keep[v] = 1, renumbered densely. `original[i]` is the
 * node of `g` that became node i; `renumbered[v]` is v's new number or -1.
 */
export function inducedSubgraph(g: CompactGraph, keep: ArrayLike<number | boolean>): { graph: CompactGraph; original: Int32Array; renumbered: Int32Array } {
  const renumbered = new Int32Array(g.n).fill(-1);
  let k = 0;
  for (let v = 0; v < g.n; v++) if (keep[v]) renumbered[v] = k++;
  const original = new Int32Array(k);
  for (let v = 0; v < g.n; v++) if (renumbered[v]! >= 0) original[renumbered[v]!] = v;
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let v = 0; v < g.n; v++) {
    const rv = renumbered[v]!;
    if (rv < 0) continue;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const u = g.neighbours[e]!;
      const ru = renumbered[u]!;
      if (ru > rv) { src.push(rv); dst.push(ru); w.push(g.weights[e]!); }
    }
  }
  return { graph: compactGraph(k, src, dst, w), original, renumbered };
}

/** Connected components: comp[v] is the component number (0..count-1), numbered by first node. */
export function components(g: CompactGraph, removed?: Uint8Array): { comp: Int32Array; count: number; sizes: number[] } {
  const comp = new Int32Array(g.n).fill(-1);
  const stack = new Int32Array(Math.max(1, g.n));
  const sizes: number[] = [];
  let count = 0;
  for (let s = 0; s < g.n; s++) {
    if (comp[s] !== -1 || removed?.[s]) continue;
    let top = 0;
    stack[top++] = s;
    comp[s] = count;
    let size = 0;
    while (top > 0) {
      const v = stack[--top]!;
      size++;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (comp[u] === -1 && !removed?.[u]) { comp[u] = count; stack[top++] = u; }
      }
    }
    sizes.push(size);
    count++;
  }
  return { comp, count, sizes };
}
