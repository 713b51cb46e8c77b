/**
 * Streaming CSV reading for the monitoring importers (HXL, ACLED, HTCDS), with limits, and the
 * small pieces every importer shares: the place resolver it is given, the result it returns,
 * problems per record, coordinates, counts, duplicate keys and formula-looking cells.
 *
 * Reading is two steps:
 * 1. `RecordSplitter` finds where each record ends (RFC 4180: a quote opens a quoted field only
 *    at the start of a field; `""` inside quotes is a quote) and enforces the limits. It is our
 *    own code, not csv-parse's, for safety: csv-parse's `max_record_size` error is fatal to the
 *    parser (and with `skip_records_with_error` it drops the rest of the chunk it was in, silently),
 *    so one hostile 50 MB field or one unclosed quote would lose the rest of the file. Here a bad
 *    record costs that record only: reading resumes at the line after the one it started on, and
 *    no more than `maxRecordChars` characters are ever held for one record.
 * 2. csv-parse turns each batch of records (already bounded and complete) into fields: unquoting,
 *    doubled quotes and stray quotes are its job (relax_quotes: a quote inside an unquoted field,
 *    or text after a closing quote, is kept as text).
 *
 * Encoding: UTF-8 by default (a UTF-8 BOM is dropped; a UTF-16 BOM switches to UTF-16). Bytes that
 * are not UTF-8 (a Latin-1 file, binary garbage) make their record a problem naming the
 * `encoding` option, not a misread value; a NUL character does too. Nothing in a cell is ever
 * evaluated: `=HYPERLINK(...)` is kept as the text it is (see `looksLikeFormula`).
 *
 * Record numbers are the 1-based line a record starts on, as a text editor shows it.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { AriadneError } from '@ariadne/schema';
import { EXPLOITATION_FORMS, type ExploitationForm, type ImportResult, type Place, type RecordProblem } from '../types.ts';

/** Longest record read (characters); longer ones are one problem each. 1 Mi: a long free-text note fits. */
export const MAX_RECORD_CHARS = 1 << 20;
/** Most fields in a record: the widest format read here (HTCDS) has 83 fields. */
export const MAX_FIELDS = 1_000;
/** Most records in a file (good and bad): an ACLED export of the whole world is about 2.5 million. */
export const MAX_RECORDS = 10_000_000;
/** Largest input, in bytes (characters for text input). */
export const MAX_BYTES = 4 * 1024 ** 3;
/** Most problems listed one by one; the rest are counted (`problemsNotListed`), so a file of garbage cannot fill memory. */
export const MAX_PROBLEMS = 100_000;

export type CsvInput = string | Uint8Array | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface CsvLimits {
  readonly maxRecordChars?: number;
  readonly maxFields?: number;
  readonly maxRecords?: number;
  readonly maxBytes?: number;
}

export interface CsvReadOptions extends CsvLimits {
  /** A WHATWG encoding label ("utf-8", "windows-1252", "latin1", "windows-1256"); default UTF-8. A byte order mark wins. */
  readonly encoding?: string;
  /** One character; default ",". */
  readonly delimiter?: string;
}

/** One record: its fields, or the reason it could not be read. */
export type CsvRecord =
  | { readonly line: number; readonly fields: string[]; readonly problem?: undefined }
  | { readonly line: number; readonly fields?: undefined; readonly problem: string };

