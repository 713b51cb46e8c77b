/**
 * A minimal, safe reader for one worksheet of an .xlsx file (Office Open XML SpreadsheetML):
 * the shared strings and one sheet, streamed as rows of cells keyed by column letter.
 *
 * An .xlsx from outside is hostile until proven otherwise: it is a zip (bombs, lying sizes,
 * truncation, damaged data) of XML (DOCTYPEs, entity expansion, giant text nodes). So:
 * - the zip's central directory is read first and every part's declared size is checked against
 *   the limit BEFORE anything is inflated; inflating then counts the bytes that really come out
 *   and stops at the declared size, and the CRC-32 is checked at the end;
 * - the XML is parsed by a streaming parser (saxes) fed slice by slice, so a 100 MB sheet never
 *   builds a DOM and rows reach the caller while the rest is still compressed;
 * - any DOCTYPE is refused (saxes never expands external entities, and we do not let a DTD in
 *   at all);
 * - a bad cell (oversized text, bad number, shared-string index out of range, repeated column)
 *   is reported on its row, which still reaches the caller: one bad record must not lose the
 *   rest of the file. Damage to the file itself throws an AriadneError.
 *
 * Why the zip directory is read by hand rather than with fflate's `unzip`/`Unzip`: fflate does
 * not expose each entry's CRC and local-header offset, walks whatever entry count the archive
 * claims (a hostile count is a denial of service), and its streaming `Unzip` only gives sizes
 * from local headers (absent when a data descriptor is used). The directory walk is ~60 lines,
 * bounded and checked; the inflating itself is fflate's streaming `Inflate`.
 *
 * Error messages name parts, rows and cells, never cell contents.
 */
import { Inflate } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AriadneError } from '@ariadne/schema';

/** An Excel error value (`#N/A`, `#DIV/0!`, …) as the sheet stored it. */
export interface CellError {
  readonly error: string;
}
/** A cell's value: text (shared, inline or formula string, or an ISO date), a number, a boolean or an error. */
export type CellValue = string | number | boolean | CellError;

export interface SheetRow {
  /** The row number in the sheet (1-based, as Excel shows it). */
  readonly row: number;
  /** Cells that hold a value, by column letter ("A", "B", …, "AA"); empty cells are absent. */
  readonly cells: Readonly<Record<string, CellValue>>;
  /** What was wrong with cells of this row (those cells are left out); empty when the row is clean. */
  readonly problems: readonly string[];
}

export interface XlsxLimits {
  /** Size of the .xlsx file itself (default 64 MiB). */
  readonly maxFileBytes?: number;
  /** Uncompressed size of any one part read (sheet, shared strings, workbook; default 256 MiB). */
  readonly maxPartBytes?: number;
  /** Entries in the zip (default 10,000). */
  readonly maxEntries?: number;
  /** Rows in the sheet (default 1,048,576, Excel's own limit). */
  readonly maxRows?: number;
  /** Characters in one cell or shared string (default 32,767, Excel's own limit). */
  readonly maxCellChars?: number;
  /** Entries in the shared strings table (default 1,048,576). */
  readonly maxSharedStrings?: number;
}

export interface ReadSheetOptions extends XlsxLimits {
  /** The sheet's name as its tab shows it; the first sheet when absent. */
  readonly sheet?: string;
}

export const DEFAULT_XLSX_LIMITS: Required<XlsxLimits> = {
  maxFileBytes: 64 * 1024 * 1024,
  maxPartBytes: 256 * 1024 * 1024,
  maxEntries: 10_000,
  maxRows: 1_048_576,
  maxCellChars: 32_767,
  maxSharedStrings: 1_048_576,
};

/** Excel's grid: 1,048,576 rows by 16,384 columns (A to XFD). */
const MAX_ROW_NUMBER = 1_048_576;
const MAX_COLUMN = 16_384;
/**
 * Compressed bytes handed to the inflater at a time. DEFLATE expands at most ~1,032:1, so one
 * slice never yields more than ~16 MiB before we get to count it and stop.
 */
const SLICE_BYTES = 16 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors

function malformed(message: string): AriadneError {
  return new AriadneError('MALFORMED_INPUT', message);
}
function tooLarge(message: string): AriadneError {
  return new AriadneError('PAYLOAD_TOO_LARGE', message);
}

