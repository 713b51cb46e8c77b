/**
 * Every way a stored blob can be damaged or tampered with is detected, on read and on verify,
 * with its precise error: a flipped header byte (bad magic, unknown version, foreign key id,
 * a header that does not authenticate), a flipped byte in record N, truncation anywhere, a
 * removed, reordered or duplicated record, data after the terminal record, and a blob file
 * swapped for another.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isAriadneError } from '@ariadne/schema/errors';
import { HEADER_BYTES, MAGIC, KEY_ID_BYTES } from './format.ts';
import { readAll, recordSpans, testVault, type TestVault } from './test-support.ts';

const MiB = 1024 * 1024;

interface Expected {
  readonly code: string;
  readonly message: RegExp;
  readonly record?: number;
}

interface Blob {
  readonly name: string;
  readonly bytes: Buffer;
}

/** writes `damaged` in place of the blob, checks open() and verify() both report `expected`, restores */
async function expectDamage(t: TestVault, blob: Blob, damaged: Buffer, expected: Expected & { label: string }): Promise<void> {
  const { name, bytes: original } = blob;
  const { label } = expected;
  const path = join(t.dir, 'blobs', name.slice(0, 2), name.slice(2, 4), name);
  await writeFile(path, damaged);
  try {
    await assert.rejects(readAll(t.vault.open(name)), (error: unknown) => {
      assert.ok(isAriadneError(error), `${label}: ${String(error)}`);
      assert.equal(error.code, expected.code, `${label}: ${error.message}`);
      assert.match(error.message, expected.message, label);
      if (expected.record !== undefined) assert.equal(error.details?.record, String(expected.record), `${label}: ${error.message}`);
      return true;
    }, label);
    const verdict = await t.vault.verify(name);
    assert.equal(verdict.ok, false, label);
    if (!verdict.ok) {
      assert.equal(verdict.code, expected.code, label);
      assert.match(verdict.problem, expected.message, label);
      if (expected.record !== undefined) assert.equal(verdict.record, expected.record, label);
    }
  } finally {
    await writeFile(path, original);
  }
}

async function storedBlob(t: TestVault, data: Buffer) {
  const stored = await t.vault.put(Readable.from([data]));
  const path = join(t.dir, 'blobs', stored.name.slice(0, 2), stored.name.slice(2, 4), stored.name);
  return { name: stored.name, bytes: await readFile(path), spans: await recordSpans(path) };
}

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

test('a flipped byte anywhere in the header is reported for what it breaks', async () => {
  const t = await testVault();
  try {
    const { name, bytes } = await storedBlob(t, randomBytes(1000));
    for (let at = 0; at < HEADER_BYTES; at++) {
      let expected: Expected;
      if (at < MAGIC.length) expected = { code: 'EVIDENCE_CORRUPT', message: /: not a vault file \(it does not start with ARIADNE-VAULT\)$/ };
      else if (at === MAGIC.length) expected = { code: 'EVIDENCE_CORRUPT', message: /: format version 0; this vault reads version 1$/ };
      else if (at < MAGIC.length + 1 + KEY_ID_BYTES) expected = { code: 'EVIDENCE_KEY_MISMATCH', message: new RegExp(`the key given is ${t.vault.keyId}`) };
      else expected = { code: 'EVIDENCE_CORRUPT', message: /: the header does not authenticate \(it was changed or damaged\)$/ };
      await expectDamage(t, { name, bytes }, flip(bytes, at), { ...expected, label: `header byte ${at}` });
    }
    assert.equal((await t.vault.verify(name)).ok, true, 'restored');
  } finally {
    await t.cleanup();
  }
});

test('a flipped byte in record N is reported as a problem of record N', async () => {
  const t = await testVault();
  try {
    const { name, bytes, spans } = await storedBlob(t, randomBytes(2 * MiB + 100));
    assert.deepEqual(spans.map((s) => [s.length, s.last]), [[MiB, false], [MiB, false], [100, false], [0, true]]);
    for (const [n, span] of spans.entries()) {
      const size = span.end - span.offset;
      // the length word (its last-record bit, high and low bytes), the nonce, the ciphertext's first and last byte, the tag
      const positions = new Set([0, 2, 3, 4, 15, 16, size - 17, size - 16, size - 1]);
      for (const rel of positions) {
        if (rel < 0 || rel >= size) continue;
        const damaged = flip(bytes, span.offset + rel);
        await expectDamage(t, { name, bytes }, damaged, { code: 'EVIDENCE_CORRUPT', message: new RegExp(`record ${n}\\b`), record: n, label: `record ${n} byte ${rel}` });
      }
      // the last-record flag turned on (a data record) or off (the terminal record)
      const flagged = Buffer.from(bytes);
      flagged[span.offset] = flagged[span.offset]! ^ 0x80;
      await expectDamage(t, { name, bytes }, flagged, { code: 'EVIDENCE_CORRUPT', message: new RegExp(`record ${n} does not authenticate`), record: n, label: `record ${n} last flag` });
    }
    // the exact wording for the common case: a changed ciphertext byte
    await expectDamage(t, { name, bytes }, flip(bytes, spans[1]!.offset + 1000), {
      code: 'EVIDENCE_CORRUPT', message: /: record 1 does not authenticate \(it was changed, or records were removed, reordered or duplicated\)$/, record: 1,
      label: 'record 1 ciphertext',
    });
    // a length word beyond 1 MiB
    const huge = Buffer.from(bytes);
    huge.writeUInt32BE(0x7fff_ffff, spans[0]!.offset);
    await expectDamage(t, { name, bytes }, huge, { code: 'EVIDENCE_CORRUPT', message: /: record 0 declares a length over 1048576 bytes \(damaged\)$/, record: 0, label: 'huge length' });
  } finally {
    await t.cleanup();
  }
});

