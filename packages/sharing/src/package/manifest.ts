/**
 * A package's manifest: its strict schema, its canonical bytes and its signature. The signature
 * is Ed25519 over the exact bytes of `manifest.json` as it travels (we write canonical JSON:
 * sorted keys, no spaces, UTF-8), kept in `manifest.sig` as one line of base64. A reader verifies
 * the bytes it received, never a re-serialisation, so no JSON subtlety can change what was signed.
 */
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema/errors';
import { canonicalJson } from '../canonical-json.ts';
import { PACKAGE_FORMAT, PACKAGE_KINDS, SHARE_PURPOSES, type PackageManifest } from '../types.ts';
import { isPartyName } from './identity.ts';
import { isAgeRecipient, isSigningKey, signBytes, SIGNATURE_BYTES, verifyBytes } from './keys.ts';

export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.sig';
export const MEMBER_ROLES = ['entities', 'alerts', 'evidence-bundle', 'mla-request', 'mla-cover', 'notice'] as const;
const MAX_PATH = 200;

/**
 * Why a member path is unsafe to extract or to show, or null when it is fine: relative POSIX
 * paths of plain segments only, so no reader can be led outside its folder.
 */
export function memberPathProblem(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH) return `must be 1–${MAX_PATH} characters`;
  if (path.includes('\\')) return 'must not contain a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(path)) return 'must not contain control characters';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'must not contain ".."';
  if (segments.some((s) => s === '' || s === '.')) return 'must not contain empty or "." segments';
  if (path === MANIFEST_NAME || path === SIGNATURE_NAME) return 'is reserved for the manifest';
  return null;
}

const token = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1–128 letters, digits or ._:-');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');
const timestamp = z.iso.datetime({ message: 'must be an ISO timestamp in UTC (…Z)' });

const partySchema = z.strictObject({
  name: z.string().refine(isPartyName, 'must be 1–200 characters without surrounding spaces or control characters'),
  signingKey: z.string().refine(isSigningKey, 'must be a base64 Ed25519 public key of 32 bytes'),
  ageRecipient: z.string().refine(isAgeRecipient, 'must be an age X25519 recipient (age1…)'),
});

const memberSchema = z.strictObject({
  path: z.string().superRefine((path, ctx) => {
    const problem = memberPathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  sha256: sha256Hex,
  bytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  role: z.enum(MEMBER_ROLES),
});

export const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  kind: z.enum(PACKAGE_KINDS),
  packageId: token,
  agreementId: token,
  termsSha256: sha256Hex,
  purpose: z.enum(SHARE_PURPOSES),
  sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  sender: partySchema,
  recipient: partySchema,
  createdAt: timestamp,
  expiresAt: timestamp,
  members: z.array(memberSchema).superRefine((members, ctx) => {
    const seen = new Set<string>();
    members.forEach((member, index) => {
      if (seen.has(member.path)) ctx.addIssue({ code: 'custom', message: 'repeats the path of an earlier member', path: [index, 'path'] });
      seen.add(member.path);
    });
  }),
  counts: z.record(z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'count names are 1–64 letters, digits or ._:-'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER))
    .refine((counts) => Object.keys(counts).length <= 200, 'at most 200 counts'),
  notice: z.string().max(4000).optional(),
}).refine((m) => Date.parse(m.expiresAt) > Date.parse(m.createdAt), { message: 'must be after createdAt', path: ['expiresAt'] });

/** the first problems of a manifest, `{ "members.0.path": "must be relative" }`, or null when valid */
export function manifestIssues(value: unknown): Record<string, string> | null {
  const result = manifestSchema.safeParse(value);
  if (result.success) return null;
  const issues: Record<string, string> = {};
  for (const issue of result.error.issues.slice(0, 20)) {
    const key = issue.path.length ? issue.path.join('.') : '(manifest)';
    issues[key] ??= issue.message;
  }
  return issues;
}

/** validates a manifest; VALIDATION_FAILED with one message per bad field */
export function parseManifest(value: unknown): PackageManifest {
  const issues = manifestIssues(value);
  if (issues) {
    const [first] = Object.entries(issues);
    throw new AriadneError('VALIDATION_FAILED', `the package manifest is invalid: ${first![0]} ${first![1]}`, { details: issues });
  }
  return value as PackageManifest;
}

/** the bytes of `manifest.json` as written */
export function canonicalManifestBytes(manifest: PackageManifest): Uint8Array {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

/** `manifest.sig`: the Ed25519 signature of the manifest bytes, one line of base64 */
export function signManifestBytes(manifestBytes: Uint8Array, signingSeed: Uint8Array): Uint8Array {
  return Buffer.from(`${Buffer.from(signBytes(signingSeed, manifestBytes)).toString('base64')}\n`, 'ascii');
}

/** the signature in a `manifest.sig`, or null when it is not exactly one line of base64 of 64 bytes */
export function parseSignatureFile(bytes: Uint8Array): Uint8Array | null {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.endsWith('\n')) return null;
  const b64 = text.slice(0, -1);
  const raw = Buffer.from(b64, 'base64');
  return raw.length === SIGNATURE_BYTES && raw.toString('base64') === b64 ? raw : null;
}

/** true when `signatureFile` holds a valid signature of exactly `manifestBytes` by `signingKey` */
export function verifyManifestBytes(manifestBytes: Uint8Array, signatureFile: Uint8Array, signingKey: string): boolean {
  const signature = parseSignatureFile(signatureFile);
  return signature !== null && verifyBytes(signingKey, manifestBytes, signature);
}

/** the sharing package's one canonical JSON, for callers of this module */
export { canonicalJson };
