/**
 * The evidence vault: encrypted, content-addressed storage of evidence files. This class ties
 * the parts together and owns the folder; each job lives in its own module (format, seal,
 * sealing-writer, blob-file, blob-reader, appendable, sniff, metadata, sweep).
 *
 * @example
 * ```ts
 * const { key } = await loadMasterKey({ base64: env.ARIADNE_VAULT_KEY, keyFile: join(dataDir, 'vault.key') });
 * const vault = await Vault.open({ dir: join(dataDir, 'vault'), masterKey: key });
 * const stored = await vault.put(fileSource('test-photo.jpg'), { filename: 'test-photo.jpg', declaredMime: 'image/jpeg' });
 * await pipeline(vault.open(stored.name), response);
 * ```
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AriadneError, isAriadneError, type ErrorCode } from '@ariadne/schema/errors';
import { createUpload, recoverUpload, type AppendableBlob, type AppendableOptions } from './appendable.ts';
import { BlobFile, syncDir } from './blob-file.ts';
import { readBlobRecords, readHeader } from './blob-reader.ts';
import { corrupt, emptyFile, keyMismatch, tooLarge } from './errors.ts';
import { blobNameFor, finalizeBlob, type DescribeOptions, type StoredBlob } from './finalize.ts';
import { HEADER_BYTES, RECORD_PREFIX_BYTES, TAG_BYTES, parseHeader, parseRecordPrefix } from './format.ts';
import { deriveVaultKeys, type VaultKeys } from './keys.ts';
import { assertBlobName, blobPath, isBlobName, layoutOf, newTempPath, type VaultLayout } from './layout.ts';
import { newBlobHeader, RecordSealer } from './seal.ts';
import { SealingWriter } from './sealing-writer.ts';
import { byteLimit, pumpSource, type ByteSource } from './source.ts';
import { sweepVault, type SweepOptions, type SweepReport } from './sweep.ts';

export interface VaultOptions {
  /** the vault folder; created (mode 0700) if absent */
  readonly dir: string;
  /** the 32-byte master key (see `loadMasterKey`) */
  readonly masterKey: Buffer;
}

export interface PutOptions extends DescribeOptions {
  /** refuse (PAYLOAD_TOO_LARGE) once the source yields more than this many bytes */
  readonly maxBytes?: number | undefined;
  /** cancels the intake (UPLOAD_INCOMPLETE); nothing is kept */
  readonly signal?: AbortSignal | undefined;
  /** store a zero-byte file instead of refusing it */
  readonly allowEmpty?: boolean | undefined;
}

export interface BlobStat {
  readonly name: string;
  /** the key the header names (not checked against this vault's key) */
  readonly keyId: string;
  /** plaintext bytes, summed from the record lengths (unauthenticated: `verify` authenticates) */
  readonly size: number;
  readonly storedBytes: number;
  readonly records: number;
  /** the blob ends with its terminal record and nothing after it */
  readonly complete: boolean;
  readonly modifiedAt: Date;
}

export type VerifyResult =
  | { readonly ok: true; readonly name: string; readonly sha256: string; readonly size: number }
  | { readonly ok: false; readonly name: string; readonly code: ErrorCode; readonly problem: string; readonly record?: number };

const MARKER_FORMAT = 'ariadne-vault/1';

export class Vault {
  readonly keyId: string;
  private readonly uploads = new Map<string, Promise<AppendableBlob>>();
  private readonly activeTemp = new Set<string>();

  private constructor(readonly layout: VaultLayout, private readonly keys: VaultKeys) {
    this.keyId = keys.keyId;
  }

  /**
   * Opens (or creates) the vault in `dir`. The vault records the id of its key on creation and
   * refuses to open with another key: "this vault was encrypted with key <id>, the key given is <id>".
   */
  static async open(options: VaultOptions): Promise<Vault> {
    const keys = deriveVaultKeys(options.masterKey);
    const layout = layoutOf(options.dir);
    await mkdir(layout.dir, { recursive: true, mode: 0o700 });
    for (const dir of [layout.blobs, layout.tmp, layout.uploads]) await mkdir(dir, { recursive: true, mode: 0o700 });
    await checkMarker(layout, keys);
    return new Vault(layout, keys);
  }

