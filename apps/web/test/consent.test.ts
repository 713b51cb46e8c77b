import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowedPurposes, emptyConsent, fromConsent, isConsentComplete, parseOrganisations, toConsent, withdrawn,
} from '../src/lib/consent.ts';

test('nothing is allowed by default and only the case team may see', () => {
  const draft = emptyConsent();
  assert.deepEqual(toConsent(draft), { prosecution: false, sanctions: false, statistics: false, visibility: 'case-team' });
  assert.deepEqual(allowedPurposes(toConsent(draft)), []);
  assert.equal(isConsentComplete(draft), true);
});

test('organisations are split on lines, commas and Arabic commas, without blanks or repeats', () => {
  assert.deepEqual(parseOrganisations('Synthetic NGO, Test Court\n\n synthetic ngo ;Example Office'), ['Synthetic NGO', 'Test Court', 'Example Office']);
  assert.deepEqual(parseOrganisations('منظمة تجريبية، محكمة تجريبية؛ أخرى'), ['منظمة تجريبية', 'محكمة تجريبية', 'أخرى']);
  assert.deepEqual(parseOrganisations(' , ;\n'), []);
});

test('huge or hostile organisation text is bounded', () => {
  const many = Array.from({ length: 500 }, (_, i) => `Org ${i}`).join(',');
  assert.equal(parseOrganisations(many).length, 20);
  assert.equal(parseOrganisations('x'.repeat(100_000))[0]!.length, 200);
});

test('named visibility sends the organisations and needs at least one', () => {
  const draft = { ...emptyConsent(), prosecution: true, visibility: 'named' as const, organisations: '' };
  assert.equal(isConsentComplete(draft), false);
  const filled = { ...draft, organisations: 'Synthetic NGO' };
  assert.equal(isConsentComplete(filled), true);
  assert.deepEqual(toConsent(filled), { prosecution: true, sanctions: false, statistics: false, visibility: 'named', organisations: ['Synthetic NGO'] });
  assert.equal('organisations' in toConsent({ ...filled, visibility: 'case-team' }), false, 'case-team drops the list');
});

test('fromConsent round-trips and tolerates missing or odd input', () => {
  const consent = { prosecution: true, sanctions: false, statistics: true, visibility: 'named' as const, organisations: ['A', 'B'] };
  assert.deepEqual(toConsent(fromConsent(consent)), consent);
  assert.deepEqual(fromConsent(null), emptyConsent());
  const odd = { prosecution: 'yes', visibility: 'everyone' } as unknown as Parameters<typeof fromConsent>[0];
  assert.deepEqual(fromConsent(odd), emptyConsent());
});

test('withdrawal allows no purpose and keeps who may see', () => {
  const consent = { prosecution: true, sanctions: true, statistics: true, visibility: 'named' as const, organisations: ['A'] };
  assert.deepEqual(withdrawn(consent), { prosecution: false, sanctions: false, statistics: false, visibility: 'named', organisations: ['A'] });
  assert.deepEqual(allowedPurposes(consent), ['prosecution', 'sanctions', 'statistics']);
  assert.deepEqual(allowedPurposes(withdrawn(consent)), []);
  assert.deepEqual(allowedPurposes(null), []);
});

test('withdrawal sends only the fields of a Consent body, whatever the server added', () => {
  const fromServer = { prosecution: true, sanctions: false, statistics: true, visibility: 'case-team' as const, recordedAt: '2025-01-01T00:00:00Z' };
  assert.deepEqual(withdrawn(fromServer), { prosecution: false, sanctions: false, statistics: false, visibility: 'case-team' });
});
