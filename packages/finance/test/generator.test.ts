import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAriadneError } from '@ariadne/schema';
import {
  generateTransactions, generateTransactionStream, PLANTED_TYPOLOGIES, type GeneratedData, type PlantedPattern, type PlantedTypology,
} from '../src/generator.ts';
import { csvField, isoTime, GENERATED_TRANSACTION_COLUMNS, writeGeneratedFiles } from '../src/generator-files.ts';
import { parseColumnMap } from '../src/column-map.ts';
import { parseCurrencyTable } from '../src/currency.ts';
import { readTransactionsCsvFile } from '../src/transactions-csv.ts';
import { parseAccountMap, readAccountsCsv } from '../src/accounts-csv.ts';
import { csvFileChunks } from '../src/csv-records.ts';
import { CASH_ACCOUNT, type TransactionRecord } from '../src/types.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** one data set for most tests: 3,000 accounts, 40,000 transactions over 60 days, 1 % illicit */
const OPTIONS = { seed: 11, accounts: 3_000, transactions: 40_000, illicitShare: 0.01 } as const;
const data: GeneratedData = generateTransactions(OPTIONS);
const byId = new Map(data.transactions.map((tx) => [tx.id, tx]));
const accountById = new Map(data.accounts.map((a) => [a.id, a]));

function txsOf(pattern: PlantedPattern): TransactionRecord[] {
  return pattern.transactions.map((id) => byId.get(id)!);
}

function patternsOf(typology: PlantedTypology): PlantedPattern[] {
  return data.patterns.filter((p) => p.typology === typology);
}

function span(txs: readonly TransactionRecord[]): number {
  return Math.max(...txs.map((t) => t.timestamp)) - Math.min(...txs.map((t) => t.timestamp));
}

function expectValidation(run: () => unknown, field: string): void {
  assert.throws(run, (error: unknown) => isAriadneError(error) && error.code === 'VALIDATION_FAILED' && error.details?.[field] !== undefined);
}

describe('generateTransactions: determinism and volume', () => {
  test('the same seed gives the same data, another seed other data', () => {
    const small = { seed: 5, accounts: 1_000, transactions: 8_000, illicitShare: 0.01 };
    const a = generateTransactions(small);
    const b = generateTransactions(small);
    assert.deepEqual(a, b);
    const c = generateTransactions({ ...small, seed: 6 });
    assert.notDeepEqual(c.transactions.slice(0, 50), a.transactions.slice(0, 50));
  });

  test('the stream replays the same transactions on every iteration, equal to the array variant', () => {
    const stream = generateTransactionStream({ seed: 5, accounts: 1_000, transactions: 8_000, illicitShare: 0.01 });
    const first = [...stream.transactions];
    const second = [...stream.transactions];
    assert.equal(first.length, 8_000);
    assert.deepEqual(second, first);
    assert.deepEqual(generateTransactions({ seed: 5, accounts: 1_000, transactions: 8_000, illicitShare: 0.01 }).transactions, first);
  });

  test('exactly the requested number of transactions, ids unique and opaque', () => {
    assert.equal(data.transactions.length, OPTIONS.transactions);
    assert.equal(byId.size, data.transactions.length);
    for (const tx of data.transactions) assert.match(tx.id, /^TX-[0-9A-F]{8}$/);
    assert.equal(data.accounts.length, OPTIONS.accounts);
  });

  test('the illicit share is honoured: at most the share, and nearly all of it used', () => {
    const illicit = new Set(data.patterns.flatMap((p) => p.transactions));
    const share = illicit.size / data.transactions.length;
    assert.ok(share <= OPTIONS.illicitShare, `share ${share}`);
    assert.ok(share >= OPTIONS.illicitShare * 0.95, `share ${share}`);
    const none = generateTransactions({ seed: 2, accounts: 1_000, transactions: 8_000, illicitShare: 0 });
    assert.equal(none.patterns.length, 0);
  });

  test('in time order, with planted transactions interleaved with the background, not appended', () => {
    for (let i = 1; i < data.transactions.length; i++) assert.ok(data.transactions[i - 1]!.timestamp <= data.transactions[i]!.timestamp);
    const illicit = new Set(data.patterns.flatMap((p) => p.transactions));
    const positions = data.transactions.flatMap((tx, i) => (illicit.has(tx.id) ? [i] : []));
    const quarters = new Set(positions.map((i) => Math.floor((4 * i) / data.transactions.length)));
    assert.deepEqual([...quarters].sort(), [0, 1, 2, 3]);
    const first = data.transactions[0]!.timestamp;
    const last = data.transactions.at(-1)!.timestamp;
    assert.ok(first >= Date.UTC(2026, 0, 1) && last < Date.UTC(2026, 0, 1) + 60 * DAY);
  });
});

