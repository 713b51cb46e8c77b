/**
 * Which of the sets a plan found becomes the plan: the one best on the REPORTED shape (the same
 * numbers the plan shows for itself and for the baseline), so the plan can never be shown worse
 * than the top-k by degree it is compared with. The search's own scores (a 64-source estimate for
 * D_F) only nominate the finalists.
 */
import type { CompactGraph } from '../compact-graph.ts';
import type { DisruptionObjective, NetworkShape } from '../types.ts';
import { maskWith, type Candidate } from './plan-context.ts';
import { connectedRolePairs, networkShape, type RoleNodes, type ShapeOptions } from './shape.ts';

export interface Finalist {
  readonly nodes: readonly number[];
  /** the reported shape of the network without `nodes` */
  readonly shape: NetworkShape;
  /** source–target pairs still connected without `nodes` (the cut's tie-breaker; 0 for the other objectives) */
  readonly rolePairs: number;
  /** the search's candidate, or null for the baseline itself */
  readonly candidate: Candidate | null;
}

/** differences below this are rounding, not a better set */
const TIE = 1e-12;

/**
 * What the objective ranks sets by, higher is better: its own measure, then a tie-breaker that is
 * also reported (the other fragmentation; for the cut, fewer source–target pairs left connected).
 */
export function measuresOf(objective: DisruptionObjective, f: Pick<Finalist, 'shape' | 'rolePairs'>): [number, number] {
  switch (objective) {
    case 'fragmentation': return [f.shape.fragmentation, f.shape.distanceFragmentation];
    case 'distance-fragmentation': return [f.shape.distanceFragmentation, f.shape.fragmentation];
    case 'cut': return [-(f.shape.flow ?? 0), -f.rolePairs];
  }
}

/** Whether two reported measures differ by more than rounding. */
export const differs = (a: number, b: number): boolean => Math.abs(a - b) > TIE;

/** > 0 when `a` is the better plan, < 0 when `b` is, 0 on a tie; at equal measures fewer nodes is better. */
export function compareFinalists(objective: DisruptionObjective, a: Finalist, b: Finalist): number {
  const [a1, a2] = measuresOf(objective, a);
  const [b1, b2] = measuresOf(objective, b);
  if (differs(a1, b1)) return a1 - b1;
  if (differs(a2, b2)) return a2 - b2;
  return b.nodes.length - a.nodes.length;
}

/** The best finalist; on a tie the earlier one, so the planner lists the baseline first and keeps it when nothing beats it. */
export function bestFinalist(objective: DisruptionObjective, finalists: readonly Finalist[]): Finalist {
  if (finalists.length === 0) throw new RangeError('bestFinalist: no finalists');
  let best = finalists[0]!;
  for (const f of finalists.slice(1)) if (compareFinalists(objective, f, best) > 0) best = f;
  return best;
}

/**
 * Measures a set as the plan reports it (`networkShape` with the plan's options), each set once:
 * the planner measures the baseline and greedy's set before local search and again among the finalists.
 */
export function finalistMeasure(g: CompactGraph, objective: DisruptionObjective, roles: RoleNodes | undefined, opts: ShapeOptions): (nodes: readonly number[], candidate: Candidate | null) => Finalist {
  const measured = new Map<string, Omit<Finalist, 'nodes' | 'candidate'>>();
  return (nodes, candidate) => {
    const key = [...nodes].sort((a, b) => a - b).join(',');
    let m = measured.get(key);
    if (!m) {
      const removed = maskWith(g.n, nodes);
      m = { shape: networkShape(g, removed, roles, opts), rolePairs: objective === 'cut' && roles ? connectedRolePairs(g, removed, roles) : 0 };
      measured.set(key, m);
    }
    return { ...m, nodes, candidate };
  };
}
