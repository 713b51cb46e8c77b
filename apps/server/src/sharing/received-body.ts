/**
 * A package sent as a request body lands in the sharing work folder (private), streamed with a
 * size cap enforced on the way and its SHA-256 taken, so it can be opened from disk and recorded
 * by hash whether it is accepted or refused. The caller removes the file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AriadneError } from '@ariadne/schema';

export interface ReceivedBody {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** the body was larger than the cap: what had arrived when reading stopped */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly received: ReceivedBody) {
    super(`The package is larger than ${limit} bytes.`);
    this.name = 'BodyTooLarge';
  }
}

/** streams `body` to a new file in `dir`; throws `BodyTooLarge` past `limit` bytes (the file is removed) */
export async function receiveBody(body: Readable, dir: string, limit: number): Promise<ReceivedBody> {
  const path = join(dir, `incoming-${randomBytes(8).toString('hex')}.ariadne-share`);
  const hash = createHash('sha256');
  let bytes = 0;
  let over = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (bytes + chunk.length > limit) {
        over = true;
        done(new AriadneError('PAYLOAD_TOO_LARGE', `The package is larger than ${limit} bytes.`));
        return;
      }
      bytes += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, createWriteStream(path, { mode: 0o600, flags: 'wx' }));
  } catch (error) {
    await rm(path, { force: true });
    if (over) throw new BodyTooLarge(limit, { path, bytes, sha256: hash.digest('hex') });
    throw error;
  }
  if (bytes === 0) {
    await rm(path, { force: true });
    throw new AriadneError('MALFORMED_INPUT', 'The body is empty: send the package file as the request body.', { details: { body: 'empty' } });
  }
  return { path, bytes, sha256: hash.digest('hex') };
}
