/**
 * The key operations of sharing, on `node:crypto` and age's key encodings: Ed25519 signing keys
 * built from a raw 32-byte seed (RFC 8410 DER wrappers, as `@ariadne/ledger` does), and the
 * X25519 recipient (`age1…`) of an age identity (`AGE-SECRET-KEY-1…`), derived synchronously so
 * an identity file can be checked for consistency when it is parsed. Validators return booleans
 * and never echo the key.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { bech32Decode, bech32Encode } from './bech32.ts';

// DER prefixes that wrap raw 32-byte keys (RFC 8410)
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export const SIGNATURE_BYTES = 64;

function rawPublicKey(privateKey: KeyObject, spkiPrefix: Buffer): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length);
}

function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** the raw 32 bytes of a canonical base64 string, or null */
export function decodeBase64Exact(text: string, bytes: number): Buffer | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const raw = Buffer.from(text, 'base64');
  return raw.length === bytes && raw.toString('base64') === text ? raw : null;
}

/** the public signing key (raw 32 bytes, base64) of an Ed25519 seed */
export function signingKeyOfSeed(seed: Uint8Array): string {
  return rawPublicKey(ed25519PrivateKey(seed), ED25519_SPKI_PREFIX).toString('base64');
}

function ed25519PublicKey(signingKey: string): KeyObject | null {
  const raw = decodeBase64Exact(signingKey, 32);
  if (!raw) return null;
  try {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/** a base64 string of 32 bytes that imports as an Ed25519 public key */
export function isSigningKey(text: unknown): text is string {
  return typeof text === 'string' && ed25519PublicKey(text) !== null;
}

export function signBytes(seed: Uint8Array, bytes: Uint8Array): Uint8Array {
  return sign(null, bytes, ed25519PrivateKey(seed));
}

/** true when `signature` is a valid Ed25519 signature of exactly `bytes` under `signingKey` */
export function verifyBytes(signingKey: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  const key = ed25519PublicKey(signingKey);
  if (!key || signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}

/** the 32-byte X25519 scalar of an `AGE-SECRET-KEY-1…` identity, or null */
function ageScalar(identity: string): Uint8Array | null {
  if (typeof identity !== 'string' || !identity.startsWith('AGE-SECRET-KEY-1')) return null;
  const decoded = bech32Decode(identity);
  return decoded && decoded.hrp === 'age-secret-key-' && decoded.bytes.length === 32 ? decoded.bytes : null;
}

export function isAgeIdentity(text: unknown): text is string {
  return typeof text === 'string' && ageScalar(text) !== null;
}

/** a native X25519 age recipient: `age1` + bech32 of 32 bytes, lower case */
export function isAgeRecipient(text: unknown): text is string {
  if (typeof text !== 'string' || !text.startsWith('age1') || text !== text.toLowerCase()) return false;
  const decoded = bech32Decode(text);
  return decoded !== null && decoded.hrp === 'age' && decoded.bytes.length === 32;
}

/** the `age1…` recipient of an age X25519 identity; throws (without quoting it) when it is not one */
export function ageRecipientOf(identity: string): string {
  const scalar = ageScalar(identity);
  if (!scalar) throw new RangeError('not an age X25519 identity');
  const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, scalar]), format: 'der', type: 'pkcs8' });
  return bech32Encode('age', rawPublicKey(privateKey, X25519_SPKI_PREFIX));
}
