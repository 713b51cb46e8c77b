/**
 * The "Send an MLA request" form's pure logic (apps/web/src/pages/sharing/mla-form.ts): the draft,
 * the checks that mirror the server's rules (compared here with the real `checkMlaRequest` of
 * @ariadne/sharing, so the two cannot drift apart unnoticed), the body sent, victims reduced to
 * their record id, and the server's problems placed on the form's fields. Also the received
 * package view's pure parts (received-view.ts). All data is synthetic.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import { checkMlaRequest } from '@ariadne/sharing';
import { VICTIM_ROLE, type ReceivedPackage } from '../src/api/sharing-types.ts';
import {
  addSubject, defaultRole, emptyMlaDraft, measureKindsFor, mlaProblems, mlaSendBody, placeServerProblems, removeSubject, roleKey,
  toggleMeasureSubject, updateSubject, type MlaDraft,
} from '../src/pages/sharing/mla-form.ts';
import { alertRows, coverDocuments, evidenceRows, hasAlerts, otherMembers, packageIdOfSearch, receivedPackagePath } from '../src/pages/sharing/received-view.ts';

const TODAY = new Date(2026, 4, 4, 12);

/** a complete request: one suspect, one measure concerning him */
function completeDraft(): MlaDraft {
  let draft: MlaDraft = {
    ...emptyMlaDraft(TODAY),
    reference: 'EXA-PG/MLA/2026/0042',
    requestingAuthority: { name: 'Office of the Prosecutor General of Examplestan', country: 'iq', address: '1 Example Square\r\nExample City', contactRole: 'International Cooperation Unit' },
    requestedAuthority: { name: 'Central Authority of Samplia', country: 'FR', address: '2 Sample Avenue', contactRole: 'MLA desk' },
    confidentiality: 'Keep the request confidential; the suspect is not aware of the investigation.',
    legalBasis: 'UNTOC, art. 18\n\n  Trafficking in Persons Protocol, art. 5  \nUNTOC, art. 18',
    summaryOfFacts: 'Between 2015 and 2016, Synthetic Suspect Omega recruited displaced persons with false offers of work.',
    executionProcedures: 'Please let an officer of the requesting authority attend.',
    contactOffice: 'International Cooperation Unit',
    contactChannel: 'Secure e-mail of the central authority.',
  };
  draft = { ...draft, offences: [{ ...draft.offences[0]!, name: 'Trafficking in persons', legalProvision: 'Penal Code of Examplestan, art. 293', provisionText: 'Whoever recruits… is punished.', maximumPenalty: '15 years', form: 'forced_labour' }] };
  draft = addSubject(draft, { id: 'e2e-person-omega', schema: 'Person', caption: 'Synthetic Suspect Omega', sealed: false, role: 'suspect' });
  draft = { ...draft, measures: [{ ...draft.measures[0]!, kind: 'records-production', description: 'Produce the bank records for 2015–2016.', linkToFacts: 'The payments were received on his account.' }] };
  return toggleMeasureSubject(draft, draft.measures[0]!.key, 'e2e-person-omega', true);
}

/** what the server builds from the body before checking it (the case and evidence it adds) */
function asServerChecks(draft: MlaDraft): unknown {
  return { format: 'ariadne-mla/1', case: { id: 'case-1', title: 'Synthetic case' }, ...mlaSendBody(draft, { evidenceAllowed: false }).request, evidence: [] };
}

/** the paths the real checker refuses (empty when it accepts the request) */
function serverPaths(draft: MlaDraft): string[] {
  try {
    checkMlaRequest(asServerChecks(draft));
    return [];
  } catch (error) {
    assert.ok(error instanceof AriadneError);
    return Object.keys(error.details ?? {});
  }
}

