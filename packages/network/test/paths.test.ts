import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactGraph } from '../src/compact-graph.ts';
import { allPaths, edgeIdsBetween, egoNetwork, kShortestPaths, pathsReport, shortestPath } from '../src/paths.ts';
import type { IndexedNetwork, NetworkEdge, NetworkNode } from '../src/types.ts';

type Tie = readonly [number, number, Partial<NetworkEdge>?];
const ROLES = Object.freeze(['schema:Person']);
const SOURCES = Object.freeze(['test']);

/** An IndexedNetwork of nodes n0..n{count-1} ("Person i" unless captioned) and ties e0, e1, … */
function network(count: number, ties: readonly Tie[], captions: Readonly<Record<number, Partial<NetworkNode>>> = {}): IndexedNetwork {
  const nodes: NetworkNode[] = [];
  for (let i = 0; i < count; i++) nodes.push({ id: `n${i}`, schema: 'Person', caption: `Person ${i}`, roles: ROLES, caseId: null, ...captions[i] });
  const edges: NetworkEdge[] = ties.map(([s, t, extra], i) => ({
    id: `e${i}`, source: `n${s}`, target: `n${t}`, type: 'Associate', kind: 'associate', label: 'associate', directed: false,
    start: null, end: null, sources: SOURCES, weight: 1, ...extra,
  }));
  const graph = compactGraph(count, ties.map((x) => x[0]), ties.map((x) => x[1]));
  const index = new Map(nodes.map((x, i) => [x.id, i]));
  return { network: { nodes, edges, stats: { entities: count, relations: ties.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } }, graph, index };
}

const complete = (k: number): Tie[] => {
  const out: Tie[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) out.push([a, b]);
  return out;
};

/** a star: hub n0 tied to n1..n{leaves} (a call-centre number shared by everyone) */
const star = (leaves: number): IndexedNetwork => network(leaves + 1, Array.from({ length: leaves }, (_, i): Tie => [0, i + 1]));

const aborted = (): AbortSignal => { const c = new AbortController(); c.abort(); return c.signal; };
const isCode = (code: string) => (e: unknown): boolean => (e as { code?: string }).code === code;

// 4-cycle n0-n1-n2-n3-n0: opposite corners n0 and n2 are joined by exactly two routes of 2 hops
// (via n1 and via n3) and by no other simple path.
const cycle4 = network(4, [[0, 1], [1, 2], [2, 3], [3, 0]]);

test('a 4-cycle has two shortest paths between opposite corners, and no others', () => {
  const one = shortestPath(cycle4, 'n0', 'n2');
  assert.equal(one?.length, 2);
  assert.deepEqual(one?.nodes, ['n0', 'n1', 'n2']); // BFS meets n1 before n3
  assert.deepEqual(one?.edges, ['e0', 'e1']);
  const k = kShortestPaths(cycle4, 'n0', 'n2', 3);
  assert.deepEqual(k.map((p) => p.nodes), [['n0', 'n1', 'n2'], ['n0', 'n3', 'n2']]);
  assert.deepEqual(k[1]!.edges, ['e3', 'e2']);
  const all = allPaths(cycle4, 'n0', 'n2', 3);
  assert.equal(all.paths.length, 2);
  assert.equal(all.truncated, false);
});

test("Yen's algorithm finds the loop-free routes in order of length", () => {
  // S=n0, A=n1, B=n2, C=n3, T=n4; ties S-A, A-T, S-B, B-C, C-T, A-B.
  // Simple S→T routes by hand: S-A-T (2); S-B-A-T and S-B-C-T (3); S-A-B-C-T (4). Nothing else:
  // S-B-A-… must end A-T, S-A-B-… must end B-C-T.
  const net = network(5, [[0, 1], [1, 4], [0, 2], [2, 3], [3, 4], [1, 2]]);
  const paths = kShortestPaths(net, 'n0', 'n4', 10);
  assert.deepEqual(paths.map((p) => p.length), [2, 3, 3, 4]);
  assert.deepEqual(paths[0]!.nodes, ['n0', 'n1', 'n4']);
  assert.deepEqual(new Set(paths.slice(1, 3).map((p) => p.nodes.join('-'))), new Set(['n0-n2-n1-n4', 'n0-n2-n3-n4']));
  assert.deepEqual(paths[3]!.nodes, ['n0', 'n1', 'n2', 'n3', 'n4']);
  assert.deepEqual(kShortestPaths(net, 'n0', 'n4', 2).map((p) => p.length), [2, 3]);
  // the same four, by the exhaustive search
  assert.deepEqual(allPaths(net, 'n0', 'n4', 4).paths.map((p) => p.length), [2, 3, 3, 4]);
});

