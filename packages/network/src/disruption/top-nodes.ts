/**
 * Picking the best-valued nodes, and the naive plan every disruption plan is compared with: the
 * top-k by degree.
 */
import { degreeOf, type CompactGraph } from '../compact-graph.ts';
import type { RoleNodes } from './shape.ts';

/** The `count` nodes with the highest value (value descending, node number ascending), skipping `skip`. */
export function topNodes(values: ArrayLike<number>, count: number, skip: (v: number) => boolean): number[] {
  const top: number[] = [];
  if (count <= 0) return top;
  for (let v = 0; v < values.length; v++) {
    if (skip(v)) continue;
    const x = values[v]!;
    if (top.length === count && x <= values[top[count - 1]!]!) continue;
    let i = top.length === count ? count - 1 : top.length;
    if (top.length < count) top.push(v);
    while (i > 0 && values[top[i - 1]!]! < x) { top[i] = top[i - 1]!; i--; }
    top[i] = v;
  }
  return top;
}

/**
 * The baseline: highest degree first, lower node number on a tie. For the cut it leaves out the
 * roles' own nodes (sources and targets), since the plan may take them only when a direct tie
 * forces it: the baseline's "intermediaries".
 */
export function topByDegree(g: CompactGraph, k: number, roles?: RoleNodes): number[] {
  const skip = new Uint8Array(g.n);
  if (roles) {
    for (let i = 0; i < roles.sources.length; i++) skip[roles.sources[i]!] = 1;
    for (let i = 0; i < roles.targets.length; i++) skip[roles.targets[i]!] = 1;
  }
  const degree = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) degree[v] = degreeOf(g, v);
  return topNodes(degree, k, (v) => skip[v] === 1);
}