describe('the MLA request form', () => {
  test('a fresh draft is dated today and asks for every required heading', () => {
    const draft = emptyMlaDraft(TODAY);
    assert.equal(draft.date, '2026-05-04');
    const problems = mlaProblems(draft);
    for (const path of ['reference', 'requestingAuthority.name', 'requestedAuthority.country', 'confidentiality', 'legalBasis', 'summaryOfFacts',
      'offences.0.name', 'offences.0.provisionText', 'measures.0.description', 'measures.0.linkToFacts', 'executionProcedures', 'contact.office']) {
      assert.ok(problems[path], `${path} is required`);
    }
    assert.equal(problems.reference?.key, 'sharing.mla.problem.required');
    assert.equal(problems.legalBasis?.key, 'sharing.mla.problem.legalBasisNone');
  });

  test('a complete draft has no problems, and the server accepts what it sends', () => {
    const draft = completeDraft();
    assert.deepEqual(mlaProblems(draft), {});
    assert.deepEqual(serverPaths(draft), []);
  });

  test('the body: countries upper case, one legal basis a line without repeats, CRLF as LF, optional fields left out', () => {
    const { request, evidenceBundleIds } = mlaSendBody(completeDraft(), { evidenceAllowed: false });
    assert.equal(evidenceBundleIds, undefined);
    assert.deepEqual(request.requestingAuthority, { name: 'Office of the Prosecutor General of Examplestan', country: 'IQ', address: '1 Example Square\nExample City', contactRole: 'International Cooperation Unit' });
    assert.deepEqual(request.legalBasis, ['UNTOC, art. 18', 'Trafficking in Persons Protocol, art. 5']);
    assert.deepEqual(request.urgency, { level: 'normal' });
    assert.deepEqual(request.subjects, [{ entityId: 'e2e-person-omega', role: 'suspect', name: 'Synthetic Suspect Omega', aliases: [] }]);
    assert.deepEqual(request.measures, [{ kind: 'records-production', description: 'Produce the bank records for 2015–2016.', linkToFacts: 'The payments were received on his account.', subjects: ['e2e-person-omega'] }]);
    assert.equal('format' in request || 'case' in request || 'evidence' in request, false, 'the server adds those');
  });

  test('evidence bundles go along only when the terms allow evidence', () => {
    const draft = { ...completeDraft(), evidenceBundleIds: 'bundle-1\nbundle-2, bundle-1' };
    assert.deepEqual(mlaSendBody(draft, { evidenceAllowed: true }).evidenceBundleIds, ['bundle-1', 'bundle-2']);
    assert.equal(mlaSendBody(draft, { evidenceAllowed: false }).evidenceBundleIds, undefined);
  });

  test('a victim is sent by record id alone: no name, alias, birth date or whereabouts, even if typed before', () => {
    let draft = addSubject(completeDraft(), { id: 'e2e-person-alpha', schema: 'Person', caption: 'Testperson Alpha', sealed: false, role: 'witness' });
    draft = updateSubject(draft, 'e2e-person-alpha', { aliases: 'T. Alpha', birthDate: '1990', whereabouts: 'Sample Town', nationality: 'sy' });
    draft = updateSubject(draft, 'e2e-person-alpha', { role: VICTIM_ROLE });
    const victim = mlaSendBody(draft, { evidenceAllowed: false }).request.subjects as Record<string, unknown>[];
    assert.deepEqual(victim[1], { entityId: 'e2e-person-alpha', role: VICTIM_ROLE, name: 'e2e-person-alpha', aliases: [], nationality: 'SY' });
    assert.ok(!JSON.stringify(mlaSendBody(draft, { evidenceAllowed: false })).includes('Testperson Alpha'), "the victim's name never leaves");
    assert.deepEqual(mlaProblems(draft), {});
  });

  test("a victim's profile is picked as a pseudonymised victim, shown by its own pseudonym, and may not take another role", () => {
    const role = defaultRole({ schema: 'VictimProfile', sealed: true, legalEntity: false, person: false });
    assert.equal(role, VICTIM_ROLE);
    assert.equal(defaultRole({ schema: 'Company', sealed: false, legalEntity: true, person: false }), 'company');
    assert.equal(defaultRole({ schema: 'Person', sealed: false, legalEntity: true, person: true }), 'suspect');
    let draft = addSubject(completeDraft(), { id: 'e2e-profile-1', schema: 'VictimProfile', caption: 'Survivor A-1', sealed: true, role });
    assert.equal(draft.subjects[1]?.localPseudonym, 'Survivor A-1');
    assert.equal(draft.subjects[1]?.name, '');
    assert.ok(!JSON.stringify(mlaSendBody(draft, { evidenceAllowed: false })).includes('Survivor A-1'), 'the local pseudonym is not sent either');
    draft = updateSubject(draft, 'e2e-profile-1', { role: 'witness' });
    assert.equal(mlaProblems(draft)['subjects.1.role']?.key, 'sharing.mla.problem.victimRecord');
  });

  test('the same record is added once; removing a subject removes it from the measures', () => {
    const once = addSubject(completeDraft(), { id: 'e2e-person-omega', schema: 'Person', caption: 'Again', sealed: false, role: 'witness' });
    assert.equal(once.subjects.length, 1);
    const removed = removeSubject(once, 'e2e-person-omega');
    assert.deepEqual(removed.subjects, []);
    assert.deepEqual(removed.measures[0]?.subjects, []);
  });

  test('rules across fields match the server: two States, a reason when urgent, extradition measures only in an extradition request', () => {
    const cases: [string, (d: MlaDraft) => MlaDraft, string][] = [
      ['same country', (d) => ({ ...d, requestedAuthority: { ...d.requestedAuthority, country: 'IQ' } }), 'requestedAuthority.country'],
      ['urgent without reason', (d) => ({ ...d, urgency: 'urgent' }), 'urgency.reason'],
      ['arrest in an assistance request', (d) => ({ ...d, measures: [{ ...d.measures[0]!, kind: 'provisional-arrest' }] }), 'measures.0.kind'],
      ['a bad country code', (d) => ({ ...d, requestingAuthority: { ...d.requestingAuthority, country: 'I1' } }), 'requestingAuthority.country'],
      ['a birth date that is no date', (d) => updateSubject(d, 'e2e-person-omega', { birthDate: '1980-13' }), 'subjects.0.birthDate'],
      ['a company with a birth date', (d) => updateSubject(d, 'e2e-person-omega', { role: 'company', birthDate: '1999' }), 'subjects.0.birthDate'],
      ['facts too long', (d) => ({ ...d, summaryOfFacts: 'x'.repeat(20_001) }), 'summaryOfFacts'],
      ['no offence', (d) => ({ ...d, offences: [] }), 'offences'],
    ];
    for (const [what, change, path] of cases) {
      const draft = change(completeDraft());
      assert.ok(mlaProblems(draft)[path], `the form sees ${what} at ${path}`);
      assert.ok(serverPaths(draft).includes(path), `the server refuses ${what} at ${path} too: ${JSON.stringify(serverPaths(draft))}`);
    }
  });

  test('an extradition request needs an accused or convicted person and a measure of extradition naming them', () => {
    let draft: MlaDraft = { ...completeDraft(), kind: 'extradition' };
    let problems = mlaProblems(draft);
    assert.equal(problems.subjects?.key, 'sharing.mla.problem.extraditionSubject');
    assert.equal(problems.measures?.key, 'sharing.mla.problem.extraditionMeasure');
    draft = { ...draft, measures: [...draft.measures, { key: 'm9', kind: 'extradition', description: 'Surrender him.', linkToFacts: 'He organised the recruitment.', subjects: ['e2e-person-omega'] }] };
    problems = mlaProblems(draft);
    assert.equal(problems['measures.1.subjects']?.key, 'sharing.mla.problem.arrestRole', 'a suspect may not be surrendered');
    draft = updateSubject(draft, 'e2e-person-omega', { role: 'accused' });
    assert.deepEqual(mlaProblems(draft), {});
    assert.deepEqual(serverPaths(draft), []);
  });

  test('the measure kinds offered follow the kind of request', () => {
    assert.ok(!measureKindsFor('mutual-legal-assistance').includes('extradition'));
    assert.ok(measureKindsFor('extradition').includes('provisional-arrest'));
    assert.equal(roleKey(VICTIM_ROLE), 'victim-pseudonymised');
    assert.equal(roleKey('account holder'), 'account-holder');
  });

  test("the server's problems land on the fields they name; the rest are listed above the form", () => {
    const placed = placeServerProblems({
      'legalBasis.2': 'at most 500 characters',
      'subjects.0.name': 'must not be empty',
      'measures.0.subjects.1': 'names no subject of this request',
      'evidence.0.sha256': '64 lowercase hex digits (SHA-256)',
      'case.title': 'must not be empty',
    }, completeDraft());
    assert.deepEqual(placed.byField, {
      legalBasis: 'at most 500 characters',
      'subjects.0.name': 'must not be empty',
      'measures.0.subjects': 'names no subject of this request',
      evidence: '64 lowercase hex digits (SHA-256)',
    });
    assert.deepEqual(placed.unplaced, [['case.title', 'must not be empty']]);
  });
});

