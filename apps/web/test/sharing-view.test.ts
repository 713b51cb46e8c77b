/**
 * The sharing pages' pure logic: the new-agreement draft and its checklist, the terms in plain
 * language, days left and who may approve, reading identity cards and offers, the fingerprint
 * read aloud, the linkage pairs as CSV, the refusal sentences in every language, and the routes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Agreement, AgreementTerms } from '../src/api/sharing-types.ts';
import { REFUSAL_REASONS, SHARE_PURPOSES, CONSENT_PURPOSES } from '../src/api/sharing-types.ts';
import type { SchemaView } from '../src/api/types.ts';
import { matchRoute, paths } from '../src/router/routes.ts';
import { agreementState, approvalCount, daysLeft, mayApprove, maySend, validityOf } from '../src/pages/sharing/agreement-view.ts';
import { fingerprintGroups, pairsCsv, parseOffer, parsePartyCard } from '../src/pages/sharing/share-files.ts';
import {
  defaultProperties, draftProblems, emptyDraft, inputOf, shareableProperties, shareableSchemata, toggleProperty, togglePseudonym, toggleSchema, type AgreementDraft,
} from '../src/pages/sharing/terms-form.ts';
import { describeTerms } from '../src/pages/sharing/terms-text.ts';
import { takesConsent } from '../src/pages/sharing/consent-view.ts';
import { countsToShow, idList, selectionOf } from '../src/pages/sharing/package-view.ts';

const NOW = new Date('2026-03-10T15:00:00Z');

function schema(name: string, props: string[], over: Partial<SchemaView> = {}): SchemaView {
  return {
    name, label: name, plural: `${name}s`, extends: [], abstract: false, matchable: true, sealed: false, caption: [], featured: [], required: [],
    properties: Object.fromEntries(props.map((p) => [p, { name: p, label: p.toUpperCase(), type: 'string', hidden: p === 'hiddenProp', multiple: true as const }])),
    ...over,
  };
}

const schemata = {
  Thing: schema('Thing', ['name'], { abstract: true }),
  Person: schema('Person', ['name', 'nationality', 'idNumber', 'hiddenProp'], { extends: ['Thing'], featured: ['name', 'nationality'] }),
  Organization: schema('Organization', ['name', 'country'], { extends: ['Thing'] }),
  VictimProfile: withValues(schema('VictimProfile', ['person', 'pseudonym', 'situation', 'gender'], { required: ['pseudonym'], featured: ['gender'] }), 'gender'),
};

/** the property becomes a closed list of values (as gender and country are) */
function withValues(view: SchemaView, prop: string): SchemaView {
  return { ...view, properties: { ...view.properties, [prop]: { ...view.properties[prop]!, type: 'gender', values: { female: 'Female' } } } };
}

function filled(): AgreementDraft {
  let d: AgreementDraft = { ...emptyDraft(NOW), title: 'Synthetic exchange', partnerId: 'p1', caseId: 'c1', legalBasis: 'Synthetic MoU, art. 5' };
  d = toggleSchema(d, 'Person', true, defaultProperties(schemata.Person, 'en'));
  return d;
}

