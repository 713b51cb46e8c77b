/**
 * The monitoring part of the store, on PGlite and on PostgreSQL: imported datasets (all or
 * nothing, once per file), their queries and pages, GLOTIP's censored cells, boundary files, the
 * append-only privacy ledger with its budget check under concurrency, released tables, and
 * incidents and movements read from our own cases with the consent rule and case access.
 * Every place, person, group and file here is invented ("Testland", "Person 7", P-codes "XX…").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { AriadneError, isAriadneError } from '@ariadne/schema';
import type { Incident, Movement, ReleasedCell } from '@ariadne/monitoring/types';
import { backends, openTestStore, system, type OpenTestStore } from './helpers.ts';
import type { Actor } from '../src/types.ts';
import type { CaseReadTally, LedgerCheck, NewLedgerEntry } from '../src/monitoring-types.ts';
import { ageBandAt, dateSpan } from '../src/monitoring-store.ts';
import { contentHash } from '../src/journal-hash.ts';

const sha = (label: string) => createHash('sha256').update(label).digest('hex');

function incident(n: number, more: Partial<Incident> = {}): Incident {
  return {
    id: `hxl:testland.csv#${n}`, source: 'hxl', date: '2024-03-10', place: { country: 'XX', pcode: 'XX0101' }, category: 'tip:recruitment',
    forms: ['forced_labour'], verification: 'verified', victims: [{ sex: 'female', ageBand: '12-17', count: 2 }], ...more,
  };
}

const MOVEMENT: Movement = {
  id: 'htcds:route-1', source: 'htcds', count: 3, forms: ['sexual_exploitation'],
  stages: [
    { role: 'origin', place: { country: 'XX' }, date: '2024-01-05' },
    { role: 'transit', place: { country: 'XY', lat: 10.5, lon: 20.25 } },
    { role: 'destination', place: { country: 'XZ', pcode: 'XZ0203' }, date: '2024-02' },
  ],
};

async function rejects(promise: Promise<unknown>, code: string, detail?: [string, RegExp]): Promise<void> {
  await assert.rejects(promise, (error) => {
    if (!isAriadneError(error) || error.code !== code) return false;
    return !detail || detail[1].test(String(error.details?.[detail[0]]));
  });
}

async function collect<T>(iterable: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of iterable) out.push(...batch);
  return out;
}

/** a budget check as @ariadne/monitoring would pass it: the sum of ε spent plus this one within the budget */
const withinBudget: LedgerCheck = async (ledger, entry, budget) => {
  // give a racing append every chance to run in between: the lock, not luck, must keep them apart
  await sleep(30);
  const spent = ledger.reduce((sum, e) => sum + e.epsilon, 0);
  if (spent + entry.epsilon > budget.epsilon + 1e-12) throw new AriadneError('CONFLICT', 'Over the privacy budget.', { details: { budget: 'exhausted' } });
};

const ENTRY: NewLedgerEntry = { query: 'incidents by country and year, Testland', mechanism: 'discrete-laplace', epsilon: 0.25, delta: 0, k: 10, cells: 3, suppressed: 1 };
const CELLS: ReleasedCell[] = [
  { key: { country: 'XX', year: '2024' }, value: 41, suppressed: false },
  { key: { country: 'XY', year: '2024' }, value: 17, suppressed: false },
  { key: { country: 'XZ', year: '2024' }, value: undefined, suppressed: true },
];
/** the catalogue table and step the release's cells were built as (a country by year table) */
const BUILT_AS = { tableId: 'incidents-by-country-period', step: 'year' } as const;
const NOTE = { k: 10, mechanism: 'discrete-laplace' as const, epsilon: 0.25, delta: 0, text: 'Counts below 10 suppressed; discrete Laplace noise, ε = 0.25.' };

