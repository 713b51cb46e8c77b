/**
 * Tampering with a real bundle, one way at a time: each change to a file, the manifest, an
 * event, a proof, the checkpoint or its signature, each removed, added, swapped or renumbered
 * piece, and a bundle re-signed by another key must fail with its own problem code and a
 * message that says where.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { generateNoteKeys } from '@ariadne/ledger';
import { buildManifest, type BundleManifest } from './manifest.ts';
import { syntheticLog, type SyntheticLog } from './synthetic-log.ts';
import { collector, makeTar, patchMember, readTar, type TarMember } from './tar-fixture.ts';
import { verifyBundle, type BundleProblemCode, type BundleVerification } from './verify.ts';
import { writeBundle } from './write-bundle.ts';
import { manifestSignatureText } from '../../verifier/verify-bundle.mjs';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? Mutable<U>[] : T[K] extends object ? Mutable<T[K]> : T[K] };
type Manifest = Mutable<BundleManifest>;

let log: SyntheticLog;
let intact: Buffer;

async function bundleOf(input: SyntheticLog['input']): Promise<Buffer> {
  const out = collector();
  await writeBundle(out.stream, input);
  return out.bytes();
}

const verify = (archive: Buffer, key?: string) => verifyBundle(Readable.from([archive]), key === undefined ? {} : { key });

function manifestOf(archive: Buffer): Manifest {
  return JSON.parse(readTar(archive).find((m) => m.name === 'bundle.json')!.data.toString('utf8')) as Manifest;
}

/**
 * bundle.sig for `manifest` (text or bytes), signed with the synthetic log's key: the strongest
 * forger holds the key, and every other check must still catch them
 */
function signManifest(manifest: string | Buffer, skey = log.keys.skey): string {
  const bytes = Buffer.from(manifest);
  const id = (JSON.parse(bytes.toString('utf8')) as { bundleId: string }).bundleId;
  return log.sign(manifestSignatureText(id, createHash('sha256').update(bytes).digest('hex')), skey);
}

/**
 * the archive rebuilt with members changed: `data` replaces by name, `drop` removes, `add` appends;
 * a replaced bundle.json is re-signed unless `keepSignature` (a forger without the key)
 */
function rebuild(archive: Buffer, change: { data?: Record<string, string | Buffer>; drop?: string[]; add?: { name: string; data: Buffer }[]; keepSignature?: boolean; signWith?: string }): Buffer {
  const manifest = change.data?.['bundle.json'];
  if (manifest !== undefined && !change.keepSignature && change.data?.['bundle.sig'] === undefined) {
    change = { ...change, data: { ...change.data, 'bundle.sig': signManifest(manifest, change.signWith) } };
  }
  const members: Pick<TarMember, 'name' | 'data'>[] = readTar(archive)
    .filter((m) => !change.drop?.includes(m.name))
    .map((m) => {
      const replaced = change.data?.[m.name];
      return { name: m.name, data: replaced === undefined ? m.data : Buffer.from(replaced) };
    });
  return makeTar([...members, ...(change.add ?? [])]);
}

/** the archive with its manifest edited (and written back in canonical form, as a careful forger would) */
function withManifest(archive: Buffer, edit: (m: Manifest) => void, more: Record<string, string> = {}, signWith?: string): Buffer {
  const m = manifestOf(archive);
  edit(m);
  return rebuild(archive, { data: { 'bundle.json': `${JSON.stringify(m, null, 2)}\n`, ...more }, ...(signWith ? { signWith } : {}) });
}

function assertProblem(result: BundleVerification, code: BundleProblemCode, includes?: string | RegExp): void {
  const listing = result.problems.map((p) => `[${p.code}] ${p.message}`).join('\n');
  assert.equal(result.ok, false, 'the bundle must not verify');
  const found = result.problems.filter((p) => p.code === code);
  assert.ok(found.length > 0, `expected a ${code} problem, got:\n${listing}`);
  if (includes !== undefined) {
    assert.ok(found.some((p) => (typeof includes === 'string' ? p.message.includes(includes) : includes.test(p.message))), `no ${code} message matches ${includes}:\n${listing}`);
  }
}

