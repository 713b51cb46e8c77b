/**
 * The zod shapes of the API's answers and shared inputs (`docs/api-contract.md` § Shapes),
 * named with `.meta({ id })` so the OpenAPI document lists them as components.
 */
import { ROLES } from '@ariadne/access';
import { z } from 'zod';

const dateTime = z.iso.datetime();
/** ids in paths and bodies: printable, no separators an attacker could use in logs or URLs */
export const idString = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'not a valid id');

export const roleSchema = z.enum(ROLES);

export const userSchema = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(roleSchema), disabled: z.boolean(), createdAt: dateTime,
}).meta({ id: 'User' });

export const caseStatusSchema = z.enum(['open', 'closed', 'archived']);

export const caseSchema = z.object({
  id: z.string(), name: z.string(), description: z.string(), status: caseStatusSchema, createdAt: dateTime, createdBy: z.string(),
}).meta({ id: 'Case' });

export const caseWithMembersSchema = caseSchema.extend({
  members: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string() })),
}).meta({ id: 'CaseWithMembers' });

export const propertiesSchema = z.record(z.string().min(1).max(100), z.array(z.string().max(65_536)).max(1000));

export const entitySummarySchema = z.object({
  id: z.string(), schema: z.string(), caption: z.string(), caseId: z.string().nullable(),
}).meta({ id: 'EntitySummary' });

export const entitySchema = entitySummarySchema.extend({
  properties: propertiesSchema, firstSeen: dateTime, lastSeen: dateTime, sealed: z.boolean(),
}).meta({ id: 'Entity' });

export const statementSchema = z.object({
  id: z.string(), prop: z.string(), value: z.string(), source: z.string(), importId: z.string().nullable(),
  userId: z.string().nullable(), evidenceId: z.string().nullable(), firstSeen: dateTime, lastSeen: dateTime,
  retractedAt: dateTime.nullable(),
}).meta({ id: 'Statement' });

export const entityDetailSchema = entitySchema.extend({
  statements: z.array(statementSchema), mergedFrom: z.array(z.string()),
}).meta({ id: 'EntityDetail' });

export const relationSchema = z.object({
  id: z.string(), schema: z.string(), caption: z.string(), prop: z.string(),
  direction: z.enum(['outgoing', 'incoming']), other: entitySummarySchema.nullable(),
}).meta({ id: 'Relation' });

export const searchHitSchema = entitySummarySchema.extend({ score: z.number(), matched: z.string() }).meta({ id: 'SearchHit' });

export const journalEntrySchema = z.object({
  seq: z.number().int(), at: dateTime, actor: z.string(), action: z.string(), caseId: z.string().nullable(),
  entityId: z.string().nullable(), importId: z.string().nullable(), contentHash: z.string().nullable(),
  leafHash: z.string(), chainHash: z.string(),
}).meta({ id: 'JournalEntry' });

export const apiTokenSchema = z.object({
  id: z.string(), name: z.string(), createdAt: dateTime, expiresAt: dateTime.nullable(), lastUsedAt: dateTime.nullable(),
}).meta({ id: 'ApiToken' });

export const jobSchema = z.object({
  id: z.string(), kind: z.enum(['ftm', 'csv']), caseId: z.string().nullable(), status: z.enum(['running', 'done', 'failed']),
  progress: z.object({ linesDone: z.number().int(), rowsOk: z.number().int(), rowsFailed: z.number().int() }),
  startedAt: dateTime, finishedAt: dateTime.nullable(),
}).meta({ id: 'Job' });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/** `?limit=` (1..200, default 50) and `?cursor=` (opaque) */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1000).optional(),
});

export const idParams = z.strictObject({ id: idString });
