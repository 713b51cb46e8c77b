/**
 * The sanctions part of the store, on PGlite and on PostgreSQL: list versions with their deltas,
 * screening alerts with their dispositions, and duplicate proposals. Every list entry and subject
 * here is invented.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isAriadneError, type EntityData } from '@ariadne/schema';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { Actor } from '../src/types.ts';
import type { ListEntryInput, ListImportInput, ListVersion } from '../src/screening-types.ts';
import { contentHash } from '../src/journal-hash.ts';

const sha = (label: string) => createHash('sha256').update(label).digest('hex');

function designation(entry: string, name: string, extra: Record<string, string[]> = {}): ListEntryInput {
  const subject = `syn-${entry.toLowerCase()}`;
  const entities: EntityData[] = [
    { id: subject, schema: 'Person', properties: { name: [name], ...extra } },
    { id: `${subject}-sanction`, schema: 'Sanction', properties: { entity: [subject], program: ['Synthetic Regime'] } },
  ];
  return { entry, subjectId: subject, entities };
}

function listFile(list: string, label: string, entries: readonly ListEntryInput[], errors: ListImportInput['errors'] = []): ListImportInput {
  return { list, format: 'un-xml', source: `${label}.xml`, sha256: sha(label), publishedAt: '2026-01-15', entries, errors };
}

async function rejects(promise: Promise<unknown>, code: string, detail?: [string, string]): Promise<void> {
  await assert.rejects(promise, (error) => isAriadneError(error) && error.code === code && (!detail || error.details?.[detail[0]] === detail[1]));
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

for (const backend of backends) {
  describe(`screening store on ${backend}`, () => {
    let t: OpenTestStore;
    let alice: Actor;
    let caseA: string;
    let caseB: string;
    let v1: ListVersion;
    let v2: ListVersion;
    before(async () => {
      t = await openTestStore(backend);
      const user = await t.store.createUser(system, { username: 'scr.alice', displayName: 'Alice (synthetic)', roles: ['analyst'], passwordHash: 'x' });
      alice = { kind: 'user', id: user.id };
      caseA = (await t.store.createCase(alice, { name: 'Synthetic screening case A' })).id;
      caseB = (await t.store.createCase(alice, { name: 'Synthetic screening case B' })).id;
    });
    after(() => t.close());

    describe('list versions', () => {
      it('stores a first import as all added, with its record errors and one journal entry', async () => {
        const result = await t.store.importListVersion(system, listFile('un-sc', 'un-v1', [
          designation('QDi.901', 'Testperson Alpha', { birthDate: ['1970'] }),
          designation('QDi.902', 'Testperson Beta', { birthDate: ['1971'] }),
          designation('QDi.903', 'Testperson Gamma'),
        ], [{ record: 'QDi.999', message: 'synthetic: the name is empty' }]));
        v1 = result.version;
        assert.equal(result.unchanged, false);
        assert.match(v1.id, /^lv_/);
        assert.deepEqual(
          { entries: v1.entries, added: v1.added, removed: v1.removed, changed: v1.changed, errors: v1.errors, current: v1.current, importedBy: v1.importedBy },
          { entries: 3, added: 3, removed: 0, changed: 0, errors: 1, current: true, importedBy: 'system:test' },
        );
        const changes = await t.store.listChanges(v1.id, {}, {});
        assert.deepEqual(changes.items.map((c) => [c.entry, c.kind, c.caption]), [
          ['QDi.901', 'added', 'Testperson Alpha'], ['QDi.902', 'added', 'Testperson Beta'], ['QDi.903', 'added', 'Testperson Gamma'],
        ]);
        assert.deepEqual(await t.store.listVersionErrors(v1.id), [{ record: 'QDi.999', message: 'synthetic: the name is empty' }]);
        const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
        assert.equal(entry?.action, 'lists.import');
        assert.equal(entry?.contentHash, contentHash({ list: 'un-sc', sha256: sha('un-v1'), counts: { entries: 3, added: 3, removed: 0, changed: 0, errors: 1 } }));
      });

      it('stores a second import as its delta: one added, one removed, one changed with the fields that differ', async () => {
        ({ version: v2 } = await t.store.importListVersion(system, listFile('un-sc', 'un-v2', [
          designation('QDi.901', 'Testperson Alpha', { birthDate: ['1970'] }),
          designation('QDi.902', 'Testperson Beta', { birthDate: ['1972'], alias: ['T. Beta'] }),
          designation('QDi.904', 'Testperson Delta'),
        ])));
        assert.deepEqual({ entries: v2.entries, added: v2.added, removed: v2.removed, changed: v2.changed, errors: v2.errors }, { entries: 3, added: 1, removed: 1, changed: 1, errors: 0 });
        const changes = await t.store.listChanges(v2.id, {}, {});
        assert.deepEqual(changes.items.map((c) => [c.entry, c.kind, c.caption, c.fields]), [
          ['QDi.902', 'changed', 'Testperson Beta', ['alias', 'birthDate']],
          ['QDi.903', 'removed', 'Testperson Gamma', []],
          ['QDi.904', 'added', 'Testperson Delta', []],
        ]);
        assert.deepEqual((await t.store.listChanges(v2.id, { kind: 'removed' }, {})).items.map((c) => c.entry), ['QDi.903']);
        assert.equal((await t.store.getListVersion(v1.id))?.current, false);
        const changed = await t.store.getListEntry('un-sc', 'QDi.902');
        assert.equal(changed?.firstVersionId, v2.id);
        assert.deepEqual(changed?.entities.find((e) => e.id === changed.subjectId)?.properties.birthDate, ['1972']);
        // an unchanged designation keeps the row of the version it first appeared in
        assert.equal((await t.store.getListEntry('un-sc', 'QDi.901'))?.firstVersionId, v1.id);
      });

      it('stores nothing for a file whose hash equals the current version\'s', async () => {
        const journalBefore = (await t.store.listJournal({}, { limit: 1 })).items[0]?.seq;
        const again = await t.store.importListVersion(system, listFile('un-sc', 'un-v2', [designation('QDi.999', 'Testperson Omega')]));
        assert.equal(again.unchanged, true);
        assert.equal(again.version.id, v2.id);
        assert.equal((await t.store.listVersions({ list: 'un-sc' }, {})).items.length, 2);
        assert.equal((await t.store.listJournal({}, { limit: 1 })).items[0]?.seq, journalBefore);
      });

      it('refuses a file naming one reference twice and leaves the previous version current and whole', async () => {
        const journalBefore = (await t.store.listJournal({}, { limit: 1 })).items[0]?.seq;
        await rejects(t.store.importListVersion(system, listFile('un-sc', 'un-v3-bad', [
          designation('QDi.905', 'Testperson Epsilon'), designation('QDi.901', 'Testperson Alpha'), designation('QDi.901', 'Testperson Alpha Two'),
        ])), 'VALIDATION_FAILED', ['entries', 'QDi.901']);
        const versions = await t.store.listVersions({ list: 'un-sc' }, {});
        assert.deepEqual(versions.items.map((v) => [v.id, v.current]), [[v2.id, true], [v1.id, false]]);
        assert.deepEqual((await collect(t.store.currentListEntries({ list: 'un-sc' }))).map((e) => e.entry), ['QDi.901', 'QDi.902', 'QDi.904']);
        assert.equal(await t.store.getListEntry('un-sc', 'QDi.905'), null);
        assert.equal((await t.store.listJournal({}, { limit: 1 })).items[0]?.seq, journalBefore);
      });

      it('refuses malformed import fields and keeps only the file name of a local path', async () => {
        await rejects(t.store.importListVersion(system, { ...listFile('un-sc', 'x', []), sha256: 'not-a-hash' }), 'VALIDATION_FAILED', ['sha256', 'invalid']);
        await rejects(t.store.importListVersion(system, listFile('un sc; drop', 'x', [])), 'VALIDATION_FAILED', ['list', 'invalid']);
        await rejects(t.store.importListVersion(system, { ...listFile('un-sc', 'x', []), publishedAt: 'yesterday' }), 'VALIDATION_FAILED', ['publishedAt', 'invalid']);
        const { version } = await t.store.importListVersion(system, {
          ...listFile('syn-local', 'local', [designation('L.1', 'Testperson \u0000Local')], Array.from({ length: 1500 }, (_, i) => ({ record: `r${i}`, message: 'synthetic error' }))),
          source: '/home/analyst/secret-folder/consolidated.xml',
        });
        assert.equal(version.source, 'consolidated.xml');
        assert.equal(version.errors, 1500);
        assert.equal((await t.store.listVersionErrors(version.id)).length, 1000);
        assert.equal((await t.store.getListEntry('syn-local', 'L.1'))?.caption, 'Testperson Local');
        await rejects(t.store.listVersionErrors('lv_missing'), 'NOT_FOUND');
        await rejects(t.store.listChanges('lv_missing', {}, {}), 'NOT_FOUND');
      });

      it('answers a removed designation as last seen, and null for one never listed', async () => {
        const removed = await t.store.getListEntry('un-sc', 'QDi.903');
        assert.equal(removed?.caption, 'Testperson Gamma');
        assert.equal(removed?.firstVersionId, v1.id);
        assert.equal(await t.store.getListEntry('un-sc', 'QDi.000'), null);
      });

      it('streams the current entries of every list across page boundaries, and of one list', async () => {
        const many = Array.from({ length: 2050 }, (_, i) => designation(String(100_000 + i), `Synthetic Trading ${i} LLC`));
        const { version } = await t.store.importListVersion(system, { ...listFile('ofac-sdn', 'ofac-v1', many), format: 'ofac-csv' });
        assert.equal(version.added, 2050);
        const all = await collect(t.store.currentListEntries());
        assert.equal(all.length, 2050 + 3 + 1);
        assert.deepEqual([...new Set(all.map((e) => e.list))], ['ofac-sdn', 'syn-local', 'un-sc']);
        const ofac = all.filter((e) => e.list === 'ofac-sdn').map((e) => e.entry);
        assert.deepEqual(ofac, [...ofac].sort());
        assert.equal(new Set(ofac).size, 2050);
        const un = await collect(t.store.currentListEntries({ list: 'un-sc' }));
        assert.deepEqual(un.map((e) => e.entry), ['QDi.901', 'QDi.902', 'QDi.904']);
        // a second version of the big list: the stream shows it alone, not a mix with the first
        const next = await t.store.importListVersion(system, { ...listFile('ofac-sdn', 'ofac-v2', many.slice(10)), format: 'ofac-csv' });
        assert.equal(next.version.removed, 10);
        assert.equal((await collect(t.store.currentListEntries({ list: 'ofac-sdn' }))).length, 2040);
        const page1 = await t.store.listVersions({}, { limit: 2 });
        const page2 = await t.store.listVersions({}, { limit: 2, cursor: page1.next });
        assert.deepEqual(page1.items.map((v) => v.sha256), [sha('ofac-v2'), sha('ofac-v1')]);
        assert.equal(page2.items[0]?.list, 'syn-local');
        assert.deepEqual((await t.store.listVersions({ currentOnly: true }, {})).items.map((v) => v.list).sort(), ['ofac-sdn', 'syn-local', 'un-sc']);
      });
    });

    describe('screening alerts', () => {
      let subject: string;
      let other: string;
      const algorithm = 'synthetic-matcher@1';
      const hit = (entry: string, score: number) => ({ list: 'un-sc', entry, score, matchedName: `Testperson ${entry}`, explanation: [`name: synthetic reason ${score}`] });

      before(async () => {
        subject = (await t.store.createEntity(alice, { caseId: caseA, schema: 'Person', properties: { name: ['Testperson Alpha'] } }, { source: 'ui' })).id;
        other = (await t.store.createEntity(alice, { caseId: caseB, schema: 'Person', properties: { name: ['Testperson Beta'] } }, { source: 'ui' })).id;
      });

      it('raises one open alert per new hit (the best score per entry), journalled per alert under the subject', async () => {
        const raised = await t.store.recordScreeningHits(system, {
          subjectId: subject, caseId: caseA, algorithm, listVersionId: v2.id, hits: [hit('QDi.901', 0.91), hit('QDi.902', 0.6), hit('QDi.902', 0.8)],
        });
        assert.deepEqual(raised.map((a) => [a.entry, a.score, a.status, a.listVersionId]).sort(), [['QDi.901', 0.91, 'open', v2.id], ['QDi.902', 0.8, 'open', v2.id]]);
        const journal = await t.store.listJournal({ entityId: subject }, {});
        assert.equal(journal.items.filter((e) => e.action === 'screening.alert.raise').length, 2);
      });

      it('takes a re-hit\'s new score on an undecided alert without raising it again', async () => {
        const raised = await t.store.recordScreeningHits(system, { subjectId: subject, caseId: caseA, algorithm, listVersionId: v2.id, hits: [hit('QDi.901', 0.95), hit('QDi.902', 0.8)] });
        assert.deepEqual(raised, []);
        const [alert] = (await t.store.listAlerts({ caseIds: [caseA], list: 'un-sc' }, {})).items.filter((a) => a.entry === 'QDi.901');
        assert.equal(alert?.score, 0.95);
        assert.deepEqual((await t.store.alertHistory(alert!.id)).map((e) => [e.action, e.score]), [['raised', 0.91], ['rescored', 0.95]]);
        const unchanged = (await t.store.listAlerts({ caseIds: [caseA] }, {})).items.find((a) => a.entry === 'QDi.902')!;
        assert.deepEqual((await t.store.alertHistory(unchanged.id)).map((e) => e.action), ['raised']);
      });

      it('records dispositions with their history; the journal holds the note only as a hash', async () => {
        const alerts = (await t.store.listAlerts({ caseIds: [caseA] }, {})).items;
        const fp = alerts.find((a) => a.entry === 'QDi.901')!;
        const confirmed = alerts.find((a) => a.entry === 'QDi.902')!;
        const note = 'Synthetic note: the birth years differ by twenty years';
        await rejects(t.store.setAlertDisposition(alice, fp.id, { status: 'false_positive' }), 'VALIDATION_FAILED', ['note', 'required']);
        await rejects(t.store.setAlertDisposition(alice, fp.id, { status: 'false_positive', note: 'x'.repeat(2001) }), 'VALIDATION_FAILED', ['note', 'too long']);
        await rejects(t.store.setAlertDisposition(alice, 'sa_missing', { status: 'needs_review' }), 'NOT_FOUND');
        await t.store.setAlertDisposition(alice, fp.id, { status: 'needs_review' });
        const decided = await t.store.setAlertDisposition(alice, fp.id, { status: 'false_positive', note });
        assert.deepEqual([decided.status, decided.decidedBy, decided.note], ['false_positive', `user:${alice.id}`, note]);
        await t.store.setAlertDisposition(alice, confirmed.id, { status: 'confirmed', note: 'Synthetic note: same passport number' });
        assert.deepEqual((await t.store.alertHistory(fp.id)).map((e) => [e.action, e.by, e.note]), [
          ['raised', 'system:test', null], ['rescored', 'system:test', null], ['needs_review', `user:${alice.id}`, null], ['false_positive', `user:${alice.id}`, note],
        ]);
        const journal = (await t.store.listJournal({ entityId: subject }, {})).items;
        const entry = journal.find((e) => e.action === 'screening.alert.false_positive')!;
        assert.equal(entry.contentHash, contentHash({ alert: fp.id, subject, list: 'un-sc', entry: 'QDi.901', status: 'false_positive', note: contentHash(note) }));
        assert.ok(journal.some((e) => e.action === 'screening.alert.confirmed'));
        assert.ok(!JSON.stringify(journal).includes('twenty years'));
      });

      it('does not raise a false positive again, nor rescore a decided alert', async () => {
        const raised = await t.store.recordScreeningHits(system, { subjectId: subject, caseId: caseA, algorithm: 'synthetic-matcher@2', listVersionId: null, hits: [hit('QDi.901', 0.99), hit('QDi.904', 0.7)] });
        assert.deepEqual(raised.map((a) => a.entry), ['QDi.904']);
        const fp = (await t.store.listAlerts({ caseIds: [caseA], status: 'false_positive' }, {})).items;
        assert.deepEqual(fp.map((a) => [a.entry, a.score, a.algorithm]), [['QDi.901', 0.95, algorithm]]);
      });

      it('lists alerts only of the cases asked for, filtered and in pages', async () => {
        await t.store.recordScreeningHits(system, { subjectId: other, caseId: caseB, algorithm, listVersionId: v2.id, hits: [hit('QDi.902', 0.88)] });
        assert.equal((await t.store.listAlerts({ caseIds: [caseA] }, {})).items.length, 3);
        assert.deepEqual((await t.store.listAlerts({ caseIds: [caseB] }, {})).items.map((a) => a.subjectId), [other]);
        assert.equal((await t.store.listAlerts({ caseIds: [caseA, caseB] }, {})).items.length, 4);
        assert.equal((await t.store.listAlerts({ caseIds: [null] }, {})).items.length, 0);
        assert.equal((await t.store.listAlerts({ caseIds: [] }, {})).items.length, 0);
        assert.deepEqual((await t.store.listAlerts({ caseIds: [caseA, caseB], status: 'open' }, {})).items.map((a) => a.entry).sort(), ['QDi.902', 'QDi.904']);
        assert.equal((await t.store.listAlerts({ caseIds: [caseA, caseB], subjectId: other }, {})).items.length, 1);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof t.store.listAlerts>> = await t.store.listAlerts({ caseIds: [caseA, caseB] }, { limit: 1, cursor });
          seen.push(...page.items.map((a) => a.id));
          cursor = page.next;
        } while (cursor);
        assert.equal(new Set(seen).size, 4);
      });

      it('refuses hits for an unknown subject, a subject of another case, or out-of-range scores', async () => {
        await rejects(t.store.recordScreeningHits(system, { subjectId: 'syn-missing', caseId: caseA, algorithm, listVersionId: null, hits: [hit('QDi.901', 0.9)] }), 'NOT_FOUND');
        await rejects(t.store.recordScreeningHits(system, { subjectId: subject, caseId: caseB, algorithm, listVersionId: null, hits: [hit('QDi.901', 0.9)] }), 'VALIDATION_FAILED', ['caseId', 'not the subject\'s case']);
        await rejects(t.store.recordScreeningHits(system, { subjectId: subject, caseId: caseA, algorithm, listVersionId: null, hits: [hit('QDi.901', Number.NaN)] }), 'VALIDATION_FAILED');
        await rejects(t.store.recordScreeningHits(system, { subjectId: subject, caseId: caseA, algorithm: 'no version', listVersionId: null, hits: [hit('QDi.901', 0.9)] }), 'VALIDATION_FAILED', ['algorithm', 'invalid']);
        assert.deepEqual(await t.store.recordScreeningHits(system, { subjectId: subject, caseId: caseA, algorithm, listVersionId: null, hits: [] }), []);
      });
    });

    describe('duplicate proposals', () => {
      let p1: string;
      let p2: string;
      let p3: string;
      let q1: string;
      const algorithm = 'synthetic-resolver@1';
      const propose = (aId: string, bId: string, score: number) => ({ aId, bId, score, explanation: ['name: synthetic'], algorithm });
      const find = async (a: string, b: string) => (await t.store.listDuplicateCandidates({ caseIds: [caseA, caseB] }, {})).items.find((c) => c.aId === (a < b ? a : b) && c.bId === (a < b ? b : a))!;

      before(async () => {
        const make = async (caseId: string, id: string, name: string) => (await t.store.createEntity(alice, { id, caseId, schema: 'Person', properties: { name: [name] } }, { source: 'ui' })).id;
        p1 = await make(caseA, 'syn-dup-1', 'Testperson Kappa');
        p2 = await make(caseA, 'syn-dup-2', 'Testperson Kapa');
        p3 = await make(caseA, 'syn-dup-3', 'Testperson Kappa Lambda');
        q1 = await make(caseB, 'syn-dup-4', 'Testperson Kappa');
      });

      it('stores new pairs in id order and does not propose a pair twice', async () => {
        assert.equal(await t.store.recordDuplicateCandidates(system, [propose(p2, p1, 0.9), propose(p1, p3, 0.7), propose(q1, p1, 0.8), propose(p1, p2, 0.85)]), 3);
        const pair = await find(p1, p2);
        assert.deepEqual([pair.aId, pair.bId, pair.score, pair.status, pair.aCaseId, pair.bCaseId], [p1, p2, 0.9, 'open', caseA, caseA]);
        assert.equal(await t.store.recordDuplicateCandidates(system, [propose(p1, p2, 0.95)]), 0);
        assert.equal((await t.store.getDuplicateCandidate(pair.id))?.score, 0.9);
      });

      it('does not propose a rejected pair again', async () => {
        const pair = await find(p1, p3);
        const rejected = await t.store.decideDuplicate(alice, pair.id, 'rejected');
        assert.deepEqual([rejected.status, rejected.decidedBy], ['rejected', `user:${alice.id}`]);
        assert.equal(await t.store.recordDuplicateCandidates(system, [propose(p3, p1, 0.99)]), 0);
        assert.equal((await t.store.getDuplicateCandidate(pair.id))?.status, 'rejected');
      });

      it('merges a same-case pair through the ordinary merge, and an unmerge reopens it', async () => {
        const pair = await find(p1, p2);
        const merged = await t.store.decideDuplicate(alice, pair.id, 'merged');
        assert.equal(merged.status, 'merged');
        assert.equal((await t.store.getEntity(p2))?.id, p1);
        await rejects(t.store.decideDuplicate(alice, pair.id, 'rejected'), 'CONFLICT');
        await t.store.unmergeEntity(alice, p2);
        const reopened = await t.store.getDuplicateCandidate(pair.id);
        assert.deepEqual([reopened?.status, reopened?.decidedBy, reopened?.decidedAt], ['open', null, null]);
        assert.equal((await t.store.getEntity(p2))?.id, p2);
        const actions = (await t.store.listJournal({ entityId: p2 }, {})).items.map((e) => e.action);
        for (const action of ['duplicate.propose', 'duplicate.merged', 'entity.merge', 'entity.unmerge', 'duplicate.open']) assert.ok(actions.includes(action), action);
      });

      it('refuses to merge across cases but records them as the same subject, and reopens that judgement', async () => {
        const pair = await find(p1, q1);
        await rejects(t.store.decideDuplicate(alice, pair.id, 'merged'), 'CONFLICT', ['status', 'cross-case']);
        assert.equal((await t.store.getEntity(q1))?.id, q1);
        assert.equal((await t.store.decideDuplicate(alice, pair.id, 'same')).status, 'same');
        assert.equal((await t.store.decideDuplicate(alice, pair.id, 'open')).status, 'open');
        await rejects(t.store.decideDuplicate(alice, 'dc_missing', 'same'), 'NOT_FOUND');
      });

      it('lists a pair only when both its cases are visible', async () => {
        assert.equal((await t.store.listDuplicateCandidates({ caseIds: [caseA] }, {})).items.length, 2);
        assert.equal((await t.store.listDuplicateCandidates({ caseIds: [caseA, caseB] }, {})).items.length, 3);
        assert.equal((await t.store.listDuplicateCandidates({ caseIds: [caseB] }, {})).items.length, 0);
        assert.deepEqual((await t.store.listDuplicateCandidates({ caseIds: [caseA, caseB], status: 'rejected' }, {})).items.map((c) => c.bId), [p3]);
      });

      it('refuses a self-pair, an unknown entity or a score out of range', async () => {
        await rejects(t.store.recordDuplicateCandidates(system, [propose(p1, p1, 0.9)]), 'VALIDATION_FAILED');
        await rejects(t.store.recordDuplicateCandidates(system, [propose(p1, 'syn-missing', 0.9)]), 'NOT_FOUND');
        await rejects(t.store.recordDuplicateCandidates(system, [propose(p1, p3, 1.5)]), 'VALIDATION_FAILED');
        assert.equal(await t.store.recordDuplicateCandidates(system, []), 0);
      });
    });

    it('keeps the journal verifiable after all of it', async () => {
      assert.equal((await t.store.verifyJournal()).ok, true);
    });
  });
}
