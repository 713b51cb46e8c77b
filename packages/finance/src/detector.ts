/**
 * What a detector is: a named, documented, parameterised pure function over the transaction graph
 * that returns findings, each with its evidence subgraph (the transactions) and a reason a
 * analyst can read and a court can check.
 *
 * The anchor rule makes one function serve the batch scan and the streaming scorer. A detector
 * reports a pattern only from its anchor node, which is an endpoint of the pattern's latest
 * transaction (each detector's doc says which endpoint), and only when that latest
 * transaction's time lies in `scope.since..scope.until`. The batch scan calls every detector on
 * every node with the whole time span, so each pattern is reported once; the streaming scorer
 * calls them on the two endpoints of each new transaction with the scope pinned to its time, so a
 * pattern is reported when the transaction that completes it arrives. Detectors look back over
 * their own window (`params.windowHours`…) from there, using the graph's time-ordered lists and
 * binary search, so a call costs what the window holds, not what the node's history holds.
 */
import type { TransactionGraph } from './tx-graph.ts';

export type DetectorParam = number | boolean | string | readonly string[];
export type DetectorParams = Readonly<Record<string, DetectorParam>>;

/** A party the screening capability matched: a listed person or entity, or an account an armed group holds. */
export interface ListedParty {
  /** `un-sc`, `ofac-sdn`, … or `case` for an account tied to an armed group in a case */
  readonly list: string;
  /** the list's reference (`QDi.001`) or the entity id */
  readonly entry: string;
  /** the matcher's score, 0..1 */
  readonly score: number;
}

/** Outside knowledge a scan is given; every field is optional and a detector needing a missing one finds nothing. */
export interface DetectContext {
  /** listed parties by account reference or node key (`customer:<id>`) */
  readonly listed?: ReadonlyMap<string, ListedParty>;
  /** ISO 3166-1 alpha-2 codes of areas where armed groups or listed terrorist groups operate */
  readonly conflictCountries?: ReadonlySet<string>;
  /** the currency-transaction reporting threshold in base currency (e.g. 10,000) */
  readonly reportingThreshold?: number;
  /** the country the reporting institution is in (ISO 3166-1 alpha-2): what "abroad" means */
  readonly homeCountry?: string;
}

export interface DetectScope {
  /** report only patterns whose latest transaction is at or after this time (epoch ms) */
  readonly since: number;
  /** … and at or before this time */
  readonly until: number;
  readonly context: DetectContext;
}

export interface Finding {
  readonly detector: string;
  /** the anchor node (see the anchor rule above) */
  readonly node: number;
  /** strength of the pattern, in (0, 1]: how far past the detector's thresholds it lies */
  readonly score: number;
  /** the evidence subgraph: graph transaction indices, in time order */
  readonly transactions: readonly number[];
  /** one or two sentences with the figures that made it fire, no personal data */
  readonly reason: string;
  /** the same figures as data (counts, sums, hours), for the UI and for tuning */
  readonly facts?: Readonly<Record<string, number | string>>;
}

export interface Detector<P extends DetectorParams = DetectorParams> {
  /** stable id used in alerts and in typology configuration: `fan-in`, `ht-wage-sweep` */
  readonly id: string;
  readonly title: string;
  /** what it computes and why it matters, for the documentation and the UI */
  readonly description: string;
  /** where the pattern comes from: `AMLSim fan_in`, `FATF-APG 2018`, `FinCEN FIN-2020-A008` */
  readonly sources: readonly string[];
  /** the research list's id (`HT-04`, `CT-02`) for a red flag */
  readonly redFlag?: string;
  /** data it needs: transactions, KYC, outside enrichment */
  readonly requires: readonly ('TX' | 'KYC' | 'EXT')[];
  readonly defaults: P;
  /**
   * Which endpoint of the pattern's latest transaction the detector anchors at, when always the
   * same one: the streaming scorer then calls it at that endpoint only (absent: at both).
   */
  readonly anchorSide?: 'payer' | 'payee';
  detect(graph: TransactionGraph, node: number, params: P, scope: DetectScope): Finding[];
}

/** A detector whose parameter type is erased, as registries and configuration hold them. */
export type AnyDetector = Detector<DetectorParams>;

const HOUR = 3_600_000;

/** `3.5 hours`, `2 days`: for reasons */
export function formatDuration(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / 60_000))} minutes`;
  if (ms < 48 * HOUR) return `${Number((ms / HOUR).toFixed(1))} hours`;
  return `${Number((ms / (24 * HOUR)).toFixed(1))} days`;
}

// one formatter: toLocaleString builds a new one per call (~100 µs), which dominated dense scans
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `12,500.00 USD`: for reasons */
export function formatMoney(amount: number, currency: string): string {
  return `${MONEY.format(amount)} ${currency}`;
}

/** the transaction indices sorted by time, duplicates removed: every finding's `transactions` */
export function inTimeOrder(graph: TransactionGraph, txs: Iterable<number>): number[] {
  return [...new Set(txs)].sort((a, b) => graph.time(a) - graph.time(b) || a - b);
}

/** a score in (0, 1] that is 0.5 at the threshold and approaches 1 as `value` reaches `strong` */
export function strength(value: number, threshold: number, strong: number): number {
  if (value < threshold) return 0;
  if (strong <= threshold) return 1;
  return Math.min(1, 0.5 + 0.5 * ((value - threshold) / (strong - threshold)));
}
