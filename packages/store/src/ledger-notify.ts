/**
 * Tells listeners that the journal grew, once the transaction that grew it has committed.
 * Appends happen inside the callers' transactions (`appendJournalEntries(tx, …)`), in a dozen
 * store modules; rather than touch each, the store's database handle is wrapped so that every
 * `transaction().execute(…)` reports, after its commit, the journal size its transaction
 * reached. A transaction that rolls back reports nothing. Appends by other processes sharing a
 * PostgreSQL server are not seen here (the checkpointer's timer covers them).
 */
import type { Kysely } from 'kysely';

/** the journal size each open transaction has reached, keyed by the transaction object */
const reached = new WeakMap<object, number>();

/** called by `appendJournalEntries` inside its transaction */
export function noteJournalAppend(tx: object, size: number): void {
  reached.set(tx, size);
}

export type JournalAppendListener = (size: number) => void;

export class JournalAppendNotifier {
  readonly #listeners = new Set<JournalAppendListener>();

  /** subscribes; returns the unsubscribe function */
  on(listener: JournalAppendListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(size: number): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(size);
      } catch {
        // a listener's failure is its own; the write it reports has committed
      }
    }
  }

  /** `db`, with every transaction reporting its journal growth after it commits */
  wrap<DB>(db: Kysely<DB>): Kysely<DB> {
    return new Proxy(db, {
      get: (target, prop) => {
        if (prop === 'transaction') return () => this.#wrapBuilder(target.transaction());
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  #wrapBuilder<B extends object>(builder: B): B {
    return new Proxy(builder, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (prop === 'execute') {
          return async (work: (tx: object) => Promise<unknown>) => {
            let size: number | undefined;
            const result = await (value as (w: typeof work) => Promise<unknown>).call(target, async (tx) => {
              const out = await work(tx);
              size = reached.get(tx);
              return out;
            });
            if (size !== undefined) this.emit(size);
            return result;
          };
        }
        // setIsolationLevel() and the like return a new builder: keep it wrapped
        return (...args: unknown[]) => {
          const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return out !== null && typeof out === 'object' && 'execute' in out ? this.#wrapBuilder(out) : out;
        };
      },
    });
  }
}
