/**
 * Unicode clean-up of a name before anything else looks at it: list files and user input
 * carry presentation forms, bidi marks, zero-width joiners, curly apostrophes and odd
 * hyphens that must not make two spellings of one name differ.
 */

const HYPHENS = /[\p{Pd}\u2212\u00AD]/gu;
const APOSTROPHES = /[\u2018\u2019\u201B\u02BB\u02BC\u02BD\u02BE\u02BF\u0060\u00B4\u2032\u055A\uFF07]/gu;
// Lone surrogates (well-formed pairs are matched as one code point under the `u` flag).
const LONE_SURROGATES = /\p{Cs}/gu;
// Controls and format characters: bidi overrides/isolates (U+202A–202E, U+2066–2069), LRM/RLM,
// ALM (U+061C), zero-width space/joiners, word joiner, BOM.
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/gu;
// Anything that is not a letter, mark, digit, hyphen, apostrophe or space becomes a space.
const OTHER = /[^\p{L}\p{M}\p{N}\-' ]/gu;

/**
 * NFKC, lower case (with ß→ss and final sigma folded), bidi/control/zero-width characters
 * removed, hyphens unified to "-", apostrophes to "'", other punctuation to spaces, runs of
 * spaces collapsed, ends trimmed. Total: never throws, linear in the input length.
 */
export function normaliseName(s: string): string {
  return s
    .replace(LONE_SURROGATES, '')
    .replace(/[\t\n\r\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(CONTROL_OR_FORMAT, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .replace(HYPHENS, '-')
    .replace(APOSTROPHES, "'")
    .replace(OTHER, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
