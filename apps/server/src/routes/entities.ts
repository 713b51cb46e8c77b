/**
 * Entities: reads need `entity:read` and membership of the entity's case (or none for reference
 * data); sealed entities also need `sealed:read`, and every answer carrying sealed content is
 * journalled (`store.journalSealedRead`) before it is sent.
 */
import { canReadEntity, canWriteEntity } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import type { Provenance } from '@ariadne/store';
import { z } from 'zod';
import {
  entityDetailSchema, entitySchema, idParams, idString, journalEntrySchema, pageOf, pageQuery, propertiesSchema, relationSchema,
} from '../api-schemas.ts';
import { journalIfSealed, notFound, readableEntity, writableEntity } from '../access-checks.ts';
import { entityDetailDto, entityDto, journalDto, summaryDto } from '../dto.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';

function provenance(principal: Principal): Provenance {
  return { source: principal.via === 'session' ? 'ui' : 'api' };
}

export const entityRoutes = [
  defineRoute({
    method: 'POST', url: '/api/entities', permission: 'entity:write', tags: ['entities'],
    summary: 'Create an entity in a case',
    description: 'Validated against the schema model. Sealed schemata need `sealed:read`. Reference data (no case) is written by imports only.',
    body: z.strictObject({ caseId: idString, schema: z.string().min(1).max(100), properties: propertiesSchema, id: idString.optional() }),
    response: entitySchema, status: 201,
    handler: async ({ body, principal, ctx }) => {
      const cases = await principal.cases();
      if (!cases.memberCaseIds.includes(body.caseId)) throw notFound('case');
      if (!ctx.model.hasSchema(body.schema)) {
        throw new AriadneError('UNKNOWN_SCHEMA', `No schema "${body.schema}".`, { details: { schema: 'unknown schema' } });
      }
      const sealed = ctx.model.isSealed(body.schema);
      if (!canWriteEntity(cases, { caseId: body.caseId, sealed })) {
        throw new AriadneError('FORBIDDEN', 'You may not create this kind of entity here.');
      }
      const entity = await ctx.store.createEntity(principal.actor, body, provenance(principal));
      ctx.screening.requestRescreen();
      return entityDto(entity);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/entities/:id', permission: 'entity:read', tags: ['entities'],
    summary: 'One entity with its statements (sealed: needs sealed:read, journalled)',
    params: idParams,
    response: entityDetailSchema,
    handler: async ({ params, principal, ctx }) => {
      // one read of the detail, then the access decision on it: the hot path of the API
      const detail = await ctx.store.getEntityDetail(params.id);
      if (!detail || !canReadEntity(await principal.cases(), detail)) throw notFound('entity');
      await journalIfSealed(ctx, principal, detail, 'api:entity.read');
      return entityDetailDto(detail);
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/entities/:id', permission: 'entity:write', tags: ['entities'],
    summary: 'Replace the listed properties\' values',
    params: idParams,
    body: z.strictObject({ properties: propertiesSchema }),
    response: entitySchema,
    handler: async ({ params, body, principal, ctx }) => {
      const entity = await writableEntity(ctx, principal, params.id);
      const updated = await ctx.store.updateEntity(principal.actor, entity.id, body.properties, provenance(principal));
      ctx.screening.requestRescreen();
      await journalIfSealed(ctx, principal, updated, 'api:entity.update');
      return entityDto(updated);
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/entities/:id', permission: 'entity:write', tags: ['entities'],
    summary: 'Retract an entity (its statements are retracted, not erased)',
    params: idParams,
    handler: async ({ params, principal, ctx }) => {
      const entity = await writableEntity(ctx, principal, params.id);
      await ctx.store.deleteEntity(principal.actor, entity.id);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/entities/:id/relations', permission: 'entity:read', tags: ['entities'],
    summary: 'Entities linked to this one (only those visible to the caller)',
    params: idParams,
    response: z.object({ items: z.array(relationSchema) }),
    handler: async ({ params, principal, ctx }) => {
      const entity = await readableEntity(ctx, principal, params.id);
      await journalIfSealed(ctx, principal, entity, 'api:entity.relations');
      const cases = await principal.cases();
      const visible = (await ctx.store.relations(entity.id)).filter((r) => canReadEntity(cases, r.entity));
      for (const r of visible) await journalIfSealed(ctx, principal, r.entity, 'api:entity.relations');
      return {
        items: visible.map((r) => ({ ...summaryDto(r.entity), prop: r.prop, direction: r.direction, other: summaryDto(r.entity) })),
      };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/entities/:id/journal', permission: 'entity:read', tags: ['entities', 'journal'],
    summary: 'The journal entries about one entity',
    params: idParams,
    query: pageQuery,
    response: pageOf(journalEntrySchema),
    handler: async ({ params, query, principal, ctx }) => {
      const entity = await readableEntity(ctx, principal, params.id);
      const page = await ctx.store.listJournal({ entityId: entity.id }, query);
      return { items: page.items.map(journalDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/entities/:id/merge', permission: 'entity:merge', tags: ['entities'],
    summary: 'Merge other entities of the same case into this one (undoable)',
    params: idParams,
    body: z.strictObject({ otherIds: z.array(idString).min(1).max(100) }),
    response: entitySchema,
    handler: async ({ params, body, principal, ctx }) => {
      const canonical = await writableEntity(ctx, principal, params.id, true);
      const others = [...new Set(body.otherIds)];
      if (others.includes(canonical.id)) {
        throw new AriadneError('VALIDATION_FAILED', 'An entity cannot merge with itself.', { details: { otherIds: 'contains the entity itself' } });
      }
      for (const id of others) {
        const other = await writableEntity(ctx, principal, id, true);
        if (other.caseId !== canonical.caseId) {
          throw new AriadneError('VALIDATION_FAILED', 'Merges never cross cases.', { details: { otherIds: `${id} belongs to another case` } });
        }
      }
      const merged = await ctx.store.mergeEntities(principal.actor, canonical.id, others);
      ctx.screening.requestRescreen();
      await journalIfSealed(ctx, principal, merged, 'api:entity.merge');
      return entityDto(merged);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/entities/:id/unmerge', permission: 'entity:merge', tags: ['entities'],
    summary: 'Undo the merge of this (member) entity',
    params: idParams,
    response: entitySchema,
    handler: async ({ params, principal, ctx }) => {
      // a merged member reads as its canonical entity: access is decided on that (same case)
      await writableEntity(ctx, principal, params.id, true);
      await ctx.store.unmergeEntity(principal.actor, params.id);
      ctx.screening.requestRescreen();
      const restored = await ctx.store.getEntity(params.id);
      if (!restored) throw notFound('entity');
      await journalIfSealed(ctx, principal, restored, 'api:entity.unmerge');
      return entityDto(restored);
    },
  }),
];
