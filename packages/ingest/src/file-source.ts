/**
 * The file-reading adapter: the only module of `@ariadne/ingest` that touches the file system.
 * Everything else works on byte chunks, so imports can later read from uploads or object storage.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { AriadneError } from '@ariadne/schema';

/** 1 MiB reads: fewer syscalls on multi-GB files, still constant memory. */
const CHUNK_BYTES = 1024 * 1024;

export interface FileInput {
  readonly size: number;
  /** SHA-256 of the whole file, hex */
  readonly sha256: string;
  /** a fresh stream of the file's bytes on each call */
  chunks(): AsyncIterable<Uint8Array>;
}

function unreadable(path: string, cause: unknown): AriadneError {
  const reason = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
  return new AriadneError('MALFORMED_INPUT', `Cannot read ${path} (${reason}).`, { cause });
}

/**
 * Opens a file for import: checks it is a readable regular file and hashes it (streaming).
 *
 * @example const file = await openFileInput('list.jsonl'); file.sha256 // 'e3b0c4…'
 */
export async function openFileInput(path: string): Promise<FileInput> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOTFILE' });
    size = info.size;
  } catch (cause) {
    throw unreadable(path, cause);
  }
  const chunks = () => createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>;
  const hash = createHash('sha256');
  try {
    for await (const chunk of chunks()) hash.update(chunk);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  return { size, sha256: hash.digest('hex'), chunks };
}

/**
 * Reads a small text file whole (mapping files), refusing anything over `maxBytes`.
 *
 * @example const text = await readSmallTextFile('mapping.yaml');
 */
export async function readSmallTextFile(path: string, maxBytes = 1024 * 1024): Promise<string> {
  try {
    const info = await stat(path);
    if (info.size > maxBytes) throw new AriadneError('PAYLOAD_TOO_LARGE', `${path} is larger than ${maxBytes} bytes.`);
    return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path)).replace(/^\uFEFF/, '');
  } catch (cause) {
    if (cause instanceof AriadneError) throw cause;
    if (cause instanceof TypeError) throw new AriadneError('MALFORMED_INPUT', `${path} is not valid UTF-8.`, { cause });
    throw unreadable(path, cause);
  }
}
