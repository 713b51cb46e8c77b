/**
 * Maps OFAC's SDN list in its "advanced" XML form (`sdn_advanced.xml`, root `Sanctions`) to FtM,
 * with the ids the legacy CSV parser gives: `ofac-<FixedRef>` for the subject, and
 * `ofac-<FixedRef>-sanction` (authorityId = FixedRef) for its designation, so one screening index
 * key serves both formats.
 *
 * The file is normalised: reference value sets (alias types, name part types, countries…), then
 * locations and identity documents, then the parties, then the sanctions entries pointing back at
 * the parties. It is streamed in that order: the lookups (small next to the parties) are kept in
 * maps, each DistinctParty becomes a Person, Organization, Vessel or Airplane as it closes, and each
 * SanctionsEntry a Sanction carrying the programmes. Programmes are therefore on the Sanction only,
 * not repeated on the subject as the CSV parser does (that would mean holding every party until
 * the entries arrive). Alias `LowQuality="true"` → weakAlias; F.K.A. → previousName; a name in a
 * script other than Latin → alias, with the script in `notes`. Birth date periods become dates,
 * a month or a year, or the two ends of a range, with the qualifier in `notes` (as the UN parser).
 * Relationships between profiles are not read.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import { makeCountryResolver, type CountryResolver } from './country-names.ts';
import type { ByteSource, ListItem } from './list-item.ts';
import { cleanText, nameProblem } from './name-text.ts';
import { scriptOf } from './un-consolidated.ts';
import { readXmlRecords, type XmlNode } from './xml-records.ts';
import { addValue, child, children, invalidEntity, localName, textOf, type Props } from './record-props.ts';

export const OFAC_ADVANCED_SOURCE_URL = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML';
/** the namespaces OFAC has published the advanced XML under (current, then the older UN-derived one) */
export const OFAC_ADVANCED_NAMESPACES = [
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML',
  'http://www.un.org/sanctions/1.0',
] as const;
const OFAC_AUTHORITY = 'US Treasury Office of Foreign Assets Control (OFAC)';

export interface OfacAdvancedParseOptions {
  readonly model?: AriadneModel;
  readonly maxFieldChars?: number;
  /** receives the `DateOfIssue` (ISO date) as soon as it is read */
  readonly onPublished?: (date: string) => void;
}


const attr = (node: XmlNode | undefined, name: string) => cleanText(node?.attributes[name]);

/** One reference value (`<AliasType ID="1403">Name</AliasType>`): its text and attributes. */
interface RefValue {
  readonly text: string;
  readonly attributes: Readonly<Record<string, string>>;
}

interface Place {
  readonly text: string;
  readonly country: string | null;
}

interface IdDocument {
  readonly type: string;
  readonly number: string;
  readonly country: string;
  readonly issued: string;
}

/** What the sections before the parties leave behind for them. */
interface Lookups {
  readonly refs: Map<string, Map<string, RefValue>>;
  readonly places: Map<string, Place>;
  readonly documents: Map<string, IdDocument[]>;
  readonly countries: CountryResolver;
}

const ref = (lookups: Lookups, type: string, id: string): RefValue | undefined => lookups.refs.get(type)?.get(id);
const refText = (lookups: Lookups, type: string, id: string) => ref(lookups, type, id)?.text ?? '';

// ---- dates ------------------------------------------------------------------------------------

const pad = (n: string) => n.padStart(2, '0');

