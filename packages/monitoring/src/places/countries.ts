/**
 * Countries: ISO 3166-1 codes and names in English, French and Arabic, and one resolver that
 * turns whatever a source wrote (a code of any ISO form, a UN, ISO, ACLED, GLOTIP, CLDR or
 * Natural Earth name, in any case, with or without accents or punctuation) into an ISO alpha-2
 * code, or says why it cannot.
 *
 * The rule that keeps numbers honest: a text that names no single country (an aggregate such as
 * "Aruba/Curacao", a region, a dissolved state, an ambiguous short name such as "Korea", or
 * Kosovo, which has no ISO code) is never guessed; the caller gets the reason.
 *
 * Hand-written rather than a library: no ISO 3166 package is installed, and the crosswalk (which
 * names are aggregates, which are ambiguous) is Ariadne's own decision anyway. Data in
 * `country-data.ts`, which says where each part comes from.
 */

import { AriadneError } from '@ariadne/schema';
import {
  CLDR_AND_NATURAL_EARTH_ALIASES, COUNTRY_ROWS, UNRESOLVABLE, VARIANT_ALIASES,
} from './country-data.ts';

export type CountryLanguage = 'en' | 'fr' | 'ar';

export interface Country {
  /** ISO 3166-1 alpha-2, upper case ("IQ"): the code `Place.country` holds. */
  readonly alpha2: string;
  /** ISO 3166-1 alpha-3 ("IRQ"), as GLOTIP's `Iso3_code` and ACLED's `iso3` write it. */
  readonly alpha3: string;
  /** ISO 3166-1 numeric = UN M49 country code, always 3 digits ("368"), as world-atlas's feature ids. */
  readonly numeric: string;
  readonly names: Readonly<Record<CountryLanguage, string>>;
}

export type CountryResolution = { readonly code: string } | { readonly code: undefined; readonly reason: string };

/** Longer texts are not country names; refusing them keeps the folding cost bounded on hostile input. */
export const MAX_COUNTRY_TEXT_LENGTH = 200;

export const COUNTRIES: readonly Country[] = COUNTRY_ROWS.map(([alpha2, alpha3, numeric, en, fr, ar]) => Object.freeze({
  alpha2, alpha3, numeric, names: Object.freeze({ en, fr, ar }),
}));

const TATWEEL = /\u0640/g;
const MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{Nd}]+/gu;

/**
 * The lookup key of a name: accents, case, punctuation and spaces folded away, so "Côte d’Ivoire",
 * "COTE D'IVOIRE" and "Cote dIvoire" meet. Also: "&" reads "and", a leading "the" is dropped,
 * "St"/"Ste" read "Saint"/"Sainte", and Arabic hamza carriers, alef maqsura, ta marbuta and
 * tatweel are folded, because sources write them or not by habit.
 */
export function foldCountryName(text: string): string {
  const tokens = text.normalize('NFKD').replace(MARKS, '').replace(TATWEEL, '').toLowerCase()
    .replace(/ß/g, 'ss').replace(/&/g, ' and ').replace(/\u0649/g, '\u064A').replace(/\u0629/g, '\u0647')
    .replace(NOT_LETTER_OR_DIGIT, ' ').trim().split(' ').filter((t) => t !== '');
  if (tokens[0] === 'the' && tokens.length > 1) tokens.shift();
  return tokens.map((t) => (t === 'st' ? 'saint' : t === 'ste' ? 'sainte' : t)).join('');
}

// A data string that is 2-3 upper-case letters or 3 digits is a code; anything else is a name.
// Codes and names live in separate tables so that "N/A" (a name that folds to "na") never meets
// Namibia's code NA.
const CODE_SHAPE = /^(?:[A-Z]{2,3}|\d{3})$/;

interface Tables {
  readonly byCode: ReadonlyMap<string, CountryResolution>;
  readonly byName: ReadonlyMap<string, CountryResolution>;
  readonly byAlpha2: ReadonlyMap<string, Country>;
}

