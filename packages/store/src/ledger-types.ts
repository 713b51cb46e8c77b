/**
 * The ledger's port and records: the journal as a signed RFC 9162 Merkle log. Hashes travel as
 * lowercase hex; leaf index = journal seq − 1; tree sizes count leaves.
 */
import type { SignerKey, VerifierKey } from '@ariadne/ledger';

export interface LedgerRoot {
  readonly size: number;
  readonly root: string;
}

export interface LedgerInclusionProof {
  readonly index: number;
  readonly size: number;
  readonly leafHash: string;
  readonly root: string;
  readonly proof: readonly string[];
}

export interface LedgerConsistencyProof {
  readonly size1: number;
  readonly size2: number;
  readonly root1: string;
  readonly root2: string;
  readonly proof: readonly string[];
}

/** a journal entry as the log holds it: its canonical bytes (what the leaf hash hashes) */
export interface LedgerEntry {
  readonly seq: number;
  readonly index: number;
  /** exactly `canonicalJournalEntry(entry)`: leafHash = SHA-256(0x00 ‖ entry) */
  readonly entry: Buffer;
  readonly leafHash: string;
}

export interface LedgerCheckpoint {
  readonly size: number;
  readonly root: string;
  /** the C2SP tlog-checkpoint, signed as a C2SP note */
  readonly note: string;
  readonly signedAt: Date;
}

export interface CheckpointSigning {
  readonly signer: SignerKey;
  /** the log's name, the checkpoint's first line */
  readonly origin: string;
  readonly now?: () => Date;
  /** earlier keys whose signature on the last checkpoint is accepted (after a key rotation) */
  readonly trusted?: readonly VerifierKey[];
}

export interface LedgerStore {
  /** how many leaves the log holds (= journal entries) */
  ledgerSize(): Promise<number>;
  /** the root of the tree of `size` leaves (default: all) */
  ledgerRoot(size?: number): Promise<LedgerRoot>;
  /** that a journal entry is in the tree of `size` leaves (default: all); VALIDATION_FAILED when it is not */
  inclusionProof(leaf: { readonly seq: number } | { readonly index: number }, size?: number): Promise<LedgerInclusionProof>;
  /** that the tree of `size1` is a prefix of the tree of `size2` (default: all) */
  consistencyProof(size1: number, size2?: number): Promise<LedgerConsistencyProof>;
  journalEntryBySeq(seq: number): Promise<LedgerEntry | null>;
  latestCheckpoint(): Promise<LedgerCheckpoint | null>;
  /** the smallest checkpoint of at least `size` leaves (what a proof for `size` can be checked against) */
  checkpointAtLeast(size: number): Promise<LedgerCheckpoint | null>;
  /**
   * Signs a checkpoint of the current tree, after proving it extends the last one; returns the
   * last one when the tree has not grown, null while the log is empty. LEDGER_INCONSISTENT
   * (nothing signed) when the tree does not extend the last checkpoint.
   */
  signCheckpoint(signing: CheckpointSigning): Promise<LedgerCheckpoint | null>;
  /** the random id of this database, created once (names the log when no origin is configured) */
  ledgerInstanceId(): Promise<string>;
  /** `listener(size)` after each committed transaction of this store that appended to the journal */
  onJournalAppended(listener: (size: number) => void): () => void;
}
