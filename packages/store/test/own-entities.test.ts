/**
 * `exportOwnEntities`: a case's entities as merged views of our own statements only. What a
 * partner sent us (imported with `importSharedPackage`, source `share:<partner id>`) stays out,
 * even after a user merged the partner's entity into one of ours. Every organisation, key and
 * person here is invented.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { AgreementTerms } from '@ariadne/sharing/types';
import { backends, openTestStore, type OpenTestStore } from './helpers.ts';
import type { Actor, EntityRecord } from '../src/types.ts';
import type { BulkEntity } from '../src/store.ts';
import type { OwnExportTally } from '../src/entity-own-reads.ts';
import { contentHash } from '../src/journal-hash.ts';

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** an id of the shape the server gives a partner's entity (`share-` and 32 hex) */
const shareId = (label: string) => `share-${createHash('sha256').update(label).digest('hex').slice(0, 32)}`;

const TERMS: AgreementTerms = {
  purpose: 'investigation', legalBasis: 'Synthetic MoU of 2026-01-01, art. 5',
  allowed: { Person: ['name', 'nationality', 'birthDate'], Company: ['name', 'jurisdiction'] },
  victims: 'exclude', pseudonymise: {}, alerts: false, evidence: false, retentionDays: 30,
  validFrom: '2026-01-01', validUntil: '2026-12-31', approvalsRequired: 1,
};

async function collect(iterable: AsyncIterable<EntityRecord>): Promise<EntityRecord[]> {
  const out: EntityRecord[] = [];
  for await (const entity of iterable) out.push(entity);
  return out;
}

