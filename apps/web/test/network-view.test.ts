/**
 * The explorer's pure parts: the graph built from the API payload, what the view shows (timeline,
 * expand, paths, plan), caption search, colours and the SVG export. The DOM parts (sigma, the
 * layout worker) are exercised by e2e/network-ui.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkEdge, NetworkFilter, NetworkNode } from '../src/api/network-types.ts';
import { buildNetworkGraph, hiddenNeighbours, initialVisible } from '../src/pages/network/build-graph.ts';
import { createCaptionIndex, foldForSearch } from '../src/pages/network/caption-search.ts';
import { COMMUNITY_COLOURS, communityColours, degreeSize, LIGHT_GREYS, MARK, OTHER_COLOUR, rampColour } from '../src/pages/network/palette.ts';
import { escapeXml, renderSvg, svgPaint } from '../src/pages/network/svg-export.ts';
import {
  monthKey, monthLastDay, monthOf, NO_MONTH, tieShownAt, timelineRange, windowFilter,
} from '../src/pages/network/time-window.ts';
import { emptyView, nodesHiddenAt, pathHighlight, sharesOf, styleEdge, styleNode, type NodeStyle } from '../src/pages/network/view-state.ts';

const node = (id: string, schema = 'Person', caption = id): NetworkNode => ({ id, schema, caption, roles: [`schema:${schema}`], caseId: 'c1' });
const edge = (id: string, source: string, target: string, dates: { start?: string; end?: string; weight?: number } = {}): NetworkEdge => ({
  id, source, target, type: 'Membership', kind: 'membership', label: 'belongs to', directed: true,
  start: dates.start ?? null, end: dates.end ?? null, sources: ['ui'], weight: dates.weight ?? 1,
});

/**
 * A (Person) — C (Organization) twice (e1 membership from 2016-03, e7 payment 2018-01-15, weight 4),
 * B — C (e2, 2017 to 2017-06), A — D (phone, e3 undated), B — D (e4 from 2018-02), E alone.
 * Dropped: e5 self-loop A–A, e6 to an unknown node Z, a second e1.
 * Degrees: A = e1 e3 e7 = 3, B = e2 e4 = 2, C = e1 e2 e7 = 3, D = e3 e4 = 2, E = 0.
 */
function sample() {
  return buildNetworkGraph({
    nodes: [node('A'), node('B'), node('C', 'Organization'), node('D', 'Identifier', 'phone …4567'), node('E')],
    edges: [
      edge('e1', 'A', 'C', { start: '2016-03' }), edge('e2', 'B', 'C', { start: '2017', end: '2017-06' }), edge('e3', 'A', 'D'),
      edge('e4', 'B', 'D', { start: '2018-02' }), edge('e5', 'A', 'A'), edge('e6', 'A', 'Z'), edge('e1', 'B', 'E'),
      edge('e7', 'A', 'C', { start: '2018-01-15', weight: 4 }),
    ],
  });
}

test('the graph keeps parallel ties, drops self-loops, unknown endpoints and repeated ids, and counts them', () => {
  const { graph, dropped, nodes, edges } = sample();
  assert.equal(graph.order, 5);
  assert.equal(graph.size, 5); // e1 e2 e3 e4 e7
  assert.deepEqual(dropped, { unknownEndpoints: 1, selfLoops: 1, duplicateIds: 1 });
  assert.deepEqual(['A', 'B', 'C', 'D', 'E'].map((n) => graph.getNodeAttribute(n, 'degree')), [3, 2, 3, 2, 0]);
  assert.equal(graph.edges('A', 'C').length, 2);
  assert.equal(nodes.get('D')?.caption, 'phone …4567');
  assert.equal(edges.get('e1')?.target, 'C', 'the first e1 is kept');
  // weight 4 draws thicker: 1 + 0.5 * log2(4) = 2
  assert.equal(graph.getEdgeAttribute('e7', 'size'), 2);
  // the same positions on every build
  assert.deepEqual(graph.getNodeAttributes('A'), sample().graph.getNodeAttributes('A'));
});

test('an empty payload builds an empty graph', () => {
  const { graph, dropped } = buildNetworkGraph({ nodes: [], edges: [] });
  assert.equal(graph.order, 0);
  assert.deepEqual(dropped, { unknownEndpoints: 0, selfLoops: 0, duplicateIds: 0 });
  assert.deepEqual([...initialVisible(graph)], []);
  assert.deepEqual(nodesHiddenAt(graph, 24_000, 'cumulative').size, 0);
});

