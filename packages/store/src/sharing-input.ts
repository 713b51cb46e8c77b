/**
 * Input checks shared by the information-sharing modules: ids, hashes, counts, times, agreement
 * terms, and the errors they raise. Pure: no database. A CONFLICT raised by the sharing part
 * names, in `details.reason`, the `RefusalReason` a caller records the package under.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AgreementTerms, RefusalReason } from '@ariadne/sharing/types';
import { storableText } from './list-delta.ts';
import { decodeCursor } from './cursor.ts';

const MAX_ID = 200;
const MAX_COUNT_KEYS = 100;
const COUNT_KEY = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;
/** ids named in an error's details, at most */
const MAX_IDS_SHOWN = 100;

export function invalid(field: string, problem: string, message = 'The sharing input is not valid.'): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details: { [field]: problem } });
}

/** a CONFLICT a caller turns into a refusal: `details.reason` is the refusal reason */
export function refusal(reason: RefusalReason, message: string, more: Record<string, string> = {}): AriadneError {
  return new AriadneError('CONFLICT', message, { details: { ...more, reason } });
}

/** ids for an error's details: a JSON array (ids may hold commas), the first hundred */
export function idList(ids: readonly string[]): string {
  return JSON.stringify(ids.slice(0, MAX_IDS_SHOWN));
}

/** an id as given by a partner or a caller: printed in lists and errors, so no control characters */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID || /\p{Cc}/u.test(value) || storableText(value) !== value) {
    throw invalid(field, `empty, longer than ${MAX_ID} characters or holds control characters`);
  }
  return value;
}

/** one line of text as stored: NUL and lone surrogates dropped, control characters as spaces, trimmed */
export function checkLine(value: unknown, field: string, max: number, required: boolean): string {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'required');
    return '';
  }
  if (typeof value !== 'string') throw invalid(field, 'not text');
  const text = storableText(value).replace(/\p{Cc}+/gu, ' ').trim();
  if (required && text === '') throw invalid(field, 'required');
  if (text.length > max) throw invalid(field, `longer than ${max} characters`);
  return text;
}

export function checkSha256(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA256.test(value)) throw invalid(field, 'not a SHA-256 in lower-case hex');
  return value;
}

export function checkNonNegative(value: unknown, field: string, atLeast = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < atLeast) throw invalid(field, `not a whole number of at least ${atLeast}`);
  return value;
}

export function checkTime(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(field, 'not a valid time');
  return value;
}

/** a manifest's counts: named whole numbers, no personal data (names are short identifiers) */
export function checkCounts(value: unknown, field = 'counts'): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'not an object of counts');
  const entries = Object.entries(value);
  if (entries.length > MAX_COUNT_KEYS) throw invalid(field, `more than ${MAX_COUNT_KEYS} counts`);
  const out: Record<string, number> = {};
  for (const [key, count] of entries) {
    if (!COUNT_KEY.test(key)) throw invalid(field, 'a count is named by a short identifier (letters, digits, ".", "_", "-")');
    out[key] = checkNonNegative(count, field);
  }
  return out;
}

/** the UTC day an ISO date names, as [first millisecond, first millisecond of the next day) */
function dayStart(value: unknown, field: string): number {
  const at = typeof value === 'string' && ISO_DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== value) throw invalid(field, 'not a date (YYYY-MM-DD)');
  return at;
}

/**
 * The checks the store needs of terms (which `checkTerms` of `@ariadne/sharing` validated in
 * full): an object, 1–5 approvals, valid dates in order.
 */
export function checkStoredTerms(value: unknown): AgreementTerms {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('terms', 'not an object');
  const terms = value as AgreementTerms;
  if (!Number.isInteger(terms.approvalsRequired) || terms.approvalsRequired < 1 || terms.approvalsRequired > 5) {
    throw invalid('terms.approvalsRequired', 'not a whole number from 1 to 5');
  }
  if (dayStart(terms.validFrom, 'terms.validFrom') > dayStart(terms.validUntil, 'terms.validUntil')) {
    throw invalid('terms.validUntil', 'before validFrom', 'An agreement ends on or after the day it starts.');
  }
  return terms;
}

/** whether `at` falls on or between the terms' first and last day (UTC days, both inclusive) */
export function withinTerms(terms: AgreementTerms, at: Date): boolean {
  const from = dayStart(terms.validFrom, 'terms.validFrom');
  const until = dayStart(terms.validUntil, 'terms.validUntil') + DAY;
  return at.getTime() >= from && at.getTime() < until;
}

/** rows after the cursor's in `<time> desc, id desc` order, for a table whose time column is `column` */
export function timeKeysetBefore(cursor: string, column: 'created_at' | 'at'): RawBuilder<SqlBool> {
  const [at, id] = decodeCursor(cursor);
  if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) {
    throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.', { details: { cursor: 'not a cursor from this API' } });
  }
  return sql<SqlBool>`(${sql.ref(column)}, id) < (${new Date(at)}::timestamptz, ${id})`;
}

/** the ordinal a cursor holds (tables keyed by an identity column, newest first) */
export function ordinalBefore(cursor: string): number {
  const [ordinal] = decodeCursor(cursor);
  if (typeof ordinal !== 'number' || !Number.isSafeInteger(ordinal)) {
    throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.', { details: { cursor: 'not a cursor from this API' } });
  }
  return ordinal;
}

/** a case filter: `undefined` is every case; a list must be a list */
export function checkCaseFilter(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid('caseIds', 'not a list of case ids');
  return value as readonly string[];
}
