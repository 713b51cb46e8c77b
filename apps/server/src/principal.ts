/**
 * Who is asking: resolved from the session cookie or the bearer token, once per request.
 * Credentials are looked up by digest; secrets never reach the store or the logs.
 */
import { AriadneError } from '@ariadne/schema';
import { parseApiToken, permissionsOf, sha256Hex, type CasePrincipal, type Permission } from '@ariadne/access';
import type { Actor, SessionRecord, UserRecord } from '@ariadne/store';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';

export const SESSION_COOKIE = 'ariadne_session';

export interface Principal {
  readonly actor: Actor;
  readonly user: UserRecord;
  readonly permissions: ReadonlySet<Permission>;
  readonly via: 'session' | 'token';
  /** the session when signed in with the cookie (its csrf token guards writes) */
  readonly session: SessionRecord | null;
  /** set for one-time passwords: only the `authenticated` routes answer until it is changed */
  readonly mustChangePassword: boolean;
  /** the principal for `@ariadne/access` case decisions (member case ids loaded once) */
  cases(): Promise<CasePrincipal>;
}

function unauthenticated(): AriadneError {
  return new AriadneError('UNAUTHENTICATED', 'Sign in, or send a valid API token.');
}

async function principalFor(ctx: AppContext, userId: string, via: Principal['via'], session: SessionRecord | null): Promise<Principal> {
  const user = await ctx.store.getCredentials(userId);
  if (!user || user.disabled) throw unauthenticated();
  let cases: Promise<CasePrincipal> | undefined;
  return {
    actor: { kind: via === 'session' ? 'user' : 'token', id: user.id },
    user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, disabled: user.disabled, createdAt: user.createdAt },
    permissions: permissionsOf(user.roles),
    via,
    session,
    mustChangePassword: user.mustChangePassword,
    cases() {
      cases ??= ctx.store.memberCaseIds(user.id).then((ids) => ({ roles: user.roles, memberCaseIds: ids }));
      return cases;
    },
  };
}

/**
 * The request's principal, or throws UNAUTHENTICATED. A bearer header, when present, is the only
 * credential considered (no fallback to the cookie), so a bad token never silently "works".
 */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const authorization = request.headers.authorization;
  const now = ctx.clock();
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const parsed = match?.[1] ? parseApiToken(match[1]) : null;
    if (!parsed) throw unauthenticated();
    const token = await ctx.store.findApiToken(sha256Hex(parsed.secret), now);
    if (!token || token.id !== parsed.id) throw unauthenticated();
    return principalFor(ctx, token.userId, 'token', null);
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) throw unauthenticated();
  const session = await ctx.store.getSession(sha256Hex(secret));
  if (!session) throw unauthenticated();
  if (session.expiresAt.getTime() <= now.getTime()) {
    await ctx.store.deleteSession(session.id);
    throw unauthenticated();
  }
  return principalFor(ctx, session.userId, 'session', session);
}
