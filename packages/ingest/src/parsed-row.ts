import type { BulkEntity } from '@ariadne/store';

/**
 * One line (FtM) or record (CSV) as a row reader yields it: its entities, or why it has none.
 * `blank` lines (empty lines, the CSV header) count as read but are not rows.
 */
export interface ParsedRow {
  /** 1-based line number; for a CSV record spanning lines, the line where it ends */
  readonly line: number;
  /** bytes of the file consumed so far (for progress) */
  readonly offset: number;
  readonly entities?: readonly BulkEntity[];
  readonly error?: string;
  readonly blank?: boolean;
}

/** `name: message; other: message` from a validation error map */
export function describeErrors(errors: Readonly<Record<string, string>>): string {
  return Object.entries(errors).map(([key, message]) => `${key}: ${message}`).join('; ');
}
