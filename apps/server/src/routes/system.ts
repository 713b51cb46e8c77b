/** Health, the OpenAPI document and the readable reference. */
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import { DOCS_CSP, renderDocsPage } from '../docs-page.ts';
import { buildOpenApi, type OpenApiDocument } from '../openapi.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

export const healthRoutes = [
  defineRoute({
    method: 'GET', url: '/api/health', permission: 'public', tags: ['system'],
    summary: 'Liveness and database check',
    response: z.object({ status: z.literal('ok'), database: z.literal('ok'), version: z.string() }),
    handler: async ({ ctx }) => {
      const ok = await ctx.store.ping().catch(() => false);
      if (!ok) throw new AriadneError('INTERNAL', 'The database does not answer.');
      return { status: 'ok' as const, database: 'ok' as const, version: ctx.config.version };
    },
  }),
];

/** The documentation routes; `routes` is read lazily so the document covers the whole table. */
export function documentationRoutes(routes: () => readonly AnyRoute[]): AnyRoute[] {
  let cached: { version: string; doc: OpenApiDocument; html: string } | undefined;
  const build = (version: string) => {
    if (cached?.version !== version) {
      const doc = buildOpenApi(routes(), { version });
      cached = { version, doc, html: renderDocsPage(doc) };
    }
    return cached;
  };
  return [
    defineRoute({
      method: 'GET', url: '/api/openapi.json', permission: 'public', tags: ['system'],
      summary: 'This API as an OpenAPI 3.1 document',
      response: z.record(z.string(), z.unknown()),
      handler: async ({ ctx }) => build(ctx.config.version).doc,
    }),
    defineRoute({
      method: 'GET', url: '/api/docs', permission: 'public', tags: ['system'],
      summary: 'Human-readable API reference (HTML)',
      produces: 'text/html',
      response: z.string(),
      handler: async ({ ctx, reply }) => {
        reply.header('content-security-policy', DOCS_CSP);
        return build(ctx.config.version).html;
      },
    }),
  ];
}
