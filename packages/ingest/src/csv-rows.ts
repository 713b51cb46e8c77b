/**
 * Reads a CSV file into rows: decoded (see `text-decode.ts`), parsed by csv-parse as a stream,
 * the first record taken as the header, each further record mapped to entities and each entity
 * cleaned with `model.cleanEntity(raw, { strict: true })`. A record with more or fewer fields
 * than the header is a bad row; an unterminated quote or an oversized record ends the file.
 */
import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
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
 * @example for await (const row of readCsvRows(file.chunks(), { model, mapping, encoding: undefined, maxRecordBytes: 4 << 20 })) …
 */
export async function* readCsvRows(chunks: AsyncIterable<Uint8Array>, options: CsvRowOptions): AsyncGenerator<ParsedRow> {
  const decoded = decodeText(chunks, options.encoding);
  const parser = parse({
    info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: options.maxRecordBytes,
  });
  const source = Readable.from(decoded.text);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let header: string[] | null = null;
  let mapper: RecordMapper | null = null;
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      const offset = decoded.bytesRead();
      if (header === null) {
        header = record.map((name) => name.trim());
        const compiled = compileMapping(options.mapping, header);
        if ('missing' in compiled) {
          throw inputFailure(line, `The CSV header lacks the column(s) the mapping reads: ${compiled.missing.map((c) => JSON.stringify(c)).join(', ')}.`);
        }
        mapper = compiled;
        lastLine = line;
        yield { line, offset, blank: true };
        continue;
      }
      lastLine = line;
      if (record.length !== header.length) {
        yield { line, offset, error: `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${header.length}` };
        continue;
      }
      yield { line, offset, ...mapRecord(mapper!, record, options.model) };
    }
  } catch (error) {
    throw csvFailure(error, lastLine + 1, options.maxRecordBytes);
  } finally {
    source.destroy();
    parser.destroy();
  }
}
