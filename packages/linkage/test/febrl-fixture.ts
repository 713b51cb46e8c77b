/**
 * The FEBRL dataset 4 extract of `fixtures/` (fictitious people, see fixtures/README.md) as
 * record tables, and the shipped FEBRL linkage schema, for the encoder's tests. Ground truth:
 * `rec-<N>-org` on side a and `rec-<N>-dup-0` on side b are the same person.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { LinkageSchema, RecordTable } from '../src/types.ts';
import { parseLinkageSchema } from '../src/linkage-schema.ts';

const here = new URL('.', import.meta.url);

export function febrlTable(side: 'a' | 'b'): RecordTable {
  const rows = parse(readFileSync(new URL(`fixtures/febrl4-${side}.csv`, here), 'utf8')) as string[][];
  const [columns, ...records] = rows;
  return { columns: columns!, ids: records.map((r) => r[0]!), rows: records.map((r) => r.slice(1)) };
}

export function febrlSchema(): LinkageSchema {
  return parseLinkageSchema(JSON.parse(readFileSync(new URL('../../../examples/linkage/febrl.schema.json', here), 'utf8')));
}

/** the person number N of `rec-N-org` / `rec-N-dup-k` */
export function personOf(id: string): string {
  return id.split('-')[1]!;
}

/** one table row as the encoder wants it: values in `schema.features` order ('' for the id column) */
export function fieldsInSchemaOrder(schema: LinkageSchema, table: RecordTable, row: number): string[] {
  return schema.features.map((f) => {
    const column = table.columns.indexOf(f.identifier);
    return column <= 0 ? '' : table.rows[row]![column - 1]!;
  });
}
