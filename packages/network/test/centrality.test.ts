import assert from 'node:assert/strict';
import { test } from 'node:test';
import { betweenness, centrality, degreeCentrality, eigenvectorCentrality, pagerank, sampledBetweenness } from '../src/centrality.ts';
import { compactGraph, type CompactGraph } from '../src/compact-graph.ts';
import { describeSelectors, rankNodes, selectNodes } from '../src/rank-nodes.ts';
import type { IndexedNetwork, NetworkNode } from '../src/types.ts';
import { seededRandom } from '../src/seeded-random.ts';

// ---- small graphs and a hand-built network ----------------------------------------------------

type Edge = readonly [number, number];
const graphOf = (n: number, edges: readonly Edge[]): CompactGraph => compactGraph(n, edges.map((e) => e[0]), edges.map((e) => e[1]));
const path = (n: number): Edge[] => Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const);
const cycle = (n: number): Edge[] => Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const);
/** hub 0 with leaves 1..k */
const star = (k: number): Edge[] => Array.from({ length: k }, (_, i) => [0, i + 1] as const);
/** triangles 0-1-2 and 3-4-5, joined by the bridge 2-3 */
const bridgedTriangles: Edge[] = [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [2, 3]];

/** An IndexedNetwork as the builder would make it: node i is "n<i>", synthetic captions, given roles. */
function networkOf(n: number, edges: readonly Edge[], roles: Readonly<Record<number, readonly string[]>> = {}): IndexedNetwork {
  const nodes: NetworkNode[] = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`, schema: 'Person', caption: `Person ${i}`, roles: ['schema:Person', ...(roles[i] ?? [])], caseId: 'case-synthetic-1',
  }));
  return {
    network: {
      nodes,
      edges: edges.map(([s, t], k) => ({
        id: `e${k}`, source: `n${s}`, target: `n${t}`, type: 'Associate', kind: 'associate', label: 'associate',
        directed: false, start: null, end: null, sources: ['test'], weight: 1,
      })),
      stats: { entities: n, relations: edges.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 },
    },
    graph: graphOf(n, edges),
    index: new Map(nodes.map((node, i) => [node.id, i])),
  };
}

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, eps = 1e-9): void => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) <= eps, `[${i}] ${actual[i]} vs ${expected[i]}`);
};
const sum = (x: ArrayLike<number>): number => Array.from(x).reduce((a, b) => a + b, 0);


/** Preferential attachment: each new node ties to two earlier nodes picked by degree, so a few hubs broker most paths. */
function scaleFree(n: number, seed: number): Edge[] {
  const random = seededRandom(seed);
  const ends: number[] = [0, 1];
  const edges: Edge[] = [[0, 1]];
  for (let v = 2; v < n; v++) {
    const a = ends[Math.floor(random() * ends.length)]!;
    let b = ends[Math.floor(random() * ends.length)]!;
    if (b === a) b = (a + 1) % v;
    edges.push([v, a], [v, b]);
    ends.push(v, a, v, b);
  }
  return edges;
}

/**
 * Betweenness by definition, for checking Brandes: all-pairs BFS distances and path counts, then
 * for each qualifying unordered pair {s, t} and each other node v on a shortest s–t path
 * (d(s,v) + d(v,t) = d(s,t)) add σ(s,v)·σ(v,t)/σ(s,t). O(n³); fine for 40 nodes.
 */
function bruteForce(g: CompactGraph, inS: (v: number) => boolean, inT: (v: number) => boolean): number[] {
  const { n } = g;
  const dist: number[][] = [];
  const sigma: number[][] = [];
  for (let s = 0; s < n; s++) {
    const d = new Array<number>(n).fill(-1);
    const c = new Array<number>(n).fill(0);
    d[s] = 0; c[s] = 1;
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      const v = queue[h]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const u = g.neighbours[e]!;
        if (d[u] === -1) { d[u] = d[v]! + 1; queue.push(u); }
        if (d[u] === d[v]! + 1) c[u]! += c[v]!;
      }
    }
    dist.push(d); sigma.push(c);
  }
  const out = new Array<number>(n).fill(0);
  for (let s = 0; s < n; s++) {
    for (let t = s + 1; t < n; t++) {
      if (!((inS(s) && inT(t)) || (inS(t) && inT(s))) || dist[s]![t]! < 0) continue;
      for (let v = 0; v < n; v++) {
        if (v === s || v === t || dist[s]![v]! < 0) continue;
        if (dist[s]![v]! + dist[v]![t]! === dist[s]![t]!) out[v]! += (sigma[s]![v]! * sigma[v]![t]!) / sigma[s]![t]!;
      }
    }
  }
  return out;
}

// ---- degree -----------------------------------------------------------------------------------

test('degree counts distinct neighbours: self-loops dropped, a tie recorded many times counts once', () => {
  // 0-1 recorded three times, 1-1 self-loop, 1-2 once: node 1 is tied to 0 and 2
  const g = compactGraph(4, [0, 1, 0, 1, 1], [1, 0, 1, 1, 2]);
  assert.deepEqual([...degreeCentrality(g)], [1, 2, 1, 0]);
});

// ---- betweenness ------------------------------------------------------------------------------

test('betweenness of the path P5 is [0, 3, 4, 3, 0]', () => {
  // node 1 lies inside the pairs {0,2} {0,3} {0,4}; node 2 inside {0,3} {0,4} {1,3} {1,4}; ends on none
  assert.deepEqual([...betweenness(graphOf(5, path(5)))], [0, 3, 4, 3, 0]);
});

test('betweenness of a star: the hub lies on the one shortest path of every pair of leaves', () => {
  // 5 leaves: C(5,2) = 10 pairs, each joined only through the hub
  assert.deepEqual([...betweenness(graphOf(6, star(5)))], [10, 0, 0, 0, 0, 0]);
});

test('two triangles joined by a bridge: only the ends of the bridge broker', () => {
  // node 2 joins {0,1} to {3,4,5}: 2·3 = 6 pairs; node 3 joins {0,1,2} to {4,5}: 6; within a triangle the tie is direct
  assert.deepEqual([...betweenness(graphOf(6, bridgedTriangles))], [0, 0, 6, 6, 0, 0]);
});

test('equal shortest paths share the credit: each middle node of a 4-cycle gets ½', () => {
  // 0-1-2-3-0: the pair {0,2} has two shortest paths (via 1 and via 3), as has {1,3}
  close(betweenness(graphOf(4, cycle(4))), [0.5, 0.5, 0.5, 0.5]);
});

test('betweenness matches the definition on a random graph with self-loops, parallel ties and isolated nodes', () => {
  const random = seededRandom(5);
  const src: number[] = [];
  const dst: number[] = [];
  // 40 nodes, 70 random draws (some repeat, some are loops); nodes 36..39 stay isolated
  for (let i = 0; i < 70; i++) { src.push(Math.floor(random() * 36)); dst.push(Math.floor(random() * 36)); }
  src.push(3, 7); dst.push(3, 7);
  const g = compactGraph(40, src, dst);
  close(betweenness(g), bruteForce(g, () => true, () => true));
  const sources = [0, 1, 2, 3, 4, 5, 36];
  const targets = [4, 5, 6, 10, 20, 30, 39];
  close(betweenness(g, { sources, targets }), bruteForce(g, (v) => sources.includes(v), (v) => targets.includes(v)));
  // only one side given: the other is everyone
  close(betweenness(g, { sources }), bruteForce(g, (v) => sources.includes(v), () => true));
});

test('subset betweenness counts only shortest paths between the two groups, each pair once', () => {
  const p5 = graphOf(5, path(5));
  // one recruiter (0) and one site (4): the only path 0-1-2-3-4 runs through 1, 2 and 3
  assert.deepEqual([...betweenness(p5, { sources: [0], targets: [4] })], [0, 1, 1, 1, 0]);
  // the groups can be swapped: ties are undirected
  assert.deepEqual([...betweenness(p5, { sources: [4], targets: [0] })], [0, 1, 1, 1, 0]);
  // overlapping groups {0,2,4} and {0,2,4}: pairs {0,2} (via 1), {0,4} (via 1,2,3), {2,4} (via 3)
  assert.deepEqual([...betweenness(p5, { sources: [0, 2, 4], targets: [4, 2, 0, 0] })], [0, 2, 1, 2, 0]);
  // both groups everyone: the plain betweenness
  assert.deepEqual([...betweenness(p5, { sources: [0, 1, 2, 3, 4], targets: [0, 1, 2, 3, 4] })], [0, 3, 4, 3, 0]);
  // on the 4-cycle the pair {0, 2} has two routes: each carries half
  close(betweenness(graphOf(4, cycle(4)), { sources: [0], targets: [2] }), [0, 0.5, 0, 0.5]);
  assert.throws(() => betweenness(p5, { sources: [7] }), RangeError);
});

test('sampled betweenness: exact with every node as pivot, the same for the same seed, and it finds the brokers', () => {
  const g = graphOf(800, scaleFree(800, 3));
  const exact = betweenness(g);
  close(sampledBetweenness(g, 800), exact);
  close(sampledBetweenness(g, 5000), exact);
  const a = sampledBetweenness(g, 160, { seed: 9 });
  assert.deepEqual(a, sampledBetweenness(g, 160, { seed: 9 }));
  assert.notDeepEqual(a, sampledBetweenness(g, 160, { seed: 10 }));
  // scaled by n / samples it estimates the total, not a fifth of it
  assert.ok(Math.abs(sum(a) / sum(exact) - 1) < 0.1, `estimated total ${sum(a)} vs ${sum(exact)}`);
  const top = (x: Float64Array): Set<number> => new Set([...x.keys()].sort((p, q) => x[q]! - x[p]!).slice(0, 10));
  const shared = [...top(a)].filter((v) => top(exact).has(v)).length;
  assert.ok(shared >= 7, `only ${shared} of the top 10 brokers found`);
  assert.throws(() => sampledBetweenness(g, 0), RangeError);
});

// ---- PageRank ---------------------------------------------------------------------------------

test('PageRank of a star: the hub 88/185, each of 4 leaves 97/740', () => {
  // hub h and leaf l with n = 5, d = 0.85: h = 0.03 + 0.85·4l, l = 0.03 + 0.85·h/4
  // ⇒ h = 0.132/0.2775 = 88/185, l = (1 − h)/4 = 97/740 (igraph gives 0.475675…, 0.131081…)
  const { values, iterations } = pagerank(graphOf(5, star(4)));
  close(values, [88 / 185, 97 / 740, 97 / 740, 97 / 740, 97 / 740], 1e-9);
  assert.ok(iterations > 1);
  assert.ok(Math.abs(sum(values) - 1) < 1e-12);
});

test('PageRank of a cycle is uniform, 1/n', () => {
  close(pagerank(graphOf(7, cycle(7))).values, new Array(7).fill(1 / 7), 1e-12);
});

test('PageRank: a node without ties spreads its rank over everyone', () => {
  // triangle 0-1-2 and isolated 3, n = 4: i = 0.0375 + 0.85·i/4 ⇒ i = 1/21; each triangle node (1 − i)/3 = 20/63
  close(pagerank(graphOf(4, [[0, 1], [1, 2], [2, 0]])).values, [20 / 63, 20 / 63, 20 / 63, 1 / 21], 1e-9);
  // no ties at all: uniform
  close(pagerank(graphOf(3, [])).values, [1 / 3, 1 / 3, 1 / 3], 1e-12);
});

test('weighted PageRank follows a tie as often as it was recorded (igraph on the multigraph)', () => {
  // 0-1 recorded twice, 1-2 once: x1 = 18/37, x0 = (1.85 + 10.2)/37, x2 = (1.85 + 5.1)/37
  const g = compactGraph(3, [0, 1, 1], [1, 0, 2]);
  close(pagerank(g, { weighted: true }).values, [12.05 / 37, 18 / 37, 6.95 / 37], 1e-9);
  // unweighted it is the path P3: the ends are equal
  const plain = pagerank(g).values;
  assert.ok(Math.abs(plain[0]! - plain[2]!) < 1e-12);
  assert.throws(() => pagerank(g, { damping: 1.5 }), RangeError);
});

// ---- eigenvector ------------------------------------------------------------------------------

test('eigenvector centrality of a star: hub 1, each of 4 leaves 1/2', () => {
  // K(1,4) has largest eigenvalue √4 = 2 with eigenvector (2, 1, 1, 1, 1); without the A + I
  // shift power iteration on this bipartite graph would swing between hub-heavy and leaf-heavy
  const { values, iterations } = eigenvectorCentrality(graphOf(5, star(4)));
  close(values, [1, 0.5, 0.5, 0.5, 0.5], 1e-8);
  assert.ok(iterations < 1000);
});

test('eigenvector centrality on a disconnected graph concentrates on the dominant part', () => {
  // triangle (eigenvalue 2) beside the path 3-4-5 (eigenvalue √2): the path's share decays to 0
  const { values, converged } = eigenvectorCentrality(graphOf(6, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5]]));
  assert.ok(converged);
  close(values, [1, 1, 1, 0, 0, 0], 1e-7);
  // no ties anywhere: every node 1, as igraph
  assert.deepEqual([...eigenvectorCentrality(graphOf(3, [])).values], [1, 1, 1]);
});

// ---- hostile inputs ---------------------------------------------------------------------------

test('the empty graph gives empty answers', () => {
  const g = graphOf(0, []);
  assert.equal(degreeCentrality(g).length, 0);
  assert.equal(betweenness(g).length, 0);
  assert.equal(sampledBetweenness(g, 10).length, 0);
  assert.equal(pagerank(g).values.length, 0);
  assert.equal(eigenvectorCentrality(g).values.length, 0);
  const net = networkOf(0, []);
  for (const measure of ['degree', 'betweenness', 'eigenvector', 'pagerank'] as const) {
    const result = centrality(net, { measure });
    assert.deepEqual(result.top, []);
    assert.match(result.explanation, /empty/);
  }
});

test('a hub with 100,000 ties (a shared call-centre number) is handled by every measure', () => {
  const k = 100_000;
  const g = graphOf(k + 1, star(k));
  assert.equal(degreeCentrality(g)[0], k);
  // PageRank of the star, n = k + 1: each leaf gets (1 − d)/n plus its 1/k of the hub's walk,
  // l = 0.15/n + 0.85·h/k, and the total is 1
  const n = k + 1;
  const pr = pagerank(g).values;
  const h = pr[0]!;
  const l = pr[1]!;
  assert.ok(Math.abs(l - (0.15 / n + (0.85 * h) / k)) < 1e-12);
  assert.ok(Math.abs(h + k * l - 1) < 1e-9);
  // eigenvector: leaves 1/√k of the hub
  const ev = eigenvectorCentrality(g).values;
  assert.ok(Math.abs(ev[0]! - 1) < 1e-12 && Math.abs(ev[7]! - 1 / Math.sqrt(k)) < 1e-8);
  // sampled betweenness: leaves broker nothing, the hub about C(k, 2)
  const sb = sampledBetweenness(g, 16, { seed: 1 });
  assert.equal(sb[5], 0);
  assert.ok(Math.abs(sb[0]! / ((k * (k - 1)) / 2) - 1) < 0.01);
  // the one-call API samples on its own above 20,000 nodes
  const result = centrality(networkOf(k + 1, star(k)), { measure: 'betweenness', top: 2, sample: 64 });
  assert.equal(result.exact, false);
  assert.equal(result.samples, 64);
  assert.equal(result.top[0]!.id, 'n0');
  assert.match(result.top[0]!.explanation, /^lies on an estimated 100% of shortest paths between other nodes \(rank 1 of 100,001\)$/);
  assert.match(result.explanation, /64 randomly chosen nodes/);
});

test('an aborted signal stops every analysis with CANCELLED', () => {
  const controller = new AbortController();
  controller.abort();
  const signal = controller.signal;
  const g = graphOf(6, bridgedTriangles);
  const cancelled = { code: 'CANCELLED' };
  assert.throws(() => betweenness(g, { signal }), cancelled);
  assert.throws(() => betweenness(g, { signal, sources: [0], targets: [5] }), cancelled);
  assert.throws(() => sampledBetweenness(g, 2, { signal }), cancelled);
  assert.throws(() => pagerank(g, { signal }), cancelled);
  assert.throws(() => eigenvectorCentrality(g, { signal }), cancelled);
  assert.throws(() => centrality(networkOf(6, bridgedTriangles), { measure: 'betweenness' }, { signal }), cancelled);
});

test('progress is reported up to the total', () => {
  const seen: [number, number][] = [];
  betweenness(graphOf(200, path(200)), { onProgress: (done, total) => seen.push([done, total]) });
  assert.ok(seen.length >= 2);
  assert.deepEqual(seen.at(-1), [200, 200]);
});

// ---- ranking and selection --------------------------------------------------------------------

test('rankNodes: ties share the lower rank, top cuts the list, filtered and NaN values are not ranked', () => {
  const net = networkOf(6, []);
  const values = [3, 5, NaN, 5, 1, 3];
  const ranked = rankNodes(net, values, 4, (v, r, n, node) => `${v}@${r}/${n}#${node}`);
  // 5, 5 (n1 before n3), 3, 3 (n0 before n5), 1; NaN left out: 5 ranked
  assert.deepEqual(ranked.map((x) => [x.id, x.rank, x.explanation]), [
    ['n1', 1, '5@1/5#1'], ['n3', 1, '5@1/5#3'], ['n0', 3, '3@3/5#0'], ['n5', 3, '3@3/5#5'],
  ]);
  assert.equal(ranked[0]!.caption, 'Person 1');
  assert.deepEqual(rankNodes(net, values, 10, (_v, r, n) => `${r}/${n}`, (v) => v < 5).map((x) => x.explanation), ['1/3', '1/3', '3/3']);
  assert.deepEqual(rankNodes(net, values, 0, () => ''), []);
  assert.throws(() => rankNodes(net, [1, 2], 3, () => ''), RangeError);
});

