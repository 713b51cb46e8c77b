/**
 * A submission receipt proves, with nothing but the log's public key, which files were handed
 * in and when; any edit to it, or a key of another log, makes it prove nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateNoteKeys } from '@ariadne/ledger';
import { syntheticLog } from '../bundle/synthetic-log.ts';
import { verifyReceipt, type Receipt } from './verify-receipt.ts';

function receiptOf(): { receipt: Receipt; key: string; hashes: string[] } {
  const log = syntheticLog();
  const intakes = log.input.events.filter((e) => e.details.kind === 'intake');
  const items = intakes.map((e) => {
    const entry = typeof e.entry === 'string' ? e.entry : Buffer.from(e.entry).toString('utf8');
    return {
      sha256: String(e.details.sha256), size: Number(e.details.size), role: 'attachment', seq: e.seq,
      leafHash: createHash('sha256').update(Buffer.of(0)).update(entry).digest('hex'), entry, details: e.details,
      proof: e.proof.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('hex'))),
    };
  });
  return {
    receipt: { submissionId: 'submission-synthetic-1', items, checkpoint: log.input.checkpoint, verifierKey: log.keys.vkey, issuedAt: '2026-03-02T00:00:00.000Z' },
    key: log.keys.vkey,
    hashes: [...log.contents.values()].map((c) => createHash('sha256').update(c).digest('hex')),
  };
}

test('an intact receipt proves each item against the signed checkpoint, and the files the holder kept', () => {
  const { receipt, key, hashes } = receiptOf();
  const verdict = verifyReceipt(receipt, { key, fileHashes: hashes });
  assert.equal(verdict.ok, true, verdict.problems.join('\n'));
  assert.equal(verdict.items.length, 3);
  assert.ok(verdict.items.every((i) => i.recordedAt?.startsWith('2026-03-01')));
});

test('every kind of edit is caught and named', () => {
  const { receipt, key } = receiptOf();
  const first = receipt.items[0]!;
  const edits: [string, Receipt, RegExp][] = [
    ['another file hash', { ...receipt, items: [{ ...first, sha256: '0'.repeat(64) }] }, /differs from the intake record/],
    ['edited details', { ...receipt, items: [{ ...first, details: { ...first.details, size: 1 }, size: 1 }] }, /intake details were changed/],
    ['another seq', { ...receipt, items: [{ ...first, seq: first.seq + 1 }] }, /not the intake record/],
    ['a bent proof', { ...receipt, items: [{ ...first, proof: [...first.proof.slice(1), first.proof[0]!] }] }, /does not lead to the signed checkpoint/],
    ['a re-signed checkpoint', { ...receipt, checkpoint: receipt.checkpoint.replace(/\n\n— .*$/s, '\n\n— forged AAAA\n') }, /signature does not verify/],
  ];
  for (const [what, edited, message] of edits) {
    const verdict = verifyReceipt(edited, { key });
    assert.equal(verdict.ok, false, what);
    assert.match(verdict.problems.join('\n'), message, what);
  }
  assert.equal(verifyReceipt(receipt, { key: generateNoteKeys('ariadne.example/synthetic-log').vkey }).ok, false, 'another key of the same name');
  assert.equal(verifyReceipt(receipt, { key, fileHashes: ['f'.repeat(64)] }).ok, false, 'a file that was not submitted');
});

test('hostile input: not a receipt, huge proofs, garbage keys', () => {
  const { receipt, key } = receiptOf();
  for (const junk of [null, 42, 'receipt', [], {}, { items: 'x', checkpoint: 1, verifierKey: 2 }]) assert.equal(verifyReceipt(junk).ok, false);
  assert.equal(verifyReceipt({ ...receipt, items: new Array(10_001).fill(receipt.items[0]) }).ok, false);
  assert.equal(verifyReceipt({ ...receipt, items: [{ ...receipt.items[0]!, proof: new Array(65).fill('0'.repeat(64)) }] }, { key }).ok, false);
  assert.equal(verifyReceipt({ ...receipt, items: [{ ...receipt.items[0]!, entry: '{not json' }] }, { key }).ok, false);
  assert.match(verifyReceipt(receipt, { key: 'not a key' }).problems[0]!, /malformed/);
});
