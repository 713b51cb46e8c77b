/**
 * The files `ariadne finance …` reads and writes besides the transactions themselves: JSON
 * configuration (column maps, rates, typologies, scan context), the checks an input file passes
 * before it is streamed (it exists, it is a file, it is text and not a spreadsheet or an archive),
 * outputs written whole or not at all, and the refused records of a read (counted, the first
 * shown on stderr, every one in the --errors file).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { DetectContext, RecordError } from '@ariadne/finance';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';

/** configuration files are small; a larger one is a wrong path, not a map */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** refused records shown on stderr; the rest are counted (and all written with --errors) */
export const SHOWN_ERRORS = 20;

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/**
 * Reads a JSON configuration file (`what` names it in messages: "column map", "currency table").
 * A missing, unreadable, oversized or non-JSON file is a usage error (exit 2): the configuration
 * is the operator's, not outside data.
 */
export async function readJsonConfig(path: string, what: string, maxBytes = MAX_CONFIG_BYTES): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(EXIT.USAGE, `The ${what} ${path} is not a file.`);
    if (info.size > maxBytes) throw new CliError(EXIT.USAGE, `The ${what} ${path} is larger than ${maxBytes.toLocaleString('en')} bytes; is it the right file?`);
    const handle = await open(path, 'r');
    try {
      text = await handle.readFile({ encoding: 'utf8' });
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = errnoOf(error);
    throw new CliError(EXIT.USAGE, code === 'ENOENT' ? `The ${what} ${path} does not exist.` : `Cannot read the ${what} ${path} (${code}).`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    throw new CliError(EXIT.USAGE, `The ${what} ${path} is not valid JSON.`);
  }
}

/** byte signatures of files people pass by mistake for a CSV */
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly name: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive (an .xlsx or .ods workbook?)' },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'a PDF document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'an old Office document (an .xls workbook?)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], name: 'a zstd archive' },
  { bytes: [0x42, 0x5a, 0x68], name: 'a bzip2 archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], name: 'an SQLite database' },
];
/** share of control characters and undecodable bytes in the first block above which a file is binary */
const MAX_BINARY_SHARE = 0.1;
const SNIFF_BYTES = 8192;

/** what kind of binary file `head` (the file's first bytes) starts, or undefined for text */
export function binaryKind(head: Uint8Array): string | undefined {
  for (const { bytes, name } of SIGNATURES) if (bytes.every((b, i) => head[i] === b)) return name;
  // UTF-16 is named by the CSV reader from its byte order mark
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return undefined;
  if (head.includes(0)) return 'a binary file (it holds NUL bytes; UTF-16 text without a byte order mark?)';
  // a few accented letters of a Latin-1 export are per-record errors, not a binary file
  const text = new TextDecoder('utf-8').decode(head.subarray(0, Math.max(0, head.length - 3)));
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) odd++;
  }
  return text.length > 0 && odd / text.length > MAX_BINARY_SHARE ? 'a binary file' : undefined;
}

export interface TextInput {
  /** bytes in the file */
  readonly size: number;
  /** its first bytes (at most 8 KiB) */
  readonly head: Uint8Array;
}

/**
 * Checks an input file before it is streamed: it exists, is a regular file and starts as text.
 * Anything else is an input error (exit 5) with a one-line message.
 */
export async function checkTextInput(path: string, what: string, expected = 'CSV'): Promise<TextInput> {
  let size: number;
  const head = new Uint8Array(SNIFF_BYTES);
  let read: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(EXIT.INPUT, `The ${what} ${path} is not a file.`);
    size = info.size;
    const handle = await open(path, 'r');
    try {
      ({ bytesRead: read } = await handle.read(head, 0, SNIFF_BYTES, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = errnoOf(error);
    throw new CliError(EXIT.INPUT, code === 'ENOENT' ? `The ${what} ${path} does not exist.` : `Cannot read the ${what} ${path} (${code}).`);
  }
  const kind = binaryKind(head.subarray(0, read));
  if (kind !== undefined) throw new CliError(EXIT.INPUT, `The ${what} ${path} is ${kind}, not ${expected}; export it as ${expected} (UTF-8).`);
  return { size, head: head.subarray(0, read) };
}

/**
 * About how many lines a file of `size` bytes holds, from the length of the lines in its first
 * bytes: the transaction graph's first capacity, so five million rows neither grow the columns
 * three times over nor reserve twice the room they need.
 */
export function estimateLines({ size, head }: TextInput, fallbackLineBytes = 100): number {
  let lines = 0;
  let last = -1;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0x0a) {
      lines++;
      last = i;
    }
  }
  // the header line is often longer than a row; with fewer than two line breaks there is no sample
  const lineBytes = lines >= 2 ? (last + 1) / lines : fallbackLineBytes;
  return Math.ceil(size / lineBytes);
}

