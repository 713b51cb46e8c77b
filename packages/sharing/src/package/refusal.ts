/**
 * Why an incoming package is refused. Every check of `openPackage` and
 * `checkPackageAgainstAgreement` throws a `PackageRefused`: an `AriadneError` whose code the server
 * and CLI already map (CONFLICT for a replay, PAYLOAD_TOO_LARGE for oversize, FORBIDDEN for the
 * wrong party, VALIDATION_FAILED otherwise) and which carries the precise `reason` the store
 * records (`recordRefusedPackage`) and a `detail` naming what failed. Details name members and
 * fields, never key material or personal data.
 */
import { AriadneError, type ErrorCode } from '@ariadne/schema/errors';
import type { RefusalReason } from '../types.ts';

const SENTENCES: Readonly<Record<RefusalReason, string>> = {
  'not-a-package': 'The file is not an Ariadne sharing package.',
  'not-for-us': 'The package is not addressed to this instance.',
  tampered: 'The package was changed after it was made.',
  'bad-signature': 'The package\'s signature does not match the sender it names.',
  'unknown-sender': 'The package comes from a sender that is not a registered partner.',
  'sender-key-mismatch': 'The package\'s sender is not the partner of the agreement it names.',
  'no-agreement': 'The package names a sharing agreement this instance does not hold.',
  'agreement-inactive': 'The sharing agreement is not active for receiving (still a draft, or outgoing only).',
  'agreement-expired': 'The sharing agreement is outside its validity dates.',
  'agreement-revoked': 'The sharing agreement was revoked.',
  'terms-mismatch': 'The package was made under different terms than the agreement this instance holds.',
  'package-expired': 'The package has expired.',
  replayed: 'The package was received before, or is older than one already received.',
  'exceeds-agreement': 'The package holds more than its sharing agreement allows.',
  'too-large': 'The package is larger than this instance accepts.',
  'malformed-member': 'A file inside the package is malformed.',
};

/** the English sentence shown for a refusal reason */
export function refusalSentence(reason: RefusalReason): string {
  return SENTENCES[reason];
}

function codeFor(reason: RefusalReason): ErrorCode {
  switch (reason) {
    case 'replayed': return 'CONFLICT';
    case 'too-large': return 'PAYLOAD_TOO_LARGE';
    case 'not-for-us':
    case 'unknown-sender':
    case 'sender-key-mismatch': return 'FORBIDDEN';
    default: return 'VALIDATION_FAILED';
  }
}

export class PackageRefused extends AriadneError {
  readonly reason: RefusalReason;
  /** what exactly failed, e.g. "member entities.ftm.jsonl: its SHA-256 differs from the manifest" */
  readonly detail: string;

  constructor(reason: RefusalReason, detail: string, options: { cause?: unknown } = {}) {
    super(codeFor(reason), `${refusalSentence(reason)} ${detail}`, { details: { reason }, ...options });
    this.name = 'PackageRefused';
    this.reason = reason;
    this.detail = detail;
  }
}

export function isPackageRefused(error: unknown): error is PackageRefused {
  return error instanceof PackageRefused;
}
