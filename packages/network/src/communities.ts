/**
 * Communities: groups of entities more tied to each other than to the rest of the network
 * (cells of a trafficking ring, a family clan, the accounts one broker runs). Modularity,
 * Louvain (Blondel et al. 2008) and the investigator-facing report; Leiden is in leiden.ts.
 *
 * Our own Louvain on the CSR typed arrays rather than graphology-communities-louvain: that one
 * walks graphology's object graph with a Map per node of neighbouring communities, which at a
 * million nodes and five million edges takes gigabytes and minutes; this one keeps every level in
 * a handful of typed arrays and allocates nothing per node or edge in the moving loop.
 */
import { AriadneError } from '@ariadne/schema';
import type { CompactGraph } from './compact-graph.ts';
import { leiden } from './leiden.ts';

export { leiden, type LeidenOptions } from './leiden.ts';
import { throwIfCancelled, ticker, type RunOptions } from './run-options.ts';
import type { Community, CommunityResult, IndexedNetwork } from './types.ts';
import { seededRandom } from './seeded-random.ts';

/** Fixed so that the same network gives the same communities unless the caller asks otherwise. */
export const DEFAULT_SEED = 2331;

/**
 * Newman's weighted modularity with resolution γ:
 * Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ], in_c the weight of ties inside c counted from both
 * ends, tot_c the summed strength of c's nodes, m the total edge weight. Equals igraph's
 * `Graph.modularity(membership, weights, resolution)`. A graph without edges has modularity 0
 * (igraph returns NaN there; 0 is what an investigator should read: no structure).
 * @example modularity(compactGraph(4, [0, 2], [1, 3]), [0, 0, 1, 1]) // 0.5
 */
export function modularity(g: CompactGraph, membership: ArrayLike<number>, resolution = 1): number {
  checkResolution(resolution);
  if (membership.length !== g.n) throw new RangeError(`membership has ${membership.length} entries for ${g.n} nodes`);
  const ids = denseIds(membership);
  const nc = ids.count;
  const inside = new Float64Array(nc);
  const tot = new Float64Array(nc);
  let m2 = 0;
  for (let v = 0; v < g.n; v++) {
    const c = ids.of[v]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.weights[e]!;
      tot[c]! += w;
      m2 += w;
      if (ids.of[g.neighbours[e]!] === c) inside[c]! += w;
    }
  }
  if (m2 === 0) return 0;
  let q = 0;
  for (let c = 0; c < nc; c++) {
    const t = tot[c]! / m2;
    q += inside[c]! / m2 - resolution * t * t;
  }
  return q;
}

/** Community ids 0..count-1 for any non-negative integer labels (large labels go through a Map). */
function denseIds(membership: ArrayLike<number>): { of: Int32Array; count: number } {
  const n = membership.length;
  const of = new Int32Array(n);
  let max = -1;
  for (let v = 0; v < n; v++) {
    const c = membership[v]!;
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`membership[${v}] must be a non-negative integer, got ${c}`);
    if (c > max) max = c;
  }
  if (max < n) {
    const map = new Int32Array(max + 1).fill(-1);
    let count = 0;
    for (let v = 0; v < n; v++) {
      const c = membership[v]!;
      if (map[c] === -1) map[c] = count++;
      of[v] = map[c]!;
    }
    return { of, count };
  }
  const map = new Map<number, number>();
  for (let v = 0; v < n; v++) {
    const c = membership[v]!;
    let id = map.get(c);
    if (id === undefined) { id = map.size; map.set(c, id); }
    of[v] = id;
  }
  return { of, count: map.size };
}

export function checkResolution(resolution: number): void {
  if (!(resolution >= 0) || !Number.isFinite(resolution)) throw new AriadneError('VALIDATION_FAILED', `The resolution must be a finite number ≥ 0, got ${resolution}.`, { details: { resolution: 'must be a finite number ≥ 0' } });
}

// ---------------------------------------------------------------------------------------------
// Multilevel machinery shared with leiden.ts

