/**
 * The batch scan and the alert it produces: every typology's detectors on every party (or the
 * parties given), findings combined per typology (typology.ts), each case at or above its
 * threshold an alert with its evidence subgraph and an explanation built from the detectors'
 * reasons. The streaming scorer (stream-scorer.ts) calls `scanNode` with the scope pinned to a
 * new transaction's time.
 *
 * @example
 * ```ts
 * const { alerts } = scanGraph(graph, { config: DEFAULT_SCORING, detectors: DETECTORS, context: { reportingThreshold: 10_000 } });
 * for (const alert of alerts) out.write(JSON.stringify(toAlertLine(graph, alert)) + '\n');
 * ```
 */
import type { AnyDetector, DetectContext, DetectorParams, DetectScope, Finding } from './detector.ts';
import type { TransactionGraph } from './tx-graph.ts';
import type { AlertLine } from './types.ts';
import { scoreTypology, type ScoringConfig, type TypologyHit } from './typology.ts';

export interface ScanOptions {
  readonly config: ScoringConfig;
  readonly detectors: ReadonlyMap<string, AnyDetector>;
  readonly context?: DetectContext;
  /** only patterns whose latest transaction lies in this span (default: all time) */
  readonly since?: number;
  readonly until?: number;
  /** the parties to scan (default: every party) */
  readonly nodes?: Iterable<number>;
  /** called every few thousand parties */
  readonly onProgress?: (done: number, total: number) => void;
  /** measure each detector's time (costs a clock read per call) */
  readonly profile?: boolean;
}

export interface ScanStats {
  readonly parties: number;
  readonly transactions: number;
  /** findings per detector id */
  readonly findings: Readonly<Record<string, number>>;
  /** milliseconds per detector id, when profiled */
  readonly detectorMs: Readonly<Record<string, number>>;
}

export interface ScanResult {
  readonly alerts: TypologyHit[];
  readonly stats: ScanStats;
}

/** One detector run with one parameter set: typologies sharing it reuse its findings at a node. */
interface PreparedRule {
  readonly detector: AnyDetector;
  readonly params: DetectorParams;
  readonly key: string;
}

export interface PreparedScan {
  readonly typologies: readonly { readonly typology: ScoringConfig['typologies'][number]; readonly rules: readonly PreparedRule[] }[];
  readonly rules: readonly PreparedRule[];
}

/** resolves each rule's detector and parameters once per scan */
export function prepareScan(config: ScoringConfig, detectors: ReadonlyMap<string, AnyDetector>): PreparedScan {
  const byKey = new Map<string, PreparedRule>();
  const typologies = config.typologies.map((typology) => ({
    typology,
    rules: typology.rules.map((rule) => {
      const detector = detectors.get(rule.detector);
      if (!detector) throw new Error(`scan: no detector "${rule.detector}" (validate the configuration with parseScoringConfig)`);
      const params = { ...detector.defaults, ...rule.params };
      const key = `${rule.detector}\u0000${JSON.stringify(params)}`;
      let prepared = byKey.get(key);
      if (!prepared) byKey.set(key, (prepared = { detector, params, key }));
      return prepared;
    }),
  }));
  return { typologies, rules: [...byKey.values()] };
}

export interface NodeScanCounters {
  findings: Record<string, number>;
  detectorMs: Record<string, number>;
  profile: boolean;
}

export interface NodeScanRun {
  readonly prepared: PreparedScan;
  readonly scope: DetectScope;
  readonly counters?: NodeScanCounters;
  /** streaming: the node's side of the new transaction; detectors anchored at the other side are skipped */
  readonly side?: 'payer' | 'payee' | 'both';
}

/** every typology at one party: the unit of work of the batch scan and of the streaming scorer */
export function scanNode(graph: TransactionGraph, node: number, { prepared, scope, counters, side }: NodeScanRun): TypologyHit[] {
  const results = new Map<string, Finding[]>();
  for (const rule of prepared.rules) {
    const anchored = rule.detector.anchorSide;
    if (anchored !== undefined && side !== undefined && side !== 'both' && side !== anchored) continue;
    const started = counters?.profile ? performance.now() : 0;
    const findings = rule.detector.detect(graph, node, rule.params, scope);
    if (counters) {
      if (counters.profile) counters.detectorMs[rule.detector.id] = (counters.detectorMs[rule.detector.id] ?? 0) + performance.now() - started;
      if (findings.length > 0) counters.findings[rule.detector.id] = (counters.findings[rule.detector.id] ?? 0) + findings.length;
    }
    results.set(rule.key, findings);
  }
  const hits: TypologyHit[] = [];
  for (const { typology, rules } of prepared.typologies) {
    const byRule = rules.map((rule) => results.get(rule.key) ?? []);
    if (byRule.every((f) => f.length === 0)) continue;
    hits.push(...scoreTypology(graph, typology, node, byRule));
  }
  return hits;
}

export function scanGraph(graph: TransactionGraph, options: ScanOptions): ScanResult {
  const prepared = prepareScan(options.config, options.detectors);
  const scope: DetectScope = { since: options.since ?? -Infinity, until: options.until ?? Infinity, context: options.context ?? {} };
  const counters: NodeScanCounters = { findings: {}, detectorMs: {}, profile: options.profile ?? false };
  const nodes = options.nodes ? [...options.nodes] : Array.from({ length: graph.nodeCount }, (_, n) => n);
  const alerts: TypologyHit[] = [];
  let done = 0;
  for (const node of nodes) {
    if (!graph.isPseudo(node)) alerts.push(...scanNode(graph, node, { prepared, scope, counters }));
    if (++done % 4096 === 0) options.onProgress?.(done, nodes.length);
  }
  options.onProgress?.(nodes.length, nodes.length);
  alerts.sort((a, b) => b.score - a.score || graph.time(a.transactions[0]!) - graph.time(b.transactions[0]!));
  return { alerts, stats: { parties: nodes.length, transactions: graph.size, findings: counters.findings, detectorMs: counters.detectorMs } };
}

/** the alert's explanation: the typology, its score, and each contributing detector's reason */
export function explainHit(hit: TypologyHit): string {
  const reasons = hit.findings.map((f) => f.reason.trim().replace(/\.$/, '')).filter((r, i, all) => all.indexOf(r) === i);
  return `${hit.typology.title} (score ${hit.score.toFixed(2)}): ${reasons.join('; ')}.`;
}

/** the JSON-lines alert: detector, typology, score, accounts, transactions, explanation */
export function toAlertLine(graph: TransactionGraph, hit: TypologyHit): AlertLine {
  return {
    detector: hit.findings[0]?.detector ?? '',
    typology: hit.typology.id,
    score: hit.score,
    accounts: graph.accountsOf(hit.transactions),
    transactions: hit.transactions.map((t) => graph.txId(t)),
    explanation: explainHit(hit),
  };
}
