/**
 * Random secrets, digests and the API token format. Tokens are stored only as sha256 digests;
 * the secret is shown once. Comparisons of secrets run in constant time.
 *
 * @example
 * ```ts
 * const { id, secret, token } = generateApiToken();   // token = `ariadne_<id>_<secret>`
 * parseApiToken(token);                                // { id, secret }
 * ```
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two strings (false on any length difference). */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  // comparing digests keeps the comparison constant-time even when lengths differ
  return timingSafeEqual(x, y) && a.length === b.length;
}

export const API_TOKEN_PREFIX = 'ariadne_';
const TOKEN_ID = /^[0-9a-f]{24}$/;
const TOKEN_SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface ParsedApiToken {
  readonly id: string;
  readonly secret: string;
}

/** A new API token: a hex id (no `_`, so the format splits unambiguously) and a secret. */
export function generateApiToken(): ParsedApiToken & { readonly token: string } {
  const id = randomBytes(12).toString('hex');
  const secret = randomToken();
  return { id, secret, token: `${API_TOKEN_PREFIX}${id}_${secret}` };
}

/** Splits `ariadne_<id>_<secret>`; null for anything else. */
export function parseApiToken(token: string): ParsedApiToken | null {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const rest = token.slice(API_TOKEN_PREFIX.length);
  const cut = rest.indexOf('_');
  if (cut < 0) return null;
  const id = rest.slice(0, cut);
  const secret = rest.slice(cut + 1);
  return TOKEN_ID.test(id) && TOKEN_SECRET.test(secret) ? { id, secret } : null;
}

/** A fresh CSRF token (synchronizer token pattern, OWASP CSRF Prevention Cheat Sheet). */
export function generateCsrfToken(): string {
  return randomToken();
}

/** Constant-time check of the `X-CSRF-Token` header against the session's token. */
export function verifyCsrfToken(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  return safeEqual(expected, given);
}
