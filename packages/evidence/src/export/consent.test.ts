/** What a survivor's or source's consent lets leave: purposes, and the organisations named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentAllows, recipientAllowed } from './export-bundle.ts';

const staff = { consent: null };
const survivor = { consent: { prosecution: true, sanctions: false, statistics: true, visibility: 'named' as const, organisations: ['Synthetic Prosecutor Office'] } };
const withdrawn = { consent: { prosecution: false, sanctions: false, statistics: false } };

test('staff-collected items carry no consent record and may go anywhere their case allows', () => {
  assert.equal(consentAllows(staff, 'sanctions', 'Synthetic Panel of Experts'), true);
});

test('a purpose not consented to is refused; so is everything after a withdrawal', () => {
  assert.equal(consentAllows(survivor, 'prosecution', 'Synthetic Prosecutor Office'), true);
  assert.equal(consentAllows(survivor, 'mutual-legal-assistance', 'Synthetic Prosecutor Office'), true);
  assert.equal(consentAllows(survivor, 'sanctions', 'Synthetic Prosecutor Office'), false);
  for (const purpose of ['prosecution', 'sanctions', 'mutual-legal-assistance', 'other'] as const) assert.equal(consentAllows(withdrawn, purpose), false);
});

test('named organisations: only they may receive it, whatever the spelling of case and spaces', () => {
  assert.equal(recipientAllowed(survivor, '  synthetic prosecutor OFFICE '), true);
  assert.equal(recipientAllowed(survivor, 'Synthetic Other Agency'), false);
  assert.equal(consentAllows(survivor, 'prosecution', 'Synthetic Other Agency'), false);
  assert.equal(recipientAllowed({ consent: { visibility: 'named' } }, 'anyone'), false, 'named with no organisations: nobody');
  assert.equal(recipientAllowed({ consent: { prosecution: true, visibility: 'case-team' } }, 'anyone'), true);
});
