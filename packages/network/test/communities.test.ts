import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactGraph, type CompactGraph } from '../src/compact-graph.ts';
import { aggregate, baseLevel, communityExplanation, communityReport, leiden, louvain, modularity } from '../src/communities.ts';
import { barabasiAlbert, erdosRenyi, stochasticBlock } from '../src/generators.ts';
import { indexNetwork } from '../src/index-network.ts';
import type { EntityNetwork, NetworkEdge, NetworkNode } from '../src/types.ts';

type Tie = readonly [number, number];

const graphOf = (n: number, ties: readonly Tie[], weights?: readonly number[]): CompactGraph =>
  compactGraph(n, ties.map((t) => t[0]), ties.map((t) => t[1]), weights);

/** Ties of a clique on nodes lo..lo+k-1. */
function clique(lo: number, k: number): Tie[] {
  const ties: Tie[] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) ties.push([lo + i, lo + j]);
  return ties;
}

/** The partition as a set of sorted member lists, so that community numbering does not matter. */
function groups(membership: ArrayLike<number>): string[] {
  const by = new Map<number, number[]>();
  for (let v = 0; v < membership.length; v++) {
    const c = membership[v]!;
    if (!by.has(c)) by.set(c, []);
    by.get(c)!.push(v);
  }
  return [...by.values()].map((m) => m.join(',')).sort();
}

/** Number of communities that fall apart into more than one connected piece. */
function disconnectedCommunities(g: CompactGraph, membership: Int32Array): number {
  const seen = new Uint8Array(g.n);
  const piecesOf = new Map<number, number>();
  for (let s = 0; s < g.n; s++) {
    if (seen[s]) continue;
    const c = membership[s]!;
    piecesOf.set(c, (piecesOf.get(c) ?? 0) + 1);
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (!seen[u] && membership[u] === c) { seen[u] = 1; stack.push(u); }
      }
    }
  }
  return [...piecesOf.values()].filter((p) => p > 1).length;
}

const aborted = (): AbortSignal => { const c = new AbortController(); c.abort(); return c.signal; };
const isCode = (code: string) => (e: unknown): boolean => (e as { code?: string }).code === code;
const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

// Two 5-cliques, nodes 0..4 and 5..9, joined by the tie 4-5.
// m = 10 + 10 + 1 = 21 ties, 2m = 42. Degrees: eight nodes of 4, the two bridge ends 5.
// Each clique: tot = 4·4 + 5 = 21, in = 2·10 = 20 (each inside tie from both ends).
// Q = 2 · (20/42 − (21/42)²) = 40/42 − 1/2 = 19/42 ≈ 0.4524.
const twoCliques: Tie[] = [...clique(0, 5), ...clique(5, 5), [4, 5]];
const TWO_CLIQUES_Q = 19 / 42;

test('modularity of two 5-cliques split at their bridge is 19/42, computed by hand', () => {
  const g = graphOf(10, twoCliques);
  close(modularity(g, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), TWO_CLIQUES_Q);
  // labels are only names: any two distinct labels give the same Q
  close(modularity(g, [7, 7, 7, 7, 7, 3, 3, 3, 3, 3]), TWO_CLIQUES_Q);
  // everything in one community: in = 2m, tot = 2m → 1 − 1 = 0
  close(modularity(g, new Array(10).fill(0)), 0);
  // singletons: in = 0, Q = −Σ (k/2m)² = −(8·16 + 2·25)/42² = −178/1764
  close(modularity(g, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), -178 / 1764);
  // resolution 2 doubles the penalty: 40/42 − 2·(1/4 + 1/4) = 40/42 − 1 = −1/21
  close(modularity(g, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 2), -1 / 21);
});

test('modularity uses the weights that parallel ties were merged into', () => {
  // path 0-1-2-3 recorded as 0-1 three times, 1-2 once, 2-3 three times → weights 3, 1, 3
  const g = graphOf(4, [[0, 1], [1, 0], [0, 1], [1, 2], [2, 3], [3, 2], [2, 3]]);
  assert.equal(g.parallelMerged, 4);
  // m = 7, 2m = 14; strengths 3, 4, 4, 3; {0,1}: in = 6, tot = 7; {2,3} the same
  // Q = 2 · (6/14 − (7/14)²) = 12/14 − 1/2 = 5/14
  close(modularity(g, [0, 0, 1, 1]), 5 / 14);
  // the same from explicit weights
  close(modularity(graphOf(4, [[0, 1], [1, 2], [2, 3]], [3, 1, 3]), [0, 0, 1, 1]), 5 / 14);
});

