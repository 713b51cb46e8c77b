/** Browser sessions and machine API tokens. Only hashes of their secrets are stored. */
import type { StoreContext } from './context.ts';
import type { Actor, ApiTokenRecord, SessionRecord } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';
import type { Database } from './database.ts';
import type { Selectable } from 'kysely';

function toToken(row: Selectable<Database['api_tokens']>): ApiTokenRecord {
  return { id: row.id, userId: row.user_id, name: row.name, createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

export function sessionStore(ctx: StoreContext) {
  return {
    async createSession(session: SessionRecord) {
      await ctx.db.insertInto('sessions').values({
        id: session.id, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt,
      }).execute();
    },
    async deleteSession(id: string) {
      await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteUserSessions(userId: string) {
      await ctx.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
    async createApiToken(actor: Actor, token: { id: string; userId: string; name: string; secretHash: string; expiresAt: Date | null }) {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('api_tokens').values({
          id: token.id, user_id: token.userId, name: token.name, secret_hash: token.secretHash, created_at: at, expires_at: token.expiresAt,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{ action: 'token.create', entityId: `token:${token.id}` }]);
        return toToken(row);
      });
    },
    async listApiTokens(userId: string) {
      const rows = await ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
      return rows.map(toToken);
    },
    async revokeApiToken(actor: Actor, userId: string, id: string): Promise<boolean> {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('api_tokens').set({ revoked_at: at })
          .where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
        if (row) await appendJournalEntries(tx, actor, at, [{ action: 'token.revoke', entityId: `token:${id}` }]);
        return row !== undefined;
      });
    },
  };
}
