/**
 * The transaction-alert queue: the alerts of the caller's cases, highest score first, with
 * triage (status, assignment, disposition, notes; each step journalled by the store, notes only
 * as hashes), each alert's evidence (transactions, accounts, holders) and its evidence subgraph
 * for the network explorer. Alerts belong to their case: anything of another case answers 404.
 */
import { canSeeCase, permissionsOf } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import type { FinanceAlert } from '@ariadne/store';
import { idParams, pageOf } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import { networkSchema } from '../network/network-schemas.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { financeOf, financeReader } from '../finance/finance-context.ts';
import {
  accountDto, alertDetailSchema, alertDto, alertEventDto, alertEventSchema, alertPatchBody, alertQuery, alertSchema, noteBody, transactionDto,
} from '../finance/finance-schemas.ts';

/** the alert, when it belongs to a case the principal may see */
export async function visibleFinanceAlert(ctx: AppContext, principal: Principal, id: string): Promise<FinanceAlert> {
  const alert = await ctx.store.getFinanceAlert(id);
  if (!alert || !canSeeCase(await principal.cases(), alert.caseId)) throw notFound('alert');
  return alert;
}

/** an assignee must be able to see and triage the alert: a member of its case holding finance:write */
async function checkAssignee(ctx: AppContext, caseId: string, userId: string): Promise<void> {
  const user = await ctx.store.getUser(userId);
  const member = (await ctx.store.listMembers(caseId)).some((m) => m.userId === userId);
  if (!user || user.disabled || !member || !permissionsOf(user.roles).has('finance:write')) {
    throw new AriadneError('VALIDATION_FAILED', 'Assign the alert to a member of its case who may triage alerts.', { details: { assignee: 'not a member of the case with finance:write' } });
  }
}

export const financeAlertRoutes = [
  defineRoute({
    method: 'GET', url: '/api/finance/alerts', permission: 'finance:read', tags: ['finance'],
    summary: 'Transaction alerts of your cases, highest score first',
    query: alertQuery,
    response: pageOf(alertSchema),
    handler: async ({ query, principal, ctx }) => {
      const cases = await principal.cases();
      if (query.caseId !== undefined && !canSeeCase(cases, query.caseId)) throw notFound('case');
      const page = await ctx.store.listFinanceAlerts({
        caseIds: query.caseId !== undefined ? [query.caseId] : cases.memberCaseIds,
        ...(query.status ? { status: query.status } : {}), ...(query.typology ? { typology: query.typology } : {}),
        ...(query.assignee ? { assignee: query.assignee } : {}), ...(query.minScore !== undefined ? { minScore: query.minScore } : {}),
      }, { limit: query.limit, cursor: query.cursor ?? null });
      return { items: page.items.map(alertDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/finance/alerts/:id', permission: 'finance:read', tags: ['finance'],
    summary: 'One alert with its history, its evidence transactions and their accounts with holders',
    description: "A victim's identity (the holder's name, the reference and beneficiary of transactions touching their accounts) is withheld unless you hold sealed:read; the sealed records that name a victim are journalled as read.",
    params: idParams,
    response: alertDetailSchema,
    handler: async ({ params, principal, ctx }) => {
      const alert = await visibleFinanceAlert(ctx, principal, params.id);
      const evidence = await financeOf(ctx).evidence(financeReader(principal), alert);
      return {
        ...alertDto(alert),
        history: (await ctx.store.financeAlertHistory(alert.id)).map(alertEventDto),
        evidence: evidence.transactionViews.map((v) => transactionDto(v.tx, v.withheld)),
        accountDetails: evidence.accountViews.map((v) => accountDto(v.account, v.holder, v.withheld)),
      };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/finance/alerts/:id/network', permission: 'finance:read', tags: ['finance', 'network'],
    summary: "The alert's evidence subgraph for the network explorer: accounts, payments, holders",
    description: 'Accounts are `BankAccount` nodes captioned with their masked reference (`…4521`), transactions `Payment` ties (kind `payment`, dated, weight 1), holders the case links are entity nodes tied to their accounts by `ownership`.',
    params: idParams,
    response: networkSchema,
    handler: async ({ params, principal, ctx }) => {
      const alert = await visibleFinanceAlert(ctx, principal, params.id);
      const network = await financeOf(ctx).network(financeReader(principal), alert);
      return {
        nodes: network.nodes.map((n) => ({ ...n, roles: [...n.roles] })), edges: network.edges.map((e) => ({ ...e, sources: [...e.sources] })),
        stats: { ...network.stats }, truncated: false,
      };
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/finance/alerts/:id', permission: 'finance:write', tags: ['finance'],
    summary: 'Triage an alert: status (new, in_review, closed), assignee, disposition, with a note',
    description: 'Closing needs a disposition and a note; `closed → in_review` reopens. An escalated alert is decided by its FIU case (409). The assignee must be a member of the case who may triage alerts; `null` unassigns.',
    params: idParams,
    body: alertPatchBody,
    response: alertSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const alert = await visibleFinanceAlert(ctx, principal, params.id);
      if (typeof body.assignee === 'string') await checkAssignee(ctx, alert.caseId, body.assignee);
      const updated = await ctx.store.updateFinanceAlert(principal.actor, alert.id, body);
      if (updated.updatedAt.getTime() !== alert.updatedAt.getTime()) financeOf(ctx).notify(alert.caseId, [updated], 'updated');
      return alertDto(updated);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/finance/alerts/:id/notes', permission: 'finance:write', tags: ['finance'], status: 201,
    summary: 'Add a note to an alert (journalled as its hash)',
    params: idParams,
    body: noteBody,
    response: alertEventSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const alert = await visibleFinanceAlert(ctx, principal, params.id);
      const event = await ctx.store.addFinanceAlertNote(principal.actor, alert.id, body.note);
      financeOf(ctx).notify(alert.caseId, [alert], 'updated');
      return alertEventDto(event);
    },
  }),
];