function limitsOf(options: XlsxLimits): Required<XlsxLimits> {
  const out = { ...DEFAULT_XLSX_LIMITS };
  for (const key of Object.keys(DEFAULT_XLSX_LIMITS) as (keyof XlsxLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new AriadneError('VALIDATION_FAILED', `${key} must be a positive whole number, got ${String(value)}.`);
    out[key] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The zip directory

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Where the (compressed) data start, after the local header. */
  readonly dataStart: number;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (u32(bytes, at) === EOCD_SIGNATURE) return at;
  }
  throw malformed('The file is not a complete .xlsx: its zip directory is missing (the file is truncated, or not an .xlsx).');
}

function readZipDirectory(bytes: Uint8Array, limits: Required<XlsxLimits>): Map<string, ZipEntry> {
  if (bytes.length > limits.maxFileBytes) throw tooLarge(`The .xlsx is ${bytes.length} bytes, more than the limit of ${limits.maxFileBytes}.`);
  if (bytes.length < 22) throw malformed('The file is too short to be an .xlsx (a zip archive).');
  const eocd = findEndOfCentralDirectory(bytes);
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0 || u16(bytes, eocd + 8) !== count) throw malformed('The .xlsx is a multi-part zip archive; that is not supported.');
  // ZIP64 is only needed past 65,535 entries or 4 GiB, both far beyond any limit here.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw tooLarge('The .xlsx is a ZIP64 archive (over 65,535 entries or 4 GiB); that is beyond the limits.');
  if (count > limits.maxEntries) throw tooLarge(`The .xlsx holds ${count} zip entries, more than the limit of ${limits.maxEntries}.`);
  if (offset + size > eocd) throw malformed('The .xlsx zip directory points outside the file (the file is truncated or damaged).');

  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder('utf-8', { fatal: false });
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || u32(bytes, at) !== CENTRAL_SIGNATURE) throw malformed(`The .xlsx zip directory is damaged at entry ${i + 1}.`);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    const compressedSize = u32(bytes, at + 20);
    const uncompressedSize = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    const localOffset = u32(bytes, at + 42);
    if (next > offset + size) throw malformed(`The .xlsx zip directory is damaged at entry ${i + 1}.`);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at = next;
    if (flags & 1) throw malformed('The .xlsx has encrypted zip entries; save it without a password.');
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw tooLarge(`The zip entry ${name} uses ZIP64 sizes (4 GiB or more); that is beyond the limits.`);
    }
    // Two entries of one name would let the sheet we check differ from the sheet we read.
    if (entries.has(name)) throw malformed(`The .xlsx holds the zip entry ${name} twice.`);
    if (localOffset + 30 > offset || u32(bytes, localOffset) !== LOCAL_SIGNATURE) throw malformed(`The zip entry ${name} is damaged (its header is missing).`);
    const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    if (dataStart + compressedSize > offset) throw malformed(`The zip entry ${name} runs past the end of the data (the file is truncated or damaged).`);
    entries.set(name, { name, method, crc, compressedSize, uncompressedSize, dataStart });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (the zip polynomial). Hand-written because node:zlib's crc32 arrives only in Node 20.15