describe('generateTransactions: planted patterns', () => {
  test('every typology is planted, each label names existing transactions and exactly their accounts', () => {
    assert.deepEqual(new Set(data.patterns.map((p) => p.typology)), new Set(PLANTED_TYPOLOGIES));
    const seen = new Set<string>();
    for (const p of data.patterns) {
      assert.match(p.id, /^PAT-\d{4}$/);
      assert.ok(p.transactions.length >= 2, `${p.typology} has ${p.transactions.length}`);
      const txs = txsOf(p);
      assert.ok(txs.every((tx) => tx !== undefined), `${p.id} names a missing transaction`);
      for (let i = 1; i < txs.length; i++) assert.ok(txs[i - 1]!.timestamp <= txs[i]!.timestamp, `${p.id} out of time order`);
      const accounts = new Set(txs.flatMap((tx) => [tx.from, tx.to]).filter((a) => a !== CASH_ACCOUNT));
      assert.deepEqual(p.accounts, [...accounts].sort());
      for (const id of p.transactions) { assert.ok(!seen.has(id), `${id} in two patterns`); seen.add(id); }
    }
  });

  test('the eight laundering shapes keep to their windows and move money between parties', () => {
    for (const t of ['fan_in', 'fan_out', 'cycle', 'bipartite', 'stack', 'random', 'scatter_gather', 'gather_scatter'] as const) {
      for (const p of patternsOf(t)) {
        const txs = txsOf(p);
        assert.ok(span(txs) <= 12 * DAY, `${t} spans ${span(txs) / DAY} days`);
        assert.ok(txs.every((tx) => tx.kind === 'transfer' || tx.kind === 'wire'), `${t} uses transfers and wires`);
        assert.ok(p.accounts.length >= 3);
      }
    }
  });

  test('fan-in: several sources into one account; fan-out: one account to several', () => {
    for (const p of patternsOf('fan_in')) {
      const txs = txsOf(p);
      assert.equal(new Set(txs.map((t) => t.to)).size, 1);
      assert.equal(new Set(txs.map((t) => t.from)).size, txs.length);
      assert.ok(txs.length >= 3 && txs.length <= 15);
    }
    for (const p of patternsOf('fan_out')) {
      const txs = txsOf(p);
      assert.equal(new Set(txs.map((t) => t.from)).size, 1);
      assert.equal(new Set(txs.map((t) => t.to)).size, txs.length);
    }
  });

  test('cycle: a closed ring, each hop after the last and a little smaller', () => {
    for (const p of patternsOf('cycle')) {
      const txs = txsOf(p);
      assert.equal(txs[0]!.from, txs.at(-1)!.to, 'the ring closes');
      for (let i = 1; i < txs.length; i++) {
        assert.equal(txs[i]!.from, txs[i - 1]!.to, 'each hop leaves from where the last arrived');
        const cut = 1 - txs[i]!.amount / txs[i - 1]!.amount;
        assert.ok(cut > 0.005 && cut < 0.06, `cut ${cut}`);
      }
    }
  });

  test('scatter-gather and gather-scatter: intermediaries pass on most of what they get, soon after', () => {
    for (const p of patternsOf('scatter_gather')) {
      const txs = txsOf(p);
      const sources = new Set(txs.map((t) => t.from).filter((a) => !txs.some((t) => t.to === a)));
      const sinks = new Set(txs.map((t) => t.to).filter((a) => !txs.some((t) => t.from === a)));
      assert.equal(sources.size, 1);
      assert.equal(sinks.size, 1);
      for (const inTx of txs.filter((t) => sources.has(t.from))) {
        const outTx = txs.find((t) => t.from === inTx.to)!;
        assert.ok(outTx.amount < inTx.amount && outTx.amount > inTx.amount * 0.94);
        assert.ok(outTx.timestamp >= inTx.timestamp && outTx.timestamp - inTx.timestamp <= 48 * HOUR);
      }
    }
    for (const p of patternsOf('gather_scatter')) {
      const txs = txsOf(p);
      const counts = new Map<string, number>();
      for (const t of txs) for (const a of [t.from, t.to]) counts.set(a, (counts.get(a) ?? 0) + 1);
      const hub = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      const ins = txs.filter((t) => t.to === hub);
      const outs = txs.filter((t) => t.from === hub);
      assert.ok(ins.length >= 3 && outs.length >= 3);
      assert.ok(Math.min(...outs.map((t) => t.timestamp)) >= Math.max(...ins.map((t) => t.timestamp)));
      const sumIn = ins.reduce((s, t) => s + t.amount, 0);
      const sumOut = outs.reduce((s, t) => s + t.amount, 0);
      assert.ok(sumOut < sumIn && sumOut > sumIn * 0.9, `out ${sumOut} in ${sumIn}`);
    }
  });

  test('wage sweep: a salary from the payroll, then most of it to a controller within hours, every payday', () => {
    for (const p of patternsOf('wage_sweep')) {
      const txs = txsOf(p);
      const salaries = txs.filter((t) => t.kind === 'salary');
      assert.equal(salaries.length * 2, txs.length);
      assert.ok(salaries.length >= 2, 'repeated monthly');
      const controllers = new Set(txs.filter((t) => t.kind !== 'salary').map((t) => t.to));
      assert.equal(controllers.size, 1);
      for (const salary of salaries) {
        const sweep = txs.find((t) => t.kind === 'transfer' && t.from === salary.to && t.timestamp >= salary.timestamp && t.timestamp - salary.timestamp <= 8 * HOUR)!;
        assert.ok(sweep, 'swept within hours');
        assert.ok(sweep.amount >= 0.69 * salary.amount && sweep.amount <= 0.96 * salary.amount);
        // the victim's salary is posted in the employer's payroll batch, with the other employees'
        assert.ok(data.transactions.some((t) => t.kind === 'salary' && t.from === salary.from && t.timestamp === salary.timestamp && t.id !== salary.id));
      }
    }
  });

  test('wage pooling: several named workers paid into one account on the same payroll', () => {
    for (const p of patternsOf('wage_pooling')) {
      const txs = txsOf(p);
      assert.ok(txs.every((t) => t.kind === 'salary'));
      assert.equal(new Set(txs.map((t) => t.to)).size, 1);
      const firstPayday = txs.filter((t) => t.timestamp === txs[0]!.timestamp);
      assert.ok(new Set(firstPayday.map((t) => t.beneficiaryName)).size >= 2);
      assert.ok(firstPayday.every((t) => /^Test Worker \d+$/.test(t.beneficiaryName ?? '')));
    }
  });

  test('rivulets and spigot: many small domestic credits, then one wire abroad of most of the sum', () => {
    for (const p of patternsOf('rivulets_spigot')) {
      const txs = txsOf(p);
      const spigot = txs.at(-1)!;
      const inflows = txs.slice(0, -1);
      assert.equal(spigot.kind, 'wire');
      assert.notEqual(spigot.toCountry, data.context.homeCountry);
      assert.ok(inflows.length >= 6 && inflows.every((t) => t.amount < 1_000 && t.to === spigot.from));
      const sum = inflows.reduce((s, t) => s + t.amount, 0);
      assert.ok(spigot.amount <= sum && spigot.amount >= 0.84 * sum);
    }
  });

  test('ransom pooling: senders abroad pool to one intermediary, who sends one transfer to a conflict country', () => {
    for (const p of patternsOf('ransom_pooling')) {
      const txs = txsOf(p);
      const out = txs.at(-1)!;
      assert.ok(data.context.conflictCountries.includes(out.toCountry!));
      for (const t of txs.slice(0, -1)) {
        assert.equal(t.to, out.from);
        assert.notEqual(t.fromCountry, data.context.homeCountry);
      }
    }
  });

  test('structuring: cash deposits just below the reporting threshold', () => {
    for (const p of patternsOf('structuring')) {
      for (const t of txsOf(p)) {
        assert.equal(t.kind, 'cash_deposit');
        assert.equal(t.from, CASH_ACCOUNT);
        assert.ok(t.amount < 10_000 && t.amount >= 8_000, `${t.amount}`);
      }
    }
  });

  test('the typology mix decides what is planted', () => {
    const only = generateTransactions({ seed: 3, accounts: 1_000, transactions: 8_000, illicitShare: 0.02, typologyMix: { ...Object.fromEntries(PLANTED_TYPOLOGIES.map((t) => [t, 0])), cycle: 1 } });
    assert.ok(only.patterns.length > 3);
    assert.ok(only.patterns.every((p) => p.typology === 'cycle'));
  });
});