  /** the blob name a plaintext with this SHA-256 (hex) has in this vault */
  nameFor(sha256: string): string {
    if (!/^[0-9a-f]{64}$/i.test(sha256)) throw new AriadneError('VALIDATION_FAILED', 'a SHA-256 is 64 hex characters', { details: { sha256: 'not a SHA-256' } });
    return blobNameFor(this.keys, Buffer.from(sha256, 'hex'));
  }

  /**
   * Streams `source` into the vault: hashed, encrypted and written as it arrives (memory stays
   * flat whatever the size), then fsynced and moved to its content address. On any failure
   * (source error, abort, size limit, empty file, disk error) the temporary file is deleted.
   */
  async put(source: ByteSource, options: PutOptions = {}): Promise<StoredBlob> {
    const maxBytes = byteLimit(options.maxBytes);
    const path = newTempPath(this.layout);
    const file = await BlobFile.create(path, { direct: true });
    this.activeTemp.add(path);
    try {
      const opened = newBlobHeader(this.keys);
      await file.write([opened.header.bytes]);
      const writer = new SealingWriter(file, new RecordSealer(opened));
      await pumpSource(source, {
        signal: options.signal,
        received: () => writer.size,
        onChunk: (chunk) => {
          if (writer.size + chunk.length > maxBytes) throw tooLarge(maxBytes);
          return writer.write(chunk);
        },
      });
      if (writer.size === 0 && !options.allowEmpty) throw emptyFile();
      return await finalizeBlob({ keys: this.keys, layout: this.layout }, { file, writer }, options);
    } catch (error) {
      await file.discard();
      throw error;
    } finally {
      this.activeTemp.delete(path);
    }
  }

  /** whether a blob of that name is stored (a malformed name is simply absent) */
  async has(name: string): Promise<boolean> {
    if (!isBlobName(name)) return false;
    return stat(blobPath(this.layout, name)).then((s) => s.isFile(), () => false);
  }

  /**
   * The plaintext of a blob as a stream. Every record is authenticated before its bytes are
   * pushed; the stream errors precisely on a missing blob (NOT_FOUND), a wrong key, a damaged
   * header, a tampered record, truncation, trailing data, or content that does not match the
   * name (the last three can only be known at the end). Consumers must treat a stream error as
   * failure of the whole read (e.g. use `stream.pipeline`).
   */
  open(name: string): Readable {
    const what = `evidence blob ${name}`;
    const keys = this.keys;
    const openFile = () => this.openBlobFile(name);
    async function* plaintext(): AsyncGenerator<Buffer> {
      const fh = await openFile();
      try {
        const opened = await readHeader(fh, keys, what);
        const hash = createHash('sha256');
        for await (const plaintext of readBlobRecords(fh, opened, what)) {
          hash.update(plaintext);
          if (plaintext.length > 0) yield plaintext;
        }
        if (blobNameFor(keys, hash.digest()) !== name) throw nameMismatch(what);
      } finally {
        await fh.close();
      }
    }
    return Readable.from(plaintext(), { objectMode: false, highWaterMark: 1 });
  }

  /** re-reads the whole blob, authenticating every record and re-hashing the plaintext */
  async verify(name: string): Promise<VerifyResult> {
    const what = `evidence blob ${name}`;
    try {
      const fh = await this.openBlobFile(name);
      try {
        const opened = await readHeader(fh, this.keys, what);
        const hash = createHash('sha256');
        let size = 0;
        for await (const plaintext of readBlobRecords(fh, opened, what)) {
          hash.update(plaintext);
          size += plaintext.length;
        }
        const sha256 = hash.digest();
        if (blobNameFor(this.keys, sha256) !== name) throw nameMismatch(what);
        return { ok: true, name, sha256: sha256.toString('hex'), size };
      } finally {
        await fh.close();
      }
    } catch (error) {
      if (!isAriadneError(error)) throw error;
      const record = error.details?.record;
      return { ok: false, name, code: error.code, problem: error.message, ...(record !== undefined ? { record: Number(record) } : {}) };
    }
  }

