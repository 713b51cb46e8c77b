/**
 * The financial-intelligence part of the store, on PGlite and on PostgreSQL: transaction data sets
 * with their KYC, alerts with their triage, and FIU cases. Every account, person and transaction
 * here is invented.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isAriadneError } from '@ariadne/schema';
import type { AccountRecord, TransactionRecord } from '@ariadne/finance';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { Actor } from '../src/types.ts';
import type { FinanceAlert, FinanceAlertInput, FinanceImportInput } from '../src/finance-types.ts';
import { contentHash } from '../src/journal-hash.ts';

const sha = (label: string) => createHash('sha256').update(label).digest('hex');
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const HOUR = 3_600_000;

/** a synthetic transfer: `TX-0001` … at T0 + n hours */
function tx(n: number, extra: Partial<TransactionRecord> = {}): TransactionRecord {
  return {
    id: `TX-${String(n).padStart(4, '0')}`, from: 'ACC-0001', to: 'ACC-0002', amount: 100 + n, amountText: `${100 + n}.00`,
    currency: 'EUR', timestamp: T0 + n * HOUR, kind: 'transfer', ...extra,
  };
}

function file(caseId: string, label: string, transactions: readonly TransactionRecord[], more: Partial<FinanceImportInput> = {}): FinanceImportInput {
  return { caseId, source: `/home/analyst/private/${label}.csv`, format: 'csv', sha256: sha(label), accounts: [], transactions, errors: [], ...more };
}

function alertOn(typology: string, transactions: readonly string[], score: number): FinanceAlertInput {
  return {
    typology, detectors: ['fan-in'], score, accounts: ['ACC-0002', 'ACC-0001'], transactions,
    explanation: `Synthetic ${typology}: ${transactions.length} transfers into one account.`,
    findings: [{ detector: 'fan-in', score, reason: 'synthetic: 3 senders in 24 h' }],
  };
}

