// `ariadne finance …` as an analyst or another tool runs it: the batch scan contract of issue 10
// (`finance scan --transactions TX.csv --map MAP.json --output ALERTS.jsonl`), its exit codes on
// bad input, the synthetic data round trip (generate, scan, evaluate), and the store path
// (import, alerts, triage, FIU case, goAML report). Every account and name here is invented.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { validateAgainstXsd } from '@ariadne/finance';
import { CliError } from '../src/exit-codes.ts';
import { binaryKind, estimateLines, parseScanContext, readJsonConfig } from '../src/commands/finance-files.ts';
import { alertLineOf, readJsonLines } from '../src/commands/finance-synthetic.ts';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-finance-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ALERT_FIELDS = ['detector', 'typology', 'score', 'accounts', 'transactions', 'explanation'];

/** a bank export's own headers, named by the map */
const HEADER = 'Ref,Booked At,Debtor Account,Creditor Account,Amount,Currency,Type';
const MAP = { id: 'Ref', timestamp: 'Booked At', from: 'Debtor Account', to: 'Creditor Account', amount: 'Amount', currency: 'Currency', type: 'Type' };

/** three months of unremarkable traffic: rent, a salary, card payments, a transfer on */
function background(): string[] {
  const rows: string[] = [];
  let n = 0;
  for (const month of [1, 2, 3]) {
    for (const [from, to, amount, type] of [
      ['ACC-0001', 'ACC-0002', '1200.00', 'transfer'], ['ACC-0003', 'ACC-0004', '2500.00', 'salary'],
      ['ACC-0005', 'ACC-0006', '80.25', 'card'], ['ACC-0002', 'ACC-0007', '300.00', 'transfer'],
    ] as const) {
      n++;
      rows.push(`TX-BG-${String(n).padStart(3, '0')},2026-0${month}-0${(n % 8) + 1}T09:00:00Z,${from},${to},${amount},USD,${type}`);
    }
  }
  return rows;
}

/** the planted fan-in: six new senders pay ACC-HUB alike amounts within three days */
const FAN_IDS = ['TX-FAN-1', 'TX-FAN-2', 'TX-FAN-3', 'TX-FAN-4', 'TX-FAN-5', 'TX-FAN-6'];
function fanIn(currency = 'USD'): string[] {
  return ['4850.00', '4900.00', '4875.00', '4925.00', '4890.00', '4910.00'].map((amount, i) =>
    `${FAN_IDS[i]},2026-02-1${Math.floor(i / 2)}T1${i}:00:00+02:00,ACC-S0${i + 1},ACC-HUB,${amount},${currency},transfer`);
}

function file(name: string, content: string | Buffer | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return path;
}

function csv(name: string, rows: readonly string[]): string {
  return file(name, `${[HEADER, ...rows].join('\n')}\n`);
}

const mapFile = file('map.json', MAP);
/** one typology of the fan-in detector alone, so the expected output is exactly one line */
const fanTypologies = file('fan-typologies.json', {
  algorithm: 'test-fan@1',
  typologies: [{ id: 'test-fan-in', title: 'Fan-in', description: 'The fan-in detector alone.', threshold: 0.5, rules: [{ detector: 'fan-in', weight: 1 }] }],
});

function alertLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('every finance command has --help with examples', async () => {
  const commands = [['scan'], ['generate'], ['evaluate'], ['import'], ['alerts'], ['alert'], ['case', 'create'], ['report']];
  for (const command of commands) {
    const run = await runCli(['finance', ...command, '--help']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Examples?:\n {2}npx ariadne finance /, command.join(' '));
  }
  const scan = await runCli(['finance', 'scan', '--help']);
  assert.match(scan.stdout, /\{"detector": "fan-in", "typology": .*"explanation"/);
  assert.match(scan.stdout, /Exit code 3/);
});

describe('finance scan: the batch contract', () => {
  const fanCsv = csv('fan.csv', [...background(), ...fanIn()]);

  test('a planted fan-in becomes one alert line with exactly the contract\'s fields', async () => {
    const output = join(dir, 'alerts.jsonl');
    const run = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', mapFile, '--typologies', fanTypologies, '--output', output]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const [alert, ...rest] = alertLines(readFileSync(output, 'utf8'));
    assert.equal(rest.length, 0);
    assert.deepEqual(Object.keys(alert!), ALERT_FIELDS);
    assert.equal(alert!.detector, 'fan-in');
    assert.equal(alert!.typology, 'test-fan-in');
    assert.ok(typeof alert!.score === 'number' && alert!.score >= 0.5 && alert!.score <= 1);
    assert.deepEqual(alert!.accounts, ['ACC-HUB', 'ACC-S01', 'ACC-S02', 'ACC-S03', 'ACC-S04', 'ACC-S05', 'ACC-S06']);
    assert.deepEqual(alert!.transactions, FAN_IDS);
    assert.match(String(alert!.explanation), /6 new senders paid 29,350\.00 USD/);
    assert.match(run.stderr, /Scanned 18 transactions of 14 parties: 1 alert written to/);
    // written whole: no partial file is left beside it
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.part')), []);
  });

  test('with the built-in typologies and no --output the lines go to stdout; --stats reports the run', async () => {
    const run = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', mapFile, '--stats']);
    assert.equal(run.code, 0, run.stderr);
    const fan = alertLines(run.stdout).find((a) => a.detector === 'fan-in');
    assert.ok(fan, run.stdout);
    assert.deepEqual(Object.keys(fan), ALERT_FIELDS);
    assert.deepEqual(fan.transactions, FAN_IDS);
    const stats = JSON.parse(/^stats: (.*)$/m.exec(run.stderr)![1]!);
    assert.equal(stats.transactions, 18);
    assert.equal(stats.parties, 14);
    assert.equal(stats.refused, 0);
    assert.equal(stats.alertsPerTypology[String(fan.typology)], 1);
    for (const phase of ['kyc', 'read', 'scan', 'write', 'total']) assert.equal(typeof stats.seconds[phase], 'number');
    assert.ok(stats.peakRssMb > 0);
  });

  test('a malformed row: exit 3, its line and problem on stderr and in --errors, the rest scanned', async () => {
    const rows = [...background(), ...fanIn()];
    rows.splice(3, 0, 'TX-BAD-1,2026-01-05T10:00:00Z,ACC-0008,ACC-0009,-12.00,USD,transfer'); // line 5
    rows.splice(6, 0, 'TX-BAD-2,05/01/2026,ACC-0008,ACC-0009,12.00,USD,transfer'); // line 8
    const input = csv('malformed.csv', rows);
    const output = join(dir, 'malformed-alerts.jsonl');
    const errors = join(dir, 'malformed-errors.jsonl');
    const run = await runCli(['finance', 'scan', '--transactions', input, '--map', mapFile, '--typologies', fanTypologies, '--output', output, '--errors', errors]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^2 records refused:\n {2}line 5 \(Amount\): amount "-12\.00" is negative/m);
    assert.match(run.stderr, /^ {2}line 8 \(Booked At\): timestamp "05\/01\/2026" is not ISO 8601/m);
    assert.match(run.stderr, /Scanned 18 transactions .* 2 records refused\./);
    assert.deepEqual(alertLines(readFileSync(errors, 'utf8')).map((e) => [e.file, e.record, e.field]), [
      ['transactions', '5', 'Amount'], ['transactions', '8', 'Booked At'],
    ]);
    assert.deepEqual(alertLines(readFileSync(output, 'utf8'))[0]!.transactions, FAN_IDS);
  });

  test('stderr shows the first 20 refused records and counts the rest', async () => {
    const bad = Array.from({ length: 25 }, (_, i) => `TX-NEG-${i},2026-01-05T10:00:00Z,ACC-0008,ACC-0009,-${i + 1}.00,USD,transfer`);
    const run = await runCli(['finance', 'scan', '--transactions', csv('many-bad.csv', [...bad, ...fanIn()]), '--map', mapFile, '--typologies', fanTypologies]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /^25 records refused:$/m);
    assert.equal((run.stderr.match(/^ {2}line \d+ \(Amount\)/gm) ?? []).length, 20);
    assert.match(run.stderr, /… and 5 more \(pass --errors FILE\.jsonl to list every one\)/);
    assert.equal(alertLines(run.stdout).length, 1);
  });

  test('a hostile row (100,000 characters, an unclosed quote) is refused on its own; the rest is scanned', async () => {
    const rows = [...background(), ...fanIn()];
    rows.splice(2, 0, `TX-LONG,2026-01-05T10:00:00Z,ACC-0008,ACC-0009,${'9'.repeat(100_000)},USD,transfer`);
    const run = await runCli(['finance', 'scan', '--transactions', csv('hostile.csv', [...rows, 'TX-OPEN,2026-03-30T10:00:00Z,"ACC-0008,ACC-0009,1.00,USD,transfer']), '--map', mapFile, '--typologies', fanTypologies]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^2 records refused:\n {2}line 4: the record is longer than 65536 characters\n {2}line 21: a quoted field opened in this record is never closed/m);
    assert.deepEqual(alertLines(run.stdout)[0]!.transactions, FAN_IDS);
    assert.ok(run.stderr.length < 2000, 'the refused row is not echoed');
  });

  test('a mapped column missing from the header: exit 2 with a one-line message', async () => {
    const map = file('map-missing.json', { ...MAP, timestamp: 'Value Date' });
    const output = join(dir, 'never.jsonl');
    const run = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', map, '--output', output]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^ariadne: The CSV header does not match the column map \(timestamp: column "Value Date" is not in the header\)/);
    assert.equal(existsSync(output), false);
  });

  test('a bad map or option is a usage error (exit 2)', async () => {
    const unknownKey = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', file('map-extra.json', { ...MAP, colour: 'Red' })]);
    assert.equal(unknownKey.code, 2);
    assert.match(unknownKey.stderr, /The column map is not valid: colour\./);
    const notJson = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', file('map-broken.json', '{"id": ')]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /is not valid JSON/);
    const noMap = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', join(dir, 'no-map.json')]);
    assert.equal(noMap.code, 2);
    const kycAlone = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', mapFile, '--accounts', fanCsv]);
    assert.equal(kycAlone.code, 2);
    assert.match(kycAlone.stderr, /--accounts KYC\.csv and --accounts-map MAP\.json together/);
    const badTypology = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', mapFile, '--typologies', file('typ-bad.json', {
      algorithm: 'x@1', typologies: [{ id: 'x', title: 'X', description: '', threshold: 0.5, rules: [{ detector: 'no-such-detector', weight: 1 }] }],
    })]);
    assert.equal(badTypology.code, 2);
    assert.match(badTypology.stderr, /unknown detectors/);
    const badContext = await runCli(['finance', 'scan', '--transactions', fanCsv, '--map', mapFile, '--context', file('ctx-bad.json', { homeCountry: 'usa' })]);
    assert.equal(badContext.code, 2);
    assert.match(badContext.stderr, /homeCountry must be an ISO 3166-1 alpha-2 code/);
  });

  test('a binary, missing or empty transactions file: exit 5 with a one-line message', async () => {
    const zip = file('export.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    const xlsx = await runCli(['finance', 'scan', '--transactions', zip, '--map', mapFile]);
    assert.equal(xlsx.code, 5);
    assert.equal(xlsx.stderr.trim().split('\n').length, 1);
    assert.match(xlsx.stderr, /is a ZIP archive \(an \.xlsx or \.ods workbook\?\), not CSV/);
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;
    const binary = await runCli(['finance', 'scan', '--transactions', file('random.bin', random), '--map', mapFile]);
    assert.equal(binary.code, 5);
    assert.match(binary.stderr, /is a binary file/);
    const utf16 = await runCli(['finance', 'scan', '--transactions', file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')])), '--map', mapFile]);
    assert.equal(utf16.code, 5);
    assert.match(utf16.stderr, /UTF-16/);
    const missing = await runCli(['finance', 'scan', '--transactions', join(dir, 'nope.csv'), '--map', mapFile]);
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /does not exist/);
    const empty = await runCli(['finance', 'scan', '--transactions', file('empty.csv', ''), '--map', mapFile]);
    assert.equal(empty.code, 5);
    assert.match(empty.stderr, /The CSV is empty/);
  });

  test('--rates: a second currency is refused per record without it and converted with it', async () => {
    const eur = csv('eur.csv', [...background(), ...fanIn('EUR')]);
    const without = await runCli(['finance', 'scan', '--transactions', eur, '--map', mapFile, '--typologies', fanTypologies]);
    assert.equal(without.code, 3);
    assert.match(without.stderr, /line \d+ \(Currency\): no rate for currency "EUR" in the currency table \(base USD\); pass --rates RATES\.json with a rate for it/);
    assert.equal(without.stdout, '');
    const rates = file('rates.json', { base: 'USD', rates: { EUR: 1.1 }, asOf: '2026-02-01' });
    const withRates = await runCli(['finance', 'scan', '--transactions', eur, '--map', mapFile, '--typologies', fanTypologies, '--rates', rates]);
    assert.equal(withRates.code, 0, withRates.stderr);
    const [alert] = alertLines(withRates.stdout);
    assert.deepEqual(alert!.transactions, FAN_IDS);
    // 29,350.00 EUR at 1.1 in the base currency
    assert.match(String(alert!.explanation), /32,285\.00 USD/);
    const badRates = await runCli(['finance', 'scan', '--transactions', eur, '--map', mapFile, '--rates', file('rates-bad.json', { base: 'USD', rates: { EURO: 1.1 } })]);
    assert.equal(badRates.code, 2);
    assert.match(badRates.stderr, /The currency table is not valid: rates\.EURO/);
  });
});