describe('generateTransactions: background', () => {
  test('payroll: employers pay several employees salaries in one batch, every month', () => {
    const batches = new Map<string, Set<string>>();
    for (const t of data.transactions) {
      if (t.kind !== 'salary') continue;
      const key = `${t.from} ${t.timestamp}`;
      batches.set(key, (batches.get(key) ?? new Set()).add(t.to));
    }
    const large = [...batches].filter(([, to]) => to.size >= 5);
    assert.ok(large.length >= 10, `${large.length} payroll batches of 5+`);
    const employers = new Map<string, number>();
    for (const [key] of large) { const e = key.split(' ')[0]!; employers.set(e, (employers.get(e) ?? 0) + 1); }
    assert.ok([...employers.values()].some((months) => months >= 2), 'payroll recurs');
    for (const [key] of large) assert.equal(accountById.get(key.split(' ')[0]!)!.kind, 'business');
  });

  test('merchants: card payments from many different customers, with a merchant category', () => {
    const payers = new Map<string, Set<string>>();
    for (const t of data.transactions) {
      if (t.kind !== 'card') continue;
      assert.match(t.merchantCategory ?? '', /^\d{4}$/);
      assert.ok(t.location);
      payers.set(t.to, (payers.get(t.to) ?? new Set()).add(t.from));
    }
    const busy = [...payers.values()].filter((s) => s.size >= 30).length;
    assert.ok(busy >= 10, `${busy} merchants with 30+ card customers`);
    for (const merchant of payers.keys()) assert.match(accountById.get(merchant)!.businessType ?? '', /^retail: /);
  });

  test('habits recur: the same pairs pay each other in different months (rent, bills, friends)', () => {
    const months = new Map<string, Set<number>>();
    for (const t of data.transactions) {
      if (t.kind !== 'transfer') continue;
      const key = `${t.from} ${t.to}`;
      months.set(key, (months.get(key) ?? new Set()).add(new Date(t.timestamp).getUTCMonth()));
    }
    const recurring = [...months.values()].filter((m) => m.size >= 2).length;
    assert.ok(recurring >= 500, `${recurring} recurring pairs`);
  });

  test('ATM cash, cash deposits, wires abroad and to conflict countries, EUR accounts, loans repaid', () => {
    const kinds = new Map<string, number>();
    for (const t of data.transactions) kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
    for (const kind of ['card', 'salary', 'transfer', 'wire', 'cash_withdrawal', 'cash_deposit']) assert.ok((kinds.get(kind) ?? 0) > 100, kind);
    assert.ok(data.transactions.some((t) => t.kind === 'cash_withdrawal' && t.to === CASH_ACCOUNT && t.amount % 20 === 0));
    const illicit = new Set(data.patterns.flatMap((p) => p.transactions));
    assert.ok(data.transactions.some((t) => !illicit.has(t.id) && data.context.conflictCountries.includes(t.toCountry ?? '')), 'family in conflict countries');
    assert.ok(data.transactions.some((t) => t.currency === 'EUR'));
    assert.equal(data.currency.base, 'USD');
    assert.ok(data.currency.rates.EUR! > 0);
    // a loan: A pays B, and B pays A the same amount back a week or more later
    const paid = new Map<string, number>();
    let repaid = 0;
    for (const t of data.transactions) {
      if (t.kind !== 'transfer') continue;
      const back = paid.get(`${t.to} ${t.from} ${t.amount}`);
      if (back !== undefined && t.timestamp - back >= 6 * DAY) repaid++;
      paid.set(`${t.from} ${t.to} ${t.amount}`, t.timestamp);
    }
    assert.ok(repaid >= 5, `${repaid} loans repaid`);
  });

  test('KYC for every account, customers with several accounts, businesses with a line of business', () => {
    for (const t of data.transactions) {
      assert.notEqual(t.from, t.to, `${t.id} pays its own account`);
      for (const ref of [t.from, t.to]) if (ref !== CASH_ACCOUNT) assert.ok(accountById.has(ref), `no KYC for ${ref}`);
    }
    const perCustomer = new Map<string, number>();
    for (const a of data.accounts) {
      assert.match(a.id, /^ACC-\d{6}$/);
      assert.ok(a.kind && a.bank && a.country && a.city);
      if (a.kind === 'business') assert.ok(a.businessType);
      if (a.customerId) perCustomer.set(a.customerId, (perCustomer.get(a.customerId) ?? 0) + 1);
      assert.match(a.holderName ?? '', /^(Test Person|ACME Synthetic) /);
    }
    assert.ok([...perCustomer.values()].filter((n) => n >= 2).length >= 50);
    assert.ok(data.accounts.some((a) => a.country !== data.context.homeCountry));
  });

  test('context: threshold, home country and conflict countries', () => {
    assert.deepEqual(data.context, { reportingThreshold: 10_000, homeCountry: 'US', conflictCountries: ['SY', 'YE', 'SD'] });
  });
});

