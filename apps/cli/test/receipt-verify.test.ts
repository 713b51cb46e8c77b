/** `ariadne evidence verify-receipt`: a survivor's receipt checked offline, with its files. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticLog } from '@ariadne/evidence/testing';
import { runReceiptVerify } from '../src/commands/evidence.ts';
import type { Io } from '../src/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-receipt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function capture(): Io & { text: () => string } {
  let out = '';
  return { out: (s) => void (out += s), err: (s) => void (out += s), interactive: false, text: () => out };
}

test('a receipt with the files it names is proven; a stranger file or edited receipt is not', async () => {
  const log = syntheticLog();
  const items = log.input.events.filter((e) => e.details.kind === 'intake').map((e) => {
    const entry = String(e.entry);
    return {
      sha256: e.details.sha256, size: e.details.size, role: 'attachment', seq: e.seq, entry, details: e.details,
      leafHash: createHash('sha256').update(Buffer.of(0)).update(entry).digest('hex'),
      proof: e.proof.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('hex'))),
    };
  });
  const receipt = join(dir, 'receipt.json');
  writeFileSync(receipt, JSON.stringify({ submissionId: 's-1', items, checkpoint: log.input.checkpoint, verifierKey: log.keys.vkey, issuedAt: '2026-03-02T00:00:00Z' }));
  const kept = join(dir, 'synthetic-photo.jpg');
  writeFileSync(kept, [...log.contents.values()][0]!);

  const io = capture();
  assert.equal(await runReceiptVerify(io, receipt, { key: log.keys.vkey, file: [kept] }), 0, io.text());
  assert.match(io.text(), /^PROVEN: 3 item\(s\)/);

  const stranger = join(dir, 'other.jpg');
  writeFileSync(stranger, 'synthetic other file');
  const io2 = capture();
  assert.equal(await runReceiptVerify(io2, receipt, { key: log.keys.vkey, file: [stranger] }), 4);
  assert.match(io2.text(), /NOT PROVEN[\s\S]*not among the receipt's items/);

  writeFileSync(join(dir, 'bad.json'), '{ not json');
  await assert.rejects(runReceiptVerify(capture(), join(dir, 'bad.json'), {}), /not JSON/);
  await assert.rejects(runReceiptVerify(capture(), join(dir, 'missing.json'), {}), /not a readable file/);
});