test('modularity of a graph without ties is 0, and bad memberships are refused', () => {
  assert.equal(modularity(compactGraph(0, [], []), []), 0);
  assert.equal(modularity(compactGraph(3, [], []), [0, 1, 2]), 0);
  const g = graphOf(3, [[0, 1]]);
  assert.throws(() => modularity(g, [0, 0]), RangeError);
  assert.throws(() => modularity(g, [0, -1, 0]), RangeError);
  assert.throws(() => modularity(g, [0, 0.5, 0]), RangeError);
  assert.throws(() => modularity(g, [0, 0, 1], -1), isCode('VALIDATION_FAILED'));
  // huge labels are fine (they are renamed, not used as array indices)
  close(modularity(g, [1e9, 1e9, 5]), modularity(g, [0, 0, 1]));
});

test('Louvain and Leiden split two 5-cliques at their bridge', () => {
  const g = graphOf(10, twoCliques);
  for (const run of [louvain(g), leiden(g)]) {
    assert.deepEqual(groups(run.membership), ['0,1,2,3,4', '5,6,7,8,9']);
    close(run.modularity, TWO_CLIQUES_Q);
  }
  // nodes visited first give the first labels: community numbers follow node order
  assert.deepEqual([...louvain(g).membership], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  assert.ok(louvain(g).levels >= 1);
  assert.ok(leiden(g).iterations >= 1);
});

test('a ring of six 5-cliques gives one community per clique', () => {
  // clique i on nodes 5i..5i+4; ring ties from node 5i+4 to node 5(i+1) (mod 30)
  const ties: Tie[] = [];
  for (let i = 0; i < 6; i++) ties.push(...clique(5 * i, 5), [5 * i + 4, (5 * i + 5) % 30]);
  const g = graphOf(30, ties);
  // m = 6·10 + 6 = 66, 2m = 132; each clique: in = 20, tot = 20 + 2 = 22
  // Q = 6 · (20/132 − (22/132)²) = 120/132 − 6/36 = 10/11 − 1/6 = 49/66 ≈ 0.7424
  // (pairs of cliques would give 3 · (42/132 − (44/132)²) = 21/22 − 1/3 ≈ 0.621, lower)
  const expected = Array.from({ length: 6 }, (_, i) => [0, 1, 2, 3, 4].map((k) => 5 * i + k).join(',')).sort();
  for (const run of [louvain(g, { seed: 1 }), louvain(g, { seed: 99 }), leiden(g, { seed: 1 }), leiden(g, { seed: 99 })]) {
    assert.deepEqual(groups(run.membership), expected);
    close(run.modularity, 49 / 66);
  }
});

test('the empty graph has no communities and modularity 0', () => {
  const g = compactGraph(0, [], []);
  assert.deepEqual(louvain(g), { membership: new Int32Array(0), modularity: 0, levels: 0 });
  assert.deepEqual(leiden(g), { membership: new Int32Array(0), modularity: 0, iterations: 0 });
});

test('nodes without ties are each a community of their own', () => {
  assert.deepEqual([...louvain(compactGraph(3, [], [])).membership], [0, 1, 2]);
  // triangles 0-1-2 and 3-4-5, node 6 alone (and a self-loop on it, which the graph drops)
  const g = graphOf(7, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [6, 6]]);
  assert.equal(g.selfLoops, 1);
  // m = 6, 2m = 12; each triangle: in = 6, tot = 6 → Q = 2 · (6/12 − 1/4) = 1/2
  for (const run of [louvain(g), leiden(g)]) {
    assert.deepEqual(groups(run.membership), ['0,1,2', '3,4,5', '6']);
    close(run.modularity, 0.5);
  }
});

test('a star is one community, even with a hub of 100,000 ties', () => {
  // centre 0 and leaves 1..9: the only ties are centre-leaf, so any split leaves some leaf
  // cut off from the centre. Centre with j leaves: Q = 2j/18 − ((9+j)/18)² − (9−j)/18², which
  // is 0 for j = 9 (all in one) and negative otherwise (j = 8: −2/324).
  const small = graphOf(10, Array.from({ length: 9 }, (_, i): Tie => [0, i + 1]));
  for (const run of [louvain(small), leiden(small)]) {
    assert.deepEqual(groups(run.membership), ['0,1,2,3,4,5,6,7,8,9']);
    close(run.modularity, 0);
  }
  // a shared call-centre number: one node tied to 100,000 others
  const n = 100_001;
  const hub = compactGraph(n, new Int32Array(n - 1), Int32Array.from({ length: n - 1 }, (_, i) => i + 1));
  for (const run of [louvain(hub), leiden(hub)]) {
    assert.equal(new Set(run.membership).size, 1);
    close(run.modularity, 0);
  }
});

