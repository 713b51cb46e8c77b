/**
 * How two subjects are connected: the shortest chain of ties, the k shortest loop-free chains
 * (Yen), every simple chain up to a few hops, and the ego network around one subject. Ids in and
 * out are entity ids; the walking happens on the CompactGraph, where parallel ties are one edge
 * and direction is ignored (a payment links payer and payee whichever way the money went).
 *
 * Our own BFS/DFS on the CSR arrays rather than graphology's shortest-path and simple-path
 * helpers: those are recursive or allocate per step, and on a million-node graph with a
 * 100,000-edge hub they are too slow or overflow the stack.
 */
import { AriadneError } from '@ariadne/schema';
import type { CompactGraph } from './compact-graph.ts';
import { formatCount as fmt } from './rank-nodes.ts';
import { throwIfCancelled, ticker, type RunOptions } from './run-options.ts';
import type { EntityNetwork, IndexedNetwork, NetworkEdge, NetworkNode, NetworkPath, PathsResult } from './types.ts';

/** longest chain `allPaths` searches: the number of simple paths grows exponentially with it */
export const MAX_PATH_LENGTH = 10;
/** most paths `kShortestPaths` returns: each costs a BFS per node of the previous path */
export const MAX_K = 50;
export const DEFAULT_PATH_LIMIT = 1000;
const MAX_PATH_LIMIT = 100_000;
/**
 * Edge inspections `allPaths` may spend. Distance pruning cannot see that a node's only way to the
 * target runs through the path already walked (a clique hanging off one cut node makes
 * exponentially many dead ends), so the search also stops on work done, never hangs.
 */
export const DEFAULT_PATH_STEPS = 20_000_000;
const DEFAULT_K = 5;
const DEFAULT_REPORT_LENGTH = 4;
const DEFAULT_EGO_NODES = 5000;


function nodeNumber(net: IndexedNetwork, id: string, field: string): number {
  const v = net.index.get(id);
  if (v === undefined) throw new AriadneError('NOT_FOUND', `No subject with id "${id}" is in this network.`, { details: { [field]: 'not in the network' } });
  return v;
}

