/**
 * The fragmentation search: greedy, then swaps (Borgatti's KPP-Neg). `removalEffects` scores every
 * node's removal exactly in one DFS, so each greedy step and each swap looks at ALL nodes; the
 * search's F is the reported F.
 */
import { degreeOf, type CompactGraph } from '../compact-graph.ts';
import { formatCount } from '../rank-nodes.ts';
import type { NetworkShape } from '../types.ts';
import { MAX_SWAP_PASSES, maskWith, progressUnits, searchCandidates, type ObjectivePlanner, type PlanContext, type Step } from './plan-context.ts';
import { effectsWorkspace, removalEffects, type EffectsWorkspace, type RemovalEffects } from './removal-effects.ts';
import { componentSizes, fragmentationOf, sumPairs } from './shape.ts';
import { caption, f2, nodesWord } from './wording.ts';

export const fragmentationPlanner: ObjectivePlanner = {
  search(ctx) {
    const ws = effectsWorkspace(ctx.g.n, false);
    const greedy = greedyOrder(ctx, ws, undefined, progressUnits.greedy(0)).map((s) => s.node);
    if (!ctx.localSearch) return { method: 'greedy', candidates: [{ nodes: greedy, origin: 'greedy', note: '' }], note: '' };
    const seed = ctx.startFrom(greedy);
    return { method: 'greedy+local-search', candidates: searchCandidates(greedy, seed, localSearch(ctx, ws, seed.nodes), ''), note: '' };
  },

  explain(ctx, nodes, _after: NetworkShape) {
    return explainOrder(ctx, greedyOrder(ctx, effectsWorkspace(ctx.g.n, false), maskWith(ctx.g.n, nodes), progressUnits.explain(ctx.k, 0)));
  },
};

/** The node whose removal leaves the fewest connected pairs; ties: more ties, then the lower number. */
function bestRemoval(g: CompactGraph, removed: Uint8Array, eff: RemovalEffects, allowed?: Uint8Array): number {
  let best = -1;
  for (let v = 0; v < g.n; v++) {
    if (removed[v] || (allowed && !allowed[v])) continue;
    if (best < 0 || eff.pairsAfter[v]! < eff.pairsAfter[best]! || (eff.pairsAfter[v] === eff.pairsAfter[best] && degreeOf(g, v) > degreeOf(g, best))) best = v;
  }
  return best;
}

/**
 * Swaps a chosen node for the best outside one while that leaves fewer connected pairs (with k
 * removed, fewer pairs is a higher F). Each freed node's best replacement among ALL nodes costs one pass.
 */
function localSearch(ctx: PlanContext, ws: EffectsWorkspace, start: readonly number[]): { nodes: number[]; swaps: number } {
  const { g, k, tick } = ctx;
  const chosen = [...start];
  const removed = maskWith(g.n, chosen);
  let swaps = 0;
  for (let pass = 0, improved = true; improved && pass < MAX_SWAP_PASSES; pass++) {
    improved = false;
    tick(progressUnits.swap(k, pass));
    for (let j = 0; j < chosen.length; j++) {
      const u = chosen[j]!;
      removed[u] = 0;
      const eff = removalEffects(g, removed, ws);
      const w = bestRemoval(g, removed, eff);
      if (w !== u && eff.pairsAfter[w]! < eff.pairsAfter[u]!) { chosen[j] = w; swaps++; improved = true; removed[w] = 1; } else removed[u] = 1;
    }
  }
  return { nodes: chosen, swaps };
}

interface GreedyStep { node: number; before: number; after: number; cutOff: number; parts: number; group: number }

/** k greedy steps, over `allowed` nodes only when given (to put a chosen set in its best order). */
function greedyOrder(ctx: PlanContext, ws: EffectsWorkspace, allowed: Uint8Array | undefined, progress: number): GreedyStep[] {
  const { g, k, tick } = ctx;
  const removed = new Uint8Array(g.n);
  const steps: GreedyStep[] = [];
  let remaining = g.n;
  for (let step = 0; step < k; step++) {
    tick(progress + step);
    const eff = removalEffects(g, removed, ws);
    const v = bestRemoval(g, removed, eff, allowed);
    if (v < 0) break;
    const before = fragmentationOf(eff.pairs, remaining, step > 0);
    removed[v] = 1;
    remaining--;
    steps.push({ node: v, before, after: fragmentationOf(eff.pairsAfter[v]!, remaining, true), cutOff: eff.cutOff[v]!, parts: eff.parts[v]!, group: eff.group[v]! });
  }
  return steps;
}

/** What each step does, and for a node that splits nothing itself, what the whole plan would lose without it. */
function explainOrder(ctx: PlanContext, steps: readonly GreedyStep[]): Step[] {
  const { g, net } = ctx;
  const removed = maskWith(g.n, steps.map((s) => s.node));
  const remaining = g.n - steps.length;
  const whole = steps.length ? steps[steps.length - 1]!.after : 0;
  return steps.map((s) => {
    const name = caption(net, s.node);
    const change = `fragmentation ${f2(s.before)} → ${f2(s.after)}`;
    let explanation: string;
    if (s.cutOff > 0) explanation = `removing ${name} cuts ${nodesWord(s.cutOff)} off from the rest of its group of ${formatCount(s.group)}, which falls into ${formatCount(s.parts)} parts; ${change}`;
    else if (s.group === 1) explanation = `${name} is already isolated; removing it changes little (${change})`;
    else {
      removed[s.node] = 0;
      const without = fragmentationOf(sumPairs(componentSizes(g, removed)), remaining + 1, true);
      removed[s.node] = 1;
      explanation = whole - without >= 0.005
        ? `removing ${name} splits no group on its own (${change}), but without it the plan would reach ${f2(without)} instead of ${f2(whole)}`
        : `removing ${name} splits no group on its own (its group of ${formatCount(s.group)} stays connected); at this step no removal takes more pairs out of reach, and among the equals it has the most ties (${formatCount(degreeOf(g, s.node))})`;
    }
    return { node: s.node, value: s.after - s.before, explanation };
  });
}
