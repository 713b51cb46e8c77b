/**
 * The distance-fragmentation search's fast estimate: D_F of one removal state from a fixed list
 * of sampled sources, and of that state with one more node removed, without a BFS per candidate;
 * and the candidates worth scoring (high sampled betweenness, then high degree).
 *
 * Our own code over a library: candidates are scored hundreds of times per plan, so the probe
 * keeps the BFS rows and revisits only what a removal changes (see `DistanceProbe`).
 */
import { degreeOf, type CompactGraph } from '../compact-graph.ts';
import { throwIfCancelled } from '../run-options.ts';
import { topNodes } from './top-nodes.ts';

/** distance-fragmentation candidates per greedy step: best by sampled betweenness, then by degree */
const POOL_BY_BETWEENNESS = 40;
const POOL_SIZE = 50;
/** sampled sources whose betweenness picks the distance-fragmentation candidates */
const POOL_PIVOTS = 16;

/**
 * D_F of one removal state from a fixed list of sources, and of that state with one more node
 * removed. `load` runs a BFS from each source and keeps the distance rows; `valueWithout(c)` then
 * revisits only what c's removal changes: the nodes all of whose shortest paths from a source ran
 * through c (the rest keep their distance), re-measured from their unaffected neighbours. For most
 * nodes that is c alone, so scoring a candidate costs a few hundred steps instead of 64 BFS.
 * Sources that are themselves removed drop out of the mean.
 */
export class DistanceProbe {
  readonly sources: Int32Array;
  private readonly g: CompactGraph;
  private readonly signal: AbortSignal | undefined;
  private readonly dist: Int32Array;
  private readonly sums: Float64Array;
  private readonly live: Uint8Array;
  private removed: Uint8Array;
  private remaining = 0;
  // scratch of valueWithout, cleared through `touched`
  private readonly affected: Uint8Array;
  private readonly checked: Uint8Array;
  private readonly done: Uint8Array;
  private readonly newDist: Int32Array;
  private readonly list: Int32Array;
  private readonly touched: Int32Array;
  private readonly queue: Int32Array;

  constructor(g: CompactGraph, sources: Int32Array, signal: AbortSignal | undefined) {
    this.g = g;
    this.sources = sources.slice();
    this.signal = signal;
    this.dist = new Int32Array(sources.length * g.n);
    this.sums = new Float64Array(sources.length);
    this.live = new Uint8Array(sources.length);
    this.removed = new Uint8Array(g.n);
    this.affected = new Uint8Array(g.n);
    this.checked = new Uint8Array(g.n);
    this.done = new Uint8Array(g.n);
    this.newDist = new Int32Array(g.n).fill(-1);
    this.list = new Int32Array(g.n);
    this.touched = new Int32Array(g.n);
    this.queue = new Int32Array(g.n);
  }

