/**
 * Entity resolution: the screening engine proposes duplicate persons and organisations across
 * imports within a case and across the cases a principal works on; an analyst merges (same case;
 * undone with `POST /api/entities/:id/unmerge`), links as the same subject across cases (kept
 * apart, so no case's data flows into another), or rejects (never proposed again).
 */
import { z } from 'zod';
import { canReadEntity } from '@ariadne/access';
import { scanDuplicates } from '@ariadne/screening';
import { AriadneError } from '@ariadne/schema';
import type { DuplicateCandidate } from '@ariadne/store';
import { idParams, idString, pageOf, pageQuery } from '../api-schemas.ts';
import { notFound, writableEntity } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import { summaryDto } from '../dto.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { duplicateDto, duplicateSchema } from '../screening/screening-schemas.ts';

/** both sides, when the principal may read both; otherwise the pair does not exist for them */
async function visiblePair(ctx: AppContext, principal: Principal, candidate: DuplicateCandidate | null) {
  if (!candidate) throw notFound('duplicate proposal');
  const cases = await principal.cases();
  const [a, b] = await Promise.all([ctx.store.getEntity(candidate.aId), ctx.store.getEntity(candidate.bId)]);
  if (!a || !b || !canReadEntity(cases, a) || !canReadEntity(cases, b)) throw notFound('duplicate proposal');
  // a merged side reads as the entity it joined; the pair still names its own ids (b is what an undo unmerges)
  return { candidate, a: { ...a, id: candidate.aId }, b: { ...b, id: candidate.bId } };
}

export const duplicateRoutes = [
  defineRoute({
    method: 'POST', url: '/api/duplicates/scan', permission: 'entity:merge', tags: ['duplicates'],
    summary: 'Propose duplicates among the persons and organisations of your cases (or of the cases named)',
    body: z.strictObject({ caseIds: z.array(idString).min(1).max(100).optional() }),
    response: z.object({ entities: z.number().int(), proposed: z.number().int(), stored: z.number().int() }),
    handler: async ({ body, principal, ctx }) => {
      const { memberCaseIds } = await principal.cases();
      const caseIds = body.caseIds ?? memberCaseIds;
      for (const id of caseIds) if (!memberCaseIds.includes(id)) throw notFound('case');
      if (caseIds.length === 0) throw new AriadneError('VALIDATION_FAILED', 'You are not a member of any case to scan.');
      return scanDuplicates({ store: ctx.store, actor: principal.actor }, caseIds);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/duplicates', permission: 'entity:read', tags: ['duplicates'],
    summary: 'Duplicate proposals among entities you can read, best first',
    query: pageQuery.extend({ status: z.enum(['open', 'merged', 'same', 'rejected']).optional(), caseId: idString.optional() }),
    response: pageOf(duplicateSchema),
    handler: async ({ query, principal, ctx }) => {
      const cases = await principal.cases();
      if (query.caseId && !cases.memberCaseIds.includes(query.caseId)) throw notFound('case');
      const page = await ctx.store.listDuplicateCandidates({
        caseIds: query.caseId ? [query.caseId] : [...cases.memberCaseIds, null], ...(query.status ? { status: query.status } : {}),
      }, { limit: query.limit, cursor: query.cursor ?? null });
      const items = [];
      for (const candidate of page.items) {
        const pair = await visiblePair(ctx, principal, candidate).catch(() => null);
        if (pair) items.push(duplicateDto(candidate, summaryDto(pair.a), summaryDto(pair.b)));
      }
      return { items, next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/duplicates/:id/decision', permission: 'entity:merge', tags: ['duplicates'],
    summary: 'Decide a proposal: merged (same case), same (same subject across cases, kept apart), rejected, or open again',
    params: idParams,
    body: z.strictObject({ status: z.enum(['merged', 'same', 'rejected', 'open']) }),
    response: duplicateSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const { candidate } = await visiblePair(ctx, principal, await ctx.store.getDuplicateCandidate(params.id));
      const [a, b] = [await writableEntity(ctx, principal, candidate.aId, true), await writableEntity(ctx, principal, candidate.bId, true)];
      if (body.status === 'merged' && a.caseId !== b.caseId) {
        throw new AriadneError('CONFLICT', "These entities belong to different cases: link them as the same subject instead; merges never cross cases.");
      }
      const decided = await ctx.store.decideDuplicate(principal.actor, candidate.id, body.status);
      if (body.status === 'merged') ctx.screening.requestRescreen();
      return duplicateDto(decided, summaryDto({ ...a, id: candidate.aId }), summaryDto({ ...b, id: candidate.bId }));
    },
  }),
];
