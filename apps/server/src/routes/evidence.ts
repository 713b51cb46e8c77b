/**
 * Evidence items of a case: intake from a finished upload, reading, the original bytes, the
 * custody timeline and custody actions. Every read of the bytes is itself a custody event,
 * journalled before the first byte leaves; sealed items need `sealed:read`.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import { canReadEvidence, canWriteEvidence } from '@ariadne/access';
import type { EvidenceItemRecord } from '@ariadne/store';
import { recipientAllowed } from '@ariadne/evidence';
import { idParams, pageOf, pageQuery } from '../api-schemas.ts';
import { notFound, visibleCase } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { custodyEventDto, evidenceItemDto } from '../evidence-dto.ts';
import { custodyActionSchema, custodyEventSchema, evidenceIntakeSchema, evidenceItemSchema, linkSchema } from '../evidence-schemas.ts';
import { contentHeaders } from '../evidence-content.ts';

export async function readableItem(ctx: AppContext, principal: Principal, id: string): Promise<EvidenceItemRecord> {
  const item = await ctx.store.getEvidenceItem(id);
  if (!item || !canReadEvidence(await principal.cases(), item)) throw notFound('evidence item');
  return item;
}

async function writableItem(ctx: AppContext, principal: Principal, id: string): Promise<EvidenceItemRecord> {
  const item = await readableItem(ctx, principal, id);
  if (!canWriteEvidence(await principal.cases(), item)) throw new AriadneError('FORBIDDEN', 'You may not act on this evidence item.');
  return item;
}

const contentQuery = z.strictObject({
  purpose: z.string().min(1).max(500).default('review'),
  download: z.enum(['0', '1']).default('0'),
});

export const evidenceRoutes = [
  defineRoute({
    method: 'GET', url: '/api/cases/:id/evidence', permission: 'evidence:read', tags: ['evidence'],
    summary: "A case's evidence items, newest first (sealed ones only with sealed:read)",
    params: idParams, query: pageQuery, response: pageOf(evidenceItemSchema),
    handler: async ({ params, query, principal, ctx }) => {
      await visibleCase(ctx, principal, params.id);
      const cases = await principal.cases();
      if (!cases.memberCaseIds.includes(params.id)) throw notFound('case');
      const page = await ctx.store.listEvidence({ caseId: params.id, includeSealed: principal.permissions.has('sealed:read') }, query);
      return { items: page.items.map(evidenceItemDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases/:id/evidence', permission: 'evidence:write', tags: ['evidence'], status: 201,
    summary: 'Take a finished upload in as an evidence item (its intake is the first custody event)',
    params: idParams, body: evidenceIntakeSchema,
    response: z.object({ item: evidenceItemSchema, duplicates: z.array(z.object({ id: z.string(), caseId: z.string().nullable() })) }),
    handler: async ({ params, body, principal, ctx }) => {
      const cases = await principal.cases();
      await visibleCase(ctx, principal, params.id);
      if (!canWriteEvidence(cases, { caseId: params.id, sealed: false })) throw new AriadneError('FORBIDDEN', 'You may not add evidence to this case.');
      const owner = `user:${principal.user.id}`;
      const { blob, filename } = await ctx.uploads.finished(body.uploadId, owner);
      const duplicates = await ctx.store.findEvidenceBySha256(blob.sha256, cases.memberCaseIds);
      const itemId = randomUUID();
      await ctx.uploads.claim(body.uploadId, itemId);
      try {
        const { item } = await ctx.store.intakeEvidence(principal.actor, {
          id: itemId, caseId: params.id, origin: 'staff', blob, filename, description: body.description,
          collectedBy: body.collectedBy ?? principal.user.displayName, collectedAt: body.collectedAt ? new Date(body.collectedAt) : null,
          collectedWhere: body.collectedWhere, source: body.source, purpose: body.purpose, entityIds: body.entityIds,
          consent: body.consent ?? null,
        });
        return { item: evidenceItemDto(item), duplicates: duplicates.map((d) => ({ id: d.id, caseId: d.caseId })) };
      } catch (error) {
        await ctx.store.releaseUpload(body.uploadId, itemId);
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/evidence/:id', permission: 'evidence:read', tags: ['evidence'],
    summary: 'One evidence item (a sealed one is journalled as a view)',
    params: idParams, response: evidenceItemSchema,
    handler: async ({ params, principal, ctx }) => {
      const item = await readableItem(ctx, principal, params.id);
      if (item.sealed) await ctx.store.recordCustody(principal.actor, item.id, 'view', { purpose: 'item page (sealed record)' });
      return evidenceItemDto(item);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/evidence/:id/content', permission: 'evidence:read', tags: ['evidence'], produces: 'binary',
    summary: 'The original bytes, exactly as taken in; journalled as a view or a download first',
    description: 'Only images, audio, video and PDF are shown inline, in a sandbox; everything else downloads.',
    params: idParams, query: contentQuery,
    handler: async ({ params, query, principal, ctx, reply }) => {
      const item = await readableItem(ctx, principal, params.id);
      const download = query.download === '1';
      await ctx.store.recordCustody(principal.actor, item.id, download ? 'download' : 'view', { purpose: query.purpose });
      const stream = ctx.vault.open(item.blobName);
      stream.on('error', (error: Error) => reply.log.error({ err: error, item: item.id }, 'evidence stream failed'));
      reply.headers(contentHeaders(item, download));
      return stream;
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/evidence/:id/custody', permission: 'evidence:read', tags: ['evidence'],
    summary: "The item's custody timeline, oldest first, each event with its journal entry and leaf hash",
    params: idParams, response: z.object({ items: z.array(custodyEventSchema) }),
    handler: async ({ params, principal, ctx }) => {
      const item = await readableItem(ctx, principal, params.id);
      return { items: (await ctx.store.custodyEvents(item.id)).map(custodyEventDto) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/evidence/:id/custody', permission: 'evidence:write', tags: ['evidence'], status: 201,
    summary: 'Record a custody event: transfer, analysis, seal, disposal hold or its release',
    params: idParams, body: custodyActionSchema, response: custodyEventSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const item = await writableItem(ctx, principal, params.id);
      if (body.kind === 'seal' && item.sealed) throw new AriadneError('CONFLICT', 'The item is already sealed.');
      if (body.kind === 'hold' && item.hold) throw new AriadneError('CONFLICT', 'The item is already under a disposal hold.');
      if (body.kind === 'release' && !item.hold) throw new AriadneError('CONFLICT', 'The item is not under a disposal hold.');
      if (body.kind === 'transfer' && !recipientAllowed(item, body.recipient)) {
        throw new AriadneError('VALIDATION_FAILED', 'The consent recorded for this item names the organisations that may receive it, and this recipient is not one of them.', { details: { recipient: 'not allowed by consent' } });
      }
      const fields: Record<string, string> = body.kind === 'transfer' ? { recipient: body.recipient } : body.kind === 'analysis' ? { method: body.method } : {};
      return custodyEventDto(await ctx.store.recordCustody(principal.actor, item.id, body.kind, { purpose: body.purpose, fields }));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/evidence/:id/links', permission: 'evidence:write', tags: ['evidence'], status: 201,
    summary: 'Link the item to entities of its case that it supports',
    params: idParams, body: linkSchema, response: custodyEventSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const item = await writableItem(ctx, principal, params.id);
      return custodyEventDto(await ctx.store.linkEvidence(principal.actor, item.id, body.entityIds, body.purpose));
    },
  }),
];