test('selectNodes picks by role tag or entity id and refuses what matches nothing', () => {
  const net = networkOf(5, path(5), { 0: ['recruiter'], 2: ['recruiter', 'perpetrator'], 4: ['victim'] });
  assert.deepEqual([...selectNodes(net, ['recruiter'])], [0, 2]);
  assert.deepEqual([...selectNodes(net, ['victim', 'id:n1', 'perpetrator', 'id:n1'])], [1, 2, 4]);
  assert.equal(selectNodes(net, ['schema:Person']).length, 5);
  assert.equal(selectNodes(net, []).length, 0);
  assert.throws(() => selectNodes(net, ['id:person-unknown']), { code: 'NOT_FOUND', message: /person-unknown/ });
  assert.throws(() => selectNodes(net, ['buyer']), { code: 'VALIDATION_FAILED', message: /"buyer"/ });
  assert.throws(() => selectNodes(net, [' ']), { code: 'VALIDATION_FAILED' });
  assert.equal(describeSelectors(net, ['recruiter', 'id:n4']), 'Person 4 or recruiter nodes');
  assert.equal(describeSelectors(net, ['schema:BankAccount']), 'BankAccount nodes');
});

// ---- the one-call API -------------------------------------------------------------------------

test('centrality() ranks and explains each measure in a sentence', () => {
  const p5 = networkOf(5, path(5));
  const degree = centrality(p5, { measure: 'degree', top: 2 });
  assert.deepEqual(degree.top.map((x) => [x.id, x.value, x.rank, x.explanation]), [
    ['n1', 2, 1, 'tied to 2 others (rank 1 of 5)'],
    ['n2', 2, 1, 'tied to 2 others (rank 1 of 5)'],
  ]);
  assert.equal(degree.exact, true);

  // node 2 lies on 4 of the C(4,2) = 6 pairs of other nodes
  const between = centrality(p5, { measure: 'betweenness', top: 1 });
  assert.equal(between.exact, true);
  assert.equal(between.samples, undefined);
  assert.equal(between.top[0]!.explanation, 'lies on 66.7% of shortest paths between other nodes (rank 1 of 5)');
  assert.match(between.explanation, /shortest paths/);
  assert.equal(centrality(p5, { measure: 'betweenness' }).top.at(-1)!.explanation, 'lies on no shortest path between other nodes (rank 4 of 5)');

  // star: the hub is visited 0.4757 / (1/5) ≈ 2.4 times as often as the average node
  const pr = centrality(networkOf(5, star(4)), { measure: 'pagerank', top: 5 });
  assert.equal(pr.top[0]!.explanation, 'a walk that follows ties at random would be here 47.6% of the time, 2.4 times as often as an average node (rank 1 of 5)');
  assert.equal(pr.top[1]!.rank, 2);
  assert.ok(pr.iterations! > 0);

  const ev = centrality(networkOf(5, star(4)), { measure: 'eigenvector', top: 2 });
  assert.match(ev.top[0]!.explanation, /score 1, rank 1 of 5/);
  assert.match(ev.top[1]!.explanation, /score 0.50 against 1 for the top node \(rank 2 of 5\)/);
  assert.doesNotMatch(ev.explanation, /separate parts/);
  const split = centrality(networkOf(7, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5]]), { measure: 'eigenvector' });
  assert.match(split.explanation, /falls into 3 separate parts, so the scores mostly describe the part that holds the top node \(3 of 7 nodes\)/);
});

