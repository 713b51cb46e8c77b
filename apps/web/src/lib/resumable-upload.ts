/**
 * One file sent with the tus protocol (tus-js-client): 8 MiB chunks, retries with back-off after
 * a broken connection, resumption from the server's offset after an error and, through
 * upload-storage.ts, after a page reload. Every request carries the headers of the moment (the
 * CSRF token for staff, `Authorization: Receipt <code>` for senders).
 */
import { Upload, type DetailedError, type HttpRequest } from 'tus-js-client';
import { createUrlStorage, uploadFingerprint, uploadIdFromUrl, type KeyValueStorage } from './upload-storage.ts';

export const CHUNK_SIZE = 8 * 1024 * 1024;
/** waits before each retry (ms): quick first, then backing off to half a minute */
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000];

export interface ResumableOptions {
  readonly endpoint: '/api/uploads' | '/api/public/uploads';
  /** headers added to every request, read again each time */
  readonly headers: () => Record<string, string>;
  /** keeps two users of one browser from resuming each other's uploads */
  readonly scope?: string;
}

export interface ResumableCallbacks {
  readonly onProgress: (sent: number, total: number) => void;
  readonly onSuccess: (uploadId: string) => void;
  readonly onError: (error: { message: string; status: number | null }) => void;
  /** the upload continues an earlier attempt (after a reload) */
  readonly onResume?: () => void;
}

function browserStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const urlStorage = createUrlStorage(browserStorage());

export class ResumableUpload {
  private readonly upload: Upload;
  private readonly onResume: (() => void) | undefined;
  private started = false;
  private lookedForPrevious = false;

  constructor(readonly file: File, options: ResumableOptions, callbacks: ResumableCallbacks) {
    this.upload = new Upload(file, {
      endpoint: options.endpoint,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: true,
      metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
      urlStorage,
      fingerprint: (f: File) => uploadFingerprint(f, options.endpoint, options.scope),
      onBeforeRequest: (req: HttpRequest) => {
        for (const [name, value] of Object.entries(options.headers())) req.setHeader(name, value);
      },
      onProgress: (sent, total) => callbacks.onProgress(sent, total),
      onSuccess: () => {
        const id = uploadIdFromUrl(this.upload.url);
        if (id) callbacks.onSuccess(id);
        else callbacks.onError({ message: 'The server answered with an unexpected upload address.', status: null });
      },
      onError: (error: Error | DetailedError) => {
        const status = 'originalResponse' in error && error.originalResponse ? error.originalResponse.getStatus() : null;
        callbacks.onError({ message: error.message, status });
      },
    });
    this.onResume = callbacks.onResume;
  }

  /** Start, or continue after an error or a pause, from the offset the server holds. */
  async start(): Promise<void> {
    if (!this.lookedForPrevious) {
      this.lookedForPrevious = true;
      const previous = await this.upload.findPreviousUploads().catch(() => []);
      const latest = previous[0];
      if (latest) {
        this.upload.resumeFromPreviousUpload(latest);
        this.onResume?.();
      }
    }
    this.started = true;
    this.upload.start();
  }

  /** Stop sending; the server keeps what it has and `start` continues from there. */
  async pause(): Promise<void> {
    if (this.started) await this.upload.abort(false);
  }

  /** Stop and ask the server to discard what it received. */
  async cancel(): Promise<void> {
    if (this.started && this.upload.url) await this.upload.abort(true).catch(() => undefined);
    else await this.upload.abort(false);
  }
}
