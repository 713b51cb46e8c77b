/**
 * Sign-in, sign-out, who-am-I and password change. One generic answer for unknown users, wrong
 * passwords and disabled accounts; a dummy hash verification for unknown users keeps the timing
 * equal (OWASP Authentication Cheat Sheet, "Authentication responses").
 */
import {
  checkPasswordPolicy, dummyVerifyPassword, hashPassword, isLocked, lockoutUntil, verifyPassword,
} from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import { userSchema } from '../api-schemas.ts';
import type { AppContext } from '../context.ts';
import { userDto } from '../dto.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { clearSessionCookie, startSession } from '../session.ts';

const BAD_CREDENTIALS = 'The username or password is wrong.';

const loginBody = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

const meSchema = z.object({ user: userSchema, csrfToken: z.string(), permissions: z.array(z.string()), mustChangePassword: z.boolean() });

async function checkCredentials(ctx: AppContext, username: string, password: string) {
  const creds = await ctx.store.getCredentialsByUsername(username);
  if (!creds) {
    await dummyVerifyPassword(password);
    await ctx.store.appendJournal({ kind: 'system', id: 'auth' }, { action: 'auth.login.failed' });
    throw new AriadneError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }
  const now = ctx.clock();
  const ok = await verifyPassword(password, creds.passwordHash);
  if (isLocked(creds.lockedUntil, now)) {
    throw new AriadneError('ACCOUNT_LOCKED', 'Too many failed sign-ins; the account is locked for a while.');
  }
  if (!ok || creds.disabled) {
    if (!ok) await ctx.store.recordLoginFailure(creds.id, lockoutUntil(creds.failedLogins + 1, now));
    else await ctx.store.appendJournal({ kind: 'user', id: creds.id }, { action: 'auth.login.failed' });
    if (!ok && lockoutUntil(creds.failedLogins + 1, now)) {
      throw new AriadneError('ACCOUNT_LOCKED', 'Too many failed sign-ins; the account is locked for a while.');
    }
    throw new AriadneError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }
  return creds;
}

function me(principal: Principal, csrfToken: string) {
  return {
    user: userDto(principal.user),
    csrfToken,
    permissions: [...principal.permissions].sort(),
    mustChangePassword: principal.mustChangePassword,
  };
}

export const authRoutes = [
  defineRoute({
    method: 'POST', url: '/api/auth/login', permission: 'public', tags: ['auth'],
    summary: 'Sign in with username and password',
    description: 'Sets the `ariadne_session` cookie and returns the CSRF token for later writes. Throttled per username and per client; 5 consecutive failures lock the account (15 min, doubling, at most 24 h).',
    body: loginBody,
    response: z.object({ user: userSchema, csrfToken: z.string(), mustChangePassword: z.boolean() }),
    handler: async ({ body, ctx, request, reply }) => {
      const verdict = ctx.throttle.attempt(body.username, request.ip);
      if (!verdict.allowed) {
        reply.header('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
        throw new AriadneError('RATE_LIMITED', 'Too many sign-in attempts; wait and try again.');
      }
      const creds = await checkCredentials(ctx, body.username, body.password);
      await ctx.store.recordLoginSuccess(creds.id); // journals `auth.login`
      ctx.throttle.reset(body.username);
      const session = await startSession(ctx, reply, creds.id);
      const user = await ctx.store.getUser(creds.id);
      return { user: userDto(user ?? creds), csrfToken: session.csrfToken, mustChangePassword: creds.mustChangePassword };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/auth/logout', permission: 'authenticated', tags: ['auth'],
    summary: 'Sign out (ends this session)',
    handler: async ({ principal, ctx, reply }) => {
      if (principal.session) await ctx.store.deleteSession(principal.session.id);
      clearSessionCookie(ctx, reply);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/auth/me', permission: 'authenticated', tags: ['auth'],
    summary: 'The signed-in user, the CSRF token and the effective permissions',
    response: meSchema,
    handler: async ({ principal }) => me(principal, principal.session?.csrfToken ?? ''),
  }),
  defineRoute({
    method: 'POST', url: '/api/auth/password', permission: 'authenticated', tags: ['auth'],
    summary: 'Change one\'s own password',
    description: 'Needs the current password. Ends every session of the user and starts a new one for this client (fetch the new CSRF token from `/api/auth/me`). API tokens stay valid.',
    body: z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
    handler: async ({ body, principal, ctx, reply }) => {
      const creds = await ctx.store.getCredentials(principal.user.id);
      if (!creds || !(await verifyPassword(body.currentPassword, creds.passwordHash))) {
        throw new AriadneError('VALIDATION_FAILED', 'The current password is wrong.', { details: { currentPassword: 'wrong password' } });
      }
      const problem = checkPasswordPolicy(body.newPassword, creds.username);
      if (problem) throw new AriadneError('VALIDATION_FAILED', problem, { details: { newPassword: problem } });
      if (body.newPassword === body.currentPassword) {
        throw new AriadneError('VALIDATION_FAILED', 'Choose a new password.', { details: { newPassword: 'same as the current password' } });
      }
      await ctx.store.setPassword(principal.actor, creds.id, await hashPassword(body.newPassword), false);
      await ctx.store.deleteUserSessions(creds.id);
      if (principal.via === 'session') await startSession(ctx, reply, creds.id);
    },
  }),
];
