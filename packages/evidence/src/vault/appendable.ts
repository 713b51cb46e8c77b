/**
 * Resumable uploads (the tus protocol is built on top of this by the server): an upload is
 * staged under `uploads/<id>` already in the blob format, so a partial upload is never
 * plaintext on disk. Each append ends with a short record and an fsync: what the server
 * acknowledges is on disk. `finish` writes the terminal record and moves the file into the vault
 * like a one-shot intake.
 *
 * After a restart, `recoverUpload` authenticates every staged record, drops a torn tail (a
 * crash mid-write: the file ends inside a record, or its last record is damaged with nothing but
 * zeros after it) and rebuilds the SHA-256 state by decrypting the staged prefix: node:crypto
 * cannot serialise a hash state, so rehashing on reopen is the price (about 1 s per GB).
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { AriadneError } from '@ariadne/schema/errors';
import { BlobFile, syncDir } from './blob-file.ts';
import { readHeader, scanRecords, problemOf, type ScanItem } from './blob-reader.ts';
import { emptyFile, tooLarge, uploadIncomplete } from './errors.ts';
import { finalizeBlob, type DescribeOptions, type StoredBlob } from './finalize.ts';
import type { VaultKeys } from './keys.ts';
import { uploadPath, type VaultLayout } from './layout.ts';
import { newBlobHeader, RecordSealer } from './seal.ts';
import { HeadCapture, SealingWriter } from './sealing-writer.ts';
import { byteLimit, pumpSource, type ByteSource } from './source.ts';

export interface AppendableOptions {
  /** the most plaintext bytes the whole upload may hold (tus Upload-Length, or the vault limit) */
  readonly maxBytes?: number | undefined;
}

export interface FinishOptions extends DescribeOptions {
  /** store a zero-byte file instead of refusing it */
  readonly allowEmpty?: boolean | undefined;
}

/** what reopening found on disk */
export interface UploadRecovery {
  /** bytes cut from the end of the staging file: a record torn by a crash (0 when it was clean) */
  readonly droppedBytes: number;
  /** the record number where the cut was made, when there was one */
  readonly droppedRecord?: number;
}

export interface AppendableBlob {
  readonly id: string;
  /** plaintext bytes durably staged: where the next append continues (tus Upload-Offset) */
  readonly offset: number;
  /** set when this handle was rebuilt from disk by `openAppendable` */
  readonly recovery: UploadRecovery | undefined;
  /** appends the source's bytes; resolves to the new offset once they are on disk */
  append(source: ByteSource, options?: { signal?: AbortSignal }): Promise<number>;
  /** seals the upload and moves it into the vault (deduplicated like `put`) */
  finish(options?: FinishOptions): Promise<StoredBlob>;
  /** deletes the staged upload */
  abort(): Promise<void>;
}

export interface UploadContext {
  readonly keys: VaultKeys;
  readonly layout: VaultLayout;
  /** the vault forgets the handle (finished, aborted, or broken by a write failure) */
  readonly release: (id: string) => void;
}

type State = 'open' | 'busy' | 'finished' | 'aborted' | 'broken';

interface StagedParts {
  readonly id: string;
  readonly ctx: UploadContext;
  readonly file: BlobFile;
  readonly writer: SealingWriter;
  readonly maxBytes: number;
  readonly recovery: UploadRecovery | undefined;
}

class StagedUpload implements AppendableBlob {
  private state: State = 'open';
  readonly id: string;
  readonly recovery: UploadRecovery | undefined;
  private readonly ctx: UploadContext;
  private readonly file: BlobFile;
  private readonly writer: SealingWriter;
  private readonly maxBytes: number;

  constructor(parts: StagedParts) {
    ({ id: this.id, recovery: this.recovery, ctx: this.ctx, file: this.file, writer: this.writer, maxBytes: this.maxBytes } = parts);
  }

  get offset(): number {
    return this.writer.size;
  }

  async append(source: ByteSource, options: { signal?: AbortSignal } = {}): Promise<number> {
    this.enter();
    const start = this.writer.size;
    let pending: Error | null = null;
    try {
      await pumpSource(source, {
        signal: options.signal,
        received: () => this.writer.size - start,
        onChunk: async (chunk) => {
          if (this.writer.size + chunk.length > this.maxBytes) throw tooLarge(this.maxBytes);
          await this.writer.write(chunk);
        },
      });
    } catch (error) {
      const code = error instanceof AriadneError ? error.code : null;
      if (code !== 'UPLOAD_INCOMPLETE' && code !== 'PAYLOAD_TOO_LARGE') return this.fail(error);
      // keep what arrived before the interruption: a resumed upload continues from there
      pending = code === 'UPLOAD_INCOMPLETE'
        ? uploadIncomplete(`${(error as Error).message}; ${this.writer.size} bytes of upload ${this.id} are kept`, this.writer.size, error)
        : (error as Error);
    }
    try {
      await this.writer.flush();
      await this.file.sync();
    } catch (error) {
      return this.fail(error);
    }
    this.state = 'open';
    if (pending) throw pending;
    return this.writer.size;
  }

