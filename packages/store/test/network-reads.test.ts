/**
 * `readNetworkEntities`: what a network is built from. On both backends (PGlite reads keyset
 * pages, the server path a binary COPY), so each test also checks that the two paths agree.
 *
 * The fixture, case A:
 *   Recruiter A (source ui) ──Payment pay-1 (import:ledger, amount re-stated by analyst-note)──▶ Person 17 (import:ledger)
 *   Person 17 dup (import:registry) merged into Person 17 → absent, its source joins Person 17's
 *   Deleted Person D (ui) deleted → absent; Victim profile V1 (sealed) → only with includeSealed
 *   Person "Q" (a name with quotes, a backslash and Arabic script, to check the decoding)
 * Case B: Person B1. Case C: empty. Case D: seven persons, for batch sizes.
 * Global (no case): Listed Person L (import:un-sc).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { NetworkReadQuery, NetworkSourceRow } from '../src/network-reads.ts';

async function readAll(t: OpenTestStore, query: NetworkReadQuery): Promise<{ batches: number[]; rows: Map<string, NetworkSourceRow> }> {
  const batches: number[] = [];
  const rows = new Map<string, NetworkSourceRow>();
  for await (const batch of t.store.readNetworkEntities(query)) {
    batches.push(batch.length);
    for (const row of batch) {
      assert.ok(!rows.has(row.id), `row ${row.id} read twice`);
      rows.set(row.id, row);
    }
  }
  return { batches, rows };
}

const ids = (rows: Map<string, NetworkSourceRow>) => [...rows.keys()].sort();

for (const backend of backends) {
  describe(`readNetworkEntities on ${backend}`, () => {
    let t: OpenTestStore;
    const caseA = 'net-case-a';
    const caseB = 'net-case-b';
    const caseC = 'net-case-c';
    const caseD = 'net-case-d';
    before(async () => {
      t = await openTestStore(backend);
      const s = t.store;
      for (const id of [caseA, caseB, caseC, caseD]) await s.createCase(system, { id, name: `Synthetic network ${id}` });
      await s.createEntity(system, { id: 'recruiter-a', caseId: caseA, schema: 'Person', properties: { name: ['Recruiter A'] } }, { source: 'ui' });
      await s.writeBatch(system, {
        caseId: caseA, importId: 'imp-ledger', source: 'import:ledger', entities: [
          { id: 'person-17', schema: 'Person', properties: { name: ['Person 17'], phone: ['+99955500017'] } },
          { id: 'pay-1', schema: 'Payment', properties: { payer: ['recruiter-a'], beneficiary: ['person-17'], amount: ['500'], date: ['2016-03-14'] } },
        ],
      });
      // the amount re-stated by an analyst: the import's amount statement is retracted, its payer
      // and beneficiary statements stay, so the payment has two live sources
      await s.updateEntity(system, 'pay-1', { amount: ['550'] }, { source: 'analyst-note' });
      await s.createEntity(system, { id: 'person-17-dup', caseId: caseA, schema: 'Person', properties: { name: ['Person 17'], nationality: ['iq'] } }, { source: 'import:registry' });
      await s.mergeEntities(system, 'person-17', ['person-17-dup']);
      await s.createEntity(system, { id: 'deleted-d', caseId: caseA, schema: 'Person', properties: { name: ['Deleted Person D'] } }, { source: 'ui' });
      await s.deleteEntity(system, 'deleted-d');
      await s.createEntity(system, { id: 'victim-v1', caseId: caseA, schema: 'VictimProfile', properties: { pseudonym: ['Victim V1'], person: ['person-17'] } }, { source: 'ui' });
      await s.createEntity(system, { id: 'person-q', caseId: caseA, schema: 'Person', properties: { name: ['Person "Q" \\ شخص'] } }, { source: 'ui' });
      await s.createEntity(system, { id: 'person-b1', caseId: caseB, schema: 'Person', properties: { name: ['Person B1'] } }, { source: 'ui' });
      await s.writeBatch(system, {
        caseId: caseD, importId: 'imp-d', source: 'import:d',
        entities: Array.from({ length: 7 }, (_, i) => ({ id: `d-${i}`, schema: 'Person', properties: { name: [`Person D${i}`] } })),
      });
      await s.createEntity(system, { id: 'listed-l', caseId: null, schema: 'Person', properties: { name: ['Listed Person L'] } }, { source: 'import:un-sc' });
    });
    after(() => t.close());

    it('reads the live entities of a case with their properties', async () => {
      const { rows, batches } = await readAll(t, { caseIds: [caseA], includeSealed: false });
      // merged-away person-17-dup, deleted-d and the sealed victim-v1 are left out; B, D and global too
      assert.deepEqual(ids(rows), ['pay-1', 'person-17', 'person-q', 'recruiter-a']);
      assert.deepEqual(batches, [4]);
      const payment = rows.get('pay-1')!;
      assert.equal(payment.schema, 'Payment');
      assert.equal(payment.caseId, caseA);
      assert.equal(payment.sealed, false);
      assert.deepEqual(payment.properties, { amount: ['550'], beneficiary: ['person-17'], date: ['2016-03-14'], payer: ['recruiter-a'] });
      assert.deepEqual(rows.get('person-q')!.properties, { name: ['Person "Q" \\ شخص'] });
    });

    it('aggregates the distinct sources of live statements, merge members included', async () => {
      const { rows } = await readAll(t, { caseIds: [caseA], includeSealed: false });
      // pay-1: payer, beneficiary and date from the import (amount retracted), amount from the note
      assert.deepEqual(rows.get('pay-1')!.sources, ['analyst-note', 'import:ledger']);
      // person-17: its own import statements and those of the merged duplicate
      assert.deepEqual(rows.get('person-17')!.sources, ['import:ledger', 'import:registry']);
      assert.deepEqual(rows.get('person-17')!.properties, { name: ['Person 17'], nationality: ['iq'], phone: ['+99955500017'] });
      assert.deepEqual(rows.get('recruiter-a')!.sources, ['ui']);
    });

    it('leaves sealed entities out unless asked', async () => {
      const { rows } = await readAll(t, { caseIds: [caseA], includeSealed: true });
      assert.deepEqual(ids(rows), ['pay-1', 'person-17', 'person-q', 'recruiter-a', 'victim-v1']);
      const victim = rows.get('victim-v1')!;
      assert.equal(victim.sealed, true);
      assert.deepEqual(victim.properties.person, ['person-17']);
    });

    it('adds the global data only with includeGlobal, and reads it alone with caseIds null', async () => {
      assert.deepEqual(ids((await readAll(t, { caseIds: [caseB], includeSealed: false })).rows), ['person-b1']);
      const withGlobal = await readAll(t, { caseIds: [caseB], includeGlobal: true, includeSealed: false });
      assert.deepEqual(ids(withGlobal.rows), ['listed-l', 'person-b1']);
      assert.equal(withGlobal.rows.get('listed-l')!.caseId, null);
      assert.deepEqual(withGlobal.rows.get('listed-l')!.sources, ['import:un-sc']);
      assert.deepEqual(ids((await readAll(t, { caseIds: null, includeSealed: false })).rows), ['listed-l']);
      assert.deepEqual(ids((await readAll(t, { caseIds: [caseA, caseB], includeSealed: false })).rows), ['pay-1', 'person-17', 'person-b1', 'person-q', 'recruiter-a']);
    });

    it('filters by schema', async () => {
      assert.deepEqual(ids((await readAll(t, { caseIds: [caseA], schemata: ['Payment'], includeSealed: false })).rows), ['pay-1']);
      assert.deepEqual(ids((await readAll(t, { caseIds: [caseA], schemata: ['Payment', 'VictimProfile'], includeSealed: false })).rows), ['pay-1']);
      assert.deepEqual((await readAll(t, { caseIds: [caseA], schemata: [], includeSealed: false })).batches, []);
    });

    it('yields full batches of the requested size, across cases, and only the last one short', async () => {
      // case D has 7 persons: 3 + 3 + 1
      assert.deepEqual((await readAll(t, { caseIds: [caseD], batchSize: 3, includeSealed: false })).batches, [3, 3, 1]);
      // A (4 rows) + D (7) + global (1) = 12 rows: batches fill across the case boundaries
      const all = await readAll(t, { caseIds: [caseD, caseA], includeGlobal: true, batchSize: 5, includeSealed: false });
      assert.deepEqual(all.batches, [5, 5, 2]);
      assert.equal(all.rows.size, 12);
      assert.deepEqual((await readAll(t, { caseIds: [caseD], batchSize: 7, includeSealed: false })).batches, [7]);
    });

    it('reads nothing for an empty case, an unknown or hostile case id, or no cases', async () => {
      assert.deepEqual((await readAll(t, { caseIds: [caseC], includeSealed: true })).batches, []);
      assert.deepEqual((await readAll(t, { caseIds: ['no-such-case'], includeSealed: true })).batches, []);
      assert.deepEqual((await readAll(t, { caseIds: [], includeSealed: true })).batches, []);
      // ids and schema names reach the server's COPY as quoted literals: a quote cannot break out
      assert.deepEqual((await readAll(t, { caseIds: ["net-case-a' or 'x' = 'x"], includeSealed: true })).batches, []);
      assert.deepEqual((await readAll(t, { caseIds: [caseA], schemata: ["Person') or ('x' = 'x"], includeSealed: true })).batches, []);
    });

    it('refuses a batch size out of range', () => {
      for (const batchSize of [0, -1, 1.5, 100_001, Number.NaN]) {
        assert.throws(() => t.store.readNetworkEntities({ caseIds: [caseA], includeSealed: false, batchSize }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
      }
    });

    it('reads a hub with 20,000 relations in full batches, and stops mid-stream when asked', async () => {
      const caseHub = 'net-case-hub';
      await t.store.createCase(system, { id: caseHub, name: 'Synthetic call-centre hub' });
      const relations = Array.from({ length: 20_000 }, (_, i) => ({
        id: `call-${i}`, schema: 'Call', properties: { caller: ['hub-number'], receiver: [`caller-${i % 50}`], date: ['2017-05-01'] },
      }));
      const people = [{ id: 'hub-number', schema: 'Person', properties: { name: ['Call-centre hub'] } },
        ...Array.from({ length: 50 }, (_, i) => ({ id: `caller-${i}`, schema: 'Person', properties: { name: [`Person ${i}`] } }))];
      for (let i = 0; i < relations.length; i += 5000) {
        await t.store.writeBatch(system, { caseId: caseHub, importId: `imp-hub-${i}`, source: 'import:cdr', entities: relations.slice(i, i + 5000) });
      }
      await t.store.writeBatch(system, { caseId: caseHub, importId: 'imp-hub-people', source: 'import:cdr', entities: people });
      // 20,051 rows in batches of 4,096: four full ones and 3,667
      const all = await readAll(t, { caseIds: [caseHub], batchSize: 4096, includeSealed: false });
      assert.deepEqual(all.batches, [4096, 4096, 4096, 4096, 3667]);
      assert.deepEqual(all.rows.get('call-19999')!.properties.caller, ['hub-number']);
      assert.deepEqual(all.rows.get('call-19999')!.sources, ['import:cdr']);
      // a consumer that stops after the first batch (a cancelled job): on a server the COPY is
      // still streaming (megabytes, more than the socket buffers) and must be abandoned
      let seen = 0;
      for await (const batch of t.store.readNetworkEntities({ caseIds: [caseHub], batchSize: 1000, includeSealed: false })) {
        seen += batch.length;
        break;
      }
      assert.equal(seen, 1000);
    });

    it('stops cleanly when the consumer stops early, and the store stays usable', async () => {
      for await (const batch of t.store.readNetworkEntities({ caseIds: [caseD], batchSize: 1, includeSealed: false })) {
        assert.equal(batch.length, 1);
        break;
      }
      // on PGlite the single connection must be free again
      assert.equal((await t.store.getEntity('d-0'))?.id, 'd-0');
      assert.equal((await readAll(t, { caseIds: [caseD], includeSealed: false })).rows.size, 7);
      // on a server the COPY's own connection is gone (its backend exits a moment after the close)
      let open = 1;
      for (let i = 0; i < 50 && open > 0; i++) {
        const { rows } = await t.store.database.executeSql(`select count(*)::int as n from pg_stat_activity where application_name = 'ariadne-network-read'`);
        open = (rows[0] as { n: number } | undefined)?.n ?? 0;
        if (open > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(open, 0);
    });
  });
}
