/**
 * Maps the UN Security Council Consolidated List XML (scsanctions.un.org consolidated.xml) to
 * FtM: each INDIVIDUAL becomes a Person, each ENTITY an Organization, both with id
 * `un-sc-<REFERENCE_NUMBER>`, plus one Sanction per designation. Alias QUALITY follows
 * OpenSanctions: Good / a.k.a. → alias, Low → weakAlias, f.k.a. → previousName; the original-script
 * name is an alias too, with its script kept in `notes`. Approximate and between birth dates become
 * years (FtM has no ranges) with the qualifier in `notes`. Documents are kept on the subject as
 * `passportNumber` (passports) or `idNumber` (every other document), not as separate entities.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import { makeCountryResolver, type CountryResolver } from './country-names.ts';
import type { ByteSource, ListItem } from './list-item.ts';
import { cleanText, nameProblem } from './name-text.ts';
import { readXmlRecords, type XmlNode } from './xml-records.ts';
import { addCountry, addValue, children, cleanRecord, textOf, type Props } from './record-props.ts';

export const UN_SOURCE_URL = 'https://scsanctions.un.org/resources/xml/en/consolidated.xml';
const UN_AUTHORITY = 'United Nations Security Council';

export interface UnParseOptions {
  readonly model?: AriadneModel;
  readonly maxFieldChars?: number;
  /** receives the list's `dateGenerated` (root attribute) as soon as the root is read */
  readonly onPublished?: (date: string) => void;
}


const values = (node: XmlNode, name: string) => children(node, name).flatMap((c) => children(c, 'VALUE').map((v) => cleanText(v.text)).filter((v) => v !== ''));

/** UN dates sometimes carry a zone offset (`2015-07-01-04:00`); FtM dates do not. */
const isoDate = (text: string) => /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0] ?? text;

const SCRIPTS = ['Arabic', 'Cyrillic', 'Han', 'Hangul', 'Hebrew', 'Greek', 'Latin'] as const;

/** @example scriptOf('محمد') // 'Arabic' */
export function scriptOf(text: string): string {
  for (const script of SCRIPTS) if (new RegExp(`\\p{Script=${script}}`, 'u').test(text)) return script;
  return 'other';
}

function addAliases(props: Props, node: XmlNode, tag: string) {
  for (const alias of children(node, tag)) {
    const quality = textOf(alias, 'QUALITY');
    const prop = quality === 'Low' ? 'weakAlias' : quality === 'f.k.a.' ? 'previousName' : 'alias';
    for (const name of textOf(alias, 'ALIAS_NAME').split('; ')) addValue(props, prop, name);
  }
}

function addBirthDates(props: Props, node: XmlNode) {
  for (const dob of children(node, 'INDIVIDUAL_DATE_OF_BIRTH')) {
    const type = textOf(dob, 'TYPE_OF_DATE');
    const date = isoDate(textOf(dob, 'DATE') || textOf(dob, 'YEAR'));
    const from = textOf(dob, 'FROM_YEAR');
    const to = textOf(dob, 'TO_YEAR');
    if (from !== '' || to !== '') {
      addValue(props, 'birthDate', from);
      addValue(props, 'birthDate', to);
      addValue(props, 'notes', `Date of birth: between ${from || '?'} and ${to || '?'}`);
    } else if (date !== '') {
      addValue(props, 'birthDate', date);
      if (type !== '' && type !== 'EXACT') addValue(props, 'notes', `Date of birth: ${type.toLowerCase()} ${date}`);
    }
  }
}

function place(node: XmlNode, fields: readonly string[]): string {
  return fields.map((f) => textOf(node, f)).filter((v) => v !== '').join(', ');
}

