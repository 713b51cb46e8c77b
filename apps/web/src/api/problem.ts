/**
 * RFC 9457 problem details → a typed error the UI can show (title, detail, per-field errors).
 * Pure: no DOM, no fetch, so node tests can exercise it.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable `ARIADNE_*` code, or `ARIADNE_NETWORK` / `ARIADNE_UNEXPECTED_RESPONSE` made up client-side. */
  readonly code: string;
  /** Property path → message, for validation failures. */
  readonly errors: Readonly<Record<string, string>>;
}

/** Error thrown by every API call that did not succeed. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function normaliseErrors(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    // Tolerate the list form `[{ pointer|path|name, detail|message }]` some servers use.
    for (const item of value) {
      if (item && typeof item === 'object') {
        const rec = item as Record<string, unknown>;
        const key = asString(rec.pointer) ?? asString(rec.path) ?? asString(rec.name);
        const msg = asString(rec.detail) ?? asString(rec.message);
        if (key !== undefined && msg !== undefined) out[key] = msg;
      }
    }
  } else if (value && typeof value === 'object') {
    for (const [key, msg] of Object.entries(value as Record<string, unknown>)) {
      if (typeof msg === 'string') out[key] = msg;
      else if (Array.isArray(msg)) out[key] = msg.filter((m) => typeof m === 'string').join(' ');
    }
  }
  return out;
}

/** Codes are `ARIADNE_*` per the contract; accept the bare form (`FORBIDDEN`) too. */
function normaliseCode(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return code.startsWith('ARIADNE_') ? code : `ARIADNE_${code}`;
}

/**
 * Build a Problem from an HTTP status and a parsed body (whatever it is). Never throws.
 * @example parseProblem(422, { title: 'Invalid', code: 'ARIADNE_VALIDATION_FAILED', errors: { 'properties.name': 'required' } })
 */
export function parseProblem(status: number, body: unknown, statusText = ''): Problem {
  const rec = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const title = asString(rec.title) ?? (statusText || `HTTP ${status}`);
  return {
    type: asString(rec.type) ?? 'about:blank',
    title,
    status: typeof rec.status === 'number' ? rec.status : status,
    detail: asString(rec.detail) ?? '',
    code: normaliseCode(asString(rec.code)) ?? (status === 0 ? 'ARIADNE_NETWORK' : 'ARIADNE_UNEXPECTED_RESPONSE'),
    errors: normaliseErrors(rec.errors),
  };
}

/** A problem for a request that never got an answer (offline, DNS, TLS, aborted). */
export function networkProblem(message: string): Problem {
  return parseProblem(0, { title: 'Network error', detail: message, code: 'ARIADNE_NETWORK' });
}

/**
 * Map problem `errors` keys (`properties.name`, `properties.name[0]`, `/properties/name/0`, `name`)
 * to property names, so a form can show each message next to its field.
 * @example fieldErrors({ '/properties/birthDate/0': 'bad date' }) // { birthDate: 'bad date' }
 */
export function fieldErrors(errors: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, message] of Object.entries(errors)) {
    const parts = rawKey
      .replace(/^#?\//, '')
      .split(/[/.[\]]+/)
      .filter((p) => p !== '' && !/^\d+$/.test(p));
    const key = parts[0] === 'properties' && parts.length > 1 ? parts[1]! : (parts[0] ?? rawKey);
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
}
