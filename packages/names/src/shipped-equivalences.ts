/**
 * The committed name-equivalence table (`data/name-equivalences.json`), read from disk once, on
 * first use. The edge where the pure `equivalences.ts` meets the file it describes.
 */
import { readFileSync } from 'node:fs';
import { canonicalSpellings, EQUIVALENCES_URL, parseEquivalenceTable, type EquivalenceTable } from './equivalences.ts';

let table: EquivalenceTable | undefined;
let spellings: ReadonlyMap<string, string> | undefined;

/**
 * The shipped table, parsed and validated on the first call and cached.
 * @example shippedEquivalenceTable().groups.length // 358
 */
export function shippedEquivalenceTable(): EquivalenceTable {
  return (table ??= parseEquivalenceTable(readFileSync(EQUIVALENCES_URL, 'utf8')));
}

/**
 * `canonicalSpellings` of the shipped table, built once (every caller shares the same map).
 * @example shippedCanonicalSpellings().get('mohammed') // 'muhammad'
 */
export function shippedCanonicalSpellings(): ReadonlyMap<string, string> {
  return (spellings ??= canonicalSpellings(shippedEquivalenceTable()));
}