describe('the new-agreement draft', () => {
  test('starts safe: victims pseudonymised, two approvers, valid a year from today, and cannot be saved empty', () => {
    const d = emptyDraft(NOW);
    assert.equal(d.victims, 'pseudonymise');
    assert.equal(d.approvalsRequired, '2');
    assert.equal(d.validFrom, '2026-03-10');
    assert.equal(d.validUntil, '2027-03-10');
    assert.deepEqual(Object.keys(draftProblems(d)).sort(), ['allowed', 'caseId', 'legalBasis', 'partnerId', 'title']);
  });

  test('refuses dates in the wrong order, out-of-range retention and approvals', () => {
    const p = draftProblems({ ...filled(), validUntil: '2026-01-01', retentionDays: '0', approvalsRequired: '6' });
    assert.equal(p.validUntil, 'sharing.form.problem.dateOrder');
    assert.equal(p.retentionDays, 'sharing.form.problem.retention');
    assert.equal(p.approvalsRequired, 'sharing.form.problem.approvals');
    assert.equal(draftProblems({ ...filled(), validFrom: '2026-02-30' }).validFrom, 'sharing.form.problem.date');
    assert.deepEqual(draftProblems(filled()), {});
  });

  test('ticking a schema allows its featured properties; a pseudonym implies the property travels; stopping it drops the pseudonym', () => {
    let d = filled();
    assert.deepEqual(d.allowed.Person, ['name', 'nationality']);
    d = togglePseudonym(d, 'Person', 'idNumber', true);
    assert.deepEqual([...d.allowed.Person!].sort(), ['idNumber', 'name', 'nationality']);
    d = toggleProperty(d, 'Person', 'idNumber', false);
    assert.equal(d.pseudonymise.Person, undefined);
    d = togglePseudonym(d, 'Person', 'idNumber', true);
    d = toggleSchema(d, 'Person', false, []);
    assert.deepEqual(d.allowed, {});
    assert.deepEqual(d.pseudonymise, {});
  });

  test('becomes the API body with numbers, sorted property lists and trimmed text', () => {
    const d = togglePseudonym({ ...filled(), title: '  Synthetic exchange ', retentionDays: ' 90 ' }, 'Person', 'idNumber', true);
    const input = inputOf(d);
    assert.equal(input.title, 'Synthetic exchange');
    assert.equal(input.terms.retentionDays, 90);
    assert.equal(input.terms.approvalsRequired, 2);
    assert.deepEqual(input.terms.allowed, { Person: ['idNumber', 'name', 'nationality'] });
    assert.deepEqual(input.terms.pseudonymise, { Person: ['idNumber'] });
  });

  test('offers concrete schemata only, searchable, and visible properties only', () => {
    assert.deepEqual(shareableSchemata(schemata, 'en').map((s) => s.name), ['Organization', 'Person', 'VictimProfile']);
    assert.deepEqual(shareableSchemata(schemata, 'en', 'pers').map((s) => s.name), ['Person']);
    assert.deepEqual(defaultProperties(schemata.Organization, 'en'), ['country', 'name']);
  });

  test('a schema ticked allows its required properties (its records cannot travel without them); closed lists cannot be pseudonyms', () => {
    assert.deepEqual(defaultProperties(schemata.VictimProfile, 'en'), ['pseudonym', 'gender']);
    const props = shareableProperties(schemata.VictimProfile, 'en');
    assert.deepEqual(props.map((p) => [p.name, p.required, p.pseudonymisable]), [
      ['pseudonym', true, true], ['gender', false, false], ['person', false, true], ['situation', false, true],
    ]);
  });
});

const terms: AgreementTerms = {
  purpose: 'victim-assistance', legalBasis: 'Synthetic MoU, art. 5', allowed: { Person: ['name', 'nationality'] }, victims: 'pseudonymise',
  pseudonymise: { Person: ['name'] }, alerts: false, evidence: true, retentionDays: 30, validFrom: '2026-03-01', validUntil: '2026-03-20', approvalsRequired: 2,
};

