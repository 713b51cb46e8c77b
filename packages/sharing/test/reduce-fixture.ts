/**
 * A synthetic case for the reduction and conformance tests (all names invented): a suspect,
 * "Testperson Alpha", with an ID number and a phone; two victims, "Synthia Example" (who
 * consented to prosecution, on her profile) and "Victima Sample" (who did not), each with a
 * victim profile and an exploitation by the suspect; an armed group; a payment from the suspect
 * to the group whose purpose names a victim; a payment made by a victim; a victim's passport.
 */
import type { EntityData } from '@ariadne/schema';
import type { AgreementTerms, ConsentPurpose } from '../src/types.ts';
import type { ConsentLookup } from '../src/reduce/consent.ts';

export const SUSPECT: EntityData = {
  id: 'p-alpha', schema: 'Person',
  properties: { name: ['Testperson Alpha'], idNumber: ['SYN-ID-7731'], phone: ['+15550100'], nationality: ['sy'], birthDate: ['1980-03-04'] },
};

export const SYNTHIA: EntityData = {
  id: 'p-victim-1', schema: 'Person',
  properties: {
    name: ['Synthia Example'], firstName: ['Synthia'], lastName: ['Example'], idNumber: ['VIC-ID-0001'], phone: ['+15550111'],
    email: ['synthia.example@example.org'], birthDate: ['1999-07-14'], nationality: ['iq'], gender: ['female'],
  },
};

export const VICTIMA: EntityData = {
  id: 'p-victim-2', schema: 'Person',
  properties: { name: ['Victima Sample'], idNumber: ['VIC-ID-0002'], phone: ['+15550122'], birthDate: ['2001-11-23'], nationality: ['sy'], gender: ['female'] },
};

export const SYNTHIA_PROFILE: EntityData = {
  id: 'vp-1', schema: 'VictimProfile',
  properties: {
    pseudonym: ['Rosewater'], person: ['p-victim-1'], ageRange: ['21-23'], identificationStatus: ['identified'], gender: ['female'], nationality: ['iq'],
    age: ['24'], vulnerabilities: ['debt bondage'], caseworkerNotes: ['Synthetic caseworker note one: met at the shelter, afraid of reprisals.'],
  },
};

export const VICTIMA_PROFILE: EntityData = {
  id: 'vp-2', schema: 'VictimProfile',
  properties: {
    pseudonym: ['Lilyfield'], person: ['p-victim-2'], ageRange: ['18-20'], identificationStatus: ['presumed'],
    caseworkerNotes: ['Synthetic caseworker note two: prefers a female interpreter.'],
  },
};

export const SYNTHIA_EXPLOITATION: EntityData = {
  id: 'ex-1', schema: 'Exploitation',
  properties: {
    victim: ['p-victim-1'], perpetrator: ['p-alpha'], form: ['forced_labour'], country: ['iq'], armedGroup: ['org-1'],
    startDate: ['2023-01-05'], place: ['Synthetic Farm Road 1'],
  },
};

export const VICTIMA_EXPLOITATION: EntityData = {
  id: 'ex-2', schema: 'Exploitation',
  properties: { victim: ['p-victim-2'], perpetrator: ['p-alpha'], form: ['sexual_exploitation'], country: ['sy'], startDate: ['2022-06-09'] },
};

export const GROUP: EntityData = { id: 'org-1', schema: 'Organization', properties: { name: ['Synthetic Armed Group'], country: ['sy'] } };

export const GROUP_PAYMENT: EntityData = {
  id: 'pay-1', schema: 'Payment',
  properties: { payer: ['p-alpha'], beneficiary: ['org-1'], amount: ['5000'], currency: ['USD'], date: ['2023-02-01'], purpose: ['advance for Synthia Example'] },
};

export const VICTIM_PAYMENT: EntityData = {
  id: 'pay-2', schema: 'Payment',
  properties: { payer: ['p-victim-1'], beneficiary: ['p-alpha'], amount: ['300'], currency: ['USD'], date: ['2023-03-02'], purpose: ['debt repayment'] },
};

export const VICTIM_PASSPORT: EntityData = {
  id: 'doc-1', schema: 'Passport',
  properties: { holder: ['p-victim-1'], number: ['PASS-SYN-99'], country: ['iq'] },
};

export const CASE_ENTITIES: readonly EntityData[] = [
  SUSPECT, SYNTHIA, VICTIMA, SYNTHIA_PROFILE, VICTIMA_PROFILE, SYNTHIA_EXPLOITATION, VICTIMA_EXPLOITATION, GROUP, GROUP_PAYMENT, VICTIM_PAYMENT, VICTIM_PASSPORT,
];

/** every value or id about a victim that must never appear in what leaves */
export const VICTIM_SECRETS: readonly string[] = [
  'Synthia', 'Example', 'Victima', 'Sample', 'VIC-ID-0001', 'VIC-ID-0002', '+15550111', '15550111', '+15550122', '15550122', 'synthia.example@example.org',
  '1999-07-14', '2001-11-23', 'Rosewater', 'Lilyfield', 'caseworker note', 'debt bondage', 'Synthetic Farm Road', 'PASS-SYN-99',
  'p-victim-1', 'p-victim-2', 'vp-1', 'vp-2', 'ex-1', 'ex-2',
];

/** the victims' record ids, original */
export const VICTIM_RECORDS = ['p-victim-1', 'p-victim-2', 'vp-1', 'vp-2', 'ex-1', 'ex-2'];

export const PROSECUTION_TERMS: AgreementTerms = {
  purpose: 'prosecution',
  legalBasis: 'Synthetic MoU of 2026-04-02, art. 5; UNTOC art. 18',
  allowed: {
    Person: ['name', 'idNumber', 'phone', 'email', 'nationality', 'birthDate', 'gender', 'firstName', 'lastName'],
    VictimProfile: ['pseudonym', 'person', 'ageRange', 'identificationStatus', 'gender', 'nationality', 'age', 'vulnerabilities', 'caseworkerNotes'],
    Exploitation: ['victim', 'perpetrator', 'form', 'country', 'armedGroup', 'startDate', 'place'],
    Organization: ['name', 'country'],
    Payment: ['payer', 'beneficiary', 'amount', 'currency', 'date', 'purpose'],
    Passport: ['holder', 'number', 'country'],
  },
  victims: 'pseudonymise',
  pseudonymise: { Person: ['idNumber', 'phone', 'email'] },
  alerts: false,
  evidence: false,
  retentionDays: 365,
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  approvalsRequired: 2,
};

/** consent lookups from a plain table: id → purpose → granted */
export function consentTable(table: Record<string, Partial<Record<ConsentPurpose, boolean>>>): ConsentLookup {
  return (id) => {
    const row = table[id];
    return row ? new Map(Object.entries(row) as [ConsentPurpose, boolean][]) : undefined;
  };
}

/** Synthia consented to prosecution on her profile; Victima only to statistics */
export const CASE_CONSENTS = consentTable({ 'vp-1': { prosecution: true }, 'vp-2': { statistics: true } });

/** a fixed, obviously synthetic pseudonym secret (32 bytes) */
export const SECRET = new Uint8Array(32).fill(7);
