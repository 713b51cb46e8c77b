/**
 * Case-membership checks for handlers, through `@ariadne/access`. Anything the principal may not
 * see answers NOT_FOUND, exactly as if it did not exist (RFC 9110 §15.5.5), so ids cannot be
 * probed; FORBIDDEN is kept for things the principal can already see.
 */
import { canManageCase, canMergeEntity, canReadEntity, canSeeCase, canWriteEntity } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import type { CaseRecord, EntityRecord } from '@ariadne/store';
import type { AppContext } from './context.ts';
import type { Principal } from './principal.ts';

export function notFound(what: string): AriadneError {
  return new AriadneError('NOT_FOUND', `No such ${what}, or it is not visible to you.`);
}

export async function visibleCase(ctx: AppContext, principal: Principal, id: string): Promise<CaseRecord> {
  const cases = await principal.cases();
  if (!canSeeCase(cases, id)) throw notFound('case');
  const record = await ctx.store.getCase(id);
  if (!record) throw notFound('case');
  return record;
}

export async function manageableCase(ctx: AppContext, principal: Principal, id: string): Promise<CaseRecord> {
  const record = await visibleCase(ctx, principal, id);
  if (!canManageCase(await principal.cases(), id)) throw new AriadneError('FORBIDDEN', 'You may not manage this case.');
  return record;
}

/** The entity when the principal may read it; callers journal sealed reads (`readEntity`). */
export async function readableEntity(ctx: AppContext, principal: Principal, id: string): Promise<EntityRecord> {
  const entity = await ctx.store.getEntity(id);
  if (!entity || !canReadEntity(await principal.cases(), entity)) throw notFound('entity');
  return entity;
}

export async function writableEntity(ctx: AppContext, principal: Principal, id: string, merge = false): Promise<EntityRecord> {
  const entity = await readableEntity(ctx, principal, id);
  const cases = await principal.cases();
  if (!(merge ? canMergeEntity(cases, entity) : canWriteEntity(cases, entity))) {
    throw new AriadneError('FORBIDDEN', merge ? 'You may not merge this entity.' : 'You may not change this entity.');
  }
  return entity;
}

/** Journals a read of sealed data before it is answered (the store does nothing for unsealed). */
export async function journalIfSealed(ctx: AppContext, principal: Principal, entity: EntityRecord, purpose: string): Promise<void> {
  if (entity.sealed) await ctx.store.journalSealedRead(principal.actor, entity, purpose);
}

/** Drops sealed items from lists for principals not cleared for sealed data. */
export function withoutSealed<T extends { schema: string }>(ctx: AppContext, principal: Principal, items: readonly T[]): T[] {
  if (principal.permissions.has('sealed:read')) return [...items];
  return items.filter((item) => !ctx.model.isSealed(item.schema));
}