// while the project supports 20.11, and fflate keeps its own private.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** continues a CRC-32 over `chunk` (start with 0) */
function crc32(chunk: Uint8Array, crc: number): number {
  let c = ~crc;
  for (let i = 0; i < chunk.length; i++) c = CRC_TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Inflating one part, as UTF-8 text chunks

function* partText(bytes: Uint8Array, entry: ZipEntry, limits: Required<XlsxLimits>): Generator<string> {
  if (entry.uncompressedSize > limits.maxPartBytes) {
    throw tooLarge(`The part ${entry.name} declares ${entry.uncompressedSize} bytes uncompressed, more than the limit of ${limits.maxPartBytes}; refused before inflating.`);
  }
  if (entry.method !== 0 && entry.method !== 8) throw malformed(`The part ${entry.name} uses zip compression method ${entry.method}; only stored and deflated parts are read.`);
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw malformed(`The part ${entry.name} is damaged (stored sizes disagree).`);

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const pending: string[] = [];
  let produced = 0;
  let crc = 0;
  const take = (chunk: Uint8Array): void => {
    produced += chunk.length;
    // The declared size was checked against the limit; a part that inflates past what it
    // declared is lying, which is how zip bombs get past size checks.
    if (produced > entry.uncompressedSize) {
      throw tooLarge(`The part ${entry.name} inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb, or a damaged file); refused.`);
    }
    crc = crc32(chunk, crc);
    try {
      pending.push(decoder.decode(chunk, { stream: true }));
    } catch {
      throw malformed(`The part ${entry.name} is not UTF-8 text.`);
    }
  };

  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const inflater = entry.method === 8 ? new Inflate((chunk) => take(chunk)) : undefined;
  let at = 0;
  do {
    const slice = data.subarray(at, at + SLICE_BYTES);
    at += slice.length;
    const last = at >= data.length;
    if (inflater === undefined) take(slice);
    else {
      try {
        inflater.push(slice, last);
      } catch (error) {
        if (error instanceof AriadneError) throw error;
        throw new AriadneError('MALFORMED_INPUT', `The part ${entry.name} is damaged: its compressed data cannot be inflated.`, { cause: error });
      }
    }
    if (pending.length > 0) yield* pending.splice(0);
  } while (at < data.length);

  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw malformed(`The part ${entry.name} is not UTF-8 text (it ends inside a character).`);
  }
  if (produced !== entry.uncompressedSize) throw malformed(`The part ${entry.name} is damaged: it inflates to ${produced} bytes, not the ${entry.uncompressedSize} it declares.`);
  if (crc !== entry.crc) throw malformed(`The part ${entry.name} is damaged: its checksum does not match.`);
}

// ---------------------------------------------------------------------------------------------
// Streaming XML

