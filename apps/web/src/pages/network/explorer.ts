/**
 * The graph canvas: one sigma renderer over one graphology graph, driven by a `ViewState`.
 * React calls these methods on user actions; nothing here re-renders React per frame. Each
 * change of what is shown edits the view state and asks sigma for one refresh (its reducers
 * restyle nodes and edges at draw time); the camera moves without any JavaScript of ours except
 * the marks layer, which redraws only the few pinned and removed nodes.
 *
 * For 10,000 nodes and 50,000 ties: edges are hidden while the camera moves, labels are drawn only
 * for large nodes, edges are plain lines (no arrows), and the layout runs in a worker for a few
 * seconds and then stops.
 */
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram } from 'sigma/rendering';
import { downloadAsPNG } from '@sigma/export-image';
import type { CommunityResult, NetworkPath } from '../../api/network-types.ts';
import { hiddenNeighbours, initialVisible, type BuiltNetwork, type EdgeAttributes, type ExplorerGraph, type NodeAttributes } from './build-graph.ts';
import { runLayout, type LayoutRun } from './fa2-layout.ts';
import { communityColours, DARK_GREYS, LIGHT_GREYS, MARK } from './palette.ts';
import { renderSvg, type SvgEdge, type SvgNode } from './svg-export.ts';
import type { TimelineMode } from './time-window.ts';
import {
  emptyView, nodesHiddenAt, pathHighlight, sharesOf, styleEdge, styleNode, type ColourBy, type EdgeStyle, type NodeStyle, type ViewState,
} from './view-state.ts';

export interface RenderedCounts {
  readonly nodes: number;
  readonly edges: number;
}

export interface ExplorerEvents {
  /** a node was clicked (or the empty canvas: null) */
  onNodeClick(id: string | null): void;
  /** after each change of what is shown: what sigma actually draws */
  onRendered(counts: RenderedCounts): void;
  onLayoutChange(running: boolean): void;
}

type Renderer = Sigma<NodeAttributes, EdgeAttributes>;

/** Above this many ties, they are drawn as thin lines. */
const THIN_TIES_ABOVE = 5000;

/** Marks drawn over nodes: more would cost a frame, and the reducers already colour them. */
const MAX_MARKS = 2000;

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

let explorers = 0;

export class NetworkExplorer {
  /** tells one explorer from the next (React keys the panels that hold its results by it) */
  readonly id = `explorer-${++explorers}`;
  readonly view: ViewState = emptyView();
  private readonly graph: ExplorerGraph;
  private readonly renderer: Renderer;
  private readonly marks: CanvasRenderingContext2D | null;
  private layout: LayoutRun | null = null;
  private dragged: string | null = null;
  private dragMoved = false;
  private killed = false;

  constructor(
    private readonly container: HTMLElement,
    built: BuiltNetwork,
    private readonly events: ExplorerEvents,
  ) {
    this.graph = built.graph;
    this.view.visible = initialVisible(this.graph);
    this.view.greys = window.matchMedia?.('(prefers-color-scheme: dark)').matches ? DARK_GREYS : LIGHT_GREYS;
    const small = this.graph.order <= 200;
    // Ties as 1-pixel lines when there are many: a fraction of the pixels of sigma's antialiased
    // rectangles (one full draw of 50,000 ties on the CPU WebGL of bench/network-ui.bench.ts:
    // 4.2 s as rectangles, 1.2 s as lines); highlighted paths stay rectangles, 3 pixels wide.
    const manyTies = this.graph.size > THIN_TIES_ABOVE;
    this.renderer = new Sigma<NodeAttributes, EdgeAttributes>(this.graph, container, {
      // 50,000 ties are most of the drawing; while the camera moves only nodes are drawn (see
      // `renderAfterDrag` for what sigma does when the move ends)
      hideEdgesOnMove: true,
      renderEdgeLabels: false,
      enableEdgeEvents: false,
      zIndex: true,
      edgeProgramClasses: { line: EdgeLineProgram, rect: EdgeRectangleProgram },
      defaultEdgeType: manyTies ? 'line' : 'rect',
      // small case graphs: every name; large ones: only the hubs' names, so labels never crowd
      labelRenderedSizeThreshold: small ? 0 : 9,
      labelDensity: small ? 1 : 0.6,
      labelColor: { color: cssVar('--text', '#1b1f24') },
      labelFont: cssVar('--font', 'system-ui, sans-serif'),
      minCameraRatio: 0.01,
      maxCameraRatio: 20,
      allowInvalidContainer: true,
      nodeReducer: (id, data) => styleNode(this.view, id, data as NodeStyle),
      edgeReducer: (id, data) => styleEdge(this.view, this.graph, id, data as EdgeStyle),
    });
    this.marks = this.createMarksLayer(this.renderer);
    this.renderAfterDrag();
    this.bindEvents();
    this.refresh();
    // for bench/network-ui.bench.ts: time to the first drawn network
    performance.mark('ariadne:network-first-render');
    this.startLayout();
  }