/** `<From><Year>1951</Year><Month>6</Month><Day>19</Day></From>` → `1951-06-19` (or less, as given). */
function dateOf(node: XmlNode | undefined): string {
  const year = textOf(node, 'Year');
  if (!/^\d{4}$/.test(year)) return '';
  const month = textOf(node, 'Month');
  const day = textOf(node, 'Day');
  if (!/^\d{1,2}$/.test(month)) return year;
  return /^\d{1,2}$/.test(day) ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}`;
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A DatePeriod as FtM dates: one date when start and end agree, a month or a year when the period
 * spans exactly that (OFAC writes "DOB 1953" as 1953-01-01…1953-12-31), else both ends with a
 * "between" note. @example periodDates(<DatePeriod 1951-01-01…1953-12-31>) // { dates: ['1951', '1953'], note: 'between 1951 and 1953' }
 */
export function periodDates(period: XmlNode): { dates: string[]; note: string | null } {
  const start = child(period, 'Start');
  const end = child(period, 'End');
  const from = dateOf(child(start, 'From')) || dateOf(child(start, 'To'));
  const to = dateOf(child(end, 'To')) || dateOf(child(end, 'From')) || from;
  const approximate = attr(start, 'Approximate') === 'true' || attr(end, 'Approximate') === 'true';
  if (from === '') return { dates: to === '' ? [] : [to], note: null };
  const single = (date: string) => ({ dates: [date], note: approximate ? `approximately ${date}` : null });
  if (from === to) return single(from);
  const f = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(to);
  if (f && t) {
    const wholeYears = f[2] === '01' && f[3] === '01' && t[2] === '12' && t[3] === '31';
    if (wholeYears && f[1] === t[1]) return single(f[1]!);
    if (wholeYears) return { dates: [f[1]!, t[1]!], note: `between ${f[1]} and ${t[1]}` };
    const wholeMonth = f[1] === t[1] && f[2] === t[2] && f[3] === '01' && Number(t[3]) === lastDayOfMonth(Number(t[1]), Number(t[2]));
    if (wholeMonth) return single(`${f[1]}-${f[2]}`);
  }
  return { dates: [from, to], note: `between ${from} and ${to}` };
}

// ---- the sections before the parties ----------------------------------------------------------

/** `<AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType>…` → refs.get('AliasType'). */
function readReferenceSet(node: XmlNode, refs: Lookups['refs']): void {
  for (const value of node.children) {
    const type = localName(value.name);
    const id = value.attributes.ID;
    if (id === undefined) continue;
    let byId = refs.get(type);
    if (!byId) refs.set(type, (byId = new Map()));
    byId.set(id, { text: cleanText(value.text), attributes: value.attributes });
  }
}

const ADDRESS_PARTS = ['ADDRESS1', 'ADDRESS2', 'ADDRESS3'] as const;

function countryOfRef(lookups: Lookups, countryId: string): { name: string; code: string | null } {
  const country = ref(lookups, 'Country', countryId);
  if (!country || country.text === 'undetermined') return { name: '', code: null };
  const iso2 = cleanText(country.attributes.ISO2).toLowerCase();
  return { name: country.text, code: lookups.countries(country.text) ?? (iso2 ? lookups.countries(iso2) : null) };
}

/** A Location as one address line (street, "city state postcode", region, country) and a country code. */
function readLocation(node: XmlNode, lookups: Lookups): Place {
  const parts = new Map<string, string>();
  for (const part of children(node, 'LocationPart')) {
    const type = refText(lookups, 'LocPartType', attr(part, 'LocPartTypeID')) || 'Unknown';
    const values = children(part, 'LocationPartValue');
    const value = values.find((v) => attr(v, 'Primary') === 'true') ?? values[0];
    const text = textOf(value, 'Value');
    if (text !== '') parts.set(type, text);
  }
  let country = { name: '', code: null as string | null };
  for (const c of children(node, 'LocationCountry')) if (country.code === null) country = countryOfRef(lookups, attr(c, 'CountryID'));
  const unknown = parts.get('Unknown') ?? '';
  if (country.code === null && unknown !== '') {
    const code = lookups.countries(unknown);
    if (code) country = { name: unknown, code };
  }
  const cityLine = ['CITY', 'STATE/PROVINCE', 'POSTAL CODE'].map((p) => parts.get(p) ?? '').filter((v) => v !== '').join(' ');
  const lines = [...ADDRESS_PARTS.map((p) => parts.get(p) ?? ''), cityLine, parts.get('REGION') ?? '', unknown === country.name ? '' : unknown, country.name];
  return { text: lines.filter((v) => v !== '').join(', '), country: country.code };
}

function readIdDocument(node: XmlNode, lookups: Lookups): { identity: string; document: IdDocument } | null {
  const identity = attr(node, 'IdentityID');
  const number = textOf(node, 'IDRegistrationNo');
  if (identity === '' || number === '') return null;
  let issued = '';
  for (const date of children(node, 'DocumentDate')) {
    const period = child(date, 'DatePeriod');
    if (period && /issue/i.test(refText(lookups, 'IDRegDocDateType', attr(date, 'IDRegDocDateTypeID')))) issued = periodDates(period).dates[0] ?? '';
  }
  return {
    identity,
    document: { type: refText(lookups, 'IDRegDocType', attr(node, 'IDRegDocTypeID')), number, country: countryOfRef(lookups, attr(node, 'IssuedBy-CountryID')).name, issued },
  };
}

// ---- parties ----------------------------------------------------------------------------------

const SCHEMA_BY_TYPE: Readonly<Record<string, string>> = { Individual: 'Person', Entity: 'Organization', Vessel: 'Vessel', Aircraft: 'Airplane' };
/** given-name part types, in the order they follow the last name, with the Person property for each */
const GIVEN_PARTS = [['First Name', 'firstName'], ['Middle Name', 'middleName'], ['Patronymic', 'fatherName'], ['Matronymic', 'motherName']] as const;

function schemaOf(profile: XmlNode, lookups: Lookups): string | undefined {
  const subType = ref(lookups, 'PartySubType', attr(profile, 'PartySubTypeID'));
  if (!subType) return undefined;
  const type = subType.text === 'Unknown' ? refText(lookups, 'PartyType', cleanText(subType.attributes.PartyTypeID)) : subType.text;
  return SCHEMA_BY_TYPE[type];
}

const latinScript = (script: string) => script === 'Latin' || script === 'other';

interface DocumentedName {
  readonly full: string;
  readonly script: string;
  readonly last: string;
  /** [Person property, value] for each given-name part */
  readonly given: readonly (readonly [string, string])[];
}

/**
 * One DocumentedName as the legacy CSV writes it ("LAST, First Middle" for people, the whole name
 * otherwise), so both OFAC formats index the same strings.
 */
function readDocumentedName(node: XmlNode, groups: ReadonlyMap<string, string>, lookups: Lookups): DocumentedName {
  const parts: { type: string; value: string }[] = [];
  let scriptId = '';
  for (const part of children(node, 'DocumentedNamePart')) {
    const value = child(part, 'NamePartValue');
    const text = cleanText(value?.text);
    if (!value || text === '') continue;
    scriptId ||= attr(value, 'ScriptID');
    parts.push({ type: groups.get(attr(value, 'NamePartGroupID')) ?? '', value: text });
  }
  const of = (...types: readonly string[]) => types.flatMap((t) => parts.filter((p) => p.type === t).map((p) => p.value));
  const inOrder = parts.map((p) => p.value).join(' ');
  const script = refText(lookups, 'Script', scriptId) || scriptOf(inOrder);
  const last = of('Last Name').join(' ');
  const given = GIVEN_PARTS.flatMap(([type, prop]) => of(type).map((value) => [prop, value] as const));
  const whole = of('Entity Name', 'Vessel Name', 'Aircraft Name').join(' ');
  // "LAST, First" is a Latin-script convention; other scripts keep the published order
  const latin = latinScript(script);
  const full = whole || (latin && last && given.length ? `${last}, ${given.map(([, v]) => v).join(' ')}` : inOrder);
  return { full, script, last, given };
}

function addNames(props: Props, identity: XmlNode, schema: string, lookups: Lookups): void {
  const groups = new Map<string, string>();
  for (const group of children(child(identity, 'NamePartGroups'), 'MasterNamePartGroup').flatMap((m) => children(m, 'NamePartGroup'))) {
    groups.set(attr(group, 'ID'), refText(lookups, 'NamePartType', attr(group, 'NamePartTypeID')));
  }
  for (const alias of children(identity, 'Alias')) {
    const type = refText(lookups, 'AliasType', attr(alias, 'AliasTypeID'));
    const weak = attr(alias, 'LowQuality') === 'true';
    for (const node of children(alias, 'DocumentedName')) {
      const name = readDocumentedName(node, groups, lookups);
      if (name.full === '') continue;
      if (!latinScript(name.script)) {
        addValue(props, weak ? 'weakAlias' : 'alias', name.full);
        addValue(props, 'notes', `Name in original script (${name.script}): ${name.full}`);
      } else if (weak) addValue(props, 'weakAlias', name.full);
      else if (type === 'Name' && !props.name) {
        addValue(props, 'name', name.full);
        if (schema === 'Person' && name.last) {
          addValue(props, 'lastName', name.last);
          for (const [prop, value] of name.given) addValue(props, prop, value);
        }
      } else addValue(props, type === 'F.K.A.' ? 'previousName' : 'alias', name.full);
    }
  }
}

/** The values one Feature carries: dates (with a qualifier), places, or detail text. */
function featureValues(feature: XmlNode, lookups: Lookups): { dates: string[]; notes: string[]; places: Place[]; texts: string[] } {
  const out = { dates: [] as string[], notes: [] as string[], places: [] as Place[], texts: [] as string[] };
  for (const version of children(feature, 'FeatureVersion')) {
    const period = child(version, 'DatePeriod');
    if (period) {
      const { dates, note } = periodDates(period);
      out.dates.push(...dates);
      if (note) out.notes.push(note);
    }
    for (const location of children(version, 'VersionLocation')) {
      const place = lookups.places.get(attr(location, 'LocationID'));
      if (place) out.places.push(place);
    }
    for (const detail of children(version, 'VersionDetail')) {
      const referenceId = attr(detail, 'DetailReferenceID');
      const text = referenceId ? refText(lookups, 'DetailReference', referenceId) : cleanText(detail.text);
      if (text !== '') out.texts.push(text);
    }
  }
  return out;
}

function addFeature(props: Props, feature: XmlNode, schema: string, lookups: Lookups): void {
  // OFAC labels some features "Additional Sanctions Information -": the dash or colon is dropped
  const label = refText(lookups, 'FeatureType', attr(feature, 'FeatureTypeID')).replace(/[\s:-]+$/, '');
  const { dates, notes, places, texts } = featureValues(feature, lookups);
  const isPerson = schema === 'Person';
  if (label === 'Birthdate' && isPerson) {
    for (const date of dates) addValue(props, 'birthDate', date);
    for (const note of notes) addValue(props, 'notes', `Date of birth: ${note}`);
  } else if (label === 'Place of Birth' && isPerson) {
    for (const text of [...texts, ...places.map((p) => p.text)]) addValue(props, 'birthPlace', text);
  } else if (/nationality|citizenship/i.test(label) && (isPerson || schema === 'Organization')) {
    const prop = isPerson ? 'nationality' : 'country';
    for (const place of places) addValue(props, place.country ? prop : 'notes', place.country ?? `${label}: ${place.text}`);
    for (const text of texts) addValue(props, lookups.countries(text) ? prop : 'notes', lookups.countries(text) ?? `${label}: ${text}`);
  } else if (label === 'Gender' && isPerson) {
    for (const text of texts) if (/^(male|female)$/i.test(text)) addValue(props, 'gender', text.toLowerCase());
  } else if (label === 'Location') {
    for (const place of places) {
      addValue(props, 'address', place.text);
      if (place.country) addValue(props, 'country', place.country);
    }
  } else if (label === 'Title' && isPerson) {
    for (const text of texts) addValue(props, 'title', text);
  } else if (label === 'Vessel Flag' && schema === 'Vessel') {
    for (const text of texts) addValue(props, 'flag', lookups.countries(text) ?? undefined);
    for (const place of places) addValue(props, 'flag', place.country ?? undefined);
  } else {
    // every other feature (e-mail, website, digital currency address, secondary sanctions risk…) is kept as a note
    for (const value of [...texts, ...dates, ...places.map((p) => p.text)]) addValue(props, 'notes', `${label || 'Feature'}: ${value}`);
  }
}

function addDocuments(props: Props, identityId: string, schema: string, lookups: Lookups): void {
  for (const doc of lookups.documents.get(identityId) ?? []) {
    // a "number" longer than FtM's identifier limit is prose: notes only (as the UN parser)
    if (doc.number.length <= 64) {
      if (schema === 'Person' && /passport/i.test(doc.type)) addValue(props, 'passportNumber', doc.number);
      else if (schema === 'Person' || schema === 'Organization') addValue(props, 'idNumber', doc.number);
    }
    const details = [doc.type, doc.country, doc.issued && `issued ${doc.issued}`].filter((v) => v !== '');
    addValue(props, 'notes', `Document ${doc.number}: ${details.join(', ')}`);
  }
}

/** The subject for one DistinctParty, or why there is none. */
function ofacPartyEntity(party: XmlNode, model: AriadneModel, lookups: Lookups): { item: ListItem; profileId: string } {
  const fixedRef = attr(party, 'FixedRef');
  const profile = child(party, 'Profile');
  const profileId = attr(profile, 'ID') || fixedRef;
  const fail = (message: string) => ({ item: { error: { record: fixedRef ? `ofac ${fixedRef}` : 'DistinctParty', message } }, profileId });
  if (!/^\d+$/.test(fixedRef)) return fail('FixedRef is missing or not a number');
  if (!profile) return fail('the party has no Profile');
  const schema = schemaOf(profile, lookups);
  if (!schema) return fail(`unknown party type (PartySubTypeID ${JSON.stringify(attr(profile, 'PartySubTypeID').slice(0, 20))})`);
  const props: Props = {};
  const identities = children(profile, 'Identity').sort((a, b) => Number(attr(b, 'Primary') === 'true') - Number(attr(a, 'Primary') === 'true'));
  for (const identity of identities) addNames(props, identity, schema, lookups);
  const problem = nameProblem(props.name?.[0] ?? '', schema === 'Vessel' || schema === 'Airplane');
  if (problem) return fail(problem);
  for (const identity of identities) addDocuments(props, attr(identity, 'ID'), schema, lookups);
  for (const feature of children(profile, 'Feature')) addFeature(props, feature, schema, lookups);
  addValue(props, 'notes', textOf(party, 'Comment'));
  addValue(props, 'sourceUrl', OFAC_ADVANCED_SOURCE_URL);
  const id = `ofac-${fixedRef}`;
  const { entity, errors } = model.cleanEntity({ id, schema, properties: props }, { strict: true });
  return entity ? { item: { entity }, profileId } : fail(invalidEntity(schema, id, errors));
}

/** The Sanction for one SanctionsEntry: programmes, listing date and legal basis. */
function sanctionEntity(entry: XmlNode, { fixedRef, id }: { fixedRef: string; id: string }, model: AriadneModel, lookups: Lookups): ListItem {
  const props: Props = { entity: [`ofac-${fixedRef}`], authority: [OFAC_AUTHORITY], authorityId: [fixedRef], sourceUrl: [OFAC_ADVANCED_SOURCE_URL] };
  for (const measure of children(entry, 'SanctionsMeasure')) {
    const type = refText(lookups, 'SanctionsType', attr(measure, 'SanctionsTypeID'));
    if (type === 'Program' || type === '') addValue(props, 'program', textOf(measure, 'Comment'));
  }
  const listed = children(entry, 'EntryEvent').map((e) => dateOf(child(e, 'Date'))).filter((d) => d !== '').sort();
  addValue(props, 'listingDate', listed[0]);
  for (const event of children(entry, 'EntryEvent')) addValue(props, 'reason', refText(lookups, 'LegalBasis', attr(event, 'LegalBasisID')));
  const { entity, errors } = model.cleanEntity({ id, schema: 'Sanction', properties: props }, { strict: true });
  return entity ? { entity } : { error: { record: `ofac ${fixedRef}`, message: invalidEntity('Sanction', id, errors) } };
}

/**
 * Streams `sdn_advanced.xml`: one subject per DistinctParty and one Sanction per SanctionsEntry,
 * an error per bad record, and a final `document` error when the XML is refused, malformed,
 * truncated, not UTF-8, or not an OFAC advanced file.
 *
 * @example for await (const item of parseOfacAdvanced(createReadStream('sdn_advanced.xml'), { onPublished: (d) => … })) …
 */
export async function* parseOfacAdvanced(source: ByteSource, options: OfacAdvancedParseOptions = {}): AsyncGenerator<ListItem> {
  const model = options.model ?? loadModel();
  const lookups: Lookups = { refs: new Map(), places: new Map(), documents: new Map(), countries: makeCountryResolver(model) };
  const maxFieldChars = options.maxFieldChars ?? 65536;
  const seen = { root: '' };
  const onOpen = (name: string, _attributes: Readonly<Record<string, string>>, depth: number) => {
    if (depth === 0) seen.root = localName(name);
  };
  const wrongRoot = () => ({ error: { record: 'document', message: `the root element is <${seen.root}>, not <Sanctions>: this is not OFAC's advanced XML` } });
  /** profile id → FixedRef of every party imported; a profile whose party was rejected maps to null */
  const parties = new Map<string, string | null>();
  const sanctioned = new Set<string>();
  const records = readXmlRecords(source, { recordDepth: 2, maxFieldChars, shallowRecords: new Set(['DateOfIssue']), onOpen });
  for await (const item of records) {
    if ('fatal' in item) {
      yield { error: { record: 'document', message: item.fatal } };
      continue;
    }
    if (seen.root !== 'Sanctions') {
      yield wrongRoot();
      return;
    }
    const { node, index, oversized } = item;
    const name = localName(node.name);
    const section = localName(item.parent);
    if (name === 'DateOfIssue') {
      const date = dateOf(node);
      if (date !== '') options.onPublished?.(date);
      continue;
    }
    const label = attr(node, 'FixedRef') ? `ofac ${attr(node, 'FixedRef')}` : attr(node, 'ProfileID') ? `ofac ${attr(node, 'ProfileID')}` : `${name} #${index}`;
    if (oversized) {
      if (name === 'DistinctParty') parties.set(attr(child(node, 'Profile'), 'ID') || attr(node, 'FixedRef'), null);
      yield { error: { record: label, message: `the text of <${oversized}> is longer than ${maxFieldChars} characters; record skipped` } };
      continue;
    }
    if (section === 'ReferenceValueSets') readReferenceSet(node, lookups.refs);
    else if (section === 'Locations' && name === 'Location') lookups.places.set(attr(node, 'ID'), readLocation(node, lookups));
    else if (section === 'IDRegDocuments' && name === 'IDRegDocument') {
      const read = readIdDocument(node, lookups);
      if (read) lookups.documents.set(read.identity, [...(lookups.documents.get(read.identity) ?? []), read.document]);
    } else if (section === 'DistinctParties' && name === 'DistinctParty') {
      const { item: party, profileId } = ofacPartyEntity(node, model, lookups);
      parties.set(profileId, 'entity' in party ? attr(node, 'FixedRef') : null);
      yield party;
    } else if (section === 'SanctionsEntries' && name === 'SanctionsEntry') {
      const profileId = attr(node, 'ProfileID');
      const fixedRef = parties.get(profileId);
      if (fixedRef === null) continue; // its party was rejected and reported already
      if (fixedRef === undefined) {
        yield { error: { record: label, message: `SanctionsEntry ${attr(node, 'ID')} names profile ${JSON.stringify(profileId.slice(0, 20))}, which no DistinctParty has` } };
        continue;
      }
      // a second entry for the same party (another list) gets its own id, so neither is lost
      const id = sanctioned.has(fixedRef) ? `ofac-${fixedRef}-sanction-${attr(node, 'ID')}` : `ofac-${fixedRef}-sanction`;
      sanctioned.add(fixedRef);
      yield sanctionEntity(node, { fixedRef, id }, model, lookups);
    }
  }
  if (seen.root !== '' && seen.root !== 'Sanctions') yield wrongRoot();
}