function checkInteger(value: number, field: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${fmt(min)}` : `from ${fmt(min)} to ${fmt(max)}`;
    throw new AriadneError('VALIDATION_FAILED', `${field} must be a whole number ${range} (got ${String(value)}).`, { details: { [field]: `must be a whole number ${range}` } });
  }
}

// ---------------------------------------------------------------------------------------------
// Edge lookup: which EntityNetwork tie stands behind a graph edge.

interface EdgeTables { ends?: Int32Array; slots?: Int32Array }
// per network, built on first use: an analysis worker keeps one IndexedNetwork for many requests
const tables = new WeakMap<IndexedNetwork, EdgeTables>();

function tablesOf(net: IndexedNetwork): EdgeTables {
  let t = tables.get(net);
  if (!t) { t = {}; tables.set(net, t); }
  return t;
}

/** node numbers of every EntityNetwork edge's ends (2i, 2i+1); -1 for an id not in the index */
function edgeEnds(net: IndexedNetwork): Int32Array {
  const t = tablesOf(net);
  if (t.ends) return t.ends;
  const edges = net.network.edges;
  const ends = new Int32Array(2 * edges.length);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    ends[2 * i] = net.index.get(e.source) ?? -1;
    ends[2 * i + 1] = net.index.get(e.target) ?? -1;
  }
  t.ends = ends;
  return ends;
}

/** position of v in u's (ascending) adjacency row, or -1 */
function findSlot(g: CompactGraph, u: number, v: number): number {
  let lo = g.offsets[u]!;
  let hi = g.offsets[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = g.neighbours[mid]!;
    if (w === v) return mid;
    if (w < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The first EntityNetwork edge behind each graph edge, stored in the adjacency slot of the
 * smaller end only: one Int32Array the size of `neighbours`, where a Map keyed by node pair would
 * take several times the memory on five million edges.
 */
function slotEdges(net: IndexedNetwork): Int32Array {
  const t = tablesOf(net);
  if (t.slots) return t.slots;
  const g = net.graph;
  const ends = edgeEnds(net);
  const slots = new Int32Array(g.neighbours.length).fill(-1);
  const count = ends.length / 2;
  for (let i = 0; i < count; i++) {
    const s = ends[2 * i]!;
    const d = ends[2 * i + 1]!;
    if (s < 0 || d < 0 || s === d) continue;
    const slot = s < d ? findSlot(g, s, d) : findSlot(g, d, s);
    if (slot >= 0 && slots[slot] === -1) slots[slot] = i;
  }
  t.slots = slots;
  return slots;
}

/**
 * The first EntityNetwork edge (in the network's order, either direction) between graph nodes u
 * and v. Throws a RangeError when they are not adjacent: callers only ask about edges they walked.
 */
export function edgeBetween(net: IndexedNetwork): (u: number, v: number) => NetworkEdge {
  let slots: Int32Array | null = null;
  return (u, v) => {
    slots ??= slotEdges(net);
    const slot = u < v ? findSlot(net.graph, u, v) : findSlot(net.graph, v, u);
    const i = slot < 0 ? -1 : slots[slot]!;
    if (i < 0) throw new RangeError(`no tie between nodes ${u} and ${v}`);
    return net.network.edges[i]!;
  };
}

/** Lazily built pair → edge id lookup (u, v node numbers, either order). */
export function edgeIdsBetween(net: IndexedNetwork): (u: number, v: number) => string {
  const between = edgeBetween(net);
  return (u, v) => between(u, v).id;
}

// ---------------------------------------------------------------------------------------------
// Explanations

const KIND_PHRASE: Readonly<Record<string, string>> = {
  membership: 'a membership',
  payment: 'a payment',
  communication: 'a communication',
  movement: 'a movement',
  exploitation: 'exploitation',
  family: 'a family tie',
  associate: 'an association',
  ownership: 'ownership',
  identifier: 'a shared identifier',
};

/** "a shared phone", "a payment", or the edge's own label for ties of no known kind */
export function tiePhrase(edge: NetworkEdge): string {
  if (edge.type.startsWith('shared:')) return `a shared ${edge.label || edge.type.slice('shared:'.length)}`;
  return KIND_PHRASE[edge.kind] ?? `a "${edge.label || edge.type}" tie`;
}

function listPhrases(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? '';
  return `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]!}`;
}

function describePath(nodes: readonly NetworkNode[], edges: readonly NetworkEdge[]): string {
  const chain = nodes.map((x) => x.caption).join(' → ');
  if (edges.length === 0) return `${chain}: the same subject, no hops`;
  // distinct kinds of tie, in order: the chain above already shows each step
  const phrases = [...new Set(edges.map(tiePhrase))];
  return `${chain}: ${edges.length} hop${edges.length === 1 ? '' : 's'} via ${listPhrases(phrases)}`;
}

function toPath(net: IndexedNetwork, path: ArrayLike<number>, between: (u: number, v: number) => NetworkEdge): NetworkPath {
  const nodes: NetworkNode[] = [];
  const edges: NetworkEdge[] = [];
  for (let i = 0; i < path.length; i++) {
    nodes.push(net.network.nodes[path[i]!]!);
    if (i > 0) edges.push(between(path[i - 1]!, path[i]!));
  }
  return { nodes: nodes.map((x) => x.id), edges: edges.map((e) => e.id), length: edges.length, explanation: describePath(nodes, edges) };
}

// ---------------------------------------------------------------------------------------------
// Breadth-first search with reusable scratch arrays

/**
 * One graph's BFS scratch, reused across the many searches of Yen's algorithm: a generation stamp
 * marks visited nodes so no array is cleared between searches.
 */
class Bfs {
  readonly stamp: Int32Array;
  readonly parent: Int32Array;
  readonly queue: Int32Array;
  /** nodes the search must not enter (Yen's root path) */
  readonly blocked: Uint8Array;
  /** neighbours of the source the first hop must not go to (Yen's removed edges) */
  readonly banned: Uint8Array;
  private generation = 0;

  constructor(readonly g: CompactGraph, private readonly tick: (done: number) => void) {
    this.stamp = new Int32Array(g.n);
    this.parent = new Int32Array(g.n);
    this.queue = new Int32Array(g.n);
    this.blocked = new Uint8Array(g.n);
    this.banned = new Uint8Array(g.n);
  }

  /** a shortest s → t path (s ≠ t) as node numbers, or null */
  path(s: number, t: number, progress: number): Int32Array | null {
    const { offsets, neighbours } = this.g;
    const { stamp, parent, queue, blocked, banned } = this;
    const gen = ++this.generation;
    stamp[s] = gen;
    parent[s] = -1;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++]!;
      this.tick(progress);
      const end = offsets[v + 1]!;
      for (let e = offsets[v]!; e < end; e++) {
        const u = neighbours[e]!;
        if (stamp[u] === gen || blocked[u] || (v === s && banned[u])) continue;
        stamp[u] = gen;
        parent[u] = v;
        if (u === t) return this.trace(t);
        queue[tail++] = u;
      }
    }
    return null;
  }

  private trace(t: number): Int32Array {
    let hops = 0;
    for (let v = t; this.parent[v] !== -1; v = this.parent[v]!) hops++;
    const out = new Int32Array(hops + 1);
    for (let v = t, i = hops; i >= 0; v = this.parent[v]!, i--) out[i] = v;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Paths between two subjects

/** The shortest chain of ties from `from` to `to` (fewest hops), or null when none exists. */
export function shortestPath(net: IndexedNetwork, from: string, to: string, opts?: RunOptions): NetworkPath | null {
  const s = nodeNumber(net, from, 'from');
  const t = nodeNumber(net, to, 'to');
  throwIfCancelled(opts?.signal);
  const between = edgeBetween(net);
  if (s === t) return toPath(net, [s], between);
  const tick = ticker(opts, net.graph.n);
  let visited = 0;
  const found = new Bfs(net.graph, () => tick(++visited)).path(s, t, 0);
  tick.done();
  return found ? toPath(net, found, between) : null;
}

function samePrefix(a: Int32Array, b: Int32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Yen's k shortest loop-free paths by hop count: the shortest path, then for each later one the
 * best deviation from the previous path at each of its nodes. Fewer than k when fewer exist;
 * paths of equal length come in the order found.
 */
// eslint-disable-next-line max-params -- the signature is the network API's contract (A2 brief)
export function kShortestPaths(net: IndexedNetwork, from: string, to: string, k: number, opts?: RunOptions): NetworkPath[] {
  checkInteger(k, 'k', 1, MAX_K);
  const s = nodeNumber(net, from, 'from');
  const t = nodeNumber(net, to, 'to');
  throwIfCancelled(opts?.signal);
  const between = edgeBetween(net);
  if (s === t) return [toPath(net, [s], between)];
  const tick = ticker(opts, k);
  const bfs = new Bfs(net.graph, tick);
  const first = bfs.path(s, t, 0);
  if (!first) { tick.done(); return []; }
  const chosen: Int32Array[] = [first];
  const seen = new Set<string>([first.join(',')]);
  const candidates: Int32Array[] = [];
  while (chosen.length < k) {
    const prev = chosen[chosen.length - 1]!;
    for (let i = 0; i < prev.length - 1; i++) {
      const spur = prev[i]!;
      // the edges out of the spur node that earlier paths with this root already took
      for (const p of chosen) if (p.length > i + 1 && samePrefix(p, prev, i + 1)) bfs.banned[p[i + 1]!] = 1;
      for (let j = 0; j < i; j++) bfs.blocked[prev[j]!] = 1;
      const spurPath = bfs.path(spur, t, chosen.length);
      for (const p of chosen) if (p.length > i + 1) bfs.banned[p[i + 1]!] = 0;
      for (let j = 0; j < i; j++) bfs.blocked[prev[j]!] = 0;
      if (!spurPath) continue;
      const candidate = new Int32Array(i + spurPath.length);
      candidate.set(prev.subarray(0, i));
      candidate.set(spurPath, i);
      const key = candidate.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push(candidate);
    }
    if (candidates.length === 0) break;
    let best = 0;
    for (let j = 1; j < candidates.length; j++) if (candidates[j]!.length < candidates[best]!.length) best = j;
    chosen.push(candidates.splice(best, 1)[0]!);
  }
  tick.done();
  return chosen.map((p) => toPath(net, p, between));
}

interface PathSearch { paths: NetworkPath[]; truncated: boolean; budgetSpent: boolean }

function searchAllPaths(net: IndexedNetwork, request: { from: string; to: string; maxLength: number }, opts: RunOptions & { limit?: number; maxSteps?: number }): PathSearch {
  const { from, to, maxLength } = request;
  checkInteger(maxLength, 'maxLength', 1, MAX_PATH_LENGTH);
  const limit = opts.limit ?? DEFAULT_PATH_LIMIT;
  checkInteger(limit, 'limit', 1, MAX_PATH_LIMIT);
  const maxSteps = opts.maxSteps ?? DEFAULT_PATH_STEPS;
  const s = nodeNumber(net, from, 'from');
  const t = nodeNumber(net, to, 'to');
  throwIfCancelled(opts.signal);
  const between = edgeBetween(net);
  if (s === t) return { paths: [toPath(net, [s], between)], truncated: false, budgetSpent: false };
  const g = net.graph;
  const { offsets, neighbours } = g;
  const tick = ticker(opts, limit, 1);

  // hops from each node to the target, up to maxLength - 1, never through `from` (a simple path
  // from `from` cannot come back to it); unreached nodes stay at maxLength + 1
  const far = maxLength + 1;
  const dist = new Int32Array(g.n).fill(far);
  const queue = new Int32Array(g.n);
  let head = 0;
  let tail = 0;
  dist[t] = 0;
  queue[tail++] = t;
  while (head < tail) {
    const v = queue[head++]!;
    const d = dist[v]! + 1;
    if (d >= maxLength || v === s) continue;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      if (dist[u] === far) { dist[u] = d; queue[tail++] = u; }
    }
  }

  // depth-limited DFS; a neighbour farther from the target than the hops left cannot be on a path
  const found: Int32Array[] = [];
  let truncated = false;
  let budgetSpent = false;
  const onPath = new Uint8Array(g.n);
  const path = new Int32Array(maxLength + 1);
  const cursor = new Int32Array(maxLength + 1);
  let depth = 0;
  let steps = 0;
  path[0] = s;
  cursor[0] = offsets[s]!;
  onPath[s] = 1;
  search: while (depth >= 0) {
    const v = path[depth]!;
    const end = offsets[v + 1]!;
    while (cursor[depth]! < end) {
      const u = neighbours[cursor[depth]!++]!;
      if ((++steps & 0xfff) === 0) {
        tick(found.length);
        if (steps >= maxSteps) { truncated = true; budgetSpent = true; break search; }
      }
      if (onPath[u]) continue;
      if (u === t) {
        if (found.length === limit) { truncated = true; break search; }
        const p = new Int32Array(depth + 2);
        p.set(path.subarray(0, depth + 1));
        p[depth + 1] = t;
        found.push(p);
        continue;
      }
      if (dist[u]! > maxLength - depth - 1) continue;
      depth++;
      path[depth] = u;
      cursor[depth] = offsets[u]!;
      onPath[u] = 1;
      continue search;
    }
    onPath[v] = 0;
    depth--;
  }
  tick.done();
  // shortest first: what an investigator reads first, whatever order the search met them in
  found.sort((a, b) => a.length - b.length);
  return { paths: found.map((p) => toPath(net, p, between)), truncated, budgetSpent };
}

/**
 * Every simple path (no subject twice) of at most `maxLength` hops, shortest first; `truncated`
 * when the search stopped at `limit` paths (default 1000) or at its work budget (`maxSteps`).
 */
// eslint-disable-next-line max-params -- the signature is the network API's contract (A2 brief)
export function allPaths(net: IndexedNetwork, from: string, to: string, maxLength: number, opts: RunOptions & { limit?: number; maxSteps?: number } = {}): { paths: NetworkPath[]; truncated: boolean } {
  const { paths, truncated } = searchAllPaths(net, { from, to, maxLength }, opts);
  return { paths, truncated };
}

/** The paths analysis as the API and CLI run it, with a sentence saying what was found. */
export function pathsReport(net: IndexedNetwork, request: { from: string; to: string; mode: 'shortest' | 'k-shortest' | 'all'; k?: number; maxLength?: number }, opts?: RunOptions): PathsResult {
  const { from, to, mode } = request;
  const a = net.network.nodes[nodeNumber(net, from, 'from')]!.caption;
  const b = net.network.nodes[nodeNumber(net, to, 'to')]!.caption;
  const base = { from, to, mode };
  if (mode === 'shortest') {
    const path = shortestPath(net, from, to, opts);
    const explanation = !path
      ? `${a} and ${b} are not connected in this network: no chain of ties links them.`
      : path.length === 0 ? `${a} is the subject itself.` : `The shortest connection between ${a} and ${b}: ${path.explanation}.`;
    return { ...base, paths: path ? [path] : [], truncated: false, explanation };
  }
  if (mode === 'k-shortest') {
    const k = request.k ?? DEFAULT_K;
    const paths = kShortestPaths(net, from, to, k, opts);
    let explanation: string;
    if (paths.length === 0) explanation = `${a} and ${b} are not connected in this network: no chain of ties links them.`;
    else if (paths[0]!.length === 0) explanation = `${a} is the subject itself.`;
    else {
      const shortest = paths[0]!.length;
      const longest = paths[paths.length - 1]!.length;
      const span = shortest === longest ? `${shortest} hop${shortest === 1 ? '' : 's'}` : `${shortest} to ${longest} hops`;
      explanation = paths.length < k
        ? `Only ${paths.length} loop-free route${paths.length === 1 ? '' : 's'} connect${paths.length === 1 ? 's' : ''} ${a} and ${b} (${span}); ${k} were asked for.`
        : `The ${k} shortest loop-free routes between ${a} and ${b} take ${span}.`;
    }
    return { ...base, paths, truncated: false, explanation };
  }
  if (mode === 'all') {
    const maxLength = request.maxLength ?? DEFAULT_REPORT_LENGTH;
    const { paths, truncated, budgetSpent } = searchAllPaths(net, { from, to, maxLength }, opts ?? {});
    const within = `of at most ${maxLength} hop${maxLength === 1 ? '' : 's'}`;
    let explanation: string;
    if (paths.length === 0 && !truncated) explanation = `No chain of ties ${within} links ${a} and ${b}.`;
    else if (paths.length === 1 && paths[0]!.length === 0) explanation = `${a} is the subject itself.`;
    else {
      explanation = `${fmt(paths.length)} route${paths.length === 1 ? '' : 's'} ${within} connect${paths.length === 1 ? 's' : ''} ${a} and ${b}, none passing through the same subject twice.`;
      if (truncated) {
        explanation += budgetSpent
          ? ' The search stopped early because the network around them is too dense to walk every route; there may be more — lower the maximum length.'
          : ` The search stopped at ${fmt(paths.length)}; there are more — lower the maximum length to see the closest ones.`;
      }
    }
    return { ...base, paths, truncated, explanation };
  }
  throw new AriadneError('VALIDATION_FAILED', `Unknown paths mode "${String(mode)}".`, { details: { mode: 'must be shortest, k-shortest or all' } });
}

// ---------------------------------------------------------------------------------------------
// Ego network

/**
 * The subjects within `radius` hops of one subject and every tie among them (all parallel ties,
 * as the investigator recorded them). At most `maxNodes` (default 5000) nodes, the closest kept
 * (breadth-first order); `stats.filteredOut` counts those left out.
 */
export function egoNetwork(net: IndexedNetwork, id: string, radius = 1, opts: RunOptions & { maxNodes?: number } = {}): EntityNetwork {
  checkInteger(radius, 'radius', 0, Number.MAX_SAFE_INTEGER);
  const maxNodes = opts.maxNodes ?? DEFAULT_EGO_NODES;
  checkInteger(maxNodes, 'maxNodes', 1, Number.MAX_SAFE_INTEGER);
  const centre = nodeNumber(net, id, 'id');
  throwIfCancelled(opts.signal);
  const g = net.graph;
  const { offsets, neighbours } = g;
  const tick = ticker(opts, g.n);
  // BFS to the full radius: how many were left out is part of the answer
  const dist = new Int32Array(g.n).fill(-1);
  const queue = new Int32Array(g.n);
  let head = 0;
  let tail = 0;
  dist[centre] = 0;
  queue[tail++] = centre;
  while (head < tail) {
    const v = queue[head++]!;
    tick(head);
    if (dist[v]! >= radius) continue;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      if (dist[u] === -1) { dist[u] = dist[v]! + 1; queue[tail++] = u; }
    }
  }
  const kept = Math.min(tail, maxNodes);
  const keep = new Uint8Array(g.n);
  const nodes: NetworkNode[] = [];
  for (let i = 0; i < kept; i++) { keep[queue[i]!] = 1; nodes.push(net.network.nodes[queue[i]!]!); }
  const ends = edgeEnds(net);
  const edges: NetworkEdge[] = [];
  let selfLoops = 0;
  for (let i = 0; i < net.network.edges.length; i++) {
    const a = ends[2 * i]!;
    const b = ends[2 * i + 1]!;
    if (a < 0 || b < 0 || !keep[a] || !keep[b]) continue;
    if (a === b) selfLoops++;
    edges.push(net.network.edges[i]!);
  }
  tick.done();
  return {
    nodes,
    edges,
    stats: {
      entities: nodes.length,
      relations: edges.length,
      sharedIdentifiers: nodes.filter((x) => x.schema === 'Identifier').length,
      selfLoops,
      danglingReferences: 0,
      filteredOut: tail - kept,
    },
  };
}