/**
 * One level of the multilevel hierarchy: the graph whose nodes are the previous level's
 * communities. CompactGraph drops self-loops, but an aggregated node must keep the weight of the
 * ties inside it (they count in its strength and in modularity), hence `selfWeight`.
 * Rows need not be sorted.
 */
export interface Level {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  readonly weights: Float64Array;
  /** weight of the ties inside the node (each undirected tie once) */
  readonly selfWeight: Float64Array;
  /** Σ of the node's tie weights + 2 × selfWeight: its k in modularity */
  readonly strength: Float64Array;
}

/** Level 0 shares the graph's arrays (no copy); refuses weights modularity cannot use. */
export function baseLevel(g: CompactGraph): Level {
  const strength = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) {
    let k = 0;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.weights[e]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new AriadneError('VALIDATION_FAILED', `Community detection needs non-negative finite tie weights; node ${v} has a tie of weight ${w}.`);
      k += w;
    }
    strength[v] = k;
  }
  return { n: g.n, offsets: g.offsets, neighbours: g.neighbours, weights: g.weights, selfWeight: new Float64Array(g.n), strength };
}

export function totalStrength(level: Level): number {
  let s = 0;
  for (let v = 0; v < level.n; v++) s += level.strength[v]!;
  return s;
}

/**
 * Renumbers labels (each in 0..labels.length-1) in place to 0..count-1 in order of first
 * appearance, so that equal partitions get equal arrays. Returns count.
 */
export function renumber(labels: Int32Array): number {
  const map = new Int32Array(labels.length).fill(-1);
  let count = 0;
  for (let v = 0; v < labels.length; v++) {
    const c = labels[v]!;
    if (map[c] === -1) map[c] = count++;
    labels[v] = map[c]!;
  }
  return count;
}

/**
 * The graph of communities: node c of the result is community c (labels dense 0..count-1);
 * ties between communities are summed, ties inside one become its self-weight.
 */
export function aggregate(level: Level, comm: Int32Array, count: number): Level {
  const n = level.n;
  // members grouped by community (counting sort), so each new row is written in one go
  const start = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) start[comm[v]! + 1]!++;
  for (let c = 0; c < count; c++) start[c + 1]! += start[c]!;
  const members = new Int32Array(n);
  const fill = start.slice(0, count);
  for (let v = 0; v < n; v++) members[fill[comm[v]!]!++] = v;

  const offsets = new Int32Array(count + 1);
  const nb = new Int32Array(level.neighbours.length);
  const wt = new Float64Array(level.neighbours.length);
  const selfWeight = new Float64Array(count);
  const strength = new Float64Array(count);
  // slot of community d in the row being written, or -1
  const slot = new Int32Array(count).fill(-1);
  let out = 0;
  for (let c = 0; c < count; c++) {
    offsets[c] = out;
    const rowStart = out;
    let self = 0;
    let k = 0;
    for (let i = start[c]!; i < start[c + 1]!; i++) {
      const v = members[i]!;
      self += level.selfWeight[v]!;
      k += level.strength[v]!;
      for (let e = level.offsets[v]!; e < level.offsets[v + 1]!; e++) {
        const d = comm[level.neighbours[e]!]!;
        const w = level.weights[e]!;
        // a tie inside c is met from both of its ends
        if (d === c) self += w / 2;
        else if (slot[d]! >= 0) wt[slot[d]!]! += w;
        else { slot[d] = out; nb[out] = d; wt[out] = w; out++; }
      }
    }
    for (let j = rowStart; j < out; j++) slot[nb[j]!] = -1;
    selfWeight[c] = self;
    strength[c] = k;
  }
  offsets[count] = out;
  return { n: count, offsets, neighbours: nb.slice(0, out), weights: wt.slice(0, out), selfWeight, strength };
}


/** 0..n-1 in a random order (Fisher–Yates). */
export function shuffledOrder(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new AriadneError('VALIDATION_FAILED', `The seed must be an integer, got ${seed}.`, { details: { seed: 'must be an integer' } });
}

