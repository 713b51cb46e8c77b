/**
 * The shape of a (damaged) network, as a disruption plan reports it before and after: nodes,
 * ties, components, key-player fragmentation F, distance-weighted fragmentation D_F and the
 * source → target flow. This is THE measure: the planner compares its final sets with the same
 * functions, so what it reports as better is better in the numbers it reports.
 */
import { AriadneError } from '@ariadne/schema';
import type { CompactGraph } from '../compact-graph.ts';
import { vertexFlow } from '../max-flow.ts';
import { formatCount } from '../rank-nodes.ts';
import { throwIfCancelled, type RunOptions } from '../run-options.ts';
import type { NetworkShape } from '../types.ts';
import { inverseDistanceSum, sampleSources } from './distance-sums.ts';

/** up to this many remaining nodes, D_F is exact (a BFS from every node) */
export const EXACT_DISTANCE_LIMIT = 3000;
export const DEFAULT_DISTANCE_SAMPLES = 256;

export interface RoleNodes {
  readonly sources: ArrayLike<number>;
  readonly targets: ArrayLike<number>;
}

export type ShapeOptions = RunOptions & { readonly distanceSamples?: number };

/**
 * Nodes, ties, components, F, D_F and (with roles) the source → target flow of `g` without the
 * nodes marked in `removed`.
 * @example networkShape(g, removed, { sources: recruiters, targets: buyers })
 */
export function networkShape(g: CompactGraph, removed?: Uint8Array, roles?: RoleNodes, opts: ShapeOptions = {}): NetworkShape {
  throwIfCancelled(opts.signal);
  const mask = maskOf(g, removed);
  const samples = distanceSamplesOf(opts);
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
  for (const s of sizes) if (s > largest) largest = s;
  return {
    nodes,
    edges: slots / 2,
    components: sizes.length,
    largestComponent: largest,
    fragmentation: fragmentationOf(sumPairs(sizes), nodes, nodes < g.n),
    distanceFragmentation: distanceFragmentation(g, mask, samples, opts.signal),
    flow: roles ? vertexFlow(g, roles.sources, roles.targets, mask).flow : null,
  };
}

/** "exact" or "estimated from 256 sources", as the explanation says how D_F was computed. */
export function distanceMethod(remaining: number, samples = DEFAULT_DISTANCE_SAMPLES): string {
  return remaining <= EXACT_DISTANCE_LIMIT || samples >= remaining ? 'exact' : `estimated from ${formatCount(samples)} sources`;
}

/** `distanceSamples` of the options, checked (default 256). */
export function distanceSamplesOf(opts: { readonly distanceSamples?: number }): number {
  const samples = opts.distanceSamples ?? DEFAULT_DISTANCE_SAMPLES;
  if (!Number.isInteger(samples) || samples < 1) throw new AriadneError('VALIDATION_FAILED', `distanceSamples must be a positive integer, got ${samples}.`, { details: { distanceSamples: 'must be a positive integer' } });
  return samples;
}

/** `removed` as a mask of exactly n entries (absent: nothing removed). */
export function maskOf(g: CompactGraph, removed: Uint8Array | undefined): Uint8Array {
  if (!removed) return new Uint8Array(g.n);
  if (removed.length === g.n) return removed;
  const mask = new Uint8Array(g.n);
  mask.set(removed.subarray(0, g.n));
  return mask;
}

/**
 * F = 1 − pairs / (r(r − 1)) over the r remaining nodes. With fewer than two nodes left there are
 * no pairs: 1 if nodes were removed (nothing is left connected), 0 for a graph that never had two.
 */
export function fragmentationOf(pairs: number, remaining: number, removedAny: boolean): number {
  if (remaining < 2) return removedAny ? 1 : 0;
  return 1 - pairs / (remaining * (remaining - 1));
}

export function sumPairs(sizes: readonly number[]): number {
  let p = 0;
  for (const s of sizes) p += s * (s - 1);
  return p;
}

/** Sizes of the components of `g` without the removed nodes. */
export function componentSizes(g: CompactGraph, removed: Uint8Array): number[] {
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

/**
 * D_F of the remaining graph as reported: exact (every remaining node a source) up to
 * EXACT_DISTANCE_LIMIT remaining nodes, otherwise from the first `samples` remaining nodes of a
 * fixed seeded order.
 */
export function distanceFragmentation(g: CompactGraph, removed: Uint8Array, samples: number, signal?: AbortSignal): number {
  let remaining = 0;
  for (let v = 0; v < g.n; v++) if (!removed[v]) remaining++;
  if (remaining < 2) return remaining < g.n ? 1 : 0;
  const sources = sampleSources(g, removed, remaining <= EXACT_DISTANCE_LIMIT ? remaining : Math.min(samples, remaining));
  return 1 - inverseDistanceSum(g, removed, sources, signal) / (sources.length * (remaining - 1));
}

/**
 * Source–target pairs (two different nodes) that can still reach each other: Σ over components of
 * sources × targets, less the nodes that are both (a node does not pair with itself).
 */
export function connectedRolePairs(g: CompactGraph, removed: Uint8Array, roles: RoleNodes): number {
  const isSrc = new Uint8Array(g.n);
  const isTgt = new Uint8Array(g.n);
  for (let i = 0; i < roles.sources.length; i++) isSrc[roles.sources[i]!] = 1;
  for (let i = 0; i < roles.targets.length; i++) isTgt[roles.targets[i]!] = 1;
  const seen = new Uint8Array(g.n);
  const stack = new Int32Array(Math.max(1, g.n));
  let pairs = 0;
  for (let r = 0; r < g.n; r++) {
    if (seen[r] || removed[r]) continue;
    let top = 0;
    let s = 0;
    let t = 0;
    let both = 0;
    stack[top++] = r;
    seen[r] = 1;
    while (top > 0) {
      const v = stack[--top]!;
      s += isSrc[v]!;
      t += isTgt[v]!;
      both += isSrc[v]! & isTgt[v]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (!seen[u] && !removed[u]) { seen[u] = 1; stack[top++] = u; }
      }
    }
    pairs += s * t - both;
  }
  return pairs;
}
