/**
 * @ariadne/network — network analysis of trafficking cases (issue 5): the graph built from the
 * store's entities (network-model, build-network, index-network), the analyses (centrality,
 * structure, paths, communities, timeline), the disruption planner, and exports for Gephi and
 * Cytoscape. Analyses run on `CompactGraph`, a CSR graph of typed arrays; `runAnalysis` is the one
 * entry point the API, the CLI and the worker thread share.
 */
export * from './types.ts';
export { compactGraph, components, degreeOf, inducedSubgraph, type CompactGraph } from './compact-graph.ts';
export { ticker, throwIfCancelled, type RunOptions } from './run-options.ts';
export { networkModelOf, type NetworkModel } from './network-model.ts';
export { buildNetwork, buildNetworkAsync, type SourceEntity } from './build-network.ts';
export { indexNetwork } from './index-network.ts';
export { readNetworkFile } from './ftm-network-file.ts';
export { toGexf, toGraphml } from './export-formats.ts';
export { betweenness, centrality, degreeCentrality, eigenvectorCentrality, pagerank, sampledBetweenness } from './centrality.ts';
export { describeSelectors, formatCount, rankNodes, selectNodes } from './rank-nodes.ts';
export { articulationPoints, bridges, coreness, structureReport } from './structure.ts';
export { allPaths, edgeIdsBetween, egoNetwork, kShortestPaths, MAX_K, MAX_PATH_LENGTH, pathsReport, shortestPath } from './paths.ts';
export { communityReport, leiden, louvain, modularity } from './communities.ts';
export { maxVertexDisjointPaths, vertexFlow } from './max-flow.ts';
export { networkShape, planDisruption } from './disruption.ts';
export { timeline } from './timeline.ts';
export { runAnalysis } from './analysis.ts';
export { runAnalysisInWorker } from './run-in-worker.ts';
export { seededRandom } from './seeded-random.ts';
