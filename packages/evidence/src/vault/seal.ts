/**
 * The cryptography of one blob (node:crypto only): a fresh random data key per blob, wrapped
 * with AES-256-GCM under the vault's wrap key; records sealed with AES-256-GCM under the data
 * key. Each record has its own random 96-bit nonce: a counter nonce would be reused when a
 * resumable upload drops a torn record after a crash and writes different bytes in its place
 * (the data key of a staged upload cannot change, its header is bound into every record).
 * With a fresh key per blob, random nonces stay far from any collision bound.
 */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM } from 'node:crypto';
import {
  IV_BYTES, KEY_BYTES, MAX_RECORD_PLAINTEXT, TAG_BYTES, encodeHeader, headerPrefix, parseHeader, recordAad,
  type BlobHeader, type RecordPrefix, encodeRecordPrefix, HEADER_BYTES,
} from './format.ts';
import type { VaultKeys } from './keys.ts';
import { corrupt, keyMismatch } from './errors.ts';

export interface OpenedHeader {
  readonly header: BlobHeader;
  readonly dataKey: Buffer;
}

export function newBlobHeader(keys: VaultKeys): OpenedHeader {
  const dataKey = randomBytes(KEY_BYTES);
  const wrapIv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.wrapKey, wrapIv);
  cipher.setAAD(headerPrefix(keys.keyIdBytes));
  const wrappedKey = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { header: encodeHeader({ keyId: keys.keyIdBytes, wrapIv, wrappedKey, wrapTag: cipher.getAuthTag() }), dataKey };
}

/** parses and unwraps a header; throws the precise problem (`what` names the blob) */
export function openHeader(keys: VaultKeys, bytes: Buffer, what: string): OpenedHeader {
  const parsed = parseHeader(bytes);
  if ('kind' in parsed) {
    if (parsed.kind === 'short') return truncatedHeader(what, parsed.size);
    if (parsed.kind === 'magic') throw corrupt(what, 'not-a-vault-file', 'not a vault file (it does not start with ARIADNE-VAULT)');
    throw corrupt(what, 'unsupported-version', `format version ${parsed.version}; this vault reads version 1`);
  }
  if (parsed.keyId !== keys.keyId) throw keyMismatch(what, parsed.keyId, keys.keyId);
  const decipher = createDecipheriv('aes-256-gcm', keys.wrapKey, parsed.wrapIv);
  decipher.setAAD(headerPrefix(keys.keyIdBytes));
  decipher.setAuthTag(parsed.wrapTag);
  try {
    const dataKey = Buffer.concat([decipher.update(parsed.wrappedKey), decipher.final()]);
    return { header: parsed, dataKey };
  } catch {
    throw corrupt(what, 'header-tampered', 'the header does not authenticate (it was changed or damaged)');
  }
}

function truncatedHeader(what: string, size: number): never {
  throw corrupt(what, 'header-truncated', `truncated: ${size} bytes, shorter than the ${HEADER_BYTES}-byte header`);
}

/** one record being sealed: plaintext goes in piece by piece, ciphertext pieces come out */
export class SealingRecord {
  private readonly cipher: CipherGCM;
  private readonly nonce = randomBytes(IV_BYTES);
  private readonly pieces: Buffer[] = [];
  private bytes = 0;

  constructor(dataKey: Buffer, aad: Buffer, private readonly last: boolean) {
    this.cipher = createCipheriv('aes-256-gcm', dataKey, this.nonce);
    this.cipher.setAAD(aad);
  }

  get length(): number {
    return this.bytes;
  }

  get room(): number {
    return MAX_RECORD_PLAINTEXT - this.bytes;
  }

  /** `piece` is encrypted at once and may be reused by the caller afterwards */
  add(piece: Uint8Array): void {
    if (piece.length > this.room) throw new Error('record overflow');
    this.bytes += piece.length;
    const out = this.cipher.update(piece);
    if (out.length > 0) this.pieces.push(out);
  }

  /** the record's bytes, in order, ready for one vectored write */
  close(): Buffer[] {
    const final = this.cipher.final();
    if (final.length > 0) this.pieces.push(final);
    return [encodeRecordPrefix(this.bytes, this.last, this.nonce), ...this.pieces, this.cipher.getAuthTag()];
  }
}

export class RecordSealer {
  constructor(private readonly opened: OpenedHeader) {}

  start(counter: number, last: boolean): SealingRecord {
    return new SealingRecord(this.opened.dataKey, recordAad(this.opened.header.hash, counter, last), last);
  }
}

/** the plaintext of one record, or null when it does not authenticate at this position */
export function openRecord(opened: OpenedHeader, counter: number, prefix: RecordPrefix, body: Buffer): Buffer | null {
  if (body.length !== prefix.length + TAG_BYTES) throw new Error('record body size does not match its prefix');
  const decipher = createDecipheriv('aes-256-gcm', opened.dataKey, prefix.nonce);
  decipher.setAAD(recordAad(opened.header.hash, counter, prefix.last));
  decipher.setAuthTag(body.subarray(prefix.length));
  const plain = decipher.update(body.subarray(0, prefix.length));
  try {
    decipher.final();
  } catch {
    return null;
  }
  return plain;
}
