/**
 * Sums of inverse distances, the raw material of distance-weighted fragmentation: which sources
 * are sampled, and Σ 1/d from them over the graph without the removed nodes.
 */
import type { CompactGraph } from '../compact-graph.ts';
import { throwIfCancelled } from '../run-options.ts';
import { seededRandom } from '../seeded-random.ts';

const SAMPLE_SEED = 0x5eed;
const orderCache = new WeakMap<CompactGraph, Int32Array>();

/** A fixed pseudo-random order of the nodes: the first s not removed are the sampled sources, so
 * every set a plan measures is measured from (nearly) the same sources and differences are real. */
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

/** The first `count` nodes of the sampling order that are not removed. */
export function sampleSources(g: CompactGraph, removed: Uint8Array, count: number): Int32Array {
  const order = samplingOrder(g);
  const out = new Int32Array(Math.max(0, Math.min(count, g.n)));
  let k = 0;
  for (let i = 0; i < order.length && k < out.length; i++) if (!removed[order[i]!]) out[k++] = order[i]!;
  return out.subarray(0, k);
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
export function inverseDistanceSum(g: CompactGraph, removed: Uint8Array, sources: Int32Array, signal?: AbortSignal): number {
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
