/**
 * The column-map editor's logic: the draft a user edits (which header holds each field, how the
 * file is written), the map the server reads from it, a first suggestion from the header names
 * (only a suggestion: the user confirms every column), and maps saved in the browser's storage to
 * reuse for the next export of the same bank. Stored maps are read back as untrusted data. Pure
 * (storage is passed in): node tests run it.
 */
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, type ColumnField, type ColumnMapJson } from '../../api/finance-types.ts';

export const COLUMN_FIELDS: readonly ColumnField[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
const FIELD_SET: ReadonlySet<string> = new Set(COLUMN_FIELDS);

export interface ColumnMapDraft {
  /** header name by field; a field not mapped is absent */
  readonly columns: Readonly<Partial<Record<ColumnField, string>>>;
  readonly delimiter: string;
  readonly decimalSeparator: '.' | ',';
  /** ISO 4217 code for rows without a currency, or '' */
  readonly defaultCurrency: string;
}

export const EMPTY_DRAFT: ColumnMapDraft = { columns: {}, delimiter: ',', decimalSeparator: '.', defaultCurrency: '' };

const CURRENCY = /^[A-Z]{3}$/;

export type MapCheck =
  | { readonly ok: true; readonly map: ColumnMapJson }
  | { readonly ok: false; readonly missing: readonly ColumnField[]; readonly absent: readonly ColumnField[]; readonly badCurrency: boolean };

/**
 * The map to send, or what stops it: required fields not mapped, mapped columns the file's header
 * does not have (when the header is known), a default currency that is not a code.
 * @example checkDraft({ ...EMPTY_DRAFT, columns: { id: 'Ref' } }).ok // false: from, to, amount, timestamp missing
 */
export function checkDraft(draft: ColumnMapDraft, header?: readonly string[]): MapCheck {
  const missing = REQUIRED_COLUMNS.filter((f) => !draft.columns[f]?.trim());
  const names = header ? new Set(header) : null;
  const absent = names ? COLUMN_FIELDS.filter((f) => draft.columns[f] !== undefined && !names.has(draft.columns[f]!)) : [];
  const currency = draft.defaultCurrency.trim();
  const badCurrency = currency !== '' && !CURRENCY.test(currency);
  if (missing.length > 0 || absent.length > 0 || badCurrency) return { ok: false, missing, absent, badCurrency };
  const map: Record<string, string> = {};
  for (const field of COLUMN_FIELDS) {
    const name = draft.columns[field]?.trim();
    if (name) map[field] = name;
  }
  if (draft.delimiter !== ',') map.delimiter = draft.delimiter;
  if (draft.decimalSeparator !== '.') map.decimal_separator = draft.decimalSeparator;
  if (currency) map.default_currency = currency;
  return { ok: true, map: map as ColumnMapJson };
}

/** The draft a saved (or server-style) map opens as. */
export function draftOf(map: ColumnMapJson): ColumnMapDraft {
  const columns: Partial<Record<ColumnField, string>> = {};
  for (const field of COLUMN_FIELDS) {
    const name = map[field];
    if (typeof name === 'string' && name.trim()) columns[field] = name;
  }
  return {
    columns,
    delimiter: typeof map.delimiter === 'string' && map.delimiter.length === 1 ? map.delimiter : ',',
    decimalSeparator: map.decimal_separator === ',' ? ',' : '.',
    defaultCurrency: typeof map.default_currency === 'string' ? map.default_currency : '',
  };
}

/** header names that usually hold a field, compared lower-cased with `_`, `-` and spaces as one */
const SYNONYMS: Readonly<Partial<Record<ColumnField, readonly string[]>>> = {
  id: ['id', 'transaction id', 'tx id', 'txid', 'transaction ref', 'transaction reference'],
  from: ['from', 'from account', 'sender', 'sender account', 'source', 'debtor', 'debtor account', 'payer', 'originator'],
  to: ['to', 'to account', 'receiver', 'receiver account', 'target', 'creditor', 'creditor account', 'payee', 'beneficiary account'],
  amount: ['amount', 'amount paid', 'value', 'sum'],
  timestamp: ['timestamp', 'date', 'datetime', 'date time', 'time', 'booking date', 'booked', 'value date'],
  currency: ['currency', 'ccy', 'payment currency'],
  type: ['type', 'kind', 'transaction type', 'payment type', 'payment format'],
  reference: ['reference', 'remittance', 'remittance information', 'memo', 'description'],
  beneficiary_name: ['beneficiary name', 'beneficiary', 'payee name'],
  amount_received: ['amount received'],
  currency_received: ['currency received', 'receiving currency'],
};

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/**
 * A first guess at the map from header names: each field takes the first header named like it
 * (its own name or a usual synonym), and a header goes to one field at most.
 * @example suggestColumns(['Txn ID', 'From', 'To', 'Amount', 'Date']).timestamp // 'Date'
 */
export function suggestColumns(header: readonly string[]): Partial<Record<ColumnField, string>> {
  const out: Partial<Record<ColumnField, string>> = {};
  const used = new Set<string>();
  const byName = new Map<string, string>();
  for (const h of header) if (h && !byName.has(normalise(h))) byName.set(normalise(h), h);
  for (const field of COLUMN_FIELDS) {
    const candidates = [normalise(field), ...(SYNONYMS[field] ?? [])];
    for (const candidate of candidates) {
      const name = byName.get(candidate);
      if (name !== undefined && !used.has(name)) {
        out[field] = name;
        used.add(name);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- saved maps

export const SAVED_MAPS_KEY = 'ariadne.finance.columnMaps';
export const MAX_SAVED_MAPS = 20;
const MAX_NAME = 80;
const MAX_HEADER = 256;

export interface SavedColumnMap {
  readonly name: string;
  readonly map: ColumnMapJson;
  readonly savedAt: string;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** a stored map, if it is one: known keys only, short strings, a valid delimiter */
function asSavedMap(value: unknown): SavedColumnMap | null {
  if (!value || typeof value !== 'object') return null;
  const { name, map, savedAt } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME || typeof savedAt !== 'string' || !map || typeof map !== 'object') return null;
  const clean: Record<string, string> = {};
  for (const [key, v] of Object.entries(map as Record<string, unknown>)) {
    if (typeof v !== 'string' || v.length > MAX_HEADER) return null;
    if (FIELD_SET.has(key)) clean[key] = v;
    else if (key === 'delimiter' && v.length === 1) clean[key] = v;
    else if (key === 'decimal_separator' && (v === '.' || v === ',')) clean[key] = v;
    else if (key === 'default_currency' && CURRENCY.test(v)) clean[key] = v;
    else return null;
  }
  if (REQUIRED_COLUMNS.some((f) => !clean[f])) return null;
  return { name, map: clean as ColumnMapJson, savedAt };
}

/** The maps saved in this browser, newest first; anything unreadable is skipped. */
export function readSavedMaps(storage: Storage | null): SavedColumnMap[] {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(SAVED_MAPS_KEY) ?? null;
  } catch {
    return [];
  }
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.slice(0, MAX_SAVED_MAPS).map(asSavedMap).filter((m): m is SavedColumnMap => m !== null)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

function writeMaps(storage: Storage | null, maps: readonly SavedColumnMap[]): boolean {
  try {
    storage?.setItem(SAVED_MAPS_KEY, JSON.stringify(maps));
    return storage !== null;
  } catch {
    return false; // storage full or disabled: the map still works for this import
  }
}

/**
 * Saves `map` under `name` (replacing a map of the same name), keeping the newest 20. Answers the
 * maps now saved, and whether storing worked.
 */
export function saveMap(storage: Storage | null, name: string, map: ColumnMapJson, now: Date): { maps: SavedColumnMap[]; stored: boolean } {
  const trimmed = name.trim().slice(0, MAX_NAME);
  const entry: SavedColumnMap = { name: trimmed, map, savedAt: now.toISOString() };
  const maps = [entry, ...readSavedMaps(storage).filter((m) => m.name !== trimmed)].slice(0, MAX_SAVED_MAPS);
  return { maps, stored: writeMaps(storage, maps) };
}

export function deleteMap(storage: Storage | null, name: string): SavedColumnMap[] {
  const maps = readSavedMaps(storage).filter((m) => m.name !== name);
  writeMaps(storage, maps);
  return maps;
}

/**
 * The newest saved map that fits `header` (every column it maps is in the header): the map to
 * offer first for a file exported the same way as before.
 */
export function matchingMap(maps: readonly SavedColumnMap[], header: readonly string[]): SavedColumnMap | null {
  const names = new Set(header);
  return maps.find((m) => COLUMN_FIELDS.every((f) => m.map[f] === undefined || names.has(m.map[f]!))) ?? null;
}