test('the view starts with everything when small, else with the best connected; expand adds hidden neighbours', () => {
  const { graph } = sample();
  assert.equal(initialVisible(graph).size, 5);
  // with a limit of 3 nodes, the top 2 by degree: A and C (3 each; A first by id)
  const visible = initialVisible(graph, 3, 2);
  assert.deepEqual([...visible].sort(), ['A', 'C']);
  // A's neighbours: C (shown), D (hidden); C's: A (shown), B (hidden)
  assert.deepEqual(hiddenNeighbours(graph, visible, 'A'), { add: ['D'], remaining: 0 });
  assert.deepEqual(hiddenNeighbours(graph, visible, 'C'), { add: ['B'], remaining: 0 });
  assert.deepEqual(hiddenNeighbours(graph, visible, 'E'), { add: [], remaining: 0 });
  assert.deepEqual(hiddenNeighbours(graph, visible, 'unknown-id'), { add: [], remaining: 0 });
});

test('a hub with 100,000 ties: sized within bounds, shown first, expanded 500 at a time', () => {
  const leaves = Array.from({ length: 100_000 }, (_, i) => node(`p${String(i).padStart(6, '0')}`, 'Person', `Person ${i}`));
  const { graph } = buildNetworkGraph({
    nodes: [node('hub', 'Identifier', 'phone …0000'), ...leaves],
    edges: leaves.map((l, i) => edge(`x${i}`, 'hub', l.id)),
  });
  assert.equal(graph.getNodeAttribute('hub', 'degree'), 100_000);
  assert.equal(graph.getNodeAttribute('hub', 'size'), 18);
  const visible = initialVisible(graph);
  assert.equal(visible.size, 500);
  assert.ok(visible.has('hub'));
  // 499 leaves shown with the hub; 99,501 hidden; one click adds 500 of them
  const { add, remaining } = hiddenNeighbours(graph, visible, 'hub');
  assert.equal(add.length, 500);
  assert.equal(remaining, 99_001);
  assert.ok(add.every((id) => !visible.has(id)));
});

test('months of partial dates, and which ties a month shows', () => {
  assert.equal(monthOf('2016-03-05'), 2016 * 12 + 2);
  assert.equal(monthOf('2016-03'), 2016 * 12 + 2);
  assert.equal(monthOf('2016'), 2016 * 12);
  assert.equal(monthOf('2016', 'end'), 2016 * 12 + 11);
  assert.equal(monthOf('2016-13'), NO_MONTH);
  assert.equal(monthOf('not a date'), NO_MONTH);
  assert.equal(monthOf(null), NO_MONTH);
  assert.equal(monthKey(monthOf('2016-03')), '2016-03');
  assert.equal(monthLastDay(monthOf('2016-02')), '2016-02-29'); // leap year
  assert.equal(monthLastDay(monthOf('2017-02')), '2017-02-28');
  const m = monthOf('2017-04');
  assert.equal(tieShownAt(NO_MONTH, NO_MONTH, m, 'active'), true, 'undated ties always show');
  assert.equal(tieShownAt(monthOf('2017-05'), NO_MONTH, m, 'cumulative'), false, 'not begun yet');
  assert.equal(tieShownAt(monthOf('2016-01'), monthOf('2016-12'), m, 'cumulative'), true, 'begun (and ended) by then');
  assert.equal(tieShownAt(monthOf('2016-01'), monthOf('2016-12'), m, 'active'), false, 'ended before');
  assert.equal(tieShownAt(monthOf('2016-01'), NO_MONTH, m, 'active'), true, 'still going on');
  assert.deepEqual(timelineRange([{ start: null, end: null }]), null);
  assert.deepEqual(timelineRange([{ start: '2016-03', end: null }, { start: '2017', end: '2018-01-15' }]), { first: monthOf('2016-03'), last: monthOf('2018-01') });
});

test('the timeline hides nodes whose every tie falls outside the month; isolated nodes stay', () => {
  const { graph } = sample();
  // 2016-12, cumulative: e1 and e3 show (e2 begins 2017, e4 2018-02, e7 2018-01): B has ties but none shown
  assert.deepEqual([...nodesHiddenAt(graph, monthOf('2016-12'), 'cumulative')], ['B']);
  // 2017-04, active: e2 (2017-01..2017-06) shows, so B does too
  assert.deepEqual([...nodesHiddenAt(graph, monthOf('2017-04'), 'active')], []);
  // 2017-08, active: e2 has ended
  assert.deepEqual([...nodesHiddenAt(graph, monthOf('2017-08'), 'active')], ['B']);
  assert.equal(nodesHiddenAt(graph, null, 'active').size, 0);
});

