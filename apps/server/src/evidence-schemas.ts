/** zod shapes of the evidence, custody, bundle and submission API (`docs/api-contract.md`). */
import { z } from 'zod';
import { BUNDLE_PURPOSES } from '@ariadne/evidence';
import { idString } from './api-schemas.ts';

const dateTime = z.iso.datetime();
const text = (max: number) => z.string().max(max);

// not strict: a client may send back the consent it was given, with the server's `recordedAt`;
// unknown fields are dropped, never stored
export const consentSchema = z.object({
  prosecution: z.boolean(),
  sanctions: z.boolean(),
  statistics: z.boolean(),
  visibility: z.enum(['case-team', 'named']).default('case-team'),
  organisations: z.array(text(200).min(1)).max(20).optional(),
}).meta({ id: 'Consent' });

export const evidenceIntakeSchema = z.strictObject({
  uploadId: z.string().uuid(),
  description: text(2000).optional(),
  collectedBy: text(200).optional(),
  collectedAt: dateTime.optional(),
  collectedWhere: text(500).optional(),
  source: text(500).optional(),
  purpose: text(500).optional(),
  entityIds: z.array(idString).max(100).optional(),
  consent: consentSchema.optional(),
}).meta({ id: 'EvidenceIntake' });

export const evidenceItemSchema = z.object({
  id: z.string(), caseId: z.string().nullable(), origin: z.enum(['staff', 'survivor', 'tip']), sha256: z.string(), size: z.number().int(),
  mime: z.string(), declaredMime: z.string().nullable(), mimeMismatch: z.boolean(), filename: z.string().nullable(), description: z.string(),
  metadata: z.record(z.string(), z.unknown()), collectedBy: z.string().nullable(), collectedAt: dateTime.nullable(),
  collectedWhere: z.string().nullable(), source: z.string().nullable(), consent: z.record(z.string(), z.unknown()).nullable(),
  sealed: z.boolean(), hold: z.boolean(), createdAt: dateTime, createdBy: z.string(), entityIds: z.array(z.string()), headHash: z.string(),
}).meta({ id: 'EvidenceItem' });

export const custodyEventSchema = z.object({
  seq: z.number().int(), at: dateTime, actor: z.string(), kind: z.string(), purpose: z.string().nullable(),
  details: z.record(z.string(), z.unknown()), leafHash: z.string(), entry: z.string(),
}).meta({ id: 'CustodyEvent' });

export const custodyActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('transfer'), purpose: text(500).min(1), recipient: text(500).min(1) }),
  z.strictObject({ kind: z.literal('analysis'), purpose: text(500).min(1), method: text(500).min(1) }),
  z.strictObject({ kind: z.enum(['seal', 'hold', 'release']), purpose: text(500).min(1) }),
]).meta({ id: 'CustodyAction' });

export const linkSchema = z.strictObject({ entityIds: z.array(idString).min(1).max(100), purpose: text(500).optional() });


export const bundleRequestSchema = z.strictObject({
  itemIds: z.array(idString).min(1).max(10_000).optional(),
  purpose: z.enum(BUNDLE_PURPOSES),
  recipient: text(500).min(1),
  note: text(2000).optional(),
}).meta({ id: 'BundleRequest' });

export const bundleSchema = z.object({
  id: z.string(), caseId: z.string(), state: z.enum(['building', 'ready', 'failed']), bytesDone: z.number().int(), bytesTotal: z.number().int(),
  items: z.number().int(), purpose: z.string(), recipient: z.string(), createdAt: dateTime, error: z.string().optional(),
}).meta({ id: 'Bundle' });

export const verificationSchema = z.object({
  ok: z.boolean(),
  problems: z.array(z.object({ code: z.string(), message: z.string(), path: z.string().optional(), seq: z.number().int().optional(), item: z.string().optional() })),
  summary: z.record(z.string(), z.unknown()),
}).meta({ id: 'BundleVerification' });

export const submissionRequestSchema = z.strictObject({
  kind: z.enum(['account', 'tip']),
  language: z.enum(['en', 'ar', 'fr']),
  account: text(100_000).min(1),
  named: z.boolean(),
  contact: text(1000).optional(),
  consent: consentSchema,
}).meta({ id: 'SubmissionRequest' });

export const submissionSummarySchema = z.object({
  id: z.string(), kind: z.enum(['account', 'tip']), status: z.enum(['new', 'triaged', 'closed']), language: z.string(), named: z.boolean(),
  createdAt: dateTime, items: z.number().int(), messages: z.number().int(), caseId: z.string().nullable(),
}).meta({ id: 'SubmissionSummary' });

export const messageSchema = z.object({ id: z.string(), author: z.enum(['sender', 'team']), text: z.string(), at: dateTime });

export const receiptSchema = z.object({
  submissionId: z.string(),
  items: z.array(z.object({ sha256: z.string(), size: z.number().int(), role: z.string(), seq: z.number().int(), leafHash: z.string(), entry: z.string(), details: z.record(z.string(), z.unknown()), proof: z.array(z.string()) })),
  checkpoint: z.string(), verifierKey: z.string(), issuedAt: dateTime,
}).meta({ id: 'Receipt' });
