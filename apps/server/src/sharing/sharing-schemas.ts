/**
 * The zod shapes of the information-sharing and linkage routes (docs/api-contract.md, "Information
 * sharing and record linkage"), and the functions that turn store records into them. Agreement
 * terms are checked in full by `checkTerms` of `@ariadne/sharing` (it names each bad field); the
 * shape here documents them and keeps out what is not an object of the right fields.
 */
import { z } from 'zod';
import { CONSENT_PURPOSES, fingerprint, ledgerKeyFingerprint, REFUSAL_REASONS, SHARE_PURPOSES, SHARED_ALERT_STATUSES, PACKAGE_KINDS, type AgreementTerms } from '@ariadne/sharing';
import type { ConsentRecord, LinkageRunRecord, SharePackageRecord, SharingAgreement, SharingPartner } from '@ariadne/store';
import { idString } from '../api-schemas.ts';
import { OFFER_FORMAT, type AgreementOffer } from './agreement-offer.ts';

const dateTime = z.iso.datetime();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const directionSchema = z.enum(['outgoing', 'incoming', 'both']);
const propertyLists = z.record(z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(200));

export const termsSchema = z.strictObject({
  purpose: z.enum(SHARE_PURPOSES),
  legalBasis: z.string().max(2000),
  allowed: propertyLists.describe('schema → the properties of it that may travel; a schema not listed never travels'),
  victims: z.enum(['pseudonymise', 'exclude']),
  pseudonymise: propertyLists.describe('schema → properties whose values travel as keyed pseudonyms'),
  alerts: z.boolean(),
  evidence: z.boolean(),
  retentionDays: z.number().int(),
  validFrom: z.string().describe('YYYY-MM-DD, inclusive'),
  validUntil: z.string().describe('YYYY-MM-DD, inclusive'),
  approvalsRequired: z.number().int(),
}).meta({ id: 'AgreementTerms' });

const lists = (map: Readonly<Record<string, readonly string[]>>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(map).map(([schema, props]) => [schema, [...props]]));

export function termsDto(terms: AgreementTerms): z.input<typeof termsSchema> {
  return { ...terms, allowed: lists(terms.allowed), pseudonymise: lists(terms.pseudonymise) };
}

export const partyCardSchema = z.strictObject({
  format: z.literal('ariadne-party/1'),
  name: z.string(),
  signingKey: z.string().describe('Ed25519 public key, 32 bytes in base64'),
  ageRecipient: z.string().describe('age X25519 recipient, age1…'),
  fingerprint: z.string().describe('to read aloud when both sides confirm the key'),
  ledgerKey: z.string().max(512).optional()
    .describe("the party's ledger verifier key (C2SP `<name>+<key id>+<base64 key>`), present when it signs checkpoints: its evidence bundles are checked against it"),
}).meta({ id: 'PartyCard' });

/** a partner's card as pasted: the fingerprint is checked when present */
export const partnerBody = z.strictObject({
  format: z.literal('ariadne-party/1').optional(),
  name: z.string().max(200),
  signingKey: z.string().max(100),
  ageRecipient: z.string().max(200),
  fingerprint: z.string().max(100).optional(),
  ledgerKey: z.string().max(512).nullable().optional().describe("the partner's published ledger verifier key; absent or null: none"),
  note: z.string().max(2000).optional(),
});

/** a registered partner's ledger key, set or cleared after registration (the partner published it later, or rotated it) */
export const partnerLedgerKeyBody = z.strictObject({
  ledgerKey: z.string().max(512).nullable()
    .describe("the partner's published ledger verifier key (C2SP `<name>+<key id>+<base64 key>`); null clears it"),
});

export const partnerSchema = z.object({
  id: z.string(), name: z.string(), signingKey: z.string(), ageRecipient: z.string(), fingerprint: z.string(),
  ledgerKey: z.string().nullable().describe('the ledger verifier key registered for the partner: the evidence bundles it sends are checked against it'),
  ledgerKeyFingerprint: z.string().nullable().describe('hex SHA-256 of `ledgerKey`, to compare with the one the partner publishes'),
  note: z.string(), createdBy: z.string(), createdAt: dateTime,
}).meta({ id: 'Partner' });

export function partnerDto(p: SharingPartner): z.input<typeof partnerSchema> {
  return {
    id: p.id, name: p.name, signingKey: p.signingKey, ageRecipient: p.ageRecipient, fingerprint: fingerprint(p),
    ledgerKey: p.ledgerKey ?? null, ledgerKeyFingerprint: p.ledgerKey ? ledgerKeyFingerprint(p.ledgerKey) : null,
    note: p.note, createdBy: p.createdBy, createdAt: p.createdAt.toISOString(),
  };
}

export const agreementBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  partnerId: idString,
  caseId: idString,
  direction: directionSchema,
  terms: termsSchema,
});

