/**
 * Signed notes and checkpoints: the Go reference example reproduced byte for byte (Ed25519 is
 * deterministic), round trips, and every way a note can be forged, truncated or malformed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consistencyProof, formatCheckpoint, generateNoteKeys, hashLeaf, openNote, parseCheckpoint, parseSignerKey, parseVerifierKey,
  rootOf, signNote, verifierKeyOf, verifyConsistency,
} from '../src/index.ts';

// The example key and note of golang.org/x/mod/sumdb/note's documentation (C2SP signed-note).
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = 'If you think cryptography is the answer to your problem,\nthen you don\'t know what your problem is.\n';
const NOTE = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

test('signs the reference example byte for byte and opens it', () => {
  assert.equal(signNote(TEXT, [parseSignerKey(SKEY)]), NOTE);
  const opened = openNote(NOTE, [parseVerifierKey(VKEY)]);
  assert.deepEqual(opened, { ok: true, text: TEXT, verifiedBy: ['PeterNeumann'] });
});

test('a signer key yields the verifier key it was generated with', () => {
  assert.equal(verifierKeyOf(parseSignerKey(SKEY)), VKEY);
  assert.equal(verifierKeyOf(parseVerifierKey(VKEY)), VKEY);
  const keys = generateNoteKeys('ariadne.test/log');
  assert.equal(verifierKeyOf(parseSignerKey(keys.skey)), keys.vkey);
});

test('refuses altered text, a wrong key, unknown signers and malformed notes', () => {
  const v = parseVerifierKey(VKEY);
  assert.equal(openNote(NOTE.replace('cryptography', 'cryptographY'), [v]).ok, false);
  const other = parseVerifierKey(generateNoteKeys('PeterNeumann').vkey);
  assert.deepEqual(openNote(NOTE, [other]), { ok: false, reason: 'no signature by a known key' });
  for (const bad of [TEXT, `${TEXT}\n`, `${TEXT}\n— PeterNeumann !!!\n`, `${TEXT}\n— PeterNeumann x08go/ZJku\n`, NOTE.slice(0, -1), `\n\n${NOTE}`, 'x'.repeat(2_000_000)]) {
    assert.equal(openNote(bad, [v]).ok, false, JSON.stringify(bad.slice(0, 60)));
  }
  assert.throws(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /key id/);
  assert.throws(() => parseVerifierKey('no key'));
  assert.throws(() => signNote('no final newline', [parseSignerKey(SKEY)]));
  assert.throws(() => signNote('blank\n\nline\n', [parseSignerKey(SKEY)]));
});

test('a checkpoint round-trips, signed, and proves the log only grew', () => {
  const keys = generateNoteKeys('ariadne.test/log');
  const signer = parseSignerKey(keys.skey);
  const leaves = Array.from({ length: 12 }, (_, i) => hashLeaf(Buffer.from(`synthetic entry ${i}`)));
  const old = signNote(formatCheckpoint({ origin: 'ariadne.test/log', size: 7, root: rootOf(leaves.slice(0, 7)) }), [signer]);
  const now = signNote(formatCheckpoint({ origin: 'ariadne.test/log', size: 12, root: rootOf(leaves) }), [signer]);
  const verifier = parseVerifierKey(keys.vkey);
  const [a, b] = [openNote(old, [verifier]), openNote(now, [verifier])];
  assert.ok(a.ok && b.ok);
  const c1 = parseCheckpoint(a.text)!;
  const c2 = parseCheckpoint(b.text)!;
  assert.equal(c1.size, 7);
  assert.ok(verifyConsistency({ size1: c1.size, size2: c2.size }, { root1: c1.root, root2: c2.root }, consistencyProof(leaves, 7)));
});

test('refuses malformed checkpoints', () => {
  const root = Buffer.alloc(32, 7).toString('base64');
  for (const bad of ['', 'origin\n', `origin\n-1\n${root}\n`, `origin\n01\n${root}\n`, `origin\n5\nAAAA\n`, `origin\n5\n${root}\n\n`, `origin\n5\n${root}`, `origin\n99999999999999999\n${root}\n`]) {
    assert.equal(parseCheckpoint(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(parseCheckpoint(`o\n5\n${root}\next one\n`)?.extensions, ['ext one']);
  assert.throws(() => formatCheckpoint({ origin: 'two\nlines', size: 1, root: Buffer.alloc(32) }));
});
