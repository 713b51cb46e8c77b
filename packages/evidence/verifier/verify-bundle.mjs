#!/usr/bin/env node
// @ts-check
/**
 * verify-bundle.mjs: checks an Ariadne evidence bundle with nothing but Node.js (18 or later).
 *
 * One file, no dependencies, no network, no database. It re-implements on purpose everything it
 * relies on, so that an expert can read this one file against the published standards and needs
 * to trust nothing else of Ariadne:
 *   - reading a POSIX tar archive (ustar, with pax extended headers), refusing anything unsafe;
 *   - SHA-256 of every file while streaming (node:crypto, which is OpenSSL);
 *   - canonical JSON and the journal's canonical entries and RFC 6962 leaf hashes;
 *   - RFC 9162 §2.1.3.2 Merkle inclusion proofs;
 *   - C2SP signed notes (Ed25519) and C2SP tlog checkpoints.
 * The algorithm is described step by step in bundle-format.md, which ships with the source.
 *
 * Usage:  node verify-bundle.mjs BUNDLE.tar [--key VERIFIER-KEY-or-FILE] [--json]
 *         (BUNDLE.tar may be "-" for standard input)
 * Exit:   0 the bundle is intact; 1 it is not (every problem is listed); 2 usage error or
 *         unreadable input.
 * Import: const { ok, problems, summary } = await verifyBundle('bundle.tar', { key });
 */
import { createHash, createPublicKey, verify as verifyEd25519 } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FORMAT = 'ariadne-evidence-bundle';
export const VERSION = 1;

/** hard limits; anything beyond them is refused before it can cost time or memory */
export const LIMITS = Object.freeze({
  /** tar headers (files, directories, pax headers) */
  entries: 100_000,
  /** bundle.json */
  manifestBytes: 64 * 1024 * 1024,
  /** checkpoint.txt, log.vkey and bundle.sig */
  smallFileBytes: 1024 * 1024,
  /** one pax extended header */
  paxBytes: 64 * 1024,
  /** problems listed; the rest are counted */
  problems: 1000,
  /** hashes in one inclusion proof (a tree of 2^64 leaves needs 64) */
  proofLength: 64,
  /** nesting of JSON values in details */
  jsonDepth: 64,
});

/** the names a bundle may contain besides its evidence files under files/ */
export const FIXED_FILES = Object.freeze({
  manifest: 'bundle.json',
  checkpoint: 'checkpoint.txt',
  key: 'log.vkey',
  signature: 'bundle.sig',
});

/**
 * The text the log key signs (a C2SP signed note, bundle.sig) so that every byte of bundle.json
 * is bound to the key, including what the log cannot vouch for: the case name and the hashes of
 * the report, the README and the verifier copy.
 * @param {string} bundleId
 * @param {string} manifestSha256 hex SHA-256 of the exact bytes of bundle.json
 */
export function manifestSignatureText(bundleId, manifestSha256) {
  return `${FORMAT}/v${VERSION}\n${bundleId}\n${manifestSha256}\n`;
}
/** files listed with their hashes in bundle.json's `attachments` */
export const ATTACHMENTS = Object.freeze(['custody-report.html', 'README.txt', 'verify-bundle.mjs']);

const READ_CHUNK = 4 * 1024 * 1024;
const BLOCK = 512;
const ZERO_BLOCK = Buffer.alloc(BLOCK);
const HEX64 = /^[0-9a-f]{64}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KIND = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * @typedef {'empty' | 'compressed-archive' | 'not-a-tar' | 'bad-header' | 'bad-header-checksum' | 'truncated'
 *   | 'too-many-entries' | 'unsafe-name' | 'unsupported-entry' | 'duplicate-name' | 'bad-padding' | 'trailing-data'
 *   | 'manifest-missing' | 'manifest-too-large' | 'manifest-invalid' | 'unexpected-file' | 'missing-file'
 *   | 'file-size-mismatch' | 'file-hash-mismatch' | 'attachment-mismatch' | 'key-invalid' | 'key-mismatch' | 'wrong-key'
 *   | 'checkpoint-mismatch' | 'checkpoint-invalid' | 'checkpoint-signature' | 'origin-mismatch'
 *   | 'event-invalid' | 'event-order' | 'event-duplicate' | 'entry-invalid' | 'seq-mismatch' | 'leaf-hash-mismatch'
 *   | 'details-invalid' | 'details-hash-mismatch' | 'case-mismatch' | 'proof-invalid' | 'event-after-export'
 *   | 'event-foreign' | 'event-missing' | 'chain-broken' | 'intake-missing' | 'item-invalid' | 'item-mismatch'
 *   | 'item-events' | 'layout' | 'export-missing' | 'export-mismatch' | 'item-missing'} ProblemCode
 * @typedef {{ code: ProblemCode, message: string, path?: string, seq?: number, item?: string }} Problem
 * @typedef {{ name: string, keyId: Buffer, publicKey: import('node:crypto').KeyObject, text: string }} VerifierKey
 * @typedef {{ origin: string, size: number, root: Buffer }} Checkpoint
 * @typedef {{ size: number, sha256: string }} FileFact
 * @typedef {{ name: string, type: 'file' | 'directory', size: number }} TarEntry
 * @typedef {{ update(chunk: Buffer): void, end(): void }} EntrySink
 * @typedef {{ name: string, keyId: string, fingerprint: string, verifierKey: string }} KeySummary
 * @typedef {{
 *   bytes: number, entries: number, bundleId: string | null, createdAt: string | null,
 *   case: { id: string | null, name: string | null } | null, purpose: string | null, recipient: string | null,
 *   log: { origin: string, treeSize: number, rootHash: string } | null,
 *   key: KeySummary | null, bundleKey: KeySummary | null, keySource: 'bundle' | 'option' | null,
 *   items: number, events: number, fileBytes: number,
 *   verifier: { self: string | null, bundled: string | null }, moreProblems: number
 * }} Summary
 * @typedef {{ ok: boolean, problems: Problem[], summary: Summary }} Verification
 */

// ---------------------------------------------------------------------------------------------
// Problems and safe display

class Problems {
  /** @type {Problem[]} */
  list = [];
  dropped = 0;
  /**
   * @param {ProblemCode} code
   * @param {string} message
   * @param {{ path?: string, seq?: number, item?: string }} [where]
   */
  add(code, message, where = {}) {
    if (this.list.length < LIMITS.problems) this.list.push({ code, message, ...where });
    else this.dropped += 1;
  }
  /** @param {ProblemCode} code */
  has(code) {
    return this.list.some((p) => p.code === code);
  }
}

/**
 * A value from the bundle, made safe to print: plain when it is short printable ASCII, else as a
 * JSON string (so no terminal escape sequence or control character reaches the screen).
 * @param {unknown} value
 */
function show(value) {
  let s;
  try {
    s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    s = '(a value too deeply nested to print)';
  }
  const cut = s.length > 200 ? `${s.slice(0, 200)}…` : s;
  return /^[\x20-\x7e]*$/.test(cut) && cut !== '' ? cut : JSON.stringify(cut);
}

// ---------------------------------------------------------------------------------------------
// Hashing and canonical forms

/** up to ten values for a message, then how many more @param {readonly unknown[]} values */
function showList(values) {
  return `${values.slice(0, 10).map(show).join(', ')}${values.length > 10 ? ` and ${values.length - 10} more` : ''}`;
}

/** @param {Uint8Array | string} data */
function sha256(data) {
  return createHash('sha256').update(data).digest();
}

/**
 * JSON with object keys sorted (JavaScript's default string order), arrays in order, no
 * whitespace: the form whose SHA-256 is a custody event's contentHash.
 * @param {unknown} value
 * @param {number} [depth]
 * @returns {string}
 */
export function canonicalJson(value, depth = 0) {
  if (depth > LIMITS.jsonDepth) throw new RangeError(`nested deeper than ${LIMITS.jsonDepth} levels`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  const object = /** @type {Record<string, unknown>} */ (value);
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k], depth + 1)}`).join(',')}}`;
}

/** RFC 6962 §2.1: the leaf hash of a journal entry, SHA-256(0x00 ‖ entry) @param {string} entry */
export function leafHashOf(entry) {
  return createHash('sha256').update(Buffer.of(0)).update(entry, 'utf8').digest('hex');
}

/** @param {Buffer} left @param {Buffer} right */
function hashChildren(left, right) {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/**
 * RFC 9162 §2.1.3.2: does `proof` lead from the leaf at `index` to `root` of a tree of `size`?
 * @param {{ leaf: Buffer, index: number, size: number, root: Buffer }} claim
 * @param {readonly Buffer[]} proof
 */
export function verifyInclusion(claim, proof) {
  const { leaf, index, size, root } = claim;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const half = () => {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  };
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) half();
    } else {
      r = hashChildren(r, p);
    }
    half();
  }
  return sn === 0 && r.equals(root);
}