export const agreementSchema = z.object({
  id: z.string(), title: z.string(), partnerId: z.string(), caseId: z.string(), direction: directionSchema, terms: termsSchema, termsSha256: sha256,
  status: z.enum(['draft', 'active', 'revoked']), approvals: z.array(z.object({ userId: z.string(), at: dateTime })), createdBy: z.string(), createdAt: dateTime,
  revokedAt: dateTime.nullable(), revokedReason: z.string().nullable(), lastSentSequence: z.number().int(), lastReceivedSequence: z.number().int(),
}).meta({ id: 'Agreement' });

export const agreementDetailSchema = agreementSchema.extend({
  description: z.array(z.string()).describe('the terms in plain language'),
}).meta({ id: 'AgreementDetail' });

export function agreementDto(a: SharingAgreement): z.input<typeof agreementSchema> {
  return {
    id: a.id, title: a.title, partnerId: a.partnerId, caseId: a.caseId, direction: a.direction, terms: termsDto(a.terms), termsSha256: a.termsSha256,
    status: a.status, approvals: a.approvals.map((x) => ({ userId: x.userId, at: x.at.toISOString() })), createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(), revokedAt: a.revokedAt?.toISOString() ?? null, revokedReason: a.revokedReason,
    lastSentSequence: a.lastSentSequence, lastReceivedSequence: a.lastReceivedSequence,
  };
}

export const offerSchema = z.strictObject({
  format: z.literal(OFFER_FORMAT),
  id: idString,
  // as signed: not trimmed, or the signature would not verify
  title: z.string().min(1).max(200),
  direction: directionSchema.describe("the offering side's direction: `outgoing` means it sends"),
  terms: termsSchema,
  termsSha256: sha256,
  from: partyCardSchema,
  to: partyCardSchema,
  signature: z.string().max(200).describe('Ed25519 over the canonical JSON of the other fields, base64'),
}).meta({ id: 'AgreementOffer' });

export function offerDto(offer: AgreementOffer): z.input<typeof offerSchema> {
  return { ...offer, terms: termsDto(offer.terms) };
}

export const acceptBody = z.strictObject({ offer: offerSchema, caseId: idString });

export const revokeBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const selectionBody = z.strictObject({
  entityIds: z.array(idString).min(1).max(10_000).optional().describe('absent: the whole case'),
  missingConsent: z.enum(['refuse', 'omit']).optional().describe("a victim's record without consent for the purpose: refuse the send (default) or leave it out"),
  evidenceBundleIds: z.array(idString).max(100).optional(),
  includeAlerts: z.boolean().optional().describe("send the case's finance and screening alerts about what travels (default: when the terms allow alerts; `true` under terms that do not is a 400)"),
}).meta({ id: 'Selection' });

export const refusedRecordSchema = z.object({ id: z.string(), reason: z.string() });

export const previewSchema = z.object({
  counts: z.record(z.string(), z.number().int()),
  refused: z.array(refusedRecordSchema),
}).meta({ id: 'SharePreview' });

export const packageSchema = z.object({
  id: z.string(), direction: z.enum(['outgoing', 'incoming']), agreementId: z.string().nullable(), partnerId: z.string().nullable(),
  kind: z.enum(PACKAGE_KINDS), sequence: z.number().int(), sha256, bytes: z.number().int(), status: z.enum(['sent', 'imported', 'refused']),
  refusal: z.enum(REFUSAL_REASONS).nullable(), refusalDetail: z.string().nullable(), counts: z.record(z.string(), z.number().int()),
  actorId: z.string(), at: dateTime, expiresAt: dateTime.nullable(), caseId: z.string().nullable(), purgedAt: dateTime.nullable(),
}).meta({ id: 'SharePackage' });

export function packageDto(p: SharePackageRecord): z.input<typeof packageSchema> {
  return {
    id: p.id, direction: p.direction, agreementId: p.agreementId, partnerId: p.partnerId, kind: p.kind, sequence: p.sequence, sha256: p.sha256,
    bytes: p.bytes, status: p.status, refusal: p.refusal, refusalDetail: p.refusalDetail, counts: { ...p.counts }, actorId: p.actorId,
    at: p.at.toISOString(), expiresAt: p.expiresAt?.toISOString() ?? null, caseId: p.caseId, purgedAt: p.purgedAt?.toISOString() ?? null,
  };
}

export const importedSchema = packageSchema.extend({
  mla: z.record(z.string(), z.unknown()).nullable().describe('the request of an `mla-request` package (`ariadne-mla/1`)'),
}).meta({ id: 'ImportedPackage' });

export const packagesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1000).optional(),
  agreementId: idString.optional(),
  direction: z.enum(['outgoing', 'incoming']).optional(),
});