test('all paths of at most 3 hops between two nodes of K4: 1 direct, 2 of length 2, 2 of length 3', () => {
  const k4 = network(4, complete(4));
  const { paths, truncated } = allPaths(k4, 'n0', 'n1', 3);
  assert.equal(truncated, false);
  assert.deepEqual(paths.map((p) => p.length), [1, 2, 2, 3, 3]); // shortest first
  assert.deepEqual(new Set(paths.map((p) => p.nodes.join('-'))), new Set(['n0-n1', 'n0-n2-n1', 'n0-n3-n1', 'n0-n2-n3-n1', 'n0-n3-n2-n1']));
  assert.equal(allPaths(k4, 'n0', 'n1', 2).paths.length, 3);
  assert.equal(allPaths(k4, 'n0', 'n1', 1).paths.length, 1);
});

test('the limit stops the search and says so; reaching it exactly is not truncation', () => {
  const k4 = network(4, complete(4));
  assert.deepEqual({ n: allPaths(k4, 'n0', 'n1', 3, { limit: 5 }).paths.length, t: allPaths(k4, 'n0', 'n1', 3, { limit: 5 }).truncated }, { n: 5, t: false });
  const cut = allPaths(k4, 'n0', 'n1', 3, { limit: 3 });
  assert.equal(cut.paths.length, 3);
  assert.equal(cut.truncated, true);
  // K30 has about 10^13 simple paths of ≤ 10 hops between two nodes: stop at the default 1000
  const dense = allPaths(network(30, complete(30)), 'n0', 'n1', 10);
  assert.equal(dense.paths.length, 1000);
  assert.equal(dense.truncated, true);
});

test('a dense dead end cannot make the all-paths search hang: it stops on its work budget', () => {
  // s=n0 — c=n2 — t=n1, and c tied to a 12-clique n3..n14. Each clique node is 2 hops from t (via
  // c), so distance pruning lets the search wander the clique, but every such walk dead-ends at
  // c, already on the path: ~10^8 walks without the budget. Only s-c-t exists.
  const ties: Tie[] = [[0, 2], [2, 1]];
  for (let a = 3; a < 15; a++) { ties.push([2, a]); for (let b = a + 1; b < 15; b++) ties.push([a, b]); }
  const net = network(15, ties);
  const result = allPaths(net, 'n0', 'n1', 10, { maxSteps: 100_000 });
  assert.equal(result.truncated, true);
  assert.deepEqual(result.paths.map((p) => p.nodes), [['n0', 'n2', 'n1']]);
});

test('a tie recorded twice, or against the walking direction, is named by its first edge', () => {
  // e0 points n1→n0, e1 repeats it n0→n1, e2 is n1→n2; the self-loop e3 is ignored
  const net = network(3, [[1, 0], [0, 1], [1, 2], [2, 2]]);
  assert.deepEqual(shortestPath(net, 'n0', 'n2')?.edges, ['e0', 'e2']);
  const idOf = edgeIdsBetween(net);
  assert.equal(idOf(0, 1), 'e0');
  assert.equal(idOf(1, 0), 'e0');
  assert.equal(idOf(2, 1), 'e2');
  assert.throws(() => idOf(0, 2), RangeError);
});

test('explanations read the chain by caption and name the kinds of tie', () => {
  const phone = { schema: 'Identifier', caption: 'phone …4567' };
  const net = network(4, [
    [0, 1, { type: 'shared:phone', kind: 'identifier', label: 'phone' }],
    [2, 1, { type: 'shared:phone', kind: 'identifier', label: 'phone' }],
    [2, 3, { type: 'Payment', kind: 'payment', label: 'paid', directed: true }],
  ], { 0: { caption: 'Recruiter A' }, 1: phone, 2: { caption: 'Broker B' }, 3: { caption: 'Person 17' } });
  assert.equal(shortestPath(net, 'n0', 'n2')?.explanation, 'Recruiter A → phone …4567 → Broker B: 2 hops via a shared phone');
  assert.equal(shortestPath(net, 'n0', 'n3')?.explanation, 'Recruiter A → phone …4567 → Broker B → Person 17: 3 hops via a shared phone and a payment');
  assert.equal(shortestPath(net, 'n2', 'n3')?.explanation, 'Broker B → Person 17: 1 hop via a payment');
  const report = pathsReport(net, { from: 'n0', to: 'n3', mode: 'shortest' });
  assert.match(report.explanation, /^The shortest connection between Recruiter A and Person 17: Recruiter A → .* 3 hops/);
});

