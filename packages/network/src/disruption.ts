/**
 * The disruption planner (issue 5 §3): which k nodes to take out — arrests, frozen accounts,
 * cut-off phones — to break a network apart or to cut the routes from one role to another, with
 * the state before and after and the naive "remove the k best-connected" plan beside it.
 *
 * Objectives, after Borgatti (2006), "Identifying sets of key players in a social network":
 * - fragmentation F = 1 − Σ_c s_c(s_c − 1) / (n(n − 1)) over the components c of what remains;
 *   n counts the REMAINING nodes (Borgatti measures the damaged graph itself), for before and after
 *   alike. With fewer than two nodes left there are no pairs: F is 1 if nodes were removed (nothing
 *   is left connected) and 0 for a graph that never had two nodes. The same holds for D_F.
 * - distance-weighted fragmentation D_F = 1 − Σ_{i≠j} (1/d_ij) / (n(n − 1)), 1/∞ = 0: exact (a BFS
 *   from every node) up to 3,000 remaining nodes, otherwise estimated from `distanceSamples`
 *   (default 256) sources drawn from a fixed seeded order of the nodes.
 * - cut: the number of source → target routes that share no intermediary (max-flow.ts); the plan
 *   lowers it, and returns a whole minimum cut when one has at most k nodes.
 *
 * Search: greedy, then (unless `localSearch: false`) swaps of a chosen node for an outside one
 * while the objective improves (Borgatti's KPP-Neg), bounded so a plan for k = 5 on 10,000 nodes
 * takes seconds. Fragmentation scores every node's removal in one O(n + m) DFS (articulation
 * points and the sizes of the pieces they leave), so greedy and local search are exact and
 * exhaustive there; distance fragmentation compares a bounded candidate list (sampled betweenness,
 * degree) on 64 sampled sources, rescoring only the nodes whose shortest paths a candidate carries.
 * The cut finds the nodes that lower the flow from one max-flow and its residual graph per step.
 *
 * Own code over graphology: the scores run on the CSR typed arrays with a removal mask, without
 * copying the graph per candidate, and the distance sums walk 32 BFS at once in bit masks.
 */
import { AriadneError } from '@ariadne/schema';
import { degreeOf, type CompactGraph } from './compact-graph.ts';
import { vertexFlow } from './max-flow.ts';
import { describeSelectors, formatCount, selectNodes } from './rank-nodes.ts';
import { throwIfCancelled, ticker, type RunOptions } from './run-options.ts';
import type { DisruptionObjective, DisruptionPlan, IndexedNetwork, NetworkShape, RankedNode, RoleSelector } from './types.ts';
import { seededRandom } from './seeded-random.ts';

export const MAX_DISRUPTION_K = 50;
/** up to this many remaining nodes, D_F is exact (a BFS from every node) */
export const EXACT_DISTANCE_LIMIT = 3000;
export const DEFAULT_DISTANCE_SAMPLES = 256;
/** sources on which the search compares distance-fragmentation candidates (reports use `distanceSamples`) */
const SEARCH_SAMPLES = 64;
/** distance-fragmentation candidates per greedy step: best by sampled betweenness, then by degree */
const POOL_BY_BETWEENNESS = 40;
const POOL_SIZE = 50;
/** local-search bounds: full passes over the chosen nodes (a pass without a swap ends the search sooner) */
const MAX_SWAP_PASSES = 10;
const MAX_CUT_SWAP_PASSES = 3;
const MAX_DISTANCE_SWAP_PASSES = 3;
/** sampled sources whose betweenness picks the distance-fragmentation candidates */
const POOL_PIVOTS = 16;
/** distance-fragmentation candidates local search may swap in: those of the greedy steps, at most this many */
const MAX_DISTANCE_POOL = 60;
/** entries of the search's BFS rows (sources × n) */
const SEARCH_ROW_BUDGET = 1 << 24;
const SAMPLE_SEED = 0x5eed;
// Progress units of a plan: k greedy steps, up to MAX_SWAP_PASSES swap passes, k steps to order or explain the result.
const swapProgress = (k: number, pass: number): number => k + pass;
const orderProgress = (k: number, step: number): number => k + MAX_SWAP_PASSES + step;
const planUnits = (k: number): number => 2 * k + MAX_SWAP_PASSES;

export interface RoleNodes {
  readonly sources: ArrayLike<number>;
  readonly targets: ArrayLike<number>;
}

