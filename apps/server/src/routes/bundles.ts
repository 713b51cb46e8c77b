/**
 * Evidence bundles: export a case's items for a prosecutor or a mutual-legal-assistance request,
 * follow the build, download the archive, and verify any bundle (streamed, nothing stored).
 */
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import { canExportEvidence, isCaseMember } from '@ariadne/access';
import { verifyBundle } from '@ariadne/evidence';
import type { EvidenceItemRecord } from '@ariadne/store';
import { idParams } from '../api-schemas.ts';
import { notFound, visibleCase } from '../access-checks.ts';
import { defineRoute } from '../route.ts';
import type { BundleState } from '../bundles/bundle-service.ts';
import { bundleRequestSchema, bundleSchema, verificationSchema } from '../evidence-schemas.ts';
import { contentDisposition } from '../evidence-content.ts';

const BUNDLE_TYPES = ['application/x-tar', 'application/octet-stream'];

function bundleDto(b: BundleState) {
  return {
    id: b.id, caseId: b.caseId, state: b.state, bytesDone: b.bytesDone, bytesTotal: b.bytesTotal, items: b.items,
    purpose: b.purpose, recipient: b.recipient, createdAt: b.createdAt.toISOString(), ...(b.error ? { error: b.error } : {}),
  };
}

export const bundleRoutes = [
  defineRoute({
    method: 'POST', url: '/api/cases/:id/bundles', permission: 'evidence:export', tags: ['evidence'], status: 201,
    summary: 'Export evidence items as a bundle a court can verify offline (built in the background)',
    description: 'Items whose recorded consent does not allow the purpose are refused. The export is journalled before the build starts.',
    params: idParams, body: bundleRequestSchema, response: bundleSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const caseRecord = await visibleCase(ctx, principal, params.id);
      const cases = await principal.cases();
      if (!isCaseMember(cases, params.id)) throw notFound('case');
      let items: EvidenceItemRecord[] = [];
      if (body.itemIds) {
        for (const id of new Set(body.itemIds)) {
          const item = await ctx.store.getEvidenceItem(id);
          if (!item || item.caseId !== params.id || !canExportEvidence(cases, item)) throw notFound(`evidence item ${id}`);
          items.push(item);
        }
      } else {
        let cursor: string | null = null;
        do {
          const page = await ctx.store.listEvidence({ caseId: params.id, includeSealed: principal.permissions.has('sealed:read') }, { limit: 200, cursor });
          items.push(...page.items);
          cursor = page.next;
        } while (cursor);
        items = items.filter((i) => canExportEvidence(cases, i)).reverse();
      }
      return bundleDto(await ctx.bundles.start(principal.actor, caseRecord, items, body));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/bundles/:id', permission: 'evidence:export', tags: ['evidence'],
    summary: "A bundle's build progress",
    params: idParams, response: bundleSchema,
    handler: async ({ params, principal, ctx }) => {
      const bundle = await ctx.bundles.get(params.id);
      if (!bundle || !isCaseMember(await principal.cases(), bundle.caseId)) throw notFound('bundle');
      return bundleDto(bundle);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/bundles/:id/download', permission: 'evidence:export', tags: ['evidence'], produces: 'binary',
    summary: 'The finished bundle (a plain tar)',
    params: idParams,
    handler: async ({ params, principal, ctx, reply }) => {
      const bundle = await ctx.bundles.get(params.id);
      if (!bundle || !isCaseMember(await principal.cases(), bundle.caseId)) throw notFound('bundle');
      if (bundle.state !== 'ready') throw new AriadneError('CONFLICT', bundle.state === 'building' ? 'The bundle is still being built.' : 'The bundle failed to build; export again.');
      reply.headers({
        'content-type': 'application/x-tar', 'content-disposition': contentDisposition('attachment', `ariadne-bundle-${bundle.id}.tar`),
        'x-content-type-options': 'nosniff', 'cache-control': 'no-store',
      });
      return createReadStream(ctx.bundles.pathOf(bundle.id));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/bundles/verify', permission: 'evidence:read', tags: ['evidence'], rawBody: BUNDLE_TYPES,
    summary: 'Verify a bundle sent as the request body; nothing is stored',
    description: 'The same check as `ariadne evidence verify` and the standalone verify-bundle.mjs.',
    query: z.strictObject({ key: z.string().min(1).max(500).optional() }),
    response: verificationSchema,
    handler: async ({ request, query }) => {
      const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      if (!BUNDLE_TYPES.includes(type)) throw new AriadneError('UNSUPPORTED_MEDIA_TYPE', 'Send the bundle as application/x-tar.');
      const result = await verifyBundle(request.raw, query.key ? { key: query.key } : {});
      return { ok: result.ok, problems: result.problems.map((p) => ({ ...p })), summary: { ...result.summary } };
    },
  }),
];
