/**
 * Synthetic data for the sharing API tests (every person, office and number is invented): a
 * trafficking case with a suspect, "Testperson Alpha", and two victims, "Synthia Example" (whose
 * consent to prosecution is recorded in the test) and "Victima Sample" (who gave none), each with
 * a victim profile and an exploitation by the suspect; the agreement terms both sides hold; an
 * MLA request; and two small record tables for a linkage run with their true matches.
 */
import type { NewEntity } from '@ariadne/store';

export const SUSPECT_ID = 'p-alpha';
export const SYNTHIA_ID = 'p-victim-1';
export const VICTIMA_ID = 'p-victim-2';

/** the case's entities, without their case id */
export const CASE_ENTITIES: readonly Omit<NewEntity, 'caseId'>[] = [
  { id: SUSPECT_ID, schema: 'Person', properties: { name: ['Testperson Alpha'], idNumber: ['SYN-ID-7731'], nationality: ['sy'] } },
  {
    id: SYNTHIA_ID, schema: 'Person',
    properties: { name: ['Synthia Example'], idNumber: ['VIC-ID-0001'], phone: ['+15550111'], nationality: ['iq'], gender: ['female'] },
  },
  { id: VICTIMA_ID, schema: 'Person', properties: { name: ['Victima Sample'], idNumber: ['VIC-ID-0002'], nationality: ['sy'], gender: ['female'] } },
  {
    id: 'vp-1', schema: 'VictimProfile',
    properties: {
      pseudonym: ['Rosewater'], person: [SYNTHIA_ID], ageRange: ['21-23'], identificationStatus: ['identified'], nationality: ['iq'],
      caseworkerNotes: ['Synthetic caseworker note one: met at the shelter.'],
    },
  },
  { id: 'vp-2', schema: 'VictimProfile', properties: { pseudonym: ['Lilyfield'], person: [VICTIMA_ID], ageRange: ['18-20'] } },
  { id: 'ex-1', schema: 'Exploitation', properties: { victim: [SYNTHIA_ID], perpetrator: [SUSPECT_ID], form: ['forced_labour'], country: ['iq'] } },
  { id: 'ex-2', schema: 'Exploitation', properties: { victim: [VICTIMA_ID], perpetrator: [SUSPECT_ID], form: ['sexual_exploitation'], country: ['sy'] } },
];

/** victims' records and the records about them without consent */
export const VICTIMA_RECORDS = [VICTIMA_ID, 'vp-2', 'ex-2'];

/** names and identifiers of the victims: none may appear in what leaves, in a response or a log line */
export const VICTIM_NAMES_AND_IDENTIFIERS: readonly string[] = [
  'Synthia', 'Victima Sample', 'VIC-ID-0001', 'VIC-ID-0002', '15550111', 'Rosewater', 'Lilyfield', 'met at the shelter',
];

/** the victims' record ids, which must not leave either (they travel as `psn-` pseudonyms) */
export const VICTIM_RECORD_IDS: readonly string[] = [SYNTHIA_ID, VICTIMA_ID, 'vp-1', 'vp-2', 'ex-1', 'ex-2'];

/** YYYY-MM-DD, `days` from now (UTC) */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function prosecutionTerms(validUntil: string, approvalsRequired = 2) {
  return {
    purpose: 'mutual-legal-assistance',
    legalBasis: 'Synthetic MoU between the Examplestan and Samplia prosecution services, art. 5; UNTOC art. 18',
    allowed: {
      Person: ['name', 'nationality', 'gender', 'idNumber'],
      VictimProfile: ['pseudonym', 'person', 'ageRange', 'identificationStatus', 'nationality', 'caseworkerNotes'],
      Exploitation: ['victim', 'perpetrator', 'form', 'country'],
    },
    victims: 'pseudonymise',
    pseudonymise: { Person: ['idNumber'] },
    alerts: false,
    evidence: true,
    retentionDays: 30,
    validFrom: day(-1),
    validUntil,
    approvalsRequired,
  };
}

