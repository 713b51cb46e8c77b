/**
 * Alert notifications of this server process, per case: raised by an import, a scan or a
 * streamed transaction, or updated by triage. An event carries the alert's id, typology and
 * score only; a client fetches the rest through the API, where its access is checked again.
 *
 * In memory, like the principal cache: with several server processes each one's streams see the
 * alerts that process raised or changed (the queue itself is always complete).
 */
export interface AlertEvent {
  readonly id: string;
  readonly typology: string;
  readonly score: number;
  /** `new` when raised, `updated` when its triage or FIU case changed it */
  readonly change: 'new' | 'updated';
}

export type AlertListener = (event: AlertEvent, seq: number) => void;

export class AlertEvents {
  readonly #listeners = new Map<string, Set<AlertListener>>();
  #seq = 0;

  /** answers the function that unsubscribes */
  subscribe(caseId: string, listener: AlertListener): () => void {
    let set = this.#listeners.get(caseId);
    if (!set) this.#listeners.set(caseId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(caseId) === set) this.#listeners.delete(caseId);
    };
  }

  publish(caseId: string, events: readonly AlertEvent[]): void {
    const set = this.#listeners.get(caseId);
    for (const event of events) {
      const seq = ++this.#seq;
      // a listener that throws (a stream torn down mid-write) must not starve the others
      for (const listener of set ?? []) {
        try {
          listener(event, seq);
        } catch {
          /* the stream's own close handler unsubscribes it */
        }
      }
    }
  }

  /** listeners per case, for tests and the status of the server */
  listeners(caseId: string): number {
    return this.#listeners.get(caseId)?.size ?? 0;
  }
}
