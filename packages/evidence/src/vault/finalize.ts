/**
 * The end of every intake, one-shot or resumable: write the terminal record, fsync, name the
 * blob by its content (HMAC of the plaintext SHA-256 under the vault's name key, so the name
 * reveals nothing to someone who does not hold the key), sniff the type and read metadata from
 * the kept head, then move the file to its final name, or drop it when that name exists (same
 * content: a duplicate).
 */
import { createHmac } from 'node:crypto';
import { placeFile, type BlobFile } from './blob-file.ts';
import type { VaultKeys } from './keys.ts';
import { blobPath, type VaultLayout } from './layout.ts';
import { extractMetadata, type EvidenceMetadata } from './metadata.ts';
import { HEAD_BYTES, type SealingWriter } from './sealing-writer.ts';
import { mimeMismatch, sniffMime } from './sniff.ts';

export interface DescribeOptions {
  /** the MIME type the uploader claimed (Content-Type, tus metadata) */
  readonly declaredMime?: string | undefined;
  /** the file name the uploader gave; only its extension is used, to check the type */
  readonly filename?: string | undefined;
}

export interface StoredBlob {
  /** HMAC-SHA256(name key, SHA-256 of the plaintext), hex: the blob's address in the vault */
  readonly name: string;
  /** SHA-256 of the plaintext, hex: the file's fingerprint for the chain of custody */
  readonly sha256: string;
  /** plaintext bytes */
  readonly size: number;
  /** the master key the blob is sealed under */
  readonly keyId: string;
  /** the sniffed MIME type */
  readonly mime: string;
  readonly declaredMime: string | null;
  /** the declared type or the file name's extension disagrees with the sniffed type */
  readonly mimeMismatch: boolean;
  readonly metadata: EvidenceMetadata;
  /** set when metadata could not be read (the blob was stored all the same) */
  readonly metadataError?: string;
  /** the vault already held this content: the existing blob was kept, the new copy dropped */
  readonly duplicate: boolean;
}

export function blobNameFor(keys: VaultKeys, sha256: Buffer): string {
  return createHmac('sha256', keys.nameKey).update(sha256).digest('hex');
}

export async function finalizeBlob(
  vault: { keys: VaultKeys; layout: VaultLayout },
  sealed: { file: BlobFile; writer: SealingWriter },
  options: DescribeOptions,
): Promise<StoredBlob> {
  const { file, writer } = sealed;
  await writer.terminate();
  await file.sync();
  await file.close();
  const sha256 = writer.digest();
  const name = blobNameFor(vault.keys, sha256);
  const head = writer.head.bytes();
  const { mime } = await sniffMime(head, writer.size <= HEAD_BYTES);
  const { metadata, error } = await extractMetadata(head, mime);
  const { duplicate } = await placeFile(file.path, blobPath(vault.layout, name));
  const declaredMime = options.declaredMime?.trim() || null;
  return {
    name,
    sha256: sha256.toString('hex'),
    size: writer.size,
    keyId: vault.keys.keyId,
    mime,
    declaredMime,
    mimeMismatch: mimeMismatch(mime, declaredMime ?? undefined, options.filename),
    metadata,
    ...(error ? { metadataError: error } : {}),
    duplicate,
  };
}