  async finish(options: FinishOptions = {}): Promise<StoredBlob> {
    this.enter();
    if (this.writer.size === 0 && !options.allowEmpty) {
      this.state = 'open';
      throw emptyFile();
    }
    try {
      const stored = await finalizeBlob(this.ctx, { file: this.file, writer: this.writer }, options);
      this.state = 'finished';
      this.ctx.release(this.id);
      return stored;
    } catch (error) {
      return this.fail(error);
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'busy') throw this.conflict('is busy with another request');
    if (this.state === 'finished') throw this.conflict('is already finished');
    this.state = 'aborted';
    this.ctx.release(this.id);
    await this.file.discard();
  }

  private enter(): void {
    if (this.state === 'busy') throw this.conflict('is busy with another request');
    if (this.state === 'finished') throw this.conflict('is already finished');
    if (this.state === 'aborted') throw this.conflict('was aborted');
    if (this.state === 'broken') throw this.conflict('failed to write; open it again with openAppendable');
    this.state = 'busy';
  }

  /** a write failed: the in-memory state may be ahead of the disk, so recovery from disk must redo it */
  private async fail(error: unknown): Promise<never> {
    this.state = 'broken';
    this.ctx.release(this.id);
    await this.file.close().catch(() => undefined);
    throw error;
  }

  private conflict(what: string): AriadneError {
    return new AriadneError('CONFLICT', `upload ${this.id} ${what}`, { details: { id: this.id } });
  }
}

export async function createUpload(ctx: UploadContext, id: string, options: AppendableOptions = {}): Promise<AppendableBlob> {
  const path = uploadPath(ctx.layout, id);
  const maxBytes = byteLimit(options.maxBytes);
  let file: BlobFile;
  try {
    file = await BlobFile.create(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AriadneError('CONFLICT', `an upload with id ${id} already exists`, { details: { id } });
    }
    throw error;
  }
  try {
    const opened = newBlobHeader(ctx.keys);
    await file.write([opened.header.bytes]);
    await file.sync();
    await syncDir(ctx.layout.uploads);
    return new StagedUpload({ id, ctx, file, writer: new SealingWriter(file, new RecordSealer(opened)), maxBytes, recovery: undefined });
  } catch (error) {
    await file.discard();
    throw error;
  }
}

async function allZero(fh: FileHandle, from: number, to: number): Promise<boolean> {
  const buf = Buffer.allocUnsafe(1 << 16);
  for (let at = from; at < to;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - at), at);
    if (bytesRead === 0) return true;
    for (let i = 0; i < bytesRead; i++) if (buf[i] !== 0) return false;
    at += bytesRead;
  }
  return true;
}

/** rebuilds an upload from its staging file after a restart (see the header comment) */
export async function recoverUpload(ctx: UploadContext, id: string, options: AppendableOptions = {}): Promise<AppendableBlob> {
  const path = uploadPath(ctx.layout, id);
  const maxBytes = byteLimit(options.maxBytes);
  const what = `upload ${id}`;
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AriadneError('NOT_FOUND', `no upload with id ${id}`, { details: { id } });
    throw error;
  }
  let keep: number;
  let counter = 0;
  let droppedRecord: number | undefined;
  const hash = createHash('sha256');
  const head = new HeadCapture();
  let size = 0;
  let opened;
  try {
    opened = await readHeader(fh, ctx.keys, what);
    const fileSize = (await fh.stat()).size;
    let end: ScanItem | undefined;
    for await (const item of scanRecords(fh, opened)) {
      if (item.kind !== 'record' || item.last) {
        end = item;
        break;
      }
      hash.update(item.plaintext);
      head.take(item.plaintext);
      size += item.plaintext.length;
      counter = item.counter + 1;
    }
    if (!end) throw new Error('scan ended without a final item');
    keep = end.offset;
    switch (end.kind) {
      case 'end':
      case 'torn':
        break;
      case 'record':
        // a terminal record: finish() was interrupted before the move; the upload reopens unfinished
        break;
      case 'trailing':
        throw new Error('trailing data reported before a terminal record');
      case 'bad-length':
      case 'unauthentic':
        // a crash can leave a damaged last record, or zeros where the data never landed;
        // damage followed by real data is not a crash, and acknowledged data is never dropped silently
        if (end.kind === 'unauthentic' && end.end >= fileSize) break;
        if (await allZero(fh, end.offset, fileSize)) break;
        throw problemOf(end, what)!;
    }
    if (keep < fileSize) droppedRecord = end.counter;
  } finally {
    await fh.close();
  }
  const droppedBytes = (await stat(path)).size - keep;
  const file = await BlobFile.reopen(path, keep);
  const writer = new SealingWriter(file, new RecordSealer(opened), { counter, size, hash, head });
  const recovery = droppedBytes > 0 ? { droppedBytes, droppedRecord } : { droppedBytes: 0 };
  return new StagedUpload({ id, ctx, file, writer, maxBytes, recovery });
}
