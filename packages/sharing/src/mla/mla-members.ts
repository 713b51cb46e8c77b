/**
 * The members an `mla-request` package carries besides its evidence: the request itself as
 * canonical JSON (`mla/request.json`, authoritative) and its cover document in one or more
 * languages (`mla/cover.<locale>.html`). Bytes only: the package writer hashes, signs and encrypts
 * them. The evidence bundles the request lists are added by the caller, streamed from their files,
 * under `mlaEvidenceMemberPath` with role `evidence-bundle`.
 */
import { AriadneError } from '@ariadne/schema';
import type { PackageMember } from '../types.ts';
import { COVER_LOCALES, renderMlaCover } from './cover-document.ts';
import type { CoverLocale } from './cover-document.ts';
import { checkMlaRequest } from './mla-request.ts';
import type { MlaEvidence, MlaRequest } from './mla-request.ts';
import { canonicalJson } from '../canonical-json.ts';

export const MLA_REQUEST_PATH = 'mla/request.json';

export interface MlaMember {
  readonly path: string;
  readonly role: Extract<PackageMember['role'], 'mla-request' | 'mla-cover'>;
  readonly bytes: Uint8Array;
}

export interface MlaMembersOptions {
  /** one cover document per language, in this order; at least one */
  readonly coverLocales: readonly CoverLocale[];
  /** printed in each cover's footer (see `CoverOptions`) */
  readonly signingKeyFingerprint?: string;
}


/** the bytes of `mla/request.json`: the checked request as canonical JSON, UTF-8 */
export function canonicalMlaRequestBytes(request: MlaRequest): Uint8Array {
  return new TextEncoder().encode(canonicalJson(checkMlaRequest(request)));
}

/**
 * The recipient's reading of `mla/request.json`: JSON (MALFORMED_INPUT otherwise) that passes
 * `checkMlaRequest` (VALIDATION_FAILED otherwise).
 */
export function readMlaRequest(bytes: Uint8Array): MlaRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new AriadneError('MALFORMED_INPUT', `${MLA_REQUEST_PATH} is not UTF-8 JSON.`, { cause: error });
  }
  return checkMlaRequest(raw);
}

/** where an evidence bundle of the request travels inside the package */
export function mlaEvidenceMemberPath(evidence: Pick<MlaEvidence, 'fileName'>): string {
  return `evidence/${evidence.fileName}`;
}

function checkLocales(locales: readonly CoverLocale[]): void {
  const known = new Set<string>(COVER_LOCALES);
  const details: Record<string, string> = {};
  if (locales.length === 0) details.coverLocales = 'name at least one language for the cover document';
  locales.forEach((locale, i) => {
    if (!known.has(locale)) details[`coverLocales.${i}`] = `one of ${COVER_LOCALES.join(', ')}`;
    else if (locales.indexOf(locale) !== i) details[`coverLocales.${i}`] = 'a language is named twice';
  });
  if (Object.keys(details).length > 0) throw new AriadneError('VALIDATION_FAILED', 'The cover languages are not valid.', { details });
}

/**
 * The request's members: `mla/request.json` (role `mla-request`) then `mla/cover.<locale>.html`
 * (role `mla-cover`) per locale. The request is checked again first, so nothing that breaks the
 * format (a victim's name among them) can be packaged. The same request gives the same bytes.
 *
 * @example
 * const members = mlaPackageMembers(request, { coverLocales: ['en', 'ar'] });
 * // → paths mla/request.json, mla/cover.en.html, mla/cover.ar.html
 */
export function mlaPackageMembers(request: MlaRequest, options: MlaMembersOptions): MlaMember[] {
  checkLocales(options.coverLocales);
  const checked = checkMlaRequest(request);
  const encoder = new TextEncoder();
  const covers = options.coverLocales.map((locale): MlaMember => ({
    path: `mla/cover.${locale}.html`,
    role: 'mla-cover',
    bytes: encoder.encode(renderMlaCover(checked, { locale, ...(options.signingKeyFingerprint ? { signingKeyFingerprint: options.signingKeyFingerprint } : {}) })),
  }));
  return [{ path: MLA_REQUEST_PATH, role: 'mla-request', bytes: encoder.encode(canonicalJson(checked)) }, ...covers];
}
