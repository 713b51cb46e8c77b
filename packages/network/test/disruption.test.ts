import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AriadneError } from '@ariadne/schema';
import { compactGraph } from '../src/compact-graph.ts';
import { networkShape, planDisruption } from '../src/disruption.ts';
import { cliqueEdges, ids, network, networkOf } from './disruption-networks.ts';

const close = (actual: number, expected: number, what = ''): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${what} ${actual} ≠ ${expected}`);

// Two 5-cliques {0..4} and {6..10} joined through node 5 (tied to 4 and 6).
const BOW_TIE = `${cliqueEdges(0)} ${cliqueEdges(6)} 4-5 5-6`;

test('bow-tie, k = 1: the middle node; F from 0 to 5/9, the degree baseline only 8/15', () => {
  // Without 5: two groups of 5 among 10 nodes, Σ s(s−1) = 20 + 20 = 40, F = 1 − 40/90 = 5/9.
  // The best-connected node is 4 (degree 5, tied with 6; the lower number wins): it leaves
  // {0..3} and {5..10}, Σ = 12 + 30 = 42, F = 1 − 42/90 = 8/15.
  const plan = planDisruption(network(11, BOW_TIE), { k: 1, objective: 'fragmentation' });
  assert.deepEqual(ids(plan.remove), ['person-5']);
  assert.equal(plan.before.fragmentation, 0);
  assert.equal(plan.before.components, 1);
  close(plan.after.fragmentation, 5 / 9);
  assert.equal(plan.after.components, 2);
  assert.equal(plan.after.largestComponent, 5);
  assert.equal(plan.after.nodes, 10);
  assert.equal(plan.after.edges, 20);
  assert.equal(plan.after.flow, null);
  assert.deepEqual(ids(plan.baseline.remove), ['person-4']);
  close(plan.baseline.after.fragmentation, 8 / 15);
  assert.match(plan.remove[0]!.explanation, /cuts 5 nodes off from the rest of its group of 11/);
  assert.match(plan.explanation, /from 0\.00 to 0\.56 \(largest group 11 → 5 nodes/);
  assert.match(plan.explanation, /best-connected node instead reaches 0\.53/);
});

test('the same bow-tie with self-loops and repeated ties gives the same plan', () => {
  const noisy = `${BOW_TIE} 5-5 4-5 5-4 0-0 0-1`;
  const plan = planDisruption(network(11, noisy), { k: 1, objective: 'fragmentation' });
  assert.deepEqual(ids(plan.remove), ['person-5']);
  close(plan.after.fragmentation, 5 / 9);
});

test('path of 7: the middle node, for fragmentation and for distance fragmentation', () => {
  // Without 3: {0,1,2} and {4,5,6}, Σ = 6 + 6 = 12 over 6·5 = 30 pairs, F = 0.6 (without 2: 2 + 12 → 0.53).
  // D_F: a path of 3 has ordered Σ 1/d = 2·(1 + 1 + 1/2) = 5, twice that over 30 pairs: 1 − 10/30 = 2/3.
  // Before: Σ over the 21 unordered pairs of 1/d = 6·1 + 5/2 + 4/3 + 3/4 + 2/5 + 1/6 = 11.15, D_F = 1 − 22.3/42.
  const net = network(7, '0-1 1-2 2-3 3-4 4-5 5-6');
  const plan = planDisruption(net, { k: 1, objective: 'fragmentation' });
  assert.deepEqual(ids(plan.remove), ['person-3']);
  close(plan.after.fragmentation, 0.6);
  const distance = planDisruption(net, { k: 1, objective: 'distance-fragmentation' });
  assert.deepEqual(ids(distance.remove), ['person-3']);
  close(distance.before.distanceFragmentation, 1 - 22.3 / 42);
  close(distance.after.distanceFragmentation, 2 / 3);
  assert.match(distance.explanation, /exact/);
});

test('star: removing the centre isolates everyone (F and D_F reach 1)', () => {
  // centre 0 with 4 leaves: D_F before = 1 − (8·1 + 12·½)/20 = 0.3
  const net = network(5, '0-1 0-2 0-3 0-4');
  for (const objective of ['fragmentation', 'distance-fragmentation'] as const) {
    const plan = planDisruption(net, { k: 1, objective });
    assert.deepEqual(ids(plan.remove), ['person-0']);
    close(plan.before.distanceFragmentation, 0.3);
    assert.equal(plan.after.fragmentation, 1);
    assert.equal(plan.after.distanceFragmentation, 1);
    assert.equal(plan.after.components, 4);
  }
});

test('greedy alone misses the best pair on a cycle with a tail: the top-2 by degree is kept, and said to be', () => {
  // 5-cycle 0-1-2-3-4-0; 5 tied to 3 and 4; 6 hangs off 5. Greedy first takes 5, the only node
  // whose removal splits anything (it cuts off 6), then any cycle node: a path of 4 plus 6 left,
  // Σ = 12 over 5·4 = 20 pairs, F = 0.4. The best-connected, 3 and 4 (3 ties each, as has 5; the
  // lower numbers win), leave {0,1,2} and {5,6}: Σ = 6 + 2 = 8, F = 0.6.
  const net = network(7, '0-1 1-2 2-3 3-4 4-0 3-5 4-5 5-6');
  const greedy = planDisruption(net, { k: 2, objective: 'fragmentation', localSearch: false });
  assert.equal(greedy.method, 'greedy');
  assert.deepEqual(ids(greedy.remove).sort(), ['person-3', 'person-4']);
  assert.deepEqual(ids(greedy.baseline.remove).sort(), ['person-3', 'person-4']);
  close(greedy.after.fragmentation, 0.6);
  assert.match(greedy.explanation, /The top-2 by degree is already the best set found: the best other set found reaches a fragmentation of 0\.40 against 0\.60\./);
  // local search starts from the better of the two and finds no better swap
  const searched = planDisruption(net, { k: 2, objective: 'fragmentation' });
  assert.deepEqual(ids(searched.remove).sort(), ['person-3', 'person-4']);
  assert.match(searched.explanation, /Local search started from the top-2 by degree, which measured better than the greedy choice, and found no better swap/);
});

test('local search beats greedy and the degree baseline on a path of 7 (k = 2)', () => {
  // Greedy takes the middle 3 (F 0.6), then 1 (leaves {0}, {2}, {4,5,6}: Σ 6 over 5·4 = 20, F 0.7).
  // The baseline {1, 2} (every inner node has 2 ties; the lower numbers win) leaves {0} and
  // {3,4,5,6}: Σ 12, F 0.4. Freeing 3 and taking 4 leaves {0}, {2,3}, {5,6}: Σ 4, F 0.8, the best
  // any two removals reach (three pieces of 5 nodes, pairs at least 2 + 2).
  const net = network(7, '0-1 1-2 2-3 3-4 4-5 5-6');
  const greedy = planDisruption(net, { k: 2, objective: 'fragmentation', localSearch: false });
  assert.deepEqual(ids(greedy.remove).sort(), ['person-1', 'person-3']);
  close(greedy.after.fragmentation, 0.7);
  const improved = planDisruption(net, { k: 2, objective: 'fragmentation' });
  assert.equal(improved.method, 'greedy+local-search');
  assert.deepEqual(ids(improved.remove).sort(), ['person-1', 'person-4']);
  close(improved.after.fragmentation, 0.8);
  close(improved.baseline.after.fragmentation, 0.4);
  assert.match(improved.explanation, /removing the 2 best-connected instead reaches 0\.40\. Local search improved on the greedy choice with 1 swap\./);
});

test('local search is never worse than greedy (random graphs, every objective)', () => {
  let seed = 9;
  const random = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  for (let trial = 0; trial < 20; trial++) {
    const n = 8 + Math.floor(random() * 12);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 1.5 * n; i++) { a.push(Math.floor(random() * n)); b.push(Math.floor(random() * n)); }
    const net = networkOf(n, a, b, { 0: ['recruiter'], 1: ['recruiter'], [n - 1]: ['buyer'], [n - 2]: ['buyer'] });
    const k = 1 + (trial % 3);
    for (const objective of ['fragmentation', 'distance-fragmentation'] as const) {
      const g = planDisruption(net, { k, objective, localSearch: false });
      const l = planDisruption(net, { k, objective });
      const key = objective === 'fragmentation' ? 'fragmentation' : 'distanceFragmentation';
      assert.ok(l.after[key] >= g.after[key] - 1e-12, `${objective}, trial ${trial}`);
    }
    const cut = { k, objective: 'cut' as const, sources: ['recruiter'], targets: ['buyer'] };
    assert.ok(planDisruption(net, cut).after.flow! <= planDisruption(net, { ...cut, localSearch: false }).after.flow!);
  }
});

test('cut: two disjoint routes (flow 2), a cut of 2 with k = 2, one route left with k = 1', () => {
  // Recruiter 0 reaches buyer 3 through 1 and through 2
  const net = network(4, '0-1 0-2 1-3 2-3', { 0: ['recruiter'], 3: ['buyer'] });
  const request = { objective: 'cut' as const, sources: ['recruiter'], targets: ['buyer'] };
  const exact = planDisruption(net, { ...request, k: 2 });
  assert.equal(exact.method, 'exact-cut');
  assert.deepEqual(ids(exact.remove).sort(), ['person-1', 'person-2']);
  assert.equal(exact.before.flow, 2);
  assert.equal(exact.after.flow, 0);
  assert.match(exact.explanation, /^A cut of 2 nodes already separates recruiter nodes from buyer nodes/);
  const partial = planDisruption(net, { ...request, k: 1 });
  assert.equal(partial.remove.length, 1);
  assert.equal(partial.after.flow, 1);
  assert.notEqual(partial.remove[0]!.id, 'person-0'); // the recruiter itself is not taken: it is not forced into the cut
  assert.match(partial.remove[0]!.explanation, /cuts 1 of the 2 independent routes from recruiter nodes to buyer nodes/);
});

test('cut: greedy takes the bottleneck before a node on a side branch', () => {
  // recruiters 0, 1 → 2 → 3 → buyer 5, and 0 → 4 → buyer 6: flow 2 (through 2 or 3, and through 4).
  // With k = 1 any node of the cut {2 or 3, 4} lowers the flow to 1; the tie goes to the node
  // leaving fewer recruiter–buyer pairs connected: 2 (or 3) leaves only 0–6 (1 pair), 4 leaves 4 pairs.
  const net = network(7, '0-2 1-2 2-3 3-5 0-4 4-6', { 0: ['recruiter'], 1: ['recruiter'], 5: ['buyer'], 6: ['buyer'] });
  const plan = planDisruption(net, { k: 1, objective: 'cut', sources: ['recruiter'], targets: ['buyer'] });
  assert.equal(plan.before.flow, 2);
  assert.equal(plan.after.flow, 1);
  assert.ok(['person-2', 'person-3'].includes(plan.remove[0]!.id));
  assert.match(plan.remove[0]!.explanation, /1 source–target pairs stay connected \(was 4\)/);
});

test('cut: a recruiter tied directly to a buyer must be in the cut', () => {
  // 0 (recruiter) – 3 (buyer) directly, and 0 → 1 → 3: removing 0 ends both routes
  const net = network(4, '0-3 0-1 1-3 2-3', { 0: ['recruiter'], 3: ['buyer'] });
  const plan = planDisruption(net, { k: 2, objective: 'cut', sources: ['recruiter'], targets: ['buyer'] });
  assert.equal(plan.method, 'exact-cut');
  assert.equal(plan.before.flow, 2);
  assert.deepEqual(ids(plan.remove), ['person-0']);
  assert.equal(plan.after.flow, 0);
  assert.match(plan.remove[0]!.explanation, /tied directly to the other side/);
});

test('cut: a node that is both source and target is a route of its own', () => {
  // 1 is a recruiter and a buyer; 0 → 2 → 3 is another route
  const net = network(4, '0-1 0-2 2-3', { 0: ['recruiter'], 1: ['recruiter', 'buyer'], 3: ['buyer'] });
  const plan = planDisruption(net, { k: 5, objective: 'cut', sources: ['recruiter'], targets: ['buyer'] });
  assert.equal(plan.before.flow, 2);
  assert.deepEqual(ids(plan.remove).sort(), ['person-1', 'person-2']);
  assert.equal(plan.after.flow, 0);
});

test('cut: no route between the roles, nothing to remove', () => {
  const net = network(4, '0-1 2-3', { 0: ['recruiter'], 3: ['buyer'] });
  const plan = planDisruption(net, { k: 3, objective: 'cut', sources: ['recruiter'], targets: ['buyer'] });
  assert.equal(plan.before.flow, 0);
  assert.deepEqual(plan.remove, []);
  assert.match(plan.explanation, /No route runs from recruiter nodes to buyer nodes/);
});

test('roles with a fragmentation objective add the flow to before and after', () => {
  const net = network(11, BOW_TIE, { 0: ['recruiter'], 10: ['buyer'] });
  const plan = planDisruption(net, { k: 1, objective: 'fragmentation', sources: ['recruiter'], targets: ['buyer'] });
  assert.equal(plan.before.flow, 1);
  assert.equal(plan.after.flow, 0);
});

test('a disconnected network: the plan splits the larger part', () => {
  // triangle 0-1-2 and path 3-4-5-6-7. Before: Σ = 6 + 20 = 26 over 56, F = 15/28.
  // Without 5: {3,4}, {6,7} and the triangle, Σ = 2 + 2 + 6 = 10 over 42, F = 16/21 (without 4: 12/42 → 5/7).
  const plan = planDisruption(network(8, '0-1 1-2 2-0 3-4 4-5 5-6 6-7'), { k: 1, objective: 'fragmentation' });
  close(plan.before.fragmentation, 15 / 28);
  assert.equal(plan.before.components, 2);
  assert.deepEqual(ids(plan.remove), ['person-5']);
  close(plan.after.fragmentation, 16 / 21);
  assert.equal(plan.after.components, 3);
});

test('the empty network has nothing to disrupt', () => {
  const plan = planDisruption(network(0, ''), { k: 5, objective: 'fragmentation' });
  assert.deepEqual(plan.remove, []);
  assert.equal(plan.before.nodes, 0);
  assert.equal(plan.after.fragmentation, 0);
  assert.match(plan.explanation, /empty/);
});

test('k at least the number of nodes removes them all', () => {
  const plan = planDisruption(network(3, '0-1 1-2'), { k: 5, objective: 'distance-fragmentation' });
  assert.equal(plan.remove.length, 3);
  assert.equal(plan.remove[0]!.id, 'person-1'); // best-connected first
  assert.equal(plan.after.nodes, 0);
  assert.equal(plan.after.fragmentation, 1);
  assert.equal(plan.after.distanceFragmentation, 1);
});

test('a hub with 100,000 leaves (and self-loops, repeated ties): removing the hub shatters it', () => {
  const leaves = 100_000;
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 1; i <= leaves; i++) { src.push(0); dst.push(i); }
  src.push(0, 0, 7); dst.push(0, 1, 7); // a self-loop on the hub and on a leaf, a repeated tie
  const plan = planDisruption(networkOf(leaves + 1, src, dst), { k: 1, objective: 'fragmentation' });
  assert.deepEqual(ids(plan.remove), ['person-0']);
  assert.equal(plan.before.edges, leaves);
  assert.equal(plan.after.fragmentation, 1);
  assert.equal(plan.after.components, leaves);
  assert.match(plan.remove[0]!.explanation, /cuts 99,999 nodes off/);
});

test('k outside 1..50, an unknown objective and missing roles are refused', () => {
  const net = network(3, '0-1 1-2', { 0: ['recruiter'], 2: ['buyer'] });
  const invalid = (e: unknown): boolean => e instanceof AriadneError && e.code === 'VALIDATION_FAILED';
  for (const k of [0, 51, 1.5, Number.NaN]) assert.throws(() => planDisruption(net, { k, objective: 'fragmentation' }), invalid);
  assert.throws(() => planDisruption(net, { k: 1, objective: 'centrality' as never }), invalid);
  assert.throws(() => planDisruption(net, { k: 1, objective: 'cut' }), invalid);
  assert.throws(() => planDisruption(net, { k: 1, objective: 'cut', sources: ['recruiter'] }), invalid);
  assert.throws(() => planDisruption(net, { k: 1, objective: 'cut', sources: ['smuggler'], targets: ['buyer'] }), invalid);
});

test('an unknown entity id among the roles is NOT_FOUND', () => {
  const net = network(3, '0-1 1-2', { 2: ['buyer'] });
  assert.throws(
    () => planDisruption(net, { k: 1, objective: 'cut', sources: ['id:person-99'], targets: ['buyer'] }),
    (e: unknown) => e instanceof AriadneError && e.code === 'NOT_FOUND',
  );
});

test('an aborted signal cancels every objective', () => {
  const net = network(11, BOW_TIE, { 0: ['recruiter'], 10: ['buyer'] });
  const controller = new AbortController();
  controller.abort();
  const cancelled = (e: unknown): boolean => e instanceof AriadneError && e.code === 'CANCELLED';
  for (const objective of ['fragmentation', 'distance-fragmentation', 'cut'] as const) {
    assert.throws(() => planDisruption(net, { k: 2, objective, sources: ['recruiter'], targets: ['buyer'] }, { signal: controller.signal }), cancelled);
  }
  assert.throws(() => networkShape(net.graph, undefined, undefined, { signal: controller.signal }), cancelled);
});

test('progress is reported up to its total', () => {
  const seen: [number, number][] = [];
  planDisruption(network(11, BOW_TIE), { k: 2, objective: 'fragmentation' }, { onProgress: (done, total) => seen.push([done, total]) });
  assert.ok(seen.length > 1);
  const last = seen[seen.length - 1]!;
  assert.equal(last[0], last[1]);
  for (const [done, total] of seen) assert.ok(done <= total);
});

test('networkShape: hand-checked path, removal, and a deterministic estimate on a larger graph', () => {
  // path 0-1-2: ordered Σ 1/d = 2·(1 + 1 + ½) = 5 over 6 pairs, D_F = 1/6; without 1 nothing connects
  const g = compactGraph(3, [0, 1], [1, 2]);
  const shape = networkShape(g);
  assert.deepEqual({ ...shape, distanceFragmentation: 0 }, { nodes: 3, edges: 2, components: 1, largestComponent: 1 * 3, fragmentation: 0, distanceFragmentation: 0, flow: null });
  close(shape.distanceFragmentation, 1 / 6);
  const cut = networkShape(g, Uint8Array.from([0, 1, 0]), { sources: [0], targets: [2] });
  assert.equal(cut.fragmentation, 1);
  assert.equal(cut.distanceFragmentation, 1);
  assert.equal(cut.flow, 0);

  // 4,000 nodes (above the exact limit): two samplings agree with each other and roughly with the exact value
  const n = 4000;
  let seed = 3;
  const random = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const a: number[] = [];
  const b: number[] = [];
  for (let v = 1; v < n; v++) { a.push(v); b.push(Math.floor(random() * v)); } // a random tree…
  for (let i = 0; i < n; i++) { a.push(Math.floor(random() * n)); b.push(Math.floor(random() * n)); } // …plus shortcuts
  const big = compactGraph(n, a, b);
  const estimate = networkShape(big).distanceFragmentation;
  assert.equal(networkShape(big).distanceFragmentation, estimate);
  const exact = networkShape(big, undefined, undefined, { distanceSamples: n }).distanceFragmentation;
  assert.ok(Math.abs(estimate - exact) < 0.02, `${estimate} vs exact ${exact}`);
});
