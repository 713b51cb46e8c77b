/**
 * Writes a sharing package: a plaintext ustar archive (`manifest.json`, `manifest.sig`, then the
 * members in manifest order) encrypted with age to the recipient, streamed to a temporary file
 * beside the output, fsynced and renamed, so a crash never leaves half a package under the real
 * name. Members stream twice, never held whole: a first pass hashes them for the manifest (which
 * must come first in the archive), the second copies them into the archive and must see the same
 * bytes, or the package is abandoned. Nothing unencrypted touches the disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { AriadneError } from '@ariadne/schema/errors';
import { PACKAGE_FORMAT, type LocalIdentity, type PackageManifest, type PackageMember, type PartyIdentity } from '../types.ts';
import { parsePartyIdentity, publicIdentity } from './identity.ts';
import { signingKeyOfSeed } from './keys.ts';
import { canonicalJson, canonicalManifestBytes, MANIFEST_NAME, memberPathProblem, parseManifest, SIGNATURE_NAME, signManifestBytes } from './manifest.ts';
import { TAR_END, tarHeader, tarPadding } from './tar.ts';
import { toWebStream } from './web-stream.ts';

/** a member's bytes: in memory (small), a function giving a fresh stream each call, or a file */
export type MemberSource = Uint8Array | (() => AsyncIterable<Uint8Array>) | { readonly file: string };

export interface PackageMemberInput {
  readonly path: string;
  readonly role: PackageMember['role'];
  readonly source: MemberSource;
}

/** the manifest before packaging: `format`, `sender`, `recipient` and `members` are filled in (and checked when given) */
export type ManifestDraft = Omit<PackageManifest, 'format' | 'sender' | 'recipient' | 'members'>
  & Partial<Pick<PackageManifest, 'format' | 'sender' | 'recipient'>>;

export interface WritePackageInput {
  readonly manifest: ManifestDraft;
  readonly members: readonly PackageMemberInput[];
  readonly sender: LocalIdentity;
  readonly recipient: PartyIdentity;
}

export interface WrittenPackage {
  /** SHA-256 (hex) of the encrypted file, as the store records it */
  readonly sha256: string;
  readonly bytes: number;
  readonly manifest: PackageManifest;
}

const FILE_CHUNK = 1024 * 1024;

async function* bytesOf(source: MemberSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else if (typeof source === 'function') yield* source();
  else yield* createReadStream(source.file, { highWaterMark: FILE_CHUNK }) as AsyncIterable<Buffer>;
}

async function measure(source: MemberSource): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of bytesOf(source)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function changed(path: string): AriadneError {
  return new AriadneError('CONFLICT', `member ${path} changed while the package was written; nothing was written`, { details: { [path]: 'changed while packaging' } });
}

/** the member's bytes again, checked against what the manifest says as they pass */
async function* verifiedBytes(member: PackageMemberInput, expected: PackageMember): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of bytesOf(member.source)) {
    bytes += chunk.length;
    if (bytes > expected.bytes) throw changed(expected.path);
    hash.update(chunk);
    yield chunk;
  }
  if (bytes !== expected.bytes || hash.digest('hex') !== expected.sha256) throw changed(expected.path);
}

/** the archive's bytes, streamed: manifest, signature, members, end marker */
async function* archive(manifestBytes: Uint8Array, signature: Uint8Array, manifest: PackageManifest, members: readonly PackageMemberInput[]): AsyncGenerator<Uint8Array> {
  const mtime = new Date(manifest.createdAt);
  for (const [name, bytes] of [[MANIFEST_NAME, manifestBytes], [SIGNATURE_NAME, signature]] as const) {
    yield tarHeader(name, bytes.length, mtime);
    yield bytes;
    yield tarPadding(bytes.length);
  }
  for (const [index, member] of members.entries()) {
    const expected = manifest.members[index]!;
    yield tarHeader(expected.path, expected.bytes, mtime);
    yield* verifiedBytes(member, expected);
    yield tarPadding(expected.bytes);
  }
  yield TAR_END;
}

