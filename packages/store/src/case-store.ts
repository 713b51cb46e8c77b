/** Cases and their members: the unit of need-to-know. */
import { AriadneError } from '@ariadne/schema';
import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { Actor, CaseMember, CaseRecord, CaseStatus, Page, PageRequest } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';

function toCase(row: Selectable<Database['cases']>): CaseRecord {
  return { id: row.id, name: row.name, description: row.description, status: row.status as CaseStatus, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function caseStore(ctx: StoreContext) {
  return {
    async createCase(actor: Actor, input: { id?: string; name: string; description?: string }): Promise<CaseRecord> {
      const name = input.name.trim();
      if (!name) throw new AriadneError('VALIDATION_FAILED', 'A case needs a name.', { details: { name: 'required' } });
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const id = input.id ?? ctx.newId();
        if (await tx.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst()) {
          throw new AriadneError('CONFLICT', `A case with id "${id}" exists.`, { details: { id: 'duplicate id' } });
        }
        const row = await tx.insertInto('cases').values({
          id, name, description: input.description ?? '', status: 'open', created_by: `${actor.kind}:${actor.id}`, created_at: at, updated_at: at,
        }).returningAll().executeTakeFirstOrThrow();
        if (actor.kind !== 'system') {
          await tx.insertInto('case_members').values({ case_id: id, user_id: actor.id, added_by: actor.id, added_at: at }).execute();
        }
        await appendJournalEntries(tx, actor, at, [{ action: 'case.create', caseId: id, contentHash: contentHash({ name, description: row.description }) }]);
        return toCase(row);
      });
    },
    async getCase(id: string) {
      const row = await ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCase(row) : null;
    },
    async updateCase(actor: Actor, id: string, patch: { name?: string; description?: string; status?: CaseStatus }) {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('cases').set({
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          updated_at: at,
        }).where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such case.');
        await appendJournalEntries(tx, actor, at, [{ action: 'case.update', caseId: id, contentHash: contentHash(patch) }]);
        return toCase(row);
      });
    },
    async listCases(userId: string | null, page: PageRequest): Promise<Page<CaseRecord>> {
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('cases').selectAll('cases');
      if (userId !== null) {
        query = query.where('id', 'in', ctx.db.selectFrom('case_members').select('case_id').where('user_id', '=', userId));
      }
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor);
        const after = new Date(String(at));
        query = query.where((eb) => eb.or([eb('created_at', '<', after), eb.and([eb('created_at', '=', after), eb('id', '<', String(id))])]));
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toCase);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },
    async addMember(actor: Actor, caseId: string, userId: string) {
      const at = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        if (!(await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such case.');
        if (!(await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) {
          throw new AriadneError('VALIDATION_FAILED', 'No such user.', { details: { userId: 'unknown user' } });
        }
        await tx.insertInto('case_members').values({ case_id: caseId, user_id: userId, added_by: actor.id, added_at: at })
          .onConflict((oc) => oc.doNothing()).execute();
        await appendJournalEntries(tx, actor, at, [{ action: 'case.member.add', caseId, entityId: `user:${userId}` }]);
      });
    },
    async removeMember(actor: Actor, caseId: string, userId: string) {
      const at = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        const removed = await tx.deleteFrom('case_members').where('case_id', '=', caseId).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
        if (!removed) throw new AriadneError('NOT_FOUND', 'That user is not a member of this case.');
        await appendJournalEntries(tx, actor, at, [{ action: 'case.member.remove', caseId, entityId: `user:${userId}` }]);
      });
    },
    async listMembers(caseId: string): Promise<readonly CaseMember[]> {
      const rows = await ctx.db.selectFrom('case_members').innerJoin('users', 'users.id', 'case_members.user_id')
        .select(['users.id', 'users.username', 'users.display_name', 'case_members.added_at'])
        .where('case_members.case_id', '=', caseId).orderBy('users.username').execute();
      return rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name, addedAt: r.added_at }));
    },
    async memberCaseIds(userId: string) {
      const rows = await ctx.db.selectFrom('case_members').select('case_id').where('user_id', '=', userId).execute();
      return rows.map((r) => r.case_id);
    },
  };
}
