/**
 * Who may act on what in sharing: agreements, packages and consents belong to a case, and only
 * the case's members see them. Anything of a case you are not a member of answers 404, exactly as
 * if it did not exist, so ids cannot be probed.
 */
import { isCaseMember } from '@ariadne/access';
import type { SharePackageRecord, SharingAgreement } from '@ariadne/store';
import { notFound } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';

export async function memberCase(principal: Principal, caseId: string): Promise<void> {
  if (!isCaseMember(await principal.cases(), caseId)) throw notFound('case');
}

/** the agreement, when it belongs to a case the principal is a member of */
export async function memberAgreement(ctx: AppContext, principal: Principal, id: string): Promise<SharingAgreement> {
  const agreement = await ctx.store.getAgreement(id);
  if (!agreement || !isCaseMember(await principal.cases(), agreement.caseId)) throw notFound('sharing agreement');
  return agreement;
}

/** the package, when it belongs to a case the principal is a member of */
export async function memberPackage(ctx: AppContext, principal: Principal, id: string, direction: 'outgoing' | 'incoming'): Promise<SharePackageRecord> {
  const record = await ctx.store.getPackage(id, direction);
  if (!record || record.caseId === null || !isCaseMember(await principal.cases(), record.caseId)) throw notFound('sharing package');
  return record;
}