/** A record as the splitter found it: its text, or why it was refused. */
interface RawRecord {
  readonly line: number;
  readonly text?: string;
  readonly problem?: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

function escapeForClass(ch: string): string {
  return /[\\\]^-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Finds record boundaries in text fed in chunks, holding at most one record (bounded by
 * `maxRecordChars`) between chunks. Scanning resumes where it stopped, so a record split over
 * many chunks is scanned once.
 */
class RecordSplitter {
  private buf = '';
  /** start of the current record */
  private pos = 0;
  /** scanned up to here for the current record */
  private scan = 0;
  private fieldStart = 0;
  private inQuotes = false;
  private hadQuotes = false;
  private fields = 1;
  /** the line the current record starts on */
  private line = 1;
  /** after an oversized record whose line did not end in the buffer: discard up to the next line break */
  private skipping = false;
  private readonly special: RegExp;

  constructor(private readonly delimiter: string, private readonly maxChars: number, private readonly maxFields: number) {
    this.special = new RegExp(`["\\n${escapeForClass(delimiter)}]`, 'g');
  }

  feed(text: string, final: boolean, out: RawRecord[]): void {
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos);
      this.scan -= this.pos;
      this.fieldStart -= this.pos;
      this.pos = 0;
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    for (;;) {
      const buf = this.buf;
      if (this.skipping) {
        const nl = buf.indexOf('\n', this.pos);
        if (nl < 0) { this.restart(buf.length); return; }
        this.line++;
        this.skipping = false;
        this.restart(nl + 1);
        continue;
      }
      if (this.pos >= buf.length) return;
      const end = this.findEnd(final);
      if (this.scan - this.pos > this.maxChars) { this.refuse(`the record is longer than ${this.maxChars} characters`, out); continue; }
      if (end >= 0) { this.emit(end, out); continue; }
      if (!final) return;
      if (this.inQuotes) { this.refuse('a quoted field opened in this record is never closed (an unbalanced quote); the lines after it are read again as records', out); continue; }
      this.emit(buf.length, out);
      return;
    }
  }

  private restart(at: number): void {
    this.pos = this.scan = this.fieldStart = at;
    this.inQuotes = false;
    this.hadQuotes = false;
    this.fields = 1;
  }

  /** The index of the line feed ending the current record, or -1 when the buffer (or the size window) ends first. */
  private findEnd(final: boolean): number {
    const buf = this.buf;
    const n = Math.min(buf.length, this.pos + this.maxChars + 2);
    let i = this.scan;
    while (i < n) {
      if (this.inQuotes) {
        const q = buf.indexOf('"', i);
        if (q < 0 || q >= n) { i = n; break; }
        if (q + 1 >= n) {
          if (final && n === buf.length) { this.inQuotes = false; i = n; break; }
          i = q;
          break;
        }
        if (buf.charCodeAt(q + 1) === QUOTE) { i = q + 2; continue; }
        this.inQuotes = false;
        i = q + 1;
        continue;
      }
      this.special.lastIndex = i;
      const m = this.special.exec(buf);
      if (m === null || m.index >= n) { i = n; break; }
      const at = m.index;
      const c = buf.charCodeAt(at);
      if (c === LF) { this.scan = at; return at; }
      if (c === QUOTE) {
        if (at === this.fieldStart) { this.inQuotes = true; this.hadQuotes = true; }
        i = at + 1;
        continue;
      }
      this.fields++;
      this.fieldStart = at + 1;
      i = at + 1;
    }
    this.scan = i;
    return -1;
  }

  /** The current record is refused; reading resumes at the line after the one it starts on. */
  private refuse(problem: string, out: RawRecord[]): void {
    out.push({ line: this.line, problem });
    const nl = this.buf.indexOf('\n', this.pos);
    if (nl < 0) {
      // the line goes on past the buffer: skip to its end (its line break counts the line)
      this.skipping = true;
      this.restart(this.buf.length);
      return;
    }
    this.line++;
    this.restart(nl + 1);
  }

  private emit(end: number, out: RawRecord[]): void {
    const buf = this.buf;
    const start = this.pos;
    const stop = end > start && buf.charCodeAt(end - 1) === CR ? end - 1 : end;
    const line = this.line;
    let spanned = 0;
    if (this.hadQuotes) for (let i = buf.indexOf('\n', start); i >= 0 && i < end; i = buf.indexOf('\n', i + 1)) spanned++;
    const fields = this.fields;
    this.line += spanned + (end < buf.length ? 1 : 0);
    this.restart(end + 1);
    if (stop === start) return; // a blank line is not a record
    const text = buf.slice(start, stop);
    if (fields > this.maxFields) out.push({ line, problem: `the record has ${fields} fields; at most ${this.maxFields} are read` });
    else if (text.includes('\0')) out.push({ line, problem: 'the record contains a NUL character (a binary file, or UTF-16 without a byte order mark?)' });
    else if (text.includes('\uFFFD')) out.push({ line, problem: 'the record contains bytes that are not valid UTF-8; convert the file to UTF-8 or give its encoding (for example encoding: "windows-1252")' });
    else out.push({ line, text });
  }
}

const CSV_PARSE_OPTIONS = { record_delimiter: '\n', relax_quotes: true, relax_column_count: true, bom: false, skip_empty_lines: false } as const;

/** Fields of each record, by csv-parse; one parse per batch, one per record only if the batch's count disagrees. */
function toFields(raw: readonly RawRecord[], delimiter: string): CsvRecord[] {
  const texts = raw.filter((r) => r.text !== undefined).map((r) => r.text!);
  let parsed: string[][] | undefined;
  try {
    parsed = parse(texts.join('\n'), { ...CSV_PARSE_OPTIONS, delimiter }) as string[][];
    if (parsed.length !== texts.length) parsed = undefined;
  } catch {
    parsed = undefined;
  }
  const out: CsvRecord[] = [];
  let k = 0;
  for (const r of raw) {
    if (r.text === undefined) { out.push({ line: r.line, problem: r.problem! }); continue; }
    let fields = parsed?.[k];
    k++;
    if (fields === undefined) {
      try {
        fields = (parse(r.text, { ...CSV_PARSE_OPTIONS, delimiter }) as string[][])[0];
      } catch {
        fields = undefined;
      }
    }
    out.push(fields === undefined ? { line: r.line, problem: 'the record cannot be parsed as CSV' } : { line: r.line, fields });
  }
  return out;
}

function tooLarge(what: string): AriadneError {
  return new AriadneError('PAYLOAD_TOO_LARGE', `The file is larger than allowed: ${what}.`, { details: { file: what } });
}

function decoderFor(first: Uint8Array, encoding: string | undefined): TextDecoder {
  let label = encoding ?? 'utf-8';
  if (first[0] === 0xff && first[1] === 0xfe) label = 'utf-16le';
  else if (first[0] === 0xfe && first[1] === 0xff) label = 'utf-16be';
  else if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) label = 'utf-8';
  return new TextDecoder(label);
}

