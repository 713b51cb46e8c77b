/**
 * Duplicate proposals from entity resolution and the analyst's judgement of each. One row per
 * unordered pair (`a_id` < `b_id`), so a pair judged once is never proposed again; a merge goes
 * through the ordinary merge (undone by `unmergeEntity`, which reopens the pair).
 */
import { AriadneError } from '@ariadne/schema';
import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { DuplicateCandidatesTable } from './database-screening.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import type { DuplicateCandidate, DuplicateCandidateInput, DuplicateStatus } from './screening-types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { mergeInTransaction } from './entity-merge.ts';
import { caseFilter, checkScore, cleanExplanation, keysetBefore } from './screening-input.ts';

const STATUSES: readonly DuplicateStatus[] = ['open', 'merged', 'same', 'rejected'];

export function toCandidate(row: Selectable<DuplicateCandidatesTable>): DuplicateCandidate {
  return {
    id: row.id, aId: row.a_id, bId: row.b_id, aCaseId: row.a_case_id, bCaseId: row.b_case_id, score: row.score,
    explanation: row.explanation, algorithm: row.algorithm, status: row.status as DuplicateStatus, createdAt: row.created_at,
    decidedBy: row.decided_by, decidedAt: row.decided_at,
  };
}

/** the pair in store order, checked; the best score of a pair given twice wins */
function normalise(candidates: readonly DuplicateCandidateInput[]): DuplicateCandidateInput[] {
  const pairs = new Map<string, DuplicateCandidateInput>();
  for (const c of candidates) {
    if (typeof c.aId !== 'string' || typeof c.bId !== 'string' || c.aId === '' || c.bId === '') throw new AriadneError('VALIDATION_FAILED', 'A proposal names two entities.', { details: { candidates: 'ids missing' } });
    if (c.aId === c.bId) throw new AriadneError('VALIDATION_FAILED', 'An entity is not a duplicate of itself.', { details: { candidates: c.aId } });
    if (typeof c.algorithm !== 'string' || c.algorithm.length === 0 || c.algorithm.length > 150) throw new AriadneError('VALIDATION_FAILED', 'Name the algorithm as <name>@<version>.', { details: { algorithm: 'invalid' } });
    const [aId, bId] = c.aId < c.bId ? [c.aId, c.bId] : [c.bId, c.aId];
    const clean = { aId, bId, score: checkScore(c.score, 'candidates'), explanation: cleanExplanation(c.explanation), algorithm: c.algorithm };
    const key = `${aId}\u0000${bId}`;
    if ((pairs.get(key)?.score ?? -1) < clean.score) pairs.set(key, clean);
  }
  return [...pairs.values()];
}

function decisionHash(row: Selectable<DuplicateCandidatesTable>, status: DuplicateStatus): string {
  return contentHash({ candidate: row.id, a: row.a_id, b: row.b_id, status });
}

export function duplicateCandidateStore(ctx: StoreContext) {
  async function getDuplicateCandidate(id: string): Promise<DuplicateCandidate | null> {
    const row = await ctx.db.selectFrom('duplicate_candidates').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCandidate(row) : null;
  }

  return {
    async recordDuplicateCandidates(actor: Actor, candidates: readonly DuplicateCandidateInput[]): Promise<number> {
      const pairs = normalise(candidates);
      if (pairs.length === 0) return 0;
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const ids = [...new Set(pairs.flatMap((p) => [p.aId, p.bId]))];
        const rows = await tx.selectFrom('entities').select(['id', 'case_id']).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
        const caseOf = new Map(rows.map((r) => [r.id, r.case_id]));
        const missing = ids.find((id) => !caseOf.has(id));
        if (missing !== undefined) throw new AriadneError('NOT_FOUND', `No entity "${missing}".`);
        const inserted = await tx.insertInto('duplicate_candidates').values(pairs.map((p) => ({
          id: `dc_${ctx.newId()}`, a_id: p.aId, b_id: p.bId, a_case_id: caseOf.get(p.aId) ?? null, b_case_id: caseOf.get(p.bId) ?? null,
          score: p.score, explanation: JSON.stringify(p.explanation), algorithm: p.algorithm, created_at: at,
        }))).onConflict((oc) => oc.columns(['a_id', 'b_id']).doNothing()).returning(['id', 'a_id', 'b_id', 'a_case_id']).execute();
        if (inserted.length > 0) {
          await appendJournalEntries(tx, actor, at, inserted.map((r) => ({
            action: 'duplicate.propose', caseId: r.a_case_id, entityId: r.b_id, contentHash: contentHash({ candidate: r.id, a: r.a_id, b: r.b_id, status: 'open' }),
          })));
        }
        return inserted.length;
      });
    },

    /** newest first; a pair is listed when both its entities' cases are among `caseIds` */
    async listDuplicateCandidates(filter: { caseIds: readonly (string | null)[]; status?: DuplicateStatus }, page: PageRequest): Promise<Page<DuplicateCandidate>> {
      if (filter.status !== undefined && !STATUSES.includes(filter.status)) throw new AriadneError('VALIDATION_FAILED', 'Unknown proposal status.', { details: { status: 'invalid' } });
      if (filter.caseIds.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('duplicate_candidates').selectAll()
        .where(caseFilter('a_case_id', filter.caseIds)).where(caseFilter('b_case_id', filter.caseIds));
      if (filter.status) query = query.where('status', '=', filter.status);
      if (page.cursor) query = query.where(keysetBefore(page.cursor));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toCandidate);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    getDuplicateCandidate,

    async decideDuplicate(actor: Actor, id: string, status: DuplicateStatus): Promise<DuplicateCandidate> {
      if (!STATUSES.includes(status)) throw new AriadneError('VALIDATION_FAILED', 'A decision is merged, same, rejected or open.', { details: { status: 'invalid' } });
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('duplicate_candidates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such duplicate proposal.');
        if (row.status === status && status !== 'merged') return toCandidate(row);
        if (row.status === 'merged') {
          throw new AriadneError('CONFLICT', 'The pair is merged: undo the merge (unmerge) to judge it again.', { details: { status: row.status } });
        }
        if (status === 'merged' && row.a_case_id !== row.b_case_id) {
          throw new AriadneError('CONFLICT', 'Entities of different cases are not merged; mark them as the same subject instead.', { details: { status: 'cross-case' } });
        }
        if (status === 'merged') await mergeInTransaction(ctx, tx, actor, { canonicalId: row.a_id, memberIds: [row.b_id] });
        const at = ctx.now();
        const open = status === 'open';
        const updated = await tx.updateTable('duplicate_candidates')
          .set({ status, decided_by: open ? null : actorName(actor), decided_at: open ? null : at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{ action: `duplicate.${status}`, caseId: row.a_case_id, entityId: row.b_id, contentHash: decisionHash(row, status) }]);
        return toCandidate(updated);
      });
    },
  };
}