export interface DisruptionRequest {
  readonly k: number;
  readonly objective: DisruptionObjective;
  readonly sources?: readonly RoleSelector[];
  readonly targets?: readonly RoleSelector[];
  /** swap chosen nodes for better ones after the greedy pass (default true) */
  readonly localSearch?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Shape of a (damaged) network

/**
 * Nodes, ties, components, F, D_F and (with roles) the source → target flow of `g` without the
 * nodes marked in `removed`.
 * @example networkShape(g, removed, { sources: recruiters, targets: buyers })
 */
export function networkShape(g: CompactGraph, removed?: Uint8Array, roles?: RoleNodes, opts: RunOptions & { distanceSamples?: number } = {}): NetworkShape {
  throwIfCancelled(opts.signal);
  const mask = maskOf(g, removed);
  const samples = opts.distanceSamples ?? DEFAULT_DISTANCE_SAMPLES;
  if (!Number.isInteger(samples) || samples < 1) throw new AriadneError('VALIDATION_FAILED', `distanceSamples must be a positive integer, got ${samples}.`, { details: { distanceSamples: 'must be a positive integer' } });
  const off = g.offsets;
  const nb = g.neighbours;
  let nodes = 0;
  let slots = 0;
  for (let v = 0; v < g.n; v++) {
    if (mask[v]) continue;
    nodes++;
    for (let e = off[v]!; e < off[v + 1]!; e++) if (!mask[nb[e]!]) slots++;
  }
  const sizes = componentSizes(g, mask);
  let largest = 0;
  let pairs = 0;
  for (const s of sizes) { if (s > largest) largest = s; pairs += s * (s - 1); }
  const removedAny = nodes < g.n;
  return {
    nodes,
    edges: slots / 2,
    components: sizes.length,
    largestComponent: largest,
    fragmentation: fragmentationOf(pairs, nodes, removedAny),
    distanceFragmentation: distanceFragmentation(g, mask, nodes <= EXACT_DISTANCE_LIMIT ? nodes : samples, opts.signal),
    flow: roles ? vertexFlow(g, roles.sources, roles.targets, mask).flow : null,
  };
}

/** "exact" or "estimated from 256 sources", as the explanation says how D_F was computed. */
export function distanceMethod(remaining: number, samples = DEFAULT_DISTANCE_SAMPLES): string {
  return remaining <= EXACT_DISTANCE_LIMIT || samples >= remaining ? 'exact' : `estimated from ${formatCount(samples)} sources`;
}

function maskOf(g: CompactGraph, removed: Uint8Array | undefined): Uint8Array {
  if (!removed) return new Uint8Array(g.n);
  if (removed.length === g.n) return removed;
  const mask = new Uint8Array(g.n);
  mask.set(removed.subarray(0, g.n));
  return mask;
}

function fragmentationOf(pairs: number, remaining: number, removedAny: boolean): number {
  if (remaining < 2) return removedAny ? 1 : 0;
  return 1 - pairs / (remaining * (remaining - 1));
}

function componentSizes(g: CompactGraph, removed: Uint8Array): number[] {
  const seen = new Uint8Array(g.n);
  const stack = new Int32Array(Math.max(1, g.n));
  const sizes: number[] = [];
  for (let s = 0; s < g.n; s++) {
    if (seen[s] || removed[s]) continue;
    let top = 0;
    let size = 0;
    stack[top++] = s;
    seen[s] = 1;
    while (top > 0) {
      const v = stack[--top]!;
      size++;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (!seen[u] && !removed[u]) { seen[u] = 1; stack[top++] = u; }
      }
    }
    sizes.push(size);
  }
  return sizes;
}

// ---------------------------------------------------------------------------------------------
// Distance-weighted fragmentation

const orderCache = new WeakMap<CompactGraph, Int32Array>();

/** A fixed pseudo-random order of the nodes: the first s not removed are the sampled sources, so
 * every candidate of a plan is measured from (nearly) the same sources and differences are real. */
function samplingOrder(g: CompactGraph): Int32Array {
  const cached = orderCache.get(g);
  if (cached) return cached;
  const order = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) order[i] = i;
  const random = seededRandom(SAMPLE_SEED);
  for (let i = g.n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const x = order[i]!; order[i] = order[j]!; order[j] = x;
  }
  orderCache.set(g, order);
  return order;
}

function sampleSources(g: CompactGraph, removed: Uint8Array, count: number): Int32Array {
  const order = samplingOrder(g);
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < order.length && k < count; i++) if (!removed[order[i]!]) out[k++] = order[i]!;
  return out.subarray(0, k);
}

