/**
 * The finance pages' pure logic: reading a CSV header in the browser, the column-map editor and
 * its saved maps, the alert queue's filters and live view, the FIU case form, and the routes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FinanceAlert, FiuCase } from '../src/api/finance-types.ts';
import { parseProblem } from '../src/api/problem.ts';
import { matchRoute, paths } from '../src/router/routes.ts';
import {
  actorName, alertOf, DEFAULT_FILTER, filterFromState, historyLabel, LiveAlertLoader, matchesFilter, memberName, queueQuery, queueView, typologiesOf,
} from '../src/pages/finance/alert-queue.ts';
import {
  checkDraft, deleteMap, draftOf, EMPTY_DRAFT, matchingMap, MAX_SAVED_MAPS, readSavedMaps, SAVED_MAPS_KEY, saveMap, suggestColumns,
} from '../src/pages/finance/column-maps.ts';
import { HEADER_SAMPLE_BYTES, MAX_HEADER_COLUMNS, readFileHeader, readHeaderRow, sniffDelimiter } from '../src/pages/finance/csv-header.ts';
import { draftOfCase, draftProblems, patchOf, schemaErrors, searchCodes } from '../src/pages/finance/fiu-case-form.ts';
import { formatOfName } from '../src/pages/finance/import-format.ts';

/** an in-memory Storage; `full` makes every write throw, as a full or disabled storage does */
function memoryStorage(initial: Record<string, string> = {}, full = false) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      data.set(k, v);
    },
  };
}

function alert(over: Partial<FinanceAlert> & { id: string }): FinanceAlert {
  return {
    caseId: 'c1', datasetId: null, typology: 'ml-fan-in', detectors: ['fan-in'], score: 0.6, accounts: ['ACC-0001'], transactions: ['T1'],
    explanation: 'Synthetic', findings: [], algorithm: 'ariadne-typologies@1', status: 'new', assignee: null, disposition: null, fiuCaseId: null,
    createdAt: '2024-03-04T10:00:00.000Z', updatedAt: '2024-03-04T10:00:00.000Z', ...over,
  };
}

describe('reading the header row of a chosen CSV file', () => {
  test('a comma file, with a byte-order mark and trimmed names', () => {
    assert.deepEqual(readHeaderRow('\uFEFFid, from ,to,amount,timestamp\r\nT1,A,B,1,2024-01-01T00:00:00Z'), {
      columns: ['id', 'from', 'to', 'amount', 'timestamp'], delimiter: ',',
    });
  });

  test('the delimiter is sniffed from the first line, quotes respected', () => {
    assert.equal(sniffDelimiter('Ref;Date;"Montant, EUR";Compte\n1;2;3;4'), ';');
    assert.equal(sniffDelimiter('a\tb\tc'), '\t');
    assert.equal(sniffDelimiter('"a,b,c"|x|y'), '|');
    assert.equal(sniffDelimiter('single'), ',');
  });

  test('quoted names keep delimiters, doubled quotes and line breaks', () => {
    const row = readHeaderRow('"Ref";"Montant; net";"Dit ""x""";"Deux\nlignes"\n1;2;3;4');
    assert.deepEqual(row?.columns, ['Ref', 'Montant; net', 'Dit "x"', 'Deux\nlignes']);
    assert.equal(row?.delimiter, ';');
  });

  test('names in other scripts are kept as written', () => {
    assert.deepEqual(readHeaderRow('المعرف,من,إلى\n1,2,3')?.columns, ['المعرف', 'من', 'إلى']);
  });

  test('an empty sample, a quote never closed or a header longer than the sample gives null', () => {
    assert.equal(readHeaderRow(''), null);
    assert.equal(readHeaderRow(' \n \n'), null);
    assert.equal(readHeaderRow('"id,from,to'), null);
    assert.equal(readHeaderRow('id,from,to'), null, 'no line break in a partial sample: the header may go on');
    assert.deepEqual(readHeaderRow('id,from,to', { complete: true })?.columns, ['id', 'from', 'to']);
    assert.equal(readHeaderRow(',,,\n1,2,3,4'), null, 'only empty names');
  });

  test('a hostile header with a million columns is cut at the limit', () => {
    const row = readHeaderRow(`${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`);
    assert.equal(row?.columns.length, MAX_HEADER_COLUMNS);
  });

  test('a file is read from its first bytes only', async () => {
    const big = new Blob(['id;from;to;amount;timestamp\n', 'x'.repeat(HEADER_SAMPLE_BYTES * 4)]);
    assert.deepEqual((await readFileHeader(big))?.columns, ['id', 'from', 'to', 'amount', 'timestamp']);
    assert.deepEqual((await readFileHeader(new Blob(['a|b']), '|'))?.columns, ['a', 'b'], 'a small file is whole: no line break needed');
  });
});

