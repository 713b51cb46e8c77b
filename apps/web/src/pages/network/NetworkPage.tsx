/**
 * The network explorer of one case (issue 5 §4): the graph drawn with WebGL, and beside it search,
 * the clicked node, filters and the timeline, communities, centrality, paths, the disruption plan
 * and exports. The URL holds only the case id; filters, search text and selections live in state.
 *
 * The page loads the network once per server filter and builds one graph from it; everything
 * else (expanding, the timeline, colours, highlights) restyles that graph through the explorer.
 *
 * Given a `source`, it draws another network instead of the case's (an alert's evidence subgraph):
 * loaded whole from that source, with search, the clicked node and the timeline; the server
 * filters, analyses and exports, which work on the case's network, are left out.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { networkApi } from '../../api/network.ts';
import type { NetworkFilter, NetworkPayload } from '../../api/network-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { buildNetworkGraph } from './build-graph.ts';
import { createCaptionIndex } from './caption-search.ts';
import { CentralityPanel } from './CentralityPanel.tsx';
import { CommunitiesPanel } from './CommunitiesPanel.tsx';
import { DisruptionPanel } from './DisruptionPanel.tsx';
import type { NetworkExplorer, RenderedCounts } from './explorer.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { FiltersPanel } from './FiltersPanel.tsx';
import { GraphCanvas } from './GraphCanvas.tsx';
import { NodePanel } from './NodePanel.tsx';
import { NodeSearch } from './NodeSearch.tsx';
import { PathPanel } from './PathPanel.tsx';
import { timelineRange, windowFilter, type TimelineMode } from './time-window.ts';
import { TimelineSlider } from './TimelineSlider.tsx';

function Section({ id, title, children, open = true }: { id: string; title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="card network-section" open={open} data-testid={`section-${id}`}>
      <summary><h2 className="network-section-title">{title}</h2></summary>
      {children}
    </details>
  );
}

/** A network that is not the case's own: how to load it, its title and where "back" leads. */
export interface NetworkSource {
  /** changes when the network does (the loader is called again) */
  readonly key: string;
  readonly load: () => Promise<NetworkPayload>;
  readonly title: string;
  readonly back: { readonly to: string; readonly label: string };
}

