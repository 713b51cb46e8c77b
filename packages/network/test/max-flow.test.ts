import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactGraph } from '../src/compact-graph.ts';
import { maxVertexDisjointPaths, vertexFlow } from '../src/max-flow.ts';

/** Undirected graph from "a-b" pairs. */
function graph(n: number, edges: string): ReturnType<typeof compactGraph> {
  const pairs = edges.trim().split(/\s+/).filter(Boolean).map((e) => e.split('-').map(Number) as [number, number]);
  return compactGraph(n, pairs.map((p) => p[0]), pairs.map((p) => p[1]));
}

test('two disjoint routes give flow 2 and the two intermediaries as the cut', () => {
  // 0 → 1 → 3 and 0 → 2 → 3: the routes share only their ends
  const g = graph(4, '0-1 0-2 1-3 2-3');
  const { flow, cut } = maxVertexDisjointPaths(g, [0], [3]);
  assert.equal(flow, 2);
  assert.deepEqual([...cut], [1, 2]);
});

test('a bottleneck node carries every route', () => {
  // 0 → {1, 2} → 3 → 4 → 5: both branches meet at 3, so one route at a time gets through
  const g = graph(6, '0-1 0-2 1-3 2-3 3-4 4-5');
  const f = vertexFlow(g, [0], [5]);
  assert.equal(f.flow, 1);
  assert.equal(f.cut.length, 1);
  assert.ok(f.cut[0] === 3 || f.cut[0] === 4);
  // 3 and 4 are each a whole minimum cut; 1 and 2 are not (the other branch survives)
  assert.deepEqual([...f.critical()], [0, 0, 0, 1, 1, 0]);
});

test('the Petersen graph has three node-disjoint paths between non-adjacent nodes', () => {
  // outer 5-cycle 0..4, spokes i–(i+5), inner pentagram 5-7-9-6-8-5; vertex connectivity 3 and
  // degree 3, so the flow between two non-adjacent nodes (0 and 2) is exactly 3
  const g = graph(10, '0-1 1-2 2-3 3-4 4-0 0-5 1-6 2-7 3-8 4-9 5-7 7-9 9-6 6-8 8-5');
  const { flow, cut } = maxVertexDisjointPaths(g, [0], [2]);
  assert.equal(flow, 3);
  assert.equal(cut.length, 3);
  assert.ok(!cut.includes(0) && !cut.includes(2));
});

test('sets of sources and targets: paths may share their ends but no intermediary', () => {
  // sources 0, 1; targets 5, 6; every route passes 2 or 3 or 4, and 4 only leads to 3
  const g = graph(7, '0-2 1-2 0-3 1-4 4-3 2-5 3-6');
  const { flow, cut } = maxVertexDisjointPaths(g, [0, 1], [5, 6]);
  assert.equal(flow, 2);
  assert.deepEqual([...cut], [2, 3]);
});

test('a direct source–target tie is one route that only removing an end can cut', () => {
  // source 0 tied directly to targets 1 and 2: two routes, both ending at 0; cutting 0 ends both
  const g = graph(3, '0-1 0-2');
  const { flow, cut } = maxVertexDisjointPaths(g, [0], [1, 2]);
  assert.equal(flow, 2);
  assert.deepEqual([...cut], [0]);
});

test('a node that is both a source and a target is a route of its own and always cut', () => {
  // 1 is on both sides; 0 → 2 → 3 is another route
  const g = graph(4, '0-1 0-2 2-3');
  const { flow, cut } = maxVertexDisjointPaths(g, [0, 1], [1, 3]);
  assert.equal(flow, 2);
  assert.deepEqual([...cut], [1, 2]);
});

test('no path between the sets, or an empty set, gives flow 0 and an empty cut', () => {
  const g = graph(4, '0-1 2-3');
  assert.deepEqual(maxVertexDisjointPaths(g, [0], [3]), { flow: 0, cut: new Int32Array(0) });
  assert.deepEqual(maxVertexDisjointPaths(g, [], [3]), { flow: 0, cut: new Int32Array(0) });
  const empty = compactGraph(0, [], []);
  assert.equal(maxVertexDisjointPaths(empty, [], []).flow, 0);
});

