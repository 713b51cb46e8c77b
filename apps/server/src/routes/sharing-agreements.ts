/**
 * Sharing agreements: made on one side, offered signed to the partner, accepted there into one of
 * its cases (same id and terms, direction mirrored), approved on each side by as many distinct
 * people as the terms require, and revoked by either side (the partner is told by a revocation
 * package, and what we received under it is purged).
 */
import { z } from 'zod';
import { idParams, idString, pageOf, pageQuery } from '../api-schemas.ts';
import { contentDisposition } from '../evidence-content.ts';
import { LOCALES } from '../model.ts';
import { defineRoute } from '../route.ts';
import {
  acceptBody, agreementBody, agreementDetailSchema, agreementDto, agreementSchema, offerDto, offerSchema, packageDto, revokeBody, revokedSchema,
} from '../sharing/sharing-schemas.ts';
import { memberAgreement, memberCase } from './sharing-access.ts';

export const sharingAgreementRoutes = [
  defineRoute({
    method: 'GET', url: '/api/sharing/agreements', permission: 'share:read', tags: ['sharing'],
    summary: 'Sharing agreements of your cases, newest first',
    query: pageQuery.extend({ caseId: idString.optional(), partnerId: idString.optional() }),
    response: pageOf(agreementSchema),
    handler: async ({ query, principal, ctx }) => {
      const cases = await principal.cases();
      if (query.caseId !== undefined) await memberCase(principal, query.caseId);
      const page = await ctx.store.listAgreements(
        { caseIds: query.caseId !== undefined ? [query.caseId] : cases.memberCaseIds, ...(query.partnerId ? { partnerId: query.partnerId } : {}) },
        { limit: query.limit, cursor: query.cursor ?? null },
      );
      return { items: page.items.map(agreementDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements', permission: 'share:manage', tags: ['sharing'], status: 201,
    summary: 'Draft a sharing agreement with a partner for one of your cases',
    description: 'The terms are checked against the model (each bad field named). The agreement is a draft until approved; offer it to the partner with `GET …/offer`.',
    body: agreementBody,
    response: agreementSchema,
    handler: async ({ body, principal, ctx }) => {
      await memberCase(principal, body.caseId);
      return agreementDto(await ctx.sharing.createAgreement(principal.actor, body));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements/accept', permission: 'share:manage', tags: ['sharing'], status: 201,
    summary: "Accept a partner's signed offer into one of your cases",
    description: 'The signature must verify against the key registered for the partner, the offer must name this instance, and the terms must hash as stated; otherwise 422 with a `reason`. '
      + 'The agreement keeps the offer\'s id and terms, with the direction mirrored, as a draft to approve here.',
    body: acceptBody,
    response: agreementSchema,
    handler: async ({ body, principal, ctx }) => {
      await memberCase(principal, body.caseId);
      return agreementDto(await ctx.sharing.accept(principal.actor, body.offer, body.caseId));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/agreements/:id', permission: 'share:read', tags: ['sharing'],
    summary: 'One agreement, with its terms in plain language',
    params: idParams,
    query: z.strictObject({ locale: z.enum(LOCALES).optional() }),
    response: agreementDetailSchema,
    handler: async ({ params, query, principal, ctx }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      return { ...agreementDto(agreement), description: ctx.sharing.describe(agreement, query.locale ?? 'en') };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/agreements/:id/offer', permission: 'share:manage', tags: ['sharing'],
    summary: 'The agreement as a signed offer for its partner (an attachment)',
    params: idParams,
    response: offerSchema,
    handler: async ({ params, principal, ctx, reply }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      const offer = await ctx.sharing.offer(agreement);
      reply.header('content-disposition', contentDisposition('attachment', `agreement-${agreement.id}.offer.json`));
      return offerDto(offer);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements/:id/approve', permission: 'share:approve', tags: ['sharing'],
    summary: 'Approve the agreement (it is active once enough distinct people approved it)',
    description: '409 when it was revoked or you approved it already.',
    params: idParams,
    response: agreementSchema,
    handler: async ({ params, principal, ctx }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      return agreementDto(await ctx.store.approveAgreement(principal.actor, agreement.id));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements/:id/revoke', permission: 'share:approve', tags: ['sharing'],
    summary: 'Revoke the agreement: the partner is sent a revocation package, what we received under it is purged',
    description: 'A draft is revoked without telling the partner (nothing travelled under it): `revocationPackage` is null. 409 when already revoked.',
    params: idParams,
    body: revokeBody,
    response: revokedSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      const revoked = await ctx.sharing.revoke(principal.actor, agreement, body.reason);
      return {
        agreement: agreementDto(revoked.agreement), revocationPackage: revoked.revocationPackage ? packageDto(revoked.revocationPackage) : null, purged: revoked.purged,
      };
    },
  }),
];