describe('case dates and ages (pure)', () => {
  it('spans a month-only date over its month and refuses impossible dates', () => {
    assert.deepEqual(dateSpan('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
    assert.deepEqual(dateSpan('2023-02-28'), { from: '2023-02-28', to: '2023-02-28' });
    assert.equal(dateSpan('2023-02-29'), null);
    assert.equal(dateSpan('2024-13'), null);
    assert.equal(dateSpan('yesterday'), null);
  });

  it('gives the age band every possible age falls in, and never guesses across a boundary', () => {
    assert.equal(ageBandAt('2010-05-01', '2024-03-10'), '12-17');
    assert.equal(ageBandAt('2010-03-10', '2022-03-10'), '12-17', 'the 12th birthday itself');
    assert.equal(ageBandAt('2010-03-11', '2022-03-10'), '0-11', 'the day before');
    assert.equal(ageBandAt('1990', '2024-03-10'), '18+');
    assert.equal(ageBandAt('2012', '2024-03'), '0-17', '11 or 12: a child, band uncertain');
    assert.equal(ageBandAt('2006', '2024-03'), 'unknown', '17 or 18: could be either side');
    assert.equal(ageBandAt(undefined, '2024-03-10'), 'unknown');
    assert.equal(ageBandAt('2030-01-01', '2024-03-10'), 'unknown', 'born after the incident');
  });
});

for (const backend of backends) {
  describe(`monitoring store on ${backend}`, () => {
    let t: OpenTestStore;
    let officer: Actor;
    const journalLength = async () => Number((await sql<{ n: string | number }>`select count(*) as n from journal`.execute(t.store.database.db)).rows[0]!.n);
    const count = async (table: string) => Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(t.store.database.db)).rows[0]!.n);

    before(async () => {
      let now = Date.UTC(2026, 4, 1);
      t = await openTestStore(backend, () => new Date((now += 1000)));
      officer = { kind: 'user', id: (await t.store.createUser(system, { username: 'mon.officer', displayName: 'Officer (synthetic)', roles: ['analyst'], passwordHash: 'x' })).id };
    });
    after(() => t.close());

    it('applies migration 0009 with its tables', async () => {
      const { rows } = await sql<{ name: string }>`select name from ariadne_migrations where name = '0009-monitoring'`.execute(t.store.database.db);
      assert.equal(rows.length, 1);
      for (const table of ['monitoring_datasets', 'monitoring_incidents', 'monitoring_movements', 'glotip_values', 'monitoring_boundaries', 'privacy_ledger', 'monitoring_releases']) {
        assert.equal(await count(table), 0, table);
      }
    });

    describe('imported datasets', () => {
      it('saves a file\'s incidents and movements, reads them back as given, journals the import by hash', async () => {
        const incidents = [incident(1), incident(2, { date: '2024-04', place: { country: 'XY', lat: -12.5, lon: 44.125 }, perpetratorGroup: 'Armed Group Testland', victims: [] }), incident(3, { verification: 'reported', forms: [] })];
        const problems = [{ record: 5, message: 'the date "31/02/2024" is not a date' }];
        const saved = await t.store.saveDataset(officer, { kind: 'hxl', fileName: '/home/officer/secret-dir/testland.csv', sha256: sha('testland.csv'), incidents, movements: [MOVEMENT], problems });
        assert.equal(saved.created, true);
        assert.match(saved.dataset.id, /^md_/);
        assert.deepEqual({ ...saved.dataset, id: undefined, importedAt: undefined }, {
          id: undefined, importedAt: undefined, kind: 'hxl', fileName: 'testland.csv', sha256: sha('testland.csv'), importedBy: `user:${officer.id}`,
          items: 4, problemCount: 1, problems,
        });
        const page = await t.store.queryIncidents({ datasetIds: [saved.dataset.id] }, {});
        assert.deepEqual(page, { items: incidents, next: null });
        assert.deepEqual((await t.store.queryMovements({}, {})).items, [MOVEMENT]);
        assert.deepEqual(await t.store.getDataset(saved.dataset.id), saved.dataset);
        const entry = (await t.store.listJournal({}, { limit: 1 })).items[0]!;
        assert.deepEqual([entry.action, entry.importId], ['monitoring.import', saved.dataset.id]);
        assert.equal(entry.contentHash, contentHash({ dataset: saved.dataset.id, kind: 'hxl', sha256: sha('testland.csv'), items: 4, problems: 1 }));
      });

      it('filters incidents by period, place, form, group and verification', async () => {
        const ids = async (filter: Parameters<typeof t.store.queryIncidents>[0]) => (await t.store.queryIncidents(filter, {})).items.map((i) => i.id);
        assert.deepEqual(await ids({ from: '2024-03-01', to: '2024-03-31' }), ['hxl:testland.csv#1', 'hxl:testland.csv#3']);
        assert.deepEqual(await ids({ from: '2024-04-01', to: '2024-04-15' }), [], 'a month-only date is not placed in half a month');
        assert.deepEqual(await ids({ from: '2024-04-01', to: '2024-04-30' }), ['hxl:testland.csv#2']);
        assert.deepEqual(await ids({ countries: ['XY'] }), ['hxl:testland.csv#2']);
        assert.deepEqual(await ids({ pcodes: ['XX0101'], verification: ['reported'] }), ['hxl:testland.csv#3']);
        assert.deepEqual(await ids({ forms: ['forced_labour', 'slavery'], perpetratorGroups: ['Armed Group Testland'] }), ['hxl:testland.csv#2']);
        assert.deepEqual(await ids({ categories: [] }), [], 'an empty list selects nothing');
        assert.deepEqual((await t.store.queryMovements({ countries: ['XZ'], from: '2024-01-01', to: '2024-02-29' }, {})).items.map((m) => m.id), ['htcds:route-1']);
        assert.deepEqual((await t.store.queryMovements({ from: '2024-01-06' }, {})).items, []);
        await rejects(t.store.queryIncidents({ from: '2024-02-30' }, {}), 'VALIDATION_FAILED', ['from', /date/]);
        await rejects(t.store.queryIncidents({ countries: ['Testland'] }, {}), 'VALIDATION_FAILED', ['countries', /not valid/]);
      });

      it('imports the same file once: a second save returns the dataset held and writes nothing', async () => {
        const [items, journal] = [await count('monitoring_incidents'), await journalLength()];
        const again = await t.store.saveDataset(officer, { kind: 'hxl', fileName: 'copy.csv', sha256: sha('testland.csv'), incidents: [incident(99)] });
        assert.equal(again.created, false);
        assert.equal(again.dataset.fileName, 'testland.csv');
        assert.deepEqual([await count('monitoring_incidents'), await journalLength()], [items, journal]);
      });

      it('refuses a bad item by its position, before writing anything', async () => {
        const journal = await journalLength();
        await rejects(t.store.saveDataset(officer, { kind: 'acled', fileName: 'bad.csv', sha256: sha('bad1'), incidents: [incident(1), incident(2, { date: '2024-02-30' })] }),
          'VALIDATION_FAILED', ['incidents[1].date', /not a date/]);
        await rejects(t.store.saveDataset(officer, { kind: 'acled', fileName: 'bad.csv', sha256: sha('bad2'), incidents: [incident(1, { place: { country: 'Testland' } })] }),
          'VALIDATION_FAILED', ['incidents[0].place', /ISO 3166/]);
        await rejects(t.store.saveDataset(officer, { kind: 'acled', fileName: 'bad.csv', sha256: sha('bad3'), incidents: [incident(1, { subjects: ['e-1'] })] }),
          'VALIDATION_FAILED', ['incidents[0]', /own cases/]);
        await rejects(t.store.saveDataset(officer, { kind: 'acled', fileName: 'bad.csv', sha256: sha('bad4'), incidents: [incident(1, { category: 'tip:smuggling' as never })] }),
          'VALIDATION_FAILED', ['incidents[0].category', /category/]);
        await rejects(t.store.saveDataset(officer, { kind: 'acled', fileName: 'bad.csv', sha256: 'not-a-hash' }), 'VALIDATION_FAILED', ['sha256', /SHA-256/]);
        assert.equal(await journalLength(), journal);
      });

      it('refuses hostile text and keeps at most 1,000 problems, one line each, while counting them all', async () => {
        await rejects(t.store.saveDataset(officer, { kind: 'hxl', fileName: 'esc.csv', sha256: sha('esc'), incidents: [incident(1, { id: 'hxl:\u001b[2Jwiped' })] }),
          'VALIDATION_FAILED', ['incidents[0].id', /control characters/]);
        await rejects(t.store.saveDataset(officer, { kind: 'hxl', fileName: 'long.csv', sha256: sha('long'), incidents: [incident(1, { perpetratorGroup: 'G'.repeat(10_000) })] }),
          'VALIDATION_FAILED', ['incidents[0].perpetratorGroup', /200 characters/]);
        const problems = Array.from({ length: 5000 }, (_, i) => ({ record: i + 2, message: `row ${i + 2}: bad\r\nvalue \u0000${'x'.repeat(2000)}` }));
        const { dataset } = await t.store.saveDataset(officer, { kind: 'hxl', fileName: 'noisy.csv', sha256: sha('noisy'), incidents: [incident(1)], problems });
        assert.equal(dataset.problemCount, 5000);
        assert.equal(dataset.problems.length, 1000);
        assert.ok(dataset.problems.every((p) => p.message.length <= 500 && !/\p{Cc}/u.test(p.message)));
        assert.deepEqual(dataset.problems.at(-1)?.record, 1001);
        await t.store.deleteDataset(officer, dataset.id);
      });

      it('leaves nothing when an insert fails half way (a repeated id after 2,400 good rows)', async () => {
        const [datasets, items, journal] = [await count('monitoring_datasets'), await count('monitoring_incidents'), await journalLength()];
        const incidents = Array.from({ length: 2500 }, (_, i) => incident(1000 + i));
        incidents[2400] = incident(1000);
        await rejects(t.store.saveDataset(officer, { kind: 'hxl', fileName: 'dup.csv', sha256: sha('dup.csv'), incidents }), 'CONFLICT', ['incidents', /repeats/]);
        assert.deepEqual([await count('monitoring_datasets'), await count('monitoring_incidents'), await journalLength()], [datasets, items, journal]);
        // the same file, corrected, imports afterwards: the failed attempt left no dataset holding its hash
        incidents[2400] = incident(9999);
        assert.equal((await t.store.saveDataset(officer, { kind: 'hxl', fileName: 'dup.csv', sha256: sha('dup.csv'), incidents })).created, true);
      });

      it('deletes a dataset with everything it brought, journalled', async () => {
        const saved = await t.store.saveDataset(officer, { kind: 'htcds', fileName: 'gone.json', sha256: sha('gone'), incidents: [incident(1)], movements: [MOVEMENT] });
        const [incidents, movements] = [await count('monitoring_incidents'), await count('monitoring_movements')];
        await t.store.deleteDataset(officer, saved.dataset.id);
        assert.deepEqual([await count('monitoring_incidents'), await count('monitoring_movements')], [incidents - 1, movements - 1]);
        assert.equal(await t.store.getDataset(saved.dataset.id), null);
        assert.equal((await t.store.listJournal({}, { limit: 1 })).items[0]!.action, 'monitoring.dataset.delete');
        await rejects(t.store.deleteDataset(officer, saved.dataset.id), 'NOT_FOUND');
      });

      it('lists datasets newest first, by kind, in pages', async () => {
        const all = await t.store.listDatasets({}, { limit: 1 });
        assert.equal(all.items.length, 1);
        const second = await t.store.listDatasets({}, { limit: 1, cursor: all.next });
        assert.ok(second.items[0]!.importedAt <= all.items[0]!.importedAt);
        assert.notEqual(second.items[0]!.id, all.items[0]!.id);
        assert.deepEqual((await t.store.listDatasets({ kinds: ['glotip'] }, {})).items, []);
      });

      it('reads 10,000 incidents in pages, each row once, and streams a filtered subset', async () => {
        const incidents = Array.from({ length: 10_000 }, (_, i) => incident(i, { verification: i % 2 === 0 ? 'verified' : 'unverified', place: { country: 'XQ' } }));
        const { dataset } = await t.store.saveDataset(officer, { kind: 'acled', fileName: 'big.csv', sha256: sha('big.csv'), incidents });
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<typeof t.store.queryIncidents>> = await t.store.queryIncidents({ datasetIds: [dataset.id] }, { limit: 3000, cursor });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.next;
          pages += 1;
        } while (cursor);
        assert.equal(pages, 4);
        assert.equal(seen.length, 10_000);
        assert.equal(new Set(seen).size, 10_000);
        assert.deepEqual(seen.slice(0, 2), ['hxl:testland.csv#0', 'hxl:testland.csv#1'], 'in import order');
        const verified = await collect(t.store.streamIncidents({ countries: ['XQ'], verification: ['verified'] }, 1500));
        assert.equal(verified.length, 5000);
        assert.ok(verified.every((i) => i.verification === 'verified'));
        await rejects(t.store.queryIncidents({}, { limit: 10_001 }), 'VALIDATION_FAILED', ['limit', /10,000/]);
      });
    });

    describe('GLOTIP values and boundary files', () => {
      it('keeps "<5" as a censored count, never a number', async () => {
        const row = { iso3: 'XXT', country: 'Testland', region: 'Synthetic Region', subregion: 'Synthetic Subregion', indicator: 'Detected trafficking victims', dimension: 'Total', category: 'Total', sex: 'Female', age: '0 to 17 years', year: 2021 };
        const rows = [{ ...row, record: 4, value: 12 }, { ...row, record: 5, year: 2020, value: { censored: true as const, below: 5 } }, { ...row, record: 6, iso3: null, country: 'Aggregate of Testland', value: 0 }];
        const saved = await t.store.saveGlotip(officer, { fileName: 'data_glotip_synthetic.xlsx', sha256: sha('glotip'), rows });
        assert.equal(saved.dataset.kind, 'glotip');
        assert.deepEqual((await t.store.queryGlotip({}, {})).items, rows);
        assert.deepEqual((await t.store.queryGlotip({ iso3: ['XXT'], fromYear: 2021 }, {})).items.map((r) => r.record), [4]);
        const { rows: stored } = await sql<{ value: number | null; censored_below: number | null }>`select value, censored_below from glotip_values where record = 5`.execute(t.store.database.db);
        assert.deepEqual(stored, [{ value: null, censored_below: 5 }]);
        await rejects(t.store.saveGlotip(officer, { fileName: 'g.xlsx', sha256: sha('g2'), rows: [{ ...row, record: 4, value: '<5' as never }] }), 'VALIDATION_FAILED', ['rows[0].value', /whole number/]);
        // the database refuses a cell that is neither a count nor censored
        await assert.rejects(sql`insert into glotip_values (dataset_id, record, country, region, subregion, indicator, dimension, category, sex, age, year)
          values (${saved.dataset.id}, 9, 'Testland', '', '', 'x', '', '', '', '', 2020)`.execute(t.store.database.db));
      });

      it('loads a boundary file and gives it back whole', async () => {
        const geojson = {
          type: 'FeatureCollection' as const,
          features: [{ type: 'Feature', properties: { ADM1_PCODE: 'XX01', name: 'Testland North' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }],
        };
        const saved = await t.store.saveBoundaries(officer, { fileName: 'testland_adm1.geojson', sha256: sha('adm1'), name: 'Testland admin 1', pcodeProperty: 'ADM1_PCODE', geojson });
        assert.equal(saved.boundaries.featureCount, 1);
        assert.deepEqual((await t.store.getBoundaries(saved.boundaries.id))?.geojson, geojson);
        assert.deepEqual(await t.store.listBoundaries(), [saved.boundaries]);
        const again = await t.store.saveBoundaries(officer, { fileName: 'again.geojson', sha256: sha('adm1'), name: 'Again', pcodeProperty: 'ADM1_PCODE', geojson });
        assert.deepEqual([again.created, again.boundaries.id], [false, saved.boundaries.id]);
        await rejects(t.store.saveBoundaries(officer, { fileName: 'x.geojson', sha256: sha('bad-geo'), name: 'Bad', pcodeProperty: 'P', geojson: { type: 'FeatureCollection', features: [{ type: 'Point' }] } }),
          'VALIDATION_FAILED', ['geojson.features[0]', /Feature/]);
        await rejects(t.store.saveBoundaries(officer, { fileName: 'x.geojson', sha256: sha('testland.csv'), name: 'Clash', pcodeProperty: 'P', geojson }), 'CONFLICT', ['sha256', /already/]);
      });
    });

    describe('privacy ledger and released tables', () => {
      it('appends an entry with its released table, which reads back without spending budget', async () => {
        const { entry, release } = await t.store.appendLedger(officer, { entry: ENTRY, budget: { epsilon: 1, delta: 0 }, release: { ...BUILT_AS, title: 'Incidents by country, Testland 2024', cells: CELLS, note: NOTE } }, withinBudget);
        assert.match(entry.id, /^pl_/);
        assert.deepEqual({ ...entry, id: undefined, at: undefined }, { ...ENTRY, id: undefined, at: undefined, releasedBy: `user:${officer.id}`, budget: { epsilon: 1, delta: 0 } });
        assert.deepEqual(await t.store.readLedger(), [entry]);
        const shown = await t.store.getRelease(release!.id);
        assert.deepEqual(shown?.cells, CELLS);
        assert.deepEqual(shown?.note, NOTE);
        assert.equal(shown?.ledgerId, entry.id);
        assert.deepEqual([shown?.tableId, shown?.step], ['incidents-by-country-period', 'year'], 'what the table was built as, without reading the ledger query');
        assert.deepEqual((await t.store.listReleases({})).items.map((r) => [r.id, r.tableId, r.step]), [[release!.id, 'incidents-by-country-period', 'year']]);
        assert.equal((await t.store.listJournal({}, { limit: 1 })).items[0]!.action, 'monitoring.release');
        assert.equal((await t.store.readLedger()).length, 1, 'reading a release spends nothing');
      });

      it('refuses UPDATE, DELETE and TRUNCATE of the ledger and of released tables', async () => {
        const db = t.store.database.db;
        await assert.rejects(sql`update privacy_ledger set epsilon = 0`.execute(db), /append-only/);
        await assert.rejects(sql`delete from privacy_ledger`.execute(db), /append-only/);
        await assert.rejects(sql`truncate privacy_ledger cascade`.execute(db), /append-only/);
        await assert.rejects(sql`update monitoring_releases set title = 'edited'`.execute(db), /append-only/);
        await assert.rejects(sql`delete from monitoring_releases`.execute(db), /append-only/);
        assert.equal((await t.store.readLedger())[0]!.epsilon, ENTRY.epsilon);
      });

      it('lets only one of two racing releases pass a budget both cannot fit', async () => {
        const before = await t.store.readLedger();
        const spent = before.reduce((s, e) => s + e.epsilon, 0);
        // each fits alone in what is left, both together do not
        const epsilon = (1 - spent) * 0.6;
        const race = await Promise.allSettled([0, 1].map((i) => t.store.appendLedger(officer,
          { entry: { ...ENTRY, epsilon, query: `racing release ${i}`, cells: 0, suppressed: 0 }, budget: { epsilon: 1, delta: 0 } }, withinBudget)));
        assert.deepEqual(race.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
        const refused = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.ok(isAriadneError(refused.reason) && refused.reason.code === 'CONFLICT');
        assert.equal((await t.store.readLedger()).length, before.length + 1);
      });

      it('checks an entry and its table against each other', async () => {
        const budget = { epsilon: 100, delta: 0 };
        const pass: LedgerCheck = () => undefined;
        await rejects(t.store.appendLedger(officer, { entry: { ...ENTRY, k: 4 }, budget }, pass), 'VALIDATION_FAILED', ['entry.k', /from 5/]);
        await rejects(t.store.appendLedger(officer, { entry: { ...ENTRY, delta: 1e-6 }, budget }, pass), 'VALIDATION_FAILED', ['entry.delta', /pure DP/]);
        await rejects(t.store.appendLedger(officer, { entry: { ...ENTRY, mechanism: 'none' }, budget }, pass), 'VALIDATION_FAILED', ['entry.epsilon', /no budget/]);
        await rejects(t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...BUILT_AS, title: 'Short', cells: CELLS.slice(0, 2), note: NOTE } }, pass), 'VALIDATION_FAILED', ['release.cells', /2 cells/]);
        await rejects(t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...BUILT_AS, title: 'Wrong note', cells: CELLS, note: { ...NOTE, epsilon: 2 } } }, pass), 'VALIDATION_FAILED', ['release.note', /ε/]);
        const leaky = [CELLS[0]!, CELLS[1]!, { key: { country: 'XZ', year: '2024' }, value: 3, suppressed: true }];
        await rejects(t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...BUILT_AS, title: 'Leaky', cells: leaky, note: NOTE } }, pass), 'VALIDATION_FAILED', ['release.cells[2].value', /no value/]);
        const release = { ...BUILT_AS, title: 'Built as what?', cells: CELLS, note: NOTE };
        await rejects(t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...release, tableId: 'names-of-victims' as never } }, pass), 'VALIDATION_FAILED', ['release.tableId', /catalogue/]);
        await rejects(t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...release, tableId: undefined as never } }, pass), 'VALIDATION_FAILED', ['release.tableId', /catalogue/]);
        await rejects(t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...release, step: 'week' as never } }, pass), 'VALIDATION_FAILED', ['release.step', /month, quarter, year/]);
        // the database refuses a release row that does not say what it was built as
        const ledgerId = (await t.store.readLedger())[0]!.id;
        await assert.rejects(sql`insert into monitoring_releases (id, ledger_id, title, step, cells, note, released_by, at)
          values ('mr_raw', ${ledgerId}, 'Raw', 'year', '[]', '{}', 'test', now())`.execute(t.store.database.db), /table_id/);
      });

      it('stores a table later under an entry that has none, once', async () => {
        const { entry } = await t.store.appendLedger(officer, { entry: ENTRY, budget: { epsilon: 100, delta: 0 } }, () => undefined);
        const saved = await t.store.saveRelease(officer, entry.id, { ...BUILT_AS, title: 'Later table', cells: CELLS, note: NOTE });
        assert.deepEqual((await t.store.getRelease(saved.id))?.cells, CELLS);
        await rejects(t.store.saveRelease(officer, entry.id, { ...BUILT_AS, title: 'Again', cells: CELLS, note: NOTE }), 'CONFLICT', ['ledgerId', /already/]);
        await rejects(t.store.saveRelease(officer, 'pl_missing', { ...BUILT_AS, title: 'Nowhere', cells: CELLS, note: NOTE }), 'NOT_FOUND');
      });
    });

    describe('reports', () => {
      let releases: string[];
      const report = (more: Record<string, unknown> = {}) => ({
        kind: 'thematic' as const, title: 'Testland monitoring, 2024', language: 'fr' as const, from: '2024-01', to: '2024-12', releases, ...more,
      });

      before(async () => {
        const budget = { epsilon: 100, delta: 0 };
        releases = [];
        for (const title of ['Report table one', 'Report table two']) {
          const { release } = await t.store.appendLedger(officer, { entry: ENTRY, budget, release: { ...BUILT_AS, title, cells: CELLS, note: NOTE } }, () => undefined);
          releases.push(release!.id);
        }
      });

      it('saves a report\'s definition and reads it back, newest first, journalled', async () => {
        const thematic = await t.store.saveReport(officer, report({ releases: [releases[1], releases[0]], glotip: { country: 'AQ', fromYear: 2020, toYear: 2023 } }));
        assert.match(thematic.id, /^rep_/);
        assert.deepEqual({ ...thematic, id: undefined, createdAt: undefined }, {
          id: undefined, createdAt: undefined, kind: 'thematic', title: 'Testland monitoring, 2024', language: 'fr', from: '2024-01', to: '2024-12',
          releases: [releases[1], releases[0]], glotip: { country: 'AQ', fromYear: 2020, toYear: 2023 }, createdBy: `user:${officer.id}`,
        });
        assert.ok(thematic.createdAt instanceof Date);
        assert.deepEqual(await t.store.getReport(thematic.id), thematic, 'the release order is the report\'s order');
        const journal = (await t.store.listJournal({}, { limit: 1 })).items[0]!;
        assert.equal(journal.action, 'monitoring.report.create');
        assert.equal(journal.contentHash, contentHash({ report: thematic.id, kind: 'thematic', releases: [releases[1], releases[0]], glotip: { country: 'AQ', fromYear: 2020, toYear: 2023 } }));

        const profile = await t.store.saveReport(officer, report({ kind: 'country', country: 'AQ', language: 'ar', title: '  Profile:\u0007Testland  ', releases: [releases[0]] }));
        assert.deepEqual([profile.country, profile.title, profile.glotip], ['AQ', 'Profile: Testland', undefined], 'control characters become spaces, trimmed');
        assert.equal(await t.store.getReport('rep_missing'), null);

        const first = await t.store.listReports({ limit: 1 });
        assert.deepEqual(first.items.map((r) => r.id), [profile.id]);
        const second = await t.store.listReports({ limit: 1, cursor: first.next });
        assert.deepEqual(second.items, [thematic]);
        await rejects(t.store.listReports({ cursor: 'garbage' }), 'VALIDATION_FAILED', ['cursor', /cursor/]);
      });

      it('refuses a report naming an unknown or repeated release, or badly defined, writing nothing', async () => {
        const before = (await t.store.listReports({})).items.length;
        await rejects(t.store.saveReport(officer, report({ releases: [releases[0], 'mr_missing'] })), 'VALIDATION_FAILED', ['releases[1]', /no release/]);
        await rejects(t.store.saveReport(officer, report({ releases: [releases[0], releases[0]] })), 'VALIDATION_FAILED', ['releases[1]', /repeats/]);
        await rejects(t.store.saveReport(officer, report({ releases: [] })), 'VALIDATION_FAILED', ['releases', /at least one/]);
        await rejects(t.store.saveReport(officer, report({ releases: Array.from({ length: 101 }, (_, i) => `mr_${i}`) })), 'VALIDATION_FAILED', ['releases', /100/]);
        await rejects(t.store.saveReport(officer, report({ kind: 'country' })), 'VALIDATION_FAILED', ['country', /required/]);
        await rejects(t.store.saveReport(officer, report({ country: 'XX' })), 'VALIDATION_FAILED', ['country', /ISO 3166/]);
        await rejects(t.store.saveReport(officer, report({ kind: 'annual' })), 'VALIDATION_FAILED', ['kind', /thematic/]);
        await rejects(t.store.saveReport(officer, report({ language: 'de' })), 'VALIDATION_FAILED', ['language', /language/]);
        await rejects(t.store.saveReport(officer, report({ from: '2024-02-30' })), 'VALIDATION_FAILED', ['from', /ISO date/]);
        await rejects(t.store.saveReport(officer, report({ from: '2025-01', to: '2024-12' })), 'VALIDATION_FAILED', ['to', /before/]);
        await rejects(t.store.saveReport(officer, report({ title: '\u0000\u0001 ' })), 'VALIDATION_FAILED', ['title', /required/]);
        await rejects(t.store.saveReport(officer, report({ glotip: { country: 'AQ', fromYear: 2024, toYear: 2020 } })), 'VALIDATION_FAILED', ['glotip.toYear', /before/]);
        await rejects(t.store.saveReport(officer, report({ glotip: { country: 'AQ', fromYear: '2020', toYear: 2021 } })), 'VALIDATION_FAILED', ['glotip.fromYear', /whole number/]);
        await rejects(t.store.saveReport(officer, null as never), 'VALIDATION_FAILED', ['report', /required/]);
        assert.equal((await t.store.listReports({})).items.length, before);
      });

      it('refuses UPDATE, DELETE and TRUNCATE of reports', async () => {
        const db = t.store.database.db;
        const [saved] = (await t.store.listReports({ limit: 1 })).items;
        await assert.rejects(sql`update monitoring_reports set title = 'edited'`.execute(db), /append-only/);
        await assert.rejects(sql`update monitoring_reports set release_ids = array['mr_other']`.execute(db), /append-only/);
        await assert.rejects(sql`delete from monitoring_reports`.execute(db), /append-only/);
        await assert.rejects(sql`truncate monitoring_reports`.execute(db), /append-only/);
        assert.deepEqual(await t.store.getReport(saved!.id), saved);
        // and a row the store did not check is refused by the database's own checks
        await assert.rejects(sql`insert into monitoring_reports (id, kind, title, language, period_from, period_to, release_ids, created_at, created_by)
          values ('rep_raw', 'country', 'No country', 'en', '2024-01', '2024-12', array['mr_x'], now(), 'test')`.execute(db));
        await assert.rejects(sql`insert into monitoring_reports (id, kind, title, language, period_from, period_to, release_ids, created_at, created_by)
          values ('rep_raw', 'thematic', 'Backwards', 'en', '2024-12', '2024-01', array['mr_x'], now(), 'test')`.execute(db));
      });
    });

    describe('incidents and movements of our own cases', () => {
      let caseA: string;
      let caseB: string;
      let outsider: Actor;
      let consenting: { adult: string; child: string };
      let withdrawn: string;
      let silent: string;

      const person = async (caseId: string, n: number, properties: Record<string, string[]>) =>
        (await t.store.createEntity(officer, { caseId, schema: 'Person', properties: { name: [`Person ${n}`], ...properties } }, { source: 'ui' })).id;
      const consent = (entityId: string, granted: boolean) => t.store.recordConsent(officer, { entityId, purpose: 'statistics', granted });
      const create = async (caseId: string, schema: string, properties: Record<string, string[]>) =>
        (await t.store.createEntity(officer, { caseId, schema, properties }, { source: 'ui' })).id;

      before(async () => {
        caseA = (await t.store.createCase(officer, { name: 'Synthetic monitoring case A' })).id;
        caseB = (await t.store.createCase(officer, { name: 'Synthetic monitoring case B' })).id;
        outsider = { kind: 'user', id: (await t.store.createUser(system, { username: 'mon.outsider', displayName: 'Outsider (synthetic)', roles: ['analyst'], passwordHash: 'x' })).id };
        await t.store.addMember(officer, caseB, outsider.id);
        consenting = { adult: await person(caseA, 1, { gender: ['female'], birthDate: ['1990'] }), child: await person(caseA, 2, { gender: ['male'], birthDate: ['2010-05-01'] }) };
        withdrawn = await person(caseA, 3, { gender: ['female'] });
        silent = await person(caseA, 4, { gender: ['female'] });
        await consent(consenting.adult, true);
        await consent(consenting.child, true);
        await consent(withdrawn, true);
        await consent(withdrawn, false);
        const group = await create(caseA, 'Organization', { name: ['Armed Group Testland'] });
        await create(caseA, 'Incident', { name: ['Incident Alpha'], date: ['2024-03-10'], country: ['xk'], forms: ['forced_labour'], verificationStatus: ['verified'], armedGroup: [group], victims: [consenting.adult, consenting.child] });
        await create(caseA, 'Incident', { name: ['Incident Beta'], date: ['2024-04-02'], country: ['xk'], victims: [consenting.adult, withdrawn] });
        await create(caseA, 'Incident', { name: ['Incident Gamma'], date: ['2024-05-01'], victims: [silent] });
        await create(caseA, 'Incident', { name: ['Incident Delta'], startDate: ['2024-06'] });
        await create(caseA, 'Incident', { name: ['Incident Undated'], victims: [consenting.adult] });
        await create(caseA, 'Movement', { traveller: [consenting.child], originCountry: ['xk'], transitCountry: ['ad'], destinationCountry: ['ax'], startDate: ['2023-11-20'], endDate: ['2023-12'] });
        await create(caseA, 'Movement', { traveller: [withdrawn], originCountry: ['xk'], destinationCountry: ['ax'] });
      });

      it('maps incidents without names or entity ids, leaving out any that counts a person without statistics consent', async () => {
        const tally: CaseReadTally = { withheldForConsent: 0, withoutDate: 0 };
        const incidents = await collect(t.store.readCaseIncidents({ caseIds: [caseA] }, tally));
        assert.deepEqual(tally, { withheldForConsent: 2, withoutDate: 1 }, 'Beta (a withdrawal) and Gamma (no decision) withheld; one undated');
        const byDate = [...incidents].sort((a, b) => a.date.localeCompare(b.date));
        assert.equal(byDate.length, 2);
        const [alpha, delta] = byDate as [Incident, Incident];
        assert.deepEqual({ ...alpha, id: undefined }, {
          id: undefined, source: 'case', date: '2024-03-10', place: { country: 'XK' }, category: 'tip:exploitation', forms: ['forced_labour'],
          verification: 'verified', perpetratorGroup: 'Armed Group Testland',
          victims: [{ sex: 'female', ageBand: '18+', count: 1 }, { sex: 'male', ageBand: '12-17', count: 1 }],
          subjects: [consenting.adult, consenting.child].sort(),
        });
        assert.deepEqual({ ...delta, id: undefined }, { id: undefined, source: 'case', date: '2024-06', place: {}, category: 'tip:exploitation', forms: [], verification: 'reported', victims: [], subjects: [] });
        // nothing but `subjects` names an entity, a case or a person
        const text = JSON.stringify(incidents.map(({ subjects: _, ...rest }) => rest));
        for (const secret of [caseA, consenting.adult, consenting.child, 'Person 1', 'Person 2', 'Incident Alpha']) assert.ok(!text.includes(secret), secret);
        const again = await collect(t.store.readCaseIncidents({ caseIds: [caseA], batchSize: 1 }));
        assert.deepEqual(again.map((i) => i.id).sort(), incidents.map((i) => i.id).sort(), 'ids are stable across reads and batch sizes');
      });

      it('drops an incident from the next read once a counted person withdraws', async () => {
        const late = await person(caseA, 5, { gender: ['male'], birthDate: ['1980-01-01'] });
        await consent(late, true);
        await create(caseA, 'Incident', { name: ['Incident Epsilon'], date: ['2024-07-07'], victims: [late] });
        assert.ok((await collect(t.store.readCaseIncidents({ caseIds: [caseA] }))).some((i) => i.date === '2024-07-07'));
        await consent(late, false);
        assert.ok(!(await collect(t.store.readCaseIncidents({ caseIds: [caseA] }))).some((i) => i.date === '2024-07-07'));
      });

      it('maps movements into route stages under the same consent rule', async () => {
        const tally: CaseReadTally = { withheldForConsent: 0, withoutDate: 0 };
        const movements = await collect(t.store.readCaseMovements({ caseIds: [caseA] }, tally));
        assert.equal(tally.withheldForConsent, 1);
        assert.deepEqual(movements.map((m) => ({ ...m, id: undefined })), [{
          id: undefined, source: 'case', count: 1, forms: [], subjects: [consenting.child],
          stages: [
            { role: 'origin', place: { country: 'XK' }, date: '2023-11-20' },
            { role: 'transit', place: { country: 'AD' } },
            { role: 'destination', place: { country: 'AX' }, date: '2023-12' },
          ],
        }]);
      });

      it('shows a user without access to the case nothing of it', async () => {
        const visible = await t.store.memberCaseIds(outsider.id);
        assert.deepEqual(visible, [caseB]);
        assert.deepEqual(await collect(t.store.readCaseIncidents({ caseIds: visible })), []);
        assert.deepEqual(await collect(t.store.readCaseMovements({ caseIds: visible })), []);
        assert.deepEqual(await collect(t.store.readCaseIncidents({ caseIds: [] })), []);
        assert.throws(() => t.store.readCaseIncidents({ caseIds: 'all' as never }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
      });
    });
  });
}
