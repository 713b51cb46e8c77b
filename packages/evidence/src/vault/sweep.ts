/**
 * Vault housekeeping. Removes what a crash or an abandoned upload left behind — temporary
 * intake files, and (only when asked) staged uploads untouched for longer than a threshold —
 * and reports, without deleting, blobs that no record references: deleting evidence must be an
 * explicit, journalled act by a person, never a side effect of cleaning up.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { VaultLayout } from './layout.ts';
import { isBlobName } from './layout.ts';

export interface SweepOptions {
  /** whether the database still refers to the blob */
  readonly isReferenced: (name: string) => Promise<boolean>;
  /** temporary files older than this (by modification time) are removed */
  readonly olderThanMs: number;
  /** also remove staged resumable uploads untouched for this long (off when absent) */
  readonly uploadsOlderThanMs?: number | undefined;
  /** the clock, for tests */
  readonly now?: () => number;
}

export interface SweepReport {
  readonly tempFilesRemoved: number;
  readonly staleUploadsRemoved: number;
  readonly blobsChecked: number;
  /** names of blobs no record references; reported, never deleted */
  readonly unreferenced: readonly string[];
  /** files under blobs/ that are not blobs (left alone) */
  readonly strayFiles: number;
}

export interface SweepGuards {
  /** a temporary file an intake in progress is writing */
  readonly isTempActive: (path: string) => boolean;
  /** an upload this process has open */
  readonly isUploadOpen: (id: string) => boolean;
}

async function entries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** deletes the files in `dir` older than `cutoff` for which `mayDelete` holds; returns how many */
async function removeOld(dir: string, cutoff: number, mayDelete: (path: string, name: string) => boolean): Promise<number> {
  let removed = 0;
  for (const entry of await entries(dir)) {
    const path = join(dir, entry.name);
    if (!entry.isFile() || !mayDelete(path, entry.name)) continue;
    const info = await stat(path).catch(() => null);
    if (!info || info.mtimeMs >= cutoff) continue;
    await unlink(path).then(() => removed++, () => undefined);
  }
  return removed;
}

export async function sweepVault(layout: VaultLayout, options: SweepOptions, guards: SweepGuards): Promise<SweepReport> {
  const now = (options.now ?? Date.now)();
  const tempFilesRemoved = await removeOld(layout.tmp, now - options.olderThanMs, (path) => !guards.isTempActive(path));
  const staleUploadsRemoved = options.uploadsOlderThanMs === undefined
    ? 0
    : await removeOld(layout.uploads, now - options.uploadsOlderThanMs, (_path, id) => !guards.isUploadOpen(id));
  const unreferenced: string[] = [];
  let blobsChecked = 0;
  let strayFiles = 0;
  for (const a of await entries(layout.blobs)) {
    if (!a.isDirectory()) { strayFiles++; continue; }
    for (const b of await entries(join(layout.blobs, a.name))) {
      if (!b.isDirectory()) { strayFiles++; continue; }
      for (const blob of await entries(join(layout.blobs, a.name, b.name))) {
        if (!blob.isFile() || !isBlobName(blob.name) || !blob.name.startsWith(a.name + b.name)) { strayFiles++; continue; }
        blobsChecked++;
        if (!(await options.isReferenced(blob.name))) unreferenced.push(blob.name);
      }
    }
  }
  return { tempFilesRemoved, staleUploadsRemoved, blobsChecked, unreferenced, strayFiles };
}
