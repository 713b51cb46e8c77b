/**
 * The sigma canvas as a React element. It mounts one `NetworkExplorer` per built network and hands
 * it up; React never re-renders the canvas itself (the explorer draws), and the callbacks are read
 * through a ref so re-renders of the page do not restart the renderer.
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { BuiltNetwork } from './build-graph.ts';
import { NetworkExplorer, type ExplorerEvents } from './explorer.ts';

export function GraphCanvas({ built, events, onReady }: {
  built: BuiltNetwork;
  events: ExplorerEvents;
  onReady: (explorer: NetworkExplorer | null) => void;
}) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef({ events, onReady });
  latest.current = { events, onReady };

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const explorer = new NetworkExplorer(element, built, {
      onNodeClick: (id) => latest.current.events.onNodeClick(id),
      onRendered: (counts) => latest.current.events.onRendered(counts),
      onLayoutChange: (running) => latest.current.events.onLayoutChange(running),
    });
    latest.current.onReady(explorer);
    return () => {
      latest.current.onReady(null);
      explorer.kill();
    };
  }, [built]);

  return (
    // ltr: sigma places labels to the right of nodes with the canvas's text direction; Arabic
    // captions still shape correctly inside each label
    <div ref={container} className="network-canvas" dir="ltr" role="img" aria-label={t('network.canvasLabel')} data-testid="network-canvas" />
  );
}
