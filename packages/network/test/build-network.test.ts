import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isAriadneError, loadModel } from '@ariadne/schema';
import { buildNetwork, buildNetworkAsync, identifierNodeId, normaliseIdentifier, type SourceEntity } from '../src/build-network.ts';
import { indexNetwork } from '../src/index-network.ts';
import { networkModelOf } from '../src/network-model.ts';
import { relationRules } from '../src/relation-kinds.ts';
import type { EntityNetwork, NetworkEdge, NetworkFilter } from '../src/types.ts';

const ariadne = loadModel();
const model = networkModelOf(ariadne);

/**
 * The synthetic case (fixtures/trafficking-case.ftm.jsonl), all names invented: Armed Group A with
 * members Recruiter A, Guard B and Broker C; Buyer D pays Broker C twice into Account 1; Guard B
 * exploits Victim 1, who travelled to Safe House 1 helped by Recruiter A; Recruiter A, Guard B and
 * Person 17 (another case) share one phone; Broker C's e-mail is also Online Account Z's.
 * caseId: 'case-2' for ids starting c2-, else 'case-1'; sources: the line's datasets.
 */
function caseEntities(): SourceEntity[] {
  const text = readFileSync(new URL('./fixtures/trafficking-case.ftm.jsonl', import.meta.url), 'utf8');
  return text.trim().split('\n').map((line) => {
    const raw = JSON.parse(line) as { id: string; schema: string; properties: Record<string, string[]>; datasets: string[] };
    return { id: raw.id, schema: raw.schema, properties: raw.properties, caseId: raw.id.startsWith('c2-') ? 'case-2' : 'case-1', sources: raw.datasets };
  });
}

