/**
 * This instance's sharing identity and its partners' public ones. A local identity holds an
 * Ed25519 seed (signs manifests), an age X25519 identity (opens packages sent to us) and a
 * pseudonym secret (per-partner pseudonym keys derive from it); it lives in a versioned JSON file
 * of mode 0600 that is created once and refused when other users can read it. A partner's public
 * identity travels as a small JSON card (`ariadne-party/1`) with a fingerprint to read aloud over
 * the phone, so both sides can confirm the key out of band before trusting it. The card may also
 * carry the party's published ledger verifier key (`ledgerKey`, a C2SP verifier key), against
 * which the evidence bundles it sends are checked on receipt; it is checked for shape here (name,
 * key id matching the Ed25519 key), and has a fingerprint of its own (`ledgerKeyFingerprint`).
 *
 * No error here ever quotes key material: messages name the field that is wrong, not its value.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { AriadneError } from '@ariadne/schema/errors';
import type { LocalIdentity, PartyIdentity } from '../types.ts';
import { ageRecipientOf, decodeBase64Exact, isAgeIdentity, isAgeRecipient, isSigningKey, signingKeyOfSeed } from './keys.ts';

export const IDENTITY_FILE_FORMAT = 'ariadne-identity/1' as const;
export const PARTY_FORMAT = 'ariadne-party/1' as const;
const PSEUDONYM_SECRET_BYTES = 32;
const MAX_NAME = 200;
const MAX_IDENTITY_FILE = 64 * 1024;
/** a verifier key is a short line; anything longer is not one */
const MAX_LEDGER_KEY = 512;
/** the algorithm byte of an Ed25519 key in a C2SP verifier key */
const ED25519_ALGORITHM = 0x01;
const LEDGER_KEY_PROBLEM = 'is not a ledger verifier key (name+keyid+base64 Ed25519 key, with a key id matching the key)';

/** a party's name: 1–200 characters, trimmed, no control characters */
export function isPartyName(name: unknown): name is string {
  // eslint-disable-next-line no-control-regex
  return typeof name === 'string' && name.length > 0 && name.length <= MAX_NAME && name.trim() === name && !/[\u0000-\u001f\u007f]/u.test(name);
}

function invalid(field: string, message: string, where = 'the identity'): AriadneError {
  return new AriadneError('VALIDATION_FAILED', `${where}: ${field} ${message}`, { details: { [field]: message } });
}

function checkName(name: unknown, where: string): string {
  if (!isPartyName(name)) throw invalid('name', `must be 1–${MAX_NAME} characters without surrounding spaces or control characters`, where);
  return name;
}

/**
 * Hides the secrets from `JSON.stringify` and `console.log`/`util.inspect`, so a careless log line
 * shows only the public identity. Property access is unchanged.
 */
function guardSecrets(local: LocalIdentity): LocalIdentity {
  const shown = (): PartyIdentity => publicIdentity(local);
  Object.defineProperty(local, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(local, Symbol.for('nodejs.util.inspect.custom'), { value: shown, enumerable: false });
  return local;
}

/** a new identity, every secret from a CSPRNG */
export async function generateLocalIdentity(name: string): Promise<LocalIdentity> {
  checkName(name, 'the new identity');
  const signingSeed = new Uint8Array(randomBytes(32));
  const ageIdentity = await generateX25519Identity();
  return guardSecrets({
    name,
    signingKey: signingKeyOfSeed(signingSeed),
    ageRecipient: await identityToRecipient(ageIdentity),
    signingSeed,
    ageIdentity,
    pseudonymSecret: new Uint8Array(randomBytes(PSEUDONYM_SECRET_BYTES)),
  });
}

/**
 * Whether `value` is a C2SP signed-note verifier key `<name>+<8 hex key id>+<base64(0x01 ‖ Ed25519
 * key)>` whose key id is the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key), as the ledger
 * publishes it (`GET /api/ledger/key`). The name may hold no space, `+` or control character.
 */
export function isLedgerVerifierKey(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_LEDGER_KEY) return false;
  // the name and the key id hold no `+`; the base64 key may
  const first = value.indexOf('+');
  const second = value.indexOf('+', first + 1);
  if (first < 0 || second < 0) return false;
  const [name, hexId, b64] = [value.slice(0, first), value.slice(first + 1, second), value.slice(second + 1)];
  // eslint-disable-next-line no-control-regex
  if (name === '' || /[\s\u0000-\u001f\u007f]/u.test(name) || !/^[0-9a-f]{8}$/.test(hexId)) return false;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519_ALGORITHM || raw.toString('base64') !== b64) return false;
  return createHash('sha256').update(`${name}\n`).update(raw).digest().subarray(0, 4).toString('hex') === hexId;
}

