import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListEntry, ScreeningAlert } from '../src/api/screening-types.ts';
import type { Page } from '../src/api/types.ts';
import { entryView, hasDossier, isScreenable, mergeBlocked, newestFirst, scorePercent, scriptOf, unionPage } from '../src/lib/screening-view.ts';

test('scorePercent rounds and clamps, and survives nonsense', () => {
  assert.equal(scorePercent(0.876), 88);
  assert.equal(scorePercent(1), 100);
  assert.equal(scorePercent(1.7), 100);
  assert.equal(scorePercent(-0.2), 0);
  assert.equal(scorePercent(Number.NaN), 0);
  assert.equal(scorePercent(Number.POSITIVE_INFINITY), 0);
});

type Item = { id: string; createdAt: string };

/** a server list of `items` answered `size` at a time, cursors being offsets */
function pager(items: readonly Item[], size: number, seen: Array<string | null>) {
  return async (cursor: string | null): Promise<Page<Item>> => {
    seen.push(cursor);
    const start = cursor ? Number(cursor) : 0;
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? String(end) : null };
  };
}

test('unionPage pages over two filters at once, newest first, until both are done', async () => {
  const open = [{ id: 'o1', createdAt: '2026-01-05' }, { id: 'o2', createdAt: '2026-01-03' }, { id: 'o3', createdAt: '2026-01-01' }];
  const review = [{ id: 'r1', createdAt: '2026-01-04' }];
  const seenOpen: Array<string | null> = [];
  const seenReview: Array<string | null> = [];
  const loaders = { open: pager(open, 2, seenOpen), review: pager(review, 2, seenReview) };
  const first = await unionPage(loaders, null, newestFirst);
  assert.deepEqual(first.items.map((i) => i.id), ['o1', 'r1', 'o2']);
  assert.ok(first.next);
  const second = await unionPage(loaders, first.next, newestFirst);
  assert.deepEqual(second.items.map((i) => i.id), ['o3']);
  assert.equal(second.next, null);
  assert.deepEqual(seenOpen, [null, '2']);
  assert.deepEqual(seenReview, [null], 'a finished filter is not asked again');
});

test('unionPage starts over on a cursor it cannot read (hostile or stale)', async () => {
  const seen: Array<string | null> = [];
  const loaders = { a: pager([{ id: 'a1', createdAt: '2026-01-01' }], 5, seen) };
  for (const bad of ['not json', '42', 'null', '{"a": {"x": 1}}', '[]']) {
    const page = await unionPage(loaders, bad, newestFirst);
    assert.deepEqual(page.items.map((i) => i.id), ['a1'], bad);
  }
  assert.ok(seen.every((c) => c === null));
});

test('scriptOf names non-Latin scripts only', () => {
  assert.equal(scriptOf('محمد صلاح الدين'), 'Arabic');
  assert.equal(scriptOf('Тестов Альфа'), 'Cyrillic');
  assert.equal(scriptOf('Testperson Alpha'), null);
  assert.equal(scriptOf(''), null);
});

const entry: ListEntry = {
  list: 'un-sc', entry: 'QDi.999', subjectId: 'un-sc-QDi.999', schema: 'Person', caption: 'Testperson Alpha Synthetic', firstVersionId: 'v1',
  entities: [
    {
      id: 'un-sc-QDi.999', schema: 'Person', properties: {
        name: ['Testperson Alpha Synthetic'], alias: ['Test Alpha', 'تست ألفا'], weakAlias: ['Alfa'], previousName: ['Testperson Old'],
        birthDate: ['1970', '1970'], nationality: ['eg'], passportNumber: ['X000000'],
        notes: ['Document X000000: Passport, Egypt', 'Date of birth: approximately 1970'],
      },
    },
    { id: 'un-sc-QDi.999-sanction', schema: 'Sanction', properties: { program: ['Al-Qaida'], listingDate: ['2001-01-25'], authority: ['UN Security Council'] } },
  ],
};

test('entryView lays a designation out by name quality, marking the original script', () => {
  const view = entryView(entry);
  assert.equal(view.subject?.id, 'un-sc-QDi.999');
  assert.deepEqual(view.names.map((n) => [n.quality, n.value, n.script]), [
    ['name', 'Testperson Alpha Synthetic', null],
    ['alias', 'Test Alpha', null],
    ['alias', 'تست ألفا', 'Arabic'],
    ['weakAlias', 'Alfa', null],
    ['previousName', 'Testperson Old', null],
  ]);
  assert.deepEqual(view.birthDates, ['1970']);
  assert.deepEqual(view.nationalities, ['eg']);
  assert.deepEqual(view.documents, ['X000000', 'Document X000000: Passport, Egypt']);
  assert.deepEqual(view.programmes, ['Al-Qaida']);
  assert.deepEqual(view.listingDates, ['2001-01-25']);
  assert.deepEqual(view.notes, ['Date of birth: approximately 1970']);
});

test('entryView copes with an entry without entities or with only a Sanction', () => {
  const empty = entryView({ ...entry, entities: [] });
  assert.equal(empty.subject, null);
  assert.deepEqual(empty.names, []);
  const onlySanction = entryView({ ...entry, subjectId: 'missing', entities: [entry.entities[1]!] });
  assert.equal(onlySanction.subject, null);
  assert.deepEqual(onlySanction.programmes, ['Al-Qaida']);
});

test('mergeBlocked: only open proposals within one case can be merged', () => {
  const a = { id: 'a', schema: 'Person', caption: 'Testperson Alpha', caseId: 'c1' };
  assert.equal(mergeBlocked({ a, b: { ...a, id: 'b' }, status: 'open' }), null);
  assert.equal(mergeBlocked({ a, b: { ...a, id: 'b', caseId: 'c2' }, status: 'open' }), 'duplicates.crossCase');
  assert.equal(mergeBlocked({ a, b: { ...a, id: 'b' }, status: 'merged' }), 'duplicates.notOpen');
});

test('persons and organisations are screened and get a dossier; other schemata do not', () => {
  for (const s of ['Person', 'Organization', 'Company']) assert.ok(isScreenable(s) && hasDossier(s), s);
  for (const s of ['Address', 'Vehicle', 'Sanction', 'Ownership']) assert.ok(!isScreenable(s) && !hasDossier(s), s);
});

test('newestFirst orders alerts by creation time, newest first', () => {
  const alerts = [{ createdAt: '2026-01-01T00:00:00.000Z' }, { createdAt: '2026-03-01T00:00:00.000Z' }] as ScreeningAlert[];
  assert.deepEqual([...alerts].sort(newestFirst).map((a) => a.createdAt.slice(0, 7)), ['2026-03', '2026-01']);
});
