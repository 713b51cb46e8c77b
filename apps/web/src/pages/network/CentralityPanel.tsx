/**
 * Colour (and optionally size) the graph by a centrality computed on the server, and list the top
 * ten with the sentence that explains each.
 */
import { useState } from 'react';
import { CENTRALITY_MEASURES, type CentralityMeasure, type CentralityResult, type NetworkFilter } from '../../api/network-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import type { NetworkExplorer } from './explorer.ts';
import { rampColour } from './palette.ts';
import { useAnalysis } from './use-analysis.ts';

/**
 * Ranked nodes asked for, to colour the graph: the rest count as the lowest. Kept at 1,000 so the
 * answer stays small (the API may cap `top`); the top ten are what the panel lists.
 */
export const CENTRALITY_TOP = 1000;

export function CentralityPanel({ caseId, filter, explorer, nodeCount, onFocus }: {
  caseId: string;
  filter: NetworkFilter;
  explorer: NetworkExplorer;
  nodeCount: number;
  onFocus: (id: string) => void;
}) {
  const { t, formatNumber } = useI18n();
  const [measure, setMeasure] = useState<CentralityMeasure>('betweenness');
  const [sizeBy, setSizeBy] = useState(true);
  const [result, setResult] = useState<CentralityResult | null>(null);
  const job = useAnalysis();

  async function run(): Promise<void> {
    const answer = await job.run(caseId, filter, { kind: 'centrality', measure, top: Math.max(1, Math.min(nodeCount, CENTRALITY_TOP)) });
    if (answer?.kind !== 'centrality') return;
    setResult(answer.result);
    explorer.setCentrality(answer.result.top, sizeBy);
  }

  function clear(): void {
    explorer.setColourBy('schema');
    setResult(null);
  }

  const max = result?.top.reduce((m, n) => Math.max(m, n.value), 0) ?? 0;
  return (
    <div data-testid="centrality-panel">
      <div className="inline-form">
        <label className="inline-label">
          <span className="muted small">{t('network.measure')}</span>
          <select value={measure} onChange={(e) => setMeasure(e.target.value as CentralityMeasure)} data-testid="centrality-measure">
            {CENTRALITY_MEASURES.map((m) => <option key={m} value={m}>{t(`network.measure.${m}`)}</option>)}
          </select>
        </label>
        <label className="check small">
          <input type="checkbox" checked={sizeBy} data-testid="centrality-size"
            onChange={(e) => { setSizeBy(e.target.checked); if (result) explorer.setCentrality(result.top, e.target.checked); }} />
          {t('network.sizeByCentrality')}
        </label>
        <button type="button" className="btn btn-small btn-primary" onClick={() => void run()} disabled={job.running} data-testid="centrality-run">
          {t('network.runCentrality')}
        </button>
        {result && <button type="button" className="btn-link small" onClick={clear}>{t('network.clearColours')}</button>}
      </div>
      <AnalysisStatus run={job} testId="centrality" />
      {result && (
        <div data-testid="centrality-result">
          <p className="small">{result.explanation}</p>
          {!result.exact && <p className="muted small">{t('network.sampled', { samples: formatNumber(result.samples ?? 0) })}</p>}
          <ol className="network-ranked">
            {result.top.slice(0, 10).map((n) => (
              <li key={n.id} data-testid="centrality-top" data-id={n.id}>
                <span className="swatch" style={{ background: rampColour(max > 0 ? n.value / max : 0) }} aria-hidden="true" />
                <button type="button" className="btn-link" onClick={() => onFocus(n.id)} dir="auto">{n.caption}</button>
                <span className="muted small"> #{n.rank}</span>
                <p className="muted small">{n.explanation}</p>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
