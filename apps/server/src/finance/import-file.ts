/**
 * A transactions or KYC file sent as a request body lands in a private temporary folder, with a
 * size cap enforced while streaming and its SHA-256 taken on the way (the store recognises a file
 * imported twice by it), so the readers can stream it from disk. The folder is removed whatever
 * happens.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AriadneError } from '@ariadne/schema';

export interface ReceivedFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** counts and hashes what passes; refuses past `limit` bytes */
function cappedHash(limit: number): Transform & { readonly result: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) {
        done(new AriadneError('PAYLOAD_TOO_LARGE', `The file is larger than ${limit.toLocaleString('en')} bytes.`, { details: { body: `more than ${limit} bytes` } }));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return Object.assign(transform, { result: () => ({ bytes, sha256: hash.digest('hex') }) });
}

/** streams `body` to a temporary file, runs `work` on it, and removes it */
export async function withReceivedFile<T>(body: Readable, limit: number, work: (file: ReceivedFile) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ariadne-finance-'));
  try {
    const path = join(dir, 'upload');
    const counter = cappedHash(limit);
    await pipeline(body, counter, createWriteStream(path, { mode: 0o600 }));
    const { bytes, sha256 } = counter.result();
    if (bytes === 0) throw new AriadneError('MALFORMED_INPUT', 'The body is empty: send the file as the request body.', { details: { body: 'empty' } });
    return await work({ path, bytes, sha256 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