function checkEncoding(encoding: string | undefined): void {
  if (encoding === undefined) return;
  try {
    new TextDecoder(encoding);
  } catch {
    throw new AriadneError('VALIDATION_FAILED', `Unknown encoding "${encoding.slice(0, 40)}"; use a WHATWG label such as utf-8, windows-1252 or latin1.`, { details: { encoding: 'unknown' } });
  }
}

/** Text of the input, decoded, in chunks; counts bytes against `maxBytes`. */
async function* decodeInput(input: CsvInput, encoding: string | undefined, maxBytes: number): AsyncGenerator<string> {
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(`more than ${maxBytes} characters`);
    yield input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return;
  }
  const source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> = input instanceof Uint8Array ? [input] : input;
  let decoder: TextDecoder | undefined;
  let head: Uint8Array | undefined; // the first bytes, held until the byte order mark can be seen
  let bytes = 0;
  let first = true;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      bytes += chunk.length;
      if (bytes > maxBytes) throw tooLarge(`more than ${maxBytes} bytes`);
      const text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      first = false;
      yield text;
      continue;
    }
    bytes += chunk.length;
    if (bytes > maxBytes) throw tooLarge(`more than ${maxBytes} bytes`);
    let data = chunk;
    if (decoder === undefined) {
      data = head === undefined ? chunk : Buffer.concat([head, chunk]);
      if (data.length < 3) { head = data; continue; }
      head = undefined;
      decoder = decoderFor(data, encoding);
    }
    first = false;
    const text = decoder.decode(data, { stream: true });
    if (text.length > 0) yield text;
  }
  if (decoder === undefined && head !== undefined) decoder = decoderFor(head, encoding);
  const rest = decoder?.decode(head ?? new Uint8Array(0)) ?? '';
  if (rest.length > 0) yield rest;
}

/**
 * Reads CSV records from text, bytes or a stream (a Node Readable is an async iterable), one by one.
 *
 * @throws AriadneError PAYLOAD_TOO_LARGE over `maxBytes` or `maxRecords`; VALIDATION_FAILED for a bad delimiter or encoding label
 * @example for await (const r of readCsvRecords(createReadStream('events.csv'))) r.problem ? report(r) : use(r.fields)
 */
export async function* readCsvRecords(input: CsvInput, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new AriadneError('VALIDATION_FAILED', 'The CSV delimiter must be one character other than a quote or a line break.', { details: { delimiter: 'one character' } });
  }
  checkEncoding(options.encoding);
  const maxRecords = options.maxRecords ?? MAX_RECORDS;
  const splitter = new RecordSplitter(delimiter, options.maxRecordChars ?? MAX_RECORD_CHARS, options.maxFields ?? MAX_FIELDS);
  let count = 0;
  const drain = function* (raw: RawRecord[]): Generator<CsvRecord> {
    count += raw.length;
    if (count > maxRecords) throw tooLarge(`more than ${maxRecords} records`);
    yield* toFields(raw, delimiter);
  };
  for await (const text of decodeInput(input, options.encoding, options.maxBytes ?? MAX_BYTES)) {
    const raw: RawRecord[] = [];
    splitter.feed(text, false, raw);
    if (raw.length > 0) yield* drain(raw);
  }
  const raw: RawRecord[] = [];
  splitter.feed('', true, raw);
  yield* drain(raw);
}