describe('finance generate, scan and evaluate', () => {
  test('round trip on a small seed: labelled files, alerts, then recall, precision and F1', async () => {
    const out = join(dir, 'synthetic');
    const generated = await runCli(['finance', 'generate', '--out', out, '--transactions', '20000', '--accounts', '2000', '--seed', '3']);
    assert.equal(generated.code, 0, generated.stderr);
    const written = JSON.parse(generated.stdout);
    assert.equal(written.transactions, 20_000);
    const patterns = readFileSync(join(out, 'patterns.jsonl'), 'utf8').trim().split('\n');
    assert.equal(written.patterns, patterns.length);
    assert.ok(patterns.length > 0);

    const alerts = join(dir, 'synthetic-alerts.jsonl');
    const scan = await runCli(['finance', 'scan', '--transactions', join(out, 'transactions.csv'), '--map', join(out, 'map.json'),
      '--accounts', join(out, 'accounts.csv'), '--accounts-map', join(out, 'accounts-map.json'), '--rates', join(out, 'currency.json'),
      '--context', join(out, 'context.json'), '--output', alerts]);
    assert.equal(scan.code, 0, scan.stderr);
    const lines = alertLines(readFileSync(alerts, 'utf8'));
    assert.ok(lines.length > 0);
    for (const line of lines) assert.deepEqual(Object.keys(line), ALERT_FIELDS);

    const evaluated = await runCli(['finance', 'evaluate', '--alerts', alerts, '--patterns', join(out, 'patterns.jsonl'),
      '--transactions', join(out, 'transactions.csv'), '--map', join(out, 'map.json')]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const evaluation = JSON.parse(evaluated.stdout);
    assert.equal(evaluation.transactions.total, 20_000);
    assert.equal(evaluation.patterns.planted, patterns.length);
    assert.equal(evaluation.alerts.total, lines.length);
    assert.ok(evaluation.patterns.found > 0, evaluated.stdout);
    assert.ok(evaluation.transactions.f1 > 0 && evaluation.transactions.f1 <= 1);
    assert.ok(evaluation.typologies.every((t: { recall: number }) => t.recall >= 0 && t.recall <= 1));

    // the same seed writes the same labels
    const again = await runCli(['finance', 'generate', '--out', join(dir, 'synthetic-again'), '--transactions', '20000', '--accounts', '2000', '--seed', '3']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(join(dir, 'synthetic-again', 'patterns.jsonl'), 'utf8'), readFileSync(join(out, 'patterns.jsonl'), 'utf8'));
  });

  test('bad generator options and malformed evaluation inputs', async () => {
    const share = await runCli(['finance', 'generate', '--out', join(dir, 'x'), '--illicit-share', '0.5']);
    assert.equal(share.code, 2);
    const few = await runCli(['finance', 'generate', '--out', join(dir, 'x'), '--transactions', '10']);
    assert.equal(few.code, 2);
    assert.equal(existsSync(join(dir, 'x')), false);

    const fanCsv = csv('eval.csv', [...background(), ...fanIn()]);
    const patterns = file('eval-patterns.jsonl', `${JSON.stringify({ id: 'PAT-0001', typology: 'fan_in', transactions: FAN_IDS, accounts: [] })}\n`);
    const good = file('eval-alerts.jsonl', `${JSON.stringify({ detector: 'fan-in', typology: 'ml-fan-in', score: 0.9, accounts: [], transactions: FAN_IDS.slice(0, 4), explanation: 'x' })}\n`);
    const ok = await runCli(['finance', 'evaluate', '--alerts', good, '--patterns', patterns, '--transactions', fanCsv, '--map', mapFile]);
    assert.equal(ok.code, 0, ok.stderr);
    const evaluation = JSON.parse(ok.stdout);
    assert.deepEqual(evaluation.typologies, [{ typology: 'fan_in', planted: 1, found: 1, recall: 1 }]);
    assert.equal(evaluation.transactions.total, 18);
    assert.equal(evaluation.transactions.truePositives, 4);
    assert.equal(evaluation.transactions.falseNegatives, 2);

    const broken = file('eval-broken.jsonl', `${readFileSync(good, 'utf8')}{"detector": "fan-in", "score": \n`);
    const notJson = await runCli(['finance', 'evaluate', '--alerts', broken, '--patterns', patterns, '--transactions', fanCsv, '--map', mapFile]);
    assert.equal(notJson.code, 5);
    assert.match(notJson.stderr, /alerts file .*, line 2: not valid JSON/);
    const wrongShape = file('eval-shape.jsonl', `${JSON.stringify({ detector: 'fan-in', score: 'high' })}\n`);
    const shape = await runCli(['finance', 'evaluate', '--alerts', wrongShape, '--patterns', patterns, '--transactions', fanCsv, '--map', mapFile]);
    assert.equal(shape.code, 5);
    assert.match(shape.stderr, /line 1: not an alert line/);
    const otherData = file('eval-other.jsonl', `${JSON.stringify({ id: 'PAT-1', typology: 'cycle', transactions: Array.from({ length: 40 }, (_, i) => `TX-${i}`), accounts: [] })}\n`);
    const mismatch = await runCli(['finance', 'evaluate', '--alerts', good, '--patterns', otherData, '--transactions', fanCsv, '--map', mapFile]);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /same data set/);
  });
});

