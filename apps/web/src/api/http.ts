/**
 * The fetch wrapper every API call goes through: same-origin cookies, the CSRF header on
 * state-changing requests, JSON in and out, and problem+json turned into an ApiError.
 */
import { ApiError, networkProblem, parseProblem } from './problem.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Readonly<Record<string, string | number | undefined | null>>;

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remember the CSRF token from login or `GET /api/auth/me`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * The CSRF header for requests made outside `request` (tus uploads, the bundle verifier's XHR):
 * empty when no session is known.
 */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Called when any request answers 401 (session expired), so the app can show the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** `/api/x` + query, skipping empty values. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  /** A file sent as the body as it is (not JSON), with its content type; wins over `body`. */
  readonly raw?: { readonly data: Blob; readonly type: string };
  readonly signal?: AbortSignal;
  /** Extra headers (e.g. `Authorization: Receipt <code>` on the public submission routes). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Do not report a 401 as an ended session (receipt-code routes answer 401 for a wrong code). */
  readonly quiet401?: boolean;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Send one request; resolves with the parsed JSON body (undefined for 204) or throws ApiError. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  if (options.raw) headers['Content-Type'] = options.raw.type;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.data : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(networkProblem(error instanceof Error ? error.message : String(error)));
  }
  const body = await readBody(response);
  if (!response.ok) {
    if (response.status === 401 && onUnauthenticated && !options.quiet401 && !path.startsWith('/api/auth/login')) onUnauthenticated();
    throw new ApiError(parseProblem(response.status, body, response.statusText));
  }
  return body as T;
}
