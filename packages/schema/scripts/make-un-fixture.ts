// Converts a sample of the UN Security Council Consolidated List (XML) into FtM JSON lines,
// the way OpenSanctions' `un_sc_sanctions` crawler does: a Person or Organization per record,
// plus one FtM Sanction per designation. Writes test/fixtures/un-sc-sample.ftm.jsonl.
//
//   node --import tsx packages/schema/scripts/make-un-fixture.ts [path/to/UN_consolidated.xml]
//
// The default input is /work/shared/data/sanctions/un/UN_consolidated.xml (see
// test/fixtures/README.md). Tests read only the committed output, never the XML.
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { defaultModel } from '@opensanctions/followthemoney';
import { loadModel, writeFtmJson, type EntityData } from '../src/index.ts';
import { PACKAGE_DIR } from './generate-types.ts';

const INPUT = process.argv[2] ?? '/work/shared/data/sanctions/un/UN_consolidated.xml';
const OUTPUT = join(PACKAGE_DIR, 'test/fixtures/un-sc-sample.ftm.jsonl');
const QUOTA = { arabic: 90, individual: 35, entity: 25 };

interface XmlNode {
  readonly name: string;
  text: string;
  readonly children: XmlNode[];
}

const child = (node: XmlNode, name: string): XmlNode | undefined => node.children.find((c) => c.name === name);
const children = (node: XmlNode, name: string): XmlNode[] => node.children.filter((c) => c.name === name);
const text = (node: XmlNode | undefined, name: string): string => (node ? (child(node, name)?.text ?? '').trim() : '');
const values = (node: XmlNode, name: string): string[] =>
  children(node, name).flatMap((n) => children(n, 'VALUE').map((v) => v.text.trim())).filter(Boolean);

// UN country names → FtM codes: FtM's own English labels, plus the UN's spellings.
const COUNTRIES = new Map<string, string>(
  Object.entries(defaultModel.types.country?.values ?? {}).map(([code, label]) => [label.toLowerCase(), code]),
);
for (const [name, code] of Object.entries({
  "democratic people's republic of korea": 'kp',
  'democratic republic of the congo': 'cd',
  congo: 'cg',
  'russian federation': 'ru',
  'united kingdom of great britain and northern ireland': 'gb',
  'united states of america': 'us',
  'iran (islamic republic of)': 'ir',
  'syrian arab republic': 'sy',
  'state of palestine': 'ps',
  'united republic of tanzania': 'tz',
  türkiye: 'tr',
  'former soviet union': 'suhh',
  'viet nam': 'vn',
  "lao people's democratic republic": 'la',
  'republic of korea': 'kr',
})) COUNTRIES.set(name, code);
const unmapped = new Set<string>();
function country(name: string): string[] {
  const code = COUNTRIES.get(name.trim().toLowerCase());
  if (!code && name.trim()) unmapped.add(name.trim());
  return code ? [code] : [];
}

const ALIAS_PROP: Record<string, string> = { Low: 'weakAlias', Good: 'alias', 'a.k.a.': 'alias', 'f.k.a.': 'previousName' };
const ARABIC = /[\u0600-\u06ff]/;

