/**
 * Maps the EU consolidated financial sanctions list (FSF `xmlFullSanctionsList_1_1`, root
 * `<export>` in namespace http://eu.europa.ec/fpi/fsd/export) to FtM: each `sanctionEntity` becomes
 * a Person (subjectType `person`) or Organization (`enterprise`) with id `eu-fsf-<logicalId>`, plus
 * one Sanction. The EU marks no primary name, so the first strong name without a language is the
 * `name`; other strong names are aliases, `strong="false"` or "low quality" names are weak aliases
 * (as OpenSanctions reads them). Names in a non-Latin script keep their script in `notes`, as the
 * UN parser does. Partial birth dates keep their known parts; circa and year ranges become years
 * with the qualifier in `notes`. The file is attribute-based: every field is read from attributes.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import { makeCountryResolver, type CountryResolver } from './country-names.ts';
import { MAX_FIELD_CHARS, type ByteSource, type ListItem } from './list-item.ts';
import { cleanText, nameProblem } from './name-text.ts';
import { scriptOf } from './un-consolidated.ts';
import { readXmlRecords, type XmlNode } from './xml-records.ts';
import { addValue, children, cleanRecord, localName, type Props } from './record-props.ts';

export const EU_SOURCE_URL = 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content';
const EU_AUTHORITY = 'European Union';

export interface EuParseOptions {
  readonly model?: AriadneModel;
  readonly maxFieldChars?: number;
  /** receives the root's `generationDate` (ISO 8601, as published) as soon as the root is read */
  readonly onPublished?: (iso: string) => void;
}


const attr = (node: XmlNode | undefined, name: string) => cleanText(node?.attributes[name]);
const isTrue = (value: string) => value.toLowerCase() === 'true';

/** `00` and `UNKNOWN` are the file's "no country"; the ISO code is preferred, the description is the fallback */
function countryOf(node: XmlNode, countries: CountryResolver): { code: string | null; label: string } {
  const iso = attr(node, 'countryIso2Code').toLowerCase();
  const label = attr(node, 'countryDescription');
  const known = label.toUpperCase() === 'UNKNOWN' ? '' : label;
  if (/^[a-z]{2}$/.test(iso) && iso !== '00') return { code: countries(iso) ?? (known ? countries(known) : null), label: known };
  return { code: known ? countries(known) : null, label: known };
}

interface NameEntry {
  readonly whole: string;
  readonly node: XmlNode;
  readonly weak: boolean;
  readonly language: string;
}

function nameEntries(record: XmlNode): NameEntry[] {
  return children(record, 'nameAlias').map((node) => {
    const parts = ['firstName', 'middleName', 'lastName'].map((a) => attr(node, a)).filter((v) => v !== '');
    const remark = children(node, 'remark').map((r) => cleanText(r.text).toLowerCase()).join(' ');
    const weak = !isTrue(attr(node, 'strong') || 'true') || /\blow? quality\b/.test(remark);
    return { whole: attr(node, 'wholeName') || parts.join(' '), node, weak, language: attr(node, 'nameLanguage') };
  }).filter((entry) => entry.whole !== '');
}

/** the official spelling: the first strong name with no language, else the first strong one, else the first */
function primaryName(names: readonly NameEntry[]): NameEntry | undefined {
  return names.find((n) => !n.weak && n.language === '') ?? names.find((n) => !n.weak) ?? names[0];
}

function addNames(props: Props, names: readonly NameEntry[], primary: NameEntry, isPerson: boolean) {
  addValue(props, 'name', primary.whole);
  if (isPerson) {
    addValue(props, 'firstName', attr(primary.node, 'firstName'));
    addValue(props, 'middleName', attr(primary.node, 'middleName'));
    addValue(props, 'lastName', attr(primary.node, 'lastName'));
  }
  for (const entry of names) {
    if (entry !== primary && entry.whole !== props.name?.[0]) addValue(props, entry.weak ? 'weakAlias' : 'alias', entry.whole);
    const script = scriptOf(entry.whole);
    if (script !== 'Latin' && script !== 'other') addValue(props, 'notes', `Name in original script (${script}): ${entry.whole}`);
    // a quality remark is already read as strong/weak; other remarks ("led by … alias …") are kept
    for (const remark of children(entry.node, 'remark')) if (!/\bquality\b/i.test(remark.text)) addValue(props, 'notes', `Name ${entry.whole}: ${remark.text}`);
    if (isPerson) {
      addValue(props, 'title', attr(entry.node, 'title'));
      addValue(props, 'position', attr(entry.node, 'function'));
      const gender = attr(entry.node, 'gender').toUpperCase();
      if (gender === 'M' || gender === 'F') addValue(props, 'gender', gender === 'M' ? 'male' : 'female');
    } else addValue(props, 'notes', attr(entry.node, 'function'));
  }
}

