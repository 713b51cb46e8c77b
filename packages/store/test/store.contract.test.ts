/**
 * The store contract: the same suite on PGlite and on a PostgreSQL server. It reads as a tour of
 * what the store promises — statements with provenance, merges that lose nothing, search, a
 * journal that detects rewrites.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { isAriadneError } from '@ariadne/schema';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { Actor } from '../src/types.ts';
import type { BulkEntity } from '../src/store.ts';

for (const backend of backends) {
  describe(`store contract on ${backend}`, () => {
    let t: OpenTestStore;
    let alice: Actor;
    let caseId: string;
    before(async () => {
      t = await openTestStore(backend);
      const user = await t.store.createUser(system, { username: 'Alice.Example', displayName: 'Alice (synthetic)', roles: ['investigator'], passwordHash: 'x' });
      alice = { kind: 'user', id: user.id };
      caseId = (await t.store.createCase(alice, { name: 'Synthetic case A' })).id;
    });
    after(() => t.close());

    it('keeps users with case-insensitive usernames and refuses duplicates', async () => {
      assert.equal((await t.store.getCredentialsByUsername('alice.example'))?.displayName, 'Alice (synthetic)');
      await assert.rejects(
        t.store.createUser(system, { username: 'ALICE.example', displayName: '', roles: [], passwordHash: 'x' }),
        (e) => isAriadneError(e) && e.code === 'CONFLICT',
      );
    });

    it('makes the creator of a case its member', async () => {
      assert.deepEqual(await t.store.memberCaseIds(alice.id), [caseId]);
      const members = await t.store.listMembers(caseId);
      assert.equal(members[0]?.username, 'alice.example');
    });

    it('stores an entity as statements with provenance and journals the write', async () => {
      const person = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Testperson Alpha'], nationality: ['iq'] } }, { source: 'ui', evidenceId: 'ev-1' });
      assert.equal(person.caption, 'Testperson Alpha');
      const detail = await t.store.getEntityDetail(person.id);
      assert.ok(detail);
      const nameStatement = detail.statements.find((s) => s.prop === 'name');
      assert.equal(nameStatement?.source, 'ui');
      assert.equal(nameStatement?.userId, alice.id);
      assert.equal(nameStatement?.evidenceId, 'ev-1');
      const history = await t.store.listJournal({ entityId: person.id }, {});
      assert.deepEqual(history.items.map((e) => e.action), ['entity.create']);
      assert.match(history.items[0]!.contentHash ?? '', /^[0-9a-f]{64}$/);
    });

    it('refuses invalid entities and duplicate ids without writing anything', async () => {
      const before = (await t.store.verifyJournal()).entries;
      await assert.rejects(
        t.store.createEntity(alice, { caseId, schema: 'Person', properties: { notAProperty: ['x'] } }, { source: 'ui' }),
        (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED' && 'notAProperty' in (e.details ?? {}),
      );
      await assert.rejects(
        t.store.createEntity(alice, { caseId, schema: 'NoSuchSchema', properties: {} }, { source: 'ui' }),
        (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED',
      );
      const first = await t.store.createEntity(alice, { id: 'dup-1', caseId, schema: 'Person', properties: { name: ['Dup Person'] } }, { source: 'ui' });
      await assert.rejects(
        t.store.createEntity(alice, { id: 'dup-1', caseId, schema: 'Person', properties: { name: ['Other'] } }, { source: 'ui' }),
        (e) => isAriadneError(e) && e.code === 'CONFLICT',
      );
      assert.deepEqual((await t.store.getEntity('dup-1'))?.properties, first.properties);
      assert.equal((await t.store.verifyJournal()).entries, before + 1);
    });

    it('updates by retracting old statements, never erasing them', async () => {
      const e = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Old Name'] } }, { source: 'ui' });
      const updated = await t.store.updateEntity(alice, e.id, { name: ['New Name'] }, { source: 'ui' });
      assert.deepEqual(updated.properties.name, ['New Name']);
      const detail = await t.store.getEntityDetail(e.id);
      const old = detail?.statements.find((s) => s.value === 'Old Name');
      assert.ok(old?.retractedAt instanceof Date, 'the old statement is kept, retracted');
      await t.store.deleteEntity(alice, e.id);
      assert.equal(await t.store.getEntity(e.id), null);
      const history = await t.store.listJournal({ entityId: e.id }, {});
      assert.deepEqual(history.items.map((x) => x.action), ['entity.delete', 'entity.update', 'entity.create']);
    });

    it('merges duplicates so that an undo restores both', async () => {
      const a = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Merge Left'], birthDate: ['1970'] } }, { source: 'ui' });
      const b = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Merge Right'] } }, { source: 'import:x' });
      const merged = await t.store.mergeEntities(alice, a.id, [b.id]);
      assert.deepEqual([...(merged.properties.name ?? [])].sort(), ['Merge Left', 'Merge Right']);
      assert.equal((await t.store.getEntity(b.id))?.id, a.id, 'a merged id resolves to the canonical entity');
      const detail = await t.store.getEntityDetail(a.id);
      assert.deepEqual(detail?.mergedFrom, [b.id]);
      assert.ok(detail?.statements.some((s) => s.entityId === b.id && s.source === 'import:x'));
      await t.store.unmergeEntity(alice, b.id);
      assert.deepEqual((await t.store.getEntity(a.id))?.properties.name, ['Merge Left']);
      assert.deepEqual((await t.store.getEntity(b.id))?.properties.name, ['Merge Right']);
      await assert.rejects(t.store.mergeEntities(alice, a.id, [a.id]), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
    });

    it('finds entities by fuzzy name and by words, only in visible cases, never sealed ones', async () => {
      await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Mohammed Testname Synthetic'] } }, { source: 'ui' });
      await t.store.createEntity(alice, { caseId, schema: 'Organization', properties: { name: ['Synthetic Transport Company'], notes: ['operates buses on the northern corridor'] } }, { source: 'ui' });
      const other = await t.store.createCase(system, { name: 'Other case' });
      await t.store.createEntity(system, { caseId: other.id, schema: 'Person', properties: { name: ['Mohammed Testname Hidden'] } }, { source: 'ui' });
      const fuzzy = await t.store.search({ q: 'Mohamed Testname', caseIds: [caseId] });
      assert.deepEqual(fuzzy.items.map((h) => h.caption), ['Mohammed Testname Synthetic']);
      const words = await t.store.search({ q: 'northern corridor', caseIds: [caseId] });
      assert.deepEqual(words.items.map((h) => h.caption), ['Synthetic Transport Company']);
      const none = await t.store.search({ q: 'Mohammed', caseIds: [] });
      assert.equal(none.items.length, 0);
      const sealed = await t.store.createEntity(alice, { caseId, schema: 'VictimProfile', properties: { pseudonym: ['Survivor S-1'], notes: ['Mohammed Testname relative'] } }, { source: 'ui' });
      assert.equal(sealed.sealed, true);
      const hits = await t.store.search({ q: 'Mohammed Testname relative', caseIds: [caseId] });
      assert.ok(hits.items.every((h) => h.id !== sealed.id));
      await t.store.journalSealedRead(alice, sealed, 'case-review');
      const history = await t.store.listJournal({ entityId: sealed.id }, {});
      assert.equal(history.items[0]?.action, 'entity.read.sealed:case-review');
    });

    it('lists related entities in both directions', async () => {
      const org = await t.store.createEntity(alice, { caseId, schema: 'Organization', properties: { name: ['Synthetic Armed Group'] } }, { source: 'ui' });
      const person = await t.store.createEntity(alice, { caseId, schema: 'Person', properties: { name: ['Member Person'] } }, { source: 'ui' });
      const membership = await t.store.createEntity(alice, { caseId, schema: 'Membership', properties: { member: [person.id], organization: [org.id] } }, { source: 'ui' });
      const rels = await t.store.relations(person.id);
      assert.deepEqual(rels.map((r) => [r.entity.id, r.prop, r.direction]), [[membership.id, 'member', 'incoming']]);
      const out = await t.store.relations(membership.id);
      assert.deepEqual(out.map((r) => r.direction).sort(), ['outgoing', 'outgoing']);
    });

    it('writes import batches idempotently and refuses ids of other cases', async () => {
      const imp = await t.store.beginImport(system, { caseId, kind: 'ftm', sourceName: 'x.jsonl', fileSha256: 'a'.repeat(64) });
      const entities: BulkEntity[] = [
          { id: 'b-1', schema: 'Person', properties: { name: ['Batch One'] } },
          { id: 'b-2', schema: 'Company', properties: { name: ['Batch Two Ltd'] } },
          { id: 'b-1', schema: 'Person', properties: { alias: ['B One'] } },
          { id: 'dup-1', schema: 'Person', properties: { alias: ['joins the existing entity'] } },
      ];
      const batch = { caseId, importId: imp.record.id, source: 'import:test', entities };
      const first = await t.store.writeBatch(system, batch);
      assert.equal(first.written, 3);
      assert.deepEqual((await t.store.getEntity('b-1'))?.properties, { alias: ['B One'], name: ['Batch One'] });
      const again = await t.store.writeBatch(system, batch);
      assert.equal(again.written, 3);
      const detail = await t.store.getEntityDetail('b-1');
      assert.equal(detail?.statements.length, 2, 'the same statements are not duplicated');
      const elsewhere = await t.store.writeBatch(system, { ...batch, caseId: null, entities: [batch.entities[0]!] });
      assert.equal(elsewhere.written, 0);
      assert.match(elsewhere.rejected[0]!.reason, /another case/);
      const resumed = await t.store.beginImport(system, { caseId, kind: 'ftm', sourceName: 'x.jsonl', fileSha256: 'a'.repeat(64) });
      assert.equal(resumed.resumed, true);
      assert.equal(resumed.record.id, imp.record.id);
      await t.store.finishImport(system, imp.record.id, 'done');
      const history = await t.store.listJournal({ entityId: 'b-1' }, {});
      assert.ok(history.items.some((e) => e.action === 'import.batch' && e.importId === imp.record.id));
    });

    it('pages through lists exactly once', async () => {
      for (let i = 0; i < 7; i++) await t.store.createCase(alice, { name: `Paged case ${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof t.store.listCases>> = await t.store.listCases(alice.id, { limit: 3, cursor });
        seen.push(...page.items.map((c) => c.id));
        cursor = page.next;
      } while (cursor);
      assert.equal(seen.length, 8);
      assert.equal(new Set(seen).size, 8);
      await assert.rejects(t.store.listCases(alice.id, { cursor: 'not-a-cursor' }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
    });

    it('keeps the journal append-only and detects a rewritten or removed entry', async () => {
      const ok = await t.store.verifyJournal();
      assert.equal(ok.ok, true);
      assert.ok(ok.entries > 10);
      const db = t.store.database.db;
      await assert.rejects(sql`update journal set actor = 'user:mallory' where seq = 2`.execute(db), /append-only/);
      await assert.rejects(sql`delete from journal where seq = 2`.execute(db), /append-only/);
      // a superuser can switch the trigger off; verification still catches the rewrite
      await sql`alter table journal disable trigger journal_append_only`.execute(db);
      await sql`update journal set actor = 'user:mallory' where seq = 3`.execute(db);
      const tampered = await t.store.verifyJournal();
      assert.equal(tampered.ok, false);
      assert.equal(tampered.firstBadSeq, 3);
      assert.match(tampered.reason ?? '', /altered/);
      await sql`delete from journal where seq = 4`.execute(db);
      const chain = await t.store.verifyJournal();
      assert.equal(chain.firstBadSeq, 3);
      await sql`alter table journal enable trigger journal_append_only`.execute(db);
    });
  });
}

if (backends.includes('postgres')) {
  describe('store on postgres under concurrent writers', () => {
    it('serialises journal appends from parallel transactions into one valid chain', async () => {
      const t = await openTestStore('postgres');
      try {
        const c = await t.store.createCase(system, { name: 'Concurrency' });
        await Promise.all(Array.from({ length: 30 }, (_, i) =>
          t.store.createEntity(system, { caseId: c.id, schema: 'Person', properties: { name: [`Parallel Person ${i}`] } }, { source: 'test' })));
        const v = await t.store.verifyJournal();
        assert.equal(v.ok, true);
        assert.equal(v.entries, 31);
      } finally {
        await t.close();
      }
    });
  });
}
