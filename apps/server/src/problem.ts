/**
 * RFC 9457 problem details. Errors carry codes (`@ariadne/schema` `ERROR_CODES`), never HTTP
 * statuses; this file holds the one table from code to status, and turns anything thrown —
 * our errors, zod's, fastify's own — into `application/problem+json`.
 */
import { AriadneError, ERROR_CODES, isAriadneError, type ErrorCode } from '@ariadne/schema';
import { z } from 'zod';
import { REFUSAL_REASONS } from '@ariadne/sharing/types';

/** The one code → HTTP status table (RFC 9110 §15). */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNKNOWN_SCHEMA: 400,
  UNKNOWN_PROPERTY: 400,
  ABSTRACT_SCHEMA: 400,
  MALFORMED_INPUT: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  ACCOUNT_LOCKED: 423, // RFC 4918 §11.3 "Locked"
  RATE_LIMITED: 429, // RFC 6585 §4
  JOURNAL_BROKEN: 500,
  // a refusal to sign history that was rewritten: shown (sizes and hashes only), not a crash
  LEDGER_INCONSISTENT: 409,
  UPLOAD_INCOMPLETE: 400,
  EVIDENCE_CORRUPT: 500,
  EVIDENCE_KEY_MISMATCH: 500,
  VAULT_KEY_INVALID: 500,
  // a publisher did not answer: its host and status help the operator, and reveal nothing of ours
  UPSTREAM_UNAVAILABLE: 502,
  // an analysis cancelled by its owner while the request waited for it
  CANCELLED: 409,
  INTERNAL: 500,
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly errors?: Readonly<Record<string, string>>;
  readonly instance: string;
}

/** The zod shape of a problem, for the OpenAPI document. */
export const problemSchema = z.object({
  type: z.string().describe('URI reference naming the problem type; resolves to the docs entry for `code`'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  errors: z.record(z.string(), z.string()).optional().describe('message per property path (validation failures)'),
  // extension members (RFC 9457 §3.2) of the sharing routes: clients act on them, not on `detail`
  reason: z.enum(REFUSAL_REASONS).optional().describe('why a sharing package (or a send) was refused'),
  refused: z.array(z.object({ id: z.string(), reason: z.string() })).optional()
    .describe('the records a send refused (a victim\'s record without consent for the agreement\'s purpose), by id'),
  instance: z.string().describe('the request path (never its query string)'),
}).meta({ id: 'Problem' });

export function problemTypeOf(code: ErrorCode): string {
  return `/api/docs#problem-${code.toLowerCase().replaceAll('_', '-')}`;
}

function titleOf(code: ErrorCode): string {
  return code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');
}

export interface ProblemInput {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: Readonly<Record<string, string>>;
  /** a status other than the code's (e.g. 422 for a well-formed request refused on its content) */
  readonly status?: number;
  /** extension members (RFC 9457 §3.2), e.g. a refused package's `reason` */
  readonly members?: Readonly<Record<string, unknown>>;
}

/**
 * An error answered with extension members and, when given, a status of its own: a refusal the
 * client acts on by a stable member (`reason`, `refused`), not by parsing the detail. The message
 * and members are shown to the client: they must hold no personal data.
 */
export class ProblemError extends AriadneError {
  readonly status: number | undefined;
  readonly members: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { status?: number; members?: Record<string, unknown>; details?: Record<string, string>; cause?: unknown } = {}) {
    super(code, message, { ...(options.details ? { details: options.details } : {}), ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.name = 'ProblemError';
    this.status = options.status;
    this.members = options.members ?? {};
  }
}

/** the members every problem has; an extension never replaces one */
const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'errors', 'instance']);

export function makeProblem(input: ProblemInput, instance: string): Problem {
  const status = input.status ?? STATUS_BY_CODE[input.code];
  const members = Object.fromEntries(Object.entries(input.members ?? {}).filter(([key]) => !STANDARD_MEMBERS.has(key)));
  return {
    type: problemTypeOf(input.code),
    title: titleOf(input.code),
    status,
    detail: input.detail ?? ERROR_CODES[input.code],
    code: input.code,
    ...(input.errors && Object.keys(input.errors).length > 0 ? { errors: input.errors } : {}),
    ...members,
    instance,
  };
}

/** zod issues → `{ "path.to.field": message }`; unknown keys are named one by one. */
export function zodErrors(error: z.ZodError, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out[base ? `${base}.${key}` : key] = 'unknown property';
    } else {
      out[base || prefix] ??= issue.message;
    }
  }
  return out;
}

/** fastify's own errors (FST_ERR_*) → our codes. */
const FASTIFY_ERRORS: Readonly<Record<string, ProblemInput>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_INPUT', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_INPUT', detail: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'MALFORMED_INPUT', detail: 'The Content-Length does not match the body.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'The body is larger than allowed.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send JSON (Content-Type: application/json).' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send JSON (Content-Type: application/json).' },
  FST_ERR_BAD_URL: { code: 'MALFORMED_INPUT', detail: 'The URL is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'MALFORMED_INPUT' },
};

/** Anything thrown → problem input; `internal` marks what must be logged as a server fault. */
export function toProblemInput(error: unknown): ProblemInput & { readonly internal: boolean } {
  if (error instanceof ProblemError) {
    return {
      code: error.code, detail: error.message, errors: error.details, members: error.members, internal: false,
      ...(error.status === undefined ? {} : { status: error.status }),
    };
  }
  if (isAriadneError(error)) {
    const status = STATUS_BY_CODE[error.code];
    // our messages are written to be shown; 5xx messages are not (they may quote data)
    const ours = status >= 500 && error.code !== 'UPSTREAM_UNAVAILABLE';
    return { code: error.code, detail: ours ? ERROR_CODES[error.code] : error.message, errors: error.details, internal: ours };
  }
  if (error instanceof z.ZodError) return { code: 'VALIDATION_FAILED', errors: zodErrors(error, ''), internal: false };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FASTIFY_ERRORS) return { ...(FASTIFY_ERRORS[code] as ProblemInput), internal: false };
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { code: statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : statusCode === 404 ? 'NOT_FOUND' : statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_INPUT', internal: false };
  }
  return { code: 'INTERNAL', internal: true };
}
