/**
 * Resolving a credential to its user and case memberships in one round trip. Every API request
 * does this, so it is one query, not three (token or session, user, memberships).
 */
import { sql } from 'kysely';
import type { StoreContext } from './context.ts';
import type { ApiTokenRecord, Role, SessionRecord, UserCredentials } from './types.ts';
import type { Authenticated } from './store.ts';


interface UserColumns {
  u_id: string; username: string; display_name: string; roles: string[]; disabled: boolean; created_at: Date;
  password_hash: string; failed_logins: number; locked_until: Date | null; must_change_password: boolean; member_case_ids: string[] | null;
}

const userColumns = sql`u.id as u_id, u.username, u.display_name, u.roles, u.disabled, u.created_at, u.password_hash,
  u.failed_logins, u.locked_until, u.must_change_password,
  array(select m.case_id from case_members m where m.user_id = u.id) as member_case_ids`;

function userOf(row: UserColumns): UserCredentials {
  return {
    id: row.u_id, username: row.username, displayName: row.display_name, roles: row.roles as Role[], disabled: row.disabled,
    createdAt: row.created_at, passwordHash: row.password_hash, failedLogins: row.failed_logins, lockedUntil: row.locked_until,
    mustChangePassword: row.must_change_password,
  };
}

export async function authenticateApiToken(ctx: StoreContext, secretHash: string, now: Date): Promise<Authenticated<ApiTokenRecord> | null> {
  const result = await sql<UserColumns & { t_id: string; t_user: string; name: string; t_created: Date; expires_at: Date | null; last_used_at: Date | null }>`
    select t.id as t_id, t.user_id as t_user, t.name, t.created_at as t_created, t.expires_at, t.last_used_at, ${userColumns}
    from api_tokens t join users u on u.id = t.user_id
    where t.secret_hash = ${secretHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > ${now})`.execute(ctx.db);
  const row = result.rows[0];
  if (!row) return null;
  let lastUsedAt = row.last_used_at;
  // a write per request would make every API read a write: record use at most once a minute
  if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() > 60_000) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.t_id).execute();
    lastUsedAt = now;
  }
  return {
    credential: { id: row.t_id, userId: row.t_user, name: row.name, createdAt: row.t_created, expiresAt: row.expires_at, lastUsedAt, revokedAt: null },
    user: userOf(row),
    memberCaseIds: row.member_case_ids ?? [],
  };
}

export async function authenticateSession(ctx: StoreContext, id: string, now: Date): Promise<Authenticated<SessionRecord> | null> {
  const result = await sql<UserColumns & { s_id: string; s_user: string; csrf_token: string; s_created: Date; expires_at: Date }>`
    select s.id as s_id, s.user_id as s_user, s.csrf_token, s.created_at as s_created, s.expires_at, ${userColumns}
    from sessions s join users u on u.id = s.user_id
    where s.id = ${id}`.execute(ctx.db);
  const row = result.rows[0];
  if (!row) return null;
  if (row.expires_at.getTime() <= now.getTime()) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  return {
    credential: { id: row.s_id, userId: row.s_user, csrfToken: row.csrf_token, createdAt: row.s_created, expiresAt: row.expires_at },
    user: userOf(row),
    memberCaseIds: row.member_case_ids ?? [],
  };
}
