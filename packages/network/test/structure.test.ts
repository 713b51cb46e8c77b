import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactGraph } from '../src/compact-graph.ts';
import { articulationPoints, bridges, coreness, structureReport } from '../src/structure.ts';
import type { IndexedNetwork, NetworkEdge, NetworkNode } from '../src/types.ts';

type Tie = readonly [number, number, Partial<NetworkEdge>?];
const ROLES = Object.freeze(['schema:Person']);
const SOURCES = Object.freeze(['test']);

/** An IndexedNetwork of nodes n0..n{count-1} ("Person i" unless captioned) and ties e0, e1, … */
function network(count: number, ties: readonly Tie[], captions: Readonly<Record<number, string>> = {}): IndexedNetwork {
  const nodes: NetworkNode[] = [];
  for (let i = 0; i < count; i++) nodes.push({ id: `n${i}`, schema: 'Person', caption: captions[i] ?? `Person ${i}`, roles: ROLES, caseId: null });
  const edges: NetworkEdge[] = ties.map(([s, t, extra], i) => ({
    id: `e${i}`, source: `n${s}`, target: `n${t}`, type: 'Associate', kind: 'associate', label: 'associate', directed: false,
    start: null, end: null, sources: SOURCES, weight: 1, ...extra,
  }));
  const graph = compactGraph(count, ties.map((x) => x[0]), ties.map((x) => x[1]));
  const index = new Map(nodes.map((x, i) => [x.id, i]));
  return { network: { nodes, edges, stats: { entities: count, relations: ties.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } }, graph, index };
}

const graphOf = (n: number, ties: readonly Tie[]) => compactGraph(n, ties.map((x) => x[0]), ties.map((x) => x[1]));
const aborted = (): AbortSignal => { const c = new AbortController(); c.abort(); return c.signal; };
const isCode = (code: string) => (e: unknown): boolean => (e as { code?: string }).code === code;

// path n0-n1-n2-n3-n4
const path5: Tie[] = [[0, 1], [1, 2], [2, 3], [3, 4]];
// triangles n0-n1-n2 and n3-n4-n5, joined by the tie n2-n3
const twoTriangles: Tie[] = [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [2, 3]];
// K4 on n0..n3 and a pendant n4 tied to n0
const k4Pendant: Tie[] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [0, 4]];

test('a path: the inner nodes are the cut points and every tie is a bridge', () => {
  const g = graphOf(5, path5);
  assert.deepEqual([...articulationPoints(g)], [1, 2, 3]);
  assert.deepEqual(bridges(g), [[0, 1], [1, 2], [2, 3], [3, 4]]);
  assert.deepEqual([...coreness(g)], [1, 1, 1, 1, 1]);
});

test('two triangles joined by one tie: that tie is the only bridge, its ends the only cut points', () => {
  const g = graphOf(6, twoTriangles);
  assert.deepEqual(bridges(g), [[2, 3]]);
  assert.deepEqual([...articulationPoints(g)], [2, 3]);
  assert.deepEqual([...coreness(g)], [2, 2, 2, 2, 2, 2]); // each triangle is a 2-core, nothing denser
});

test('coreness of K4 plus a pendant: 3 for the clique, 1 for the pendant', () => {
  const g = graphOf(5, k4Pendant);
  assert.deepEqual([...coreness(g)], [3, 3, 3, 3, 1]);
  assert.deepEqual([...articulationPoints(g)], [0]);
  assert.deepEqual(bridges(g), [[0, 4]]);
});

test('a doubled tie is still a bridge when it is the only link; self-loops change nothing', () => {
  // n0=n1 twice (two payments), n1 self-loop, n1-n2, and a triangle n2-n3-n4
  const g = graphOf(5, [[0, 1], [1, 0], [1, 1], [1, 2], [2, 3], [3, 4], [4, 2]]);
  assert.deepEqual(bridges(g), [[0, 1], [1, 2]]);
  assert.deepEqual([...articulationPoints(g)], [1, 2]);
  assert.deepEqual([...coreness(g)], [1, 1, 2, 2, 2]);
});