/** D_F of the remaining graph from `samples` sources (exact when that is every remaining node). */
function distanceFragmentation(g: CompactGraph, removed: Uint8Array, samples: number, signal?: AbortSignal): number {
  let remaining = 0;
  for (let v = 0; v < g.n; v++) if (!removed[v]) remaining++;
  if (remaining < 2) return remaining < g.n ? 1 : 0;
  const sources = sampleSources(g, removed, Math.min(samples, remaining));
  return 1 - inverseDistanceSum(g, removed, sources, signal) / (sources.length * (remaining - 1));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Σ over the sources s and the nodes j ≠ s reachable from s of 1/d(s, j). Runs the BFS of 32
 * sources at once (multi-source BFS, Then et al. 2014): bit b of seen[v] says source b has reached
 * v, so one sweep over a node's ties advances all 32 searches.
 */
function inverseDistanceSum(g: CompactGraph, removed: Uint8Array, sources: Int32Array, signal?: AbortSignal): number {
  const { n, offsets: off, neighbours: nb } = g;
  const seen = new Int32Array(n);
  const front = new Int32Array(n);
  const next = new Int32Array(n);
  let active = new Int32Array(n);
  let touched = new Int32Array(n);
  let total = 0;
  for (let b0 = 0; b0 < sources.length; b0 += 32) {
    throwIfCancelled(signal);
    const b1 = Math.min(sources.length, b0 + 32);
    let na = 0;
    for (let j = b0; j < b1; j++) {
      const s = sources[j]!;
      seen[s] = front[s] = 1 << (j - b0);
      active[na++] = s;
    }
    for (let d = 1; na > 0; d++) {
      let nt = 0;
      for (let a = 0; a < na; a++) {
        const v = active[a]!;
        const f = front[v]!;
        for (let e = off[v]!; e < off[v + 1]!; e++) {
          const u = nb[e]!;
          if (removed[u]) continue;
          const add = f & ~seen[u]!;
          if (add === 0) continue;
          if (next[u] === 0) touched[nt++] = u;
          next[u]! |= add;
        }
      }
      for (let a = 0; a < na; a++) front[active[a]!] = 0;
      let reached = 0;
      for (let t = 0; t < nt; t++) {
        const u = touched[t]!;
        const bits = next[u]!;
        next[u] = 0;
        seen[u]! |= bits;
        front[u] = bits;
        reached += popcount(bits);
      }
      total += reached / d;
      const swap = active; active = touched; touched = swap;
      na = nt;
    }
    seen.fill(0);
  }
  return total;
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

/** The `count` nodes with the highest value (value descending, node number ascending), skipping `skip`. */
function topNodes(values: ArrayLike<number>, count: number, skip: (v: number) => boolean): number[] {
  const top: number[] = [];
  if (count <= 0) return top;
  for (let v = 0; v < values.length; v++) {
    if (skip(v)) continue;
    const x = values[v]!;
    if (top.length === count && x <= values[top[count - 1]!]!) continue;
    let i = top.length === count ? count - 1 : top.length;
    if (top.length < count) top.push(v);
    while (i > 0 && values[top[i - 1]!]! < x) { top[i] = top[i - 1]!; i--; }
    top[i] = v;
  }
  return top;
}

// ---------------------------------------------------------------------------------------------
// What removing each node does, for every node in one pass

interface RemovalEffects {
  /** Σ s(s − 1) over the components of the remaining graph now */
  readonly pairs: number;
  /** the same if v is removed too */
  readonly pairsAfter: Float64Array;
  /** nodes v's removal cuts off from the largest remaining part of its component */
  readonly cutOff: Int32Array;
  /** parts v's component falls into without v */
  readonly parts: Int32Array;
  /** size of v's component */
  readonly group: Int32Array;
  /** source–target pairs (two different nodes) in one component now, and if v is removed too; with roles only */
  readonly rolePairs: number;
  readonly rolePairsAfter: Float64Array | null;
}

/** role membership by node number: 1 for a source (target) */
interface RoleMarks {
  readonly isSrc: Uint8Array;
  readonly isTgt: Uint8Array;
}

/** The arrays of `removalEffects`, made once per plan: a plan scores every node tens of times. */
interface EffectsWorkspace {
  readonly disc: Int32Array; readonly low: Int32Array; readonly size: Int32Array; readonly parent: Int32Array; readonly it: Int32Array;
  readonly sepSize: Int32Array; readonly sepParts: Int32Array; readonly maxSep: Int32Array; readonly sepPairs: Float64Array;
  readonly stack: Int32Array; readonly comp: Int32Array;
  readonly pairsAfter: Float64Array; readonly cutOff: Int32Array; readonly parts: Int32Array; readonly group: Int32Array;
  readonly roles: {
    readonly subS: Int32Array; readonly subT: Int32Array; readonly subB: Int32Array;
    readonly sepS: Int32Array; readonly sepT: Int32Array; readonly sepB: Int32Array; readonly sepRole: Float64Array;
    readonly rolePairsAfter: Float64Array;
  } | null;
}

function effectsWorkspace(n: number, withRoles: boolean): EffectsWorkspace {
  const i32 = (): Int32Array => new Int32Array(n);
  const f64 = (): Float64Array => new Float64Array(n);
  return {
    disc: i32(), low: i32(), size: i32(), parent: i32(), it: i32(),
    sepSize: i32(), sepParts: i32(), maxSep: i32(), sepPairs: f64(),
    stack: new Int32Array(Math.max(1, n)), comp: new Int32Array(Math.max(1, n)),
    pairsAfter: f64(), cutOff: i32(), parts: i32(), group: i32(),
    roles: withRoles ? { subS: i32(), subT: i32(), subB: i32(), sepS: i32(), sepT: i32(), sepB: i32(), sepRole: f64(), rolePairsAfter: f64() } : null,
  };
}

/**
 * One iterative DFS (Tarjan's articulation points): removing v leaves its component as the DFS
 * subtrees of v's children c with low[c] ≥ disc[v] (they reached nothing above v) plus the rest.
 * Summing the pieces' pair counts gives, for every node at once, the pairs left after its removal.
 * With role weights it also counts the source–target pairs each piece keeps together.
 */
function removalEffects(g: CompactGraph, removed: Uint8Array, ws: EffectsWorkspace, marks?: RoleMarks): RemovalEffects {
  const { n, offsets: off, neighbours: nb } = g;
  const isSrc = marks?.isSrc;
  const isTgt = marks?.isTgt;
  const roles = marks !== undefined;
  if (roles && !ws.roles) throw new Error('removalEffects: the workspace was made without role arrays');
  const { disc, low, size, parent, it, sepSize, sepParts, maxSep, sepPairs, stack, comp, pairsAfter, cutOff, parts, group } = ws;
  disc.fill(-1);
  sepSize.fill(0);
  sepParts.fill(0);
  maxSep.fill(0);
  sepPairs.fill(0);
  // role weights of subtrees and of separated pieces
  const subS = ws.roles?.subS;
  const subT = ws.roles?.subT;
  const subB = ws.roles?.subB;
  const sepS = ws.roles?.sepS;
  const sepT = ws.roles?.sepT;
  const sepB = ws.roles?.sepB;
  const sepRole = ws.roles?.sepRole;
  const rolePairsAfter = roles ? ws.roles!.rolePairsAfter : null;
  if (roles) { sepS!.fill(0); sepT!.fill(0); sepB!.fill(0); sepRole!.fill(0); }
  const rolePairsOf = (s: number, t: number, b: number): number => s * t - b;

  let time = 0;
  let pairs = 0;
  let rolePairs = 0;
  // first pass: DFS per component, then the component's totals are known and a second sweep over its nodes fills the answers
  const compStart: number[] = [];
  const compEnd: number[] = [];
  let nc = 0;
  for (let r = 0; r < n; r++) {
    if (removed[r] || disc[r] !== -1) continue;
    const start = nc;
    let top = 0;
    stack[top++] = r;
    parent[r] = -1;
    disc[r] = low[r] = time++;
    it[r] = off[r]!;
    size[r] = 1;
    comp[nc++] = r;
    if (roles) initRole(r);
    while (top > 0) {
      const v = stack[top - 1]!;
      if (it[v]! < off[v + 1]!) {
        const u = nb[it[v]!++]!;
        if (removed[u] || u === parent[v]) continue;
        if (disc[u] === -1) {
          parent[u] = v;
          disc[u] = low[u] = time++;
          it[u] = off[u]!;
          size[u] = 1;
          comp[nc++] = u;
          if (roles) initRole(u);
          stack[top++] = u;
        } else if (disc[u]! < low[v]!) low[v] = disc[u]!;
        continue;
      }
      top--;
      const p = parent[v]!;
      if (p < 0) continue;
      size[p]! += size[v]!;
      if (low[v]! < low[p]!) low[p] = low[v]!;
      if (roles) { subS![p]! += subS![v]!; subT![p]! += subT![v]!; subB![p]! += subB![v]!; }
      if (low[v]! >= disc[p]!) {
        const s = size[v]!;
        sepSize[p]! += s;
        sepParts[p]!++;
        sepPairs[p]! += s * (s - 1);
        if (s > maxSep[p]!) maxSep[p] = s;
        if (roles) {
          sepS![p]! += subS![v]!; sepT![p]! += subT![v]!; sepB![p]! += subB![v]!;
          sepRole![p]! += rolePairsOf(subS![v]!, subT![v]!, subB![v]!);
        }
      }
    }
    compStart.push(start);
    compEnd.push(nc);
    const s = size[r]!;
    pairs += s * (s - 1);
    if (roles) rolePairs += rolePairsOf(subS![r]!, subT![r]!, subB![r]!);
  }
  for (let c = 0; c < compStart.length; c++) {
    const r = comp[compStart[c]!]!;
    const s = size[r]!;
    const own = s * (s - 1);
    const ownRole = roles ? rolePairsOf(subS![r]!, subT![r]!, subB![r]!) : 0;
    for (let j = compStart[c]!; j < compEnd[c]!; j++) {
      const v = comp[j]!;
      const rest = s - 1 - sepSize[v]!;
      pairsAfter[v] = pairs - own + sepPairs[v]! + rest * (rest - 1);
      parts[v] = sepParts[v]! + (rest > 0 ? 1 : 0);
      cutOff[v] = s - 1 - Math.max(rest, maxSep[v]!);
      group[v] = s;
      if (roles) {
        const vs = isSrc![v]!;
        const vt = isTgt![v]!;
        const rs = subS![r]! - vs - sepS![v]!;
        const rt = subT![r]! - vt - sepT![v]!;
        const rb = subB![r]! - (vs & vt) - sepB![v]!;
        rolePairsAfter![v] = rolePairs - ownRole + sepRole![v]! + rolePairsOf(rs, rt, rb);
      }
    }
  }
  return { pairs, pairsAfter, cutOff, parts, group, rolePairs, rolePairsAfter };

  function initRole(v: number): void {
    subS![v] = isSrc![v]!;
    subT![v] = isTgt![v]!;
    subB![v] = isSrc![v]! & isTgt![v]!;
  }
}

// ---------------------------------------------------------------------------------------------
// The planner

interface Step {
  readonly node: number;
  readonly value: number;
  readonly explanation: string;
}

interface Search {
  readonly method: DisruptionPlan['method'];
  readonly steps: readonly Step[];
  /** an extra sentence for the plan's explanation (what the search did) */
  readonly note: string;
  readonly headline?: string;
}

interface Context {
  readonly net: IndexedNetwork;
  readonly g: CompactGraph;
  readonly k: number;
  readonly localSearch: boolean;
  readonly opts: RunOptions;
  readonly tick: (done: number) => void;
}

/**
 * Ranks a set of k nodes whose removal most fragments the network or cuts the routes between two
 * roles, with the network's shape before and after and the top-k-by-degree baseline. Throws
 * VALIDATION_FAILED for k outside 1..50, an unknown objective, or the cut without both roles.
 * @example planDisruption(net, { k: 5, objective: 'cut', sources: ['recruiter'], targets: ['buyer'] })
 */
export function planDisruption(net: IndexedNetwork, request: DisruptionRequest, opts: RunOptions = {}): DisruptionPlan {
  const { k, objective } = request;
  if (!Number.isInteger(k) || k < 1 || k > MAX_DISRUPTION_K) {
    throw new AriadneError('VALIDATION_FAILED', `k must be a whole number from 1 to ${MAX_DISRUPTION_K}, got ${k}.`, { details: { k: `must be an integer from 1 to ${MAX_DISRUPTION_K}` } });
  }
  if (objective !== 'fragmentation' && objective !== 'distance-fragmentation' && objective !== 'cut') {
    throw new AriadneError('VALIDATION_FAILED', `Unknown disruption objective "${String(objective)}"; use fragmentation, distance-fragmentation or cut.`, { details: { objective: 'must be fragmentation, distance-fragmentation or cut' } });
  }
  const hasSources = (request.sources?.length ?? 0) > 0;
  const hasTargets = (request.targets?.length ?? 0) > 0;
  if (hasSources !== hasTargets || (objective === 'cut' && !hasSources)) {
    throw new AriadneError('VALIDATION_FAILED', objective === 'cut' ? 'The cut objective needs both source and target roles (e.g. recruiter → buyer).' : 'Give both source and target roles, or neither.', { details: { [hasSources ? 'targets' : 'sources']: 'required' } });
  }
  const g = net.graph;
  const roles = hasSources ? { sources: selectNodes(net, request.sources!), targets: selectNodes(net, request.targets!) } : undefined;
  const tick = ticker(opts, planUnits(k), 1);
  tick(0);
  const before = networkShape(g, undefined, roles, opts);
  const ctx: Context = { net, g, k, localSearch: request.localSearch ?? true, opts, tick };

  let search: Search;
  if (objective === 'cut') search = planCut(ctx, roles!, request);
  else if (k >= g.n) search = removeEverything(ctx);
  else if (objective === 'fragmentation') search = planFragmentation(ctx);
  else search = planDistance(ctx);

  const removed = new Uint8Array(g.n);
  for (const s of search.steps) removed[s.node] = 1;
  const after = networkShape(g, removed, roles, opts);
  const baselineNodes = topByDegree(g, Math.min(k, g.n), objective === 'cut' ? roles : undefined);
  const baselineRemoved = new Uint8Array(g.n);
  for (const v of baselineNodes) baselineRemoved[v] = 1;
  const baselineAfter = networkShape(g, baselineRemoved, roles, opts);
  tick.done();

  const remove = rankSteps(net, search.steps);
  const baselineRemove = rankSteps(net, baselineNodes.map((v) => ({
    node: v,
    value: degreeOf(g, v),
    explanation: `tied to ${formatCount(degreeOf(g, v))} other nodes; one of the ${formatCount(baselineNodes.length)} best-connected`,
  })));
  const explanation = [search.headline ?? compare(ctx, request, { before, after, baseline: baselineAfter, chosen: search.steps.length, baselineCount: baselineNodes.length }), search.note].filter((s) => s !== '').join(' ');
  return { objective, k, method: search.method, remove, before, after, baseline: { remove: baselineRemove, after: baselineAfter }, explanation };
}

function rankSteps(net: IndexedNetwork, steps: readonly Step[]): RankedNode[] {
  const out: RankedNode[] = [];
  let rank = 0;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (i === 0 || s.value !== steps[i - 1]!.value) rank = i + 1;
    const node = net.network.nodes[s.node]!;
    out.push({ id: node.id, caption: node.caption, schema: node.schema, value: s.value, rank, explanation: s.explanation });
  }
  return out;
}

/** Highest degree first, lower node number on a tie; without the roles' own nodes for the cut (the plan may not take them either). */
function topByDegree(g: CompactGraph, k: number, roles?: RoleNodes): number[] {
  const skip = new Uint8Array(g.n);
  if (roles) {
    for (let i = 0; i < roles.sources.length; i++) skip[roles.sources[i]!] = 1;
    for (let i = 0; i < roles.targets.length; i++) skip[roles.targets[i]!] = 1;
  }
  const degree = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) degree[v] = degreeOf(g, v);
  return topNodes(degree, k, (v) => skip[v] === 1);
}

