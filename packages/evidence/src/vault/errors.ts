/**
 * The vault's precise errors, in one place so that reading, verifying and recovering an upload
 * word the same problem the same way. `what` names the damaged thing ("evidence blob 3fa4…",
 * "upload u-123"); details carry the machine-readable part.
 */
import { AriadneError } from '@ariadne/schema/errors';

export type CorruptProblem =
  | 'header-truncated' | 'not-a-vault-file' | 'unsupported-version' | 'header-tampered'
  | 'record-tampered' | 'record-length' | 'truncated' | 'trailing-data' | 'name-mismatch' | 'terminal-in-upload';

export function corrupt(what: string, problem: CorruptProblem, message: string, record?: number): AriadneError {
  const details: Record<string, string> = { blob: what, problem };
  if (record !== undefined) details.record = String(record);
  return new AriadneError('EVIDENCE_CORRUPT', `${what}: ${message}`, { details });
}

export function keyMismatch(what: string, sealedWith: string, given: string): AriadneError {
  return new AriadneError('EVIDENCE_KEY_MISMATCH', `${what} was encrypted with key ${sealedWith}, the key given is ${given}`, {
    details: { blob: what, sealedWith, given },
  });
}

export function uploadIncomplete(message: string, offset: number, cause?: unknown): AriadneError {
  return new AriadneError('UPLOAD_INCOMPLETE', message, { details: { offset: String(offset) }, cause });
}

export function tooLarge(maxBytes: number): AriadneError {
  return new AriadneError('PAYLOAD_TOO_LARGE', `the file is larger than the limit of ${maxBytes} bytes`, { details: { maxBytes: String(maxBytes) } });
}

export function emptyFile(): AriadneError {
  return new AriadneError('VALIDATION_FAILED', 'the file is empty', { details: { file: 'the file is empty' } });
}