const build = (filter?: NetworkFilter): EntityNetwork => buildNetwork(caseEntities(), model, filter);
const edge = (net: EntityNetwork, id: string): NetworkEdge => {
  const found = net.edges.find((e) => e.id === id);
  assert.ok(found, `no edge ${id}`);
  return found;
};
const node = (net: EntityNetwork, id: string) => {
  const found = net.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id}`);
  return found;
};
const PHONE = identifierNodeId('phone', '+249900000001');
const EMAIL = identifierNodeId('email', 'broker.c@example.org');

test('the synthetic case: counts checked by hand', () => {
  const net = build();
  // nodes: 13 non-relation entities + 2 identifier nodes (the shared phone, the shared e-mail)
  assert.equal(net.nodes.length, 15);
  // edges: 14 relation records give 13 edges (pay-1/pay-2 merge, assoc-1 dangles, self-1 loops) →
  //   m-1 m-2 m-3 own-1 pay-1 pay-3 ex-1 mv-1 mv-2 fam-1 call-1 = 11;
  //   their references: beneficiaryAccount (merged), payerAccount, armedGroup ×2 (from both ends),
  //   originAddress, facilitator = 6; node references: Guard B's address, the online account's and
  //   the truck's owner = 3; shared identifiers: 3 phone holders + 2 e-mail holders = 5 → 25
  assert.equal(net.edges.length, 25);
  assert.deepEqual(net.stats, { entities: 13, relations: 14, sharedIdentifiers: 2, selfLoops: 1, danglingReferences: 1, filteredOut: 0 });
  // nodes in input order, identifier nodes last
  assert.deepEqual(net.nodes.slice(0, 3).map((n) => n.id), ['org-1', 'p-rec', 'p-guard']);
  assert.deepEqual(net.nodes.slice(13).map((n) => n.id), [PHONE, EMAIL]);
  assert.equal(node(net, 'acct-1').caption, 'TEST-ACCOUNT-0001');
  assert.equal(node(net, 'c2-p17').caseId, 'case-2');
});

test('relations become typed, kinded, labelled, dated edges', () => {
  const net = build();
  assert.deepEqual(edge(net, 'm-1'), {
    id: 'm-1', source: 'p-rec', target: 'org-1', type: 'Membership', kind: 'membership', label: 'belongs to',
    directed: true, start: '2015', end: null, sources: ['police-report'], weight: 1,
  });
  const ex = edge(net, 'ex-1');
  assert.deepEqual([ex.source, ex.target, ex.kind, ex.start, ex.end], ['p-guard', 'p-v1', 'exploitation', '2016-02', '2016-09']);
  assert.equal(edge(net, 'fam-1').directed, false);
  assert.equal(edge(net, 'call-1').kind, 'communication'); // Call is drawn as an edge by relation-kinds.json
  assert.equal(edge(net, 'mv-1').kind, 'movement');
  // a relation's references hang off its ends: Account 1 from the beneficiary, the group from both ends of the exploitation
  assert.deepEqual([edge(net, 'p-broker:payerAccount:acct-1').kind, edge(net, 'p-broker:payerAccount:acct-1').start], ['payment', '2017-01-15']);
  assert.equal(edge(net, 'p-guard:armedGroup:org-1').kind, 'exploitation');
  assert.equal(edge(net, 'p-v1:armedGroup:org-1').kind, 'exploitation');
  // an entity's references: entity → referenced, undated
  assert.deepEqual([edge(net, 'ua-1:owner:p-broker').type, edge(net, 'ua-1:owner:p-broker').kind], ['ref:owner', 'ownership']);
  assert.deepEqual([edge(net, 'p-guard:addressEntity:addr-1').kind, edge(net, 'p-guard:addressEntity:addr-1').start], ['other', null]);
});

test('roles: schema tag, edge-end property names, role values and reference roles', () => {
  const net = build();
  const roles = (id: string) => node(net, id).roles;
  // m-1 member (+ role "Recruiter", lower-cased), call-1 caller, mv-1 facilitator reference
  assert.deepEqual(roles('p-rec'), ['schema:Person', 'caller', 'facilitator', 'member', 'recruiter']);
  assert.deepEqual(roles('p-guard'), ['schema:Person', 'guard', 'member', 'perpetrator']);
  // m-3 member/broker, own-1 owner, pay-1/2 beneficiary, pay-3 payer, call-1 receiver
  assert.deepEqual(roles('p-broker'), ['schema:Person', 'beneficiary', 'broker', 'member', 'owner', 'payer', 'receiver']);
  assert.deepEqual(roles('p-v1'), ['schema:Person', 'person', 'traveller', 'victim']);
  // the membership role belongs to the member, not to the group
  assert.deepEqual(roles('org-1'), ['schema:Organization', 'armedGroup', 'beneficiary', 'organization']);
  assert.deepEqual(roles('addr-2'), ['schema:Address']);
  assert.deepEqual(roles(PHONE), ['schema:Identifier', 'identifier:phone']);
});

test('a phone held by three people becomes one identifier node, its number masked and hashed', () => {
  const net = build();
  const phone = node(net, PHONE);
  // "+249 900 000 001", "+249900000001" and "+249-900-000-001" are one number
  assert.equal(phone.schema, 'Identifier');
  assert.equal(phone.caption, 'phone …0001');
  assert.match(phone.id, /^identifier:phone:[0-9a-f]{16}$/);
  assert.ok(!net.nodes.some((n) => n.id.includes('249900')), 'no raw number in an id');
  assert.equal(phone.caseId, null); // holders from two cases
  const holders = net.edges.filter((e) => e.target === PHONE);
  assert.deepEqual(holders.map((e) => e.source), ['p-rec', 'p-guard', 'c2-p17']);
  assert.deepEqual([holders[0]!.id, holders[0]!.type, holders[0]!.kind, holders[0]!.directed], [`p-rec~${PHONE}`, 'shared:phone', 'identifier', false]);
  // e-mails compare case-insensitively: Broker C and Online Account Z
  assert.deepEqual(net.edges.filter((e) => e.target === EMAIL).map((e) => e.source), ['p-broker', 'ua-1']);
  // the account number is held once: no node
  assert.ok(!net.nodes.some((n) => n.id.startsWith('identifier:account:')));
});

test('identifier values are normalised before they are compared', () => {
  assert.equal(normaliseIdentifier('phone', '+249 900 000 001'), '+249900000001');
  assert.equal(normaliseIdentifier('phone', '00249-900-000-001'), '+249900000001');
  assert.equal(normaliseIdentifier('email', ' Broker.C@Example.ORG '), 'broker.c@example.org');
  assert.equal(normaliseIdentifier('iban', 'de89 3704 0044 0532 0130 00'), 'DE89370400440532013000');
  assert.equal(normaliseIdentifier('passport', 'ab-123.456'), 'AB123456');
  // junk that would join strangers
  assert.equal(normaliseIdentifier('phone', 'n/a'), null);
  assert.equal(normaliseIdentifier('email', 'none'), null);
  assert.equal(normaliseIdentifier('id', '0'), null);
});

test('parallel payments merge into one edge: weight 2, both sources, the widest dates', () => {
  const pay = edge(build(), 'pay-1');
  // pay-1 (2016-03-10, police-report) and pay-2 (2016-05-20, bank-records): same payer, beneficiary and type
  assert.equal(pay.weight, 2);
  assert.deepEqual(pay.sources, ['bank-records', 'police-report']);
  assert.deepEqual([pay.start, pay.end], ['2016-03-10', '2016-05-20']);
  // their shared beneficiaryAccount reference merges the same way
  assert.equal(edge(build(), 'p-broker:beneficiaryAccount:acct-1').weight, 2);
});

test('a dangling reference and a self-reference are dropped and counted', () => {
  const net = build();
  // assoc-1 names p-ghost, who is in no record; self-1 links Recruiter A to himself
  assert.equal(net.stats.danglingReferences, 1);
  assert.equal(net.stats.selfLoops, 1);
  assert.ok(!net.edges.some((e) => e.id === 'assoc-1' || e.id === 'self-1'));
  assert.ok(!net.nodes.some((n) => n.id === 'p-ghost'));
  // the dropped relations give their ends no roles
  assert.ok(!node(net, 'p-rec').roles.includes('subject'));
});

test('time window: partial dates compare as ranges; undated ties stay unless datedOnly', () => {
  const net = build({ from: '2016-03', to: '2016-04' });
  // dropped: m-1 (2015), m-2 (2016-01), m-3 (2016-06-01), pay-2 (2016-05-20), pay-3 (2017), mv-1 (2016-01-20), mv-2 (2017-04)
  assert.equal(net.stats.filteredOut, 7);
  // kept: own-1 ("2016" covers March), pay-1 + its account reference, ex-1 (Feb–Sep) + 2 group references,
  // call-1, undated fam-1, 3 entity references, 5 identifier links
  assert.equal(net.edges.length, 16);
  assert.deepEqual([edge(net, 'pay-1').weight, edge(net, 'pay-1').end], [1, null]);
  assert.ok(net.edges.some((e) => e.id === 'own-1'));

  const dated = build({ from: '2016-03', to: '2016-04', datedOnly: true });
  assert.deepEqual(dated.edges.map((e) => e.id).sort(), ['call-1', 'ex-1', 'own-1', 'p-broker:beneficiaryAccount:acct-1', 'p-guard:armedGroup:org-1', 'p-v1:armedGroup:org-1', 'pay-1']);
  // 7 as above + 3 undated relations (fam-1, assoc-1, self-1) + 3 undated references + 6 identifier values (5 shared, the account number)
  assert.equal(dated.stats.filteredOut, 19);
  assert.equal(dated.stats.sharedIdentifiers, 0);
  assert.equal(dated.stats.danglingReferences, 0);
});

test('a relation without an end lasted its start: 2016-05 is outside June, 2016 is not', () => {
  const entities: SourceEntity[] = [
    { id: 'a', schema: 'Person', properties: { name: ['Person 1'] } },
    { id: 'b', schema: 'Person', properties: { name: ['Person 2'] } },
    { id: 'r-year', schema: 'Associate', properties: { person: ['a'], associate: ['b'], startDate: ['2016'] } },
    { id: 'r-may', schema: 'UnknownLink', properties: { subject: ['a'], object: ['b'], startDate: ['2016-05'] } },
    { id: 'r-span', schema: 'Family', properties: { person: ['a'], relative: ['b'], startDate: ['2015'], endDate: ['2016-06-15'] } },
  ];
  const net = buildNetwork(entities, model, { from: '2016-06', to: '2016-06' });
  assert.deepEqual(net.edges.map((e) => e.id), ['r-year', 'r-span']);
});

test('kinds, schemata, sources and case filters', () => {
  const payments = build({ kinds: ['payment'] });
  assert.deepEqual(payments.edges.map((e) => e.id).sort(), ['p-broker:beneficiaryAccount:acct-1', 'p-broker:payerAccount:acct-1', 'pay-1', 'pay-3']);
  assert.equal(payments.nodes.length, 13); // no identifier nodes: kind 'identifier' is filtered out

  assert.deepEqual(build({ schemata: ['Membership'] }).edges.map((e) => e.id), ['m-1', 'm-2', 'm-3']);
  assert.deepEqual(build({ kinds: ['membership', 'payment'], schemata: ['Membership'] }).edges.length, 3);

  // bank records alone: own-1, pay-2 (+ its account reference), pay-3 (+ its account reference);
  // every identifier holder but Account 1 comes from elsewhere, and Account 1's number is its own
  const bank = build({ sources: ['bank-records'] });
  assert.deepEqual(bank.edges.map((e) => e.id), ['own-1', 'pay-2', 'p-broker:beneficiaryAccount:acct-1', 'pay-3', 'p-broker:payerAccount:acct-1']);
  assert.deepEqual([edge(bank, 'pay-2').weight, edge(bank, 'pay-2').sources], [1, ['bank-records']]);

  // case-1 only: Person 17 is out, the phone is still shared by Recruiter A and Guard B
  const one = build({ caseIds: ['case-1'] });
  assert.equal(one.nodes.length, 14);
  assert.equal(one.edges.length, 24);
  assert.equal(one.stats.filteredOut, 1);
  assert.equal(node(one, PHONE).caseId, 'case-1');

  const noShared = build({ sharedIdentifiers: false });
  assert.deepEqual([noShared.nodes.length, noShared.edges.length, noShared.stats.sharedIdentifiers], [13, 20, 0]);
});

test('a bad filter is refused with VALIDATION_FAILED', () => {
  const refused = (filter: NetworkFilter) => assert.throws(() => build(filter), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
  refused({ kinds: ['smuggling' as never] });
  refused({ from: 'last spring' });
  refused({ from: '2017', to: '2016' });
});

test('multi-valued ends: each source × each target, one id each', () => {
  const entities: SourceEntity[] = [
    ...['a', 'b', 'o1', 'o2'].map((id): SourceEntity => ({ id, schema: id.startsWith('o') ? 'Organization' : 'Person', properties: { name: [`Entity ${id}`] } })),
    { id: 'm', schema: 'Membership', properties: { member: ['a', 'b'], organization: ['o1', 'o2'] } },
  ];
  const net = buildNetwork(entities, model);
  assert.deepEqual(net.edges.map((e) => `${e.id} ${e.source}>${e.target}`), ['m a>o1', 'm#2 a>o2', 'm#3 b>o1', 'm#4 b>o2']);
});

test('call records between numbers: the numbers become the ends', () => {
  const entities: SourceEntity[] = [
    { id: 'p1', schema: 'Person', properties: { name: ['Person 1'], phone: ['+44 7700 900123'] } },
    { id: 'c1', schema: 'Call', properties: { callerNumber: ['+44 7700 900123'], receiverNumber: ['+44 7700 900456'], date: ['2016-05-01'] } },
    { id: 'c2', schema: 'Call', properties: { caller: ['p1'], receiverNumber: ['+447700900456'] } },
  ];
  const net = buildNetwork(entities, model);
  const n123 = identifierNodeId('phone', '+447700900123');
  const n456 = identifierNodeId('phone', '+447700900456');
  // p1 and two number nodes (…0456 ends two calls though nobody holds it); p1 holds …0123
  assert.deepEqual(net.nodes.map((n) => n.id), ['p1', n123, n456]);
  assert.deepEqual(net.edges.map((e) => `${e.id} ${e.type}`), [`c1 Call`, `c2 Call`, `p1~${n123} shared:phone`]);
  assert.deepEqual(edge(net, 'c1').source, n123);
  assert.ok(node(net, n456).roles.includes('receiver'));
  assert.equal(net.stats.sharedIdentifiers, 2);
});

test('a hub: 100,000 people sharing a call-centre number give one node with 100,000 links', () => {
  const people: SourceEntity[] = [];
  for (let i = 0; i < 100_000; i++) people.push({ id: `person-${i}`, schema: 'Person', properties: { name: [`Person ${i}`], phone: ['+1 555 0100 000'] } });
  const net = buildNetwork(people, model);
  assert.equal(net.nodes.length, 100_001);
  assert.equal(net.edges.length, 100_000);
  assert.equal(net.stats.sharedIdentifiers, 1);
  const { graph } = indexNetwork(net);
  assert.equal(graph.offsets[100_001]! - graph.offsets[100_000]!, 100_000);
});

test('empty input, unknown schemata, duplicates and left-out records', () => {
  const empty = buildNetwork([], model);
  assert.deepEqual([empty.nodes, empty.edges], [[], []]);
  assert.deepEqual(empty.stats, { entities: 0, relations: 0, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 });

  const net = buildNetwork([
    { id: 'x', schema: 'Spaceship', properties: { name: ['Ship 1'] } }, // a schema the model does not know: a plain node
    { id: 'p', schema: 'Person', properties: { name: ['Person 1'] } },
    { id: 'p', schema: 'Person', properties: { name: ['Person 1 again'] } }, // the first record stands
    { id: 'doc', schema: 'Pages', properties: { title: ['Report 3'] } }, // documents stay out of the network
    { id: 'd', schema: 'Documentation', properties: { document: ['doc'], entity: ['p'] } },
    { id: 'ref', schema: 'Referral', properties: { fromOrganization: ['p'], toProvider: ['x'] } }, // victim protection stays out
    { id: 'note', schema: 'Note', properties: { entity: ['p'], description: ['seen twice'] } },
  ], model);
  assert.deepEqual(net.nodes.map((n) => [n.id, n.caption]), [['x', 'Ship 1'], ['p', 'Person 1']]);
  assert.equal(net.edges.length, 0);
  assert.equal(net.stats.entities, 3);
  assert.equal(net.stats.relations, 0);
});

test('buildNetworkAsync reads batches into the same network, and stops when cancelled', async () => {
  const entities = caseEntities();
  async function* batches() { for (let i = 0; i < entities.length; i += 5) yield entities.slice(i, i + 5); }
  const seen: number[] = [];
  const net = await buildNetworkAsync(batches(), model, {}, { onProgress: (done) => seen.push(done), total: entities.length });
  assert.deepEqual(net, build());
  assert.equal(seen.at(-1), entities.length);

  const controller = new AbortController();
  controller.abort();
  await assert.rejects(buildNetworkAsync(batches(), model, {}, { signal: controller.signal }), (e) => isAriadneError(e) && e.code === 'CANCELLED');
});

test('indexNetwork: node i is network.nodes[i], edges weighted by their records', () => {
  const net = build();
  const { graph, index } = indexNetwork(net);
  assert.equal(graph.n, 15);
  assert.equal(index.get('p-buyer'), net.nodes.findIndex((n) => n.id === 'p-buyer'));
  // Buyer D's only tie is the merged payment (weight 2)
  const buyer = index.get('p-buyer')!;
  assert.deepEqual([...graph.weights.subarray(graph.offsets[buyer]!, graph.offsets[buyer + 1]!)], [2]);
  // Broker C → Account 1: ownership, beneficiaryAccount (2) and payerAccount: one tie of weight 4
  const broker = index.get('p-broker')!;
  const account = index.get('acct-1')!;
  const slot = [...graph.neighbours.subarray(graph.offsets[broker]!, graph.offsets[broker + 1]!)].indexOf(account);
  assert.equal(graph.weights[graph.offsets[broker]! + slot], 4);
  assert.throws(() => indexNetwork({ ...net, edges: [{ ...net.edges[0]!, target: 'nobody' }] }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
  assert.equal(indexNetwork(buildNetwork([], model)).graph.n, 0);
});

test('the network model: edges, references and identifiers from the schemata', () => {
  assert.deepEqual(model.edgeOf('Membership'), { source: 'member', target: 'organization', directed: true, label: 'belongs to' });
  assert.equal(model.edgeOf('Call')?.source, 'caller'); // from relation-kinds.json: FtM draws calls as nodes
  assert.equal(model.edgeOf('Person'), null);
  assert.equal(model.edgeOf('NoSuchSchema'), null);
  assert.equal(model.isA('NoSuchSchema', 'Thing'), false);
  const paymentRefs = model.referenceProps('Payment').map((p) => p.name);
  assert.ok(paymentRefs.includes('payerAccount') && !paymentRefs.includes('payer'));
  const personIds = new Map(model.identifierProps('Person').map((p) => [p.name, p.type]));
  assert.equal(personIds.get('phone'), 'phone');
  assert.equal(personIds.get('passportNumber'), 'passport');
  // shared by design (a sanctions programme, a Wikidata item): they would join strangers
  assert.ok(!personIds.has('programId') && !personIds.has('wikidataId'));
  assert.equal(new Map(model.identifierProps('Passport').map((p) => [p.name, p.type])).get('number'), 'passport');
  assert.equal(model.caption({ schema: 'NoSuchSchema', properties: { name: ['Thing 1'] } }), 'Thing 1');
});

test('relation-kinds.json names only schemata and properties the model has', () => {
  const rules = relationRules();
  const known = (schema: string) => schema === '' || ariadne.hasSchema(schema);
  for (const schema of [...rules.relations.keys(), ...rules.edges.keys(), ...rules.skip]) assert.ok(known(schema), schema);
  for (const [schema, spec] of rules.edges) {
    for (const prop of [spec.source, spec.target, spec.sourceIdentifier, spec.targetIdentifier]) {
      if (prop !== null) assert.ok(ariadne.property(schema, prop), `${schema}:${prop}`);
    }
  }
  for (const [prop, keyed] of [...rules.references, ...rules.identifierProps]) {
    for (const [schema] of keyed) {
      assert.ok(known(schema), schema);
      if (schema !== '') assert.ok(ariadne.property(schema, prop), `${schema}:${prop}`);
    }
  }
});
