/**
 * FIU cases: alerts and entities of one case gathered for a suspicious transaction (or activity)
 * report. Creating one escalates its alerts; once its report is exported it is read-only.
 */
import { canSeeCase } from '@ariadne/access';
import type { FiuCase } from '@ariadne/store';
import { idParams, idString, pageOf, pageQuery } from '../api-schemas.ts';
import { notFound, visibleCase } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { financeOf } from '../finance/finance-context.ts';
import { fiuCaseBody, fiuCaseDto, fiuCasePatchBody, fiuCaseSchema } from '../finance/finance-schemas.ts';

/** the FIU case, when it belongs to a case the principal may see */
export async function visibleFiuCase(ctx: AppContext, principal: Principal, id: string): Promise<FiuCase> {
  const fiuCase = await ctx.store.getFiuCase(id);
  if (!fiuCase || !canSeeCase(await principal.cases(), fiuCase.caseId)) throw notFound('FIU case');
  return fiuCase;
}

/** the alerts that joined an FIU case changed status: their streams hear of it */
async function notifyEscalated(ctx: AppContext, caseId: string, alertIds: readonly string[]): Promise<void> {
  const alerts = [];
  for (const id of alertIds) {
    const alert = await ctx.store.getFinanceAlert(id);
    if (alert) alerts.push(alert);
  }
  financeOf(ctx).notify(caseId, alerts, 'updated');
}

export const fiuCaseRoutes = [
  defineRoute({
    method: 'POST', url: '/api/finance/cases', permission: 'finance:write', tags: ['finance'], status: 201,
    summary: 'Gather alerts (and entities) of a case into an FIU case; the alerts become escalated',
    description: 'The alerts must belong to the case and to no other FIU case (409); entities must be persons or organizations of the case.',
    body: fiuCaseBody,
    response: fiuCaseSchema,
    handler: async ({ body, principal, ctx }) => {
      await visibleCase(ctx, principal, body.caseId);
      const created = await ctx.store.createFiuCase(principal.actor, body);
      await notifyEscalated(ctx, created.caseId, created.alertIds);
      return fiuCaseDto(created);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/finance/cases', permission: 'finance:read', tags: ['finance'],
    summary: 'FIU cases of your cases (or of one), newest first',
    query: pageQuery.extend({ caseId: idString.optional() }),
    response: pageOf(fiuCaseSchema),
    handler: async ({ query, principal, ctx }) => {
      const cases = await principal.cases();
      if (query.caseId !== undefined && !canSeeCase(cases, query.caseId)) throw notFound('case');
      const page = await ctx.store.listFiuCases(query.caseId !== undefined ? [query.caseId] : cases.memberCaseIds, { limit: query.limit, cursor: query.cursor ?? null });
      return { items: page.items.map(fiuCaseDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/finance/cases/:id', permission: 'finance:read', tags: ['finance'],
    summary: 'One FIU case',
    params: idParams,
    response: fiuCaseSchema,
    handler: async ({ params, principal, ctx }) => fiuCaseDto(await visibleFiuCase(ctx, principal, params.id)),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/finance/cases/:id', permission: 'finance:write', tags: ['finance'],
    summary: "Edit an FIU case: title, status (draft, ready), the report's code, grounds, action and indicators, its entities, transactions and alerts",
    description: 'A reported FIU case is kept as sent (409).',
    params: idParams,
    body: fiuCasePatchBody,
    response: fiuCaseSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const fiuCase = await visibleFiuCase(ctx, principal, params.id);
      const updated = await ctx.store.updateFiuCase(principal.actor, fiuCase.id, body);
      if (body.addAlertIds?.length) await notifyEscalated(ctx, updated.caseId, body.addAlertIds);
      return fiuCaseDto(updated);
    },
  }),
];
