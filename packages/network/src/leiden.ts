/**
 * Leiden community detection (Traag, Waltman & van Eck 2019, "From Louvain to Leiden:
 * guaranteeing well-connected communities"), maximising weighted modularity.
 *
 * Louvain can leave a community held together only through a node that has since moved away, so
 * one "community" falls apart into pieces with no tie between them — a false grouping an
 * investigator might act on. Leiden refines each community into well-connected sub-communities
 * before merging, so every community it returns is connected.
 *
 * Same typed-array discipline as Louvain (communities.ts): one CSR `Level` per aggregation, a
 * per-node scratch slot array instead of a Map, nothing allocated per node or edge.
 */
import { AriadneError } from '@ariadne/schema';
import type { CompactGraph } from './compact-graph.ts';
import { aggregate, baseLevel, checkResolution, checkSeed, DEFAULT_SEED, modularity, renumber, shuffledOrder, TICK_EVERY, totalStrength, type Level, type LouvainOptions, type MoveContext } from './communities.ts';
import { seededRandom } from './seeded-random.ts';
import { throwIfCancelled, ticker } from './run-options.ts';

export interface LeidenOptions extends LouvainOptions {
  /**
   * Most Leiden iterations to run (default 2, as igraph and leidenalg); each starts from the
   * last one's partition and can only improve it. Stops earlier when an iteration changes nothing.
   */
  readonly iterations?: number;
}

/**
 * Randomness of the refinement (θ in the paper, igraph's `beta`): a node joins a sub-community
 * with probability ∝ exp(gain / θ), gains in units of tie weight; 0.01 as igraph and the paper.
 */
const THETA = 0.01;

/**
 * Leiden communities. Each iteration: fast local moving (a queue of nodes whose neighbourhood
 * changed, each moved to its best community or a new one), refinement of every community into
 * well-connected sub-communities (random merges of singletons), then aggregation on the refined
 * partition with the unrefined one as the starting assignment; repeated until every community is
 * a single aggregated node. Deterministic for a seed. Every community is connected; isolated
 * nodes are communities of their own.
 * @example leiden(g, { seed: 7, iterations: 4 }).membership
 */
export function leiden(g: CompactGraph, opts: LeidenOptions = {}): { membership: Int32Array; modularity: number; iterations: number } {
  const gamma = opts.resolution ?? 1;
  const seed = opts.seed ?? DEFAULT_SEED;
  const maxIterations = opts.iterations ?? 2;
  checkSeed(seed);
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) throw new AriadneError('VALIDATION_FAILED', `The number of Leiden iterations must be a whole number ≥ 1, got ${maxIterations}.`, { details: { iterations: 'must be a whole number ≥ 1' } });
  checkResolution(gamma);
  throwIfCancelled(opts.signal);

  const n = g.n;
  const membership = new Int32Array(n);
  for (let v = 0; v < n; v++) membership[v] = v;
  const base = baseLevel(g);
  const m2 = totalStrength(base);
  if (m2 === 0) return { membership, modularity: 0, iterations: 0 };
  const ctx: MoveContext = { gamma, m2, random: seededRandom(seed), opts };
  const previous = new Int32Array(n);
  let iterations = 0;
  while (iterations < maxIterations) {
    previous.set(membership);
    leidenIteration(base, membership, ctx);
    renumber(membership);
    iterations++;
    if (sameArray(previous, membership)) break;
  }
  splitDisconnected(g, membership);
  opts.onProgress?.(1, 1);
  return { membership, modularity: modularity(g, membership, gamma), iterations };
}

