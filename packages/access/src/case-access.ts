/**
 * Pure case-access decisions. A principal sees the entities of the cases it is a member of, plus
 * reference data (entities without a case). Sealed entities additionally need `sealed:read`.
 * Callers answer "not found" rather than "forbidden" when a decision is negative for something
 * the caller must not know exists (RFC 9110 §15.5.5 allows 404 for exactly this).
 *
 * @example
 * ```ts
 * const p = { roles: ['investigator'], memberCaseIds: ['c1'] };
 * canReadEntity(p, { caseId: 'c1', sealed: false }); // true
 * canReadEntity(p, { caseId: 'c2', sealed: false }); // false
 * ```
 */
import { permissionsOf, type Permission } from './roles.ts';

export interface CasePrincipal {
  readonly roles: readonly string[];
  /** ids of the cases the principal is a member of */
  readonly memberCaseIds: readonly string[];
}

export interface EntityAccessTarget {
  /** null: reference data shared by every case */
  readonly caseId: string | null;
  readonly sealed: boolean;
}

function can(principal: CasePrincipal, permission: Permission): boolean {
  return permissionsOf(principal.roles).has(permission);
}

export function isCaseMember(principal: CasePrincipal, caseId: string): boolean {
  return principal.memberCaseIds.includes(caseId);
}

/** Admins see every case's metadata (not its entities); everyone else only their own cases. */
export function canSeeAllCases(principal: CasePrincipal): boolean {
  return principal.roles.includes('admin') && can(principal, 'case:read');
}

/** May the principal see this case's metadata (name, status, members)? */
export function canSeeCase(principal: CasePrincipal, caseId: string): boolean {
  if (!can(principal, 'case:read')) return false;
  return canSeeAllCases(principal) || isCaseMember(principal, caseId);
}

/** May the principal change this case's metadata and membership? */
export function canManageCase(principal: CasePrincipal, caseId: string): boolean {
  if (!can(principal, 'case:manage')) return false;
  return canSeeAllCases(principal) || isCaseMember(principal, caseId);
}

/** May the principal read this entity's content? */
export function canReadEntity(principal: CasePrincipal, entity: EntityAccessTarget): boolean {
  if (!can(principal, 'entity:read')) return false;
  if (entity.sealed && !can(principal, 'sealed:read')) return false;
  if (entity.caseId === null) return true;
  return isCaseMember(principal, entity.caseId);
}

/**
 * May the principal write (create, change, retract) this entity? Reference data (no case) is
 * maintained by imports only, never through entity writes. Sealed records are written only by
 * those cleared to read them.
 */
export function canWriteEntity(principal: CasePrincipal, entity: EntityAccessTarget): boolean {
  if (!can(principal, 'entity:write')) return false;
  if (entity.caseId === null) return false;
  if (entity.sealed && !can(principal, 'sealed:read')) return false;
  return isCaseMember(principal, entity.caseId);
}

/** May the principal merge entities of this case? (Merges never cross cases.) */
export function canMergeEntity(principal: CasePrincipal, entity: EntityAccessTarget): boolean {
  return can(principal, 'entity:merge') && canWriteEntity(principal, entity);
}

/**
 * The case ids a search or list may cover: the member cases plus `null` for reference data, or
 * the single requested case when the principal may see it (empty when it may not).
 */
export function visibleCaseIds(principal: CasePrincipal, requested?: string | null): (string | null)[] {
  if (!can(principal, 'entity:read')) return [];
  if (requested === undefined) return [...principal.memberCaseIds, null];
  if (requested === null) return [null];
  return isCaseMember(principal, requested) ? [requested] : [];
}
