/**
 * Cookie sessions: the cookie holds a random secret, the store holds only its sha256 as the
 * session id, plus a per-session CSRF token (OWASP synchronizer token pattern).
 */
import { generateCsrfToken, randomToken, sha256Hex } from '@ariadne/access';
import type { SessionRecord } from '@ariadne/store';
import type { FastifyReply } from 'fastify';
import type { AppContext } from './context.ts';
import { SESSION_COOKIE } from './principal.ts';

export async function startSession(ctx: AppContext, reply: FastifyReply, userId: string): Promise<SessionRecord> {
  const secret = randomToken();
  const now = ctx.clock();
  const session: SessionRecord = {
    id: sha256Hex(secret),
    userId,
    csrfToken: generateCsrfToken(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000),
  };
  await ctx.store.createSession(session);
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
  return session;
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies, path: '/' });
}