test('resolution 0 puts each connected part in one community (Q = in/2m = 1)', () => {
  // with γ = 0 every tie is a pure gain, so whole components merge
  const g = graphOf(11, twoCliques); // node 10 has no ties
  for (const run of [louvain(g, { resolution: 0 }), leiden(g, { resolution: 0 })]) {
    assert.deepEqual(groups(run.membership), ['0,1,2,3,4,5,6,7,8,9', '10']);
    close(run.modularity, 1);
  }
});

test('weights decide: heavy ties pull their ends together', () => {
  // a 6-cycle 0-1-2-3-4-5-0 whose ties 1-2, 3-4 and 5-0 are recorded five times each
  const g = graphOf(6, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 0]], [1, 5, 1, 5, 1, 5]);
  for (const run of [louvain(g), leiden(g)]) {
    assert.deepEqual(groups(run.membership), ['0,5', '1,2', '3,4']);
    // m = 18, 2m = 36; each pair: in = 10, tot = 5 + 1 + 5 + 1 = 12
    // Q = 3 · (10/36 − (12/36)²) = 30/36 − 1/3 = 1/2
    close(run.modularity, 0.5);
  }
});

test('a stochastic block graph of 4 blocks × 50 nodes is recovered exactly', () => {
  // p_in 0.3 gives each node ≈ 15 ties inside its block, p_out 0.005 ≈ 0.75 to the other 150
  const { n, sources, targets, block } = stochasticBlock([50, 50, 50, 50], 0.3, 0.005, 11);
  const g = compactGraph(n, sources, targets);
  const planted = groups(block);
  for (const seed of [1, 2, 3]) {
    assert.deepEqual(groups(louvain(g, { seed }).membership), planted, `louvain seed ${seed}`);
    assert.deepEqual(groups(leiden(g, { seed }).membership), planted, `leiden seed ${seed}`);
  }
  close(louvain(g).modularity, modularity(g, block));
});

test('the same seed gives the same communities', () => {
  const { n, sources, targets } = barabasiAlbert(2000, 3, 4);
  const g = compactGraph(n, sources, targets);
  assert.deepEqual(louvain(g, { seed: 5 }), louvain(g, { seed: 5 }));
  assert.deepEqual(leiden(g, { seed: 5 }), leiden(g, { seed: 5 }));
  // without a seed the default seed is used: still reproducible
  assert.deepEqual(louvain(g).membership, louvain(g).membership);
});

test('Leiden communities are connected, and better or as good as Louvain on random graphs', () => {
  // Louvain may leave a community held together by a node that later moved away; no small graph
  // we tried makes it do so reliably, so this checks Leiden's promise on graphs of several kinds
  const graphs = [
    barabasiAlbert(3000, 2, 1),
    erdosRenyi(3000, 6000, 2),
    stochasticBlock(Array.from({ length: 30 }, () => 100), 0.08, 0.002, 3),
  ];
  for (const { n, sources, targets } of graphs) {
    const g = compactGraph(n, sources, targets);
    for (const seed of [1, 2]) {
      const l = leiden(g, { seed });
      assert.equal(disconnectedCommunities(g, l.membership), 0);
      close(l.modularity, modularity(g, l.membership));
      // Leiden's refinement usually finds a higher optimum; allow a small margin for chance
      assert.ok(l.modularity > louvain(g, { seed }).modularity - 0.01);
    }
  }
});

test('Leiden stops iterating once an iteration changes nothing', () => {
  const g = graphOf(10, twoCliques);
  const once = leiden(g, { iterations: 1 });
  assert.equal(once.iterations, 1);
  // the second iteration finds nothing to improve on this graph, the third is not run
  assert.equal(leiden(g, { iterations: 5 }).iterations, 2);
  assert.throws(() => leiden(g, { iterations: 0 }), isCode('VALIDATION_FAILED'));
  assert.throws(() => leiden(g, { iterations: 1.5 }), isCode('VALIDATION_FAILED'));
});

test('bad parameters and weights are refused with a validation error', () => {
  const g = graphOf(3, [[0, 1], [1, 2]]);
  assert.throws(() => louvain(g, { resolution: -1 }), isCode('VALIDATION_FAILED'));
  assert.throws(() => louvain(g, { resolution: Number.NaN }), isCode('VALIDATION_FAILED'));
  assert.throws(() => leiden(g, { seed: 0.5 }), isCode('VALIDATION_FAILED'));
  const negative = graphOf(3, [[0, 1], [1, 2]], [1, -2]);
  assert.throws(() => louvain(negative), isCode('VALIDATION_FAILED'));
  assert.throws(() => leiden(negative), isCode('VALIDATION_FAILED'));
});

