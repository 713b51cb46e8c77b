import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactGraph, components, degreeOf } from '../src/compact-graph.ts';
import { barabasiAlbert, erdosRenyi, stochasticBlock, type GeneratedGraph } from '../src/generators.ts';

/** Self-loops and repeated pairs of an edge list, counted the way compactGraph counts them. */
function defects(g: GeneratedGraph): { selfLoops: number; parallel: number } {
  const c = compactGraph(g.n, g.sources, g.targets);
  return { selfLoops: c.selfLoops, parallel: c.parallelMerged };
}

test('Barabási–Albert: a clique of m + 1 nodes, then m edges per new node', () => {
  // m = 3: the first 4 nodes form a clique (6 edges), the other 96 nodes add 3 each: 6 + 288
  const g = barabasiAlbert(100, 3, 1);
  assert.equal(g.n, 100);
  assert.equal(g.sources.length, 294);
  assert.deepEqual(defects(g), { selfLoops: 0, parallel: 0 });
  // every node after the clique links only to earlier nodes
  for (let e = 6; e < g.sources.length; e++) assert.ok(g.targets[e]! < g.sources[e]!);
  assert.equal(components(compactGraph(g.n, g.sources, g.targets)).count, 1);
});

test('Barabási–Albert degrees are heavy-tailed: the largest hub holds many times the mean degree', () => {
  // mean degree ≈ 2m = 10; a power law with exponent 3 puts the largest hub near m·√n ≈ 500,
  // while G(n, m) with the same edge count rarely passes 30
  const generated = barabasiAlbert(10_000, 5, 42);
  const ba = compactGraph(generated.n, generated.sources, generated.targets);
  const er = erdosRenyi(10_000, ba.m, 42);
  const maxDegree = (g: GeneratedGraph) => {
    const c = compactGraph(g.n, g.sources, g.targets);
    let max = 0;
    for (let v = 0; v < c.n; v++) max = Math.max(max, degreeOf(c, v));
    return max;
  };
  let baMax = 0;
  for (let v = 0; v < ba.n; v++) baMax = Math.max(baMax, degreeOf(ba, v));
  const mean = (2 * ba.m) / ba.n;
  assert.ok(baMax > 15 * mean, `max degree ${baMax}, mean ${mean}`);
  assert.ok(maxDegree(er) < 4 * mean, `G(n, m) max degree ${maxDegree(er)}`);
});

test('the same seed gives the same graph, another seed another one', () => {
  const same = (a: GeneratedGraph, b: GeneratedGraph) => a.n === b.n && a.sources.every((x, i) => x === b.sources[i]) && a.targets.every((x, i) => x === b.targets[i]);
  assert.ok(same(barabasiAlbert(500, 4, 9), barabasiAlbert(500, 4, 9)));
  assert.ok(!same(barabasiAlbert(500, 4, 9), barabasiAlbert(500, 4, 10)));
  assert.ok(same(erdosRenyi(500, 2000, 9), erdosRenyi(500, 2000, 9)));
  assert.ok(same(stochasticBlock([100, 200], 0.1, 0.01, 9), stochasticBlock([100, 200], 0.1, 0.01, 9)));
  assert.ok(!same(stochasticBlock([100, 200], 0.1, 0.01, 9), stochasticBlock([100, 200], 0.1, 0.01, 8)));
});

test('Erdős–Rényi G(n, m) has exactly m distinct edges and no self-loops, even when dense', () => {
  // 20 nodes have 190 pairs; 180 of them forces many repeated draws to be redrawn
  for (const [n, m] of [[1000, 5000], [20, 180], [20, 190]] as const) {
    const g = erdosRenyi(n, m, 5);
    assert.equal(g.sources.length, m);
    assert.deepEqual(defects(g), { selfLoops: 0, parallel: 0 });
  }
});

test('stochastic block model: edge counts near their expectation, blocks as consecutive ranges', () => {
  // 4 blocks of 250: inside pairs 4 · 250·249/2 = 124,500, expected inside edges 0.04 · 124,500 = 4,980
  // (sd ≈ 69); cross pairs 1000·999/2 − 124,500 = 375,000, expected 0.002 · 375,000 = 750 (sd ≈ 27)
  const g = stochasticBlock([250, 250, 250, 250], 0.04, 0.002, 3);
  assert.equal(g.n, 1000);
  assert.deepEqual([g.block[0], g.block[249], g.block[250], g.block[999]], [0, 0, 1, 3]);
  let inside = 0;
  for (let e = 0; e < g.sources.length; e++) if (g.block[g.sources[e]!] === g.block[g.targets[e]!]) inside++;
  const cross = g.sources.length - inside;
  assert.ok(Math.abs(inside - 4980) < 5 * 69, `inside ${inside}`);
  assert.ok(Math.abs(cross - 750) < 5 * 27, `cross ${cross}`);
  assert.deepEqual(defects(g), { selfLoops: 0, parallel: 0 });
});

test('stochastic block model with pIn = 1 and pOut = 0: disjoint cliques (a disconnected graph)', () => {
  // blocks 3, 1, 4: cliques with 3 + 0 + 6 edges, three components
  const g = stochasticBlock([3, 1, 4], 1, 0, 1);
  assert.equal(g.sources.length, 9);
  const c = compactGraph(g.n, g.sources, g.targets);
  assert.deepEqual(components(c).sizes, [3, 1, 4]);
  assert.deepEqual(defects(g), { selfLoops: 0, parallel: 0 });
});

test('a million-node block model is drawn from edge counts, not by visiting n² pairs', () => {
  // 10⁶ nodes in 100 blocks: 5·10¹¹ pairs could not be visited in a test; expected edges
  // 100 · 10⁴·(10⁴ − 1)/2 · 10⁻⁵ ≈ 50,000 inside, (5·10¹¹ − 5·10⁹) · 2·10⁻⁸ ≈ 9,900 across
  const g = stochasticBlock(new Array<number>(100).fill(10_000), 1e-5, 2e-8, 11);
  assert.equal(g.n, 1_000_000);
  assert.ok(Math.abs(g.sources.length - 59_900) < 1_500, `edges ${g.sources.length}`);
});

test('degenerate sizes: empty graphs, one node, m = 0, a clique smaller than m + 1', () => {
  assert.equal(barabasiAlbert(0, 5, 1).sources.length, 0);
  assert.equal(barabasiAlbert(1, 5, 1).sources.length, 0);
  assert.equal(barabasiAlbert(4, 5, 1).sources.length, 6); // n ≤ m + 1: the clique on 4 nodes
  assert.equal(barabasiAlbert(10, 0, 1).sources.length, 0);
  assert.equal(erdosRenyi(0, 0, 1).sources.length, 0);
  assert.equal(erdosRenyi(1, 0, 1).n, 1);
  const empty = stochasticBlock([], 0.5, 0.5, 1);
  assert.equal(empty.n, 0);
  assert.equal(empty.sources.length, 0);
  assert.equal(stochasticBlock([1, 1, 1], 1, 0, 1).sources.length, 0);
});

test('impossible requests are refused with a clear error, not a hang', () => {
  assert.throws(() => erdosRenyi(10, 46, 1), /do not fit/); // 10 nodes have 45 pairs
  assert.throws(() => erdosRenyi(-1, 0, 1), RangeError);
  assert.throws(() => barabasiAlbert(10, 1.5, 1), RangeError);
  assert.throws(() => stochasticBlock([10], 1.5, 0, 1), /probability/);
  assert.throws(() => stochasticBlock([10], 0.5, Number.NaN, 1), /probability/);
  assert.throws(() => stochasticBlock([-3], 0.5, 0, 1), RangeError);
});
