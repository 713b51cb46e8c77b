import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDossier, type CriterionAssessment, type Dossier, type DossierRelation } from '../src/index.ts';
import { ARABIC_NAME, CHILD_RECRUITMENT, CYRILLIC_NAME, INCIDENT, MEMBERSHIP, SUBJECT_ID, checkpointText, evidenceItem, syntheticInput } from './synthetic-input.ts';

function criterion(d: Dossier, id: string): CriterionAssessment {
  const found = d.assessment.flatMap((r) => r.criteria).find((c) => c.id === id);
  assert.ok(found, `criterion ${id}`);
  return found;
}

test('aliases are grouped by script, each value tagged with its script and direction', () => {
  const d = buildDossier(syntheticInput());
  assert.deepEqual(d.identification.aliasesByScript.map((g) => g.label), ['Latin script', 'Arabic script', 'Cyrillic script']);
  const arabic = d.identification.aliasesByScript.find((g) => g.script === 'arabic')!;
  assert.deepEqual(arabic.values.map((v) => [v.text, v.lang, v.dir]), [[`${ARABIC_NAME} التجريبي`, 'und-Arab', 'rtl']]);
  const cyrillic = d.identification.aliasesByScript.find((g) => g.script === 'cyrillic')!;
  assert.deepEqual(cyrillic.values.map((v) => [v.text, v.lang]), [[CYRILLIC_NAME, 'und-Cyrl']]);
  assert.deepEqual(d.identification.names.map((n) => n.text), ['Testperson Alpha', ARABIC_NAME]);
});

test('identification lists previous names, weak aliases, dates, nationalities and identifiers, and says what is not recorded', () => {
  const d = buildDossier(syntheticInput());
  const field = (label: string): string[] => d.identification.fields.find((f) => f.label === label)?.values.map((v) => v.text) ?? ['<missing field>'];
  assert.deepEqual(field('Previous names'), ['Testperson Beta']);
  assert.deepEqual(field('Weak aliases (low-quality)'), ['Abu Test']);
  assert.deepEqual(field('Dates of birth'), ['1980-01-01']);
  assert.deepEqual(field('Nationalities'), ['Iraq (iq)']);
  assert.deepEqual(field('Passport numbers'), ['X0000000']);
  assert.deepEqual(field('National identification numbers'), [], 'an empty field is shown, as not recorded');
  assert.equal(d.identification.fields.find((f) => f.label === 'Jurisdiction'), undefined, 'fields a person cannot have are left out');
});

test('a criterion is supported by the incidents that record its forms, citing their evidence', () => {
  const d = buildDossier(syntheticInput());
  const c = criterion(d, 'isil-al-qaida.trafficking-in-conflict');
  assert.equal(c.status, 'supported');
  const incident = c.support.find((s) => s.entityId === 'incident-1')!;
  assert.equal(incident.kind, 'form');
  assert.match(incident.detail, /Sexual exploitation, Sale of persons \(as perpetrators\)/);
  assert.deepEqual(incident.evidenceIds, ['ev-1']);
  assert.match(c.finding, /Whether it is met is for the committee/);
  assert.deepEqual(c.sources.map((s) => s.citation), ['resolution 2331 (2016), paragraph 12', 'resolution 2331 (2016), paragraph 13']);
});

test('a criterion without facts says so, and a regime tied to a country ignores incidents elsewhere', () => {
  const d = buildDossier(syntheticInput());
  // the only sexual exploitation is recorded in Iraq: nothing bears on the Libya criterion
  const libya = criterion(d, 'libya.sexual-violence');
  assert.equal(libya.status, 'no_supporting_facts');
  assert.equal(libya.finding, 'No supporting facts recorded.');
  assert.deepEqual(libya.support, []);
  // the child recruitment names no country: it is counted, and the dossier says the country is missing
  const drc = criterion(d, 'drc.child-recruitment');
  assert.equal(drc.status, 'supported');
  assert.match(drc.support[0]!.detail, /country not recorded/);
});