async function rejects(promise: Promise<unknown>, code: string, detail?: [string, string | RegExp]): Promise<void> {
  await assert.rejects(promise, (error) => {
    if (!isAriadneError(error) || error.code !== code) return false;
    if (!detail) return true;
    const value = error.details?.[detail[0]];
    return typeof detail[1] === 'string' ? value === detail[1] : value !== undefined && detail[1].test(value);
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

for (const backend of backends) {
  describe(`finance store on ${backend}`, () => {
    let t: OpenTestStore;
    let alice: Actor;
    let bobId: string;
    let carolId: string;
    let caseA: string;
    let caseB: string;
    let person: string;
    let organization: string;
    let otherCasePerson: string;
    let address: string;
    const journalHead = async () => (await t.store.listJournal({}, { limit: 1 })).items[0]?.seq;

    before(async () => {
      // a clock that moves one second per reading: alerts raised by separate calls have distinct times
      let now = Date.UTC(2026, 1, 1);
      t = await openTestStore(backend, () => new Date((now += 1000)));
      alice = { kind: 'user', id: (await t.store.createUser(system, { username: 'fin.alice', displayName: 'Alice (synthetic)', roles: ['fiu_analyst'], passwordHash: 'x' })).id };
      bobId = (await t.store.createUser(system, { username: 'fin.bob', displayName: 'Bob (synthetic)', roles: ['fiu_analyst'], passwordHash: 'x' })).id;
      carolId = (await t.store.createUser(system, { username: 'fin.carol', displayName: 'Carol (synthetic)', roles: ['analyst'], passwordHash: 'x' })).id;
      await t.store.updateUser(system, carolId, { disabled: true });
      caseA = (await t.store.createCase(alice, { name: 'Synthetic finance case A' })).id;
      caseB = (await t.store.createCase(alice, { name: 'Synthetic finance case B' })).id;
      person = (await t.store.createEntity(alice, { caseId: caseA, schema: 'Person', properties: { name: ['Test Person 1'] } }, { source: 'ui' })).id;
      organization = (await t.store.createEntity(alice, { caseId: caseA, schema: 'Company', properties: { name: ['ACME Synthetic Ltd'] } }, { source: 'ui' })).id;
      address = (await t.store.createEntity(alice, { caseId: caseA, schema: 'Address', properties: { full: ['1 Synthetic Street'] } }, { source: 'ui' })).id;
      otherCasePerson = (await t.store.createEntity(alice, { caseId: caseB, schema: 'Person', properties: { name: ['Test Person 2'] } }, { source: 'ui' })).id;
    });
    after(() => t.close());

    describe('data sets', () => {
      let first: string;

      it('imports a file: transactions as given, the accounts\' KYC, the reader\'s errors, one journal entry with counts and the file hash', async () => {
        const full = tx(1, {
          rawType: 'PMNT-ICDT-ESCT', fromBank: 'SYNTDEFF', toBank: 'SYNTGB2L', fromCountry: 'DE', toCountry: 'GB', location: 'Synthville',
          merchantCategory: '7011', reference: 'Synthetic invoice 17', beneficiaryName: 'Test Person 1', amount: 1200.5, amountText: '1200.50',
        });
        const input = file(caseA, 'statement-1', [full, tx(2), tx(3, { kind: 'cash_deposit', from: '@cash' })], {
          accounts: [
            { id: 'ACC-0001', holderName: 'Test Person 1', kind: 'personal', city: 'Synthville' },
            { id: 'ACC-0002', holderName: 'ACME Synthetic Ltd', kind: 'business', businessType: 'restaurant' },
          ],
          errors: [{ record: '7', field: 'amount', message: 'the amount is not a number' }],
        });
        const { dataset, duplicates } = await t.store.importFinanceData(alice, input);
        first = dataset.id;
        assert.match(dataset.id, /^fd_/);
        assert.deepEqual(duplicates, []);
        assert.deepEqual(
          { caseId: dataset.caseId, source: dataset.source, format: dataset.format, transactions: dataset.transactions, accounts: dataset.accounts, errors: dataset.errors, importedBy: dataset.importedBy },
          // the local directories of the file are not stored
          { caseId: caseA, source: 'statement-1.csv', format: 'csv', transactions: 3, accounts: 2, errors: 1, importedBy: `user:${alice.id}` },
        );
        assert.deepEqual(await t.store.financeDatasetErrors(dataset.id), [{ record: '7', field: 'amount', message: 'the amount is not a number' }]);
        const stored = (await collect(t.store.readTransactions({ caseId: caseA }))).flat();
        assert.deepEqual(stored, [full, tx(2), tx(3, { kind: 'cash_deposit', from: '@cash' })]);
        const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
        assert.deepEqual([entry?.action, entry?.caseId, entry?.importId], ['finance.import', caseA, dataset.id]);
        assert.equal(entry?.contentHash, contentHash({ dataset: dataset.id, format: 'csv', sha256: sha('statement-1'), counts: { transactions: 3, accounts: 2, errors: 1, duplicates: 0 } }));
        assert.deepEqual((await t.store.listFinanceDatasets([caseA])).map((d) => d.id), [dataset.id]);
        assert.equal((await t.store.getFinanceDataset(dataset.id))?.transactions, 3);
      });

      it('refuses ids the case already holds (and an id the input repeats) as duplicates, and stores the rest', async () => {
        const { dataset, duplicates } = await t.store.importFinanceData(alice, file(caseA, 'statement-2', [tx(2), tx(4), tx(3), tx(5), tx(4, { amount: 999 })], {
          errors: [{ record: '2', message: 'the date has no zone offset' }],
        }));
        assert.deepEqual(duplicates, [
          { record: 'TX-0002', message: 'the case already holds a transaction with this id' },
          { record: 'TX-0003', message: 'the case already holds a transaction with this id' },
          { record: 'TX-0004', message: 'the input holds this transaction id more than once' },
        ]);
        assert.deepEqual({ transactions: dataset.transactions, errors: dataset.errors }, { transactions: 2, errors: 4 });
        // the reader's errors first, then the duplicates
        assert.deepEqual((await t.store.financeDatasetErrors(dataset.id)).map((e) => e.record), ['2', 'TX-0002', 'TX-0003', 'TX-0004']);
        const ids = (await collect(t.store.readTransactions({ caseId: caseA }))).flat().map((r) => r.id);
        assert.deepEqual(ids, ['TX-0001', 'TX-0002', 'TX-0003', 'TX-0004', 'TX-0005']);
        assert.equal((await t.store.getTransactions(caseA, ['TX-0004']))[0]?.amount, 104, 'the first record of a repeated id is the one stored');
        // another case holds its own transactions under the same references
        const other = await t.store.importFinanceData(alice, file(caseB, 'statement-b', [tx(1), tx(2)]));
        assert.deepEqual([other.dataset.transactions, other.duplicates.length], [2, 0]);
      });

      it('imports across insert statements: duplicates come back at their place in the input', async () => {
        const caseD = (await t.store.createCase(alice, { name: 'Synthetic finance case D' })).id;
        await t.store.importFinanceData(alice, file(caseD, 'chunks-1', [tx(1500), tx(2400), tx(10)]));
        // 2,600 records: three statements of 1,000, the held ids in the second and third, a repeat across the first and third
        const records = Array.from({ length: 2600 }, (_, i) => tx(i));
        records[2500] = tx(7, { amount: 1 });
        const { dataset, duplicates } = await t.store.importFinanceData(alice, file(caseD, 'chunks-2', records));
        assert.deepEqual(duplicates.map((d) => d.record), ['TX-0010', 'TX-1500', 'TX-2400', 'TX-0007']);
        assert.equal(duplicates[3]?.message, 'the input holds this transaction id more than once');
        assert.equal(dataset.transactions, 2600 - 4);
        const stored = (await collect(t.store.readTransactions({ caseId: caseD, batchSize: 1000 }))).flat();
        assert.equal(stored.length, 2599);
        assert.equal(stored.find((r) => r.id === 'TX-0007')?.amount, 107);
      });

      it('answers the same file imported into the case again with its data set, writing nothing', async () => {
        const head = await journalHead();
        const again = await t.store.importFinanceData(alice, file(caseA, 'statement-1', [tx(90)]));
        assert.equal(again.dataset.id, first);
        assert.deepEqual(again.duplicates, []);
        assert.equal(await journalHead(), head);
        assert.deepEqual(await t.store.getTransactions(caseA, ['TX-0090']), []);
        assert.equal((await t.store.listFinanceDatasets([caseA])).length, 2);
      });

      it('keeps the newest KYC of an account, field by field: an absent value or kind "unknown" erases nothing', async () => {
        await t.store.importFinanceData(alice, file(caseA, 'kyc-update', [], {
          accounts: [
            { id: 'ACC-0001', kind: 'unknown', bank: 'SYNTDEFF', country: 'DE' },
            { id: 'ACC-0001', city: 'Newtown' },
            { id: 'ACC-0003', customerId: 'CUST-01', kind: 'msb' },
          ],
        }));
        assert.deepEqual(await t.store.getAccounts(caseA, ['ACC-0003', 'ACC-0001', 'ACC-9999']), [
          { id: 'ACC-0001', holderName: 'Test Person 1', kind: 'personal', bank: 'SYNTDEFF', country: 'DE', city: 'Newtown' },
          { id: 'ACC-0003', customerId: 'CUST-01', kind: 'msb' },
        ]);
        assert.deepEqual((await t.store.readAccounts(caseA)).map((a: AccountRecord) => a.id), ['ACC-0001', 'ACC-0002', 'ACC-0003']);
        assert.deepEqual(await t.store.readAccounts(caseB), []);
      });

      it('rolls the whole import back when any part fails, and refuses a case that does not exist', async () => {
        const head = await journalHead();
        await rejects(t.store.importFinanceData(alice, file('case-missing', 'nowhere', [tx(60)])), 'NOT_FOUND', ['caseId', 'not found']);
        // a failure after the data set and its transactions were written: a trigger refuses one account
        const db = t.store.database.db;
        await sql`create function finance_test_fail() returns trigger language plpgsql as $$
          begin if new.id = 'ACC-FAIL' then raise exception 'synthetic failure'; end if; return new; end $$`.execute(db);
        await sql`create trigger finance_test_fail before insert on finance_accounts for each row execute function finance_test_fail()`.execute(db);
        try {
          await assert.rejects(t.store.importFinanceData(alice, file(caseA, 'half-written', [tx(61), tx(62)], {
            accounts: [{ id: 'ACC-0001', city: 'Elsewhere' }, { id: 'ACC-FAIL' }],
            errors: [{ record: '3', message: 'synthetic' }],
          })), /synthetic failure/);
        } finally {
          await sql`drop trigger finance_test_fail on finance_accounts`.execute(db);
          await sql`drop function finance_test_fail()`.execute(db);
        }
        assert.equal(await journalHead(), head);
        assert.deepEqual(await t.store.getTransactions(caseA, ['TX-0060', 'TX-0061', 'TX-0062']), []);
        assert.equal((await t.store.getAccounts(caseA, ['ACC-0001']))[0]?.city, 'Newtown');
        assert.equal((await t.store.listFinanceDatasets([caseA])).length, 3);
        // and the same file imports once the failure is gone
        const retried = await t.store.importFinanceData(alice, file(caseA, 'half-written', [tx(61), tx(62)]));
        assert.equal(retried.dataset.transactions, 2);
      });

      it('refuses malformed records as a whole, naming the record by position and never echoing its content', async () => {
        const bad: [Partial<TransactionRecord>, RegExp][] = [
          [{ amount: -5 }, /record 2: the amount/],
          [{ amount: Number.NaN }, /record 2: the amount/],
          [{ amountText: 'Test Person 1\n' }, /record 2: the amount text/],
          [{ currency: 'eur' }, /record 2: the currency/],
          [{ timestamp: Date.UTC(10000, 0, 1) }, /record 2: the time/],
          [{ kind: 'gift' as TransactionRecord['kind'] }, /record 2: the kind/],
          [{ id: 'TX-\u001b[31mred' }, /record 2: the id/],
          [{ to: '' }, /record 2: the receiving account/],
          [{ fromCountry: 'Germany', beneficiaryName: 'Test Person Secret' }, /record 2: the sending country/],
          [{ merchantCategory: '70111' }, /record 2: the merchant category/],
        ];
        for (const [extra, problem] of bad) {
          await assert.rejects(t.store.importFinanceData(alice, file(caseA, `bad-${JSON.stringify(extra)}`, [tx(70), tx(71, extra)])), (error) => {
            assert.ok(isAriadneError(error) && error.code === 'VALIDATION_FAILED');
            assert.match(error.details?.transactions ?? '', problem);
            assert.ok(!JSON.stringify([error.message, error.details]).includes('Test Person'));
            return true;
          });
        }
        await rejects(t.store.importFinanceData(alice, file(caseA, 'x', [], { sha256: 'not-a-hash' })), 'VALIDATION_FAILED', ['sha256', 'invalid']);
        await rejects(t.store.importFinanceData(alice, file(caseA, 'x', [], { format: 'csv; drop table' })), 'VALIDATION_FAILED', ['format', 'invalid']);
        await rejects(t.store.importFinanceData(alice, file(caseA, 'x', [], { format: 'stream' })), 'VALIDATION_FAILED', ['sha256', 'a stream has no file hash']);
        await rejects(t.store.importFinanceData(alice, file(caseA, 'x', 'TX-1' as never)), 'VALIDATION_FAILED', ['transactions', 'not a list']);
        await rejects(t.store.importFinanceData(alice, file(caseA, 'x', [], { accounts: [{ id: 'ACC-1', kind: 'shell' as AccountRecord['kind'] }] })), 'VALIDATION_FAILED', ['accounts', /record 1: the kind/]);
        assert.deepEqual(await t.store.getTransactions(caseA, ['TX-0070']), []);
      });

      it('stores hostile and huge text safely: NUL and control characters dropped, long free text cut, errors bounded to 1,000', async () => {
        const hostile = tx(80, { reference: `Synthetic\u0000 ref\r\n${'x'.repeat(5000)}`, beneficiaryName: 'Test\u0007Person 3', location: '\uD800Synthville' });
        const errors = Array.from({ length: 1500 }, (_, i) => ({ record: `${i + 1}\n`, message: `synthetic error ${'y'.repeat(2000)}` }));
        const { dataset } = await t.store.importFinanceData(alice, file(caseA, 'hostile', [hostile], { errors }));
        assert.equal(dataset.errors, 1500);
        const kept = await t.store.financeDatasetErrors(dataset.id);
        assert.equal(kept.length, 1000);
        assert.deepEqual([kept[0]?.record, kept[0]?.message.length], ['1', 1000]);
        const [stored] = await t.store.getTransactions(caseA, ['TX-0080']);
        assert.equal(stored?.reference?.length, 1000);
        assert.match(stored?.reference ?? '', /^Synthetic ref x+$/);
        assert.equal(stored?.beneficiaryName, 'Test Person 3');
        assert.equal(stored?.location, '\uFFFDSynthville');
      });

      it('appends to a stream data set, counting duplicates as its errors; only a stream takes appends', async () => {
        const { dataset } = await t.store.importFinanceData(alice, { caseId: caseA, source: 'stream', format: 'stream', sha256: '', accounts: [], transactions: [], errors: [] });
        assert.deepEqual([dataset.transactions, dataset.errors], [0, 0]);
        const result = await t.store.appendTransactions(system, dataset.id, [tx(100), tx(101), tx(5)]);
        assert.deepEqual(result, { stored: 2, duplicates: [{ record: 'TX-0005', message: 'the case already holds a transaction with this id' }] });
        const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
        assert.deepEqual([entry?.action, entry?.importId], ['finance.append', dataset.id]);
        assert.deepEqual(await t.store.appendTransactions(system, dataset.id, [tx(101), tx(102)]), {
          stored: 1, duplicates: [{ record: 'TX-0101', message: 'the case already holds a transaction with this id' }],
        });
        const now = await t.store.getFinanceDataset(dataset.id);
        assert.deepEqual([now?.transactions, now?.errors], [3, 2]);
        assert.deepEqual((await t.store.financeDatasetErrors(dataset.id)).map((e) => e.record), ['TX-0005', 'TX-0101']);
        assert.deepEqual(await t.store.appendTransactions(system, dataset.id, []), { stored: 0, duplicates: [] });
        await rejects(t.store.appendTransactions(system, first, [tx(103)]), 'CONFLICT', ['datasetId', 'not a stream']);
        await rejects(t.store.appendTransactions(system, 'fd_missing', [tx(103)]), 'NOT_FOUND');
        await rejects(t.store.financeDatasetErrors('fd_missing'), 'NOT_FOUND');
      });

      it('links an account to its holder, a person or organization of the case, journalled', async () => {
        const linked = await t.store.setAccountHolder(alice, caseA, 'ACC-0002', organization);
        assert.equal(linked.holderId, organization);
        const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
        assert.deepEqual([entry?.action, entry?.entityId, entry?.contentHash], ['finance.account.update', organization, contentHash({ account: 'ACC-0002', holder: organization })]);
        await rejects(t.store.setAccountHolder(alice, caseA, 'ACC-0002', otherCasePerson), 'VALIDATION_FAILED', ['holderId', 'not an entity of the case']);
        await rejects(t.store.setAccountHolder(alice, caseA, 'ACC-0002', address), 'VALIDATION_FAILED', ['holderId', 'not a person or organization']);
        await rejects(t.store.setAccountHolder(alice, caseA, 'ACC-0002', 'missing-entity'), 'NOT_FOUND');
        await rejects(t.store.setAccountHolder(alice, caseB, 'ACC-0003', person), 'NOT_FOUND');
        assert.equal((await t.store.setAccountHolder(alice, caseA, 'ACC-0002', null)).holderId, undefined);
      });
    });

    describe('reading transactions', () => {
      let caseC: string;
      let expected: string[];
      before(async () => {
        caseC = (await t.store.createCase(alice, { name: 'Synthetic finance case C' })).id;
        // 25 transactions given out of time order, three of them at one instant (ordered by id)
        const records = Array.from({ length: 25 }, (_, i) => tx((i * 7) % 25 + 1));
        records.push(tx(200, { timestamp: T0 + 5 * HOUR, id: 'TX-0005b' }), tx(201, { timestamp: T0 + 5 * HOUR, id: 'TX-0005a' }));
        await t.store.importFinanceData(alice, file(caseC, 'order', records));
        expected = records.map((r) => r.id).sort((a, b) => {
          const ra = records.find((r) => r.id === a)!;
          const rb = records.find((r) => r.id === b)!;
          return ra.timestamp - rb.timestamp || (a < b ? -1 : 1);
        });
      });

      it('streams a case in time order (ties by id) in full batches but the last', async () => {
        const batches = await collect(t.store.readTransactions({ caseId: caseC, batchSize: 4 }));
        assert.deepEqual(batches.map((b) => b.length), [4, 4, 4, 4, 4, 4, 3]);
        assert.deepEqual(batches.flat().map((r) => r.id), expected);
        assert.deepEqual(expected.slice(4, 7), ['TX-0005', 'TX-0005a', 'TX-0005b']);
      });

      it('lets the consumer use the store between batches, and filters by time and data set', async () => {
        const seen: string[] = [];
        for await (const batch of t.store.readTransactions({ caseId: caseC, batchSize: 10 })) {
          seen.push(...batch.map((r) => r.id));
          assert.ok((await t.store.listFinanceDatasets([caseC])).length === 1);
        }
        assert.equal(seen.length, 27);
        const window = (await collect(t.store.readTransactions({ caseId: caseC, since: new Date(T0 + 3 * HOUR), until: new Date(T0 + 5 * HOUR) }))).flat();
        assert.deepEqual(window.map((r) => r.id), ['TX-0003', 'TX-0004', 'TX-0005', 'TX-0005a', 'TX-0005b']);
        const [dataset] = await t.store.listFinanceDatasets([caseC]);
        assert.equal((await collect(t.store.readTransactions({ caseId: caseC, datasetIds: [dataset!.id] }))).flat().length, 27);
        assert.deepEqual(await collect(t.store.readTransactions({ caseId: caseC, datasetIds: [] })), []);
        assert.deepEqual(await collect(t.store.readTransactions({ caseId: caseC, datasetIds: ['fd_other'] })), []);
        assert.deepEqual((await t.store.getTransactions(caseC, ['TX-0010', 'TX-0002', 'TX-0404'])).map((r) => r.id), ['TX-0002', 'TX-0010']);
        assert.throws(() => t.store.readTransactions({ caseId: caseC, batchSize: 0 }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
      });
    });

    describe('alerts and triage', () => {
      let datasetA: string;
      let fanIn: FinanceAlert;
      let cycle: FinanceAlert;
      let structuring: FinanceAlert;
      let otherCaseAlert: FinanceAlert;
      const algorithm = 'ariadne-typologies@1';

      before(async () => {
        datasetA = (await t.store.listFinanceDatasets([caseA])).at(-1)!.id;
      });

      it('raises new alerts with a "raised" event and a journal entry each', async () => {
        const raised = await t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: datasetA, algorithm, alerts: [
          alertOn('ht-fan-in', ['TX-0001', 'TX-0002', 'TX-0003'], 0.9),
          alertOn('cycle', ['TX-0004', 'TX-0005'], 0.6),
          // the same typology and evidence twice in one call is one alert, the stronger
          alertOn('cycle', ['TX-0005', 'TX-0004'], 0.7),
        ] });
        assert.deepEqual(raised.map((a) => [a.typology, a.score, a.status, a.datasetId, a.algorithm]), [
          ['ht-fan-in', 0.9, 'new', datasetA, algorithm], ['cycle', 0.7, 'new', datasetA, algorithm],
        ]);
        [fanIn, cycle] = raised as [FinanceAlert, FinanceAlert];
        assert.deepEqual(fanIn.accounts, ['ACC-0001', 'ACC-0002']);
        assert.deepEqual(fanIn.findings, [{ detector: 'fan-in', score: 0.9, reason: 'synthetic: 3 senders in 24 h' }]);
        assert.deepEqual((await t.store.financeAlertHistory(fanIn.id)).map((e) => [e.action, e.by]), [['raised', 'system:test']]);
        const journal = (await t.store.listJournal({ caseId: caseA }, { limit: 2 })).items;
        assert.deepEqual(journal.map((e) => [e.action, e.importId]), [['finance.alert.raise', datasetA], ['finance.alert.raise', datasetA]]);
        assert.deepEqual(await t.store.getFinanceAlert(fanIn.id), fanIn);
      });

      it('leaves an alert already raised on the same evidence as it is, and raises only what is new', async () => {
        const head = await journalHead();
        const again = await t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: null, algorithm: 'ariadne-typologies@2', alerts: [
          alertOn('ht-fan-in', ['TX-0003', 'TX-0001', 'TX-0002'], 0.95),
          alertOn('structuring', ['TX-0002', 'TX-0004'], 0.5),
        ] });
        assert.deepEqual(again.map((a) => [a.typology, a.datasetId]), [['structuring', null]]);
        structuring = again[0]!;
        assert.equal((await t.store.getFinanceAlert(fanIn.id))?.score, 0.9);
        assert.equal(await journalHead(), (head ?? 0) + 1);
        assert.deepEqual(await t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: null, algorithm, alerts: [alertOn('cycle', ['TX-0004', 'TX-0005'], 0.2)] }), []);
        [otherCaseAlert] = await t.store.recordFinanceAlerts(system, { caseId: caseB, datasetId: null, algorithm, alerts: [alertOn('cycle', ['TX-0001', 'TX-0002'], 0.99)] }) as [FinanceAlert];
      });

      it('refuses alerts on evidence the case does not hold and malformed alerts', async () => {
        await rejects(t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: null, algorithm, alerts: [alertOn('cycle', ['TX-0001', 'TX-9999'], 0.5)] }), 'VALIDATION_FAILED', ['alerts', '1 transaction ids are not the case\'s']);
        await rejects(t.store.recordFinanceAlerts(system, { caseId: caseB, datasetId: datasetA, algorithm, alerts: [alertOn('cycle', ['TX-0001'], 0.5)] }), 'VALIDATION_FAILED', ['datasetId', 'another case\'s data set']);
        await rejects(t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: null, algorithm: 'no version', alerts: [alertOn('cycle', ['TX-0001'], 0.5)] }), 'VALIDATION_FAILED', ['algorithm', 'invalid']);
        await rejects(t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: null, algorithm, alerts: [alertOn('cycle', ['TX-0001'], 1.5)] }), 'VALIDATION_FAILED');
        await rejects(t.store.recordFinanceAlerts(system, { caseId: caseA, datasetId: null, algorithm, alerts: [alertOn('cycle', [], 0.5)] }), 'VALIDATION_FAILED', ['alerts', /names no transactions/]);
        await rejects(t.store.recordFinanceAlerts(system, { caseId: 'case-missing', datasetId: null, algorithm, alerts: [alertOn('cycle', ['TX-0001'], 0.5)] }), 'NOT_FOUND');
      });

      it('lists the highest score first, then the newest, in keyset pages, filtered', async () => {
        const all = await t.store.listFinanceAlerts({ caseIds: [caseA] }, {});
        assert.deepEqual(all.items.map((a) => a.id), [fanIn.id, cycle.id, structuring.id]);
        assert.equal(all.next, null);
        const pages: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof t.store.listFinanceAlerts>> = await t.store.listFinanceAlerts({ caseIds: [caseA, caseB] }, { limit: 1, cursor });
          pages.push(...page.items.map((a) => a.id));
          cursor = page.next;
        } while (cursor);
        assert.deepEqual(pages, [otherCaseAlert.id, fanIn.id, cycle.id, structuring.id]);
        assert.deepEqual((await t.store.listFinanceAlerts({ caseIds: [caseA], typology: 'cycle' }, {})).items.map((a) => a.id), [cycle.id]);
        assert.deepEqual((await t.store.listFinanceAlerts({ caseIds: [caseA], minScore: 0.7 }, {})).items.map((a) => a.id), [fanIn.id, cycle.id]);
        assert.deepEqual((await t.store.listFinanceAlerts({ caseIds: [caseA], datasetId: datasetA }, {})).items.map((a) => a.id), [fanIn.id, cycle.id]);
        assert.deepEqual((await t.store.listFinanceAlerts({ caseIds: [] }, {})).items, []);
        await rejects(t.store.listFinanceAlerts({ caseIds: [caseA] }, { cursor: 'bm90LWEtY3Vyc29y' }), 'VALIDATION_FAILED');
        await rejects(t.store.listFinanceAlerts({ caseIds: [caseA], status: 'open' as never }, {}), 'VALIDATION_FAILED', ['status', 'invalid']);
        await rejects(t.store.listFinanceAlerts({ caseIds: [caseA], minScore: 2 }, {}), 'VALIDATION_FAILED');
      });

      it('assigns to existing users only, and records each assignment', async () => {
        const assigned = await t.store.updateFinanceAlert(alice, cycle.id, { assignee: bobId });
        assert.equal(assigned.assignee, bobId);
        assert.deepEqual((await t.store.listFinanceAlerts({ caseIds: [caseA], assignee: bobId }, {})).items.map((a) => a.id), [cycle.id]);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { assignee: 'user-missing' }), 'VALIDATION_FAILED', ['assignee', 'no such user']);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { assignee: carolId }), 'VALIDATION_FAILED', ['assignee', 'no such user']);
        assert.equal((await t.store.updateFinanceAlert(alice, cycle.id, { assignee: null })).assignee, null);
        await t.store.updateFinanceAlert(alice, cycle.id, { assignee: alice.id });
        const history = await t.store.financeAlertHistory(cycle.id);
        assert.deepEqual(history.map((e) => [e.action, e.assignee ?? null]), [['raised', null], ['assigned', bobId], ['unassigned', null], ['assigned', alice.id]]);
        // the same assignment again changes nothing and journals nothing
        const head = await journalHead();
        await t.store.updateFinanceAlert(alice, cycle.id, { assignee: alice.id });
        assert.equal(await journalHead(), head);
      });

      it('moves new → in_review → closed; closing needs a disposition and a note; a closed alert is reopened, not redecided', async () => {
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { status: 'closed', note: 'synthetic: looks fine' }), 'VALIDATION_FAILED', ['disposition', 'required to close']);
        assert.equal((await t.store.updateFinanceAlert(alice, cycle.id, { status: 'in_review' })).status, 'in_review');
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { status: 'new' }), 'CONFLICT', ['status', 'in_review to new']);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { status: 'closed', disposition: 'not_suspicious' }), 'VALIDATION_FAILED', ['note', 'required to close']);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { status: 'closed', disposition: 'not_suspicious', note: 'n'.repeat(2001) }), 'VALIDATION_FAILED', ['note', 'too long']);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { status: 'escalated' as never }), 'VALIDATION_FAILED', ['status', 'invalid']);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { disposition: 'maybe' as never }), 'VALIDATION_FAILED', ['disposition', 'invalid']);
        const closed = await t.store.updateFinanceAlert(alice, cycle.id, { status: 'closed', disposition: 'not_suspicious', note: 'Synthetic: salary of Test Person 1, confirmed by the branch.' });
        assert.deepEqual([closed.status, closed.disposition], ['closed', 'not_suspicious']);
        await rejects(t.store.updateFinanceAlert(alice, cycle.id, { disposition: 'suspicious' }), 'CONFLICT', ['disposition', 'closed']);
        const reopened = await t.store.updateFinanceAlert(alice, cycle.id, { status: 'in_review', note: 'Synthetic: new statements arrived.' });
        assert.deepEqual([reopened.status, reopened.disposition], ['in_review', null]);
        const steps = (await t.store.financeAlertHistory(cycle.id)).slice(-5).map((e) => [e.action, e.note]);
        assert.deepEqual(steps, [
          ['assigned', null],
          ['status:in_review', null],
          ['disposition:not_suspicious', null],
          ['status:closed', 'Synthetic: salary of Test Person 1, confirmed by the branch.'],
          ['status:in_review', 'Synthetic: new statements arrived.'],
        ]);
        assert.equal((await t.store.listFinanceAlerts({ caseIds: [caseA], status: 'in_review' }, {})).items.length, 1);
        await rejects(t.store.updateFinanceAlert(alice, 'fa_missing', { status: 'in_review' }), 'NOT_FOUND');
      });

      it('keeps notes on the alert, and in the journal only as their hash', async () => {
        const text = 'Synthetic note: Test Person 1 was seen at the Synthville branch twice.';
        const event = await t.store.addFinanceAlertNote(alice, fanIn.id, text);
        assert.deepEqual([event.action, event.note, event.by], ['note', text, `user:${alice.id}`]);
        assert.deepEqual((await t.store.financeAlertHistory(fanIn.id)).at(-1), event);
        const journal = (await t.store.listJournal({ caseId: caseA }, { limit: 200 })).items;
        assert.equal(journal[0]?.contentHash, contentHash({ alert: fanIn.id, note: contentHash(text) }));
        assert.equal(journal[0]?.action, 'finance.alert.note');
        const dump = JSON.stringify(journal);
        for (const secret of ['Synthville branch', 'salary of Test Person', 'new statements arrived', 'Test Person 1']) assert.ok(!dump.includes(secret), secret);
        await rejects(t.store.addFinanceAlertNote(alice, fanIn.id, '   '), 'VALIDATION_FAILED', ['note', 'required']);
        await rejects(t.store.addFinanceAlertNote(alice, fanIn.id, 'x'.repeat(2001)), 'VALIDATION_FAILED', ['note', 'too long']);
        await rejects(t.store.addFinanceAlertNote(alice, 'fa_missing', 'synthetic'), 'NOT_FOUND');
        await rejects(t.store.financeAlertHistory('fa_missing'), 'NOT_FOUND');
      });

      describe('FIU cases', () => {
        it('gathers alerts of one case: they are escalated into it, its transactions are their evidence in time order', async () => {
          const created = await t.store.createFiuCase(alice, { caseId: caseA, title: 'Synthetic STR: fan-in into ACC-0002', alertIds: [structuring.id, fanIn.id], entityIds: [person, organization] });
          assert.match(created.id, /^fc_/);
          assert.deepEqual(
            { status: created.status, reportCode: created.reportCode, alertIds: created.alertIds, entityIds: created.entityIds, transactionIds: created.transactionIds, reason: created.reason, indicators: created.indicators },
            { status: 'draft', reportCode: 'STR', alertIds: [fanIn.id, structuring.id], entityIds: [person, organization], transactionIds: ['TX-0001', 'TX-0002', 'TX-0003', 'TX-0004'], reason: '', indicators: [] },
          );
          for (const id of [fanIn.id, structuring.id]) {
            const alert = await t.store.getFinanceAlert(id);
            assert.deepEqual([alert?.status, alert?.fiuCaseId], ['escalated', created.id]);
            assert.equal((await t.store.financeAlertHistory(id)).at(-1)?.action, 'escalated');
          }
          const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
          assert.deepEqual([entry?.action, entry?.caseId], ['finance.case.create', caseA]);
          assert.deepEqual(await t.store.getFiuCase(created.id), created);

          // an escalated alert is decided in its FIU case, not in triage; notes are still welcome
          await rejects(t.store.updateFinanceAlert(alice, fanIn.id, { status: 'closed', disposition: 'suspicious', note: 'synthetic' }), 'CONFLICT', ['status', 'escalated']);
          await t.store.addFinanceAlertNote(alice, fanIn.id, 'Synthetic: escalated.');
          assert.equal((await t.store.listFinanceAlerts({ caseIds: [caseA], status: 'escalated' }, {})).items.length, 2);
        });

        it('refuses alerts of another case, alerts already in an FIU case, unknown alerts and foreign entities, and changes nothing then', async () => {
          const input = { caseId: caseA, title: 'Synthetic refused case' };
          await rejects(t.store.createFiuCase(alice, { ...input, alertIds: [cycle.id, otherCaseAlert.id] }), 'VALIDATION_FAILED', ['alertIds', otherCaseAlert.id]);
          await rejects(t.store.createFiuCase(alice, { ...input, alertIds: [cycle.id, fanIn.id] }), 'CONFLICT', ['alertIds', fanIn.id]);
          await rejects(t.store.createFiuCase(alice, { ...input, alertIds: [cycle.id, 'fa_missing'] }), 'NOT_FOUND', ['alertIds', 'fa_missing']);
          await rejects(t.store.createFiuCase(alice, { ...input, alertIds: [cycle.id], entityIds: [otherCasePerson] }), 'VALIDATION_FAILED', ['entityIds', otherCasePerson]);
          await rejects(t.store.createFiuCase(alice, { ...input, alertIds: [cycle.id], entityIds: [address] }), 'VALIDATION_FAILED', ['entityIds', address]);
          await rejects(t.store.createFiuCase(alice, { ...input, alertIds: [cycle.id], reportCode: 'str; drop' }), 'VALIDATION_FAILED', ['reportCode', 'invalid']);
          await rejects(t.store.createFiuCase(alice, { ...input, title: ' ', alertIds: [cycle.id] }), 'VALIDATION_FAILED', ['title', 'required']);
          await rejects(t.store.createFiuCase(alice, { ...input, caseId: 'case-missing', alertIds: [] }), 'NOT_FOUND');
          const untouched = await t.store.getFinanceAlert(cycle.id);
          assert.deepEqual([untouched?.status, untouched?.fiuCaseId], ['in_review', null]);
          assert.equal((await t.store.listFiuCases([caseA], {})).items.length, 1);
        });

        it('edits a draft: report fields, entities, added alerts (with their evidence), transactions kept in time order', async () => {
          const [fiu] = (await t.store.listFiuCases([caseA], {})).items;
          const edited = await t.store.updateFiuCase(alice, fiu!.id, {
            title: 'Synthetic STR: fan-in and cycle', reportCode: 'SAR', reason: 'Synthetic grounds.\nSecond line.', action: 'Synthetic: account frozen.',
            indicators: ['HT01', 'HT04', 'HT01'], entityIds: [person], status: 'ready', addAlertIds: [cycle.id],
          });
          assert.deepEqual(
            { title: edited.title, reportCode: edited.reportCode, reason: edited.reason, action: edited.action, indicators: edited.indicators, entityIds: edited.entityIds, status: edited.status, alertIds: edited.alertIds, transactionIds: edited.transactionIds },
            {
              title: 'Synthetic STR: fan-in and cycle', reportCode: 'SAR', reason: 'Synthetic grounds.\nSecond line.', action: 'Synthetic: account frozen.', indicators: ['HT01', 'HT04'],
              entityIds: [person], status: 'ready', alertIds: [fanIn.id, cycle.id, structuring.id], transactionIds: ['TX-0001', 'TX-0002', 'TX-0003', 'TX-0004', 'TX-0005'],
            },
          );
          assert.equal((await t.store.getFinanceAlert(cycle.id))?.status, 'escalated');
          const trimmed = await t.store.updateFiuCase(alice, fiu!.id, { transactionIds: ['TX-0005', 'TX-0001', 'TX-0003'] });
          assert.deepEqual(trimmed.transactionIds, ['TX-0001', 'TX-0003', 'TX-0005']);
          const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
          assert.equal(entry?.action, 'finance.case.update');
          assert.ok(!JSON.stringify(entry).includes('Synthetic grounds'));
          await rejects(t.store.updateFiuCase(alice, fiu!.id, { transactionIds: ['TX-0001', 'TX-9999'] }), 'VALIDATION_FAILED', ['transactionIds', '1 are not the case\'s transactions']);
          await rejects(t.store.updateFiuCase(alice, fiu!.id, { reason: 'r'.repeat(4001) }), 'VALIDATION_FAILED', ['reason', 'too long']);
          await rejects(t.store.updateFiuCase(alice, fiu!.id, { indicators: ['HT 01'] }), 'VALIDATION_FAILED', ['indicators', 'invalid']);
          await rejects(t.store.updateFiuCase(alice, fiu!.id, { status: 'reported' as never }), 'VALIDATION_FAILED', ['status', 'reported']);
          await rejects(t.store.updateFiuCase(alice, 'fc_missing', { title: 'Synthetic' }), 'NOT_FOUND');
        });

        it('records the exported report: the case is reported and read-only from then on', async () => {
          const [fiu] = (await t.store.listFiuCases([caseA], {})).items;
          const report = { schemaVersion: '5.0.2', sha256: sha('report-1.xml') };
          const reported = await t.store.recordFiuReport(alice, fiu!.id, report);
          assert.deepEqual([reported.status, reported.reportSha256, reported.reportedAt instanceof Date], ['reported', report.sha256, true]);
          const [entry] = (await t.store.listJournal({}, { limit: 1 })).items;
          assert.deepEqual([entry?.action, entry?.contentHash], ['finance.report.export', contentHash({ fiuCase: fiu!.id, reportCode: 'SAR', schemaVersion: '5.0.2', sha256: report.sha256 })]);
          // recording the same export again is a no-op; another report, an edit or a status change is refused
          const head = await journalHead();
          assert.deepEqual(await t.store.recordFiuReport(alice, fiu!.id, report), reported);
          assert.equal(await journalHead(), head);
          await rejects(t.store.recordFiuReport(alice, fiu!.id, { schemaVersion: '5.0.2', sha256: sha('report-2.xml') }), 'CONFLICT', ['status', 'reported']);
          await rejects(t.store.updateFiuCase(alice, fiu!.id, { status: 'draft' }), 'CONFLICT', ['status', 'reported']);
          await rejects(t.store.updateFiuCase(alice, fiu!.id, { title: 'Synthetic rename' }), 'CONFLICT', ['status', 'reported']);
          await rejects(t.store.recordFiuReport(alice, fiu!.id, { schemaVersion: '5.0.2', sha256: 'nope' }), 'VALIDATION_FAILED', ['sha256', 'invalid']);
          assert.equal((await t.store.getFiuCase(fiu!.id))?.title, 'Synthetic STR: fan-in and cycle');
        });

        it('lists FIU cases newest first in keyset pages', async () => {
          for (const n of [1, 2, 3]) await t.store.createFiuCase(alice, { caseId: caseA, title: `Synthetic empty case ${n}`, alertIds: [] });
          await t.store.createFiuCase(alice, { caseId: caseB, title: 'Synthetic case of B', alertIds: [otherCaseAlert.id] });
          const titles: string[] = [];
          let cursor: string | null = null;
          do {
            const page: Awaited<ReturnType<typeof t.store.listFiuCases>> = await t.store.listFiuCases([caseA], { limit: 2, cursor });
            titles.push(...page.items.map((c) => c.title));
            cursor = page.next;
          } while (cursor);
          assert.deepEqual(titles, ['Synthetic empty case 3', 'Synthetic empty case 2', 'Synthetic empty case 1', 'Synthetic STR: fan-in and cycle']);
          assert.deepEqual((await t.store.listFiuCases([caseB], {})).items.map((c) => c.alertIds), [[otherCaseAlert.id]]);
          assert.deepEqual((await t.store.listFiuCases([], {})).items, []);
        });
      });
    });

    it('leaves a journal that verifies', async () => {
      assert.equal((await t.store.verifyJournal()).ok, true);
    });
  });
}