const pad = (n: string) => n.padStart(2, '0');

/** `1960-04-11`, or the known parts of it: `1960-04`, `1960` */
function birthDateOf(node: XmlNode): string {
  const full = /^\d{4}-\d{2}-\d{2}/.exec(attr(node, 'birthdate'))?.[0];
  if (full) return full;
  const year = attr(node, 'year');
  if (!/^\d{4}$/.test(year)) return '';
  const month = attr(node, 'monthOfYear');
  if (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12) return year;
  const day = attr(node, 'dayOfMonth');
  if (!/^\d{1,2}$/.test(day) || Number(day) < 1 || Number(day) > 31) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function addBirths(props: Props, record: XmlNode, countries: CountryResolver) {
  for (const birth of children(record, 'birthdate')) {
    const from = attr(birth, 'yearRangeFrom');
    const to = attr(birth, 'yearRangeTo');
    const date = birthDateOf(birth);
    if (/^\d{4}$/.test(from) || /^\d{4}$/.test(to)) {
      if (/^\d{4}$/.test(from)) addValue(props, 'birthDate', from);
      if (/^\d{4}$/.test(to)) addValue(props, 'birthDate', to);
      addValue(props, 'notes', `Date of birth: between ${from || '?'} and ${to || '?'}`);
    } else if (date !== '') {
      addValue(props, 'birthDate', date);
      if (isTrue(attr(birth, 'circa'))) addValue(props, 'notes', `Date of birth: approximately ${date}`);
    }
    const country = countryOf(birth, countries);
    addValue(props, 'birthPlace', [attr(birth, 'place'), attr(birth, 'city'), attr(birth, 'region'), country.label].filter((v) => v !== '').join(', '));
    if (country.code) addValue(props, 'birthCountry', country.code);
  }
}

function addIdentifications(props: Props, record: XmlNode, countries: CountryResolver) {
  for (const doc of children(record, 'identification')) {
    const number = attr(doc, 'number') || attr(doc, 'latinNumber');
    if (number === '') continue;
    const type = attr(doc, 'identificationTypeCode').toLowerCase();
    // a "number" longer than FtM's identifier limit is prose: notes only
    if (number.length <= 64) addValue(props, type.includes('passport') ? 'passportNumber' : 'idNumber', number);
    const country = countryOf(doc, countries);
    const details = [attr(doc, 'identificationTypeDescription') || type, country.label, attr(doc, 'issuedBy') && `issued by ${attr(doc, 'issuedBy')}`, attr(doc, 'issueDate') && `issued ${attr(doc, 'issueDate')}`, ...children(doc, 'remark').map((r) => cleanText(r.text))].filter((v) => v !== '');
    addValue(props, 'notes', `Document ${number}: ${details.join(', ')}`);
  }
}

function addAddresses(props: Props, record: XmlNode, countries: CountryResolver) {
  for (const address of children(record, 'address')) {
    const country = countryOf(address, countries);
    addValue(props, 'address', [attr(address, 'street'), attr(address, 'poBox') && `PO Box ${attr(address, 'poBox')}`, attr(address, 'zipCode'), attr(address, 'city'), attr(address, 'place'), attr(address, 'region'), country.label].filter((v) => v !== '').join(', '));
    if (country.code) addValue(props, 'country', country.code);
    for (const remark of children(address, 'remark')) addValue(props, 'notes', `Address: ${remark.text}`);
  }
}

function subjectProps(record: XmlNode, isPerson: boolean, names: { all: readonly NameEntry[]; primary: NameEntry }, countries: CountryResolver): Props {
  const props: Props = {};
  addNames(props, names.all, names.primary, isPerson);
  for (const remark of children(record, 'remark')) addValue(props, 'notes', remark.text);
  for (const regulation of children(record, 'regulation')) addValue(props, 'program', attr(regulation, 'programme'));
  const published = children(record, 'regulation').map((r) => attr(r, 'publicationDate')).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  addValue(props, 'modifiedAt', published[published.length - 1]);
  addAddresses(props, record, countries);
  for (const citizenship of children(record, 'citizenship')) {
    const country = countryOf(citizenship, countries);
    if (country.code) addValue(props, isPerson ? 'nationality' : 'country', country.code);
    else if (country.label) addValue(props, 'notes', `Citizenship: ${country.label}`);
  }
  if (isPerson) {
    addBirths(props, record, countries);
    addIdentifications(props, record, countries);
  } else {
    for (const doc of children(record, 'identification')) addValue(props, 'registrationNumber', attr(doc, 'number').length <= 64 ? attr(doc, 'number') : '');
  }
  addValue(props, 'sourceUrl', EU_SOURCE_URL);
  return props;
}

function sanctionProps(record: XmlNode, id: string, logicalId: string): Props {
  const sanction: Props = { entity: [id], authority: [EU_AUTHORITY], sourceUrl: [EU_SOURCE_URL] };
  addValue(sanction, 'authorityId', attr(record, 'euReferenceNumber') || logicalId);
  addValue(sanction, 'unscId', attr(record, 'unitedNationId'));
  const regulations = children(record, 'regulation');
  for (const regulation of regulations) addValue(sanction, 'program', attr(regulation, 'programme'));
  // the designation date when given, else the earliest regulation naming the subject
  const dates = [attr(record, 'designationDate'), ...regulations.map((r) => attr(r, 'publicationDate'))].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  addValue(sanction, 'listingDate', attr(record, 'designationDate') || dates.sort()[0]);
  addValue(sanction, 'reason', attr(record, 'designationDetails'));
  return sanction;
}

/** Person/Organization + Sanction for one sanctionEntity element, or the reason there are none. */
export function euRecordEntities(record: XmlNode, model: AriadneModel, countries: CountryResolver): { entities: ListItem[]; error: string | null } {
  const logicalId = attr(record, 'logicalId');
  if (!/^\d+$/.test(logicalId)) return { entities: [], error: 'the record has no numeric logicalId' };
  const code = attr(children(record, 'subjectType')[0], 'code').toLowerCase();
  const schema = code === 'person' ? 'Person' : code === 'enterprise' ? 'Organization' : null;
  if (!schema) return { entities: [], error: `unknown subjectType code ${JSON.stringify(code.slice(0, 40))} (expected person or enterprise)` };
  const names = nameEntries(record);
  const primary = primaryName(names);
  const problem = nameProblem(primary ? cleanText(primary.whole) : '');
  if (problem || !primary) return { entities: [], error: problem ?? 'the name is empty' };
  const id = `eu-fsf-${logicalId}`;
  const raws = [
    { id, schema, properties: subjectProps(record, schema === 'Person', { all: names, primary }, countries) },
    { id: `${id}-sanction`, schema: 'Sanction', properties: sanctionProps(record, id, logicalId) },
  ];
  return cleanRecord(model, raws);
}

/**
 * Streams the EU consolidated list: entities as each sanctionEntity closes, an error per bad
 * record, and a final `document` error when the XML is refused, malformed, truncated or not UTF-8.
 *
 * @example for await (const item of parseEuFsf(createReadStream('xmlFullSanctionsList_1_1.xml'), { onPublished: console.log })) if ('entity' in item) …
 */
export async function* parseEuFsf(source: ByteSource, options: EuParseOptions = {}): AsyncGenerator<ListItem> {
  const model = options.model ?? loadModel();
  const countries = makeCountryResolver(model);
  const limit = options.maxFieldChars ?? MAX_FIELD_CHARS;
  const onOpen = (_name: string, attributes: Readonly<Record<string, string>>, depth: number) => {
    const generated = cleanText(attributes.generationDate);
    if (depth === 0 && generated !== '') options.onPublished?.(generated);
  };
  for await (const item of readXmlRecords(source, { recordDepth: 1, maxFieldChars: limit, onOpen })) {
    if ('fatal' in item) {
      yield { error: { record: 'document', message: item.fatal } };
      continue;
    }
    const { node, index, oversized } = item;
    const logicalId = attr(node, 'logicalId');
    const record = attr(node, 'euReferenceNumber') || (logicalId ? `eu-fsf ${logicalId}` : `${localName(node.name)} #${index}`);
    if (localName(node.name) !== 'sanctionEntity') {
      yield { error: { record, message: `unexpected element <${node.name}> where a sanctionEntity was expected` } };
      continue;
    }
    if (oversized) {
      yield { error: { record: record.length > 80 ? `sanctionEntity #${index}` : record, message: `the text of <${oversized}> is longer than ${limit} characters; record skipped` } };
      continue;
    }
    const { entities, error } = euRecordEntities(node, model, countries);
    if (error) yield { error: { record, message: error } };
    yield* entities;
  }
}
