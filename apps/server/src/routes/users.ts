/** User administration (`user:manage`). New users without a password get a one-time password. */
import { checkPasswordPolicy, generateOneTimePassword, hashPassword } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import { idParams, pageOf, pageQuery, roleSchema, userSchema } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import { userDto } from '../dto.ts';
import { defineRoute } from '../route.ts';

const displayName = z.string().trim().min(1).max(200);
const roles = z.array(roleSchema).min(1).max(6).transform((r) => [...new Set(r)]);

export const userRoutes = [
  defineRoute({
    method: 'GET', url: '/api/users', permission: 'user:manage', tags: ['users'],
    summary: 'List users',
    query: pageQuery,
    response: pageOf(userSchema),
    handler: async ({ query, ctx }) => {
      const page = await ctx.store.listUsers(query);
      return { items: page.items.map(userDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/users', permission: 'user:manage', tags: ['users'],
    summary: 'Create a user',
    description: 'Without `password`, a one-time password is generated and returned once. Either way the user must choose a new password at first sign-in.',
    body: z.strictObject({
      username: z.string().trim().min(2).max(100).regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash, underscore'),
      displayName: displayName.optional(),
      roles,
      password: z.string().max(1024).optional(),
    }),
    response: z.object({ user: userSchema, oneTimePassword: z.string().optional() }), status: 201,
    handler: async ({ body, principal, ctx }) => {
      if (await ctx.store.getCredentialsByUsername(body.username)) {
        throw new AriadneError('CONFLICT', 'That username is taken.', { details: { username: 'taken' } });
      }
      const oneTimePassword = body.password === undefined ? generateOneTimePassword() : undefined;
      const password = body.password ?? (oneTimePassword as string);
      const problem = checkPasswordPolicy(password, body.username);
      if (problem) throw new AriadneError('VALIDATION_FAILED', problem, { details: { password: problem } });
      const user = await ctx.store.createUser(principal.actor, {
        username: body.username,
        displayName: body.displayName ?? body.username,
        roles: body.roles,
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      });
      return { user: userDto(user), ...(oneTimePassword ? { oneTimePassword } : {}) };
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/users/:id', permission: 'user:manage', tags: ['users'],
    summary: 'Rename, change roles, disable or re-enable a user',
    description: 'Disabling ends the user\'s sessions at once. An admin cannot disable or demote themselves (no lock-out by accident).',
    params: idParams,
    body: z.strictObject({ displayName: displayName.optional(), roles: roles.optional(), disabled: z.boolean().optional() }),
    response: userSchema,
    handler: async ({ params, body, principal, ctx }) => {
      if (!(await ctx.store.getUser(params.id))) throw notFound('user');
      if (params.id === principal.user.id && (body.disabled === true || (body.roles && !body.roles.includes('admin')))) {
        throw new AriadneError('FORBIDDEN', 'You cannot disable yourself or remove your own admin role.');
      }
      const user = await ctx.store.updateUser(principal.actor, params.id, body);
      if (body.disabled === true) await ctx.store.deleteUserSessions(params.id);
      return userDto(user);
    },
  }),
];