describe('finance import, alerts, triage, FIU case and goAML report (embedded database)', () => {
  const data = join(dir, 'data');
  const cli = (...args: string[]) => runCli(['--data', data, ...args]);
  /** the fan-in with the banks' BICs (synthetic), which a goAML 5.0.2 account needs */
  const BANK_HEADER = `${HEADER},Debtor Bank,Creditor Bank`;
  const bankRows = [...background(), ...fanIn()].map((row) => `${row},TESTUS33,ACMELKLX`);
  const transactions = file('store-tx.csv', `${[BANK_HEADER, ...bankRows].join('\n')}\n`);
  const bankMap = file('store-map.json', { ...MAP, from_bank: 'Debtor Bank', to_bank: 'Creditor Bank' });
  const kyc = file('kyc.csv', 'Account,Customer,Name,Segment,Country\nACC-HUB,CUST-1,ACME Synthetic Ltd,business,US\nACC-S01,CUST-2,Test Person One,personal,US\n');
  const kycMap = file('kyc-map.json', { id: 'Account', customer_id: 'Customer', holder_name: 'Name', kind: 'Segment', country: 'Country' });
  /** a synthetic reporting entity; the shipped example schemas and code lists */
  const goamlConfig = file('goaml.json', {
    reportingEntity: {
      id: 12, branch: 'Main branch', institutionName: 'ACME Synthetic Bank', bic: 'ACMELKLX',
      reportingPerson: { firstName: 'Test', lastName: 'Officer', occupation: 'Compliance officer' },
      location: { address: '1 Synthetic Street', city: 'Colombo', countryCode: 'LK', state: 'Western' },
    },
    currencyCodeLocal: 'USD', timeZone: 'UTC', pseudonymKey: 'test-only-pseudonym-key-0123456789abcdef', schemas: { '5.0.2': {}, '2.0': {} },
  });
  const XSD_502 = new URL('../../../packages/finance/goaml/schemas/goAMLSchema-5.0.2.xsd', import.meta.url).pathname;

  test('an analyst\'s path from a bank export to a valid goAML report', async () => {
    const created = await cli('case', 'create', 'Synthetic finance case');
    assert.equal(created.code, 0, created.stderr);
    const caseId = created.stdout.trim();

    // import: KYC and transactions stored, the case scanned, the fan-in recorded as an alert
    const imported = await cli('finance', 'import', '--case', caseId, '--transactions', transactions, '--map', bankMap, '--accounts', kyc, '--accounts-map', kycMap);
    assert.equal(imported.code, 0, imported.stderr);
    const counts = JSON.parse(imported.stdout);
    assert.equal(counts.unchanged, false);
    assert.equal(counts.transactions, 18);
    assert.equal(counts.accounts, 2);
    assert.equal(counts.refused, 0);
    assert.ok(counts.alerts >= 1);
    const again = await cli('finance', 'import', '--case', caseId, '--transactions', transactions, '--map', bankMap);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).unchanged, true);

    // a second file with a malformed row: stored without it, exit 3
    const partly = file('store-partly.csv', `${BANK_HEADER}\nTX-LATE-1,2026-03-20T10:00:00Z,ACC-0001,ACC-0002,1200.00,USD,transfer,TESTUS33,ACMELKLX\nTX-LATE-2,2026-03-21,ACC-0001,ACC-0002,abc,USD,transfer,TESTUS33,ACMELKLX\n`);
    const refused = await cli('finance', 'import', '--case', caseId, '--transactions', partly, '--map', bankMap);
    assert.equal(refused.code, 3, refused.stderr);
    assert.equal(JSON.parse(refused.stdout).transactions, 1);
    assert.match(refused.stderr, /line 3 \(Amount\): amount "abc" is not a plain decimal number/);

    // alerts: JSON lines, filtered
    const listed = await cli('finance', 'alerts', '--case', caseId, '--status', 'new');
    assert.equal(listed.code, 0, listed.stderr);
    const alerts = alertLines(listed.stdout);
    const fan = alerts.find((a) => (a.detectors as string[]).includes('fan-in'));
    assert.ok(fan, listed.stdout);
    assert.deepEqual(fan.transactions, FAN_IDS);
    assert.equal(fan.status, 'new');
    const none = await cli('finance', 'alerts', '--case', caseId, '--typology', 'no-such-typology');
    assert.equal(none.stdout, '');
    const alertId = String(fan.id);

    // triage: assign and review with a note, then a note alone; closing without a disposition is refused
    const user = await runCli(['--data', data, 'user', 'add', '--username', 'fiu.analyst', '--role', 'fiu_analyst'], { ARIADNE_PASSWORD: 'Synthetic-passphrase-2026' });
    assert.equal(user.code, 0, user.stderr);
    const userId = /id ([0-9a-f-]{36})/.exec(user.stdout)![1]!;
    const reviewed = await cli('finance', 'alert', alertId, '--assign', userId, '--status', 'in_review', '--note', 'Checking the six senders.');
    assert.equal(reviewed.code, 0, reviewed.stderr);
    const { alert, history } = JSON.parse(reviewed.stdout);
    assert.equal(alert.status, 'in_review');
    assert.equal(alert.assignee, userId);
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['raised', 'assigned', 'status:in_review']);
    assert.equal(history.at(-1).note, 'Checking the six senders.');
    assert.equal(history.every((h: { by: string }) => h.by === 'system:cli'), true);
    const noted = await cli('finance', 'alert', alertId, '--note', 'Senders opened their accounts the same week.');
    assert.equal(JSON.parse(noted.stdout).history.at(-1).action, 'note');
    const closing = await cli('finance', 'alert', alertId, '--status', 'closed');
    assert.equal(closing.code, 2);
    assert.match(closing.stderr, /disposition/);
    const both = await cli('finance', 'alert', alertId, '--assign', userId, '--unassign');
    assert.equal(both.code, 2);
    const missing = await cli('finance', 'alert', 'fa_no-such-alert');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No finance alert with id/);

    // FIU case: the alert escalated, its evidence the report's transactions
    const fiu = await cli('finance', 'case', 'create', '--case', caseId, '--title', 'Fan-in into ACC-HUB', '--alerts', alertId,
      '--reason', 'Six new senders paid alike sums into one account within three days.', '--action', 'Account monitored.', '--indicators', 'FRDMR');
    assert.equal(fiu.code, 0, fiu.stderr);
    const fiuCase = JSON.parse(fiu.stdout);
    assert.deepEqual(fiuCase.alertIds, [alertId]);
    assert.deepEqual(fiuCase.transactionIds, FAN_IDS);
    assert.deepEqual(fiuCase.indicators, ['FRDMR']);
    const escalated = await cli('finance', 'alerts', '--case', caseId, '--status', 'escalated');
    assert.deepEqual(alertLines(escalated.stdout).map((a) => a.id), [alertId]);

    // no goAML configuration: no reporting entity, so nothing can be reported (exit 2, no file)
    const unconfiguredXml = join(dir, 'report-unconfigured.xml');
    const unconfigured = await runCli(['--data', data, 'finance', 'report', '--fiu-case', fiuCase.id, '--schema', '5.0.2', '--output', unconfiguredXml], { ARIADNE_GOAML_CONFIG: '' });
    assert.equal(unconfigured.code, 2);
    assert.match(unconfigured.stderr, /reporting entity is not configured/);
    assert.equal(existsSync(unconfiguredXml), false);

    // a report the schema refuses (2.0's lists do not hold the indicator): listed problems, exit 5, no file
    const refusedXml = join(dir, 'report-2.0.xml');
    const invalid = await runCli(['--data', data, 'finance', 'report', '--fiu-case', fiuCase.id, '--schema', '2.0', '--output', refusedXml], { ARIADNE_GOAML_CONFIG: goamlConfig });
    assert.equal(invalid.code, 5);
    assert.match(invalid.stderr, /would not validate:\n.*indicator: 'FRDMR' is not in the FIU's report_indicator_type code list/s);
    assert.equal(existsSync(refusedXml), false);

    // the report: valid against the FIU's XSD, with its summary; never overwritten
    const xmlPath = join(dir, 'report.xml');
    const htmlPath = join(dir, 'report.html');
    const report = await cli('finance', 'report', '--fiu-case', fiuCase.id, '--schema', '5.0.2', '--output', xmlPath, '--summary', htmlPath, '--goaml-config', goamlConfig);
    assert.equal(report.code, 0, report.stderr);
    const exported = JSON.parse(report.stdout);
    assert.equal(exported.status, 'reported');
    assert.match(exported.sha256, /^[0-9a-f]{64}$/);
    const xml = readFileSync(xmlPath, 'utf8');
    assert.deepEqual(validateAgainstXsd(xml, readFileSync(XSD_502, 'utf8')), { valid: true, errors: [] });
    for (const id of FAN_IDS) assert.ok(xml.includes(`<transactionnumber>${id}</transactionnumber>`), id);
    assert.match(readFileSync(htmlPath, 'utf8'), /^<!DOCTYPE html>/i);
    const overwrite = await cli('finance', 'report', '--fiu-case', fiuCase.id, '--schema', '5.0.2', '--output', xmlPath, '--goaml-config', goamlConfig);
    assert.equal(overwrite.code, 2);
    assert.match(overwrite.stderr, /never overwritten/);
    assert.equal(readFileSync(xmlPath, 'utf8'), xml);
  });

  test('import and report refuse bad options and unconfigured reporting', async () => {
    const created = await cli('case', 'create', 'Synthetic finance case 2');
    const caseId = created.stdout.trim();
    const noMap = await cli('finance', 'import', '--case', caseId, '--transactions', transactions);
    assert.equal(noMap.code, 2);
    assert.match(noMap.stderr, /needs --map/);
    const noCase = await cli('finance', 'import', '--case', 'no-such-case', '--transactions', transactions, '--map', bankMap);
    assert.equal(noCase.code, 2);
    assert.match(noCase.stderr, /No case with id/);
    const binary = await cli('finance', 'import', '--case', caseId, '--transactions', file('store.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), '--map', bankMap);
    assert.equal(binary.code, 5);
    const noFiuCase = await cli('finance', 'report', '--fiu-case', 'fc_nope', '--schema', '5.0.2', '--output', join(dir, 'nope.xml'));
    assert.equal(noFiuCase.code, 2);
    assert.match(noFiuCase.stderr, /No FIU case/);
  });
});