  // ---- layout -------------------------------------------------------------------------------

  get layoutRunning(): boolean {
    return this.layout?.running ?? false;
  }

  startLayout(durationMs?: number): void {
    this.layout?.stop();
    this.layout = runLayout(this.graph, { durationMs, onStop: () => !this.killed && this.events.onLayoutChange(false) });
    this.events.onLayoutChange(true);
  }

  stopLayout(): void {
    this.layout?.stop();
  }

  // ---- what is shown ------------------------------------------------------------------------

  /** Show the hidden neighbours of `id` (the best connected `limit` of them). */
  expand(id: string, limit = 500): { added: number; remaining: number } {
    const { add, remaining } = hiddenNeighbours(this.graph, this.view.visible, id, limit);
    for (const n of add) this.view.visible.add(n);
    if (add.length) this.refresh();
    return { added: add.length, remaining };
  }

  /** Show only `id` and its neighbours (an ego view to expand from). */
  isolate(id: string): void {
    if (!this.graph.hasNode(id)) return;
    this.view.visible = new Set([id, ...this.graph.neighbors(id)]);
    this.refresh();
  }

  hiddenNeighbourCount(id: string): number {
    return hiddenNeighbours(this.graph, this.view.visible, id, 0).remaining;
  }

  showAll(): void {
    this.graph.forEachNode((n) => this.view.visible.add(n));
    this.refresh();
  }

  get totalNodes(): number {
    return this.graph.order;
  }