describe('generateTransactions: options', () => {
  test('bad options are refused, naming the option', () => {
    expectValidation(() => generateTransactions({ seed: 1, accounts: 10 }), 'accounts');
    expectValidation(() => generateTransactions({ seed: 1.5 }), 'seed');
    expectValidation(() => generateTransactions({ seed: 1, illicitShare: 0.5 }), 'illicitShare');
    expectValidation(() => generateTransactions({ seed: 1, days: 7 }), 'days');
    expectValidation(() => generateTransactions({ seed: 1, start: '01/02/2026' }), 'start');
    expectValidation(() => generateTransactions({ seed: 1, homeCountry: 'us' }), 'homeCountry');
    expectValidation(() => generateTransactions({ seed: 1, conflictCountries: ['US'] }), 'conflictCountries');
    expectValidation(() => generateTransactions({ seed: 1, typologyMix: { smurfing: 1 } as never }), 'typologyMix');
    expectValidation(() => generateTransactions({ seed: 1, typologyMix: { cycle: -1 } }), 'typologyMix');
    // payroll alone would take more than the budget
    expectValidation(() => generateTransactions({ seed: 1, accounts: 20_000, transactions: 2_000 }), 'transactions');
  });

  test('start date, threshold and countries are honoured', () => {
    const d = generateTransactions({
      seed: 4, accounts: 1_000, transactions: 8_000, illicitShare: 0.02, start: '2025-03-01', reportingThreshold: 5_000, homeCountry: 'DE', conflictCountries: ['YE'],
    });
    assert.ok(d.transactions[0]!.timestamp >= Date.UTC(2025, 2, 1));
    assert.deepEqual(d.context, { reportingThreshold: 5_000, homeCountry: 'DE', conflictCountries: ['YE'] });
    const ids = new Map(d.transactions.map((t) => [t.id, t]));
    for (const p of d.patterns.filter((x) => x.typology === 'structuring')) for (const id of p.transactions) assert.ok(ids.get(id)!.amount < 5_000);
    for (const p of d.patterns.filter((x) => x.typology === 'ransom_pooling')) assert.equal(ids.get(p.transactions.at(-1)!)!.toCountry, 'YE');
  });
});