/** What every moving step needs besides the level: the objective, the randomness, the watcher. */
export interface MoveContext {
  readonly gamma: number;
  /** 2m: total strength, the same on every level */
  readonly m2: number;
  readonly random: () => number;
  readonly opts: RunOptions;
}

/** How often the moving loops check for cancellation: rarely enough to cost nothing. */
export const TICK_EVERY = 4096;

// ---------------------------------------------------------------------------------------------
// Louvain

export interface LouvainOptions extends RunOptions {
  /** γ: above 1 favours more, smaller communities; below 1 fewer, larger ones (default 1) */
  readonly resolution?: number;
  /** the node visiting order is shuffled from this seed (default DEFAULT_SEED) */
  readonly seed?: number;
}

/**
 * Louvain community detection maximising weighted modularity. Each level moves single nodes to
 * the neighbouring community with the best modularity gain, in passes over all nodes (random
 * order) until a pass no longer improves modularity, then merges each community into one node
 * and starts again on that smaller graph, until a level moves nothing.
 * Isolated nodes stay communities of their own. Deterministic for a seed.
 * `levels` counts the levels that merged something (igraph's `community_multilevel(return_levels=True)` length).
 * @example louvain(g, { seed: 7 }).membership // community of each node, numbered by first node
 */
export function louvain(g: CompactGraph, opts: LouvainOptions = {}): { membership: Int32Array; modularity: number; levels: number } {
  const gamma = opts.resolution ?? 1;
  const seed = opts.seed ?? DEFAULT_SEED;
  checkResolution(gamma);
  checkSeed(seed);
  throwIfCancelled(opts.signal);
  const membership = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) membership[v] = v;
  let level = baseLevel(g);
  const m2 = totalStrength(level);
  if (m2 === 0) return { membership, modularity: 0, levels: 0 };
  const ctx: MoveContext = { gamma, m2, random: seededRandom(seed), opts };
  let levels = 0;
  for (;;) {
    const comm = new Int32Array(level.n);
    for (let v = 0; v < level.n; v++) comm[v] = v;
    if (!louvainMoves(level, comm, ctx)) break;
    const count = renumber(comm);
    for (let v = 0; v < g.n; v++) membership[v] = comm[membership[v]!]!;
    levels++;
    if (count === level.n) break;
    level = aggregate(level, comm, count);
  }
  opts.onProgress?.(1, 1);
  return { membership, modularity: modularity(g, membership, gamma), levels };
}

/**
 * Louvain's local moving on one level, starting from singletons in `comm`: passes over the nodes
 * in a random order until a pass moves nothing or no longer raises modularity (as igraph).
 * A pass skips nodes none of whose neighbours moved since their last visit (pruning, Ozaki et al.
 * 2016): their best move cannot have changed much, and on scale-free graphs, where hundreds of
 * passes each move a handful of nodes, this makes a level about 8× faster at the same modularity.
 * Returns whether any node moved.
 */
