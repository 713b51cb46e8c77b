/**
 * @module @ariadne/ledger
 * The journal as an RFC 6962 / RFC 9162 Merkle log: tree hashing, inclusion and consistency
 * proofs and their verification. The store's journal already keeps each entry's RFC 6962 leaf
 * hash (`journal.leaf_hash`), so the tree over them needs no migration.
 *
 * @example
 * ```ts
 * import { hashLeaf, rootOf, inclusionProof, verifyInclusion } from '@ariadne/ledger';
 * const leaves = entries.map(hashLeaf);
 * const proof = inclusionProof(leaves, 3);
 * verifyInclusion({ leafHash: leaves[3], index: 3, size: leaves.length, root: rootOf(leaves) }, proof); // true
 * ```
 */
export { EMPTY_ROOT, HASH_SIZE, consistencyProof, hashChildren, hashLeaf, inclusionProof, rootOf, verifyConsistency, verifyInclusion } from './merkle.ts';
export { generateNoteKeys, openNote, parseSignerKey, parseVerifierKey, signNote, type OpenedNote, type SignerKey, type VerifierKey } from './signed-note.ts';
export { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
