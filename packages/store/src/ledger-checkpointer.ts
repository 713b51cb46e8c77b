/**
 * Keeps the journal's log checkpointed while a server runs: signs when at least `everyEntries`
 * entries were appended since the last checkpoint (nudged by the store after each committed
 * append) and every `everySeconds` when the tree grew at all (which also covers appends by
 * other processes). Never two signings at once: a nudge during a signing asks for one more
 * round afterwards. A refusal (LEDGER_INCONSISTENT) or any failure goes to `onError`; the
 * checkpointer keeps running, and keeps refusing, until the history is repaired.
 */
import type { CheckpointSigning, LedgerCheckpoint, LedgerStore } from './ledger-types.ts';

export interface CheckpointerOptions extends CheckpointSigning {
  readonly store: Pick<LedgerStore, 'signCheckpoint' | 'onJournalAppended' | 'latestCheckpoint'>;
  readonly everyEntries: number;
  readonly everySeconds: number;
  readonly onSigned?: (checkpoint: LedgerCheckpoint) => void;
  readonly onError?: (error: unknown) => void;
}

export class Checkpointer {
  readonly #options: CheckpointerOptions;
  #signedSize = 0;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: CheckpointerOptions) {
    if (!Number.isSafeInteger(options.everyEntries) || options.everyEntries < 1) throw new RangeError('everyEntries must be a whole number ≥ 1');
    if (!(options.everySeconds > 0)) throw new RangeError('everySeconds must be positive');
    this.#options = options;
  }

  /** the size of the last checkpoint this checkpointer knows of */
  get signedSize(): number {
    return this.#signedSize;
  }

  /** subscribes to appends, starts the timer, and signs once if the tree grew while nobody watched */
  async start(): Promise<void> {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#signedSize = (await this.#options.store.latestCheckpoint())?.size ?? 0;
    this.#unsubscribe = this.#options.store.onJournalAppended((size) => {
      if (size - this.#signedSize >= this.#options.everyEntries) void this.#round();
    });
    this.#timer = setInterval(() => void this.#round(), this.#options.everySeconds * 1000);
    this.#timer.unref();
    await this.#round();
  }

  /** signs now (waiting for a signing under way); the checkpoint, or null while the log is empty */
  async signNow(): Promise<LedgerCheckpoint | null> {
    while (this.#running) await this.#running;
    const signing = this.#sign();
    // taken synchronously after the wait: no round can start in between
    this.#running = signing.then(() => undefined, () => undefined).finally(() => {
      this.#running = null;
    });
    return signing;
  }

  /** stops the timer and the subscription, then waits for a signing under way */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    while (this.#running) await this.#running;
  }

  async #sign(): Promise<LedgerCheckpoint | null> {
    const { store, signer, origin, now, trusted } = this.#options;
    const checkpoint = await store.signCheckpoint({ signer, origin, ...(now ? { now } : {}), ...(trusted ? { trusted } : {}) });
    if (checkpoint && checkpoint.size > this.#signedSize) {
      this.#signedSize = checkpoint.size;
      this.#options.onSigned?.(checkpoint);
    }
    return checkpoint;
  }

  /** one signing round, or a request for another when one is under way */
  #round(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        if (this.#stopped) break;
        try {
          await this.#sign();
        } catch (error) {
          this.#options.onError?.(error);
        }
      } while (this.#again);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }
}
