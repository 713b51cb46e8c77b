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