test('truncation anywhere is detected', async () => {
  const t = await testVault();
  try {
    const { name, bytes, spans } = await storedBlob(t, randomBytes(2 * MiB + 100));
    const cases: [number, Expected][] = [
      [0, { code: 'EVIDENCE_CORRUPT', message: /: truncated: 0 bytes, shorter than the 83-byte header$/ }],
      [10, { code: 'EVIDENCE_CORRUPT', message: /: truncated: 10 bytes/ }],
      [HEADER_BYTES - 1, { code: 'EVIDENCE_CORRUPT', message: /: truncated: 82 bytes/ }],
      [HEADER_BYTES, { code: 'EVIDENCE_CORRUPT', message: /: truncated: it ends after the header, with no records$/, record: 0 }],
      [HEADER_BYTES + 5, { code: 'EVIDENCE_CORRUPT', message: /: truncated inside record 0$/, record: 0 }],
      [spans[1]!.offset + 500_000, { code: 'EVIDENCE_CORRUPT', message: /: truncated inside record 1$/, record: 1 }],
      [spans[2]!.offset, { code: 'EVIDENCE_CORRUPT', message: /: truncated: it ends after record 1, without the terminal record$/, record: 2 }],
      [spans[3]!.offset, { code: 'EVIDENCE_CORRUPT', message: /: truncated: it ends after record 2, without the terminal record$/, record: 3 }],
      [bytes.length - 1, { code: 'EVIDENCE_CORRUPT', message: /: truncated inside record 3$/, record: 3 }],
    ];
    for (const [length, expected] of cases) {
      await expectDamage(t, { name, bytes }, bytes.subarray(0, length), { ...expected, label: `truncated to ${length}` });
    }
  } finally {
    await t.cleanup();
  }
});

test('removed, reordered and duplicated records, and data after the end, are detected', async () => {
  const t = await testVault();
  try {
    const { name, bytes, spans } = await storedBlob(t, randomBytes(2 * MiB + 100));
    const header = bytes.subarray(0, HEADER_BYTES);
    const rec = spans.map((s) => bytes.subarray(s.offset, s.end));
    const [r0, r1, r2, r3] = rec as [Buffer, Buffer, Buffer, Buffer];
    const cases: [string, Buffer, Expected][] = [
      ['record 1 removed', Buffer.concat([header, r0, r2, r3]), { code: 'EVIDENCE_CORRUPT', message: /record 1 does not authenticate/, record: 1 }],
      ['terminal record removed', Buffer.concat([header, r0, r1, r2]), { code: 'EVIDENCE_CORRUPT', message: /: truncated: it ends after record 2, without the terminal record$/ }],
      ['records 0 and 1 swapped', Buffer.concat([header, r1, r0, r2, r3]), { code: 'EVIDENCE_CORRUPT', message: /record 0 does not authenticate/, record: 0 }],
      ['record 1 duplicated', Buffer.concat([header, r0, r1, r1, r2, r3]), { code: 'EVIDENCE_CORRUPT', message: /record 2 does not authenticate/, record: 2 }],
      ['terminal record duplicated', Buffer.concat([header, r0, r1, r2, r3, r3]), { code: 'EVIDENCE_CORRUPT', message: /: 32 bytes of trailing data after the terminal record$/ }],
      ['garbage appended', Buffer.concat([bytes, Buffer.from('appended by someone')]), { code: 'EVIDENCE_CORRUPT', message: /: 19 bytes of trailing data after the terminal record$/ }],
      ['one zero byte appended', Buffer.concat([bytes, Buffer.alloc(1)]), { code: 'EVIDENCE_CORRUPT', message: /: 1 bytes of trailing data/ }],
    ];
    for (const [label, damaged, expected] of cases) await expectDamage(t, { name, bytes }, damaged, { ...expected, label });
  } finally {
    await t.cleanup();
  }
});

test('a record from another blob, or a whole blob swapped in under another name, is detected', async () => {
  const t = await testVault();
  try {
    const a = await storedBlob(t, randomBytes(2 * MiB + 1));
    const b = await storedBlob(t, randomBytes(2 * MiB + 1));
    const spliced = Buffer.concat([a.bytes.subarray(0, a.spans[1]!.offset), b.bytes.subarray(b.spans[1]!.offset, b.spans[1]!.end), a.bytes.subarray(a.spans[1]!.end)]);
    await expectDamage(t, a, spliced, { code: 'EVIDENCE_CORRUPT', message: /record 1 does not authenticate/, record: 1, label: 'record from blob b' });
    // every record of b authenticates (it is b), but b's content is not what a's name stands for
    await expectDamage(t, a, b.bytes, { code: 'EVIDENCE_CORRUPT', message: /: the content does not match the name \(the file was swapped or renamed\)$/, label: 'b under a\'s name' });
  } finally {
    await t.cleanup();
  }
});
