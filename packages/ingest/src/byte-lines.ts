/**
 * Splits a byte stream into lines (LF or CRLF) without decoding it, so each line can be decoded
 * on its own and an invalid byte sequence named by its line. Holds at most one line, and never
 * more than `maxLineBytes` of it: an overlong line is dropped up to its end and reported.
 */

export type ByteLine =
  | { readonly line: number; readonly bytes: Uint8Array; readonly offset: number }
  | { readonly line: number; readonly tooLong: true; readonly offset: number };

const LF = 0x0a;
const CR = 0x0d;

function join(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function stripCr(bytes: Uint8Array): Uint8Array {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/**
 * Yields every line with its 1-based number and the byte offset just past it.
 *
 * @example for await (const l of splitByteLines(file.chunks(), 4 << 20)) if ('bytes' in l) …
 */
export async function* splitByteLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<ByteLine> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let overlong = false;
  let line = 0;
  let offset = 0;
  const finish = (): ByteLine => {
    line += 1;
    const result: ByteLine = overlong ? { line, tooLong: true, offset } : { line, bytes: stripCr(join(parts, length)), offset };
    parts = [];
    length = 0;
    overlong = false;
    return result;
  };
  const append = (piece: Uint8Array): void => {
    if (overlong) return;
    if (length + piece.length > maxLineBytes + 1) {
      overlong = true; // +1 leaves room for a CR before the LF
      parts = [];
      length = 0;
      return;
    }
    // copy: the stream may reuse its buffers
    parts.push(piece.slice());
    length += piece.length;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LF, start);
      if (end < 0) break;
      append(chunk.subarray(start, end));
      offset += end + 1 - start;
      yield finish();
      start = end + 1;
    }
    append(chunk.subarray(start));
    offset += chunk.length - start;
  }
  if (length > 0 || overlong) yield finish();
}
