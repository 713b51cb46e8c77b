/**
 * One analysis at a time per panel: run it as a server job, show its progress, cancel it (which
 * cancels the job on the server too), and keep the error the server explained. Starting another
 * run cancels the one before; leaving the page cancels the one running.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { runAnalysis } from '../../api/network.ts';
import type { AnalysisRequest, AnalysisResult, NetworkFilter } from '../../api/network-types.ts';
import { ApiError } from '../../api/problem.ts';

export interface AnalysisRun {
  readonly running: boolean;
  readonly done: number;
  readonly total: number;
  readonly error: ApiError | null;
  /** resolves with the result, or null when cancelled or failed (then `error` says why) */
  readonly run: (caseId: string, filter: NetworkFilter, analysis: AnalysisRequest) => Promise<AnalysisResult | null>;
  readonly cancel: () => void;
}

export function useAnalysis(): AnalysisRun {
  const [state, setState] = useState({ running: false, done: 0, total: 0, error: null as ApiError | null });
  const current = useRef<AbortController | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  const run = useCallback(async (caseId: string, filter: NetworkFilter, analysis: AnalysisRequest) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState({ running: true, done: 0, total: 0, error: null });
    const live = (): boolean => current.current === controller;
    try {
      const result = await runAnalysis(caseId, filter, analysis, {
        signal: controller.signal,
        onProgress: (done, total) => live() && setState((s) => ({ ...s, done, total })),
      });
      if (live()) setState({ running: false, done: 1, total: 1, error: null });
      return live() ? result : null;
    } catch (error) {
      if (!live()) return null;
      if (error instanceof DOMException && error.name === 'AbortError') {
        setState({ running: false, done: 0, total: 0, error: null });
        return null;
      }
      const apiError = error instanceof ApiError
        ? error
        : new ApiError({ type: 'about:blank', title: String(error), status: 0, detail: '', code: 'ARIADNE_CLIENT', errors: {} });
      setState({ running: false, done: 0, total: 0, error: apiError });
      return null;
    } finally {
      if (live()) current.current = null;
    }
  }, []);

  const cancel = useCallback(() => current.current?.abort(), []);

  return { ...state, run, cancel };
}