export const revokedSchema = z.object({
  agreement: agreementSchema,
  revocationPackage: packageSchema.nullable(),
  purged: z.object({ packages: z.number().int(), statements: z.number().int(), entities: z.number().int() }),
});

export const mlaBody = z.strictObject({
  request: z.record(z.string(), z.unknown()).describe('an `ariadne-mla/1` request without `evidence` (added from `evidenceBundleIds`); `format` and `case` may be left out'),
  evidenceBundleIds: z.array(idString).max(100).optional(),
});

export const bundleCheckSchema = z.object({
  ok: z.boolean().describe('true: a bundle that does not verify refuses its whole package'),
  bundleId: z.string().nullable(),
  items: z.number().int(),
  events: z.number().int(),
  log: z.object({ origin: z.string(), treeSize: z.number().int() }).nullable().describe('the log whose signed checkpoint the proofs lead to'),
  keyName: z.string().nullable(),
  keyFingerprint: z.string().nullable().describe('hex SHA-256 of the verifier key the bundle verified against'),
  keyChecked: z.enum(['partner', 'bundle']).describe("`partner`: against the partner's registered ledger key; `bundle`: against the key the bundle carries (register the partner's ledger key to check whose it is)"),
}).meta({ id: 'ReceivedBundleCheck' });

export const receivedSchema = z.object({
  members: z.array(z.object({
    path: z.string(), role: z.string(), sha256, bytes: z.number().int(),
    verification: bundleCheckSchema.nullable().describe('an evidence bundle\'s verification on receipt; null for other members'),
  })),
  mla: z.record(z.string(), z.unknown()).nullable(),
});

const sharedAlertFields = {
  id: z.string().describe('`psa-` + 32 hex: a keyed pseudonym of the sender\'s alert id, stable per partner'),
  score: z.number().min(0).max(1),
  status: z.enum(SHARED_ALERT_STATUSES).describe('finance: new, in_review, escalated, closed; screening: open, needs_review, confirmed'),
  createdAt: dateTime,
  explanation: z.string().describe('account numbers and transaction ids replaced by `[account]` / `[transaction]`, clauses naming a victim by `[withheld]`'),
  findings: z.array(z.object({ detector: z.string(), score: z.number(), reason: z.string() })),
  subjects: z.array(z.string()).describe('ids of entities the same package imported (`share-…`)'),
};

export const sharedAlertSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finance'), typology: z.string(), ...sharedAlertFields }),
  z.object({ kind: z.literal('screening'), list: z.string().describe('the sanctions list, e.g. `un-sc`'), ...sharedAlertFields }),
]).meta({ id: 'SharedAlert' });

export const receivedAlertsSchema = z.object({ alerts: z.array(sharedAlertSchema) });

export const consentBody = z.strictObject({
  entityId: idString,
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  note: z.string().max(500).optional().describe('how it was given (e.g. "signed form, interpreter present"); no personal data'),
});

export const consentSchema = z.object({
  entityId: z.string(), caseId: z.string(), purpose: z.enum(CONSENT_PURPOSES), granted: z.boolean(), recordedBy: z.string(), at: dateTime, note: z.string(),
}).meta({ id: 'Consent' });

export function consentDto(c: ConsentRecord): z.input<typeof consentSchema> {
  return { entityId: c.entityId, caseId: c.caseId, purpose: c.purpose, granted: c.granted, recordedBy: c.recordedBy, at: c.at.toISOString(), note: c.note };
}

export const linkageBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  caseId: idString.optional(),
  a: z.string().min(1).describe("side A's CLK file (`ariadne-clk/1`) as text"),
  b: z.string().min(1).describe("side B's CLK file as text"),
  threshold: z.number().gt(0).max(1).optional().describe('Dice score at or above which a pair may match (default 0.8)'),
});

export const linkageRunSchema = z.object({
  id: z.string(), caseId: z.string().nullable(), title: z.string(), schemaSha256: sha256, threshold: z.number(), recordsA: z.number().int(),
  recordsB: z.number().int(), candidatePairs: z.number().int(), matches: z.number().int(), actorId: z.string(), at: dateTime,
}).meta({ id: 'LinkageRun' });

export function linkageRunDto(r: LinkageRunRecord): z.input<typeof linkageRunSchema> {
  return {
    id: r.id, caseId: r.caseId, title: r.title, schemaSha256: r.schemaSha256, threshold: r.threshold, recordsA: r.recordsA, recordsB: r.recordsB,
    candidatePairs: r.candidatePairs, matches: r.matches, actorId: r.actorId, at: r.at.toISOString(),
  };
}

export const linkageResultSchema = z.object({
  run: linkageRunSchema,
  pairs: z.array(z.object({ tokenA: z.string(), tokenB: z.string() })).describe('the matched pairs by the parties\' random tokens; no score'),
});

export const linkageRunsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1000).optional(),
  caseId: idString.optional(),
});
