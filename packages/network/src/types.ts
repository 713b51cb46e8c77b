/**
 * The network's public shapes. An `EntityNetwork` is what investigators see (entities and their
 * ties, labelled, dated, sourced); a `CompactGraph` (compact-graph.ts) is what the algorithms
 * walk. `IndexedNetwork` joins the two: node i of the graph is `network.nodes[i]`.
 *
 * Results name nodes by entity id and caption and carry an `explanation` sentence, so the API,
 * the CLI and the UI print them as they are and a report can quote them.
 */
import type { CompactGraph } from './compact-graph.ts';

/** The relation families an investigator filters by (relation-kinds.json maps schemata onto them). */
export const RELATION_KINDS = ['membership', 'payment', 'communication', 'movement', 'exploitation', 'family', 'associate', 'ownership', 'identifier', 'other'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface NetworkNode {
  /** entity id, or `identifier:<type>:<value digest>` for a shared identifier */
  readonly id: string;
  /** FtM schema (Person, Organization, BankAccount, Address, …) or `Identifier` */
  readonly schema: string;
  /** display name; for an identifier node, the identifier's type and a masked value (`phone …4567`) */
  readonly caption: string;
  /**
   * Role tags the disruption planner and path analyses select by: the node's schema
   * (`schema:Person`), its part in relations (`perpetrator`, `victim`, `member`, `payer`, …, from the
   * edge spec's source/target property names) and `role` values of its relations (`recruiter`).
   */
  readonly roles: readonly string[];
  /** the case the entity belongs to (null for global data such as sanctions lists) */
  readonly caseId: string | null;
}

export interface NetworkEdge {
  /** the relation entity's id; `<entity>:<prop>:<target>` for a reference; `<holder>~<identifier node>` for a shared identifier */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** FtM schema of the relation (Membership, Payment, Exploitation, …), `ref:<property>` or `shared:<type>` */
  readonly type: string;
  readonly kind: RelationKind;
  /** short label (the edge spec's label, the property's label, or the identifier type) */
  readonly label: string;
  readonly directed: boolean;
  /** ISO 8601 dates or partial dates (2016, 2016-03); null when the source gave none */
  readonly start: string | null;
  readonly end: string | null;
  /** provenance: the statement sources that assert this tie (`import:un-sc`, `ui`, …) */
  readonly sources: readonly string[];
  /** times the same tie was recorded (parallel relations merged into this edge) */
  readonly weight: number;
}

export interface EntityNetwork {
  readonly nodes: readonly NetworkNode[];
  readonly edges: readonly NetworkEdge[];
  /** what the build dropped or merged, for the "about this graph" line in every result */
  readonly stats: {
    readonly entities: number;
    readonly relations: number;
    readonly sharedIdentifiers: number;
    readonly selfLoops: number;
    readonly danglingReferences: number;
    readonly filteredOut: number;
  };
}

/** What a network is built from and filtered by. Everything optional; empty means "all". */
export interface NetworkFilter {
  readonly caseIds?: readonly string[];
  /** inclusive ISO dates; an undated relation is kept unless `datedOnly` */
  readonly from?: string;
  readonly to?: string;
  readonly datedOnly?: boolean;
  readonly kinds?: readonly RelationKind[];
  /** relation schemata (Membership, …) to keep; combined with `kinds` by AND */
  readonly schemata?: readonly string[];
  /** keep a relation only if one of its statements comes from one of these sources */
  readonly sources?: readonly string[];
  /** link entities that share a phone, e-mail, IBAN, account number or document number (default true) */
  readonly sharedIdentifiers?: boolean;
}

/** An `EntityNetwork` with its CSR graph: graph node i is `network.nodes[i]`. */
export interface IndexedNetwork {
  readonly network: EntityNetwork;
  readonly graph: CompactGraph;
  /** entity id → node number */
  readonly index: ReadonlyMap<string, number>;
}

/** One node in a ranked result. */
export interface RankedNode {
  readonly id: string;
  readonly caption: string;
  readonly schema: string;
  readonly value: number;
  /** 1-based rank, ties share the lower rank */
  readonly rank: number;
  /** e.g. "lies on 38.2% of shortest paths between other nodes (rank 1 of 1,204)" */
  readonly explanation: string;
}

export type CentralityMeasure = 'degree' | 'betweenness' | 'eigenvector' | 'pagerank';

export interface CentralityResult {
  readonly measure: CentralityMeasure;
  /** false for sampled betweenness */
  readonly exact: boolean;
  /** pivots used by sampled betweenness */
  readonly samples?: number;
  /** iterations to convergence (eigenvector, PageRank) */
  readonly iterations?: number;
  readonly top: readonly RankedNode[];
  /** what the measure means, in one sentence an investigator reads */
  readonly explanation: string;
}

/** A path between two subjects, as entity ids with the ties between them. */
export interface NetworkPath {
  readonly nodes: readonly string[];
  /** edge ids, one per hop (the first of parallel edges) */
  readonly edges: readonly string[];
  readonly length: number;
  readonly explanation: string;
}

export interface Community {
  readonly id: number;
  readonly size: number;
  /** the members with the highest degree inside the community, first */
  readonly members: readonly string[];
  readonly explanation: string;
}

export interface CommunityResult {
  readonly method: 'louvain' | 'leiden';
  readonly modularity: number;
  readonly communities: readonly Community[];
  /** entity id → community id */
  readonly membership: Readonly<Record<string, number>>;
  readonly explanation: string;
}

/** Structural summary of a (possibly damaged) network. */
export interface NetworkShape {
  readonly nodes: number;
  readonly edges: number;
  readonly components: number;
  readonly largestComponent: number;
  /** key-player fragmentation F (Borgatti 2006): share of node pairs that cannot reach each other */
  readonly fragmentation: number;
  /** distance-weighted fragmentation: 1 − mean over pairs of 1/distance */
  readonly distanceFragmentation: number;
  /** max number of node-disjoint paths from the source role to the target role; null without roles */
  readonly flow: number | null;
}

export type DisruptionObjective = 'fragmentation' | 'distance-fragmentation' | 'cut';

export interface DisruptionPlan {
  readonly objective: DisruptionObjective;
  readonly k: number;
  readonly method: 'greedy' | 'greedy+local-search' | 'exact-cut';
  /** the chosen nodes, best first, each with what removing it adds */
  readonly remove: readonly RankedNode[];
  readonly before: NetworkShape;
  readonly after: NetworkShape;
  /** the naive plan: remove the top-k by degree */
  readonly baseline: { readonly remove: readonly RankedNode[]; readonly after: NetworkShape };
  readonly explanation: string;
}

/** Selects nodes by role tag (`perpetrator`, `schema:BankAccount`, `recruiter`) or by entity id (`id:<entity id>`). */
export type RoleSelector = string;

/** One analysis, as the API body, the CLI flags and the worker message carry it. */
export type AnalysisRequest =
  | { readonly kind: 'centrality'; readonly measure: CentralityMeasure; readonly top?: number; readonly sample?: number | 'auto'; readonly between?: { readonly sources: readonly RoleSelector[]; readonly targets: readonly RoleSelector[] } }
  | { readonly kind: 'communities'; readonly method: 'louvain' | 'leiden'; readonly resolution?: number; readonly seed?: number }
  | { readonly kind: 'structure'; readonly top?: number }
  | { readonly kind: 'paths'; readonly from: string; readonly to: string; readonly mode: 'shortest' | 'k-shortest' | 'all'; readonly k?: number; readonly maxLength?: number }
  | { readonly kind: 'ego'; readonly id: string; readonly radius?: number }
  | { readonly kind: 'disruption'; readonly k: number; readonly objective: DisruptionObjective; readonly sources?: readonly RoleSelector[]; readonly targets?: readonly RoleSelector[]; readonly localSearch?: boolean }
  | { readonly kind: 'timeline'; readonly measure: CentralityMeasure; readonly interval: 'month' | 'quarter' | 'year'; readonly top?: number };

export interface StructureResult {
  readonly components: { readonly count: number; readonly largest: number; readonly sizes: readonly number[] };
  /** nodes of the highest k-core first; value = coreness */
  readonly core: readonly RankedNode[];
  readonly maxCore: number;
  /** cut vertices; value = nodes that would be cut off from the largest remaining part */
  readonly articulationPoints: readonly RankedNode[];
  readonly bridges: readonly { readonly source: string; readonly target: string; readonly edge: string; readonly cutOff: number; readonly explanation: string }[];
  readonly explanation: string;
}

export interface PathsResult {
  readonly from: string;
  readonly to: string;
  readonly mode: 'shortest' | 'k-shortest' | 'all';
  readonly paths: readonly NetworkPath[];
  /** true when `all` stopped at its path limit or its work budget */
  readonly truncated: boolean;
  readonly explanation: string;
}

/** Who became central when: one centrality ranking per time window. */
export interface TimelineResult {
  readonly measure: CentralityMeasure;
  readonly windows: readonly { readonly from: string; readonly to: string; readonly nodes: number; readonly edges: number; readonly top: readonly RankedNode[] }[];
  /** nodes whose rank rose the most between consecutive windows */
  readonly risers: readonly { readonly id: string; readonly caption: string; readonly window: string; readonly fromRank: number | null; readonly toRank: number; readonly explanation: string }[];
  readonly explanation: string;
}

export type AnalysisResult =
  | { readonly kind: 'centrality'; readonly result: CentralityResult }
  | { readonly kind: 'communities'; readonly result: CommunityResult }
  | { readonly kind: 'structure'; readonly result: StructureResult }
  | { readonly kind: 'paths'; readonly result: PathsResult }
  | { readonly kind: 'ego'; readonly result: EntityNetwork }
  | { readonly kind: 'disruption'; readonly result: DisruptionPlan }
  | { readonly kind: 'timeline'; readonly result: TimelineResult };