  /** what the blob's header and record lengths say, without decrypting (cheap; `verify` checks) */
  async stat(name: string): Promise<BlobStat> {
    const what = `evidence blob ${name}`;
    const fh = await this.openBlobFile(name);
    try {
      const info = await fh.stat();
      const headerBytes = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await fh.read(headerBytes, 0, HEADER_BYTES, 0);
      const header = parseHeader(headerBytes.subarray(0, bytesRead));
      if ('kind' in header) {
        // the same wording as a read would give
        await readHeader(fh, this.keys, what);
        throw new Error('unreachable: readHeader accepted a header parseHeader refused');
      }
      const prefix = Buffer.alloc(RECORD_PREFIX_BYTES);
      let offset = HEADER_BYTES;
      let size = 0;
      let records = 0;
      let complete = false;
      while (offset + RECORD_PREFIX_BYTES <= info.size) {
        await fh.read(prefix, 0, RECORD_PREFIX_BYTES, offset);
        const parsed = parseRecordPrefix(prefix);
        if (!parsed) break;
        const end = offset + RECORD_PREFIX_BYTES + parsed.length + TAG_BYTES;
        if (end > info.size) break;
        size += parsed.length;
        records++;
        offset = end;
        if (parsed.last) {
          complete = offset === info.size;
          break;
        }
      }
      return { name, keyId: header.keyId, size, storedBytes: info.size, records, complete, modifiedAt: info.mtime };
    } finally {
      await fh.close();
    }
  }

  /** starts a resumable upload staged under `uploads/<id>` (CONFLICT if the id exists) */
  async createAppendable(id: string, options: AppendableOptions = {}): Promise<AppendableBlob> {
    if (this.uploads.has(id)) throw new AriadneError('CONFLICT', `an upload with id ${id} already exists`, { details: { id } });
    const pending = createUpload(this.uploadContext(), id, options);
    return this.track(id, pending);
  }

  /**
   * The upload `id`: the live handle if this vault has it open, else rebuilt from its staging file
   * (after a restart): records verified, a torn tail dropped (`recovery` says how much), the hash
   * state rebuilt. NOT_FOUND when there is no such upload.
   */
  async openAppendable(id: string, options: AppendableOptions = {}): Promise<AppendableBlob> {
    const live = this.uploads.get(id);
    if (live) return live;
    return this.track(id, recoverUpload(this.uploadContext(), id, options));
  }

  /**
   * Housekeeping: removes abandoned temporary files (and, if asked, stale staged uploads) older
   * than the threshold, and reports blobs that no record references. It never deletes a blob:
   * deleting evidence is an explicit, journalled act.
   */
  async sweep(options: SweepOptions): Promise<SweepReport> {
    const openUploads = new Set(this.uploads.keys());
    return sweepVault(this.layout, options, { isTempActive: (p) => this.activeTemp.has(p), isUploadOpen: (id) => openUploads.has(id) });
  }

  private uploadContext() {
    return { keys: this.keys, layout: this.layout, release: (id: string) => this.uploads.delete(id) };
  }

  private async track(id: string, pending: Promise<AppendableBlob>): Promise<AppendableBlob> {
    this.uploads.set(id, pending);
    try {
      return await pending;
    } catch (error) {
      if (this.uploads.get(id) === pending) this.uploads.delete(id);
      throw error;
    }
  }

  private async openBlobFile(name: string): Promise<FileHandle> {
    assertBlobName(name);
    try {
      return await open(blobPath(this.layout, name), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AriadneError('NOT_FOUND', `no evidence blob named ${name}`, { details: { name } });
      }
      throw error;
    }
  }
}

function nameMismatch(what: string): AriadneError {
  return corrupt(what, 'name-mismatch', 'the content does not match the name (the file was swapped or renamed)');
}

async function checkMarker(layout: VaultLayout, keys: VaultKeys): Promise<void> {
  let text: string | null = null;
  try {
    text = await readFile(layout.marker, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    const tmp = `${layout.marker}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(`${JSON.stringify({ format: MARKER_FORMAT, keyId: keys.keyId })}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, layout.marker);
    await syncDir(layout.dir);
    return;
  }
  let marker: { format?: unknown; keyId?: unknown };
  try {
    marker = JSON.parse(text) as typeof marker;
  } catch {
    marker = {};
  }
  if (marker.format !== MARKER_FORMAT || typeof marker.keyId !== 'string') {
    throw corrupt(layout.marker, 'not-a-vault-file', 'not a vault marker file (expected {"format":"ariadne-vault/1","keyId":…})');
  }
  if (marker.keyId !== keys.keyId) throw keyMismatch('this vault', marker.keyId, keys.keyId);
}