  /** Select a node (null clears); a hidden one is shown first. */
  select(id: string | null): void {
    if (id !== null && !this.graph.hasNode(id)) return;
    const previous = this.view.selected;
    this.view.selected = id;
    if (id !== null && !this.view.visible.has(id)) {
      this.view.visible.add(id);
      this.refresh();
      return;
    }
    // Only two nodes change style, and not their place: restyle those two, skip re-indexing the
    // rest (a full refresh costs hundreds of ms at 10,000 nodes; this one a few).
    const changed = [previous, id].filter((n): n is string => n !== null && this.graph.hasNode(n));
    if (changed.length) this.renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true });
  }

  /** Select `id` and centre the camera on it. */
  focus(id: string): void {
    if (!this.graph.hasNode(id)) return;
    this.select(id);
    const data = this.renderer.getNodeDisplayData(id);
    if (!data) return;
    const camera = this.renderer.getCamera();
    void camera.animate({ x: data.x, y: data.y, ratio: Math.min(camera.ratio, 0.5) }, { duration: 400 });
  }

  /** Move the camera so these nodes fill the view (a path, a plan). */
  fitTo(ids: Iterable<string>): void {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const id of ids) {
      const d = this.renderer.getNodeDisplayData(id);
      if (!d || d.hidden) continue;
      minX = Math.min(minX, d.x);
      maxX = Math.max(maxX, d.x);
      minY = Math.min(minY, d.y);
      maxY = Math.max(maxY, d.y);
    }
    if (minX === Infinity) return;
    // display coordinates are normalised so the whole graph spans 1 at camera ratio 1
    const ratio = Math.min(1.2, Math.max(0.25, 1.3 * Math.max(maxX - minX, maxY - minY)));
    void this.renderer.getCamera().animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio }, { duration: 400 });
  }

  isPinned(id: string): boolean {
    return this.view.pinned.has(id);
  }

  /** Pin (the layout no longer moves it; drawn with a ring) or unpin. */
  setPinned(id: string, pinned: boolean): void {
    if (!this.graph.hasNode(id)) return;
    if (pinned) this.view.pinned.add(id);
    else this.view.pinned.delete(id);
    this.graph.setNodeAttribute(id, 'fixed', pinned);
    this.layout?.restart();
    this.renderer.scheduleRender();
  }

  setTimeline(month: number | null, mode: TimelineMode): void {
    this.view.month = month;
    this.view.timelineMode = mode;
    this.view.timeHidden = nodesHiddenAt(this.graph, month, mode);
    this.refresh();
  }

  setColourBy(colourBy: ColourBy): void {
    this.view.colourBy = colourBy;
    if (colourBy !== 'centrality') this.view.sizeByCentrality = false;
    this.refresh();
  }

  /** Colour by community: the palette goes to the largest communities. */
  setCommunities(result: CommunityResult): Map<number, string> {
    const bySize = [...result.communities].sort((a, b) => b.size - a.size || a.id - b.id).map((c) => c.id);
    const colours = communityColours(bySize);
    this.view.communityColour = new Map();
    for (const [node, community] of Object.entries(result.membership)) {
      const colour = colours.get(community);
      if (colour) this.view.communityColour.set(node, colour);
    }
    this.view.colourBy = 'community';
    this.view.sizeByCentrality = false;
    this.refresh();
    return colours;
  }

  /** Colour (and optionally size) by a centrality; nodes the result does not rank count as 0. */
  setCentrality(values: readonly { id: string; value: number }[], sizeBy: boolean): void {
    this.view.centralityShare = sharesOf(values);
    this.view.colourBy = 'centrality';
    this.view.sizeByCentrality = sizeBy;
    this.refresh();
  }

  /** Highlight paths (dimming the rest), or clear with null. Returns the ids it could show. */
  setPaths(paths: readonly NetworkPath[] | null): void {
    this.view.path = paths && paths.length ? pathHighlight(this.graph, paths) : null;
    if (this.view.path) for (const n of this.view.path.nodes) this.view.visible.add(n);
    this.refresh();
    if (this.view.path) this.fitTo(this.view.path.nodes);
  }

  /** Mark the disruption plan's nodes (red, crossed, ringed), or clear with null. */
  setPlan(remove: readonly string[] | null): void {
    this.view.removed = new Set((remove ?? []).filter((id) => this.graph.hasNode(id)));
    for (const n of this.view.removed) this.view.visible.add(n);
    this.refresh();
    // the plan reads against the whole network
    if (this.view.removed.size) void this.renderer.getCamera().animatedReset({ duration: 400 });
  }

  /** Re-apply the view; report what sigma draws (also on the container, for tests and benches). */
  refresh(): void {
    if (this.killed) return;
    this.renderer.refresh();
    const counts = this.countRendered();
    this.container.dataset.renderedNodes = String(counts.nodes);
    this.container.dataset.renderedEdges = String(counts.edges);
    this.events.onRendered(counts);
  }

  /**
   * What sigma draws, read from its display caches. `getNodeDisplayData` copies the record on every
   * call (170 ms for 60,000 items), so the caches are read directly when this sigma has them.
   */
  private countRendered(): RenderedCounts {
    type Cache = Record<string, { hidden: boolean } | undefined>;
    const internals = this.renderer as unknown as { nodeDataCache?: Cache; edgeDataCache?: Cache };
    const r = this.renderer;
    const nodeCache: Cache | null = internals.nodeDataCache ?? null;
    const edgeCache: Cache | null = internals.edgeDataCache ?? null;
    const nodeShown = nodeCache ? (n: string) => nodeCache[n]?.hidden === false : (n: string) => r.getNodeDisplayData(n)?.hidden === false;
    const edgeShown = edgeCache ? (e: string) => edgeCache[e]?.hidden === false : (e: string) => r.getEdgeDisplayData(e)?.hidden === false;
    let nodes = 0;
    let edges = 0;
    this.graph.forEachNode((n) => {
      if (nodeShown(n)) nodes++;
    });
    this.graph.forEachEdge((e, _attrs, source, target) => {
      if (edgeShown(e) && nodeShown(source) && nodeShown(target)) edges++;
    });
    return { nodes, edges };
  }

  // ---- export -------------------------------------------------------------------------------

  async exportPng(fileName: string): Promise<void> {
    await downloadAsPNG(this.renderer as unknown as Sigma, {
      fileName,
      backgroundColor: cssVar('--surface', '#ffffff'),
      withTempRenderer: (tmp) => {
        const ctx = this.createMarksLayer(tmp as unknown as Renderer);
        if (ctx) this.drawMarks(tmp as unknown as Renderer, ctx);
      },
    });
  }

  /** The picture as drawn now (same camera, colours, sizes, labels shown), as SVG text. */
  toSvg(title: string): string {
    const r = this.renderer;
    const { width, height } = r.getDimensions();
    const nodes: SvgNode[] = [];
    const edges: SvgEdge[] = [];
    const pos = new Map<string, { x: number; y: number }>();
    const labelled = r.getNodeDisplayedLabels();
    this.graph.forEachNode((n) => {
      const d = r.getNodeDisplayData(n);
      if (!d || d.hidden) return;
      const p = r.framedGraphToViewport(d);
      pos.set(n, p);
      const ring = this.view.removed.has(n) ? MARK.removed : this.view.pinned.has(n) ? MARK.pinned : undefined;
      nodes.push({ x: p.x, y: p.y, r: r.scaleSize(d.size), color: d.color, label: labelled.has(n) || d.forceLabel ? (d.label ?? '') : '', ring });
    });
    this.graph.forEachEdge((e, _attrs, source, target) => {
      const d = r.getEdgeDisplayData(e);
      const a = pos.get(source);
      const b = pos.get(target);
      if (!d || d.hidden || !a || !b) return;
      edges.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, color: d.color, width: Math.max(0.5, r.scaleSize(d.size)) });
    });
    return renderSvg({ width, height, background: cssVar('--surface', '#ffffff'), nodes, edges, title });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.layout?.stop();
    this.renderer.kill();
  }

  // ---- internals ----------------------------------------------------------------------------

  private bindEvents(): void {
    const r = this.renderer;
    r.on('clickNode', ({ node }) => {
      if (!this.dragMoved) this.events.onNodeClick(node);
    });
    r.on('clickStage', () => this.events.onNodeClick(null));
    // Dragging a node moves it and pins it there (the layout then leaves it alone).
    r.on('downNode', ({ node }) => {
      this.dragged = node;
      this.dragMoved = false;
      if (!r.getCustomBBox()) r.setCustomBBox(r.getBBox());
    });
    const captor = r.getMouseCaptor();
    captor.on('mousemovebody', (event) => {
      if (!this.dragged) return;
      const p = r.viewportToGraph(event);
      if (!this.dragMoved) {
        this.dragMoved = true;
        this.layout?.stop();
        this.view.pinned.add(this.dragged);
        this.graph.setNodeAttribute(this.dragged, 'fixed', true);
      }
      this.graph.mergeNodeAttributes(this.dragged, { x: p.x, y: p.y });
      event.preventSigmaDefault();
      event.original.preventDefault();
      event.original.stopPropagation();
    });
    captor.on('mouseup', () => {
      this.dragged = null;
      // the click that ends a drag is not a selection; let the next one be
      setTimeout(() => (this.dragMoved = false), 0);
    });
    r.on('afterRender', () => {
      if (this.marks) this.drawMarks(r, this.marks);
    });
  }

  /**
   * With `hideEdgesOnMove`, sigma 3 ends every drag with a full `refresh()`, only to draw the ties
   * again: every node and tie restyled and re-uploaded, ~0.5 s at 10,000 nodes and 50,000 ties
   * (its own comment says a render would do; sigma.js issue 1290). That one call, made from a
   * timer the mouse captor sets just before it emits `mouseup`, becomes a render; every other
   * refresh, ours included, goes through untouched.
   */
  private renderAfterDrag(): void {
    const r = this.renderer;
    const refresh = r.refresh.bind(r);
    let afterDrag = false;
    r.getMouseCaptor().on('mouseup', () => {
      afterDrag = true;
      setTimeout(() => (afterDrag = false), 0);
    });
    r.refresh = (opts) => {
      if (afterDrag && opts === undefined) {
        afterDrag = false;
        return r.scheduleRender();
      }
      return refresh(opts);
    };
  }

  /** A 2D canvas just above the nodes, sized with the renderer, for the rings of pinned and removed nodes. */
  private createMarksLayer(renderer: Renderer): CanvasRenderingContext2D | null {
    const canvas = renderer.createCanvas('marks', { afterLayer: 'nodes' });
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const size = (): void => {
      const { width, height } = renderer.getDimensions();
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.round(width * ratio));
      canvas.height = Math.max(1, Math.round(height * ratio));
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    };
    size();
    renderer.on('resize', size);
    return ctx;
  }

  private drawMarks(r: Renderer, ctx: CanvasRenderingContext2D): void {
    const { width, height } = r.getDimensions();
    ctx.clearRect(0, 0, width, height);
    let drawn = 0;
    const ring = (id: string, colour: string, cross: boolean): void => {
      if (drawn++ > MAX_MARKS) return;
      const d = r.getNodeDisplayData(id);
      if (!d || d.hidden) return;
      const p = r.framedGraphToViewport(d);
      const radius = r.scaleSize(d.size) + 3;
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.stroke();
      if (cross) {
        const k = radius * 0.7;
        ctx.beginPath();
        ctx.moveTo(p.x - k, p.y - k);
        ctx.lineTo(p.x + k, p.y + k);
        ctx.moveTo(p.x + k, p.y - k);
        ctx.lineTo(p.x - k, p.y + k);
        ctx.stroke();
      }
    };
    for (const id of this.view.pinned) ring(id, MARK.pinned, false);
    for (const id of this.view.removed) ring(id, MARK.removed, true);
  }
}
