/**
 * A list of files being uploaded with tus, each with its progress, for the evidence drop zone
 * and the survivor form. A failed upload (a broken connection once the retries ran out) keeps its
 * place: "resume" continues from the server's offset, and so does coming back online. `finish`
 * (e.g. attaching the upload to a submission) runs once the bytes are all there.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ResumableUpload, type ResumableOptions } from './resumable-upload.ts';

export type UploadStatus = 'uploading' | 'paused' | 'finishing' | 'done' | 'failed';

export interface UploadEntry<R> {
  readonly key: string;
  readonly file: File;
  readonly status: UploadStatus;
  readonly sent: number;
  readonly total: number;
  readonly uploadId: string | null;
  /** continued an attempt from before a reload */
  readonly resumed: boolean;
  readonly error: string | null;
  /** the answer of `finish` */
  readonly result: R | null;
}

export interface Uploads<R> {
  readonly entries: readonly UploadEntry<R>[];
  readonly add: (files: readonly File[]) => void;
  readonly resume: (key: string) => void;
  readonly pause: (key: string) => void;
  readonly cancel: (key: string) => void;
  /** forget a finished entry (e.g. once its intake form is saved) */
  readonly dismiss: (key: string) => void;
}

let counter = 0;

export function useUploads<R = void>(
  options: ResumableOptions,
  finish?: (uploadId: string, file: File) => Promise<R>,
): Uploads<R> {
  const [entries, setState] = useState<readonly UploadEntry<R>[]>([]);
  // the list as last set, so handlers read it without side effects inside state updaters
  const current = useRef<readonly UploadEntry<R>[]>([]);
  const setEntries = useCallback((change: (list: readonly UploadEntry<R>[]) => readonly UploadEntry<R>[]) => {
    current.current = change(current.current);
    setState(current.current);
  }, []);
  const uploads = useRef(new Map<string, ResumableUpload>());
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const finishRef = useRef(finish);
  finishRef.current = finish;

  const patch = useCallback((key: string, change: Partial<UploadEntry<R>>) => {
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...change } : e)));
  }, [setEntries]);

  const complete = useCallback((key: string, uploadId: string, file: File) => {
    const run = finishRef.current;
    if (!run) {
      patch(key, { status: 'done', uploadId, error: null });
      return;
    }
    patch(key, { status: 'finishing', uploadId, error: null });
    run(uploadId, file).then(
      (result) => patch(key, { status: 'done', result }),
      (error: unknown) => patch(key, { status: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  }, [patch]);

  const add = useCallback((files: readonly File[]) => {
    const fresh: UploadEntry<R>[] = files.map((file) => ({
      key: `u${++counter}`, file, status: 'uploading', sent: 0, total: file.size, uploadId: null, resumed: false, error: null, result: null,
    }));
    setEntries((list) => [...list, ...fresh]);
    for (const entry of fresh) {
      const { key, file } = entry;
      const upload = new ResumableUpload(file, {
        endpoint: optionsRef.current.endpoint,
        scope: optionsRef.current.scope,
        headers: () => optionsRef.current.headers(),
      }, {
        onProgress: (sent, total) => patch(key, { sent, total }),
        onSuccess: (uploadId) => complete(key, uploadId, file),
        onError: (error) => patch(key, { status: 'failed', error: error.message }),
        onResume: () => patch(key, { resumed: true }),
      });
      uploads.current.set(key, upload);
      void upload.start();
    }
  }, [setEntries, patch, complete]);

  const resume = useCallback((key: string) => {
    const entry = current.current.find((e) => e.key === key);
    if (!entry) return;
    if (entry.uploadId) {
      // the bytes are all there: only `finish` failed
      complete(key, entry.uploadId, entry.file);
      return;
    }
    const upload = uploads.current.get(key);
    if (!upload) return;
    patch(key, { status: 'uploading', error: null });
    void upload.start();
  }, [patch, complete]);

  const pause = useCallback((key: string) => {
    void uploads.current.get(key)?.pause();
    patch(key, { status: 'paused' });
  }, [patch]);

  const cancel = useCallback((key: string) => {
    void uploads.current.get(key)?.cancel();
    uploads.current.delete(key);
    setEntries((list) => list.filter((e) => e.key !== key));
  }, [setEntries]);

  const dismiss = useCallback((key: string) => {
    uploads.current.delete(key);
    setEntries((list) => list.filter((e) => e.key !== key));
  }, [setEntries]);

  // back online: continue every upload that stopped for want of a connection
  useEffect(() => {
    function online(): void {
      for (const e of current.current) if (e.status === 'failed' && !e.uploadId) resume(e.key);
    }
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [resume]);

  // leaving the page pauses (never discards): the server keeps the part already sent; a remount
  // (React's strict mode does one) continues what the unmount paused
  const pausedByUnmount = useRef(new Set<string>());
  useEffect(() => {
    const map = uploads.current;
    const paused = pausedByUnmount.current;
    for (const key of paused) void map.get(key)?.start();
    paused.clear();
    return () => {
      for (const e of current.current) {
        if (e.status !== 'uploading') continue;
        void map.get(e.key)?.pause();
        paused.add(e.key);
      }
    };
  }, []);

  return { entries, add, resume, pause, cancel, dismiss };
}
