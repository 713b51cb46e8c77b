/** Small data-loading hooks: one request, or a cursor-paged list with "load more". */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/problem.ts';
import type { Page } from '../api/types.ts';

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

function asApiError(error: unknown): ApiError | null {
  if (error instanceof DOMException && error.name === 'AbortError') return null;
  return error instanceof ApiError
    ? error
    : new ApiError({ type: 'about:blank', title: String(error), status: 0, detail: '', code: 'ARIADNE_CLIENT', errors: {} });
}

/** Run `load` when `deps` change; the latest answer wins. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined, error: null, loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error: asApiError(error), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export interface PagedState<T> extends AsyncState<readonly T[]> {
  readonly hasMore: boolean;
  readonly loadMore: () => void;
}

/** A cursor-paged list (`{ items, next }`): first page on `deps` change, more on demand. */
export function usePaged<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: readonly unknown[]): PagedState<T> {
  const [items, setItems] = useState<readonly T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((cursor: string | null, append: boolean) => {
    const gen = generation.current;
    setLoading(true);
    setError(null);
    loadRef.current(cursor).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((prev) => (append ? [...prev, ...page.items] : page.items));
        setNext(page.next);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(asApiError(err));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    generation.current += 1;
    setItems([]);
    setNext(null);
    fetchPage(null, false);
  }, [...deps, tick, fetchPage]);

  return {
    data: items,
    error,
    loading,
    hasMore: next !== null,
    loadMore: () => next !== null && fetchPage(next, true),
    reload: () => setTick((t) => t + 1),
  };
}