const f2 = (x: number): string => x.toFixed(2);
const caption = (ctx: Context, v: number): string => ctx.net.network.nodes[v]!.caption;
const nodesWord = (x: number): string => `${formatCount(x)} ${x === 1 ? 'node' : 'nodes'}`;

interface Outcome {
  readonly before: NetworkShape;
  readonly after: NetworkShape;
  readonly baseline: NetworkShape;
  /** nodes in the plan and in the baseline */
  readonly chosen: number;
  readonly baselineCount: number;
}

function compare(ctx: Context, request: DisruptionRequest, outcome: Outcome): string {
  const { objective } = request;
  const { before, after, baseline, chosen, baselineCount } = outcome;
  const these = chosen === 1 ? 'this node' : `these ${formatCount(chosen)}`;
  const best = baselineCount === 1 ? 'the best-connected node' : `the ${formatCount(baselineCount)} best-connected`;
  if (objective === 'cut') {
    const routes = routeWords(ctx, request);
    return `Removing ${these} cuts the independent routes from ${routes} from ${formatCount(before.flow ?? 0)} to ${formatCount(after.flow ?? 0)}; removing ${best} intermediaries instead leaves ${formatCount(baseline.flow ?? 0)}.`;
  }
  const largest = `largest group ${formatCount(before.largestComponent)} → ${nodesWord(after.largestComponent)}, ${formatCount(before.components)} → ${formatCount(after.components)} groups`;
  if (objective === 'fragmentation') {
    if (after.components <= before.components && chosen > 0 && before.nodes > 1) {
      return `No set of ${formatCount(chosen)} ${chosen === 1 ? 'node' : 'nodes'} found splits this network: every group stays connected (fragmentation ${f2(before.fragmentation)} → ${f2(after.fragmentation)}; largest group ${formatCount(before.largestComponent)} → ${nodesWord(after.largestComponent)}). Removing ${best} instead reaches ${f2(baseline.fragmentation)}.`;
    }
    return `Removing ${these} raises fragmentation from ${f2(before.fragmentation)} to ${f2(after.fragmentation)} (${largest}); removing ${best} instead reaches ${f2(baseline.fragmentation)}.`;
  }
  const how = distanceMethod(Math.max(before.nodes, 0));
  return `Removing ${these} raises distance-weighted fragmentation from ${f2(before.distanceFragmentation)} to ${f2(after.distanceFragmentation)} (${how}; ${largest}); removing ${best} instead reaches ${f2(baseline.distanceFragmentation)}.`;
}

