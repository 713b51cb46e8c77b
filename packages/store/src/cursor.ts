/** Opaque cursors for keyset pagination: base64url of a JSON array of the last row's keys. */
import { AriadneError } from '@ariadne/schema';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
}

export function encodeCursor(keys: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): (string | number | null)[] {
  try {
    const keys: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(keys) && keys.every((k) => k === null || typeof k === 'string' || typeof k === 'number')) return keys;
  } catch {
    // fall through to the error below: a cursor is ours or it is bad input
  }
  throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.', { details: { cursor: 'not a cursor from this API' } });
}
