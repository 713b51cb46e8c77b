/**
 * Checking the log's claims offline, with nothing but files and a published key: that a
 * checkpoint is signed by the log, that it extends an older checkpoint (given a consistency
 * proof), that an entry is in it (given an inclusion proof). What `ariadne ledger verify` runs.
 * Every input is outside data: parsed strictly, bounded in size, and a failure is reported as
 * one precise sentence — never an exception.
 */
import { HASH_SIZE, hashLeaf, verifyConsistency, verifyInclusion } from './merkle.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { openNote, type VerifierKey } from './signed-note.ts';

export interface InclusionProofFile {
  readonly kind: 'inclusion';
  readonly index: number;
  readonly size: number;
  readonly leafHash: Buffer | null;
  readonly proof: readonly Buffer[];
}

export interface ConsistencyProofFile {
  readonly kind: 'consistency';
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly Buffer[];
}

export type ProofFile = InclusionProofFile | ConsistencyProofFile;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** no proof over a tree of < 2^53 leaves has more hashes than this */
const MAX_PROOF = 128;
const MAX_FILE = 1_000_000;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function hexHash(v: unknown): Buffer | null {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? Buffer.from(v, 'hex') : null;
}

function jsonObject(text: string, what: string): Parsed<Record<string, unknown>> {
  if (text.length > MAX_FILE) return { ok: false, reason: `the ${what} is too large` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: `the ${what} is not JSON` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: `the ${what} is not a JSON object` };
  return { ok: true, value: value as Record<string, unknown> };
}

/** a proof as `ariadne ledger prove` and the API print it (inclusion or consistency, hex hashes) */
export function parseProofFile(text: string): Parsed<ProofFile> {
  const object = jsonObject(text, 'proof file');
  if (!object.ok) return object;
  const o = object.value;
  if (!Array.isArray(o.proof) || o.proof.length > MAX_PROOF) return { ok: false, reason: 'the proof file has no list of at most 128 hashes in "proof"' };
  const proof = o.proof.map(hexHash);
  if (proof.some((p) => p === null)) return { ok: false, reason: 'a hash in "proof" is not 64 lowercase hex digits' };
  const hashes = proof as Buffer[];
  if ('index' in o) {
    if (!isCount(o.index) || !isCount(o.size)) return { ok: false, reason: 'the inclusion proof\'s "index" and "size" must be whole numbers' };
    const leafHash = o.leafHash === undefined ? null : hexHash(o.leafHash);
    if (o.leafHash !== undefined && !leafHash) return { ok: false, reason: 'the inclusion proof\'s "leafHash" is not 64 lowercase hex digits' };
    return { ok: true, value: { kind: 'inclusion', index: o.index, size: o.size, leafHash, proof: hashes } };
  }
  if ('size1' in o) {
    if (!isCount(o.size1) || !isCount(o.size2)) return { ok: false, reason: 'the consistency proof\'s "size1" and "size2" must be whole numbers' };
    return { ok: true, value: { kind: 'consistency', size1: o.size1, size2: o.size2, proof: hashes } };
  }
  return { ok: false, reason: 'the proof file is neither an inclusion proof ("index") nor a consistency proof ("size1")' };
}

/**
 * An entry: its canonical bytes as the journal hashes them (a JSON array), or an object carrying
 * them in "entry" (what `GET /api/ledger/entries/:seq` and `ariadne ledger prove --seq` print).
 */
export function parseEntryFile(bytes: Buffer): Parsed<{ readonly entry: Buffer; readonly index: number | null }> {
  if (bytes.length > MAX_FILE) return { ok: false, reason: 'the entry file is too large' };
  const text = bytes.toString('utf8');
  if (text.trimStart().startsWith('[')) return { ok: true, value: { entry: bytes, index: null } };
  const object = jsonObject(text, 'entry file');
  if (!object.ok) return object;
  const { entry, index } = object.value;
  if (typeof entry !== 'string') return { ok: false, reason: 'the entry file has no "entry" string' };
  if (index !== undefined && !isCount(index)) return { ok: false, reason: 'the entry file\'s "index" must be a whole number' };
  return { ok: true, value: { entry: Buffer.from(entry, 'utf8'), index: index ?? null } };
}

export interface OfflineClaims {
  /** the signed checkpoint (a C2SP note) */
  readonly checkpoint: string;
  readonly verifiers: readonly VerifierKey[];
  /** an older signed checkpoint the new one must extend */
  readonly old?: string;
  readonly proofs?: readonly ProofFile[];
  /** an entry that must be in the checkpoint's tree */
  readonly entry?: { readonly entry: Buffer; readonly index: number | null };
}

