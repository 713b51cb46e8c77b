/**
 * Joins an `EntityNetwork` (what investigators see) to the CSR graph the analyses walk: node i of
 * the graph is `network.nodes[i]`, and every edge, whatever its type or direction, is one
 * undirected tie weighted by the number of records behind it (compactGraph then merges ties of
 * different types between the same two nodes, adding their weights).
 */
import { AriadneError } from '@ariadne/schema';
import { compactGraph } from './compact-graph.ts';
import type { EntityNetwork, IndexedNetwork } from './types.ts';

/**
 * @throws AriadneError VALIDATION_FAILED when two nodes share an id or an edge names an unknown node
 *   (a network from `buildNetwork` has neither; one sent by a client may)
 * @example const { graph, index } = indexNetwork(network); graph.n === network.nodes.length
 */
export function indexNetwork(network: EntityNetwork): IndexedNetwork {
  const { nodes, edges } = network;
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const id = nodes[i]!.id;
    if (index.has(id)) throw new AriadneError('VALIDATION_FAILED', `Two nodes have the id ${JSON.stringify(id)}.`, { details: { nodes: 'node ids must be unique' } });
    index.set(id, i);
  }
  const sources = new Int32Array(edges.length);
  const targets = new Int32Array(edges.length);
  const weights = new Float64Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    if (s === undefined || t === undefined) {
      throw new AriadneError('VALIDATION_FAILED', `Edge ${JSON.stringify(edge.id)} names a node that is not in the network.`, { details: { edges: 'every edge end must be a node' } });
    }
    sources[e] = s;
    targets[e] = t;
    // a hand-made network may leave weight out or send nonsense: count it as one record
    weights[e] = Number.isFinite(edge.weight) && edge.weight > 0 ? edge.weight : 1;
  }
  return { network, graph: compactGraph(nodes.length, sources, targets, weights), index };
}
