/**
 * Typed calls for the evidence vault, custody, bundles and submissions
 * (docs/api-contract.md, "Evidence vault, custody and bundles"). File bytes never go through
 * here: uploads use tus (lib/tus-upload.ts) and the verifier streams with XHR (lib/verify-bundle.ts).
 */
import { buildUrl, request } from './http.ts';
import type {
  Bundle, BundlePurpose, Consent, CustodyAction, CustodyEvent, EvidenceIntake, EvidenceItem, IntakeResult,
  NewSubmission, PublicSubmission, Receipt, SubmissionDetail, SubmissionStatus, SubmissionSummary,
} from './evidence-types.ts';
import type { Page } from './types.ts';

const enc = encodeURIComponent;
type Paging = { cursor?: string | null; limit?: number };

/** Where the original bytes of an item are served; the server journals a `view` or a `download`. */
export function evidenceContentUrl(id: string, purpose: string, download = false): string {
  return buildUrl(`/api/evidence/${enc(id)}/content`, { purpose: purpose.trim() || undefined, download: download ? 1 : undefined });
}

export function bundleDownloadUrl(id: string): string {
  return `/api/bundles/${enc(id)}/download`;
}

export const evidenceApi = {
  listCaseEvidence: (caseId: string, paging: Paging = {}) =>
    request<Page<EvidenceItem>>('GET', `/api/cases/${enc(caseId)}/evidence`, { query: paging }),
  createEvidence: (caseId: string, intake: EvidenceIntake) =>
    request<IntakeResult>('POST', `/api/cases/${enc(caseId)}/evidence`, { body: intake }),
  getEvidence: (id: string) => request<EvidenceItem>('GET', `/api/evidence/${enc(id)}`),
  custody: (id: string) => request<{ items: CustodyEvent[] }>('GET', `/api/evidence/${enc(id)}/custody`),
  recordCustody: (id: string, event: { kind: CustodyAction; purpose: string; recipient?: string; method?: string }) =>
    request<CustodyEvent>('POST', `/api/evidence/${enc(id)}/custody`, { body: event }),
  linkEntities: (id: string, entityIds: readonly string[], purpose?: string) =>
    request<CustodyEvent>('POST', `/api/evidence/${enc(id)}/links`, { body: { entityIds, purpose } }),

  createBundle: (caseId: string, input: { itemIds?: readonly string[]; purpose: BundlePurpose; recipient: string; note?: string }) =>
    request<Bundle>('POST', `/api/cases/${enc(caseId)}/bundles`, { body: input }),
  getBundle: (id: string, signal?: AbortSignal) => request<Bundle>('GET', `/api/bundles/${enc(id)}`, { signal }),

  listSubmissions: (query: Paging & { status?: SubmissionStatus }) =>
    request<Page<SubmissionSummary>>('GET', '/api/submissions', { query }),
  getSubmission: (id: string) => request<SubmissionDetail>('GET', `/api/submissions/${enc(id)}`),
  askSender: (id: string, text: string) => request<void>('POST', `/api/submissions/${enc(id)}/messages`, { body: { text } }),
  triage: (id: string, decision: { caseId: string } | { close: true }) =>
    request<SubmissionSummary>('POST', `/api/submissions/${enc(id)}/triage`, { body: decision }),
};

/** The header that proves a sender holds the receipt code; the code never goes in a URL. */
export function receiptHeaders(code: string): Record<string, string> {
  return { Authorization: `Receipt ${code.trim()}` };
}

/** The survivor and tip-line routes: no account, the receipt code instead. */
export const publicApi = {
  createSubmission: (input: NewSubmission) =>
    request<{ submissionId: string; receiptCode: string }>('POST', '/api/public/submissions', { body: input }),
  attach: (code: string, input: { uploadId: string; description?: string }) =>
    request<{ sha256: string; size: number; filename: string | null }>('POST', '/api/public/submission/attachments', {
      body: input, headers: receiptHeaders(code), quiet401: true,
    }),
  get: (code: string) => request<PublicSubmission>('GET', '/api/public/submission', { headers: receiptHeaders(code), quiet401: true }),
  reply: (code: string, text: string) =>
    request<void>('POST', '/api/public/submission/messages', { body: { text }, headers: receiptHeaders(code), quiet401: true }),
  setConsent: (code: string, consent: Consent) =>
    request<void>('PUT', '/api/public/submission/consent', { body: consent, headers: receiptHeaders(code), quiet401: true }),
  receipt: (code: string) => request<Receipt>('GET', '/api/public/submission/receipt', { headers: receiptHeaders(code), quiet401: true }),
};
