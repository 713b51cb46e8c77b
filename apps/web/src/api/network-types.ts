/**
 * The network API's shapes as the web app sees them: a copy of what it needs from
 * packages/network/src/types.ts (the web app never imports server packages) plus the analysis
 * job envelope of `POST /api/cases/:caseId/network/analyses`.
 */

export const RELATION_KINDS = ['membership', 'payment', 'communication', 'movement', 'exploitation', 'family', 'associate', 'ownership', 'identifier', 'other'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface NetworkNode {
  /** entity id, or `identifier:<type>:<value digest>` for a shared identifier */
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  /** role tags (`schema:Person`, `member`, `payer`, `recruiter`, …) the planner selects by */
  readonly roles: readonly string[];
  readonly caseId: string | null;
}

export interface NetworkEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** FtM schema of the relation, `ref:<property>` or `shared:<type>` */
  readonly type: string;
  readonly kind: RelationKind;
  readonly label: string;
  readonly directed: boolean;
  /** ISO 8601 dates or partial dates (2016, 2016-03); null when the source gave none */
  readonly start: string | null;
  readonly end: string | null;
  readonly sources: readonly string[];
  readonly weight: number;
}

export interface NetworkStats {
  readonly entities: number;
  readonly relations: number;
  readonly sharedIdentifiers: number;
  readonly selfLoops: number;
  readonly danglingReferences: number;
  readonly filteredOut: number;
}

/** `GET /api/cases/:caseId/network` */
export interface NetworkPayload {
  readonly nodes: readonly NetworkNode[];
  readonly edges: readonly NetworkEdge[];
  readonly stats: NetworkStats;
  /** the server kept only the heaviest ties (above 50,000 edges) */
  readonly truncated: boolean;
}

/** The server-side filter: what the network is built from. Empty means "all". */
export interface NetworkFilter {
  readonly from?: string;
  readonly to?: string;
  readonly kinds?: readonly RelationKind[];
  readonly sources?: readonly string[];
  /** link entities that share a phone, account, … (server default true) */
  readonly sharedIdentifiers?: boolean;
}

export interface RankedNode {
  readonly id: string;
  readonly caption: string;
  readonly schema: string;
  readonly value: number;
  readonly rank: number;
  readonly explanation: string;
}

export type CentralityMeasure = 'degree' | 'betweenness' | 'eigenvector' | 'pagerank';
export const CENTRALITY_MEASURES: readonly CentralityMeasure[] = ['degree', 'betweenness', 'pagerank', 'eigenvector'];

export interface CentralityResult {
  readonly measure: CentralityMeasure;
  readonly exact: boolean;
  readonly samples?: number;
  readonly iterations?: number;
  readonly top: readonly RankedNode[];
  readonly explanation: string;
}

export interface NetworkPath {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  readonly length: number;
  readonly explanation: string;
}

export interface Community {
  readonly id: number;
  readonly size: number;
  readonly members: readonly string[];
  readonly explanation: string;
}

export type CommunityMethod = 'louvain' | 'leiden';

export interface CommunityResult {
  readonly method: CommunityMethod;
  readonly modularity: number;
  readonly communities: readonly Community[];
  readonly membership: Readonly<Record<string, number>>;
  readonly explanation: string;
}

export interface NetworkShape {
  readonly nodes: number;
  readonly edges: number;
  readonly components: number;
  readonly largestComponent: number;
  readonly fragmentation: number;
  readonly distanceFragmentation: number;
  readonly flow: number | null;
}

export type DisruptionObjective = 'fragmentation' | 'distance-fragmentation' | 'cut';
export const DISRUPTION_OBJECTIVES: readonly DisruptionObjective[] = ['fragmentation', 'distance-fragmentation', 'cut'];

export interface DisruptionPlan {
  readonly objective: DisruptionObjective;
  readonly k: number;
  readonly method: 'greedy' | 'greedy+local-search' | 'exact-cut';
  readonly remove: readonly RankedNode[];
  readonly before: NetworkShape;
  readonly after: NetworkShape;
  readonly baseline: { readonly remove: readonly RankedNode[]; readonly after: NetworkShape };
  readonly explanation: string;
}

export type PathMode = 'shortest' | 'k-shortest' | 'all';

export interface PathsResult {
  readonly from: string;
  readonly to: string;
  readonly mode: PathMode;
  readonly paths: readonly NetworkPath[];
  readonly truncated: boolean;
  readonly explanation: string;
}

export type AnalysisRequest =
  | { readonly kind: 'centrality'; readonly measure: CentralityMeasure; readonly top?: number; readonly sample?: number | 'auto' }
  | { readonly kind: 'communities'; readonly method: CommunityMethod; readonly resolution?: number; readonly seed?: number }
  | { readonly kind: 'paths'; readonly from: string; readonly to: string; readonly mode: PathMode; readonly k?: number; readonly maxLength?: number }
  | { readonly kind: 'disruption'; readonly k: number; readonly objective: DisruptionObjective; readonly sources?: readonly string[]; readonly targets?: readonly string[]; readonly localSearch?: boolean };

/** The results this page asks for (the API has more kinds: structure, ego, timeline). */
export type AnalysisResult =
  | { readonly kind: 'centrality'; readonly result: CentralityResult }
  | { readonly kind: 'communities'; readonly result: CommunityResult }
  | { readonly kind: 'paths'; readonly result: PathsResult }
  | { readonly kind: 'disruption'; readonly result: DisruptionPlan };

export type JobState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';

/** An analysis job: finished (200) or still running (202), then polled. */
export interface AnalysisJob {
  readonly id: string;
  readonly state: JobState;
  readonly progress: { readonly done: number; readonly total: number };
  /** once `completed` (null or absent before) */
  readonly result?: AnalysisResult | null;
  /** why a `failed` job failed: `{ code, message }` */
  readonly error?: { readonly code: string; readonly message: string } | null;
}

export type ExportFormat = 'gexf' | 'graphml';
