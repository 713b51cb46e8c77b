/**
 * Merging duplicates without destroying anything: a member's statements keep their entity id and
 * simply join the canonical entity's merged view; undoing a merge gives them back.
 */
import { AriadneError } from '@ariadne/schema';
import type { Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { Actor, EntityRecord } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { loadLiveEntity, refreshEntity } from './entity-writes.ts';
import { reopenMergedCandidates } from './duplicate-reopen.ts';

export async function mergeEntities(ctx: StoreContext, actor: Actor, canonicalId: string, memberIds: readonly string[]): Promise<EntityRecord> {
  return ctx.db.transaction().execute((tx) => mergeInTransaction(ctx, tx, actor, { canonicalId, memberIds }));
}

/** the merge inside the caller's transaction (a duplicate decision commits with its merge) */
export async function mergeInTransaction(
  ctx: StoreContext, tx: Transaction<Database>, actor: Actor, { canonicalId, memberIds }: { canonicalId: string; memberIds: readonly string[] },
): Promise<EntityRecord> {
  const members = [...new Set(memberIds)].filter((m) => m !== canonicalId);
  if (members.length === 0) throw new AriadneError('VALIDATION_FAILED', 'Name at least one other entity to merge.', { details: { otherIds: 'empty' } });
  const at = ctx.now();
  const canonical = await loadLiveEntity(tx, canonicalId);
  let schema = canonical.schema;
  for (const memberId of members) {
    const member = await loadLiveEntity(tx, memberId);
    if (member.case_id !== canonical.case_id) {
      throw new AriadneError('CONFLICT', 'Only entities of the same case can be merged.', { details: { otherIds: memberId } });
    }
    if (ctx.model.isA(member.schema, schema)) schema = member.schema;
    else if (!ctx.model.isA(schema, member.schema)) {
      throw new AriadneError('CONFLICT', `A ${member.schema} cannot be merged with a ${schema}.`, { details: { otherIds: memberId } });
    }
    // entities already merged into the member follow it to the new canonical entity
    await tx.updateTable('entity_merges').set({ canonical_id: canonicalId }).where('canonical_id', '=', memberId).execute();
    await tx.updateTable('entities').set({ merged_into: canonicalId }).where((eb) => eb.or([eb('id', '=', memberId), eb('merged_into', '=', memberId)])).execute();
    await tx.insertInto('entity_merges').values({ member_id: memberId, canonical_id: canonicalId, merged_by: `${actor.kind}:${actor.id}`, merged_at: at }).execute();
  }
  if (schema !== canonical.schema) await tx.updateTable('entities').set({ schema }).where('id', '=', canonicalId).execute();
  const record = await refreshEntity(ctx, tx, canonicalId, at);
  await appendJournalEntries(tx, actor, at, members.map((memberId) => ({
    action: 'entity.merge', caseId: canonical.case_id, entityId: memberId, contentHash: contentHash({ canonical: canonicalId, member: memberId }),
  })));
  return record;
}

export async function unmergeEntity(ctx: StoreContext, actor: Actor, memberId: string): Promise<void> {
  const at = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const merge = await tx.selectFrom('entity_merges').selectAll().where('member_id', '=', memberId).executeTakeFirst();
    if (!merge) throw new AriadneError('NOT_FOUND', `Entity "${memberId}" is not merged into another.`);
    await tx.deleteFrom('entity_merges').where('member_id', '=', memberId).execute();
    await tx.updateTable('entities').set({ merged_into: null }).where('id', '=', memberId).execute();
    const member = await refreshEntity(ctx, tx, memberId, at);
    await refreshEntity(ctx, tx, merge.canonical_id, at);
    await appendJournalEntries(tx, actor, at, [{
      action: 'entity.unmerge', caseId: member.caseId, entityId: memberId, contentHash: contentHash({ canonical: merge.canonical_id, member: memberId }),
    }]);
    await reopenMergedCandidates(tx, actor, at, memberId);
  });
}