export type OfflineVerdict = { readonly ok: true; readonly checked: readonly string[] } | { readonly ok: false; readonly reason: string };

function openCheckpoint(note: string, verifiers: readonly VerifierKey[], what: string): Parsed<Checkpoint & { signedBy: readonly string[] }> {
  const opened = openNote(note, verifiers);
  if (!opened.ok) return { ok: false, reason: `the ${what} does not verify: ${opened.reason}` };
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint) return { ok: false, reason: `the ${what} is signed but is not a checkpoint (origin, size, root)` };
  return { ok: true, value: { ...checkpoint, signedBy: opened.verifiedBy } };
}

const fail = (reason: string): OfflineVerdict => ({ ok: false, reason });

/** checks every claim given; ok only when all hold */
export function verifyOffline(claims: OfflineClaims): OfflineVerdict {
  const opened = openCheckpoint(claims.checkpoint, claims.verifiers, 'checkpoint');
  if (!opened.ok) return fail(opened.reason);
  const cp = opened.value;
  const checked = [`checkpoint of ${cp.size} entries of ${cp.origin}, root ${cp.root.toString('hex')}, signed by ${cp.signedBy.join(', ')}`];
  const proofs = claims.proofs ?? [];
  const consistency = proofs.filter((p): p is ConsistencyProofFile => p.kind === 'consistency');
  const inclusion = proofs.filter((p): p is InclusionProofFile => p.kind === 'inclusion');
  if (consistency.length > 1 || inclusion.length > 1) return fail('give at most one proof of each kind');

  if (claims.old !== undefined) {
    const old = openCheckpoint(claims.old, claims.verifiers, 'old checkpoint');
    if (!old.ok) return fail(old.reason);
    const o = old.value;
    if (o.origin !== cp.origin) return fail(`the old checkpoint is of the log "${o.origin}", not "${cp.origin}"`);
    if (o.size > cp.size) return fail(`the old checkpoint has ${o.size} entries, more than the ${cp.size} of the new one`);
    const proof = consistency[0];
    if (o.size === cp.size) {
      if (!o.root.equals(cp.root)) return fail(`the two checkpoints both have ${cp.size} entries but different roots: the log forked`);
      if (proof && proof.proof.length > 0) return fail('checkpoints of the same size need an empty consistency proof');
    } else {
      if (!proof) return fail('checking that the checkpoint extends the old one needs a consistency proof (--proof)');
      if (proof.size1 !== o.size || proof.size2 !== cp.size) {
        return fail(`the consistency proof is from ${proof.size1} to ${proof.size2} entries, not from ${o.size} to ${cp.size}`);
      }
      if (o.size === 0) return fail('the old checkpoint is of the empty tree: there is nothing to extend');
      if (!verifyConsistency({ size1: o.size, size2: cp.size }, { root1: o.root, root2: cp.root }, proof.proof)) {
        return fail(`the checkpoint of ${cp.size} entries does not extend the checkpoint of ${o.size}: the consistency proof fails`);
      }
    }
    checked.push(`extends the checkpoint of ${o.size} entries, root ${o.root.toString('hex')}`);
  } else if (consistency.length > 0) {
    return fail('a consistency proof needs the old checkpoint it starts from (--old)');
  }

  const proof = inclusion[0];
  if (claims.entry !== undefined && !proof) return fail('checking that the entry is in the tree needs an inclusion proof (--proof)');
  if (proof) {
    if (proof.size !== cp.size) return fail(`the inclusion proof is for a tree of ${proof.size} entries, the checkpoint has ${cp.size}`);
    let leafHash = proof.leafHash;
    if (claims.entry !== undefined) {
      const hashed = hashLeaf(claims.entry.entry);
      if (leafHash && !leafHash.equals(hashed)) return fail(`the entry hashes to ${hashed.toString('hex')}, not to the proof's leaf ${leafHash.toString('hex')}`);
      if (claims.entry.index !== null && claims.entry.index !== proof.index) return fail(`the entry is leaf ${claims.entry.index}, the proof is for leaf ${proof.index}`);
      leafHash = hashed;
    }
    if (!leafHash || leafHash.length !== HASH_SIZE) return fail('the inclusion proof names no leaf hash: give the entry (--entry)');
    if (!verifyInclusion({ leafHash, index: proof.index, size: cp.size, root: cp.root }, proof.proof)) {
      return fail(`leaf ${proof.index} (entry ${proof.index + 1}) is not in the checkpoint's tree: the inclusion proof fails`);
    }
    checked.push(`${claims.entry !== undefined ? 'entry' : 'leaf hash'} ${leafHash.toString('hex')} is entry ${proof.index + 1} of the checkpoint's tree`);
  }
  return { ok: true, checked };
}
