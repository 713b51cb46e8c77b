/**
 * The plan's explanation: what removing the chosen set does to the network, how that compares
 * with removing the top-k by degree, and — when the top-k by degree is itself the plan — that it
 * is, in plain words, with what the search's own best set reached instead.
 */
import { formatCount } from '../rank-nodes.ts';
import type { DisruptionObjective, NetworkShape } from '../types.ts';
import { differs, measuresOf, type Finalist } from './choose-plan.ts';
import type { PlanContext } from './plan-context.ts';
import { distanceMethod } from './shape.ts';
import { distinct, f2, nodesWord, routeWords } from './wording.ts';

export interface PlanStory {
  readonly objective: DisruptionObjective;
  readonly before: NetworkShape;
  /** the set that became the plan */
  readonly plan: Finalist;
  readonly baseline: Finalist;
  /** the plan is the top-k by degree (it won or tied) */
  readonly baselineKept: boolean;
  /** when the baseline was kept: the best different set the search found, if any */
  readonly runnerUp: Finalist | null;
  /** said instead of the before/after sentence */
  readonly headline?: string | undefined;
  /** what the search did, in the order said */
  readonly notes: readonly string[];
}

export function planExplanation(ctx: PlanContext, story: PlanStory): string {
  const { objective, baseline, baselineKept } = story;
  const parts: string[] = [story.headline ?? effect(ctx, story, baselineKept ? null : baseline)];
  // an exact cut's headline says what the plan does; the baseline still gets its sentence
  if (story.headline && objective === 'cut' && !baselineKept && baseline.nodes.length > 0 && (story.before.flow ?? 0) > 0) {
    parts.push(`${capitalise(versusBaseline(objective, story.plan, baseline))}.`);
  }
  // taking every node is no choice: nothing to say about which set was best
  if (baselineKept && baseline.nodes.length > 0 && baseline.nodes.length < ctx.g.n) parts.push(verdict(objective, baseline, story.runnerUp));
  parts.push(...story.notes);
  return parts.filter((p) => p !== '').join(' ');
}

/** What removing the plan's set does; with `baseline`, what removing the top-k by degree does instead. */
function effect(ctx: PlanContext, story: PlanStory, baseline: Finalist | null): string {
  const { objective, before, plan } = story;
  const after = plan.shape;
  const chosen = plan.nodes.length;
  const these = chosen === 1 ? 'this node' : `these ${formatCount(chosen)}`;
  const versus = baseline ? versusBaseline(objective, plan, baseline) : '';
  if (objective === 'cut') {
    const routes = routeWords(ctx.net, ctx.request);
    const lead = `Removing ${these} cuts the independent routes from ${routes} from ${formatCount(before.flow ?? 0)} to ${formatCount(after.flow ?? 0)}`;
    return versus ? `${lead}; ${versus}.` : `${lead}.`;
  }
  const largest = `largest group ${formatCount(before.largestComponent)} → ${nodesWord(after.largestComponent)}, ${formatCount(before.components)} → ${formatCount(after.components)} groups`;
  const [mine] = baseline ? distinct(measuresOf(objective, plan)[0], measuresOf(objective, baseline)[0]) : [f2(measuresOf(objective, plan)[0])];
  if (objective === 'fragmentation') {
    if (after.components <= before.components && chosen > 0 && before.nodes > 1) {
      const lead = `No set of ${nodesWord(chosen)} found splits this network: every group stays connected (fragmentation ${f2(before.fragmentation)} → ${f2(after.fragmentation)}; largest group ${formatCount(before.largestComponent)} → ${nodesWord(after.largestComponent)}).`;
      return versus ? `${lead} ${capitalise(versus)}.` : lead;
    }
    const lead = `Removing ${these} raises fragmentation from ${f2(before.fragmentation)} to ${mine} (${largest})`;
    return versus ? `${lead}; ${versus}.` : `${lead}.`;
  }
  const lead = `Removing ${these} raises distance-weighted fragmentation from ${f2(before.distanceFragmentation)} to ${mine} (${distanceMethod(before.nodes, ctx.distanceSamples)}; ${largest})`;
  return versus ? `${lead}; ${versus}.` : `${lead}.`;
}

