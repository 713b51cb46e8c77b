/**
 * Resumable uploads over tus, encrypted as they arrive. The vault stages each upload in its own
 * (encrypted, appendable) blob format, so a connection that drops leaves ciphertext that a HEAD
 * request can resume from, and a server killed mid-request recovers the last whole record on
 * restart. One request at a time may write to an upload; the row in the store records who owns it
 * and how far it got.
 */
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { Store, StoredBlobInfo, UploadRecord } from '@ariadne/store';
import type { AppendableBlob, Vault } from '@ariadne/evidence';
import { cleanFilename, parseUploadMetadata } from './tus-protocol.ts';

export interface UploadServiceOptions {
  readonly maxBytes: number;
  /** how long an unfinished upload may wait for its next piece */
  readonly ttlMs: number;
  readonly now: () => Date;
}

/** unfinished uploads one owner may have at a time */
const MAX_OPEN_UPLOADS = 50;

function gone(): AriadneError {
  return new AriadneError('NOT_FOUND', 'No such upload, or it is not yours, or it expired.');
}

/** the request body, cut at `limit` bytes; a client that hangs up simply ends it */
async function* bounded(body: Readable, limit: number): AsyncGenerator<Buffer> {
  let left = limit;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      if (buf.length >= left) {
        if (left > 0) yield buf.subarray(0, left);
        left = 0;
        break;
      }
      left -= buf.length;
      yield buf;
    }
  } catch {
    // the connection broke off: keep what arrived; the client resumes from the offset we report
  }
}

export class UploadService {
  readonly #busy = new Set<string>();

  constructor(private readonly store: Store, private readonly vault: Vault, private readonly options: UploadServiceOptions) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  async create(owner: string, length: number, metadataHeader: unknown, maxBytes = this.options.maxBytes): Promise<UploadRecord> {
    if (length > maxBytes) throw new AriadneError('PAYLOAD_TOO_LARGE', `Files up to ${maxBytes} bytes are accepted here.`, { details: { 'Upload-Length': `over ${maxBytes}` } });
    if (length === 0) throw new AriadneError('VALIDATION_FAILED', 'The file is empty.', { details: { 'Upload-Length': 'zero' } });
    if ((await this.store.countOpenUploads(owner)) >= MAX_OPEN_UPLOADS) {
      throw new AriadneError('RATE_LIMITED', `You have ${MAX_OPEN_UPLOADS} unfinished uploads; finish or cancel some first.`);
    }
    const metadata = parseUploadMetadata(metadataHeader);
    const id = randomUUID();
    const appendable = await this.vault.createAppendable(id);
    try {
      return await this.store.createUpload({
        id, owner, length, filename: metadata.filename, filetype: metadata.filetype,
        expiresAt: new Date(this.options.now().getTime() + this.options.ttlMs),
      });
    } catch (error) {
      await appendable.abort();
      throw error;
    }
  }

  async #owned(id: string, owner: string): Promise<UploadRecord> {
    const upload = await this.store.getUpload(id);
    if (!upload || upload.owner !== owner || upload.expiresAt.getTime() <= this.options.now().getTime()) throw gone();
    return upload;
  }

  /** the staged blob: the vault's live handle, or rebuilt from disk after a restart */
  #appendable(id: string): Promise<AppendableBlob> {
    return this.vault.openAppendable(id);
  }

  /** how much of the upload is durably stored */
  async status(id: string, owner: string): Promise<{ offset: number; length: number; expiresAt: Date }> {
    const upload = await this.#owned(id, owner);
    if (upload.blob) return { offset: upload.length, length: upload.length, expiresAt: upload.expiresAt };
    if (this.#busy.has(id)) return { offset: upload.received, length: upload.length, expiresAt: upload.expiresAt };
    const appendable = await this.#appendable(id);
    if (appendable.offset !== upload.received) await this.store.setUploadReceived(id, appendable.offset);
    return { offset: appendable.offset, length: upload.length, expiresAt: upload.expiresAt };
  }

  /**
   * Appends the body at `offset`; answers the new offset. Seals the blob when the last byte
   * arrives. A mismatched offset is a conflict (the client asks HEAD and resumes from there).
   */
  async patch(id: string, owner: string, offset: number, body: Readable): Promise<{ offset: number; complete: boolean }> {
    const upload = await this.#owned(id, owner);
    if (upload.blob) throw new AriadneError('CONFLICT', 'This upload is already complete.', { details: { 'Upload-Offset': String(upload.length) } });
    if (this.#busy.has(id)) throw new AriadneError('CONFLICT', 'Another request is writing to this upload; ask for its offset and resume.', { details: { upload: 'busy' } });
    this.#busy.add(id);
    try {
      const appendable = await this.#appendable(id);
      if (offset !== appendable.offset) {
        throw new AriadneError('CONFLICT', `The upload continues at byte ${appendable.offset}, not ${offset}.`, { details: { 'Upload-Offset': String(appendable.offset) } });
      }
      const reached = await appendable.append(bounded(body, upload.length - offset));
      if (reached < upload.length) {
        await this.store.setUploadReceived(id, reached);
        return { offset: reached, complete: false };
      }
      const blob = await appendable.finish({ declaredMime: upload.filetype ?? undefined, filename: upload.filename ?? undefined });
      const info: StoredBlobInfo = {
        name: blob.name, sha256: blob.sha256, size: blob.size, mime: blob.mime,
        declaredMime: blob.declaredMime, mimeMismatch: blob.mimeMismatch,
        metadata: { ...(blob.metadata ?? {}) },
      };
      await this.store.completeUpload(id, info);
      return { offset: blob.size, complete: true };
    } finally {
      this.#busy.delete(id);
    }
  }

  /** tus termination: the staged bytes are destroyed (they were never evidence) */
  async remove(id: string, owner: string): Promise<void> {
    const upload = await this.#owned(id, owner);
    if (this.#busy.has(id)) throw new AriadneError('CONFLICT', 'The upload is being written; try again.');
    if (!upload.blob) await (await this.#appendable(id)).abort();
    await this.store.deleteUpload(id);
  }

  /** a finished upload ready for intake; `claim` marks it used so it cannot be taken in twice */
  async finished(id: string, owner: string): Promise<{ upload: UploadRecord; blob: StoredBlobInfo; filename: string | null }> {
    const upload = await this.#owned(id, owner);
    if (!upload.blob) {
      throw new AriadneError('UPLOAD_INCOMPLETE', `The upload has ${upload.received} of ${upload.length} bytes; resume it before taking it in.`, { details: { uploadId: 'incomplete' } });
    }
    if (upload.completedItem) throw new AriadneError('CONFLICT', 'This upload was already taken in.', { details: { uploadId: `evidence item ${upload.completedItem}` } });
    return { upload, blob: upload.blob, filename: upload.filename ? cleanFilename(upload.filename) : null };
  }

  async claim(id: string, itemId: string): Promise<void> {
    if (!(await this.store.claimUpload(id, itemId))) throw new AriadneError('CONFLICT', 'This upload was already taken in.');
  }

  /** drops expired unfinished uploads (their staged ciphertext) and the rows of used ones */
  async sweepExpired(): Promise<number> {
    const expired = await this.store.expiredUploads(this.options.now());
    for (const upload of expired) {
      if (this.#busy.has(upload.id)) continue;
      if (!upload.blob) await (await this.#appendable(upload.id).catch(() => null))?.abort();
      await this.store.deleteUpload(upload.id);
    }
    return expired.length;
  }
}