  load(removed: Uint8Array): void {
    const { n, offsets: off, neighbours: nb } = this.g;
    this.removed = removed;
    this.remaining = 0;
    for (let v = 0; v < n; v++) if (!removed[v]) this.remaining++;
    const queue = this.queue;
    for (let i = 0; i < this.sources.length; i++) {
      throwIfCancelled(this.signal);
      const s = this.sources[i]!;
      this.live[i] = removed[s] ? 0 : 1;
      if (!this.live[i]) continue;
      const row = this.dist.subarray(i * n, (i + 1) * n);
      row.fill(-1);
      row[s] = 0;
      let sum = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const v = queue[qh++]!;
        const d = row[v]! + 1;
        for (let e = off[v]!; e < off[v + 1]!; e++) {
          const u = nb[e]!;
          if (removed[u] || row[u] !== -1) continue;
          row[u] = d;
          sum += 1 / d;
          queue[qt++] = u;
        }
      }
      this.sums[i] = sum;
    }
  }

  /** D_F of the loaded state */
  value(): number {
    return this.estimate(-1);
  }

  /** D_F of the loaded state with c removed as well */
  valueWithout(c: number): number {
    return this.estimate(c);
  }

  private estimate(c: number): number {
    const n = this.g.n;
    const after = this.remaining - (c >= 0 ? 1 : 0);
    if (after < 2) return after < n ? 1 : 0;
    let total = 0;
    let count = 0;
    for (let i = 0; i < this.sources.length; i++) {
      if (!this.live[i] || this.sources[i] === c) continue;
      count++;
      total += this.sums[i]!;
      if (c >= 0 && this.dist[i * n + c]! > 0) total -= this.loss(i * n, c);
    }
    // every sampled source removed: nothing measured, so nothing gained (the caller compares candidates)
    if (count === 0) return 0;
    return 1 - total / count / (after - 1);
  }

  /** How much Σ 1/d from this row's source falls when c is removed. */
  private loss(base: number, c: number): number {
    const { offsets: off, neighbours: nb } = this.g;
    const { removed, affected, checked, done, newDist, list, touched, queue, dist } = this;
    // 1. the nodes all of whose parents in the BFS DAG are affected, level by level (FIFO keeps levels in order)
    let na = 0;
    let nt = 0;
    list[na++] = c;
    affected[c] = 1;
    touched[nt++] = c;
    let lost = 0;
    for (let h = 0; h < na; h++) {
      const x = list[h]!;
      const dx = dist[base + x]!;
      lost += 1 / dx;
      for (let e = off[x]!; e < off[x + 1]!; e++) {
        const y = nb[e]!;
        if (dist[base + y] !== dx + 1 || checked[y] || removed[y]) continue;
        checked[y] = 1;
        touched[nt++] = y;
        let all = true;
        for (let f = off[y]!; f < off[y + 1]!; f++) {
          const z = nb[f]!;
          if (dist[base + z] === dx && !affected[z] && !removed[z]) { all = false; break; }
        }
        if (all) { affected[y] = 1; list[na++] = y; }
      }
    }
    // 2. their new distances: seeds from unaffected neighbours, then a BFS inside the affected set
    let gained = 0;
    if (na > 1) {
      const seeds: number[] = [];
      for (let j = 1; j < na; j++) {
        const y = list[j]!;
        let best = -1;
        for (let e = off[y]!; e < off[y + 1]!; e++) {
          const z = nb[e]!;
          const dz = dist[base + z]!;
          if (affected[z] || removed[z] || dz < 0) continue;
          if (best < 0 || dz + 1 < best) best = dz + 1;
        }
        newDist[y] = best;
        if (best > 0) seeds.push(y);
      }
      seeds.sort((a, b) => newDist[a]! - newDist[b]!);
      let qh = 0;
      let qt = 0;
      let si = 0;
      while (si < seeds.length || qh < qt) {
        const x = qh < qt && (si >= seeds.length || newDist[queue[qh]!]! <= newDist[seeds[si]!]!) ? queue[qh++]! : seeds[si++]!;
        if (done[x]) continue;
        done[x] = 1;
        gained += 1 / newDist[x]!;
        const d = newDist[x]! + 1;
        for (let e = off[x]!; e < off[x + 1]!; e++) {
          const y = nb[e]!;
          if (!affected[y] || y === c || done[y] || (newDist[y]! > 0 && newDist[y]! <= d)) continue;
          newDist[y] = d;
          queue[qt++] = y;
        }
      }
    }
    for (let j = 0; j < nt; j++) { const v = touched[j]!; affected[v] = 0; checked[v] = 0; done[v] = 0; newDist[v] = -1; }
    return lost - gained;
  }
}

/** Nodes most likely to lengthen many paths: best by betweenness from the sampled sources, then by degree. */
export function candidatePool(g: CompactGraph, removed: Uint8Array, sources: Int32Array): number[] {
  const bc = pivotBetweenness(g, removed, sources.filter((s) => !removed[s]).subarray(0, POOL_PIVOTS));
  const pool = topNodes(bc, POOL_BY_BETWEENNESS, (v) => removed[v] === 1 || bc[v] === 0);
  const inPool = new Set(pool);
  const degree = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) degree[v] = degreeOf(g, v);
  for (const v of topNodes(degree, POOL_SIZE, (u) => removed[u] === 1)) {
    if (pool.length >= POOL_SIZE) break;
    if (!inPool.has(v)) { pool.push(v); inPool.add(v); }
  }
  return pool;
}

/** Brandes' betweenness accumulated from `pivots` only: enough to rank the candidates for D_F. */
function pivotBetweenness(g: CompactGraph, removed: Uint8Array, pivots: Int32Array): Float64Array {
  const { n, offsets: off, neighbours: nb } = g;
  const bc = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (const s of pivots) {
    let qh = 0;
    let qt = 0;
    order[qt++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    while (qh < qt) {
      const v = order[qh++]!;
      for (let e = off[v]!; e < off[v + 1]!; e++) {
        const u = nb[e]!;
        if (removed[u]) continue;
        if (dist[u] === -1) { dist[u] = dist[v]! + 1; order[qt++] = u; }
        if (dist[u] === dist[v]! + 1) sigma[u]! += sigma[v]!;
      }
    }
    for (let i = qt - 1; i >= 0; i--) {
      const w = order[i]!;
      for (let e = off[w]!; e < off[w + 1]!; e++) {
        const v = nb[e]!;
        if (dist[v] === dist[w]! - 1) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      }
      if (w !== s) bc[w]! += delta[w]!;
    }
    for (let i = 0; i < qt; i++) { const v = order[i]!; dist[v] = -1; sigma[v] = 0; delta[v] = 0; }
  }
  return bc;
}

