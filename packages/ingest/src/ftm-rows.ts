/**
 * Reads FtM JSON lines into rows: each line decoded as strict UTF-8 on its own (so a bad byte is
 * named by its line), parsed, and cleaned with `model.cleanEntity(raw, { strict: true })`.
 * JSON parser messages are not passed on: they quote the input, which may be personal data.
 */
import type { AriadneModel } from '@ariadne/schema';
import { splitByteLines } from './byte-lines.ts';
import { describeErrors, type ParsedRow } from './parsed-row.ts';

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (cause) {
    const position = /position (\d+)/.exec(String((cause as Error).message))?.[1];
    return { error: `not valid JSON${position === undefined ? '' : ` (at character ${position})`}` };
  }
}

function readRow(text: string, model: AriadneModel): Pick<ParsedRow, 'entities' | 'error' | 'blank'> {
  const trimmed = text.trim();
  if (trimmed === '') return { blank: true };
  const parsed = parseJson(trimmed);
  if ('error' in parsed) return { error: parsed.error };
  const { entity, errors } = model.cleanEntity(parsed.value, { strict: true });
  if (entity === null) return { error: describeErrors(errors) || 'rejected' };
  return { entities: [{ id: entity.id, schema: entity.schema, properties: entity.properties }] };
}

/**
 * @example for await (const row of readFtmRows(file.chunks(), loadModel(), 4 << 20)) …
 */
export async function* readFtmRows(chunks: AsyncIterable<Uint8Array>, model: AriadneModel, maxLineBytes: number): AsyncGenerator<ParsedRow> {
  // fatal: refuse rather than silently turn bad bytes into U+FFFD; the default strips a BOM
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const item of splitByteLines(chunks, maxLineBytes)) {
    const { line, offset } = item;
    if ('tooLong' in item) {
      yield { line, offset, error: `longer than ${maxLineBytes} bytes` };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(item.bytes);
    } catch {
      yield { line, offset, error: 'not valid UTF-8 (FtM JSON lines must be UTF-8)' };
      continue;
    }
    yield { line, offset, ...readRow(text, model) };
  }
}