describe('the received package view', () => {
  const received: ReceivedPackage = {
    members: [
      { path: 'mla/request.json', role: 'mla-request', sha256: 'a'.repeat(64), bytes: 900 },
      { path: 'mla/cover.en.html', role: 'mla-cover', sha256: 'b'.repeat(64), bytes: 5000 },
      { path: 'mla/cover.ar.html', role: 'mla-cover', sha256: 'c'.repeat(64), bytes: 5200 },
      { path: 'evidence/bundle-1.tar', role: 'evidence-bundle', sha256: 'd'.repeat(64), bytes: 10240 },
      { path: 'alerts.json', role: 'alerts', sha256: 'e'.repeat(64), bytes: 300 },
    ],
    mla: null,
  };

  test('its address names the package by id in the query of the Incoming page', () => {
    assert.equal(receivedPackagePath('pkg-1/x'), '/sharing/incoming?package=pkg-1%2Fx');
    assert.equal(packageIdOfSearch('?package=pkg-1%2Fx'), 'pkg-1/x');
    assert.equal(packageIdOfSearch(''), null);
  });

  test('cover documents by language, the UI language first', () => {
    assert.deepEqual(coverDocuments(received.members, 'ar').map((c) => c.locale), ['ar', 'en']);
    assert.deepEqual(coverDocuments(received.members, 'fr').map((c) => c.path), ['mla/cover.ar.html', 'mla/cover.en.html']);
  });

  test("evidence bundles carry the request's entry for them; other members are listed apart", () => {
    const entry = { bundleId: 'bundle-1', fileName: 'bundle-1.tar', sha256: 'd'.repeat(64), items: 3 };
    const rows = evidenceRows({ ...received, mla: { evidence: [entry] } as unknown as ReceivedPackage['mla'] });
    assert.deepEqual(rows.map((r) => [r.member.path, r.entry?.items]), [['evidence/bundle-1.tar', 3]]);
    assert.equal(evidenceRows(received)[0]?.entry, null);
    assert.deepEqual(otherMembers(received.members).map((m) => m.path), ['alerts.json']);
  });

  test('alerts are read tolerantly: typology or list, a score when it is a number, subjects by id', () => {
    const rows = alertRows([
      { id: 'psa-1', kind: 'finance', typology: 'debt-bondage-loop', score: 0.82, explanation: 'Three payments to [account] in a loop.', subjects: ['share-e-1', { id: 'share-e-2', caption: 'Synthetic Agency' }] },
      { kind: 'screening', list: 'un-sc', score: Number.NaN },
    ]);
    assert.deepEqual(rows[0], {
      key: 'psa-1', kind: 'finance', pattern: 'debt-bondage-loop', score: 0.82, explanation: 'Three payments to [account] in a loop.',
      subjects: [{ id: 'share-e-1', caption: 'share-e-1' }, { id: 'share-e-2', caption: 'Synthetic Agency' }],
    });
    assert.deepEqual(rows[1], { key: 'alert-1', kind: 'screening', pattern: 'un-sc', score: null, explanation: '', subjects: [] });
    assert.deepEqual(alertRows(undefined), []);
    assert.equal(hasAlerts(received.members), true);
    assert.equal(hasAlerts(received.members.slice(0, 4)), false);
  });
});
