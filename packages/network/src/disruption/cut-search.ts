/**
 * The cut search: which removals lower the number of source → target routes that share no
 * intermediary (max-flow.ts). One max-flow and its residual graph per step say which nodes lower
 * the flow; ties go to the removal leaving the fewest source–target pairs connected. When a whole
 * minimum cut has at most k nodes, it is the plan (exact).
 */
import { degreeOf, type CompactGraph } from '../compact-graph.ts';
import { vertexFlow } from '../max-flow.ts';
import { describeSelectors, formatCount } from '../rank-nodes.ts';
import { throwIfCancelled } from '../run-options.ts';
import type { NetworkShape } from '../types.ts';
import { maskWith, progressUnits, sameSet, searchCandidates, type Candidate, type ObjectivePlanner, type PlanContext, type Step } from './plan-context.ts';
import { effectsWorkspace, removalEffects, type EffectsWorkspace, type RoleMarks } from './removal-effects.ts';
import type { RoleNodes } from './shape.ts';
import { caption, nodesWord, routeWords } from './wording.ts';

/** swap passes: each pass runs a max-flow per chosen node */
const MAX_CUT_SWAP_PASSES = 3;

/** What every step of the cut search shares. */
interface CutSearch extends RoleMarks {
  readonly g: CompactGraph;
  readonly roles: RoleNodes;
  readonly ws: EffectsWorkspace;
  readonly signal: AbortSignal | undefined;
}

interface CutChoice {
  readonly node: number;
  readonly flowBefore: number;
  readonly flowAfter: number;
  readonly rolePairsBefore: number;
  readonly rolePairsAfter: number;
}

/**
 * The best next removal for the cut: the largest drop in flow (an intermediary in some minimum cut
 * drops it by one; a source or target that must be cut is measured), then the fewest source–target
 * pairs left connected, then the most flow through it, then the most ties. Sources and targets
 * are candidates only when a direct tie forces them into the cut.
 */
function bestCutRemoval(cs: CutSearch, removed: Uint8Array, allowed: Uint8Array | null): CutChoice | null {
  const { g, roles, isSrc, isTgt, signal } = cs;
  throwIfCancelled(signal);
  const flow = vertexFlow(g, roles.sources, roles.targets, removed);
  const critical = flow.critical();
  const eff = removalEffects(g, removed, cs.ws, cs);
  let best: CutChoice | null = null;
  let bestLoad = -1;
  const consider = (v: number, flowAfter: number): void => {
    const pairs = eff.rolePairsAfter![v]!;
    const load = flow.load[v]!;
    if (best === null
      || flowAfter < best.flowAfter
      || (flowAfter === best.flowAfter && (pairs < best.rolePairsAfter
        || (pairs === best.rolePairsAfter && (load > bestLoad
          || (load === bestLoad && degreeOf(g, v) > degreeOf(g, best.node))))))) {
      best = { node: v, flowBefore: flow.flow, flowAfter, rolePairsBefore: eff.rolePairs, rolePairsAfter: pairs };
      bestLoad = load;
    }
  };
  for (let v = 0; v < g.n; v++) {
    if (removed[v] || isSrc[v] || isTgt[v] || (allowed && !allowed[v])) continue;
    consider(v, flow.flow - critical[v]!);
  }
  // Sources and targets: those the cut must hold, and (when ordering a set) those the set holds.
  // Removing v lowers the flow by at most its load (the rest of the flow stays feasible) and by at
  // least 1 if it is in the cut (a cut arc goes with it), so most need no flow of their own.
  const inCut = new Uint8Array(g.n);
  for (const v of flow.cut) inCut[v] = 1;
  const terminals: number[] = [];
  for (const v of flow.cut) if ((isSrc[v] || isTgt[v]) && (!allowed || allowed[v])) terminals.push(v);
  if (allowed) for (let v = 0; v < g.n; v++) if (allowed[v] && !removed[v] && (isSrc[v] || isTgt[v]) && !inCut[v]) terminals.push(v);
  terminals.sort((a, b) => flow.load[b]! - flow.load[a]! || a - b);
  for (const v of terminals) {
    const most = flow.load[v]!;
    const least = inCut[v] ? 1 : 0;
    if (most <= least) { consider(v, flow.flow - most); continue; }
    if (best !== null && flow.flow - (best as CutChoice).flowAfter > most) break;
    throwIfCancelled(signal);
    removed[v] = 1;
    consider(v, vertexFlow(g, roles.sources, roles.targets, removed).flow);
    removed[v] = 0;
  }
  return best;
}

