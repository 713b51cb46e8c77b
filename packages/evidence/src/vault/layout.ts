/**
 * Where things live in a vault folder, and the checks that keep names from outside (blob names,
 * upload ids) from ever reaching the file system as paths:
 *
 *   <dir>/vault.json          format version and key id (a wrong key is refused at start)
 *   <dir>/blobs/ab/cd/<name>  finished blobs; name = HMAC-SHA256(name key, plaintext SHA-256), hex
 *   <dir>/tmp/<random>        one-shot intakes in progress (swept when old)
 *   <dir>/uploads/<id>        resumable uploads being staged, already encrypted
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AriadneError } from '@ariadne/schema/errors';

export interface VaultLayout {
  readonly dir: string;
  readonly marker: string;
  readonly blobs: string;
  readonly tmp: string;
  readonly uploads: string;
}

const BLOB_NAME = /^[0-9a-f]{64}$/;
const UPLOAD_ID = /^[A-Za-z0-9_-]{8,128}$/;

export function layoutOf(dir: string): VaultLayout {
  return { dir, marker: join(dir, 'vault.json'), blobs: join(dir, 'blobs'), tmp: join(dir, 'tmp'), uploads: join(dir, 'uploads') };
}

export function isBlobName(name: string): boolean {
  return BLOB_NAME.test(name);
}

export function assertBlobName(name: string): void {
  if (!isBlobName(name)) {
    throw new AriadneError('VALIDATION_FAILED', 'not a blob name: a blob name is 64 lowercase hex characters', { details: { name: 'not a blob name' } });
  }
}

export function assertUploadId(id: string): void {
  if (!UPLOAD_ID.test(id)) {
    throw new AriadneError('VALIDATION_FAILED', 'an upload id is 8 to 128 characters of A–Z, a–z, 0–9, "_" and "-"', { details: { id: 'not an upload id' } });
  }
}

/** the fan-out folder of a blob (two levels of 256, so no folder grows past a few thousand files) */
export function blobDir(layout: VaultLayout, name: string): string {
  return join(layout.blobs, name.slice(0, 2), name.slice(2, 4));
}

export function blobPath(layout: VaultLayout, name: string): string {
  assertBlobName(name);
  return join(blobDir(layout, name), name);
}

export function newTempPath(layout: VaultLayout): string {
  return join(layout.tmp, `${randomBytes(12).toString('hex')}.part`);
}

export function uploadPath(layout: VaultLayout, id: string): string {
  assertUploadId(id);
  return join(layout.uploads, id);
}
