/**
 * Offline verification as an outside party runs it: a checkpoint, an older one, proof files and
 * an entry, all as text. Everything true verifies; every forgery, mix-up and malformed file is
 * refused with a sentence that says what failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consistencyProof, formatCheckpoint, generateNoteKeys, hashLeaf, inclusionProof, parseEntryFile, parseProofFile, parseSignerKey,
  parseVerifierKey, rootOf, signNote, verifyOffline, type OfflineClaims,
} from '../src/index.ts';

const ORIGIN = 'ariadne.test/offline';
const keys = generateNoteKeys(ORIGIN);
const signer = parseSignerKey(keys.skey);
const verifiers = [parseVerifierKey(keys.vkey)];
const entries = Array.from({ length: 20 }, (_, i) => Buffer.from(JSON.stringify([1, i + 1, '2026-01-02T03:04:05.000Z', 'system:test', 'test.synthetic', null, `synthetic-${i}`, null, null])));
const leaves = entries.map(hashLeaf);
const hex = (b: Buffer) => b.toString('hex');
const checkpointOf = (size: number, origin = ORIGIN, key = signer) => signNote(formatCheckpoint({ origin, size, root: rootOf(leaves.slice(0, size)) }), [key]);
const inclusionFile = (index: number, size: number) => JSON.stringify({ index, size, leafHash: hex(leaves[index]!), root: hex(rootOf(leaves.slice(0, size))), proof: inclusionProof(leaves.slice(0, size), index).map(hex) });
const consistencyFile = (size1: number, size2: number) => JSON.stringify({ size1, size2, proof: consistencyProof(leaves.slice(0, size2), size1).map(hex) });
const proofs = (...files: string[]) => files.map((f) => {
  const p = parseProofFile(f);
  assert.ok(p.ok, JSON.stringify(p));
  return p.value;
});
const entryFile = (i: number) => JSON.stringify({ seq: i + 1, index: i, entry: entries[i]!.toString('utf8'), leafHash: hex(leaves[i]!) });

test('a true checkpoint, its growth from an older one, and an entry in it all verify', () => {
  const entry = parseEntryFile(Buffer.from(entryFile(6)));
  assert.ok(entry.ok);
  const verdict = verifyOffline({
    checkpoint: checkpointOf(20), verifiers, old: checkpointOf(13),
    proofs: proofs(consistencyFile(13, 20), inclusionFile(6, 20)), entry: entry.value,
  });
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.equal(verdict.checked.length, 3);
  assert.match(verdict.checked[0]!, /^checkpoint of 20 entries of ariadne\.test\/offline, root [0-9a-f]{64}, signed by ariadne\.test\/offline$/);
  assert.match(verdict.checked[2]!, /is entry 7 of the checkpoint's tree/);
  // the raw canonical bytes serve as well as the API's JSON
  const raw = parseEntryFile(entries[6]!);
  assert.ok(raw.ok && verifyOffline({ checkpoint: checkpointOf(20), verifiers, proofs: proofs(inclusionFile(6, 20)), entry: raw.value }).ok);
  assert.ok(verifyOffline({ checkpoint: checkpointOf(20), verifiers, old: checkpointOf(20) }).ok, 'same checkpoint, nothing to prove');
  assert.ok(verifyOffline({ checkpoint: checkpointOf(20), verifiers, proofs: proofs(inclusionFile(19, 20)) }).ok, 'a leaf hash alone');
});

test('refuses forgeries and mix-ups, each with its reason', () => {
  const other = parseSignerKey(generateNoteKeys(ORIGIN).skey);
  const forkedLeaves = [...leaves];
  forkedLeaves[3] = hashLeaf(Buffer.from('a rewritten synthetic entry'));
  const forked = signNote(formatCheckpoint({ origin: ORIGIN, size: 20, root: rootOf(forkedLeaves) }), [signer]);
  const e6 = parseEntryFile(Buffer.from(entryFile(6)));
  const e7 = parseEntryFile(Buffer.from(entryFile(7)));
  assert.ok(e6.ok && e7.ok);
  const cases: [OfflineClaims, RegExp][] = [
    [{ checkpoint: checkpointOf(20, ORIGIN, other), verifiers }, /the checkpoint does not verify: no signature by a known key/],
    [{ checkpoint: checkpointOf(20).replace('20\n', '21\n'), verifiers }, /the checkpoint does not verify: the signature of .* does not verify/],
    [{ checkpoint: signNote('not a checkpoint\n', [signer]), verifiers }, /signed but is not a checkpoint/],
    [{ checkpoint: forked, verifiers, old: checkpointOf(13), proofs: proofs(consistencyFile(13, 20)) }, /does not extend the checkpoint of 13: the consistency proof fails/],
    [{ checkpoint: forked, verifiers, old: checkpointOf(20) }, /both have 20 entries but different roots: the log forked/],
    [{ checkpoint: checkpointOf(13), verifiers, old: checkpointOf(20) }, /old checkpoint has 20 entries, more than the 13/],
    [{ checkpoint: checkpointOf(20), verifiers, old: checkpointOf(13, 'ariadne.test/elsewhere') }, /old checkpoint is of the log "ariadne.test\/elsewhere"/],
    [{ checkpoint: checkpointOf(20), verifiers, old: checkpointOf(13) }, /needs a consistency proof/],
    [{ checkpoint: checkpointOf(20), verifiers, old: checkpointOf(12), proofs: proofs(consistencyFile(13, 20)) }, /from 13 to 20 entries, not from 12 to 20/],
    [{ checkpoint: checkpointOf(20), verifiers, proofs: proofs(consistencyFile(13, 20)) }, /needs the old checkpoint it starts from/],
    [{ checkpoint: checkpointOf(20), verifiers, entry: e6.value }, /needs an inclusion proof/],
    [{ checkpoint: checkpointOf(20), verifiers, proofs: proofs(inclusionFile(6, 19)), entry: e6.value }, /for a tree of 19 entries, the checkpoint has 20/],
    [{ checkpoint: checkpointOf(20), verifiers, proofs: proofs(inclusionFile(6, 20)), entry: e7.value }, /the entry hashes to [0-9a-f]{64}, not to the proof's leaf/],
    [{ checkpoint: forked, verifiers, proofs: proofs(inclusionFile(6, 20)), entry: e6.value }, /leaf 6 \(entry 7\) is not in the checkpoint's tree/],
    [{ checkpoint: checkpointOf(20), verifiers, proofs: proofs(inclusionFile(6, 20), inclusionFile(7, 20)) }, /at most one proof of each kind/],
  ];
  for (const [claims, reason] of cases) {
    const verdict = verifyOffline(claims);
    assert.equal(verdict.ok, false, String(reason));
    if (!verdict.ok) assert.match(verdict.reason, reason);
  }
  const moved = parseEntryFile(Buffer.from(JSON.stringify({ index: 5, entry: entries[6]!.toString('utf8') })));
  assert.ok(moved.ok);
  const noLeaf = proofs(JSON.stringify({ index: 6, size: 20, proof: inclusionProof(leaves, 6).map(hex) }));
  assert.match((verifyOffline({ checkpoint: checkpointOf(20), verifiers, proofs: noLeaf, entry: moved.value }) as { reason: string }).reason, /the entry is leaf 5, the proof is for leaf 6/);
  assert.match((verifyOffline({ checkpoint: checkpointOf(20), verifiers, proofs: noLeaf }) as { reason: string }).reason, /names no leaf hash/);
});

test('parses proof and entry files strictly: malformed, hostile and huge input is refused', () => {
  const bad: [string, RegExp][] = [
    ['', /not JSON/], ['nope', /not JSON/], ['[]', /not a JSON object/], ['null', /not a JSON object/], ['{}', /no list of at most 128 hashes/],
    [JSON.stringify({ index: 1, size: 2, proof: ['AB'.repeat(32)] }), /not 64 lowercase hex/],
    [JSON.stringify({ index: 1, size: 2, proof: [42] }), /not 64 lowercase hex/],
    [JSON.stringify({ index: -1, size: 2, proof: [] }), /must be whole numbers/],
    [JSON.stringify({ index: 1.5, size: 2, proof: [] }), /must be whole numbers/],
    [JSON.stringify({ index: 1, size: 2 ** 60, proof: [] }), /must be whole numbers/],
    [JSON.stringify({ index: 1, size: '2', proof: [] }), /must be whole numbers/],
    [JSON.stringify({ index: 1, size: 2, leafHash: 'x', proof: [] }), /"leafHash" is not/],
    [JSON.stringify({ size1: 1, proof: [] }), /"size1" and "size2"/],
    [JSON.stringify({ proof: [] }), /neither an inclusion proof/],
    [JSON.stringify({ index: 1, size: 2, proof: Array(129).fill('0'.repeat(64)) }), /at most 128/],
    [JSON.stringify({ index: 1, size: 2, proof: [], x: 'y'.repeat(1_000_001) }), /too large/],
    ['{"__proto__": {"index": 1}, "proof": []}', /neither/],
  ];
  for (const [text, reason] of bad) {
    const parsed = parseProofFile(text);
    assert.equal(parsed.ok, false, text.slice(0, 60));
    if (!parsed.ok) assert.match(parsed.reason, reason, text.slice(0, 60));
  }
  for (const [text, reason] of [['{}', /no "entry" string/], ['{"entry": 5}', /no "entry" string/], ['{"entry": "x", "index": "0"}', /"index" must be/], ['garbage', /not JSON/]] as const) {
    const parsed = parseEntryFile(Buffer.from(text));
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.reason, reason);
  }
  assert.equal(parseEntryFile(Buffer.alloc(1_000_001, 0x5b)).ok, false, 'too large');
  const huge = verifyOffline({ checkpoint: 'x'.repeat(2_000_000), verifiers });
  assert.equal(huge.ok, false);
});
