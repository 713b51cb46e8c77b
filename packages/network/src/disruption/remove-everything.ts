/** k at least the number of nodes: every set is the whole network, so there is nothing to search. */
import { degreeOf } from '../compact-graph.ts';
import { formatCount } from '../rank-nodes.ts';
import type { ObjectivePlanner, PlanContext, Step } from './plan-context.ts';
import { topNodes } from './top-nodes.ts';
import { nodesWord } from './wording.ts';

function everyNode(ctx: PlanContext): Step[] {
  const { g } = ctx;
  const order = topNodes(Float64Array.from({ length: g.n }, (_, v) => degreeOf(g, v)), g.n, () => false);
  return order.map((v) => ({ node: v, value: degreeOf(g, v), explanation: `one of all ${nodesWord(g.n)} of the network` }));
}

export const everythingPlanner: ObjectivePlanner = {
  search(ctx) {
    const { g, k } = ctx;
    const steps = everyNode(ctx);
    return {
      method: 'greedy',
      candidates: [{ nodes: steps.map((s) => s.node), origin: 'greedy', note: '', steps }],
      note: g.n === 0 ? '' : `The plan asks for ${formatCount(k)} nodes and the network has ${nodesWord(g.n)}: removing all of them leaves nothing connected.`,
      ...(g.n === 0 ? { headline: 'The network is empty: there is nothing to disrupt.' } : {}),
    };
  },
  explain: (ctx) => everyNode(ctx),
};
