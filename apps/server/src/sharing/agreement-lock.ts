/**
 * One send at a time per agreement, in this process. A package's manifest carries its sequence
 * number, so the number is read before the package is written and reserved by the store after;
 * serialising the sends under one agreement keeps the numbers gap-free and each package's
 * manifest equal to its record. (The store's row lock still guards against another process: a
 * number taken meanwhile makes the send fail rather than travel with a wrong number.)
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** runs `work` once every earlier `run` under `key` has settled */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      // the last in line cleans up, so the map holds only agreements with a send under way
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