function routeWords(ctx: Context, request: DisruptionRequest): string {
  return `${describeSelectors(ctx.net, request.sources ?? [])} to ${describeSelectors(ctx.net, request.targets ?? [])}`;
}

function removeEverything(ctx: Context): Search {
  const { g, k } = ctx;
  const order = topNodes(Float64Array.from({ length: g.n }, (_, v) => degreeOf(g, v)), g.n, () => false);
  return {
    method: 'greedy',
    steps: order.map((v) => ({ node: v, value: degreeOf(g, v), explanation: `one of all ${nodesWord(g.n)} of the network` })),
    note: g.n === 0 ? '' : `The plan asks for ${formatCount(k)} nodes and the network has ${nodesWord(g.n)}: removing all of them leaves nothing connected.`,
    ...(g.n === 0 ? { headline: 'The network is empty: there is nothing to disrupt.' } : {}),
  };
}

// --- fragmentation ----------------------------------------------------------------------------

/** The node whose removal leaves the fewest connected pairs; ties: more ties, then the lower number. */
function bestRemoval(g: CompactGraph, removed: Uint8Array, eff: RemovalEffects, allowed?: Uint8Array): number {
  let best = -1;
  for (let v = 0; v < g.n; v++) {
    if (removed[v] || (allowed && !allowed[v])) continue;
    if (best < 0 || eff.pairsAfter[v]! < eff.pairsAfter[best]! || (eff.pairsAfter[v] === eff.pairsAfter[best] && degreeOf(g, v) > degreeOf(g, best))) best = v;
  }
  return best;
}

