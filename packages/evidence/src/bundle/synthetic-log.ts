/**
 * A synthetic journal with evidence custody, for the bundle tests and the bench: invented items
 * ("synthetic-photo-1.jpg", random bytes), their custody events chained through `prev` exactly as
 * the store writes them, unrelated entries in between, an export entry, a Merkle tree over all
 * leaves (@ariadne/ledger) and a checkpoint signed with a fresh key. Nothing in it is real.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { formatCheckpoint, generateNoteKeys, hashLeaf, inclusionProof, parseSignerKey, rootOf, signNote } from '@ariadne/ledger';
import { canonicalJournalEntry, contentHash } from '@ariadne/store';
import type { BundleEventInput } from './manifest.ts';
import type { BundleInput } from './write-bundle.ts';

export interface SyntheticOptions {
  /** item contents; default three items of 1–3 KiB of random bytes */
  readonly contents?: readonly Buffer[];
  /** item file names; default synthetic-photo-<n>.jpg */
  readonly filenames?: readonly (string | null)[];
  /** custody events after the intake, per item (default 3: view, analysis, transfer) */
  readonly eventsPerItem?: number;
  /** include an earlier export of the first item to someone else */
  readonly earlierExport?: boolean;
  /** unrelated journal entries between custody events (default 2) */
  readonly filler?: number;
  readonly logName?: string;
  /** how many of the items (the first n) the export entry lists; default all */
  readonly exportItems?: number;
}

export interface SyntheticLog {
  readonly input: BundleInput;
  readonly keys: { readonly skey: string; readonly vkey: string };
  readonly contents: ReadonlyMap<string, Buffer>;
  /** every leaf of the tree, index = seq − 1 */
  readonly entries: readonly string[];
  /** re-signs a checkpoint text with another key (for wrong-key tests) */
  readonly sign: (text: string, skey: string) => string;
}

const createSha = (content: Buffer) => createHash('sha256').update(content).digest('hex');

const KINDS = ['view', 'analysis', 'transfer', 'seal', 'download', 'hold', 'release'] as const;

/** chunks of at most 1 MiB, like a decrypting vault stream */
export function streamOf(content: Buffer): Readable {
  return Readable.from((function* chunks() {
    for (let at = 0; at < content.length; at += 1 << 20) yield content.subarray(at, at + (1 << 20));
  })(), { objectMode: false });
}

export function syntheticLog(options: SyntheticOptions = {}): SyntheticLog {
  const contents = options.contents ?? [1024, 2048, 3000].map((n) => randomBytes(n));
  const perItem = options.eventsPerItem ?? 3;
  const filler = options.filler ?? 2;
  const origin = options.logName ?? 'ariadne.example/synthetic-log';
  const caseId = 'case-synthetic-1';
  const entries: string[] = [];
  const events: BundleEventInput[] = [];
  const detailsBySeq = new Map<number, Record<string, unknown>>();
  let clock = Date.parse('2026-03-01T09:00:00.000Z');

  const append = (action: string, details: Record<string, unknown> | null, entryCaseId: string | null = caseId): { seq: number; leaf: string } => {
    const seq = entries.length + 1;
    clock += 61_001;
    const entry = canonicalJournalEntry({
      seq, at: new Date(clock), actor: `user:synthetic-investigator-${1 + (seq % 3)}`, action, caseId: entryCaseId,
      entityId: details ? null : `entity-synthetic-${seq}`, importId: null, contentHash: details ? contentHash(details) : randomBytes(32).toString('hex'),
    }).toString('utf8');
    entries.push(entry);
    if (details) detailsBySeq.set(seq, details);
    return { seq, leaf: hashLeaf(Buffer.from(entry, 'utf8')).toString('hex') };
  };
  const fill = () => {
    for (let k = 0; k < filler; k++) append('entity.update', null);
  };

  const ids = contents.map((_, i) => `item-synthetic-${i + 1}`);
  const heads = new Map<string, string>();
  fill();
  contents.forEach((content, i) => {
    const id = ids[i]!;
    const filename = options.filenames && i < options.filenames.length ? options.filenames[i]! : `synthetic-photo-${i + 1}.jpg`;
    const details = {
      v: 1, kind: 'intake', item: id, prev: null, purpose: 'synthetic intake for a test',
      sha256: createSha(content), size: content.length, mime: 'image/jpeg', filename,
      collectedAt: '2026-02-27T14:30:00.000Z', collectedBy: 'Synthetic Investigator', collectedWhere: 'Synthetic Town',
      source: 'Synthetic Witness', consent: { prosecution: true, visibility: 'case-team' }, metadata: { make: 'SyntheticCam', width: 640 },
      origin: 'staff',
    };
    heads.set(id, append('evidence.intake', details).leaf);
    fill();
  });
  for (let round = 0; round < perItem; round++) {
    for (const id of ids) {
      const kind = KINDS[round % KINDS.length]!;
      const details = { v: 1, kind, item: id, prev: heads.get(id)!, purpose: `synthetic ${kind}`, ...(kind === 'transfer' ? { to: 'Synthetic Lab' } : {}) };
      heads.set(id, append(`evidence.${kind}`, details).leaf);
    }
    fill();
    if (round === 0 && options.earlierExport) {
      const first = ids[0]!;
      const contentOf = contents[0]!;
      append('evidence.export', {
        v: 1, kind: 'export', bundle: 'bundle-synthetic-earlier', purpose: 'synthetic earlier export', recipient: 'Synthetic Court',
        items: [{ item: first, sha256: createSha(contentOf), head: heads.get(first)! }],
      });
      fill();
    }
  }
  const exportDetails = {
    v: 1, kind: 'export', bundle: 'bundle-synthetic-1', purpose: 'synthetic mutual legal assistance request', recipient: 'Synthetic Prosecutor',
    items: ids.slice(0, options.exportItems ?? ids.length).map((id, i) => ({ item: id, sha256: createSha(contents[i]!), head: heads.get(id)! })),
  };
  const exportSeq = append('evidence.export', exportDetails).seq;
  fill();

  const leaves = entries.map((e) => hashLeaf(Buffer.from(e, 'utf8')));
  const keys = generateNoteKeys('ariadne.example-synthetic-log');
  const sign = (text: string, skey: string) => signNote(text, [parseSignerKey(skey)]);
  const checkpoint = sign(formatCheckpoint({ origin, size: leaves.length, root: rootOf(leaves) }), keys.skey);
  for (const [seq, details] of detailsBySeq) {
    events.push({ seq, entry: entries[seq - 1]!, details, proof: inclusionProof(leaves, seq - 1) });
  }
  const byId = new Map(ids.map((id, i) => [id, contents[i]!]));
  return {
    input: {
      case: { id: caseId, name: 'Synthetic case' },
      log: { origin, verifierKey: keys.vkey },
      checkpoint,
      exportSeq,
      events,
      items: ids.map((id) => ({ id, open: () => streamOf(byId.get(id)!) })),
      signNote: (text: string) => sign(text, keys.skey),
    },
    keys,
    contents: byId,
    entries,
    sign,
  };
}
