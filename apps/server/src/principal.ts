/**
 * Who is asking: resolved from the session cookie or the bearer token, once per request.
 * Credentials are looked up by digest; secrets never reach the store or the logs.
 */
import { AriadneError } from '@ariadne/schema';
import { parseApiToken, permissionsOf, sha256Hex, type CasePrincipal, type Permission } from '@ariadne/access';
import type { Actor, Authenticated, SessionRecord, UserRecord } from '@ariadne/store';
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
  /** the principal for `@ariadne/access` case decisions (member case ids loaded with the credential) */
  cases(): Promise<CasePrincipal>;
}

function unauthenticated(): AriadneError {
  return new AriadneError('UNAUTHENTICATED', 'Sign in, or send a valid API token.');
}

function principalFor(auth: Authenticated<unknown>, via: Principal['via'], session: SessionRecord | null): Principal {
  const user = auth.user;
  if (user.disabled) throw unauthenticated();
  const cases: CasePrincipal = { roles: user.roles, memberCaseIds: auth.memberCaseIds };
  return {
    actor: { kind: via === 'session' ? 'user' : 'token', id: user.id },
    user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, disabled: user.disabled, createdAt: user.createdAt },
    permissions: permissionsOf(user.roles),
    via,
    session,
    mustChangePassword: user.mustChangePassword,
    cases: async () => cases,
  };
}

/** the credential behind `key` (`kind:digest`), from the principal cache or else the store */
async function resolveCached<C>(
  ctx: AppContext, key: string, now: Date, lookup: (digest: string) => Promise<Authenticated<C> | null>,
): Promise<Authenticated<C> | undefined> {
  const hit = ctx.principals.get<C>(key, now.getTime());
  if (hit) return hit;
  const generation = ctx.principals.generation;
  const auth = await lookup(key.slice(key.indexOf(':') + 1));
  if (auth) ctx.principals.set(key, auth, now.getTime(), generation);
  return auth ?? undefined;
}

/**
 * The request's principal, or throws UNAUTHENTICATED. A bearer header, when present, is the only
 * credential considered (no fallback to the cookie), so a bad token never silently "works".
 * Credential, user and case memberships come back from the store in one round trip, and are
 * then kept for a moment in the principal cache (see principal-cache.ts).
 */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const authorization = request.headers.authorization;
  const now = ctx.clock();
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const parsed = match?.[1] ? parseApiToken(match[1]) : null;
    if (!parsed) throw unauthenticated();
    const auth = await resolveCached(ctx, `token:${sha256Hex(parsed.secret)}`, now, (digest) => ctx.store.authenticateApiToken(digest, now));
    if (!auth || auth.credential.id !== parsed.id) throw unauthenticated();
    return principalFor(auth, 'token', null);
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) throw unauthenticated();
  const auth = await resolveCached(ctx, `session:${sha256Hex(secret)}`, now, (digest) => ctx.store.authenticateSession(digest, now));
  if (!auth || auth.credential.expiresAt.getTime() <= now.getTime()) throw unauthenticated();
  return principalFor(auth, 'session', auth.credential);
}