function planFragmentation(ctx: Context): Search {
  const { g, k, tick } = ctx;
  const ws = effectsWorkspace(g.n, false);
  const greedy = greedyFragmentation(ctx, ws, undefined, 0);
  if (!ctx.localSearch) return { method: 'greedy', steps: greedy, note: '' };
  const chosen = greedy.map((s) => s.node);
  const removed = new Uint8Array(g.n);
  for (const v of chosen) removed[v] = 1;
  let swaps = 0;
  for (let pass = 0, improved = true; improved && pass < MAX_SWAP_PASSES; pass++) {
    improved = false;
    tick(swapProgress(k, pass));
    for (let j = 0; j < chosen.length; j++) {
      const u = chosen[j]!;
      removed[u] = 0;
      // the best replacement for u among ALL nodes, scored in one pass
      const eff = removalEffects(g, removed, ws);
      const w = bestRemoval(g, removed, eff);
      if (w !== u && eff.pairsAfter[w]! < eff.pairsAfter[u]!) { chosen[j] = w; swaps++; improved = true; removed[w] = 1; } else removed[u] = 1;
    }
  }
  if (swaps === 0) return { method: 'greedy+local-search', steps: greedy, note: 'Local search found no better swap than the greedy choice.' };
  const allowed = new Uint8Array(g.n);
  for (const v of chosen) allowed[v] = 1;
  const steps = greedyFragmentation(ctx, ws, allowed, orderProgress(k, 0));
  return { method: 'greedy+local-search', steps, note: `Local search improved on the greedy choice with ${swaps} ${swaps === 1 ? 'swap' : 'swaps'}.` };
}

/** k greedy steps, over `allowed` nodes only when given (to put a chosen set in its best order). */
function greedyFragmentation(ctx: Context, ws: EffectsWorkspace, allowed: Uint8Array | undefined, progress: number): Step[] {
  const { g, k, tick } = ctx;
  const removed = new Uint8Array(g.n);
  const steps: { node: number; before: number; after: number; cutOff: number; parts: number; group: number }[] = [];
  let remaining = g.n;
  for (let step = 0; step < k; step++) {
    tick(progress + step);
    const eff = removalEffects(g, removed, ws);
    const v = bestRemoval(g, removed, eff, allowed);
    if (v < 0) break;
    const before = fragmentationOf(eff.pairs, remaining, step > 0);
    removed[v] = 1;
    remaining--;
    steps.push({ node: v, before, after: fragmentationOf(eff.pairsAfter[v]!, remaining, true), cutOff: eff.cutOff[v]!, parts: eff.parts[v]!, group: eff.group[v]! });
  }
  // what each adds to the whole plan: the plan without it
  const whole = steps.length ? steps[steps.length - 1]!.after : 0;
  return steps.map((s) => {
    const name = caption(ctx, s.node);
    const change = `fragmentation ${f2(s.before)} → ${f2(s.after)}`;
    let explanation: string;
    if (s.cutOff > 0) explanation = `removing ${name} cuts ${nodesWord(s.cutOff)} off from the rest of its group of ${formatCount(s.group)}, which falls into ${formatCount(s.parts)} parts; ${change}`;
    else if (s.group === 1) explanation = `${name} is already isolated; removing it changes little (${change})`;
    else {
      removed[s.node] = 0;
      const without = fragmentationOf(sumPairs(componentSizes(g, removed)), remaining + 1, true);
      removed[s.node] = 1;
      explanation = whole - without >= 0.005
        ? `removing ${name} splits no group on its own (${change}), but without it the plan would reach ${f2(without)} instead of ${f2(whole)}`
        : `removing ${name} splits no group on its own (its group of ${formatCount(s.group)} stays connected); at this step no removal takes more pairs out of reach, and among the equals it has the most ties (${formatCount(degreeOf(g, s.node))})`;
    }
    return { node: s.node, value: s.after - s.before, explanation };
  });
}

function sumPairs(sizes: readonly number[]): number {
  let p = 0;
  for (const s of sizes) p += s * (s - 1);
  return p;
}

// --- distance-weighted fragmentation ----------------------------------------------------------

function planDistance(ctx: Context): Search {
  const { g, k, tick, opts } = ctx;
  const removed = new Uint8Array(g.n);
  const probe = new DistanceProbe(g, sampleSources(g, removed, searchSampleCount(g.n)), opts.signal);
  const chosen: number[] = [];
  const poolSeen = new Uint8Array(g.n);
  const pool: number[] = [];
  /** the candidate whose removal (on top of `removed`) gives the highest D_F; `first` wins ties */
  const bestOf = (candidates: readonly number[], first = -1): { node: number; value: number } => {
    let best = first;
    let bestValue = first >= 0 ? probe.valueWithout(first) : -Infinity;
    for (const c of candidates) {
      if (removed[c] || c === first) continue;
      const value = probe.valueWithout(c);
      if (value > bestValue + 1e-12) { bestValue = value; best = c; }
    }
    return { node: best, value: bestValue };
  };
  for (let step = 0; step < k; step++) {
    tick(step);
    probe.load(removed);
    const candidates = candidatePool(g, removed, probe.sources);
    for (const c of candidates) if (!poolSeen[c] && pool.length < MAX_DISTANCE_POOL) { poolSeen[c] = 1; pool.push(c); }
    const { node } = bestOf(candidates);
    if (node < 0) break;
    removed[node] = 1;
    chosen.push(node);
  }
  let method: DisruptionPlan['method'] = 'greedy';
  let note = '';
  // what each chosen node adds: the plan's D_F with and without it (a pass of local search without swaps measures it on the way)
  let contributions: { node: number; value: number; without: number; whole: number }[] | null = null;
  const contribution = (v: number): { node: number; value: number; without: number; whole: number } => {
    const without = probe.value();
    const whole = probe.valueWithout(v);
    return { node: v, value: whole - without, without, whole };
  };
  if (ctx.localSearch) {
    method = 'greedy+local-search';
    let swaps = 0;
    // best replacement for each chosen node among the candidates met on the way
    for (let pass = 0, improved = true; improved && pass < MAX_DISTANCE_SWAP_PASSES; pass++) {
      improved = false;
      tick(swapProgress(k, pass));
      const measured: { node: number; value: number; without: number; whole: number }[] = [];
      for (let j = 0; j < chosen.length; j++) {
        const u = chosen[j]!;
        removed[u] = 0;
        probe.load(removed);
        const { node } = bestOf(pool, u);
        if (node !== u) { chosen[j] = node; swaps++; improved = true; } else measured.push(contribution(u));
        removed[chosen[j]!] = 1;
      }
      if (!improved) contributions = measured;
    }
    note = swaps ? `Local search improved on the greedy choice with ${swaps} ${swaps === 1 ? 'swap' : 'swaps'}.` : 'Local search found no better swap than the greedy choice.';
  }
  if (probe.sources.length < g.n) note = `Candidates were compared on ${probe.sources.length} sampled sources. ${note}`.trim();
  contributions ??= chosen.map((v, i) => {
    tick(orderProgress(k, i));
    removed[v] = 0;
    probe.load(removed);
    const c = contribution(v);
    removed[v] = 1;
    return c;
  });
  contributions.sort((a, b) => b.value - a.value || a.node - b.node);
  const steps = contributions.map((c) => ({
    node: c.node,
    value: c.value,
    explanation: c.value > 0.005
      ? `without ${caption(ctx, c.node)} the plan would reach a distance-weighted fragmentation of ${f2(c.without)} instead of ${f2(c.whole)}`
      : `${caption(ctx, c.node)} adds little on its own (the plan without it reaches ${f2(c.without)}, with it ${f2(c.whole)}${c.value > 0 ? '' : ' on the sampled sources'})`,
  }));
  return { method, steps, note };
}