test('a chain of 1,000,000 nodes: no stack overflow', () => {
  const n = 1_000_000;
  const src = new Int32Array(n - 1);
  const dst = new Int32Array(n - 1);
  for (let i = 0; i < n - 1; i++) { src[i] = i; dst[i] = i + 1; }
  const g = compactGraph(n, src, dst);
  const ap = articulationPoints(g);
  assert.equal(ap.length, n - 2);
  assert.equal(ap[0], 1);
  assert.equal(ap[n - 3], n - 2);
  const b = bridges(g);
  assert.equal(b.length, n - 1);
  assert.deepEqual(b[n - 2], [n - 2, n - 1]);
  assert.equal(Math.max(...coreness(g).subarray(0, 1000)), 1);
});

test('the report ranks cut points by how many they cut off from the largest remaining part', () => {
  // path n0..n4: removing n2 leaves {n0,n1} and {n3,n4} → 2 cut off; n1 or n3 cut off 1 node.
  const report = structureReport(network(5, path5));
  assert.deepEqual(report.articulationPoints.map((x) => [x.id, x.value, x.rank]), [['n2', 2, 1], ['n1', 1, 2], ['n3', 1, 2]]);
  assert.equal(report.articulationPoints[0]!.explanation, 'removing it splits its group of 5 into 2 parts and cuts 2 subjects off from the largest remaining part (rank 1 of 3 cut points)');
  // bridges by the smaller side: n1-n2 and n2-n3 leave 2 on the small side, the end ties 1
  assert.deepEqual(report.bridges.map((x) => [x.edge, x.cutOff]), [['e1', 2], ['e2', 2], ['e0', 1], ['e3', 1]]);
  assert.deepEqual(report.components, { count: 1, largest: 5, sizes: [5] });
  assert.equal(report.maxCore, 1);
  assert.deepEqual(report.core, []); // a path has no dense centre
});

test('a cut point away from the DFS root: parts below it and the rest above it', () => {
  // 4-cycle n0-n1-n2-n3-n0; n2 also holds the chain n2-n4-n5 and the pendant n6.
  // Removing n2 leaves {n0,n1,n3} (3), {n4,n5} (2), {n6} (1): 3 parts, 6 - 3 = 3 cut off.
  // Removing n4 leaves {n5} and the other 5: 2 parts, 1 cut off.
  const net = network(7, [[0, 1], [1, 2], [2, 3], [3, 0], [2, 4], [4, 5], [2, 6]]);
  const report = structureReport(net);
  assert.deepEqual(report.articulationPoints.map((x) => [x.id, x.value]), [['n2', 3], ['n4', 1]]);
  assert.match(report.articulationPoints[0]!.explanation, /splits its group of 7 into 3 parts and cuts 3 subjects off/);
  assert.deepEqual(report.bridges.map((x) => [x.source, x.target, x.cutOff]), [['n2', 'n4', 2], ['n4', 'n5', 1], ['n2', 'n6', 1]]);
  assert.equal(report.maxCore, 2);
  assert.deepEqual(report.core.map((x) => x.id), ['n2', 'n0', 'n1', 'n3']); // the 2-core is the cycle; n2 has most ties
});

test('the report names the dense centre and the bridge between two groups', () => {
  const captions = { 2: 'Recruiter A', 3: 'Broker B' };
  const ties: Tie[] = twoTriangles.map(([s, t]): Tie => (s === 2 && t === 3 ? [s, t, { type: 'Payment', kind: 'payment', label: 'paid' }] : [s, t]));
  const report = structureReport(network(6, ties, captions));
  assert.deepEqual(report.bridges, [{
    source: 'n2', target: 'n3', edge: 'e6', cutOff: 3,
    // equal sides (3 and 3): the side named is the DFS child's, n3
    explanation: 'the only tie between Recruiter A and Broker B (a payment): cutting it separates 3 subjects on Broker B\'s side from the other 3',
  }]);
  assert.deepEqual(report.articulationPoints.map((x) => [x.caption, x.value]), [['Recruiter A', 2], ['Broker B', 2]]);
  assert.equal(report.maxCore, 2);
  assert.equal(report.core.length, 6);
  assert.ok(report.core.every((x) => x.value === 2 && x.rank === 1));
  assert.equal(report.explanation, [
    'The network\'s 6 subjects and 7 ties form one connected group.',
    'Its dense centre is the 2-core: 6 subjects, each tied to at least 2 others of it.',
    '2 subjects are cut points, whose removal alone splits a group; the most critical, Recruiter A, cuts 2 subjects off from the largest remaining part.',
    '1 tie is a bridge, the sole link between two parts; the most critical is the only tie between Recruiter A and Broker B (a payment): cutting it separates 3 subjects on Broker B\'s side from the other 3.',
    'Repeated ties between the same two subjects count as one.',
  ].join(' '));
});

