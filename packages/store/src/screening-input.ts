/** Checks and query pieces shared by the alert and duplicate stores. */
import { AriadneError } from '@ariadne/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { storableText } from './list-delta.ts';
import { decodeCursor } from './cursor.ts';

const MAX_REASONS = 100;
const MAX_REASON = 1000;

/** a score is a number from 0 to 1 */
export function checkScore(score: unknown, field: string): number {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    throw new AriadneError('VALIDATION_FAILED', 'A score is a number from 0 to 1.', { details: { [field]: 'score out of range' } });
  }
  return score;
}

/** the reasons of a match, as stored: strings, at most 100 of at most 1,000 characters each */
export function cleanExplanation(explanation: unknown): string[] {
  if (!Array.isArray(explanation)) return [];
  return explanation.slice(0, MAX_REASONS).map((r) => storableText(String(r)).slice(0, MAX_REASON));
}

/**
 * `column` is one of the visible cases; `null` among them stands for "no case" (reference data).
 *
 * @example query.where(caseFilter('case_id', ['case-1', null]))
 */
export function caseFilter(column: string, caseIds: readonly (string | null)[]): RawBuilder<SqlBool> {
  const ids = caseIds.filter((c): c is string => c !== null);
  const parts = [];
  if (ids.length > 0) parts.push(sql`${sql.ref(column)} = any(${ids}::text[])`);
  if (caseIds.includes(null)) parts.push(sql`${sql.ref(column)} is null`);
  return parts.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** rows after the cursor's in `created_at desc, id desc` order */
export function keysetBefore(cursor: string): RawBuilder<SqlBool> {
  const [at, id] = decodeCursor(cursor);
  if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.');
  return sql<SqlBool>`(created_at, id) < (${new Date(at)}::timestamptz, ${id})`;
}