test('association with a listed group needs a confirmed entry on that regime\'s list', () => {
  assert.equal(criterion(buildDossier(syntheticInput()), 'isil-al-qaida.association').status, 'supported');
  const review: DossierRelation = { ...MEMBERSHIP, entity: { ...MEMBERSHIP.entity, listings: [{ list: 'un-sc', entry: 'QDe.999', status: 'needs_review' }] } };
  assert.equal(criterion(buildDossier(syntheticInput({ relations: [review] })), 'isil-al-qaida.association').status, 'no_supporting_facts');
  const libyan: DossierRelation = { ...MEMBERSHIP, entity: { ...MEMBERSHIP.entity, listings: [{ list: 'un-sc', entry: 'LYe.001', status: 'confirmed' }] } };
  assert.equal(criterion(buildDossier(syntheticInput({ relations: [libyan] })), 'isil-al-qaida.association').status, 'no_supporting_facts');
});

test('funds for exploitation needs both a payment to a listed group and a recorded exploitation', () => {
  const partly = criterion(buildDossier(syntheticInput()), 'isil-al-qaida.funds-for-exploitation');
  assert.equal(partly.status, 'partly_supported');
  assert.deepEqual(partly.missing, ['financing']);
  const payment: DossierRelation = {
    prop: 'payer', direction: 'incoming',
    entity: { id: 'payment-1', schema: 'Payment', caption: 'Synthetic payment', properties: { payer: [SUBJECT_ID], amount: ['1000'] }, listings: [{ list: 'un-sc', entry: 'QDe.999', status: 'confirmed' }] },
  };
  const full = criterion(buildDossier(syntheticInput({ relations: [INCIDENT, payment] })), 'isil-al-qaida.funds-for-exploitation');
  assert.equal(full.status, 'supported');
  assert.deepEqual(full.support.map((s) => s.kind).sort(), ['financing', 'form']);
});

test('discredited incidents and incidents where the subject is a victim support nothing', () => {
  const discredited: DossierRelation = { ...INCIDENT, entity: { ...INCIDENT.entity, properties: { ...INCIDENT.entity.properties, verificationStatus: ['discredited'] } } };
  const asVictim: DossierRelation = { ...INCIDENT, prop: 'victims' };
  const d = buildDossier(syntheticInput({ relations: [discredited, asVictim] }));
  for (const c of d.assessment.flatMap((r) => r.criteria)) assert.equal(c.status, 'no_supporting_facts', c.id);
  assert.equal(d.links.find((g) => g.kind === 'incidents')!.items.length, 2, 'both are still shown');
});

test('victims\' identities and sealed records never reach the dossier', () => {
  const d = buildDossier(syntheticInput());
  const json = JSON.stringify(d);
  assert.ok(!json.includes('victim-1') && !json.includes('victim-3'), 'victim ids are withheld');
  assert.ok(!json.includes('vp-1'), 'the VictimProfile is omitted');
  const exploitation = d.links.find((g) => g.kind === 'exploitation')!.items[0]!;
  assert.deepEqual(exploitation.fields.find((f) => f.label === 'Victim')!.values.map((v) => v.text), ['1 other person(s) recorded (identity withheld)']);
  assert.ok(d.provenance.limitations.some((l) => l.includes('1 sealed record(s) were omitted')));
});

test('relations are grouped as incidents, exploitation, movements and other relations', () => {
  const d = buildDossier(syntheticInput());
  assert.deepEqual(d.links.map((g) => [g.kind, g.items.map((i) => i.id)]), [
    ['incidents', ['incident-1']], ['exploitation', ['exploitation-1']], ['movements', []], ['other', ['membership-1']],
  ]);
  const incident = d.links[0]!.items[0]!;
  assert.equal(incident.role, 'Perpetrators');
  assert.deepEqual(incident.fields.find((f) => f.label === 'Forms of exploitation')!.values.map((v) => v.text), ['Sexual exploitation', 'Sale of persons']);
  assert.deepEqual(incident.evidenceIds, ['ev-1']);
});