test('the k-core list puts the highest core first, with its explanation', () => {
  const report = structureReport(network(5, k4Pendant));
  assert.equal(report.maxCore, 3);
  // n0 first: same core as n1..n3 but one more tie (the pendant)
  assert.deepEqual(report.core.map((x) => [x.id, x.value, x.rank]), [['n0', 3, 1], ['n1', 3, 1], ['n2', 3, 1], ['n3', 3, 1]]);
  assert.equal(report.core[0]!.explanation, 'in the 3-core: each of its 4 members is tied to at least 3 others of the core — the network\'s dense centre');
  assert.equal(structureReport(network(5, k4Pendant), { top: 2 }).core.length, 2);
});

test('a doubled tie that is the only link is reported as a bridge under its first edge id', () => {
  // two payments n0→n1 (e0, e1), a self-loop on n1 (e2), then n1-n2 (e3)
  const report = structureReport(network(3, [[0, 1], [1, 0], [1, 1], [1, 2]]));
  assert.deepEqual(report.bridges.map((x) => [x.edge, x.cutOff]), [['e0', 1], ['e3', 1]]);
});

test('disconnected groups and isolated subjects', () => {
  // triangle n0-n1-n2, pair n3-n4, n5 alone
  const report = structureReport(network(6, [[0, 1], [1, 2], [2, 0], [3, 4]]));
  assert.deepEqual(report.components, { count: 3, largest: 3, sizes: [3, 2, 1] });
  assert.deepEqual(report.articulationPoints, []);
  assert.deepEqual(report.bridges.map((x) => x.edge), ['e3']);
  assert.match(report.explanation, /fall into 3 separate groups; the largest holds 3 \(50%\)\./);
  assert.match(report.explanation, /No single subject's removal splits any group\./);
});

test('the empty network has an empty report', () => {
  const report = structureReport(network(0, []));
  assert.deepEqual(report.components, { count: 0, largest: 0, sizes: [] });
  assert.deepEqual([report.core, report.articulationPoints, report.bridges, report.maxCore], [[], [], [], 0]);
  assert.equal(report.explanation, 'The network is empty: there is no structure to describe.');
});

test('a hub with 100,000 ties is one cut point that cuts off all but one of the rest', () => {
  // removing the hub leaves 100,000 single leaves: the largest remaining part is 1, so 99,999 are cut off
  const leaves = 100_000;
  const report = structureReport(network(leaves + 1, Array.from({ length: leaves }, (_, i): Tie => [0, i + 1])));
  assert.deepEqual(report.articulationPoints.map((x) => [x.id, x.value]), [['n0', 99_999]]);
  assert.match(report.articulationPoints[0]!.explanation, /splits its group of 100,001 into 100,000 parts/);
  assert.equal(report.bridges.length, 20);
  assert.ok(report.bridges.every((x) => x.cutOff === 1));
  assert.equal(report.maxCore, 1);
  assert.match(report.explanation, /100,000 ties are bridges/);
});

test('top must be a sensible whole number', () => {
  assert.throws(() => structureReport(network(5, path5), { top: 0 }), isCode('VALIDATION_FAILED'));
  assert.throws(() => structureReport(network(5, path5), { top: 1.5 }), isCode('VALIDATION_FAILED'));
});

test('an aborted run stops with CANCELLED', () => {
  const signal = aborted();
  assert.throws(() => structureReport(network(5, path5), { signal }), isCode('CANCELLED'));
  assert.throws(() => coreness(graphOf(5, path5), { signal }), isCode('CANCELLED'));
  assert.throws(() => articulationPoints(graphOf(5, path5), { signal }), isCode('CANCELLED'));
});

test('progress runs through both passes to the end', () => {
  const seen: Array<[number, number]> = [];
  structureReport(network(5, path5), { onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(seen, [[5, 10], [10, 10]]);
});