/** an MLA request from the case; the victim is named by her record id and travels as her pseudonym */
export function mlaRequest() {
  return {
    kind: 'mutual-legal-assistance',
    reference: 'EXA-PG/MLA/2026/0042',
    date: day(0),
    requestingAuthority: { name: 'Office of the Prosecutor General of Examplestan', country: 'IQ', address: '1 Example Square\nExample City', contactRole: 'International Cooperation Unit' },
    requestedAuthority: { name: 'Central Authority of Samplia', country: 'FR', address: '2 Sample Avenue\nSample Town', contactRole: 'MLA desk' },
    urgency: { level: 'normal' },
    confidentiality: 'Please keep the request confidential; the suspect is not aware of the investigation.',
    legalBasis: ['United Nations Convention against Transnational Organized Crime (UNTOC), art. 18'],
    summaryOfFacts: 'Testperson Alpha recruited persons displaced by the conflict with false offers of work.',
    offences: [{
      name: 'Trafficking in persons', legalProvision: 'Penal Code of Examplestan, art. 293',
      provisionText: 'Whoever recruits a person by deception for the purpose of exploitation is punished with imprisonment.', maximumPenalty: '15 years of imprisonment',
    }],
    subjects: [
      { entityId: SUSPECT_ID, role: 'suspect', name: 'Testperson Alpha', aliases: [], nationality: 'SY' },
      { entityId: SYNTHIA_ID, role: 'victim (pseudonymised)', name: 'the victim', aliases: [] },
    ],
    measures: [{
      kind: 'hearing-by-video', description: 'Hear the victim as a witness by video conference, with a support person present.',
      linkToFacts: 'The victim can describe the recruitment.', subjects: [SYNTHIA_ID],
    }],
    executionProcedures: 'Please let an officer of the requesting authority attend.',
    contact: { office: 'International Cooperation Unit', channel: 'secure e-mail of the central authority' },
  };
}

/** a linkage schema with four encoded fields and two blocking keys (synthetic, for tests only) */
export const LINKAGE_SCHEMA = {
  version: 3,
  name: 'synthetic-persons',
  clkConfig: { l: 1024, kdf: { type: 'HKDF', hash: 'SHA256', salt: 'c3ludGhldGljLXNhbHQtZm9yLXRlc3RzLW9ubHk=', info: 'ariadne-server-test' } },
  features: [
    { identifier: 'id', ignored: true },
    { identifier: 'given_name', hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 200 } } },
    { identifier: 'surname', hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 200 } } },
    { identifier: 'date_of_birth', format: { keep: 'digits' }, hashing: { comparison: { type: 'ngram', n: 1, positional: true }, strategy: { bitsPerFeature: 200 } } },
    { identifier: 'town', hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 100 } } },
  ],
  blocking: [
    { name: 'surname-soundex', parts: [{ identifier: 'surname', transform: 'soundex' }] },
    { name: 'date-of-birth', parts: [{ identifier: 'date_of_birth', transform: 'exact' }] },
  ],
  threshold: 0.8,
};

const COLUMNS = ['id', 'given_name', 'surname', 'date_of_birth', 'town'];

/** party A's records (an FIU's account holders, say) */
export const LINKAGE_A = {
  columns: COLUMNS,
  ids: ['fiu-1', 'fiu-2', 'fiu-3', 'fiu-4', 'fiu-5', 'fiu-6'],
  rows: [
    ['Testperson', 'Alpha', '1980-03-04', 'Example City'],
    ['Synthetic', 'Bravo', '1975-11-20', 'Sample Town'],
    ['Placeholder', 'Charlie', '1990-01-15', 'Example City'],
    ['Fictional', 'Delta', '1988-07-07', 'Mocksville'],
    ['Imaginary', 'Echo', '1992-12-31', 'Sample Town'],
    ['Invented', 'Foxtrot', '1969-05-05', 'Testburg'],
  ],
};

/** party B's records (an NGO's beneficiaries): three of A's people, typed a little differently, and three others */
export const LINKAGE_B = {
  columns: COLUMNS,
  ids: ['ngo-a', 'ngo-b', 'ngo-c', 'ngo-d', 'ngo-e', 'ngo-f'],
  rows: [
    ['Madeup', 'Golf', '1979-02-02', 'Example City'],
    ['Testperson', 'Alfa', '1980-03-04', 'Example City'],
    ['Synthetic', 'Bravo', '1975-11-20', 'Sample Twn'],
    ['Notreal', 'Hotel', '2000-10-10', 'Mocksville'],
    ['Fictionall', 'Delta', '1988-07-07', 'Mocksville'],
    ['Pretend', 'India', '1985-04-04', 'Testburg'],
  ],
};

/** the true matches, A id → B id */
export const LINKAGE_TRUTH: Readonly<Record<string, string>> = { 'fiu-1': 'ngo-b', 'fiu-2': 'ngo-c', 'fiu-4': 'ngo-e' };
