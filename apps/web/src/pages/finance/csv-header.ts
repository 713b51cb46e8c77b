/**
 * The header row of a CSV file chosen in the browser, read from its first bytes only (the file
 * itself may be hundreds of megabytes and goes to the server as it is), so the column-map editor
 * can offer its columns. Quotes follow RFC 4180: a quoted field may hold the delimiter, a line
 * break or a doubled quote. Pure: node tests run it.
 */

/** how much of the file is read to find the header */
export const HEADER_SAMPLE_BYTES = 64 * 1024;
/** a header with more columns than this is not one a person maps by hand */
export const MAX_HEADER_COLUMNS = 500;
/** the delimiters offered and sniffed, most common first */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface HeaderRow {
  readonly columns: readonly string[];
  readonly delimiter: string;
}

/** the first record of `text` split on `delimiter`, or null when the first record never ends within the sample */
function firstRecord(text: string, delimiter: string, complete: boolean): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      if (fields.length > MAX_HEADER_COLUMNS) return fields;
    } else if (c === '\n' || c === '\r') {
      fields.push(field);
      return fields;
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted || !complete) return null;
  fields.push(field);
  return fields;
}

/** counts `delimiter` outside quotes in the first line */
function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) n += 1;
  }
  return n;
}

/**
 * The delimiter the first line uses most (outside quotes), comma when none appears.
 * @example sniffDelimiter('Ref;Date;Amount\n1;2;3') // ';'
 */
export function sniffDelimiter(text: string): string {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = countOutsideQuotes(line, d);
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * The header row of a CSV sample: its column names (trimmed, as the server matches them) and the
 * delimiter (the one given, else sniffed). Null when the sample holds no complete header: an empty
 * file, a quote never closed, or a first line longer than the sample. `complete` says the sample
 * is the whole file (a header without a line break is then still whole).
 * @example readHeaderRow('id,from,to\nT1,A,B') // { columns: ['id', 'from', 'to'], delimiter: ',' }
 */
export function readHeaderRow(sample: string, options: { delimiter?: string; complete?: boolean } = {}): HeaderRow | null {
  const text = sample.replace(/^\uFEFF/, '');
  if (text.trim() === '') return null;
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  const fields = firstRecord(text, delimiter, options.complete ?? false);
  if (!fields) return null;
  const columns = fields.slice(0, MAX_HEADER_COLUMNS).map((f) => f.trim());
  if (columns.every((c) => c === '')) return null;
  return { columns, delimiter };
}

/** Reads the header row of a chosen file from its first 64 KiB. */
export async function readFileHeader(file: Blob, delimiter?: string): Promise<HeaderRow | null> {
  const complete = file.size <= HEADER_SAMPLE_BYTES;
  const sample = await file.slice(0, HEADER_SAMPLE_BYTES).text();
  return readHeaderRow(sample, { ...(delimiter === undefined ? {} : { delimiter }), complete });
}