function sameArray(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One Leiden iteration on the original graph, from and into `membership` (labels < n). */
function leidenIteration(base: Level, membership: Int32Array, ctx: MoveContext): void {
  const n0 = base.n;
  let level = base;
  let comm = membership.slice();
  // the aggregated node each original node is inside
  const nodeOf = new Int32Array(n0);
  for (let v = 0; v < n0; v++) nodeOf[v] = v;
  for (;;) {
    moveNodesFast(level, comm, ctx);
    const count = renumber(comm);
    if (count === level.n) break;
    let refined = refine(level, comm, count, ctx);
    let refinedCount = renumber(refined);
    // Nothing merged (possible only through rounding or zero-weight ties): aggregate on the
    // unrefined partition, as igraph does, so the level still shrinks; splitDisconnected() at the
    // end keeps the connectivity promise in that case.
    if (refinedCount === level.n) { refined = comm; refinedCount = count; }
    const next = new Int32Array(refinedCount);
    for (let v = 0; v < level.n; v++) next[refined[v]!] = comm[v]!;
    for (let v = 0; v < n0; v++) nodeOf[v] = refined[nodeOf[v]!]!;
    level = aggregate(level, refined, refinedCount);
    comm = next;
  }
  for (let v = 0; v < n0; v++) membership[v] = comm[nodeOf[v]!]!;
}

interface Scratch {
  /** slot[c]: index of community c in touched/touchedW while one node is decided, else -1 */
  readonly slot: Int32Array;
  readonly touched: Int32Array;
  readonly touchedW: Float64Array;
}

function scratchFor(level: Level): Scratch {
  let maxDegree = 0;
  for (let v = 0; v < level.n; v++) maxDegree = Math.max(maxDegree, level.offsets[v + 1]! - level.offsets[v]!);
  return { slot: new Int32Array(level.n).fill(-1), touched: new Int32Array(maxDegree), touchedW: new Float64Array(maxDegree) };
}

/**
 * Fast local moving: every node is queued once (random order); a node is moved to the community,
 * or a new empty one, with the best modularity gain, and when it moves, its neighbours outside
 * its new community are queued again. Ends when the queue is empty.
 */
function moveNodesFast(level: Level, comm: Int32Array, ctx: MoveContext): void {
  const { gamma, m2, random, opts } = ctx;
  const n = level.n;
  const { offsets, neighbours, weights, strength } = level;
  const scale = gamma / m2;
  const tot = new Float64Array(n);
  const size = new Int32Array(n);
  for (let v = 0; v < n; v++) { tot[comm[v]!]! += strength[v]!; size[comm[v]!]!++; }
  // unused community ids: where a node goes when it is better off alone
  const empty = new Int32Array(n);
  let emptyCount = 0;
  for (let c = n - 1; c >= 0; c--) if (size[c] === 0) empty[emptyCount++] = c;
  const queue = shuffledOrder(n, random);
  const queued = new Uint8Array(n).fill(1);
  let head = 0;
  let pending = n;
  const { slot, touched, touchedW } = scratchFor(level);
  const tick = ticker(opts, n, TICK_EVERY);
  let visits = 0;
  while (pending > 0) {
    tick(Math.min(visits++, n));
    const v = queue[head]!;
    head = head + 1 === n ? 0 : head + 1;
    pending--;
    queued[v] = 0;
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
    size[c]!--;
    const ownSlot = slot[c]!;
    let best = c;
    let bestGain = (ownSlot >= 0 ? touchedW[ownSlot]! : 0) - scale * kv * tot[c]!;
    for (let j = 0; j < nt; j++) {
      const d = touched[j]!;
      const gd = touchedW[j]! - scale * kv * tot[d]!;
      if (gd > bestGain) { bestGain = gd; best = d; }
    }
    // alone in a new community the gain is 0 (if v was alone already, c is that community)
    if (bestGain < 0 && size[c]! > 0) { best = empty[emptyCount - 1]!; bestGain = 0; }
    for (let j = 0; j < nt; j++) slot[touched[j]!] = -1;
    tot[best]! += kv;
    size[best]!++;
    if (best === c) continue;
    if (size[best] === 1) emptyCount--;
    if (size[c] === 0) empty[emptyCount++] = c;
    comm[v] = best;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      if (queued[u] || comm[u] === best) continue;
      queued[u] = 1;
      queue[(head + pending) % n] = u;
      pending++;
    }
  }
}

