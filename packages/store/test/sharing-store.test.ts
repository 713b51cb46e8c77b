/**
 * The information-sharing part of the store, on PGlite and on PostgreSQL: partners, agreements
 * and their approvals, packages sent (with their sequence numbers), imported (all or nothing, the
 * partner as provenance, replays refused) and refused, the purge of what was received, consents
 * and linkage runs. Every organisation, key, person and hash here is invented.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { isAriadneError } from '@ariadne/schema';
import type { AgreementTerms } from '@ariadne/sharing/types';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { Actor } from '../src/types.ts';
import type { BulkEntity } from '../src/store.ts';
import type { SharingAgreement, SharingPartner } from '../src/sharing-types.ts';
import { contentHash } from '../src/journal-hash.ts';

const sha = (label: string) => createHash('sha256').update(label).digest('hex');
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** a synthetic partner identity: a random Ed25519-sized key and an age-shaped recipient */
function identity(name: string) {
  const bytes = randomBytes(58);
  return { name, signingKey: randomBytes(32).toString('base64'), ageRecipient: `age1${[...bytes].map((b) => BECH32[b % 32]).join('')}` };
}

/** a well-formed C2SP verifier key for a random Ed25519 key: the key id is the first 4 bytes of SHA-256(name, \n, 0x01, key) */
function verifierKey(name: string): string {
  const raw = Buffer.concat([Buffer.of(1), randomBytes(32)]);
  const keyId = createHash('sha256').update(`${name}\n`).update(raw).digest().subarray(0, 4).toString('hex');
  return `${name}+${keyId}+${raw.toString('base64')}`;
}

const TERMS: AgreementTerms = {
  purpose: 'investigation', legalBasis: 'Synthetic MoU of 2026-01-01, art. 5', allowed: { Person: ['name', 'alias'], Company: ['name'] },
  victims: 'exclude', pseudonymise: {}, alerts: false, evidence: false, retentionDays: 30,
  validFrom: '2026-01-01', validUntil: '2026-12-31', approvalsRequired: 2,
};

const IN_TERMS = new Date('2026-03-01T12:00:00Z');
const EXPIRES = new Date('2026-04-01T00:00:00Z');

async function rejects(promise: Promise<unknown>, code: string, detail?: [string, string | RegExp]): Promise<void> {
  await assert.rejects(promise, (error) => {
    if (!isAriadneError(error) || error.code !== code) return false;
    if (!detail) return true;
    const value = error.details?.[detail[0]];
    return typeof detail[1] === 'string' ? value === detail[1] : value !== undefined && detail[1].test(value);
  });
}