// ---------------------------------------------------------------------------------------------
// Keys, signed notes (C2SP signed-note) and checkpoints (C2SP tlog-checkpoint)

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Parses `<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte Ed25519 public key)>`; the key id must be
 * the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). Throws on anything else.
 * @param {string} text
 * @returns {VerifierKey}
 */
export function parseVerifierKey(text) {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new Error('not a verifier key (expected name+keyid+key)');
  const name = text.slice(0, first);
  const hexId = text.slice(first + 1, second);
  const b64 = text.slice(second + 1);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (!name || /[\s+]/u.test(name) || /[\u0000-\u001f\u007f]/u.test(name)) throw new Error('the key name is not valid');
  if (!/^[0-9a-f]{8}$/.test(hexId)) throw new Error('the key id is not 8 lowercase hex digits');
  const raw = Buffer.from(b64, 'base64');
  if (raw.toString('base64') !== b64 || raw.length !== 33 || raw[0] !== 0x01) throw new Error('the key is not an Ed25519 key in base64');
  const keyId = createHash('sha256').update(`${name}\n`).update(raw).digest().subarray(0, 4);
  if (keyId.toString('hex') !== hexId) throw new Error('the key id does not match the key');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw.subarray(1)]), format: 'der', type: 'spki' });
  return { name, keyId, publicKey, text };
}

/**
 * The fingerprint an organisation publishes for its log key: hex SHA-256 of the verifier key
 * string (UTF-8, no newline). Shell: printf '%s' "$(cat log.vkey)" | sha256sum
 * @param {string} verifierKey
 */
export function keyFingerprint(verifierKey) {
  return sha256(verifierKey).toString('hex');
}

/** @param {VerifierKey} key @returns {KeySummary} */
function keySummary(key) {
  return { name: key.name, keyId: key.keyId.toString('hex'), fingerprint: keyFingerprint(key.text), verifierKey: key.text };
}

/**
 * Opens a signed note with one key: the text (ending in a newline, without blank lines), a blank
 * line, then signature lines `— <name> <base64(key id ‖ signature)>`. Signatures by other keys
 * (witnesses) are ignored; the one by `key` must be present and verify.
 * @param {string} note
 * @param {VerifierKey} key
 * @returns {{ ok: boolean, text: string | null, reason: string }}
 */
export function openNote(note, key) {
  const split = note.lastIndexOf('\n\n');
  if (note.length > 1_000_000 || split < 0) return { ok: false, text: null, reason: 'it is not a signed note (no signature block)' };
  const text = note.slice(0, split + 1);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (text.startsWith('\n') || text.includes('\n\n') || /[\u0000-\u0009\u000b-\u001f\u007f]/u.test(text)) {
    return { ok: false, text: null, reason: 'the note text has blank lines or control characters' };
  }
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) return { ok: false, text, reason: 'the signature block does not end with a newline' };
  let found = false;
  for (const line of block.slice(0, -1).split('\n')) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) return { ok: false, text, reason: 'a signature line is malformed' };
    const raw = Buffer.from(match[2] ?? '', 'base64');
    if (raw.length < 5 || raw.toString('base64') !== match[2]) return { ok: false, text, reason: 'a signature is not valid base64' };
    if (match[1] !== key.name || !raw.subarray(0, 4).equals(key.keyId)) continue;
    found = true;
    if (raw.length !== 68 || !verifyEd25519(null, Buffer.from(text, 'utf8'), key.publicKey, raw.subarray(4))) {
      return { ok: false, text, reason: 'the signature does not match the signed text (the text or the signature was changed)' };
    }
  }
  if (!found) return { ok: false, text, reason: `the note carries no signature by key ${key.name}+${key.keyId.toString('hex')}` };
  return { ok: true, text, reason: '' };
}

/**
 * A checkpoint body: origin, tree size in decimal, root hash in base64, one per line, then
 * optional extension lines. Null when it is not one.
 * @param {string} text
 * @returns {Checkpoint | null}
 */
export function parseCheckpoint(text) {
  if (!text.endsWith('\n')) return null;
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (!origin || !size || !root || !/^(0|[1-9][0-9]{0,15})$/.test(size) || extensions.some((e) => e === '')) return null;
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root || !Number.isSafeInteger(Number(size))) return null;
  return { origin, size: Number(size), root: rootBytes };
}

// ---------------------------------------------------------------------------------------------
// The documented layout of evidence files

/**
 * A name segment safe on every file system: each code point outside A–Z a–z 0–9 . _ - becomes
 * "_", leading dots become "_", at most `max` characters (keeping an extension of up to 16).
 * @param {string} value
 * @param {number} max
 */
export function safeSegment(value, max) {
  let out = value.normalize('NFC').replace(/[^A-Za-z0-9._-]/gu, '_').replace(/^\.+/u, (dots) => '_'.repeat(dots.length));
  if (out.length > max) {
    const dot = out.lastIndexOf('.');
    const ext = dot > 0 && out.length - dot <= 16 ? out.slice(dot) : '';
    out = out.slice(0, max - ext.length) + ext;
  }
  return out || 'file';
}

/**
 * Where an item's file lives in a bundle: files/<safe item id>/<first 16 hex of SHA-256>-<safe filename>
 * @param {{ id: string, sha256: string, filename: string | null }} item
 */
export function itemFilePath(item) {
  return `files/${safeSegment(item.id, 64)}/${item.sha256.slice(0, 16)}-${safeSegment(item.filename ?? 'file', 64)}`;
}

// ---------------------------------------------------------------------------------------------
// Tar reading: one pass, nothing extracted, nothing decompressed

const COMPRESSED = /** @type {const} */ ([
  ['gzip', [0x1f, 0x8b]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]],
  ['zip', [0x50, 0x4b, 0x07, 0x08]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['rar', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
]);

/** @param {Buffer} bytes */
function compressedKind(bytes) {
  for (const [kind, magic] of COMPRESSED) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return kind;
  }
  return null;
}

/** @type {Record<string, string>} */
const ENTRY_KINDS = {
  1: 'a hard link', 2: 'a symbolic link', 3: 'a character device', 4: 'a block device', 6: 'a FIFO', 7: 'a contiguous file',
  g: 'a global pax header', L: 'a GNU long name', K: 'a GNU long link name', S: 'a GNU sparse file', V: 'a volume label',
};

/** strict UTF-8: invalid bytes throw, and a byte-order mark stays (so it cannot slip in unnoticed) */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Why a member name is refused, or null when it is acceptable as a relative path.
 * @param {string} name
 * @param {boolean} isDirectory
 */
function unsafeName(name, isDirectory) {
  if (name === '') return 'the name is empty';
  if (name.includes('\0')) return 'the name contains a NUL byte';
  if (name.includes('\\')) return 'the name contains a backslash (a Windows path separator)';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/u.test(name)) return 'the name contains a control character';
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (/^[A-Za-z]:/u.test(name)) return 'the name starts with a drive letter';
  const parts = (isDirectory && name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (parts.includes('..')) return 'the name has a ".." component (path traversal)';
  if (parts.some((p) => p === '' || p === '.')) return 'the name has an empty or "." component';
  return null;
}

/**
 * A push parser: `feed` it the archive's bytes in any chunking, then `finish`. It calls
 * `onEntry` for each regular file and directory with a safe name; the returned sink receives the
 * file's bytes. Every refusal becomes a problem; a problem that leaves the rest of the archive
 * unreadable stops the parser (`stopped`).
 */
class TarReader {
  /**
   * @param {Problems} problems
   * @param {(entry: TarEntry) => EntrySink | null} onEntry
   * @param {number | null} totalSize the archive's size when known (a file), to refuse impossible sizes at once
   */
  constructor(problems, onEntry, totalSize) {
    this.problems = problems;
    this.onEntry = onEntry;
    this.totalSize = totalSize;
    /** @type {'header' | 'data' | 'padding' | 'end' | 'stopped'} */
    this.state = 'header';
    this.header = Buffer.alloc(BLOCK);
    this.headerFill = 0;
    this.offset = 0;
    this.entries = 0;
    this.sawZeroBlock = false;
    this.ended = false;
    this.remaining = 0;
    this.padding = 0;
    /** @type {EntrySink | null} */
    this.sink = null;
    /** @type {TarEntry | null} */
    this.current = null;
    /** @type {Buffer[] | null} the body of a pax header being read */
    this.paxParts = null;
    /** @type {{ path?: string, size?: number } | null} overrides for the next entry */
    this.pax = null;
    /** @type {Set<string>} */
    this.names = new Set();
  }

  /** @param {ProblemCode} code @param {string} message @param {string} [path] */
  stop(code, message, path) {
    this.problems.add(code, message, path === undefined ? {} : { path });
    this.state = 'stopped';
  }

