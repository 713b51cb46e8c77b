/**
 * The files a party handles in a linkage:
 * - the CLK file it gives the matcher, `ariadne-clk/1`: JSON lines, a header
 *   `{"format":"ariadne-clk/1","schemaSha256":…,"l":…,"count":…}` then one line per record
 *   `{"t":token,"c":base64 CLK,"b":[blocking hashes]}`. It holds random tokens, Bloom filters
 *   and keyed hashes only: never a record id, never a field value;
 * - the token map it keeps to itself, CSV `token,id`, to turn the matcher's answer back into ids.
 *
 * A CLK file comes from the other side, so the reader treats it as hostile: lines are capped at
 * 64 KiB while they stream in, the record count is capped before anything is allocated for it,
 * every value is checked for shape and length, and every refusal names the line.
 */

import { parse } from 'csv-parse/sync';
import { AriadneError, type ErrorCode } from '@ariadne/schema';
import type { ClkSet } from './types.ts';
import { MAX_CLK_BITS, MIN_CLK_BITS } from './linkage-schema.ts';

export const CLK_FORMAT = 'ariadne-clk/1';
export const DEFAULT_MAX_RECORDS = 2_000_000;
export const MAX_LINE_BYTES = 64 * 1024;
/** at most this many blocking hashes per record (schemas have at most 32 blocking keys) */
const MAX_BLOCKS_PER_RECORD = 32;

const TOKEN = /^[0-9a-f]{32}$/;
const BLOCK_HASH = /^[0-9a-f]{16}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface ReadClkFileOptions {
  /** refuse files announcing or holding more records than this (default 2,000,000) */
  readonly maxRecords?: number;
  /** refuse a file made with another schema */
  readonly expectSchemaSha256?: string;
}

/** what `readClkFile` reads: the whole text, its bytes, or a stream of chunks (a Node Readable) */
export type ClkFileInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

function lineError(code: ErrorCode, line: number, message: string): AriadneError {
  return new AriadneError(code, `CLK file, line ${line}: ${message}`, { details: { line: String(line) } });
}

function checkSetShape(set: ClkSet): number {
  const words = set.l / 32;
  if (!Number.isInteger(words) || set.l < MIN_CLK_BITS || set.l > MAX_CLK_BITS || set.l % 64 !== 0) {
    throw new AriadneError('VALIDATION_FAILED', `A CLK set of ${set.l} bits cannot be written: l must be a multiple of 64 in ${MIN_CLK_BITS}–${MAX_CLK_BITS}.`);
  }
  const count = set.tokens.length;
  if (set.clks.length !== count * words || set.blocks.length !== count) {
    throw new AriadneError('VALIDATION_FAILED', 'The CLK set is inconsistent: tokens, CLKs and blocks differ in number.');
  }
  if (!SHA256_HEX.test(set.schemaSha256)) throw new AriadneError('VALIDATION_FAILED', 'The CLK set has no valid schema SHA-256.');
  return words;
}

/** the CLK's bytes: bit p is bit (p mod 8) of byte ⌊p/8⌋, i.e. the words little-endian */
function clkBytes(clks: Uint32Array, offset: number, words: number): Buffer {
  const bytes = Buffer.alloc(words * 4);
  for (let w = 0; w < words; w++) bytes.writeUInt32LE(clks[offset + w]!, 4 * w);
  return bytes;
}

/** The CLK file's lines one by one (header first), each without its newline: for streaming out. */
export function* clkFileLines(set: ClkSet): Generator<string> {
  const words = checkSetShape(set);
  yield JSON.stringify({ format: CLK_FORMAT, schemaSha256: set.schemaSha256, l: set.l, count: set.tokens.length });
  for (let i = 0; i < set.tokens.length; i++) {
    const t = set.tokens[i]!;
    const b = set.blocks[i]!;
    if (!TOKEN.test(t)) throw new AriadneError('VALIDATION_FAILED', `Record ${i + 1} of the CLK set has a token that is not 32 hex digits.`);
    if (b.some((h) => !BLOCK_HASH.test(h))) throw new AriadneError('VALIDATION_FAILED', `Record ${i + 1} of the CLK set has a blocking hash that is not 16 hex digits.`);
    yield JSON.stringify({ t, c: clkBytes(set.clks, i * words, words).toString('base64'), b });
  }
}

/** The whole CLK file as text (newline after every line). */
export function writeClkFile(set: ClkSet): string {
  let out = '';
  for (const line of clkFileLines(set)) out += `${line}\n`;
  return out;
}

interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function tooLong(line: number): AriadneError {
  return lineError('PAYLOAD_TOO_LARGE', line, `longer than ${MAX_LINE_BYTES} bytes.`);
}