async function written(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * A file written beside its target (`NAME.part-PID`, mode 0600: alerts name accounts) and renamed
 * onto it only by `commit`: a failed run leaves no half-written output, and an existing output
 * is replaced in one step.
 */
export class AtomicOutput {
  private buffered: string[] = [];
  private size = 0;

  private constructor(readonly path: string, private readonly part: string, private readonly stream: WriteStream) {}

  /** @throws CliError (exit 2) when the file cannot be created */
  static async open(path: string, what: string): Promise<AtomicOutput> {
    const part = `${path}.part-${process.pid}`;
    const stream = createWriteStream(part, { mode: 0o600, flags: 'w' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new CliError(EXIT.USAGE, `Cannot write the ${what} ${path} (${errnoOf(error)}).`);
    }
    return new AtomicOutput(path, part, stream);
  }

  /** buffers a line (without its line break), writing in chunks of about a megabyte */
  async line(text: string): Promise<void> {
    this.buffered.push(text);
    this.size += text.length + 1;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered.length === 0) return;
    const text = `${this.buffered.join('\n')}\n`;
    this.buffered = [];
    this.size = 0;
    await written(this.stream, text);
  }

  async commit(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    await rename(this.part, this.path);
  }

  async abandon(): Promise<void> {
    this.stream.destroy();
    await rm(this.part, { force: true });
  }
}

/** without --rates, a row in another currency says how to give its rate */
export function ratesHint(ratesGiven: boolean): (error: RecordError) => RecordError {
  if (ratesGiven) return (e) => e;
  return (e) => (e.message.startsWith('no rate for currency') ? { ...e, message: `${e.message}; pass --rates RATES.json with a rate for it` } : e);
}

/** where a refused record came from */
export type RecordSource = 'transactions' | 'accounts';

/**
 * The records a read refused: every one goes to the --errors file as it comes (so five million
 * bad rows never sit in memory), the first `SHOWN_ERRORS` are kept for stderr, the rest counted.
 */
export class RefusedRecords {
  private readonly shown: { source: RecordSource; error: RecordError }[] = [];
  private total = 0;

  /** @param hint added to a message the operator can act on (e.g. "pass --rates") */
  constructor(private readonly file: AtomicOutput | undefined, private readonly hint: (error: RecordError) => RecordError = (e) => e) {}

  get count(): number { return this.total; }

  async add(source: RecordSource, raw: RecordError): Promise<void> {
    const error = this.hint(raw);
    this.total++;
    if (this.shown.length < SHOWN_ERRORS) this.shown.push({ source, error });
    await this.file?.line(JSON.stringify({ file: source, ...error }));
  }

  /** the count and the first refused records, for stderr */
  summary(): string {
    if (this.total === 0) return '';
    const lines = this.shown.map(({ source, error }) => {
      const where = /^\d+$/.test(error.record) ? `line ${error.record}` : `record ${error.record}`;
      return `  ${source === 'accounts' ? 'accounts ' : ''}${where}${error.field === undefined ? '' : ` (${error.field})`}: ${error.message}\n`;
    });
    const more = this.total > this.shown.length
      ? `  … and ${(this.total - this.shown.length).toLocaleString('en')} more${this.file ? ` (every one in ${this.file.path})` : ' (pass --errors FILE.jsonl to list every one)'}\n`
      : '';
    return `${this.total.toLocaleString('en')} record${this.total === 1 ? '' : 's'} refused:\n${lines.join('')}${more}`;
  }

  report(io: Io): void {
    const text = this.summary();
    if (text !== '') io.err(text);
  }
}

const COUNTRY = /^[A-Z]{2}$/;
const CONTEXT_KEYS = new Set(['reportingThreshold', 'homeCountry', 'conflictCountries']);

/**
 * The scan context file (`--context FILE.json`): `{ reportingThreshold, homeCountry,
 * conflictCountries }`, every key optional, as the generator's `context.json` writes it.
 *
 * @throws CliError (exit 2) naming the key at fault
 */
export function parseScanContext(json: unknown): DetectContext {
  const bad = (key: string, message: string) => new CliError(EXIT.USAGE, `The scan context is not valid: ${key} ${message}.`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('(root)', 'must be a JSON object');
  const value = json as Record<string, unknown>;
  const unknown = Object.keys(value).find((k) => !CONTEXT_KEYS.has(k));
  if (unknown !== undefined) throw bad(JSON.stringify(unknown.slice(0, 40)), 'is not a key of it (reportingThreshold, homeCountry, conflictCountries)');
  const context: { -readonly [K in keyof DetectContext]: DetectContext[K] } = {};
  const threshold = value.reportingThreshold;
  if (threshold !== undefined) {
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) throw bad('reportingThreshold', 'must be a positive number');
    context.reportingThreshold = threshold;
  }
  const home = value.homeCountry;
  if (home !== undefined) {
    if (typeof home !== 'string' || !COUNTRY.test(home)) throw bad('homeCountry', 'must be an ISO 3166-1 alpha-2 code in upper case');
    context.homeCountry = home;
  }
  const conflict = value.conflictCountries;
  if (conflict !== undefined) {
    if (!Array.isArray(conflict) || conflict.length > 300 || !conflict.every((c) => typeof c === 'string' && COUNTRY.test(c))) {
      throw bad('conflictCountries', 'must be a list of ISO 3166-1 alpha-2 codes in upper case');
    }
    context.conflictCountries = new Set(conflict as string[]);
  }
  return context;
}
