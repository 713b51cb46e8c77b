/**
 * The shape of a network as an investigator reads it: how many separate groups it falls into,
 * its dense centre (the highest k-core), the single subjects whose arrest splits a group
 * (articulation points) and the single ties whose cutting does (bridges).
 *
 * Everything runs on the CompactGraph with explicit stacks, never recursion: a chain of a million
 * nodes is a million-deep DFS. graphology's k-core and bridge helpers are neither iterative nor
 * typed-array based, hence our own.
 *
 * Parallel ties are merged in the CompactGraph, so two payments between the same two people are
 * one edge here, and that edge is a bridge when it is the only link between two parts. That is
 * what investigators want: cutting the tie means stopping the relationship, not one payment.
 */
import { AriadneError } from '@ariadne/schema';
import { components, degreeOf, type CompactGraph } from './compact-graph.ts';
import { edgeBetween, tiePhrase } from './paths.ts';
import { formatCount as fmt, rankNodes } from './rank-nodes.ts';
import { throwIfCancelled, ticker, type RunOptions } from './run-options.ts';
import type { IndexedNetwork, RankedNode, StructureResult } from './types.ts';

const DEFAULT_TOP = 20;
const MAX_TOP = 1000;
/** component sizes the report lists */
const SIZES_SHOWN = 20;

const plural = (x: number, one: string, many = `${one}s`): string => `${fmt(x)} ${x === 1 ? one : many}`;

/**
 * Core number of every node (Batagelj & Zaversnik 2003, O(m)): the largest k such that the node
 * belongs to a subgraph where everyone has at least k ties inside it. Nodes are peeled in order
 * of remaining degree with bucket arrays, no priority queue.
 */
export function coreness(g: CompactGraph, opts?: RunOptions): Int32Array {
  throwIfCancelled(opts?.signal);
  const { n, offsets, neighbours } = g;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    deg[v] = offsets[v + 1]! - offsets[v]!;
    if (deg[v]! > maxDeg) maxDeg = deg[v]!;
  }
  // bin[d] = first position in `vert` of the nodes with current degree d
  const bin = new Int32Array(maxDeg + 1);
  for (let v = 0; v < n; v++) bin[deg[v]!]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) { const c = bin[d]!; bin[d] = start; start += c; }
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  for (let v = 0; v < n; v++) { pos[v] = bin[deg[v]!]!; vert[pos[v]!] = v; bin[deg[v]!]!++; }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1]!;
  bin[0] = 0;
  const tick = ticker(opts, n);
  for (let i = 0; i < n; i++) {
    tick(i);
    const v = vert[i]!;
    const dv = deg[v]!;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      const du = deg[u]!;
      if (du <= dv) continue;
      // move u to the front of its bucket, then shrink the bucket past it: u's degree drops by one
      const pu = pos[u]!;
      const pw = bin[du]!;
      const w = vert[pw]!;
      if (u !== w) { pos[u] = pw; vert[pu] = w; pos[w] = pu; vert[pw] = u; }
      bin[du]!++;
      deg[u] = du - 1;
    }
  }
  tick.done();
  return deg;
}

/**
 * What one depth-first pass (Hopcroft–Tarjan lowpoints) tells about cuts. For an articulation
 * point v, removing it leaves the DFS subtrees of its children that cannot climb above v, plus the
 * rest of its component; all sizes come from subtree sizes, so every node's effect is known
 * without removing any.
 */
interface Cuts {
  readonly disc: Int32Array;
  readonly low: Int32Array;
  /** DFS parent, -1 for a root */
  readonly parent: Int32Array;
  /** DFS subtree size */
  readonly size: Int32Array;
  /** size of the node's connected component */
  readonly compSize: Int32Array;
  /** parts the component falls into without the node (0 when it is no articulation point) */
  readonly parts: Int32Array;
  /** nodes cut off from the largest remaining part when the node is removed (-1: not a cut point) */
  readonly cutOff: Int32Array;
}

