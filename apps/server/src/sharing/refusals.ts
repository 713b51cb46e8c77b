/**
 * How a refusal is answered. A refused package is a problem with its `reason` (one of
 * `REFUSAL_REASONS`) as an extension member, so a client acts on the reason and a person reads
 * the detail: 409 for a replay, 413 for a package too large, 403 when it is not ours to open
 * (`not-for-us`, `unknown-sender`, `sender-key-mismatch`), 422 for every other refusal (the
 * request is well-formed; the package in it cannot be accepted). A send refused for want of
 * consent is a 422 listing the records (ids and reasons, never names).
 */
import { isAriadneError, type ErrorCode } from '@ariadne/schema';
import { isPackageRefused, refusalSentence, REFUSAL_REASONS, type RefusalReason, type RefusedRecord } from '@ariadne/sharing';
import { ProblemError } from '../problem.ts';

export function refusalStatus(reason: RefusalReason): 403 | 409 | 413 | 422 {
  switch (reason) {
    case 'replayed': return 409;
    case 'too-large': return 413;
    case 'not-for-us':
    case 'unknown-sender':
    case 'sender-key-mismatch': return 403;
    default: return 422;
  }
}

const CODE_BY_STATUS: Readonly<Record<403 | 409 | 413 | 422, ErrorCode>> = { 403: 'FORBIDDEN', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 422: 'VALIDATION_FAILED' };

export interface Refusal {
  readonly reason: RefusalReason;
  /** what exactly failed; names members, fields and ids, never values */
  readonly detail: string;
}

function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && (REFUSAL_REASONS as readonly string[]).includes(value);
}

/**
 * The refusal an error stands for: a `PackageRefused` of `@ariadne/sharing`, or a store CONFLICT
 * naming its reason in `details.reason`; null for any other error.
 */
export function refusalOf(error: unknown): Refusal | null {
  if (isPackageRefused(error)) return { reason: error.reason, detail: error.detail };
  const reason = isAriadneError(error) && error.code === 'CONFLICT' ? error.details?.reason : undefined;
  if (isRefusalReason(reason)) return { reason, detail: (error as Error).message };
  return null;
}

/** the problem a refused package is answered with */
export function refusalProblem(refusal: Refusal): ProblemError {
  const status = refusalStatus(refusal.reason);
  const sentence = refusalSentence(refusal.reason);
  const message = refusal.detail.startsWith(sentence) ? refusal.detail : `${sentence} ${refusal.detail}`;
  return new ProblemError(CODE_BY_STATUS[status], message, { status, members: { reason: refusal.reason } });
}

/** a send refused because victims' records lack the consent the agreement's purpose needs */
export function consentProblem(refused: readonly RefusedRecord[]): ProblemError {
  return new ProblemError('VALIDATION_FAILED',
    `${refused.length} victim record${refused.length === 1 ? '' : 's'} lack the survivor's consent for this agreement's purpose; nothing was sent. `
    + 'Record the consent, or send with missingConsent "omit" to leave them out.',
    { status: 422, members: { refused: refused.map((r) => ({ id: r.id, reason: r.reason })) } });
}
