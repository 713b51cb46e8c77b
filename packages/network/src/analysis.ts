/**
 * One entry point for every analysis: the API, the CLI and the worker thread all call
 * `runAnalysis` with an `AnalysisRequest`, so an analysis means the same thing everywhere and a
 * new one is added in one place.
 */
import { AriadneError } from '@ariadne/schema';
import { centrality } from './centrality.ts';
import { communityReport } from './communities.ts';
import { planDisruption } from './disruption.ts';
import { egoNetwork, pathsReport } from './paths.ts';
import type { RunOptions } from './run-options.ts';
import { structureReport } from './structure.ts';
import { timeline } from './timeline.ts';
import type { AnalysisRequest, AnalysisResult, IndexedNetwork } from './types.ts';

export function runAnalysis(net: IndexedNetwork, request: AnalysisRequest, opts: RunOptions = {}): AnalysisResult {
  switch (request.kind) {
    case 'centrality':
      return { kind: 'centrality', result: centrality(net, request, opts) };
    case 'communities':
      return { kind: 'communities', result: communityReport(net, request, opts) };
    case 'structure':
      return { kind: 'structure', result: structureReport(net, { ...opts, ...(request.top === undefined ? {} : { top: request.top }) }) };
    case 'paths':
      return { kind: 'paths', result: pathsReport(net, request, opts) };
    case 'ego':
      return { kind: 'ego', result: egoNetwork(net, request.id, request.radius ?? 1, opts) };
    case 'disruption':
      return { kind: 'disruption', result: planDisruption(net, request, opts) };
    case 'timeline':
      return { kind: 'timeline', result: timeline(net.network, request, opts) };
    default:
      throw new AriadneError('VALIDATION_FAILED', `Unknown analysis "${(request as { kind: string }).kind}".`);
  }
}

/**
 * How much work an analysis is, in edge visits, to decide between answering at once and running
 * it as a job: betweenness and distance fragmentation walk the graph once per node.
 */
export function analysisCost(net: IndexedNetwork, request: AnalysisRequest): number {
  const { n, m } = net.graph;
  switch (request.kind) {
    case 'centrality':
      return request.measure === 'betweenness' ? (request.sample === undefined || request.sample === 'auto' ? (n <= 20_000 ? n : 1000) : request.sample) * (n + m) : 50 * (n + m);
    case 'disruption':
      return request.objective === 'distance-fragmentation' ? 256 * 50 * (n + m) : (request.k + 10) * (n + m);
    case 'timeline':
      return 40 * 20 * (n + m);
    default:
      return 20 * (n + m);
  }
}
