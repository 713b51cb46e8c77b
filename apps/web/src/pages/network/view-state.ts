/**
 * What the explorer shows, as plain data, and the two functions sigma's reducers call for every
 * node and edge at draw time. Changing the view (expand, timeline, colours, a path, a plan) means
 * changing this state and asking sigma to refresh: the graph itself is never rebuilt. The style
 * functions mutate the attribute copy sigma hands them instead of allocating a new object per
 * node and edge. Pure (no DOM): node tests run it.
 */
import type { NetworkPath } from '../../api/network-types.ts';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from './build-graph.ts';
import { LIGHT_GREYS, MARK, OTHER_COLOUR, rampColour, shareSize, type Greys } from './palette.ts';
import { tieShownAt, type TimelineMode } from './time-window.ts';

export type ColourBy = 'schema' | 'community' | 'centrality';

export interface ViewState {
  /** nodes the user sees (the initial set plus what was expanded) */
  visible: Set<string>;
  /** the timeline slider's month, or null for no time filter */
  month: number | null;
  timelineMode: TimelineMode;
  /** nodes whose every tie falls outside the timeline's month */
  timeHidden: Set<string>;
  colourBy: ColourBy;
  /** node → colour of its community */
  communityColour: Map<string, string>;
  /** node → centrality as a share of the largest value */
  centralityShare: Map<string, number>;
  sizeByCentrality: boolean;
  selected: string | null;
  pinned: Set<string>;
  path: { nodes: Set<string>; edges: Set<string> } | null;
  /** the disruption plan's nodes */
  removed: Set<string>;
  /** ties and dimmed items, for a light or a dark canvas */
  greys: Greys;
}

export function emptyView(): ViewState {
  return {
    visible: new Set(), month: null, timelineMode: 'cumulative', timeHidden: new Set(), colourBy: 'schema',
    communityColour: new Map(), centralityShare: new Map(), sizeByCentrality: false, selected: null,
    pinned: new Set(), path: null, removed: new Set(), greys: LIGHT_GREYS,
  };
}

/** The subset of sigma's display data the reducers set (sigma's own type, kept loose here). */
export interface NodeStyle extends NodeAttributes {
  hidden?: boolean;
  highlighted?: boolean;
  forceLabel?: boolean;
  zIndex?: number;
  label: string;
}

export interface EdgeStyle extends EdgeAttributes {
  hidden?: boolean;
  zIndex?: number;
  /** sigma edge program: 'rect' (antialiased, any width) or 'line' (1 pixel, cheap) */
  type?: string;
}

export function styleNode(view: ViewState, id: string, data: NodeStyle): NodeStyle {
  if (!view.visible.has(id) || view.timeHidden.has(id)) {
    data.hidden = true;
    return data;
  }
  if (view.colourBy === 'community') data.color = view.communityColour.get(id) ?? OTHER_COLOUR;
  else if (view.colourBy === 'centrality') data.color = rampColour(view.centralityShare.get(id) ?? 0);
  if (view.sizeByCentrality) data.size = shareSize(view.centralityShare.get(id) ?? 0);
  if (view.path) {
    if (view.path.nodes.has(id)) {
      data.color = MARK.path;
      data.forceLabel = true;
      data.zIndex = 1;
    } else {
      data.color = view.greys.dimNode;
      data.label = '';
    }
  }
  if (view.removed.has(id)) {
    data.color = MARK.removed;
    data.forceLabel = true;
    data.label = `✕ ${data.label}`;
    data.zIndex = 2;
  }
  // no zIndex: sigma draws highlighted nodes on a layer of their own, and leaving the order alone
  // lets a selection restyle two nodes instead of re-indexing the graph
  if (id === view.selected) {
    data.highlighted = true;
    data.forceLabel = true;
  }
  return data;
}

export function styleEdge(view: ViewState, graph: ExplorerGraph, id: string, data: EdgeStyle): EdgeStyle {
  if (view.month !== null && !tieShownAt(data.startMonth, data.endMonth, view.month, view.timelineMode)) {
    data.hidden = true;
    return data;
  }
  data.color = view.greys.edge;
  if (view.path) {
    if (view.path.edges.has(id)) {
      data.color = MARK.path;
      data.size = 3;
      data.type = 'rect';
      data.zIndex = 1;
    } else {
      data.color = view.greys.dimEdge;
    }
  }
  // the plan's ties fade: what is left is the network after the arrests
  if (view.removed.size > 0 && (view.removed.has(graph.source(id)) || view.removed.has(graph.target(id)))) data.color = view.greys.dimEdge;
  return data;
}

/**
 * Nodes to hide at `month`: those with ties, none of which shows then. One pass over the edges.
 * Undated ties always show, so a node with one is never hidden.
 */
export function nodesHiddenAt(graph: ExplorerGraph, month: number | null, mode: TimelineMode): Set<string> {
  const hidden = new Set<string>();
  if (month === null) return hidden;
  const shown = new Set<string>();
  graph.forEachEdge((_edge, attrs, source, target) => {
    if (tieShownAt(attrs.startMonth, attrs.endMonth, month, mode)) {
      shown.add(source);
      shown.add(target);
    }
  });
  graph.forEachNode((node, attrs) => {
    if (attrs.degree > 0 && !shown.has(node)) hidden.add(node);
  });
  return hidden;
}

/**
 * The nodes and ties of some paths, for highlighting: the edge ids the result names plus any
 * parallel tie between two consecutive nodes (the result names only the first). Ids the loaded
 * graph does not hold are skipped.
 */
export function pathHighlight(graph: ExplorerGraph, paths: readonly NetworkPath[]): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const path of paths) {
    for (const id of path.nodes) if (graph.hasNode(id)) nodes.add(id);
    for (const id of path.edges) if (graph.hasEdge(id)) edges.add(id);
    for (let i = 0; i + 1 < path.nodes.length; i++) {
      const a = path.nodes[i]!;
      const b = path.nodes[i + 1]!;
      if (graph.hasNode(a) && graph.hasNode(b)) for (const e of graph.edges(a, b)) edges.add(e);
    }
  }
  return { nodes, edges };
}

/** Centrality values as shares of the largest (0 when all are 0 or negative). */
export function sharesOf(values: readonly { id: string; value: number }[]): Map<string, number> {
  let max = 0;
  for (const v of values) if (Number.isFinite(v.value) && v.value > max) max = v.value;
  const out = new Map<string, number>();
  for (const v of values) out.set(v.id, max > 0 && Number.isFinite(v.value) ? Math.max(0, v.value) / max : 0);
  return out;
}