  /** @param {Buffer} chunk */
  feed(chunk) {
    let i = 0;
    while (i < chunk.length && this.state !== 'stopped') {
      if (this.state === 'header') {
        const n = Math.min(BLOCK - this.headerFill, chunk.length - i);
        chunk.copy(this.header, this.headerFill, i, i + n);
        this.headerFill += n;
        i += n;
        this.offset += n;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.onHeader();
        }
      } else if (this.state === 'data') {
        const n = Math.min(this.remaining, chunk.length - i);
        const part = chunk.subarray(i, i + n);
        this.sink?.update(part);
        this.paxParts?.push(Buffer.from(part));
        this.remaining -= n;
        i += n;
        this.offset += n;
        if (this.remaining === 0) this.endData();
      } else if (this.state === 'padding') {
        const n = Math.min(this.padding, chunk.length - i);
        if (!isZero(chunk, i, i + n)) {
          this.problems.add('bad-padding', `${show(this.current?.name)}: the padding after its data is not zero bytes (something was hidden there)`, { path: this.current?.name ?? '' });
        }
        this.padding -= n;
        i += n;
        this.offset += n;
        if (this.padding === 0) this.state = 'header';
      } else {
        // after the end-of-archive marker only zero bytes may follow (tar pads to its record size)
        const n = chunk.length - i;
        if (!isZero(chunk, i, chunk.length)) {
          this.stop('trailing-data', `there are data after the end-of-archive marker (at byte ${this.offset}); an appended file would be hidden there`);
        }
        i += n;
        this.offset += n;
      }
    }
  }

  onHeader() {
    const h = this.header;
    const first = this.offset === BLOCK;
    if (first) {
      const kind = compressedKind(h);
      if (kind) return this.stop('compressed-archive', `this is a ${kind} archive; an Ariadne bundle is a plain (uncompressed) tar, so nothing in it was decompressed or read`);
    }
    if (h.equals(ZERO_BLOCK)) {
      if (this.pax) return this.stop('bad-header', 'a pax extended header is not followed by the entry it describes');
      if (this.sawZeroBlock) {
        this.state = 'end';
        this.ended = true;
      }
      this.sawZeroBlock = true;
      return undefined;
    }
    if (this.sawZeroBlock) {
      this.problems.add('bad-header', `a lone zero block at byte ${this.offset - 2 * BLOCK} ends the archive for most tar programs, yet more entries follow`);
      this.sawZeroBlock = false;
    }
    this.entries += 1;
    if (this.entries > LIMITS.entries) {
      return this.stop('too-many-entries', `the archive has more than ${LIMITS.entries} entries; a bundle never has that many, so reading stopped`);
    }
    let sum = 0;
    for (let k = 0; k < BLOCK; k++) sum += k >= 148 && k < 156 ? 0x20 : /** @type {number} */ (h[k]);
    const stored = octal(h, 148, 8);
    const magic = h.toString('latin1', 257, 265);
    const posix = magic === 'ustar\u000000';
    if (stored !== sum || (!posix && magic !== 'ustar  \u0000')) {
      if (first) return this.stop('not-a-tar', 'this is not a tar archive (its first block is not a valid tar header); an Ariadne bundle is a plain tar');
      return this.stop(stored !== sum ? 'bad-header-checksum' : 'bad-header', `the tar header at byte ${this.offset - BLOCK} is damaged (${stored !== sum ? 'its checksum does not match' : 'it has no ustar magic'}); the archive cannot be read past it`);
    }
    const type = String.fromCharCode(/** @type {number} */ (h[156]));
    let name = field(h, 0, 100);
    const prefix = posix ? field(h, 345, 155) : '';
    let size = octal(h, 124, 12);
    if (name === null || prefix === null) {
      name = null;
    } else if (prefix) {
      name = `${prefix}/${name}`;
    }
    if (this.pax) {
      if (this.pax.path !== undefined) name = this.pax.path;
      if (this.pax.size !== undefined) size = this.pax.size;
      this.pax = null;
    }
    if (size === null || size < 0) {
      return this.stop('bad-header', `the tar header at byte ${this.offset - BLOCK} has an unreadable size (sizes of 8 GiB and more are written in a pax header)`);
    }
    if (this.totalSize !== null && this.offset + size > this.totalSize) {
      return this.stop('truncated', `${show(name ?? '(unnamed)')} declares ${size} bytes, but the archive ends ${this.totalSize - this.offset} bytes later: it is truncated or the size is forged`, name ?? undefined);
    }
    this.current = { name: name ?? '', type: type === '5' ? 'directory' : 'file', size };
    this.sink = null;
    this.paxParts = null;
    if (type === 'x') {
      if (size > LIMITS.paxBytes) return this.stop('bad-header', `a pax extended header of ${size} bytes is larger than ${LIMITS.paxBytes}`);
      this.paxParts = [];
      this.current.name = '(pax header)';
    } else if (name === null) {
      this.problems.add('unsafe-name', `the entry at byte ${this.offset - BLOCK} is refused: its name has bytes after a NUL or is not valid UTF-8`);
    } else if (type !== '0' && type !== '\0' && type !== '5') {
      this.problems.add('unsupported-entry', `${show(name)}: refused: it is ${ENTRY_KINDS[type] ?? `an entry of unknown type ${show(type)}`}; a bundle holds only regular files and directories`, { path: name });
    } else {
      const why = unsafeName(name, type === '5');
      const key = type === '5' ? name.replace(/\/$/u, '') : name;
      if (why) {
        this.problems.add('unsafe-name', `${show(name)}: refused: ${why}`, { path: name });
      } else if (this.names.has(key)) {
        this.problems.add('duplicate-name', `${show(name)}: appears twice in the archive; extracting it would silently replace the first copy`, { path: name });
      } else {
        this.names.add(key);
        this.sink = this.onEntry({ ...this.current, name: key });
      }
    }
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.endData();
    else this.state = 'data';
    return undefined;
  }

  endData() {
    this.sink?.end();
    this.sink = null;
    if (this.paxParts) {
      const overrides = parsePax(Buffer.concat(this.paxParts));
      this.paxParts = null;
      if (!overrides) return this.stop('bad-header', 'a pax extended header is malformed');
      this.pax = overrides;
    }
    this.state = this.padding > 0 ? 'padding' : 'header';
    return undefined;
  }

  finish() {
    if (this.state === 'stopped' || this.state === 'end') return;
    if (this.offset === 0) {
      this.problems.add('empty', 'the file is empty; an Ariadne bundle is a tar archive');
    } else if (this.offset < BLOCK) {
      const kind = compressedKind(this.header.subarray(0, this.headerFill));
      if (kind) this.problems.add('compressed-archive', `this is a ${kind} archive; an Ariadne bundle is a plain (uncompressed) tar, so nothing in it was decompressed or read`);
      else this.problems.add('not-a-tar', `this is not a tar archive (only ${this.offset} bytes, less than one tar block)`);
    } else if (this.state === 'data' || this.state === 'padding') {
      const name = this.current?.name ?? '';
      this.problems.add('truncated', `the archive is truncated: ${show(name)} declares ${this.current?.size} bytes but the archive ends ${this.state === 'data' ? `after ${(this.current?.size ?? 0) - this.remaining} of them` : 'inside its padding'}`, { path: name });
    } else if (this.headerFill > 0) {
      this.problems.add('truncated', `the archive is truncated: it ends inside a tar header at byte ${this.offset - this.headerFill}`);
    } else {
      this.problems.add('truncated', 'the archive is truncated: it ends without the end-of-archive marker (two zero blocks), so entries may be missing');
    }
    this.state = 'stopped';
  }
}

/** @param {Buffer} b @param {number} from @param {number} to */
function isZero(b, from, to) {
  for (let k = from; k < to; k++) if (b[k] !== 0) return false;
  return true;
}

/**
 * A NUL-terminated text field; null when bytes follow the first NUL or it is not UTF-8.
 * @param {Buffer} h @param {number} at @param {number} length
 */
function field(h, at, length) {
  const bytes = h.subarray(at, at + length);
  const nul = bytes.indexOf(0);
  const end = nul < 0 ? length : nul;
  if (nul >= 0 && !isZero(bytes, nul, length)) return null;
  try {
    return utf8.decode(bytes.subarray(0, end));
  } catch {
    return null;
  }
}

/**
 * An octal number field (digits, then NUL or spaces); null when malformed or in GNU base-256.
 * @param {Buffer} h @param {number} at @param {number} length
 */
function octal(h, at, length) {
  const text = h.toString('latin1', at, at + length).replace(/[\0 ]+$/u, '').replace(/^ +/u, '');
  if (!/^[0-7]{1,12}$/u.test(text)) return text === '' ? 0 : null;
  return parseInt(text, 8);
}

/**
 * pax records "<length> <key>=<value>\n"; only `path` and `size` matter here.
 * @param {Buffer} body
 * @returns {{ path?: string, size?: number } | null}
 */