for (const backend of backends) {
  describe(`own entities (partners' statements left out) on ${backend}`, () => {
    let t: OpenTestStore;
    let alice: Actor;
    let caseId: string;
    let ours: EntityRecord;
    let untouched: EntityRecord;
    const partnerPerson: BulkEntity = { id: shareId('partner person'), schema: 'Person', properties: { name: ['Partnerperson Beta', 'Testperson Own'], nationality: ['xk'] } };
    const partnerCompany: BulkEntity = { id: shareId('partner company'), schema: 'Company', properties: { name: ['Partnerfirm Gamma Ltd'], jurisdiction: ['xk'] } };
    const partnerOnlyPerson: BulkEntity = { id: shareId('partner canonical'), schema: 'Person', properties: { name: ['Partnerperson Delta'] } };

    before(async () => {
      let now = Date.UTC(2026, 1, 1);
      t = await openTestStore(backend, () => new Date((now += 1000)));
      alice = { kind: 'user', id: (await t.store.createUser({ kind: 'system', id: 'test' }, { username: 'own.alice', displayName: 'Alice (synthetic)', roles: ['investigator'], passwordHash: 'x' })).id };
      caseId = (await t.store.createCase(alice, { name: 'Synthetic case with a partner' })).id;
      ours = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Testperson Own'], birthDate: ['1970-01-01'] } }, { source: 'ui' });
      untouched = await t.store.createEntity(alice, { caseId, schema: 'Company', properties: { name: ['Synthetic Holdings Ltd'] } }, { source: 'ui' });
      untouched = await t.store.updateEntity(alice, untouched.id, { name: ['Synthetic Holdings Plc'] }, { source: 'ui' });

      const bytes = randomBytes(58);
      const partner = await t.store.addPartner(alice, {
        name: 'FIU Examplestan (synthetic)', signingKey: randomBytes(32).toString('base64'), ageRecipient: `age1${[...bytes].map((b) => BECH32[b % 32]).join('')}`,
      });
      const incoming = await t.store.createAgreement(alice, {
        title: 'Synthetic incoming agreement', partnerId: partner.id, caseId, direction: 'incoming', terms: TERMS, termsSha256: contentHash(TERMS),
      });
      await t.store.approveAgreement(alice, incoming.id);
      const entities = [partnerPerson, partnerCompany, partnerOnlyPerson];
      await t.store.importSharedPackage(alice, {
        agreementId: incoming.id, partnerId: partner.id, id: 'pkg-own-1', kind: 'data', sequence: 1, sha256: 'a'.repeat(64), bytes: 2048,
        counts: { entities: entities.length }, expiresAt: new Date('2026-04-01T00:00:00Z'), at: new Date('2026-03-01T12:00:00Z'), entities,
      });
      // the user decides the partner's person is ours: theirs joins our entity's merged view
      ours = await t.store.mergeEntities(alice, ours.id, [partnerPerson.id]);
    });
    after(() => t.close());

    it('a merge puts the partner\'s values into the stored merged view (what exportEntities gives)', async () => {
      const merged = (await collect(t.store.exportEntities({ caseId }))).find((e) => e.id === ours.id);
      assert.deepEqual(merged?.properties, { birthDate: ['1970-01-01'], name: ['Testperson Own', 'Partnerperson Beta'], nationality: ['xk'] });
    });

    it('yields our merged entity with our values only, and not the entities only a partner told us about', async () => {
      const tally: OwnExportTally = { entitiesWithheld: 0, valuesWithheld: 0 };
      const own = await collect(t.store.exportOwnEntities({ caseId }, tally));
      assert.deepEqual(own.map((e) => e.id), [ours.id, untouched.id].sort());
      const person = own.find((e) => e.id === ours.id)!;
      // "Testperson Own" was said by the partner too, but also by us: it stays
      assert.deepEqual(person.properties, { birthDate: ['1970-01-01'], name: ['Testperson Own'] });
      assert.equal(person.caption, 'Testperson Own');
      // the partner's company and the partner-only person; "Partnerperson Beta" and "xk" on our
      // person, the company's name and jurisdiction, the other person's name
      assert.deepEqual(tally, { entitiesWithheld: 2, valuesWithheld: 5 });
      assert.ok(!JSON.stringify(own).includes('Partner'));
    });

    it('gives an entity without partners\' statements exactly as exportEntities does (retracted values out)', async () => {
      const own = (await collect(t.store.exportOwnEntities({ caseId, schema: 'Company' })));
      const stored = (await collect(t.store.exportEntities({ caseId, schema: 'Company' }))).filter((e) => e.id === untouched.id);
      assert.deepEqual(own, stored);
      assert.deepEqual(own[0]?.properties, { name: ['Synthetic Holdings Plc'] });
    });

    it('counts a merge member\'s own statements toward a partner\'s canonical entity', async () => {
      const member = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Testperson Epsilon'] } }, { source: 'import:synthetic.csv' });
      await t.store.mergeEntities(alice, partnerOnlyPerson.id, [member.id]);
      const own = await collect(t.store.exportOwnEntities({ caseId, schema: 'Person' }));
      const canonical = own.find((e) => e.id === partnerOnlyPerson.id);
      assert.deepEqual(canonical?.properties, { name: ['Testperson Epsilon'] });
      assert.ok(!own.some((e) => e.id === member.id));
      await t.store.unmergeEntity(alice, member.id);
      const after = await collect(t.store.exportOwnEntities({ caseId, schema: 'Person' }));
      assert.deepEqual(after.map((e) => e.id).sort(), [ours.id, member.id].sort());
    });

    it('reads a case larger than one page, in id order', async () => {
      const large = (await t.store.createCase(alice, { name: 'Synthetic large case' })).id;
      const entities = Array.from({ length: 1203 }, (_, i) => ({ id: `synthetic-person-${String(i).padStart(5, '0')}`, schema: 'Person', properties: { name: [`Synthia Example ${i}`] } }));
      await t.store.writeBatch(alice, { caseId: large, importId: 'import-large', source: 'import:synthetic-large.csv', entities });
      const own = await collect(t.store.exportOwnEntities({ caseId: large }));
      assert.deepEqual(own.map((e) => e.id), entities.map((e) => e.id));
      assert.deepEqual(own.at(-1)?.properties, { name: ['Synthia Example 1202'] });
    });
  });
}
