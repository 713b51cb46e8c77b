/**
 * Scores transactions as they arrive. Each transaction joins the graph and every typology runs at
 * its two endpoints with the scope pinned to its time (the detectors' anchor rule), so a pattern
 * raises its alert when the transaction that completes it arrives, and a call costs what the
 * detectors' windows hold, not the history.
 *
 * A pattern keeps growing after it first fires (a seventh sender into a fan-in): a hit that shares
 * a transaction with the alert last raised for the same typology and party is reported as an
 * update of that alert, not as a new one.
 *
 * @example
 * ```ts
 * const scorer = new StreamScorer({ currency, config: DEFAULT_SCORING, detectors: DETECTORS });
 * const { events } = scorer.push(tx);
 * for (const e of events) if (e.kind === 'new') notify(toAlertLine(scorer.graph, e.hit));
 * ```
 */
import type { AnyDetector, DetectContext } from './detector.ts';
import { prepareScan, scanNode, type PreparedScan } from './scan.ts';
import { TransactionGraph } from './tx-graph.ts';
import type { AccountRecord, CurrencyTable, TransactionRecord } from './types.ts';
import type { ScoringConfig, TypologyHit } from './typology.ts';

export interface StreamScorerOptions {
  readonly currency: CurrencyTable;
  readonly config: ScoringConfig;
  readonly detectors: ReadonlyMap<string, AnyDetector>;
  readonly context?: DetectContext;
  readonly accounts?: Iterable<AccountRecord>;
  /** continue on a graph already holding history (e.g. the case's stored transactions) */
  readonly graph?: TransactionGraph;
}

export interface StreamEvent {
  readonly kind: 'new' | 'updated';
  /** stable for the alert across its updates: `<typology>:<party key>:<first transaction id>` */
  readonly key: string;
  readonly hit: TypologyHit;
}

export interface PushResult {
  /** the transaction's index in the graph, or -1 when its id was seen before (nothing scored) */
  readonly index: number;
  readonly events: readonly StreamEvent[];
}

interface OpenAlert {
  readonly key: string;
  readonly txs: Set<number>;
  score: number;
}

export class StreamScorer {
  readonly graph: TransactionGraph;
  private readonly prepared: PreparedScan;
  private readonly context: DetectContext;
  private readonly open = new Map<string, OpenAlert>();

  constructor(options: StreamScorerOptions) {
    this.graph = options.graph ?? new TransactionGraph({ currency: options.currency });
    if (options.accounts) this.graph.addAccounts(options.accounts);
    this.prepared = prepareScan(options.config, options.detectors);
    this.context = options.context ?? {};
  }

  push(tx: TransactionRecord): PushResult {
    const index = this.graph.add(tx);
    if (index < 0) return { index, events: [] };
    const time = this.graph.time(index);
    const scope = { since: time, until: time, context: this.context };
    const events: StreamEvent[] = [];
    const payer = this.graph.from(index);
    const payee = this.graph.to(index);
    for (const node of new Set([payer, payee])) {
      if (this.graph.isPseudo(node)) continue;
      const side = payer === payee ? 'both' : node === payer ? 'payer' : 'payee';
      for (const hit of scanNode(this.graph, node, { prepared: this.prepared, scope, side })) {
        const event = this.track(hit);
        if (event) events.push(event);
      }
    }
    return { index, events };
  }

  private track(hit: TypologyHit): StreamEvent | null {
    const slot = `${hit.typology.id}\u0000${hit.node}`;
    const previous = this.open.get(slot);
    if (previous && hit.transactions.some((t) => previous.txs.has(t))) {
      const before = previous.txs.size;
      for (const t of hit.transactions) previous.txs.add(t);
      if (previous.txs.size === before && hit.score <= previous.score) return null;
      previous.score = Math.max(previous.score, hit.score);
      return { kind: 'updated', key: previous.key, hit };
    }
    const key = `${hit.typology.id}:${this.graph.node(hit.node).key}:${this.graph.txId(hit.transactions[0]!)}`;
    this.open.set(slot, { key, txs: new Set(hit.transactions), score: hit.score });
    return { kind: 'new', key, hit };
  }
}