function parsePax(body) {
  /** @type {{ path?: string, size?: number }} */
  const out = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const lengthText = space < 0 ? '' : body.toString('latin1', at, space);
    if (!/^[1-9][0-9]{0,5}$/u.test(lengthText)) return null;
    const end = at + Number(lengthText);
    if (end > body.length || body[end - 1] !== 0x0a) return null;
    let record;
    try {
      record = utf8.decode(body.subarray(space + 1, end - 1));
    } catch {
      return null;
    }
    const eq = record.indexOf('=');
    if (eq < 1) return null;
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.path = value;
    if (key === 'size') {
      if (!/^(0|[1-9][0-9]{0,15})$/u.test(value) || !Number.isSafeInteger(Number(value))) return null;
      out.size = Number(value);
    }
    at = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading the input

/**
 * A file's bytes in large chunks, reading the next chunk while the caller hashes the current one
 * (two buffers, reused: no allocation per chunk). Each chunk is valid until the next is asked for.
 * @param {import('node:fs/promises').FileHandle} handle
 * @returns {AsyncGenerator<Buffer>}
 */
async function* fileChunks(handle) {
  let current = Buffer.allocUnsafe(READ_CHUNK);
  let next = Buffer.allocUnsafe(READ_CHUNK);
  let position = 0;
  /** @type {Promise<{ bytesRead: number }> | null} */
  let pending = handle.read(current, 0, READ_CHUNK, position);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) return;
      position += bytesRead;
      pending = handle.read(next, 0, READ_CHUNK, position);
      yield current.subarray(0, bytesRead);
      [current, next] = [next, current];
    }
  } finally {
    if (pending) await pending.catch(() => undefined);
  }
}

/** @param {unknown} chunk */
function asBuffer(chunk) {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('the bundle stream must yield bytes (Buffer or Uint8Array), not text');
}

// ---------------------------------------------------------------------------------------------
// Checking the manifest against the log, the checkpoint and the files

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v @returns {v is string} */
const isHex64 = (v) => typeof v === 'string' && HEX64.test(v);
/** @param {unknown} v @returns {v is number} */
const isSeq = (v) => Number.isSafeInteger(v) && /** @type {number} */ (v) >= 1;
/** @param {unknown} v @returns {v is string | null} */
const isTextOrNull = (v) => v === null || typeof v === 'string';

