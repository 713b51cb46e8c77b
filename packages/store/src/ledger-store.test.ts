/**
 * The journal as a signed Merkle log, on PGlite and on PostgreSQL: every append grows the tiles
 * in its transaction; roots and proofs from the tiles verify against the journal's own leaves;
 * checkpoints are signed only over a tree that extends the last one, and a tile rewritten with
 * SQL is caught both by `verifyJournal` and by the signer's refusal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import {
  appendLeaves, generateNoteKeys, hashLeaf, openNote, parseCheckpoint, parseSignerKey, parseVerifierKey, rootOf, tileKey,
  verifyConsistency, verifyInclusion,
} from '@ariadne/ledger';
import { isAriadneError } from '@ariadne/schema';
import { loadModel } from '@ariadne/schema';
import { createStore, type OpenedStore } from './create-store.ts';
import { storeModelOf } from './schema-model.ts';
import { createTestBackend, testBackendNames, type TestBackend } from './testing.ts';
import { appendJournalEntries } from './journal-store.ts';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import * as initial from './migrations/0001-initial.ts';
import { canonicalJournalEntry, GENESIS_CHAIN_HASH, journalChainHash, journalLeafHash } from './journal-hash.ts';
import { verifyLedgerTiles } from './ledger-verify.ts';
import { backfillLedgerTiles } from './ledger-backfill.ts';
import { Checkpointer } from './ledger-checkpointer.ts';
import type { Actor } from './types.ts';

const actor: Actor = { kind: 'system', id: 'ledger-test' };
const model = storeModelOf(loadModel());
const ORIGIN = 'ariadne.test/ledger';
const signer = parseSignerKey(generateNoteKeys(ORIGIN).skey);
const h = (hex: string) => Buffer.from(hex, 'hex');
const refusedAs = (code: string, pattern: RegExp) => (e: unknown) => isAriadneError(e) && e.code === code && pattern.test(e.message);

async function openStore(backend: TestBackend): Promise<OpenedStore> {
  return createStore({ ...backend.options, model });
}

/** appends `count` synthetic entries in transactions of `per` */
async function append(store: OpenedStore, count: number, per: number): Promise<void> {
  for (let done = 0; done < count; done += per) {
    const n = Math.min(per, count - done);
    await store.database.db.transaction().execute((tx) => appendJournalEntries(tx, actor, new Date('2026-01-02T03:04:05Z'),
      Array.from({ length: n }, (_, i) => ({ action: 'test.synthetic', entityId: `synthetic-${done + i}` }))));
  }
}

async function leafHashes(store: OpenedStore): Promise<Buffer[]> {
  const rows = await store.database.db.selectFrom('journal').select('leaf_hash').orderBy('seq').execute();
  return rows.map((r) => h(r.leaf_hash));
}

async function storedTiles(store: OpenedStore): Promise<Map<string, Buffer>> {
  const rows = await store.database.db.selectFrom('ledger_tiles').selectAll().execute();
  return new Map(rows.map((r) => [tileKey({ level: r.level, index: Number(r.idx) }), r.hashes]));
}

