/**
 * Typed calls for a case's network: load it (filtered), run an analysis as a job (polled until
 * it ends, cancellable), and the export link. Entity ids travel in POST bodies; the URL carries
 * only the case id, dates, relation kinds and provenance source names.
 * @example const net = await networkApi.load(caseId, { kinds: ['payment'] });
 * @example const result = await runAnalysis(caseId, {}, { kind: 'communities', method: 'louvain' }, { onProgress });
 */
import { buildUrl, request } from './http.ts';
import { ApiError, parseProblem } from './problem.ts';
import type { AnalysisJob, AnalysisRequest, AnalysisResult, ExportFormat, NetworkFilter, NetworkPayload } from './network-types.ts';

const enc = encodeURIComponent;

/** The filter as query parameters (`kinds=payment,membership&shared=0`), empty values left out. */
export function filterQuery(filter: NetworkFilter): Record<string, string | undefined> {
  return {
    from: filter.from || undefined,
    to: filter.to || undefined,
    kinds: filter.kinds?.length ? filter.kinds.join(',') : undefined,
    sources: filter.sources?.length ? filter.sources.join(',') : undefined,
    shared: filter.sharedIdentifiers === undefined ? undefined : filter.sharedIdentifiers ? '1' : '0',
  };
}

/** The filter as the analysis body carries it (the server's `NetworkFilter` field names). */
function filterBody(filter: NetworkFilter): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  if (filter.from) body.from = filter.from;
  if (filter.to) body.to = filter.to;
  if (filter.kinds?.length) body.kinds = filter.kinds;
  if (filter.sources?.length) body.sources = filter.sources;
  if (filter.sharedIdentifiers !== undefined) body.sharedIdentifiers = filter.sharedIdentifiers;
  return Object.keys(body).length ? body : undefined;
}

export const networkApi = {
  load: (caseId: string, filter: NetworkFilter = {}, signal?: AbortSignal) =>
    request<NetworkPayload>('GET', `/api/cases/${enc(caseId)}/network`, { query: filterQuery(filter), signal }),
  /** 200 with a finished job, or 202 with a queued/active one to poll */
  start: (caseId: string, filter: NetworkFilter, analysis: AnalysisRequest) =>
    request<AnalysisJob>('POST', `/api/cases/${enc(caseId)}/network/analyses`, { body: { filter: filterBody(filter), analysis } }),
  job: (jobId: string, signal?: AbortSignal) => request<AnalysisJob>('GET', `/api/network/analyses/${enc(jobId)}`, { signal }),
  cancel: (jobId: string) => request<void>('DELETE', `/api/network/analyses/${enc(jobId)}`),
};

/** GEXF or GraphML of the case's network with the same filter, as a download link. */
export function networkExportUrl(caseId: string, format: ExportFormat, filter: NetworkFilter = {}): string {
  return buildUrl(`/api/cases/${enc(caseId)}/network/export`, { format, ...filterQuery(filter) });
}

export interface RunAnalysisOptions {
  /** aborting cancels the job on the server and rejects with an AbortError */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number, job: AnalysisJob) => void;
  /** first poll delay in ms; later polls back off to 1.5 s */
  readonly pollMs?: number;
}

function abortError(): DOMException {
  return new DOMException('The analysis was cancelled.', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(abortError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What a finished job means: its result, or the error it ended with. */
export function settledResult(job: AnalysisJob): AnalysisResult | null {
  if (job.state === 'completed') {
    if (!job.result) throw new ApiError(parseProblem(500, { title: 'The analysis finished without a result.', code: 'ARIADNE_UNEXPECTED_RESPONSE' }));
    return job.result;
  }
  if (job.state === 'failed') {
    // the job carries `{ code, message }`; a problem+json body is accepted too
    const error = (job.error && typeof job.error === 'object' ? job.error : {}) as { status?: unknown; message?: unknown; title?: unknown; detail?: unknown };
    const message = typeof error.message === 'string' ? error.message : undefined;
    const status = typeof error.status === 'number' ? error.status : 500;
    throw new ApiError(parseProblem(status, {
      ...error, title: typeof error.title === 'string' ? error.title : (message ?? 'The analysis failed.'), detail: typeof error.detail === 'string' ? error.detail : message,
    }));
  }
  if (job.state === 'cancelled') throw new ApiError(parseProblem(409, { title: 'The analysis was cancelled.', code: 'ARIADNE_CANCELLED' }));
  return null;
}

/**
 * Start an analysis and wait for it: an immediate result when the server finished within its
 * wait, otherwise polls the job (reporting progress) until it completes, fails or is cancelled.
 */
export async function runAnalysis(caseId: string, filter: NetworkFilter, analysis: AnalysisRequest, options: RunAnalysisOptions = {}): Promise<AnalysisResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError();
  let job = await networkApi.start(caseId, filter, analysis);
  const jobId = job.id;
  let delay = options.pollMs ?? 300;
  try {
    for (;;) {
      onProgress?.(job.progress.done, job.progress.total, job);
      const result = settledResult(job);
      if (result) return result;
      await sleep(delay, signal);
      delay = Math.min(1500, Math.round(delay * 1.5));
      job = await networkApi.job(jobId, signal);
    }
  } catch (error) {
    // A cancelled wait must not leave the job running on the server's worker.
    if (signal?.aborted) {
      await networkApi.cancel(jobId).catch(() => undefined);
      throw abortError();
    }
    throw error;
  }
}
