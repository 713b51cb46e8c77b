/**
 * Dev tool, run by hand: mines `packages/names/data/name-equivalences.json` from the full real
 * lists. The product never runs this and never reads ../shared; it reads the committed table.
 *
 *   node --import tsx packages/names/scripts/mine-equivalences.ts [SHARED_SANCTIONS_DIR]
 *
 * Reads, under SHARED_SANCTIONS_DIR (default `../shared/data/sanctions` beside the checkout):
 *   - `un/UN_consolidated.xml`   UN Security Council Consolidated List (names, aliases, original script)
 *   - `ofac-sdn-2021-07/`        OFAC SDN legacy CSV set (sdn.csv names, alt.csv aliases)
 * The same as `ariadne names mine --list … --list … --output …`, with the files' SHA-256 and
 * publication dates written into the table's `source`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupDesignations, openListFile } from '@ariadne/sanctions';
import type { EntityData } from '@ariadne/schema';
import { minePairs, mineEquivalences, namesOfSubject, serialiseEquivalenceTable, type DesignationNames } from '../src/equivalences.ts';

const root = new URL('../../..', import.meta.url).pathname;
const shared = process.argv[2] ?? join(root, '..', 'shared', 'data', 'sanctions');
const files = [join(shared, 'un', 'UN_consolidated.xml'), join(shared, 'ofac-sdn-2021-07')];
const MIN_SUPPORT = 2;

const designations: DesignationNames[] = [];
const sources: string[] = [];
for (const path of files) {
  const opened = await openListFile(path);
  const entities: EntityData[] = [];
  for await (const item of opened.items()) if ('entity' in item) entities.push(item.entity);
  // persons only: organisations' aliases are mostly translations (Company ~ Complex), not spellings
  const persons = groupDesignations(entities).entries.filter((d) => d.entities[0]!.schema === 'Person');
  for (const d of persons) designations.push(namesOfSubject(d.entities[0]!.properties));
  sources.push(`${opened.list} ${opened.source} (published ${opened.publishedAt() ?? 'undated'}, sha256 ${(await opened.sha256()).slice(0, 16)}…, ${persons.length} persons)`);
}
const pairs = minePairs(designations);
const table = mineEquivalences(pairs, { minSupport: MIN_SUPPORT, source: `mined from ${sources.join('; ')}; ${pairs.length} name pairs; min support ${MIN_SUPPORT}` });
const out = join(root, 'packages', 'names', 'data', 'name-equivalences.json');
writeFileSync(out, serialiseEquivalenceTable(table));
console.log(`${table.groups.length} groups from ${pairs.length} pairs of ${designations.length} persons → ${out}`);
