/** Agreement terms: validation against the model, the canonical hash, validity dates, plain words. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AriadneError, loadModel } from '@ariadne/schema';
import { agreementActiveAt, checkTerms, describeTerms, termsHash } from '../src/terms/terms.ts';
import type { AgreementTerms } from '../src/types.ts';

const model = loadModel();

const TERMS: AgreementTerms = {
  purpose: 'prosecution',
  legalBasis: 'Synthetic MoU of 2026-04-02, art. 5',
  allowed: { Person: ['name', 'nationality', 'birthDate', 'idNumber'], VictimProfile: ['pseudonym', 'ageRange', 'person'] },
  victims: 'pseudonymise',
  pseudonymise: { Person: ['idNumber'] },
  alerts: true,
  evidence: false,
  retentionDays: 365,
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  approvalsRequired: 2,
};

function refusal(raw: unknown): Readonly<Record<string, string>> {
  try {
    checkTerms(raw, model);
  } catch (error) {
    assert.ok(error instanceof AriadneError, `expected an AriadneError, got ${String(error)}`);
    assert.equal(error.code, 'VALIDATION_FAILED');
    return error.details ?? {};
  }
  assert.fail('expected the terms to be refused');
}

const withTerms = (changes: Record<string, unknown>) => ({ ...TERMS, ...changes });

describe('checkTerms', () => {
  test('accepts good terms and returns them with property lists sorted', () => {
    const terms = checkTerms({ ...TERMS, legalBasis: `  ${TERMS.legalBasis} ` }, model);
    assert.deepEqual(terms.allowed.Person, ['birthDate', 'idNumber', 'name', 'nationality']);
    assert.equal(terms.legalBasis, TERMS.legalBasis);
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['an unknown field', { extra: 1 }, 'terms', /unrecognized/i],
    ['a purpose not in SHARE_PURPOSES', { purpose: 'curiosity' }, 'purpose', /./],
    ['a legal basis under 3 characters', { legalBasis: ' ab ' }, 'legalBasis', /at least 3/],
    ['a legal basis over 2,000 characters', { legalBasis: 'x'.repeat(2001) }, 'legalBasis', /2,000/],
    ['a date not as YYYY-MM-DD', { validFrom: '01/01/2026' }, 'validFrom', /YYYY-MM-DD/],
    ['a date not in the calendar', { validUntil: '2026-02-30' }, 'validUntil', /calendar/],
    ['an end before the start', { validFrom: '2026-06-01', validUntil: '2026-05-31' }, 'validUntil', /before it starts/],
    ['retention of 0 days', { retentionDays: 0 }, 'retentionDays', /./],
    ['retention over ten years', { retentionDays: 3651 }, 'retentionDays', /./],
    ['retention in fractions', { retentionDays: 1.5 }, 'retentionDays', /./],
    ['no approvals', { approvalsRequired: 0 }, 'approvalsRequired', /./],
    ['six approvals', { approvalsRequired: 6 }, 'approvalsRequired', /./],
    ['victims neither pseudonymised nor excluded', { victims: 'share' }, 'victims', /./],
    ['an unknown schema', { allowed: { ...TERMS.allowed, Spaceship: ['name'] } }, 'allowed.Spaceship', /no schema/],
    ['an abstract schema', { allowed: { ...TERMS.allowed, Thing: ['name'] } }, 'allowed.Thing', /abstract/],
    ['a property the schema lacks', { allowed: { ...TERMS.allowed, Person: ['name', 'wingspan'] } }, 'allowed.Person.1', /no property wingspan/],
    ['a reverse property', { allowed: { ...TERMS.allowed, Person: ['name', 'victimProfiles'] } }, 'allowed.Person.1', /reverse/],
    ['a required property left out', { allowed: { ...TERMS.allowed, Person: ['nationality'] } }, 'allowed.Person', /requires name/],
    ['an empty property list', { allowed: { ...TERMS.allowed, Organization: [] } }, 'allowed.Organization', /./],
    ['a pseudonymised property not allowed', { pseudonymise: { Person: ['phone'] } }, 'pseudonymise.Person.0', /not allowed/],
    ['a pseudonymised date', { pseudonymise: { Person: ['birthDate'] } }, 'pseudonymise.Person.0', /type date/],
    ['a pseudonymised closed list', { pseudonymise: { VictimProfile: ['ageRange'] } }, 'pseudonymise.VictimProfile.0', /closed list/],
    ['a pseudonymised BIC', { allowed: { ...TERMS.allowed, BankAccount: ['bic'] }, pseudonymise: { BankAccount: ['bic'] } }, 'pseudonymise.BankAccount.0', /BIC/],
    ['a pseudonymised schema that does not exist', { pseudonymise: { Spaceship: ['name'] } }, 'pseudonymise.Spaceship', /no schema/],
  ];
  for (const [what, changes, path, message] of cases) {
    test(`refuses ${what}, naming ${path}`, () => {
      const details = refusal(withTerms(changes));
      assert.ok(path in details, `details name ${path}: ${JSON.stringify(details)}`);
      assert.match(details[path] ?? '', message);
    });
  }

  test('refuses what is not an object, and a missing field', () => {
    assert.ok('terms' in refusal('prosecution'));
    const { retentionDays: _omitted, ...rest } = TERMS;
    assert.ok('retentionDays' in refusal(rest));
  });

  test('accepts pseudonymised phones, e-mails, IBANs and names', () => {
    const terms = checkTerms(withTerms({
      allowed: { Person: ['name', 'phone', 'email'], BankAccount: ['iban'] },
      pseudonymise: { Person: ['name', 'phone', 'email'], BankAccount: ['iban'] },
    }), model);
    assert.deepEqual(terms.pseudonymise.Person, ['email', 'name', 'phone']);
  });
});

describe('termsHash', () => {
  test('is SHA-256 of the canonical JSON: keys sorted at every level, property lists sorted', () => {
    const canonical = '{"alerts":true,"allowed":{"Person":["birthDate","idNumber","name","nationality"],"VictimProfile":["ageRange","person","pseudonym"]},'
      + '"approvalsRequired":2,"evidence":false,"legalBasis":"Synthetic MoU of 2026-04-02, art. 5","pseudonymise":{"Person":["idNumber"]},'
      + '"purpose":"prosecution","retentionDays":365,"validFrom":"2026-01-01","validUntil":"2026-12-31","victims":"pseudonymise"}';
    assert.equal(termsHash(TERMS), createHash('sha256').update(canonical).digest('hex'));
  });

  test('the same terms written in another order have the same hash; any change changes it', () => {
    const reordered: AgreementTerms = {
      ...TERMS,
      allowed: { VictimProfile: ['person', 'pseudonym', 'ageRange'], Person: ['idNumber', 'name', 'birthDate', 'nationality'] },
    };
    assert.equal(termsHash(reordered), termsHash(TERMS));
    assert.equal(termsHash(checkTerms(reordered, model)), termsHash(TERMS));
    assert.notEqual(termsHash({ ...TERMS, retentionDays: 366 }), termsHash(TERMS));
    assert.notEqual(termsHash({ ...TERMS, allowed: { ...TERMS.allowed, Person: ['name'] } }), termsHash(TERMS));
  });
});

describe('agreementActiveAt', () => {
  test('both dates are inclusive, as UTC days', () => {
    assert.equal(agreementActiveAt(TERMS, new Date('2025-12-31T23:59:59Z')), false);
    assert.equal(agreementActiveAt(TERMS, new Date('2026-01-01T00:00:00Z')), true);
    assert.equal(agreementActiveAt(TERMS, new Date('2026-12-31T23:59:59Z')), true);
    assert.equal(agreementActiveAt(TERMS, new Date('2027-01-01T00:00:00Z')), false);
    assert.equal(agreementActiveAt(TERMS, new Date('2026-01-01T00:30:00+01:00')), false, 'still 31 December in UTC');
  });
});

describe('describeTerms', () => {
  test('lists what may leave in plain words', () => {
    const lines = describeTerms(checkTerms(TERMS, model), model, 'en');
    assert.deepEqual(lines, [
      'Purpose: prosecution',
      'Legal basis: Synthetic MoU of 2026-04-02, art. 5',
      'People: birth date, ID Number (pseudonymised), name, nationality',
      'Victim profiles: age range, person profiled, pseudonym',
      "Victims' records: pseudonymised, and only with the survivor's consent to prosecution; names, identifiers, dates and free text never leave",
      'Alerts: shared',
      'Evidence bundles: not shared',
      'The partner deletes what it receives after 365 days',
      'Valid from 2026-01-01 to 2026-12-31, inclusive',
      'Approvals needed before it applies: 2',
    ]);
  });

  test('speaks French and Arabic, with the model’s labels', () => {
    const fr = describeTerms(TERMS, model, 'fr');
    assert.equal(fr[0], 'Finalité : poursuites');
    assert.match(fr[2] ?? '', /^Personnes : /);
    const ar = describeTerms({ ...TERMS, victims: 'exclude' }, model, 'ar');
    assert.equal(ar[0], 'الغرض: الملاحقة القضائية');
    assert.ok(ar.includes('سجلات الضحايا: لا تُتبادل أبداً'));
  });
});
