/**
 * Maps OFAC's SDN list in its legacy CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv; no
 * header, `-0-` = null) to FtM: each sdn.csv row becomes a Person, Organization, Vessel or
 * Airplane with id `ofac-<ent_num>`, plus a Sanction carrying its programs. alt.csv aliases go to
 * `alias` (aka, nka) or `previousName` (fka); weak a.k.a.s found in Remarks go to `weakAlias`;
 * add.csv rows become `address` text. alt/add/comments are indexed in memory first (they are
 * keyed by ent_num, not ordered with sdn.csv); sdn.csv itself is streamed.
 */
import { loadModel, type AriadneModel } from '@ariadne/schema';
import { makeCountryResolver, type CountryResolver } from './country-names.ts';
import { readCsvRecords } from './csv-records.ts';
import { MAX_FIELD_CHARS, type ByteSource, type ListItem } from './list-item.ts';
import { cleanText, nameProblem } from './name-text.ts';
import { parseOfacRemarks } from './ofac-remarks.ts';
import { ListInputError } from './strict-utf8.ts';
import { addValue, invalidEntity, type Props } from './record-props.ts';

export const OFAC_SOURCE_URL = 'https://www.treasury.gov/ofac/downloads/sdn.csv';
const OFAC_AUTHORITY = 'US Treasury Office of Foreign Assets Control (OFAC)';
/** one CSV record may not exceed this; a longer one (or an unclosed quote) ends that file */
const MAX_RECORD_CHARS = 1024 * 1024;

export interface OfacSources {
  readonly sdn: ByteSource;
  readonly alt?: ByteSource;
  readonly add?: ByteSource;
  readonly comments?: ByteSource;
}

export interface OfacParseOptions {
  readonly model?: AriadneModel;
  /** receives the `Publish Date` row's date (ISO) when sdn.csv has one; 2021-era files do not */
  readonly onPublished?: (date: string) => void;
}

/**
 * A `Publish Date` row (`"Publish Date: 05/03/2024"` or `Publish Date,05/03/2024`) as an ISO date,
 * or null when the row is an ordinary record.
 */
export function publishDateOf(record: readonly string[]): string | null {
  const text = record.map((v) => cleanText(v)).filter((v) => v !== '' && v !== '-0-').join(' ');
  const match = /^publish(?:ed)?[ _]date\b[:\s]*(.*)$/i.exec(text);
  if (!match) return null;
  const value = match[1]!.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(value);
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}\b/.exec(value)?.[0] ?? value.slice(0, 40);
}

const field = (record: readonly string[], index: number) => {
  const value = cleanText(record[index]);
  return value === '-0-' ? '' : value;
};


const SCHEMA_BY_TYPE: Readonly<Record<string, string>> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Airplane', '': 'Organization' };

interface SideRows {
  readonly byEnt: Map<string, string[][]>;
}

/** Indexes a side file (alt/add/comments) by ent_num; a fatal problem becomes a `document` error. */
async function indexByEnt(source: ByteSource | undefined, file: string, errors: ListItem[]): Promise<SideRows> {
  const byEnt = new Map<string, string[][]>();
  if (!source) return { byEnt };
  try {
    for await (const { record } of readCsvRecords(source, MAX_RECORD_CHARS)) {
      const ent = field(record, 0);
      const list = byEnt.get(ent);
      if (list) list.push(record);
      else byEnt.set(ent, [record]);
    }
  } catch (error) {
    if (!(error instanceof ListInputError)) throw error;
    errors.push({ error: { record: file, message: error.message } });
  }
  return { byEnt };
}