describe('finance command helpers on malformed, hostile and huge input', () => {
  const exitOf = (code: number, pattern: RegExp) => (error: unknown) => error instanceof CliError && error.exit === code && pattern.test(error.message);

  test('binaryKind: archives, NUL bytes and noise are binary; a Latin-1 export with accents is text', () => {
    assert.equal(binaryKind(Buffer.from('PK\u0003\u0004rest')), 'a ZIP archive (an .xlsx or .ods workbook?)');
    assert.equal(binaryKind(Buffer.from([0x1f, 0x8b, 8, 0])), 'a gzip archive');
    assert.equal(binaryKind(Buffer.from('%PDF-1.7\n')), 'a PDF document');
    assert.equal(binaryKind(Buffer.from('id,amount\nTX-1,\u0000\n')), 'a binary file (it holds NUL bytes; UTF-16 text without a byte order mark?)');
    assert.equal(binaryKind(Buffer.from(Array.from({ length: 512 }, (_, i) => 0x80 + (i % 64)))), 'a binary file');
    assert.equal(binaryKind(Buffer.from(`${HEADER}\nTX-1,2026-01-01T00:00:00Z,ACC-1,ACC-2,10.00,USD,transfer\n`)), undefined);
    // "Société Synthétique" in windows-1252: two undecodable bytes in a line are the reader's per-record errors, not a binary file
    assert.equal(binaryKind(Buffer.concat([Buffer.from('id,name\nTX-1,Soci'), Buffer.from([0xe9]), Buffer.from('t'), Buffer.from([0xe9]), Buffer.from(' Synth\n')])), undefined);
    // a UTF-16 file is named by the CSV reader from its byte order mark
    assert.equal(binaryKind(Buffer.from([0xff, 0xfe, 0x69, 0x00])), undefined);
    assert.equal(binaryKind(new Uint8Array(0)), undefined);
  });

  test('estimateLines: from the sampled line length, with a fallback when the sample holds no line', () => {
    const head = Buffer.from('h1,h2\n' + 'x'.repeat(49) + '\n' + 'y'.repeat(49) + '\n');
    assert.equal(estimateLines({ size: 1_000_000, head }), Math.ceil(1_000_000 / (head.length / 3)));
    assert.equal(estimateLines({ size: 1000, head: Buffer.from('no line break') }), 10);
  });

  test('parseScanContext: known keys only, checked types, no prototype tricks', () => {
    assert.deepEqual(parseScanContext({ reportingThreshold: 10_000, homeCountry: 'US', conflictCountries: ['SY', 'YE'] }), {
      reportingThreshold: 10_000, homeCountry: 'US', conflictCountries: new Set(['SY', 'YE']),
    });
    assert.deepEqual(parseScanContext({}), {});
    assert.throws(() => parseScanContext(JSON.parse('{"__proto__": {"homeCountry": "US"}}')), exitOf(2, /"__proto__" is not a key/));
    assert.throws(() => parseScanContext([]), exitOf(2, /must be a JSON object/));
    assert.throws(() => parseScanContext(null), exitOf(2, /must be a JSON object/));
    assert.throws(() => parseScanContext({ reportingThreshold: -1 }), exitOf(2, /reportingThreshold must be a positive number/));
    assert.throws(() => parseScanContext({ reportingThreshold: '10000' }), exitOf(2, /reportingThreshold/));
    assert.throws(() => parseScanContext({ conflictCountries: 'SY' }), exitOf(2, /conflictCountries/));
    assert.throws(() => parseScanContext({ conflictCountries: Array.from({ length: 301 }, () => 'SY') }), exitOf(2, /conflictCountries/));
    assert.throws(() => parseScanContext({ conflictCountries: ['sy'] }), exitOf(2, /conflictCountries/));
  });

  test('readJsonConfig: a huge, missing or non-JSON configuration file is a usage error', async () => {
    const huge = file('huge-map.json', `{"id": "${'x'.repeat(1024)}"}`);
    await assert.rejects(readJsonConfig(huge, 'column map', 1000), exitOf(2, /is larger than 1,000 bytes/));
    await assert.rejects(readJsonConfig(join(dir, 'absent.json'), 'column map'), exitOf(2, /does not exist/));
    await assert.rejects(readJsonConfig(dir, 'column map'), exitOf(2, /is not a file/));
    await assert.rejects(readJsonConfig(file('map-binary.json', Buffer.from([0xff, 0x00, 0x7b])), 'column map'), exitOf(2, /not valid JSON/));
    assert.deepEqual(await readJsonConfig(file('map-bom.json', '\ufeff{"id": "Ref"}'), 'column map'), { id: 'Ref' });
  });

  test('readJsonLines: an over-long line is cut while read and refuses the file; blank lines are skipped', async () => {
    const alert = JSON.stringify({ detector: 'fan-in', typology: 't', score: 0.5, accounts: [], transactions: ['TX-1'], explanation: 'x' });
    const shape = { what: 'alerts file', shape: alertLineOf, expected: 'an alert line', maxLine: 200 };
    assert.equal((await readJsonLines(file('lines-ok.jsonl', `${alert}\n\n  \n${alert}\r\n`), shape)).length, 2);
    const long = file('lines-long.jsonl', `${alert}\n${JSON.stringify({ ...JSON.parse(alert), explanation: 'y'.repeat(10_000) })}\n`);
    await assert.rejects(readJsonLines(long, shape), exitOf(5, /line 2: the line is longer than 200 characters/));
    await assert.rejects(readJsonLines(file('lines-nan.jsonl', alert.replace('0.5', '1e999')), shape), exitOf(5, /line 1: not an alert line/));
    await assert.rejects(readJsonLines(file('lines-proto.jsonl', '{"__proto__": {"detector": "x"}}\n'), shape), exitOf(5, /line 1: not an alert line/));
  });
});
