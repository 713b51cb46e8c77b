/**
 * `ariadne ledger` as a child process on a temp data folder: sign checkpoints, print proofs,
 * verify them offline (exit 0 only when all holds; one line and exit 4 when something does not,
 * 5 when a file is unreadable, 2 for usage), and refuse to sign over a rewritten tile.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNoteKeys } from '@ariadne/ledger';
import { openDatabase } from '@ariadne/store';
import { runCli, type Run } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-cli-ledger-'));
const data = join(dir, 'data');
const path = (name: string) => join(dir, name);
const write = (name: string, content: string) => { writeFileSync(path(name), content); return path(name); };

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--data', data, ...args], { ARIADNE_PASSWORD: 'violet-river-lantern-42', ...env });

const oneLine = (run: Run) => run.stderr.trim().split('\n').length === 1;

describe('ariadne ledger', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has --help with examples for each command', async () => {
    for (const c of ['checkpoint', 'prove', 'verify']) {
      const run = await cli(['ledger', c, '--help']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Examples?:/);
    }
    assert.match((await cli(['--help'])).stdout, /ARIADNE_LEDGER_KEY[\s\S]*ARIADNE_CHECKPOINT_SECONDS/);
  });

  it('signs, proves and verifies offline; every forgery fails with its reason', async () => {
    assert.equal((await cli(['user', 'add', '--username', 'synthetic.one', '--role', 'auditor'])).code, 0);
    const first = await cli(['ledger', 'checkpoint']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Created the ledger signing key .*ledger\.key/);
    assert.equal(statSync(join(data, 'ledger.key')).mode & 0o777, 0o600);
    const vkey = /verifier key: (\S+)/.exec(first.stderr)![1]!;
    assert.match(first.stdout, /^ariadne\.local\/[0-9a-f-]{36}\n1\n\S{44}\n\n— ariadne\.local\//);
    write('cp1.txt', first.stdout);

    assert.equal((await cli(['user', 'add', '--username', 'synthetic.two', '--role', 'analyst'])).code, 0);
    assert.equal((await cli(['user', 'add', '--username', 'synthetic.three', '--role', 'analyst'])).code, 0);
    const second = await cli(['ledger', 'checkpoint']);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /Created/);
    write('cp2.txt', second.stdout);
    write('key.txt', `${vkey}\n`);

    const inclusion = await cli(['ledger', 'prove', '--seq', '2']);
    assert.equal(inclusion.code, 0, inclusion.stderr);
    const proof = JSON.parse(inclusion.stdout);
    assert.deepEqual([proof.index, proof.size, proof.seq], [1, 3, 2], 'against the latest checkpoint');
    write('p2.json', inclusion.stdout);
    const growth = await cli(['ledger', 'prove', '--from', '1']);
    assert.equal(growth.code, 0, growth.stderr);
    assert.deepEqual([JSON.parse(growth.stdout).size1, JSON.parse(growth.stdout).size2], [1, 3]);
    write('growth.json', growth.stdout);

    const ok = await cli(['ledger', 'verify', '--checkpoint', path('cp2.txt'), '--key', vkey, '--old', path('cp1.txt'), '--proof', path('growth.json'), '--proof', path('p2.json'), '--entry', path('p2.json')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(ok.stdout.trim().split('\n').map((l) => l.slice(0, 20)), ['OK: checkpoint of 3 ', 'OK: extends the chec', 'OK: entry ' + proof.leafHash.slice(0, 10)]);
    const fromFile = await cli(['ledger', 'verify', '--checkpoint', path('cp2.txt'), '--key', path('key.txt')]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const fromData = await cli(['ledger', 'verify', '--checkpoint', path('cp2.txt')]);
    assert.equal(fromData.code, 0, 'without --key: the data folder\'s key');

    const forgedEntry = write('forged-entry.json', JSON.stringify({ ...proof, entry: proof.entry.replace('user.create', 'user.delete') }));
    const forgedCheckpoint = write('forged.txt', second.stdout.replace('\n3\n', '\n4\n'));
    const otherKey = generateNoteKeys(vkey.split('+')[0]!).vkey;
    const refusals: [string[], RegExp][] = [
      [['--checkpoint', forgedCheckpoint, '--key', vkey], /NOT VERIFIED: the checkpoint does not verify: the signature of .* does not verify/],
      [['--checkpoint', path('cp2.txt'), '--key', otherKey], /NOT VERIFIED: the checkpoint does not verify: no signature by a known key/],
      [['--checkpoint', path('cp2.txt'), '--key', vkey, '--proof', path('p2.json'), '--entry', forgedEntry], /NOT VERIFIED: the entry hashes to [0-9a-f]{64}, not to the proof's leaf/],
      [['--checkpoint', path('cp1.txt'), '--key', vkey, '--old', path('cp2.txt'), '--proof', path('growth.json')], /NOT VERIFIED: the old checkpoint has 3 entries, more than the 1/],
      [['--checkpoint', path('cp2.txt'), '--key', vkey, '--old', path('cp1.txt')], /NOT VERIFIED: .*needs a consistency proof/],
    ];
    for (const [args, reason] of refusals) {
      const run = await cli(['ledger', 'verify', ...args]);
      assert.equal(run.code, 4, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(oneLine(run), run.stderr);
      assert.match(run.stderr, reason);
    }
    const unreadable: [string[], RegExp][] = [
      [['--checkpoint', path('missing.txt'), '--key', vkey], /Cannot read the checkpoint .*missing\.txt \(ENOENT\)/],
      [['--checkpoint', path('cp2.txt'), '--key', vkey, '--proof', write('bad.json', '{"index": 1')], /bad\.json: the proof file is not JSON/],
      [['--checkpoint', path('cp2.txt'), '--key', vkey, '--proof', path('p2.json'), '--entry', write('bad-entry.json', '{}')], /bad-entry\.json: the entry file has no "entry" string/],
      [['--checkpoint', write('huge.txt', 'x'.repeat(1_000_001)), '--key', vkey], /too large/],
    ];
    for (const [args, reason] of unreadable) {
      const run = await cli(['ledger', 'verify', ...args]);
      assert.equal(run.code, 5, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(oneLine(run));
      assert.match(run.stderr, reason);
    }
  });

  it('refuses bad usage with exit 2 and a reason', async () => {
    const cases: [string[], number, RegExp][] = [
      [['ledger', 'prove'], 2, /Give --seq N .* or --from A/],
      [['ledger', 'prove', '--seq', '1', '--from', '1'], 2, /not both/],
      [['ledger', 'prove', '--seq', '0'], 2, /whole number from 1/],
      [['ledger', 'prove', '--seq', '99'], 2, /Entry 99 \(leaf 98\) is not in the tree of \d+ entries/],
      [['ledger', 'prove', '--from', '3', '--to', '2'], 2, /from 3 is larger than to 2/],
      [['ledger', 'prove', '--seq', '1', '--to', '2'], 2, /--size goes with --seq/],
      [['ledger', 'verify'], 2, /required option '--checkpoint <file>'/],
      [['ledger', 'verify', '--checkpoint', path('cp2.txt'), '--key', 'not-a-key'], 5, /Cannot read the key file not-a-key \(ENOENT\)/],
      [['ledger', 'verify', '--checkpoint', path('cp2.txt'), '--key', write('not-a-key.txt', 'not+a+key')], 2, /--key is not a verifier key/],
      [['ledger', 'checkpoint'], 2, /ARIADNE_CHECKPOINT_ENTRIES must be a whole number/],
    ];
    for (const [args, code, reason] of cases) {
      const run = await cli(args, args[1] === 'checkpoint' ? { ARIADNE_CHECKPOINT_ENTRIES: 'many' } : {});
      assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(oneLine(run), run.stderr);
      assert.match(run.stderr, reason, args.join(' '));
    }
  });

  it('refuses to sign over a rewritten tile (exit 4), and signs nothing', async () => {
    const before = readFileSync(path('cp2.txt'), 'utf8');
    const db = await openDatabase({ dataDir: join(data, 'db') });
    try {
      await db.executeSql("update ledger_tiles set hashes = overlay(hashes placing '\\x00'::bytea from 1 for 1) where level = 0 and idx = 0");
    } finally {
      await db.close();
    }
    assert.equal((await cli(['user', 'add', '--username', 'synthetic.four', '--role', 'analyst'])).code, 0);
    const refused = await cli(['ledger', 'checkpoint']);
    assert.equal(refused.code, 4, refused.stderr);
    assert.ok(oneLine(refused));
    assert.match(refused.stderr, /^ariadne: Refusing to sign: the tree of 4 entries \(root [0-9a-f]{64}\) does not extend the checkpoint of 3 entries/);
    const proof = await cli(['ledger', 'prove', '--from', '3', '--to', '4']);
    assert.equal(proof.code, 0);
    write('bad-growth.json', proof.stdout);
    assert.equal(before, readFileSync(path('cp2.txt'), 'utf8'));
    const journal = await cli(['journal', 'verify']);
    assert.equal(journal.code, 4);
    assert.match(journal.stdout, /ledger tile 0\/0 holds a different hash at position 0: it does not match journal entry 1/);
  });

  it('uses ARIADNE_LEDGER_KEY when set: another key than the log\'s own is refused', async () => {
    const run = await cli(['ledger', 'checkpoint'], { ARIADNE_LEDGER_KEY: generateNoteKeys('ariadne.test/other').skey, ARIADNE_LEDGER_ORIGIN: 'ariadne.test/other' });
    assert.equal(run.code, 4);
    assert.match(run.stderr, /does not verify under this log's key/);
    assert.doesNotMatch(run.stderr, /PRIVATE/);
  });
});