/** @param {unknown} a @param {unknown} b */
function sameJson(a, b) {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

const MANIFEST_FIELDS = ['format', 'version', 'bundleId', 'createdAt', 'case', 'purpose', 'recipient', 'log', 'checkpoint', 'exportSeq', 'items', 'events', 'attachments'];
const EVENT_FIELDS = ['seq', 'entry', 'leafHash', 'details', 'proof'];
/** item fields that are the bundle's own, not copies of the intake record */
const ITEM_OWN_FIELDS = ['id', 'path', 'eventSeqs'];
/** intake details that are chain bookkeeping, not item properties */
const INTAKE_BOOKKEEPING = ['v', 'kind', 'item', 'prev', 'purpose'];

/**
 * An event as the checks see it. `seq` is the one inside the hashed entry (the manifest's own
 * `seq` is a label, checked against it); `leaf` is recomputed, `claimedLeaf` is the manifest's.
 * @typedef {{
 *   seq: number, entry: string, leaf: string, claimedLeaf: string, details: Record<string, unknown>, proof: Buffer[],
 *   at: string, actor: string, action: string, kind: string, caseId: string | null, contentHash: string
 * }} Event
 */

/**
 * Parses one manifest event; every defect becomes a problem. Returns the event when it is
 * well-formed enough to take part in the chain checks.
 * @param {unknown} raw @param {number} index @param {Problems} problems
 * @returns {Event | null}
 */
function readEvent(raw, index, problems) {
  const where = `bundle.json events[${index}]`;
  if (!isObject(raw)) {
    problems.add('event-invalid', `${where} is not an object`);
    return null;
  }
  const extra = Object.keys(raw).filter((k) => !EVENT_FIELDS.includes(k));
  if (extra.length > 0) problems.add('event-invalid', `${where} has fields this format does not define: ${showList(extra)}`);
  const { seq, entry, leafHash, details, proof } = raw;
  if (!isSeq(seq) || typeof entry !== 'string' || !isHex64(leafHash) || !isObject(details) || !Array.isArray(proof)) {
    problems.add('event-invalid', `${where} lacks a valid seq, entry, leafHash, details or proof`, isSeq(seq) ? { seq } : {});
    return null;
  }
  if (proof.length > LIMITS.proofLength || !proof.every(isHex64)) {
    problems.add('proof-invalid', `event seq ${seq}: its inclusion proof is not a list of at most ${LIMITS.proofLength} SHA-256 hashes in hex`, { seq });
    return null;
  }
  /** @type {unknown} */
  let fields;
  try {
    fields = JSON.parse(entry);
  } catch {
    fields = null;
  }
  const ok = Array.isArray(fields) && fields.length === 9 && fields[0] === 1 && isSeq(fields[1]) && typeof fields[2] === 'string'
    && ISO_MS.test(fields[2]) && !Number.isNaN(Date.parse(fields[2])) && new Date(fields[2]).toISOString() === fields[2]
    && typeof fields[3] === 'string' && typeof fields[4] === 'string' && isTextOrNull(fields[5]) && isTextOrNull(fields[6])
    && isTextOrNull(fields[7]) && (fields[8] === null || isHex64(fields[8])) && JSON.stringify(fields) === entry;
  if (!ok || !Array.isArray(fields)) {
    problems.add('entry-invalid', `event seq ${seq}: its entry is not a canonical journal entry [1, seq, at, actor, action, caseId, entityId, importId, contentHash]`, { seq });
    return null;
  }
  const [, entrySeq, at, actor, action, caseId, entityId, importId, contentHash] = /** @type {[1, number, string, string, string, string | null, string | null, string | null, string | null]} */ (fields);
  const leaf = leafHashOf(entry);
  if (leaf !== leafHash) {
    problems.add('leaf-hash-mismatch', `event seq ${seq}: its leafHash ${leafHash} is not the hash of its entry (${leaf})`, { seq });
  }
  if (entrySeq !== seq) {
    problems.add('seq-mismatch', `the event listed as seq ${seq} carries the journal entry of seq ${entrySeq}`, { seq: entrySeq });
  }
  const kindMatch = /^evidence\.(.+)$/u.exec(action);
  const kind = kindMatch?.[1] ?? '';
  if (!KIND.test(kind) || entityId !== null || importId !== null || contentHash === null) {
    problems.add('event-invalid', `event seq ${seq} (${show(action)}) is not a custody event (action evidence.<kind>, no entity, no import, a content hash)`, { seq });
    return null;
  }
  let detailsHash = '';
  try {
    detailsHash = sha256(canonicalJson(details)).toString('hex');
  } catch (error) {
    problems.add('details-invalid', `event seq ${seq}: its details cannot be hashed: ${/** @type {Error} */ (error).message}`, { seq });
    return null;
  }
  if (detailsHash !== contentHash) {
    problems.add('details-hash-mismatch', `event seq ${seq} (${action}): its details do not hash to the entry's contentHash (expected ${contentHash}, got ${detailsHash}); the details were changed`, { seq });
  }
  if (details.v !== 1 || details.kind !== kind) {
    problems.add('details-invalid', `event seq ${seq} (${action}): its details are not version 1 details of kind ${kind}`, { seq });
  }
  return { seq: entrySeq, entry, leaf, claimedLeaf: leafHash, details, proof: proof.map((p) => Buffer.from(p, 'hex')), at, actor, action, kind, caseId, contentHash };
}

/**
 * Why an event's inclusion proof fails, or null when it leads to the checkpoint's root.
 * @param {Event} event
 * @param {Checkpoint} checkpoint
 */
function proofFailure(event, checkpoint) {
  const { seq } = event;
  if (seq > checkpoint.size) return `event seq ${seq} (${event.action}) is beyond the checkpoint's tree size ${checkpoint.size}: the checkpoint does not cover it`;
  if (verifyInclusion({ leaf: Buffer.from(event.leaf, 'hex'), index: seq - 1, size: checkpoint.size, root: checkpoint.root }, event.proof)) return null;
  return `event seq ${seq} (${event.action}): its inclusion proof does not lead to the checkpoint's root (tree size ${checkpoint.size}); the event or its proof was changed`;
}

/**
 * The index of the first element greater than `value` in an ascending array (binary search).
 * @param {readonly number[]} sorted @param {number} value
 */
function firstAbove(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (/** @type {number} */ (sorted[mid]) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** @param {Event} e */
const describe = (e) => `seq ${e.seq} (${e.action}${typeof e.details.item === 'string' ? ` of item ${show(e.details.item)}` : ''})`;

/**
 * The checks of one item: its file path, its hash chain from the intake, the fields copied from
 * the intake record, the heads every export in the bundle committed to, and its eventSeqs.
 * @param {{ item: Record<string, unknown>, chain: Event[], exports: { event: Event, entry: Record<string, unknown> }[],
 *   byLeaf: Map<string, Event>, bySeq: Map<number, Event> }} input
 * @param {Problems} problems
 */
function checkItem({ item, chain, exports, byLeaf, bySeq }, problems) {
  const id = /** @type {string} */ (item.id);
  const sha = /** @type {string} */ (item.sha256);
  const listed = /** @type {number[]} */ (item.eventSeqs);
  const listedSet = new Set(listed);
  /** listed seqs strictly between two seqs that the bundle lacks (listed is ascending) @param {number} from @param {number} to */
  const missingBetween = (from, to) => {
    const out = [];
    for (let k = firstAbove(listed, from); k < listed.length && /** @type {number} */ (listed[k]) < to && out.length < 20; k++) {
      if (!bySeq.has(/** @type {number} */ (listed[k]))) out.push(/** @type {number} */ (listed[k]));
    }
    return out;
  };
  const reported = new Set();
  const at = { item: id };
  if (chain.length === 0) {
    problems.add('intake-missing', `item ${show(id)}: the bundle holds none of its custody events; its intake record is missing`, at);
    return;
  }
  const first = /** @type {Event} */ (chain[0]);
  if (first.kind !== 'intake') {
    const missing = missingBetween(0, first.seq);
    missing.forEach((s) => reported.add(s));
    problems.add('event-missing', `item ${show(id)}: its first event in the bundle, ${describe(first)}, is not its intake; ${missing.length > 0 ? `event seq ${missing.join(', ')} and any` : 'the intake and any'} earlier events are missing`, { ...at, seq: first.seq });
  } else if (first.details.prev !== null) {
    problems.add('details-invalid', `item ${show(id)}: its intake, seq ${first.seq}, has a prev; an intake starts the chain with prev null`, { ...at, seq: first.seq });
  } else {
    const intake = first.details;
    for (const [key, value] of Object.entries(item)) {
      if (ITEM_OWN_FIELDS.includes(key)) continue;
      if (!(key in intake) || INTAKE_BOOKKEEPING.includes(key)) {
        problems.add('item-mismatch', `item ${show(id)}: bundle.json gives it a field ${show(key)} that its intake record (seq ${first.seq}) does not have`, at);
      } else if (!sameJson(value, intake[key])) {
        problems.add('item-mismatch', `item ${show(id)}: its ${show(key)} in bundle.json (${show(value)}) differs from its intake record, seq ${first.seq} (${show(intake[key])})`, at);
      }
    }
    for (const key of Object.keys(intake)) {
      if (!INTAKE_BOOKKEEPING.includes(key) && !(key in item)) problems.add('item-mismatch', `item ${show(id)}: bundle.json lacks its ${show(key)}, which its intake record (seq ${first.seq}) has`, at);
    }
  }
  for (let k = 1; k < chain.length; k++) {
    const event = /** @type {Event} */ (chain[k]);
    const previous = /** @type {Event} */ (chain[k - 1]);
    const prev = event.details.prev;
    if (event.kind === 'intake') {
      problems.add('chain-broken', `item ${show(id)}: ${describe(event)} is a second intake`, { ...at, seq: event.seq });
    } else if (prev === previous.leaf || (prev === previous.claimedLeaf && previous.claimedLeaf !== previous.leaf)) {
      continue; // (a link to a changed entry's original leaf: the change is already reported)
    } else if (typeof prev === 'string' && byLeaf.has(prev)) {
      const target = /** @type {Event} */ (byLeaf.get(prev));
      problems.add('chain-broken', `item ${show(id)}: ${describe(event)}'s prev points to seq ${target.seq}, not to the item's previous event, seq ${previous.seq}: the events were reordered`, { ...at, seq: event.seq });
    } else {
      const missing = missingBetween(previous.seq, event.seq);
      missing.forEach((s) => reported.add(s));
      const which = missing.length > 0 ? `event seq ${missing.join(', ')} of item ${show(id)} is missing` : `an event of item ${show(id)} between seq ${previous.seq} and seq ${event.seq} is missing`;
      problems.add('event-missing', `${which}: seq ${event.seq}'s prev points to a leaf not in the bundle (${show(prev)})`, { ...at, seq: event.seq });
    }
  }
  const chainSeqs = chain.map((c) => c.seq);
  for (const { event, entry } of exports) {
    const last = chain[firstAbove(chainSeqs, event.seq - 1) - 1];
    if (entry.sha256 !== sha) {
      problems.add('export-mismatch', `the export entry seq ${event.seq} records SHA-256 ${show(entry.sha256)} for item ${show(id)}, not ${sha}`, { ...at, seq: event.seq });
    }
    if (!last || entry.head === last.leaf || entry.head === last.claimedLeaf) continue;
    const head = typeof entry.head === 'string' ? byLeaf.get(entry.head) : undefined;
    if (head && head.seq < last.seq) {
      problems.add('export-mismatch', `the export entry seq ${event.seq} records seq ${head.seq} as the head of item ${show(id)}, but the item's chain in the bundle continues to seq ${last.seq} before the export`, { ...at, seq: event.seq });
    } else {
      const missing = missingBetween(last.seq, event.seq);
      missing.forEach((s) => reported.add(s));
      problems.add('event-missing', `item ${show(id)}: its chain in the bundle ends at seq ${last.seq}, but the export entry seq ${event.seq} records a later head (${show(entry.head)}): ${missing.length > 0 ? `event seq ${missing.join(', ')}` : 'the tail of the chain'} is missing`, { ...at, seq: event.seq });
    }
  }
  const actual = [...chain.map((e) => e.seq), ...exports.map((x) => x.event.seq)].sort((a, b) => a - b);
  for (const s of listed) {
    if (!bySeq.has(s) && !reported.has(s)) problems.add('event-missing', `event seq ${s} of item ${show(id)} is missing from the bundle's events (the item lists it)`, { ...at, seq: s });
  }
  const unlisted = actual.filter((s) => !listedSet.has(s));
  if (unlisted.length > 0) problems.add('item-events', `item ${show(id)}: its eventSeqs omit seq ${showList(unlisted)}, which the bundle holds for it`, at);
}

/**
 * @param {Record<string, unknown>} m the parsed manifest, whose top-level shape is checked
 * @param {Problems} problems
 */
function checkTopLevel(m, problems) {
  const extra = Object.keys(m).filter((k) => !MANIFEST_FIELDS.includes(k));
  if (extra.length > 0) problems.add('manifest-invalid', `bundle.json has fields this format does not define: ${showList(extra)}`);
  const c = m.case;
  const log = m.log;
  /** @type {[string, boolean][]} */
  const rules = [
    ['bundleId', typeof m.bundleId === 'string' && m.bundleId !== ''],
    ['createdAt', typeof m.createdAt === 'string' && ISO_MS.test(m.createdAt)],
    ['case', isObject(c) && Object.keys(c).every((k) => k === 'id' || k === 'name') && isTextOrNull(c.id) && isTextOrNull(c.name)],
    ['purpose', isTextOrNull(m.purpose)],
    ['recipient', isTextOrNull(m.recipient)],
    ['log', isObject(log) && typeof log.origin === 'string' && typeof log.verifierKey === 'string' && Object.keys(log).length === 2],
    ['checkpoint', typeof m.checkpoint === 'string'],
    ['exportSeq', isSeq(m.exportSeq)],
    ['items', Array.isArray(m.items) && m.items.length > 0],
    ['events', Array.isArray(m.events)],
    ['attachments', Array.isArray(m.attachments)],
  ];
  const bad = rules.filter(([, ok]) => !ok).map(([name]) => name);
  if (bad.length > 0) problems.add('manifest-invalid', `bundle.json: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} missing or malformed`);
  return bad.length === 0;
}

/**
 * The signature, the key and the checkpoint. Returns the parsed checkpoint (even when its
 * signature fails, so that the proofs can still be reported on) and the keys.
 * @param {{ checkpoint: string, log: { origin: string, verifierKey: string } }} m
 * @param {{ checkpointText?: string | null, vkeyText?: string | null, key?: VerifierKey | null }} inputs
 * @param {Problems} problems
 */
function checkSignature(m, inputs, problems) {
  /** @type {VerifierKey | null} */
  let bundleKey = null;
  try {
    bundleKey = parseVerifierKey(m.log.verifierKey);
  } catch (error) {
    problems.add('key-invalid', `bundle.json's log.verifierKey is not a verifier key: ${/** @type {Error} */ (error).message}`);
  }
  if (typeof inputs.vkeyText === 'string' && inputs.vkeyText !== `${m.log.verifierKey}\n`) {
    problems.add('key-mismatch', 'log.vkey differs from the key in bundle.json (log.verifierKey)', { path: FIXED_FILES.key });
  }
  if (typeof inputs.checkpointText === 'string' && inputs.checkpointText !== m.checkpoint) {
    problems.add('checkpoint-mismatch', 'checkpoint.txt differs from the checkpoint in bundle.json', { path: FIXED_FILES.checkpoint });
  }
  const key = inputs.key ?? bundleKey;
  if (inputs.key && bundleKey && inputs.key.text !== bundleKey.text) {
    const own = openNote(m.checkpoint, bundleKey);
    problems.add('wrong-key', `the checkpoint is signed by key ${keyFingerprint(bundleKey.text)} (${show(bundleKey.name)}), expected ${keyFingerprint(inputs.key.text)} (${show(inputs.key.name)})${own.ok ? '' : `; and even with its own key: ${own.reason}`}`);
  } else if (key) {
    const opened = openNote(m.checkpoint, key);
    if (!opened.ok) problems.add('checkpoint-signature', `the checkpoint signature does not verify with key ${keyFingerprint(key.text)} (${show(key.name)}): ${opened.reason}`);
  }
  const split = m.checkpoint.lastIndexOf('\n\n');
  const checkpoint = split < 0 ? null : parseCheckpoint(m.checkpoint.slice(0, split + 1));
  if (!checkpoint) {
    problems.add('checkpoint-invalid', 'the checkpoint is not a C2SP checkpoint (origin, tree size, root hash), so no inclusion proof could be checked');
  } else if (checkpoint.origin !== m.log.origin) {
    problems.add('origin-mismatch', `the checkpoint is of log ${show(checkpoint.origin)}, but bundle.json names log ${show(m.log.origin)}`);
  }
  return { checkpoint, bundleKey, key };
}

/**
 * The bundle's own export entry: it names this bundle, carries its createdAt, purpose and
 * recipient, and lists exactly the bundle's items.
 * @param {Record<string, unknown>} m
 * @param {Map<number, Event>} bySeq
 * @param {Set<string>} itemIds
 * @param {Problems} problems
 */
function checkExport(m, bySeq, itemIds, problems) {
  const seq = /** @type {number} */ (m.exportSeq);
  const event = bySeq.get(seq);
  if (!event) {
    problems.add('export-missing', `the export entry, seq ${seq}, is not among the bundle's events`, { seq });
    return;
  }
  const d = event.details;
  if (event.kind !== 'export') {
    problems.add('export-mismatch', `seq ${seq} is ${event.action}, not the bundle's export entry`, { seq });
    return;
  }
  if (d.bundle !== m.bundleId) problems.add('export-mismatch', `the export entry seq ${seq} is of bundle ${show(d.bundle)}, not ${show(m.bundleId)}`, { seq });
  if (event.at !== m.createdAt) problems.add('export-mismatch', `bundle.json's createdAt ${show(m.createdAt)} is not the time of the export entry seq ${seq} (${event.at})`, { seq });
  for (const key of ['purpose', 'recipient']) {
    if ((d[key] ?? null) !== m[key]) problems.add('export-mismatch', `bundle.json's ${key} ${show(m[key])} differs from the export entry seq ${seq} (${show(d[key] ?? null)})`, { seq });
  }
  const listed = new Set();
  for (const entry of Array.isArray(d.items) ? d.items : []) {
    const id = isObject(entry) ? entry.item : undefined;
    if (typeof id !== 'string') continue;
    if (listed.has(id)) problems.add('export-mismatch', `the export entry seq ${seq} lists item ${show(id)} twice`, { seq, item: id });
    listed.add(id);
    if (!itemIds.has(id)) problems.add('item-missing', `the export entry seq ${seq} lists item ${show(id)}, but the bundle does not contain it: the item was removed`, { seq, item: id });
  }
  for (const id of itemIds) {
    if (!listed.has(id)) problems.add('export-mismatch', `the export entry seq ${seq} does not list item ${show(id)}, which the bundle contains: it was not part of this export`, { seq, item: id });
  }
}

/**
 * The archive's files against the manifest: every item's file and every attachment present with
 * the recorded size and SHA-256, nothing else present.
 * @param {Record<string, unknown>} m
 * @param {Map<string, FileFact>} files
 * @param {readonly string[]} dirs
 * @param {Problems} problems
 */
function checkFiles(m, files, dirs, problems) {
  /** @type {Map<string, { sha256: unknown, size: unknown, what: string, item?: string }>} */
  const expected = new Map();
  for (const item of /** @type {unknown[]} */ (m.items)) {
    if (!isObject(item) || typeof item.path !== 'string' || typeof item.id !== 'string') continue;
    expected.set(item.path, { sha256: item.sha256, size: item.size, what: `the file of item ${show(item.id)}`, item: item.id });
  }
  for (const a of /** @type {unknown[]} */ (m.attachments)) {
    if (!isObject(a) || typeof a.path !== 'string' || !ATTACHMENTS.includes(a.path) || expected.has(a.path) || !isHex64(a.sha256) || !Number.isSafeInteger(a.size) || Number(a.size) < 0) {
      problems.add('manifest-invalid', `bundle.json: attachment ${show(isObject(a) ? a.path : a)} is not one of ${ATTACHMENTS.join(', ')} with its sha256 and size, or appears twice`);
      continue;
    }
    expected.set(a.path, { sha256: a.sha256, size: a.size, what: 'an attachment' });
  }
  for (const name of ATTACHMENTS) {
    if (!expected.has(name)) problems.add('manifest-invalid', `bundle.json does not list the attachment ${name}`);
  }
  for (const name of Object.values(FIXED_FILES)) {
    if (!files.has(name) && name !== FIXED_FILES.manifest) problems.add('missing-file', `${name}: missing`, { path: name });
  }
  for (const [path, want] of expected) {
    const got = files.get(path);
    const where = { path, ...(want.item === undefined ? {} : { item: want.item }) };
    if (!got) {
      problems.add('missing-file', `${show(path)}: missing (${want.what})`, where);
    } else if (want.item === undefined && (got.sha256 !== want.sha256 || got.size !== want.size)) {
      problems.add('attachment-mismatch', `${path}: differs from the SHA-256 and size bundle.json records for it (expected ${show(want.sha256)}, got ${got.sha256})`, where);
    } else if (want.item !== undefined && got.size !== want.size) {
      problems.add('file-size-mismatch', `${show(path)}: ${got.size} bytes, but the intake record says ${show(want.size)}`, where);
    } else if (want.item !== undefined && got.sha256 !== want.sha256) {
      problems.add('file-hash-mismatch', `${show(path)}: SHA-256 differs from the intake record (expected ${show(want.sha256)}, got ${got.sha256})`, where);
    }
  }
  /** @type {Set<string>} */
  const known = new Set([...Object.values(FIXED_FILES), ...expected.keys()]);
  for (const name of files.keys()) {
    if (!known.has(name)) problems.add('unexpected-file', `${show(name)}: not part of the bundle (an added file)`, { path: name });
  }
  const allowedDirs = new Set(['files', ...[...expected.keys()].filter((p) => p.startsWith('files/')).map((p) => p.slice(0, p.lastIndexOf('/')))]);
  for (const dir of dirs) {
    if (!allowedDirs.has(dir)) problems.add('unexpected-file', `${show(`${dir}/`)}: a directory that is not part of the bundle`, { path: `${dir}/` });
  }
}

/**
 * Every check that needs the manifest: the signature and key, each event (entry, leaf hash,
 * details hash, inclusion proof), each item (path, chain, intake fields, export heads), the
 * export entry, and, when `files` is given, the archive's files.
 * @param {unknown} manifest
 * @param {{ checkpointText?: string | null, vkeyText?: string | null, key?: VerifierKey | null,
 *   files?: Map<string, FileFact> | null, dirs?: readonly string[] }} inputs
 * @param {Problems} problems
 * @param {Summary} summary filled in as far as the manifest allows
 */
function checkManifestInto(manifest, inputs, problems, summary) {
  if (!isObject(manifest)) return problems.add('manifest-invalid', 'bundle.json is not a JSON object', { path: FIXED_FILES.manifest });
  if (manifest.format !== FORMAT) return problems.add('manifest-invalid', `bundle.json: the format is ${show(manifest.format)}, not ${FORMAT}`, { path: FIXED_FILES.manifest });
  if (manifest.version !== VERSION) return problems.add('manifest-invalid', `bundle.json: version ${show(manifest.version)} is not one this verifier reads (version ${VERSION})`, { path: FIXED_FILES.manifest });
  if (!checkTopLevel(manifest, problems)) return undefined;
  const m = /** @type {Record<string, unknown> & { checkpoint: string, log: { origin: string, verifierKey: string }, case: { id: string | null, name: string | null }, items: unknown[], events: unknown[] }} */ (manifest);
  Object.assign(summary, {
    bundleId: m.bundleId, createdAt: m.createdAt, case: { id: m.case.id, name: m.case.name }, purpose: m.purpose, recipient: m.recipient,
    items: m.items.length, events: m.events.length,
  });
  const { checkpoint, bundleKey, key } = checkSignature(m, inputs, problems);
  summary.bundleKey = bundleKey ? keySummary(bundleKey) : null;
  summary.key = key ? keySummary(key) : null;
  summary.keySource = inputs.key ? 'option' : bundleKey ? 'bundle' : null;
  if (checkpoint) summary.log = { origin: checkpoint.origin, treeSize: checkpoint.size, rootHash: checkpoint.root.toString('hex') };

  /** @type {Map<number, Event>} */
  const bySeq = new Map();
  /** @type {Map<string, Event>} */
  const byLeaf = new Map();
  let lastSeq = 0;
  /** @type {{ seq: number, message: string }[]} */
  const proofFailures = [];
  m.events.forEach((raw, index) => {
    const event = readEvent(raw, index, problems);
    const seq = event ? event.seq : isObject(raw) && isSeq(raw.seq) ? raw.seq : null;
    if (seq !== null && bySeq.has(seq)) problems.add('event-duplicate', `event seq ${seq} appears twice in bundle.json`, { seq });
    else if (seq !== null && seq < lastSeq) problems.add('event-order', `bundle.json's events are not in ascending seq order: seq ${seq} follows seq ${lastSeq}`, { seq });
    if (seq !== null) lastSeq = Math.max(lastSeq, seq);
    if (!event || bySeq.has(event.seq)) return;
    bySeq.set(event.seq, event);
    byLeaf.set(event.leaf, event);
    if (event.caseId !== m.case.id) problems.add('case-mismatch', `event ${describe(event)} belongs to case ${show(event.caseId)}, not to the bundle's case ${show(m.case.id)}`, { seq: event.seq });
    if (event.seq > /** @type {number} */ (m.exportSeq)) problems.add('event-after-export', `event ${describe(event)} comes after the export (seq ${m.exportSeq}); a bundle holds the custody up to its export`, { seq: event.seq });
    const failure = checkpoint ? proofFailure(event, checkpoint) : null;
    if (failure) proofFailures.push({ seq: event.seq, message: failure });
  });
  if (checkpoint && proofFailures.length > 1 && proofFailures.length === bySeq.size) {
    // every proof fails: the root is not these events' tree; one problem says so, not one per event
    problems.add('proof-invalid', `none of the ${proofFailures.length} inclusion proofs leads to the checkpoint's root (tree size ${checkpoint.size}): the checkpoint is not of the log these events were taken from, or it was changed`);
  } else {
    for (const f of proofFailures) problems.add('proof-invalid', f.message, { seq: f.seq });
  }

  /** @type {Map<string, Record<string, unknown>>} */
  const items = new Map();
  const paths = new Set();
  m.items.forEach((item, index) => {
    const ok = isObject(item) && typeof item.id === 'string' && item.id !== '' && typeof item.path === 'string' && isHex64(item.sha256)
      && Number.isSafeInteger(item.size) && Number(item.size) >= 0 && isTextOrNull(item.filename ?? null)
      && Array.isArray(item.eventSeqs) && item.eventSeqs.every(isSeq) && item.eventSeqs.every((s, k, all) => k === 0 || s > Number(all[k - 1]));
    if (!ok) return problems.add('item-invalid', `bundle.json items[${index}] lacks a valid id, path, sha256, size, filename or ascending eventSeqs`);
    const id = /** @type {string} */ (item.id);
    if (items.has(id)) return problems.add('item-invalid', `item ${show(id)} appears twice in bundle.json`, { item: id });
    items.set(id, item);
    const path = itemFilePath({ id, sha256: /** @type {string} */ (item.sha256), filename: /** @type {string | null} */ (item.filename ?? null) });
    if (item.path !== path) problems.add('layout', `item ${show(id)}: its file path ${show(item.path)} is not the documented layout (expected ${show(path)})`, { item: id });
    if (paths.has(item.path)) problems.add('layout', `item ${show(id)}: its file path ${show(item.path)} is used by another item`, { item: id });
    paths.add(item.path);
    return undefined;
  });

  /** @type {Map<string, Event[]>} */
  const chains = new Map();
  /** @type {Map<string, { event: Event, entry: Record<string, unknown> }[]>} */
  const exports = new Map();
  for (const event of [...bySeq.values()].sort((a, b) => a.seq - b.seq)) {
    if (event.kind === 'export') {
      const listed = Array.isArray(event.details.items) ? event.details.items.filter(isObject) : [];
      const ours = listed.filter((entry) => typeof entry.item === 'string' && items.has(entry.item));
      if (!Array.isArray(event.details.items) || listed.some((e) => typeof e.item !== 'string')) {
        problems.add('details-invalid', `the export entry seq ${event.seq} does not list its items as { item, sha256, head }`, { seq: event.seq });
      } else if (ours.length === 0 && event.seq !== m.exportSeq) {
        problems.add('event-foreign', `the export entry seq ${event.seq} concerns none of the bundle's items`, { seq: event.seq });
      }
      for (const entry of ours) {
        const id = /** @type {string} */ (entry.item);
        const list = exports.get(id) ?? [];
        list.push({ event, entry });
        exports.set(id, list);
      }
      continue;
    }
    const id = event.details.item;
    if (typeof id !== 'string' || !items.has(id)) {
      problems.add('event-foreign', `event ${describe(event)} concerns ${typeof id === 'string' ? `item ${show(id)}, which is not in the bundle` : 'no item'}`, { seq: event.seq });
      continue;
    }
    if (event.details.prev !== null && !isHex64(event.details.prev)) problems.add('details-invalid', `event ${describe(event)}: its prev is neither null nor a leaf hash`, { seq: event.seq });
    const chain = chains.get(id) ?? [];
    chain.push(event);
    chains.set(id, chain);
  }
  for (const [id, item] of items) {
    checkItem({ item, chain: chains.get(id) ?? [], exports: exports.get(id) ?? [], byLeaf, bySeq }, problems);
  }
  checkExport(m, bySeq, new Set(items.keys()), problems);
  if (inputs.files) checkFiles(m, inputs.files, inputs.dirs ?? [], problems);
  return undefined;
}

/** @returns {Summary} */
function emptySummary() {
  return {
    bytes: 0, entries: 0, bundleId: null, createdAt: null, case: null, purpose: null, recipient: null, log: null, key: null,
    bundleKey: null, keySource: null, items: 0, events: 0, fileBytes: 0, verifier: { self: null, bundled: null }, moreProblems: 0,
  };
}

/**
 * Checks a manifest without an archive (the writer calls it before writing a bundle): the
 * signature, every event, chain, proof and the export entry; not the files.
 * @param {unknown} manifest
 * @param {{ key?: string }} [options]
 * @returns {Verification}
 */
export function checkManifest(manifest, options = {}) {
  const problems = new Problems();
  const summary = emptySummary();
  const key = options.key === undefined ? null : parseVerifierKey(options.key);
  checkManifestInto(manifest, { key }, problems, summary);
  summary.moreProblems = problems.dropped;
  return { ok: problems.list.length === 0, problems: problems.list, summary };
}

// ---------------------------------------------------------------------------------------------
// The whole verification

/**
 * Verifies a bundle: a path to the .tar file, or a stream (any async iterable of bytes).
 * Resolves with `ok` true only when nothing at all is wrong; rejects only when the input cannot
 * be read or `options.key` is not a verifier key.
 * @param {string | AsyncIterable<Uint8Array>} input
 * @param {{ key?: string, onProgress?: (bytesRead: number, totalBytes: number | null) => void }} [options]
 * @returns {Promise<Verification>}
 */
export async function verifyBundle(input, options = {}) {
  const key = options.key === undefined ? null : parseVerifierKey(options.key.trim());
  const problems = new Problems();
  const summary = emptySummary();
  /** @type {Map<string, FileFact>} */
  const files = new Map();
  /** @type {string[]} */
  const dirs = [];
  /** @type {Map<string, Buffer>} */
  const kept = new Map();
  /** @type {Map<string, number>} */
  const keepLimits = new Map([
    [FIXED_FILES.manifest, LIMITS.manifestBytes], [FIXED_FILES.checkpoint, LIMITS.smallFileBytes],
    [FIXED_FILES.key, LIMITS.smallFileBytes], [FIXED_FILES.signature, LIMITS.smallFileBytes],
  ]);

  /** @param {TarEntry} entry @returns {EntrySink | null} */
  const onEntry = (entry) => {
    if (entry.type === 'directory') {
      dirs.push(entry.name);
      return null;
    }
    const hash = createHash('sha256');
    const limit = keepLimits.get(entry.name);
    if (limit !== undefined && entry.size > limit) {
      problems.add(entry.name === FIXED_FILES.manifest ? 'manifest-too-large' : 'manifest-invalid', `${entry.name}: ${entry.size} bytes, more than the ${limit} this format allows`, { path: entry.name });
    }
    /** @type {Buffer[] | null} */
    const parts = limit !== undefined && entry.size <= limit ? [] : null;
    return {
      update(chunk) {
        hash.update(chunk);
        parts?.push(Buffer.from(chunk));
      },
      end() {
        files.set(entry.name, { size: entry.size, sha256: hash.digest('hex') });
        if (parts) kept.set(entry.name, Buffer.concat(parts));
      },
    };
  };

  const report = options.onProgress;
  if (typeof input === 'string') {
    const handle = await open(input, 'r');
    try {
      const stat = await handle.stat();
      const total = stat.isFile() ? stat.size : null;
      const reader = new TarReader(problems, onEntry, total);
      for await (const chunk of fileChunks(handle)) {
        reader.feed(chunk);
        report?.(reader.offset, total);
        if (reader.state === 'stopped') break;
      }
      reader.finish();
      summary.bytes = reader.offset;
      summary.entries = reader.entries;
    } finally {
      await handle.close();
    }
  } else {
    const reader = new TarReader(problems, onEntry, null);
    for await (const chunk of input) {
      reader.feed(asBuffer(chunk));
      report?.(reader.offset, null);
      if (reader.state === 'stopped') break;
    }
    reader.finish();
    summary.bytes = reader.offset;
    summary.entries = reader.entries;
  }

  const fatal = problems.list.length > 0;
  const manifestBytes = kept.get(FIXED_FILES.manifest);
  if (manifestBytes) {
    /** @type {unknown} */
    let manifest;
    try {
      const text = utf8.decode(manifestBytes);
      const parsed = JSON.parse(text);
      // one serialisation only, so that no byte of bundle.json can change unnoticed
      let again = '';
      try {
        again = `${JSON.stringify(parsed, null, 2)}\n`;
      } catch {
        throw new Error('it is nested too deeply');
      }
      manifest = parsed;
      if (text !== again) {
        problems.add('manifest-invalid', 'bundle.json is not in its canonical form (JSON.stringify with 2-space indentation and a final newline): it was edited', { path: FIXED_FILES.manifest });
      }
    } catch (error) {
      problems.add('manifest-invalid', `bundle.json is not valid UTF-8 JSON: ${/** @type {Error} */ (error).message}`, { path: FIXED_FILES.manifest });
    }
    if (manifest !== undefined) {
      const text = (/** @type {string} */ name) => {
        const bytes = kept.get(name);
        if (!bytes) return null;
        try {
          return utf8.decode(bytes);
        } catch {
          return '';
        }
      };
      checkManifestInto(manifest, { checkpointText: text(FIXED_FILES.checkpoint), vkeyText: text(FIXED_FILES.key), key, files, dirs }, problems, summary);
      checkManifestSignature({ manifest, manifestBytes, signature: text(FIXED_FILES.signature), key, vkeyText: text(FIXED_FILES.key) }, problems);
    }
  } else if (!fatal && !problems.has('manifest-too-large')) {
    problems.add('manifest-missing', 'bundle.json is missing: without the manifest nothing can be verified', { path: FIXED_FILES.manifest });
  }
  if (key && !summary.key) summary.key = keySummary(key);
  summary.fileBytes = [...files.values()].reduce((sum, f) => sum + f.size, 0);
  summary.verifier = { self: await ownHash(), bundled: files.get('verify-bundle.mjs')?.sha256 ?? null };
  summary.moreProblems = problems.dropped;
  return { ok: problems.list.length === 0, problems: problems.list, summary };
}

/**
 * bundle.sig must be a note signed by the log key (the one given, else the bundle's own) whose
 * text names this bundle and the SHA-256 of the exact bytes of bundle.json. A missing bundle.sig is
 * reported by the file check.
 * @param {{ manifest: unknown, manifestBytes: Buffer, signature: string | null, key: VerifierKey | null, vkeyText: string | null }} input
 * @param {Problems} problems
 */
function checkManifestSignature({ manifest, manifestBytes, signature, key, vkeyText }, problems) {
  if (signature === null) return;
  let verifier = key;
  if (!verifier) {
    try {
      verifier = parseVerifierKey((vkeyText ?? '').trim());
    } catch {
      return; // the unusable key is already a problem of its own
    }
  }
  const path = FIXED_FILES.signature;
  const opened = openNote(signature, verifier);
  if (!opened.ok) {
    problems.add('manifest-signature', `bundle.sig: the signature over bundle.json does not verify with key ${show(verifier.name)}: ${opened.reason}`, { path });
    return;
  }
  const bundleId = isObject(manifest) && typeof manifest.bundleId === 'string' ? manifest.bundleId : '';
  const expected = manifestSignatureText(bundleId, sha256(manifestBytes).toString('hex'));
  if (opened.text !== expected) {
    problems.add('manifest-signature', 'bundle.sig signs another bundle.json: bundle.json was changed after it was signed (its case name, attachments or any other byte)', { path });
  }
}

/** the SHA-256 of this very file, so an expert can compare it with the published one */
async function ownHash() {
  try {
    return sha256(await readFile(fileURLToPath(import.meta.url))).toString('hex');
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `usage: node verify-bundle.mjs BUNDLE.tar [--key VERIFIER-KEY-or-FILE] [--json]
  Checks an Ariadne evidence bundle offline. BUNDLE.tar may be "-" for standard input.
  --key   the log's verifier key as the organisation publishes it (name+keyid+key), or a file
          holding it; without it the key inside the bundle is used and only its fingerprint
          tells you whose it is.
  --json  print the result as JSON.
  Exit status: 0 intact, 1 not intact, 2 usage error or unreadable input.`;

/**
 * @param {string} value
 * @returns {Promise<string>}
 */
async function resolveKey(value) {
  try {
    return parseVerifierKey(value.trim()).text;
  } catch {
    let text;
    try {
      text = await readFile(value, 'utf8');
    } catch {
      throw new Error(`--key: ${show(value)} is neither a verifier key (name+keyid+key) nor a readable file`);
    }
    return parseVerifierKey(text.trim()).text;
  }
}

/** @param {Verification} result @param {string} file */
function printHuman(result, file) {
  const s = result.summary;
  const lines = [`Ariadne evidence bundle: ${show(file)} (${s.bytes} bytes, ${s.entries} entries)`];
  if (s.bundleId) {
    lines.push(`  bundle     ${show(s.bundleId)}, created ${show(s.createdAt)}`);
    lines.push(`  case       ${show(s.case?.id ?? '(none)')}${s.case?.name ? ` "${show(s.case.name)}" (the name is a label; the log does not cover it)` : ''}`);
    lines.push(`  purpose    ${show(s.purpose ?? '(none)')}; recipient ${show(s.recipient ?? '(none)')}`);
    lines.push(`  contents   ${s.items} items (${s.fileBytes} bytes in all files), ${s.events} logged events`);
  }
  if (s.log) lines.push(`  log        ${show(s.log.origin)}, checkpoint of ${s.log.treeSize} entries, root ${s.log.rootHash}`);
  if (s.key) {
    lines.push(`  key        ${show(s.key.name)}+${s.key.keyId} (${s.keySource === 'option' ? 'given with --key' : 'the key inside the bundle'})`);
    lines.push(`  fingerprint ${s.key.fingerprint}`);
    if (s.keySource !== 'option') lines.push('             Compare this fingerprint with the one the organisation publishes, or pass its key with --key.');
  }
  lines.push(`  verifier   this file ${s.verifier.self ?? '(unknown)'}; the copy in the bundle ${s.verifier.bundled ?? '(none)'}`);
  if (result.ok) {
    lines.push('RESULT: INTACT. Every file, custody event and inclusion proof verifies against the signed checkpoint.');
  } else {
    const count = result.problems.length + s.moreProblems;
    lines.push(`RESULT: NOT INTACT. ${count} problem${count === 1 ? '' : 's'}:`);
    for (const p of result.problems) lines.push(`  [${p.code}] ${p.message}`);
    if (s.moreProblems > 0) lines.push(`  … and ${s.moreProblems} more`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** @param {readonly string[]} argv @returns {Promise<number>} the exit status */
export async function main(argv) {
  /** @type {string[]} */
  const positional = [];
  /** @type {string | undefined} */
  let keyArg;
  let json = false;
  for (let k = 0; k < argv.length; k++) {
    const arg = /** @type {string} */ (argv[k]);
    if (arg === '--json') json = true;
    else if (arg === '--key') keyArg = argv[++k];
    else if (arg.startsWith('--key=')) keyArg = arg.slice(6);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('--')) {
      process.stderr.write(`unknown option ${show(arg)}\n${USAGE}\n`);
      return 2;
    } else positional.push(arg);
  }
  const file = positional[0];
  if (positional.length !== 1 || file === undefined || (argv.includes('--key') && keyArg === undefined)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let result;
  try {
    const key = keyArg === undefined ? undefined : await resolveKey(keyArg);
    result = await verifyBundle(file === '-' ? process.stdin : file, key === undefined ? {} : { key });
  } catch (error) {
    process.stderr.write(`verify-bundle: ${/** @type {Error} */ (error).message}\n`);
    return 2;
  }
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printHuman(result, file);
  return result.ok ? 0 : 1;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
