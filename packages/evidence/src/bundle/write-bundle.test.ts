/**
 * Writing bundles from a synthetic log and checking them the ways a recipient would: through the
 * imported verifier, by running `node verify-bundle.mjs` (exit codes, --key, --json), and with the
 * system's tar. Also: the writer refuses inputs that would not verify, stops when the vault's
 * bytes differ from the intake record, honours backpressure, and the custody report escapes.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { renderCustodyReport } from './custody-report.ts';
import { syntheticLog, type SyntheticLog } from './synthetic-log.ts';
import { collector, readTar } from './tar-fixture.ts';
import { verifyBundle } from './verify.ts';
import { writeBundle, type BundleProgress } from './write-bundle.ts';

const VERIFIER = new URL('../../verifier/verify-bundle.mjs', import.meta.url).pathname;

let dir: string;
let log: SyntheticLog;
let path: string;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [VERIFIER, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ariadne-bundle-test-'));
  log = syntheticLog({ earlierExport: true });
  path = join(dir, 'synthetic-bundle.tar');
  await writeBundle(createWriteStream(path), log.input);
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('a written bundle', () => {
  test('verifies through the import, naming its key and contents', async () => {
    const result = await verifyBundle(path, { key: log.keys.vkey });
    assert.deepEqual(result.problems, []);
    assert.equal(result.ok, true);
    const s = result.summary;
    assert.equal(s.bundleId, 'bundle-synthetic-1');
    assert.equal(s.recipient, 'Synthetic Prosecutor');
    assert.equal(s.items, 3);
    assert.equal(s.log?.treeSize, log.entries.length);
    assert.match(s.key?.fingerprint ?? '', /^[0-9a-f]{64}$/);
    assert.equal(s.verifier.bundled, s.verifier.self, 'the shipped verifier is this one');
  });

  test('holds every evidence file byte for byte, in the documented layout, after the manifest', async () => {
    const members = readTar(await readFile(path));
    assert.deepEqual(members.slice(0, 7).map((m) => m.name), ['bundle.json', 'bundle.sig', 'checkpoint.txt', 'log.vkey', 'custody-report.html', 'README.txt', 'verify-bundle.mjs']);
    for (const [id, content] of log.contents) {
      const file = members.find((m) => m.name.startsWith(`files/${id}/`));
      assert.ok(file, id);
      assert.match(file.name, new RegExp(`^files/${id}/[0-9a-f]{16}-synthetic-photo-\\d\\.jpg$`));
      assert.ok(file.data.equals(content), `${id} is unchanged`);
    }
  });

  test('verifies with `node verify-bundle.mjs` (exit 0), with the key as text or as a file', async () => {
    const run = cli(path, '--key', log.keys.vkey);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /RESULT: INTACT/);
    const keyFile = join(dir, 'synthetic-log.vkey');
    await writeFile(keyFile, `${log.keys.vkey}\n`);
    assert.equal(cli(path, `--key=${keyFile}`).status, 0);
  });

  test('without --key the CLI prints the key fingerprint to compare', async () => {
    const run = cli(path);
    assert.equal(run.status, 0);
    const fingerprint = (await verifyBundle(path)).summary.key!.fingerprint;
    assert.ok(run.stdout.includes(`fingerprint ${fingerprint}`));
    assert.match(run.stdout, /Compare this fingerprint with the one the organisation publishes/);
  });

  test('--json prints the whole result', async () => {
    const run = cli(path, '--json');
    assert.equal(run.status, 0);
    const parsed = JSON.parse(run.stdout) as { ok: boolean; summary: { events: number } };
    assert.equal(parsed.ok, true);
    assert.equal(parsed.summary.events, (await verifyBundle(path)).summary.events);
  });

  test('reads a bundle from standard input with "-"', async () => {
    const run = spawnSync(process.execPath, [VERIFIER, '-'], { input: await readFile(path), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout);
  });

  test('exit 1 lists each problem of a tampered bundle; exit 2 for unusable input', async () => {
    const other = syntheticLog();
    const tampered = join(dir, 'synthetic-tampered.tar');
    const bytes = Buffer.from(await readFile(path));
    const file = readTar(bytes).find((m) => m.name.startsWith('files/'))!;
    bytes[file.offset]! ^= 0xff;
    await writeFile(tampered, bytes);
    const run = cli(tampered);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /RESULT: NOT INTACT\. 1 problem:\n {2}\[file-hash-mismatch\] files\//);
    const wrongKey = cli(path, '--key', other.keys.vkey);
    assert.equal(wrongKey.status, 1);
    assert.match(wrongKey.stdout, /\[wrong-key\] the checkpoint is signed by key [0-9a-f]{64} .*, expected [0-9a-f]{64}/);
    assert.equal(cli(join(dir, 'no-such.tar')).status, 2);
    assert.equal(cli(path, '--key', 'not a key').status, 2);
    assert.equal(cli().status, 2);
    assert.equal(cli(path, '--frobnicate').status, 2);
  });

  test('the system tar lists and extracts it', { skip: spawnSync('tar', ['--version']).status !== 0 && 'no tar here' }, async () => {
    const out = join(dir, 'extracted');
    await mkdir(out, { recursive: true });
    const run = spawnSync('tar', ['-xf', path, '-C', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const manifest = JSON.parse(await readFile(join(out, 'bundle.json'), 'utf8')) as { items: { id: string; path: string }[] };
    for (const item of manifest.items) assert.ok((await readFile(join(out, item.path))).equals(log.contents.get(item.id)!));
  });
});

describe('the writer', () => {
  test('reports progress up to the archive\'s exact size and returns its SHA-256', async () => {
    const out = collector();
    const seen: BundleProgress[] = [];
    const written = await writeBundle(out.stream, log.input, (p) => seen.push(p));
    const bytes = out.bytes();
    assert.equal(written.bytes, bytes.length);
    assert.equal(seen.at(-1)!.bytesWritten, bytes.length);
    assert.equal(seen.at(-1)!.totalBytes, bytes.length);
    assert.ok(seen.some((p) => p.file.startsWith('files/')));
    assert.equal(written.sha256, createHash('sha256').update(bytes).digest('hex'));
  });

  test('stops when the vault returns bytes that differ from the intake record', async () => {
    const input = { ...log.input, items: log.input.items.map((i, n) => (n === 1 ? { id: i.id, open: () => Readable.from([Buffer.alloc(2048, 1)]) } : i)) };
    const out = collector();
    await assert.rejects(writeBundle(out.stream, input), { code: 'INTERNAL', message: /item-synthetic-2 do not match its intake record/ });
    assert.equal(out.stream.destroyed, true);
    const tooLong = { ...log.input, items: log.input.items.map((i, n) => (n === 0 ? { id: i.id, open: () => Readable.from([Buffer.alloc(5000)]) } : i)) };
    await assert.rejects(writeBundle(collector().stream, tooLong), { code: 'INTERNAL', message: /more than\/1024 bytes/ });
  });

  test('refuses inputs that would not verify: a missing event, a missing intake, an unsigned checkpoint', async () => {
    const view = log.input.events.find((e) => e.details.kind === 'view' && e.details.item === 'item-synthetic-2')!;
    await assert.rejects(writeBundle(collector().stream, { ...log.input, events: log.input.events.filter((e) => e !== view) }),
      { code: 'VALIDATION_FAILED', message: /The bundle would not verify: .*item-synthetic-2/ });
    await assert.rejects(writeBundle(collector().stream, { ...log.input, events: log.input.events.filter((e) => e.details.kind !== 'intake') }),
      { code: 'VALIDATION_FAILED', message: /No intake event was given for item item-synthetic-1/ });
    const other = syntheticLog();
    await assert.rejects(writeBundle(collector().stream, { ...log.input, log: { ...log.input.log, verifierKey: other.keys.vkey } }),
      { code: 'VALIDATION_FAILED', message: /checkpoint signature does not verify/ });
  });

  test('leaves out events after the export and events of items not in the bundle', async () => {
    const partial = syntheticLog({ exportItems: 2 });
    const later = { ...partial.input.events.find((e) => e.details.kind === 'view')!, seq: partial.input.exportSeq + 1 };
    const out = collector();
    const { manifest } = await writeBundle(out.stream, { ...partial.input, items: partial.input.items.slice(0, 2), events: [...partial.input.events, later] });
    assert.ok(manifest.events.every((e) => e.seq <= manifest.exportSeq));
    assert.ok(partial.input.events.some((e) => e.details.item === 'item-synthetic-3'));
    assert.ok(!manifest.events.some((e) => e.details.item === 'item-synthetic-3'));
    assert.equal((await verifyBundle(Readable.from([out.bytes()]))).ok, true);
  });

  test('an item without a file name is stored as "file"', async () => {
    const nameless = syntheticLog({ filenames: [null] });
    const out = collector();
    const { manifest } = await writeBundle(out.stream, nameless.input);
    assert.match(manifest.items[0]!.path, /^files\/item-synthetic-1\/[0-9a-f]{16}-file$/);
    assert.equal((await verifyBundle(Readable.from([out.bytes()]))).ok, true);
  });

  test('honours backpressure: a slow reader never has more than a few MiB pulled ahead of it', async () => {
    const big = Buffer.alloc(48 * 1024 * 1024, 7);
    const slowLog = syntheticLog({ contents: [big], eventsPerItem: 1 });
    let pulled = 0;
    let consumed = 0;
    let maxAhead = 0;
    const source = () => Readable.from((function* chunks() {
      for (let at = 0; at < big.length; at += 256 * 1024) {
        pulled += 256 * 1024;
        maxAhead = Math.max(maxAhead, pulled - consumed);
        yield big.subarray(at, at + 256 * 1024);
      }
    })());
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        consumed += chunk.length;
        setImmediate(done);
      },
    });
    await writeBundle(slow, { ...slowLog.input, items: [{ id: slowLog.input.items[0]!.id, open: source }] });
    assert.ok(consumed > big.length);
    assert.ok(maxAhead < 4 * 1024 * 1024, `pulled ${maxAhead} bytes ahead of the reader`);
  });
});

describe('the custody report', () => {
  test('escapes every value: a file name of <script>alert(1)</script>.jpg stays text', async () => {
    const hostile = syntheticLog({ filenames: ['<script>alert(1)</script>.jpg', 'synthetic "quoted" & \'single\'.jpg'], contents: [Buffer.from('a'), Buffer.from('b')] });
    const out = collector();
    const { manifest } = await writeBundle(out.stream, hostile.input);
    const html = readTar(out.bytes()).find((m) => m.name === 'custody-report.html')!.data.toString('utf8');
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;.jpg'));
    assert.ok(html.includes('synthetic &quot;quoted&quot; &amp; &#39;single&#39;.jpg'));
    assert.ok(!/\s(src|href)=/i.test(html), 'no external resources');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(manifest.items[0]!.path, /-_script_alert_1___script_\.jpg$/);
    assert.equal((await verifyBundle(Readable.from([out.bytes()]))).ok, true);
  });

  test('shows items, hashes, each custody event with time, actor, action and purpose, and how to verify', async () => {
    const out = collector();
    const { manifest } = await writeBundle(out.stream, log.input);
    const html = renderCustodyReport(manifest);
    for (const item of manifest.items) assert.ok(html.includes(item.sha256));
    for (const event of manifest.events) {
      const [, , at, actor, action] = JSON.parse(event.entry) as [number, number, string, string, string];
      assert.ok(html.includes(`<td>${event.seq}</td><td>${at.replace('T', ' ').replace('Z', '')}</td><td>${actor}</td><td>${action}`), `event ${event.seq}`);
    }
    assert.ok(html.includes('synthetic analysis'));
    assert.ok(html.includes('How to verify this bundle'));
    assert.ok(html.includes('node verify-bundle.mjs BUNDLE.tar --key'));
  });

  test('speaks French and Arabic (right to left); other locales fall back to English', async () => {
    const out = collector();
    const { manifest } = await writeBundle(out.stream, log.input);
    assert.match(renderCustodyReport(manifest, 'fr'), /<html lang="fr" dir="ltr">[\s\S]*Rapport de chaîne de possession/);
    assert.match(renderCustodyReport(manifest, 'ar'), /<html lang="ar" dir="rtl">[\s\S]*تقرير سلسلة الحيازة/);
    assert.match(renderCustodyReport(manifest, 'xx'), /<html lang="en" dir="ltr">/);
  });
});
