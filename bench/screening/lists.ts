/**
 * The lists the screening benchmark runs on: the full UN and OFAC files from ../shared/data when
 * present, else the small committed fixtures of packages/sanctions (and the run says which).
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityData } from '@ariadne/schema';
import { parseOfacLegacyCsv, parseUnConsolidated, type ListItem } from '@ariadne/sanctions';

export interface BenchLists {
  readonly source: 'real lists (../shared/data/sanctions)' | 'committed fixtures (packages/sanctions/test/fixtures)';
  readonly un: EntityData[];
  readonly ofac: EntityData[];
  /** Folder of the yente CSV fixtures, when the shared data is present. */
  readonly yente: string | undefined;
  readonly errors: number;
}

const root = new URL('../..', import.meta.url).pathname;
const shared = join(root, '..', 'shared', 'data', 'sanctions');
const fixtures = join(root, 'packages', 'sanctions', 'test', 'fixtures');

async function collect(items: AsyncIterable<ListItem>, errors: { n: number }): Promise<EntityData[]> {
  const out: EntityData[] = [];
  for await (const i of items) {
    if ('entity' in i) out.push(i.entity);
    else errors.n++;
  }
  return out;
}

export async function loadBenchLists(): Promise<BenchLists> {
  const errors = { n: 0 };
  const real = existsSync(join(shared, 'un', 'UN_consolidated.xml')) && existsSync(join(shared, 'ofac-sdn-2021-07', 'sdn.csv'));
  const file = (...p: string[]) => createReadStream(real ? join(shared, ...p) : join(fixtures, p[p.length - 1]!));
  const un = await collect(parseUnConsolidated(real ? file('un', 'UN_consolidated.xml') : file('un-consolidated-extract.xml')), errors);
  const ofacDir = 'ofac-sdn-2021-07';
  const ofac = await collect(parseOfacLegacyCsv(real
    ? { sdn: file(ofacDir, 'sdn.csv'), alt: file(ofacDir, 'alt.csv'), add: file(ofacDir, 'add.csv'), comments: file(ofacDir, 'sdn_comments.csv') }
    : { sdn: file('ofac-sdn.csv'), alt: file('ofac-alt.csv'), add: file('ofac-add.csv'), comments: file('ofac-sdn_comments.csv') }), errors);
  const yente = existsSync(join(shared, 'yente-fixtures', 'negatives_global.csv')) ? join(shared, 'yente-fixtures') : undefined;
  return { source: real ? 'real lists (../shared/data/sanctions)' : 'committed fixtures (packages/sanctions/test/fixtures)', un, ofac, yente, errors: errors.n };
}
