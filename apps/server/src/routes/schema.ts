/** The schema model, localized, for forms and labels. */
import { z } from 'zod';
import { LOCALES } from '@ariadne/schema';
import { schemataOf } from '../model.ts';
import { defineRoute } from '../route.ts';

export const schemaRoutes = [
  defineRoute({
    method: 'GET', url: '/api/schema', permission: 'schema:read', tags: ['schema'],
    summary: 'Every schema (entity and relation type) with localized labels',
    query: z.strictObject({ locale: z.enum(LOCALES).default('en') }),
    response: z.object({ schemata: z.record(z.string(), z.unknown().meta({ description: 'SchemaView (see docs/api-contract.md)' })) }),
    handler: async ({ query, ctx }) => ({ schemata: schemataOf(ctx.model.view(query.locale)) }),
  }),
];
