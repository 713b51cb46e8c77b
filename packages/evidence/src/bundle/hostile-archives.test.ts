/**
 * Archives built to hurt whoever opens them: traversal and absolute names, links, compressed
 * archives and a zip bomb, forged sizes, truncation, hundreds of thousands of entries, garbage,
 * nothing at all. The verifier never extracts or decompresses; each must end in a precise
 * problem, quickly and in bounded memory.
 */
import { describe, test, before, after } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { syntheticLog } from './synthetic-log.ts';
import { collector, makeTar, rawHeader, readTar, zipBomb } from './tar-fixture.ts';
import { TAR_BLOCK, TAR_END, tarHeader, tarPadding } from './tar-header.ts';
import { BUNDLE_LIMITS, verifyBundle, type BundleProblemCode, type BundleVerification } from './verify.ts';
import { writeBundle } from './write-bundle.ts';

let intact: Buffer;
let dir: string;

const fromStream = (archive: Buffer) => verifyBundle(Readable.from([archive]));

async function fromFile(archive: Buffer, name = 'synthetic-bundle.tar'): Promise<BundleVerification> {
  const path = join(dir, name);
  await writeFile(path, archive);
  return verifyBundle(path);
}

function assertOnly(result: BundleVerification, code: BundleProblemCode, includes: string | RegExp): void {
  const listing = result.problems.map((p) => `[${p.code}] ${p.message}`).join('\n');
  assert.equal(result.ok, false);
  const found = result.problems.find((p) => p.code === code);
  assert.ok(found, `expected ${code}, got:\n${listing}`);
  assert.ok(typeof includes === 'string' ? found.message.includes(includes) : includes.test(found.message), `${code}: ${found.message}`);
}

