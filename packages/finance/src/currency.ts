/**
 * Currency codes and the conversion table. `iso-4217.json` is the code list (data, so a new code
 * is a one-line change); `parseCurrencyTable` validates a table an analyst supplies as JSON, so a
 * typo in a code or a zero rate is refused before it silently scales every amount of a scan.
 *
 * @example
 * ```ts
 * const table = parseCurrencyTable({ base: 'USD', rates: { EUR: 1.08, IQD: 0.00076 }, asOf: '2026-01-05' });
 * toBase(table, 100, 'EUR'); // 108
 * toBase(table, 100, 'SYP'); // undefined: no rate, the caller refuses the transaction
 * minorUnits('JPY');         // 0
 * ```
 */
import { AriadneError } from '@ariadne/schema';
import { z } from 'zod';
import iso4217 from './iso-4217.json' with { type: 'json' };
import type { CurrencyTable } from './types.ts';

const MINOR_UNITS: ReadonlyMap<string, number | null> = new Map(Object.entries(iso4217.currencies));

/** true for an active ISO 4217 alphabetic code, upper case (`USD`, not `usd`) */
export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/**
 * The number of decimals the currency's minor unit has (2 for USD, 0 for JPY, 3 for IQD);
 * undefined for an unknown code and for codes with no minor unit (gold, SDR).
 */
export function minorUnits(code: string): number | undefined {
  return MINOR_UNITS.get(code) ?? undefined;
}

const code = z.string().refine(isCurrencyCode, { message: 'not an ISO 4217 currency code (upper case, e.g. "EUR")' });
const rate = z.number().refine((r) => Number.isFinite(r) && r > 0, { message: 'a rate must be a positive finite number' });
const tableSchema = z.strictObject({
  base: code,
  rates: z.record(z.string(), rate),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'expected an ISO 8601 date such as 2026-01-05').optional(),
});

/**
 * Validates a currency table: the base and every rate key are ISO 4217 codes, every rate is
 * positive and finite, and the base's own rate is 1 (added when the table leaves it out).
 *
 * @throws AriadneError VALIDATION_FAILED whose `details` name each bad key (`rates.XYZ`)
 */
export function parseCurrencyTable(json: unknown): CurrencyTable {
  const parsed = tableSchema.safeParse(json);
  // a Map, not an object: a key named `__proto__` must be reported, not swallowed
  const bad = new Map<string, string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const path of keys) {
        const key = path.length === 0 ? '(root)' : path.map(String).join('.').slice(0, 64);
        if (!bad.has(key)) bad.set(key, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message);
      }
    }
  }
  // keys are checked on the raw value: zod's record drops a `__proto__` key instead of refusing it
  const rawRates: unknown = typeof json === 'object' && json !== null ? (json as { rates?: unknown }).rates : undefined;
  if (typeof rawRates === 'object' && rawRates !== null) {
    for (const key of Object.keys(rawRates)) {
      if (!isCurrencyCode(key)) bad.set(`rates.${key.slice(0, 16)}`, 'not an ISO 4217 currency code (upper case, e.g. "EUR")');
    }
  }
  if (parsed.success) {
    const own = parsed.data.rates[parsed.data.base];
    if (own !== undefined && own !== 1) bad.set(`rates.${parsed.data.base}`, 'the base currency\'s own rate must be 1');
  }
  if (!parsed.success || bad.size > 0) {
    throw new AriadneError('VALIDATION_FAILED', `The currency table is not valid: ${[...bad.keys()].join(', ')}.`, { details: Object.fromEntries(bad) });
  }
  const { base, rates, asOf } = parsed.data;
  return { base, rates: { ...rates, [base]: 1 }, ...(asOf === undefined ? {} : { asOf }) };
}

/**
 * A table that knows only its base: every transaction must be in that currency. What a scan uses
 * when it is given no rates.
 *
 * @throws AriadneError VALIDATION_FAILED when `base` is not an ISO 4217 code
 */
export function baseOnlyTable(base: string): CurrencyTable {
  return parseCurrencyTable({ base, rates: {} });
}

/** `amount` of `currency` in the table's base currency; undefined when the table has no rate for it */
export function toBase(table: CurrencyTable, amount: number, currency: string): number | undefined {
  const r = Object.hasOwn(table.rates, currency) ? table.rates[currency] : undefined;
  return r === undefined ? undefined : amount * r;
}