function findCuts(g: CompactGraph, opts?: RunOptions): Cuts {
  throwIfCancelled(opts?.signal);
  const { n, offsets, neighbours } = g;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const size = new Int32Array(n);
  const compSize = new Int32Array(n);
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  const order = new Int32Array(n);
  // per node, over the children whose subtree cannot climb above it: how many, total and largest size
  const sepCount = new Int32Array(n);
  const sepSum = new Int32Array(n);
  const sepMax = new Int32Array(n);
  const tick = ticker(opts, n);
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    const first = time;
    let top = 0;
    stack[top++] = root;
    disc[root] = low[root] = time; order[time++] = root;
    size[root] = 1;
    cursor[root] = offsets[root]!;
    while (top > 0) {
      const v = stack[top - 1]!;
      if (cursor[v]! < offsets[v + 1]!) {
        const u = neighbours[cursor[v]!++]!;
        if (disc[u] === -1) {
          tick(time);
          parent[u] = v;
          disc[u] = low[u] = time; order[time++] = u;
          size[u] = 1;
          cursor[u] = offsets[u]!;
          stack[top++] = u;
        } else if (u !== parent[v] && disc[u]! < low[v]!) {
          // the graph is simple, so skipping the parent node skips exactly the tree edge
          low[v] = disc[u]!;
        }
        continue;
      }
      top--;
      const p = parent[v]!;
      if (p < 0) continue;
      if (low[v]! < low[p]!) low[p] = low[v]!;
      size[p]! += size[v]!;
      if (low[v]! >= disc[p]!) {
        sepCount[p]!++;
        sepSum[p]! += size[v]!;
        if (size[v]! > sepMax[p]!) sepMax[p] = size[v]!;
      }
    }
    const total = time - first;
    for (let i = first; i < time; i++) compSize[order[i]!] = total;
  }
  const parts = new Int32Array(n);
  const cutOff = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    const isRoot = parent[v] === -1;
    // a root is a cut point with two or more DFS children, any other node with one separated child
    if (sepCount[v]! < (isRoot ? 2 : 1)) continue;
    const others = compSize[v]! - 1;
    const rest = others - sepSum[v]!;
    parts[v] = sepCount[v]! + (rest > 0 ? 1 : 0);
    cutOff[v] = others - Math.max(rest, sepMax[v]!);
  }
  tick.done();
  return { disc, low, parent, size, compSize, parts, cutOff };
}

/** Articulation points (cut vertices): nodes whose removal splits their component. Sorted. */
export function articulationPoints(g: CompactGraph, opts?: RunOptions): Int32Array {
  const { cutOff } = findCuts(g, opts);
  let count = 0;
  for (let v = 0; v < g.n; v++) if (cutOff[v]! >= 0) count++;
  const out = new Int32Array(count);
  for (let v = 0, i = 0; v < g.n; v++) if (cutOff[v]! >= 0) out[i++] = v;
  return out;
}

/** Bridges: edges whose removal splits their component, as [u, v] with u < v, sorted. */
export function bridges(g: CompactGraph, opts?: RunOptions): Array<[number, number]> {
  const { disc, low, parent } = findCuts(g, opts);
  const bridgeAbove = (c: number): boolean => parent[c]! >= 0 && low[c]! > disc[parent[c]!]!;
  // walking the ascending rows from the smaller end yields the pairs already sorted
  const out: Array<[number, number]> = [];
  for (let u = 0; u < g.n; u++) {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const v = g.neighbours[e]!;
      if (v > u && ((parent[v] === u && bridgeAbove(v)) || (parent[u] === v && bridgeAbove(u)))) out.push([u, v]);
    }
  }
  return out;
}

/**
 * The `top` best of `count` candidates without sorting them all (a forest of a million nodes has a
 * million bridges): a bounded min-heap, `better(a, b)` true when a ranks before b.
 */
