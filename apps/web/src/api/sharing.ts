/**
 * Typed calls for information sharing and record linkage (docs/api-contract.md, issue 8): our
 * identity card and the partners, agreements (create, accept an offer, approve, revoke, preview
 * and send a package), the packages sent and received, the import of a received package, a
 * survivor's consent per purpose, linkage runs, and what an imported package brought (its MLA
 * request, covers, evidence bundles, alerts). Only ids travel in paths.
 *
 * Sending and importing answer problems that carry more than a plain problem: the refusal
 * `reason` of a package and the `refused` records of a send. Those two calls read the body
 * themselves and throw a `SharingError` keeping both.
 * @example const { items } = await sharingApi.agreements({ caseId });
 * @example try { await importPackage(file) } catch (e) { if (e instanceof SharingError) show(e.reason) }
 */
import { buildUrl, csrfHeaders, request } from './http.ts';
import { attachmentName } from './finance.ts';
import { ApiError, networkProblem, parseProblem, type Problem } from './problem.ts';
import type { Page } from './types.ts';
import {
  REFUSAL_REASONS, type Agreement, type AgreementDetail, type ConsentPurpose, type ConsentState, type Consent, type ImportedPackage, type LinkageInput,
  type LinkageResult, type LinkageRun, type MlaSendBody, type NewAgreementInput, type Partner, type PartyCard, type ReceivedAlert, type ReceivedPackage, type RefusalReason,
  type RefusedRecord, type RevokeResult, type Selection, type SharePackage, type SharePreview, type SignedOffer,
} from './sharing-types.ts';

const enc = encodeURIComponent;
type Paging = { cursor?: string | null; limit?: number };

/** A refused send or import: the problem, and what the sharing routes add to it. */
export class SharingError extends ApiError {
  /** why a package was refused (import), when the server said so */
  readonly reason: RefusalReason | null;
  /** victims' records whose consent does not cover the purpose (send), by id */
  readonly refused: readonly RefusedRecord[];

  constructor(problem: Problem, reason: RefusalReason | null, refused: readonly RefusedRecord[]) {
    super(problem);
    this.name = 'SharingError';
    this.reason = reason;
    this.refused = refused;
  }
}

/**
 * The sharing extras of a problem body, checked: a `reason` only when it is one of
 * `REFUSAL_REASONS`, `refused` only as `{ id, reason }` records with a text id.
 * @example problemExtras({ reason: 'replayed' }) // { reason: 'replayed', refused: [] }
 */
export function problemExtras(body: unknown): { reason: RefusalReason | null; refused: RefusedRecord[] } {
  const rec = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const reason = typeof rec.reason === 'string' && (REFUSAL_REASONS as readonly string[]).includes(rec.reason) ? (rec.reason as RefusalReason) : null;
  const refused: RefusedRecord[] = [];
  if (Array.isArray(rec.refused)) {
    for (const item of rec.refused as unknown[]) {
      if (typeof item === 'string' && item) refused.push({ id: item, reason: '' });
      else if (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string') {
        const r = item as { id: string; reason?: unknown };
        refused.push({ id: r.id, reason: typeof r.reason === 'string' ? r.reason : '' });
      }
    }
  }
  return { reason, refused };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** POST that keeps the sharing extras of a refusal (see `SharingError`). */
async function postKeepingExtras<T>(path: string, body: { json: unknown } | { blob: Blob }): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...csrfHeaders() };
  headers['Content-Type'] = 'json' in body ? 'application/json' : 'application/octet-stream';
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST', headers, credentials: 'same-origin', body: 'json' in body ? JSON.stringify(body.json) : body.blob,
    });
  } catch (error) {
    throw new ApiError(networkProblem(error instanceof Error ? error.message : String(error)));
  }
  const parsed = parseJson(await response.text());
  if (!response.ok) {
    const { reason, refused } = problemExtras(parsed);
    throw new SharingError(parseProblem(response.status, parsed, response.statusText), reason, refused);
  }
  return parsed as T;
}

