/**
 * What every list parser does the same way: collect cleaned, de-duplicated property values, walk
 * a record's element tree by local name (a `ns2:` prefix read like none), resolve country names
 * to codes (keeping an unknown one in the notes rather than losing it), and validate the raw
 * entities of one record together, so a record yields all its entities or one error.
 */
import type { AriadneModel } from '@ariadne/schema';
import type { CountryResolver } from './country-names.ts';
import type { ListItem } from './list-item.ts';
import { cleanText } from './name-text.ts';
import type { XmlNode } from './xml-records.ts';

export type Props = Record<string, string[]>;

/** adds a cleaned value once; blank values (and OFAC's `-0-` null) are dropped */
export function addValue(props: Props, prop: string, value: string | undefined): void {
  const text = cleanText(value);
  if (text === '' || text === '-0-') return;
  const list = (props[prop] ??= []);
  if (!list.includes(text)) list.push(text);
}

/** the element name without a namespace prefix */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
export const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => node?.children.find((c) => localName(c.name) === name);
export const children = (node: XmlNode | undefined, name: string): XmlNode[] => node?.children.filter((c) => localName(c.name) === name) ?? [];
/** the cleaned text of the first child called `name` ('' when absent) */
export const textOf = (node: XmlNode | undefined, name: string): string => cleanText(child(node, name)?.text);

const COUNTRY_LABEL: Readonly<Record<string, string>> = { nationality: 'Nationality', birthCountry: 'Country of birth', flag: 'Flag' };

/** a country name as its code; one the resolver does not know goes to `notes`, named */
export function addCountry(props: Props, prop: string, name: string, countries: CountryResolver): void {
  if (name === '') return;
  const code = countries(name);
  if (code) addValue(props, prop, code);
  else addValue(props, 'notes', `${COUNTRY_LABEL[prop] ?? 'Country'}: ${name}`);
}

/** why a raw entity is not valid FtM, naming each bad property */
export function invalidEntity(schema: string, id: string, errors: Readonly<Record<string, string>>): string {
  return `${schema} ${id} is not valid FtM: ${Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('; ')}`;
}

/** validates one record's raw entities strictly: all of them, or the first reason none is kept */
export function cleanRecord(model: AriadneModel, raws: readonly { id: string; schema: string; properties: Props }[]): { entities: ListItem[]; error: string | null } {
  const entities: ListItem[] = [];
  for (const raw of raws) {
    const { entity, errors } = model.cleanEntity(raw, { strict: true });
    if (!entity) return { entities: [], error: invalidEntity(raw.schema, raw.id, errors) };
    entities.push({ entity });
  }
  return { entities, error: null };
}
