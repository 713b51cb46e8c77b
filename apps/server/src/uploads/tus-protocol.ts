/**
 * The tus 1.0.0 resumable upload protocol's headers (https://tus.io/protocols/resumable-upload),
 * pure: what a request must carry and how answers are shaped. We speak core + creation +
 * termination + expiration, which is what tus-js-client and every mobile tus client use.
 */
import { AriadneError } from '@ariadne/schema';

export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,termination,expiration';
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

const MAX_METADATA_HEADER = 4096;

/** headers every tus answer carries */
export function tusHeaders(extra: Record<string, string | number> = {}): Record<string, string> {
  return { 'Tus-Resumable': TUS_VERSION, 'Cache-Control': 'no-store', ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) };
}

/** a request must speak our protocol version (tus answers 412 otherwise) */
export function checkTusResumable(header: unknown): void {
  if (header !== TUS_VERSION) {
    throw new AriadneError('VALIDATION_FAILED', `Send the header Tus-Resumable: ${TUS_VERSION}.`, { details: { 'Tus-Resumable': 'missing or unsupported version' } });
  }
}

/** a non-negative safe integer header such as Upload-Length or Upload-Offset */
export function integerHeader(value: unknown, name: string): number {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) {
    throw new AriadneError('VALIDATION_FAILED', `The ${name} header must be a whole number of bytes.`, { details: { [name]: 'not a non-negative integer' } });
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AriadneError('VALIDATION_FAILED', `The ${name} header is too large.`, { details: { [name]: 'too large' } });
  return n;
}

/**
 * `Upload-Metadata`: comma-separated `key base64value` pairs. Keys are ASCII without spaces or
 * commas; values decode as UTF-8. Only the keys we know are kept.
 */
export function parseUploadMetadata(header: unknown): { filename: string | null; filetype: string | null } {
  const out = { filename: null as string | null, filetype: null as string | null };
  if (header === undefined || header === '') return out;
  if (typeof header !== 'string' || header.length > MAX_METADATA_HEADER) {
    throw new AriadneError('VALIDATION_FAILED', 'The Upload-Metadata header is malformed or too long.', { details: { 'Upload-Metadata': 'malformed' } });
  }
  for (const pair of header.split(',')) {
    const [key, value, ...rest] = pair.trim().split(' ');
    if (!key || rest.length > 0 || !/^[\x21-\x7e]+$/.test(key) || (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value))) {
      throw new AriadneError('VALIDATION_FAILED', 'The Upload-Metadata header is malformed.', { details: { 'Upload-Metadata': `bad pair "${pair.slice(0, 40)}"` } });
    }
    const decoded = value ? Buffer.from(value, 'base64').toString('utf8') : '';
    if (key === 'filename') out.filename = cleanFilename(decoded);
    if (key === 'filetype') out.filetype = /^[\w.+-]+\/[\w.+-]+$/.test(decoded) && decoded.length <= 200 ? decoded.toLowerCase() : null;
  }
  return out;
}

/** a file name as a label: the last path segment, no control characters, at most 255 characters */
export function cleanFilename(name: string): string | null {
  const last = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean && clean !== '.' && clean !== '..' ? clean : null;
}