for (const backend of backends) {
  describe(`sharing store on ${backend}`, () => {
    let t: OpenTestStore;
    let alice: Actor;
    let bob: Actor;
    let caseOut: string;
    let caseIn: string;
    let otherCase: string;
    let otherCasePerson: string;
    let partner: SharingPartner;
    /** when set, the clock stands still (two writes in the same instant) */
    let frozen: number | null = null;

    const lastEntry = async () => (await t.store.listJournal({}, { limit: 1 })).items[0]!;
    const count = async (table: 'entities' | 'statements' | 'share_packages') =>
      Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(t.store.database.db)).rows[0]!.n);

    /** an agreement with the partner, approved by both users unless asked otherwise */
    async function agreement(direction: SharingAgreement['direction'], options: { caseId?: string; terms?: Partial<AgreementTerms>; approve?: boolean } = {}): Promise<SharingAgreement> {
      const terms = { ...TERMS, ...options.terms };
      const created = await t.store.createAgreement(alice, {
        title: `Synthetic ${direction} agreement`, partnerId: partner.id, caseId: options.caseId ?? (direction === 'outgoing' ? caseOut : caseIn),
        direction, terms, termsSha256: contentHash(terms),
      });
      if (options.approve === false) return created;
      await t.store.approveAgreement(alice, created.id);
      return t.store.approveAgreement(bob, created.id);
    }

    function send(agreementId: string, id: string, at = IN_TERMS, kind: 'data' | 'revocation' = 'data') {
      return t.store.recordOutgoingPackage(alice, { agreementId, id, kind, sha256: sha(id), bytes: 1024, counts: { entities: 2, victimsPseudonymised: 0 }, expiresAt: EXPIRES, at });
    }

    /** imports package `id` carrying `sequence` under the agreement */
    function receive(agreementId: string, [id, sequence]: [string, number], entities: readonly BulkEntity[], more: { at?: Date; partnerId?: string; kind?: 'data' | 'revocation' } = {}) {
      return t.store.importSharedPackage(alice, {
        agreementId, partnerId: more.partnerId ?? partner.id, id, kind: more.kind ?? 'data', sequence, sha256: sha(id), bytes: 2048,
        counts: { entities: entities.length }, expiresAt: EXPIRES, at: more.at ?? IN_TERMS, entities,
      });
    }

    before(async () => {
      let now = Date.UTC(2026, 1, 1);
      t = await openTestStore(backend, () => new Date(frozen ?? (now += 1000)));
      alice = { kind: 'user', id: (await t.store.createUser(system, { username: 'share.alice', displayName: 'Alice (synthetic)', roles: ['investigator'], passwordHash: 'x' })).id };
      bob = { kind: 'user', id: (await t.store.createUser(system, { username: 'share.bob', displayName: 'Bob (synthetic)', roles: ['investigator'], passwordHash: 'x' })).id };
      caseOut = (await t.store.createCase(alice, { name: 'Synthetic outgoing case' })).id;
      caseIn = (await t.store.createCase(alice, { name: 'Synthetic incoming case' })).id;
      otherCase = (await t.store.createCase(alice, { name: 'Synthetic unrelated case' })).id;
      otherCasePerson = (await t.store.createEntity(alice, { caseId: otherCase, schema: 'Person', properties: { name: ['Testperson Zeta'] } }, { source: 'ui' })).id;
      partner = await t.store.addPartner(alice, { ...identity('FIU Examplestan (synthetic)'), note: 'registered for the test' });
    });
    after(() => t.close());

    describe('partners', () => {
      it('registers a partner by its keys, finds it by signing key, journals it', async () => {
        const keys = identity('NGO Synthland');
        const added = await t.store.addPartner(alice, keys);
        assert.match(added.id, /^sp_/);
        assert.deepEqual({ name: added.name, signingKey: added.signingKey, ageRecipient: added.ageRecipient, note: added.note, createdBy: added.createdBy },
          { ...keys, note: '', createdBy: `user:${alice.id}` });
        assert.deepEqual(await t.store.getPartner(added.id), added);
        assert.deepEqual(await t.store.findPartnerBySigningKey(keys.signingKey), added);
        assert.equal(await t.store.findPartnerBySigningKey(randomBytes(32).toString('base64')), null);
        const entry = await lastEntry();
        assert.equal(entry.action, 'share.partner.add');
        assert.equal(entry.contentHash, contentHash({ partner: added.id, ...keys, note: '' }));
      });

      it('refuses a second partner with the same signing key (CONFLICT) and keys of the wrong shape', async () => {
        await rejects(t.store.addPartner(alice, { ...identity('Impostor (synthetic)'), signingKey: partner.signingKey }), 'CONFLICT', ['signingKey', 'already registered']);
        await rejects(t.store.addPartner(alice, { ...identity('Short key (synthetic)'), signingKey: randomBytes(16).toString('base64') }), 'VALIDATION_FAILED', ['signingKey', /Ed25519/]);
        await rejects(t.store.addPartner(alice, { ...identity('Bad recipient (synthetic)'), ageRecipient: 'age1notarecipient' }), 'VALIDATION_FAILED', ['ageRecipient', /age/]);
      });

      it('keeps the ledger verifier key a partner publishes, when it has one, and refuses one of the wrong shape', async () => {
        // shape only (the full check, key id against key, is the sharing card's): name+keyid+base64 of 33 bytes
        const ledgerKey = `fiu.synthland.example/log+0a1b2c3d+${Buffer.concat([Buffer.of(1), randomBytes(32)]).toString('base64')}`;
        const keys = { ...identity('FIU Synthland (synthetic)'), ledgerKey };
        const added = await t.store.addPartner(alice, keys);
        assert.equal(added.ledgerKey, ledgerKey);
        assert.deepEqual(await t.store.getPartner(added.id), added);
        assert.equal((await t.store.findPartnerBySigningKey(keys.signingKey))?.ledgerKey, ledgerKey);
        assert.equal((await lastEntry()).contentHash, contentHash({ partner: added.id, ...keys, note: '' }));
        assert.equal(partner.ledgerKey, undefined, 'a partner registered without one has none');
        await rejects(t.store.addPartner(alice, { ...identity('Bad ledger key (synthetic)'), ledgerKey: 'fiu.synthland.example/log+0a1b2c3d' }), 'VALIDATION_FAILED', ['ledgerKey', /verifier key/]);
      });

      it('sets a registered partner\'s ledger key later, clears it, journals both, and refuses a bad key or an unknown partner', async () => {
        const added = await t.store.addPartner(alice, identity('FIU Laterland (synthetic)'));
        assert.equal(added.ledgerKey, undefined);
        const ledgerKey = verifierKey('fiu.laterland.example/log');
        const set = await t.store.setPartnerLedgerKey(bob, added.id, ledgerKey);
        assert.equal(set.ledgerKey, ledgerKey);
        assert.deepEqual(await t.store.getPartner(added.id), set);
        let entry = await lastEntry();
        assert.deepEqual({ action: entry.action, contentHash: entry.contentHash }, { action: 'share.partner.ledger-key', contentHash: contentHash({ partner: added.id, ledgerKey }) });
        const cleared = await t.store.setPartnerLedgerKey(bob, added.id, null);
        assert.equal(cleared.ledgerKey, undefined);
        entry = await lastEntry();
        assert.equal(entry.contentHash, contentHash({ partner: added.id, ledgerKey: null }));
        // the full check: a key id that does not match the key is refused, where registration checks only the shape
        const forged = `${ledgerKey.split('+')[0]}+00000000+${ledgerKey.split('+').slice(2).join('+')}`;
        await rejects(t.store.setPartnerLedgerKey(bob, added.id, forged), 'VALIDATION_FAILED', ['ledgerKey', /verifier key/]);
        await rejects(t.store.setPartnerLedgerKey(bob, 'sp_unknown', ledgerKey), 'NOT_FOUND');
        assert.equal((await t.store.getPartner(added.id))?.ledgerKey, undefined, 'a refused key changes nothing');
      });

      it('lists partners newest first, in pages', async () => {
        const first = await t.store.listPartners({ limit: 1 });
        assert.equal(first.items.length, 1);
        assert.ok(first.next);
        const second = await t.store.listPartners({ limit: 10, cursor: first.next });
        assert.ok(second.items.some((p) => p.id === partner.id));
        assert.ok(!second.items.some((p) => p.id === first.items[0]!.id));
      });
    });

    describe('agreements', () => {
      it('is a draft until two distinct users approve it, then active', async () => {
        const created = await agreement('outgoing', { approve: false });
        assert.equal(created.status, 'draft');
        assert.equal(created.termsSha256, contentHash(TERMS));
        assert.deepEqual(created.terms, TERMS);
        assert.equal(created.lastSentSequence, 0);
        assert.equal((await lastEntry()).action, 'share.agreement.create');

        const once = await t.store.approveAgreement(alice, created.id);
        assert.equal(once.status, 'draft');
        assert.deepEqual(once.approvals.map((a) => a.userId), [alice.id]);
        await rejects(t.store.approveAgreement(alice, created.id), 'CONFLICT', ['approvals', 'already approved by this user']);
        // an API token acts for its owner: still the same user
        await rejects(t.store.approveAgreement({ kind: 'token', id: alice.id }, created.id), 'CONFLICT');
        await rejects(t.store.approveAgreement(system, created.id), 'FORBIDDEN');

        const twice = await t.store.approveAgreement(bob, created.id);
        assert.equal(twice.status, 'active');
        assert.deepEqual(twice.approvals.map((a) => a.userId), [alice.id, bob.id]);
        const entry = await lastEntry();
        assert.deepEqual([entry.action, entry.caseId], ['share.agreement.approve', caseOut]);
        assert.deepEqual(await t.store.getAgreement(created.id), twice);
      });

      it('is revoked for good: no approval, no second revocation', async () => {
        const created = await agreement('outgoing', { approve: false });
        const revoked = await t.store.revokeAgreement(alice, created.id, 'Synthetic: the MoU was withdrawn');
        assert.equal(revoked.status, 'revoked');
        assert.equal(revoked.revokedReason, 'Synthetic: the MoU was withdrawn');
        assert.ok(revoked.revokedAt instanceof Date);
        const entry = await lastEntry();
        assert.equal(entry.action, 'share.agreement.revoke');
        assert.equal(entry.contentHash, contentHash({ agreement: created.id, from: 'draft', reason: contentHash('Synthetic: the MoU was withdrawn') }));
        await rejects(t.store.approveAgreement(bob, created.id), 'CONFLICT', ['status', 'revoked']);
        await rejects(t.store.revokeAgreement(alice, created.id, 'again'), 'CONFLICT', ['status', 'revoked']);
      });

      it('refuses a case or partner that does not exist, a duplicate id and terms without valid dates', async () => {
        const base = { title: 'Synthetic', partnerId: partner.id, caseId: caseOut, direction: 'outgoing' as const, terms: TERMS, termsSha256: contentHash(TERMS) };
        await rejects(t.store.createAgreement(alice, { ...base, caseId: 'no-such-case' }), 'NOT_FOUND', ['caseId', 'not found']);
        await rejects(t.store.createAgreement(alice, { ...base, partnerId: 'sp_nobody' }), 'NOT_FOUND', ['partnerId', 'not found']);
        await rejects(t.store.createAgreement(alice, { ...base, terms: { ...TERMS, validUntil: '2025-12-31' } }), 'VALIDATION_FAILED', ['terms.validUntil', 'before validFrom']);
        await rejects(t.store.createAgreement(alice, { ...base, terms: { ...TERMS, approvalsRequired: 0 } }), 'VALIDATION_FAILED', ['terms.approvalsRequired', /1 to 5/]);
        const fixed = await t.store.createAgreement(alice, { ...base, id: 'agreement-from-the-offering-side' });
        assert.equal(fixed.id, 'agreement-from-the-offering-side');
        await rejects(t.store.createAgreement(alice, { ...base, id: 'agreement-from-the-offering-side' }), 'CONFLICT', ['id', 'duplicate id']);
      });

      it('lists agreements by case and by partner, newest first', async () => {
        const listed = await t.store.listAgreements({ caseIds: [caseOut] }, {});
        assert.ok(listed.items.length >= 3);
        assert.ok(listed.items.every((a) => a.caseId === caseOut));
        const times = listed.items.map((a) => a.createdAt.getTime());
        assert.deepEqual(times, [...times].sort((a, b) => b - a));
        assert.deepEqual(await t.store.listAgreements({ caseIds: [] }, {}), { items: [], next: null });
        assert.equal((await t.store.listAgreements({ partnerId: 'sp_nobody' }, {})).items.length, 0);
        const paged = await t.store.listAgreements({ partnerId: partner.id }, { limit: 2 });
        const rest = await t.store.listAgreements({ partnerId: partner.id }, { limit: 200, cursor: paged.next });
        assert.equal(new Set([...paged.items, ...rest.items].map((a) => a.id)).size, paged.items.length + rest.items.length);
      });
    });

    describe('sending', () => {
      it('reserves sequence numbers one by one, records the package and journals its hash', async () => {
        const active = await agreement('outgoing');
        assert.equal(await t.store.nextOutgoingSequence(active.id), 1);
        const sent = await send(active.id, 'pkg-out-1');
        assert.deepEqual(
          { direction: sent.direction, status: sent.status, sequence: sent.sequence, partnerId: sent.partnerId, caseId: sent.caseId, kind: sent.kind, bytes: sent.bytes, refusal: sent.refusal },
          { direction: 'outgoing', status: 'sent', sequence: 1, partnerId: partner.id, caseId: caseOut, kind: 'data', bytes: 1024, refusal: null },
        );
        assert.equal(await t.store.nextOutgoingSequence(active.id), 2);
        assert.equal((await t.store.getAgreement(active.id))?.lastSentSequence, 1);
        const entry = await lastEntry();
        assert.deepEqual([entry.action, entry.caseId], ['share.send', caseOut]);
        assert.equal(entry.contentHash, contentHash({
          package: 'pkg-out-1', agreement: active.id, partner: partner.id, kind: 'data', sequence: 1, sha256: sha('pkg-out-1'), bytes: 1024,
          counts: { entities: 2, victimsPseudonymised: 0 }, expiresAt: EXPIRES,
        }));
        assert.deepEqual(await t.store.getPackage('pkg-out-1', 'outgoing'), sent);
        assert.equal(await t.store.getPackage('pkg-out-1', 'incoming'), null);
        await rejects(send(active.id, 'pkg-out-1'), 'CONFLICT', ['id', 'duplicate id']);
      });

      it('gives concurrent sends different sequence numbers', async () => {
        const active = await agreement('both');
        const sent = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => send(active.id, `pkg-concurrent-${backend}-${n}`)));
        assert.deepEqual(sent.map((p) => p.sequence).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
        assert.equal((await t.store.getAgreement(active.id))?.lastSentSequence, 6);
      });

      it('refuses to send under a draft, a revoked, an incoming-only agreement or outside its dates', async () => {
        const draft = await agreement('outgoing', { approve: false });
        await rejects(send(draft.id, 'pkg-draft'), 'CONFLICT', ['reason', 'agreement-inactive']);
        await t.store.approveAgreement(alice, draft.id);
        await rejects(send(draft.id, 'pkg-half-approved'), 'CONFLICT', ['reason', 'agreement-inactive']);

        const incoming = await agreement('incoming');
        await rejects(send(incoming.id, 'pkg-wrong-way'), 'CONFLICT', ['reason', 'exceeds-agreement']);

        const dated = await agreement('outgoing');
        await rejects(send(dated.id, 'pkg-too-early', new Date('2025-12-31T23:59:59Z')), 'CONFLICT', ['reason', 'agreement-expired']);
        await rejects(send(dated.id, 'pkg-too-late', new Date('2027-01-01T00:00:00Z')), 'CONFLICT', ['reason', 'agreement-expired']);
        // both days inclusive
        assert.equal((await send(dated.id, 'pkg-last-day', new Date('2026-12-31T23:59:59Z'))).sequence, 1);
        assert.equal((await send(dated.id, 'pkg-first-day', new Date('2026-01-01T00:00:00Z'))).sequence, 2);

        await t.store.revokeAgreement(alice, dated.id, 'Synthetic: ended');
        await rejects(send(dated.id, 'pkg-after-revocation'), 'CONFLICT', ['reason', 'agreement-revoked']);
        // nothing was reserved by the refusals
        assert.equal(await t.store.nextOutgoingSequence(dated.id), 3);
        // the revocation notice itself still goes out, whatever the dates
        const notice = await send(dated.id, 'pkg-revocation-notice', new Date('2027-02-01T00:00:00Z'), 'revocation');
        assert.deepEqual([notice.kind, notice.sequence], ['revocation', 3]);
        await rejects(t.store.nextOutgoingSequence('sa_nothing'), 'NOT_FOUND');
      });
    });

    describe('importing', () => {
      let incoming: SharingAgreement;
      const alpha: BulkEntity = { id: 'shared-person-alpha', schema: 'Person', properties: { name: ['Testperson Alpha'] } };
      const acme: BulkEntity = { id: 'shared-company-acme', schema: 'Company', properties: { name: ['ACME Synthetic Trading Ltd'] } };

      before(async () => {
        incoming = await agreement('incoming');
      });

      it('writes the entities into the agreement\'s case with the partner as the provenance of every statement', async () => {
        const { record, written } = await receive(incoming.id, ['pkg-in-1', 1], [alpha, acme]);
        assert.equal(written, 2);
        assert.deepEqual(
          { direction: record.direction, status: record.status, sequence: record.sequence, agreementId: record.agreementId, caseId: record.caseId, purgedAt: record.purgedAt },
          { direction: 'incoming', status: 'imported', sequence: 1, agreementId: incoming.id, caseId: caseIn, purgedAt: null },
        );
        const detail = await t.store.getEntityDetail(alpha.id);
        assert.equal(detail?.caseId, caseIn);
        assert.deepEqual(detail?.properties, { name: ['Testperson Alpha'] });
        assert.ok(detail!.statements.length > 0);
        for (const s of detail!.statements) {
          assert.equal(s.source, `share:${partner.id}`);
          assert.equal(s.importId, 'pkg-in-1');
        }
        assert.equal((await t.store.getAgreement(incoming.id))?.lastReceivedSequence, 1);
        const [shareEntry, batchEntry] = (await t.store.listJournal({}, { limit: 2 })).items;
        assert.deepEqual([shareEntry?.action, shareEntry?.importId, shareEntry?.caseId], ['share.import', 'pkg-in-1', caseIn]);
        assert.deepEqual([batchEntry?.action, batchEntry?.importId], ['import.batch', 'pkg-in-1']);
        // the entity's history shows where it came from
        assert.ok((await t.store.listJournal({ entityId: alpha.id }, {})).items.some((e) => e.action === 'share.import'));
      });

      it('refuses a replay by id or by sequence number, writing nothing', async () => {
        const before = [await count('entities'), await count('statements'), await count('share_packages'), (await lastEntry()).seq];
        const newcomer: BulkEntity = { id: 'shared-person-replay', schema: 'Person', properties: { name: ['Testperson Beta'] } };
        await rejects(receive(incoming.id, ['pkg-in-1', 2], [newcomer]), 'CONFLICT', ['reason', 'replayed']);
        await rejects(receive(incoming.id, ['pkg-in-replay', 1], [newcomer]), 'CONFLICT', ['reason', 'replayed']);
        assert.deepEqual([await count('entities'), await count('statements'), await count('share_packages'), (await lastEntry()).seq], before);
        assert.equal(await t.store.getEntity(newcomer.id), null);
        assert.equal((await t.store.getAgreement(incoming.id))?.lastReceivedSequence, 1);
      });

      it('refuses the whole package when one entity id belongs to another case; the refusal is recorded', async () => {
        const before = [await count('entities'), await count('statements')];
        const fresh: BulkEntity = { id: 'shared-person-gamma', schema: 'Person', properties: { name: ['Testperson Gamma'] } };
        const intruder: BulkEntity = { id: otherCasePerson, schema: 'Person', properties: { name: ['Testperson Overwrite'] } };
        await rejects(receive(incoming.id, ['pkg-in-clash', 2], [fresh, intruder]), 'CONFLICT', ['reason', 'exceeds-agreement']);
        await rejects(receive(incoming.id, ['pkg-in-clash', 2], [fresh, intruder]), 'CONFLICT', ['ids', JSON.stringify([otherCasePerson])]);
        assert.deepEqual([await count('entities'), await count('statements')], before);
        assert.equal(await t.store.getEntity(fresh.id), null);
        assert.deepEqual((await t.store.getEntity(otherCasePerson))?.properties, { name: ['Testperson Zeta'] });
        assert.equal((await t.store.getAgreement(incoming.id))?.lastReceivedSequence, 1);

        const refused = await t.store.recordRefusedPackage(alice, {
          id: 'pkg-in-clash', agreementId: incoming.id, partnerId: partner.id, sha256: sha('pkg-in-clash'), bytes: 2048,
          reason: 'exceeds-agreement', detail: 'an entity id belongs to another case', at: IN_TERMS, sequence: 2,
        });
        assert.deepEqual(
          { status: refused.status, refusal: refused.refusal, refusalDetail: refused.refusalDetail, caseId: refused.caseId, sequence: refused.sequence, direction: refused.direction },
          { status: 'refused', refusal: 'exceeds-agreement', refusalDetail: 'an entity id belongs to another case', caseId: caseIn, sequence: 2, direction: 'incoming' },
        );
        const entry = await lastEntry();
        assert.deepEqual([entry.action, entry.caseId], ['share.refuse', caseIn]);
        assert.deepEqual(await t.store.getPackage('pkg-in-clash', 'incoming'), refused);
        const listed = await t.store.listPackages({ agreementId: incoming.id, direction: 'incoming' }, {});
        assert.deepEqual(listed.items.map((p) => [p.id, p.status]), [['pkg-in-clash', 'refused'], ['pkg-in-1', 'imported']]);

        // a refused package was never accepted: the partner may send it again, corrected
        const { written, record } = await receive(incoming.id, ['pkg-in-clash', 2], [fresh]);
        assert.equal(written, 1);
        assert.equal((await t.store.getPackage('pkg-in-clash', 'incoming'))?.status, 'imported');
        assert.equal(record.status, 'imported');
      });

      it('records refusals of what it cannot attribute, and refuses to invent a reason', async () => {
        const refused = await t.store.recordRefusedPackage(system, {
          id: 'unreadable-upload', agreementId: null, partnerId: null, sha256: sha('garbage'), bytes: 17, reason: 'not-a-package', detail: 'not a zip file', at: IN_TERMS,
        });
        assert.deepEqual([refused.caseId, refused.kind, refused.sequence, refused.agreementId], [null, 'data', 0, null]);
        // twice is fine: the same bad file may arrive again
        await t.store.recordRefusedPackage(system, {
          id: 'unreadable-upload', agreementId: null, partnerId: null, sha256: sha('garbage'), bytes: 17, reason: 'not-a-package', detail: 'not a zip file', at: IN_TERMS,
        });
        await rejects(t.store.recordRefusedPackage(system, {
          id: 'x', agreementId: null, partnerId: null, sha256: sha('x'), bytes: 1, reason: 'because' as never, detail: '', at: IN_TERMS,
        }), 'VALIDATION_FAILED', ['reason', /not-a-package/]);
        await rejects(t.store.recordRefusedPackage(system, {
          id: 'x', agreementId: 'sa_unknown', partnerId: null, sha256: sha('x'), bytes: 1, reason: 'no-agreement', detail: '', at: IN_TERMS,
        }), 'NOT_FOUND', ['agreementId', 'not found']);
        assert.equal((await t.store.listPackages({ caseIds: [caseIn] }, {})).items.some((p) => p.id === 'unreadable-upload'), false);
      });

      it('refuses entities that do not satisfy their schema, a partner that is not the agreement\'s, and agreements that do not receive', async () => {
        const before = [await count('entities'), await count('statements')];
        await rejects(receive(incoming.id, ['pkg-in-bad-schema', 9], [{ id: 'shared-thing', schema: 'NoSuchSchema', properties: { name: ['Synthetic'] } }]),
          'CONFLICT', ['reason', 'malformed-member']);
        const stranger = await t.store.addPartner(alice, identity('Unrelated partner (synthetic)'));
        await rejects(receive(incoming.id, ['pkg-in-stranger', 9], [alpha], { partnerId: stranger.id }), 'CONFLICT', ['reason', 'no-agreement']);
        const outgoingOnly = await agreement('outgoing', { caseId: caseIn });
        await rejects(receive(outgoingOnly.id, ['pkg-in-wrong-way', 1], [alpha]), 'CONFLICT', ['reason', 'exceeds-agreement']);
        const draft = await agreement('incoming', { approve: false });
        await rejects(receive(draft.id, ['pkg-in-draft', 1], [alpha]), 'CONFLICT', ['reason', 'agreement-inactive']);
        await rejects(receive(incoming.id, ['pkg-in-late', 9], [alpha], { at: new Date('2027-01-02T00:00:00Z') }), 'CONFLICT', ['reason', 'agreement-expired']);
        assert.deepEqual([await count('entities'), await count('statements')], before);
      });

      it('accepts a revocation under a revoked agreement, writing no entities', async () => {
        const ended = await agreement('incoming');
        await receive(ended.id, ['pkg-in-before-end', 1], [{ id: 'shared-person-delta', schema: 'Person', properties: { name: ['Testperson Delta'] } }]);
        await t.store.revokeAgreement(alice, ended.id, 'Synthetic: the partner ended the MoU');
        await rejects(receive(ended.id, ['pkg-in-after-end', 2], [alpha]), 'CONFLICT', ['reason', 'agreement-revoked']);
        const before = await count('statements');
        const { record, written } = await receive(ended.id, ['pkg-in-revocation', 2], [], { kind: 'revocation' });
        assert.deepEqual([record.kind, record.status, written], ['revocation', 'imported', 0]);
        assert.equal(await count('statements'), before);
        assert.equal((await t.store.getAgreement(ended.id))?.lastReceivedSequence, 2);
        await rejects(receive(ended.id, ['pkg-in-revocation-2', 3], [alpha], { kind: 'revocation' }), 'VALIDATION_FAILED', ['entities', /no entities/]);
      });
    });

    describe('purging', () => {
      it('deletes what each package brought (optionally only those received before a date) and rebuilds the entities', async () => {
        const held = await agreement('incoming');
        const epsilon: BulkEntity = { id: 'purge-person-epsilon', schema: 'Person', properties: { name: ['Testperson Epsilon'] } };
        const firm: BulkEntity = { id: 'purge-company', schema: 'Company', properties: { name: ['Synthetic Holdings Ltd'] } };
        const later: BulkEntity = { id: 'purge-person-eta', schema: 'Person', properties: { name: ['Testperson Eta'] } };
        await receive(held.id, ['pkg-purge-1', 1], [epsilon, firm], { at: new Date('2026-03-01T00:00:00Z') });
        await receive(held.id, ['pkg-purge-2', 2], [later], { at: new Date('2026-03-10T00:00:00Z') });
        // an analyst adds what we know ourselves about one of them
        await t.store.updateEntity(alice, epsilon.id, { alias: ['Synthia Example'] }, { source: 'ui' });
        const firstStatements = Number((await sql<{ n: string | number }>`select count(*) as n from statements where import_id = 'pkg-purge-1'`.execute(t.store.database.db)).rows[0]!.n);
        assert.equal(firstStatements, 2);

        const first = await t.store.purgeReceived(alice, held.id, { before: new Date('2026-03-05T00:00:00Z') });
        assert.deepEqual(first, { packages: 1, statements: 2, entities: 1 });
        const left = await sql`select id from statements where import_id = 'pkg-purge-1'`.execute(t.store.database.db);
        assert.equal(left.rows.length, 0);
        // reduced to what other sources said; gone when nothing else was said
        const reduced = await t.store.getEntityDetail(epsilon.id);
        assert.deepEqual(reduced?.properties, { alias: ['Synthia Example'] });
        assert.ok(reduced!.statements.every((s) => s.source === 'ui'));
        assert.equal(await t.store.getEntity(firm.id), null);
        assert.equal(await t.store.getEntityDetail(firm.id), null);
        // the row stays (its id is named elsewhere) but holds none of the values
        const emptied = (await sql<{ properties: unknown; names: string; search_text: string; caption: string }>`
          select properties, names, search_text, caption from entities where id = ${firm.id}`.execute(t.store.database.db)).rows[0];
        assert.deepEqual({ ...emptied, caption: undefined }, { properties: {}, names: '', search_text: '', caption: undefined });
        assert.doesNotMatch(emptied!.caption, /Synthetic Holdings/);
        assert.deepEqual((await t.store.getEntity(later.id))?.properties, { name: ['Testperson Eta'] });
        assert.ok((await t.store.getPackage('pkg-purge-1', 'incoming'))?.purgedAt instanceof Date);
        assert.equal((await t.store.getPackage('pkg-purge-2', 'incoming'))?.purgedAt, null);
        const entry = await lastEntry();
        assert.deepEqual([entry.action, entry.caseId], ['share.purge', caseIn]);

        // the rest, as when the agreement is revoked; a purge again finds nothing left
        assert.deepEqual(await t.store.purgeReceived(alice, held.id), { packages: 1, statements: 1, entities: 1 });
        assert.equal(await t.store.getEntity(later.id), null);
        assert.deepEqual(await t.store.purgeReceived(alice, held.id), { packages: 0, statements: 0, entities: 0 });
        assert.equal((await sql`select id from statements where source = ${`share:${partner.id}`} and import_id in ('pkg-purge-1', 'pkg-purge-2')`.execute(t.store.database.db)).rows.length, 0);
        await rejects(t.store.purgeReceived(alice, 'sa_unknown'), 'NOT_FOUND');
      });

      it('keeps a value a later package said again when purging the earlier one', async () => {
        const held = await agreement('incoming');
        const theta: BulkEntity = { id: 'purge-person-theta', schema: 'Person', properties: { name: ['Testperson Theta'] } };
        await receive(held.id, ['pkg-resaid-1', 1], [theta], { at: new Date('2026-03-01T00:00:00Z') });
        await receive(held.id, ['pkg-resaid-2', 2], [theta], { at: new Date('2026-03-10T00:00:00Z') });
        assert.deepEqual(await t.store.purgeReceived(alice, held.id, { before: new Date('2026-03-05T00:00:00Z') }), { packages: 1, statements: 0, entities: 0 });
        assert.deepEqual((await t.store.getEntity(theta.id))?.properties, { name: ['Testperson Theta'] });
      });
    });

    describe('consents', () => {
      let survivor: string;

      before(async () => {
        survivor = (await t.store.createEntity(alice, { caseId: caseIn, schema: 'Person', properties: { name: ['Testperson Omega'] } }, { source: 'ui' })).id;
      });

      it('keeps every decision; the latest per entity and purpose is in force; a withdrawal wins', async () => {
        const granted = await t.store.recordConsent(alice, { entityId: survivor, purpose: 'prosecution', granted: true, note: 'signed form, interpreter present' });
        assert.deepEqual({ entityId: granted.entityId, caseId: granted.caseId, purpose: granted.purpose, granted: granted.granted, recordedBy: granted.recordedBy, note: granted.note },
          { entityId: survivor, caseId: caseIn, purpose: 'prosecution', granted: true, recordedBy: `user:${alice.id}`, note: 'signed form, interpreter present' });
        const entry = await lastEntry();
        assert.deepEqual([entry.action, entry.entityId, entry.caseId], ['consent.record', survivor, caseIn]);
        await t.store.recordConsent(alice, { entityId: survivor, purpose: 'statistics', granted: true });
        const withdrawn = await t.store.recordConsent(bob, { entityId: survivor, purpose: 'prosecution', granted: false, note: 'withdrawn by phone' });

        const current = (await t.store.currentConsents([survivor, 'nobody-at-all'])).get(survivor);
        assert.equal(current?.get('prosecution')?.granted, false);
        assert.deepEqual(current?.get('prosecution'), withdrawn);
        assert.equal(current?.get('statistics')?.granted, true);
        assert.equal(current?.get('referral'), undefined);
        assert.equal((await t.store.currentConsents([survivor, 'nobody-at-all'])).has('nobody-at-all'), false);
        assert.deepEqual((await t.store.consentHistory(survivor)).map((c) => [c.purpose, c.granted]), [['prosecution', true], ['statistics', true], ['prosecution', false]]);
      });

      it('breaks a tie in time by the order of recording', async () => {
        frozen = Date.UTC(2026, 5, 1);
        try {
          await t.store.recordConsent(alice, { entityId: survivor, purpose: 'referral', granted: false });
          await t.store.recordConsent(alice, { entityId: survivor, purpose: 'referral', granted: true });
        } finally {
          frozen = null;
        }
        assert.equal((await t.store.currentConsents([survivor])).get(survivor)?.get('referral')?.granted, true);
      });

      it('refuses an entity that does not exist and a purpose that is not one', async () => {
        await rejects(t.store.recordConsent(alice, { entityId: 'no-such-entity', purpose: 'assistance', granted: true }), 'NOT_FOUND', ['entityId', 'not found']);
        await rejects(t.store.recordConsent(alice, { entityId: survivor, purpose: 'marketing' as never, granted: true }), 'VALIDATION_FAILED', ['purpose', /assistance/]);
      });

      it('cannot be changed afterwards: the table is append-only', async () => {
        await assert.rejects(sql`update consents set granted = true`.execute(t.store.database.db), /append-only/);
        await assert.rejects(sql`delete from consents`.execute(t.store.database.db), /append-only/);
      });
    });

    describe('linkage runs', () => {
      it('records the counts of a run and lists runs by case', async () => {
        const run = await t.store.recordLinkageRun(alice, {
          caseId: caseIn, title: 'Synthetic FIU × NGO linkage', schemaSha256: sha('febrl.schema.json'), threshold: 0.8,
          recordsA: 5000, recordsB: 5000, candidatePairs: 120_000, matches: 4950, at: IN_TERMS,
        });
        assert.match(run.id, /^lr_/);
        assert.deepEqual([run.candidatePairs, run.matches, run.actorId], [120_000, 4950, `user:${alice.id}`]);
        assert.deepEqual([(await lastEntry()).action, (await lastEntry()).caseId], ['linkage.run', caseIn]);
        await t.store.recordLinkageRun(alice, { caseId: null, title: 'Synthetic evaluation', schemaSha256: sha('x'), threshold: 0.9, recordsA: 10, recordsB: 12, candidatePairs: 30, matches: 9, at: IN_TERMS });
        assert.deepEqual((await t.store.listLinkageRuns({ caseIds: [caseIn] }, {})).items, [run]);
        assert.equal((await t.store.listLinkageRuns({}, {})).items.length, 2);
        await rejects(t.store.recordLinkageRun(alice, { ...run, matches: 5001 }), 'VALIDATION_FAILED', ['matches', /smaller side/]);
      });
    });

    describe('the journal', () => {
      it('holds every sharing action, no personal data in the action text, and still verifies', async () => {
        const actions = new Set<string>();
        let cursor: string | null = null;
        do {
          const page = await t.store.listJournal({}, { limit: 200, cursor });
          for (const e of page.items) {
            actions.add(e.action);
            assert.ok(!/Testperson|Synthia/.test(JSON.stringify(e)), `journal entry ${e.seq} holds personal data`);
          }
          cursor = page.next;
        } while (cursor);
        for (const action of ['share.partner.add', 'share.agreement.create', 'share.agreement.approve', 'share.agreement.revoke', 'share.send', 'share.import',
          'share.refuse', 'share.purge', 'consent.record', 'linkage.run']) {
          assert.ok(actions.has(action), `no ${action} entry`);
        }
        const verified = await t.store.verifyJournal();
        assert.equal(verified.ok, true);
      });
    });
  });
}