function cutSearchOf(ctx: PlanContext): CutSearch {
  const { g } = ctx;
  const roles = ctx.roles!;
  const isSrc = new Uint8Array(g.n);
  const isTgt = new Uint8Array(g.n);
  for (let i = 0; i < roles.sources.length; i++) isSrc[roles.sources[i]!] = 1;
  for (let i = 0; i < roles.targets.length; i++) isTgt[roles.targets[i]!] = 1;
  return { g, roles, isSrc, isTgt, ws: effectsWorkspace(g.n, true), signal: ctx.opts.signal };
}

export const cutPlanner: ObjectivePlanner = {
  search(ctx) {
    const { g, k, tick, net, request } = ctx;
    const roles = ctx.roles!;
    const flow = vertexFlow(g, roles.sources, roles.targets);
    if (flow.flow === 0) {
      return { method: 'exact-cut', candidates: [{ nodes: [], origin: 'greedy', note: '', steps: [] }], note: '', headline: `No route runs from ${routeWords(net, request)}: there is nothing to cut.` };
    }
    const cs = cutSearchOf(ctx);
    if (flow.cut.length <= k) return exactCut(ctx, cs, flow);

    const removed = new Uint8Array(g.n);
    const greedy: CutChoice[] = [];
    for (let step = 0; step < k; step++) {
      tick(progressUnits.greedy(step));
      const choice = bestCutRemoval(cs, removed, null);
      if (!choice || choice.flowBefore === 0) break;
      greedy.push(choice);
      removed[choice.node] = 1;
      if (choice.flowAfter === 0) break;
    }
    const nodes = greedy.map((c) => c.node);
    if (!ctx.localSearch || greedy.length === 0) {
      return { method: 'greedy', candidates: [{ nodes, origin: 'greedy', note: '', steps: describeChoices(ctx, cs, greedy) }], note: '' };
    }
    const seed = ctx.startFrom(nodes);
    const searched = localSearch(ctx, cs, seed.nodes);
    // greedy's own choices already say what each of its removals cut
    const candidates = searchCandidates(nodes, seed, searched, 'intermediaries ')
      .map((c): Candidate => (c.origin === 'greedy' && sameSet(c.nodes, nodes) ? { ...c, steps: describeChoices(ctx, cs, greedy) } : c));
    return { method: 'greedy+local-search', candidates, note: '' };
  },

  /** The set in its best order (greedy over its own members), each with the routes it cuts. */
  explain(ctx, nodes, _after: NetworkShape) {
    const cs = cutSearchOf(ctx);
    const allowed = maskWith(ctx.g.n, nodes);
    const removed = new Uint8Array(ctx.g.n);
    const chosen: CutChoice[] = [];
    for (let step = 0; step < nodes.length; step++) {
      ctx.tick(progressUnits.explain(ctx.k, step));
      const choice = bestCutRemoval(cs, removed, allowed);
      if (!choice) break;
      chosen.push(choice);
      removed[choice.node] = 1;
      allowed[choice.node] = 0;
    }
    return describeChoices(ctx, cs, chosen);
  },
};

