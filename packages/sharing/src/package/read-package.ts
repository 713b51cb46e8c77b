/**
 * Opens a received package: decrypts it with our age identity while streaming, reads the archive,
 * checks the signed manifest and every member against it, and extracts the members into a private
 * temporary folder. Every failure is a `PackageRefused` with a precise reason, thrown only after
 * the temporary files are gone; success is returned only once the whole file has been read and
 * authenticated (age authenticates each 64 KiB chunk and the end of the stream), so a caller
 * never sees half a package.
 *
 * The checks, in order: the file's size; age (not age → `not-a-package`, no identity of ours →
 * `not-for-us`, header MAC → `tampered`); the archive (`manifest.json` then `manifest.sig` first,
 * else `not-a-package`); the manifest (`malformed-member`); its signature by the sender it names
 * (`bad-signature`); its recipient is us (`not-for-us`, a package forwarded or re-encrypted to a
 * third party); the limits (`too-large`); each member's presence, size and hash (`tampered`).
 * Whether the sender is a partner and the agreement allows the package is `check-package.ts`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { AriadneError } from '@ariadne/schema/errors';
import type { LocalIdentity, PackageManifest, PackageMember } from '../types.ts';
import { MANIFEST_NAME, manifestIssues, SIGNATURE_NAME, verifyManifestBytes } from './manifest.ts';
import { PackageRefused } from './refusal.ts';
import { TarFormatError, TarReader } from './tar.ts';
import { toWebStream } from './web-stream.ts';

export const DEFAULT_MAX_PACKAGE_BYTES = 4 * 1024 ** 3;
export const DEFAULT_MAX_MEMBERS = 10_000;
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_SIGNATURE_BYTES = 1024;
const AGE_MAGIC = Buffer.from('age-encryption.org/v1\n', 'latin1');
const FILE_CHUNK = 1024 * 1024;

export interface OpenPackageOptions {
  readonly identity: LocalIdentity;
  /** a private folder (not a shared /tmp) where the members are extracted, in a new subfolder */
  readonly tempDir: string;
  /** largest encrypted file and largest total of members accepted; 4 GiB by default */
  readonly maxBytes?: number;
  /** most members accepted; 10,000 by default */
  readonly maxMembers?: number;
}

export interface ExtractedMember {
  /** the extracted file, inside `tempDir`, removed by `dispose()` */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly role: PackageMember['role'];
}

export interface OpenedPackage {
  readonly manifest: PackageManifest;
  /** the exact signed bytes of `manifest.json`, for the record */
  readonly manifestBytes: Uint8Array;
  /** SHA-256 (hex) of the encrypted file */
  readonly sha256: string;
  /** size of the encrypted file */
  readonly bytes: number;
  /** by member path, in manifest order */
  readonly members: ReadonlyMap<string, ExtractedMember>;
  /** removes the extracted files; safe to call twice */
  dispose(): Promise<void>;
}

function isSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

async function startsWithAgeMagic(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(AGE_MAGIC.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return bytesRead === AGE_MAGIC.length && head.equals(AGE_MAGIC);
  } finally {
    await fh.close();
  }
}

/** age's errors carry only messages; these are the ones of age-encryption 0.3 (pinned) */
function headerRefusal(error: unknown): PackageRefused {
  const message = error instanceof Error ? error.message : '';
  if (/no identity matched/i.test(message)) return new PackageRefused('not-for-us', 'No key of this instance opens it: it was encrypted to someone else.', { cause: error });
  if (/header HMAC/i.test(message)) return new PackageRefused('tampered', 'The MAC of its age header does not verify.', { cause: error });
  return new PackageRefused('not-a-package', 'Its age header is malformed.', { cause: error });
}

async function readManifest(tar: TarReader): Promise<{ manifestBytes: Uint8Array; signatureFile: Uint8Array }> {
  const first = await tar.next();
  if (first?.name !== MANIFEST_NAME) throw new PackageRefused('not-a-package', `The archive does not begin with ${MANIFEST_NAME}.`);
  if (first.size > MAX_MANIFEST_BYTES) throw new PackageRefused('too-large', `Its ${MANIFEST_NAME} is larger than ${MAX_MANIFEST_BYTES} bytes.`);
  const manifestBytes = await tar.bodyBytes();
  const second = await tar.next();
  if (second?.name !== SIGNATURE_NAME) throw new PackageRefused('not-a-package', `The archive's second file is not ${SIGNATURE_NAME}.`);
  if (second.size > MAX_SIGNATURE_BYTES) {
    for await (const _ of tar.body()) { /* an oversized signature is no signature: skip it, refuse below */ }
    return { manifestBytes, signatureFile: new Uint8Array(0) };
  }
  return { manifestBytes, signatureFile: await tar.bodyBytes() };
}

function parseManifestBytes(bytes: Uint8Array): PackageManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new PackageRefused('malformed-member', `Its ${MANIFEST_NAME} is not JSON in UTF-8.`);
  }
  const issues = manifestIssues(value);
  if (issues) {
    const [field, message] = Object.entries(issues)[0]!;
    throw new PackageRefused('malformed-member', `In its ${MANIFEST_NAME}, ${field} ${message}.`);
  }
  return value as PackageManifest;
}

