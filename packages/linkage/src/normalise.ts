/**
 * Value normalisation before tokenising, per a feature's `FieldFormat`. Both parties run the
 * same steps, so two spellings that differ only by Unicode form, case, invisible characters or
 * spacing give the same tokens. Unicode-aware throughout: Arabic, Cyrillic or Devanagari letters
 * are letters, and decimal digits of any script are read as 0–9.
 */

import type { FieldFormat, LinkageFeature } from './types.ts';
import { DEFAULT_MAX_LENGTH } from './linkage-schema.ts';

// Lone surrogates (well-formed pairs are one code point under the `u` flag).
const LONE_SURROGATES = /\p{Cs}/gu;
// Line and tab characters become spaces before controls are removed, so words stay apart.
const BREAKS = /[\t\n\r\v\f\u0085\u2028\u2029]/g;
// Controls and format characters: bidi marks, overrides and isolates, zero-width joiners, BOM.
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/gu;
// Arabic tatweel (a stretching stroke) and the optional short-vowel marks (harakat, superscript
// alef): written or not by habit, they must not separate two spellings of one name.
const ARABIC_OPTIONAL = /\u0640|[\u064B-\u065F]|\u0670/gu;
const NON_ASCII_DIGIT = /[^\P{Nd}0-9]/gu;
const SPACES = /\s+/gu;
const NOT_LETTER = /[^\p{L}\p{M}\s]/gu;
const NOT_ALPHANUMERIC = /[^\p{L}\p{M}\p{Nd}\s]/gu;
const NOT_DIGIT = /[^0-9]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const digitValues = new Map<number, string>();

/**
 * The value 0–9 of a decimal digit of any script. Unicode keeps every script's decimal digits in
 * runs of ten, 0 to 9 in order, so the value is the distance from the start of the run, mod 10.
 */
function asciiDigit(ch: string): string {
  const cp = ch.codePointAt(0)!;
  let value = digitValues.get(cp);
  if (value === undefined) {
    let start = cp;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    value = String((cp - start) % 10);
    digitValues.set(cp, value);
  }
  return value;
}

/**
 * Normalises one value: controls, bidi marks and lone surrogates removed, NFKC, case folded
 * (unless `case: 'none'`), Arabic tatweel and harakat dropped, digits made ASCII, only the kept
 * character classes left (`letters` and `alphanumeric` keep the spaces between words, `digits`
 * keeps digits alone), runs of spaces collapsed, ends trimmed, and cut to `maxLength` code
 * points. Total: never throws, linear in the input.
 */
export function normaliseValue(value: string, format: FieldFormat = {}): string {
  const keep = format.keep ?? 'any';
  const maxLength = format.maxLength ?? DEFAULT_MAX_LENGTH;
  let s: string;
  if (PRINTABLE_ASCII.test(value)) {
    // Fast path for plain ASCII (most of a typical file): NFKC and the Unicode steps change nothing.
    s = format.case === 'none' ? value : value.toLowerCase();
  } else {
    s = value.replace(LONE_SURROGATES, '').replace(BREAKS, ' ').replace(CONTROL_OR_FORMAT, '').normalize('NFKC');
    if (format.case !== 'none') s = s.toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
    s = s.replace(ARABIC_OPTIONAL, '').replace(NON_ASCII_DIGIT, asciiDigit);
  }
  if (keep === 'letters') s = s.replace(NOT_LETTER, '');
  else if (keep === 'alphanumeric') s = s.replace(NOT_ALPHANUMERIC, '');
  else if (keep === 'digits') s = s.replace(NOT_DIGIT, '');
  s = s.replace(SPACES, ' ').trim();
  return cutToCodePoints(s, maxLength);
}

function cutToCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  let units = 0;
  let points = 0;
  while (units < s.length && points < max) {
    units += s.codePointAt(units)! > 0xffff ? 2 : 1;
    points++;
  }
  return s.slice(0, units).trimEnd();
}

/**
 * Whether a raw value counts as missing for a feature: blank (spaces only), or equal to the
 * feature's `missingValue.sentinel` when it names one (say `"unknown"` or `"0"`). A missing value
 * sets no bit and gives no blocking hash.
 */
export function isMissingValue(raw: string, feature: LinkageFeature): boolean {
  const trimmed = raw.trim();
  if (trimmed === '') return true;
  const sentinel = feature.hashing?.missingValue?.sentinel;
  return sentinel !== undefined && sentinel !== '' && trimmed === sentinel.trim();
}