describe('the column map', () => {
  test('required fields must be mapped; a map names only what is set, defaults left out', () => {
    const empty = checkDraft(EMPTY_DRAFT);
    assert.equal(empty.ok, false);
    assert.deepEqual(!empty.ok && empty.missing, ['id', 'from', 'to', 'amount', 'timestamp']);
    const draft = { ...EMPTY_DRAFT, columns: { id: 'Ref', from: 'Debtor', to: 'Creditor', amount: 'Amt', timestamp: 'Booked', currency: ' ' } };
    assert.deepEqual(checkDraft(draft), { ok: true, map: { id: 'Ref', from: 'Debtor', to: 'Creditor', amount: 'Amt', timestamp: 'Booked' } });
    const options = checkDraft({ ...draft, delimiter: ';', decimalSeparator: ',', defaultCurrency: 'EUR' });
    assert.deepEqual(options.ok && options.map, {
      id: 'Ref', from: 'Debtor', to: 'Creditor', amount: 'Amt', timestamp: 'Booked', delimiter: ';', decimal_separator: ',', default_currency: 'EUR',
    });
  });

  test("columns the file's header lacks and a bad currency are named", () => {
    const draft = { ...EMPTY_DRAFT, defaultCurrency: 'euro', columns: { id: 'Ref', from: 'A', to: 'B', amount: 'Amt', timestamp: 'When', type: 'Kind' } };
    const check = checkDraft(draft, ['Ref', 'A', 'B', 'Amt', 'When']);
    assert.equal(check.ok, false);
    assert.deepEqual(!check.ok && check.absent, ['type']);
    assert.equal(!check.ok && check.badCurrency, true);
  });

  test('a suggestion maps each field to one header at most, by name or usual synonym', () => {
    assert.deepEqual(suggestColumns(['Transaction ID', 'Sender', 'Receiver', 'Amount', 'Date', 'Currency', 'From_Country', 'Notes']), {
      id: 'Transaction ID', from: 'Sender', to: 'Receiver', amount: 'Amount', timestamp: 'Date', currency: 'Currency', from_country: 'From_Country',
    });
    assert.deepEqual(suggestColumns(['Amount', 'Amount']), { amount: 'Amount' });
    assert.deepEqual(suggestColumns([]), {});
  });

  test('a saved map opens as a draft; unknown or bad options fall back to the defaults', () => {
    assert.deepEqual(draftOf({ id: 'a', from: 'b', to: 'c', amount: 'd', timestamp: 'e', delimiter: ';', decimal_separator: ',', default_currency: 'EUR' }), {
      columns: { id: 'a', from: 'b', to: 'c', amount: 'd', timestamp: 'e' }, delimiter: ';', decimalSeparator: ',', defaultCurrency: 'EUR',
    });
    assert.deepEqual(draftOf({ id: 'a', delimiter: ';;' }), { columns: { id: 'a' }, delimiter: ',', decimalSeparator: '.', defaultCurrency: '' });
  });
});

