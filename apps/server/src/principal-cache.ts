/**
 * A short-lived cache of resolved credentials (credential → user and case memberships), so that a
 * burst of API reads costs one database round trip per request instead of two.
 *
 * Why it is safe: entries live at most `ttlMs` (default 2 s), every write through this server
 * process clears the whole cache (so a revoked token, a disabled user or a removed membership
 * takes effect at once here), and another server process sees such a change within `ttlMs`.
 * A session's own expiry is checked on every use. A lookup that raced a write (read the database
 * before the write committed, finished after it cleared the cache) is not stored: `set` takes the
 * generation seen when the lookup began, and every `clear` starts a new one.
 */
import type { Authenticated } from '@ariadne/store';

const MAX_ENTRIES = 10_000;

export class PrincipalCache {
  readonly #entries = new Map<string, { readonly auth: Authenticated<unknown>; readonly at: number }>();
  readonly #ttlMs: number;
  #generation = 0;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get<C>(key: string, now: number): Authenticated<C> | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at >= this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.auth as Authenticated<C>;
  }

  /** take this before reading the database; pass it to `set` */
  get generation(): number {
    return this.#generation;
  }

  set(key: string, auth: Authenticated<unknown>, now: number, generation: number): void {
    if (this.#ttlMs <= 0 || generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { auth, at: now });
  }

  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