describe('the terms in plain language', () => {
  const en = JSON.parse(readFileSync(new URL('../src/i18n/en.json', import.meta.url), 'utf8')) as Record<string, string>;
  const t = (key: string, vars: Record<string, string | number> = {}) => (en[key] ?? `!${key}`).replace(/\{(\w+)\}/g, (_, n: string) => String(vars[n] ?? `{${n}}`));
  const ctx = { t, schemaLabel: (s: string) => `${s} records`, propertyLabel: (_s: string, p: string) => p, formatNumber: String, formatDay: (d: string) => d };

  test('say what leaves, as what, with which consent, for how long, when and with how many approvals', () => {
    const lines = describeTerms(terms, ctx);
    assert.deepEqual(lines.map((l) => l.kind), ['purpose', 'legalBasis', 'allowed', 'pseudonymise', 'victims', 'alerts', 'evidence', 'retention', 'validity', 'approvals']);
    const text = lines.map((l) => [l.text, ...(l.items ?? [])].join(' ')).join('\n');
    assert.doesNotMatch(text, /!sharing|\{/, 'every message exists and every placeholder is filled');
    assert.match(text, /Person records: name, nationality/);
    assert.match(text, /consented to Referral to other services/, 'victim assistance needs the referral consent');
    assert.match(text, /30 days/);
    assert.match(text, /2026-03-01 to 2026-03-20/);
  });

  test('victims excluded and nothing allowed are said too', () => {
    const lines = describeTerms({ ...terms, allowed: {}, pseudonymise: {}, victims: 'exclude' }, ctx);
    assert.ok(lines.some((l) => l.kind === 'nothingAllowed'));
    assert.equal(lines.find((l) => l.kind === 'victims')?.text, en['sharing.terms.victims.exclude']);
  });
});

function agreement(over: Partial<Agreement> = {}): Agreement {
  return {
    id: 'ag1', title: 'Synthetic exchange', partnerId: 'p1', caseId: 'c1', direction: 'outgoing', terms, termsSha256: 'ab', status: 'draft',
    approvals: [], createdBy: 'u1', createdAt: '2026-03-01T00:00:00Z', revokedAt: null, revokedReason: null, lastSentSequence: 0, lastReceivedSequence: 0, ...over,
  };
}

describe('an agreement at a glance', () => {
  test('days left count calendar days, the last day included', () => {
    assert.equal(daysLeft('2026-03-20', NOW), 10);
    assert.equal(daysLeft('2026-03-10', NOW), 0);
    assert.equal(daysLeft('2026-03-09', NOW), -1);
    assert.equal(validityOf({ validFrom: '2026-03-11', validUntil: '2026-04-01' }, NOW), 'pending');
    assert.equal(validityOf({ validFrom: '2026-03-10', validUntil: '2026-03-10' }, NOW), 'current');
  });

  test('approvals: n of m distinct people; a draft can be approved once per person; sending needs active, in force and outgoing', () => {
    const one = agreement({ approvals: [{ userId: 'u1', at: '2026-03-02T00:00:00Z' }] });
    assert.deepEqual(approvalCount(one), { given: 1, required: 2 });
    assert.equal(mayApprove(one, 'u1'), false);
    assert.equal(mayApprove(one, 'u2'), true);
    assert.equal(mayApprove(agreement({ status: 'revoked' }), 'u2'), false);
    assert.equal(maySend(one, NOW), false);
    assert.equal(maySend(agreement({ status: 'active' }), NOW), true);
    assert.equal(maySend(agreement({ status: 'active', direction: 'incoming' }), NOW), false);
    assert.equal(maySend(agreement({ status: 'active' }), new Date('2026-04-01T00:00:00Z')), false);
    assert.equal(agreementState(agreement({ status: 'active' }), new Date('2026-04-01T00:00:00Z')), 'expired');
    assert.equal(agreementState(agreement({ status: 'revoked' }), NOW), 'revoked');
  });
});

describe('cards, offers, fingerprints and pairs', () => {
  const card = { format: 'ariadne-party/1', name: ' Synthetic NGO ', signingKey: 'c2lnbg==', ageRecipient: 'age1synthetic', fingerprint: 'ABCD EFGH IJKL' };

  test('a card is read when whole, refused with a reason otherwise', () => {
    const ok = parsePartyCard(JSON.stringify(card));
    assert.ok(ok.ok);
    assert.equal(ok.value.name, 'Synthetic NGO');
    assert.deepEqual(parsePartyCard('{'), { ok: false, problem: 'sharing.card.problem.json' });
    assert.deepEqual(parsePartyCard(JSON.stringify({ ...card, format: 'x' })), { ok: false, problem: 'sharing.card.problem.format' });
    assert.deepEqual(parsePartyCard(JSON.stringify({ ...card, ageRecipient: 'ssh-ed25519 AAAA' })), { ok: false, problem: 'sharing.card.problem.fields' });
  });

  test('an offer is passed on as it is (its signature covers it)', () => {
    const offer = { format: 'ariadne-agreement/1', id: 'ag1', title: 'Synthetic', direction: 'outgoing', terms, termsSha256: 'ab', from: card, signature: 'c2ln', extra: 1 };
    const parsed = parseOffer(JSON.stringify(offer));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, offer);
    assert.deepEqual(parseOffer(JSON.stringify({ ...offer, signature: '' })), { ok: false, problem: 'sharing.offer.problem.fields' });
  });

  test('a fingerprint is laid out in groups to read aloud', () => {
    assert.deepEqual(fingerprintGroups('ABCD EFGH'), ['ABCD', 'EFGH']);
    assert.deepEqual(fingerprintGroups('ab:cd:ef'), ['ab', 'cd', 'ef']);
    assert.deepEqual(fingerprintGroups('ABCDEFGHIJ'), ['ABCD', 'EFGH', 'IJ']);
  });

  test('the pairs CSV has the header and one pair a line, quoted when needed', () => {
    assert.equal(pairsCsv([{ tokenA: 'tA1', tokenB: 'tB7' }, { tokenA: 'a,"b"', tokenB: 'c' }]), 'token_a,token_b\ntA1,tB7\n"a,""b""",c\n');
    assert.equal(pairsCsv([]), 'token_a,token_b\n');
  });

  test("a package's counts: the core ones always, the others only when not zero", () => {
    const counts = { valuesScrubbed: 1, schemataDropped: 0, propertiesDropped: 3, entities: 4, victimsPseudonymised: 0, victimsOmittedNoConsent: 2 };
    assert.deepEqual(countsToShow(counts), [['entities', 4], ['victimsPseudonymised', 0], ['propertiesDropped', 3], ['valuesScrubbed', 1], ['victimsOmittedNoConsent', 2]]);
  });

  test('a send takes the whole case unless ids narrow it, and bundles only when the terms allow evidence', () => {
    assert.deepEqual(idList(' e1, e2\ne1 ;e3 '), ['e1', 'e2', 'e3']);
    assert.deepEqual(selectionOf({ entityIds: '', bundleIds: 'b1', evidenceAllowed: false, missingConsent: 'refuse' }), { missingConsent: 'refuse' });
    assert.deepEqual(selectionOf({ entityIds: 'e1\ne2', bundleIds: 'b1', evidenceAllowed: true, missingConsent: 'omit' }),
      { missingConsent: 'omit', entityIds: ['e1', 'e2'], evidenceBundleIds: ['b1'] });
  });

  test('consent is recorded on victim profiles and persons only', () => {
    assert.equal(takesConsent(schemata, 'VictimProfile'), true);
    assert.equal(takesConsent(schemata, 'Person'), true);
    assert.equal(takesConsent(schemata, 'Organization'), false);
  });
});

