/**
 * An IndexedNetwork straight from a generated edge list, for the disruption planner: synthetic
 * nodes ("Person 17") with role tags, one undirected associate tie per edge, no store involved.
 */
import type { CompactGraph } from '../../packages/network/src/compact-graph.ts';
import type { GeneratedGraph } from '../../packages/network/src/generators.ts';
import type { IndexedNetwork, NetworkEdge, NetworkNode } from '../../packages/network/src/types.ts';
import { seededRandom } from '../../packages/network/src/seeded-random.ts';

export const SOURCE_ROLE = 'recruiter';
export const TARGET_ROLE = 'buyer';


/**
 * Tags `perRole` nodes as recruiters and as many others as buyers. With `block` (a block model),
 * recruiters come from the first block and buyers from the second, the "cut the flow between two
 * groups" case; otherwise both are drawn from the whole graph.
 */
export function indexedNetwork(generated: GeneratedGraph, graph: CompactGraph, roles: { seed: number; perRole: number; block?: Int32Array }): IndexedNetwork {
  const { seed, perRole, block } = roles;
  const random = seededRandom(seed);
  const role = new Uint8Array(generated.n);
  const pick = (tag: number, inBlock: number | null) => {
    const pool: number[] = [];
    for (let v = 0; v < generated.n; v++) if (!role[v] && (inBlock === null || block?.[v] === inBlock)) pool.push(v);
    for (let i = 0; i < perRole && pool.length > 0; i++) {
      const j = Math.floor(random() * pool.length);
      role[pool[j]!] = tag;
      pool[j] = pool[pool.length - 1]!;
      pool.pop();
    }
  };
  // a graph too small for two blocks draws both roles from everywhere
  const twoBlocks = !!block && block.some((b) => b === 1);
  pick(1, twoBlocks ? 0 : null);
  pick(2, twoBlocks ? 1 : null);
  const nodes: NetworkNode[] = Array.from({ length: generated.n }, (_, v) => ({
    id: `node:${v}`,
    schema: 'Person',
    caption: `Person ${v}`,
    roles: role[v] === 1 ? ['schema:Person', SOURCE_ROLE] : role[v] === 2 ? ['schema:Person', TARGET_ROLE] : ['schema:Person'],
    caseId: 'bench',
  }));
  const edges: NetworkEdge[] = Array.from({ length: generated.sources.length }, (_, e) => ({
    id: `edge:${e}`,
    source: `node:${generated.sources[e]}`,
    target: `node:${generated.targets[e]}`,
    type: 'UnknownLink',
    kind: 'associate',
    label: 'associate',
    directed: false,
    start: null,
    end: null,
    sources: ['bench'],
    weight: 1,
  }));
  const stats = { entities: generated.n, relations: edges.length, sharedIdentifiers: 0, selfLoops: graph.selfLoops, danglingReferences: 0, filteredOut: 0 };
  return { network: { nodes, edges, stats }, graph, index: new Map(nodes.map((node, v) => [node.id, v])) };
}
