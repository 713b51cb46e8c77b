/**
 * The vault's blob format, byte for byte (documented in the package README): a fixed header
 * that carries the blob's wrapped data key, then records of at most 1 MiB of plaintext each,
 * ended by a record flagged `last`. Pure layout code: encoding and parsing, no keys, no files.
 *
 *   header  = magic "ARIADNE-VAULT\0" (14) ‖ version u8 ‖ key id (8)
 *             ‖ wrap IV (12) ‖ wrapped data key (32) ‖ wrap tag (16)            = 83 bytes
 *   record  = u32 BE (bit 31: last, bits 0–30: plaintext length) ‖ nonce (12)
 *             ‖ ciphertext (length) ‖ GCM tag (16)
 *   record AAD = SHA-256(header) ‖ u64 BE record counter ‖ u8 last
 */
import { createHash } from 'node:crypto';

export const MAGIC = Buffer.from('ARIADNE-VAULT\0', 'latin1');
export const FORMAT_VERSION = 1;
export const KEY_ID_BYTES = 8;
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES + IV_BYTES + KEY_BYTES + TAG_BYTES;
/** length word and nonce before each record's ciphertext */
export const RECORD_PREFIX_BYTES = 4 + IV_BYTES;
export const RECORD_OVERHEAD = RECORD_PREFIX_BYTES + TAG_BYTES;
export const MAX_RECORD_PLAINTEXT = 1 << 20;
const LAST_BIT = 0x8000_0000;

export interface BlobHeader {
  readonly version: number;
  /** hex, 16 characters: the first 8 bytes of SHA-256(master key) */
  readonly keyId: string;
  readonly wrapIv: Buffer;
  readonly wrappedKey: Buffer;
  readonly wrapTag: Buffer;
  /** the 83 header bytes as stored */
  readonly bytes: Buffer;
  /** SHA-256 of `bytes`: every record's AAD starts with it, binding records to this header */
  readonly hash: Buffer;
}

export interface RecordPrefix {
  readonly length: number;
  readonly last: boolean;
  readonly nonce: Buffer;
}

/** why a header could not be parsed; the caller names the blob in its error */
export type HeaderProblem = { kind: 'short'; size: number } | { kind: 'magic' } | { kind: 'version'; version: number };

/** magic ‖ version ‖ key id: the AAD of the data-key wrapping, and the first 23 header bytes */
export function headerPrefix(keyId: Buffer): Buffer {
  if (keyId.length !== KEY_ID_BYTES) throw new Error(`a key id is ${KEY_ID_BYTES} bytes`);
  return Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), keyId]);
}

export function encodeHeader(fields: { keyId: Buffer; wrapIv: Buffer; wrappedKey: Buffer; wrapTag: Buffer }): BlobHeader {
  if (fields.wrapIv.length !== IV_BYTES || fields.wrappedKey.length !== KEY_BYTES || fields.wrapTag.length !== TAG_BYTES) {
    throw new Error('bad header field sizes');
  }
  const bytes = Buffer.concat([headerPrefix(fields.keyId), fields.wrapIv, fields.wrappedKey, fields.wrapTag]);
  const parsed = parseHeader(bytes);
  if ('kind' in parsed) throw new Error('encodeHeader produced an unparseable header');
  return parsed;
}

/** parses the first HEADER_BYTES of a blob; a problem object when they are not a header of ours */
export function parseHeader(buf: Buffer): BlobHeader | HeaderProblem {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    // a short file that is a prefix of the magic is a truncated header, not a foreign file
    if (buf.length < MAGIC.length && MAGIC.subarray(0, buf.length).equals(buf)) return { kind: 'short', size: buf.length };
    return { kind: 'magic' };
  }
  if (buf.length === MAGIC.length) return { kind: 'short', size: buf.length };
  const version = buf[MAGIC.length]!;
  if (version !== FORMAT_VERSION) return { kind: 'version', version };
  if (buf.length < HEADER_BYTES) return { kind: 'short', size: buf.length };
  const bytes = Buffer.from(buf.subarray(0, HEADER_BYTES));
  let at = MAGIC.length + 1;
  const take = (n: number): Buffer => bytes.subarray(at, (at += n));
  const keyId = take(KEY_ID_BYTES).toString('hex');
  const wrapIv = take(IV_BYTES);
  const wrappedKey = take(KEY_BYTES);
  const wrapTag = take(TAG_BYTES);
  return { version, keyId, wrapIv, wrappedKey, wrapTag, bytes, hash: createHash('sha256').update(bytes).digest() };
}

export function encodeRecordPrefix(length: number, last: boolean, nonce: Buffer): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > MAX_RECORD_PLAINTEXT) throw new Error(`a record holds 0 to ${MAX_RECORD_PLAINTEXT} bytes`);
  if (nonce.length !== IV_BYTES) throw new Error(`a record nonce is ${IV_BYTES} bytes`);
  const prefix = Buffer.allocUnsafe(RECORD_PREFIX_BYTES);
  prefix.writeUInt32BE((last ? LAST_BIT : 0) + length, 0);
  nonce.copy(prefix, 4);
  return prefix;
}

/** null when the length word is impossible (over 1 MiB): the blob is damaged there */
export function parseRecordPrefix(buf: Buffer): RecordPrefix | null {
  if (buf.length < RECORD_PREFIX_BYTES) throw new Error('a record prefix is 16 bytes');
  const word = buf.readUInt32BE(0);
  const length = word & ~LAST_BIT;
  if (length > MAX_RECORD_PLAINTEXT) return null;
  return { length, last: (word & LAST_BIT) !== 0, nonce: Buffer.from(buf.subarray(4, RECORD_PREFIX_BYTES)) };
}

/** binds a record to its blob (header hash), its position (counter) and whether it ends the blob */
export function recordAad(headerHash: Buffer, counter: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new Error('a record counter is a whole number');
  const aad = Buffer.allocUnsafe(headerHash.length + 9);
  headerHash.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(counter), headerHash.length);
  aad[headerHash.length + 8] = last ? 1 : 0;
  return aad;
}
