/** Colour the graph by community (Louvain or Leiden, run on the server) with a legend. */
import { useState } from 'react';
import type { CommunityMethod, CommunityResult, NetworkFilter } from '../../api/network-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import type { NetworkExplorer } from './explorer.ts';
import { COMMUNITY_COLOURS, OTHER_COLOUR } from './palette.ts';
import { useAnalysis } from './use-analysis.ts';

export function CommunitiesPanel({ caseId, filter, explorer, captionOf }: {
  caseId: string;
  filter: NetworkFilter;
  explorer: NetworkExplorer;
  captionOf: (id: string) => string;
}) {
  const { t, formatNumber } = useI18n();
  const [method, setMethod] = useState<CommunityMethod>('louvain');
  const [result, setResult] = useState<{ data: CommunityResult; colours: Map<number, string> } | null>(null);
  const job = useAnalysis();

  async function run(): Promise<void> {
    const answer = await job.run(caseId, filter, { kind: 'communities', method });
    if (answer?.kind !== 'communities') return;
    setResult({ data: answer.result, colours: explorer.setCommunities(answer.result) });
  }

  function clear(): void {
    explorer.setColourBy('schema');
    setResult(null);
  }

  const shown = result ? [...result.data.communities].sort((a, b) => b.size - a.size || a.id - b.id).slice(0, COMMUNITY_COLOURS.length) : [];
  const others = result ? result.data.communities.length - shown.length : 0;
  return (
    <div data-testid="communities-panel">
      <div className="inline-form">
        <label className="inline-label">
          <span className="muted small">{t('network.method')}</span>
          <select value={method} onChange={(e) => setMethod(e.target.value as CommunityMethod)} data-testid="communities-method">
            <option value="louvain">Louvain</option>
            <option value="leiden">Leiden</option>
          </select>
        </label>
        <button type="button" className="btn btn-small btn-primary" onClick={() => void run()} disabled={job.running} data-testid="communities-run">
          {t('network.runCommunities')}
        </button>
        {result && <button type="button" className="btn-link small" onClick={clear}>{t('network.clearColours')}</button>}
      </div>
      <AnalysisStatus run={job} testId="communities" />
      {result && (
        <div data-testid="communities-legend">
          <p className="small">{result.data.explanation}</p>
          <p className="muted small">{t('network.modularity', { value: result.data.modularity.toFixed(3), count: formatNumber(result.data.communities.length) })}</p>
          <ul className="network-legend">
            {shown.map((c) => (
              <li key={c.id} data-testid="community" title={c.explanation}>
                <span className="swatch" style={{ background: result.colours.get(c.id) ?? OTHER_COLOUR }} aria-hidden="true" />
                <span className="nowrap">{t('network.communitySize', { id: c.id, size: formatNumber(c.size) })}</span>
                <span className="muted small clamp" dir="auto">{c.members.slice(0, 3).map(captionOf).join(', ')}</span>
              </li>
            ))}
            {others > 0 && (
              <li>
                <span className="swatch" style={{ background: OTHER_COLOUR }} aria-hidden="true" />
                <span>{t('network.otherCommunities', { count: formatNumber(others) })}</span>
              </li>
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