test('removed nodes are out of the network', () => {
  const g = graph(4, '0-1 0-2 1-3 2-3');
  const removed = new Uint8Array(4);
  removed[1] = 1;
  assert.equal(maxVertexDisjointPaths(g, [0], [3], removed).flow, 1);
  removed[0] = 1; // the only source gone
  assert.equal(maxVertexDisjointPaths(g, [0], [3], removed).flow, 0);
});

test('self-loops and parallel edges add no route', () => {
  // 0-1 three times, loops on 1 and 3: still one route 0 → 1 → 3
  const g = compactGraph(4, [0, 0, 1, 1, 1, 3], [1, 1, 0, 1, 3, 3]);
  assert.deepEqual(maxVertexDisjointPaths(g, [0], [3]), { flow: 1, cut: Int32Array.from([1]) });
});

test('a node number outside the graph is refused', () => {
  const g = graph(2, '0-1');
  assert.throws(() => maxVertexDisjointPaths(g, [0], [2]), RangeError);
  assert.throws(() => maxVertexDisjointPaths(g, [-1], [1]), RangeError);
});

test('a hub with 100,000 leaves between the two halves of its leaves: one route, the hub is the cut', () => {
  const leaves = 100_000;
  const src = new Int32Array(leaves);
  const dst = new Int32Array(leaves);
  for (let i = 0; i < leaves; i++) { src[i] = 0; dst[i] = i + 1; }
  const g = compactGraph(leaves + 1, src, dst);
  const sources = Array.from({ length: leaves / 2 }, (_, i) => i + 1);
  const targets = Array.from({ length: leaves / 2 }, (_, i) => leaves / 2 + i + 1);
  const { flow, cut } = maxVertexDisjointPaths(g, sources, targets);
  assert.equal(flow, 1);
  assert.deepEqual([...cut], [0]);
});

test('removing the cut always leaves no route (random graphs, against a brute-force minimum)', () => {
  // Small random graphs without direct source–target ties: the flow must equal the size of the
  // smallest separating set of intermediaries, found by trying every subset.
  let seed = 42;
  const random = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const reaches = (g: ReturnType<typeof compactGraph>, from: number[], to: Set<number>, removed: Uint8Array): boolean => {
    const seen = new Uint8Array(g.n);
    const stack = from.filter((v) => !removed[v]);
    for (const v of stack) seen[v] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      if (to.has(v)) return true;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (!seen[u] && !removed[u]) { seen[u] = 1; stack.push(u); }
      }
    }
    return false;
  };
  for (let trial = 0; trial < 200; trial++) {
    const n = 4 + Math.floor(random() * 6);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 2 * n; i++) { a.push(Math.floor(random() * n)); b.push(Math.floor(random() * n)); }
    const g = compactGraph(n, a, b);
    const sources = [0];
    const targets = [n - 1];
    if (g.neighbours.subarray(g.offsets[0]!, g.offsets[1]!).includes(n - 1)) continue;
    const { flow, cut } = maxVertexDisjointPaths(g, sources, targets);
    const removed = new Uint8Array(n);
    for (const v of cut) removed[v] = 1;
    assert.equal(reaches(g, sources, new Set(targets), removed), false);
    const middle = Array.from({ length: n - 2 }, (_, i) => i + 1);
    let best = Infinity;
    for (let mask = 0; mask < 1 << middle.length; mask++) {
      const chosen = middle.filter((_, i) => mask & (1 << i));
      if (chosen.length >= best) continue;
      const r = new Uint8Array(n);
      for (const v of chosen) r[v] = 1;
      if (!reaches(g, sources, new Set(targets), r)) best = chosen.length;
    }
    assert.equal(flow, best, `trial ${trial}`);
    assert.equal(cut.length, best);
  }
});
