/**
 * A merge undone is a judgement withdrawn: the proposals that led to it return to the queue.
 * Kept apart from the duplicate store so that entity-merge can call it without a cycle.
 */
import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { Actor } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';

/**
 * Reopens every `merged` proposal that involves `memberId`, inside the unmerge's transaction:
 * once unmerged, the member is merged with nothing, so none of those pairs is merged any more.
 */
export async function reopenMergedCandidates(tx: Transaction<Database>, actor: Actor, at: Date, memberId: string): Promise<number> {
  const reopened = await tx.updateTable('duplicate_candidates').set({ status: 'open', decided_by: null, decided_at: null })
    .where('status', '=', 'merged').where((eb) => eb.or([eb('a_id', '=', memberId), eb('b_id', '=', memberId)]))
    .returning(['id', 'a_id', 'b_id', 'a_case_id']).execute();
  if (reopened.length > 0) {
    await appendJournalEntries(tx, actor, at, reopened.map((r) => ({
      action: 'duplicate.open', caseId: r.a_case_id, entityId: r.b_id, contentHash: contentHash({ candidate: r.id, a: r.a_id, b: r.b_id, status: 'open' }),
    })));
  }
  return reopened.length;
}
