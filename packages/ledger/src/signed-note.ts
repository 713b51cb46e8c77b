/**
 * Signed notes (C2SP signed-note, the format of Go's `golang.org/x/mod/sumdb/note`) with Ed25519
 * keys from `node:crypto`. A note is UTF-8 text ending in a newline, a blank line, then one line
 * per signature: `— <key name> <base64(4-byte key id ‖ 64-byte signature)>`. The key id is the
 * first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). Keys are written as
 * `<name>+<hex key id>+<base64(0x01 ‖ key)>`, private ones prefixed with `PRIVATE+KEY+`.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
// DER prefixes that wrap a raw 32-byte Ed25519 seed / public key (RFC 8410)
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_SIGNATURES = 100;

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
}

export interface SignerKey extends VerifierKey {
  readonly privateKey: KeyObject;
}

function keyIdOf(name: string, rawPublicKey: Buffer): Buffer {
  return createHash('sha256').update(`${name}\n`).update(Buffer.of(ED25519)).update(rawPublicKey).digest().subarray(0, 4);
}

/** key names: non-empty, no spaces, no `+` (C2SP signed-note) */
function checkName(name: string): void {
  if (!name || /[\s+]/u.test(name) || [...name].some((c) => c.charCodeAt(0) < 0x20)) throw new Error(`"${name}" is not a valid key name`);
}

function decodeKeyMaterial(b64: string): Buffer {
  const raw = Buffer.from(b64, 'base64');
  if (raw.toString('base64') !== b64 || raw.length !== 33 || raw[0] !== ED25519) throw new Error('the key is not an Ed25519 key in base64');
  return raw.subarray(1);
}

function rawPublicKeyOf(publicKey: KeyObject): Buffer {
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** splits off `count` `+`-separated fields; the rest (base64, which may hold `+`) stays whole */
function splitFields(key: string, count: number): string[] {
  const fields: string[] = [];
  let rest = key;
  for (let i = 0; i < count; i++) {
    const cut = rest.indexOf('+');
    if (cut < 0) return [];
    fields.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  return [...fields, rest];
}

/** parses `<name>+<hex key id>+<base64 key>`; throws on anything else */
export function parseVerifierKey(vkey: string): VerifierKey {
  const [name, hexId, b64] = splitFields(vkey, 2);
  if (!name || !hexId || !b64 || !/^[0-9a-f]{8}$/.test(hexId)) throw new Error('not a verifier key (name+keyid+key)');
  checkName(name);
  const raw = decodeKeyMaterial(b64);
  const keyId = keyIdOf(name, raw);
  if (keyId.toString('hex') !== hexId) throw new Error('the key id does not match the key');
  return { name, keyId, publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) };
}

/** parses `PRIVATE+KEY+<name>+<hex key id>+<base64 seed>`; throws on anything else */
export function parseSignerKey(skey: string): SignerKey {
  const parts = splitFields(skey, 4);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new Error('not a signer key (PRIVATE+KEY+name+keyid+key)');
  const [, , name, hexId, b64] = parts as [string, string, string, string, string];
  checkName(name);
  if (!/^[0-9a-f]{8}$/.test(hexId)) throw new Error('not a signer key (bad key id)');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, decodeKeyMaterial(b64)]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(name, rawPublicKeyOf(publicKey));
  if (keyId.toString('hex') !== hexId) throw new Error('the key id does not match the key');
  return { name, keyId, publicKey, privateKey };
}

/** a new Ed25519 key pair in note format; keep `skey` secret, publish `vkey` */
export function generateNoteKeys(name: string, seed: Buffer = randomBytes(32)): { skey: string; vkey: string } {
  checkName(name);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const raw = rawPublicKeyOf(createPublicKey(privateKey));
  const hexId = keyIdOf(name, raw).toString('hex');
  return {
    skey: `PRIVATE+KEY+${name}+${hexId}+${Buffer.concat([Buffer.of(ED25519), seed]).toString('base64')}`,
    vkey: `${name}+${hexId}+${Buffer.concat([Buffer.of(ED25519), raw]).toString('base64')}`,
  };
}

/** the published form (`<name>+<hex key id>+<base64 key>`) of a key's public half */
export function verifierKeyOf(key: VerifierKey): string {
  return `${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.of(ED25519), rawPublicKeyOf(key.publicKey)]).toString('base64')}`;
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new Error('a note\'s text must end with a newline');
  if (text.includes('\n\n') || text.startsWith('\n')) throw new Error('a note\'s text must not contain blank lines');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw new Error('a note\'s text must not contain control characters');
}

/** signs `text` (which must end in a newline) with each key; returns the whole note */
export function signNote(text: string, signers: readonly SignerKey[]): string {
  checkText(text);
  const lines = signers.map((s) => {
    const signature = sign(null, Buffer.from(text, 'utf8'), s.privateKey);
    return `— ${s.name} ${Buffer.concat([s.keyId, signature]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export type OpenedNote =
  | { readonly ok: true; readonly text: string; readonly verifiedBy: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a note against known verifier keys. It opens when at least one known key signed it and
 * no signature by a known key fails; signatures by unknown keys are ignored. Never throws.
 */
export function openNote(note: string, verifiers: readonly VerifierKey[]): OpenedNote {
  if (note.length > 1_000_000) return { ok: false, reason: 'the note is too large' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'the note has no signature block' };
  const text = note.slice(0, split + 1);
  try {
    checkText(text);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) return { ok: false, reason: 'the signature block must end with a newline' };
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: 'too many signatures' };
  const verifiedBy: string[] = [];
  for (const line of lines) {
    const match = /^— (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) return { ok: false, reason: 'a signature line is malformed' };
    const [, name, b64] = match as unknown as [string, string, string];
    const raw = Buffer.from(b64, 'base64');
    if (raw.length < 5 || raw.toString('base64') !== b64) return { ok: false, reason: 'a signature is not valid base64' };
    const keyId = raw.subarray(0, 4);
    const verifier = verifiers.find((v) => v.name === name && v.keyId.equals(keyId));
    if (!verifier) continue; // someone else's signature (a witness, say): not ours to judge
    if (raw.length !== 68 || !verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, raw.subarray(4))) {
      return { ok: false, reason: `the signature of ${name} does not verify` };
    }
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) return { ok: false, reason: 'no signature by a known key' };
  return { ok: true, text, verifiedBy };
}