/** the lines of a text already in memory */
function* textLines(text: string): Generator<NumberedLine> {
  let number = 0;
  let start = 0;
  while (start < text.length) {
    let newline = text.indexOf('\n', start);
    if (newline < 0) newline = text.length;
    number++;
    if (newline - start > MAX_LINE_BYTES) throw tooLong(number);
    yield { text: withoutCr(text.slice(start, newline)), number };
    start = newline + 1;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeLine(bytes: Uint8Array, number: number): string {
  try {
    return withoutCr(utf8.decode(bytes));
  } catch (cause) {
    throw new AriadneError('MALFORMED_INPUT', `CLK file, line ${number}: not valid UTF-8.`, { details: { line: String(number) }, cause });
  }
}

/**
 * The lines of a byte stream, split on the newline byte (which UTF-8 never uses inside a
 * character, so chunks may end anywhere) and decoded one by one, so a bad byte is reported on
 * its line. A line is refused as soon as it passes the cap, before more of it is buffered.
 */
async function* streamLines(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): AsyncGenerator<NumberedLine> {
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  let number = 0;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline < 0) {
        if (partsLength + chunk.length - start > MAX_LINE_BYTES) throw tooLong(number + 1);
        if (start < chunk.length) {
          parts.push(new Uint8Array(chunk.subarray(start))); // a copy: the stream may reuse its buffer
          partsLength += chunk.length - start;
        }
        break;
      }
      if (partsLength + newline - start > MAX_LINE_BYTES) throw tooLong(number + 1);
      const piece = chunk.subarray(start, newline);
      const line = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      partsLength = 0;
      number++;
      yield { text: decodeLine(line, number), number };
      start = newline + 1;
    }
  }
  if (partsLength > 0) {
    number++;
    yield { text: decodeLine(Buffer.concat(parts), number), number };
  }
}

function numberedLines(input: ClkFileInput): Iterable<NumberedLine> | AsyncIterable<NumberedLine> {
  if (typeof input === 'string') return textLines(input);
  return streamLines(input instanceof Uint8Array ? [input] : input);
}

function parseJsonObject(line: NumberedLine): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    throw lineError('MALFORMED_INPUT', line.number, line.text === '' ? 'an empty line.' : 'not JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw lineError('MALFORMED_INPUT', line.number, 'not a JSON object.');
  return value as Record<string, unknown>;
}

function checkKeys(object: Record<string, unknown>, expected: readonly string[], line: number): void {
  const keys = Object.keys(object);
  const unknown = keys.find((k) => !expected.includes(k));
  if (unknown !== undefined) throw lineError('MALFORMED_INPUT', line, `unknown key ${JSON.stringify(unknown.slice(0, 40))}.`);
  const missing = expected.find((k) => !(k in object));
  if (missing !== undefined) throw lineError('MALFORMED_INPUT', line, `missing "${missing}".`);
}

interface Header {
  readonly schemaSha256: string;
  readonly l: number;
  readonly count: number;
}

