/**
 * Reads a CSV file into rows: decoded (see `text-decode.ts`), parsed by csv-parse as a stream,
 * the first record taken as the header, each further record mapped to entities and each entity
 * cleaned with `model.cleanEntity(raw, { strict: true })`. A record with more or fewer fields
 * than the header is a bad row; an unterminated quote or an oversized record ends the file.
 */
import { parse, CsvError } from 'csv-parse';
import { feedCsvParser as feed } from './csv-feed.ts';
import type { AriadneModel } from '@ariadne/schema';
import type { BulkEntity } from '@ariadne/store';
import { inputFailure } from './input-failure.ts';
import type { CsvMapping } from './mapping.ts';
import { compileMapping, type RecordMapper } from './mapping-rows.ts';
import { describeErrors, type ParsedRow } from './parsed-row.ts';
import { decodeText } from './text-decode.ts';

export interface CsvRowOptions {
  readonly model: AriadneModel;
  readonly mapping: CsvMapping;
  readonly encoding: string | undefined;
  readonly maxRecordBytes: number;
}

function mapRecord(mapper: RecordMapper, record: readonly string[], model: AriadneModel): Pick<ParsedRow, 'entities' | 'error'> {
  const entities: BulkEntity[] = [];
  const problems: string[] = [];
  for (const { name, entity: raw } of mapper(record)) {
    const { entity, errors } = model.cleanEntity(raw, { strict: true });
    if (entity) entities.push({ id: entity.id, schema: entity.schema, properties: entity.properties });
    else problems.push(`${name} (${raw.schema}): ${describeErrors(errors)}`);
  }
  return problems.length > 0 ? { error: problems.join(' | ') } : { entities };
}

function csvFailure(error: unknown, nextLine: number, maxRecordBytes: number): Error {
  if (!(error instanceof CsvError)) return error as Error;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return inputFailure(nextLine, `Line ${nextLine}: a quoted field opened here (or just after) is never closed; the file ends inside quotes.`, error);
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return inputFailure(nextLine, `Line ${nextLine}: the record is longer than ${maxRecordBytes} characters (an unclosed quote, or not a CSV file).`, error);
  }
  return inputFailure(nextLine, `Line ${nextLine}: the CSV cannot be parsed (${error.code}).`, error);
}

/**
 * Records are taken from csv-parse's `on_record` hook into a queue as they are parsed (and
 * dropped from its output), so a parse error never discards records parsed before it, however
 * far the parser ran ahead of the writes.
 *
 * @example for await (const row of readCsvRows(file.chunks(), { model, mapping, encoding: undefined, maxRecordBytes: 4 << 20 })) …
 */
export async function* readCsvRows(chunks: AsyncIterable<Uint8Array>, options: CsvRowOptions): AsyncGenerator<ParsedRow> {
  const decoded = decodeText(chunks, options.encoding);
  const queue: { record: string[]; line: number }[] = [];
  let parsedLine = 0;
  const parser = parse({
    relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: options.maxRecordBytes,
    on_record: (record: string[], context) => {
      parsedLine = context.lines;
      queue.push({ record, line: context.lines });
      return undefined;
    },
  });
  parser.on('error', () => undefined); // reported through feed()
  parser.resume();
  let header: string[] | null = null;
  let mapper: RecordMapper | null = null;
  let failure: unknown = null;
  let ended = false;
  try {
    for (;;) {
      if (queue.length === 0 && !ended && failure === null) {
        const next = await decoded.text.next().catch((error: unknown) => ({ error }));
        try {
          if ('error' in next) failure = next.error;
          else if (next.done) { ended = true; await feed(parser, null); }
          else await feed(parser, next.value);
        } catch (error) {
          failure = csvFailure(error, parsedLine + 1, options.maxRecordBytes);
        }
        continue;
      }
      const item = queue.shift();
      if (item === undefined) break;
      const { record, line } = item;
      const offset = decoded.bytesRead();
      if (header === null) {
        header = record.map((name) => name.trim());
        const compiled = compileMapping(options.mapping, header);
        if ('missing' in compiled) {
          throw inputFailure(line, `The CSV header lacks the column(s) the mapping reads: ${compiled.missing.map((c) => JSON.stringify(c)).join(', ')}.`);
        }
        mapper = compiled;
        yield { line, offset, blank: true };
      } else if (record.length !== header.length) {
        yield { line, offset, error: `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${header.length}` };
      } else {
        yield { line, offset, ...mapRecord(mapper!, record, options.model) };
      }
    }
    if (failure !== null) throw failure;
  } finally {
    parser.destroy();
    await decoded.text.return(undefined);
  }
}
