import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { SaxesParser } from 'saxes';
import { isAriadneError, loadModel } from '@ariadne/schema';
import { buildNetwork, type SourceEntity } from '../src/build-network.ts';
import { toGexf, toGraphml } from '../src/export-formats.ts';
import { networkModelOf } from '../src/network-model.ts';
import type { EntityNetwork } from '../src/types.ts';

const model = networkModelOf(loadModel());

function caseNetwork(): EntityNetwork {
  const text = readFileSync(new URL('./fixtures/trafficking-case.ftm.jsonl', import.meta.url), 'utf8');
  const entities = text.trim().split('\n').map((line): SourceEntity => {
    const raw = JSON.parse(line) as { id: string; schema: string; properties: Record<string, string[]>; datasets: string[] };
    return { ...raw, caseId: 'case-1', sources: raw.datasets };
  });
  return buildNetwork(entities, model);
}

/** strict XML 1.0 well-formedness (xmldom, under graphology's parsers, forgives too much) */
function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => { throw error; });
  parser.write(xml).close();
}

const parsers = [
  ['GEXF', (net: EntityNetwork, attrs?: Parameters<typeof toGexf>[1]) => parseGexf(Graph, toGexf(net, attrs)), toGexf],
  ['GraphML', (net: EntityNetwork, attrs?: Parameters<typeof toGraphml>[1]) => parseGraphml(Graph, toGraphml(net, attrs)), toGraphml],
] as const;

for (const [format, roundTrip, write] of parsers) {
  test(`${format}: the case parses back with its nodes, edges, directions and attributes`, () => {
    const net = caseNetwork();
    wellFormed(write(net));
    const graph = roundTrip(net, { community: { 'p-rec': 1, 'p-guard': 1, 'p-v1': 2 }, betweenness: { 'p-rec': 0.25, 'org-1': 0.5 } });
    // the counts of build-network.test.ts: 15 nodes, 25 edges
    assert.equal(graph.order, 15);
    assert.equal(graph.size, 25);
    assert.equal(graph.type, 'mixed');
    const rec = graph.getNodeAttributes('p-rec');
    assert.equal(rec.label, 'Recruiter A');
    assert.equal(rec.schema, 'Person');
    assert.equal(rec.roles, 'schema:Person; caller; facilitator; member; recruiter');
    assert.equal(rec.caseId, 'case-1');
    assert.equal(rec.community, 1);
    assert.equal(rec.betweenness, 0.25);
    assert.equal(graph.getNodeAttribute('org-1', 'betweenness'), 0.5);
    assert.equal(graph.getNodeAttribute('addr-1', 'community'), undefined);

    const pay = graph.getEdgeAttributes('pay-1');
    assert.equal(pay.label, 'paid');
    assert.equal(pay.type, 'Payment');
    assert.equal(pay.kind, 'payment');
    assert.equal(pay.start, '2016-03-10');
    assert.equal(pay.end, '2016-05-20');
    assert.equal(pay.weight, 2);
    assert.equal(pay.sources, 'bank-records; police-report');
    assert.equal(graph.isDirected('pay-1'), true);
    assert.deepEqual([graph.source('pay-1'), graph.target('pay-1')], ['p-buyer', 'p-broker']);
    assert.equal(graph.isUndirected('fam-1'), true);
    assert.equal(graph.getEdgeAttribute('fam-1', 'start'), undefined); // undated: no value written
  });

  test(`${format}: hostile captions are escaped and still round-trip`, () => {
    const name = `<script>alert("x")</script> O'Brien & Sons \u0001\u0007 \u202Eevil\u202C \u0085 ]]>`;
    const net = buildNetwork([
      { id: 'p1', schema: 'Person', properties: { name: [name] } },
      { id: 'p2', schema: 'Person', properties: { name: ['Person 2'] } },
      { id: 'r1', schema: 'Associate', properties: { person: ['p1'], associate: ['p2'] }, sources: ['ui"><x>'] },
    ], model);
    const xml = write(net);
    wellFormed(xml);
    assert.ok(!xml.includes('<script>'), 'markup escaped');
    assert.ok(!['\u0001', '\u0007', '\u202E', '\u202C', '\u0085'].some((c) => xml.includes(c)), 'no raw control or bidi character in the file');
    assert.ok(xml.includes('&#x202E;'), 'bidi override written as a character reference');
    const graph = roundTrip(net);
    // characters XML 1.0 cannot carry became U+FFFD; everything else came back as it was
    assert.equal(graph.getNodeAttribute('p1', 'label'), name.replace('\u0001\u0007', '\uFFFD\uFFFD'));
    assert.equal(graph.getEdgeAttribute('r1', 'sources'), 'ui"><x>');
  });

  test(`${format}: the empty network, a bad attribute name and an edge to nowhere`, () => {
    const empty = buildNetwork([], model);
    wellFormed(write(empty));
    assert.equal(roundTrip(empty).order, 0);
    const net = caseNetwork();
    for (const bad of ['label', 'roles', 'x', '1st', 'a b', '<x>']) {
      assert.throws(() => write(net, { [bad]: {} }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED', bad);
    }
    const broken = { ...net, edges: [{ ...net.edges[0]!, target: 'nobody' }] };
    assert.throws(() => write(broken), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
  });
}

test('GraphML declares each attribute once with its type; GEXF declares a mixed graph', () => {
  const net = caseNetwork();
  const graphml = toGraphml(net, { community: { 'p-rec': 1 }, score: { 'p-rec': 0.5 }, group: { 'p-rec': 'cell 1' } });
  assert.match(graphml, /<key id="n_a0" for="node" attr.name="community" attr.type="int"\/>/);
  assert.match(graphml, /<key id="n_a1" for="node" attr.name="score" attr.type="double"\/>/);
  assert.match(graphml, /<key id="n_a2" for="node" attr.name="group" attr.type="string"\/>/);
  assert.match(graphml, /<edge id="fam-1" source="p-v1" target="p-v2" directed="false">/);
  assert.match(toGexf(net), /defaultedgetype="directed"/);
  assert.match(toGexf(net), /<edge id="fam-1" type="undirected"/);
});