test('an aggregated level keeps the weight of the ties inside each community', () => {
  const level = aggregate(baseLevel(graphOf(10, twoCliques)), Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), 2);
  // each clique becomes one node with its 10 inside ties as self-weight; the bridge stays a tie
  assert.equal(level.n, 2);
  assert.deepEqual([...level.selfWeight], [10, 10]);
  assert.deepEqual([...level.neighbours], [1, 0]);
  assert.deepEqual([...level.weights], [1, 1]);
  // strength keeps counting inside ties from both ends: 2·10 + 1
  assert.deepEqual([...level.strength], [21, 21]);
});

test('an aborted run stops with CANCELLED, and progress is reported', () => {
  const g = graphOf(10, twoCliques);
  assert.throws(() => louvain(g, { signal: aborted() }), isCode('CANCELLED'));
  assert.throws(() => leiden(g, { signal: aborted() }), isCode('CANCELLED'));
  const net = reportNetwork();
  assert.throws(() => communityReport(net, { method: 'leiden' }, { signal: aborted() }), isCode('CANCELLED'));
  // cancelled mid-run: the signal is aborted from the progress callback
  const { n, sources, targets } = barabasiAlbert(20_000, 3, 1);
  const big = compactGraph(n, sources, targets);
  for (const run of [louvain, leiden]) {
    const controller = new AbortController();
    let reports = 0;
    assert.throws(() => run(big, { signal: controller.signal, onProgress: () => { reports++; controller.abort(); } }), isCode('CANCELLED'));
    assert.equal(reports, 1);
  }
});

// --- the report -------------------------------------------------------------------------------

/**
 * "Person 0".."Person 11": a 5-clique 0..4 with a pendant 5 tied to 0; a 4-clique 6..9 tied to
 * the first group by 4-6; 10 and 11 tied to nobody (11's only record is a tie to itself).
 * The tie 0-1 is recorded twice.
 */
function reportNetwork(): ReturnType<typeof indexNetwork> {
  const nodes: NetworkNode[] = Array.from({ length: 12 }, (_, i) => ({ id: `person-${i}`, schema: 'Person', caption: `Person ${i}`, roles: ['schema:Person'], caseId: 'case-1' }));
  const ties: Tie[] = [...clique(0, 5), [0, 5], ...clique(6, 4), [4, 6], [0, 1], [11, 11]];
  const edges: NetworkEdge[] = ties.map(([s, t], i) => ({
    id: `tie-${i}`, source: `person-${s}`, target: `person-${t}`, type: 'Associate', kind: 'associate', label: 'associate',
    directed: false, start: null, end: null, sources: ['test'], weight: 1,
  }));
  const network: EntityNetwork = { nodes, edges, stats: { entities: 12, relations: edges.length, sharedIdentifiers: 0, selfLoops: 1, danglingReferences: 0, filteredOut: 0 } };
  return indexNetwork(network);
}

test('the report lists communities largest first with their most connected members', () => {
  const net = reportNetwork();
  for (const method of ['louvain', 'leiden'] as const) {
    const r = communityReport(net, { method, seed: 3 });
    assert.equal(r.method, method);
    // ties: 10 + 1 (pendant) + 6 + 1 (bridge) = 18 distinct, the 0-1 tie has weight 2, so
    // m = 19, 2m = 38. Group A = 0..5: in = 2·(10 + 1 + 1 extra record of 0-1) = 24,
    // tot = 24 + 1 (bridge) = 25. Group B = 6..9: in = 12, tot = 13. 10 and 11 have no ties.
    // Q = 24/38 − (25/38)² + 12/38 − (13/38)² = (36·38 − 625 − 169)/1444 = 574/1444 ≈ 0.3975
    close(r.modularity, 574 / 1444);
    assert.deepEqual(r.communities.map((c) => c.size), [6, 4, 1, 1]);
    assert.deepEqual(r.communities.map((c) => c.id), [0, 1, 2, 3]);
    const [a, b, lone10, lone11] = r.communities;
    // inside degree: 0 has 5 ties in A (1..4 and the pendant 5); 1..4 have 4 (4 also has the
    // bridge, which is not inside); the pendant 5 has 1. Ties broken by weight (0-1 counts
    // twice, so 1 before 2..4), then by node order.
    assert.deepEqual(a!.members, ['person-0', 'person-1', 'person-2', 'person-3', 'person-4', 'person-5']);
    assert.equal(a!.explanation, '6 members, 11 ties inside and 1 to the rest of the network: a closely knit group');
    assert.deepEqual(b!.members, ['person-6', 'person-7', 'person-8', 'person-9']);
    assert.equal(b!.explanation, '4 members, 6 ties inside and 1 to the rest of the network: a closely knit group');
    assert.deepEqual([lone10!.members, lone11!.members], [['person-10'], ['person-11']]);
    assert.equal(lone10!.explanation, '1 member with no ties: an isolated entity');
    assert.equal(r.membership['person-5'], 0);
    assert.equal(r.membership['person-9'], 1);
    assert.equal(r.membership['person-10'], 2);
    assert.equal(r.membership['person-11'], 3);
    assert.equal(Object.keys(r.membership).length, 12);
    assert.match(r.explanation, /found 2 groups of two or more among 12 entities; 2 entities stand alone\. Modularity 0\.40: a clear group structure/);
    assert.match(r.explanation, /The largest group has 6 members \(50\.0% of the network\)\./);
  }
});

