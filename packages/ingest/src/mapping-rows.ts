/**
 * Applies a validated mapping to one CSV record: ids first (so `entity` references resolve in
 * any order), then properties. Ids follow FtM's `EntityMapping.compute_key`: sha1 over the key
 * literal then each non-empty key value (trimmed), hex; a row whose keys are all empty yields no
 * entity of that mapping.
 */
import { createHash } from 'node:crypto';
import type { BulkEntity } from '@ariadne/store';
import { mappingColumns, type CsvMapping, type EntityMapping } from './mapping.ts';

/** the entities of one record, each with the name of the mapping that made it */
export type RecordMapper = (record: readonly string[]) => { name: string; entity: BulkEntity }[];

function makeId(mapping: EntityMapping, value: (column: string) => string): string | null {
  if (mapping.idColumn !== null) return value(mapping.idColumn) || null;
  const digest = createHash('sha1').update(mapping.keyLiteral, 'utf8');
  let any = false;
  for (const key of mapping.keys) {
    const v = value(key);
    if (v === '') continue;
    digest.update(v, 'utf8');
    any = true;
  }
  return any ? digest.digest('hex') : null;
}

/**
 * Binds a mapping to a CSV header. Returns the missing columns instead when the header lacks some.
 *
 * @example const mapper = compileMapping(mapping, ['id', 'name']); mapper(['7', 'Testperson Alpha'])
 */
export function compileMapping(mapping: CsvMapping, header: readonly string[]): RecordMapper | { missing: string[] } {
  const index = new Map<string, number>();
  header.forEach((name, i) => { if (!index.has(name)) index.set(name, i); });
  const missing = mappingColumns(mapping).filter((c) => !index.has(c));
  if (missing.length > 0) return { missing };
  const entries = Object.entries(mapping.entities);
  return (record) => {
    const value = (column: string) => (record[index.get(column)!] ?? '').trim();
    const ids = new Map(entries.map(([name, m]) => [name, makeId(m, value)]));
    const out: { name: string; entity: BulkEntity }[] = [];
    for (const [name, m] of entries) {
      const id = ids.get(name);
      if (!id) continue;
      const properties: Record<string, string[]> = {};
      for (const [prop, spec] of Object.entries(m.properties)) {
        let values: string[] = [];
        if ('column' in spec) values = [value(spec.column)];
        else if ('literal' in spec) values = [spec.literal];
        else if ('entity' in spec) values = [ids.get(spec.entity) ?? ''];
        else {
          const parts = spec.columns.map(value).filter((v) => v !== '');
          values = spec.join === undefined ? parts : [parts.join(spec.join)];
        }
        values = values.filter((v) => v !== '');
        if (values.length > 0) properties[prop] = values;
      }
      out.push({ name, entity: { id, schema: m.schema, properties } });
    }
    return out;
  };
}
