/**
 * The streaming scorers of the cases being streamed to, kept in memory: each one holds its case's
 * transaction graph, warmed on first use from the case's stored transactions and KYC, so a posted
 * transaction is scored against the case's history, not only against what was posted since.
 *
 * Bounded: at most `maxCases` scorers (the least recently used is dropped first) and none unused
 * for `idleMs`; a dropped scorer is warmed again from the store when its case streams again.
 * Work on one case runs one call at a time (warm-up, store, score), so two requests cannot
 * interleave their transactions in the graph; different cases run side by side.
 */
import { StreamScorer, TransactionGraph, type AnyDetector, type CurrencyTable, type DetectContext, type ScoringConfig } from '@ariadne/finance';
import type { Store } from '@ariadne/store';
import { listedParties } from './listed-parties.ts';

export interface StreamScorersOptions {
  readonly store: Pick<Store, 'readAccounts' | 'readTransactions' | 'listAlerts' | 'relations'>;
  readonly currency: CurrencyTable;
  readonly scoring: ScoringConfig;
  readonly detectors: ReadonlyMap<string, AnyDetector>;
  readonly context: DetectContext;
  readonly maxCases: number;
  readonly idleMs: number;
  readonly now: () => number;
}

interface Entry {
  readonly scorer: Promise<StreamScorer>;
  lastUsed: number;
}

export class StreamScorers {
  readonly #options: StreamScorersOptions;
  readonly #entries = new Map<string, Entry>();
  /** the tail of each case's chain of work */
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: StreamScorersOptions) {
    this.#options = options;
    this.#sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(options.idleMs, 60_000)));
    this.#sweeper.unref();
  }

  /** runs `work` with the case's scorer once the case's earlier work is done */
  run<T>(caseId: string, work: (scorer: StreamScorer) => Promise<T>): Promise<T> {
    return this.#serial(caseId, async () => {
      this.sweep();
      const entry = this.#entry(caseId);
      entry.lastUsed = this.#options.now();
      // most recently used last: the map's order is the eviction order
      this.#entries.delete(caseId);
      this.#entries.set(caseId, entry);
      this.#evict(caseId);
      try {
        return await work(await entry.scorer);
      } catch (error) {
        // a failed warm-up is not kept, nor a scorer a failed call may have left half-updated
        // (transactions added, their alerts not recorded): the next call warms a fresh one
        if (this.#entries.get(caseId) === entry) this.#entries.delete(caseId);
        throw error;
      }
    });
  }

  /** drops the case's scorer after its pending work: the case's data changed other than by streaming (an import) */
  invalidate(caseId: string): Promise<void> {
    return this.#serial(caseId, async () => {
      this.#entries.delete(caseId);
    });
  }

  /** drops scorers unused for `idleMs` */
  sweep(): void {
    const limit = this.#options.now() - this.#options.idleMs;
    for (const [caseId, entry] of this.#entries) if (entry.lastUsed < limit) this.#entries.delete(caseId);
  }

  /** case ids whose scorer is in memory, least recently used first */
  cases(): string[] {
    return [...this.#entries.keys()];
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#entries.clear();
  }

  #entry(caseId: string): Entry {
    return this.#entries.get(caseId) ?? { scorer: this.#warm(caseId), lastUsed: this.#options.now() };
  }

  #evict(keep: string): void {
    for (const caseId of this.#entries.keys()) {
      if (this.#entries.size <= this.#options.maxCases) return;
      if (caseId !== keep) this.#entries.delete(caseId);
    }
  }

  async #warm(caseId: string): Promise<StreamScorer> {
    const { store, currency, scoring, detectors, context } = this.#options;
    const graph = new TransactionGraph({ currency });
    const accounts = await store.readAccounts(caseId);
    graph.addAccounts(accounts);
    // the listed parties as the warm-up finds them (CT-01); a case's scorer is warmed again after idling
    const listed = await listedParties(store, caseId, accounts);
    for await (const batch of store.readTransactions({ caseId })) {
      for (const tx of batch) {
        try {
          graph.add(tx);
        } catch {
          // a stored transaction in a currency the table no longer rates: it was scored when it came
        }
      }
    }
    return new StreamScorer({ currency, config: scoring, detectors, context: { ...context, listed: new Map([...(context.listed ?? []), ...listed]) }, graph });
  }

  #serial<T>(caseId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(caseId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.#queues.set(caseId, tail);
    void tail.then(() => {
      if (this.#queues.get(caseId) === tail) this.#queues.delete(caseId);
    });
    return next;
  }
}
