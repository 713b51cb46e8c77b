/**
 * Typed calls for sanctions lists, screening, alerts, duplicate proposals and the designation
 * dossier. Names to screen travel in a POST body, never in a URL (they would end up in server
 * logs, browser history and Referer headers).
 * @example const { matches } = await screeningApi.screen({ name: 'Testperson Alpha', nearMisses: true });
 */
import { buildUrl, request } from './http.ts';
import type {
  AlertDetail, AlertStatus, ChangeKind, Disposition, DuplicateProposal, DuplicateScan, DuplicateStatus, ListChange, ListEntry,
  ListImport, ListSource, ListVersion, ListVersionDetail, ScreeningAlert, ScreeningAnswer, ScreeningQuery, ScreeningStatus,
  SubjectScreening,
} from './screening-types.ts';
import type { Page } from './types.ts';

const enc = encodeURIComponent;
type Paging = { cursor?: string | null; limit?: number };

export const listsApi = {
  overview: () => request<{ current: ListVersion[]; sources: ListSource[] }>('GET', '/api/lists'),
  versions: (query: Paging & { list?: string } = {}) => request<Page<ListVersion>>('GET', '/api/lists/versions', { query }),
  version: (id: string) => request<ListVersionDetail>('GET', `/api/lists/versions/${enc(id)}`),
  changes: (id: string, query: Paging & { kind?: ChangeKind } = {}) =>
    request<Page<ListChange>>('GET', `/api/lists/versions/${enc(id)}/changes`, { query }),
  entry: (list: string, entry: string) => request<ListEntry>('GET', `/api/lists/${enc(list)}/entries/${enc(entry)}`),
  /** The file goes up as the raw body; the server detects its format from the content. */
  importFile: (file: Blob, filename: string) =>
    request<ListImport>('POST', '/api/lists/import', {
      query: { filename }, raw: { data: file, type: 'application/octet-stream' },
    }),
  /** Download from the publisher and import; a 502 problem when the publisher cannot be reached. */
  update: (list: string) => request<ListImport>('POST', `/api/lists/${enc(list)}/update`),
};

export const screeningApi = {
  screen: (query: ScreeningQuery) => request<ScreeningAnswer>('POST', '/api/screening', { body: query }),
  status: () => request<ScreeningStatus>('GET', '/api/screening/status'),
  subject: (entityId: string) => request<SubjectScreening>('GET', `/api/entities/${enc(entityId)}/screening`),
  alerts: (query: Paging & { status?: AlertStatus; caseId?: string; list?: string } = {}) =>
    request<Page<ScreeningAlert>>('GET', '/api/screening/alerts', { query }),
  alert: (id: string) => request<AlertDetail>('GET', `/api/screening/alerts/${enc(id)}`),
  /** A reason is required to confirm or dismiss as false positive (the server refuses without). */
  decide: (id: string, status: Disposition, note?: string) =>
    request<ScreeningAlert>('POST', `/api/screening/alerts/${enc(id)}/disposition`, { body: { status, note: note?.trim() || undefined } }),
};

export const duplicatesApi = {
  scan: (caseIds?: readonly string[]) =>
    request<DuplicateScan>('POST', '/api/duplicates/scan', { body: caseIds?.length ? { caseIds } : {} }),
  list: (query: Paging & { status?: DuplicateStatus; caseId?: string } = {}) =>
    request<Page<DuplicateProposal>>('GET', '/api/duplicates', { query }),
  decide: (id: string, status: DuplicateStatus) =>
    request<DuplicateProposal>('POST', `/api/duplicates/${enc(id)}/decision`, { body: { status } }),
};

/** The designation dossier of a subject, as HTML (to read) or PDF (to download). */
export function dossierUrl(entityId: string, format: 'html' | 'pdf'): string {
  return buildUrl(`/api/entities/${enc(entityId)}/dossier`, { format });
}
