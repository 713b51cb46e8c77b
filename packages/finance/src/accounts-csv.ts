/**
 * Know-your-customer data from a bank's CSV export through a column map: who holds each account,
 * which customer it belongs to (detectors aggregate a customer's accounts), what kind of holder
 * it is, its bank and country. A bad row (an empty or repeated id, a kind or country that cannot
 * be read) is one `RecordError`; the rest of the file goes on. Messages never quote an id or a
 * holder's name.
 *
 * @example
 * ```ts
 * const map = parseAccountMap({ id: 'IBAN', customer_id: 'Client', holder_name: 'Name', kind: 'Segment', country: 'Ctry' });
 * const { records, errors } = await readAccountsCsv(csvFileChunks('kyc.csv'), map);
 * graph.addAccounts(records);
 * ```
 */
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import { delimiterOption, headerName, indexColumns, validationFailure } from './column-map.ts';
import { readCsvRecords, type CsvInput } from './csv-records.ts';
import { countryCode } from './transactions-csv.ts';
import type { AccountKind, AccountRecord, ReadResult, RecordError } from './types.ts';

export const ACCOUNT_COLUMNS = ['id', 'customer_id', 'holder_id', 'holder_name', 'kind', 'business_type', 'bank', 'country', 'city'] as const;
export type AccountColumn = (typeof ACCOUNT_COLUMNS)[number];

export interface AccountMap {
  readonly columns: Readonly<{ id: string }> & Readonly<Partial<Record<Exclude<AccountColumn, 'id'>, string>>>;
  /** one character; ',' unless the map says otherwise */
  readonly delimiter: string;
}

const accountMapSchema = z.strictObject({
  ...Object.fromEntries(ACCOUNT_COLUMNS.map((k) => [k, k === 'id' ? headerName : headerName.optional()])) as
    { id: typeof headerName } & Record<Exclude<AccountColumn, 'id'>, z.ZodOptional<typeof headerName>>,
  delimiter: delimiterOption.optional(),
});

/**
 * Validates an account column map read from JSON: `id` is required, the other columns and
 * `delimiter` optional, and nothing else is allowed.
 *
 * @throws AriadneError VALIDATION_FAILED naming each unknown key or bad value
 */
export function parseAccountMap(json: unknown): AccountMap {
  const parsed = accountMapSchema.safeParse(json);
  if (!parsed.success) throw validationFailure('account map', parsed.error);
  const { delimiter, ...columns } = parsed.data;
  const defined = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined)) as AccountMap['columns'];
  return { columns: defined, delimiter: delimiter ?? ',' };
}

/** the words banks use for holder kinds, compared lower-cased with accents dropped */
const KIND_WORDS: Readonly<Record<AccountKind, readonly string[]>> = {
  personal: ['personal', 'individual', 'person', 'natural person', 'private', 'retail', 'consumer', 'particulier', 'personne physique', 'prive'],
  business: [
    'business', 'company', 'corporate', 'corporation', 'commercial', 'organisation', 'organization', 'legal entity', 'legal person', 'sme',
    'entreprise', 'societe', 'personne morale', 'professionnel',
  ],
  msb: [
    'msb', 'money service business', 'money services business', 'money transmitter', 'remittance', 'remitter', 'exchange house',
    'bureau de change', 'hawala', 'payment institution', 'etablissement de paiement',
  ],
  unknown: ['unknown', 'inconnu', 'n/a', 'na'],
};

const KINDS: ReadonlyMap<string, AccountKind> = new Map(
  (Object.entries(KIND_WORDS) as [AccountKind, readonly string[]][]).flatMap(([kind, words]) => words.map((w) => [w, kind] as const)),
);

/** the holder kind a cell names, or undefined when it names none the table knows */
export function accountKindOf(raw: string): AccountKind | undefined {
  const word = raw.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  return KINDS.get(word);
}

