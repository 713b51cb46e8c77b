/**
 * The clicked node: what it is, how connected, a link to its entity page, and what to do with it
 * (show its hidden neighbours, pin it, start a path from it).
 */
import { useState } from 'react';
import type { NetworkNode } from '../../api/network-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import type { NetworkExplorer } from './explorer.ts';

/** Shared identifier nodes are made up by the network build; they have no entity page. */
/** identifier nodes and a finance alert's account nodes (`account:<digest>`) have no entity page */
export function isEntityNode(id: string): boolean {
  return !id.startsWith('identifier:') && !id.startsWith('account:');
}

export function NodePanel({ node, explorer, degree, onPathFrom, onClose }: {
  node: NetworkNode;
  explorer: NetworkExplorer;
  degree: number;
  /** absent where the paths panel is not shown (an alert's evidence subgraph) */
  onPathFrom?: (id: string) => void;
  onClose: () => void;
}) {
  const { t, formatNumber } = useI18n();
  // the explorer owns visibility and pins; this counter re-reads them after each action
  const [, setVersion] = useState(0);
  const [expanded, setExpanded] = useState<{ added: number; remaining: number } | null>(null);
  const hidden = explorer.hiddenNeighbourCount(node.id);
  const pinned = explorer.isPinned(node.id);

  return (
    <section className="card network-node" aria-labelledby="network-node-title" data-testid="node-panel" data-id={node.id}>
      <div className="section-head">
        <h2 id="network-node-title" dir="auto" data-testid="node-caption">{node.caption}</h2>
        <button type="button" className="btn btn-small btn-icon" onClick={onClose} aria-label={t('network.closeNode')}>×</button>
      </div>
      <dl className="dl-grid small">
        <dt>{t('network.schema')}</dt><dd data-testid="node-schema">{node.schema}</dd>
        <dt>{t('network.degree')}</dt><dd data-testid="node-degree">{formatNumber(degree)}</dd>
        {node.roles.length > 0 && (
          <>
            <dt>{t('network.roles')}</dt>
            <dd className="flags" data-testid="node-roles">{node.roles.map((r) => <span key={r} className="badge" dir="auto">{r}</span>)}</dd>
          </>
        )}
      </dl>
      {isEntityNode(node.id) && <p className="small"><Link to={paths.entity(node.id)} data-testid="node-entity-link">{t('network.openEntity')}</Link></p>}
      <div className="network-buttons">
        <button type="button" className="btn btn-small" disabled={hidden === 0} data-testid="node-expand"
          onClick={() => { setExpanded(explorer.expand(node.id)); setVersion((v) => v + 1); }}>
          {hidden > 0 ? t('network.expandCount', { count: formatNumber(hidden) }) : t('network.expand')}
        </button>
        <button type="button" className="btn btn-small" aria-pressed={pinned} data-testid="node-pin"
          onClick={() => { explorer.setPinned(node.id, !pinned); setVersion((v) => v + 1); }}>
          {pinned ? t('network.unpin') : t('network.pin')}
        </button>
        {onPathFrom && <button type="button" className="btn btn-small" data-testid="node-path-from" onClick={() => onPathFrom(node.id)}>{t('network.pathFrom')}</button>}
        <button type="button" className="btn btn-small" data-testid="node-isolate"
          onClick={() => { explorer.isolate(node.id); setExpanded(null); setVersion((v) => v + 1); }}>
          {t('network.isolate')}
        </button>
      </div>
      {expanded && (
        <p className="muted small" role="status" data-testid="node-expanded">
          {expanded.remaining > 0
            ? t('network.expandedMore', { added: formatNumber(expanded.added), remaining: formatNumber(expanded.remaining) })
            : t('network.expanded', { added: formatNumber(expanded.added) })}
        </p>
      )}
    </section>
  );
}
