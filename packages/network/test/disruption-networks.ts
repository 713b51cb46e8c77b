/**
 * Small synthetic networks for the disruption planner's tests: "Person i" nodes numbered 0..n-1,
 * built from "a-b" pairs or from edge arrays (generators.ts), with role tags by node number.
 */
import { compactGraph } from '../src/compact-graph.ts';
import type { IndexedNetwork } from '../src/types.ts';

/** A network of "Person i" nodes from "a-b" pairs; `roles` tags nodes by number. */
export function network(n: number, edges: string, roles: Record<number, string[]> = {}): IndexedNetwork {
  const pairs = edges.trim().split(/\s+/).filter(Boolean).map((e) => e.split('-').map(Number) as [number, number]);
  return networkOf(n, pairs.map((p) => p[0]), pairs.map((p) => p[1]), roles);
}

export function networkOf(n: number, sources: ArrayLike<number>, targets: ArrayLike<number>, roles: Record<number, string[]> = {}): IndexedNetwork {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `person-${i}`, schema: 'Person', caption: `Person ${i}`, roles: roles[i] ?? [], caseId: null }));
  return {
    network: { nodes, edges: [], stats: { entities: n, relations: sources.length, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } },
    graph: compactGraph(n, sources, targets),
    index: new Map(nodes.map((node, i) => [node.id, i])),
  };
}

/** "a-b" pairs of a clique over base..base+size-1 */
export function cliqueEdges(base: number, size = 5): string {
  const out: string[] = [];
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) out.push(`${base + i}-${base + j}`);
  return out.join(' ');
}

export const ids = (nodes: readonly { id: string }[]): string[] => nodes.map((x) => x.id);
export const sortedIds = (nodes: readonly { id: string }[]): string[] => ids(nodes).sort();
/** node numbers of `person-i` ids */
export const nodeNumbers = (nodes: readonly { id: string }[]): number[] => nodes.map((x) => Number(x.id.slice('person-'.length)));