/** a copy not pointing into the chunk it was cut from (see transactions-csv.ts) */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The per-row checks, with the ids seen so far. */
class AccountRows {
  private readonly seen = new Map<string, number>();
  private readonly at: Partial<Record<AccountColumn, number>>;

  constructor(private readonly map: AccountMap, private readonly header: readonly string[]) {
    this.at = indexColumns(map.columns, header);
  }

  private cell(fields: readonly string[], key: AccountColumn): string | undefined {
    const i = this.at[key];
    const v = i === undefined ? '' : fields[i]!.trim();
    return v === '' ? undefined : v;
  }

  private refuse(line: number, key: AccountColumn, message: string): RecordError {
    return { record: String(line), field: this.map.columns[key] ?? key, message };
  }

  read(fields: readonly string[], line: number): AccountRecord | RecordError {
    const width = this.header.length;
    if (fields.length !== width) return { record: String(line), message: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${width}` };
    const id = this.cell(fields, 'id');
    if (id === undefined) return this.refuse(line, 'id', 'empty id');
    if (id.charCodeAt(0) === 0x40) return this.refuse(line, 'id', 'an account reference cannot start with "@" (reserved for pseudo-accounts)');
    const first = this.seen.get(id);
    if (first !== undefined) return this.refuse(line, 'id', `duplicate id: first seen on line ${first}`);
    const kindText = this.cell(fields, 'kind');
    const kind = kindText === undefined ? undefined : accountKindOf(kindText);
    if (kindText !== undefined && kind === undefined) {
      return this.refuse(line, 'kind', `unknown holder kind ${shown(kindText)} (expected personal, business, msb or unknown)`);
    }
    const countryText = this.cell(fields, 'country');
    const country = countryText === undefined ? undefined : countryCode(countryText);
    if (countryText !== undefined && country === undefined) {
      return this.refuse(line, 'country', `country ${shown(countryText)} is not an ISO 3166-1 alpha-2 code`);
    }
    const account: { -readonly [K in keyof AccountRecord]: AccountRecord[K] } = { id: detached(id) };
    this.seen.set(account.id, line);
    for (const [key, prop] of TEXT_COLUMNS) {
      const value = this.cell(fields, key);
      if (value !== undefined) account[prop] = detached(value);
    }
    if (kind !== undefined) account.kind = kind;
    if (country !== undefined) account.country = country;
    return account;
  }
}

/** columns copied as they are, and the record property each fills */
const TEXT_COLUMNS = [
  ['customer_id', 'customerId'], ['holder_id', 'holderId'], ['holder_name', 'holderName'], ['business_type', 'businessType'], ['bank', 'bank'], ['city', 'city'],
] as const;

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Reads accounts from CSV text or bytes. The first non-empty line is the header; rows whose every
 * field is empty are skipped.
 *
 * @throws AriadneError MALFORMED_INPUT for an empty input or an unreadable header line,
 *   VALIDATION_FAILED when the header lacks a mapped column
 */
export async function readAccountsCsv(input: CsvInput, map: AccountMap): Promise<ReadResult<AccountRecord>> {
  const records: AccountRecord[] = [];
  const errors: RecordError[] = [];
  let rows: AccountRows | null = null;
  for await (const chunk of readCsvRecords(input, { delimiter: map.delimiter })) {
    for (const row of chunk.records) {
      if (row.error !== undefined) {
        if (rows === null) throw new AriadneError('MALFORMED_INPUT', `The header line cannot be read: ${row.error.message}.`, { details: { line: row.error.record } });
        errors.push(row.error);
      } else if (rows === null) {
        rows = new AccountRows(map, row.fields.map((h) => h.trim()));
      } else if (!row.fields.every((f) => f === '')) {
        const read = rows.read(row.fields, row.line);
        if ('message' in read) errors.push(read);
        else records.push(read);
      }
    }
  }
  if (rows === null) throw new AriadneError('MALFORMED_INPUT', 'The CSV is empty: it has no header line.', { details: { header: 'missing' } });
  return { records, errors };
}
