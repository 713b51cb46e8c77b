/**
 * Sequential writes with O_DIRECT (Linux), for large one-shot intakes. On the project machine
 * the page-cache path (write, then fsync) moved 350–550 MB/s to disk while direct writes of the
 * same random bytes moved 1.4 GB/s, so the intake was bound by writeback, not by crypto.
 *
 * Direct I/O needs the memory, the file offset and the length aligned to the device's block
 * size. Records are not aligned (1 MiB + 32 bytes), so bytes are copied into one of two aligned
 * 1 MiB regions; a full region is written while the other fills, and the unaligned rest carries
 * over. The last block is written padded with zeros and the file truncated to its true length
 * before the fsync. Aligned memory comes from a WebAssembly.Memory (page-aligned by V8; Node has
 * no other way to ask for alignment). Regions are pooled and reused.
 *
 * `openDirect` returns null where this cannot work (no O_DIRECT on the platform or file system,
 * no WebAssembly): the caller then writes through the page cache.
 */
import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';

const ALIGN = 4096;
const REGION = 1024 * 1024;
const WASM_PAGE = 65536;
const POOL_MAX = 4;

type Regions = readonly [Buffer, Buffer];
const pool: Regions[] = [];

function takeRegions(): Regions | null {
  const pooled = pool.pop();
  if (pooled) return pooled;
  if (typeof WebAssembly === 'undefined') return null;
  try {
    const memory = Buffer.from(new WebAssembly.Memory({ initial: (2 * REGION) / WASM_PAGE }).buffer);
    return [memory.subarray(0, REGION), memory.subarray(REGION, 2 * REGION)];
  } catch {
    return null;
  }
}

function giveBack(regions: Regions): void {
  if (pool.length < POOL_MAX) pool.push(regions);
}

export class DirectWriter {
  private inflight: Promise<void> | null = null;
  private failure: unknown = null;
  private current = 0;
  private filled = 0;
  /** bytes handed to the disk: whole regions, so always aligned */
  private flushed = 0;
  private finished = false;
  private released = false;

  private constructor(private readonly fh: FileHandle, private readonly regions: Regions) {}

  /** a new file opened for direct writes, or null when direct I/O is not available here */
  static async create(path: string): Promise<DirectWriter | null> {
    const direct = (constants as Record<string, number | undefined>).O_DIRECT;
    if (direct === undefined) return null;
    const regions = takeRegions();
    if (!regions) return null;
    let fh: FileHandle;
    try {
      fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | direct, 0o600);
    } catch (error) {
      giveBack(regions);
      if ((error as NodeJS.ErrnoException).code === 'EINVAL') return null; // the file system refuses O_DIRECT (tmpfs)
      throw error;
    }
    // some file systems take the flag but refuse the writes: probe with one block the data will overwrite
    try {
      regions[0].fill(0, 0, ALIGN);
      await fh.write(regions[0], 0, ALIGN, 0);
    } catch {
      await fh.close();
      giveBack(regions);
      await unlink(path).catch(() => undefined);
      return null;
    }
    return new DirectWriter(fh, regions);
  }

  get position(): number {
    return this.flushed + this.filled;
  }

  /** copies `buffers` in; a full region goes to the disk while the other fills */
  async write(buffers: Buffer[]): Promise<void> {
    if (this.finished) throw new Error('the file was already synced for good');
    if (this.failure) throw this.failure;
    for (const buf of buffers) {
      for (let at = 0; at < buf.length;) {
        const n = Math.min(REGION - this.filled, buf.length - at);
        buf.copy(this.regions[this.current]!, this.filled, at, at + n);
        this.filled += n;
        at += n;
        if (this.filled === REGION) await this.flushRegion(REGION);
      }
    }
  }

  /** writes the rest (its last block padded with zeros), cuts the file to its length, fsyncs; no writes after this */
  async sync(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const length = this.position;
    if (this.filled > 0) {
      const padded = Math.ceil(this.filled / ALIGN) * ALIGN;
      this.regions[this.current]!.fill(0, this.filled, padded);
      await this.flushRegion(padded);
    }
    await this.settle();
    await this.fh.truncate(length);
    await this.fh.sync();
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.inflight) await this.inflight;
    await this.fh.close();
    giveBack(this.regions);
  }

  private async settle(): Promise<void> {
    if (this.inflight) {
      await this.inflight;
      this.inflight = null;
    }
    if (this.failure) throw this.failure;
  }

  /** sends the first `length` bytes of the current region (waiting for the other region's write first), then switches */
  private async flushRegion(length: number): Promise<void> {
    await this.settle();
    const region = this.regions[this.current]!;
    const position = this.flushed;
    this.inflight = this.fh.write(region, 0, length, position).then((r) => {
      if (r.bytesWritten !== length) throw new Error(`short direct write: ${r.bytesWritten} of ${length} bytes`);
    }).catch((error: unknown) => {
      this.failure ??= error;
    });
    this.flushed += this.filled;
    this.filled = 0;
    this.current ^= 1;
  }
}
