// `ariadne link …` on the FEBRL dataset 4 extract of packages/linkage/test/fixtures (fictitious
// people made by the Febrl generator): the whole protocol in one command, the two-party steps
// (secret, encode, match, resolve) giving the same pairs, files that hold no names, and bad
// inputs refused in one line with no output left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { febrlTruth } from '@ariadne/linkage';
import { main } from '../src/main.ts';
import { BIN, cleanEnv } from './run-cli.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'packages/linkage/test/fixtures');
const SCHEMA = join(ROOT, 'examples/linkage/febrl.schema.json');
/** the extract has 250 records a side, 200 of them the same people */
const TRUE_PAIRS = 200;

const dir = mkdtempSync(join(tmpdir(), 'ariadne-link-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

// FEBRL's own layout: ", " between fields and CRLF line ends, as in dataset4a.csv
const febrlLayout = (text: string) => text.replaceAll(',', ', ').replaceAll('\n', '\r\n');
writeFileSync(at('a.csv'), febrlLayout(readFileSync(join(FIXTURES, 'febrl4-a.csv'), 'utf8')));
writeFileSync(at('b.csv'), febrlLayout(readFileSync(join(FIXTURES, 'febrl4-b.csv'), 'utf8')));

/** the fixture's rows as header → value records */
function fixtureRows(side: 'a' | 'b'): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(FIXTURES, `febrl4-${side}.csv`), 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((values) => Object.fromEntries(header!.map((h, i) => [h, values[i]!])));
}

interface Run { code: number; stdout: string; stderr: string }

/** the CLI in this process (no database is involved), its output captured */
async function ariadne(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ariadne', ...args], cleanEnv(), { out: (t) => void (stdout += t), err: (t) => void (stderr += t), interactive: false });
  return { code, stdout, stderr };
}

/** the real binary as a child process in the repository root, as an evaluator runs it */
function ariadneFromRoot(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Pair { a: string; b: string; score?: number }

function readPairs(path: string): { header: string; pairs: Pair[] } {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: header!, pairs: rows.map((r) => { const [a, b, score] = r.split(','); return { a: a!, b: b!, ...(score ? { score: Number(score) } : {}) }; }) };
}

function quality(pairs: readonly Pair[]): { precision: number; recall: number } {
  const correct = pairs.filter((p) => febrlTruth(p.a, p.b)).length;
  return { precision: correct / pairs.length, recall: correct / TRUE_PAIRS };
}

function assertOneToOne(pairs: readonly Pair[]): void {
  assert.equal(new Set(pairs.map((p) => p.a)).size, pairs.length, 'a record of side a is in two pairs');
  assert.equal(new Set(pairs.map((p) => p.b)).size, pairs.length, 'a record of side b is in two pairs');
}

/** files left in the folder whose name starts with `name` (an output, or its temporary part) */
const leftovers = (name: string) => readdirSync(dir).filter((f) => f.startsWith(name));

describe('ariadne link (the whole protocol, one party holding both sides)', () => {
  test('the evaluators\' command, from the repository root, links FEBRL records one to one with precision >= 0.99 and recall >= 0.95', async () => {
    const output = at('pairs.csv');
    const run = await ariadneFromRoot(['link', '--schema', 'examples/linkage/febrl.schema.json', '--a', at('a.csv'), '--b', at('b.csv'), '--output', output]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^Linked 250 × 250 records: [\d,]+ candidate pairs \(reduction ratio 0\.\d{4}\), [\d,]+ matches at threshold 0\.8, in \d+\.\d\d s\.\n$/);
    const { header, pairs } = readPairs(output);
    assert.equal(header, 'a_id,b_id,score');
    assertOneToOne(pairs);
    const { precision, recall } = quality(pairs);
    assert.ok(precision >= 0.99, `precision ${precision}`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
    for (const p of pairs) assert.ok(p.score! >= 0.8 && p.score! <= 1, `score ${p.score}`);
    assert.ok(/^rec-\d+-org$/.test(pairs[0]!.a) && /^rec-\d+-dup-0$/.test(pairs[0]!.b), 'ids are written as the files give them');
    assert.equal(statSync(output).mode & 0o777, 0o600);
    assert.deepEqual(leftovers('pairs.csv.part'), []);
  });

  test('--no-blocking compares every pair and links as well; a higher --threshold links fewer', async () => {
    const all = await ariadne('link', '--schema', SCHEMA, '--a', at('a.csv'), '--b', at('b.csv'), '--output', at('all-pairs.csv'), '--no-blocking');
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stderr, /62,500 candidate pairs \(reduction ratio 0\.0000\)/);
    const { pairs } = readPairs(at('all-pairs.csv'));
    assertOneToOne(pairs);
    assert.ok(quality(pairs).precision >= 0.99 && quality(pairs).recall >= 0.95);

    const strict = await ariadne('link', '--schema', SCHEMA, '--a', at('a.csv'), '--b', at('b.csv'), '--output', at('strict-pairs.csv'), '--threshold', '0.95');
    assert.equal(strict.code, 0, strict.stderr);
    const fewer = readPairs(at('strict-pairs.csv')).pairs;
    assert.ok(fewer.length < pairs.length && fewer.every((p) => p.score! >= 0.95));
  });

  test('each run uses a fresh secret that it neither prints nor writes', async () => {
    const before = new Set(readdirSync(dir));
    const run = await ariadne('link', '--schema', SCHEMA, '--a', at('a.csv'), '--b', at('b.csv'), '--output', at('fresh.csv'));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readdirSync(dir).filter((f) => !before.has(f)), ['fresh.csv']);
    assert.doesNotMatch(run.stdout + run.stderr, /[0-9a-f]{32}/);
  });
});

