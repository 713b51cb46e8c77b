/**
 * What the pieces of the disruption planner share: the request, the context one plan runs in,
 * the shape of a search's answer, and the plan's progress units.
 */
import type { CompactGraph } from '../compact-graph.ts';
import { formatCount } from '../rank-nodes.ts';
import type { RunOptions } from '../run-options.ts';
import type { DisruptionObjective, DisruptionPlan, IndexedNetwork, NetworkShape, RoleSelector } from '../types.ts';
import type { RoleNodes } from './shape.ts';
import { swapsWord } from './wording.ts';

export const MAX_DISRUPTION_K = 50;
/** local-search bound: full passes over the chosen nodes (a pass without a swap ends the search sooner) */
export const MAX_SWAP_PASSES = 10;

export interface DisruptionRequest {
  readonly k: number;
  readonly objective: DisruptionObjective;
  readonly sources?: readonly RoleSelector[];
  readonly targets?: readonly RoleSelector[];
  /** swap chosen nodes for better ones after the greedy pass (default true) */
  readonly localSearch?: boolean;
}

/** One chosen node, with what it adds to the plan and the sentence that says so. */
export interface Step {
  readonly node: number;
  readonly value: number;
  readonly explanation: string;
}

export interface PlanContext {
  readonly net: IndexedNetwork;
  readonly g: CompactGraph;
  readonly request: DisruptionRequest;
  readonly k: number;
  readonly localSearch: boolean;
  /** source and target nodes when the request names roles */
  readonly roles: RoleNodes | undefined;
  /** the top-k by degree (without the roles' own nodes for the cut): the baseline, and a seed of the search */
  readonly baseline: readonly number[];
  /** sources of the reported D_F estimate */
  readonly distanceSamples: number;
  readonly opts: RunOptions;
  readonly tick: (done: number) => void;
  /**
   * Where local search starts: greedy's set, or the baseline when that is better on the reported
   * measure. One local search, not one from each: the D_F search's swaps cost most of a plan.
   */
  readonly startFrom: (greedy: readonly number[]) => Seed;
}

/** A starting set for local search, and where it came from. */
export interface Seed {
  readonly nodes: readonly number[];
  readonly origin: 'greedy' | 'baseline';
}

/** A set the search found, to be measured as the plan reports it. */
export interface Candidate {
  readonly nodes: readonly number[];
  /** 'greedy': greedy (then local search when it ran); 'baseline': local search started from the top-k by degree */
  readonly origin: 'greedy' | 'baseline';
  /** what the search did to find it, said when it becomes the plan ('' for nothing to say) */
  readonly note: string;
  /** the set ordered and explained, when the search already has that */
  readonly steps?: readonly Step[];
}

export interface SearchResult {
  readonly method: DisruptionPlan['method'];
  readonly candidates: readonly Candidate[];
  /** how the search compared sets, said whichever set wins ('' for nothing to say) */
  readonly note: string;
  /** said instead of the before/after sentence (exact cut, nothing to cut, empty network) */
  readonly headline?: string;
}

/** One objective's search, and how it orders and explains a chosen set. */
export interface ObjectivePlanner {
  search(ctx: PlanContext): SearchResult;
  /** `nodes` best first, each with what it adds; `after` is the reported shape without them */
  explain(ctx: PlanContext, nodes: readonly number[], after: NetworkShape): Step[];
}

// Progress units of a plan: k greedy steps, up to MAX_SWAP_PASSES swap passes, one to measure the
// finalists, k to explain the result.
export const progressUnits = {
  greedy: (step: number): number => step,
  swap: (k: number, pass: number): number => k + Math.min(pass, MAX_SWAP_PASSES - 1),
  finalists: (k: number): number => k + MAX_SWAP_PASSES,
  explain: (k: number, step: number): number => k + MAX_SWAP_PASSES + 1 + step,
  total: (k: number): number => 2 * k + MAX_SWAP_PASSES + 1,
};

/**
 * The sets a search hands the planner: greedy's, and what local search made of its seed. The
 * notes say what happened should that set become the plan.
 */
export function searchCandidates(greedy: readonly number[], seed: Seed, searched: { readonly nodes: readonly number[]; readonly swaps: number }, what: string): Candidate[] {
  const top = `the top-${formatCount(seed.nodes.length)} ${what}by degree`;
  if (seed.origin === 'baseline') {
    return [
      // never the plan: the baseline it lost to is a finalist too
      { nodes: greedy, origin: 'greedy', note: '' },
      { nodes: searched.nodes, origin: 'baseline', note: `Local search started from ${top}, which measured better than the greedy choice, and ${searched.swaps ? `improved on it with ${swapsWord(searched.swaps)}` : 'found no better swap'}.` },
    ];
  }
  if (searched.swaps === 0) return [{ nodes: greedy, origin: 'greedy', note: 'Local search found no better swap than the greedy choice.' }];
  return [
    // local search keeps a swap only when it measures better, so this one loses; measured all the same
    { nodes: greedy, origin: 'greedy', note: '' },
    { nodes: searched.nodes, origin: 'greedy', note: `Local search improved on the greedy choice with ${swapsWord(searched.swaps)}.` },
  ];
}

/** A node mask with `nodes` set. */
export function maskWith(n: number, nodes: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const v of nodes) mask[v] = 1;
  return mask;
}

export function sameSet(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
}
