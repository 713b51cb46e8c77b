/**
 * goAML's value formats: date-times as `YYYY-MM-DDThh:mm:ss` in the FIU's zone (the schema's
 * `sql_date` is an `xs:dateTime` from 1753 on, written without an offset), amounts as decimal
 * text with two decimals rounded half up from the institution's own figure (never through a
 * float when the text is there), and the local amount of a foreign-currency transaction.
 */
import type { CurrencyTable } from '../types.ts';

/** SQL Server's `datetime` floor, which goAML's `sql_date` inherits. */
const MIN_YEAR = 1753;
/** `sql_decimal`'s bound in schema 5.0.2 (7.9e15); 2.0's plain `xs:decimal` takes it too. */
const MAX_AMOUNT = 7_900_000_000_000_000n;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws RangeError for a zone the runtime does not know.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', era: 'short',
    });
    if (formatters.size > 50) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** An epoch-milliseconds instant as goAML wants it, in `timeZone`; `null` when it is not a date goAML can hold. */
export function goamlDateTime(epochMs: number, timeZone: string): string | null {
  if (!Number.isFinite(epochMs)) return null;
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return null;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const year = Number(parts['year']);
  if (parts['era'] !== 'AD' || !Number.isInteger(year) || year < MIN_YEAR || year > 9999) return null;
  return `${String(year).padStart(4, '0')}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

/** A calendar date `YYYY-MM-DD` as a goAML date-time at midnight; `null` for an impossible or out-of-range date. */
export function goamlDate(ymd: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${ymd}T00:00:00`;
}

const DECIMAL = /^(\d{1,30})(?:\.(\d{1,30}))?$/;

/** True for a plain non-negative decimal text (`1200`, `1200.5`), the only amount text the writer accepts. */
export function isDecimalText(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * Rounds a non-negative decimal text to two decimals, half up, without floating point
 * (`1200.5` → `1200.50`, `0.125` → `0.13`). `null` for text that is not such a number or is past
 * goAML's bound.
 */
export function toTwoDecimals(text: string): string | null {
  const m = DECIMAL.exec(text.trim());
  if (m === null) return null;
  const fraction = (m[2] ?? '').padEnd(3, '0');
  let cents = BigInt(`${m[1]}${fraction.slice(0, 2)}`);
  if (fraction.charCodeAt(2) >= 53) cents += 1n; // third decimal ≥ 5
  if (cents > MAX_AMOUNT * 100n) return null;
  const digits = cents.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A number as decimal text with up to `decimals` places and no exponent (`1e-7` → `0.0000001`). */
export function numberText(value: number, decimals: number): string | null {
  if (!Number.isFinite(value) || value < 0 || value > 1e16) return null;
  return value.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export interface LocalAmount {
  /** `amount_local`, two decimals */
  readonly local: string;
  /** the original amount when the transaction is in another currency */
  readonly foreign?: { readonly currency: string; readonly amount: string; readonly rate?: string };
}

export interface AmountSource {
  readonly amount: number;
  readonly amountText?: string;
  readonly currency: string;
  readonly amountLocal?: string | number;
}

/**
 * The transaction's amount in the local currency, or a one-line problem. A transaction in the
 * local currency reports its own figure; one in another currency reports `amountLocal` when
 * given, else the amount converted by a currency table based on the local currency, and keeps
 * the original amount and the rate for `from_foreign_currency`.
 */
export function localAmount(tx: AmountSource, localCurrency: string, table: CurrencyTable | undefined): LocalAmount | string {
  const text = tx.amountText !== undefined ? tx.amountText.trim() : numberText(tx.amount, 6);
  if (text === null || !isDecimalText(text)) return 'the amount is not a non-negative decimal number';
  const own = toTwoDecimals(text);
  if (own === null) return 'the amount is larger than goAML can hold';
  if (tx.currency === localCurrency) return { local: own };

  let local: string | null;
  let rate: number | undefined;
  if (tx.amountLocal !== undefined) {
    const given = typeof tx.amountLocal === 'number' ? numberText(tx.amountLocal, 6) : tx.amountLocal.trim();
    local = given === null ? null : toTwoDecimals(given);
    if (local === null) return 'amountLocal is not a non-negative decimal number within goAML\'s bound';
    if (Number(own) > 0) rate = Number(local) / Number(own);
  } else {
    const perUnit = table !== undefined && table.base === localCurrency ? table.rates[tx.currency] : undefined;
    if (perUnit === undefined || !(perUnit > 0)) {
      return `the amount is in ${tx.currency}, not the local currency ${localCurrency}: give amountLocal or a currency table based on ${localCurrency} with a rate for ${tx.currency}`;
    }
    rate = perUnit;
    const converted = numberText(Number(own) * perUnit, 4);
    local = converted === null ? null : toTwoDecimals(converted);
    if (local === null) return 'the converted amount is larger than goAML can hold';
  }
  const rateText = rate === undefined ? null : numberText(rate, 8);
  return {
    local,
    foreign: { currency: tx.currency, amount: own, ...(rateText === null ? {} : { rate: rateText }) },
  };
}