test('centrality() between groups names them: "… of shortest paths between recruiter nodes and victim nodes"', () => {
  // recruiters 0 and 1 on one side, victims 5 and 6 on the other, all routes through 3:
  // 0-2, 1-2, 2-3, 3-4, 4-5, 4-6
  const net = networkOf(7, [[0, 2], [1, 2], [2, 3], [3, 4], [4, 5], [4, 6]], { 0: ['recruiter'], 1: ['recruiter'], 5: ['victim'], 6: ['victim'] });
  const result = centrality(net, { measure: 'betweenness', top: 3, between: { sources: ['recruiter'], targets: ['victim'] } });
  // the 2·2 = 4 recruiter–victim pairs all run through 2, 3 and 4
  assert.deepEqual(result.top.map((x) => [x.id, x.value]), [['n2', 4], ['n3', 4], ['n4', 4]]);
  assert.equal(result.top[1]!.explanation, 'lies on 100% of shortest paths between recruiter nodes and victim nodes (rank 1 of 7)');
  assert.match(result.explanation, /between recruiter nodes and victim nodes/);
  // one named entity against a role
  const one = centrality(net, { measure: 'betweenness', top: 1, between: { sources: ['id:n0'], targets: ['victim'] } });
  assert.equal(one.top[0]!.explanation, 'lies on 100% of shortest paths between Person 0 and victim nodes (rank 1 of 7)');
  assert.throws(() => centrality(net, { measure: 'betweenness', between: { sources: ['buyer'], targets: ['victim'] } }), { code: 'VALIDATION_FAILED', message: /"buyer"/ });
  assert.throws(() => centrality(net, { measure: 'betweenness', between: { sources: ['id:n99'], targets: [] } }), { code: 'NOT_FOUND' });
});