describe('column maps saved in the browser', () => {
  const map = { id: 'Ref', from: 'A', to: 'B', amount: 'Amt', timestamp: 'When' };

  test('saved, replaced by name, listed newest first, deleted', () => {
    const storage = memoryStorage();
    assert.deepEqual(readSavedMaps(storage), []);
    saveMap(storage, 'Bank A', map, new Date('2024-01-01T00:00:00Z'));
    const { maps, stored } = saveMap(storage, ' Bank B ', { ...map, delimiter: ';' }, new Date('2024-02-01T00:00:00Z'));
    assert.equal(stored, true);
    assert.deepEqual(maps.map((m) => m.name), ['Bank B', 'Bank A']);
    saveMap(storage, 'Bank A', { ...map, currency: 'Ccy' }, new Date('2024-03-01T00:00:00Z'));
    assert.deepEqual(readSavedMaps(storage).map((m) => [m.name, m.map.currency]), [['Bank A', 'Ccy'], ['Bank B', undefined]]);
    assert.deepEqual(deleteMap(storage, 'Bank A').map((m) => m.name), ['Bank B']);
    assert.deepEqual(readSavedMaps(storage).map((m) => m.name), ['Bank B']);
  });

  test('at most 20 are kept', () => {
    const storage = memoryStorage();
    for (let i = 0; i < MAX_SAVED_MAPS + 5; i++) saveMap(storage, `Bank ${i}`, map, new Date(Date.UTC(2024, 0, 1, 0, i)));
    const maps = readSavedMaps(storage);
    assert.equal(maps.length, MAX_SAVED_MAPS);
    assert.equal(maps[0]?.name, `Bank ${MAX_SAVED_MAPS + 4}`);
  });

  test('a full or missing storage still answers the map, saying it was not stored', () => {
    assert.equal(saveMap(memoryStorage({}, true), 'Bank', map, new Date()).stored, false);
    assert.equal(saveMap(null, 'Bank', map, new Date()).stored, false);
    assert.deepEqual(readSavedMaps(null), []);
  });

  test('hostile or corrupt stored data is skipped entry by entry', () => {
    const good = { name: 'Good', map, savedAt: '2024-01-01T00:00:00.000Z' };
    const proto = '{"name":"Proto","savedAt":"x","map":{"id":"a","from":"b","to":"c","amount":"d","timestamp":"e","__proto__":{"polluted":"yes"}}}';
    const storage = memoryStorage({
      [SAVED_MAPS_KEY]: JSON.stringify([
        good,
        'PROTO',
        { name: 'Unknown key', map: { ...map, script: 'alert(1)' }, savedAt: 'x' },
        { name: 'No id', map: { from: 'A', to: 'B', amount: 'Amt', timestamp: 'When' }, savedAt: 'x' },
        { name: 'Huge', map: { ...map, id: 'x'.repeat(10_000) }, savedAt: 'x' },
        { name: 'Bad delimiter', map: { ...map, delimiter: ';;' }, savedAt: 'x' },
        { name: '', map, savedAt: 'x' },
        null, 7, 'text',
      ]).replace('"PROTO"', proto),
    });
    assert.deepEqual(readSavedMaps(storage), [good]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(readSavedMaps(memoryStorage({ [SAVED_MAPS_KEY]: '{not json' })), []);
    assert.deepEqual(readSavedMaps(memoryStorage({ [SAVED_MAPS_KEY]: '{"a":1}' })), []);
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => undefined };
    assert.deepEqual(readSavedMaps(throwing), []);
  });

  test("the newest saved map whose columns are all in the file's header is offered", () => {
    const storage = memoryStorage();
    saveMap(storage, 'Old', map, new Date('2024-01-01T00:00:00Z'));
    saveMap(storage, 'With type', { ...map, type: 'Kind' }, new Date('2024-02-01T00:00:00Z'));
    const maps = readSavedMaps(storage);
    assert.equal(matchingMap(maps, ['Ref', 'A', 'B', 'Amt', 'When', 'Kind'])?.name, 'With type');
    assert.equal(matchingMap(maps, ['Ref', 'A', 'B', 'Amt', 'When'])?.name, 'Old');
    assert.equal(matchingMap(maps, ['Ref', 'A', 'B']), null);
  });

  test('the import format follows the file name', () => {
    assert.equal(formatOfName('bank-export.csv'), 'csv');
    assert.equal(formatOfName('camt053.XML'), 'iso20022');
    assert.equal(formatOfName('payments.ndjson'), 'ftm');
    assert.equal(formatOfName('payments.jsonl'), 'ftm');
    assert.equal(formatOfName('no-extension'), 'csv');
  });
});