/**
 * Refinement: within each community C of `comm`, start from singletons and let each singleton
 * node that is well connected to C (ties into C at least γ·k_v·(K_C − k_v)/2m) join, at random
 * with probability ∝ exp(gain/θ), a sub-community of C that is itself well connected and that
 * it gains by joining (or stay alone). A node joins only a sub-community it has a tie to, so
 * every sub-community is connected. Returns the sub-community of each node (labels < n).
 */
function refine(level: Level, comm: Int32Array, count: number, ctx: MoveContext): Int32Array {
  const { gamma, m2, random, opts } = ctx;
  const n = level.n;
  const { offsets, neighbours, weights, strength } = level;
  const scale = gamma / m2;
  const commK = new Float64Array(count);
  for (let v = 0; v < n; v++) commK[comm[v]!]! += strength[v]!;
  const ref = new Int32Array(n);
  const refSize = new Int32Array(n).fill(1);
  const refK = strength.slice();
  // tie weight from each sub-community to the rest of its community
  const refOut = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    ref[v] = v;
    const c = comm[v]!;
    let w = 0;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) if (comm[neighbours[e]!] === c) w += weights[e]!;
    refOut[v] = w;
  }
  const { slot, touched, touchedW } = scratchFor(level);
  const chance = new Float64Array(touched.length);
  const order = shuffledOrder(n, random);
  const tick = ticker(opts, n, TICK_EVERY);
  for (let i = 0; i < n; i++) {
    tick(i);
    const v = order[i]!;
    // only singletons move; a node others have joined stays the seed of its sub-community
    if (refSize[v] !== 1) continue;
    const c = comm[v]!;
    const kv = strength[v]!;
    const kc = commK[c]!;
    if (refOut[v]! < scale * kv * (kc - kv)) continue;
    let nt = 0;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      if (comm[u] !== c) continue;
      const r = ref[u]!;
      const s = slot[r]!;
      if (s >= 0) touchedW[s]! += weights[e]!;
      else { slot[r] = nt; touched[nt] = r; touchedW[nt] = weights[e]!; nt++; }
    }
    let maxGain = 0;
    for (let j = 0; j < nt; j++) {
      const r = touched[j]!;
      const kr = refK[r]!;
      const gain = touchedW[j]! - scale * kv * kr;
      chance[j] = refOut[r]! >= scale * kr * (kc - kr) && gain >= 0 ? gain : -1;
      if (gain > maxGain && chance[j]! >= 0) maxGain = gain;
    }
    // staying alone gains 0; weights are shifted by maxGain so exp() cannot overflow
    let total = Math.exp(-maxGain / THETA);
    for (let j = 0; j < nt; j++) {
      if (chance[j]! < 0) { chance[j] = 0; continue; }
      chance[j] = Math.exp((chance[j]! - maxGain) / THETA);
      total += chance[j]!;
    }
    let pick = random() * total - Math.exp(-maxGain / THETA);
    let chosen = -1;
    for (let j = 0; j < nt && pick >= 0; j++) {
      if (chance[j] === 0) continue;
      chosen = j;
      pick -= chance[j]!;
    }
    for (let j = 0; j < nt; j++) slot[touched[j]!] = -1;
    if (chosen < 0) continue;
    const r = touched[chosen]!;
    ref[v] = r;
    refSize[r]!++;
    refSize[v] = 0;
    refK[r]! += kv;
    refOut[r]! += refOut[v]! - 2 * touchedW[chosen]!;
  }
  return ref;
}

/**
 * Splits any community that is not connected into its connected parts, renumbering by first
 * node. Splitting apart two parts with no tie between them never lowers modularity. Leiden's
 * refinement already guarantees connected communities; this keeps the promise even in the
 * degenerate case where refinement merged nothing and the level was aggregated unrefined.
 */
function splitDisconnected(g: CompactGraph, membership: Int32Array): void {
  const n = g.n;
  const part = new Int32Array(n).fill(-1);
  const stack = new Int32Array(Math.max(1, n));
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (part[s] !== -1) continue;
    const c = membership[s]!;
    part[s] = count;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const v = stack[--top]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (part[u] === -1 && membership[u] === c) { part[u] = count; stack[top++] = u; }
      }
    }
    count++;
  }
  membership.set(part);
}
