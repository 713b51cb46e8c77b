/**
 * Screening: one subject against the loaded lists (answered from memory, with every match's
 * explanation), a stored subject's live screening and its alerts, and the alert inbox with its
 * disposition workflow (confirmed, false positive, needs review; each step journalled, a false
 * positive never raised again for the same subject and list entry).
 *
 * Alerts belong to the subject's case: a principal sees those of the cases they are a member of,
 * and those of reference data. Victims' (sealed) records are never screened.
 */
import { z } from 'zod';
import { canReadEntity } from '@ariadne/access';
import { bestPerEntry, subjectQueries } from '@ariadne/screening';
import { screenQuery } from '@ariadne/sanctions';
import { AriadneError } from '@ariadne/schema';
import type { ScreeningAlert } from '@ariadne/store';
import { idParams, idString, pageOf, pageQuery } from '../api-schemas.ts';
import { notFound, readableEntity } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import { summaryDto } from '../dto.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import {
  alertDto, alertEventDto, alertEventSchema, alertSchema, alertStatusSchema, listName, screeningAnswerSchema, screeningMatchSchema, screeningQuerySchema,
} from '../screening/screening-schemas.ts';
import type { ListVersion } from '@ariadne/store';

const NEAR_MISS_FLOOR = 0.5;

const listsDto = (versions: readonly ListVersion[]) =>
  versions.map((v) => ({ list: v.list, versionId: v.id, publishedAt: v.publishedAt, importedAt: v.importedAt.toISOString() }));

/** the alert with its subject, when the principal may see the subject */
async function visibleAlert(ctx: AppContext, principal: Principal, alert: ScreeningAlert | null) {
  if (!alert) throw notFound('alert');
  const subject = await ctx.store.getEntity(alert.subjectId);
  if (!subject || !canReadEntity(await principal.cases(), subject)) throw notFound('alert');
  return { alert, subject };
}

async function visibleCaseIds(principal: Principal, caseId: string | undefined): Promise<(string | null)[]> {
  const { memberCaseIds } = await principal.cases();
  if (caseId === undefined) return [...memberCaseIds, null];
  if (caseId === 'reference') return [null];
  if (!memberCaseIds.includes(caseId)) throw notFound('case');
  return [caseId];
}

export const screeningRoutes = [
  defineRoute({
    method: 'POST', url: '/api/screening', permission: 'screening:run', tags: ['screening'],
    summary: 'Screen one name (with optional birth date, nationality, gender) against every loaded list',
    description: 'Answers the matches over the default threshold, best first, each with its explanation; `nearMisses` adds scores down to 0.5.',
    body: screeningQuerySchema,
    response: screeningAnswerSchema,
    handler: async ({ body, ctx }) => {
      const { nearMisses, limit, ...query } = body;
      const answer = await ctx.screening.engine.screen({ id: 'api', ...query }, { limit: limit ?? 10, ...(nearMisses ? { minScore: NEAR_MISS_FLOOR } : {}) });
      return { algorithm: answer.algorithm, threshold: answer.threshold, lists: listsDto(answer.versions), matches: answer.matches.map((m) => ({ ...m })) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/entities/:id/screening', permission: 'screening:run', tags: ['screening', 'entities'],
    summary: "A stored subject screened now on all its names, and its alerts",
    params: idParams,
    response: z.object({
      algorithm: z.string(), threshold: z.number(),
      lists: screeningAnswerSchema.shape.lists, matches: z.array(screeningMatchSchema), alerts: z.array(alertSchema),
    }),
    handler: async ({ params, principal, ctx }) => {
      const entity = await readableEntity(ctx, principal, params.id);
      if (entity.sealed) throw new AriadneError('FORBIDDEN', "Victims' records are not screened against sanctions lists.");
      const loaded = await ctx.screening.engine.current();
      const matches = bestPerEntry(subjectQueries(entity).map((q) => screenQuery(loaded.index, q).matches.filter((m) => m.match || m.score >= NEAR_MISS_FLOOR))).slice(0, 20);
      const alerts = await ctx.store.listAlerts({ caseIds: [entity.caseId], subjectId: entity.id }, { limit: 100 });
      return {
        algorithm: loaded.algorithm, threshold: loaded.index.algorithm.threshold, lists: listsDto(loaded.versions),
        matches: matches.map((m) => ({ ...m })), alerts: alerts.items.map((a) => alertDto(a, summaryDto(entity))),
      };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/screening/alerts', permission: 'screening:run', tags: ['screening'],
    summary: 'Screening alerts of your cases (and of reference data), newest first',
    query: pageQuery.extend({ status: alertStatusSchema.optional(), caseId: z.union([idString, z.literal('reference')]).optional(), list: listName.optional() }),
    response: pageOf(alertSchema),
    handler: async ({ query, principal, ctx }) => {
      const caseIds = await visibleCaseIds(principal, query.caseId);
      const page = await ctx.store.listAlerts({
        caseIds, ...(query.status ? { status: query.status as ScreeningAlert['status'] } : {}), ...(query.list ? { list: query.list } : {}),
      }, { limit: query.limit, cursor: query.cursor ?? null });
      const items = [];
      for (const alert of page.items) {
        const subject = await ctx.store.getEntity(alert.subjectId);
        if (subject) items.push(alertDto(alert, summaryDto(subject)));
      }
      return { items, next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/screening/alerts/:id', permission: 'screening:run', tags: ['screening'],
    summary: 'One alert with its history',
    params: idParams,
    response: alertSchema.extend({ history: z.array(alertEventSchema) }),
    handler: async ({ params, principal, ctx }) => {
      const { alert, subject } = await visibleAlert(ctx, principal, await ctx.store.getAlert(params.id));
      return { ...alertDto(alert, summaryDto(subject)), history: (await ctx.store.alertHistory(alert.id)).map(alertEventDto) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/screening/alerts/:id/disposition', permission: 'screening:review', tags: ['screening'],
    summary: 'Decide an alert: confirmed, false_positive (not raised again for this subject and entry) or needs_review',
    description: 'A reason (`note`) is required to confirm or to dismiss as a false positive.',
    params: idParams,
    body: z.strictObject({ status: z.enum(['confirmed', 'false_positive', 'needs_review']), note: z.string().trim().max(2000).optional() }),
    response: alertSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const { alert, subject } = await visibleAlert(ctx, principal, await ctx.store.getAlert(params.id));
      if (body.status !== 'needs_review' && !body.note) {
        throw new AriadneError('VALIDATION_FAILED', 'Say why: a reason is required to confirm an alert or dismiss it as a false positive.', { details: { note: 'required' } });
      }
      const updated = await ctx.store.setAlertDisposition(principal.actor, alert.id, { status: body.status, note: body.note ?? null });
      return alertDto(updated, summaryDto(subject));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/screening/status', permission: 'screening:run', tags: ['screening'],
    summary: 'The lists screened against, the algorithm, and how many subjects wait for screening',
    response: z.object({ algorithm: z.string(), threshold: z.number(), lists: screeningAnswerSchema.shape.lists, due: z.number().int() }),
    handler: async ({ ctx }) => {
      const loaded = await ctx.screening.engine.current();
      const due = loaded.versions.length === 0 ? 0 : await ctx.store.countDueForScreening(loaded.listsKey);
      return { algorithm: loaded.algorithm, threshold: loaded.index.algorithm.threshold, lists: listsDto(loaded.versions), due };
    },
  }),
];