describe('ariadne link secret | encode | match | resolve (two parties and a matcher)', () => {
  // run once, by the first test that needs them (not while the tests above write their files)
  const runSteps = async () => {
    const secret = await ariadne('link', 'secret', '--output', at('k.hex'));
    const encodeA = await ariadne('link', 'encode', '--schema', SCHEMA, '--input', at('a.csv'), '--secret-file', at('k.hex'), '--output', at('a.clk'), '--map', at('a.map'));
    const encodeB = await ariadne('link', 'encode', '--schema', SCHEMA, '--input', at('b.csv'), '--secret-file', at('k.hex'), '--output', at('b.clk'), '--map', at('b.map'));
    const match = await ariadne('link', 'match', '--a', at('a.clk'), '--b', at('b.clk'), '--output', at('tokens.csv'));
    const resolveA = await ariadne('link', 'resolve', '--map', at('a.map'), '--pairs', at('tokens.csv'), '--side', 'a', '--output', at('a-ids.csv'));
    const resolveB = await ariadne('link', 'resolve', '--map', at('b.map'), '--pairs', at('tokens.csv'), '--side', 'b', '--output', at('b-ids.csv'));
    return { secret, encodeA, encodeB, match, resolveA, resolveB };
  };
  let ran: ReturnType<typeof runSteps> | undefined;
  const steps = () => (ran ??= runSteps());

  test('link secret writes 64 hex digits to a new file of mode 0600 and shows them nowhere', async () => {
    const { secret } = await steps();
    assert.equal(secret.code, 0, secret.stderr);
    const hex = readFileSync(at('k.hex'), 'utf8');
    assert.match(hex, /^[0-9a-f]{64}\n$/);
    assert.equal(statSync(at('k.hex')).mode & 0o777, 0o600);
    assert.ok(!secret.stdout.includes(hex.trim()) && !secret.stderr.includes(hex.trim()));
    const again = await ariadne('link', 'secret', '--output', at('k.hex'));
    assert.equal(again.code, 2);
    assert.match(again.stderr, /^ariadne: .*already exists; a secret file is never overwritten.*\n$/);
    assert.equal(readFileSync(at('k.hex'), 'utf8'), hex);
  });

  test('the steps find exactly the pairs `link` finds with the same secret', async () => {
    const { encodeA, encodeB, match, resolveA, resolveB } = await steps();
    for (const run of [encodeA, encodeB, match, resolveA, resolveB]) assert.equal(run.code, 0, run.stderr);
    assert.match(match.stderr, /^Matched 250 × 250 CLKs: .* matches at threshold 0\.8/);
    const tokens = readFileSync(at('tokens.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(tokens[0], 'token_a,token_b');
    assert.ok(tokens.slice(1).every((l) => /^[0-9a-f]{32},[0-9a-f]{32}$/.test(l)), 'the matcher reveals token pairs only, no scores');

    const [headerA, ...rowsA] = readFileSync(at('a-ids.csv'), 'utf8').trimEnd().split('\n');
    const [headerB, ...rowsB] = readFileSync(at('b-ids.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(headerA, 'token_a,token_b,a_id');
    assert.equal(headerB, 'token_a,token_b,b_id');
    // the two parties put their halves together by the token pair
    const bIdOf = new Map(rowsB.map((r) => { const [ta, tb, id] = r.split(','); return [`${ta},${tb}`, id!]; }));
    const joined = rowsA.map((r) => { const [ta, tb, id] = r.split(','); return `${id},${bIdOf.get(`${ta},${tb}`)}`; }).sort();

    const whole = await ariadne('link', '--schema', SCHEMA, '--a', at('a.csv'), '--b', at('b.csv'), '--output', at('same-secret.csv'), '--secret-file', at('k.hex'));
    assert.equal(whole.code, 0, whole.stderr);
    const expected = readPairs(at('same-secret.csv')).pairs.map((p) => `${p.a},${p.b}`).sort();
    assert.deepEqual(joined, expected);
    assert.ok(quality(expected.map((l) => ({ a: l.split(',')[0]!, b: l.split(',')[1]! }))).recall >= 0.95);
  });

  test('the CLK file holds neither names nor ids; the token map holds ids (by design) and no names', async () => {
    await steps();
    const rows = fixtureRows('a');
    const clk = readFileSync(at('a.clk'), 'utf8');
    const [header, ...records] = clk.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(header!).sort(), ['count', 'format', 'l', 'schemaSha256']);
    assert.equal(records.length, 250);
    for (const r of records) {
      assert.deepEqual(Object.keys(r).sort(), ['b', 'c', 't']);
      assert.match(r.t as string, /^[0-9a-f]{32}$/);
      assert.equal(Buffer.from(r.c as string, 'base64').length, 1024 / 8);
      assert.ok((r.b as string[]).every((h) => /^[0-9a-f]{16}$/.test(h)));
    }
    assert.ok(!clk.includes('rec-'), 'a record id in the CLK file');
    // the Bloom filters are base64, where any short string may appear by chance: look outside them;
    // tokens and blocking hashes are hex (checked above), where a value spelt in 0-9a-f (a date,
    // "bede") may appear by chance too: look for the values a hex string cannot spell
    const withoutFilters = records.map((r) => JSON.stringify({ ...r, c: '' })).join('\n');
    const values = new Set(rows.flatMap((r) => [r.given_name, r.surname, r.address_1, r.suburb, r.date_of_birth, r.soc_sec_id]).filter((v): v is string => v !== undefined && v.length >= 4));
    for (const value of [...values].filter((v) => /[^0-9a-f]/.test(v))) assert.ok(!withoutFilters.includes(value), 'a field value in the CLK file');

    const map = readFileSync(at('a.map'), 'utf8').trimEnd().split('\n');
    assert.equal(map[0], 'token,id');
    const ids = new Set(rows.map((r) => r.rec_id));
    assert.ok(map.slice(1).every((line) => { const [token, id] = line.split(','); return /^[0-9a-f]{32}$/.test(token!) && ids.has(id!); }));
    const nameLike = [...values].filter((v) => /[g-z]/.test(v)); // a hex token cannot spell these
    for (const value of nameLike) assert.ok(!map.join('\n').includes(value), 'a field value in the token map');
    assert.equal(statSync(at('a.map')).mode & 0o777, 0o600);
  });
});

describe('bad inputs: one line on stderr, the documented exit code, no output left behind', () => {
  const schemaText = readFileSync(SCHEMA, 'utf8');
  const schemaJson = JSON.parse(schemaText) as { features: { identifier: string; ignored?: boolean }[]; blocking: unknown[]; clkConfig: { kdf: { salt: string } } };
  const keep = ['rec_id', 'given_name', 'surname'];
  writeFileSync(at('two-fields.schema.json'), JSON.stringify({ ...schemaJson, blocking: [], features: schemaJson.features.map((f) => (keep.includes(f.identifier) ? f : { identifier: f.identifier, ignored: true })) }));
  writeFileSync(at('other-salt.schema.json'), JSON.stringify({ ...schemaJson, clkConfig: { ...schemaJson.clkConfig, kdf: { ...schemaJson.clkConfig.kdf, salt: 'synthetic-other-salt' } } }));
  writeFileSync(at('not-json.schema.json'), '{ "version": 3, ');
  const aText = readFileSync(at('a.csv'), 'utf8');
  writeFileSync(at('no-surname.csv'), aText.split('\r\n').map((l) => l.split(', ').filter((_, i) => i !== 2).join(', ')).join('\r\n'));
  const lines = aText.split('\r\n');
  writeFileSync(at('ragged.csv'), [...lines.slice(0, 7), `${lines[7]}, extra`, ...lines.slice(8)].join('\r\n'));
  writeFileSync(at('open-quote.csv'), [...lines.slice(0, 4), lines[4]!.replace(', ', ', "'), ...lines.slice(5)].join('\r\n'));
  writeFileSync(at('short.hex'), '00112233445566778899aabbccddee\n', { mode: 0o600 });
  writeFileSync(at('shared.hex'), `${'ab'.repeat(32)}\n`);
  chmodSync(at('shared.hex'), 0o644);
  writeFileSync(at('good.hex'), `${'5a'.repeat(32)}\n`, { mode: 0o600 });

  const expectRefusal = async (args: string[], exit: number, message: RegExp, output: string) => {
    const run = await ariadne(...args);
    assert.equal(run.code, exit, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /^ariadne: [^\n]+\n$/, 'exactly one line');
    assert.match(run.stderr, message);
    assert.deepEqual(leftovers(output), [], 'nothing written');
    return run;
  };
  const link = (schema: string, a: string, b: string, output: string) => ['link', '--schema', schema, '--a', a, '--b', b, '--output', at(output)];

  test('a schema that is missing, not JSON, or encodes fewer than 3 fields: exit 2', async () => {
    await expectRefusal(link(at('none.json'), at('a.csv'), at('b.csv'), 'out-1.csv'), 2, /linkage schema .*none\.json does not exist/, 'out-1.csv');
    await expectRefusal(link(at('not-json.schema.json'), at('a.csv'), at('b.csv'), 'out-2.csv'), 2, /is not valid JSON/, 'out-2.csv');
    await expectRefusal(link(at('two-fields.schema.json'), at('a.csv'), at('b.csv'), 'out-3.csv'), 2, /fewer than 3 fields is refused/, 'out-3.csv');
  });

  test('a records file that is missing, lacks a column or is malformed: exit 5, naming the file and the line, never a value', async () => {
    await expectRefusal(link(SCHEMA, at('missing.csv'), at('b.csv'), 'out-4.csv'), 5, /missing\.csv does not exist/, 'out-4.csv');
    await expectRefusal(link(SCHEMA, at('a.csv'), at('no-surname.csv'), 'out-5.csv'), 5, /no-surname\.csv: the header lacks the column the linkage schema encodes or blocks on: "surname"/, 'out-5.csv');
    await expectRefusal(link(SCHEMA, at('ragged.csv'), at('b.csv'), 'out-6.csv'), 5, /ragged\.csv: Line 8: the row has 12 fields, the header has 11/, 'out-6.csv');
    const quote = await expectRefusal(link(SCHEMA, at('open-quote.csv'), at('b.csv'), 'out-7.csv'), 5, /open-quote\.csv: Line \d+: /, 'out-7.csv');
    const row = fixtureRows('a')[3]!;
    assert.ok(!quote.stderr.includes(row.given_name!) && !quote.stderr.includes(row.surname!), 'the message quotes no value');
  });

  test('a short, non-private or missing secret: exit 2, the secret never shown', async () => {
    const encode = (secret: string, output: string) => ['link', 'encode', '--schema', SCHEMA, '--input', at('a.csv'), '--secret-file', secret, '--output', at(output), '--map', at(`${output}.map`)];
    const short = await expectRefusal(encode(at('short.hex'), 'short.clk'), 2, /secret is too short: it needs at least 16 bytes/, 'short.clk');
    assert.ok(!short.stderr.includes('00112233'));
    await expectRefusal(encode(at('shared.hex'), 'shared.clk'), 2, /can be read by other users; make it private \(chmod 600/, 'shared.clk');
    await expectRefusal(encode(at('no-secret.hex'), 'none.clk'), 2, /secret file .*no-secret\.hex does not exist/, 'none.clk');
  });

  test('CLK files made with different schemas, or damaged: exit 5', async () => {
    const encode = (schema: string, input: string, name: string) => ariadne('link', 'encode', '--schema', schema, '--input', at(input), '--secret-file', at('good.hex'), '--output', at(`${name}.clk`), '--map', at(`${name}.map`));
    assert.equal((await encode(SCHEMA, 'a.csv', 'x')).code, 0);
    assert.equal((await encode(at('other-salt.schema.json'), 'b.csv', 'y')).code, 0);
    await expectRefusal(['link', 'match', '--a', at('x.clk'), '--b', at('y.clk'), '--output', at('xy.csv')], 5, /cannot be matched: .*different linkage schemas/, 'xy.csv');
    const clk = readFileSync(at('x.clk'), 'utf8').split('\n');
    writeFileSync(at('cut.clk'), clk.slice(0, 100).join('\n'));
    await expectRefusal(['link', 'match', '--a', at('cut.clk'), '--b', at('x.clk'), '--output', at('cut.csv')], 5, /cut\.clk: CLK file, line 100: the header announces 250 records but the file holds 99/, 'cut.csv');
    writeFileSync(at('edited.clk'), [clk[0], clk[1]!.replace('"t":"', '"t":"X'), ...clk.slice(2)].join('\n'));
    await expectRefusal(['link', 'match', '--a', at('edited.clk'), '--b', at('x.clk'), '--output', at('edited.csv')], 5, /edited\.clk: CLK file, line 2: "t" is not a token/, 'edited.csv');
  });

  test('resolving with the other side\'s map, or a pairs file that is not one: exit 5', async () => {
    assert.equal((await ariadne('link', 'match', '--a', at('x.clk'), '--b', at('x.clk'), '--output', at('xx.csv'))).code, 0);
    await expectRefusal(['link', 'resolve', '--map', at('y.map'), '--pairs', at('xx.csv'), '--side', 'a', '--output', at('wrong-map.csv')], 5, /line 2: token_a is not in this token map/, 'wrong-map.csv');
    await expectRefusal(['link', 'resolve', '--map', at('x.map'), '--pairs', at('a.csv'), '--side', 'a', '--output', at('not-pairs.csv')], 5, /must start with the header "token_a,token_b"/, 'not-pairs.csv');
  });

  test('an output that would overwrite an input, or a bad option: exit 2, the input untouched', async () => {
    const before = readFileSync(at('a.csv'), 'utf8');
    await expectRefusal(['link', '--schema', SCHEMA, '--a', at('a.csv'), '--b', at('b.csv'), '--output', at('a.csv')], 2, /--output and --a name the same file/, 'a.csv.part');
    assert.equal(readFileSync(at('a.csv'), 'utf8'), before);
    await expectRefusal([...link(SCHEMA, at('a.csv'), at('b.csv'), 'bad-t.csv'), '--threshold', '1.5'], 2, /expected a Dice score above 0 and at most 1/, 'bad-t.csv');
    await expectRefusal(['link', 'resolve', '--map', at('x.map'), '--pairs', at('xx.csv'), '--side', 'c', '--output', at('side-c.csv')], 2, /--side/, 'side-c.csv');
    await expectRefusal(['link', 'encode', '--schema', SCHEMA, '--input', at('a.csv'), '--output', at('no-k.clk'), '--map', at('no-k.map')], 2, /--secret-file/, 'no-k');
  });
});

test('--help on link and on each step names its options and exits 0', async () => {
  for (const [args, option] of [[['link', '--help'], 'link encode'], [['link', 'run', '--help'], '--no-blocking'], [['link', 'encode', '--help'], '--secret-file'], [['link', 'match', '--help'], '--threshold'], [['link', 'resolve', '--help'], '--side'], [['link', 'secret', '--help'], '--output']] as const) {
    const run = await ariadne(...args);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes(option), `${args.join(' ')} help lacks ${option}`);
  }
  assert.ok(existsSync(SCHEMA));
});