test('from a subject to itself is the empty route, in every mode', () => {
  const same = shortestPath(cycle4, 'n1', 'n1');
  assert.deepEqual({ nodes: same?.nodes, edges: same?.edges, length: same?.length }, { nodes: ['n1'], edges: [], length: 0 });
  assert.equal(kShortestPaths(cycle4, 'n1', 'n1', 3).length, 1);
  assert.deepEqual(allPaths(cycle4, 'n1', 'n1', 3).paths.map((p) => p.length), [0]);
  assert.match(pathsReport(cycle4, { from: 'n1', to: 'n1', mode: 'all' }).explanation, /is the subject itself/);
});

test('subjects in different groups have no path: null, empty lists, and a sentence saying so', () => {
  // n0-n1 and n2-n3, n4 alone
  const net = network(5, [[0, 1], [2, 3]]);
  assert.equal(shortestPath(net, 'n0', 'n3'), null);
  assert.deepEqual(kShortestPaths(net, 'n0', 'n3', 5), []);
  assert.deepEqual(allPaths(net, 'n0', 'n4', 10), { paths: [], truncated: false });
  for (const mode of ['shortest', 'k-shortest'] as const) {
    const report = pathsReport(net, { from: 'n0', to: 'n3', mode });
    assert.deepEqual(report.paths, []);
    assert.equal(report.explanation, 'Person 0 and Person 3 are not connected in this network: no chain of ties links them.');
  }
  assert.equal(pathsReport(net, { from: 'n0', to: 'n3', mode: 'all', maxLength: 3 }).explanation, 'No chain of ties of at most 3 hops links Person 0 and Person 3.');
});

test('the report counts the routes found and says when fewer exist than were asked for', () => {
  const k4 = network(4, complete(4));
  const all = pathsReport(k4, { from: 'n0', to: 'n1', mode: 'all', maxLength: 3 });
  assert.equal(all.paths.length, 5);
  assert.equal(all.explanation, '5 routes of at most 3 hops connect Person 0 and Person 1, none passing through the same subject twice.');
  const few = pathsReport(cycle4, { from: 'n0', to: 'n2', mode: 'k-shortest', k: 5 });
  assert.equal(few.explanation, 'Only 2 loop-free routes connect Person 0 and Person 2 (2 hops); 5 were asked for.');
  const k2 = pathsReport(k4, { from: 'n0', to: 'n1', mode: 'k-shortest', k: 3 });
  assert.equal(k2.explanation, 'The 3 shortest loop-free routes between Person 0 and Person 1 take 1 to 2 hops.');
  const many = pathsReport(network(30, complete(30)), { from: 'n0', to: 'n1', mode: 'all', maxLength: 10 });
  assert.equal(many.truncated, true);
  assert.match(many.explanation, /stopped at 1,000; there are more/);
});

test('unknown ids are NOT_FOUND in every entry point', () => {
  assert.throws(() => shortestPath(cycle4, 'n0', 'nobody'), isCode('NOT_FOUND'));
  assert.throws(() => kShortestPaths(cycle4, 'nobody', 'n0', 2), isCode('NOT_FOUND'));
  assert.throws(() => allPaths(cycle4, 'n0', 'nobody', 3), isCode('NOT_FOUND'));
  assert.throws(() => pathsReport(cycle4, { from: 'nobody', to: 'n0', mode: 'shortest' }), isCode('NOT_FOUND'));
  assert.throws(() => egoNetwork(cycle4, 'nobody'), isCode('NOT_FOUND'));
});

