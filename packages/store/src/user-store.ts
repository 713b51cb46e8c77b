/** Users and their credentials. Password hashes are made by `@ariadne/access`; the store keeps them. */
import { AriadneError } from '@ariadne/schema';
import type { StoreContext } from './context.ts';
import type { Actor, Page, PageRequest, Role, UserCredentials, UserRecord } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';
import type { Database } from './database.ts';
import type { Selectable } from 'kysely';

type UserRow = Selectable<Database['users']>;

function toUser(row: UserRow): UserRecord {
  return { id: row.id, username: row.username, displayName: row.display_name, roles: row.roles as Role[], disabled: row.disabled, createdAt: row.created_at };
}

function toCredentials(row: UserRow): UserCredentials {
  return { ...toUser(row), passwordHash: row.password_hash, failedLogins: row.failed_logins, lockedUntil: row.locked_until, mustChangePassword: row.must_change_password };
}

/** usernames compare case-insensitively: stored lower-cased */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function userStore(ctx: StoreContext) {
  const journal = (actor: Actor, action: string, entityId: string | null) =>
    ctx.db.transaction().execute((tx) => appendJournalEntries(tx, actor, ctx.now(), [{ action, entityId }]));

  return {
    async createUser(actor: Actor, user: { username: string; displayName: string; roles: readonly Role[]; passwordHash: string; mustChangePassword?: boolean }): Promise<UserRecord> {
      const username = normaliseUsername(user.username);
      if (!/^[a-z0-9._-]{2,64}$/.test(username)) {
        throw new AriadneError('VALIDATION_FAILED', 'Usernames are 2–64 letters, digits, dots, dashes or underscores.', { details: { username: 'invalid' } });
      }
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const taken = await tx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
        if (taken) throw new AriadneError('CONFLICT', `The username "${username}" is taken.`, { details: { username: 'taken' } });
        const row = await tx.insertInto('users').values({
          id: ctx.newId(), username, display_name: user.displayName || username, password_hash: user.passwordHash,
          roles: [...user.roles], must_change_password: user.mustChangePassword ?? false, created_at: at,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{ action: 'user.create', entityId: `user:${row.id}` }]);
        return toUser(row);
      });
    },
    async getUser(id: string) {
      const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async getCredentialsByUsername(username: string) {
      const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', normaliseUsername(username)).executeTakeFirst();
      return row ? toCredentials(row) : null;
    },
    async getCredentials(id: string) {
      const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCredentials(row) : null;
    },
    async listUsers(page: PageRequest): Promise<Page<UserRecord>> {
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('users').selectAll();
      if (page.cursor) query = query.where('username', '>', String(decodeCursor(page.cursor)[0]));
      const rows = await query.orderBy('username').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toUser);
      return { items, next: rows.length > limit ? encodeCursor([items.at(-1)!.username]) : null };
    },
    async updateUser(actor: Actor, id: string, patch: { displayName?: string; roles?: readonly Role[]; disabled?: boolean }) {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('users').set({
          ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
          ...(patch.roles !== undefined ? { roles: [...patch.roles] } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        }).where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such user.');
        if (patch.disabled) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await appendJournalEntries(tx, actor, at, [{ action: 'user.update', entityId: `user:${id}` }]);
        return toUser(row);
      });
    },
    async setPassword(actor: Actor, id: string, passwordHash: string, mustChange: boolean) {
      const at = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('users').set({ password_hash: passwordHash, must_change_password: mustChange, failed_logins: 0, locked_until: null })
          .where('id', '=', id).returning('id').executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such user.');
        await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await appendJournalEntries(tx, actor, at, [{ action: 'user.password', entityId: `user:${id}` }]);
      });
    },
    async recordLoginFailure(id: string, lockUntil: Date | null): Promise<number> {
      const row = await ctx.db.updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), ...(lockUntil ? { locked_until: lockUntil } : {}) }))
        .where('id', '=', id).returning('failed_logins').executeTakeFirst();
      await journal({ kind: 'user', id }, lockUntil ? 'auth.login.locked' : 'auth.login.failed', `user:${id}`);
      return row?.failed_logins ?? 0;
    },
    async recordLoginSuccess(id: string) {
      await ctx.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
      await journal({ kind: 'user', id }, 'auth.login', `user:${id}`);
    },
    async countUsers() {
      const row = await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
