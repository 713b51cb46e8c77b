/**
 * What the agreement list and page show about an agreement besides its terms: how many days it
 * has left, whether it is in force today, its approvals (n of m), who may still approve, and which
 * way data may flow. Pure, so node tests cover it.
 */
import type { Agreement, AgreementTerms } from '../../api/sharing-types.ts';

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

function todayNumber(now: Date): number {
  return Math.floor(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) / DAY_MS);
}

/**
 * Days left until `validUntil` (inclusive: 0 on its last day, negative once past), counted in
 * UTC calendar days as the server counts them.
 * @example daysLeft('2026-01-10', new Date('2026-01-01T12:00:00Z')) // 9
 */
export function daysLeft(validUntil: string, now: Date): number {
  return dayNumber(validUntil) - todayNumber(now);
}

export type Validity = 'pending' | 'current' | 'expired';

/** Whether today lies before, within or after the agreement's dates. */
export function validityOf(terms: Pick<AgreementTerms, 'validFrom' | 'validUntil'>, now: Date): Validity {
  const today = todayNumber(now);
  if (today < dayNumber(terms.validFrom)) return 'pending';
  if (today > dayNumber(terms.validUntil)) return 'expired';
  return 'current';
}

/** distinct approvers so far, and how many are needed */
export function approvalCount(agreement: Pick<Agreement, 'approvals' | 'terms'>): { given: number; required: number } {
  return { given: new Set(agreement.approvals.map((a) => a.userId)).size, required: agreement.terms.approvalsRequired };
}

/** A user may approve a draft they have not approved yet (the server answers 409 otherwise). */
export function mayApprove(agreement: Pick<Agreement, 'approvals' | 'status'>, userId: string): boolean {
  return agreement.status === 'draft' && !agreement.approvals.some((a) => a.userId === userId);
}

export function hasApproved(agreement: Pick<Agreement, 'approvals'>, userId: string): boolean {
  return agreement.approvals.some((a) => a.userId === userId);
}

/** We may send under it: active, in force today, and outgoing or both ways. */
export function maySend(agreement: Pick<Agreement, 'status' | 'direction' | 'terms'>, now: Date): boolean {
  return agreement.status === 'active' && agreement.direction !== 'incoming' && validityOf(agreement.terms, now) === 'current';
}

/** The agreement's state for a badge: revoked and expired win over draft and active. */
export function agreementState(agreement: Pick<Agreement, 'status' | 'terms'>, now: Date): 'draft' | 'active' | 'revoked' | 'expired' | 'pending' {
  if (agreement.status === 'revoked') return 'revoked';
  const validity = validityOf(agreement.terms, now);
  if (validity === 'expired') return 'expired';
  if (agreement.status === 'draft') return 'draft';
  return validity === 'pending' ? 'pending' : 'active';
}