export const sharingApi = {
  /** our own identity card, to give to partners */
  identity: () => request<PartyCard>('GET', '/api/sharing/identity'),
  partners: (paging: Paging = {}) => request<Page<Partner>>('GET', '/api/sharing/partners', { query: paging }),
  /** registers a partner from its card (409 when its signing key is known) */
  addPartner: (card: PartyCard, note?: string) => request<Partner>('POST', '/api/sharing/partners', { body: note ? { ...card, note } : card }),
  /** sets (or, with null, clears) a registered partner's ledger verifier key */
  setPartnerLedgerKey: (partnerId: string, ledgerKey: string | null) =>
    request<Partner>('PATCH', `/api/sharing/partners/${encodeURIComponent(partnerId)}`, { body: { ledgerKey } }),

  agreements: (query: Paging & { caseId?: string; partnerId?: string } = {}) => request<Page<Agreement>>('GET', '/api/sharing/agreements', { query }),
  agreement: (id: string) => request<AgreementDetail>('GET', `/api/sharing/agreements/${enc(id)}`),
  createAgreement: (input: NewAgreementInput) => request<Agreement>('POST', '/api/sharing/agreements', { body: input }),
  /** accepts a partner's signed offer into one of our cases (same id, mirrored direction) */
  acceptOffer: (offer: SignedOffer, caseId: string) => request<Agreement>('POST', '/api/sharing/agreements/accept', { body: { offer, caseId } }),
  approve: (id: string) => request<Agreement>('POST', `/api/sharing/agreements/${enc(id)}/approve`),
  revoke: (id: string, reason: string) => request<RevokeResult>('POST', `/api/sharing/agreements/${enc(id)}/revoke`, { body: { reason } }),
  /** what a package would hold; nothing leaves */
  preview: (id: string, selection: Selection) => request<SharePreview>('POST', `/api/sharing/agreements/${enc(id)}/preview`, { body: selection }),

  packages: (query: Paging & { agreementId?: string; direction?: 'outgoing' | 'incoming' } = {}) =>
    request<Page<SharePackage>>('GET', '/api/sharing/packages', { query }),
  /** what an imported package kept besides its entities: members (bundles, covers…), its MLA request, alerts */
  received: (packageId: string) => request<ReceivedPackage>('GET', `/api/sharing/packages/${enc(packageId)}/received`),
  /** the alerts an imported package brought, their subjects as the ids of the entities it imported */
  receivedAlerts: (packageId: string) => request<{ alerts: ReceivedAlert[] }>('GET', `/api/sharing/packages/${enc(packageId)}/alerts`),

  consents: (entityId: string) => request<ConsentState>('GET', `/api/entities/${enc(entityId)}/consents`),
  recordConsent: (input: { entityId: string; purpose: ConsentPurpose; granted: boolean; note?: string }) =>
    request<Consent>('POST', '/api/consents', { body: input }),

  linkageRuns: (query: Paging & { caseId?: string } = {}) => request<Page<LinkageRun>>('GET', '/api/linkage/runs', { query }),
  /** matches two CLK files; answers only the matched pairs, never scores */
  runLinkage: (input: LinkageInput) => request<LinkageResult>('POST', '/api/linkage/runs', { body: input }),
};

/**
 * Builds, signs, encrypts and records a package under the agreement.
 * @throws SharingError with `refused` when victims' consent is missing and `missingConsent` is `refuse`
 */
export function sendPackage(agreementId: string, selection: Selection): Promise<SharePackage> {
  return postKeepingExtras<SharePackage>(`/api/sharing/agreements/${enc(agreementId)}/packages`, { json: selection });
}

/**
 * Imports a received `.ariadne-share` file: verified, then written in one transaction, or refused.
 * @throws SharingError with the refusal `reason` (409 replayed, 403 not for us, 422 the rest…)
 */
export function importPackage(file: Blob): Promise<ImportedPackage> {
  return postKeepingExtras<ImportedPackage>('/api/sharing/packages/import', { blob: file });
}

/**
 * Sends a mutual legal assistance or extradition request under the agreement (signed, encrypted,
 * recorded like any package). Victims named by their record id travel as their pseudonym.
 * @throws SharingError whose `problem.errors` map each bad field's path (`subjects.0.name`) to the rule it breaks
 */
export function sendMla(agreementId: string, body: MlaSendBody): Promise<SharePackage> {
  return postKeepingExtras<SharePackage>(`/api/sharing/agreements/${enc(agreementId)}/mla`, { json: body });
}

/**
 * The address of one member an imported package kept, to open in a new tab (a cover document is
 * served as HTML that may run no script and may not be framed).
 * @example receivedFileUrl('pkg-1', 'mla/cover.en.html') // '/api/sharing/packages/pkg-1/received/file?path=mla%2Fcover.en.html'
 */
export function receivedFileUrl(packageId: string, path: string): string {
  return buildUrl(`/api/sharing/packages/${enc(packageId)}/received/file`, { path });
}

export interface DownloadedFile {
  readonly blob: Blob;
  readonly filename: string;
}

/** GET an attachment with the session (so a refusal shows as a problem, not a JSON page). */
async function download(path: string, fallbackName: string): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path), { headers: { Accept: 'application/octet-stream, application/json' }, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(networkProblem(error instanceof Error ? error.message : String(error)));
  }
  if (!response.ok) throw new ApiError(parseProblem(response.status, parseJson(await response.text()), response.statusText));
  return { blob: await response.blob(), filename: attachmentName(response.headers.get('content-disposition'), fallbackName) };
}

/** the signed offer, as the file to hand to the partner */
export function downloadOffer(agreementId: string): Promise<DownloadedFile> {
  return download(`/api/sharing/agreements/${enc(agreementId)}/offer`, `agreement-${safeName(agreementId)}.json`);
}

/** the encrypted package, as sent (`<id>.ariadne-share`) */
export function downloadPackage(packageId: string): Promise<DownloadedFile> {
  return download(`/api/sharing/packages/${enc(packageId)}/file`, `${safeName(packageId)}.ariadne-share`);
}

/** one member an imported package kept (an evidence bundle, the request as JSON) */
export function downloadReceivedFile(packageId: string, path: string): Promise<DownloadedFile> {
  return download(receivedFileUrl(packageId, path), (path.split('/').pop() ?? '').replace(/[^\w.-]/g, '').slice(0, 100) || 'member');
}

function safeName(id: string): string {
  return id.replace(/[^\w-]/g, '').slice(0, 60) || 'file';
}
