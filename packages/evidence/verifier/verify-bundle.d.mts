/**
 * Types of verify-bundle.mjs, so that TypeScript code imports the standalone verifier with
 * types (the repository's tsconfig does not check JavaScript). Keep in step with the JSDoc there.
 */
import type { KeyObject } from 'node:crypto';

export declare const FORMAT: 'ariadne-evidence-bundle';
export declare const VERSION: 1;
export declare const LIMITS: Readonly<{
  entries: number;
  manifestBytes: number;
  smallFileBytes: number;
  paxBytes: number;
  problems: number;
  proofLength: number;
  jsonDepth: number;
}>;
export declare const FIXED_FILES: Readonly<{ manifest: 'bundle.json'; checkpoint: 'checkpoint.txt'; key: 'log.vkey'; signature: 'bundle.sig' }>;
export declare function manifestSignatureText(bundleId: string, manifestSha256: string): string;
export declare const ATTACHMENTS: readonly ['custody-report.html', 'README.txt', 'verify-bundle.mjs'];

export type ProblemCode =
  | 'empty' | 'compressed-archive' | 'not-a-tar' | 'bad-header' | 'bad-header-checksum' | 'truncated'
  | 'too-many-entries' | 'unsafe-name' | 'unsupported-entry' | 'duplicate-name' | 'bad-padding' | 'trailing-data'
  | 'manifest-missing' | 'manifest-too-large' | 'manifest-invalid' | 'unexpected-file' | 'missing-file'
  | 'file-size-mismatch' | 'file-hash-mismatch' | 'attachment-mismatch' | 'key-invalid' | 'key-mismatch' | 'wrong-key'
  | 'checkpoint-mismatch' | 'checkpoint-invalid' | 'checkpoint-signature' | 'origin-mismatch'
  | 'event-invalid' | 'event-order' | 'event-duplicate' | 'entry-invalid' | 'seq-mismatch' | 'leaf-hash-mismatch'
  | 'details-invalid' | 'details-hash-mismatch' | 'case-mismatch' | 'proof-invalid' | 'event-after-export'
  | 'event-foreign' | 'event-missing' | 'chain-broken' | 'intake-missing' | 'item-invalid' | 'item-mismatch'
  | 'item-events' | 'layout' | 'export-missing' | 'export-mismatch' | 'item-missing' | 'manifest-signature';

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly path?: string;
  readonly seq?: number;
  readonly item?: string;
}

export interface KeySummary {
  readonly name: string;
  readonly keyId: string;
  /** hex SHA-256 of the verifier key string */
  readonly fingerprint: string;
  readonly verifierKey: string;
}

export interface Summary {
  readonly bytes: number;
  readonly entries: number;
  readonly bundleId: string | null;
  readonly createdAt: string | null;
  readonly case: { readonly id: string | null; readonly name: string | null } | null;
  readonly purpose: string | null;
  readonly recipient: string | null;
  readonly log: { readonly origin: string; readonly treeSize: number; readonly rootHash: string } | null;
  /** the key the checkpoint was checked with: `options.key` when given, else the bundle's */
  readonly key: KeySummary | null;
  readonly bundleKey: KeySummary | null;
  readonly keySource: 'bundle' | 'option' | null;
  readonly items: number;
  readonly events: number;
  readonly fileBytes: number;
  readonly verifier: { readonly self: string | null; readonly bundled: string | null };
  /** problems beyond LIMITS.problems, counted but not listed */
  readonly moreProblems: number;
}

export interface Verification {
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly summary: Summary;
}

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
  readonly text: string;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

export declare function verifyBundle(
  input: string | AsyncIterable<Uint8Array>,
  options?: { key?: string; onProgress?: (bytesRead: number, totalBytes: number | null) => void },
): Promise<Verification>;
export declare function checkManifest(manifest: unknown, options?: { key?: string }): Verification;
export declare function canonicalJson(value: unknown, depth?: number): string;
export declare function leafHashOf(entry: string): string;
export declare function verifyInclusion(
  claim: { leaf: Buffer; index: number; size: number; root: Buffer },
  proof: readonly Buffer[],
): boolean;
export declare function parseVerifierKey(text: string): VerifierKey;
export declare function keyFingerprint(verifierKey: string): string;
export declare function openNote(note: string, key: VerifierKey): { ok: boolean; text: string | null; reason: string };
export declare function parseCheckpoint(text: string): Checkpoint | null;
export declare function safeSegment(value: string, max: number): string;
export declare function itemFilePath(item: { id: string; sha256: string; filename: string | null }): string;
export declare function main(argv: readonly string[]): Promise<number>;