test('the analysis filter is narrowed to the timeline window, never widened', () => {
  const march = monthOf('2016-03');
  assert.deepEqual(windowFilter<NetworkFilter>({ kinds: ['payment'] }, march, 'cumulative'), { kinds: ['payment'], to: '2016-03-31' });
  assert.deepEqual(windowFilter({ to: '2016-02-01' }, march, 'cumulative'), { to: '2016-02-01' });
  assert.deepEqual(windowFilter({}, march, 'active'), { to: '2016-03-31', from: '2016-03-01' });
  assert.deepEqual(windowFilter({ from: '2016-03-15' }, march, 'active'), { from: '2016-03-15', to: '2016-03-31' });
  const unchanged = { from: '2015-01-01' };
  assert.equal(windowFilter(unchanged, null, 'active'), unchanged);
});

function styled(view: ReturnType<typeof emptyView>, id: string, graph = sample().graph): NodeStyle {
  return styleNode(view, id, { ...graph.getNodeAttributes(id) });
}

test('node styles: hidden, community and centrality colours, the plan, a path, the selection', () => {
  const { graph } = sample();
  const view = emptyView();
  view.visible = new Set(['A', 'B', 'C']);
  assert.equal(styled(view, 'D', graph).hidden, true, 'not expanded');
  view.timeHidden = new Set(['B']);
  assert.equal(styled(view, 'B', graph).hidden, true, 'outside the timeline');

  view.colourBy = 'community';
  view.communityColour = new Map([['A', COMMUNITY_COLOURS[0]]]);
  assert.equal(styled(view, 'A', graph).color, COMMUNITY_COLOURS[0]);
  assert.equal(styled(view, 'C', graph).color, OTHER_COLOUR, 'not in the result: the "other" grey');

  view.colourBy = 'centrality';
  view.sizeByCentrality = true;
  view.centralityShare = sharesOf([{ id: 'A', value: 4 }, { id: 'C', value: 2 }]);
  assert.equal(styled(view, 'A', graph).color, rampColour(1));
  assert.equal(styled(view, 'A', graph).size, 18, 'the largest: 2.5 + 15.5');
  assert.equal(styled(view, 'C', graph).color, rampColour(0.5));

  view.removed = new Set(['C']);
  const c = styled(view, 'C', graph);
  assert.equal(c.color, MARK.removed);
  assert.equal(c.label, '✕ C');
  assert.equal(c.forceLabel, true);

  view.removed = new Set();
  view.path = pathHighlight(graph, [{ nodes: ['A', 'C'], edges: ['e1'], length: 1, explanation: '' }]);
  assert.equal(styled(view, 'A', graph).color, MARK.path);
  const off = styled(view, 'E', graph);
  assert.equal(off.hidden, true, 'E is not visible');
  view.visible.add('E');
  assert.equal(styled(view, 'E', graph).color, LIGHT_GREYS.dimNode);
  assert.equal(styled(view, 'E', graph).label, '', 'dimmed nodes lose their label');

  view.selected = 'A';
  assert.equal(styled(view, 'A', graph).highlighted, true);
});

test('edge styles: the timeline hides, a path highlights its ties (parallel ones too), the plan fades its ties', () => {
  const { graph } = sample();
  const view = emptyView();
  const style = (id: string) => styleEdge(view, graph, id, { ...graph.getEdgeAttributes(id) });
  view.month = monthOf('2016-12');
  assert.equal(style('e2').hidden, true);
  assert.equal(style('e3').hidden, undefined, 'undated');
  view.month = null;
  // the result names e1 only; e7 joins the same two nodes; unknown ids are skipped
  view.path = pathHighlight(graph, [{ nodes: ['B', 'C', 'A', 'ghost'], edges: ['e2', 'e1', 'no-such-edge'], length: 2, explanation: '' }]);
  assert.deepEqual([...view.path.nodes].sort(), ['A', 'B', 'C']);
  assert.deepEqual([...view.path.edges].sort(), ['e1', 'e2', 'e7']);
  assert.equal(style('e7').color, MARK.path);
  assert.equal(style('e3').color, LIGHT_GREYS.dimEdge);
  view.path = null;
  view.removed = new Set(['D']);
  assert.equal(style('e3').color, LIGHT_GREYS.dimEdge);
  assert.equal(style('e1').color, LIGHT_GREYS.edge);
});

