import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactGraph, components, degreeOf, inducedSubgraph } from '../src/compact-graph.ts';

test('self-loops are dropped and parallel edges merged into one weighted edge', () => {
  // 0-1 twice, 1-1 self-loop, 1-2
  const g = compactGraph(3, [0, 1, 1, 1], [1, 0, 1, 2]);
  assert.equal(g.m, 2);
  assert.equal(g.selfLoops, 1);
  assert.equal(g.parallelMerged, 1);
  assert.deepEqual([...g.neighbours.subarray(g.offsets[1]!, g.offsets[2]!)], [0, 2]);
  assert.deepEqual([...g.weights.subarray(g.offsets[1]!, g.offsets[2]!)], [2, 1]);
  assert.equal(degreeOf(g, 1), 2);
});

test('weighted parallel edges add their weights', () => {
  const g = compactGraph(2, [0, 1], [1, 0], [2.5, 0.5]);
  assert.deepEqual([...g.weights], [3, 3]);
});

test('an endpoint outside the graph is refused', () => {
  assert.throws(() => compactGraph(2, [0], [2]), RangeError);
  assert.throws(() => compactGraph(2, [0.5], [1]), RangeError);
});

test('the empty graph has no edges and no components', () => {
  const g = compactGraph(0, [], []);
  assert.equal(g.m, 0);
  assert.equal(components(g).count, 0);
});

test('components count isolated nodes and skip removed ones', () => {
  // 0-1-2   3   4-5
  const g = compactGraph(6, [0, 1, 4], [1, 2, 5]);
  assert.deepEqual(components(g).sizes, [3, 1, 2]);
  const removed = new Uint8Array(6);
  removed[1] = 1;
  assert.deepEqual(components(g, removed).sizes, [1, 1, 1, 2]);
});

test('an induced subgraph keeps the ties among kept nodes, renumbered', () => {
  const g = compactGraph(4, [0, 1, 2], [1, 2, 3]);
  const { graph, original, renumbered } = inducedSubgraph(g, [1, 0, 1, 1]);
  assert.equal(graph.n, 3);
  assert.equal(graph.m, 1); // only 2-3 survives
  assert.deepEqual([...original], [0, 2, 3]);
  assert.equal(renumbered[1], -1);
});
