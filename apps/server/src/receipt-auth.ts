/**
 * Receipt codes: how a survivor or tip-line sender comes back to their submission without an
 * account (in the manner of GlobaLeaks). The code is 100 random bits written as five groups of
 * four Crockford base32 characters, easy to copy by hand; the store keeps only its SHA-256.
 * It travels in `Authorization: Receipt <code>`, never in a URL, so it stays out of access logs
 * and browser history. Failed attempts are throttled per client.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { SubmissionRecord } from '@ariadne/store';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U
const GROUPS = 5;
const GROUP_LENGTH = 4;

export interface ReceiptHolder {
  readonly submission: SubmissionRecord;
}

/** a fresh code such as `7K3M-Q9XD-2PWF-HT6B-RC4N` */
export function newReceiptCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]);
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) groups.push(chars.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join(''));
  return groups.join('-');
}

/** the canonical form: upper case, no separators, the look-alikes Crockford folds (I, L → 1; O → 0) */
export function normaliseReceiptCode(code: string): string | null {
  const clean = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (clean.length !== GROUPS * GROUP_LENGTH) return null;
  for (const c of clean) if (!ALPHABET.includes(c)) return null;
  return clean;
}

export function receiptHash(code: string): string | null {
  const clean = normaliseReceiptCode(code);
  return clean === null ? null : createHash('sha256').update(`ariadne-receipt:${clean}`).digest('hex');
}

function refused(): AriadneError {
  return new AriadneError('UNAUTHENTICATED', 'That receipt code is not known. Check it and try again.');
}

/** resolves `Authorization: Receipt <code>` to its submission, or throws (401, or 429 when throttled) */
export async function authenticateReceipt(ctx: AppContext, request: FastifyRequest): Promise<ReceiptHolder> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Receipt\s+([0-9A-Za-z\s-]{1,64})$/i.exec(header) : null;
  const verdict = ctx.publicThrottle.receiptAttempt(request.ip);
  if (!verdict.allowed) throw new AriadneError('RATE_LIMITED', 'Too many attempts with receipt codes; wait a while and try again.');
  const hash = match?.[1] ? receiptHash(match[1]) : null;
  const submission = hash ? await ctx.store.findSubmissionByReceipt(hash) : null;
  if (!submission) {
    ctx.publicThrottle.receiptFailed(request.ip);
    throw refused();
  }
  ctx.publicThrottle.receiptSucceeded(request.ip);
  return { submission };
}
