/**
 * Reads FollowTheMoney JSON as OpenSanctions exports it (`entities.ftm.json`: one
 * `{"id","schema","properties",…,"datasets":[…]}` per line), or one JSON array of such objects.
 * Ids are kept as published (they are the list's own references); each entity is cleaned against
 * the model, and a bad line is an error of its own (`line N`, or `item N` in an array) while the
 * rest is read. Lines are streamed: a line longer than `maxLineChars` is skipped without being
 * held in memory. An array has to be parsed whole, so it is read up to `maxArrayChars` only.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import type { ByteSource, ListItem } from './list-item.ts';
import { decodeStrictUtf8, ListInputError } from './strict-utf8.ts';

export interface FtmJsonParseOptions {
  readonly model?: AriadneModel;
  /** longest line accepted (characters); a longer one is skipped and reported. Default 8 MiB. */
  readonly maxLineChars?: number;
  /** largest JSON array accepted (characters). Default 256 MiB. */
  readonly maxArrayChars?: number;
  /** true: an entity with any invalid value is rejected; false (default): the value is dropped and reported */
  readonly strict?: boolean;
  /** receives the first dataset name seen (`us_ofac_sdn`), the name to give the list */
  readonly onDataset?: (name: string) => void;
}

export const DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;
export const DEFAULT_MAX_ARRAY_CHARS = 256 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenSanctions' nested exports put whole entities where an id is expected: keep the id. */
function flattenProperties(properties: unknown): unknown {
  if (!isObject(properties)) return properties;
  const out: Record<string, unknown> = {};
  for (const [prop, values] of Object.entries(properties)) {
    out[prop] = Array.isArray(values) ? values.map((v) => (isObject(v) && typeof v.id === 'string' ? v.id : v)) : values;
  }
  return out;
}

const describe = (errors: Readonly<Record<string, string>>) => Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('; ').slice(0, 500);

/** One parsed JSON value as list items: the entity, and an error when it was rejected or trimmed. */
interface ReadContext {
  readonly model: AriadneModel;
  readonly options: FtmJsonParseOptions;
  /** whether `onDataset` has been called */
  readonly seen: { dataset: boolean };
}

function entityItems(value: unknown, record: string, { model, options, seen }: ReadContext): ListItem[] {
  if (!isObject(value)) return [{ error: { record, message: `expected a JSON object (an FtM entity), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` } }];
  const raw: Record<string, unknown> = { id: value.id, schema: value.schema, properties: flattenProperties(value.properties) };
  if (value.datasets !== undefined) raw.datasets = value.datasets;
  const { entity, errors } = model.cleanEntity(raw, { strict: options.strict ?? false });
  if (!entity) return [{ error: { record, message: `not a valid FtM entity (${describe(errors)})` } }];
  const dataset = entity.datasets?.[0];
  if (dataset !== undefined && !seen.dataset) {
    seen.dataset = true;
    options.onDataset?.(dataset);
  }
  const items: ListItem[] = [{ entity }];
  if (Object.keys(errors).length > 0) items.push({ error: { record, message: `${entity.id} kept without its invalid values (${describe(errors)})` } });
  return items;
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message.slice(0, 200) };
  }
}

/**
 * Streams FtM JSON lines (or a JSON array) as list items: entities, an error per bad line, and
 * a final `document` error when the input is not UTF-8 or an array is malformed or too large.
 *
 * @example for await (const item of parseFtmJson(createReadStream('entities.ftm.json'), { onDataset: (d) => (list = d) })) …
 */
export async function* parseFtmJson(source: ByteSource, options: FtmJsonParseOptions = {}): AsyncGenerator<ListItem> {
  const model = options.model ?? loadModel();
  const maxLine = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const maxArray = options.maxArrayChars ?? DEFAULT_MAX_ARRAY_CHARS;
  const context: ReadContext = { model, options, seen: { dataset: false } };
  let mode: 'unknown' | 'lines' | 'array' = 'unknown';
  let pending = '';
  let line = 1; // the line `pending` starts on
  let skipping = false; // inside an over-long line, discarding up to its end
  const lineItems = (text: string, number: number): ListItem[] => {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    const parsed = parseJson(trimmed);
    if ('error' in parsed) return [{ error: { record: `line ${number}`, message: `not valid JSON (${parsed.error})` } }];
    return entityItems(parsed.value, `line ${number}`, context);
  };
  try {
    for await (let text of decodeStrictUtf8(source)) {
      if (mode === 'unknown') {
        text = (pending + text).replace(/^\uFEFF/, '');
        pending = '';
        const first = /\S/.exec(text)?.[0];
        if (first === undefined) {
          pending = text.length > maxLine ? '' : text;
          continue;
        }
        mode = first === '[' ? 'array' : 'lines';
      }
      if (mode === 'array') {
        if (pending.length + text.length > maxArray) {
          yield { error: { record: 'document', message: `the JSON array is longer than ${maxArray} characters; export the entities as JSON lines (one per line) instead` } };
          return;
        }
        pending += text;
        continue;
      }
      let start = 0;
      if (skipping) {
        const end = text.indexOf('\n');
        if (end === -1) continue;
        skipping = false;
        line++;
        start = end + 1;
      }
      for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
        const whole = pending + text.slice(start, end);
        pending = '';
        if (whole.length > maxLine) yield { error: { record: `line ${line}`, message: `the line is longer than ${maxLine} characters; skipped` } };
        else yield* lineItems(whole, line);
        line++;
        start = end + 1;
      }
      pending += text.slice(start);
      if (pending.length > maxLine) {
        yield { error: { record: `line ${line}`, message: `the line is longer than ${maxLine} characters; skipped` } };
        pending = '';
        skipping = true;
      }
    }
  } catch (error) {
    if (!(error instanceof ListInputError)) throw error;
    yield { error: { record: 'document', message: error.message } };
    return;
  }
  if (mode === 'lines' && !skipping) yield* lineItems(pending, line);
  if (mode !== 'array') return;
  const parsed = parseJson(pending);
  pending = '';
  if ('error' in parsed) {
    yield { error: { record: 'document', message: `the JSON array is not valid JSON (truncated?): ${parsed.error}` } };
    return;
  }
  if (!Array.isArray(parsed.value)) {
    yield { error: { record: 'document', message: 'the file starts with "[" but is not a JSON array' } };
    return;
  }
  let index = 0;
  for (const value of parsed.value as unknown[]) yield* entityItems(value, `item ${++index}`, context);
}
