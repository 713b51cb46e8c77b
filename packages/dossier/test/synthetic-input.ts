/**
 * Synthetic dossier inputs for the tests. Every name, number and place here is invented
 * ("Testperson Alpha", "عبد الاختبار" — Arabic for roughly "Abd al-Test") and marked synthetic.
 */
import type { DossierEvidenceInput, DossierInput, DossierRelation } from '../src/index.ts';

export const ARABIC_NAME = 'عبد الاختبار'; // synthetic
export const CYRILLIC_NAME = 'Тестперсон Альфа'; // synthetic

const CHECKPOINT_ROOT = 'ab'.repeat(32);

export function checkpointText(size: number, rootHex: string): string {
  return `ariadne.test/synthetic-log\n${size}\n${Buffer.from(rootHex, 'hex').toString('base64')}\n\n— ariadne.test/synthetic-log SYNTHETICSIGNATURE==\n`;
}

export function evidenceItem(n: number, entityIds: string[] = []): DossierEvidenceInput {
  return {
    id: `ev-${n}`,
    filename: `synthetic-photo-${n}.jpg`,
    sha256: n.toString(16).padStart(64, '0'),
    size: 1000 + n,
    mime: 'image/jpeg',
    collectedAt: '2026-03-01T10:00:00Z',
    description: `Synthetic photograph ${n}`,
    intakeSeq: 40 + n,
    proof: { treeSize: 1000, leafIndex: 40 + n, rootHash: CHECKPOINT_ROOT, hashes: ['cd'.repeat(32), 'ef'.repeat(32)], checkpoint: checkpointText(1000, CHECKPOINT_ROOT) },
    entityIds,
  };
}

export const SUBJECT_ID = 'person-alpha';

export const INCIDENT: DossierRelation = {
  prop: 'perpetrators',
  direction: 'incoming',
  entity: {
    id: 'incident-1', schema: 'Incident', caption: 'Synthetic incident at Testville',
    properties: { name: ['Synthetic incident at Testville'], forms: ['sexual_exploitation', 'sale_of_persons'], date: ['2015-06-01'], country: ['iq'], verificationStatus: ['verified'], victims: ['victim-1', 'victim-2'], perpetrators: [SUBJECT_ID] },
  },
};

export const CHILD_RECRUITMENT: DossierRelation = {
  prop: 'perpetrator',
  direction: 'incoming',
  entity: { id: 'exploitation-1', schema: 'Exploitation', caption: 'Recruitment and use of children', properties: { form: ['child_recruitment'], perpetrator: [SUBJECT_ID], victim: ['victim-3'], startDate: ['2016'] } },
};

export const MEMBERSHIP: DossierRelation = {
  prop: 'member',
  direction: 'incoming',
  entity: {
    id: 'membership-1', schema: 'Membership', caption: 'Membership', properties: { member: [SUBJECT_ID], organization: ['org-synthetic-group'] },
    listings: [{ list: 'un-sc', entry: 'QDe.999', status: 'confirmed' }],
  },
};

export const VICTIM_PROFILE: DossierRelation = {
  prop: 'person',
  direction: 'incoming',
  entity: { id: 'vp-1', schema: 'VictimProfile', caption: 'Sealed', properties: {} },
};

export function syntheticInput(overrides: Partial<DossierInput> = {}): DossierInput {
  return {
    generatedAt: '2026-11-28T12:00:00Z',
    generatedBy: 'user:analyst-synthetic',
    instance: { origin: 'ariadne.test/synthetic-log', verifierKey: 'ariadne.test/synthetic-log+1a2b3c4d+SYNTHETICKEY' },
    subject: {
      id: SUBJECT_ID,
      schema: 'Person',
      caption: 'Testperson Alpha',
      caseName: 'Synthetic case',
      properties: {
        name: ['Testperson Alpha', ARABIC_NAME],
        alias: ['Test Alpha', 'Abd al-Ikhtibar', ARABIC_NAME + ' التجريبي', CYRILLIC_NAME],
        weakAlias: ['Abu Test'],
        previousName: ['Testperson Beta'],
        birthDate: ['1980-01-01'],
        birthPlace: ['Testville'],
        nationality: ['iq'],
        gender: ['male'],
        passportNumber: ['X0000000'],
        phone: ['+000 0000 0000'],
        address: ['1 Synthetic Street, Testville'],
      },
    },
    relations: [INCIDENT, CHILD_RECRUITMENT, MEMBERSHIP, VICTIM_PROFILE],
    evidence: [evidenceItem(1, ['incident-1']), evidenceItem(2)],
    screening: [
      { list: 'un-sc', entry: 'QDi.998', status: 'needs_review', score: 0.81, matchedName: 'TESTPERSON ALFA', explanation: ['name: 2 of 2 tokens aligned'] },
    ],
    narrative: null,
    ...overrides,
  };
}

/** 5,000 relations (incidents, exploitation, movements, memberships) and 1,000 evidence items */
export function hugeInput(): DossierInput {
  const relations: DossierRelation[] = [];
  for (let i = 0; i < 5000; i++) {
    const kind = i % 4;
    if (kind === 0) relations.push({ ...INCIDENT, entity: { ...INCIDENT.entity, id: `incident-${i}`, caption: `Synthetic incident ${i} at Testville`, properties: { ...INCIDENT.entity.properties, name: [`Synthetic incident ${i} at Testville`] } } });
    else if (kind === 1) relations.push({ ...CHILD_RECRUITMENT, entity: { ...CHILD_RECRUITMENT.entity, id: `exploitation-${i}` } });
    else if (kind === 2) relations.push({ prop: 'facilitator', direction: 'incoming', entity: { id: `movement-${i}`, schema: 'Movement', caption: 'Testville', properties: { facilitator: [SUBJECT_ID], traveller: [`victim-${i}`], originCountry: ['ly'], destinationCountry: ['it'], destinationPlace: ['Testville'], means: ['sea'], startDate: ['2017-05-01'] } } });
    else relations.push({ ...MEMBERSHIP, entity: { ...MEMBERSHIP.entity, id: `membership-${i}`, caption: `Membership ${ARABIC_NAME} ${i}` } });
  }
  const evidence = Array.from({ length: 1000 }, (_, i) => evidenceItem(i + 1, [`incident-${(i * 4) % 5000}`]));
  return syntheticInput({ relations, evidence });
}
