/**
 * Reads the batch screening contract's queries file: a UTF-8 CSV with a header naming `id` and
 * `name`, and optionally `birth_date`, `nationality` and `gender` (any order, any case; other
 * columns are ignored). Each row becomes a query or an error naming its line, so one bad row
 * never stops a batch; a file that is not such a CSV at all ends with one `file` error.
 */
import { ListInputError } from './strict-utf8.ts';
import { readCsvRecords } from './csv-records.ts';
import type { ByteSource } from './list-item.ts';
import { MAX_NAME_CHARS } from './matcher.ts';
import { cleanText, nameProblem } from './name-text.ts';
import type { ScreeningQuery } from './screen.ts';

export type QueryRow = { readonly query: ScreeningQuery; readonly line: number } | { readonly error: { readonly line: number | 'file'; readonly id?: string; readonly message: string } };

const MAX_ROW_CHARS = 64 * 1024;
const COLUMNS = ['id', 'name', 'birth_date', 'nationality', 'gender'] as const;
type Column = (typeof COLUMNS)[number];

function headerOf(record: readonly string[]): Map<Column, number> | string {
  const at = new Map<Column, number>();
  record.forEach((cell, i) => {
    const key = cell.replace(/^\uFEFF/, '').trim().toLowerCase() as Column;
    if ((COLUMNS as readonly string[]).includes(key) && !at.has(key)) at.set(key, i);
  });
  const missing = ['id', 'name'].filter((c) => !at.has(c as Column));
  return missing.length > 0 ? `the header has no ${missing.join(' or ')} column (found: ${record.slice(0, 10).map((c) => JSON.stringify(c.slice(0, 30))).join(', ')})` : at;
}

function rowQuery(record: readonly string[], at: Map<Column, number>): ScreeningQuery | string {
  const cell = (c: Column) => cleanText(at.has(c) ? record[at.get(c)!] : undefined);
  const id = cell('id');
  if (id === '') return 'the id is empty';
  if (id.length > 200) return 'the id is longer than 200 characters';
  const name = cell('name');
  const problem = nameProblem(name);
  if (problem) return problem;
  if (name.length > MAX_NAME_CHARS) return `the name is longer than ${MAX_NAME_CHARS} characters`;
  const birthDate = cell('birth_date');
  if (birthDate !== '' && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) return `birth_date ${JSON.stringify(birthDate.slice(0, 20))} is not YYYY, YYYY-MM or YYYY-MM-DD`;
  const nationality = cell('nationality').toLowerCase();
  if (nationality !== '' && !/^[a-z]{2}$/.test(nationality)) return `nationality ${JSON.stringify(nationality.slice(0, 20))} is not an ISO 3166 alpha-2 code`;
  const gender = cell('gender').toLowerCase();
  if (gender !== '' && !['male', 'female', 'other', 'm', 'f'].includes(gender)) return `gender ${JSON.stringify(gender.slice(0, 20))} is not male or female`;
  return {
    id, name,
    ...(birthDate ? { birthDate } : {}),
    ...(nationality ? { nationality } : {}),
    ...(gender ? { gender: gender === 'm' ? 'male' : gender === 'f' ? 'female' : gender } : {}),
  };
}

/** @example for await (const row of readQueryCsv(createReadStream('queries.csv'))) if ('query' in row) … */
export async function* readQueryCsv(source: ByteSource): AsyncGenerator<QueryRow> {
  let at: Map<Column, number> | null = null;
  try {
    for await (const { record, line } of readCsvRecords(source, MAX_ROW_CHARS)) {
      if (at === null) {
        const header = headerOf(record);
        if (typeof header === 'string') {
          yield { error: { line: 'file', message: `Not a queries file: ${header}. Expected a header with id,name and optionally birth_date,nationality,gender.` } };
          return;
        }
        at = header;
        continue;
      }
      const query = rowQuery(record, at);
      const id = cleanText(record[at.get('id')!]).slice(0, 200);
      if (typeof query === 'string') yield { error: { line, ...(id ? { id } : {}), message: query } };
      else yield { query, line };
    }
  } catch (error) {
    if (!(error instanceof ListInputError)) throw error;
    yield { error: { line: 'file', message: error.message } };
    return;
  }
  if (at === null) yield { error: { line: 'file', message: 'The queries file is empty: expected a header with id,name.' } };
}