for (const name of testBackendNames()) {
  describe(`the journal's Merkle log on ${name}`, () => {
    let backend: TestBackend;
    let store: OpenedStore;
    before(async () => {
      backend = await createTestBackend(name);
      store = await openStore(backend);
    });
    after(async () => {
      await store.close();
      await backend.drop();
    });

    it('grows the tiles with every append, exactly as the tiles built at once', async () => {
      await store.createCase(actor, { name: 'Synthetic ledger case' });
      await append(store, 300, 100);
      await append(store, 5, 1);
      await append(store, 262, 131); // 568 entries: two full level-0 tiles and a partial one
      const leaves = await leafHashes(store);
      assert.equal(leaves.length, 568);
      assert.equal(await store.ledgerSize(), 568);
      const expected = new Map(appendLeaves(0, new Map(), leaves).map((t) => [tileKey(t), t.hashes]));
      assert.deepEqual(await storedTiles(store), expected);
      assert.deepEqual(await store.ledgerRoot(), { size: 568, root: rootOf(leaves).toString('hex') });
      assert.equal((await store.ledgerRoot(300)).root, rootOf(leaves.slice(0, 300)).toString('hex'));
    });

    it('proves every entry\'s inclusion and every growth, against the root of the journal\'s leaves', async () => {
      const leaves = await leafHashes(store);
      for (const size of [1, 2, 255, 256, 257, 300, 568]) {
        const root = rootOf(leaves.slice(0, size));
        for (const seq of new Set([1, Math.min(2, size), Math.ceil(size / 2), size])) {
          const p = await store.inclusionProof({ seq }, size);
          assert.equal(p.index, seq - 1);
          assert.equal(p.root, root.toString('hex'));
          const entry = await store.journalEntryBySeq(seq);
          assert.ok(entry);
          assert.equal(hashLeaf(entry.entry).toString('hex'), p.leafHash, 'the canonical bytes hash to the leaf');
          assert.ok(verifyInclusion({ leafHash: hashLeaf(entry.entry), index: p.index, size, root }, p.proof.map(h)), `seq ${seq} in ${size}`);
        }
        for (const from of [1, 100, size]) {
          if (from > size) continue;
          const c = await store.consistencyProof(from, size);
          assert.equal(c.root1, rootOf(leaves.slice(0, from)).toString('hex'));
          assert.ok(verifyConsistency({ size1: from, size2: size }, { root1: h(c.root1), root2: root }, c.proof.map(h)), `${from} → ${size}`);
        }
      }
      assert.deepEqual(await store.inclusionProof({ index: 567 }), await store.inclusionProof({ seq: 568 }, 568));
      assert.equal(await store.journalEntryBySeq(569), null);
      assert.equal(await store.journalEntryBySeq(0), null);
    });

    it('refuses sizes beyond the tree, entries outside it and proofs backwards, naming the tree\'s size', async () => {
      const bad = (pattern: RegExp) => refusedAs('VALIDATION_FAILED', pattern);
      await assert.rejects(store.ledgerRoot(569), bad(/size 569 is beyond the tree, which holds 568 entries/));
      await assert.rejects(store.inclusionProof({ seq: 569 }), bad(/Entry 569 \(leaf 568\) is not in the tree of 568 entries/));
      await assert.rejects(store.inclusionProof({ seq: 10 }, 9), bad(/not in the tree of 9 entries/));
      await assert.rejects(store.inclusionProof({ seq: 0 }), bad(/seq counts from 1/));
      await assert.rejects(store.inclusionProof({ index: 1.5 }), bad(/whole number/));
      await assert.rejects(store.consistencyProof(10, 5), bad(/from 10 is larger than to 5/));
      await assert.rejects(store.consistencyProof(0, 5), bad(/at least 1/));
      await assert.rejects(store.consistencyProof(1, 2 ** 40), bad(/beyond the tree/));
      await assert.rejects(store.consistencyProof(Number.NaN), bad(/whole number/));
    });

    it('signs checkpoints that extend each other, and returns the last one while the tree has not grown', async () => {
      assert.equal(await store.latestCheckpoint(), null);
      const first = await store.signCheckpoint({ signer, origin: ORIGIN });
      assert.ok(first);
      assert.equal(first.size, 568);
      const opened = openNote(first.note, [parseVerifierKey(generateNoteKeys(ORIGIN).vkey), signer]);
      assert.ok(opened.ok);
      const body = parseCheckpoint(opened.text)!;
      assert.equal(body.origin, ORIGIN);
      assert.equal(body.root.toString('hex'), first.root);
      assert.deepEqual(await store.signCheckpoint({ signer, origin: ORIGIN }), first, 'nothing new to sign');

      await append(store, 40, 20);
      const second = await store.signCheckpoint({ signer, origin: ORIGIN });
      assert.equal(second?.size, 608);
      const proof = await store.consistencyProof(first.size, second.size);
      assert.ok(verifyConsistency({ size1: 568, size2: 608 }, { root1: h(first.root), root2: h(second.root) }, proof.proof.map(h)));
      assert.deepEqual((await store.latestCheckpoint())?.size, 608);
      assert.deepEqual((await store.checkpointAtLeast(100))?.size, 568);
      assert.deepEqual((await store.checkpointAtLeast(569))?.size, 608);
      assert.equal(await store.checkpointAtLeast(609), null);
      await assert.rejects(sql`update ledger_checkpoints set root = ${'0'.repeat(64)}`.execute(store.database.db), /append-only/);
      await assert.rejects(sql`delete from ledger_checkpoints`.execute(store.database.db), /append-only/);
    });

    it('refuses to sign under another key or another origin, unless the old key is trusted', async () => {
      await append(store, 1, 1);
      const other = parseSignerKey(generateNoteKeys(ORIGIN).skey);
      await assert.rejects(store.signCheckpoint({ signer: other, origin: ORIGIN }), refusedAs('LEDGER_INCONSISTENT', /does not verify under this log's key/));
      await assert.rejects(store.signCheckpoint({ signer, origin: 'ariadne.test/another' }), refusedAs('LEDGER_INCONSISTENT', /names the log "ariadne.test\/ledger"/));
      const rotated = await store.signCheckpoint({ signer: other, origin: ORIGIN, trusted: [signer] });
      assert.equal(rotated?.size, 609);
      await append(store, 1, 1);
      assert.equal((await store.signCheckpoint({ signer, origin: ORIGIN, trusted: [other] }))?.size, 610);
    });

    it('tells listeners after the append commits, never for one rolled back', async () => {
      const seen: number[] = [];
      const stop = store.onJournalAppended((size) => seen.push(size));
      await store.appendJournal(actor, { action: 'test.listener' });
      await assert.rejects(store.database.db.transaction().execute(async (tx) => {
        await appendJournalEntries(tx, actor, new Date(), [{ action: 'test.rolled-back' }]);
        throw new Error('synthetic failure');
      }));
      await store.createCase(actor, { name: 'Synthetic case two' });
      stop();
      await store.appendJournal(actor, { action: 'test.unheard' });
      assert.deepEqual(seen, [611, 612]);
    });

    it('keeps checkpoints coming: every N entries and every M seconds, one signing at a time', async () => {
      const signed: number[] = [];
      const errors: unknown[] = [];
      const checkpointer = new Checkpointer({
        store, signer, origin: ORIGIN, everyEntries: 5, everySeconds: 3600,
        onSigned: (c) => signed.push(c.size), onError: (e) => errors.push(e),
      });
      await checkpointer.start(); // signs what grew while nobody watched
      assert.deepEqual(signed, [613]);
      for (let i = 0; i < 4; i++) await store.appendJournal(actor, { action: 'test.quiet' });
      await checkpointer.signNow().then(() => undefined); // let any nudge finish
      assert.deepEqual(signed, [613, 617], 'signNow signs what grew');
      for (let i = 0; i < 5; i++) await store.appendJournal(actor, { action: 'test.nudge' });
      await waitFor(() => signed.length === 3);
      assert.deepEqual(signed, [613, 617, 622]);
      await checkpointer.stop();
      await store.appendJournal(actor, { action: 'test.after-stop' });
      for (let i = 0; i < 5; i++) await store.appendJournal(actor, { action: 'test.after-stop' });
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(signed, [613, 617, 622], 'stopped: no more signing');
      assert.deepEqual(errors, []);

      const timed = new Checkpointer({ store, signer, origin: ORIGIN, everyEntries: 1_000_000, everySeconds: 0.05, onSigned: (c) => signed.push(c.size) });
      await timed.start();
      await store.appendJournal(actor, { action: 'test.timer' });
      await waitFor(() => signed.at(-1) === 629);
      await timed.stop();
      assert.throws(() => new Checkpointer({ store, signer, origin: ORIGIN, everyEntries: 0, everySeconds: 1 }), RangeError);
    });

    it('verifies the tiles against the journal, rebuilds them from it, and refuses to sign rewritten history', async () => {
      const db = store.database.db;
      const leaves = await leafHashes(store);
      assert.equal((await store.verifyJournal()).ok, true);

      // the migration's backfill rebuilds what the appends built, in small pages too
      await sql`delete from ledger_tiles`.execute(db);
      assert.match((await store.verifyJournal()).reason ?? '', /the ledger's tiles hold 0 leaves but the journal has 629 entries/);
      assert.equal(await backfillLedgerTiles(db, 7), 629);
      assert.deepEqual(await storedTiles(store), new Map(appendLeaves(0, new Map(), leaves).map((t) => [tileKey(t), t.hashes])));
      assert.equal((await store.verifyJournal()).ok, true);

      // rewrite leaf 300 (entry 301) in its full tile: the journal no longer matches it
      const full = (await storedTiles(store)).get('0/1')!;
      await sql`update ledger_tiles set hashes = ${flipByte(full, 44 * 32)} where level = 0 and idx = 1`.execute(db);
      const v = await store.verifyJournal();
      assert.equal(v.ok, false);
      assert.equal(v.firstBadSeq, 301);
      assert.match(v.reason ?? '', /ledger tile 0\/1 holds a different hash at position 44: it does not match journal entry 301/);
      await sql`update ledger_tiles set hashes = ${full} where level = 0 and idx = 1`.execute(db);

      // rewrite entry 523 in the right-edge tile, under the last checkpoint: its tree changes
      const edge = (await storedTiles(store)).get('0/2')!;
      await sql`update ledger_tiles set hashes = ${flipByte(edge, 10 * 32)} where level = 0 and idx = 2`.execute(db);
      assert.match((await store.verifyJournal()).reason ?? '', /ledger tile 0\/2 holds a different hash at position 10: it does not match journal entry 523/);
      await store.appendJournal(actor, { action: 'test.after-forgery' }); // appends still work on the right edge
      const before = await store.latestCheckpoint();
      await assert.rejects(store.signCheckpoint({ signer, origin: ORIGIN }),
        refusedAs('LEDGER_INCONSISTENT', /the tree of 630 entries \(root [0-9a-f]{64}\) does not extend the checkpoint of 629 entries/));
      assert.deepEqual(await store.latestCheckpoint(), before, 'nothing signed');
      const repaired = Buffer.concat([edge, (await storedTiles(store)).get('0/2')!.subarray(edge.length)]);
      await sql`update ledger_tiles set hashes = ${repaired} where level = 0 and idx = 2`.execute(db);

      // a hash above the leaves: named by the entries it covers
      assert.equal((await store.verifyJournal()).ok, true);
      await sql`update ledger_tiles set hashes = ${Buffer.alloc(64, 7)} where level = 1 and idx = 0`.execute(db);
      const high = await store.verifyJournal();
      assert.equal(high.firstBadSeq, 1);
      assert.match(high.reason ?? '', /ledger tile 1\/0 holds a different hash at position 0: it does not match the tree over journal entries 1–256/);
      await assert.rejects(store.signCheckpoint({ signer, origin: ORIGIN }), refusedAs('LEDGER_INCONSISTENT', /does not extend/));

      // a right-edge tile cut short: appends refuse rather than build on it
      await sql`update ledger_tiles set width = 1, hashes = substring(hashes from 1 for 32) where level = 0 and width < 256`.execute(db);
      await assert.rejects(store.appendJournal(actor, { action: 'test.refused' }), refusedAs('LEDGER_INCONSISTENT', /tiles do not match the journal of 630 entries \(the right-edge tile 0\/2 does not hold 118 hashes\)/));
    });
  });
}

for (const name of testBackendNames()) {
  describe(`the ledger's migration and the batched journal insert on ${name}`, () => {
    let backend: TestBackend;
    let fresh: OpenedStore;
    before(async () => {
      backend = await createTestBackend(name);
      fresh = await openStore(backend);
    });
    after(async () => {
      await fresh.close();
      await backend.drop();
    });

    it('keeps hostile text in journal fields byte for byte through the batched insert', async () => {
      const hostile = ['quote " and \\ backslash', '{braces,commas}', 'NULL', '', 'ملف «اختبار»', 'line\nbreak\ttab', `${'x'.repeat(5000)}`];
      const before = await fresh.ledgerSize();
      await fresh.database.db.transaction().execute((tx) => appendJournalEntries(tx, actor, new Date(), hostile.map((action, i) => ({ action, caseId: i % 2 ? null : action, contentHash: 'NULL' }))));
      const rows = await fresh.database.db.selectFrom('journal').select(['action', 'case_id', 'content_hash']).where('seq', '>', before).orderBy('seq').execute();
      assert.deepEqual(rows.map((r) => r.action), hostile);
      assert.deepEqual(rows.map((r) => r.case_id), hostile.map((a, i) => (i % 2 ? null : a)));
      assert.ok(rows.every((r) => r.content_hash === 'NULL'));
      assert.equal((await fresh.verifyJournal()).ok, true);
      assert.equal(await fresh.ledgerSize(), before + hostile.length);
    });

    it('builds the tiles of a journal written before the ledger existed', async () => {
      const old = await createTestBackend(name);
      const db = await openDatabase(old.options);
      try {
        // the database as it was before migration 0002, with 600 entries written the old way
        const before = new Migrator({
          db: db.db, provider: { getMigrations: async () => ({ '0001-initial': initial }) },
          migrationTableName: 'ariadne_migrations', migrationLockTableName: 'ariadne_migrations_lock',
        });
        assert.equal((await before.migrateToLatest()).error, undefined);
        let chain = GENESIS_CHAIN_HASH;
        const rows = Array.from({ length: 600 }, (_, i) => {
          const fields = { seq: i + 1, at: new Date('2025-06-01T00:00:00Z'), actor: 'system:old', action: 'test.before-ledger', caseId: null, entityId: `synthetic-${i}`, importId: null, contentHash: null };
          const leaf = journalLeafHash(canonicalJournalEntry(fields));
          chain = journalChainHash(chain, leaf);
          return { seq: fields.seq, at: fields.at, actor: fields.actor, action: fields.action, case_id: null, entity_id: fields.entityId, import_id: null, content_hash: null, leaf_hash: leaf, chain_hash: chain };
        });
        await db.db.insertInto('journal').values(rows).execute();
        assert.ok((await migrateToLatest(db.db as never)).includes('0002-ledger'));
        assert.deepEqual(await verifyLedgerTiles(db.db, 600), { ok: true, root: rootOf(rows.map((r) => h(r.leaf_hash))).toString('hex') });
        const instance = await db.db.selectFrom('ledger_settings').select('value').executeTakeFirstOrThrow();
        assert.match(instance.value, /^[0-9a-f-]{36}$/);
      } finally {
        await db.close();
        await old.drop();
      }
    });
  });
}

function flipByte(hashes: Buffer, at: number): Buffer {
  const out = Buffer.from(hashes);
  out[at] = out[at]! ^ 0xff;
  return out;
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