/**
 * "removing the 5 best-connected instead reaches 0.53", or, when the plan won only on the
 * tie-breaker (the other measure, fewer source–target pairs, fewer nodes), what that was.
 */
function versusBaseline(objective: DisruptionObjective, plan: Finalist, baseline: Finalist): string {
  const best = `removing ${bestConnected(objective, baseline.nodes.length)}`;
  const [p1, p2] = measuresOf(objective, plan);
  const [b1, b2] = measuresOf(objective, baseline);
  const cut = objective === 'cut';
  const name = objective === 'fragmentation' ? 'fragmentation' : 'distance-weighted fragmentation';
  const other = objective === 'fragmentation' ? 'distance-weighted fragmentation' : 'fragmentation';
  if (differs(p1, b1)) {
    if (cut) return `${best} instead leaves ${routesWord(baseline.shape.flow ?? 0)}`;
    return `${best} instead reaches ${distinct(p1, b1)[1]}`;
  }
  if (differs(p2, b2)) {
    if (cut) return `${best} also leaves ${routesWord(baseline.shape.flow ?? 0)}, but ${formatCount(baseline.rolePairs)} source–target pairs connected against ${formatCount(plan.rolePairs)}`;
    const [mine, theirs] = distinct(p2, b2);
    return `${best} reaches the same ${name} (${f2(b1)}) but a ${other} of ${theirs} against ${mine}`;
  }
  return `${best} does as well${cut ? ` (${routesWord(baseline.shape.flow ?? 0)} left)` : ''} with ${nodesWord(baseline.nodes.length)} instead of ${formatCount(plan.nodes.length)}`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "the 5 best-connected", "the best-connected intermediary" */
function bestConnected(objective: DisruptionObjective, count: number): string {
  if (objective === 'cut') return count === 1 ? 'the best-connected intermediary' : `the ${formatCount(count)} best-connected intermediaries`;
  return count === 1 ? 'the best-connected node' : `the ${formatCount(count)} best-connected`;
}

const routesWord = (x: number): string => `${formatCount(x)} ${x === 1 ? 'route' : 'routes'}`;

/** "The top-5 by degree is already the best set found", and what the search's own best reached. */
function verdict(objective: DisruptionObjective, baseline: Finalist, runnerUp: Finalist | null): string {
  const count = baseline.nodes.length;
  const cut = objective === 'cut';
  const top = count === 1
    ? `The best-connected ${cut ? 'intermediary' : 'node'} is already the best choice found`
    : `The top-${formatCount(count)} ${cut ? 'intermediaries ' : ''}by degree ${cut ? 'are' : 'is'} already the best set found`;
  if (!runnerUp) return `${top}.`;
  const [b1, b2] = measuresOf(objective, baseline);
  const [r1, r2] = measuresOf(objective, runnerUp);
  const own = 'the best other set found';
  if (differs(r1, b1)) {
    if (cut) return `${top}: ${own} leaves ${routesWord(runnerUp.shape.flow ?? 0)} against ${formatCount(baseline.shape.flow ?? 0)}.`;
    const [x, y] = distinct(r1, b1);
    return `${top}: ${own} reaches a ${objective === 'fragmentation' ? 'fragmentation' : 'distance-weighted fragmentation'} of ${x} against ${y}.`;
  }
  if (differs(r2, b2)) {
    if (cut) return `${top}: ${own} leaves as many routes (${formatCount(baseline.shape.flow ?? 0)}) but ${formatCount(runnerUp.rolePairs)} source–target pairs connected against ${formatCount(baseline.rolePairs)}.`;
    const [x, y] = distinct(r2, b2);
    return objective === 'fragmentation'
      ? `${top}: ${own} reaches the same fragmentation (${f2(b1)}) but a distance-weighted fragmentation of ${x} against ${y}.`
      : `${top}: ${own} reaches the same distance-weighted fragmentation (${f2(b1)}) but a fragmentation of ${x} against ${y}.`;
  }
  return `${top}: ${own} does no better.`;
}