describe('writeGeneratedFiles', () => {
  test('writes the transactions CSV, its column map, KYC, labels, currency and context', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ariadne-gen-'));
    try {
      const small = generateTransactionStream({ seed: 9, accounts: 1_000, transactions: 8_000, illicitShare: 0.01 });
      const written = await writeGeneratedFiles(small, dir);
      assert.equal(written.transactions, 8_000);
      assert.deepEqual((await readdir(dir)).sort(), ['accounts-map.json', 'accounts.csv', 'context.json', 'currency.json', 'map.json', 'patterns.jsonl', 'transactions.csv']);
      const lines = (await readFile(join(dir, 'transactions.csv'), 'utf8')).trimEnd().split('\n');
      assert.equal(lines[0], GENERATED_TRANSACTION_COLUMNS.join(','));
      assert.equal(lines.length, 8_001);
      const first = [...small.transactions][0]!;
      const row = lines[1]!.split(',');
      assert.equal(row[0], first.id);
      assert.equal(row[1], isoTime(first.timestamp));
      assert.match(row[1]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.equal(row[4], first.amountText);
      assert.equal(row[6], first.kind);
      const map = JSON.parse(await readFile(join(dir, 'map.json'), 'utf8')) as Record<string, string>;
      for (const key of ['id', 'from', 'to', 'amount', 'timestamp', 'currency', 'type', 'from_bank', 'to_bank', 'beneficiary_name']) assert.equal(map[key], key);
      const accounts = (await readFile(join(dir, 'accounts.csv'), 'utf8')).trimEnd().split('\n');
      assert.equal(accounts[0], 'id,customer_id,holder_name,kind,business_type,bank,country,city');
      assert.equal(accounts.length, 1_001);
      const kycMap = JSON.parse(await readFile(join(dir, 'accounts-map.json'), 'utf8')) as Record<string, string>;
      assert.equal(kycMap.customer_id, 'customer_id');
      const patterns = (await readFile(join(dir, 'patterns.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as PlantedPattern);
      assert.deepEqual(patterns, small.patterns);
      assert.deepEqual(JSON.parse(await readFile(join(dir, 'currency.json'), 'utf8')), small.currency);
      assert.deepEqual(JSON.parse(await readFile(join(dir, 'context.json'), 'utf8')), small.context);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the files read back through the scan\'s CSV readers as the same records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ariadne-gen-'));
    try {
      const small = generateTransactions({ seed: 13, accounts: 1_000, transactions: 8_000, illicitShare: 0.01 });
      await writeGeneratedFiles(small, dir);
      const map = parseColumnMap(JSON.parse(await readFile(join(dir, 'map.json'), 'utf8')));
      const currency = parseCurrencyTable(JSON.parse(await readFile(join(dir, 'currency.json'), 'utf8')));
      const read = await readTransactionsCsvFile(join(dir, 'transactions.csv'), { map, currency });
      assert.deepEqual(read.errors, []);
      assert.equal(read.outOfOrder, 0);
      const defined = (x: object) => Object.fromEntries(Object.entries(x).filter(([k, v]) => v !== undefined && k !== 'rawType'));
      assert.deepEqual(read.records.map(defined), small.transactions.map(defined));
      const accounts = await readAccountsCsv(csvFileChunks(join(dir, 'accounts.csv')), parseAccountMap(JSON.parse(await readFile(join(dir, 'accounts-map.json'), 'utf8'))));
      assert.deepEqual(accounts.errors, []);
      assert.deepEqual(accounts.records.map(defined), small.accounts.map(defined));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a stream that fails half way leaves no file behind, not even a part', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ariadne-gen-'));
    try {
      const small = generateTransactions({ seed: 9, accounts: 1_000, transactions: 8_000 });
      function* failing(): Generator<TransactionRecord> {
        yield* small.transactions.slice(0, 5_000);
        throw new Error('disk gone');
      }
      await assert.rejects(writeGeneratedFiles({ ...small, transactions: failing() as unknown as TransactionRecord[] }, dir), /disk gone/);
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('CSV fields with commas, quotes or line breaks are quoted; times drop zero milliseconds', () => {
    assert.equal(csvField('Test Person 1'), 'Test Person 1');
    assert.equal(csvField('ACME, Ltd'), '"ACME, Ltd"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(undefined), '');
    assert.equal(isoTime(Date.UTC(2026, 0, 5, 8, 30)), '2026-01-05T08:30:00Z');
    assert.equal(isoTime(Date.UTC(2026, 0, 5, 8, 30, 0, 250)), '2026-01-05T08:30:00.250Z');
  });
});