interface XmlHandlers {
  open(name: string, attributes: Readonly<Record<string, string>>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/** the local name of a possibly prefixed XML name (`x:row` → `row`): some writers prefix SpreadsheetML */
const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * Feeds a part's text to saxes and yields whatever the handlers queued after each slice, so
 * the caller sees items while the rest of the part is still compressed.
 */
function* parseXmlPart<T>(bytes: Uint8Array, entry: ZipEntry, limits: Required<XlsxLimits>, makeHandlers: (emit: (item: T) => void) => XmlHandlers): Generator<T> {
  const queue: T[] = [];
  const handlers = makeHandlers((item) => queue.push(item));
  const parser = new SaxesParser({ xmlns: false, position: true });
  // A DTD is how XML smuggles in entity expansion ("billion laughs") and external entities;
  // no SpreadsheetML part has one, so any DOCTYPE is refused outright.
  parser.on('doctype', () => {
    throw malformed(`The part ${entry.name} contains a DOCTYPE (a DTD); refused, as no .xlsx part needs one.`);
  });
  parser.on('error', (error) => {
    throw new AriadneError('MALFORMED_INPUT', `The part ${entry.name} is not well-formed XML (line ${parser.line}, column ${parser.column}).`, { cause: error });
  });
  parser.on('opentag', (tag: SaxesTagPlain) => handlers.open(localName(tag.name), tag.attributes, tag.isSelfClosing));
  parser.on('closetag', (tag: SaxesTagPlain) => handlers.close(localName(tag.name)));
  parser.on('text', (text) => handlers.text(text));
  parser.on('cdata', (text) => handlers.text(text));
  for (const text of partText(bytes, entry, limits)) {
    parser.write(text);
    if (queue.length > 0) yield* queue.splice(0);
  }
  parser.close();
  if (queue.length > 0) yield* queue.splice(0);
}

// ---------------------------------------------------------------------------------------------
// Workbook: which part is which sheet, and where the shared strings are

interface Relationship {
  readonly type: string;
  readonly target: string;
}

function collect<T>(items: Iterable<T>): T[] {
  return [...items];
}

function relationshipsOf(bytes: Uint8Array, entries: Map<string, ZipEntry>, relsPath: string, limits: Required<XlsxLimits>): Map<string, Relationship> | undefined {
  const entry = entries.get(relsPath);
  if (entry === undefined) return undefined;
  const found = collect(
    parseXmlPart<[string, Relationship]>(bytes, entry, limits, (emit) => ({
      open(name, attributes) {
        if (name !== 'Relationship') return;
        const id = attributes.Id;
        const target = attributes.Target;
        if (id !== undefined && target !== undefined && attributes.TargetMode !== 'External') emit([id, { type: attributes.Type ?? '', target }]);
      },
      close() {},
      text() {},
    })),
  );
  return new Map(found);
}

/** resolves a relationship target against the folder of the part that names it; refuses escapes above the package root */
function resolvePartPath(fromPart: string, target: string): string {
  const base = target.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  const segments = [...base];
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) throw malformed(`A relationship target points outside the .xlsx (${target}).`);
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/');
}

interface SheetRef {
  readonly name: string;
  readonly path: string;
}

interface Workbook {
  readonly sheets: readonly SheetRef[];
  readonly sharedStringsPath: string | undefined;
}

const relTypeIs = (rel: Relationship, kind: string): boolean => rel.type.endsWith(`/${kind}`);

function readWorkbook(bytes: Uint8Array, entries: Map<string, ZipEntry>, limits: Required<XlsxLimits>): Workbook {
  const rootRels = relationshipsOf(bytes, entries, '_rels/.rels', limits);
  const officeDocument = rootRels === undefined ? undefined : [...rootRels.values()].find((rel) => relTypeIs(rel, 'officeDocument'));
  const workbookPath = officeDocument === undefined ? 'xl/workbook.xml' : resolvePartPath('', officeDocument.target);
  const workbookEntry = entries.get(workbookPath);
  if (workbookEntry === undefined) throw malformed(`The .xlsx has no workbook part (${workbookPath}); it is not a spreadsheet.`);

  const folder = workbookPath.split('/').slice(0, -1).join('/');
  const relsPath = `${folder === '' ? '' : `${folder}/`}_rels/${workbookPath.split('/').pop()!}.rels`;
  const rels = relationshipsOf(bytes, entries, relsPath, limits);
  if (rels === undefined) throw malformed(`The .xlsx has no workbook relationships part (${relsPath}); the sheets cannot be found.`);

  const declared = collect(
    parseXmlPart<{ name: string; id: string }>(bytes, workbookEntry, limits, (emit) => ({
      open(name, attributes) {
        if (name !== 'sheet') return;
        // The relationship id is `r:id`, but the prefix is the writer's choice.
        const idKey = Object.keys(attributes).find((key) => key.includes(':') && localName(key) === 'id');
        const id = idKey === undefined ? undefined : attributes[idKey];
        if (attributes.name !== undefined && id !== undefined) emit({ name: attributes.name, id });
      },
      close() {},
      text() {},
    })),
  );
  const sheets: SheetRef[] = [];
  for (const sheet of declared) {
    const rel = rels.get(sheet.id);
    // Chart sheets and dialog sheets are also <sheet>s; only worksheets hold cells.
    if (rel === undefined || !relTypeIs(rel, 'worksheet')) continue;
    sheets.push({ name: sheet.name, path: resolvePartPath(workbookPath, rel.target) });
  }
  const shared = [...rels.values()].find((rel) => relTypeIs(rel, 'sharedStrings'));
  return { sheets, sharedStringsPath: shared === undefined ? undefined : resolvePartPath(workbookPath, shared.target) };
}

// ---------------------------------------------------------------------------------------------
// Text values

/** OOXML escapes characters XML cannot carry as `_xHHHH_` (ST_Xstring); `_x005F_` escapes the underscore itself. */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

/**
 * Gathers the text of a string item (`<si>` or `<is>`): the `<t>` directly inside it or inside
 * its rich-text runs `<r>`, without phonetic guides `<rPh>` (they repeat the text as kana).
 * Stops appending past `maxChars` so one giant text costs no more memory than the part itself.
 */
class StringItemText {
  #parts: string[] = [];
  #length = 0;
  #inT = false;
  #phonetic = 0;
  oversize = false;

  constructor(private readonly maxChars: number) {}