function subjectProps(record: readonly string[], schema: string, sides: { alt: SideRows; add: SideRows; comments: SideRows }, countries: CountryResolver): Props {
  const ent = field(record, 0);
  const props: Props = {};
  const name = field(record, 1);
  addValue(props, 'name', name);
  if (schema === 'Person') {
    const comma = name.indexOf(', ');
    if (comma > 0) {
      addValue(props, 'lastName', name.slice(0, comma));
      addValue(props, 'firstName', name.slice(comma + 2));
    }
    addValue(props, 'title', field(record, 4));
  }
  for (const program of field(record, 3).match(/[^[\]\s]+/g) ?? []) addValue(props, 'program', program);
  if (schema === 'Vessel') {
    addValue(props, 'callSign', field(record, 5));
    addValue(props, 'type', field(record, 6));
    addValue(props, 'tonnage', field(record, 7).replace(/,/g, ''));
    addValue(props, 'grossRegisteredTonnage', field(record, 8).replace(/,/g, ''));
    addValue(props, 'flag', countries(field(record, 9)) ?? undefined);
    const owner = field(record, 10);
    if (owner) addValue(props, 'notes', `Vessel owner: ${owner}`);
  }
  if (schema === 'Airplane') addValue(props, 'type', field(record, 6));
  const overflow = (sides.comments.byEnt.get(ent) ?? []).map((row) => field(row, 1)).join('');
  const remarks = field(record, 11) + overflow;
  if (remarks) {
    addValue(props, 'notes', remarks);
    const facts = parseOfacRemarks(remarks, countries);
    for (const alias of facts.weakAlias) addValue(props, 'weakAlias', alias);
    if (schema === 'Person') {
      for (const date of facts.birthDate) addValue(props, 'birthDate', date);
      for (const note of facts.dateNotes) addValue(props, 'notes', note);
      for (const pob of facts.birthPlace) addValue(props, 'birthPlace', pob);
      for (const code of facts.nationality) addValue(props, 'nationality', code);
      for (const number of facts.passportNumber) addValue(props, 'passportNumber', number);
    }
    if (schema === 'Person' || schema === 'Organization') for (const number of facts.idNumber) addValue(props, 'idNumber', number);
  }
  for (const alt of sides.alt.byEnt.get(ent) ?? []) {
    const type = field(alt, 2).toLowerCase();
    addValue(props, type === 'fka' ? 'previousName' : 'alias', field(alt, 3));
  }
  for (const address of sides.add.byEnt.get(ent) ?? []) {
    addValue(props, 'address', [field(address, 2), field(address, 3), field(address, 4)].filter((v) => v !== '').join(', '));
    const code = countries(field(address, 4));
    if (code) addValue(props, 'country', code);
  }
  addValue(props, 'sourceUrl', OFAC_SOURCE_URL);
  return props;
}

function recordItems(record: readonly string[], line: number, sides: { alt: SideRows; add: SideRows; comments: SideRows }, use: { model: AriadneModel; countries: CountryResolver }): ListItem[] {
  const { model, countries } = use;
  const ent = field(record, 0);
  const label = ent ? `ofac ${ent}` : `sdn.csv line ${line}`;
  const fail = (message: string): ListItem[] => [{ error: { record: label, message } }];
  if (!/^\d+$/.test(ent)) return fail('ent_num is missing or not a number');
  const long = record.findIndex((value) => value.length > MAX_FIELD_CHARS);
  if (long !== -1) return fail(`column ${long + 1} is longer than ${MAX_FIELD_CHARS} characters; record skipped`);
  const schema = SCHEMA_BY_TYPE[field(record, 2).toLowerCase()];
  if (!schema) return fail(`unknown SDN_Type ${JSON.stringify(field(record, 2).slice(0, 40))}`);
  const problem = nameProblem(field(record, 1), schema === 'Vessel' || schema === 'Airplane');
  if (problem) return fail(problem);
  const id = `ofac-${ent}`;
  const props = subjectProps(record, schema, sides, countries);
  const sanction: Props = { entity: [id], authority: [OFAC_AUTHORITY], authorityId: [ent], sourceUrl: [OFAC_SOURCE_URL] };
  for (const program of props.program ?? []) addValue(sanction, 'program', program);
  const items: ListItem[] = [];
  for (const raw of [{ id, schema, properties: props }, { id: `${id}-sanction`, schema: 'Sanction', properties: sanction }]) {
    const { entity, errors } = model.cleanEntity(raw, { strict: true });
    if (!entity) return fail(invalidEntity(raw.schema, raw.id, errors));
    items.push({ entity });
  }
  return items;
}

/**
 * Streams OFAC's legacy SDN CSV set as FtM entities, one error per bad row, and a final error
 * naming the file when one is refused (not UTF-8, unclosed quote, oversized record).
 *
 * @example for await (const item of parseOfacLegacyCsv({ sdn: createReadStream('sdn.csv'), alt: createReadStream('alt.csv') })) …
 */
export async function* parseOfacLegacyCsv(sources: OfacSources, options: OfacParseOptions = {}): AsyncGenerator<ListItem> {
  const model = options.model ?? loadModel();
  const countries = makeCountryResolver(model);
  const sideErrors: ListItem[] = [];
  const sides = {
    alt: await indexByEnt(sources.alt, 'alt.csv', sideErrors),
    add: await indexByEnt(sources.add, 'add.csv', sideErrors),
    comments: await indexByEnt(sources.comments, 'sdn_comments.csv', sideErrors),
  };
  yield* sideErrors;
  try {
    for await (const { record, line } of readCsvRecords(sources.sdn, MAX_RECORD_CHARS)) {
      const published = /^\d+$/.test(field(record, 0)) ? null : publishDateOf(record);
      if (published !== null) options.onPublished?.(published);
      else yield* recordItems(record, line, sides, { model, countries });
    }
  } catch (error) {
    if (!(error instanceof ListInputError)) throw error;
    yield { error: { record: 'sdn.csv', message: error.message } };
  }
}
