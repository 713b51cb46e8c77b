/**
 * Typed calls for financial intelligence: a case's data sets and imports (with upload progress),
 * the alert queue and its triage, an alert's evidence subgraph, FIU cases and the goAML export,
 * and the case's live alert stream. Only ids travel in paths; a file's name goes as the import's
 * `source` because the API records it with the data set, and the CSV column map goes in the
 * `X-Column-Map` header (never a URL, where proxies log it).
 * @example const page = await financeApi.alerts({ caseId, status: 'new', minScore: 0.5 });
 * @example const result = await importFile({ caseId, file, format: 'csv', map, onProgress });
 */
import { buildUrl, csrfHeaders, request } from './http.ts';
import { ApiError, networkProblem, parseProblem } from './problem.ts';
import type { NetworkPayload } from './network-types.ts';
import type { Page } from './types.ts';
import {
  IMPORT_CONTENT_TYPE, type AlertStreamEvent, type ColumnMapJson, type FinanceAlert, type FinanceAlertDetail, type FinanceAlertEvent,
  type FinanceAlertPatch, type FinanceAlertQuery, type FinanceDataset, type FinanceImport, type FiuCase, type FiuCaseInput, type FiuCasePatch,
  type GoamlCode, type GoamlSchemaVersion, type ImportFormat, type ReportFile, type ReportRequest,
} from './finance-types.ts';

const enc = encodeURIComponent;
type Paging = { cursor?: string | null; limit?: number };

/** the server refuses a column map header longer than this */
export const MAX_COLUMN_MAP_BYTES = 8 * 1024;

export const financeApi = {
  datasets: (caseId: string) => request<{ items: FinanceDataset[] }>('GET', `/api/cases/${enc(caseId)}/finance/datasets`),
  /** rerun the batch scan of the case; new alerts are recorded */
  scan: (caseId: string) =>
    request<{ algorithm: string; parties: number; transactions: number; hits: number; newAlerts: number }>('POST', `/api/cases/${enc(caseId)}/finance/scans`),
  /** highest score first */
  alerts: (query: FinanceAlertQuery = {}) => request<Page<FinanceAlert>>('GET', '/api/finance/alerts', { query: { ...query } }),
  alert: (id: string) => request<FinanceAlertDetail>('GET', `/api/finance/alerts/${enc(id)}`),
  /** the alert's evidence subgraph in the network explorer's shape */
  network: (id: string, signal?: AbortSignal) => request<NetworkPayload>('GET', `/api/finance/alerts/${enc(id)}/network`, { signal }),
  /** triage; closing needs a disposition and a note (the server refuses without) */
  updateAlert: (id: string, patch: FinanceAlertPatch) => request<FinanceAlert>('PATCH', `/api/finance/alerts/${enc(id)}`, { body: patch }),
  addNote: (id: string, note: string) => request<FinanceAlertEvent>('POST', `/api/finance/alerts/${enc(id)}/notes`, { body: { note } }),
  fiuCases: (query: Paging & { caseId?: string } = {}) => request<Page<FiuCase>>('GET', '/api/finance/cases', { query }),
  fiuCase: (id: string) => request<FiuCase>('GET', `/api/finance/cases/${enc(id)}`),
  createFiuCase: (input: FiuCaseInput) => request<FiuCase>('POST', '/api/finance/cases', { body: input }),
  updateFiuCase: (id: string, patch: FiuCasePatch) => request<FiuCase>('PATCH', `/api/finance/cases/${enc(id)}`, { body: patch }),
  /** the FIU's report codes and indicators for a schema version (409 when that version is not configured) */
  codeLists: (schemaVersion: GoamlSchemaVersion) =>
    request<{ reportCodes: GoamlCode[]; indicators: GoamlCode[] }>('GET', '/api/finance/goaml/code-lists', { query: { schemaVersion } }),
};

/** The readable HTML summary of an FIU case's report (victims pseudonymised), to open in a new tab. */
export function reportSummaryUrl(fiuCaseId: string, schemaVersion?: GoamlSchemaVersion): string {
  return buildUrl(`/api/finance/cases/${enc(fiuCaseId)}/summary`, { schemaVersion });
}

/** The case's live alert stream (Server-Sent Events). */
export function alertStreamUrl(caseId: string): string {
  return `/api/cases/${enc(caseId)}/finance/alerts/stream`;
}

/**
 * The column map as the `X-Column-Map` header value: JSON with every non-ASCII character escaped
 * (`\u00e9`), because a header carries Latin-1 at best and header names are often in other
 * scripts; the server's JSON parser reads the escapes back.
 * @example columnMapHeader({ id: 'Réf' }) // '{"id":"R\\u00e9f"}'
 */
