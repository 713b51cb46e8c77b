/**
 * Full-text search over the caller's visible cases only (member cases plus reference data).
 * Queries are personal data: they are never logged (see logging.ts).
 */
import { visibleCaseIds } from '@ariadne/access';
import { z } from 'zod';
import { idString, pageOf, pageQuery, searchHitSchema } from '../api-schemas.ts';
import { withoutSealed } from '../access-checks.ts';
import { searchHitDto } from '../dto.ts';
import { defineRoute } from '../route.ts';

export const searchRoutes = [
  defineRoute({
    method: 'GET', url: '/api/search', permission: 'search', tags: ['search'],
    summary: 'Search entities in the cases visible to the caller',
    query: pageQuery.extend({
      q: z.string().trim().min(1).max(500),
      schema: z.string().min(1).max(100).optional(),
      caseId: idString.optional(),
    }),
    response: pageOf(searchHitSchema),
    handler: async ({ query, principal, ctx }) => {
      const caseIds = visibleCaseIds(await principal.cases(), query.caseId);
      if (caseIds.length === 0) return { items: [], next: null };
      const page = await ctx.store.search({ q: query.q, schema: query.schema, caseIds, limit: query.limit, cursor: query.cursor });
      return { items: withoutSealed(ctx, principal, page.items).map(searchHitDto), next: page.next };
    },
  }),
];
