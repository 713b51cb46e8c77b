/**
 * Exports: GEXF and GraphML from the server (Gephi, Cytoscape) with the same filter as the view,
 * and the picture as drawn now, as PNG or SVG, made in the browser. File names carry the case id
 * only, never a name.
 */
import { useState } from 'react';
import { networkExportUrl } from '../../api/network.ts';
import type { NetworkFilter } from '../../api/network-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { NetworkExplorer } from './explorer.ts';
import { saveFile } from '../../lib/save-file.ts';

export function ExportPanel({ caseId, filter, explorer }: { caseId: string; filter: NetworkFilter; explorer: NetworkExplorer }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [busy, setBusy] = useState(false);
  const base = `network-${caseId.replace(/[^\w-]/g, '').slice(0, 40) || 'case'}`;

  async function png(): Promise<void> {
    setBusy(true);
    try {
      await explorer.exportPng(base);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="network-buttons" data-testid="export-panel">
      {/* the server journals each file export and needs the export permission for it */}
      {can('export') && (
        <>
          <a className="btn btn-small" href={networkExportUrl(caseId, 'gexf', filter)} download={`${base}.gexf`} data-testid="export-gexf">GEXF</a>
          <a className="btn btn-small" href={networkExportUrl(caseId, 'graphml', filter)} download={`${base}.graphml`} data-testid="export-graphml">GraphML</a>
        </>
      )}
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void png()} data-testid="export-png">PNG</button>
      <button type="button" className="btn btn-small" data-testid="export-svg"
        onClick={() => saveFile(`${base}.svg`, explorer.toSvg(t('network.title')), 'image/svg+xml')}>SVG</button>
      <p className="hint">{t('network.exportHint')}</p>
    </div>
  );
}
