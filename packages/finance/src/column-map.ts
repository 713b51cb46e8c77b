/**
 * The column map (`MAP.json` of `ariadne finance scan --map`): which header of the bank's CSV holds
 * each field of a transaction, and how the file is written (delimiter, decimal separator, a
 * currency for files that carry none). Banks export with their own headers, so the map is the one
 * place a new export format is described; nothing is guessed from header names.
 *
 * @example
 * ```ts
 * const map = parseColumnMap({ id: 'Ref', from: 'Debtor IBAN', to: 'Creditor IBAN', amount: 'Amount',
 *   timestamp: 'Booked', delimiter: ';', decimal_separator: ',', default_currency: 'EUR' });
 * const at = indexColumns(map.columns, ['Ref', 'Debtor IBAN', 'Creditor IBAN', 'Amount', 'Booked']);
 * at.amount; // 3
 * ```
 */
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import { isCurrencyCode } from './currency.ts';

export const REQUIRED_TRANSACTION_COLUMNS = ['id', 'from', 'to', 'amount', 'timestamp'] as const;
export const OPTIONAL_TRANSACTION_COLUMNS = [
  'currency', 'type', 'from_bank', 'to_bank', 'from_country', 'to_country', 'location', 'merchant_category',
  'reference', 'beneficiary_name', 'amount_received', 'currency_received',
] as const;
export type TransactionColumn = (typeof REQUIRED_TRANSACTION_COLUMNS)[number] | (typeof OPTIONAL_TRANSACTION_COLUMNS)[number];

export type TransactionColumns =
  Readonly<Record<(typeof REQUIRED_TRANSACTION_COLUMNS)[number], string>> &
  Readonly<Partial<Record<(typeof OPTIONAL_TRANSACTION_COLUMNS)[number], string>>>;

export interface ColumnMap {
  /** header names, by the field they hold */
  readonly columns: TransactionColumns;
  /** one character; ',' unless the map says otherwise */
  readonly delimiter: string;
  readonly decimalSeparator: '.' | ',';
  /** the currency of every transaction when no `currency` column is mapped (or its cell is empty) */
  readonly defaultCurrency: string | undefined;
}

/** a header name: trimmed, non-empty, short enough to be a header */
export const headerName = z.string().trim().min(1, 'a column name cannot be empty').max(256, 'a column name is at most 256 characters');

/** the options every CSV map shares */
export const delimiterOption = z.string()
  .length(1, 'the delimiter is one character')
  .refine((d) => d !== '"' && d !== '\n' && d !== '\r', { message: 'the delimiter cannot be a quote or a line break' });

const columnMapSchema = z.strictObject({
  ...Object.fromEntries(REQUIRED_TRANSACTION_COLUMNS.map((k) => [k, headerName])) as Record<(typeof REQUIRED_TRANSACTION_COLUMNS)[number], typeof headerName>,
  ...Object.fromEntries(OPTIONAL_TRANSACTION_COLUMNS.map((k) => [k, headerName.optional()])) as Record<(typeof OPTIONAL_TRANSACTION_COLUMNS)[number], z.ZodOptional<typeof headerName>>,
  delimiter: delimiterOption.optional(),
  default_currency: z.string().refine(isCurrencyCode, { message: 'not an ISO 4217 currency code (upper case, e.g. "EUR")' }).optional(),
  decimal_separator: z.enum(['.', ',']).optional(),
});

/**
 * The AriadneError for a zod failure: `details` maps each bad key (dotted path, `(root)` for the
 * whole value) to what is wrong with it; an unknown key is named as such.
 */
export function validationFailure(what: string, error: z.ZodError): AriadneError {
  // a Map, not an object: a key named `__proto__` must be reported, not swallowed
  const bad = new Map<string, string>();
  for (const issue of error.issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) {
      const key = path.length === 0 ? '(root)' : path.map(String).join('.').slice(0, 64);
      if (!bad.has(key)) bad.set(key, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message);
    }
  }
  return new AriadneError('VALIDATION_FAILED', `The ${what} is not valid: ${[...bad.keys()].join(', ')}.`, { details: Object.fromEntries(bad) });
}

/**
 * Validates a column map read from JSON.
 *
 * @throws AriadneError VALIDATION_FAILED naming each unknown key, missing column or bad option
 */
export function parseColumnMap(json: unknown): ColumnMap {
  const parsed = columnMapSchema.safeParse(json);
  if (!parsed.success) throw validationFailure('column map', parsed.error);
  const { delimiter, default_currency: defaultCurrency, decimal_separator: decimalSeparator, ...columns } = parsed.data;
  const defined = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined)) as TransactionColumns;
  return { columns: defined, delimiter: delimiter ?? ',', decimalSeparator: decimalSeparator ?? '.', defaultCurrency };
}

/**
 * Finds each mapped column in the header row. Names match exactly (after trimming the header);
 * a column that is missing is refused, with a "did you mean" when the header has it in another
 * case, and so is a mapped column the header holds twice (which one would be meant?).
 *
 * @throws AriadneError VALIDATION_FAILED whose `details` name each mapped key that cannot be placed
 */
export function indexColumns<K extends string>(columns: Readonly<Partial<Record<K, string>>>, header: readonly string[]): Record<K, number> {
  const names = header.map((h) => h.trim());
  const at = {} as Record<K, number>;
  const details: Record<string, string> = {};
  for (const [key, name] of Object.entries(columns) as [K, string | undefined][]) {
    if (name === undefined) continue;
    const i = names.indexOf(name);
    if (i >= 0 && names.indexOf(name, i + 1) >= 0) {
      details[key] = `column ${quoteName(name)} appears more than once in the header`;
    } else if (i >= 0) {
      at[key] = i;
    } else {
      const lower = name.toLowerCase();
      const near = names.find((h) => h.toLowerCase() === lower);
      details[key] = `column ${quoteName(name)} is not in the header${near === undefined ? '' : `; did you mean ${quoteName(near)}?`}`;
    }
  }
  const bad = Object.keys(details);
  if (bad.length > 0) {
    const message = bad.map((k) => `${k}: ${details[k]}`).join('; ');
    throw new AriadneError('VALIDATION_FAILED', `The CSV header does not match the column map (${message}).`, { details });
  }
  return at;
}

function quoteName(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}
