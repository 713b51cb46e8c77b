/**
 * Limits on the routes anyone can reach without an account: how many submissions one client may
 * open, and how many wrong receipt codes it may try, per sliding window. Only failures count
 * against receipt codes, so a sender uploading a video in many resumable pieces is never cut off.
 * Kept in memory (bounded), per server process.
 */
import type { ThrottleVerdict } from '@ariadne/access';

export interface PublicThrottleOptions {
  readonly now: () => number;
  readonly windowMs?: number;
  readonly maxSubmissions?: number;
  readonly maxReceiptFailures?: number;
  readonly maxKeys?: number;
}

class SlidingWindow {
  readonly #hits = new Map<string, number[]>();
  constructor(private readonly windowMs: number, private readonly max: number, private readonly maxKeys: number) {}

  verdict(key: string, now: number): ThrottleVerdict {
    const live = (this.#hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (live.length === 0) this.#hits.delete(key);
    else this.#hits.set(key, live);
    return live.length >= this.max ? { allowed: false, retryAfterMs: Math.max(1, live[0]! + this.windowMs - now) } : { allowed: true, retryAfterMs: 0 };
  }

  hit(key: string, now: number): void {
    const list = this.#hits.get(key) ?? [];
    list.push(now);
    this.#hits.delete(key);
    this.#hits.set(key, list); // re-insert: Map order doubles as least-recently-used order
    while (this.#hits.size > this.maxKeys) {
      const oldest = this.#hits.keys().next().value;
      if (oldest === undefined) break;
      this.#hits.delete(oldest);
    }
  }

  clear(key: string): void {
    this.#hits.delete(key);
  }
}

export class PublicThrottle {
  readonly #now: () => number;
  readonly #submissions: SlidingWindow;
  readonly #receiptFailures: SlidingWindow;

  constructor(options: PublicThrottleOptions) {
    this.#now = options.now;
    const windowMs = options.windowMs ?? 60 * 60_000;
    const maxKeys = options.maxKeys ?? 100_000;
    this.#submissions = new SlidingWindow(windowMs, options.maxSubmissions ?? 20, maxKeys);
    this.#receiptFailures = new SlidingWindow(windowMs, options.maxReceiptFailures ?? 30, maxKeys);
  }

  /** counts a new submission from `client` when the limit allows it */
  submissionAttempt(client: string): ThrottleVerdict {
    const now = this.#now();
    const verdict = this.#submissions.verdict(client, now);
    if (verdict.allowed) this.#submissions.hit(client, now);
    return verdict;
  }

  /** whether `client` may try a receipt code now; the attempt counts only if it fails */
  receiptAttempt(client: string): ThrottleVerdict {
    return this.#receiptFailures.verdict(client, this.#now());
  }

  receiptFailed(client: string): void {
    this.#receiptFailures.hit(client, this.#now());
  }

  receiptSucceeded(client: string): void {
    this.#receiptFailures.clear(client);
  }
}