describe('the alert queue', () => {
  test('filters from history state are checked field by field', () => {
    assert.deepEqual(filterFromState(null), DEFAULT_FILTER);
    assert.deepEqual(filterFromState({ caseId: 'c1', status: 'closed', typology: 'ml-fan-in', mine: true, minScore: 0.7 }),
      { caseId: 'c1', status: 'closed', typology: 'ml-fan-in', mine: true, minScore: 0.7 });
    assert.deepEqual(filterFromState({ caseId: 7, status: 'bogus', typology: '../x', mine: 'yes', minScore: 5 }),
      { ...DEFAULT_FILTER, minScore: 1 });
    assert.equal(filterFromState({ minScore: Number.NaN }).minScore, 0);
  });

  test('the server query names only what is filtered; "mine" is the user id', () => {
    assert.deepEqual(queueQuery(DEFAULT_FILTER, 'u1', undefined), {});
    assert.deepEqual(queueQuery({ caseId: 'c1', status: 'open', typology: 'ml-cycle', mine: true, minScore: 0.5 }, 'u1', 'new'),
      { caseId: 'c1', status: 'new', typology: 'ml-cycle', assignee: 'u1', minScore: 0.5 });
  });

  test('the view lays live alerts over the loaded pages, drops what no longer matches, highest score first', () => {
    const loaded = [alert({ id: 'a', score: 0.9 }), alert({ id: 'b', score: 0.7 }), alert({ id: 'c', score: 0.5 })];
    const live = new Map([
      ['b', alert({ id: 'b', score: 0.7, status: 'closed' })], // closed since: leaves the open view
      ['d', alert({ id: 'd', score: 0.8 })], // arrived
      ['e', alert({ id: 'e', score: 0.95, caseId: 'c2' })], // another case
      ['f', alert({ id: 'f', score: 0.2 })], // below the minimum
    ]);
    const filter = { ...DEFAULT_FILTER, caseId: 'c1', minScore: 0.3 };
    assert.deepEqual(queueView(loaded, live, filter, 'u1').map((a) => a.id), ['a', 'd', 'c']);
    assert.deepEqual(queueView([...loaded, loaded[0]!], new Map(), { ...DEFAULT_FILTER, status: 'all' }, 'u1').map((a) => a.id), ['a', 'b', 'c']);
  });

  test('an alert matches by case, status (open = new or in review), typology, assignee and score', () => {
    const a = alert({ id: 'a', status: 'in_review', assignee: 'u1' });
    assert.equal(matchesFilter(a, DEFAULT_FILTER, 'u1'), true);
    assert.equal(matchesFilter(a, { ...DEFAULT_FILTER, status: 'new' }, 'u1'), false);
    assert.equal(matchesFilter(alert({ id: 'x', status: 'escalated' }), DEFAULT_FILTER, 'u1'), false);
    assert.equal(matchesFilter(alert({ id: 'x', status: 'escalated' }), { ...DEFAULT_FILTER, status: 'all' }, 'u1'), true);
    assert.equal(matchesFilter(a, { ...DEFAULT_FILTER, mine: true }, 'u2'), false);
    assert.equal(matchesFilter(a, { ...DEFAULT_FILTER, typology: 'ml-cycle' }, 'u1'), false);
    assert.equal(matchesFilter(a, { ...DEFAULT_FILTER, minScore: 0.6 }, 'u1'), true, 'the minimum is inclusive');
  });

  test('live alerts are fetched a few at a time, each once, newest change kept', async () => {
    const requested: string[] = [];
    const answers = new Map<string, (a: FinanceAlert | null) => void>();
    const loaded: string[] = [];
    let overflows = 0;
    const loader = new LiveAlertLoader({
      load: (id) => {
        requested.push(id);
        return new Promise((resolve) => answers.set(id, resolve));
      },
      onLoaded: (a, change) => loaded.push(`${change}:${a.id}`),
      onOverflow: () => { overflows += 1; },
      concurrency: 2,
      maxPending: 3,
    });
    const event = (id: string, change: 'new' | 'updated' = 'new') => ({ id, typology: 'ml-fan-in', score: 0.8, change });
    loader.push(event('a'));
    loader.push(event('b'));
    loader.push(event('c'));
    loader.push(event('c', 'updated')); // still waiting: fetched once, as new
    assert.deepEqual(requested, ['a', 'b'], 'two at a time');
    assert.equal(loader.waiting, 1);
    answers.get('a')!(alert({ id: 'a' }));
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(requested, ['a', 'b', 'c']);
    answers.get('b')!(null); // gone meanwhile: nothing shown
    answers.get('c')!(alert({ id: 'c' }));
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(loaded, ['new:a', 'new:c']);
    assert.equal(overflows, 0);
  });

  test('a burst past the limit is dropped for one reload; a reset ignores answers in flight', async () => {
    const answers: ((a: FinanceAlert | null) => void)[] = [];
    const loaded: string[] = [];
    let overflows = 0;
    const loader = new LiveAlertLoader({
      load: () => new Promise((resolve) => answers.push(resolve)),
      onLoaded: (a) => loaded.push(a.id),
      onOverflow: () => { overflows += 1; },
      concurrency: 1,
      maxPending: 2,
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) loader.push({ id, typology: 't', score: 1, change: 'new' });
    assert.equal(overflows, 1, 'told once');
    assert.equal(loader.waiting, 0);
    loader.reset();
    answers[0]!(alert({ id: 'a' })); // asked before the reset: ignored
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(loaded, []);
    loader.push({ id: 'f', typology: 't', score: 1, change: 'new' });
    answers[1]!(alert({ id: 'f' }));
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(loaded, ['f']);
    const detail = { ...alert({ id: 'g' }), history: [], evidence: [], accountDetails: [] };
    assert.deepEqual(alertOf(detail), alert({ id: 'g' }));
  });

  test('typologies seen are offered sorted, once each', () => {
    assert.deepEqual(typologiesOf([alert({ id: 'a', typology: 'ml-cycle' }), alert({ id: 'b' })], ['ht-funnel', 'ml-cycle']), ['ht-funnel', 'ml-cycle', 'ml-fan-in']);
  });

  test('history steps read as messages; unknown actions as sent', () => {
    assert.deepEqual(historyLabel('raised'), { key: 'finance.history.raised' });
    assert.deepEqual(historyLabel('status:in_review'), { key: 'finance.history.status', vars: { status: 'finance.status.in_review' } });
    assert.deepEqual(historyLabel('disposition:not_suspicious'), { key: 'finance.history.disposition', vars: { disposition: 'finance.disposition.not_suspicious' } });
    assert.deepEqual(historyLabel('status:bogus'), { key: '', raw: 'status:bogus' });
    assert.deepEqual(historyLabel('reopened'), { key: '', raw: 'reopened' });
  });

  test('actors and assignees read as member names', () => {
    const members = [{ userId: 'u1', username: 'fiu1', displayName: 'Test Analyst 1' }, { userId: 'u2', username: 'fiu2', displayName: '' }];
    assert.equal(actorName('user:u1', members), 'Test Analyst 1');
    assert.equal(actorName('user:u2', members), 'fiu2');
    assert.equal(actorName('system:scan', members), 'system:scan');
    assert.equal(actorName('user:gone', members), 'user:gone');
    assert.equal(memberName('u1', members), 'Test Analyst 1');
    assert.equal(memberName('gone', members), 'gone');
  });
});

describe('the FIU case form', () => {
  const fiu: FiuCase = {
    id: 'f1', caseId: 'c1', title: 'Synthetic funnel', status: 'draft', reportCode: 'STR', reason: '', action: '', indicators: ['A1'],
    alertIds: ['a1'], entityIds: [], transactionIds: ['T1'], createdBy: 'user:u1', createdAt: '2024-03-04T10:00:00.000Z',
    updatedAt: '2024-03-04T10:00:00.000Z', reportedAt: null, reportSha256: null,
  };

  test('only what changed is sent; nothing changed is no patch', () => {
    const draft = draftOfCase(fiu);
    assert.equal(patchOf(fiu, draft), null);
    assert.deepEqual(patchOf(fiu, { ...draft, reason: 'Funnel into ACC-0100', title: ' Synthetic funnel ' }), { reason: 'Funnel into ACC-0100' });
    assert.deepEqual(patchOf(fiu, { ...draft, indicators: ['A1', 'B2'], entityIds: ['e1'], status: 'ready' }),
      { indicators: ['A1', 'B2'], entityIds: ['e1'], status: 'ready' });
  });

  test('a reported case reads back unchanged: the form never sends its status', () => {
    const reported: FiuCase = { ...fiu, status: 'reported', reportedAt: '2024-03-05T10:00:00.000Z', reportSha256: 'ab'.repeat(32) };
    assert.equal(patchOf(reported, draftOfCase(reported)), null);
    assert.deepEqual(patchOf(fiu, { ...draftOfCase(fiu), status: 'reported' }), null);
  });

  test("what the server would refuse is named before sending", () => {
    assert.deepEqual(draftProblems(draftOfCase(fiu)), {});
    assert.deepEqual(draftProblems({ ...draftOfCase(fiu), title: '  ', reportCode: 'str', indicators: ['ok', 'not ok'], reason: 'x'.repeat(4001) }), {
      title: 'finance.fiu.problem.title', reportCode: 'finance.fiu.problem.reportCode', indicators: 'finance.fiu.problem.indicator', reason: 'finance.fiu.problem.tooLong',
    });
  });

  test('code search: code prefixes first, then labels with a word starting with each word, accents ignored', () => {
    const codes = [
      { code: 'TF01', label: 'Terrorist financing' }, { code: 'HT02', label: 'Traite des êtres humains' },
      { code: 'TERR', label: 'Other' }, { code: 'X1' },
    ];
    assert.deepEqual(searchCodes(codes, 'te', [], 20).map((c) => c.code), ['TERR', 'TF01']);
    assert.deepEqual(searchCodes(codes, 'terrorist', [], 20).map((c) => c.code), ['TF01']);
    assert.deepEqual(searchCodes(codes, 'etres traite', [], 20).map((c) => c.code), ['HT02']);
    assert.deepEqual(searchCodes(codes, 'T', ['TF01'], 1).map((c) => c.code), ['TERR']);
    assert.deepEqual(searchCodes(codes, '   ', [], 20), []);
  });

  test("a refused export's schema errors become a readable list", () => {
    const problem = parseProblem(422, {
      code: 'ARIADNE_VALIDATION_FAILED', detail: 'The report does not validate.',
      errors: { '/report/transaction[1]/amount_local': 'Element amount_local: not a valid value', 0: 'whole report' },
    });
    assert.deepEqual(schemaErrors(problem), [
      { where: '', message: 'whole report' },
      { where: '/report/transaction[1]/amount_local', message: 'Element amount_local: not a valid value' },
    ]);
  });
});

describe('finance routes', () => {
  test('only ids are in the paths', () => {
    assert.equal(paths.finance(), '/finance');
    assert.equal(paths.financeAlerts(), '/finance/alerts');
    assert.equal(paths.financeAlert('a/1'), '/finance/alerts/a%2F1');
    assert.equal(paths.financeAlertNetwork('a1'), '/finance/alerts/a1/network');
    assert.equal(paths.fiuCase('f1'), '/finance/cases/f1');
    assert.deepEqual(matchRoute('/finance'), { name: 'finance', params: {} });
    assert.deepEqual(matchRoute('/finance/alerts'), { name: 'financeAlerts', params: {} });
    assert.deepEqual(matchRoute('/finance/alerts/a%2F1'), { name: 'financeAlert', params: { alertId: 'a/1' } });
    assert.deepEqual(matchRoute('/finance/alerts/a1/network'), { name: 'financeAlertNetwork', params: { alertId: 'a1' } });
    assert.deepEqual(matchRoute('/finance/cases/f1'), { name: 'fiuCase', params: { fiuCaseId: 'f1' } });
    assert.equal(matchRoute('/finance/cases').name, 'notFound');
  });
});