/** A whole minimum cut of at most k nodes: removing it leaves no route, and no smaller set does. */
function exactCut(ctx: PlanContext, cs: CutSearch, flow: ReturnType<typeof vertexFlow>): ReturnType<ObjectivePlanner['search']> {
  const { g, net, request } = ctx;
  const { isSrc, isTgt } = cs;
  const forced = [...flow.cut].filter((v) => isSrc[v] || isTgt[v]);
  const size = flow.cut.length;
  const steps = [...flow.cut]
    .sort((a, b) => flow.load[b]! - flow.load[a]! || degreeOf(g, b) - degreeOf(g, a) || a - b)
    .map((v) => ({
      node: v,
      value: flow.load[v]!,
      explanation: isSrc[v] && isTgt[v]
        ? `${caption(net, v)} is on both sides (source and target), so only removing it cuts it off`
        : isSrc[v] || isTgt[v]
          ? `${caption(net, v)} is tied directly to the other side, so only removing it (or its counterpart) cuts that tie; it carries ${formatCount(flow.load[v]!)} of the ${formatCount(flow.flow)} routes`
          : `${caption(net, v)} carries ${formatCount(flow.load[v]!)} of the ${formatCount(flow.flow)} independent routes; ${size === 1 ? 'removing it alone leaves no route' : `with the other ${nodesWord(size - 1)} of the cut removed, no route is left`}`,
    }));
  const headline = `A cut of ${nodesWord(size)} already separates ${describeSelectors(net, request.sources ?? [])} from ${describeSelectors(net, request.targets ?? [])}: no route is left between them.`;
  const note = forced.length ? `It includes ${forced.length === 1 ? 'a source or target' : `${forced.length} sources or targets`} tied directly to the other side.` : '';
  return { method: 'exact-cut', candidates: [{ nodes: steps.map((s) => s.node), origin: 'greedy', note, steps }], note: '', headline };
}

/**
 * Swaps a chosen node for the best removal among all nodes while the flow falls, or stays and
 * fewer source–target pairs stay connected.
 */
function localSearch(ctx: PlanContext, cs: CutSearch, start: readonly number[]): { nodes: number[]; swaps: number } {
  const { g, k, tick } = ctx;
  const nodes = [...start];
  const removed = maskWith(g.n, nodes);
  let current = { flow: vertexFlow(g, cs.roles.sources, cs.roles.targets, removed).flow, pairs: removalEffects(g, removed, cs.ws, cs).rolePairs };
  let swaps = 0;
  for (let pass = 0, improved = true; improved && pass < MAX_CUT_SWAP_PASSES; pass++) {
    improved = false;
    tick(progressUnits.swap(k, pass));
    for (let j = 0; j < nodes.length; j++) {
      const u = nodes[j]!;
      removed[u] = 0;
      const w = bestCutRemoval(cs, removed, null);
      if (w && w.node !== u && (w.flowAfter < current.flow || (w.flowAfter === current.flow && w.rolePairsAfter < current.pairs))) {
        nodes[j] = w.node;
        removed[w.node] = 1;
        current = { flow: w.flowAfter, pairs: w.rolePairsAfter };
        swaps++;
        improved = true;
      } else removed[u] = 1;
    }
  }
  return { nodes, swaps };
}

function describeChoices(ctx: PlanContext, cs: CutSearch, chosen: readonly CutChoice[]): Step[] {
  const { net, request } = ctx;
  const { isSrc, isTgt } = cs;
  const routes = routeWords(net, request);
  return chosen.map((c) => {
    const name = caption(net, c.node) + (isSrc[c.node] || isTgt[c.node] ? ` (itself ${isSrc[c.node] ? 'a source' : 'a target'}, tied directly to the other side)` : '');
    const cut = c.flowBefore - c.flowAfter;
    const pairs = `${formatCount(c.rolePairsAfter)} source–target pairs stay connected (was ${formatCount(c.rolePairsBefore)})`;
    return {
      node: c.node,
      value: cut,
      explanation: cut > 0
        ? `removing ${name} cuts ${formatCount(cut)} of the ${formatCount(c.flowBefore)} independent routes from ${routes}; ${pairs}`
        : `removing ${name} cuts no independent route by itself, but ${pairs}`,
    };
  });
}
