/**
 * Where each list's publisher puts the official file, and downloading it safely: a timeout, a
 * size cap while streaming, https only (a test may allow http for a local server), and the file
 * written only under the caller's folder. `ariadne lists update` and the API use it when a network
 * is available; without one, a local copy of the same file is imported instead. Plain http is
 * accepted from a mirror on this machine only.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AriadneError } from '@ariadne/schema';

export interface OfficialList {
  readonly list: string;
  readonly label: string;
  readonly url: string;
  /** the file name the download is stored under (format detection reads the content, not the name) */
  readonly fileName: string;
}

export const OFFICIAL_LISTS: readonly OfficialList[] = [
  { list: 'un-sc', label: 'UN Security Council Consolidated List', url: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml', fileName: 'un-consolidated.xml' },
  { list: 'ofac-sdn', label: 'US OFAC SDN list (advanced XML)', url: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML', fileName: 'sdn_advanced.xml' },
  { list: 'eu-fsf', label: 'EU consolidated financial sanctions list', url: 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw', fileName: 'eu-fsf.xml' },
  { list: 'gb-fcdo', label: 'UK Sanctions List (FCDO)', url: 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml', fileName: 'uk-sanctions-list.xml' },
];

export function officialList(list: string): OfficialList {
  const found = OFFICIAL_LISTS.find((l) => l.list === list);
  if (!found) throw new AriadneError('VALIDATION_FAILED', `No official source is known for list "${list}"; known: ${OFFICIAL_LISTS.map((l) => l.list).join(', ')}.`);
  return found;
}

export interface DownloadOptions {
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/** plain http is only ever used to a mirror on this machine (tests, a local proxy), never across a network */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** passes bytes through until more than `limit` went by, then fails with PAYLOAD_TOO_LARGE naming `what` */
export function byteCap(limit: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      seen += chunk.length;
      done(seen > limit ? new AriadneError('PAYLOAD_TOO_LARGE', `${what} is larger than ${limit} bytes.`) : null, chunk);
    },
  });
}

/**
 * Downloads `source.url` into `dir/source.fileName`; answers the path. Throws `UPSTREAM_UNAVAILABLE`
 * when there is no network or the publisher does not answer with the file.
 *
 * @example const path = await downloadOfficialList(officialList('un-sc'), tmpDir)
 */
export async function downloadOfficialList(source: Pick<OfficialList, 'url' | 'fileName'>, dir: string, options: DownloadOptions = {}): Promise<string> {
  const url = new URL(source.url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new AriadneError('VALIDATION_FAILED', `Lists are downloaded over https only (plain http only from this machine), not ${url.protocol}.`);
  }
  const path = join(dir, source.fileName);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000), redirect: 'follow' });
  } catch (error) {
    throw new AriadneError('UPSTREAM_UNAVAILABLE', `The list could not be downloaded from ${url.host} (${(error as Error).message}); import a local copy instead.`);
  }
  if (!response.ok || !response.body) {
    throw new AriadneError('UPSTREAM_UNAVAILABLE', `${url.host} answered ${response.status} for the list; import a local copy instead.`);
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), byteCap(options.maxBytes ?? 512 * 1024 ** 2, 'The download'), createWriteStream(path, { mode: 0o600 }));
  return path;
}