test('evidence carries its ledger proof and checkpoint; a malformed or mismatched proof is flagged', () => {
  const d = buildDossier(syntheticInput());
  const ev = d.evidence.items[0]!;
  assert.equal(ev.proof!.leafIndex, 41);
  assert.equal(ev.proof!.treeSize, 1000);
  assert.deepEqual(ev.proof!.hashes, ['cd'.repeat(32), 'ef'.repeat(32)]);
  assert.equal(ev.proof!.checkpoint, checkpointText(1000, 'ab'.repeat(32)));
  assert.equal(ev.proofNote, null);
  assert.ok(d.evidence.howToVerify.some((s) => s.includes('ariadne ledger verify')));

  const bad = { ...evidenceItem(3), proof: { ...evidenceItem(3).proof!, hashes: ['<script>'] } };
  const mismatched = { ...evidenceItem(4), proof: { ...evidenceItem(4).proof!, checkpoint: checkpointText(999, 'ab'.repeat(32)) } };
  const none = { ...evidenceItem(5), proof: null };
  const [b, m, n] = buildDossier(syntheticInput({ evidence: [bad, mismatched, none] })).evidence.items;
  assert.equal(b!.proof, null);
  assert.match(b!.proofNote!, /malformed/);
  assert.match(m!.proofNote!, /does not state this tree size and root/);
  assert.match(n!.proofNote!, /No ledger proof/);
});

test('the narrative is the analyst\'s when given, otherwise a neutral summary of the facts', () => {
  const written = buildDossier(syntheticInput({ narrative: 'First paragraph.\n\nSecond paragraph.' })).narrative;
  assert.deepEqual(written, { paragraphs: ['First paragraph.', 'Second paragraph.'], generated: false });
  const generated = buildDossier(syntheticInput()).narrative;
  assert.equal(generated.generated, true);
  assert.match(generated.paragraphs.join(' '), /1 incident\(s\), 1 exploitation record\(s\)/);
  assert.match(generated.paragraphs.join(' '), /states no finding/);
});

test('the subject\'s own confirmed entries are shown under their regime, and screening is ordered', () => {
  const d = buildDossier(syntheticInput({
    screening: [
      { list: 'un-sc', entry: 'QDi.997', status: 'false_positive', score: 0.95, matchedName: 'X', explanation: [] },
      { list: 'un-sc', entry: 'QDi.998', status: 'confirmed', score: 0.9, matchedName: 'TESTPERSON ALFA', explanation: ['name'] },
    ],
  }));
  assert.deepEqual(d.assessment.find((r) => r.id === 'isil-al-qaida')!.subjectListed, ['QDi.998']);
  assert.deepEqual(d.assessment.find((r) => r.id === 'libya')!.subjectListed, []);
  assert.deepEqual(d.listEntries.map((x) => x.entry), ['QDi.998', 'QDi.997'], 'confirmed first');
});

test('hostile values: bidi overrides made visible, huge values cut, malformed parts tolerated', () => {
  const input = syntheticInput({
    relations: [CHILD_RECRUITMENT, { prop: 'x', direction: 'incoming', entity: null } as unknown as DossierRelation],
    evidence: [{ ...evidenceItem(1), entityIds: 'not-a-list' as unknown as string[] }],
  });
  const hostile = {
    ...input,
    subject: { ...input.subject, caption: 'Testperson \u202EahplA', properties: { ...input.subject.properties, alias: ['A'.repeat(200_000)], notes: 'not-a-list' as unknown as string[] } },
  };
  const d = buildDossier(hostile);
  assert.equal(d.subject.caption.text, 'Testperson [U+202E]ahplA');
  assert.ok(!JSON.stringify(d).includes('\u202E'));
  const alias = d.identification.aliasesByScript[0]!.values.find((v) => v.text.startsWith('AAAA'))!;
  assert.ok(alias.text.length < 4_100 && alias.text.endsWith('[cut: 200,000 characters]'));
  assert.equal(d.links.find((g) => g.kind === 'exploitation')!.items.length, 1);
});
