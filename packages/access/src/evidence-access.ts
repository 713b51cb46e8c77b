/**
 * Pure access decisions for evidence items. An item belongs to a case, or (before triage) only to
 * the submission it came with, and then only the people who triage submissions may see it.
 * Sealed items (victims' own accounts, a source's contact) additionally need `sealed:read`.
 *
 * @example
 * ```ts
 * const p = { roles: ['investigator'], memberCaseIds: ['c1'] };
 * canReadEvidence(p, { caseId: 'c1', sealed: false }); // true
 * canReadEvidence(p, { caseId: 'c1', sealed: true });  // false: investigators are not cleared for sealed data
 * ```
 */
import { isCaseMember, type CasePrincipal } from './case-access.ts';
import { permissionsOf, type Permission } from './roles.ts';

export interface EvidenceAccessTarget {
  /** null while the item waits in the submissions inbox */
  readonly caseId: string | null;
  readonly sealed: boolean;
}

function can(principal: CasePrincipal, permission: Permission): boolean {
  return permissionsOf(principal.roles).has(permission);
}

function reaches(principal: CasePrincipal, item: EvidenceAccessTarget): boolean {
  if (item.sealed && !can(principal, 'sealed:read')) return false;
  return item.caseId === null ? can(principal, 'submission:triage') : isCaseMember(principal, item.caseId);
}

export function canReadEvidence(principal: CasePrincipal, item: EvidenceAccessTarget): boolean {
  return can(principal, 'evidence:read') && reaches(principal, item);
}

/** record custody events (transfer, analysis, seal, hold…) and links */
export function canWriteEvidence(principal: CasePrincipal, item: EvidenceAccessTarget): boolean {
  return can(principal, 'evidence:write') && reaches(principal, item);
}

/** put the item in a bundle for a prosecutor or a mutual-legal-assistance request */
export function canExportEvidence(principal: CasePrincipal, item: EvidenceAccessTarget): boolean {
  return can(principal, 'evidence:export') && item.caseId !== null && reaches(principal, item);
}
