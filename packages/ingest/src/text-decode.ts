/**
 * Decodes a byte stream to text for the CSV reader. A byte order mark decides the encoding
 * (UTF-8, UTF-16LE, UTF-16BE; WHATWG Encoding §4.1 lets the BOM win over a label) and is
 * dropped; otherwise the given label, else UTF-8. UTF-8 is decoded strictly: an invalid byte
 * sequence stops the import with its line number rather than becoming U+FFFD.
 */
import { AriadneError } from '@ariadne/schema';
import { inputFailure } from './input-failure.ts';

function sniffBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Checks an encoding label; returns its canonical name.
 *
 * @throws AriadneError VALIDATION_FAILED for a label TextDecoder does not know
 * @example checkEncoding('Windows-1256') // 'windows-1256'
 */
export function checkEncoding(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new AriadneError('VALIDATION_FAILED', `Unknown encoding ${JSON.stringify(label)}; use a WHATWG label such as utf-8, windows-1256, latin1 or utf-16le.`, { details: { encoding: 'unknown' } });
  }
}

/** the line (relative to the chunk's first) where strict UTF-8 decoding of `chunk` fails */
function badUtf8Line(chunk: Uint8Array): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 0;
  for (;;) {
    const end = chunk.indexOf(0x0a, start);
    if (end < 0) return line;
    try {
      strict.decode(chunk.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
    line += 1;
  }
}

const NOT_UTF8 = 'is not valid UTF-8; give the file\'s encoding with --encoding (for example windows-1256 or latin1)';

export interface DecodedText {
  readonly text: AsyncGenerator<string>;
  /** bytes consumed so far */
  bytesRead(): number;
}

/**
 * @example const { text } = decodeText(file.chunks(), 'windows-1256'); for await (const s of text) …
 */
export function decodeText(chunks: AsyncIterable<Uint8Array>, encoding: string | undefined): DecodedText {
  let bytes = 0;
  async function* run(): AsyncGenerator<string> {
    let decoder: TextDecoder | null = null;
    let line = 1;
    for await (const chunk of chunks) {
      if (decoder === null) {
        const label = sniffBom(chunk) ?? (encoding ? checkEncoding(encoding) : 'utf-8');
        decoder = new TextDecoder(label, { fatal: label === 'utf-8' });
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch (cause) {
        throw inputFailure(line + badUtf8Line(chunk), `Line ${line + badUtf8Line(chunk)} ${NOT_UTF8}.`, cause);
      }
      bytes += chunk.length;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line += 1;
      yield text;
    }
    try {
      const rest = decoder?.decode() ?? '';
      if (rest) yield rest;
    } catch (cause) {
      throw inputFailure(line, `Line ${line} ${NOT_UTF8} (it ends inside a character).`, cause);
    }
  }
  return { text: run(), bytesRead: () => bytes };
}
