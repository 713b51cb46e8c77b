/** API tokens for machines: `ariadne_<id>_<secret>`, stored as a sha256 digest, shown once. */
import { generateApiToken, sha256Hex } from '@ariadne/access';
import { z } from 'zod';
import { apiTokenSchema, idParams } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import { tokenDto } from '../dto.ts';
import { defineRoute } from '../route.ts';

export const tokenRoutes = [
  defineRoute({
    method: 'GET', url: '/api/tokens', permission: 'token:manage', tags: ['tokens'],
    summary: 'The caller\'s own API tokens (never their secrets)',
    response: z.object({ items: z.array(apiTokenSchema) }),
    handler: async ({ principal, ctx }) => {
      const tokens = await ctx.store.listApiTokens(principal.user.id);
      return { items: tokens.filter((t) => !t.revokedAt).map(tokenDto) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/tokens', permission: 'token:manage', tags: ['tokens'],
    summary: 'Create an API token; the secret is shown once',
    body: z.strictObject({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(366).optional() }),
    response: z.object({ token: apiTokenSchema, secret: z.string() }), status: 201,
    handler: async ({ body, principal, ctx }) => {
      const generated = generateApiToken();
      const days = body.expiresInDays ?? 90;
      const expiresAt = new Date(ctx.clock().getTime() + days * 86_400_000);
      const token = await ctx.store.createApiToken(principal.actor, {
        id: generated.id, userId: principal.user.id, name: body.name, secretHash: sha256Hex(generated.secret), expiresAt,
      });
      return { token: tokenDto(token), secret: generated.token };
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/tokens/:id', permission: 'token:manage', tags: ['tokens'],
    summary: 'Revoke one of the caller\'s API tokens',
    params: idParams,
    handler: async ({ params, principal, ctx }) => {
      if (!(await ctx.store.revokeApiToken(principal.actor, principal.user.id, params.id))) throw notFound('token');
    },
  }),
];
