/**
 * ISO 20022 value types read strictly: amounts (ActiveOrHistoricCurrencyAndAmount, DecimalNumber),
 * dates (ISODate, ISODateTime), currency codes, account identifications and countries. Each reader
 * returns the value or a one-line problem that names the element, never its content, so a caller
 * can turn it into a RecordError.
 */
import { AriadneError } from '@ariadne/schema';
import type { CurrencyTable } from './types.ts';
import { isCurrencyCode } from './currency.ts';
import { child, textAt, type XmlElement } from './iso20022-xml.ts';

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly field: string; readonly message: string };

function ok<T>(value: T): Read<T> { return { ok: true, value }; }
export function problem(field: string, message: string): { readonly ok: false; readonly field: string; readonly message: string } {
  return { ok: false, field, message };
}

/** Decimals are compared as integers scaled by 10^17 (DecimalNumber allows 17 fraction digits), so sums are exact. */
const SCALE_DIGITS = 17;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** The exact value of a decimal text as an integer of 10^-17 units, or undefined when it is not a plain decimal. */
export function scaledDecimal(text: string): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (!match || (match[2]?.length ?? 0) > SCALE_DIGITS || match[1]!.length > 30) return undefined;
  return BigInt(match[1]! + (match[2] ?? '').padEnd(SCALE_DIGITS, '0'));
}

/** A scaled decimal back to text with `fraction` digits (rounded toward zero), for messages. */
export function formatScaled(value: bigint, fraction = 2): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE_DIGITS + 1, '0');
  const whole = digits.slice(0, digits.length - SCALE_DIGITS);
  const part = digits.slice(digits.length - SCALE_DIGITS, digits.length - SCALE_DIGITS + fraction);
  return `${negative ? '-' : ''}${whole}${fraction > 0 ? `.${part}` : ''}`;
}

export interface Amount {
  readonly amount: number;
  /** the decimal text as the message gave it */
  readonly text: string;
  readonly scaled: bigint;
  readonly currency: string;
}

/**
 * An amount element with its `Ccy` attribute. ISO 20022 amounts are unsigned decimals of at most
 * 18 digits, 5 after the point; the direction is a separate indicator, so a sign is an error.
 */
export function readAmount(node: XmlElement | undefined, field: string, currency: CurrencyTable): Read<Amount> {
  const text = node?.text.trim();
  if (node === undefined || text === undefined || text === '') return problem(field, 'amount is missing');
  if (/^[+-]/.test(text)) return problem(field, text.startsWith('-') ? 'amount is negative' : 'amount has a sign');
  const match = DECIMAL.exec(text);
  if (!match) return problem(field, 'amount is not a decimal number');
  if (match[1]!.length + (match[2]?.length ?? 0) > 18 || (match[2]?.length ?? 0) > 5) return problem(field, 'amount has more digits than ISO 20022 allows (18, 5 after the point)');
  const scaled = scaledDecimal(text)!;
  if (scaled === 0n) return problem(field, 'amount is zero');
  const code = readCurrency(node.attributes.Ccy, field, currency);
  if (!code.ok) return code;
  return ok({ amount: Number(text), text, scaled, currency: code.value });
}

/** An ISO 4217 code that the currency table can convert. */
export function readCurrency(raw: string | undefined, field: string, currency: CurrencyTable): Read<string> {
  const code = raw?.trim();
  if (code === undefined || code === '') return problem(`${field}/@Ccy`, 'currency is missing');
  if (!/^[A-Z]{3}$/.test(code) || !isCurrencyCode(code)) return problem(`${field}/@Ccy`, 'currency is not an ISO 4217 alphabetic code');
  const rate = currency.rates[code];
  if (rate === undefined || !(rate > 0) || !Number.isFinite(rate)) return problem(`${field}/@Ccy`, `currency ${code} has no rate in the currency table`);
  return ok(code);
}

/** Checks an `assumeZone` option once, before reading: `Z` or `±hh:mm`. */
export function checkZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  if (!/^(Z|[+-](0\d|1[0-4]):[0-5]\d)$/.test(zone)) {
    throw new AriadneError('VALIDATION_FAILED', 'assumeZone must be "Z" or an offset such as "+03:00".', { details: { assumeZone: 'not a zone offset' } });
  }
  return zone;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;

/** ISODate: midnight UTC (or midnight at the date's own offset, which xs:date allows). */
export function readIsoDate(text: string | undefined, field: string): Read<number> {
  if (text === undefined) return problem(field, 'date is missing');
  const m = ISO_DATE.exec(text);
  if (!m) return problem(field, 'date is not an ISO 8601 date (YYYY-MM-DD)');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(year, month, day)) return problem(field, 'date does not exist in the calendar');
  return ok(Date.UTC(year, month - 1, day) - offsetMinutes(m[4] ?? 'Z') * 60_000);
}