function buildTables(): Tables {
  const byCode = new Map<string, CountryResolution>();
  const byName = new Map<string, CountryResolution>();
  const add = (text: string, result: CountryResolution): void => {
    const isCode = CODE_SHAPE.test(text);
    const table = isCode ? byCode : byName;
    const key = isCode ? text : foldCountryName(text);
    const existing = table.get(key);
    // Two entries claiming one key would make the answer depend on table order: refuse to load.
    if (existing !== undefined && existing.code !== result.code) {
      throw new AriadneError('INTERNAL', `Country data conflict: "${text}" is claimed twice.`);
    }
    if (existing === undefined || result.code !== undefined) table.set(key, result);
  };
  const byAlpha2 = new Map<string, Country>();
  for (const country of COUNTRIES) {
    byAlpha2.set(country.alpha2, country);
    const result = Object.freeze({ code: country.alpha2 });
    for (const text of [country.alpha2, country.alpha3, country.numeric, country.names.en, country.names.fr, country.names.ar]) add(text, result);
  }
  for (const aliases of [CLDR_AND_NATURAL_EARTH_ALIASES, VARIANT_ALIASES]) {
    for (const [alpha2, names] of Object.entries(aliases)) {
      if (!byAlpha2.has(alpha2)) throw new AriadneError('INTERNAL', `Country data conflict: alias for unknown code ${alpha2}.`);
      for (const name of names) add(name, Object.freeze({ code: alpha2 }));
    }
  }
  for (const { names, reason } of UNRESOLVABLE) {
    for (const name of names) add(name, Object.freeze({ code: undefined, reason }));
  }
  return { byCode, byName, byAlpha2 };
}

const TABLES = buildTables();

const M49_REGION_PREFIX = /^m49region/;

/**
 * Resolves a country as a source wrote it to its ISO 3166-1 alpha-2 code.
 *
 * Accepts alpha-2, alpha-3 and numeric codes (case-insensitive; numeric with or without leading
 * zeros, since spreadsheets drop them: "4" is "004", Afghanistan) and names in English, French
 * or Arabic. Never throws: anything it cannot resolve comes back with the reason.
 *
 * @example resolveCountry('Syria')          // { code: 'SY' }
 * @example resolveCountry('Aruba/Curacao')  // { code: undefined, reason: 'a GLOTIP aggregate …' }
 */
export function resolveCountry(text: string): CountryResolution {
  if (typeof text !== 'string') return { code: undefined, reason: 'not text' };
  const trimmed = text.trim();
  if (trimmed === '') return { code: undefined, reason: 'empty' };
  if (trimmed.length > MAX_COUNTRY_TEXT_LENGTH) return { code: undefined, reason: `longer than ${MAX_COUNTRY_TEXT_LENGTH} characters: not a country name` };
  if (/^\d{1,3}$/.test(trimmed)) {
    const numeric = trimmed.padStart(3, '0');
    return TABLES.byCode.get(numeric) ?? { code: undefined, reason: `${numeric} is not an ISO 3166-1 numeric (UN M49) country code` };
  }
  if (/^[A-Za-z]{2,3}$/.test(trimmed)) {
    const byCode = TABLES.byCode.get(trimmed.toUpperCase());
    if (byCode !== undefined) return byCode;
  }
  const key = foldCountryName(trimmed);
  if (key === '') return { code: undefined, reason: 'has no letters or digits: not a country name' };
  const byName = TABLES.byName.get(key);
  if (byName !== undefined) return byName;
  if (M49_REGION_PREFIX.test(key)) return { code: undefined, reason: 'a UN M49 region, not a country' };
  return { code: undefined, reason: 'not a known country name or ISO 3166-1 code' };
}

/** The country of an ISO 3166-1 code of any form (alpha-2, alpha-3 or numeric), or undefined. */
export function getCountry(code: string): Country | undefined {
  if (typeof code !== 'string') return undefined;
  const trimmed = code.trim();
  if (!/^(?:[A-Za-z]{2,3}|\d{1,3})$/.test(trimmed)) return undefined;
  const key = /^\d+$/.test(trimmed) ? trimmed.padStart(3, '0') : trimmed.toUpperCase();
  const result = TABLES.byCode.get(key);
  // Only the country's own codes, not code-shaped aliases ("UK", "ZR"): a code that is not ISO's gets no name.
  if (result?.code === undefined) return undefined;
  const country = TABLES.byAlpha2.get(result.code);
  return country !== undefined && (country.alpha2 === key || country.alpha3 === key || country.numeric === key) ? country : undefined;
}

/**
 * The name of a country in English (UN M49), French or Arabic, for reports and the UI.
 * `code` is any ISO 3166-1 form; undefined when it is not an ISO code.
 */
export function countryName(code: string, lang: CountryLanguage = 'en'): string | undefined {
  return getCountry(code)?.names[lang];
}
