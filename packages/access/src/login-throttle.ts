/**
 * Sign-in throttling (OWASP Authentication Cheat Sheet, "Account lockout" and "Login throttling").
 * Two independent guards:
 *
 * 1. a sliding-window rate limit on attempts per username and per client key (e.g. IP), kept in
 *    memory by `LoginThrottle` with an injected clock;
 * 2. the lockout rule `lockoutUntil`: every 5th consecutive failure locks the account, for 15
 *    minutes the first time and twice as long each further time, at most 24 hours. The count of
 *    consecutive failures lives in the store, so lockouts survive restarts.
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle({ now: () => Date.now() });
 * const verdict = throttle.attempt('alice', '203.0.113.7');
 * if (!verdict.allowed) reply429(verdict.retryAfterMs);
 * lockoutUntil(5, new Date()); // now + 15 min
 * ```
 */

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_BASE_MS = 15 * 60_000;
export const LOCKOUT_MAX_MS = 24 * 60 * 60_000;

/** When the account locks after `consecutiveFailures` failures, or null when it does not. */
export function lockoutUntil(consecutiveFailures: number, now: Date): Date | null {
  if (consecutiveFailures < LOCKOUT_THRESHOLD || consecutiveFailures % LOCKOUT_THRESHOLD !== 0) return null;
  const round = consecutiveFailures / LOCKOUT_THRESHOLD - 1;
  const ms = Math.min(LOCKOUT_BASE_MS * 2 ** Math.min(round, 32), LOCKOUT_MAX_MS);
  return new Date(now.getTime() + ms);
}

/** True while `lockedUntil` lies in the future. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

export interface LoginThrottleOptions {
  /** milliseconds since the epoch; injected so tests control time */
  readonly now: () => number;
  readonly windowMs?: number;
  readonly maxPerUsername?: number;
  readonly maxPerClient?: number;
  /** bound on remembered keys, so a flood of distinct names cannot exhaust memory */
  readonly maxKeys?: number;
}

export interface ThrottleVerdict {
  readonly allowed: boolean;
  /** when not allowed: how long until the oldest attempt leaves the window */
  readonly retryAfterMs: number;
}

/** Sliding-window attempt counter per username and per client key. */
export class LoginThrottle {
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #maxPerUsername: number;
  readonly #maxPerClient: number;
  readonly #maxKeys: number;
  readonly #attempts = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions) {
    this.#now = options.now;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#maxPerUsername = options.maxPerUsername ?? 10;
    this.#maxPerClient = options.maxPerClient ?? 50;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Records an attempt when both limits allow it; refused attempts are not counted. */
  attempt(username: string, clientKey: string): ThrottleVerdict {
    const now = this.#now();
    const userKey = `u:${username.toLowerCase()}`;
    const clientKeyed = `c:${clientKey}`;
    const user = this.#live(userKey, now);
    const client = this.#live(clientKeyed, now);
    const retry = Math.max(
      user.length >= this.#maxPerUsername ? this.#retryAfter(user, now) : 0,
      client.length >= this.#maxPerClient ? this.#retryAfter(client, now) : 0,
    );
    if (retry > 0) return { allowed: false, retryAfterMs: retry };
    this.#push(userKey, user, now);
    this.#push(clientKeyed, client, now);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Forgets a username's attempts (after a successful sign-in). */
  reset(username: string): void {
    this.#attempts.delete(`u:${username.toLowerCase()}`);
  }

  #live(key: string, now: number): number[] {
    const list = this.#attempts.get(key);
    if (!list) return [];
    const live = list.filter((t) => now - t < this.#windowMs);
    if (live.length === 0) this.#attempts.delete(key);
    else this.#attempts.set(key, live);
    return live;
  }

  #retryAfter(list: readonly number[], now: number): number {
    return Math.max(1, (list[0] ?? now) + this.#windowMs - now);
  }

  #push(key: string, list: number[], now: number): void {
    list.push(now);
    this.#attempts.delete(key);
    this.#attempts.set(key, list); // re-insert: Map order doubles as least-recently-used order
    while (this.#attempts.size > this.#maxKeys) {
      const oldest = this.#attempts.keys().next().value;
      if (oldest === undefined) break;
      this.#attempts.delete(oldest);
    }
  }
}
