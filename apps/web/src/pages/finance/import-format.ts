/** The import format a file's name suggests (the user can change it). Pure: node tests run it. */
import type { ImportFormat } from '../../api/finance-types.ts';

/**
 * `.xml` is ISO 20022, `.ndjson`/`.jsonl`/`.json` FtM entities, anything else CSV.
 * @example formatOfName('statement.XML') // 'iso20022'
 */
export function formatOfName(name: string): ImportFormat {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  if (ext === 'xml') return 'iso20022';
  if (ext === 'ndjson' || ext === 'jsonl' || ext === 'json') return 'ftm';
  return 'csv';
}