  open(name: string): void {
    if (name === 'rPh') this.#phonetic++;
    else if (name === 't' && this.#phonetic === 0) this.#inT = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.#phonetic--;
    else if (name === 't') this.#inT = false;
  }
  text(text: string): void {
    if (!this.#inT || this.oversize) return;
    this.#length += text.length;
    if (this.#length > this.maxChars) {
      this.oversize = true;
      this.#parts = [];
      return;
    }
    this.#parts.push(text);
  }
  value(): string {
    return unescapeOoxml(this.#parts.join(''));
  }
}

/** Shared strings; `null` marks one longer than the cell limit (reported where a cell uses it). */
type SharedStrings = readonly (string | null)[];

function readSharedStrings(bytes: Uint8Array, entry: ZipEntry, limits: Required<XlsxLimits>): SharedStrings {
  const strings: (string | null)[] = [];
  let item: StringItemText | undefined;
  let count = 0;
  for (const value of parseXmlPart<string | null>(bytes, entry, limits, (emit) => ({
    open(name) {
      if (name === 'si') {
        if (++count > limits.maxSharedStrings) throw tooLarge(`The shared strings table holds more than ${limits.maxSharedStrings} strings.`);
        item = new StringItemText(limits.maxCellChars);
      } else item?.open(name);
    },
    close(name) {
      if (name === 'si' && item !== undefined) {
        emit(item.oversize ? null : item.value());
        item = undefined;
      } else item?.close(name);
    },
    text(text) {
      item?.text(text);
    },
  }))) {
    strings.push(value);
  }
  return strings;
}

// ---------------------------------------------------------------------------------------------
// Cell references

/** "A" → 1, "Z" → 26, "AA" → 27, "XFD" → 16,384; 0 when not a column. */
export function columnNumber(letters: string): number {
  if (!/^[A-Z]{1,3}$/.test(letters)) return 0;
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n <= MAX_COLUMN ? n : 0;
}

/** 1 → "A", 27 → "AA". */
export function columnLetters(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_COLUMN) throw new AriadneError('VALIDATION_FAILED', `Column ${String(n)} is outside A to XFD.`);
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

const CELL_REF = /^([A-Z]{1,3})([1-9][0-9]{0,6})$/;
const NUMBER = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

// ---------------------------------------------------------------------------------------------
// The sheet

interface CellDraft {
  ref: string | undefined;
  column: number;
  type: string;
  value: string[];
  valueLength: number;
  inV: boolean;
  inline: StringItemText | undefined;
  oversize: boolean;
}

class SheetRowBuilder {
  #row: { number: number; cells: Record<string, CellValue>; problems: string[]; lastColumn: number; repeated: boolean } | undefined;
  #cell: CellDraft | undefined;
  #lastRow = 0;
  #rows = 0;
  /** row numbers seen, one bit each: rows may come out of order, but never twice */
  readonly #seen = new Uint8Array((MAX_ROW_NUMBER >> 3) + 1);
  #inSheetData = false;

  constructor(
    private readonly limits: Required<XlsxLimits>,
    private readonly shared: SharedStrings | undefined,
    private readonly emit: (row: SheetRow) => void,
  ) {}

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'sheetData') this.#inSheetData = true;
    else if (!this.#inSheetData) return;
    else if (name === 'row') this.#openRow(attributes);
    else if (name === 'c') this.#openCell(attributes);
    else if (this.#cell !== undefined) {
      if (name === 'v') this.#cell.inV = true;
      else if (name === 'is') this.#cell.inline = new StringItemText(this.limits.maxCellChars);
      else this.#cell.inline?.open(name);
    }
  }

  close(name: string): void {
    if (!this.#inSheetData) return;
    if (name === 'sheetData') this.#inSheetData = false;
    else if (name === 'row') this.#closeRow();
    else if (name === 'c') this.#closeCell();
    else if (this.#cell !== undefined) {
      if (name === 'v') this.#cell.inV = false;
      else this.#cell.inline?.close(name);
    }
  }

  text(text: string): void {
    const cell = this.#cell;
    if (cell === undefined) return;
    if (cell.inV) {
      if (cell.oversize) return;
      cell.valueLength += text.length;
      if (cell.valueLength > this.limits.maxCellChars) {
        cell.oversize = true;
        cell.value = [];
      } else cell.value.push(text);
    } else cell.inline?.text(text);
  }

  #openRow(attributes: Readonly<Record<string, string>>): void {
    if (this.#row !== undefined) this.#closeRow();
    if (this.#rows >= this.limits.maxRows) throw tooLarge(`The sheet has more than ${this.limits.maxRows} rows.`);
    this.#rows++;
    const problems: string[] = [];
    let number = this.#lastRow + 1;
    const r = attributes.r;
    if (r !== undefined) {
      const parsed = /^[1-9][0-9]{0,6}$/.test(r) ? Number(r) : 0;
      if (parsed >= 1 && parsed <= MAX_ROW_NUMBER) number = parsed;
      else problems.push(`the row number "${r.slice(0, 20)}" is not a row of a sheet; read as row ${number}.`);
    }
    if (number > MAX_ROW_NUMBER) throw malformed(`The sheet has rows past row ${MAX_ROW_NUMBER}.`);
    const bit = 1 << (number & 7);
    const repeated = (this.#seen[number >> 3]! & bit) !== 0;
    if (repeated) problems.push(`row ${number} appears twice in the sheet; this copy is not read.`);
    this.#seen[number >> 3]! |= bit;
    this.#lastRow = number;
    this.#row = { number, cells: {}, problems, lastColumn: 0, repeated };
  }

  #closeRow(): void {
    if (this.#cell !== undefined) this.#closeCell();
    const row = this.#row;
    if (row === undefined) return;
    this.#row = undefined;
    this.emit({ row: row.number, cells: row.repeated ? {} : row.cells, problems: row.problems });
  }

  #openCell(attributes: Readonly<Record<string, string>>): void {
    const row = this.#row;
    if (row === undefined) return; // a <c> outside any <row> is not SpreadsheetML; ignore it
    if (this.#cell !== undefined) this.#closeCell();
    const ref = attributes.r;
    let column = row.lastColumn + 1;
    let refProblem: string | undefined;
    if (ref !== undefined) {
      const m = CELL_REF.exec(ref);
      const letters = m?.[1];
      const refColumn = letters === undefined ? 0 : columnNumber(letters);
      if (m === null || refColumn === 0) refProblem = `a cell reference "${ref.slice(0, 20)}" is not a cell of a sheet.`;
      else if (Number(m[2]) !== row.number) refProblem = `cell ${ref} is stored in row ${row.number}.`;
      else column = refColumn;
    }
    if (column > MAX_COLUMN) refProblem ??= `a cell lies past column XFD.`;
    this.#cell = { ref: refProblem === undefined ? columnLetters(column) : undefined, column, type: attributes.t ?? 'n', value: [], valueLength: 0, inV: false, inline: undefined, oversize: false };
    if (refProblem !== undefined) row.problems.push(refProblem);
    else row.lastColumn = Math.max(row.lastColumn, column);
  }

  #closeCell(): void {
    const cell = this.#cell;
    const row = this.#row;
    this.#cell = undefined;
    if (cell === undefined || row === undefined || cell.ref === undefined) return;
    const where = `${cell.ref}${row.number}`;
    if (Object.hasOwn(row.cells, cell.ref)) {
      row.problems.push(`cell ${where} appears twice in its row; neither copy is read.`);
      delete row.cells[cell.ref];
      return;
    }
    const result = this.#cellValue(cell, where);
    if (typeof result === 'object' && result !== null && 'problem' in result) row.problems.push(result.problem);
    else if (result !== undefined) row.cells[cell.ref] = result;
  }

  #cellValue(cell: CellDraft, where: string): CellValue | { problem: string } | undefined {
    if (cell.oversize || cell.inline?.oversize) return { problem: `cell ${where} is longer than ${this.limits.maxCellChars} characters.` };
    const raw = cell.value.join('');
    switch (cell.type) {
      case 'inlineStr':
        return cell.inline === undefined ? undefined : cell.inline.value();
      case 's': {
        if (raw === '') return undefined;
        if (this.shared === undefined) throw malformed(`Cell ${where} refers to the shared strings table, but the .xlsx has none (the file is damaged).`);
        const index = /^[0-9]{1,9}$/.test(raw) ? Number(raw) : -1;
        const text = index >= 0 && index < this.shared.length ? this.shared[index] : undefined;
        if (text === undefined) return { problem: `cell ${where} refers to shared string ${raw.slice(0, 12)}, which does not exist.` };
        if (text === null) return { problem: `cell ${where} is longer than ${this.limits.maxCellChars} characters.` };
        return text;
      }
      case 'str':
      case 'd':
        return unescapeOoxml(raw);
      case 'b':
        if (raw === '') return undefined;
        if (raw === '1' || raw === '0') return raw === '1';
        return { problem: `cell ${where} is a boolean cell that holds neither 0 nor 1.` };
      case 'e':
        return raw === '' ? undefined : { error: raw };
      case 'n': {
        const text = raw.trim();
        if (text === '') return undefined;
        const n = NUMBER.test(text) ? Number(text) : Number.NaN;
        return Number.isFinite(n) ? n : { problem: `cell ${where} is a number cell that does not hold a number.` };
      }
      default:
        return { problem: `cell ${where} has an unknown cell type "${cell.type.slice(0, 12)}".` };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Public entry points

function openWorkbook(xlsx: Uint8Array, limits: Required<XlsxLimits>): { entries: Map<string, ZipEntry>; workbook: Workbook } {
  if (!(xlsx instanceof Uint8Array)) throw new AriadneError('VALIDATION_FAILED', 'The .xlsx must be given as bytes (a Uint8Array or Buffer).');
  const entries = readZipDirectory(xlsx, limits);
  return { entries, workbook: readWorkbook(xlsx, entries, limits) };
}

/** The names of the workbook's worksheets, in tab order. */
export function listSheetNames(xlsx: Uint8Array, limits: XlsxLimits = {}): string[] {
  return openWorkbook(xlsx, limitsOf(limits)).workbook.sheets.map((sheet) => sheet.name);
}

/**
 * Streams the rows of one worksheet (the first, or the one named `options.sheet`) in the order
 * the file stores them. Rows arrive while the rest of the sheet is still compressed; stop
 * iterating at any point and nothing more is inflated.
 *
 * Throws AriadneError (MALFORMED_INPUT, PAYLOAD_TOO_LARGE, NOT_FOUND) when the file itself is
 * damaged, hostile or over a limit; a bad cell is reported in its row's `problems` instead.
 *
 * @example
 * for (const row of readSheetRows(await readFile('data.xlsx'))) console.log(row.row, row.cells.A);
 */
export function* readSheetRows(xlsx: Uint8Array, options: ReadSheetOptions = {}): Generator<SheetRow, void, undefined> {
  const limits = limitsOf(options);
  const { entries, workbook } = openWorkbook(xlsx, limits);
  const sheet = options.sheet === undefined ? workbook.sheets[0] : workbook.sheets.find((s) => s.name === options.sheet);
  if (sheet === undefined) {
    if (options.sheet === undefined) throw malformed('The workbook has no worksheet.');
    throw new AriadneError('NOT_FOUND', `The workbook has no sheet named "${options.sheet}" (it has: ${workbook.sheets.map((s) => `"${s.name}"`).join(', ')}).`);
  }
  const sheetEntry = entries.get(sheet.path);
  if (sheetEntry === undefined) throw malformed(`The sheet "${sheet.name}" is missing from the .xlsx (no part ${sheet.path}).`);
  const sharedEntry = workbook.sharedStringsPath === undefined ? undefined : entries.get(workbook.sharedStringsPath);
  const shared = sharedEntry === undefined ? undefined : readSharedStrings(xlsx, sharedEntry, limits);

  yield* parseXmlPart<SheetRow>(xlsx, sheetEntry, limits, (emit) => {
    const rows = new SheetRowBuilder(limits, shared, emit);
    return { open: (name, attributes) => rows.open(name, attributes), close: (name) => rows.close(name), text: (text) => rows.text(text) };
  });
}

/**
 * `readSheetRows` as an async iterator that lets the event loop run every `every` rows, so a
 * server reading a large sheet keeps answering other requests.
 */
export async function* readSheetRowsAsync(xlsx: Uint8Array, options: ReadSheetOptions & { readonly every?: number } = {}): AsyncGenerator<SheetRow, void, undefined> {
  const every = options.every ?? 1000;
  let n = 0;
  for (const row of readSheetRows(xlsx, options)) {
    yield row;
    if (++n % every === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