/**
 * The fingerprint an organisation publishes for its ledger key: hex SHA-256 of the verifier key
 * string (UTF-8, no newline), the same the evidence verifier prints for a bundle's key.
 */
export function ledgerKeyFingerprint(ledgerKey: string): string {
  return createHash('sha256').update(ledgerKey, 'utf8').digest('hex');
}

/** the part of an identity a partner may know (the keys a package names; the ledger key stays on the card) */
export function publicIdentity(identity: PartyIdentity): PartyIdentity {
  return { name: identity.name, signingKey: identity.signingKey, ageRecipient: identity.ageRecipient };
}

/** first 16 bytes of SHA-256 of the raw signing key, as 8 groups of 4 hex digits, for reading aloud */
export function fingerprint(identity: Pick<PartyIdentity, 'signingKey'>): string {
  const raw = decodeBase64Exact(identity.signingKey, 32);
  if (!raw) throw invalid('signingKey', 'is not a base64 Ed25519 public key of 32 bytes');
  const hex = createHash('sha256').update(raw).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

/** the identity file's text: versioned JSON (keep it private: it holds every secret) */
export function formatIdentityFile(local: LocalIdentity): string {
  const file = {
    format: IDENTITY_FILE_FORMAT,
    note: 'Secret keys of this Ariadne instance for information sharing. Keep private (mode 0600); never send this file.',
    name: local.name,
    signingKey: local.signingKey,
    ageRecipient: local.ageRecipient,
    signingSeed: Buffer.from(local.signingSeed).toString('base64'),
    ageIdentity: local.ageIdentity,
    pseudonymSecret: Buffer.from(local.pseudonymSecret).toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const IDENTITY_FIELDS = new Set(['format', 'note', 'name', 'signingKey', 'ageRecipient', 'signingSeed', 'ageIdentity', 'pseudonymSecret']);

/** parses and checks an identity file: public keys must be those of the secrets it holds */
export function parseIdentityFile(text: string): LocalIdentity {
  if (typeof text !== 'string' || text.length > MAX_IDENTITY_FILE) throw new AriadneError('MALFORMED_INPUT', 'the identity file is not a text of at most 64 KiB');
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: it could be a key
    throw new AriadneError('MALFORMED_INPUT', 'the identity file is not valid JSON');
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new AriadneError('MALFORMED_INPUT', 'the identity file is not a JSON object');
  const record = file as Record<string, unknown>;
  if (record.format !== IDENTITY_FILE_FORMAT) throw invalid('format', `must be "${IDENTITY_FILE_FORMAT}"`, 'the identity file');
  const unknown = Object.keys(record).filter((key) => !IDENTITY_FIELDS.has(key));
  if (unknown.length > 0) throw invalid(unknown[0]!, 'is not a field of an identity file', 'the identity file');
  const name = checkName(record.name, 'the identity file');
  const signingSeed = decodeBase64Exact(record.signingSeed as string, 32);
  if (!signingSeed) throw invalid('signingSeed', 'is not 32 bytes in base64', 'the identity file');
  const pseudonymSecret = typeof record.pseudonymSecret === 'string' ? Buffer.from(record.pseudonymSecret, 'base64') : null;
  if (!pseudonymSecret || pseudonymSecret.length < PSEUDONYM_SECRET_BYTES || pseudonymSecret.toString('base64') !== record.pseudonymSecret) {
    throw invalid('pseudonymSecret', `is not at least ${PSEUDONYM_SECRET_BYTES} bytes in base64`, 'the identity file');
  }
  if (!isAgeIdentity(record.ageIdentity)) throw invalid('ageIdentity', 'is not an age X25519 identity (AGE-SECRET-KEY-1…)', 'the identity file');
  const signingKey = signingKeyOfSeed(signingSeed);
  if (record.signingKey !== signingKey) throw invalid('signingKey', 'is not the public key of signingSeed', 'the identity file');
  const ageRecipient = ageRecipientOf(record.ageIdentity);
  if (record.ageRecipient !== ageRecipient) throw invalid('ageRecipient', 'is not the recipient of ageIdentity', 'the identity file');
  return guardSecrets({
    name, signingKey, ageRecipient,
    signingSeed: new Uint8Array(signingSeed), ageIdentity: record.ageIdentity, pseudonymSecret: new Uint8Array(pseudonymSecret),
  });
}

/**
 * Reads the identity file, or creates it (mode 0600, never overwriting) when there is none. A file
 * other users can read is refused rather than used. `name` is used only when the file is created.
 */
export async function loadOrCreateIdentityFile(path: string, name: string): Promise<{ identity: LocalIdentity; created: boolean }> {
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0) {
      throw new AriadneError('VALIDATION_FAILED', `${path} can be read by other users; make it private (chmod 600) before using it`, { details: { path: 'is readable by other users' } });
    }
    const text = await readFile(path, 'utf8');
    try {
      return { identity: parseIdentityFile(text), created: false };
    } catch (error) {
      if (error instanceof AriadneError) throw new AriadneError(error.code, `${path}: ${error.message}`, error.details ? { details: { ...error.details } } : {});
      throw error;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const identity = await generateLocalIdentity(name);
  try {
    await writeFile(path, formatIdentityFile(identity), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another process created it first: use theirs
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateIdentityFile(path, name);
    throw new AriadneError('INTERNAL', `cannot create the identity file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { identity, created: true };
}

/**
 * The JSON card a partner registers: `{ format, name, signingKey, ageRecipient, fingerprint }`, and
 * `ledgerKey` when the identity has one (an instance that signs ledger checkpoints).
 */
export function formatPartyIdentity(identity: PartyIdentity): string {
  if (identity.ledgerKey !== undefined && !isLedgerVerifierKey(identity.ledgerKey)) throw invalid('ledgerKey', LEDGER_KEY_PROBLEM);
  const card = {
    format: PARTY_FORMAT,
    name: identity.name,
    signingKey: identity.signingKey,
    ageRecipient: identity.ageRecipient,
    fingerprint: fingerprint(identity),
    ...(identity.ledgerKey === undefined ? {} : { ledgerKey: identity.ledgerKey }),
  };
  return `${JSON.stringify(card, null, 2)}\n`;
}

const PARTY_FIELDS = new Set(['format', 'name', 'signingKey', 'ageRecipient', 'fingerprint', 'ledgerKey']);

/**
 * A partner's public identity from what they pasted or uploaded: the card of
 * `formatPartyIdentity` (as text or parsed JSON) or a bare `{ name, signingKey, ageRecipient }`.
 * A fingerprint, when present, must match the key (it catches a key mangled in transit). A
 * `ledgerKey`, when present (null or absent: none), must be a verifier key; it is kept as given.
 */
export function parsePartyIdentity(json: unknown): PartyIdentity {
  const where = 'the partner identity';
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new AriadneError('MALFORMED_INPUT', `${where} is not valid JSON`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AriadneError('MALFORMED_INPUT', `${where} is not a JSON object`);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !PARTY_FIELDS.has(key));
  if (unknown.length > 0) throw invalid(unknown[0]!, 'is not a field of a partner identity', where);
  if (record.format !== undefined && record.format !== PARTY_FORMAT) throw invalid('format', `must be "${PARTY_FORMAT}"`, where);
  const name = checkName(record.name, where);
  if (!isSigningKey(record.signingKey)) throw invalid('signingKey', 'is not a base64 Ed25519 public key of 32 bytes', where);
  if (!isAgeRecipient(record.ageRecipient)) throw invalid('ageRecipient', 'is not an age X25519 recipient (age1…) with a valid checksum', where);
  const identity = { name, signingKey: record.signingKey, ageRecipient: record.ageRecipient };
  if (record.fingerprint !== undefined) {
    const given = typeof record.fingerprint === 'string' ? record.fingerprint.replace(/[\s:]/g, '').toLowerCase() : '';
    if (given !== fingerprint(identity).replace(/ /g, '')) throw invalid('fingerprint', 'does not match the signing key', where);
  }
  if (record.ledgerKey === undefined || record.ledgerKey === null) return identity;
  if (!isLedgerVerifierKey(record.ledgerKey)) throw invalid('ledgerKey', LEDGER_KEY_PROBLEM, where);
  return { ...identity, ledgerKey: record.ledgerKey };
}