function louvainMoves(level: Level, comm: Int32Array, ctx: MoveContext): boolean {
  const { gamma, m2, random, opts } = ctx;
  const n = level.n;
  const { offsets, neighbours, weights, strength } = level;
  const tot = strength.slice();
  const order = shuffledOrder(n, random);
  // per-node scratch: slot[c] indexes c in touched/touchedW while the node is being decided
  const slot = new Int32Array(n).fill(-1);
  let maxDegree = 0;
  for (let v = 0; v < n; v++) maxDegree = Math.max(maxDegree, offsets[v + 1]! - offsets[v]!);
  const touched = new Int32Array(maxDegree);
  const touchedW = new Float64Array(maxDegree);
  const scale = gamma / m2;
  // a pass must raise Q by more than rounding noise, else moves could cycle on ties for ever
  const minGain = 1e-12 * m2;
  let movedAny = false;
  // active[v]: a neighbour of v moved since v was last decided
  const active = new Uint8Array(n).fill(1);
  for (;;) {
    const tick = ticker(opts, n, TICK_EVERY);
    let moves = 0;
    let gain = 0;
    for (let i = 0; i < n; i++) {
      tick(i);
      const v = order[i]!;
      if (!active[v]) continue;
      active[v] = 0;
      const c = comm[v]!;
      const kv = strength[v]!;
      let nt = 0;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const d = comm[neighbours[e]!]!;
        const s = slot[d]!;
        if (s >= 0) touchedW[s]! += weights[e]!;
        else { slot[d] = nt; touched[nt] = d; touchedW[nt] = weights[e]!; nt++; }
      }
      tot[c]! -= kv;
      const ownSlot = slot[c]!;
      // gain of joining d, up to terms common to all d: w(v, d) − γ k_v tot_d / 2m
      const stay = (ownSlot >= 0 ? touchedW[ownSlot]! : 0) - scale * kv * tot[c]!;
      let best = c;
      let bestGain = stay;
      for (let j = 0; j < nt; j++) {
        const d = touched[j]!;
        const gd = touchedW[j]! - scale * kv * tot[d]!;
        if (gd > bestGain) { bestGain = gd; best = d; }
      }
      tot[best]! += kv;
      for (let j = 0; j < nt; j++) slot[touched[j]!] = -1;
      if (best !== c) {
        comm[v] = best; moves++; gain += bestGain - stay;
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) active[neighbours[e]!] = 1;
      }
    }
    if (moves > 0) movedAny = true;
    if (moves === 0 || gain <= minGain) break;
  }
  return movedAny;
}

// ---------------------------------------------------------------------------------------------
// The report

export interface CommunityRequest {
  readonly method: 'louvain' | 'leiden';
  readonly resolution?: number;
  readonly seed?: number;
}

const TOP_MEMBERS = 10;

/**
 * Communities of a network as an investigator reads them: largest first (community 0 is the
 * largest), each with its most connected members inside it and a sentence on how closely knit
 * it is; every entity's community; and what the modularity says about the whole network.
 * An isolated entity is a community of its own.
 */
export function communityReport(net: IndexedNetwork, request: CommunityRequest, opts: RunOptions = {}): CommunityResult {
  const g = net.graph;
  if (g.n !== net.network.nodes.length) throw new AriadneError('INTERNAL', `The graph has ${g.n} nodes but the network ${net.network.nodes.length}.`);
  if (request.method !== 'louvain' && request.method !== 'leiden') throw new AriadneError('VALIDATION_FAILED', `Unknown community method "${String(request.method)}"; use louvain or leiden.`);
  const run = { ...opts, resolution: request.resolution, seed: request.seed };
  const found = request.method === 'louvain' ? louvain(g, run) : leiden(g, run);
  const { communities, membership } = describeCommunities(net, found.membership);
  return {
    method: request.method,
    modularity: found.modularity,
    communities,
    membership,
    explanation: overallExplanation(request.method, found.modularity, communities, g.n),
  };
}

