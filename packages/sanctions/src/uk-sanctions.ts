/**
 * Maps the UK Sanctions List XML (FCDO, root `<Designations>`, one `<Designation>` per listing) to
 * FtM: individuals become a Person, entities an Organization, ships a Vessel, each with id
 * `gb-fcdo-<UniqueID>` plus one Sanction. Names are `Name1`…`Name6` (Name6 is the family name or
 * the whole name); "Primary Name" is the `name`, variations and aliases are `alias`, aliases of
 * "Low quality" are `weakAlias`. Non-Latin names are aliases with their script in `notes`, as the
 * UN parser keeps them. Birth dates are `dd/mm/yyyy` with `dd`, `mm` or `00` for an unknown part,
 * which become the known prefix (`1978-07`, `1966`).
 *
 * The list is also published as CSV, but that file is the cartesian product of every repeating
 * group (one row per name × address × phone …), so it is not parsed here: read the XML.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import { makeCountryResolver, type CountryResolver } from './country-names.ts';
import { MAX_FIELD_CHARS, type ByteSource, type ListItem } from './list-item.ts';
import { cleanText, nameProblem } from './name-text.ts';
import { scriptOf } from './un-consolidated.ts';
import { readXmlRecords, type XmlNode } from './xml-records.ts';
import { addCountry, addValue, child, children, cleanRecord, textOf, type Props } from './record-props.ts';

export const UK_SOURCE_URL = 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml';
const UK_AUTHORITY = 'United Kingdom';

export interface UkParseOptions {
  readonly model?: AriadneModel;
  readonly maxFieldChars?: number;
  /** receives the list's `DateGenerated` as an ISO date (`2026-02-27`) */
  readonly onPublished?: (iso: string) => void;
}


/** the texts of `<Nationalities><Nationality>…` style lists */
const listOf = (node: XmlNode | undefined, list: string, item: string) => children(child(node, list), item).map((c) => cleanText(c.text)).filter((v) => v !== '');

/** UK spellings the model's country labels do not carry */
const UK_COUNTRIES: Readonly<Record<string, string>> = {
  'congo (democratic republic)': 'cd',
  'russia': 'ru',
  'north korea': 'kp',
  'south korea': 'kr',
  'syria': 'sy',
  'the gambia': 'gm',
  'occupied palestinian territories': 'ps',
  'myanmar (burma)': 'mm',
  'laos': 'la',
};

const SCHEMA_BY_TYPE: Readonly<Record<string, string>> = { individual: 'Person', entity: 'Organization', ship: 'Vessel' };

/**
 * `dd/mm/yyyy` as an ISO date, keeping only the known parts: `dd/07/1978` → `1978-07`,
 * `00/00/1975` → `1975`; null when it is not a date at all.
 *
 * @example ukDate('11/04/1963') // '1963-04-11'
 */
