/** The schema model, localized, for forms and labels. */
import { z } from 'zod';
import { LOCALES } from '@ariadne/schema';
import { schemataOf } from '../model.ts';
import { defineRoute } from '../route.ts';

/** the property types whose values are codes a form offers as a list */
const CODE_LIST_TYPES = ['country', 'language', 'gender'] as const;

export const schemaRoutes = [
  defineRoute({
    method: 'GET', url: '/api/schema', permission: 'schema:read', tags: ['schema'],
    summary: 'Every schema (entity and relation type) with localized labels, and the localized code lists of the country, language and gender types',
    query: z.strictObject({ locale: z.enum(LOCALES).default('en') }),
    response: z.object({
      schemata: z.record(z.string(), z.unknown().meta({ description: 'SchemaView (see docs/api-contract.md)' })),
      types: z.record(z.string(), z.object({ values: z.record(z.string(), z.string()) })),
    }),
    handler: async ({ query, ctx }) => ({
      schemata: schemataOf(ctx.model.view(query.locale)),
      types: Object.fromEntries(CODE_LIST_TYPES.map((type) => [type, { values: ctx.model.typeValues(type, query.locale) }])),
    }),
  }),
];
