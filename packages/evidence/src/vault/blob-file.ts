/**
 * Writing blob files safely. A blob is written under a temporary name, fsynced, and only then
 * linked to its final name (never overwriting one: the same name means the same content, so the
 * blob already there is kept), and the folder is fsynced, so a crash leaves either no blob or a
 * whole one at the final name.
 *
 * One-shot intakes write with O_DIRECT where the platform allows (direct-writer.ts); otherwise,
 * and for staged uploads (which sync after every request), through the page cache: one write in
 * flight while the next record is encrypted, and a background fdatasync every SYNC_EVERY bytes.
 * Without that a machine with plenty of memory holds gigabytes of dirty pages until the final
 * fsync, which then writes them all while the CPU idles.
 */
import { access, link, mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DirectWriter } from './direct-writer.ts';

const SYNC_EVERY = 64 * 1024 * 1024;

interface Sink {
  readonly position: number;
  /** queues the bytes after what was written before */
  write(buffers: Buffer[]): Promise<void>;
  /** everything written so far is on disk when this resolves */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** writes through the page cache, with one write in flight and a background fdatasync every SYNC_EVERY bytes */
class BufferedSink implements Sink {
  private inflight: Promise<unknown> | null = null;
  private syncing: Promise<void> | null = null;
  private failure: unknown = null;
  private unsynced = 0;
  private closed = false;

  constructor(private readonly fh: FileHandle, private at: number) {}

  get position(): number {
    return this.at;
  }

  async write(buffers: Buffer[]): Promise<void> {
    await this.settle();
    let length = 0;
    for (const b of buffers) length += b.length;
    const position = this.at;
    this.at += length;
    this.inflight = this.fh.writev(buffers, position).then((r) => {
      if (r.bytesWritten !== length) throw new Error(`short write: ${r.bytesWritten} of ${length} bytes`);
    }).catch((error: unknown) => {
      this.failure ??= error;
    });
    this.unsynced += length;
    if (this.unsynced >= SYNC_EVERY && !this.syncing) {
      this.unsynced = 0;
      this.syncing = this.fh.datasync().catch((error: unknown) => {
        this.failure ??= error;
      }).finally(() => {
        this.syncing = null;
      });
    }
  }

  async sync(): Promise<void> {
    await this.settle();
    if (this.syncing) await this.syncing;
    if (this.failure) throw this.failure;
    await this.fh.sync();
    this.unsynced = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inflight) await this.inflight;
    if (this.syncing) await this.syncing;
    await this.fh.close();
  }

  /** waits for the write in flight; rethrows its failure */
  private async settle(): Promise<void> {
    if (this.inflight) {
      await this.inflight;
      this.inflight = null;
    }
    if (this.failure) throw this.failure;
  }
}

export class BlobFile {
  private constructor(readonly path: string, private readonly sink: Sink) {}

  /**
   * A new file (fails if the path exists). `direct`: write with O_DIRECT when possible; such a
   * file can be synced only once, at the end.
   */
  static async create(path: string, options: { direct?: boolean } = {}): Promise<BlobFile> {
    if (options.direct) {
      const direct = await DirectWriter.create(path);
      if (direct) return new BlobFile(path, direct);
    }
    return new BlobFile(path, new BufferedSink(await open(path, 'wx', 0o600), 0));
  }

  /** an existing file, written from `position` on (what lies beyond is cut off first) */
  static async reopen(path: string, position: number): Promise<BlobFile> {
    const fh = await open(path, 'r+');
    try {
      if ((await fh.stat()).size !== position) {
        await fh.truncate(position);
        await fh.sync();
      }
    } catch (error) {
      await fh.close();
      throw error;
    }
    return new BlobFile(path, new BufferedSink(fh, position));
  }

  get position(): number {
    return this.sink.position;
  }

  /** queues `buffers` after what was written before; resolves once the previous write is done */
  write(buffers: Buffer[]): Promise<void> {
    return this.sink.write(buffers);
  }

  /** everything written so far is on disk when this resolves */
  sync(): Promise<void> {
    return this.sink.sync();
  }

  close(): Promise<void> {
    return this.sink.close();
  }

  /** closes and deletes the file; never throws (used on the error path) */
  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

export async function syncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Moves a finished, fsynced file to `finalPath` unless a file is already there.
 * `duplicate: true` means the final name was taken: the source file is deleted and the existing
 * blob kept.
 */
export async function placeFile(sourcePath: string, finalPath: string): Promise<{ duplicate: boolean }> {
  const dir = dirname(finalPath);
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created) {
    // the new fan-out folders must survive a crash too: fsync each parent that gained an entry
    for (let d = dir; d.length >= created.length; d = dirname(d)) await syncDir(dirname(d));
  }
  let duplicate = false;
  try {
    await link(sourcePath, finalPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') duplicate = true;
    else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      // file systems without hard links: check, then rename (a racing twin is replaced by an identical blob)
      if (await exists(finalPath)) duplicate = true;
      else {
        await rename(sourcePath, finalPath);
        await syncDir(dir);
        await syncDir(dirname(sourcePath));
        return { duplicate: false };
      }
    } else throw error;
  }
  await unlink(sourcePath);
  if (!duplicate) await syncDir(dir);
  await syncDir(dirname(sourcePath));
  return { duplicate };
}