test('centrality shares: of the largest, zero when nothing is positive', () => {
  assert.deepEqual([...sharesOf([{ id: 'a', value: 2 }, { id: 'b', value: 1 }, { id: 'c', value: 0 }])], [['a', 1], ['b', 0.5], ['c', 0]]);
  assert.deepEqual([...sharesOf([{ id: 'a', value: 0 }, { id: 'b', value: -1 }])], [['a', 0], ['b', 0]]);
  assert.deepEqual([...sharesOf([{ id: 'a', value: Number.NaN }, { id: 'b', value: 3 }])], [['a', 0], ['b', 1]]);
});

test('caption search: starts-with first, then word start, then anywhere; accents and Arabic diacritics folded', () => {
  const nodes = [node('r1', 'Person', 'Recruiter 1'), node('b2', 'Person', 'Broker 2'), node('g', 'Organization', 'Synthetic Group A'),
    node('p', 'Person', 'Person Recruited'), node('e', 'Person', 'Étienne Synthetic'), node('ar', 'Person', 'مُجَنِّد الاصطناعي')];
  const degree: Record<string, number> = { r1: 2, b2: 5, g: 9, p: 1, e: 0, ar: 1 };
  const index = createCaptionIndex(nodes, (id) => degree[id] ?? 0);
  assert.deepEqual(index.search('recru').map((h) => h.id), ['r1', 'p']);
  assert.deepEqual(index.search('SYNTH').map((h) => h.id), ['g', 'e']);
  assert.deepEqual(index.search('etienne').map((h) => h.id), ['e']);
  assert.deepEqual(index.search('ker').map((h) => h.id), ['b2']);
  assert.deepEqual(index.search('مجند').map((h) => h.id), ['ar']);
  assert.equal(index.search('e', 2).length, 2);
  assert.deepEqual(index.search('   '), []);
  assert.deepEqual(index.search('(['), [], 'regular-expression characters are plain text');
  assert.equal(foldForSearch('Ünïcödé'), 'unicode');
});

test('SVG export escapes captions and drops characters XML forbids', () => {
  assert.equal(escapeXml(`<b>&"'`), '&lt;b&gt;&amp;&quot;&#39;');
  assert.equal(escapeXml('a\u0001b\uFFFEc'), 'abc');
  assert.deepEqual(svgPaint('rgba(160, 167, 176, 0.25)'), { paint: '#a0a7b0', opacity: 0.25 });
  assert.deepEqual(svgPaint('#4E79A7'), { paint: '#4e79a7', opacity: 1 });
  assert.deepEqual(svgPaint('url(javascript:x)'), { paint: '#888888', opacity: 1 });
  const svg = renderSvg({
    width: 200, height: 100, background: '#ffffff', title: 'Network & co',
    nodes: [
      { x: 10, y: 20, r: 4, color: '#4e79a7', label: '<script>alert(1)</script> Person 17' },
      { x: 50, y: 60, r: 6, color: MARK.removed, label: '', ring: MARK.removed },
    ],
    edges: [{ x1: 10, y1: 20, x2: 50, y2: 60, color: 'rgba(120, 128, 140, 0.35)', width: 1 }],
  });
  assert.ok(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"'));
  assert.ok(!svg.includes('<script>'));
  assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt; Person 17'));
  assert.ok(svg.includes('<title>Network &amp; co</title>'));
  assert.equal(svg.match(/<circle /g)?.length, 3, 'two nodes and one ring');
  assert.equal(svg.match(/<text /g)?.length, 1, 'an empty label draws no text');
  assert.ok(svg.includes('stroke="#78808c" stroke-opacity="0.35"'));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
});

test('palette: ramp ends, sizes bounded, community colours by size then grey', () => {
  assert.equal(rampColour(0), '#ffeda0');
  assert.equal(rampColour(1), '#800026');
  assert.equal(rampColour(Number.NaN), '#ffeda0');
  assert.equal(rampColour(7), '#800026');
  assert.equal(degreeSize(0), 2.5);
  assert.equal(degreeSize(1_000_000), 18);
  const colours = communityColours([7, 3, ...Array.from({ length: 20 }, (_, i) => 100 + i)]);
  assert.equal(colours.get(7), COMMUNITY_COLOURS[0]);
  assert.equal(colours.get(3), COMMUNITY_COLOURS[1]);
  assert.equal(colours.get(119), OTHER_COLOUR);
});
