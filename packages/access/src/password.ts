/**
 * Password hashing with scrypt (RFC 7914) from node:crypto, and the password policy.
 * Parameters follow OWASP's Password Storage Cheat Sheet (N=2^15, r=8, p=1). The encoding is
 * self-describing so parameters can be raised later without breaking stored hashes:
 * `scrypt$N$r$p$<salt base64url>$<hash base64url>`.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple');
 * await verifyPassword('correct horse battery staple', stored); // true
 * ```
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
/** scrypt needs 128·N·r bytes; node's default cap (32 MiB) is exactly that, so leave headroom */
const MAX_MEM = 256 * N * R;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAX_MEM });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; malformed hashes never verify. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || n > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N: n, r, p, maxmem: 256 * n * r });
  return timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification and returns false. Call it when the user does not
 * exist, so response timing does not reveal which usernames are registered.
 */
export async function dummyVerifyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** A short list of the most common passwords of 12+ characters (lower-cased). */
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678910', 'qwertyuiop123', 'qwertyuiopasdfgh', 'password1234',
  'password12345', 'passwordpassword', 'iloveyou1234', 'administrator', 'adminadmin123', 'letmein12345',
  'welcome12345', 'changeme1234', 'qwerty123456', '111111111111', '000000000000', 'abc123456789',
  'abcdefghijkl', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'zaq12wsxcde3', 'trustno1trustno1', 'football1234',
  'baseball1234', 'superman1234', 'princess1234', 'sunshine1234', 'monkey123456', 'dragon123456',
  'correcthorsebatterystaple', 'correct horse battery staple', 'p@ssw0rd1234', 'passw0rd1234',
]);

export const MIN_PASSWORD_LENGTH = 12;

/**
 * NIST SP 800-63B §5.1.1.2: length over composition rules, and a blocklist. Returns a message
 * safe to show the user, or null when the password is acceptable.
 */
export function checkPasswordPolicy(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 1024) return 'Use at most 1024 characters.';
  const lower = password.toLowerCase();
  if (username.length > 0 && lower.includes(username.toLowerCase())) return 'The password must not contain the username.';
  if (COMMON_PASSWORDS.has(lower)) return 'This password is too common.';
  if (new Set(lower).size < 4) return 'This password is too repetitive.';
  return null;
}

/** No 0/O, 1/l/I: one-time passwords get read aloud and typed from paper. */
const OTP_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random one-time password, 20 characters in groups of 5 (`xxxxx-xxxxx-xxxxx-xxxxx`), about
 * 116 bits of entropy, unbiased (crypto `randomInt`).
 */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
