/**
 * Throttles one job's progress writes: at most one write per `intervalMs`; reports in between
 * replace the pending value, which a timer writes when the interval is over. `close` cancels the
 * timer and writes whatever is pending, so the last report always reaches the database.
 */
import type { JobProgress } from './job-types.ts';

export type ProgressUpdate = Omit<JobProgress, 'updatedAt'>;

export interface ProgressReporterDeps {
  readonly write: (update: ProgressUpdate) => Promise<void>;
  /** for writes started by the timer, whose caller has already returned */
  readonly onError: (error: Error) => void;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export class ProgressReporter {
  readonly #deps: ProgressReporterDeps;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #pending: ProgressUpdate | null = null;
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  #writing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(deps: ProgressReporterDeps) {
    this.#deps = deps;
    this.#intervalMs = deps.intervalMs ?? 250;
    this.#now = deps.now ?? Date.now;
  }

  /** resolves once written, or at once when the write is deferred by the throttle */
  async report(update: ProgressUpdate): Promise<void> {
    checkProgress(update);
    if (this.#closed) return;
    this.#pending = update;
    if (this.#timer !== undefined) return;
    const wait = this.#lastWriteAt + this.#intervalMs - this.#now();
    if (wait <= 0 && this.#writing === null) return this.#flush();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush().catch((error: unknown) => this.#deps.onError(asError(error)));
    }, Math.max(wait, 0));
  }

  /** writes the pending report, if any, and waits for every write in flight */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#flush();
  }

  async #flush(): Promise<void> {
    while (this.#writing !== null) await this.#writing.catch(() => undefined);
    const update = this.#pending;
    if (update === null) return;
    this.#pending = null;
    this.#lastWriteAt = this.#now();
    const writing = this.#deps.write(update);
    this.#writing = writing;
    try {
      await writing;
    } finally {
      this.#writing = null;
    }
  }
}

function checkProgress({ done, total, message }: ProgressUpdate): void {
  if (!Number.isFinite(done) || done < 0) throw new RangeError('progress: done must be a finite number ≥ 0');
  if (total !== null && (!Number.isFinite(total) || total < 0)) throw new RangeError('progress: total must be null or a finite number ≥ 0');
  if (message !== null && message.length > 1000) throw new RangeError('progress: message is longer than 1000 characters');
}

export function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  const message = (error as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' ? message : String(error));
}