function subjectProps(node: XmlNode, isPerson: boolean, countries: CountryResolver): { props: Props; problem: string | null } {
  const props: Props = {};
  const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((f) => textOf(node, f)).filter((v) => v !== '').join(' ');
  const problem = nameProblem(name);
  addValue(props, 'name', name);
  addAliases(props, node, isPerson ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS');
  const original = textOf(node, 'NAME_ORIGINAL_SCRIPT');
  if (original !== '') {
    addValue(props, 'alias', original);
    addValue(props, 'notes', `Name in original script (${scriptOf(original)}): ${original}`);
  }
  const listType = textOf(node, 'UN_LIST_TYPE');
  addValue(props, 'program', listType);
  addValue(props, 'notes', textOf(node, 'COMMENTS1'));
  addValue(props, 'sourceUrl', UN_SOURCE_URL);
  const updates = values(node, 'LAST_DAY_UPDATED').map(isoDate).sort();
  addValue(props, 'modifiedAt', updates[updates.length - 1]);
  for (const address of children(node, isPerson ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')) {
    addValue(props, 'address', place(address, ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY']));
    addCountry(props, 'country', textOf(address, 'COUNTRY'), countries);
  }
  if (isPerson) {
    for (const title of values(node, 'TITLE')) addValue(props, 'title', title);
    for (const position of values(node, 'DESIGNATION')) addValue(props, 'position', position);
    for (const nationality of values(node, 'NATIONALITY')) addCountry(props, 'nationality', nationality, countries);
    const gender = textOf(node, 'GENDER').toLowerCase();
    if (gender === 'male' || gender === 'female') addValue(props, 'gender', gender);
    addBirthDates(props, node);
    for (const pob of children(node, 'INDIVIDUAL_PLACE_OF_BIRTH')) addValue(props, 'birthPlace', place(pob, ['CITY', 'STATE_PROVINCE', 'COUNTRY']));
    for (const doc of children(node, 'INDIVIDUAL_DOCUMENT')) {
      const number = textOf(doc, 'NUMBER');
      if (number === '') continue;
      const type = textOf(doc, 'TYPE_OF_DOCUMENT');
      // a "number" longer than FtM's identifier limit is prose (several numbers, an explanation): notes only
      if (number.length <= 64) addValue(props, /passport/i.test(type) ? 'passportNumber' : 'idNumber', number);
      const details = [type, textOf(doc, 'TYPE_OF_DOCUMENT2'), textOf(doc, 'ISSUING_COUNTRY') || textOf(doc, 'COUNTRY_OF_ISSUE'), textOf(doc, 'DATE_OF_ISSUE') && `issued ${textOf(doc, 'DATE_OF_ISSUE')}`, textOf(doc, 'NOTE')].filter((v) => v !== '');
      addValue(props, 'notes', `Document ${number}: ${details.join(', ')}`);
    }
  }
  return { props, problem };
}

/** Person/Organization + Sanction for one INDIVIDUAL or ENTITY element, or the reason there are none. */
export function unRecordEntities(node: XmlNode, model: AriadneModel, countries: CountryResolver): { entities: ListItem[]; error: string | null } {
  const ref = textOf(node, 'REFERENCE_NUMBER');
  if (ref === '') return { entities: [], error: 'the record has no REFERENCE_NUMBER' };
  const isPerson = node.name === 'INDIVIDUAL';
  const { props, problem } = subjectProps(node, isPerson, countries);
  if (problem) return { entities: [], error: problem };
  const id = `un-sc-${ref}`;
  const sanction: Props = { entity: [id], authority: [UN_AUTHORITY], unscId: [ref], sourceUrl: [UN_SOURCE_URL] };
  addValue(sanction, 'program', textOf(node, 'UN_LIST_TYPE'));
  addValue(sanction, 'listingDate', isoDate(textOf(node, 'LISTED_ON')));
  const raws = [{ id, schema: isPerson ? 'Person' : 'Organization', properties: props }, { id: `${id}-sanction`, schema: 'Sanction', properties: sanction }];
  return cleanRecord(model, raws);
}

/**
 * Streams the UN consolidated list: entities as each record closes, an error per bad record,
 * and a final `document` error when the XML is refused, malformed, truncated or not UTF-8.
 *
 * @example for await (const item of parseUnConsolidated(createReadStream('consolidated.xml'))) if ('entity' in item) …
 */
export async function* parseUnConsolidated(source: ByteSource, options: UnParseOptions = {}): AsyncGenerator<ListItem> {
  const model = options.model ?? loadModel();
  const countries = makeCountryResolver(model);
  const onOpen = (name: string, attributes: Readonly<Record<string, string>>, depth: number) => {
    const generated = cleanText(attributes.dateGenerated);
    if (depth === 0 && generated !== '') options.onPublished?.(generated);
  };
  for await (const item of readXmlRecords(source, { recordDepth: 2, onOpen, ...(options.maxFieldChars ? { maxFieldChars: options.maxFieldChars } : {}) })) {
    if ('fatal' in item) {
      yield { error: { record: 'document', message: item.fatal } };
      continue;
    }
    const { node, index, oversized } = item;
    const record = textOf(node, 'REFERENCE_NUMBER') || `${node.name} #${index}`;
    if (node.name !== 'INDIVIDUAL' && node.name !== 'ENTITY') {
      yield { error: { record, message: `unexpected element <${node.name}> where an INDIVIDUAL or ENTITY was expected` } };
      continue;
    }
    if (oversized) {
      yield { error: { record, message: `the text of <${oversized}> is longer than ${options.maxFieldChars ?? 65536} characters; record skipped` } };
      continue;
    }
    const { entities, error } = unRecordEntities(node, model, countries);
    if (error) yield { error: { record, message: error } };
    yield* entities;
  }
}
