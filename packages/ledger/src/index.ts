/**
 * @module @ariadne/ledger
 * The journal as an RFC 6962 / RFC 9162 Merkle log: tree hashing, inclusion, consistency and
 * subtree proofs and their verification, the tree stored as C2SP tlog-tiles, signed C2SP
 * checkpoints, and offline verification of what the log claims. Pure but for the key file.
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
export {
  generateNoteKeys, openNote, parseSignerKey, parseVerifierKey, signNote, verifierKeyOf, type OpenedNote, type SignerKey, type VerifierKey,
} from './signed-note.ts';
export { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
export {
  advanceEdge, appendLeaves, consistencyFromTiles, hashesAtLevel, inclusionFromTiles, memoryTileReader, NodeCache, rightEdgeTiles, rootFromTiles,
  tileKey, TileError, TILE_HEIGHT, TILE_WIDTH, type Tile, type TileCoord, type TileReader,
} from './tiles.ts';
export { RootAccumulator } from './compact-range.ts';
export { checkOrigin, loadOrCreateKeyFile, openLedgerSigning, type LedgerSigning } from './key-file.ts';
export { DEFAULT_CHECKPOINT_ENTRIES, DEFAULT_CHECKPOINT_SECONDS, readLedgerEnvironment, type LedgerEnvironment } from './settings.ts';
export {
  parseEntryFile, parseProofFile, verifyOffline, type ConsistencyProofFile, type InclusionProofFile, type OfflineClaims, type OfflineVerdict,
  type ProofFile,
} from './offline-verify.ts';
export { isValidSubtree, subtreeConsistencyProof, subtreeInclusionProof, verifySubtreeConsistency, verifySubtreeInclusion } from './subtree.ts';