const eventsOf = (m: Manifest, item: string) => m.events.filter((e) => e.details.item === item && e.details.kind !== 'intake');

before(async () => {
  log = syntheticLog({ eventsPerItem: 3, earlierExport: true });
  intact = await bundleOf(log.input);
});

describe('an intact bundle', () => {
  test('verifies, with the key inside and with the published key', async () => {
    assert.deepEqual((await verify(intact)).problems, []);
    const result = await verify(intact, log.keys.vkey);
    assert.equal(result.ok, true);
    assert.equal(result.summary.keySource, 'option');
  });

  test('verifies however the stream is cut into chunks', async () => {
    const chunks: Buffer[] = [];
    for (let at = 0, n = 1; at < intact.length; at += n, n = 1 + ((n * 7919) % 1031)) chunks.push(intact.subarray(at, at + n));
    const result = await verifyBundle(Readable.from(chunks), { key: log.keys.vkey });
    assert.deepEqual(result.problems, []);
  });
});

describe('a changed byte', () => {
  test('in an evidence file: its SHA-256 differs from the intake record', async () => {
    const file = readTar(intact).find((m) => m.name.startsWith('files/item-synthetic-2/'))!;
    const tampered = Buffer.from(intact);
    tampered[file.offset + 100]! ^= 0x01;
    const result = await verify(tampered);
    assertProblem(result, 'file-hash-mismatch', `${file.name}: SHA-256 differs from the intake record (expected ${log.input.events.find((e) => e.details.item === 'item-synthetic-2')!.details.sha256}`);
    assert.equal(result.problems.length, 1, 'only the file is wrong');
  });

  test('in the manifest: an item field no longer matches its intake record', async () => {
    const tampered = patchMember(intact, 'bundle.json', '"mime": "image/jpeg"', '"mime": "image/jpeh"');
    assertProblem(await verify(tampered), 'item-mismatch', /item item-synthetic-1: its "?mime"? in bundle.json \(image\/jpeh\) differs from its intake record/);
  });

  test('in the manifest\'s layout (re-indented): the manifest is not canonical', async () => {
    const m = manifestOf(intact);
    const tampered = rebuild(intact, { data: { 'bundle.json': `${JSON.stringify(m, null, 3)}\n` } });
    assertProblem(await verify(tampered), 'manifest-invalid', 'not in its canonical form');
  });

  test('in an event\'s journal entry: its leaf hash and inclusion proof fail', async () => {
    const tampered = patchMember(intact, 'bundle.json', 'user:synthetic-investigator-', 'user:synthetic-investigatoR-');
    const result = await verify(tampered);
    assertProblem(result, 'leaf-hash-mismatch', 'is not the hash of its entry');
    assertProblem(result, 'proof-invalid', 'does not lead to the checkpoint\'s root');
  });

  test('in an event\'s details: they no longer hash to the entry\'s contentHash', async () => {
    const tampered = patchMember(intact, 'bundle.json', '"purpose": "synthetic view"', '"purpose": "synthetic vIew"');
    assertProblem(await verify(tampered), 'details-hash-mismatch', /evidence\.view\): its details do not hash to the entry's contentHash/);
  });

  test('in an inclusion proof: the proof no longer leads to the root', async () => {
    let seq = 0;
    const tampered = withManifest(intact, (m) => {
      const event = m.events[4]!;
      seq = event.seq;
      const first = event.proof[0]!;
      event.proof[0] = `${first[0] === 'a' ? 'b' : 'a'}${first.slice(1)}`;
    });
    const result = await verify(tampered);
    assertProblem(result, 'proof-invalid', `event seq ${seq}`);
    assert.equal(result.problems.length, 1);
  });

  test('in the checkpoint body: the signature no longer verifies', async () => {
    const m = manifestOf(intact);
    const lines = m.checkpoint.split('\n');
    lines[2] = `${lines[2]![0] === 'A' ? 'B' : 'A'}${lines[2]!.slice(1)}`;
    const forged = lines.join('\n');
    const tampered = withManifest(intact, (x) => { x.checkpoint = forged; }, { 'checkpoint.txt': forged });
    const result = await verify(tampered, log.keys.vkey);
    assertProblem(result, 'checkpoint-signature', 'the signature does not match the signed text');
    assertProblem(result, 'proof-invalid', /^none of the 14 inclusion proofs leads to the checkpoint's root/);
    assert.equal(result.problems.length, 2, 'one problem for all the proofs, not one per event');
  });

  test('in checkpoint.txt alone: it differs from the manifest', async () => {
    const text = readTar(intact).find((m) => m.name === 'checkpoint.txt')!.data.toString('utf8');
    const tampered = rebuild(intact, { data: { 'checkpoint.txt': text.replace('synthetic-log', 'synthetic-lug') } });
    assertProblem(await verify(tampered), 'checkpoint-mismatch', 'checkpoint.txt differs');
  });

  test('in the signature: it does not verify', async () => {
    const m = manifestOf(intact);
    const at = m.checkpoint.length - 12;
    const forged = `${m.checkpoint.slice(0, at)}${m.checkpoint[at] === 'Q' ? 'R' : 'Q'}${m.checkpoint.slice(at + 1)}`;
    const tampered = withManifest(intact, (x) => { x.checkpoint = forged; }, { 'checkpoint.txt': forged });
    assertProblem(await verify(tampered, log.keys.vkey), 'checkpoint-signature', 'does not verify with key');
  });

  test('in an attachment (the custody report): it differs from its recorded hash', async () => {
    const tampered = patchMember(intact, 'custody-report.html', 'Synthetic Prosecutor', 'Synthetic Prosecutar');
    assertProblem(await verify(tampered), 'attachment-mismatch', 'custody-report.html');
  });
});

describe('missing and added files', () => {
  test('a missing evidence file is named', async () => {
    const name = readTar(intact).find((m) => m.name.startsWith('files/item-synthetic-3/'))!.name;
    assertProblem(await verify(rebuild(intact, { drop: [name] })), 'missing-file', `${name}: missing (the file of item item-synthetic-3)`);
  });

  test('a missing log.vkey or attachment is named', async () => {
    assertProblem(await verify(rebuild(intact, { drop: ['log.vkey'] })), 'missing-file', 'log.vkey: missing');
    assertProblem(await verify(rebuild(intact, { drop: ['README.txt'] })), 'missing-file', 'README.txt: missing');
  });

  test('an added file is named, inside files/ or beside the manifest', async () => {
    const added = rebuild(intact, { add: [{ name: 'files/item-synthetic-1/synthetic-extra.jpg', data: Buffer.from('synthetic') }, { name: 'notes.txt', data: Buffer.from('x') }] });
    const result = await verify(added);
    assertProblem(result, 'unexpected-file', 'files/item-synthetic-1/synthetic-extra.jpg: not part of the bundle');
    assertProblem(result, 'unexpected-file', 'notes.txt: not part of the bundle');
  });
});

describe('removed, reordered and renumbered events', () => {
  test('an event removed from the middle of a chain: the next event points to a leaf not in the bundle', async () => {
    let removed = 0;
    let next = 0;
    const tampered = withManifest(intact, (m) => {
      const [gone, after] = eventsOf(m, 'item-synthetic-2');
      removed = gone!.seq;
      next = after!.seq;
      m.events = m.events.filter((e) => e.seq !== removed);
      const item = m.items.find((i) => i.id === 'item-synthetic-2')!;
      item.eventSeqs = item.eventSeqs.filter((s) => s !== removed);
    });
    assertProblem(await verify(tampered), 'event-missing', `between seq`);
    assertProblem(await verify(tampered), 'event-missing', `seq ${next}'s prev points to a leaf not in the bundle`);
  });

  test('an event removed but still listed by its item: the missing seq is named', async () => {
    let removed = 0;
    let next = 0;
    const tampered = withManifest(intact, (m) => {
      const [gone, after] = eventsOf(m, 'item-synthetic-2');
      removed = gone!.seq;
      next = after!.seq;
      m.events = m.events.filter((e) => e.seq !== removed);
    });
    assertProblem(await verify(tampered), 'event-missing', `event seq ${removed} of item item-synthetic-2 is missing: seq ${next}'s prev points to a leaf not in the bundle`);
  });

  test('the last event of a chain removed: the export entry\'s head shows the tail is missing', async () => {
    const tampered = withManifest(intact, (m) => {
      const last = eventsOf(m, 'item-synthetic-3').at(-1)!;
      m.events = m.events.filter((e) => e.seq !== last.seq);
      const item = m.items.find((i) => i.id === 'item-synthetic-3')!;
      item.eventSeqs = item.eventSeqs.filter((s) => s !== last.seq);
    });
    assertProblem(await verify(tampered), 'event-missing', /item item-synthetic-3: its chain in the bundle ends at seq \d+, but the export entry seq \d+ records a later head/);
  });

  test('the intake removed: the chain does not start with an intake', async () => {
    const tampered = withManifest(intact, (m) => {
      m.events = m.events.filter((e) => !(e.details.kind === 'intake' && e.details.item === 'item-synthetic-1'));
    });
    assertProblem(await verify(tampered), 'event-missing', /item item-synthetic-1: its first event in the bundle, seq \d+ \(evidence\.view of item item-synthetic-1\), is not its intake/);
  });

  test('two events swapped in the manifest', async () => {
    const tampered = withManifest(intact, (m) => {
      const [a, b] = [m.events[2]!, m.events[3]!];
      m.events[2] = b;
      m.events[3] = a;
    });
    assertProblem(await verify(tampered), 'event-order', 'not in ascending seq order');
  });

  test('an event\'s prev re-pointed to reorder the chain: the details hash and the chain both fail', async () => {
    const tampered = withManifest(intact, (m) => {
      const [first, second] = eventsOf(m, 'item-synthetic-1');
      second!.details.prev = m.events.find((e) => e.seq < first!.seq && e.details.item === 'item-synthetic-2')!.leafHash;
    });
    const result = await verify(tampered);
    assertProblem(result, 'details-hash-mismatch');
    assertProblem(result, 'chain-broken', 'the events were reordered');
  });

  test('an event\'s seq changed', async () => {
    let original = 0;
    const tampered = withManifest(intact, (m) => {
      const event = eventsOf(m, 'item-synthetic-1')[0]!;
      original = event.seq;
      event.seq += 1000;
    });
    const result = await verify(tampered);
    assertProblem(result, 'seq-mismatch', `the event listed as seq ${original + 1000} carries the journal entry of seq ${original}`);
    assert.equal(result.problems.length, 1, 'the seq inside the signed entry is the one that counts');
  });
});

describe('the export entry', () => {
  test('an item the export entry does not list is reported (and the writer refuses to make such a bundle)', async () => {
    const partial = syntheticLog({ exportItems: 2 });
    await assert.rejects(bundleOf(partial.input), { code: 'VALIDATION_FAILED', message: /does not list item item-synthetic-3/ });
    // a forger adds item 3 to a valid bundle of items 1 and 2
    const valid = await bundleOf({ ...partial.input, items: partial.input.items.slice(0, 2) });
    const full = buildManifest(partial.input);
    const m = { ...full, attachments: manifestOf(valid).attachments };
    const third = full.items[2]!;
    const tampered = rebuild(valid, {
      data: { 'bundle.json': `${JSON.stringify(m, null, 2)}\n` },
      add: [{ name: third.path, data: partial.contents.get(third.id)! }],
    });
    assertProblem(await verify(tampered), 'export-mismatch', /the export entry seq \d+ does not list item item-synthetic-3, which the bundle contains/);
  });

  test('an item removed from the bundle is reported: the export entry still lists it', async () => {
    const gone = manifestOf(intact).items.find((i) => i.id === 'item-synthetic-3')!;
    const tampered = withManifest(rebuild(intact, { drop: [gone.path] }), (m) => {
      m.items = m.items.filter((i) => i.id !== gone.id);
      m.events = m.events.filter((e) => e.details.item !== gone.id);
    });
    const result = await verify(tampered);
    assertProblem(result, 'item-missing', /lists item item-synthetic-3, but the bundle does not contain it/);
  });

  test('the bundle id or recipient changed in the manifest', async () => {
    assertProblem(await verify(withManifest(intact, (m) => { m.recipient = 'Synthetic Someone Else'; })), 'export-mismatch', 'recipient');
    assertProblem(await verify(withManifest(intact, (m) => { m.bundleId = 'bundle-synthetic-2'; })), 'export-mismatch', 'is of bundle bundle-synthetic-1');
  });
});

describe('keys', () => {
  function resign(archive: Buffer, keys: { skey: string; vkey: string }, options: { replaceKey: boolean }): Buffer {
    const m = manifestOf(archive);
    const text = m.checkpoint.slice(0, m.checkpoint.lastIndexOf('\n\n') + 1);
    const note = log.sign(text, keys.skey);
    return withManifest(archive, (x) => {
      x.checkpoint = note;
      if (options.replaceKey) x.log.verifierKey = keys.vkey;
    }, { 'checkpoint.txt': note, ...(options.replaceKey ? { 'log.vkey': `${keys.vkey}\n` } : {}) }, keys.skey);
  }

  test('a bundle re-signed with another key and carrying that key: only --key catches it', async () => {
    const forger = generateNoteKeys('ariadne.example-synthetic-log');
    const forged = resign(intact, forger, { replaceKey: true });
    const alone = await verify(forged);
    assert.equal(alone.ok, true, 'self-consistent: the fingerprint is what tells it apart');
    assert.notEqual(alone.summary.key?.fingerprint, (await verify(intact)).summary.key?.fingerprint);
    const result = await verify(forged, log.keys.vkey);
    assertProblem(result, 'wrong-key', /^the checkpoint is signed by key [0-9a-f]{64} \(ariadne\.example-synthetic-log\), expected [0-9a-f]{64}/);
  });

  test('a checkpoint re-signed with another key under the original log.vkey', async () => {
    const forged = resign(intact, generateNoteKeys('ariadne.example-synthetic-log'), { replaceKey: false });
    assertProblem(await verify(forged), 'checkpoint-signature', 'carries no signature by key');
  });

  test('bundle.json edited by someone without the key: the manifest signature names it', async () => {
    // the case name is not in the log, and the report's hash lives only in bundle.json: only bundle.sig binds them
    const renamed = withManifest(intact, (m) => { m.case.name = 'Synthetic other case'; });
    const signedByOther = rebuild(renamed, { data: { 'bundle.sig': signManifest(readTar(renamed).find((x) => x.name === 'bundle.json')!.data, generateNoteKeys('ariadne.example-synthetic-log').skey) } });
    assertProblem(await verify(signedByOther), 'manifest-signature', 'does not verify');
    const report = '<!doctype html><title>Synthetic forged report</title>';
    const forgedReport = withManifest(intact, (m) => {
      const attachment = m.attachments.find((a) => a.path === 'custody-report.html')!;
      attachment.sha256 = createHash('sha256').update(report).digest('hex');
      attachment.size = report.length;
    }, { 'custody-report.html': report });
    const unsigned = rebuild(forgedReport, { data: { 'bundle.sig': readTar(intact).find((x) => x.name === 'bundle.sig')!.data } });
    const result = await verify(unsigned);
    assertProblem(result, 'manifest-signature', 'bundle.json was changed after it was signed');
    assert.equal(result.problems.length, 1);
    const missing = await verify(rebuild(intact, { drop: ['bundle.sig'] }));
    assertProblem(missing, 'missing-file', 'bundle.sig');
  });

  test('a malformed --key is a usage error, not a verdict', async () => {
    await assert.rejects(verify(intact, 'not-a-key'), /not a verifier key/);
  });
});