/** Sampled sources for the search: 64, fewer on huge graphs so their BFS rows stay within ~64 MB. */
function searchSampleCount(n: number): number {
  return Math.min(n, SEARCH_SAMPLES, Math.max(8, Math.floor(SEARCH_ROW_BUDGET / Math.max(1, n))));
}

/**
 * D_F of one removal state from a fixed list of sources, and of that state with one more node
 * removed. `load` runs a BFS from each source and keeps the distance rows; `valueWithout(c)` then
 * revisits only what c's removal changes: the nodes all of whose shortest paths from a source ran
 * through c (the rest keep their distance), re-measured from their unaffected neighbours. For most
 * nodes that is c alone, so scoring a candidate costs a few hundred steps instead of 64 BFS.
 * Sources that are themselves removed drop out of the mean.
 */
class DistanceProbe {
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
function candidatePool(g: CompactGraph, removed: Uint8Array, sources: Int32Array): number[] {
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

// --- cut between roles ------------------------------------------------------------------------

/** What every step of the cut search shares. */
interface CutSearch extends RoleMarks {
  readonly g: CompactGraph;
  readonly roles: RoleNodes;
  readonly ws: EffectsWorkspace;
  readonly signal: AbortSignal | undefined;
}

interface CutChoice {
  readonly node: number;
  readonly flowBefore: number;
  readonly flowAfter: number;
  readonly rolePairsBefore: number;
  readonly rolePairsAfter: number;
}

/**
 * The best next removal for the cut: the largest drop in flow (an intermediary in some minimum cut
 * drops it by one; a source or target that must be cut is measured), then the fewest source–target
 * pairs left connected, then the most flow through it, then the most ties. Sources and targets
 * are candidates only when a direct tie forces them into the cut.
 */
function bestCutRemoval(cs: CutSearch, removed: Uint8Array, allowed: Uint8Array | null): CutChoice | null {
  const { g, roles, isSrc, isTgt, signal } = cs;
  throwIfCancelled(signal);
  const flow = vertexFlow(g, roles.sources, roles.targets, removed);
  const critical = flow.critical();
  const eff = removalEffects(g, removed, cs.ws, cs);
  let best: CutChoice | null = null;
  let bestLoad = -1;
  const consider = (v: number, flowAfter: number): void => {
    const pairs = eff.rolePairsAfter![v]!;
    const load = flow.load[v]!;
    if (best === null
      || flowAfter < best.flowAfter
      || (flowAfter === best.flowAfter && (pairs < best.rolePairsAfter
        || (pairs === best.rolePairsAfter && (load > bestLoad
          || (load === bestLoad && degreeOf(g, v) > degreeOf(g, best.node))))))) {
      best = { node: v, flowBefore: flow.flow, flowAfter, rolePairsBefore: eff.rolePairs, rolePairsAfter: pairs };
      bestLoad = load;
    }
  };
  for (let v = 0; v < g.n; v++) {
    if (removed[v] || isSrc[v] || isTgt[v] || (allowed && !allowed[v])) continue;
    consider(v, flow.flow - critical[v]!);
  }
  // Sources and targets: those the cut must hold, and (when ordering a set) those the set holds.
  // Removing v lowers the flow by at most its load (the rest of the flow stays feasible) and by at
  // least 1 if it is in the cut (a cut arc goes with it), so most need no flow of their own.
  const inCut = new Uint8Array(g.n);
  for (const v of flow.cut) inCut[v] = 1;
  const terminals: number[] = [];
  for (const v of flow.cut) if ((isSrc[v] || isTgt[v]) && (!allowed || allowed[v])) terminals.push(v);
  if (allowed) for (let v = 0; v < g.n; v++) if (allowed[v] && !removed[v] && (isSrc[v] || isTgt[v]) && !inCut[v]) terminals.push(v);
  terminals.sort((a, b) => flow.load[b]! - flow.load[a]! || a - b);
  for (const v of terminals) {
    const most = flow.load[v]!;
    const least = inCut[v] ? 1 : 0;
    if (most <= least) { consider(v, flow.flow - most); continue; }
    if (best !== null && flow.flow - (best as CutChoice).flowAfter > most) break;
    throwIfCancelled(signal);
    removed[v] = 1;
    consider(v, vertexFlow(g, roles.sources, roles.targets, removed).flow);
    removed[v] = 0;
  }
  return best;
}

function planCut(ctx: Context, roles: RoleNodes, request: DisruptionRequest): Search {
  const { g, k, tick, opts } = ctx;
  const routes = routeWords(ctx, request);
  const flow = vertexFlow(g, roles.sources, roles.targets);
  if (flow.flow === 0) {
    return { method: 'exact-cut', steps: [], note: '', headline: `No route runs from ${routes}: there is nothing to cut.` };
  }
  const isSrc = new Uint8Array(g.n);
  const isTgt = new Uint8Array(g.n);
  for (let i = 0; i < roles.sources.length; i++) isSrc[roles.sources[i]!] = 1;
  for (let i = 0; i < roles.targets.length; i++) isTgt[roles.targets[i]!] = 1;
  if (flow.cut.length <= k) {
    const forced = [...flow.cut].filter((v) => isSrc[v] || isTgt[v]);
    const size = flow.cut.length;
    const steps = [...flow.cut]
      .sort((a, b) => flow.load[b]! - flow.load[a]! || degreeOf(g, b) - degreeOf(g, a) || a - b)
      .map((v) => ({
        node: v,
        value: flow.load[v]!,
        explanation: isSrc[v] && isTgt[v]
          ? `${caption(ctx, v)} is on both sides (source and target), so only removing it cuts it off`
          : isSrc[v] || isTgt[v]
            ? `${caption(ctx, v)} is tied directly to the other side, so only removing it (or its counterpart) cuts that tie; it carries ${formatCount(flow.load[v]!)} of the ${formatCount(flow.flow)} routes`
            : `${caption(ctx, v)} carries ${formatCount(flow.load[v]!)} of the ${formatCount(flow.flow)} independent routes; ${size === 1 ? 'removing it alone leaves no route' : `with the other ${nodesWord(size - 1)} of the cut removed, no route is left`}`,
      }));
    const headline = `A cut of ${nodesWord(size)} already separates ${describeSelectors(ctx.net, request.sources ?? [])} from ${describeSelectors(ctx.net, request.targets ?? [])}: no route is left between them.`;
    const note = forced.length ? `It includes ${forced.length === 1 ? 'a source or target' : `${forced.length} sources or targets`} tied directly to the other side.` : '';
    return { method: 'exact-cut', steps, note, headline };
  }

  const cs: CutSearch = { g, roles, isSrc, isTgt, ws: effectsWorkspace(g.n, true), signal: opts.signal };
  const removed = new Uint8Array(g.n);
  const greedy: CutChoice[] = [];
  for (let step = 0; step < k; step++) {
    tick(step);
    const choice = bestCutRemoval(cs, removed, null);
    if (!choice || choice.flowBefore === 0) break;
    greedy.push(choice);
    removed[choice.node] = 1;
    if (choice.flowAfter === 0) break;
  }
  let chosen = greedy;
  let method: DisruptionPlan['method'] = 'greedy';
  let note = '';
  if (ctx.localSearch && greedy.length > 0) {
    method = 'greedy+local-search';
    let swaps = 0;
    const nodes = greedy.map((c) => c.node);
    let current = { flow: greedy[greedy.length - 1]!.flowAfter, pairs: greedy[greedy.length - 1]!.rolePairsAfter };
    for (let pass = 0, improved = true; improved && pass < MAX_CUT_SWAP_PASSES; pass++) {
      improved = false;
      tick(swapProgress(k, pass));
      for (let j = 0; j < nodes.length; j++) {
        const u = nodes[j]!;
        removed[u] = 0;
        const w = bestCutRemoval(cs, removed, null);
        if (w && w.node !== u && (w.flowAfter < current.flow || (w.flowAfter === current.flow && w.rolePairsAfter < current.pairs))) {
          nodes[j] = w.node;
          removed[w.node] = 1;
          current = { flow: w.flowAfter, pairs: w.rolePairsAfter };
          swaps++;
          improved = true;
        } else removed[u] = 1;
      }
    }
    if (swaps > 0) {
      // put the improved set in order: greedy over its own members
      const allowed = new Uint8Array(g.n);
      for (const v of nodes) allowed[v] = 1;
      removed.fill(0);
      chosen = [];
      for (let step = 0; step < nodes.length; step++) {
        tick(orderProgress(k, step));
        const choice = bestCutRemoval(cs, removed, allowed);
        if (!choice) break;
        chosen.push(choice);
        removed[choice.node] = 1;
        allowed[choice.node] = 0;
      }
    }
    note = swaps ? `Local search improved on the greedy choice with ${swaps} ${swaps === 1 ? 'swap' : 'swaps'}.` : 'Local search found no better swap than the greedy choice.';
  }
  const last = chosen[chosen.length - 1];
  if (last && last.flowAfter === 0 && chosen.length < k) note = `After ${nodesWord(chosen.length)} no route is left, so the plan stops there. ${note}`.trim();
  const steps = chosen.map((c) => {
    const name = caption(ctx, c.node) + (isSrc[c.node] || isTgt[c.node] ? ` (itself ${isSrc[c.node] ? 'a source' : 'a target'}, tied directly to the other side)` : '');
    const cut = c.flowBefore - c.flowAfter;
    const pairs = `${formatCount(c.rolePairsAfter)} source–target pairs stay connected (was ${formatCount(c.rolePairsBefore)})`;
    return {
      node: c.node,
      value: cut,
      explanation: cut > 0
        ? `removing ${name} cuts ${formatCount(cut)} of the ${formatCount(c.flowBefore)} independent routes from ${routes}; ${pairs}`
        : `removing ${name} cuts no independent route by itself, but ${pairs}`,
    };
  });
  return { method, steps, note };
}
