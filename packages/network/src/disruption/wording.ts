/** Small phrases every part of a disruption plan's explanation uses, so they read the same. */
import { describeSelectors, formatCount } from '../rank-nodes.ts';
import type { IndexedNetwork } from '../types.ts';
import type { DisruptionRequest } from './plan-context.ts';

export const f2 = (x: number): string => x.toFixed(2);

export const caption = (net: IndexedNetwork, v: number): string => net.network.nodes[v]!.caption;

export const nodesWord = (x: number): string => `${formatCount(x)} ${x === 1 ? 'node' : 'nodes'}`;

export const swapsWord = (x: number): string => `${formatCount(x)} ${x === 1 ? 'swap' : 'swaps'}`;

/** "recruiter nodes to buyer nodes" */
export function routeWords(net: IndexedNetwork, request: DisruptionRequest): string {
  return `${describeSelectors(net, request.sources ?? [])} to ${describeSelectors(net, request.targets ?? [])}`;
}

/**
 * Two measures written with as few decimals (2 to 12) as tell them apart, so "0.7263 against
 * 0.7266" is not printed as "0.73 against 0.73". Beyond 12 decimals the planner calls them equal.
 */
export function distinct(a: number, b: number): [string, string] {
  for (let d = 2; d < 12; d++) {
    const x = a.toFixed(d);
    const y = b.toFixed(d);
    if (x !== y) return [x, y];
  }
  return [a.toFixed(2), b.toFixed(2)];
}
