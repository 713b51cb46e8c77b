/**
 * The bridge from Node's async iterables (file streams, generators) to the web `ReadableStream`
 * that age-encryption reads and writes. Pull-based with no buffer of its own, so a slow consumer
 * slows the source instead of piling chunks up in memory.
 */
export function toWebStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  }, { highWaterMark: 0 });
}