export function ukDate(text: string): string | null {
  const match = /^(\d{1,2}|dd|00)\/(\d{1,2}|mm|00)\/(\d{4})$/i.exec(text.trim());
  if (!match) return null;
  const [, day = '', month = '', year = ''] = match;
  const m = Number(month);
  if (!/^\d+$/.test(month) || m < 1 || m > 12) return year;
  const d = Number(day);
  if (!/^\d+$/.test(day) || d < 1 || d > 31) return `${year}-${month.padStart(2, '0')}`;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

interface UkName {
  readonly text: string;
  readonly parts: readonly string[];
  readonly type: string;
  readonly weak: boolean;
}

function namesOf(record: XmlNode): UkName[] {
  return children(child(record, 'Names'), 'Name').map((name) => {
    const parts = [1, 2, 3, 4, 5, 6].map((n) => textOf(name, `Name${n}`));
    return { text: parts.filter((p) => p !== '').join(' '), parts, type: textOf(name, 'NameType').toLowerCase(), weak: /low quality/i.test(textOf(name, 'AliasStrength')) };
  }).filter((name) => name.text !== '');
}

function addNames(props: Props, record: XmlNode, isPerson: boolean): string {
  const names = namesOf(record);
  const primary = names.find((n) => n.type === 'primary name') ?? names.find((n) => !n.weak) ?? names[0];
  if (!primary) return '';
  addValue(props, 'name', primary.text);
  if (isPerson) {
    addValue(props, 'firstName', primary.parts[0]);
    addValue(props, 'middleName', primary.parts.slice(1, 5).filter((p) => p !== '').join(' '));
    addValue(props, 'lastName', primary.parts[5]);
  }
  for (const name of names) if (name !== primary && name.text !== primary.text) addValue(props, name.weak ? 'weakAlias' : 'alias', name.text);
  for (const nonLatin of children(child(record, 'NonLatinNames'), 'NonLatinName')) {
    const text = textOf(nonLatin, 'NameNonLatinScript');
    if (text === '') continue;
    addValue(props, 'alias', text);
    // the file's own script label is sometimes wrong (Latin text filed as Cyrillic): the characters decide
    const script = scriptOf(text);
    if (script !== 'Latin' && script !== 'other') addValue(props, 'notes', `Name in original script (${script}): ${text}`);
  }
  return primary.text;
}

function addIndividual(props: Props, record: XmlNode, countries: CountryResolver) {
  for (const title of listOf(record, 'Titles', 'Title')) addValue(props, 'title', title);
  for (const person of children(child(record, 'IndividualDetails'), 'Individual')) {
    for (const title of listOf(person, 'Titles', 'Title')) addValue(props, 'title', title);
    for (const dob of listOf(person, 'DOBs', 'DOB')) {
      const date = ukDate(dob);
      if (date) addValue(props, 'birthDate', date);
      else addValue(props, 'notes', `Date of birth: ${dob}`);
    }
    for (const nationality of listOf(person, 'Nationalities', 'Nationality')) addCountry(props, 'nationality', nationality, countries);
    for (const gender of listOf(person, 'Genders', 'Gender')) if (/^(male|female)$/i.test(gender)) addValue(props, 'gender', gender.toLowerCase());
    for (const position of listOf(person, 'Positions', 'Position')) addValue(props, 'position', position);
    for (const location of children(child(person, 'BirthDetails'), 'Location')) {
      const country = textOf(location, 'CountryOfBirth');
      addValue(props, 'birthPlace', [textOf(location, 'TownOfBirth'), country].filter((v) => v !== '').join(', '));
      if (country) addCountry(props, 'birthCountry', country, countries);
    }
    const documents = [
      ...children(child(person, 'PassportDetails'), 'Passport').map((d) => ({ prop: 'passportNumber', number: textOf(d, 'PassportNumber'), info: textOf(d, 'PassportAdditionalInformation') })),
      ...children(child(person, 'NationalIdentifierDetails'), 'NationalIdentifier').map((d) => ({ prop: 'idNumber', number: textOf(d, 'NationalIdentifierNumber'), info: textOf(d, 'NationalIdentifierAdditionalInformation') })),
    ];
    for (const { prop, number, info } of documents) {
      if (number === '') continue;
      // a "number" longer than FtM's identifier limit is prose: notes only
      if (number.length <= 64) addValue(props, prop, number);
      addValue(props, 'notes', `Document ${number}: ${info || (prop === 'passportNumber' ? 'passport' : 'national identifier')}`);
    }
  }
}

function addShip(props: Props, record: XmlNode, countries: CountryResolver) {
  for (const ship of children(child(record, 'ShipDetails'), 'Ship')) {
    for (const imo of listOf(ship, 'IMONumbers', 'IMONumber')) addValue(props, 'imoNumber', /^\d{7}$/.test(imo) ? `IMO${imo}` : imo);
    for (const flag of listOf(ship, 'CurrentBelievedFlagOfShips', 'CurrentBelievedFlagOfShip')) addCountry(props, 'flag', flag, countries);
    for (const type of listOf(ship, 'TypeOfShipDetails', 'TypeOfShip')) addValue(props, 'type', type);
  }
}

function subjectProps(record: XmlNode, schema: string, countries: CountryResolver): { props: Props; name: string } {
  const props: Props = {};
  const name = addNames(props, record, schema === 'Person');
  addValue(props, 'program', textOf(record, 'RegimeName'));
  addValue(props, 'notes', textOf(record, 'OtherInformation'));
  const group = textOf(record, 'OFSIGroupID');
  if (group) addValue(props, 'notes', `OFSI group ID: ${group}`);
  addValue(props, 'modifiedAt', ukDate(textOf(record, 'LastUpdated')) ?? undefined);
  if (schema !== 'Vessel') {
    for (const address of children(child(record, 'Addresses'), 'Address')) {
      const country = textOf(address, 'AddressCountry');
      addValue(props, 'address', [1, 2, 3, 4, 5, 6].map((n) => textOf(address, `AddressLine${n}`)).concat(textOf(address, 'AddressPostalCode'), country).filter((v) => v !== '').join(', '));
      addCountry(props, 'country', country, countries);
    }
  }
  if (schema === 'Person') addIndividual(props, record, countries);
  if (schema === 'Organization') {
    for (const entity of children(child(record, 'EntityDetails'), 'Entity')) {
      for (const number of listOf(entity, 'BusinessRegistrationNumbers', 'BusinessRegistrationNumber')) if (number.length <= 64) addValue(props, 'registrationNumber', number);
    }
  }
  if (schema === 'Vessel') addShip(props, record, countries);
  addValue(props, 'sourceUrl', UK_SOURCE_URL);
  return { props, name };
}

/** Person/Organization/Vessel + Sanction for one Designation element, or the reason there are none. */
export function ukRecordEntities(record: XmlNode, model: AriadneModel, countries: CountryResolver): { entities: ListItem[]; error: string | null } {
  const uniqueId = textOf(record, 'UniqueID');
  if (!/^[A-Za-z0-9]+$/.test(uniqueId)) return { entities: [], error: uniqueId ? 'the UniqueID is not letters and digits' : 'the record has no UniqueID' };
  const kind = textOf(record, 'IndividualEntityShip');
  const schema = SCHEMA_BY_TYPE[kind.toLowerCase()];
  if (!schema) return { entities: [], error: `unknown IndividualEntityShip ${JSON.stringify(kind.slice(0, 40))} (expected Individual, Entity or Ship)` };
  const { props, name } = subjectProps(record, schema, countries);
  const problem = nameProblem(name, schema === 'Vessel');
  if (problem) return { entities: [], error: problem };
  const id = `gb-fcdo-${uniqueId}`;
  const sanction: Props = { entity: [id], authority: [UK_AUTHORITY], authorityId: [uniqueId], sourceUrl: [UK_SOURCE_URL] };
  addValue(sanction, 'program', textOf(record, 'RegimeName'));
  addValue(sanction, 'unscId', textOf(record, 'UNReferenceNumber'));
  addValue(sanction, 'listingDate', ukDate(textOf(record, 'DateDesignated')) ?? undefined);
  addValue(sanction, 'reason', textOf(record, 'UKStatementofReasons'));
  for (const measure of textOf(record, 'SanctionsImposed').split('|')) addValue(sanction, 'provisions', measure);
  return cleanRecord(model, [{ id, schema, properties: props }, { id: `${id}-sanction`, schema: 'Sanction', properties: sanction }]);
}

/**
 * Streams the UK Sanctions List: entities as each Designation closes, an error per bad record,
 * and a final `document` error when the XML is refused, malformed, truncated or not UTF-8.
 *
 * @example for await (const item of parseUkSanctionsList(createReadStream('UK-Sanctions-List.xml'))) if ('entity' in item) …
 */
export async function* parseUkSanctionsList(source: ByteSource, options: UkParseOptions = {}): AsyncGenerator<ListItem> {
  const model = options.model ?? loadModel();
  const base = makeCountryResolver(model);
  const countries: CountryResolver = (name) => UK_COUNTRIES[name.trim().toLowerCase()] ?? base(name);
  const limit = options.maxFieldChars ?? MAX_FIELD_CHARS;
  for await (const item of readXmlRecords(source, { recordDepth: 1, maxFieldChars: limit })) {
    if ('fatal' in item) {
      yield { error: { record: 'document', message: item.fatal } };
      continue;
    }
    const { node, index, oversized } = item;
    // the generation date is the root's first child, read as a record of its own
    if (node.name === 'DateGenerated') {
      const date = ukDate(cleanText(node.text)) ?? /^\d{4}-\d{2}-\d{2}/.exec(cleanText(node.text))?.[0];
      if (date) options.onPublished?.(date);
      else yield { error: { record: 'DateGenerated', message: `${JSON.stringify(cleanText(node.text).slice(0, 40))} is not a dd/mm/yyyy date` } };
      continue;
    }
    const uniqueId = textOf(node, 'UniqueID');
    const record = uniqueId && uniqueId.length <= 40 ? uniqueId : `${node.name} #${index}`;
    if (node.name !== 'Designation') {
      yield { error: { record, message: `unexpected element <${node.name}> where a Designation was expected` } };
      continue;
    }
    if (oversized) {
      yield { error: { record, message: `the text of <${oversized}> is longer than ${limit} characters; record skipped` } };
      continue;
    }
    const { entities, error } = ukRecordEntities(node, model, countries);
    if (error) yield { error: { record, message: error } };
    yield* entities;
  }
}
