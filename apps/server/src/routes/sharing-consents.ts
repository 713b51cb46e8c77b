/**
 * Survivors' consent, per purpose: recorded by those who support them (`consent:record`), on the
 * survivor's person or one of their victim records, appended (a withdrawal is a later refusal),
 * and read by sharing before any of their records may travel.
 */
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import type { EntityRecord } from '@ariadne/store';
import { idParams } from '../api-schemas.ts';
import { readableEntity } from '../access-checks.ts';
import { defineRoute } from '../route.ts';
import { consentBody, consentDto, consentSchema } from '../sharing/sharing-schemas.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';

/** an entity of one of the principal's cases (`readableEntity`: 404 otherwise); reference data carries no consent */
async function caseEntity(ctx: AppContext, principal: Principal, id: string): Promise<EntityRecord> {
  const entity = await readableEntity(ctx, principal, id);
  if (entity.caseId === null) throw new AriadneError('VALIDATION_FAILED', 'Consent is recorded for a case\'s records, not for reference data.', { details: { entityId: 'reference data' } });
  return entity;
}

export const sharingConsentRoutes = [
  defineRoute({
    method: 'POST', url: '/api/consents', permission: 'consent:record', tags: ['sharing'], status: 201,
    summary: "Record a survivor's consent decision for one purpose (a withdrawal is `granted: false`)",
    description: 'On their person or one of their victim records; the latest decision per purpose is in force, and a refusal on any of their records wins.',
    body: consentBody,
    response: consentSchema,
    handler: async ({ body, principal, ctx }) => {
      await caseEntity(ctx, principal, body.entityId);
      return consentDto(await ctx.store.recordConsent(principal.actor, body));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/entities/:id/consents', permission: 'consent:record', tags: ['sharing'],
    summary: 'The consent decisions recorded on an entity: those in force, and the whole history',
    params: idParams,
    response: z.object({ current: z.array(consentSchema), history: z.array(consentSchema) }),
    handler: async ({ params, principal, ctx }) => {
      const entity = await caseEntity(ctx, principal, params.id);
      const current = (await ctx.store.currentConsents([entity.id])).get(entity.id);
      const history = await ctx.store.consentHistory(entity.id);
      return { current: [...(current?.values() ?? [])].map(consentDto), history: history.map(consentDto) };
    },
  }),
];
