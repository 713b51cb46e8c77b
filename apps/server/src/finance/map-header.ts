/**
 * The column map of an imported CSV file, sent as JSON in the `X-Column-Map` header beside the
 * file it describes: one request, nothing stored between two, and no map in a URL, where proxies
 * log it. Bounded (8 KB) and checked by the finance package's map parsers.
 */
import { parseAccountMap, parseColumnMap, type AccountMap, type ColumnMap } from '@ariadne/finance';
import { AriadneError } from '@ariadne/schema';

/** a column map sent in a header is at most this long */
export const MAX_MAP_BYTES = 8 * 1024;

function parseMapHeader<T>(header: string | undefined, parse: (json: unknown) => T, what: string): T {
  if (header === undefined || header.trim() === '') {
    throw new AriadneError('VALIDATION_FAILED', `Send the ${what} as JSON in the X-Column-Map header.`, { details: { 'X-Column-Map': 'required' } });
  }
  if (Buffer.byteLength(header, 'utf8') > MAX_MAP_BYTES) {
    throw new AriadneError('PAYLOAD_TOO_LARGE', `The X-Column-Map header is larger than ${MAX_MAP_BYTES} bytes.`, { details: { 'X-Column-Map': 'too large' } });
  }
  let json: unknown;
  try {
    json = JSON.parse(header);
  } catch {
    throw new AriadneError('MALFORMED_INPUT', 'The X-Column-Map header is not valid JSON.', { details: { 'X-Column-Map': 'not JSON' } });
  }
  return parse(json);
}

/** the transactions' column map from the `X-Column-Map` header */
export function columnMapOf(header: string | undefined): ColumnMap {
  return parseMapHeader(header, parseColumnMap, 'column map');
}

/** the KYC file's account map from the `X-Column-Map` header */
export function accountMapOf(header: string | undefined): AccountMap {
  return parseMapHeader(header, parseAccountMap, 'account map');
}
