/**
 * Paths between two subjects: "Path from here" on a node, then a click on (or a search for) the
 * second one. The server finds the shortest path or the three shortest; the chosen one is
 * highlighted on the graph and the rest dimmed.
 */
import { useEffect, useState } from 'react';
import type { NetworkFilter, PathsResult } from '../../api/network-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import type { NetworkExplorer } from './explorer.ts';
import { useAnalysis } from './use-analysis.ts';

export type PathChoice = 'shortest' | 'k3';

export function PathPanel({ caseId, filter, explorer, from, to, picking, captionOf, onClear }: {
  caseId: string;
  filter: NetworkFilter;
  explorer: NetworkExplorer;
  from: string | null;
  to: string | null;
  /** waiting for the user to click the second node */
  picking: boolean;
  captionOf: (id: string) => string;
  onClear: () => void;
}) {
  const { t, formatNumber } = useI18n();
  const [choice, setChoice] = useState<PathChoice>('shortest');
  const [result, setResult] = useState<PathsResult | null>(null);
  const [shown, setShown] = useState<number | 'all'>(0);
  const job = useAnalysis();
  const { run } = job;

  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    setResult(null);
    explorer.setPaths(null);
    const request = choice === 'shortest'
      ? { kind: 'paths' as const, from, to, mode: 'shortest' as const }
      : { kind: 'paths' as const, from, to, mode: 'k-shortest' as const, k: 3 };
    void run(caseId, filter, request).then((answer) => {
      if (!live || answer?.kind !== 'paths') return;
      setResult(answer.result);
      setShown(0);
      explorer.setPaths(answer.result.paths.slice(0, 1));
    });
    return () => {
      live = false;
    };
  }, [caseId, filter, explorer, from, to, choice, run]);

  function show(which: number | 'all'): void {
    if (!result) return;
    setShown(which);
    explorer.setPaths(which === 'all' ? result.paths : result.paths.slice(which, which + 1));
  }

  function clear(): void {
    explorer.setPaths(null);
    setResult(null);
    onClear();
  }

  if (!from) return <p className="muted small" data-testid="path-hint">{t('network.pathHint')}</p>;
  return (
    <div data-testid="path-panel">
      <p className="small">
        <span className="muted">{t('network.pathFromLabel')}</span> <strong dir="auto" data-testid="path-from">{captionOf(from)}</strong>
        {to && <> <span className="muted">{t('network.pathToLabel')}</span> <strong dir="auto" data-testid="path-to">{captionOf(to)}</strong></>}
      </p>
      {picking && <p className="alert alert-warn small" role="status" data-testid="path-picking">{t('network.pickTarget')}</p>}
      <div className="inline-form">
        <label className="inline-label">
          <span className="muted small">{t('network.pathMode')}</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value as PathChoice)} data-testid="path-mode">
            <option value="shortest">{t('network.pathShortest')}</option>
            <option value="k3">{t('network.pathK3')}</option>
          </select>
        </label>
        <button type="button" className="btn-link small" onClick={clear} data-testid="path-clear">{t('network.clearPath')}</button>
      </div>
      <AnalysisStatus run={job} testId="path" />
      {result && (
        <div data-testid="path-result">
          <p className="small">{result.explanation}</p>
          {result.paths.length === 0 ? <p className="empty muted" data-testid="path-none">{t('network.noPath')}</p> : (
            <ol className="network-paths">
              {result.paths.map((p, i) => (
                <li key={i} data-testid="path" aria-current={shown === i || shown === 'all' ? 'true' : undefined}>
                  <button type="button" className="btn-link small" onClick={() => show(i)}>{t('network.pathLength', { length: formatNumber(p.length) })}</button>
                  <ol className="network-path-steps small" dir="auto">
                    {p.nodes.map((id, j) => <li key={`${j}:${id}`} dir="auto">{captionOf(id)}</li>)}
                  </ol>
                  <p className="muted small">{p.explanation}</p>
                </li>
              ))}
            </ol>
          )}
          {result.paths.length > 1 && <button type="button" className="btn-link small" onClick={() => show('all')}>{t('network.showAllPaths')}</button>}
          {result.truncated && <p className="muted small">{t('network.pathsTruncated')}</p>}
        </div>
      )}
    </div>
  );
}
