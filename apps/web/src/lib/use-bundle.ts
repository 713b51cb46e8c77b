/** Follows a bundle being built in the background: polls `GET /api/bundles/:id` until it is ready or failed. */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/problem.ts';
import { evidenceApi } from '../api/evidence.ts';
import type { Bundle } from '../api/evidence-types.ts';

export const POLL_MS = 1000;

export function useBundle(initial: Bundle | null): { bundle: Bundle | null; error: ApiError | null } {
  const [bundle, setBundle] = useState<Bundle | null>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setBundle(initial), [initial]);
  const id = bundle?.id;
  const building = bundle?.state === 'building';
  useEffect(() => {
    if (!id || !building) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    function poll(): void {
      evidenceApi.getBundle(id!, controller.signal).then(
        (next) => {
          failures = 0;
          setError(null);
          setBundle(next);
          if (next.state === 'building') timer = setTimeout(poll, POLL_MS);
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          failures += 1;
          if (err instanceof ApiError) setError(err);
          // a dropped connection: keep asking, more slowly
          if (failures < 30) timer = setTimeout(poll, POLL_MS * Math.min(failures + 1, 5));
        },
      );
    }
    timer = setTimeout(poll, POLL_MS / 2);
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, building]);
  return { bundle, error };
}