function add(props: Record<string, string[]>, prop: string, ...items: string[]): void {
  const clean = items.map((item) => item.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (clean.length > 0) props[prop] = [...new Set([...(props[prop] ?? []), ...clean])];
}

function convert(record: XmlNode): EntityData[] {
  const isPerson = record.name === 'INDIVIDUAL';
  const id = `unsc-${text(record, 'DATAID')}`;
  const props: Record<string, string[]> = {};
  const nameParts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((tag) => text(record, tag));
  add(props, 'name', nameParts.filter(Boolean).join(' '));
  add(props, 'alias', text(record, 'NAME_ORIGINAL_SCRIPT'));
  for (const alias of children(record, isPerson ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) {
    add(props, ALIAS_PROP[text(alias, 'QUALITY')] ?? 'alias', text(alias, 'ALIAS_NAME'));
  }
  add(props, 'notes', text(record, 'COMMENTS1'));
  add(props, 'topics', 'sanction');
  for (const address of children(record, isPerson ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')) {
    const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'COUNTRY'].map((tag) => text(address, tag)).filter(Boolean);
    add(props, 'address', parts.join(', '));
    add(props, 'country', ...country(text(address, 'COUNTRY')));
  }
  if (isPerson) {
    add(props, 'firstName', nameParts[0] ?? '');
    add(props, 'title', ...values(record, 'TITLE'));
    add(props, 'position', ...values(record, 'DESIGNATION'));
    add(props, 'nationality', ...values(record, 'NATIONALITY').flatMap(country));
    const gender = text(record, 'GENDER').toLowerCase();
    if (gender === 'male' || gender === 'female') add(props, 'gender', gender);
    for (const dob of children(record, 'INDIVIDUAL_DATE_OF_BIRTH')) {
      const type = text(dob, 'TYPE_OF_DATE');
      if (type === 'EXACT' && text(dob, 'DATE')) add(props, 'birthDate', text(dob, 'DATE').slice(0, 10));
      else if (type === 'EXACT' || type === 'APPROXIMATELY') add(props, 'birthDate', text(dob, 'YEAR'));
    }
    for (const pob of children(record, 'INDIVIDUAL_PLACE_OF_BIRTH')) {
      add(props, 'birthPlace', ['CITY', 'STATE_PROVINCE', 'COUNTRY'].map((tag) => text(pob, tag)).filter(Boolean).join(', '));
      add(props, 'birthCountry', ...country(text(pob, 'COUNTRY')));
    }
  }
  const sanction: Record<string, string[]> = {};
  add(sanction, 'entity', id);
  add(sanction, 'authority', 'United Nations Security Council');
  add(sanction, 'program', text(record, 'UN_LIST_TYPE'));
  add(sanction, 'unscId', text(record, 'REFERENCE_NUMBER'));
  add(sanction, 'listingDate', text(record, 'LISTED_ON').slice(0, 10));
  add(sanction, 'sourceUrl', 'https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list');
  const datasets = ['un_sc_sanctions'];
  return [
    { id, schema: isPerson ? 'Person' : 'Organization', properties: props, datasets },
    { id: `${id}-sanction`, schema: 'Sanction', properties: sanction, datasets },
  ];
}

async function main(): Promise<void> {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  const picked: XmlNode[] = [];
  const counts = { arabic: 0, individual: 0, entity: 0 };
  const seen = { INDIVIDUAL: 0, ENTITY: 0 };
  parser.on('opentag', (tag) => {
    if (stack.length > 0 || tag.name === 'INDIVIDUAL' || tag.name === 'ENTITY') {
      const node: XmlNode = { name: tag.name, text: '', children: [] };
      stack.at(-1)?.children.push(node);
      stack.push(node);
    }
  });
  parser.on('text', (value) => {
    const top = stack.at(-1);
    if (top) top.text += value;
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (!node || stack.length > 0) return;
    const kind = node.name as 'INDIVIDUAL' | 'ENTITY';
    seen[kind] += 1;
    if (ARABIC.test(text(node, 'NAME_ORIGINAL_SCRIPT')) && counts.arabic < QUOTA.arabic) {
      counts.arabic += 1;
      picked.push(node);
    } else if (kind === 'INDIVIDUAL' && seen[kind] % 11 === 0 && counts.individual < QUOTA.individual) {
      counts.individual += 1;
      picked.push(node);
    } else if (kind === 'ENTITY' && seen[kind] % 7 === 0 && counts.entity < QUOTA.entity) {
      counts.entity += 1;
      picked.push(node);
    }
  });
  for await (const chunk of createReadStream(INPUT, { encoding: 'utf8' })) parser.write(chunk as string);
  parser.close();

  const model = loadModel();
  const lines: string[] = [];
  for (const entity of picked.flatMap(convert)) {
    const { entity: clean, errors } = model.cleanEntity(entity, { strict: false });
    if (Object.keys(errors).length > 0) console.warn(entity.id, errors);
    if (clean) lines.push(writeFtmJson(clean));
  }
  writeFileSync(OUTPUT, `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} entities from ${picked.length} records`, counts);
  if (unmapped.size > 0) console.log('unmapped countries:', [...unmapped].join('; '));
}

await main();
