/**
 * The ledger API as a client uses it: fetch the verifier key and the latest checkpoint, check the
 * signature, fetch an entry and its inclusion proof and verify them offline, have a new
 * checkpoint signed and check it extends the old one. Bad sizes are 400s that say why; a
 * rewritten tile makes signing a 409 that signs nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import {
  generateNoteKeys, hashLeaf, openLedgerSigning, openNote, parseCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion,
} from '@ariadne/ledger';
import { as, backends, openTestApp, system, type Signed, type TestApp } from './helpers.ts';

const ORIGIN = 'ariadne.test/api-ledger';
const h = (hex: string) => Buffer.from(hex, 'hex');

for (const backend of backends) {
  describe(`ledger API (${backend})`, () => {
    let t: TestApp;
    let analyst: Signed;
    let auditor: Signed;
    before(async () => {
      const ledgerSigning = await openLedgerSigning({ signerKey: generateNoteKeys(ORIGIN).skey, origin: ORIGIN, keyFile: null, instanceId: async () => 'unused' });
      t = await openTestApp(backend, { ledgerSigning });
      analyst = await t.signIn('analyst');
      auditor = await t.signIn('auditor');
    });
    after(async () => t.close());

    const get = async (url: string, who: Signed = analyst) => t.app.inject({ method: 'GET', url, headers: as(who) });

    test('a client checks the signed checkpoint, an entry and its inclusion proof offline', async () => {
      const key = (await get('/api/ledger/key')).json();
      assert.equal(key.origin, ORIGIN);
      const verifier = parseVerifierKey(key.verifierKey);
      const cp = (await get('/api/ledger/checkpoint')).json();
      assert.ok(cp.size >= 1, 'the server signed when it started');
      const opened = openNote(cp.note, [verifier]);
      assert.ok(opened.ok);
      const body = parseCheckpoint(opened.text)!;
      assert.deepEqual([body.origin, body.size, body.root.toString('hex')], [ORIGIN, cp.size, cp.root]);

      assert.equal((await get('/api/ledger/entries/1')).statusCode, 403, 'an entry names actors and cases: journal readers only');
      const entry = (await get('/api/ledger/entries/1', auditor)).json();
      assert.equal(entry.index, 0);
      assert.equal(hashLeaf(Buffer.from(entry.entry, 'utf8')).toString('hex'), entry.leafHash);
      assert.match(entry.entry, /^\[1,1,"/);
      const proof = (await get(`/api/ledger/proof/inclusion?seq=1&size=${cp.size}`)).json();
      assert.deepEqual([proof.index, proof.size, proof.root, proof.leafHash], [0, cp.size, cp.root, entry.leafHash]);
      assert.ok(verifyInclusion({ leafHash: hashLeaf(Buffer.from(entry.entry, 'utf8')), index: 0, size: cp.size, root: body.root }, proof.proof.map(h)));
    });

    test('signs on demand, and the new checkpoint provably extends the old one', async () => {
      const old = (await get('/api/ledger/checkpoint')).json();
      for (let i = 0; i < 3; i++) await t.store.appendJournal(system, { action: 'test.ledger-api' });
      const res = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoint', headers: as(auditor) });
      assert.equal(res.statusCode, 200, res.body);
      const now = res.json();
      assert.ok(now.size >= old.size + 3);
      const c = (await get(`/api/ledger/proof/consistency?from=${old.size}&to=${now.size}`)).json();
      assert.deepEqual([c.size1, c.size2, c.root1, c.root2], [old.size, now.size, old.root, now.root]);
      assert.ok(verifyConsistency({ size1: old.size, size2: now.size }, { root1: h(old.root), root2: h(now.root) }, c.proof.map(h)));
      const again = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoint', headers: as(auditor) });
      assert.deepEqual(again.json(), now, 'nothing grew: the same checkpoint');
      const latest = (await get('/api/ledger/proof/inclusion?seq=2')).json();
      assert.ok(latest.size >= now.size, 'without size: the whole tree');
    });

    test('answers impossible sizes and malformed numbers with a 400 that says why', async () => {
      const size = (await get('/api/ledger/checkpoint')).json().size as number;
      const tree = (await get('/api/ledger/proof/inclusion?seq=1')).json().size as number;
      const cases: [string, RegExp][] = [
        [`/api/ledger/proof/inclusion?seq=1&size=${tree + 5}`, new RegExp(`size ${tree + 5} is beyond the tree, which holds ${tree} entries`)],
        [`/api/ledger/proof/inclusion?seq=${size + 1}&size=${size}`, new RegExp(`Entry ${size + 1} \\(leaf ${size}\\) is not in the tree of ${size} entries`)],
        ['/api/ledger/proof/inclusion?seq=0', /seq counts from 1/],
        [`/api/ledger/proof/consistency?from=${size}&to=1`, new RegExp(`from ${size} is larger than to 1`)],
        ['/api/ledger/proof/consistency?from=0', /at least 1/],
        [`/api/ledger/proof/consistency?from=1&to=${tree + 1}`, /beyond the tree/],
        ['/api/ledger/proof/inclusion?seq=1e3', /request does not satisfy/],
        ['/api/ledger/proof/inclusion?seq=-1', /request does not satisfy/],
        ['/api/ledger/proof/inclusion?seq=99999999999999999999', /request does not satisfy/],
        ['/api/ledger/proof/inclusion?seq=9007199254740993', /request does not satisfy/],
        ['/api/ledger/proof/inclusion?seq=1&sneaky=1', /request does not satisfy/],
        ['/api/ledger/proof/inclusion', /request does not satisfy/],
        [`/api/ledger/proof/inclusion?seq=${'9'.repeat(5000)}`, /request does not satisfy/],
      ];
      for (const [url, detail] of cases) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
        assert.match(res.json().detail, detail, url);
      }
      assert.equal((await get('/api/ledger/entries/999999', auditor)).statusCode, 404);
      assert.equal((await get('/api/ledger/entries/0', auditor)).statusCode, 404);
      assert.equal((await get('/api/ledger/entries/abc', auditor)).statusCode, 400);
    });

    test('every role reads the log; signing needs ledger:sign', async () => {
      for (const role of ['investigator', 'caseworker', 'fiu_analyst', 'admin'] as const) {
        assert.equal((await get('/api/ledger/checkpoint', await t.signIn(role))).statusCode, 200, role);
      }
      const refused = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoint', headers: as(analyst) });
      assert.equal(refused.statusCode, 403);
    });

    test('refuses to sign over a rewritten tile: 409, the reason, and nothing signed', async () => {
      const before = (await get('/api/ledger/checkpoint')).json();
      const db = t.store.database.db;
      const { rows } = await sql<{ hashes: Buffer }>`select hashes from ledger_tiles where level = 0 and idx = 0`.execute(db);
      const forged = Buffer.from(rows[0]!.hashes);
      forged[0] = forged[0]! ^ 1;
      await sql`update ledger_tiles set hashes = ${forged} where level = 0 and idx = 0`.execute(db);
      await t.store.appendJournal(system, { action: 'test.after-forgery' });
      const res = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoint', headers: as(auditor) });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().code, 'LEDGER_INCONSISTENT');
      assert.match(res.json().detail, new RegExp(`Refusing to sign: the tree of \\d+ entries \\(root [0-9a-f]{64}\\) does not extend the checkpoint of ${before.size} entries`));
      assert.deepEqual((await get('/api/ledger/checkpoint')).json(), before);
      // put the leaf back (the tile has grown since)
      await sql`update ledger_tiles set hashes = overlay(hashes placing ${rows[0]!.hashes.subarray(0, 32)} from 1 for 32) where level = 0 and idx = 0`.execute(db);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoint', headers: as(auditor) })).statusCode, 200);
    });
  });
}

describe('a server without a ledger key', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp(backends[0] ?? 'pglite');
  });
  after(async () => t.close());

  test('serves proofs but no key and no signing', async () => {
    const admin = await t.signIn('admin');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ledger/proof/inclusion?seq=1', headers: as(admin) })).statusCode, 200);
    const key = await t.app.inject({ method: 'GET', url: '/api/ledger/key', headers: as(admin) });
    assert.equal(key.statusCode, 404);
    assert.match(key.json().detail, /no ledger key/);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoint', headers: as(admin) })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ledger/checkpoint', headers: as(admin) })).json().detail, 'No checkpoint has been signed yet.');
  });
});
