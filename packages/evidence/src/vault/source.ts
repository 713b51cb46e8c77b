/**
 * Pulls chunks from an upload source one at a time (so the source is read only as fast as the
 * vault writes: backpressure), and turns the ways a source can fail into precise errors: an
 * abort signal fires (UPLOAD_INCOMPLETE "cancelled"), the source errors, e.g. a client that
 * disconnects mid-upload (UPLOAD_INCOMPLETE "interrupted"). Errors thrown by `onChunk` (the
 * vault's own: disk full, size limit) pass through unchanged.
 */
import { Readable } from 'node:stream';
import { uploadIncomplete } from './errors.ts';

export type ByteSource = AsyncIterable<Uint8Array> | Readable;

export interface PumpOptions {
  readonly signal?: AbortSignal | undefined;
  /** called with each chunk, in order; the next chunk is pulled once it resolves */
  readonly onChunk: (chunk: Uint8Array) => Promise<void> | void;
  /** bytes taken so far, for the error message */
  readonly received: () => number;
}

function cancelled(received: number, reason: unknown): Error {
  return uploadIncomplete(`the upload was cancelled after ${received} bytes`, received, reason);
}

/** the size limit as a number of bytes (no limit when absent); a programming error when not a whole number */
export function byteLimit(maxBytes: number | undefined): number {
  const max = maxBytes ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError('maxBytes is a whole number of bytes');
  return max;
}

export async function pumpSource(source: ByteSource, options: PumpOptions): Promise<void> {
  const { signal, onChunk, received } = options;
  if (signal?.aborted) throw cancelled(0, signal.reason);
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let step: IteratorResult<unknown>;
      try {
        step = await nextOrAbort(iterator, signal);
      } catch (error) {
        if (signal?.aborted) throw cancelled(received(), signal.reason);
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        throw uploadIncomplete(`the upload was interrupted after ${received()} bytes${code ? ` (${code})` : ''}`, received(), error);
      }
      if (step.done) {
        done = true;
        return;
      }
      const chunk = step.value;
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError('an upload source must yield bytes (Uint8Array/Buffer); do not set an encoding on the stream');
      }
      await onChunk(chunk);
      if (signal?.aborted) throw cancelled(received(), signal.reason);
    }
  } finally {
    if (!done) {
      // stop the source: a Readable is destroyed, a generator is closed (not awaited: it may be stuck in a read)
      if (source instanceof Readable) source.destroy();
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
  }
}

function nextOrAbort(iterator: AsyncIterator<unknown>, signal: AbortSignal | undefined): Promise<IteratorResult<unknown>> {
  const next = iterator.next();
  if (!signal) return next;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // the source may have fired the signal itself while next() ran, before the listener was there
    if (signal.aborted) onAbort();
    next.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}