test('centrality() computes exact betweenness up to 20,000 nodes and samples when told to', () => {
  const net = networkOf(300, scaleFree(300, 1));
  const auto = centrality(net, { measure: 'betweenness', top: 3 });
  assert.equal(auto.exact, true);
  const sampled = centrality(net, { measure: 'betweenness', top: 3, sample: 50 });
  assert.equal(sampled.exact, false);
  assert.equal(sampled.samples, 50);
  assert.match(sampled.explanation, /50 randomly chosen nodes \(fixed seed\) out of 300/);
  assert.match(sampled.top[0]!.explanation, /^lies on an estimated /);
  // more pivots than nodes is simply exact
  assert.deepEqual(centrality(net, { measure: 'betweenness', top: 3, sample: 1000 }), auto);
  // above 20,000 nodes 'auto' samples 1,000 pivots (isolated nodes keep this test quick)
  const large = centrality(networkOf(20_001, [[0, 1], [1, 2]]), { measure: 'betweenness', top: 1 });
  assert.equal(large.exact, false);
  assert.equal(large.samples, 1000);
  assert.match(large.explanation, /1,000 randomly chosen nodes \(fixed seed\) out of 20,001/);
});

test('centrality() between groups samples pivots on the smaller side when told to', () => {
  // recruiters 0 and 1 are interchangeable, so one sampled recruiter, counted twice, gives the exact 4
  const net = networkOf(7, [[0, 2], [1, 2], [2, 3], [3, 4], [4, 5], [4, 6], [6, 5]], { 0: ['recruiter'], 1: ['recruiter'], 5: ['victim'], 6: ['victim'], 3: ['victim'] });
  const result = centrality(net, { measure: 'betweenness', top: 2, sample: 1, between: { sources: ['recruiter'], targets: ['victim'] } });
  assert.equal(result.exact, false);
  assert.equal(result.samples, 1);
  // 2 recruiters × 3 victims = 6 pairs, all through node 2; node 3 is an end of 2 of them and inside the other 4
  assert.deepEqual(result.top.map((x) => [x.id, x.value]), [['n2', 6], ['n3', 4]]);
  assert.match(result.explanation, /1 randomly chosen node \(fixed seed\) out of 2/);
  // node 3 can lie on 6 − 2 = 4 of the pairs that do not end at it: all of them
  assert.equal(result.top[1]!.explanation, 'lies on an estimated 100% of shortest paths between recruiter nodes and victim nodes (rank 2 of 7)');
});

test('centrality() refuses malformed requests with VALIDATION_FAILED', () => {
  const net = networkOf(3, path(3));
  const invalid = { code: 'VALIDATION_FAILED' };
  assert.throws(() => centrality(net, { measure: 'closeness' as 'degree' }), invalid);
  assert.throws(() => centrality(net, { measure: 'degree', top: -1 }), invalid);
  assert.throws(() => centrality(net, { measure: 'degree', top: 1.5 }), invalid);
  assert.throws(() => centrality(net, { measure: 'betweenness', sample: 0 }), invalid);
  assert.throws(() => centrality(net, { measure: 'pagerank', between: { sources: ['x'], targets: ['y'] } }), invalid);
});