/** the intact bundle with extra raw bytes inserted before its end-of-archive marker */
const withEntry = (...raw: Buffer[]) => Buffer.concat([intact.subarray(0, intact.length - TAR_END.length), ...raw, TAR_END]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ariadne-bundle-test-'));
  const out = collector();
  await writeBundle(out.stream, syntheticLog().input);
  intact = out.bytes();
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('names and entry types', () => {
  for (const [name, why] of [
    ['../x', 'path traversal'],
    ['/etc/x', 'absolute path'],
    ['files/../../x', 'path traversal'],
    ['files\\..\\x', 'backslash'],
    ['C:/x', 'drive letter'],
    ['files//x', 'empty or "." component'],
    ['./bundle.json', 'empty or "." component'],
  ] as const) {
    test(`an entry named ${JSON.stringify(name)} is refused (${why})`, async () => {
      const result = await fromStream(withEntry(rawHeader({ name, size: 5 }), Buffer.from('synth'), tarPadding(5)));
      assertOnly(result, 'unsafe-name', why);
      assert.equal(result.problems.length, 1, 'its data are skipped, the rest of the bundle still verifies');
    });
  }

  test('a name with bytes hidden after a NUL is refused', async () => {
    const name = Buffer.concat([Buffer.from('notes.txt'), Buffer.of(0), Buffer.from('../../etc/passwd')]);
    assertOnly(await fromStream(withEntry(rawHeader({ name }))), 'unsafe-name', 'bytes after a NUL');
  });

  test('a pax header cannot smuggle in a traversal name', async () => {
    const body = Buffer.from('19 path=../../evil\n');
    const pax = Buffer.concat([rawHeader({ name: 'PaxHeaders/x', type: 'x', size: body.length }), body, tarPadding(body.length)]);
    assertOnly(await fromStream(withEntry(pax, rawHeader({ name: 'harmless.txt' }))), 'unsafe-name', '../../evil: refused: the name has a ".." component');
  });

  test('symbolic and hard links are refused, whatever they point to', async () => {
    const symlink = await fromStream(withEntry(rawHeader({ name: 'files/link', type: '2', linkname: '/etc/passwd' })));
    assertOnly(symlink, 'unsupported-entry', 'files/link: refused: it is a symbolic link');
    const hardlink = await fromStream(withEntry(rawHeader({ name: 'files/hard', type: '1', linkname: 'bundle.json' })));
    assertOnly(hardlink, 'unsupported-entry', 'files/hard: refused: it is a hard link');
  });

  test('a device or FIFO entry is refused', async () => {
    assertOnly(await fromStream(withEntry(rawHeader({ name: 'dev', type: '3' }))), 'unsupported-entry', 'a character device');
    assertOnly(await fromStream(withEntry(rawHeader({ name: 'fifo', type: '6' }))), 'unsupported-entry', 'a FIFO');
  });

  test('a second copy of a name is refused (extraction would overwrite the first)', async () => {
    const copy = readTar(intact).find((m) => m.name === 'checkpoint.txt')!;
    assertOnly(await fromStream(withEntry(makeTar([copy], { end: false }))), 'duplicate-name', 'checkpoint.txt: appears twice');
  });

  test('a directory outside the layout is reported; the layout\'s own directories are accepted', async () => {
    const dirHeader = (name: string) => tarHeader({ name, size: 0, mtime: new Date(0), type: 'directory' });
    const itemDir = readTar(intact).find((m) => m.name.startsWith('files/item-synthetic-1/'))!.name.split('/').slice(0, 2).join('/');
    assert.deepEqual((await fromStream(withEntry(dirHeader('files/'), dirHeader(`${itemDir}/`)))).problems, []);
    assertOnly(await fromStream(withEntry(dirHeader('private/'))), 'unexpected-file', 'private/: a directory that is not part of the bundle');
  });

  test('a long name carried by a pax header is read, and judged like any other', async () => {
    const name = `files/${'synthetic-long-name-'.repeat(15)}.jpg`;
    const entry = Buffer.concat([tarHeader({ name, size: 3, mtime: new Date(0) }), Buffer.from('abc'), tarPadding(3)]);
    assertOnly(await fromStream(withEntry(entry)), 'unexpected-file', `${name.slice(0, 60)}`);
  });
});

describe('compressed archives are named and never opened', () => {
  test('a gzip-compressed bundle', async () => {
    assertOnly(await fromFile(gzipSync(intact)), 'compressed-archive', 'this is a gzip archive; an Ariadne bundle is a plain (uncompressed) tar');
  });

  test('a zip archive', async () => {
    const result = await fromFile(zipBomb().subarray(0, 64));
    assertOnly(result, 'compressed-archive', 'this is a zip archive');
  });

  test('a zip bomb: an entry claiming 4 GiB in a few kilobytes is refused at its first bytes', async () => {
    const bomb = zipBomb();
    assert.ok(bomb.length < 64 * 1024);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const result = await fromFile(bomb);
    assertOnly(result, 'compressed-archive', 'zip archive');
    assert.equal(result.problems.length, 1);
    assert.ok(performance.now() - started < 1000);
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
  });

  test('7z, xz, bzip2 and zstd are recognised too', async () => {
    for (const [kind, magic] of [['7z', '377abcaf271c'], ['xz', 'fd377a585a00'], ['bzip2', '425a68'], ['zstd', '28b52ffd']] as const) {
      assertOnly(await fromStream(Buffer.concat([Buffer.from(magic, 'hex'), Buffer.alloc(2000, 7)])), 'compressed-archive', `this is a ${kind} archive`);
    }
  });
});

describe('sizes, truncation and structure', () => {
  test('a file cut short is truncated, from a file and from a stream', async () => {
    const file = readTar(intact).find((m) => m.name.startsWith('files/item-synthetic-2/'))!;
    const cut = intact.subarray(0, file.offset + 300);
    assertOnly(await fromFile(cut), 'truncated', `${file.name} declares ${file.data.length} bytes, but the archive ends 300 bytes later`);
    assertOnly(await fromStream(cut), 'truncated', `${file.name} declares ${file.data.length} bytes but the archive ends after 300 of them`);
  });

  test('an archive cut at an entry boundary lacks its end marker (and the files after it)', async () => {
    const members = readTar(intact);
    const last = members.at(-1)!;
    const cut = intact.subarray(0, last.offset - TAR_BLOCK);
    const result = await fromFile(cut);
    assertOnly(result, 'truncated', 'ends without the end-of-archive marker');
    assertOnly(result, 'missing-file', last.name);
  });

  test('a giant declared size in a tiny archive is refused at once', async () => {
    const giant = Buffer.concat([rawHeader({ name: 'bundle.json', size: 0o77777777777 }), Buffer.alloc(1024, 0x7b)]);
    const started = performance.now();
    assertOnly(await fromFile(giant), 'truncated', 'bundle.json declares 8589934591 bytes, but the archive ends 1024 bytes later');
    const streamed = await fromStream(giant);
    assertOnly(streamed, 'manifest-too-large', `more than the ${BUNDLE_LIMITS.manifestBytes}`);
    assertOnly(streamed, 'truncated', 'declares 8589934591 bytes');
    assert.ok(performance.now() - started < 1000);
  });

  test('a damaged header checksum in the middle stops reading there', async () => {
    const header = rawHeader({ name: 'notes.txt', size: 0, checksum: 'wrong' });
    const result = await fromStream(withEntry(header));
    assertOnly(result, 'bad-header-checksum', `the tar header at byte ${intact.length - TAR_END.length} is damaged`);
  });

  test('data after the end-of-archive marker are reported; zero padding is not', async () => {
    assert.deepEqual((await fromStream(Buffer.concat([intact, Buffer.alloc(10240 - (intact.length % 10240))]))).problems, []);
    const appended = Buffer.concat([intact, makeTar([{ name: 'synthetic-appended.jpg', data: Buffer.from('hidden') }])]);
    assertOnly(await fromStream(appended), 'trailing-data', 'data after the end-of-archive marker');
  });

  test('bytes hidden in a member\'s padding are reported', async () => {
    const report = readTar(intact).find((m) => m.name === 'README.txt')!;
    const tampered = Buffer.from(intact);
    tampered[report.offset + report.data.length + 3] = 0x41;
    assertOnly(await fromStream(tampered), 'bad-padding', 'README.txt: the padding after its data is not zero bytes');
  });

  test('200,000 tiny entries: reading stops at the limit, in bounded time and memory', async () => {
    let produced = 0;
    const template = tarHeader({ name: 'files/synthetic/x', size: 0, mtime: new Date(0) });
    const source = Readable.from((function* entries() {
      for (let batch = 0; batch < 200; batch++) {
        const chunk = Buffer.alloc(1000 * TAR_BLOCK);
        for (let k = 0; k < 1000; k++) {
          const n = batch * 1000 + k;
          const h = Buffer.from(template);
          h.write(`files/synthetic/${n}`.padEnd(24, '\0'), 0, 'latin1');
          h.fill(0x20, 148, 156);
          let sum = 0;
          for (const b of h) sum += b;
          h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
          h.copy(chunk, k * TAR_BLOCK);
        }
        produced += 1000;
        yield chunk;
      }
    })());
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const result = await verifyBundle(source);
    const seconds = (performance.now() - started) / 1000;
    assertOnly(result, 'too-many-entries', `more than ${BUNDLE_LIMITS.entries} entries`);
    assert.equal(result.problems.length, 1, 'no manifest, so nothing else to say');
    assert.ok(produced < 200_000, `reading stopped early (${produced} produced)`);
    assert.ok(seconds < 15, `${seconds.toFixed(1)} s`);
    assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024, 'bounded memory');
  });

  test('problems beyond the listing limit are counted, not listed', async () => {
    const junk = Array.from({ length: BUNDLE_LIMITS.problems + 50 }, (_, n) => ({ name: `files/synthetic/junk-${n}`, data: Buffer.alloc(0) }));
    const result = await fromStream(withEntry(makeTar(junk, { end: false })));
    assert.equal(result.problems.length, BUNDLE_LIMITS.problems);
    assert.equal(result.summary.moreProblems, 50);
  });
});

