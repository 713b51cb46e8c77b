import type { CleanEntityOptions } from './clean-entity.ts';
import type { EntityData } from './entity-data.ts';
import { AriadneError } from './errors.ts';
import type { AriadneModel } from './model.ts';

/** Lines longer than this (in UTF-8 bytes) are refused: no FtM entity needs 4 MiB. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface FtmLineResult {
  /** 1-based line number in the input */
  readonly line: number;
  /** the cleaned entity, when the line holds one */
  readonly entity?: EntityData;
  /** why the line holds no entity */
  readonly error?: AriadneError;
  /** in non-strict mode: the values dropped from `entity`, per property */
  readonly dropped?: Readonly<Record<string, string>>;
}

export interface ReadFtmJsonLinesOptions extends CleanEntityOptions {
  readonly maxLineBytes?: number;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function tooLong(line: string, max: number): boolean {
  if (line.length > max) return true; // a UTF-16 unit never takes fewer UTF-8 bytes
  return line.length * 3 > max && utf8Length(line) > max;
}

function readLine(text: unknown, line: number, model: AriadneModel, options: ReadFtmJsonLinesOptions): FtmLineResult | null {
  if (typeof text !== 'string') return { line, error: new AriadneError('MALFORMED_INPUT', `Line ${line} is not text.`) };
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  if (tooLong(text, max)) {
    return { line, error: new AriadneError('PAYLOAD_TOO_LARGE', `Line ${line} is longer than ${max} bytes.`) };
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (cause) {
    return { line, error: new AriadneError('MALFORMED_INPUT', `Line ${line} is not valid JSON.`, { cause }) };
  }
  const cleaned = model.cleanEntity(parsed, options);
  if (cleaned.entity === null) return { line, error: cleaned.error ?? new AriadneError('VALIDATION_FAILED', `Line ${line} was rejected.`) };
  return cleaned.error ? { line, entity: cleaned.entity, dropped: cleaned.errors } : { line, entity: cleaned.entity };
}

/**
 * Reads FtM JSON lines (one entity per line), cleaning each against the model. Bad lines become
 * per-line errors and reading goes on; blank lines are skipped. Lines are pulled one at a time,
 * so memory stays flat however long the input.
 *
 * @example
 * for await (const { line, entity, error } of readFtmJsonLines(lines, loadModel(), { strict: false })) {
 *   if (error) console.warn(line, error.code); else store(entity);
 * }
 */
export async function* readFtmJsonLines(
  lines: AsyncIterable<string> | Iterable<string>,
  model: AriadneModel,
  options: ReadFtmJsonLinesOptions,
): AsyncGenerator<FtmLineResult> {
  let line = 0;
  for await (const text of lines) {
    line += 1;
    let result: FtmLineResult | null;
    try {
      result = readLine(text, line, model, options);
    } catch (cause) {
      result = { line, error: new AriadneError('INTERNAL', `Line ${line} could not be read.`, { cause }) };
    }
    if (result) yield result;
  }
}

/**
 * Splits a stream of text (or UTF-8 bytes) into lines without holding more than one line, and
 * never more than `maxLineBytes + 1` characters of it: an overlong line is cut there, so
 * `readFtmJsonLines` reports it as too large.
 *
 * @example readFtmJsonLines(splitLines(createReadStream(path)), model, { strict: true })
 */
export async function* splitLines(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let current = '';
  const append = (text: string): void => {
    if (current.length <= maxLineBytes) current += text.slice(0, maxLineBytes + 1 - current.length);
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    for (let i = 0; i < parts.length - 1; i++) {
      append(parts[i] as string);
      yield current.endsWith('\r') ? current.slice(0, -1) : current;
      current = '';
    }
    append(parts[parts.length - 1] as string);
  }
  append(decoder.decode());
  if (current !== '') yield current;
}

/**
 * Writes one entity as one FtM JSON line (without the trailing newline), with a stable key
 * order: id, schema, properties (sorted by name, values in the given order), then caption,
 * datasets, referents, first_seen and last_seen when present. Equal entities give equal bytes.
 *
 * @example writeFtmJson({ id: 'p1', schema: 'Person', properties: { name: ['Ana'] } })
 * // '{"id":"p1","schema":"Person","properties":{"name":["Ana"]}}'
 */
export function writeFtmJson(entity: EntityData): string {
  const props = Object.keys(entity.properties)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(entity.properties[key])}`);
  let out = `{"id":${JSON.stringify(entity.id)},"schema":${JSON.stringify(entity.schema)},"properties":{${props.join(',')}}`;
  for (const key of ['caption', 'datasets', 'referents', 'first_seen', 'last_seen'] as const) {
    if (entity[key] !== undefined) out += `,${JSON.stringify(key)}:${JSON.stringify(entity[key])}`;
  }
  return `${out}}`;
}