function describeCommunities(net: IndexedNetwork, raw: Int32Array): { communities: Community[]; membership: Record<string, number> } {
  const g = net.graph;
  const n = g.n;
  const dense = raw.slice();
  const count = renumber(dense);
  const size = new Int32Array(count);
  const firstNode = new Int32Array(count).fill(-1);
  for (let v = 0; v < n; v++) {
    const c = dense[v]!;
    size[c]!++;
    if (firstNode[c] === -1) firstNode[c] = v;
  }
  // largest first; equal sizes keep the order of their first node, so the ids are stable
  const byRank = Array.from({ length: count }, (_, c) => c).sort((a, b) => size[b]! - size[a]! || firstNode[a]! - firstNode[b]!);
  const rankOf = new Int32Array(count);
  byRank.forEach((c, r) => { rankOf[c] = r; });

  // ties (merged edges) inside and leaving each community; each node's ties inside its own
  const inside = new Float64Array(count);
  const leaving = new Float64Array(count);
  const innerDegree = new Int32Array(n);
  const innerWeight = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const c = dense[v]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const u = g.neighbours[e]!;
      if (dense[u] === c) {
        innerDegree[v]!++;
        innerWeight[v]! += g.weights[e]!;
        if (u > v) inside[c]!++;
      } else leaving[c]!++;
    }
  }

  // top members per community: nodes grouped by community, best TOP_MEMBERS kept by insertion
  const start = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = start[c]! + Math.min(TOP_MEMBERS, size[c]!);
  const top = new Int32Array(start[count]!);
  const held = new Int32Array(count);
  const better = (a: number, b: number): boolean =>
    innerDegree[a]! > innerDegree[b]! || (innerDegree[a] === innerDegree[b] && (innerWeight[a]! > innerWeight[b]! || (innerWeight[a] === innerWeight[b] && a < b)));
  for (let v = 0; v < n; v++) {
    const c = dense[v]!;
    const base = start[c]!;
    const cap = start[c + 1]! - base;
    let h = held[c]!;
    if (h === cap && !better(v, top[base + h - 1]!)) continue;
    if (h < cap) held[c] = ++h;
    let i = base + h - 1;
    while (i > base && better(v, top[i - 1]!)) { top[i] = top[i - 1]!; i--; }
    top[i] = v;
  }

  const nodes = net.network.nodes;
  const communities: Community[] = byRank.map((c, r) => ({
    id: r,
    size: size[c]!,
    members: Array.from(top.subarray(start[c]!, start[c + 1]!), (v) => nodes[v]!.id),
    explanation: communityExplanation(size[c]!, inside[c]!, leaving[c]!),
  }));
  // fromEntries defines own properties, so an entity id such as "__proto__" is an ordinary key
  const membership = Object.fromEntries(entries(n, (v) => [nodes[v]!.id, rankOf[dense[v]!]!])) as Record<string, number>;
  return { communities, membership };
}

function* entries(n: number, entry: (v: number) => [string, number]): Generator<[string, number]> {
  for (let v = 0; v < n; v++) yield entry(v);
}

const fmt = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, one: string, many: string): string => `${fmt(x)} ${x === 1 ? one : many}`;

/** e.g. "14 members, 31 ties inside and 3 to the rest of the network: a closely knit group". */
export function communityExplanation(size: number, inside: number, leaving: number): string {
  if (size === 1) {
    return leaving === 0
      ? '1 member with no ties: an isolated entity'
      : `1 member with ${plural(leaving, 'tie', 'ties')} to the rest of the network, none close enough to join a group`;
  }
  const head = `${plural(size, 'member', 'members')}, ${plural(inside, 'tie', 'ties')} inside and ${fmt(leaving)} to the rest of the network`;
  const share = inside / (inside + leaving);
  if (leaving === 0) return `${head}: a group on its own, with no ties outside`;
  if (share >= 0.8) return `${head}: a closely knit group`;
  if (share >= 0.6) return `${head}: a distinct group, most of its ties inside`;
  return `${head}: a loose group, about as tied to the rest of the network as within itself`;
}

function overallExplanation(method: 'louvain' | 'leiden', q: number, communities: readonly Community[], n: number): string {
  const name = method === 'louvain' ? 'Louvain' : 'Leiden';
  if (n === 0) return `${name}: the network is empty, so there are no communities.`;
  const grouped = communities.filter((c) => c.size > 1);
  const alone = communities.length - grouped.length;
  const meaning =
    q >= 0.3 ? 'a clear group structure (above about 0.3, ties fall inside groups far more than chance would have them)'
      : q >= 0.1 ? 'a weak group structure (below about 0.3 the groups are only loosely separated)'
        : 'little group structure beyond what chance would give';
  const parts = [`${name} found ${plural(grouped.length, 'group', 'groups')} of two or more among ${plural(n, 'entity', 'entities')}`];
  if (alone > 0) parts.push(`${plural(alone, 'entity stands', 'entities stand')} alone`);
  // + 0 turns a rounding −0 into 0, so an unstructured network does not read "−0.00"
  let text = `${parts.join('; ')}. Modularity ${(Math.round(q * 100) / 100 + 0).toFixed(2)}: ${meaning}.`;
  const largest = grouped[0];
  if (largest) text += ` The largest group has ${plural(largest.size, 'member', 'members')} (${((100 * largest.size) / n).toFixed(1)}% of the network).`;
  return text;
}
