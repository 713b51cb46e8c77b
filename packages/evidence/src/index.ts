/**
 * @module @ariadne/evidence
 * Evidence of trafficking kept for court: the vault that stores the bytes (encrypted at rest,
 * content-addressed, streamed, resumable), and the evidence bundles and their verifier.
 *
 * @example
 * ```ts
 * import { Vault, loadMasterKey } from '@ariadne/evidence';
 * const { key } = await loadMasterKey({ base64: env.ARIADNE_VAULT_KEY, keyFile: join(dataDir, 'vault.key') });
 * const vault = await Vault.open({ dir: join(dataDir, 'vault'), masterKey: key });
 * const stored = await vault.put(request.raw, { filename: 'test-photo.jpg', declaredMime: 'image/jpeg', maxBytes });
 * ```
 */

// ── Vault: the file side (src/vault) ────────────────────────────────────────────────────────
export { Vault, type BlobStat, type PutOptions, type VaultOptions, type VerifyResult } from './vault/vault.ts';
export type { AppendableBlob, AppendableOptions, FinishOptions, UploadRecovery } from './vault/appendable.ts';
export type { DescribeOptions, StoredBlob } from './vault/finalize.ts';
export type { EvidenceMetadata } from './vault/metadata.ts';
export type { ByteSource } from './vault/source.ts';
export { fileSource } from './vault/file-source.ts';
export type { SweepOptions, SweepReport } from './vault/sweep.ts';
export { keyIdOf, loadMasterKey, parseMasterKey, type MasterKeySource } from './vault/keys.ts';
export { sniffMime, mimeMismatch } from './vault/sniff.ts';
export { FORMAT_VERSION, HEADER_BYTES, MAX_RECORD_PLAINTEXT } from './vault/format.ts';

// ── Bundles and their verifier (src/bundle, verifier/) ─────────────────────────────────────────
export {
  writeBundle, buildManifest, renderCustodyReport, renderBundleReadme, verifyBundle, checkManifest, keyFingerprint, itemFilePath,
  BUNDLE_FORMAT, BUNDLE_VERSION, BUNDLE_LIMITS, BUNDLE_ATTACHMENTS,
  type BundleInput, type BundleItemInput, type BundleEventInput, type BundleProgress, type WrittenBundle,
  type BundleManifest, type BundleItem, type BundleEvent, type BundleAttachment,
  type BundleVerification, type BundleProblem, type BundleProblemCode, type BundleSummary, type BundleKeySummary,
} from './bundle/index.ts';

// ── Exports: journal the decision, then prove and write the bundle (src/export) ──────────────
export { BUNDLE_PURPOSES, buildBundle, consentAllows, journalExport, recipientAllowed, type BundlePurpose, type ExportDeps, type ExportRequest } from './export/export-bundle.ts';
export { ledgerAccessFrom, type CheckpointSigner, type LedgerAccess, type LedgerReader, type SignedCheckpoint } from './export/ledger-access.ts';
export { verifyReceipt, type Receipt, type ReceiptItem, type ReceiptVerdict } from './export/verify-receipt.ts';