/** the manifest's own checks: signed by the sender it names, addressed to us, within the limits */
function checkManifest(manifest: PackageManifest, bytes: Uint8Array, signatureFile: Uint8Array, options: Required<Omit<OpenPackageOptions, 'tempDir'>>): void {
  if (!verifyManifestBytes(bytes, signatureFile, manifest.sender.signingKey)) {
    throw new PackageRefused('bad-signature', `Its ${SIGNATURE_NAME} is not a valid signature of the manifest by the sender it names.`);
  }
  if (manifest.recipient.signingKey !== options.identity.signingKey || manifest.recipient.ageRecipient !== options.identity.ageRecipient) {
    throw new PackageRefused('not-for-us', 'Its manifest names another recipient: it was forwarded or re-encrypted by someone else.');
  }
  if (manifest.members.length > options.maxMembers) {
    throw new PackageRefused('too-large', `It has ${manifest.members.length} members; at most ${options.maxMembers} are accepted.`);
  }
  const total = manifest.members.reduce((sum, member) => sum + member.bytes, 0);
  if (total > options.maxBytes) throw new PackageRefused('too-large', `Its members total ${total} bytes; at most ${options.maxBytes} are accepted.`);
}

/** copies the current entry to `file` (0600), returning its SHA-256 */
async function extractEntry(tar: TarReader, file: string): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(file, 'wx', 0o600);
  try {
    for await (const piece of tar.body()) {
      hash.update(piece);
      await fh.write(piece);
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

async function extractMembers(tar: TarReader, manifest: PackageManifest, dir: string, maxBytes: number): Promise<Map<string, ExtractedMember>> {
  const expected = new Map(manifest.members.map((member, index) => [member.path, { member, index }]));
  const found = new Map<string, ExtractedMember>();
  for (let entry = await tar.next(); entry !== null; entry = await tar.next()) {
    if (entry.size > maxBytes) throw new PackageRefused('too-large', `Its archive declares a member of ${entry.size} bytes; at most ${maxBytes} are accepted.`);
    const wanted = expected.get(entry.name);
    if (found.has(entry.name)) throw new PackageRefused('tampered', `Member ${entry.name} appears twice in the archive.`);
    if (!wanted) throw new PackageRefused('tampered', 'The archive holds a file the manifest does not list.');
    const { member, index } = wanted;
    if (entry.size !== member.bytes) throw new PackageRefused('tampered', `Member ${member.path} is ${entry.size} bytes; the manifest says ${member.bytes}.`);
    const file = join(dir, `member-${String(index).padStart(5, '0')}`);
    const sha256 = await extractEntry(tar, file);
    if (sha256 !== member.sha256) throw new PackageRefused('tampered', `Member ${member.path}'s SHA-256 differs from the manifest's.`);
    found.set(member.path, { file, sha256, bytes: member.bytes, role: member.role });
  }
  const missing = manifest.members.find((member) => !found.has(member.path));
  if (missing) throw new PackageRefused('tampered', `Member ${missing.path} is missing from the archive.`);
  if (!(await tar.onlyZerosLeft())) throw new PackageRefused('tampered', 'Data follows the end of its archive.');
  return new Map(manifest.members.map((member) => [member.path, found.get(member.path)!]));
}

async function decryptAndExtract(file: string, dir: string, options: Required<Omit<OpenPackageOptions, 'tempDir'>>): Promise<Omit<OpenedPackage, 'dispose'>> {
  const hash = createHash('sha256');
  let bytes = 0;
  const cipherFile = createReadStream(file, { highWaterMark: FILE_CHUNK });
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of cipherFile as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  const decrypter = new Decrypter();
  decrypter.addIdentity(options.identity.ageIdentity);
  try {
    let plaintext: ReadableStream<Uint8Array>;
    try {
      plaintext = await decrypter.decrypt(toWebStream(hashed()));
    } catch (error) {
      if (isSystemError(error)) throw error;
      throw headerRefusal(error);
    }
    const reader = plaintext.getReader();
    const tar = new TarReader(async () => {
      try {
        const { done, value } = await reader.read();
        return done ? null : value;
      } catch (error) {
        if (isSystemError(error) || error instanceof AriadneError) throw error;
        throw new PackageRefused('tampered', 'Its encrypted content does not authenticate: it was changed or cut short.', { cause: error });
      }
    });
    try {
      const { manifestBytes, signatureFile } = await readManifest(tar);
      const manifest = parseManifestBytes(manifestBytes);
      checkManifest(manifest, manifestBytes, signatureFile, options);
      const members = await extractMembers(tar, manifest, dir, options.maxBytes);
      return { manifest, manifestBytes, members, sha256: hash.digest('hex'), bytes };
    } catch (error) {
      if (error instanceof TarFormatError) throw new PackageRefused('not-a-package', `Its archive is malformed: ${error.message}.`);
      throw error;
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  } finally {
    cipherFile.destroy();
  }
}

/**
 * Opens, verifies and extracts a package addressed to `options.identity`. Throws `PackageRefused`
 * (see the module comment), NOT_FOUND when there is no such file, and I/O errors as they are.
 */
export async function openPackage(file: string, options: OpenPackageOptions): Promise<OpenedPackage> {
  const limits = { identity: options.identity, maxBytes: options.maxBytes ?? DEFAULT_MAX_PACKAGE_BYTES, maxMembers: options.maxMembers ?? DEFAULT_MAX_MEMBERS };
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AriadneError('NOT_FOUND', `there is no package file at ${file}`);
    throw error;
  }
  if (!info.isFile()) throw new PackageRefused('not-a-package', 'It is not a file.');
  if (info.size > limits.maxBytes) throw new PackageRefused('too-large', `It is ${info.size} bytes; at most ${limits.maxBytes} are accepted.`);
  if (info.size === 0) throw new PackageRefused('not-a-package', 'The file is empty.');
  if (!(await startsWithAgeMagic(file))) throw new PackageRefused('not-a-package', 'It is not an age-encrypted file.');
  const dir = await mkdtemp(join(options.tempDir, 'package-'));
  try {
    const opened = await decryptAndExtract(file, dir, limits);
    let disposed: Promise<void> | null = null;
    return { ...opened, dispose: () => (disposed ??= rm(dir, { recursive: true, force: true })) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
