/**
 * One error family for all of Ariadne. Errors carry a stable `code` (documented in
 * `ERROR_CODES`), a message safe to show to the user, structured `details` (for validation: a
 * message per property path) and an optional `cause`. They carry no HTTP status: the server maps
 * codes to statuses in one table (`apps/server/src/problem.ts`), the CLI maps them to exit codes.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'The input does not satisfy the schema; `details` names each bad field.',
  UNKNOWN_SCHEMA: 'No schema of that name exists in the model.',
  UNKNOWN_PROPERTY: 'The schema has no property of that name.',
  ABSTRACT_SCHEMA: 'Abstract schemata (Thing, LegalEntity, …) cannot be instantiated.',
  MALFORMED_INPUT: 'The input could not be parsed (bad JSON, CSV or encoding).',
  PAYLOAD_TOO_LARGE: 'The request or record is larger than allowed.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body is not in a format this route accepts (send JSON).',
  NOT_FOUND: 'The thing asked for does not exist or is not visible to you.',
  CONFLICT: 'The write conflicts with existing data (for example a duplicate id).',
  UNAUTHENTICATED: 'Sign in, or send a valid API token.',
  FORBIDDEN: 'You are signed in but lack the permission or case membership this needs.',
  CSRF_FAILED: 'The request lacks a valid X-CSRF-Token header.',
  ACCOUNT_LOCKED: 'Too many failed sign-ins; the account is locked for a while.',
  RATE_LIMITED: 'Too many requests; wait and try again.',
  JOURNAL_BROKEN: 'The journal does not verify: an entry was changed or removed.',
  LEDGER_INCONSISTENT: 'The journal\'s Merkle log does not extend its last signed checkpoint, or its tiles do not match the journal; nothing was signed.',
  UPLOAD_INCOMPLETE: 'The upload was interrupted or cancelled before it finished; send it again (or resume it).',
  EVIDENCE_CORRUPT: 'A stored evidence file does not verify: it was changed, truncated or damaged.',
  EVIDENCE_KEY_MISMATCH: 'The evidence was sealed with a different vault key than the one configured.',
  VAULT_KEY_INVALID: 'The vault key is missing, malformed, or kept in a file others can read.',
  UPSTREAM_UNAVAILABLE: 'An outside source (a list publisher) could not be reached or did not send the file; try again later or import a local copy.',
  CANCELLED: 'The work was cancelled before it finished; nothing was kept of it.',
  INTERNAL: 'An unexpected error; it was logged without personal data.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AriadneError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, string>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AriadneError';
    this.code = code;
    this.details = options.details;
  }
}

export function isAriadneError(error: unknown): error is AriadneError {
  return error instanceof AriadneError;
}