export function NetworkPage({ caseId, source }: { caseId: string; source?: NetworkSource }) {
  const { t, formatNumber } = useI18n();
  const sourceKey = source?.key ?? null;
  const kase = useAsync(() => (source ? Promise.resolve(null) : api.getCase(caseId)), [caseId, sourceKey]);
  const [filter, setFilter] = useState<NetworkFilter>({});
  const filterKey = JSON.stringify(filter);
  const net = useAsync(() => (source ? source.load() : networkApi.load(caseId, filter)), [caseId, filterKey, sourceKey]);
  const built = useMemo(() => (net.data ? buildNetworkGraph(net.data) : null), [net.data]);

  const [explorer, setExplorer] = useState<NetworkExplorer | null>(null);
  const [counts, setCounts] = useState<RenderedCounts>({ nodes: 0, edges: 0 });
  const [layoutRunning, setLayoutRunning] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [path, setPath] = useState<{ from: string | null; to: string | null; picking: boolean }>({ from: null, to: null, picking: false });
  const [month, setMonth] = useState<number | null>(null);
  const [mode, setMode] = useState<TimelineMode>('cumulative');
  const [knownSources, setKnownSources] = useState<readonly string[]>([]);

  // A new network (another filter) starts a new view.
  useEffect(() => {
    setSelected(null);
    setPath({ from: null, to: null, picking: false });
    setMonth(null);
  }, [built]);

  // Sources seen in any load stay on offer, so filtering by one does not hide the others.
  useEffect(() => {
    if (!net.data) return;
    setKnownSources((known) => {
      const all = new Set(known);
      for (const e of net.data!.edges) for (const s of e.sources) all.add(s);
      return all.size === known.length ? known : [...all].sort();
    });
  }, [net.data]);

  const range = useMemo(() => (net.data ? timelineRange(net.data.edges) : null), [net.data]);
  const captionIndex = useMemo(
    () => (built ? createCaptionIndex([...built.nodes.values()], (id) => built.graph.getNodeAttribute(id, 'degree')) : null),
    [built],
  );
  const roles = useMemo(() => {
    const count = new Map<string, number>();
    for (const n of built?.nodes.values() ?? []) for (const r of n.roles) count.set(r, (count.get(r) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r]) => r);
  }, [built]);
  const analysisFilter = useMemo(() => windowFilter(filter, month, mode), [filterKey, month, mode]);
  const captionOf = useCallback((id: string) => built?.nodes.get(id)?.caption ?? id, [built]);

  const choose = useCallback((id: string | null, focus: boolean) => {
    if (id && path.picking && path.from && id !== path.from) {
      setPath({ from: path.from, to: id, picking: false });
      explorer?.select(id);
      return;
    }
    setSelected(id);
    if (id && focus) explorer?.focus(id);
    else explorer?.select(id);
  }, [explorer, path]);

  const onTimeline = useCallback((m: number | null, md: TimelineMode) => {
    setMonth(m);
    setMode(md);
    explorer?.setTimeline(m, md);
  }, [explorer]);

  const title = source ? source.title : kase.data ? t('network.titleOf', { name: kase.data.name }) : t('network.title');
  const node = selected && built ? built.nodes.get(selected) : undefined;

  return (
    <div className="page network-page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        {source
          ? <Link to={source.back.to} dir="auto">{source.back.label}</Link>
          : <Link to={paths.case(caseId)}>{kase.data?.name ?? t('network.backToCase')}</Link>}
      </nav>
      <h1 dir="auto">{title}</h1>
      <ErrorBox error={net.error} testId="network-error" />
      {net.data?.truncated && <p className="alert alert-warn" role="status" data-testid="network-truncated">{t('network.truncated', { edges: formatNumber(net.data.edges.length) })}</p>}
      {!built ? (!net.error && <Loading label={t('network.loading')} />) : built.graph.order === 0 ? (
        <Empty>{t('network.empty')}</Empty>
      ) : (
        <div className="network-layout">
          <div className="network-main">
            <div className="network-toolbar" role="status" aria-live="polite">
              <span data-testid="network-counts" data-nodes={counts.nodes} data-edges={counts.edges} data-total={built.graph.order}>
                {t('network.counts', { nodes: formatNumber(counts.nodes), total: formatNumber(built.graph.order), edges: formatNumber(counts.edges) })}
              </span>
              {net.loading && <span className="muted small">{t('network.reloading')}</span>}
              <span className="network-toolbar-end">
                {explorer && counts.nodes < built.graph.order && (
                  <button type="button" className="btn btn-small" onClick={() => explorer.showAll()} data-testid="network-show-all">
                    {t('network.showAll', { total: formatNumber(built.graph.order) })}
                  </button>
                )}
                {explorer && (layoutRunning
                  ? <button type="button" className="btn btn-small" onClick={() => explorer.stopLayout()} data-testid="layout-stop">{t('network.stopLayout')}</button>
                  : <button type="button" className="btn btn-small" onClick={() => explorer.startLayout()} data-testid="layout-run">{t('network.runLayout')}</button>)}
              </span>
            </div>
            <GraphCanvas built={built} onReady={setExplorer}
              events={{ onNodeClick: (id) => choose(id, false), onRendered: setCounts, onLayoutChange: setLayoutRunning }} />
            <p className="muted small" data-testid="network-stats">
              {t('network.stats', {
                entities: formatNumber(net.data!.stats.entities), relations: formatNumber(net.data!.stats.relations),
                shared: formatNumber(net.data!.stats.sharedIdentifiers), selfLoops: formatNumber(net.data!.stats.selfLoops + built.dropped.selfLoops),
              })}
            </p>
          </div>
          <aside className="network-side">
            {captionIndex && <NodeSearch index={captionIndex} onPick={(id) => choose(id, true)} />}
            {explorer && node && (
              <NodePanel key={node.id} node={node} explorer={explorer} degree={built.graph.getNodeAttribute(node.id, 'degree')}
                {...(source ? {} : { onPathFrom: (id: string) => setPath({ from: id, to: null, picking: true }) })} onClose={() => choose(null, false)} />
            )}
            {explorer && (
              <div key={explorer.id} className="stack">
                <Section id="timeline" title={t('network.timelineTitle')}>
                  <TimelineSlider range={range} month={month} mode={mode} onChange={onTimeline} />
                </Section>
                {!source && (
                  <>
                    <Section id="filters" title={t('network.filters')} open={false}>
                      <FiltersPanel key={filterKey} filter={filter} sources={knownSources} busy={net.loading} onApply={setFilter} />
                    </Section>
                    <Section id="communities" title={t('network.communities')}>
                      <CommunitiesPanel caseId={caseId} filter={analysisFilter} explorer={explorer} captionOf={captionOf} />
                    </Section>
                    <Section id="centrality" title={t('network.centrality')}>
                      <CentralityPanel caseId={caseId} filter={analysisFilter} explorer={explorer} nodeCount={built.graph.order} onFocus={(id) => choose(id, true)} />
                    </Section>
                    <Section id="path" title={t('network.paths')}>
                      <PathPanel caseId={caseId} filter={analysisFilter} explorer={explorer} from={path.from} to={path.to} picking={path.picking}
                        captionOf={captionOf} onClear={() => setPath({ from: null, to: null, picking: false })} />
                    </Section>
                    <Section id="disruption" title={t('network.disruption')}>
                      <DisruptionPanel caseId={caseId} filter={analysisFilter} explorer={explorer} roles={roles} onFocus={(id) => choose(id, true)} />
                    </Section>
                    <Section id="export" title={t('network.export')}>
                      <ExportPanel caseId={caseId} filter={filter} explorer={explorer} />
                    </Section>
                  </>
                )}
              </div>
            )}
          </aside>
        </div>
      )}
    </div>
  );
}