/**
 * ISODateTime converted to UTC. A time without an offset is local time somewhere: refused unless
 * the caller says which zone the sender meant (`assumeZone`), since guessing shifts every
 * window a detector computes.
 */
export function readIsoDateTime(text: string | undefined, field: string, assumeZone: string | undefined): Read<number> {
  if (text === undefined) return problem(field, 'date-time is missing');
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return problem(field, 'date-time is not ISO 8601 (YYYY-MM-DDThh:mm:ss with an offset)');
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i])) as [number, number, number, number, number, number];
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return problem(field, 'date-time does not exist in the calendar');
  const zone = m[8] ?? assumeZone;
  if (zone === undefined) return problem(field, 'date-time has no zone offset (give assumeZone to read it)');
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  return ok(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes(zone) * 60_000);
}

/** A DateAndDateTime choice (`<X><Dt>…</Dt></X>` or `<X><DtTm>…</DtTm></X>`), or undefined when `X` is absent. */
export function readDateChoice(node: XmlElement | undefined, field: string, assumeZone: string | undefined): Read<number> | undefined {
  if (node === undefined) return undefined;
  const dateTime = textAt(node, 'DtTm');
  if (dateTime !== undefined) return readIsoDateTime(dateTime, `${field}/DtTm`, assumeZone);
  const date = textAt(node, 'Dt');
  if (date !== undefined) return readIsoDate(date, `${field}/Dt`);
  // pain.001 before version 08 gives `ReqdExctnDt` as a bare ISODate
  const bare = node.text.trim();
  if (bare !== '') return readIsoDate(bare, field);
  return problem(field, 'date is missing');
}

export interface AccountId {
  readonly id: string;
  /** the IBAN's country, when the id is an IBAN */
  readonly ibanCountry?: string;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/;

/**
 * An account identification (`…Acct/Id`): the IBAN (spaces removed, upper case) or `Othr/Id`.
 * Undefined when the account element or both ids are absent; a problem when the id is malformed.
 * Ids starting with `@` are refused: the transaction graph reserves them for pseudo-accounts
 * such as `@cash`, so outside data must not forge one.
 */
export function readAccountId(account: XmlElement | undefined, field: string): Read<AccountId> | undefined {
  const iban = textAt(account, 'Id', 'IBAN');
  if (iban !== undefined) {
    const id = iban.replace(/\s+/g, '').toUpperCase();
    if (!IBAN_SHAPE.test(id)) return problem(`${field}/Id/IBAN`, 'IBAN is malformed');
    return ok({ id, ibanCountry: id.slice(0, 2) });
  }
  const other = textAt(account, 'Id', 'Othr', 'Id');
  if (other === undefined) return undefined;
  if (other.length > 34) return problem(`${field}/Id/Othr/Id`, 'account id is longer than ISO 20022 allows (34)');
  if (other.startsWith('@') || hasControl(other)) return problem(`${field}/Id/Othr/Id`, 'account id starts with @ or holds control characters');
  return ok({ id: other });
}

/** A party's name: `Nm`, or `Pty/Nm` in the Party40Choice of newer camt versions. */
export function partyName(party: XmlElement | undefined): string | undefined {
  return textAt(party, 'Nm') ?? textAt(party, 'Pty', 'Nm');
}

/** A party's country from its postal address (`PstlAdr/Ctry`, also under `Pty`), upper case alpha-2. */
export function partyCountry(party: XmlElement | undefined): string | undefined {
  const raw = textAt(party, 'PstlAdr', 'Ctry') ?? textAt(party, 'Pty', 'PstlAdr', 'Ctry') ?? textAt(party, 'CtryOfRes');
  return raw !== undefined && /^[A-Z]{2}$/.test(raw) ? raw : undefined;
}

/** An agent's BIC: `FinInstnId/BICFI` (2009 versions and later) or `FinInstnId/BIC`, else its other id. */
export function agentBic(agent: XmlElement | undefined): string | undefined {
  const fin = child(agent, 'FinInstnId');
  const bic = textAt(fin, 'BICFI') ?? textAt(fin, 'BIC');
  if (bic !== undefined) return /^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(bic) ? bic : undefined;
  const member = textAt(fin, 'ClrSysMmbId', 'MmbId') ?? textAt(fin, 'Othr', 'Id');
  return member !== undefined && member.length <= 35 ? member : undefined;
}