export function columnMapHeader(map: ColumnMapJson): string {
  return JSON.stringify(map).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface ImportOptions {
  readonly caseId: string;
  readonly file: Blob;
  /** the file's name, recorded as the data set's source */
  readonly source: string;
  readonly format: ImportFormat;
  /** required for CSV */
  readonly map?: ColumnMapJson;
  readonly onProgress?: (sent: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sends a transactions file as the request body, with upload progress (fetch cannot report it, so
 * this uses XMLHttpRequest). Resolves once the server has stored the file and scanned the case.
 * @throws ApiError with the server's problem (a bad column map, a file too large…)
 */
export function importFile(options: ImportOptions): Promise<FinanceImport> {
  const { caseId, file, source, format, map, onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
    let mapHeader: string | undefined;
    if (format === 'csv') {
      if (!map) return reject(new ApiError(parseProblem(400, { title: 'A CSV file needs its column map.', code: 'ARIADNE_VALIDATION_FAILED' })));
      mapHeader = columnMapHeader(map);
      if (mapHeader.length > MAX_COLUMN_MAP_BYTES) {
        return reject(new ApiError(parseProblem(413, { title: 'The column map is too long.', code: 'ARIADNE_PAYLOAD_TOO_LARGE' })));
      }
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(`/api/cases/${enc(caseId)}/finance/imports`, { format, source }));
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('Content-Type', IMPORT_CONTENT_TYPE[format]);
    xhr.setRequestHeader('Accept', 'application/json');
    if (mapHeader !== undefined) xhr.setRequestHeader('X-Column-Map', mapHeader);
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object' && 'dataset' in body) {
        onProgress?.(file.size, file.size);
        resolve(body as FinanceImport);
      } else {
        reject(new ApiError(parseProblem(xhr.status, body, xhr.statusText)));
      }
    };
    xhr.onerror = () => reject(new ApiError(networkProblem('The connection broke while sending the file.')));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * The file name in a Content-Disposition header (`filename*=UTF-8''…` preferred), kept to safe
 * characters; `fallback` when there is none.
 * @example attachmentName('attachment; filename="report-1.xml"', 'x.xml') // 'report-1.xml'
 */
export function attachmentName(header: string | null, fallback: string): string {
  let name: string | undefined;
  const star = header?.match(/filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/);
  if (star?.[1]) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = undefined;
    }
  }
  name ??= header?.match(/filename\s*=\s*"([^"]*)"/)?.[1] ?? header?.match(/filename\s*=\s*([^;\s]+)/)?.[1];
  const safe = name?.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 120);
  return safe ? safe : fallback;
}

/**
 * Builds, validates and records the FIU case's goAML report and downloads its XML. A report that
 * would not validate is a 422 problem whose `errors` list the first schema errors; a server whose
 * reporting entity is not configured answers 409.
 */
export async function exportReport(fiuCaseId: string, options: ReportRequest, signal?: AbortSignal): Promise<ReportFile> {
  let response: Response;
  try {
    response = await fetch(`/api/finance/cases/${enc(fiuCaseId)}/report`, {
      method: 'POST',
      headers: { Accept: 'application/xml, application/problem+json', 'Content-Type': 'application/json', ...csrfHeaders() },
      credentials: 'same-origin',
      body: JSON.stringify(options),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(networkProblem(error instanceof Error ? error.message : String(error)));
  }
  if (!response.ok) throw new ApiError(parseProblem(response.status, parseJson(await response.text()), response.statusText));
  const xml = await response.blob();
  return {
    xml: xml.type ? xml : new Blob([xml], { type: 'application/xml' }),
    filename: attachmentName(response.headers.get('content-disposition'), `goaml-${fiuCaseId.replace(/[^\w-]/g, '').slice(0, 40) || 'report'}.xml`),
    sha256: response.headers.get('x-report-sha256'),
  };
}

/**
 * One message of the alert stream, checked: null for anything that is not `{ id, typology,
 * score, change }` (the stream is outside data like any other answer).
 * @example parseAlertEvent('{"id":"a1","typology":"fan-in","score":0.8,"change":"new"}')
 */
export function parseAlertEvent(data: string): AlertStreamEvent | null {
  const value = parseJson(data);
  if (!value || typeof value !== 'object') return null;
  const { id, typology, score, change } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof typology !== 'string' || typeof score !== 'number' || !Number.isFinite(score)) return null;
  if (change !== 'new' && change !== 'updated') return null;
  return { id, typology, score, change };
}

export interface AlertSubscription {
  close(): void;
}

/**
 * Listens to the case's alert stream. The browser's EventSource reconnects by itself after a
 * dropped connection or the server's time limit; when the server ends the stream because access
 * lapsed (`event: close` with reason `unauthorised`), it is closed for good and `onEnd` is told.
 */
export function subscribeAlerts(caseId: string, handlers: { onAlert: (event: AlertStreamEvent) => void; onEnd?: (reason: string) => void; onOpen?: () => void }): AlertSubscription {
  const source = new EventSource(alertStreamUrl(caseId), { withCredentials: true });
  source.addEventListener('open', () => handlers.onOpen?.());
  source.addEventListener('alert', (event) => {
    const parsed = parseAlertEvent(String((event as MessageEvent).data));
    if (parsed) handlers.onAlert(parsed);
  });
  source.addEventListener('close', (event) => {
    const data = parseJson(String((event as MessageEvent).data));
    const reason = data && typeof data === 'object' && typeof (data as { reason?: unknown }).reason === 'string' ? (data as { reason: string }).reason : 'closed';
    if (reason === 'unauthorised') {
      source.close();
      handlers.onEnd?.(reason);
    }
  });
  return { close: () => source.close() };
}