function topCandidates(count: number, top: number, better: (a: number, b: number) => boolean): number[] {
  const heap: number[] = [];
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && better(heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let c = 0; c < count; c++) {
    if (heap.length < top) {
      heap.push(c);
      for (let i = heap.length - 1; i > 0;) {
        const up = (i - 1) >> 1;
        if (!better(heap[up]!, heap[i]!)) break;
        [heap[i], heap[up]] = [heap[up]!, heap[i]!];
        i = up;
      }
    } else if (top > 0 && better(c, heap[0]!)) {
      heap[0] = c;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/**
 * 1-based competition ranks over values already in ranking order: ties share the lower rank, as
 * in rank-nodes.ts. The core list ranks itself because it breaks ties by degree (rankNodes breaks
 * them by node number): a 500-member core cut to 20 should show its best-connected members.
 */
function ranks(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(i > 0 && values[i] === values[i - 1] ? out[i - 1]! : i + 1);
  return out;
}

/** spreads one phase's progress over its share of the whole report */
function phase(opts: RunOptions | undefined, index: number, of: number): RunOptions {
  const report = opts?.onProgress;
  return {
    ...(opts?.signal ? { signal: opts.signal } : {}),
    ...(report ? { onProgress: (done: number, total: number) => report(index * total + done, of * total) } : {}),
  };
}

/**
 * The structure analysis as the API and CLI run it: components, the densest core, the cut points
 * ranked by how much they cut off, and the bridges ranked by the size of their smaller side.
 */
export function structureReport(net: IndexedNetwork, opts?: RunOptions & { top?: number }): StructureResult {
  const top = opts?.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw new AriadneError('VALIDATION_FAILED', `top must be a whole number from 1 to ${fmt(MAX_TOP)} (got ${String(top)}).`, { details: { top: `must be a whole number from 1 to ${fmt(MAX_TOP)}` } });
  }
  throwIfCancelled(opts?.signal);
  const g = net.graph;
  const nodes = net.network.nodes;
  const n = g.n;

  const comps = components(g);
  const sizes = [...comps.sizes].sort((a, b) => b - a);
  const largest = sizes[0] ?? 0;

  const core = coreness(g, phase(opts, 0, 2));
  let maxCore = 0;
  for (let v = 0; v < n; v++) if (core[v]! > maxCore) maxCore = core[v]!;
  const inMaxCore = core.reduce((c, k) => (k === maxCore ? c + 1 : c), 0);
  // a 1-core is just "has a tie": only a 2-core or denser is a centre worth naming
  const coreNodes = maxCore < 2 ? [] : topCandidates(n, top, (a, b) => core[a]! > core[b]! || (core[a] === core[b] && (degreeOf(g, a) > degreeOf(g, b) || (degreeOf(g, a) === degreeOf(g, b) && a < b)))).filter((v) => core[v]! >= 2);
  const coreRanks = ranks(coreNodes.map((v) => core[v]!));
  const coreList: RankedNode[] = coreNodes.map((v, i) => {
    const k = core[v]!;
    const explanation = k === maxCore
      ? `in the ${k}-core: each of its ${fmt(inMaxCore)} members is tied to at least ${k} others of the core — the network's dense centre`
      : `in the ${k}-core: tied to at least ${k} others who are themselves that well connected (the densest core is the ${maxCore}-core)`;
    return { ...nodeFields(net, v), value: k, rank: coreRanks[i]!, explanation };
  });

  const cuts = findCuts(g, phase(opts, 1, 2));
  let apCount = 0;
  for (let v = 0; v < n; v++) if (cuts.cutOff[v]! >= 0) apCount++;
  const apList = rankNodes(net, cuts.cutOff, top, (cut, rank, count, v) =>
    `removing it splits its group of ${fmt(cuts.compSize[v]!)} into ${fmt(cuts.parts[v]!)} parts and cuts ${plural(cut, 'subject')} off from the largest remaining part (rank ${rank} of ${fmt(count)} cut points)`,
  (cut) => cut >= 0);

  // a bridge is the tree edge above child c when c's subtree cannot climb past its parent
  const { disc, low, parent, size, compSize } = cuts;
  const isBridge = (c: number): boolean => parent[c]! >= 0 && low[c]! > disc[parent[c]!]!;
  const smallerSide = (c: number): number => Math.min(size[c]!, compSize[c]! - size[c]!);
  let bridgeCount = 0;
  for (let c = 0; c < n; c++) if (isBridge(c)) bridgeCount++;
  const between = edgeBetween(net);
  const bridgeList = topCandidates(n, top, (a, b) => {
    const ba = isBridge(a);
    if (ba !== isBridge(b)) return ba;
    const sa = ba ? smallerSide(a) : 0;
    const sb = ba ? smallerSide(b) : 0;
    return sa > sb || (sa === sb && a < b);
  }).filter(isBridge).map((c) => {
    const p = parent[c]!;
    const edge = between(p, c);
    const cutOff = smallerSide(c);
    // name the subject on the smaller side: that is the part the cut isolates
    const [near, far] = size[c]! <= compSize[c]! - size[c]! ? [c, p] : [p, c];
    const explanation = `the only tie between ${nodes[far]!.caption} and ${nodes[near]!.caption} (${tiePhrase(edge)}): cutting it separates ${plural(cutOff, 'subject')} on ${nodes[near]!.caption}'s side from the other ${fmt(compSize[c]! - cutOff)}`;
    return { source: edge.source, target: edge.target, edge: edge.id, cutOff, explanation };
  });

  return {
    components: { count: comps.count, largest, sizes: sizes.slice(0, SIZES_SHOWN) },
    core: coreList,
    maxCore,
    articulationPoints: apList,
    bridges: bridgeList,
    explanation: summary({ n, m: g.m, count: comps.count, largest, maxCore, inMaxCore, apCount, bridgeCount, ap: apList[0], bridge: bridgeList[0] }),
  };
}

function nodeFields(net: IndexedNetwork, v: number): { id: string; caption: string; schema: string } {
  const node = net.network.nodes[v]!;
  return { id: node.id, caption: node.caption, schema: node.schema };
}

function summary(s: { n: number; m: number; count: number; largest: number; maxCore: number; inMaxCore: number; apCount: number; bridgeCount: number; ap: RankedNode | undefined; bridge: { cutOff: number; explanation: string } | undefined }): string {
  if (s.n === 0) return 'The network is empty: there is no structure to describe.';
  const parts: string[] = [];
  const share = Math.round((100 * s.largest) / s.n);
  parts.push(s.count === 1
    ? `The network's ${plural(s.n, 'subject')} and ${plural(s.m, 'tie')} form one connected group.`
    : `The network's ${plural(s.n, 'subject')} and ${plural(s.m, 'tie')} fall into ${fmt(s.count)} separate groups; the largest holds ${fmt(s.largest)} (${share}%).`);
  parts.push(s.maxCore >= 2
    ? `Its dense centre is the ${s.maxCore}-core: ${plural(s.inMaxCore, 'subject')}, each tied to at least ${s.maxCore} others of it.`
    : s.m > 0 ? 'It has no dense centre: no ties form a cycle, so every tie is the only link between two parts.' : 'No subject has any tie.');
  parts.push(s.ap
    ? `${plural(s.apCount, 'subject is a cut point', 'subjects are cut points')}, whose removal alone splits a group; the most critical, ${s.ap.caption}, cuts ${plural(s.ap.value, 'subject')} off from the largest remaining part.`
    : 'No single subject\'s removal splits any group.');
  if (s.bridge) parts.push(`${plural(s.bridgeCount, 'tie is a bridge', 'ties are bridges')}, the sole link between two parts; the most critical is ${s.bridge.explanation}.`);
  else if (s.m > 0) parts.push('No single tie\'s cutting splits any group.');
  parts.push('Repeated ties between the same two subjects count as one.');
  return parts.join(' ');
}