test('the report keeps at most 10 members per community and explains weak structure', () => {
  // a star of 15: one community; its centre has 14 inside ties, the leaves 1 each
  const nodes: NetworkNode[] = Array.from({ length: 15 }, (_, i) => ({ id: `acct-${i}`, schema: 'BankAccount', caption: `Account ${i}`, roles: [], caseId: null }));
  const edges: NetworkEdge[] = Array.from({ length: 14 }, (_, i) => ({
    id: `pay-${i}`, source: 'acct-0', target: `acct-${i + 1}`, type: 'Payment', kind: 'payment', label: 'payment',
    directed: true, start: null, end: null, sources: ['test'], weight: 1,
  }));
  const net = indexNetwork({ nodes, edges, stats: { entities: 15, relations: 14, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } });
  const r = communityReport(net, { method: 'louvain' });
  assert.equal(r.communities.length, 1);
  assert.equal(r.communities[0]!.members.length, 10);
  assert.equal(r.communities[0]!.members[0], 'acct-0');
  assert.equal(r.communities[0]!.explanation, '15 members, 14 ties inside and 0 to the rest of the network: a group on its own, with no ties outside');
  assert.match(r.explanation, /Modularity 0\.00: little group structure beyond what chance would give\./);
});

test('the report on an empty network says so', () => {
  const net = indexNetwork({ nodes: [], edges: [], stats: { entities: 0, relations: 0, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } });
  const r = communityReport(net, { method: 'leiden' });
  assert.deepEqual(r.communities, []);
  assert.deepEqual(r.membership, {});
  assert.equal(r.modularity, 0);
  assert.equal(r.explanation, 'Leiden: the network is empty, so there are no communities.');
  assert.throws(() => communityReport(net, { method: 'girvan-newman' as 'louvain' }), isCode('VALIDATION_FAILED'));
});

test('entity ids that are also object property names are kept in the membership map', () => {
  const nodes: NetworkNode[] = ['__proto__', 'constructor', 'toString'].map((id) => ({ id, schema: 'Person', caption: 'Person X', roles: [], caseId: null }));
  const edges: NetworkEdge[] = [{
    id: 'tie', source: '__proto__', target: 'constructor', type: 'Associate', kind: 'associate', label: 'associate',
    directed: false, start: null, end: null, sources: ['test'], weight: 1,
  }];
  const r = communityReport(indexNetwork({ nodes, edges, stats: { entities: 3, relations: 1, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } }), { method: 'louvain' });
  assert.deepEqual(Object.keys(r.membership), ['__proto__', 'constructor', 'toString']);
  assert.deepEqual(Object.values(r.membership), [0, 0, 1]);
  assert.deepEqual(JSON.parse(JSON.stringify(r.membership)), JSON.parse('{"__proto__":0,"constructor":0,"toString":1}'));
});

test('community sentences grade how closely knit a group is', () => {
  assert.equal(communityExplanation(14, 31, 3), '14 members, 31 ties inside and 3 to the rest of the network: a closely knit group');
  assert.equal(communityExplanation(5, 7, 4), '5 members, 7 ties inside and 4 to the rest of the network: a distinct group, most of its ties inside');
  assert.equal(communityExplanation(5, 4, 6), '5 members, 4 ties inside and 6 to the rest of the network: a loose group, about as tied to the rest of the network as within itself');
  assert.equal(communityExplanation(1, 0, 2), '1 member with 2 ties to the rest of the network, none close enough to join a group');
  assert.equal(communityExplanation(1_204, 5_000, 12), '1,204 members, 5,000 ties inside and 12 to the rest of the network: a closely knit group');
});
