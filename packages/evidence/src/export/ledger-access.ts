/**
 * What bundles and receipts need from the Merkle log: a signed checkpoint whose tree contains a
 * given entry (signing a fresh one when the latest is older), inclusion proofs against it, and
 * the log's public identity. Built in the server's composition root from the store and signer.
 */
import { AriadneError } from '@ariadne/schema/errors';

export interface SignedCheckpoint {
  readonly size: number;
  readonly root: string;
  /** the C2SP signed note, as text */
  readonly note: string;
}

export interface LedgerAccess {
  readonly origin: string;
  /** the C2SP verifier key (`<name>+<hash>+<key>`) */
  readonly verifierKey: string;
  /** a signed checkpoint of a tree containing the entry `seq` */
  checkpointCovering(seq: number): Promise<SignedCheckpoint>;
  /** RFC 9162 inclusion proof of entry `seq` in the tree of `size` leaves (hex hashes) */
  inclusionProof(seq: number, size: number): Promise<{ readonly proof: readonly string[] }>;
  /** a C2SP signed note of `text` by the log key (a bundle's signature over its manifest) */
  signNote(text: string): string;
}

/** what the store offers a ledger reader: stored checkpoints and proofs from the tiles */
export interface LedgerReader {
  checkpointAtLeast(size: number): Promise<SignedCheckpoint | null>;
  inclusionProof(leaf: { readonly seq: number }, size?: number): Promise<{ readonly proof: readonly string[] }>;
}

/** what signs: the server's checkpointer, or the CLI with the data folder's key */
export interface CheckpointSigner {
  readonly origin: string;
  readonly verifierKey: string;
  signNow(): Promise<SignedCheckpoint | null>;
  /** signs any text with the same key, as a C2SP signed note */
  signNote(text: string): string;
}

/**
 * The ledger as bundles and receipts use it: the oldest stored checkpoint that already covers an
 * entry (so many bundles share one), else a fresh one signed now. Without a signer nothing can be
 * proven, and the answer says so rather than producing an unverifiable bundle.
 */
export function ledgerAccessFrom(store: LedgerReader, signer: CheckpointSigner | null): LedgerAccess {
  const noKey = () => new AriadneError('CONFLICT', 'This installation has no ledger signing key, so it cannot sign the checkpoint a bundle or receipt needs.');
  return {
    origin: signer?.origin ?? '',
    verifierKey: signer?.verifierKey ?? '',
    async checkpointCovering(seq) {
      if (!signer) throw noKey();
      const stored = await store.checkpointAtLeast(seq);
      if (stored) return stored;
      const signed = await signer.signNow();
      if (!signed || signed.size < seq) throw new AriadneError('INTERNAL', `The signed checkpoint does not yet cover journal entry ${seq}.`);
      return signed;
    },
    inclusionProof: (seq, size) => store.inclusionProof({ seq }, size),
    signNote(text) {
      if (!signer) throw noKey();
      return signer.signNote(text);
    },
  };
}