test('lengths, k, limits and radii out of range are VALIDATION_FAILED', () => {
  assert.throws(() => allPaths(cycle4, 'n0', 'n2', 11), isCode('VALIDATION_FAILED'));
  assert.throws(() => allPaths(cycle4, 'n0', 'n2', 0), isCode('VALIDATION_FAILED'));
  assert.throws(() => allPaths(cycle4, 'n0', 'n2', 2.5), isCode('VALIDATION_FAILED'));
  assert.throws(() => allPaths(cycle4, 'n0', 'n2', 3, { limit: 0 }), isCode('VALIDATION_FAILED'));
  assert.throws(() => kShortestPaths(cycle4, 'n0', 'n2', 51), isCode('VALIDATION_FAILED'));
  assert.throws(() => kShortestPaths(cycle4, 'n0', 'n2', 0), isCode('VALIDATION_FAILED'));
  assert.throws(() => pathsReport(cycle4, { from: 'n0', to: 'n2', mode: 'all', maxLength: 12 }), isCode('VALIDATION_FAILED'));
  assert.throws(() => pathsReport(cycle4, { from: 'n0', to: 'n2', mode: 'every' as 'all' }), isCode('VALIDATION_FAILED'));
  assert.throws(() => egoNetwork(cycle4, 'n0', -1), isCode('VALIDATION_FAILED'));
  assert.throws(() => egoNetwork(cycle4, 'n0', 1, { maxNodes: 0 }), isCode('VALIDATION_FAILED'));
});

test('a hub with 100,000 ties: leaf to leaf is two hops, in every mode, without a long search', () => {
  const net = star(100_000);
  assert.deepEqual(shortestPath(net, 'n1', 'n2')?.nodes, ['n1', 'n0', 'n2']);
  assert.deepEqual(kShortestPaths(net, 'n1', 'n2', 3).map((p) => p.nodes), [['n1', 'n0', 'n2']]);
  // every other leaf is 2 hops from n2 and admissible, but dead-ends at once: 100,000 cheap steps
  assert.deepEqual(allPaths(net, 'n1', 'n2', 10), { paths: [shortestPath(net, 'n1', 'n2')!], truncated: false });
  const ego = egoNetwork(net, 'n0');
  assert.equal(ego.nodes.length, 5000);
  assert.equal(ego.nodes[0]!.id, 'n0');
  assert.equal(ego.edges.length, 4999);
  assert.equal(ego.stats.filteredOut, 95_001);
  assert.deepEqual(egoNetwork(net, 'n7').nodes.map((x) => x.id), ['n7', 'n0']);
});

test('the ego network keeps the closest subjects and every recorded tie among them', () => {
  // n0-n1, n1-n2 recorded twice (e1, e2), n2-n3, n3-n4; n5 alone
  const net = network(6, [[0, 1], [1, 2], [2, 1], [2, 3], [3, 4]]);
  const one = egoNetwork(net, 'n1');
  assert.deepEqual(one.nodes.map((x) => x.id), ['n1', 'n0', 'n2']);
  assert.deepEqual(one.edges.map((e) => e.id), ['e0', 'e1', 'e2']);
  assert.deepEqual(one.stats, { entities: 3, relations: 3, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 });
  assert.deepEqual(egoNetwork(net, 'n1', 2).nodes.map((x) => x.id), ['n1', 'n0', 'n2', 'n3']);
  assert.deepEqual(egoNetwork(net, 'n1', 0).nodes.map((x) => x.id), ['n1']);
  const capped = egoNetwork(net, 'n1', 2, { maxNodes: 2 });
  assert.deepEqual(capped.nodes.map((x) => x.id), ['n1', 'n0']);
  assert.deepEqual(capped.edges.map((e) => e.id), ['e0']);
  assert.equal(capped.stats.filteredOut, 2);
  assert.deepEqual(egoNetwork(net, 'n5', 3).nodes.map((x) => x.id), ['n5']);
});

test('an aborted run stops with CANCELLED', () => {
  const signal = aborted();
  assert.throws(() => shortestPath(cycle4, 'n0', 'n2', { signal }), isCode('CANCELLED'));
  assert.throws(() => kShortestPaths(cycle4, 'n0', 'n2', 2, { signal }), isCode('CANCELLED'));
  assert.throws(() => allPaths(cycle4, 'n0', 'n2', 3, { signal }), isCode('CANCELLED'));
  assert.throws(() => pathsReport(cycle4, { from: 'n0', to: 'n2', mode: 'all' }, { signal }), isCode('CANCELLED'));
  assert.throws(() => egoNetwork(cycle4, 'n0', 1, { signal }), isCode('CANCELLED'));
});

test('progress ends at the total', () => {
  const seen: Array<[number, number]> = [];
  shortestPath(cycle4, 'n0', 'n2', { onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(seen.at(-1), [4, 4]);
});
