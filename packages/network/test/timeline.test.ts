import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeSpan, dateSpan, isoDay } from '../src/dates.ts';
import { timeline } from '../src/timeline.ts';
import type { EntityNetwork, NetworkEdge } from '../src/types.ts';

const SOURCES = Object.freeze(['test']);
const ROLES = Object.freeze(['schema:Person']);

/** persons A..E and ties between them with the given dates */
function network(ties: readonly [string, string, string | null, string | null][]): EntityNetwork {
  const ids = [...new Set(ties.flatMap(([s, t]) => [s, t]))];
  return {
    nodes: ids.map((id) => ({ id, schema: 'Person', caption: `Person ${id}`, roles: ROLES, caseId: null })),
    edges: ties.map(([source, target, start, end], i): NetworkEdge => ({
      id: `e${i}`, source, target, type: 'Associate', kind: 'associate', label: 'associate', directed: false, start, end, sources: SOURCES, weight: 1,
    })),
    stats: { entities: ids.length, relations: ties.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 },
  };
}

test('partial dates cover the days they name', () => {
  assert.deepEqual(dateSpan('2016')!.map(isoDay), ['2016-01-01', '2016-12-31']);
  assert.deepEqual(dateSpan('2016-02')!.map(isoDay), ['2016-02-01', '2016-02-29']); // a leap year
  assert.deepEqual(dateSpan('2016-03-14T10:00:00Z')!.map(isoDay), ['2016-03-14', '2016-03-14']);
  assert.equal(dateSpan('last spring'), null);
  assert.equal(dateSpan('2016-13'), null);
  assert.equal(dateSpan(null), null);
  // from the start's first day to the end's last day; a tie with one date lasts that date's span
  assert.deepEqual(activeSpan('2016-02', '2016-03')!.map(isoDay), ['2016-02-01', '2016-03-31']);
  assert.deepEqual(activeSpan(null, '2017')!.map(isoDay), ['2017-01-01', '2017-12-31']);
  assert.equal(activeSpan(null, null), null);
});

test('monthly windows rank the ties active in each month and name who rose', () => {
  // Jan: A-B; Feb and Mar: B-C (one tie lasting two months); Apr: C-D and C-E; D-E undated
  const net = network([['A', 'B', '2016-01-05', null], ['B', 'C', '2016-02', '2016-03'], ['C', 'D', '2016-04-01', null], ['C', 'E', '2016-04-20', null], ['D', 'E', null, null]]);
  const result = timeline(net, { measure: 'degree', interval: 'month', top: 3 });
  assert.deepEqual(result.windows.map((w) => [w.from, w.to, w.nodes, w.edges]), [
    ['2016-01-01', '2016-01-31', 2, 1],
    ['2016-02-01', '2016-02-29', 2, 1],
    ['2016-03-01', '2016-03-31', 2, 1],
    ['2016-04-01', '2016-04-30', 3, 2],
  ]);
  // April: C is tied to D and E (degree 2, rank 1), D and E share rank 2
  assert.deepEqual(result.windows[3]!.top.map((r) => [r.id, r.rank]), [['C', 1], ['D', 2], ['E', 2]]);
  // C was absent in January's ranking and appears in February (B was already there, rank 1, so did not rise);
  // in April D and E are new; C held rank 1 in March and stays 1, not a riser
  const risers = result.risers.map((r) => [r.id, r.window.slice(0, 7), r.fromRank, r.toRank]);
  assert.deepEqual(risers.sort(), [['C', '2016-02', null, 1], ['D', '2016-04', null, 2], ['E', '2016-04', null, 2]]);
  assert.match(result.explanation, /4 month windows from 2016-01-01 to 2016-04-30/);
  assert.match(result.explanation, /1 undated ties are left out/);
  assert.match(result.risers.find((r) => r.id === 'C')!.explanation, /entered the top 3 by degree/);
});

test('a quarterly timeline of one year has four windows, aligned to quarters', () => {
  const net = network([['A', 'B', '2016-02-10', null], ['B', 'C', '2016-11', null]]);
  const result = timeline(net, { measure: 'pagerank', interval: 'quarter' });
  assert.deepEqual(result.windows.map((w) => w.from), ['2016-01-01', '2016-04-01', '2016-07-01', '2016-10-01']);
  assert.deepEqual(result.windows.map((w) => w.edges), [1, 0, 0, 1]);
  assert.deepEqual(result.windows[1]!.top, [], 'an empty window ranks nobody');
});

test('no dated tie: no windows, and the explanation says why', () => {
  const result = timeline(network([['A', 'B', null, null]]), { measure: 'degree', interval: 'year' });
  assert.deepEqual(result.windows, []);
  assert.match(result.explanation, /None of the 1 ties carries a date/);
  assert.deepEqual(timeline(network([]), { measure: 'degree', interval: 'year' }).windows, []);
});

test('too many windows is refused, and an aborted run stops', () => {
  const long = network([['A', 'B', '2000-01', null], ['B', 'C', '2015-01', null]]);
  assert.throws(() => timeline(long, { measure: 'degree', interval: 'month' }), (e: unknown) => (e as { code?: string }).code === 'VALIDATION_FAILED');
  assert.equal(timeline(long, { measure: 'degree', interval: 'year' }).windows.length, 16);
  const controller = new AbortController();
  controller.abort();
  assert.throws(() => timeline(long, { measure: 'degree', interval: 'year' }, { signal: controller.signal }), (e: unknown) => (e as { code?: string }).code === 'CANCELLED');
});
