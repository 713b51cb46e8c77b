/**
 * The one graphology graph the explorer draws, built once per loaded network. Filters, colours,
 * highlights and the timeline never rebuild it: sigma's reducers read them at draw time. Node and
 * edge attributes hold only what drawing and layout need; the full records stay in `nodes` and
 * `edges` for the side panel. Pure (no DOM): node tests run it.
 *
 * Ties to a node the payload does not hold (a truncated network) and self-loops are dropped and
 * counted; a repeated edge id keeps its first record.
 */
import { MultiUndirectedGraph } from 'graphology';
import type { NetworkEdge, NetworkNode, NetworkPayload } from '../../api/network-types.ts';
import { degreeSize, LIGHT_GREYS, schemaColour } from './palette.ts';
import { monthOf } from './time-window.ts';

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  label: string;
  color: string;
  /** ties, parallel ones counted (what the node panel shows) */
  degree: number;
  /** read by the ForceAtlas2 worker: a pinned node does not move */
  fixed?: boolean;
}

export interface EdgeAttributes {
  size: number;
  color: string;
  startMonth: number;
  endMonth: number;
}

export type ExplorerGraph = MultiUndirectedGraph<NodeAttributes, EdgeAttributes>;

export interface BuiltNetwork {
  readonly graph: ExplorerGraph;
  readonly nodes: ReadonlyMap<string, NetworkNode>;
  readonly edges: ReadonlyMap<string, NetworkEdge>;
  readonly dropped: { readonly unknownEndpoints: number; readonly selfLoops: number; readonly duplicateIds: number };
}

/** mulberry32: the same start positions on every load, so a layout is reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildNetworkGraph(payload: Pick<NetworkPayload, 'nodes' | 'edges'>, seed = 2331): BuiltNetwork {
  const graph: ExplorerGraph = new MultiUndirectedGraph<NodeAttributes, EdgeAttributes>();
  const nodes = new Map<string, NetworkNode>();
  const edges = new Map<string, NetworkEdge>();
  const random = seededRandom(seed);
  // spread the start positions over an area that grows with the graph, as ForceAtlas2 expects
  const spread = 10 * Math.sqrt(Math.max(1, payload.nodes.length));
  let duplicateIds = 0;
  for (const node of payload.nodes) {
    if (nodes.has(node.id)) {
      duplicateIds++;
      continue;
    }
    nodes.set(node.id, node);
    graph.addNode(node.id, {
      x: (random() - 0.5) * spread, y: (random() - 0.5) * spread, size: 1, label: node.caption, color: schemaColour(node.schema), degree: 0,
    });
  }
  let unknownEndpoints = 0;
  let selfLoops = 0;
  for (const edge of payload.edges) {
    if (edges.has(edge.id)) {
      duplicateIds++;
      continue;
    }
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) {
      unknownEndpoints++;
      continue;
    }
    if (edge.source === edge.target) {
      selfLoops++;
      continue;
    }
    edges.set(edge.id, edge);
    graph.addEdgeWithKey(edge.id, edge.source, edge.target, {
      size: edge.weight > 1 ? Math.min(4, 1 + 0.5 * Math.log2(edge.weight)) : 1,
      color: LIGHT_GREYS.edge,
      startMonth: monthOf(edge.start, 'start'),
      endMonth: monthOf(edge.end, 'end'),
    });
  }
  graph.updateEachNodeAttributes((id, attrs) => {
    const degree = graph.degree(id);
    attrs.degree = degree;
    attrs.size = degreeSize(degree);
    return attrs;
  });
  return { graph, nodes, edges, dropped: { unknownEndpoints, selfLoops, duplicateIds } };
}

/** Above this many nodes the view starts with the best connected ones only. */
export const SHOW_ALL_UP_TO = 2000;
export const INITIAL_TOP = 500;

/** Nodes sorted by degree, highest first (ties by id, so the order is stable). */
export function byDegree(graph: ExplorerGraph, ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => graph.getNodeAttribute(b, 'degree') - graph.getNodeAttribute(a, 'degree') || (a < b ? -1 : a > b ? 1 : 0));
}

/** What the view starts with: the whole graph up to SHOW_ALL_UP_TO nodes, else the INITIAL_TOP by degree. */
export function initialVisible(graph: ExplorerGraph, showAllUpTo = SHOW_ALL_UP_TO, top = INITIAL_TOP): Set<string> {
  if (graph.order <= showAllUpTo) return new Set(graph.nodes());
  return new Set(byDegree(graph, graph.nodes()).slice(0, top));
}

/**
 * Neighbours of `node` not yet shown, best connected first, at most `limit` of them (a shared
 * call-centre number may have tens of thousands; each click adds the next batch).
 */
export function hiddenNeighbours(graph: ExplorerGraph, visible: ReadonlySet<string>, node: string, limit = 500): { add: string[]; remaining: number } {
  if (!graph.hasNode(node)) return { add: [], remaining: 0 };
  const hidden = new Set<string>();
  graph.forEachNeighbor(node, (neighbour) => {
    if (!visible.has(neighbour)) hidden.add(neighbour);
  });
  const sorted = byDegree(graph, hidden);
  return { add: sorted.slice(0, limit), remaining: Math.max(0, sorted.length - limit) };
}
