/** Cases: the unit of membership. Members see a case; admins see every case's metadata. */
import { canSeeAllCases } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import { caseSchema, caseStatusSchema, caseWithMembersSchema, entitySummarySchema, idParams, idString, pageOf, pageQuery } from '../api-schemas.ts';
import { manageableCase, notFound, visibleCase, withoutSealed } from '../access-checks.ts';
import { caseDto, memberDto, summaryDto } from '../dto.ts';
import { defineRoute } from '../route.ts';

const name = z.string().trim().min(1).max(200);
const description = z.string().max(10_000);

export const caseRoutes = [
  defineRoute({
    method: 'GET', url: '/api/cases', permission: 'case:read', tags: ['cases'],
    summary: 'Cases the user is a member of (admins: all cases)',
    query: pageQuery,
    response: pageOf(caseSchema),
    handler: async ({ query, principal, ctx }) => {
      const all = canSeeAllCases(await principal.cases());
      const page = await ctx.store.listCases(all ? null : principal.user.id, query);
      return { items: page.items.map(caseDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases', permission: 'case:create', tags: ['cases'],
    summary: 'Open a case; the creator becomes its first member',
    body: z.strictObject({ name, description: description.optional() }),
    response: caseSchema, status: 201,
    handler: async ({ body, principal, ctx }) => {
      const record = await ctx.store.createCase(principal.actor, body);
      const members = await ctx.store.listMembers(record.id);
      if (!members.some((m) => m.userId === principal.user.id)) await ctx.store.addMember(principal.actor, record.id, principal.user.id);
      return caseDto(record);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/cases/:id', permission: 'case:read', tags: ['cases'],
    summary: 'One case with its members',
    params: idParams,
    response: caseWithMembersSchema,
    handler: async ({ params, principal, ctx }) => {
      const record = await visibleCase(ctx, principal, params.id);
      const members = await ctx.store.listMembers(record.id);
      return { ...caseDto(record), members: members.map(memberDto) };
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/cases/:id', permission: 'case:manage', tags: ['cases'],
    summary: 'Rename, describe, close or archive a case',
    params: idParams,
    body: z.strictObject({ name: name.optional(), description: description.optional(), status: caseStatusSchema.optional() }),
    response: caseSchema,
    handler: async ({ params, body, principal, ctx }) => {
      await manageableCase(ctx, principal, params.id);
      return caseDto(await ctx.store.updateCase(principal.actor, params.id, body));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases/:id/members', permission: 'case:manage', tags: ['cases'],
    summary: 'Add a member to a case',
    params: idParams,
    description: 'Name the user by `userId` or, as people know each other, by `username`.',
    body: z.union([z.strictObject({ userId: idString }), z.strictObject({ username: z.string().min(1).max(64) })]),
    handler: async ({ params, body, principal, ctx }) => {
      await manageableCase(ctx, principal, params.id);
      const user = 'userId' in body ? await ctx.store.getUser(body.userId) : await ctx.store.getCredentialsByUsername(body.username);
      const field = 'userId' in body ? 'userId' : 'username';
      if (!user) throw new AriadneError('VALIDATION_FAILED', 'No such user.', { details: { [field]: 'no such user' } });
      const members = await ctx.store.listMembers(params.id);
      if (!members.some((m) => m.userId === user.id)) await ctx.store.addMember(principal.actor, params.id, user.id);
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/cases/:id/members/:userId', permission: 'case:manage', tags: ['cases'],
    summary: 'Remove a member from a case',
    params: z.strictObject({ id: idString, userId: idString }),
    handler: async ({ params, principal, ctx }) => {
      await manageableCase(ctx, principal, params.id);
      const members = await ctx.store.listMembers(params.id);
      if (!members.some((m) => m.userId === params.userId)) throw notFound('member');
      await ctx.store.removeMember(principal.actor, params.id, params.userId);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/cases/:id/entities', permission: 'entity:read', tags: ['cases', 'entities'],
    summary: 'Entities of a case (members only; sealed ones only with sealed:read)',
    params: idParams,
    query: pageQuery.extend({ schema: z.string().min(1).max(100).optional() }),
    response: pageOf(entitySummarySchema),
    handler: async ({ params, query, principal, ctx }) => {
      const cases = await principal.cases();
      if (!cases.memberCaseIds.includes(params.id)) throw notFound('case');
      const page = await ctx.store.listEntities({ caseId: params.id, schema: query.schema }, { limit: query.limit, cursor: query.cursor });
      return { items: withoutSealed(ctx, principal, page.items).map(summaryDto), next: page.next };
    },
  }),
];