describe('every sentence in every language', () => {
  test('each refusal reason, purpose, consent purpose, state and package status has a message in en, ar and fr', () => {
    for (const locale of ['en', 'ar', 'fr']) {
      const m = JSON.parse(readFileSync(new URL(`../src/i18n/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
      const keys = [
        ...REFUSAL_REASONS.map((r) => `sharing.refusal.${r}`), ...SHARE_PURPOSES.map((p) => `sharing.purpose.${p}`),
        ...CONSENT_PURPOSES.map((p) => `sharing.consentPurpose.${p}`),
        ...['draft', 'active', 'revoked', 'expired', 'pending'].map((s) => `sharing.state.${s}`),
        ...['sent', 'imported', 'refused'].map((s) => `sharing.package.status.${s}`),
        ...['outgoing', 'incoming', 'both'].map((d) => `sharing.direction.${d}`),
        ...['none', 'granted', 'withdrawn'].map((s) => `sharing.consent.state.${s}`),
        ...['agreements', 'partners', 'incoming', 'linkage'].map((s) => `sharing.tab.${s}`),
      ];
      for (const key of keys) assert.ok(m[key]?.trim(), `${locale}:${key}`);
    }
  });
});

describe('routes', () => {
  test('the sharing pages have paths with ids only', () => {
    assert.deepEqual(matchRoute(paths.sharing()), { name: 'sharing', params: {} });
    assert.deepEqual(matchRoute(paths.sharingNewAgreement()), { name: 'sharingNewAgreement', params: {} });
    assert.deepEqual(matchRoute(paths.sharingAgreement('ag/1')), { name: 'sharingAgreement', params: { agreementId: 'ag/1' } });
    for (const name of ['sharingPartners', 'sharingIncoming', 'sharingLinkage'] as const) assert.equal(matchRoute(paths[name]()).name, name);
  });
});