// ---------------------------------------------------------------------------------------------
// What the importers share

/** What an importer asks of the place resolver (text as the file has it, coordinates parsed). */
export interface PlaceQuery {
  readonly country?: string;
  readonly admin?: string;
  readonly lat?: number;
  readonly lon?: number;
}

/** Resolves a place to an ISO country (and P-code where a boundary file is loaded), or says why not. */
export type PlaceResolver = (text: PlaceQuery) => Place | { problem: string };

/** An import's result: the items, one problem per refused record, and notes on the file as a whole. */
export interface MonitoringImport<T> extends ImportResult<T> {
  /**
   * Remarks on the file (columns ignored, duplicates dropped, cells that look like spreadsheet
   * formulas, values defaulted), each with its count. Column names and counts, never a person's data.
   */
  readonly notes: string[];
  /** Data records read, good and bad (header rows not counted). */
  readonly records: number;
  /** Problems past `maxProblems`, counted but not listed. */
  readonly problemsNotListed: number;
}

export interface ImportOptions extends CsvReadOptions {
  /** Names the file in ids ("hxl:<sourceName>#<line>"); default "file". */
  readonly sourceName?: string;
  /** Stops listing problems after this many (they are still counted). */
  readonly maxProblems?: number;
  /** "Today" for the future-date check (see dates.ts). */
  readonly today?: Date;
}

/** Collects problems (capped) and tallied notes while a file is imported. */
export class ImportLog {
  readonly problems: RecordProblem[] = [];
  private notListed = 0;
  private readonly tallies = new Map<string, number>();
  private readonly fixed: string[] = [];

  constructor(private readonly maxProblems = MAX_PROBLEMS) {}

  problem(record: number, message: string): void {
    if (this.problems.length < this.maxProblems) this.problems.push({ record, message });
    else this.notListed++;
  }

  /** A remark counted per record ("3 records: …"). */
  tally(note: string, by = 1): void {
    this.tallies.set(note, (this.tallies.get(note) ?? 0) + by);
  }

  /** A remark on the file as a whole. */
  note(text: string): void {
    this.fixed.push(text);
  }

  result<T>(items: T[], records: number): MonitoringImport<T> {
    const notes = [...this.fixed, ...[...this.tallies].map(([note, n]) => `${n} record${n === 1 ? '' : 's'}: ${note}`)];
    if (this.notListed > 0) notes.push(`${this.notListed} further problems were counted but not listed (the list stops at ${this.maxProblems})`);
    return { items, problems: this.problems, notes, records, problemsNotListed: this.notListed };
  }
}

/** Index of each wanted column in a header, matched without regard to case or surrounding spaces; -1 when absent. */
export function columnIndexes<K extends string>(header: readonly string[], names: Readonly<Record<K, string>>): Record<K, number> {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!at.has(key)) at.set(key, i);
  });
  const out = {} as Record<K, number>;
  for (const k of Object.keys(names) as K[]) out[k] = at.get(names[k].toLowerCase()) ?? -1;
  return out;
}

/** The trimmed cell at `i`, '' when the column is absent or the record is short. */
export function cell(fields: readonly string[], i: number): string {
  return i < 0 ? '' : (fields[i] ?? '').trim();
}

/**
 * True when a spreadsheet would run the cell as a formula (it starts with =, +, -, @, a tab or a
 * carriage return) and it is not simply a number. Such cells are kept as text and counted in the
 * notes: whoever exports them again must escape them (OWASP CSV injection).
 */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(?:\.\d+)?$/.test(value);
}

/** A number of persons: '' is absent, otherwise a whole number from 0. */
export function parseCount(text: string, what: string): number | undefined | { problem: string } {
  const t = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return undefined;
  if (!/^\d{1,9}$/.test(t)) return { problem: `${what} "${text.trim().slice(0, 40)}" is not a whole number from 0` };
  return Number(t);
}

function parseCoordinate(text: string, what: 'latitude' | 'longitude'): number | undefined | { problem: string } {
  const t = text.trim();
  if (t === '') return undefined;
  const limit = what === 'latitude' ? 90 : 180;
  const n = /^[+-]?\d{1,3}(?:\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(n) || Math.abs(n) > limit) return { problem: `${what} "${t.slice(0, 40)}" is not a number from -${limit} to ${limit}` };
  return n;
}