function parseHeader(line: NumberedLine, options: ReadClkFileOptions): Header {
  const h = parseJsonObject(line);
  if (h.format !== CLK_FORMAT) throw lineError('MALFORMED_INPUT', line.number, `not an ${CLK_FORMAT} file (the header's "format" differs).`);
  checkKeys(h, ['format', 'schemaSha256', 'l', 'count'], line.number);
  const { schemaSha256, l, count } = h;
  if (typeof schemaSha256 !== 'string' || !SHA256_HEX.test(schemaSha256)) throw lineError('MALFORMED_INPUT', line.number, '"schemaSha256" is not 64 hex digits.');
  if (typeof l !== 'number' || !Number.isInteger(l) || l % 64 !== 0 || l < MIN_CLK_BITS || l > MAX_CLK_BITS) {
    throw lineError('MALFORMED_INPUT', line.number, `"l" is not a multiple of 64 in ${MIN_CLK_BITS}–${MAX_CLK_BITS}.`);
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw lineError('MALFORMED_INPUT', line.number, '"count" is not a whole number.');
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  if (count > maxRecords) throw lineError('PAYLOAD_TOO_LARGE', line.number, `announces ${count} records; at most ${maxRecords} are accepted.`);
  if (options.expectSchemaSha256 !== undefined && schemaSha256 !== options.expectSchemaSha256) {
    throw lineError('VALIDATION_FAILED', line.number, 'made with another linkage schema than this linkage uses (schema SHA-256 differs).');
  }
  return { schemaSha256, l, count };
}

/** grows a word array by doubling, so a header's count cannot make us allocate up front */
class WordBuffer {
  words = new Uint32Array(0);
  length = 0;

  reserve(more: number, limit: number): void {
    if (this.length + more <= this.words.length) return;
    const next = new Uint32Array(Math.min(Math.max(this.words.length * 2, this.length + more, 1024), Math.max(limit, this.length + more)));
    next.set(this.words.subarray(0, this.length));
    this.words = next;
  }
}

/**
 * Reads and checks a CLK file. Refuses, naming the line: bad UTF-8, a line that is not JSON or
 * has unknown or missing keys (MALFORMED_INPUT), another format, a token that is not 32 hex
 * digits, a CLK of the wrong length or bad base64, malformed or repeated blocking hashes; lines
 * over 64 KiB and more records than `maxRecords` (PAYLOAD_TOO_LARGE); a repeated token, a record
 * count other than the header's, another schema than `expectSchemaSha256` (VALIDATION_FAILED).
 */
export async function readClkFile(input: ClkFileInput, options: ReadClkFileOptions = {}): Promise<ClkSet> {
  let header: Header | undefined;
  let words = 0;
  let base64Length = 0;
  const tokens: string[] = [];
  const seen = new Set<string>();
  const blocks: string[][] = [];
  const clks = new WordBuffer();
  let lastLine = 0;
  for await (const line of numberedLines(input)) {
    lastLine = line.number;
    if (header === undefined) {
      header = parseHeader(line, options);
      words = header.l / 32;
      base64Length = 4 * Math.ceil((words * 4) / 3);
      continue;
    }
    if (tokens.length >= header.count) throw lineError('VALIDATION_FAILED', line.number, `more records than the header's count (${header.count}).`);
    const r = parseJsonObject(line);
    checkKeys(r, ['t', 'c', 'b'], line.number);
    const { t, c, b } = r;
    if (typeof t !== 'string' || !TOKEN.test(t)) throw lineError('MALFORMED_INPUT', line.number, '"t" is not a token of 32 hex digits.');
    if (seen.has(t)) throw lineError('VALIDATION_FAILED', line.number, 'repeats the token of an earlier record.');
    if (typeof c !== 'string' || c.length !== base64Length || !BASE64.test(c)) {
      throw lineError('MALFORMED_INPUT', line.number, `"c" is not a base64 CLK of ${header.l} bits.`);
    }
    const bytes = Buffer.from(c, 'base64');
    if (bytes.length !== words * 4 || bytes.toString('base64') !== c) throw lineError('MALFORMED_INPUT', line.number, `"c" is not a base64 CLK of ${header.l} bits.`);
    if (!Array.isArray(b) || b.length > MAX_BLOCKS_PER_RECORD) {
      throw lineError('MALFORMED_INPUT', line.number, `"b" is not a list of at most ${MAX_BLOCKS_PER_RECORD} blocking hashes.`);
    }
    if (!b.every((h): h is string => typeof h === 'string' && BLOCK_HASH.test(h))) throw lineError('MALFORMED_INPUT', line.number, '"b" holds a value that is not 16 hex digits.');
    if (new Set(b).size !== b.length) throw lineError('MALFORMED_INPUT', line.number, '"b" repeats a blocking hash.');
    seen.add(t);
    tokens.push(t);
    blocks.push(b);
    clks.reserve(words, header.count * words);
    for (let w = 0; w < words; w++) clks.words[clks.length + w] = bytes.readUInt32LE(4 * w);
    clks.length += words;
  }
  if (header === undefined) throw lineError('MALFORMED_INPUT', 1, 'the file is empty (no header).');
  if (tokens.length !== header.count) {
    throw lineError('VALIDATION_FAILED', lastLine, `the header announces ${header.count} records but the file holds ${tokens.length}.`);
  }
  return { schemaSha256: header.schemaSha256, l: header.l, tokens, clks: clks.words.slice(0, clks.length), blocks };
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The party's private token map as CSV (`token,id` header, then one row per record). Keep it secret. */
export function writeTokenMap(tokenToId: ReadonlyMap<string, string>): string {
  let out = 'token,id\n';
  for (const [token, id] of tokenToId) {
    if (!TOKEN.test(token)) throw new AriadneError('VALIDATION_FAILED', 'A token of the map is not 32 hex digits.');
    out += `${token},${csvField(id)}\n`;
  }
  return out;
}

/** Reads a token map written by `writeTokenMap`; refuses a bad header, token or repeated token, naming the row. */
export function readTokenMap(text: string): Map<string, string> {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  } catch (cause) {
    throw new AriadneError('MALFORMED_INPUT', 'The token map is not valid CSV.', { cause });
  }
  const [header, ...records] = rows;
  if (!header || header.length !== 2 || header[0] !== 'token' || header[1] !== 'id') {
    throw new AriadneError('MALFORMED_INPUT', 'The token map must start with the header "token,id".', { details: { row: '1' } });
  }
  const map = new Map<string, string>();
  records.forEach(([token, id], i) => {
    const row = String(i + 2);
    if (token === undefined || id === undefined || !TOKEN.test(token)) {
      throw new AriadneError('MALFORMED_INPUT', `Token map, row ${row}: not a token of 32 hex digits and an id.`, { details: { row } });
    }
    if (map.has(token)) throw new AriadneError('VALIDATION_FAILED', `Token map, row ${row}: repeats a token.`, { details: { row } });
    map.set(token, id);
  });
  return map;
}