async function syncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Encrypts a plaintext stream with age to `ageRecipient` into `output`: through a temporary file
 * beside it (mode 0600), fsynced, then renamed over `output`. Returns the encrypted file's hash.
 */
export async function encryptToFile(plaintext: AsyncIterable<Uint8Array>, ageRecipient: string, output: string): Promise<{ sha256: string; bytes: number }> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(ageRecipient);
  const cipher = (await encrypter.encrypt(toWebStream(plaintext))).getReader();
  const dir = dirname(output);
  const temp = join(dir, `.${basename(output)}.${randomBytes(6).toString('hex')}.partial`);
  const fh = await open(temp, 'wx', 0o600);
  let stillOpen = true;
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const { done, value } = await cipher.read();
      if (done) break;
      hash.update(value);
      bytes += value.length;
      await fh.write(value);
    }
    await fh.sync();
    await fh.close();
    stillOpen = false;
    await rename(temp, output);
    await syncDir(dir);
    return { sha256: hash.digest('hex'), bytes };
  } catch (error) {
    await cipher.cancel().catch(() => undefined);
    if (stillOpen) await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

function sameParty(given: PartyIdentity | undefined, actual: PartyIdentity, field: 'sender' | 'recipient'): void {
  if (given !== undefined && canonicalJson(publicIdentity(given)) !== canonicalJson(publicIdentity(actual))) {
    throw new AriadneError('VALIDATION_FAILED', `the manifest's ${field} is not the package's ${field}`, { details: { [field]: 'differs from the identity given' } });
  }
}

/** checks what can be checked before reading any member: identities, the draft, member paths */
function checkInput(input: WritePackageInput): { sender: PartyIdentity; recipient: PartyIdentity } {
  const recipient = parsePartyIdentity(publicIdentity(input.recipient));
  if (signingKeyOfSeed(input.sender.signingSeed) !== input.sender.signingKey) {
    throw new AriadneError('VALIDATION_FAILED', 'the sender\'s signing seed does not belong to its signing key', { details: { sender: 'inconsistent identity' } });
  }
  const sender = parsePartyIdentity(publicIdentity(input.sender));
  if (input.manifest.format !== undefined && input.manifest.format !== PACKAGE_FORMAT) {
    throw new AriadneError('VALIDATION_FAILED', `the manifest's format must be ${PACKAGE_FORMAT}`, { details: { format: `must be ${PACKAGE_FORMAT}` } });
  }
  sameParty(input.manifest.sender, sender, 'sender');
  sameParty(input.manifest.recipient, recipient, 'recipient');
  parseManifest({ ...input.manifest, format: PACKAGE_FORMAT, sender, recipient, members: [] });
  const seen = new Set<string>();
  for (const member of input.members) {
    const problem = memberPathProblem(member.path) ?? (seen.has(member.path) ? 'repeats an earlier member' : null);
    if (problem) throw new AriadneError('VALIDATION_FAILED', `a member path ${problem}`, { details: { [`members.${seen.size}.path`]: problem } });
    seen.add(member.path);
  }
  return { sender, recipient };
}

/**
 * Builds, signs and encrypts a package to `output` (replacing a file there only once the new one
 * is whole). VALIDATION_FAILED for a bad draft, path or identity; CONFLICT when a member changes
 * while it is packaged; nothing is left behind on failure.
 */
export async function writePackage(input: WritePackageInput, output: string): Promise<WrittenPackage> {
  const { sender, recipient } = checkInput(input);
  const members: PackageMember[] = [];
  for (const member of input.members) members.push({ path: member.path, role: member.role, ...(await measure(member.source)) });
  const manifest = parseManifest({ ...input.manifest, format: PACKAGE_FORMAT, sender, recipient, members });
  const manifestBytes = canonicalManifestBytes(manifest);
  const signature = signManifestBytes(manifestBytes, input.sender.signingSeed);
  const written = await encryptToFile(archive(manifestBytes, signature, manifest, input.members), recipient.ageRecipient, output);
  return { ...written, manifest };
}