/** Text of a place as a record gives it; coordinates still as text. */
export interface PlaceCells {
  readonly country?: string;
  readonly admin?: string;
  readonly lat?: string;
  readonly lon?: string;
}

/**
 * Checks the coordinates and asks the resolver. A record with no place at all, one coordinate
 * without the other, or a place the resolver does not know is a problem for that record.
 */
export function resolveRecordPlace(resolve: PlaceResolver, cells: PlaceCells): Place | { problem: string } {
  const lat = parseCoordinate(cells.lat ?? '', 'latitude');
  const lon = parseCoordinate(cells.lon ?? '', 'longitude');
  if (typeof lat === 'object') return lat;
  if (typeof lon === 'object') return lon;
  if ((lat === undefined) !== (lon === undefined)) return { problem: 'the record gives a latitude without a longitude, or a longitude without a latitude' };
  const country = cells.country?.trim() || undefined;
  const admin = cells.admin?.trim() || undefined;
  if (country === undefined && admin === undefined && lat === undefined) return { problem: 'the record names no place (no country, admin area or coordinates)' };
  const query: { country?: string; admin?: string; lat?: number; lon?: number } = {};
  if (country !== undefined) query.country = country;
  if (admin !== undefined) query.admin = admin;
  if (lat !== undefined && lon !== undefined) { query.lat = lat; query.lon = lon; }
  const place = resolve(query);
  if ('problem' in place) return { problem: `unknown place: ${place.problem}` };
  return place;
}

/**
 * Remembers a key per record to find duplicates within a file. Keys are kept as 96-bit hashes, so
 * memory stays small per record whatever the key's length, and no cell text is kept.
 */
export class DuplicateIndex {
  private readonly seen = new Map<string, number>();

  /** The line of the earlier record with this key, or undefined (and the key is remembered for `line`). */
  firstLine(key: string, line: number): number | undefined {
    const h = createHash('sha256').update(key).digest('base64').slice(0, 16);
    const earlier = this.seen.get(h);
    if (earlier === undefined) this.seen.set(h, line);
    return earlier;
  }
}

/** "Forced Labour", "ForcedLabour", "forced-labour" -> "forced_labour". */
export function vocabularyKey(text: string): string {
  return text.trim().replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9:]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Words sources use for a form of exploitation, beyond the closed list's own names (HTCDS 2.0 values included). */
const FORM_SYNONYMS: ReadonlyMap<string, ExploitationForm> = new Map([
  ['sexual', 'sexual_exploitation'], ['sex', 'sexual_exploitation'], ['sex_exploitation', 'sexual_exploitation'], ['sexual_exploit', 'sexual_exploitation'],
  ['forced_labor', 'forced_labour'], ['labour', 'forced_labour'], ['labor', 'forced_labour'], ['labour_exploitation', 'forced_labour'],
  ['child_labour', 'forced_labour'], ['child_labor', 'forced_labour'], ['begging', 'forced_labour'], ['forced_begging', 'forced_labour'],
  ['organ_removal', 'removal_of_organs'], ['organs', 'removal_of_organs'], ['removal_of_organ', 'removal_of_organs'],
  ['marriage', 'forced_marriage'], ['child_marriage', 'forced_marriage'],
  ['child_soldiers', 'child_recruitment'], ['recruitment_of_children', 'child_recruitment'],
  ['sale', 'sale_of_persons'], ['sale_of_children', 'sale_of_persons'],
  ['domestic_servitude', 'servitude'],
]);

/**
 * Forms of exploitation in a multi-valued cell ("ForcedLabour; SexualExploitation"). Empty is
 * ['unknown']; a value outside the list and its synonyms becomes 'other' and is reported in
 * `unmapped`, never dropped.
 */
export function exploitationForms(text: string): { forms: ExploitationForm[]; unmapped: number } {
  const forms = new Set<ExploitationForm>();
  let unmapped = 0;
  for (const part of text.split(/[;|,]/)) {
    const key = vocabularyKey(part);
    if (key === '') continue;
    const form = (EXPLOITATION_FORMS as readonly string[]).includes(key) ? key as ExploitationForm : FORM_SYNONYMS.get(key);
    if (form === undefined) { forms.add('other'); unmapped++; } else forms.add(form);
  }
  return { forms: forms.size === 0 ? ['unknown'] : [...forms], unmapped };
}
