/**
 * Decodes a published list's bytes as strict UTF-8 and nothing else: the lists are UTF-8, and a
 * UTF-16 or Latin-1 file decoded as UTF-8 would import mojibake names that never match. A UTF-16
 * byte order mark (or the NUL bytes of UTF-16 text) and any invalid UTF-8 sequence end the input
 * with a clear message instead.
 */
export class ListInputError extends Error {}

function looksUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  // "<?" or "<C" in UTF-16 without a BOM: every other byte is NUL
  return bytes.length >= 4 && ((bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0));
}

/** @example for await (const text of decodeStrictUtf8(fs.createReadStream(path))) … */
export async function* decodeStrictUtf8(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let offset = 0;
  let first = true;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    if (first && bytes.length > 0) {
      first = false;
      if (looksUtf16(bytes)) throw new ListInputError('The file is UTF-16 encoded; sanctions lists are read as UTF-8 only. Re-save it as UTF-8.');
    }
    try {
      const text = decoder.decode(bytes, { stream: true });
      if (text !== '') yield text;
    } catch {
      throw new ListInputError(`The file is not valid UTF-8 (an invalid byte sequence within bytes ${offset}–${offset + bytes.length}); it may be Latin-1 or Windows-1252. Re-save it as UTF-8.`);
    }
    offset += bytes.length;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new ListInputError('The file ends inside a UTF-8 character (truncated, or not UTF-8).');
  }
}
