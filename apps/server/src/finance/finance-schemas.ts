/** The finance API's request and answer shapes (docs/api-contract.md, "Financial intelligence") and their DTOs. */
import { z } from 'zod';
import { TX_KINDS, type AccountRecord, type RecordError, type TransactionRecord } from '@ariadne/finance';
import {
  FINANCE_ALERT_STATUSES, FINANCE_DISPOSITIONS, FIU_CASE_STATUSES,
  type FinanceAlert, type FinanceAlertEvent, type FinanceDataset, type FiuCase,
} from '@ariadne/store';
import { idString } from '../api-schemas.ts';

const dateTime = z.iso.datetime();
const iso = (d: Date) => d.toISOString();

/** transactions one streaming request may carry */
export const MAX_STREAMED = 1000;
/** the first per-record errors answered (all are kept with the data set, up to 1,000) */
export const ERRORS_ANSWERED = 100;

export const recordErrorSchema = z.object({ record: z.string(), field: z.string().optional(), message: z.string() }).meta({ id: 'FinanceRecordError' });

export const datasetSchema = z.object({
  id: z.string(), caseId: z.string(), source: z.string(), format: z.string(), sha256: z.string(), importedAt: dateTime, importedBy: z.string(),
  transactions: z.number().int(), accounts: z.number().int(), errors: z.number().int(),
}).meta({ id: 'FinanceDataset' });

export function datasetDto(d: FinanceDataset) {
  return {
    id: d.id, caseId: d.caseId, source: d.source, format: d.format, sha256: d.sha256, importedAt: iso(d.importedAt), importedBy: d.importedBy,
    transactions: d.transactions, accounts: d.accounts, errors: d.errors,
  };
}

export function errorDto(e: RecordError) {
  return e.field === undefined ? { record: e.record, message: e.message } : { record: e.record, field: e.field, message: e.message };
}

export const importResultSchema = z.object({
  dataset: datasetSchema,
  /** the case had imported this very file (same SHA-256) already: nothing was written */
  unchanged: z.boolean(),
  /** transactions stored by this import */
  stored: z.number().int(),
  /** accounts' KYC records the file carried */
  accounts: z.number().int(),
  /** records refused (by the reader, the store's limits, or because the case holds their id) */
  errorCount: z.number().int(),
  errors: z.array(recordErrorSchema),
  /** alerts the scan after the import raised */
  newAlerts: z.number().int(),
}).meta({ id: 'FinanceImport' });

const findingSchema = z.object({ detector: z.string(), score: z.number(), reason: z.string() });

export const alertSchema = z.object({
  id: z.string(), caseId: z.string(), datasetId: z.string().nullable(), typology: z.string(), detectors: z.array(z.string()), score: z.number(),
  accounts: z.array(z.string()), transactions: z.array(z.string()), explanation: z.string(), findings: z.array(findingSchema), algorithm: z.string(),
  status: z.enum(FINANCE_ALERT_STATUSES), assignee: z.string().nullable(), disposition: z.enum(FINANCE_DISPOSITIONS).nullable(),
  fiuCaseId: z.string().nullable(), createdAt: dateTime, updatedAt: dateTime,
}).meta({ id: 'FinanceAlert' });

export function alertDto(a: FinanceAlert) {
  return {
    id: a.id, caseId: a.caseId, datasetId: a.datasetId, typology: a.typology, detectors: [...a.detectors], score: a.score, accounts: [...a.accounts],
    transactions: [...a.transactions], explanation: a.explanation, findings: a.findings.map((f) => ({ ...f })), algorithm: a.algorithm,
    status: a.status, assignee: a.assignee, disposition: a.disposition, fiuCaseId: a.fiuCaseId, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt),
  };
}

export const alertEventSchema = z.object({
  at: dateTime, by: z.string(), action: z.string(), note: z.string().nullable(), assignee: z.string().optional(),
}).meta({ id: 'FinanceAlertEvent' });

export function alertEventDto(e: FinanceAlertEvent) {
  return { at: iso(e.at), by: e.by, action: e.action, note: e.note, ...(e.assignee === undefined ? {} : { assignee: e.assignee }) };
}

export const transactionSchema = z.object({
  id: z.string(), from: z.string(), to: z.string(), amount: z.number(), amountText: z.string(), currency: z.string(), timestamp: dateTime,
  kind: z.enum(TX_KINDS), rawType: z.string().optional(), fromBank: z.string().optional(), toBank: z.string().optional(),
  fromCountry: z.string().optional(), toCountry: z.string().optional(), location: z.string().optional(), merchantCategory: z.string().optional(),
  reference: z.string().optional(), beneficiaryName: z.string().optional(),
}).meta({ id: 'FinanceTransaction' });

/** a transaction as answered; `withheld` drops the free text that may name a protected victim */
export function transactionDto(tx: TransactionRecord, withheld: boolean) {
  const { timestamp, reference, beneficiaryName, ...rest } = tx;
  return {
    ...rest, timestamp: new Date(timestamp).toISOString(),
    ...(withheld || reference === undefined ? {} : { reference }),
    ...(withheld || beneficiaryName === undefined ? {} : { beneficiaryName }),
  };
}

