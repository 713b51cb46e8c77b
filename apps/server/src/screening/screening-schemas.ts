/** The API shapes of lists, screening, alerts and duplicate proposals, and their DTOs. */
import { z } from 'zod';
import { ALERT_STATUSES, type AlertEvent, type DuplicateCandidate, type ListChange, type ListVersion, type ScreeningAlert } from '@ariadne/store';
import { entitySummarySchema } from '../api-schemas.ts';

const dateTime = z.iso.datetime();
const iso = (d: Date) => d.toISOString();

/** a list's short name: `un-sc`, `ofac-sdn`, an FtM dataset name… */
export const listName = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9_.-]*$/, 'not a valid list name');
/** a list's own reference (`QDi.001`, `306`, `EU.27.28`, an FtM id) */
export const entryRef = z.string().min(1).max(200).regex(/^[^\s/\\]+$/, 'not a valid list reference');

export const listVersionSchema = z.object({
  id: z.string(), list: z.string(), format: z.string(), source: z.string(), sha256: z.string(), publishedAt: z.string().nullable(),
  importedAt: dateTime, importedBy: z.string(), entries: z.number().int(), added: z.number().int(), removed: z.number().int(),
  changed: z.number().int(), errors: z.number().int(), current: z.boolean(),
}).meta({ id: 'ListVersion' });

export const listChangeSchema = z.object({
  versionId: z.string(), list: z.string(), entry: z.string(), kind: z.enum(['added', 'removed', 'changed']), caption: z.string(), fields: z.array(z.string()),
}).meta({ id: 'ListChange' });

export const recordErrorSchema = z.object({ record: z.string(), message: z.string() });

export const listImportSchema = z.object({
  version: listVersionSchema, unchanged: z.boolean(), errorCount: z.number().int(), errors: z.array(recordErrorSchema), carriedForward: z.number().int(),
}).meta({ id: 'ListImport' });

export const screeningMatchSchema = z.object({
  entry: z.string(), list: z.string(), name: z.string(), score: z.number(), match: z.boolean(), explanation: z.array(z.string()),
}).meta({ id: 'ScreeningMatch' });

export const screeningQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(500),
  birthDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD').optional(),
  nationality: z.string().regex(/^[A-Za-z]{2}(-[A-Za-z]+)?$/, 'an ISO 3166 alpha-2 code').optional(),
  gender: z.enum(['male', 'female', 'other']).optional(),
  /** also answer near misses (scores down to 0.5) */
  nearMisses: z.boolean().optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

export const screeningAnswerSchema = z.object({
  algorithm: z.string(), threshold: z.number(),
  lists: z.array(z.object({ list: z.string(), versionId: z.string(), publishedAt: z.string().nullable(), importedAt: dateTime })),
  matches: z.array(screeningMatchSchema),
}).meta({ id: 'ScreeningAnswer' });

export const alertStatusSchema = z.enum(ALERT_STATUSES as [string, ...string[]]);

export const alertSchema = z.object({
  id: z.string(), subject: entitySummarySchema, list: z.string(), entry: z.string(), score: z.number(), matchedName: z.string(),
  explanation: z.array(z.string()), algorithm: z.string(), listVersionId: z.string().nullable(), status: alertStatusSchema,
  createdAt: dateTime, updatedAt: dateTime, decidedBy: z.string().nullable(), note: z.string().nullable(),
}).meta({ id: 'ScreeningAlert' });

export const alertEventSchema = z.object({ at: dateTime, by: z.string(), action: z.string(), score: z.number().nullable(), note: z.string().nullable() });

export const listEntrySchema = z.object({
  list: z.string(), entry: z.string(), subjectId: z.string(), schema: z.string(), caption: z.string(),
  entities: z.array(z.object({ id: z.string(), schema: z.string(), properties: z.record(z.string(), z.array(z.string())) })),
  firstVersionId: z.string(),
}).meta({ id: 'ListEntry' });

export const duplicateSchema = z.object({
  id: z.string(), a: entitySummarySchema, b: entitySummarySchema, score: z.number(), explanation: z.array(z.string()), algorithm: z.string(),
  status: z.enum(['open', 'merged', 'same', 'rejected']), createdAt: dateTime, decidedBy: z.string().nullable(), decidedAt: dateTime.nullable(),
}).meta({ id: 'DuplicateCandidate' });

export function listVersionDto(v: ListVersion) {
  return { ...v, importedAt: iso(v.importedAt) };
}

export function listChangeDto(c: ListChange) {
  return { ...c, fields: [...c.fields] };
}

export function alertDto(a: ScreeningAlert, subject: z.input<typeof entitySummarySchema>) {
  return {
    id: a.id, subject, list: a.list, entry: a.entry, score: a.score, matchedName: a.matchedName, explanation: [...a.explanation],
    algorithm: a.algorithm, listVersionId: a.listVersionId, status: a.status, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt),
    decidedBy: a.decidedBy, note: a.note,
  };
}

export function alertEventDto(e: AlertEvent) {
  return { at: iso(e.at), by: e.by, action: e.action, score: e.score, note: e.note };
}

export function duplicateDto(d: DuplicateCandidate, a: z.input<typeof entitySummarySchema>, b: z.input<typeof entitySummarySchema>) {
  return {
    id: d.id, a, b, score: d.score, explanation: [...d.explanation], algorithm: d.algorithm, status: d.status,
    createdAt: iso(d.createdAt), decidedBy: d.decidedBy, decidedAt: d.decidedAt ? iso(d.decidedAt) : null,
  };
}
