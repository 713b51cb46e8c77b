/**
 * A failure of the input as a whole (an unterminated quote, a record past the size limit, bytes
 * that are not the declared encoding): reading cannot go on, so the import stops at `line`.
 * Bad rows are not failures: they are reported and skipped.
 */
import { AriadneError, isAriadneError } from '@ariadne/schema';

export function inputFailure(line: number, message: string, cause?: unknown): AriadneError {
  return new AriadneError('MALFORMED_INPUT', message, { details: { line: String(line) }, ...(cause === undefined ? {} : { cause }) });
}

/** the line of an `inputFailure`, or null for any other error */
export function failureLine(error: unknown): number | null {
  if (!isAriadneError(error) || error.code !== 'MALFORMED_INPUT') return null;
  const line = Number(error.details?.line);
  return Number.isSafeInteger(line) ? line : null;
}