export const holderSchema = z.object({ id: z.string(), schema: z.string(), caption: z.string(), victim: z.boolean() });

export const accountSchema = z.object({
  id: z.string(), customerId: z.string().optional(), holderId: z.string().optional(), holderName: z.string().optional(),
  kind: z.string().optional(), businessType: z.string().optional(), bank: z.string().optional(), country: z.string().optional(),
  city: z.string().optional(), holder: holderSchema.nullable(),
}).meta({ id: 'FinanceAccount' });

export function accountDto(a: AccountRecord, holder: z.input<typeof holderSchema> | null, withheld: boolean) {
  const { holderName, ...rest } = a;
  return { ...rest, ...(withheld || holderName === undefined ? {} : { holderName }), holder };
}

export const alertDetailSchema = alertSchema.extend({
  history: z.array(alertEventSchema),
  /** the evidence transactions the case holds, in time order */
  evidence: z.array(transactionSchema),
  accountDetails: z.array(accountSchema),
}).meta({ id: 'FinanceAlertDetail' });

export const fiuCaseSchema = z.object({
  id: z.string(), caseId: z.string(), title: z.string(), status: z.enum(FIU_CASE_STATUSES), reportCode: z.string(), reason: z.string(),
  action: z.string(), indicators: z.array(z.string()), alertIds: z.array(z.string()), entityIds: z.array(z.string()),
  transactionIds: z.array(z.string()), createdBy: z.string(), createdAt: dateTime, updatedAt: dateTime, reportedAt: dateTime.nullable(),
  reportSha256: z.string().nullable(),
}).meta({ id: 'FiuCase' });

export function fiuCaseDto(c: FiuCase) {
  return {
    id: c.id, caseId: c.caseId, title: c.title, status: c.status, reportCode: c.reportCode, reason: c.reason, action: c.action,
    indicators: [...c.indicators], alertIds: [...c.alertIds], entityIds: [...c.entityIds], transactionIds: [...c.transactionIds],
    createdBy: c.createdBy, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt), reportedAt: c.reportedAt ? iso(c.reportedAt) : null,
    reportSha256: c.reportSha256,
  };
}

// ---------------------------------------------------------------- requests

/** a file name as the client names it; only its base name is kept */
export const sourceName = z.string().trim().min(1).max(200);

export const importQuery = z.strictObject({
  format: z.enum(['csv', 'iso20022', 'ftm']),
  source: sourceName,
});

export const accountsQuery = z.strictObject({ source: sourceName });

export const streamBody = z.strictObject({
  // the records are checked one by one (readPostedTransactions): a bad one is an error of its own
  transactions: z.array(z.unknown()).min(1, 'send at least one transaction').max(MAX_STREAMED, `at most ${MAX_STREAMED} transactions per request; send the rest in further requests`),
});

export const streamResultSchema = z.object({
  stored: z.number().int(),
  errors: z.array(recordErrorSchema),
  alerts: z.array(z.object({ id: z.string(), typology: z.string(), score: z.number() })),
}).meta({ id: 'FinanceStreamResult' });

export const scanResultSchema = z.object({
  algorithm: z.string(), parties: z.number().int(), transactions: z.number().int(), hits: z.number().int(), newAlerts: z.number().int(),
}).meta({ id: 'FinanceScan' });

export const alertQuery = z.strictObject({
  caseId: idString.optional(),
  status: z.enum(FINANCE_ALERT_STATUSES).optional(),
  typology: z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'not a typology id').optional(),
  assignee: idString.optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1000).optional(),
});

const note = z.string().max(2000);

export const alertPatchBody = z.strictObject({
  status: z.enum(['new', 'in_review', 'closed']).optional(),
  assignee: idString.nullable().optional(),
  disposition: z.enum(FINANCE_DISPOSITIONS).optional(),
  note: note.nullable().optional(),
}).refine((b) => Object.keys(b).length > 0, 'change at least one of status, assignee, disposition, note');

export const noteBody = z.strictObject({ note: note.trim().min(1, 'the note is empty') });

export const fiuCaseBody = z.strictObject({
  caseId: idString,
  title: z.string().trim().min(1).max(200),
  alertIds: z.array(idString).min(1).max(1000),
  entityIds: z.array(idString).max(1000).optional(),
  reportCode: z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'a goAML report code such as STR or SAR').optional(),
});

export const fiuCasePatchBody = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['draft', 'ready']).optional(),
  reportCode: z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'a goAML report code such as STR or SAR').optional(),
  reason: z.string().max(4000).optional(),
  action: z.string().max(4000).optional(),
  indicators: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/, 'an indicator code')).max(200).optional(),
  entityIds: z.array(idString).max(1000).optional(),
  transactionIds: z.array(z.string().min(1).max(200)).max(100_000).optional(),
  addAlertIds: z.array(idString).max(1000).optional(),
}).refine((b) => Object.keys(b).length > 0, 'change at least one field');
