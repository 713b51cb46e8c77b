/**
 * Typed calls for monitoring and reporting (issue 7): imported data sets, GLOTIP values, the
 * internal analyses (trends, routes, hot spots) and the publication side (table catalogue,
 * releases through the gate, the privacy-budget ledger, reports). Only ids travel in paths; the
 * analyses' filters are aggregate selectors (dates, country codes, categories), never names.
 * @example const trends = await monitoringApi.trends({ from: '2025-01-01', countries: ['XX'] }, 'month');
 * @example const { release, budget } = await monitoringApi.createRelease(input); // OverBudgetError on 409
 */
import { buildUrl, request } from './http.ts';
import { ApiError, type Problem } from './problem.ts';
import type {
  Budget, Dataset, DatasetImport, DatasetKind, GlotipQuery, GlotipValue, Hotspots, Ledger, MonitoringFilters, PublishableTable,
  Release, ReleaseCreated, ReleaseInput, ReleaseSummary, Report, ReportInput, ReportSummary, Routes, RoutesQuery, Trends,
} from './monitoring-types.ts';

const enc = encodeURIComponent;
const BASE = '/api/monitoring';

type Query = Record<string, string | number | undefined>;

function list(values: readonly string[] | undefined): string | undefined {
  const kept = (values ?? []).map((v) => v.trim()).filter(Boolean);
  return kept.length ? kept.join(',') : undefined;
}

/**
 * The common filter query parameters, empty ones left out (the server then applies its
 * defaults, e.g. verification "verified").
 * @example filterQuery({ countries: ['XX', 'YY'], from: '2025-01-01' }) // { from: '2025-01-01', countries: 'XX,YY', … }
 */
export function filterQuery(filters: MonitoringFilters = {}): Query {
  return {
    from: filters.from || undefined,
    to: filters.to || undefined,
    countries: list(filters.countries),
    pcodes: list(filters.pcodes),
    categories: list(filters.categories),
    forms: list(filters.forms),
    groups: list(filters.groups),
    verification: filters.verification || undefined,
  };
}

/** A 409 from the release endpoint: the release would spend more ε or δ than remains. */
export class OverBudgetError extends ApiError {
  /** the budget as the ledger reports it after the refusal; undefined when it could not be read */
  readonly budget: Budget | undefined;

  constructor(problem: Problem, budget: Budget | undefined) {
    super(problem);
    this.name = 'OverBudgetError';
    this.budget = budget;
  }
}

export const monitoringApi = {
  datasets: () => request<{ datasets: Dataset[] }>('GET', `${BASE}/datasets`),
  deleteDataset: (id: string) => request<void>('DELETE', `${BASE}/datasets/${enc(id)}`),
  /**
   * Send a file as it is; `kind` undefined lets the server detect it. The file's name goes in
   * the query because the contract records it with the data set.
   */
  importDataset: (file: Blob, fileName: string, kind?: DatasetKind, signal?: AbortSignal) =>
    request<DatasetImport>('POST', `${BASE}/datasets`, {
      query: { kind, fileName },
      raw: { data: file, type: 'application/octet-stream' },
      signal,
    }),
  glotip: (query: GlotipQuery = {}) =>
    request<{ values: GlotipValue[] }>('GET', `${BASE}/glotip`, {
      query: { country: query.country || undefined, indicator: query.indicator || undefined, from: query.from || undefined, to: query.to || undefined },
    }),
  trends: (filters: MonitoringFilters, step: string, signal?: AbortSignal) =>
    request<Trends>('GET', `${BASE}/trends`, { query: { step, ...filterQuery(filters) }, signal }),
  routes: (filters: MonitoringFilters, options: RoutesQuery = {}, signal?: AbortSignal) =>
    request<Routes>('GET', `${BASE}/routes`, {
      query: { level: options.level ?? 'country', compareFrom: options.compareFrom || undefined, compareTo: options.compareTo || undefined, ...filterQuery(filters) },
      signal,
    }),
  hotspots: (filters: MonitoringFilters, resolution: number, step: string, signal?: AbortSignal) =>
    request<Hotspots>('GET', `${BASE}/hotspots`, { query: { resolution, step, ...filterQuery(filters) }, signal }),
  tables: () => request<{ tables: PublishableTable[] }>('GET', `${BASE}/tables`),
  /**
   * Ask the publication gate for a release.
   * @throws OverBudgetError (with the current budget) when the server answers 409; ApiError otherwise
   */
  createRelease: async (input: ReleaseInput): Promise<ReleaseCreated> => {
    try {
      return await request<ReleaseCreated>('POST', `${BASE}/releases`, { body: input });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
      // The problem's `budget` member does not survive the shared problem parser, and the
      // ledger is the authority on what remains anyway: read it there.
      const budget = await request<Ledger>('GET', `${BASE}/ledger`).then((l) => l.budget, () => undefined);
      throw new OverBudgetError(error.problem, budget);
    }
  },
  releases: () => request<{ releases: ReleaseSummary[] }>('GET', `${BASE}/releases`),
  release: (id: string) => request<{ release: Release }>('GET', `${BASE}/releases/${enc(id)}`),
  ledger: () => request<Ledger>('GET', `${BASE}/ledger`),
  createReport: (input: ReportInput) => request<{ report: Report }>('POST', `${BASE}/reports`, { body: input }),
  reports: () => request<{ reports: ReportSummary[] }>('GET', `${BASE}/reports`),
};

/** The release as HXL-tagged CSV (a same-origin download link). */
export function releaseHxlUrl(id: string): string {
  return buildUrl(`${BASE}/releases/${enc(id)}/hxl`);
}

/** The report as one self-contained HTML page (opened in a new tab). */
export function reportHtmlUrl(id: string): string {
  return buildUrl(`${BASE}/reports/${enc(id)}/html`);
}

/** The report as a PDF attachment. */
export function reportPdfUrl(id: string): string {
  return buildUrl(`${BASE}/reports/${enc(id)}/pdf`);
}
