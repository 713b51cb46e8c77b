/**
 * A list file sent in a request body (or downloaded from its publisher) lands in a private
 * temporary folder, with a size cap enforced while streaming, so the list parsers can read it
 * like any file (format detection needs its head, the OFAC set needs siblings). The folder is
 * removed whatever happens.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { byteCap } from '@ariadne/screening';

/** largest list file accepted (the OFAC advanced XML is about 100 MB) */
export const MAX_LIST_BYTES = 512 * 1024 * 1024;

/** a file name safe to use in a path and to show: its base name, without odd characters */
export function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = basename(name ?? '').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return cleaned === '' || /^\.+$/.test(cleaned) ? fallback : cleaned;
}

/** streams `body` to a temporary file named `fileName`, runs `work` on its path, and removes it */
export async function withTemporaryFile<T>(body: Readable, fileName: string, work: (path: string) => Promise<T>, limit = MAX_LIST_BYTES): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ariadne-list-'));
  try {
    const path = join(dir, fileName);
    await pipeline(body, byteCap(limit, 'The list file'), createWriteStream(path, { mode: 0o600 }));
    return await work(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
