/**
 * Checks a submission receipt (what a survivor or tip-line sender keeps): for every item, that
 * its intake record names the file's SHA-256, that the record is the journal entry whose leaf is
 * proven included in the tree of a checkpoint signed by the log's key, and, when the files are
 * given, that they hash to what was recorded. Pure: no database, no network.
 */
import { createHash } from 'node:crypto';
import { hashLeaf, openNote, parseCheckpoint, parseVerifierKey, verifyInclusion, type VerifierKey } from '@ariadne/ledger';
// the standalone verifier's canonical JSON: the very definition a court's expert reads
import { canonicalJson } from '../../verifier/verify-bundle.mjs';

export interface ReceiptItem {
  readonly sha256: string;
  readonly size: number;
  readonly role: string;
  readonly seq: number;
  readonly leafHash: string;
  readonly entry: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly proof: readonly string[];
}

export interface Receipt {
  readonly submissionId: string;
  readonly items: readonly ReceiptItem[];
  readonly checkpoint: string;
  readonly verifierKey: string;
  readonly issuedAt: string;
}

export interface ReceiptVerdict {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** what the receipt proves, when it verifies */
  readonly items: readonly { readonly sha256: string; readonly size: number; readonly role: string; readonly recordedAt: string | null }[];
  readonly keyName: string | null;
  readonly treeSize: number | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_ITEMS = 10_000;
const MAX_PROOF = 64;

function isReceipt(value: unknown): value is Receipt {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.checkpoint === 'string' && typeof r.verifierKey === 'string' && Array.isArray(r.items) && r.items.length <= MAX_ITEMS;
}

function checkItem(item: unknown, i: number, tree: { size: number; root: Buffer }, problems: string[]): ReceiptVerdict['items'][number] | null {
  const it = item as Partial<ReceiptItem> | null;
  const label = `item ${i + 1}`;
  if (!it || typeof it !== 'object' || typeof it.entry !== 'string' || !HEX64.test(String(it.sha256)) || !Number.isSafeInteger(it.seq)
    || !Array.isArray(it.proof) || it.proof.length > MAX_PROOF || !it.proof.every((p) => HEX64.test(String(p))) || !it.details || typeof it.details !== 'object') {
    problems.push(`${label}: malformed (needs sha256, seq, entry, details and a proof of hex hashes)`);
    return null;
  }
  let entry: unknown[];
  try {
    entry = JSON.parse(it.entry) as unknown[];
  } catch {
    problems.push(`${label}: its journal entry is not JSON`);
    return null;
  }
  if (!Array.isArray(entry) || entry[0] !== 1 || entry[1] !== it.seq || entry[4] !== 'evidence.intake') {
    problems.push(`${label}: its journal entry is not the intake record number ${it.seq}`);
    return null;
  }
  const leaf = hashLeaf(Buffer.from(it.entry, 'utf8'));
  if (leaf.toString('hex') !== it.leafHash) problems.push(`${label}: the leaf hash does not match its journal entry`);
  const detailsHash = createHash('sha256').update(canonicalJson(it.details)).digest('hex');
  if (entry[8] !== detailsHash) problems.push(`${label}: the intake details were changed (their hash is not the one in the journal entry)`);
  if (it.details.sha256 !== it.sha256 || it.details.size !== it.size) problems.push(`${label}: the file hash or size differs from the intake record`);
  const included = verifyInclusion({ leafHash: leaf, index: it.seq! - 1, size: tree.size, root: tree.root }, it.proof.map((p) => Buffer.from(p, 'hex')));
  if (!included) problems.push(`${label}: the inclusion proof does not lead to the signed checkpoint's root`);
  return { sha256: it.sha256!, size: it.size ?? 0, role: String(it.role ?? 'attachment'), recordedAt: typeof entry[2] === 'string' ? entry[2] : null };
}

/**
 * `receipt`: the parsed JSON. `key`: the log's published verifier key; without it the receipt's
 * own key is used (then compare its name and fingerprint with the published one).
 * `files`: SHA-256 of files the holder has, to check they are the ones submitted.
 */
export function verifyReceipt(receipt: unknown, options: { key?: string; fileHashes?: readonly string[] } = {}): ReceiptVerdict {
  const problems: string[] = [];
  const fail = (message: string): ReceiptVerdict => ({ ok: false, problems: [message], items: [], keyName: null, treeSize: null });
  if (!isReceipt(receipt)) return fail('This is not an Ariadne receipt (it needs items, a checkpoint and a verifier key).');
  let key: VerifierKey;
  try {
    key = parseVerifierKey(options.key ?? receipt.verifierKey);
  } catch {
    return fail('The verifier key is malformed.');
  }
  if (options.key && options.key.trim() !== receipt.verifierKey.trim()) problems.push('The receipt names a different log key than the one given; trusting only the given key.');
  const opened = openNote(receipt.checkpoint, [key]);
  if (!opened.ok) return { ...fail(`The checkpoint's signature does not verify with key ${key.name}: ${opened.reason}`), keyName: key.name };
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint) return { ...fail('The signed checkpoint is malformed.'), keyName: key.name };
  const items = receipt.items.map((item, i) => checkItem(item, i, checkpoint, problems)).filter((x): x is NonNullable<typeof x> => x !== null);
  for (const hash of options.fileHashes ?? []) {
    if (!items.some((i) => i.sha256 === hash)) problems.push(`A file with SHA-256 ${hash} is not among the receipt's items.`);
  }
  return { ok: problems.length === 0, problems, items, keyName: key.name, treeSize: checkpoint.size };
}
