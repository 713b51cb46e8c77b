/**
 * The intake hot path: plaintext chunks in, sealed records out, the SHA-256 of the plaintext
 * kept on the way. Chunks are hashed and encrypted where they lie (no copy into a record
 * buffer); a record is closed when it holds 1 MiB, or when the caller flushes (an appendable
 * upload ends every request with a short record, so what was acknowledged is on disk). The
 * first 256 KiB are kept for MIME sniffing and metadata, so the file is never read twice.
 */
import { createHash, type Hash } from 'node:crypto';
import type { BlobFile } from './blob-file.ts';
import type { RecordSealer, SealingRecord } from './seal.ts';

export const HEAD_BYTES = 256 * 1024;

/** the first HEAD_BYTES of the plaintext */
export class HeadCapture {
  private buf: Buffer | null = null;
  private filled = 0;

  take(chunk: Uint8Array): void {
    if (this.filled >= HEAD_BYTES) return;
    this.buf ??= Buffer.allocUnsafe(HEAD_BYTES);
    const n = Math.min(HEAD_BYTES - this.filled, chunk.length);
    this.buf.set(chunk.subarray(0, n), this.filled);
    this.filled += n;
  }

  bytes(): Buffer {
    return this.buf ? this.buf.subarray(0, this.filled) : Buffer.alloc(0);
  }
}

export interface SealingState {
  /** the counter of the next record */
  readonly counter: number;
  /** plaintext bytes sealed so far */
  readonly size: number;
  readonly hash: Hash;
  readonly head: HeadCapture;
}

export class SealingWriter {
  private record: SealingRecord | null = null;
  private counter: number;
  private bytes: number;
  private readonly hash: Hash;
  readonly head: HeadCapture;

  constructor(private readonly file: BlobFile, private readonly sealer: RecordSealer, state?: SealingState) {
    this.counter = state?.counter ?? 0;
    this.bytes = state?.size ?? 0;
    this.hash = state?.hash ?? createHash('sha256');
    this.head = state?.head ?? new HeadCapture();
  }

  /** plaintext bytes taken so far (sealed or in the open record) */
  get size(): number {
    return this.bytes;
  }

  /** the chunk is consumed before this resolves; it waits only when a record is handed to the disk */
  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.head.take(chunk);
    let off = 0;
    while (off < chunk.length) {
      const record = (this.record ??= this.sealer.start(this.counter, false));
      const take = Math.min(record.room, chunk.length - off);
      record.add(off === 0 && take === chunk.length ? chunk : chunk.subarray(off, off + take));
      off += take;
      if (record.room === 0) await this.closeRecord();
    }
  }

  /** seals the open record, however short, and hands it to the disk */
  async flush(): Promise<void> {
    if (this.record && this.record.length > 0) await this.closeRecord();
  }

  /** flushes, then writes the empty terminal record that marks the blob complete */
  async terminate(): Promise<void> {
    await this.flush();
    await this.file.write(this.sealer.start(this.counter, true).close());
    this.counter++;
  }

  /** the SHA-256 of everything written; call once, after terminate() */
  digest(): Buffer {
    return this.hash.digest();
  }

  private async closeRecord(): Promise<void> {
    const record = this.record!;
    this.record = null;
    await this.file.write(record.close());
    this.counter++;
  }
}