describe('not a bundle at all', () => {
  test('a garbage file', async () => {
    const garbage = Buffer.from('This is a synthetic garbage file, not a bundle. '.repeat(100));
    assertOnly(await fromFile(garbage), 'not-a-tar', 'this is not a tar archive');
  });

  test('an empty file', async () => {
    assertOnly(await fromFile(Buffer.alloc(0)), 'empty', 'the file is empty');
  });

  test('a few bytes', async () => {
    assertOnly(await fromFile(Buffer.from('synthetic')), 'not-a-tar', 'less than one tar block');
  });

  test('an empty tar (only the end marker)', async () => {
    assertOnly(await fromFile(TAR_END), 'manifest-missing', 'bundle.json is missing');
  });

  test('a manifest that is not JSON, or JSON of another shape', async () => {
    assertOnly(await fromStream(makeTar([{ name: 'bundle.json', data: Buffer.from('{"format": ') }])), 'manifest-invalid', 'not valid UTF-8 JSON');
    assertOnly(await fromStream(makeTar([{ name: 'bundle.json', data: Buffer.from('[]\n') }])), 'manifest-invalid', 'not a JSON object');
    const other = `${JSON.stringify({ format: 'ariadne-evidence-bundle', version: 2 }, null, 2)}\n`;
    assertOnly(await fromStream(makeTar([{ name: 'bundle.json', data: Buffer.from(other) }])), 'manifest-invalid', 'version 2 is not one this verifier reads');
  });

  test('a manifest with a byte-order mark or invalid UTF-8', async () => {
    const m = readTar(intact).find((x) => x.name === 'bundle.json')!.data;
    assertOnly(await fromStream(makeTar([{ name: 'bundle.json', data: Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), m]) }])), 'manifest-invalid', 'not valid UTF-8 JSON');
    assertOnly(await fromStream(makeTar([{ name: 'bundle.json', data: Buffer.concat([m.subarray(0, 40), Buffer.of(0xff), m.subarray(41)]) }])), 'manifest-invalid', 'not valid UTF-8 JSON');
  });

  test('a forged manifest of 80,000 events, every link broken, is judged in bounded time', async () => {
    const n = 80_000;
    const zero = '0'.repeat(64);
    const events = Array.from({ length: n }, (_, k) => {
      const seq = k + 1;
      const kind = seq === 1 ? 'intake' : 'view';
      const details = { v: 1, kind, item: 'item-synthetic-1', prev: seq === 1 ? null : createHash('sha256').update(String(seq)).digest('hex') };
      const entry = JSON.stringify([1, seq, '2026-03-01T00:00:00.000Z', 'user:synthetic', `evidence.${kind}`, 'case-synthetic-1', null, null, zero]);
      return { seq, entry, leafHash: zero, details, proof: [zero] };
    });
    const good = JSON.parse(readTar(intact).find((m) => m.name === 'bundle.json')!.data.toString('utf8')) as Record<string, unknown>;
    const manifest = {
      ...good, exportSeq: n, events,
      items: [{ id: 'item-synthetic-1', path: 'files/x', sha256: zero, size: 0, filename: null, eventSeqs: events.map((e) => e.seq), ...Object.fromEntries(Array.from({ length: 5000 }, (_, k) => [`extra${k}`, k])) }],
    };
    const archive = makeTar([{ name: 'bundle.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }]);
    const started = performance.now();
    const result = await fromStream(archive);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.problems.length, BUNDLE_LIMITS.problems);
    assert.ok(result.summary.moreProblems > n, `${result.summary.moreProblems} more`);
    assert.ok(result.problems.every((p) => p.message.length < 2000), 'messages stay short');
    assert.ok(seconds < 20, `${seconds.toFixed(1)} s`);
  });

  test('a manifest nested a million levels deep is refused, not a crash', async () => {
    const deep = `{"format":"ariadne-evidence-bundle","version":1,"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}\n`;
    const result = await fromStream(makeTar([{ name: 'bundle.json', data: Buffer.from(deep) }]));
    assertOnly(result, 'manifest-invalid', 'bundle.json');
  });

  test('a missing file is a usage error (the promise rejects), not a verdict', async () => {
    await assert.rejects(verifyBundle(join(dir, 'no-such-bundle.tar')), { code: 'ENOENT' });
  });
});
