/**
 * The evidence catalogue and custody log, on PGlite and on PostgreSQL: every event is a journal
 * leaf whose content hash is the hash of its details, and each item's events chain by `prev`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isAriadneError } from '@ariadne/schema';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { Actor } from '../src/types.ts';
import { canonicalJson, journalLeafHash } from '../src/journal-hash.ts';
import type { StoredBlobInfo } from '../src/evidence-types.ts';

function blob(content: string): StoredBlobInfo {
  const sha256 = createHash('sha256').update(content).digest('hex');
  return { name: `blob-${sha256.slice(0, 16)}`, sha256, size: Buffer.byteLength(content), mime: 'image/jpeg', declaredMime: 'image/jpeg', metadata: { device: 'Synthetic Cam 1' } };
}

for (const backend of backends) {
  describe(`evidence store on ${backend}`, () => {
    let t: OpenTestStore;
    let alice: Actor;
    let caseId: string;
    let otherCase: string;
    before(async () => {
      t = await openTestStore(backend);
      const user = await t.store.createUser(system, { username: 'ev.alice', displayName: 'Alice (synthetic)', roles: ['investigator'], passwordHash: 'x' });
      alice = { kind: 'user', id: user.id };
      caseId = (await t.store.createCase(alice, { name: 'Synthetic evidence case' })).id;
      otherCase = (await t.store.createCase(alice, { name: 'Synthetic other case' })).id;
    });
    after(() => t.close());

    it('records an intake as a journal leaf whose content hash is the hash of its details', async () => {
      const person = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Synthetic Witness'] } }, { source: 'ui' });
      const { item, event } = await t.store.intakeEvidence(alice, {
        caseId, origin: 'staff', blob: blob('photo-1'), filename: 'synthetic-photo.jpg', collectedBy: 'Synthetic Officer',
        collectedAt: new Date('2026-03-01T10:00:00Z'), collectedWhere: 'Synthetic Town', source: 'Synthetic Witness',
        consent: { prosecution: true, statistics: false }, purpose: 'intake at field office', entityIds: [person.id],
      });
      assert.equal(item.caseId, caseId);
      assert.deepEqual(item.entityIds, [person.id]);
      assert.equal(item.headHash, event.leafHash);
      assert.equal(event.action, 'evidence.intake');
      assert.equal(event.details.prev, null);
      assert.equal(event.details.sha256, item.sha256);
      // anyone can recompute both hashes from what the store hands out
      const entry = JSON.parse(event.entry) as unknown[];
      assert.equal(entry[8], createHash('sha256').update(canonicalJson(event.details)).digest('hex'));
      assert.equal(journalLeafHash(Buffer.from(event.entry, 'utf8')), event.leafHash);
      const journal = await t.store.listJournal({ caseId }, { limit: 1 });
      assert.equal(journal.items[0]?.leafHash, event.leafHash);
    });

    it('chains custody events and reads them back with identical hashes', async () => {
      const { item } = await t.store.intakeEvidence(alice, { caseId, origin: 'staff', blob: blob('video-1'), filename: 'synthetic-video.mp4' });
      const view = await t.store.recordCustody(alice, item.id, 'view', { purpose: 'review' });
      const transfer = await t.store.recordCustody(alice, item.id, 'transfer', { purpose: 'MLA request', fields: { recipient: 'Synthetic Prosecutor Office' } });
      const hold = await t.store.recordCustody(alice, item.id, 'hold', { purpose: 'litigation' });
      assert.equal(view.details.prev, item.headHash);
      assert.equal(transfer.details.prev, view.leafHash);
      assert.equal(hold.details.prev, transfer.leafHash);
      const events = await t.store.custodyEvents(item.id);
      assert.deepEqual(events.map((e) => e.kind), ['intake', 'view', 'transfer', 'hold']);
      for (const e of events) {
        assert.equal(journalLeafHash(Buffer.from(e.entry, 'utf8')), e.leafHash);
        assert.equal((JSON.parse(e.entry) as unknown[])[8], createHash('sha256').update(canonicalJson(e.details)).digest('hex'));
      }
      const after = await t.store.getEvidenceItem(item.id);
      assert.equal(after?.hold, true);
      assert.equal(after?.headHash, hold.leafHash);
    });

    it('keeps awkward text hashable: NUL and lone surrogates are cleaned before hashing', async () => {
      const { item, event } = await t.store.intakeEvidence(alice, { caseId, origin: 'staff', blob: blob('odd'), filename: 'odd\u0000name\ud800.jpg' });
      assert.equal(item.filename, 'oddname\ufffd.jpg');
      const [stored] = await t.store.custodyEvents(item.id);
      assert.equal(stored?.leafHash, event.leafHash);
      assert.equal((JSON.parse(stored!.entry) as unknown[])[8], createHash('sha256').update(canonicalJson(stored!.details)).digest('hex'));
    });

    it('journals a bundle export once, committing to each item chain head', async () => {
      const a = (await t.store.intakeEvidence(alice, { caseId, origin: 'staff', blob: blob('a'), filename: 'a.jpg' })).item;
      const b = (await t.store.intakeEvidence(alice, { caseId, origin: 'staff', blob: blob('b'), filename: 'b.jpg' })).item;
      const viewB = await t.store.recordCustody(alice, b.id, 'view');
      const exported = await t.store.recordBundleExport(alice, { bundleId: 'bundle-synthetic-1', caseId, itemIds: [a.id, b.id], purpose: 'prosecution', recipient: 'Synthetic Court' });
      const heads = Object.fromEntries((exported.details.items as { item: string; head: string }[]).map((x) => [x.item, x.head]));
      assert.equal(heads[a.id], a.headHash);
      assert.equal(heads[b.id], viewB.leafHash);
      const eventsB = await t.store.custodyEvents(b.id);
      assert.equal(eventsB.at(-1)?.kind, 'export');
      assert.deepEqual(eventsB.at(-1)?.details, exported.details);
      // the export is not part of an item's chain: the next event chains from the last item event
      const later = await t.store.recordCustody(alice, b.id, 'view');
      assert.equal(later.details.prev, viewB.leafHash);
      await assert.rejects(t.store.recordBundleExport(alice, { bundleId: 'bundle-synthetic-2', caseId: otherCase, itemIds: [a.id], purpose: 'x', recipient: 'y' }),
        (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
    });

    it('refuses links to entities of another case and bad input, writing nothing', async () => {
      const foreign = await t.store.createEntity(alice, { caseId: otherCase, schema: 'Person', properties: { name: ['Synthetic Other'] } }, { source: 'ui' });
      const before = (await t.store.listJournal({}, { limit: 1 })).items[0]?.seq;
      await assert.rejects(t.store.intakeEvidence(alice, { caseId, origin: 'staff', blob: blob('c'), entityIds: [foreign.id] }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
      await assert.rejects(t.store.intakeEvidence(alice, { caseId, origin: 'staff', blob: { ...blob('d'), sha256: 'nothex' } }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
      await assert.rejects(t.store.intakeEvidence(alice, { caseId: 'no-such-case', origin: 'staff', blob: blob('e') }), (e) => isAriadneError(e) && e.code === 'NOT_FOUND');
      await assert.rejects(t.store.recordCustody(alice, 'no-such-item', 'view'), (e) => isAriadneError(e) && e.code === 'NOT_FOUND');
      assert.equal((await t.store.listJournal({}, { limit: 1 })).items[0]?.seq, before);
    });

    it('lists a case newest first, hides sealed items unless asked, and pages exactly once', async () => {
      const c = await t.store.createCase(alice, { name: 'Synthetic paging case' });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await t.store.intakeEvidence(alice, { caseId: c.id, origin: 'staff', blob: blob(`p${i}`) })).item.id);
      await t.store.recordCustody(alice, ids[0]!, 'seal', { purpose: 'victim identity' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await t.store.listEvidence({ caseId: c.id, includeSealed: false }, { limit: 3, cursor });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.next;
      } while (cursor);
      assert.equal(seen.length, 6);
      assert.ok(!seen.includes(ids[0]!));
      const all = await t.store.listEvidence({ caseId: c.id, includeSealed: true }, { limit: 50 });
      assert.equal(all.items.length, 7);
      assert.equal((await t.store.findEvidenceBySha256(blob('p3').sha256, [c.id]))[0]?.id, ids[3]);
      assert.equal(await t.store.isBlobReferenced(blob('p3').name), true);
      assert.equal(await t.store.isBlobReferenced('blob-nobody'), false);
    });

    it('keeps custody rows append-only in the database itself', async () => {
      await assert.rejects(sql`delete from evidence_custody`.execute(t.store.database.db));
      await assert.rejects(sql`update evidence_custody set kind = 'view'`.execute(t.store.database.db));
    });

    it('records consent changes as custody events', async () => {
      const { item } = await t.store.intakeEvidence(alice, { caseId, origin: 'survivor', blob: blob('s1'), consent: { prosecution: true, sanctions: true } });
      const event = await t.store.setEvidenceConsent(alice, item.id, { prosecution: false, sanctions: false, statistics: false }, 'withdrawn by the survivor');
      assert.equal(event.kind, 'consent');
      assert.deepEqual((await t.store.getEvidenceItem(item.id))?.consent, { prosecution: false, sanctions: false, statistics: false });
    });
    it('keeps a submission by its receipt hash, threads its messages and files it into a case', async () => {
      const receiptHash = createHash('sha256').update('SYNTHETIC-RECEIPT-1').digest('hex');
      const intake: Actor = { kind: 'system', id: 'public-intake' };
      const sub = await t.store.createSubmission(intake, { kind: 'tip', language: 'ar', named: false, consent: { prosecution: true, sanctions: false, statistics: true, visibility: 'case-team' }, receiptHash });
      assert.equal(sub.status, 'new');
      assert.equal((await t.store.findSubmissionByReceipt(receiptHash))?.id, sub.id);
      assert.equal(await t.store.findSubmissionByReceipt('0'.repeat(64)), null);
      const account = await t.store.intakeEvidence(intake, { caseId: null, submissionId: sub.id, submissionRole: 'account', origin: 'tip', blob: blob('tip text') });
      const attachment = await t.store.intakeEvidence(intake, { caseId: null, submissionId: sub.id, submissionRole: 'attachment', origin: 'tip', blob: blob('tip photo') });
      const question = await t.store.intakeEvidence(alice, { caseId: null, submissionId: sub.id, submissionRole: 'message', origin: 'tip', blob: blob('question') });
      await t.store.addSubmissionMessage(alice, sub.id, 'team', question.item.id);
      assert.deepEqual((await t.store.listSubmissionMessages(sub.id)).map((m) => m.author), ['team']);
      const inbox = await t.store.listSubmissions({ status: 'new' }, {});
      assert.ok(inbox.items.some((s) => s.id === sub.id && s.items === 1 && s.messages === 1));
      const filed = await t.store.triageSubmission(alice, sub.id, { caseId });
      assert.equal(filed.status, 'triaged');
      assert.equal((await t.store.getEvidenceItem(attachment.item.id))?.caseId, caseId);
      assert.equal((await t.store.getEvidenceItem(account.item.id))?.caseId, caseId);
      const withdrawn = await t.store.setSubmissionConsent(intake, sub.id, { prosecution: false, sanctions: false, statistics: false });
      assert.ok(withdrawn.withdrawnAt);
      assert.deepEqual((await t.store.submissionItemIds(sub.id)).map((i) => i.role).sort(), ['account', 'attachment', 'message']);
    });
  });
}
